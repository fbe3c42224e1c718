"""OutputBars given outputs that are missing: a None is drawn as 0 like NaN, and no outputs at all
keeps the 0..1.05 scale (the limits worked out here from the heights drawn)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from mlp_core.controls.bars import OutputBars  # noqa: E402
from mlp_core.drawings.style import NEUTRAL, PREDICTION, TRUTH  # noqa: E402


@pytest.fixture
def bars():
    fig, ax = plt.subplots()
    yield OutputBars(ax, 3, "a[L]_j")
    plt.close(fig)


def test_a_missing_output_is_drawn_as_0_like_nan(bars):
    bars.update([0.4, None, 1.2], prediction=2, truth=1)
    assert [b.get_height() for b in bars.bars] == [0.4, 0.0, 1.2]
    assert [b.get_facecolor() for b in bars.bars] == [to_rgba(c) for c in (NEUTRAL, NEUTRAL, PREDICTION)]
    assert bars.bars[1].get_edgecolor() == to_rgba(TRUTH)
    assert bars.ax.get_ylim() == pytest.approx((0.0, 1.05 * 1.2))


def test_no_outputs_keep_the_scale_from_0_to_1_05(bars):
    bars.update([-2.0, 0.5, 3.0], prediction=2)
    assert bars.ax.get_ylim() == pytest.approx((-2.0 * 1.05, 3.0 * 1.05))
    bars.update([], prediction=None)
    assert bars.ax.get_ylim() == pytest.approx((0.0, 1.05))
