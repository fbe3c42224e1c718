import numpy as np
import pytest

from mlp_core import OPTIMIZERS, InputError, ShapeError
from mlp_core import (SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp, make_optimizer,
                      nesterov_lookahead_path, optimizer_path)

G1, G2 = np.array([0.5, -2.0]), np.array([1.0, 0.25])
EPS = 1e-3


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
    first, second = two_steps(AdaGrad(0.5, eps=EPS))
    np.testing.assert_allclose(first, 1 - 0.5 * G1 / (np.abs(G1) + EPS), rtol=1e-12)
    h = G1 ** 2 + G2 ** 2
    np.testing.assert_allclose(second, first - 0.5 * G2 / (np.sqrt(h) + EPS), rtol=1e-12)


def test_rmsprop_by_hand():
    first, second = two_steps(RMSProp(0.01, rho=0.8, eps=EPS))
    h1 = 0.2 * G1 ** 2
    np.testing.assert_allclose(first, 1 - 0.01 * G1 / (np.sqrt(h1) + EPS), rtol=1e-12)
    h2 = 0.8 * h1 + 0.2 * G2 ** 2
    np.testing.assert_allclose(second, first - 0.01 * G2 / (np.sqrt(h2) + EPS), rtol=1e-12)


def test_adam_by_hand():
    first, second = two_steps(Adam(0.01, beta1=0.8, beta2=0.9, eps=EPS))
    # bias correction makes step 1 = lr * g / (|g| + eps), about lr * sign(g)
    np.testing.assert_allclose(first, 1 - 0.01 * G1 / (np.abs(G1) + EPS), rtol=1e-12)
    m = 0.8 * 0.2 * G1 + 0.2 * G2
    s = 0.9 * 0.1 * G1 ** 2 + 0.1 * G2 ** 2
    step = 0.01 * (m / (1 - 0.8 ** 2)) / (np.sqrt(s / (1 - 0.9 ** 2)) + EPS)
    np.testing.assert_allclose(second, first - step, rtol=1e-12)


def test_adam_corrects_the_bias_of_both_moments():
    # with a constant gradient the corrected moments are exactly g and g^2, at every step
    p, opt = np.zeros(2), Adam(0.1, beta1=0.5, beta2=0.6, eps=EPS)
    for _ in range(3):
        before = p.copy()
        opt.update([p], [G1.copy()])
        np.testing.assert_allclose(before - p, 0.1 * G1 / (np.abs(G1) + EPS), rtol=1e-12)
    assert opt.s == 3


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
    with pytest.raises(InputError, match=r"lr must be a finite number in \(0, inf\), got 0.0"):
        SGD(0)
    assert make_optimizer("adam", 0.1).lr == 0.1 and make_optimizer("momentum", 0.1).momentum == 0.9


def test_make_optimizer_passes_named_hyperparameters_and_the_momentum_by_position():
    adam = make_optimizer("adam", 0.1, beta1=0.5, eps=1e-3)
    assert (adam.beta1, adam.beta2, adam.eps) == (0.5, 0.999, 1e-3)
    assert make_optimizer("nesterov", 0.1, 0.5, momentum=0.7).momentum == 0.7   # the name wins
    # the command line and train give a momentum whatever the optimizer: by position it is ignored
    assert repr(make_optimizer("sgd", 0.1, 0.9)) == "SGD(lr=0.1)"
    assert make_optimizer("rmsprop", 0.1, 0.5).rho == 0.9
    with pytest.raises(InputError, match=r"^unknown Adam hyperparameter 'momentum'; choose one of "
                                         r"\['beta1', 'beta2', 'eps'\]$"):
        make_optimizer("adam", 0.1, momentum=0.9)
    with pytest.raises(InputError, match=r"^unknown SGD hyperparameter 'eps'"):
        make_optimizer("sgd", 0.1, eps=1e-8)
    with pytest.raises(InputError, match=r"^rho must be a finite number in \[0, 1\), got 2.0$"):
        make_optimizer("rmsprop", 0.1, rho=2.0)
    assert Adam.hyperparameters() == ("beta1", "beta2", "eps") and SGD.hyperparameters() == ()


# The tests below run over every entry of OPTIMIZERS: an optimizer registered there is tested with
# no test edited (its hyperparameters are read from its __init__, see Optimizer.hyperparameters).
EVERY = sorted(OPTIMIZERS)


def bowl_cost(p):          # the bowl whose gradient is bowl_grad
    return p[0] ** 2 / 20 + p[1] ** 2


