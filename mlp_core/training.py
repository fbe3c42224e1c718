"""Mini-batch training: shuffle, slice a batch, backprop, let the optimizer step; record a History.

Data sets are stored one example per row, X of shape (m, n[0]) and labels y of shape (m,) as
`load_mnist` returns them; a batch is taken by rows and transposed to the network's (n[0], m)."""
import math
import time
from dataclasses import dataclass, field

import numpy as np

from .errors import DivergenceError, ShapeError
from .optimizers import Optimizer, make_optimizer


@dataclass
class History:
    """What happened during training. Per epoch: epoch, train/test/validation cost and accuracy,
    lr, seconds. Per logged step (every `log_every` steps): step, step_cost (the mini-batch cost)."""
    epoch: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    validation_cost: list = field(default_factory=list)
    validation_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    step: list = field(default_factory=list)
    step_cost: list = field(default_factory=list)
    steps_per_epoch: int = 0
    stopped_early: bool = False

    def summary(self):
        """One line with the last epoch's figures."""
        parts = [f"epoch {self.epoch[-1]}"] if self.epoch else ["no epoch finished"]
        for name in ("train_cost", "test_cost", "test_accuracy", "validation_accuracy"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name.replace('_', ' ')} {values[-1]:.4f}")
        return ", ".join(parts)


