"""DrawDigit and its helpers, moved by code: a loaded digit or a stroke must show the input the
model gets, the outputs computed here from it, the answer, the explanation and the diagram."""
import textwrap

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core import Network  # noqa: E402
from mlp_core.controls.pad import (DrawDigit, ImageSlider, check_images, colour_limits,  # noqa: E402
                                   explain_heading, nice_limit)
from mlp_core.controls.weights import inputs_to_draw  # noqa: E402
from mlp_core.drawings import WEIGHT_CMAP  # noqa: E402
from mlp_core.drawings.style import EDGE, HIGHLIGHT, MAX_WIDTH, NEUTRAL, PREDICTION  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402

RNG = np.random.default_rng(5)
A = RNG.standard_normal((10, 784)) / 10                 # a linear 'model': outputs A x
IMAGES = RNG.random((4, 784)) * (RNG.random((4, 784)) < 0.3)
IMAGES[2] = 0.0
IMAGES[3, :5] = [0.05, 0.06, 0.0, 0.9, 0.04]             # pixels at and just past the 0.05 of 'inked'


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def linear(x):
    return A @ x


def evidence(x, top):
    return x * A[top]


def test_nice_limit_rounds_up_to_one_two_or_five_times_a_power_of_ten():
    cases = {0.013: 0.02, 0.1: 0.1, 0.11: 0.2, 0.2: 0.2, 0.3: 0.5, 0.5: 0.5, 0.6: 1.0, 1.0: 1.0, 7.5: 10.0,
             20.0: 20.0, 21.0: 50.0, 5e-11: 5e-11, 0.0013: 0.002}
    assert {v: nice_limit(v) for v in cases} == pytest.approx(cases, rel=1e-12)
    assert isinstance(nice_limit(0.3), float)


@pytest.mark.parametrize("nice", [0.01, 0.02, 0.05, 1.0, 2.0, 5.0, 100.0, 200.0, 500.0])
def test_a_value_up_to_a_relative_1e_12_above_a_nice_number_still_gets_it(nice):
    """Float noise is not a reason for a wider colour scale: the allowance includes its own edge, the
    value v just above `nice` with v (1 - 1e-12) == nice exactly; one step further gets the next limit."""
    v = nice / (1 - 1e-12)
    while v * (1 - 1e-12) > nice:
        v = np.nextafter(v, 0)
    while v * (1 - 1e-12) < nice:
        v = np.nextafter(v, np.inf)
    assert v * (1 - 1e-12) == nice and v > nice
    lead = int(f"{nice:e}"[0])                                   # 1, 2 or 5
    following = {1: 2, 2: 5, 5: 10}[lead] / lead * nice
    assert nice_limit(v) == nice
    assert nice_limit(v * (1 + 1e-9)) == pytest.approx(following, rel=1e-12)


def test_colour_limits_are_kept_while_they_hold_the_values_and_are_at_most_five_times_too_wide():
    assert colour_limits((-0.5, 0.5), 0.5) == (-0.5, 0.5)        # just holds them
    assert colour_limits((-0.4, 0.4), 0.4) == (-0.4, 0.4)        # (not a nice limit, kept all the same)
    assert colour_limits((-0.5, 0.5), 0.1) == (-0.5, 0.5)        # exactly five times wider
    assert colour_limits((-0.5, 0.5), 0.099) == (-0.1, 0.1)      # more than five times: a nice limit
    assert colour_limits((-0.5, 0.5), 0.51) == (-1.0, 1.0)       # too narrow: grows
    assert colour_limits((-1.0, 1.0), 0.03) == (-0.05, 0.05)


def test_explain_heading_wraps_a_long_plain_title_over_its_panel():
    assert explain_heading("evidence", 3) == "evidence (3)"
    exact = "a" * 26 + " (7)"                                     # 30 characters: one line
    assert explain_heading("a" * 26, 7) == exact and len(exact) == 30
    assert explain_heading("a" * 27, 7) == "a" * 27 + "\n(7)"       # 31 characters: two lines
    long = "what each pixel adds to the answer"
    assert explain_heading(long, 4) == textwrap.fill(f"{long} (4)", 30) and "\n" in explain_heading(long, 4)
    assert explain_heading(long, 4, width=60) == f"{long} (4)"
    maths = r"$x_k$ times its weight into the winning output"
    assert explain_heading(maths, 1) == f"{maths} (1)"


def test_an_image_slider_answers_being_set_to_its_own_value():
    seen = []
    s = ImageSlider(value=2, min=0, max=5)
    s.value = 2                                                   # nobody listens yet
    s.on_same = seen.append
    s.value = 3
    s.value = 3
    assert seen == [3] and s.value == 3


