"""Tests of mlp_core.drawings' pictures of 784-vectors (digits, weight heatmaps and grids): what was
drawn (data, limits, colours, labels, artists), not only that nothing raised. Every test turns
warnings into errors and runs headless on Agg."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mlp_core import Network  # noqa: E402
from fake_history import history  # noqa: E402
from mlp_core import drawings as d  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")
rng = np.random.default_rng(0)
DPI = 40        # small renders keep the pixel tests fast


def image_axes(fig):
    return [ax for ax in fig.axes if ax.images]


# ---- colour maps and heatmaps ----------------------------------------------------------------
def test_heatmap_is_centred_on_zero_with_a_labelled_colourbar():
    w = rng.normal(size=784) * 0.3
    w[5] = -2.0
    im = d.draw_weight_heatmap(w)
    assert isinstance(im.figure, Figure) and im.get_array().shape == (28, 28)
    assert im.get_clim() == (-2.0, 2.0)
    assert im.colorbar is not None and im.colorbar.ax.get_ylabel() == "weight"
    assert im.axes.get_title()
    # -vmax, 0, +vmax come out dark blue, white and dark orange
    blue, white, orange = (np.array(im.cmap(im.norm(v))[:3]) for v in (-2.0, 0.0, 2.0))
    assert blue[2] > 0.3 > blue[0] and min(white) > 0.95 and orange[0] > 0.4 > orange[2]
    assert im.cmap is d.WEIGHT_CMAP


def test_the_notes_map_stays_available_by_name():
    im = d.draw_weight_heatmap(np.linspace(-1, 1, 784), cmap="red_black_green")
    red, black, green = (im.cmap(im.norm(v)) for v in (-1.0, 0.0, 1.0))
    assert red[0] > 0.7 > red[1] and max(black[:3]) < 0.05 and green[1] > 0.7 > green[0]
    assert im.cmap is d.RED_BLACK_GREEN_CMAP and not hasattr(d, "NOTES_CMAP")      # one name per map


def test_heatmap_of_zeros_and_other_cmaps_and_given_axes():
    im = d.draw_weight_heatmap(np.zeros((28, 28)), colorbar=False, title="zeros")
    vmin, vmax = im.get_clim()
    assert vmax > 0 and vmin == -vmax and im.colorbar is None
    d.figure_pixels(im.figure, dpi=DPI)                       # renders without warnings
    assert d.draw_weight_heatmap(np.ones(784), cmap="RdBu_r").cmap.name == "RdBu_r"
    fig, ax = plt.subplots()
    plt.close(fig)
    im = d.draw_weight_heatmap(np.ones(784), ax=ax, cmap="viridis", vmax=3.0)
    assert im.axes is ax and im.get_clim() == (-3.0, 3.0) and im.cmap.name == "viridis"


def test_weight_grid_shares_one_capped_scale_and_one_colourbar():
    W = rng.normal(size=(10, 784))
    W[3, 0] = 9.0
    fig = d.draw_weight_grid(W, titles=[f"digit {j}" for j in range(10)])
    panels = image_axes(fig)
    assert len(panels) == 10
    cap = np.percentile(np.abs(W), 99)
    assert 2.0 < cap < 9.0 and all(ax.images[0].get_clim() == (-cap, cap) for ax in panels)
    assert [ax.get_title() for ax in panels] == [f"digit {j}" for j in range(10)]
    assert len(fig.axes) == 11 and "blue < 0 < orange" in fig.get_suptitle()   # 10 panels + one colourbar
    bar = panels[-1].images[0].colorbar                                 # the one shared colourbar
    assert bar.ax.get_ylabel() == "weight (|w| capped at the 99th percentile)" and bar.extend == "both"
    full = d.draw_weight_grid(W, cap_percentile=100)
    assert image_axes(full)[0].images[0].get_clim() == (-9.0, 9.0)
    assert image_axes(full)[-1].images[0].colorbar.ax.get_ylabel() == "weight"
    own = d.draw_weight_grid(W[:4], shared_scale=False, cap_percentile=90)
    assert len(image_axes(own)) == 4 and len(own.axes) == 8
    first, last = image_axes(own)[0], image_axes(own)[-1]
    assert first.images[0].get_clim() != last.images[0].get_clim()
    assert first.images[0].get_clim()[1] == pytest.approx(np.percentile(np.abs(W[0]), 90))
    assert "90th" in first.images[0].colorbar.ax.get_ylabel()
    assert [d.images.ordinal(p) for p in (1, 2, 3, 11, 22, 99, 92.5)] == [
        "1st", "2nd", "3rd", "11th", "22nd", "99th", "92.5th"]


def test_sixteen_maps_make_a_four_by_four_grid_within_the_column():
    fig = d.draw_weight_grid(rng.normal(size=(16, 784)))
    corners = {(round(ax.get_position().x0, 3), round(ax.get_position().y0, 3)) for ax in image_axes(fig)}
    assert len({x for x, _ in corners}) == 4 and len({y for _, y in corners}) == 4
    assert fig.get_size_inches()[0] <= d.MAX_WIDTH
    assert d.draw_weight_grid(rng.normal(size=(16, 784)), ncols=8).get_size_inches()[0] <= d.MAX_WIDTH


# ---- digits ----------------------------------------------------------------------------------
def test_digit_from_vector_or_square_in_either_range():
    x = rng.random(784)
    im = d.draw_digit(x, label=7)
    assert im.get_array().shape == (28, 28) and im.get_clim() == (0.0, 1.0)
    assert "7" in im.axes.get_title() and not im.axes.get_xticks().size
    im = d.draw_digit((x * 255).reshape(28, 28))
    assert im.get_clim() == (0.0, 255.0) and im.axes.get_title()


def test_digit_grid_marks_wrong_predictions():
    X = rng.random((12, 784))
    y = np.arange(12) % 10
    pred = y.copy()
    pred[[2, 7]] = (pred[[2, 7]] + 1) % 10
    fig = d.draw_digit_grid(X, y, pred, ncols=5, title="some digits")
    panels = image_axes(fig)
    assert len(panels) == 12 == len(fig.axes) and fig.get_suptitle() == "some digits"
    for i, ax in enumerate(panels):
        assert ax.get_title().startswith(str(y[i])) and f"pred {pred[i]}" in ax.get_title()
        wrong = i in (2, 7)
        red = to_rgba(d.WRONG)
        assert (ax.title.get_color() == d.WRONG) == wrong
        assert (ax.spines["left"].get_edgecolor() == red) == wrong
    assert len(image_axes(d.draw_digit_grid(X[:3]))) == 3


def bowl(x, y):
    return x ** 2 + 4 * y ** 2


# ---- housekeeping ----------------------------------------------------------------------------
def test_no_pyplot_figures_are_left_open():
    open_before = plt.get_fignums()
    net = Network([6, 3, 2])
    h = history()
    d.draw_digit(np.zeros(784))
    d.draw_digit_grid(np.zeros((3, 784)), [1, 2, 3], [1, 0, 3])
    d.draw_weight_heatmap(np.zeros(784))
    d.draw_weight_grid(np.zeros((3, 784)))
    d.draw_network(net.sizes, net.forward(np.ones(6))[1], net.W).update(weights=net.W)
    d.draw_history(h)
    d.draw_history(h, per="step")
    d.draw_contour(bowl, paths=[np.zeros((2, 2))])
    d.draw_derivative_error(np.exp, np.exp, 0.0)
    d.draw_activations()
    fig = d.draw_confusion([1, 2], [1, 1]).figure
    dpi, (width, height) = fig.dpi, fig.get_size_inches() * DPI
    pixels = d.figure_pixels(fig, dpi=DPI)
    assert pixels.shape == (round(height), round(width), 4) and pixels.dtype == np.uint8
    assert fig.dpi == dpi                                                   # dpi restored
    assert plt.get_fignums() == open_before
