"""The network diagram: circles for neurons, lines for weights, recoloured in place."""
import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .canvas import new_axes
from .style import NEGATIVE, POSITIVE, UNSET, symmetric_limit

class NetworkDiagram:
    """Circles for neurons (shaded by activation: 0 black, 1 white, grey before any values) and lines
    for weights (green positive, red negative, width ~ |w|); layers over max_neurons are elided to
    their first and last neurons around a '⋮'. update() recolours the same artists in place.

    Attributes: fig, ax, sizes, circles[l] (drawn Circle patches), neuron_index[l] (which neuron
    each drawn circle is), lines[l] (LineCollection of W^[l], l = 1..L), output_texts."""

    def __init__(self, sizes, activations=None, weights=None, ax=None, max_neurons=8, title=None,
                 output_values=True):
        self.sizes, self.L = [int(n) for n in sizes], len(sizes) - 1
        half = (max(min(n, max_neurons + 1) for n in self.sizes) - 1) / 2   # circles span -half..half
        xmax, bottom, top = 3 * self.L + 1.8, -half - 2.6, half + 1.2
        self.fig, self.ax = new_axes(ax, (0.5 * (xmax + 0.8) + 0.3, 0.5 * (top - bottom) + 0.9))
        self.neuron_index, self.circles, self.lines, self.output_texts, ys = [], [], {}, [], []
        for l, n in enumerate(self.sizes):
            idx = list(range(n)) if n <= max_neurons else (
                list(range(math.ceil(max_neurons / 2))) + list(range(n - max_neurons // 2, n)))
            y = (len(idx) + (n > max_neurons) - 1) / 2 - np.arange(len(idx) + (n > max_neurons), dtype=float)
            if n > max_neurons:       # the middle slot holds the gap
                gap = math.ceil(max_neurons / 2)
                self.ax.text(3 * l, y[gap], "⋮", ha="center", va="center", fontsize=14)
                y = np.delete(y, gap)
            self.neuron_index.append(idx)
            ys.append(y)
            self.circles.append([self.ax.add_patch(Circle((3 * l, yj), 0.32, facecolor=UNSET,
                                                          edgecolor="0.25", zorder=3)) for yj in y])
            self.ax.text(3 * l, -half - 0.6, f"layer {l}\n$n^{{[{l}]}} = {n}$\n$a^{{[{l}]}}$",
                         ha="center", va="top", fontsize=9)
        for l in range(1, self.L + 1):
            segs = [[(3 * l - 2.68, yk), (3 * l - 0.32, yj)] for yj in ys[l] for yk in ys[l - 1]]
            self.lines[l] = self.ax.add_collection(LineCollection(segs, colors=UNSET, linewidths=0.6, zorder=1))
            self.ax.text(3 * l - 1.5, half + 0.5, f"$W^{{[{l}]}}$", ha="center", va="bottom", fontsize=10)
        if output_values:
            self.output_texts = [self.ax.text(3 * self.L + 0.5, yj, f"{j}", va="center", fontsize=8)
                                 for j, yj in zip(self.neuron_index[-1], ys[-1])]
        self.ax.set(xlim=(-0.8, xmax), ylim=(bottom, top), aspect="equal")
        self.ax.set_axis_off()
        self.ax.legend(handles=[Line2D([], [], color=POSITIVE, label="weight > 0"),
                                Line2D([], [], color=NEGATIVE, label="weight < 0")],
                       loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, fontsize=7, frameon=False)
        self.ax.set_title(title if title is not None else f"network {self.sizes}")
        self.update(activations, weights)

    def update(self, activations=None, weights=None):
        """Recolour in place. activations: a[0..L] (each (n[l],), as Network.forward returns for one
        example); weights: W like net.W (index 0 None). None (or a None entry) leaves that part as is."""
        for l, a in enumerate([] if activations is None else activations):
            if a is None:
                continue
            a = np.asarray(a, dtype=float)
            a = np.clip(np.nan_to_num(a[:, 0] if a.ndim == 2 else a), 0.0, 1.0)[self.neuron_index[l]]
            for circle, value in zip(self.circles[l], a):
                circle.set_facecolor((value, value, value))
            if l == self.L:
                for text, j, value in zip(self.output_texts, self.neuron_index[l], a):
                    text.set_text(f"{j}: {value:.2f}")
        for l in range(1, self.L + 1) if weights is not None else []:
            if weights[l] is None:
                continue
            w = np.nan_to_num(np.asarray(weights[l], dtype=float))[np.ix_(self.neuron_index[l],
                                                                           self.neuron_index[l - 1])].ravel()
            self.lines[l].set_color(np.where(w[:, None] >= 0, to_rgba(POSITIVE), to_rgba(NEGATIVE)))
            self.lines[l].set_linewidth(0.2 + 2.8 * np.abs(w) / symmetric_limit(w))
        return self


def draw_network(sizes, activations=None, weights=None, ax=None, max_neurons=8, title=None,
                 output_values=True):
    """Draw the network sizes = [n[0], ..., n[L]] (see NetworkDiagram). Returns the NetworkDiagram."""
    return NetworkDiagram(sizes, activations, weights, ax, max_neurons, title, output_values)
