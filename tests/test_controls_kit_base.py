"""mlp_core/controls/base.py on its own: the widget helpers and the Control life cycle (build, a move,
an action, an error, the display), driven through a two-line control made here."""
import html
import sys

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mlp_core.controls import base  # noqa: E402
from mlp_core.controls import static  # noqa: E402
from mlp_core.controls.base import (Control, check_surface, lr_slider, number_box, set_range,  # noqa: E402
                                    slider, surface_menu, unset_slider)
from mlp_core.controls.rendering import Picture  # noqa: E402
from mlp_core.drawings.style import MIN_FONT, WRONG  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.surfaces import SURFACES  # noqa: E402


# ---- the widget helpers ----------------------------------------------------------------------
def test_slider_is_an_int_or_float_slider_with_its_range_and_a_wide_description():
    s = slider("x", -2.0, 3.0, 0.5)
    assert type(s) is widgets.FloatSlider and (s.min, s.max, s.value, s.step) == (-2.0, 3.0, 0.5, 0.01)
    assert s.description == "x" and s.style.description_width == "initial"
    assert slider("y", 0, 1, 0.2, step=0.25).step == 0.25
    i = slider("n", 1, 9, 4, step=0.5, integer=True)
    assert type(i) is widgets.IntSlider and (i.min, i.max, i.value, i.step) == (1, 9, 4, 1)


def test_a_number_box_follows_its_slider_both_ways_up_to_the_ends():
    s = slider("x", -1.0, 1.0, 0.25, step=0.1)
    box = number_box(s)
    assert type(box) is widgets.BoundedFloatText and box.companion is True
    assert (box.value, box.min, box.max, box.step, box.layout.width) == (0.25, -1.0, 1.0, 0.1, "7em")
    s.value = 1.0                                  # the very end of the range is followed
    assert box.value == 1.0
    s.value = -1.0
    assert box.value == -1.0
    box.value = 0.37
    assert s.value == 0.37
    s.max, s.min = 4.0, -3.0
    assert (box.min, box.max) == (-3.0, 4.0)
    s.value = float("nan")                         # a slider holding NaN leaves the box where it was
    assert box.value == 0.37
    assert number_box(s, step=0.003).step == 0.003
    n = slider("n", 0, 10, 3, integer=True)
    ibox = number_box(n)
    assert type(ibox) is widgets.BoundedIntText and (ibox.value, ibox.min, ibox.max, ibox.step) == (3, 0, 10, 1)


def test_a_box_does_not_set_its_slider_again_to_the_value_it_holds():
    s = slider("x", 0.0, 1.0, 0.5)
    box = number_box(s)
    seen = []
    s.observe(lambda change: seen.append(change["new"]), names="value")
    box.observe(lambda change: seen.append(("box", change["new"])), names="value")
    s.value = 0.75
    assert sorted(seen, key=str) == [("box", 0.75), 0.75]      # one change each, no echo back


def test_the_learning_rate_slider_is_logarithmic_from_1e_minus_3_to_100():
    s = lr_slider(0.3)
    assert type(s) is widgets.FloatLogSlider and s.value == pytest.approx(0.3)
    assert (s.base, s.min, s.max, s.step) == (10, -3, 2, 0.05)
    assert s.description == "learning rate" and s.style.description_width == "initial"


def test_the_surface_menu_lists_the_surfaces_by_formula():
    everything = surface_menu("parabola", "f")
    assert everything.options == tuple((s.text, k) for k, s in SURFACES.items())
    assert everything.value == "parabola" and everything.description == "f"
    assert everything.style.description_width == "initial"
    assert surface_menu("plateau", "f").value == "plateau"
    flat = surface_menu("round", "g", only_2d=True)
    assert [k for _, k in flat.options] == [k for k, s in SURFACES.items() if s.d == 2]
    assert 0 < len(flat.options) < len(everything.options)


