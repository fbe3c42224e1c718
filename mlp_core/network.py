"""A fully connected network in the series' notation.

Layer 0 is the input; L counts the other layers; sizes = [n[0], n[1], ..., n[L]].
W[l] has shape (n[l], n[l-1]) and W[l][j, k] is the weight from neuron k of layer l-1 to neuron j
of layer l; b[l] has shape (n[l],). Index 0 of W and b holds None (the input layer has no weights).
A batch X has one example per column, shape (n[0], m); every z[l], a[l] has shape (n[l], m).
"""
import numpy as np

from .activations import get_activation, softmax
from .errors import ShapeError
from .losses import get_loss

INITS = ("scaled", "normal", "zeros", "constant")


def _times_prime_sigmoid(d, a):   # d * sigma'(z) = d * a * (1 - a), in place
    d *= a
    d *= 1.0 - a


# d <- d * g'(z) in place, written with a = g(z), which backprop already has (no need to keep z)
_TIMES_PRIME = {
    "sigmoid": _times_prime_sigmoid,
    "tanh": lambda d, a: np.multiply(d, 1.0 - a * a, out=d),
    "relu": lambda d, a: np.multiply(d, a > 0, out=d),
    "step": lambda d, a: np.multiply(d, 0.0, out=d),
}


class Network:
    """Feed-forward network z[l] = W[l] a[l-1] + b[l], a[l] = g(z[l]) for l = 1..L.

    activation: g of the hidden layers ('sigmoid', 'tanh', 'relu', 'step').
    loss: 'cross_entropy' (the output layer is softmax) or 'quadratic' (the output layer uses
    output_activation, by default the same g as the hidden layers).
    init: 'scaled' W ~ N(0,1)/sqrt(n[l-1]), b = 0 (default); 'normal' W, b ~ N(0,1) as in the notes;
    'zeros'; 'constant' (every weight and bias = value), the last two for the symmetry lesson.
    """

    def __init__(self, sizes, activation="sigmoid", loss="cross_entropy", output_activation=None,
                 init="scaled", seed=0, value=0.5, dtype=np.float64):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ShapeError(f"sizes must list at least two positive layer sizes [n[0], ..., n[L]], got {sizes}")
        self.sizes, self.L = sizes, len(sizes) - 1
        self.dtype = np.dtype(dtype)
        self.activation, self.loss = activation, loss
        self.g, _ = get_activation(activation)
        self.cost_fn, self.cost_gradient = get_loss(loss)
        if loss == "cross_entropy":
            if output_activation not in (None, "softmax"):
                raise ValueError("cross_entropy needs a softmax output layer; "
                                 f"got output_activation={output_activation!r}")
            self.output_activation, self.output_g = "softmax", softmax
        else:
            self.output_activation = output_activation or activation
            self.output_g = get_activation(self.output_activation)[0]
        self.init(init, seed=seed, value=value)

    # ---- parameters -------------------------------------------------------------------------
    def init(self, method="scaled", seed=0, value=0.5):
        """(Re)initialise W[l], b[l] for l = 1..L with a seeded generator (see the class docstring).

        All parameters live in one vector `theta` of n_params numbers; W[l] and b[l] are views into it,
        so the cost is literally a function of theta (and an optimizer can step all of it at once)."""
        if method not in INITS:
            raise ValueError(f"unknown init {method!r}; choose one of {INITS}")
        rng = np.random.default_rng(seed)
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
        return [p for l in range(1, self.L + 1) for p in (self.W[l], self.b[l])]

    @property
    def n_params(self):
        """sum over l of n[l] * n[l-1] + n[l]: 13,002 for [784, 16, 16, 10]."""
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

    def _forward(self, X, keep_z=True):
        """z[l], a[l] for l = 0..L; with keep_z=False each a[l] overwrites its z[l] (training needs no z)."""
        z, a = [None], [X]
        for l in range(1, self.L + 1):
            zl = self.W[l] @ a[l - 1]
            zl += self.b[l][:, None]
            z.append(zl if keep_z else None)
            out = None if keep_z else zl
            a.append(self.g(zl, out=out) if l < self.L else self.output_g(zl, out=out))
        return z, a

    def forward(self, X):
        """Forward propagation. X: (n[0], m) or (n[0],). Returns lists z, a indexed by layer
        (z[0] is None, a[0] is X) with z[l] = W[l] a[l-1] + b[l] and a[l] = g(z[l])."""
        X, single = self._as_batch(X)
        z, a = self._forward(X)
        if single:
            z = [None] + [v[:, 0] for v in z[1:]]
            a = [v[:, 0] for v in a]
        return z, a

    def output(self, X):
        """h_W(X) = a[L]: shape (n[L], m), or (n[L],) for a single example."""
        return self.forward(X)[1][self.L]

    def predict(self, X):
        """The most activated output neuron for each example: shape (m,), or an int for one example."""
        A = self.output(X)
        return int(np.argmax(A)) if A.ndim == 1 else np.argmax(A, axis=0)

    # ---- cost and accuracy ------------------------------------------------------------------
    def _targets(self, Y, m):
        Y = np.asarray(Y)
        if Y.ndim == 1 and Y.shape[0] == m and np.issubdtype(Y.dtype, np.integer):
            onehot = np.zeros((self.sizes[-1], m), dtype=self.dtype)
            onehot[Y, np.arange(m)] = 1.0
            return onehot
        if Y.ndim == 1 and m == 1 and Y.shape[0] == self.sizes[-1]:
            return Y[:, None]
        if Y.shape != (self.sizes[-1], m):
            raise ShapeError(f"expected targets as {m} integer labels or one-hot of shape "
                             f"({self.sizes[-1]}, {m}); got shape {Y.shape}")
        return Y

    def cost(self, X, Y):
        """The network's cost on a batch: C = (1/m) sum_i loss(a[L](x^(i)), y^(i)). Y: labels or one-hot (n[L], m)."""
        X, _ = self._as_batch(X)
        return self.cost_fn(self._forward(X)[1][self.L], self._targets(Y, X.shape[1]))

    def accuracy(self, X, y):
        """Fraction of examples whose most activated output equals the label y (integers, shape (m,))."""
        X, _ = self._as_batch(X)
        y = np.asarray(y)
        if y.ndim == 2:
            y = np.argmax(y, axis=0)
        return float(np.mean(np.argmax(self._forward(X)[1][self.L], axis=0) == y))

    # ---- backward ---------------------------------------------------------------------------
    def _backprop(self, X, Y, out=None):
        _, a = self._forward(X, keep_z=False)
        L, A = self.L, a[self.L]
        if self.output_activation == "softmax":
            delta = A - Y                                      # dC/dz[L] = (A - Y) / m
            delta *= 1.0 / A.shape[1]
        else:
            delta = self.cost_gradient(A, Y)                   # dC/da[L] * g'(z[L])
            _TIMES_PRIME[self.output_activation](delta, A)
        dW, db = out if out is not None else ([None] * (L + 1), [None] * (L + 1))
        times_prime = _TIMES_PRIME[self.activation]
        for l in range(L, 0, -1):                              # l = L, L-1, ..., 1
            if out is None:
                dW[l], db[l] = delta @ a[l - 1].T, np.add.reduce(delta, axis=1)
            else:
                np.matmul(delta, a[l - 1].T, out=dW[l])
                np.add.reduce(delta, axis=1, out=db[l])     # db[l] = sum over the batch
            if l > 1:                                          # delta[l-1] = (W[l]^T delta[l]) * g'(z[l-1])
                delta = self.W[l].T @ delta
                times_prime(delta, a[l - 1])
        return dW, db, A

    def backprop(self, X, Y):
        """Backprop for a batch X (n[0], m) with targets Y (labels or one-hot (n[L], m)).
        Returns dW[l] (n[l], n[l-1]) and db[l] (n[l],) for l = 1..L (index 0 is None):
        delta[L] = dC/da[L] * g'(z[L]), delta[l] = (W[l+1]^T delta[l+1]) * g'(z[l]),
        dW[l] = delta[l] a[l-1]^T, db[l] = sum over the batch of delta[l]."""
        X, _ = self._as_batch(X)
        dW, db, _ = self._backprop(X, self._targets(Y, X.shape[1]))
        return dW, db

    def gradients(self, X, Y):
        """dC/dparams in the order of `params`: [dW[1], db[1], ..., dW[L], db[L]]."""
        dW, db = self.backprop(X, Y)
        return [g for l in range(1, self.L + 1) for g in (dW[l], db[l])]
