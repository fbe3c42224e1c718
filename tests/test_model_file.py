import numpy as np
import pytest

from mlp_core import ModelFileError, Network, load_network, save_network


def test_round_trip_keeps_everything(tmp_path):
    net = Network([6, 5, 4, 3], activation="tanh", loss="quadratic", output_activation="sigmoid", seed=4,
                  dtype=np.float32)
    path = save_network(net, tmp_path / "m")
    assert path.name == "m.npz"
    back = load_network(path, expect_sizes=[6, 5, 4, 3])
    assert (back.sizes, back.activation, back.loss, back.output_activation) == \
        ([6, 5, 4, 3], "tanh", "quadratic", "sigmoid")
    for p, q in zip(net.params, back.params):
        assert q.dtype == np.float32
        np.testing.assert_array_equal(p, q)
    X = np.random.default_rng(0).random((6, 3)).astype(np.float32)
    np.testing.assert_array_equal(net.output(X), back.output(X))


def test_file_holds_no_pickled_objects(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)


def test_errors_name_the_file_and_fault(tmp_path):
    with pytest.raises(ModelFileError, match="no such model file"):
        load_network(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ModelFileError, match="junk.npz: not an .npz model file"):
        load_network(junk)
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match=r"sizes \[3, 2\], expected \[784, 10\]"):
        load_network(path, expect_sizes=[784, 10])
    arrays = dict(np.load(path))
    arrays["W1"] = np.zeros((3, 2))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match=r"W1 has shape \(3, 2\).*\(2, 3\)"):
        load_network(tmp_path / "bad.npz")
    del arrays["b1"]
    arrays["W1"] = np.zeros((2, 3))
    np.savez(tmp_path / "nob.npz", **arrays)
    with pytest.raises(ModelFileError, match="b1 is missing"):
        load_network(tmp_path / "nob.npz")
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    with pytest.raises(ModelFileError, match="missing format"):
        load_network(tmp_path / "other.npz")
    arrays["b1"], arrays["activation"] = np.zeros(2), np.array("swish")
    np.savez(tmp_path / "act.npz", **arrays)
    with pytest.raises(ModelFileError, match="unknown activation 'swish'"):
        load_network(tmp_path / "act.npz")


# ---------------------------------------------------------------- damaged and foreign files

import io
import os
import signal
import subprocess
import sys
import textwrap
import zipfile

from numpy.lib import format as npy

from mlp_core import model_file


def saved(tmp_path, sizes=(3, 2), name="m.npz"):
    return save_network(Network(list(sizes), seed=1), tmp_path / name)


def npy_bytes(header, data=b""):
    """The bytes of a .npy member with this header dict and these data bytes."""
    buf = io.BytesIO()
    npy.write_array_header_1_0(buf, header)
    return buf.getvalue() + data


def expect_error(path, *words):
    with pytest.raises(ModelFileError) as info:
        load_network(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    return message


def test_truncated_file(tmp_path):
    path = saved(tmp_path)
    path.write_bytes(path.read_bytes()[:-30])
    expect_error(path, "not a readable .npz model file", "truncated or damaged")


def test_corrupted_array_bytes_fail_the_checksum(tmp_path):
    path = saved(tmp_path, (30, 20))
    raw = bytearray(path.read_bytes())
    start = raw.index(b"W1.npy") + 200               # inside W1's data
    raw[start:start + 8] = bytes(8) if raw[start:start + 8] != bytes(8) else b"\1" * 8
    path.write_bytes(bytes(raw))
    expect_error(path, "array W1 is damaged", "CRC")


def test_npy_text_and_empty_files_are_named_for_what_they_are(tmp_path):
    np.save(tmp_path / "w.npy", np.zeros(3))
    expect_error(tmp_path / "w.npy", "a single .npy array, not an .npz model file")
    text = tmp_path / "notes.npz"
    text.write_text("these are my notes\n")
    message = expect_error(text, "not an .npz model file", "zip archive", "b'these '")
    assert "pickle" not in message
    (tmp_path / "empty.npz").write_bytes(b"")
    expect_error(tmp_path / "empty.npz", "not an .npz model file", "b''")
    (tmp_path / "folder.npz").mkdir()
    expect_error(tmp_path / "folder.npz", "is a folder, expected an .npz model file")


def test_unreadable_file(tmp_path, monkeypatch):
    path = saved(tmp_path)
    real_open = open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    expect_error(path, "the model file cannot be read (Permission denied)")


def test_member_that_is_not_npy(tmp_path):
    path = tmp_path / "extra.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert expect_error(path) == (f"{path}: member 'readme.txt' is not a .npy array; "
                                  "was it written by save_network?")


