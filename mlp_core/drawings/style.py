"""The one place where the drawing kit's colours, colour maps, figure sizes and font sizes are set.

Every colour has one meaning through the whole series, so a learner who has read it once can read
every figure and control:

- `NEGATIVE` (blue) / `POSITIVE` (orange), with `ZERO` (white) between them in `WEIGHT_CMAP`: the sign
  of a signed number (a weight, a bias, a weighted input z, a logit, a gradient). Never anything else.
- `NEUTRAL` (light grey): unsigned quantities drawn plainly (activations in [0, 1], probabilities,
  counts, the bars that are not singled out). `UNSET` (mid grey): nothing known yet.
- `HIGHLIGHT` (magenta): the one thing the text or the learner has singled out (the weight being
  moved, the pixel it starts from, the neuron the text names).
- `PREDICTION` (cyan) / `TRUTH` (black): what the model answers against the true label.
- `RIGHT` (green) / `WRONG` (wine): a prediction judged right or wrong (wrong ones also get a frame
  or a marker, so the meaning never rests on colour alone).
- `CATEGORY`: a qualitative tuple for things that only need telling apart (optimizers, digits,
  paths), most distinct first.

The colours come from Paul Tol's qualitative sets and are chosen apart from blue and orange and
from each other under deuteranopia and protanopia (CIELAB distance >= 19 between any two meanings
after simulation, >= 23 between those drawn together). The signed pair's lightness falls away from 0
on both sides, so a grey-scale print keeps the size of a number too. The source notes' red - black -
green map stays available as `cmap="red_black_green"` for the one picture that teaches it."""
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

# ---- colours ---------------------------------------------------------------------------------
NEGATIVE, ZERO, POSITIVE = "#2166ac", "#f7f7f7", "#e08214"   # w < 0 blue, 0 white, w > 0 orange
UNSET = "0.6"                                                 # grey before any values are known
NEUTRAL = "#BBBBBB"          # unsigned bars and values not singled out (Tol grey)
HIGHLIGHT = "#EE3377"        # the one thing singled out: the moved weight, the named neuron (Tol magenta)
PREDICTION = "#33BBEE"       # the model's answer (Tol cyan)
TRUTH = "#000000"            # the true label (black)
RIGHT = "#117733"            # a prediction that is right (Tol green)
WRONG = "#882255"            # a prediction that is wrong, always with a frame or marker too (Tol wine)
CATEGORY = ("#33BBEE", "#EE3377", "#117733", "#DDCC77", "#332288", "#882255", "#44AA99", "#000000",
            "#999933", "#AA4499")   # things only told apart: optimizers, digits 0-9, paths
HALO = "#FFFFFF"             # outline that keeps a coloured line visible on a dark colour map; paper
INK = "#000000"              # text, axes and the P = 0.5 line (structure, not a meaning)
EDGE = "#404040"             # outlines of neurons and markers
GUIDE = "#666666"            # guide lines: thresholds, dotted helpers, a curve under a path
PATH_COLORS = CATEGORY       # paths of descent are categories (the name chapter 3 uses)

WEIGHT_CMAP = LinearSegmentedColormap.from_list("blue_white_orange", [
    "#053061", NEGATIVE, "#4393c3", "#92c5de", "#d1e5f0", ZERO,
    "#fee0b6", "#fdb863", POSITIVE, "#b35806", "#7f3b08"]).with_extremes(bad=UNSET)
TWO_CLASS_CMAP = LinearSegmentedColormap.from_list("two_classes", [CATEGORY[0], "#ffffff", CATEGORY[1]])   # P(class 1)
MISTAKE_CMAP = LinearSegmentedColormap.from_list("white_wrong", ["#ffffff", "#e7c6d5", "#c07a9a", WRONG]).with_extremes(
    bad="#e8e8e8")            # counts of mistakes; the masked diagonal (right answers) light grey
RED_BLACK_GREEN_CMAP = LinearSegmentedColormap.from_list(
    "red_black_green", [(0.0, (0.95, 0.15, 0.1)), (0.5, (0.0, 0.0, 0.0)), (1.0, (0.15, 0.85, 0.2))])
CMAPS = {"blue_white_orange": WEIGHT_CMAP, "weights": WEIGHT_CMAP, "red_black_green": RED_BLACK_GREEN_CMAP}
SIGN_WORDS = {id(WEIGHT_CMAP): "blue < 0 < orange", id(RED_BLACK_GREEN_CMAP): "red < 0 < green"}

# ---- sizes -----------------------------------------------------------------------------------
MAX_WIDTH = 8.4        # inches: an 850 px output area at 100 dpi; no figure of the kit is wider
MIN_FONT = 9           # points: no text of the kit is smaller
FONT = 10              # labels and legends
TITLE_FONT = 11        # axes titles
SUPTITLE_FONT = 12     # figure titles
TINY = 1e-8            # smallest colour limit (all-zero input)


def resolve_cmap(cmap):
    """A colour map from a name of the kit ('blue_white_orange' = 'weights', 'red_black_green'), a
    matplotlib name, or a Colormap (returned as is)."""
    return CMAPS.get(cmap, cmap) if isinstance(cmap, str) else cmap


def sign_words(cmap):
    """'blue < 0 < orange' for the kit's weight map, 'red < 0 < green' for the notes' map, else ''."""
    return SIGN_WORDS.get(id(resolve_cmap(cmap)), "")


def symmetric_limit(values, vmax=None):
    """vmax for limits (-vmax, vmax): max |finite value|, and never below TINY."""
    if vmax is None:
        v = np.abs(np.asarray(values, dtype=float))
        vmax = float(v[np.isfinite(v)].max()) if np.isfinite(v).any() else 0.0
    return max(float(vmax), TINY)


def capped_limit(values, percentile=99.0):
    """vmax for limits (-vmax, vmax): the given percentile of |finite value| (100 = the maximum), so
    that a few extreme weights do not wash out every other one; never below TINY."""
    v = np.abs(np.asarray(values, dtype=float))
    v = v[np.isfinite(v)]
    return symmetric_limit(None, float(np.percentile(v, percentile)) if v.size else 0.0)
