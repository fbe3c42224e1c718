"""Tests of the drawing kit's style: the sign of a weight survives red-green colour blindness, no
figure is wider than the notebook column and no text is smaller than 9 pt."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

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
