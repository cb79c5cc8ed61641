"""The canonical model of one insats: the union of what the förbund's final-report forms ask.

Attribute names are English; each field's alias is the Swedish key an author writes in a
source, as the forms say it. Readers hand in plain text scalars (see ``sources``) and the
validators here give them meaning: amounts the Swedish way, dates as åååå-mm-dd, goal
verdicts as ja/nej/delvis. Layouts read this model and never the source.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


# --- scalar types ---------------------------------------------------------------------

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
    if "," in number:  # Swedish decimal comma; dots are then thousands separators
        number = number.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", number):  # 1.194 → 1194
        number = number.replace(".", "")
    try:
        amount = Decimal(number) * _UNITS[(match["unit"] or "kr").lower()]
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount; write it like 2 458 000 kr, 975,6 tkr or 2458000") from None
    if amount < 0:
        raise ValueError(f"{value!r} is negative; amounts in a report are never below 0 kr")
    return amount


def parse_date(value: Any) -> dt.date | None:
    """Dates as the forms ask for them: åååå-mm-dd."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as åååå-mm-dd, e.g. 2021-12-31") from None


def parse_count(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    text = re.sub(r"\s", "", str(value))
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"{value!r} is not a count; write a whole number such as 125")
    return int(text)


def parse_share(value: Any) -> Decimal | None:
    """A target share: ``80 %``, ``80%``, ``80 procent`` or ``80`` → 0.80."""
    if value is None or isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", " ")
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(%|procent)?", text)
    if not match:
        raise ValueError(f"{value!r} is not a share; write it like 80 %")
    share = Decimal(match[1].replace(",", ".")) / 100
    if share > 1:
        raise ValueError(f"{value!r} is more than 100 %")
    return share


