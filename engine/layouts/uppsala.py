"""Samordningsförbundet Uppsala län, 2021 form: the model → ``templates/uppsala/form.docx``."""

from __future__ import annotations

from engine.layouts.common import date, joined, paragraphs, participants_sentence, signatures, text
from engine.model import Insats


def context(insats: Insats, data: dict) -> dict:
    owner = insats.owner
    goals = [
        {
            "heading": text(g.heading) if g.heading != (insats.goals[i - 1].heading if i else None) else "",
            "text": paragraphs(g.text),
            "achieved": g.achieved.label if g.achieved else "",
            "result": paragraphs(g.result),
        }
        for i, g in enumerate(insats.goals)
    ] or [{"heading": "", "text": [""], "achieved": "", "result": [""]}]
    economy = insats.economy
    return {
        "name": insats.name,
        "case_number": text(insats.case_number),
        "parties": [f"{owner.organisation}, insatsägare"] + [p.organisation for p in insats.partners],
        "purpose": paragraphs(insats.purpose),
        "goals": goals,
        "equality": paragraphs(insats.equality),
        "need_change": paragraphs(insats.need_change),
        "start": date(insats.period.start),
        "end": date(insats.period.end),
        "period_comment": paragraphs(insats.period.comment) if insats.period.comment else [],
        "target_group": paragraphs(insats.target_group.description),
        "target_group_change": paragraphs(insats.target_group.change),
        "participants": paragraphs(joined(participants_sentence(insats), insats.participants.comment)),
        "methods": paragraphs(insats.methods.description),
        "methods_change": paragraphs(insats.methods.change),
        "methods_as_planned": paragraphs(insats.methods.as_planned),
        "follow_up": paragraphs(insats.follow_up),
        "implementation": paragraphs(insats.implementation),
        "returned_reason": paragraphs(economy.returned.reason),
        "returned_consequences": paragraphs(economy.returned.consequences),
        "lessons": [{"party": text(l.party), "text": paragraphs(l.text)} for l in insats.lessons]
        or [{"party": "", "text": [""]}],
        "signatures": signatures(insats),
    }
