"""Command line: `python -m mlp_core train` trains on the bundled MNIST and writes the model and a plot.

Every option, the network and the optimizer are checked before any data is loaded: a bad value exits 2
with one line naming the option, the value and what is expected. A fault while loading or training
exits 1 with one line; Ctrl-C exits 130 after saving what was trained so far."""
import json
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .callbacks import Callback
from .cli_options import OUTPUTS, PROG, build_parser, check_args
from .errors import MLPError

HISTORY_FIELDS = ("epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy",
                  "validation_cost", "validation_accuracy", "seconds")


def _fail(args, message, code=2):
    """Print one line to stderr (an 'error:' unless the run was interrupted) and return the exit code."""
    print(f"{PROG} {args.command}: {'' if code == 130 else 'error: '}{message}", file=sys.stderr)
    return code


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
