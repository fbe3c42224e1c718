"""HiddenLayerBoundary: what one hidden layer buys on a 2-D problem no straight line can solve."""
import contourpy
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..drawings.style import CATEGORY, INK, MAX_WIDTH, TWO_CLASS_CMAP
from ..i18n import template, tr
from ..network import Network
from ..toy_data import TOY_DATA, grid_points
from ..training import evaluate, train
from .base import WIDE, Control, slider

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
_MARKERS = (("o", CATEGORY[0], template("class 0")), ("^", CATEGORY[1], template("class 1")))


def fit_toy(X, y, hidden, activation, seed=0):
    """A [2, hidden, 2] softmax network (or [2, 2], logistic regression, when hidden == 0) trained on
    (X, y) by momentum descent (lr 0.5): 150 epochs of two mini-batches, about 20 ms."""
    sizes = [2, hidden, 2] if hidden else [2, 2]
    net = Network(sizes, activation=activation, seed=seed)
    train(net, (X, y), epochs=150, batch_size=max(1, len(X) // 2), optimizer="momentum", lr=0.5,
          log_every=10 ** 6, seed=seed)
    return net


def boundary_line(P, extent, level=0.5):
    """x and y of the curves where P (n x n over extent = (x0, x1, y0, y1), row 0 at y0) crosses
    level, joined by NaN into one line (no points when P never crosses it)."""
    n_rows, n_cols = P.shape
    xs, ys = np.linspace(*extent[:2], n_cols), np.linspace(*extent[2:], n_rows)
    pieces = contourpy.contour_generator(xs, ys, P).lines(level)
    if not pieces:
        return np.zeros(0), np.zeros(0)
    joined = np.concatenate([np.vstack([piece, [[np.nan, np.nan]]]) for piece in pieces])
    return joined[:, 0], joined[:, 1]


class HiddenLayerBoundary(Control):
    """Logistic regression's decision boundary beside that of a network with one hidden layer.

    Try: on `xor`, move `hidden neurons` from 1 to 2, 3 and 8; switch the activation to `identity`;
    then pick `circles`.
    Notice: logistic regression can only draw a straight line, so it gets about half the XOR points
    right; two or three sigmoid or tanh neurons already bend the boundary around the clouds. With the
    identity activation the hidden layer is linear and the boundary is a straight line again, however
    many neurons it has. Attributes: nets (the trained networks by setting), accuracy, linear_accuracy,
    maps (the images of P), lines (the P = 0.5 boundaries, Line2D)."""

    def __init__(self, data="xor", hidden=3, activation="tanh", m=200, seed=0):
        data = validation.choice("data", data, sorted(TOY_DATA))
        hidden = validation.count("hidden", hidden, 1, 8)
        activation = validation.choice("activation", activation, ACTIVATIONS)
        self.seed, self.m = validation.seed("seed", seed), validation.count("m", m, 4, 10 ** 5)
        self.data = widgets.Dropdown(options=sorted(TOY_DATA), value=data, description=tr("data"), style=WIDE)
        self.hidden = slider(tr("hidden neurons"), 1, 8, hidden, integer=True)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                           description=tr("activation"), style=WIDE)
        self.nets, self.points, self.views, self.grid = {}, {}, {}, grid_points()
        fig, axes = plt.subplots(1, 2, figsize=(MAX_WIDTH, 3.9), layout="constrained", sharey=True)
        blank = np.zeros((101, 101))
        self.maps = [ax.imshow(blank, origin="lower", extent=self.grid[1], cmap=TWO_CLASS_CMAP, vmin=0, vmax=1,
                               alpha=0.55) for ax in axes]
        self.scatters = [[ax.scatter([], [], marker=mk, c=col, s=14, label=tr(lab), edgecolors=INK, linewidths=0.3)
                          for mk, col, lab in _MARKERS] for ax in axes]
        for ax in axes:
            ax.set(xlabel="$x_0$", xlim=self.grid[1][:2], ylim=self.grid[1][2:], aspect="equal")   # circles round
        axes[0].set_ylabel("$x_1$")
        axes[0].legend(loc="upper right", fontsize=9)
        fig.colorbar(self.maps[1], ax=axes, shrink=0.8, label=tr("P(class 1): the network's output $a_1$"))
        self.suptitle = fig.suptitle("", fontsize=11)
        self.lines = [ax.plot([], [], color=INK, lw=1.5)[0] for ax in axes]
        self.axes = axes
        self.moving = [*self.maps, *self.lines, *(s for pair in self.scatters for s in pair),
                       *(ax.title for ax in axes), self.suptitle]
        self.build(fig, [[self.data, self.hidden, self.activation]])

    def _points(self, name):
        if name not in self.points:
            self.points[name] = TOY_DATA[name](self.m, seed=self.seed)
        return self.points[name]

    def _net(self, name, hidden, activation):
        key = (name, hidden, activation)
        if key not in self.nets:
            self.nets[key] = fit_toy(*self._points(name), hidden, activation, seed=self.seed)
        return self.nets[key]

    def _view(self, name, hidden, activation):
        """What a panel shows for one setting, computed once: P(class 1) on the grid, the P = 0.5
        line and the accuracy on the points."""
        key = (name, hidden, activation)
        if key not in self.views:
            net, (X, y) = self._net(*key), self._points(name)
            P = net.output(self.grid[0].T)[1].reshape(101, 101)
            self.views[key] = P, boundary_line(P, self.grid[1]), evaluate(net, X, y)[1]
        return self.views[key]

    def _panel(self, i, view, X, y, title):
        P, line, accuracy = view
        self.maps[i].set_data(P)
        for s, c in zip(self.scatters[i], (0, 1)):
            s.set_offsets(X[y == c])
        self.lines[i].set_data(*line)
        self.axes[i].set_title(title + "\n" + tr("{share} of the points right", share=f"{accuracy:.0%}"))
        return accuracy

    def update(self):
        name = self.data.value
        X, y = self._points(name)
        self.linear_accuracy = self._panel(0, self._view(name, 0, "sigmoid"), X, y,
                                           tr("logistic regression (no hidden layer)"))
        h, g = self.hidden.value, self.activation.value
        self.accuracy = self._panel(1, self._view(name, h, g), X, y, tr("one hidden layer: {h} {g} neurons", h=h, g=g))
        self.suptitle.set_text(tr("decision boundaries (black line: P = 0.5) on the {name} points", name=name))
        self.label.value = tr("logistic regression {linear}, 2-{h}-2 network ({g}) {acc} on the {m} points",
                              linear=f"{self.linear_accuracy:.1%}", h=h, g=g, acc=f"{self.accuracy:.1%}", m=len(X))

