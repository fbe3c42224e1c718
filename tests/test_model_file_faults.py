"""Model files: save_network refuses what load_network would refuse, and loading refuses foreign,
damaged or dangerous archives with one ModelFileError (or InputError for the argument) naming the
file, never hanging or running out of memory."""
import os
import zipfile

import numpy as np
import pytest

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