def test_member_with_a_bad_npy_header(tmp_path):
    path = tmp_path / "bad.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("W1.npy", b"\x93NUMPY\x01\x00garbage")
    expect_error(path, "array W1 is damaged")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("W1.npy", b"\x93NUMPY\x03\x00" + bytes(20))
    expect_error(path, "array W1 is damaged", "version (3, 0) is not supported")


def test_pickled_member_is_refused_without_advice_to_unpickle(tmp_path):
    arrays = dict(np.load(saved(tmp_path)))
    arrays["b1"] = np.array([{"a": 1}], dtype=object)
    np.savez(tmp_path / "obj.npz", **arrays)
    message = expect_error(tmp_path / "obj.npz")
    assert message == (f"{tmp_path / 'obj.npz'}: array b1 is damaged: it holds Python objects (pickled "
                       "data); a model file holds plain numbers only")


@pytest.mark.parametrize("key, value, words", [
    ("sizes", np.array(["3", "2"]), ["sizes has shape (2,) and dtype <U1; expected integers"]),
    ("sizes", np.array([[3, 2]]), ["sizes has shape (1, 2)"]),
    ("sizes", np.array([3.0, 2.0]), ["dtype float64"]),
    ("sizes", np.array([3]), ["sizes [3]; expected at least two positive layer sizes"]),
    ("sizes", np.array([3, 0]), ["sizes [3, 0]"]),
    ("activation", np.array(["sigmoid", "tanh"]), ["activation has shape (2,)", "expected one string"]),
    ("loss", np.array(3), ["loss has shape () and dtype int64"]),
    ("format", np.array("other-format"), ["format 'other-format', expected 'mlp_core-network-1'"]),
    ("W1", np.zeros((2, 3), np.int64), ["W1 has shape (2, 3) and dtype int64; expected float"]),
    ("b1", np.zeros((2, 1)), ["b1 has shape (2, 1)", "expected float32 or float64 of shape (2,)"]),
    ("loss", np.array("hinge"), ["hinge"]),
])
def test_wrong_kinds_and_shapes(tmp_path, key, value, words):
    arrays = dict(np.load(saved(tmp_path)))
    arrays[key] = value
    np.savez(tmp_path / "x.npz", **arrays)
    expect_error(tmp_path / "x.npz", *words)


def test_missing_settings_are_all_named(tmp_path):
    arrays = dict(np.load(saved(tmp_path)))
    for key in ("loss", "sizes"):
        del arrays[key]
    np.savez(tmp_path / "x.npz", **arrays)
    expect_error(tmp_path / "x.npz", "missing sizes, loss; was it written by save_network?")


def test_a_header_that_promises_more_than_the_file_holds_is_refused_before_reading(tmp_path):
    arrays = dict(np.load(saved(tmp_path)))
    arrays["sizes"] = np.array([100000, 100000])
    del arrays["W1"]
    path = tmp_path / "huge.npz"
    np.savez(path, **arrays)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("W1.npy", npy_bytes(dict(descr="<f8", fortran_order=False, shape=(100000, 100000)),
                                        bytes(64)))
    assert path.stat().st_size < 5000
    expect_error(path, "array W1 is damaged", "promises shape (100000, 100000)", "80000000000 bytes",
                 "holds 64 bytes")


def test_shapes_are_checked_against_sizes_before_any_array_is_read(tmp_path, monkeypatch):
    arrays = dict(np.load(saved(tmp_path)))
    arrays["W1"] = np.zeros((2, 4))
    np.savez(tmp_path / "x.npz", **arrays)
    read = []
    real = npy.read_array
    monkeypatch.setattr(npy, "read_array", lambda f, **k: read.append(f.name) or real(f, **k))
    expect_error(tmp_path / "x.npz", "W1 has shape (2, 4)")
    assert "W1.npy" not in read and "b1.npy" not in read


# ---------------------------------------------------------------- names and atomic saving

def test_load_finds_the_name_save_wrote(tmp_path):
    net = Network([4, 3], seed=2)
    assert save_network(net, tmp_path / "m") == tmp_path / "m.npz"
    np.testing.assert_array_equal(load_network(tmp_path / "m").W[1], net.W[1])
    np.testing.assert_array_equal(load_network(str(tmp_path / "m")).W[1], net.W[1])
    expect_error(tmp_path / "other", "no such model file")


