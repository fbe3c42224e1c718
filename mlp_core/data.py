"""Load the MNIST digits as arrays with one example per row (labels one-hot if asked, by mlp_core.labels).

The project ships a complete copy in ``resources/mnist``, so normal use never touches the network.
Each file is read and verified by :mod:`mlp_core.idx` (header, item count, SHA-256 of the
decompressed bytes; any fault raises :class:`~mlp_core.errors.DataError`), fetched if asked by
:mod:`mlp_core.download`, and decoded once per process (the cache below).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple, Optional

import numpy as np

from . import validation as check
from .download import MIRRORS, download_mnist
from .errors import DataError, InputError
from .files import remove_stale_partials
from .idx import FILES, IMAGES_MAGIC, LABELS_MAGIC, N_CLASSES, read_idx
from .labels import one_hot

__all__ = ["MNIST", "Split", "load_mnist", "one_hot", "clear_cache", "download_mnist", "read_idx",
           "MIRRORS", "FILES", "BUNDLED_DIR", "IMAGES_MAGIC", "LABELS_MAGIC", "N_CLASSES"]

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "resources" / "mnist"

_CACHE: dict = {}  # resolved file path (str) -> read-only uint8 array


class Split(NamedTuple):
    """One part of the data: ``X`` holds one example per row, ``y`` the matching labels."""
    X: np.ndarray
    y: np.ndarray


class MNIST(NamedTuple):
    """The three splits; ``validation`` is None when none was asked for."""
    train: Split
    validation: Optional[Split]
    test: Split


def clear_cache():
    """Forget every decoded file, so the next load reads and verifies from disk again."""
    _CACHE.clear()


def _resolve_dir(data_dir):
    """Return (folder, how it was chosen): the argument, else $MNIST_DIR, else the bundled copy."""
    if data_dir is not None:
        return Path(data_dir).expanduser(), "the data_dir argument"
    env = os.environ.get("MNIST_DIR")
    if env:
        return Path(env).expanduser(), "the MNIST_DIR environment variable"
    return BUNDLED_DIR, "the project's bundled copy"


def _check_folder(folder, source):
    if folder.exists() and not folder.is_dir():
        raise DataError(f"{folder}: is a file, expected the folder holding the four MNIST .gz files "
                        f"(chosen by {source})")


def _load_cached(path, source):
    """Return the verified, read-only array of one MNIST file, reading it only the first time."""
    if not path.exists():
        raise DataError(f"{path}: MNIST file not found (looked in {path.parent}, chosen by {source}). "
                        "Pass download=True to load_mnist to fetch it from a public mirror, or set "
                        "MNIST_DIR to a folder holding the four MNIST .gz files.")
    key = str(path.resolve())
    if key not in _CACHE:
        magic, count, sha = FILES[path.name]
        _CACHE[key] = read_idx(path, magic, expected_sha256=sha, expected_count=count)
    return _CACHE[key]


_one_hot_rows = one_hot   # load_mnist's flag of the same name hides the function inside it


def _read_all(folder, source, download):
    """The four verified arrays, by file name; missing files are downloaded first if ``download``."""
    _check_folder(folder, source)
    remove_stale_partials(folder)      # left by a download that was killed
    if download:
        download_mnist(folder, base_urls=MIRRORS)   # fetches only the files that are missing
    return {name: _load_cached(folder / name, source) for name in FILES}


def load_mnist(data_dir=None, *, normalize=True, flatten=True, one_hot=False, subset=None,
               validation=0, dtype=np.float32, download=False):
    """Load MNIST as ``MNIST(train, validation, test)``, each a ``Split(X, y)`` with one example per row.

    X is (m, 784) (row-major pixels) or, with ``flatten=False``, (m, 28, 28). With ``normalize=True``
    pixels are ``dtype`` values in [0, 1]; with ``normalize=False`` they are the raw uint8 0..255
    and ``dtype`` is ignored for X (cast it yourself). y is int64 labels (m,), or with
    ``one_hot=True`` an (m, 10) array of ``dtype``. ``subset=n`` keeps the first n training images;
    ``validation=v`` moves the last v of those into the validation split. The test split is always
    all 10,000 images. Files come from ``data_dir``, else $MNIST_DIR, else ``resources/mnist``;
    ``download=True`` fetches missing files. Decoded files are cached; every call returns fresh arrays.
    """
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError):
        raise InputError(f"dtype must be a numpy dtype such as np.float32, got {dtype!r}") from None
    if normalize and dtype not in (np.float32, np.float64):
        raise InputError(f"normalize=True needs a floating dtype, np.float32 or np.float64, got {dtype}")
    n_train = 60000 if subset is None else check.count("subset", subset, 1, 60000)
    n_val = check.count("validation", validation, 0, n_train - 1)
    raw = _read_all(*_resolve_dir(data_dir), download)

    def make_split(images, labels):
        shape = (len(images), 784) if flatten else (len(images), 28, 28)
        if normalize:
            X = images.reshape(shape).astype(dtype)
            X /= dtype.type(255)
        else:
            X = images.reshape(shape).copy()
        y = _one_hot_rows(labels, N_CLASSES, dtype) if one_hot else labels.astype(np.int64)
        return Split(X, y)

    tr_X, tr_y = raw["train-images-idx3-ubyte.gz"], raw["train-labels-idx1-ubyte.gz"]
    cut = n_train - n_val
    train = make_split(tr_X[:cut], tr_y[:cut])
    val = make_split(tr_X[cut:n_train], tr_y[cut:n_train]) if n_val else None
    test = make_split(raw["t10k-images-idx3-ubyte.gz"], raw["t10k-labels-idx1-ubyte.gz"])
    return MNIST(train, val, test)
