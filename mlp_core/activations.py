"""Activation functions g(z) and their derivatives g'(z), elementwise on arrays of any shape.

All are numerically stable: no overflow warnings for |z| up to 1e4 (and beyond)."""
import numpy as np

from . import validation as check


def sigmoid(z, out=None):
    """sigma(z) = 1 / (1 + e^-z), in (0, 1). Never overflows: -z is capped at 80 (float32) or 700
    (float64) before e^-z, where sigma is already below 1e-34 or 1e-304. Chapter 1 §6; Chapter 2 §1.

    out: optional array to write into (may be z itself)."""
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(float)
    if z.ndim == 0:                           # a plain number
        return 1.0 / (1.0 + np.exp(min(-float(z), 700.0)))
    a = np.negative(z, out=out)
    np.minimum(a, 80.0 if a.dtype == np.float32 else 700.0, out=a)
    np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    return a


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)). Chapter 4 §4."""
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_times_prime(delta, a):
    """delta <- delta * sigma'(z) in place, written with a = sigma(z): sigma'(z) = a (1 - a), the factor
    of equations (1) and (2) that backprop takes from the forward pass. Chapter 4 §4 and §8, equations (1)–(2)."""
    delta *= a
    delta *= 1.0 - a
    return delta


def tanh(z, out=None):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1). Chapter 2 §1."""
    return np.tanh(z, out=out)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(z)
    return 1.0 - t * t


def tanh_times_prime(delta, a):
    """delta <- delta * tanh'(z) in place, written with a = tanh(z): tanh'(z) = 1 - a^2."""
    return np.multiply(delta, 1.0 - a * a, out=delta)


def relu(z, out=None):
    """ReLU(z) = max(0, z). Chapter 2 §1."""
    return np.maximum(z, 0.0, out=out)


def relu_prime(z):
    """ReLU'(z) = 1 where z > 0, else 0 (we take 0 at z = 0). Chapter 4 §19."""
    return (np.asarray(z) > 0).astype(np.result_type(z, np.float32))


def relu_times_prime(delta, a):
    """delta <- delta * ReLU'(z) in place, written with a = ReLU(z): ReLU'(z) = 1 where a > 0, else 0
    (an active neuron passes its delta back unshrunk). Chapter 4 §19, equation (2)."""
    return np.multiply(delta, a > 0, out=delta)


def step(z, out=None):
    """Heaviside step: 1 where z > 0, else 0. Its derivative is 0 almost everywhere, so gradient
    descent gets no signal through it: the lesson of 'why not a step function'. Chapter 2 §1; Chapter 3 §6."""
    a = (np.asarray(z) > 0).astype(np.result_type(z, np.float32))
    if out is None:
        return a
    out[...] = a
    return out


def step_prime(z):
    """step'(z) = 0 everywhere (undefined at z = 0, where we also return 0). Chapter 3 §6."""
    return np.zeros_like(np.asarray(z, dtype=np.result_type(z, np.float32)))


def step_times_prime(delta, a):
    """delta <- delta * step'(z) = 0 in place: no error flows back through a step."""
    delta[...] = 0.0
    return delta


def identity(z, out=None):
    """identity(z) = z: a layer with it is linear, a[l] = z[l] = W[l] a[l-1] + b[l], and a stack of
    linear layers is one linear map, W' = W[2] W[1] (the lesson of 'why a non-linear g'). Chapter 2 §11."""
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(float)
    if out is None:
        return z.copy() if z.ndim else float(z)
    out[...] = z
    return out


def identity_prime(z):
    """identity'(z) = 1 everywhere."""
    return np.ones_like(np.asarray(z, dtype=np.result_type(z, np.float32)))


def identity_times_prime(delta, a):
    """delta <- delta * identity'(z) = delta: the error flows back unchanged."""
    return delta


def softmax(z, out=None):
    """softmax over axis 0 (one example per column): a_j = e^{z_j} / sum_k e^{z_k}. Chapter 3 §5.

    Shifting by max_k z_k leaves the result unchanged and keeps every exponent <= 0 (no overflow).
    out: optional array to write into (may be z itself)."""
    z = np.asarray(z)
    e = np.subtract(z, np.maximum.reduce(z, axis=0, keepdims=True), out=out)
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=0, keepdims=True)
    return e


def softmax_jacobian(z):
    """For one example z of shape (n,): J[j, k] = d a_j / d z_k = a_j ([j = k] - a_k), shape (n, n), with
    [j = k] 1 when j = k and 0 otherwise. Chapter 4 §10."""
    a = softmax(np.asarray(z, dtype=float))
    return np.diag(a) - np.outer(a, a)


# name -> (g, g'), the elementwise activations a network layer can use
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "step": (step, step_prime),
    "identity": (identity, identity_prime),
}


# name -> delta <- delta * g'(z) in place, written with a = g(z) (backprop keeps a, not z)
TIMES_PRIME = {
    "sigmoid": sigmoid_times_prime,
    "tanh": tanh_times_prime,
    "relu": relu_times_prime,
    "step": step_times_prime,
    "identity": identity_times_prime,
}


def get_activation(name):
    """Return (g, g') for a name in ACTIVATIONS, with a clear error for an unknown name."""
    return ACTIVATIONS[check.choice("activation", name, sorted(ACTIVATIONS))]


def get_times_prime(name):
    """Return the in-place delta <- delta * g'(z) for a name in ACTIVATIONS (see TIMES_PRIME)."""
    get_activation(name)
    return TIMES_PRIME[name]
