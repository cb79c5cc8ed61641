"""The canonical model of one insats: the union of what the förbund's final-report forms ask.

Attribute names are English; each field's alias is the Swedish key an author writes in a
source, as the forms say it. Readers hand in plain text scalars (see ``sources``) and the
validators here give them meaning: amounts the Swedish way, dates as åååå-mm-dd, goal
verdicts as ja/nej/delvis. Layouts read this model and never the source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


# --- scalar types ---------------------------------------------------------------------

MAX_AMOUNT = Decimal(10_000_000_000)  # kr; a whole förbund's yearly budget is a small fraction of this
_UNITS = {"kr": Decimal(1), "sek": Decimal(1), "tkr": Decimal(1000), "mkr": Decimal(1_000_000)}
_AMOUNT = re.compile(r"^(?P<number>-?[\d\s.,]*\d)\s*(?P<unit>kr|sek|tkr|mkr)?(?::-)?$", re.IGNORECASE)


def parse_amount(value: Any) -> Decimal | None:
    """``2 458 000``, ``2 458 000 kr``, ``975,6 tkr``, ``1.194 tkr`` or a number → kronor."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(f"{value!r} is not an amount; write it like 2 458 000 kr, 975,6 tkr or 2458000")
    number = re.sub(r"\s", "", match["number"])
    unit = (match["unit"] or "kr").lower()
    english = ("," in number and "." in number and number.rindex(",") < number.rindex(".")) or number.count(",") > 1 \
        or (unit in ("kr", "sek") and re.fullmatch(r"-?\d{1,3},\d{3}", number))
    if english:  # 12,500.00 or 1,250,000: read the Swedish way it would be 1000 times off
        raise ValueError(f"{value!r} looks like an amount written the English way (comma between thousands); "
                         "write it the Swedish way: 12 500 kr, 12500 or 12 500,50 kr")
    if "," in number:  # Swedish decimal comma; dots are then thousands separators
        number = number.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", number):  # 1.194 → 1194
        number = number.replace(".", "")
    try:
        amount = Decimal(number) * _UNITS[unit]
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount; write it like 2 458 000 kr, 975,6 tkr or 2458000") from None
    if amount < 0:
        raise ValueError(f"{value!r} is negative; amounts in a report are never below 0 kr")
    if amount > MAX_AMOUNT:
        raise ValueError(f"{value!r} is more than 10 000 mkr, far beyond any insats's economy; check the number "
                         "and its unit (kr, tkr, mkr)")
    return amount


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
#: Swedish month names as people write them in dates (``5 januari 2024``, ``5 jan. 2024``).
_MÅNADER = {name: i + 1 for i, names in enumerate([
    ("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",), ("juni", "jun"),
    ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
    ("december", "dec")]) for name in names}
_YMD = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})|(\d{4})\s+(\d{1,2})\s+(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*|\s+)(\d{4})")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s*\.?\s+([a-zåäö]+)\.?\s+(\d{4})", re.IGNORECASE)


def _wrong_day(year: int, month: int, day: int) -> str | None:
    """What is wrong with the date ``year-month-day``, in words; None if it exists."""
    import calendar

    if year < 1:  # 0000-01-01: the calendar has no year 0
        return "year 0 does not exist"
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "day 0 does not exist"
    if day > days:
        if month == 2 and day == 29:
            return f"{year} has no 29 February (February {year} has 28 days: it is not a leap year)"
        return f"{_MONTHS[month - 1]} {year} has {days} days"
    return None


