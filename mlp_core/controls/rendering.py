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
from matplotlib.axis import Axis
from matplotlib.transforms import Bbox
from matplotlib.text import Text
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
    time). `version` is a number the owner bumps when something outside `moving` changed.

    Limit: matplotlib gives a collection (LineCollection, a scatter) no window extent, so a moving
    collection covers nothing: a static artist over it is drawn under it, from the first picture on.
    Put such an artist in `moving` too (as the network diagram's circles are) or below the
    collection's zorder."""

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

    def layers(self):
        """For each axes holding a moving artist: its moving artists and the other children of
        that axes at or above their lowest zorder (a spine or a label over a moving line), each
        with its place on the canvas (None for a moving artist: it is measured where it is when
        drawn); then the moving artists of the figure itself."""
        moving, renderer = set(self.moving), self.canvas.get_renderer()
        out = []
        for ax in self.fig.axes:
            mine = [a for a in ax.get_children() if a in moving]
            if not mine:
                continue
            low = min(a.get_zorder() for a in mine)
            hidden = {ax.patch} | (set() if ax.axison else {*ax.spines.values(), ax.xaxis, ax.yaxis})
            top = [a for a in ax.get_children() if a in moving or (a.get_zorder() >= low and a not in hidden)]
            out += [(a, a in moving, None if a in moving else self._extent(a, renderer))
                    for a in sorted(top, key=lambda a: a.get_zorder())]
        return out + [(a, True, None) for a in self.moving if a.axes is None]

    @staticmethod
    def _extent(artist, renderer):
        """Where artist draws on the canvas, 2 px wider on each side for antialiased edges; an axis:
        its tick labels and label (matplotlib's tight box; tick marks drawn inwards and grid lines
        are not in it), a null box if it has none."""
        box = artist.get_tightbbox(renderer) if isinstance(artist, Axis) else artist.get_window_extent(renderer)
        return box.padded(2) if box is not None else Bbox.null()

    def draw(self):
        """Bring the canvas up to date: the background once, then only what a move changes."""
        if not self.full_draws:                # lay out once (constrained layout settles on a
            self.canvas.draw()                 # second draw), then keep that layout: a move
            self.canvas.draw()                 # never shifts the axes
            self.fig.set_layout_engine("none")
        if self.moving is None:
            self.canvas.draw()
            self.full_draws += 1
            return
        key = self.static_key()
        if self._background is None or key != self._key:
            self._draw_backgrounds(key)
        self.canvas.restore_region(self._background)
        self._draw_layers(self.canvas.get_renderer())

    def _draw_backgrounds(self, key):
        """The picture of everything but the moving artists."""
        self.canvas.draw()                     # a renderer that knows where everything is
        self._layers = self.layers()
        for a in self.moving:
            a.set_animated(True)
        try:
            self.canvas.draw()
        finally:
            for a in self.moving:
                a.set_animated(False)
        self._background, self._key = self.canvas.copy_from_bbox(self.fig.bbox), key
        self.full_draws += 1

    def _draw_layers(self, renderer):
        """Draw the moving artists, and again each artist of their layers that lies over one of
        them (a spine over an image, a marker over a path, a line over a bar grown under it), in
        zorder. A moving artist covers where it is now (texts cover nothing). Drawn twice, an
        edge's antialiasing gets a shade darker."""
        covered = {}
        for a, is_moving, _ in self._layers:
            if is_moving and a.axes is not None and a.get_visible() and not isinstance(a, Text):
                box = self._extent(a, renderer)
                if np.all(np.isfinite(box.bounds)):
                    covered.setdefault(a.axes, []).append(box)
        for a, is_moving, box in self._layers:
            if is_moving or (np.all(np.isfinite(box.extents))
                             and any(box.overlaps(b) for b in covered.get(a.axes, ()))):
                a.draw(renderer)               # an invisible artist draws nothing

    def png(self):
        """Draw and encode: PNG bytes of the figure as it is now."""
        self.draw()
        out = io.BytesIO()
        pixels = np.asarray(self.canvas.buffer_rgba())
        if self.fig.patch.get_visible() and self.fig.patch.get_facecolor()[3] == 1:
            pixels = np.ascontiguousarray(pixels[..., :3])   # opaque: RGB encodes a third faster
        Image.fromarray(pixels).save(out, format="png", compress_level=1)
        return out.getvalue()

    def picture(self, text):
        """A Picture of the figure as it is when the front end formats it."""
        return Picture(self.png, text)
