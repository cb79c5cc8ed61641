"""Windows-ready behaviour, tested here by reading what Windows does and provoking it: files
open in Word, consoles that cannot encode a message, LibreOffice found where installers put
it, Word driven as a private instance, shared-drive permissions, and `doctor`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

from conftest import INPUTS, ROOT, hanging_soffice, listing, processes_with, run_cli, text_lines
from engine import cli, layouts
from engine.writers import pdf
from engine.writers.files import TEMP

SOURCE = INPUTS / "samverkan-gottsunda.yaml"


def _locked(monkeypatch, *names: str) -> None:
    """Make ``os.replace`` onto these file names fail as Windows does while Word has them open."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name in names:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr("engine.writers.files._LOCK_RETRIES", (0.01,))


def test_a_document_open_in_word_is_named_and_the_others_are_built(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    source = tmp_path / "samverkan-gottsunda.yaml"
    source.write_bytes(SOURCE.read_bytes())
    assert cli.main(["build", str(source), "--forbund", "all", "-o", str(out)]) == 0
    locked = out / "samverkan-gottsunda.uppsala.docx"
    before = locked.read_bytes()
    capsys.readouterr()
    source.write_text(SOURCE.read_text(encoding="utf-8").replace("Gottsunda", "Gottsunda centrum", 1),
                      encoding="utf-8")

    _locked(monkeypatch, locked.name)
    assert cli.main(["build", str(source), "--forbund", "all", "-o", str(out)]) == 4
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if str(locked) in line]
    assert line == (f"{locked}: cannot replace it: it is open in another program (Word, Acrobat?) or read-only; "
                    "close it and build again")
    assert "Traceback" not in err
    assert locked.read_bytes() == before  # untouched, nothing half-written
    for other in ("uppsala-2018", "gavleborg"):
        assert "Gottsunda centrum" in " ".join(text_lines(out / f"samverkan-gottsunda.{other}.docx"))
    assert listing(out) == sorted(f"samverkan-gottsunda.{layout}.docx" for layout in layouts.available())
    monkeypatch.undo()  # Word is closed: the next build writes it, since it was not recorded as built
    assert cli.main(["build", str(source), "--forbund", "all", "-o", str(out)]) == 0
    assert "Gottsunda centrum" in " ".join(text_lines(locked))


def test_a_pdf_open_in_acrobat_is_named_and_the_others_are_converted(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    locked = "samverkan-gottsunda.uppsala.pdf"
    assert cli.main(["build", str(SOURCE), "--forbund", "all", "--pdf", "-o", str(out)]) == 0
    before = (out / locked).read_bytes()
    capsys.readouterr()
    _locked(monkeypatch, locked)
    assert cli.main(["build", str(SOURCE), "--forbund", "all", "--pdf", "-o", str(out), "--force"]) == 4
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if line.startswith(str(out / locked))]
    assert line.endswith("close it and build again") and "Traceback" not in err
    assert (out / "samverkan-gottsunda.gavleborg.pdf").stat().st_size > 10_000
    assert (out / locked).read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".slutrapport-manifest.json"]


