"""Model files: save_network refuses what load_network would refuse, and loading refuses foreign,
damaged or dangerous archives with one ModelFileError (or InputError for the argument) naming the
file, never hanging or running out of memory."""
import os
import zipfile
import zlib

import numpy as np
import pytest
from numpy.lib import format as npy

from mlp_core import InputError, ModelFileError, Network, load_network, save_network


def test_save_refuses_a_transposed_weight_and_keeps_the_good_file(tmp_path):
    net = Network([4, 3, 2], seed=1)
    path = save_network(net, tmp_path / "m.npz")
    before = path.read_bytes()
    net.W[1] = net.W[1].T
    with pytest.raises(ModelFileError, match=r"m.npz: not saved: W1 has shape \(4, 3\) and dtype float64; "
                                             r"expected float32 or float64 of shape \(3, 4\)"):
        save_network(net, path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_save_refuses_nan_and_inf_parameters(tmp_path, bad):
    net = Network([4, 3, 2])
    net.b[2][1] = bad
    with pytest.raises(ModelFileError, match=rf"not saved: b2 holds {bad} at index \(1,\); "
                                             r"a model's parameters must be finite"):
        save_network(net, tmp_path / "m.npz")
    assert not (tmp_path / "m.npz").exists()


def test_load_refuses_nan_parameters(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    arrays = dict(np.load(path))
    arrays["W1"] = arrays["W1"].copy()
    arrays["W1"][0, 1] = np.nan
    np.savez(path, **arrays)
    with pytest.raises(ModelFileError, match=rf"^{path}: W1 holds nan at index \(0, 1\)"):
        load_network(path)


def test_save_to_a_folder_name_with_a_slash_is_refused(tmp_path):
    target = str(tmp_path / "runs") + "/"
    with pytest.raises(ModelFileError, match=r"runs/: is a folder; cannot write the model file there "
                                             r"\(give a file name"):
        save_network(Network([3, 2]), target)
    assert not (tmp_path / "runs.npz").exists()


def test_save_under_a_file_names_the_file_in_the_way(tmp_path):
    (tmp_path / "notes").write_text("mine")
    with pytest.raises(ModelFileError, match=rf"cannot write the model file: {tmp_path / 'notes'} "
                                             r"is a file, not a folder"):
        save_network(Network([3, 2]), tmp_path / "notes" / "sub" / "m.npz")
    assert (tmp_path / "notes").read_text() == "mine"


@pytest.mark.parametrize("path,pattern", [
    ("", r"^load_network path must be a file path, got an empty path ''$"),
    ("m\0.npz", r"^load_network path must be a file path without NUL characters"),
    ("m" * 300, r"^load_network path has a file or folder name of 300 bytes"),
])
def test_load_refuses_impossible_paths(path, pattern):
    with pytest.raises(InputError, match=pattern):
        load_network(path)


def finishes(fn, fifo, seconds=20):
    """Run fn() in a daemon thread; return what it raised, or fail if it blocks (then unblock the pipe)."""
    import threading
    outcome = []

    def run():
        try:
            fn()
        except Exception as e:        # the error to be checked by the test
            outcome.append(e)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))     # lets the blocked open() return
        pytest.fail(f"blocked on the named pipe {fifo}")
    return outcome[0] if outcome else None


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "m.npz"
    os.mkfifo(fifo)
    error = finishes(lambda: load_network(fifo), fifo)
    assert isinstance(error, ModelFileError)
    assert str(error) == (f"{fifo}: is not a regular file (a named pipe or a device), expected an .npz model "
                          "file written by save_network")


def test_expect_sizes_as_a_string_is_refused(tmp_path):
    path = save_network(Network([784, 16, 10]), tmp_path / "m.npz")
    with pytest.raises(InputError, match=r"^load_network: expect_sizes must be a list of layer sizes "
                                         r".* got '784,16,10'$"):
        load_network(path, expect_sizes="784,16,10")
    assert load_network(path, expect_sizes=(784, 16, 10)).sizes == [784, 16, 10]


