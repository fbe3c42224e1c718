"""Interactive controls for the notebooks (ipywidgets 7.7 and 8).

Each control builds its figure once, closes it in pyplot at once, updates the same artists in place
and shows the figure through one IPython DisplayHandle, so every front end (and the saved notebook)
gets a real picture and nothing piles up. Every control can be driven by code: set a widget's
`.value`, then read the artists, the numbers (`.cost`, `.path`, ...), `.message` (the last note or
error shown to the learner) and `.redraws`. Display a control by leaving it last in a cell."""
import html
import math
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython import display as ipd
from matplotlib.colors import to_rgba

from .activations import ACTIVATIONS, sigmoid
from .drawings import NOTES_CMAP, as_image, draw_digit, draw_network, draw_weight_heatmap
from .errors import ShapeError
from .optimizers import SGD, make_optimizer, optimizer_path

__all__ = ["DigitBrowser", "NeuronPlayground", "OnePixelLogistic", "WeightMover", "LiveCostPlot",
           "GradientDescentExplorer", "OptimizerRace"]

_WIDE = {"description_width": "initial"}
_GOOD, _BAD = "#1f9e3a", "#d62728"


def _slider(name, lo, hi, value, step=0.01, integer=False):
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=1 if integer else step, description=name, style=_WIDE)


def _lr_slider(lr):
    """A learning-rate slider on a log scale, 1e-3 .. 1e2."""
    return widgets.FloatLogSlider(value=lr, base=10, min=-3, max=2, step=0.05, description="learning rate",
                                  style=_WIDE)


def _function_menu(value, description, only_2d=False):
    """A dropdown of FUNCTIONS by their formula (only the surfaces f(x, y) when only_2d)."""
    return widgets.Dropdown(options=[(f.text, k) for k, f in FUNCTIONS.items() if f.d == 2 or not only_2d],
                            value=value, description=description, style=_WIDE)


def _set_range(slider, lo, hi, value):
    """Give a slider new limits and a value (in an order the min <= max check accepts)."""
    if lo > slider.max:
        slider.max, slider.min = hi, lo
    else:
        slider.min, slider.max = lo, hi
    slider.value = value


class Control:
    """Base of the controls: widgets in rows, a readout `label`, a `status` line for `.message`, and
    the figure `.fig` shown through a DisplayHandle. Every observer goes through `refresh`, which
    catches any exception and shows it as a short message instead of failing silently."""

    _quiet = False

    def _start(self, fig, rows, actions=()):
        """Close fig in pyplot, lay the widgets out in rows and watch each of them: a change first
        runs its action (a function from `actions`, pairs (widget, function)), then one refresh."""
        plt.close(fig)
        self.fig, self.message, self.redraws, self._handles = fig, "", 0, []
        self.label, self.status = widgets.HTML(), widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox(list(r)) for r in rows] + [self.label, self.status])
        found = {id(w): fn for w, fn in actions}
        for w in (w for r in rows for w in r):
            w.observe(lambda change, fn=found.get(id(w)): self._changed(fn), names="value")
        self.refresh()

    def _changed(self, action):
        """The one observer of every widget: errors become `.message`, never a lost traceback."""
        if self._quiet:
            return
        error = None
        try:
            with np.errstate(all="ignore"):
                self._hold(action or (lambda: None))
        except Exception as exc:
            error = exc
        self.refresh(error)

    def refresh(self, error=None):
        """Recompute from the widget values and redraw in place; a failure becomes `.message`."""
        try:
            with np.errstate(all="ignore"):
                note = self._update() or ""
        except Exception as exc:               # shown next to the control, never a silent traceback
            error = error or exc
        if error is not None:
            note = f"{type(error).__name__}: {error}"[:300]
        self.message = note
        self.status.value = f'<span style="color:{_BAD}">{html.escape(note)}</span>' if note else ""
        self.redraws += 1
        for h in self._handles:
            h.update(self.fig)

    def _hold(self, fn):
        """Run fn (which sets several widgets) without a redraw per widget."""
        before, self._quiet = self._quiet, True
        try:
            fn()
        finally:
            self._quiet = before

    def show(self):
        """Display the widgets and below them the figure, which later moves update in place."""
        ipd.display(self.widget)
        h = ipd.DisplayHandle()
        h.display(self.fig)
        self._handles.append(h)

    def _ipython_display_(self):
        self.show()


