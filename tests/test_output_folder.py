"""The output folder is sacred: the tool replaces only files it wrote and nobody changed since,
keeps what users did to their documents, and says so, and leaves no state that misleads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from conftest import INPUTS, ROOT, listing, run_cli, text_lines

SOURCE = INPUTS / "samverkan-gottsunda.yaml"  # an Uppsala source that builds without findings
FINDINGS = INPUTS / "resan-soderhamn.yaml"    # a Gävleborg source with a warning in its prose
MANIFEST = ".slutrapport-manifest.json"


@pytest.fixture
def project(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SOURCE, src / "insats.yaml")
    return src / "insats.yaml", tmp_path / "out"


def edit_in_word(path: Path) -> bytes:
    """What saving in Word does to a document: new content, the user's name as last author."""
    document = docx.Document(path)
    document.add_paragraph("Kompletterat för hand efter mötet.")
    document.core_properties.last_modified_by = "Anna Andersson"
    document.save(path)
    return path.read_bytes()


def change(source: Path) -> None:
    source.write_text(source.read_text(encoding="utf-8").replace("Gottsunda", "Gottsunda centrum", 1),
                      encoding="utf-8")


def test_the_users_own_hidden_files_survive_a_build_into_their_folder(tmp_path):
    shutil.copy(SOURCE, tmp_path / "insats.yaml")
    mine = [tmp_path / ".anteckningar.tmp", tmp_path / ".pdf-arkiv" / "gammal.pdf"]
    mine[1].parent.mkdir()
    for path in mine:
        path.write_text("mitt", encoding="utf-8")
        old = time.time() - 7 * 24 * 3600
        os.utime(path, (old, old))
    os.utime(mine[1].parent, (old, old))
    result = run_cli("build", "insats.yaml", "-o", ".", cwd=tmp_path)
    assert result.code == 0, result.err
    assert all(path.read_text(encoding="utf-8") == "mitt" for path in mine)
    assert not (tmp_path / ".slutrapport-tmp").exists()


def test_what_a_killed_build_left_is_removed_and_nothing_else(tmp_path, project):
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    temp = out / ".slutrapport-tmp"
    temp.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = [temp / f"{dead.stdout.strip()}-abc.tmp", temp / f"{os.getpid()}-running.tmp"]
    for path in left:
        path.write_bytes(b"half")
    change(source)
    assert run_cli("build", source, "-o", out).code == 0
    assert not left[0].exists() and left[1].exists()  # a running process's file is never touched


def test_a_document_edited_in_word_is_kept(project):
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    document = out / "insats.uppsala.docx"
    edited = edit_in_word(document)

    unchanged = run_cli("build", source.parent, "-o", out)  # the source is as it was: up to date
    assert unchanged.code == 0, unchanged.err
    assert f"{document}: note: changed since it was built; kept as it is" in unchanged.err
    assert document.read_bytes() == edited

    change(source)
    changed = run_cli("build", source.parent, "-o", out)
    assert changed.code == 4
    assert (f"{document}: changed since it was built (edited in Word, signed?); kept as it is. To replace it, "
            "move it away or build with --overwrite") in changed.err.splitlines()
    assert document.read_bytes() == edited

    replaced = run_cli("build", source, "-o", out, "--overwrite")
    assert replaced.code == 0, replaced.err
    assert any("Gottsunda centrum" in line for line in text_lines(document))


def test_a_file_the_tool_did_not_write_is_kept(project):
    source, out = project
    out.mkdir()
    foreign = out / "insats.uppsala.docx"
    mine = docx.Document()
    mine.add_paragraph("Min egen version.")
    mine.save(foreign)
    before = foreign.read_bytes()
    result = run_cli("build", source, "-o", out)
    assert result.code == 4
    assert (f"{foreign}: exists and was not written by slutrapport; kept as it is. Move it away, or build with "
            "--overwrite to replace it") in result.err.splitlines()
    assert foreign.read_bytes() == before
    assert "Traceback" not in result.err


def test_a_document_another_source_wrote_is_not_replaced(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SOURCE, tmp_path / folder / "insats.yaml")
    out = tmp_path / "out"
    change(tmp_path / "b" / "insats.yaml")
    assert run_cli("build", tmp_path / "a" / "insats.yaml", "-o", out).code == 0
    first = (out / "insats.uppsala.docx").read_bytes()
    result = run_cli("build", tmp_path / "b" / "insats.yaml", "-o", out)
    assert result.code == 4
    assert (f"{out / 'insats.uppsala.docx'}: was built from {tmp_path / 'a' / 'insats.yaml'}; "
            f"{tmp_path / 'b' / 'insats.yaml'} would replace it. Build them into different folders (-o), "
            "or rename one of them") in result.err.splitlines()
    assert (out / "insats.uppsala.docx").read_bytes() == first