def test_each_loaded_digit_shows_its_input_outputs_answer_and_explanation():
    c = DrawDigit(linear, IMAGES, explain=evidence, explain_title="evidence for the answer", index=1)
    for i in (1, 0, 3):
        c.index.value = i
        x = IMAGES[i]
        np.testing.assert_array_equal(c.x, x)
        np.testing.assert_array_equal(c.input_image.get_array(), x.reshape(28, 28))
        out = A @ x
        top = int(np.argmax(out))
        np.testing.assert_allclose(c.outputs, out, rtol=1e-12) and c.outputs.dtype == float
        assert c.top == top and c.axes[1].get_title() == f"the model says {top}"
        assert [b.get_height() for b in c.bars] == pytest.approx(list(out))
        assert [b.get_facecolor() for b in c.bars] == [to_rgba(PREDICTION if j == top else NEUTRAL)
                                                       for j in range(10)]
        e = x * A[top]
        np.testing.assert_allclose(c.explained.get_array(), e.reshape(28, 28))
        assert c.axes[2].get_title() == f"evidence for the answer ({top})"
        ink = int(np.sum(x > 0.05))
        assert c.label.value == f"{ink} inked pixels; outputs " + ", ".join(f"{j}: {v:.2f}" for j, v in enumerate(out))
        assert c.message == ""
    assert c.label.value.startswith(f"{int(np.sum(IMAGES[3] > 0.05))} inked") and IMAGES[3, 1] > 0.05


def test_the_explanations_colours_change_only_when_the_values_outgrow_or_shrink_inside_them():
    scale = [1.0]
    c = DrawDigit(linear, IMAGES, explain=lambda x, top: np.full(784, scale[0]) * np.sign(np.arange(784) - 300))
    assert c.explained.get_clim() == (-1.0, 1.0)                 # |e| up to 1: the limits it had
    scale[0] = 0.3
    c.index.value = 1
    assert c.explained.get_clim() == (-1.0, 1.0)                 # 0.3 fits, less than five times too wide
    scale[0] = 0.15
    c.index.value = 0
    assert c.explained.get_clim() == pytest.approx((-0.2, 0.2))  # over five times too wide: 0.2
    scale[0] = 3.0
    c.index.value = 1
    assert c.explained.get_clim() == pytest.approx((-5.0, 5.0))


def test_a_stroke_redraws_the_answer_for_the_new_input():
    c = DrawDigit(linear, IMAGES)
    drawing = np.zeros((56, 56))
    drawing[8:48, 24:32] = 1.0
    c.pad.drawing = drawing.ravel().tolist()
    x = c.pad.x
    assert x.sum() > 10 and not np.allclose(x, IMAGES[0])
    np.testing.assert_array_equal(c.x, x) and np.testing.assert_allclose(c.outputs, A @ x)
    assert c.top == int(np.argmax(A @ x)) and c.axes[1].get_title() == f"the model says {c.top}"
    c.pad.clear()
    assert c.message == "the pad is empty: draw a digit (the outputs are those of a blank image)"
    assert c.label.value.startswith("0 inked pixels; outputs 0: 0.00")
    c.index.value = 2                                            # a blank test image
    assert c.message.startswith("the pad is empty") and c.x.sum() == 0
    c.index.value = 2                                            # the same value: loaded again
    assert c.pad.loads == 4


def test_outputs_that_are_not_finite_are_named_and_not_drawn():
    bad = lambda x: np.where(np.arange(10) % 4 == 1, np.nan, 0.5) if x.sum() else np.full(10, 0.1)   # noqa: E731
    c = DrawDigit(bad, IMAGES)
    assert c.top is None and c.axes[1].get_title() == "no answer: the outputs are not finite"
    assert c.message == ("the model's outputs [1, 5, 9] are NaN or infinite, so it gives no answer: check its "
                         "weights and its input")
    assert [b.get_height() for b in c.bars] == [0.0] * 10
    assert {b.get_facecolor() for b in c.bars} == {to_rgba(NEUTRAL)}
    assert c.label.value == "outputs " + ", ".join(f"{j}: {'nan' if j % 4 == 1 else 0.5}" for j in range(10))
    c.index.value = 2
    assert c.top == 0 and c.message.startswith("the pad is empty")