@pytest.mark.parametrize("lo, hi, value", [(5.0, 10.0, 7.0), (-10.0, -5.0, -7.0), (0.5, 3.0, 2.0), (1.0, 3.0, 1.0)])
def test_set_range_moves_the_limits_either_way(lo, hi, value):
    s = widgets.FloatSlider(value=0.5, min=0.0, max=1.0)
    set_range(s, lo, hi, value)
    assert (s.min, s.max, s.value) == (lo, hi, value)


def test_check_surface_names_the_surfaces_allowed():
    assert check_surface("f", "parabola") == "parabola"
    assert check_surface("f", "round", only_2d=True) == "round"
    names = [k for k, s in SURFACES.items() if s.d == 2]
    with pytest.raises(InputError) as info:
        check_surface("surface", "parabola", only_2d=True)
    assert str(info.value) == f"surface = 'parabola': expected one of {names}"
    with pytest.raises(InputError, match=r"^g = 'nope': expected one of \['parabola'"):
        check_surface("g", "nope")


def test_unset_slider_reports_the_first_float_widget_that_is_not_a_number():
    good, bad, worse = slider("a", 0, 1, 0.5), slider("b", -2, 3, 0.0), slider("c", 0, 1, 0.0)
    n = slider("n", 0, 5, 1, integer=True)
    assert unset_slider([good, n]) is None
    bad.value, worse.value = float("nan"), float("nan")
    error = unset_slider([good, n, bad, worse])
    assert isinstance(error, InputError) and str(error) == "b = nan: expected a finite number from -2 to 3"
    assert str(unset_slider([worse])) == "c = nan: expected a finite number from 0 to 1"
    lr = lr_slider(0.1)
    lr.value = float("nan")
    assert str(unset_slider([lr])) == "learning rate = nan: expected a finite number from 0.001 to 100"


# ---- the life cycle of a control -------------------------------------------------------------
class Tripler(Control):
    """Try: move x. Notice: the line ends at 3x. A control as small as one can be: one slider, one
    number box, one action (reset puts x back to 0 and y to 1 in one move), a moving line."""

    def __init__(self, moving=True, fail=None):
        self.x, self.y = slider("x", -2.0, 2.0, 1.0), slider("y", -2.0, 2.0, 1.0)
        self.reset = widgets.Checkbox(value=False, description="reset")
        self.fail, self.seen = fail, []
        fig, self.ax = plt.subplots(figsize=(4, 3))
        self.ax.set_title("tiny", fontsize=5)
        self.line, = self.ax.plot([0, 1], [0, 0])
        self.ax.set(xlim=(0, 1), ylim=(-7, 7))
        self.moving = [self.line] if moving else None
        self.build(fig, [[self.x, number_box(self.x)], [self.y, self.reset]],
                   actions=[(self.reset, self._reset)])

    def _reset(self):
        if self.fail == "action":
            raise ValueError("no reset <now>")
        self.x.value, self.y.value = 0.0, 1.0

    def update(self):
        self.seen.append((self.x.value, self.y.value))
        if self.fail == "update":
            raise KeyError("broken & gone")
        self.line.set_ydata([0, 3 * self.x.value * self.y.value])
        self.label.value = f"3xy = {3 * self.x.value * self.y.value:.2f}"
        return "x < 0" if self.x.value < 0 else None


def test_build_closes_the_figure_raises_small_text_and_lays_out_the_rows():
    before = plt.get_fignums()
    c = Tripler()
    assert plt.get_fignums() == before and isinstance(c.fig, Figure)
    assert c.ax.title.get_fontsize() == MIN_FONT
    rows = c.widget.children
    assert [type(r) for r in rows] == [widgets.HBox, widgets.HBox, widgets.HTML, widgets.HTML]
    assert rows[0].children[0] is c.x and rows[1].children == (c.y, c.reset)
    assert rows[2] is c.label and rows[3] is c.status and c._watched == [c.x, c.y, c.reset]
    assert (c.redraws, c.message, c._handles, c.seen) == (1, "", [], [(1.0, 1.0)])
    assert c.renderer.fig is c.fig and c.renderer.moving == [c.line] and c.label.value == "3xy = 3.00"


