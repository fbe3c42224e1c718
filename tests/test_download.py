"""Tests for mlp_core.download: downloads served by a local HTTP server on 127.0.0.1 (nothing here
reaches the internet), the per-file deadline, and partial files left by killed runs."""

import functools
import gzip
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mlp_core import data
from mlp_core.data import download_mnist, load_mnist
from mlp_core.errors import DataError, InputError
from test_data import LABEL_FILES, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, link_bundled


@pytest.fixture(autouse=True)
def no_mnist_dir(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)


@pytest.fixture(autouse=True)
def no_progress_monitor(monkeypatch):
    """No tqdm monitor thread: a process forked after one started can deadlock on its lock."""
    import tqdm
    monkeypatch.setattr(tqdm.tqdm, "monitor_interval", 0)


def start_server(handler):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return httpd, thread, f"http://127.0.0.1:{httpd.server_address[1]}/"


def stop_server(httpd, thread):
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server(tmp_path):
    """Serve tmp_path/www on 127.0.0.1 at a free port; yields (root folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd, thread, url = start_server(functools.partial(QuietHandler, directory=str(root)))
    yield root, url
    stop_server(httpd, thread)


class QuietHandler(BaseHTTPRequestHandler):
    """A test server's handler that logs nothing and can drip bytes slowly."""

    def log_message(self, *args):
        pass

    def drip(self, byte, times=60, every=0.05):
        """Write `byte` `times` times, one every `every` seconds (3 s in all by default); stop quietly
        when the client hangs up."""
        try:
            for _ in range(times):
                self.wfile.write(byte)
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            pass


class Trickle(QuietHandler):
    """Promises a 1 MB body, sends one byte every 0.05 s for 3 s, then hangs up."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(1 << 20))
        self.end_headers()
        self.drip(b"\0")


@pytest.fixture
def trickle():
    httpd, thread, url = start_server(Trickle)
    yield url
    stop_server(httpd, thread)


def serve(root, sub, names, tamper=None):
    """Copy bundled files into root/sub, optionally transforming each file's bytes with ``tamper``."""
    (root / sub).mkdir()
    for name in names:
        content = (data.BUNDLED_DIR / name).read_bytes()
        (root / sub / name).write_bytes(tamper(content) if tamper else content)


def test_download_success(server, tmp_path):
    root, url = server
    serve(root, "good", LABEL_FILES)
    dest = tmp_path / "dest"
    got = download_mnist(dest, base_urls=[url + "good/"], files=LABEL_FILES, progress=False)
    assert got == [dest / name for name in LABEL_FILES]
    for name in LABEL_FILES:
        assert (dest / name).read_bytes() == (data.BUNDLED_DIR / name).read_bytes()
    assert sorted(p.name for p in dest.iterdir()) == sorted(LABEL_FILES)  # no temporary files left
    assert download_mnist(dest, base_urls=["http://127.0.0.1:9/"], files=LABEL_FILES) == []


def test_load_mnist_download_fetches_only_missing_files(server, tmp_path, monkeypatch):
    root, url = server
    serve(root, "m", LABEL_FILES)
    folder = link_bundled(tmp_path / "mnist", [TRAIN_IMAGES, TEST_IMAGES])
    monkeypatch.setattr(data, "MIRRORS", (url + "m/",))
    d = load_mnist(folder, download=True, subset=5)
    assert d.train.y.tolist() == [5, 0, 4, 1, 9]
    assert all((folder / name).is_file() for name in LABEL_FILES)


def test_corrupt_download_is_rejected_and_not_kept(server, tmp_path):
    root, url = server

    def flip_label(gz):
        raw = bytearray(gzip.decompress(gz))
        raw[-1] = (raw[-1] + 1) % 10
        return gzip.compress(bytes(raw))

    serve(root, "bad", [TEST_LABELS], tamper=flip_label)
    dest = tmp_path / "dest"
    with pytest.raises(DataError) as info:
        download_mnist(dest, base_urls=[url + "bad/"], files=[TEST_LABELS], progress=False)
    assert "checksum mismatch" in str(info.value) and url + "bad/" + TEST_LABELS in str(info.value)
    assert list(dest.iterdir()) == []