def _split(data, net, name):
    """(X rows, y labels) -> (X as the net's dtype, labels (m,), one-hot rows (m, n[L]))."""
    X, y = data
    X = np.ascontiguousarray(X, dtype=net.dtype).reshape(len(X), -1)
    y = np.asarray(y)
    if y.ndim == 2:
        y = np.argmax(y, axis=1)
    if X.shape[1] != net.sizes[0] or y.shape != (X.shape[0],):
        raise ShapeError(f"{name} data: expected X of shape (m, {net.sizes[0]}) with one example per row "
                         f"and y of shape (m,); got X {X.shape}, y {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= net.sizes[-1]):
        raise ShapeError(f"{name} labels must lie in 0..{net.sizes[-1] - 1}; found {y.min()}..{y.max()}")
    Y = np.zeros((len(y), net.sizes[-1]), dtype=net.dtype)
    Y[np.arange(len(y)), y] = 1.0
    return X, y, Y


def evaluate(net, X, y, chunk=10000):
    """(cost, accuracy) of net on rows X (m, n[0]) with labels y (m,), computed in chunks."""
    Xs, ys, Ys = _split((X, y), net, "evaluation")
    cost, correct = 0.0, 0
    for s in range(0, len(Xs), chunk):
        A = net._forward(Xs[s:s + chunk].T, keep_z=False)[1][net.L]
        cost += net.cost_fn(A, Ys[s:s + chunk].T) * A.shape[1]
        correct += int(np.sum(np.argmax(A, axis=0) == ys[s:s + chunk]))
    return cost / len(Xs), correct / len(Xs)


def _call(callbacks, hook, *args):
    """Call hook on every callback that has it; True from any of them asks to stop."""
    stop = False
    for cb in callbacks:
        fn = getattr(cb, hook, None)
        if fn is None and hook == "on_epoch_end" and callable(cb):
            fn = cb
        if fn is not None:
            stop = bool(fn(*args)) or stop
    return stop


def _diverged(cost, lr, step, epoch, current_lr=None):
    now = f" ({current_lr:g} at that step of the schedule)" if current_lr not in (None, lr) else ""
    return DivergenceError(
        f"training diverged at step {step} (epoch {epoch}): the cost became {cost} with learning rate "
        f"{lr:g}{now}; try a smaller learning rate such as {lr / 10:g}")


def train(net, train_data, *, epochs=10, batch_size=32, optimizer="sgd", lr=0.1, momentum=0.9,
          test_data=None, validation_data=None, seed=0, log_every=50, callbacks=(),
          patience=None, lr_schedule="constant", weight_decay=0.0, evaluate_train=True,
          progress=False):
    """Train net in place with mini-batch gradient descent and return a History.

    train_data, test_data, validation_data: (X, y) with X (m, n[0]) one example per row, y labels (m,).
    optimizer: an Optimizer or a name ('sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam')
    built with lr (and momentum). lr_schedule 'cosine' decays the rate to 0 over all steps.
    weight_decay lambda adds lambda * W[l] to each dW[l] (L2 regularisation).
    callbacks: objects with any of on_train_begin(history, net), on_step(history, net),
    on_epoch_end(history, net), on_train_end(history, net); a plain function is called at each
    epoch end. A hook returning True stops training. patience: stop when the validation cost
    (the training cost without validation data) has not improved for that many epochs and keep
    the best parameters. Raises DivergenceError when the cost becomes NaN or infinite."""
    X, y, Y = _split(train_data, net, "training")
    test = _split(test_data, net, "test")[:2] if test_data is not None else None
    val = _split(validation_data, net, "validation")[:2] if validation_data is not None else None
    opt = optimizer if isinstance(optimizer, Optimizer) else make_optimizer(optimizer, lr, momentum)
    if lr_schedule not in ("constant", "cosine"):
        raise ValueError(f"lr_schedule must be 'constant' or 'cosine', got {lr_schedule!r}")
    if int(batch_size) < 1 or int(epochs) < 0:
        raise ValueError(f"need batch_size >= 1 and epochs >= 0; got {batch_size} and {epochs}")
    m, batch_size = len(X), int(batch_size)
    rng = np.random.default_rng(seed)
    base_lr, params = opt.lr, net.params
    flat = net.is_flat()
    if flat:   # step all parameters as one vector: a few array operations per step instead of a few per layer
        grad = np.empty_like(net.theta)
        grad_views = net.views(grad)
        step_params, step_grads = [net.theta], [grad]
        decay = weight_decay * np.concatenate([np.full(p.size, float(p.ndim == 2), net.dtype) for p in params])
    else:
        weights = [p for p in params if p.ndim == 2]
    history = History(steps_per_epoch=math.ceil(m / batch_size))
    total_steps = history.steps_per_epoch * int(epochs)
    best, best_params, waited, step = np.inf, None, 0, 0
    stop = _call(callbacks, "on_train_begin", history, net)
    epoch_iter = range(1, int(epochs) + 1)
    if progress:
        from tqdm.auto import tqdm
        epoch_iter = tqdm(epoch_iter, desc="epochs", leave=True)
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up raises DivergenceError below
        for epoch in epoch_iter:
            if stop:
                break
            start = time.perf_counter()
            perm = rng.permutation(m)
            for s in range(0, m, batch_size):
                idx = perm[s:s + batch_size]
                Xb, Yb = X[idx].T, Y[idx].T                      # rows gathered, then a transposed view
                if lr_schedule == "cosine":
                    opt.lr = 0.5 * base_lr * (1 + math.cos(math.pi * step / total_steps))
                if flat:
                    A = net._backprop(Xb, Yb, out=grad_views)[2]
                    if weight_decay:
                        grad += decay * net.theta
                    opt.update(step_params, step_grads)
                else:
                    dW, db, A = net._backprop(Xb, Yb)
                    grads = [g for l in range(1, net.L + 1) for g in (dW[l], db[l])]
                    if weight_decay:
                        for g, W in zip(grads[0::2], weights):
                            g += weight_decay * W
                    opt.update(params, grads)
                step += 1
                if log_every and step % log_every == 0:
                    cost = net.cost_fn(A, Yb)
                    if not math.isfinite(cost):
                        raise _diverged(cost, base_lr, step, epoch, opt.lr)
                    history.step.append(step)
                    history.step_cost.append(cost)
                    stop = _call(callbacks, "on_step", history, net) or stop
                    if stop:
                        break
            history.seconds.append(time.perf_counter() - start)
            history.epoch.append(epoch)
            history.lr.append(opt.lr)
            if not all(np.isfinite(p).all() for p in params):
                raise _diverged("nan (the parameters overflowed)", base_lr, step, epoch, opt.lr)
            if evaluate_train or (patience and val is None):
                c, acc = evaluate(net, X, y)
                if not math.isfinite(c):
                    raise _diverged(c, base_lr, step, epoch, opt.lr)
                history.train_cost.append(c)
                history.train_accuracy.append(acc)
            for data, costs, accs in ((test, history.test_cost, history.test_accuracy),
                                      (val, history.validation_cost, history.validation_accuracy)):
                if data is not None:
                    c, acc = evaluate(net, *data)
                    costs.append(c)
                    accs.append(acc)
            stop = _call(callbacks, "on_epoch_end", history, net) or stop
            if patience:
                watched = (history.validation_cost or history.train_cost)[-1]
                if watched < best:
                    best, best_params, waited = watched, [p.copy() for p in params], 0
                else:
                    waited += 1
                    if waited >= patience:
                        history.stopped_early = stop = True
    if history.stopped_early and best_params is not None:
        for p, q in zip(params, best_params):
            p[...] = q
    opt.lr = base_lr
    _call(callbacks, "on_train_end", history, net)
    return history
