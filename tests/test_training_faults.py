"""train and evaluate under faults: an interrupted evaluation, hooks that return values, divergence from
its real cause (with no warning on the way), the parameters kept after it, evaluation chunk by chunk,
float32 all through, and the mutants the engine's tests must kill."""
import warnings

import numpy as np
import pytest

import mlp_core.training as training
from mlp_core import Callback, DivergenceError, InputError, Network, evaluate, train
from mlp_core.callbacks import WeightSnapshots
from stand_ins import BreakAt, blobs


class Keep(Callback):
    def on_train_begin(self, history, net):
        self.history = history


def test_an_interrupted_evaluation_leaves_the_history_even(monkeypatch):
    calls, real = [], training._evaluate

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:                 # epoch 2: after the training set, while evaluating the test set
            raise KeyboardInterrupt
        return real(*args, **kwargs)
    monkeypatch.setattr(training, "_evaluate", interrupted)
    keep = Keep()
    with pytest.raises(KeyboardInterrupt):
        train(Network([6, 5, 3]), blobs(), test_data=blobs(seed=1), epochs=3, callbacks=[keep])
    h = keep.history
    assert h.epoch == [1] and len(h.train_cost) == len(h.test_cost) == len(h.lr) == len(h.seconds) == 1


@pytest.mark.parametrize("chunk", [0, -1, 2.5, None])
def test_evaluate_needs_a_positive_chunk(chunk):
    X, y = blobs()
    with pytest.raises(InputError, match=rf"^evaluate chunk must be an integer >= 1, got {chunk!r}"):
        evaluate(Network([6, 5, 3]), X, y, chunk=chunk)


def columns_seen(net):
    """Spy on net.activations: the list of how many examples (columns) each call was given."""
    seen, real = [], net.activations

    def activations(X):
        seen.append(np.shape(X)[1])
        return real(X)
    net.activations = activations
    return seen


def test_evaluate_goes_through_the_examples_chunk_at_a_time():
    X, y = blobs()
    net = Network([6, 5, 3])
    seen = columns_seen(net)
    evaluate(net, X, y, chunk=7)
    assert seen == [7] * 12 + [6]


def test_by_default_at_most_10000_examples_are_evaluated_at_once():
    X, y = blobs(m=10_001)
    net = Network([6, 5, 3])
    seen = columns_seen(net)
    evaluate(net, X, y)
    assert seen == [10_000, 1]
    seen.clear()
    train(net, (X, y), epochs=1, batch_size=10_001, test_data=(X[:3], y[:3]))     # the sets of each epoch too
    assert seen == [10_000, 1, 3]


def test_a_float32_network_trains_and_logs_in_float32():
    """The targets are float32 too: the logged cost and the update equal net.cost and the gradient step
    computed in float32, with no float64 rounding in between."""
    X, y = blobs(m=30)
    net = Network([6, 5, 3], dtype=np.float32, seed=2)
    start = net.copy()
    h = train(net, (X, y), epochs=1, batch_size=30, lr=0.5, log_every=1, seed=7, evaluate_train=False)
    order = np.random.default_rng(7).permutation(30)
    X32, y = X.astype(np.float32)[order].T, y[order]
    assert h.step_cost == [start.cost(X32, y)]
    for p, q, g in zip(net.params, start.params, start.gradients(X32, y)):
        assert p.dtype == g.dtype == np.float32
        np.testing.assert_array_equal(p, q - np.float32(0.5) * g)


@pytest.mark.parametrize("answer", [1, "yes", np.array([1, 2]), [0], 0.5, "Stop please"])
def test_only_true_or_stop_stops_training(answer):
    h = train(Network([6, 5, 3]), blobs(), epochs=3, callbacks=[lambda history, net: answer])
    assert h.epoch == [1, 2, 3]


@pytest.mark.parametrize("answer", [True, np.True_, "stop"])
def test_true_or_stop_stops_after_the_epoch(answer):
    h = train(Network([6, 5, 3]), blobs(), epochs=3, callbacks=[lambda history, net: answer])
    assert h.epoch == [1]


@pytest.mark.parametrize("seed", [-1, 1.5, "0"])
def test_the_shuffling_seed_is_checked(seed):
    with pytest.raises(InputError, match=r"^seed must be a seed, an integer from 0 to 2\*\*63 - 1"):
        train(Network([6, 5, 3]), blobs(), seed=seed)


def test_a_callback_that_writes_nan_is_named_not_the_learning_rate():
    class Spoil(Callback):
        def on_epoch_end(self, history, net):
            net.W[1][0, 0] = np.nan
    net = Network([6, 5, 3])
    with pytest.raises(DivergenceError) as error:
        train(net, blobs(), epochs=3, batch_size=10, callbacks=[Spoil()])
    message = str(error.value)
    assert "between updates, not by one" in message and "a callback or other code wrote them" in message
    assert "learning rate" not in str(error.value) and np.isfinite(net.theta).all()


