"""``slutrapport watch``: rebuild a source the moment it is saved, and keep going through errors.

A folder's change events come from the folder itself (inotify and its kin watch an inode, not a
name), so a folder removed and made anew, replaced by a copy renamed over it (a sync client, an
unzip), or out of reach for a while (a network drive) would leave watch running but deaf. So
every second it also looks at what it watches: a folder that is another one now, or back, is
watched again and its sources rebuilt; one that stays gone past the grace period ends watch.
Network drives send no change events for what other machines write: there watch looks for
changes itself."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from engine.build import SOURCE_SUFFIXES, Options, expand, forget_templates, is_report, run

GRACE = 120.0  # seconds what is watched may be gone (a network drive dropping, a sync) before watch stops
GONE = 5       # exit status: it stayed gone longer
CHECK = 1.0    # seconds between looks at whether each watched folder is still the one watched
POLL = 0.5     # seconds between looks for changes where no change events come (a network drive)
#: File systems that deliver no change events for what other machines write: watched by polling.
NETWORK = re.compile(r"nfs4?|cifs|smb[23]?|smbfs|afpfs|webdav|davfs|9p|afs|ceph|glusterfs|lustre|fuse\..*")


@dataclass
class _Watched:
    """A folder or named file that watch depends on, and what it was when last looked at."""
    path: Path
    label: str               # as the user wrote it
    folder: bool
    sources: list[Path]      # the named sources it holds: rebuilt when it comes back
    layout: bool = False     # a folder of layouts: it may go for good (a layout removed)
    seen: tuple | str = ""   # (device, inode), or why it cannot be watched now
    since: float | None = None  # when it was first found gone
    told: bool = False       # whether its absence was reported
    deleted: bool = False    # whether the watcher said it was deleted


def watch(paths: list[Path], options: Options, grace: float = GRACE) -> int:
    """Build everything once (incrementally), then rebuild what changes until Ctrl-C; 5 once a
    watched folder or file has been gone for ``grace`` seconds. With PDFs, LibreOffice is kept
    running from the start to the end (:func:`engine.writers.pdf.warm`): a save waits for no
    LibreOffice to start."""
    warm = nullcontext()
    if "pdf" in options.formats:
        from engine.writers import pdf

        warm = pdf.warm(options.converter, options.soffice, options.servers)
    with warm:
        return _watch(paths, replace(options, force=False), grace)


def _watch(paths: list[Path], options: Options, grace: float) -> int:
    from watchfiles import Change

    cwd = os.getcwd()
    polled = _polled(_named(paths, cwd))
    batches = None
    try:
        batches, watched, templates = _arm(paths, cwd, polled, None, [])
        run(paths, options)
        print(f"watching {', '.join(map(str, paths))} (Ctrl-C to stop)", flush=True)
        checked, missed, stale = time.monotonic(), set(), False  # missed: to rebuild once watched again
        while True:
            try:
                batch = next(batches) if batches else time.sleep(CHECK)
            except (OSError, RuntimeError):  # the watcher failed (a folder gone under it): watched afresh below
                batches, batch = None, None
            here = _follow(cwd)
            if batch and here:
                folders = {t.path: t for t in watched if t.folder}
                for kind, path in batch:  # a folder deleted, though a new one may have its inode number
                    if kind == Change.deleted and Path(path) in folders:
                        folders[Path(path)].deleted, checked = True, 0
                _rebuild({c for c in batch if Path(c[1]) not in folders}, paths, templates, options)
            if time.monotonic() - checked < CHECK:
                continue
            checked = time.monotonic()
            back, relayout, stop = _look(watched, templates, grace)
            if stop:
                print(f"slutrapport: {stop}", file=sys.stderr, flush=True)
                return GONE
            there = any(t.folder and t.since is None and isinstance(t.seen, tuple) for t in watched)
            if back or relayout or (there and not batches):
                layout = relayout or any(t.layout for t in back)
                if layout:
                    forget_templates()
                missed.update(paths if layout or not batches else (s for t in back for s in t.sources))
                stale = True
            if stale and here:  # watched afresh once the folder it started in is there again
                batches, watched, templates = _arm(paths, cwd, polled, batches, watched)
                stale = False
            if missed and batches and here:
                todo = [p for p in paths if p in missed and p.exists()]
                missed.clear()
                if todo:
                    run(todo, options)
                    _flush()
    except KeyboardInterrupt:
        pass
    finally:
        if batches:
            batches.close()
    return 0


def _follow(cwd: str) -> bool:
    """Relative paths (the sources, the output folder) name what is in the folder of that name
    now, also when the one watch started in was replaced (a synced project folder); False while
    there is none."""
    try:
        here, there = os.stat("."), os.stat(cwd)
        if (here.st_dev, here.st_ino) != (there.st_dev, there.st_ino):
            os.chdir(cwd)
        return True
    except OSError:  # gone for now: the folders in it are reported as such
        return False


def _named(paths: list[Path], cwd: str) -> list[_Watched]:
    """The folders named, the folders of the files named, and those files (relative to ``cwd``)."""
    watched: dict[Path, _Watched] = {}
    for path in paths:
        folder = path if path.is_dir() else path.parent
        key = Path(cwd, folder)
        if key not in watched:
            watched[key] = _Watched(key, os.path.join(str(folder), ""), True, [])
        watched[key].sources.append(path)
        if folder is not path:
            watched[Path(cwd, path)] = _Watched(Path(cwd, path), str(path), False, [])
    return list(watched.values())


def _arm(paths: list[Path], cwd: str, polled: bool, batches, before: list[_Watched]):
    """Watch what is there now, afresh (a folder replaced is another inode, a name once a file may
    be a folder now); return the changes to come, everything watched, and the folders of layouts."""
    from watchfiles import DefaultFilter
    from watchfiles import watch as changes

    from engine import layouts

    if batches:
        batches.close()
    templates = [root.resolve() for root in layouts.roots()]
    watched = _named(paths, cwd) + [_Watched(folder, os.path.join(str(folder), ""), True, [], True)
                               for folder in _folders(templates)]
    earlier = {(t.path, t.folder): t for t in before}
    for t in watched:
        t.seen = _state(t.path, t.folder)
        if not isinstance(t.seen, tuple) and (t.path, t.folder) in earlier:  # still gone: since when, and told?
            t.since, t.told = earlier[t.path, t.folder].since, earlier[t.path, t.folder].told
    live = [t.path for t in watched if t.folder and isinstance(t.seen, tuple)]
    if not live:
        return None, watched, templates
    if polled:
        return _Scan(live), watched, templates
    # Each folder on its own (sources lie directly in theirs, and a file's folder may be a whole
    # home folder), and no folder's name ignored (the shipped layouts may lie in a .venv).
    batches = changes(*live, watch_filter=DefaultFilter(ignore_dirs=()), debounce=200, step=50, rust_timeout=100,
                      yield_on_timeout=True, force_polling=False, recursive=False, ignore_permission_denied=True)
    try:
        next(batches)  # in place: a save made from now on is seen
    except OSError:  # a folder went between the look and the watching: watched afresh at the next look
        return None, watched, templates
    return batches, watched, templates


class _Scan:
    """Changes found by looking at each file's inode, size and modification time (in
    nanoseconds: watchfiles' own polling compares whole seconds, and misses a second save
    within one) twice a second, for folders no change events come from."""

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self.files = self._look()

    def _look(self) -> dict[str, tuple]:
        found = {}
        for folder in self.folders:
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        try:
                            info = entry.stat()
                        except OSError:
                            continue
                        found[entry.path] = info.st_ino, info.st_size, info.st_mtime_ns
            except OSError:  # gone or out of reach: the next look at the folders tells
                continue
        return found

    def __next__(self) -> set[tuple]:
        from watchfiles import Change

        time.sleep(POLL)
        files, self.files = self.files, self._look()
        return ({(Change.deleted, p) for p in files.keys() - self.files.keys()}
                | {(Change.added, p) for p in self.files.keys() - files.keys()}
                | {(Change.modified, p) for p in files.keys() & self.files.keys() if files[p] != self.files[p]})

    def close(self) -> None:
        pass


def _folders(roots: list[Path]) -> list[Path]:
    """``roots`` and every folder inside them (a layout is a folder; links are not followed)."""
    found = []
    for root in roots:
        for folder, subfolders, _ in os.walk(root):
            subfolders[:] = sorted(s for s in subfolders if not s.startswith((".", "__")))
            found.append(Path(folder))
    return found


def _state(path: Path, folder: bool) -> tuple[int, int] | str:
    """(device, inode) of ``path``, which tells a folder from another of the same name; else why it
    cannot be watched now."""
    try:
        info = os.stat(path)
        if folder:
            if not stat.S_ISDIR(info.st_mode):
                return "is no longer a folder"
            os.scandir(path).close()
        return info.st_dev, info.st_ino
    except (FileNotFoundError, NotADirectoryError):
        return "is gone"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as e:
        return f"cannot be reached ({e.strerror or e})"


def _look(watched: list[_Watched], templates: list[Path], grace: float) -> tuple[list[_Watched], bool, str]:
    """What is back or another folder now (to be watched again), whether a layout was added or
    removed, and why watch must stop, if it must."""
    back = []
    relayout = [t.path for t in watched if t.layout] != _folders(templates)
    now = time.monotonic()
    for t in watched:
        state = _state(t.path, t.folder)
        kind = "folder" if t.folder else "file"
        if isinstance(state, str):
            if t.since is None:
                t.since = now
            elif not t.told:  # gone at two looks: not just a file saved anew (written aside, renamed over it)
                t.told = True
                print(f"{t.label}: the {kind} {state}; watching for it to come back (for up to {grace:g} s)", flush=True)
            if not t.layout and now - t.since >= grace:
                return back, relayout, (f"{t.label}: the {kind} {state} ({grace:g} s now); watch stops: "
                                        f"start it again once the {kind} is back")
            continue
        if t.told:
            print(f"{t.label}: the {kind} is back; watching it again", flush=True)
        elif t.folder and state != t.seen:
            print(f"{t.label}: the folder was replaced; watching it again", flush=True)
        elif t.folder and (t.deleted or t.since is not None):  # moved away and back, or a new one with its number
            print(f"{t.label}: the folder came back; watching it again", flush=True)
        if t.folder and (state != t.seen or t.deleted or t.since is not None) or not t.folder and t.path.is_dir():
            back.append(t)  # another folder, or back (what was saved while it was away went unseen)
        t.seen, t.since, t.told, t.deleted = state, None, False, False
    return back, relayout, ""


def _polled(named: list[_Watched]) -> bool:
    """Whether to look for changes by polling: a folder on a network drive gets no change events
    for what other machines write there (and WATCHFILES_FORCE_POLLING asks for it anywhere).
    Says so once."""
    for t in named:
        kind = _network(t.path) if t.folder else None
        if kind:
            print(f"{t.label} is on a network drive ({kind}), which sends no word of changes: "
                  f"looking for them every {POLL:g} s", flush=True)
            return True
    return os.environ.get("WATCHFILES_FORCE_POLLING", "").lower() not in ("", "false", "disable", "disabled")


def _network(folder: Path) -> str | None:
    """The network file system ``folder`` is on, if it is on one."""
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):
        return None
    if sys.platform == "win32":
        drive = os.path.splitdrive(str(folder))[0]
        if drive.startswith(("\\\\", "//")):
            return "a network share"
        import ctypes

        return "a mapped network drive" if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4 else None  # DRIVE_REMOTE
    try:
        table = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        try:  # macOS, the BSDs: "//user@server/share on /Volumes/share (smbfs, nodev, …)"
            table = subprocess.run(["mount"], capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return None
    kind = filesystem(folder, table)
    return kind if kind and NETWORK.fullmatch(kind) else None


def filesystem(path: Path, table: str) -> str | None:
    """The type of the file system ``path`` is on, by the mount ``table`` (``/proc/mounts``, or
    what ``mount`` prints on macOS): the one mounted deepest on the way to it."""
    best, kind = -1, None
    for line in table.splitlines():
        bsd = re.match(r".* on (/.*) \(([^,)]+)", line)
        fields = line.split()
        if bsd:
            point, fs = bsd.groups()
        elif len(fields) >= 3:
            point, fs = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[1]), fields[2]
        else:
            continue
        mount = Path(point)
        if (mount == path or mount in path.parents) and len(mount.parts) > best:
            best, kind = len(mount.parts), fs
    return kind


def _rebuild(batch, paths: list[Path], templates: list[Path], options: Options) -> None:
    """Rebuild what the changes in ``batch`` affect."""
    dirs = {p.resolve() for p in paths if p.is_dir()}       # any source saved in these counts
    files = {p.resolve() for p in paths if not p.is_dir()}  # and these, named one by one
    touched = {Path(path) for _kind, path in batch}
    if any(root in t.parents for t in touched for root in templates):
        forget_templates()  # read the changed form afresh
        todo = [p for p in paths if p.exists()]  # a form changed: every source may be affected (the manifest decides)
    else:
        todo = [t for t in sorted(touched) if t.suffix.lower() in SOURCE_SUFFIXES
                and t.is_file() and (t.resolve() in files or (t.resolve().parent in dirs and is_report(t)))]
        todo += [s for s in showing(touched - set(todo), paths, options.output_dir) if s not in todo]
    if todo:
        print(f"[{time.strftime('%H:%M:%S')}] {', '.join(p.name for p in todo if p.is_file()) or 'templates'}",
              flush=True)
        run(todo, options)
        _flush()


def _flush() -> None:
    sys.stdout.flush()
    sys.stderr.flush()


def showing(touched: set[Path], paths: list[Path], output_dir: Path) -> list[Path]:
    """The watched sources that name one of the ``touched`` files that are no source (a picture
    saved anew, or put where a source wanted it): the build's record then decides what is stale."""
    output = output_dir.resolve()
    names = {variant.encode() for t in touched if t.suffix.lower() not in SOURCE_SUFFIXES
             and output not in t.resolve().parents for variant in (t.name, quote(t.name))}
    if not names:
        return []
    found = []
    for source in expand(paths):
        try:
            data = source.read_bytes()
        except OSError:
            continue
        if any(name in data for name in names):
            found.append(source)
    return found
