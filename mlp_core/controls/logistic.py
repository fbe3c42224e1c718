"""OnePixelLogistic: logistic regression on one pixel, P(t = 1 | x) = sigmoid(θ0 + θ1 x)."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D

from .. import validation
from ..activations import sigmoid
from ..drawings.style import GUIDE, INK, NEUTRAL, PREDICTION, RIGHT, TRUTH, WRONG
from ..errors import InputError, ShapeError
from ..i18n import tr
from .base import Control, number_box, slider


def share_per_bin(x, t, lo, hi, bins):
    """(edges, share): bins equal bins of x from lo to hi (bins + 1 edges) and in each the fraction
    of points with t = 1 (NaN in an empty bin), the data's own estimate of P(t = 1 | x)."""
    edges = np.linspace(lo, hi, bins + 1)
    count = np.histogram(x, edges)[0]
    ones = np.histogram(x[t == 1], edges)[0]
    return edges, np.where(count > 0, ones / np.maximum(count, 1), np.nan)


def _dots(at_zero, m):
    """Legend entries for the dots: what one is, how many sit at x = 0, what their colours mean."""
    return [Line2D([], [], marker="o", ls="", color=c, label=text) for c, text in (
        (NEUTRAL, tr("one image each (t jittered): {k} of {m} at x = 0", k=f"{at_zero:,}", m=f"{m:,}")),
        (RIGHT, tr("right answer (a ≥ 0.5 says t = 1)")), (WRONG, tr("wrong answer")))]


