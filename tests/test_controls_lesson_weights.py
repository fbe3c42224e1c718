"""WeightMover, moved by code: each move must set the chosen weight of the control's copy and show
the forward pass of a second copy changed the same way here: outputs, prediction, cost, bars, maps,
markers, diagram, titles, readout and note."""
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core import Network  # noqa: E402
from mlp_core.controls.weights import INKED, WeightMover, inputs_to_draw  # noqa: E402
from mlp_core.drawings.style import HALO, HIGHLIGHT, MAX_WIDTH, NEUTRAL, PREDICTION, TRUTH  # noqa: E402
from mlp_core.errors import InputError, ShapeError  # noqa: E402

SIDE = 6                                   # 6 x 6 images, 36 inputs: wide enough for the diagram to choose pixels


@pytest.fixture
def data():
    """Five 6x6 'images' (image 4 blank) and their labels, and a [36, 5, 4, 3] network."""
    rng = np.random.default_rng(3)
    X = rng.random((5, SIDE * SIDE)) * (rng.random((5, SIDE * SIDE)) < 0.5)
    X[4] = 0.0
    return X, np.array([0, 1, 2, 1, 0]), Network([SIDE * SIDE, 5, 4, 3], seed=1)


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def expected(net, x, label):
    """(activations, outputs, prediction, cost) of net on one image, from the network itself."""
    a = net.forward(x)[1]
    return a, a[net.L], int(np.argmax(a[net.L])), float(net.cost(x, np.array([label])))


def test_inputs_to_draw_takes_the_most_inked_pixels_and_the_moved_one():
    x = np.array([0.0, 0.5, 0.9, 0.5, 0.1, 0.9, 0.0, 0.3])
    assert inputs_to_draw(x, count=3) == [1, 2, 5]                  # ties: the lower index first
    assert inputs_to_draw(x, 0, count=3) == [0, 2, 5]               # pixel 0 replaces the weakest
    assert inputs_to_draw(x, 5, count=3) == [1, 2, 5]               # already among them: one more inked
    assert inputs_to_draw(x, np.int64(6), count=2) == [2, 6] and INKED == 8
    assert inputs_to_draw(x) == [0, 1, 2, 3, 4, 5, 6, 7] and inputs_to_draw(x, 7) == list(range(8))
    assert all(type(k) is int for k in inputs_to_draw(x, np.int64(6)))


def test_a_moved_weight_shows_the_forward_pass_of_the_changed_network(data):
    X, y, net = data
    original = net.theta.copy()
    c = WeightMover(net, X.reshape(5, SIDE, SIDE), y, index=1)
    k = int(np.argmax(X[1]))                                         # the most inked pixel of image 1
    ref = net.copy()
    for l, j, kk, w in ((1, 2, k, 4.0), (2, 3, 1, -3.0), (3, 0, 2, 2.5), (1, 2, k, -6.0)):
        c.layer.value, c.j.value, c.k.value = l, j, kk
        c.weight.value = w
        ref.W[l][j, kk] = w
        np.testing.assert_array_equal(c.net.theta, ref.theta)
        a, out, p, cost = expected(ref, X[1], y[1])
        for mine, theirs in zip(c.activations[1:], a[1:]):
            np.testing.assert_allclose(mine, theirs, rtol=1e-12)
        np.testing.assert_allclose(c.outputs, out, rtol=1e-12)
        assert c.prediction == p and c.cost == pytest.approx(cost, rel=1e-12)
        assert [b.get_height() for b in c.bars] == pytest.approx(list(out))
        assert [b.get_facecolor() for b in c.bars] == [to_rgba(PREDICTION if i == p else NEUTRAL) for i in range(3)]
        assert c.bars[y[1]].get_edgecolor() == to_rgba(TRUTH)
        verdict = "right" if p == y[1] else "wrong"
        assert c.axes[3].get_title() == f"outputs: predicts {p} ({verdict}), cost {cost:.3f}"
        outputs = ", ".join(f"{i}: {v:.2f}" for i, v in enumerate(out))
        assert c.label.value == (f"W[{l}][{j}, {kk}] = {w:.3f}; image 1 (label {y[1]}): prediction <b>{p}</b>, "
                                 f"cost <b>{cost:.4f}</b>; outputs a[L] = {outputs}")
        assert c.diagram.highlighted == (l, j, kk)
        assert c.diagram.shown_values(1) == [f"{v:.2f}" for v in a[1][c.diagram.neuron_index[1]]]
    np.testing.assert_array_equal(net.theta, original)              # the network passed stays as it was


