"""mlp_core/controls/rendering.py (the fast picture of a move equals the figure drawn afresh; the
background is drawn again exactly when it must be) and live_cost.py (what LiveCostPlot draws and when)."""
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from fake_history import history  # noqa: E402
from mlp_core.controls import live_cost  # noqa: E402
from mlp_core.controls.live_cost import LiveCostPlot  # noqa: E402
from mlp_core.controls.rendering import FigureRenderer, Picture  # noqa: E402
from mlp_core.drawings import figure_pixels  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402


def decoded(png):
    return Image.open(io.BytesIO(png))


def same(png, fig, moving=None):
    """The PNG shows fig as a full draw does (up to antialiased edges drawn twice, a shade darker),
    and, given the moving artists, exactly as a new renderer's first picture of fig as it is now."""
    fast = np.asarray(decoded(png).convert("RGBA")).astype(int)
    full = figure_pixels(fig).astype(int)
    assert fast.shape == full.shape
    diff = np.abs(fast - full).max(axis=-1)
    fresh = moving is None or png == FigureRenderer(fig, moving).png()
    return fresh and (diff > 40).sum() <= 0.01 * diff.size and diff.mean() < 0.5


# ---- Picture and FigureRenderer --------------------------------------------------------------
def test_a_picture_renders_once_when_first_asked():
    calls = []
    p = Picture(lambda: calls.append(1) or b"png", "<text>")
    assert calls == [] and repr(p) == "<text>"
    assert p._repr_png_() == b"png" and p.png() == b"png" and calls == [1]


def test_the_renderer_uses_the_figures_agg_canvas_or_makes_one():
    fig, _ = plt.subplots()
    assert FigureRenderer(fig).canvas is fig.canvas
    bare = Figure()
    renderer = FigureRenderer(bare, moving=[])
    assert isinstance(renderer.canvas, FigureCanvasAgg) and (renderer.version, renderer.full_draws) == (0, 0)
    assert renderer.moving == [] and renderer.fig is bare
    plt.close(fig)


def test_the_static_key_holds_limits_scales_visibility_and_colourbar_limits():
    fig, (a, b) = plt.subplots(1, 2, figsize=(5, 2), dpi=50)
    im = b.imshow(np.eye(3))
    fig.colorbar(im, ax=b)
    b.imshow(np.eye(2))                                  # no colourbar: not in the key
    a.set(xlim=(0, 2), ylim=(-1, 1), yscale="log")
    a.set_ylim(0.1, 10)
    r = FigureRenderer(fig, moving=[])
    r.version = 7
    expected = [7, (5.0, 2.0), 50]
    for ax in fig.axes:
        expected += [ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_visible()]
        expected += [(0.0, 1.0)] if ax is b else []
    assert r.static_key() == tuple(expected) and "log" in r.static_key() and (0.0, 1.0) in r.static_key()
    plt.close(fig)


def scene(moving_kind):
    """A figure with an image under spines, a line, bars, a text and a title; returns (fig, moving)."""
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(5, 2.5), dpi=60, layout="constrained")
    image = ax.imshow(np.zeros((6, 6)), vmin=0, vmax=1, cmap="gray")
    line, = ax.plot([0, 5], [0, 5], lw=3, color="red", zorder=1)
    marker, = ax.plot([2.5], [2.5], "o", ms=12, color="blue", zorder=4)
    bars = bx.bar([0, 1, 2], [1, 2, 3], color="green")
    bx.set_ylim(0, 4)
    note = bx.text(0, 3.5, "note")
    title = fig.suptitle("title")
    moving = {"image": [image], "line": [line], "bars": list(bars), "texts": [note, title, ax.title]}[moving_kind]
    return fig, moving, (image, line, bars, note, title, ax)


def move(kind, parts, k):
    image, line, bars, note, title, ax = parts
    if kind == "image":
        image.set_data(np.eye(6) * (k % 2) + np.fliplr(np.eye(6)) * 0.5)
    elif kind == "line":
        line.set_data([0, 5], [5 - k, k])
    elif kind == "bars":
        for j, bar in enumerate(bars):
            bar.set_height((j + k) % 4)
            bar.set_color(["green", "orange"][k % 2])
    else:
        note.set_text(f"note {k}")
        title.set_text(f"title {k}")
        ax.set_title(f"axes {k}")


