"""DigitBrowser's edges: an image with no pixels, images that hold no number at all, numbers held as
Python objects, and the one cell per pixel of its picture and strip."""
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_core.controls import DigitBrowser  # noqa: E402
from mlp_core.errors import ShapeError  # noqa: E402


def images(m=3, n=784, seed=5):
    rng = np.random.default_rng(seed)
    return np.round(rng.random((m, n)) * (rng.random((m, n)) < 0.4), 3), np.arange(m) + 3


def test_images_with_no_pixels_are_refused_by_their_shape():
    with pytest.raises(ShapeError, match=r"^expected X \(m, 784\) and y \(m,\), got X \(2, 0\) and y \(2,\)$"):
        DigitBrowser(np.zeros((2, 0)), [1, 2])


def test_images_with_no_number_at_all_are_drawn_blank_on_the_0_to_1_scale_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = DigitBrowser(np.full((2, 784), np.nan), [1, 2])
    assert c.message == "784 values are not finite numbers (drawn as 0)"
    assert c.image.get_clim() == (0, 1.0) and c.strip.get_clim() == (0, 1.0)
    assert not c.image.get_array().any() and not c.strip.get_array().any()


def test_numbers_held_as_python_objects_show_as_the_same_floats():
    X, y = images()
    X[1, [7, 300]] = [np.nan, np.inf]
    as_floats, as_objects = DigitBrowser(X, y, index=1), DigitBrowser(X.astype(object), y, index=1)
    expected = [0.0 if not np.isfinite(v) else float(v) for v in X[1]]
    assert as_objects.vector.tolist() == expected == as_floats.vector.tolist()
    assert as_objects.message == "2 values are not finite numbers (drawn as 0)" == as_floats.message
    assert as_objects.label.value == as_floats.label.value
    np.testing.assert_array_equal(as_objects.image.get_array(), np.reshape(expected, (28, 28)))


@pytest.mark.parametrize("n", [784, 16])
def test_the_picture_has_one_cell_per_pixel_and_the_strip_one_row_of_n(n):
    side = int(round(n ** 0.5))
    c = DigitBrowser(*images(n=n))
    assert c.image.get_extent() == [-0.5, side - 0.5, side - 0.5, -0.5]
    assert c.strip.get_extent() == [-0.5, n - 0.5, 0.5, -0.5]
    assert c.strip.axes.get_ylim() == (0.5, -0.5) and c.strip.get_array().shape == (1, n)
