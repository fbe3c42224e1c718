"""Download the MNIST files from public mirrors, verify each one, and move it into place atomically.

Only needed when the bundled copy in ``resources/mnist`` is not used. Each file is written to a
partial file beside its destination (see :mod:`mlp_core.files`), checked with :func:`read_idx`
against its canonical SHA-256, and only then renamed, so a failed, corrupt or killed download never
leaves a bad file behind; partial files left by killed runs are removed by the next download.
"""
from __future__ import annotations

import http.client
import time
import urllib.request
from pathlib import Path

from .errors import DataError, InputError
from .files import atomic_write, remove_stale_partials
from .idx import FILES, read_idx

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


def _copy_body(response, out, deadline, bar):
    """Copy the response body to ``out``; TimeoutError once more than ``deadline`` seconds passed."""
    stop_at = time.monotonic() + deadline
    while chunk := response.read1(1 << 16):          # read1: return after one socket read
        out.write(chunk)
        bar.update(len(chunk))
        if time.monotonic() > stop_at:
            raise TimeoutError(f"gave up after {deadline:g} s (the deadline for one file) "
                               f"with {bar.n} bytes received")


def _fetch(url, dest, progress, timeout, deadline):
    """Download ``url`` to a partial file beside ``dest``, verify it, then rename it to ``dest``."""
    from tqdm.auto import tqdm

    magic, count, sha = FILES[dest.name]
    with atomic_write(dest) as (out, partial), \
            urllib.request.urlopen(url, timeout=min(timeout, deadline)) as response:
        total = response.headers.get("Content-Length")
        with tqdm(total=int(total) if total and total.isdigit() else None, unit="B", unit_scale=True,
                  desc=dest.name, disable=not progress, leave=False) as bar:
            _copy_body(response, out, deadline, bar)
        out.flush()
        read_idx(partial, magic, expected_sha256=sha, expected_count=count)  # DataError if not MNIST


def _check_destination(folder, names):
    if folder.exists() and not folder.is_dir():
        raise DataError(f"{folder}: is a file, expected a folder to download MNIST into")
    for name in names:
        if (folder / name).is_dir():
            raise DataError(f"{folder / name}: is a folder where the MNIST file {name} should be; "
                            "remove or rename it")


def _positive_seconds(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise InputError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


def download_mnist(data_dir, *, base_urls=MIRRORS, files=None, progress=True, timeout=30, deadline=600):
    """Download each missing MNIST file into ``data_dir``, trying the mirrors in ``base_urls`` in turn.

    ``timeout`` bounds the wait for the connection and for each read, in seconds; ``deadline``
    bounds the whole transfer of one file from one mirror, after which the next mirror is tried.
    A file is written only after its decompressed bytes pass the SHA-256 check, and it is moved
    into place atomically, so a failed or corrupt download never leaves a bad file behind.
    Returns the list of paths downloaded; raises DataError listing every URL tried if all fail.
    """
    folder = Path(data_dir).expanduser()
    names = list(FILES) if files is None else list(files)
    unknown = [name for name in names if name not in FILES]
    if unknown:
        raise InputError(f"unknown MNIST file name(s) {unknown}; expected some of {list(FILES)}")
    timeout, deadline = _positive_seconds("timeout", timeout), _positive_seconds("deadline", deadline)
    _check_destination(folder, names)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataError(f"{folder}: cannot create the folder to download MNIST into "
                        f"({err.strerror or err})") from None
    remove_stale_partials(folder)
    fetched = []
    for name in names:
        dest = folder / name
        if dest.is_file():
            continue
        failures = []
        for base in base_urls:
            url = (base if base.endswith("/") else base + "/") + name
            try:
                _fetch(url, dest, progress, timeout, deadline)
            except (OSError, ValueError, http.client.HTTPException) as err:  # DataError is a ValueError
                failures.append(f"  {url}: {type(err).__name__}: {err}")
            else:
                fetched.append(dest)
                break
        else:
            raise DataError(f"{dest}: could not download {name} from any mirror:\n" + "\n".join(failures))
    return fetched
