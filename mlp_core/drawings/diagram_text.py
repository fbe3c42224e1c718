"""The texts of the network diagram: names of input neurons, the label under a layer, and a
column of numbers (one hidden layer's activations) spaced to the neurons."""
import math

from matplotlib.text import Text

from ..i18n import tr

SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def input_name(k):
    """'x₄₀₆' for input neuron k: plain text with subscript digits (quicker to draw than maths text)."""
    return "x" + str(k).translate(SUBSCRIPT)


class ColumnText(Text):
    """A column of numbers, one line per unit of the axes' y data (one neuron to the next): its line
    spacing is fitted each time it is drawn, so one text labels a whole layer (quicker than one
    text per neuron)."""

    def draw(self, renderer):
        if self.get_text() and self.axes is not None:
            unit = abs(self.axes.transData.transform((0, 1))[1] - self.axes.transData.transform((0, 0))[1])
            self.set_linespacing(1.0)              # each line is then one line height high
            line = self.get_window_extent(renderer).height / (self.get_text().count("\n") + 1)
            if line > 0:
                self.set_linespacing(unit / line)
        super().draw(renderer)


def layer_label(l, n, idx):
    """The text under layer l: its name, n^[l], a^[l] and, when elided, which neurons are drawn."""
    text = tr("layer {l}", l=l) + f"\n$n^{{[{l}]}} = {n}$\n$a^{{[{l}]}}$"
    if len(idx) < n:
        first, last = idx[:math.ceil(len(idx) / 2)], idx[math.ceil(len(idx) / 2):]
        text += "\n" + tr("neurons {a}–{b}\n… {c}–{d}", a=first[0], b=first[-1], c=last[0], d=last[-1])
    return text
