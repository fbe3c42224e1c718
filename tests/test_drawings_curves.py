"""Tests of mlp_core.drawings' curves: training histories, contours with gradient arrows and paths,
derivative errors, activations and the confusion matrix. Warnings are errors; headless on Agg."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from mlp_core import History  # noqa: E402
from fake_history import history  # noqa: E402
from mlp_core import drawings as d  # noqa: E402
from mlp_core.activations import sigmoid  # noqa: E402
from mlp_core.errors import ShapeError  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")
DPI = 40        # small renders keep the pixel tests fast


def texts(fig):
    """Every piece of text on the figure (titles, labels, annotations, tick labels)."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


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
    assert cost_ax.get_ylabel() == "cost $C$" and "%" in acc_ax.get_ylabel() and cost_ax.get_xlabel() == "epoch"
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
    assert fig.axes[0].get_ylabel() == "cost $C$" and all(ax.get_legend() is None for ax in fig.axes)
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
    im = d.draw_confusion(y, p, n_classes=3, marked=2)
    np.testing.assert_array_equal(im.get_array().data, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(im.get_array().mask, np.eye(3, dtype=bool))     # the mistakes' own scale
    assert im.get_clim() == (0, 1)                                   # the largest mistake, not the diagonal
    cells = [t.get_text() for t in im.axes.texts]
    assert len(cells) == 9 and cells[8] == "2"
    frames = [(int(r.get_x() + 0.5), int(r.get_y() + 0.5)) for r in im.axes.patches]
    assert sorted(frames) == [(0, 2), (1, 0)]
    assert all(r.get_edgecolor() == to_rgba(d.HIGHLIGHT) for r in im.axes.patches)
    assert im.axes.get_xlabel().startswith("predicted label") and im.axes.get_ylabel() == "true label"
    assert im.colorbar is not None and "66.7%" in im.axes.get_title()
    assert all(t.get_fontsize() >= 9 for t in im.axes.texts)
    with pytest.raises(ShapeError, match="y_pred"):                  # counted by mlp_core.metrics
        d.draw_confusion([0, 1], [0, 3], n_classes=3)
