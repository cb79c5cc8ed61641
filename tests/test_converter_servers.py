"""PDFs on LibreOffice kept running: unoserver instances elsewhere (``--converter-server``),
one of them killed in the middle of a batch, and the servers ``watch`` keeps warm between saves,
restarted when they die and ended with watch. Real LibreOffice and real unoserver throughout:
the "remote" servers are unoserver's own command (its ``main``), on loopback ports."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import INPUTS, run_cli
from engine.processes import end_tree
from engine.writers import servers
from test_watch_folder import Watch, copy_source, edit

SOURCE = INPUTS / "resan-soderhamn.yaml"
LAYOUTS = ["gavleborg", "uppsala", "uppsala-2018", "allman", "struktur"]
DEADLINE = 120  # seconds for LibreOffice to start on a loaded 2-core machine


def _python() -> str:
    python = servers.uno_python(shutil.which("soffice"))
    assert python, f"the tests need python3-uno (or another Python that can import uno): {servers.no_uno_hint()}"
    return python


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Two unoserver instances, as an administrator would run them elsewhere (`unoserver --port …`)."""
    folder = tmp_path_factory.mktemp("unoservers")
    run = (f"import sys; sys.path.append({str(Path(servers._unoserver_folder()))!r}); "
           "from unoserver.server import main; sys.exit(main())")
    started = []
    for i in range(2):
        port = _free_port()
        proc = subprocess.Popen([_python(), "-c", run, "--port", str(port), "--uno-port", str(_free_port()),
                                 "--user-installation", str(folder / f"profile{i}")],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        started.append((f"127.0.0.1:{port}", proc))
    end = time.monotonic() + DEADLINE
    for name, proc in started:
        while servers.Remote(name).check(2) is not None:
            assert proc.poll() is None and time.monotonic() < end, f"unoserver at {name} did not start"
            time.sleep(0.2)
    yield started
    for _, proc in started:
        end_tree(proc.pid, wait=5)
        proc.wait(timeout=10)


def test_a_batch_goes_on_when_one_server_is_killed_in_the_middle(tmp_path, two_servers):
    (first, killed), (second, _) = two_servers
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "engine", "build", str(SOURCE), "--forbund", "all", "--pdf",
                              "-o", str(out), "--converter-server", first, "--converter-server", second],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + DEADLINE
    while not list(out.glob("*.pdf")):  # the first PDF is in place: the batch is under way on both
        assert build.poll() is None and time.monotonic() < end, build.communicate()
        time.sleep(0.02)
    end_tree(killed.pid, wait=5)
    stdout, stderr = build.communicate(timeout=DEADLINE)

    assert build.returncode == 0, stderr
    warnings = [line for line in stderr.splitlines() if "converter server" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"slutrapport: warning: converter server {first} "), stderr
    assert "its documents went to the others" in warnings[0]
    for layout in LAYOUTS:  # every PDF made, read back as a reader sees it (and at the end, checked for PDF/UA)
        made = out / f"resan-soderhamn.{layout}.pdf"
        assert f"wrote {made}" in stdout
        text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True).stdout
        assert "RESAN" in text, layout


def test_when_every_server_is_gone_one_line_says_so(tmp_path, two_servers):
    (first, killed), _ = two_servers  # ended by the test above, or now
    end_tree(killed.pid, wait=5)
    result = run_cli("build", SOURCE, "--forbund", "all", "--pdf", "-o", tmp_path,
                     "--converter-server", first, "--converter-server", f"127.0.0.1:{_free_port()}")
    assert result.code == 3, result.err
    (line,) = [line for line in result.err.splitlines() if "converter server" in line]
    assert line.startswith("slutrapport: every converter server is gone: ") and first in line
    assert line.endswith("; 5 PDFs not made, the .docx files are written")
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == []
    assert len(list(tmp_path.glob("*.docx"))) == 5


def _ours(watch: Watch) -> list[psutil.Process]:
    """The LibreOffice processes of watch's servers (each server: Python → soffice → soffice.bin)."""
    try:
        tree = psutil.Process(watch.proc.pid).children(recursive=True)
    except psutil.Error:
        return []
    return [p for p in tree if p.name() == "soffice.bin"]


def _pdf_says(path: Path, words: str, watch: Watch) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if path.is_file():
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            if words in text:
                return
        time.sleep(0.1)
    pytest.fail(f"{path.name} does not say {words!r}: {watch.lines} {watch.errors}")


def test_watch_keeps_libreoffice_warm_restarts_it_and_ends_it(tmp_path):
    source = copy_source(tmp_path / "src")
    watch = Watch(source, tmp_path / "out", "--pdf")
    made = tmp_path / "out" / "resan-soderhamn.gavleborg.pdf"
    try:
        _pdf_says(made, "RESAN", watch)
        warm = _ours(watch)
        assert warm, "watch started no LibreOffice of its own"
        everything = psutil.Process(watch.proc.pid).children(recursive=True)

        edit(source, "ETT")
        _pdf_says(made, "RESAN ETT", watch)
        assert set(_ours(watch)) == set(warm)  # the same LibreOffices: kept warm, not started anew

        for process in warm:  # LibreOffice dies between two saves: the next save starts it again
            process.kill()
        psutil.wait_procs(warm, timeout=10)
        edit(source, "TVÅ")
        _pdf_says(made, "RESAN TVÅ", watch)
        again = _ours(watch)
        assert again and not set(again) & set(warm)
        everything += psutil.Process(watch.proc.pid).children(recursive=True)
    finally:
        code = watch.stop()
    assert code == 0, watch.errors
    assert not [line for line in watch.complaints() if re.search("Traceback|could not make a PDF", line)]
    _, alive = psutil.wait_procs(everything, timeout=10)  # every server ended with watch, by its own id
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
