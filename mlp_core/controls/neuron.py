"""NeuronPlayground: one neuron z = w·x + b, a = g(z), with sliders for x, w and b."""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..activations import ACTIVATIONS
from .. import validation
from ..drawings.style import GUIDE, HIGHLIGHT, INK, NEUTRAL
from ..errors import InputError
from ..i18n import tr
from .base import Control, slider


class NeuronPlayground(Control):
    """One artificial neuron with n inputs counted from 0: z = w0 x0 + ... + w(n-1) x(n-1) + b, then
    a = g(z).

    Try: set every input to 1 and raise one weight; make z negative with the bias; switch the
    activation between sigmoid, tanh, relu, step and identity at the same z.
    Notice: the weights say how much each input counts (a negative weight votes against), the bias
    shifts the threshold; far from z = 0 sigmoid and tanh go flat (saturate), and step jumps from 0
    to 1 with a slope of 0 everywhere else. Attributes: x, w (lists of sliders), b, activation, z, a."""

    def __init__(self, n_inputs=2, activation="sigmoid", weight_range=5.0):
        n_inputs = validation.count("n_inputs", n_inputs, 1, 10)
        weight_range = validation.number("weight_range", weight_range, 1e-3, 1e6)
        if activation not in ACTIVATIONS:
            raise InputError(tr("activation = {value}: expected one of {names}", value=repr(activation),
                                names=sorted(ACTIVATIONS)))
        self.x = [slider(f"x{k}", -1.0, 1.0, 0.5) for k in range(n_inputs)]
        self.w = [slider(f"w{k}", -weight_range, weight_range, 1.0) for k in range(n_inputs)]
        self.b = slider("b", -weight_range, weight_range, 0.0)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="g")
        fig, ax = plt.subplots(figsize=(5.5, 3.4), layout="constrained")
        self.curve, = ax.plot([], [], lw=2, color=INK)
        self.guide, = ax.plot([], [], ":", color=GUIDE)
        self.point, = ax.plot([], [], "o", ms=9, color=HIGHLIGHT, mec=INK)
        ax.axhline(0, color=NEUTRAL, lw=0.8, zorder=0)
        ax.axvline(0, color=NEUTRAL, lw=0.8, zorder=0)
        ax.set(xlabel="z", ylabel="a = g(z)")
        self.ax = ax
        self.moving = [self.curve, self.guide, self.point, ax.title]
        self.build(fig, [self.x, self.w, [self.b, self.activation]])

    def update(self):
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
        low = -1.1 if name == "tanh" else -1.1 * lim if name == "identity" else -0.1
        self.ax.set(xlim=(-lim, lim), ylim=(low, 1.1 * lim if name in ("relu", "identity") else 1.1))
        self.ax.set_title(f"{name}: z = {self.z:.2f}, a = {self.a:.3f}")
        terms = " + ".join(f"({w:.2f})({x:.2f})" for w, x in zip(ws, xs))
        self.label.value = (f"z = {terms} + ({self.b.value:.2f}) = <b>{self.z:.3f}</b>; "
                            f"a = {name}(z) = <b>{self.a:.4f}</b>")
        if name in ("sigmoid", "tanh") and abs(self.z) > 5:
            return tr("saturated: the curve is flat here, so small changes of w or b barely change a")
        if name == "relu" and self.z < 0:
            return tr("relu gives 0 for every z < 0: this neuron is silent")
