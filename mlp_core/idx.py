"""Read and verify the gzip'd IDX files MNIST comes in.

An IDX file is a big-endian header (a magic number whose last byte counts the dimensions, then one
32-bit size per dimension) followed by the data as unsigned bytes. Each MNIST file is checked against
its canonical item count and the SHA-256 of its decompressed bytes (``FILES``).
"""
from __future__ import annotations

import gzip
import hashlib
import math
import os
import stat
import struct
import zlib
from pathlib import Path

import numpy as np

from .errors import DataError

IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions (count, rows, cols)
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension (count)
N_CLASSES = 10

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


def read_bytes(path, what="file"):
    """The bytes of ``path``; DataError naming the path and the cause if it is missing, a folder,
    not a regular file (a named pipe would block the read forever), or cannot be read."""
    path = Path(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            raise DataError(f"{path}: is not a regular file (a named pipe or a device), expected a gzip'd "
                            f"IDX {what}")
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, expected a gzip'd IDX {what}") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied: the {what} cannot be read") from None
    except OSError as err:
        raise DataError(f"{path}: the {what} cannot be read ({err.strerror or err})") from None


def _decompress(path, packed):
    try:
        return gzip.decompress(packed)
    except (OSError, EOFError, zlib.error) as err:
        raise DataError(f"{path}: not a valid gzip file, or the archive is truncated ({err})") from None


def _header(path, raw, expected_magic):
    """The dimensions in the header of the decompressed IDX bytes ``raw``, checked against the data."""
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
    n_expected = math.prod(dims)
    n_found = len(raw) - header_len
    if n_found < n_expected:
        raise DataError(f"{path}: truncated data: header {dims} promises {n_expected} bytes, "
                        f"found only {n_found}")
    if n_found > n_expected:
        raise DataError(f"{path}: {n_found - n_expected} unexpected bytes after the data "
                        f"(header {dims} promises {n_expected})")
    return dims, header_len


def read_idx(path, expected_magic, expected_sha256=None, expected_count=None):
    """Decompress and decode one gzip'd IDX file into a read-only uint8 array (no caching).

    Checks, in order: the file can be read (it exists, is a file, is readable), it is valid gzip,
    the magic number, that the data length matches the header, the item count, the SHA-256 of the
    decompressed bytes, and (for label files) that every label is 0..9. Any fault raises DataError
    naming the file.
    """
    path = Path(path)
    raw = _decompress(path, read_bytes(path))
    dims, header_len = _header(path, raw, expected_magic)
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