def test_inputs_that_overflow_float32_are_named():
    X, y = blobs()
    net = Network([6, 5, 3], activation="relu", dtype=np.float32)
    with pytest.raises(DivergenceError, match=r"Likely cause: the inputs are large \(largest \|x\| = 1.\d+e\+18, "
                                              r"computed in float32\)"):
        train(net, (X * 3e17, y), epochs=2, batch_size=10, lr=0.1, log_every=1)
    assert np.isfinite(net.theta).all()


def test_a_set_whose_evaluation_overflows_raises_divergence_and_warns_nothing():
    """test_data of size 3e307: z[1] = W[1] x overflows to inf, and softmax's z - max z gives inf - inf."""
    X, y = blobs()
    net, big = Network([6, 5, 3], activation="relu"), X * 3e307
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match=r"^training diverged at step 9 \(epoch 1\): after it the cost on "
                                                  r"test_data became nan although every parameter is finite"):
            train(net, (X, y), test_data=(big, y), epochs=2, batch_size=10, evaluate_train=False)
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        net.output(big.T)                      # the kept parameters: the same overflow, then invalid
    with np.errstate(over="ignore", invalid="raise"), pytest.raises(FloatingPointError, match="invalid"):
        net.output(big.T)


def test_a_weight_decay_that_cannot_converge_is_named():
    with pytest.raises(DivergenceError, match=r"Likely cause: the weight decay lambda = 1e\+300 "
                                              r"with learning rate 0.1"):
        train(Network([6, 5, 3]), blobs(), epochs=2, lr=0.1, weight_decay=1e300, log_every=1)


def states_and_batches(net, X, y, **options):
    """Train with log_every=1, keeping theta after every update; returns (states, error)."""
    class Record(Callback):
        def on_train_begin(self, history, net):
            states[0] = net.theta.copy()

        def on_step(self, history, net):
            states[history.step[-1]] = net.theta.copy()
    states = {}
    with pytest.raises(DivergenceError) as error:
        train(net, (X, y), log_every=1, callbacks=[Record()], **options)
    return states, str(error.value)


def test_after_divergence_the_network_keeps_the_parameters_whose_cost_was_last_finite():
    X, y = blobs(m=200, n=20)
    net = Network([20, 16, 3], activation="relu", dtype=np.float32, init="normal")
    states, message = states_and_batches(net, X * 30, y, epochs=1, batch_size=10, lr=3e4)
    kept = int(message.split("keeps the parameters from after step ")[1].split(",")[0])
    k = int(message.split("diverged at step ")[1].split(" ")[0])
    assert "mini-batch cost became" in message and kept == k - 1
    np.testing.assert_array_equal(net.theta, states[kept])
    perm = np.random.default_rng(0).permutation(200)
    batch = perm[kept * 10:(kept + 1) * 10]                  # the batch of update kept + 1
    check = Network([20, 16, 3], activation="relu", dtype=np.float32)
    check.theta[...] = states[kept]
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isfinite(check.cost((X * 30)[batch].T.astype(np.float32), y[batch]))


def test_nan_parameters_after_a_finite_cost_are_caught_at_that_update():
    """Kills `and` -> `or` in _epoch's check: NaN parameters must never become the checkpoint."""
    net = Network([6, 5, 3])
    states, message = states_and_batches(net, *blobs(), epochs=3, batch_size=10, optimizer=BreakAt(0.1, 12))
    assert message.startswith("training diverged at step 12 (epoch 2): after it the parameters became NaN or infinite.")
    assert message.endswith("The network keeps the parameters from after step 11, the last whose cost was finite.")
    np.testing.assert_array_equal(net.theta, states[11])


def test_an_infinite_test_cost_in_the_first_epoch_raises():
    """Kills test_cost[-1:] -> test_cost[+1:]: the first epoch's test cost is checked too."""
    X, y = blobs()
    net = Network([6, 5, 3], activation="identity", loss="quadratic")
    with pytest.raises(DivergenceError, match=r"at step 9 \(epoch 1\): after it the cost on test_data became inf "
                                              r"although every parameter is finite. "
                                              r"Likely cause: the inputs are large"):
        train(net, (X, y), test_data=(X * 1e200, y), epochs=2, batch_size=10, lr=0.01, evaluate_train=False)


@pytest.mark.parametrize("layer,error", [(0, r"^WeightSnapshots\(layer\) must be an integer >= 1, got 0$"),
                                         (1.5, r"^WeightSnapshots\(layer\) must be an integer >= 1, got 1.5"),
                                         (3, r"^WeightSnapshots\(layer\) must be a layer from 1 to L = 2 "
                                             r"of this network, got 3$")])
def test_weight_snapshots_need_a_layer_with_weights(layer, error):
    with pytest.raises(InputError, match=error):
        train(Network([6, 5, 3]), blobs(), epochs=1, callbacks=[WeightSnapshots(layer=layer)])


def test_weight_snapshots_of_the_last_layer_are_finite():
    snaps = WeightSnapshots(layer=2, early_steps=(3,))
    train(Network([6, 5, 3]), blobs(), epochs=2, batch_size=10, log_every=1, callbacks=[snaps])
    assert snaps.frames.shape == (4, 3, 5) and np.isfinite(snaps.frames).all() and snaps.steps == [0, 3, 9, 18]
