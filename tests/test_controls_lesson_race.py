"""OptimizerRace, moved by code: each move must draw, for every optimizer, the path computed here
update by update, the steps it needs to come within tol of the minimum, and say which diverged.

These tests pin the race to the six optimizers the series ships (the fixture below), so an optimizer
registered in OPTIMIZERS later changes nothing here; tests/test_controls.py races every entry."""
import io
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core.controls import race  # noqa: E402
from mlp_core.controls.descent import contour_set  # noqa: E402
from mlp_core.controls.race import OptimizerRace, takes_momentum  # noqa: E402
from mlp_core.drawings.style import CATEGORY, INK, MAX_WIDTH, WRONG  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp  # noqa: E402
from mlp_core.surfaces import SURFACES  # noqa: E402
from PIL import Image  # noqa: E402

NAMES = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]
SHIPPED = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": AdaGrad, "rmsprop": RMSProp,
           "adam": Adam}


@pytest.fixture(autouse=True)
def shipped_optimizers(monkeypatch):
    """The race sees exactly the six shipped optimizers, in the series' order."""
    monkeypatch.setattr(race, "OPTIMIZERS", dict(SHIPPED))


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def run(optimizer, fn, steps):
    """The points visited from fn.start, one update at a time, stopping at the first not finite."""
    x = np.array(fn.start, dtype=float)
    out = [x.copy()]
    for _ in range(steps):
        optimizer.update([x], [fn.grad(x)])
        if not np.isfinite(x).all():
            break
        out.append(x.copy())
    return np.array(out)


def first_near(path, fn, tol):
    """The first k with |x_k - minimum| < tol, or None."""
    return next((k for k, p in enumerate(path) if math.dist(p, fn.minimum) < tol), None)


def test_takes_momentum_names_the_optimizers_with_a_momentum():
    assert [takes_momentum(cls) for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)] == [
        False, True, True, False, False, False]


def test_each_move_draws_every_path_and_its_steps_to_the_minimum():
    c = OptimizerRace("round", lr=0.05, momentum=0.5, steps=40, tol=0.05)
    fn = SURFACES["round"]
    for setting in (dict(), dict(momentum=0.8), dict(lr=0.1), dict(steps=60)):
        for name, value in setting.items():
            getattr(c, name).value = value
        lr, mu, steps = c.lr.value, c.momentum.value, c.steps.value
        made = {"SGD": SGD(lr), "Momentum": Momentum(lr, mu), "Nesterov": Nesterov(lr, mu), "AdaGrad": AdaGrad(lr),
                "RMSProp": RMSProp(lr), "Adam": Adam(lr)}
        shown = []
        for name in NAMES:
            path = run(made[name], fn, steps)
            np.testing.assert_allclose(c.paths[name], path, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(c.lines[name].get_xydata(), path, rtol=1e-12, atol=1e-15)
            k = first_near(path, fn, 0.05)
            assert c.steps_to_min[name] == k
            assert c.axes[name].get_title() == f"{name}: " + ("—" if k is None else f"{k} steps")
            assert matplotlib.colors.same_color(c.axes[name].title.get_color(), INK)
            shown.append(f"{name} <b>{'—' if k is None else k}</b>")
        assert c.label.value == "steps to the minimum: " + ", ".join(shown) and c.message == ""
    assert c.steps_to_min["SGD"] is not None and c.steps_to_min["AdaGrad"] is None


def test_a_point_exactly_tol_away_is_not_yet_near():
    fn = SURFACES["round"]
    path = run(SGD(0.1), fn, 10)
    tol = float(np.hypot(*path[3]))                      # x_k = 0.8^k x_0: x_3 sits exactly tol away
    c = OptimizerRace("round", lr=0.1, steps=10, tol=tol)
    assert c.steps_to_min["SGD"] == 4 and c.tol == tol


def test_a_rate_too_large_is_named_in_the_note_and_drawn_in_the_wrong_colour():
    c = OptimizerRace("round", lr=1.5, steps=20)
    fn = SURFACES["round"]
    path = run(SGD(1.5), fn, 20)                         # x <- -2x: beyond 60 after a few steps
    inside = np.abs(path).max(axis=1) <= 60
    np.testing.assert_allclose(c.paths["SGD"], path[:np.argmin(inside)])
    lost = [name for name in NAMES if c.axes[name].get_title() == f"{name}: diverged"]
    assert "SGD" in lost and "Adam" not in lost
    assert c.message == f"diverged: learning rate too large for {', '.join(lost)}"
    for name in NAMES:
        assert matplotlib.colors.same_color(c.axes[name].title.get_color(), WRONG if name in lost else INK)
    c.lr.value = 0.01
    assert c.message == ""


def test_a_new_surface_brings_its_own_contours_view_and_start():
    c = OptimizerRace("elongated", lr=0.1, steps=10)
    version, first = c.renderer.version, [ax.collections[0] for ax in c.axes.values()]
    c.lr.value = 0.2                                     # the same surface: contours kept
    assert [ax.collections[0] for ax in c.axes.values()] == first and c.renderer.version == version
    c.surface.value = "rosenbrock"
    assert c.renderer.version == version + 1
    for name, ax in c.axes.items():
        assert len(ax.collections) == 1 and ax.collections[0] is not first[0]
        assert list(ax.lines[:1]) == [c.lines[name]] and len(ax.lines) == 2
        assert ax.lines[1].get_xydata().tolist() == [[1.0, 1.0]]          # the minimum's star
        assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1, 3)
        assert c.paths[name][0].tolist() == [-1.5, 2.0]


