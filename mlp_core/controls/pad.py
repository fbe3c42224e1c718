"""DrawDigit: draw a digit on a pad and see at once what a model makes of it."""
import textwrap

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..digit_pad import DigitPad
from ..drawings import WEIGHT_CMAP, NetworkDiagram, as_image, draw_digit, symmetric_limit
from ..errors import InputError
from .base import GOOD, Control, slider


def nice_limit(v):
    """The smallest of 1, 2, 5 times a power of ten that is >= v > 0: a colour limit that stays the
    same over many strokes (a new limit redraws the colourbar, and so the whole figure)."""
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
    diagram below (its output is then the default predict), with the most active hidden neurons named
    in the readout. Attributes: pad, x, outputs, top, bars, explained, diagram, strongest."""

    def __init__(self, predict=None, images=None, explain=None, explain_title="evidence for the answer",
                 output_label="output $a_j$", index=0, network=None):
        if predict is None and network is None:
            raise InputError("DrawDigit needs predict (a function of one 784-vector) or network")
        self.network = network
        self.predict = predict if predict is not None else network.output
        self.explain, self.explain_title = explain, explain_title
        self.images = np.asarray(images if images is not None else np.zeros((1, 784)), dtype=float)
        self.images = self.images.reshape(len(self.images), -1) if self.images.ndim > 1 else self.images
        if self.images.ndim != 2 or self.images.shape[1] != 784 or not len(self.images):
            raise InputError(f"images must be (m, 784) test digits, got shape {np.shape(images)}")
        self.pad = DigitPad(self.images[index])
        n = len(np.ravel(self.predict(self.pad.x)))
        fig, axes = self._figure(3 if explain is not None else 2)
        self.input_image = draw_digit(self.pad.x, ax=axes[0], title="the input x (28×28)")
        self.bars = axes[1].bar(range(n), np.zeros(n), color="0.6")
        axes[1].set(xticks=range(n), xlabel="digit (output neuron)", ylabel=output_label, ylim=(0, 1.05))
        self.explained = None
        if explain is not None:
            self.explained = axes[2].imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, vmin=-1, vmax=1)
            axes[2].set(xticks=[], yticks=[])
            fig.colorbar(self.explained, ax=axes[2], shrink=0.8, label=r"$x_k$ times its weight")
        self.axes, self.diagram = axes, None
        if network is not None:
            self.diagram = NetworkDiagram(network.sizes, weights=network.W, ax=self.diagram_ax,
                                          title="the forward pass of this drawing")
        self.index = slider("test image", 0, len(self.images) - 1, int(index), integer=True)
        self.moving = self._moving()
        self.build(fig, [[self.index]], [(self.index, self._load)])
        self.pad.observe(lambda change: self._changed(None), names="pixels")
        self.widget = widgets.HBox([self.pad, self.widget])

    def _figure(self, panels):
        """One row of panels (input, outputs, explanation), and below them the diagram's axes when
        a network is drawn."""
        if self.network is None:
            self.diagram_ax = None
            fig, axes = plt.subplots(1, panels, figsize=(3.0 * panels, 3.1), layout="constrained",
                                     width_ratios=[1, 1.2, 1][:panels])
            return fig, axes
        fig = plt.figure(figsize=(9.0, 7.6), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.45])
        axes = top.subplots(1, panels, width_ratios=[1, 1.2, 1][:panels])
        self.diagram_ax = bottom.subplots()
        return fig, axes

    def _moving(self):
        """What a stroke changes: the input, the bars, the titles, the explanation and the diagram's
        neurons and output values (its weight lines are drawn once)."""
        moving = [self.input_image, *self.bars, self.axes[1].title]
        if self.explained is not None:
            moving += [self.explained, self.axes[2].title]
        if self.diagram is not None:
            moving += [c for layer in self.diagram.circles for c in layer] + list(self.diagram.output_texts)
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
        self.top = int(np.argmax(self.outputs))
        for j, (bar, value) in enumerate(zip(self.bars, self.outputs)):
            bar.set_height(value)
            bar.set_color(GOOD if j == self.top else "0.6")
        self.axes[1].set_title(f"the model says {self.top}")
        if self.explained is not None:
            evidence = np.ravel(self.explain(self.x, self.top))
            self.explained.set_data(as_image(evidence))
            self.explained.set_clim(*colour_limits(self.explained.get_clim(), symmetric_limit(evidence)))
            self.axes[2].set_title(explain_heading(self.explain_title, self.top))
        ink = int(np.count_nonzero(self.x > 0.05))
        self.label.value = (f"{ink} inked pixels; outputs " +
                            ", ".join(f"{j}: {v:.2f}" for j, v in enumerate(self.outputs)))
        if self.diagram is not None:
            a = self.network.forward(self.x)[1]
            self.diagram.update(activations=a)
            self.strongest = self._strongest(a)
            self.label.value += "; most active: " + ", ".join(
                f"layer {l} neuron {j} (a = {v:.2f})" for l, j, v in self.strongest)
        if not ink:
            return "the pad is empty: draw a digit (the outputs are those of a blank image)"
