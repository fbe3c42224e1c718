"""Tests of mlp_core.drawings: what was drawn (data, limits, colours, labels, artists), not only
that nothing raised. Every test turns warnings into errors and runs headless on Agg."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mlp_core import History, Network  # noqa: E402
from mlp_core import drawings as d  # noqa: E402
from mlp_core.activations import sigmoid  # noqa: E402
from mlp_core.errors import ShapeError  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")
rng = np.random.default_rng(0)
DPI = 40        # small renders keep the pixel tests fast


def texts(fig):
    """Every piece of text on the figure (titles, labels, annotations, tick labels)."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def image_axes(fig):
    return [ax for ax in fig.axes if ax.images]


def history(epochs=3, with_validation=False):
    h = History(epoch=list(range(1, epochs + 1)), steps_per_epoch=100,
                train_cost=list(np.linspace(0.9, 0.2, epochs)), test_cost=list(np.linspace(1.0, 0.3, epochs)),
                train_accuracy=list(np.linspace(0.7, 0.95, epochs)),
                test_accuracy=list(np.linspace(0.68, 0.93, epochs)),
                step=list(range(10, 100 * epochs + 1, 10)))
    h.step_cost = list(np.exp(-np.arange(len(h.step)) / 10) + 0.05)
    if with_validation:
        h.validation_cost, h.validation_accuracy = list(h.test_cost), list(h.test_accuracy)
    return h


# ---- colour maps and heatmaps ----------------------------------------------------------------
def test_heatmap_is_centred_on_zero_with_a_labelled_colourbar():
    w = rng.normal(size=784) * 0.3
    w[5] = -2.0
    im = d.draw_weight_heatmap(w)
    assert isinstance(im.figure, Figure) and im.get_array().shape == (28, 28)
    assert im.get_clim() == (-2.0, 2.0)
    assert im.colorbar is not None and im.colorbar.ax.get_ylabel() == "weight"
    assert im.axes.get_title()
    # -vmax, 0, +vmax come out dark blue, white and dark orange
    blue, white, orange = (np.array(im.cmap(im.norm(v))[:3]) for v in (-2.0, 0.0, 2.0))
    assert blue[2] > 0.3 > blue[0] and min(white) > 0.95 and orange[0] > 0.4 > orange[2]
    assert im.cmap is d.WEIGHT_CMAP


def test_the_notes_map_stays_available_by_name():
    for name in ("red_black_green", "notes"):
        im = d.draw_weight_heatmap(np.linspace(-1, 1, 784), cmap=name)
        red, black, green = (im.cmap(im.norm(v)) for v in (-1.0, 0.0, 1.0))
        assert red[0] > 0.7 > red[1] and max(black[:3]) < 0.05 and green[1] > 0.7 > green[0]
    assert d.NOTES_CMAP is d.RED_BLACK_GREEN_CMAP


def test_heatmap_of_zeros_and_other_cmaps_and_given_axes():
    im = d.draw_weight_heatmap(np.zeros((28, 28)), colorbar=False, title="zeros")
    vmin, vmax = im.get_clim()
    assert vmax > 0 and vmin == -vmax and im.colorbar is None
    d.figure_pixels(im.figure, dpi=DPI)                       # renders without warnings
    assert d.draw_weight_heatmap(np.ones(784), cmap="standard").cmap.name == d.STANDARD_CMAP
    fig, ax = plt.subplots()
    plt.close(fig)
    im = d.draw_weight_heatmap(np.ones(784), ax=ax, cmap="viridis", vmax=3.0)
    assert im.axes is ax and im.get_clim() == (-3.0, 3.0) and im.cmap.name == "viridis"


