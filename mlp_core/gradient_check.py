"""Numerical differentiation and the gradient check that backpropagation must pass."""
from typing import NamedTuple

import numpy as np

from . import validation as check
from .errors import InputError, ShapeError
from .network import param_list


def numerical_derivative(f, x, h=1e-4, method="central"):
    """Derivative of a function of one number.
    central: (f(x+h) - f(x-h)) / 2h, error O(h^2);  forward: (f(x+h) - f(x)) / h, error O(h).
    Chapter 3 §7.

    h: the step, a finite number > 0."""
    h = check.number("h", h, low=0, low_open=True)
    if check.choice("method", method, ("central", "forward")) == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    return (f(x + h) - f(x)) / h


def numerical_gradient(f, params, h=1e-4):
    """Central-difference gradient of f() with respect to every entry of every array in params.
    Chapter 3 §8 and §11.

    f takes no arguments and reads the arrays in params (e.g. a network's W and b), which are nudged
    in place one entry at a time and restored: dF/dp[i] ~ (f(p[i]+h) - f(p[i]-h)) / 2h.
    params: one array or a list of arrays (float64 for a trustworthy check). Returns the same structure.
    Each entry is put back even when f raises or the run is interrupted: params end as they began."""
    h = check.number("h", h, low=0, low_open=True)
    single = isinstance(params, np.ndarray)
    arrays = [params] if single else list(params)
    for k, theta in enumerate(arrays):
        if not isinstance(theta, np.ndarray) or theta.dtype.kind != "f" or not theta.flags.writeable:
            raise InputError(f"params[{k}] must be a writable float array to be nudged by h, got "
                             f"{getattr(theta, 'dtype', type(theta).__name__)}")
    grads = [_nudged_differences(f, theta, h) for theta in arrays]
    return grads[0] if single else grads


def _nudged_differences(f, theta, h):
    """(f(theta_i + h) - f(theta_i - h)) / 2h for every entry i of theta, restoring theta_i in a finally."""
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        try:
            theta[i] = old + h
            f_plus = f()
            theta[i] = old - h
            f_minus = f()
        finally:
            theta[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||) over all entries (lists of arrays are concatenated); 0 when both are 0.
    Chapter 4 §12."""
    a = np.concatenate([np.ravel(x) for x in a]) if isinstance(a, (list, tuple)) else np.ravel(a)
    b = np.concatenate([np.ravel(x) for x in b]) if isinstance(b, (list, tuple)) else np.ravel(b)
    if a.shape != b.shape:
        raise ShapeError(f"cannot compare gradients of {a.size} and {b.size} entries")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


class GradientCheck(NamedTuple):
    relative_error: float
    analytic: list   # [dW[1], db[1], ..., dW[L], db[L]] from backprop
    numeric: list    # the same from central differences

    def __str__(self):
        verdict = "ok" if self.relative_error < 1e-7 else "MISMATCH"
        return f"relative error {self.relative_error:.2e} ({verdict})"


def gradient_check(net, X, Y, h=1e-4, backprop=None):
    """Compare backprop with central differences of net.cost(X, Y) over all of net.params, by their
    relative error. Chapter 4 §12.

    backprop: optional function (net, X, Y) -> (dW, db) to test instead of net.backprop (e.g. your own).
    Use a float64 network: float32 rounding swamps a difference quotient with h = 1e-4."""
    h = check.number("h", h, low=0, low_open=True)
    dW, db = (backprop or (lambda n, x, y: n.backprop(x, y)))(net, X, Y)
    analytic = param_list(dW, db)
    numeric = numerical_gradient(lambda: net.cost(X, Y), net.params, h)
    if len(analytic) != len(numeric):
        raise ShapeError(f"backprop must return dW and db with entries for layers 1..L = {net.L}, "
                         f"got {len(analytic) // 2} layers")
    for a, n in zip(analytic, numeric):
        if np.shape(a) != n.shape:
            raise ShapeError(f"a gradient has shape {np.shape(a)} but its parameter has shape {n.shape}")
    return GradientCheck(relative_error(analytic, numeric), analytic, numeric)
