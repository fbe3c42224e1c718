"""The notebook controls, driven headless by setting widget values (as a learner's slider moves do)
and checked on what is drawn: artists' data, label numbers, pixels, open figures, display calls."""
import io

import matplotlib

matplotlib.use("Agg")

import IPython.core.display_functions as display_functions  # noqa: E402
import IPython.display  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_core import Network, train  # noqa: E402
from mlp_core.activations import sigmoid  # noqa: E402
from mlp_core import controls  # noqa: E402
from mlp_core.callbacks import WeightSnapshots  # noqa: E402
from mlp_core.controls import (FUNCTIONS, Control, DigitBrowser, DrawDigit,  # noqa: E402
                               GradientDescentExplorer, HiddenLayerBoundary, LiveCostPlot, NeuronPlayground,
                               OnePixelLogistic, OptimizerRace, WeightMover, WeightTimeline)
from mlp_core.controls.rendering import Picture  # noqa: E402
from mlp_core.drawings.style import PREDICTION, RIGHT, TRUTH  # noqa: E402
from mlp_core.drawings import figure_pixels  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.optimizers import OPTIMIZERS, SGD, Momentum, make_optimizer  # noqa: E402

EXPORTED = [getattr(controls, name) for name in controls.__all__]
CONTROL_CLASSES = [c for c in EXPORTED if isinstance(c, type) and issubclass(c, Control)]


@pytest.fixture(scope="module")
def digits():
    """Twelve random 'images' in [0, 1], image 0 all zeros, labels 0..9."""
    rng = np.random.default_rng(0)
    X = rng.random((12, 784)) * (rng.random((12, 784)) < 0.2)
    X[0] = 0.0
    return X, np.arange(12) % 10


@pytest.fixture(scope="module")
def net():
    return Network([784, 16, 16, 10], seed=0)


def all_finite(fig):
    """Every line, image and scatter drawn in fig holds only finite numbers."""
    for ax in fig.axes:
        for line in ax.lines:                          # a row of NaN is a gap between pieces of a line
            xy = np.asarray(line.get_xydata(), dtype=float)
            assert np.isfinite(xy[~np.isnan(xy).all(axis=1)]).all(), line
        for im in ax.images:
            assert np.isfinite(np.asarray(im.get_array(), dtype=float)).all(), im
        for coll in ax.collections:
            assert np.isfinite(np.asarray(coll.get_offsets(), dtype=float)).all(), coll
        for patch in ax.patches:
            assert np.isfinite(patch.get_extents().bounds).all(), patch
    return True


@pytest.fixture
def shown(monkeypatch):
    """Record every IPython display call (object, display_id, update) instead of printing."""
    calls = []

    def fake(*objs, display_id=None, update=False, **kwargs):
        calls.extend((obj, display_id, update) for obj in objs)

    monkeypatch.setattr(display_functions, "display", fake)
    monkeypatch.setattr(IPython.display, "display", fake)
    return calls


def snapshots(digits):
    """A WeightSnapshots of a small network trained briefly on the twelve 'images'."""
    snaps = WeightSnapshots(layer=1, early_steps=(1, 2, 4, 5))
    train(Network([784, 16, 10], seed=0), digits, epochs=5, batch_size=4, lr=0.5, callbacks=[snaps], seed=0)
    return snaps


# control class -> function (digits, net) -> (control, the widget moved, values to cycle through): the
# contract below runs over every Control that mlp_core.controls exports, and fails for one missing here
EXAMPLES = {
    "DigitBrowser": lambda d, net: (lambda c: (c, c.index, range(12)))(DigitBrowser(*d)),
    "NeuronPlayground": lambda d, net: (lambda c: (c, c.w[0], np.linspace(-5, 5, 7)))(NeuronPlayground()),
    "OnePixelLogistic": lambda d, net: (lambda c: (c, c.theta1, np.linspace(-40, 40, 7)))(
        OnePixelLogistic(d[0][:, 300], d[1] == 5)),
    "WeightMover": lambda d, net: weight_mover(d, net),
    "GradientDescentExplorer": lambda d, net: (lambda c: (c, c.lr, np.geomspace(1e-3, 100, 7)))(
        GradientDescentExplorer()),
    "OptimizerRace": lambda d, net: (lambda c: (c, c.momentum, np.linspace(0, 0.99, 7)))(OptimizerRace(steps=30)),
    "HiddenLayerBoundary": lambda d, net: (lambda c: (c, c.hidden, [1, 2, 3, 5, 8]))(HiddenLayerBoundary(hidden=1)),
    "DrawDigit": lambda d, net: (lambda c: (c, c.index, range(1, 12)))(DrawDigit(network=net, images=d[0])),
    "WeightTimeline": lambda d, net: (lambda c: (c, c.frame, range(c.frame.max + 1)))(WeightTimeline(snapshots(d))),
}


