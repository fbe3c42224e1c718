"""The base of the controls, `Control`, and the slider helpers the controls share."""
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython import display as ipd

from ..surfaces import SURFACES

WIDE = {"description_width": "initial"}
GOOD, BAD = "#1f9e3a", "#d62728"


def slider(name, lo, hi, value, step=0.01, integer=False):
    """An IntSlider (integer) or a FloatSlider from lo to hi, its description name."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=1 if integer else step, description=name, style=WIDE)


def lr_slider(lr):
    """A learning-rate slider on a log scale, 1e-3 .. 1e2."""
    return widgets.FloatLogSlider(value=lr, base=10, min=-3, max=2, step=0.05, description="learning rate",
                                  style=WIDE)


def surface_menu(value, description, only_2d=False):
    """A dropdown of SURFACES by their formula (only the surfaces f(x, y) when only_2d)."""
    return widgets.Dropdown(options=[(s.text, k) for k, s in SURFACES.items() if s.d == 2 or not only_2d],
                            value=value, description=description, style=WIDE)


def set_range(widget, lo, hi, value):
    """Give a slider new limits and a value (in an order the min <= max check accepts)."""
    if lo > widget.max:
        widget.max, widget.min = hi, lo
    else:
        widget.min, widget.max = lo, hi
    widget.value = value
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
        self.status.value = f'<span style="color:{BAD}">{html.escape(note)}</span>' if note else ""
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

