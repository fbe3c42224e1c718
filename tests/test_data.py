"""Tests for mlp_core.data: the bundled MNIST copy, the IDX parser's error messages, and downloads
served by a local HTTP server (nothing here reaches the internet)."""

import functools
import gzip
import hashlib
import struct
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from mlp_core import data
from mlp_core.data import MNIST, Split, clear_cache, download_mnist, load_mnist, one_hot, read_idx
from mlp_core.errors import DataError

TRAIN_IMAGES, TRAIN_LABELS = "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"
TEST_IMAGES, TEST_LABELS = "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
LABEL_FILES = [TRAIN_LABELS, TEST_LABELS]


def write_idx(path, magic, dims, body, compress=True):
    """Write a small IDX file (gzip'd unless compress=False) with the given header and body bytes."""
    raw = struct.pack(f">i{len(dims)}i", magic, *dims) + bytes(body)
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


def link_bundled(folder, names=tuple(data.FILES)):
    """Make ``folder`` hold symlinks to the bundled files in ``names``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).symlink_to(data.BUNDLED_DIR / name)
    return folder


@pytest.fixture(autouse=True)
def no_mnist_dir(monkeypatch):
    """Ignore any MNIST_DIR set in the environment of whoever runs the tests."""
    monkeypatch.delenv("MNIST_DIR", raising=False)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(data.BUNDLED_DIR)


# ---------------------------------------------------------------- bundled data

def test_shapes_dtypes_and_ranges(mnist):
    assert isinstance(mnist, MNIST) and isinstance(mnist.train, Split)
    assert mnist.validation is None
    assert mnist.train.X.shape == (60000, 784) and mnist.test.X.shape == (10000, 784)
    assert mnist.train.y.shape == (60000,) and mnist.test.y.shape == (10000,)
    for split in (mnist.train, mnist.test):
        assert split.X.dtype == np.float32 and split.y.dtype == np.int64
        assert split.X.min() == 0.0 and split.X.max() == 1.0
        assert set(np.unique(split.y)) == set(range(10))


def test_known_facts_of_the_real_data(mnist):
    assert mnist.train.y[:5].tolist() == [5, 0, 4, 1, 9]
    assert mnist.test.y[:3].tolist() == [7, 2, 1]
    counts = np.bincount(mnist.train.y, minlength=10)
    assert counts.sum() == 60000
    assert counts.tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(mnist.test.y).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_raw_uint8_and_unflattened_are_the_same_pixels_row_major(mnist):
    raw = load_mnist(normalize=False, flatten=False)
    assert raw.train.X.shape == (60000, 28, 28) and raw.train.X.dtype == np.uint8
    assert raw.train.X.max() == 255 and raw.train.X.min() == 0
    flat = load_mnist(normalize=False).train.X
    assert flat.shape == (60000, 784) and flat.dtype == np.uint8
    np.testing.assert_array_equal(raw.train.X[:500].reshape(500, 784), flat[:500])
    np.testing.assert_array_equal(raw.test.X[7, 3], raw.test.X.reshape(10000, 784)[7, 3 * 28:4 * 28])
    np.testing.assert_array_equal(mnist.train.X[:500], (flat[:500] / 255).astype(np.float32))


def test_one_hot_option(mnist):
    d = load_mnist(one_hot=True, dtype=np.float64, subset=3000)
    assert d.train.y.shape == (3000, 10) and d.train.y.dtype == np.float64
    assert d.train.X.dtype == np.float64
    np.testing.assert_array_equal(d.train.y.sum(axis=1), 1)
    np.testing.assert_array_equal(d.train.y.argmax(axis=1), mnist.train.y[:3000])
    assert load_mnist(normalize=False, one_hot=True, subset=5).train.y.dtype == np.float32
    np.testing.assert_array_equal(d.test.y.argmax(axis=1), mnist.test.y)


def test_subset_and_validation_tail(mnist):
    d = load_mnist(subset=1000, validation=200)
    assert d.train.X.shape == (800, 784) and d.validation.X.shape == (200, 784)
    assert d.test.X.shape == (10000, 784)
    np.testing.assert_array_equal(d.train.X, mnist.train.X[:800])
    np.testing.assert_array_equal(d.validation.X, mnist.train.X[800:1000])
    np.testing.assert_array_equal(d.validation.y, mnist.train.y[800:1000])
    full = load_mnist(validation=10000)
    assert len(full.train.y) == 50000
    np.testing.assert_array_equal(full.validation.y, mnist.train.y[50000:])


@pytest.mark.parametrize("kwargs, word", [
    (dict(subset=0), "subset"), (dict(subset=60001), "subset"), (dict(subset=2.5), "subset"),
    (dict(subset=True), "subset"), (dict(validation=-1), "validation"),
    (dict(subset=100, validation=100), "validation"), (dict(validation=0.1), "validation"),
    (dict(dtype=np.int32), "floating"),
])
def test_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        load_mnist(**kwargs)


def test_second_call_reads_nothing_and_returns_fresh_copies(monkeypatch, mnist):
    def refuse(*args, **kwargs):
        raise AssertionError("read_idx called although the data is cached")

    monkeypatch.setattr(data, "read_idx", refuse)
    a = load_mnist(normalize=False)
    first_image, first_labels = a.train.X[0].copy(), a.train.y.copy()
    cached = data._CACHE[str((data.BUNDLED_DIR / TRAIN_IMAGES).resolve())]
    assert not cached.flags.writeable
    assert not np.shares_memory(a.train.X, cached)
    a.train.X[0] = 123
    a.train.y[:] = 0
    mnist.train.X[0] = -1.0  # the module fixture's arrays are not shared with the cache either
    b = load_mnist(normalize=False)
    np.testing.assert_array_equal(b.train.X[0], first_image)
    np.testing.assert_array_equal(b.train.y, first_labels)
    assert load_mnist(subset=1).train.X.min() == 0.0
    mnist.train.X[0] = load_mnist(subset=1).train.X[0]


def test_clear_cache_forces_a_fresh_read(monkeypatch):
    load_mnist(subset=1)
    clear_cache()
    calls = []
    real = data.read_idx
    monkeypatch.setattr(data, "read_idx", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    load_mnist(subset=1)
    assert len(calls) == 4


# ---------------------------------------------------------------- one_hot

def test_one_hot_function():
    out = one_hot([2, 0, 9])
    assert out.shape == (3, 10) and out.dtype == np.float64
    assert out[0, 2] == out[1, 0] == out[2, 9] == 1 and out.sum() == 3
    assert one_hot(np.array([1], np.uint8), n_classes=3, dtype=np.float32).tolist() == [[0, 1, 0]]
    assert one_hot([]).shape == (0, 10)
    for bad, word in [([0, 10], "0..9"), ([-1], "0..9"), ([1.0, 2.0], "integers"), ([[1]], "1-D")]:
        with pytest.raises(ValueError, match=word):
            one_hot(bad)


# ---------------------------------------------------------------- parser error paths

def test_read_idx_small_synthetic_file(tmp_path):
    body = bytes(range(2 * 3 * 4))
    f = write_idx(tmp_path / "x.gz", 2051, (2, 3, 4), body)
    a = read_idx(f, 2051, expected_sha256=hashlib.sha256(gzip.decompress(f.read_bytes())).hexdigest(),
                 expected_count=2)
    assert a.shape == (2, 3, 4) and a.dtype == np.uint8 and not a.flags.writeable
    assert a.ravel().tolist() == list(body)


@pytest.mark.parametrize("magic, dims, body, kwargs, words", [
    (2051, (2,), b"\1\2", {}, ["wrong magic", "expected 2049", "found 2051"]),
    (2049, (10,), b"\1" * 5, {}, ["truncated", "10", "5"]),
    (2049, (3,), b"\1" * 4, {}, ["unexpected bytes"]),
    (2049, (3,), b"\1\2\3", dict(expected_count=60000), ["wrong item count", "60000", "found 3"]),
    (2049, (3,), b"\x01\x02\x0a", {}, ["out of range", "0..9", "found 10"]),
    (2049, (3,), b"\1\2\3", dict(expected_sha256="0" * 64), ["checksum mismatch", "0" * 64,
     hashlib.sha256(struct.pack(">ii", 2049, 3) + b"\1\2\3").hexdigest()]),
])
def test_read_idx_faults_name_file_and_fault(tmp_path, magic, dims, body, kwargs, words):
    f = write_idx(tmp_path / "labels.gz", magic, dims, body)
    with pytest.raises(DataError) as info:
        read_idx(f, 2049, **kwargs)
    message = str(info.value)
    for word in [str(f)] + words:
        assert word in message


def test_read_idx_not_gzip_truncated_gzip_and_empty(tmp_path):
    plain = write_idx(tmp_path / "plain.gz", 2049, (1,), b"\1", compress=False)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(b"\0" * 5000)[:-20])
    empty = tmp_path / "empty.gz"
    empty.write_bytes(gzip.compress(b"\0\0"))
    for f, word in [(plain, "not a valid gzip"), (cut, "truncated"), (empty, "too short"),
                    (tmp_path / "absent.gz", "not found")]:
        with pytest.raises(DataError) as info:
            read_idx(f, 2049)
        assert str(f) in str(info.value) and word in str(info.value)


def test_checksum_is_checked_against_the_canonical_digest(tmp_path):
    folder = link_bundled(tmp_path / "mnist", [TRAIN_IMAGES, TEST_IMAGES, TEST_LABELS])
    raw = bytearray(gzip.decompress((data.BUNDLED_DIR / TRAIN_LABELS).read_bytes()))
    raw[8] = 3  # change the first label from 5 to 3: still a well-formed file
    (folder / TRAIN_LABELS).write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(DataError) as info:
        load_mnist(folder)
    message = str(info.value)
    assert str(folder / TRAIN_LABELS) in message and "checksum mismatch" in message
    assert data.FILES[TRAIN_LABELS][2] in message


def test_missing_file_message(tmp_path):
    with pytest.raises(DataError) as info:
        load_mnist(tmp_path)
    message = str(info.value)
    assert str(tmp_path / TRAIN_IMAGES) in message and "not found" in message
    assert "download=True" in message and "MNIST_DIR" in message


def test_mnist_dir_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(link_bundled(tmp_path / "copy")))
    assert load_mnist(subset=10).train.y.tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("MNIST_DIR", str(empty))
    with pytest.raises(DataError, match="MNIST_DIR") as info:
        load_mnist()
    assert str(empty / TRAIN_IMAGES) in str(info.value)


# ---------------------------------------------------------------- downloads (local server only)

@pytest.fixture
def server(tmp_path):
    """Serve tmp_path/www on 127.0.0.1 at a free port; yields (root folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


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
    assert "404" in message
    assert list(dest.iterdir()) == []


def test_download_rejects_unknown_file_names(tmp_path):
    with pytest.raises(ValueError, match="unknown MNIST file"):
        download_mnist(tmp_path, base_urls=["http://127.0.0.1:9/"], files=["digits.bin.gz"])
