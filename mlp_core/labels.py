"""Label encoding: integer labels y (m,) as one-hot rows (m, n_classes).

Kept apart from the data loader so that the network and the training loop need no file reading."""
import numpy as np

from . import validation as check
from .errors import InputError


def one_hot(labels, n_classes=10, dtype=np.float64):
    """Turn integer labels y of shape (m,) into rows Y of shape (m, n_classes): Y[i, y[i]] = 1, every
    other entry 0 (the targets T of the chapters are Y transposed, one example per column): the target
    t of a label y has t_j = 1 if j = y, else 0. Chapter 2 §4.

    Raises InputError unless the labels are integers from 0 to n_classes - 1."""
    n_classes = check.count("n_classes", n_classes, 1, np.iinfo(np.int64).max)
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise InputError(f"labels must be a 1-D array of shape (m,), got shape {labels.shape}")
    if labels.size == 0:
        labels = labels.astype(np.int64)  # an empty list arrives as float64
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise InputError(f"labels must be integers from 0 to {n_classes - 1}, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise InputError(f"labels must lie in 0..{n_classes - 1}, "
                         f"found values from {labels.min()} to {labels.max()}")
    out = np.zeros((labels.size, n_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out
