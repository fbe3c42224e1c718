"""The controls of the lessons on hidden layers, drawing a digit and watching the network learn:
each is moved by code and must change what it draws."""
import io

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from PIL import Image

matplotlib.use("Agg")

from mlp_core import Network, load_mnist, train  # noqa: E402
from mlp_core.controls.boundary import HiddenLayerBoundary, fit_toy  # noqa: E402
from mlp_core.controls.pad import DrawDigit  # noqa: E402
from mlp_core.controls.timeline import WeightTimeline  # noqa: E402
from mlp_core.drawings import figure_pixels  # noqa: E402
from mlp_core.drawings.diagram_text import SUBSCRIPT as SUB  # noqa: E402
from mlp_core.drawings.style import HIGHLIGHT, MAX_WIDTH, NEUTRAL, PREDICTION  # noqa: E402
from mlp_core.errors import InputError, MLPError  # noqa: E402
from mlp_core.callbacks import WeightSnapshots  # noqa: E402
from mlp_core.toy_data import circles_data, xor_data  # noqa: E402


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(subset=2000)


@pytest.fixture(scope="module")
def trained(mnist):
    net, snaps = Network([784, 16, 16, 10], seed=0), WeightSnapshots()
    train(net, mnist.train, epochs=2, lr=0.5, callbacks=[snaps], seed=0)
    return net, snaps


def grid_p(net):
    """P(class 1) of net on the control's 101 x 101 grid over [-2.5, 2.5]^2, row 0 at the bottom."""
    xs = np.linspace(-2.5, 2.5, 101)
    gx, gy = np.meshgrid(xs, xs)
    return net.output(np.vstack([gx.ravel(), gy.ravel()]))[1].reshape(101, 101)


def png_pixels(control):
    """The picture a move shows (the control's own renderer), as an array of pixels."""
    return np.asarray(Image.open(io.BytesIO(control.png())))


def test_toy_data_are_balanced_and_seeded():
    for make in (xor_data, circles_data):
        X, y = make(200, seed=3)
        assert X.shape == (200, 2) and set(np.unique(y)) == {0, 1} and y.sum() == 100
        assert np.array_equal(X, make(200, seed=3)[0]) and not np.array_equal(X, make(200, seed=4)[0])
    with pytest.raises(InputError, match="m must be"):
        xor_data(2.5)


def test_logistic_regression_fails_on_xor_and_a_hidden_layer_succeeds():
    X, y = xor_data(200)
    from mlp_core import evaluate
    assert evaluate(fit_toy(X, y, 0, "sigmoid"), X, y)[1] < 0.8
    assert evaluate(fit_toy(X, y, 4, "tanh"), X, y)[1] > 0.97


def test_the_boundary_control_redraws_for_each_setting():
    c = HiddenLayerBoundary(hidden=1, activation="tanh")
    before, first = figure_pixels(c.fig), c.accuracy
    c.hidden.value = 4
    assert c.accuracy > first and c.accuracy > 0.97 and c.linear_accuracy < 0.8
    X, y = xor_data(200)
    net = fit_toy(X, y, 4, "tanh")                  # the network of this setting, trained again here
    np.testing.assert_allclose(c.maps[1].get_array(), grid_p(net), rtol=1e-10)
    assert c.accuracy == np.mean(np.argmax(net.output(X.T), axis=0) == y)
    assert not np.array_equal(before, figure_pixels(c.fig))
    assert "4 tanh neurons" in c.axes[1].get_title() and c.message == ""
    c.data.value = "circles"
    assert ("circles", 4, "tanh") in c.nets and c.linear_accuracy < 0.7


