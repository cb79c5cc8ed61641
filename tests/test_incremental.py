"""Rebuilds: only what changed, byte for byte the same, folders that keep going, and watch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import INPUTS, ROOT, run_cli
from engine import layouts

SOURCES = ["resan-soderhamn.yaml", "samverkan-gottsunda.yaml", "framsteget-habo.yaml"]


@pytest.fixture
def project(tmp_path):
    """A folder of sources and a private copy of the templates, as an author's project."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        shutil.copy(INPUTS / name, src / name)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return src, tmp_path / "out", {**os.environ, "SLUTRAPPORT_TEMPLATES": str(templates)}


def build(src, out, env, *extra):
    proc = subprocess.run([sys.executable, "-m", "engine", "build", str(src), "-o", str(out), *extra],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    return proc


def snapshot(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}


def rebuilt(before: dict, out: Path) -> set[str]:
    after = snapshot(out)
    return {name for name, mtime in after.items() if before.get(name) != mtime}


def test_nothing_changed_nothing_rebuilt(project):
    src, out, env = project
    first = build(src, out, env)
    assert first.returncode == 0 and "3 built, 0 up to date, 0 failed" in first.stdout
    before = snapshot(out)
    second = build(src, out, env)
    assert second.returncode == 0 and "0 built, 3 up to date, 0 failed" in second.stdout
    assert "wrote" not in second.stdout and rebuilt(before, out) == set()


def test_exactly_the_affected_documents_are_rebuilt(project):
    src, out, env = project
    build(src, out, env)
    before = snapshot(out)
    # The source: only its own document.
    text = (src / "resan-soderhamn.yaml").read_text(encoding="utf-8")
    (src / "resan-soderhamn.yaml").write_text(text.replace("namn: RESAN", "namn: RESAN 2"), encoding="utf-8")
    assert "1 built, 2 up to date" in build(src, out, env).stdout
    assert rebuilt(before, out) == {"resan-soderhamn.gavleborg.docx"}
    # A template: only the documents in that layout.
    before = snapshot(out)
    layout_file = Path(env["SLUTRAPPORT_TEMPLATES"]) / "uppsala" / "layout.yaml"
    layout_file.write_text(layout_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert "2 built, 1 up to date" in build(src, out, env).stdout
    assert rebuilt(before, out) == {"samverkan-gottsunda.uppsala.docx", "framsteget-habo.uppsala.docx"}
    # An option: everything built with it.
    before = snapshot(out)
    assert "3 built, 0 up to date" in build(src, out, env, "--forbund", "gavleborg").stdout
    assert rebuilt(before, out) == {"resan-soderhamn.gavleborg.docx", "samverkan-gottsunda.gavleborg.docx",
                                    "framsteget-habo.gavleborg.docx"}


def test_a_deleted_output_is_rebuilt_and_force_rebuilds_all(project):
    src, out, env = project
    build(src, out, env)
    (out / "framsteget-habo.uppsala.docx").unlink()
    result = build(src, out, env)
    assert "1 built, 2 up to date" in result.stdout and (out / "framsteget-habo.uppsala.docx").is_file()
    assert "3 built, 0 up to date" in build(src, out, env, "--force").stdout


def test_same_source_same_bytes(tmp_path):
    for folder in ("a", "b"):
        result = run_cli("build", INPUTS, "--forbund", "all", "-o", tmp_path / folder)
        assert result.code == 0, result.err
        time.sleep(1.1)  # a different clock second for the second build
    names = sorted(p.name for p in (tmp_path / "a").glob("*.docx"))
    assert len(names) == len(layouts.available()) * len(list(INPUTS.iterdir()))
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_one_broken_source_among_good_ones(project):
    src, out, env = project
    (src / "trasig.yaml").write_text("namn: [\n", encoding="utf-8")
    result = build(src, out, env)
    assert result.returncode == 1
    assert sorted(p.name for p in out.glob("*.docx")) == ["framsteget-habo.uppsala.docx",
                                                          "resan-soderhamn.gavleborg.docx",
                                                          "samverkan-gottsunda.uppsala.docx"]
    assert "3 built, 0 up to date, 1 failed" in result.stdout
    assert f"  failed: {src / 'trasig.yaml'}:2:1: error: YAML syntax error" in result.stdout
    # Fixed, it builds, and the others stay up to date.
    (src / "trasig.yaml").write_text((src / "resan-soderhamn.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert "1 built, 3 up to date, 0 failed" in build(src, out, env).stdout


def test_two_sources_with_one_name(tmp_path):
    shutil.copy(INPUTS / "ung-intro.yaml", tmp_path / "ung.yaml")
    shutil.copy(INPUTS / "ung-intro-markdown.md", tmp_path / "ung.md")
    result = run_cli("build", tmp_path, "-o", tmp_path / "out")
    assert result.code == 1 and "would have the same names" in result.err


def test_parallel_batch_matches_serial(tmp_path):
    serial = run_cli("build", INPUTS, "--forbund", "all", "-j", "1", "-o", tmp_path / "serial")
    parallel = run_cli("build", INPUTS, "--forbund", "all", "-j", "2", "-o", tmp_path / "parallel")
    assert serial.code == parallel.code == 0
    same = serial.out.replace(str(tmp_path / "serial"), "X") == parallel.out.replace(str(tmp_path / "parallel"), "X")
    assert same  # the same lines in the same order
    for path in (tmp_path / "serial").glob("*.docx"):
        assert path.read_bytes() == (tmp_path / "parallel" / path.name).read_bytes()


def _png(path: Path, colour: str) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), colour).save(path)


def media(path: Path) -> dict[str, bytes]:
    """The pictures in the document at ``path`` (none while it is missing or half-written)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}


def document_xml(path: Path) -> bytes:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml")
    except (OSError, zipfile.BadZipFile, KeyError):
        return b""


def test_watch_rebuilds_on_save(project):
    src, out, env = project
    proc = subprocess.Popen([sys.executable, "-m", "engine", "watch", str(src), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    try:
        target = out / "resan-soderhamn.gavleborg.docx"
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("watching"):
                break
        assert target.is_file(), lines
        before = target.read_bytes()
        source = src / "resan-soderhamn.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("namn: RESAN", "namn: RESAN igen"),
                          encoding="utf-8")
        while time.monotonic() < deadline and target.read_bytes() == before:
            time.sleep(0.2)
        assert target.read_bytes() != before
        # A changed form rebuilds the documents in it, read afresh.
        layout = Path(env["SLUTRAPPORT_TEMPLATES"]) / "gavleborg" / "layout.yaml"
        layout.write_text(layout.read_text(encoding="utf-8").replace("kontakt@finsamgavleborg.se",
                                                                     "rapporter@example.se"), encoding="utf-8")
        while time.monotonic() < deadline and b"rapporter@example.se" not in document_xml(target):
            time.sleep(0.2)
        assert b"rapporter@example.se" in document_xml(target)
        # A picture saved anew rebuilds the documents that show it, and only those.
        picture, charts = src / "karta.png", media(target)
        _png(picture, "red")
        source.write_text(source.read_text(encoding="utf-8").replace("syfte: |\n", "syfte: |\n  ![Karta](karta.png)\n\n", 1),
                          encoding="utf-8")
        while time.monotonic() < deadline and media(target) == charts:
            time.sleep(0.2)
        shown, before = media(target), snapshot(out)
        assert shown != charts
        _png(picture, "blue")
        while time.monotonic() < deadline and media(target) == shown:
            time.sleep(0.2)
        assert media(target) != shown
        assert {name.split(".")[0] for name in rebuilt(before, out)} == {"resan-soderhamn"}
        # A broken save is reported and watching goes on.
        source.write_text("namn: [\n", encoding="utf-8")
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if "YAML syntax error" in line:
                break
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