def parse_date(value: Any) -> dt.date | None:
    """Dates as the forms ask for them, åååå-mm-dd, and the other ways that can mean one date
    only: year first (``2024-1-5``, ``2024/01/05``) or the month named (``5 januari 2024``).
    A day first in figures (``5/1 2024``: the 5th of January here, the 1st of May elsewhere) is
    refused with the date it would be, as is a month or day that does not exist."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    ymd, dmy, named = _YMD.fullmatch(text), _DMY.fullmatch(text), _D_MONTH_Y.fullmatch(text)
    if ymd:
        year, month, day = (int(n) for n in filter(None, ymd.groups()))
    elif dmy:
        day, month, year = (int(n) for n in dmy.groups())
    elif named and named[2].lower() in _MÅNADER:
        day, month, year = int(named[1]), _MÅNADER[named[2].lower()], int(named[3])
    else:
        raise ValueError(f"{value!r} is not a date; write it as åååå-mm-dd, e.g. 2021-12-31")
    wrong = _wrong_day(year, month, day)
    if wrong:
        raise ValueError(f"{value!r} is not a date: {wrong}")
    date = dt.date(year, month, day)
    if ymd or named:
        return date
    raise ValueError(f"{value!r}: write dates as åååå-mm-dd: for {day} {_MONTHS[month - 1]} {year}, "
                     f"{date.isoformat()}")


#: What may follow a count, as people write it: ``15 st``, ``15 personer``.
COUNT_UNITS = ("st", "st.", "stycken", "personer", "pers", "pers.", "deltagare")
_COUNT_UNIT = re.compile(rf"\s*(?:{'|'.join(map(re.escape, COUNT_UNITS))})\s*$", re.IGNORECASE)


#: A count is of people, events or organisations: ten digits are far past any insats.
MAX_COUNT_DIGITS = 10


def parse_count(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    text = re.sub(r"\s", "", _COUNT_UNIT.sub("", str(value)))
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"{value!r} is not a count; write a whole number such as 125")
    if len(text) > MAX_COUNT_DIGITS:  # nor would Python read it: over 4 300 digits it refuses, in its own words
        raise ValueError(f"a count of {len(text)} digits is far beyond any insats; check the number")
    return int(text)


@dataclass(frozen=True)
class Target:
    """A measurable goal's target, as a share (0.8) or a count: at least ``low``, at most
    ``high``, within both for a range (a gender balance of 40–60 %), exactly when they are equal."""

    low: Decimal | None
    high: Decimal | None

    def met(self, value) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self, show) -> str:
        """``80 %`` (at least), ``högst 10``, ``40–60 %``, ``exakt 50``, with ``show`` formatting a bound."""
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"exakt {show(self.low)}"
            low, high = show(self.low), show(self.high)
            if low.endswith("%") and high.endswith("%"):  # 40–60 %, the unit once
                low = low[:-1].rstrip("\u00a0 ")
            return f"{low}–{high}"
        return show(self.low) if self.low is not None else f"högst {show(self.high)}"


_AT_LEAST = r"minst|lägst|åtminstone|minimum|min\.?"
_AT_MOST = r"högst|maximalt|maximum|max\.?"
_EXACTLY = r"exakt|precis|just"
_NUMBER = r"\d+(?:[.,]\d+)?"
_TARGET = re.compile(
    rf"(?:(?P<word>{_AT_LEAST}|{_AT_MOST}|{_EXACTLY})\s+)?(?:mellan\s+)?(?P<a>{_NUMBER})\s*(?P<ua>%|procent)?"
    rf"(?:\s*(?:[-–—]|till|och)\s*(?P<b>{_NUMBER})\s*(?P<ub>%|procent)?)?", re.IGNORECASE)


def _target(value: Any, share: bool) -> Target | None:
    if value is None or isinstance(value, Target):
        return value
    text = " ".join(str(value).replace("\u00a0", " ").split())
    match = _TARGET.fullmatch(text)
    what = "a share" if share else "a count"
    example = "80 %, minst 80 %, högst 10 % or 40–60 %" if share else "50, minst 50, högst 10 or 10–20"
    if not match:
        raise ValueError(f"{value!r} is not {what}; write it like {example}")
    bounds = [Decimal(n.replace(",", ".")) for n in (match["a"], match["b"]) if n]
    if share:
        if not (match["ua"] or match["ub"]) and any(b < 1 for b in bounds if b):
            from engine.formatting import plain_number

            word = f"{match['word']} " if match["word"] else ""
            meant = "–".join(plain_number(b * 100 if b < 1 else b) for b in bounds)
            written = "–".join(plain_number(b) for b in bounds)
            raise ValueError(f"{value!r} is ambiguous: write {word}{meant} % (or {word}{written} % if that is meant)")
        bounds = [b / 100 for b in bounds]
        if any(b > 1 for b in bounds):
            raise ValueError(f"{value!r} is more than 100 %")
    elif any(b != b.to_integral_value() for b in bounds):
        raise ValueError(f"{value!r} is not a whole number; a count target is written like {example}")
    if len(bounds) == 2:
        if match["word"]:
            raise ValueError(f"{value!r}: a range needs no {match['word']!r}; write it like {example}")
        low, high = sorted(bounds)
        return Target(low, high)
    word = (match["word"] or "").lower().rstrip(".")
    if re.fullmatch(_AT_MOST, word):
        return Target(None, bounds[0])
    if re.fullmatch(_EXACTLY, word):
        return Target(bounds[0], bounds[0])
    return Target(bounds[0], None)


def parse_share_target(value: Any) -> Target | None:
    """``80 %`` (at least), ``minst 80 %``, ``högst 10 %``, ``40–60 %``; a bare 0,4 is refused as ambiguous."""
    return _target(value, share=True)


def parse_count_target(value: Any) -> Target | None:
    """``50`` (at least), ``minst 50``, ``högst 10``, ``exakt 12``, ``10–20``."""
    return _target(value, share=False)


def parse_text(value: Any) -> str | None:
    """Text as written, less the blank lines and trailing spaces around it (which no form shows)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.rstrip().lstrip("\n")
    raise ValueError("expected text here, not a list or a group of keys")


