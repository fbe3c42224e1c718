"""DrawDigit: draw a digit on a pad and see at once what a model makes of it."""
import textwrap

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import traitlets

from .. import validation
from ..digit_pad import PAD_MISSING, DigitPad, make_pad
from ..drawings import WEIGHT_CMAP, NetworkDiagram, as_image, draw_digit, symmetric_limit
from ..drawings.style import EDGE, HIGHLIGHT, MAX_WIDTH
from ..errors import InputError
from ..i18n import tr
from .bars import OutputBars
from .base import WIDE, Control, number_box
from .weights import inputs_to_draw


def nice_limit(v):
    """The smallest of 1, 2, 5 times a power of ten that is >= v > 0 (up to float noise: a v at most
    a relative 1e-12 above one still gets it): a colour limit that stays the same over many strokes (a
    new limit redraws the colourbar, and so the whole figure)."""
    power = 10.0 ** np.floor(np.log10(v))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= v * (1 - 1e-12)))


def colour_limits(now, needed):
    """(-v, v) for values up to `needed`: the present limits `now` while they hold the values and
    are at most 5 times wider, else the nice_limit of needed (so that most strokes keep the colour
    bar as it is)."""
    if needed <= now[1] <= 5 * needed:
        return now
    v = nice_limit(needed)
    return -v, v


def explain_heading(title, top, width=30):
    """'title (top)', on two lines when longer than width characters (text without $...$ only), so
    that it stays over its own panel of a 9 in figure."""
    text = f"{title} ({top})"
    return textwrap.fill(text, width) if len(text) > width and "$" not in text else text


class ImageSlider(widgets.IntSlider):
    """An IntSlider that also answers being set to the value it already has (`on_same(value)`):
    `drawing.index.value = 0` loads test image 0 again after strokes, though 0 did not change."""
    on_same = None

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        value = super()._validate_value(proposal)
        if self.on_same is not None and value == self.value:
            self.on_same(value)
        return value


