"""A training callback that keeps copies of one layer's weights as training goes on."""
import numpy as np

from . import validation as check
from .callbacks import Callback
from .errors import InputError


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