def test_the_boundary_line_lies_where_p_is_one_half_and_only_the_panels_redraw():
    c = HiddenLayerBoundary("circles", hidden=4, activation="tanh")
    first = png_pixels(c)
    c.hidden.value = 6
    assert not np.array_equal(first, png_pixels(c)) and c.renderer.full_draws == 1
    x, y = c.lines[1].get_data()
    points = np.column_stack([x, y])[np.isfinite(x)]
    assert len(points) > 20
    net = fit_toy(*circles_data(200), 6, "tanh")                           # trained again here
    np.testing.assert_allclose(net.output(points.T)[1], 0.5, atol=0.03)    # on the grid's straight pieces
    np.testing.assert_allclose(c.maps[1].get_array(), grid_p(net), rtol=1e-10)


def test_identity_neurons_keep_the_boundary_straight_however_many():
    c = HiddenLayerBoundary("xor", hidden=8, activation="tanh")
    assert "identity" in c.activation.options and c.accuracy > 0.97
    before = png_pixels(c)
    c.activation.value = "identity"
    assert c.accuracy < 0.8 and "8 identity neurons" in c.axes[1].get_title() and c.message == ""
    np.testing.assert_allclose(c.maps[1].get_array(), grid_p(fit_toy(*xor_data(200), 8, "identity")), rtol=1e-10)
    assert not np.array_equal(before, png_pixels(c))
    P = c.maps[1].get_array()                    # linear: the output's log-odds are a plane in (x0, x1)
    logit = np.log(P / (1 - P))
    assert np.allclose(logit[1:, :] - logit[:-1, :], logit[1, 0] - logit[0, 0], atol=1e-6)


def test_snapshots_keep_the_start_the_early_steps_and_every_epoch(mnist, trained):
    net, snaps = trained
    per_epoch = int(np.ceil(len(mnist.train.X) / 32))
    assert per_epoch == 63 and snaps.steps == [0, 50, per_epoch, 100, 2 * per_epoch]
    assert snaps.labels[0] == "before training" and snaps.labels[-1] == "after epoch 2"
    assert snaps.frames.shape == (len(snaps.steps), 16, 784)
    assert np.array_equal(snaps.frames[-1], net.W[1].astype(np.float32))
    assert not np.array_equal(snaps.frames[0], snaps.frames[-1])


def test_the_timeline_shows_the_chosen_frame(trained):
    _, snaps = trained
    c = WeightTimeline(snaps)
    last, shown = figure_pixels(c.fig), png_pixels(c)
    c.frame.value = 0
    assert np.allclose(c.images[3].get_array(), snaps.frames[0][3].reshape(28, 28))
    assert "before training" in c.title.get_text() and c.change == 0
    assert not np.array_equal(last, figure_pixels(c.fig)) and not np.array_equal(shown, png_pixels(c))
    assert c.renderer.full_draws == 1 and c.fig.get_suptitle() == c.title.get_text()
    c.frame.value = 1
    assert c.change > 0


def test_the_pad_control_answers_a_stroke_and_a_loaded_digit(mnist, trained):
    net, _ = trained
    c = DrawDigit(net.output, mnist.test.X[:20], explain=lambda x, top: x * net.W[1][0])
    first, before = c.outputs.copy(), figure_pixels(c.fig)
    assert np.isclose(first.sum(), 1) and c.top == int(np.argmax(net.output(mnist.test.X[0])))
    drawing = np.zeros((56, 56))
    drawing[8:48, 26:31] = 1.0                      # a vertical stroke: a one
    c.pad.drawing = drawing.ravel().tolist()
    assert not np.allclose(c.outputs, first) and not np.array_equal(before, figure_pixels(c.fig))
    np.testing.assert_allclose(c.outputs, net.output(c.pad.x))            # the answer to the new input
    assert c.top == int(np.argmax(net.output(c.pad.x))) and c.axes[1].get_title() == f"the model says {c.top}"
    np.testing.assert_allclose(c.explained.get_array().ravel(), c.pad.x * net.W[1][0])
    assert np.allclose(c.input_image.get_array(), c.pad.x.reshape(28, 28))
    c.index.value = 5
    assert np.allclose(c.x, mnist.test.X[5]) and f"says {c.top}" in c.axes[1].get_title()
    c.pad.clear()
    assert "empty" in c.message


