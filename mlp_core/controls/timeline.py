"""WeightTimeline: the first layer's weight maps, frame by frame, as the network learns."""
import matplotlib.pyplot as plt
import numpy as np

from matplotlib.ticker import MaxNLocator

from .. import validation
from ..drawings import WEIGHT_CMAP, as_image
from ..errors import InputError
from ..i18n import tr
from .base import Control, slider


def snapshot_frames(snapshots):
    """The frames (K, n, 784) of a WeightSnapshots of layer 1, K >= 2, all finite, with one step and
    one label per frame; else InputError."""
    got = type(snapshots).__name__
    if hasattr(snapshots, "frames") and hasattr(snapshots, "steps") and hasattr(snapshots, "labels"):
        frames = np.asarray(snapshots.frames, dtype=float)
        steps, labels = np.size(snapshots.steps), np.size(snapshots.labels)
        shaped = frames.ndim == 3 and len(frames) >= 2 and frames.shape[2] == 784
        if shaped and steps == labels == len(frames):
            return validation.finite("snapshots.frames", frames)
        got = (f"{len(frames)} frames, {steps} steps and {labels} labels" if shaped
               else f"frames of shape {frames.shape}")
    raise InputError(tr("snapshots must be a WeightSnapshots(layer=1) that kept at least 2 frames of W[1] "
                        "(n, 784): pass it to train(..., callbacks=[snapshots]) first; got {got}", got=got))


class WeightTimeline(Control):
    """The weight maps of the first neurons of layer 1 (each row of W[1] drawn as 28x28) at the moments
    a `WeightSnapshots` callback kept them, with one slider over time.

    Try: move `frame` from 0 (the random start) through the first few hundred updates, then epoch by
    epoch.
    Notice: the maps take their shape in the first epoch (strokes and blobs where digits differ) and
    afterwards mostly sharpen; pixels at the border, which no digit inks, keep their random start.
    snapshots: a WeightSnapshots after training; neurons: how many rows of W[1] to draw, the first ones
    (default min(16, n[1]); more than n[1] is an InputError); cap: the colour scale ends at +-(this
    percentile of |w| in the last frame). Attributes: frame, images, title, change (mean |W| change
    from the previous frame)."""

    def __init__(self, snapshots, neurons=None, cap=99.0):
        frames = snapshot_frames(snapshots)
        neurons = min(16, frames.shape[1]) if neurons is None else neurons
        neurons = validation.count("neurons", neurons, 1, frames.shape[1])
        cap = validation.number("cap", cap, 0, 100, low_open=True)
        self.frames, self.steps, self.names = frames[:, :neurons], snapshots.steps, snapshots.labels
        k = self.frames.shape[1]
        lim = float(np.percentile(np.abs(self.frames[-1]), cap))
        cols = int(np.ceil(np.sqrt(k)))
        rows = int(np.ceil(k / cols))
        fig, axes = plt.subplots(rows, cols, figsize=(1.65 * cols + 1.2, 1.65 * rows + 0.5), layout="constrained")
        axes = np.atleast_1d(axes).ravel()
        self.images = [ax.imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, vmin=-lim, vmax=lim) for ax in axes[:k]]
        for j, ax in enumerate(axes):
            ax.set(xticks=[], yticks=[])
            ax.set_title(tr("neuron {j}", j=j), fontsize=9) if j < k else ax.axis("off")
        bar = fig.colorbar(self.images[0], ax=axes.tolist(), shrink=0.7,
                           label=tr("weight (capped at the {cap}th percentile of |w|)", cap=f"{cap:g}"))
        bar.locator = MaxNLocator(5, symmetric=True)
        self.frame = slider(tr("frame"), 0, len(self.frames) - 1, len(self.frames) - 1, integer=True)
        self.title = fig.suptitle(" ", fontsize=11)
        self.moving = [*self.images, self.title]             # the colourbar and the panel titles stay
        self.build(fig, [[self.frame]])

    def update(self):
        f = self.frame.value
        for img, w in zip(self.images, self.frames[f]):
            img.set_data(as_image(w))
        self.change = float(np.abs(self.frames[f] - self.frames[max(f - 1, 0)]).mean())
        self.title.set_text(tr("W[1] rows {name} ({k} updates)", name=self.names[f], k=self.steps[f]))
        self.label.value = tr("frame {f} of {last}: {name}; mean |change| since the previous frame {change}",
                              f=f, last=len(self.frames) - 1, name=self.names[f], change=f"{self.change:.4f}")
