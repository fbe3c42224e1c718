"""Write a file so that it is either complete or not there: write beside it, then rename it into place.

A partial file is named ``.<target name>.<process id>-<random>.part`` in the target's folder. A run
that is killed before the rename leaves it behind; :func:`remove_stale_partials` recognises such files
by their name and deletes those whose process is no longer running.
"""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

_PARTIAL = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.part$")


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _process_running(pid):
    """True if a process with this id exists (or belongs to another user), False if it is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_partials(folder, target=None):
    """Delete the partial files in ``folder`` (for ``target`` only, if given) left by processes that
    no longer run. Files that cannot be deleted are left alone. Returns the paths deleted."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _PARTIAL.match(path.name)
        if match is None or (target is not None and match["target"] != target):
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _process_running(pid):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


@contextmanager
def atomic_write(dest):
    """Yield ``(file object, partial path)`` opened for binary writing beside ``dest``; when the block
    ends without an exception, flush it to disk and rename it to ``dest`` (os.replace, atomic), with
    the permissions a new file would get. On an exception the partial file is deleted and ``dest``
    is left as it was."""
    dest = Path(dest)
    remove_stale_partials(dest.parent, dest.name)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.{os.getpid()}-", suffix=".part")
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out, partial
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o666 & ~_umask())  # mkstemp makes it owner-only
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)


def write_set(folder, writers):
    """Write the files {name: write(binary file)} into folder as one set: every file is written in full
    (and flushed to disk) beside its target first; only when all are written are they renamed into
    place, one after another, under an exclusive lock on the folder, so two runs never mix their files.
    A failed write leaves every previous file as it was and raises OutputError naming the file.
    Returns the paths written, in the order of writers."""
    from .errors import OutputError
    folder, partials = Path(folder), {}
    try:
        for name, write in writers.items():
            remove_stale_partials(folder, name)
            fd, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}-", suffix=".part")
            partials[name] = Path(partial)
            try:
                with os.fdopen(fd, "wb") as out:
                    write(out)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as e:
                raise OutputError(f"{folder / name}: cannot be written ({e.strerror or e}); the previous "
                                  f"files in {folder} are unchanged") from None
            os.chmod(partial, 0o666 & ~_umask())
        _rename_all(folder, partials)
    finally:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
    return [folder / name for name in writers]


def _rename_all(folder, partials):
    """Rename each partial file to its name in folder while holding an exclusive lock on the folder."""
    try:
        import fcntl
    except ImportError:           # no advisory locks on this system: rename without one
        fcntl = None
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        for name, partial in partials.items():
            os.replace(partial, folder / name)
    finally:
        os.close(fd)                  # closing releases the lock
