"""Build ``form.docx``: Samordningsförbundet Uppsala län's final-report form, 2018 edition.

The older edition, still used for insatser that started before 2019: its own questions,
"Ort och datum" signature blocks, and the economy annex (budget and outcome per cost item,
with totals), laid out as in the filled-in report of that edition. The questions' wording
and order are those of ``layout.yaml`` beside it, which also says what fills each tag. Run
after changing the form: ``python templates/uppsala-2018/build_form.py``.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx.enum.text import WD_BREAK  # noqa: E402
from formbuilder import (  # noqa: E402
    Questions, header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save,
    signature_blocks, table,
)

TITLE = "Slutrapport samverkansinsatser inom samordningsförbundet"

#: The questions the form prints without a colon after them (or with a question mark of their own).
BARE = {"background", "target_group"}


def body(doc, ask, before: str) -> None:
    """The questions before the one filling ``before``, each answered in prose."""
    for asked, var in ask.until(before):
        question(doc, asked.label if var in BARE or asked.label.endswith("?") else f"{asked.label}:", var)


def build(path: Path) -> None:
    ask = Questions(HERE)
    doc = new_document(TITLE, "Samordningsförbundet Uppsala län")
    para(doc, TITLE, style="Title")

    head = table(doc, rows=7, widths_cm=[8.3, 8.3])
    labelled(merged_row(head, 0), ask("name").label, "{{ name }}")
    para(merged_row(head, 1), ask("parties").label, bold=True)
    para(merged_row(head, 2), "{%tr for party in parties %}")
    row = head.rows[3].cells
    labelled(row[0], "{{ party.number }}. Organisation:", "{{ party.organisation }}")
    labelled(row[1], "Kontaktperson:", "{{ party.contact }}")
    para(merged_row(head, 4), "{%tr endfor %}")
    cell = merged_row(head, 5)
    para(cell, f"{ask('purpose').label}:", style="Fråga")
    prose(cell, "purpose")
    cell = merged_row(head, 6)
    para(cell, f"{ask('goals').label}:", style="Fråga")
    para(cell, "{%p for goal in goals %}")
    para(cell, "{{ goal.label }}", style="Svar", bold=True)
    prose(cell, "goal.text")
    para(cell, "{%p if goal.result %}")
    para(cell, "Utfall:", style="Svar", bold=True)
    prose(cell, "goal.result")
    para(cell, "{%p endif %}")
    para(cell, "{%p endfor %}")

    body(doc, ask, before="start")

    para(doc, ask("start").label, style="Fråga")
    labelled(doc, "Startdatum:", "{{ start }}")
    labelled(doc, "Slutdatum:", "{{ end }}")
    labelled(doc, "Slutdatum för intag av deltagare i insatsen:", "{{ intake_end }}")
    optional_prose(doc, "period_comment")

    body(doc, ask, before="costs")

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
    para(doc, f"{ask('costs').label.upper()} {{{{ name_upper }}}}", style="Heading 2")
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

    ask.done()
    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
