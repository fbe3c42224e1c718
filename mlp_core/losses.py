"""Cost functions over a batch. The outputs A = A[L] and the targets T have shape (n[L], B): one
example per column, each column t of T the one-hot target of its label (or, for the quadratic cost,
any target values).

Each cost C is the average over the B examples of the cost C_i of each; `gradient` returns dC/dA
(shape (n[L], B), the 1/B already included)."""
import numpy as np

from . import validation as check
from .errors import ShapeError

_TINY = 1e-12  # keeps log() finite when an output is exactly 0


def _check(A, T):
    if np.shape(A) != np.shape(T):
        raise ShapeError(f"output A has shape {np.shape(A)} but targets T have shape {np.shape(T)}; "
                         "both must be (n[L], B) with one example per column (T one-hot)")
    return A.shape[1] if np.ndim(A) == 2 else 1


def quadratic_cost(A, T):
    """C = (1/B) sum_i C_i with C_i = sum_j (a[L]_j - t_j)^2, the sum of squared errors of example i.
    Chapter 3 §2–3."""
    B = _check(A, T)
    D = A - T
    return float(np.vdot(D, D)) / B


def quadratic_cost_gradient(A, T):
    """dC/dA = 2 (A - T) / B: the dC_i/da[L] = 2 (a[L] - t) of equation (1), with the 1/B of the batch's
    average. Chapter 4 §8–9, equation (1)."""
    B = _check(A, T)
    return (A - T) * (2.0 / B)


def cross_entropy(A, T):
    """C = (1/B) sum_i C_i with C_i = -sum_j t_j log a[L]_j = -log a[L]_y, for softmax outputs A and
    one-hot T (an output of exactly 0 is read as 1e-12, so the cost stays finite). Chapter 3 §5."""
    B = _check(A, T)
    return -float(np.vdot(T, np.log(np.maximum(A, _TINY)))) / B


def cross_entropy_gradient(A, T):
    """dC/dA = -T / (B A)  (elementwise): dC_i/da_j = -t_j / a_j for each example. Chapter 4 §10."""
    B = _check(A, T)
    return -T / (np.maximum(A, _TINY) * B)


def softmax_cross_entropy_delta(A, T):
    """delta[L] = dC/dz[L] for softmax outputs with cross-entropy: (A - T) / B, equation (1) for this
    output layer (delta[L] = a[L] - t for one example). Chapter 4 §10, equation (1).

    The softmax Jacobian times -T/A collapses to this, which is both cheaper and exact."""
    B = _check(A, T)
    return (A - T) * (1.0 / B)


# name -> (cost, dC/dA)
LOSSES = {
    "quadratic": (quadratic_cost, quadratic_cost_gradient),
    "cross_entropy": (cross_entropy, cross_entropy_gradient),
}


def get_loss(name):
    """Return (cost, gradient) for a name in LOSSES, with a clear error for an unknown name."""
    return LOSSES[check.choice("loss", name, sorted(LOSSES))]