def weight_mover(digits, net):
    X, y = digits
    c = WeightMover(net, X, y, index=3)
    c.k.value = int(np.flatnonzero(X[3])[0])          # a pixel that is 'on' in image 3
    return c, c.weight, np.linspace(-10, 10, 7)


def make(kind, digits, net):
    """(control, slider, values to cycle through) for each exported control."""
    return EXAMPLES[kind](digits, net)


KINDS = [cls.__name__ for cls in CONTROL_CLASSES]


def test_every_exported_control_is_in_the_contract():
    assert len(KINDS) >= 9 and sorted(KINDS) == sorted(EXAMPLES), "add the new control to EXAMPLES"


# ---- what every control shares ---------------------------------------------------------------
@pytest.mark.parametrize("cls", [c for c in EXPORTED if isinstance(c, type)])
def test_every_control_says_what_to_try(cls):
    assert "Try:" in cls.__doc__ and "Notice:" in cls.__doc__


@pytest.mark.parametrize("kind", KINDS)
def test_a_hundred_moves_update_one_display_and_leave_no_figure_open(kind, digits, net, shown):
    before = plt.get_fignums()
    c, slider, values = make(kind, digits, net)
    c._ipython_display_()
    first = list(shown)
    assert first[0][0] is c.widget and type(first[1][0]).__name__ == "Picture" and not any(u for *_, u in first)
    pixels = figure_pixels(c.fig)
    redraws = c.redraws
    for i in range(100):
        slider.value = values[i % len(values)]
    assert plt.get_fignums() == before
    updates = shown[len(first):]
    assert len(updates) == c.redraws - redraws >= 50          # equal values in a row fire nothing
    assert all(isinstance(obj, Picture) and did == first[1][1] and update for obj, did, update in updates)
    assert not np.array_equal(pixels, figure_pixels(c.fig))
    assert all_finite(c.fig)


@pytest.mark.parametrize("kind", KINDS)
def test_every_control_fits_the_column_with_no_text_under_9_pt(kind, digits, net):
    from matplotlib.text import Text
    from mlp_core.drawings.style import MAX_WIDTH, MIN_FONT
    c, slider, values = make(kind, digits, net)
    png_pixels(c.picture())                                # laid out, tick labels made
    small = [(t.get_text(), t.get_fontsize()) for t in c.fig.findobj(Text)
             if t.get_visible() and t.get_text() and t.get_fontsize() < MIN_FONT]
    assert c.fig.get_size_inches()[0] <= MAX_WIDTH and not small, small


@pytest.mark.parametrize("kind", KINDS)
def test_a_failing_update_becomes_a_message_not_a_traceback(kind, digits, net, monkeypatch):
    c, slider, values = make(kind, digits, net)

    def broken():
        raise RuntimeError("something broke")

    monkeypatch.setattr(c, "update", broken)
    slider.value = values[3]
    assert c.message == "RuntimeError: something broke" and "something broke" in c.status.value
    monkeypatch.undo()
    slider.value = values[4]
    assert "broke" not in c.message and "broke" not in c.status.value


def test_control_is_displayable_without_a_kernel(capsys, digits):
    c = DigitBrowser(*digits)
    c.show()
    c.index.value = 5
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("VBox(children=(HBox(children=(IntSlider(value=0, description='index'")
    assert out[1:] == ["<DigitBrowser figure 600x460 px>"] * 2          # shown once, then one update


