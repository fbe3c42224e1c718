"""DigitBrowser: one MNIST image as a picture, as its 784 numbers and as its label."""
import math

import matplotlib.pyplot as plt
import numpy as np

from ..drawings import as_image, draw_digit
from .. import validation
from ..errors import ShapeError
from ..i18n import tr
from .base import Control, number_box, slider


class DigitBrowser(Control):
    """One MNIST image three ways: the 28x28 picture, the same 784 numbers as one long strip, the label.

    Try: move `index` through a few images; in the strip find the dark stretches and match them to
    the rows of the picture (row 0 comes first, then row 1, ...: the image is flattened row by row).
    Notice: the network gets only the 784 numbers in 0..1 (mostly 0); the label is a separate target.
    X: images (m, 784) or (m, 28, 28); y: labels (m,). Attributes: index, image, strip, vector, digit."""

    def __init__(self, X, y, index=0):
        X, self.y = np.asarray(X), np.asarray(y)
        if X.ndim < 2 or not len(X):
            raise ShapeError(tr("X must hold at least one image, (m, 784) or (m, 28, 28), got shape {shape}",
                                shape=X.shape))
        self.X = X.reshape(len(X), -1)
        n = self.X.shape[1]
        if n == 0 or math.isqrt(n) ** 2 != n or self.y.shape != (len(self.X),):
            raise ShapeError(tr("expected X (m, 784) and y (m,), got X {x} and y {y}", x=np.shape(X), y=self.y.shape))
        index = validation.count("index", index, 0, len(self.X) - 1)
        fig, (ax, sax) = plt.subplots(2, 1, figsize=(6, 4.6), height_ratios=[5, 1], layout="constrained")
        self.image = draw_digit(self.X[index], ax=ax)
        top = 255.0 if np.nanmax(self.X, initial=0) > 1 else 1.0
        self.image.set_clim(0, top)
        self.strip = sax.imshow(np.zeros((1, n)), cmap="gray_r", vmin=0, vmax=top, aspect="auto",
                                interpolation="nearest")
        side = math.isqrt(n)
        sax.set(yticks=[], xticks=np.arange(0, n + 1, side * 7), xlabel=tr("position k in the {n}-long vector", n=n))
        sax.set_xticks(np.arange(0, n, side), minor=True)
        self.index = slider(tr("index"), 0, len(self.X) - 1, int(index), integer=True)
        self.moving = [self.image, self.strip, ax.title]
        self.build(fig, [[self.index, number_box(self.index)]])

    def update(self):
        i = self.index.value
        v = np.asarray(self.X[i], dtype=float)
        bad = ~np.isfinite(v)
        self.vector, self.digit = np.where(bad, 0.0, v), self.y[i].item()
        self.image.set_data(as_image(self.vector))
        self.strip.set_data(self.vector[None, :])
        self.image.axes.set_title(tr("image {i}: label {label}", i=i, label=self.digit))
        self.label.value = tr("image {i}, label <b>{label}</b>: {n} numbers, {nonzero} not zero, largest {top}",
                              i=i, label=self.digit, n=v.size, nonzero=int(np.count_nonzero(self.vector)),
                              top=f"{self.vector.max():.2f}")
        if bad.any():
            return tr("{n} values are not finite numbers (drawn as 0)", n=int(bad.sum()))
        if not self.vector.any():
            return tr("this image is blank: all {n} numbers are 0", n=v.size)
