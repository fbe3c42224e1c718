"""WeightTimeline: the first layer's weight maps, frame by frame, as the network learns."""
import matplotlib.pyplot as plt
import numpy as np

from ..drawings import WEIGHT_CMAP, as_image
from ..errors import InputError
from .base import Control, slider


class WeightTimeline(Control):
    """The weight maps of 16 neurons of one layer (each row of W[l] drawn as 28x28) at the moments a
    `WeightSnapshots` callback kept them, with one slider over time.

    Try: move `frame` from 0 (the random start) through the first few hundred updates, then epoch by
    epoch.
    Notice: the maps take their shape in the first epoch (strokes and blobs where digits differ) and
    afterwards mostly sharpen; pixels at the border, which no digit inks, keep their random start.
    snapshots: a WeightSnapshots after training. Attributes: frame, images, title, change (mean |W| change
    from the previous frame)."""

    def __init__(self, snapshots, neurons=16, cap=99.0):
        frames = snapshots.frames
        if frames.ndim != 3 or len(frames) < 2 or frames.shape[2] != 784:
            raise InputError(f"snapshots must hold at least 2 frames of W (n, 784), got shape {frames.shape}")
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
            ax.set_title(f"neuron {j}", fontsize=9) if j < k else ax.axis("off")
        fig.colorbar(self.images[0], ax=axes.tolist(), shrink=0.7,
                     label=f"weight (capped at the {cap:g}th percentile of |w|)")
        self.frame = slider("frame", 0, len(self.frames) - 1, len(self.frames) - 1, integer=True)
        self.title = fig.suptitle(" ", fontsize=11)
        self.moving = [*self.images, self.title]             # the colourbar and the panel titles stay
        self.build(fig, [[self.frame]])

    def update(self):
        f = self.frame.value
        for img, w in zip(self.images, self.frames[f]):
            img.set_data(as_image(w))
        self.change = float(np.abs(self.frames[f] - self.frames[max(f - 1, 0)]).mean())
        self.title.set_text(f"W[1] rows {self.names[f]} ({self.steps[f]} updates)")
        self.label.value = (f"frame {f} of {len(self.frames) - 1}: {self.names[f]}; mean |change| since the "
                            f"previous frame {self.change:.4f}")
