"""Mini-batch training: shuffle, slice a batch, backprop, let the optimizer step; record a History.

Data sets are stored one example per row, X of shape (m, n[0]) and labels y of shape (m,) as
`load_mnist` returns them; a batch is taken by rows and transposed to the network's (n[0], B).
Every argument and array is checked once per `train` call, before the first update."""
import copy
import math
import time

import numpy as np

from . import validation as check
from .callbacks import as_callbacks, run_callbacks
from .errors import InputError
from .history import History
from .labels import one_hot
from .minibatch import MiniBatchRun
from .optimizers import Optimizer, make_optimizer
from .schedules import get_schedule


def checked_data(name, data, net):
    """(X, y) -> X (m, n[0]) in the net's dtype, one example per row, and labels y (m,) in
    0..n[L]-1 (one-hot rows (m, n[L]) are decoded). Raises InputError or ShapeError."""
    try:
        X, y = data
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a pair (X, y) of examples and labels, got {type(data).__name__}") from None
    X = check.examples(f"{name} X", X, net.sizes[0])
    with np.errstate(over="ignore"):                  # a value too big for the dtype becomes inf: refused
        X = np.ascontiguousarray(X.reshape(len(X), -1), dtype=net.dtype)
    X = check.finite(f"{name} X", X)
    return X, check.labels(f"{name} y", y, net.sizes[-1], len(X))


def evaluate(net, X, y, chunk=10000):
    """(C, accuracy) of net on rows X (m, n[0]) with labels y (m,): C = (1/m) sum_i C_i and the
    fraction of examples with y-hat = y. Chapter 3 §3 and §6.

    Computed chunk (an integer >= 1) examples at a time."""
    chunk = check.count("evaluate chunk", chunk, 1)
    X, y = checked_data("evaluation data", (X, y), net)
    return _evaluate(net, X, y, chunk)


def _evaluate(net, X, y, chunk=10000):
    cost, correct = 0.0, 0
    for s in range(0, len(X), chunk):
        A = net.activations(X[s:s + chunk].T)[net.L]
        cost += net.cost_fn(A, one_hot(y[s:s + chunk], net.sizes[-1], net.dtype).T) * A.shape[1]
        correct += int(np.sum(np.argmax(A, axis=0) == y[s:s + chunk]))
    return cost / len(X), correct / len(X)


def _optimizer(optimizer, lr, momentum):
    if isinstance(optimizer, Optimizer):
        return optimizer
    if not isinstance(optimizer, str):
        raise InputError(f"optimizer must be an Optimizer or a name such as 'sgd', got {optimizer!r}")
    return make_optimizer(optimizer, lr, momentum)


class _EarlyStopping:
    """Stop when the watched cost has not fallen below its best for `patience` epochs; keep the best
    parameters to put back. Chapter 5 §9."""

    def __init__(self, patience):
        self.patience, self.best, self.best_params, self.waited = patience, math.inf, None, 0

    def should_stop(self, cost, params):
        if cost < self.best:
            self.best, self.best_params, self.waited = cost, [p.copy() for p in params], 0
        else:
            self.waited += 1
        return self.waited >= self.patience

    def restore(self, params):
        for p, q in zip(params, self.best_params):
            p[...] = q


def _record_epoch(history, net, run, sets, evaluate_train, epoch, seconds):
    """Evaluate on the data sets, then append the epoch's figures all at once (an interrupted
    evaluation records nothing). Returns None, or (name, cost, X) of the first set whose cost is not
    finite (then nothing is recorded)."""
    names = ("train_data", "test_data", "validation_data")
    figures = [(name, data, _evaluate(net, *data)) for name, data in zip(names, sets)
               if data is not None and (name != "train_data" or evaluate_train)]
    for name, data, (c, _) in figures:
        if not math.isfinite(c):
            return name, c, data[0]
    history.epoch.append(epoch)
    history.lr.append(run.opt.lr)
    history.seconds.append(seconds)
    for name, _, (c, acc) in figures:
        split = name.split("_")[0]
        getattr(history, f"{split}_cost").append(c)
        getattr(history, f"{split}_accuracy").append(acc)
    return None


def _epoch(run, history, callbacks, rng, batch_size, log_every, epoch):
    """One pass over the m training examples in a fresh random order, ceil(m / B) updates (an epoch).
    Chapter 5 §1.

    Returns (stop, batches, first_s): stop is True when an on_step hook asks to stop, batches the
    epoch's index arrays and first_s the update count before the epoch.

    A non-finite logged cost raises DivergenceError at the exact update."""
    m, first_s = len(run.X), run.s
    perm = rng.permutation(m)
    batches = [perm[s:s + batch_size] for s in range(0, m, batch_size)]
    with np.errstate(over="ignore", invalid="ignore"):   # a blow-up is found and reported below
        for idx in batches:
            logged = log_every and (run.s + 1) % log_every == 0
            A, Tb = run.update(idx, keep=logged)
            if logged:
                cost = run.net.cost_fn(A, Tb)
                if not (math.isfinite(cost) and run.finite()):
                    raise run.find_divergence(batches, epoch, first_s)
                run.save(good=(run.before, run.s - 1))      # the parameters whose cost was just found finite
                history.step.append(run.s)
                history.step_cost.append(cost)
                if run_callbacks(callbacks, "on_step", history, run.net):
                    return True, batches, first_s
    return False, batches, first_s


