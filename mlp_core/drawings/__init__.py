"""Matplotlib drawings for the chapters: digits, weight heatmaps, the network diagram, training
curves, cost landscapes, derivative errors, activations and confusion matrices.

Every function draws into `ax` when given, otherwise into a new `matplotlib.figure.Figure` that is
never registered with pyplot (so nothing accumulates and nothing needs closing), no wider than the
notebook column and with no text under 9 pt; none calls show(). Colours, colour maps and sizes are
set in `style`. Notation as in the chapters: a^[l], n^[l], W^[l] for layers l = 0..L.

One job per module: style (colours, maps, sizes), canvas (figures, grids, pixels), images (digits
and weight heatmaps), diagram (the network), history (training curves), curves (activations,
difference quotients), calculus (contours, gradients, paths), confusion (the confusion matrix)."""
from .calculus import draw_contour
from .canvas import figure_pixels, grid_figure, legible, new_axes, new_figure
from .confusion import draw_confusion
from .curves import draw_activations, draw_derivative_error
from .diagram import NetworkDiagram, draw_network
from .history import HistoryPlot, draw_history
from .images import as_image, draw_digit, draw_digit_grid, draw_weight_grid, draw_weight_heatmap
from .style import (CATEGORY, HIGHLIGHT, MAX_WIDTH, MIN_FONT, MISTAKE_CMAP, NEGATIVE, NEUTRAL, PATH_COLORS,
                    POSITIVE, PREDICTION, RED_BLACK_GREEN_CMAP, RIGHT, TINY, TRUTH, UNSET, WEIGHT_CMAP, WRONG,
                    ZERO, capped_limit, resolve_cmap, symmetric_limit)

__all__ = ["draw_contour", "figure_pixels", "grid_figure", "legible", "new_axes", "new_figure",
           "draw_confusion", "draw_activations", "draw_derivative_error", "NetworkDiagram", "draw_network",
           "HistoryPlot", "draw_history", "as_image", "draw_digit", "draw_digit_grid", "draw_weight_grid",
           "draw_weight_heatmap", "MAX_WIDTH", "MIN_FONT", "NEGATIVE", "PATH_COLORS",
           "POSITIVE", "RED_BLACK_GREEN_CMAP", "MISTAKE_CMAP", "TINY", "UNSET", "WEIGHT_CMAP", "WRONG",
           "ZERO", "NEUTRAL", "HIGHLIGHT", "PREDICTION", "TRUTH", "RIGHT", "CATEGORY", "capped_limit",
           "resolve_cmap", "symmetric_limit"]