def parse_required_text(value: Any) -> str:
    if value is None:
        raise ValueError("missing; this key is required (~ and null mean no value)")
    value = parse_text(value)
    if value is None or not value.strip():
        raise ValueError("must not be empty")
    return value


Amount = Annotated[Decimal | None, BeforeValidator(parse_amount)]
Date = Annotated[dt.date | None, BeforeValidator(parse_date)]
ShareTarget = Annotated[Target | None, BeforeValidator(parse_share_target)]
CountTarget = Annotated[Target | None, BeforeValidator(parse_count_target)]
Count = Annotated[int | None, BeforeValidator(parse_count)]
Text = Annotated[str | None, BeforeValidator(parse_text)]
RequiredText = Annotated[str, BeforeValidator(parse_required_text)]


class Achieved(str, Enum):
    """Answer to "Har målen uppnåtts? Ja eller Nej" (Gävleborg also knows "delvis")."""

    YES = "ja"
    NO = "nej"
    PARTLY = "delvis"

    @classmethod
    def _missing_(cls, value):
        text = str(value).strip().lower()
        aliases = {"ja och nej": cls.PARTLY, "delvis uppnått": cls.PARTLY}
        return aliases.get(text) or next((m for m in cls if m.value == text), None)

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Verdict:
    """Whether a goal was met: the author's own words (``Ja (76 %)``, ``Ja och nej``), kept as
    written for the form, and what they say (ja/nej/delvis) for the checks."""

    value: Achieved
    text: str = ""  # as the author wrote it; empty for a verdict the engine computed

    @property
    def label(self) -> str:
        return (self.text[:1].upper() + self.text[1:]) if self.text else self.value.label


_VERDICT_WORD = re.compile(r"(ja|nej|delvis)\b", re.IGNORECASE)
#: Verdicts offered as a choice (``ja/nej``, ``ja, nej eller delvis``: a form's or the skeleton's
#: wording left in place), which is no verdict at all, unlike ``Ja och nej`` (partly).
_VERDICT_CHOICE = re.compile(r"\b(?:ja|nej|delvis)\s*(?:/|\beller\b)\s*(?:ja|nej|delvis)\b", re.IGNORECASE)


def parse_verdict(value: Any) -> Verdict | None:
    """``ja``, ``nej``, ``delvis``, or words that begin with one: ``Ja (76 %)``, ``Ja och nej``
    (partly), ``Nej, men …``."""
    if value is None or isinstance(value, Verdict):
        return value
    text = " ".join(str(value).split())
    words = [w.lower() for w in _VERDICT_WORD.findall(text)]
    if not words or not _VERDICT_WORD.match(text):
        raise ValueError(f"{str(value)!r} is not one of: ja, nej, delvis")
    if _VERDICT_CHOICE.search(text):
        raise ValueError(f"{str(value)!r} offers a choice of verdicts; keep the one that holds: ja, nej or delvis")
    kind = Achieved.PARTLY if len(set(words)) > 1 or "delvis" in words else Achieved(words[0])
    return Verdict(kind, text)


#: How Uppföljning Finsam classes an insats; one with both parts is registered as two.
KINDS = ("individinriktad", "strukturinriktad")


def parse_kinds(value: Any) -> list[str]:
    """``individinriktad``, ``strukturinriktad``, or both (a list, or ``individ- och strukturinriktad``)."""
    if value is None:
        return []
    words = value if isinstance(value, list) else re.split(r"\s*(?:,|\boch\b|&|/)\s*", str(value))
    kinds = []
    for word in (str(w).strip().lower() for w in words):
        if not word:
            continue
        kind = next((k for k in KINDS if word.startswith(k[:6])), None)
        if kind is None:
            raise ValueError(f"{word!r} is not a kind of insats; write individinriktad, strukturinriktad or both")
        if kind not in kinds:
            kinds.append(kind)
    return kinds


