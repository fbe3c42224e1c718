"""Cost functions over a batch. A and Y have shape (n[L], m): one example per column, Y one-hot.

Each cost C is the average over the m examples of a per-example loss; `gradient` returns dC/dA
(shape (n[L], m), the 1/m already included)."""
import numpy as np

from .errors import InputError, ShapeError

_TINY = 1e-12  # keeps log() finite when an output is exactly 0


def _check(A, Y):
    if np.shape(A) != np.shape(Y):
        raise ShapeError(f"output A has shape {np.shape(A)} but target Y has shape {np.shape(Y)}; "
                         "both must be (n[L], m) with one example per column (Y one-hot)")
    return A.shape[1] if np.ndim(A) == 2 else 1


def quadratic_cost(A, Y):
    """C = (1/m) sum_i sum_k (a_k^(i) - y_k^(i))^2, the sum of squared errors per example, averaged."""
    m = _check(A, Y)
    D = A - Y
    return float(np.vdot(D, D)) / m


def quadratic_cost_gradient(A, Y):
    """dC/dA = 2 (A - Y) / m."""
    m = _check(A, Y)
    return (A - Y) * (2.0 / m)


def cross_entropy(A, Y):
    """C = -(1/m) sum_i sum_k y_k^(i) log a_k^(i), for softmax outputs A and one-hot Y."""
    m = _check(A, Y)
    return -float(np.vdot(Y, np.log(np.maximum(A, _TINY)))) / m


def cross_entropy_gradient(A, Y):
    """dC/dA = -Y / (m A)  (elementwise)."""
    m = _check(A, Y)
    return -Y / (np.maximum(A, _TINY) * m)


def softmax_cross_entropy_delta(A, Y):
    """dC/dz[L] for softmax outputs with cross-entropy: (A - Y) / m.

    The softmax Jacobian times -Y/A collapses to this, which is both cheaper and exact."""
    m = _check(A, Y)
    return (A - Y) * (1.0 / m)


# name -> (cost, dC/dA)
LOSSES = {
    "quadratic": (quadratic_cost, quadratic_cost_gradient),
    "cross_entropy": (cross_entropy, cross_entropy_gradient),
}


def get_loss(name):
    """Return (cost, gradient) for a name in LOSSES, with a clear error for an unknown name."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise InputError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}") from None