@pytest.mark.parametrize("encoding", ["ascii", "cp850", "cp1252"])
def test_a_console_that_cannot_encode_a_message_does_not_crash_the_build(tmp_path, encoding):
    """RESAN's warnings quote the author (“97% utnyttjade”) and name keys with å, ä and ö."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    command = [sys.executable, "-m", "engine", "build", str(INPUTS / "resan-soderhamn.yaml"), "-o", str(tmp_path)]
    first = subprocess.run(command, capture_output=True, env=env, cwd=ROOT)
    err = first.stderr.decode(encoding)
    assert first.returncode == 0, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    assert "warning: ekonomi.kommentar:" in err and "97" in err
    again = subprocess.run(command, capture_output=True, env=env, cwd=ROOT)
    assert "0 built, 1 up to date" in again.stdout.decode(encoding)  # the build state was saved


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_get_the_permissions_the_umask_gives(tmp_path, umask):
    proc = subprocess.run([sys.executable, "-m", "engine", "build", str(SOURCE), "--pdf", "-o", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr
    for name in ("samverkan-gottsunda.uppsala.docx", "samverkan-gottsunda.uppsala.pdf", ".slutrapport-manifest.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask, name


# --- finding LibreOffice ------------------------------------------------------------------

def test_windows_install_folders_are_looked_in():
    env = {"ProgramFiles": r"D:\Program Files", "ProgramFiles(x86)": r"D:\Program Files (x86)",
           "LOCALAPPDATA": r"C:\Users\anna\AppData\Local"}
    assert pdf.standard_locations("win32", env) == [
        r"D:\Program Files\LibreOffice\program\soffice.exe",
        r"D:\Program Files (x86)\LibreOffice\program\soffice.exe",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        r"C:\Users\anna\AppData\Local\Programs\LibreOffice\program\soffice.exe",
    ]
    assert pdf.standard_locations("darwin", {})[0] == "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def _fake_soffice(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\necho 'LibreOffice 7.6.4.1 fake'\n")
    program.chmod(0o755)
    return program


def test_the_registry_app_paths_entry_is_used(tmp_path, monkeypatch):
    program = _fake_soffice(tmp_path / "LibreOffice" / "program")
    opened = []

    class Key:
        def __init__(self, hive):
            self.hive = hive

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def open_key(hive, path):
        opened.append((hive, path))
        if hive != "HKLM":
            raise FileNotFoundError(path)
        return Key(hive)

    winreg = types.SimpleNamespace(HKEY_CURRENT_USER="HKCU", HKEY_LOCAL_MACHINE="HKLM", OpenKey=open_key,
                                   QueryValueEx=lambda key, name: (f'"{program}"', 1))
    monkeypatch.setitem(sys.modules, "winreg", winreg)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    found = pdf.find_soffice()
    assert found == pdf.Found(str(program), "the Windows registry (App Paths)")
    assert opened == [("HKCU", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"),
                      ("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe")]


def test_a_setting_points_at_any_other_install(tmp_path, monkeypatch):
    program = _fake_soffice(tmp_path / "portable" / "LibreOffice" / "program")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(tmp_path / "portable" / "LibreOffice"))  # the install folder will do
    assert pdf.find_soffice() == pdf.Found(str(program), pdf.SOFFICE_ENV)
    assert pdf.find_soffice(str(program)) == pdf.Found(str(program), "--soffice")
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(tmp_path / "nowhere" / "soffice.exe"))
    with pytest.raises(pdf.ConverterMissing, match=f"{pdf.SOFFICE_ENV} names .*, which is not a LibreOffice program"):
        pdf.find_soffice()


def test_auto_prefers_libreoffice_and_takes_word_only_without_it(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "word_available", lambda: True)
    assert pdf.chosen("auto")[0] == "LibreOffice"
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    assert pdf.chosen("auto")[:2] == ("Microsoft Word", "installed (LibreOffice is not, so the PDFs are not PDF/A-2b)")
    assert pdf.chosen("word")[0] == "Microsoft Word"


# --- Word --------------------------------------------------------------------------------

class _FakeWord:
    """What pywin32 hands back for Word.Application: records what the engine asks of it."""

    def __init__(self, log):
        self.log = log
        self.Documents = self

    def Open(self, path, **options):  # noqa: N802 - Word's own names
        self.log.append(("open", path, options))
        word = self

        class Doc:
            def ExportAsFixedFormat(self, **options):  # noqa: N802
                word.log.append(("export", options))
                Path(options["OutputFileName"]).write_bytes(b"%PDF-1.7\n%%EOF\n")

            def Close(self, **options):  # noqa: N802
                word.log.append(("close", options))

        return Doc()

    def Quit(self, **options):  # noqa: N802
        self.log.append(("quit", options))


def test_word_runs_as_a_private_instance_and_is_asked_for_pdf_a(tmp_path, monkeypatch):
    log: list = []

    def shared(_name):
        raise AssertionError("Dispatch attaches to the user's Word; its Quit() closes their documents")

    client = types.SimpleNamespace(DispatchEx=lambda name: log.append(("new", name)) or _FakeWord(log),
                                   Dispatch=shared)
    monkeypatch.setitem(sys.modules, "win32com", types.SimpleNamespace(client=client))
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    monkeypatch.setitem(sys.modules, "pythoncom", types.SimpleNamespace(
        CoInitialize=lambda: log.append(("com", "init")), CoUninitialize=lambda: log.append(("com", "done"))))
    document = tmp_path / "rapport.uppsala.docx"
    shutil.copy(ROOT / "templates" / "uppsala" / "form.docx", document)

    result = pdf._with_word_windows([document])
    assert result.converted == {document: document.with_suffix(".pdf")} and result.pdfa == "PDF/A-1b"
    assert document.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    kinds = [entry[0] for entry in log]
    assert kinds == ["com", "new", "open", "export", "close", "quit", "com"]
    assert log[1] == ("new", "Word.Application")
    assert log[2][2]["ReadOnly"] is True and log[2][2]["AddToRecentFiles"] is False
    assert log[3][1]["UseISO19005_1"] is True and log[3][1]["ExportFormat"] == 17
    assert not (tmp_path / TEMP).exists()


# --- a hung LibreOffice -------------------------------------------------------------------

def test_a_hung_libreoffice_leaves_no_process_behind(tmp_path):
    """A launcher whose child escapes its process group, as soffice.bin may: the whole tree ends."""
    marker = f"slutrapport-test-hang-{os.getpid()}"
    launcher = hanging_soffice(tmp_path, marker)
    document = tmp_path / "x.docx"
    shutil.copy(ROOT / "templates" / "uppsala" / "form.docx", document)
    result = pdf._with_libreoffice(str(launcher), [document], timeout=(1.5, 0))
    assert "did not finish within 2 s and was stopped" in result.failed[document]
    assert processes_with(marker) == []
    assert processes_with(str(launcher)) == []


def test_a_real_libreoffice_stopped_at_start_leaves_nothing_running(tmp_path, monkeypatch):
    result = run_cli("build", SOURCE, "-o", tmp_path)
    assert result.code == 0
    document = tmp_path / "samverkan-gottsunda.uppsala.docx"
    profiles = tmp_path / "tmp"  # the private LibreOffice profiles go here, so that only ours are looked for
    profiles.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(profiles))
    outcome = pdf.convert([document], "libreoffice", timeout=(0.4, 0))  # LibreOffice is mid-start by then
    assert document not in outcome.converted
    assert processes_with(str(profiles)) == []


# --- doctor -------------------------------------------------------------------------------

def test_doctor_all_good(tmp_path):
    result = run_cli("doctor", "-o", tmp_path / "new")
    assert result.code == 0, result.out
    assert result.out.splitlines()[0].startswith("slutrapport ")
    assert f"  ok       shipped layouts in {ROOT / 'templates'}" in result.out
    assert "  ok       --forbund uppsala: Samordningsförbundet Uppsala län" in result.out
    assert "  ok       LibreOffice 7" in result.out and "(found by PATH); PDFs are PDF/A-2b" in result.out
    assert "  ok       Calibri" in result.out
    assert f"  ok       {tmp_path / 'new'} will be created" in result.out
    assert result.out.rstrip().endswith("all good: `slutrapport build SOURCE --pdf` will work")


def _path_without_libreoffice(folder: Path) -> str:
    """A PATH with every program of this one but LibreOffice's (its launcher script needs the rest)."""
    folder.mkdir()
    for entry in os.environ["PATH"].split(os.pathsep):
        for program in Path(entry).glob("*") if Path(entry).is_dir() else []:
            if program.name not in ("soffice", "libreoffice") and not (folder / program.name).exists():
                (folder / program.name).symlink_to(program)
    return str(folder)


