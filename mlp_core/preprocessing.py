"""Turn a drawing into an input the network knows: the way the MNIST digits were made.

Each MNIST digit was fitted into a 20x20 box (keeping its aspect ratio, with grey anti-aliased edges)
and then placed in a 28x28 frame so that its centre of mass sits at the frame's centre. A mouse
drawing fed in as it is looks nothing like that (too thin, off-centre, the wrong size), so the
drawing pad passes every drawing through `mnist_like` first."""
import numpy as np

from . import validation as check

BOX, SIZE = 20, 28


def area_resize_matrix(n_from, n_to):
    """R (n_to, n_from) with R[i, r] = the share of source cell r inside target cell i, rows summing
    to 1: R @ v resamples a length-n_from profile to n_to cells by averaging areas (both counts >= 1)."""
    n_from, n_to = check.count("n_from", n_from, 1), check.count("n_to", n_to, 1)
    edges_to = np.linspace(0, n_from, n_to + 1)
    lo = np.maximum(edges_to[:-1, None], np.arange(n_from)[None, :])
    hi = np.minimum(edges_to[1:, None], np.arange(1, n_from + 1)[None, :])
    overlap = np.clip(hi - lo, 0, None)
    return overlap / overlap.sum(axis=1, keepdims=True)


def _ink_box(image, threshold):
    """Rows and columns (slices) of the smallest box holding every pixel above threshold."""
    rows, cols = np.nonzero(image > threshold)
    return slice(rows.min(), rows.max() + 1), slice(cols.min(), cols.max() + 1)


def _centre_shift(image):
    """Integer (dr, dc) that moves the centre of mass of image to (14, 14) in a 28x28 frame: the
    centre MNIST's digits have (their centres of mass lie within half a pixel of it)."""
    r, c = np.indices(image.shape)
    total = image.sum()
    com = np.array([(r * image).sum(), (c * image).sum()]) / total
    return np.rint(np.array(image.shape) / 2 - com).astype(int)


def _shift_inside(image, shift, used):
    """Shift image by `shift`, limited so that the inked block `used` (row, col slices) stays inside."""
    size = image.shape[0]
    dr = int(np.clip(shift[0], -used[0].start, size - used[0].stop))
    dc = int(np.clip(shift[1], -used[1].start, size - used[1].stop))
    return np.roll(image, (dr, dc), axis=(0, 1))


def mnist_like(image, threshold=0.05):
    """A drawing (H, W) with ink in 0..1 (0 = paper) -> the 784-vector an MNIST digit would be.

    The ink's bounding box is scaled so that its longer side is 20 pixels (area averaging, so edges
    turn grey), placed in a 28x28 frame, shifted by whole pixels so its centre of mass is at the
    centre, and scaled so the darkest pixel is 1. A drawing with no ink (no pixel above threshold,
    a number in [0, 1)) gives 784 zeros. Pixels must lie in 0..1: 0..255 images are refused with the
    hint to divide by 255, not clipped to full ink."""
    a = check.image("mnist_like image", image)
    threshold = check.number("mnist_like threshold", threshold, low=0, high=1, high_open=True)
    if a.max() <= threshold:
        return np.zeros(SIZE * SIZE)
    rows, cols = _ink_box(a, threshold)
    crop = a[rows, cols]
    scale = BOX / max(crop.shape)
    h, w = (max(1, int(round(n * scale))) for n in crop.shape)
    small = area_resize_matrix(crop.shape[0], h) @ crop @ area_resize_matrix(crop.shape[1], w).T
    frame = np.zeros((SIZE, SIZE))
    r0, c0 = (SIZE - h) // 2, (SIZE - w) // 2
    frame[r0:r0 + h, c0:c0 + w] = small
    frame = _shift_inside(frame, _centre_shift(frame), (slice(r0, r0 + h), slice(c0, c0 + w)))
    return (frame / frame.max()).ravel()
