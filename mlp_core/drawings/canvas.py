"""Figures and axes for the kit: new pyplot-free Figures no wider than the notebook column, grids of
panels, the font-size floor, and rendering to pixels."""
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import FONT, MAX_WIDTH, MIN_FONT


def new_figure(width, height):
    """A new Figure (constrained layout, never registered with pyplot, so nothing accumulates and
    nothing needs closing) of width x height inches, the width cut to MAX_WIDTH if wider."""
    return Figure(figsize=(min(width, MAX_WIDTH), height), layout="constrained")


def new_axes(ax, figsize=(4, 4)):
    """(figure, axes): the given axes, or one new axes on a new Figure of figsize inches."""
    if ax is not None:
        return ax.figure, ax
    fig = new_figure(*figsize)
    return fig, fig.add_subplot()


def grid_figure(k, ncols, cell, extra):
    """A new Figure with k panels on rows of ncols, each cell = (width, height) inches plus extra
    inches for titles and colourbars, shrunk so the figure fits MAX_WIDTH; returns (fig, k axes)."""
    ncols = max(1, min(ncols, k))
    nrows = max(1, math.ceil(k / ncols))
    shrink = min(1.0, (MAX_WIDTH - extra[0]) / (cell[0] * ncols))
    fig = Figure(figsize=(cell[0] * shrink * ncols + extra[0], cell[1] * shrink * nrows + extra[1]),
                 layout="constrained")
    axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[k:]:
        fig.delaxes(ax)
    return fig, axes[:k]


def legible(artist):
    """Raise every text of artist (a Figure: all of it; an Axes: its title, labels, legend, texts and
    tick labels) to at least MIN_FONT points; tick labels created later get FONT - 1 >= MIN_FONT.
    The kit calls it on its own figures, and only on its own axes of a figure it was given.
    Returns artist."""
    for ax in artist.axes if isinstance(artist, Figure) else [artist]:
        ax.tick_params(labelsize=max(MIN_FONT, FONT - 1))
    for text in artist.findobj(Text):
        if text.get_fontsize() < MIN_FONT:
            text.set_fontsize(MIN_FONT)
    return artist


def figure_pixels(fig, dpi=None):
    """Render fig with the Agg canvas (at dpi if given, e.g. small for fast tests) and return its
    pixels, uint8 RGBA of shape (height, width, 4)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    old = fig.dpi
    fig.dpi = dpi or old
    try:
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()
    finally:
        fig.dpi = old
