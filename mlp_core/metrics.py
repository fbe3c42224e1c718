"""Counts that summarise a classifier's answers."""
import numpy as np

from . import validation as check
from .errors import ShapeError


def confusion_matrix(y_true, y_pred, n_classes=10):
    """counts[i, j] = number of examples whose label y is i and whose prediction y-hat is j.
    Chapter 1 §13; Chapter 4 §18.

    y_true, y_pred: integer arrays of the same length m with values 0..n_classes-1.
    Returns an int64 array (n_classes, n_classes); its trace is the number predicted right."""
    n_classes = check.count("n_classes", n_classes, 1, 10 ** 4)
    t, p = np.asarray(y_true).ravel(), np.asarray(y_pred).ravel()
    if t.shape != p.shape:
        raise ShapeError(f"y_true and y_pred must have the same length, got {t.size} and {p.size}")
    for name, v in (("y_true", t), ("y_pred", p)):
        if v.size and (not np.issubdtype(v.dtype, np.integer) or v.min() < 0 or v.max() >= n_classes):
            raise ShapeError(f"{name} must hold integer classes 0..{n_classes - 1}, "
                             f"got dtype {v.dtype} with values {v.min()}..{v.max()}")
    return np.bincount(t * n_classes + p, minlength=n_classes ** 2).reshape(n_classes, n_classes)