def test_truncated_download_is_rejected_and_not_kept(server, tmp_path):
    root, url = server
    serve(root, "cut", [TEST_LABELS], tamper=lambda gz: gz[: len(gz) // 2])
    dest = tmp_path / "dest"
    with pytest.raises(DataError, match="truncated"):
        download_mnist(dest, base_urls=[url + "cut/"], files=[TEST_LABELS], progress=False)
    assert list(dest.iterdir()) == []


def test_fallback_to_second_mirror(server, tmp_path):
    root, url = server
    serve(root, "second", [TEST_LABELS])
    dest = tmp_path / "dest"
    download_mnist(dest, base_urls=[url + "first/", url + "second"], files=[TEST_LABELS], progress=True)
    assert (dest / TEST_LABELS).read_bytes() == (data.BUNDLED_DIR / TEST_LABELS).read_bytes()


def test_all_mirrors_fail(server, tmp_path):
    root, url = server
    dest = tmp_path / "dest"
    mirrors = [url + "one/", url + "two/"]
    with pytest.raises(DataError) as info:
        download_mnist(dest, base_urls=mirrors, files=[TEST_LABELS], progress=False)
    message = str(info.value)
    assert str(dest / TEST_LABELS) in message
    for mirror in mirrors:
        assert mirror + TEST_LABELS in message
    assert message.splitlines() == [
        f"{dest / TEST_LABELS}: could not download {TEST_LABELS} from any mirror:",
        f"  {mirrors[0]}{TEST_LABELS}: HTTPError: HTTP Error 404: File not found",
        f"  {mirrors[1]}{TEST_LABELS}: HTTPError: HTTP Error 404: File not found"]
    assert list(dest.iterdir()) == []


def test_download_rejects_unknown_file_names(tmp_path):
    with pytest.raises(ValueError, match="unknown MNIST file"):
        download_mnist(tmp_path, base_urls=["http://127.0.0.1:9/"], files=["digits.bin.gz"])


def test_a_trickling_mirror_is_given_up_at_the_deadline(server, trickle, tmp_path):
    root, url = server
    serve(root, "good", [TEST_LABELS])
    dest = tmp_path / "dest"
    got = download_mnist(dest, base_urls=[trickle, url + "good/"], files=[TEST_LABELS], progress=False,
                         timeout=5, deadline=0.5)
    assert got == [dest / TEST_LABELS]
    assert sorted(p.name for p in dest.iterdir()) == [TEST_LABELS]
    with pytest.raises(DataError) as info:
        download_mnist(tmp_path / "other", base_urls=[trickle], files=[TEST_LABELS], progress=False,
                       timeout=5, deadline=0.3)
    message = str(info.value)
    assert f"{trickle}{TEST_LABELS}: TimeoutError: gave up after 0.3 s (the deadline for one file)" in message
    assert list((tmp_path / "other").iterdir()) == []


@pytest.mark.parametrize("kwargs, word", [
    (dict(timeout=0), "timeout must be a finite number in \\(0, inf\\), got 0.0"),
    (dict(timeout=float("nan")), "timeout"),
    (dict(deadline=-1), "deadline must be a finite number in \\(0, inf\\), got -1.0"),
    (dict(deadline=float("inf")), "deadline"), (dict(timeout="30"), "got '30'"),
    (dict(deadline=True), "deadline"),
])
def test_bad_timeouts(tmp_path, kwargs, word):
    with pytest.raises(InputError, match=word):
        download_mnist(tmp_path, base_urls=["http://127.0.0.1:9/"], files=[TEST_LABELS], **kwargs)


def test_destination_faults_are_named_before_any_mirror_is_tried(tmp_path):
    (tmp_path / TEST_LABELS).mkdir()
    with pytest.raises(DataError) as info:
        download_mnist(tmp_path, base_urls=["http://127.0.0.1:9/"], files=[TEST_LABELS])
    assert str(info.value) == (f"{tmp_path / TEST_LABELS}: is a folder where the MNIST file {TEST_LABELS} "
                               "should be; remove or rename it")
    a_file = tmp_path / "file"
    a_file.write_bytes(b"")
    with pytest.raises(DataError, match="is a file, expected a folder to download MNIST into"):
        download_mnist(a_file, base_urls=["http://127.0.0.1:9/"], files=[TEST_LABELS])
    with pytest.raises(DataError, match=r"file/sub: cannot create the folder to download MNIST into "
                                        r"\(Not a directory\)$"):
        download_mnist(a_file / "sub", base_urls=["http://127.0.0.1:9/"], files=[TEST_LABELS])


def test_a_killed_download_leaves_a_partial_file_the_next_run_removes(server, trickle, tmp_path):
    root, url = server
    serve(root, "good", [TEST_LABELS])
    dest = tmp_path / "dest"
    script = textwrap.dedent(f"""
        from mlp_core.data import download_mnist
        download_mnist({str(dest)!r}, base_urls=[{trickle!r}], files=[{TEST_LABELS!r}], progress=False)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        for _ in range(300):
            partials = list(dest.glob(".*.part")) if dest.is_dir() else []
            if partials:
                break
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert len(partials) == 1 and partials[0].name.startswith(f".{TEST_LABELS}.{child.pid}-")
    assert partials[0].exists()
    download_mnist(dest, base_urls=[url + "good/"], files=[TEST_LABELS], progress=False)
    assert sorted(p.name for p in dest.iterdir()) == [TEST_LABELS]


class Silent(QuietHandler):
    """Accepts the request and does not answer for 3 s, then hangs up."""

    def do_GET(self):
        time.sleep(3)


def test_a_silent_mirror_is_given_up_after_the_timeout(server, tmp_path):
    root, url = server
    serve(root, "good", [TEST_LABELS])
    httpd, thread, silent = start_server(Silent)
    try:
        dest = tmp_path / "dest"
        got = download_mnist(dest, base_urls=[silent, url + "good/"], files=[TEST_LABELS], progress=False,
                             timeout=0.3)
        assert got == [dest / TEST_LABELS]
        with pytest.raises(DataError, match=f"{silent}{TEST_LABELS}: TimeoutError"):
            download_mnist(tmp_path / "other", base_urls=[silent], files=[TEST_LABELS], progress=False,
                           timeout=60, deadline=0.3)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_progress_bar_shows_the_size_of_the_file(server, tmp_path, capsys):
    root, url = server
    serve(root, "good", [TEST_LABELS])
    download_mnist(tmp_path / "quiet", base_urls=[url + "good/"], files=[TEST_LABELS], progress=False)
    assert capsys.readouterr().err == ""
    download_mnist(tmp_path / "shown", base_urls=[url + "good/"], files=[TEST_LABELS], progress=True)
    err = capsys.readouterr().err
    assert TEST_LABELS in err and f"/{size_text()} [" in err and "B/s]" in err
    assert err.endswith("\r") and not err.endswith("\n")      # the bar is cleared when the file is in


def size_text():
    """The size of the gzip'd test labels as the progress bar writes it (e.g. '4.52k')."""
    from tqdm import tqdm
    return tqdm.format_sizeof((data.BUNDLED_DIR / TEST_LABELS).stat().st_size)


class OddLength(QuietHandler):
    """Sends the test labels with a Content-Length that is not a number, then closes."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "unknown")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write((data.BUNDLED_DIR / TEST_LABELS).read_bytes())


def test_a_content_length_that_is_not_a_number_is_ignored(tmp_path, capsys):
    httpd, thread, url = start_server(OddLength)
    try:
        got = download_mnist(tmp_path, base_urls=[url], files=[TEST_LABELS], progress=True)
    finally:
        stop_server(httpd, thread)
    assert got == [tmp_path / TEST_LABELS]
    err = capsys.readouterr().err
    assert TEST_LABELS in err and f"/{size_text()} [" not in err


def test_all_four_files_by_default_into_a_new_nested_folder(server, tmp_path):
    root, url = server
    serve(root, "all", data.FILES)
    dest = tmp_path / "a" / "b"
    got = download_mnist(dest, base_urls=[url + "all/"], progress=False)
    assert got == [dest / name for name in data.FILES]
    assert load_mnist(dest, subset=3).train.y.tolist() == [5, 0, 4]


def test_files_present_are_skipped_and_the_rest_fetched(server, tmp_path):
    root, url = server
    serve(root, "m", [TEST_LABELS])
    dest = link_bundled(tmp_path / "dest", [TRAIN_LABELS])
    got = download_mnist(dest, base_urls=[url + "m/"], files=[TRAIN_LABELS, TEST_LABELS], progress=False)
    assert got == [dest / TEST_LABELS] and (dest / TEST_LABELS).is_file()


def test_a_download_is_checked_against_the_expected_item_count(server, tmp_path, monkeypatch):
    root, url = server
    serve(root, "m", [TEST_LABELS])
    magic, count, sha = data.FILES[TEST_LABELS]
    monkeypatch.setitem(data.FILES, TEST_LABELS, (magic, 9999, sha))
    with pytest.raises(DataError, match="wrong item count: expected 9999, found 10000"):
        download_mnist(tmp_path, base_urls=[url + "m/"], files=[TEST_LABELS], progress=False)


class TrickleHeaders(QuietHandler):
    """Sends its status line, then one byte of a header every 0.05 s for 3 s: each read succeeds well
    within any read timeout, so only a deadline over the whole exchange stops it."""

    def do_GET(self):
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        self.drip(b"X")


def test_trickling_headers_are_given_up_at_the_deadline(tmp_path):
    httpd, thread, url = start_server(TrickleHeaders)
    try:
        with pytest.raises(DataError) as info:
            download_mnist(tmp_path / "d", base_urls=[url], files=[TEST_LABELS], progress=False,
                           timeout=5, deadline=0.3)
    finally:
        stop_server(httpd, thread)
    assert f"{url}{TEST_LABELS}: TimeoutError: gave up after 0.3 s (the deadline for one file) with 0 bytes " \
           "received" in str(info.value)
    assert list((tmp_path / "d").iterdir()) == []
