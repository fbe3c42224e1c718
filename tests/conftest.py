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
