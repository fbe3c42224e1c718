"""Command line: `python -m mlp_core train` trains on the bundled MNIST and writes the model and a plot.

Every option, the network and the optimizer are checked before any data is loaded: a bad value exits 2
with one line naming the option, the value and what is expected. A fault while loading or training
exits 1 with one line; Ctrl-C exits 130 after saving what was trained so far."""
import argparse
import json
import math
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .callbacks import Callback
from .errors import MLPError
from .optimizers import OPTIMIZERS

PROG = "python -m mlp_core"
DEFAULTS = dict(sizes="784,16,16,10", epochs=30, batch_size=32, lr=0.5, optimizer="sgd", momentum=0.9,
                loss="cross_entropy", activation="sigmoid", seed=0, subset=None, validation=0,
                lr_schedule="cosine", weight_decay=0.0, dtype="float32", out="runs/latest")
OUTPUTS = ("model.npz", "history.json", "training.png")
HISTORY_FIELDS = ("epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy",
                  "validation_cost", "validation_accuracy", "seconds")
N_TRAIN = 60000


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
    p = _Parser(prog=PROG, description="Train a multilayer perceptron on the bundled MNIST.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    t = sub.add_parser("train", help="train a network and write model.npz, history.json and training.png",
                       description="Train on the bundled MNIST with mini-batch gradient descent; print the "
                       "cost and test accuracy after each epoch; write model.npz, history.json and "
                       "training.png to --out.", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    d, positive_int = DEFAULTS, _number(int, 0, low_open=True)
    t.add_argument("--sizes", type=_sizes, default=_sizes(d["sizes"]), help="layer sizes n[0],...,n[L]")
    t.add_argument("--epochs", type=positive_int, default=d["epochs"])
    t.add_argument("--batch-size", type=positive_int, default=d["batch_size"], help="mini-batch size m")
    t.add_argument("--lr", type=_number(float, 0, low_open=True), default=d["lr"], help="learning rate eta")
    t.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default=d["optimizer"])
    t.add_argument("--momentum", type=_number(float, 0, 1, what="a momentum mu with 0 <= mu < 1"),
                   default=d["momentum"], help="mu for momentum and nesterov, 0 <= mu < 1")
    t.add_argument("--loss", choices=["cross_entropy", "quadratic"], default=d["loss"])
    t.add_argument("--activation", choices=["sigmoid", "tanh", "relu"], default=d["activation"],
                   help="hidden-layer activation")
    t.add_argument("--init", choices=["scaled", "normal"], default="scaled",
                   help="scaled: N(0,1)/sqrt(n[l-1]); normal: N(0,1)")
    t.add_argument("--seed", type=_number(int, 0, what="an integer >= 0"), default=d["seed"])
    t.add_argument("--subset", type=_number(int, 1, N_TRAIN, high_open=False), default=d["subset"],
                   help=f"train on the first N images only (1 to {N_TRAIN})")
    t.add_argument("--validation", type=_number(int, 0, N_TRAIN - 1, high_open=False),
                   default=d["validation"], help="hold out the last N training images as a validation set")
    t.add_argument("--lr-schedule", choices=["constant", "cosine"], default=d["lr_schedule"])
    t.add_argument("--weight-decay", type=_number(float, 0, what="a weight decay lambda >= 0"),
                   default=d["weight_decay"], help="L2 coefficient lambda")
    t.add_argument("--dtype", choices=["float32", "float64"], default=d["dtype"])
    t.add_argument("--data-dir", default=None, help="folder with the MNIST .gz files (default: bundled, or $MNIST_DIR)")
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


def _fail(args, message, code=2):
    """Print one line to stderr (an 'error:' unless the run was interrupted) and return the exit code."""
    print(f"{PROG} {args.command}: {'' if code == 130 else 'error: '}{message}", file=sys.stderr)
    return code


def check_args(args):
    """The checks that need several options or the file system: the fault in one line, or None."""
    n_train = args.subset or N_TRAIN
    if args.validation >= n_train:
        return (f"argument --validation: must be less than the {n_train} training images "
                f"(--subset), got {args.validation}")
    return _check_data_dir(args) or _check_out(args.out)


def build_model(args):
    """The Network and the optimizer the options ask for, built before any data is loaded."""
    import numpy as np

    from .network import Network
    from .optimizers import make_optimizer
    try:
        net = Network(args.sizes, activation=args.activation, loss=args.loss, init=args.init,
                      seed=args.seed, dtype=np.dtype(args.dtype))
    except MemoryError:
        n = sum(a * b + a for a, b in zip(args.sizes[1:], args.sizes[:-1]))
        raise MemoryError(f"argument --sizes: not enough memory for {n:,} parameters "
                          f"({n * np.dtype(args.dtype).itemsize / 2**30:.1f} GiB as {args.dtype}); "
                          "choose smaller hidden layers") from None
    return net, make_optimizer(args.optimizer, args.lr, args.momentum)


