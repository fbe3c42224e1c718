"""OptimizerRace: every optimizer of mlp_core.OPTIMIZERS from the same start on the same surface."""
import math

import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..drawings.style import CATEGORY, INK, MAX_WIDTH, WRONG
from ..i18n import tr
from ..optimizers import OPTIMIZERS
from ..surfaces import SURFACES
from .base import Control, check_surface, lr_slider, slider, surface_menu
from .descent import LaidOutContours, descend


def takes_momentum(cls):
    """Whether an optimizer class takes a `momentum` argument (its path moves with that slider)."""
    return "momentum" in cls.hyperparameters()


class OptimizerRace(Control):
    """Every optimizer registered in mlp_core.OPTIMIZERS (SGD, Momentum, Nesterov, AdaGrad, RMSProp,
    Adam, and any added there) from the same start on the same surface, one panel each.

    Try: on 'elongated' compare SGD with Momentum at lr 0.1, then set momentum to 0.5 and 0.99; raise
    the learning rate until some paths diverge; on 'rosenbrock' find a rate where SGD still works.
    Notice: SGD zig-zags across the narrow direction and crawls along the long one; momentum keeps
    a fraction of the last step and rolls through; Nesterov looks ahead and overshoots less;
    AdaGrad, RMSProp and Adam take steps of about lr in every direction whatever the slope.
    Each panel's title gives the steps to come within `tol` of the minimum ('—' if never).
    Attributes: surface, lr, momentum, steps, paths (name -> (k, 2) array), steps_to_min, lines."""

    def __init__(self, surface="elongated", lr=0.1, momentum=0.9, steps=200, tol=0.05):
        check_surface("surface", surface, only_2d=True)
        lr, momentum = validation.number("lr", lr, 1e-3, 1e2), validation.number("momentum", momentum, 0.0, 0.99)
        steps, self.tol = validation.count("steps", steps, 10, 500), validation.number("tol", tol, 1e-9, 10)
        self.classes = {cls.__name__: cls for cls in OPTIMIZERS.values()}
        self.surface = surface_menu(surface, tr("surface"), only_2d=True)
        self.lr = lr_slider(lr)
        self.momentum = slider("momentum", 0.0, 0.99, momentum)
        self.steps = slider(tr("steps"), 10, 500, steps, integer=True)
        self.build(self._figure(SURFACES[surface]), [[self.surface, self.lr], [self.momentum, self.steps]])

    def _figure(self, fn):
        """One panel per optimizer, three to a row, axes shared, each as tall as the first surface's
        shape needs at equal axis scales; each path in its own CATEGORY colour."""
        n = len(self.classes)
        cols = min(3, n)
        rows = math.ceil(n / cols)
        ratio = (fn.ylim[1] - fn.ylim[0]) / (fn.xlim[1] - fn.xlim[0])
        height = 0.6 + rows * (0.6 + ratio * (MAX_WIDTH - 0.7) / cols)
        fig, axes = plt.subplots(rows, cols, figsize=(MAX_WIDTH, height), sharex=True, sharey=True,
                                 layout="constrained", squeeze=False)
        for ax in axes.ravel()[n:]:
            ax.set_axis_off()
        self.axes = dict(zip(self.classes, axes.ravel()))
        for c in range(cols):                  # the lowest panel of each column carries the x axis
            lowest = axes.ravel()[max(i for i in range(n) if i % cols == c)]
            lowest.xaxis.set_tick_params(labelbottom=True)
            lowest.set_xlabel("x")
        for ax in axes[:, 0]:
            ax.set_ylabel("y")
        fig.suptitle(tr("{n} optimizers from the same start: each path, and the steps to the minimum ★", n=n),
                     fontsize=11)
        self.lines = {name: ax.plot([], [], "o-", ms=2.5, lw=1.4, color=CATEGORY[i % len(CATEGORY)], zorder=5,
                                    mec=INK, mew=0.3)[0]
                      for i, (name, ax) in enumerate(self.axes.items())}
        self._contours, self._paths = [], {}
        self.moving = list(self.lines.values()) + [ax.title for ax in self.axes.values()]
        return fig

    def _descend(self, name, fn):
        """(path, diverged) of one optimizer, computed again only when its inputs changed (the
        momentum slider moves only the paths of optimizers that take a momentum)."""
        cls = self.classes[name]
        uses_momentum = takes_momentum(cls)
        key = (fn.name, name, self.lr.value, self.momentum.value if uses_momentum else None, self.steps.value)
        if key not in self._paths:
            if len(self._paths) > 60:
                self._paths.clear()
            optimizer = cls(self.lr.value, momentum=self.momentum.value) if uses_momentum else cls(self.lr.value)
            self._paths[key] = descend(fn, optimizer, fn.start, self.steps.value)
        return self._paths[key]

    def _surface(self, fn):
        """New contours in every panel when the surface changed, their labels placed in the view of
        the new surface (LaidOutContours places them again after the figure's first layout)."""
        if self._contours and self._contours[0].fn is fn:
            return
        for laid in self._contours:
            laid.remove()
        next(iter(self.axes.values())).set(xlim=fn.xlim, ylim=fn.ylim)     # the axes share x and y
        for ax in self.axes.values():      # the box of this view at equal scales: the labels are placed in it
            ax.set_aspect("equal")
            ax.apply_aspect()
        self._contours = [LaidOutContours(ax, fn) for ax in self.axes.values()]
        if hasattr(self, "renderer"):
            self.renderer.version += 1     # new contours: a new background

    def update(self):
        fn = SURFACES[self.surface.value]
        self._surface(fn)
        self.paths, self.steps_to_min, lost = {}, {}, []
        for name, ax in self.axes.items():
            path, diverged = self._descend(name, fn)
            near = np.flatnonzero(np.hypot(*(path - fn.minimum).T) < self.tol)
            self.paths[name] = path
            self.steps_to_min[name] = int(near[0]) if near.size else None
            self.lines[name].set_data(path[:, 0], path[:, 1])
            n = self.steps_to_min[name]
            ax.set_title(f"{name}: " + (tr("diverged") if diverged else "—" if n is None else tr("{n} steps", n=n)),
                         color=WRONG if diverged else INK)
            lost += [name] if diverged else []
        self.label.value = tr("steps to the minimum: ") + ", ".join(
            f"{k} <b>{'—' if v is None else v}</b>" for k, v in self.steps_to_min.items())
        if lost:
            return tr("diverged: learning rate too large for {names}", names=", ".join(lost))
