"""What one move of DigitBrowser, NeuronPlayground and WeightTimeline changes, and what OutputBars
draws: the numbers, titles, readouts and artists' data each move should give, computed here from the
control's inputs (not read back from the control)."""
import math
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from mlp_core.controls import DigitBrowser, NeuronPlayground, WeightTimeline  # noqa: E402
from mlp_core.controls.bars import OutputBars  # noqa: E402
from mlp_core.controls.timeline import snapshot_frames  # noqa: E402
from mlp_core.drawings.style import MIN_FONT, NEUTRAL, PREDICTION, TRUTH, WEIGHT_CMAP  # noqa: E402
from mlp_core.errors import InputError, ShapeError  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(3)
    X = np.round(rng.random((6, 784)) * (rng.random((6, 784)) < 0.3), 3)
    X[0] = 0.0
    return X, np.array([4, 1, 9, 0, 7, 2])


# ---- DigitBrowser ----------------------------------------------------------------------------
def test_each_index_shows_its_image_strip_title_and_counts(digits):
    X, y = digits
    c = DigitBrowser(X, y, index=2)
    for i in (2, 5, 1, 3):
        c.index.value = i
        np.testing.assert_array_equal(c.image.get_array(), X[i].reshape(28, 28))
        np.testing.assert_array_equal(c.strip.get_array(), X[i][None, :])
        assert c.image.axes.get_title() == f"image {i}: label {y[i]}" and c.digit == y[i]
        nonzero = sum(1 for v in X[i] if v != 0)
        assert c.label.value == (f"image {i}, label <b>{y[i]}</b>: 784 numbers, {nonzero} not zero, "
                                 f"largest {max(X[i]):.2f}")
        assert c.message == ""
    c.index.value = 0
    assert c.message == "this image is blank: all 784 numbers are 0" and "0 not zero" in c.label.value


def test_the_browser_draws_non_finite_values_as_0_and_says_how_many(digits):
    X, y = digits
    X = X.copy()
    X[1, [3, 50, 700]] = [np.nan, np.inf, -np.inf]
    c = DigitBrowser(X, y, index=1)
    assert c.message == "3 values are not finite numbers (drawn as 0)"
    assert c.vector[[3, 50, 700]].tolist() == [0.0, 0.0, 0.0] and np.isfinite(c.image.get_array()).all()
    assert c.vector[4] == X[1, 4]


def test_the_browser_layout_its_slider_and_its_grey_scale(digits):
    X, y = digits
    assert DigitBrowser(X, y).index.value == 0
    c = DigitBrowser(X.reshape(6, 28, 28), y, index=4)
    assert (c.index.min, c.index.max, c.index.value, c.index.description) == (0, 5, 4, "index")
    assert c.widget.children[0].children[1].companion and c.moving == [c.image, c.strip, c.image.axes.title]
    assert tuple(c.fig.get_size_inches()) == (6, 4.6)
    assert c.image.get_clim() == (0, 1.0) and c.strip.get_clim() == (0, 1.0)
    sax = c.strip.axes
    assert list(sax.get_xticks()) == [0, 196, 392, 588, 784] and list(sax.get_yticks()) == []
    assert set(sax.get_xticks(minor=True)) == set(range(0, 784, 28)) - {0, 196, 392, 588}
    assert sax.get_xlabel() == "position k in the 784-long vector" and c.strip.get_cmap().name == "gray_r"
    bytes_ = DigitBrowser(X * 255, y)
    assert bytes_.image.get_clim() == (0, 255.0) and bytes_.strip.get_clim() == (0, 255.0)
    small = DigitBrowser(np.ones((2, 16)), [1, 2])
    assert list(small.strip.axes.get_xticks()) == [0] and small.image.get_array().shape == (4, 4)