Kinds = Annotated[list[str], BeforeValidator(parse_kinds)]


def _promote(key: str):
    """Let an author write a bare string where a group is expected: ``- Arbetsförmedlingen``."""

    def before(cls, value):
        return {key: value} if isinstance(value, str) else value

    return model_validator(mode="before")(classmethod(before))


# --- people and parties -----------------------------------------------------------------

class Person(_Model):
    name: Text = Field(None, alias="namn", description="the person's name")
    phone: Text = Field(None, alias="telefon", description="telephone")
    email: Text = Field(None, alias="e-post", description="e-mail address")
    _from_text = _promote("namn")


class Signature(_Model):
    """A signature block; left blank where the signer writes by hand."""

    name: Text = Field(None, alias="namn", description="who signs")
    organisation: Text = Field(None, alias="organisation", description="the signer's organisation, if other than the party's")
    place: Text = Field(None, alias="ort", description="place of signing")
    date: Date = Field(None, alias="datum", description="date of signing")
    email: Text = Field(None, alias="e-post", description="the signer's e-mail address")


class Owner(_Model):
    """Insatsägare: the organisation responsible for carrying the insats out."""

    organisation: Text = Field(None, alias="organisation",
                               description="the owning organisation")  # a fresh report may not say it yet: a note, not an error
    workplace: Text = Field(None, alias="arbetsställe", description="workplace or unit")
    contacts: list[Person] = Field(default_factory=list, alias="kontaktpersoner",
                                   description="contact persons: `namn`, `telefon`, `e-post` of each")
    postal_code: Text = Field(None, alias="postnummer", description="postal code")
    postal_address: Text = Field(None, alias="postadress", description="postal address")
    signature: Signature = Field(default_factory=Signature, alias="underskrift", description="the owner's signature block")
    _from_text = _promote("organisation")


class Partner(_Model):
    """Samverkanspart."""

    organisation: RequiredText = Field(alias="organisation", description="the partner organisation")
    contact: Person | None = Field(None, alias="kontaktperson", description="its contact person: `namn`, `telefon`, `e-post`")
    signature: Signature = Field(default_factory=Signature, alias="underskrift", description="its signature block")
    _from_text = _promote("organisation")


# --- the report's sections ------------------------------------------------------------

class Period(_Model):
    start: Date = Field(None, alias="start", description="start date")
    end: Date = Field(None, alias="slut", description="end date")
    intake_end: Date = Field(None, alias="intag_slut", description="last date of intake of participants")
    comment: Text = Field(None, alias="kommentar", description="comment on the period (extensions …)")


class Indicator(_Model):
    """An indicator or sub-goal beside a goal, with its result."""

    indicator: RequiredText = Field(alias="indikator", description="the indicator or sub-goal")
    result: Text = Field(None, alias="resultat", description="its result")
    _from_text = _promote("indikator")


class Goal(_Model):
    """A goal; a measurable one carries a target (share or count) and its outcome ``utfall`` (``av``)."""

    heading: Text = Field(None, alias="rubrik", description="a heading that groups the goals below it")
    kind: Text = Field(None, alias="typ", description="the goal's kind (individmål, förnyelsemål, samverkansmål …)")
    text: RequiredText = Field(alias="mål", description="the goal")
    achieved: Annotated[Verdict | None, BeforeValidator(parse_verdict)] = Field(
        None, alias="uppnått",
        description="the verdict: `ja`, `nej`, `delvis`, or words that begin with one (`Ja (76 %)`); computed when left out")
    result: Text = Field(None, alias="resultat", description="the outcome, in words")
    target_share: ShareTarget = Field(None, alias="mål_andel",
                                      description="a measurable goal's target share (`80 %`, `högst 10 %`, `40–60 %`)")
    target_count: CountTarget = Field(None, alias="mål_antal",
                                      description="a measurable goal's target count (`50`, `högst 10`, `10–20`)")
    outcome: Count = Field(None, alias="utfall", description="the measured outcome (`utfall: 157`, with `av: 199`)")
    base: Count = Field(None, alias="av", description="what the outcome is counted of")
    indicators: list[Indicator] = Field(default_factory=list, alias="indikatorer",
                                        description="indicators or sub-goals beside the goal")
    _from_text = _promote("mål")


