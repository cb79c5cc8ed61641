"""The engine's arithmetic: economy, participants, measurable goals — edge cases included."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine import compute
from engine.model import Insats, parse_amount

BASE = {"namn": "Prov", "förbund": "uppsala", "insatsägare": {"organisation": "Tierps kommun"}}


def insats(**extra) -> Insats:
    return Insats.model_validate({**BASE, **extra})


@pytest.mark.parametrize("text,kronor", [
    ("2 458 000", 2458000), ("2 458 000 kr", 2458000), ("2\u00a0458\u00a0000 kr", 2458000),
    ("975,6 tkr", 975600), ("1.194 tkr", 1194000), ("1,2 mkr", 1200000), ("2458000", 2458000),
    ("12 500:-", 12500), ("0", 0),
])
def test_amounts_the_swedish_way(text, kronor):
    assert parse_amount(text) == kronor


@pytest.mark.parametrize("text", ["-5", "tio kronor", "2 458 000 euro", "1,2,3"])
def test_bad_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_economy_totals_share_and_remainder():
    e = compute.economy(insats(ekonomi={
        "beviljat": "2 458 000 kr",
        "kostnader": [
            {"post": "Personal", "budget": "2 000 000", "utfall": "1 800 000", "år": "2022", "finansiär": "SFG"},
            {"post": "Övrigt", "budget": "458 000", "utfall": "264 312", "år": "2023", "finansiär": "SFG"},
            {"post": "Lokaler", "budget": "100 000", "år": "2023", "finansiär": "Kommunen"},
        ]}))
    assert e.budget_total == 2558000 and e.outcome_total == 2064312
    assert e.used == 2064312  # no stated utnyttjat: the cost items' outcome stands in
    assert e.remainder == 393688
    assert round(e.used_share, 4) == Decimal("0.8398")
    assert e.fully_used is False
    assert e.by_year == {2022: (2000000, 1800000), 2023: (558000, 264312)}
    assert e.by_financier == {"Kommunen": (100000, None), "SFG": (2458000, 2064312)}


def test_zero_granted_and_overspent():
    zero = compute.economy(insats(ekonomi={"beviljat": "0", "utnyttjat": "0"}))
    assert zero.used_share is None and zero.remainder == 0 and zero.fully_used is True
    over = compute.economy(insats(ekonomi={"beviljat": "100 000", "utnyttjat": "120 000"}))
    assert over.remainder == -20000 and over.used_share == Decimal("1.2") and over.fully_used is True


def test_economy_unknown():
    e = compute.economy(insats())
    assert (e.granted, e.used, e.remainder, e.used_share, e.fully_used) == (None, None, None, None, None)


def test_participants_totals_and_shares():
    p = compute.participants(insats(deltagare={
        "kvinnor": "125", "män": "182", "övriga": "1",
        "avslutade_till": {"arbete": "12", "studier": "6", "annat": "30"}}))
    assert p.total == 308
    assert [(c.label, c.count) for c in p.by_gender] == [("kvinnor", 125), ("män", 182), ("övriga", 1)]
    assert round(p.by_gender[0].share, 4) == Decimal("0.4058")
    assert p.ended == 48
    assert [(c.label, c.share) for c in p.ended_to] == [("arbete", Decimal("0.25")), ("studier", Decimal("0.125")),
                                                         ("annat", Decimal("0.625"))]


def test_participants_missing_counts():
    p = compute.participants(insats(deltagare={"män": "3"}))
    assert p.total == 3 and p.by_gender[0].share == 1
    none = compute.participants(insats())
    assert none.total is None and none.by_gender == [] and none.ended is None


@pytest.mark.parametrize("goal,share,met", [
    ({"mål_andel": "80 %", "utfall": "157", "av": "199"}, Decimal(157) / 199, False),
    ({"mål_andel": "70%", "utfall": "28", "av": "37"}, Decimal(28) / 37, True),
    ({"mål_andel": "75 procent", "utfall": "6", "av": "8"}, Decimal("0.75"), True),  # exactly on target
    ({"mål_antal": "50", "utfall": "51"}, None, True),
    ({"mål_antal": "200", "utfall": "199"}, None, False),
    ({"utfall": "157", "av": "199"}, Decimal(157) / 199, None),  # no target: nothing to judge
    ({"mål_andel": "80 %", "utfall": "0", "av": "0"}, None, None),  # zero base
    ({}, None, None),
])
def test_measurable_goals(goal, share, met):
    g = insats(mål=[{"mål": "Ett mål", **goal}]).goals[0]
    figures = compute.goal(g)
    assert figures.share == share and figures.met is met
    verdict = figures.verdict(g)
    assert (verdict and verdict.value) == (None if met is None else ("ja" if met else "nej"))
