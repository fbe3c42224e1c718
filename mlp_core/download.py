"""Download the MNIST files from public mirrors, verify each one, and move it into place atomically.

Only needed when the bundled copy in ``resources/mnist`` is not used. Each file is written to a
partial file beside its destination (see :mod:`mlp_core.files`), checked with :func:`read_idx`
against its canonical SHA-256, and only then renamed, so a failed, corrupt or killed download never
leaves a bad file behind; partial files left by killed runs are removed by the next download.
"""
from __future__ import annotations

import http.client
import socket
import threading
import urllib.request
from pathlib import Path

from . import validation as check
from .errors import DataError
from .files import atomic_write, remove_stale_partials
from .idx import FILES, read_idx

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


class _Deadline:
    """Cuts every connection opened through `opener` once `seconds` have passed, however slowly the
    server trickles its response line, headers or body (a read timeout alone restarts at each byte)."""

    def __init__(self, seconds):
        self.seconds, self.sockets, self.expired = seconds, [], False
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def expire(self):
        self.expired = True
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)          # a blocked recv() returns at once
            except OSError:
                pass

    def opener(self):
        """A urllib opener whose HTTP and HTTPS connections register their sockets here."""
        deadline = self

        def watched(base):
            class Connection(base):
                def connect(self):
                    super().connect()
                    deadline.sockets.append(self.sock)
                    if deadline.expired:
                        deadline.expire()
            return Connection

        class HTTP(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(watched(http.client.HTTPConnection), req)

        class HTTPS(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(watched(http.client.HTTPSConnection), req, context=self._context)
        return urllib.request.build_opener(HTTP(), HTTPS())

    def gave_up(self, received):
        return TimeoutError(f"gave up after {self.seconds:g} s (the deadline for one file) with {received} "
                            "bytes received")


def _copy_body(response, out, bar):
    """Copy the response body to ``out``."""
    while chunk := response.read1(1 << 16):          # read1: return after one socket read
        out.write(chunk)
        bar.update(len(chunk))


def _fetch(url, dest, progress, timeout, deadline):
    """Download ``url`` to a partial file beside ``dest`` within ``deadline`` seconds in all, verify it,
    then rename it to ``dest``."""
    from tqdm.auto import tqdm

    magic, count, sha = FILES[dest.name]
    limit, received = _Deadline(deadline), 0
    limit.timer.start()
    try:
        with atomic_write(dest) as (out, partial), \
                limit.opener().open(url, timeout=min(timeout, deadline)) as response:
            total = response.headers.get("Content-Length")
            with tqdm(total=int(total) if total and total.isdigit() else None, unit="B", unit_scale=True,
                      desc=dest.name, disable=not progress, leave=False) as bar:
                try:
                    _copy_body(response, out, bar)
                finally:
                    received = bar.n
            if limit.expired:
                raise limit.gave_up(received)
            out.flush()
            read_idx(partial, magic, expected_sha256=sha, expected_count=count)  # DataError if not MNIST
    except (OSError, ValueError, http.client.HTTPException) as err:
        if limit.expired and not isinstance(err, TimeoutError):
            raise limit.gave_up(received) from None
        raise
    finally:
        limit.timer.cancel()


def _check_destination(folder, names):
    if folder.exists() and not folder.is_dir():
        raise DataError(f"{folder}: is a file, expected a folder to download MNIST into")
    for name in names:
        if (folder / name).is_dir():
            raise DataError(f"{folder / name}: is a folder where the MNIST file {name} should be; "
                            "remove or rename it")


def download_mnist(data_dir, *, base_urls=MIRRORS, files=None, progress=True, timeout=30, deadline=600):
    """Download each missing MNIST file into ``data_dir``, trying the mirrors in ``base_urls`` in turn.

    ``timeout`` bounds the wait for the connection and for each read, in seconds; ``deadline``
    bounds the whole exchange for one file with one mirror (connecting, the response headers and
    the body, however slowly they trickle), after which the next mirror is tried.
    A file is written only after its decompressed bytes pass the SHA-256 check, and it is moved
    into place atomically, so a failed or corrupt download never leaves a bad file behind.
    Returns the list of paths downloaded; raises DataError listing every URL tried if all fail.
    """
    folder = Path(data_dir).expanduser()
    names = list(FILES) if files is None else list(files)
    names = [check.choice("MNIST file name", name, FILES) for name in names]
    timeout = check.number("timeout", timeout, low=0, low_open=True)
    deadline = check.number("deadline", deadline, low=0, low_open=True)
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