def test_findings_are_repeated_while_unfixed(tmp_path):
    out = tmp_path / "out"
    first = run_cli("build", FINDINGS, "-o", out)
    again = run_cli("build", FINDINGS, "-o", out)
    warnings = [line for line in first.err.splitlines() if ": warning: " in line]
    assert warnings and "0 built, 1 up to date" in again.out
    assert [line for line in again.err.splitlines() if ": warning: " in line] == warnings


def test_a_failing_source_says_its_documents_are_stale(project):
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    source.write_text(source.read_text(encoding="utf-8") + "\nokänd_nyckel: x\n", encoding="utf-8")
    result = run_cli("build", source, "-o", out)
    assert result.code == 1
    assert (f"{source}: note: not built, so its documents from the last good build are out of date: "
            "insats.uppsala.docx") in result.err.splitlines()


def test_a_source_saved_during_its_build_is_built_again(project, monkeypatch):
    from engine import build, loader

    source, out = project
    real = loader.load

    def saved_meanwhile(path):  # the author saves just after the build has read the file
        change(path)
        return real(path)

    monkeypatch.setattr(loader, "load", saved_meanwhile)
    build.run([source], build.Options(output_dir=out), out=lambda line: None, err=lambda line: None)
    monkeypatch.setattr(loader, "load", real)
    summary = build.run([source], build.Options(output_dir=out), out=lambda line: None, err=lambda line: None)
    assert summary.built == [source]


@pytest.mark.parametrize("damage", ["{not json", '{"format": 2, "sources": [], "files": 3}', "[1, 2]", "folder"])
def test_a_damaged_manifest_is_set_aside_and_the_build_goes_on(project, damage):
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    manifest = out / MANIFEST
    manifest.unlink()
    if damage == "folder":
        manifest.mkdir()
    else:
        manifest.write_text(damage, encoding="utf-8")
    change(source)
    result = run_cli("build", source, "-o", out)
    assert result.code == 0, result.err  # its own document is still known as its own by its mark
    assert "Traceback" not in result.err
    (warning,) = [line for line in result.err.splitlines() if "warning" in line]
    if damage == "folder":
        assert warning == (f"slutrapport: warning: {manifest}: is not the build record this tool writes "
                           "(a folder, a link or a pipe); building without one: move it away")
    else:
        assert warning.startswith(f"slutrapport: warning: {manifest}: damaged or of an older format; set aside")
        assert (out / ".slutrapport-manifest.damaged.json").read_text(encoding="utf-8") == damage
        assert json.loads(manifest.read_text(encoding="utf-8"))["format"] == 2
    assert any("Gottsunda centrum" in line for line in text_lines(out / "insats.uppsala.docx"))


