"""mlp_core/controls/static.py on a small control made here, and the frames of DigitBrowser and
NeuronPlayground: each page position holds the readout and picture the control gives at that value."""
import base64
import html
import io
import zlib

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from mlp_core.controls import DigitBrowser, NeuronPlayground, static  # noqa: E402
from mlp_core.controls.base import Control, number_box, slider  # noqa: E402


class Bar(Control):
    """Try: move h. Notice: one bar of height h. A control for the page: a slider with its number
    box, a second slider, a message when h < 0."""

    def __init__(self):
        self.h, self.other = slider("h", -1.0, 1.0, 0.5), slider("other", 0.0, 1.0, 0.0)
        fig, ax = plt.subplots(figsize=(2, 2), dpi=40)
        self.bar = ax.bar([0], [0.5])[0]
        ax.set_ylim(-1, 1)
        self.build(fig, [[self.h, number_box(self.h), self.other]])

    def update(self):
        self.bar.set_height(self.h.value)
        self.label.value = f"h = {self.h.value:.2f}"
        return "h < 0" if self.h.value < 0 else None


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def frame_png(html_widget):
    return base64.b64decode(html_widget.value.split("base64,")[1].split('"')[0])


def test_the_frames_table_moves_what_each_control_says():
    int_slider = widgets.IntSlider(min=2, max=100)
    values = {name: list(choose(int_slider)) for name, (_, choose) in static.FRAMES.items()}
    assert values["OnePixelLogistic"] == [v / 2 for v in range(-14, 1)]
    assert values["DigitBrowser"] == list(range(2, 14)) and values["WeightMover"] == list(range(2, 8))
    assert values["NeuronPlayground"] == list(np.linspace(2, 100, 21))
    assert values["HiddenLayerBoundary"] == values["WeightTimeline"] == list(range(2, 27))
    assert values["GradientDescentExplorer"] == [0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05, 1.1,
                                                 1.2, 1.5, 2.0]
    assert values["OptimizerRace"] == [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]
    assert {name: attribute for name, (attribute, _) in static.FRAMES.items()} == {
        "OnePixelLogistic": "theta0", "DigitBrowser": "index", "NeuronPlayground": "b", "WeightMover": "index",
        "HiddenLayerBoundary": "hidden", "GradientDescentExplorer": "lr", "OptimizerRace": "momentum",
        "WeightTimeline": "frame"}
    short = widgets.IntSlider(min=1, max=8)
    assert list(static._every(short)) == list(range(1, 9)) and static.MAX_FRAMES == 25
    assert list(static.FRAMES["DigitBrowser"][1](widgets.IntSlider(min=0, max=3))) == [0, 1, 2, 3]
    assert list(static.FRAMES["WeightMover"][1](widgets.IntSlider(min=0, max=3))) == [0, 1, 2, 3]


def test_enabled_needs_exactly_the_value_1(monkeypatch):
    monkeypatch.setenv("MLP_STATIC_BOOK", "1")
    assert static.enabled() is True and static.ENVIRONMENT == "MLP_STATIC_BOOK"
    monkeypatch.setenv("MLP_STATIC_BOOK", "0")
    assert static.enabled() is False
    monkeypatch.setenv("MLP_STATIC_BOOK", "1")
    monkeypatch.delattr(widgets, "Stack")
    assert static.enabled() is False


def test_the_alt_comment_may_be_indented_and_is_trimmed(monkeypatch):
    class Shell:
        user_ns = {"In": ["x = 1\n  #\talt:   The bars grow. \t\ny = 2"]}
    monkeypatch.setattr(static, "get_ipython", lambda: Shell())
    assert static.cell_alt() == "The bars grow."
    Shell.user_ns = {}
    assert static.cell_alt() == ""
    monkeypatch.setattr(static, "get_ipython", lambda: None)          # outside IPython
    assert static.cell_alt() == ""


def test_positions_round_to_six_digits_and_keep_the_kind_of_value():
    s = widgets.FloatSlider(value=0.1, min=0, max=1)
    values, index = static.positions(s, [0.1 + 1e-9, 0.3, 1.0, 1.0 + 1e-9])
    assert values == [0.1, 0.3, 1.0] and index == 0 and all(type(v) is float for v in values)
    assert static.positions(s, [0.1000004, 0.5]) == ([0.1, 0.5], 0)       # the same position to 6 digits
    i = widgets.IntSlider(value=5, min=5, max=9)
    got, k = static.positions(i, [4.0, 5.0, 9.0, 10.0])
    assert got == [5, 9] and k == 0 and all(type(v) is int for v in got)
    log = widgets.FloatLogSlider(value=1.0, base=2, min=-1, max=3)
    assert static.positions(log, [0.25, 0.5, 8.0, 16.0]) == ([0.5, 1.0, 8.0], 1)


