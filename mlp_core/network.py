"""A fully connected network in the series' notation (notebooks/notation.md).

Layer 0 is the input; L counts the other layers; sizes = [n[0], n[1], ..., n[L]].
W[l] has shape (n[l], n[l-1]) and W[l][j, k] is the weight from neuron k of layer l-1 to neuron j
of layer l; b[l] has shape (n[l],). Index 0 of W and b holds None (the input layer has no weights).
A batch X has one example per column, shape (n[0], B); every Z[l], A[l] has shape (n[l], B).
"""
import numpy as np

from . import validation as check
from .activations import get_activation, get_times_prime, softmax
from .errors import InputError, ShapeError
from .labels import one_hot
from .losses import get_loss, softmax_cross_entropy_delta

INITS = ("scaled", "normal", "zeros", "constant")


def param_list(W, b):
    """Per-layer lists W, b (index 0 unused, layers 1..L) as one list in parameter order:
    [W[1], b[1], W[2], b[2], ..., W[L], b[L]]. The same for gradients: param_list(dW, db) is
    [dW[1], db[1], ..., dW[L], db[L]], the order of net.params that optimizers and checks expect.
    Chapter 4 §13."""
    if len(W) != len(b):
        raise InputError(f"W and b must have one entry per layer each, got {len(W)} and {len(b)} entries")
    return [p for l in range(1, len(W)) for p in (W[l], b[l])]


