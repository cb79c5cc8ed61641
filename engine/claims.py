"""Numeric claims in Swedish prose, checked against their own arithmetic.

Authors write "307 personer, varav 125 kvinnor och 182 män", "157 (79 %)", "76 % (28/37)",
"sju av tio (70 %)", "hälften av de 40 deltagarna, 20 personer", "108 % av målet (54 av 50)"
and "knappt 85 % av medlen har använts". Each rule below recognises one such phrasing inside
a single sentence and recomputes it.

Precision matters more than recall: a rule only fires when the sentence itself names every
number involved and links them explicitly (brackets, "varav", a colon, "dvs.", "alltså",
"vilket motsvarar" …), so a claim whose base lies in another sentence ("Av dessa har 11
personer (19 %) …") is left alone, and so is anything approximate on the side of the figures
a claim is computed from ("av ca 200 deltagare").

Tolerances, in one place:

- an exact share is accepted if it is the computed one rounded half-up or truncated to the
  claim's own number of decimals;
- cirka/ca/ungefär/omkring/runt/kring X %: within ``AROUND_PCT`` percentage points (an
  approximate count is not judged);
- knappt/nästan/närmare/strax under X: at most X and at most ``NEAR_BAND`` points below it;
  drygt/strax över X: at least X and at most ``NEAR_BAND`` points above it;
- över/mer än/minst X: at least X; under/mindre än/högst X: at most X;
- fraction words ("hälften", "en tredjedel", "var fjärde") are round by nature: within
  ``FRACTION_TOL`` points (or one person of the base), and ``FRACTION_BAND`` on the named side
  with knappt/drygt;
- shares that make up a complete split ("60 % kvinnor och 40 % män") may miss 100 by the
  rounding of their parts, and shares that add up to a stated one ("…, alltså 41 % totalt")
  may miss it by the rounding of all of them;
- an approximate count in a breakdown ("drygt 400, varav drygt 150 …") allows ``APPROX_COUNT``
  of itself on the side its word names (``AROUND_COUNT`` either side for cirka), and the parts
  are warned of only where their least sum exceeds what the total allows;
- a change ("en ökning med 120", "300 färre än året innan", "ökade med 18 procent") is judged
  against the sentence's only two other figures, and only where the sentence says which is the
  earlier or the reference ("från … till …", "än målet på 70", "(407,8)", two told times); a
  percentage is of the earlier figure, within the claim's rounding, or within bands relative
  to it for närmare/drygt/cirka.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from engine import claims_gate, compute
from engine.errors import Problem, dotted
from engine.formatting import plain_number
from engine.model import Insats
from engine.claims_gate import needs
from engine.sources.located import Located

AROUND_PCT = Decimal("2.5")
NEAR_BAND = Decimal(5)
FRACTION_TOL = Decimal(5)
FRACTION_BAND = Decimal(10)

# ---------------------------------------------------------------------------- vocabulary

_ONES = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
         "nio": 9}
_TEENS = {"tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
          "sjutton": 17, "arton": 18, "aderton": 18, "nitton": 19}
_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70,
         "åttio": 80, "nittio": 90}
NUMBER_WORDS = {**_ONES, **_TEENS, **_TENS, "hundra": 100, "etthundra": 100}
NUMBER_WORDS.update({t + o: tv + ov for t, tv in _TENS.items() for o, ov in _ONES.items()})
_NW = r"\b(?=[efhnstå])(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"

_DENOMINATORS = {"halv": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6, "tionde": 10, "tiond": 10}
_FRAC = (r"(?P<frac>hälften|halva|varannan|vartannat|vart?\s+(?:annan|annat|tredje|fjärde|femte|sjätte|tionde)"
         r"|(?:(?:en|ett|två|tre|fyra|nio)\s+)?(?:(?:dryg|knapp|god)\s+)?"
         r"(?:tredje|fjärde|femte|sjätte|tion)del(?:ar(?:na)?|en)?)\b")

#: Approximation words, by what they say about the exact value relative to the stated one.
_QUALIFIERS = {
    "below_near": r"knappt|nästan|närmare|närmre|nära|strax\s+under|uppemot|upp\s+emot|bortåt|inemot|en\s+knapp|knappa",
    "above_near": r"drygt|dryga|strax\s+över|en\s+dryg|en\s+god|goda|drygt\s+en",
    "above": r"över|mer\s+än|fler\s+än|minst|långt\s+över|väl\s+över|åtminstone",
    "below": r"under|mindre\s+än|färre\s+än|högst|maximalt|max",
    "around": r"cirka|ca|c:a|ungefär|omkring|runt|kring|runt\s+om|uppskattningsvis|i\s+storleksordningen|~|≈",
}
_QUALW = "|".join(f"(?:{p})" for p in _QUALIFIERS.values())
_QUAL_WORD = re.compile(rf"(?<![\w])(?:{_QUALW})\.?\s*$", re.IGNORECASE)
#: The last letters of every approximation word (what _qual looks for first).
_QUAL_LAST = frozenset({alt.replace("\\s+", " ")[-1].lower() for p in _QUALIFIERS.values() for alt in p.split("|")})
_QUAL_BEFORE = [(name, re.compile(rf"(?:(?<![\w])(?:{p})\.?)\s*$", re.IGNORECASE))
                for name, p in _QUALIFIERS.items()]

_YEAR = r"(?:19|20)\d\d(?![\d:/,.–—-])"
#: A whole number, its thousands grouped by spaces or (as Swedish print also does) by dots: "34 872", "5.162".
INT = r"\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)|\d+"
_CNT = rf"(?<![\d,.:/–—-])(?:{INT})(?![\d:/]|[,.]\d|[–—-]\d|\s*(?:%|procent\b))"
#: A number as a percentage is written, 79 or 12,5; never begun inside a longer number, which
#: also keeps matching linear in a long run of digits (each start would scan the whole run).
_DECIMAL = r"(?<!\d)\d+(?:[,.]\d+)?"
_PCT_RE = re.compile(r"(?<![\d,.])(\d+(?:[,.]\d+)?)\s*(?:%|procent\b)(?!\s*-?enhet)", re.IGNORECASE)
_WORD = r"[^\W\d][\w/-]*"
#: What may stand between "av" and its base: "av de 40", "av totalt 40", "av kommunens 34 872", "av våra 12".
_ART = r"(?:(?:de|dessa|totalt|samtliga|alla|sammanlagt|de\s+totalt|alla\s+de|våra|sina|deras|hans|hennes)\s+)?"
#: … and, where "av" opens the base, a genitive: "Av kommunens 34 872 röstberättigade" (only there: a genitive
#: tried after every "A av" would cost every ratio pattern its time)
_ART_GEN = (r"(?:(?:de|dessa|totalt|samtliga|alla|sammanlagt|de\s+totalt|alla\s+de|våra|sina|deras|hans|hennes|"
            r"[^\W\d]\w{2,}+(?<=[^\Ws]s)(?<!\bhus)(?<!kurs))\s+)?")
_CONN = (r"(?:dvs\.?|d\.v\.s\.?|alltså|således|det\s+vill\s+säga|vilket\s+(?:motsvarar|ger|gav|innebär|"
         r"innebar|är|var|blir|utgör|utgjorde)|motsvarande|som\s+motsvarar|och\s+det\s+motsvarar|eller|…|\.\.\.)")
_GENDER_F = {"kvinnor", "kvinna", "flickor", "flicka", "tjejer", "tjej", "döttrar"}
_GENDER_M = {"män", "man", "pojkar", "pojke", "killar", "kille", "söner"}
_REMAINDER = re.compile(r"\b(?:övriga|övrigt|resten|resterande|annat|andra|annan|okänt|okänd|ej\s+angett|"
                        r"inte\s+angett|ej\s+angivet|icke-binära|ickebinära)\b", re.IGNORECASE)
_MONEY = re.compile(r"\b(?:medel|medlen|medlens|budget\w*|bidrag\w*|anslag\w*|beviljad\w*|tilldelad\w*|"
                    r"finansiering\w*|utnyttjandegrad\w*|ekonomi\w*|kronor|kr|tkr|mkr|förbundsmedel\w*)\b",
                    re.IGNORECASE)
_USE_VERB = r"(?:utnyttja\w*|använ[dt]\w*|förbruka\w*|nyttja\w*)"
_PART_OF_TIME = re.compile(r"(?<![\d–—-])(?:19|20)\d\d(?![\d–—-])(?!\s*[–—-])|\b(?:året|årets|per\s+år|halvår\w*|"
                           r"kvartal\w*|månad\w*|termin\w*|första|andra|tredje)\b", re.IGNORECASE)
#: A clause giving a reason or a circumstance after the claim: a year in it dates that, not the share.
_REASON = re.compile(r",?\s*\b(?:vilket|eftersom|men|trots|beroende\s+på|på\s+grund\s+av|p\.?g\.?a\.?)(?!\w)",
                     re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")  # compiled once: _is_year runs for every number read
_NUMBERISH = re.compile(rf"\d|{_NW}|{_FRAC}", re.IGNORECASE)
_NW_RE = re.compile(_NW, re.IGNORECASE)
#: Words one of which each match of a pattern holds, for claims_gate.needs (tests/test_claims_speed.py proves them):
#: a fraction word ("halv" of "halva", "tredje" of "tredjedel", "annan" of "varannan"), a share, a total.
_FRACTION_WORDS = ("hälften", "annan", "annat", *_DENOMINATORS)
_PCT_WORDS = ("%", "procent")
_TOTAL_WORDS = ("totalt", "sammanlagt", "tillsammans", "alla")
_ABBREVIATIONS = ("dvs.", "t.ex.", "bl.a.", "m.m.", "ca.", "s.k.", "etc.", "resp.", "osv.", "t ex.", "jfr.", "nr.",
                  "kap.", "c:a.", "d.v.s.", "f.d.", "o.s.v.", "st.", "kl.", "tkr.", "mkr.")
_ABBR_TAIL = max(map(len, _ABBREVIATIONS))
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”)\]]*\s+(?=[A-ZÅÄÖ0-9\"'“(])|\n[ \t]*\n|\n(?=[ \t]*[-*•][ \t])")


@dataclass(frozen=True)
class Verdict:
    """One recognised claim: where it is in the text, what it says and whether it holds."""

    start: int
    end: int
    quote: str
    ok: bool
    explanation: str


# ---------------------------------------------------------------------------- helpers

#: Longer than any figure a report gives (10 000 mkr in kronor has 11 digits): a pasted id or
#: a key held down, which Python would not even read past 4 300 digits.
MAX_DIGITS = 15


class _NoFigure(Exception):
    """A number in the sentence is too long to be a figure: the sentence makes no claim to check."""


def _word_number(word: str) -> int:
    """A number word's value in any case a case-insensitive pattern matches ("Sju", and "ſju", which
    str.lower leaves as it is)."""
    value = NUMBER_WORDS.get(word.lower())
    if value is None:
        value = next(v for k, v in NUMBER_WORDS.items() if re.fullmatch(re.escape(k), word, re.IGNORECASE))
    return value


def _value(text: str) -> int:
    text = text.strip()
    if text[:1].isalpha():
        return _word_number(text)
    digits = re.sub(r"[\s.]", "", text)
    if len(digits) > MAX_DIGITS:
        raise _NoFigure
    return int(digits)


def _pct(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _fraction(text: str) -> tuple[Decimal, str | None]:
    """"två tredjedelar" → (66,67, None); "en dryg tredjedel" → (33,33, "above_near")."""
    words = text.lower().split()
    qual = {"dryg": "above_near", "god": "above_near", "knapp": "below_near"}
    found = next((qual[w] for w in words if w in qual), None)
    last = words[-1]
    if last in ("hälften", "halva", "varannan", "vartannat") or last in ("annan", "annat"):
        return Decimal(50), found
    if words[0] in ("var", "vart"):
        return Decimal(100) / _DENOMINATORS[last], found
    denominator = next(v for k, v in _DENOMINATORS.items() if last.startswith(k))
    numerator = NUMBER_WORDS.get(words[0], 1) if len(words) > 1 else 1
    return Decimal(100) * numerator / denominator, found


def _qual(sentence: str, pos: int) -> str | None:
    """The approximation word right before ``pos``, as a _QUALIFIERS key."""
    before = sentence[max(0, pos - 30):pos]
    if before.rstrip().rstrip(".")[-1:].lower() not in _QUAL_LAST:
        return None  # no approximation word ends there ("av", "och", a digit): most places
    for name, pattern in _QUAL_BEFORE:
        if pattern.search(before):
            return name
    return None


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP)}".replace(".", ",")


def _step(claimed: Decimal) -> Decimal:
    return Decimal(1).scaleb(min(claimed.as_tuple().exponent, 0))


def _percent_ok(claimed: Decimal, exact: Decimal) -> bool:
    step = _step(claimed)
    return claimed in {exact.quantize(step, ROUND_HALF_UP), exact.quantize(step, ROUND_DOWN)}


def _judge(claimed: Decimal, exact: Decimal, qual: str | None, fraction: bool = False,
           slack: Decimal = Decimal(0)) -> str | None:
    """None if the exact percentage agrees with the claim; otherwise how it disagrees."""
    if qual is None and not fraction:
        return None if _percent_ok(claimed, exact) else "not"
    tol = (FRACTION_TOL if fraction else AROUND_PCT) + slack
    band = (FRACTION_BAND if fraction else NEAR_BAND) + slack
    low, high = {None: (claimed - tol, claimed + tol), "around": (claimed - tol, claimed + tol),
                 "below_near": (claimed - band, claimed), "above_near": (claimed, claimed + band),
                 "above": (claimed, None), "below": (None, claimed)}[qual]
    if low is not None and exact < low - slack * (qual in ("above_near", "above")):
        return "below"
    if high is not None and exact > high + slack * (qual in ("below_near", "below")):
        return "above"
    return None


def _explain(claim: str, qual: str | None, desc: str, exact: Decimal, way: str, claimed: Decimal) -> str:
    """"6 av 12 = 50,0 %, not 75 %" or "knappt 85 %: 86 av 100 = 86,0 %, which is above 85 %"."""
    shown = f"{desc} = {_fmt(exact)} %" if desc else f"{_fmt(exact)} %"
    claim = claim[:1].lower() + claim[1:]
    if not way:
        return f"{claim}: {shown}, which agrees"
    if qual is None and way == "not":
        return f"{shown}, not {claim}"
    if way == "above":
        relation = f"above {plain_number(claimed)} %" if qual in ("below_near", "below") else \
            f"well above {plain_number(claimed)} %"
    else:
        relation = f"below {plain_number(claimed)} %" if qual in ("above_near", "above") else \
            f"well below {plain_number(claimed)} %"
    return f"{claim}: {shown}, which is {relation}"


def _is_year(text: str) -> bool:
    return bool(_YEAR_ONLY.fullmatch(text.strip()))


# ---------------------------------------------------------------------------- patterns

_A = rf"(?P<a>{_CNT}|{_NW})"
_B = rf"(?P<b>{_CNT}|{_NW})"
_RATIO = rf"{_A}\s+av\s+{_ART}{_B}"
_SLASH = rf"(?<![\d,./])(?P<a>{INT})\s*/\s*(?P<b>{INT})(?![\d/])"
_SHARE = rf"(?:(?:{_QUALW})\.?\s+)?(?:(?P<pct>{_DECIMAL})\s*(?:%|procent\b)|{_FRAC})"
_WORDS = rf"(?:\s+{_WORD}){{0,4}}?"

#: A rate named after its share ("38 % genomströmning, 271 avslut av totalt 805"), never a group ("45 % kvinnor").
_RATE_NOUN = r"[^\W\d]*(?:strömning|uppfyllelse|frekvens|andel|grad)(?:en)?\b"
_COUNT_NOUN = r"(?:svar|svarande|personer|deltagare|respondenter|individer|elever|ungdomar|kvinnor|män|ärenden|st|stycken)"
# A share of a ratio: "7 av 10 (70 %)", "9 av 12, dvs. 75 %", "70 % (7 av 10)", "76 % … (28/37)".
_LINKS = [
    re.compile(rf"{_RATIO}{_WORDS}\s*\(\s*{_SHARE}\s*\)", re.IGNORECASE),
    re.compile(rf"{_RATIO}{_WORDS}\s*,?\s*{_CONN}\s+{_SHARE}", re.IGNORECASE),
    re.compile(rf"{_RATIO}{_WORDS}\s*,\s*{_SHARE}(?=\s*[,.;)]|\s*$)", re.IGNORECASE),
    # between dashes: "770 av 3 829 röstberättigade – 20,1 procent – gick till valurnorna"
    re.compile(rf"{_RATIO}{_WORDS}\s+[–—]\s*{_SHARE}\s*[–—]\s", re.IGNORECASE),
    re.compile(rf"\bav\s+{_ART_GEN}{_B}(?:\s+(?:{_WORD}|{_YEAR})){{1,6}}\s+{_A}(?:\s+(?:{_WORD}|{_YEAR}|\d+\s*[–-]\s*\d+)){{0,8}}?"
               rf"\s*,?\s*{_CONN}\s+{_SHARE}", re.IGNORECASE),
    re.compile(rf"{_SHARE}[^()\d%.;]{{0,80}}\(\s*{_RATIO}(?:\s+{_WORD}){{0,2}}\s*\)", re.IGNORECASE),
    re.compile(rf"{_SHARE}[^()\d%.;]{{0,80}}\(\s*{_SLASH}(?:\s+{_WORD}){{0,2}}\s*\)", re.IGNORECASE),
    re.compile(rf"{_SHARE}{_WORDS}\s*,?\s*{_CONN}\s+{_RATIO}", re.IGNORECASE),
    # a share of a base, then the count it is: "85 % av de 300 unga vi planerade att nå, alltså 255 personer"
    re.compile(rf"(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s+av\s+{_ART}{_B}(?:\s+{_WORD}){{0,6}}?\s*"
               rf"(?:,\s*(?:{_CONN}\s+)?|\(\s*|\s+{_CONN}\s+){_A}(?=\s+(?:personer|deltagare|individer|unga|ungdomar|"
               r"kvinnor|män|st|stycken)\b|\s*[,.)]|\s*$)", re.IGNORECASE),
    # a headline share, then its count of a base: "66 %, 179 deltagare av de 271 som avslutat …"
    re.compile(rf"(?:^|:)\s*(?:[-–•*]\s*)?{_SHARE}(?:\s+{_RATE_NOUN})?\s*,\s*{_A}(?:\s+{_WORD}){{0,2}}?\s+av\s+{_ART}{_B}(?![\d,])",
               re.IGNORECASE),
    # a count named before its base: "fick 400 svar av 636 tillfrågade (63 procent)"
    re.compile(rf"{_A}\s+{_COUNT_NOUN}\s+av\s+{_ART}{_B}(?:\s+{_WORD}){{0,2}}?\s*\(\s*{_SHARE}\s*\)", re.IGNORECASE),
]
_NOUN_RATIO = re.compile(rf"\s{_COUNT_NOUN}\s+av\s", re.IGNORECASE)
# A count beside a fraction of a base: "hälften av de 40 deltagarna, 25 personer", and reversed.
_FRAC_COUNT = [
    re.compile(rf"(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}\s+av\s+{_ART}{_B}(?:\s+{_WORD}){{0,3}}?\s*(?:,|\(|–|—|:)\s*"
               rf"(?:{_CONN}\s+)?{_A}(?=\s+(?:personer|deltagare|individer|st|stycken|unga|ungdomar|"
               r"kvinnor|män|av\s+dem)\b|\s*[,)])", re.IGNORECASE),
    re.compile(rf"{_A}(?:\s+{_WORD}){{0,2}}?\s*,?\s*(?:{_CONN}\s+|\(\s*)(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}\s+av\s+"
               rf"{_ART}{_B}", re.IGNORECASE),
    # "över hälften, 31 av 70, …", "nära hälften (19 av 40)"
    re.compile(rf"(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}\s*(?:,|\(|–|—|:)\s*{_A}\s+av\s+{_ART}{_B}", re.IGNORECASE),
]
_SUM_AFTER = re.compile(r"\s+(?:totalt|sammanlagt|tillsammans|sammantaget)\b", re.IGNORECASE)
_LIST_BEFORE_PCT = re.compile(rf"\d\s*(?:%|procent)(?:\s+{_WORD}){{0,4}}\s*(?:,|\boch\b|\bsamt\b)\s*(?:{_WORD}\s+){{0,3}}$",
                              re.IGNORECASE)
# A fraction word beside a percentage: "två tredjedelar (67 %)", "45 %, dvs. nästan hälften".
_FRAC_PCT = [
    re.compile(rf"(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}(?:\s+av\s+{_WORD}){{0,1}}\s*\(\s*(?P<pct>{_DECIMAL})\s*"
               r"(?:%|procent)\s*\)", re.IGNORECASE),
    re.compile(rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)(?:\s+{_WORD}){{0,3}}?\s*(?:,?\s*{_CONN}\s+|\(\s*)"
               rf"(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}", re.IGNORECASE),
    # "över hälften, 54 procent, hade …", "fler än hälften av de tillfrågade lärarna, 57 procent, varit …"
    re.compile(rf"(?P<fq>(?:{_QUALW})\.?\s+)?{_FRAC}(?:\s+av\s+(?:de\s+|dessa\s+)?(?:{_WORD}\s+){{0,2}}{_WORD})?\s*,\s*"
               rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s*(?=[,)–—]|$)", re.IGNORECASE),
]
#: "Majoriteten (86 procent) av de sysselsatta", "större delen av Västsahara (cirka 80 procent)": more than half.
_MAJORITY = re.compile(rf"\b(?:(?P<maj>majoriteten|(?:en\s+|den\s+)?(?:(?:stora|stor|klar|klara|överväldigande|bred)\s+)?"
                       rf"majoritet(?:en)?|merparten|huvuddelen|större\s+delen|övervägande\s+delen)|"
                       rf"(?P<min>minoriteten|en\s+minoritet))(?:\s+av\s+(?:de\s+|dessa\s+)?(?:{_WORD}\s+){{0,2}}{_WORD})?"
                       rf"\s*(?:\(|,|[–—])\s*(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s*(?=[,)–—])",
                       re.IGNORECASE)
#: "nästan alla medarbetare (55 procent)": almost all is far more than half; judged only below ``NEARLY_ALL``.
_NEARLY_ALL = re.compile(rf"\b(?:nästan|i\s+stort\s+sett|praktiskt\s+taget|så\s+gott\s+som|nära\s+nog)\s+(?:alla|samtliga)"
                         rf"(?:\s+{_WORD}){{0,2}}?\s*(?:\(|,|[–—])\s*(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s*(?=[,)–—])",
                         re.IGNORECASE)
NEARLY_ALL = Decimal(75)
_ANY_RATIO = re.compile(_RATIO, re.IGNORECASE)
_LINKS_WITH_RATIO = tuple(_LINKS[i] for i in (0, 1, 2, 3, 5, 7))
_HAS_AV = re.compile(r"\bav\b", re.IGNORECASE)
_HAS_FRAC = re.compile(_FRAC, re.IGNORECASE)
_HAS_SHARE = re.compile(rf"%|procent|{_FRAC}", re.IGNORECASE)  # what every pattern of _LINKS needs
_FALLBACK_LINK = re.compile(rf"{_CONN}|\bdå\b|\beftersom\b|\bnär\b|=|\binnebär\b|\butgör\b|\bmotsvara\w*|"
                            r"\bger\b|\bgav\b", re.IGNORECASE)

# "157 (79 %)", "11 personer (19 %)"
_COUNT_PCT = re.compile(rf"(?P<count>{_CNT}|{_NW})\s*(?:{_WORD}\s+){{0,2}}?\(\s*(?:(?:{_QUALW})\.?\s+)?"
                        rf"(?P<pct>{_DECIMAL})\s*(?:%|procent)\s*\)", re.IGNORECASE)
_BASE = re.compile(rf"\b(?:av|bland)\s+{_ART_GEN}(?:(?:beviljade|budgeterade|tilldelade|anvisade|erhållna|planerade)\s+)?"
                   rf"(?P<base>{_CNT}|{_NW})(?=\s+[^\W\d])", re.IGNORECASE)
#: A count ending a list of parts: "12 kvinnor och 11 män" before "varav" or "av dem".
_LIST_BEFORE = re.compile(rf"(?:{_CNT}|{_NW})(?:\s+{_WORD}){{0,3}}\s*(?:,|\boch\b|\bsamt\b)\s*$",
                          re.IGNORECASE)
#: A group named after the base, which the following counts are of: "av kvinnorna", "bland männen".
_REBASE = re.compile(r"\bav\s+(?:de\s+)?[^\W\d]\w*(?:na|männen)\b(?=\s+(?:(?:har|hade|var|är|blev|fick|gick|kom|uppgav|"
                     r"svarade|angav)\b|\d))|\bbland\s+[^\W\d]", re.IGNORECASE)
_AV_AFTER = re.compile(r"\s*av\s+(?!målet\b|mål\b)", re.IGNORECASE)
#: A second base beside the first: "av de 18 kvinnorna och (de) 22 männen".
_SECOND_BASE = re.compile(rf"(?:\s+{_WORD}){{1,2}}?\s+(?:och|samt|respektive)\s+(?:de\s+)?(?P<base>{_CNT}|{_NW})"
                          rf"(?=\s+[^\W\d])", re.IGNORECASE)
_VARAV = re.compile(r"\b(?:varav|därav|av\s+dessa|av\s+dem|av\s+vilka|bland\s+dessa)\b", re.IGNORECASE)
_ANY_COUNT = re.compile(rf"{_CNT}|{_NW}", re.IGNORECASE)

# Breakdowns: a total, a few words, then an introducer and the parts.
#: (The lookahead names every character a match may begin with, so that most places are passed over at once;
#: spaces are taken possessively and a match never starts inside a run of them, which it could only repeat:
#: a long run of spaces, as an indented or pasted text has, costs linear time, not cubic.)
_INTRO = re.compile(r"(?:(?<!\s)|(?!\s))(?=[\s,:;(–—vdafu])\s*+(?:,?\s*+\b(?P<v>varav|därav|av\s+(?:dessa|dem)\s+(?:var|är|blev|utgjordes\s+av))\b|"
                    r"(?P<o>(?<=\s)(?:omfattar|omfattade|består\s+av|bestod\s+av|utgörs\s+av|fördelas\s+som))\b|"
                    r"\s*\b(?P<f>fördela(?:t|de|d|des)\s+(?:på|enligt)|"
                    r"uppdela(?:t|de|d)\s+på|fördelning(?:en)?\s*:?)|(?P<c>:)|(?P<s>;)|"
                    r"(?P<p>\((?:\s*(?:varav|därav)\b)?)|(?P<k>,)|"
                    r"(?P<d>(?<=\s)[–—](?=\s)(?:\s+hittills\b)?))\s*", re.IGNORECASE)
#: The total before a breakdown; a year may stand between ("29 ungdomar under 2022 och 2023, …").
_TOTAL = re.compile(rf"(?P<total>(?!{_YEAR}){_CNT}|{_NW})"
                    rf"(?P<gap>(?:\s+(?:(?!varav\b|därav\b|av\b){_WORD}|(?:19|20)\d\d\s*[–—-]\s*{_YEAR}|{_YEAR}|(?:19|20)\d\d/\d\d(?!\d))){{0,6}}"
                    r"(?P<bracket>\s*\([^()]{1,40}\))?),?"
                    r"\s*$", re.IGNORECASE)
#: The approximation words a part of a breakdown may carry ("varav drygt 150 kvinnor"); not a bare
#: "under", which begins a period ("under 2022").
_PART_QUAL = (rf"(?:ytterligare\s+)?(?:(?:{_QUALIFIERS['below_near']}|{_QUALIFIERS['above_near']}|{_QUALIFIERS['around']}|över|mer\s+än|"
              r"fler\s+än|minst|högst|mindre\s+än|färre\s+än)\.?\s+)?")
#: A word whose ending is shared with the next: "om- och tillbyggnation", "grund- eller gymnasieskola".
#: (and a time said in two words, "under året", is one word of a label)
_ELIDED = rf"[^\W\d][\w/]*-\s+(?:och|eller)\s+{_WORD}|(?:under|i)\s+(?:året|år|perioden)\b"
_PART_NUM_FIRST = re.compile(
    rf"{_PART_QUAL}(?P<n>{_CNT}|{_NW})(?P<lab>(?:\s+(?:{_ELIDED}|(?!och\b|samt\b|varav\b|därav\b|respektive\b|"
    rf"av\s+(?:de|dem|dessa|vilka|totalt|\d)\b){_WORD})){{0,4}})"
    rf"(?:\s*\(\s*(?P<pq>(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent)\s*\))?", re.IGNORECASE)
_PART_LABEL_FIRST = re.compile(
    rf"(?P<lab>(?!och\b|samt\b|varav\b|därav\b|totalt\b|sammanlagt\b)[^\W\d][\w/-]*"
    rf"(?:\s+(?!och\b|samt\b)[^\W\d][\w/-]*)?)\s+(?P<n>{_CNT})(?:\s*\(\s*(?P<pct>{_DECIMAL})\s*(?:%|procent)\s*\))?",
    re.IGNORECASE)
_PART_YEAR_NUM = r"(?:(?:under|år|för|i)\s+)?(?:år\s+)?(?:19|20)\d\d(?!\d)"
#: A part named by its year, before or after its count: "2022: 30", "under 2023 deltog 42 personer", "30 under 2022".
_PART_YEAR_FIRST = re.compile(
    rf"(?P<lab>{_PART_YEAR_NUM}\s*:?(?:\s+(?!och\b|samt\b){_WORD}){{0,3}}?)\s*{_PART_QUAL}(?P<n>{_CNT})"
    rf"(?:\s+(?!och\b|samt\b|varav\b|därav\b|av\b|totalt\b|sammanlagt\b){_WORD}){{0,2}}(?P<pct>(?!))?", re.IGNORECASE)
_PART_NUM_YEAR = re.compile(
    rf"{_PART_QUAL}(?P<n>{_CNT})(?P<lab>(?:\s+(?!och\b|samt\b){_WORD}){{0,3}}?\s+{_PART_YEAR_NUM})(?P<pct>(?!))?",
    re.IGNORECASE)
#: "antalet män var 30 och antalet kvinnor 34": a part named after "antalet".
_PART_ANTAL = re.compile(rf"antal(?:et)?\s+(?P<lab>{_WORD})\s+(?:(?:var|är|blev|uppgick\s+till)\s+|:\s*)?"
                         rf"{_PART_QUAL}(?P<n>{_CNT}|{_NW})(?P<pct>(?!))?", re.IGNORECASE)
#: Units of amounts, whose parts in the same unit as the total are shares of it, never overlapping
#: groups of people ("12 deltagare fick arbete och 30 deltagare fick stöd" may count one person twice).
_UNIT_WORD = r"miljon\w*|miljard\w*|tusen|kronor|kr|tkr|mkr|mnkr|msek|sek|euro|hektar|kvadratmeter|kvm|ton|årsarbetare"
#: A total in a unit of amount further before "varav", judged only against parts in its unit.
_FAR_TOTAL = re.compile(rf"(?P<total>(?!{_YEAR}){INT})(?=\s+(?:{_UNIT_WORD})\b)(?P<gap>(?:\s+(?!varav\b|därav\b){_WORD}){{0,12}}),?\s*$",
                        re.IGNORECASE)
_UNIT_AFTER = re.compile(rf"\s+({_UNIT_WORD})\b", re.IGNORECASE)
_UNIT_TOTAL = re.compile(rf"(?<![\d,.:/–—-])(?:{INT})(?![\d:/]|[,.]\d)(?=\s+(?:{_UNIT_WORD})\b)", re.IGNORECASE)
_PART_NUM_LONG = re.compile(
    rf"{_PART_QUAL}(?P<n>{_CNT})(?P<lab>\s+(?:{_UNIT_WORD})\b(?:\s+(?!(?:och|samt)\s+(?:\w+\s+)?\d|varav\b|därav\b|respektive\b|"
    rf"av\s+(?:totalt|\d)\b){_WORD}){{0,14}})(?P<pct>(?!))?", re.IGNORECASE)
_PART_LABEL_UNIT = re.compile(
    rf"(?P<lab>(?!och\b|samt\b|varav\b|därav\b|totalt\b|sammanlagt\b){_WORD}(?:\s+(?!och\b|samt\b){_WORD}){{0,3}})\s+"
    rf"{_PART_QUAL}(?P<n>{_CNT})(?:\s+(?:{_UNIT_WORD})\b){{1,2}}(?P<pct>(?!))?", re.IGNORECASE)
#: Parts tried where _BREAKDOWN_PARTS find none, and judged only in the unit of the total.
_UNIT_PARTS = (_PART_NUM_LONG, _PART_LABEL_UNIT)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_BREAKDOWN_PARTS = (_PART_NUM_FIRST, _PART_LABEL_FIRST, _PART_ANTAL, _PART_YEAR_FIRST, _PART_NUM_YEAR)
#: "Arbetsförmedlingen (14)": a part named first, its count in brackets.
_PART_LABEL_PAREN = re.compile(
    rf"(?P<lab>(?!och\b|samt\b|totalt\b|sammanlagt\b)[^\W\d][\w/-]*(?:\s+(?!och\b|samt\b)[^\W\d][\w/-]*)?)\s*"
    rf"\(\s*(?P<n>{_CNT})\s*\)(?P<pct>(?!))?", re.IGNORECASE)
#: A total after its parts: "…, totalt 47", "(totalt 29)", "– sammanlagt 19".
_TRAILER = re.compile(rf"\s*+(?:,|\(|–|—|;)?\s*+\b(?:totalt|sammanlagt|tillsammans|i\s+alla)\s+(?P<total>{_CNT}|{_NW})",
                      re.IGNORECASE)
#: Rates multiply rather than add: "2 träffar per termin och 3 nätverksträffar, totalt 14".
_RATE = re.compile(r"\bper\b|/|\bvarje\b|\bi\s+(?:veckan|månaden|snitt|genomsnitt)\b", re.IGNORECASE)
TRAILER_REACH = 200
_WORD_START = re.compile(r"(?<![\w/-])\w")
_PCT_PART_NUM_FIRST = re.compile(
    rf"(?P<n>{_DECIMAL})\s*(?:%|procent\b)(?P<lab>(?:\s+(?!och\b|samt\b|av\b){_WORD}){{1,2}})", re.IGNORECASE)
#: A survey's answers: "9,4 % sade ja, 25,8 % sade att de lutar åt ja, … och 35,7 % sade nej".
_MORE_SHARES = re.compile(rf"\s*(?:,|\boch\b|\bsamt\b|&)\s*(?:{_WORD}\s+)?\d+(?:[,.]\d+)?\s*(?:%|procent\b)", re.IGNORECASE)
_YES, _NO = re.compile(r"\bja\b", re.IGNORECASE), re.compile(r"\bnej\b", re.IGNORECASE)
_PCT_LABEL_PLAIN = re.compile(r"[^\W\d][\w/-]*\s*\(?\s*$")
_PCT_LABEL_BEFORE = re.compile(rf"[^\W\d][\w/-]*\s*\(?\s*(?:(?:{_QUALW})\.?\s+)?$", re.IGNORECASE)
_PCT_PART_ANSWER = re.compile(
    rf"(?P<n>{_DECIMAL})\s*(?:%|procent\b)(?P<lab>(?:\s+(?!och\b|samt\b|av\b){_WORD}){{1,8}})", re.IGNORECASE)
_PCT_PART_LABEL_FIRST = re.compile(
    rf"(?P<lab>(?!och\b|samt\b)[^\W\d][\w/-]*)\s*(?:\(\s*)?(?:(?:{_QUALW})\.?\s+)?(?P<n>{_DECIMAL})\s*(?:%|procent\b)\s*\)?",
    re.IGNORECASE)
#: "andelen kvinnor uppgick till 51 procent och andelen män till 49 procent"
_PCT_PART_ANDEL = re.compile(rf"andel(?:en)?\s+(?P<lab>{_WORD})(?:\s+(?!och\b|samt\b){_WORD}){{0,2}}?\s+(?P<n>{_DECIMAL})\s*"
                             r"(?:%|procent\b)", re.IGNORECASE)
_PCT_OF_WHOLE = re.compile(rf"(?<![\d,.])(?P<n>{_DECIMAL})\s*(?:%|procent\b)(?P<lab>\s+av\s+{_WORD})\s*,\s*", re.IGNORECASE)
_ANDEL_BEFORE = re.compile(rf"\bandel(?:en)?\s+{_WORD}(?:\s+{_WORD}){{0,2}}\s+$", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:bland|i|hos|inom|för|av|på|med|utan|under|efter|vid|mot|till)$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[.;:,)!?]|$)")
_BASE_SPLIT = re.compile(rf"\b(?:av|bland)\s+{_ART_GEN}(?P<total>{_CNT}|{_NW})(?:\s+(?:{_WORD}|{_YEAR})){{1,5}}?\s+"
                         r"(?:var|är|har\s+varit|hade\s+varit|utgjordes\s+av)\s+", re.IGNORECASE)
_SEP = re.compile(r"\s*(?:,\s*(?:och|samt)\b|,|\boch\b|\bsamt\b|&|\brespektive\b)\s*", re.IGNORECASE)
_MORE_NAMED = re.compile(rf"\s*(?:,|\boch\b|\bsamt\b)\s*(?!totalt\b|sammanlagt\b|tillsammans\b){_WORD}(?:\s+{_WORD})?"
                         r"\s*[-−–]?\s*\d",
                         re.IGNORECASE)
_REST_AFTER = re.compile(r"\s*,?\s*(?:och\s+|men\s+|medan\s+)?(?:övriga|resten|resterande|de\s+andra|andra)\b", re.IGNORECASE)
_WIDER = re.compile(rf"(?:\s+{_WORD})?\s+(?:sedan|hittills|under\s+hela|under\s+(?:perioden|projekttiden|insatstiden|åren)|"
                    r"inklusive|inkl)\b", re.IGNORECASE)
_TOTAL_WORD = re.compile(r"\b(?:totalt|sammanlagt|sammantaget|tillsammans|totala|hela|samtliga)\b", re.IGNORECASE)
_MORE_PARTS = re.compile(rf"\s*(?:,|och|samt|&)\s*(?:\d|{_NW})", re.IGNORECASE)

# Goals: "målet var 50, utfallet 54, dvs. 108 % av målet", "54 deltagare mot målet 50 (108 %)".
_PLANNED = r"planerade|beräknade|förväntade|budgeterade|målsatta"
_GOAL = re.compile(rf"\bmål(?:et|värdet|talet|sättningen|nivån)?\b[^\d.;]{{0,30}}?(?P<g>{_CNT})|"
                   rf"\b(?:{_PLANNED})\s+(?P<g2>{_CNT})|"
                   rf"(?P<g3>{_CNT})\s+(?:{_PLANNED})\b", re.IGNORECASE)
#: A share target and a share of it: "26 %, vilket är 52 % av målet på 50 %".
_GOAL_OF_SHARE = re.compile(rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s+av\s+(?:det\s+uppsatta\s+)?mål(?:et|värdet|sättningen)?\s+"
                            rf"(?:på|om|:)\s*(?P<g>{_DECIMAL})\s*(?:%|procent\b)", re.IGNORECASE)
_OUTCOME = re.compile(rf"\b(?:utfall(?:et)?|resultat(?:et)?|uppnådde\w*|nådde\w*|nåddes)\b[^\d.;]{{0,30}}?"
                      rf"(?P<u>{_CNT})|(?P<u2>{_CNT})(?:\s+{_WORD}){{0,3}}?\s+mot\s+(?=(?:det\s+uppsatta\s+)?mål)",
                      re.IGNORECASE)
_GOAL_PCT = re.compile(rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s+(?:av\s+(?:det\s+uppsatta\s+)?"
                       r"mål(?:et|värdet|talet|sättningen)\b|måluppfyllelse)|måluppfyllelse\w*\s+(?:på|om|blev|"
                       rf"var|är|:)?\s*(?:(?:{_QUALW})\.?\s+)?(?P<pct2>{_DECIMAL})\s*(?:%|procent\b)",
                       re.IGNORECASE)

# Differences: "en ökning med 120 platser", "300 färre än året innan", "förbättrats med 0,06 till 3,88",
# each against the two figures of the sentence.
_UP = (r"ök\w*|utök\w*|höj\w*|förstärk\w*|tillägg\w*|tillskott\w*|steg|stiger|stigit|uppgång\w*|tillväxt\w*|växte|vuxit|"
       r"fler|mer|högre|större")
_DOWN = r"minsk\w*|sänk\w*|neddragning\w*|nedskärning\w*|besparing\w*|sjönk|sjunk\w*|nedgång\w*|färre|mindre|lägre"
_EITHER = r"förbättr\w*|försämr\w*|bättre|sämre"
_FIG_NUM = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?!\d)|\d{1,3}(?:\.\d{3})+(?!\d|[.,]\d)|\d+(?:[,.]\d+)?"
#: Every figure of a sentence: a count, an amount or a share, never begun inside a longer number.
#: (A minus sign right before a figure, after a space or a bracket, makes it negative: "uppgick till -1,6 (0,3)".)
_FIGURE = re.compile(rf"(?:(?<![\d%)]\s)(?<=[\s(])(?P<sign>[-−])|(?<![\d,.:/–—−-]))(?P<n>{_FIG_NUM})(?![\d:/]|[,.]\d)(?P<pct>\s*(?:%|procent\b)(?!\s*-?enhet))?",
                     re.IGNORECASE)
_DIFF_UNIT = (rf"(?P<unit>\s*(?:%|procent)\s*-?\s*enhet\w*|\s*procentenhet\w*|\s*(?:%|procent\b)|"
              rf"(?:\s+(?!än\b|jämfört\b|till\b|från\b|mot\b|sedan\b){_WORD}){{0,2}})")
#: A date or a span of dates between a word of change and its size: "höjs fr.o.m. den 1 juni 1999 med 500 kronor".
_DATE = (r"(?:fr\.?o\.?m\.?|t\.?o\.?m\.?|den|\d{1,2}\s+(?:jan\w*|feb\w*|mars|april|maj|juni|juli|aug\w*|sep\w*|okt\w*|"
         r"nov\w*|dec\w*)(?:\s+(?:19|20)\d\d)?)")
_DIFF_Q = rf"(?:ytterligare\s+)?(?:(?:{_QUALW})\.?\s+)?"
_DIFFERENCE = [
    re.compile(rf"\b(?P<dir>{_UP}|{_DOWN}|{_EITHER})(?:\s+(?!med\b|på\b|om\b)(?:{_WORD}\.?|{_DATE})){{0,4}}?\s+(?P<by>med|på|om)\s+{_DIFF_Q}"
               rf"(?P<d>{_FIG_NUM}|(?!(?:en|ett)\b){_NW}){_DIFF_UNIT}", re.IGNORECASE),
    re.compile(rf"\b(?P<dir>(?:ökning|minskning|höjning|sänkning|förbättring|försämring)(?:en)?)\s+"
               rf"(?:(?:var|blev|är|uppgick\s+till|uppgår\s+till|landade\s+på)\s+)?{_DIFF_Q}(?P<d>{_FIG_NUM}){_DIFF_UNIT}",
               re.IGNORECASE),
    # not "… mer än 2 år", where "mer än" says how many years
    re.compile(rf"{_DIFF_Q}(?<![\d,.:/–—-])(?P<d>{_FIG_NUM}){_DIFF_UNIT}\s+(?P<dir>{_UP}|{_DOWN}|{_EITHER})\s+än\b"
               rf"(?!\s+{_DIFF_Q}\d)", re.IGNORECASE),
]
_SIZE_IN_WORDS = re.compile(rf"\s(?:med|på|om)\s+{_NW}", re.IGNORECASE)
#: "ökade till 35 på 3 månader": only a noun says its size with "på" or "om" ("en ökning på 15 %", "ett tillägg om 20").
_CHANGE_NOUN = re.compile(r"(?:ing|ingen|gång|gången|växt|växten|tillägg\w*|tillskott\w*)$", re.IGNORECASE)
_PER = re.compile(r"\s*(?:per\b|/|i\s+(?:veckan|månaden|snitt|genomsnitt)\b)", re.IGNORECASE)
_DIR_UP, _DIR_DOWN = re.compile(rf"(?:{_UP})$", re.IGNORECASE), re.compile(rf"(?:{_DOWN})$", re.IGNORECASE)
_FROM_BEFORE = re.compile(rf"\bfrån\s+(?:{_WORD}\s+)?{_DIFF_Q}$", re.IGNORECASE)
_TO_GAP = re.compile(rf"(?:\s*(?:%|procent\b))?(?:\s+(?:{_WORD}|{_YEAR})){{0,4}}?\s+till\s+(?:hela\s+|totalt\s+)?{_DIFF_Q}",
                     re.IGNORECASE)
#: What a comparison is made with, right before its figure: "än året innan (1 500)", "jämfört med 1 500".
_REFERENCE = re.compile(rf"(?:\bän|\bjämfört\s+med|\bmot|\bi\s+förhållande\s+till)(?:\s+{_WORD}){{0,4}}?\s*[(:]?\s*{_DIFF_Q}$",
                        re.IGNORECASE)
#: What stands between "färre än" and the figure it is compared with: a time, no clause of its own.
_THAN_GAP = re.compile(rf"(?:\s+(?!och\b|samt\b|men\b|varav\b|av\b){_WORD}){{1,10}}\s+", re.IGNORECASE)
#: The time a figure is of, just before it: "vid starten hade 12 …", "och vid avslut 20", "under 2023 deltog 42".
_PERIOD_BEFORE = re.compile(
    rf"\b(?:vid|efter|före|under|år|i|inför)\s+(?P<when>start\w*|avslut\w*|inskrivning\w*|utskrivning\w*|projektstart\w*|"
    rf"projektslut\w*|(?:19|20)\d\d|\w+året|\w+mätning\w*|uppföljning\w*|baslinje\w*|första|andra)(?:\s+{_WORD}){{0,3}}\s+$",
    re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d+")
#: A number that names a table, a figure or a page ("se tabell 1"), no figure of the claim.
_NUMBERED = re.compile(r"\b(?:tabell|tabellen|figur|figuren|diagram|diagrammet|bilaga|bild|sidan|sid\.?|s\.|kapitel|avsnitt|"
                       r"punkt|nr\.?)\s*$", re.IGNORECASE)
#: Two figures told as a pair, each of a group named before: "(51 resp. 69 år)", "51 respektive 69".
_PAIR = re.compile(rf"(?:\s+{_WORD})?\s*(?:resp\.?|respektive|/)\s*", re.IGNORECASE)
_DIFF_HINT = re.compile(rf"(?=[öuhftsvmnbl])(?:{_UP}|{_DOWN}|{_EITHER})\s", re.IGNORECASE)  # the letters the words begin with
_FIG_RANGE = re.compile(r"\d\s*[–—-]\s*$|^\s*[–—-]\s*\d")  # "15–30", "15 – 30 år": the ends of a range
_DATE_HINT = re.compile(r"\d\s*(?:jan|feb|mars|april|maj|juni|juli|aug|sep|okt|nov|dec)")
#: A day of a date ("den 1 juni 1999"), no figure of a claim.
_DATE_AFTER = re.compile(r"\s*(?:jan(?:uari)?|feb(?:ruari)?|mars|april|maj|juni|juli|aug(?:usti)?|sep(?:t|tember)?|okt(?:ober)?|"
                         r"nov(?:ember)?|dec(?:ember)?)\b", re.IGNORECASE)

# Use of the granted funds: "97 % av medlen har förbrukats", "utnyttjats till 84 %".
_USED = [re.compile(rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)(?P<mid>(?:\s+{_WORD}){{0,4}}?)\s+{_USE_VERB}",
                    re.IGNORECASE),
         re.compile(rf"{_USE_VERB}(?P<between>(?:\s+{_WORD}){{0,3}}?)\s+(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*"
                    r"(?:%|procent\b)(?P<after>\s+av\s+(?:\S+\s+){0,3})?", re.IGNORECASE)]
#: "… har använts till lönekostnader": what the money went to, so the share is of the spending.
_PURPOSE = re.compile(r"\s+(?:till|för|på|inom)\s+(?!(?:cirka|ca|c:a|ungefär|omkring|runt|drygt|knappt|nästan|"
                      r"över|under|hela|bara|endast|\d))[^\W\d]", re.IGNORECASE)
#: A conjunction between the verb and the share begins another item: "använts till lön och 22 % till …".
_NEW_ITEM = re.compile(r"\b(?:och|samt|men|medan|respektive|resterande|övriga|resten)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------- sentences

def sentences(text: str, pos: int = 0, endpos: int | None = None):
    """(start, end) of each sentence of ``text[pos:endpos]``; paragraphs and list items end sentences too.

    Linear in the length of the text: an abbreviation is looked for in a bounded tail."""
    endpos = len(text) if endpos is None else endpos
    start = pos
    for match in _SENTENCE_END.finditer(text, pos, endpos):
        tail = text[max(0, match.start() - _ABBR_TAIL - 1):match.start()].lower()
        if tail.endswith(_ABBREVIATIONS) and any(tail.endswith(a) and not tail[-len(a) - 1:-len(a)].isalpha()
                                                 for a in _ABBREVIATIONS):
            continue
        yield start, match.start()
        start = match.end()
    yield start, endpos


# ---------------------------------------------------------------------------- the rules

class _Sentence:
    """One sentence, the verdicts found in it, and the percentages already judged."""

    def __init__(self, text: str, offset: int, found: list[Verdict], gate: claims_gate.Gate | None = None):
        self.text, self.offset, self.found = text, offset, found
        self.gate = gate or claims_gate.Gate(text)  # the words and literals the rules' patterns need
        self.lower = self.gate.lower  # for the cheap checks of the words a rule needs
        self.used: set[int] = set()     # start of every percentage / count already judged
        self.spans: set[tuple[int, int]] = set()
        self.long_runs: dict[str, bytearray] = {}  # per part pattern: starts of runs too long to add up
        self.totals: list[tuple[int, int, int]] = []  # (start, end, total) of every breakdown judged
        self._figures: list[re.Match] | None = None
        self._ratios: list[re.Match] | None = None
        self._has_unit: bool | None = None
        self._changes: bool | None = None
        self._amounts: list[re.Match] | None = None

    def add(self, start: int, end: int, ok: bool, explanation: str, *claims: int) -> None:
        if any(c in self.used for c in claims) or (start, end) in self.spans:
            return
        self.used.update(claims)
        self.spans.add((start, end))
        self.found.append(Verdict(self.offset + start, self.offset + end, self.text[start:end].strip(), ok,
                                  explanation))

    def qual(self, pos: int) -> str | None:
        return _qual(self.text, pos)

    def changes(self) -> bool:
        """Whether a word of change or comparison ("ökade", "färre", "bättre") is in the sentence."""
        if self._changes is None:
            self._changes = bool(_DIFF_HINT.search(self.text))
        return self._changes

    def has_unit(self) -> bool:
        """Whether a figure in the sentence is given in a unit of amount ("miljoner kronor")."""
        if self._has_unit is None:
            self._has_unit = bool(_UNIT_TOTAL.search(self.text))
        return self._has_unit

    def amounts(self) -> list[re.Match]:
        """Every amount of the sentence with a word of magnitude or a unit ("1,85 miljarder kronor", "750 tusen kronor")."""
        if self._amounts is None:
            self._amounts = [a for a in _AMOUNT_ANY.finditer(self.text) if not _is_year(a["n"])] \
                if _AMOUNT_HINT.search(self.lower) else []
        return self._amounts

    def ratios(self) -> list[re.Match]:
        """Every "A av B" of the sentence, found once for the rules that need one."""
        if self._ratios is None:
            self._ratios = list(_ANY_RATIO.finditer(self.text)) if _HAS_AV.search(self.text) else []
        return self._ratios

    def figures(self) -> list[re.Match]:
        """The figures of the sentence that may be counts or shares: no years, no ends of a range."""
        if self._figures is None:
            text = self.text
            dated = bool(_DATE_HINT.search(self.lower))
            self._figures = [f for f in _FIGURE.finditer(text) if not (not f["pct"] and _is_year(f["n"]))
                             and not _NUMBERED.search(text, max(0, f.start() - 12), f.start())
                             and not _FIG_RANGE.search(text[max(0, f.start() - 4):f.start()])
                             and not _FIG_RANGE.search(text[f.end():f.end() + 4])
                             and not (dated and not f["pct"] and _DATE_AFTER.match(text, f.end()))]
        return self._figures

    def qual_word(self, pos: int) -> str:
        """The approximation word before ``pos`` as written, with a space after it ("drygt "), or ""."""
        word = _QUAL_WORD.search(self.text, max(0, pos - 30), pos) if self.qual(pos) else None
        return word[0].strip().lower() + " " if word else ""

    def is_range(self, start: int, end: int) -> bool:
        before, after = self.text[max(0, start - 20):start], self.text[end:end + 6]
        return bool(re.search(r"\d\s*%?\s*(?:[–—-]|till)\s*$|mellan\s+\d+(?:[,.]\d+)?\s*%?\s*och\s*$", before)
                    or re.match(r"\s*[–—-]\s*\d", after))


def _share_claim(s: _Sentence, m: re.Match, a: int, b: int, desc: str, claim_start: int,
                 carried: str | None = None) -> None:
    """Judge the share group of ``m`` (a percentage or a fraction word) against a/b; ``carried``: the
    approximation of the count, which the share then has too."""
    if not b or (a > b and "mål" not in s.text.lower()):
        return
    exact = Decimal(a) * 100 / b
    if m["pct"] is not None:
        if s.is_range(m.start("pct"), m.end("pct")):
            return
        claimed, qual, fraction, claim = _pct(m["pct"]), s.qual(m.start("pct")) or carried, False, f"{m['pct']} %"
        key, slack = m.start("pct"), Decimal(0)
    else:
        claimed, inner = _fraction(m["frac"])
        qual = s.qual(m.start("frac")) or inner
        fraction, claim, key, slack = True, m["frac"], m.start("frac"), Decimal(100) / b
    if qual and qual is not carried:
        claim = s.text[claim_start:m.end("pct" if m["pct"] is not None else "frac")].strip()
    # "En av fyra (26 %)": a ratio in number words is itself round, the share beside it the exact one
    rounded = qual is None and not fraction and m["a"][:1].isalpha() and m["b"][:1].isalpha()
    way = _judge(claimed, exact, "around" if rounded else qual, fraction, slack if fraction else Decimal(0))
    s.add(m.start(), m.end(), way is None, _explain(claim, "around" if rounded else qual, desc, exact, way or "", claimed),
          key)


#: "Åtta av tio (8/10)": a ratio beside the exact one it rounds.
_RATIO_PAIR = re.compile(rf"{_RATIO}(?:\s+{_WORD}){{0,3}}?\s*\(\s*(?P<c>{INT})\s*(?:/|av)\s*(?P<d>{INT})"
                         rf"(?:\s+{_WORD}){{0,2}}\s*\)", re.IGNORECASE)


@needs(("av",), ("(",), of=_RATIO_PAIR)
def _ratio_pairs(s: _Sentence) -> None:
    """"Åtta av tio (8/10)", "sju av tio (68 av 100)": the two shares within half a step of the first base."""
    if "(" not in s.text:
        return
    for m in _RATIO_PAIR.finditer(s.text):
        if not _operands_exact(s, m) or any(_is_year(m[g]) for g in ("c", "d")) or m.start("c") in s.used:
            continue
        a, b, c, d = _value(m["a"]), _value(m["b"]), _value(m["c"]), _value(m["d"])
        if not b or not d or a > b or c > d:
            continue
        claimed, exact = Decimal(a) * 100 / b, Decimal(c) * 100 / d
        ok = abs(claimed - exact) <= Decimal(50) / b
        desc = f"{a} av {b} = {_fmt(claimed)} %, {c}/{d} = {_fmt(exact)} %"
        s.add(m.start(), m.end(), ok, desc if ok else f"{desc}: not the same share", m.start("c"), m.start("a"))


def _operands_exact(s: _Sentence, m: re.Match) -> bool:
    return not any(m[g] and (s.qual(m.start(g)) or _is_year(m[g])) for g in ("a", "b"))


@needs(("av", "/"), _PCT_WORDS + _FRACTION_WORDS, of=_LINKS)
def _links(s: _Sentence) -> None:
    if (not _HAS_AV.search(s.text) and "/" not in s.text) or not _HAS_SHARE.search(s.text):
        return
    ratios, slash = bool(s.ratios()), "/" in s.text
    for pattern in _LINKS:
        if (pattern in _LINKS_WITH_RATIO and not ratios) or (pattern is _LINKS[6] and not slash) or \
                (pattern is _LINKS[-1] and not _NOUN_RATIO.search(s.text)):
            continue  # each of these patterns holds an "A av B" or an "A/B"; most sentences have none
        for m in pattern.finditer(s.text):
            # "Minst 31 av 135 omkomna förare, 23 %": the share of the count as written, its word carried over
            carried = m.re in _LINKS_WITH_RATIO and m["a"] and s.qual(m.start("a")) and not s.qual(m.start("b")) and \
                not _is_year(m["a"]) and not _is_year(m["b"]) and m["pct"] is not None and not s.qual(m.start("pct"))
            if (not carried and not _operands_exact(s, m)) or \
                    (m["pct"] and re.match(r"\s+av\s+(?!målet|mål)", s.text[m.end():]) and pattern not in _LINKS[5:7]):
                continue
            a, b = _value(m["a"]), _value(m["b"])
            share_start = m.start("pct") if m["pct"] is not None else m.start("frac")
            qual_start = share_start
            q = re.search(rf"(?:{_QUALW})\.?\s+$", s.text[max(0, share_start - 30):share_start], re.IGNORECASE)
            if q:
                qual_start = share_start - (len(s.text[max(0, share_start - 30):share_start]) - q.start())
            sep = "/" if "/" in s.text[m.start("a"):m.end("b")] else " av "
            _share_claim(s, m, a, b, f"{s.qual_word(m.start('a'))}{a}{sep}{b}", qual_start, "around" if carried else None)


#: "Av totalt 244 styrelser, insynsråd, nämnder och stiftelser …, hade 170 en könsfördelning … inom intervallet
#: 40–60, det vill säga 70 procent": a base opening the sentence, its count after a verb, the share after many words.
_FAR_RATIO = re.compile(rf"^\s*av\s+{_ART_GEN}(?P<b>{INT})\s+[^\W\d][^\d.;%]{{0,200}}?,\s*(?:hade|har|var|är|blev|fick|bedöms|"
                        rf"bedömdes|uppgav|svarade)\s+(?P<a>{INT})(?![\d,.%]|\s*(?:procent|av)\b)(?P<rest>[^;%]{{0,200}}?)"
                        rf",?\s*{_CONN}\s+(?P<share>(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent\b))",
                        re.IGNORECASE)
_RANGE_OR_YEAR = re.compile(r"\d+\s*[–—-]\s*\d+|(?<!\d)(?:19|20)\d\d(?!\d)")


_SUBGROUP = re.compile(r"\b(?:av|bland)\s", re.IGNORECASE)


@needs(("av",), _PCT_WORDS, of=_FAR_RATIO)
def _far_ratios(s: _Sentence) -> None:
    m = _FAR_RATIO.match(s.text)
    if not m or len(_PCT_RE.findall(s.text)) != 1 or m.start("pct") in s.used or \
            _DIGIT.search(_RANGE_OR_YEAR.sub("", m["rest"])) or _SUBGROUP.search(s.text, m.end("b"), m.start("a")) or \
            re.match(r"\s+av\b", s.text[m.end():]):
        return  # "av kvinnorna, har 30 …" or "… 40 procent av kvinnorna": the share is of another group
    a, b = _value(m["a"]), _value(m["b"])
    if s.qual(m.start("a")) or s.qual(m.start("b")):
        return
    _share_claim(s, m, a, b, f"{a} av {b}", m.start("share"))


@needs(_FRACTION_WORDS, of=(_FRAC_COUNT, _FRAC_PCT))
def _fraction_counts(s: _Sentence) -> None:
    if not _HAS_FRAC.search(s.text):
        return
    for pattern in _FRAC_COUNT:
        if pattern is _FRAC_COUNT[2] and not s.ratios():
            continue
        for m in pattern.finditer(s.text):
            if not _operands_exact(s, m):
                continue
            a, b = _value(m["a"]), _value(m["b"])
            if not b or a > b:
                continue
            claimed, inner = _fraction(m["frac"])
            qual = s.qual(m.start("frac")) or inner
            exact = Decimal(a) * 100 / b
            way = _judge(claimed, exact, qual, True, Decimal(100) / b)
            implied = claimed * b / 100
            s.add(m.start(), m.end(), way is None,
                  f"{m['frac']} av {b} is {plain_number(implied.quantize(Decimal('0.1'), ROUND_HALF_UP))}, "
                  f"not {a} ({a} av {b} = {_fmt(exact)} %)" if qual is None else
                  _explain(s.text[m.start():m.end('frac')].strip(), qual, f"{a} av {b}", exact, way or "",
                           claimed), m.start("frac"))
    if not _PCT_RE.search(s.text):
        return
    for pattern in _FRAC_PCT:
        for m in pattern.finditer(s.text):
            if _SUM_AFTER.match(s.text, m.end()) or (pattern is _FRAC_PCT[1] and _LIST_BEFORE_PCT.search(s.text, 0, m.start())):
                continue  # "30 % till arbete och 20 % till studier, alltså hälften totalt": the sum is half
            claimed, inner = _fraction(m["frac"])
            qual = s.qual(m.start("frac")) or inner
            stated = _pct(m["pct"])
            way = _judge(claimed, stated, qual, True, _step(stated) / 2)
            frac_text = s.text[m.start("fq") if m["fq"] else m.start("frac"):m.end("frac")].strip()
            s.add(m.start(), m.end(), way is None,
                  f"{frac_text} is {_fmt(claimed)} %, not {m['pct']} %" if qual is None else
                  _explain(frac_text, qual, "", stated, way or "", claimed), m.start("pct"), m.start("frac"))


_MAJORITY_HINT = re.compile(r"majoritet|merparten|huvuddelen|större delen|övervägande delen|minoritet")
_NEARLY_HINT = re.compile(r"(?:nästan|stort sett|taget|gott som|nära nog) (?:alla|samtliga)")


def _majorities(s: _Sentence) -> None:
    """A majority is more than half, a minority less: "Majoriteten (36 procent)" contradicts itself; and
    nearly all is at least NEARLY_ALL."""
    for m in _MAJORITY.finditer(s.text) if _MAJORITY_HINT.search(s.lower) else ():
        if m.start("pct") in s.used or s.is_range(m.start("pct"), m.end("pct")):
            continue
        claimed, qual = _pct(m["pct"]), s.qual(m.start("pct"))
        slack = AROUND_PCT if qual == "around" else Decimal(0)
        if qual not in (None, "around"):
            continue
        word = (m["maj"] or m["min"]).lower()
        ok = claimed + slack >= 50 if m["maj"] else claimed - slack <= 50
        shown = f"{s.qual_word(m.start('pct'))}{m['pct']} %"
        s.add(m.start(), m.end("pct"), ok, f"{word}: {shown}" + ("" if ok else
              f", which is {'less' if m['maj'] else 'more'} than half"), m.start("pct"))
    for m in _NEARLY_ALL.finditer(s.text) if _NEARLY_HINT.search(s.lower) else ():
        if m.start("pct") in s.used or s.is_range(m.start("pct"), m.end("pct")):
            continue
        ok = _pct(m["pct"]) >= NEARLY_ALL
        s.add(m.start(), m.end("pct"), ok, f"nearly all: {m['pct']} %" + ("" if ok else f", less than {NEARLY_ALL} %"),
              m.start("pct"))


#: A count as a fraction of another told after it: "41 har omkommit i år, under hälften jämfört med förra året, då 97".
_FRACTION_OF = re.compile(rf"{_FRAC}\s+(?:så\s+många\s+|så\s+mycket\s+)?(?:jämfört(?:\s+med)?|mot|i\s+förhållande\s+till)\s",
                          re.IGNORECASE)


def _fraction_comparisons(s: _Sentence) -> None:
    """The sentence's only two counts, the fraction word between them saying what the first is of the second."""
    if "jämfört" not in s.lower and " mot " not in s.lower and "förhållande" not in s.lower:
        return
    for m in _FRACTION_OF.finditer(s.text):
        counts = [f for f in s.figures() if not f["pct"]]
        if len(counts) != 2 or len(s.figures()) != 2 or not counts[0].end() <= m.start() < m.end() <= counts[1].start() \
                or any(s.qual(f.start()) or f.start() in s.used for f in counts):
            continue
        a, b = _dec(counts[0]["n"]), _dec(counts[1]["n"])
        if not b or _magnitude(s.text, counts[0].end()) != _magnitude(s.text, counts[1].end()):
            continue
        claimed, inner = _fraction(m["frac"])
        qual = s.qual(m.start("frac")) or inner
        exact = a * 100 / b
        way = _judge(claimed, exact, qual, True, Decimal(100) / b)
        frac_text = (s.qual_word(m.start("frac")) + m["frac"]).strip()
        s.add(counts[0].start(), counts[1].end(), way is None,
              _explain(frac_text, qual or "around", f"{counts[0]['n']} / {counts[1]['n']}", exact, way or "",
                       claimed if claimed == claimed.to_integral_value() else claimed.quantize(Decimal("0.1"))),
              counts[0].start(), m.start("frac"))


