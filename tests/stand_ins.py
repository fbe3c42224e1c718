"""Stand-ins shared by the training tests."""
import numpy as np

from mlp_core import SGD


class BreakAt(SGD):
    """Plain SGD that writes a NaN into the parameters at update `at` (the cost computed before that
    update is finite)."""

    def __init__(self, lr, at):
        super().__init__(lr)
        self.at, self.count = at, 0

    def update(self, params, grads):
        super().update(params, grads)
        self.count += 1
        if self.count == self.at:
            params[0].flat[3] = np.nan
