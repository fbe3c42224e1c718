"""GradientDescentExplorer: x <- x - lr grad f(x) on a curve or a surface, with its path."""
import matplotlib.pyplot as plt
import numpy as np

from ..optimizers import SGD, optimizer_path
from ..surfaces import SURFACES
from .. import validation
from ..drawings.style import GUIDE, HALO, HIGHLIGHT, INK, WRONG
from ..i18n import tr
from .base import Control, check_surface, lr_slider, set_range, slider, surface_menu


def descend(fn, optimizer, start, steps):
    """The points an optimizer visits from start, cut where they stop being finite or leave far
    beyond the view (then diverged is True). Returns (path (k, d), diverged)."""
    with np.errstate(all="ignore"):
        path = optimizer_path(optimizer, fn.grad, np.array(start, dtype=float), steps)
    bound = 20 * max(map(abs, fn.xlim + (fn.ylim if fn.d == 2 else ())))
    inside = np.all(np.isfinite(path) & (np.abs(path) <= bound), axis=1)
    k = int(np.argmin(inside)) if not inside.all() else len(path)
    return path[:k], k < steps + 1


def contour_set(ax, fn):
    """The contour lines of f(x, y) at levels f_min + geomspace(1e-3, 1, 14) (f_max - f_min) (closer
    together near the bottom), every third labelled with its value of f. The labels and the gaps cut
    for them are placed in pixels, where ax is on the canvas and the view it shows now."""
    X, Y = np.meshgrid(np.linspace(*fn.xlim, 160), np.linspace(*fn.ylim, 160))
    Z = fn.f(X, Y)
    low = fn.f(*fn.minimum)
    cs = ax.contour(X, Y, Z, levels=low + np.geomspace(1e-3, 1, 14) * (Z.max() - low), cmap="viridis",
                    linewidths=0.8)
    for text in ax.clabel(cs, cs.levels[1::3], fmt=lambda v: f"f = {v:.2g}", fontsize=9, inline_spacing=2):
        text.set_zorder(2.5)                   # under the paths and titles: drawn once, with the background
    return cs


def contours(ax, fn):
    """Contour lines of f(x, y) around its minimum (starred), closer together near the bottom, every
    third line labelled with its value of f (contour_set), at equal scales on both axes."""
    ax.plot(*fn.minimum, "*", color=INK, ms=10, zorder=4)
    cs = contour_set(ax, fn)
    ax.set_aspect("equal", adjustable="box")     # a long, narrow valley looks long and narrow
    return cs


def placement(ax):
    """What the places of contour labels depend on: the axes' box on the canvas and its view."""
    return tuple(ax.bbox.bounds), tuple(ax.viewLim.bounds)


class LaidOutContours:
    """contours(ax, fn) whose labels follow the axes: made before the figure's first layout (which
    moves and shrinks the axes), their labels would keep the places and gaps of the axes before it.
    After each full draw that finds the axes elsewhere on the canvas or showing another view, the
    contour set is made again there, for the next draw (a control's renderer lays its figure out
    and draws its background after such a draw; a move draws no contours, so it costs nothing).
    Attribute: set (the ContourSet shown)."""

    def __init__(self, ax, fn):
        self.ax, self.fn, drawn = ax, fn, len(ax.lines)
        self.set = contours(ax, fn)
        self.star = ax.lines[drawn]            # the minimum's star, the line contours() added
        self.placed = placement(ax)
        self.watch = ax.figure.canvas.mpl_connect("draw_event", self.follow)

    def follow(self, event):
        """Make the contour set again if the axes moved or shows another view since it was placed."""
        if placement(self.ax) != self.placed:
            self.set.remove()
            self.set, self.placed = contour_set(self.ax, self.fn), placement(self.ax)

    def remove(self):
        """Take the contours, their labels and the star off the axes, and stop following it."""
        self.ax.figure.canvas.mpl_disconnect(self.watch)
        self.set.remove()
        self.star.remove()


