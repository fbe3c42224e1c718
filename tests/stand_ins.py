"""Stand-ins and data shared by the training tests."""
import numpy as np

from mlp_core import SGD


class WriteAt(SGD):
    """Plain SGD that, right after update `at`, writes `value` into entry `index` of the first parameter
    array (W[1] read row by row: index 0 is W[1][0, 0])."""

    def __init__(self, lr, at, index, value):
        super().__init__(lr)
        self.at, self.index, self.value, self.count = at, index, value, 0

    def update(self, params, grads):
        super().update(params, grads)
        self.count += 1
        if self.count == self.at:
            params[0].flat[self.index] = self.value


class BreakAt(WriteAt):
    """Writes a NaN at update `at` (the cost computed before that update is finite)."""

    def __init__(self, lr, at):
        super().__init__(lr, at, 3, np.nan)


class HugeAt(WriteAt):
    """Writes a finite 1e200 into W[1][0, 0] at update `at`: the parameters stay finite, but every
    example with x_0 != 0 then gets an output near 1e200, and the next mini-batch cost overflows."""

    def __init__(self, lr, at):
        super().__init__(lr, at, 0, 1e200)


def blobs(m=90, n=6, classes=3, seed=0):
    """m examples (rows of n inputs) in `classes` separable clusters around random centres, and their
    labels: a data set small enough to train in milliseconds."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, n)) * 2
    y = rng.integers(0, classes, m)
    return centres[y] + rng.standard_normal((m, n)) * 0.5, y
