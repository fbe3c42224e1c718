"""Bad input is refused at the boundary (Network, the optimizers, train) with a message naming the
argument, the value found and what is expected; never blamed on the learning rate."""
import numpy as np
import pytest

from mlp_core import SGD, Adam, DivergenceError, InputError, Momentum, Network, ShapeError, train
from stand_ins import BreakAt, blobs


NET = [6, 5, 3]


# 4. sizes, batch_size and epochs must be integers
@pytest.mark.parametrize("sizes,pattern", [
    ([784, 2.9, 10], r"sizes\[1\] \(n\[1\]\) must be a positive integer, got 2.9"),
    ("12", r"sizes must be a list of layer sizes .* got '12'"),
    ([784, True, 10], r"sizes\[1\] .* got True"),
    ([784, 0, 10], r"sizes\[1\] .* got 0"),
    ([784, "16", 10], r"sizes\[1\] .* got '16'"),
])
def test_sizes_must_be_positive_integers(sizes, pattern):
    with pytest.raises(InputError, match=pattern):
        Network(sizes)


def test_sizes_need_two_layers_and_accept_numpy_integers():
    with pytest.raises(ShapeError, match=r"at least two layer sizes.*\[784\]"):
        Network([784])
    assert Network(np.array([4, 3, 2])).sizes == [4, 3, 2]


@pytest.mark.parametrize("name,value", [("batch_size", 2.5), ("batch_size", 0), ("batch_size", True),
                                        ("epochs", 2.5), ("epochs", -1), ("epochs", "2"),
                                        ("log_every", -1), ("patience", -1), ("patience", 0),
                                        ("patience", 1.5)])
def test_counts_must_be_integers(name, value):
    with pytest.raises(InputError, match=rf"^{name} must be an integer.*got {value!r}"):
        train(Network(NET), blobs(), **{name: value})


# 5. dtype
@pytest.mark.parametrize("dtype", [int, bool, np.int32, "U3"])
def test_dtype_must_be_floating(dtype):
    with pytest.raises(InputError, match="dtype must be a floating dtype"):
        Network(NET, dtype=dtype)
    with pytest.raises(InputError, match=r"dtype must be a floating dtype .* got 'nonsense'"):
        Network(NET, dtype="nonsense")


# 6. labels out of range in cost / backprop / gradients
@pytest.mark.parametrize("method", ["cost", "backprop", "gradients", "accuracy"])
@pytest.mark.parametrize("label,index", [(-1, 1), (3, 2), (7, 0)])
def test_a_label_outside_the_classes_is_refused(method, label, index):
    net = Network(NET)
    y = np.array([0, 1, 2])
    y[index] = label
    with pytest.raises(InputError, match=rf"labels y\[{index}\] is {label}; labels must lie in 0..2"):
        getattr(net, method)(np.ones((6, 3)), y)