class DigitBrowser(Control):
    """One MNIST image three ways: the 28x28 picture, the same 784 numbers as one long strip, the label.

    Try: move `index` through a few images; in the strip find the dark stretches and match them to
    the rows of the picture (row 0 comes first, then row 1, ...: the image is flattened row by row).
    Notice: the network gets only the 784 numbers in 0..1 (mostly 0); the label is a separate target.
    X: images (m, 784) or (m, 28, 28); y: labels (m,). Attributes: index, image, strip, vector, digit."""

    def __init__(self, X, y, index=0):
        self.X, self.y = np.asarray(X).reshape(len(X), -1), np.asarray(y)
        n = self.X.shape[1]
        if math.isqrt(n) ** 2 != n or len(self.y) != len(self.X):
            raise ShapeError(f"expected X (m, 784) and y (m,), got X {np.shape(X)} and y {self.y.shape}")
        fig, (ax, sax) = plt.subplots(2, 1, figsize=(6, 4.6), height_ratios=[5, 1], layout="constrained")
        self.image = draw_digit(self.X[index], ax=ax)
        top = 255.0 if np.nanmax(self.X, initial=0) > 1 else 1.0
        self.image.set_clim(0, top)
        self.strip = sax.imshow(np.zeros((1, n)), cmap="gray_r", vmin=0, vmax=top, aspect="auto",
                                interpolation="nearest")
        side = math.isqrt(n)
        sax.set(yticks=[], xticks=np.arange(0, n + 1, side * 7), xlabel="position in the 784-long vector")
        sax.set_xticks(np.arange(0, n, side), minor=True)
        self.index = _slider("index", 0, len(self.X) - 1, int(index), integer=True)
        self._start(fig, [[self.index]])

    def _update(self):
        i = self.index.value
        v = np.asarray(self.X[i], dtype=float)
        bad = ~np.isfinite(v)
        self.vector, self.digit = np.where(bad, 0.0, v), self.y[i].item()
        self.image.set_data(as_image(self.vector))
        self.strip.set_data(self.vector[None, :])
        self.image.axes.set_title(f"image {i}: label {self.digit}")
        self.label.value = (f"image {i}, label <b>{self.digit}</b>: {v.size} numbers, "
                            f"{int(np.count_nonzero(self.vector))} not zero, largest {self.vector.max():.2f}")
        if bad.any():
            return f"{int(bad.sum())} values are not finite numbers (drawn as 0)"
        if not self.vector.any():
            return "this image is blank: all 784 numbers are 0"


class NeuronPlayground(Control):
    """One artificial neuron: z = w1 x1 + ... + wn xn + b, then a = g(z).

    Try: set every input to 1 and raise one weight; make z negative with the bias; switch the
    activation between sigmoid, tanh, relu and step at the same z.
    Notice: the weights say how much each input counts (a negative weight votes against), the bias
    shifts the threshold; far from z = 0 sigmoid and tanh go flat (saturate), and step jumps from 0
    to 1 with a slope of 0 everywhere else. Attributes: x, w (lists of sliders), b, activation, z, a."""

    def __init__(self, n_inputs=2, activation="sigmoid", weight_range=5.0):
        self.x = [_slider(f"x{k + 1}", -1.0, 1.0, 0.5) for k in range(n_inputs)]
        self.w = [_slider(f"w{k + 1}", -weight_range, weight_range, 1.0) for k in range(n_inputs)]
        self.b = _slider("b", -weight_range, weight_range, 0.0)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="g")
        fig, ax = plt.subplots(figsize=(5.5, 3.4), layout="constrained")
        self.curve, = ax.plot([], [], lw=2)
        self.guide, = ax.plot([], [], ":", color="0.4")
        self.point, = ax.plot([], [], "o", ms=9, color=_BAD)
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set(xlabel="z", ylabel="a = g(z)")
        self.ax = ax
        self._start(fig, [self.x, self.w, [self.b, self.activation]])

    def _update(self):
        xs = np.array([s.value for s in self.x])
        ws = np.array([s.value for s in self.w])
        name = self.activation.value
        g = ACTIVATIONS[name][0]
        self.z = float(ws @ xs + self.b.value)
        self.a = float(g(np.array([self.z]))[0])
        lim = max(6.0, 1.15 * abs(self.z))
        zs = np.linspace(-lim, lim, 601)
        self.curve.set_data(zs, g(zs))
        self.point.set_data([self.z], [self.a])
        self.guide.set_data([self.z, self.z, -lim], [0.0, self.a, self.a])
        low = -1.1 if name == "tanh" else -0.1
        self.ax.set(xlim=(-lim, lim), ylim=(low, 1.1 * lim if name == "relu" else 1.1))
        self.ax.set_title(f"{name}: z = {self.z:.2f}, a = {self.a:.3f}")
        terms = " + ".join(f"({w:.2f})({x:.2f})" for w, x in zip(ws, xs))
        self.label.value = (f"z = {terms} + ({self.b.value:.2f}) = <b>{self.z:.3f}</b>; "
                            f"a = {name}(z) = <b>{self.a:.4f}</b>")
        if name in ("sigmoid", "tanh") and abs(self.z) > 5:
            return "saturated: the curve is flat here, so small changes of w or b barely change a"
        if name == "relu" and self.z < 0:
            return "relu gives 0 for every z < 0: this neuron is silent"