def test_weight_grid_shares_one_capped_scale_and_one_colourbar():
    W = rng.normal(size=(10, 784))
    W[3, 0] = 9.0
    fig = d.draw_weight_grid(W, titles=[f"digit {j}" for j in range(10)])
    panels = image_axes(fig)
    assert len(panels) == 10
    cap = np.percentile(np.abs(W), 99)
    assert 2.0 < cap < 9.0 and all(ax.images[0].get_clim() == (-cap, cap) for ax in panels)
    assert [ax.get_title() for ax in panels] == [f"digit {j}" for j in range(10)]
    assert len(fig.axes) == 11 and "blue < 0 < orange" in fig.get_suptitle()   # 10 panels + one colourbar
    bar = panels[-1].images[0].colorbar                                 # the one shared colourbar
    assert bar.ax.get_ylabel() == "weight (|w| capped at the 99th percentile)" and bar.extend == "both"
    full = d.draw_weight_grid(W, cap_percentile=100)
    assert image_axes(full)[0].images[0].get_clim() == (-9.0, 9.0)
    assert image_axes(full)[-1].images[0].colorbar.ax.get_ylabel() == "weight"
    own = d.draw_weight_grid(W[:4], shared_scale=False, cap_percentile=90)
    assert len(image_axes(own)) == 4 and len(own.axes) == 8
    first, last = image_axes(own)[0], image_axes(own)[-1]
    assert first.images[0].get_clim() != last.images[0].get_clim()
    assert first.images[0].get_clim()[1] == pytest.approx(np.percentile(np.abs(W[0]), 90))
    assert "90th" in first.images[0].colorbar.ax.get_ylabel()
    assert [d.images.ordinal(p) for p in (1, 2, 3, 11, 22, 99, 92.5)] == [
        "1st", "2nd", "3rd", "11th", "22nd", "99th", "92.5th"]


def test_sixteen_maps_make_a_four_by_four_grid_within_the_column():
    fig = d.draw_weight_grid(rng.normal(size=(16, 784)))
    corners = {(round(ax.get_position().x0, 3), round(ax.get_position().y0, 3)) for ax in image_axes(fig)}
    assert len({x for x, _ in corners}) == 4 and len({y for _, y in corners}) == 4
    assert fig.get_size_inches()[0] <= 9.0
    assert d.draw_weight_grid(rng.normal(size=(16, 784)), ncols=8).get_size_inches()[0] <= 9.0


# ---- digits ----------------------------------------------------------------------------------
def test_digit_from_vector_or_square_in_either_range():
    x = rng.random(784)
    im = d.draw_digit(x, label=7)
    assert im.get_array().shape == (28, 28) and im.get_clim() == (0.0, 1.0)
    assert "7" in im.axes.get_title() and not im.axes.get_xticks().size
    im = d.draw_digit((x * 255).reshape(28, 28))
    assert im.get_clim() == (0.0, 255.0) and im.axes.get_title()


def test_digit_grid_marks_wrong_predictions():
    X = rng.random((12, 784))
    y = np.arange(12) % 10
    pred = y.copy()
    pred[[2, 7]] = (pred[[2, 7]] + 1) % 10
    fig = d.draw_digit_grid(X, y, pred, ncols=5, title="some digits")
    panels = image_axes(fig)
    assert len(panels) == 12 == len(fig.axes) and fig.get_suptitle() == "some digits"
    for i, ax in enumerate(panels):
        assert ax.get_title().startswith(str(y[i])) and f"pred {pred[i]}" in ax.get_title()
        wrong = i in (2, 7)
        red = to_rgba(d.WRONG)
        assert (ax.title.get_color() == d.WRONG) == wrong
        assert (ax.spines["left"].get_edgecolor() == red) == wrong
    assert len(image_axes(d.draw_digit_grid(X[:3]))) == 3


# ---- network diagram -------------------------------------------------------------------------
def shade(a):
    """The colour of a neuron with activation a: the weight map on (-1, 1)."""
    return d.WEIGHT_CMAP((np.clip(a, -1, 1) + 1) / 2)


