"""GradientDescentExplorer and its helpers, moved by code: each move must draw the path
x <- x - lr f'(x) computed here step by step, its start and end, the title and the readout."""
import io
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core.controls.descent import GradientDescentExplorer, LaidOutContours, contour_set, contours, descend  # noqa: E402,E501
from mlp_core.drawings.style import GUIDE, HALO, HIGHLIGHT, INK, WRONG  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.optimizers import SGD  # noqa: E402
from mlp_core.surfaces import SURFACES, Surface  # noqa: E402
from PIL import Image  # noqa: E402


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def png_pixels(control):
    """The picture the learner sees now (the control's own renderer), as an array of pixels."""
    return np.asarray(Image.open(io.BytesIO(control.png())))


def sgd_path(grad, start, lr, steps):
    """The points x_0 = start, x_{k+1} = x_k - lr grad(x_k), as rows."""
    x, out = np.array(start, dtype=float), []
    out.append(x.copy())
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        out.append(x.copy())
    return np.array(out)


def line_surface(d, xlim=(-1, 1), ylim=(-5, 5), grad=None):
    """A stand-in surface whose gradient is constant: SGD with lr 1 moves one unit a step along x."""
    step = np.array([-1.0] + [0.0] * (d - 1))
    return SimpleNamespace(d=d, xlim=xlim, ylim=ylim, grad=grad or (lambda p: step))


def test_descend_stops_where_the_point_leaves_twenty_times_the_view():
    path, diverged = descend(line_surface(2), SGD(1.0), (0.0, 0.0), 150)     # bound 20 * 5 (the y view)
    assert diverged and len(path) == 101 and path[-1].tolist() == [100.0, 0.0]
    path, diverged = descend(line_surface(1), SGD(1.0), (0.0,), 150)         # a curve: bound 20 * 1
    assert diverged and len(path) == 21 and path[-1].tolist() == [20.0]
    path, diverged = descend(line_surface(1), SGD(1.0), (0.0,), 20)          # ends on the bound: kept
    assert not diverged and len(path) == 21
    path, diverged = descend(line_surface(1, xlim=(-3, 0.5)), SGD(1.0), [0], 70)  # the larger end: 3
    assert diverged and len(path) == 61 and path.dtype == float


def test_descend_stops_before_the_first_point_that_is_not_finite():
    fn = line_surface(1, grad=lambda p: np.array([np.nan if p[0] >= 3 else -1.0]))
    path, diverged = descend(fn, SGD(1.0), (0.0,), 10)
    assert diverged and path[:, 0].tolist() == [0.0, 1.0, 2.0, 3.0]
    fn = line_surface(1, grad=lambda p: np.array([-1e308 if p[0] >= 2 else -1.0]))   # overflows quietly
    path, diverged = descend(fn, SGD(10.0), (0.0,), 10)
    assert diverged and path[:, 0].tolist() == [0.0, 10.0] and np.isfinite(path).all()


def test_descend_follows_sgd_on_the_parabola():
    fn = SURFACES["parabola"]
    path, diverged = descend(fn, SGD(0.1), (2.5,), 5)
    np.testing.assert_allclose(path[:, 0], 2.5 * 0.8 ** np.arange(6)) and not diverged
    path, diverged = descend(fn, SGD(1.5), (7.5,), 10)        # x <- -2x: 7.5, -15, 30, -60, then beyond 60
    assert diverged and path[:, 0].tolist() == [7.5, -15.0, 30.0, -60.0]


