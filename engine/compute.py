"""Figures derived from the model, so that no author has to do the arithmetic by hand.

Pure functions of the model. :func:`figures` computes every figure of one insats once per
document; that one result is handed on to the checks and the claim checker (which compare
it with what the author wrote), the charts and the layouts (which format it into the forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from engine.model import Achieved, Goal, Insats, Verdict


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def share(part, whole) -> Decimal | None:
    """``part / whole``, or None where the base is unknown or zero."""
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


# --- economy ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EconomyFigures:
    granted: Decimal | None
    used: Decimal | None           # of the förbund's funds: as stated, or else its cost items' outcome
    budget_total: Decimal | None   # sum of every cost item's budget, whoever paid
    outcome_total: Decimal | None  # sum of every cost item's outcome, whoever paid
    by_year: dict = field(default_factory=dict)       # year → (budget, outcome)
    by_financier: dict = field(default_factory=dict)  # financier → (budget, outcome)
    own_budget: Decimal | None = None   # the budget of the items paid with the förbund's funds
    own_outcome: Decimal | None = None  # their outcome
    other_financing: dict = field(default_factory=dict)  # another financier → its items' outcome

    @property
    def remainder(self) -> Decimal | None:
        """Granted − used: what is left (negative when more was used than granted)."""
        return None if self.granted is None or self.used is None else self.granted - self.used

    @property
    def used_share(self) -> Decimal | None:
        return share(self.used, self.granted)

    @property
    def fully_used(self) -> bool | None:
        """Gävleborg's 7.1 (True) or 7.2 (False); None while granted or used is unknown."""
        return None if self.remainder is None else self.remainder <= 0


def _grouped(costs, key) -> dict:
    groups: dict = {}
    for cost in costs:
        name = getattr(cost, key)
        if name is not None:
            groups.setdefault(name, []).append(cost)
    return {name: (_sum(c.budget for c in items), _sum(c.outcome for c in items))
            for name, items in sorted(groups.items(), key=lambda kv: str(kv[0]))}


#: A cost item's ``finansiär`` naming the förbund itself (its funds are the granted ones):
#: "Samordningsförbundet …", "förbundet", "Finsam", or an acronym such as SFG or SFU.
_FORBUND = re.compile(r"(?i:förbund|finsam)|\bS[A-ZÅÄÖ]?F[A-ZÅÄÖ]{0,3}\b")


def paid_by_forbund(financier: str | None) -> bool:
    """Whether a cost item was paid with the förbund's funds: no financier named, or the förbund."""
    return financier is None or not financier.strip() or bool(_FORBUND.search(financier))


def economy(insats: Insats) -> EconomyFigures:
    """The economy on the förbund's own funds: what it granted, what of that was used.
    Costs another financier paid (a municipality's own contribution) are shown as theirs."""
    e = insats.economy
    own = [c for c in e.costs if paid_by_forbund(c.financier)]
    own_outcome = _sum(c.outcome for c in own)
    by_financier = _grouped(e.costs, "financier")
    return EconomyFigures(
        granted=e.granted,
        used=e.used if e.used is not None else own_outcome,
        budget_total=_sum(c.budget for c in e.costs),
        outcome_total=_sum(c.outcome for c in e.costs),
        by_year=_grouped(e.costs, "year"),
        by_financier=by_financier,
        own_budget=_sum(c.budget for c in own),
        own_outcome=own_outcome,
        other_financing={name: outcome for name, (_budget, outcome) in by_financier.items()
                         if not paid_by_forbund(name) and outcome is not None},
    )


# --- participants -------------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    label: str
    count: int
    share: Decimal | None  # of the relevant whole (all participants, or all who ended)


@dataclass(frozen=True)
class ParticipantFigures:
    total: int | None          # as stated, or else women + men + other, or else those inskrivna
    by_gender: list[Count]     # the given gender counts with their shares of the total
    gender_sum: int | None     # women + men + other, where any is given
    referred: int | None       # anvisade
    ended: int | None          # as stated, or else the sum of the outcome categories
    ended_to: list[Count]      # per outcome category ("avslutade till"), shares of those who ended
    ongoing: int | None        # pågående at the report's date


def participants(insats: Insats) -> ParticipantFigures:
    p = insats.participants
    genders = [(label, n) for label, n in (("kvinnor", p.women), ("män", p.men), ("övriga", p.other))
               if n is not None]
    gender_sum = sum(n for _, n in genders) if genders else None
    total = next((n for n in (p.stated_total, gender_sum, p.enrolled) if n is not None), None)
    categories = [(label, n) for label, n in p.ended_to.items() if n is not None]
    ended = p.ended if p.ended is not None else (sum(n for _, n in categories) if categories else None)
    return ParticipantFigures(
        total=total,
        by_gender=[Count(label, n, share(n, total)) for label, n in genders],
        gender_sum=gender_sum,
        referred=p.referred,
        ended=ended,
        ended_to=[Count(label, n, share(n, ended)) for label, n in categories],
        ongoing=p.ongoing,
    )


# --- goals --------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoalFigures:
    share: Decimal | None   # utfall / av
    met: bool | None       # against mål_andel or mål_antal; None when not measurable

    def verdict(self, goal: Goal) -> Verdict | None:
        """The author's verdict as written, or else the computed one."""
        if goal.achieved is not None:
            return goal.achieved
        return None if self.met is None else Verdict(Achieved.YES if self.met else Achieved.NO)


def goal(g: Goal) -> GoalFigures:
    achieved_share = share(g.outcome, g.base)
    met = None
    if g.target_share is not None and achieved_share is not None:
        met = g.target_share.met(achieved_share)
    elif g.target_count is not None and g.outcome is not None:
        met = g.target_count.met(g.outcome)
    return GoalFigures(achieved_share, met)


# --- every figure of one insats -------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """Every figure of one insats, computed once and read by every later stage."""

    economy: EconomyFigures
    participants: ParticipantFigures
    goals: tuple[tuple[Goal, GoalFigures], ...]  # each goal of the insats with its figures, in order

    def goal(self, g: Goal) -> GoalFigures:
        """The figures of ``g``, one of this insats's goals (found by identity: equal goals may differ in place)."""
        return next(f for goal_, f in self.goals if goal_ is g)


def figures(insats: Insats) -> Figures:
    return Figures(economy(insats), participants(insats), tuple((g, goal(g)) for g in insats.goals))
