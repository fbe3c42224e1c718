"""mlp_core/controls/live_cost.py: what LiveCostPlot draws while `train` runs (through the callback
hooks, as `train` calls them), when it redraws, and what a drawing error leaves behind."""
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from fake_history import history  # noqa: E402
from mlp_core.controls import live_cost  # noqa: E402
from mlp_core.controls.live_cost import LiveCostPlot  # noqa: E402
from mlp_core.drawings import figure_pixels  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402


def decoded(png):
    return Image.open(io.BytesIO(png))


class Handle:
    def __init__(self):
        self.calls = []

    def display(self, obj):
        self.calls.append(("display", obj))

    def update(self, obj):
        self.calls.append(("update", obj))


def test_the_plot_draws_the_history_and_names_the_last_numbers():
    h = history(epochs=3)
    plot = LiveCostPlot()
    plot.history = h
    plot._draw()
    np.testing.assert_allclose(plot.train_line.get_ydata(), h.train_cost)
    np.testing.assert_allclose(plot.train_line.get_xdata(), [100, 200, 300])
    np.testing.assert_allclose(plot.step_line.get_xdata(), h.step)
    np.testing.assert_allclose(plot.accuracy_line.get_ydata(), 100 * np.array(h.test_accuracy))
    assert plot.cost_ax.get_title() == f"epoch 3: cost train {h.train_cost[-1]:.4f}, test {h.test_cost[-1]:.4f}"
    assert plot.acc_ax.get_title() == f"test accuracy {100 * h.test_accuracy[-1]:.2f}%"
    h.epoch, h.train_cost, h.test_cost = [], [], []
    plot._draw()
    assert plot.cost_ax.get_title() == "step 300"
    h.step = []
    plot._draw()
    assert plot.cost_ax.get_title() == "step 0"


def test_the_plot_without_test_per_epoch_on_a_log_scale():
    h = history(epochs=2)
    plot = LiveCostPlot(per="epoch", test=False, log=True)
    assert plot.acc_ax is None and plot.test_line is None and plot.accuracy_line is None and not plot.test
    plot.history = h
    plot._draw()
    assert plot.per == "epoch" and plot.plot.x_in_epochs and plot.cost_ax.get_yscale() == "log"
    np.testing.assert_allclose(plot.train_line.get_xdata(), [1, 2])
    assert plot.cost_ax.get_title() == f"epoch 2: cost train {h.train_cost[-1]:.4f}"
    step = LiveCostPlot(per="step")
    assert not step.plot.x_in_epochs and step.plot.per == "step" and step.test and step.acc_ax is not None
    assert step.every_seconds == 0.25 and step.cost_ax.get_yscale() == "linear"


@pytest.mark.parametrize("kwargs, match", [({"per": "batch"}, r"^unknown per 'batch'"),
                                           ({"every_seconds": -1}, r"^every_seconds \(seconds between redraws\) ")])
def test_the_plot_refuses_bad_arguments(kwargs, match):
    with pytest.raises(InputError, match=match):
        LiveCostPlot(**kwargs)


def test_training_shows_one_picture_then_updates_it_at_most_every_interval(monkeypatch):
    handle = Handle()
    monkeypatch.setattr(live_cost.ipd, "DisplayHandle", lambda: handle)
    plot = LiveCostPlot(every_seconds=1.0)
    assert (plot.redraws, plot.message, plot.handle, plot.history, plot.seconds_drawing) == (0, "", None, None, 0.0)
    now = [10.0]
    plot.clock = lambda: now[0]
    h = history()
    plot.on_train_begin(h, None)
    assert plot.history is h and [k for k, _ in handle.calls] == ["display"] and plot.redraws == 0
    assert repr(handle.calls[0][1]) == "<LiveCostPlot figure 840x340 px>"
    now[0] = 10.9
    plot.on_step(h, None)
    assert plot.redraws == 0
    now[0] = 11.0                                      # exactly every_seconds later: redraw
    plot.on_epoch_end(h, None)
    assert plot.redraws == 1 and handle.calls[-1][0] == "update" and plot._last == 11.0
    plot.on_train_end(h, None)
    assert plot.redraws == 2 and len(handle.calls) == 3