def test_a_move_updates_once_and_its_note_is_shown_in_red():
    c = Tripler()
    c.x.value = -1.5
    assert c.seen[-1] == (-1.5, 1.0) and c.redraws == 2 and c.line.get_ydata()[1] == -4.5
    assert c.message == "x < 0" and c.status.value == f'<span style="color:{WRONG}">x &lt; 0</span>'
    widget_box = c.widget.children[0].children[1]
    widget_box.value = 0.5                        # the box reaches the control through its slider only
    assert c.redraws == 3 and c.message == "" and c.status.value == ""


def test_an_action_sets_several_widgets_with_one_redraw():
    c = Tripler()
    c.x.value, c.y.value = 1.5, -2.0
    redraws, seen = c.redraws, len(c.seen)
    c.reset.value = True
    assert c.redraws == redraws + 1 and c.seen[seen:] == [(0.0, 1.0)] and c._quiet is False


def test_an_error_in_an_action_or_update_becomes_the_message():
    c = Tripler(fail="action")
    c.reset.value = True
    assert c.message == "ValueError: no reset <now>" and c._quiet is False
    assert c.status.value == f'<span style="color:{WRONG}">{html.escape(c.message)}</span>'
    assert len(c.seen) == 1                       # update() is not called after a failed action
    d = Tripler(fail="update")
    assert d.message == "KeyError: 'broken & gone'" and d.redraws == 1
    assert "broken &amp; gone" in d.status.value


def test_a_long_error_is_cut_to_300_characters():
    c = Tripler()

    def long():
        raise ValueError("x" * 400)
    c.update = long
    c.x.value = 0.3
    assert c.message == ("ValueError: " + "x" * 400)[:300] and len(c.message) == 300


def test_a_slider_holding_nan_is_reported_and_update_is_not_called():
    c = Tripler()
    c.y.value = float("nan")
    assert c.message == "InputError: y = nan: expected a finite number from -2 to 2" and len(c.seen) == 1
    c.y.value = 0.5
    assert c.message == "" and c.seen[-1] == (1.0, 0.5)


def test_update_runs_with_floating_point_warnings_silenced():
    c = Tripler()

    def divide():
        return f"{np.float64(1.0) / np.float64(0.0)}"
    c.update = divide
    c.x.value = 0.2
    assert c.message == "inf"


def test_an_action_runs_with_floating_point_warnings_silenced():
    c = Tripler()
    results = []
    with np.errstate(all="raise"):
        c._changed(lambda: results.append(np.float64(1.0) / np.float64(0.0)))
    assert results == [np.inf] and c.message == ""