def test_diagram_of_the_series_network_draws_every_output_neuron():
    dg = d.draw_network([784, 16, 16, 10])
    assert [len(c) for c in dg.circles] == [16, 16, 16, 10]
    assert dg.neuron_index[0] == list(range(8)) + list(range(776, 784))
    assert dg.neuron_index[3] == list(range(10))                     # 4 and 5 too
    labels = texts(dg.fig)
    assert sum(t == "⋮" for t in labels) == 1
    assert any("neurons 0–7\n… 776–783" in t for t in labels)
    assert [t.get_text() for t in dg.output_texts] == [str(j) for j in range(10)]
    assert any("784" in t for t in labels) and any("n^{[0]}" in t for t in labels)
    assert all(f"$W^{{[{l}]}}$" in labels for l in (1, 2, 3))
    assert len(dg.lines[1].get_segments()) == 256 and len(dg.lines[3].get_segments()) == 160
    assert dg.ax.get_title()


def test_diagram_elides_inside_large_layers_only():
    dg = d.draw_network([784, 16, 16, 10], max_neurons=8)
    assert [len(c) for c in dg.circles] == [8, 8, 8, 10]
    assert dg.neuron_index[0] == [0, 1, 2, 3, 780, 781, 782, 783]
    assert dg.neuron_index[1] == [0, 1, 2, 3, 12, 13, 14, 15]
    labels = texts(dg.fig)
    assert sum(t == "⋮" for t in labels) == 3 and any("neurons 0–3\n… 780–783" in t for t in labels)
    assert len(dg.lines[1].get_segments()) == 64 and len(dg.lines[3].get_segments()) == 80
    assert [len(c) for c in d.draw_network([784, 30, 30], max_neurons=6).circles] == [6, 6, 30]


def test_small_diagram_draws_every_neuron_and_connection():
    net = Network([3, 4, 2], seed=1)
    z, a = net.forward(np.array([0.0, 1.0, 0.5]))
    dg = d.draw_network(net.sizes, a, net.W)
    assert [len(c) for c in dg.circles] == [3, 4, 2] and sum(t == "⋮" for t in texts(dg.fig)) == 0
    assert dg.neuron_index == [[0, 1, 2], [0, 1, 2, 3], [0, 1]]
    assert len(dg.lines[1].get_segments()) == 12 and len(dg.lines[2].get_segments()) == 8
    assert dg.circles[0][0].get_facecolor() == shade(0.0)                # a = 0 is white
    assert min(dg.circles[0][0].get_facecolor()[:3]) > 0.95
    assert dg.circles[0][1].get_facecolor() == shade(1.0) == d.WEIGHT_CMAP(1.0)   # a = 1 dark orange
    # line j*n[l-1]+k joins neuron k of layer l-1 to neuron j of layer l, coloured by sign of W[l][j, k]
    w = net.W[1].ravel()
    colours = dg.lines[1].get_colors()
    assert all(tuple(c) == to_rgba(d.POSITIVE if v >= 0 else d.NEGATIVE) for c, v in zip(colours, w))
    widths = dg.lines[1].get_linewidths()
    assert widths[np.argmax(np.abs(w))] == max(widths) > min(widths)
    assert dg.output_texts[1].get_text() == f"1: {a[2][1]:.2f}"
    batch = d.draw_network(net.sizes, tuple(v[:, None] for v in a))        # a column of a batch works too
    assert batch.circles[2][1].get_facecolor() == shade(a[2][1])


def test_diagram_update_recolours_in_place():
    net = Network([784, 16, 16, 10], seed=0)
    dg = d.draw_network(net.sizes)
    assert dg.circles[1][0].get_facecolor() == to_rgba(d.UNSET)           # grey before any values
    children, before = len(dg.ax.get_children()), d.figure_pixels(dg.fig, dpi=DPI)
    x = np.zeros(784)
    x[[0, 783]] = 1.0
    z, a = net.forward(x)
    dg.update(activations=a, weights=net.W)
    assert len(dg.ax.get_children()) == children
    assert dg.circles[0][0].get_facecolor() == shade(1.0)
    assert dg.circles[1][0].get_facecolor() == shade(a[1][0])
    assert dg.circles[3][-1].get_facecolor() == shade(a[3][9])
    assert len({tuple(c) for c in dg.lines[2].get_colors()}) == 2
    after = d.figure_pixels(dg.fig, dpi=DPI)
    assert after.shape == before.shape and after.dtype == np.uint8 and (after != before).any()
    dg.update(weights=[None] + [-W for W in net.W[1:]])                     # signs flip, in place
    assert len(dg.ax.get_children()) == children
    assert (d.figure_pixels(dg.fig, dpi=DPI) != after).any()