class TargetGroup(_Model):
    description: Text = Field(None, alias="beskrivning", description="the target group as applied for")
    change: Text = Field(None, alias="förändring", description="how it changed")
    _from_text = _promote("beskrivning")


class BeforeAfter(_Model):
    """One row of a before/after table: how many had this occupation or income, before and after."""

    category: RequiredText = Field(alias="kategori", description="the occupation or income source")
    before: Count = Field(None, alias="före", description="how many before")
    after: Count = Field(None, alias="efter", description="how many after")


class Structural(_Model):
    """Who a structural insats reached: no participants of its own, but staff, events, organisations."""

    staff: Count = Field(None, alias="personal", description="staff trained or taking part")
    activities: Count = Field(None, alias="aktiviteter", description="events held")
    organisations: Count = Field(None, alias="organisationer", description="organisations reached")
    comment: Text = Field(None, alias="kommentar", description="more about the structural parts")


class Participants(_Model):
    """Who took part, as reports count them: a total (split by gender or not) and the way
    through the insats, anvisade → inskrivna → avslutade (to work, studies …) or pågående."""

    women: Count = Field(None, alias="kvinnor", description="women taking part")
    men: Count = Field(None, alias="män", description="men taking part")
    other: Count = Field(None, alias="övriga", description="others, or gender not stated")
    stated_total: Count = Field(None, alias="totalt",  # as the author counted; checked against the sum
                                description="the number of participants as counted; checked against the sum of the counts")
    referred: Count = Field(None, alias="anvisade", description="referred to the insats (anvisade)")
    enrolled: Count = Field(None, alias="inskrivna", description="enrolled: the participants (default `totalt` or the counts)")
    ongoing: Count = Field(None, alias="pågående", description="still taking part at the report's date")
    ended: Count = Field(None, alias="avslutade", description="ended (default: the sum of `avslutade_till`)")
    ended_to: dict[str, Count] = Field(default_factory=dict, alias="avslutade_till",
                                       description="how many ended to each outcome (`{arbete: 12, studier: 5}`)")
    age_bands: dict[str, Count] = Field(default_factory=dict, alias="åldersgrupper",
                                        description="counts per age band (`{16–19: 12, 20–24: 30}`)")
    by_area: dict[str, Count] = Field(default_factory=dict, alias="per_kommun",
                                      description="counts per kommun or sub-project")  # or per sub-project
    structural: Structural = Field(default_factory=Structural, alias="strukturinriktat",
                                   description="whom a structural insats reached")
    occupation: list[BeforeAfter] = Field(default_factory=list, alias="sysselsättning",
                                          description="occupation before and after, one row per category")
    income: list[BeforeAfter] = Field(default_factory=list, alias="försörjning",
                                      description="source of income before and after, one row per category")
    comment: Text = Field(None, alias="kommentar", description="more about the participants")


class Methods(_Model):
    description: Text = Field(None, alias="beskrivning", description="the methods as applied for")
    change: Text = Field(None, alias="förändring", description="how they changed")
    as_planned: Text = Field(None, alias="som_planerat", description="were they used as intended?")
    _from_text = _promote("beskrivning")


class CostItem(_Model):
    item: RequiredText = Field(alias="post", description="the cost item")
    budget: Amount = Field(None, alias="budget", description="its budget")
    outcome: Amount = Field(None, alias="utfall", description="its outcome")
    year: Count = Field(None, alias="år", description="the year it belongs to")
    financier: Text = Field(None, alias="finansiär",
                            description="who paid: none or the förbund means the granted funds; others are övrig finansiering")


class ReturnedFunds(_Model):
    amount: Amount = Field(None, alias="belopp", description="amount returned to the förbund")
    reason: Text = Field(None, alias="varför", description="whether and why funds were returned")
    consequences: Text = Field(None, alias="konsekvenser", description="consequences of returning them")


class Economy(_Model):
    granted: Amount = Field(None, alias="beviljat", description="the förbund's funds granted")
    used: Amount = Field(None, alias="utnyttjat",
                         description="the förbund's funds used (default: the outcome of the cost items it paid)")
    costs: list[CostItem] = Field(default_factory=list, alias="kostnader", description="cost items, with budget and outcome")
    returned: ReturnedFunds = Field(default_factory=ReturnedFunds, alias="återförda_medel",
                                    description="funds returned to the förbund")
    comment: Text = Field(None, alias="kommentar", description="comment on budget and outcome")