def test_float_and_bool_labels_are_refused_by_the_network():
    net = Network(NET)
    with pytest.raises(InputError, match=r"integer class labels 0..2, got dtype float64 "
                                         r"\(cast with \.astype\(int\) if the values are whole numbers\)$"):
        net.cost(np.ones((6, 3)), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(InputError, match="got dtype bool"):
        net.backprop(np.ones((6, 2)), np.array([True, False]))


def test_targets_in_columns_still_work_and_rows_get_a_hint():
    net = Network([2, 1], loss="quadratic")
    assert net.cost(np.ones((2, 3)), np.array([[1.0, 0.0, 1.0]])) >= 0
    assert net.cost(np.ones(2), np.array([1.0])) == net.cost(np.ones((2, 1)), np.array([[1.0]]))
    with pytest.raises(ShapeError, match=r"shape \(3, 2\).*pass Y.T"):
        Network([2, 2]).cost(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(InputError, match=r"targets T holds nan at index \(0, 1\)"):
        net.cost(np.ones((2, 3)), np.array([[1.0, np.nan, 1.0]]))


# 7. non-finite input, weight_decay, momentum
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_pixel_is_refused_before_training_with_its_index(bad):
    X, y = blobs()
    X[17, 4] = bad
    net = Network(NET)
    before = net.theta.copy()
    with pytest.raises(InputError, match=rf"train_data X holds {bad} at index \(17, 4\)") as err:
        train(net, (X, y))
    assert "learning rate" not in str(err.value)
    np.testing.assert_array_equal(net.theta, before)
    Xt, yt = blobs(seed=1)
    Xt[3, 0] = bad
    with pytest.raises(InputError, match=r"test_data X holds .* at index \(3, 0\)"):
        train(net, blobs(), test_data=(Xt, yt))
    with pytest.raises(InputError, match=r"validation_data X holds .* at index \(3, 0\)"):
        train(net, blobs(), validation_data=(Xt, yt))


def test_a_value_too_big_for_float32_is_refused():
    X, y = blobs()
    X[2, 1] = 1e39
    with pytest.raises(InputError, match=r"holds inf at index \(2, 1\)"):
        train(Network(NET, dtype=np.float32), (X, y))


@pytest.mark.parametrize("name,value", [("weight_decay", np.nan), ("weight_decay", -1.0),
                                        ("weight_decay", np.inf), ("momentum", np.nan),
                                        ("momentum", 1.5), ("momentum", -1.5), ("lr", np.inf),
                                        ("lr", 0.0), ("lr", np.nan)])
def test_train_refuses_bad_hyperparameters(name, value):
    with pytest.raises(InputError, match=rf"^{name} must be a finite number in .*got {value!r}"):
        train(Network(NET), blobs(), **{name: value})


# 8. labels as a column, one-hot of another width, rows that are not one-hot
def test_labels_as_a_column_are_refused_with_the_fix():
    X, y = blobs()
    with pytest.raises(ShapeError, match=r"train_data y has shape \(90, 1\), a column;.*ravel\(\)"):
        train(Network(NET), (X, y[:, None]))


@pytest.mark.parametrize("width", [2, 5, 9])
def test_one_hot_of_another_width_is_refused(width):
    X, y = blobs()
    with pytest.raises(ShapeError, match=rf"{width} columns.*n\[L\] = 3 outputs"):
        train(Network(NET), (X, np.eye(width)[y % 2]))


@pytest.mark.parametrize("row", [[0, 0, 0], [1, 1, 0], [0.5, 0.5, 0], [2, 0, 0]])
def test_a_row_that_is_not_one_hot_is_refused(row):
    X, y = blobs()
    Y = np.eye(3)[y]
    Y[5] = row
    with pytest.raises(InputError, match=r"train_data y\[5\] is .*a single 1"):
        train(Network(NET), (X, Y))


# 9. float or bool labels, empty sets
@pytest.mark.parametrize("labels", [lambda y: y.astype(float), lambda y: y > 0])
def test_float_or_bool_labels_are_refused_by_train(labels):
    X, y = blobs()
    with pytest.raises(InputError, match="train_data y must be integer class labels 0..2, got dtype"):
        train(Network(NET), (X, labels(y)))


def test_an_empty_training_or_test_set_is_refused():
    X, y = blobs()
    with pytest.raises(ShapeError, match=r"train_data X must hold at least one example.*\(0, 6\)"):
        train(Network(NET), (X[:0], y[:0]))
    with pytest.raises(ShapeError, match=r"test_data X must hold at least one example"):
        train(Network(NET), (X, y), test_data=(X[:0], y[:0]))
    with pytest.raises(InputError, match="train_data must be a pair"):
        train(Network(NET), X)
    with pytest.raises(ShapeError, match=r"train_data y must hold 90 labels"):
        train(Network(NET), (X, y[:-1]))


# 10, 11: every optimizer and train refuse lr = inf (the optimizers' own ranges: test_optimizers.py)
def test_train_refuses_unknown_names():
    with pytest.raises(InputError, match="unknown optimizer 'nag'"):
        train(Network(NET), blobs(), optimizer="nag")
    with pytest.raises(InputError, match="optimizer must be an Optimizer or a name"):
        train(Network(NET), blobs(), optimizer=3)
    with pytest.raises(InputError, match="unknown lr_schedule"):
        train(Network(NET), blobs(), lr_schedule="step")
    with pytest.raises(InputError, match="callbacks: 3 is neither"):
        train(Network(NET), blobs(), callbacks=[3])
    for kwargs in (dict(activation="sigmod"), dict(loss="l2"), dict(init="glorot"), dict(value=np.nan),
                   dict(loss="cross_entropy", output_activation="sigmoid")):
        with pytest.raises(InputError):
            Network(NET, **kwargs)


# 12. the exact update where NaN appeared
@pytest.mark.parametrize("at,log_every", [(1, 50), (17, 50), (49, 7), (50, 50), (61, 0), (61, 1)])
def test_divergence_names_the_update_where_nan_appeared(at, log_every):
    X, y = blobs()
    net = Network(NET)
    with pytest.raises(DivergenceError, match=rf"at step {at} \(epoch {(at - 1) // 9 + 1}\)"):
        train(net, (X, y), epochs=10, batch_size=10, optimizer=BreakAt(0.1, at), log_every=log_every)


def test_sgd_with_a_huge_rate_diverges_at_the_first_update():
    X, y = blobs()
    with pytest.raises(DivergenceError, match=r"at step 1 \(epoch 1\).*rate 1e\+300"):
        train(Network(NET, activation="relu"), (X * 1e5, y), optimizer=SGD(1e300), epochs=2)


# 13. keep the last finite parameters; leave the caller's optimizer as given
def test_after_divergence_the_network_keeps_its_last_finite_parameters():
    X, y = blobs()
    net = Network(NET)
    with pytest.raises(DivergenceError, match="keeps the parameters from after step 22, "
                                             "the last whose cost was finite."):
        train(net, (X, y), epochs=5, batch_size=10, optimizer=BreakAt(0.1, 23))
    rng, run = np.random.default_rng(0), Network(NET)
    for epoch in range(3):                                  # replay by hand: updates 1..22
        perm = rng.permutation(90)
        for s in range(9):
            if epoch * 9 + s == 22:
                break
            idx = perm[s * 10:(s + 1) * 10]
            for p, g in zip(run.params, run.gradients(X[idx].T, y[idx])):
                p -= 0.1 * g
    np.testing.assert_allclose(net.theta, run.theta, rtol=1e-12, atol=1e-15)


def test_after_divergence_the_callers_optimizer_is_as_given():
    X, y = blobs()
    opt = Momentum(0.1, 0.9)
    train(Network(NET), (X, y), epochs=1, optimizer=opt)
    velocity = [v.copy() for v in opt.state[0]]
    broken = BreakAt(0.1, 5)
    with pytest.raises(DivergenceError):
        train(Network(NET), (X, y), epochs=2, optimizer=broken, lr_schedule="cosine")
    assert broken.lr == 0.1 and broken.count == 0 and broken.state is None
    with pytest.raises(DivergenceError, match=r"0\.\d+ at that step of the schedule"):
        train(Network(NET), (X, y), epochs=2, batch_size=10, optimizer=BreakAt(0.1, 12), lr_schedule="cosine")
    np.testing.assert_array_equal(opt.state[0][0], velocity[0])
    assert opt.lr == 0.1


def test_the_optimizer_state_carries_on_after_a_good_run():
    X, y = blobs()
    opt = Adam(0.01)
    train(Network(NET), (X, y), epochs=2, batch_size=30, optimizer=opt)
    assert opt.s == 6 and opt.state is not None


# 14. reusing an optimizer on another network
def test_an_optimizer_reused_on_another_size_raises_a_shape_error():
    X, y = blobs()
    opt = Momentum(0.1)
    train(Network(NET), (X, y), epochs=1, optimizer=opt)
    with pytest.raises(ShapeError, match="build a new optimizer for another network, or call reset"):
        train(Network([6, 4, 3]), (X, y), epochs=1, optimizer=opt)


def test_nan_parameters_before_training_are_refused():
    net = Network(NET)
    net.W[2][1, 0] = np.nan
    with pytest.raises(InputError, match=r"the network's parameters holds nan at index \(40,\)"):
        train(net, blobs())


# the checks themselves, message by message
def test_messages_of_the_scalar_checks():
    from mlp_core import validation as check
    with pytest.raises(InputError, match=r"^n must be an integer, got 2.5 \(float\)$"):
        check.integer("n", 2.5)
    with pytest.raises(InputError, match=r"^n must be an integer >= 1, got 0$"):
        check.integer("n", 0, 1)
    assert check.integer("n", np.int64(3), 3) == 3 and check.integer("n", -5) == -5
    with pytest.raises(InputError, match=r"^x must be a number, got 'a' \(str\)$"):
        check.number("x", "a")
    with pytest.raises(InputError, match=r"^x must be a finite number, got nan$"):
        check.number("x", np.nan)
    with pytest.raises(InputError, match=r"^x must be a finite number in \(-inf, 1\], got 2.0$"):
        check.number("x", 2, high=1)
    with pytest.raises(InputError, match=r"^x must be a finite number in \[0, 1\), got 1.0$"):
        check.number("x", 1, low=0, high=1, high_open=True)
    with pytest.raises(InputError, match=r"^x must be a finite number in \(0, inf\), got 0.0$"):
        check.number("x", 0, low=0, low_open=True)
    assert check.number("x", 1, low=0, high=1) == 1.0 and check.number("x", 0, low=0) == 0.0
    assert check.number("x", -3) == -3.0 and isinstance(check.number("x", np.float32(2)), float)
    with pytest.raises(InputError, match=r"^dtype must be a floating dtype, np.float64 or np.float32, got "
                                         r"int64: weights of that type cannot take the small steps "
                                         r"gradient descent makes$"):
        check.float_dtype(np.int64)
    with pytest.raises(InputError, match=r"^a holds nan at index \(1,\); every value must be a finite number "
                                         r"\(look for a missing or corrupted value there\)$"):
        check.finite("a", np.array([0.0, np.nan, np.inf]))


def test_messages_of_the_array_checks():
    from mlp_core import validation as check
    with pytest.raises(ShapeError, match=r"^y must hold 5 labels, shape \(5,\), "
                                         r"or one-hot rows \(5, 3\); got shape \(2, 5\)$"):
        check.labels("y", np.zeros((2, 5), int), 3, 5)
    with pytest.raises(InputError, match=r"^y must be integer class labels 0..2, got dtype bool$"):
        check.labels("y", np.zeros(5, bool), 3, 5)
    np.testing.assert_array_equal(check.labels("y", np.array([2, 0], np.uint8), 3, 2), [2, 0])
    with pytest.raises(ShapeError, match=r"^Y looks one-hot with 2 columns, but the network has n\[L\] = 3 outputs; "
                                         r"expected shape \(4, 3\)$"):
        check.one_hot_rows("Y", np.zeros((4, 2)), 3)
    with pytest.raises(ShapeError, match=r"shape \(m, 3\); got shape \(2, 4\)$"):
        check.examples("X", np.zeros((2, 4)), 3)
    with pytest.raises(ShapeError, match=r"shape \(m, 3\); got shape \(3, 4\) "
                                         r"\(columns are examples there: pass X.T\)$"):
        check.examples("X", np.zeros((3, 4)), 3)
    with pytest.raises(ShapeError, match=r"got shape \(3,\)$"):
        check.examples("X", np.zeros(3), 3)
    with pytest.raises(InputError, match=r"^X must hold numbers, got dtype <U1$"):
        check.examples("X", np.array([["a", "b", "c"]]), 3)
    assert check.examples("X", np.zeros((2, 28, 28)), 784).shape == (2, 28, 28)
    assert check.examples("X", np.zeros((2, 3), bool), 3).dtype == bool
