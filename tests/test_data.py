"""Tests for mlp_core.data and mlp_core.idx: the bundled MNIST copy, one_hot, the IDX parser's error
messages and the faults of the data folder (downloads: test_download.py)."""

import gzip
import hashlib
import os
import pathlib
import struct

import numpy as np
import pytest

from mlp_core import data
from mlp_core.data import MNIST, Split, clear_cache, load_mnist, one_hot, read_idx
from mlp_core.errors import DataError, InputError

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


@pytest.mark.parametrize("how", ["argument", "environment", "bundled"])
def test_missing_file_message_says_where_it_looked_and_why(tmp_path, monkeypatch, how):
    source = {"argument": "the data_dir argument", "environment": "the MNIST_DIR environment variable",
              "bundled": "the project's bundled copy"}[how]
    if how == "environment":
        monkeypatch.setenv("MNIST_DIR", str(tmp_path))
    if how == "bundled":
        monkeypatch.setattr(data, "BUNDLED_DIR", tmp_path)
    with pytest.raises(DataError) as info:
        load_mnist(tmp_path if how == "argument" else None)
    assert str(info.value) == (
        f"{tmp_path / TRAIN_IMAGES}: MNIST file not found (looked in {tmp_path}, chosen by {source}). "
        "Pass download=True to load_mnist to fetch it from a public mirror, or set MNIST_DIR to a folder "
        "holding the four MNIST .gz files.")


def test_each_file_is_checked_against_its_expected_item_count(tmp_path, monkeypatch):
    folder = link_bundled(tmp_path / "mnist")
    magic, count, sha = data.FILES[TEST_LABELS]
    monkeypatch.setitem(data.FILES, TEST_LABELS, (magic, 9999, sha))
    clear_cache()                       # the linked file is the cached bundled one
    with pytest.raises(DataError) as info:
        load_mnist(folder)
    assert str(info.value) == f"{folder / TEST_LABELS}: wrong item count: expected 9999, found 10000"


def test_mnist_dir_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DIR", str(link_bundled(tmp_path / "copy")))
    assert load_mnist(subset=10).train.y.tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("MNIST_DIR", str(empty))
    with pytest.raises(DataError, match="MNIST_DIR") as info:
        load_mnist()
    assert str(empty / TRAIN_IMAGES) in str(info.value)


def test_bad_arguments_are_input_errors():
    with pytest.raises(InputError, match="subset must be an integer from 1 to 60000, got 60001"):
        load_mnist(subset=60001)
    with pytest.raises(InputError, match="validation must be an integer from 0 to 99, got 100"):
        load_mnist(subset=100, validation=100)
    with pytest.raises(InputError, match="floating dtype, np.float32 or np.float64, got int32"):
        load_mnist(dtype=np.int32)
    assert load_mnist(normalize=False, dtype=np.int32, subset=1).train.X.dtype == np.uint8


# ---------------------------------------------------------------- one_hot validates its input

@pytest.mark.parametrize("labels, n_classes, message", [
    ([0, 10], 10, "labels must lie in 0..9, found values from 0 to 10"),
    ([-1, 3], 10, "labels must lie in 0..9, found values from -1 to 3"),
    ([3], 3, "labels must lie in 0..2, found values from 3 to 3"),
    ([1.0, 2.0], 10, "labels must be integers from 0 to 9, got dtype float64"),
    ([True, False], 4, "labels must be integers from 0 to 3, got dtype bool"),
    ([[1]], 10, "labels must be a 1-D array of shape (m,), got shape (1, 1)"),
    (["3"], 10, "labels must be integers from 0 to 9, got dtype <U1"),
    ([1], 0, "n_classes must be an integer from 1 to 9223372036854775807, got 0"),
    ([1], 2.5, "n_classes must be an integer from 1 to 9223372036854775807, got 2.5 (float)"),
])
def test_one_hot_rejects_bad_labels_with_an_input_error(labels, n_classes, message):
    with pytest.raises(InputError) as info:
        one_hot(labels, n_classes)
    assert str(info.value) == message


def test_one_hot_largest_and_smallest_label_and_dtype():
    out = one_hot(np.array([0, 2, 2], np.int16), n_classes=3, dtype=np.float32)
    assert out.dtype == np.float32 and out.tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 1]]
    assert one_hot([0], n_classes=1).tolist() == [[1.0]]
    assert one_hot(np.array([], np.int64), 4).shape == (0, 4)


# ---------------------------------------------------------------- faults of the files and folders

def test_unreadable_file_names_the_cause_first(tmp_path, monkeypatch):
    f = write_idx(tmp_path / "labels.gz", 2049, (1,), b"\1")
    real = pathlib.Path.read_bytes

    def denied(self):
        if self == f:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    with pytest.raises(DataError) as info:
        read_idx(f, 2049)
    assert str(info.value) == f"{f}: permission denied: the file cannot be read"
    assert "gzip" not in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_on_disk(tmp_path):
    folder = link_bundled(tmp_path / "mnist", [TRAIN_IMAGES, TEST_IMAGES, TEST_LABELS])
    (folder / TRAIN_LABELS).write_bytes((data.BUNDLED_DIR / TRAIN_LABELS).read_bytes())
    (folder / TRAIN_LABELS).chmod(0)
    with pytest.raises(DataError, match="permission denied"):
        load_mnist(folder)


