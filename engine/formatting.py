"""Numbers, amounts and dates the Swedish way: ``2 458 000 kr``, ``975,6 tkr``, ``84,0 %``.

Babel (locale sv_SE) does the grouping and the decimal comma; rounding is done here first,
half-up with ``Decimal`` as a Swedish reader expects (Babel alone would round half-to-even),
so Babel only ever sees numbers that are already at their final precision.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "sv_SE"
NBSP = "\u00a0"


def round_half_up(value: Decimal, decimals: int = 0) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: Decimal | int, decimals: int = 0) -> str:
    """``2458000`` → ``2 458 000`` (non-breaking spaces); ``975.64, 1`` → ``975,6``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round_half_up(Decimal(value), decimals), format=pattern, locale=LOCALE)


def plain_number(value: Decimal) -> str:
    """A figure as an author writes it in a message, with the decimals it has and no grouping:
    ``Decimal('0.75')`` → ``0,75``, ``Decimal('80.0')`` → ``80``."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def kr(value: Decimal | int | None) -> str:
    """Whole kronor: ``2 458 000 kr``."""
    return "" if value is None else f"{number(value)}{NBSP}kr"


def tkr(value: Decimal | int | None, decimals: int = 1) -> str:
    """Thousands of kronor: ``975 600`` → ``975,6 tkr``."""
    return "" if value is None else f"{number(Decimal(value) / 1000, decimals)}{NBSP}tkr"


def percent(share: Decimal | None, decimals: int | None = 1) -> str:
    """A share (0.84) as a percentage: ``84,0 %``; ``decimals=None`` drops a zero fraction (``80 %``)."""
    if share is None:
        return ""
    value = Decimal(share) * 100
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    return f"{number(value, decimals)}{NBSP}%"


def date(value: dt.date | None) -> str:
    """Dates as the forms ask for them: åååå-mm-dd."""
    return value.isoformat() if value else ""


#: Letters as a Swedish list orders them: å, ä and ö after z (in that order), é as e, ü as y.
_ALPHABET = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sort_key(text: str | None) -> str:
    """``text`` as it sorts in a Swedish list (Älvkarleby after Uppsala), case aside."""
    import unicodedata

    return unicodedata.normalize("NFC", (text or "").casefold()).translate(_ALPHABET)
