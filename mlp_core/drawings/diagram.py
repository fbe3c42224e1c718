"""The network diagram: circles for neurons, lines for weights, recoloured in place."""
import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .. import validation
from ..errors import InputError
from ..i18n import tr
from .canvas import legible, new_axes
from .diagram_text import ColumnText, input_name, layer_label
from .style import EDGE, HALO, HIGHLIGHT, MAX_WIDTH, MIN_FONT, NEGATIVE, POSITIVE, UNSET, WEIGHT_CMAP, symmetric_limit

RADIUS = 0.32                   # circle radius, in units of the vertical distance between neurons
LINE_INCHES = MIN_FONT * 1.35 / 72                         # height of one line of text, inches
ACTIVATION_NORM = Normalize(-1.0, 1.0, clip=True)          # a = -1 blue, 0 white, 1 orange
LABEL_Z = 0.8     # the labels that never change lie under the lines (zorder 1), clear of them: a control
                  # that redraws the lines then need not draw these texts again


def drawn_neurons(n, keep, elide=True):
    """Which of n neurons are drawn: all when n <= keep or elide is False, else the first
    ceil(keep / 2) and the last floor(keep / 2)."""
    if n <= keep or not elide:
        return list(range(n))
    return list(range(math.ceil(keep / 2))) + list(range(n - keep // 2, n))


class NetworkDiagram:
    """Circles for neurons and lines for weights, in the kit's one meaning of colour: a line is
    orange for w > 0 and blue for w < 0, its width ~ |w|; a neuron is shaded by its activation
    (a = 0 white, a = 1 dark orange, a = -1 dark blue; grey before any values), and each hidden
    neuron carries its value a^[l]_j as a number (values=True). Every neuron of the output layer is
    drawn; other layers over max_neurons neurons are elided to their first and last neurons around
    a '⋮', and the label under the layer says which are drawn. The legend names only the colours
    drawn. update() recolours the same artists in place.

    inputs: which input neurons (pixels k) to draw instead of the first and last, e.g. the most inked
    pixels of the image shown; each is labelled x_k; show_inputs() swaps them for as many others.
    strongest: a share in (0, 1]: of each W^[l] only the lines of the largest |w| (that share of the
    drawn ones) are shown. highlight(l, j, k) marks the weight W^[l][j, k] (a wide HIGHLIGHT band
    under its line, rings on its two neurons); it is shown even when weaker than `strongest`.

    Attributes: fig, ax, sizes, circles[l] (drawn Circle patches), neuron_index[l] (which neuron
    each drawn circle is), lines[l] (LineCollection of W^[l], l = 1..L), output_texts, input_texts,
    value_texts[l] (l = 1..L-1), marker (the highlight band), rings, highlighted ((l, j, k) or None)."""

    def __init__(self, sizes, activations=None, weights=None, ax=None, max_neurons=16, title=None,
                 output_values=True, inputs=None, strongest=None, values=True):
        self.sizes = validation.sizes(sizes)
        self.L = len(self.sizes) - 1
        max_neurons = validation.count("draw_network(max_neurons)", max_neurons, 2)
        self.neuron_index = [drawn_neurons(n, max_neurons, l < self.L) for l, n in enumerate(self.sizes)]
        self.chosen_inputs, self.strongest = inputs is not None, _check_share(strongest)
        if self.chosen_inputs:
            self.neuron_index[0] = _check_inputs(inputs, self.sizes[0])
        slots = max(len(idx) + self._gap(l) for l, idx in enumerate(self.neuron_index))
        inch = min(0.45, 3.8 / slots)                    # inches per unit (one neuron to the next)
        self.dx = max(3.0, 1.3 / inch)                   # units from one layer to the next
        half, text_units = (slots - 1) / 2, LINE_INCHES / inch
        lines_below = 5 if any(len(i) < n for i, n in zip(self.neuron_index, self.sizes)) else 3
        xlim = (-0.6 - (0.75 if self.chosen_inputs else 0.3) / inch,
                self.dx * self.L + 0.5 + (0.7 if output_values else 0.2) / inch)
        ylim = (-half - 0.7 - lines_below * text_units, half + 0.6 + 1.2 * text_units)
        title = title if title is not None else tr("network {sizes}", sizes=self.sizes)
        width = max(inch * (xlim[1] - xlim[0]) + 0.2, min(MAX_WIDTH, 0.09 * len(title) + 0.4))  # title fits
        figsize = (width, inch * (ylim[1] - ylim[0]) + 1.3)     # and a legend of up to three rows
        own, (self.fig, self.ax) = ax is None, new_axes(ax, figsize)
        self.circles, self.input_texts = [], []
        ys = [self._draw_layer(l, half) for l in range(self.L + 1)]
        self.lines = {l: self._draw_weights(l, ys, half + 0.6) for l in range(1, self.L + 1)}
        self.output_texts = [self.ax.text(self.dx * self.L + 0.5, y, f"{j}", va="center", fontsize=MIN_FONT)
                             for j, y in zip(self.neuron_index[-1], ys[-1])] if output_values else []
        self._slots = {l: np.round(ys[l][0] - ys[l]).astype(int) for l in range(1, self.L)}
        self.value_texts = {l: [self._column(self.dx * l + RADIUS + 0.1, (ys[l][0] + ys[l][-1]) / 2)] if values else []
                            for l in range(1, self.L)}
        self.marker = self.ax.plot([], [], color=HIGHLIGHT, lw=7, solid_capstyle="round", zorder=0.9)[0]
        self.rings = [self.ax.add_patch(Circle((0, 0), RADIUS * 1.45, fill=False, edgecolor=HIGHLIGHT, lw=2.5,
                                               zorder=4, visible=False)) for _ in range(2)]
        self.highlighted, self._weights, self._activations, self.legend_key = None, None, False, None
        self.ax.set(xlim=xlim, ylim=ylim, aspect="equal")
        self.ax.set_axis_off()
        self.ax.set_title(title)
        self.update(activations, weights)
        legible(self.fig if own else self.ax)

    def _column(self, x, y):
        """The ColumnText of one hidden layer's activations, on a white band over the lines."""
        text = ColumnText(x, y, "", va="center", ha="left", fontsize=MIN_FONT, zorder=4,
                          bbox=dict(boxstyle="square,pad=0.05", fc=HALO, ec="none", alpha=0.75))
        text.set_in_layout(False)              # it lies inside the axes: the layout need not measure it
        self.ax.add_artist(text)
        return text

    def shown_values(self, l):
        """The numbers drawn beside the drawn neurons of hidden layer l, top to bottom."""
        if not self.value_texts.get(l):
            return []
        lines = self.value_texts[l][0].get_text().split("\n")
        return [lines[slot] if slot < len(lines) else "" for slot in self._slots[l]]

    def _gap(self, l):
        """Whether layer l is drawn with a '⋮' gap (elided to its first and last neurons)."""
        return len(self.neuron_index[l]) < self.sizes[l] and not (l == 0 and self.chosen_inputs)

    def _draw_layer(self, l, half):
        """Circles, the '⋮' of an elided layer and the label of layer l; returns the circles' y."""
        n, idx, x = self.sizes[l], self.neuron_index[l], self.dx * l
        elided = self._gap(l)
        y = (len(idx) + elided - 1) / 2 - np.arange(len(idx) + elided, dtype=float)
        if elided:                                       # the middle slot holds the gap
            gap = math.ceil(len(idx) / 2)
            self.ax.text(x, y[gap], "⋮", ha="center", va="center", fontsize=14, zorder=LABEL_Z)
            y = np.delete(y, gap)
        self.circles.append([self.ax.add_patch(Circle((x, yj), RADIUS, facecolor=UNSET, edgecolor=EDGE,
                                                      zorder=3)) for yj in y])
        label = layer_label(l, n, idx)
        if l == 0 and self.chosen_inputs:
            label = layer_label(l, n, list(range(n))) + "\n" + tr("{k} of {n} drawn", k=len(idx), n=n)
            self.input_texts = [self.ax.text(x - RADIUS - 0.15, yk, input_name(k), ha="right", va="center",
                                             fontsize=MIN_FONT, zorder=LABEL_Z) for k, yk in zip(idx, y)]
        self.ax.text(x, -half - 0.6, label, ha="center", va="top", fontsize=MIN_FONT, linespacing=1.1, zorder=LABEL_Z)
        return y

    def _draw_weights(self, l, ys, top):
        """The LineCollection of W^[l]: segment j * (drawn of l-1) + k joins drawn neuron k of layer
        l-1 to drawn neuron j of layer l; and the W^[l] label above it."""
        x0, x1 = self.dx * (l - 1) + RADIUS, self.dx * l - RADIUS
        segments = [[(x0, yk), (x1, yj)] for yj in ys[l] for yk in ys[l - 1]]
        self.ax.text(self.dx * (l - 0.5), top, f"$W^{{[{l}]}}$", ha="center", va="bottom", fontsize=10, zorder=LABEL_Z)
        return self.ax.add_collection(LineCollection(segments, colors=UNSET, linewidths=0.6, zorder=1))

    def show_inputs(self, inputs):
        """Draw other input neurons (as many as drawn now, e.g. the most inked pixels of a new
        image) in the same circles; call update() next to colour them. Returns self."""
        idx = _check_inputs(inputs, self.sizes[0])
        if not self.chosen_inputs or len(idx) != len(self.neuron_index[0]):
            raise InputError(tr("show_inputs: inputs = {got}; expected {n} distinct input neurons (a diagram "
                                "drawn with inputs=)", got=list(np.ravel(inputs)), n=len(self.neuron_index[0])))
        self.neuron_index[0] = idx
        for text, k in zip(self.input_texts, idx):
            text.set_text(input_name(k))
        return self

    def highlight(self, l, j, k):
        """Mark the weight W^[l][j, k] if both its neurons are drawn (returns whether it is; None
        for l: no mark). The next update() keeps its line visible."""
        drawn = l is not None and 1 <= l <= self.L and j in self.neuron_index[l] and k in self.neuron_index[l - 1]
        self.highlighted = (l, j, k) if drawn else None
        ends = [self.circles[l - 1][self.neuron_index[l - 1].index(k)].center,
                self.circles[l][self.neuron_index[l].index(j)].center] if drawn else []
        self.marker.set_data([p[0] for p in ends], [p[1] for p in ends])
        for ring, centre in zip(self.rings, ends or [(0, 0)] * 2):
            ring.set(center=centre, visible=drawn)
        return drawn

    def update(self, activations=None, weights=None):
        """Recolour in place. activations: a[0..L] (each (n[l],), as Network.forward returns for one
        example, or (n[l], B) whose first column is drawn); weights: W like net.W (index 0 None).
        None (or a None entry) leaves that part as is (the last weights given are kept for
        show_inputs and highlight). Returns self."""
        for l, a in enumerate([] if activations is None else activations):
            if a is None:
                continue
            self._activations = True
            a = np.asarray(a, dtype=float)
            a = np.nan_to_num(a[:, 0] if a.ndim == 2 else a)[self.neuron_index[l]]
            for circle, value in zip(self.circles[l], a):
                circle.set_facecolor(WEIGHT_CMAP(ACTIVATION_NORM(value)))
            for text in self.value_texts.get(l, ()):
                lines = [""] * (int(self._slots[l][-1]) + 1)          # a '⋮' gap keeps its empty line
                for slot, value in zip(self._slots[l], a):
                    lines[slot] = f"{value:.2f}"
                text.set_text("\n".join(lines))
            if l == self.L:
                for text, j, value in zip(self.output_texts, self.neuron_index[l], a):
                    text.set_text(f"{j}: {value:.2f}")
        if weights is not None:
            self._weights = [None] + [self._weights[l] if self._weights and weights[l] is None else weights[l]
                                      for l in range(1, self.L + 1)]
        for l in range(1, self.L + 1) if self._weights is not None else []:
            if self._weights[l] is not None:
                self._recolour(l, self._weights[l])
        self._legend()
        return self

    def _recolour(self, l, W):
        """Colour and width of each drawn line of W^[l]; the weaker lines hidden (strongest), never
        the highlighted one."""
        rows, cols = self.neuron_index[l], self.neuron_index[l - 1]
        w = np.nan_to_num(np.asarray(W, dtype=float))[np.ix_(rows, cols)].ravel()
        colors = np.where(w[:, None] >= 0, to_rgba(POSITIVE), to_rgba(NEGATIVE))
        if self.strongest is not None:             # hide the weaker lines
            colors[np.abs(w) < np.quantile(np.abs(w), 1 - self.strongest), 3] = 0.0
        if self.highlighted is not None and self.highlighted[0] == l:
            _, j, k = self.highlighted
            colors[rows.index(j) * len(cols) + cols.index(k), 3] = 1.0
        self.lines[l].set_color(colors)
        self.lines[l].set_linewidth(0.2 + 2.3 * np.abs(w) / symmetric_limit(w))

    def _legend(self):
        """A legend under the diagram naming only the colours drawn (line signs shown, activations,
        the highlight); made again only when that set changes (`legend_key`)."""
        shown = np.concatenate([c.get_colors()[c.get_colors()[:, 3] > 0][:, :3] for c in self.lines.values()]
                               + [np.zeros((0, 3))])
        key = (bool(np.isclose(shown, to_rgba(POSITIVE)[:3]).all(axis=1).any()),
               bool(np.isclose(shown, to_rgba(NEGATIVE)[:3]).all(axis=1).any()),
               self._activations, self.highlighted is not None)
        if key == self.legend_key:
            return
        self.legend_key, dot = key, dict(marker="o", ls="", ms=8, mec=EDGE)
        handles = ([Line2D([], [], color=POSITIVE, label=tr("weight > 0"))] * key[0]
                   + [Line2D([], [], color=NEGATIVE, label=tr("weight < 0"))] * key[1]
                   + [Line2D([], [], mfc=WEIGHT_CMAP(ACTIVATION_NORM(v)), label=f"a = {v:g}", **dot)
                      for v in (1.0, 0.0)] * key[2]
                   + [Line2D([], [], color=HIGHLIGHT, lw=6, label=tr("moved weight"))] * key[3])
        if self.ax.get_legend() is not None:
            self.ax.get_legend().remove()
        legend = self.ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                                ncols=min(2, max(1, len(handles))), fontsize=MIN_FONT, frameon=False)
        legend.set_visible(bool(handles))          # nothing drawn yet: an empty, invisible legend
        legend.set_zorder(LABEL_Z)


def draw_network(sizes, activations=None, weights=None, ax=None, max_neurons=16, title=None,
                 output_values=True, inputs=None, strongest=None, values=True):
    """Draw the network sizes = [n[0], ..., n[L]] (see NetworkDiagram). Returns the NetworkDiagram."""
    return NetworkDiagram(sizes, activations, weights, ax, max_neurons, title, output_values, inputs,
                          strongest, values)


def _check_inputs(inputs, n):
    """The chosen input neurons as a sorted list of distinct integers in 0..n-1."""
    idx = sorted({int(k) for k in np.ravel(inputs)})
    if not idx or idx[0] < 0 or idx[-1] >= n or len(idx) > 16:
        raise InputError(tr("inputs must be 1 to 16 distinct input neurons in 0..{last}, got {got}", last=n - 1,
                            got=list(np.ravel(inputs))))
    return idx


def _check_share(share):
    """None, or the share of lines to show: a number in (0, 1]."""
    return None if share is None else validation.number("strongest (the share of lines to show)", share, 0, 1,
                                                        low_open=True)
