"""The committed form templates are what their build scripts produce, and every layout is complete."""

from __future__ import annotations

import runpy

import docx

import pytest

from conftest import ROOT, text_lines
from engine import layouts

SCRIPTS = sorted((ROOT / "templates").glob("*/build_form.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.parent.name)
def test_committed_form_matches_its_build_script(tmp_path, script):
    built = tmp_path / "form.docx"
    runpy.run_path(str(script), run_name="build_form")["build"](built)
    assert text_lines(built) == text_lines(script.parent / "form.docx")


def test_each_layout_folder_declares_its_form_and_has_a_template():
    assert "uppsala" in layouts.available()
    for layout_id in layouts.available():
        layout = layouts.get(layout_id)
        assert layout.template.is_file()
        assert layout.questions and all(layout.answered_by(q) for q in layout.questions)
        assert layout.hook is None  # the shipped forms need no Python


def test_tags_typed_in_word_are_repaired(tmp_path):
    """What Word makes of hand-typed tags: split over runs with spell-check marks between and a
    change of formatting inside, curly quotes, a no-break space, an en dash."""
    import docx
    from docx.oxml import OxmlElement

    from engine.writers.docx import render

    form = docx.Document()
    typed = form.add_paragraph("Insats: ")
    for text, bold in (("{", False), ("{\u00a0na", True), ("me }}", False)):
        typed.add_run(text).bold = bold
    condition = form.add_paragraph()
    condition.add_run("{% if name == \u201cProv")
    condition._p.append(OxmlElement("w:proofErr"))
    condition.add_run("insatsen\u201d and count \u2013 1 > 0 %}Ja{% else %}Nej{% endif %}")
    form.add_paragraph("\u201cCitat\u201d \u2013 formulärets egen text")
    template = tmp_path / "form.docx"
    form.save(template)
    out = tmp_path / "out.docx"
    out.write_bytes(render(template, {"name": "Provinsatsen", "count": 2}))
    assert text_lines(out) == ["Insats: Provinsatsen", "Ja", "\u201cCitat\u201d \u2013 formulärets egen text"]


#: The heading level of a question in each form: under the title (1), or under sections (2).
QUESTION_LEVEL = {"uppsala": 2, "uppsala-2018": 2, "struktur": 2, "gavleborg": 3, "allman": 3}


@pytest.mark.parametrize("layout_id", sorted(QUESTION_LEVEL))
def test_forms_carry_what_a_tagged_pdf_needs(layout_id):
    """Swedish as the document language, every question a heading, the header row of every data
    table marked as one, alternative text on every picture: what LibreOffice tags a PDF from."""
    from docx.oxml.ns import qn

    assert set(layouts.available()) == set(QUESTION_LEVEL)
    form = docx.Document(str(layouts.get(layout_id).template))
    defaults = form.styles.element.find(qn("w:docDefaults"))
    assert {lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))} == {"sv-SE"}
    assert form.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "sv-SE"
    level = form.styles["Fråga"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert level is not None and int(level.get(qn("w:val"))) + 1 == QUESTION_LEVEL[layout_id]
    for table in form.tables:
        first = [c.text for c in table.rows[0].cells]
        is_data = len(set(first)) > 1 and all(t and "{" not in t for t in first)  # column labels, no tags
        marked = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert marked == is_data, first
    for picture in form.element.body.iter(qn("wp:docPr")):
        assert picture.get("descr"), picture.get("name")
