"""The same insats written as YAML and as Markdown renders the same document."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from conftest import INPUTS

PAIR = ("ung-intro.yaml", "ung-intro-markdown.md")
PARTS = ["word/document.xml", "word/footnotes.xml", "word/numbering.xml", "word/_rels/document.xml.rels",
         "word/styles.xml"]


@pytest.mark.parametrize("layout", ["uppsala", "gavleborg", "uppsala-2018"])
def test_yaml_and_markdown_give_identical_documents(examples, layout):
    yaml_doc, md_doc = (examples / f"{name.rsplit('.', 1)[0]}.{layout}.docx" for name in PAIR)
    with zipfile.ZipFile(yaml_doc) as a, zipfile.ZipFile(md_doc) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for part in PARTS:
            assert a.read(part) == b.read(part), part


def test_the_pair_is_rich(examples):
    """The pair exercises what Markdown brings: lists, footnotes, tables, emphasis."""
    document = docx.Document(examples / "ung-intro-markdown.uppsala.docx")
    body = document.element.body
    assert len(list(body.iter(qn("w:numPr")))) > 10
    assert len(list(body.iter(qn("w:footnoteReference")))) >= 10
    assert len(list(body.iter(qn("w:tbl")))) > 4  # the form's own tables plus tables in answers
    assert any(r.italic for p in document.paragraphs for r in p.runs)


def test_both_sources_exist():
    assert all((INPUTS / name).is_file() for name in PAIR)
