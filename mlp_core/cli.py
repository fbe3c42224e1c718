"""Command line: `mlp-core train` (or `python -m mlp_core train`) trains on the bundled MNIST and writes
the model, its history and a plot.

Every option, the network and the optimizer are checked before any data is loaded: a bad value exits 2
with one line naming the option, the value and what is expected. A fault while loading or training
exits 1 with one line; Ctrl-C exits 130 after saving what was trained so far (mlp_core.cli_outputs)."""
import sys

from .callbacks import Callback
from .cli_options import build_parser, check_args
from .cli_outputs import OUTPUTS, interrupts_handled, say, saving, write_outputs  # noqa: F401 (OUTPUTS: public)
from .errors import MLPError
from .startup import ignore_interrupts_while_exiting, prog


def _fail(args, message, code=2):
    """Print one line to stderr (an 'error:' unless the run was interrupted) and return the exit code."""
    try:
        print(f"{prog()} {args.command}: {'' if code == 130 else 'error: '}{message}", file=sys.stderr)
    except (OSError, ValueError):
        pass
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
        say(line, self.write)


def _interrupted(args, net, report):
    """Save what was trained when Ctrl-C stopped training; the exit code 130."""
    from .training import History
    history = report.history or History()
    model, hist, plot = write_outputs(args.out, net, history)
    done = len(history.epoch)
    return _fail(args, f"interrupted in epoch {done + 1} of {args.epochs}; saved the model as trained "
                 f"so far to {model}, the history of the {done} finished epoch(s) to {hist} and its "
                 f"plot to {plot}", 130)


def run_train(args, net, opt):
    """Load the data, train net with opt as the options say, write the outputs; the exit code."""
    from tqdm.auto import tqdm

    from .data import load_mnist
    from .training import train
    try:
        data = load_mnist(args.data_dir, subset=args.subset, validation=args.validation, dtype=args.dtype,
                          download=args.download)
    except KeyboardInterrupt:
        return _fail(args, "interrupted while loading the data; nothing was trained or written", 130)
    say(f"{net}\ntraining on {len(data.train.X)} images, testing on {len(data.test.X)}; "
        f"{args.optimizer} lr={args.lr:g} batch={args.batch_size} epochs={args.epochs}")
    bar = tqdm(total=args.epochs, desc="epochs", unit="epoch", disable=args.no_progress, leave=True)
    report = _Report(bar, tqdm.write)
    try:
        history = train(net, data.train, test_data=data.test, validation_data=data.validation,
                        epochs=args.epochs, batch_size=args.batch_size, optimizer=opt, seed=args.seed,
                        lr_schedule=args.lr_schedule, weight_decay=args.weight_decay, callbacks=[report])
    except KeyboardInterrupt:
        history = None
    with saving():                       # from here on Ctrl-C cannot stop the outputs being written
        bar.close()
        if history is None:
            return _interrupted(args, net, report)
        model, hist, plot = write_outputs(args.out, net, history)
    say(f"final test accuracy {100 * history.test_accuracy[-1]:.2f}% after {history.epoch[-1]} epochs "
        f"({sum(history.seconds):.2f} s of training); wrote {model}, {hist}, {plot}")
    return 0


def _checked(args):
    """(net, optimizer) built from checked options, or the exit code of the first fault."""
    fault = check_args(args)
    if fault:
        return _fail(args, f"{fault} (see --help)")
    try:
        return build_model(args)
    except (MLPError, ValueError, MemoryError) as e:
        return _fail(args, e)


def main(argv=None):
    """Run the command line; returns the exit code (0, 1 for a fault, 2 for bad options, 130 for Ctrl-C)."""
    try:
        return _main(argv)
    finally:
        ignore_interrupts_while_exiting()


def _main(argv):
    with interrupts_handled():
        args = build_parser().parse_args(argv)
        try:
            built = _checked(args)
        except KeyboardInterrupt:
            return _fail(args, "interrupted before training began; no output was written", 130)
        if isinstance(built, int):
            return built
        try:
            return run_train(args, *built)
        except KeyboardInterrupt:          # before training started, after the data was loaded
            return _fail(args, "interrupted before training began; no output was written", 130)
        except (MLPError, ValueError, OSError, MemoryError) as e:
            return _fail(args, e if str(e) else f"{type(e).__name__} while training", code=1)