@pytest.mark.parametrize("name", EVERY)
def test_every_registered_optimizer_goes_down_a_bowl(name):
    opt, p = make_optimizer(name, 0.01), np.array([-7.0, 2.0])
    costs = [bowl_cost(p)]
    for _ in range(20):
        opt.update([p], [bowl_grad(p)])
        costs.append(bowl_cost(p))
    assert costs[1] < costs[0] and costs[-1] < costs[1]


@pytest.mark.parametrize("name", EVERY)
def test_every_registered_optimizer_names_its_state_with_the_cards_symbols(name):
    import pathlib
    import re
    card = (pathlib.Path(__file__).parents[1] / "notebooks" / "notation.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| \$([A-Za-z])\$ \| ([^|]*)\|", card, flags=re.M))   # symbol -> meaning
    cls = OPTIMIZERS[name]
    opt = cls()
    assert opt.state is None
    a, b = np.zeros((2, 3)), np.zeros(3)
    opt.update([a, b], [np.ones((2, 3)), np.ones(3)])
    for state in cls.STATE:      # the card's row for the symbol says which optimizers keep it
        assert cls.__name__ in rows.get(state, ""), f"notebooks/notation.md: no row ${state}$ naming {cls.__name__}"
        assert [x.shape for x in getattr(opt, state)] == [(2, 3), (3,)]
    assert opt.reset().state is None


@pytest.mark.parametrize("name", EVERY)
def test_every_registered_optimizer_refuses_bad_hyperparameters(name):
    cls = OPTIMIZERS[name]
    for hyper in ("lr", *cls.hyperparameters()):
        for bad in (np.nan, np.inf, "0.1"):
            with pytest.raises(InputError, match=rf"^{hyper} must be a "):
                cls(**{hyper: bad})
    with pytest.raises(InputError, match=rf"^unknown {cls.__name__} hyperparameter 'not_a_hyperparameter'"):
        make_optimizer(name, 0.1, not_a_hyperparameter=1.0)


@pytest.mark.parametrize("name", EVERY)
def test_make_optimizer_builds_every_registered_optimizer(name):
    cls, defaults = OPTIMIZERS[name], OPTIMIZERS[name]()
    given = {h: getattr(defaults, h) / 2 for h in cls.hyperparameters()}    # half the default: in range
    opt = make_optimizer(name.upper(), 0.05, **given)
    assert type(opt) is cls and opt.lr == 0.05
    assert {h: getattr(opt, h) for h in given} == given
    assert repr(opt).startswith(f"{cls.__name__}(lr=0.05")


BAD_HYPERPARAMETERS = [
    (SGD, dict(lr=np.inf)), (SGD, dict(lr=np.nan)), (SGD, dict(lr=-0.1)), (SGD, dict(lr="0.1")),
    (Momentum, dict(lr=np.inf)), (Nesterov, dict(lr=np.inf)), (AdaGrad, dict(lr=np.inf)),
    (RMSProp, dict(lr=np.inf)), (Adam, dict(lr=np.inf)),
    (Momentum, dict(momentum=1.5)), (Momentum, dict(momentum=-1.5)), (Momentum, dict(momentum=np.nan)),
    (Momentum, dict(momentum=1.0)), (Nesterov, dict(momentum=1.5)), (Nesterov, dict(momentum=-0.1)),
    (Adam, dict(beta1=1.0)), (Adam, dict(beta1=-0.5)), (Adam, dict(beta2=-1.0)), (Adam, dict(beta2=1.0)),
    (Adam, dict(eps=0.0)), (Adam, dict(eps=-1.0)), (AdaGrad, dict(eps=0.0)), (RMSProp, dict(eps=0.0)),
    (RMSProp, dict(rho=1.5)), (RMSProp, dict(rho=-1.0)), (RMSProp, dict(rho=1.0)),
]


@pytest.mark.parametrize("cls,kwargs", BAD_HYPERPARAMETERS, ids=lambda v: repr(v))
def test_a_hyperparameter_out_of_range_is_refused_when_built(cls, kwargs):
    (name, value), = kwargs.items()
    with pytest.raises(InputError, match=rf"^{name} must be a .*got {value!r}"):
        cls(**kwargs)


def test_edges_of_the_ranges_are_accepted():
    assert Momentum(0.1, momentum=0.0).momentum == 0.0
    assert RMSProp(0.1, rho=0.0).rho == 0.0 and Adam(0.1, beta1=0.0, beta2=0.0).beta2 == 0.0
    assert Nesterov(1e-9, 0.999).lr == 1e-9 and AdaGrad(0.1, eps=1e-300).eps == 1e-300


