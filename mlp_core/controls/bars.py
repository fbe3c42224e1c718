"""OutputBars: one bar per output neuron a^[L]_j, in the kit's colours, with a key under them."""
import numpy as np
from matplotlib.patches import Patch

from ..drawings.style import MIN_FONT, NEUTRAL, PREDICTION, TRUTH
from ..i18n import tr


class OutputBars:
    """Bars of the outputs on `ax`: the model's answer (the largest output) in PREDICTION colour,
    the others NEUTRAL, and the true label (when known) framed in TRUTH colour; a key under the axes
    names the colours drawn. update() sets heights and colours in place. Attributes: bars, ax."""

    def __init__(self, ax, n, ylabel, truth=True):
        self.ax, self.n = ax, n
        self.bars = ax.bar(range(n), np.zeros(n), color=NEUTRAL, edgecolor=NEUTRAL, linewidth=2.5, zorder=2)
        ax.set(xticks=range(n), xlabel=tr("output neuron j (digit)"), ylabel=ylabel, ylim=(0, 1.05))
        handles = [Patch(facecolor=PREDICTION, label=tr("the model's answer (largest output)"))]
        if truth:
            handles.append(Patch(facecolor=NEUTRAL, edgecolor=TRUTH, linewidth=2.5, label=tr("true label")))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=len(handles),
                  fontsize=MIN_FONT, frameon=False)

    def update(self, values, prediction, truth=None):
        """Heights values (n,) (NaN and inf drawn as 0), colour the prediction's bar, frame the truth's."""
        values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        for j, (bar, h) in enumerate(zip(self.bars, values)):
            bar.set_height(h)
            bar.set_facecolor(PREDICTION if j == prediction else NEUTRAL)
            bar.set_edgecolor(TRUTH if j == truth else PREDICTION if j == prediction else NEUTRAL)
        top = float(values.max(initial=0.0))
        self.ax.set_ylim(min(0.0, float(values.min(initial=0.0))) * 1.05, max(1.05, 1.05 * top))
