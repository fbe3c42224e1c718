"""Optimizers: each keeps its own state and moves the parameters in place with update(params, grads).

params and grads are lists of arrays in the same order (e.g. net.params and net.gradients(X, Y)).
In the formulas, as on the notation card (notebooks/notation.md): theta is one parameter array, dC/dtheta
its gradient, eta the learning rate, v a velocity, r a running sum (AdaGrad) or running average
(RMSProp, Adam) of squared gradients, u Adam's running average of gradients, s the update counter.
Every hyperparameter is checked when the optimizer is built (InputError names it and its range)."""
import inspect

import numpy as np

from . import validation as check
from .errors import ShapeError


class Optimizer:
    """Base class. lr is the learning rate eta, a finite number > 0; subclasses implement the step.
    STATE names the per-parameter state arrays a subclass keeps (lists like params, made on the first
    update): 'v' for Momentum and Nesterov, 'r' for AdaGrad and RMSProp, 'u' and 'r' for Adam."""
    STATE = ()

    def __init__(self, lr=0.1):
        self.lr = check.number("lr", lr, low=0, low_open=True)
        for name in self.STATE:
            setattr(self, name, None)

    @classmethod
    def hyperparameters(cls):
        """The names of the hyperparameters the class takes besides lr, read from its __init__
        (e.g. ('beta1', 'beta2', 'eps') for Adam); each is kept as an attribute of the same name."""
        kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        return tuple(name for name, p in inspect.signature(cls).parameters.items()
                     if p.kind in kinds and name != "lr")

    @property
    def state(self):
        """The state lists in the order of STATE, or None before the first update (or after reset)."""
        lists = [getattr(self, name) for name in self.STATE]
        return None if not lists or lists[0] is None else lists

    def reset(self):
        """Forget the state (velocities, running averages, step count): the next update starts afresh."""
        for name in self.STATE:
            setattr(self, name, None)
        if hasattr(self, "s"):
            self.s = 0
        return self

    def _zeros(self, params):
        """The state lists (zeros like params on the first update). The state belongs to parameters of
        the shapes it was made for: other shapes raise ShapeError instead of mixing them."""
        if self.state is None:
            for name in self.STATE:
                setattr(self, name, [np.zeros_like(theta) for theta in params])
        held, given = [a.shape for a in self.state[0]], [np.shape(theta) for theta in params]
        if held != given:
            raise ShapeError(f"this {type(self).__name__} holds state for parameters of shapes {held}, "
                             f"got parameters of shapes {given}; build a new optimizer for another "
                             "network, or call reset() first")
        return self.state

    def update(self, params, grads):
        raise NotImplementedError

    def __repr__(self):
        extra = "".join(f", {k}={v}" for k, v in vars(self).items() if k not in ("lr", "s", *self.STATE))
        return f"{type(self).__name__}(lr={self.lr}{extra})"


class SGD(Optimizer):
    """Gradient descent: theta <- theta - eta dC/dtheta (with a mini-batch gradient, stochastic gradient
    descent). Chapter 3 §9; Chapter 5 §1."""

    def update(self, params, grads):
        for theta, grad in zip(params, grads):
            theta -= self.lr * grad


class Momentum(Optimizer):
    """v <- mu v - eta dC/dtheta;  theta <- theta + v, with momentum mu in [0, 1): a fraction mu of
    the last update is kept. Chapter 5 §2."""
    STATE = ("v",)

    def __init__(self, lr=0.1, momentum=0.9):
        super().__init__(lr)
        self.momentum = check.number("momentum", momentum, low=0, high=1, high_open=True)

    def update(self, params, grads):
        (vs,) = self._zeros(params)
        for theta, grad, v in zip(params, grads, vs):
            v *= self.momentum
            v -= self.lr * grad
            theta += v


class Nesterov(Momentum):
    """Nesterov accelerated gradient in the form that needs the gradient only at the stored params.
    Chapter 5 §4–5.

    The same velocity v and momentum mu in [0, 1) as Momentum (its __init__ and STATE); only the
    step differs.

    Look-ahead form: v <- mu v - eta grad C(theta + mu v); theta <- theta + v.
    The engine stores the look-ahead point theta~ = theta + mu v instead of theta; then with
    dC/dtheta~ the gradient there: v <- mu v - eta dC/dtheta~;  theta~ <- theta~ + mu v - eta dC/dtheta~
    (the same path, see nesterov_lookahead_path)."""

    def update(self, params, grads):
        (vs,) = self._zeros(params)
        mu = self.momentum
        for theta, grad, v in zip(params, grads, vs):
            step = self.lr * grad
            v *= mu
            v -= step
            theta += mu * v
            theta -= step


