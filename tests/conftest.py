import os
import subprocess
import sys
from pathlib import Path

import pytest

# One BLAS thread per process: the suite runs two workers, each with notebook kernels, on two cores,
# and several spinning BLAS threads per process slow everything down. Kernels inherit this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).parent))   # lets tests import notebook_store


@pytest.fixture
def alive_pid():
    """The id of a running process of our own (a signal sent to it by mistake harms nothing);
    checks at the end that nothing stopped it."""
    child = subprocess.Popen(["sleep", "60"])
    yield child.pid
    with pytest.raises(subprocess.TimeoutExpired):
        child.wait(timeout=0.2)
    child.kill()
    child.wait()


def pytest_terminal_summary(terminalreporter):
    """Say why tests were skipped without needing `-rs`: a run without Chromium, playwright or the
    Colab-like kernel should not look like a full run."""
    reasons = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] = reasons.get(reason.removeprefix("Skipped: "), 0) + 1
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"skipped {count}: {reason}", yellow=True)