def title_boxes(c):
    """The canvas boxes of the panels' titles, as the control last drew them."""
    renderer = c.renderer.canvas.get_renderer()
    return [ax.title.get_window_extent(renderer) for ax in c.axes]


def test_a_stroke_redraws_only_what_moves_and_the_titles_keep_apart(mnist, trained):
    net, _ = trained
    explain = lambda x, top: x * net.W[1][top]                  # noqa: E731
    for c in (DrawDigit(network=net, images=mnist.test.X[:10]),
              DrawDigit(net.output, mnist.test.X[:10], explain=explain, network=net),
              DrawDigit(net.output, mnist.test.X[:10], explain=explain,
                        explain_title="what each pixel adds to the winner's weighted input")):
        assert c.fig.get_size_inches()[0] <= MAX_WIDTH
        first = png_pixels(c)
        drawing = np.zeros((56, 56))
        drawing[10:46, 20:36] = 1.0
        c.pad.drawing = drawing.ravel().tolist()
        assert not np.array_equal(first, png_pixels(c)) and c.message == ""
        np.testing.assert_allclose(c.outputs, net.output(c.pad.x))
        assert [b.get_height() for b in c.bars] == pytest.approx(list(c.outputs))
        boxes, page = title_boxes(c), c.fig.bbox
        assert all(page.x0 <= b.x0 and b.x1 <= page.x1 for b in boxes), [b.bounds for b in boxes]
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        if c.diagram is not None and c.explained is None:
            assert c.renderer.full_draws == 1                    # the deeper weight lines were drawn once
            assert c.diagram.lines[1] in c.moving and c.diagram.lines[2] not in c.moving
            assert c.diagram.circles[1][0] in c.moving
            assert c.diagram.output_texts[c.top].get_text() == f"{c.top}: {c.outputs[c.top]:.2f}"
    assert "\n" in c.axes[2].get_title()                        # a long title is wrapped


def test_the_pad_control_draws_the_forward_pass_of_a_network(mnist, trained):
    net, _ = trained
    c = DrawDigit(network=net, images=mnist.test.X[:10])
    first = [circle.get_facecolor() for circle in c.diagram.circles[1]]
    a = net.forward(mnist.test.X[0])[1]
    assert c.strongest == [(1, int(np.argmax(a[1])), pytest.approx(float(a[1].max()))),
                           (2, int(np.argmax(a[2])), pytest.approx(float(a[2].max())))]
    c.index.value = 1
    assert [circle.get_facecolor() for circle in c.diagram.circles[1]] != first
    assert f"layer 1 neuron {c.strongest[0][1]}" in c.label.value
    with pytest.raises(InputError, match="predict"):
        DrawDigit(images=mnist.test.X[:3])


def test_the_explanation_keeps_its_colour_limits_while_they_fit():
    from mlp_core.controls.pad import colour_limits, nice_limit
    assert [nice_limit(v) for v in (0.013, 0.1, 0.11, 0.3, 0.6, 7.5)] == [0.02, 0.1, 0.2, 0.5, 1.0, 10.0]
    assert colour_limits((-0.5, 0.5), 0.2) == (-0.5, 0.5)                 # holds them, not 5x too wide
    assert colour_limits((-0.5, 0.5), 0.6) == (-1.0, 1.0)                 # too narrow: grows
    assert colour_limits((-0.5, 0.5), 0.05) == (-0.05, 0.05)              # over 5x too wide: shrinks


