"""DrawDigit: draw a digit on a pad and see at once what a model makes of it."""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..digit_pad import DigitPad
from ..drawings import STANDARD_CMAP, as_image, draw_digit, symmetric_limit
from ..errors import InputError
from .base import GOOD, Control, slider


class DrawDigit(Control):
    """A drawing pad beside the input the model really gets, the model's ten outputs, and (optional)
    a 28x28 map that explains the top answer.

    Try: draw a digit with the mouse (one stroke at a time; Clear starts again), or move `test image`
    to load a digit of the test set onto the pad and draw over it (close a 4 into a 9, open an 8).
    Notice: the drawing is shrunk into a 20x20 box and centred by its centre of mass, as MNIST's
    digits were, before the model sees it; thin or off-centre strokes change the input more than
    you expect, and the outputs follow the input, not your intention.
    predict(x) -> n outputs for one 784-vector x; explain(x, top) -> a 784-vector to draw (or None);
    images: test images (m, 784) in 0..1 to load. Attributes: pad, x, outputs, top, bars, explained."""

    def __init__(self, predict, images, explain=None, explain_title="evidence for the top answer",
                 output_label="output a_j", index=0):
        self.predict, self.explain, self.explain_title = predict, explain, explain_title
        self.images = np.asarray(images, dtype=float).reshape(len(images), -1)
        if self.images.shape[1] != 784 or not len(self.images):
            raise InputError(f"images must be (m, 784) test digits, got shape {np.shape(images)}")
        self.pad = DigitPad(self.images[index])
        n = len(np.ravel(predict(self.pad.x)))
        panels = 3 if explain is not None else 2
        fig, axes = plt.subplots(1, panels, figsize=(3.0 * panels, 3.1), layout="constrained",
                                 width_ratios=[1, 1.2, 1][:panels])
        self.input_image = draw_digit(self.pad.x, ax=axes[0], title="what the model gets (28x28)")
        self.bars = axes[1].bar(range(n), np.zeros(n), color="0.6")
        axes[1].set(xticks=range(n), xlabel="digit j", ylabel=output_label, ylim=(0, 1.05))
        self.explained = None
        if explain is not None:
            self.explained = axes[2].imshow(np.zeros((28, 28)), cmap=STANDARD_CMAP, vmin=-1, vmax=1)
            axes[2].set(xticks=[], yticks=[])
            fig.colorbar(self.explained, ax=axes[2], shrink=0.8, label="x_k times weight")
        self.axes = axes
        self.index = slider("test image", 0, len(self.images) - 1, int(index), integer=True)
        self.build(fig, [[self.index]], [(self.index, self._load)])
        self.pad.observe(lambda change: self._changed(None), names="pixels")
        self.widget = widgets.HBox([self.pad, self.widget])

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
            lim = symmetric_limit(evidence)
            self.explained.set_data(as_image(evidence))
            self.explained.set_clim(-lim, lim)
            self.axes[2].set_title(f"{self.explain_title} ({self.top})")
        ink = int(np.count_nonzero(self.x > 0.05))
        self.label.value = (f"{ink} inked pixels; outputs " +
                            ", ".join(f"{j}: {v:.2f}" for j, v in enumerate(self.outputs)))
        if not ink:
            return "the pad is empty: draw a digit (the outputs are those of a blank image)"
