"""Cross-checks: where what the author wrote contradicts the figures the engine computes.

Errors are figures that cannot be true (an outcome larger than its base); warnings are
contradictions the author should look at (a stated total that is not the sum). Prose
claims are checked by ``engine.claims``; person-level data, which no report may hold, is
found by ``engine.privacy``.
"""

from __future__ import annotations

from engine import claims, compute, privacy
from engine.errors import Problem, dotted
from engine.formatting import kr, percent
from engine.model import Insats
from engine.sources.located import Located


def check(insats: Insats, located: Located, figures: compute.Figures | None = None) -> list[Problem]:
    """Every finding for one source: structured figures first, then claims in the prose, then
    person-level data (``figures``: the insats's, where the caller has computed them already)."""
    figures = figures or compute.figures(insats)
    problems: list[Problem] = []

    def add(path: tuple, message: str, severity: str = "warning") -> None:
        line, _col = located.mark(path)
        problems.append(Problem(located.file, line, None, dotted(path), message, severity))

    _participants(insats, figures.participants, add)

    for i, goal in enumerate(insats.goals):
        path = ("mål", i)
        if goal.base is not None and goal.outcome is None:
            add(path + ("av",), f"av {goal.base} without utfall is left out; write utfall (how many of the "
                                f"{goal.base}) or leave av out")
        if goal.outcome is not None and goal.base is not None and goal.outcome > goal.base:
            add(path + ("utfall",), f"utfall {goal.outcome} is more than av {goal.base}", "error")
            continue
        result = figures.goal(goal)
        if result.met is None or goal.achieved is None or goal.achieved.value == "delvis":
            continue
        if (goal.achieved.value == "ja") != result.met:
            how = (f"{goal.outcome} av {goal.base} = {percent(result.share)}, target "
                   f"{goal.target_share.describe(percent)}" if goal.target_share is not None
                   else f"utfall {goal.outcome}, target {goal.target_count.describe(lambda b: str(int(b)))}")
            add(path + ("uppnått",), f"says {goal.achieved.text!r}, but {how}: the goal is "
                                     f"{'met' if result.met else 'not met'}")

    e = insats.economy
    money = figures.economy
    if e.used is not None and money.own_outcome is not None and e.used != money.own_outcome:
        whose = " paid with the förbund's funds" if money.other_financing else ""
        add(("ekonomi", "utnyttjat"),
            f"says {kr(e.used)}, but the cost items' utfall{whose} add up to {kr(money.own_outcome)}")
    if e.costs and e.used is None and money.own_outcome is None and money.outcome_total is not None:
        add(("ekonomi", "kostnader"), "no cost item is paid with the förbund's funds, so none of them counts as used; "
                                      "write finansiär: förbundet (or leave finansiär out) on the förbund's items")
    if money.remainder is not None and money.remainder < 0:
        add(("ekonomi", "utnyttjat"),
            f"{kr(money.used)} used is more than the {kr(money.granted)} granted ({percent(money.used_share)})")
    returned = e.returned.amount
    if returned is not None and money.remainder is not None and 0 <= money.remainder < returned:
        # what was returned is what was left: more is a slip (a unit, the granted sum written instead)
        add(("ekonomi", "återförda_medel", "belopp"),
            f"says {kr(returned)} returned, but only {kr(money.remainder)} of the {kr(money.granted)} granted were "
            f"left unused ({kr(money.used)} used)")

    return located.warnings + problems + claims.check(insats, located, figures) + privacy.check(located)


def _participants(insats: Insats, figures: compute.ParticipantFigures, add) -> None:
    """The counts against each other: the total against its split, the funnel against the total."""
    p = insats.participants
    if p.stated_total is not None and figures.gender_sum is not None and p.stated_total != figures.gender_sum:
        parts = " + ".join(f"{c.count} {c.label}" for c in figures.by_gender)
        add(("deltagare", "totalt"), f"says {p.stated_total}, but {parts} = {figures.gender_sum}")
    counted = p.stated_total if p.stated_total is not None else figures.gender_sum
    if p.enrolled is not None and counted is not None and p.enrolled != counted:
        add(("deltagare", "inskrivna"), f"says {p.enrolled}, but the participants are {counted} "
                                        f"(deltagare.{'totalt' if p.stated_total is not None else 'kvinnor/män'}); "
                                        "those inskrivna are the participants")
    for key, counts in (("åldersgrupper", p.age_bands), ("per_kommun", p.by_area)):
        given = [n for n in counts.values() if n is not None]
        if given and figures.total is not None and sum(given) != figures.total:
            add(("deltagare", key), f"the groups add up to {sum(given)}, but the participants are {figures.total}")
    whole = figures.total
    took_part = p.enrolled if p.enrolled is not None else whole
    if p.referred is not None and took_part is not None and took_part > p.referred:
        add(("deltagare", "anvisade"), f"{took_part} took part, more than the {p.referred} anvisade")
    if p.ended is not None and p.ended_to and sum(c.count for c in figures.ended_to) > p.ended:
        add(("deltagare", "avslutade_till"),
            f"the categories add up to {sum(c.count for c in figures.ended_to)}, more than the {p.ended} who ended; "
            "where one participant ended in more than one category, say so in deltagare.kommentar")
    if whole is None:
        return
    for key, n, what in (("avslutade", figures.ended, "ended"), ("pågående", p.ongoing, "are ongoing")):
        if n is not None and n > whole:
            add(("deltagare", key), f"{n} {what}, more than the {whole} participants", "error")
            return
    if p.ended is not None and p.ongoing is not None and p.ended + p.ongoing != whole:
        add(("deltagare", "pågående"),
            f"avslutade {p.ended} + pågående {p.ongoing} = {p.ended + p.ongoing}, but the participants are {whole}; "
            "every participant has either ended or is ongoing",
            "error" if p.ended + p.ongoing > whole else "warning")
