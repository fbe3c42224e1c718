"""Load the MNIST digits: parse the IDX files with numpy, check every byte, cache the result.

The project ships a complete copy in ``resources/mnist``, so normal use never touches the network.
Each file is decompressed, its header checked, and the SHA-256 of the decompressed bytes compared
with the canonical digest below; any fault raises :class:`~mlp_core.errors.DataError`.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import struct
import tempfile
import urllib.request
import zlib
from pathlib import Path
from typing import NamedTuple, Optional

import numpy as np

from .errors import DataError

IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions (count, rows, cols)
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension (count)
N_CLASSES = 10

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

# file name -> (magic, item count, SHA-256 of the *decompressed* file)
FILES = {
    "train-images-idx3-ubyte.gz": (IMAGES_MAGIC, 60000,
                                   "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    "train-labels-idx1-ubyte.gz": (LABELS_MAGIC, 60000,
                                   "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    "t10k-images-idx3-ubyte.gz": (IMAGES_MAGIC, 10000,
                                  "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    "t10k-labels-idx1-ubyte.gz": (LABELS_MAGIC, 10000,
                                  "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
}

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


def read_idx(path, expected_magic, expected_sha256=None, expected_count=None):
    """Decompress and decode one gzip'd IDX file into a read-only uint8 array (no caching).

    Checks, in order: the file exists and is valid gzip, the magic number, that the data length
    matches the header, the item count, the SHA-256 of the decompressed bytes, and (for label files)
    that every label is 0..9. Any fault raises DataError naming the file.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as err:
        raise DataError(f"{path}: not a valid gzip file, or the archive is truncated ({err})") from None

    ndim = expected_magic & 0xFF
    header_len = 4 + 4 * ndim
    if len(raw) < 4:
        raise DataError(f"{path}: too short to hold an IDX header ({len(raw)} bytes)")
    (magic,) = struct.unpack(">i", raw[:4])
    if magic != expected_magic:
        raise DataError(f"{path}: wrong magic number: expected {expected_magic}, found {magic}")
    if len(raw) < header_len:
        raise DataError(f"{path}: truncated header: expected {header_len} bytes, found {len(raw)}")
    dims = struct.unpack(f">{ndim}i", raw[4:header_len])
    n_expected = int(np.prod(dims, dtype=np.int64))
    n_found = len(raw) - header_len
    if n_found < n_expected:
        raise DataError(f"{path}: truncated data: header {dims} promises {n_expected} bytes, "
                        f"found only {n_found}")
    if n_found > n_expected:
        raise DataError(f"{path}: {n_found - n_expected} unexpected bytes after the data "
                        f"(header {dims} promises {n_expected})")
    if expected_count is not None and dims[0] != expected_count:
        raise DataError(f"{path}: wrong item count: expected {expected_count}, found {dims[0]}")
    if expected_sha256 is not None:
        digest = hashlib.sha256(raw).hexdigest()
        if digest != expected_sha256:
            raise DataError(f"{path}: checksum mismatch (SHA-256 of the decompressed bytes): "
                            f"expected {expected_sha256}, found {digest}")
    array = np.frombuffer(raw, dtype=np.uint8, offset=header_len).reshape(dims)
    if expected_magic == LABELS_MAGIC and array.size and array.max() >= N_CLASSES:
        raise DataError(f"{path}: labels out of range: expected 0..{N_CLASSES - 1}, "
                        f"found {int(array.max())}")
    array.flags.writeable = False
    return array


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


def _load_cached(path, name, source):
    """Return the verified, read-only array of one MNIST file, reading it only the first time."""
    if not path.is_file():
        raise DataError(f"{path}: MNIST file not found (looked in {path.parent}, chosen by {source}). "
                        "Pass download=True to load_mnist to fetch it from a public mirror, or set "
                        "MNIST_DIR to a folder holding the four MNIST .gz files.")
    key = str(path.resolve())
    if key not in _CACHE:
        magic, count, sha = FILES[name]
        _CACHE[key] = read_idx(path, magic, expected_sha256=sha, expected_count=count)
    return _CACHE[key]


