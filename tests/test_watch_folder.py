"""``watch`` survives its folder: removed and made anew, renamed away and back, replaced by a
same-named copy, switched by git, a file saved by writing it aside and renaming it over: each
time watch says it watches the folder again and rebuilds what is saved next. Gone for longer
than the grace period, it stops with one line and exit status 5. Never running but deaf."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import INPUTS, ROOT, processes_with, text_lines
from engine.watch import filesystem

SOURCE = "resan-soderhamn.yaml"
DOCUMENT = "resan-soderhamn.gavleborg.docx"
DEADLINE = 30  # seconds to wait for what watch does next: generous, for a loaded 2-core machine
AGAIN = re.compile(r"src/: the folder (was replaced|came back|is back); watching it again")


class Watch:
    """A real ``slutrapport watch`` with what it prints, read as it comes."""

    def __init__(self, target: Path, out: Path, *extra, env: dict | None = None, cwd: Path = ROOT,
                 runner: tuple = ()):
        self.out = cwd / out
        self.proc = subprocess.Popen([*runner, sys.executable, "-m", "engine", "watch", str(target), "-o", str(out), *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                                     env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                                     preexec_fn=_as_a_foreground_job)
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._readers = [threading.Thread(target=self._read, args=(stream, into), daemon=True)
                         for stream, into in ((self.proc.stdout, self.lines), (self.proc.stderr, self.errors))]
        for reader in self._readers:
            reader.start()
        self.says(re.compile(r"^watching "), 60)
        self.built = len(self.errors)  # what the first build said (findings of the example) is no concern here

    def complaints(self) -> list[str]:
        """What watch printed on stderr after its first build."""
        return self.errors[self.built:]

    def _read(self, stream, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def says(self, pattern: re.Pattern, deadline: float = DEADLINE, after: int = 0) -> str:
        """The first line from line ``after`` on that matches ``pattern``; fails if none comes."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            for line in self.lines[after:]:
                if pattern.search(line):
                    return line
            assert self.proc.poll() is None, (self.proc.returncode, self.lines, self.errors)
            time.sleep(0.1)
        pytest.fail(f"watch did not say {pattern.pattern!r}: {self.lines} {self.errors}")

    def rebuilds(self, source: Path, word: str) -> None:
        """Edit ``source`` and see the document show the edit."""
        edit(source, word)
        shows(self.out / DOCUMENT, word, self)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        for reader in self._readers:
            reader.join(timeout=10)
        return code


def _as_a_foreground_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # see tests/test_interrupt.py


def edit(source: Path, word: str) -> None:
    text = (INPUTS / SOURCE).read_text(encoding="utf-8")
    source.write_text(text.replace("namn: RESAN", f"namn: RESAN {word}", 1), encoding="utf-8")