def test_the_pad_control_draws_the_inked_pixels_and_names_the_active_neurons(mnist, trained):
    net, _ = trained
    c = DrawDigit(network=net, images=mnist.test.X[:10])
    x = mnist.test.X[0]
    drawn = c.diagram.neuron_index[0]
    assert len(drawn) == 8 and x[drawn].min() >= np.sort(x)[-8]           # the 8 most inked pixels
    assert [t.get_text() for t in c.diagram.input_texts] == ["x" + str(k).translate(SUB) for k in drawn]
    a = net.forward(x)[1]
    values = c.diagram.shown_values(1)
    assert values == [f"{v:.2f}" for v in a[1][c.diagram.neuron_index[1]]]   # numbers on hidden neurons
    _, j, _ = c.strongest[0]
    ringed = [circle for circle in c.diagram.circles[1] if circle.get_edgecolor() == to_rgba(HIGHLIGHT)]
    assert ringed == [c.diagram.circles[1][c.diagram.neuron_index[1].index(j)]]
    assert c.bars[c.top].get_facecolor() == to_rgba(PREDICTION)
    assert {b.get_facecolor() for i, b in enumerate(c.bars) if i != c.top} == {to_rgba(NEUTRAL)}
    labels = [t.get_text() for t in c.axes[1].get_legend().get_texts()]
    assert labels == ["the model's answer (largest output)"]               # the key names the drawn colour
    before = list(c.diagram.neuron_index[0])
    c.index.value = 3
    x3 = mnist.test.X[3]
    assert c.diagram.neuron_index[0] != before and x3[c.diagram.neuron_index[0]].min() >= np.sort(x3)[-8]


def test_setting_the_image_slider_to_its_own_value_shows_that_image_again(mnist, trained):
    net, _ = trained
    c = DrawDigit(network=net, images=mnist.test.X[:10])
    c.pad.load(mnist.test.X[7])                     # as the chapter loads digits by code
    assert np.allclose(c.x, mnist.test.X[7]) and c.index.value == 0
    before = png_pixels(c)
    c.index.value = 0                               # the value it already has
    assert np.allclose(c.x, mnist.test.X[0]) and np.allclose(c.input_image.get_array().ravel(), mnist.test.X[0])
    assert not np.array_equal(before, png_pixels(c))


def test_outputs_that_are_not_finite_give_a_message_not_an_answer(mnist):
    c = DrawDigit(lambda x: np.full(10, np.nan) if x.sum() > 0 else np.full(10, 0.1), mnist.test.X[:3])
    assert c.top is None and "says" not in c.axes[1].get_title()
    assert "NaN or infinite" in c.message and "no answer" in c.axes[1].get_title()
    assert all(b.get_height() == 0 for b in c.bars)
    c.pad.clear()
    assert c.top == 0 and "says 0" in c.axes[1].get_title()


@pytest.mark.parametrize("kwargs, match", [
    (dict(index=10), r"index must be an integer from 0 to 9, got 10"),
    (dict(index=2.0), r"index must be an integer from 0 to 9, got 2.0"),
    (dict(images=np.zeros((0, 784))), r"images must hold at least one example"),
    (dict(images=np.full((3, 784), 200.0)), r"images holds values up to 200.*images / 255"),
])
def test_draw_digit_refuses_bad_arguments_by_name(mnist, kwargs, match):
    net = Network([784, 10], seed=0)
    kwargs = {"images": mnist.test.X[:10], **kwargs}
    with pytest.raises(MLPError, match=match):
        DrawDigit(network=net, **kwargs)


def test_without_anywidget_the_chapter_keeps_working_and_says_how_to_install(monkeypatch, mnist):
    import mlp_core.controls.pad as pad_module
    from mlp_core.digit_pad import PadModel
    monkeypatch.setattr(pad_module, "DigitPad", None)
    monkeypatch.setattr(pad_module, "make_pad", lambda image=None, **kw: PadModel(image, **kw))
    c = DrawDigit(Network([784, 10], seed=0).output, mnist.test.X[:5])
    assert "pip install anywidget" in c.widget.children[0].value
    c.index.value = 4
    assert np.allclose(c.x, mnist.test.X[4]) and c.message == ""
