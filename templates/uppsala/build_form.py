"""Build ``form.docx``: Samordningsförbundet Uppsala län's final-report form, 2021 edition.

Tables follow the filled-in reports of that edition; the questions' wording and order are
those of ``layout.yaml`` beside it (the form's text as the förbund wrote it, "Diariernr" and
"iså fall" included), which also says what fills each tag. Run it after changing the form:
``python templates/uppsala/build_form.py``.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from formbuilder import (  # noqa: E402
    Questions, header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save,
    signature_blocks, spacer, table,
)

TITLE = "Slutrapport samverkansinsatser inom samordningsförbundet"

def build(path: Path) -> None:
    ask = Questions(HERE)
    doc = new_document(TITLE, "Samordningsförbundet Uppsala län")
    para(doc, TITLE, style="Title")
    para(doc, "(Slutrapport ska lämnas in till förbundet senast en månad efter avslutad insats.)", italic=True)

    # The head of the form: identity, parties and purpose; the goals table, whose first row is
    # its header (repeated on every page it runs over); equality and need. Three tables, so
    # that the goals table's header row can be marked as one.
    t = table(doc, rows=3, widths_cm=[16.6])
    cell = merged_row(t, 0)
    name = ask("name").label
    labelled(cell, f"{name}:", "{{ name }}")
    labelled(cell, f"{ask('case_number').label}:", "{{ case_number }}")

    cell = merged_row(t, 1)
    para(cell, ask("parties").label, bold=True)
    para(cell, "{%p for party in parties %}")
    labelled(cell, "Organisation:", "{{ party }}")
    para(cell, "{%p endfor %}")

    cell = merged_row(t, 2)
    para(cell, f"{ask('purpose').label}:", style="Fråga")
    prose(cell, "purpose")
    spacer(doc)

    goals = table(doc, rows=4, widths_cm=[7.0, 3.2, 6.4])
    head = goals.rows[0].cells
    para(head[0], f"{ask('goals').label}:", style="Fråga")
    para(head[1], "Har målen uppnåtts? Ja eller Nej", style="Fråga")
    para(head[2], "Ange utfall/resultat för respektive mål:", style="Fråga")
    header_rows(goals)

    para(merged_row(goals, 1), "{%tr for goal in goals %}")
    goal = goals.rows[2].cells
    para(goal[0], "{%p if goal.heading %}")
    para(goal[0], "{{ goal.heading }}", style="Svar", bold=True)
    para(goal[0], "{%p endif %}")
    prose(goal[0], "goal.text")
    para(goal[1], "{{ goal.achieved }}", style="Svar")
    prose(goal[2], "goal.result")
    para(merged_row(goals, 3), "{%tr endfor %}")
    spacer(doc)

    t = table(doc, rows=2, widths_cm=[16.6])
    cell = merged_row(t, 0)
    para(cell, f"{ask('equality').label}:", style="Fråga")
    prose(cell, "equality")

    cell = merged_row(t, 1)
    para(cell, f"{ask('need_change').label}:", style="Fråga")
    prose(cell, "need_change")

    para(doc, ask("start").label, style="Fråga")
    labelled(doc, "Startdatum:", "{{ start }}")
    labelled(doc, "Slutdatum:", "{{ end }}")
    optional_prose(doc, "period_comment")

    for asked, var in ask.until("lessons"):
        question(doc, asked.label if asked.label.endswith("?") else f"{asked.label}:", var)

    para(doc, f"{ask('lessons').label}:", style="Fråga")
    para(doc, "{%p for lesson in lessons %}")
    para(doc, "{%p if lesson.party %}")
    para(doc, "{{ lesson.party }}", style="Svar", bold=True)
    para(doc, "{%p endif %}")
    prose(doc, "lesson.text")
    para(doc, "{%p endfor %}")

    # One signature block per party: the insatsägare first, then each samverkanspart.
    signature_blocks(doc, [
        ("Underskrift", ""),
        ("Organisation och datum", "{{ sig.organisation_and_date }}"),
        ("{{ sig.role }} (namn)", ""),
        ("{{ sig.role }} (namnförtydligande)", "{{ sig.name }}"),
        ("E-post:", "{{ sig.email }}"),
    ], signed_rows=(0, 2))
    labelled(doc, name, "{{ name }}")
    para(doc, "{%p endfor %}")

    ask.done()
    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
