"""Pictures of 784-vectors: digits, grids of digits, weight heatmaps and grids of weight heatmaps."""
import math

import numpy as np

from ..i18n import tr
from .canvas import grid_figure, legible, new_axes
from .style import FONT, WRONG, capped_limit, resolve_cmap, sign_words, symmetric_limit


def as_image(v):
    """A 784-vector (or any perfect square) as a square image; 2-D stays; other 1-D -> one row."""
    v = np.asarray(v, dtype=float)
    if v.ndim == 1:
        side = math.isqrt(v.size)
        return v.reshape(side, side) if side * side == v.size and v.size else v[None, :]
    return v


def draw_digit(image, label=None, ax=None, title=None, cmap="gray_r"):
    """Draw one digit: image a 784-vector or 28x28 array (values 0..1 or 0..255), ink dark on light.
    The title is `title`, else 'label <label>' when a label is given. Returns the AxesImage."""
    img, own = as_image(image), ax is None
    fig, ax = new_axes(ax, (2.5, 2.5))
    top = 255.0 if np.nanmax(img, initial=0.0) > 1.0 else 1.0
    im = ax.imshow(img, cmap=cmap, vmin=0.0, vmax=top, interpolation="nearest")
    ax.set(xticks=[], yticks=[], aspect="equal")
    ax.set_title(title if title is not None else (tr("digit") if label is None else tr("label {label}", label=label)))
    legible(fig if own else ax)
    return im


def draw_digit_grid(images, labels=None, predictions=None, ncols=10, title=None):
    """Draw k digits (images (k, 784) or (k, 28, 28)) on a grid, each titled with its label and
    'pred p' when predictions are given; a wrong prediction gets a red (WRONG) title and a thick
    red frame, so it stands out by the frame's width as well as by its colour."""
    images = np.asarray(images, dtype=float).reshape(-1, 28, 28)
    k = len(images)
    fig, axes = grid_figure(k, ncols, (1.2, 1.45), (0.3, 0.5))
    for i, ax in enumerate(axes):
        label = None if labels is None else int(labels[i])
        text = "" if label is None else f"{label}"
        if predictions is not None:
            text += (", " if text else "") + tr("pred {p}", p=int(predictions[i]))
        draw_digit(images[i], ax=ax, title=text)
        ax.title.set_fontsize(FONT)
        if predictions is not None and label is not None and int(predictions[i]) != label:
            ax.title.set_color(WRONG)
            for spine in ax.spines.values():
                spine.set(edgecolor=WRONG, linewidth=2.5)
    fig.suptitle(title if title is not None else tr("{k} digits", k=k))
    return legible(fig)


def draw_weight_heatmap(w, ax=None, cmap="blue_white_orange", vmax=None, colorbar=True, title=None):
    """Draw the weights w (784-vector or 28x28) as an image in diverging colours centred on 0 with
    limits (-vmax, vmax); vmax defaults to max |w|. cmap: 'blue_white_orange' (the default, safe for
    colour-blind readers: w < 0 blue, w = 0 white, w > 0 orange), 'red_black_green' (the notes'
    convention) or any matplotlib colormap.
    Its text (title, colourbar ticks and label) is at least MIN_FONT points. Returns the AxesImage."""
    img, own = as_image(w), ax is None
    fig, ax = new_axes(ax, (3.6, 3))
    v = symmetric_limit(img, vmax)
    im = ax.imshow(img, cmap=resolve_cmap(cmap), vmin=-v, vmax=v, interpolation="nearest")
    ax.set(xticks=[], yticks=[], title=tr("weights") if title is None else title)
    if colorbar:
        bar = fig.colorbar(im, ax=ax, label=tr("weight"), shrink=0.85)
        legible(bar.ax)                    # its ticks and label too, when the figure is not the kit's
    legible(fig if own else ax)
    return im


def ordinal(p):
    """99 -> '99th', 1 -> '1st', 92.5 -> '92.5th'."""
    p = int(p) if float(p).is_integer() else p
    if isinstance(p, int) and p % 100 not in (11, 12, 13):
        return f"{p}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(p % 10, 'th')}"
    return f"{p}th"


def draw_weight_grid(W, ncols=None, titles=None, cmap="blue_white_orange", shared_scale=True, title=None,
                     cap_percentile=99.0):
    """One 28x28 heatmap per row of W (k, 784), e.g. 10 one-vs-all classifiers or the 16 hidden
    neurons' W^[1] rows, in the colours of draw_weight_heatmap (default w < 0 blue, 0 white, w > 0
    orange). titles: one per panel (default 'neuron j'). ncols: panels per row (default: k up to 5,
    5 up to 10, else ceil(sqrt(k)), so 16 maps make a 4 x 4 grid). shared_scale: one colour scale
    (-vmax, vmax) and one colourbar for all panels, else each panel has its own.
    cap_percentile: vmax is this percentile of |w| (over all panels when shared), so that a few
    extreme weights do not wash out the rest; larger |w| get the end colours (the colourbar says
    so and is drawn with pointed ends). 100 gives vmax = max |w|."""
    W = np.asarray(W, dtype=float).reshape(len(W), -1)
    k = len(W)
    ncols = ncols or (k if k <= 5 else 5 if k <= 10 else math.ceil(math.sqrt(k)))
    fig, axes = grid_figure(k, ncols, (1.5, 1.55), (1.1, 0.5))
    v = capped_limit(W, cap_percentile) if shared_scale else None
    for j, ax in enumerate(axes):
        name = titles[j] if titles is not None else tr("neuron {j}", j=j)
        vj = v if shared_scale else capped_limit(W[j], cap_percentile)
        im = draw_weight_heatmap(W[j], ax=ax, cmap=cmap, vmax=vj, colorbar=False, title=name)
        ax.title.set_fontsize(FONT)
        if not shared_scale:
            colourbar(fig, im, ax, W[j], cap_percentile, shrink=0.85)
    if shared_scale and k:
        colourbar(fig, im, axes, W, cap_percentile, shrink=0.8)
    words = sign_words(cmap)
    fig.suptitle(title if title is not None else tr("weights of {k} neurons", k=k) + (f" ({words})" if words else ""))
    return legible(fig)


def colourbar(fig, im, ax, w, cap_percentile, shrink):
    """The colourbar of a capped weight scale: labelled with the cap, pointed where |w| exceeds it."""
    vmax = im.get_clim()[1]
    over = bool(np.nanmax(np.abs(w), initial=0.0) > vmax)
    label = tr("weight") if cap_percentile >= 100 else tr("weight (|w| capped at the {p} percentile)",
                                                          p=ordinal(cap_percentile))
    return fig.colorbar(im, ax=ax, label=label, shrink=shrink, extend="both" if over else "neither")