@needs(_PCT_WORDS, of=_PCT_RE)
def _fallback(s: _Sentence) -> None:
    """"… motsvarar 75 procent då 6 av 8 …": the sentence's only ratio and only percentage, linked."""
    ratios = s.ratios()
    percents = list(_PCT_RE.finditer(s.text))
    if len(ratios) != 1 or len(percents) != 1 or _COUNT_PCT.search(s.text):
        return
    r, p = ratios[0], percents[0]
    if p.start() in s.used or not _operands_exact(s, r) or s.is_range(p.start(), p.end()):
        return
    if re.match(r"\s+av\s+(?!målet)", s.text[p.end():]):
        return
    a, b = _value(r["a"]), _value(r["b"])
    lo, hi = sorted((r, p), key=lambda x: x.start())
    gap = s.text[lo.end():hi.start()]
    if a > b or not b or len(gap) > 80 or _DIGIT.search(gap) or not _FALLBACK_LINK.search(gap):
        return
    claimed, qual, exact = _pct(p[1]), s.qual(p.start()), Decimal(a) * 100 / b
    way = _judge(claimed, exact, qual)
    claim = f"{p[1]} %"
    if qual:
        claim = re.search(rf"(?:{_QUALW})\.?\s+\d.*$", s.text[max(0, p.start() - 30):p.end()], re.IGNORECASE)[0]
    s.add(lo.start(), hi.end(), way is None, _explain(claim, qual, f"{a} av {b}", exact, way or "", claimed),
          p.start())


