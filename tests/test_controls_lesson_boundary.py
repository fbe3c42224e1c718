"""HiddenLayerBoundary and its helpers, moved by code: each setting must show the map of P(class 1),
the P = 0.5 line, the points, the accuracies and the texts of the network trained for it (trained
and measured again here)."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from mlp_core import Network, train  # noqa: E402
from mlp_core.controls.boundary import ACTIVATIONS, HiddenLayerBoundary, boundary_line, fit_toy  # noqa: E402
from mlp_core.drawings.style import CATEGORY, INK, MAX_WIDTH, TWO_CLASS_CMAP  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402
from mlp_core.toy_data import circles_data, grid_points, xor_data  # noqa: E402


def constrained(fig):
    """Whether fig is laid out by matplotlib's constrained layout."""
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def accuracy(net, X, y):
    """The share of points whose larger output is their class."""
    return float(np.mean(np.argmax(net.output(X.T), axis=0) == y))


def grid_p(net):
    """P(class 1) on the 101 x 101 grid over [-2.5, 2.5]^2, row 0 at y = -2.5."""
    xs = np.linspace(-2.5, 2.5, 101)
    gx, gy = np.meshgrid(xs, xs)
    return net.output(np.vstack([gx.ravel(), gy.ravel()]))[1].reshape(101, 101)