def test_the_browser_figure_a_tall_picture_over_a_strip(digits):
    c = DigitBrowser(*digits)
    ax, sax = c.fig.axes
    assert ax.get_subplotspec().get_gridspec().get_height_ratios() == [5, 1]
    assert ax.get_subplotspec().get_gridspec().get_geometry() == (2, 1)
    assert type(c.fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert sax.get_aspect() == "auto" and c.strip.get_interpolation() == "nearest"
    assert c.strip.get_array().shape == (1, 784)
    X = digits[0].copy()
    X[2, 0] = 1.5                                           # above 1: the images count 0..255
    assert DigitBrowser(X, digits[1]).image.get_clim() == (0, 255.0)


@pytest.mark.parametrize("X, y, match", [
    (np.zeros(784), [0], r"^X must hold at least one image, \(m, 784\) or \(m, 28, 28\), got shape \(784,\)"),
    (np.zeros((0, 784)), [], r"got shape \(0, 784\)"),
    (np.zeros((2, 783)), [0, 1], r"^expected X \(m, 784\) and y \(m,\), got X \(2, 783\) and y \(2,\)"),
    (np.zeros((2, 784)), [0, 1, 2], r"got X \(2, 784\) and y \(3,\)$"),
])
def test_the_browser_refuses_images_of_the_wrong_shape(X, y, match):
    with pytest.raises(ShapeError, match=match):
        DigitBrowser(X, y)


def test_the_browser_refuses_an_index_past_the_last_image(digits):
    with pytest.raises(InputError, match="^index must be an integer from 0 to 5"):
        DigitBrowser(*digits, index=6)
    with pytest.raises(InputError, match="^index must be an integer from 0 to 5"):
        DigitBrowser(*digits, index=-1)
    assert DigitBrowser(*digits, index=5).index.value == 5


# ---- NeuronPlayground ------------------------------------------------------------------------
G = {"sigmoid": lambda z: 1 / (1 + math.exp(-z)), "tanh": math.tanh, "relu": lambda z: max(z, 0.0),
     "step": lambda z: 1.0 if z > 0 else 0.0, "identity": lambda z: z}


@pytest.mark.parametrize("name", list(G))
@pytest.mark.parametrize("xs, ws, b", [((0.5, -1.0, 0.25), (2.0, 1.5, -3.0), 0.4), ((1.0, 1.0, 1.0), (4, 4, 4), -2.5)])
def test_a_neuron_move_gives_z_a_the_point_the_guide_and_the_curve(name, xs, ws, b):
    c = NeuronPlayground(n_inputs=3, activation=name, weight_range=5.0)
    for s, v in zip(c.x + c.w, xs + ws):
        s.value = v
    c.b.value = b
    z = sum(w * x for w, x in zip(ws, xs)) + b
    a = G[name](z)
    assert c.z == pytest.approx(z) and c.a == pytest.approx(a)
    lim = max(6.0, 1.15 * abs(z))
    zs = c.curve.get_xdata()
    assert len(zs) == 601 and zs[0] == pytest.approx(-lim) and zs[-1] == pytest.approx(lim)
    np.testing.assert_allclose(c.curve.get_ydata(), [G[name](v) for v in zs], atol=1e-12)
    np.testing.assert_allclose(c.point.get_xydata(), [[z, a]])
    np.testing.assert_allclose(c.guide.get_xydata(), [[z, 0.0], [z, a], [-lim, a]])
    assert c.ax.get_xlim() == pytest.approx((-lim, lim))
    low = {"tanh": -1.1, "identity": -1.1 * lim}.get(name, -0.1)
    high = 1.1 * lim if name in ("relu", "identity") else 1.1
    assert c.ax.get_ylim() == pytest.approx((low, high))
    assert c.ax.get_title() == f"{name}: z = {z:.2f}, a = {a:.3f}"
    terms = " + ".join(f"({w:.2f})({x:.2f})" for w, x in zip(ws, xs))
    assert c.label.value == f"z = {terms} + ({b:.2f}) = <b>{z:.3f}</b>; a = {name}(z) = <b>{a:.4f}</b>"


@pytest.mark.parametrize("name, z, note", [
    ("sigmoid", 5.5, "saturated"), ("tanh", -5.5, "saturated"), ("sigmoid", 5.0, ""), ("tanh", -5.0, ""),
    ("relu", 5.5, ""), ("identity", 6.0, ""), ("relu", -0.5, "silent"), ("relu", 0.0, ""), ("step", -1.0, ""),
])
def test_the_neuron_names_saturation_and_a_silent_relu(name, z, note):
    c = NeuronPlayground(n_inputs=1, activation=name, weight_range=10.0)
    c.x[0].value = 0.0
    c.b.value = z
    expected = {"saturated": "saturated: the curve is flat here, so small changes of w or b barely change a",
                "silent": "relu gives 0 for every z < 0: this neuron is silent", "": ""}[note]
    assert c.message == expected


def test_the_neuron_builds_its_sliders_from_its_arguments():
    c = NeuronPlayground(n_inputs=4, activation="tanh", weight_range=2.5)
    assert [s.description for s in c.x] == ["x0", "x1", "x2", "x3"] and [s.description for s in c.w][-1] == "w3"
    assert all((s.min, s.max, s.value) == (-1.0, 1.0, 0.5) for s in c.x)
    assert all((s.min, s.max, s.value) == (-2.5, 2.5, 1.0) for s in c.w)
    assert (c.b.min, c.b.max, c.b.value, c.b.description) == (-2.5, 2.5, 0.0, "b")
    assert c.activation.value == "tanh" and c.activation.description == "g" and set(G) <= set(c.activation.options)
    assert c.z == pytest.approx(4 * 0.5) and c.moving == [c.curve, c.guide, c.point, c.ax.title]
    assert c.ax.get_xlabel() == "z" and c.ax.get_ylabel() == "a = g(z)"
    assert tuple(c.fig.get_size_inches()) == (5.5, 3.4)
    assert NeuronPlayground(n_inputs=1).w[0].max == 5.0 and len(NeuronPlayground(n_inputs=10).x) == 10


@pytest.mark.parametrize("kwargs, match", [
    ({"n_inputs": 0}, "n_inputs"), ({"n_inputs": 11}, "n_inputs"), ({"weight_range": 0.0}, "weight_range"),
    ({"activation": "softsign"}, r"activation = 'softsign': expected one of \['identity', 'relu'"),
])
def test_the_neuron_refuses_bad_arguments(kwargs, match):
    with pytest.raises(InputError, match=match):
        NeuronPlayground(**kwargs)


# ---- WeightTimeline --------------------------------------------------------------------------
def fake_snapshots(k=4, n=5, seed=0):
    rng = np.random.default_rng(seed)
    frames = np.cumsum(rng.normal(size=(k, n, 784)), axis=0)
    return SimpleNamespace(frames=frames, steps=[0, 3, 10, 40][:k] + list(range(50, 50 + k - 4)),
                           labels=[f"moment {i}" for i in range(k)])


def test_each_frame_shows_its_weights_title_and_mean_change():
    snaps = fake_snapshots()
    c = WeightTimeline(snaps, neurons=3)
    assert c.frame.value == 3 and (c.frame.min, c.frame.max) == (0, 3) and len(c.images) == 3
    for f in (0, 2, 1, 3):
        c.frame.value = f
        for j in range(3):
            np.testing.assert_array_equal(c.images[j].get_array(), snaps.frames[f, j].reshape(28, 28))
        previous = snaps.frames[max(f - 1, 0), :3]
        change = np.mean([abs(a - b) for a, b in zip(snaps.frames[f, :3].ravel(), previous.ravel())])
        assert c.change == pytest.approx(change) and (f > 0) == (c.change > 0)
        assert c.title.get_text() == f"W[1] rows moment {f} ({snaps.steps[f]} updates)"
        assert c.label.value == (f"frame {f} of 3: moment {f}; mean |change| since the previous frame "
                                 f"{change:.4f}")


def test_the_timeline_grid_colour_limits_and_panel_titles():
    snaps = fake_snapshots()
    c = WeightTimeline(snaps, neurons=5, cap=90)
    lim = np.percentile(np.abs(snaps.frames[-1, :5]), 90)
    assert all(im.get_clim() == pytest.approx((-lim, lim)) for im in c.images)
    axes = c.fig.axes[:-1]                                   # 3 x 2 panels, then the colourbar
    assert len(axes) == 6 and tuple(c.fig.get_size_inches()) == pytest.approx((1.65 * 3 + 1.2, 1.65 * 2 + 0.5))
    assert [ax.get_title() for ax in axes[:5]] == [f"neuron {j}" for j in range(5)]
    assert axes[5].get_title() == "" and not axes[5].axison and all(ax.axison for ax in axes[:5])
    assert all(list(ax.get_xticks()) == [] == list(ax.get_yticks()) for ax in axes[:5])
    bar = c.images[0].colorbar
    assert bar.ax.get_ylabel() == "weight (capped at the 90th percentile of |w|)"
    assert isinstance(bar.locator, MaxNLocator) and bar.locator._symmetric and bar.locator._nbins == 5
    assert c.moving == [*c.images, c.title] and c.title.get_fontsize() == 11
    assert c.frame.description == "frame"
    one = WeightTimeline(fake_snapshots(k=2, n=1), neurons=1, cap=100)
    assert one.images[0].get_clim() == pytest.approx((-np.abs(one.frames[-1]).max(), np.abs(one.frames[-1]).max()))


def test_the_timeline_draws_16_neurons_by_default_on_one_colourbar_for_all_panels():
    snaps = fake_snapshots(n=20)
    c = WeightTimeline(snaps)
    assert len(c.images) == 16 and c.images[0].get_cmap().name == WEIGHT_CMAP.name
    lim = np.percentile(np.abs(snaps.frames[-1, :16]), 99)
    assert c.images[3].get_clim() == pytest.approx((-lim, lim))
    bar = c.images[0].colorbar
    assert bar.ax.get_ylabel() == "weight (capped at the 99th percentile of |w|)"
    assert type(c.fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert all(ax.title.get_fontsize() == 9 for ax in c.fig.axes[:16])
    c.png()
    panels = [ax.get_position() for ax in c.fig.axes[:16]]
    assert max(p.width for p in panels) - min(p.width for p in panels) < 1e-6      # the bar beside them all
    span = max(p.y1 for p in panels) - min(p.y0 for p in panels)
    assert bar.ax.get_position().height / span == pytest.approx(0.7, abs=0.05)
    assert bar.ax.get_position().x0 > max(p.x1 for p in panels)
    assert WeightTimeline(snaps, neurons=2, cap=0.5).images[0].get_clim()[1] == pytest.approx(
        np.percentile(np.abs(snaps.frames[-1, :2]), 0.5))


def test_the_timeline_keeps_the_first_neurons():
    snaps = fake_snapshots(n=7)
    c = WeightTimeline(snaps, neurons=7)
    assert len(c.images) == 7 and c.frames.shape == (4, 7, 784)
    assert WeightTimeline(snaps, neurons=2).frames.tolist() == snaps.frames[:, :2].tolist()


@pytest.mark.parametrize("snapshots, match", [
    (object(), "got object"),
    (SimpleNamespace(frames=np.zeros((1, 3, 784)), steps=[0], labels=["a"]), r"got frames of shape \(1, 3, 784\)"),
    (SimpleNamespace(frames=np.zeros((3, 784)), steps=[0], labels=["a"]), r"got frames of shape \(3, 784\)"),
    (SimpleNamespace(frames=np.zeros((2, 3, 783)), steps=[0, 1], labels=["a", "b"]), r"\(2, 3, 783\)"),
    (SimpleNamespace(frames=np.zeros((2, 3, 784)), labels=["a", "b"]), "got SimpleNamespace"),
    (SimpleNamespace(frames=np.zeros((2, 3, 784)), steps=[0, 1]), "got SimpleNamespace"),
    (SimpleNamespace(steps=[0, 1], labels=["a", "b"]), "got SimpleNamespace"),
])
def test_snapshot_frames_needs_two_finite_frames_of_784_weights(snapshots, match):
    with pytest.raises(InputError, match=r"^snapshots must be a WeightSnapshots\(layer=1\) that kept at least 2 "
                       r"frames of W\[1\] \(n, 784\): pass it to train\(\.\.\., callbacks=\[snapshots\]\) "
                       r"first; got [^X]*$"):
        snapshot_frames(snapshots)
    with pytest.raises(InputError, match=match):
        snapshot_frames(snapshots)


def test_snapshot_frames_refuses_non_finite_weights_and_returns_floats():
    frames = np.zeros((2, 1, 784), dtype=int)
    got = snapshot_frames(SimpleNamespace(frames=frames, steps=[0, 1], labels=["a", "b"]))
    assert got.dtype == float and got.shape == (2, 1, 784)
    bad = np.zeros((2, 1, 784))
    bad[1, 0, 5] = np.nan
    with pytest.raises(InputError, match=r"snapshots.frames holds nan at index \(1, 0, 5\)"):
        snapshot_frames(SimpleNamespace(frames=bad, steps=[0, 1], labels=["a", "b"]))


@pytest.mark.parametrize("kwargs, match", [({"neurons": 0}, "^neurons must"), ({"neurons": 6}, "^neurons must"),
                                           ({"cap": 0}, "^cap must"), ({"cap": 101}, "^cap must")])
def test_the_timeline_refuses_bad_neurons_and_caps(kwargs, match):
    with pytest.raises(InputError, match=match):
        WeightTimeline(fake_snapshots(), **{"neurons": 5, **kwargs})


# ---- OutputBars ------------------------------------------------------------------------------
def test_output_bars_heights_colours_frame_and_limits():
    fig, ax = plt.subplots()
    bars = OutputBars(ax, 4, "a[L]_j")
    assert [b.get_height() for b in bars.bars] == [0, 0, 0, 0] and bars.n == 4 and bars.ax is ax
    assert list(ax.get_xticks()) == [0, 1, 2, 3] and ax.get_ylim() == (0, 1.05)
    assert ax.get_xlabel() == "output neuron j (digit)" and ax.get_ylabel() == "a[L]_j"
    assert all(b.get_linewidth() == 2.5 and b.zorder == 2 for b in bars.bars)
    assert all(b.get_facecolor() == to_rgba(NEUTRAL) == b.get_edgecolor() for b in bars.bars)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["the model's answer (largest output)", "true label"]
    assert legend._ncols == 2 and legend.get_texts()[0].get_fontsize() == MIN_FONT
    assert legend.get_frame_on() is False and legend._loc == 9
    assert legend.get_patches()[1].get_edgecolor() == to_rgba(TRUTH)
    truth = legend.get_patches()[1]
    assert truth.get_facecolor() == to_rgba(NEUTRAL) and truth.get_linewidth() == 2.5
    assert legend._bbox_to_anchor._bbox.bounds[:2] == (0.5, -0.2)
    assert legend.get_patches()[0].get_facecolor() == to_rgba(PREDICTION)
    bars.update([0.1, np.nan, 0.7, 0.2], prediction=2, truth=0)
    assert [b.get_height() for b in bars.bars] == [0.1, 0.0, 0.7, 0.2]
    faces = [b.get_facecolor() for b in bars.bars]
    edges = [b.get_edgecolor() for b in bars.bars]
    assert faces == [to_rgba(c) for c in (NEUTRAL, NEUTRAL, PREDICTION, NEUTRAL)]
    assert edges == [to_rgba(c) for c in (TRUTH, NEUTRAL, PREDICTION, NEUTRAL)]
    assert ax.get_ylim() == pytest.approx((0.0, 1.05))
    bars.update([-0.5, np.inf, 3.0, -np.inf], prediction=2, truth=2)
    assert [b.get_height() for b in bars.bars] == [-0.5, 0.0, 3.0, 0.0]
    assert bars.bars[2].get_edgecolor() == to_rgba(TRUTH) and bars.bars[2].get_facecolor() == to_rgba(PREDICTION)
    assert ax.get_ylim() == pytest.approx((-0.5 * 1.05, 3.0 * 1.05))
    bars.update([0.2, 0.3, 0.1, 0.9], prediction=3)
    assert ax.get_ylim() == pytest.approx((0.0, 1.05))
    assert [b.get_edgecolor() for b in bars.bars] == [to_rgba(c) for c in (NEUTRAL, NEUTRAL, NEUTRAL, PREDICTION)]
    plt.close(fig)


def test_output_bars_without_a_truth_key():
    fig, ax = plt.subplots()
    OutputBars(ax, 3, "p", truth=False)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["the model's answer (largest output)"]
    assert legend._ncols == 1
    plt.close(fig)


def test_the_neuron_draws_its_curve_guide_point_and_zero_lines_in_the_kits_style():
    from matplotlib.colors import to_hex
    from mlp_core.drawings.style import GUIDE, HIGHLIGHT, INK
    c = NeuronPlayground(n_inputs=1)
    assert (c.curve.get_linewidth(), to_hex(c.curve.get_color())) == (2, to_hex(INK))
    assert c.guide.get_linestyle() == ":" and to_hex(c.guide.get_color()) == to_hex(GUIDE)
    assert c.point.get_marker() == "o" and c.point.get_markersize() == 9
    assert to_hex(c.point.get_color()) == to_hex(HIGHLIGHT) and to_hex(c.point.get_markeredgecolor()) == to_hex(INK)
    zero = [line for line in c.ax.lines if line not in (c.curve, c.guide, c.point)]
    assert len(zero) == 2 and all(line.zorder == 0 and line.get_linewidth() == 0.8 for line in zero)
    assert all(to_hex(line.get_color()) == to_hex(NEUTRAL) for line in zero)
    assert list(zero[0].get_ydata()) == [0, 0] and list(zero[1].get_xdata()) == [0, 0]
    assert type(c.fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine" and c.b.value == 0.0
    assert NeuronPlayground(weight_range=1e6).b.max == 1e6
    with pytest.raises(InputError, match="^weight_range must"):
        NeuronPlayground(weight_range=1.0000001e6)
