"""The static book's side of the controls and of the chapters, headless and without building.

mlp_core/controls/static.py: each control in FRAMES gets one picture per position of its chosen
widget, the pictures differ from one position to the next, the control is left as it was, the page's
slider and Stacks are linked, and the other widgets are greyed. book/stage.py: alt texts, folded
setup cells, notes after controls, links between chapters and the Korean edition's configuration."""
import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from PIL import Image  # noqa: E402

from mlp_core import Network, train  # noqa: E402
from mlp_core import controls  # noqa: E402
from mlp_core.controls import static  # noqa: E402
from mlp_core.callbacks import WeightSnapshots  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book"))
import stage  # noqa: E402
import texts  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    """Twelve random 'images' in [0, 1], labels 0..9."""
    rng = np.random.default_rng(0)
    return rng.random((12, 784)) * (rng.random((12, 784)) < 0.2), np.arange(12) % 10


def _timeline(X, y):
    snaps = WeightSnapshots(layer=1, early_steps=(1, 2, 4, 5))
    train(Network([784, 16, 10], seed=0), (X, y), epochs=2, batch_size=4, lr=0.5, callbacks=[snaps], seed=0)
    return controls.WeightTimeline(snaps)


# one small example of every control the book shows with frames; the test below fails for one missing
EXAMPLES = {
    "OnePixelLogistic": lambda X, y: controls.OnePixelLogistic(X[:, 300], y == 5),
    "DigitBrowser": lambda X, y: controls.DigitBrowser(X, y),
    "NeuronPlayground": lambda X, y: controls.NeuronPlayground(n_inputs=3, weight_range=10.0),
    "WeightMover": lambda X, y: controls.WeightMover(Network([784, 16, 16, 10], seed=0), X, y),
    "HiddenLayerBoundary": lambda X, y: controls.HiddenLayerBoundary("xor", hidden=3, m=60),
    "GradientDescentExplorer": lambda X, y: controls.GradientDescentExplorer("parabola", lr=0.01),
    "OptimizerRace": lambda X, y: controls.OptimizerRace(steps=60),
    "WeightTimeline": _timeline,
}


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def frame_pixels(html_widget):
    """The pixels of the PNG inside a frame's <img src="data:image/png;base64,...">."""
    import base64
    return pixels(base64.b64decode(html_widget.value.split("base64,")[1].split('"')[0]))


def test_every_control_with_frames_has_an_example_and_exists():
    assert set(EXAMPLES) == set(static.FRAMES)
    assert set(static.FRAMES) <= set(controls.__all__)


@pytest.mark.parametrize("kind", sorted(static.FRAMES))
def test_frames_differ_and_the_control_is_left_as_it_was(kind, digits):
    control = EXAMPLES[kind](*digits)
    attribute, choose = static.FRAMES[kind]
    widget = getattr(control, attribute)
    values, index = static.positions(widget, choose(widget))
    before_value, before_png, before_label = widget.value, control.picture(), control.label.value
    frames = static.frame_widgets(control, widget, values, index, alt="what the picture shows")

    assert widget.value == before_value and control.label.value == before_label
    assert np.array_equal(pixels(control.picture()), pixels(before_png)), "the control was not put back"
    pictures = [frame_pixels(w) for w in frames.pictures.children]
    assert len(pictures) == len(values) >= 3
    same = [values[i] for i in range(1, len(values)) if np.array_equal(pictures[i - 1], pictures[i])]
    assert not same, f"{kind}: the picture at {attribute} = {same[0]} is the one before it"
    start = np.abs(pictures[index] - pixels(static.compact(before_png))).mean()
    assert start < 1, "the page starts on another picture than the control's"
    assert frames.slider.index == frames.pictures.selected_index == frames.readouts.selected_index == index
    assert [w.value for w in frames.readouts.children][index] == before_label + control.status.value
    assert 'alt="what the picture shows"' in frames.pictures.children[0].value
    shown = [w for row in frames.box.children if isinstance(row, widgets.HBox) for w in row.children]
    assert frames.slider in shown and widget not in shown
    row = next(r.children for r in control.widget.children if isinstance(r, widgets.HBox) and widget in r.children)
    after = row[row.index(widget) + 1:row.index(widget) + 2]
    assert not [w for w in after if getattr(w, "companion", False) and w in shown], "its number box stays"


