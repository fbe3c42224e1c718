"""Tests of the drawing kit's style: the sign of a weight survives red-green colour blindness, no
figure is wider than the notebook column and no text is smaller than 9 pt."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from mlp_core import History, Network  # noqa: E402
from mlp_core import drawings as d  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

# Machado, Oliveira and Fernandes (2009), severity 1: linear RGB -> linear RGB as seen with the
# named dichromacy
MACHADO = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}


def simulate(rgb, kind):
    """sRGB colours (..., 3) in 0..1 as a reader with the dichromacy `kind` sees them (sRGB 0..1)."""
    c = np.asarray(rgb, dtype=float)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    seen = np.clip(linear @ MACHADO[kind].T, 0.0, 1.0)
    return np.where(seen <= 0.0031308, 12.92 * seen, 1.055 * seen ** (1 / 2.4) - 0.055)


def rendered_extremes(cmap):
    """Render a heatmap whose left half is -1 and right half +1 and return the two pixels' RGB."""
    w = np.where(np.arange(784) % 28 < 14, -1.0, 1.0)
    im = d.draw_weight_heatmap(w, cmap=cmap, vmax=1.0)
    pixels = d.figure_pixels(im.figure)
    height = pixels.shape[0]
    out = []
    for x in (6.0, 20.0):                                       # image columns inside each half
        px, py = im.axes.transData.transform((x, 13.0))
        out.append(pixels[int(height - py), int(px), :3] / 255.0)
    return out


def seen_apart(negative, positive, kind):
    """Distance between the two simulated colours, and whether their hues keep opposite sides
    (blue above red for w < 0, red above blue for w > 0)."""
    n, p = simulate(negative, kind), simulate(positive, kind)
    return float(np.linalg.norm(n - p)), bool(n[2] > n[0] + 0.1 and p[0] > p[2] + 0.1)


@pytest.mark.parametrize("kind", sorted(MACHADO))
def test_weight_signs_survive_red_green_colour_blindness(kind):
    negative, positive = rendered_extremes("blue_white_orange")
    assert negative[2] > negative[0] and positive[0] > positive[2]      # the render is what we meant
    distance, opposite = seen_apart(negative, positive, kind)
    assert distance > 0.4 and opposite
    # the notes' red - black - green loses the sign: both ends turn olive (red above blue)
    distance, opposite = seen_apart(*rendered_extremes("red_black_green"), kind)
    assert not opposite
    # the diagram's line colours and half-way shades of the map keep their sides too
    assert seen_apart(to_rgb(d.NEGATIVE), to_rgb(d.POSITIVE), kind)[1]
    assert seen_apart(d.WEIGHT_CMAP(0.25)[:3], d.WEIGHT_CMAP(0.75)[:3], kind)[1]


def lab(rgb):
    """CIELAB (D65) of sRGB colours (..., 3) in 0..1."""
    c = np.asarray(rgb, dtype=float)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


MEANINGS = ("NEGATIVE", "POSITIVE", "NEUTRAL", "HIGHLIGHT", "PREDICTION", "TRUTH", "RIGHT", "WRONG")
DRAWN_TOGETHER = [("NEUTRAL", "HIGHLIGHT"), ("NEUTRAL", "PREDICTION"), ("NEUTRAL", "TRUTH"),
                  ("PREDICTION", "TRUTH"), ("RIGHT", "WRONG"), ("RIGHT", "NEUTRAL"), ("WRONG", "NEUTRAL"),
                  ("HIGHLIGHT", "NEGATIVE"), ("HIGHLIGHT", "POSITIVE"), ("HIGHLIGHT", "TRUTH")]


def seen_distance(a, b, kind=None):
    """CIELAB distance between two named colours as a reader with `kind` (None: normal vision) sees them."""
    pair = np.array([to_rgb(a), to_rgb(b)])
    pair = pair if kind is None else simulate(pair, kind)
    return float(np.linalg.norm(lab(pair[0]) - lab(pair[1])))