def parse_text(value: Any) -> str | None:
    """Text as written, less the blank lines and trailing spaces around it (which no form shows)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.rstrip().lstrip("\n")
    raise ValueError("expected text here, not a list or a group of keys")


def parse_required_text(value: Any) -> str:
    value = parse_text(value)
    if value is None or not value.strip():
        raise ValueError("must not be empty")
    return value


Amount = Annotated[Decimal | None, BeforeValidator(parse_amount)]
Date = Annotated[dt.date | None, BeforeValidator(parse_date)]
Share = Annotated[Decimal | None, BeforeValidator(parse_share)]
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


def _promote(key: str):
    """Let an author write a bare string where a group is expected: ``- Arbetsförmedlingen``."""

    def before(cls, value):
        return {key: value} if isinstance(value, str) else value

    return model_validator(mode="before")(classmethod(before))


# --- people and parties -----------------------------------------------------------------

class Person(_Model):
    name: Text = Field(None, alias="namn")
    phone: Text = Field(None, alias="telefon")
    email: Text = Field(None, alias="e-post")
    _from_text = _promote("namn")


class Signature(_Model):
    """A signature block; left blank where the signer writes by hand."""

    name: Text = Field(None, alias="namn")
    organisation: Text = Field(None, alias="organisation")
    place: Text = Field(None, alias="ort")
    date: Date = Field(None, alias="datum")
    email: Text = Field(None, alias="e-post")


class Owner(_Model):
    """Insatsägare: the organisation responsible for carrying the insats out."""

    organisation: RequiredText = Field(alias="organisation")
    workplace: Text = Field(None, alias="arbetsställe")
    contacts: list[Person] = Field(default_factory=list, alias="kontaktpersoner")
    postal_code: Text = Field(None, alias="postnummer")
    postal_address: Text = Field(None, alias="postadress")
    signature: Signature = Field(default_factory=Signature, alias="underskrift")
    _from_text = _promote("organisation")


class Partner(_Model):
    """Samverkanspart."""

    organisation: RequiredText = Field(alias="organisation")
    contact: Person | None = Field(None, alias="kontaktperson")
    signature: Signature = Field(default_factory=Signature, alias="underskrift")
    _from_text = _promote("organisation")


# --- the report's sections ------------------------------------------------------------

class Period(_Model):
    start: Date = Field(None, alias="start")
    end: Date = Field(None, alias="slut")
    intake_end: Date = Field(None, alias="intag_slut")
    comment: Text = Field(None, alias="kommentar")


class Goal(_Model):
    """A goal; a measurable one carries a target (share or count) and its outcome ``utfall`` (``av``)."""

    heading: Text = Field(None, alias="rubrik")
    text: RequiredText = Field(alias="mål")
    achieved: Achieved | None = Field(None, alias="uppnått")
    result: Text = Field(None, alias="resultat")
    target_share: Share = Field(None, alias="mål_andel")
    target_count: Count = Field(None, alias="mål_antal")
    outcome: Count = Field(None, alias="utfall")
    base: Count = Field(None, alias="av")
    _from_text = _promote("mål")


class TargetGroup(_Model):
    description: Text = Field(None, alias="beskrivning")
    change: Text = Field(None, alias="förändring")
    _from_text = _promote("beskrivning")


class BeforeAfter(_Model):
    """One row of a before/after table: how many had this occupation or income, before and after."""

    category: RequiredText = Field(alias="kategori")
    before: Count = Field(None, alias="före")
    after: Count = Field(None, alias="efter")


class Participants(_Model):
    women: Count = Field(None, alias="kvinnor")
    men: Count = Field(None, alias="män")
    other: Count = Field(None, alias="övriga")
    stated_total: Count = Field(None, alias="totalt")  # as the author counted; checked against the sum
    ended: Count = Field(None, alias="avslutade")
    ended_to: dict[str, Count] = Field(default_factory=dict, alias="avslutade_till")
    occupation: list[BeforeAfter] = Field(default_factory=list, alias="sysselsättning")
    income: list[BeforeAfter] = Field(default_factory=list, alias="försörjning")
    comment: Text = Field(None, alias="kommentar")


class Methods(_Model):
    description: Text = Field(None, alias="beskrivning")
    change: Text = Field(None, alias="förändring")
    as_planned: Text = Field(None, alias="som_planerat")
    _from_text = _promote("beskrivning")


class CostItem(_Model):
    item: RequiredText = Field(alias="post")
    budget: Amount = Field(None, alias="budget")
    outcome: Amount = Field(None, alias="utfall")
    year: Count = Field(None, alias="år")
    financier: Text = Field(None, alias="finansiär")


class ReturnedFunds(_Model):
    amount: Amount = Field(None, alias="belopp")
    reason: Text = Field(None, alias="varför")
    consequences: Text = Field(None, alias="konsekvenser")


class Economy(_Model):
    granted: Amount = Field(None, alias="beviljat")
    used: Amount = Field(None, alias="utnyttjat")
    costs: list[CostItem] = Field(default_factory=list, alias="kostnader")
    returned: ReturnedFunds = Field(default_factory=ReturnedFunds, alias="återförda_medel")
    comment: Text = Field(None, alias="kommentar")


class Lesson(_Model):
    party: Text = Field(None, alias="part")
    text: RequiredText = Field(alias="text")
    _from_text = _promote("text")


class Reporter(_Model):
    name: Text = Field(None, alias="namn")
    date: Date = Field(None, alias="datum")


class Attachment(_Model):
    title: RequiredText = Field(alias="titel")
    file: Text = Field(None, alias="fil")
    _from_text = _promote("titel")


class Insats(_Model):
    """One insats's final report, independent of any förbund's form."""

    name: RequiredText = Field(alias="namn")
    case_number: Text = Field(None, alias="diarienummer")
    forbund: RequiredText = Field(alias="förbund")
    period: Period = Field(default_factory=Period, alias="insatstid")
    owner: Owner = Field(alias="insatsägare")
    partners: list[Partner] = Field(default_factory=list, alias="samverkansparter")
    purpose: Text = Field(None, alias="syfte")
    background: Text = Field(None, alias="bakgrund")
    need_change: Text = Field(None, alias="förändrat_behov")
    goals: list[Goal] = Field(default_factory=list, alias="mål")
    target_group: TargetGroup = Field(default_factory=TargetGroup, alias="målgrupp")
    participants: Participants = Field(default_factory=Participants, alias="deltagare")
    equality: Text = Field(None, alias="jämställdhet")
    methods: Methods = Field(default_factory=Methods, alias="metod")
    follow_up: Text = Field(None, alias="uppföljning")
    implementation: Text = Field(None, alias="implementering")
    user_involvement: Text = Field(None, alias="brukarmedverkan")
    success_factors: Text = Field(None, alias="framgångsfaktorer")
    system_faults: Text = Field(None, alias="systemfel")
    deviations: Text = Field(None, alias="avvikelser")
    economy: Economy = Field(default_factory=Economy, alias="ekonomi")
    lessons: list[Lesson] = Field(default_factory=list, alias="lärdomar")
    reporter: Reporter = Field(default_factory=Reporter, alias="uppgiftslämnare")
    attachments: list[Attachment] = Field(default_factory=list, alias="bilagor")