@pytest.mark.parametrize("kind", ["NeuronPlayground", "GradientDescentExplorer"])
def test_the_page_slider_takes_the_widgets_place_the_others_are_greyed_and_linked(kind, digits):
    control = EXAMPLES[kind](*digits)
    attribute, choose = static.FRAMES[kind]
    widget = getattr(control, attribute)
    frames = static.frame_widgets(control, widget, *static.positions(widget, choose(widget)))
    shown = [w for row in frames.box.children if isinstance(row, widgets.HBox) for w in row.children]
    assert frames.slider in shown and widget not in shown
    assert all(w.disabled for w in shown if w is not frames.slider) and not frames.slider.disabled
    assert frames.slider.description == widget.description
    assert {(link.source, link.target) for link in frames.links} == {
        ((frames.slider, "index"), (frames.pictures, "selected_index")),
        ((frames.slider, "index"), (frames.readouts, "selected_index"))}


def test_positions_stay_in_range_without_repeats_and_include_the_current_value():
    s = widgets.FloatSlider(value=0.25, min=-1, max=1)
    values, index = static.positions(s, [-2, -1, 0, 0, 0.5, 1, 3])
    assert values == [-1.0, 0.0, 0.25, 0.5, 1.0] and values[index] == 0.25
    log = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=2)
    assert static.positions(log, [1e-4, 0.01, 0.1, 1000])[0] == [0.01, 0.1]
    i = widgets.IntSlider(value=3, min=0, max=4)
    assert static.positions(i, range(10)) == ([0, 1, 2, 3, 4], 3)


def test_a_frame_is_compressed_and_keeps_the_picture():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.imshow(np.random.default_rng(0).normal(size=(28, 28)), cmap="RdBu")
    ax.plot(np.sin(np.linspace(0, 9, 200)) * 10 + 14, lw=2)
    ax.set_title("a weight map and a curve")
    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=100)
    plt.close(fig)
    small = static.compact(raw.getvalue())
    assert len(small) < len(raw.getvalue()) / 2
    assert np.abs(pixels(small) - pixels(raw.getvalue())).mean() < 2


def test_the_alt_text_is_the_running_cells_comment(monkeypatch):
    class Shell:
        user_ns = {"In": ["", "import numpy", "# alt: The curve falls.\nx = 1\n# alt: not this one"]}
    monkeypatch.setattr(static, "get_ipython", lambda: Shell())
    assert static.cell_alt() == "The curve falls."
    Shell.user_ns["In"].append("x = 2")
    assert static.cell_alt() == ""
    monkeypatch.setattr(static, "get_ipython", lambda: None)
    assert static.cell_alt() == ""


def test_enabled_only_with_the_books_variable(monkeypatch):
    monkeypatch.delenv(static.ENVIRONMENT, raising=False)
    assert not static.enabled()
    monkeypatch.setenv(static.ENVIRONMENT, "1")
    assert static.enabled() == hasattr(widgets, "Stack")


def test_show_hands_the_control_to_the_static_display_in_the_book(monkeypatch, digits):
    shown = []
    monkeypatch.setattr(static.ipd, "display", lambda *objs: shown.extend(objs))
    monkeypatch.setenv(static.ENVIRONMENT, "1")
    control = controls.NeuronPlayground()
    control.show()
    assert len(shown) == 1 and "mlp-static-control" in shown[0]._dom_classes
    shown.clear()
    pad = controls.DrawDigit(network=Network([784, 16, 10], seed=0), images=digits[0])
    static.display(pad, alt="")                 # the drawing pad: its widgets and its picture, live-only
    assert shown[0] is pad.widget and shown[1].data == pad.picture()