@pytest.mark.parametrize("kind", [None] + sorted(MACHADO))
def test_each_meaning_has_its_own_colour_for_colour_blind_readers_too(kind):
    colours = {name: getattr(d, name) for name in MEANINGS}
    assert len({to_rgb(c) for c in colours.values()}) == len(MEANINGS)          # one colour per meaning
    for i, a in enumerate(MEANINGS):
        for other in MEANINGS[i + 1:]:
            assert seen_distance(colours[a], colours[other], kind) > 15, (a, other, kind)
    for a, b in DRAWN_TOGETHER:
        assert seen_distance(colours[a], colours[b], kind) > 22, (a, b, kind)
    # the categories are told apart from the signed pair and from each other (the first six at least)
    first = d.CATEGORY[:6]
    assert len(set(d.CATEGORY)) == len(d.CATEGORY) >= 10
    for i, c in enumerate(first):
        assert min(seen_distance(c, s, kind) for s in (d.NEGATIVE, d.POSITIVE)) > 15, (c, kind)
        assert all(seen_distance(c, o, kind) > 15 for o in first[i + 1:]), (c, kind)


def test_no_kit_module_but_style_writes_a_colour_literally():
    import re
    from pathlib import Path
    root = Path(d.__file__).resolve().parent.parent
    literal = re.compile(r"""(#[0-9a-fA-F]{6}\b|color\s*=\s*["'](?!none)[^"']+["']|["']C\d["']|"""
                         r"""(?:mec|mfc|fc|ec|edgecolors?|facecolor|foreground)\s*=\s*["'](?!none)[^"']+["'])""")
    modules = sorted((root / "drawings").glob("*.py")) + sorted((root / "controls").glob("*.py"))
    found = [(m.name, hit) for m in modules if m.name not in ("style.py", "static.py")
             for hit in literal.findall(m.read_text())]
    assert len(modules) > 15 and not found, found


# ---- sizes -----------------------------------------------------------------------------------
def typical_figures():
    """(name, figure) for every drawing function of the kit, with the inputs the chapters give."""
    rng = np.random.default_rng(0)
    net = Network([784, 16, 16, 10], seed=0)
    _, a = net.forward(rng.random(784))
    h = History(epoch=list(range(1, 31)), steps_per_epoch=1875, train_cost=list(np.geomspace(1, 0.1, 30)),
                test_cost=list(np.geomspace(1.1, 0.2, 30)), train_accuracy=list(np.linspace(0.8, 0.99, 30)),
                test_accuracy=list(np.linspace(0.79, 0.96, 30)), step=list(range(100, 56251, 100)))
    h.step_cost = list(np.geomspace(2, 0.05, len(h.step)))
    y = rng.integers(0, 10, 10000)
    pred = np.where(rng.random(10000) < 0.9, y, rng.integers(0, 10, 10000))
    path = np.array([[2.0, 2.0], [1.0, 0.5], [0.0, 0.0]])
    yield "draw_digit", d.draw_digit(rng.random(784), label=3).figure
    yield "draw_digit_grid", d.draw_digit_grid(rng.random((30, 784)), y[:30], pred[:30], ncols=10)
    yield "draw_weight_heatmap", d.draw_weight_heatmap(rng.normal(size=784)).figure
    yield "draw_weight_grid", d.draw_weight_grid(rng.normal(size=(10, 784)),
                                                 titles=[f"is it a {k}?" for k in range(10)])
    yield "draw_weight_grid", d.draw_weight_grid(net.W[1])
    yield "draw_weight_grid", d.draw_weight_grid(net.W[1], ncols=8)
    yield "draw_network", d.draw_network(net.sizes, a, net.W, title="a 784-16-16-10 network: L = 3").fig
    yield "draw_network", d.draw_network([784, 10], title="one-vs-all as a network [784, 10]").fig
    yield "draw_network", d.draw_network([784, 1], max_neurons=8).fig
    yield "draw_history", d.draw_history(h)
    yield "draw_history", d.draw_history(h, per="step", log=True)
    yield "draw_contour", d.draw_contour(lambda x, y: x ** 2 + 4 * y ** 2, paths=[path],
                                         labels=["gradient descent, lr 0.1"]).figure
    yield "draw_derivative_error", d.draw_derivative_error(np.sin, np.cos, 1.0).figure
    yield "draw_activations", d.draw_activations()
    yield "draw_confusion", d.draw_confusion(y, pred).figure