class Lesson(_Model):
    party: Text = Field(None, alias="part", description="whose lessons (a party)")
    text: RequiredText = Field(alias="text", description="the lessons")
    _from_text = _promote("text")


class Reporter(_Model):
    name: Text = Field(None, alias="namn", description="who reported")
    date: Date = Field(None, alias="datum", description="the report's date")


class Attachment(_Model):
    title: RequiredText = Field(alias="titel", description="the attachment's title")
    file: Text = Field(None, alias="fil", description="its file, in the source's folder")
    _from_text = _promote("titel")


class Insats(_Model):
    """One insats's final report, independent of any förbund's form."""

    name: Text = Field(None, alias="namn",
                       description="the insats's name")  # unanswered in a fresh report: a note, as every form asks it
    case_number: Text = Field(None, alias="diarienummer", description="the förbund's case number")
    forbund: RequiredText = Field(alias="förbund",
                                  description="the layout to fill in (`--forbund` names it on the command line instead)")
    summary: Text = Field(None, alias="sammanfattning", description="a short summary of the insats")
    kind: Kinds = Field(default_factory=list, alias="insatstyp",
                        description="`individinriktad`, `strukturinriktad` or both, as Uppföljning Finsam registers it")
    period: Period = Field(default_factory=Period, alias="insatstid", description="the insats's period")
    owner: Owner = Field(default_factory=Owner, alias="insatsägare",
                         description="insatsägare: the organisation carrying the insats out")
    partners: list[Partner] = Field(default_factory=list, alias="samverkansparter", description="the samverkansparter")
    purpose: Text = Field(None, alias="syfte", description="the purpose, as in the application")
    background: Text = Field(None, alias="bakgrund", description="background: the need")
    need_change: Text = Field(None, alias="förändrat_behov", description="how the need changed")
    goals: list[Goal] = Field(default_factory=list, alias="mål", description="the goals, each with its verdict and result")
    target_group: TargetGroup = Field(default_factory=TargetGroup, alias="målgrupp", description="the target group")
    participants: Participants = Field(default_factory=Participants, alias="deltagare", description="the participants, counted")
    equality: Text = Field(None, alias="jämställdhet", description="gender equality and equity")
    methods: Methods = Field(default_factory=Methods, alias="metod", description="the methods")
    follow_up: Text = Field(None, alias="uppföljning", description="follow-up and evaluation of the goals")
    implementation: Text = Field(None, alias="implementering", description="how the results are kept in regular operations")
    user_involvement: Text = Field(None, alias="brukarmedverkan", description="user involvement")
    success_factors: Text = Field(None, alias="framgångsfaktorer", description="success factors and positive effects")
    system_faults: Text = Field(None, alias="systemfel", description="system faults that affected the results")
    deviations: Text = Field(None, alias="avvikelser", description="deviations from the plan")
    time_plan: Text = Field(None, alias="tidsplan",  # whether the time and activity plan was followed
                            description="whether the time and activity plan was followed")
    cooperation: Text = Field(None, alias="samverkan",
                              description="how the parties' cooperation worked")  # how the parties' cooperation worked
    steering: Text = Field(None, alias="styrning",  # organisation and steering: styrgrupp, projektledning
                           description="organisation and steering (styrgrupp, projektledning)")
    horizontal: Text = Field(None, alias="horisontella_kriterier",  # diversity, accessibility, environment …
                             description="diversity, accessibility, environment, children and young people")
    unexpected_effects: Text = Field(None, alias="oväntade_effekter", description="unexpected effects")
    socio_economic_effects: Text = Field(None, alias="samhällsekonomiska_effekter",
                                         description="socio-economic effects (saved försörjningsstöd …)")
    spreading: Text = Field(None, alias="spridning",
                            description="how results and experience were spread")  # how results and experience were spread
    afterwards: Text = Field(None, alias="efter_insatsen",  # continuation, future financing
                             description="what happens after the insats: continuation, future financing")
    other: Text = Field(None, alias="övrigt", description="other remarks")
    economy: Economy = Field(default_factory=Economy, alias="ekonomi", description="the economy")
    lessons: list[Lesson] = Field(default_factory=list, alias="lärdomar", description="lessons and experience, per party")
    reporter: Reporter = Field(default_factory=Reporter, alias="uppgiftslämnare", description="who reported, and when")
    attachments: list[Attachment] = Field(default_factory=list, alias="bilagor", description="attachments")