class DrawDigit(Control):
    """A drawing pad beside the input the model really gets, the model's ten outputs, and (optional)
    a 28x28 map that explains the top answer.

    Try: draw a digit with the mouse (one stroke at a time; Clear starts again), or move `test image`
    to load a digit of the test set onto the pad and draw over it (close a 4 into a 9, close a 3 into an 8).
    Notice: the drawing is shrunk into a 20x20 box and centred by its centre of mass, as MNIST's
    digits were, before the model sees it; thin or off-centre strokes change the input more than
    you expect, and the outputs follow the input, not your intention.
    predict(x) -> n outputs for one 784-vector x; explain(x, top) -> a 784-vector to draw (or None);
    images: test images (m, 784) in 0..1 to load; network: a Network whose forward pass is drawn as a
    diagram below (its output is then the default predict): the most inked pixels, the strongest
    weights, each hidden neuron's activation, the most active one of each hidden layer ringed and
    named in the readout. Without anywidget the pad is replaced by a line saying how to install it.
    Attributes: pad, x, outputs, top, bars, explained, diagram, strongest."""

    def __init__(self, predict=None, images=None, explain=None, explain_title="evidence for the answer",
                 output_label="output $a_j$", index=0, network=None):
        if predict is None and network is None:
            raise InputError(tr("DrawDigit needs predict (a function of one 784-vector) or network"))
        self.network = network
        self.predict = predict if predict is not None else network.output
        self.explain, self.explain_title = explain, explain_title
        self.images = check_images(images)
        index = validation.count("index", index, 0, len(self.images) - 1)
        self.pad = make_pad(self.images[index])
        n = len(np.ravel(self.predict(self.pad.x)))
        fig, axes = self._figure(3 if explain is not None else 2)
        self.input_image = draw_digit(self.pad.x, ax=axes[0], title=tr("the input x (28×28)"))
        self.output_bars = OutputBars(axes[1], n, output_label, truth=False)
        self.bars, self.explained = self.output_bars.bars, None
        if explain is not None:
            self.explained = axes[2].imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, vmin=-1, vmax=1)
            axes[2].set(xticks=[], yticks=[])
            fig.colorbar(self.explained, ax=axes[2], shrink=0.8, label=tr(r"$x_k$ times its weight"))
        self.axes, self.diagram = axes, None
        if network is not None:
            self.diagram = NetworkDiagram(network.sizes, weights=network.W, ax=self.diagram_ax, strongest=0.25,
                                          inputs=inputs_to_draw(self.pad.x), max_neurons=16,
                                          title=tr("the forward pass of this drawing: the most inked pixels, "
                                                   "the strongest weights"))
        self.index = ImageSlider(value=index, min=0, max=len(self.images) - 1, description=tr("test image"),
                                 style=WIDE)
        self.moving = self._moving()
        self.build(fig, [[self.index, number_box(self.index)]], [(self.index, self._load)])
        self.index.on_same = lambda value: self._load()
        self.pad.observe(lambda change: self._changed(None), names="pixels")
        shown = self.pad if DigitPad is not None else widgets.HTML(f"<b>{tr(PAD_MISSING)}</b>")
        self.widget = widgets.HBox([shown, self.widget])

    def _figure(self, panels):
        """One row of panels (input, outputs, explanation), and below them the diagram's axes when
        a network is drawn."""
        if self.network is None:
            self.diagram_ax = None
            fig, axes = plt.subplots(1, panels, figsize=(min(MAX_WIDTH, 3.0 * panels), 3.4), layout="constrained",
                                     width_ratios=[1, 1.2, 1][:panels])
            return fig, axes
        fig = plt.figure(figsize=(MAX_WIDTH, 8.2), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.6])
        axes = top.subplots(1, panels, width_ratios=[1, 1.2, 1][:panels])
        self.diagram_ax = bottom.subplots()
        return fig, axes

    def _moving(self):
        """What a stroke changes: the input, the bars, the titles, the explanation and the diagram's
        neurons, input lines and labels, and numbers (the deeper weight lines are drawn once)."""
        moving = [self.input_image, *self.bars, self.axes[1].title]
        if self.explained is not None:
            moving += [self.explained, self.axes[2].title]
        d = self.diagram
        if d is not None:
            moving += ([c for layer in d.circles for c in layer] + list(d.output_texts) + [d.lines[1]]
                       + d.input_texts + [t for texts in d.value_texts.values() for t in texts])
        return moving

    def _strongest(self, a):
        """The most active neuron of each hidden layer: [(l, j, a^[l]_j), ...]."""
        return [(l, int(np.argmax(a[l])), float(np.max(a[l]))) for l in range(1, len(a) - 1)]

    def _load(self):
        self.pad.load(self.images[self.index.value])

    def update(self):
        self.x = self.pad.x
        self.input_image.set_data(as_image(self.x))
        self.outputs = np.ravel(self.predict(self.x)).astype(float)
        ink = int(np.count_nonzero(self.x > 0.05))
        if not np.isfinite(self.outputs).all():
            return self._no_answer()
        self.top = int(np.argmax(self.outputs))
        self.output_bars.update(self.outputs, self.top)
        self.axes[1].set_title(tr("the model says {digit}", digit=self.top))
        if self.explained is not None:
            evidence = np.ravel(self.explain(self.x, self.top))
            self.explained.set_data(as_image(evidence))
            self.explained.set_clim(*colour_limits(self.explained.get_clim(), symmetric_limit(evidence)))
            self.axes[2].set_title(explain_heading(self.explain_title, self.top))
        self.label.value = tr("{ink} inked pixels; outputs {outputs}", ink=ink,
                              outputs=", ".join(f"{j}: {v:.2f}" for j, v in enumerate(self.outputs)))
        if self.diagram is not None:
            self._draw_diagram()
        if not ink:
            return tr("the pad is empty: draw a digit (the outputs are those of a blank image)")

    def _no_answer(self):
        """Outputs that hold NaN or inf: no answer drawn, and a note saying so."""
        self.top = None
        self.output_bars.update(np.zeros(len(self.bars)), None)
        self.axes[1].set_title(tr("no answer: the outputs are not finite"))
        bad = [j for j, v in enumerate(self.outputs) if not np.isfinite(v)]
        self.label.value = tr("outputs {outputs}", outputs=", ".join(f"{j}: {v}" for j, v in enumerate(self.outputs)))
        return tr("the model's outputs {bad} are NaN or infinite, so it gives no answer: check its weights "
                  "and its input", bad=bad)

    def _draw_diagram(self):
        """The forward pass: the drawing's most inked pixels, the activations, the most active
        neuron of each hidden layer ringed in HIGHLIGHT."""
        a = self.network.forward(self.x)[1]
        self.diagram.show_inputs(inputs_to_draw(self.x)).update(activations=a, weights=self.network.W)
        self.strongest = self._strongest(a)
        for l, circles in enumerate(self.diagram.circles):
            active = {j for layer, j, _ in self.strongest if layer == l}
            for j, circle in zip(self.diagram.neuron_index[l], circles):
                circle.set(edgecolor=HIGHLIGHT if j in active else EDGE, linewidth=3 if j in active else 1)
        self.label.value += tr("; most active (ringed): ") + ", ".join(
            tr("layer {l} neuron {j} (a = {a})", l=l, j=j, a=f"{v:.2f}") for l, j, v in self.strongest)


def check_images(images):
    """Test images as (m, 784) floats in 0..1, m >= 1 (none given: one blank image)."""
    if images is None:
        return np.zeros((1, 784))
    X = validation.examples("images", images, 784)
    return validation.image("images", np.asarray(X, dtype=float).reshape(len(X), 784), (len(X), 784))