@pytest.mark.parametrize("kind", ["image", "line", "bars", "texts"])
def test_each_move_draws_only_the_moving_artists_and_equals_a_full_draw(kind):
    fig, moving, parts = scene(kind)
    r = FigureRenderer(fig, moving)
    first = r.png()
    assert same(first, fig) and r.full_draws == 1
    assert type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"     # the layout is kept
    for k in (1, 2, 3):
        move(kind, parts, k)
        png = r.png()
        assert same(png, fig, moving), (kind, k)
        assert r.full_draws == 1                        # the background was kept
    assert png != first
    plt.close(fig)


def test_a_moving_artist_hidden_then_shown_and_one_outside_any_axes():
    fig, moving, parts = scene("line")
    line = parts[1]
    r = FigureRenderer(fig, [line, parts[4]])
    r.png()
    line.set_visible(False)
    assert same(r.png(), fig, [line, parts[4]])
    line.set_visible(True)
    line.set_data([0, 5], [np.nan, 3])
    assert same(r.png(), fig, [line, parts[4]])
    plt.close(fig)


def test_the_background_is_drawn_again_when_limits_scales_version_or_size_change():
    fig, moving, parts = scene("line")
    ax, bx = fig.axes
    r = FigureRenderer(fig, moving)
    r.png()
    steps = [lambda: None, lambda: ax.set_xlim(-1, 7), lambda: bx.set_yscale("log"),
             lambda: setattr(r, "version", r.version + 1), lambda: bx.set_visible(False),
             lambda: parts[0].set_clim(0, 2)]
    draws = []
    for change in steps:
        change()
        png = r.png()
        draws.append(r.full_draws)
        assert same(png, fig)
    assert draws == [1, 2, 3, 4, 5, 5]                  # an image without a colourbar is not in the key
    plt.close(fig)


def test_a_colourbars_limits_are_part_of_the_background():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    im = ax.imshow(np.arange(9.0).reshape(3, 3))
    fig.colorbar(im, ax=ax)
    r = FigureRenderer(fig, [im])
    before = r.png()
    im.set_clim(0, 20)
    assert r.png() != before and r.full_draws == 2
    plt.close(fig)


def test_without_moving_artists_every_picture_is_a_full_draw():
    fig, _, parts = scene("line")
    r = FigureRenderer(fig)
    r.png()
    move("line", parts, 2)
    png = r.png()
    assert r.full_draws == 2 and same(png, fig)
    assert r.picture("<t>").png() != b"" and repr(r.picture("<t>")) == "<t>"
    plt.close(fig)


def test_an_opaque_figure_is_encoded_as_rgb_a_transparent_one_as_rgba():
    fig, _ = plt.subplots(figsize=(2, 2), dpi=40)
    png = FigureRenderer(fig).png()
    assert decoded(png).mode == "RGB" and decoded(png).size == (80, 80)
    fig.patch.set_alpha(0.5)
    assert decoded(FigureRenderer(fig).png()).mode == "RGBA"
    fig.patch.set_alpha(1.0)
    fig.patch.set_visible(False)
    assert decoded(FigureRenderer(fig).png()).mode == "RGBA"
    plt.close(fig)


def test_the_layers_of_an_axes_start_at_its_lowest_moving_artist():
    fig, moving, parts = scene("line")
    image, line, bars, note, title, ax = parts
    r = FigureRenderer(fig, [line, title])
    r.png()
    layers = r._layers
    artists = [a for a, _, _ in layers]
    assert artists[-1] is title and line in artists and image not in artists and ax.patch not in artists
    assert parts[1].axes.spines["left"] in artists and all(a.axes is ax for a in artists[:-1])
    assert [a.get_zorder() for a in artists[:-1]] == sorted(a.get_zorder() for a in artists[:-1])
    assert all((box is None) == moving_ for a, moving_, box in layers if a is not title)
    ax.axis("off")
    assert ax.spines["left"] not in [a for a, _, _ in r.layers()]
    plt.close(fig)


# ---- LiveCostPlot ----------------------------------------------------------------------------
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


@pytest.mark.parametrize("kwargs, match", [({"per": "batch"}, "per"), ({"every_seconds": -1}, "every_seconds")])
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
