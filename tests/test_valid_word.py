"""Every rendered document is valid Word: the Open XML SDK's validator (as Word 2010 and
later read documents) finds nothing wrong in any example in any layout."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import INPUTS, ooxml_errors
from engine import layouts

LAYOUTS = layouts.available()
SOURCES = sorted(p for p in INPUTS.iterdir() if p.suffix in (".yaml", ".yml", ".md"))
DOCUMENTS = [f"{source.stem}.{layout}.docx" for source in SOURCES for layout in LAYOUTS]


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


def test_a_file_that_is_no_document_is_reported(tmp_path):
    junk = tmp_path / "junk.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a document")
    junk.write_bytes(buffer.getvalue())
    assert ooxml_errors(junk) != []
