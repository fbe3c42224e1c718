"""The memory check of load_network before any array is read: the free memory the system reports
(available pages, else physical pages, times the page size), the boundary at exactly enough memory,
both figures of the refusal in GiB, and a model file that cannot be opened for reading."""
import builtins
import errno
import os
import zipfile

import numpy as np
import pytest

import mlp_core.model_archive as archive
import mlp_core.model_file as model_file
from mlp_core import ModelFileError, Network, load_network, save_network

PAGE = 4096


def system_reporting(monkeypatch, **pages):
    """Stand in for os.sysconf: the page size and the page counts given; any other name is unknown
    (ValueError, as os.sysconf raises for a name the system does not define)."""
    values = dict(pages, SC_PAGE_SIZE=PAGE)

    def sysconf(name):
        if name not in values:
            raise ValueError(f"unrecognized configuration name {name!r}")
        return values[name]
    monkeypatch.setattr(os, "sysconf", sysconf)


def saved(tmp_path):
    """A saved network and the bytes its arrays take unpacked (the members' uncompressed sizes)."""
    net = Network([30, 20], seed=1)
    path = save_network(net, tmp_path / "m.npz")
    with zipfile.ZipFile(path) as zf:
        return net, path, sum(info.file_size for info in zf.infolist())


def test_the_available_pages_are_the_free_memory(tmp_path, monkeypatch):
    """Available memory too small is refused even though the physical memory is ample."""
    net, path, total = saved(tmp_path)
    system_reporting(monkeypatch, SC_AVPHYS_PAGES=total // PAGE // 2, SC_PHYS_PAGES=2**20)
    with pytest.raises(ModelFileError, match=rf"^{path}: its arrays would take 0.0 GiB, more than the 0.0 GiB"):
        load_network(path)
    system_reporting(monkeypatch, SC_AVPHYS_PAGES=2**20, SC_PHYS_PAGES=1)
    np.testing.assert_array_equal(load_network(path).W[1], net.W[1])


def test_without_available_pages_the_physical_memory_is_used(tmp_path, monkeypatch):
    net, path, total = saved(tmp_path)
    system_reporting(monkeypatch, SC_PHYS_PAGES=total // PAGE // 2)
    with pytest.raises(ModelFileError, match=rf"^{path}: its arrays would take 0.0 GiB, more than the 0.0 GiB"):
        load_network(path)
    system_reporting(monkeypatch, SC_PHYS_PAGES=2**20)
    np.testing.assert_array_equal(load_network(path).W[1], net.W[1])


def test_a_system_that_reports_no_memory_figure_loads_without_the_check(tmp_path, monkeypatch):
    net, path, _ = saved(tmp_path)
    system_reporting(monkeypatch)
    np.testing.assert_array_equal(load_network(path).W[1], net.W[1])


def test_arrays_that_take_exactly_the_free_memory_pass_the_archive_check(tmp_path, monkeypatch):
    net, path, total = saved(tmp_path)
    monkeypatch.setattr(model_file, "free_memory", lambda: None)
    monkeypatch.setattr(archive, "free_memory", lambda: total)
    np.testing.assert_array_equal(load_network(path).W[1], net.W[1])
    monkeypatch.setattr(archive, "free_memory", lambda: total - 1)
    with pytest.raises(ModelFileError, match=rf"^{path}: its arrays would take 0.0 GiB, more than the 0.0 GiB "
                                             r"of memory free$"):
        load_network(path)


def test_the_archive_refusal_gives_both_figures_in_gib(tmp_path):
    """One member of 320 000 000 zero bytes (under 1 MB deflated) takes 320e6 / 2**30 = 0.298 GiB, shown
    as 0.3; the machine has 2**30 // 5 bytes free, 0.2 GiB. Refused before the member is read."""
    path = tmp_path / "big.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("W1.npy", "w", force_zip64=True) as f:
        for _ in range(320):
            f.write(bytes(10**6))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archive, "free_memory", lambda: 2**30 // 5)
        with pytest.raises(ModelFileError, match=rf"^{path}: its arrays would take 0.3 GiB, more than the "
                                                 r"0.2 GiB of memory free$"):
            load_network(path)


def test_a_model_file_that_cannot_be_opened_names_the_reason(tmp_path, monkeypatch):
    """The file exists (os.stat succeeds) but opening it fails, e.g. without read permission."""
    _, path, _ = saved(tmp_path)
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", refusing_open)
    with pytest.raises(ModelFileError) as error:
        load_network(path)
    assert str(error.value) == f"{path}: the model file cannot be read (Permission denied)"


@pytest.mark.skipif(os.name != "posix", reason="the system's reason for a file used as a folder")
def test_a_path_that_cannot_be_looked_up_names_the_reason(tmp_path):
    """os.stat fails for a reason other than a missing file: a model file used as a folder."""
    _, path, _ = saved(tmp_path)
    with pytest.raises(ModelFileError) as error:
        load_network(path / "m.npz")
    assert str(error.value) == f"{path / 'm.npz'}: the model file cannot be read ({os.strerror(errno.ENOTDIR)})"


@pytest.mark.skipif(os.name != "posix", reason="a symbolic link to itself")
def test_a_symbolic_link_loop_names_the_reason(tmp_path):
    loop = tmp_path / "loop.npz"
    os.symlink(loop, loop)
    with pytest.raises(ModelFileError) as error:
        load_network(loop)
    assert str(error.value) == f"{loop}: the model file cannot be read ({os.strerror(errno.ELOOP)})"