@pytest.mark.parametrize("m, hidden, activation, seed", [(40, 3, "tanh", 0), (3, 0, "sigmoid", 2), (9, 2, "relu", 1)])
def test_fit_toy_trains_the_network_its_docstring_names(m, hidden, activation, seed):
    X, y = xor_data(max(m, 4), seed=seed)
    X, y = X[:m], y[:m]
    net = fit_toy(X, y, hidden, activation, seed=seed)
    assert net.sizes == ([2, hidden, 2] if hidden else [2, 2]) and net.activation == activation
    same = Network(net.sizes, activation=activation, seed=seed)
    train(same, (X, y), epochs=150, batch_size=max(1, m // 2), optimizer="momentum", lr=0.5, seed=seed)
    np.testing.assert_allclose(net.theta, same.theta, rtol=1e-12, atol=1e-12)


def test_fit_toy_learns_xor_only_with_a_hidden_layer():
    X, y = xor_data(200)
    assert accuracy(fit_toy(X, y, 0, "sigmoid"), X, y) < 0.8 < 0.97 < accuracy(fit_toy(X, y, 4, "tanh"), X, y)


def test_boundary_line_follows_the_level_on_a_grid_that_is_not_square():
    extent = (0.0, 2.0, -1.0, 1.0)
    xs, ys = np.linspace(0, 2, 21), np.linspace(-1, 1, 5)
    P = np.tile(xs / 2, (5, 1))                        # P = x / 2: the level l is crossed at x = 2 l
    x, y = boundary_line(P, extent)
    assert np.isnan(x[-1]) and np.isnan(y[-1]) and len(x) == len(y)
    np.testing.assert_allclose(x[:-1], 1.0) and np.testing.assert_allclose(sorted(y[:-1]), ys)
    x, y = boundary_line(P, extent, level=0.3)
    np.testing.assert_allclose(x[:-1], 0.6)
    two = np.abs(P - 0.5)                              # crossed twice at level 0.25: x = 0.5 and x = 1.5
    x, y = boundary_line(two, extent, level=0.25)
    gaps = np.flatnonzero(np.isnan(x))
    assert len(gaps) == 2 and gaps[-1] == len(x) - 1 and np.isnan(y[gaps]).all()
    np.testing.assert_allclose(sorted({round(v, 9) for v in x[np.isfinite(x)]}), [0.5, 1.5])
    x, y = boundary_line(np.full((5, 21), 0.9), extent)
    assert x.shape == y.shape == (0,)


def test_each_setting_shows_the_map_line_points_and_accuracy_of_its_own_network():
    c = HiddenLayerBoundary("xor", hidden=2, activation="tanh", m=60, seed=1)
    X, y = xor_data(60, seed=1)
    for setting in (dict(hidden=5), dict(activation="sigmoid"), dict(data="circles"), dict(hidden=1)):
        for name, value in setting.items():
            getattr(c, name).value = value
        data, h, g = c.data.value, c.hidden.value, c.activation.value
        X, y = (xor_data if data == "xor" else circles_data)(60, seed=1)
        linear, net = fit_toy(X, y, 0, "sigmoid", seed=1), fit_toy(X, y, h, g, seed=1)
        for i, (model, title) in enumerate(((linear, "logistic regression (no hidden layer)"),
                                            (net, f"one hidden layer: {h} {g} neurons"))):
            P = grid_p(model)
            np.testing.assert_allclose(c.maps[i].get_array(), P, rtol=1e-10)
            np.testing.assert_allclose(np.column_stack(c.lines[i].get_data()),
                                       np.column_stack(boundary_line(P, (-2.5, 2.5, -2.5, 2.5))))
            for cls in (0, 1):
                np.testing.assert_array_equal(c.scatters[i][cls].get_offsets(), X[y == cls])
            share = accuracy(model, X, y)
            assert c.axes[i].get_title() == f"{title}\n{share:.0%} of the points right"
        assert c.linear_accuracy == pytest.approx(accuracy(linear, X, y))
        assert c.accuracy == pytest.approx(accuracy(net, X, y))
        assert c.suptitle.get_text() == f"decision boundaries (black line: P = 0.5) on the {data} points"
        assert c.label.value == (f"logistic regression {c.linear_accuracy:.1%}, 2-{h}-2 network ({g}) "
                                 f"{c.accuracy:.1%} on the 60 points")
        assert c.message == ""


def test_each_setting_is_trained_once_and_kept():
    c = HiddenLayerBoundary("xor", hidden=2, activation="tanh", m=40)
    assert set(c.nets) == set(c.views) == {("xor", 0, "sigmoid"), ("xor", 2, "tanh")} and set(c.points) == {"xor"}
    net, view, points = c.nets[("xor", 2, "tanh")], c.views[("xor", 2, "tanh")], c.points["xor"]
    c.hidden.value = 3
    c.hidden.value = 2
    assert c.nets[("xor", 2, "tanh")] is net and c.views[("xor", 2, "tanh")] is view and c.points["xor"] is points
    assert set(c.nets) == {("xor", 0, "sigmoid"), ("xor", 2, "tanh"), ("xor", 3, "tanh")}
    assert c._view("xor", 2, "tanh") is view and c._net("xor", 2, "tanh") is net and c._points("xor") is points
    P, (x, y), share = view
    np.testing.assert_allclose(P, grid_p(net)) and np.testing.assert_allclose(share, accuracy(net, *points))


def test_the_figure_draws_two_panels_with_a_key_a_colour_bar_and_the_moving_parts():
    c = HiddenLayerBoundary(m=20)
    assert tuple(c.fig.get_size_inches()) == (MAX_WIDTH, 3.9) and c.axes[0].get_shared_y_axes().joined(*c.axes)
    grid, extent = grid_points()
    np.testing.assert_array_equal(c.grid[0], grid) and np.testing.assert_array_equal(c.grid[1], extent)
    for ax, im, pair, line in zip(c.axes, c.maps, c.scatters, c.lines):
        assert im.origin == "lower" and im.get_extent() == [-2.5, 2.5, -2.5, 2.5] and im.cmap is TWO_CLASS_CMAP
        assert im.get_clim() == (0, 1) and im.get_alpha() == 0.55
        for s, colour, label in zip(pair, CATEGORY, ("class 0", "class 1")):
            assert s.get_label() == label and s.get_sizes().tolist() == [14] and s.get_linewidths().tolist() == [0.3]
            assert matplotlib.colors.same_color(s.get_facecolor(), colour)
            assert matplotlib.colors.same_color(s.get_edgecolor(), INK)
        assert [p.get_paths()[0].vertices.shape for p in pair] == [
            matplotlib.markers.MarkerStyle(m).get_path().vertices.shape for m in ("o", "^")]
        assert line.get_color() == INK and line.get_linewidth() == 1.5
        assert ax.get_xlabel() == "$x_0$" and ax.get_xlim() == (-2.5, 2.5) and ax.get_ylim() == (-2.5, 2.5)
        assert ax.get_aspect() == 1.0
    assert c.axes[0].get_ylabel() == "$x_1$"
    legend = c.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["class 0", "class 1"] and legend._loc == 1
    assert legend.get_texts()[0].get_fontsize() == 9 and c.axes[1].get_legend() is None
    colourbar = c.maps[1].colorbar                     # one bar for both panels
    assert colourbar.ax.get_ylabel() == "P(class 1): the network's output $a_1$"
    info = colourbar.ax._colorbar_info
    assert list(info["parents"]) == list(c.axes) and info["shrink"] == 0.8 and c.maps[0].colorbar is None
    assert constrained(c.fig)
    assert c.suptitle.get_fontsize() == 11 and c.fig.get_suptitle() == c.suptitle.get_text()
    assert c.moving == [*c.maps, *c.lines, *c.scatters[0], *c.scatters[1], c.axes[0].title, c.axes[1].title,
                        c.suptitle]


def test_the_widgets_offer_the_data_the_neurons_and_the_activations():
    c = HiddenLayerBoundary("circles", hidden=8, activation="identity", m=4, seed=3)
    assert (c.data.options, c.data.value, c.data.description) == (("circles", "xor"), "circles", "data")
    assert (c.hidden.min, c.hidden.max, c.hidden.value, c.hidden.step, c.hidden.description) == (
        1, 8, 8, 1, "hidden neurons")
    assert (c.activation.options, c.activation.value, c.activation.description) == (
        ACTIVATIONS, "identity", "activation") and ACTIVATIONS == ("sigmoid", "tanh", "relu", "identity")
    assert [list(row.children) for row in c.widget.children[:1]] == [[c.data, c.hidden, c.activation]]
    assert (c.seed, c.m) == (3, 4) and len(c.points["circles"][0]) == 4
    np.testing.assert_array_equal(c.points["circles"][0], circles_data(4, seed=3)[0])
    assert HiddenLayerBoundary(hidden=1, m=60).hidden.value == 1


@pytest.mark.parametrize("kwargs, match", [
    (dict(hidden=9), r"^hidden must be an integer from 1 to 8, got 9$"),
    (dict(m=3), r"^m must be an integer from 4 to 100000, got 3$"),
    (dict(m=100001), r"^m must be an integer from 4 to 100000, got 100001$"),
    (dict(seed=1.5), r"^seed must be a seed"),
    (dict(data="moons"), r"^unknown data 'moons'; choose one of \['circles', 'xor'\]$"),
    (dict(activation="softmax"), r"^unknown activation 'softmax'; choose one of \['sigmoid', 'tanh', 'relu', "
                                 r"'identity'\]$"),
])
def test_arguments_are_checked_by_name(kwargs, match):
    with pytest.raises(InputError, match=match):
        HiddenLayerBoundary(**kwargs)


def test_the_defaults_are_xor_three_tanh_neurons_200_points_and_seed_0():
    X, y = xor_data(20)
    np.testing.assert_array_equal(fit_toy(X, y, 2, "tanh").theta, fit_toy(X, y, 2, "tanh", seed=0).theta)
    c = HiddenLayerBoundary()
    assert (c.data.value, c.hidden.value, c.activation.value, c.m, c.seed) == ("xor", 3, "tanh", 200, 0)
    assert all(w.style.description_width == "initial" for w in (c.data, c.hidden, c.activation))
    assert [ax.get_subplotspec().get_geometry() for ax in c.axes] == [(1, 2, 0, 0), (1, 2, 1, 1)]


def test_the_panels_keep_their_view_and_lines_under_other_matplotlib_defaults():
    """A notebook that changed matplotlib's defaults (line widths, image aspect, rounded limits with
    margins) still sees square panels of exactly the grid, with the boundary at 1.5 pt."""
    rc = {"lines.linewidth": 4.0, "image.aspect": "auto", "axes.autolimit_mode": "round_numbers",
          "axes.xmargin": 0.3, "axes.ymargin": 0.3}
    with matplotlib.rc_context(rc):
        c = HiddenLayerBoundary(m=20)
        c.png()
        c.hidden.value = 2
        c.png()
        for ax, line in zip(c.axes, c.lines):
            assert ax.get_xlim() == (-2.5, 2.5) and ax.get_ylim() == (-2.5, 2.5) and ax.get_aspect() == 1.0
            assert line.get_linewidth() == 1.5 and len(line.get_xdata()) > 0
