"""Calculus pictures: filled contours of a function of two variables, arrows of its negative
gradient, and paths of descent."""
import numpy as np

from ..gradient_check import numerical_derivative
from .canvas import legible, new_axes
from .style import MIN_FONT, PATH_COLORS

def draw_contour(f, xlim=(-3, 3), ylim=(-3, 3), paths=None, labels=None, arrows=True, ax=None,
                 levels=30, title=None, grad=None, xlabel="x", ylabel="y", zlabel="f(x, y)"):
    """Filled contours of f(X, Y) (vectorised over meshgrids) with a colourbar; arrows of the
    negative gradient -grad(x, y) (numerical central differences if grad is None) on a coarse grid,
    scaled to equal length; paths: arrays (k, 2) drawn with markers, start (o) and end (*) marked,
    named in the legend by labels (e.g. 'SGD (87 steps)'). Returns the Axes."""
    own = ax is None
    fig, ax = new_axes(ax, (5.6, 4.4))
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
        ax.legend(fontsize=MIN_FONT, loc="upper right")
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel)
    ax.set_title(title if title is not None else r"contours of f with $-\nabla f$ arrows")
    legible(fig if own else ax)
    return ax
