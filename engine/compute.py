"""Figures derived from the model, so that no author has to do the arithmetic by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.model import Insats


@dataclass(frozen=True)
class EconomyFigures:
    granted: Decimal | None
    used: Decimal | None          # as stated, or else the sum of the cost items' outcome
    budget_total: Decimal | None  # sum of the cost items' budget
    outcome_total: Decimal | None  # sum of the cost items' outcome
    remainder: Decimal | None     # granted − used
    used_share: Decimal | None    # used / granted

    @property
    def fully_used(self) -> bool | None:
        """Gävleborg's 7.1 (True) or 7.2 (False); None while granted or used is unknown."""
        return None if self.remainder is None else self.remainder <= 0


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def economy(insats: Insats) -> EconomyFigures:
    e = insats.economy
    budget_total = _sum(c.budget for c in e.costs)
    outcome_total = _sum(c.outcome for c in e.costs)
    used = e.used if e.used is not None else outcome_total
    granted = e.granted
    remainder = granted - used if granted is not None and used is not None else None
    share = used / granted if granted and used is not None else None
    return EconomyFigures(granted, used, budget_total, outcome_total, remainder, share)
