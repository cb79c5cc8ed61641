"""No process outlives the build, however it ends: interrupted, killed with -9, or crashed.

A build starts two kinds of processes: workers for large batches and LibreOffice for PDFs.
A killed build runs no cleanup code of its own, so each kind is tied to the build's life
from the other side: a worker watches its parent and leaves when the parent is gone; each
LibreOffice gets a small guard process that holds a pipe from the build and, when that
pipe closes (the build finished the conversion or died), ends LibreOffice's process tree.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

#: Run by the guard: wait for the build's end of the pipe to close, then end the tree.
_GUARD = ("import sys; sys.path.insert(0, sys.argv[2]); from engine.processes import end_tree; "
          "sys.stdin.buffer.read(); end_tree(int(sys.argv[1]))")
#: Where the guard finds this engine, installed or in a clone.
_HOME = str(Path(__file__).resolve().parents[1])


def end_tree(pid: int, wait: float = 0) -> None:
    """Stop process ``pid`` and every process it started (``soffice`` → ``oosplash`` →
    ``soffice.bin``): the launcher alone would leave LibreOffice itself running. ``wait``:
    seconds to wait for them to be gone."""
    import psutil

    try:
        tree = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        tree = []
    if hasattr(os, "killpg"):  # POSIX: it runs in a session of its own; end the whole group
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    for process in tree:  # and, as on Windows, each process of the tree by name
        try:
            process.kill()
        except psutil.Error:
            pass
    if wait:  # until each has ended: gone, or a zombie (whatever reaps orphans may take its time)
        end = time.monotonic() + wait
        while any(_running(process) for process in tree[1:]) and time.monotonic() < end:
            time.sleep(0.02)


def _running(process) -> bool:
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def completed(futures):
    """``futures`` as they complete, waited for in short steps: a wait without a timeout is
    not interrupted by SIGTERM or Ctrl-C until it ends, which for a hung converter or worker
    means its whole timeout."""
    from concurrent.futures import FIRST_COMPLETED, wait

    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        yield from done


_GUARDS: dict[int, subprocess.Popen] = {}
_LOCK = threading.Lock()


def guard(proc: subprocess.Popen) -> None:
    """Tie ``proc`` (started in a session of its own) and everything it starts to this process."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    keeper = subprocess.Popen([sys.executable, "-c", _GUARD, str(proc.pid), _HOME], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, creationflags=flags)
    with _LOCK:
        _GUARDS[proc.pid] = keeper


def release(proc: subprocess.Popen) -> None:
    """``proc`` is done: its guard ends whatever it left behind, then exits."""
    with _LOCK:
        keeper = _GUARDS.pop(proc.pid, None)
    if keeper is not None:
        keeper.stdin.close()  # it ends the tree and exits by itself; nobody waits for that


def _term_with_parent() -> None:
    """Linux: ask the kernel for SIGTERM when the parent dies (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_BUSY = False  # in a worker: whether it is running a task


def _stop_worker(signum, frame) -> None:
    """SIGTERM in a worker, which is how the build stops it: idle, it exits at once; busy, the
    task is interrupted, so that it removes its temporary file, and :func:`task` then exits."""
    if _BUSY:
        raise KeyboardInterrupt
    os._exit(130)


def task(fn, *args):
    """Run ``fn(*args)`` in a worker; interrupted (SIGTERM), end the worker once ``fn`` has cleaned
    up. (The pool would take the interruption for the task's result and go on to the next one,
    keeping the build from ending until every queued source was built.)"""
    global _BUSY
    try:
        _BUSY = True
        try:
            return fn(*args)
        finally:
            _BUSY = False
    except KeyboardInterrupt:
        os._exit(130)


def leave_with_parent(parent_pid: int, interval: float = 0.5) -> None:
    """For a worker process: exit at once when the build ``parent_pid`` is gone (also when it
    died before this worker got this far: then the worker has been handed to another parent).

    On Linux the kernel sends the worker SIGTERM the moment the build dies, so that a busy
    worker removes its temporary file; elsewhere, and as a fallback, a thread polls the parent
    (alone, it left workers running for a second and more on a loaded machine).

    Ctrl-C is the build's to handle (it stops its workers, each with SIGTERM): a worker
    ignores SIGINT, and SIGTERM ends it (see :func:`task`)."""
    import psutil

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    _term_with_parent()

    try:
        parent = psutil.Process(parent_pid)
    except psutil.Error:
        os._exit(1)
    # Forked by the build, an orphan's parent changes at once; started by a fork server, the
    # worker's parent is the server, and only the build's own state tells.
    forked = os.getppid() == parent_pid

    def gone() -> bool:
        try:
            return ((forked and os.getppid() != parent_pid) or not parent.is_running()
                    or parent.status() == psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return True

    if gone():
        os._exit(1)

    def watch() -> None:
        while not gone():
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="leave-with-parent").start()
