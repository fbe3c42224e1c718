import numpy as np
import pytest

from mlp_core import (SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp, make_optimizer,
                      nesterov_lookahead_path, optimizer_path)

G1, G2 = np.array([0.5, -2.0]), np.array([1.0, 0.25])


def two_steps(opt):
    p = np.array([1.0, 1.0])
    opt.update([p], [G1.copy()])
    first = p.copy()
    opt.update([p], [G2.copy()])
    return first, p


def test_sgd_by_hand():
    first, second = two_steps(SGD(0.1))
    np.testing.assert_allclose(first, [1 - 0.05, 1 + 0.2])
    np.testing.assert_allclose(second, first - 0.1 * G2)


def test_sgd_worked_example_from_the_chapter():
    # w = 3, b = 5 with partial derivatives 2 and -4, learning rate 0.1
    p = np.array([3.0, 5.0])
    SGD(0.1).update([p], [np.array([2.0, -4.0])])
    np.testing.assert_allclose(p, [2.8, 5.4])


def test_momentum_by_hand():
    first, second = two_steps(Momentum(0.1, momentum=0.9))
    v1 = -0.1 * G1
    v2 = 0.9 * v1 - 0.1 * G2
    np.testing.assert_allclose(first, 1 + v1)
    np.testing.assert_allclose(second, 1 + v1 + v2)


def test_nesterov_by_hand():
    first, second = two_steps(Nesterov(0.1, momentum=0.9))
    v1 = -0.1 * G1
    np.testing.assert_allclose(first, 1 + 0.9 * v1 - 0.1 * G1)
    v2 = 0.9 * v1 - 0.1 * G2
    np.testing.assert_allclose(second, first + 0.9 * v2 - 0.1 * G2)


def test_adagrad_by_hand():
    first, second = two_steps(AdaGrad(0.5, eps=0.0))
    np.testing.assert_allclose(first, 1 - 0.5 * np.sign(G1))
    h = G1 ** 2 + G2 ** 2
    np.testing.assert_allclose(second, first - 0.5 * G2 / np.sqrt(h))


def test_rmsprop_by_hand():
    first, second = two_steps(RMSProp(0.01, rho=0.9, eps=0.0))
    h1 = 0.1 * G1 ** 2
    np.testing.assert_allclose(first, 1 - 0.01 * G1 / np.sqrt(h1))
    h2 = 0.9 * h1 + 0.1 * G2 ** 2
    np.testing.assert_allclose(second, first - 0.01 * G2 / np.sqrt(h2))


def test_adam_by_hand():
    first, second = two_steps(Adam(0.01, eps=0.0))
    np.testing.assert_allclose(first, 1 - 0.01 * np.sign(G1))   # bias correction makes step 1 = lr * sign
    m = 0.9 * 0.1 * G1 + 0.1 * G2
    s = 0.999 * 0.001 * G1 ** 2 + 0.001 * G2 ** 2
    np.testing.assert_allclose(second, first - 0.01 * (m / (1 - 0.81)) / np.sqrt(s / (1 - 0.999 ** 2)))


def bowl_grad(p):          # f(x, y) = x^2 / 20 + y^2, minimum at 0
    return np.array([p[0] / 10, 2 * p[1]])


@pytest.mark.parametrize("opt,steps", [(SGD(0.4), 300), (Momentum(0.1, 0.9), 300), (Nesterov(0.1, 0.9), 300),
                                       (AdaGrad(1.0), 300), (RMSProp(0.05), 300), (Adam(0.2), 300)])
def test_every_optimizer_reaches_the_bottom_of_a_bowl(opt, steps):
    path = optimizer_path(opt, bowl_grad, [-7.0, 2.0], steps=steps)
    assert len(path) == steps + 1
    assert np.linalg.norm(path[-1]) < 0.05 < np.linalg.norm(path[0])


def test_momentum_beats_sgd_on_an_elongated_bowl():
    sgd = optimizer_path(SGD(0.1), bowl_grad, [-7.0, 2.0], 100)
    mom = optimizer_path(Momentum(0.1, 0.9), bowl_grad, [-7.0, 2.0], 100)
    assert np.linalg.norm(mom[-1]) < np.linalg.norm(sgd[-1]) / 10


def test_nesterov_lookahead_form_equals_the_engine_form():
    grad = lambda p: np.array([p[0] / 10 + 0.3 * np.sin(p[1]), 2 * p[1] + 0.1 * p[0] ** 2])
    mu, lr = 0.9, 0.05
    look = nesterov_lookahead_path(grad, [-3.0, 2.0], lr, mu, steps=40)
    engine = optimizer_path(Nesterov(lr, mu), grad, [-3.0, 2.0], steps=40)
    # phi_t = x_t + mu v_t with v_t = x_t - x_{t-1}
    phi = look[1:] + mu * (look[1:] - look[:-1])
    np.testing.assert_allclose(engine[1:], phi, rtol=1e-12, atol=1e-12)


def test_diverging_path_stops_at_the_last_finite_point():
    with np.errstate(over="ignore", invalid="ignore"):
        path = optimizer_path(SGD(10.0), lambda p: 2 * p ** 3, [3.0], steps=50)
    assert len(path) < 51 and np.all(np.isfinite(path))


def test_make_optimizer_and_errors():
    assert isinstance(make_optimizer("Nesterov", 0.1, 0.5), Nesterov)
    assert make_optimizer("momentum", 0.1, 0.5).momentum == 0.5
    assert "lr=0.1" in repr(make_optimizer("sgd", 0.1))
    with pytest.raises(ValueError, match="unknown optimizer 'nag'"):
        make_optimizer("nag", 0.1)
    with pytest.raises(ValueError, match="positive"):
        SGD(0)


def test_state_is_kept_per_parameter_in_place():
    a, b = np.zeros((2, 2)), np.zeros(2)
    opt = Momentum(1.0, 0.5)
    for _ in range(2):
        opt.update([a, b], [np.ones((2, 2)), np.ones(2)])
    np.testing.assert_allclose(a, -2.5)
    np.testing.assert_allclose(b, -2.5)
