"""Atomic file output: a reader never sees a half-written document.

Every output is written to a temporary file beside its target and renamed into place.
On Windows a document open in Word or Acrobat cannot be replaced: that, like a full disk
or a folder without write permission, is an :class:`OutputError` naming the file and what
to do, never a traceback. Outputs get the permissions the user's umask gives, as any file
they save themselves would, so colleagues on a shared drive can open them.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


#: What a file the user creates gets: read/write for whoever the umask allows.
FILE_MODE = 0o666 & ~_umask()

#: A lock held for a moment by a virus scanner, a backup or search indexer is waited out.
_LOCK_RETRIES = (0.05, 0.1, 0.2, 0.4)


class OutputError(Exception):
    """An output file could not be written; the message names it and says what to do."""

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path}: {why}")
        self.path = path


def explain(path: Path, exc: OSError) -> OutputError:
    """``exc`` met while writing ``path``, as one line a user can act on."""
    if isinstance(exc, PermissionError) and path.exists() and not path.is_dir():
        why = "cannot replace it: it is open in another program (Word, Acrobat?) or read-only; close it and build again"
    elif isinstance(exc, PermissionError):
        why = f"no permission to write in {path.parent}; choose another output folder with -o"
    elif exc.errno == errno.ENOSPC:
        why = "the disk is full; free some space and build again"
    elif exc.errno == errno.EROFS:
        why = f"{path.parent} is on a read-only drive; choose another output folder with -o"
    else:
        why = f"cannot write it: {exc.strerror or exc}"
    return OutputError(path, why)


def replace(source: Path | str, target: Path) -> None:
    """Rename ``source`` onto ``target``, waiting out a brief lock; :class:`OutputError` if it stays."""
    for delay in (*_LOCK_RETRIES, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if delay is None:
                raise explain(target, exc) from None
            time.sleep(delay)
        except OSError as exc:
            raise explain(target, exc) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise explain(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it private to the user
        replace(tmp, path)
    except OSError as exc:
        raise explain(path, exc) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