@pytest.mark.parametrize("name", ["round", "rosenbrock"])
def test_contours_rise_from_the_minimum_closer_together_near_the_bottom(name):
    import matplotlib.pyplot as plt
    fn = SURFACES[name]
    fig, ax = plt.subplots()
    cs = contours(ax, fn)
    X, Y = np.meshgrid(np.linspace(*fn.xlim, 160), np.linspace(*fn.ylim, 160))
    Z, low = fn.f(X, Y), fn.f(*fn.minimum)
    np.testing.assert_allclose(cs.levels, low + np.geomspace(1e-3, 1, 14) * (Z.max() - low))
    assert cs.get_cmap().name == "viridis" and np.all(cs.get_linewidths() == 0.8)
    star = ax.lines[0]
    assert star.get_xydata().tolist() == [list(fn.minimum)] and star.get_marker() == "*"
    assert star.get_color() == INK and star.get_markersize() == 10 and star.get_zorder() == 4
    labels = cs.labelTexts
    shown = {t.get_text() for t in labels}
    assert shown <= {f"f = {v:.2g}" for v in cs.levels[1::3]} and len(shown) >= 3
    assert all(t.get_fontsize() == 9 and t.get_zorder() == 2.5 for t in labels)
    assert cs.labelLevelList == list(cs.levels[1::3]) and cs.labelManual is False
    assert ax.get_aspect() == 1.0 and ax.get_adjustable() == "box"
    plt.close(fig)


def test_each_move_draws_the_path_of_its_start_rate_and_steps_on_a_curve():
    c = GradientDescentExplorer("double_well", lr=0.1, steps=30)
    fn = SURFACES["double_well"]
    for setting in (dict(x0=-2.0), dict(lr=0.2), dict(steps=7), dict(x0=0.5)):
        for name, value in setting.items():
            getattr(c, name).value = value
        lr, steps = c.lr.value, c.steps.value
        p = sgd_path(fn.grad, (c.x0.value,), lr, steps)
        np.testing.assert_allclose(c.path, p, rtol=1e-12)
        np.testing.assert_allclose(c.path_line.get_xydata(), np.column_stack([p[:, 0], fn.f(p[:, 0])]), rtol=1e-12)
        np.testing.assert_allclose(c.start_point.get_xydata(), [[p[0, 0], fn.f(p[0, 0])]])
        np.testing.assert_allclose(c.end_point.get_xydata(), [[p[-1, 0], fn.f(p[-1, 0])]])
        final = fn.f(p[-1, 0])
        assert c.final_point.tolist() == pytest.approx(p[-1].tolist()) and c.final_value == pytest.approx(final)
        assert c.steps_taken == steps and not c.diverged and c.message == ""
        assert c.ax.get_title() == f"x⁴/4 − x² + 0.3x (two minima): η = {lr:.3g}"
        assert matplotlib.colors.same_color(c.ax.title.get_color(), INK)
        assert c.label.value == f"after {steps} steps: point ({p[-1, 0]:.4f}), f = <b>{final:.5g}</b>"


def test_a_path_in_the_plane_and_a_rate_that_diverges():
    c = GradientDescentExplorer("round", lr=0.1, steps=4)
    fn = SURFACES["round"]
    c.x0.value, c.y0.value = 1.5, -2.0
    p = sgd_path(fn.grad, (1.5, -2.0), 0.1, 4)
    np.testing.assert_allclose(c.path, p) and np.testing.assert_allclose(c.path_line.get_xydata(), p)
    np.testing.assert_allclose(c.start_point.get_xydata(), p[:1]) and np.testing.assert_allclose(
        c.end_point.get_xydata(), p[-1:])
    assert c.final_value == pytest.approx(fn.f(*p[-1]))
    assert c.label.value == f"after 4 steps: point ({p[-1, 0]:.4f}, {p[-1, 1]:.4f}), f = <b>{fn.f(*p[-1]):.5g}</b>"
    c.lr.value = 10 ** 0.5                                     # x <- (1 - 2 lr) x: |x| grows 5.3 times a step
    p = sgd_path(fn.grad, (1.5, -2.0), 10 ** 0.5, 4)
    inside = [k for k in range(5) if np.abs(p[k]).max() <= 60]
    assert c.diverged and c.steps_taken == len(inside) - 1 == 2
    assert c.ax.get_title() == "x² + y² (round bowl): η = 3.16, diverged"
    assert matplotlib.colors.same_color(c.ax.title.get_color(), WRONG)
    assert c.message == "diverged: learning rate too large (the point ran away after 2 steps)"


