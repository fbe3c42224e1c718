"""Matplotlib drawings for the chapters: digits, weight heatmaps, the network diagram, training
curves, cost landscapes, derivative errors, activations and confusion matrices.

Every function draws into `ax` when given, otherwise into a new `matplotlib.figure.Figure` that is
never registered with pyplot (so nothing accumulates and nothing needs closing); none calls show().
Notation as in the chapters: a^[l], n^[l], W^[l] for layers l = 0..L."""
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .activations import get_activation
from .gradient_check import numerical_derivative

NOTES_CMAP = LinearSegmentedColormap.from_list(
    "notes", [(0.0, (0.95, 0.15, 0.1)), (0.5, (0.0, 0.0, 0.0)), (1.0, (0.15, 0.85, 0.2))])
STANDARD_CMAP = "RdBu_r"
POSITIVE, NEGATIVE, UNSET = "#1f9e3a", "#d62728", "0.6"   # weight colours; grey before any values
PATH_COLORS = ("#ff7f0e", "#ffffff", "#d62728", "#e377c2", "#17becf")   # visible on viridis
TINY = 1e-8                                                # smallest colour limit (all-zero input)


def _axes(ax, figsize=(4, 4)):
    """(figure, axes): the given axes, or one new axes on a new pyplot-free Figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _cmap(cmap):
    """'notes' -> NOTES_CMAP, 'standard' -> STANDARD_CMAP, anything else -> a matplotlib colormap."""
    return {"notes": NOTES_CMAP, "standard": STANDARD_CMAP}.get(cmap, cmap) if isinstance(cmap, str) else cmap


def symmetric_limit(values, vmax=None):
    """vmax for limits (-vmax, vmax): max |finite value|, and never below TINY."""
    if vmax is None:
        v = np.abs(np.asarray(values, dtype=float))
        vmax = float(v[np.isfinite(v)].max()) if np.isfinite(v).any() else 0.0
    return max(float(vmax), TINY)


def as_image(v):
    """A 784-vector (or any perfect square) as a square image; 2-D stays; other 1-D -> one row."""
    v = np.asarray(v, dtype=float)
    if v.ndim == 1:
        side = math.isqrt(v.size)
        return v.reshape(side, side) if side * side == v.size and v.size else v[None, :]
    return v


def _grid(k, ncols, cell, extra):
    """A new Figure with k panels on rows of ncols (cell: inches per panel); returns (fig, k axes)."""
    ncols = max(1, min(ncols, k))
    nrows = max(1, math.ceil(k / ncols))
    fig = Figure(figsize=(cell[0] * ncols + extra[0], cell[1] * nrows + extra[1]), layout="constrained")
    axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[k:]:
        fig.delaxes(ax)
    return fig, axes[:k]


def figure_pixels(fig, dpi=None):
    """Render fig with the Agg canvas (at dpi if given, e.g. small for fast tests) and return its
    pixels, uint8 RGBA of shape (height, width, 4)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    old = fig.dpi
    fig.dpi = dpi or old
    try:
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()
    finally:
        fig.dpi = old


# ---- digits and weights ----------------------------------------------------------------------
def draw_digit(image, label=None, ax=None, title=None, cmap="gray_r"):
    """Draw one digit: image a 784-vector or 28x28 array (values 0..1 or 0..255), ink dark on light.
    The title is `title`, else 'label <label>' when a label is given. Returns the AxesImage."""
    img = as_image(image)
    _, ax = _axes(ax, (2.5, 2.5))
    top = 255.0 if np.nanmax(img, initial=0.0) > 1.0 else 1.0
    im = ax.imshow(img, cmap=cmap, vmin=0.0, vmax=top, interpolation="nearest")
    ax.set(xticks=[], yticks=[], aspect="equal")
    ax.set_title(title if title is not None else ("digit" if label is None else f"label {label}"))
    return im


def draw_digit_grid(images, labels=None, predictions=None, ncols=10, title=None):
    """Draw k digits (images (k, 784) or (k, 28, 28)) on a grid, each titled with its label and
    'pred p' when predictions are given; a wrong prediction gets a red title and a red frame."""
    images = np.asarray(images, dtype=float).reshape(-1, 28, 28)
    k = len(images)
    fig, axes = _grid(k, ncols, (1.2, 1.45), (0.3, 0.5))
    for i, ax in enumerate(axes):
        label = None if labels is None else int(labels[i])
        text = "" if label is None else f"{label}"
        if predictions is not None:
            text += f"{', ' if text else ''}pred {int(predictions[i])}"
        draw_digit(images[i], ax=ax, title=text)
        if predictions is not None and label is not None and int(predictions[i]) != label:
            ax.title.set_color(NEGATIVE)
            for spine in ax.spines.values():
                spine.set(edgecolor=NEGATIVE, linewidth=2.5)
    fig.suptitle(title if title is not None else f"{k} digits")
    return fig


