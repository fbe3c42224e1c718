"""The confusion matrix of a classifier, coloured by its mistakes, with the count in every cell."""
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..i18n import tr
from ..metrics import confusion_matrix
from .canvas import legible, new_axes
from .style import HALO, HIGHLIGHT, INK, MISTAKE_CMAP, MIN_FONT


def draw_confusion(y_true, y_pred, ax=None, title=None, n_classes=10, marked=3):
    """Confusion matrix: counts[i, j] = examples with true label i predicted as j (counted by
    mlp_core.metrics.confusion_matrix), with the count in each cell. The mistakes (i != j) are
    coloured on their own scale (white to WRONG, colourbar 'mistakes'), so that 53 confusions of a
    9 for a 4 stand out instead of being as pale as the zeros beside a diagonal of 1,000s; the
    diagonal (right answers) is drawn neutral grey with its counts; the `marked` largest mistakes
    are framed in HIGHLIGHT. The title gives the share on the diagonal. Returns the AxesImage,
    whose array is the counts with the diagonal masked."""
    counts = confusion_matrix(np.asarray(y_true).ravel(), np.asarray(y_pred).ravel(), n_classes)
    own = ax is None
    fig, ax = new_axes(ax, (5.4, 4.6))
    mistakes = np.ma.masked_array(counts, mask=np.eye(n_classes, dtype=bool))
    top = max(1, int(mistakes.max()) if mistakes.count() else 1)
    im = ax.imshow(mistakes, cmap=MISTAKE_CMAP, vmin=0, vmax=top)
    for (i, j), c in np.ndenumerate(counts):
        dark = i != j and c > 0.6 * top
        ax.text(j, i, str(c), ha="center", va="center", fontsize=MIN_FONT,
                color=HALO if dark else INK, weight="bold" if i == j else "normal")
    for k in _largest(mistakes, marked):
        i, j = divmod(int(k), n_classes)
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=HIGHLIGHT, linewidth=2.5))
    ticks = np.arange(n_classes)
    ax.set(xticks=ticks, yticks=ticks, ylabel=tr("true label"),
           xlabel=tr("predicted label") + "\n" + tr("(grey diagonal: right answers; framed: the {k} largest "
                                                    "mistakes)", k=marked))
    bar = fig.colorbar(im, ax=ax, label=tr("mistakes: count off the diagonal"))
    bar.locator = MaxNLocator(6, integer=True)
    accuracy = np.trace(counts) / max(1, counts.sum())
    ax.set_title(title if title is not None else tr("confusion matrix ({share} correct)", share=f"{accuracy:.1%}"))
    legible(fig if own else ax)
    return im


def _largest(mistakes, k):
    """Flat indices of the k largest mistakes (cells with at least one example), largest first."""
    flat = mistakes.filled(0).ravel()
    order = np.argsort(flat, kind="stable")[::-1][:max(0, k)]
    return [i for i in order if flat[i] > 0]