def test_picture_is_the_current_png_and_the_static_book_takes_over_the_display(digits, shown, monkeypatch):
    import mlp_core.controls.static as static
    c = DigitBrowser(*digits)
    before = png_pixels(c.picture())
    c.index.value = 5
    after = png_pixels(c.picture())
    assert after.shape == before.shape and not np.array_equal(before, after)
    assert_same_picture(after, figure_pixels(c.fig))
    taken = []
    monkeypatch.setattr(static, "enabled", lambda: True)
    monkeypatch.setattr(static, "display", taken.append)
    c.show()
    assert taken == [c] and shown == []                 # the book shows it, not the live display
    monkeypatch.setattr(static, "enabled", lambda: False)
    c.show()
    assert taken == [c] and [type(o).__name__ for o, *_ in shown] == ["VBox", "Picture"]


def png_pixels(png):
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def assert_same_picture(fast, full):
    """The picture of a move equals the whole figure drawn afresh, up to the antialiased edges of
    lines drawn again over a moving artist (a shade darker): nothing missing, nothing extra."""
    assert fast.shape == full.shape
    diff = np.abs(fast.astype(int) - full.astype(int)).max(axis=-1)
    assert (diff > 40).sum() <= 1e-4 * diff.size and diff.mean() < 0.5, ((diff > 40).sum(), diff.mean())


@pytest.mark.parametrize("kind", KINDS)
def test_each_moves_picture_is_the_whole_figure_drawn_afresh(kind, digits, net, shown):
    c, slider, values = make(kind, digits, net)
    c.show()
    assert isinstance(c, Control) and isinstance(shown[-1][0], Picture)
    pictures = []
    for v in values[1:4]:
        slider.value = v
        picture = shown[-1][0]
        assert isinstance(picture, Picture) and picture.png() is picture.png()   # rendered once
        pictures.append(png_pixels(picture.png()))
        assert_same_picture(pictures[-1], figure_pixels(c.fig))
    assert not np.array_equal(pictures[0], pictures[1]) and not np.array_equal(pictures[1], pictures[2])


class Doubler(Control):
    """A control as a chapter writes one: build() once, update() per move, no `moving` list."""

    def __init__(self):
        import ipywidgets as widgets
        self.x = widgets.FloatSlider(value=1.0, min=-2, max=2, description="x")
        fig, self.ax = plt.subplots(figsize=(4, 3), layout="constrained")
        self.line, = self.ax.plot([0, 1], [0, 0])
        self.ax.set(xlim=(0, 1), ylim=(-4.5, 4.5))
        self.build(fig, [[self.x]])

    def update(self):
        self.line.set_ydata([0, 2 * self.x.value])
        self.ax.set_title(f"2x = {2 * self.x.value:.2f}")
        self.label.value = f"2x = <b>{2 * self.x.value:.2f}</b>"
        if self.x.value < 0:
            return "x is negative"


def test_a_subclass_gets_widgets_messages_and_pictures_from_build_and_update(shown):
    c = Doubler()
    assert c.redraws == 1 and c.message == "" and c.widget.children[-2] is c.label
    c.show()
    first = png_pixels(c.png())
    c.x.value = -1.5
    assert c.line.get_ydata()[1] == -3.0 and c.message == "x is negative" and "negative" in c.status.value
    picture = shown[-1][0]
    assert isinstance(picture, Picture) and shown[-1][2] is True
    assert not np.array_equal(first, png_pixels(picture.png()))
    assert_same_picture(png_pixels(picture.png()), figure_pixels(c.fig))
    with pytest.raises(NotImplementedError):
        Control.update(c)


# ---- one control at a time -------------------------------------------------------------------
def test_digit_browser_shows_the_chosen_image_its_vector_and_label(digits):
    X, y = digits
    c = DigitBrowser(X, y, index=0)
    assert c.message.startswith("this image is blank")
    c.index.value = 7
    np.testing.assert_array_equal(c.image.get_array(), X[7].reshape(28, 28))
    np.testing.assert_array_equal(c.strip.get_array(), X[7][None, :])
    assert c.digit == 7 and "label <b>7</b>" in c.label.value and c.message == ""
    assert c.image.axes.get_title() == "image 7: label 7"


