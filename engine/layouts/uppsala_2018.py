"""Samordningsförbundet Uppsala län, 2018 form: the model → ``templates/uppsala-2018/form.docx``.

This edition asks for goals and outcome in one question, for the target group without its
changes and for methods and their changes together, so those answers are joined; the
economy annex lists the cost items with totals computed by the engine.
"""

from __future__ import annotations

from engine import compute
from engine.formatting import date, tkr
from engine.layouts.common import (
    GOAL_KEYS, economy_prose, lessons_prose, participants_prose, result_prose, signatures, used_funds,
)
from engine.model import Insats
from engine.prose import Prose

QUESTIONS = [
    ("Insatsens namn", ["namn"]),
    ("Insatsägare/Samverkansparter", ["insatsägare.organisation", "samverkansparter.organisation",
                                      "insatsägare.kontaktpersoner", "samverkansparter.kontaktperson"]),
    ("Beskriv syftet med insatsen", ["syfte"]),
    # This edition asks for goals and results, not whether each goal was met: a verdict has no place.
    ("Beskriv målen med insatsen samt utfall/resultat", [k for k in GOAL_KEYS if k != "mål.uppnått"]),
    ("Beskriv bakgrunden till/behovet av insatsen", ["bakgrund"]),
    ("Har detta behov förändrats i och med insatsens genomförande?", ["förändrat_behov"]),
    ("Insatstid", ["insatstid"]),
    ("Beskriv målgrupp för insatsen", ["målgrupp", "deltagare"]),
    ("Beskriv metod/metoder ni använt och aktiviteter som skett", ["metod.beskrivning", "metod.förändring"]),
    ("Har de metoder/aktiviteter ni angett i ansökan använts/utförts på det sätt som var tänkt?",
     ["metod.som_planerat", "avvikelser"]),
    ("Beskriv uppföljning och utvärdering av målen", ["uppföljning"]),
    ("Beskriv hur insatsen kommer att implementeras (organisatoriskt, finansiellt och innehållsmässigt)",
     ["implementering"]),
    ("Redogör för utfall av budget/finansiering", ["ekonomi.kommentar", "ekonomi.återförda_medel"]),
    ("Beskriv tillvaratagna erfarenheter och lärdomar från insatsen", ["lärdomar"]),
    ("Ekonomibilaga", ["ekonomi.kostnader", "ekonomi.beviljat", "ekonomi.utnyttjat"]),
]
#: Printed outside the questions: the "Ort och datum" signature blocks, which ask no organisation or e-mail.
ALSO_PLACED = [f"{party}.underskrift.{key}" for party in ("insatsägare", "samverkansparter")
               for key in ("namn", "ort", "datum")]


def _contact(person) -> str:
    return ", ".join(filter(None, [person.name, person.phone, person.email])) if person else ""


def _goal(i: int, goal) -> dict:
    return {
        "label": f"Mål {goal.heading}:" if goal.heading else f"Mål {i}:",
        "text": Prose(goal.text),
        "result": result_prose(goal),
    }


def _subtotals(figures) -> list[dict]:
    """Below the total: per year when there are several, and the förbund's funds apart from others'."""
    rows = [(f"varav {year}", b, o) for year, (b, o) in figures.by_year.items()] if len(figures.by_year) > 1 else []
    if figures.other_financing:
        rows.append(("varav förbundets medel", figures.own_budget, figures.own_outcome))
        rows += [(f"varav {name}", b, o) for name, (b, o) in figures.by_financier.items()
                 if not compute.paid_by_forbund(name)]
    return [{"label": label, "budget": tkr(b), "outcome": tkr(o)} for label, b, o in rows]


def context(insats: Insats, data: dict) -> dict:
    owner = insats.owner
    figures = compute.economy(insats)
    parties = [(owner.organisation, owner.contacts[0] if owner.contacts else None)]
    parties += [(p.organisation, p.contact) for p in insats.partners]
    return {
        "name": insats.name,
        "name_upper": insats.name.upper(),
        "owner_upper": owner.organisation.upper(),
        "parties": [{"number": i, "organisation": org, "contact": _contact(person)}
                    for i, (org, person) in enumerate(parties, start=1)],
        "purpose": Prose(insats.purpose),
        "goals": [_goal(i, g) for i, g in enumerate(insats.goals, start=1)]
        or [{"label": "", "text": Prose(), "result": Prose()}],
        "background": Prose(insats.background),
        "need_change": Prose(insats.need_change),
        "start": date(insats.period.start),
        "end": date(insats.period.end),
        "intake_end": date(insats.period.intake_end),
        "period_comment": Prose(insats.period.comment),
        "target_group": participants_prose(insats, insats.target_group.description, insats.target_group.change),
        "methods": Prose(insats.methods.description, insats.methods.change),
        "as_planned": Prose(insats.methods.as_planned, insats.deviations),
        "follow_up": Prose(insats.follow_up),
        "implementation": Prose(insats.implementation),
        "economy": economy_prose(insats),
        "lessons": lessons_prose(insats),
        "signatures": signatures(insats),
        # The annex in one unit, tkr, throughout: cost items, totals, granted and used funds.
        "costs": [{"item": c.item, "year": "" if c.year is None else str(c.year), "financier": c.financier,
                   "budget": tkr(c.budget), "outcome": tkr(c.outcome)}
                  for c in insats.economy.costs]
        or [{"item": "", "year": "", "financier": "", "budget": "", "outcome": ""}],
        "budget_total": tkr(figures.budget_total),
        "outcome_total": tkr(figures.outcome_total),
        "totals": _subtotals(figures),
        "granted": tkr(figures.granted),
        "used": used_funds(figures, tkr),
    }
