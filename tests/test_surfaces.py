"""The test surfaces: each gradient agrees with central differences, each minimum is a stationary
point and the lowest value on a fine grid of its view."""
import numpy as np
import pytest

from mlp_core.surfaces import SURFACES, Surface


def central_gradient(s, p, h=1e-6):
    p = np.asarray(p, dtype=float)
    return np.array([(s.value(p + h * e) - s.value(p - h * e)) / (2 * h) for e in np.eye(s.d)])


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradient_matches_central_differences(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    lows, highs = np.array([s.xlim, s.ylim][:s.d]).T
    for p in rng.uniform(lows, highs, (20, s.d)):
        np.testing.assert_allclose(s.grad(p), central_gradient(s, p), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", list(SURFACES))
def test_minimum_is_stationary_and_lowest_in_view(name):
    s = SURFACES[name]
    assert isinstance(s, Surface) and s.name == name and len(s.minimum) == len(s.start) == s.d
    np.testing.assert_allclose(s.grad(np.array(s.minimum)), 0.0, atol=1e-5)
    axes = [np.linspace(*lim, 801) for lim in (s.xlim, s.ylim)[:s.d]]
    grid = s.f(*np.meshgrid(*axes)) if s.d == 2 else s.f(axes[0])
    assert s.value(s.minimum) <= grid.min() + 1e-9
    assert s.text and s.f.__doc__ and "f(" in s.f.__doc__ and "minimum" in s.f.__doc__


def test_double_well_has_a_second_shallower_minimum():
    s = SURFACES["double_well"]
    assert s.grad(np.array([1.33222]))[0] == pytest.approx(0.0, abs=1e-4)
    assert s.value([1.33222]) > s.value(s.minimum) + 0.5


def test_the_double_well_docstring_states_the_values_at_its_minima():
    import re
    from mlp_core.surfaces import double_well
    stated = dict(re.findall(r"x ≈ (−?[\d.]+) \(f ≈ (−?[\d.]+)\)", double_well.__doc__))
    assert len(stated) == 2
    for x, f in stated.items():
        x, f = float(x.replace("−", "-")), float(f.replace("−", "-"))
        assert abs(x ** 3 - 2 * x + 0.3) < 1e-4 and double_well(x) == pytest.approx(f, abs=5e-5)


@pytest.mark.parametrize("name,point", [("parabola", (1.0, 2.0)), ("elongated", (1.0,)), ("round", [[1.0, 2.0]]),
                                        ("rosenbrock", (1.0, 2.0, 3.0))])
def test_a_point_of_the_wrong_dimension_is_named(name, point):
    from mlp_core import ShapeError
    surface = SURFACES[name]
    with pytest.raises(ShapeError, match=rf"^a point of {name} is \((x,|x, y)\), shape \({surface.d},\); got shape"):
        surface.grad(point)
    with pytest.raises(ShapeError):
        surface.value(point)


def test_a_point_must_hold_finite_numbers():
    from mlp_core import InputError
    with pytest.raises(InputError, match=r"^a point of round must hold finite numbers, got \(nan, 1.0\)$"):
        SURFACES["round"].grad((np.nan, 1.0))
    with pytest.raises(InputError, match=r"^a point of round must hold numbers, got \('a', 1\)$"):
        SURFACES["round"].value(("a", 1))