def draw_weight_heatmap(w, ax=None, cmap="notes", vmax=None, colorbar=True, title=None):
    """Draw the weights w (784-vector or 28x28) as an image in diverging colours centred on 0 with
    limits (-vmax, vmax); vmax defaults to max |w|. cmap: 'notes' (red - black - green),
    'standard' (RdBu_r) or any matplotlib colormap. Returns the AxesImage."""
    img = as_image(w)
    fig, ax = _axes(ax, (3.6, 3))
    v = symmetric_limit(img, vmax)
    im = ax.imshow(img, cmap=_cmap(cmap), vmin=-v, vmax=v, interpolation="nearest")
    ax.set(xticks=[], yticks=[], title="weights" if title is None else title)
    if colorbar:
        fig.colorbar(im, ax=ax, label="weight", shrink=0.85)
    return im


def draw_weight_grid(W, ncols=None, titles=None, cmap="notes", shared_scale=True, title=None):
    """One 28x28 heatmap per row of W (k, 784), e.g. 10 one-vs-all classifiers or the 16 hidden
    neurons' W^[1] rows. titles: one per panel (default 'neuron j'). shared_scale: one colour scale
    and one colourbar for all panels, else each panel has its own."""
    W = np.asarray(W, dtype=float).reshape(len(W), -1)
    k = len(W)
    ncols = ncols or (k if k <= 5 else 5 if k <= 10 else math.ceil(math.sqrt(k)))
    fig, axes = _grid(k, ncols, (1.7, 1.75), (1.0, 0.5))
    v = symmetric_limit(W) if shared_scale else None
    for j, ax in enumerate(axes):
        name = titles[j] if titles is not None else f"neuron {j}"
        im = draw_weight_heatmap(W[j], ax=ax, cmap=cmap, vmax=v, colorbar=not shared_scale, title=name)
    if shared_scale and k:
        fig.colorbar(im, ax=axes, label="weight", shrink=0.8)
    fig.suptitle(title if title is not None else f"weights of {k} neurons (red < 0 < green)")
    return fig