def test_a_slow_redraw_is_timed_and_waited_for_four_times_over():
    plot = LiveCostPlot(every_seconds=0.1)
    times = iter([5.0, 7.0])                         # a redraw from 5 s to 7 s
    plot.clock = lambda: next(times)
    plot.history = history()
    plot._last = 0.0
    plot._redraw()
    assert (plot._cost, plot.seconds_drawing, plot._last) == (7.0 - 5.0, 2.0, 7.0)
    now = [14.9]
    plot.clock = lambda: now[0]
    plot._maybe(plot.history)
    assert plot.redraws == 1                           # 7.9 s since: less than 4 x 2 s
    now[0] = 15.0
    plot._maybe(plot.history)
    assert plot.redraws == 2 and plot.seconds_drawing == 2.0


def test_a_drawing_error_becomes_the_message_and_training_goes_on():
    plot = LiveCostPlot()
    plot.history = object()
    plot._redraw()
    assert plot.message.startswith("AttributeError: ") and plot.redraws == 1 and len(plot.message) <= 300
    plot.history = history()
    plot._redraw()
    assert plot.message == ""


def test_show_displays_the_current_picture(monkeypatch):
    shown = []
    monkeypatch.setattr(live_cost.ipd, "display", shown.append)
    plot = LiveCostPlot(test=False)
    plot._ipython_display_()
    assert len(shown) == 1 and repr(shown[0]) == "<LiveCostPlot figure 480x340 px>"
    assert decoded(shown[0].png()).size == (480, 340)


@pytest.fixture
def handle(monkeypatch):
    """The display handle train's first hook opens, recording what it shows."""
    made = Handle()
    monkeypatch.setattr(live_cost.ipd, "DisplayHandle", lambda: made)
    return made


def test_by_default_the_costs_are_on_a_linear_axis_and_only_the_test_accuracy_is_drawn(handle):
    h = history(epochs=3)
    plot = LiveCostPlot()
    plot.on_train_begin(h, None)
    assert plot.cost_ax.get_yscale() == "linear" and min(h.train_cost + h.test_cost + h.step_cost) > 0
    np.testing.assert_allclose(plot.test_line.get_ydata(), h.test_cost)
    np.testing.assert_allclose(plot.test_line.get_xdata(), [100, 200, 300])
    assert plot.acc_ax.get_lines() == [plot.accuracy_line]
    np.testing.assert_allclose(plot.accuracy_line.get_ydata(), [68, 80.5, 93])
    assert {plot.step_line, plot.train_line, plot.test_line} == set(plot.cost_ax.get_lines())


def made_up(epochs, scale):
    """A history of `epochs` epochs with every cost multiplied by scale."""
    h = history(epochs=epochs)
    h.train_cost, h.test_cost = [scale * c for c in h.train_cost], [scale * c for c in h.test_cost]
    return h


def test_each_hook_draws_the_history_it_is_given(handle):
    plot = LiveCostPlot(every_seconds=0)
    plot.clock = lambda: 1.0
    plot.on_train_begin(made_up(1, 1.0), None)
    for k, hook in enumerate((plot.on_step, plot.on_epoch_end, plot.on_train_end), start=2):
        h = made_up(k, float(k))
        hook(h, None)
        assert plot.message == "" and plot.redraws == k - 1 and plot.history is h
        np.testing.assert_allclose(plot.train_line.get_ydata(), h.train_cost)
        assert plot.cost_ax.get_title().startswith(f"epoch {k}: cost train {h.train_cost[-1]:.4f}")


def test_each_update_shows_the_figure_as_it_is_then(handle):
    plot = LiveCostPlot(every_seconds=0, test=False)
    plot.on_train_begin(history(epochs=1), None)
    plot.on_train_end(history(epochs=3), None)
    kind, picture = handle.calls[-1]
    shown = np.asarray(decoded(picture.png()).convert("RGBA"))
    assert kind == "update" and np.array_equal(shown, figure_pixels(plot.fig))


def test_a_long_drawing_error_is_cut_to_300_characters(handle):
    class Broken:
        def __getattr__(self, name):
            raise ValueError(name + " " + "x" * 500)

    plot = LiveCostPlot()
    plot.on_train_end(Broken(), None)
    said = plot.message
    assert len(said) == 300 and said.startswith("ValueError: ") and said.endswith("x" * 200)
    assert plot.redraws == 1 and handle.calls == []          # no display was opened before the end
