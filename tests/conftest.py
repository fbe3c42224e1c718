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


# Areas of the suite, one marker each, so a quick loop can pick its part:
#   pytest -m engine tests      the maths, data, files and command line (seconds)
#   pytest -m kit tests         the figures and controls, headless
#   pytest -m "not slow" tests  everything but notebook runs, browsers and the book
# A test file belongs to the first area whose prefix its name starts with; nbval's notebook cells are
# "notebooks". New engine test files need nothing; new kit or notebook files take a listed prefix.
AREAS = {
    "browser": ("test_browser", "test_book"),
    "notebooks": ("test_notebooks", "test_setup_cell", "test_colab_kernel", "test_i18n", "test_korean"),
    "kit": ("test_controls", "test_drawings", "test_digit_pad", "test_lesson_controls", "test_static", "test_kit"),
}
SLOW_AREAS = ("browser", "notebooks")


def area_of(path):
    """The area of a collected file: 'notebooks' for a notebook, else by the test file's name."""
    if path.suffix == ".ipynb":
        return "notebooks"
    return next((area for area, prefixes in AREAS.items() if path.name.startswith(prefixes)), "engine")


def pytest_configure(config):
    for area in (*AREAS, "engine"):
        config.addinivalue_line("markers", f"{area}: tests of the {area} (see AREAS in tests/conftest.py)")
    config.addinivalue_line("markers", "slow: notebook runs, browsers and the book (minutes)")


def pytest_collection_modifyitems(items):
    for item in items:
        area = area_of(item.path)
        item.add_marker(area)
        if area in SLOW_AREAS:
            item.add_marker("slow")


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
