"""Every rendered document is valid Word: the Open XML SDK's validator (as Word 2010 and
later read documents) finds nothing wrong in any example in any layout, nor in a source of
rich text at its hardest (tests/data/richtext/torture.yaml)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from conftest import DATA, INPUTS, ooxml_errors, rendered_documents, run_cli
from engine import layouts

LAYOUTS = layouts.available()
SOURCES = sorted(p for p in INPUTS.iterdir() if p.suffix in (".yaml", ".yml", ".md"))
DOCUMENTS = [f"{source.stem}.{layout}.docx" for source in SOURCES for layout in LAYOUTS]
TORTURE = DATA / "richtext" / "torture.yaml"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def validate_all(paths) -> dict:
    """Each document's validator errors, several documents at a time (one validator run each)."""
    paths = list(paths)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip((p.name for p in paths), pool.map(ooxml_errors, paths)))


@pytest.fixture(scope="module")
def example_errors(examples) -> dict:
    return validate_all(sorted(examples.glob("*.docx")))


def test_every_example_is_rendered_in_every_layout(examples):
    assert sorted(p.name for p in examples.glob("*.docx")) == sorted(DOCUMENTS)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_example_is_valid_word(example_errors, document):
    assert example_errors[document] == []


def test_the_validator_finds_what_is_wrong(examples, tmp_path):
    """The check is real: a document with a link whose relationship is missing is reported."""
    source = examples / DOCUMENTS[0]
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    link = (b'<w:p><w:hyperlink r:id="rId999"><w:r><w:t>no such link</w:t></w:r></w:hyperlink></w:p>'
            b'<w:sectPr')
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:sectPr", link, 1)
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    errors = ooxml_errors(broken)
    assert any("Sem_InvalidRelationshipId" in e and "rId999" in e for e in errors), errors


def test_the_sweep_takes_what_the_tool_wrote_and_nothing_else(tmp_path):
    """conftest's end-of-session sweep validates every document the tool rendered in any test:
    those its build record vouches for, once per content, and not a test's own altered copies."""
    out = tmp_path / "out"
    assert run_cli("build", INPUTS / "resan-soderhamn.yaml", "--forbund", "all", "-o", out).code == 0
    again = tmp_path / "again"
    assert run_cli("build", INPUTS / "resan-soderhamn.yaml", "--forbund", "all", "-o", again).code == 0
    edited = out / "resan-soderhamn.uppsala.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    found = rendered_documents(tmp_path)
    assert sorted(p.name for p in found.values()) == sorted(f"resan-soderhamn.{layout}.docx" for layout in LAYOUTS)
    assert edited not in found.values()


def test_a_file_that_is_no_document_is_reported(tmp_path):
    junk = tmp_path / "junk.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a document")
    junk.write_bytes(buffer.getvalue())
    assert ooxml_errors(junk) != []


# --- rich text at its hardest -------------------------------------------------------------


@pytest.fixture(scope="module")
def torture(tmp_path_factory):
    """The torture source rendered in every layout, as .docx and PDF."""
    out = tmp_path_factory.mktemp("torture")
    result = run_cli("build", TORTURE, "--forbund", "all", "--pdf", "-o", out)
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="module")
def torture_errors(torture) -> dict:
    return validate_all(sorted(torture.glob("*.docx")))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_torture_source_is_valid_word(torture_errors, layout):
    assert torture_errors[f"torture.{layout}.docx"] == []


def links(docx_path, part: str) -> list[str]:
    """The targets of the external hyperlinks in ``part`` (word/document.xml, word/footnotes.xml),
    each found through that part's own relationships; a link whose rId is not there fails."""
    folder, name = part.rsplit("/", 1)
    with zipfile.ZipFile(docx_path) as z:
        root = parse_xml(z.read(part))
        rels_name = f"{folder}/_rels/{name}.rels"
        rels = parse_xml(z.read(rels_name)) if rels_name in z.namelist() else None
    targets = {} if rels is None else {r.get("Id"): r.get("Target") for r in rels.iter(f"{PACKAGE_RELS}Relationship")}
    found = []
    for link in root.iter(qn("w:hyperlink")):
        rid = link.get(qn("r:id"))
        if rid is not None:
            assert rid in targets, f"{part}: hyperlink {rid} is not among {rels_name}'s relationships"
            found.append(targets[rid])
    return found


def source_links(text: str) -> set[str]:
    return set(re.findall(r"\]\((https?://[^)\s]+)\)", text))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_link_in_a_footnote_is_related_from_the_footnotes_part(torture, layout):
    docx_path = torture / f"torture.{layout}.docx"
    in_notes = links(docx_path, "word/footnotes.xml")
    assert {"https://example.org/cell-not", "https://example.org/not-tabell",
            "https://www.forsakringskassan.se/statistik"} <= set(in_notes)
    assert "https://skr.se/a" in in_notes  # also linked from the body: each part relates it itself
    body = set(links(docx_path, "word/document.xml"))
    assert "https://skr.se/a" in body and "https://example.org/cell-not" not in body


def test_every_link_reaches_the_pdf(torture):
    """LibreOffice makes every link a link, those in footnotes and tables too (the uppsala
    form has a place for every answer in the source)."""
    expected = source_links(TORTURE.read_text(encoding="utf-8"))
    docx_path = torture / "torture.uppsala.docx"
    assert set(links(docx_path, "word/document.xml")) | set(links(docx_path, "word/footnotes.xml")) == expected
    pdf = torture / "torture.uppsala.pdf"
    urls = {line.split()[-1] for line in run("pdfinfo", "-url", pdf).splitlines()[1:] if line.strip()}
    assert urls == expected
    text = " ".join(run("pdftotext", pdf, "-").split())
    for words in ["Se Försäkringskassan och SKR", "Behovsnot med länk.", "Not i en tabellcell med en länk",
                  "tabellänk", "en tredje länk"]:
        assert words in text, words


def run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout
