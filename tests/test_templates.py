"""The committed form templates are what their build scripts produce, and every layout is complete."""

from __future__ import annotations

import runpy

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