class _Report(Callback):
    """One line per epoch and a progress bar; keeps the History so an interrupted run can save it."""

    def __init__(self, bar, write):
        self.bar, self.write, self.history = bar, write, None

    def on_train_begin(self, history, net):
        self.history = history

    def on_epoch_end(self, history, net):
        self.bar.update(1)
        self.bar.set_postfix(test_acc=f"{history.test_accuracy[-1]:.4f}")
        line = (f"epoch {history.epoch[-1]:3d}  train cost {history.train_cost[-1]:.4f}  "
                f"test cost {history.test_cost[-1]:.4f}  test accuracy {100 * history.test_accuracy[-1]:.2f}%")
        if history.validation_accuracy:
            line += f"  validation accuracy {100 * history.validation_accuracy[-1]:.2f}%"
        self.write(line)


@contextmanager
def _no_interrupt():
    """Ignore Ctrl-C inside the block (the outputs are being written); only the main thread can."""
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
    try:
        yield
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)


def write_outputs(out, net, history):
    """Write model.npz, history.json and training.png (drawn by draw_history) to the folder out,
    each atomically. Returns the three paths."""
    from .drawings import draw_history
    from .files import atomic_write
    from .model_file import save_network
    paths = [Path(out) / name for name in OUTPUTS]
    with _no_interrupt():
        save_network(net, paths[0])
        with atomic_write(paths[1]) as (f, _):
            f.write(json.dumps({k: getattr(history, k) for k in HISTORY_FIELDS}, indent=1).encode())
        with atomic_write(paths[2]) as (f, _):
            draw_history(history).savefig(f, format="png", dpi=100)
    return paths


def run_train(args, net, opt):
    """Load the data, train net with opt as the options say, write the outputs; the exit code."""
    from tqdm.auto import tqdm

    from .data import load_mnist
    from .training import History, train
    try:
        data = load_mnist(args.data_dir, subset=args.subset, validation=args.validation, dtype=args.dtype,
                          download=args.download)
    except KeyboardInterrupt:
        return _fail(args, "interrupted while loading the data; nothing was trained or written", 130)
    print(f"{net}\ntraining on {len(data.train.X)} images, testing on {len(data.test.X)}; "
          f"{args.optimizer} lr={args.lr:g} batch={args.batch_size} epochs={args.epochs}", flush=True)
    bar = tqdm(total=args.epochs, desc="epochs", unit="epoch", disable=args.no_progress, leave=True)
    report = _Report(bar, tqdm.write)
    try:
        history = train(net, data.train, test_data=data.test, validation_data=data.validation,
                        epochs=args.epochs, batch_size=args.batch_size, optimizer=opt, seed=args.seed,
                        lr_schedule=args.lr_schedule, weight_decay=args.weight_decay, callbacks=[report])
    except KeyboardInterrupt:
        bar.close()
        history = report.history or History()
        model, hist, plot = write_outputs(args.out, net, history)
        done = len(history.epoch)
        return _fail(args, f"interrupted in epoch {done + 1} of {args.epochs}; saved the model as trained "
                     f"so far to {model}, the history of the {done} finished epoch(s) to {hist} and its "
                     f"plot to {plot}", 130)
    bar.close()
    model, hist, plot = write_outputs(args.out, net, history)
    print(f"final test accuracy {100 * history.test_accuracy[-1]:.2f}% after {history.epoch[-1]} epochs "
          f"({sum(history.seconds):.2f} s of training); wrote {model}, {hist}, {plot}")
    return 0


def main(argv=None):
    """Run the command line; returns the exit code (0, 1 for a fault, 2 for bad options, 130 for Ctrl-C)."""
    args = build_parser().parse_args(argv)
    try:
        fault = check_args(args)
        if fault:
            return _fail(args, f"{fault} (see --help)")
        try:
            net, opt = build_model(args)
        except (MLPError, ValueError, MemoryError) as e:
            return _fail(args, e)
    except KeyboardInterrupt:
        return _fail(args, "interrupted before training began; no output was written", 130)
    try:
        return run_train(args, net, opt)
    except (MLPError, ValueError, OSError, MemoryError) as e:
        return _fail(args, e if str(e) else f"{type(e).__name__} while training", code=1)