def test_the_race_figure_has_a_panel_per_optimizer_three_to_a_row():
    c = OptimizerRace("elongated", steps=10)
    assert list(c.classes) == list(c.axes) == list(c.lines) == NAMES
    assert all(c.classes[n] is cls for n, cls in zip(NAMES, SHIPPED.values()))
    height = 0.6 + 2 * (0.6 + 0.4 * (MAX_WIDTH - 0.7) / 3)
    assert tuple(c.fig.get_size_inches()) == pytest.approx((MAX_WIDTH, height))
    assert constrained(c.fig)
    axes = list(c.axes.values())
    assert [ax.get_xlabel() for ax in axes] == ["", "", "", "x", "x", "x"]
    assert [ax.get_ylabel() for ax in axes] == ["y", "", "", "y", "", ""]
    assert c.fig.get_suptitle() == "6 optimizers from the same start: each path, and the steps to the minimum ★"
    assert c.fig._suptitle.get_fontsize() == 11
    for i, name in enumerate(NAMES):
        line = c.lines[name]
        assert (line.get_marker(), line.get_linestyle(), line.get_markersize(), line.get_linewidth(),
                line.get_zorder(), line.get_markeredgecolor(), line.get_markeredgewidth()) == (
            "o", "-", 2.5, 1.4, 5, INK, 0.3)
        assert line.get_color() == CATEGORY[i]
    assert c.moving == [*c.lines.values(), *(ax.title for ax in axes)]
    assert (c.surface.description, c.momentum.description, c.steps.description) == ("surface", "momentum", "steps")
    assert [v for _, v in c.surface.options] == [k for k, s in SURFACES.items() if s.d == 2]
    assert (c.momentum.min, c.momentum.max, c.momentum.value, c.steps.min, c.steps.max, c.steps.value) == (
        0.0, 0.99, 0.9, 10, 500, 10)
    assert [list(r.children) for r in c.widget.children[:2]] == [[c.surface, c.lr], [c.momentum, c.steps]]


def test_a_seventh_optimizer_gets_a_third_row_with_two_empty_panels(monkeypatch):
    class Slow(SGD):
        """p <- p - (eta / 4) g."""

        def update(self, params, grads):
            for p, g in zip(params, grads):
                p -= 0.25 * self.lr * g

    monkeypatch.setitem(race.OPTIMIZERS, "slow", Slow)
    c = OptimizerRace("round", lr=0.1, steps=10)
    assert tuple(c.fig.get_size_inches()) == pytest.approx((MAX_WIDTH, 0.6 + 3 * (0.6 + (MAX_WIDTH - 0.7) / 3)))
    grid = c.fig.axes
    assert len(grid) == 9 and [ax.axison for ax in grid[7:9]] == [False, False]
    assert [ax.get_xlabel() for ax in grid[:7]] == ["", "", "", "", "x", "x", "x"]
    labelled = [ax.xaxis.get_tick_params(which="major").get("labelbottom") for ax in grid[:7]]
    assert labelled == [False, False, False, False, True, True, True]    # numbers under each column's lowest
    assert c.lines["Slow"].get_color() == CATEGORY[6] and c.fig.get_suptitle().startswith("7 optimizers")
    np.testing.assert_allclose(c.paths["Slow"], run(SGD(0.025), SURFACES["round"], 10))