class Network:
    """Feed-forward network z[l] = W[l] a[l-1] + b[l], a[l] = g(z[l]) for l = 1..L. Chapter 2 §6–7.

    sizes: [n[0], ..., n[L]], at least two positive integers.
    activation: g of the hidden layers ('sigmoid', 'tanh', 'relu', 'step', 'identity').
    loss: 'cross_entropy' (the output layer is softmax) or 'quadratic' (the output layer uses
    output_activation, by default the same g as the hidden layers).
    init: 'scaled' (default): each weight W[l][j, k] = N(0, 1) / sqrt(n[l-1]), a standard normal
    number divided by the square root of the layer's number of inputs, and every bias b[l] = 0;
    'normal': W[l] and b[l] all N(0, 1) (the start of Nielsen's network.py); 'zeros'; 'constant'
    (every weight and bias = value), the last two for the symmetry lesson. (Nielsen's chapter 3
    also divides the weights by sqrt(n[l-1]) but keeps his biases N(0, 1); the zero biases are this
    engine's choice.) seed: an integer >= 0 for the generator of the initial values.
    dtype: np.float64 or np.float32. Every argument is checked here: a bad one raises InputError or
    ShapeError.
    """

    def __init__(self, sizes, activation="sigmoid", loss="cross_entropy", output_activation=None,
                 init="scaled", seed=0, value=0.5, dtype=np.float64):
        sizes = check.sizes(sizes)
        self.sizes, self.L = sizes, len(sizes) - 1
        self.dtype = check.float_dtype(dtype)
        self.activation, self.loss = activation, loss
        self.g, _ = get_activation(activation)
        self.times_prime = get_times_prime(activation)
        self.cost_fn, self.cost_gradient = get_loss(loss)
        if loss == "cross_entropy":
            if output_activation not in (None, "softmax"):
                raise InputError("loss='cross_entropy' needs a softmax output layer; "
                                 f"got output_activation={output_activation!r} (leave it None)")
            self.output_activation, self.output_g = "softmax", softmax
        else:
            self.output_activation = output_activation or activation
            self.output_g = get_activation(self.output_activation)[0]
        self.init(init, seed=seed, value=value)

    # ---- parameters -------------------------------------------------------------------------
    def init(self, method="scaled", seed=0, value=0.5):
        """(Re)initialise W[l], b[l] for l = 1..L with a seeded generator (see the class docstring): by
        default W[l][j, k] = N(0, 1) / sqrt(n[l-1]) and b[l] = 0. Chapter 4 §16.

        All parameters live in one vector `theta` of n_params numbers; W[l] and b[l] are views into it,
        so the cost is literally a function of theta (and an optimizer can step all of it at once).
        Chapter 2 §9; Chapter 3 §4."""
        check.choice("init", method, INITS)
        value = check.number("value", value)
        rng = np.random.default_rng(check.seed("seed", seed))
        self.theta = np.zeros(sum(n * k + n for n, k in zip(self.sizes[1:], self.sizes[:-1])), self.dtype)
        self.W, self.b = self.views(self.theta)
        for l in range(1, self.L + 1):
            shape = self.W[l].shape
            if method == "scaled":
                self.W[l][...] = rng.standard_normal(shape) / np.sqrt(shape[1])
            elif method == "normal":
                self.W[l][...] = rng.standard_normal(shape)
                self.b[l][...] = rng.standard_normal(shape[0])
            elif method == "constant":
                self.W[l][...] = value
                self.b[l][...] = value
        return self

    def views(self, flat):
        """Split a vector laid out like theta into lists W-like [None, (n[1], n[0]), ...] and b-like."""
        W, b, start = [None], [None], 0
        for l in range(1, self.L + 1):
            n, k = self.sizes[l], self.sizes[l - 1]
            W.append(flat[start:start + n * k].reshape(n, k))
            b.append(flat[start + n * k:start + n * k + n])
            start += n * k + n
        return W, b

    def is_flat(self):
        """True while every W[l], b[l] is still a view into theta (False after e.g. net.W[1] = new_array)."""
        return all(p.base is self.theta for p in self.params)

    @property
    def params(self):
        """The parameter arrays themselves, [W[1], b[1], ..., W[L], b[L]] (optimizers update them in place)."""
        return param_list(self.W, self.b)

    @property
    def n_params(self):
        """sum over l of n[l] * n[l-1] + n[l]: 13,002 for [784, 16, 16, 10]. Chapter 2 §9."""
        return sum(p.size for p in self.params)

    def copy(self):
        """An independent copy with the same sizes, settings and parameter values."""
        other = Network.__new__(Network)
        other.__dict__.update(self.__dict__)
        other.theta = np.concatenate([p.ravel() for p in self.params]).astype(self.dtype)
        other.W, other.b = other.views(other.theta)
        return other

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation!r}, loss={self.loss!r}, "
                f"output_activation={self.output_activation!r}, n_params={self.n_params})")

    # ---- forward ----------------------------------------------------------------------------
    def _as_batch(self, X):
        X = np.asarray(X)
        single = X.ndim == 1
        if single:
            X = X[:, None]
        if X.ndim != 2 or X.shape[0] != self.sizes[0]:
            hint = " (rows are examples there: pass X.T)" if X.ndim == 2 and X.shape[1] == self.sizes[0] else ""
            raise ShapeError(f"expected an input of shape ({self.sizes[0]}, m) with one example per column "
                             f"(or a single ({self.sizes[0]},) vector); got shape {np.shape(X)}{hint}")
        return X, single

    def forward(self, X):
        """Forward propagation. X: (n[0], B) or (n[0],). Returns lists z, a indexed by layer
        (z[0] is None, a[0] is X) with z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l]). Chapter 2 §6–7."""
        X, single = self._as_batch(X)
        z, a = [None], [X]
        for l in range(1, self.L + 1):
            z.append(self.W[l] @ a[l - 1] + self.b[l][:, None])
            a.append(self.g(z[l]) if l < self.L else self.output_g(z[l]))
        if single:
            z = [None] + [v[:, 0] for v in z[1:]]
            a = [v[:, 0] for v in a]
        return z, a

    def activations(self, X):
        """a[0..L] for a batch X (n[0], B) without keeping z: each a[l] is computed in the array of
        its z[l] = W[l] a[l-1] + b[l] (what training needs, with less memory traffic than forward).
        Chapter 2 §7."""
        return self._activations(self._as_batch(X)[0])

    def _activations(self, X):
        a = [X]
        for l in range(1, self.L + 1):
            zl = self.W[l] @ a[l - 1]
            zl += self.b[l][:, None]
            a.append(self.g(zl, out=zl) if l < self.L else self.output_g(zl, out=zl))
        return a

    def output(self, X):
        """a[L] = a[L](x; theta), the network's answer: shape (n[L], B), or (n[L],) for a single example.
        Chapter 2 §8."""
        A = self.activations(X)[self.L]
        return A[:, 0] if np.ndim(X) == 1 else A

    def predict(self, X):
        """y-hat = argmax_j a[L]_j for each example: shape (B,), or an int for one example. Chapter 2 §8."""
        A = self.output(X)
        return int(np.argmax(A)) if A.ndim == 1 else np.argmax(A, axis=0)

    # ---- cost and accuracy ------------------------------------------------------------------
    def targets(self, Y, B):
        """The targets T (n[L], B) of B examples from Y: integer labels y (B,) in 0..n[L]-1 (turned
        into one-hot columns t, t_j = 1 if j = y else 0), or targets already shaped (n[L], B) (or (n[L],)
        when B = 1). Chapter 2 §4."""
        Y = np.asarray(Y)
        n = self.sizes[-1]
        if Y.ndim == 1 and Y.shape[0] == B and not (Y.dtype.kind == "f" and B == n == 1):
            return one_hot(check.labels("labels y", Y, n, B), n, self.dtype).T
        if Y.ndim == 1 and B == 1 and Y.shape[0] == n:
            Y = Y[:, None]
        if Y.shape != (n, B):
            hint = " (rows are examples there: pass Y.T)" if Y.shape == (B, n) else ""
            raise ShapeError(f"expected targets as {B} integer labels, shape ({B},), or one target column per "
                             f"example, shape ({n}, {B}); got shape {Y.shape}{hint}")
        if Y.dtype.kind not in "biuf":
            raise InputError(f"targets T must hold numbers, got dtype {Y.dtype}")
        return check.finite("targets T", Y)

    def cost(self, X, Y):
        """C = (1/B) sum_i C_i over the batch X (n[0], B), Y labels (B,) or targets T (n[L], B).
        Chapter 3 §3 and §5."""
        X, _ = self._as_batch(X)
        return self.cost_fn(self.activations(X)[self.L], self.targets(Y, X.shape[1]))

    def accuracy(self, X, y):
        """Fraction of examples whose predicted class y-hat equals the label y (integers, shape (B,),
        or one-hot columns (n[L], B)). Chapter 3 §6."""
        X, _ = self._as_batch(X)
        B, n = X.shape[1], self.sizes[-1]
        y = np.asarray(y)
        y = check.one_hot_rows("one-hot y", y.T, n) if y.ndim == 2 else check.labels("labels y", y, n, B)
        return float(np.mean(self.predict(X) == y))

    # ---- backward ---------------------------------------------------------------------------
    def backprop_into(self, X, T, dW, db):
        """Backprop for a batch X (n[0], B) with one-hot (or target) columns T (n[L], B), writing
        dW[l] and db[l] for l = 1..L into the given arrays (shaped like W[l], b[l]); returns a[L]:
        (1) delta[L] = dC/dz[L] ((A - T) / B for softmax with cross-entropy, else dC/da[L] * g'(z[L])),
        (2) delta[l-1] = (W[l]^T delta[l]) * g'(z[l-1]), (3) dW[l] = delta[l] a[l-1]^T,
        (4) db[l] = sum over the batch of delta[l] (the 1/B of the batch's average is carried by
        delta[L]). Chapter 4 §8–10, equations (1)–(4).

        No checks of its own: `backprop` and `train` check X and T first."""
        a = self._activations(X)
        A = a[self.L]
        if self.output_activation == "softmax":
            delta = softmax_cross_entropy_delta(A, T)
        else:
            delta = get_times_prime(self.output_activation)(self.cost_gradient(A, T), A)
        for l in range(self.L, 0, -1):                         # l = L, L-1, ..., 1
            np.matmul(delta, a[l - 1].T, out=dW[l])
            np.add.reduce(delta, axis=1, out=db[l])
            if l > 1:
                delta = self.times_prime(self.W[l].T @ delta, a[l - 1])
        return A

    def backprop(self, X, Y):
        """Backprop for a batch X (n[0], B) with labels y (B,) or targets T (n[L], B).
        Returns new lists dW, db with dW[l] = dC/dW[l] (n[l], n[l-1]) and db[l] = dC/db[l] (n[l],)
        for l = 1..L (index 0 is None); the formulas are those of backprop_into.
        Chapter 4 §8–9, equations (1)–(4)."""
        X, _ = self._as_batch(X)
        T = self.targets(Y, X.shape[1])
        dW = [None] + [np.empty_like(W) for W in self.W[1:]]
        db = [None] + [np.empty_like(b) for b in self.b[1:]]
        self.backprop_into(X, T, dW, db)
        return dW, db

    def gradients(self, X, Y):
        """dC/dtheta as a list in the order of `params`: [dW[1], db[1], ..., dW[L], db[L]]. Chapter 4 §15."""
        dW, db = self.backprop(X, Y)
        return param_list(dW, db)
