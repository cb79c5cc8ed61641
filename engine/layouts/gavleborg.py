"""Samordningsförbund Gävleborg, 2023 form: the model → ``templates/gavleborg/form.docx``.

Where this form asks in one question what the model keeps apart, the answers are joined:
4.1 takes background and purpose, 4.2 the target group and who took part, 5.2 methods and
whether they were used as intended, 6.1 every party's lessons. The 7.1/7.2 mark follows
the economy figures, never the author's say.
"""

from __future__ import annotations

from engine import compute
from engine.formatting import date, kr
from engine.layouts.common import (
    GOAL_KEYS, economy_prose, lessons_prose, participants_prose, result_prose, used_funds,
)
from engine.model import Insats
from engine.prose import Prose

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐

QUESTIONS = [
    ("Diarienummer", ["diarienummer"]),
    ("Insatsens namn", ["namn"]),
    ("Insatstid – åååå-mm-dd", ["insatstid.start", "insatstid.slut"]),
    ("Beviljade medel för insatsen", ["ekonomi.beviljat"]),
    ("Utnyttjade medel", ["ekonomi.utnyttjat", "ekonomi.kostnader"]),
    ("Organisations namn", ["insatsägare.organisation"]),
    ("Arbetsställets namn", ["insatsägare.arbetsställe"]),
    ("Namn - kontaktperson för insatsägare", ["insatsägare.kontaktpersoner"]),
    ("Postnummer", ["insatsägare.postnummer"]),
    ("Postadress", ["insatsägare.postadress"]),
    ("3. Samverkansparter", ["samverkansparter.organisation"]),
    ("4.1 Syfte och bakgrund till insatsen", ["syfte", "bakgrund"]),
    ("4.2 Målgrupp för insatsen", ["målgrupp", "deltagare"]),
    ("5.1 Måluppfyllelse: Ange mål och resultat", GOAL_KEYS),
    ("5.2 Arbetssätt och verksamhetsbeskrivning", ["metod"]),
    ("5.3 Avvikelser från planering", ["avvikelser", "insatstid.kommentar"]),
    ("5.4 Beskriv uppföljning och utvärdering av målen", ["uppföljning"]),
    ("6.1 Beskriv tillvaratagna erfarenheter och lärdomar från insatsen", ["lärdomar"]),
    ("6.2 Beskriv i vilken form insatsen har blivit eller kommer bli implementerad", ["implementering"]),
    ("6.3 Brukarmedverkan", ["brukarmedverkan"]),
    ("6.4 Beskriv framgångsfaktorer/positiva effekter", ["framgångsfaktorer"]),
    ("6.5 Beskriv identifierade systemfel som påverkat insatsens resultat", ["systemfel"]),
    ("7. Ekonomiuppföljning utnyttjade medel", ["ekonomi.kommentar", "ekonomi.återförda_medel"]),
    ("8. Uppgiftslämnare", ["uppgiftslämnare"]),
]
ALSO_PLACED: list[str] = []
#: Keys the form shows only as what they add up to, under the question named.
SHOWN_AS_TOTALS = {"ekonomi.kostnader": "Utnyttjade medel"}


def _goal(number: int, goal) -> dict:
    """One numbered goal of 5.1: the goal, its result with any computed figures, the verdict."""
    verdict = compute.goal(goal).verdict(goal)
    return {
        "label": f"Mål {number}" + (f": {goal.heading}" if goal.heading else ""),
        "text": Prose(goal.text),
        "result": result_prose(goal),
        "achieved": verdict.label if verdict else "",
    }


def context(insats: Insats, data: dict) -> dict:
    owner = insats.owner
    figures = compute.economy(insats)
    answer = economy_prose(insats)
    fully_used = figures.fully_used
    goals = [_goal(i, g) for i, g in enumerate(insats.goals, start=1)]
    return {
        "case_number": insats.case_number,
        "forbund": data.get("förbund"),
        "submit_to": data.get("skickas_till"),
        "contacts": [
            {"name_and_role": ", ".join(filter(None, [c.get("namn"), c.get("roll")])),
             "email": c.get("e-post"), "phone": c.get("telefon")}
            for c in data.get("kontakter") or [] if c.get("namn")
        ],
        "name": insats.name,
        "period": " – ".join(filter(None, [date(insats.period.start), date(insats.period.end)])),
        "granted": kr(figures.granted),
        "used": used_funds(figures),
        "owner": {
            "organisation": owner.organisation,
            "workplace": owner.workplace,
            "contacts": " / ".join(c.name for c in owner.contacts if c.name),
            "phones": " / ".join(c.phone for c in owner.contacts if c.phone),
            "emails": " / ".join(c.email for c in owner.contacts if c.email),
            "postal_code": owner.postal_code,
            "postal_address": owner.postal_address,
        },
        "partners": [p.organisation for p in insats.partners] or [""],
        "purpose_background": Prose(insats.background, insats.purpose),
        "target_group": participants_prose(insats, insats.target_group.description, insats.target_group.change),
        "goals": goals or [{"label": "Mål 1", "text": Prose(), "result": Prose(), "achieved": ""}],
        "methods": Prose(insats.methods.description, insats.methods.change, insats.methods.as_planned),
        # Changes to the period (extensions, delays) are deviations from the time plan.
        "deviations": Prose(insats.deviations, insats.period.comment),
        "follow_up": Prose(insats.follow_up),
        "lessons": lessons_prose(insats),
        "implementation": Prose(insats.implementation),
        "user_involvement": Prose(insats.user_involvement),
        "success_factors": Prose(insats.success_factors),
        "system_faults": Prose(insats.system_faults),
        "box_fully_used": CHECKED if fully_used is True else UNCHECKED,
        "box_not_fully_used": CHECKED if fully_used is False else UNCHECKED,
        # The answer goes under the branch that applies; with the figures unknown, under 7.1.1.
        "fully_used_answer": answer if fully_used is not False else Prose(),
        "not_fully_used_answer": answer if fully_used is False else Prose(),
        "reporter_date": date(insats.reporter.date),
        "reporter_name": insats.reporter.name,
    }
