"""The base class of training callbacks: `train` calls each hook with (history, net).

Override only the hooks you need. A hook that returns exactly True, or the string "stop", asks `train`
to stop: before the first update (on_train_begin), after the current step (on_step) or after the
current epoch (on_epoch_end). Any other return value (None, a number, an array, another string) lets
training go on, so a hook that returns something for its own use never stops a run by accident.
`train` also accepts a plain function f(history, net), called as on_epoch_end.

This module is the one home of callbacks: the base class, the way `train` runs them (`run_callbacks`,
public so that a hand-written training loop can run the same hooks), and WeightSnapshots. The kit's
live cost plot (mlp_core.controls.LiveCostPlot) is a Callback too; it lives with the other widgets."""
import numpy as np

from . import validation as check
from .errors import InputError

HOOKS = ("on_train_begin", "on_step", "on_epoch_end", "on_train_end")


class Callback:
    """Hooks called by `train`: on_train_begin, on_step (every `log_every` updates, after the
    mini-batch cost is logged), on_epoch_end (after the epoch's evaluation) and on_train_end."""

    def on_train_begin(self, history, net):
        """Called once before the first update; return True (or "stop") to train nothing."""

    def on_step(self, history, net):
        """Called each time a mini-batch cost is logged; return True (or "stop") to stop."""

    def on_epoch_end(self, history, net):
        """Called after each epoch's evaluation; return True (or "stop") to stop."""

    def on_train_end(self, history, net):
        """Called once when training ends (normally or by a stop request)."""


def as_callbacks(callbacks):
    """A list of callbacks from one callback or an iterable of them: Callback objects (any object
    with some of HOOKS) or plain functions f(history, net), which are called as on_epoch_end.
    Raises InputError for anything else."""
    if callable(callbacks) or any(hasattr(callbacks, h) for h in HOOKS):
        callbacks = [callbacks]
    try:
        callbacks = list(callbacks)
    except TypeError:
        raise InputError(f"callbacks must be a callback or a list of them, got {callbacks!r}") from None
    for cb in callbacks:
        if not callable(cb) and not any(hasattr(cb, h) for h in HOOKS):
            raise InputError(f"callbacks: {cb!r} is neither a function nor an object with any of {HOOKS}")
    return callbacks


def asks_to_stop(answer):
    """True when a hook's return value asks training to stop: exactly True or the string "stop".
    Anything else (None, numbers, arrays, other strings) lets training go on."""
    return answer is True or isinstance(answer, np.bool_) and bool(answer) or \
        isinstance(answer, str) and answer == "stop"


def run_callbacks(callbacks, hook, history, net):
    """Call hook(history, net) on every callback in the list that has it (a plain function counts as
    on_epoch_end), in order; True if any of them asks to stop. hook: one of HOOKS."""
    if hook not in HOOKS:
        raise InputError(f"hook must be one of {HOOKS}, got {hook!r}")
    stop = False
    for cb in callbacks:
        fn = getattr(cb, hook, None)
        if fn is None and hook == "on_epoch_end" and callable(cb):
            fn = cb
        if fn is not None and asks_to_stop(fn(history, net)):
            stop = True
    return stop


class WeightSnapshots(Callback):
    """Keeps W[layer] (n[layer], n[layer-1]) before the first update, after the logged steps
    `early_steps` (by default 50, 100, 200, 400, 800: the first epoch changes the most) and after every
    epoch. `steps[k]` is the number of updates before `frames[k]`; `frames` is (K, n[layer], n[layer-1]).
    layer: 1..L (layer 0, the input, has no weights); early_steps: update counts >= 1."""

    def __init__(self, layer=1, early_steps=(50, 100, 200, 400, 800)):
        self.layer = check.count("WeightSnapshots(layer)", layer, 1)
        try:
            steps = list(early_steps)
        except TypeError:
            raise InputError("WeightSnapshots(early_steps) must be a list of update counts, "
                             f"got {early_steps!r}") from None
        self.early_steps = {check.count("WeightSnapshots(early_steps) entry", s, 1) for s in steps}
        self.steps, self._frames, self.labels = [], [], []

    @property
    def frames(self):
        return np.array(self._frames)

    def _keep(self, step, net, label):
        if self.steps and self.steps[-1] == step:
            return
        self.steps.append(step)
        self._frames.append(np.array(net.W[self.layer], dtype=np.float32))
        self.labels.append(label)

    def on_train_begin(self, history, net):
        if self.layer > net.L:
            raise InputError(f"WeightSnapshots(layer) must be a layer from 1 to L = {net.L} of this network, "
                             f"got {self.layer}")
        self._keep(0, net, "before training")

    def on_step(self, history, net):
        step = history.step[-1]
        if step in self.early_steps:
            self._keep(step, net, f"after {step} updates")

    def on_epoch_end(self, history, net):
        self._keep(history.epoch[-1] * history.steps_per_epoch, net, f"after epoch {history.epoch[-1]}")
