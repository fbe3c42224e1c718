"""Tests for mlp_core.files: atomic writes and the removal of partial files left by killed runs."""
import os

import pytest

from mlp_core.files import atomic_write, remove_stale_partials

DEAD = 999999999          # larger than any process id the system hands out


def partial(folder, target, pid, tag="abc"):
    path = folder / f".{target}.{pid}-{tag}.part"
    path.write_bytes(b"half")
    return path


def test_only_partial_files_of_processes_that_are_gone_are_removed(tmp_path, alive_pid):
    dead = partial(tmp_path, "a.npz", DEAD)
    dead_b = partial(tmp_path, "b.npz", DEAD, "x_9")
    mine = partial(tmp_path, "a.npz", os.getpid())
    running = partial(tmp_path, "a.npz", alive_pid)
    others = [tmp_path / ".a.npz.part", tmp_path / f".a.npz.{DEAD}.part", tmp_path / f"a.npz.{DEAD}-abc.part",
              tmp_path / f".a.npz.{DEAD}-abc.partial", tmp_path / "notes.txt"]
    for path in others:
        path.write_bytes(b"")
    (tmp_path / f".c.npz.{DEAD}-dir.part").mkdir()          # cannot be unlinked: left alone
    assert remove_stale_partials(tmp_path, "a.npz") == [dead]
    assert dead_b.exists()
    assert remove_stale_partials(tmp_path) == [dead_b]
    assert mine.exists() and running.exists() and all(p.exists() for p in others)
    assert (tmp_path / f".c.npz.{DEAD}-dir.part").is_dir()
    assert remove_stale_partials(tmp_path / "missing") == []


def test_a_process_of_another_user_counts_as_running(tmp_path, monkeypatch):
    path = partial(tmp_path, "a.npz", DEAD)

    def not_allowed(pid, sig):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", not_allowed)
    assert remove_stale_partials(tmp_path) == [] and path.exists()


def test_atomic_write_renames_into_place_with_the_usual_permissions(tmp_path):
    dest = tmp_path / "out.bin"
    stale = partial(tmp_path, "out.bin", DEAD)
    with atomic_write(dest) as (f, part):
        assert part.parent == tmp_path and part.name.startswith(f".out.bin.{os.getpid()}-")
        assert part.name.endswith(".part") and part.exists() and not dest.exists()
        f.write(b"complete")
    assert dest.read_bytes() == b"complete" and not part.exists() and not stale.exists()
    mask = os.umask(0o027)
    try:
        with atomic_write(dest) as (f, _):
            f.write(b"again")
    finally:
        os.umask(mask)
    assert dest.stat().st_mode & 0o777 == 0o640 and os.umask(mask) == mask


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(dest) as (f, _):
            f.write(b"new")
            raise RuntimeError("interrupted")
    assert dest.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_write_set_changes_every_file_or_none(tmp_path):
    from mlp_core.errors import OutputError
    from mlp_core.files import write_set
    paths = write_set(tmp_path, {"a.txt": lambda f: f.write(b"run 1 a"), "b.txt": lambda f: f.write(b"run 1 b")})
    assert paths == [tmp_path / "a.txt", tmp_path / "b.txt"]

    def fails(f):
        f.write(b"half")
        raise OSError(28, "No space left on device")
    with pytest.raises(OutputError, match=rf"^{tmp_path / 'b.txt'}: cannot be written \(No space left on device\); "
                                          rf"the previous files in {tmp_path} are unchanged$"):
        write_set(tmp_path, {"a.txt": lambda f: f.write(b"run 2 a"), "b.txt": fails})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"run 1 a" and (tmp_path / "b.txt").read_bytes() == b"run 1 b"


def test_two_runs_writing_sets_at_once_never_mix_them(tmp_path, monkeypatch):
    import threading
    import time

    from mlp_core.files import write_set
    barrier, real_replace = threading.Barrier(2), os.replace

    def slow_replace(source, target):       # run 1 renames slowly, run 2 (starting later) quickly
        slow = open(source, "rb").read(1) == b"1"
        real_replace(source, target)
        time.sleep(0.1 if slow else 0.01)
    monkeypatch.setattr(os, "replace", slow_replace)

    def run(tag):
        def slow(name):
            def write(f):
                f.write(tag + name)
                if name == b"a":
                    barrier.wait(10)          # both runs have written their first file before either renames
                if name == b"c" and tag == b"2":
                    time.sleep(0.02)
            return write
        write_set(tmp_path, {"a": slow(b"a"), "b": slow(b"b"), "c": slow(b"c")})
    threads = [threading.Thread(target=run, args=(tag,)) for tag in (b"1", b"2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    tags = {(tmp_path / name).read_bytes()[:1] for name in "abc"}
    assert len(tags) == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]
