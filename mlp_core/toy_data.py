"""Small two-dimensional data sets on which one can see what a hidden layer buys.

Each returns (X, y): X (m, 2) points, one per row, and y (m,) integer classes 0 or 1."""
import numpy as np

from .validation import integer


def xor_data(m=200, noise=0.25, seed=0):
    """Four clouds at (±1, ±1): class 1 where x0 and x1 have opposite signs (the XOR of two signs).
    No straight line separates the classes."""
    m = integer("m", m, low=4)
    rng = np.random.default_rng(seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    which = np.arange(m) % 4
    X = corners[which] + noise * rng.standard_normal((m, 2))
    return X, (which >= 2).astype(np.int64)


def circles_data(m=200, noise=0.1, seed=0):
    """Class 0 on a circle of radius 0.5, class 1 on a circle of radius 1.5 around it."""
    m = integer("m", m, low=4)
    rng = np.random.default_rng(seed)
    y = np.arange(m) % 2
    angle = rng.uniform(0, 2 * np.pi, m)
    radius = np.where(y == 1, 1.5, 0.5) + noise * rng.standard_normal(m)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), y.astype(np.int64)


TOY_DATA = {"xor": xor_data, "circles": circles_data}


def grid_points(xlim=(-2.5, 2.5), ylim=(-2.5, 2.5), n=101):
    """The points of an n x n grid over xlim x ylim, one per row (n*n, 2), and the grid's extent
    (x0, x1, y0, y1) for imshow."""
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (xlim[0], xlim[1], ylim[0], ylim[1])
