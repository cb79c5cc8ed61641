"""A build stopped half-way (Ctrl-C, SIGTERM) leaves every earlier output whole and no temporary files."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import INPUTS, ROOT, text_lines


def _tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("stage", [0.6, 2.5], ids=["while-rendering", "while-converting"])
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

    for path in src.iterdir():  # every document will change
        path.write_text(path.read_text(encoding="utf-8").replace("namn: ", "namn: Ny ", 1), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "engine", "build", str(src), "--pdf", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(stage)
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
