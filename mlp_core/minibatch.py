"""One run of mini-batch gradient descent: the update step, a checkpoint of the last finite state,
and the search for the exact update where the cost or the parameters stopped being finite.

Checking every update would cost time, so `train` checks only the logged mini-batch costs and the
parameters at each epoch's end; when one is not finite, `find_divergence` goes back to the last
checkpoint and replays the same mini-batches one update at a time."""
import copy
import math

import numpy as np

from .errors import DivergenceError
from .network import param_list


class MiniBatchRun:
    """The parameters, gradient buffers and optimizer of one `train` call, which repeats mini-batch,
    gradient, update. Chapter 3 §11; Chapter 5 §1.

    X: (m, n[0]) examples one per row, T: (m, n[L]) one-hot targets one per row (both checked).
    optimizer: stepped as given (train passes a copy); schedule(lr, s, total) gives eta_s.
    weight_decay lambda adds lambda W[l] to each dC/dW[l] (not to the biases), the gradient of the
    extra cost (lambda / 2) sum_l ||W[l]||^2. Chapter 5 §9."""

    def __init__(self, net, X, T, optimizer, schedule, total, weight_decay):
        self.net, self.X, self.T, self.opt = net, X, T, optimizer
        self.schedule, self.total, self.base_lr = schedule, total, optimizer.lr
        self.weight_decay = weight_decay
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
            self.grads = param_list(self.dW, self.db)
            self.decayed = [(self.dW[l], net.W[l], weight_decay) for l in range(1, net.L + 1)] if weight_decay else []
        self.save()

    def update(self, idx, keep=False):
        """Update s + 1 on the mini-batch idx: backprop gives dC_B/dtheta, weight decay adds lambda W[l]
        to each dC_B/dW[l], and the optimizer steps with the rate eta_s of the schedule (for SGD
        theta <- theta - eta_s dC_B/dtheta). Chapter 4 §15; Chapter 5 §9–10.

        Returns the batch's a[L] and T, both (n[L], B), computed before the update. keep: first copy
        the parameters to self.before (those whose cost the returned a[L] gives)."""
        if keep:
            self.before = [p.copy() for p in self.params]
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

    def save(self, good=None):
        """Remember the parameters, the optimizer's state and s as the checkpoint to replay from, and
        good = (parameter copies, s) as the last parameters known to give a finite cost (by default
        the checkpoint's own parameters)."""
        params = [p.copy() for p in self.params]
        self.saved = (params, copy.deepcopy(vars(self.opt)), self.s)
        self.good = good if good is not None else (params, self.s)

    def restore(self, params=None):
        """Put the checkpoint back: parameters, optimizer state and update count (or only the
        given parameter copies)."""
        if params is None:
            params, state, self.s = self.saved
            vars(self.opt).update(copy.deepcopy(state))
        for p, q in zip(self.params, params):
            p[...] = q

    def find_divergence(self, batches, epoch, first_s, bad_set=None):
        """Replay from the checkpoint the updates first_s + 1.. of `batches` (index arrays, the batch
        of update first_s + 1 first) and return a DivergenceError naming the first update after which
        the parameters are not finite or give a non-finite mini-batch cost, and its likely cause.
        Chapter 5 §8.

        The network is left with the last parameters whose cost was finite. bad_set: (name, cost, X)
        of a data set whose whole cost was not finite, when that is what was found."""
        changed_outside = not self.finite()
        self.restore()
        good = self.good
        with np.errstate(over="ignore", invalid="ignore"):
            for idx in batches[self.s - first_s:]:
                A, Tb = self.update(idx, keep=True)         # A comes from the parameters after update s - 1
                cost = self.net.cost_fn(A, Tb)
                if not math.isfinite(cost):               # update s - 1 is the last of the epoch before
                    self.restore(good[0])                  # when this is the epoch's first batch
                    k = self.s - 1
                    return self.diverged(k, f"the mini-batch cost became {cost}", epoch - (0 < k == first_s),
                                         good[1], known_finite=good[1] < k)
                good = (self.before, self.s - 1)
                if not self.finite():
                    self.restore(good[0])
                    return self.diverged(self.s, "the parameters became NaN or infinite", epoch, good[1])
        if changed_outside or bad_set is None:
            self.restore()
            return DivergenceError(
                f"training stopped at step {self.saved[2]} (epoch {epoch}): the parameters became NaN, infinite "
                "or too large for a finite cost between updates, not by one (replaying the updates gives finite "
                "parameters and costs), so a callback or other code wrote them. The network keeps the parameters "
                f"from after step {self.s}.")
        name, cost, X = bad_set
        return self.diverged(self.s, f"the cost on {name} became {cost} although every parameter is finite",
                             epoch, self.s, X, known_finite=False)

    def cause(self, X, k=None):
        """The likeliest cause of a blow-up after update k and what to try, in one sentence."""
        lr, now = self.base_lr, self.opt.lr
        rate = f"learning rate {lr:g}" + (f" ({now:g} at that step of the schedule)" if now != lr else "")
        largest = float(np.max(np.abs(X))) if np.size(X) else 0.0
        if k == 0:
            return ("the starting parameters already give a non-finite cost, before any update (so not the "
                    f"learning rate): check the initial weights and the inputs (largest |x| = {largest:.3g})")
        if self.weight_decay * lr >= 2:
            return (f"the weight decay lambda = {self.weight_decay:g} with {rate} multiplies the weights by "
                    f"1 - eta lambda = {1 - lr * self.weight_decay:.3g} at each step; use lambda < 2 / eta "
                    f"= {2 / lr:g}")
        if largest > 100:
            return (f"the inputs are large (largest |x| = {largest:.3g}, computed in {self.net.dtype}), so "
                    f"the outputs overflow with {rate}; scale the inputs to about 0..1 (e.g. X / {largest:.3g})")
        return f"the inputs are finite and small, so {rate} is too large: try a smaller one such as {lr / 10:g}"

    def diverged(self, k, what, epoch, kept, X=None, known_finite=True):
        """The DivergenceError for update k (the network already holds the parameters from after step
        kept; known_finite: their mini-batch cost was computed and finite)."""
        which = ("the last whose cost was finite" if known_finite else
                 "the last ones kept" if kept else "its starting parameters")
        return DivergenceError(
            f"training diverged at step {k} (epoch {epoch}): after it {what}. Likely cause: "
            f"{self.cause(self.X if X is None else X, k)}. The network keeps the parameters from after step "
            f"{kept}, {which}.")
