"""Samordningsförbundet Uppsala län, 2021 form: the model → ``templates/uppsala/form.docx``."""

from __future__ import annotations

from engine import compute
from engine.formatting import date
from engine.layouts.common import GOAL_KEYS, participants_prose, result_prose, signatures
from engine.model import Insats
from engine.prose import Prose

#: The form's questions in order, with the source keys that answer each (see engine.coverage).
QUESTIONS = [
    ("Insatsens namn", ["namn"]),
    ("Diariernr", ["diarienummer"]),
    ("Insatsägare/Samverkansparter", ["insatsägare.organisation", "samverkansparter.organisation"]),
    ("Ange syftet med insatsen (såsom det beskrevs i ansökan)", ["syfte"]),
    ("Ange uppsatta mål för insatsen", GOAL_KEYS),
    ("Beskriv hur ni i insatsen resonerat kring jämställdhet och jämlikhet", ["jämställdhet"]),
    ('Hur har det behov som angavs i ansökan ("Bakgrund") förändrats i och med insatsens genomförande',
     ["förändrat_behov"]),
    ("Insatstid", ["insatstid.start", "insatstid.slut", "insatstid.kommentar"]),
    ("Ange hur målgrupp för insatsen definierades i ansökan", ["målgrupp.beskrivning"]),
    ("Har målgruppen förändrats under pågående insats och i så fall hur", ["målgrupp.förändring"]),
    ("Ange antal deltagare som deltagit i insatsen", ["deltagare"]),
    ("Ange metod/metoder som definierades i ansökan", ["metod.beskrivning"]),
    ("Har metod/metoder förändrats under pågående insats och i så fall hur", ["metod.förändring"]),
    ("Har aktuella metoder/aktiviteter använts/utförts på det sätt som var tänkt",
     ["metod.som_planerat", "avvikelser"]),
    ("Ange metod för uppföljning och utvärdering av målen", ["uppföljning"]),
    ("Ange hur resultaten för insatsen kommer att tas tillvara i ordinarie verksamhet", ["implementering"]),
    ("Har medel återförts till förbundet, iså fall varför?", ["ekonomi.återförda_medel.varför"]),
    ("Ifall medel har återförts till förbundet, vad har detta fått för konsekvenser för innehållet och "
     "utfallet av insatsen?", ["ekonomi.återförda_medel.konsekvenser"]),
    ("Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit", ["lärdomar"]),
]
#: Printed outside the questions: the signature blocks (the form has no place for where they were signed).
ALSO_PLACED = [f"{party}.underskrift.{key}" for party in ("insatsägare", "samverkansparter")
               for key in ("namn", "organisation", "datum", "e-post")]


def _verdict(goal) -> str:
    """The author's verdict, or for a measurable goal without one, the computed verdict."""
    verdict = compute.goal(goal).verdict(goal)
    return verdict.label if verdict else ""


def context(insats: Insats, data: dict) -> dict:
    owner, economy = insats.owner, insats.economy
    goals = [
        {
            # A group heading is printed where its group starts.
            "heading": g.heading if g.heading != (insats.goals[i - 1].heading if i else None) else "",
            "text": Prose(g.text),
            "achieved": _verdict(g),
            "result": result_prose(g),
        }
        for i, g in enumerate(insats.goals)
    ] or [{"heading": "", "text": Prose(), "achieved": "", "result": Prose()}]  # one row to fill in by hand
    return {
        "name": insats.name,
        "case_number": insats.case_number,
        "parties": [f"{owner.organisation}, insatsägare"] + [p.organisation for p in insats.partners],
        "purpose": Prose(insats.purpose),
        "goals": goals,
        "equality": Prose(insats.equality),
        "need_change": Prose(insats.need_change),
        "start": date(insats.period.start),
        "end": date(insats.period.end),
        "period_comment": Prose(insats.period.comment),
        "target_group": Prose(insats.target_group.description),
        "target_group_change": Prose(insats.target_group.change),
        "participants": participants_prose(insats),
        "methods": Prose(insats.methods.description),
        "methods_change": Prose(insats.methods.change),
        # Deviations from the plan answer the same question as "used as intended?".
        "methods_as_planned": Prose(insats.methods.as_planned, insats.deviations),
        "follow_up": Prose(insats.follow_up),
        "implementation": Prose(insats.implementation),
        "returned_reason": Prose(economy.returned.reason),
        "returned_consequences": Prose(economy.returned.consequences),
        "lessons": [{"party": lesson.party, "text": Prose(lesson.text)} for lesson in insats.lessons]
        or [{"party": "", "text": Prose()}],
        "signatures": signatures(insats),
    }
