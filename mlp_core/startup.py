"""How the command line was started, and a quiet Ctrl-C while it starts (standard library only, so it
can run before numpy is imported)."""
import os
import signal
import sys
import threading


def prog():
    """The command's name as the user typed it: 'mlp-core' for the installed script, else
    'python -m mlp_core'."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "mlp-core" if name in ("mlp-core", "mlp-core.exe") else "python -m mlp_core"


def started_as_command():
    """True while the package is imported by `python -m mlp_core` or by the `mlp-core` script."""
    return bool(sys.argv) and (sys.argv[0] == "-m" or prog() == "mlp-core")


def _leave_quietly(signum, frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # a second press cannot turn the exit into a traceback
    print(f"{prog()}: interrupted while starting; nothing was trained or written", file=sys.stderr)
    raise SystemExit(130)


def ignore_interrupts_while_exiting():
    """When run as the command, ignore Ctrl-C from now on: the process is about to exit, and a press
    during Python's shutdown would otherwise kill it by the signal instead of with its exit code."""
    if AS_COMMAND and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


AS_COMMAND = False       # set while the package is imported: True when run as the command line


def quiet_interrupt_while_starting():
    """When started as the command, make Ctrl-C during the imports exit 130 with one line instead of
    a traceback (the command line installs its own handler once it runs)."""
    global AS_COMMAND
    AS_COMMAND = started_as_command()
    if AS_COMMAND and threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _leave_quietly)
