"""Build ``form.docx``: Samordningsförbund Gävleborg's "Slutrapport – Insats för samverkansmedel".

Wording, numbering, order and tables follow the filled-in report of the 2023 edition.
The förbund's own details (contacts, submission address) come from ``layout.yaml`` at
render time, so they can change without rebuilding the form. Run after changing the form:
``python templates/gavleborg/build_form.py``; the tags are the context that
``layout.yaml`` beside it fills.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx.shared import Pt  # noqa: E402
from formbuilder import header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save, table  # noqa: E402,E501

SECTIONS = {
    4: ("4. Insatsbeskrivning", [
        ("4.1 Syfte och bakgrund till insatsen:", "purpose_background"),
        ("4.2 Målgrupp för insatsen: Vilka grupper/individer har omfattats av insatsen.", "target_group"),
    ]),
    6: ("6. Analys", [
        ("6.1 Beskriv tillvaratagna erfarenheter och lärdomar från insatsen:", "lessons"),
        ("6.2 Beskriv i vilken form insatsen har blivit eller kommer bli implementerad:", "implementation"),
        ("6.3 Brukarmedverkan: Beskriv hur deltagare involverats och gjorts delaktiga i insatsen, samt vilka "
         "lärdomar och erfarenheter de bidragit med.", "user_involvement"),
        ("6.4 Beskriv framgångsfaktorer/positiva effekter:", "success_factors"),
        ("6.5 Beskriv identifierade systemfel som påverkat insatsens resultat:", "system_faults"),
    ]),
}


def box(cell, label: str, value: str) -> None:
    """A form field: a small label above its value, in one table cell."""
    p = para(cell, label, style="Svar")
    p.runs[0].font.size = Pt(8)
    p.paragraph_format.space_after = Pt(0)
    para(cell, value, style="Svar")


def section(doc, heading: str, questions: list[tuple[str, str]]) -> None:
    """A numbered section that holds only questions answered in prose."""
    para(doc, heading, style="Heading 2")
    for label, var in questions:
        question(doc, label, var)


def build(path: Path) -> None:
    # Heading 1 is the form's name, its sections Heading 2, so the questions are level 3.
    doc = new_document("Slutrapport – Insats för samverkansmedel", "Samordningsförbund Gävleborg",
                       title_level=None, question_level=3)
    para(doc, "Slutrapport", style="Title")
    para(doc, "Insats för samverkansmedel", style="Heading 1")
    para(doc, "Denna mall ska användas vid slutrapportering av insatser finansierade av Samordningsförbund "
              "Gävleborg.")

    # The förbund's registry box: the case number when the source gives it; signature and
    # date of arrival are the registry's own, always left blank.
    registry = table(doc, rows=1, widths_cm=[5.5, 5.5, 5.5])
    for cell, label, value in zip(registry.rows[0].cells, ["Diarienummer", "Signatur", "Ankomstdatum"],
                                  ["{{ case_number }}", "", ""]):
        box(cell, label, value)

    para(doc)
    labelled(doc, "Slutrapport för insatser skickas via e-post till", "{{ submit_to }}", style="Normal")
    para(doc, "Rapportens syfte är att förmedla information till styrelsen för uppföljning och lärande.")

    contact = merged_row(table(doc, rows=1, widths_cm=[16.6]), 0)
    para(contact, "Kontakt", bold=True)
    # The förbund's staff as its layout.yaml names them; without them, its own address only.
    para(contact, "{%p for person in contacts %}")
    para(contact, "{{ person.name_and_role }}", style="Svar").paragraph_format.space_after = Pt(0)
    para(contact, "{%p if person.email %}")
    para(contact, "{{ person.email }}", style="Svar").paragraph_format.space_after = Pt(0)
    para(contact, "{%p endif %}")
    para(contact, "{%p if person.phone %}")
    para(contact, "Tfn: {{ person.phone }}", style="Svar")
    para(contact, "{%p endif %}")
    para(contact, "{%p endfor %}")
    para(contact, "{%p if not contacts %}")
    para(contact, "{{ forbund }}", style="Svar").paragraph_format.space_after = Pt(0)
    para(contact, "{{ submit_to }}", style="Svar")
    para(contact, "{%p endif %}")

    para(doc, "1. Allmänna uppgifter", style="Heading 2")
    general = table(doc, rows=4, widths_cm=[16.6])
    for row, (label, value) in zip(general.rows, [
        ("Insatsens namn", "{{ name }}"),
        ("Insatstid – åååå-mm-dd", "{{ period }}"),
        ("Beviljade medel för insatsen", "{{ granted }}"),
        ("Utnyttjade medel", "{{ used }}"),
    ]):
        box(row.cells[0], label, value)

    para(doc, "2. Ansvarig för genomförande av insatsen", style="Heading 2")
    owner = table(doc, rows=3, widths_cm=[8.3, 8.3])
    box(owner.rows[0].cells[0], "Organisations namn", "{{ owner.organisation }}")
    box(owner.rows[0].cells[1], "Arbetsställets namn", "{{ owner.workplace }}")
    box(owner.rows[1].cells[0], "Namn - kontaktperson för insatsägare", "{{ owner.contacts }}")
    box(owner.rows[1].cells[1], "Mobiltelefonnummer", "{{ owner.phones }}")
    box(merged_row(owner, 2), "E-postadress", "{{ owner.emails }}")
    para(doc)
    address = table(doc, rows=1, widths_cm=[5.0, 11.6])
    box(address.rows[0].cells[0], "Postnummer", "{{ owner.postal_code }}")
    box(address.rows[0].cells[1], "Postadress", "{{ owner.postal_address }}")

    para(doc, "3. Samverkansparter", style="Heading 2")
    partners = table(doc, rows=3, widths_cm=[16.6])
    para(partners.rows[0].cells[0], "{%tr for partner in partners %}")
    box(partners.rows[1].cells[0], "Organisation", "{{ partner }}")
    para(partners.rows[2].cells[0], "{%tr endfor %}")

    section(doc, *SECTIONS[4])

    para(doc, "5. Resultat och utfall av insats", style="Heading 2")
    para(doc, "5.1 Måluppfyllelse: Ange mål och resultat.", style="Fråga")
    para(doc, "{%p for goal in goals %}")
    para(doc, "{{ goal.label }}", style="Svar", bold=True).paragraph_format.keep_with_next = True
    prose(doc, "goal.text")
    optional_prose(doc, "goal.result")
    para(doc, "{%p if goal.achieved %}")
    labelled(doc, "Målet uppnått:", "{{ goal.achieved }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    question(doc, "5.2 Arbetssätt och verksamhetsbeskrivning: Beskriv vilka metoder/arbetssätt och vilka "
                  "aktiviteter som har genomförts. Har de metoder/aktiviteter ni angett i ansökan "
                  "använts/utförts på det sätt som var tänkt?", "methods")
    para(doc, "5.3 Avvikelser från planering (tidsplan, aktiviteter numerära mål, m.m.):", style="Fråga")
    para(doc, "Har insatsen kunnat genomföras enligt planering? Om inte, vilka åtgärder har vidtagits? "
              "Om målet ej nåtts, vad är orsaken till detta?", italic=True)
    prose(doc, "deviations")
    para(doc, "5.4 Beskriv uppföljning och utvärdering av målen:", style="Fråga")
    para(doc, "Hur har ni arbetat med uppföljning och utvärdering, samt med vilka har detta kommunicerats?",
         italic=True)
    prose(doc, "follow_up")

    section(doc, *SECTIONS[6])

    para(doc, "7. Ekonomiuppföljning utnyttjade medel", style="Heading 2")
    para(doc, "{{ box_fully_used }} 7.1 Beviljade medel är helt utnyttjade", style="Fråga")
    para(doc, "7.1.1 Var den budget ni lagt bra avvägd i förhållande till verksamheten? Beskriv om ni skulle "
              "gjort något annorlunda i efterhand och vilken betydelse det skulle haft för insatsen.", italic=True)
    optional_prose(doc, "fully_used_answer")
    para(doc, "{{ box_not_fully_used }} 7.2 Beviljade medel är inte helt utnyttjade", style="Fråga")
    para(doc, "7.2.1 Varför utnyttjades inte beviljade insatsmedel? Berätta om de faktorer som påverkat "
              "utfallet.", italic=True)
    optional_prose(doc, "not_fully_used_answer")

    para(doc, "8. Uppgiftslämnare", style="Heading 2")
    reporter = table(doc, rows=2, widths_cm=[5.0, 11.6])
    para(reporter.rows[0].cells[0], "Datum", bold=True)
    para(reporter.rows[0].cells[1], "Namn", bold=True)
    header_rows(reporter)
    para(reporter.rows[1].cells[0], "{{ reporter_date }}")
    para(reporter.rows[1].cells[1], "{{ reporter_name }}")

    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
