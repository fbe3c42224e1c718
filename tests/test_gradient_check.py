import numpy as np
import pytest

from mlp_core import (InputError, Network, ShapeError, gradient_check, numerical_derivative, numerical_gradient,
                      relative_error)


def test_central_difference_is_second_order_and_forward_first_order():
    f, x, exact = np.exp, 1.0, np.exp(1.0)
    err = lambda m, h: abs(numerical_derivative(f, x, h, m) - exact)
    # halving h halves the forward error and quarters the central one
    assert err("forward", 1e-2) / err("forward", 5e-3) == pytest.approx(2, rel=0.05)
    assert err("central", 1e-2) / err("central", 5e-3) == pytest.approx(4, rel=0.05)
    assert err("central", 1e-4) < 1e-8 < err("forward", 1e-4)


def test_too_small_h_loses_to_rounding():
    f = lambda x: x ** 2
    assert abs(numerical_derivative(f, 3.0, 1e-13) - 6) > 1e-4 > abs(numerical_derivative(f, 3.0, 1e-4) - 6)
    with pytest.raises(ValueError, match="central"):
        numerical_derivative(f, 3.0, method="backward")


def test_numerical_gradient_of_any_function_of_arrays_and_restores_them():
    w = np.array([3.0, -1.0])
    b = np.array([[5.0]])
    before = (w.copy(), b.copy())
    f = lambda: float(w[0] ** 2 + 3 * w[1] + b[0, 0] * w[0])
    gw, gb = numerical_gradient(f, [w, b])
    np.testing.assert_allclose(gw, [2 * 3 + 5, 3], atol=1e-7)
    np.testing.assert_allclose(gb, [[3.0]], atol=1e-7)
    np.testing.assert_array_equal(w, before[0])
    np.testing.assert_array_equal(b, before[1])
    single = numerical_gradient(f, w)
    assert isinstance(single, np.ndarray) and single.shape == (2,)
    with pytest.raises(InputError, match="float"):
        numerical_gradient(f, np.array([1, 2]))


def test_relative_error():
    assert relative_error([np.zeros(3)], [np.zeros(3)]) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="3 and 2"):
        relative_error(np.zeros(3), np.zeros(2))


def test_default_steps_are_small_enough_for_a_second_order_error():
    f = lambda x: x ** 3                                     # f'(1) = 3; the central error is h^2 = 1e-8
    assert abs(numerical_derivative(f, 1.0) - 3.0) < 2e-8
    p = np.array([1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(p ** 3)), p), [3.0, 12.0], rtol=1e-8)
    assert abs(numerical_derivative(f, 1.0, method="forward") - 3.0) == pytest.approx(3e-4, rel=1e-3)


def test_integer_parameters_cannot_be_nudged():
    with pytest.raises(InputError, match=r"^params\[0\] must be a writable float array to be nudged by h, got int64$"):
        numerical_gradient(lambda: 0.0, np.array([1, 2], dtype=np.int64))


def test_gradient_check_uses_its_step_and_returns_both_gradients():
    net = Network([3, 2, 2], loss="quadratic", seed=0)
    X, y = np.random.default_rng(0).standard_normal((3, 4)), np.array([0, 1, 1, 0])
    coarse = gradient_check(net, X, y, h=0.5)
    exact = gradient_check(net, X, y)
    assert coarse.relative_error > 100 * exact.relative_error
    for a, g in zip(exact.analytic, net.gradients(X, y)):
        np.testing.assert_array_equal(a, g)
    for n, g in zip(coarse.numeric, numerical_gradient(lambda: net.cost(X, y), net.params, 0.5)):
        np.testing.assert_array_equal(n, g)
    assert str(exact).endswith("(ok)") and "MISMATCH" in str(coarse._replace(relative_error=1e-3))


def test_a_gradient_of_the_wrong_shape_is_named():
    def transposed(n, X, Y):
        dW, db = n.backprop(X, Y)
        dW[2] = dW[2].T
        return dW, db
    with pytest.raises(ShapeError, match=r"^a gradient has shape \(2, 3\) but its parameter has shape \(3, 2\)$"):
        gradient_check(Network([3, 2, 3], seed=0), np.ones((3, 2)), np.array([0, 1]), backprop=transposed)


def test_float32_parameters_can_be_nudged_and_numbers_compared():
    p = np.array([1.0, 2.0], np.float32)
    g = numerical_gradient(lambda: float(np.sum(p.astype(np.float64) ** 2)), p, h=1e-2)
    assert g.dtype == np.float32 and np.allclose(g, [2.0, 4.0], rtol=1e-3)
    assert relative_error(3.0, 1.0) == 0.5 and relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
    np.testing.assert_allclose(relative_error(np.ones((2, 2)), np.zeros((2, 2))), 1.0)


def test_the_verdict_threshold_is_strict():
    from mlp_core.gradient_check import GradientCheck
    assert str(GradientCheck(1e-7, [], [])) == "relative error 1.00e-07 (MISMATCH)"
    assert str(GradientCheck(9.9e-8, [], [])) == "relative error 9.90e-08 (ok)"


@pytest.mark.parametrize("fault", [KeyboardInterrupt, ZeroDivisionError])
def test_an_interrupted_or_failing_function_leaves_the_parameters_as_they_were(fault):
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = W.copy()
    calls = []

    def f():
        calls.append(1)
        if len(calls) == 4:                      # while W[0, 1] is nudged by -h
            raise fault()
        return float(W.sum())
    with pytest.raises(fault):
        numerical_gradient(f, W)
    np.testing.assert_array_equal(W, before)


@pytest.mark.parametrize("call", [lambda h: numerical_gradient(lambda: 0.0, np.zeros(2), h),
                                  lambda h: numerical_derivative(np.sin, 1.0, h),
                                  lambda h: gradient_check(Network([2, 2]), np.zeros((2, 1)), [0], h)])
@pytest.mark.parametrize("h", [0, -1e-4, np.nan])
def test_the_step_h_must_be_positive(call, h):
    with pytest.raises(InputError, match=r"^h must be a finite number in \(0, inf\), got "):
        call(h)


def test_numerical_gradient_nudges_a_non_contiguous_view():
    big = np.array([[1.0, 5.0], [2.0, 7.0]])
    column = big[:, 0]                           # a strided view: reshape(-1) would copy it
    grad = numerical_gradient(lambda: float(np.sum(big[:, 0] ** 2)), column)
    np.testing.assert_allclose(grad, [2.0, 4.0], atol=1e-7)


def test_unknown_difference_method_is_named():
    with pytest.raises(InputError, match=r"^unknown method 'backward'; choose one of \['central', 'forward'\]$"):
        numerical_derivative(np.sin, 1.0, method="backward")