class OnePixelLogistic(Control):
    """Logistic regression on one pixel: a = P(t = 1 | x) = sigmoid(theta0 + theta1 x), where t = 1
    means "this image is a 5" and a is the model's output.

    Try: raise theta1 to make the curve steeper, then move theta0 to slide it left or right until
    the log-loss is as small as you can get it; try a negative theta1.
    Notice: the curve crosses the 0.5 threshold at x = -theta0/theta1 (the vertical line): points
    right of it are predicted 'yes'. Confident wrong points (vermillion) cost the most; one pixel alone
    cannot separate the classes well. The diamonds are the share of t = 1 among the images in each bin
    of x: the curve that fits best follows them. bins: how many bins. Attributes: theta0, theta1,
    curve, points, share_line, edges, share (per bin), cost, accuracy."""

    def __init__(self, pixel, is_target, theta0=0.0, theta1=1.0, max_points=2000, seed=0, bins=10):
        theta0, theta1 = validation.number("theta0", theta0, -1e6, 1e6), validation.number("theta1", theta1, -1e6, 1e6)
        max_points = validation.count("max_points", max_points, 1, 10 ** 6)
        bins = validation.count("bins", bins, 1, 1000)
        seed = validation.seed("seed", seed)
        self.x = np.asarray(pixel, dtype=float).ravel()
        self.t = np.asarray(is_target).ravel().astype(float)
        if not self.x.size:
            raise InputError(tr("pixel holds no images: expected one pixel value per image, shape (m,) with m >= 1"))
        if not np.isfinite(self.x).all():
            raise InputError(tr("pixel holds {k} values that are not finite numbers: expected pixel intensities",
                                k=int(np.sum(~np.isfinite(self.x)))))
        if self.x.shape != self.t.shape or not np.isin(self.t, (0.0, 1.0)).all():
            raise ShapeError(tr("need pixel (m,) and 0/1 labels (m,), got {a} and {b}", a=np.shape(pixel),
                                b=np.shape(is_target)))
        rng = np.random.default_rng(seed)
        self._shown = rng.permutation(len(self.x))[:max_points]          # points drawn (the cost uses all)
        jitter = self.t[self._shown] + rng.uniform(-0.05, 0.05, len(self._shown))
        lo, hi = min(0.0, self.x.min(initial=0)), max(1.0, self.x.max(initial=1))
        fig, ax = plt.subplots(figsize=(6.6, 4.6), layout="constrained")
        self.points = ax.scatter(self.x[self._shown], jitter, s=12, alpha=0.5, edgecolors="none")
        self.xs = np.linspace(lo, hi, 301)
        self.curve, = ax.plot(self.xs, np.zeros_like(self.xs), lw=2.5, color=PREDICTION,
                              label=tr(r"model $a = \sigma(\theta_0 + \theta_1 x)$"))
        self.edges, self.share = share_per_bin(self.x, self.t, lo, hi, bins)
        centres, filled = (self.edges[:-1] + self.edges[1:]) / 2, np.isfinite(self.share)   # empty bins: no dot
        self.share_line, = ax.plot(centres[filled], self.share[filled], "D-", color=TRUTH, ms=5, lw=1.2,
                                   drawstyle="steps-mid",
                                   label=tr("share with t = 1 in each of {bins} bins of x", bins=bins))
        self.threshold = ax.axhline(0.5, ls="--", color=GUIDE, lw=1)
        self.boundary = ax.axvline(0.5, ls=":", color=INK, lw=1.2)
        margin = 0.06 * (hi - lo)                           # room left of x = lo, where most images sit
        ax.set(xlim=(lo - margin, hi + margin / 3), ylim=(-0.12, 1.12), xlabel=tr("pixel value x"),
               ylabel="a = P(t = 1 | x)", yticks=[0, 0.5, 1])
        at_zero = int(np.count_nonzero(self.x == 0))
        fig.legend(handles=[self.curve, self.share_line, *_dots(at_zero, len(self.x))], loc="outside lower center",
                   ncols=2, fontsize=9, frameon=False)
        self.ax = ax
        self.theta0 = slider(tr("θ0 (shift)"), min(-20.0, theta0), max(20.0, theta0), theta0, 0.01)
        self.theta1 = slider(tr("θ1 (steepness)"), min(-40.0, theta1), max(40.0, theta1), theta1, 0.01)
        self.moving = [self.points, self.curve, self.boundary, ax.title]
        self.build(fig, [[self.theta0, number_box(self.theta0)], [self.theta1, number_box(self.theta1)]])

    def update(self):
        t0, t1 = self.theta0.value, self.theta1.value
        s = t0 + t1 * self.x
        # log-loss -mean(y log p + (1-y) log(1-p)) with log p = -log(1 + e^-s), written to never overflow
        self.cost = float(np.mean(self.t * np.logaddexp(0, -s) + (1 - self.t) * np.logaddexp(0, s)))
        right = (s >= 0) == (self.t == 1)
        self.accuracy = float(right.mean()) if len(right) else 0.0
        self.curve.set_ydata(sigmoid(t0 + t1 * self.xs))
        self.points.set_facecolors(np.where(right[self._shown, None], to_rgba(RIGHT), to_rgba(WRONG)))
        cut = -t0 / t1 + 0.0 if t1 else np.inf
        self.boundary.set_visible(bool(self.xs[0] <= cut <= self.xs[-1]))
        if self.boundary.get_visible():
            self.boundary.set_xdata([cut, cut])
        self.ax.set_title(tr("θ0 = {t0}, θ1 = {t1}: log-loss {cost}, accuracy {acc}", t0=f"{t0:.2f}", t1=f"{t1:.2f}",
                             cost=f"{self.cost:.4f}", acc=f"{self.accuracy:.1%}"))
        where = (f"x ≥ {cut:.3f}" if t1 > 0 else f"x ≤ {cut:.3f}" if t1 < 0
                 else tr("always") if t0 >= 0 else tr("never"))
        self.label.value = tr("θ0 = {t0}, θ1 = {t1}: log-loss <b>{cost}</b>, accuracy <b>{acc}</b> (predict 'yes' "
                              "where the curve ≥ 0.5: {where})", t0=f"{t0:.2f}", t1=f"{t1:.2f}",
                              cost=f"{self.cost:.4f}", acc=f"{self.accuracy:.1%}", where=where)
