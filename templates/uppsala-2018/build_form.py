"""Build ``form.docx``: Samordningsförbundet Uppsala län's final-report form, 2018 edition.

The older edition, still used for insatser that started before 2019: its own questions,
"Ort och datum" signature blocks, and the economy annex (budget and outcome per cost item,
with totals). Wording and order follow the filled-in report of that edition. Run after
changing the form: ``python templates/uppsala-2018/build_form.py``; the tags are the
tags that ``layout.yaml`` beside it fills.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx.enum.text import WD_BREAK  # noqa: E402
from formbuilder import (  # noqa: E402
    header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save, signature_blocks, table,
)

TITLE = "Slutrapport samverkansinsatser inom samordningsförbundet"

BODY_QUESTIONS = [
    ("Beskriv bakgrunden till/behovet av insatsen", "background"),
    ("Har detta behov förändrats i och med insatsens genomförande?", "need_change"),
]
AFTER_PERIOD = [
    ("Beskriv målgrupp för insatsen", "target_group"),
    ("Beskriv metod/metoder ni använt och aktiviteter som skett:", "methods"),
    ("Har de metoder/aktiviteter ni angett i ansökan använts/utförts på det sätt som var tänkt?", "as_planned"),
    ("Beskriv uppföljning och utvärdering av målen:", "follow_up"),
    ("Beskriv hur insatsen kommer att implementeras (organisatoriskt, finansiellt och innehållsmässigt):",
     "implementation"),
    ("Redogör för utfall av budget/finansiering:", "economy"),
    ("Beskriv tillvaratagna erfarenheter och lärdomar från insatsen:", "lessons"),
]


def build(path: Path) -> None:
    doc = new_document(TITLE, "Samordningsförbundet Uppsala län")
    para(doc, TITLE, style="Title")

    head = table(doc, rows=7, widths_cm=[8.3, 8.3])
    labelled(merged_row(head, 0), "Insatsens namn", "{{ name }}")
    para(merged_row(head, 1), "Insatsägare/Samverkansparter", bold=True)
    para(merged_row(head, 2), "{%tr for party in parties %}")
    row = head.rows[3].cells
    labelled(row[0], "{{ party.number }}. Organisation:", "{{ party.organisation }}")
    labelled(row[1], "Kontaktperson:", "{{ party.contact }}")
    para(merged_row(head, 4), "{%tr endfor %}")
    cell = merged_row(head, 5)
    para(cell, "Beskriv syftet med insatsen:", style="Fråga")
    prose(cell, "purpose")
    cell = merged_row(head, 6)
    para(cell, "Beskriv målen med insatsen samt utfall/resultat:", style="Fråga")
    para(cell, "{%p for goal in goals %}")
    para(cell, "{{ goal.label }}", style="Svar", bold=True)
    prose(cell, "goal.text")
    para(cell, "{%p if goal.result %}")
    para(cell, "Utfall:", style="Svar", bold=True)
    prose(cell, "goal.result")
    para(cell, "{%p endif %}")
    para(cell, "{%p endfor %}")

    for label, var in BODY_QUESTIONS:
        question(doc, label, var)

    para(doc, "Insatstid", style="Fråga")
    labelled(doc, "Startdatum:", "{{ start }}")
    labelled(doc, "Slutdatum:", "{{ end }}")
    labelled(doc, "Slutdatum för intag av deltagare i insatsen:", "{{ intake_end }}")
    optional_prose(doc, "period_comment")

    for label, var in AFTER_PERIOD:
        question(doc, label, var)

    para(doc, "Underskrifter", style="Heading 2")
    signature_blocks(doc, [
        ("Ort och datum", "{{ sig.place_and_date }}"),
        ("{{ sig.role }} (namn)", ""),
        ("{{ sig.role }} (namnförtydligande)", "{{ sig.name }}"),
    ], signed_rows=(1,))
    para(doc, "{%p endfor %}")

    # The economy annex, on a page of its own.
    para(doc).add_run().add_break(WD_BREAK.PAGE)
    para(doc, "{{ owner_upper }}", bold=True)
    para(doc, "EKONOMI {{ name_upper }}", style="Heading 2")
    # One unit, tkr, throughout; year and financier per cost item, their subtotals below the total.
    annex = table(doc, rows=8, widths_cm=[6.0, 1.6, 3.4, 2.8, 2.8])
    for cell, label in zip(annex.rows[0].cells, ["Kostnadspost", "År", "Finansiär", "Budget (tkr)", "Utfall (tkr)"]):
        para(cell, label, bold=True)
    header_rows(annex)
    para(merged_row(annex, 1), "{%tr for cost in costs %}")
    for cell, value in zip(annex.rows[2].cells, ["{{ cost.item }}", "{{ cost.year }}", "{{ cost.financier }}",
                                                 "{{ cost.budget }}", "{{ cost.outcome }}"]):
        para(cell, value)
    para(merged_row(annex, 3), "{%tr endfor %}")
    for cell, value in zip(annex.rows[4].cells, ["Totalt", "", "", "{{ budget_total }}", "{{ outcome_total }}"]):
        para(cell, value, bold=True)
    para(merged_row(annex, 5), "{%tr for total in totals %}")
    for cell, value in zip(annex.rows[6].cells, ["{{ total.label }}", "", "", "{{ total.budget }}",
                                                 "{{ total.outcome }}"]):
        para(cell, value)
    para(merged_row(annex, 7), "{%tr endfor %}")
    para(doc)
    labelled(doc, "Beviljade medel:", "{{ granted }}")
    labelled(doc, "Utnyttjade medel:", "{{ used }}")

    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
