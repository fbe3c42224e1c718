"""The confusion matrix of a classifier as an image with the count in every cell."""
import numpy as np

from ..metrics import confusion_matrix
from .canvas import legible, new_axes


def draw_confusion(y_true, y_pred, ax=None, title=None, n_classes=10):
    """Confusion matrix: counts[i, j] = examples with true label i predicted as j (counted by
    mlp_core.metrics.confusion_matrix), drawn as an image with the count in each cell and a
    colourbar; the title gives the share on the diagonal. Returns the AxesImage."""
    counts = confusion_matrix(np.asarray(y_true).ravel(), np.asarray(y_pred).ravel(), n_classes)
    own = ax is None
    fig, ax = new_axes(ax, (5.2, 4.4))
    im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(1, counts.max()))
    for (i, j), c in np.ndenumerate(counts):
        ax.text(j, i, str(c), ha="center", va="center", fontsize=9,
                color="white" if c > 0.6 * counts.max() else "black")
    ticks = np.arange(n_classes)
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted label", ylabel="true label")
    fig.colorbar(im, ax=ax, label="count")
    accuracy = np.trace(counts) / max(1, counts.sum())
    ax.set_title(title if title is not None else f"confusion matrix ({accuracy:.1%} correct)")
    legible(fig if own else ax)
    return im
