"""One PNG per move: the figure rendered by the controls themselves, not by the inline backend.

The inline backend formats a figure with bbox_inches='tight', which draws it twice, and redraws
every artist each time. `FigureRenderer` draws a figure once with its layout engine, keeps that
picture of everything that does not move as a background, and for a move pastes the background and
draws only the moving artists on it, then encodes the PNG. The layout is computed on the first
render and then kept, so the axes never jump while a slider moves. The background is drawn again when an
axes' limits or scales, a colourbar's limits or `version` change. `Picture` carries the PNG to
IPython's display machinery (image/png, with a text/plain line for viewers without images)."""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image


class Picture:
    """A displayable PNG, rendered on first use (when a front end formats it) and then kept."""

    def __init__(self, render, text):
        self._render, self._png, self.text = render, None, text

    def png(self):
        """The PNG bytes (rendered the first time)."""
        if self._png is None:
            self._png = self._render()
        return self._png

    def _repr_png_(self):
        return self.png()

    def __repr__(self):
        return self.text


class FigureRenderer:
    """Render fig to PNG bytes. moving: the artists a move changes (None: draw everything every
    time). `version` is a number the owner bumps when something outside `moving` changed."""

    def __init__(self, fig, moving=None):
        self.fig, self.moving, self.version = fig, moving, 0
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self._background, self._key, self.full_draws = None, None, 0

    def static_key(self):
        """What the background depends on: each axes' limits and scales, each colourbar's limits."""
        key = [self.version, tuple(self.fig.get_size_inches()), self.fig.dpi]
        for ax in self.fig.axes:
            key += [ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_visible()]
            key += [im.get_clim() for im in ax.images if im.colorbar is not None]
        return tuple(key)

    def draw(self):
        """Bring the canvas up to date (background once, then only the moving artists)."""
        moving = self.moving
        if not self.full_draws:                # lay out once (constrained layout settles on a
            self.canvas.draw()                 # second draw), then keep that layout: a move
            self.canvas.draw()                 # never shifts the axes
            self.fig.set_layout_engine("none")
        if moving is None:
            self.canvas.draw()
            self.full_draws += 1
            return
        key = self.static_key()
        if self._background is None or key != self._key:
            for a in moving:
                a.set_animated(True)
            try:
                self.canvas.draw()
            finally:
                for a in moving:
                    a.set_animated(False)
            self._background, self._key = self.canvas.copy_from_bbox(self.fig.bbox), key
            self.full_draws += 1
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for a in sorted(moving, key=lambda a: a.get_zorder()):
            a.draw(renderer)                   # an invisible artist draws nothing

    def png(self):
        """Draw and encode: PNG bytes of the figure as it is now."""
        self.draw()
        out = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(out, format="png", compress_level=1)
        return out.getvalue()

    def picture(self, text):
        """A Picture of the figure as it is when the front end formats it."""
        return Picture(self.png, text)
