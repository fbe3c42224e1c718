"""Bad input reaching the controls from code (the sliders clamp what a learner can set): a
message naming the argument or slider, the value and what is expected, and nothing not finite drawn."""
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_core import Network  # noqa: E402
from mlp_core.controls import (Control, DigitBrowser, GradientDescentExplorer,  # noqa: E402
                               HiddenLayerBoundary, LiveCostPlot, NeuronPlayground, OnePixelLogistic,
                               OptimizerRace, WeightMover, WeightTimeline)
from mlp_core.errors import MLPError  # noqa: E402


class snaps:
    """Stands for a WeightSnapshots that kept k frames of W[1] (16, 784)."""

    def __init__(self, k):
        self.frames = np.zeros((k, 16, 784))
        self.steps, self.labels = list(range(k)), [f"frame {i}" for i in range(k)]


def finite_lines(fig):
    return all(np.isfinite(np.asarray(line.get_xydata(), dtype=float)).all() for ax in fig.axes for line in ax.lines)


def logistic():
    rng = np.random.default_rng(0)
    x = rng.random(50)
    return OnePixelLogistic(x, x > 0.5)


@pytest.mark.parametrize("make, name", [
    (NeuronPlayground, "x"), (NeuronPlayground, "w"), (NeuronPlayground, "b"),
    (logistic, "theta0"), (logistic, "theta1"),
    (GradientDescentExplorer, "x0"), (lambda: GradientDescentExplorer("round"), "y0"),
    (OptimizerRace, "momentum"), (OptimizerRace, "lr")])
@pytest.mark.parametrize("bad", [math.nan])                  # (an infinity is clamped to the limit)
def test_a_slider_set_to_nan_or_inf_says_so_and_draws_nothing_broken(make, name, bad):
    c = make()
    widget = getattr(c, name)
    widget = widget[0] if isinstance(widget, list) else widget
    before = c.png()
    widget.value = bad
    assert c.message.startswith(f"InputError: {widget.description} = {bad}: expected a finite number from")
    assert finite_lines(c.fig) and c.png() == before
    assert "too large" not in c.message and "IndexError" not in c.message
    widget.value = widget.min
    assert c.message == "" or not c.message.startswith("InputError")


@pytest.mark.parametrize("make, argument, value", [
    (lambda v: NeuronPlayground(weight_range=v), "weight_range", 1e308),
    (lambda v: NeuronPlayground(weight_range=v), "weight_range", math.nan),
    (lambda v: NeuronPlayground(weight_range=v), "weight_range", -1.0),
    (lambda v: NeuronPlayground(n_inputs=v), "n_inputs", 0),
    (lambda v: NeuronPlayground(activation=v), "activation", "swish"),
    (lambda v: LiveCostPlot(every_seconds=v), "every_seconds", math.nan),
    (lambda v: LiveCostPlot(every_seconds=v), "every_seconds", -1),
    (lambda v: LiveCostPlot(per=v), "per", "batch"),
    (lambda v: GradientDescentExplorer(lr=v), "lr", math.nan),
    (lambda v: GradientDescentExplorer(steps=v), "steps", 2.5),
    (lambda v: GradientDescentExplorer(function=v), "function", "sphere"),
    (lambda v: OptimizerRace(surface=v), "surface", "parabola"),
    (lambda v: OptimizerRace(momentum=v), "momentum", 1.5),
    (lambda v: OptimizerRace(tol=v), "tol", math.inf),
    (lambda v: OnePixelLogistic([0.1, 0.9], [0, 1], theta1=v), "theta1", math.nan),
    (lambda v: OnePixelLogistic([0.1, v], [0, 1]), "pixel", math.nan),
    (lambda v: WeightMover(Network([4, 3, 2], seed=0), np.eye(4), [0, 1, 0, 1], weight_range=v),
     "weight_range", math.inf),
    (lambda v: WeightMover(Network([4, 3, 2], seed=0), np.eye(4), [0, 1, 0, 1], index=v), "index", 4),
    (lambda v: WeightMover(Network([4, 3, 2], seed=0), np.eye(4), v), "y", [0, 1, 2, 1]),
    (lambda v: WeightMover(Network([4, 3, 2], seed=0), np.eye(4), v), "y", [0.0, 1.0, 0.0, 1.0]),
    (lambda v: HiddenLayerBoundary(hidden=v), "hidden", 0),
    (lambda v: HiddenLayerBoundary(hidden=v), "hidden", 2.5),
    (lambda v: HiddenLayerBoundary(data=v), "data", "spiral"),
    (lambda v: HiddenLayerBoundary(activation=v), "activation", "softmax"),
    (lambda v: HiddenLayerBoundary(m=v), "m", 2),
    (lambda v: HiddenLayerBoundary(seed=v), "seed", -1),
    (lambda v: WeightTimeline(v), "snapshots", [1, 2, 3]),
    (lambda v: WeightTimeline(snaps(3), neurons=v), "neurons", 0),
    (lambda v: WeightTimeline(snaps(3), cap=v), "cap", math.nan),
    (lambda v: DigitBrowser(v, []), "X", np.zeros((0, 784))),
    (lambda v: OnePixelLogistic(v, []), "pixel", []),
    (lambda v: OnePixelLogistic([0.1, 0.9], [0, 1], seed=v), "seed", 1.5),
])
def test_a_bad_argument_is_refused_with_its_name_and_value(make, argument, value):
    before = plt.get_fignums()
    with pytest.raises(MLPError, match=rf"^(unknown )?{argument}"):
        make(value)
    assert plt.get_fignums() == before


def test_a_figure_that_cannot_be_drawn_keeps_its_last_picture_and_says_why(monkeypatch):
    c = NeuronPlayground()
    good = c.png()
    assert good.startswith(b"\x89PNG")

    def broken():
        raise ValueError("Axis limits cannot be NaN or Inf")

    monkeypatch.setattr(c.renderer, "png", broken)
    c.b.value = 1.0
    assert c.png() == good and c.message == "ValueError: Axis limits cannot be NaN or Inf"
    assert "Axis limits" in c.status.value
    monkeypatch.undo()
    c.b.value = 2.0
    assert c.png() != good and c.message == ""


def test_a_large_weight_range_still_draws():
    c = NeuronPlayground(weight_range=1e6)
    for w in c.w:
        w.value = 1e6
    c.b.value = 1e6
    assert c.z == pytest.approx(0.5e6 * 2 + 1e6) and c.png().startswith(b"\x89PNG") and finite_lines(c.fig)
    assert isinstance(c, Control)
