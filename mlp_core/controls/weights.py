"""WeightMover: move single weights of a network and watch one forward pass change."""
import math

import matplotlib.pyplot as plt
import numpy as np

from ..drawings import as_image, draw_digit, draw_network, draw_weight_heatmap
from ..errors import ShapeError
from .base import BAD, GOOD, Control, check_number, set_range, slider


class WeightMover(Control):
    """Move single weights of a network and watch one image's forward pass change.

    Try: pick a weight W[l][j, k] with the layer/j/k sliders and drag `weight`; for layer 1 choose
    k on a bright pixel of the image, then on a blank one. Scale a hidden neuron's whole weight map
    with `scale` (negative flips it).
    Notice: a weight on a blank pixel (x_k = 0) changes nothing; a big weight saturates the neuron;
    the outputs, the prediction and the cost all move together. The passed network is not changed:
    the control works on `.net`, a copy. Attributes: net, index, layer, j, k, weight, neuron, scale,
    heatmap, digit_image, diagram, bars, outputs, activations, prediction, cost."""

    def __init__(self, net, X, y, index=0, weight_range=10.0, scale_range=3.0):
        weight_range = check_number("weight_range", weight_range, 1e-3, 1e6)
        scale_range = check_number("scale_range", scale_range, 1e-3, 1e6)
        self.net = net.copy()
        self.X, self.y = np.asarray(X, dtype=float).reshape(len(X), -1), np.asarray(y).astype(int)
        if self.X.shape[1] != net.sizes[0] or len(self.y) != len(self.X):
            raise ShapeError(f"expected X (m, {net.sizes[0]}) and y (m,), got {np.shape(X)} and {np.shape(y)}")
        index = check_number("index", index, 0, len(self.X) - 1, integer=True)
        self.index = slider("image", 0, len(self.X) - 1, int(index), integer=True)
        self.layer = slider("layer l", 1, net.L, 1, integer=True)
        self.j = slider("j", 0, net.sizes[1] - 1, 0, integer=True)
        self.k = slider("k", 0, net.sizes[0] - 1, net.sizes[0] // 2 + math.isqrt(net.sizes[0]) // 2, integer=True)
        self.weight = slider("W[l][j, k]", -weight_range, weight_range, 0.0)
        self.neuron = slider("map of neuron", 0, net.sizes[1] - 1, 0, integer=True)
        self.scale = slider("scale map", -scale_range, scale_range, 1.0)
        fig, axes = plt.subplots(2, 2, figsize=(9, 7.4), height_ratios=[1, 1.15],
                                 width_ratios=[1.25, 1], layout="constrained")
        (dax, hax), (nax, bax) = axes
        self.digit_image = draw_digit(self.X[index], ax=dax)
        self.pixel_marker, = dax.plot([], [], "s", mfc="none", mec=BAD, mew=2, ms=8)
        self.heatmap = draw_weight_heatmap(self.net.W[1][0], ax=hax)
        self.marker, = hax.plot([], [], "s", mfc="none", mec="yellow", mew=2, ms=8)
        # every output neuron is drawn (wider layers keep their first and last neurons); the output
        # values are the bars next to it and the numbers in the label
        self.diagram = draw_network(net.sizes, weights=self.net.W, ax=nax, max_neurons=max(10, net.sizes[-1]),
                                    output_values=False)
        self.bars = bax.bar(range(net.sizes[-1]), np.zeros(net.sizes[-1]), color="0.6", zorder=2)
        bax.set(xticks=range(net.sizes[-1]), xlabel="output neuron j", ylabel="activation $a^{[L]}_j$",
                ylim=(0, 1.05))
        self.axes = axes.ravel()
        d = self.diagram
        self.moving = ([self.digit_image, self.pixel_marker, self.heatmap, self.marker, *self.bars,
                        *[c for layer in d.circles for c in layer], *d.lines.values(), *d.output_texts]
                       + [ax.title for ax in self.axes])
        self._bake()
        self._sync_weight()
        self.build(fig, [[self.index, self.layer, self.j, self.k], [self.weight], [self.neuron, self.scale]],
                    [(self.layer, self._on_layer), (self.j, self._on_j), (self.k, self._sync_weight),
                     (self.neuron, self._bake), (self.weight, self._on_weight), (self.scale, self._on_scale)])

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
            raise FloatingPointError("the forward pass overflowed; make the weights smaller")
        self._draw_maps(x)
        self.diagram.update(activations=a, weights=net.W)
        self._draw_outputs()
        l, j, k = self.layer.value, self.j.value, self.k.value
        self.label.value = (f"W[{l}][{j}, {k}] = {net.W[l][j, k]:.3f}; image {i} (label {self.y[i]}): "
                            f"prediction <b>{self.prediction}</b>, cost <b>{self.cost:.4f}</b>; outputs a[L] = "
                            + ", ".join(f"{j}: {v:.2f}" for j, v in enumerate(self.outputs)))
        if not x.any():
            return "this image is all zeros: only the biases reach layer 1"
        if l == 1 and x[k] == 0:
            return f"pixel {k} is 0 in this image, so W[1][{j}, {k}] has no effect on it"
        if max(np.abs(w).max() for w in net.W[1:]) > 50:
            return "weights this large saturate the neurons: activations stick at 0 or 1"

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
        where = f", pixel k = {k} (value {x[k]:.2f}) marked" if on_pixel else ""
        self.digit_image.axes.set_title(f"image {i}, label {self.y[i]}{where}", fontsize=10)
        self.heatmap.axes.set_title(f"W[1] row {n} (into neuron {n} of layer 1) × {self.scale.value:.2f}",
                                    fontsize=10)

    def _draw_outputs(self):
        """One bar per output neuron: the label's in blue (GOOD), a wrong prediction in vermillion (BAD)."""
        label = self.y[self.index.value]
        for j, (bar, h) in enumerate(zip(self.bars, self.outputs)):
            bar.set_height(h)
            bar.set_color(GOOD if j == label else BAD if j == self.prediction else "0.6")
        self.axes[3].set_ylim(0, max(1.05, 1.05 * float(self.outputs.max())))
        self.axes[3].set_title(f"outputs: predicts {self.prediction}, cost {self.cost:.3f}", fontsize=10)
