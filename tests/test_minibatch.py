"""The update step of train, its checkpoint and the replay that finds where a run diverged."""
import numpy as np

from mlp_core import SGD, DivergenceError, Momentum, Network, one_hot
from mlp_core.minibatch import MiniBatchRun
from mlp_core.schedules import constant, cosine


def setup(opt, m=20, weight_decay=0.0, flat=True):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((m, 4)), rng.integers(0, 3, m)
    net = Network([4, 3, 3], seed=1)
    if not flat:
        net.W[1] = net.W[1].copy()
    return net, MiniBatchRun(net, X, one_hot(y, 3), opt, constant, 10, weight_decay), X, y


def test_restore_puts_back_parameters_optimizer_state_and_count():
    net, run, X, y = setup(Momentum(0.1, 0.9))
    run.update(np.arange(5))
    run.save()
    theta, velocity = net.theta.copy(), run.opt.state[0][0].copy()
    run.update(np.arange(5, 10))
    run.update(np.arange(10, 15))
    assert run.s == 3 and not np.array_equal(run.opt.state[0][0], velocity)
    run.restore()
    assert run.s == 1
    np.testing.assert_array_equal(net.theta, theta)
    np.testing.assert_array_equal(run.opt.state[0][0], velocity)
    run.update(np.arange(15, 20))                     # the checkpoint survives a second replay
    run.restore()
    np.testing.assert_array_equal(run.opt.state[0][0], velocity)


def test_one_update_is_backprop_then_the_optimizer_step():
    for flat in (True, False):
        net, run, X, y = setup(SGD(0.5), weight_decay=0.25, flat=flat)
        before = [p.copy() for p in net.params]
        grads = net.gradients(X[:6].T, y[:6])
        A, T = run.update(np.arange(6))
        assert A.shape == T.shape == (3, 6) and run.s == 1 and run.opt.lr == 0.5
        for p, q, g in zip(net.params, before, grads):
            np.testing.assert_allclose(p, q - 0.5 * (g + (0.25 * q if q.ndim == 2 else 0)), rtol=1e-12, atol=1e-15)


def test_the_divergence_messages():
    net, run, X, y = setup(SGD(0.2))
    run.update(np.arange(4))
    run.save()
    err = run.find_divergence([], 3, 1, ("test_data", float("inf"), X * 1e30))
    assert str(err) == (
        "training diverged at step 1 (epoch 3): after it the cost on test_data became inf although every "
        "parameter is finite. Likely cause: the inputs are large (largest |x| = 2.33e+30, computed in float64), "
        "so the outputs overflow with learning rate 0.2; scale the inputs to about 0..1 (e.g. X / 2.33e+30). "
        "The network keeps the parameters from after step 1, the last ones kept.")
    net, run, X, y = setup(SGD(0.2))
    net.theta[2] = np.inf                      # the first update turns it into NaN parameters
    run.save()
    err = run.find_divergence([np.arange(4)], 1, 0)
    assert isinstance(err, DivergenceError) and np.isinf(net.theta[2])
    assert str(err).startswith("training diverged at step 1 (epoch 1): after it the parameters became NaN "
                               "or infinite. Likely cause: the inputs are finite and small, so learning rate 0.2 "
                               "is too large: try a smaller one such as 0.02.")
    assert str(err).endswith("The network keeps the parameters from after step 0, the last whose cost was finite.")


def test_parameters_changed_outside_the_updates_are_named():
    net, run, X, y = setup(SGD(0.2))
    run.update(np.arange(4))
    net.W[1][0, 0] = np.nan                    # a callback writes NaN
    err = run.find_divergence([np.arange(4)], 1, 0)
    assert str(err) == ("training stopped at step 0 (epoch 1): the parameters became NaN, infinite or too large "
                        "for a finite cost between updates, not by one (replaying the updates gives finite "
                        "parameters and costs), so a callback or other code wrote them. The network keeps the "
                        "parameters from after step 0.")
    assert np.isfinite(net.theta).all()


def test_a_non_finite_cost_is_named_with_the_step_after_which_it_appeared():
    net, run, X, y = setup(SGD(0.2))
    net.W[2][...] = 1e308                      # finite parameters whose outputs overflow
    net.W[1][...] = 1e3
    run.save()
    run.schedule, run.total = cosine, 4
    err = run.find_divergence([np.arange(4)], 2, 0)
    assert str(err).startswith("training diverged at step 0 (epoch 2): after it the mini-batch cost became nan. "
                               "Likely cause: the starting parameters already give a non-finite cost, before any "
                               "update (so not the learning rate)")
    assert str(err).endswith("after step 0, its starting parameters.") and np.all(net.W[2] == 1e308)
    run.opt.lr = 0.05
    assert "learning rate 0.2 (0.05 at that step of the schedule)" in str(run.diverged(4, "x", 2, 3))
