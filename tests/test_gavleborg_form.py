"""Samordningsförbund Gävleborg's form, read back; the 7.1/7.2 mark follows the figures."""

from __future__ import annotations

import docx
import pytest

from conftest import EXAMPLES, assert_in_order, text_lines

# The form's text in its own order, as it stands in the filled-in report of this edition.
GAVLEBORG_LABELS = [
    "Slutrapport",
    "Insats för samverkansmedel",
    "Denna mall ska användas vid slutrapportering av insatser finansierade av Samordningsförbund Gävleborg.",
    "Diarienummer", "Signatur", "Ankomstdatum",
    "Slutrapport för insatser skickas via e-post till",
    "Rapportens syfte är att förmedla information till styrelsen för uppföljning och lärande.",
    "Kontakt",
    "1. Allmänna uppgifter",
    "Insatsens namn", "Insatstid – åååå-mm-dd", "Beviljade medel för insatsen", "Utnyttjade medel",
    "2. Ansvarig för genomförande av insatsen",
    "Organisations namn", "Arbetsställets namn", "Namn - kontaktperson för insatsägare", "Mobiltelefonnummer",
    "E-postadress", "Postnummer", "Postadress",
    "3. Samverkansparter", "Organisation",
    "4. Insatsbeskrivning",
    "4.1 Syfte och bakgrund till insatsen:",
    "4.2 Målgrupp för insatsen: Vilka grupper/individer har omfattats av insatsen.",
    "5. Resultat och utfall av insats",
    "5.1 Måluppfyllelse: Ange mål och resultat.",
    "5.2 Arbetssätt och verksamhetsbeskrivning: Beskriv vilka metoder/arbetssätt och vilka aktiviteter som har "
    "genomförts. Har de metoder/aktiviteter ni angett i ansökan använts/utförts på det sätt som var tänkt?",
    "5.3 Avvikelser från planering (tidsplan, aktiviteter numerära mål, m.m.):",
    "Har insatsen kunnat genomföras enligt planering? Om inte, vilka åtgärder har vidtagits? Om målet ej nåtts, "
    "vad är orsaken till detta?",
    "5.4 Beskriv uppföljning och utvärdering av målen:",
    "Hur har ni arbetat med uppföljning och utvärdering, samt med vilka har detta kommunicerats?",
    "6. Analys",
    "6.1 Beskriv tillvaratagna erfarenheter och lärdomar från insatsen:",
    "6.2 Beskriv i vilken form insatsen har blivit eller kommer bli implementerad:",
    "6.3 Brukarmedverkan: Beskriv hur deltagare involverats och gjorts delaktiga i insatsen, samt vilka lärdomar "
    "och erfarenheter de bidragit med.",
    "6.4 Beskriv framgångsfaktorer/positiva effekter:",
    "6.5 Beskriv identifierade systemfel som påverkat insatsens resultat:",
    "7. Ekonomiuppföljning utnyttjade medel",
    "7.1 Beviljade medel är helt utnyttjade",
    "7.1.1 Var den budget ni lagt bra avvägd i förhållande till verksamheten? Beskriv om ni skulle gjort något "
    "annorlunda i efterhand och vilken betydelse det skulle haft för insatsen.",
    "7.2 Beviljade medel är inte helt utnyttjade",
    "7.2.1 Varför utnyttjades inte beviljade insatsmedel? Berätta om de faktorer som påverkat utfallet.",
    "8. Uppgiftslämnare",
    "Datum", "Namn",
]

SOURCE = """\
namn: Provinsats
förbund: gavleborg
insatsägare:
  organisation: Gävle kommun
ekonomi:
  beviljat: 1 000 000 kr
  utnyttjat: {used}
  kommentar: Budgeten var väl avvägd.
"""


def marks(lines):
    full = next(line for line in lines if "7.1 Beviljade medel är helt utnyttjade" in line)
    partial = next(line for line in lines if "7.2 Beviljade medel är inte helt utnyttjade" in line)
    return full[0], partial[0]


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_every_label_in_the_forms_order(examples, source):
    lines = text_lines(examples / f"{source.stem}.gavleborg.docx")
    assert_in_order(lines, GAVLEBORG_LABELS)
    assert not any("None" in line for line in lines)


def test_resan_values_in_their_places(examples):
    path = examples / "resan-soderhamn.gavleborg.docx"
    lines = text_lines(path)
    doc = docx.Document(path)
    registry = doc.tables[0].rows[0].cells
    # The registry's box: the source's case number; signature and date of arrival stay blank for the förbund.
    assert [c.text.strip() for c in registry] == ["Diarienummer\nSFG 23–12.5", "Signatur", "Ankomstdatum"]
    general = [row.cells[0].text for row in doc.tables[2].rows]
    assert general == ["Insatsens namn\nRESAN", "Insatstid – åååå-mm-dd\n2022-01-01 – 2023-12-31",
                       "Beviljade medel för insatsen\n2\u00a0458\u00a0000\u00a0kr",
                       "Utnyttjade medel\n2\u00a0064\u00a0312\u00a0kr (84,0\u00a0% av beviljade medel)"]
    assert "Söderhamns kommun" in lines and "Västra Storgatan 16-18" in lines
    assert lines.index("Arbetsförmedlingen") < lines.index("Försäkringskassan") < lines.index("4. Insatsbeskrivning")
    # 2 064 312 of 2 458 000 kr: not fully used, so 7.2 is marked and the answer stands under 7.2.1.
    assert marks(lines) == ("\u2610", "\u2612")
    answer = lines.index("7.2.1 Varför utnyttjades inte beviljade insatsmedel? Berätta om de faktorer som påverkat utfallet.")
    assert lines[answer + 1].startswith("Av de beviljande medel för projektet blev 97% utnyttjade.")
    assert lines[lines.index("Datum") + 2:lines.index("Datum") + 4] == ["2024-01-08", "Jonas Hedlund"]


@pytest.mark.parametrize("used,expected", [("1 000 000 kr", ("\u2612", "\u2610")),
                                           ("1 000 tkr", ("\u2612", "\u2610")),
                                           ("999 999 kr", ("\u2610", "\u2612")),
                                           ("0", ("\u2610", "\u2612"))])
def test_branch_follows_the_figures(tmp_path, build, used, expected):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE.format(used=used), encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    lines = text_lines(out / "prov.gavleborg.docx")
    assert marks(lines) == expected
    branch = "7.1.1" if expected[0] == "\u2612" else "7.2.1"
    after = next(i for i, line in enumerate(lines) if line.startswith(branch))
    assert lines[after + 1] == "Budgeten var väl avvägd."


def test_no_figures_no_mark(tmp_path, build):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE.replace("  utnyttjat: {used}\n", ""), encoding="utf-8")
    result, out = build(source)
    assert marks(text_lines(out / "prov.gavleborg.docx")) == ("\u2610", "\u2610")