def test_diagram_tolerates_zeros_nan_and_given_axes():
    fig, ax = plt.subplots()
    plt.close(fig)
    net = Network([2, 2], init="zeros", loss="quadratic")
    dg = d.draw_network([2, 2], [np.array([np.nan, 5.0]), np.zeros(2)], net.W, ax=ax, title="zeros")
    assert dg.ax is ax and dg.fig is fig and ax.get_title() == "zeros"
    assert dg.circles[0][1].get_facecolor() == shade(1.0)                 # clipped to 1
    assert dg.circles[0][0].get_facecolor() == shade(0.0)                 # NaN drawn as 0
    d.figure_pixels(fig, dpi=DPI)


# ---- training curves -------------------------------------------------------------------------
def lines_by_gid(*axes):
    return {line.get_gid(): line for ax in axes for line in ax.lines}


def test_history_lines_equal_the_history_lists():
    h = history(with_validation=True)
    fig = d.draw_history(h)
    cost_ax, acc_ax = fig.axes
    lines = lines_by_gid(cost_ax, acc_ax)
    for name in ("train_cost", "test_cost", "validation_cost"):
        np.testing.assert_allclose(lines[name].get_ydata(), getattr(h, name))
        np.testing.assert_allclose(lines[name].get_xdata(), h.epoch)
    np.testing.assert_allclose(lines["test_accuracy"].get_ydata(), np.array(h.test_accuracy) * 100)
    assert cost_ax.get_ylabel() == "cost" and "%" in acc_ax.get_ylabel() and cost_ax.get_xlabel() == "epoch"
    assert cost_ax.get_title() and acc_ax.get_title()


def test_history_per_step_log_and_twin_axis():
    h = history()
    fig = d.draw_history(h, per="step", log=True, accuracy=False)
    (ax,) = fig.axes
    step = lines_by_gid(ax)["step_cost"]
    np.testing.assert_allclose(step.get_xdata(), np.array(h.step) / 100)
    np.testing.assert_allclose(step.get_ydata(), h.step_cost)
    assert ax.get_yscale() == "log" and "train_cost" in lines_by_gid(ax)
    ax = d.draw_history(h, per="step", x_in_epochs=False, accuracy=False).axes[0]
    np.testing.assert_allclose(ax.lines[0].get_xdata(), h.step)
    assert ax.get_xlabel() == "step"
    fig, ax = plt.subplots()
    plt.close(fig)
    assert d.draw_history(h, ax=ax) is fig and len(fig.axes) == 2       # accuracy on a twin axis


def test_history_empty_or_partial():
    fig = d.draw_history(History(), log=True)
    assert all(not len(line.get_xdata()) for ax in fig.axes for line in ax.lines)
    assert fig.axes[0].get_ylabel() == "cost" and all(ax.get_legend() is None for ax in fig.axes)
    d.figure_pixels(fig, dpi=DPI)
    h = History(epoch=[1, 2], train_cost=[0.5, 0.4], test_cost=[0.6])      # mid-epoch snapshot
    lines = lines_by_gid(*d.draw_history(h, per="step").axes)
    np.testing.assert_allclose(lines["test_cost"].get_xdata(), [1])
    with pytest.raises(ValueError):
        d.draw_history(h, per="batch")


