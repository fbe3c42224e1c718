import warnings

import numpy as np
import pytest

from mlp_core import activations as act
from mlp_core import losses
from mlp_core.errors import InputError, ShapeError
from mlp_core.gradient_check import numerical_derivative

Z = np.linspace(-6, 6, 41)


def test_sigmoid_matches_definition_and_is_stable_at_extremes():
    np.testing.assert_allclose(act.sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-12, atol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = act.sigmoid(np.array([-1e4, -800.0, 0.0, 800.0, 1e4]))
        assert np.all(np.isfinite(big))
        np.testing.assert_allclose(big, [0.0, 0.0, 0.5, 1.0, 1.0], rtol=0, atol=1e-300)
        small = act.sigmoid(np.array([-1e4, -90.0, 90.0, 1e4], dtype=np.float32))
        assert small.dtype == np.float32 and np.all(np.isfinite(small)) and small[0] < 1e-34
        assert np.all(np.isfinite(act.sigmoid_prime(np.array([-1e4, 1e4]))))


def test_softmax_is_stable_sums_to_one_and_is_shift_invariant():
    z = np.array([[1000.0, -5.0], [1001.0, 0.0], [999.0, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act.softmax(z)
    np.testing.assert_allclose(a.sum(axis=0), 1.0)
    np.testing.assert_allclose(a[:, 0], act.softmax(z[:, :1] - 1000)[:, 0])
    assert a[1, 0] > a[0, 0] > a[2, 0]


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_derivatives_equal_central_differences(name):
    g, g_prime = act.get_activation(name)
    z = Z[np.abs(Z) > 0.1]  # keep away from ReLU's kink
    np.testing.assert_allclose(g_prime(z), numerical_derivative(g, z, h=1e-5), atol=1e-8)


def test_step_is_flat_so_its_derivative_is_zero():
    np.testing.assert_array_equal(act.step(np.array([-2.0, 0.0, 0.5])), [0.0, 0.0, 1.0])
    assert not np.any(act.step_prime(Z))


def test_softmax_jacobian_equals_central_differences():
    z = np.array([0.3, -1.2, 2.0, 0.1])
    num = np.column_stack([numerical_derivative(lambda t: act.softmax(z + t * e), 0.0, 1e-5) for e in np.eye(4)])
    np.testing.assert_allclose(act.softmax_jacobian(z), num, atol=1e-9)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*sigmoid"):
        act.get_activation("sigmod")


def test_quadratic_cost_is_sum_over_outputs_averaged_over_examples():
    A = np.array([[0.2, 0.9], [0.8, 0.1]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    # example 1: 0.04 + 0.04, example 2: 0.01 + 0.01 -> mean 0.05
    assert losses.quadratic_cost(A, Y) == pytest.approx(0.05)


def test_cross_entropy_value_and_zero_output_stays_finite():
    A = np.array([[0.7, 0.0], [0.3, 1.0]])
    Y = np.array([[1.0, 1.0], [0.0, 0.0]])
    c = losses.cross_entropy(A, Y)
    assert np.isfinite(c) and c == pytest.approx((-np.log(0.7) - np.log(1e-12)) / 2)


@pytest.mark.parametrize("name", ["quadratic", "cross_entropy"])
def test_loss_gradients_equal_central_differences(name):
    rng = np.random.default_rng(1)
    A = act.softmax(rng.standard_normal((4, 3)))
    Y = np.eye(4)[:, [0, 2, 3]]
    cost, grad = losses.get_loss(name)
    num = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        E = np.zeros_like(A)
        E[idx] = 1.0
        num[idx] = numerical_derivative(lambda t: cost(A + t * E, Y), 0.0, 1e-6)
    np.testing.assert_allclose(grad(A, Y), num, rtol=1e-6, atol=1e-9)


def test_fused_softmax_cross_entropy_delta_equals_chain_rule():
    rng = np.random.default_rng(2)
    z = rng.standard_normal((5, 1))
    Y = np.eye(5)[:, [3]]
    A = act.softmax(z)
    chain = act.softmax_jacobian(z[:, 0]).T @ losses.cross_entropy_gradient(A, Y)[:, 0]
    np.testing.assert_allclose(losses.softmax_cross_entropy_delta(A, Y)[:, 0], chain, atol=1e-12)


def test_mismatched_shapes_are_reported():
    with pytest.raises(ShapeError, match=r"\(10, 3\).*\(3, 10\)"):
        losses.quadratic_cost(np.zeros((10, 3)), np.zeros((3, 10)))


def test_activations_accept_plain_numbers():
    assert act.sigmoid(0.0) == 0.5 and act.sigmoid(2) == pytest.approx(1 / (1 + np.exp(-2)))
    assert 0 < act.sigmoid(-1e4) < 1e-300 and act.sigmoid(1e4) == 1.0
    assert act.sigmoid_prime(0.0) == 0.25
    assert act.relu(-1.0) == 0.0 and act.step(2.0) == 1.0 and act.tanh(0.0) == 0.0


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "step", "identity"])
def test_activations_can_write_in_place(name):
    g, _ = act.get_activation(name)
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    expected = g(z.copy())
    out = g(z, out=z)
    assert out is z
    np.testing.assert_array_equal(z, expected)


def test_softmax_in_place():
    z = np.array([[1.0, -2.0], [3.0, 0.5]])
    expected = act.softmax(z.copy())
    assert act.softmax(z, out=z) is z
    np.testing.assert_allclose(z, expected)


@pytest.mark.parametrize("times_prime,prime,g", [(act.tanh_times_prime, act.tanh_prime, act.tanh),
                                                 (act.relu_times_prime, act.relu_prime, act.relu),
                                                 (act.sigmoid_times_prime, act.sigmoid_prime, act.sigmoid),
                                                 (act.step_times_prime, act.step_prime, act.step),
                                                 (act.identity_times_prime, act.identity_prime, act.identity)])
def test_times_prime_multiplies_delta_by_g_prime_in_place(times_prime, prime, g):
    z = np.array([[-2.0, -0.5, 0.0], [0.3, 1.0, 4.0]])
    delta = np.array([[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]])
    expected = delta * prime(z)
    out = times_prime(delta, g(z))
    assert out is delta
    np.testing.assert_allclose(delta, expected, rtol=1e-12, atol=1e-15)
    assert act.get_times_prime("tanh") is act.tanh_times_prime


@pytest.mark.parametrize("fn", [act.relu_prime, act.step, act.step_prime])
def test_derivatives_and_step_keep_a_float_dtype(fn):
    assert fn(np.array([0.0, 2.0], np.float32)).dtype == np.float32
    assert fn(np.array([0.0, 2.0])).dtype == np.float64
    assert fn(np.array([0, 2])).dtype == np.float64
    assert fn(np.zeros((2, 3))).shape == (2, 3)


def test_relu_and_step_are_0_at_0():
    np.testing.assert_array_equal(act.relu_prime(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(act.step(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(act.step_prime(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 0.0])


def test_softmax_normalises_each_column_on_its_own():
    z = np.array([[1000.0, -1000.0], [1001.0, -999.0], [999.0, -1001.0]])
    a = act.softmax(z)
    np.testing.assert_allclose(a.sum(axis=0), [1.0, 1.0])
    np.testing.assert_allclose(a[:, 0], a[:, 1], rtol=1e-12)
    np.testing.assert_allclose(act.softmax_jacobian([1, 2, 3]), act.softmax_jacobian([1.0, 2.0, 3.0]))
    assert act.sigmoid(np.array([0, 100])).dtype == np.float64


def test_costs_of_one_example_as_vectors_and_the_messages():
    assert losses.quadratic_cost(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == pytest.approx(0.5)
    np.testing.assert_allclose(losses.quadratic_cost_gradient(np.array([0.5, 0.5]), np.array([1.0, 0.0])), [-1.0, 1.0])
    with pytest.raises(ShapeError, match=r"both must be \(n\[L\], B\) with one example per column \(T one-hot\)$"):
        losses.cross_entropy(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(InputError, match=r"^unknown loss 'l2'; choose one of \['cross_entropy', 'quadratic'\]$"):
        losses.get_loss("l2")


def test_identity_is_z_with_slope_1_and_a_network_with_it_is_linear():
    z = np.array([[-2.5, 0.0, 3.0]], dtype=np.float32)
    a = act.identity(z)
    assert a is not z and a.dtype == np.float32
    np.testing.assert_array_equal(a, z)
    np.testing.assert_array_equal(act.identity_prime(z), np.ones_like(z))
    assert act.identity(2) == 2.0 and act.get_times_prime("identity") is act.identity_times_prime
    from mlp_core import Network
    net = Network([3, 5, 4, 2], activation="identity", output_activation="identity", loss="quadratic",
                  init="normal", seed=0)
    X = np.random.default_rng(1).standard_normal((3, 6))
    A = net.output(X)                           # one linear map: the output of X1 + X2 is additive
    zero = net.output(np.zeros((3, 1)))
    np.testing.assert_allclose(net.output(X[:, :1] + X[:, 1:2]) + zero, A[:, :1] + A[:, 1:2], atol=1e-12)


@pytest.mark.parametrize("loss,output", [("cross_entropy", None), ("quadratic", "sigmoid")])
def test_identity_network_backprop_agrees_with_central_differences(loss, output):
    from mlp_core import Network
    from mlp_core.gradient_check import gradient_check
    net = Network([4, 5, 3, 3], activation="identity", loss=loss, output_activation=output, init="normal",
                  seed=2)
    rng = np.random.default_rng(3)
    X = 0.3 * rng.standard_normal((4, 6))     # outputs away from 0 and 1, where the log-loss is clipped
    check = gradient_check(net, X, rng.integers(0, 3, 6))
    assert check.relative_error < 1e-7, str(check)
