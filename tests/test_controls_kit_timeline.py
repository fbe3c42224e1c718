"""WeightTimeline's number of panels: by default the first min(16, n[1]) neurons of layer 1, an explicit
number up to n[1]; and each panel one 28x28 cell per pixel."""
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_core.controls import WeightTimeline  # noqa: E402
from mlp_core.errors import InputError  # noqa: E402


def snapshots(n, k=3, seed=1):
    """k frames of W[1] for a layer of n neurons, drifting from a random start."""
    rng = np.random.default_rng(seed)
    frames = np.cumsum(rng.normal(size=(k, n, 784)), axis=0)
    return SimpleNamespace(frames=frames, steps=list(range(0, 10 * k, 10)), labels=[f"t{i}" for i in range(k)])


@pytest.mark.parametrize("n, shown, grid", [(1, 1, (1, 1)), (5, 5, (2, 3)), (10, 10, (3, 4)), (16, 16, (4, 4)),
                                            (17, 16, (4, 4)), (40, 16, (4, 4))])
def test_by_default_the_first_16_neurons_or_all_of_a_smaller_layer(n, shown, grid):
    snaps = snapshots(n)
    c = WeightTimeline(snaps)
    assert len(c.images) == shown and c.frames.shape == (3, shown, 784)
    np.testing.assert_array_equal(c.frames, snaps.frames[:, :shown])
    rows, cols = grid
    assert len(c.fig.axes) == rows * cols + 1                   # the panels, then the colourbar
    titled = [ax.get_title() for ax in c.fig.axes[:-1] if ax.axison]
    assert titled == [f"neuron {j}" for j in range(shown)]
    for j in range(shown):
        np.testing.assert_array_equal(c.images[j].get_array(), snaps.frames[-1, j].reshape(28, 28))


@pytest.mark.parametrize("neurons", [6, 16])
def test_more_neurons_than_the_layer_holds_is_refused(neurons):
    with pytest.raises(InputError, match=rf"^neurons must be an integer from 1 to 5, got {neurons}$"):
        WeightTimeline(snapshots(5), neurons=neurons)


def test_an_explicit_number_of_neurons_up_to_the_layer_is_drawn():
    assert len(WeightTimeline(snapshots(5), neurons=5).images) == 5
    assert len(WeightTimeline(snapshots(40), neurons=20).images) == 20


def test_each_panel_is_one_square_cell_per_pixel():
    c = WeightTimeline(snapshots(4))
    for im in c.images:
        assert im.get_extent() == [-0.5, 27.5, 27.5, -0.5]
        assert im.axes.get_xlim() == (-0.5, 27.5) and im.axes.get_ylim() == (27.5, -0.5)


@pytest.mark.parametrize("steps, labels, got", [([0, 10], list("abc"), "3 frames, 2 steps and 3 labels"),
                                                ([0, 10, 20], list("ab"), "3 frames, 3 steps and 2 labels"),
                                                ([0, 10, 20, 30], list("abcd"), "3 frames, 4 steps and 4 labels")])
def test_snapshots_need_one_step_and_one_label_per_frame(steps, labels, got):
    snaps = SimpleNamespace(frames=snapshots(2).frames, steps=steps, labels=labels)
    with pytest.raises(InputError, match=r"^snapshots must be a WeightSnapshots\(layer=1\) .* got " + got + "$"):
        WeightTimeline(snaps)