def test_history_plot_updates_the_same_lines_in_place():
    h = history()
    plot = d.HistoryPlot(per="step", x_in_epochs=False, costs=("train", "test"), accuracies=("test",))
    assert set(plot.lines) == {"step_cost", "train_cost", "test_cost", "test_accuracy"}
    empty = {gid: len(line.get_xdata()) for gid, line in plot.lines.items()}
    assert set(empty.values()) == {0}
    children = len(plot.update(history(1)).ax.get_children())
    plot.update(h)
    assert len(plot.ax.get_children()) == children and plot.ax.get_xlabel() == "step"
    np.testing.assert_allclose(plot.lines["train_cost"].get_xdata(), np.array(h.epoch) * 100)  # epoch e at step 100 e
    np.testing.assert_allclose(plot.lines["test_accuracy"].get_ydata(), np.array(h.test_accuracy) * 100)
    h.train_cost.append(float("nan"))                                    # a diverged epoch is left out
    h.epoch.append(4)
    assert len(plot.update(h).lines["train_cost"].get_xdata()) == 3


def test_history_overlays_runs_on_given_axes():
    fig, (cost_ax, acc_ax) = plt.subplots(1, 2)
    plt.close(fig)
    for name, colour in (("SGD", "C0"), ("momentum", "C3")):
        d.draw_history(history(), ax=cost_ax, accuracy_ax=acc_ax, costs=("train",), accuracies=("test",),
                       label=name, color=colour, log=True)
    assert len(fig.axes) == 2 and [line.get_label() for line in cost_ax.lines] == ["SGD", "momentum"]
    assert to_rgba(acc_ax.lines[1].get_color()) == to_rgba("C3") and cost_ax.get_yscale() == "log"
    assert [t.get_text() for t in acc_ax.get_legend().get_texts()] == ["SGD", "momentum"]


# ---- calculus pictures -----------------------------------------------------------------------
def bowl(x, y):
    return x ** 2 + 4 * y ** 2


def test_contour_draws_the_paths_arrows_and_colourbar():
    p1 = np.array([[2.0, 2.0], [1.0, -1.0], [0.5, 0.4], [0.0, 0.0]])
    p2 = np.array([[-2.0, 1.0], [-1.0, 0.5], [-0.1, 0.1]])
    ax = d.draw_contour(bowl, paths=[p1, p2], labels=["SGD (3 steps)", "momentum (2 steps)"])
    data = [np.column_stack(line.get_data()) for line in ax.lines]
    assert any(np.array_equal(x, p1) for x in data) and any(np.array_equal(x, p2) for x in data)
    assert any(np.array_equal(x, p1[-1:]) for x in data)                     # end marked
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD (3 steps)", "momentum (2 steps)"]
    assert len(ax.figure.axes) == 2 and ax.figure.axes[1].get_ylabel() == "f(x, y)"
    assert ax.get_xlim() == (-3, 3) and ax.get_xlabel() == "x" and ax.get_title()
    (quiver,) = ax.collections[-1:]
    u, v = quiver.U.ravel(), quiver.V.ravel()
    # arrows point downhill: -grad f = (-2x, -8y), normalised
    xy = quiver.XY
    g = np.column_stack([-2 * xy[:, 0], -8 * xy[:, 1]])
    norm = np.linalg.norm(g, axis=1, keepdims=True)
    ok = norm[:, 0] > 1e-6
    np.testing.assert_allclose(np.column_stack([u, v])[ok], g[ok] / norm[ok], atol=1e-4)


def test_contour_of_a_constant_with_analytic_gradient():
    ax = d.draw_contour(lambda x, y: 0.0 * x, grad=lambda x, y: (np.zeros_like(x), np.zeros_like(y)),
                        levels=10, title="flat")
    assert ax.get_title() == "flat" and not ax.get_legend()
    d.figure_pixels(ax.figure, dpi=DPI)


def test_derivative_error_shows_truncation_and_rounding():
    ax = d.draw_derivative_error(np.sin, np.cos, 1.0)
    lines = lines_by_gid(ax)
    h = lines["forward"].get_xdata()
    forward, central = lines["forward"].get_ydata(), lines["central"].get_ydata()
    i = np.argmin(np.abs(np.log10(h) + 4))                       # h = 1e-4
    assert central[i] < forward[i] / 100
    assert forward[i] == pytest.approx(np.sin(1.0) * 1e-4 / 2, rel=0.05)  # error ~ h f''/2
    assert central[0] > 1e3 * central.min() and forward[0] > 1e3 * forward.min()  # rounding at tiny h
    assert ax.get_xscale() == ax.get_yscale() == "log" and any("1e-4" in t for t in texts(ax.figure))


