import numpy as np
import pytest

from mlp_core import DivergenceError, History, InputError, Network, ShapeError, evaluate, train
from mlp_core import SGD, Callback
from mlp_core.optimizers import Momentum


def blobs(m=600, n=20, classes=3, seed=0):
    """Separable clusters, one example per row."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, n)) * 2
    y = rng.integers(0, classes, m)
    return centres[y] + rng.standard_normal((m, n)) * 0.5, y


def test_training_lowers_the_cost_and_fits_separable_data():
    X, y = blobs()
    net = Network([20, 8, 3], seed=0)
    before = evaluate(net, X, y)
    h = train(net, (X, y), epochs=5, batch_size=16, lr=0.5, test_data=blobs(seed=0))
    assert h.epoch == [1, 2, 3, 4, 5] and len(h.test_accuracy) == 5
    assert h.train_cost[-1] < before[0] / 3
    assert h.train_accuracy[-1] > 0.95 and h.test_accuracy[-1] > 0.95
    assert h.steps_per_epoch == 38 and "test accuracy" in h.summary()


def test_same_seed_same_weights_and_history_other_seed_differs():
    X, y = blobs()
    runs = []
    for seed in (3, 3, 4):
        net = Network([20, 6, 3], seed=1)
        h = train(net, (X, y), epochs=2, batch_size=10, lr=0.3, seed=seed, log_every=5)
        runs.append((net, h))
    (a, ha), (b, hb), (c, _) = runs
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)
    assert ha.train_cost == hb.train_cost and ha.step_cost == hb.step_cost
    assert not np.array_equal(a.W[1], c.W[1])


def test_float32_training_keeps_float32():
    X, y = blobs()
    net = Network([20, 6, 3], dtype=np.float32)
    train(net, (X, y), epochs=1, lr=0.3)
    assert all(p.dtype == np.float32 for p in net.params)


def test_step_history_and_callbacks_in_order():
    X, y = blobs(m=100)
    events = []

    class Recorder:
        def on_train_begin(self, h, net):
            events.append("begin")

        def on_step(self, h, net):
            events.append(("step", h.step[-1]))

        def on_epoch_end(self, h, net):
            events.append(("epoch", h.epoch[-1]))

        def on_train_end(self, h, net):
            events.append("end")
    h = train(Network([20, 4, 3]), (X, y), epochs=2, batch_size=10, log_every=4, callbacks=[Recorder()])
    assert h.step == [4, 8, 12, 16, 20] and len(h.step_cost) == 5
    assert events == ["begin", ("step", 4), ("step", 8), ("epoch", 1), ("step", 12), ("step", 16),
                      ("step", 20), ("epoch", 2), "end"]


def test_a_callback_returning_true_stops_training():
    X, y = blobs(m=100)
    h = train(Network([20, 4, 3]), (X, y), epochs=10, callbacks=[lambda h, net: h.epoch[-1] == 3])
    assert h.epoch == [1, 2, 3]


def test_early_stopping_keeps_the_best_parameters():
    X, y = blobs(m=200)
    Xv, yv = blobs(m=100, seed=0)
    yv = (yv + 1) % 3          # a validation set the training makes worse
    net = Network([20, 6, 3], seed=0)
    snapshots = []
    h = train(net, (X, y), validation_data=(Xv, yv), epochs=30, lr=0.5, patience=2,
              callbacks=[lambda h, n: snapshots.append([p.copy() for p in n.params])])
    assert h.stopped_early and len(h.epoch) < 30
    best = int(np.argmin(h.validation_cost))
    assert len(h.epoch) == best + 3
    for p, q in zip(net.params, snapshots[best]):
        np.testing.assert_array_equal(p, q)


def test_divergence_names_the_learning_rate_and_step():
    X, y = blobs(m=200)
    with pytest.raises(DivergenceError, match=r"step \d+ .*learning rate 1e\+06") as err:
        train(Network([20, 16, 3], activation="relu", init="normal"), (X * 100, y), epochs=3,
              lr=1e6, log_every=1)
    assert "the inputs are large (largest |x| = 590" in str(err.value)
    assert "scale the inputs to about 0..1" in str(err.value)


def test_cosine_schedule_and_weight_decay():
    X, y = blobs(m=100)
    opt = Momentum(0.2, 0.9)
    h = train(Network([20, 4, 3]), (X, y), epochs=4, batch_size=10, optimizer=opt, lr_schedule="cosine")
    assert h.lr[0] < 0.2 and h.lr[-1] < 0.01 * 0.2 and opt.lr == 0.2  # decays, then restores the base rate
    big = Network([20, 4, 3], seed=0)
    small = big.copy()
    train(big, (X, y), epochs=3, seed=0)
    train(small, (X, y), epochs=3, seed=0, weight_decay=0.1)
    assert np.linalg.norm(small.W[1]) < np.linalg.norm(big.W[1])
    with pytest.raises(ValueError, match="lr_schedule"):
        train(big, (X, y), lr_schedule="step")


def test_bad_training_data_is_reported():
    net = Network([20, 4, 3])
    X, y = blobs(m=50)
    with pytest.raises(ShapeError, match=r"train_data X must .* shape \(m, 20\); got shape \(20, 50\) .*X.T"):
        train(net, (X.T, y))
    with pytest.raises(InputError, match=r"train_data y\[\d+\] is [5-7]; labels must lie in 0..2"):
        train(net, (X, y + 5))
    with pytest.raises(ValueError, match="batch_size"):
        train(net, (X, y), batch_size=0)


def test_one_hot_labels_accepted_and_history_is_a_dataclass():
    X, y = blobs(m=60)
    h = train(Network([20, 4, 3]), (X, np.eye(3)[y]), epochs=1, evaluate_train=True)
    assert isinstance(h, History) and len(h.train_cost) == 1
    assert History().summary() == "no epoch finished"


def test_flat_and_per_layer_paths_train_identically():
    X, y = blobs(m=120)
    flat = Network([20, 5, 3], seed=2)
    layered = flat.copy()
    layered.W[1] = layered.W[1].copy()      # no longer a view of theta: the trainer steps each array
    assert flat.is_flat() and not layered.is_flat()
    for net in (flat, layered):
        train(net, (X, y), epochs=2, batch_size=7, optimizer="nesterov", lr=0.1, weight_decay=0.01)
    for p, q in zip(flat.params, layered.params):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)


class Spy(SGD):
    """Plain SGD that records the rate of each update."""

    def __init__(self, lr, rates):
        super().__init__(lr)
        self.rates = rates

    def update(self, params, grads):
        self.rates.append(self.lr)
        super().update(params, grads)


def test_history_costs_are_averages_over_the_examples():
    X, y = blobs(m=130)
    Xv, yv = blobs(m=70, seed=5)
    net = Network([20, 4, 3], seed=0)
    h = train(net, (X, y), epochs=1, batch_size=25, validation_data=(Xv, yv), test_data=(Xv[:9], yv[:9]))
    assert h.train_cost == [pytest.approx(net.cost(X.T, y), rel=1e-12)]
    assert h.validation_cost == [pytest.approx(net.cost(Xv.T, yv), rel=1e-12)]
    assert h.test_cost == [pytest.approx(net.cost(Xv[:9].T, yv[:9]), rel=1e-12)]
    assert h.train_accuracy == [net.accuracy(X.T, y)] and h.validation_accuracy == [net.accuracy(Xv.T, yv)]
    assert evaluate(net, X, y, chunk=7) == pytest.approx(evaluate(net, X, y), rel=1e-12)
    assert h.steps_per_epoch == 6 and h.step == [] and h.lr == [0.1] and len(h.seconds) == 1


def test_the_validation_cost_is_recorded_every_epoch():
    X, y = blobs(m=100)
    h = train(Network([20, 4, 3]), (X, y), epochs=3, validation_data=blobs(m=30, seed=2), evaluate_train=False)
    assert len(h.validation_cost) == len(h.validation_accuracy) == 3 and h.train_cost == []
    assert h.validation_cost[2] < h.validation_cost[0] and h.test_cost == []


def test_one_hot_labels_train_exactly_like_integer_labels():
    X, y = blobs(m=90)
    a, b = Network([20, 4, 3], seed=1), Network([20, 4, 3], seed=1)
    ha = train(a, (X, y), epochs=2, batch_size=10)
    hb = train(b, (X, np.eye(3)[y]), epochs=2, batch_size=10, validation_data=(X, np.eye(3)[y]))
    np.testing.assert_array_equal(a.theta, b.theta)
    assert ha.train_cost == hb.train_cost == hb.validation_cost


def test_cosine_schedule_rate_of_every_update():
    X, y = blobs(m=50)
    opt = Spy(0.4, [])
    h = train(Network([20, 4, 3]), (X, y), epochs=2, batch_size=10, optimizer=opt, lr_schedule="cosine")
    rates = opt.rates           # train steps a copy of the optimizer and hands its state back
    S = 10
    assert rates[0] == 0.4 and len(rates) == S
    np.testing.assert_allclose(rates, [0.2 * (1 + np.cos(np.pi * (s - 1) / S)) for s in range(1, S + 1)], rtol=1e-14)
    assert h.lr == [rates[4], rates[9]]
    opt = Spy(0.4, [])
    train(Network([20, 4, 3]), (X, y), epochs=1, batch_size=10, optimizer=opt)
    assert opt.rates == [0.4] * 5 and opt.lr == 0.4


def test_an_on_step_hook_returning_true_stops_at_that_step():
    X, y = blobs(m=100)
    seen, opt = [], Spy(0.1, [])

    class StopAtEight(Callback):
        def on_step(self, history, net):
            return history.step[-1] == 8

        def on_train_end(self, history, net):
            seen.append(history.step[-1])
    h = train(Network([20, 4, 3]), (X, y), epochs=5, batch_size=10, log_every=2,
              optimizer=opt, callbacks=StopAtEight())
    assert h.step == [2, 4, 6, 8] and len(opt.rates) == 8 and h.epoch == [1] and seen == [8]


def test_on_train_begin_returning_true_trains_nothing():
    class No(Callback):
        def on_train_begin(self, history, net):
            return True
    net = Network([20, 4, 3])
    before = net.theta.copy()
    h = train(net, blobs(m=40), epochs=3, callbacks=[No()])
    assert h.epoch == [] and np.array_equal(net.theta, before)
    assert Callback().on_step(h, net) is None


def test_weight_decay_is_exactly_lambda_w():
    X, y = blobs(m=20)
    for flat in (True, False):
        net = Network([20, 3, 3], seed=4)
        if not flat:
            net.b[1] = net.b[1].copy()
        start = [p.copy() for p in net.params]
        train(net, (X, y), epochs=1, batch_size=20, lr=0.5, weight_decay=0.3, evaluate_train=False)
        ref = Network([20, 3, 3], seed=4)
        grads = ref.gradients(X.T, y)
        for p, q, g in zip(net.params, start, grads):
            np.testing.assert_allclose(p, q - 0.5 * (g + (0.3 * q if q.ndim == 2 else 0)), rtol=1e-12, atol=1e-15)


def test_summary_names_the_last_epoch():
    h = History(epoch=[1, 2, 3], train_cost=[0.5, 0.4, 0.25], test_cost=[0.6, 0.5, 0.375],
                test_accuracy=[0.8, 0.85, 0.9])
    assert h.summary() == "epoch 3, train cost 0.2500, test cost 0.3750, test accuracy 0.9000"
    h.validation_accuracy = [0.7, 0.72, 0.75]
    assert h.summary().endswith(", validation accuracy 0.7500")


def test_defaults_of_train():
    X, y = blobs(m=200)
    h = train(Network([20, 4, 3]), (X, y))
    assert h.epoch == list(range(1, 11)) and h.steps_per_epoch == 7 and h.step == [50]
    assert all(0 < s < 60 for s in h.seconds) and h.lr == [0.1] * 10
    assert train(Network([20, 4, 3]), (X, y), epochs=0).epoch == []
    assert train(Network([20, 4, 3]), (X, y), epochs=1, batch_size=1, patience=1).step == [50, 100, 150, 200]


def test_each_logged_cost_is_the_batch_cost_before_its_update():
    X, y = blobs(m=30)
    net = Network([20, 4, 3], seed=2)
    start = net.copy()
    h = train(net, (X, y), epochs=1, batch_size=10, log_every=1, seed=7)
    first = np.random.default_rng(7).permutation(30)[:10]
    assert h.step == [1, 2, 3] and h.step_cost[0] == pytest.approx(start.cost(X[first].T, y[first]), rel=1e-12)


def test_train_passes_momentum_and_hooks_get_history_and_net():
    X, y = blobs(m=40)
    a, b = Network([20, 4, 3]), Network([20, 4, 3])
    train(a, (X, y), epochs=2, optimizer="momentum", lr=0.05, momentum=0.5)
    train(b, (X, y), epochs=2, optimizer=Momentum(0.05, 0.5))
    np.testing.assert_array_equal(a.theta, b.theta)
    seen = []

    class Look(Callback):
        def on_train_begin(self, history, net):
            seen.append(("begin", type(history).__name__, net.n_params))

        def on_step(self, history, net):
            seen.append(("step", net.n_params))

        def on_train_end(self, history, net):
            seen.append(("end", net.n_params, len(history.epoch)))
    n = Network([20, 4, 3])
    train(n, (X, y), epochs=1, batch_size=10, log_every=4, callbacks=Look())
    assert seen == [("begin", "History", n.n_params), ("step", n.n_params), ("end", n.n_params, 1)]
    ends = []
    train(n, (X, y), epochs=2, callbacks=lambda h, net: ends.append(net.n_params))
    assert ends == [n.n_params] * 2
    with pytest.raises(InputError, match=r"^train_data must be a pair \(X, y\) of examples and labels, got ndarray$"):
        train(n, X)
    with pytest.raises(InputError, match=r"^evaluation data X holds nan"):
        evaluate(n, np.full((2, 20), np.nan), np.array([0, 1]))
    with pytest.raises(InputError, match=r"^momentum must be a finite number in \[0, 1\), got 1.0$"):
        train(n, (X, y), momentum=1.0)


def test_the_training_cost_is_evaluated_only_when_asked_or_needed():
    X, y = blobs(m=40)
    val = blobs(m=20, seed=3)
    assert train(Network([20, 4, 3]), (X, y), epochs=2, evaluate_train=False).train_cost == []
    h = train(Network([20, 4, 3]), (X, y), epochs=2, evaluate_train=False, patience=3, validation_data=val)
    assert h.train_cost == [] and len(h.validation_cost) == 2
    assert len(train(Network([20, 4, 3]), (X, y), epochs=2, evaluate_train=False, patience=3).train_cost) == 2


def test_float32_costs_are_computed_in_float32_like_net_cost():
    X, y = blobs(m=50)
    net = Network([20, 4, 3], dtype=np.float32, init="normal", seed=3)
    cost, _ = evaluate(net, X, y)
    assert cost == pytest.approx(net.cost(X.T.astype(np.float32), y), rel=1e-12, abs=0)


def test_equal_costs_do_not_count_as_an_improvement():
    from mlp_core.training import _EarlyStopping
    stopping, params = _EarlyStopping(2), [np.zeros(2)]
    assert not stopping.should_stop(1.0, params) and not stopping.should_stop(1.0, params)
    assert stopping.should_stop(1.0, params)


class MomentumBreak(Momentum):
    """Momentum that writes a NaN into the parameters at update `at` (counted over its life)."""
    at, count = 0, 0

    def update(self, params, grads):
        super().update(params, grads)
        self.count += 1
        if self.count == self.at:
            params[0].flat[0] = np.nan


def test_a_diverging_run_leaves_the_state_of_the_callers_optimizer_alone():
    X, y = blobs(m=40)
    opt = MomentumBreak(0.1, 0.9)
    train(Network([20, 4, 3]), (X, y), epochs=1, batch_size=10, optimizer=opt)
    velocity, count = opt.state[0][0].copy(), opt.count
    opt.at = count + 3
    with pytest.raises(DivergenceError, match=r"at step 3 "):
        train(Network([20, 4, 3]), (X, y), epochs=1, batch_size=10, optimizer=opt)
    np.testing.assert_array_equal(opt.state[0][0], velocity)
    assert opt.count == count