def test_compact_keeps_at_most_256_colours_and_the_picture():
    c = Bar()
    raw = c.picture()
    small = static.compact(raw)
    image = Image.open(io.BytesIO(small))
    assert image.mode == "P" and len(image.getcolors(256)) <= 256
    assert np.abs(pixels(small) - pixels(raw)).mean() < 2


def test_compact_frames_are_opaque_a_third_of_the_bytes_or_less_at_zlibs_strongest_level():
    c = NeuronPlayground(n_inputs=2)
    raw = c.picture()
    small = static.compact(raw)
    assert len(small) <= len(raw) / 3
    start = small.index(b"IDAT") + 4
    assert zlib.decompressobj().decompress(small[start:start + 2]) == b"" and small[start + 1] >> 6 == 3
    half = Image.fromarray(np.full((8, 8, 4), [200, 40, 40, 128], np.uint8))
    out = io.BytesIO()
    half.save(out, format="png")
    opaque = Image.open(io.BytesIO(static.compact(out.getvalue()))).convert("RGBA")
    assert np.asarray(opaque)[..., 3].min() == 255 and np.asarray(opaque)[0, 0, :3].tolist() == [200, 40, 40]


def test_collect_takes_one_picture_and_readout_per_value_and_puts_the_widget_back():
    c = Bar()
    c.h.value = 0.25
    pictures, readouts = static.collect(c, c.h, [-0.5, 0.75])
    assert readouts == ['h = -0.50<span style="color:#882255">h &lt; 0</span>', "h = 0.75"]
    c.h.value = -0.5
    assert pixels(pictures[0]).tolist() == pixels(static.compact(c.picture())).tolist()
    c.h.value = 0.25
    assert c.label.value == "h = 0.25" and len(pictures) == 2
    import traitlets
    with pytest.raises(traitlets.TraitError):
        static.collect(c, c.h, [0.5, "high"])
    assert c.h.value == 0.25 and c.bar.get_height() == 0.25


def test_labels_of_the_page_slider():
    assert static._label(3) == "3" and static._label(0.123456) == "0.123" and static._label(2.0) == "2"


def test_the_page_row_drops_the_number_box_after_the_moved_widget_and_greys_the_rest():
    c = Bar()
    mover = widgets.SelectionSlider(options=["a"])
    row = c.widget.children[0].children
    shown = static._in_page(row, c.h, mover)
    assert shown == [mover, c.other] and c.other.disabled and not c.h.disabled
    other_box = number_box(c.other)
    shown = static._in_page((other_box, c.h, c.other), c.h, mover)
    assert shown == [other_box, mover, c.other] and other_box.disabled


class Count(Control):
    """Try: move n. Notice: the title counts. A control with an integer slider up to 3000."""

    def __init__(self):
        self.n = slider("n", 0, 3000, 1000, integer=True)
        fig, ax = plt.subplots(figsize=(1, 1), dpi=30)
        self.build(fig, [[self.n]])

    def update(self):
        self.label.value = f"n = {self.n.value}"


def test_the_page_slider_names_whole_numbers_in_full_and_the_alt_text_is_empty_by_default():
    c = Count()
    frames = static.frame_widgets(c, c.n, [0, 1000, 2999], 1)
    assert [label for label, _ in frames.slider.options] == [str(v) for v in (0, 1000, 2999)]
    assert [w.value for w in frames.readouts.children] == ["n = 0", "n = 1000", "n = 2999"]
    assert all(w.value.startswith('<img class="mlp-frame" alt="" src=') for w in frames.pictures.children)