def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    old = Network([3, 2], seed=1)
    path = save_network(old, tmp_path / "model.npz")

    def half_written(file, **arrays):
        file.write(b"PK\3\4 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(model_file.np, "savez", half_written)
    with pytest.raises(ModelFileError, match=r"model.npz: cannot write the model file \(No space left"):
        save_network(Network([3, 2], seed=9), path)
    np.testing.assert_array_equal(load_network(path).W[1], old.W[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_save_faults_are_model_file_errors(tmp_path):
    (tmp_path / "dir.npz").mkdir()
    with pytest.raises(ModelFileError, match="dir.npz: is a folder; cannot write"):
        save_network(Network([3, 2]), tmp_path / "dir.npz")
    (tmp_path / "file").write_text("")
    with pytest.raises(ModelFileError, match="m.npz: cannot write the model file"):
        save_network(Network([3, 2]), tmp_path / "file" / "m.npz")


def test_saved_file_has_the_usual_permissions(tmp_path):
    path = saved(tmp_path)
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_save_killed_midway_leaves_a_loadable_file(tmp_path):
    path = tmp_path / "model.npz"
    script = textwrap.dedent(f"""
        import sys
        from mlp_core import Network, save_network
        net = Network([784, 1000, 10])
        for i in range(10 ** 6):
            net.b[1][0] = i
            save_network(net, {str(path)!r})
            if i == 0:
                print("saved", flush=True)
    """)
    for attempt in range(3):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": os.getcwd()})
        assert child.stdout.readline() == "saved\n"
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        net = load_network(path, expect_sizes=[784, 1000, 10])
        assert net.b[1][0] >= 0
    save_network(Network([3, 2]), path)            # the next save removes the dead runs' partial files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def damage(path, member):
    """Flip the last data byte of one member of the archive, so that its CRC-32 no longer matches."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member + ".npy")
    name_len, extra_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    last = info.header_offset + 30 + name_len + extra_len + info.compress_size - 1
    raw[last] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("member", ["sizes", "loss", "W2", "b2"])
def test_a_damaged_member_is_named_with_the_file(tmp_path, member):
    path = saved(tmp_path, (4, 3, 2))
    damage(path, member)
    expect_error(path, f"array {member} is damaged", "CRC")


def test_missing_setting_is_named_once(tmp_path):
    arrays = dict(np.load(saved(tmp_path)))
    del arrays["activation"]
    np.savez(tmp_path / "x.npz", **arrays)
    assert expect_error(tmp_path / "x.npz") == (f"{tmp_path / 'x.npz'}: missing activation; "
                                                "was it written by save_network?")


def test_sizes_message_uses_the_notation(tmp_path):
    arrays = dict(np.load(saved(tmp_path)))
    arrays["sizes"] = np.array([3.0, 2.0])
    np.savez(tmp_path / "x.npz", **arrays)
    assert expect_error(tmp_path / "x.npz") == (f"{tmp_path / 'x.npz'}: sizes has shape (2,) and dtype "
                                                "float64; expected integers n[0], ..., n[L]")


def test_layers_of_one_neuron_and_unsigned_sizes_load(tmp_path):
    net = Network([1, 1], loss="quadratic", seed=3)
    path = save_network(net, tmp_path / "one.npz")
    assert load_network(path).sizes == [1, 1]
    arrays = dict(np.load(path))
    arrays["sizes"] = arrays["sizes"].astype(np.uint16)
    np.savez(tmp_path / "u.npz", **arrays)
    back = load_network(tmp_path / "u.npz")
    assert back.sizes == [1, 1] and back.W[1][0, 0] == net.W[1][0, 0]


def test_arrays_in_npy_format_version_2_load(tmp_path):
    net = Network([3, 2], seed=5)
    path = save_network(net, tmp_path / "m.npz")
    arrays = dict(np.load(path))
    with zipfile.ZipFile(tmp_path / "v2.npz", "w") as zf:
        for key, value in arrays.items():
            with zf.open(key + ".npy", "w") as f:
                npy.write_array(f, value, version=(2, 0) if key == "W1" else (1, 0))
    with zipfile.ZipFile(tmp_path / "v2.npz") as zf, zf.open("W1.npy") as f:
        assert npy.read_magic(f) == (2, 0)
    np.testing.assert_array_equal(load_network(tmp_path / "v2.npz").W[1], net.W[1])


def test_save_creates_missing_folders(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "a" / "b" / "m.npz")
    assert path == tmp_path / "a" / "b" / "m.npz" and load_network(path).sizes == [3, 2]
