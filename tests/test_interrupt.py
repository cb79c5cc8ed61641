"""A build stopped half-way (Ctrl-C, SIGTERM) leaves every earlier output whole and no temporary files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from conftest import INPUTS, ROOT, text_lines


def _as_a_foreground_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("stage", ["rendering", "converting"], ids=["while-rendering", "while-converting"])
def test_a_killed_build_leaves_earlier_outputs_whole(tmp_path, signum, stage):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(12):  # enough work that the signal lands mid-build
        for example in INPUTS.glob("*.yaml"):
            shutil.copy(example, src / f"{i:02d}-{example.name}")
    first = subprocess.run([sys.executable, "-m", "engine", "build", str(src), "--pdf", "-o", str(out)],
                           capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".docx", ".pdf")}
    written = {name: (out / name).stat() for name in before if name.endswith(".docx")}

    def replaced() -> int:
        """How many documents the build has written anew (each is renamed into place: a new file)."""
        count = 0
        for name, old in written.items():
            try:
                now = (out / name).stat()
            except OSError:
                continue
            count += (now.st_ino, now.st_mtime_ns) != (old.st_ino, old.st_mtime_ns)
        return count

    for path in src.iterdir():  # every document will change
        path.write_text(path.read_text(encoding="utf-8").replace("namn: ", "namn: Ny ", 1), encoding="utf-8")
    # Ctrl-C reaches the build as a terminal's foreground job, whose SIGINT is never ignored. A
    # test suite run as a background job (``pytest &`` from a script, no job control) has it
    # ignored, and Python keeps an ignored SIGINT ignored, in this process and every one it
    # starts: the build would rightly ignore the signal and finish (exit 0). So it gets the default.
    proc = subprocess.Popen([sys.executable, "-m", "engine", "build", str(src), "--pdf", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=_as_a_foreground_job)
    # The signal lands at a stage of the build seen happen, not after a guess at how long it takes
    # to get there (which a loaded machine stretches until a signal falls in Python's own start-up):
    # rendering once the first document is replaced, converting once all of them are.
    wanted = 1 if stage == "rendering" else len(written)
    while proc.poll() is None and replaced() < wanted:
        time.sleep(0.01)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)

    assert proc.returncode == 130, err  # stopped mid-build (the whole build takes several seconds)
    assert "interrupted; documents written before are intact" in err
    assert "Traceback" not in err
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".slutrapport-manifest.json"]
    assert leftovers == []
    for name, old in before.items():
        path = out / name
        data = path.read_bytes()
        if data == old:
            continue
        # Replaced: then by a whole new document, never a half-written one.
        if name.endswith(".docx"):
            assert any("Ny " in line for line in text_lines(path)), name
        else:
            assert _tool("pdfinfo", str(path)).returncode == 0 and data.rstrip().endswith(b"%%EOF")
    still = _tool("pgrep", "-af", "soffice").stdout
    assert str(out) not in still, still


def _hold(started: str) -> None:
    """A source that takes long to build: says it has started, then waits."""
    open(started, "w").close()
    time.sleep(600)


def _mark(path: str) -> None:
    open(path, "w").close()


def test_a_stopped_worker_ends_and_builds_nothing_more(tmp_path):
    """The build stops its workers with SIGTERM. The pool takes an exception in a task for the
    task's result and goes on with the next source, so a worker that turned SIGTERM into
    KeyboardInterrupt lived on, building what was queued, and the interrupted build could not
    exit until it was done."""
    from engine.processes import leave_with_parent, task

    started, after = tmp_path / "started", tmp_path / "after"
    pool = ProcessPoolExecutor(max_workers=1, initializer=leave_with_parent, initargs=(os.getpid(),))
    try:
        pool.submit(task, _hold, str(started))
        pool.submit(task, _mark, str(after))
        for _ in range(6000):  # the worker has started the first task (a guard against hanging, no timing)
            if started.exists():
                break
            time.sleep(0.01)
        (worker,) = list(pool._processes.values())
        worker.terminate()
        worker.join(120)
        assert worker.exitcode == 130
        assert not after.exists()
    finally:
        for worker in list((pool._processes or {}).values()):
            worker.kill()
        pool.shutdown(wait=False, cancel_futures=True)


def test_a_signal_between_making_a_temporary_file_and_using_it_leaves_nothing(tmp_path, monkeypatch):
    """Ctrl-C can land after the temporary folder (or file) is made and before the ``try`` that
    would remove it: the interrupted build sweeps what it was writing."""
    import tempfile

    from engine.build import Options, run

    made = tempfile.mkstemp

    def interrupted(*args, **kwargs):
        made(*args, **kwargs)  # the file exists, and then the signal lands
        raise KeyboardInterrupt

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run([INPUTS / "samverkan-gottsunda.yaml"], Options(output_dir=out), out=lambda line: None,
            err=lambda line: None)
    assert not (out / ".slutrapport-tmp").exists()