def test_only_the_paths_whose_inputs_changed_are_computed_again():
    c = OptimizerRace("round", lr=0.1, momentum=0.5, steps=10)
    before = dict(c.paths)
    c.momentum.value = 0.7
    assert {n for n in NAMES if c.paths[n] is before[n]} == {"SGD", "AdaGrad", "RMSProp", "Adam"}
    assert len(c._paths) == 8
    held = 8
    for i in range(30):                                 # six new paths a move; emptied when it holds over 60
        c.steps.value = 11 + i
        for _ in NAMES:
            held = 1 if held > 60 else held + 1
        assert len(c._paths) == held
    assert held < 8 + 6 * 30


@pytest.mark.parametrize("kwargs, match", [
    (dict(surface="parabola"), r"^surface = 'parabola': expected one of \['elongated', 'round', 'rosenbrock'\]$"),
    (dict(lr=0.0009), r"^lr must be a finite number in \[0.001, 100.0\]"),
    (dict(lr=101.0), r"^lr must be a finite number in \[0.001, 100.0\]"),
    (dict(momentum=-0.01), r"^momentum must be a finite number in \[0.0, 0.99\]"),
    (dict(momentum=0.995), r"^momentum must be a finite number in \[0.0, 0.99\]"),
    (dict(steps=9), r"^steps must be an integer from 10 to 500, got 9$"),
    (dict(steps=501), r"^steps must be an integer from 10 to 500, got 501$"),
    (dict(tol=0.0), r"^tol must be a finite number in \[1e-09, 10"),
    (dict(tol=10.5), r"^tol must be a finite number in \[1e-09, 10"),
])
def test_arguments_are_checked_by_name(kwargs, match):
    with pytest.raises(InputError, match=match):
        OptimizerRace(**kwargs)


def test_the_ends_of_the_ranges_are_allowed():
    low = OptimizerRace("round", lr=1e-3, momentum=0.0, steps=10, tol=1e-9)
    high = OptimizerRace("round", lr=1e2, momentum=0.99, steps=500, tol=10)
    assert (low.momentum.value, low.steps.value, low.tol) == (0.0, 10, 1e-9)
    assert (high.momentum.value, high.steps.value, high.tol) == (0.99, 500, 10)
    assert low.lr.value == pytest.approx(1e-3) and high.lr.value == pytest.approx(1e2)
    assert high.steps_to_min["AdaGrad"] == 0                  # tol 10: the start is already near


def test_steps_to_the_minimum_are_counted_from_the_surfaces_own_minimum():
    fn = SURFACES["rosenbrock"]                              # the minimum at (1, 1), not the origin
    c = OptimizerRace("rosenbrock", lr=0.01, momentum=0.5, steps=300, tol=0.3)
    made = {"SGD": SGD(0.01), "Momentum": Momentum(0.01, 0.5), "Nesterov": Nesterov(0.01, 0.5),
            "AdaGrad": AdaGrad(0.01), "RMSProp": RMSProp(0.01), "Adam": Adam(0.01)}
    want = {name: first_near(run(made[name], fn, 300), fn, 0.3) for name in NAMES}
    assert c.steps_to_min == want and any(k is not None for k in want.values())