def shows(document: Path, word: str, watch: Watch | None = None) -> None:
    """Wait for ``document`` to be rebuilt with ``word`` in it, read back as Word shows it."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        try:
            if any(f"RESAN {word}" in line for line in text_lines(document)):
                return
        except Exception:  # not there yet (the output folder deleted)
            pass
        time.sleep(0.2)
    pytest.fail(f"{document.name} was not rebuilt with {word!r}" + (f": {watch.lines} {watch.errors}" if watch else ""))


def copy_source(folder: Path, word: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / SOURCE
    shutil.copy(INPUTS / SOURCE, source)
    if word:
        edit(source, word)
    return source


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "src"
    copy_source(src)
    watch = Watch(src, tmp_path / "out")
    yield src, watch
    assert watch.stop() == 0, watch.errors
    assert "Traceback" not in "\n".join(watch.errors)


def test_removed_and_made_anew(folder):
    src, watch = folder
    shutil.rmtree(src)
    copy_source(src, "ANEW")
    watch.says(AGAIN)
    shows(watch.out / DOCUMENT, "ANEW", watch)  # what the new folder holds is built
    watch.rebuilds(src / SOURCE, "AFTER")       # and what is saved in it next


def test_renamed_away_and_back(folder):
    src, watch = folder
    away = src.with_name("src.bak")
    src.rename(away)
    watch.says(re.compile(r"src/: the folder is gone; watching for it to come back \(for up to 120 s\)"))
    edit(away / SOURCE, "AWAY")  # saved while it was elsewhere: no event under its name
    away.rename(src)
    watch.says(re.compile(r"src/: the folder is back; watching it again"))
    shows(watch.out / DOCUMENT, "AWAY", watch)
    watch.rebuilds(src / SOURCE, "AFTER")


def test_renamed_away_and_back_at_once(folder):
    src, watch = folder
    away = src.with_name("src.bak")
    src.rename(away)
    away.rename(src)
    watch.rebuilds(src / SOURCE, "AFTER")


@pytest.mark.parametrize("how", ["renamed-over", "copied"])
def test_replaced_by_a_folder_of_the_same_name(tmp_path, how):
    """As sync clients and unzip do: the new folder written under another name and renamed into
    place, or the old one removed and the new one copied in."""
    src = tmp_path / "src"
    copy_source(src)
    watch = Watch(src, tmp_path / "out")
    try:
        fresh = copy_source(tmp_path / ".src.sync-tmp", "SYNCED").parent
        if how == "renamed-over":
            shutil.rmtree(src)
            fresh.rename(src)
        else:
            shutil.rmtree(src)
            shutil.copytree(fresh, src)
        watch.says(AGAIN)
        shows(watch.out / DOCUMENT, "SYNCED", watch)
        watch.rebuilds(src / SOURCE, "AFTER")
    finally:
        assert watch.stop() == 0


def test_the_project_folder_it_started_in_replaced(tmp_path):
    """``watch src -o out`` in a synced project folder, which the sync replaces whole: the
    relative paths then name what is in the new one."""
    project = tmp_path / "project"
    copy_source(project / "src")
    watch = Watch(Path("src"), Path("out"), cwd=project)
    try:
        fresh = tmp_path / ".project.sync-tmp"
        shutil.copytree(project, fresh)
        edit(fresh / "src" / SOURCE, "SYNCED")
        shutil.rmtree(project)
        fresh.rename(project)
        watch.says(AGAIN)
        shows(project / "out" / DOCUMENT, "SYNCED", watch)
        watch.rebuilds(project / "src" / SOURCE, "AFTER")
    finally:
        assert watch.stop() == 0


def test_polled_folder_replaced(tmp_path):
    """The same by polling, as on a network drive (WATCHFILES_FORCE_POLLING asks for it), which
    looks by name: a folder replaced at once (which may get the old one's inode number) is simply
    polled on; one gone for a while is reported and watched again. Saved aside and renamed over:
    a poll may fall between a file's truncation and its new content, within one tick of the
    clock that stamps its modification time, and see no change after."""
    src = tmp_path / "src"
    copy_source(src)
    watch = Watch(src, tmp_path / "out", env={"WATCHFILES_FORCE_POLLING": "1"})

    def save(word):
        edit(src / f".{SOURCE}.tmp", word)
        os.replace(src / f".{SOURCE}.tmp", src / SOURCE)
        shows(watch.out / DOCUMENT, word, watch)

    try:
        save("POLLED")
        shutil.rmtree(src)
        copy_source(tmp_path / "new", "AT-ONCE").parent.rename(src)
        shows(watch.out / DOCUMENT, "AT-ONCE", watch)
        shutil.rmtree(src)
        watch.says(re.compile(r"src/: the folder is gone"))
        copy_source(tmp_path / "new", "SYNCED").parent.rename(src)
        watch.says(AGAIN)
        shows(watch.out / DOCUMENT, "SYNCED", watch)
        save("AFTER")
    finally:
        assert watch.stop() == 0


def test_git_checkout_of_a_branch_without_the_folder(tmp_path):
    repo = tmp_path / "repo"
    src = repo / "inputs"
    copy_source(src)

    def git(*args):
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.se", *args],
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "report")
    git("checkout", "-qb", "edited")
    edit(src / SOURCE, "BRANCH")
    git("commit", "-qam", "edited")
    git("checkout", "-q", "--orphan", "bare")
    git("rm", "-rfq", ".")
    (repo / "other.txt").write_text("x", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "nothing")
    git("checkout", "-q", "main")
    watch = Watch(src, tmp_path / "out")
    try:
        git("checkout", "-q", "edited")  # the file replaced (git writes it aside and renames it)
        shows(watch.out / DOCUMENT, "BRANCH", watch)
        git("checkout", "-q", "bare")  # the folder goes
        watch.says(re.compile(r"inputs/: the folder is gone"))
        seen = len(watch.lines)
        git("checkout", "-q", "main")  # and comes back, made anew
        watch.says(re.compile(r"inputs/: the folder (is back|was replaced|came back); watching it again"), after=seen)
        watch.rebuilds(src / SOURCE, "AFTER")
    finally:
        assert watch.stop() == 0


@pytest.mark.skipif(sys.platform == "win32", reason="folder permissions as POSIX has them")
def test_unreadable_for_a_while(tmp_path):
    src = tmp_path / "src"
    copy_source(src)
    runner = ()
    if os.geteuid() == 0:  # root reads any folder: watch runs without that power (a mode 000 then stops it too)
        if not shutil.which("setpriv"):
            pytest.skip("running as root, and no setpriv to run watch without the power to read any folder")
        runner = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    watch = Watch(src, tmp_path / "out", runner=runner)
    try:
        src.chmod(0)
        try:
            watch.says(re.compile(r"src/: the folder cannot be read \(permission denied\); watching for it to come back"))
        finally:
            src.chmod(0o755)
        watch.says(re.compile(r"src/: the folder is back; watching it again"))
        watch.rebuilds(src / SOURCE, "AFTER")
    finally:
        assert watch.stop() == 0


def test_a_drive_unmounted_and_mounted_again(tmp_path):
    """A drive that drops (the folder is then the empty one under it) and is mounted again."""
    drive = tmp_path / "drive"
    drive.mkdir()

    def mount():
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(drive)], capture_output=True).returncode:
            pytest.skip("cannot mount a file system here")

    mount()
    src = drive / "src"
    try:
        copy_source(src)
        watch = Watch(src, tmp_path / "out")
        try:
            subprocess.run(["umount", str(drive)], check=True)
            watch.says(re.compile(r"src/: the folder is gone"))
            mount()
            copy_source(src, "REMOUNTED")
            watch.says(AGAIN)
            shows(watch.out / DOCUMENT, "REMOUNTED", watch)
            watch.rebuilds(src / SOURCE, "AFTER")
        finally:
            assert watch.stop() == 0
    finally:
        subprocess.run(["umount", "-l", str(drive)], capture_output=True)


def test_a_file_saved_aside_and_renamed_over_it_and_deleted(tmp_path):
    """Editors (vim, VS Code, Word) save by writing a temporary file and renaming it over the source."""
    source = copy_source(tmp_path / "src")
    watch = Watch(source, tmp_path / "out")
    try:
        for word in ("SAVED", "AGAIN"):
            aside = source.with_name(f".{SOURCE}.tmp")
            edit(aside, word)
            os.replace(aside, source)
            shows(watch.out / DOCUMENT, word, watch)
        source.unlink()
        watch.says(re.compile(rf"{SOURCE}: the file is gone; watching for it to come back"))
        edit(source, "RECREATED")
        watch.says(re.compile(rf"{SOURCE}: the file is back; watching it again"))
        shows(watch.out / DOCUMENT, "RECREATED", watch)
        watch.rebuilds(source, "AFTER")
    finally:
        assert watch.stop() == 0


def test_the_output_folder_deleted(folder):
    src, watch = folder
    shutil.rmtree(watch.out)
    watch.rebuilds(src / SOURCE, "AFTER")


@pytest.mark.parametrize("what", ["folder", "file"])
def test_gone_past_the_grace_period(tmp_path, what):
    src = tmp_path / "src"
    source = copy_source(src)
    watch = Watch(src if what == "folder" else source, tmp_path / "out", "--grace", "3")
    shutil.rmtree(src) if what == "folder" else source.unlink()
    code = watch.proc.wait(timeout=60)
    watch.stop()
    assert code == 5, (watch.lines, watch.errors)
    label = f"{src}/" if what == "folder" else str(source)
    assert watch.complaints() == [f"slutrapport: {label}: the {what} is gone (3 s now); watch stops: "
                            f"start it again once the {what} is back"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("state", ["watching", "folder-gone"])
def test_a_signal_ends_watch_at_once(tmp_path, signum, state):
    src = tmp_path / "src"
    copy_source(src)
    watch = Watch(src, tmp_path / "out")
    if state == "folder-gone":
        shutil.rmtree(src)
        watch.says(re.compile(r"src/: the folder is gone"))
    watch.proc.send_signal(signum)
    assert watch.proc.wait(timeout=30) == 0
    watch.stop()
    assert watch.complaints() == []
    assert not (watch.out / ".slutrapport-tmp").exists() or not any((watch.out / ".slutrapport-tmp").iterdir())
    assert processes_with(str(tmp_path), zombies=False) == []


def test_the_file_system_a_folder_is_on():
    linux = ("sysfs /sys sysfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
             "//nas/delad /mnt/nas\\040rapporter cifs rw,vers=3.0 0 0\nserver:/export /srv/nfs nfs4 rw 0 0\n")
    assert filesystem(Path("/home/anna/inputs"), linux) == "ext4"
    assert filesystem(Path("/mnt/nas rapporter/inputs"), linux) == "cifs"
    assert filesystem(Path("/srv/nfs"), linux) == "nfs4"
    mac = ("/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
           "//anna@nas._smb._tcp.local/Delad on /Volumes/Delad (smbfs, nodev, nosuid, mounted by anna)\n")
    assert filesystem(Path("/Volumes/Delad/inputs"), mac) == "smbfs"
    assert filesystem(Path("/Users/anna/inputs"), mac) == "apfs"