def _base_for(s: _Sentence, pos: int, varavs: list, varav_starts: list, bases: list,
              base_ends: list) -> tuple[int, int, int] | None:
    """The count a share at ``pos`` is of, where it starts and ends: the nearest "av (de) N" or the
    count before the nearest "varav". Both are found by bisection in the sentence's lists
    (``*_starts``/``*_ends`` are their positions), so that a long sentence stays linear.

    None where the reader cannot tell: the count before "varav" ends a list of parts ("12
    kvinnor och 11 män, varav 9"), or a group named after "av (de) N" takes its place ("och av
    kvinnorna har 12")."""
    best = None
    j = bisect.bisect_right(base_ends, pos) - 1
    if j >= 0:
        b = bases[j]
        best = (b.start(), _value(b["base"]), b)
    i = bisect.bisect_right(varav_starts, pos) - 1
    while i >= 0 and varavs[i].end() > pos:
        i -= 1
    if i >= 0 and (best is None or varavs[i].start() > best[0]):
        v = varavs[i]
        window = s.text[max(0, v.start() - 80):v.start()]
        counts = [c for c in _ANY_COUNT.finditer(window) if not _is_year(c[0])
                  and not re.match(r"\s*\)", window[c.end():]) and c[0].lower() not in ("en", "ett")]
        if not counts:
            return None
        c = counts[-1]
        if s.qual(max(0, v.start() - 80) + c.start()):
            return None
        if _LIST_BEFORE.search(window, 0, c.start()):
            return _total_before(s, max(0, v.start() - 80) + c.start(), v.start())
        return _value(c[0]), max(0, v.start() - 80) + c.start(), max(0, v.start() - 80) + c.end()
    if best is None or s.qual(best[2].start("base")) or _is_year(best[2]["base"]):
        return None
    if _REBASE.search(s.text, best[2].end(), pos):
        return None
    return best[1], best[0], best[2].end("base")


def _total_before(s: _Sentence, part: int, varav: int) -> tuple[int, int, int] | None:
    """"52 deltagare, varav 30 kvinnor och 22 män, och av dem …": the total of the breakdown the
    part at ``part`` ends, if "varav"/"av dem" follows right after it; else None (unclear)."""
    for start, end, total in s.totals:
        if start < part < end and re.fullmatch(r"[\s,)]*(?:och\s+|men\s+)?", s.text[end:varav], re.IGNORECASE):
            return total, start, end
    return None


@needs(("(",), _PCT_WORDS, of=_COUNT_PCT)
def _count_shares(s: _Sentence) -> None:
    if "(" not in s.text:
        return  # every claim it reads has its share in brackets
    varavs = list(_VARAV.finditer(s.text))
    bases = list(_BASE.finditer(s.text))
    varav_starts, base_ends = [v.start() for v in varavs], [b.end() for b in bases]
    for m in _COUNT_PCT.finditer(s.text):
        if m["count"].lower() in ("en", "ett") or _is_year(m["count"]) or s.qual(m.start("count")):
            continue
        if m.start("pct") in s.used or s.is_range(m.start("pct"), m.end("pct")):
            continue
        if _AV_AFTER.match(s.text, m.end()):
            continue  # "70 (74 %) av dem": the share is of the group named after it
        count = _value(m["count"])
        found = _base_for(s, m.start(), varavs, varav_starts, bases, base_ends)
        if found is not None and (second := _SECOND_BASE.match(s.text, found[2])):
            found = _paired_base(s, m, found, second)
        if found is None or found[0] <= count:
            continue
        base, start, _ = found
        claimed, qual, exact = _pct(m["pct"]), s.qual(m.start("pct")), Decimal(count) * 100 / base
        way = _judge(claimed, exact, qual)
        claim = f"{m['pct']} %" if qual is None else s.text[m.start("pct") - 12:m.end()].split("(")[-1].strip(" )")
        s.add(start, m.end(), way is None, _explain(claim, qual, f"{count} av {base}", exact, way or "", claimed),
              m.start("pct"))


def _paired_base(s: _Sentence, m: re.Match, found: tuple, second: re.Match) -> tuple | None:
    """"Av de 18 kvinnorna och 22 männen har 7 (39 %) respektive 9 (41 %)": the first share is
    of the first base and the one after "respektive" of the second; without "respektive" the
    reader cannot tell which, so None."""
    if re.search(r"\brespektive\s*$", s.text[max(0, m.start() - 15):m.start()], re.IGNORECASE):
        return _value(second["base"]), second.start("base"), second.end("base")
    if re.match(r"\s*,?\s*respektive\b", s.text[m.end():], re.IGNORECASE) and \
            not _COUNT_PCT.search(s.text, second.end(), m.start()):
        return found
    return None


_CLOSING = re.compile(r"\b(?:och|samt)\b", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"\s*,\s*(?:och|samt)\b", re.IGNORECASE)
#: A breakdown has at most this many parts; a longer run is a list, not a sum one checks.
MAX_PARTS = 30


def _parse_parts(s: _Sentence, pos: int, part_res) -> tuple[list[re.Match], int] | None:
    """A list of parts from ``pos``: "30 kvinnor och 18 män", "Tierp 40, Älvkarleby 30 och Östhammar 50".

    A run of more than MAX_PARTS parts is read to its end once, and every part in it that more
    than MAX_PARTS parts follow from is marked in ``s.long_runs``: each comma inside a long run
    is tried as the start of a breakdown, and would otherwise read the run again."""
    text = s.text
    for part_re in part_res:
        long = s.long_runs.get(part_re.pattern)
        parts, at, closed = [], pos, False
        while True:
            if long is not None and long[at]:
                return None
            m = part_re.match(text, at)
            if not m:
                break
            parts.append(m)
            if len(parts) > MAX_PARTS:
                if long is None:
                    long = s.long_runs[part_re.pattern] = bytearray(len(text) + 1)
                long[parts.pop(0).start()] = 1
            sep = _SEP.match(text, m.end())
            if not sep or not part_re.match(text, sep.end()) or (len(parts) > 1 and closed) or _NEW_CLAUSE.match(sep[0]):
                break  # "A, B och C": after the part an "och" brings, the list is over; ", och" begins a clause
            closed = bool(_CLOSING.search(sep[0]))
            at = sep.end()
        if long is not None and long[pos]:
            return None
        if len(parts) >= 2:
            return parts, parts[-1].end()
    return None


#: Parts named by what people have ("35 med försörjningsstöd och 40 med psykisk ohälsa") may
#: overlap, so more than the total is no contradiction; places and outcomes do not.
_ATTRIBUTE = re.compile(r"(?:med|utan|har|hade|haft|som\s+(?:har|hade|haft|är|var|varit))\b", re.IGNORECASE)