def test_neuron_playground_computes_z_and_a_and_marks_the_point():
    c = NeuronPlayground(n_inputs=2)
    assert [s.description for s in c.x + c.w] == ["x0", "x1", "w0", "w1"]     # counted from 0, as the series
    before = png_pixels(c.png())
    c.x[0].value, c.x[1].value, c.w[0].value, c.w[1].value, c.b.value = 1.0, 0.5, 2.0, -1.0, 0.25
    assert c.z == pytest.approx(1.75) and c.a == pytest.approx(float(sigmoid(np.array([1.75]))[0]))
    assert "<b>1.750</b>" in c.label.value
    assert c.point.get_xydata().tolist() == [[c.z, c.a]] and not np.array_equal(before, png_pixels(c.png()))
    sig = c.curve.get_ydata().copy()
    c.activation.value = "tanh"
    assert c.a == pytest.approx(np.tanh(1.75)) and not np.allclose(sig, c.curve.get_ydata())
    c.activation.value = "relu"
    c.b.value = -5.0
    assert c.a == 0.0 and "silent" in c.message
    c.activation.value = "step"
    c.b.value = 5.0
    assert c.a == 1.0
    c.activation.value = "identity"
    assert c.a == c.z == pytest.approx(6.5) and c.ax.get_ylim()[1] > c.a
    c.activation.value = "sigmoid"
    assert "saturated" in c.message
    c.w[0].max = 1e3
    c.w[0].value = 1e3
    assert c.z == pytest.approx(1e3 + 4.5) and c.a == 1.0 and all_finite(c.fig)


def test_one_pixel_logistic_fits_and_reports_the_log_loss():
    rng = np.random.default_rng(1)
    x = rng.random(300)
    t = (x + rng.normal(0, 0.15, 300)) > 0.6
    c = OnePixelLogistic(x, t)
    p = sigmoid(c.theta0.value + c.theta1.value * x)
    assert c.cost == pytest.approx(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))
    start, curve, colours = c.cost, c.curve.get_ydata().copy(), c.points.get_facecolors().copy()
    c.theta1.value, c.theta0.value = 12.0, -7.2
    assert c.cost < start and c.accuracy > 0.8 and f"<b>{c.cost:.4f}</b>" in c.label.value
    np.testing.assert_allclose(c.curve.get_ydata(), sigmoid(-7.2 + 12.0 * c.xs))
    assert not np.allclose(curve, c.curve.get_ydata()) and not np.array_equal(colours, c.points.get_facecolors())
    assert c.boundary.get_visible() and c.boundary.get_xdata()[0] == pytest.approx(0.6)
    c.theta1.value, c.theta0.value = -40.0, 20.0           # confidently wrong: large but finite cost
    assert np.isfinite(c.cost) and c.cost > 5 and all_finite(c.fig)
    c.theta1.value = 0.0
    assert not c.boundary.get_visible() and "always" in c.label.value
    assert c.cost == pytest.approx(np.mean(np.where(t, np.log1p(np.exp(-20.0)), 20 + np.log1p(np.exp(-20.0)))))