def test_a_network_is_drawn_with_the_inked_pixels_and_its_most_active_neurons_ringed():
    net = Network([784, 6, 5, 10], seed=2)
    c = DrawDigit(network=net, images=IMAGES, index=3)
    for i in (3, 0):
        c.index.value = i
        x = IMAGES[i]
        a = net.forward(x)[1]
        np.testing.assert_allclose(c.outputs, a[2 + 1])
        assert c.diagram.neuron_index[0] == inputs_to_draw(x)
        strongest = [(1, int(np.argmax(a[1])), float(np.max(a[1]))), (2, int(np.argmax(a[2])), float(np.max(a[2])))]
        assert c.strongest == [(l, j, pytest.approx(v)) for l, j, v in strongest]
        for l, circles in enumerate(c.diagram.circles):
            for j, circle in zip(c.diagram.neuron_index[l], circles):
                ringed = any(l == s[0] and j == s[1] for s in strongest)
                assert circle.get_edgecolor() == to_rgba(HIGHLIGHT if ringed else EDGE)
                assert circle.get_linewidth() == (3 if ringed else 1)
        assert c.diagram.shown_values(1) == [f"{v:.2f}" for v in a[1]]
        assert [t.get_text() for t in c.diagram.output_texts] == [f"{j}: {v:.2f}" for j, v in enumerate(a[3])]
        assert c.label.value.startswith(f"{int(np.sum(x > 0.05))} inked pixels; outputs 0: {a[3][0]:.2f}, ")
        assert c.label.value.endswith("; most active (ringed): " + ", ".join(
            f"layer {l} neuron {j} (a = {v:.2f})" for l, j, v in strongest))
    d = c.diagram
    assert d.sizes == [784, 6, 5, 10] and d.strongest == 0.25 and d.chosen_inputs
    assert d.ax.get_title() == "the forward pass of this drawing: the most inked pixels, the strongest weights"
    assert c.predict == net.output and c.explained is None
    assert c.moving == ([c.input_image, *c.bars, c.axes[1].title] + [ci for layer in d.circles for ci in layer]
                        + list(d.output_texts) + [d.lines[1]] + d.input_texts
                        + [t for texts in d.value_texts.values() for t in texts])
    assert tuple(c.fig.get_size_inches()) == (MAX_WIDTH, 8.2) and len(c.axes) == 2
    assert constrained(c.fig)
    assert d.ax is c.diagram_ax and d.ax.get_subplotspec().get_gridspec().nrows == 1


def test_the_figure_has_the_input_the_outputs_and_the_explanation_side_by_side():
    c = DrawDigit(linear, IMAGES, explain=evidence, output_label="score $s_j$", index=2)
    assert tuple(c.fig.get_size_inches()) == (MAX_WIDTH, 3.4) and len(c.axes) == 3
    assert c.axes[0].get_gridspec().get_width_ratios() == [1, 1.2, 1] and c.diagram is None
    assert c.axes[0].get_title() == "the input x (28×28)" and c.axes[1].get_ylabel() == "score $s_j$"
    assert [t.get_text() for t in c.axes[1].get_legend().get_texts()] == ["the model's answer (largest output)"]
    assert c.explained.cmap is WEIGHT_CMAP and c.explained.get_clim() != (0, 0)
    assert list(c.axes[2].get_xticks()) == [] and list(c.axes[2].get_yticks()) == []
    assert c.explained.colorbar.ax.get_ylabel() == r"$x_k$ times its weight"
    assert c.moving == [c.input_image, *c.bars, c.axes[1].title, c.explained, c.axes[2].title]
    two = DrawDigit(linear, IMAGES)
    assert tuple(two.fig.get_size_inches()) == (6.0, 3.4) and len(two.axes) == 2
    assert constrained(two.fig)
    assert constrained(c.fig)
    assert two.axes[0].get_gridspec().get_width_ratios() == [1, 1.2]
    assert two.moving == [two.input_image, *two.bars, two.axes[1].title] and two.diagram_ax is None
    assert (c.index.description, c.index.min, c.index.max, c.index.value) == ("test image", 0, 3, 2)
    inner = c.widget.children[1]
    assert c.widget.children[0] is c.pad and inner.children[0].children[0] is c.index
    assert inner.children[0].children[1].value == 2 and isinstance(c.index, ImageSlider)


def test_arguments_are_checked_and_no_images_means_one_blank_one():
    with pytest.raises(InputError, match=r"^DrawDigit needs predict \(a function of one 784-vector\) or network$"):
        DrawDigit()
    c = DrawDigit(linear)
    assert c.images.shape == (1, 784) and not c.images.any() and c.index.max == 0
    np.testing.assert_array_equal(check_images(None), np.zeros((1, 784)))
    X = check_images(IMAGES.reshape(4, 28, 28).tolist())
    assert X.shape == (4, 784) and X.dtype == float and np.array_equal(X, IMAGES)
    with pytest.raises(InputError, match=r"^images holds values up to 2"):
        check_images(np.full((1, 784), 2.0))
    with pytest.raises(InputError, match=r"^index must be an integer from 0 to 3, got 4$"):
        DrawDigit(linear, IMAGES, index=4)
    assert DrawDigit(linear, IMAGES, index=3).index.value == 3