def test_a_new_function_brings_its_view_its_start_and_one_set_of_contours():
    c = GradientDescentExplorer("parabola", lr=0.1, steps=5)
    fn = SURFACES["parabola"]
    xs = np.linspace(-3, 3, 400)
    np.testing.assert_allclose(c.curve.get_xydata(), np.column_stack([xs, xs ** 2]))
    assert (c.ax.get_xlabel(), c.ax.get_ylabel(), c.ax.get_aspect()) == ("x", "f(x)", "auto")
    assert (c.x0.min, c.x0.max, c.x0.value) == (-3, 3, 2.5) and c.y0.disabled
    assert (c.y0.min, c.y0.max, c.y0.value) == (-3, 3, 0.0)
    assert c.ax.get_xlim() == fn.xlim and c.ax.get_ylim() == fn.ylim
    version = c.renderer.version
    c.function.value = "elongated"
    assert c.renderer.version == version + 1 and not c.y0.disabled
    assert (c.x0.min, c.x0.max, c.x0.value, c.y0.min, c.y0.max, c.y0.value) == (-10, 10, -8.0, -4, 4, 2.5)
    assert c.curve.get_xydata().shape == (0, 2) and len(c.ax.collections) == 1 and len(c.ax.lines) == 5
    assert (c.ax.get_xlabel(), c.ax.get_ylabel()) == ("x", "y") and c.ax.get_xlim() == (-10, 10)
    assert c.path[0].tolist() == [-8.0, 2.5] and c.ax.lines[4].get_xydata().tolist() == [[0.0, 0.0]]
    c.function.value = "rosenbrock"                          # the old contours and star go, new ones come
    assert len(c.ax.collections) == 1 and len(c.ax.lines) == 5 and c.ax.lines[4].get_xydata().tolist() == [[1, 1]]
    assert list(c.ax.lines[:4]) == [c.curve, c.path_line, c.start_point, c.end_point]
    assert (c.y0.min, c.y0.max, c.y0.value) == (-1, 3, 2.0) and c.ax.get_ylim() == (-1, 3)
    c.function.value = "plateau"
    assert not c.ax.collections and list(c.ax.lines) == [c.curve, c.path_line, c.start_point, c.end_point]
    assert c.y0.disabled and (c.y0.min, c.y0.max, c.y0.value) == (-3, 3, 0.0) and c.x0.value == 2.2
    assert c.ax.get_aspect() == "auto" and c.ax.get_ylabel() == "f(x)" and c.path.shape == (6, 1)
    c.function.value = "round"                               # from a curve back to a surface
    assert len(c.ax.collections) == 1 and len(c.ax.lines) == 5 and c.message == ""
    d = GradientDescentExplorer("round")
    assert (d.ax.get_xlabel(), d.ax.get_ylabel()) == ("x", "y") and d.ax.get_aspect() == 1.0
    assert (d.function.value, d.lr.value, d.steps.value) == ("round", 0.1, 30)
    assert GradientDescentExplorer().function.value == "double_well"


