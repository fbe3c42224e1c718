"""The command line's options and the checks made before any data is loaded: every bad value is one
line naming the option, the value and what is expected (argparse exits 2 with it)."""
import argparse
import math
import os
from pathlib import Path

from .cli_outputs import OUTPUTS
from .optimizers import OPTIMIZERS
from .startup import prog
DEFAULTS = dict(sizes="784,16,16,10", epochs=30, batch_size=32, lr=0.5, optimizer="sgd", momentum=0.9,
                loss="cross_entropy", activation="sigmoid", seed=0, subset=None, validation=0,
                lr_schedule="cosine", weight_decay=0.0, dtype="float32", out="runs/latest")
N_TRAIN = 60000


class _Formatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default once: not when there is none or when the help already says it."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default is None or "default" in text or action.default is False:
            return text
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2, instead of usage + message
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _sizes(text):
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be comma-separated integers, got {text!r}") from None
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must start with 784 (pixels) and end with 10 (digits), got {text!r}")
    n = sum(a * b + a for a, b in zip(sizes[1:], sizes[:-1]))
    if n > 2 ** 40:       # far beyond any memory: numpy could not even shape the array
        raise argparse.ArgumentTypeError(f"{n:.3g} parameters is far more than any memory holds; "
                                         f"choose smaller hidden layers, got {text!r}")
    return sizes


def _number(kind, low, high=math.inf, low_open=False, high_open=True, what=None):
    """An argparse type: a finite ``kind`` within [low, high] (ends open as asked), else one line
    saying what is expected."""
    noun = {int: "integer", float: "number"}[kind]
    what = what or (f"a positive {noun}" if low_open and low == 0 else f"an {noun} from {low} to {high}")

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        too_low = value <= low if low_open else value < low
        too_high = value >= high if high_open else value > high
        if not math.isfinite(value) or too_low or too_high:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text}")
        return value
    return parse


def build_parser():
    p = _Parser(prog=prog(), description="Train a multilayer perceptron on the bundled MNIST.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    t = sub.add_parser("train", help="train a network and write model.npz, history.json and training.png",
                       description="Train on the bundled MNIST with mini-batch gradient descent; print the "
                       "cost and test accuracy after each epoch; write model.npz, history.json and "
                       "training.png to --out.", formatter_class=_Formatter)
    d, positive_int = DEFAULTS, _number(int, 0, low_open=True)
    t.add_argument("--sizes", type=_sizes, default=d["sizes"], help="layer sizes n[0],...,n[L]")
    t.add_argument("--epochs", type=positive_int, default=d["epochs"], help="passes over the training images")
    t.add_argument("--batch-size", type=positive_int, default=d["batch_size"], help="mini-batch size B")
    t.add_argument("--lr", type=_number(float, 0, low_open=True), default=d["lr"], help="learning rate eta")
    t.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default=d["optimizer"], help="how each update steps")
    t.add_argument("--momentum", type=_number(float, 0, 1, what="a momentum mu with 0 <= mu < 1"),
                   default=d["momentum"], help="mu for momentum and nesterov, 0 <= mu < 1")
    t.add_argument("--loss", choices=["cross_entropy", "quadratic"], default=d["loss"], help="the cost C")
    t.add_argument("--activation", choices=["sigmoid", "tanh", "relu"], default=d["activation"],
                   help="hidden-layer activation")
    t.add_argument("--init", choices=["scaled", "normal"], default="scaled",
                   help="scaled: W ~ N(0,1)/sqrt(n[l-1]), b = 0; normal: W, b ~ N(0,1)")
    t.add_argument("--seed", type=_number(int, 0, 2 ** 63 - 1, high_open=False, what="an integer from 0 to 2**63 - 1"),
                   default=d["seed"], help="seed of the initial weights and of the shuffling")
    t.add_argument("--subset", type=_number(int, 1, N_TRAIN, high_open=False), default=d["subset"],
                   help=f"train on the first N images only (1 to {N_TRAIN})")
    t.add_argument("--validation", type=_number(int, 0, N_TRAIN - 1, high_open=False),
                   default=d["validation"], help="hold out the last N training images as a validation set")
    t.add_argument("--lr-schedule", choices=["constant", "cosine"], default=d["lr_schedule"],
                   help="the rate eta_s of update s: constant, or cosine from eta down towards 0")
    t.add_argument("--weight-decay", type=_number(float, 0, what="a weight decay lambda >= 0"),
                   default=d["weight_decay"], help="L2 coefficient lambda")
    t.add_argument("--dtype", choices=["float32", "float64"], default=d["dtype"], help="precision of the numbers")
    t.add_argument("--data-dir", default=None,
                   help="folder with the MNIST .gz files (default: $MNIST_DIR if set, else the bundled copy)")
    t.add_argument("--download", action="store_true",
                   help="download the MNIST files missing from --data-dir from a public mirror")
    t.add_argument("--out", default=d["out"], help="output folder")
    t.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return p


def _check_data_dir(args):
    """None if the data can be found (or may be downloaded), else the fault in one line."""
    if args.data_dir is not None:
        folder, name = Path(args.data_dir).expanduser(), "argument --data-dir"
    elif os.environ.get("MNIST_DIR"):
        folder, name = Path(os.environ["MNIST_DIR"]).expanduser(), "environment variable MNIST_DIR"
    else:
        return None
    from .data import FILES
    if folder.exists() and not folder.is_dir():
        return f"{name}: {folder} is a file, expected a folder"
    if args.download:
        return None
    if not folder.is_dir():
        return f"{name}: no such folder {folder}; add --download to fetch MNIST into it"
    missing = [n for n in FILES if not (folder / n).is_file()]
    if missing:
        return (f"{name}: {folder} lacks {', '.join(missing)}; add --download to fetch "
                f"{'it' if len(missing) == 1 else 'them'} from a public mirror")
    return None


def _check_out(out):
    """Create the output folder and make sure each output can be written there; None or the fault."""
    if not out.strip():
        return f"argument --out: expected a folder name, got {out!r}"
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"argument --out: {out} is a file, expected a folder"
    except OSError as e:
        return f"argument --out: cannot create the folder {out} ({e.strerror or e})"
    for name in OUTPUTS:
        if (out / name).is_dir():
            return f"argument --out: {out / name} is a folder, so {name} cannot be written there"
    probe = out / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        return f"argument --out: the folder {out} is not writable ({e.strerror or e})"
    return None


def check_args(args):
    """The checks that need several options or the file system: the fault in one line, or None."""
    n_train = args.subset or N_TRAIN
    if args.validation >= n_train:
        return (f"argument --validation: must be less than the {n_train} training images "
                f"(--subset), got {args.validation}")
    if args.weight_decay * args.lr >= 2:
        return (f"argument --weight-decay: lambda = {args.weight_decay:g} with --lr {args.lr:g} makes each step "
                f"multiply the weights by 1 - eta lambda = {1 - args.lr * args.weight_decay:.3g}, so they grow "
                f"without bound; expected lambda < 2 / eta = {2 / args.lr:g}")
    return _check_data_dir(args) or _check_out(args.out)