def test_one_pixel_logistic_names_its_symbols_and_shows_the_share_of_t_1_per_bin():
    rng = np.random.default_rng(2)
    x = np.where(rng.random(500) < 0.6, 0.0, rng.random(500))         # a pile at x = 0, as a real pixel
    t = np.where(x == 0, rng.random(500) < 0.1, rng.random(500) < x)
    c = OnePixelLogistic(x, t, theta0=-1.0, theta1=3.0)
    assert c.ax.get_ylabel() == "a = P(t = 1 | x)" and c.ax.get_xlabel() == "pixel value x"
    assert c.ax.get_title().startswith("θ0 = -1.00, θ1 = 3.00")
    first = x < 0.1
    assert c.share[0] == pytest.approx(t[first].mean()) and len(c.share) == 10 == len(c.edges) - 1
    np.testing.assert_allclose(c.share_line.get_ydata(), c.share[np.isfinite(c.share)])
    legend = [text.get_text() for text in c.fig.legends[0].get_texts()]
    assert any(f"{int(np.sum(x == 0)):,} of 500 at x = 0" in line for line in legend)
    assert any("share with t = 1" in line for line in legend)
    right = (c.theta0.value + c.theta1.value * x >= 0) == t
    colours = c.points.get_facecolors()[:, :3]
    np.testing.assert_allclose(colours[right[c._shown]][0], matplotlib.colors.to_rgb(RIGHT))
    before = png_pixels(c.png())
    c.theta0.value = -2.0
    assert c.ax.get_title().startswith("θ0 = -2.00") and not np.array_equal(before, png_pixels(c.png()))
    with pytest.raises(InputError, match="bins"):
        OnePixelLogistic(x, t, bins=0)


