"""WeightMover: move single weights of a network and watch one forward pass change."""
import math

import matplotlib.patheffects as pe
import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..drawings import as_image, draw_digit, draw_network, draw_weight_heatmap
from ..drawings.style import HALO, HIGHLIGHT, MAX_WIDTH
from ..i18n import tr
from .bars import OutputBars
from .base import Control, number_box, set_range, slider

INKED = 8          # the diagram draws this many most-inked pixels of the image, and the moved weight's pixel


def inputs_to_draw(x, k=None, count=INKED):
    """The count most-inked pixels of x, and pixel k (when given) in place of the weakest of them:
    count distinct input neurons, sorted."""
    order = [int(i) for i in np.argsort(-x, kind="stable") if i != k]
    return sorted(order[:count - (k is not None)] + ([int(k)] if k is not None else []))


class WeightMover(Control):
    """Move single weights of a network and watch one image's forward pass change.

    Try: pick a weight W[l][j, k] with the layer/j/k sliders and drag `weight`; for layer 1 choose
    k on a bright pixel of the image, then on a blank one. Scale a hidden neuron's whole weight map
    with `scale` (negative flips it).
    Notice: a weight on a blank pixel (x_k = 0) changes nothing; a big weight saturates the neuron;
    the outputs, the prediction and the cost all move together. The diagram draws the image's most
    inked pixels, the strongest weights and the moved weight (a magenta band, rings on its two
    neurons), with each hidden neuron's activation as a number. The passed network is not changed:
    the control works on `.net`, a copy. Attributes: net, index, layer, j, k, weight, neuron, scale,
    heatmap, digit_image, diagram, bars, outputs, activations, prediction, cost."""

    def __init__(self, net, X, y, index=0, weight_range=10.0, scale_range=3.0):
        weight_range = validation.number("weight_range", weight_range, 1e-3, 1e6)
        scale_range = validation.number("scale_range", scale_range, 1e-3, 1e6)
        self.net = net.copy()
        self.X = np.asarray(validation.examples("X", X, net.sizes[0]), dtype=float).reshape(len(X), -1)
        self.y = validation.labels("y", y, net.sizes[-1], len(self.X))
        index = validation.count("index", index, 0, len(self.X) - 1)
        self.index = slider(tr("image"), 0, len(self.X) - 1, index, integer=True)
        self.layer = slider(tr("layer l"), 1, net.L, 1, integer=True)
        self.j = slider("j", 0, net.sizes[1] - 1, 0, integer=True)
        self.k = slider("k", 0, net.sizes[0] - 1, net.sizes[0] // 2 + math.isqrt(net.sizes[0]) // 2, integer=True)
        self.weight = slider("W[l][j, k]", -weight_range, weight_range, 0.0)
        self.neuron = slider(tr("map of neuron"), 0, net.sizes[1] - 1, 0, integer=True)
        self.scale = slider(tr("scale map"), -scale_range, scale_range, 1.0)
        fig = self._figure()
        self.moving = self._moving()
        self._bake()
        self._sync_weight()
        self.build(fig, [[self.index, self.layer, self.j, self.k], [self.weight, number_box(self.weight)],
                         [self.neuron, self.scale]],
                   [(self.layer, self._on_layer), (self.j, self._on_j), (self.k, self._sync_weight),
                    (self.neuron, self._bake), (self.weight, self._on_weight), (self.scale, self._on_scale)])

    def _figure(self):
        """The image, the weight map of one hidden neuron, the network and the output bars."""
        fig, axes = plt.subplots(2, 2, figsize=(MAX_WIDTH, 8.0), height_ratios=[0.8, 1.6],
                                 width_ratios=[1.75, 1], layout="constrained")
        (dax, hax), (nax, bax) = axes
        x = self.X[self.index.value]
        self.digit_image = draw_digit(x, ax=dax)
        halo = [pe.Stroke(linewidth=5, foreground=HALO), pe.Normal()]
        self.pixel_marker, = dax.plot([], [], "s", mfc="none", mec=HIGHLIGHT, mew=3, ms=11, path_effects=halo)
        self.heatmap = draw_weight_heatmap(self.net.W[1][0], ax=hax)
        self.marker, = hax.plot([], [], "s", mfc="none", mec=HIGHLIGHT, mew=3, ms=11, path_effects=halo)
        wide = self.net.sizes[0] > 16
        self.diagram = draw_network(self.net.sizes, weights=self.net.W, ax=nax,
                                    max_neurons=max(16, self.net.sizes[-1]), output_values=False,
                                    inputs=inputs_to_draw(x) if wide else None, strongest=0.25 if wide else None,
                                    title=tr("the forward pass"))
        self.output_bars = OutputBars(bax, self.net.sizes[-1], tr("activation $a^{[L]}_j$"))
        self.bars, self.axes = self.output_bars.bars, axes.ravel()
        return fig

    def _moving(self):
        """What a move changes: the image, both markers, the map, the bars, the diagram's neurons,
        lines, numbers, input labels and highlight, and every title."""
        d = self.diagram
        return ([self.digit_image, self.pixel_marker, self.heatmap, self.marker, *self.bars,
                 *[c for layer in d.circles for c in layer], *d.lines.values(), *d.input_texts,
                 *[t for texts in d.value_texts.values() for t in texts], d.marker, *d.rings]
                + [ax.title for ax in self.axes])

    def _bake(self):
        """Start scaling from the current row of the shown neuron: scale 1 means 'as it is now'."""
        self._row = self.net.W[1][self.neuron.value].copy()
        self.scale.value = 1.0

    def _sync_weight(self):
        l = self.layer.value
        w = self.net.W[l][self.j.value, self.k.value]
        self.weight.value = float(np.clip(w, self.weight.min, self.weight.max))

    def _on_layer(self):
        l = self.layer.value
        set_range(self.j, 0, self.net.sizes[l] - 1, min(self.j.value, self.net.sizes[l] - 1))
        set_range(self.k, 0, self.net.sizes[l - 1] - 1, min(self.k.value, self.net.sizes[l - 1] - 1))
        self._on_j()

    def _on_j(self):
        if self.layer.value == 1 and self.neuron.value != self.j.value:
            self.neuron.value = self.j.value
            self._bake()
        self._sync_weight()

    def _on_weight(self):
        l, j, k = self.layer.value, self.j.value, self.k.value
        self.net.W[l][j, k] = self.weight.value
        if l == 1 and j == self.neuron.value:
            self._bake()

    def _on_scale(self):
        self.net.W[1][self.neuron.value] = self.scale.value * self._row

    def update(self):
        net, i = self.net, self.index.value
        x = self.X[i]
        a = net.forward(x)[1]
        self.activations, self.outputs = a, a[net.L]
        self.prediction = int(np.argmax(self.outputs))
        self.cost = float(net.cost(x, np.array([self.y[i]])))
        if not (np.isfinite(self.cost) and all(np.isfinite(v).all() for v in a)):
            raise FloatingPointError(tr("the forward pass overflowed; make the weights smaller"))
        self._draw_maps(x)
        self._draw_diagram(x, a)
        self._draw_outputs()
        l, j, k = self.layer.value, self.j.value, self.k.value
        self.label.value = tr("W[{l}][{j}, {k}] = {w}; image {i} (label {label}): prediction <b>{p}</b>, "
                              "cost <b>{cost}</b>; outputs a[L] = {outputs}", l=l, j=j, k=k,
                              w=f"{net.W[l][j, k]:.3f}", i=i, label=self.y[i], p=self.prediction,
                              cost=f"{self.cost:.4f}",
                              outputs=", ".join(f"{j}: {v:.2f}" for j, v in enumerate(self.outputs)))
        return self._note(x, l, j, k)

    def _note(self, x, l, j, k):
        """A note when the move cannot show anything (a blank image or pixel, saturated neurons)."""
        if not x.any():
            return tr("this image is all zeros: only the biases reach layer 1")
        if l == 1 and x[k] == 0:
            return tr("pixel {k} is 0 in this image, so W[1][{j}, {k}] has no effect on it", k=k, j=j)
        if max(np.abs(w).max() for w in self.net.W[1:]) > 50:
            return tr("weights this large saturate the neurons: activations stick at 0 or 1")
        if not self.diagram.highlighted:
            return tr("W[{l}][{j}, {k}] is not among the neurons drawn in the diagram", l=l, j=j, k=k)

    def _draw_diagram(self, x, a):
        """The diagram: this image's most inked pixels and pixel k, the activations, the weights
        and the moved weight marked."""
        l, j, k = self.layer.value, self.j.value, self.k.value
        inputs = inputs_to_draw(x, k if l == 1 else None)
        if self.diagram.chosen_inputs and inputs != self.diagram.neuron_index[0]:
            self.diagram.show_inputs(inputs)
        self.diagram.highlight(l, j, k)
        self.diagram.update(activations=a, weights=self.net.W)

    def _draw_maps(self, x):
        """The image with the chosen pixel k marked, and the weight map of the chosen neuron."""
        i, n, k = self.index.value, self.neuron.value, self.k.value
        self.digit_image.set_data(as_image(x))
        self.heatmap.set_data(as_image(self.net.W[1][n]))
        v = max(float(np.percentile(np.abs(self._row), 99)), 1e-8)
        self.heatmap.set_clim(-v, v)
        side = self.heatmap.get_array().shape[1]
        on_pixel = self.layer.value == 1
        here = ([k % side], [k // side]) if on_pixel else ([], [])
        self.pixel_marker.set_data(*here)
        self.marker.set_data(*(here if on_pixel and self.j.value == n else ([], [])))
        where = "\n" + tr("pixel k = {k} (x = {v}) marked", k=k, v=f"{x[k]:.2f}") if on_pixel else ""
        self.digit_image.axes.set_title(tr("image {i}, label {label}", i=i, label=self.y[i]) + where, fontsize=10)
        self.heatmap.axes.set_title(tr("W[1] row {n} (into neuron {n} of layer 1) × {s}", n=n,
                                       s=f"{self.scale.value:.2f}"), fontsize=10)

    def _draw_outputs(self):
        """The output bars: the prediction in PREDICTION colour, the label framed (see OutputBars)."""
        label = int(self.y[self.index.value])
        self.output_bars.update(self.outputs, self.prediction, label)
        verdict = tr("right") if self.prediction == label else tr("wrong")
        self.axes[3].set_title(tr("outputs: predicts {p} ({verdict}), cost {cost}", p=self.prediction,
                                  verdict=verdict, cost=f"{self.cost:.3f}"), fontsize=10)