def test_a_quiet_control_ignores_changes_until_the_hold_ends():
    c = Tripler()
    with pytest.raises(RuntimeError):
        c._hold(lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    assert c._quiet is False
    c._quiet = True
    c.x.value = 0.1
    assert c.redraws == 1
    c._quiet = False
    c.x.value = 0.2
    assert c.redraws == 2


def test_png_is_the_current_figure_and_a_figure_that_cannot_be_drawn_keeps_its_last_picture():
    c = Tripler()
    first = c.png()
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and c.picture() == first
    version = c.renderer.version

    def cannot():
        raise ValueError("cannot <draw>")
    c.renderer.png = cannot
    assert c.png() == first and c.message == "ValueError: cannot <draw>"
    assert c.status.value == f'<span style="color:{WRONG}">{html.escape(c.message)}</span>'
    assert c.renderer.version == version + 1
    c.renderer.version = 5

    def long():
        raise ValueError("y" * 400)
    c.renderer.png = long
    assert c.png() == first and c.message == ("ValueError: " + "y" * 400)[:300] and c.renderer.version == 6
    fresh = Tripler()
    fresh.renderer.png = cannot
    assert fresh.png() is None


def test_the_displayable_picture_names_the_control_and_its_size():
    c = Tripler(moving=False)
    picture = c._displayable()
    assert isinstance(picture, Picture) and repr(picture) == "<Tripler figure 400x300 px>"
    assert picture._repr_png_() == c.png()


def test_show_displays_the_widgets_then_one_handle_that_each_move_updates(monkeypatch):
    calls = []

    class Handle:
        def display(self, obj):
            calls.append(("display", obj))

        def update(self, obj):
            calls.append(("update", obj))
    monkeypatch.setattr(base.ipd, "display", lambda obj: calls.append(("widget", obj)))
    monkeypatch.setattr(base.ipd, "DisplayHandle", Handle)
    monkeypatch.setattr(static, "enabled", lambda: False)
    c = Tripler()
    c._ipython_display_()
    assert [k for k, _ in calls] == ["widget", "display"] and calls[0][1] is c.widget and len(c._handles) == 1
    assert isinstance(calls[1][1], Picture) and calls[1][1].png() == c.png()
    c.x.value = 0.4
    assert calls[-1][0] == "update" and isinstance(calls[-1][1], Picture)
    assert repr(calls[-1][1]) == "<Tripler figure 400x300 px>"


def test_show_hands_the_control_to_the_static_book_when_it_is_built(monkeypatch):
    taken = []
    monkeypatch.setattr(static, "enabled", lambda: True)
    monkeypatch.setattr(static, "display", taken.append)
    monkeypatch.setattr(base.ipd, "display", lambda *objs: pytest.fail("shown live"))
    c = Tripler()
    c.show()
    assert taken == [c] and c._handles == []


def test_update_of_the_base_class_must_be_written():
    c = Tripler()
    with pytest.raises(NotImplementedError, match=r"^a Control subclass implements update\(\)$"):
        Control.update(c)


class Loose(Control):
    """Try: move x. Notice: the dot follows. A control whose figure pyplot never saw (made with Figure)."""

    def __init__(self):
        self.x = slider("x", 0.0, 1.0, 0.5)
        fig = Figure(figsize=(3, 2))
        self.dot, = fig.add_subplot().plot([0.5], [0.5], "o")
        self.build(fig, [[self.x]])

    def update(self):
        self.dot.set_xdata([self.x.value])


def test_build_closes_only_its_own_figure_not_the_learners_current_one():
    mine = plt.figure()
    try:
        c = Loose()
        assert plt.fignum_exists(mine.number) and plt.gcf() is mine
        assert c.redraws == 1 and c.message == "" and c.dot.get_xdata()[0] == 0.5
    finally:
        plt.close(mine)


def test_only_a_change_of_value_redraws_not_of_limits_or_description():
    c = Tripler()
    c.x.max, c.x.description, c.reset.description = 3.0, "x (new)", "again"
    c.y.min = -5.0
    assert c.redraws == 1 and c.seen == [(1.0, 1.0)]
    c.x.value = 2.5                                     # a value inside the new limits redraws once
    assert c.redraws == 2 and c.seen[-1] == (2.5, 1.0)


def test_show_displays_live_when_the_static_book_module_cannot_be_imported(monkeypatch):
    import mlp_core.controls as package
    shown = []
    monkeypatch.delattr(package, "static")
    monkeypatch.setitem(sys.modules, "mlp_core.controls.static", None)
    monkeypatch.setattr(base.ipd, "display", lambda obj: shown.append(obj))
    monkeypatch.setattr(base.ipd, "DisplayHandle", lambda: type("H", (), {"display": shown.append})())
    c = Tripler()
    c.show()
    assert shown[0] is c.widget and isinstance(shown[1], Picture) and len(c._handles) == 1
