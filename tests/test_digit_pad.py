"""The drawing pad and the preprocessing that makes a drawing look like an MNIST digit."""
import numpy as np
import pytest

from mlp_core import load_mnist
from mlp_core.digit_pad import DigitPad
from mlp_core.errors import InputError, MLPError, ShapeError
from mlp_core.preprocessing import area_resize_matrix, mnist_like


def centre_of_mass(x):
    img = np.asarray(x).reshape(28, 28)
    r, c = np.indices(img.shape)
    return (r * img).sum() / img.sum(), (c * img).sum() / img.sum()


def ink_box(x, threshold=0.05):
    rows, cols = np.nonzero(np.asarray(x).reshape(28, 28) > threshold)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


@pytest.fixture(scope="module")
def digits():
    return load_mnist(subset=10).test.X[:20].astype(float)


def test_area_resize_keeps_the_mean_and_sums_rows_to_one():
    R = area_resize_matrix(7, 3)
    assert R.shape == (3, 7) and np.allclose(R.sum(axis=1), 1)
    v = np.arange(7.0)
    assert np.isclose((R @ v).mean(), v.mean())
    assert np.allclose(area_resize_matrix(4, 2) @ [1, 3, 5, 7], [2, 6])


def test_a_small_stroke_in_a_corner_is_scaled_to_20_pixels_and_centred():
    drawing = np.zeros((56, 56))
    drawing[2:12, 40:43] = 1.0                       # a short vertical bar, top right
    x = mnist_like(drawing)
    assert x.shape == (784,) and np.isclose(x.max(), 1.0) and x.min() >= 0
    height, width = ink_box(x)
    assert height == 20 and width < 10
    r, c = centre_of_mass(x)
    assert abs(r - 14) <= 0.5 and abs(c - 14) <= 0.5


def test_an_mnist_digit_drawn_big_and_off_centre_comes_back_close_to_itself(digits):
    for x in digits[:5]:
        big = np.zeros((84, 84))
        big[2:58, 20:76] = np.kron(x.reshape(28, 28), np.ones((2, 2)))
        back = mnist_like(big)
        assert np.corrcoef(back, x)[0, 1] > 0.95


def test_mnist_digits_have_their_centre_of_mass_at_14_14(digits):
    coms = np.array([centre_of_mass(x) for x in digits])
    assert np.abs(coms - 14).max() < 0.75


def test_a_blank_drawing_gives_zeros_and_bad_drawings_are_refused():
    assert not mnist_like(np.zeros((56, 56))).any()
    with pytest.raises(ShapeError, match="2-D"):
        mnist_like(np.zeros(784))
    bad = np.zeros((56, 56))
    bad[3, 4] = np.nan
    with pytest.raises(InputError, match=r"holds nan at index \(3, 4\)"):
        mnist_like(bad)


def test_setting_the_drawing_trait_updates_the_pixels_the_model_gets():
    pad = DigitPad()
    assert not pad.x.any()
    seen = []
    pad.observe(lambda change: seen.append(change["new"]), names="pixels")
    drawing = np.zeros((56, 56))
    drawing[10:40, 25:31] = 1.0
    pad.drawing = drawing.ravel().tolist()
    assert len(seen) == 1 and pad.x.shape == (784,) and ink_box(pad.x)[0] == 20


def test_load_puts_a_test_digit_on_the_pad_unchanged(digits):
    pad = DigitPad()
    pad.load(digits[0])
    assert np.allclose(pad.x, digits[0]) and pad.loads == 1
    assert np.allclose(np.asarray(pad.drawing).reshape(56, 56)[::2, ::2], digits[0].reshape(28, 28))
    pad.clear()
    assert not pad.x.any() and pad.loads == 2
    with pytest.raises(ShapeError, match=r"image must be an image of shape \(784,\), got shape \(10,\)"):
        pad.load(np.zeros(10))


def test_pixels_in_0_to_255_are_refused_with_the_hint_to_divide(digits):
    pad = DigitPad()
    with pytest.raises(InputError, match="up to 255.*pass image / 255"):
        pad.load(digits[0] * 255)
    assert not pad.x.any() and pad.loads == 0            # nothing half-loaded
    pad.load(digits[0] * 255 / 255)
    assert np.allclose(pad.x, digits[0])


@pytest.mark.parametrize("argument, value, match", [
    ("side", 0, r"DigitPad\(side\) must be an integer from 8 to 280, got 0"),
    ("side", 2.5, r"DigitPad\(side\) must be an integer"),
    ("stroke", float("nan"), r"DigitPad\(stroke\) must be a finite number in \(0, 280\], got nan"),
    ("stroke", 0.0, r"DigitPad\(stroke\) must be a finite number"),
])
def test_a_pad_of_a_bad_size_or_stroke_is_refused(argument, value, match):
    with pytest.raises(MLPError, match=match):
        DigitPad(**{argument: value})


def test_a_drawing_holding_nan_is_refused_naming_it():
    pad = DigitPad()
    ink = np.zeros(56 * 56)
    ink[5] = np.nan
    with pytest.raises(InputError, match="drawing holds nan"):
        pad.drawing = ink.tolist()


def test_a_drawing_of_the_wrong_size_is_refused():
    pad = DigitPad()
    with pytest.raises(InputError, match="3136"):
        pad.drawing = [0.0] * 10


def test_the_kit_imports_and_draw_digit_works_in_a_kernel_without_anywidget():
    import subprocess
    import sys
    code = ("import sys; sys.modules['anywidget'] = None\n"         # import anywidget now fails
            "import matplotlib; matplotlib.use('Agg')\n"
            "import numpy as np\n"
            "from mlp_core import Network, controls\n"
            "from mlp_core.digit_pad import DigitPad, PadModel\n"
            "c = controls.DrawDigit(network=Network([784, 10], seed=0), images=np.eye(3, 784))\n"
            "c.index.value = 2\n"
            "assert DigitPad is None and isinstance(c.pad, PadModel) and c.x[2] == 1.0\n"
            "print(c.widget.children[0].value)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "pip install anywidget" in out.stdout
