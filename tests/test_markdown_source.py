"""Markdown sources: front matter + one heading per answer read into the same data as YAML."""

from __future__ import annotations

import pytest

from conftest import FRONT, listing, run_cli, text_lines
from engine.loader import load


YAML_TWIN = """\
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
syfte: |
  Att **pröva**.
målgrupp:
  beskrivning: Unga vuxna.
  förändring: Oförändrad.
mål:
  - rubrik: Samordningsteam
    mål: Minst 20 individer per år
    uppnått: ja
    resultat: |
      81 individer.

      Ett stycke till.
  - rubrik: Samordningsteam
    mål: Handlingsplan för alla
    uppnått: delvis
lärdomar:
  - part: Försäkringskassan
    text: Samverkan är svårt.
  - part: Arbetsförmedlingen
    text: Håller med.
"""

AS_MARKDOWN = FRONT + """
## Syfte

Att **pröva**.

## Ange hur målgrupp för insatsen definierades i ansökan:
Unga vuxna.

## Har målgruppen förändrats under pågående insats och i så fall hur
Oförändrad.

## Mål
### Samordningsteam
- Minst 20 individer per år
  Uppnått: ja
  Resultat: 81 individer.

  Ett stycke till.
- Handlingsplan för alla
  Uppnått: delvis

## Lärdomar
### Försäkringskassan
Samverkan är svårt.

### Arbetsförmedlingen
Håller med.
"""

AS_TABLE = FRONT + """
# Syfte
Att **pröva**.

## Målgrupp
Unga vuxna.

## Målgruppens förändring
Oförändrad.

## Mål och resultat
| Rubrik | Mål | Har målen uppnåtts? Ja eller Nej | Ange utfall/resultat för respektive mål |
|---|---|---|---|
| Samordningsteam | Minst 20 individer per år | ja | 81 individer. |
| Samordningsteam | Handlingsplan för alla | delvis | |

## lärdomar
### Försäkringskassan
Samverkan är svårt.

### Arbetsförmedlingen
Håller med.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def dump(path):
    insats, _ = load(path)
    return insats.model_dump()


def test_markdown_reads_like_yaml(tmp_path):
    yaml_source = write(tmp_path, "a.yaml", YAML_TWIN)
    md_source = write(tmp_path, "b.md", AS_MARKDOWN)
    assert dump(md_source) == dump(yaml_source)


def test_goals_as_a_table_and_form_wording(tmp_path):
    insats, _ = load(write(tmp_path, "c.md", AS_TABLE))
    assert [(g.heading, g.text, g.achieved.value, g.result) for g in insats.goals] == [
        ("Samordningsteam", "Minst 20 individer per år", "ja", "81 individer."),
        ("Samordningsteam", "Handlingsplan för alla", "delvis", None)]
    assert insats.target_group.description == "Unga vuxna." and insats.purpose == "Att **pröva**."


def test_markdown_and_yaml_render_the_same_document(tmp_path):
    yaml_source = write(tmp_path, "a.yaml", YAML_TWIN)
    md_source = write(tmp_path, "b.md", AS_MARKDOWN)
    result = run_cli("build", yaml_source, md_source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert text_lines(tmp_path / "out" / "a.uppsala.docx") == text_lines(tmp_path / "out" / "b.uppsala.docx")


@pytest.mark.parametrize("body,line,words", [
    ("## Kaffe och kakor\nx\n", 7, "unknown heading 'Kaffe och kakor'; use one of: Syfte, Bakgrund"),
    ("## Syfte\nx\n\n## Syfte\ny\n", 10, "syfte: given twice: as a heading on line 7 and again here"),
    ("Lös text först.\n\n## Syfte\nx\n", 7, "text before the first heading"),
    ("## Mål\n| Mål | Betyg |\n|---|---|\n| a | b |\n", 8, "unknown goals-table column 'Betyg'"),
])
def test_bad_markdown_points_at_its_line(tmp_path, body, line, words):
    source = write(tmp_path, "bad.md", FRONT + body)
    result = run_cli("check", source)
    assert result.code == 1 and "Traceback" not in result.err
    first = result.err.splitlines()[0]
    assert first.startswith(f"{source}:{line}: ") and words in first, first


def test_front_matter_and_heading_for_one_field(tmp_path):
    source = write(tmp_path, "both.md", FRONT.replace("---\n", "---\nsyfte: Ett\n", 1) + "\n## Syfte\nTvå\n")
    result = run_cli("check", source)
    assert result.code == 1
    assert f"{source}:9: error: syfte: given both in the front matter (line 2) and as a heading; keep one" in result.err


def test_errors_in_front_matter_and_sections_have_file_lines(tmp_path):
    source = write(tmp_path, "fm.md", FRONT.replace("förbund: uppsala", "förbund: uppsala\nsyftet: x") +
                   "\n## Mål\n- Ett mål\n  Uppnått: kanske\n")
    result = run_cli("check", source)
    lines = result.err.splitlines()
    assert lines[0] == f"{source}:4:1: error: syftet: unknown key 'syftet' (did you mean 'syfte'?)"
    assert lines[1].startswith(f"{source}:11:1: error: mål[1].uppnått: 'kanske' is not one of")


def test_claims_in_markdown_point_at_their_line(tmp_path):
    body = "\n## Deltagare\nFörsta raden.\n\nTotalt 10 personer, varav 4 kvinnor och 5 män.\n"
    source = write(tmp_path, "claim.md", FRONT + body)
    result = run_cli("check", source)
    (warning,) = [line for line in result.err.splitlines() if ": warning: " in line]
    assert warning.startswith(f"{source}:11: warning: deltagare.kommentar: ")


def test_folder_builds_take_markdown_too(tmp_path):
    write(tmp_path, "a.yaml", YAML_TWIN)
    write(tmp_path, "b.md", AS_MARKDOWN)
    result = run_cli("build", tmp_path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert listing(tmp_path / "out") == ["a.uppsala.docx", "b.uppsala.docx"]


def test_a_forms_question_about_the_participants_is_their_comment(tmp_path):
    """Uppsala's "Ange antal deltagare …" shows the structural parts' comment and the participants'
    one: its heading stands for the participants' own, not the structural parts'."""
    source = tmp_path / "deltagare.md"
    source.write_text(FRONT + "\n## Ange antal deltagare som deltagit i insatsen\n"
                      "27 personer, varav 12 kvinnor och 14 män.\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    (warning,) = [line for line in result.err.splitlines() if ": warning: " in line]
    assert warning.startswith(f"{source}:9: warning: deltagare.kommentar: "), warning
    lines = text_lines(tmp_path / "out" / "deltagare.uppsala.docx")
    assert lines[lines.index("Ange antal deltagare som deltagit i insatsen:") + 1] == \
        "27 personer, varav 12 kvinnor och 14 män."
    skeleton = tmp_path / "ny.md"
    assert run_cli("new", skeleton, "--forbund", "uppsala").code == 0
    headings = [line for line in skeleton.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    i = headings.index("## Ange antal deltagare som deltagit i insatsen")
    assert headings[i + 1] == "## Strukturinriktade delar"
