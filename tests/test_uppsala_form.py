"""The Uppsala 2021 form, rendered from real sources and read back as a förbund officer would."""

from __future__ import annotations

import docx
import pytest

from conftest import EXAMPLES, assert_in_order, blocks, cells, md_paragraphs, text_lines

# The form's labels in its own order, as they stand in the filled-in reports of this edition.
UPPSALA_2021_LABELS = [
    "Slutrapport samverkansinsatser inom samordningsförbundet",
    "(Slutrapport ska lämnas in till förbundet senast en månad efter avslutad insats.)",
    "Insatsens namn:",
    "Diariernr:",
    "Insatsägare/Samverkansparter",
    "Organisation:",
    "Ange syftet med insatsen (såsom det beskrevs i ansökan):",
    "Ange uppsatta mål för insatsen:",
    "Har målen uppnåtts? Ja eller Nej",
    "Ange utfall/resultat för respektive mål:",
    "Beskriv hur ni i insatsen resonerat kring jämställdhet och jämlikhet:",
    'Hur har det behov som angavs i ansökan ("Bakgrund") förändrats i och med insatsens genomförande:',
    "Insatstid",
    "Startdatum:",
    "Slutdatum:",
    "Ange hur målgrupp för insatsen definierades i ansökan:",
    "Har målgruppen förändrats under pågående insats och i så fall hur:",
    "Ange antal deltagare som deltagit i insatsen:",
    "Ange metod/metoder som definierades i ansökan:",
    "Har metod/metoder förändrats under pågående insats och i så fall hur:",
    "Har aktuella metoder/aktiviteter använts/utförts på det sätt som var tänkt:",
    "Ange metod för uppföljning och utvärdering av målen:",
    "Ange hur resultaten för insatsen kommer att tas tillvara i ordinarie verksamhet",
    "Har medel återförts till förbundet, iså fall varför?",
    "Ifall medel har återförts till förbundet, vad har detta fått för konsekvenser för innehållet och utfallet av insatsen?",
    "Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit:",
    "Underskrift",
    "Organisation och datum",
    "Insatsägare (namn)",
    "Insatsägare (namnförtydligande)",
    "E-post:",
    "Insatsens namn",
]

def goals_table(path):
    """The goals table's rows: (goal cell, verdict cell, result cell) texts below the header."""
    head = next(b for b in blocks(docx.Document(path)) if hasattr(b, "rows")
                and b.rows[0].cells[0].text.startswith("Ange uppsatta mål"))
    rows = [[c.text for c in row_cells] for _row, row_cells in cells(head)]
    start = next(i for i, r in enumerate(rows) if r[0].startswith("Ange uppsatta mål"))
    goal_rows = []
    for r in rows[start + 1:]:
        if len(r) != 3:
            break
        goal_rows.append(r)
    return goal_rows


def signature_tables(path):
    tables = [b for b in blocks(docx.Document(path)) if hasattr(b, "rows")]
    return [t for t in tables if t.rows[0].cells[0].text == "Underskrift"]


def test_examples_exist():
    assert {p.name for p in EXAMPLES} >= {"samverkan-gottsunda.yaml", "framsteget-habo.yaml",
                                          "resan-soderhamn.yaml", "langsiktig-samverkan-alvkarleby.yaml"}


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_every_label_in_the_forms_order(examples, source):
    lines = text_lines(examples / f"{source.stem}.uppsala.docx")
    assert_in_order(lines, UPPSALA_2021_LABELS)
    assert not any("None" in line for line in lines)


def test_gottsunda_values_in_their_places(examples):
    path = examples / "samverkan-gottsunda.uppsala.docx"
    lines = text_lines(path)
    assert "Insatsens namn: Samverkan Gottsunda" in lines
    assert "Diariernr: 2018:4" in lines  # not YAML 1.1's base-60 integer 121084
    assert "Startdatum: 2018-06-15" in lines and "Slutdatum: 2020-12-31" in lines
    assert lines[lines.index("Insatsägare/Samverkansparter") + 1] == "Organisation: Uppsala kommun, insatsägare"
    # Each answer directly follows its question.
    after = lambda label: lines[lines.index(label) + 1]  # noqa: E731
    assert after("Ange antal deltagare som deltagit i insatsen:") == "Insatsen är en förstudie och har inga deltagare."
    assert after("Ange syftet med insatsen (såsom det beskrevs i ansökan):").startswith("Syftet är att undersöka behovet")
    assert after("Har medel återförts till förbundet, iså fall varför?") == "Nej, inga medel har återförts."


def test_goals_table_has_one_row_per_goal_with_verdict_in_the_middle(examples):
    import yaml

    for source in EXAMPLES:
        goals = yaml.safe_load(source.read_text(encoding="utf-8"))["mål"]
        rows = goals_table(examples / f"{source.stem}.uppsala.docx")
        assert len(rows) == len(goals), source.name
        for row, goal in zip(rows, goals):
            assert row[1] == goal.get("uppnått", "").capitalize()
            assert md_paragraphs(goal["mål"])[0] in row[0]
    gottsunda = goals_table(examples / "samverkan-gottsunda.uppsala.docx")
    assert [r[1] for r in gottsunda][0] == "Nej"


def test_one_signature_block_per_party(examples):
    import yaml

    for source in EXAMPLES:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        tables = signature_tables(examples / f"{source.stem}.uppsala.docx")
        assert len(tables) == 1 + len(data["samverkansparter"])
        roles = [t.rows[2].cells[0].text for t in tables]
        assert roles == ["Insatsägare (namn)"] + ["Samverkanspart (namn)"] * len(data["samverkansparter"])
        orgs = [t.rows[1].cells[1].text for t in tables]
        assert orgs[0].startswith(data["insatsägare"].get("underskrift", {}).get("organisation")
                                  or data["insatsägare"]["organisation"])
        for org, party in zip(orgs[1:], data["samverkansparter"]):
            assert org.startswith(party["organisation"])


def test_signature_details_are_filled_in(examples):
    first = signature_tables(examples / "samverkan-gottsunda.uppsala.docx")[0]
    values = [row.cells[1].text for row in first.rows]
    assert values[1].endswith("2021-01-27")
    assert values[2] == ""  # the hand-written signature stays blank
    assert values[3] and "@" in values[4]
