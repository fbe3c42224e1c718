"""Optimizers: each keeps its own state and moves the parameters in place with update(params, grads).

params and grads are lists of arrays in the same order (e.g. net.params and net.gradients(X, Y)).
Every hyperparameter is checked when the optimizer is built (InputError names it and its range)."""
import numpy as np

from . import validation as check
from .errors import InputError, ShapeError


class Optimizer:
    """Base class. lr is the learning rate eta, a finite number > 0; subclasses implement the step.
    In the formulas below p is one parameter array and g its gradient dC/dp."""

    def __init__(self, lr=0.1):
        self.lr = check.number("lr", lr, low=0, low_open=True)
        self.state = None

    def reset(self):
        """Forget the state (velocities, running averages, step count): the next update starts afresh."""
        self.state = None
        if hasattr(self, "t"):
            self.t = 0
        return self

    def _zeros(self, params, n=1):
        """Per-parameter state arrays, created on the first step (n lists of zeros_like). The state
        belongs to parameters of given shapes: other shapes raise ShapeError instead of mixing them."""
        if self.state is None:
            self.state = [[np.zeros_like(p) for p in params] for _ in range(n)]
        held, given = [v.shape for v in self.state[0]], [np.shape(p) for p in params]
        if held != given:
            raise ShapeError(f"this {type(self).__name__} holds state for parameters of shapes {held}, "
                             f"got parameters of shapes {given}; build a new optimizer for another "
                             "network, or call reset() first")
        return self.state

    def update(self, params, grads):
        raise NotImplementedError

    def __repr__(self):
        extra = "".join(f", {k}={v}" for k, v in vars(self).items() if k not in ("lr", "state", "t"))
        return f"{type(self).__name__}(lr={self.lr}{extra})"


class SGD(Optimizer):
    """Gradient descent: p <- p - eta g."""

    def update(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g


class Momentum(Optimizer):
    """v <- mu v - eta g;  p <- p + v, with momentum mu in [0, 1): a fraction mu of the last
    update is kept."""

    def __init__(self, lr=0.1, momentum=0.9):
        super().__init__(lr)
        self.momentum = check.number("momentum", momentum, low=0, high=1, high_open=True)

    def update(self, params, grads):
        (vs,) = self._zeros(params)
        for p, g, v in zip(params, grads, vs):
            v *= self.momentum
            v -= self.lr * g
            p += v


class Nesterov(Optimizer):
    """Nesterov accelerated gradient in the form that needs the gradient only at the stored params.

    Look-ahead form: v <- mu v - eta grad C(theta + mu v); theta <- theta + v.
    The engine stores the look-ahead point theta~ = theta + mu v instead of theta; then g = grad C(theta~)
    and v <- mu v - eta g;  theta~ <- theta~ + mu v - eta g (the same path, see nesterov_lookahead_path)."""

    def __init__(self, lr=0.1, momentum=0.9):
        super().__init__(lr)
        self.momentum = check.number("momentum", momentum, low=0, high=1, high_open=True)

    def update(self, params, grads):
        (vs,) = self._zeros(params)
        mu = self.momentum
        for p, g, v in zip(params, grads, vs):
            step = self.lr * g
            v *= mu
            v -= step
            p += mu * v
            p -= step


class AdaGrad(Optimizer):
    """h <- h + g^2;  p <- p - eta g / (sqrt(h) + eps), eps > 0: each entry gets its own shrinking rate."""

    def __init__(self, lr=0.01, eps=1e-8):
        super().__init__(lr)
        self.eps = check.number("eps", eps, low=0, low_open=True)

    def update(self, params, grads):
        (hs,) = self._zeros(params)
        for p, g, h in zip(params, grads, hs):
            h += g * g
            p -= self.lr * g / (np.sqrt(h) + self.eps)


class RMSProp(Optimizer):
    """h <- rho h + (1 - rho) g^2;  p <- p - eta g / (sqrt(h) + eps), rho in [0, 1), eps > 0:
    AdaGrad with a fading memory."""

    def __init__(self, lr=0.001, rho=0.9, eps=1e-8):
        super().__init__(lr)
        self.rho = check.number("rho", rho, low=0, high=1, high_open=True)
        self.eps = check.number("eps", eps, low=0, low_open=True)

    def update(self, params, grads):
        (hs,) = self._zeros(params)
        for p, g, h in zip(params, grads, hs):
            h *= self.rho
            h += (1 - self.rho) * g * g
            p -= self.lr * g / (np.sqrt(h) + self.eps)


class Adam(Optimizer):
    """At step s = 1, 2, ... (counted in self.t), with beta1, beta2 in [0, 1) and eps > 0:
    g1 <- beta1 g1 + (1 - beta1) g;  g2 <- beta2 g2 + (1 - beta2) g^2  (running means of g and g^2);
    p <- p - eta (g1 / (1 - beta1^s)) / (sqrt(g2 / (1 - beta2^s)) + eps)  (both corrected for their
    start at 0)."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = check.number("beta1", beta1, low=0, high=1, high_open=True)
        self.beta2 = check.number("beta2", beta2, low=0, high=1, high_open=True)
        self.eps = check.number("eps", eps, low=0, low_open=True)
        self.t = 0

    def update(self, params, grads):
        ms, ss = self._zeros(params, 2)
        self.t += 1
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        for p, g, m, s in zip(params, grads, ms, ss):
            m *= self.beta1
            m += (1 - self.beta1) * g
            s *= self.beta2
            s += (1 - self.beta2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(s / c2) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov,
              "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam}


def make_optimizer(name, lr, momentum=0.9):
    """An optimizer by name ('sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam')."""
    try:
        cls = OPTIMIZERS[name.lower()]
    except (KeyError, AttributeError):
        raise InputError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}") from None
    return cls(lr, momentum) if cls in (Momentum, Nesterov) else cls(lr)


def nesterov_lookahead_path(grad, x0, lr, momentum=0.9, steps=50):
    """Nesterov in its look-ahead form on a function of one point x (a 1-D array):
    v <- mu v - eta grad(x + mu v);  x <- x + v.  Returns the points x_0..x_steps, shape (steps+1, d).
    Nesterov.update on x~ = x + mu v visits x~_s = x_s + mu v_s (x~_0 = x_0, v_0 = 0)."""
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path = [x.copy()]
    for _ in range(steps):
        v = momentum * v - lr * np.asarray(grad(x + momentum * v))
        x = x + v
        path.append(x.copy())
    return np.array(path)


def optimizer_path(optimizer, grad, x0, steps=50):
    """Run an optimizer on a function of one point: returns the points visited, shape (steps+1, d).
    grad(x) gives the gradient at x; stops early (shorter path) if the point becomes NaN/inf."""
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        optimizer.update([x], [np.asarray(grad(x), dtype=float)])
        if not np.all(np.isfinite(x)):
            break
        path.append(x.copy())
    return np.array(path)
