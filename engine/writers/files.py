"""Atomic file output: a reader never sees a half-written document.

Every output is written to a temporary file in ``.slutrapport-tmp/`` beside its target and
renamed into place. That folder is the tool's alone, and each name in it carries the id of
the process that made it, so what a killed build left there can be told from what a
running build is writing: :func:`sweep` removes the former and never touches anything else.
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


DISK_FULL = "the disk is full; free some space and build again"


def explain(path: Path, exc: OSError) -> OutputError:
    """``exc`` met while writing ``path``, as one line a user can act on."""
    if isinstance(exc, PermissionError) and path.exists() and not path.is_dir():
        why = "cannot replace it: it is open in another program (Word, Acrobat?) or read-only; close it and build again"
    elif isinstance(exc, PermissionError):
        why = f"no permission to write in {path.parent}; choose another output folder with -o"
    elif exc.errno == errno.ENOSPC:
        why = DISK_FULL
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


TEMP = ".slutrapport-tmp"


def _in_temp(folder: Path, make):
    """``make(temp folder)``, the folder created first; retried if another process's :func:`tidy`
    or :func:`sweep` removed it meanwhile — also between ``mkdir`` finding it there and checking
    that it is a folder, which ``Path.mkdir(exist_ok=True)`` reports as FileExistsError."""
    for attempt in range(3):
        try:
            (folder / TEMP).mkdir(parents=True, exist_ok=True)
            return make(folder / TEMP)
        except (FileNotFoundError, FileExistsError):
            if attempt == 2 or (folder / TEMP).exists() and not (folder / TEMP).is_dir():
                raise


def private_folder(folder: Path) -> Path:
    """A private folder in ``folder``'s temporary folder, for a converter to write into."""
    return Path(_in_temp(folder, lambda temp: tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=temp)))


def tidy(folder: Path) -> None:
    """Remove ``folder``'s temporary folder once nothing is left in it."""
    try:
        (folder / TEMP).rmdir()
    except OSError:
        pass


def sweep(folder: Path, own: bool = False) -> None:
    """Remove what killed builds left in ``folder``'s temporary folder: entries of processes
    that no longer run (``own``: and this process's, as an interrupted build leaves it).
    Nothing outside that folder is ever looked at."""
    import shutil

    import psutil

    temp = folder / TEMP
    if not temp.is_dir() or temp.is_symlink():
        return
    for entry in temp.iterdir():
        pid = entry.name.split("-", 1)[0]
        if not pid.isdigit():
            continue
        mine = int(pid) == os.getpid()
        if (own and mine) or (not mine and not psutil.pid_exists(int(pid))):
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    tidy(folder)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _in_temp(path.parent, lambda temp: tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".tmp",
                                                                       dir=temp))
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
        tidy(path.parent)
