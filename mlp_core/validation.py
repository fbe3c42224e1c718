"""Checks of arguments and arrays at the engine's boundary (Network, the optimizers, train).

Each check returns the value in the form the engine uses, or raises InputError (a value that is not
allowed) or ShapeError (an array of the wrong shape) naming the argument, the value found and what
is expected. Training checks its data once per call, never per step."""
import math
import numbers

import numpy as np

from .errors import InputError, ShapeError


def _is_int(value):
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def integer(name, value, low=None):
    """value as an int; refuses floats such as 2.5 or 2.0, strings and bools, and values below low."""
    if not _is_int(value):
        raise InputError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if low is not None and value < low:
        raise InputError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def sizes(value):
    """The layer sizes [n[0], ..., n[L]]: at least two integers >= 1 (not '12', 2.9 or True)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InputError(f"sizes must be a list of layer sizes [n[0], ..., n[L]], got {value!r}")
    value = list(value)
    if len(value) < 2:
        raise ShapeError(f"sizes must list at least two layer sizes [n[0], ..., n[L]], got {value!r}")
    for l, n in enumerate(value):
        if not _is_int(n) or n < 1:
            raise InputError(f"sizes[{l}] (n[{l}]) must be a positive integer, got {n!r} in sizes={value!r}")
    return [int(n) for n in value]


def number(name, value, low=None, high=None, low_open=False, high_open=False):
    """value as a finite float inside [low, high] (an end excluded when low_open / high_open)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise InputError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if not math.isfinite(value) or below or above:
        where = ""
        if low is not None or high is not None:
            left = "(-inf" if low is None else f"({low}" if low_open else f"[{low}"
            right = ", inf)" if high is None else f", {high})" if high_open else f", {high}]"
            where = f" in {left}{right}"
        raise InputError(f"{name} must be a finite number{where}, got {value!r}")
    return value


def float_dtype(value):
    """A floating numpy dtype (float32 or float64); int or bool weights could not learn."""
    try:
        dtype = np.dtype(value)
    except TypeError:
        raise InputError(f"dtype must be a floating dtype such as np.float64 or np.float32, got {value!r}") from None
    if dtype.kind != "f":
        raise InputError(f"dtype must be a floating dtype such as np.float64 or np.float32, got {dtype}: "
                         "weights of that type cannot take the small steps gradient descent makes")
    return dtype


def finite(name, array):
    """Refuse an array holding NaN or inf, naming the first bad index."""
    if not np.isfinite(array).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise InputError(f"{name} holds {array[index]} at index {index}; every value must be a finite "
                         "number (look for a missing or corrupted value there)")
    return array


def labels(name, y, n_classes, m):
    """Integer labels y^(i) in 0..n_classes-1, shape (m,), from labels or one-hot rows (m, n_classes).

    Refuses a column (m, 1), float or bool labels, labels outside 0..n_classes-1, and one-hot rows
    of another width or without exactly one 1."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[0] == m and y.shape[1] != 1:
        return one_hot_rows(name, y, n_classes)
    if y.ndim == 2 and y.shape == (m, 1):
        raise ShapeError(f"{name} has shape {y.shape}, a column; pass the labels as a 1-D array of shape "
                         f"({m},), e.g. {name}.ravel(), or one-hot rows of shape ({m}, {n_classes})")
    if y.shape != (m,):
        raise ShapeError(f"{name} must hold {m} labels, shape ({m},), or one-hot rows ({m}, {n_classes}); "
                         f"got shape {y.shape}")
    if y.dtype.kind not in "iu":
        raise InputError(f"{name} must be integer class labels 0..{n_classes - 1}, got dtype {y.dtype}"
                         + (" (cast with .astype(int) if the values are whole numbers)" if y.dtype.kind == "f" else ""))
    bad = np.flatnonzero((y < 0) | (y >= n_classes))
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{name}[{i}] is {y[i]}; labels must lie in 0..{n_classes - 1} "
                         f"(the network has n[L] = {n_classes} outputs)")
    return y


def one_hot_rows(name, Y, n_classes):
    """The labels of one-hot rows Y (m, n_classes): each row all 0 but a single 1."""
    if Y.shape[1] != n_classes:
        raise ShapeError(f"{name} looks one-hot with {Y.shape[1]} columns, but the network has "
                         f"n[L] = {n_classes} outputs; expected shape ({Y.shape[0]}, {n_classes})")
    ok = ((Y == 0) | (Y == 1)).all(axis=1) & ((Y == 1).sum(axis=1) == 1)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise InputError(f"{name}[{i}] is {Y[i].tolist()}; a one-hot row holds a single 1 and zeros elsewhere")
    return np.argmax(Y, axis=1)


def examples(name, X, n_inputs):
    """Data X with one example per row, shape (m, n[0]) (or (m, 28, 28)), m >= 1, numbers."""
    X = np.asarray(X)
    if X.ndim < 2 or X.shape[0] == 0 or int(np.prod(X.shape[1:])) != n_inputs:
        hint = " (columns are examples there: pass X.T)" if X.ndim == 2 and X.shape[0] == n_inputs else ""
        raise ShapeError(f"{name} must hold at least one example, one per row, shape (m, {n_inputs}); "
                         f"got shape {X.shape}{hint}")
    if X.dtype.kind not in "biuf":
        raise InputError(f"{name} must hold numbers, got dtype {X.dtype}")
    return X
