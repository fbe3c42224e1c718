"""What the command line leaves behind and says: the three outputs written as one set, the history as
JSON, lines printed to a stdout that may have been closed, and Ctrl-C handled in one line.

A first Ctrl-C stops training (KeyboardInterrupt); from then on further presses only print a note, so
the outputs are always written in full."""
import json
import os
import signal
import sys
import threading
from dataclasses import asdict

OUTPUTS = ("model.npz", "history.json", "training.png")


def history_record(history):
    """Every field of a History as JSON-ready values: the per-epoch lists, lr, the logged steps and
    their mini-batch costs, steps_per_epoch and stopped_early (enough to re-plot a run per step)."""
    return asdict(history)


def write_outputs(out, net, history):
    """Write model.npz, history.json and training.png to the folder out as one set (mlp_core.files.
    write_set): all three from this run, or, on a failure, none changed. Returns the three paths."""
    with saving():
        import numpy as np

        from .drawings import draw_history
        from .files import write_set
        from .model_file import check_savable, model_arrays

        check_savable(net, os.path.join(out, OUTPUTS[0]))
        figure = draw_history(history)
        writers = {OUTPUTS[0]: lambda f: np.savez(f, **model_arrays(net)),
                   OUTPUTS[1]: lambda f: f.write(json.dumps(history_record(history), indent=1).encode()),
                   OUTPUTS[2]: lambda f: figure.savefig(f, format="png", dpi=100)}
        return write_set(out, writers)


def say(line, write=None):
    """Print line to stdout (with write, e.g. tqdm.write, if given); once stdout is closed (e.g.
    `| head -1`), later lines go nowhere instead of stopping the run with a broken pipe."""
    try:
        if write is None:
            print(line, flush=True)
        else:
            write(line)
            sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        try:      # Python's own flush at exit must not fail either: point stdout at the null device
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            sys.stdout = open(os.devnull, "w")


def _note_while_saving(signum, frame):
    try:
        print("saving what was trained; it takes a moment", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _first_interrupt(signum, frame):
    signal.signal(signal.SIGINT, _note_while_saving)       # the next presses cannot break the saving
    raise KeyboardInterrupt


class _sigint_handled:
    """Inside the block SIGINT goes to `handler`; the previous handler comes back at the end (only the
    main thread can handle signals, so elsewhere the block changes nothing)."""
    handler = None

    def __enter__(self):
        self.main = threading.current_thread() is threading.main_thread()
        self.previous = signal.signal(signal.SIGINT, self.handler) if self.main else None
        return self

    def __exit__(self, *exc):
        if self.main:
            signal.signal(signal.SIGINT, self.previous)
        return False


class saving(_sigint_handled):
    """Inside the block Ctrl-C only prints a note: the outputs being written are written in full."""
    handler = staticmethod(_note_while_saving)


class interrupts_handled(_sigint_handled):
    """Inside the block, the first Ctrl-C raises KeyboardInterrupt and later ones only print a note."""
    handler = staticmethod(_first_interrupt)
