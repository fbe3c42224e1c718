"""Pictures of 784-vectors: digits, grids of digits, weight heatmaps and grids of weight heatmaps."""
import math

import numpy as np

from .canvas import grid_figure, legible, new_axes
from .style import FONT, WRONG, resolve_cmap, sign_words, symmetric_limit


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
    ax.set_title(title if title is not None else ("digit" if label is None else f"label {label}"))
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
            text += f"{', ' if text else ''}pred {int(predictions[i])}"
        draw_digit(images[i], ax=ax, title=text)
        ax.title.set_fontsize(FONT)
        if predictions is not None and label is not None and int(predictions[i]) != label:
            ax.title.set_color(WRONG)
            for spine in ax.spines.values():
                spine.set(edgecolor=WRONG, linewidth=2.5)
    fig.suptitle(title if title is not None else f"{k} digits")
    return legible(fig)


def draw_weight_heatmap(w, ax=None, cmap="blue_white_orange", vmax=None, colorbar=True, title=None):
    """Draw the weights w (784-vector or 28x28) as an image in diverging colours centred on 0 with
    limits (-vmax, vmax); vmax defaults to max |w|. cmap: 'blue_white_orange' (the default, safe for
    colour-blind readers: w < 0 blue, w = 0 white, w > 0 orange), 'red_black_green' (the notes'
    convention, also called 'notes'), 'standard' (RdBu_r) or any matplotlib colormap.
    Returns the AxesImage."""
    img, own = as_image(w), ax is None
    fig, ax = new_axes(ax, (3.6, 3))
    v = symmetric_limit(img, vmax)
    im = ax.imshow(img, cmap=resolve_cmap(cmap), vmin=-v, vmax=v, interpolation="nearest")
    ax.set(xticks=[], yticks=[], title="weights" if title is None else title)
    if colorbar:
        fig.colorbar(im, ax=ax, label="weight", shrink=0.85)
    legible(fig if own else ax)
    return im


def draw_weight_grid(W, ncols=None, titles=None, cmap="blue_white_orange", shared_scale=True, title=None):
    """One 28x28 heatmap per row of W (k, 784), e.g. 10 one-vs-all classifiers or the 16 hidden
    neurons' W^[1] rows, in the colours of draw_weight_heatmap (default w < 0 blue, 0 white, w > 0
    orange). titles: one per panel (default 'neuron j'). shared_scale: one colour scale
    and one colourbar for all panels, else each panel has its own."""
    W = np.asarray(W, dtype=float).reshape(len(W), -1)
    k = len(W)
    ncols = ncols or (k if k <= 5 else 5 if k <= 10 else math.ceil(math.sqrt(k)))
    fig, axes = grid_figure(k, ncols, (1.7, 1.75), (1.0, 0.5))
    v = symmetric_limit(W) if shared_scale else None
    for j, ax in enumerate(axes):
        name = titles[j] if titles is not None else f"neuron {j}"
        im = draw_weight_heatmap(W[j], ax=ax, cmap=cmap, vmax=v, colorbar=not shared_scale, title=name)
        ax.title.set_fontsize(FONT)
    if shared_scale and k:
        fig.colorbar(im, ax=axes, label="weight", shrink=0.8)
    words = sign_words(cmap)
    fig.suptitle(title if title is not None else f"weights of {k} neurons" + (f" ({words})" if words else ""))
    return legible(fig)
