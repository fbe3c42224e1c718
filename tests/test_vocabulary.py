"""The validation vocabulary (mlp_core.validation): each check returns the value in the engine's form
or raises the package's error naming the argument, the value found and what is expected."""
import re

import numpy as np
import pytest

from mlp_core import InputError, ShapeError
from mlp_core import validation as check


@pytest.mark.parametrize("value", [-1, 1.5, "3", True, 2 ** 63, np.float64(2)])
def test_seed_refuses_what_is_not_a_seed(value):
    pattern = rf"^s must be a seed, an integer from 0 to 2\*\*63 - 1 \(or None\), got {re.escape(repr(value))}$"
    with pytest.raises(InputError, match=pattern):
        check.seed("s", value)


def test_seed_accepts_integers_and_none():
    assert check.seed("s", np.int64(7)) == 7 and type(check.seed("s", np.int64(7))) is int
    assert check.seed("s", None) is None and check.seed("s", 0) == 0


@pytest.mark.parametrize("value,low,high,pattern", [
    (0, 1, 5, r"^n must be an integer from 1 to 5, got 0$"),
    (6, 1, 5, r"^n must be an integer from 1 to 5, got 6$"),
    (2.0, 1, None, r"^n must be an integer >= 1, got 2.0 \(float\)$"),
    ("3", 0, None, r"^n must be an integer >= 0, got '3' \(str\)$"),
    (True, 0, None, r"^n must be an integer >= 0, got True \(bool\)$"),
    (9, None, 8, r"^n must be an integer <= 8, got 9$"),
])
def test_count_refuses_non_integers_and_values_outside(value, low, high, pattern):
    with pytest.raises(InputError, match=pattern):
        check.count("n", value, low, high)


def test_count_returns_a_python_int():
    assert check.count("n", np.uint8(5), 1, 5) == 5 and type(check.count("n", np.uint8(5), 1, 5)) is int


def test_choice_names_the_options():
    with pytest.raises(InputError, match=r"^unknown init 'bogus'; choose one of \['scaled', 'zeros'\]$"):
        check.choice("init", "bogus", ["scaled", "zeros"])
    with pytest.raises(InputError, match=r"^unknown init \['scaled'\]"):
        check.choice("init", ["scaled"], ["scaled", "zeros"])      # unhashable: still one clear line
    assert check.choice("init", "zeros", ("scaled", "zeros")) == "zeros"


def test_image_says_to_divide_0_255_pixels_by_255():
    with pytest.raises(InputError, match=r"^pad image holds values up to 255: pixels must lie in 0..1; "
                                         r"for 0..255 pixels pass pad image / 255$"):
        check.image("pad image", np.full((4, 4), 255, np.uint8))


@pytest.mark.parametrize("value,shape,error,pattern", [
    (np.zeros((3, 3)), (28, 28), ShapeError, r"^img must be an image of shape \(28, 28\), got shape \(3, 3\)$"),
    (np.zeros(5), None, ShapeError, r"^img must be an image of a 2-D array \(H, W\) with H, W >= 1, got shape \(5,\)$"),
    (np.zeros((0, 4)), None, ShapeError, r"got shape \(0, 4\)$"),
    (np.array([[0.0, np.nan]]), None, InputError, r"^img holds nan at index \(0, 1\)"),
    (np.array([[-0.5, 0.2]]), None, InputError, r"^img holds values from -0.5 to 0.2; pixels must lie in 0..1"),
    ("abc", None, InputError, r"^img must be an image, an array of numbers in 0..1, got str$"),
])
def test_image_refuses_wrong_shapes_and_values(value, shape, error, pattern):
    with pytest.raises(error, match=pattern):
        check.image("img", value, shape)


def test_image_returns_floats():
    out = check.image("img", [[0, 1], [0.5, 0]])
    assert out.dtype == float and out.shape == (2, 2)


@pytest.mark.parametrize("dtype", [np.float16, np.longdouble, ">f8", "<f4" if np.little_endian is False else ">f4"])
def test_float_dtype_is_float32_or_float64_only(dtype):
    with pytest.raises(InputError, match=r"^dtype must be a floating dtype, np.float64 or np.float32, got "):
        check.float_dtype(dtype)
    assert check.float_dtype("float32") == np.float32 and check.float_dtype(float) == np.float64


@pytest.mark.parametrize("value,pattern", [
    ("", r"^model path must be a file path, got an empty path ''$"),
    ("a\0b", r"^model path must be a file path without NUL characters"),
    ("x" * 300 + ".npz", r"^model path has a file or folder name of 304 bytes; the system allows at most 255$"),
    (3, r"^model path must be a file path \(a str or pathlib.Path\), got 3$"),
])
def test_path_refuses_what_no_file_system_can_hold(value, pattern):
    with pytest.raises(InputError, match=pattern):
        check.path("model path", value)
