"""Save a Network to .npz and load it back, without pickle.

The file is a zip archive of .npy arrays: 'sizes' (int64, n[0]..n[L]), 'W1'..'WL' and 'b1'..'bL'
(W[l] of shape (n[l], n[l-1]), b[l] of shape (n[l],)), and the settings as 0-d unicode arrays
'activation', 'loss', 'output_activation', 'format'. Saving writes beside the target and renames,
so a failed or killed save leaves the previous file as it was. Loading reads every array header
first and checks it against 'sizes' and the bytes stored, so a damaged file raises ModelFileError
naming the file and the fault before any large array is read.
"""
import math
import zipfile
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

from .errors import MLPError, ModelFileError
from .files import atomic_write
from .network import Network

FORMAT = "mlp_core-network-1"
SETTINGS = ("format", "activation", "loss", "output_activation")
REQUIRED = ("format", "sizes", "activation", "loss", "output_activation")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError)


def _with_npz(path):
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save_network(net, path):
    """Write net to path (.npz is appended if missing), atomically. Returns the Path written."""
    path = _with_npz(path)
    arrays = {"format": np.array(FORMAT), "sizes": np.array(net.sizes, dtype=np.int64),
              "activation": np.array(net.activation), "loss": np.array(net.loss),
              "output_activation": np.array(net.output_activation)}
    for l in range(1, net.L + 1):
        arrays[f"W{l}"], arrays[f"b{l}"] = net.W[l], net.b[l]
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder; cannot write the model file there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as (out, _):
            np.savez(out, **arrays)
    except OSError as e:
        raise ModelFileError(f"{path}: cannot write the model file ({e.strerror or e})") from None
    return path


def _resolve(path):
    """The file to read: path itself, or path + '.npz' when only that exists (as save_network names it)."""
    path = Path(path)
    if not path.is_file() and _with_npz(path).is_file():
        return _with_npz(path)
    return path


def _open_zip(path):
    """Open the archive after checking that the file exists, is readable and starts like a zip."""
    try:
        with open(path, "rb") as f:
            head = f.read(6)
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except IsADirectoryError:
        raise ModelFileError(f"{path}: is a folder, expected an .npz model file written by save_network") from None
    except OSError as e:
        raise ModelFileError(f"{path}: the model file cannot be read ({e.strerror or e})") from None
    if head == b"\x93NUMPY":
        raise ModelFileError(f"{path}: a single .npy array, not an .npz model file written by save_network")
    if not head.startswith(b"PK"):
        raise ModelFileError(f"{path}: not an .npz model file (an .npz file is a zip archive; this one "
                             f"starts with {head!r})")
    try:
        return zipfile.ZipFile(path)
    except _ZIP_ERRORS as e:
        raise ModelFileError(f"{path}: not a readable .npz model file: the zip archive is truncated "
                             f"or damaged ({e})") from None


def _read_header(zf, info):
    """(shape, dtype) from the .npy header of one member; ValueError if it is not a valid .npy."""
    with zf.open(info) as f:
        version = npy.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = npy.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = npy.read_array_header_2_0(f)
        else:
            raise ValueError(f".npy format version {version} is not supported")
        header_len = f.tell()
    n_bytes = math.prod(shape) * dtype.itemsize
    if dtype.hasobject:
        raise ValueError("it holds Python objects (pickled data); a model file holds plain numbers only")
    if info.file_size != header_len + n_bytes:
        raise ValueError(f"its header promises shape {shape} of {dtype} ({n_bytes} bytes) but it holds "
                         f"{info.file_size - header_len} bytes of data")
    return shape, dtype


def _headers(path, zf):
    """{array name: (shape, dtype)} for every member, read from the headers only."""
    headers = {}
    for info in zf.infolist():
        if not info.filename.endswith(".npy"):
            raise ModelFileError(f"{path}: member {info.filename!r} is not a .npy array; "
                                 "was it written by save_network?")
        try:
            headers[info.filename[:-4]] = _read_header(zf, info)
        except _ZIP_ERRORS as e:
            raise ModelFileError(f"{path}: array {info.filename[:-4]} is damaged: {e}") from None
    return headers


def _read(path, zf, name):
    try:
        with zf.open(name + ".npy") as f:
            return npy.read_array(f, allow_pickle=False)
    except _ZIP_ERRORS as e:
        raise ModelFileError(f"{path}: array {name} is damaged: {e}") from None


def _settings_and_sizes(path, zf, headers):
    """The settings as strings and the layer sizes, each checked for its kind and shape."""
    missing = [k for k in REQUIRED if k not in headers]
    if missing:
        raise ModelFileError(f"{path}: missing {', '.join(missing)}; was it written by save_network?")
    for key in SETTINGS:
        shape, dtype = headers[key]
        if shape != () or dtype.kind != "U":
            raise ModelFileError(f"{path}: {key} has shape {shape} and dtype {dtype}; expected one string")
    settings = {key: str(_read(path, zf, key)) for key in SETTINGS}
    if settings["format"] != FORMAT:
        raise ModelFileError(f"{path}: format {settings['format']!r}, expected {FORMAT!r}")
    shape, dtype = headers["sizes"]
    if len(shape) != 1 or dtype.kind not in ("i", "u"):
        raise ModelFileError(f"{path}: sizes has shape {shape} and dtype {dtype}; expected integers "
                             "n[0], ..., n[L]")
    sizes = [int(n) for n in _read(path, zf, "sizes")]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ModelFileError(f"{path}: sizes {sizes}; expected at least two positive layer sizes")
    return settings, sizes


def _check_parameters(path, headers, sizes):
    """Every W[l], b[l] is present, floating, and of the shape the sizes give."""
    for l in range(1, len(sizes)):
        for name, shape in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l],))):
            if name not in headers:
                raise ModelFileError(f"{path}: array {name} is missing for sizes {sizes}")
            found, dtype = headers[name]
            if found != shape or dtype.kind != "f":
                raise ModelFileError(f"{path}: {name} has shape {found} and dtype {dtype}; "
                                     f"expected float of shape {shape}")


def load_network(path, expect_sizes=None):
    """Read a Network written by save_network ('m' reads 'm.npz' when only that exists).
    expect_sizes: optional layer sizes the file must have. Raises ModelFileError naming the file
    and the fault (not an .npz, damaged, missing or mis-shaped array, unknown setting)."""
    path = _resolve(path)
    with _open_zip(path) as zf:
        headers = _headers(path, zf)
        settings, sizes = _settings_and_sizes(path, zf, headers)
        if expect_sizes is not None and list(expect_sizes) != sizes:
            raise ModelFileError(f"{path}: the network has sizes {sizes}, expected {list(expect_sizes)}")
        _check_parameters(path, headers, sizes)
        try:
            net = Network(sizes, activation=settings["activation"], loss=settings["loss"],
                          output_activation=settings["output_activation"], init="zeros",
                          dtype=headers["W1"][1])
        except (MLPError, ValueError) as e:
            raise ModelFileError(f"{path}: {e}") from None
        for l in range(1, net.L + 1):
            net.W[l][...] = _read(path, zf, f"W{l}")
            net.b[l][...] = _read(path, zf, f"b{l}")
    return net
