"""Save a Network to .npz and load it back, without pickle.

The file holds plain arrays: 'sizes' (int64), 'W1'..'WL', 'b1'..'bL', and the settings as
0-d unicode arrays 'activation', 'loss', 'output_activation', 'format'."""
from pathlib import Path

import numpy as np

from .errors import ModelFileError
from .network import Network

FORMAT = "mlp_core-network-1"


def save_network(net, path):
    """Write net to path (.npz is appended if missing). Returns the Path written."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    arrays = {"format": np.array(FORMAT), "sizes": np.array(net.sizes, dtype=np.int64),
              "activation": np.array(net.activation), "loss": np.array(net.loss),
              "output_activation": np.array(net.output_activation)}
    for l in range(1, net.L + 1):
        arrays[f"W{l}"], arrays[f"b{l}"] = net.W[l], net.b[l]
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path


def load_network(path, expect_sizes=None):
    """Read a Network written by save_network. expect_sizes: optional layer sizes the file must have.
    Raises ModelFileError naming the file and the fault (not an .npz, missing or mis-shaped array)."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {k: f[k] for k in f.files}
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except (ValueError, OSError, EOFError) as e:
        raise ModelFileError(f"{path}: not a readable .npz model file ({e})") from None
    missing = [k for k in ("format", "sizes", "activation", "loss", "output_activation") if k not in data]
    if missing:
        raise ModelFileError(f"{path}: missing {', '.join(missing)}; was it written by save_network?")
    if str(data["format"]) != FORMAT:
        raise ModelFileError(f"{path}: format {str(data['format'])!r}, expected {FORMAT!r}")
    sizes = [int(n) for n in np.ravel(data["sizes"])]
    if expect_sizes is not None and list(expect_sizes) != sizes:
        raise ModelFileError(f"{path}: the network has sizes {sizes}, expected {list(expect_sizes)}")
    L = len(sizes) - 1
    for l in range(1, L + 1):
        for name, shape in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l],))):
            if name not in data:
                raise ModelFileError(f"{path}: array {name} is missing for sizes {sizes}")
            if data[name].shape != shape or not np.issubdtype(data[name].dtype, np.floating):
                raise ModelFileError(f"{path}: {name} has shape {data[name].shape} and dtype "
                                     f"{data[name].dtype}; expected float of shape {shape}")
    try:
        net = Network(sizes, activation=str(data["activation"]), loss=str(data["loss"]),
                      output_activation=str(data["output_activation"]), init="zeros",
                      dtype=data["W1"].dtype)
    except ValueError as e:
        raise ModelFileError(f"{path}: {e}") from None
    for l in range(1, L + 1):
        net.W[l][...] = data[f"W{l}"]
        net.b[l][...] = data[f"b{l}"]
    return net