def rewrite(path, members, **options):
    """Write the archive anew with members [(name, bytes)], keyword options for ZipFile.writestr."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data, **options)


def members(path):
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def test_a_duplicated_member_is_refused(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    parts = members(path)
    other = save_network(Network([3, 2], seed=5), tmp_path / "o.npz")
    with pytest.warns(UserWarning, match="Duplicate name"):
        rewrite(path, parts + [p for p in members(other) if p[0] == "W1.npy"])
    with pytest.raises(ModelFileError, match=r"member 'W1.npy' appears twice"):
        load_network(path)


def test_a_member_compressed_by_another_method_is_refused(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    rewrite(path, members(path), compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(ModelFileError, match=r"member 'format.npy' is compressed with zip method 12; a model file's "
                                             r"members are stored or deflate"):
        load_network(path)


def test_an_encrypted_member_is_refused(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    for info in infos:                                   # set the 'encrypted' flag bit everywhere
        raw[info.header_offset + 6] |= 1
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        raw[central + 8] |= 1
        central = raw.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError, match=r"member 'format.npy' is encrypted"):
        load_network(path)


def test_an_archive_larger_than_memory_is_refused_before_reading(tmp_path, monkeypatch):
    import mlp_core.model_archive as archive
    import mlp_core.model_file as model_file
    path = save_network(Network([30, 20]), tmp_path / "m.npz")
    monkeypatch.setattr(archive, "free_memory", lambda: 1000)
    with pytest.raises(ModelFileError, match=r"its arrays would take 0.0 GiB, more than the 0.0 GiB of memory free"):
        load_network(path)
    monkeypatch.setattr(archive, "free_memory", lambda: None)
    monkeypatch.setattr(model_file, "free_memory", lambda: 1000)
    with pytest.raises(ModelFileError, match=r"the network \[30, 20\] needs 0.0 GiB to load"):
        load_network(path)


@pytest.mark.parametrize("compressed", [False, True])
def test_a_damaged_bias_of_a_large_layer_names_the_file(tmp_path, compressed):
    path = save_network(Network([2, 40000]), tmp_path / "m.npz")
    parts = members(path)
    rewrite(path, parts, compress_type=zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("b1.npy")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + info.compress_size // 2, start + info.compress_size // 2 + 64):
        raw[k] ^= 0x55
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError) as error:
        load_network(path)
    assert str(error.value).startswith(f"{path}: array b1 is damaged: ")


def test_save_names_its_path_argument():
    with pytest.raises(InputError, match=r"^save_network path must be a file path, got an empty path ''$"):
        save_network(Network([3, 2]), "")


def test_a_folder_path_gets_a_file_name_to_use_instead(tmp_path):
    (tmp_path / "runs").mkdir()
    with pytest.raises(ModelFileError) as error:
        save_network(Network([3, 2]), tmp_path / "runs")
    assert str(error.value) == (f"{tmp_path / 'runs'}: is a folder; cannot write the model file there "
                                f"(give a file name such as {tmp_path}{os.sep}runs{os.sep}model.npz)")


@pytest.mark.parametrize("end", ["/", "\\"])
def test_a_name_ending_in_either_separator_is_a_folder_where_the_separator_is_a_backslash(tmp_path, monkeypatch,
                                                                                           end):
    monkeypatch.setattr(os, "sep", "\\")                  # as on Windows, where '/' separates folders too
    with pytest.raises(ModelFileError, match=r"is a folder; cannot write the model file there"):
        save_network(Network([3, 2]), str(tmp_path / "runs") + end)
    assert list(tmp_path.iterdir()) == []


def written_with(tmp_path, key, value):
    """A saved 3-2 network's file with the array `key` replaced by value."""
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    arrays = dict(np.load(path))
    arrays[key] = value
    np.savez(path, **arrays)
    return path


def test_a_setting_is_read_up_to_256_characters(tmp_path):
    path = written_with(tmp_path, "activation", np.array("x" * 256))
    with pytest.raises(ModelFileError, match=rf"^{path}: unknown activation 'x{{256}}'; choose one of"):
        load_network(path)
    path = written_with(tmp_path, "activation", np.array("x" * 257))
    with pytest.raises(ModelFileError, match=rf"^{path}: activation has shape \(\) and dtype <U257; "
                                             r"expected one string$"):
        load_network(path)


