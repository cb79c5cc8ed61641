"""Build ``form.docx``: Samordningsförbundet Uppsala län's final-report form, 2021 edition.

Wording, order and tables follow the filled-in reports of that edition (the form's text
is reproduced as the förbund wrote it, "Diariernr" and "iså fall" included). Run it after
changing the form: ``python templates/uppsala/build_form.py``. The tags are the context
that ``layout.yaml`` beside it fills.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from formbuilder import (  # noqa: E402
    header_rows, labelled, merged_row, new_document, optional_prose, para, prose, question, save, signature_blocks,
    spacer, table,
)

TITLE = "Slutrapport samverkansinsatser inom samordningsförbundet"

#: The questions after "Insatstid", in the form's order: (label, context variable).
BODY_QUESTIONS = [
    ("Ange hur målgrupp för insatsen definierades i ansökan:", "target_group"),
    ("Har målgruppen förändrats under pågående insats och i så fall hur:", "target_group_change"),
    ("Ange antal deltagare som deltagit i insatsen:", "participants"),
    ("Ange metod/metoder som definierades i ansökan:", "methods"),
    ("Har metod/metoder förändrats under pågående insats och i så fall hur:", "methods_change"),
    ("Har aktuella metoder/aktiviteter använts/utförts på det sätt som var tänkt:", "methods_as_planned"),
    ("Ange metod för uppföljning och utvärdering av målen:", "follow_up"),
    ("Ange hur resultaten för insatsen kommer att tas tillvara i ordinarie verksamhet:", "implementation"),
    ("Har medel återförts till förbundet, iså fall varför?", "returned_reason"),
    ("Ifall medel har återförts till förbundet, vad har detta fått för konsekvenser för innehållet "
     "och utfallet av insatsen?", "returned_consequences"),
]


def build(path: Path) -> None:
    doc = new_document(TITLE, "Samordningsförbundet Uppsala län")
    para(doc, TITLE, style="Title")
    para(doc, "(Slutrapport ska lämnas in till förbundet senast en månad efter avslutad insats.)", italic=True)

    # The head of the form: identity, parties and purpose; the goals table, whose first row is
    # its header (repeated on every page it runs over); equality and need. Three tables, so
    # that the goals table's header row can be marked as one.
    t = table(doc, rows=3, widths_cm=[16.6])
    cell = merged_row(t, 0)
    labelled(cell, "Insatsens namn:", "{{ name }}")
    labelled(cell, "Diariernr:", "{{ case_number }}")

    cell = merged_row(t, 1)
    para(cell, "Insatsägare/Samverkansparter", bold=True)
    para(cell, "{%p for party in parties %}")
    labelled(cell, "Organisation:", "{{ party }}")
    para(cell, "{%p endfor %}")

    cell = merged_row(t, 2)
    para(cell, "Ange syftet med insatsen (såsom det beskrevs i ansökan):", style="Fråga")
    prose(cell, "purpose")
    spacer(doc)

    goals = table(doc, rows=4, widths_cm=[7.0, 3.2, 6.4])
    head = goals.rows[0].cells
    para(head[0], "Ange uppsatta mål för insatsen:", style="Fråga")
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
    para(cell, "Beskriv hur ni i insatsen resonerat kring jämställdhet och jämlikhet:", style="Fråga")
    prose(cell, "equality")

    cell = merged_row(t, 1)
    para(cell, 'Hur har det behov som angavs i ansökan ("Bakgrund") förändrats i och med insatsens '
               "genomförande:", style="Fråga")
    prose(cell, "need_change")

    para(doc, "Insatstid", style="Fråga")
    labelled(doc, "Startdatum:", "{{ start }}")
    labelled(doc, "Slutdatum:", "{{ end }}")
    optional_prose(doc, "period_comment")

    for label, var in BODY_QUESTIONS:
        question(doc, label, var)

    para(doc, "Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit:", style="Fråga")
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
    labelled(doc, "Insatsens namn", "{{ name }}")
    para(doc, "{%p endfor %}")

    save(doc, path)


if __name__ == "__main__":
    build(HERE / "form.docx")
    print(f"wrote {HERE / 'form.docx'}")
