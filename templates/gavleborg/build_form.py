"""Build ``form.docx``: Samordningsförbund Gävleborg's "Slutrapport – Insats för samverkansmedel".

Numbering and tables follow the filled-in report of the 2023 edition; the questions' wording
and order are those of ``layout.yaml`` beside it, which also says what fills each tag (a
question's "hjälp" is the form's guidance under it, where the form has it as layout.yaml
does). The förbund's own details (contacts, submission address) come from ``layout.yaml`` at
render time, so they can change without rebuilding the form. Run after changing the form:
``python templates/gavleborg/build_form.py``.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx.shared import Pt  # noqa: E402
from formbuilder import (  # noqa: E402
    Questions, header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save, table,
)

def box(cell, label: str, value: str) -> None:
    """A form field: a small label above its value, in one table cell."""
    p = para(cell, label, style="Svar")
    p.runs[0].font.size = Pt(8)
    p.paragraph_format.space_after = Pt(0)
    para(cell, value, style="Svar")


def asked(question) -> str:
    """A question as the form prints it: ``4.1 …:``, or ``4.2 …: help`` where it states its guidance."""
    return f"{question.label}: {question.help}" if question.help else f"{question.label}:"


def section(doc, heading: str, ask: Questions, before: str) -> None:
    """A numbered section that holds only questions answered in prose: those before the one filling ``before``."""
    para(doc, heading, style="Heading 2")
    for q, var in ask.until(before):
        question(doc, asked(q), var)


def build(path: Path) -> None:
    # Heading 1 is the form's name, its sections Heading 2, so the questions are level 3.
    ask = Questions(HERE)
    doc = new_document("Slutrapport – Insats för samverkansmedel", "Samordningsförbund Gävleborg",
                       title_level=None, question_level=3)
    para(doc, "Slutrapport", style="Title")
    para(doc, "Insats för samverkansmedel", style="Heading 1")
    para(doc, "Denna mall ska användas vid slutrapportering av insatser finansierade av Samordningsförbund "
              "Gävleborg.")

    # The förbund's registry box: the case number when the source gives it; signature and
    # date of arrival are the registry's own, always left blank.
    registry = table(doc, rows=1, widths_cm=[5.5, 5.5, 5.5])
    for cell, label, value in zip(registry.rows[0].cells, [ask("case_number").label, "Signatur", "Ankomstdatum"],
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
        (ask("name").label, "{{ name }}"),
        (ask("period").label, "{{ period }}"),
        (ask("granted").label, "{{ granted }}"),
        (ask("used").label, "{{ used }}"),
    ]):
        box(row.cells[0], label, value)

    para(doc, "2. Ansvarig för genomförande av insatsen", style="Heading 2")
    owner = table(doc, rows=3, widths_cm=[8.3, 8.3])
    box(owner.rows[0].cells[0], ask("owner.organisation").label, "{{ owner.organisation }}")
    box(owner.rows[0].cells[1], ask("owner.workplace").label, "{{ owner.workplace }}")
    box(owner.rows[1].cells[0], ask("owner.contacts").label, "{{ owner.contacts }}")
    box(owner.rows[1].cells[1], "Mobiltelefonnummer", "{{ owner.phones }}")
    box(merged_row(owner, 2), "E-postadress", "{{ owner.emails }}")
    para(doc)
    address = table(doc, rows=1, widths_cm=[5.0, 11.6])
    box(address.rows[0].cells[0], ask("owner.postal_code").label, "{{ owner.postal_code }}")
    box(address.rows[0].cells[1], ask("owner.postal_address").label, "{{ owner.postal_address }}")

    para(doc, ask("partners").label, style="Heading 2")
    partners = table(doc, rows=3, widths_cm=[16.6])
    para(partners.rows[0].cells[0], "{%tr for partner in partners %}")
    box(partners.rows[1].cells[0], "Organisation", "{{ partner }}")
    para(partners.rows[2].cells[0], "{%tr endfor %}")

    section(doc, "4. Insatsbeskrivning", ask, before="goals")

    para(doc, "5. Resultat och utfall av insats", style="Heading 2")
    para(doc, f"{ask('goals').label}.", style="Fråga")
    para(doc, "{%p for goal in goals %}")
    para(doc, "{{ goal.label }}", style="Svar", bold=True).paragraph_format.keep_with_next = True
    prose(doc, "goal.text")
    optional_prose(doc, "goal.result")
    para(doc, "{%p if goal.achieved %}")
    labelled(doc, "Målet uppnått:", "{{ goal.achieved }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    question(doc, asked(ask("methods")), "methods")
    # 5.3 and 5.4 put their guidance in italics below the question; 5.3 its scope, in brackets, on the question's line.
    deviations = ask("deviations")
    scope, guidance = deviations.help.split(") ", 1)
    para(doc, f"{deviations.label} {scope}):", style="Fråga")
    para(doc, guidance, italic=True)
    prose(doc, "deviations")
    follow_up = ask("follow_up")
    para(doc, f"{follow_up.label}:", style="Fråga")
    para(doc, follow_up.help, italic=True)
    prose(doc, "follow_up")

    section(doc, "6. Analys", ask, before="box_fully_used")

    # Its guidance in layout.yaml is the gist of 7.1.1 and 7.2.1, which the form words in full.
    para(doc, ask("box_fully_used").label, style="Heading 2")
    para(doc, "{{ box_fully_used }} 7.1 Beviljade medel är helt utnyttjade", style="Fråga")
    para(doc, "7.1.1 Var den budget ni lagt bra avvägd i förhållande till verksamheten? Beskriv om ni skulle "
              "gjort något annorlunda i efterhand och vilken betydelse det skulle haft för insatsen.", italic=True)
    optional_prose(doc, "fully_used_answer")
    para(doc, "{{ box_not_fully_used }} 7.2 Beviljade medel är inte helt utnyttjade", style="Fråga")
    para(doc, "7.2.1 Varför utnyttjades inte beviljade insatsmedel? Berätta om de faktorer som påverkat "
              "utfallet.", italic=True)
    optional_prose(doc, "not_fully_used_answer")

    para(doc, ask("reporter_date").label, style="Heading 2")
    reporter = table(doc, rows=2, widths_cm=[5.0, 11.6])
    para(reporter.rows[0].cells[0], "Datum", bold=True)
    para(reporter.rows[0].cells[1], "Namn", bold=True)
    header_rows(reporter)
    para(reporter.rows[1].cells[0], "{{ reporter_date }}")
    para(reporter.rows[1].cells[1], "{{ reporter_name }}")

    ask.done()
    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
