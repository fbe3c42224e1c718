"""Save a Network to .npz and load it back, without pickle.

The file is a zip archive of .npy arrays: 'sizes' (int64, n[0]..n[L]), 'W1'..'WL' and 'b1'..'bL'
(W[l] of shape (n[l], n[l-1]), b[l] of shape (n[l],), float32 or float64, every value finite), and
the settings as 0-d unicode arrays 'activation', 'loss', 'output_activation', 'format'. Saving checks
the network as loading would and writes beside the target and renames, so a failed or killed save
leaves the previous file as it was. Loading reads every array header first (mlp_core.model_archive)
and checks it against 'sizes' and the bytes stored, so a damaged file raises ModelFileError naming
the file and the fault before any large array is read.
"""
import os
from pathlib import Path

import numpy as np

from . import validation as check
from .errors import MLPError, ModelFileError
from .files import atomic_write
from .model_archive import free_memory, headers, open_zip, read
from .network import Network

FORMAT = "mlp_core-network-1"
SETTINGS = ("format", "activation", "loss", "output_activation")
REQUIRED = ("format", "sizes", "activation", "loss", "output_activation")


def _with_npz(path):
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _parameter_fault(name, array, shape):
    """Why array cannot be the parameter `name` of that shape in a model file, or None."""
    array = np.asarray(array)
    if array.shape != shape or array.dtype not in (np.float32, np.float64):
        return f"{name} has shape {array.shape} and dtype {array.dtype}; expected float32 or float64 of shape {shape}"
    if not np.isfinite(array).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        return f"{name} holds {array[index]} at index {index}; a model's parameters must be finite"
    return None


def check_savable(net, path):
    """Refuse (ModelFileError naming path) a network that load_network would refuse: wrong shapes or
    dtypes, NaN or inf values."""
    sizes = check.sizes(net.sizes)
    for l in range(1, len(sizes)):
        for name, array, shape in ((f"W{l}", net.W[l], (sizes[l], sizes[l - 1])), (f"b{l}", net.b[l], (sizes[l],))):
            fault = _parameter_fault(name, array, shape)
            if fault:
                raise ModelFileError(f"{path}: not saved: {fault} (the previous file, if any, is unchanged)")


def model_arrays(net):
    """The arrays of the file by name: the settings, 'sizes', and 'W1', 'b1', ..., 'WL', 'bL'."""
    arrays = {"format": np.array(FORMAT), "sizes": np.array(net.sizes, dtype=np.int64),
              "activation": np.array(net.activation), "loss": np.array(net.loss),
              "output_activation": np.array(net.output_activation)}
    for l in range(1, net.L + 1):
        arrays[f"W{l}"], arrays[f"b{l}"] = net.W[l], net.b[l]
    return arrays


def save_network(net, path):
    """Write net to path (.npz is appended if missing), atomically. Returns the Path written.
    Raises ModelFileError (naming the file) for a network load_network would refuse or a path
    that cannot be written, InputError for a path no file system can hold."""
    check.path("save_network path", path)
    if str(path).endswith(("/", os.sep)) or Path(path).is_dir():
        raise ModelFileError(f"{path}: is a folder; cannot write the model file there (give a file name "
                             f"such as {Path(path) / 'model.npz'})")
    path = _with_npz(path)
    check_savable(net, path)
    arrays = model_arrays(net)
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ModelFileError(f"{path}: cannot write the model file: {blocker} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as (out, _):
            np.savez(out, **arrays)
    except OSError as e:
        raise ModelFileError(f"{path}: cannot write the model file ({e.strerror or e})") from None
    return path


def _resolve(path):
    """The file to read: path itself, or path + '.npz' when only that exists (as save_network names it)."""
    path = Path(check.path("load_network path", path))
    if not path.exists() and _with_npz(path).exists():
        return _with_npz(path)
    return path


def _settings_and_sizes(path, zf, found):
    """The settings as strings and the layer sizes, each checked for its kind and shape."""
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise ModelFileError(f"{path}: missing {', '.join(missing)}; was it written by save_network?")
    for key in SETTINGS:
        shape, dtype = found[key]
        if shape != () or dtype.kind != "U" or dtype.itemsize > 4 * 256:
            raise ModelFileError(f"{path}: {key} has shape {shape} and dtype {dtype}; expected one string")
    settings = {key: str(read(path, zf, key)) for key in SETTINGS}
    if settings["format"] != FORMAT:
        raise ModelFileError(f"{path}: format {settings['format']!r}, expected {FORMAT!r}")
    shape, dtype = found["sizes"]
    if len(shape) != 1 or dtype.kind not in ("i", "u") or shape[0] > 10_000:
        raise ModelFileError(f"{path}: sizes has shape {shape} and dtype {dtype}; expected integers "
                             "n[0], ..., n[L]")
    sizes = [int(n) for n in read(path, zf, "sizes")]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ModelFileError(f"{path}: sizes {sizes}; expected at least two positive layer sizes")
    return settings, sizes


def _check_parameters(path, found, sizes):
    """Every W[l], b[l] is present, float32 or float64, of the shape the sizes give, and fits in memory."""
    free, total = free_memory(), 0
    for l in range(1, len(sizes)):
        for name, shape in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l],))):
            if name not in found:
                raise ModelFileError(f"{path}: array {name} is missing for sizes {sizes}")
            shape_found, dtype = found[name]
            if shape_found != shape or dtype not in (np.float32, np.float64):
                raise ModelFileError(f"{path}: {name} has shape {shape_found} and dtype {dtype}; "
                                     f"expected float32 or float64 of shape {shape}")
            total += 2 * np.prod(shape, dtype=float) * dtype.itemsize      # read, then copied in
    if free is not None and total > free:
        raise ModelFileError(f"{path}: the network {sizes} needs {total / 2**30:.1f} GiB to load, more than "
                             f"the {free / 2**30:.1f} GiB of memory free")


def _expected_sizes(expect_sizes):
    """expect_sizes as a list of layer sizes (not the characters of a string such as '784,16,10')."""
    try:
        return check.sizes(expect_sizes, "expect_sizes")
    except MLPError as e:
        raise type(e)(f"load_network: {e}") from None


def load_network(path, expect_sizes=None):
    """Read a Network written by save_network ('m' reads 'm.npz' when only that exists).
    expect_sizes: optional layer sizes [n[0], ..., n[L]] the file must have. Raises ModelFileError
    naming the file and the fault (not an .npz, damaged, missing, mis-shaped or non-finite array,
    unknown setting), InputError for a bad argument."""
    expected = None if expect_sizes is None else _expected_sizes(expect_sizes)
    path = _resolve(path)
    with open_zip(path) as zf:
        found = headers(path, zf)
        settings, sizes = _settings_and_sizes(path, zf, found)
        if expected is not None and expected != sizes:
            raise ModelFileError(f"{path}: the network has sizes {sizes}, expected {expected}")
        _check_parameters(path, found, sizes)
        try:
            net = Network(sizes, activation=settings["activation"], loss=settings["loss"],
                          output_activation=settings["output_activation"], init="zeros", dtype=found["W1"][1])
        except (MLPError, ValueError) as e:
            raise ModelFileError(f"{path}: {e}") from None
        for l in range(1, net.L + 1):
            for name, target in ((f"W{l}", net.W[l]), (f"b{l}", net.b[l])):
                target[...] = read(path, zf, name)
                fault = _parameter_fault(name, target, target.shape)
                if fault:
                    raise ModelFileError(f"{path}: {fault}")
    return net