def _complete(labels: list[str]) -> bool:
    """Whether the parts make a complete split: both genders, or a last part for the rest."""
    words = [set(re.findall(r"\w+", lab.lower())) for lab in labels]
    both = any(w & _GENDER_F for w in words) and any(w & _GENDER_M for w in words)
    return both or (bool(labels) and bool(_REMAINDER.search(labels[-1])))


def _named(labels: list[str]) -> bool:
    """"Tierp 120, Östhammar 190": every part named by a place, a party or a year (a capital or
    a year after any preposition), which split the whole as genders do."""
    for lab in labels:
        words = [w for w in lab.split() if w.lower() not in ("i", "från", "på", "inom", "hos", "för", "under", "år")]
        if not words or not all(w[:1].isupper() or _is_year(w.rstrip(":")) for w in words[:2]):
            return False
    return True


#: An approximate count ("drygt 400", "cirka 60") is within this share of itself, and at least
#: APPROX_MIN from it, on the side its word names.
#: An amount in a word of magnitude ("31 miljarder") is taken as rounded to its last digit where that step is
#: at most this part of it (two significant digits or more).
ROUNDED_AMOUNT = Decimal("0.1")
APPROX_COUNT = Decimal("0.1")
APPROX_MIN = 3
#: "cirka", "omkring" name no side, and are allowed half as much again.
AROUND_COUNT = Decimal("0.15")


_WITHIN = re.compile(r"\b(?:inom|hos|vid)\s+[^\W\d]\w*$", re.IGNORECASE)


def _count_range(value: int, qual: str | None) -> tuple[Decimal, Decimal | None]:
    """The values an exact or approximate count allows: "drygt 400" → 400 … 440; "över 400" → 400 … ∞;
    "cirka 130 000" → 120 000 … 140 000: a round count is within one step of its last digit."""
    v = Decimal(value)
    band = max(v * APPROX_COUNT, Decimal(APPROX_MIN))
    wide = max(v * AROUND_COUNT, Decimal(APPROX_MIN))
    zeros = len(str(value)) - len(str(value).rstrip("0")) if value else 0
    if zeros >= 2:
        wide = max(min(wide, Decimal(10) ** zeros), Decimal(APPROX_MIN))
    return {None: (v, v), "around": (v - wide, v + wide), "below_near": (v - band, v), "above_near": (v, v + band),
            "above": (v, None), "below": (Decimal(0), v)}[qual]


def _approximate_sum(s: _Sentence, total_start: int, end: int, total: str, parts: list, values: list[int],
                     complete: bool) -> None:
    """"Drygt 400 deltagare, varav drygt 150 kvinnor och 300 män": warn only where the parts'
    least sum exceeds what the total allows (or, for a complete split, their greatest falls short)."""
    tq = s.qual(total_start)
    low, high = _count_range(_value(total), tq)
    ranges = [_count_range(v, s.qual(p.start("n"))) for p, v in zip(parts, values)]
    least = sum(r[0] for r in ranges)
    most = None if any(r[1] is None for r in ranges) else sum(r[1] for r in ranges)
    shown = " + ".join(f"{s.qual_word(p.start('n'))}{_grouped(v)}" for p, v in zip(parts, values))
    stated = s.qual_word(total_start) + total
    exact_parts = all(r[0] == r[1] for r in ranges)
    if high is not None and least > high:
        summed = f"{shown} = {_grouped_dec(least)}" if exact_parts else f"{shown} is at least {_grouped_dec(least)}"
        s.add(total_start, end, False, f"{summed}, more than {stated} allows", *[p.start("n") for p in parts])
    elif complete and most is not None and most < low:
        summed = f"{shown} = {_grouped_dec(most)}" if exact_parts else f"{shown} is at most {_grouped_dec(most)}"
        s.add(total_start, end, False, f"{summed}, fewer than {stated} allows", *[p.start("n") for p in parts])


def _breakdown_parts(text: str) -> tuple:
    """The part patterns worth trying in a sentence: parts named "antalet …" or by a year only where those are."""
    year = _ANY_YEAR.search(text) is not None
    antal = "antal" in text.lower()
    return tuple(r for r in _BREAKDOWN_PARTS if (r is not _PART_ANTAL or antal)
                 and (r not in (_PART_YEAR_FIRST, _PART_NUM_YEAR) or year))


def _unit(text: str, pos: int) -> str | None:
    """The unit right after a number ending at ``pos`` ("miljoner", "kronor"), lower case, or None."""
    m = _UNIT_AFTER.match(text, pos)
    return m[1].lower() if m else None


def _past_unit(text: str, pos: int) -> int:
    """Where the text goes on after the unit, if any, of a number ending at ``pos``."""
    m = _UNIT_AFTER.match(text, pos)
    return m.end() if m else pos


_MAGNITUDES = (("miljard", 9), ("miljon", 6), ("mkr", 6), ("mnkr", 6), ("msek", 6), ("tusen", 3), ("tkr", 3))


def _magnitude(text: str, pos: int) -> int:
    """The power of ten a word of magnitude after a number ending at ``pos`` gives it ("1,47 miljoner": 6), else 0."""
    unit = _unit(text, pos) or ""
    return next((power for word, power in _MAGNITUDES if unit.startswith(word)), 0)


def _contrasted(labels: list[str]) -> bool:
    """"helägda" and "delägda", "heltid" and "deltid": one word told apart by its beginning, which splits a whole
    ("aktiva" and "nya" may overlap)."""
    words = {lab.lower() for lab in labels}
    return len(words) == len(labels) and len(os.path.commonprefix([w[::-1] for w in words])) >= 3


def _more_in_unit(text: str, end: int, unit: str) -> bool:
    """Whether another amount in ``unit`` follows the parts ending at ``end`` in their clause (before a ";"),
    not as a total: the list goes on in a form not read."""
    clause_end = text.find(";", end)
    for m in _UNIT_TOTAL.finditer(text, end, len(text) if clause_end < 0 else clause_end):
        if _unit(text, m.end()) == unit and not _TOTAL_WORD.search(text, end, m.start()):
            return True
    return False


_AGE_OR_TIME = re.compile(r"\s+(år|års|månader|veckor|dagar|timmar|minuter)\b", re.IGNORECASE)


def _breakdowns(s: _Sentence) -> None:
    text = s.text
    part_res = _breakdown_parts(text)
    for intro in _INTRO.finditer(text):
        if not _numberish_in(s, intro.end(), intro.end() + 160):
            continue  # every part pattern has its number within a few words
        kind = next(k for k in "vofcspkd" if intro[k] is not None)  # a dash ("659 miljoner kronor – …") as "varav"
        head = text[max(0, intro.start() - 120):intro.start()]
        total = _TOTAL.search(head)
        if total and total["bracket"] and kind != "v":
            continue  # "40 mycket nöjda (47 %), 25 …": only "varav" follows a total's bracket ("169 st (96 %), varav …")
        if not total or _is_year(total["total"]):
            if not s.has_unit():
                continue
            total = _FAR_TOTAL.search(head)  # "103 miljoner kronor allokeras till UNDP i Ukraina, varav …": judged in the unit
            if not total or kind not in "vo":
                continue
        parsed = _parse_parts(s, intro.end(), part_res) or (s.has_unit() and _parse_parts(s, intro.end(), _UNIT_PARTS))
        if not parsed:
            continue
        parts, end = parsed
        # Parts in one unit ("75 miljoner kronor … och 15 miljoner kronor …") are of the last figure
        # before in that unit; the same unit on both sides makes them comparable whatever their names.
        units = {_unit(text, p.end("n")) for p in parts}
        unit = units.pop() if len(units) == 1 else None
        total_start = intro.start() - len(head) + total.start()
        total_text = total["total"]
        if unit and _unit(text, total_start + len(total_text)) != unit:
            wide = max(0, intro.start() - 200)
            same = [m for m in _UNIT_TOTAL.finditer(text, wide, intro.start()) if _unit(text, m.end()) == unit]
            if same:
                total_start, total_text = same[-1].start(), same[-1][0]
        in_unit = bool(unit) and _unit(text, total_start + len(total_text)) == unit
        if unit and _more_in_unit(text, end, unit):
            continue  # "…, 3 miljoner kronor avsätts av … samt 2 miljoner kronor …": a part not read
        if (parts[0].re in _UNIT_PARTS or total.re is _FAR_TOTAL or kind == "o") and not in_unit:
            continue
        if total_text.lower() in ("en", "ett") or _is_year(total_text) or \
                re.match(r"\s*(?:%|procent)", text[total_start + len(total_text):]):
            continue
        if _MORE_PARTS.match(text, end) or any(_is_year(p["n"]) or s.is_range(p.start("n"), p.end("n")) for p in parts) \
                or (parts[0].re in (_PART_LABEL_FIRST, _PART_LABEL_UNIT) and _MORE_NAMED.match(text, end)):
            continue  # the list goes on in a form not read ("…, Ekonomiskt bistånd -9 073 tkr"): not all its parts
        if all(p["n"].lower() in ("en", "ett") for p in parts) or \
                re.match(r"\s*,?\s*respektive\s+(?:(?:19|20)\d\d(?!\d)|[^\W\d])", text[end:], re.IGNORECASE):
            continue  # "en växande …, en långsam …" are articles; "11 miljoner för 2026 respektive 2027" is for each
        approximate = s.qual(total_start) or any(s.qual(p.start("n")) for p in parts)
        with_shares = all(p["pct"] for p in parts)
        labels = [p["lab"].strip() for p in parts]
        time = _AGE_OR_TIME.match(total["gap"])
        if time and not all(lab.lower().startswith(time[1].lower()) for lab in labels):
            continue  # "6 av de omkomna var över 65 år, 3 kvinnor och 15 män": an age or a time, no total of the parts
        values = [_value(p["n"]) for p in parts]
        if max(values) > _value(total_text) and not in_unit and not (kind == "p" and _gender_split(labels)):
            continue  # a part larger than the total: the number before is not the total
        named = _named(labels)
        if kind == "k" and not with_shares and not ((_gender_split(labels) or (named and _TOTAL_WORD.search(head)))
                                                    and _CLAUSE_END.match(text, end)):
            continue  # "40 personer, 12 kvinnor och 9 män fick arbete" is a clause of its own, and "Politisk
            # verksamhet 548 tkr, Konsumentfrågor 136 tkr, …" a list whose first item is no total
        claimed = _value(total_text)
        # "412 deltagare; Tierp 120, Östhammar 190 och Älvkarleby 102" names every place; without the
        # "och", or with "övriga …" after, the list may not be all of them
        closed = bool(re.search(r"\b(?:och|samt)\s*$", text[parts[-2].end():parts[-1].start()]))
        complete = _complete(labels) or (kind == "s" and named and closed and not _REST_AFTER.match(text, end))
        if kind in "fcp":
            complete = True
        first_words = {lab.split()[0].lower() if lab else "" for lab in labels}
        parallel = all(len(lab.split()) == 1 for lab in labels) or (len(first_words) == 1 and "" not in first_words) \
            or in_unit or named
        single = closed and all(len(lab.split()) == 1 for lab in labels) and not _PEOPLE.match(total["gap"].strip()) and \
            _contrasted(labels)
        if kind == "s" and not (complete or named or single):  # "49 bolag; 41 helägda och 18 delägda", never people
            continue
        if approximate:
            # "varav cirka 72 000 platser är inom yrkesvux och ca 53 000 är inom yrkeshögskolan": each within its own body
            within = all(_WITHIN.search(lab) for lab in labels)
            if not any(p["pct"] for p in parts) and (complete or within or (parallel and not all(_ATTRIBUTE.match(lab)
                                                                                                 for lab in labels))):
                _approximate_sum(s, total_start, end, total_text, parts, values, complete)
            continue
        if complete or (parallel and sum(values) >= claimed and not all(_ATTRIBUTE.match(lab) for lab in labels)):
            _add_sum(s, total_start, end, claimed, parts, values)
        for p, value in zip(parts, values):
            if p["pct"] and claimed and value <= claimed and p.start("pct") not in s.used:
                pct, exact = _pct(p["pct"]), Decimal(value) * 100 / claimed
                qual = s.qual(p.start("pct"))
                way = _judge(pct, exact, qual)
                s.add(p.start(), p.end(), way is None,
                      _explain(f"{p['pct']} %", qual, f"{value} av {claimed}", exact, way or "", pct), p.start("pct"))


def _grouped_dec(value: Decimal) -> str:
    return _grouped(int(value)) if value == value.to_integral_value() else plain_number(value)


def _grouped(value: int) -> str:
    """300 000 000 as a report writes it; below 10 000 without a space (1200)."""
    return f"{value:,}".replace(",", " ") if value >= 10000 else str(value)


#: The share of one part said after a breakdown: ", dvs. 77 % var män", ", alltså drygt hälften kvinnor".
_PART_SHARE = re.compile(rf"(?P<a>)(?P<b>)\s*,?\s*(?:dvs\.?|d\.v\.s\.?|alltså|det\s+vill\s+säga|vilket\s+innebär\s+att)\s+"
                         rf"(?P<share>{_SHARE})\s+(?:(?:var|är|av\s+dem\s+var|utgjordes\s+av)\s+)?(?P<lab>{_WORD})(?=\s*[.,;)]|\s*$)",
                         re.IGNORECASE)


def _add_sum(s: _Sentence, total_start: int, end: int, claimed: int, parts: list, values: list[int]) -> None:
    """Judge parts against their total, and remember the total for an "av dem" after them."""
    summed = sum(values)
    arithmetic = f"{' + '.join(map(_grouped, values))} = {_grouped(summed)}"
    s.add(total_start, end, summed == claimed, arithmetic if summed == claimed else f"{arithmetic}, not {_grouped(claimed)}",
          *[p.start("n") for p in parts])
    s.totals.append((total_start, end, claimed))
    if summed == claimed and claimed:
        share = _PART_SHARE.match(s.text, end)
        label = share and share["lab"].lower()
        named = [value for p, value in zip(parts, values) if (p.groupdict().get("lab") or "").strip().lower() == label]
        if len(named) == 1:  # "57 kvinnor och 196 män, dvs. 77 % var män": the share of the part it names
            _share_claim(s, share, named[0], claimed, f"{named[0]} av {claimed}", share.start("share"))


@needs(_TOTAL_WORDS, of=_TRAILER)
def _trailing_totals(s: _Sentence) -> None:
    """"Remisserna kom från Arbetsförmedlingen (14), Försäkringskassan (8) och vården (6), totalt
    28": the parts before a "totalt N" add up to it. The list is the longest one that ends right
    at the "totalt", begun at a word at most TRAILER_REACH characters before it."""
    text = s.text
    part_res = None
    for trailer in _TRAILER.finditer(text):
        if s.qual(trailer.start("total")) or _is_year(trailer["total"]) or trailer["total"].lower() in ("en", "ett"):
            continue
        reach = max(0, trailer.start() - TRAILER_REACH)
        part_res = part_res or _breakdown_parts(text) + (_PART_LABEL_PAREN,)
        for word in _WORD_START.finditer(text, reach, trailer.start()):
            parsed = _parse_parts(s, word.start(), part_res)
            after = parsed and _TRAILER.match(text, parsed[1])
            if not after or after.start("total") != trailer.start("total"):
                continue
            parts, end = parsed
            labels = [p["lab"].strip() for p in parts]
            values = [_value(p["n"]) for p in parts]
            total = _value(trailer["total"])
            if any(s.qual(p.start("n")) or _is_year(p["n"]) or _RATE.search(p["lab"]) or s.is_range(p.start("n"), p.end("n"))
                   for p in parts) or \
                    all(_ATTRIBUTE.match(lab) for lab in labels) or max(values) > total or \
                    (sum(values) < total and _WIDER.match(text, _past_unit(text, trailer.end()))):
                break  # "…, totalt 60 sedan starten": the total counts more than the parts name
            _add_sum(s, parts[0].start(), trailer.end(), total, parts, values)
            break


#: "652 miljoner för år 2025, 968 miljoner för år 2026 och 880 miljoner för år 2027, totalt 2,3 miljarder"
_UNIT_TRAILER = re.compile(rf"\s*,?\s*\b(?:totalt|sammanlagt|tillsammans|i\s+alla)\s+(?P<total>{_FIG_NUM})(?=\s+(?:{_UNIT_WORD})\b)",
                           re.IGNORECASE)
_AMOUNT_GAP = re.compile(r"(?:\s+(?:[^\W\d][\w/-]*|(?:19|20)\d\d(?!\d))){0,8}?\s*(?P<sep>,|\s(?:och|samt)\b)"
                         r"(?:\s+(?:[^\W\d][\w/-]*|(?:19|20)\d\d(?!\d))){0,3}?\s*", re.IGNORECASE)
_AMOUNT_LABEL = re.compile(r"(?:\s+(?:[^\W\d][\w/-]*|(?:19|20)\d\d(?!\d))){0,8}?", re.IGNORECASE)


@needs(_TOTAL_WORDS, of=_UNIT_TRAILER)
def _unit_trailing_totals(s: _Sentence) -> None:
    """Amounts listed "A, B och C" before "totalt T" in a unit of amount, T in the same unit or another
    word of magnitude ("2,3 miljarder" for parts in "miljoner"), within the rounding of T and the parts."""
    text = s.text
    if not any(w in s.lower for w in ("totalt", "sammanlagt", "tillsammans", "i alla")) or not s.has_unit():
        return
    for trailer in _UNIT_TRAILER.finditer(text):
        if s.qual(trailer.start("total")) or trailer.start("total") in s.used:
            continue
        amounts = [a for a in _AMOUNT.finditer(text, max(0, trailer.start() - TRAILER_REACH), trailer.start())]
        parts: list[re.Match] = []
        for a in reversed(amounts):
            unit_end = _UNIT_AFTER.match(text, a.end()).end()
            gap = (parts[0].start() if parts else trailer.start())
            if parts:
                sep = _AMOUNT_GAP.fullmatch(text, unit_end, gap)
                if not sep or (len(parts) == 1) != (sep["sep"] != ",") or _VARAV.search(sep[0]):
                    break  # "A, B och C": the "och" before the last part only
            elif not _AMOUNT_LABEL.fullmatch(text, unit_end, gap):
                break
            parts.insert(0, a)
        if len(parts) < 2:
            continue
        clause = max(text.rfind(c, 0, parts[0].start()) for c in ";:.")
        units = {_unit(text, p.end()) for p in parts}
        mags = {_magnitude(text, p.end()) for p in parts}
        t_unit, t_mag = _unit(text, trailer.end()), _magnitude(text, trailer.end())
        if len(units) != 1 or _AMOUNT.search(text, clause + 1, parts[0].start()) or \
                any(s.qual(p.start()) or p.start() in s.used for p in parts) or \
                _RATE.search(text, parts[0].start(), trailer.start()) or (t_unit not in units and not (t_mag and mags.pop())):
            continue
        shift = t_mag - _magnitude(text, parts[0].end())
        values = [_dec(p[0]) for p in parts]
        total = _dec(trailer["total"])
        summed = sum(values)
        tol = (_step(total) / 2).scaleb(shift) + sum(_step(v) / 2 for v in values)
        scaled = total.scaleb(shift)
        if summed < scaled and _WIDER.match(text, _past_unit(text, trailer.end())):
            continue
        ok = abs(summed - scaled) <= tol
        arithmetic = f"{' + '.join(plain_number(v) for v in values)} = {plain_number(summed)}"
        shown_total = f"{trailer['total']} {t_unit}"
        s.add(parts[0].start(), trailer.end(), ok, arithmetic if ok else f"{arithmetic}, not {shown_total}",
              trailer.start("total"), *[p.start() for p in parts])


#: "Sverige bidrar med 1,2 miljarder kronor, varav 800 miljoner kronor till UNHCR och 400 miljoner kronor till WFP"
_SCALED_TOTAL = re.compile(rf"(?<![\d,.:/–—-])(?P<total>{_FIG_NUM})(?![\d:/]|[,.]\d)(?=\s+(?:miljard|miljon|tusen|mkr|mnkr|tkr))"
                           rf"(?P<gap>(?:\s+{_WORD}){{1,8}}?)\s*,?\s*\b(?:varav|därav)\s+", re.IGNORECASE)


@needs(("varav", "därav"), ("miljard", "miljon", "tusen", "mkr", "mnkr", "tkr"), of=_SCALED_TOTAL)
def _scaled_breakdowns(s: _Sentence) -> None:
    """Parts in another word of magnitude than their total, compared in one unit within the total's rounding; fewer
    than the total may leave parts unnamed."""
    text = s.text
    if ("varav" not in s.lower and "därav" not in s.lower) or not s.has_unit():
        return
    for m in _SCALED_TOTAL.finditer(text):
        parsed = _parse_parts(s, m.end(), (_PART_NUM_LONG,))
        if not parsed or s.qual(m.start("total")) or m.start("total") in s.used:
            continue
        parts, end = parsed
        units = {_unit(text, p.end("n")) for p in parts}
        mags = {_magnitude(text, p.end("n")) for p in parts}
        t_mag = _magnitude(text, m.end("total"))
        if len(units) != 1 or len(mags) != 1 or not (p_mag := mags.pop()) or p_mag == t_mag or \
                any(s.qual(p.start("n")) for p in parts) or _more_in_unit(text, end, units.pop()) or _MORE_PARTS.match(text, end):
            continue
        total = _dec(m["total"])
        half = (_step(total) / 2).scaleb(t_mag - p_mag)
        scaled = total.scaleb(t_mag - p_mag)
        values = [_value(p["n"]) for p in parts]
        summed = sum(values)
        if summed < scaled - half:
            continue
        ok = summed <= scaled + half
        arithmetic = f"{' + '.join(map(_grouped, values))} = {_grouped(summed)}"
        s.add(m.start("total"), end, ok, arithmetic if ok else f"{arithmetic}, more than {m['total']} {_unit(text, m.end('total'))}",
              m.start("total"), *[p.start("n") for p in parts])


# Amounts in any word of magnitude: "1,85 miljarder kronor, varav 1,8 miljarder kronor … och 150 miljoner kronor …",
# "3,25 miljoner kronor, varav TLV får använda 2,9 miljoner och Socialstyrelsen 750 tusen kronor".
_MAGNITUDE_WORDS = r"miljard\w*|miljon\w*|tusen"
_BASE_UNITS = r"kronor|kr|sek|euro|dollar|km²|km2|kvadratkilometer|kvadratmeter|kvm|m²|hektar|mm|cm|ton"
_AMOUNT_ANY = re.compile(
    rf"(?=[\defhnståEFHNSTÅ])(?<![\d,.:/–—-])(?P<n>{_FIG_NUM}|(?!(?:en|ett)\s+(?!miljon\b|miljard\b)){_NW})(?![\d:/]|[,.]\d)\s+"
    rf"(?P<u>(?:(?P<mag>{_MAGNITUDE_WORDS})(?:\s+(?P<base>{_BASE_UNITS}))?|(?P<short>mkr|mnkr|msek|tkr)|(?P<base2>{_BASE_UNITS})))"
    r"(?![\w²])", re.IGNORECASE)
_AMOUNT_INTRO_HINT = re.compile(r"varav|därav|fördela|bestå|bestod|uppdelat|:\s")
_AMOUNT_HINT = re.compile(rf"miljard|miljon|tusen|mkr|mnkr|msek|tkr|{_BASE_UNITS}")
_AMOUNT_INTRO = re.compile(r"\s*,?\s*(?:\b(?P<v>varav|därav)\b|\b(?P<c>fördelat\s+på|fördelade\s+på|fördelas\s+på|fördelat\s+mellan|"
                           r"fördelas\s+mellan|består\s+av|bestående\s+av|bestod\s+av|uppdelat\s+på)\b|(?P<colon>:)(?=\s))\s*",
                           re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"\b(?:totalt|sammantaget|sammanlagt|sammanlagd\w*|total\w*|omfattar|omfattade)\s+(?:\S+\s+){0,3}$",
                           re.IGNORECASE)
#: What may stand between the parts of a list of amounts: words, years, names in brackets, and one conjunction.
_AMOUNT_GAP_WORDS = re.compile(r"(?:\s*(?:[^\W\d][\w:/-]*|(?:19|20)\d\d(?!\d)|\([^()\d]{1,60}\)|[,–—]))*\s*", re.IGNORECASE)
_EACH_YEAR = re.compile(r"\s+(?:för|under|år|i)\s+(?:år\s+)?(?:19|20)\d\d(?:\s*,\s*(?:19|20)\d\d)*\s+respektive\s+(?:år\s+)?"
                        r"(?:19|20)\d\d(?!\d)", re.IGNORECASE)
_AMOUNT_SEP = re.compile(r",|\b(?:och|samt)\b", re.IGNORECASE)
#: The most words between a total and its "varav" (or, with a word saying it is a total, its colon).
AMOUNT_GAP = 8
AMOUNT_FAR_GAP = 20
#: A round total ("2 miljarder") is taken to be within this share of the parts' sum, not half its last digit.
ROUND_TOTAL = Decimal("0.05")


def _amount_value(m: re.Match) -> tuple[Decimal, int, str | None]:
    """(value in the amount's own unit, the power of ten of its word of magnitude, its base unit or None)."""
    power = 0
    mag = (m["mag"] or m["short"] or "").lower()
    power = next((p for word, p in _MAGNITUDES if mag.startswith(word)), 0)
    base = (m["base"] or m["base2"] or ("kr" if m["short"] else None) or "").lower() or None
    if base in ("kronor", "sek"):
        base = "kr"
    if base in ("km2", "kvadratkilometer"):
        base = "km²"
    return _number(m["n"]), power, base


@needs(("varav", "därav", "fördela", "best", "uppdelat", ":"), of=_AMOUNT_INTRO)
def _amount_breakdowns(s: _Sentence) -> None:
    """An amount, "varav" (or "fördelat på", "består av", a colon) and its parts in any word of magnitude, all in
    one unit: after "varav" the parts are at most the total, after the others they are all of it. Each figure is
    read within its rounding (a round total within ROUND_TOTAL of the sum) or the band of its approximation word."""
    text = s.text
    if not _AMOUNT_INTRO_HINT.search(s.lower):
        return
    amounts = s.amounts()
    if len(amounts) < 2:
        return
    for i, total in enumerate(amounts[:-1]):
        # "1,45 miljarder kronor och består av …", "1,3 miljarder kronor för … som PTS ansvarar för: …": a few words
        # may stand before the introducer
        intro = _AMOUNT_INTRO.search(text, total.end(), amounts[i + 1].start())
        if not intro or (intro["c"] is None and intro["v"] is None and intro["colon"] is None) or \
                not _AMOUNT_GAP_WORDS.fullmatch(text, total.end(), intro.start()) or _VARAV.search(text, total.end(), intro.start()):
            continue
        gap_words = len(text[total.end():intro.start()].split())
        far = _TOTAL_BEFORE.search(text, max(0, total.start() - 40), total.start())
        if gap_words > (AMOUNT_FAR_GAP if far and (intro["colon"] or intro["v"]) else AMOUNT_GAP) or \
                (intro["colon"] and gap_words and not far):
            continue
        complete = intro["v"] is None
        parts, at = [], intro.end()
        for a in amounts[i + 1:]:
            gap = text[at:a.start()]
            if not _AMOUNT_GAP_WORDS.fullmatch(gap) or _VARAV.search(gap) or ";" in gap or \
                    (parts and not _AMOUNT_SEP.search(gap)) or (not parts and _AMOUNT_SEP.match(gap.strip())) or \
                    (parts and re.search(r",\s*(?:och|samt)\b", gap)) or len(gap.split()) > 12:
                break
            parts.append(a)
            at = a.end()
        if not parts or any(p.start("n") in s.used for p in parts) or total.start("n") in s.used:
            continue
        rest = text[parts[-1].end():]
        clause_end = rest.find(";")
        rest = rest if clause_end < 0 else rest[:clause_end]
        # "11 miljoner för 2026 respektive 2027" is 11 for each year
        each = [_EACH_YEAR.match(text, p.end()) for p in parts]
        times = [len(_ANY_YEAR.findall(e[0])) if e else 1 for e in each]
        told = "".join(text[(e.end() if e else p.end()):(parts[j + 1].start() if j + 1 < len(parts) else p.end())]
                       for j, (p, e) in enumerate(zip(parts, each)))
        if _AMOUNT_ANY.search(rest) or _PER.match(text, total.end()) or any(_PER.match(text, p.end()) for p in parts) or \
                _RATE.search(text, parts[0].start(), parts[-1].end()) or \
                re.search(r"\brespektive\b", told + (rest[len(each[-1][0]):] if each[-1] else rest), re.IGNORECASE):
            continue  # "…, och 300 miljoner kronor för 2025", "80 miljoner kronor per år": not all the parts, or rates
        if len(parts) > 1 and not re.search(r"\b(?:och|samt)\b", text[parts[-2].end():parts[-1].start()]):
            continue  # "A, B, C" may go on
        if len(parts) == 1 and complete:
            continue
        values = [(v * k, power, base) for (v, power, base), k in zip(map(_amount_value, parts), times)]
        t_value, t_power, t_base = _amount_value(total)
        bases = {b for _, _, b in values} | {t_base}
        if len(bases - {None}) > 1 or (None in bases and not all(p for _, p, _ in values + [(0, t_power, 0)])):
            continue  # "kronor" and "euro", or an amount with neither a word of magnitude nor a unit
        low_power = min([p for _, p, _ in values] + [t_power])
        t_low, t_high = _amount_range(s, total.start("n"), t_value)
        if s.qual(total.start("n")) is None:
            half = min(_step(t_value) / 2, max(t_value * ROUND_TOTAL, _step(t_value) / 20))
            t_low, t_high = t_value - half, t_value + half
        scale = Decimal(10) ** (t_power - low_power)
        t_low, t_high = t_low * scale, (t_high * scale if t_high is not None else None)
        least = most = Decimal(0)
        for p, (v, power, _), k in zip(parts, values, times):
            p_low, p_high = (x * k if x is not None else None for x in _amount_range(s, p.start("n"), v / k))
            factor = Decimal(10) ** (power - low_power)
            least += p_low * factor
            most = None if most is None or p_high is None else most + p_high * factor
        summed = sum(v * Decimal(10) ** (power - low_power) for v, power, _ in values)
        unit = {9: " miljarder", 6: " miljoner", 3: " tusen", 0: ""}.get(low_power, "") + \
            {"kr": " kronor", None: ""}.get(t_base or next((b for _, _, b in values if b), None), " " + (t_base or ""))
        shown = " + ".join(s.qual_word(p.start("n")) + plain_number(v / k * Decimal(10) ** (pw - low_power)) +
                           (f" × {k}" if k > 1 else "") for p, (v, pw, _), k in zip(parts, values, times))
        stated = s.qual_word(total.start("n")) + total[0].strip()
        arithmetic = f"{shown} = {plain_number(summed)}{unit}" if len(parts) > 1 else f"{shown}{unit}"
        if t_high is not None and least > t_high:
            s.add(total.start(), parts[-1].end(), False, f"{arithmetic}, more than {stated}",
                  total.start("n"), *[p.start("n") for p in parts])
        elif complete and most is not None and most < t_low:
            s.add(total.start(), parts[-1].end(), False, f"{arithmetic}, less than {stated}",
                  total.start("n"), *[p.start("n") for p in parts])
        elif len(parts) > 1 and (complete or (t_high is not None and most is not None and most >= t_low)):
            s.add(total.start(), parts[-1].end(), True, arithmetic, total.start("n"), *[p.start("n") for p in parts])



#: A change told as a multiple: "fördubblades från tio till 20 miljoner kronor", "halvera kärnstödet från 80 till 40
#: miljoner", "har mer än fördubblats …, från 66,1 miljarder år 2021 till 143 miljarder år 2025".
_MULTIPLE_WORD = re.compile(r"\b(?:(?P<k>för|tre|fyr|fem|sex|sju|åtta|nio|tio)-?dubbl\w*|(?<!-)dubbl(?:at|ats|ade|ades|as|ing\w*|era|eras|erar|erade|erades|erat|erats)\b|"
                            r"(?P<half>halver\w*))", re.IGNORECASE)
_MULTIPLE_FACTOR = {"för": 2, "tre": 3, "fyr": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10}
_MULTIPLE_NUM = rf"(?:{_FIG_NUM}|(?!(?:en|ett)\b){_NW})"
_FROM_TO = re.compile(
    rf"\bfrån\s+(?:(?!till\b){_WORD}\s+)?{_DIFF_Q}(?P<a>{_MULTIPLE_NUM})(?![\d,.]\d)(?P<ua>(?:\s+(?:{_UNIT_WORD}|procent|%))*)"
    rf"(?:\s+(?!till\b)(?:{_WORD}|{_YEAR})){{0,4}}?\s+till\s+(?:att\s+(?:{_WORD}\s+){{0,4}}?)?{_DIFF_Q}(?P<b>{_MULTIPLE_NUM})(?![\d,.]\d)"
    rf"(?P<ub>(?:\s*(?:{_UNIT_WORD}|procent|%)\b)*)", re.IGNORECASE)
#: The band a plain multiple allows ("fördubblats" from 60 to 119 or to 124), and one said to be near.
MULTIPLE_BAND = (Decimal("0.85"), Decimal("1.2"))
MULTIPLE_NEAR = Decimal("0.75")


#: "en ny matta som var dubbelt så tjock (4 mm …)" after "plastmattan (2 mm)": the figure after against the one before.
_TIMES_AS = re.compile(rf"\b(?:(?P<k>dubbelt)|(?P<n>tre|fyra|fem|tio)\s+gånger)\s+så\s+(?:{_WORD})\s*(?:\(\s*|,\s*|:\s*)?"
                       rf"(?P<b>{_FIG_NUM})(?![\d,.]\d)\s*(?P<u>mm|cm|meter|km|kg|ton|kronor|kr|procent|%|timmar|dagar|veckor|år)\b",
                       re.IGNORECASE)


def _times_as(s: _Sentence) -> None:
    text = s.text
    for m in _TIMES_AS.finditer(text):
        unit = m["u"].lower()
        before = [f for f in re.finditer(rf"(?<![\d,.])(?P<n>{_FIG_NUM})(?![\d,.]\d)\s*{re.escape(m['u'])}\b", text[:m.start()],
                                         re.IGNORECASE)]
        if not before or m.start() in s.used or s.qual(before[-1].start()) or s.qual(m.start("b")):
            continue
        k = Decimal(2) if m["k"] else Decimal(_word_number(m["n"]))
        a, b = _dec(before[-1]["n"]), _dec(m["b"])
        if not a or unit in ("procent", "%"):
            continue
        half = min(_step(a), _step(b)) / 2
        r_low, r_high = (b - half) / (a + half), (b + half) / max(a - half, Decimal("1e-9"))
        ok = r_high >= k * MULTIPLE_BAND[0] and r_low <= k * MULTIPLE_BAND[1]
        shown = f"{m['b']} / {before[-1]['n']} = {_fmt(b / a)}"
        label = "twice" if k == 2 else f"{k} times"
        s.add(before[-1].start(), m.end(), ok, shown if ok else f"{shown}, not {label}", m.start())


@needs(("gånger", "dubbelt", "dubbl", "halver"), of=(_TIMES_AS, _MULTIPLE_WORD))
def _multiples(s: _Sentence) -> None:
    """A multiple against the "från A till B" it is told with, in the clause after it or right before it."""
    text = s.text
    if "gånger så" in s.lower or "dubbelt så" in s.lower:
        _times_as(s)
    if "dubbl" not in s.lower and "halver" not in s.lower:
        return
    for w in _MULTIPLE_WORD.finditer(text):
        k = Decimal("0.5") if w["half"] else Decimal(_MULTIPLE_FACTOR[w["k"].lower()] if w["k"] else 2)
        pair = _FROM_TO.search(text, w.end(), w.end() + 160)
        if pair and (";" in text[w.end():pair.start()] or _DIFF_HINT.search(text[w.end():pair.start()] + " ")
                     or _DIGIT.search(_ANY_YEAR.sub("", text[w.end():pair.start()]))):
            pair = None
        if pair is None:
            before = [p for p in _FROM_TO.finditer(text, max(0, w.start() - 160), w.start())]
            pair = before[-1] if before and re.fullmatch(r"[^\d;]{0,40}", text[before[-1].end():w.start()]) else None
        if pair is None or pair.start("a") in s.used or any(_is_year(pair[g]) for g in ("a", "b")):
            continue
        ua, ub = pair["ua"].strip().lower(), pair["ub"].strip().lower()
        if ua and ub and (("%" in ua or "procent" in ua) != ("%" in ub or "procent" in ub)):
            continue
        mag_b = next((p for word, p in _MAGNITUDES if ub.startswith(word)), 0)
        mag_a = next((p for word, p in _MAGNITUDES if ua.startswith(word)), 0) if ua else mag_b  # "från 60 till 99 miljarder"
        a, b = _number(pair["a"]), _number(pair["b"])
        rounded = any(c in pair["a"] + pair["b"] for c in ",.") or bool(mag_a or mag_b)
        half = min(_step(a), _step(b)) / 2 if rounded else Decimal(0)
        bounds = []
        for x, group in ((a, "a"), (b, "b")):
            band = x * APPROX_COUNT if s.qual(pair.start(group)) else half  # "från cirka 30 000 personer"
            bounds.append((x - band, x + band))
        (a_low, a_high), (b_low, b_high) = bounds
        scale = Decimal(10) ** (mag_a - mag_b)
        if a_low <= 0:
            continue
        r_low, r_high = b_low / (a_high * scale), b_high / (a_low * scale)
        qual = s.qual(w.start())
        if qual in ("above", "above_near"):
            allowed = (k, None if qual == "above" else k * Decimal("1.25"))
        elif qual == "below_near":
            allowed = (k * MULTIPLE_NEAR, k)
        elif qual is None:
            allowed = (k * MULTIPLE_BAND[0], k * MULTIPLE_BAND[1])
        else:
            continue
        ok = r_high >= allowed[0] and (allowed[1] is None or r_low <= allowed[1])
        claim = s.qual_word(w.start()) + {Decimal(2): "twice", Decimal("0.5"): "half"}.get(k, f"{k} times")
        shown = f"{pair['b']} / {pair['a']} = {_fmt(b / (a * scale))}"
        s.add(min(w.start(), pair.start()), max(w.end(), pair.end()), ok, shown if ok else f"{shown}, not {claim}",
              pair.start("a"), pair.start("b"))


_AMOUNT_OF = re.compile(r"\bav\s+(?:(?:de|dessa|detta|denna|totalt|sammanlagt|beviljade|budgeterade|tilldelade|anvisade|"
                        r"erhållna)\s+){0,2}$", re.IGNORECASE)
_AMOUNT_SHARE = re.compile(rf"(?:\s+(?!av\b|och\b|samt\b){_WORD}){{0,3}}?\s*,?\s*{_CONN}\s+(?P<share>(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent\b))",
                           re.IGNORECASE)


@needs(_PCT_WORDS, of=_AMOUNT_SHARE)
def _amount_shares(s: _Sentence) -> None:
    """"Av dessa 5,7 miljarder kanaliserades drygt 3,4 miljarder kronor, motsvarande 61 procent": a part of an amount
    named after "av", and its share, each figure within its rounding or approximation word."""
    text = s.text
    if ("%" not in text and "procent" not in s.lower) or "av " not in s.lower or len(s.amounts()) < 2:
        return
    amounts = s.amounts()
    for base, part in zip(amounts, amounts[1:]):
        link = _AMOUNT_SHARE.match(text, part.end())
        if not link or not _AMOUNT_OF.search(text, max(0, base.start() - 40), base.start()) or \
                link.start("pct") in s.used or len(text[base.end():part.start()].split()) > 8 or \
                _DIGIT.search(text, base.end(), part.start()) or re.match(r"\s+av\b", text[link.end():]):
            continue
        (b, b_power, b_base), (a, a_power, a_base) = _amount_value(base), _amount_value(part)
        if b_base and a_base and b_base != a_base or not b:
            continue
        b_low, b_high = _amount_range(s, base.start("n"), b)
        a_low, a_high = _amount_range(s, part.start("n"), a)
        if b_low <= 0 or a_high is None or b_high is None:
            continue
        scale = Decimal(10) ** (a_power - b_power)
        lowest, highest = a_low * scale * 100 / b_high, a_high * scale * 100 / b_low
        claimed = _pct(link["pct"])
        c_low, c_high = _share_interval(s, link.start("pct"), claimed)
        ok = c_low <= highest and lowest <= c_high
        exact = a * scale * 100 / b
        desc = f"{s.qual_word(part.start('n'))}{part['n']} av {s.qual_word(base.start('n'))}{base['n']}"
        s.add(base.start(), link.end(), ok, f"{desc} = {_fmt(exact)} %" + ("" if ok else f", not {link['share']}"),
              link.start("pct"))


#: "25 miljarder per år 2024–2026", "250 miljoner per år under 2025 – 2030": an amount for each year of a period.
_PER_YEAR = re.compile(r"\s+(?:per\s+år|årligen|om\s+året|varje\s+år)\s+(?:(?:(?:under|från|för)\s+)?(?:(?:perioden|åren)\s+)?"
                       r"(?P<y1>(?:19|20)\d\d)\s*[–—-]\s*(?P<y2>(?:19|20)\d\d)(?!\d)|"
                       # "under en femårsperiod", "i tre år", "under fem års tid"
                       r"(?:under|i|för)\s+(?:en\s+)?(?:(?P<w>två|tre|fyra|fem|sex|sju|åtta|nio|tio)(?:års(?:period|perioden)\b|"
                       r"\s+år\b(?!\s*[–—-])|\s+års\s+tid\b)))", re.IGNORECASE)
_SUM_WORD_BEFORE = re.compile(r"\b(?:sammanlagt|totalt|sammantaget|sammanlagd\w*|ram\s+på|ramen\s+på|om\s+sammanlagt)\s+$",
                              re.IGNORECASE)


@needs(("per", "årligen", "året", "varje"), of=_PER_YEAR)
def _yearly_sums(s: _Sentence) -> None:
    """"en treårig ram på sammanlagt 75 miljarder kronor, 25 miljarder per år 2024–2026": the yearly amount times
    the years of its period is the total beside it (before it, or after it with "sammanlagt")."""
    text = s.text
    amounts = s.amounts()
    if len(amounts) < 2 or not any(w in s.lower for w in ("per år", "årligen", "om året", "varje år")):
        return
    for i, rate in enumerate(amounts):
        period = _PER_YEAR.match(text, rate.end())
        if not period or rate.start("n") in s.used or s.qual(rate.start("n")):
            continue
        years = NUMBER_WORDS[period["w"].lower()] if period["w"] else int(period["y2"]) - int(period["y1"]) + 1
        if not 2 <= years <= 20:
            continue
        total = None
        if i and re.fullmatch(r"\s*,\s*", text[amounts[i - 1].end():rate.start()]) and \
                _SUM_WORD_BEFORE.search(text, max(0, amounts[i - 1].start() - 20), amounts[i - 1].start()):
            total = amounts[i - 1]
        elif i + 1 < len(amounts) and re.fullmatch(rf"\s*,\s*(?:sammanlagt|totalt|sammantaget|alltså|dvs\.?|det\s+vill\s+säga)\s+"
                                                   rf"(?:(?:{_QUALW})\.?\s+)?",
                                                   text[period.end():amounts[i + 1].start()], re.IGNORECASE):
            total = amounts[i + 1]
        qual = total and s.qual(total.start("n"))
        if total is None or qual not in (None, "above_near", "below_near", "around") or _PER.match(text, total.end()) or \
                re.match(r"\s+(?:per\s+år|årligen|om\s+året)", text[total.end():]):
            continue
        (r, r_power, r_base), (tv, t_power, t_base) = _amount_value(rate), _amount_value(total)
        if r_base and t_base and r_base != t_base:
            continue
        low_power = min(r_power, t_power)
        r_scaled, t_scaled = r * Decimal(10) ** (r_power - low_power), tv * Decimal(10) ** (t_power - low_power)
        tol = (_step(tv) / 2) * Decimal(10) ** (t_power - low_power) + years * (_step(r) / 2) * Decimal(10) ** (r_power - low_power) \
            if "," in rate["n"] + total["n"] or r_power or t_power else Decimal(0)
        summed = r_scaled * years
        if qual:  # "totalt drygt 2,6 miljarder": within the band its word names, and the rounding
            band = t_scaled * APPROX_COUNT
            low, high = {"above_near": (t_scaled, t_scaled + band), "below_near": (t_scaled - band, t_scaled),
                         "around": (t_scaled - band, t_scaled + band)}[qual]
            ok = low - tol <= summed <= high + tol
        else:
            ok = abs(summed - t_scaled) <= tol
        span = f"{period['y1']}–{period['y2']}" if period["y1"] else f"{period['w']} år"
        shown = f"{_grouped_dec(r_scaled)} × {years} years ({span}) = {_grouped_dec(summed)}"
        s.add(min(rate.start(), total.start()), max(period.end(), total.end()), ok,
              shown if ok else f"{shown}, not {s.qual_word(total.start('n'))}{total[0].strip()}", rate.start("n"),
              total.start("n"))


#: "4 träffar à 2 500 kronor, totalt 10 000 kronor": a count at a price each, and what they come to.
_EACH = re.compile(rf"(?<![\d,.])(?P<n>{INT}|(?!(?:en|ett)\b){_NW})\s+(?:{_WORD}\s+)?[àá]\s+", re.IGNORECASE)
_PRODUCT_LINK = re.compile(r"\b(?:totalt|sammanlagt|summa|kostnad(?:en)?\s+(?:på|om|blir|blev|är)|vilket\s+(?:ger|blir|motsvarar)|"
                           r"motsvarande|alltså|dvs\.?)\s*(?:av\s+)?$|=\s*$", re.IGNORECASE)
#: A round product ("100 000 kronor") is within this share of the exact one.
ROUND_PRODUCT = Decimal("0.05")


@needs(("à", "á"), of=_EACH)
def _products(s: _Sentence) -> None:
    """A count at a price each against the amount it is said to come to, within the rounding of a round amount."""
    text = s.text
    if "à" not in text and "á" not in text:
        return
    amounts = s.amounts()
    for m in _EACH.finditer(text):
        price = next((a for a in amounts if a.start() == m.end()), None)
        if price is None or s.qual(m.start("n")) or s.qual(price.start("n")) or _is_year(m["n"]):
            continue
        later = [a for a in amounts if a.start() > price.end()]
        total = next((a for a in later if _PRODUCT_LINK.search(text, max(0, a.start() - 40), a.start())), None)
        if total is None or total is not later[0] or len(text[price.end():total.start()].split()) > 14 or \
                _DIGIT.search(text, price.end(), total.start()) or s.qual(total.start("n")) or total.start("n") in s.used:
            continue
        (p, p_power, p_base), (tv, t_power, t_base) = _amount_value(price), _amount_value(total)
        if p_base != t_base and p_base and t_base:
            continue
        count = _number(m["n"])
        low_power = min(p_power, t_power)
        product = count * p * Decimal(10) ** (p_power - low_power)
        stated = tv * Decimal(10) ** (t_power - low_power)
        zeros = len(total["n"].replace(" ", "")) - len(total["n"].replace(" ", "").rstrip("0"))
        tol = stated * ROUND_PRODUCT if zeros >= 3 or t_power else _step(tv) / 2 * Decimal(10) ** (t_power - low_power)
        ok = abs(product - stated) <= tol
        shown = f"{m['n']} × {price['n']} = {_grouped_dec(product)}"
        s.add(m.start(), total.end(), ok, shown if ok else f"{shown}, not {total[0].strip()}", price.start("n"), total.start("n"))


def _gender_split(labels: list[str]) -> bool:
    """"13 kvinnor och 16 män": parts named by gender alone, both genders among them."""
    words = [lab.lower().split() for lab in labels]
    if not all(len(w) == 1 and w[0] in _GENDER_F | _GENDER_M for w in words):
        return False
    return bool({w[0] for w in words} & _GENDER_F and {w[0] for w in words} & _GENDER_M)


@needs(("av", "bland"), ("var", "är", "utgjordes"), of=_BASE_SPLIT)
def _base_splits(s: _Sentence) -> None:
    """"Av de 34 deltagarna var 22 kvinnor och 12 män": a base split by gender, with no "varav"."""
    for m in _BASE_SPLIT.finditer(s.text):
        if s.qual(m.start("total")) or _is_year(m["total"]) or m["total"].lower() in ("en", "ett"):
            continue
        parsed = _parse_parts(s, m.end(), (_PART_NUM_FIRST, _PART_ANTAL))
        if not parsed:
            continue
        parts, end = parsed
        labels = [p["lab"].strip() for p in parts]
        if not _gender_split(labels) or not _CLAUSE_END.match(s.text, end) or _MORE_PARTS.match(s.text, end) or \
                any(s.qual(p.start("n")) or p["pct"] for p in parts):
            continue
        _add_sum(s, m.start("total"), end, _value(m["total"]), parts, [_value(p["n"]) for p in parts])


_DEFINITE_GENDER = {"kvinnorna": "kvinnor", "männen": "män", "flickorna": "flickor", "pojkarna": "pojkar",
                    "tjejerna": "tjejer", "killarna": "killar"}


#: A part named by an age band: "21 i åldern 18–24 år", "12 över 30 år", "8 personer 65 år eller äldre".
_AGE_PART = re.compile(
    rf"(?P<n>{_CNT}|(?!(?:en|ett)\b){_NW})\s+(?:(?:personer|deltagare|individer|st)\s+)?(?:var\s+)?"
    rf"(?P<lab>(?:i\s+(?:åldern|åldersgruppen|åldrarna)\s+)?(?:\d{{1,3}}\s*(?:[–—-]|till)\s*\d{{1,3}}|(?:över|under|äldre\s+än|"
    rf"yngre\s+än)\s+\d{{1,3}}|\d{{1,3}})\s*år(?:\s+(?:eller|och)\s+(?:äldre|yngre))?)", re.IGNORECASE)


def _age_band(label: str) -> tuple[int, int]:
    """The ages a band covers, in whole years: "18–24 år" → (18, 24), "över 30 år" → (31, 200)."""
    low_high = [int(x) for x in re.findall(r"\d+", label)]
    lower = label.lower()
    if len(low_high) == 2:
        return low_high[0], low_high[1]
    age = low_high[0]
    if "över" in lower or "äldre än" in lower:
        return age + 1, 200
    if "under" in lower or "yngre än" in lower:
        return 0, age - 1
    return (age, 200) if "äldre" in lower else (0, age) if "yngre" in lower else (age, age)


def _age_bands(s: _Sentence) -> None:
    """"Av de 52 deltagarna var 21 i åldern 18–24 år, 23 i åldern 25–29 år och 12 över 30 år": age bands do not
    overlap, so their counts cannot come to more than the base (fewer may leave an age out: not judged)."""
    if "år" not in s.lower:
        return
    for m in _BASE_SPLIT.finditer(s.text):
        if s.qual(m.start("total")) or _is_year(m["total"]) or m.start("total") in s.used:
            continue
        parsed = _parse_parts(s, m.end(), (_AGE_PART,))
        if not parsed:
            continue
        parts, end = parsed
        if not _CLAUSE_END.match(s.text, end) or any(s.qual(p.start("n")) for p in parts):
            continue
        bands = sorted(_age_band(p["lab"]) for p in parts)
        if any(lo > hi or lo <= prev_hi for (_, prev_hi), (lo, hi) in zip(bands, bands[1:])):
            continue  # "30 under 25 år och 15 under 30 år": bands that overlap
        total, values = _value(m["total"]), [_value(p["n"]) for p in parts]
        if sum(values) >= total:
            _add_sum(s, m.start("total"), end, total, parts, values)


@needs(_PCT_WORDS, of=_PCT_RE)
def _percent_splits(s: _Sentence) -> None:
    """"60 % kvinnor och 40 % män", "… och 10 % övriga": a complete split adds up to 100 %."""
    text = s.text
    at = 0
    yes_no = bool(_YES.search(text) and _NO.search(text))
    has_andel = "andel" in text.lower()
    for m in _PCT_RE.finditer(text):
        if m.start() < at or m.start() in s.used:
            continue
        parsed = _parse_parts(s, m.start(), (_PCT_PART_ANSWER,)) if yes_no else None
        answers = bool(parsed) and {"ja", "nej"} <= {w for p in parsed[0] for w in p["lab"].lower().split()}
        if not answers:
            parsed = _parse_parts(s, m.start(), (_PCT_PART_NUM_FIRST,))
        if not parsed:
            window = max(0, m.start() - 30)
            lab = (_PCT_LABEL_BEFORE if s.qual(m.start()) else _PCT_LABEL_PLAIN).search(text[window:m.start()])
            if lab:
                parsed = _parse_parts(s, window + lab.start(), (_PCT_PART_LABEL_FIRST,))
        if not parsed and has_andel and (andel := _ANDEL_BEFORE.search(text, max(0, m.start() - 60), m.start())):
            parsed = _parse_parts(s, andel.start(), (_PCT_PART_ANDEL,))
        if not parsed:
            continue
        parts, end = parsed
        at = end
        labels = [p["lab"].strip().lower() for p in parts]
        first = [lab.split()[0] if lab.split() else "" for lab in labels]
        first = [_DEFINITE_GENDER.get(w, w) for w in first]  # "kvinnorna 64,2 procent och männen 35,8 procent"
        genders = {w for w in first if w in _GENDER_F | _GENDER_M}
        remainder = _REMAINDER.match(labels[-1]) is not None
        named = labels[:-1] if remainder else labels
        if _MORE_SHARES.match(text, end):
            continue  # "70 % ja, 20 % nej och resterande 10 % vet ej": the list goes on
        whole = len(parts) > 1 and not _PCT_RE.search(text, 0, parts[0].start())  # no share before left out
        if not whole and remainder and len(before := _PCT_RE.findall(text, 0, parts[0].start())) == 1:
            # "Personalkostnaderna utgjorde 78 % av budgeten, lokaler 15 % och övrigt 7 %": the first names the whole
            lead = next(_PCT_OF_WHOLE.finditer(text, 0, parts[0].start()), None)
            if lead and lead.end() == parts[0].start():
                parts, whole = [lead, *parts], True
                labels.insert(0, lead["lab"].strip().lower())
                first.insert(0, "")
        complete = answers or (remainder and whole) or bool(genders) and \
            all(w in _GENDER_F | _GENDER_M for w in first[:len(named)]) and bool(genders & _GENDER_F and genders & _GENDER_M)
        if _MORE_PARTS.match(text, end):
            continue
        if re.match(r"\s+av\b", text[end:]) or s.is_range(parts[0].start("n"), parts[0].end("n")):
            continue
        values = [_pct(p["n"]) for p in parts]
        if any(s.qual(p.start("n")) for p in parts):
            if complete:
                _approximate_split(s, parts, values, end)
            continue
        step = max(_step(v) for v in values)
        total = sum(values)
        off = abs(total - 100) > step * (len(values) - 1) + step / 2 * (len(values) == 1)
        if not complete and (off or len(values) < 2 or any(_PREPOSITION.match(w) for w in first)):
            continue  # "40 % hade försörjningsstöd och 30 % sjukpenning": parts of no whole; if 100, a split,
            # unless each is a rate in a group of its own ("45 % bland kvinnor och 55 % bland män")
        if off:
            s.add(parts[0].start(), end, False,
                  f"{' + '.join(plain_number(v) for v in values)} = {plain_number(total)} %, not 100 %",
                  *[p.start("n") for p in parts])
        else:
            s.add(parts[0].start(), end, True,
                  f"{' + '.join(plain_number(v) for v in values)} = {plain_number(total)} %", *[p.start("n") for p in parts])


#: A share of money and where it went: "70 procent av medlen har gått till kommunerna", "57 % genom UD".
_SHARE_WENT = re.compile(rf"(?<![\d,.])(?P<n>{_DECIMAL})\s*(?:%|procent\b)(?P<mid>(?:\s+{_WORD}){{0,4}}?)\s+"
                         rf"(?P<prep>till|genom|via)\s+(?!(?:19|20)\d\d)(?P<lab>[^\W\d][\w-]*)", re.IGNORECASE)
_SHARE_WENT_SEP = re.compile(rf"(?:\s+{_WORD}){{0,3}}?\s*(?:,\s*(?:och|samt)?|\boch\b|\bsamt\b)\s*$", re.IGNORECASE)
_MONEY_WORD = re.compile(rf"{_MONEY.pattern}|(?:bistånd|medel|medlen|pengar|budget|bidrag|anslag|kostnad)\w*|\bmiljon\w*|\bmiljard\w*",
                         re.IGNORECASE)  # in compounds too: "hälsobiståndet", "projektmedlen"


#: A share of the costs one party bears: "Region Värmland bidrar med 35 %", "kommunerna svarar tillsammans för 25 %".
_SHARE_PAID = re.compile(rf"\b(?:står|stod|svarar|svarade|bidrar|bidrog|betalar|betalade|finansierar|finansierade)"
                         rf"(?:\s+(?:med|för|tillsammans|gemensamt|själva)){{0,2}}\s+(?P<n>{_DECIMAL})\s*(?:%|procent\b)"
                         rf"(?P<of>\s+av\s+(?:de\s+|det\s+|den\s+)?(?:totala\s+)?{_WORD}(?:\s+för\s+{_WORD})?)?", re.IGNORECASE)
_PAID_HINT = re.compile(r"\b(?:står|stod|svarar|svarade|bidrar|bidrog|betalar|betalade|finansierar|finansierade)\b",
                        re.IGNORECASE)


def _money_shares(s: _Sentence) -> None:
    """Shares of one sum of money sent to different places ("70 procent av medlen har gått till kommunerna och
    40 procent till landstingen") cannot come to more than 100 %: warned of only beyond the rounding of them all."""
    text, lower = s.text, s.lower
    if text.count("%") + lower.count("procent") < 2 or not _MONEY_WORD.search(text) or s.changes():
        return
    went = [m for m in _SHARE_WENT.finditer(text) if m.start() not in s.used and not s.qual(m.start())]
    run: list[re.Match] = []
    for m in went + [None]:
        if m is not None and run and run[-1]["prep"].lower() == m["prep"].lower() and \
                run[-1]["lab"].lower() != m["lab"].lower() and not _PCT_RE.search(text, run[-1].end(), m.start()) and \
                _SHARE_WENT_SEP.fullmatch(text, run[-1].end(), m.start()) and not m["mid"].strip() and \
                not _NEW_CLAUSE.search(text, run[-1].end(), m.start()):
            run.append(m)
            continue
        if len(run) >= 2 and not _MORE_SHARES.match(text, run[-1].end()):
            values = [_pct(r["n"]) for r in run]
            total, step = sum(values), max(_step(v) for v in values)
            if total > 100 + step / 2 * len(values):
                s.add(run[0].start(), run[-1].end(), False, f"{' + '.join(plain_number(v) for v in values)} = "
                      f"{plain_number(total)} %, more than the whole", *[r.start() for r in run])
        run = [m] if m is not None else []
    # "Staten bidrar med 50 % av kostnaderna, regionen med 35 % och kommunerna svarar för 25 %": one whole
    paid = [m for m in _SHARE_PAID.finditer(text) if not s.qual(m.start("n")) and m.start("n") not in s.used] \
        if _PAID_HINT.search(text) else []
    if len(paid) >= 2 and len({m["of"].strip().lower() for m in paid if m["of"]}) <= 1 and \
            not s.is_range(paid[0].start("n"), paid[0].end("n")):
        values = [_pct(m["n"]) for m in paid]
        total, step = sum(values), max(_step(v) for v in values)
        if total > 100 + step / 2 * len(values):
            s.add(paid[0].start(), paid[-1].end(), False, f"{' + '.join(plain_number(v) for v in values)} = "
                  f"{plain_number(total)} % of the costs, more than the whole", *[m.start("n") for m in paid])


def _share_interval(s: _Sentence, pos: int, value: Decimal) -> tuple[Decimal, Decimal]:
    """The exact shares a stated one allows: its rounding, or the band of its approximation word."""
    step = _step(value)
    return {None: (value - step / 2, value + step), "around": (value - AROUND_PCT, value + AROUND_PCT),
            "below_near": (value - NEAR_BAND, value), "above_near": (value, value + NEAR_BAND),
            "above": (value, Decimal(100)), "below": (Decimal(0), value)}[s.qual(pos)]


def _approximate_split(s: _Sentence, parts: list[re.Match], values: list[Decimal], end: int) -> None:
    """"svenskarna knappt 85 procent, finländarna drygt 15 procent och övriga 0,4 procent": 100 % within the bands."""
    bands = [_share_interval(s, p.start("n"), v) for p, v in zip(parts, values)]
    low, high = sum(b[0] for b in bands), sum(b[1] for b in bands)
    shown = " + ".join(f"{s.qual_word(p.start('n'))}{plain_number(v)}" for p, v in zip(parts, values))
    ok = low <= 100 <= high
    s.add(parts[0].start(), end, ok, f"{shown} %: {plain_number(low)} to {plain_number(high)} %" +
          ("" if ok else ", not 100 %"), *[p.start("n") for p in parts])


_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _dec(text: str) -> Decimal:
    """"1 500" → 1500, "5.162" → 5162, "3,82" → 3.82."""
    digits = re.sub(r"\s", "", text)
    if _DOT_THOUSANDS.fullmatch(digits):
        digits = digits.replace(".", "")
    if len(digits) > MAX_DIGITS:
        raise _NoFigure
    return Decimal(digits.replace(",", "."))


_CLAUSE_CUT = re.compile(r"\s+medan\s+|\s*;\s*|,\s*(?:men|samtidigt\s+som)\s+", re.IGNORECASE)


@needs(("med", "på", "om", "ing", "än"), of=_DIFFERENCE)
def _differences(s: _Sentence) -> None:
    """A difference or change against the sentence's only two other figures, when the sentence says
    which is the earlier or the reference ("från 587 till 692", "med 0,06 till 3,88", "än målet på 70",
    "jämfört med 1 500"): its size with the claim's rounding (a percentage of the earlier figure,
    or percentage points between two shares), and its direction where the word gives one."""
    text = s.text
    runs = len(_DIGIT_RUN.findall(text))
    if runs < 2 or (runs == 2 and not _SIZE_IN_WORDS.search(text)) or not s.changes():
        return
    if len(s.figures()) > 3:
        # "… minskar till 27 787 (-3 %) medan antalet antagna ökar med fem procent (13 663 jämfört med 12 066)":
        # each clause of its own may hold a difference and its two figures
        cuts = [0, *(c.end() for c in _CLAUSE_CUT.finditer(text)), len(text)]
        if len(cuts) > 2:
            for a, b in zip(cuts, cuts[1:]):
                clause = _Sentence(text[a:b], s.offset + a, s.found)
                clause.used = {u - a for u in s.used if a <= u < b}
                if 0 < len(clause.figures()) <= 3:
                    _differences(clause)
                    s.used.update(u + a for u in clause.used)
        return  # a difference and its two figures: three numbers, a word of change, and no more figures
    lower, cuts = text.lower(), None
    for pattern, needs in zip(_DIFFERENCE, ((" med ", " på ", " om "), ("ing",), (" än ",))):
        if not any(n in lower for n in needs):
            continue
        for m in pattern.finditer(text):
            if m.start("d") in s.used:
                continue
            figures = [f for f in s.figures() if f.start() != m.start("d")]
            if len(figures) != 2 or any(s.qual(f.start()) for f in figures) or _PER.match(text, m.end()) or \
                    (m.groupdict().get("by") in ("på", "om") and not _CHANGE_NOUN.search(m["dir"])):
                continue
            first, second = figures
            if cuts is None:
                cuts = [c.end() for c in _CLAUSE_CUT.finditer(text)]
            if cuts and len({bisect.bisect(cuts, x) for x in (m.start(), first.start(), second.start())}) > 1:
                continue  # "Kvinnorna ökade från 10 till 15 medan männen ökade med 20 procent": another clause's change
            between = text[m.end():first.start()] if m.end() <= first.start() else \
                text[second.end():m.start()] if second.end() <= m.start() else ""
            if _DIFF_HINT.search(between + " ") or _PER.match(text, first.end()) or _PER.match(text, second.end()):
                continue  # "ska minska med 11,7 procent … och … ökas från 0,8 procent per år till 1,9": another change
            one_unit = re.fullmatch(r"\s+till\s+|\s*\(\s*", text[first.end():second.start()])
            mags = {_magnitude(text, second.end() + (1 if text.startswith(")", second.end()) else 0))}
            mags.add(mags.copy().pop() if one_unit else _magnitude(text, first.end()))
            # "från 53,4 till 65,1 miljoner", "-26,0 (-12,8) miljarder": one unit
            if "%" not in m["unit"] and "procent" not in m["unit"].lower():
                mags.add(_magnitude(text, m.end("d")))
            if len(mags) > 1:
                continue  # "1,47 miljoner …, en minskning med 84 800": not in one unit, not judged
            order = None
            if _PAIR.fullmatch(text, first.end(), second.start()):
                _judge_difference(s, m, first, second, either=True)  # "(51 resp. 69 år)": of the groups named before
                continue
            if _FROM_BEFORE.search(text, max(0, first.start() - 35), first.start()) and \
                    _TO_GAP.fullmatch(text, first.end(), second.start()):
                order = (first, second)
            elif re.fullmatch(r"\s*\(\s*", text[first.end():second.start()]) and text.startswith(")", second.end()):
                order = (second, first)  # "uppgick till 476,2 (407,8)": the year before in brackets
            elif first.end() <= m.start() and re.fullmatch(r"\s+till\s+", text[m.end():second.start()]):
                order = (first, second)
            else:
                refs = [f for f in figures if _REFERENCE.search(text, max(0, f.start() - 50), f.start())]
                if len(refs) == 1:
                    order = (refs[0], second if refs[0] is first else first)
                elif not refs and m.re is _DIFFERENCE[-1] and first.end() <= m.start() and \
                        _THAN_GAP.fullmatch(text, m.end(), second.start()):
                    order = (second, first)  # "109 …, vilket är 23 färre än under samma period förra året då 132"
                elif not refs and m.re is _DIFFERENCE[-1] and _unit(text, first.end()) and \
                        _unit(text, first.end()) == _unit(text, second.end()):
                    # "anslaget var 6 792 miljoner kronor och 6 834 miljoner kronor användes, 0,6 procent
                    # högre än tilldelat": the same unit, either may be the reference
                    _judge_difference(s, m, first, second, either=True)
                    continue
            if order is None:
                when = [_PERIOD_BEFORE.search(text, max(0, f.start() - 50), f.start()) for f in figures]
                if all(when) and when[0]["when"].lower() != when[1]["when"].lower() and when[1].start() >= first.end() \
                        and m.start() >= second.end():
                    # "vid starten hade 12 … och vid avslut 20, en ökning med 8": two times, in the order told
                    _judge_difference(s, m, first, second, either=True)
                continue
            _judge_difference(s, m, *order)


#: A change told both ways beside the level it led to: "244.800 personer, vilket är en ökning med
#: närmare 16.000 personer, eller sju procent" (of 228 800, the level before).
_DOT_INT = r"\d{1,3}(?:\.\d{3})+(?![\d.]|,\d)"
_CHANGE_BOTH = re.compile(
    rf"\b(?P<dir>{_UP}|{_DOWN})\s+(?:med|på)\s+(?:motsvarande\s+)?{_DIFF_Q}(?P<d>{_DOT_INT}|{_FIG_NUM})(?:\s+{_WORD}){{0,2}}?"
    rf"(?:\s*,?\s*(?:eller|motsvarande|vilket\s+motsvarar|dvs\.?|det\s+vill\s+säga)\s+|\s*\(\s*){_DIFF_Q}"
    rf"(?P<p>{_DECIMAL}|{_NW})\s*(?:%|procent\b)",
    re.IGNORECASE)
#: "26 791 miljoner kronor vilket är 1 781 miljoner kronor (6,2 procent) lägre än år 2016"
_CHANGE_BOTH_THAN = re.compile(
    rf"(?<![\d,.:/–—-])(?P<d>{_DOT_INT}|{_FIG_NUM})(?:\s+{_WORD}){{0,2}}?\s*\(\s*{_DIFF_Q}(?P<p>{_DECIMAL})\s*(?:%|procent\b)\s*\)"
    rf"\s+(?P<dir>{_UP}|{_DOWN})\s+än\b", re.IGNORECASE)
#: The share first, then the amount: "minskade med 3,7 procent eller 31 miljarder kronor, till 820 miljarder kronor".
_CHANGE_BOTH_PCT_FIRST = re.compile(
    rf"\b(?P<dir>{_UP}|{_DOWN})\s+(?:med|på)\s+{_DIFF_Q}(?P<p>{_DECIMAL})\s*(?:%|procent\b)\s*,?\s*"
    rf"(?:eller|motsvarande|vilket\s+motsvarar)\s+{_DIFF_Q}(?P<d>{_DOT_INT}|{_FIG_NUM})(?![\d,.])(?!\s*(?:%|procent))",
    re.IGNORECASE)
#: The change, the level it led to, and its share in brackets: "ökade under 2018 med 614 brott till 7.840 (+8 %)".
_CHANGE_TO_LEVEL = re.compile(
    rf"\b(?P<dir>{_UP}|{_DOWN})(?:\s+(?!med\b)(?:{_WORD}|{_YEAR})){{0,5}}?\s+med\s+{_DIFF_Q}(?P<d>{_DOT_INT}|{_FIG_NUM})"
    rf"(?!\s*(?:%|procent))(?:\s+{_WORD}){{0,2}}?\s*,?\s+till\s+(?:{_DOT_INT}|{_FIG_NUM})(?:\s+{_WORD}){{0,2}}?\s*\(\s*[+−-]?\s*{_DIFF_Q}"
    rf"(?P<p>{_DECIMAL})\s*(?:%|procent\b)\s*\)", re.IGNORECASE)
_LEVEL = re.compile(rf"(?<![\d,.:/–—-])(?P<n>{_DOT_INT}|{_FIG_NUM})(?![\d:/]|[,.]\d)(?!\s*(?:%|procent\b))", re.IGNORECASE)


def _number(text: str) -> Decimal:
    """"244.800" → 244800, "16 000" → 16000, "3,82" → 3.82, "sju" → 7."""
    if text[:1].isalpha():
        return Decimal(_word_number(text))
    return _dec(text.replace(".", "") if re.fullmatch(_DOT_INT, text) else text)


def _change_interval(s: _Sentence, pos: int, value: Decimal) -> tuple[Decimal, Decimal | None]:
    """The exact percentages a stated change allows; bands relative to it ("närmare 7 %": 5,95 … 7)."""
    step = _step(value)
    near, around = max(value * Decimal("0.15"), step), max(value * Decimal("0.1"), step)
    return {None: (value - step / 2, value + step), "around": (value - around, value + around),
            "below_near": (value - near, value), "above_near": (value, value + near),
            "above": (value, None), "below": (Decimal(0), value)}[s.qual(pos)]


def _changes_both_ways(s: _Sentence) -> None:
    text = s.text
    if not s.changes() or ("%" not in text and "procent" not in text.lower()):
        return
    every = None
    lower = s.lower
    pct_first = _CHANGE_BOTH_PCT_FIRST.finditer(text) if "eller" in lower or "motsvara" in lower else ()
    to_level = _CHANGE_TO_LEVEL.finditer(text) if " till " in lower and "(" in text else ()
    for m in (*_CHANGE_BOTH.finditer(text), *_CHANGE_BOTH_THAN.finditer(text), *pct_first, *to_level):
        if m.start("p") in s.used or m.start("d") in s.used:
            continue
        if every is None:
            every = [f for f in _LEVEL.finditer(text) if not _is_year(f["n"]) and not _NUMBERED.search(text, max(0, f.start() - 12), f.start())
                     and not _FIG_RANGE.search(text[max(0, f.start() - 3):f.start()])
                     and not _FIG_RANGE.search(text[f.end():f.end() + 3])]
            if len(every) > 3:
                return  # a level, the change and its share: more figures leave the level unclear
        levels = [f for f in every if f.start() not in (m.start("d"), m.start("p"))]
        way = 1 if _DIR_UP.match(m["dir"]) else -1 if _DIR_DOWN.match(m["dir"]) else 0
        if len(levels) != 1 or not way or s.qual(levels[0].start()) or _PER.match(text, m.end()):
            continue
        level, change, claimed = _number(levels[0]["n"]), _number(m["d"]), _number(m["p"])
        before = bool(re.search(r"\bfrån\s+(?:\w+\s+)?$", text[max(0, levels[0].start() - 20):levels[0].start()])) or \
            (m.re is _CHANGE_BOTH_THAN and levels[0].start() > m.end())  # "… lägre än 2016 års 28 572": the reference
        low, high = _count_range(int(change), s.qual(m.start("d"))) if change == change.to_integral_value() else (change, change)
        if high is None:
            continue
        # "1,47 miljoner …, en minskning med 84 800": both in one unit, the level within its rounding
        shift = _magnitude(text, levels[0].end()) - _magnitude(text, m.end("d"))
        half = _step(level) / 2 if shift or _magnitude(text, levels[0].end()) else Decimal(0)
        if _magnitude(text, m.end("d")) and s.qual(m.start("d")) is None and _step(change) <= change * ROUNDED_AMOUNT:
            # "31 miljarder kronor" is rounded to whole billions: within half of that, while "2 miljoner" is taken as said
            low, high = change - _step(change) / 2, change + _step(change) / 2
        level_low, level_high = (level - half).scaleb(shift), (level + half).scaleb(shift)
        level = level.scaleb(shift)

        def rate(d: Decimal, at: Decimal) -> Decimal | None:
            base = at if before else at - way * d
            return d * 100 / base if base > 0 else None

        rates = [rate(d, at) for d in (low, high) for at in (level_low, level_high)]
        if None in rates:
            continue
        r_low, r_high = min(rates), max(rates)
        c_low, c_high = _change_interval(s, m.start("p"), claimed)
        ok = r_low <= (c_high if c_high is not None else r_low) and c_low <= r_high
        base = level if before else level - way * change
        shown = f"{plain_number(change)} / {plain_number(base)} = {_fmt(change * 100 / base)} %"
        claim = s.qual_word(m.start("p")) + f"{m['p']} %"
        s.add(m.start(), m.end(), ok, shown if ok else f"{shown}, not {claim}", m.start("p"), m.start("d"))


def _amount_range(s: _Sentence, pos: int, value: Decimal) -> tuple[Decimal, Decimal | None]:
    """The values a stated amount allows: its rounding, or APPROX_COUNT of it on the side its word names."""
    half, band = _step(value) / 2, value * APPROX_COUNT
    return {None: (value - half, value + half), "around": (value - band, value + band), "below_near": (value - band, value),
            "above_near": (value, value + band), "above": (value, None), "below": (Decimal(0), value)}[s.qual(pos)]


#: "Ansökningar på drygt 27,2 miljarder kronor …, bifall på 58 procent av dessa, vilket är nära 15,8 miljarder kronor"
_SHARE_OF_AMOUNT = re.compile(
    rf"(?P<pct>{_DECIMAL})\s*(?:%|procent\b)\s+av\s+(?:dessa|dem|detta|denna|beloppet|summan|medlen|det|den)\s*,?\s*"
    rf"(?:vilket|som|det)\s+(?:är|var|motsvarar|motsvarade|blir|ger|innebär|utgör)\s+{_DIFF_Q}(?P<b>{_FIG_NUM})"
    rf"(?=\s+(?:{_UNIT_WORD})\b)", re.IGNORECASE)
_AMOUNT = re.compile(rf"(?<![\d,.:/–—-])(?:{_FIG_NUM})(?![\d:/]|[,.]\d)(?=\s+(?:{_UNIT_WORD})\b)", re.IGNORECASE)


@needs(("av",), _PCT_WORDS, of=_SHARE_OF_AMOUNT)
def _shares_of_amounts(s: _Sentence) -> None:
    """A share of the one amount before in the same unit, against the amount it is said to be."""
    for m in _SHARE_OF_AMOUNT.finditer(s.text):
        unit = _unit(s.text, m.end("b"))
        amounts = [a for a in _AMOUNT.finditer(s.text, 0, m.start()) if _unit(s.text, a.end()) == unit]
        if len(amounts) != 1 or m.start("pct") in s.used:
            continue
        a, pct, b = _dec(amounts[0][0]), _pct(m["pct"]), _dec(m["b"])
        a_low, a_high = _amount_range(s, amounts[0].start(), a)
        b_low, b_high = _amount_range(s, m.start("b"), b)
        half = _step(pct) / 2
        if a_high is None:
            continue
        low, high = (pct - half) * a_low / 100, (pct + half) * a_high / 100
        ok = low <= (b_high if b_high is not None else low) and b_low <= high
        shown = f"{plain_number(pct)} % av {plain_number(a)} = {plain_number((pct * a / 100).quantize(_step(b)))}"
        s.add(amounts[0].start(), m.end(), ok, shown if ok else f"{shown}, not {s.qual_word(m.start('b'))}{m['b']}",
              m.start("pct"))


#: "Av de 9 inriktningsmålen … i 6 av inriktningsmålen och … i 3 av inriktningsmålen": parts named by the base's noun.
_BASE_NOUN = re.compile(rf"\bav\s+(?:de|dessa|samtliga|alla)\s+(?:totalt\s+|sammanlagt\s+)?(?P<n>{_CNT}|{_NW})\s+"
                        r"(?P<noun>[^\W\d]\w{3,})", re.IGNORECASE)


_PEOPLE = re.compile(r"(?:deltagar|person|individ|ungdom|unga|kvinn|män|svarande|respondent|elev|barn|anställd|medarbetar|"
                     r"klient|brukar|invånar|sökande|familj|hushåll)", re.IGNORECASE)


#: A part named by a noun, "6 av inriktningsmålen", found once for every noun (never a pattern compiled per noun).
_PART_OF_NOUN = re.compile(rf"(?<![\d,.])(?P<n>{_CNT}|{_NW})\s+av\s+(?:de\s+|dessa\s+)?(?P<noun>[^\W\d]\w*)\b", re.IGNORECASE)


@needs(("av",), ("de", "dessa", "samtliga", "alla"), of=_BASE_NOUN)
def _parts_of_base(s: _Sentence) -> None:
    for m in _BASE_NOUN.finditer(s.text):
        if s.qual(m.start("n")) or _is_year(m["n"]) or m.start("n") in s.used:
            continue
        noun = m["noun"].lower()
        parts = [p for p in _PART_OF_NOUN.finditer(s.text, m.end(), m.end() + TRAILER_REACH) if p["noun"].lower() == noun]
        if len(parts) < 2 or any(s.qual(p.start()) or _is_year(p["n"]) or p.start("n") in s.used for p in parts):
            continue
        total, values = _value(m["n"]), [_value(p["n"]) for p in parts]
        if sum(values) < total or (sum(values) > total and _PEOPLE.match(m["noun"])):
            continue  # the rest may be neither; and people may be in two groups ("30 av deltagarna fick stöd av …")
        _add_sum(s, m.start("n"), parts[-1].end(), total, parts, values)


#: "Av de 32 uppdragen bedöms 26 som färdiga, 8 som påbörjade och 1 som väntar", "8 av 30 delmålen är uppfyllda, 19 är
#: inte uppfyllda och tre är delvis uppfyllda": things of a base, each in one state.
_STATE_BASE = re.compile(rf"\bav\s+(?:de|dessa|samtliga|alla)\s+(?:totalt\s+)?(?P<total>{_CNT}|{_NW})\s+(?P<noun>[^\W\d]\w+)\s+"
                         rf"(?:bedöms|bedömdes|är|var|blev)\s+(?=\d|{_NW})", re.IGNORECASE)
_STATE_RATIO = re.compile(rf"(?<![\d,.])(?P<a>{_CNT}|{_NW})\s+av\s+(?:de\s+)?(?P<total>{_CNT})\s+(?P<noun>[^\W\d]\w+)"
                          rf"(?P<lab>(?:\s+(?!och\b|samt\b){_WORD}){{1,4}}?)\s*,\s*(?=\d|{_NW})", re.IGNORECASE)


#: The states of progress a thing is in one of, whatever else it may be ("som rör barn" and "som rör vuxna" may overlap),
#: each the last word of its part ("klara med planen" and "klara med rapporten" may overlap too).
_STATE = re.compile(r"\b(?:uppfyll|uppnå|genomför|färdig|klar|avslut|påbörja|pågå|start|slutför|väntar|ej\s+påbörja|"
                    r"inte\s+påbörja)\w*", re.IGNORECASE)


@needs(("av",), of=(_STATE_BASE, _STATE_RATIO))
def _state_splits(s: _Sentence) -> None:
    """Things of a base in states named alike ("som färdiga, … som påbörjade och … som väntar"): never more than the base.

    Fewer may leave things in no state named; people may be in two groups, so only things are judged."""
    text = s.text
    if "av " not in s.lower or not _STATE.search(text):
        return
    for pattern in (_STATE_BASE, _STATE_RATIO):
        for m in pattern.finditer(text):
            if _PEOPLE.match(m["noun"]) or m["total"].lower() in ("en", "ett") or _is_year(m["total"]) or \
                    s.qual(m.start("total")) or m.start("total") in s.used:
                continue
            parsed = _parse_parts(s, m.end(), (_PART_NUM_FIRST,))
            if parsed:
                parts, end = parsed
            elif pattern is _STATE_RATIO and (one := _PART_NUM_FIRST.match(text, m.end())) and \
                    re.match(r"\s+(?:och|samt)\s+", text[one.end():]) is None:
                continue
            else:
                continue
            labels = [p["lab"].lower().split() for p in parts]
            values = [_value(p["n"]) for p in parts]
            starts = [p.start("n") for p in parts]
            if pattern is _STATE_RATIO:
                labels.insert(0, m["lab"].lower().split())
                values.insert(0, _value(m["a"]))
                starts.insert(0, m.start("a"))
            closed = bool(re.search(r"\b(?:och|samt)\s*$", text[parts[-2].end() if len(parts) > 1 else m.start("lab"):
                                                                  parts[-1].start()]))
            if not closed or not all(lab and _STATE.fullmatch(lab[-1]) for lab in labels) or any(s.qual(pos) or _is_year(text[pos:pos + 4]) for pos in starts) or \
                    not _CLAUSE_END.match(text, end) or _MORE_PARTS.match(text, end) or any(p["pct"] for p in parts):
                continue
            total, summed = _value(m["total"]), sum(values)
            if summed < total:
                continue
            arithmetic = f"{' + '.join(map(_grouped, values))} = {_grouped(summed)}"
            s.add(m.start(), end, summed == total, arithmetic if summed == total else f"{arithmetic}, more than "
                  f"{_grouped(total)}", *starts)


def _judge_difference(s: _Sentence, m: re.Match, ref: re.Match, other: re.Match, either: bool = False) -> None:
    """Judge the difference ``m`` from ``ref`` to ``other``; with ``either``, the order is not known:
    no direction is judged and a percentage may be of either figure."""
    unit = m["unit"].strip().lower()
    points = "enhet" in unit
    relative = unit in ("%", "procent") or (unit.startswith("procent") and not points)
    shares = bool(ref["pct"]) and bool(other["pct"])
    if bool(ref["pct"]) != bool(other["pct"]) or (points and not shares) or (not shares and not relative and unit[:1] == "%"):
        return
    a, b, claimed = _signed(ref), _signed(other), _number(m["d"])
    change = b - a
    rounded = _rounded(s, ref) or _rounded(s, other)  # "från 60 till 99 miljarder": both in the unit
    # to the finer of their two steps: "från 2,3 till 3 miljarder" says 3,0
    ha = hb = min(_step(a), _step(b)) / 2 if rounded else Decimal(0)
    word = m["dir"].lower()
    way = 1 if _DIR_UP.match(word) else -1 if _DIR_DOWN.match(word) else 0
    qual = s.qual(m.start("d"))
    shown_a, shown_b = ref[0].strip(), other[0].strip()
    if ref["pct"]:
        shown_a, shown_b = _signed(ref), _signed(other)
        shown_a, shown_b = plain_number(shown_a), plain_number(shown_b)
    desc = f"{shown_b} − {shown_a} = {plain_number(change)}" if change >= 0 else \
        f"{shown_a} − {shown_b} = {plain_number(-change)}"
    if way and change and (change > 0) != (way > 0) and not either:
        s.add(m.start(), m.end(), False, f"from {shown_a} to {shown_b} is {'a decrease' if change < 0 else 'an increase'}, "
              f"not {'an increase' if way > 0 else 'a decrease'}", m.start("d"))
        return
    # each candidate: the exact value, the least and the most the figures' own rounding allows, how it is shown
    candidates = []
    corners = [(x, y) for x in (a - ha, a + ha) for y in (b - hb, b + hb)]
    for base, shown_base, index in ((a, shown_a, 0), (b, shown_b, 1)) if either else ((a, shown_a, 0),):
        if relative and base > 0 and all(c[index] > 0 for c in corners):
            rates = [abs(y - x) * 100 / (x, y)[index] for x, y in corners]
            candidates.append((abs(change) * 100 / base, min(rates), max(rates),
                               f"{desc}, {plain_number(abs(change))} / {shown_base} = {_fmt(abs(change) * 100 / base)} %"))
    if (shares and not relative) or points or not relative or (shares and relative and not points):
        # "ökade från 40 % till 55 %, med 15 %": points or relative
        candidates.append((abs(change), max(abs(change) - ha - hb, Decimal(0)), abs(change) + ha + hb, desc))
    if not candidates:
        return
    step = _step(claimed)
    for exact, low, high, shown in candidates:
        if qual is None and low < claimed + step and claimed - step / 2 <= high or \
                qual is not None and any(_in_range(x, claimed, qual, relative) for x in (exact, low, high)):
            s.add(m.start(), m.end(), True, shown, m.start("d"))
            return
    exact, _, _, shown = candidates[0]
    claim = s.qual_word(m.start("d")) + s.text[m.start("d"):m.end("unit")].strip()
    s.add(m.start(), m.end(), False, f"{shown}, not {claim}", m.start("d"))


def _signed(figure: re.Match) -> Decimal:
    """A figure's value with its sign: "-26,0" → -26.0."""
    value = _dec(figure["n"])
    return -value if figure["sign"] else value


def _rounded(s: _Sentence, figure: re.Match) -> bool:
    """Whether a figure is rounded: it has decimals ("17,2") or a word of magnitude ("60 miljarder"), where a
    count ("380 platser") is exact."""
    after = figure.end() + 1 if s.text.startswith(")", figure.end()) else figure.end()
    return "," in figure["n"] or "." in figure["n"] or bool(_magnitude(s.text, after))


def _in_range(exact: Decimal, claimed: Decimal, qual: str, percent: bool) -> bool:
    """An approximate difference: a percentage within its bands, a count within _count_range."""
    if percent:
        return _judge(claimed, exact, qual) is None
    low, high = _count_range(claimed, qual) if claimed == claimed.to_integral_value() else (claimed * Decimal("0.9"),
                                                                                            claimed * Decimal("1.1"))
    return exact >= low and (high is None or exact <= high)


#: A rate named after its two counts: "95 svarade, en svarsfrekvens på 79 %", "varav 6 540 fick bifall,
#: vilket ger en total bifallsandel på knappt 27 procent".
_NAMED_RATE = re.compile(
    rf"(?:,\s*|\b(?:vilket|som|det)\s+(?:ger|gav|motsvarar|motsvarade|innebär|innebar|blir|blev)\s+|"
    rf"\b(?:dvs\.?|d\.v\.s\.?|alltså|det\s+vill\s+säga)\s+)(?:en\s+)?(?:(?:total|sammanlagd|samlad)\w*\s+)?"
    rf"[^\W\d]*(?:andel|frekvens|grad)(?:en)?\s+(?:på|om|av)\s+(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*"
    # nothing after the share that makes it one of another group ("… 30 % kvinnor bland deltagarna")
    r"(?:%|procent\b)(?=\s*(?:[,.;:)!?]|$)|\s+(?:och|men|vilket|jämfört|mot|för|under|år)\b)", re.IGNORECASE)


@needs(("andel", "frekvens", "grad"), _PCT_WORDS, of=_NAMED_RATE)
def _named_rates(s: _Sentence) -> None:
    """The rate against the sentence's only two counts, the smaller of the larger."""
    if not re.search(r"andel|frekvens|grad", s.text, re.IGNORECASE):
        return
    for m in _NAMED_RATE.finditer(s.text):
        if m.start("pct") in s.used or s.is_range(m.start("pct"), m.end("pct")):
            continue
        figures = s.figures()
        counts = [f for f in figures if not f["pct"]]
        if len(counts) != 2 or len(figures) != 3 or any(s.qual(f.start()) or f.end() > m.start() for f in counts):
            continue
        a, b = sorted(_dec(f["n"]) for f in counts)
        if not b:
            continue
        claimed, qual, exact = _pct(m["pct"]), s.qual(m.start("pct")), a * 100 / b
        way = _judge(claimed, exact, qual)
        claim = s.qual_word(m.start("pct")) + f"{m['pct']} %"
        s.add(counts[0].start(), m.end(), way is None,
              _explain(claim, qual, f"{plain_number(a)} av {plain_number(b)}", exact, way or "", claimed), m.start("pct"))


#: "Av de sammanlagt 268 045 prövningarna godkändes 71 245 medan 196 920 fick avslag": two parts set
#: against each other, which together are at most the base.
_CONTRAST_SPLIT = re.compile(rf"\bav\s+{_ART_GEN}(?:sammanlagt\s+|totalt\s+)?(?P<total>{_CNT})(?:\s+{_WORD}){{1,6}}?\s+"
                             rf"(?P<a>{_CNT})(?:\s+{_WORD}){{0,5}}?"
                             rf"\s*,?\s+medan\s+(?P<b>{_CNT})(?![\d,.]|\s*(?:%|procent))", re.IGNORECASE)
#: How far two parts set against each other may exceed their base and still be read as its split
#: (more is two overlapping groups: "20 fick arbete medan 45 fortfarande saknar stöd").
CONTRAST_EXCESS = Decimal("0.05")


@needs(("medan",), ("av",), of=_CONTRAST_SPLIT)
def _contrast_splits(s: _Sentence) -> None:
    for m in _CONTRAST_SPLIT.finditer(s.text):
        if any(s.qual(m.start(g)) or _is_year(m[g]) for g in ("total", "a", "b")) or m.start("a") in s.used:
            continue
        total, a, b = _value(m["total"]), _value(m["a"]), _value(m["b"])
        if a + b < total or a + b > total * (1 + CONTRAST_EXCESS):
            continue  # the rest may be neither, or the groups overlap
        arithmetic = f"{_grouped(a)} + {_grouped(b)} = {_grouped(a + b)}"
        s.add(m.start("total"), m.end(), a + b == total, arithmetic if a + b == total else
              f"{arithmetic}, more than {_grouped(total)}", m.start("a"), m.start("b"))


#: "förlängd skolgång för 18 procent och nedsatt arbetsförmåga för resterande 82 procent"
_REST_PCT = re.compile(rf"\b(?:resterande|övriga|återstående|resten)\s+(?:{_WORD}\s+)?(?P<pct>{_DECIMAL})\s*(?:%|procent(?:en)?\b)",
                       re.IGNORECASE)
#: Shares as _PCT_RE finds them, and "de resterande 25 procenten".
_PCT_OR_DEFINITE = re.compile(r"(?<![\d,.])(\d+(?:[,.]\d+)?)\s*(?:%|procent(?:en)?\b)(?!\s*-?enhet)", re.IGNORECASE)


@needs(("resterande", "övriga", "återstående", "resten"), _PCT_WORDS, of=_REST_PCT)
def _rest_shares(s: _Sentence) -> None:
    """A share and "resterande P %" in a sentence with no other share add up to 100 %."""
    rest = _REST_PCT.search(s.text)
    if not rest:
        return
    pcts = list(_PCT_OR_DEFINITE.finditer(s.text))
    if len(pcts) != 2 or pcts[1].start() != rest.start("pct") or any(
            p.start() in s.used or s.qual(p.start()) or s.is_range(p.start(), p.end()) for p in pcts):
        return
    values = [_pct(p[1]) for p in pcts]
    step = max(_step(v) for v in values)
    total = sum(values)
    arithmetic = f"{' + '.join(plain_number(v) for v in values)} = {plain_number(total)} %"
    ok = abs(total - 100) <= step
    s.add(pcts[0].start(), rest.end(), ok, arithmetic if ok else f"{arithmetic}, not 100 %", *[p.start() for p in pcts])


_HEAD_STOP = (r"(?:följande|nedanstående|nedan|dessa|olika|andra|bland|har|hade|är|var|blev|ska|skall|kommer|kan|får|fick|"
              r"finns|fanns|vi|man|de|det|och|samt|eller)\b")
#: "sju partnerorganisationer: ICRC …", "tre myndigheter – Socialstyrelsen, … och … – i uppdrag att …",
#: "fem riksdagspartier (S, M, MP, C och KD)": a number of things, then the things named one by one.
_LIST_HEAD = re.compile(rf"(?=[\defhnståEFHNSTÅ])(?<![\d,.:§/–—-])(?P<n>{_NW}|\d{{1,2}})(?![\d,.%:])(?P<words>(?:\s+{_WORD}){{1,4}})$",
                        re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
#: "fyra korta filmer om varsitt tema:", "sex prioriteringar för sitt halvår som ordförande:": the things, then
#: what they are of or for (a preposition or "som"), never a clause that names other things ("följande …").
LONG_HEAD = 8
_LONG_LIST_HEAD = re.compile(
    rf"(?P<n>{_NW}|\d{{1,2}})(?![\d,.%:])(?P<words>(?:\s+(?!{_HEAD_STOP}){_WORD}){{1,3}}?"
    rf"(?:\s+(?:för|om|inom|i|på|med|från|under|som|till)(?:\s+(?!{_HEAD_STOP})(?:{_WORD}|{_YEAR})){{1,3}}){{1,2}})"
    r"(?<!erna)(?<!arna)(?<!orna)$",  # "fem ledamöter från kommunerna: Tierp, …": the list names the kommuner
    re.IGNORECASE)
_OF_GROUP = re.compile(r"\s(?:från|i|hos|inom|av|bland|ur)\s+[^\W\d]\w*(?:erna|arna|orna)$", re.IGNORECASE)
#: What opens a list after its head: a colon, a dash between spaces, a bracket.
_LIST_OPEN = re.compile(r"\s*:(?=\s)\s*|\s+[–—](?=\s)\s*|\s*\(\s*")
#: What a number before a colon counts when it is no list's size: "de senaste tio åren:", "upp till 20 år:".
_LIST_NOT_THINGS = re.compile(r"\s+(?:år|års|åren|månad\w*|veck\w*|dag\w*|timm\w*|minut\w*|gång\w*|procent\w*|kronor|"
                              r"miljon\w*|miljard\w*|tusen|mnkr|mkr|tkr)\b", re.IGNORECASE)
#: "artikel 7 i …:", "Två av ordförandeskapets fyra prioriteringar:": the number names a reference, or the list is a part.
_LIST_HEAD_BEFORE = re.compile(rf"(?:\b(?:artikel\w*|kapitel|kap\.?|paragraf\w*|§|punkt\w*|avsnitt|tabell\w*|figur\w*|bilaga|"
                               rf"nr\.?|steg|fas|sidan|sid\.?|protokoll)|(?:\d|\b(?:{_NW}))\s+av(?:\s+\S+){{0,3}}|"
                               r"\d\s*(?:,|och|samt|respektive|[–—-]))\s*$", re.IGNORECASE)
_NOT_ALL = re.compile(r"\b(?:bl\.\s*a|t\.\s*ex|m\.\s*fl|m\.\s*m|bland\s+annat|till\s+exempel|exempelvis|såsom|med\s+flera|"
                      r"etc|osv|inklusive|bland\s+dem|främst|bland\s+andra|t\s+ex|bla|däribland|varav|därav|"
                      r"bland\s+dessa|framför\s+allt|huvudsakligen|särskilt|m\.\s*a\.\s*o)\b", re.IGNORECASE)
_ITEM_START_COUNT = re.compile(rf"(?:(?:{_QUALW})\.?\s+)?(?:\d|(?!(?:en|ett)\b){_NW})", re.IGNORECASE)
_MONTH = re.compile(r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
                    r"måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|våren|sommaren|hösten|vintern)\b", re.IGNORECASE)
#: A part of the sentence after the list, not an item: "…, som återspeglar …", "…, men den rymmer …".
_AFTER_LIST = re.compile(r"(?:som|vilket|vilka|där|men|säger|sa|och\s+som|vars)\b", re.IGNORECASE)
_LIST_CONJ = re.compile(r"\s*\b(?P<c>och|samt|eller)\s+", re.IGNORECASE)
#: "1) …, 2) … och 3) …", "(I) …, (II) … och (IV) …", "i) … ii) … samt iii) …": items numbered in order.
_MARKER = re.compile(r"(?:(?<=\s)|^)\(?(?P<m>\d{1,2}|[ivx]{1,4}|[IVX]{1,4}|[a-h])\)(?=\s)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_MARKER_CLOSED = re.compile(r"(?:,|;)?\s*\b(?:och|samt|eller)(?:\s+att)?\s*$", re.IGNORECASE)

LIST_REACH = 400
#: An item of a list whose size is judged both ways has at most this many words ("Kungliga Operan AB").
SHORT_ITEM = 5


def _top_level(text: str, sep: str) -> list[str] | None:
    """``text`` split at every ``sep`` outside brackets and quotation marks; None if a bracket is unbalanced."""
    parts, depth, start, quoted = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch in "”\"":
            quoted = not quoted if ch == "\"" or not quoted else False
        depth += (ch in "([") - (ch in ")]")
        if depth < 0:
            return None
        if ch == sep and depth == 0 and not quoted:
            parts.append(text[start:i])
            start = i + 1
    if depth:
        return None
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _conjunctions(item: str, elided: bool = True) -> list[re.Match]:
    """The "och"/"samt"/"eller" of an item outside its brackets; with ``elided``, also one after a word cut short
    ("ledar- och medarbetarskap", one thing or two)."""
    return [c for c in _LIST_CONJ.finditer(item) if item[:c.start()].count("(") == item[:c.start()].count(")")
            and (elided or not item[:c.start()].rstrip().endswith("-"))]


def _list_items(tail: str) -> tuple[list[str], bool] | None:
    """The items of a list "A, B (x, y) och C" or "A; B; och C", and whether "samt" closes it. None where the list
    is not closed by a conjunction or goes on in a form not read."""
    segments = _top_level(tail, ";")
    if segments is None:
        return None
    if len(segments) > 1 and not (len(segments) >= 3 or _LIST_CONJ.match(" " + segments[-1])):
        segments = _top_level(segments[0], ",")  # "A, B och C; därefter …": the list ends at the ";"
    elif len(segments) == 1:
        segments = _top_level(tail, ",")
    if not segments:
        return None
    for i, seg in enumerate(segments[1:], 1):
        if _AFTER_LIST.match(seg):
            segments = segments[:i]
            break
    last = segments[-1]
    opening = _LIST_CONJ.match(" " + last)
    if opening and len(segments) > 1:
        items, samt = segments[:-1] + [last[opening.end() - 1:]], opening["c"].lower() == "samt"
    else:
        conj = _conjunctions(last, elided=False) or _conjunctions(last)  # "låg-, mellan- och högstadiet"
        if not conj:
            return None
        samts = [c for c in conj if c["c"].lower() == "samt"]
        cut = (samts or conj)[-1]
        items, samt = segments[:-1] + [last[:cut.start()], last[cut.end():]], bool(samts)
    return [item.strip() for item in items], samt


def _numbered(tail: str) -> int | None:
    """How many items a list numbered in order from its start has ("1) …, 2) … och 3) …"), or None."""
    markers = list(_MARKER.finditer(tail))
    if len(markers) < 2 or markers[0].start() != 0:
        return None
    values = []
    for m in markers:
        mark = m["m"]
        value = int(mark) if mark.isdigit() else _ROMAN.get(mark.lower()) if mark.lower() in _ROMAN and \
            (mark.lower() != "i" or not values or values[-1] == 0) else ord(mark.lower()) - 96
        values.append(value)
    if values != list(range(1, len(values) + 1)) or not _MARKER_CLOSED.search(tail, 0, markers[-1].start()):
        return None
    return len(values)


def _list_tail(s: _Sentence, at: int, opened: str) -> str | None:
    """The text the list from ``at`` takes: to the sentence's end after a colon, to the closing dash or bracket."""
    text = s.text
    if opened == ":":
        tail = text[at:at + LIST_REACH + 1].rstrip(" .!?")
        return tail if len(tail) <= LIST_REACH else None
    close = re.compile(r"\s[–—](?=\s|$)|\)" if opened != "(" else r"\)").search(text, at, at + LIST_REACH)
    if not close or (opened != "(" and close[0] == ")"):
        return None
    return text[at:close.start()].strip()


def _list_heads(text: str):
    """(head, what opens the list, where the list begins) for every number of things with a few words after it
    right before a colon, a dash or a bracket, leftmost first; found from each opening, looking back (most places
    open no list, and a number word is costly to look for everywhere)."""
    for o in _LIST_OPEN.finditer(text):
        lo = max(0, o.start() - 120)
        tokens = list(_TOKEN.finditer(text, lo, o.start()))[-LONG_HEAD - 1:]
        for k in range(min(LONG_HEAD, len(tokens) - 1), 0, -1):
            n = tokens[-k - 1]
            if n[0].lower() in NUMBER_WORDS or (n[0].isdigit() and len(n[0]) <= 2):
                m = (k <= 4 and _LIST_HEAD.match(text, n.start(), o.start())) or \
                    _LONG_LIST_HEAD.match(text, n.start(), o.start())
                if m:
                    yield m, o[0].strip(), o.end()


def _list_counts(s: _Sentence) -> None:
    """A number of things, a colon (or a dash, or a bracket), and the things named one by one: as many as the
    number says. A list closed by "samt" has each "och" inside an item ("förnyelse och innovation samt hållbarhet":
    two); one closed by "och" may have more items than its commas part, but never more than its conjunctions
    allow; and fewer things than listed are judged only where every item is short and plain."""
    text = s.text
    if ":" not in text and "(" not in text and "–" not in text and "—" not in text:
        return
    for m, opened, at in _list_heads(text):
        n = _value(m["n"])
        words = m["words"].split()
        if not 2 <= n <= 20 or len(words) > (4 if opened == ":" else 3) and m.re is not _LONG_LIST_HEAD or \
                (m.re is _LONG_LIST_HEAD and opened != ":") or _LIST_NOT_THINGS.match(m["words"]) or \
                (opened != ":" and m["n"][:1].isdigit()) or \
                any(w.lower() in NUMBER_WORDS for w in words) or \
                _LIST_HEAD_BEFORE.search(text, max(0, m.start() - 40), m.start()) or m.start("n") in s.used:
            continue
        if _OF_GROUP.search(m["words"]):
            continue  # "fem ledamöter från kommunerna: Tierp, Enköping och Östhammar" names the kommuner
        spread = re.search(r"\b(?:fördela\w*|sprid\w*|spridd\w*)\s+över\s+$", text[max(0, m.start() - 20):m.start()])
        if s.qual(m.start("n")) and not spread and not re.search(r"\b(?:kring|runt)\s+$", text[max(0, m.start() - 8):m.start()]):
            continue  # "kretsar kring tre teman:" is no approximation
        tail = _list_tail(s, at, opened)
        if not tail or _NOT_ALL.search(tail):
            continue
        end = at + len(tail) if opened != ":" else len(text.rstrip(" .!?"))
        numbered = _numbered(tail)
        if numbered is not None:
            s.add(m.start(), end, numbered == n, f"{numbered} listed" + ("" if numbered == n else f", not {n}"), m.start("n"))
            return
        if opened == ":" and re.search(r"[:]\s", tail):
            continue
        parsed = _list_items(tail)
        if parsed is None and opened == "(":
            names = _top_level(tail, ",")  # "(C, FP, KD, M, S)": names alone, no conjunction
            if names and len(names) >= 3 and all(1 <= len(x.split()) <= 2 and x[:1].isupper() for x in names):
                parsed = names, False
        if parsed is None:
            continue
        items, samt = parsed
        # "Europeiska banken för återuppbyggnad, EBRD, …": an abbreviation after a name is the name again
        items = [item for i, item in enumerate(items)
                 if not (i and re.fullmatch(r"[A-ZÅÄÖ]{2,8}", item) and len(items[i - 1].split()) > 1)]
        # the most items the list can be read as: after "samt" (or "respektive") only; else at every conjunction
        # (items parted by semicolons are whole items, each "och" inside one: "att forma …; främja …; och därtill …")
        by_semicolon = len(items) >= 3 and (_top_level(tail, ";") or []).__len__() == len(items)
        most = len(items) + sum(item.lower().count("respektive") for item in items) if samt or by_semicolon else \
            sum(1 + len(_conjunctions(item)) for item in items)
        if len(items) < 2 or any(not item or len(item.split()) > (20 if by_semicolon else 10) or _ITEM_START_COUNT.match(item)
                                 for item in items) \
                or _PREPOSITION.match(items[0].split()[0]) or any(_MONTH.match(item) for item in items):
            continue  # "sex möten: i februari, april …" names when, not what
        listed = len(items)
        if n > listed:
            plain = "," in tail or ";" in tail or opened != ":"
            if n <= most or not (plain or samt) or (not plain and items[0].lower().startswith("att ")):
                continue  # "tre ben: Att stärka trygghet och säkerhet." names the first, the others follow
        elif n < listed:
            if any(_conjunctions(item) for item in items[:-1]) or (any(len(item.split()) > SHORT_ITEM for item in items)
                                                                  and not all(_DIGIT.search(item) for item in items)):
                continue  # "tre sektorer: demokrati, mänskliga rättigheter och jämställdhet, miljö samt …": one item
        ok = listed == n
        s.add(m.start(), end, ok, f"{listed} listed" + ("" if ok else f", not {n}"), m.start("n"))
        return


#: "De fyra kommunerna, Hedemora, Ludvika och Avesta, som …": a number of things named between commas, by name.
_NAME = r"[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,2}"
_APPOSITION = re.compile(rf"\b(?:[Dd]e|[Dd]essa|[Vv]åra|[Ss]ina)\s+(?P<n>{_NW})\s+(?P<noun>{_WORD})\s*,\s*"
                         rf"(?P<items>{_NAME}(?:\s*,\s*{_NAME})*\s+(?:och|samt)\s+{_NAME})\s*,\s")  # names: capitals


#: "De sex kommuner som tar emot flest är Stockholm (856), Göteborg (291), …": names to the sentence's end.
_RANKED = rf"{_NAME}(?:\s*\(\s*\d[\d \u00a0.,]*\s*(?:%|procent)?\s*\))?"
_NAMED_ARE = re.compile(rf"\b[Dd]e\s+(?P<n>{_NW})\s+(?P<noun>{_WORD})(?:\s+{_WORD}){{0,8}}?\s+(?:är|var|blev)\s+"
                        rf"(?P<items>{_RANKED}(?:\s*,\s*{_RANKED})+(?:\s*,?\s*(?:och|samt)\s+{_RANKED})?)\s*[.!]?\s*$")


_THE_N = re.compile(rf"\b(?:[Dd]e|[Dd]essa|[Vv]åra|[Ss]ina)\s+{_NW}\s")  # what both need, looked for once


def _apposition_lists(s: _Sentence) -> None:
    text = s.text
    if not (" de " in text or " De " in text or text.startswith("De ") or "essa " in text or "våra " in text
            or "sina " in text) or not _THE_N.search(text):
        return
    for m in (*_APPOSITION.finditer(text), *_NAMED_ARE.finditer(text)):
        n = _value(m["n"])
        if not 2 <= n <= 20 or m.start("n") in s.used or _LIST_NOT_THINGS.match(" " + m["noun"]):
            continue
        items = [x for x in re.split(r"\s*,\s*(?![^()]*\))|\s+(?:och|samt)\s+", m["items"]) if x]
        ok = len(items) == n
        if not ok and len(items) < 3:
            continue  # "De tre kommunerna, Tierp och Enköping, …" may name two of them
        s.add(m.start("n"), m.end("items"), ok, f"{len(items)} listed" + ("" if ok else f", not {n}"), m.start("n"))


_PER_PERIOD = re.compile(rf"(?:\s+{_WORD})?\s*(?:per\b|/|varje\b|om\s+året\b|i\s+månaden\b)",
                         re.IGNORECASE)
_TIME_UNIT = re.compile(r"\s+(?:år|månad\w*|veck\w*|dag\w*|timm\w*|gång\w*|termin\w*|kvartal\w*)\b", re.IGNORECASE)


def _goal_value(m: re.Match) -> str:
    return m["g"] or m["g2"] or m["g3"]


#: Shares that add up to a stated share: "29 % till arbete och 12 % till studier, alltså 41 % totalt".
_PCT_TRAILER = re.compile(
    rf"\s*,?\s*(?:(?:alltså|dvs\.?|d\.v\.s\.?|det\s+vill\s+säga|således|vilket\s+(?:ger|blir|gör|innebär))\s+)?"
    rf"(?:(?P<w1>totalt|sammanlagt|tillsammans|sammantaget|i\s+alla)\s+)?(?:(?:{_QUALW})\.?\s+)?(?P<pct>{_DECIMAL})\s*"
    r"(?:%|procent\b)(?:\s+(?P<w2>totalt|sammanlagt|tillsammans|sammantaget)\b)?", re.IGNORECASE)
#: "21 % har gått till arbete eller studier, där 12 % till arbete och 9 % till studier".
_PCT_INTRO = re.compile(r"\s*,?\s*\b(?:där|varav|därav)\s+(?=\d)", re.IGNORECASE)
_PCT_GAP = re.compile(rf"(?:\s+(?!av\b|bland\b|hos\b|inom\b|för\b|i\b|på\b){_WORD}){{0,5}}\s*"
                      rf"(?:,\s*(?:och|samt)\b|,|\boch\b(?:\s*&)?|\bsamt\b|&)"
                      rf"(?:\s+(?!av\b|bland\b|hos\b|inom\b|för\b|i\b|på\b){_WORD}){{0,3}}\s*", re.IGNORECASE)
_SUM_WORD = re.compile(r"\b(?:alltså|dvs|d\.v\.s|således|det\s+vill\s+säga|vilket|totalt|sammanlagt|tillsammans|sammantaget|"
                       r"där|varav|därav)\b", re.IGNORECASE)
_PCT_LABEL = re.compile(rf"(?:\s+(?!och\b|samt\b){_WORD}){{0,5}}", re.IGNORECASE)


def _share_runs(s: _Sentence, pcts: list[re.Match]) -> list[tuple[int, int]]:
    """(first index, count) of every run of shares joined as parts of one list, no other number
    between: one pass over the shares, a run longer than MAX_PARTS left out."""
    runs, i = [], 0
    while i < len(pcts):
        j = i
        while j + 1 < len(pcts) and _PCT_GAP.fullmatch(s.text, pcts[j].end(), pcts[j + 1].start()) and \
                not _SUM_WORD.search(s.text, pcts[j].end(), pcts[j + 1].start()):
            j += 1
        if 2 <= j - i + 1 <= MAX_PARTS:
            runs.append((i, j - i + 1))
        i = j + 1
    return runs


@needs(_PCT_WORDS, of=_PCT_RE)
def _share_sums(s: _Sentence) -> None:
    text = s.text
    if len(pcts := list(_PCT_RE.finditer(text))) < 3 or any(w in _GENDER_F | _GENDER_M for w in text.lower().split()):
        return  # shares of women and of men are rates, whose overall share is no sum
    for i, n in _share_runs(s, pcts):
        first, parts = pcts[i], pcts[i:i + n]
        label_end = _PCT_LABEL.match(text, parts[-1].end()).end()
        trailer = _PCT_TRAILER.match(text, label_end)
        if trailer and (trailer["w1"] or trailer["w2"]) and i + n < len(pcts) and pcts[i + n].start() == trailer.start("pct"):
            _judge_share_sum(s, parts, trailer.start("pct"), trailer["pct"], first.start(), trailer.end(), whole=True)
            return
        if i:
            intro = _PCT_INTRO.search(text, pcts[i - 1].end(), first.start() + 1)
            if intro and intro.end() == first.start() and not _DIGIT.search(text, pcts[i - 1].end(), intro.start()):
                head = text[pcts[i - 1].end():intro.start()].lower()
                labels = [text[p.end():_PCT_LABEL.match(text, p.end()).end()].lower().split() for p in parts]
                whole = all(lab and lab[-1] in head for lab in labels)
                _judge_share_sum(s, parts, pcts[i - 1].start(), pcts[i - 1][1], pcts[i - 1].start(), label_end, whole)
                return


def _judge_share_sum(s: _Sentence, parts: list[re.Match], total_pos: int, total: str, start: int, end: int,
                     whole: bool) -> None:
    """Parts against their stated share, within their rounding; parts of the subgroup (adding up
    to 100 %) are no contradiction, and parts short of the share only where they name its whole."""
    if any(p.start() in s.used or s.qual(p.start()) or s.is_range(p.start(), p.end()) for p in parts) or \
            s.qual(total_pos) or total_pos in s.used:
        return
    values, claimed = [_pct(p[1]) for p in parts], _pct(total)
    summed = sum(values)
    tol = sum(_step(v) for v in values) / 2 + _step(claimed) / 2
    arithmetic = f"{' + '.join(plain_number(v) for v in values)} = {plain_number(summed)} %"
    if abs(summed - claimed) < tol:  # each rounded by less than half a step
        s.add(start, end, True, arithmetic, total_pos, *[p.start() for p in parts])
    elif abs(summed - 100) >= tol and (summed > claimed or whole):
        s.add(start, end, False, f"{arithmetic}, not {plain_number(claimed)} %", total_pos, *[p.start() for p in parts])


@needs(("mål", "planerade", "beräknade", "förväntade", "budgeterade", "målsatta"), of=(_GOAL, _GOAL_OF_SHARE))
def _goals(s: _Sentence) -> None:
    """A share of a goal: the outcome against the goal, both in the sentence; the outcome is the
    sentence's only other count where no word names it ("3 200 nåddes, 64 % av målet på 5 000")."""
    if not re.search(r"mål|planera|beräkna|förvänta|budgetera", s.text, re.IGNORECASE):
        return
    _share_goals(s)
    goals = [g for g in _GOAL.finditer(s.text) if not _is_year(_goal_value(g))]
    if any(_PER_PERIOD.match(s.text, g.end()) for g in goals):
        return  # "målet var 50 deltagare per år": a goal for each year, not for the outcome
    outcomes = [o for o in _OUTCOME.finditer(s.text) if not _is_year(o["u"] or o["u2"])]
    pcts = [p for p in _GOAL_PCT.finditer(s.text)]
    if len(goals) != 1 or len(outcomes) > 1 or len(pcts) != 1:
        return
    goal = goals[0]
    gkey = next(k for k in ("g", "g2", "g3") if goal[k])
    if outcomes:
        outcome, ukey = outcomes[0], "u" if outcomes[0]["u"] else "u2"
    else:
        counts = [f for f in s.figures() if not f["pct"]]
        others = [f for f in counts if f.start() != goal.start(gkey)]
        if len(counts) != 2 or len(others) != 1 or s.qual(others[0].start()) or _TIME_UNIT.match(s.text, others[0].end()):
            return  # "(88 % måluppfyllelse under 2 år)": no outcome
        outcome, ukey = others[0], "n"
    p = pcts[0]
    group = "pct" if p["pct"] is not None else "pct2"
    if p.start(group) in s.used:
        return
    g, u = _value(goal[gkey]), _value(outcome[ukey])
    if not g or s.qual(goal.start(gkey)) or s.qual(outcome.start(ukey)):
        return
    claimed, qual, exact = _pct(p[group]), s.qual(p.start(group)), Decimal(u) * 100 / g
    way = _judge(claimed, exact, qual)
    start = min(goal.start(), outcome.start(), p.start())
    end = max(goal.end(), outcome.end(), p.end())
    s.add(start, end, way is None, _explain(f"{p[group]} %", qual, f"{u} av målet {g}", exact, way or "", claimed),
          p.start(group))


def _share_goals(s: _Sentence) -> None:
    """"Andelen i arbete var 26 %, vilket är 52 % av målet på 50 %": the sentence's only other share of the goal."""
    for m in _GOAL_OF_SHARE.finditer(s.text):
        shares = [f for f in s.figures() if f["pct"]]
        others = [f for f in shares if f.start() not in (m.start("pct"), m.start("g"))]
        if len(shares) != 3 or len(others) != 1 or m.start("pct") in s.used or \
                any(s.qual(pos) for pos in (m.start("pct"), m.start("g"), others[0].start())):
            continue
        goal, outcome, claimed = _pct(m["g"]), _pct(others[0]["n"]), _pct(m["pct"])
        if not goal:
            continue
        exact = outcome * 100 / goal
        way = _judge(claimed, exact, None)
        s.add(min(m.start(), others[0].start()), max(m.end(), others[0].end()), way is None,
              _explain(f"{m['pct']} %", None, f"{plain_number(outcome)} % av målet {plain_number(goal)} %", exact,
                       way or "", claimed), m.start("pct"))


@needs(_PCT_WORDS, ("använd", "använt", "förbruka", "nyttja"), of=_USED)
def _economy(s: _Sentence, used_share: Decimal) -> None:
    if not _MONEY.search(s.text):
        return
    exact = used_share * 100
    for pattern in _USED:
        for m in pattern.finditer(s.text):
            if m.start("pct") in s.used or s.is_range(m.start("pct"), m.end("pct")):
                continue
            reason = _REASON.search(s.text, m.end())
            if _PART_OF_TIME.search(s.text, 0, reason.start() if reason else len(s.text)):
                continue  # "under 2022 förbrukades 45 %": the share of one period, not of the whole
            if pattern is _USED[0]:
                after = m["mid"]
                if re.match(r"\s+av\b", after) and not _MONEY.search(after):
                    continue
                if _DIGIT.search(after) or _PURPOSE.match(s.text, m.end()):
                    continue
            elif (m["after"] and not _MONEY.search(m["after"])) or _NEW_ITEM.search(m["between"]) or \
                    _PURPOSE.match(m["between"]) or _MONEY.match(m["between"].strip()):
                continue  # the last: "av de utnyttjade medlen har 78 %", a share of what was spent
            claimed, qual = _pct(m["pct"]), s.qual(m.start("pct"))
            way = _judge(claimed, exact, qual)
            desc = f"the economy says {_fmt(exact)} % of the granted funds were used"
            if way is None:
                explanation = f"{desc}, which agrees with {m['pct']} %"
            elif qual is None:
                explanation = f"{desc}, not {m['pct']} %"
            else:
                claim = re.search(rf"(?:{_QUALW})\.?\s+\d.*$", s.text[max(0, m.start('pct') - 30):m.end('pct') + 9],
                                  re.IGNORECASE)[0]
                claim = re.sub(r"(%|procent).*$", r"\1", claim)
                claim = claim[:1].lower() + claim[1:]
                relation = "above" if way == "above" else "below"
                explanation = f"{claim}: {desc}, which is {relation} {plain_number(claimed)} %"
            s.add(m.start(), m.end(), way is None, explanation, m.start("pct"))


def _numberish(gate: claims_gate.Gate) -> bool:
    """Whether the sentence may hold a claim: ``_NUMBERISH.search`` (a digit, a number word or a fraction word), from its words."""
    if not claims_gate.ENABLED:
        return bool(_NUMBERISH.search(gate.text))
    return claims_gate.numberish(gate, NUMBER_WORDS, _FRACTION_WORDS, _DIGIT, _NW_RE, _HAS_FRAC)


def _numberish_in(s: _Sentence, start: int, end: int) -> bool:
    """``_NUMBERISH.search(s.text, start, end)``, from the span's digits and words."""
    if not claims_gate.ENABLED:
        return bool(_NUMBERISH.search(s.text, start, end))
    return claims_gate.numberish_in(s.gate, start, end, NUMBER_WORDS, _FRACTION_WORDS, _DIGIT, _NUMBERISH)


def verdicts(text: str, used_share: Decimal | None = None) -> list[Verdict]:
    """Every recognised numeric claim in ``text`` with its verdict, in text order."""
    found: list[Verdict] = []
    if not _numberish(claims_gate.Gate(text)):
        return found
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        gate = claims_gate.Gate(sentence)
        if not _numberish(gate):
            continue
        s, before = _Sentence(sentence, s_start, found, gate), len(found)
        try:
            _breakdowns(s)
            _base_splits(s)
            _age_bands(s)
            _trailing_totals(s)
            _unit_trailing_totals(s)
            _scaled_breakdowns(s)
            _amount_breakdowns(s)
            _amount_shares(s)
            _yearly_sums(s)
            _products(s)
            _ratio_pairs(s)
            _links(s)
            _far_ratios(s)
            _fraction_counts(s)
            _majorities(s)
            _fraction_comparisons(s)
            _goals(s)
            _changes_both_ways(s)
            _shares_of_amounts(s)
            _parts_of_base(s)
            _state_splits(s)
            _differences(s)
            _multiples(s)
            _named_rates(s)
            _contrast_splits(s)
            _list_counts(s)
            _apposition_lists(s)
            _count_shares(s)
            _fallback(s)
            _share_sums(s)
            _percent_splits(s)
            _money_shares(s)
            _rest_shares(s)
            if used_share is not None:
                _economy(s, used_share)
        except _NoFigure:
            del found[before:]
    found.sort(key=lambda v: (v.start, v.end))
    return found


def texts(value, path: tuple):
    """Every text in ``value`` (plain source data) with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, path + (i,))


def check(insats: Insats, located: Located, figures: compute.Figures) -> list[Problem]:
    """Warnings for every claim in the source's prose that its own numbers contradict."""
    used_share = figures.economy.used_share
    problems = []
    for path, text in texts(located.data, ()):
        # Verdicts come in text order: count the lines up to each from the one before, not from
        # the start of the text (which is quadratic in a long answer with many warnings).
        line, counted = located.line_in_text(path, text, 0), 0
        exact = tuple(path) in located.text_starts  # else every offset is on the key's own line
        for v in verdicts(text, used_share):
            if not v.ok:
                if exact:
                    line, counted = line + text.count("\n", counted, v.start), v.start
                problems.append(Problem(located.file, line, None, dotted(path),
                                        f"\u201c{v.quote}\u201d: {v.explanation}", "warning"))
    return problems
