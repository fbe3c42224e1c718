"""OnePixelLogistic, moved by code: each move must produce the cost, accuracy, curve, colours,
boundary, title and readout that follow from theta0, theta1 and the data (computed here by hand)."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core.controls.logistic import OnePixelLogistic, share_per_bin  # noqa: E402
from mlp_core.drawings.style import GUIDE, INK, NEUTRAL, PREDICTION, RIGHT, TRUTH, WRONG  # noqa: E402
from mlp_core.errors import InputError, ShapeError  # noqa: E402

# eight images: x = 0 twice (one a five), then 0.25 .. 1; t = 1 means "a five"
X8 = np.array([0.0, 0.0, 0.25, 0.25, 0.5, 0.75, 1.0, 1.0])
T8 = np.array([1, 0, 0, 1, 0, 1, 1, 0])


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def softplus(z):
    """log(1 + e^z), written out with the larger term first so that it never overflows."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def by_hand(t0, t1, x=X8, t=T8):
    """(cost, accuracy, right) of a = sigmoid(t0 + t1 x): cost -mean(t log a + (1 - t) log(1 - a)),
    a point is right when (a >= 0.5) == (t == 1)."""
    a = 1 / (1 + np.exp(-(t0 + t1 * x)))
    with np.errstate(divide="ignore"):
        cost = -np.mean(t * np.log(a) + (1 - t) * np.log(1 - a))
    right = (a >= 0.5) == (t == 1)
    return cost, right.mean(), right


def test_each_move_gives_the_cost_accuracy_curve_colours_and_text_of_its_thetas():
    c = OnePixelLogistic(X8, T8, theta0=0.0, theta1=1.0)
    for t0, t1 in ((0.0, 1.0), (-3.0, 5.0), (2.0, -4.0), (-0.5, 2.0)):
        c.theta0.value, c.theta1.value = t0, t1
        cost, acc, right = by_hand(t0, t1)
        assert c.cost == pytest.approx(cost, rel=1e-12) and c.accuracy == acc
        np.testing.assert_allclose(c.curve.get_ydata(), 1 / (1 + np.exp(-(t0 + t1 * c.xs))), rtol=1e-12)
        colours = c.points.get_facecolors()[:, :3]             # drawn at alpha 0.5
        want = [to_rgba(RIGHT if right[i] else WRONG)[:3] for i in c._shown]
        np.testing.assert_allclose(colours, want)
        cut = (0 - t0) / t1                                     # 0.0, never -0.0
        title = f"θ0 = {t0:.2f}, θ1 = {t1:.2f}: log-loss {cost:.4f}, accuracy {acc:.1%}"
        assert c.ax.get_title() == title
        side = "≥" if t1 > 0 else "≤"
        assert c.label.value == (f"θ0 = {t0:.2f}, θ1 = {t1:.2f}: log-loss <b>{cost:.4f}</b>, accuracy <b>{acc:.1%}"
                                 f"</b> (predict 'yes' where the curve ≥ 0.5: x {side} {cut:.3f})")
        assert c.boundary.get_visible() == (0 <= cut <= 1)
        if 0 <= cut <= 1:
            assert list(c.boundary.get_xdata()) == [pytest.approx(cut)] * 2
        assert c.message == ""


def test_a_point_exactly_on_the_boundary_is_predicted_yes_and_the_boundary_may_sit_on_either_end():
    c = OnePixelLogistic(X8, T8, theta0=0.0, theta1=1.0)     # s = 0 at x = 0: a = 0.5, predicted 'yes'
    assert c.accuracy == by_hand(0.0, 1.0)[1] == 4 / 8
    assert c.boundary.get_visible() and list(c.boundary.get_xdata()) == [0.0, 0.0]
    assert c.label.value.endswith("x ≥ 0.000)")              # -0/1 shown as 0, not -0
    c.theta0.value = -1.0                                    # cut at x = 1, the right end of the curve
    assert c.boundary.get_visible() and list(c.boundary.get_xdata()) == [1.0, 1.0]
    c.theta0.value = -1.01                                   # just beyond: hidden, where it was
    assert not c.boundary.get_visible() and list(c.boundary.get_xdata()) == [1.0, 1.0]
    c.theta0.value, c.theta1.value = 0.01, 1.0                # cut just left of x = 0
    assert not c.boundary.get_visible()


@pytest.mark.parametrize("t0, word, acc", [(0.0, "always", 4 / 8), (0.5, "always", 4 / 8),
                                           (-0.5, "never", 4 / 8)])
def test_a_flat_curve_says_always_or_never(t0, word, acc):
    c = OnePixelLogistic(X8, T8, theta0=t0, theta1=0.0)
    assert not c.boundary.get_visible() and c.accuracy == acc == by_hand(t0, 0.0)[1]
    assert c.label.value.endswith(f"(predict 'yes' where the curve ≥ 0.5: {word})")
    np.testing.assert_allclose(c.curve.get_ydata(), np.full(301, 1 / (1 + np.exp(-t0))))


def test_a_confidently_wrong_fit_costs_its_log_odds_without_overflow():
    c = OnePixelLogistic(X8, T8, theta0=600.0, theta1=-1200.0)
    s = 600.0 - 1200.0 * X8
    cost = np.mean(T8 * softplus(-s) + (1 - T8) * softplus(s))
    assert np.isfinite(c.cost) and c.cost == pytest.approx(cost, rel=1e-12) and c.cost > 100


def test_the_figure_shows_the_data_the_curve_the_share_per_bin_and_the_guides():
    c = OnePixelLogistic(X8, T8, theta0=0.0, theta1=1.0, bins=4)
    ax = c.ax
    assert tuple(c.fig.get_size_inches()) == (6.6, 4.6)
    assert constrained(c.fig)
    # the points: every image (fewer than max_points), at its x and its t jittered by at most 0.05
    assert sorted(c._shown) == list(range(8))
    xy = c.points.get_offsets()
    np.testing.assert_array_equal(xy[:, 0], X8[c._shown])
    jitter = xy[:, 1] - T8[c._shown]
    assert np.all(np.abs(jitter) <= 0.05) and len(np.unique(jitter)) == 8
    assert c.points.get_sizes().tolist() == [12] and c.points.get_alpha() == 0.5
    assert len(c.points.get_edgecolors()) == 0
    # the model's curve over 301 values of x from 0 to 1
    assert len(c.xs) == 301 and (c.xs[0], c.xs[-1]) == (0.0, 1.0)
    assert c.curve.get_color() == PREDICTION and c.curve.get_linewidth() == 2.5
    assert c.curve.get_label() == r"model $a = \sigma(\theta_0 + \theta_1 x)$"
    np.testing.assert_array_equal(c.curve.get_xdata(), c.xs)
    # the share of t = 1 in each of 4 bins of [0, 1], at the bins' centres
    np.testing.assert_allclose(c.edges, [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(c.share, [1 / 2, 1 / 2, 0 / 1, 2 / 3])
    np.testing.assert_allclose(c.share_line.get_xdata(), [0.125, 0.375, 0.625, 0.875])
    np.testing.assert_allclose(c.share_line.get_ydata(), c.share)
    s = c.share_line
    assert (s.get_marker(), s.get_color(), s.get_markersize(), s.get_linewidth(), s.get_drawstyle()) == (
        "D", TRUTH, 5, 1.2, "steps-mid")
    assert s.get_label() == "share with t = 1 in each of 4 bins of x"
    # the guides: a = 0.5 dashed, the boundary dotted
    assert c.threshold.get_ydata() == [0.5, 0.5] and c.threshold.get_linestyle() == "--"
    assert c.threshold.get_color() == GUIDE and c.threshold.get_linewidth() == 1
    assert c.boundary.get_linestyle() == ":" and c.boundary.get_color() == INK and c.boundary.get_linewidth() == 1.2
    # the axes: room left of x = 0 for the pile of blank pixels
    assert ax.get_xlim() == pytest.approx((-0.06, 1 + 0.02)) and ax.get_ylim() == pytest.approx((-0.12, 1.12))
    assert ax.get_xlabel() == "pixel value x" and ax.get_ylabel() == "a = P(t = 1 | x)"
    assert list(ax.get_yticks()) == [0, 0.5, 1]
    assert c.moving == [c.points, c.curve, c.boundary, ax.title]


def test_the_key_names_each_thing_drawn_and_counts_the_images_at_zero():
    x = np.concatenate([np.zeros(1500), np.linspace(0.01, 1, 1500)])
    assert len(OnePixelLogistic(x, x > 0.5)._shown) == 2000                  # the default max_points
    x = np.concatenate([np.zeros(1000), np.linspace(0.01, 1, 2000)])
    c = OnePixelLogistic(x, x > 0.5, max_points=2500)
    legend = c.fig.legends[0]
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == [r"model $a = \sigma(\theta_0 + \theta_1 x)$", "share with t = 1 in each of 10 bins of x",
                     "one image each (t jittered): 1,000 of 3,000 at x = 0", "right answer (a ≥ 0.5 says t = 1)",
                     "wrong answer"]
    dots = legend.legend_handles[2:]
    assert [h.get_color() for h in dots] == [NEUTRAL, RIGHT, WRONG]
    assert all(h.get_marker() == "o" and h.get_linestyle() == "None" for h in dots)
    assert legend._ncols == 2 and not legend.get_frame_on() and texts and legend.get_texts()[0].get_fontsize() == 9
    assert legend._loc_used_default is False and legend._outside_loc == "lower"
    # at most max_points images drawn, distinct, chosen by the seed
    assert len(c._shown) == 2500 == len(set(c._shown.tolist())) == len(c.points.get_offsets())
    again, other = OnePixelLogistic(x, x > 0.5, max_points=2500), OnePixelLogistic(x, x > 0.5, max_points=2500, seed=1)
    np.testing.assert_array_equal(again.points.get_offsets(), c.points.get_offsets())
    assert not np.array_equal(other._shown, c._shown)


def test_the_view_and_the_sliders_follow_the_data_and_the_starting_thetas():
    x = np.array([-2.0, 0.5, 3.0])
    c = OnePixelLogistic(x, [0, 1, 1], theta0=25.0, theta1=-50.0)
    assert (c.xs[0], c.xs[-1]) == (-2.0, 3.0) and c.ax.get_xlim() == pytest.approx((-2.3, 3.1))
    assert (c.theta0.min, c.theta0.max, c.theta0.value, c.theta0.step) == (-20.0, 25.0, 25.0, 0.01)
    assert (c.theta1.min, c.theta1.max, c.theta1.value, c.theta1.step) == (-50.0, 40.0, -50.0, 0.01)
    assert (c.theta0.description, c.theta1.description) == ("θ0 (shift)", "θ1 (steepness)")
    rows = [row.children for row in c.widget.children[:2]]
    assert rows[0][0] is c.theta0 and rows[1][0] is c.theta1
    assert rows[0][1].value == 25.0 and rows[1][1].value == -50.0
    d = OnePixelLogistic(x, [0, 1, 1], theta0=-25.0, theta1=45.0)
    assert (d.theta0.min, d.theta0.max, d.theta1.min, d.theta1.max) == (-25.0, 20.0, -40.0, 45.0)
    f = OnePixelLogistic([0.2, 0.9], [0, 1])                   # the view holds 0 and 1 whatever the data
    assert (f.xs[0], f.xs[-1]) == (0.0, 1.0)
    e = OnePixelLogistic(X8, T8)
    assert (e.theta0.min, e.theta0.max, e.theta0.value, e.theta1.min, e.theta1.max, e.theta1.value) == (
        -20.0, 20.0, 0.0, -40.0, 40.0, 1.0)


def test_share_per_bin_counts_the_fives_in_each_bin():
    x = np.array([0.05, 0.1, 0.1, 0.3, 0.95, 2.0])
    t = np.array([1, 0, 1, 1, 0, 1])
    edges, share = share_per_bin(x, t, 0.0, 1.0, 4)
    np.testing.assert_allclose(edges, [0, 0.25, 0.5, 0.75, 1])
    # bin 0: three images, two fives; bin 1: one image, a five; bin 2: none; bin 3: one, not a five
    np.testing.assert_array_equal(share, [2 / 3, 1.0, np.nan, 0.0])
    edges, share = share_per_bin(x, t, 0.0, 2.0, 1)
    np.testing.assert_array_equal(edges, [0.0, 2.0]) and np.testing.assert_allclose(share, [4 / 6])


def test_arguments_out_of_range_are_refused_by_name_and_the_ends_are_allowed():
    for name in ("theta0", "theta1"):
        for ok in (-1e6, 1e6):
            assert getattr(OnePixelLogistic(X8, T8, **{name: ok}), name).value == ok
        for bad in (-1000000.5, 1000000.5):
            with pytest.raises(InputError, match=rf"^{name} must be a finite number in \[-1000000.0, 1000000.0\]"):
                OnePixelLogistic(X8, T8, **{name: bad})
    for name, low, high in (("max_points", 1, 10 ** 6), ("bins", 1, 1000)):
        OnePixelLogistic(X8, T8, **{name: low})
        OnePixelLogistic(X8, T8, **{name: high})
        for bad in (low - 1, high + 1):
            with pytest.raises(InputError, match=rf"^{name} must be an integer from {low} to {high}, got {bad}$"):
                OnePixelLogistic(X8, T8, **{name: bad})
    assert len(OnePixelLogistic(X8, T8, max_points=1).points.get_offsets()) == 1
    assert len(OnePixelLogistic(X8, T8, bins=1000).edges) == 1001
    with pytest.raises(InputError, match=r"^seed must be a seed"):
        OnePixelLogistic(X8, T8, seed=-1)


def test_pixels_and_labels_that_do_not_fit_are_refused_with_what_was_given():
    with pytest.raises(InputError, match=r"^pixel holds no images: expected one pixel value per image, "
                                         r"shape \(m,\) with m >= 1$"):
        OnePixelLogistic([], [])
    with pytest.raises(InputError, match=r"^pixel holds 2 values that are not finite numbers: "
                                         r"expected pixel intensities$"):
        OnePixelLogistic([0.1, np.nan, np.inf], [0, 1, 0])
    with pytest.raises(ShapeError, match=r"^need pixel \(m,\) and 0/1 labels \(m,\), got \(3,\) and \(2,\)$"):
        OnePixelLogistic([0.1, 0.2, 0.3], [0, 1])
    with pytest.raises(ShapeError, match=r"got \(2,\) and \(2,\)$"):
        OnePixelLogistic([0.1, 0.2], [0, 2])
    c = OnePixelLogistic([[0.0, 1.0], [0.5, 0.25]], [[True, False], [True, False]])   # any shape, raveled
    np.testing.assert_array_equal(c.x, [0, 1, 0.5, 0.25]) and np.testing.assert_array_equal(c.t, [1, 0, 1, 0])
    assert c.t.dtype == float and c.x.dtype == float
    d = OnePixelLogistic(["0.5", "1"], [0, 1])                # numbers as text are read as numbers
    assert d.x.tolist() == [0.5, 1.0]