def test_frame_widgets_builds_the_page_view_with_escaped_alt_text():
    c = Bar()
    frames = static.frame_widgets(c, c.h, [-1.0, 0.5, 1.0], 1, alt='bars "grow" <fast>')
    slider_ = frames.slider
    assert slider_.options == (("-1", 0), ("0.5", 1), ("1", 2)) and slider_.index == 1
    assert slider_.description == "h" and slider_.style.description_width == "initial" and slider_.continuous_update
    assert "mlp-static-slider" in slider_._dom_classes and "mlp-static-frames" in frames.pictures._dom_classes
    assert "mlp-static-control" in frames.box._dom_classes
    alt = html.escape('bars "grow" <fast>', quote=True)
    for w, png in zip(frames.pictures.children, static.collect(c, c.h, [-1.0, 0.5, 1.0])[0]):
        data = base64.b64encode(png).decode()
        assert w.value == f'<img class="mlp-frame" alt="{alt}" src="data:image/png;base64,{data}">'
    assert [w.value for w in frames.readouts.children][2] == "h = 1.00"
    assert frames.pictures.selected_index == frames.readouts.selected_index == 1
    assert frames.box.children[0].children == (slider_, c.other)
    assert frames.box.children[1:] == (frames.readouts, frames.pictures) and len(frames.box.children) == 3
    assert [(link.source, link.target) for link in frames.links] == [
        ((slider_, "index"), (frames.pictures, "selected_index")),
        ((slider_, "index"), (frames.readouts, "selected_index"))]


def test_display_shows_frames_for_a_control_in_the_table_and_a_picture_for_the_others(monkeypatch):
    shown = []
    monkeypatch.setattr(static.ipd, "display", lambda *objs: shown.extend(objs))
    monkeypatch.setattr(static, "cell_alt", lambda: "from the cell")
    c = Bar()
    static.display(c)
    assert shown[0] is c.widget and shown[1].data == c.picture() and len(shown) == 2
    shown.clear()
    monkeypatch.setitem(static.FRAMES, "Bar", ("h", lambda w: [w.min, 0.0]))
    static.display(c)
    box, = shown
    assert "mlp-static-control" in box._dom_classes
    slider_ = box.children[0].children[0]
    assert [label for label, _ in slider_.options] == ["-1", "0", "0.5"] and slider_.index == 2
    assert 'alt="from the cell"' in box.children[-1].children[0].value
    shown.clear()
    static.display(c, alt="given")
    assert 'alt="given"' in shown[0].children[-1].children[0].value


def test_each_digit_frame_is_the_browser_at_that_index():
    rng = np.random.default_rng(5)
    X, y = rng.random((14, 784)) * (rng.random((14, 784)) < 0.2), np.arange(14) % 10
    c = DigitBrowser(X, y, index=3)
    attribute, choose = static.FRAMES["DigitBrowser"]
    values, index = static.positions(c.index, choose(c.index))
    assert values == list(range(12)) and index == 3
    frames = static.frame_widgets(c, c.index, values, index)
    for i in (0, 7, 11):
        assert frames.readouts.children[i].value.startswith(f"image {i}, label <b>{y[i]}</b>: 784 numbers, "
                                                            f"{np.count_nonzero(X[i])} not zero")
        fresh = DigitBrowser(X, y, index=i)
        assert frame_png(frames.pictures.children[i]) == static.compact(fresh.picture())


def test_each_bias_frame_is_the_neuron_with_that_bias():
    c = NeuronPlayground(n_inputs=2)
    values, index = static.positions(c.b, static.FRAMES["NeuronPlayground"][1](c.b))
    assert values == [round(v, 6) for v in np.linspace(-5, 5, 21)] and values[index] == 0.0
    frames = static.frame_widgets(c, c.b, values, index)
    for k in (0, 13, 20):
        z = 1.0 * 0.5 + 1.0 * 0.5 + values[k]
        a = 1 / (1 + np.exp(-z))
        assert f"= <b>{z:.3f}</b>; a = sigmoid(z) = <b>{a:.4f}</b>" in frames.readouts.children[k].value


def test_each_timeline_frame_names_its_moment_and_shows_its_weights():
    from types import SimpleNamespace
    from mlp_core.controls import WeightTimeline
    rng = np.random.default_rng(6)
    frames = np.cumsum(rng.normal(size=(5, 2, 784)), axis=0)
    c = WeightTimeline(SimpleNamespace(frames=frames, steps=[0, 1, 2, 5, 9], labels=list("abcde")), neurons=2)
    values, index = static.positions(c.frame, static.FRAMES["WeightTimeline"][1](c.frame))
    assert values == [0, 1, 2, 3, 4] and index == 4
    pages = static.frame_widgets(c, c.frame, values, index)
    for f in range(5):
        change = np.abs(frames[f] - frames[max(f - 1, 0)]).mean()
        assert pages.readouts.children[f].value == (f"frame {f} of 4: {'abcde'[f]}; mean |change| since the "
                                                     f"previous frame {change:.4f}")
    assert c.frame.value == 4 and c.title.get_text() == "W[1] rows e (9 updates)"