def _notebook(*cells):
    return {"cells": [{"cell_type": kind, "id": f"c{i}", "metadata": meta, "source": text}
                      for i, (kind, text, meta) in enumerate(cells)], "metadata": {}, "nbformat": 4,
            "nbformat_minor": 5}


def test_staging_gives_alt_texts_folds_the_setup_cell_and_links_chapters():
    nb = _notebook(("code", "# setup\nimport sys\n", {"tags": ["setup"]}),
                   ("code", "# alt: A falling curve.\n# more\nplot()\n", {}),
                   ("code", "x = 1  # alt: inline comments are not alt lines\n", {"tags": ["hide-input"]}),
                   ("markdown", "See [the softmax](03_cost_and_gradient_descent.ipynb#softmax) and [here](#top).\n"
                                "<a id=\"top\"></a>\n", {}))
    out = stage.describe_and_fold(stage.myst_targets(nb, "02_forward"))
    setup, drawing, folded, text = out["cells"]
    assert setup["metadata"]["tags"] == ["setup", "hide-input"]
    assert drawing["metadata"]["mystnb"]["image"]["alt"] == "A falling curve."
    assert "mystnb" not in folded["metadata"] and folded["metadata"]["tags"] == ["hide-input"]
    source = "".join(text["source"])
    assert "](#03_cost_and_gradient_descent-softmax)" in source and "](#02_forward-top)" in source
    assert "(02_forward-top)=" in source


@pytest.mark.parametrize("language", ["en", "ko"])
def test_notes_say_what_moves_in_the_page_and_what_needs_a_kernel(language):
    nb = _notebook(("markdown", "# Chapter 9: Title\nIntro.\n", {}),
                   ("code", "controls.NeuronPlayground(n_inputs=3)\n", {}),
                   ("code", "pad = controls.DrawDigit(predict)\n", {}))
    names = ({"NeuronPlayground", "DrawDigit"}, {"NeuronPlayground"})
    cells = stage.annotate(nb, names, language)["cells"]
    assert "".join(cells[0]["source"]).startswith("# Chapter 9: Title\n\n```{note}")
    notes = ["".join(c["source"]) for c in cells if c["id"].startswith("book-note")]
    assert notes == [texts.STATIC_NOTE[language].format(name="NeuronPlayground"),
                     texts.LIVE_NOTE[language].format(name="DrawDigit")]
    assert "`NeuronPlayground`, `DrawDigit`" in "".join(cells[0]["source"])


def test_the_korean_configuration_and_the_link_between_editions(tmp_path):
    stage.write_config(tmp_path, "ko", ["01_a", "intro"])
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["language"] == "ko"
    assert config["title"] == texts.CONFIG["ko"]["title"]
    assert config["repository"]["path_to_book"] == "notebooks/ko"
    assert config["sphinx"]["config"]["nb_code_prompt_show"] == texts.CONFIG["ko"]["fold"][0]
    other = config["sphinx"]["config"]["book_other_edition"]
    assert other == {"folder": "../", "label": "English edition", "language": "en", "pages": ["01_a", "intro"]}
    stage.write_config(tmp_path, "en", [])
    assert yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"][
        "book_other_edition"]["pages"] == []


def test_every_chapter_staged_has_its_notes_and_alt_texts(tmp_path):
    stage.stage(tmp_path)
    chapters = sorted(tmp_path.glob("[0-9][0-9]_*.ipynb"))
    assert chapters and (tmp_path / "_toc.yml").is_file() and (tmp_path / "vendor" / "book.css").is_file()
    for path in chapters:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        for cell in code:
            source = "".join(cell["source"])
            alt = stage.ALT.search(source)
            assert (alt is None) == ("alt" not in cell["metadata"].get("mystnb", {}).get("image", {})), source[:80]
        tags = [c["metadata"].get("tags", []) for c in code]
        assert all("hide-input" in t for t in tags if "setup" in t)
