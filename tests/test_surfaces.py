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
