"""Test surfaces for gradient descent: curves f(x) and surfaces f(x, y), each with its gradient,
its view and its minimum.

A point p is an array of shape (d,): p = (x,) for a curve, p = (x, y) for a surface. `surface.f`
takes arrays of x (and y) of any shape, `surface.grad(p)` returns the gradient of f at p, shape
(d,), and `surface.value(p)` is f at the point p; a point of another shape raises ShapeError.
`SURFACES` holds them by name."""
import numpy as np

from .errors import InputError, ShapeError


class Surface:
    """A function to descend: name, formula `text`, dimension d (1 or 2), f, grad, the view
    (xlim, ylim), a start point and the global minimum (a point of shape (d,))."""

    def __init__(self, name, text, f, grad, xlim, ylim, start, minimum):
        self.name, self.text, self.f, self.gradient = name, text, f, grad
        self.d = len(start)
        self.xlim, self.ylim = tuple(xlim), tuple(ylim)
        self.start, self.minimum = tuple(start), tuple(minimum)

    def point(self, p):
        """p as a float array of shape (d,): (x,) for a curve, (x, y) for a surface; finite numbers."""
        try:
            q = np.asarray(p, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"a point of {self.name} must hold numbers, got {p!r}") from None
        if q.shape != (self.d,):
            form = "(x,)" if self.d == 1 else "(x, y)"
            raise ShapeError(f"a point of {self.name} is {form}, shape ({self.d},); got shape {q.shape}: {p!r}")
        if not np.isfinite(q).all():
            raise InputError(f"a point of {self.name} must hold finite numbers, got {p!r}")
        return q

    def grad(self, p):
        """The gradient of f at the point p (shape (d,)), shape (d,)."""
        return np.asarray(self.gradient(self.point(p)), dtype=float)

    def value(self, p):
        """f at the point p (shape (d,)), a float."""
        return float(self.f(*self.point(p)))

    def __repr__(self):
        return f"Surface({self.name!r}: {self.text})"


def parabola(x):
    """f(x) = x², convex; f'(x) = 2x; the minimum is f(0) = 0."""
    return x ** 2


def double_well(x):
    """f(x) = x⁴/4 − x² + 0.3x, two minima; f'(x) = x³ − 2x + 0.3. The deeper minimum is at
    x ≈ −1.48397 (f ≈ −1.4350), the shallower one at x ≈ 1.33222 (f ≈ −0.5877)."""
    return x ** 4 / 4 - x ** 2 + 0.3 * x


def plateau(x):
    """f(x) = x⁴/4 − 2x³/3 + x²/2; f'(x) = x(x − 1)²: flat at x = 1 (f' = f'' = 0 there, a
    saddle) and the minimum f(0) = 0."""
    return x ** 4 / 4 - 2 * x ** 3 / 3 + x ** 2 / 2


def elongated(x, y):
    """f(x, y) = x²/20 + y², an elongated bowl; ∇f = (x/10, 2y); the minimum is f(0, 0) = 0. The
    curvatures 1/10 and 2 differ twentyfold, so plain gradient descent zig-zags."""
    return x ** 2 / 20 + y ** 2


def round_bowl(x, y):
    """f(x, y) = x² + y², a round bowl; ∇f = (2x, 2y); the minimum is f(0, 0) = 0."""
    return x ** 2 + y ** 2


def rosenbrock(x, y):
    """f(x, y) = (1 − x)² + 10(y − x²)², a curved ravine; ∇f = (−2(1 − x) − 40x(y − x²),
    20(y − x²)); the minimum is f(1, 1) = 0."""
    return (1 - x) ** 2 + 10 * (y - x ** 2) ** 2


def _rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 40 * x * (y - x ** 2), 20 * (y - x ** 2)])


SURFACES = {s.name: s for s in (
    Surface("parabola", "x² (convex parabola)", parabola, lambda p: 2 * np.asarray(p, dtype=float),
            (-3, 3), (-0.5, 9.5), (2.5,), (0.0,)),
    Surface("double_well", "x⁴/4 − x² + 0.3x (two minima)", double_well,
            lambda p: np.asarray(p, dtype=float) ** 3 - 2 * np.asarray(p, dtype=float) + 0.3,
            (-2.4, 2.4), (-2.0, 3.5), (2.0,), (-1.483970,)),
    Surface("plateau", "x⁴/4 − 2x³/3 + x²/2 (flat at x = 1)", plateau,
            lambda p: np.asarray(p, dtype=float) * (np.asarray(p, dtype=float) - 1) ** 2,
            (-0.8, 2.4), (-0.2, 2.0), (2.2,), (0.0,)),
    Surface("elongated", "x²/20 + y² (elongated bowl)", elongated,
            lambda p: np.array([p[0] / 10, 2 * p[1]], dtype=float), (-10, 10), (-4, 4), (-8.0, 2.5), (0.0, 0.0)),
    Surface("round", "x² + y² (round bowl)", round_bowl, lambda p: 2 * np.asarray(p, dtype=float),
            (-3, 3), (-3, 3), (-2.5, 2.0), (0.0, 0.0)),
    Surface("rosenbrock", "(1 − x)² + 10(y − x²)² (curved ravine)", rosenbrock, _rosenbrock_grad,
            (-2, 2), (-1, 3), (-1.5, 2.0), (1.0, 1.0)),
)}
