"""Tests of the network diagram of mlp_core.drawings: which neurons and weights are drawn, their
colours and widths, and recolouring in place. Warnings are errors; headless on Agg."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from mlp_core import InputError, Network  # noqa: E402
from mlp_core import drawings as d  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")
DPI = 40        # small renders keep the pixel tests fast


def texts(fig):
    """Every piece of text on the figure (titles, labels, annotations, tick labels)."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


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


def test_chosen_inputs_are_drawn_and_labelled_and_only_the_strongest_lines_show():
    rng = np.random.default_rng(0)
    W = [None, rng.standard_normal((16, 784)), rng.standard_normal((16, 16)), rng.standard_normal((10, 16))]
    g = d.draw_network([784, 16, 16, 10], weights=W, inputs=[500, 3, 402], strongest=0.25)
    assert g.neuron_index[0] == [3, 402, 500] and len(g.circles[0]) == 3 and len(g.circles[3]) == 10
    texts = [t.get_text() for t in g.ax.texts]
    assert "x₄₀₂" in texts and any("3 of 784 drawn" in t for t in texts)
    alpha = g.lines[2].get_colors()[:, 3]
    assert (alpha > 0).sum() == 64 and np.abs(W[2].ravel()[alpha > 0]).min() >= np.abs(W[2].ravel()[alpha == 0]).max()
    with pytest.raises(InputError, match="inputs must be"):
        d.draw_network([784, 16, 10], inputs=[784])
    with pytest.raises(InputError, match="strongest"):
        d.draw_network([784, 16, 10], strongest=0)


def legend_labels(dg):
    legend = dg.ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend is not None and legend.get_visible() else []


def test_the_legend_names_only_the_colours_drawn():
    assert legend_labels(d.draw_network([784, 10])) == []                   # grey circles and lines only
    W = [None, np.abs(np.random.default_rng(0).standard_normal((3, 4)))]
    assert legend_labels(d.draw_network([4, 3], weights=W)) == ["weight > 0"]
    net = Network([4, 3], seed=0)
    dg = d.draw_network(net.sizes, net.forward(np.ones(4))[1], net.W)
    assert legend_labels(dg) == ["weight > 0", "weight < 0", "a = 1", "a = 0"]
    k = int(np.argmin(np.abs(net.W[1][2])))
    dg.highlight(1, 2, k)
    dg.update(weights=net.W)
    assert legend_labels(dg)[-1] == "moved weight" and dg.rings[1].get_visible()
    assert dg.marker.get_xydata().tolist() == [list(dg.circles[0][k].center), list(dg.circles[1][2].center)]
    assert not dg.highlight(1, 2, 99) and not dg.rings[0].get_visible() and len(dg.marker.get_xdata()) == 0


def test_hidden_neurons_carry_their_activation_and_inputs_can_be_swapped():
    net = Network([784, 5, 3], seed=0)
    x = np.zeros(784)
    x[[10, 20, 30]] = [1.0, 0.5, 0.25]
    a = net.forward(x)[1]
    dg = d.draw_network(net.sizes, a, net.W, inputs=[10, 20, 30])
    assert dg.shown_values(1) == [f"{v:.2f}" for v in a[1]] and len(dg.value_texts[1]) == 1
    assert 2 not in dg.value_texts                                           # the outputs have their own texts
    dg.show_inputs([1, 2, 3]).update(activations=a)
    assert dg.neuron_index[0] == [1, 2, 3] and dg.input_texts[2].get_text() == "x₃"
    assert dg.circles[0][0].get_facecolor() == shade(0.0)
    with pytest.raises(InputError, match="show_inputs"):
        dg.show_inputs([1, 2])
    assert d.draw_network([784, 5, 3], values=False).value_texts == {1: []}
