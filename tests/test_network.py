import numpy as np
import pytest

from mlp_core import InputError, Network, ShapeError, gradient_check, relative_error, softmax
from mlp_core.activations import sigmoid


def test_parameter_count_of_the_series_network():
    net = Network([784, 16, 16, 10])
    assert net.n_params == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13002
    assert net.L == 3


def test_shapes_follow_the_notation():
    net = Network([5, 4, 3, 2])
    assert net.W[0] is None and net.b[0] is None
    for l in range(1, net.L + 1):
        assert net.W[l].shape == (net.sizes[l], net.sizes[l - 1])
        assert net.b[l].shape == (net.sizes[l],)


def test_weight_index_goes_to_j_from_k():
    net = Network([3, 2], loss="quadratic", init="zeros")
    net.W[1][1, 2] = 5.0          # from input neuron k=2 to output neuron j=1
    x = np.array([0.0, 0.0, 1.0])
    z, a = net.forward(x)
    np.testing.assert_allclose(z[1], [0.0, 5.0])


def test_forward_equals_neuron_by_neuron_sums():
    net = Network([4, 3, 2], loss="quadratic", seed=3)
    x = np.array([0.1, 0.5, -0.2, 0.9])
    z, a = net.forward(x)
    for j in range(3):
        zj = sum(net.W[1][j, k] * x[k] for k in range(4)) + net.b[1][j]
        assert z[1][j] == pytest.approx(zj)
        assert a[1][j] == pytest.approx(1 / (1 + np.exp(-zj)))


def test_batch_forward_equals_one_example_at_a_time():
    net = Network([6, 5, 4], seed=1)
    X = np.random.default_rng(0).random((6, 7))
    z, a = net.forward(X)
    assert [v.shape for v in a] == [(6, 7), (5, 7), (4, 7)]
    for i in range(7):
        np.testing.assert_allclose(net.forward(X[:, i])[1][2], a[2][:, i])
    np.testing.assert_allclose(a[2], softmax(net.W[2] @ sigmoid(net.W[1] @ X + net.b[1][:, None]) + net.b[2][:, None]))


def test_wrong_input_layout_names_the_fix():
    net = Network([784, 16, 10])
    with pytest.raises(ShapeError, match=r"\(784, m\).*pass X.T"):
        net.forward(np.zeros((5, 784)))
    with pytest.raises(ShapeError, match="got shape"):
        net.forward(np.zeros(100))
    with pytest.raises(ShapeError, match="sizes"):
        Network([784])


def test_predict_cost_accuracy():
    net = Network([3, 4, 2], seed=0)
    X = np.eye(3)
    y = net.predict(X)
    assert y.shape == (3,) and net.accuracy(X, y) == 1.0 and net.accuracy(X, 1 - y) == 0.0
    assert isinstance(net.predict(X[:, 0]), int)
    assert net.cost(X, y) == pytest.approx(net.cost(X, np.eye(2)[:, y]))


def test_initialisations():
    scaled = Network([400, 100, 10], seed=0)
    assert abs(scaled.W[1].std() - 1 / np.sqrt(400)) < 0.002 and not scaled.b[1].any()
    normal = Network([400, 100, 10], init="normal", seed=0)
    assert abs(normal.W[1].std() - 1) < 0.02 and normal.b[1].std() > 0.5
    assert not Network([3, 2], init="zeros").W[1].any()
    assert np.all(Network([3, 2], init="constant", value=0.3).W[1] == 0.3)
    np.testing.assert_array_equal(Network([5, 3, 2], seed=7).W[1], Network([5, 3, 2], seed=7).W[1])
    assert not np.array_equal(Network([5, 3, 2], seed=7).W[1], Network([5, 3, 2], seed=8).W[1])
    with pytest.raises(ValueError, match="unknown init"):
        Network([3, 2], init="xavier")


def test_cross_entropy_requires_softmax():
    with pytest.raises(ValueError, match="softmax"):
        Network([3, 2], loss="cross_entropy", output_activation="sigmoid")


def test_backprop_shapes_match_parameters():
    net = Network([7, 5, 4, 3], seed=0)
    X = np.random.default_rng(0).random((7, 11))
    dW, db = net.backprop(X, np.arange(11) % 3)
    assert dW[0] is None and db[0] is None
    for l in range(1, 4):
        assert dW[l].shape == net.W[l].shape and db[l].shape == net.b[l].shape


CASES = [(sizes, act, loss, out)
         for sizes in ([4, 3, 2], [6, 5, 4, 3], [3, 7, 2, 5, 4])
         for act in ("sigmoid", "tanh", "relu")
         for loss, out in (("cross_entropy", None), ("quadratic", None), ("quadratic", "sigmoid"))]


