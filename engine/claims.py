"""Numeric claims in Swedish prose, checked against their own arithmetic.

Authors write "307 personer, varav 125 kvinnor och 182 män", "157 (79 %)", "76 % (28/37)",
"6 av 8 … 75 procent" and "97 % utnyttjade". Each rule below recognises one such phrasing
inside a single sentence and recomputes it. Precision matters more than recall: a rule
only fires when the sentence itself names every number involved, so a claim whose base
lies in another sentence ("Av dessa har 11 personer (19 %) …") is left alone. A share is
accepted if it is the computed one rounded half-up or truncated to the claim's own number
of decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from engine import compute
from engine.errors import Problem, dotted
from engine.model import Insats
from engine.sources.located import Located

INT = r"\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d+"
PCT = r"(?P<pct>\d+(?:[,.]\d+)?)\s*(?:%|procent\b)"
GENDER = r"kvinnor|män|flickor|pojkar|tjejer|killar|kvinna|man|övriga"
_WORD = r"[^\W\d]+[\w/-]*"



def _part(i: int) -> str:
    """"125 kvinnor", "10 är gällande män": a count and a gender at most three words apart."""
    return rf"(?P<n{i}>{INT})\s+(?:{_WORD}\s+){{0,3}}?(?P<g{i}>{GENDER})\b"


_BREAKDOWN = re.compile(
    _part(1) + r"\s*(?:,|och|samt|&)\s*" + _part(2) + r"(?:\s*(?:,|och|samt)\s*" + _part(3) + ")?",
    re.IGNORECASE,
)
# The total a breakdown belongs to: a count, words without numbers, then varav / ; / : / (.
_TOTAL_BEFORE = re.compile(rf"(?P<total>{INT})(?![\d,.]*\s*(?:%|procent))[^\d.!?%]{{0,60}}?"
                           r"(?:,?\s*(?:varav|därav)|;|:|\()\s*$", re.IGNORECASE)
# "157 (79 %)", "11 personer (19 %)"
_COUNT_PCT = re.compile(rf"(?P<count>{INT})\s*(?:{_WORD}\s+){{0,2}}?\(\s*{PCT}\s*\)", re.IGNORECASE)
# "Av de 199 individer …", "av totalt 57"
_BASE = re.compile(rf"\b[Aa]v\s+(?:de\s+|dessa\s+|totalt\s+|samtliga\s+|alla\s+)?(?P<base>{INT})\b(?!\s*(?:%|procent))")
# "76% … (28/37)"
_PCT_FRACTION = re.compile(rf"{PCT}[^()\d%]{{0,80}}\(\s*(?P<a>{INT})\s*/\s*(?P<b>{INT})\s*\)", re.IGNORECASE)
# "6 av 8"
_A_OF_B = re.compile(rf"(?<![\d,.])(?P<a>{INT})\s+av\s+(?P<b>{INT})(?![\d,.]|\s*(?:%|procent))", re.IGNORECASE)
_ANY_PCT = re.compile(PCT, re.IGNORECASE)
# "97% utnyttjade", "utnyttjandegraden var 97 %"
_USED = [re.compile(rf"{PCT}\s+(?:{_WORD}\s+){{0,4}}?utnyttja\w*", re.IGNORECASE),
         re.compile(rf"utnyttja\w*\s+(?:{_WORD}\s+){{0,3}}?{PCT}", re.IGNORECASE)]
_DIGIT = re.compile(r"\d")
_MORE_PARTS = re.compile(r"\s*(?:,|och|samt|&)\s*\d")
_ABBREVIATIONS = ("dvs.", "t.ex.", "bl.a.", "m.m.", "ca.", "s.k.", "etc.", "resp.", "osv.", "t ex.", "jfr.", "nr.", "kap.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”)\]]*\s+(?=[A-ZÅÄÖ0-9\"'“(])|\n\s*\n|\n(?=\s*[-*•]\s)")


@dataclass(frozen=True)
class Verdict:
    """One recognised claim: where it is in the text, what it says and whether it holds."""

    start: int
    end: int
    quote: str
    ok: bool
    explanation: str


def _int(text: str) -> int:
    return int(re.sub(r"\s", "", text))


def _pct(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _share_ok(claimed: Decimal, part: int, whole: int) -> bool:
    """The claimed percentage is part/whole rounded half-up or truncated to the claim's decimals."""
    return not whole or _percent_ok(claimed, Decimal(part) * 100 / Decimal(whole))


def _percent_ok(claimed: Decimal, exact: Decimal) -> bool:
    step = Decimal(1).scaleb(claimed.as_tuple().exponent)
    return claimed in {exact.quantize(step, ROUND_HALF_UP), exact.quantize(step, ROUND_DOWN)}


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP)}".replace(".", ",")


def sentences(text: str):
    """(start, end) of each sentence; paragraphs and list items end sentences too."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[:match.start()].lower().endswith(_ABBREVIATIONS):
            continue
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def verdicts(text: str, used_share: Decimal | None = None) -> list[Verdict]:
    """Every recognised numeric claim in ``text`` with its verdict."""
    found: list[Verdict] = []
    if not _DIGIT.search(text):
        return found
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        if not _DIGIT.search(sentence):
            continue

        def add(match_start, match_end, ok, explanation):
            found.append(Verdict(s_start + match_start, s_start + match_end,
                                 sentence[match_start:match_end].strip(), ok, explanation))

        for m in _BREAKDOWN.finditer(sentence):
            genders = {m[f"g{i}"].lower() for i in (1, 2, 3) if m[f"g{i}"]}
            if len(genders) < 2 or _MORE_PARTS.match(sentence, m.end()):
                continue  # one gender twice, or more parts follow than were recognised
            total = _TOTAL_BEFORE.search(sentence[:m.start()])
            if not total:
                continue
            parts = [_int(m[f"n{i}"]) for i in (1, 2, 3) if m[f"n{i}"]]
            claimed = _int(total["total"])
            add(total.start(), m.end(), sum(parts) == claimed,
                f"{' + '.join(map(str, parts))} = {sum(parts)}, not {claimed}")

        bases = [m for m in _BASE.finditer(sentence)]
        for m in _COUNT_PCT.finditer(sentence):
            count, claimed = _int(m["count"]), _pct(m["pct"])
            before = [b for b in bases if b.end() <= m.start() and _int(b["base"]) != count]
            if len(before) != 1:
                continue
            base = _int(before[0]["base"])
            add(before[0].start(), m.end(), _share_ok(claimed, count, base),
                f"{count} av {base} = {_fmt(Decimal(count) * 100 / base)} %, not {m['pct']} %")

        for m in _PCT_FRACTION.finditer(sentence):
            a, b, claimed = _int(m["a"]), _int(m["b"]), _pct(m["pct"])
            add(m.start(), m.end(), _share_ok(claimed, a, b),
                f"{a}/{b} = {_fmt(Decimal(a) * 100 / b) if b else '–'} %, not {m['pct']} %")

        fractions = list(_A_OF_B.finditer(sentence))
        percents = list(_ANY_PCT.finditer(sentence))
        if len(fractions) == 1 and len(percents) == 1 and not _PCT_FRACTION.search(sentence):
            f, p = fractions[0], percents[0]
            a, b, claimed = _int(f["a"]), _int(f["b"]), _pct(p["pct"])
            gap = max(f.start(), p.start()) - min(f.end(), p.end())
            if a <= b and gap <= 80 and not _COUNT_PCT.search(sentence):
                add(min(f.start(), p.start()), max(f.end(), p.end()), _share_ok(claimed, a, b),
                    f"{a} av {b} = {_fmt(Decimal(a) * 100 / b)} %, not {p['pct']} %")

        if used_share is not None:
            for m in (m for pattern in _USED for m in pattern.finditer(sentence)):
                claimed = _pct(m["pct"])
                add(m.start(), m.end(), _percent_ok(claimed, used_share * 100),
                    f"the economy says {_fmt(used_share * 100)} % of the granted funds were used, not {claimed} %")
    return found


def _texts(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, path + (i,))


def check(insats: Insats, located: Located) -> list[Problem]:
    """Warnings for every claim in the source's prose that its own numbers contradict."""
    used_share = compute.economy(insats).used_share
    problems = []
    for path, text in _texts(located.data, ()):
        for v in verdicts(text, used_share):
            if not v.ok:
                line = located.line_in_text(path, text, v.start)
                problems.append(Problem(located.file, line, None, dotted(path),
                                        f"\u201c{v.quote}\u201d: {v.explanation}", "warning"))
    return problems
