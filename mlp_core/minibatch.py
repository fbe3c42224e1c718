"""One run of mini-batch gradient descent: the update step, a checkpoint of the last finite state,
and the search for the exact update where the cost or the parameters stopped being finite.

Checking every update would cost time, so `train` checks only the logged mini-batch costs and the
parameters at each epoch's end; when one is not finite, `find_divergence` goes back to the last
checkpoint and replays the same mini-batches one update at a time."""
import copy
import math

import numpy as np

from .errors import DivergenceError


class MiniBatchRun:
    """The parameters, gradient buffers and optimizer of one `train` call.

    X: (m, n[0]) examples one per row, T: (m, n[L]) one-hot targets one per row (both checked).
    optimizer: stepped as given (train passes a copy); schedule(lr, s, total) gives eta_s.
    weight_decay lambda adds lambda W[l] to each dC/dW[l] (not to the biases)."""

    def __init__(self, net, X, T, optimizer, schedule, total, weight_decay):
        self.net, self.X, self.T, self.opt = net, X, T, optimizer
        self.schedule, self.total, self.base_lr = schedule, total, optimizer.lr
        self.s = 0                                           # updates done so far
        if net.is_flat():   # step theta as one vector: a few array operations per update
            grad = np.empty_like(net.theta)
            self.dW, self.db = net.views(grad)
            self.params, self.grads = [net.theta], [grad]
            mask = np.concatenate([np.full(p.size, float(p.ndim == 2), net.dtype) for p in net.params])
            self.decayed = [(grad, net.theta, weight_decay * mask)] if weight_decay else []
        else:
            self.dW = [None] + [np.empty_like(W) for W in net.W[1:]]
            self.db = [None] + [np.empty_like(b) for b in net.b[1:]]
            self.params = net.params
            self.grads = [g for l in range(1, net.L + 1) for g in (self.dW[l], self.db[l])]
            self.decayed = [(self.dW[l], net.W[l], weight_decay) for l in range(1, net.L + 1)] if weight_decay else []
        self.save()

    def update(self, idx):
        """Update s + 1 on the examples idx: backprop, weight decay, one optimizer step.
        Returns the batch's a[L] and T, both (n[L], B), computed before the update."""
        self.opt.lr = self.schedule(self.base_lr, self.s + 1, self.total)
        Tb = self.T[idx].T                                  # rows gathered, then a transposed view
        A = self.net.backprop_into(self.X[idx].T, Tb, self.dW, self.db)
        for g, p, decay in self.decayed:
            g += decay * p
        self.opt.update(self.params, self.grads)
        self.s += 1
        return A, Tb

    def finite(self):
        """True while every parameter is a finite number."""
        return all(np.isfinite(p).all() for p in self.params)

    def save(self):
        """Remember the parameters and the optimizer's state as the last finite checkpoint."""
        self.saved = ([p.copy() for p in self.params], copy.deepcopy(vars(self.opt)), self.s)

    def restore(self, params=None):
        """Put the checkpoint back: parameters, optimizer state and update count (or only the
        given parameter copies)."""
        if params is None:
            params, state, self.s = self.saved
            vars(self.opt).update(copy.deepcopy(state))
        for p, q in zip(self.params, params):
            p[...] = q

    def find_divergence(self, batches, epoch, first_s):
        """Replay from the checkpoint the updates first_s + 1.. of `batches` (index arrays, the batch
        of update first_s + 1 first) and return a DivergenceError naming the first update k after
        which the parameters are not finite or give a non-finite mini-batch cost; the network is left
        with the last finite parameters (from before update k, or after it when only the cost is bad)."""
        self.restore()
        with np.errstate(over="ignore", invalid="ignore"):
            for idx in batches[self.s - first_s:]:
                before = [p.copy() for p in self.params]
                A, Tb = self.update(idx)                     # A comes from the parameters after update s - 1
                cost = self.net.cost_fn(A, Tb)
                if not math.isfinite(cost):
                    self.restore(before)
                    return self.diverged(self.s - 1, f"the mini-batch cost became {cost}", "after", epoch)
                if not self.finite():
                    self.restore(before)
                    return self.diverged(self.s, "the parameters became NaN or infinite", "before", epoch)
        self.restore()
        return self.diverged(self.s, "the cost on a whole data set became NaN or infinite", "after", epoch)

    def diverged(self, k, what, when, epoch):
        """The DivergenceError for update k (the network already holds the last finite parameters)."""
        lr, now = self.base_lr, self.opt.lr
        rate = f"learning rate {lr:g}" + (f" ({now:g} at that step of the schedule)" if now != lr else "")
        return DivergenceError(
            f"training diverged at step {k} (epoch {epoch}): after it {what}, with {rate}. The inputs "
            f"were checked and are finite, so try a smaller learning rate such as {lr / 10:g}. The "
            f"network keeps the last finite parameters, those from {when} step {k}.")
