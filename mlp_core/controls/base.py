"""The base of the controls, `Control`, and the slider helpers the controls share."""
import html
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython import display as ipd

from ..drawings import legible
from ..drawings.style import WRONG
from ..errors import InputError
from ..i18n import tr
from ..surfaces import SURFACES
from .rendering import FigureRenderer, Picture

WIDE = {"description_width": "initial"}


def slider(name, lo, hi, value, step=0.01, integer=False):
    """An IntSlider (integer) or a FloatSlider from lo to hi, its description name."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=1 if integer else step, description=name, style=WIDE)


def number_box(slider_, step=None):
    """A number box beside a slider, linked to it both ways, for moves smaller than one pixel of the
    slider's track (type a value, or use its arrows: one step each). Controls do not watch it: a
    change reaches them through the slider."""
    cls = widgets.BoundedIntText if isinstance(slider_, widgets.IntSlider) else widgets.BoundedFloatText
    box = cls(value=slider_.value, min=slider_.min, max=slider_.max, step=step or slider_.step,
              layout=widgets.Layout(width="7em"))
    slider_.observe(lambda change: setattr(box, "max", change["new"]), names="max")
    slider_.observe(lambda change: setattr(box, "min", change["new"]), names="min")

    def follow(change, to):
        v = change["new"]
        if math.isfinite(v) and to.min <= v <= to.max and to.value != v:
            to.value = v                       # a slider holding NaN leaves the box as it was

    slider_.observe(lambda change: follow(change, box), names="value")
    box.observe(lambda change: follow(change, slider_), names="value")
    box.companion = True
    return box


def lr_slider(lr):
    """A learning-rate slider on a log scale, 1e-3 .. 1e2."""
    return widgets.FloatLogSlider(value=lr, base=10, min=-3, max=2, step=0.05, description=tr("learning rate"),
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


def check_surface(name, value, only_2d=False):
    """value, or InputError if it is not the name of one of SURFACES (of f(x, y) when only_2d)."""
    names = [k for k, s in SURFACES.items() if s.d == 2 or not only_2d]
    if value not in names:
        raise InputError(tr("{name} = {value}: expected one of {names}", name=name, value=repr(value), names=names))
    return value


def unset_slider(widgets_):
    """The first float widget whose value is not a finite number, as an InputError (else None)."""
    for w in widgets_:
        v = w.value
        if isinstance(v, float) and not math.isfinite(v):
            lo, hi = (w.base ** w.min, w.base ** w.max) if isinstance(w, widgets.FloatLogSlider) else (w.min, w.max)
            return InputError(tr("{name} = {v}: expected a finite number from {lo} to {hi}", name=w.description,
                                 v=v, lo=f"{lo:g}", hi=f"{hi:g}"))
    return None


class Control:
    """Base of the controls: widgets in rows above a figure, a readout `label` and a `status` line.

    A control subclasses Control, builds its widgets and figure, then calls
    `self.build(fig, rows, actions=())` once, and implements `update()`:

    - build(fig, rows, actions=()): fig is a matplotlib Figure (made with plt.subplots or Figure);
      rows is a list of lists of widgets, one HBox per row; actions is a list of pairs
      (widget, function): a change of that widget first calls function() (with the redraw of
      each widget it sets held back), then update(). build closes fig in pyplot, raises its
      text to at least drawings.MIN_FONT points, watches every widget in rows, sets `.fig`,
      `.label`, `.status`, `.widget`, `.message`, `.redraws` and calls update() once.
    - update(): read the widgets, recompute, change the figure's artists in place (set_data,
      set_text, ...) and `self.label.value`; return a short note for the learner, or None.
      An exception raised in update() (or in an action) becomes `.message`, shown in red under
      the widgets; a float widget holding NaN or infinity is reported the same way and update()
      is not called.

    Optionally set `self.moving` (a list of artists) before build: the rest of the figure is then
    drawn once and kept, and a move redraws only these artists (see FigureRenderer); call
    `self.renderer.version += 1` after changing anything else. Display a control by leaving it
    last in a cell, or with show(): the figure is shown as a PNG through one DisplayHandle and
    every later move replaces that PNG in place."""

    _quiet = False
    moving = None

    def build(self, fig, rows, actions=()):
        """Close fig in pyplot, lay the widgets out in rows and watch each of them: a change first
        runs its action (a function from `actions`, pairs (widget, function)), then update()."""
        plt.close(fig)
        legible(fig)                           # no text of a control under MIN_FONT points
        self.fig, self.message, self.redraws, self._handles = fig, "", 0, []
        self.renderer = FigureRenderer(fig, self.moving)
        self.label, self.status = widgets.HTML(), widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox(list(r)) for r in rows] + [self.label, self.status])
        self._watched = [w for r in rows for w in r if not getattr(w, "companion", False)]
        found = {id(w): fn for w, fn in actions}
        for w in self._watched:
            w.observe(lambda change, fn=found.get(id(w)): self._changed(fn), names="value")
        self.refresh()

    def update(self):
        """Recompute from the widgets and redraw the artists in place; return a note or None."""
        raise NotImplementedError(tr("a Control subclass implements update()"))

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
        """Check the widgets, call update() and show the new picture; a failure becomes `.message`."""
        error = error or unset_slider(self._watched)
        note = ""
        if error is None:
            try:
                with np.errstate(all="ignore"):
                    note = self.update() or ""
            except Exception as exc:           # shown next to the control, never a silent traceback
                error = exc
        if error is not None:
            note = f"{type(error).__name__}: {error}"[:300]
        self.message = note
        self.status.value = f'<span style="color:{WRONG}">{html.escape(note)}</span>' if note else ""
        self.redraws += 1
        for h in self._handles:
            h.update(self._displayable())

    def _hold(self, fn):
        """Run fn (which sets several widgets) without a redraw per widget."""
        before, self._quiet = self._quiet, True
        try:
            fn()
        finally:
            self._quiet = before

    def png(self):
        """The figure as it is now, as PNG bytes; a figure that cannot be drawn keeps its last
        picture and the reason becomes `.message`."""
        try:
            self._last_png = self.renderer.png()
        except Exception as exc:               # e.g. limits matplotlib cannot draw
            self.message = f"{type(exc).__name__}: {exc}"[:300]
            self.status.value = f'<span style="color:{WRONG}">{html.escape(self.message)}</span>'
            self.renderer.version += 1         # draw everything again next time
        return getattr(self, "_last_png", None)

    def picture(self):
        """The PNG bytes of the control's figure as it is now (what the learner sees)."""
        return self.png()

    def _displayable(self):
        """A displayable Picture (image/png) of the figure, rendered when a front end formats it."""
        w, h = (self.fig.get_size_inches() * self.fig.dpi).round().astype(int)
        return Picture(self.png, f"<{type(self).__name__} figure {w}x{h} px>")

    def show(self):
        """Display the widgets and below them the figure, which later moves replace in place (in
        the static book, `static.display` shows a few positions that switch without a kernel)."""
        try:
            from . import static
        except ImportError:                    # the static book's module is optional
            static = None
        if static is not None and static.enabled():
            static.display(self)
            return
        ipd.display(self.widget)
        h = ipd.DisplayHandle()
        h.display(self._displayable())
        self._handles.append(h)

    def _ipython_display_(self):
        self.show()