def test_every_figure_fits_the_column_and_no_text_is_under_9_pt():
    seen = set()
    for name, fig in typical_figures():
        seen.add(name)
        d.figure_pixels(fig, dpi=40)                          # lays out and creates the tick labels
        assert fig.get_size_inches()[0] <= d.MAX_WIDTH == 8.4, name
        assert fig.get_tightbbox().width <= d.MAX_WIDTH + 0.05, name   # as the inline backend saves it
        small = [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text)
                 if t.get_visible() and t.get_text() and t.get_fontsize() < d.MIN_FONT]
        assert d.MIN_FONT == 9 and not small, (name, small)
    assert seen == {n for n in d.__all__ if n.startswith("draw_")}    # every drawing function is here


def small_texts(fig):
    """(text, size) of every visible text of fig under MIN_FONT, after a draw lays it out."""
    d.figure_pixels(fig, dpi=40)
    return [(t.get_text()[:40], t.get_fontsize()) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text() and t.get_fontsize() < d.MIN_FONT]


def test_drawings_on_given_axes_keep_every_text_at_9_pt_even_when_the_defaults_are_smaller():
    import matplotlib.pyplot as plt
    net = Network([784, 16, 16, 10], seed=0)
    with matplotlib.rc_context({"font.size": 6}):
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
        plt.close(fig)
        d.draw_weight_heatmap(np.random.default_rng(0).normal(size=784), ax=left)   # with its colourbar
        diagram = d.draw_network(net.sizes, weights=net.W, ax=right)
        assert len(fig.axes) == 3 and not small_texts(fig)
    legend = right.get_legend()
    assert min(t.get_fontsize() for t in legend.get_texts()) >= d.MIN_FONT
    assert min(t.get_fontsize() for t in diagram.output_texts) >= d.MIN_FONT


def test_no_text_of_a_control_is_under_9_pt_before_or_after_a_move():
    from mlp_core import controls, train
    from mlp_core.callbacks import WeightSnapshots
    rng = np.random.default_rng(0)
    X, y = rng.random((30, 784)), np.arange(30) % 10
    net, snaps = Network([784, 16, 16, 10], seed=0), WeightSnapshots()
    train(net, (X, y), epochs=2, callbacks=[snaps], log_every=10 ** 6)
    made = {"DigitBrowser": (lambda: controls.DigitBrowser(X, y), "index", 3),
            "NeuronPlayground": (lambda: controls.NeuronPlayground(3), "b", 2.0),
            "OnePixelLogistic": (lambda: controls.OnePixelLogistic(X[:, 300], y == 5), "theta0", -2.0),
            "WeightMover": (lambda: controls.WeightMover(net, X, y), "index", 4),
            "GradientDescentExplorer": (lambda: controls.GradientDescentExplorer(), "lr", 0.05),
            "OptimizerRace": (lambda: controls.OptimizerRace(steps=30), "lr", 0.05),
            "HiddenLayerBoundary": (lambda: controls.HiddenLayerBoundary(hidden=2), "hidden", 3),
            "DrawDigit": (lambda: controls.DrawDigit(network=net, images=X), "index", 2),
            "DrawDigit explained": (lambda: controls.DrawDigit(net.output, X, explain=lambda x, top: x), "index", 2),
            "WeightTimeline": (lambda: controls.WeightTimeline(snaps), "frame", 0)}
    for name, (make, slider, value) in made.items():
        c = make()
        assert not small_texts(c.fig), (name, small_texts(c.fig))
        getattr(c, slider).value = value
        assert c.message == "" or name == "NeuronPlayground", (name, c.message)
        assert not small_texts(c.fig), (name, small_texts(c.fig))
    assert not small_texts(controls.LiveCostPlot().fig)
