"""Activation functions g(z) and their derivatives g'(z), elementwise on arrays of any shape.

All are numerically stable: no overflow warnings for |z| up to 1e4 (and beyond)."""
import numpy as np


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^-z), computed as (1 + tanh(z/2)) / 2 so large |z| never overflows."""
    a = np.multiply(z, 0.5)
    if np.ndim(a) == 0:                       # a plain number
        return 0.5 * (1.0 + np.tanh(a))
    np.tanh(a, out=a)
    a += 1.0
    a *= 0.5
    return a


def sigmoid_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(z, 0.0)


def relu_prime(z):
    """ReLU'(z) = 1 where z > 0, else 0 (we take 0 at z = 0)."""
    return (np.asarray(z) > 0).astype(np.result_type(z, np.float32))


def step(z):
    """Heaviside step: 1 where z > 0, else 0. Its derivative is 0 almost everywhere, so gradient
    descent gets no signal through it: the lesson of 'why not a step function'."""
    return (np.asarray(z) > 0).astype(np.result_type(z, np.float32))


def step_prime(z):
    """0 everywhere (undefined at z = 0, where we also return 0)."""
    return np.zeros_like(np.asarray(z, dtype=np.result_type(z, np.float32)))


def softmax(z):
    """softmax over axis 0 (one example per column): a_j = e^{z_j} / sum_k e^{z_k}.

    Shifting by max_k z_k leaves the result unchanged and keeps every exponent <= 0 (no overflow)."""
    z = np.asarray(z)
    e = np.exp(z - np.maximum.reduce(z, axis=0, keepdims=True))
    e /= np.add.reduce(e, axis=0, keepdims=True)
    return e


def softmax_jacobian(z):
    """For one example z of shape (n,): J[j, k] = d a_j / d z_k = a_j (delta_jk - a_k), shape (n, n)."""
    a = softmax(np.asarray(z, dtype=float))
    return np.diag(a) - np.outer(a, a)


# name -> (g, g'), the elementwise activations a network layer can use
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "step": (step, step_prime),
}


def get_activation(name):
    """Return (g, g') for a name in ACTIVATIONS, with a clear error for an unknown name."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