def test_an_optimizer_reused_on_parameters_of_other_shapes_says_so():
    opt = Momentum(0.1)
    opt.update([np.zeros((2, 3))], [np.ones((2, 3))])
    with pytest.raises(ShapeError, match=r"shapes \[\(2, 3\)\].*shapes \[\(4,\)\].*reset\(\)"):
        opt.update([np.zeros(4)], [np.ones(4)])
    with pytest.raises(ShapeError):
        opt.update([np.zeros((2, 3)), np.zeros(2)], [np.ones((2, 3)), np.ones(2)])
    p = np.zeros(4)
    opt.reset().update([p], [np.ones(4)])
    np.testing.assert_allclose(p, -0.1)      # a fresh velocity: exactly one plain step


def test_reset_restarts_adam_counting():
    opt = Adam(0.1)
    opt.update([np.zeros(2)], [G1.copy()])
    assert opt.reset().s == 0 and opt.state is None


def test_state_is_kept_per_parameter_in_place():
    a, b = np.zeros((2, 2)), np.zeros(2)
    opt = Momentum(1.0, 0.5)
    for _ in range(2):
        opt.update([a, b], [np.ones((2, 2)), np.ones(2)])
    np.testing.assert_allclose(a, -2.5)
    np.testing.assert_allclose(b, -2.5)


def test_defaults_and_repr():
    assert repr(SGD()) == "SGD(lr=0.1)"
    assert repr(Momentum()) == "Momentum(lr=0.1, momentum=0.9)" == repr(Momentum(0.1, 0.9))
    assert repr(Nesterov()) == "Nesterov(lr=0.1, momentum=0.9)"
    assert repr(AdaGrad()) == "AdaGrad(lr=0.01, eps=1e-08)"
    assert repr(RMSProp()) == "RMSProp(lr=0.001, rho=0.9, eps=1e-08)"
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"
    with pytest.raises(InputError, match=r"^momentum must be a finite number in \[0, 1\), got 1.0$"):
        Nesterov(0.1, 1.0)


def test_the_shape_error_names_the_optimizer():
    opt = Adam()
    opt.update([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ShapeError, match=r"^this Adam holds state for parameters of shapes \[\(2,\)\], got"):
        opt.update([np.zeros(3)], [np.ones(3)])


def test_paths_default_to_fifty_steps_and_accept_integer_starts():
    grad = lambda p: 2 * p
    assert len(optimizer_path(SGD(0.1), grad, [2])) == 51
    np.testing.assert_allclose(optimizer_path(SGD(0.25), grad, [2], steps=2)[:, 0], [2.0, 1.0, 0.5])
    look = nesterov_lookahead_path(grad, [2], 0.1)
    assert look.shape == (51, 1)
    np.testing.assert_array_equal(look, nesterov_lookahead_path(grad, [2.0], 0.1, momentum=0.9, steps=50))
    np.testing.assert_allclose(look[1], [2 - 0.1 * 4])


def test_the_docstrings_and_state_use_the_cards_symbols():
    import re

    import mlp_core.optimizers as optimizers
    text = " ".join([optimizers.__doc__] + [cls.__doc__ for cls in OPTIMIZERS.values()])
    for wrong in (r"\bg1\b", r"\bg2\b", r"\bh <-", r"\bp <-", r"- eta g\b", r"\bg\^2"):
        assert not re.search(wrong, text), wrong
    known = {"sgd": (), "momentum": ("v",), "nesterov": ("v",), "adagrad": ("r",), "rmsprop": ("r",),
             "adam": ("u", "r")}
    assert known.items() <= {name: cls.STATE for name, cls in OPTIMIZERS.items()}.items()
    assert "running average" in OPTIMIZERS["rmsprop"].__doc__ and "running sum" in OPTIMIZERS["adagrad"].__doc__


def test_each_state_array_is_named_as_in_the_formula():
    theta, grad = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    adam = Adam(0.1, beta1=0.5, beta2=0.75)
    adam.update([theta], [grad])
    np.testing.assert_allclose(adam.u[0], 0.5 * grad)
    np.testing.assert_allclose(adam.r[0], 0.25 * grad ** 2)
    rms = RMSProp(0.1, rho=0.5)
    rms.update([theta.copy()], [grad])
    np.testing.assert_allclose(rms.r[0], 0.5 * grad ** 2)
    momentum = Momentum(0.1, 0.9)
    momentum.update([theta.copy()], [grad])
    np.testing.assert_allclose(momentum.v[0], -0.1 * grad)


def test_the_cosine_schedule_matches_its_docstring():
    import math

    from mlp_core.schedules import cosine
    S = 10
    for s in range(1, S + 1):
        assert cosine(0.4, s, S) == pytest.approx(0.5 * 0.4 * (1 + math.cos(math.pi * (s - 1) / S)))
    assert cosine(0.4, 1, S) == 0.4
    assert "(1 + cos(pi (s - 1) / S))" in " ".join(cosine.__doc__.split())