@pytest.mark.parametrize("damage", ["nested", "pipe"])
def test_a_hostile_manifest_neither_crashes_nor_blocks_the_build(project, damage):
    """JSON nested 100 000 deep (which Python's reader cannot take) is damaged like any other; a
    pipe in its place, which reading would wait on for ever, is not read at all."""
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    manifest = out / MANIFEST
    manifest.unlink()
    if damage == "pipe":
        os.mkfifo(manifest)
    else:
        manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    change(source)
    try:  # a build that blocks fails the test rather than hanging the suite
        proc = subprocess.run([sys.executable, "-m", "engine", "build", str(source), "-o", str(out)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("the build blocked on the manifest")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    (warning,) = [line for line in proc.stderr.splitlines() if "warning" in line]
    if damage == "pipe":
        assert warning == (f"slutrapport: warning: {manifest}: is not the build record this tool writes "
                           "(a folder, a link or a pipe); building without one: move it away")
    else:
        assert warning.startswith(f"slutrapport: warning: {manifest}: damaged or of an older format; set aside")
        assert json.loads(manifest.read_text(encoding="utf-8"))["format"] == 2
    assert any("Gottsunda centrum" in line for line in text_lines(out / "insats.uppsala.docx"))


def test_a_manifest_of_the_first_format_is_taken_over(project):
    source, out = project
    assert run_cli("build", source, "-o", out).code == 0
    manifest = out / MANIFEST
    record = json.loads(manifest.read_text(encoding="utf-8"))
    (key, entry), = record["sources"].items()
    old = {key: {k: entry[k] for k in ("source", "options", "engine", "layouts")}
           | {"outputs": {p: record["files"][p]["stat"] for p in entry["outputs"]}}}
    manifest.write_text(json.dumps(old), encoding="utf-8")
    change(source)
    result = run_cli("build", source, "-o", out)
    assert result.code == 0 and "warning" not in result.err, result.err


@pytest.mark.parametrize("args,message", [
    (["-o", "{file}"], "slutrapport: -o {file}: is a file, not a folder; choose an output folder with -o"),
    (["-o", "{file}/ut"], "slutrapport: -o {file}/ut: cannot be made: {file} is a file, not a folder; "
                          "choose an output folder with -o"),
])
def test_an_output_folder_that_cannot_be(tmp_path, args, message):
    file = tmp_path / "fil.txt"
    file.write_text("x", encoding="utf-8")
    result = run_cli("build", SOURCE, *[a.replace("{file}", str(file)) for a in args])
    assert result.code == 2
    assert result.err.strip() == message.replace("{file}", str(file))


@pytest.mark.parametrize("jobs", ["0", "-1", "många"])
def test_jobs_must_be_one_or_more(tmp_path, jobs):
    result = run_cli("build", SOURCE, "-j", jobs, "-o", tmp_path)
    assert result.code == 2
    assert f"argument -j/--jobs: '{jobs}' is not a number of processes; give 1 or more" in result.err


def test_the_same_source_twice_is_built_once(tmp_path):
    result = run_cli("build", SOURCE, INPUTS / ".." / "inputs" / SOURCE.name, "-o", tmp_path)
    assert result.code == 0, result.err
    assert result.out.count("wrote ") == 1


def test_a_source_that_links_to_itself(tmp_path):
    loop = tmp_path / "insats.yaml"
    loop.symlink_to(loop)
    result = run_cli("build", loop, "-o", tmp_path / "out")
    assert result.code == 1
    assert result.err.strip() == f"{loop}: error: a link that leads nowhere, or to itself"


def test_a_damaged_template_is_named_not_the_source(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "uppsala" / "form.docx").write_bytes(b"PK\x03\x04 not a zip")
    env = {**os.environ, "SLUTRAPPORT_TEMPLATES": str(templates)}
    proc = subprocess.run([sys.executable, "-m", "engine", "build", str(SOURCE), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 2
    (line,) = [line for line in proc.stderr.splitlines() if "form.docx" in line]
    assert line.startswith(f"{templates / 'uppsala' / 'form.docx'}: error: cannot be used as the uppsala form (")
    # A layout of the user's own folder is theirs to repair, with the check that says how.
    assert line.endswith(f"; check it with: slutrapport template check {templates / 'uppsala'}")
    assert "Traceback" not in proc.stderr and not list((tmp_path / "out").glob("*.docx"))


def sign(path: Path) -> bytes:
    """What signing does to a PDF: an incremental update with a signature dictionary."""
    with path.open("ab") as f:
        f.write(b"\n99 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 10 20 30] >>\nendobj\n"
                b"trailer\n<< /Size 100 >>\nstartxref\n0\n%%EOF\n")
    return path.read_bytes()


def test_a_signed_pdf_is_kept_and_a_stale_one_removed(project):
    source, out = project
    assert run_cli("build", source, "--pdf", "-o", out).code == 0
    pdf = out / "insats.uppsala.pdf"
    signed = sign(pdf)
    change(source)
    result = run_cli("build", source, "--pdf", "-o", out)
    assert result.code == 4
    assert (f"{pdf}: changed since it was built (edited in Word, signed?); kept as it is. To replace it, "
            "move it away or build with --overwrite") in result.err.splitlines()
    assert pdf.read_bytes() == signed

    # Not signed: a build without --pdf removes the tool's own PDF that its new .docx made stale.
    assert run_cli("build", source, "--pdf", "--overwrite", "-o", out).code == 0
    change(source)
    result = run_cli("build", source, "-o", out)
    assert result.code == 0, result.err
    assert f"removed {pdf}: older than its new .docx (build with --pdf to make it again)" in result.out
    assert not pdf.exists()


def test_a_temporary_folder_another_build_removes_meanwhile_is_made_again(tmp_path, monkeypatch):
    """Two workers writing into one folder: one's tidy() may remove .slutrapport-tmp/ between the
    other's mkdir finding it there and checking that it is a folder (FileExistsError, "File exists")."""
    from engine.writers import files

    real, raced = Path.mkdir, []

    def racing(self, *args, **kwargs):
        if self.name == files.TEMP and not raced:
            raced.append(self)
            real(self, *args, **kwargs)
            self.rmdir()
            raise FileExistsError(17, "File exists", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", racing)
    files.write_atomic(tmp_path / "a.docx", b"data")
    assert raced and (tmp_path / "a.docx").read_bytes() == b"data"
    assert listing(tmp_path) == ["a.docx"]


def test_a_folder_at_an_outputs_name_is_named_as_a_folder_and_kept(tmp_path):
    out = tmp_path / "out"
    (out / "framsteget-habo.uppsala.docx").mkdir(parents=True)
    (out / "framsteget-habo.uppsala.docx" / "mina anteckningar.txt").write_text("behåll", encoding="utf-8")
    for extra in ([], ["--overwrite"]):
        result = run_cli("build", INPUTS / "framsteget-habo.yaml", "--forbund", "uppsala", "-o", out, *extra)
        assert result.code == 4, result.err
        assert (f"{out / 'framsteget-habo.uppsala.docx'}: is a folder, where this document would be written; kept as "
                "it is. Move or rename the folder, or build into another folder with -o") in result.err.splitlines()
        assert (out / "framsteget-habo.uppsala.docx" / "mina anteckningar.txt").read_text(encoding="utf-8") == "behåll"