class OnePixelLogistic(Control):
    """Logistic regression on one pixel: P(is a 5 | x) = sigmoid(theta0 + theta1 x).

    Try: raise theta1 to make the curve steeper, then move theta0 to slide it left or right until
    the log-loss is as small as you can get it; try a negative theta1.
    Notice: the curve crosses the 0.5 threshold at x = -theta0/theta1 (the vertical line): points
    right of it are predicted 'yes'. Confident wrong points (red) cost the most; one pixel alone
    cannot separate the classes well. Attributes: theta0, theta1, curve, points, cost, accuracy."""

    def __init__(self, pixel, is_target, theta0=0.0, theta1=1.0, max_points=2000, seed=0):
        self.x = np.asarray(pixel, dtype=float).ravel()
        self.t = np.asarray(is_target).ravel().astype(float)
        if self.x.shape != self.t.shape or not np.isin(self.t, (0.0, 1.0)).all():
            raise ShapeError(f"need pixel (m,) and 0/1 labels (m,), got {np.shape(pixel)} and "
                             f"{np.shape(is_target)}")
        rng = np.random.default_rng(seed)
        self._shown = rng.permutation(len(self.x))[:max_points]          # points drawn (the cost uses all)
        jitter = self.t[self._shown] + rng.uniform(-0.05, 0.05, len(self._shown))
        lo, hi = min(0.0, self.x.min(initial=0)), max(1.0, self.x.max(initial=1))
        fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
        self.points = ax.scatter(self.x[self._shown], jitter, s=12, alpha=0.5)
        self.xs = np.linspace(lo, hi, 301)
        self.curve, = ax.plot(self.xs, np.zeros_like(self.xs), lw=2.5, color="C0")
        self.threshold = ax.axhline(0.5, ls="--", color="0.5", lw=1)
        self.boundary = ax.axvline(0.5, ls=":", color="0.3", lw=1.2)
        ax.set(xlim=(lo, hi), ylim=(-0.12, 1.12), xlabel="pixel intensity x",
               ylabel="P(y = 1 | x)", yticks=[0, 0.5, 1])
        self.ax = ax
        self.theta0 = _slider("θ0 (shift)", min(-20.0, theta0), max(20.0, theta0), theta0, 0.1)
        self.theta1 = _slider("θ1 (steepness)", min(-40.0, theta1), max(40.0, theta1), theta1, 0.1)
        self._start(fig, [[self.theta0, self.theta1]])

    def _update(self):
        t0, t1 = self.theta0.value, self.theta1.value
        s = t0 + t1 * self.x
        # log-loss -mean(y log p + (1-y) log(1-p)) with log p = -log(1 + e^-s), written to never overflow
        self.cost = float(np.mean(self.t * np.logaddexp(0, -s) + (1 - self.t) * np.logaddexp(0, s)))
        right = (s >= 0) == (self.t == 1)
        self.accuracy = float(right.mean()) if len(right) else 0.0
        self.curve.set_ydata(sigmoid(t0 + t1 * self.xs))
        self.points.set_facecolors(np.where(right[self._shown, None], to_rgba(_GOOD), to_rgba(_BAD)))
        cut = -t0 / t1 + 0.0 if t1 else np.inf
        self.boundary.set_visible(bool(self.xs[0] <= cut <= self.xs[-1]))
        if self.boundary.get_visible():
            self.boundary.set_xdata([cut, cut])
        self.ax.set_title(f"log-loss {self.cost:.4f}, accuracy {self.accuracy:.1%}")
        where = (f"x ≥ {cut:.3f}" if t1 > 0 else f"x ≤ {cut:.3f}" if t1 < 0
                 else "always" if t0 >= 0 else "never")
        self.label.value = (f"θ0 = {t0:.2f}, θ1 = {t1:.2f}: log-loss <b>{self.cost:.4f}</b>, accuracy "
                            f"<b>{self.accuracy:.1%}</b> (predict 'yes' where the curve ≥ 0.5: {where})")


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
        self.net = net.copy()
        self.X, self.y = np.asarray(X, dtype=float).reshape(len(X), -1), np.asarray(y).astype(int)
        if self.X.shape[1] != net.sizes[0] or len(self.y) != len(self.X):
            raise ShapeError(f"expected X (m, {net.sizes[0]}) and y (m,), got {np.shape(X)} and {np.shape(y)}")
        self.index = _slider("image", 0, len(self.X) - 1, int(index), integer=True)
        self.layer = _slider("layer l", 1, net.L, 1, integer=True)
        self.j = _slider("j", 0, net.sizes[1] - 1, 0, integer=True)
        self.k = _slider("k", 0, net.sizes[0] - 1, net.sizes[0] // 2 + math.isqrt(net.sizes[0]) // 2, integer=True)
        self.weight = _slider("W[l][j, k]", -weight_range, weight_range, 0.0)
        self.neuron = _slider("map of neuron", 0, net.sizes[1] - 1, 0, integer=True)
        self.scale = _slider("scale map", -scale_range, scale_range, 1.0)
        fig, axes = plt.subplots(1, 4, figsize=(15, 4), width_ratios=[1, 1.2, 1.6, 1.2], layout="constrained")
        self.digit_image = draw_digit(self.X[index], ax=axes[0])
        self.heatmap = draw_weight_heatmap(self.net.W[1][0], ax=axes[1], cmap=NOTES_CMAP)
        self.marker, = axes[1].plot([], [], "s", mfc="none", mec="yellow", ms=7)
        self.diagram = draw_network(net.sizes, weights=self.net.W, ax=axes[2], max_neurons=8)
        self.bars = axes[3].bar(range(net.sizes[-1]), np.zeros(net.sizes[-1]), color="0.6")
        axes[3].set(xticks=range(net.sizes[-1]), xlabel="output neuron j", ylabel="a[L]_j", ylim=(0, 1.05))
        self.axes = axes
        self._bake()
        self._sync_weight()
        self._start(fig, [[self.index, self.layer, self.j, self.k], [self.weight], [self.neuron, self.scale]],
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
        _set_range(self.j, 0, self.net.sizes[l] - 1, min(self.j.value, self.net.sizes[l] - 1))
        _set_range(self.k, 0, self.net.sizes[l - 1] - 1, min(self.k.value, self.net.sizes[l - 1] - 1))
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

    def _update(self):
        net, i, n = self.net, self.index.value, self.neuron.value
        x = self.X[i]
        a = net.forward(x)[1]
        self.activations, self.outputs = a, a[net.L]
        self.prediction = int(np.argmax(self.outputs))
        self.cost = float(net.cost(x, np.array([self.y[i]])))
        if not (np.isfinite(self.cost) and all(np.isfinite(v).all() for v in a)):
            raise FloatingPointError("the forward pass overflowed; make the weights smaller")
        self.digit_image.set_data(as_image(x))
        self.digit_image.axes.set_title(f"image {i}, label {self.y[i]}")
        self.heatmap.set_data(as_image(net.W[1][n]))
        v = max(float(np.percentile(np.abs(self._row), 99)), 1e-8)
        self.heatmap.set_clim(-v, v)
        self.heatmap.axes.set_title(f"$W^{{[1]}}$ row {n} (neuron {n} of layer 1) × {self.scale.value:.2f}")
        k, side = self.k.value, self.heatmap.get_array().shape[1]
        shown = self.layer.value == 1 and self.j.value == n
        self.marker.set_data([k % side] if shown else [], [k // side] if shown else [])
        self.diagram.update(activations=a, weights=net.W)
        top = max(1.05, float(self.outputs.max()) * 1.05)
        for j, (bar, h) in enumerate(zip(self.bars, self.outputs)):
            bar.set_height(h)
            bar.set_color(_GOOD if j == self.y[i] else _BAD if j == self.prediction else "0.6")
        self.axes[3].set_ylim(0, top)
        self.axes[3].set_title(f"outputs: predicts {self.prediction}, cost {self.cost:.3f}")
        l, j = self.layer.value, self.j.value
        self.label.value = (f"W[{l}][{j}, {k}] = {net.W[l][j, k]:.3f}; image {i} (label {self.y[i]}): "
                            f"prediction <b>{self.prediction}</b>, cost <b>{self.cost:.4f}</b>")
        if not x.any():
            return "this image is all zeros: only the biases reach layer 1"
        if l == 1 and x[k] == 0:
            return f"pixel {k} is 0 in this image, so W[1][{j}, {k}] has no effect on it"
        if max(np.abs(w).max() for w in net.W[1:]) > 50:
            return "weights this large saturate the neurons: activations stick at 0 or 1"


class LiveCostPlot:
    """A training callback that draws the cost while `train` runs: train(..., callbacks=[LiveCostPlot()]).

    Try: train with a larger and a smaller learning rate and compare the curves; watch the gap
    between the train and test cost.
    Notice: the mini-batch cost (thin grey) is noisy, the per-epoch costs are smooth; a test cost
    that rises while the train cost falls means overfitting. Redraws at most once per
    `every_seconds` and once at the end; the last picture stays in the output.
    per: 'step' (x axis in steps) or 'epoch'; test: also draw test cost and test accuracy.
    Attributes: fig, cost_ax, acc_ax, step_line, train_line, test_line, accuracy_line, redraws,
    clock (a function returning seconds; replaceable in tests)."""

    def __init__(self, every_seconds=0.25, per="step", test=True, log=False):
        if per not in ("step", "epoch"):
            raise ValueError(f"per must be 'step' or 'epoch', got {per!r}")
        self.every_seconds, self.per, self.test = float(every_seconds), per, bool(test)
        self.clock, self.redraws, self.message, self.handle, self.history = time.monotonic, 0, "", None, None
        self._cost = 0.0                       # seconds the last redraw took (display included)
        self.fig, axes = plt.subplots(1, 2 if test else 1, figsize=(10 if test else 5.5, 3.5),
                                      squeeze=False, layout="constrained")
        plt.close(self.fig)
        self.cost_ax, self.acc_ax = axes[0, 0], axes[0, 1] if test else None
        self.step_line, = self.cost_ax.plot([], [], "-", color="0.6", lw=0.8, label="mini-batch cost")
        self.train_line, = self.cost_ax.plot([], [], "o-", color="C0", label="train cost")
        self.test_line, = self.cost_ax.plot([], [], "s-", color="C1", label="test cost" if test else "_nolegend_")
        self.cost_ax.set(xlabel=per, ylabel="cost", yscale="log" if log else "linear")
        self.cost_ax.legend(fontsize=8)
        self.accuracy_line = None
        if test:
            self.accuracy_line, = self.acc_ax.plot([], [], "s-", color="C1", label="test accuracy")
            self.acc_ax.set(xlabel=per, ylabel="test accuracy (%)", title="test accuracy")

    def on_train_begin(self, history, net):
        self.history, self._last = history, self.clock()
        self._draw()
        self.handle = ipd.DisplayHandle()
        self.handle.display(self.fig)

    def on_step(self, history, net):
        self._maybe(history)

    def on_epoch_end(self, history, net):
        self._maybe(history)

    def on_train_end(self, history, net):
        self.history = history
        self._redraw()

    def _maybe(self, history):
        self.history = history
        # wait every_seconds, and at least 4x as long as the last redraw took, so that drawing never
        # takes more than a fifth of the training time however slow the front end is
        if self.clock() - self._last >= max(self.every_seconds, 4 * self._cost):
            self._redraw()

    def _redraw(self):
        start = self.clock()
        try:
            self._draw()
            self.message = ""
        except Exception as exc:               # a drawing problem must never stop the training
            self.message = f"{type(exc).__name__}: {exc}"[:300]
        self.redraws += 1
        if self.handle is not None:
            self.handle.update(self.fig)
        self._last = self.clock()
        self._cost = self._last - start

    def _draw(self):
        h = self.history
        spe = max(h.steps_per_epoch, 1)
        xs = np.asarray(h.step[:len(h.step_cost)], dtype=float) / (spe if self.per == "epoch" else 1)
        xe = np.asarray(h.epoch, dtype=float) * (spe if self.per == "step" else 1)
        pairs = [(self.step_line, xs, h.step_cost), (self.train_line, xe, h.train_cost),
                 (self.test_line, xe, h.test_cost if self.test else [])]
        if self.test:
            pairs.append((self.accuracy_line, xe, 100 * np.asarray(h.test_accuracy, dtype=float)))
        for line, x, y in pairs:
            y = np.asarray(y, dtype=float)
            n = min(len(x), len(y))
            keep = np.isfinite(y[:n])
            line.set_data(x[:n][keep], y[:n][keep])
        for ax in filter(None, (self.cost_ax, self.acc_ax)):
            ax.relim()
            ax.autoscale_view()
        where = f"epoch {h.epoch[-1]}" if h.epoch else f"step {h.step[-1] if h.step else 0}"
        costs = [f"{name} {v[-1]:.4f}" for name, v in (("train", h.train_cost), ("test", h.test_cost)) if v]
        self.cost_ax.set_title(f"{where}: cost " + ", ".join(costs) if costs else where)
        if self.test and h.test_accuracy:
            self.acc_ax.set_title(f"test accuracy {h.test_accuracy[-1]:.2%}")

    def show(self):
        """Display the current figure (e.g. again after training)."""
        ipd.display(self.fig)

    def _ipython_display_(self):
        self.show()


class _Fn:
    """A function to descend: f, its gradient grad(p) for a point p (shape (d,)), the view, a start
    and the minimum (for 2-D ones). For d = 1, f takes an array of x; for d = 2, f(x, y)."""

    def __init__(self, text, d, f, grad, xlim, ylim, start, minimum=None):
        self.text, self.d, self.f, self.grad = text, d, f, grad
        self.xlim, self.ylim, self.start, self.minimum = xlim, ylim, start, minimum


FUNCTIONS = {
    "parabola": _Fn("x² (convex parabola)", 1, lambda x: x ** 2, lambda p: 2 * p, (-3, 3), (-0.5, 9.5), (2.5,)),
    "double_well": _Fn("x⁴/4 − x² + 0.3x (two minima)", 1, lambda x: x ** 4 / 4 - x ** 2 + 0.3 * x,
                       lambda p: p ** 3 - 2 * p + 0.3, (-2.4, 2.4), (-2.0, 3.5), (2.0,)),
    "plateau": _Fn("x⁴/4 − 2x³/3 + x²/2 (flat at x = 1)", 1,
                   lambda x: x ** 4 / 4 - 2 * x ** 3 / 3 + x ** 2 / 2, lambda p: p * (p - 1) ** 2,
                   (-0.8, 2.4), (-0.2, 2.0), (2.2,)),
    "elongated": _Fn("x²/20 + y² (elongated bowl)", 2, lambda x, y: x ** 2 / 20 + y ** 2,
                     lambda p: np.array([p[0] / 10, 2 * p[1]]), (-10, 10), (-4, 4), (-8.0, 2.5), (0.0, 0.0)),
    "round": _Fn("x² + y² (round bowl)", 2, lambda x, y: x ** 2 + y ** 2, lambda p: 2 * p,
                 (-3, 3), (-3, 3), (-2.5, 2.0), (0.0, 0.0)),
    "rosenbrock": _Fn("(1 − x)² + 10(y − x²)² (curved ravine)", 2,
                      lambda x, y: (1 - x) ** 2 + 10 * (y - x ** 2) ** 2,
                      lambda p: np.array([-2 * (1 - p[0]) - 40 * p[0] * (p[1] - p[0] ** 2),
                                          20 * (p[1] - p[0] ** 2)]),
                      (-2, 2), (-1, 3), (-1.5, 2.0), (1.0, 1.0)),
}


def _descend(fn, optimizer, start, steps):
    """The points an optimizer visits from start, cut where they stop being finite or leave far
    beyond the view (then diverged is True). Returns (path (k, d), diverged)."""
    with np.errstate(all="ignore"):
        path = optimizer_path(optimizer, fn.grad, np.array(start, dtype=float), steps)
    bound = 20 * max(map(abs, fn.xlim + (fn.ylim if fn.d == 2 else ())))
    inside = np.all(np.isfinite(path) & (np.abs(path) <= bound), axis=1)
    k = int(np.argmin(inside)) if not inside.all() else len(path)
    return path[:k], k < steps + 1


def _contours(ax, fn):
    X, Y = np.meshgrid(np.linspace(*fn.xlim, 160), np.linspace(*fn.ylim, 160))
    Z = fn.f(X, Y)
    low = fn.f(*fn.minimum)
    ax.plot(*fn.minimum, "*", color="k", ms=10, zorder=4)
    return ax.contour(X, Y, Z, levels=low + np.geomspace(1e-3, 1, 14) * (Z.max() - low), cmap="viridis",
                      linewidths=0.8)


class GradientDescentExplorer(Control):
    """Gradient descent x <- x - lr f'(x) on a 1-D curve or a 2-D surface, with its path drawn.

    Try: on 'double_well' start at x0 = 2 and at x0 = -2; raise the learning rate step by step
    until the path jumps across or blows up; on 'plateau' count the steps spent near x = 1; on
    'elongated' find the largest rate that still converges.
    Notice: steps shrink near a minimum because the slope shrinks; which minimum you reach depends
    on the start; too large a rate overshoots and diverges; a flat region (gradient ~ 0) stalls the
    descent. Attributes: function, x0, y0, lr, steps, path, final_point, final_value, diverged."""

    def __init__(self, function="double_well", lr=0.1, steps=30):
        self.function = _function_menu(function, "f")
        self.x0, self.y0 = _slider("x0", -3, 3, 0.0), _slider("y0", -3, 3, 0.0)
        self.lr = _lr_slider(lr)
        self.steps = _slider("steps", 1, 200, steps, integer=True)
        fig, self.ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
        self.curve, = self.ax.plot([], [], color="0.3", lw=1.5)
        self.path_line, = self.ax.plot([], [], "o-", color=_BAD, ms=4, lw=1.2, zorder=5)
        self.start_point, = self.ax.plot([], [], "o", mfc="white", mec=_BAD, ms=9, zorder=6)
        self.end_point, = self.ax.plot([], [], "*", color=_BAD, mec="k", ms=14, zorder=6)
        self._contour = None
        self._switch()
        self._start(fig, [[self.function, self.lr], [self.x0, self.y0, self.steps]],
                    [(self.function, self._switch)])

    def _switch(self):
        """New function: new view, start sliders within it, a fresh curve or contour set."""
        fn = FUNCTIONS[self.function.value]
        _set_range(self.x0, *fn.xlim, fn.start[0])
        _set_range(self.y0, *(fn.ylim if fn.d == 2 else (-3, 3)), fn.start[1] if fn.d == 2 else 0.0)
        self.y0.disabled = fn.d == 1
        if self._contour is not None:
            self._contour.remove()
            for line in self.ax.lines[4:]:    # the minimum's star (the first four lines are kept)
                line.remove()
            self._contour = None
        if fn.d == 1:
            xs = np.linspace(*fn.xlim, 400)
            self.curve.set_data(xs, fn.f(xs))
            self.ax.set(xlabel="x", ylabel="f(x)")
        else:
            self.curve.set_data([], [])
            self._contour = _contours(self.ax, fn)
            self.ax.set(xlabel="x", ylabel="y")
        self.ax.set(xlim=fn.xlim, ylim=fn.ylim)

    def _update(self):
        fn = FUNCTIONS[self.function.value]
        start = (self.x0.value,) if fn.d == 1 else (self.x0.value, self.y0.value)
        self.path, self.diverged = _descend(fn, SGD(self.lr.value), start, self.steps.value)
        p = self.path
        xy = np.column_stack([p[:, 0], fn.f(p[:, 0])]) if fn.d == 1 else p
        self.path_line.set_data(xy[:, 0], xy[:, 1])
        self.start_point.set_data(xy[:1, 0], xy[:1, 1])
        self.end_point.set_data(xy[-1:, 0], xy[-1:, 1])
        self.final_point = p[-1].copy()
        self.final_value = float(fn.f(*p[-1]))
        self.steps_taken = len(p) - 1
        where = ", ".join(f"{v:.4f}" for v in self.final_point)
        self.ax.set_title(f"{fn.text}: lr = {self.lr.value:.3g}" + (", diverged" if self.diverged else ""),
                          color=_BAD if self.diverged else "k")
        self.label.value = (f"after {self.steps_taken} steps: point ({where}), f = <b>{self.final_value:.5g}</b>")
        if self.diverged:
            return f"diverged: learning rate too large (the point ran away after {self.steps_taken} steps)"


class OptimizerRace(Control):
    """SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam from the same start on the same surface.

    Try: on 'elongated' compare SGD with Momentum at lr 0.1, then set momentum to 0.5 and 0.99; raise
    the learning rate until some paths diverge; on 'rosenbrock' find a rate where SGD still works.
    Notice: SGD zig-zags across the narrow direction and crawls along the long one; momentum keeps
    a fraction of the last step and rolls through; Nesterov looks ahead and overshoots less;
    AdaGrad, RMSProp and Adam take steps of about lr in every direction whatever the slope.
    Each panel's title gives the steps to come within `tol` of the minimum ('—' if never).
    Attributes: surface, lr, momentum, steps, paths (name -> (k, 2) array), steps_to_min, lines."""

    NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")

    def __init__(self, surface="elongated", lr=0.1, momentum=0.9, steps=200, tol=0.05):
        self.tol = tol
        self.surface = _function_menu(surface, "surface", only_2d=True)
        self.lr = _lr_slider(lr)
        self.momentum = _slider("momentum", 0.0, 0.99, momentum)
        self.steps = _slider("steps", 10, 500, steps, integer=True)
        fig, axes = plt.subplots(2, 3, figsize=(12, 6.5), sharex=True, sharey=True, layout="constrained")
        self.axes = dict(zip(self.NAMES, axes.ravel()))
        for ax in axes[1]:
            ax.set_xlabel("x")
        for ax in axes[:, 0]:
            ax.set_ylabel("y")
        fig.suptitle("Six optimizers from the same start: the path of each, and the steps to reach the minimum ★")
        self.lines = {n: ax.plot([], [], "o-", ms=2.5, lw=1.2, color=_BAD, zorder=5)[0]
                      for n, ax in self.axes.items()}
        self._contours = []
        self._start(fig, [[self.surface, self.lr], [self.momentum, self.steps]])

    def _optimizer(self, name):
        return make_optimizer(name, self.lr.value, self.momentum.value)

    def _update(self):
        fn = FUNCTIONS[self.surface.value]
        if not self._contours or self._contours[0][0] is not fn:     # a new surface: new contours
            for _, cs in self._contours:
                cs.remove()
            for ax in self.axes.values():
                for line in ax.lines[1:]:
                    line.remove()
            self._contours = [(fn, _contours(ax, fn)) for ax in self.axes.values()]
            self.axes["SGD"].set(xlim=fn.xlim, ylim=fn.ylim)         # the axes share x and y
        self.paths, self.steps_to_min, lost = {}, {}, []
        for name, ax in self.axes.items():
            path, diverged = _descend(fn, self._optimizer(name), fn.start, self.steps.value)
            near = np.flatnonzero(np.hypot(*(path - fn.minimum).T) < self.tol)
            self.paths[name] = path
            self.steps_to_min[name] = int(near[0]) if near.size else None
            self.lines[name].set_data(path[:, 0], path[:, 1])
            n = self.steps_to_min[name]
            ax.set_title(f"{name}: " + ("diverged" if diverged else "—" if n is None else f"{n} steps"),
                         color=_BAD if diverged else "k")
            lost += [name] if diverged else []
        self.label.value = "steps to the minimum: " + ", ".join(
            f"{k} <b>{'—' if v is None else v}</b>" for k, v in self.steps_to_min.items())
        if lost:
            return f"diverged: learning rate too large for {', '.join(lost)}"