@pytest.mark.parametrize("sizes,activation,loss,output", CASES)
def test_backprop_agrees_with_central_differences(sizes, activation, loss, output):
    rng = np.random.default_rng(sum(sizes))
    net = Network(sizes, activation=activation, loss=loss, output_activation=output, init="normal",
                  seed=len(sizes))
    X = rng.standard_normal((sizes[0], 6))
    y = rng.integers(0, sizes[-1], 6)
    check = gradient_check(net, X, y)
    assert check.relative_error < 1e-7, str(check)


def test_gradient_check_catches_a_wrong_backward_pass():
    net = Network([4, 3, 2], seed=0, init="normal")
    X = np.random.default_rng(0).random((4, 5))
    y = np.array([0, 1, 1, 0, 1])

    def forgot_the_derivative(n, X, Y):
        dW, db = n.backprop(X, Y)
        dW[1] = dW[1] * 4.0
        return dW, db
    assert gradient_check(net, X, y, backprop=forgot_the_derivative).relative_error > 1e-3


def test_gradients_follow_params_order_and_copy_is_independent():
    net = Network([4, 3, 2], seed=0)
    X, y = np.ones((4, 2)), np.array([0, 1])
    grads = [g.copy() for g in net.gradients(X, y)]
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    twin = net.copy()
    twin.W[1][0, 0] += 1
    assert net.W[1][0, 0] != twin.W[1][0, 0]
    assert relative_error(net.gradients(X, y), grads) == 0.0            # the original is unchanged
    assert relative_error(twin.gradients(X, y), grads) > 1e-3           # the copy moved on its own
    assert (twin.sizes, twin.activation, twin.loss) == (net.sizes, net.activation, net.loss)


def test_parameters_are_views_of_one_vector_theta():
    net = Network([784, 16, 16, 10])
    assert net.theta.shape == (13002,) and net.is_flat()
    net.theta[0] = 42.0
    assert net.W[1][0, 0] == 42.0
    net.b[3][-1] = -1.0
    assert net.theta[-1] == -1.0
    twin = net.copy()
    assert twin.is_flat() and not np.shares_memory(twin.theta, net.theta)
    np.testing.assert_array_equal(twin.theta, net.theta)


def test_predict_and_accuracy_take_the_most_activated_output():
    net = Network([2, 3], loss="quadratic", output_activation="relu")
    net.W[1][...] = [[1, 0], [0, 1], [0, 0]]
    net.b[1][...] = [0, 0, 0.5]
    X = np.array([[2.0, 0.0, 0.1], [0.0, 3.0, 0.2]])       # outputs (2, 0, .5), (0, 3, .5), (.1, .2, .5)
    assert net.predict(X).tolist() == [0, 1, 2] and net.predict(X[:, 1]) == 1
    assert net.accuracy(X, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert net.accuracy(X, np.eye(3)[[0, 2, 2]].T) == pytest.approx(2 / 3)


def test_no_error_flows_back_through_a_step_activation():
    net = Network([3, 4, 2], activation="step", seed=1)
    X, y = np.random.default_rng(0).standard_normal((3, 5)), np.array([0, 1, 1, 0, 1])
    dW, db = net.backprop(X, y)
    assert not dW[1].any() and not db[1].any()
    assert np.abs(dW[2]).sum() > 0 and np.abs(db[2]).sum() > 0


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss,out", [("cross_entropy", None), ("quadratic", None), ("quadratic", "sigmoid"),
                                      ("quadratic", "tanh")])
def test_backprop_matches_central_differences(activation, loss, out):
    net = Network([3, 4, 3, 2], activation=activation, loss=loss, output_activation=out, seed=2)
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((3, 6)), rng.integers(0, 2, 6)
    assert gradient_check(net, X, y).relative_error < 1e-7
    T = rng.random((2, 6))
    if loss == "quadratic":                                   # any real targets, one column per example
        assert gradient_check(net, X, T).relative_error < 1e-7


def test_forward_and_activations_agree_and_keep_z():
    net = Network([3, 4, 2], activation="tanh", seed=3)
    X = np.random.default_rng(2).standard_normal((3, 5))
    z, a = net.forward(X)
    for l in (1, 2):
        np.testing.assert_allclose(z[l], net.W[l] @ a[l - 1] + net.b[l][:, None], rtol=1e-14)
    np.testing.assert_allclose(a[1], np.tanh(z[1]), rtol=1e-14)
    for u, v in zip(a, net.activations(X)):
        np.testing.assert_allclose(u, v, rtol=1e-14)
    z1, a1 = net.forward(X[:, 0])
    assert z1[0] is None and a1[2].shape == (2,) and np.allclose(a1[2], a[2][:, 0])
    np.testing.assert_allclose(net.output(X[:, 2]), a[2][:, 2], rtol=1e-14)