def test_sizes_are_read_up_to_10000_layers(tmp_path):
    path = written_with(tmp_path, "sizes", np.ones(10_000, np.int64))     # passes, then W1 is not 1 x 1
    with pytest.raises(ModelFileError, match=rf"^{path}: W1 has shape \(2, 3\) and dtype float64; "
                                             r"expected float32 or float64 of shape \(1, 1\)$"):
        load_network(path)
    path = written_with(tmp_path, "sizes", np.ones(10_001, np.int64))
    with pytest.raises(ModelFileError, match=rf"^{path}: sizes has shape \(10001,\) and dtype int64; "):
        load_network(path)


def test_sizes_are_stored_as_int64_on_every_platform(tmp_path):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    with np.load(path) as f:
        assert f["sizes"].dtype == np.dtype("<i8") and f["sizes"].tolist() == [3, 2]


def with_free_memory(monkeypatch, n_bytes):
    import mlp_core.model_archive as archive
    import mlp_core.model_file as model_file
    for module in (archive, model_file):
        monkeypatch.setattr(module, "free_memory", lambda: n_bytes)


def test_a_network_that_needs_exactly_the_free_memory_loads(tmp_path, monkeypatch):
    net = Network([30, 20], seed=3)
    path = save_network(net, tmp_path / "m.npz")
    needed = 2 * (20 * 30 + 20) * 8             # W1 and b1 in float64, read and then copied into the network
    with_free_memory(monkeypatch, needed)
    np.testing.assert_array_equal(load_network(path).W[1], net.W[1])
    with_free_memory(monkeypatch, needed - 1)
    with pytest.raises(ModelFileError, match=rf"^{path}: the network \[30, 20\] needs 0.0 GiB to load"):
        load_network(path)


def test_the_memory_refusal_gives_both_figures_in_gib(tmp_path, monkeypatch):
    """A file of 0.15 GiB (compressed to under 1 MB) fits in 0.2 GiB, but loading reads it and copies it."""
    path = written_with(tmp_path, "sizes", np.array([1000, 20000]))
    arrays = dict(np.load(path))
    arrays["b1"] = np.zeros(20000)
    del arrays["W1"]
    np.savez(path, **arrays)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("W1.npy", "w") as f:
        npy.write_array_header_1_0(f, dict(descr="<f8", fortran_order=False, shape=(20000, 1000)))
        left = 20000 * 1000 * 8
        while left:
            f.write(bytes(min(left, 2**20)))
            left -= min(left, 2**20)
    with_free_memory(monkeypatch, 2**30 // 5)
    # 2 copies x (20000 * 1000 + 20000) numbers x 8 bytes = 320 320 000 bytes = 0.298 GiB
    with pytest.raises(ModelFileError, match=rf"^{path}: the network \[1000, 20000\] needs 0.3 GiB to load, "
                                             r"more than the 0.2 GiB of memory free$"):
        load_network(path)


class PaddedDeflate:
    """A deflate compressor that puts 5 kB of empty blocks before a member's last byte, so that reading the
    member's header (4 kB at a time) does not reach its end, where the CRC-32 is checked."""

    def __init__(self):
        self.z = zlib.compressobj(6, zlib.DEFLATED, -15)

    def compress(self, data):
        return (self.z.compress(data[:-1]) + self.z.flush(zlib.Z_SYNC_FLUSH) + b"\0\0\0\xff\xff" * 1000
                + self.z.compress(data[-1:]))

    def flush(self):
        return self.z.flush()


@pytest.mark.parametrize("member", ["format", "sizes"])
def test_a_fault_found_only_when_reading_a_setting_names_the_file(tmp_path, monkeypatch, member):
    path = save_network(Network([3, 2]), tmp_path / "m.npz")
    parts = members(path)
    with monkeypatch.context() as patch:
        patch.setattr(zipfile, "_get_compressor", lambda method, level=None: method and PaddedDeflate())
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts:
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if name == member + ".npy" else None)
    raw = bytearray(path.read_bytes())
    entry = raw.find(b"PK\1\2")                                           # the central directory
    while raw[entry + 46:entry + 46 + len(member) + 4] != (member + ".npy").encode():
        entry = raw.find(b"PK\1\2", entry + 4)
    raw[entry + 16] ^= 1                                                  # its CRC-32 no longer matches
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError, match=rf"^{path}: array {member} is damaged: Bad CRC-32 for file "):
        load_network(path)