def test_the_figure_and_widgets_of_the_explorer():
    c = GradientDescentExplorer("plateau", lr=0.05, steps=12)
    assert tuple(c.fig.get_size_inches()) == (6.4, 4)
    assert constrained(c.fig)
    assert (c.function.value, c.function.description, c.lr.value, c.steps.value) == ("plateau", "f", 0.05, 12)
    assert (c.steps.min, c.steps.max, c.steps.description, c.x0.description, c.y0.description) == (
        1, 200, "steps", "x0", "y0")
    assert [list(r.children) for r in c.widget.children[:2]] == [[c.function, c.lr], [c.x0, c.y0, c.steps]]
    assert c.curve.get_color() == GUIDE and c.curve.get_linewidth() == 1.5
    pl = c.path_line
    assert (pl.get_marker(), pl.get_linestyle(), pl.get_color(), pl.get_markersize(), pl.get_linewidth(),
            pl.get_zorder()) == ("o", "-", HIGHLIGHT, 4, 1.2, 5)
    s = c.start_point
    assert (s.get_marker(), s.get_linestyle(), s.get_markerfacecolor(), s.get_markeredgecolor(), s.get_markersize(),
            s.get_zorder()) == ("o", "None", HALO, HIGHLIGHT, 9, 6)
    e = c.end_point
    assert (e.get_marker(), e.get_color(), e.get_markeredgecolor(), e.get_markersize(), e.get_zorder()) == (
        "*", HIGHLIGHT, INK, 14, 6)
    assert c.moving == [c.path_line, c.start_point, c.end_point, c.ax.title]


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=0.0009), r"^lr must be a finite number in \[0.001, 100.0\], got 0.0009$"),
    (dict(lr=100.5), r"^lr must be a finite number in \[0.001, 100.0\], got 100.5$"),
    (dict(steps=0), r"^steps must be an integer from 1 to 200, got 0$"),
    (dict(steps=201), r"^steps must be an integer from 1 to 200, got 201$"),
    (dict(function="sphere"), r"^function = 'sphere': expected one of \['parabola'"),
])
def test_arguments_are_checked_by_name(kwargs, match):
    with pytest.raises(InputError, match=match):
        GradientDescentExplorer(**kwargs)


def test_the_ends_of_the_ranges_are_allowed():
    for lr, steps in ((1e-3, 1), (1e2, 200)):
        c = GradientDescentExplorer("parabola", lr=lr, steps=steps)
        assert c.lr.value == pytest.approx(lr) and c.steps.value == steps


def tilted_bowl():
    """A bowl f = (x - 1)² + 2(y + 0.5)² + 3 in the view of 'round' (same limits, another minimum, f > 0)."""
    return Surface("tilted", "(x − 1)² + 2(y + 0.5)² + 3", lambda x, y: (x - 1) ** 2 + 2 * (y + 0.5) ** 2 + 3,
                   lambda p: np.array([2 * (p[0] - 1), 4 * (p[1] + 0.5)]), (-3, 3), (-3, 3), (-2.5, 2.0),
                   (1.0, -0.5))


def test_switching_back_and_forth_between_functions_of_one_view_redraws_each_background(monkeypatch):
    monkeypatch.setitem(SURFACES, "tilted", tilted_bowl())
    c, fresh = GradientDescentExplorer("round", lr=0.1, steps=5), GradientDescentExplorer("round", lr=0.1, steps=5)
    png_pixels(c), png_pixels(fresh)
    seen = []
    for i, name in enumerate(("tilted", "round", "tilted", "round")):   # one view: only the contours differ
        c.function.value = fresh.function.value = name
        fresh.renderer.version = 1000 + i                    # a version never used: the whole figure drawn again
        np.testing.assert_array_equal(png_pixels(c), png_pixels(fresh))   # c shows this function's picture
        assert c.ax.lines[4].get_xydata().tolist() == [list(SURFACES[name].minimum)]
        seen.append(png_pixels(c))
    assert not np.array_equal(seen[0], seen[1]) and np.array_equal(seen[0], seen[2])


def test_contours_start_from_the_lowest_value_of_f_whatever_it_is():
    import matplotlib.pyplot as plt
    fn = tilted_bowl()                          # f = 3 at the minimum (1, -0.5), 3 + 16 + 24.5 at the corner (-3, 3)
    fig, ax = plt.subplots()
    cs = contours(ax, fn)
    np.testing.assert_allclose(cs.levels, 3 + np.geomspace(1e-3, 1, 14) * (16 + 2 * 3.5 ** 2))
    plt.close(fig)


@pytest.mark.parametrize("name", ["round", "elongated", "rosenbrock"])
def test_each_contour_line_lies_within_three_pixels_of_its_level_set(name):
    """Drawn, a contour line is at most 3 px from the true curve f = level (distance to first order
    |f(p) - level| / |grad f(p)| at each vertex): the valley of 'rosenbrock' keeps its shape."""
    c = GradientDescentExplorer(name)
    c.png()                                                    # laid out as the learner sees it
    fn, cs = SURFACES[name], c.ax.collections[0]
    px_per_unit = c.ax.transData.get_matrix()[0, 0]
    worst = 0.0
    for level, segments in zip(cs.levels, cs.allsegs):
        for s in segments:
            g = np.array([fn.grad(p) for p in s])
            gap = np.abs(fn.f(s[:, 0], s[:, 1]) - level) / np.linalg.norm(g, axis=1)
            worst = max(worst, float(gap.max()) * px_per_unit)
    assert 0 < worst <= 3


