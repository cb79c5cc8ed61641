"""Swedish number formats, rounded half-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine.formatting import date, kr, number, percent, tkr

NB = "\u00a0"


@pytest.mark.parametrize("value,expected", [
    (Decimal("2458000"), f"2{NB}458{NB}000{NB}kr"),
    (Decimal("2064312"), f"2{NB}064{NB}312{NB}kr"),
    (Decimal("999.5"), f"1{NB}000{NB}kr"),   # half-up, not half-to-even
    (Decimal("0.5"), f"1{NB}kr"),
    (Decimal("2.5"), f"3{NB}kr"),
    (0, f"0{NB}kr"),
    (Decimal("-393688"), f"-393{NB}688{NB}kr"),  # a remainder when more was used than granted
    (None, ""),
])
def test_kr(value, expected):
    assert kr(value) == expected


@pytest.mark.parametrize("value,expected", [
    (Decimal("975600"), f"975,6{NB}tkr"),
    (Decimal("1194000"), f"1{NB}194,0{NB}tkr"),
    (Decimal("43650"), f"43,7{NB}tkr"),      # 43,65 → 43,7 half-up (Babel alone gives 43,6)
])
def test_tkr(value, expected):
    assert tkr(value) == expected


@pytest.mark.parametrize("share,decimals,expected", [
    (Decimal(2064312) / Decimal(2458000), 1, f"84,0{NB}%"),
    (Decimal(2064312) / Decimal(2458000), 0, f"84{NB}%"),
    (Decimal(157) / Decimal(199), 1, f"78,9{NB}%"),
    (Decimal("0.8"), None, f"80{NB}%"),
    (Decimal("0.125"), None, f"12,5{NB}%"),
    (Decimal("0.0025"), 0, f"0{NB}%"),
    (Decimal("0.005"), 0, f"1{NB}%"),
    (Decimal("1.05"), 1, f"105,0{NB}%"),
    (None, 1, ""),
])
def test_percent(share, decimals, expected):
    assert percent(share, decimals) == expected


def test_large_numbers_and_dates():
    assert number(Decimal("12211200")) == f"12{NB}211{NB}200"
    assert date(dt.date(2021, 1, 7)) == "2021-01-07" and date(None) == ""