# ---- the network diagram ---------------------------------------------------------------------
class NetworkDiagram:
    """Circles for neurons (shaded by activation: 0 black, 1 white, grey before any values) and lines
    for weights (green positive, red negative, width ~ |w|); layers over max_neurons are elided to
    their first and last neurons around a '⋮'. update() recolours the same artists in place.

    Attributes: fig, ax, sizes, circles[l] (drawn Circle patches), neuron_index[l] (which neuron
    each drawn circle is), lines[l] (LineCollection of W^[l], l = 1..L), output_texts."""

    def __init__(self, sizes, activations=None, weights=None, ax=None, max_neurons=8, title=None,
                 output_values=True):
        self.sizes, self.L = [int(n) for n in sizes], len(sizes) - 1
        half = (max(min(n, max_neurons + 1) for n in self.sizes) - 1) / 2   # circles span -half..half
        xmax, bottom, top = 3 * self.L + 1.8, -half - 2.6, half + 1.2
        self.fig, self.ax = _axes(ax, (0.5 * (xmax + 0.8) + 0.3, 0.5 * (top - bottom) + 0.9))
        self.neuron_index, self.circles, self.lines, self.output_texts, ys = [], [], {}, [], []
        for l, n in enumerate(self.sizes):
            idx = list(range(n)) if n <= max_neurons else (
                list(range(math.ceil(max_neurons / 2))) + list(range(n - max_neurons // 2, n)))
            y = (len(idx) + (n > max_neurons) - 1) / 2 - np.arange(len(idx) + (n > max_neurons), dtype=float)
            if n > max_neurons:       # the middle slot holds the gap
                gap = math.ceil(max_neurons / 2)
                self.ax.text(3 * l, y[gap], "⋮", ha="center", va="center", fontsize=14)
                y = np.delete(y, gap)
            self.neuron_index.append(idx)
            ys.append(y)
            self.circles.append([self.ax.add_patch(Circle((3 * l, yj), 0.32, facecolor=UNSET,
                                                          edgecolor="0.25", zorder=3)) for yj in y])
            self.ax.text(3 * l, -half - 0.6, f"layer {l}\n$n^{{[{l}]}} = {n}$\n$a^{{[{l}]}}$",
                         ha="center", va="top", fontsize=9)
        for l in range(1, self.L + 1):
            segs = [[(3 * l - 2.68, yk), (3 * l - 0.32, yj)] for yj in ys[l] for yk in ys[l - 1]]
            self.lines[l] = self.ax.add_collection(LineCollection(segs, colors=UNSET, linewidths=0.6, zorder=1))
            self.ax.text(3 * l - 1.5, half + 0.5, f"$W^{{[{l}]}}$", ha="center", va="bottom", fontsize=10)
        if output_values:
            self.output_texts = [self.ax.text(3 * self.L + 0.5, yj, f"{j}", va="center", fontsize=8)
                                 for j, yj in zip(self.neuron_index[-1], ys[-1])]
        self.ax.set(xlim=(-0.8, xmax), ylim=(bottom, top), aspect="equal")
        self.ax.set_axis_off()
        self.ax.legend(handles=[Line2D([], [], color=POSITIVE, label="weight > 0"),
                                Line2D([], [], color=NEGATIVE, label="weight < 0")],
                       loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, fontsize=7, frameon=False)
        self.ax.set_title(title if title is not None else f"network {self.sizes}")
        self.update(activations, weights)

    def update(self, activations=None, weights=None):
        """Recolour in place. activations: a[0..L] (each (n[l],), as Network.forward returns for one
        example); weights: W like net.W (index 0 None). None (or a None entry) leaves that part as is."""
        for l, a in enumerate([] if activations is None else activations):
            if a is None:
                continue
            a = np.asarray(a, dtype=float)
            a = np.clip(np.nan_to_num(a[:, 0] if a.ndim == 2 else a), 0.0, 1.0)[self.neuron_index[l]]
            for circle, value in zip(self.circles[l], a):
                circle.set_facecolor((value, value, value))
            if l == self.L:
                for text, j, value in zip(self.output_texts, self.neuron_index[l], a):
                    text.set_text(f"{j}: {value:.2f}")
        for l in range(1, self.L + 1) if weights is not None else []:
            if weights[l] is None:
                continue
            w = np.nan_to_num(np.asarray(weights[l], dtype=float))[np.ix_(self.neuron_index[l],
                                                                           self.neuron_index[l - 1])].ravel()
            self.lines[l].set_color(np.where(w[:, None] >= 0, to_rgba(POSITIVE), to_rgba(NEGATIVE)))
            self.lines[l].set_linewidth(0.2 + 2.8 * np.abs(w) / symmetric_limit(w))
        return self


def draw_network(sizes, activations=None, weights=None, ax=None, max_neurons=8, title=None,
                 output_values=True):
    """Draw the network sizes = [n[0], ..., n[L]] (see NetworkDiagram). Returns the NetworkDiagram."""
    return NetworkDiagram(sizes, activations, weights, ax, max_neurons, title, output_values)


# ---- training curves -------------------------------------------------------------------------
def _x(history, n):
    """The epochs of the first n recorded values (1..n if history.epoch is shorter)."""
    return list(history.epoch[:n]) if len(history.epoch) >= n else list(range(1, n + 1))


def _plot_series(ax, history, fields, scale=1.0, suffix=""):
    """Plot the non-empty History lists named in fields [(name, style)] against their epochs."""
    for name, style in fields:
        values = getattr(history, name)
        if len(values):
            ax.plot(_x(history, len(values)), np.asarray(values, dtype=float) * scale, style,
                    label=name.split("_")[0] + suffix, gid=name)
    if ax.lines:
        ax.legend(fontsize=8)


def draw_history(history, ax=None, per="epoch", log=False, accuracy=True, title=None, x_in_epochs=True):
    """Training curves of a History: train/test/validation cost per epoch (per='step': the logged
    mini-batch costs against step, or against epochs = step / steps_per_epoch when x_in_epochs,
    with the per-epoch costs on top). log: log-scale cost axis (when every cost is positive).
    accuracy: a second panel (a twin axis when ax is given) with accuracies in %. An empty or
    partial History draws empty labelled axes. Returns the Figure."""
    if per not in ("epoch", "step"):
        raise ValueError(f"per must be 'epoch' or 'step', got {per!r}")
    axes = []
    if ax is None:
        fig = Figure(figsize=(9 if accuracy else 4.8, 3.4), layout="constrained")
        axes = list(fig.subplots(1, 2 if accuracy else 1, squeeze=False).ravel())
        ax, acc_ax = axes[0], axes[-1] if accuracy else None
        if accuracy:
            acc_ax.set(title="accuracy", xlabel="epoch")
    else:
        fig, acc_ax = ax.figure, ax.twinx() if accuracy else None
    spe = history.steps_per_epoch if x_in_epochs and history.steps_per_epoch else 1
    per = per if len(history.step_cost) else "epoch"                  # nothing logged per step yet
    if per == "step":
        ax.plot(np.asarray(history.step[:len(history.step_cost)], dtype=float) / spe, history.step_cost,
                "-", color="0.6", lw=0.8, label="mini-batch", gid="step_cost")
    epoch_costs = [("train_cost", "o-"), ("test_cost", "s-"), ("validation_cost", "^-")]
    _plot_series(ax, history, epoch_costs if per == "epoch" or spe > 1 else [])  # step axis: no epochs
    ax.set(xlabel="step" if per == "step" and spe == 1 else "epoch", ylabel="cost")
    costs = [c for f in ("train_cost", "test_cost", "validation_cost", "step_cost") for c in getattr(history, f)]
    if log and costs and min(costs) > 0:
        ax.set_yscale("log")
    ax.set_title(title if title is not None else "cost during training")
    if acc_ax is not None:
        twin = acc_ax not in axes
        _plot_series(acc_ax, history, [("train_accuracy", "o--"), ("test_accuracy", "s--"),
                                       ("validation_accuracy", "^--")], 100.0, " accuracy" if twin else "")
        acc_ax.set_ylabel("accuracy (%)")
        if twin and acc_ax.lines:                  # one legend for both axes, where cost is low
            if ax.get_legend():                    # and accuracy high
                ax.get_legend().remove()
            acc_ax.legend(handles=ax.lines + acc_ax.lines, fontsize=8, loc="center right")
    return fig


# ---- calculus pictures -----------------------------------------------------------------------
def draw_contour(f, xlim=(-3, 3), ylim=(-3, 3), paths=None, labels=None, arrows=True, ax=None,
                 levels=30, title=None, grad=None, xlabel="x", ylabel="y", zlabel="f(x, y)"):
    """Filled contours of f(X, Y) (vectorised over meshgrids) with a colourbar; arrows of the
    negative gradient -grad(x, y) (numerical central differences if grad is None) on a coarse grid,
    scaled to equal length; paths: arrays (k, 2) drawn with markers, start (o) and end (*) marked,
    named in the legend by labels (e.g. 'SGD (87 steps)'). Returns the Axes."""
    fig, ax = _axes(ax, (5.6, 4.4))
    X, Y = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    Z = np.ma.masked_invalid(np.asarray(f(X, Y), dtype=float) * np.ones_like(X))
    lo, hi = (float(Z.min()), float(Z.max())) if Z.count() else (0.0, 1.0)
    lv = levels if np.ndim(levels) else np.linspace(lo, hi if hi > lo else lo + max(abs(lo), 1.0) * 1e-6, int(levels))
    cs = ax.contourf(X, Y, Z, levels=lv, cmap="viridis")
    fig.colorbar(cs, ax=ax, label=zlabel)
    if arrows:
        U, V = np.meshgrid(np.linspace(*xlim, 15), np.linspace(*ylim, 15))
        if grad is None:
            h = 1e-6 * max(abs(xlim[1] - xlim[0]), abs(ylim[1] - ylim[0]), 1.0)
            gx = numerical_derivative(lambda u: f(u, V), U, h)
            gy = numerical_derivative(lambda v: f(U, v), V, h)
        else:
            gx, gy = grad(U, V)
        gx, gy = np.nan_to_num(np.broadcast_to(gx, U.shape)), np.nan_to_num(np.broadcast_to(gy, U.shape))
        norm = np.hypot(gx, gy)
        norm[norm == 0] = 1.0
        unit = 0.6 * min(abs(U[0, 1] - U[0, 0]), abs(V[1, 0] - V[0, 0]))   # arrow length in data units
        ax.quiver(U, V, -gx / norm, -gy / norm, angles="xy", scale_units="xy", scale=1 / unit,
                  color="white", alpha=0.6, width=0.003)
    for i, p in enumerate(paths or []):
        p = np.asarray(p, dtype=float).reshape(-1, 2)
        name = labels[i] if labels is not None else f"path {i + 1} ({len(p) - 1} steps)"
        (line,) = ax.plot(p[:, 0], p[:, 1], "-o", ms=2.5, lw=1.4, label=name, color=PATH_COLORS[i % 5])
        ax.plot(*p[0], "o", ms=8, mfc="white", mec="black", label="_start")
        ax.plot(*p[-1], "*", ms=12, color=line.get_color(), mec="black", label="_end")
    if paths:
        ax.legend(fontsize=8, loc="upper right")
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel)
    ax.set_title(title if title is not None else r"contours of f with $-\nabla f$ arrows")
    return ax


def draw_derivative_error(f, df, x, hs=None, ax=None, title=None):
    """Absolute error |estimate - df(x)| of the forward difference (f(x+h) - f(x)) / h and the central
    difference (f(x+h) - f(x-h)) / 2h for step sizes h (default 1e-16..1e-1, log-spaced), on log-log
    axes; exact zeros are drawn at a floor of 1e-17. The h ~ 1e-4 region is shaded. Returns the Axes."""
    hs = np.logspace(-16, -1, 61) if hs is None else np.asarray(hs, dtype=float)
    _, ax = _axes(ax, (5.4, 3.8))
    true = float(df(x))
    with np.errstate(all="ignore"):
        for method, style in (("forward", "o-"), ("central", "s-")):
            err = np.array([abs(float(numerical_derivative(f, x, h, method)) - true) for h in hs])
            err = np.where(np.isfinite(err), np.maximum(err, 1e-17), np.nan)
            ax.loglog(hs, err, style, ms=3, label=f"{method} difference", gid=method)
    ax.axvspan(3e-5, 3e-4, color="0.85", zorder=0)
    ax.text(1e-4, 0.97, "h ≈ 1e-4", transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=8)
    ax.set(xlabel="step size h", ylabel="absolute error of the estimate")
    ax.legend(fontsize=8)
    ax.set_title(title if title is not None else f"error of difference quotients at x = {x:g}")
    return ax


def draw_activations(names=("sigmoid", "tanh", "relu", "step"), z=None, ax=None, derivatives=True):
    """One panel per activation g (from mlp_core.activations.ACTIVATIONS): g(z) solid and g'(z)
    dashed over z (default -5..5). ax: one Axes (all curves overlaid) or a list with one per name."""
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    if ax is None:
        fig = Figure(figsize=(2.9 * len(names), 2.8), layout="constrained")
        axes = fig.subplots(1, len(names), squeeze=False).ravel()
    else:
        axes = list(ax) if np.iterable(ax) else [ax] * len(names)
        fig = axes[0].figure
    own = len(set(map(id, axes))) > 1                        # one panel per activation
    for name, a in zip(names, axes):
        g, g_prime = get_activation(name)
        (line,) = a.plot(z, g(z), label="g(z)" if own else name, gid=f"{name}")
        if derivatives:
            a.plot(z, g_prime(z), "--", color=line.get_color(), label="g'(z)" if own else f"{name}'",
                   gid=f"{name}_prime")
        a.axhline(0, color="0.7", lw=0.6, zorder=0)
        a.set(xlabel="z", ylabel="g(z), g'(z)" if derivatives else "g(z)", title=name if own else "activations")
        a.legend(fontsize=7)
    return fig


def draw_confusion(y_true, y_pred, ax=None, title=None, n_classes=10):
    """Confusion matrix: counts[i, j] = examples with true label i predicted as j, drawn as an image
    with the count in each cell and a colourbar. Returns the AxesImage."""
    t, p = np.asarray(y_true, dtype=int).ravel(), np.asarray(y_pred, dtype=int).ravel()
    counts = np.bincount(t * n_classes + p, minlength=n_classes ** 2).reshape(n_classes, n_classes)
    fig, ax = _axes(ax, (5.2, 4.4))
    im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(1, counts.max()))
    for (i, j), c in np.ndenumerate(counts):
        ax.text(j, i, str(c), ha="center", va="center", fontsize=7,
                color="white" if c > 0.6 * counts.max() else "black")
    ticks = np.arange(n_classes)
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted label", ylabel="true label")
    fig.colorbar(im, ax=ax, label="count")
    acc = np.trace(counts) / max(1, counts.sum())
    ax.set_title(title if title is not None else f"confusion matrix ({acc:.1%} correct)")
    return im
