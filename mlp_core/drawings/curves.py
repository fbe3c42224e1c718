"""Curves of one variable: activation functions with their derivatives, and the error of
difference quotients against the step size h."""
import numpy as np

from ..activations import get_activation
from ..gradient_check import numerical_derivative
from ..i18n import tr
from .canvas import legible, new_axes, new_figure
from .style import CATEGORY, MIN_FONT, NEUTRAL


def draw_derivative_error(f, df, x, hs=None, ax=None, title=None):
    """Absolute error |estimate - df(x)| of the forward difference (f(x+h) - f(x)) / h and the central
    difference (f(x+h) - f(x-h)) / 2h for step sizes h (default 1e-16..1e-1, log-spaced), on log-log
    axes; exact zeros are drawn at a floor of 1e-17. The h ~ 1e-4 region is shaded. Returns the Axes."""
    hs = np.logspace(-16, -1, 61) if hs is None else np.asarray(hs, dtype=float)
    own = ax is None
    fig, ax = new_axes(ax, (5.4, 3.8))
    true = float(df(x))
    with np.errstate(all="ignore"):
        for (method, style, name), colour in zip((("forward", "o-", tr("forward difference")),
                                                  ("central", "s-", tr("central difference"))), CATEGORY):
            err = np.array([abs(float(numerical_derivative(f, x, h, method)) - true) for h in hs])
            err = np.where(np.isfinite(err), np.maximum(err, 1e-17), np.nan)
            ax.loglog(hs, err, style, ms=3, color=colour, label=name, gid=method)
    ax.axvspan(3e-5, 3e-4, color=NEUTRAL, alpha=0.5, zorder=0)
    ax.text(1e-4, 0.97, "h ≈ 1e-4", transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=MIN_FONT)
    ax.set(xlabel=tr("step size h"), ylabel=tr("absolute error of the estimate"))
    ax.legend(fontsize=MIN_FONT)
    ax.set_title(title if title is not None else tr("error of difference quotients at x = {x}", x=f"{x:g}"))
    legible(fig if own else ax)
    return ax


def draw_activations(names=("sigmoid", "tanh", "relu", "step"), z=None, ax=None, derivatives=True):
    """One panel per activation g (from mlp_core.activations.ACTIVATIONS): g(z) solid and g'(z)
    dashed over z (default -5..5). ax: one Axes (all curves overlaid) or a list with one per name."""
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    if ax is None:
        fig = new_figure(2.9 * len(names), 2.8)
        axes = fig.subplots(1, len(names), squeeze=False).ravel()
    else:
        axes = list(ax) if np.iterable(ax) else [ax] * len(names)
        fig = axes[0].figure
    own = len(set(map(id, axes))) > 1                        # one panel per activation
    for i, (name, a) in enumerate(zip(names, axes)):
        g, g_prime = get_activation(name)
        (line,) = a.plot(z, g(z), label="g(z)" if own else name, gid=f"{name}", color=CATEGORY[i % len(CATEGORY)])
        if derivatives:
            a.plot(z, g_prime(z), "--", color=line.get_color(), label="g'(z)" if own else f"{name}'",
                   gid=f"{name}_prime")
        a.axhline(0, color=NEUTRAL, lw=0.6, zorder=0)
        a.set(xlabel="z", ylabel="g(z), g'(z)" if derivatives else "g(z)", title=name if own else tr("activations"))
        a.legend(fontsize=MIN_FONT)
        legible(a)
    return fig