def test_the_contours_and_the_curve_keep_their_look_under_other_matplotlib_defaults():
    with matplotlib.rc_context({"image.cmap": "gray", "lines.linewidth": 4.0}):
        c = GradientDescentExplorer("round")
        d = GradientDescentExplorer("parabola")
    assert c.ax.collections[0].get_cmap().name == "viridis" and d.curve.get_linewidth() == 1.5


def drawn_afresh(control, ax, fn):
    """The picture of a laid-out control whose contour set in ax is made again from scratch."""
    ax.collections[0].remove()
    contour_set(ax, fn)
    control.renderer.version += 1000                           # a version never used: everything drawn again
    return png_pixels(control)


@pytest.mark.parametrize("name", ["round", "elongated", "rosenbrock"])
def test_the_first_picture_labels_the_contours_where_the_laid_out_axes_are(name):
    """Contour labels and their gaps are placed in pixels: the first picture is the one of the laid-out
    axes, as after a switch away and back, and moves neither draw everything nor make contours again."""
    c, fresh = GradientDescentExplorer(name), GradientDescentExplorer(name)
    first, cs = png_pixels(c), c.ax.collections[0]
    png_pixels(fresh)                                          # laid out, then its contours made afresh
    np.testing.assert_array_equal(first, drawn_afresh(fresh, fresh.ax, SURFACES[name]))
    draws = c.renderer.full_draws
    c.lr.value, c.x0.value = 0.2, 0.5
    png_pixels(c)
    assert c.renderer.full_draws == draws and list(c.ax.collections) == [cs]
    c.function.value = "parabola"
    png_pixels(c)
    c.function.value = name
    c.lr.value, c.x0.value, back = 0.1, SURFACES[name].start[0], c.ax.collections[0]
    np.testing.assert_array_equal(png_pixels(c), first)
    assert list(c.ax.collections) == [back]                   # a switch places the labels in the laid-out view
    assert list(c.ax.texts) == list(back.labelTexts)


def test_laid_out_contours_follow_the_axes_to_a_new_view_and_stop_when_removed():
    import matplotlib.pyplot as plt
    fn = SURFACES["round"]
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.set(xlim=fn.xlim, ylim=fn.ylim, aspect="equal")
    ax.apply_aspect()                                          # the box the first draw gives it
    laid = LaidOutContours(ax, fn)
    first = laid.set
    assert ax.lines[0].get_xydata().tolist() == [[0.0, 0.0]] and ax.get_aspect() == 1.0
    assert list(ax.collections) == [first] and laid.fn is fn
    fig.canvas.draw()                                          # nothing moved: the same contours
    assert laid.set is first
    ax.set(xlim=(-2, 2), ylim=(-2, 2))
    fig.canvas.draw()
    assert laid.set is not first and list(ax.collections) == [laid.set]
    assert list(ax.texts) == list(laid.set.labelTexts) and first.labelTexts == []
    fig.canvas.draw()
    ref, bx = plt.subplots(figsize=(4, 4))                    # made from scratch in the view (-2, 2)
    bx.set(xlim=(-2, 2), ylim=(-2, 2), aspect="equal")
    bx.apply_aspect()
    contours(bx, fn)
    ref.canvas.draw()
    np.testing.assert_array_equal(np.asarray(fig.canvas.buffer_rgba()), np.asarray(ref.canvas.buffer_rgba()))
    laid.remove()
    assert not ax.collections and not ax.lines and not ax.texts
    ax.set(xlim=(-1, 1))
    fig.canvas.draw()                                          # removed: it no longer follows
    assert not ax.collections and not ax.texts
    plt.close(fig), plt.close(ref)
