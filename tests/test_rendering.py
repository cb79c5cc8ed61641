"""Rendering edge cases with small sources written by the tests themselves."""

from __future__ import annotations

import docx

from conftest import text_lines

MINIMAL = """\
namn: Liten insats
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
"""


def write(tmp_path, text, name="insats.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_text_is_never_a_template(tmp_path, build):
    source = write(tmp_path, MINIMAL + """\
syfte: |
  Vi & de <andra> sa "hej" och 'då'. {{ x }} {% if y %}z{% endif %} {#c#} {{r a }} {%tr b %}
mål:
  - mål: "{{ 7*7 }}"
    uppnått: ja
""")
    result, out = build(source)
    assert result.code == 0, result.err
    lines = text_lines(out / "insats.uppsala.docx")
    assert """Vi & de <andra> sa "hej" och 'då'. {{ x }} {% if y %}z{% endif %} {#c#} {{r a }} {%tr b %}""" in lines
    assert "{{ 7*7 }}" in lines and "49" not in lines


def test_unanswered_questions_stay_empty(tmp_path, build):
    result, out = build(write(tmp_path, MINIMAL))
    assert result.code == 0, result.err
    path = out / "insats.uppsala.docx"
    lines = text_lines(path)
    assert not any("None" in line for line in lines)
    # The empty goals table still has one row to fill in by hand.
    head = docx.Document(path).tables[0]
    assert any(row.cells[1].text == "" and row.cells[0].text == "" for row in head.rows)
    assert lines[lines.index("Ange syftet med insatsen (såsom det beskrevs i ansökan):") + 1] == "Ange uppsatta mål för insatsen:"


def test_paragraphs_and_line_breaks(tmp_path, build):
    result, out = build(write(tmp_path, MINIMAL + "syfte: |\n  Första stycket.\n\n  Andra stycket\n  med radbrytning.\n"))
    assert result.code == 0, result.err
    lines = text_lines(out / "insats.uppsala.docx")
    i = lines.index("Första stycket.")
    assert lines[i + 1] == "Andra stycket\nmed radbrytning."


def test_participant_counts_become_a_sentence(tmp_path, build):
    result, out = build(write(tmp_path, MINIMAL + "deltagare:\n  kvinnor: 125\n  män: 182\n  kommentar: Källa SUS.\n"))
    lines = text_lines(out / "insats.uppsala.docx")
    i = lines.index("Ange antal deltagare som deltagit i insatsen:")
    assert lines[i + 1:i + 3] == ["307 personer, varav 125 kvinnor och 182 män", "Källa SUS."]


def test_values_that_yaml_11_would_mangle_stay_as_written(tmp_path, build):
    result, out = build(write(tmp_path, MINIMAL.replace("Tierps kommun", "no") + """\
diarienummer: 2017:38
insatstid:
  start: 2018-01-01
samverkansparter:
  - organisation: Region Uppsala
    kontaktperson: {namn: Test Testsson, telefon: 0701234567}
"""))
    assert result.code == 0, result.err
    lines = text_lines(out / "insats.uppsala.docx")
    assert "Diariernr: 2017:38" in lines
    assert "Organisation: no, insatsägare" in lines
