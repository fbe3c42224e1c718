"""The controls in the static book: one widget of each control moves its picture without a kernel.

`book/build.sh` runs the chapters with the environment variable MLP_STATIC_BOOK=1. A control shown
then calls `display(control)` instead of its live display: it sets its most instructive widget (the
table FRAMES) to each of a few values, keeps the PNG and the readout of each position, puts the
control's widget back where it was, and shows

    the control's rows of widgets, with that widget replaced by a slider over the positions and every
    other widget greyed out (it needs a live kernel; the book's note after the control says so);
    a Stack of the readouts and a Stack of the pictures, both linked in the browser (`jslink`) to
    the slider's index,

so the page's widget manager switches picture and readout with no kernel. Needs ipywidgets 8 (its
`Stack`); a control missing from FRAMES (the drawing pad) is shown with its picture, live-only.
The pictures' alt text is the `# alt: ...` comment of the cell that shows the control."""
import base64
import html
import io
import os
import re
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from IPython import display as ipd
from IPython import get_ipython
from PIL import Image


ENVIRONMENT = "MLP_STATIC_BOOK"
ALT = re.compile(r"^[ \t]*#[ \t]*alt:[ \t]*(.+?)[ \t]*$", re.M)
MAX_FRAMES = 25


def _spread(n):
    """n values evenly from the widget's minimum to its maximum."""
    return lambda w: np.linspace(w.min, w.max, n)


def _every(w):
    """Every position of an integer slider (MAX_FRAMES at most)."""
    return range(w.min, min(w.max, w.min + MAX_FRAMES - 1) + 1)


# control class -> (attribute holding the widget the page moves, function widget -> values shown)
FRAMES = {
    "OnePixelLogistic": ("theta0", lambda w: np.arange(-7.0, 0.01, 0.5)),     # -7 .. 0: the lazy model at -2.5
    "DigitBrowser": ("index", lambda w: range(w.min, min(w.max, w.min + 11) + 1)),  # the first 12 images
    "NeuronPlayground": ("b", _spread(21)),                                   # the bias across its range
    "WeightMover": ("index", lambda w: range(w.min, min(w.max, w.min + 5) + 1)),  # the first 6 images
    "HiddenLayerBoundary": ("hidden", _every),                                # 1 .. 8 hidden neurons
    "GradientDescentExplorer": ("lr", lambda w: [0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0,
                                                 1.05, 1.1, 1.2, 1.5, 2.0]),  # across divergence
    "OptimizerRace": ("momentum", lambda w: [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]),
    "WeightTimeline": ("frame", _every),                                      # every snapshot
}


def enabled():
    """True while the static book is built (MLP_STATIC_BOOK=1) with ipywidgets 8."""
    return os.environ.get(ENVIRONMENT) == "1" and hasattr(widgets, "Stack")


def cell_alt():
    """The `# alt: ...` comment of the cell running now (IPython's `In[-1]`), or ''."""
    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    found = ALT.search(history[-1]) if history else None
    return found.group(1) if found else ""


def positions(widget, values):
    """The values a widget can take among `values` (in its range, without repeats, from low to high),
    with its current value added; returns (values, index of the current value)."""
    lo, hi = widget.min, widget.max
    if isinstance(widget, widgets.FloatLogSlider):
        lo, hi = widget.base ** lo, widget.base ** hi
    kind = int if isinstance(widget.value, int) else float
    kept = sorted({round(kind(v), 6) for v in values if lo <= v <= hi} | {widget.value})
    return kept, kept.index(widget.value)


def compact(png):
    """The PNG re-encoded with at most 256 colours (a figure has few): a third or less of the bytes."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE,
                                                                dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="png", optimize=True)
    return out.getvalue()


def collect(control, widget, values):
    """Set widget to each value in turn; return the PNGs and the readouts (label and status HTML),
    then put the widget back to its value (the control redraws as it was)."""
    before, pictures, readouts = widget.value, [], []
    try:
        for v in values:
            widget.value = v
            pictures.append(compact(control.picture()))
            readouts.append(control.label.value + control.status.value)
    finally:
        widget.value = before
    return pictures, readouts


def _label(value):
    return str(value) if isinstance(value, int) else f"{value:.3g}"


def _in_page(row, widget, mover):
    """A row of the control's widgets as the page shows it: widget replaced by mover, the number box
    that follows widget (its `companion`, which would not follow mover) left out, the rest greyed."""
    shown = []
    for before, w in zip((None, *row), row):
        if w is widget:
            shown.append(mover)
        elif not (before is widget and getattr(w, "companion", False)):
            w.disabled = True
            shown.append(w)
    return shown


class Frames(NamedTuple):
    """What frame_widgets builds: the box shown, the page's slider, the Stacks of pictures and of
    readouts (HTML widgets), and the two browser-side links from the slider to the Stacks."""
    box: widgets.VBox
    slider: widgets.SelectionSlider
    pictures: widgets.Stack
    readouts: widgets.Stack
    links: list


def frame_widgets(control, widget, values, index, alt=""):
    """The page's view of control: its rows of widgets (widget replaced by a SelectionSlider over
    values, starting at values[index]; the others greyed), the readouts and the pictures, both
    Stacks linked in the browser to the slider's index. Returns Frames."""
    pictures, readouts = collect(control, widget, values)
    mover = widgets.SelectionSlider(options=[(_label(v), i) for i, v in enumerate(values)], index=index,
                                    description=widget.description, style={"description_width": "initial"},
                                    continuous_update=True)
    mover.add_class("mlp-static-slider")
    rows = [widgets.HBox(_in_page(row.children, widget, mover)) for row in control.widget.children
            if isinstance(row, widgets.HBox)]
    alt = html.escape(alt, quote=True)
    images = widgets.Stack([widgets.HTML(f'<img class="mlp-frame" alt="{alt}" src="data:image/png;base64,'
                                         f'{base64.b64encode(p).decode()}">') for p in pictures],
                           selected_index=index)
    texts = widgets.Stack([widgets.HTML(r) for r in readouts], selected_index=index)
    images.add_class("mlp-static-frames")
    links = [widgets.jslink((mover, "index"), (target, "selected_index")) for target in (images, texts)]
    box = widgets.VBox([*rows, texts, images])
    box.add_class("mlp-static-control")
    return Frames(box, mover, images, texts, links)


def display(control, alt=None):
    """Show control in the static book: its FRAMES widget moves the picture in the page (see the
    module's docstring); a control without one is shown as it is, its picture live-only.
    alt: the pictures' alt text (default: the running cell's `# alt:` comment)."""
    alt = cell_alt() if alt is None else alt
    name = type(control).__name__
    if name not in FRAMES:
        ipd.display(control.widget, ipd.Image(data=control.picture()))
        return
    attribute, choose = FRAMES[name]
    widget = getattr(control, attribute)
    values, index = positions(widget, choose(widget))
    ipd.display(frame_widgets(control, widget, values, index, alt).box)