def train(net, train_data, *, epochs=10, batch_size=32, optimizer="sgd", lr=0.1, momentum=0.9,
          test_data=None, validation_data=None, seed=0, log_every=50, callbacks=(),
          patience=None, lr_schedule="constant", weight_decay=0.0, evaluate_train=True):
    """Train net in place with mini-batch gradient descent and return a History.
    Chapter 3 §11; Chapter 4 §15; Chapter 5 §1 and §9–10.

    train_data, test_data, validation_data: (X, y) with X (m, n[0]) one example per row and y
    integer labels (m,) or one-hot rows (m, n[L]); every value finite, m >= 1.
    epochs: passes over the training set; batch_size: B, the examples per update (integers).
    optimizer: an Optimizer (its state carries on after training; it is left as given when training
    diverges) or a name ('sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam') built with
    lr (eta) and momentum (mu). lr_schedule: 'constant', or 'cosine' from eta down towards 0 over
    all updates (see mlp_core.schedules). weight_decay lambda >= 0 adds lambda W[l] to each dC/dW[l].
    callbacks: Callback objects (mlp_core.callbacks) or plain functions (called as on_epoch_end),
    each hook called with (history, net); a hook returning exactly True or "stop" stops training
    after that update (on_step) or epoch (on_epoch_end); any other value (None, numbers, arrays) does
    not. patience: None, or stop when the validation cost (the
    training cost without validation data) has not improved for that many epochs, keeping the best
    parameters. seed: the seed of the shuffling (an integer >= 0). Raises InputError or ShapeError
    for bad arguments before any update, and DivergenceError naming the first update whose cost or
    parameters are not finite and the likely cause (the network then keeps the last parameters whose
    cost was finite)."""
    epochs, batch_size = check.integer("epochs", epochs, 0), check.integer("batch_size", batch_size, 1)
    log_every, seed = check.integer("log_every", log_every, 0), check.seed("seed", seed)
    weight_decay = check.number("weight_decay", weight_decay, low=0)
    check.number("momentum", momentum, low=0, high=1, high_open=True)   # lr: the optimizer checks it
    if patience is not None:
        patience = check.integer("patience", patience, 1)
    schedule, given = get_schedule(lr_schedule), _optimizer(optimizer, lr, momentum)
    callbacks = as_callbacks(callbacks)
    check.finite("the network's parameters", np.concatenate([p.ravel() for p in net.params]))
    X, y = checked_data("train_data", train_data, net)
    sets = ((X, y), None if test_data is None else checked_data("test_data", test_data, net),
            None if validation_data is None else checked_data("validation_data", validation_data, net))
    history = History(steps_per_epoch=math.ceil(len(X) / batch_size))
    run = MiniBatchRun(net, X, one_hot(y, net.sizes[-1], net.dtype), copy.deepcopy(given), schedule,
                       history.steps_per_epoch * epochs, weight_decay)
    _fit(run, history, sets, callbacks, np.random.default_rng(seed), batch_size, log_every, epochs,
         patience, evaluate_train or (patience is not None and validation_data is None))
    vars(given).update(vars(run.opt), lr=run.base_lr)
    run_callbacks(callbacks, "on_train_end", history, net)
    return history


def _fit(run, history, sets, callbacks, rng, batch_size, log_every, epochs, patience, evaluate_train):
    """The epochs of `train`: update, evaluate, check, call the hooks, stop early."""
    net, stopping = run.net, _EarlyStopping(patience) if patience else None
    stop = run_callbacks(callbacks, "on_train_begin", history, net)
    for epoch in range(1, epochs + 1):
        if stop:
            break
        start = time.perf_counter()
        stop, batches, first_s = _epoch(run, history, callbacks, rng, batch_size, log_every, epoch)
        if not run.finite():
            raise run.find_divergence(batches, epoch, first_s)
        with np.errstate(over="ignore", invalid="ignore"):
            bad_set = _record_epoch(history, net, run, sets, evaluate_train, epoch, time.perf_counter() - start)
        if bad_set:
            raise run.find_divergence(batches, epoch, first_s, bad_set)
        run.save(good=None if evaluate_train or any(sets[1:]) else run.good)
        stop = run_callbacks(callbacks, "on_epoch_end", history, net) or stop
        if stopping and stopping.should_stop((history.validation_cost or history.train_cost)[-1], run.params):
            history.stopped_early = stop = True
    if history.stopped_early:
        stopping.restore(run.params)