def test_the_defaults_name_the_evidence_and_the_outputs_and_start_at_image_0():
    c = DrawDigit(linear, IMAGES, explain=evidence)
    assert c.index.value == 0 and np.array_equal(c.x, IMAGES[0]) and c.index.style.description_width == "initial"
    assert c.axes[2].get_title() == f"evidence for the answer ({c.top})" and c.axes[1].get_ylabel() == "output $a_j$"
    info = c.explained.colorbar.ax._colorbar_info
    assert list(info["parents"]) == [c.axes[2]] and info["shrink"] == 0.8


def test_a_hidden_layer_over_sixteen_neurons_is_elided_in_the_diagram():
    net = Network([784, 17, 10], seed=0)
    c = DrawDigit(network=net, images=IMAGES)
    assert len(c.diagram.neuron_index[1]) < 17 and c.diagram.neuron_index[2] == list(range(10))


def test_with_a_network_the_panels_take_a_third_and_more_room_goes_to_the_diagram():
    c = DrawDigit(network=Network([784, 6, 5, 10], seed=2), images=IMAGES, index=3)
    c.png()                                                    # laid out as the learner sees it
    top, bottom = c.fig.subfigs
    assert top.bbox.y0 >= bottom.bbox.y1 - 1e-6 and top.bbox.width == bottom.bbox.width == c.fig.bbox.width
    assert bottom.bbox.height / top.bbox.height == pytest.approx(1.6)         # heights 1 : 1.6
    assert c.axes[0].get_gridspec().get_width_ratios() == [1, 1.2]            # the bars a little wider
    e = DrawDigit(linear, IMAGES, explain=evidence, network=Network([784, 6, 10], seed=0))
    assert e.axes[0].get_gridspec().get_width_ratios() == [1, 1.2, 1] and e.fig.subfigs[0].axes[:3] == list(e.axes)


def stroke(c):
    """A browser stroke: the pad's canvas, shrunk to side x side ink values, sent as `drawing`."""
    drawing = np.zeros((c.pad.side, c.pad.side))
    drawing[8:48, 24:32] = 1.0
    c.pad.drawing = drawing.ravel().tolist()


def test_a_stroke_or_a_load_redraws_once_and_the_pen_width_not_at_all():
    c = DrawDigit(network=Network([784, 6, 10], seed=0), images=IMAGES)
    before = c.redraws
    stroke(c)                                                  # drawing, then pixels: one new picture
    assert c.redraws == before + 1 and c.x.sum() > 10
    c.pad.load(IMAGES[1])                                      # drawing, pixels and loads: one new picture
    assert c.redraws == before + 2 and np.array_equal(c.x, IMAGES[1])
    c.pad.stroke = 10.0                                        # the pen, not the input: no new picture
    assert c.redraws == before + 2
    c.index.value = 3
    assert c.redraws == before + 3 and np.array_equal(c.x, IMAGES[3])


def test_the_diagram_draws_the_weights_the_network_holds_at_each_stroke():
    net = Network([784, 6, 10], seed=0)
    c = DrawDigit(network=net, images=IMAGES, index=1)
    net.W[2] = -net.W[2]                                       # new weight arrays, e.g. a model loaded into net
    net.W[1] = net.W[1][::-1].copy()
    stroke(c)
    fresh = DrawDigit(network=net, images=IMAGES, index=1)
    stroke(fresh)
    for l in (1, 2):
        np.testing.assert_array_equal(c.diagram.lines[l].get_colors(), fresh.diagram.lines[l].get_colors())
        np.testing.assert_array_equal(c.diagram.lines[l].get_linewidths(), fresh.diagram.lines[l].get_linewidths())
    np.testing.assert_allclose(c.outputs, net.output(c.x))


def test_the_explanation_fills_its_panel_and_its_colour_bar_starts_at_one():
    c = DrawDigit(linear, IMAGES, explain=lambda x, top: np.linspace(-0.3, 0.3, 784))
    c.png()
    ax = c.axes[2]
    assert ax.get_xlim() == (-0.5, 27.5) and ax.get_ylim() == (27.5, -0.5)     # 28 x 28 cells, no empty row
    assert c.explained.get_clim() == (-1.0, 1.0)               # 0.3 fits in ±1, which is under five times too wide
    np.testing.assert_allclose(c.explained.get_array(), np.linspace(-0.3, 0.3, 784).reshape(28, 28))
