"""Calculus pictures: filled contours of a function of two variables, arrows of its negative
gradient, and paths of descent."""
import matplotlib.patheffects as pe
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..gradient_check import numerical_derivative
from ..i18n import tr
from .canvas import legible, new_axes
from .style import CATEGORY, HALO, MIN_FONT, TRUTH


def contour_levels(Z, levels):
    """Levels at round values (MaxNLocator, about `levels` of them) spanning Z's finite range, or the
    given sequence: the colourbar is then ticked at numbers like 0.5, 1, 1.5, not 0.6642."""
    if np.ndim(levels):
        return np.asarray(levels, dtype=float)
    lo, hi = (float(Z.min()), float(Z.max())) if Z.count() else (0.0, 1.0)
    hi = hi if hi > lo else lo + max(abs(lo), 1.0) * 1e-6
    return MaxNLocator(int(levels)).tick_values(lo, hi)


def draw_arrows(ax, f, xlim, ylim, grad):
    """Arrows of the negative gradient -grad(x, y) (central differences when grad is None) on a
    15 x 15 grid, scaled to equal length."""
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
              color=HALO, alpha=0.6, width=0.003)


def draw_contour(f, xlim=(-3, 3), ylim=(-3, 3), paths=None, labels=None, arrows=True, ax=None,
                 levels=20, title=None, grad=None, xlabel="x", ylabel="y", zlabel="f(x, y)", equal=True):
    """Filled contours of f(X, Y) (vectorised over meshgrids) at round levels, with a colourbar;
    arrows of the negative gradient (see draw_arrows); paths: arrays (k, 2) drawn in CATEGORY
    colours with a white outline (visible on the dark and the light end of viridis), start (o) and
    end (*) marked, named in the legend by labels (e.g. 'SGD (87 steps)'). equal: one unit is as
    long across as up, so a long, narrow valley is drawn long and narrow. Returns the Axes."""
    own = ax is None
    ratio = abs(ylim[1] - ylim[0]) / max(abs(xlim[1] - xlim[0]), 1e-12) if equal else 0.75
    fig, ax = new_axes(ax, (5.6, float(np.clip(4.3 * ratio + 1.2, 2.6, 6.0))))   # the axes fill the figure
    X, Y = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    Z = np.ma.masked_invalid(np.asarray(f(X, Y), dtype=float) * np.ones_like(X))
    cs = ax.contourf(X, Y, Z, levels=contour_levels(Z, levels), cmap="viridis")
    bar = fig.colorbar(cs, ax=ax, label=zlabel)
    bar.locator = MaxNLocator(6)
    if arrows:
        draw_arrows(ax, f, xlim, ylim, grad)
    outline = [pe.Stroke(linewidth=3.2, foreground=HALO), pe.Normal()]
    for i, p in enumerate(paths or []):
        p = np.asarray(p, dtype=float).reshape(-1, 2)
        name = labels[i] if labels is not None else tr("path {i} ({k} steps)", i=i + 1, k=len(p) - 1)
        (line,) = ax.plot(p[:, 0], p[:, 1], "-o", ms=2.5, lw=1.4, label=name, color=CATEGORY[i % len(CATEGORY)],
                          path_effects=outline)
        ax.plot(*p[0], "o", ms=8, mfc=HALO, mec=TRUTH, label="_start")
        ax.plot(*p[-1], "*", ms=12, color=line.get_color(), mec=TRUTH, label="_end")
    if paths:
        ax.legend(fontsize=MIN_FONT, loc="upper right")
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel)
    if equal:
        ax.set_aspect("equal", adjustable="box")
    ax.set_title(title if title is not None else tr(r"contours of f with $-\nabla f$ arrows"))
    legible(fig if own else ax)
    return ax
