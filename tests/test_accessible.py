"""Every example in every layout passes the checks Word's accessibility checker makes on a
.docx: alternative text on pictures and charts, header rows on data tables, headings in
order, a document title and language."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from conftest import INPUTS
from engine import layouts

SOURCES = sorted(p for p in INPUTS.iterdir() if p.suffix in (".yaml", ".md"))


def _outline_level(paragraph) -> int | None:
    """The paragraph's outline level (0 = a heading of level 1), its own or its style's (inherited)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
        return int(ppr.find(qn("w:outlineLvl")).get(qn("w:val")))
    style = paragraph.style
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if found is not None:
            return int(found.get(qn("w:val")))
        style = style.base_style
    return None


def accessibility_findings(path) -> list[str]:
    """What Word's accessibility checker would flag in the .docx at ``path``, one line each."""
    document = docx.Document(path)
    found = []
    if not (document.core_properties.title or "").strip():
        found.append("no document title")
    if (document.core_properties.language or "") != "sv-SE":
        found.append(f"document language is {document.core_properties.language!r}, not sv-SE")
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if defaults is None or defaults.get(qn("w:val")) != "sv-SE":
        found.append("the default text language is not sv-SE")
    body = document.element.body
    for drawing in body.iter(qn("wp:docPr")):
        if not (drawing.get("descr") or drawing.get("title") or "").strip():
            found.append(f"picture or chart {drawing.get('name')!r} without alternative text")
    for number, table in enumerate(document.tables, 1):
        rows = table._tbl.tr_lst
        header = [r.trPr is not None and r.trPr.find(qn("w:tblHeader")) is not None for r in rows]
        if any(header) and header != sorted(header, reverse=True):
            found.append(f"table {number}: header rows not all at its top")
        # A table without a header row is one of the forms' layout grids: a label and its value
        # in one box, or a label beside its value, never more than a few columns wide.
        if not any(header) and len(table.columns) > 3:
            found.append(f"table {number} ({len(table.columns)} columns) is data without a header row")
    levels = [level for p in document.paragraphs if p.text.strip() and (level := _outline_level(p)) is not None
              and level < 9]
    if not levels:
        found.append("no headings")
    elif levels[0] != 0:
        found.append(f"the first heading has level {levels[0] + 1}, not 1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(f"heading level skipped: {before + 1} then {after + 1}")
            break
    return found


@pytest.mark.parametrize("layout", layouts.available())
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_example_passes_words_accessibility_checks(examples, source, layout):
    assert accessibility_findings(examples / f"{source.stem}.{layout}.docx") == []


def test_the_checks_catch_what_word_would_flag(examples, tmp_path):
    document = docx.Document(examples / "ung-intro.uppsala.docx")
    document.core_properties.title = ""
    picture = next(document.element.body.iter(qn("wp:docPr")))
    picture.set("descr", "")
    picture.set("title", "")
    data = next(t for t in document.tables if len(t.columns) == 3 and t._tbl.tr_lst[0].trPr is not None)
    for row in data._tbl.tr_lst:
        if row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None:
            row.trPr.remove(row.trPr.find(qn("w:tblHeader")))
    data.add_column(docx.shared.Cm(1))
    heading = next(p for p in document.paragraphs if _outline_level(p) == 1)
    heading._p.get_or_add_pPr().append(docx.oxml.parse_xml(f'<w:outlineLvl {docx.oxml.ns.nsdecls("w")} w:val="3"/>'))
    document.save(tmp_path / "broken.docx")
    found = accessibility_findings(tmp_path / "broken.docx")
    assert [line.split(" ")[0] for line in found] == ["no", "picture", "table", "heading"], found