class AdaGrad(Optimizer):
    """r <- r + (dC/dtheta)^2 (a running sum);  theta <- theta - eta dC/dtheta / (sqrt(r) + eps),
    eps > 0: each entry gets its own shrinking rate. Chapter 5 §6."""
    STATE = ("r",)

    def __init__(self, lr=0.01, eps=1e-8):
        super().__init__(lr)
        self.eps = check.number("eps", eps, low=0, low_open=True)

    def update(self, params, grads):
        (rs,) = self._zeros(params)
        for theta, grad, r in zip(params, grads, rs):
            r += grad * grad
            theta -= self.lr * grad / (np.sqrt(r) + self.eps)


class RMSProp(Optimizer):
    """r <- rho r + (1 - rho) (dC/dtheta)^2 (a running average);  theta <- theta - eta dC/dtheta /
    (sqrt(r) + eps), rho in [0, 1), eps > 0: AdaGrad with a fading memory. Chapter 5 §6."""
    STATE = ("r",)

    def __init__(self, lr=0.001, rho=0.9, eps=1e-8):
        super().__init__(lr)
        self.rho = check.number("rho", rho, low=0, high=1, high_open=True)
        self.eps = check.number("eps", eps, low=0, low_open=True)

    def update(self, params, grads):
        (rs,) = self._zeros(params)
        for theta, grad, r in zip(params, grads, rs):
            r *= self.rho
            r += (1 - self.rho) * grad * grad
            theta -= self.lr * grad / (np.sqrt(r) + self.eps)


class Adam(Optimizer):
    """At its update s = 1, 2, ... (counted in self.s), with beta1, beta2 in [0, 1) and eps > 0:
    u <- beta1 u + (1 - beta1) dC/dtheta;  r <- beta2 r + (1 - beta2) (dC/dtheta)^2  (running averages
    of the gradient and of its square);  theta <- theta - eta (u / (1 - beta1^s)) / (sqrt(r / (1 - beta2^s)) + eps)
    (both averages corrected for their start at 0). Chapter 5 §6."""
    STATE = ("u", "r")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = check.number("beta1", beta1, low=0, high=1, high_open=True)
        self.beta2 = check.number("beta2", beta2, low=0, high=1, high_open=True)
        self.eps = check.number("eps", eps, low=0, low_open=True)
        self.s = 0

    def update(self, params, grads):
        us, rs = self._zeros(params)
        self.s += 1
        c1, c2 = 1 - self.beta1 ** self.s, 1 - self.beta2 ** self.s
        for theta, grad, u, r in zip(params, grads, us, rs):
            u *= self.beta1
            u += (1 - self.beta1) * grad
            r *= self.beta2
            r += (1 - self.beta2) * grad * grad
            theta -= self.lr * (u / c1) / (np.sqrt(r / c2) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov,
              "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam}


def make_optimizer(name, lr, momentum=None, /, **hyper):
    """The optimizer registered in OPTIMIZERS under name (any case), built with learning rate lr and
    the named hyperparameters, e.g. make_optimizer('adam', 0.01, beta1=0.8); the others keep their
    defaults. A name the optimizer does not take (see Optimizer.hyperparameters) raises InputError.
    The third argument, given by position, is the momentum mu that the command line and train pass
    whatever the optimizer: it goes to an optimizer that takes a momentum and is ignored by the others."""
    name = name.lower() if isinstance(name, str) else name
    cls = OPTIMIZERS[check.choice("optimizer", name, sorted(OPTIMIZERS))]
    takes = cls.hyperparameters()
    for given in hyper:
        check.choice(f"{cls.__name__} hyperparameter", given, takes)
    if momentum is not None and "momentum" in takes:
        hyper.setdefault("momentum", momentum)
    return cls(lr, **hyper)


def nesterov_lookahead_path(grad, x0, lr, momentum=0.9, steps=50):
    """Nesterov in its look-ahead form on a function of one point x (a 1-D array):
    v <- mu v - eta grad(x + mu v);  x <- x + v.  Returns the points x_0..x_steps, shape (steps+1, d).
    Nesterov.update on x~ = x + mu v visits x~_s = x_s + mu v_s (x~_0 = x_0, v_0 = 0). Chapter 5 §4–5."""
    steps, lr = check.count("steps", steps, 0), check.number("lr", lr, low=0, low_open=True)
    momentum = check.number("momentum", momentum, low=0, high=1, high_open=True)
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
    grad(x) gives the gradient at x; stops early (shorter path) if the point becomes NaN/inf.
    Chapter 3 §9–10; Chapter 5 §2."""
    steps = check.count("steps", steps, 0)
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        optimizer.update([x], [np.asarray(grad(x), dtype=float)])
        if not np.all(np.isfinite(x)):
            break
        path.append(x.copy())
    return np.array(path)