def test_two_optimizers_share_one_row(monkeypatch):
    import mlp_core.controls.race as race
    monkeypatch.setattr(race, "OPTIMIZERS", {"sgd": SGD, "adam": Adam})
    c = OptimizerRace("round", lr=0.1, steps=10)
    assert list(c.axes) == ["SGD", "Adam"] and len(c.fig.axes) == 2
    assert tuple(c.fig.get_size_inches()) == pytest.approx((MAX_WIDTH, 0.6 + 0.6 + (MAX_WIDTH - 0.7) / 2))
    assert [ax.get_xlabel() for ax in c.axes.values()] == ["x", "x"] and c.axes["SGD"].get_ylabel() == "y"
    np.testing.assert_allclose(c.paths["Adam"], run(Adam(0.1), SURFACES["round"], 10))


def test_without_arguments_the_race_is_the_chapters_race_within_0_05_of_the_minimum():
    """Chapter 5 §6 races on 'elongated' with lr 0.1, momentum 0.9 and 200 steps, and each title counts the
    steps to come within 0.05 of the minimum for the first time (the class docstring: 'elongated', lr 0.1)."""
    c = OptimizerRace()
    assert (c.surface.value, c.lr.value, c.momentum.value, c.steps.value) == ("elongated", pytest.approx(0.1), 0.9, 200)
    fn = SURFACES["elongated"]
    made = {"SGD": SGD(0.1), "Momentum": Momentum(0.1, 0.9), "Nesterov": Nesterov(0.1, 0.9), "AdaGrad": AdaGrad(0.1),
            "RMSProp": RMSProp(0.1), "Adam": Adam(0.1)}
    expected = {name: first_near(run(opt, fn, 200), fn, 0.05) for name, opt in made.items()}
    assert c.steps_to_min == expected
    assert sum(v is not None for v in expected.values()) >= 2 and len(c.paths["SGD"]) == 201
    wider = {name: first_near(c.paths[name], fn, 0.5) for name in made}
    assert wider != expected                                   # 0.05, not another tolerance, makes these counts


def test_a_race_of_one_optimizer_follows_every_move(monkeypatch):
    monkeypatch.setattr(race, "OPTIMIZERS", {"sgd": SGD})
    c = OptimizerRace("round", lr=0.1, steps=10)
    for lr in (0.2, 0.05):
        c.lr.value = lr
        assert c.message == "" and list(c.paths) == ["SGD"]
        np.testing.assert_allclose(c.paths["SGD"], run(SGD(lr), SURFACES["round"], 10))
    c.lr.value = 0.001
    c.surface.value = "rosenbrock"
    assert c.message == "" and len(c.axes["SGD"].collections) == 1 and c.paths["SGD"][0].tolist() == [-1.5, 2.0]


def pixels(control):
    """The picture the learner sees now (the control's own renderer), as an array of pixels."""
    return np.asarray(Image.open(io.BytesIO(control.png())))


@pytest.mark.parametrize("surface, other", [("elongated", "rosenbrock"), ("rosenbrock", "round")])
def test_the_first_picture_labels_every_panels_contours_where_the_laid_out_axes_are(surface, other):
    """Contour labels and their gaps are placed in pixels: the first picture equals the laid-out race
    whose contours are made from scratch, and the picture after a switch away and back; a move neither
    draws everything nor makes contours again."""
    c, fresh = OptimizerRace(surface, steps=20), OptimizerRace(surface, steps=20)
    first, sets = pixels(c), [ax.collections[0] for ax in c.axes.values()]
    pixels(fresh)                                              # laid out, then its contours made afresh
    for ax in fresh.axes.values():
        ax.collections[0].remove()
        contour_set(ax, SURFACES[surface])
    fresh.renderer.version += 1000
    np.testing.assert_array_equal(first, pixels(fresh))
    draws = c.renderer.full_draws
    c.momentum.value = 0.5
    pixels(c)
    assert c.renderer.full_draws == draws and [ax.collections[0] for ax in c.axes.values()] == sets
    c.surface.value = other
    pixels(c)
    c.surface.value, c.momentum.value = surface, 0.9
    back = [ax.collections[0] for ax in c.axes.values()]
    np.testing.assert_array_equal(pixels(c), first)
    assert [ax.collections[0] for ax in c.axes.values()] == back    # a switch places the labels in the view
    for ax in c.axes.values():
        assert len(ax.collections) == 1 and list(ax.texts) == list(ax.collections[0].labelTexts) and len(ax.lines) == 2
