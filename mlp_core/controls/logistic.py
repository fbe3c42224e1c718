"""OnePixelLogistic: logistic regression on one pixel, P(t = 1 | x) = sigmoid(θ0 + θ1 x)."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba

from ..activations import sigmoid
from ..errors import InputError, ShapeError
from .base import BAD, GOOD, Control, check_number, slider


class OnePixelLogistic(Control):
    """Logistic regression on one pixel: P(is a 5 | x) = sigmoid(theta0 + theta1 x).

    Try: raise theta1 to make the curve steeper, then move theta0 to slide it left or right until
    the log-loss is as small as you can get it; try a negative theta1.
    Notice: the curve crosses the 0.5 threshold at x = -theta0/theta1 (the vertical line): points
    right of it are predicted 'yes'. Confident wrong points (red) cost the most; one pixel alone
    cannot separate the classes well. Attributes: theta0, theta1, curve, points, cost, accuracy."""

    def __init__(self, pixel, is_target, theta0=0.0, theta1=1.0, max_points=2000, seed=0):
        theta0, theta1 = check_number("theta0", theta0, -1e6, 1e6), check_number("theta1", theta1, -1e6, 1e6)
        max_points = check_number("max_points", max_points, 1, 10 ** 6, integer=True)
        self.x = np.asarray(pixel, dtype=float).ravel()
        self.t = np.asarray(is_target).ravel().astype(float)
        if not np.isfinite(self.x).all():
            raise InputError(f"pixel holds {int(np.sum(~np.isfinite(self.x)))} values that are not finite "
                             "numbers: expected pixel intensities")
        if self.x.shape != self.t.shape or not np.isin(self.t, (0.0, 1.0)).all():
            raise ShapeError(f"need pixel (m,) and 0/1 labels (m,), got {np.shape(pixel)} and "
                             f"{np.shape(is_target)}")
        rng = np.random.default_rng(seed)
        self._shown = rng.permutation(len(self.x))[:max_points]          # points drawn (the cost uses all)
        jitter = self.t[self._shown] + rng.uniform(-0.05, 0.05, len(self._shown))
        lo, hi = min(0.0, self.x.min(initial=0)), max(1.0, self.x.max(initial=1))
        fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
        self.points = ax.scatter(self.x[self._shown], jitter, s=12, alpha=0.5)
        self.xs = np.linspace(lo, hi, 301)
        self.curve, = ax.plot(self.xs, np.zeros_like(self.xs), lw=2.5, color="C0")
        self.threshold = ax.axhline(0.5, ls="--", color="0.5", lw=1)
        self.boundary = ax.axvline(0.5, ls=":", color="0.3", lw=1.2)
        ax.set(xlim=(lo, hi), ylim=(-0.12, 1.12), xlabel="pixel intensity x",
               ylabel="P(y = 1 | x)", yticks=[0, 0.5, 1])
        self.ax = ax
        self.theta0 = slider("θ0 (shift)", min(-20.0, theta0), max(20.0, theta0), theta0, 0.1)
        self.theta1 = slider("θ1 (steepness)", min(-40.0, theta1), max(40.0, theta1), theta1, 0.1)
        self.moving = [self.points, self.curve, self.boundary, ax.title]
        self.build(fig, [[self.theta0, self.theta1]])

    def update(self):
        t0, t1 = self.theta0.value, self.theta1.value
        s = t0 + t1 * self.x
        # log-loss -mean(y log p + (1-y) log(1-p)) with log p = -log(1 + e^-s), written to never overflow
        self.cost = float(np.mean(self.t * np.logaddexp(0, -s) + (1 - self.t) * np.logaddexp(0, s)))
        right = (s >= 0) == (self.t == 1)
        self.accuracy = float(right.mean()) if len(right) else 0.0
        self.curve.set_ydata(sigmoid(t0 + t1 * self.xs))
        self.points.set_facecolors(np.where(right[self._shown, None], to_rgba(GOOD), to_rgba(BAD)))
        cut = -t0 / t1 + 0.0 if t1 else np.inf
        self.boundary.set_visible(bool(self.xs[0] <= cut <= self.xs[-1]))
        if self.boundary.get_visible():
            self.boundary.set_xdata([cut, cut])
        self.ax.set_title(f"log-loss {self.cost:.4f}, accuracy {self.accuracy:.1%}")
        where = (f"x ≥ {cut:.3f}" if t1 > 0 else f"x ≤ {cut:.3f}" if t1 < 0
                 else "always" if t0 >= 0 else "never")
        self.label.value = (f"θ0 = {t0:.2f}, θ1 = {t1:.2f}: log-loss <b>{self.cost:.4f}</b>, accuracy "
                            f"<b>{self.accuracy:.1%}</b> (predict 'yes' where the curve ≥ 0.5: {where})")