def test_weight_mover_changes_its_copy_and_everything_drawn(digits, net):
    X, y = digits
    original = net.theta.copy()
    c = WeightMover(net, X, y, index=3)
    assert c.net is not net and c.message.startswith("pixel 406 is 0 in this image")
    cost, outputs = c.cost, c.outputs.copy()
    colours = [ci.get_facecolor() for ci in c.diagram.circles[1]]
    heights = [b.get_height() for b in c.bars]
    k = int(np.flatnonzero(X[3])[0])                       # a pixel that is 'on' in image 3
    c.k.value = k
    c.weight.value = 8.0
    assert c.net.W[1][0, k] == 8.0 and np.array_equal(net.theta, original)
    assert c.cost != cost and not np.allclose(c.outputs, outputs)
    assert colours != [ci.get_facecolor() for ci in c.diagram.circles[1]]
    assert heights != [b.get_height() for b in c.bars]
    assert f"{c.cost:.4f}" in c.label.value and c.prediction == int(np.argmax(c.outputs))
    assert c.heatmap.get_array()[k // 28, k % 28] == 8.0
    # scaling the map of neuron 0 multiplies its row, and the heatmap shows it
    row = c.net.W[1][0].copy()
    c.scale.value = -2.0
    np.testing.assert_allclose(c.net.W[1][0], -2.0 * row)
    np.testing.assert_allclose(c.heatmap.get_array().ravel(), -2.0 * row)
    # another layer: j and k get that layer's sizes and the weight slider shows the stored weight
    c.layer.value = 3
    assert (c.j.max, c.k.max) == (9, 15)
    assert c.weight.value == pytest.approx(c.net.W[3][c.j.value, c.k.value])
    c.j.value = 4
    assert c.weight.value == pytest.approx(c.net.W[3][4, c.k.value])
    c.layer.value = 1
    c.j.value = 5
    assert c.neuron.value == 5 and c.scale.value == 1.0
    c.index.value = 0
    assert "all zeros" in c.message and all_finite(c.fig)
    np.testing.assert_array_equal(net.theta, original)


def test_weight_mover_draws_the_inked_pixels_and_marks_the_moved_weight(digits, net):
    X, y = digits
    c = WeightMover(net, X, y, index=3)
    x, d = X[3], c.diagram
    k = int(np.flatnonzero(X[3] == 0)[5])                  # a blank pixel: drawn all the same
    c.k.value = k
    assert k in d.neuron_index[0] and len(d.neuron_index[0]) == 8
    others = [i for i in d.neuron_index[0] if i != k]
    assert x[others].min() >= np.sort(x)[-7]               # the other seven are the most inked
    assert d.highlighted == (1, 0, k) and d.rings[0].get_visible()
    a, b = d.circles[0][d.neuron_index[0].index(k)].center, d.circles[1][0].center
    assert d.marker.get_xydata().tolist() == [list(a), list(b)]            # the band joins its two neurons
    assert d.marker.get_linewidth() >= 6
    segment = d.neuron_index[0].index(k)                   # row j = 0 of the drawn lines
    assert d.lines[1].get_colors()[segment][3] == 1.0       # shown even if weaker than the strongest
    assert d.shown_values(1) == [f"{v:.2f}" for v in c.activations[1][d.neuron_index[1]]]
    before = d.shown_values(1)
    c.k.value = int(np.flatnonzero(X[3])[0])
    c.weight.value = 9.0
    assert d.shown_values(1) != before           # neuron 0 of layer 1 moved
    c.layer.value, c.j.value, c.k.value = 2, 4, 7
    assert d.highlighted == (2, 4, 7) and d.marker.get_xydata()[1].tolist() == list(d.circles[2][4].center)
    labels = [t.get_text() for t in d.ax.get_legend().get_texts()]
    assert "moved weight" in labels and "weight > 0" in labels
    assert c.bars[c.prediction].get_facecolor() == matplotlib.colors.to_rgba(PREDICTION)
    assert c.bars[y[3]].get_edgecolor() == matplotlib.colors.to_rgba(TRUTH)
    key = [t.get_text() for t in c.axes[3].get_legend().get_texts()]
    assert key == ["the model's answer (largest output)", "true label"]


@pytest.mark.parametrize("labels, match", [
    (np.arange(12), r"y\[10\] is 10; labels must lie in 0..9"),
    (np.arange(12) % 10 + 0.0, r"y must be integer class labels 0..9, got dtype float64"),
])
def test_weight_mover_refuses_labels_outside_the_outputs(digits, net, labels, match):
    with pytest.raises(InputError, match=match):
        WeightMover(net, digits[0], labels)


def test_a_number_box_moves_its_slider_by_less_than_a_pixel(digits):
    c = OnePixelLogistic(digits[0][:, 300], digits[1] == 5)
    box = c.widget.children[0].children[1]
    assert box.value == c.theta0.value and box not in c._watched
    redraws = c.redraws
    box.value = -2.53
    assert c.theta0.value == -2.53 and c.redraws == redraws + 1 and c.ax.get_title().startswith("θ0 = -2.53")
    c.theta0.value = 1.5
    assert box.value == 1.5


def test_weight_mover_survives_huge_weights(digits, net):
    X, y = digits
    c = WeightMover(net, X, y, index=2, weight_range=1e3, scale_range=1e3)
    for l, j, k, v in ((1, 0, int(np.flatnonzero(X[2])[0]), 1e3), (2, 3, 0, -1e3), (3, 2, 5, 1e3)):
        c.layer.value, c.j.value, c.k.value = l, j, k
        c.weight.value = v
        assert c.net.W[l][j, k] == v and np.isfinite(c.cost) and all_finite(c.fig)
    c.scale.value = 1e3
    assert np.isfinite(c.cost) and "saturate" in c.message and all_finite(c.fig)


def test_gradient_descent_explorer_follows_x_minus_lr_times_slope():
    c = GradientDescentExplorer("parabola", lr=0.1, steps=5)
    expected = 2.5 * 0.8 ** np.arange(6)
    np.testing.assert_allclose(c.path[:, 0], expected)
    np.testing.assert_allclose(c.path_line.get_ydata(), expected ** 2)
    assert c.final_value == pytest.approx(expected[-1] ** 2) and f"{c.final_value:.5g}" in c.label.value
    c.steps.value = 50
    assert c.steps_taken == 50 and abs(c.final_point[0]) < 1e-4 and c.message == ""
    c.lr.value = 100
    assert c.diverged and c.message.startswith("diverged: learning rate too large") and all_finite(c.fig)
    # the double well: the start decides which minimum is reached
    c.function.value, c.lr.value, c.steps.value = "double_well", 0.1, 100
    assert c.x0.value == 2.0 and c.final_point[0] == pytest.approx(1.33222, abs=1e-4)   # the shallow one
    c.x0.value = -2.0
    assert c.final_point[0] == pytest.approx(-1.48397, abs=1e-4) and c.final_value < -1.4
    # 2-D: a contour set and a path in the plane
    c.function.value = "elongated"
    assert c.y0.disabled is False and (c.x0.value, c.y0.value) == (-8.0, 2.5) and len(c.ax.collections) == 1
    c.lr.value = 0.5
    assert c.path.shape == (101, 2) and c.path_line.get_xydata().tolist() == c.path.tolist()
    c.lr.value = 1.5
    assert c.diverged and "diverged" in c.message and all_finite(c.fig)
    c.lr.value, c.function.value = 0.1, "plateau"
    assert c.y0.disabled and not c.ax.collections and c.message == ""


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_every_function_at_every_rate_draws_only_finite_points(name):
    c = GradientDescentExplorer(name, steps=200)
    for lr in (1e-3, 0.1, 1.0, 10.0, 100.0):
        c.lr.value = lr
        assert all_finite(c.fig) and np.isfinite(c.final_value)


def test_optimizer_race_paths_and_steps_to_the_minimum():
    c = OptimizerRace("elongated", lr=0.1, momentum=0.9, steps=200)
    names = [cls.__name__ for cls in OPTIMIZERS.values()]         # every registered optimizer races
    assert list(c.paths) == list(c.steps_to_min) == list(c.axes) == names
    fn = FUNCTIONS["elongated"]
    np.testing.assert_allclose(c.paths["SGD"], _path(SGD(0.1), fn, 200))
    np.testing.assert_allclose(c.paths["Momentum"], _path(Momentum(0.1, 0.9), fn, 200))
    for name in names:                        # steps to the minimum, counted on a path computed here
        path = _path(make_optimizer(name, 0.1, 0.9), fn, 200)
        np.testing.assert_allclose(c.paths[name], path)
        near = [k for k, p in enumerate(path) if np.hypot(*(p - fn.minimum)) < c.tol]
        expected = near[0] if near else None
        assert c.steps_to_min[name] == expected
        assert c.axes[name].get_title() == f"{name}: " + ("—" if expected is None else f"{expected} steps")
        assert f"{name} <b>{'—' if expected is None else expected}</b>" in c.label.value
    assert c.steps_to_min["SGD"] is None and c.steps_to_min["Momentum"] is not None
    k = c.steps_to_min["Momentum"]             # k steps: the point after k updates, and not before
    assert np.hypot(*c.paths["Momentum"][k]) < c.tol <= np.hypot(*c.paths["Momentum"][k - 1])
    sgd, momentum = c.paths["SGD"], c.paths["Momentum"]
    c.momentum.value = 0.5
    assert np.array_equal(c.paths["SGD"], sgd) and not np.array_equal(c.paths["Momentum"], momentum)
    np.testing.assert_allclose(c.lines["Momentum"].get_xydata(), c.paths["Momentum"])
    c.lr.value = 100
    assert "diverged: learning rate too large" in c.message and "SGD" in c.message
    assert c.axes["SGD"].get_title() == "SGD: diverged" and all_finite(c.fig)
    contours = len(c.axes["Adam"].collections)
    c.surface.value = "rosenbrock"
    c.surface.value = "round"
    assert len(c.axes["Adam"].collections) == contours and c.axes["Adam"].get_xlim() == (-3, 3)


def _path(optimizer, fn, steps):
    x = np.array(fn.start)
    out = [x.copy()]
    for _ in range(steps):
        optimizer.update([x], [fn.grad(x)])
        out.append(x.copy())
    return np.array(out)


# ---- the live training plot ------------------------------------------------------------------
def _blobs(m=200, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, m)
    return rng.standard_normal((3, 6))[y] * 2 + rng.standard_normal((m, 6)) * 0.5, y


def test_live_cost_plot_is_throttled_and_ends_with_the_whole_history(shown):
    plot = LiveCostPlot(every_seconds=0.25)
    now = [0.0]

    def clock():                      # 100 steps take 0.1 s
        now[0] += 0.001
        return now[0]

    plot.clock = clock
    before = plt.get_fignums()
    h = train(Network([6, 5, 3], seed=0), _blobs(), epochs=2, batch_size=4, log_every=1,
              test_data=_blobs(seed=1), callbacks=[plot])
    assert len(h.step) == 100 and 1 <= plot.redraws <= 3 and plt.get_fignums() == before
    assert [u for *_, u in shown] == [False] + [True] * plot.redraws      # one display, then updates
    assert len({did for _, did, _ in shown}) == 1 and all(isinstance(o, Picture) for o, *_ in shown)
    assert_same_picture(png_pixels(shown[-1][0].png()), figure_pixels(plot.fig))
    np.testing.assert_allclose(plot.step_line.get_ydata(), h.step_cost)
    np.testing.assert_allclose(plot.step_line.get_xdata(), h.step)
    np.testing.assert_allclose(plot.train_line.get_ydata(), h.train_cost)
    np.testing.assert_allclose(plot.test_line.get_ydata(), h.test_cost)
    np.testing.assert_allclose(plot.test_line.get_xdata(), np.array(h.epoch) * h.steps_per_epoch)
    np.testing.assert_allclose(plot.accuracy_line.get_ydata(), 100 * np.array(h.test_accuracy))
    assert plot.cost_ax.get_title().startswith("epoch 2: cost train") and all_finite(plot.fig)
    assert plot.acc_ax.get_title().startswith("test accuracy") and plot.cost_ax.get_legend() is not None
    assert not np.array_equal(figure_pixels(plot.fig), figure_pixels(LiveCostPlot().fig))


def test_live_cost_plot_redraws_when_time_passes_and_per_epoch():
    plot = LiveCostPlot(every_seconds=0.25, per="epoch", test=False, log=True)
    now = [0.0]

    def clock():                      # each call is 0.1 s later
        now[0] += 0.1
        return now[0]

    plot.clock = clock
    h = train(Network([6, 5, 3], seed=0), _blobs(), epochs=3, batch_size=20, log_every=1, callbacks=[plot])
    assert plot.redraws >= 5 and plot.acc_ax is None and plot.message == ""
    np.testing.assert_allclose(plot.step_line.get_xdata(), np.array(h.step) / h.steps_per_epoch)
    np.testing.assert_allclose(plot.train_line.get_xdata(), h.epoch)
    assert plot.test_line is None and plot.cost_ax.get_yscale() == "log"
    assert [line.get_gid() for line in plot.cost_ax.lines] == ["step_cost", "train_cost"]   # HistoryPlot's lines
    assert not np.array_equal(figure_pixels(plot.fig), figure_pixels(LiveCostPlot(test=False).fig))


def test_live_cost_plot_waits_longer_when_a_redraw_is_slow(shown):
    plot = LiveCostPlot(every_seconds=0.1)
    now = [0.0]
    plot.clock = lambda: now[0]
    plot.handle = None
    h = train(Network([6, 5, 3], seed=0), _blobs(), epochs=1, batch_size=4, log_every=1, evaluate_train=False)
    plot.on_train_begin(h, None)
    real_draw = plot._draw

    def slow_draw():                  # every redraw takes 1 s of (fake) time
        now[0] += 1.0
        real_draw()
    plot._draw = slow_draw
    redraw_times = []
    for _ in range(100):              # 100 steps, 0.1 s apart: 10 s of training
        now[0] += 0.1
        before = plot.redraws
        plot.on_step(h, None)
        if plot.redraws > before:
            redraw_times.append(now[0])
    gaps = np.diff(redraw_times)
    assert len(redraw_times) >= 2 and np.all(gaps >= 4.0)   # at least 4x the 1 s a redraw costs


def test_an_optimizer_registered_in_optimizers_joins_the_race(monkeypatch):
    class HalfSGD(SGD):
        """p <- p - (eta / 2) g."""

        def update(self, params, grads):
            for p, g in zip(params, grads):
                p -= 0.5 * self.lr * g

    monkeypatch.setitem(OPTIMIZERS, "halfsgd", HalfSGD)
    c = OptimizerRace("elongated", lr=0.1, steps=30)
    assert list(c.paths)[-1] == "HalfSGD" and len(c.paths) == len(OPTIMIZERS)
    np.testing.assert_allclose(c.paths["HalfSGD"], _path(SGD(0.05), FUNCTIONS["elongated"], 30))
    assert c.axes["HalfSGD"].get_title().startswith("HalfSGD: ") and c.lines["HalfSGD"].get_xydata().shape == (31, 2)