class GradientDescentExplorer(Control):
    """Gradient descent x <- x - lr f'(x) on a 1-D curve or a 2-D surface, with its path drawn.

    Try: on 'double_well' start at x0 = 2 and at x0 = -2; raise the learning rate step by step
    until the path jumps across or blows up; on 'plateau' count the steps spent near x = 1; on
    'elongated' find the largest rate that still converges.
    Notice: steps shrink near a minimum because the slope shrinks; which minimum you reach depends
    on the start; too large a rate overshoots and diverges; a flat region (gradient ~ 0) stalls the
    descent. Attributes: function, x0, y0, lr, steps, path, final_point, final_value, diverged."""

    def __init__(self, function="double_well", lr=0.1, steps=30):
        check_surface("function", function)
        lr, steps = validation.number("lr", lr, 1e-3, 1e2), validation.count("steps", steps, 1, 200)
        self.function = surface_menu(function, "f")
        self.x0, self.y0 = slider("x0", -3, 3, 0.0), slider("y0", -3, 3, 0.0)
        self.lr = lr_slider(lr)
        self.steps = slider(tr("steps"), 1, 200, steps, integer=True)
        fig, self.ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
        self.curve, = self.ax.plot([], [], color=GUIDE, lw=1.5)
        self.path_line, = self.ax.plot([], [], "o-", color=HIGHLIGHT, ms=4, lw=1.2, zorder=5)
        self.start_point, = self.ax.plot([], [], "o", mfc=HALO, mec=HIGHLIGHT, ms=9, zorder=6)
        self.end_point, = self.ax.plot([], [], "*", color=HIGHLIGHT, mec=INK, ms=14, zorder=6)
        self._contour = None
        self.moving = [self.path_line, self.start_point, self.end_point, self.ax.title]
        self._switch()
        self.build(fig, [[self.function, self.lr], [self.x0, self.y0, self.steps]],
                    [(self.function, self._switch)])

    def _switch(self):
        """New function: new view, start sliders within it, a fresh curve or contour set."""
        fn = SURFACES[self.function.value]
        set_range(self.x0, *fn.xlim, fn.start[0])
        set_range(self.y0, *(fn.ylim if fn.d == 2 else (-3, 3)), fn.start[1] if fn.d == 2 else 0.0)
        self.y0.disabled = fn.d == 1
        if self._contour is not None:
            self._contour.remove()
            self._contour = None
        self.ax.set(xlim=fn.xlim, ylim=fn.ylim, aspect="auto" if fn.d == 1 else "equal")
        if fn.d == 1:
            xs = np.linspace(*fn.xlim, 400)
            self.curve.set_data(xs, fn.f(xs))
            self.ax.set(xlabel="x", ylabel="f(x)")
        else:
            self.curve.set_data([], [])
            self.ax.set(xlabel="x", ylabel="y")
            self.ax.apply_aspect()             # the box of this view: the contour labels are placed in it
            self._contour = LaidOutContours(self.ax, fn)
        if hasattr(self, "renderer"):
            self.renderer.version += 1         # a new curve or contour set: a new background

    def update(self):
        fn = SURFACES[self.function.value]
        start = (self.x0.value,) if fn.d == 1 else (self.x0.value, self.y0.value)
        self.path, self.diverged = descend(fn, SGD(self.lr.value), start, self.steps.value)
        p = self.path
        xy = np.column_stack([p[:, 0], fn.f(p[:, 0])]) if fn.d == 1 else p
        self.path_line.set_data(xy[:, 0], xy[:, 1])
        self.start_point.set_data(xy[:1, 0], xy[:1, 1])
        self.end_point.set_data(xy[-1:, 0], xy[-1:, 1])
        self.final_point = p[-1].copy()
        self.final_value = float(fn.f(*p[-1]))
        self.steps_taken = len(p) - 1
        where = ", ".join(f"{v:.4f}" for v in self.final_point)
        self.ax.set_title(f"{fn.text}: η = {self.lr.value:.3g}" + (tr(", diverged") if self.diverged else ""),
                          color=WRONG if self.diverged else INK)
        self.label.value = tr("after {k} steps: point ({where}), f = <b>{f}</b>", k=self.steps_taken, where=where,
                              f=f"{self.final_value:.5g}")
        if self.diverged:
            return tr("diverged: learning rate too large (the point ran away after {k} steps)", k=self.steps_taken)
