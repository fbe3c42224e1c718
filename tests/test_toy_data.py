"""Toy data check their arguments with the shared vocabulary (mnist_like: tests/test_preprocessing.py)."""
import numpy as np
import pytest

from mlp_core import InputError
from mlp_core.toy_data import circles_data, grid_points, xor_data


@pytest.mark.parametrize("make", [xor_data, circles_data])
@pytest.mark.parametrize("kwargs,pattern", [
    (dict(noise=-0.1), r"noise must be a finite number in \[0, inf\), got -0.1"),
    (dict(noise=np.nan), r"noise must be a finite number in \[0, inf\), got nan"),
    (dict(noise="0.2"), r"noise must be a number, got '0.2'"),
    (dict(seed=-1), r"seed must be a seed, an integer from 0 to 2\*\*63 - 1 \(or None\), got -1"),
    (dict(seed=0.5), r"seed must be a seed"),
    (dict(m=3), r"m must be an integer >= 4, got 3"),
])
def test_toy_data_arguments_are_named(make, kwargs, pattern):
    with pytest.raises(InputError, match=rf"^{make.__name__} {pattern}"):
        make(**kwargs)


@pytest.mark.parametrize("kwargs,pattern", [
    (dict(n=1), r"^grid_points n must be an integer from 2 to 2000, got 1$"),
    (dict(n=0), r"^grid_points n must be an integer from 2 to 2000, got 0$"),
    (dict(n=10.0), r"^grid_points n must be an integer from 2 to 2000, got 10.0 \(float\)$"),
    (dict(n=10 ** 6), r"^grid_points n must be an integer from 2 to 2000"),
    (dict(xlim=(1, -1)), r"^grid_points xlim must have low < high, got \(1, -1\)$"),
    (dict(ylim=3), r"^grid_points ylim must be a pair \(low, high\) of numbers, got 3$"),
    (dict(xlim=(0, np.inf)), r"^grid_points xlim\[1\] must be a finite number, got inf$"),
])
def test_grid_points_arguments_are_named(kwargs, pattern):
    with pytest.raises(InputError, match=pattern):
        grid_points(**kwargs)


def test_toy_data_and_grid_still_work():
    X, y = xor_data(m=8, noise=0.0, seed=np.int64(3))
    assert X.shape == (8, 2) and set(y) == {0, 1}
    points, extent = grid_points(n=3)
    assert points.shape == (9, 2) and extent == (-2.5, 2.5, -2.5, 2.5)