def test_other_os_errors_are_data_errors(tmp_path, monkeypatch):
    f = tmp_path / "x.gz"
    f.write_bytes(b"")
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: (_ for _ in ()).throw(
        OSError(5, "Input/output error")))
    with pytest.raises(DataError, match=r"x.gz: the file cannot be read \(Input/output error\)"):
        read_idx(f, 2049)


def test_a_folder_where_a_data_file_should_be(tmp_path):
    folder = link_bundled(tmp_path / "mnist", [TRAIN_IMAGES, TEST_IMAGES, TEST_LABELS])
    (folder / TRAIN_LABELS).mkdir()
    with pytest.raises(DataError) as info:
        load_mnist(folder)
    assert str(info.value) == f"{folder / TRAIN_LABELS}: is a folder, expected a gzip'd IDX file"
    with pytest.raises(DataError) as info:       # no mirror is tried for a folder
        load_mnist(folder, download=True)
    assert str(info.value) == (f"{folder / TRAIN_LABELS}: is a folder where the MNIST file {TRAIN_LABELS} "
                               "should be; remove or rename it")
    with pytest.raises(DataError, match="is a folder"):
        read_idx(folder / TRAIN_LABELS, 2049)


def test_data_dir_that_is_a_file(tmp_path):
    f = tmp_path / "mnist.gz"
    f.write_bytes(b"")
    with pytest.raises(DataError) as info:
        load_mnist(f)
    assert str(info.value).startswith(f"{f}: is a file, expected the folder holding the four MNIST")
    assert "chosen by the data_dir argument" in str(info.value)


def test_load_removes_partial_files_of_dead_runs_only(tmp_path, alive_pid):
    folder = link_bundled(tmp_path / "mnist")
    dead = folder / f".{TRAIN_IMAGES}.999999999-abc_1.part"
    alive = folder / f".{TRAIN_IMAGES}.{alive_pid}-xyz.part"
    mine = folder / f".{TEST_LABELS}.{os.getpid()}-q.part"
    other = folder / ".notes.part"
    for f in (dead, alive, mine, other):
        f.write_bytes(b"partial")
    assert load_mnist(folder, subset=1).train.y.tolist() == [5]
    assert not dead.exists() and alive.exists() and mine.exists() and other.exists()


def test_public_names_stay_importable_from_data_and_the_package():
    import mlp_core
    from mlp_core import download, idx

    for name in ("MNIST", "Split", "download_mnist", "load_mnist", "one_hot", "read_idx", "clear_cache",
                 "MIRRORS", "FILES", "BUNDLED_DIR", "IMAGES_MAGIC", "LABELS_MAGIC", "N_CLASSES"):
        assert hasattr(data, name) and name in data.__all__
    for name in ("MNIST", "Split", "download_mnist", "load_mnist", "one_hot"):
        assert getattr(mlp_core, name) is getattr(data, name)
    assert data.read_idx is idx.read_idx and data.download_mnist is download.download_mnist
    assert data.MIRRORS is download.MIRRORS and data.FILES is idx.FILES


@pytest.mark.parametrize("raw, message", [
    (b"\0\0\x08", "too short to hold an IDX header (3 bytes)"),
    (struct.pack(">i", 2049), "truncated header: expected 8 bytes, found 4"),
    (struct.pack(">ii", 2049, 3) + b"\1\2\3\4", "1 unexpected bytes after the data (header (3,) promises 3)"),
    (struct.pack(">ii", 2049, 5) + b"\1\2", "truncated data: header (5,) promises 5 bytes, found only 2"),
    (b"\x80\0\x08\x01" + bytes(4), "wrong magic number: expected 2049, found -2147481599"),
])
def test_read_idx_header_faults_exact_messages(tmp_path, raw, message):
    f = tmp_path / "labels.gz"
    f.write_bytes(gzip.compress(raw))
    with pytest.raises(DataError) as info:
        read_idx(f, 2049)
    assert str(info.value) == f"{f}: {message}"


def test_read_idx_empty_label_file(tmp_path):
    f = write_idx(tmp_path / "none.gz", 2049, (0,), b"")
    a = read_idx(f, 2049, expected_count=0)
    assert a.shape == (0,) and a.dtype == np.uint8


@pytest.mark.parametrize("dtype,pattern", [("bogus", r"^dtype must be a numpy dtype such as np.float32, got 'bogus'$"),
                                           (np.float16, r"np.float32 or np.float64, got float16$")])
def test_a_bogus_dtype_is_an_input_error(dtype, pattern):
    with pytest.raises(InputError, match=pattern):
        load_mnist(dtype=dtype)


def test_a_named_pipe_in_place_of_an_mnist_file_is_refused_without_blocking(tmp_path):
    import threading
    for name in data.FILES:
        os.mkfifo(tmp_path / name)
    outcome = []

    def run():
        try:
            load_mnist(tmp_path)
        except Exception as e:          # the error the test checks
            outcome.append(e)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        for name in data.FILES:
            os.close(os.open(tmp_path / name, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("load_mnist blocked on a named pipe")
    assert isinstance(outcome[0], DataError)
    message = str(outcome[0])
    assert message.startswith(f"{tmp_path}/") and "is not a regular file (a named pipe or a device)" in message
