"""The validation vocabulary: the checks every constructor and public function of mlp_core uses.

Each check takes the argument's name as the message should show it (e.g. 'noise' or
'WeightSnapshots(layer)') and the value, and returns the value in the form the engine uses, or
raises InputError (a value that is not allowed) or ShapeError (an array of the wrong shape) whose
message names the argument, the value found and what is expected:
    seed, count, number, choice, image, float_dtype, path  (scalars, names, images, files)
    sizes, labels, one_hot_rows, examples, finite         (the network's arrays)
Training checks its data once per call, never per step."""
import math
import numbers
import os

import numpy as np

from .errors import InputError, ShapeError

MAX_SEED = 2 ** 63 - 1


def _is_int(value):
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def _range(low, high, low_open=False, high_open=False):
    """'[low, high]', '(low, inf)' ...: the interval in words for a message."""
    left = "(-inf" if low is None else f"({low}" if low_open else f"[{low}"
    right = ", inf)" if high is None else f", {high})" if high_open else f", {high}]"
    return left + right


def seed(name, value):
    """A random seed: an integer from 0 to 2**63 - 1 (the same seed, the same numbers), or None for fresh randomness."""
    if value is None:
        return None
    if not _is_int(value) or not 0 <= value <= MAX_SEED:
        raise InputError(f"{name} must be a seed, an integer from 0 to 2**63 - 1 (or None), got {value!r}")
    return int(value)


def count(name, value, low=0, high=None):
    """An int from low to high (either end None: unbounded); refuses 2.0, '3', True and values outside."""
    ok = _is_int(value) and (low is None or value >= low) and (high is None or value <= high)
    if not ok:
        where = (f" from {low} to {high}" if low is not None and high is not None
                 else f" >= {low}" if low is not None else f" <= {high}" if high is not None else "")
        kind = "" if _is_int(value) else f" ({type(value).__name__})"
        raise InputError(f"{name} must be an integer{where}, got {value!r}{kind}")
    return int(value)


def integer(name, value, low=None):
    """An int >= low (no bound when low is None): count(name, value, low)."""
    return count(name, value, low)


def number(name, value, low=None, high=None, low_open=False, high_open=False):
    """A finite float inside [low, high] (an end excluded when low_open / high_open); refuses '2', True, NaN."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise InputError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if not math.isfinite(value) or below or above:
        where = "" if low is None and high is None else " in " + _range(low, high, low_open, high_open)
        raise InputError(f"{name} must be a finite number{where}, got {value!r}")
    return value


def choice(name, value, options):
    """One of the names in options (a string compared exactly), e.g. an activation or an init."""
    options = list(options)
    if not isinstance(value, str) or value not in options:
        raise InputError(f"unknown {name} {value!r}; choose one of {options}")
    return value


def image(name, value, shape=None):
    """A float array of pixels in 0..1 (0 = paper, 1 = ink) of the given shape (any 2-D one when None);
    0..255 pixels are refused with the hint to divide by 255."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be an image, an array of numbers in 0..1, got {type(value).__name__}") from None
    if (a.shape != tuple(shape)) if shape is not None else (a.ndim != 2 or a.size == 0):
        want = f"shape {tuple(shape)}" if shape is not None else "a 2-D array (H, W) with H, W >= 1"
        raise ShapeError(f"{name} must be an image of {want}, got shape {a.shape}")
    finite(name, a)
    low, high = float(a.min()), float(a.max())
    if high > 1 and low >= 0 and high <= 255:
        raise InputError(f"{name} holds values up to {high:g}: pixels must lie in 0..1; for 0..255 "
                         f"pixels pass {name} / 255")
    if low < 0 or high > 1:
        raise InputError(f"{name} holds values from {low:g} to {high:g}; pixels must lie in 0..1 (0 = paper, 1 = ink)")
    return a


def float_dtype(value):
    """numpy's float32 or float64 (native byte order): the two precisions the engine computes in."""
    try:
        dtype = np.dtype(value)
    except (TypeError, ValueError):
        raise InputError(f"dtype must be a floating dtype such as np.float64 or np.float32, got {value!r}") from None
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        why = ("weights of that type cannot take the small steps gradient descent makes"
               if dtype.kind != "f" else "the engine computes in float32 or float64 only")
        shown = dtype.name if dtype.isnative else dtype.str
        raise InputError(f"dtype must be a floating dtype, np.float64 or np.float32, got {shown}: {why}")
    return dtype


def path(name, value):
    """A file path as os.PathLike: refuses an empty path, a NUL byte, a name longer than the system allows."""
    try:
        text = os.fsdecode(os.fspath(value))
    except TypeError:
        raise InputError(f"{name} must be a file path (a str or pathlib.Path), got {value!r}") from None
    if not text.strip():
        raise InputError(f"{name} must be a file path, got an empty path {value!r}")
    if "\0" in text:
        raise InputError(f"{name} must be a file path without NUL characters, got {value!r}")
    longest = max(len(os.fsencode(part)) for part in text.split(os.sep))
    if longest > 255:
        raise InputError(f"{name} has a file or folder name of {longest} bytes; the system allows at most 255")
    return value


def sizes(value, name="sizes"):
    """The layer sizes [n[0], ..., n[L]]: at least two integers >= 1 (not '12', 2.9 or True)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InputError(f"{name} must be a list of layer sizes [n[0], ..., n[L]], got {value!r}")
    value = list(value)
    if len(value) < 2:
        raise ShapeError(f"{name} must list at least two layer sizes [n[0], ..., n[L]], got {value!r}")
    for l, n in enumerate(value):
        if not _is_int(n) or n < 1:
            raise InputError(f"{name}[{l}] (n[{l}]) must be a positive integer, got {n!r} in {name}={value!r}")
    return [int(n) for n in value]


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