def test_derivative_error_floor_for_exact_zero():
    ax = d.draw_derivative_error(lambda x: 3.0 * x, lambda x: 3.0, 0.0, hs=[0.5, 0.25])
    for line in ax.lines:
        y = line.get_ydata()
        assert np.all(y > 0) and np.all(np.isfinite(y))
    d.figure_pixels(ax.figure, dpi=DPI)


def test_activation_panels():
    z = np.linspace(-4, 4, 81)
    fig = d.draw_activations(z=z)
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu", "step"]
    for ax, name in zip(fig.axes, ["sigmoid", "tanh", "relu", "step"]):
        curves = lines_by_gid(ax)
        assert curves[f"{name}_prime"].get_linestyle() == "--" and curves[name].get_linestyle() == "-"
    curves = lines_by_gid(fig.axes[0])
    np.testing.assert_allclose(curves["sigmoid"].get_ydata(), sigmoid(z))
    np.testing.assert_allclose(curves["sigmoid_prime"].get_ydata(), sigmoid(z) * (1 - sigmoid(z)))
    fig = d.draw_activations(("relu",), derivatives=False)
    assert len(fig.axes) == 1 and set(lines_by_gid(fig.axes[0])) == {"relu", None}
    assert fig.axes[0].get_xlabel() == "z" and fig.axes[0].get_ylabel() == "g(z)"
    fig, ax = plt.subplots()
    plt.close(fig)
    assert d.draw_activations(ax=ax) is fig and ax.get_title() == "activations"
    assert {"sigmoid", "tanh_prime", "step"} <= set(lines_by_gid(ax))
    with pytest.raises(ValueError):
        d.draw_activations(("swish",))


def test_confusion_counts_and_cell_numbers():
    y = np.array([0, 0, 1, 2, 2, 2])
    p = np.array([0, 1, 1, 2, 2, 0])
    im = d.draw_confusion(y, p, n_classes=3)
    np.testing.assert_array_equal(im.get_array(), [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    cells = [t.get_text() for t in im.axes.texts]
    assert len(cells) == 9 and cells[8] == "2"
    assert im.axes.get_xlabel() == "predicted label" and im.axes.get_ylabel() == "true label"
    assert im.colorbar is not None and "66.7%" in im.axes.get_title()
    assert all(t.get_fontsize() >= 9 for t in im.axes.texts)
    with pytest.raises(ShapeError, match="y_pred"):                  # counted by mlp_core.metrics
        d.draw_confusion([0, 1], [0, 3], n_classes=3)


# ---- housekeeping ----------------------------------------------------------------------------
def test_no_pyplot_figures_are_left_open():
    open_before = plt.get_fignums()
    net = Network([6, 3, 2])
    h = history()
    d.draw_digit(np.zeros(784))
    d.draw_digit_grid(np.zeros((3, 784)), [1, 2, 3], [1, 0, 3])
    d.draw_weight_heatmap(np.zeros(784))
    d.draw_weight_grid(np.zeros((3, 784)))
    d.draw_network(net.sizes, net.forward(np.ones(6))[1], net.W).update(weights=net.W)
    d.draw_history(h)
    d.draw_history(h, per="step")
    d.draw_contour(bowl, paths=[np.zeros((2, 2))])
    d.draw_derivative_error(np.exp, np.exp, 0.0)
    d.draw_activations()
    fig = d.draw_confusion([1, 2], [1, 1]).figure
    dpi, (width, height) = fig.dpi, fig.get_size_inches() * DPI
    pixels = d.figure_pixels(fig, dpi=DPI)
    assert pixels.shape == (round(height), round(width), 4) and pixels.dtype == np.uint8
    assert fig.dpi == dpi                                                   # dpi restored
    assert plt.get_fignums() == open_before