def test_doctor_without_libreoffice_says_what_to_do(tmp_path):
    env = {**os.environ, "PATH": _path_without_libreoffice(tmp_path / "bin")}
    env.pop(pdf.SOFFICE_ENV, None)
    proc = subprocess.run([sys.executable, "-m", "engine", "doctor", "-o", str(tmp_path)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    (line,) = [line for line in proc.stdout.splitlines() if "PROBLEM" in line]
    assert "LibreOffice is not installed" in line and "winget install TheDocumentFoundation.LibreOffice" in line
    assert "1 problem: `slutrapport build SOURCE --pdf` will not work" in proc.stdout
    env[pdf.SOFFICE_ENV] = shutil.which("soffice")  # pointed at it, it is found again
    proc = subprocess.run([sys.executable, "-m", "engine", "doctor", "-o", str(tmp_path)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0 and f"(found by {pdf.SOFFICE_ENV})" in proc.stdout, proc.stdout


def test_doctor_names_a_broken_setup(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = {**os.environ, "SLUTRAPPORT_TEMPLATES": str(tmp_path / "no-such-folder")}
    proc = subprocess.run([sys.executable, "-m", "engine", "doctor", "-o", str(blocker / "out")], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    problems = [line for line in proc.stdout.splitlines() if "PROBLEM" in line]
    assert any("SLUTRAPPORT_TEMPLATES" in line and "not a folder" in line for line in problems)
    assert any("is a file, not a folder; choose another folder with -o" in line for line in problems)


def test_no_layouts_is_one_line(tmp_path, monkeypatch, capsys):
    from engine import layouts

    monkeypatch.setattr(layouts, "bundled", lambda: tmp_path / "missing")
    monkeypatch.setenv("SLUTRAPPORT_TEMPLATES", str(tmp_path))
    layouts.folders.cache_clear()
    try:
        assert cli.main(["build", str(SOURCE), "--forbund", "all", "-o", str(tmp_path / "out")]) == 2
    finally:
        layouts.folders.cache_clear()
    assert capsys.readouterr().err == (f"slutrapport: no layouts found (looked in {tmp_path}, {tmp_path / 'missing'}); "
                                       "reinstall slutrapport, or set SLUTRAPPORT_TEMPLATES to a folder of layouts\n")
    assert not (tmp_path / "out").exists()
