"""mlp_core/controls/rendering.py: the fast picture of a move equals the figure drawn afresh (what
lies over a moving artist stays over it); the background is drawn again exactly when it must be."""
import io
import zlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from mlp_core.controls.rendering import FigureRenderer, Picture  # noqa: E402
from mlp_core.drawings import figure_pixels  # noqa: E402


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


def pixel(png, ax, x, y):
    """The RGB of the PNG at data point (x, y) of ax."""
    px, py = ax.transData.transform((x, y))
    rgb = np.asarray(decoded(png).convert("RGB")).astype(int)
    return rgb[int(rgb.shape[0] - py), int(px)]


def test_a_line_over_a_bar_stays_over_it_when_the_bar_grows_under_it():
    fig, ax = plt.subplots(figsize=(3, 3), dpi=60)
    bar, = ax.bar([0], [1], width=1.5, color="black")
    ax.set(xlim=(-1, 1), ylim=(0, 4))
    ax.axhline(2.5, color="red", lw=4, zorder=3)
    r = FigureRenderer(fig, [bar])
    r.png()
    bar.set_height(3.5)                                 # now under the red line
    png = r.png()
    assert pixel(png, ax, 0, 2.5).tolist() == [255, 0, 0] and pixel(png, ax, 0, 3).tolist() == [0, 0, 0]
    bar.set_height(0.5)
    assert pixel(r.png(), ax, 0, 2.5).tolist() == [255, 0, 0] and same(r.png(), fig, [bar])
    plt.close(fig)


def test_an_artist_at_the_zorder_of_a_moving_one_but_added_after_it_stays_on_top():
    fig, ax = plt.subplots(figsize=(3, 3), dpi=60)
    ax.set(xlim=(0, 4), ylim=(0, 4))
    moving, = ax.plot([0, 4], [1, 1], color="blue", lw=8)
    ax.plot([2, 2], [0, 4], color="red", lw=8)          # same zorder (2), drawn after: on top
    r = FigureRenderer(fig, [moving])
    r.png()
    moving.set_ydata([3, 3])
    png = r.png()
    assert pixel(png, ax, 2, 3).tolist() == [255, 0, 0] and pixel(png, ax, 1, 3).tolist() == [0, 0, 255]
    plt.close(fig)


@pytest.mark.parametrize("circle_moves", [False, True])
def test_a_moving_collection_covers_nothing_so_what_lies_over_it_moves_with_it(circle_moves):
    """The limit in FigureRenderer's docstring, and its way out: a static circle over a moving
    LineCollection is drawn under it from the first picture on; in `moving` too, it stays on top."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle
    fig, ax = plt.subplots(figsize=(3, 3), dpi=60)
    ax.set(xlim=(0, 4), ylim=(0, 4))
    lines = ax.add_collection(LineCollection([[(0, 2), (4, 2)]], colors="blue", linewidths=10, zorder=1))
    circle = ax.add_patch(Circle((2, 2), 0.6, color="red", zorder=3))
    r = FigureRenderer(fig, [lines, circle] if circle_moves else [lines])
    on_top = {True: [255, 0, 0], False: [0, 0, 255]}[circle_moves]
    assert pixel(r.png(), ax, 2, 2).tolist() == on_top
    lines.set_color("green")
    png = r.png()
    assert pixel(png, ax, 0.5, 2).tolist() == [0, 128, 0]
    assert pixel(png, ax, 2, 2).tolist() == ([255, 0, 0] if circle_moves else [0, 128, 0])
    plt.close(fig)


def test_moving_artists_in_two_axes_are_drawn_in_both():
    fig, axes = plt.subplots(1, 2, figsize=(4, 2), dpi=50)
    images = [ax.imshow(np.zeros((2, 2)), vmin=0, vmax=1, cmap="gray") for ax in axes]
    r = FigureRenderer(fig, images)
    r.png()
    for im in images:
        im.set_data(np.full((2, 2), 0.5))              # grey, unlike the white under the images
    png = r.png()
    grey = figure_pixels(fig)[50, 50, :3].tolist()
    assert [pixel(png, ax, 0, 0).tolist() for ax in axes] == [grey] * 2 and 100 < grey[0] < 160
    plt.close(fig)


def test_tick_marks_drawn_into_a_moving_image_beside_their_labels_stay_over_it():
    fig, ax = plt.subplots(figsize=(3, 3), dpi=60)
    im = ax.imshow(np.zeros((4, 4)), vmin=0, vmax=1, cmap="gray", extent=(0, 4, 0, 4))
    ax.set_xticks([2])
    ax.tick_params(axis="x", direction="in", length=20, width=6, color="red", pad=0)
    r = FigureRenderer(fig, [im])
    r.png()
    im.set_data(np.ones((4, 4)))                       # white under the red tick
    png = r.png()
    assert pixel(png, ax, 2, 0.2).tolist() == [255, 0, 0] and pixel(png, ax, 1, 0.2).tolist() == [255, 255, 255]
    plt.close(fig)


def test_rendering_keeps_the_figures_canvas_and_leaves_no_artist_animated():
    fig, moving, parts = scene("line")
    canvas, before = fig.canvas, [a.get_animated() for a in moving]
    r = FigureRenderer(fig, moving)
    move("line", parts, 1)
    r.png()
    assert fig.canvas is canvas is r.canvas and canvas.manager is not None
    assert before == [False] and [a.get_animated() for a in moving] == before
    plt.close(fig)


def zlib_level(png):
    """FLEVEL of the zlib stream in the PNG's first IDAT chunk: 0 fastest, 1 fast, 2 default, 3 smallest."""
    start = png.index(b"IDAT") + 4
    assert zlib.decompressobj().decompress(png[start:start + 2]) == b""     # a zlib header
    return png[start + 1] >> 6


def test_the_png_is_encoded_with_zlibs_fastest_level():
    fig, _ = plt.subplots(figsize=(2, 2), dpi=40)
    assert zlib_level(FigureRenderer(fig).png()) == 0
    plt.close(fig)
