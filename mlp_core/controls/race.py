"""OptimizerRace: six optimizers from the same start on the same surface."""
import matplotlib.pyplot as plt
import numpy as np

from ..optimizers import make_optimizer
from ..surfaces import SURFACES
from .base import BAD, Control, check_number, check_surface, lr_slider, slider, surface_menu
from .descent import contours, descend


class OptimizerRace(Control):
    """SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam from the same start on the same surface.

    Try: on 'elongated' compare SGD with Momentum at lr 0.1, then set momentum to 0.5 and 0.99; raise
    the learning rate until some paths diverge; on 'rosenbrock' find a rate where SGD still works.
    Notice: SGD zig-zags across the narrow direction and crawls along the long one; momentum keeps
    a fraction of the last step and rolls through; Nesterov looks ahead and overshoots less;
    AdaGrad, RMSProp and Adam take steps of about lr in every direction whatever the slope.
    Each panel's title gives the steps to come within `tol` of the minimum ('—' if never).
    Attributes: surface, lr, momentum, steps, paths (name -> (k, 2) array), steps_to_min, lines."""

    NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")

    def __init__(self, surface="elongated", lr=0.1, momentum=0.9, steps=200, tol=0.05):
        check_surface("surface", surface, only_2d=True)
        lr, momentum = check_number("lr", lr, 1e-3, 1e2), check_number("momentum", momentum, 0.0, 0.99)
        steps, self.tol = check_number("steps", steps, 10, 500, integer=True), check_number("tol", tol, 1e-9, 10)
        self.surface = surface_menu(surface, "surface", only_2d=True)
        self.lr = lr_slider(lr)
        self.momentum = slider("momentum", 0.0, 0.99, momentum)
        self.steps = slider("steps", 10, 500, steps, integer=True)
        fig, axes = plt.subplots(2, 3, figsize=(9, 5.8), sharex=True, sharey=True, layout="constrained")
        self.axes = dict(zip(self.NAMES, axes.ravel()))
        for ax in axes[1]:
            ax.set_xlabel("x")
        for ax in axes[:, 0]:
            ax.set_ylabel("y")
        fig.suptitle("Six optimizers from the same start: each path, and the steps to the minimum ★", fontsize=11)
        self.lines = {n: ax.plot([], [], "o-", ms=2.5, lw=1.2, color=BAD, zorder=5)[0]
                      for n, ax in self.axes.items()}
        self._contours, self._paths = [], {}
        self.moving = list(self.lines.values()) + [ax.title for ax in self.axes.values()]
        self.build(fig, [[self.surface, self.lr], [self.momentum, self.steps]])

    def _descend(self, name, fn):
        """(path, diverged) of one optimizer, computed again only when its inputs changed (the
        momentum slider moves only Momentum's and Nesterov's paths)."""
        uses_momentum = name in ("Momentum", "Nesterov")
        key = (fn.name, name, self.lr.value, self.momentum.value if uses_momentum else None, self.steps.value)
        if key not in self._paths:
            if len(self._paths) > 60:
                self._paths.clear()
            optimizer = make_optimizer(name, self.lr.value, self.momentum.value)
            self._paths[key] = descend(fn, optimizer, fn.start, self.steps.value)
        return self._paths[key]

    def update(self):
        fn = SURFACES[self.surface.value]
        if not self._contours or self._contours[0][0] is not fn:     # a new surface: new contours
            for _, cs in self._contours:
                cs.remove()
            for ax in self.axes.values():
                for line in ax.lines[1:]:
                    line.remove()
            self._contours = [(fn, contours(ax, fn)) for ax in self.axes.values()]
            self.axes["SGD"].set(xlim=fn.xlim, ylim=fn.ylim)         # the axes share x and y
            if hasattr(self, "renderer"):
                self.renderer.version += 1     # new contours: a new background
        self.paths, self.steps_to_min, lost = {}, {}, []
        for name, ax in self.axes.items():
            path, diverged = self._descend(name, fn)
            near = np.flatnonzero(np.hypot(*(path - fn.minimum).T) < self.tol)
            self.paths[name] = path
            self.steps_to_min[name] = int(near[0]) if near.size else None
            self.lines[name].set_data(path[:, 0], path[:, 1])
            n = self.steps_to_min[name]
            ax.set_title(f"{name}: " + ("diverged" if diverged else "—" if n is None else f"{n} steps"),
                         color=BAD if diverged else "k")
            lost += [name] if diverged else []
        self.label.value = "steps to the minimum: " + ", ".join(
            f"{k} <b>{'—' if v is None else v}</b>" for k, v in self.steps_to_min.items())
        if lost:
            return f"diverged: learning rate too large for {', '.join(lost)}"
