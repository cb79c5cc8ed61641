"""Samordningsförbundet Uppsala län's older (2018) form with its economy annex."""

from __future__ import annotations

import docx
import pytest

from conftest import EXAMPLES, assert_in_order, text_lines

UPPSALA_2018_LABELS = [
    "Slutrapport samverkansinsatser inom samordningsförbundet",
    "Insatsens namn",
    "Insatsägare/Samverkansparter",
    "1. Organisation:", "Kontaktperson:",
    "2. Organisation:", "Kontaktperson:",
    "Beskriv syftet med insatsen:",
    "Beskriv målen med insatsen samt utfall/resultat:",
    "Beskriv bakgrunden till/behovet av insatsen",
    "Har detta behov förändrats i och med insatsens genomförande?",
    "Insatstid",
    "Startdatum:",
    "Slutdatum:",
    "Slutdatum för intag av deltagare i insatsen:",
    "Beskriv målgrupp för insatsen",
    "Beskriv metod/metoder ni använt och aktiviteter som skett:",
    "Har de metoder/aktiviteter ni angett i ansökan använts/utförts på det sätt som var tänkt?",
    "Beskriv uppföljning och utvärdering av målen:",
    "Beskriv hur insatsen kommer att implementeras (organisatoriskt, finansiellt och innehållsmässigt):",
    "Redogör för utfall av budget/finansiering:",
    "Beskriv tillvaratagna erfarenheter och lärdomar från insatsen:",
    "Underskrifter",
    "Ort och datum", "Insatsägare (namn)", "Insatsägare (namnförtydligande)",
    "Ort och datum", "Samverkanspart (namn)", "Samverkanspart (namnförtydligande)",
    "EKONOMI",
    "Kostnadspost", "Budget", "Utfall",
    "Totalt",
]


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_every_label_in_the_forms_order(examples, source):
    lines = text_lines(examples / f"{source.stem}.uppsala-2018.docx")
    assert_in_order(lines, UPPSALA_2018_LABELS)
    assert not any("None" in line for line in lines)


def test_alvkarleby_values_and_annex_totals(examples):
    path = examples / "langsiktig-samverkan-alvkarleby.uppsala-2018.docx"
    lines = text_lines(path)
    assert "Insatsens namn Långsiktig Samverkan" in lines
    assert "Slutdatum för intag av deltagare i insatsen: 2017-10-01" in lines
    assert lines[lines.index("Beskriv målen med insatsen samt utfall/resultat:") + 1].startswith("Mål LOKUS:")
    assert "ÄLVKARLEBY KOMMUN" in lines and "EKONOMI LÅNGSIKTIG SAMVERKAN" in lines
    annex = docx.Document(path).tables[-1]
    rows = [[c.text for c in row.cells] for row in annex.rows]
    nb = "\u00a0"
    assert rows[0] == ["Kostnadspost", "År", "Finansiär", "Budget (tkr)", "Utfall (tkr)"]
    assert rows[1] == ["Personalkostnad", "", "", f"994,0{nb}tkr", f"931,9{nb}tkr"]
    # Totals are computed: 994 + 200 = 1 194 tkr, 931,9 + 43,7 = 975,6 tkr.
    assert rows[-1] == ["Totalt", "", "", f"1{nb}194,0{nb}tkr", f"975,6{nb}tkr"]
    # Granted and used funds in the annex's one unit, the share computed.
    assert f"Beviljade medel: 1{nb}194,0{nb}tkr" in lines
    assert f"Utnyttjade medel: 975,6{nb}tkr (81,7{nb}% av beviljade medel)" in lines


def test_signature_blocks_with_place_and_date(examples):
    lines = text_lines(examples / "langsiktig-samverkan-alvkarleby.uppsala-2018.docx")
    places = [lines[i + 1] for i, line in enumerate(lines) if line == "Ort och datum"]
    assert places[0] == "Skutskär 2018-01-23"
    assert len(places) == 4  # the insatsägare and three samverkansparter
