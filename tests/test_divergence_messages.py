"""The whole sentence a learner reads when training diverges: the likely cause (a weight decay with
eta lambda >= 2, inputs larger than 100, or else the learning rate) at and just past each boundary,
and the epoch named when the update blamed is the last of the epoch before. Chapter 5 §8–9.

Every run is forced to diverge at a chosen update by an optimizer that writes a finite 1e200 into
W[1][0, 0] (as in test_training_saves.py), so the rule that names the cause is the only thing varied."""
import re

import numpy as np
import pytest

from mlp_core import Callback, DivergenceError, Network, train
from stand_ins import HugeAt, blobs


def cause_of(data, lr, weight_decay=0.0, dtype=np.float64):
    """The 'Likely cause' of a linear network's divergence forced after update 3, and the message."""
    net = Network([6, 5, 3], activation="identity", loss="quadratic", dtype=dtype)
    with pytest.raises(DivergenceError) as error:
        train(net, data, epochs=2, batch_size=10, optimizer=HugeAt(lr, 3), weight_decay=weight_decay,
              log_every=1, evaluate_train=False)
    message = str(error.value)
    found = re.fullmatch(r"training diverged at step \d+ \(epoch \d\): after it the mini-batch cost became "
                         r"(inf|nan)\. Likely cause: (.*)\. The network keeps the parameters from after step "
                         r"\d+, the last whose cost was finite\.", message)
    assert found, message
    return found.group(2)


def test_a_weight_decay_with_eta_lambda_exactly_2_is_named_with_its_factor_and_bound():
    """eta = 4, lambda = 0.5: eta lambda = 2 exactly, each step multiplies W by 1 - 2 = -1; the bound
    2 / eta = 0.5 (lambda / eta = 0.125 is not the rule)."""
    assert cause_of(blobs(), lr=4.0, weight_decay=0.5) == (
        "the weight decay lambda = 0.5 with learning rate 4 multiplies the weights by 1 - eta lambda = -1 at "
        "each step; use lambda < 2 / eta = 0.5")


def test_a_weight_decay_with_eta_lambda_above_2_gives_its_factor():
    """eta = 0.25, lambda = 10: 1 - eta lambda = 1 - 2.5 = -1.5; 2 / eta = 8."""
    assert cause_of(blobs(), lr=0.25, weight_decay=10.0) == (
        "the weight decay lambda = 10 with learning rate 0.25 multiplies the weights by 1 - eta lambda = -1.5 "
        "at each step; use lambda < 2 / eta = 8")


def test_a_weight_decay_just_under_the_bound_blames_the_learning_rate():
    """eta = 0.5, lambda = 3.99: eta lambda = 1.995 < 2, small inputs: the learning rate is named."""
    assert cause_of(blobs(), lr=0.5, weight_decay=3.99) == (
        "the inputs are finite and small, so learning rate 0.5 is too large: try a smaller one such as 0.05")


def scaled(largest):
    """blobs() with its largest |x| made exactly `largest` (the largest entry divided by itself is 1)."""
    X, y = blobs()
    return X / np.abs(X).max() * largest, y


def test_inputs_of_exactly_100_are_not_called_large():
    X, y = scaled(100.0)
    assert np.abs(X).max() == 100.0
    assert cause_of((X, y), lr=1e-4) == (
        "the inputs are finite and small, so learning rate 0.0001 is too large: try a smaller one such as 1e-05")


@pytest.mark.parametrize("dtype,largest,shown", [(np.float64, 100.9, "101"), (np.float32, 2345.0, "2.34e+03")])
def test_inputs_just_past_100_are_called_large(dtype, largest, shown):
    assert cause_of(scaled(largest), lr=1e-4, dtype=dtype) == (
        f"the inputs are large (largest |x| = {shown}, computed in {np.dtype(dtype).name}), so the outputs "
        f"overflow with learning rate 0.0001; scale the inputs to about 0..1 (e.g. X / {shown})")


def test_a_divergence_in_the_first_batch_of_epoch_2_with_one_batch_per_epoch_names_epoch_1():
    """One mini-batch per epoch: update 1 (epoch 1) makes W[1][0, 0] = 1e200, so the cost of epoch 2's
    only batch, computed with the parameters from after update 1, overflows: the error blames update 1,
    of epoch 1, and keeps the starting parameters (their cost, at update 1, was finite)."""
    net = Network([6, 5, 3], activation="identity", loss="quadratic")
    start = net.theta.copy()
    with pytest.raises(DivergenceError) as error:
        train(net, blobs(m=20), epochs=3, batch_size=20, optimizer=HugeAt(0.01, 1), log_every=1,
              evaluate_train=False)
    assert str(error.value) == (
        "training diverged at step 1 (epoch 1): after it the mini-batch cost became inf. Likely cause: the "
        "inputs are finite and small, so learning rate 0.01 is too large: try a smaller one such as 0.001. "
        "The network keeps the parameters from after step 0, the last whose cost was finite.")
    np.testing.assert_array_equal(net.theta, start)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weight_decay_gives_the_same_parameters_whether_theta_is_one_vector_or_separate_arrays(dtype):
    """lambda W[l] is added in the network's own precision on both paths (a float32 network computes
    float32(lambda) * W in float32), so one vector and separate arrays train to identical bits."""
    nets = [Network([6, 5, 3], seed=2, dtype=dtype) for _ in range(2)]
    nets[1].W[1] = nets[1].W[1].copy()                 # no longer a view of theta: updated array by array
    assert nets[0].is_flat() and not nets[1].is_flat()
    for net in nets:
        train(net, blobs(), epochs=2, batch_size=10, lr=0.3, weight_decay=0.1, evaluate_train=False)
    for p, q in zip(nets[0].params, nets[1].params):
        assert p.dtype == q.dtype == dtype
        np.testing.assert_array_equal(p, q)


def test_a_callback_that_writes_huge_finite_parameters_is_named():
    """A one-layer linear network: a callback sets b[1][0] = 1e160 after update 2. The parameters stay
    finite, but the next mini-batch cost (~1e320) overflows. Replaying updates 3.. from the checkpoint
    of update 2 gives finite costs, so the error names code outside the updates and the network gets
    back the checkpoint's parameters."""
    X, y = blobs(m=30)

    class Spoil(Callback):
        def on_step(self, history, net):
            self.step = history.step[-1]
            if self.step == 2:
                self.kept = net.theta.copy()
                net.b[1][0] = 1e160

    net, spoil = Network([6, 3], activation="identity", loss="quadratic"), Spoil()
    with pytest.raises(DivergenceError) as error:
        train(net, (X, y), epochs=2, batch_size=10, log_every=1, evaluate_train=False, callbacks=[spoil])
    assert str(error.value) == (
        "training stopped at step 2 (epoch 1): the parameters became NaN, infinite or too large for a finite "
        "cost between updates, not by one (replaying the updates gives finite parameters and costs), so a "
        "callback or other code wrote them. The network keeps the parameters from after step 2.")
    assert spoil.step == 2
    np.testing.assert_array_equal(net.theta, spoil.kept)