def _check_int(name, value, low, high):
    """Raise ValueError unless ``value`` is an int with low <= value <= high."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return int(value)


def _encode_one_hot(labels, n_classes, dtype):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array, got shape {labels.shape}")
    if labels.size == 0:
        labels = labels.astype(np.int64)  # an empty list arrives as float64
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, "
                         f"found values from {labels.min()} to {labels.max()}")
    out = np.zeros((labels.size, n_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def one_hot(labels, n_classes=10, dtype=np.float64):
    """Turn integer labels of shape (m,) into rows of shape (m, n_classes) with a single 1 each."""
    return _encode_one_hot(labels, n_classes, dtype)


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
    dtype = np.dtype(dtype)
    if normalize and not np.issubdtype(dtype, np.floating):
        raise ValueError(f"normalize=True needs a floating dtype, got {dtype}")
    n_train = 60000 if subset is None else _check_int("subset", subset, 1, 60000)
    n_val = _check_int("validation", validation, 0, n_train - 1)

    folder, source = _resolve_dir(data_dir)
    if download:
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            download_mnist(folder, base_urls=MIRRORS, files=missing)
    raw = {name: _load_cached(folder / name, name, source) for name in FILES}

    def make_split(images, labels):
        shape = (len(images), 784) if flatten else (len(images), 28, 28)
        if normalize:
            X = images.reshape(shape).astype(dtype)
            X /= dtype.type(255)
        else:
            X = images.reshape(shape).copy()
        y = _encode_one_hot(labels, N_CLASSES, dtype) if one_hot else labels.astype(np.int64)
        return Split(X, y)

    tr_X, tr_y = raw["train-images-idx3-ubyte.gz"], raw["train-labels-idx1-ubyte.gz"]
    cut = n_train - n_val
    train = make_split(tr_X[:cut], tr_y[:cut])
    val = make_split(tr_X[cut:n_train], tr_y[cut:n_train]) if n_val else None
    test = make_split(raw["t10k-images-idx3-ubyte.gz"], raw["t10k-labels-idx1-ubyte.gz"])
    return MNIST(train, val, test)


def _fetch(url, dest, name, progress, timeout):
    """Download ``url`` to a temporary file beside ``dest``, verify it, then move it into place."""
    from tqdm.auto import tqdm

    magic, count, sha = FILES[name]
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            total = response.headers.get("Content-Length")
            with tqdm(total=int(total) if total else None, unit="B", unit_scale=True,
                      desc=name, disable=not progress, leave=False) as bar:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
        array = read_idx(tmp, magic, expected_sha256=sha, expected_count=count)
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only
        os.replace(tmp, dest)
        _CACHE[str(dest.resolve())] = array
    finally:
        tmp.unlink(missing_ok=True)


def download_mnist(data_dir, *, base_urls=MIRRORS, files=None, progress=True, timeout=30):
    """Download each missing MNIST file into ``data_dir``, trying the mirrors in ``base_urls`` in turn.

    A file is written only after its decompressed bytes pass the SHA-256 check, and it is moved
    into place atomically, so a failed or corrupt download never leaves a bad file behind.
    Returns the list of paths downloaded; raises DataError listing every URL tried if all fail.
    """
    folder = Path(data_dir).expanduser()
    names = list(FILES) if files is None else list(files)
    unknown = [name for name in names if name not in FILES]
    if unknown:
        raise ValueError(f"unknown MNIST file name(s) {unknown}; expected some of {list(FILES)}")
    folder.mkdir(parents=True, exist_ok=True)
    fetched = []
    for name in names:
        dest = folder / name
        if dest.is_file():
            continue
        failures = []
        for base in base_urls:
            url = base if base.endswith("/") else base + "/"
            url += name
            try:
                _fetch(url, dest, name, progress, timeout)
            except (OSError, ValueError, http.client.HTTPException) as err:  # DataError is a ValueError
                failures.append(f"  {url}: {type(err).__name__}: {err}")
            else:
                fetched.append(dest)
                break
        else:
            raise DataError(f"{dest}: could not download {name} from any mirror:\n" + "\n".join(failures))
    return fetched