def test_the_maps_mark_the_pixel_and_follow_the_chosen_neuron(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=2)
    k = int(np.argmax(X[2]))
    c.k.value = k
    np.testing.assert_array_equal(c.digit_image.get_array(), X[2].reshape(SIDE, SIDE))
    assert c.pixel_marker.get_xydata().tolist() == [[k % SIDE, k // SIDE]]
    assert c.marker.get_xydata().tolist() == [[k % SIDE, k // SIDE]]             # j = 0 is the map shown
    assert c.digit_image.axes.get_title() == f"image 2, label 2\npixel k = {k} (x = {X[2][k]:.2f}) marked"
    assert c.heatmap.axes.get_title() == "W[1] row 0 (into neuron 0 of layer 1) × 1.00"
    np.testing.assert_array_equal(c.heatmap.get_array(), net.W[1][0].reshape(SIDE, SIDE))
    v = np.percentile(np.abs(net.W[1][0]), 99)
    assert c.heatmap.get_clim() == pytest.approx((-v, v))
    c.neuron.value = 3                                               # another map: the pixel's box leaves it
    np.testing.assert_array_equal(c.heatmap.get_array(), net.W[1][3].reshape(SIDE, SIDE))
    assert c.marker.get_xydata().shape == (0, 2) and c.pixel_marker.get_xydata().shape == (1, 2)
    assert c.heatmap.axes.get_title() == "W[1] row 3 (into neuron 3 of layer 1) × 1.00"
    c.scale.value = -2.0
    np.testing.assert_allclose(c.net.W[1][3], -2.0 * net.W[1][3])
    np.testing.assert_allclose(c.heatmap.get_array(), -2.0 * net.W[1][3].reshape(SIDE, SIDE))
    v = np.percentile(np.abs(net.W[1][3]), 99)                        # the limits of the map before scaling
    assert c.heatmap.get_clim() == pytest.approx((-v, v))
    assert c.heatmap.axes.get_title() == "W[1] row 3 (into neuron 3 of layer 1) × -2.00"
    ref = net.copy()
    ref.W[1][3] *= -2.0
    assert c.cost == pytest.approx(expected(ref, X[2], y[2])[3])
    c.layer.value = 2                                                # no pixel in layer 2
    assert c.pixel_marker.get_xydata().shape == (0, 2) and c.marker.get_xydata().shape == (0, 2)
    assert c.digit_image.axes.get_title() == "image 2, label 2"
    c.index.value = 0
    np.testing.assert_array_equal(c.digit_image.get_array(), X[0].reshape(SIDE, SIDE))
    assert c.digit_image.axes.title.get_fontsize() == c.heatmap.axes.title.get_fontsize() == 10
    assert c.axes[3].title.get_fontsize() == 10


def test_a_zero_row_keeps_a_tiny_colour_limit(data):
    X, y, net = data
    net.W[1][0] = 0.0
    c = WeightMover(net, X, y)
    assert c.heatmap.get_clim() == (-1e-8, 1e-8)


def test_the_layer_and_neuron_sliders_keep_j_k_the_weight_and_the_scale_consistent(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=0)
    assert (c.j.max, c.k.max) == (4, 35) and c.weight.value == pytest.approx(net.W[1][0, c.k.value])
    c.j.value, c.k.value = 4, 30
    c.layer.value = 3                                                 # j in 0..2, k in 0..3: both clamped
    assert (c.j.min, c.j.max, c.j.value, c.k.min, c.k.max, c.k.value) == (0, 2, 2, 0, 3, 3)
    assert c.weight.value == pytest.approx(net.W[3][2, 3]) and c.neuron.value == 4
    c.layer.value = 2
    assert (c.j.max, c.k.max, c.j.value, c.k.value) == (3, 4, 2, 3)
    c.k.value = 1
    assert c.weight.value == pytest.approx(net.W[2][2, 1])
    c.j.value = 0                                                     # not layer 1: the map stays
    assert c.neuron.value == 4 and c.weight.value == pytest.approx(net.W[2][0, 1])
    c.layer.value = 1
    c.j.value = 1                                                     # layer 1: the map follows j
    assert c.neuron.value == 1 and c.weight.value == pytest.approx(net.W[1][1, c.k.value])
    c.scale.value = 2.0
    c.weight.value = 0.5                                              # a move in the shown row: scale from here
    assert c.scale.value == 1.0 and c.net.W[1][1, c.k.value] == 0.5
    row = c.net.W[1][1].copy()
    c.scale.value = 3.0
    np.testing.assert_allclose(c.net.W[1][1], 3.0 * row)
    c.neuron.value = 2                                                # a new map: scale starts at 1 again
    assert c.scale.value == 1.0
    c.scale.value = 0.5
    np.testing.assert_allclose(c.net.W[1][2], 0.5 * net.W[1][2])
    np.testing.assert_allclose(c.net.W[1][1], 3.0 * row)
    c.j.value = 0
    c.weight.value = -1.0                                             # another row than the map's: scale kept
    assert c.neuron.value == 0 and c.scale.value == 1.0


def test_a_weight_beyond_the_slider_is_shown_at_its_end_and_kept(data):
    X, y, net = data
    net.W[1][0, 21] = 2.0
    c = WeightMover(net, X, y, weight_range=0.5)
    assert c.k.value == 36 // 2 + 6 // 2 == 21 and c.weight.value == 0.5 and c.net.W[1][0, 21] == 2.0
    net.W[2][1, 3] = -7.0
    d = WeightMover(net, X, y, weight_range=0.5)
    d.layer.value, d.j.value, d.k.value = 2, 1, 3
    assert d.weight.value == -0.5 and d.net.W[2][1, 3] == -7.0


def test_notes_say_why_a_move_shows_nothing(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=0)
    blank = int(np.flatnonzero(X[0] == 0)[0])
    c.k.value = blank
    assert c.message == f"pixel {blank} is 0 in this image, so W[1][0, {blank}] has no effect on it"
    c.k.value = int(np.argmax(X[0]))
    assert c.message == ""
    c.index.value = 4
    assert c.message == "this image is all zeros: only the biases reach layer 1"
    c.index.value = 0
    c.layer.value = 2
    c.net.W[3][0, 0] = 50.0                                            # 50 is not yet too large...
    c.index.value = 3
    assert c.message == ""
    c.net.W[3][0, 0] = 50.5                                            # ... a larger one saturates
    c.index.value = 1
    assert c.message == "weights this large saturate the neurons: activations stick at 0 or 1"
    c.net.W[3][0, 0] = -50.5
    c.index.value = 2
    assert c.message.startswith("weights this large saturate")
    c.net.W[3][0, 0] = 0.0
    c.index.value = 3
    assert c.message == ""
    c.net.W[1][2, 0] = 60.0                                            # in layer 1 too
    c.index.value = 1
    assert c.message.startswith("weights this large saturate")
    c.net.W[1][2, 0] = 0.0
    c.net.W[2][0, 0] = np.nan
    c.index.value = 2
    assert c.message == "FloatingPointError: the forward pass overflowed; make the weights smaller"


def test_a_weight_between_neurons_not_drawn_is_named(data):
    X, y, net = data
    big = Network([36, 20, 3], seed=0)
    c = WeightMover(big, X, y, index=1)
    c.layer.value = 2
    c.k.value = 10                                                    # hidden neuron 10 is elided
    assert c.message == "W[2][0, 10] is not among the neurons drawn in the diagram"
    assert c.diagram.highlighted is None


def test_the_diagram_draws_the_inked_pixels_and_the_moved_one(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=1)
    blank = int(np.flatnonzero(X[1] == 0)[2])
    c.k.value = blank
    assert c.diagram.neuron_index[0] == inputs_to_draw(X[1], blank)
    assert c.diagram.highlighted == (1, 0, blank) and c.diagram.strongest == 0.25
    c.layer.value = 2
    assert c.diagram.neuron_index[0] == inputs_to_draw(X[1])
    c.index.value = 3
    assert c.diagram.neuron_index[0] == inputs_to_draw(X[3])
    assert c.diagram.shown_values(2) == [f"{v:.2f}" for v in c.activations[2]]
    narrow = WeightMover(Network([4, 3, 2], seed=0), np.eye(4), [0, 1, 0, 1])
    assert narrow.diagram.neuron_index[0] == [0, 1, 2, 3] and narrow.diagram.strongest is None
    assert not narrow.diagram.chosen_inputs and narrow.k.value == 2 + 1
    narrow.layer.value = 2
    narrow.k.value = 1
    assert narrow.diagram.neuron_index[0] == [0, 1, 2, 3] and narrow.diagram.highlighted == (2, 0, 1)


def test_the_figure_the_widgets_and_what_moves(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=2, weight_range=4.0, scale_range=2.5)
    assert tuple(c.fig.get_size_inches()) == (MAX_WIDTH, 8.0)
    assert constrained(c.fig)
    gs = c.axes[0].get_gridspec()
    assert gs.get_height_ratios() == [0.8, 1.6] and gs.get_width_ratios() == [1.75, 1]
    assert c.digit_image.axes is c.axes[0]
    assert c.heatmap.axes is c.axes[1] and c.diagram.ax is c.axes[2] and c.bars[0].axes is c.axes[3]
    for mark in (c.pixel_marker, c.marker):
        assert (mark.get_marker(), mark.get_markerfacecolor(), mark.get_markeredgecolor(), mark.get_markeredgewidth(),
                mark.get_markersize()) == ("s", "none", HIGHLIGHT, 3, 11)
        stroke = mark.get_path_effects()[0]
        assert stroke._gc == {"linewidth": 5, "foreground": HALO} and len(mark.get_path_effects()) == 2
    assert c.diagram.ax.get_title() == "the forward pass" and c.diagram.output_texts == []
    assert len(c.diagram.circles[-1]) == 3 and len(c.diagram.circles[1]) == 5
    assert c.axes[3].get_ylabel() == "activation $a^{[L]}_j$" and len(c.bars) == 3
    sliders = [(s.description, s.min, s.max, s.value) for s in (c.index, c.layer, c.j, c.k, c.neuron)]
    assert sliders == [("image", 0, 4, 2), ("layer l", 1, 3, 1), ("j", 0, 4, 0), ("k", 0, 35, 21),
                       ("map of neuron", 0, 4, 0)]
    assert (c.weight.description, c.weight.min, c.weight.max) == ("W[l][j, k]", -4.0, 4.0)
    assert (c.scale.description, c.scale.min, c.scale.max, c.scale.value) == ("scale map", -2.5, 2.5, 1.0)
    rows = [list(r.children) for r in c.widget.children[:3]]
    assert rows[0] == [c.index, c.layer, c.j, c.k] and rows[1][0] is c.weight and rows[2] == [c.neuron, c.scale]
    assert rows[1][1].value == c.weight.value
    d = c.diagram
    assert c.moving == ([c.digit_image, c.pixel_marker, c.heatmap, c.marker, *c.bars,
                         *[ci for layer in d.circles for ci in layer], *d.lines.values(), *d.input_texts,
                         *[t for texts in d.value_texts.values() for t in texts], d.marker, *d.rings]
                        + [ax.title for ax in c.axes])
    assert math.isclose(c.weight.step, 0.01)


@pytest.mark.parametrize("kwargs, match", [
    (dict(weight_range=0.0009), r"^weight_range must be a finite number in \[0.001, 1000000.0\]"),
    (dict(weight_range=1e6 + 1), r"^weight_range must be a finite number in \[0.001, 1000000.0\]"),
    (dict(scale_range=0.0009), r"^scale_range must be a finite number in \[0.001, 1000000.0\]"),
    (dict(scale_range=1e6 + 1), r"^scale_range must be a finite number in \[0.001, 1000000.0\]"),
    (dict(index=5), r"^index must be an integer from 0 to 4, got 5$"),
    (dict(index=-1), r"^index must be an integer from 0 to 4, got -1$"),
])
def test_arguments_are_checked_by_name(data, kwargs, match):
    X, y, net = data
    with pytest.raises(InputError, match=match):
        WeightMover(net, X, y, **kwargs)


def test_the_ends_of_the_ranges_are_allowed(data):
    X, y, net = data
    for r in (1e-3, 1e6):
        c = WeightMover(net, X, y, index=4, weight_range=r, scale_range=r)
        assert (c.weight.max, c.scale.max, c.index.value) == (r, r, 4)
    with pytest.raises(ShapeError, match=r"^X must hold"):
        WeightMover(net, np.zeros((0, 36)), [])
    with pytest.raises(InputError, match=r"^y"):
        WeightMover(net, X, [0, 1, 2, 3, 0])


def test_the_outputs_title_says_whether_the_prediction_is_right(data):
    X, y, net = data
    c = WeightMover(net, X, y, index=1)                               # label 1
    ref = net.copy()
    c.layer.value = 3
    for j, w, p in ((2, 10.0, 2), (2, -10.0, None), (1, 10.0, 1)):    # a row of large weights wins
        c.j.value = j
        for k in range(4):
            c.k.value = k
            c.weight.value = w
            ref.W[3][j, k] = w
        _, out, want, cost = expected(ref, X[1], 1)
        assert c.prediction == want and (p is None or want == p)
        verdict = "right" if want == 1 else "wrong"
        assert c.axes[3].get_title() == f"outputs: predicts {want} ({verdict}), cost {cost:.3f}"
    assert c.prediction == 1 and "(right)" in c.axes[3].get_title()


def test_moves_elsewhere_keep_the_scale_and_the_pixel(data):
    X, y, net = data
    c = WeightMover(net, X, y)
    assert (c.index.value, c.weight.min, c.weight.max, c.scale.min, c.scale.max) == (0, -10.0, 10.0, -3.0, 3.0)
    c.scale.value = 2.0
    c.layer.value, c.j.value = 2, 0                                   # row 0 of W[2], not the map's row
    c.weight.value = 1.0
    assert c.scale.value == 2.0 and c.net.W[2][0, c.k.value] == 1.0
    np.testing.assert_allclose(c.net.W[1][0], 2.0 * net.W[1][0])
    c.k.value = 4
    c.layer.value = 1                                                 # back to the pixels: k = 4 stays
    assert (c.k.max, c.k.value) == (35, 4)


def test_the_images_are_read_as_numbers_whatever_their_type(data):
    _, y, net = data
    X = (np.random.default_rng(0).random((5, 36)) < 0.3).astype(np.uint8)
    c = WeightMover(net, X, y, index=1)
    assert c.X.dtype == float and c.diagram.neuron_index[0] == inputs_to_draw(X[1].astype(float), c.k.value)
    np.testing.assert_array_equal(c.heatmap.get_extent(), [-0.5, 5.5, 5.5, -0.5])


@pytest.mark.parametrize("sizes, chosen, drawn", [
    ([16, 3, 2], False, [list(range(16)), [0, 1, 2]]),               # 16 inputs: all drawn
    ([17, 3, 2], True, [None, [0, 1, 2]]),                           # 17: the most inked 8
    ([36, 18, 20], True, [None, list(range(18))]),                   # 20 outputs: layers up to 20 drawn whole
    ([36, 17, 3], True, [None, [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16]]),   # 17 > 16: elided
])
def test_the_diagram_draws_wide_inputs_by_ink_and_layers_up_to_sixteen_or_the_outputs(sizes, chosen, drawn):
    rng = np.random.default_rng(1)
    X = rng.random((3, sizes[0]))
    c = WeightMover(Network(sizes, seed=0), X, [0, 1, 1])
    d = c.diagram
    assert d.chosen_inputs == chosen and (d.strongest == 0.25) == chosen and c.message == ""
    assert d.neuron_index[0] == (drawn[0] if drawn[0] is not None else inputs_to_draw(X[0], c.k.value))
    assert len(d.neuron_index[1]) == len(drawn[1]) and d.neuron_index[-1] == list(range(sizes[-1]))


@pytest.mark.parametrize("n, k", [(25, 12 + 2), (5, 2 + 1), (10, 5 + 1)])
def test_the_first_pixel_is_right_of_the_middle(n, k):
    X = np.full((2, n), 0.5)
    c = WeightMover(Network([n, 3, 2], seed=0), X, [0, 1])
    drawn = inputs_to_draw(X[0], k) if n > 16 else list(range(n))
    assert c.k.value == k and c.message == "" and c.diagram.neuron_index[0] == drawn


def test_a_hidden_layer_of_one_neuron_shows_its_map():
    net = Network([4, 1, 3], seed=0)
    X = np.array([[0.0, 0.5, 1.0, 0.25], [1.0, 0.0, 0.0, 0.0]])
    c = WeightMover(net, X, [2, 0])
    assert c.message == "" and (c.j.max, c.neuron.max) == (0, 0)
    np.testing.assert_array_equal(c.heatmap.get_array(), net.W[1][0].reshape(2, 2))


def test_a_hidden_activation_that_overflows_is_reported_though_the_output_is_finite():
    net = Network([4, 2, 1], activation="relu", loss="quadratic", output_activation="sigmoid", seed=0)
    net.W[1][:], net.W[2][:] = 1.0, 1.0
    X = np.array([[1e308, 1e308, 0.0, 0.0]])                  # z[1] = 2e308 = inf, a[2] = sigmoid(inf) = 1
    c = WeightMover(net, X, [0])
    assert c.message == "FloatingPointError: the forward pass overflowed; make the weights smaller"


def test_the_titles_keep_10_points_under_a_larger_default_font(data):
    X, y, net = data
    with matplotlib.rc_context({"font.size": 14}):
        c = WeightMover(net, X, y)
        c.weight.value = 1.0
    titles = [c.axes[0].title, c.axes[1].title, c.axes[3].title]
    assert [t.get_fontsize() for t in titles] == [10, 10, 10] and all(t.get_text() for t in titles)
