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
    goals = docx.Document(path).tables[1]
    assert any(row.cells[1].text == "" and row.cells[0].text == "" for row in goals.rows)
    assert lines[lines.index("Ange syftet med insatsen (såsom det beskrevs i ansökan):") + 1] == "Ange uppsatta mål för insatsen:"


def test_paragraphs_and_line_breaks(tmp_path, build):
    # Prose is Markdown: a blank line separates paragraphs, a lone line break is a space,
    # a backslash at the end of a line keeps the break.
    source = MINIMAL + "syfte: |\n  Första stycket.\n\n  Andra stycket\n  på två rader.\\\n  Ny rad.\n"
    result, out = build(write(tmp_path, source))
    assert result.code == 0, result.err
    lines = text_lines(out / "insats.uppsala.docx")
    i = lines.index("Första stycket.")
    assert lines[i + 1] == "Andra stycket på två rader.\nNy rad."


def test_participant_counts_become_a_sentence(tmp_path, build):
    result, out = build(write(tmp_path, MINIMAL + "deltagare:\n  kvinnor: 125\n  män: 182\n  kommentar: Källa SUS.\n"))
    lines = text_lines(out / "insats.uppsala.docx")
    i = lines.index("Ange antal deltagare som deltagit i insatsen:")
    assert lines[i + 1:i + 3] == ["307 personer, varav 125 kvinnor och 182 män.", "Källa SUS."]


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


def test_computed_figures_in_the_forms(tmp_path, build):
    source = write(tmp_path, MINIMAL + """\
mål:
  - mål: 80 % av de utskrivna ska ha gått vidare
    mål_andel: 80 %
    utfall: 157
    av: 199
    resultat: De flesta gick vidare.
deltagare:
  kvinnor: 76
  män: 143
  avslutade_till: {arbete: 12, studier: 36}
  sysselsättning:
    - {kategori: Arbete, före: 3, efter: 12}
""")
    result, out = build(source, extra=("--forbund", "all"))
    assert result.code == 0, result.err
    nb = "\u00a0"
    uppsala = docx.Document(out / "insats.uppsala.docx")
    goal_row = [c.text for c in uppsala.tables[1].rows[1].cells]
    assert goal_row[1] == "Nej"  # computed: 78,9 % is below the 80 % target
    assert goal_row[2] == f"De flesta gick vidare.\nUtfall: 157 av 199 (78,9{nb}%); mål: 80{nb}%."
    lines = text_lines(out / "insats.uppsala.docx")
    i = lines.index("Ange antal deltagare som deltagit i insatsen:")
    assert lines[i + 1:i + 4] == ["219 personer, varav 76 kvinnor och 143 män.",
                                  f"Avslutade till: arbete 12 (25,0{nb}%), studier 36 (75,0{nb}%); av 48 avslutade.",
                                  "Sysselsättning före → efter insats (antal): Arbete 3 → 12."]
    gavleborg = text_lines(out / "insats.gavleborg.docx")
    assert "Målet uppnått: Nej" in gavleborg
    assert "219 personer, varav 76 kvinnor och 143 män." in gavleborg
