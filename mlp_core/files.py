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
