"""Small two-dimensional data sets on which one can see what a hidden layer buys.

Each returns (X, y): X (m, 2) points, one per row, and y (m,) integer classes 0 or 1."""
import numpy as np

from . import validation as check
from .errors import InputError


def _checked(name, m, noise, seed):
    """m (an integer >= 4), noise (a finite number >= 0) and a generator seeded with seed."""
    return (check.count(f"{name} m", m, 4), check.number(f"{name} noise", noise, low=0),
            np.random.default_rng(check.seed(f"{name} seed", seed)))


def xor_data(m=200, noise=0.25, seed=0):
    """Four clouds at (±1, ±1): class 1 where x0 and x1 have opposite signs (the XOR of two signs).
    No straight line separates the classes."""
    m, noise, rng = _checked("xor_data", m, noise, seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    which = np.arange(m) % 4
    X = corners[which] + noise * rng.standard_normal((m, 2))
    return X, (which >= 2).astype(np.int64)


def circles_data(m=200, noise=0.1, seed=0):
    """Class 0 on a circle of radius 0.5, class 1 on a circle of radius 1.5 around it."""
    m, noise, rng = _checked("circles_data", m, noise, seed)
    y = np.arange(m) % 2
    angle = rng.uniform(0, 2 * np.pi, m)
    radius = np.where(y == 1, 1.5, 0.5) + noise * rng.standard_normal(m)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), y.astype(np.int64)


TOY_DATA = {"xor": xor_data, "circles": circles_data}


def grid_points(xlim=(-2.5, 2.5), ylim=(-2.5, 2.5), n=101):
    """The points of an n x n grid over xlim x ylim, one per row (n*n, 2), and the grid's extent
    (x0, x1, y0, y1) for imshow. n: an integer from 2 to 2000; xlim, ylim: pairs of finite numbers."""
    n = check.count("grid_points n", n, 2, 2000)
    xlim, ylim = (_limits(f"grid_points {name}", lim) for name, lim in (("xlim", xlim), ("ylim", ylim)))
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (xlim[0], xlim[1], ylim[0], ylim[1])


def _limits(name, lim):
    """(low, high): two finite numbers with low < high."""
    try:
        low, high = lim
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a pair (low, high) of numbers, got {lim!r}") from None
    low, high = check.number(f"{name}[0]", low), check.number(f"{name}[1]", high)
    if not low < high:
        raise InputError(f"{name} must have low < high, got {lim!r}")
    return low, high