def test_defaults_of_init_and_the_constant_value():
    net = Network([3, 2, 2], init="constant")
    assert np.all(net.theta == 0.5)
    again = Network([3, 2, 2], init="normal", seed=5).init()
    np.testing.assert_array_equal(again.theta, Network([3, 2, 2]).theta)   # 'scaled' with seed 0
    assert not np.all(Network([3, 2, 2]).b[1] == 0.5) and np.all(Network([3, 2, 2], init="zeros").theta == 0)
    assert Network([3, 2, 2], loss="cross_entropy", output_activation="softmax").output_activation == "softmax"
    with pytest.raises(InputError, match=r"^loss='cross_entropy' needs a softmax output layer; "
                                         r"got output_activation='sigmoid'"):
        Network([3, 2, 2], output_activation="sigmoid")
    with pytest.raises(InputError, match=r"^value must be a finite number, got nan$"):
        Network([3, 2], init="constant", value=np.nan)


def test_the_bias_is_added_and_copy_keeps_the_dtype():
    net = Network([3, 4, 2], init="normal", seed=1, dtype=np.float32)
    X = np.random.default_rng(0).standard_normal((3, 2)).astype(np.float32)
    z, a = net.forward(X)
    np.testing.assert_allclose(z[2], net.W[2] @ a[1] + net.b[2][:, None], rtol=1e-6)
    assert net.copy().theta.dtype == np.float32 and net.targets(np.array([0, 1]), 2).dtype == np.float32


def test_shape_messages_name_the_shapes_and_hint_only_when_it_helps():
    net = Network([4, 3, 2])
    with pytest.raises(ShapeError, match=r"\(or a single \(4,\) vector\); got shape \(3, 5\)$"):
        net.forward(np.ones((3, 5)))
    with pytest.raises(ShapeError, match=r"got shape \(1, 2, 4\)$"):
        net.forward(np.ones((1, 2, 4)))
    with pytest.raises(ShapeError, match=r"shape \(2, 5\); got shape \(3, 5\)$"):
        net.cost(np.ones((4, 5)), np.ones((3, 5)))
    with pytest.raises(ShapeError, match=r"got shape \(5, 2\) \(rows are examples there: pass Y.T\)$"):
        net.cost(np.ones((4, 5)), np.ones((5, 2)))
    with pytest.raises(InputError, match=r"^targets T must hold numbers, got dtype <U1"):
        net.cost(np.ones((4, 2)), np.array([["a", "b"], ["c", "d"]]))
    assert net.cost(np.ones((4, 2)), np.array([[True, False], [False, True]])) > 0
    with pytest.raises(InputError, match=r"^one-hot y\[1\] is \[0.0, 0.0\]"):
        net.accuracy(np.ones((4, 2)), np.array([[1.0, 0.0], [0.0, 0.0]]))


def test_init_by_name_uses_the_default_constant_and_the_hint_is_exact():
    net = Network([3, 2]).init("constant")
    assert np.all(net.theta == 0.5)
    with pytest.raises(ShapeError, match=r"^expected an input of shape \(3, m\) with one example per column "
                                         r"\(or a single \(3,\) vector\); got shape \(5, 3\) "
                                         r"\(rows are examples there: pass X.T\)$"):
        net.forward(np.ones((5, 3)))


@pytest.mark.parametrize("seed", [-1, 0.5, "1", 2 ** 64])
def test_the_seed_of_the_initial_values_is_checked(seed):
    from mlp_core import InputError
    with pytest.raises(InputError, match=r"^seed must be a seed, an integer from 0 to 2\*\*63 - 1 \(or None\), got "):
        Network([3, 2], seed=seed)


@pytest.mark.parametrize("dtype", [np.float16, np.longdouble, ">f8"])
def test_only_float32_and_float64_are_accepted(dtype):
    from mlp_core import InputError
    with pytest.raises(InputError, match=r"^dtype must be a floating dtype, np.float64 or np.float32, got "):
        Network([3, 2], dtype=dtype)


def test_the_scaled_init_docstring_says_what_it_does():
    net = Network([400, 300, 2], seed=0)
    assert np.all(net.b[1] == 0) and np.all(net.b[2] == 0)
    assert np.std(net.W[1]) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    doc = " ".join(Network.__doc__.split())
    assert "N(0, 1) / sqrt(n[l-1])" in doc and "every bias b[l] = 0" in doc
    assert "keeps his biases N(0, 1)" in doc
