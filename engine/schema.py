"""``slutrapport schema``: a JSON Schema for sources, generated from the model.

It accepts what the reader accepts — amounts as numbers or Swedish strings, dates as
åååå-mm-dd, verdicts as ja/nej/delvis, a bare string where a group can be written as one
(``- Arbetsförmedlingen``) — and refuses unknown keys, as the model does. Descriptions are
Swedish: the questions of the forms each key answers, so that an editor
(yaml-language-server) explains a key by the form's own wording.
"""

from __future__ import annotations

import json
import re
import typing

from pydantic import BaseModel

from engine.layouts.declaration import _item, bare
from engine.model import COUNT_UNITS, Insats

SCHEMA_ID = "https://slutrapport.invalid/schema/source.json"  # names the schema; nothing is fetched from it
FILE_NAME = "slutrapport.schema.json"

_NULL = {"type": "null"}
_TEXT = {"type": ["string", "number", "boolean", "null"]}


def _ci(word: str) -> str:
    """``kr`` → ``[kK][rR]``: JSON Schema's regular expressions have no flag for case."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


_KR = f"(?:[kKtTmM]?{_ci('kr')}|{_ci('sek')})"
# The reader refuses these as the English way of writing (engine.model.parse_amount): a comma
# before a dot, two commas, or one comma before three digits in kronor (12,500 kr).
_ENGLISH = [r",.*\.", r",.*,", rf"^\s*(\d\s*){{1,3}},(\s*\d){{3}}\s*(?:{_ci('kr')}|{_ci('sek')})?(:-)?\s*$"]
_AMOUNT = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 10_000_000_000},
                     {"type": "string", "pattern": rf"^\s*[\d\s.,\u00a0\u202f]*\d\s*{_KR}?(:-)?\s*$",
                      "not": {"anyOf": [{"pattern": p} for p in _ENGLISH]}},
                     _NULL],
           "description": "belopp: 2 458 000 kr, 975,6 tkr eller 2458000"}
# Dates as engine.model.parse_date reads them: year first, by - . / or spaces, or the month named;
# days that exist (31 in the long months, 30 in the short, 28 in February, the 29th in a leap year).
_LEAP = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_D31, _D30, _D28 = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|[12]\d|30)", r"(?:0?[1-9]|1\d|2[0-8])"


def _ymd(sep: str) -> str:
    return (rf"(?:\d{{4}}{sep}(?:(?:0?[13578]|1[02]){sep}{_D31}|(?:0?[469]|11){sep}{_D30}|0?2{sep}{_D28})"
            rf"|{_LEAP}{sep}0?2{sep}29)")


def _named(months: tuple[str, ...]) -> str:
    from engine.model import _MÅNADER

    names = "|".join(_ci(name) for name, number in _MÅNADER.items() if number in months)
    return rf"\s*\.?\s+(?:{names})\.?\s+"


_DAY = "|".join([_ymd(r"\s*[-./]\s*"), _ymd(r"\s+"),
                 rf"{_D31}{_named((1, 3, 5, 7, 8, 10, 12))}\d{{4}}", rf"{_D30}{_named((4, 6, 9, 11))}\d{{4}}",
                 rf"{_D28}{_named((2,))}\d{{4}}", rf"0?29{_named((2,))}{_LEAP}"])
_DATE = {"anyOf": [{"type": "string", "pattern": rf"^\s*(?:{_DAY})\s*$"}, _NULL],
         "description": "datum: åååå-mm-dd (eller 5 januari 2024)"}
_UNITS = "|".join(map(_ci, COUNT_UNITS))
_COUNT = {"anyOf": [{"type": "integer", "minimum": 0},
                    {"type": "string", "pattern": rf"^\s*\d[\d\s]*(?:{_UNITS})?\s*$"}, _NULL],
          "description": "antal: ett heltal"}
_VERDICTS = f"(?:{_ci('ja')}|{_ci('nej')}|{_ci('delvis')})"
_VERDICT = {"anyOf": [{"type": "string", "pattern": rf"^\s*{_VERDICTS}\b",
                       "not": {"pattern": rf"\b{_VERDICTS}\s*(?:/|\b{_ci('eller')}\b)\s*{_VERDICTS}\b"}}, _NULL],
            "description": "ja, nej eller delvis (orden kan följas av en förklaring: Ja (76 %))"}


def _target(number: str, unit: str | None = None) -> str:
    """The grammar of engine.model's targets (``minst 80 %``, ``högst 10``, ``40–60 %``), without
    case: a word of bound and one number, or a range of two without one."""
    words = "|".join(_ci(w) + (r"\.?" if w in ("min", "max") else "") for w in
                     ("minst", "lägst", "åtminstone", "minimum", "min", "högst", "maximalt", "maximum", "max",
                      "exakt", "precis", "just"))
    bound = number + (rf"(?:\s*{unit})?" if unit else "")
    one = rf"(?:{_ci('mellan')}\s+)?{bound}"
    joint = rf"\s*(?:[-–—]|{_ci('till')}|{_ci('och')})\s*"
    return rf"^\s*(?:(?:{words})\s+{one}|{one}(?:{joint}{bound})?)\s*$"


_PERCENT = rf"(?:%|{_ci('procent')})"
# A share is at most 100; a nonzero share below 1 with no % anywhere (0,4) is refused as ambiguous.
_SHARE_TARGET = {"anyOf": [{"type": "number", "anyOf": [{"const": 0}, {"minimum": 1, "maximum": 100}]},
                           {"type": "string", "pattern": _target(r"0*(?:100(?:[.,]0+)?|\d{1,2}(?:[.,]\d+)?)", _PERCENT),
                            "not": {"allOf": [{"pattern": r"(?:^|[^\d.,])0+[.,]0*[1-9]"},
                                              {"not": {"pattern": _PERCENT}}]}},
                           _NULL],
                 "description": "mål: 80 %, minst 80 %, högst 10 % eller 40–60 %"}
_COUNT_TARGET = {"anyOf": [{"type": "integer", "minimum": 0},
                           {"type": "string", "pattern": _target(r"\d+(?:[.,]0+)?")}, _NULL],
                 "description": "mål: 50, minst 50, högst 10 eller 10–20"}
# Each word, split on , och & /, begins as individinriktad or strukturinriktad does (parse_kinds).
_KIND = rf"(?:{_ci('indivi')}|{_ci('strukt')})(?:(?!\s*(?:[,&/]|\b{_ci('och')}\b)).)*"
_KIND_SEP = rf"\s*(?:[,&/]|\b{_ci('och')}\b)\s*"
_KINDS = {"anyOf": [{"type": "string", "pattern": rf"^\s*{_KIND}(?:{_KIND_SEP}(?:{_KIND})?)*\s*$"},
                    {"type": "array", "items": {"type": "string", "pattern": rf"^\s*{_KIND}\s*$"}}, _NULL],
          "description": "individinriktad, strukturinriktad eller båda"}
#: The model's parsers (by name) → the schema of what each accepts.
_PARSERS = {"parse_amount": _AMOUNT, "parse_date": _DATE, "parse_count": _COUNT, "parse_verdict": _VERDICT,
            "parse_share_target": _SHARE_TARGET, "parse_count_target": _COUNT_TARGET, "parse_kinds": _KINDS}


def _questions() -> dict[str, list[str]]:
    """Source key → "layout: question" for every layout's question that shows it."""
    from engine import layouts
    from engine.layouts.declaration import LayoutError

    found: dict[str, list[str]] = {}
    for layout_id in layouts.available():
        try:
            layout = layouts.get(layout_id)
        except LayoutError:
            continue
        for question in layout.questions:
            for key in layout.answered_by(question):
                found.setdefault(key, []).append(f"{layout_id}: {question.label}")
    return found


def validators(field) -> str:
    """The names of a model field's own parsers (pydantic keeps them apart from its type)."""
    return " ".join(getattr(getattr(m, "func", None), "__name__", "") for m in field.metadata)


def parser_names(annotation) -> list[str]:
    """The model's parsers named in ``annotation`` (or a text of it), by whole name: parse_count is
    not parse_count_target."""
    return re.findall(r"parse_\w+", str(annotation))


def _scalar(annotation) -> dict:
    """The schema of one value, by the parser the model reads it with."""
    for name in parser_names(annotation):
        if name in _PARSERS:
            return dict(_PARSERS[name])
    return dict(_TEXT)


def _promoted(model: type[BaseModel]) -> bool:
    """Whether a bare string may stand for the group (``_promote`` in the model)."""
    return "_from_text" in model.__pydantic_decorators__.model_validators


def _model(model: type[BaseModel], path: str, questions: dict) -> dict:
    properties = {}
    for field in model.model_fields.values():
        key = f"{path}{field.alias}"
        properties[field.alias] = _field(field.annotation, key, questions, validators(field))
        said = [f"Frågor: {'; '.join(questions[key])}"] if key in questions else []
        below = sorted({q for k, qs in questions.items() if k.startswith(key + ".") for q in qs})
        if not said and below:
            said = [f"Frågor: {'; '.join(below[:6])}" + (" …" if len(below) > 6 else "")]
        described = "\n".join(filter(None, [properties[field.alias].get("description"), *said]))
        if described:
            properties[field.alias]["description"] = described
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    required = [f.alias for f in model.model_fields.values() if f.is_required()]
    if required:
        schema["required"] = required
    if _promoted(model):
        return {"anyOf": [schema, {"type": "string"}]}
    return schema


def _field(annotation, key: str, questions: dict, parsers: str = "") -> dict:
    """``parsers``: the names of the field's own parsers (:func:`validators`)."""
    inner = _item(annotation)
    origin = typing.get_origin(bare(annotation))
    if "parse_kinds" in parsers:
        return dict(_KINDS)
    if origin is list:
        item = _model(inner, key + ".", questions) if _is_model(inner) else _scalar(inner)
        return {"type": "array", "items": item}
    if origin is dict:
        return {"type": "object", "additionalProperties": _scalar(typing.get_args(bare(annotation))[1]),
                "description": "kategori: antal"}
    if _is_model(inner):
        schema = _model(inner, key + ".", questions)
        return {"anyOf": [schema, _NULL]} if "anyOf" not in schema else {"anyOf": schema["anyOf"] + [_NULL]}
    return _scalar(f"{annotation} {parsers}")


def _is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def schema() -> dict:
    """The JSON Schema (draft 2020-12) of a source: YAML, or a Markdown source's front matter."""
    from engine import layouts

    body = _model(Insats, "", _questions())
    body["properties"]["förbund"]["description"] = (
        "Vilket förbunds blankett rapporten fylls i på: " + ", ".join(layouts.available()))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "Slutrapport: källfil för en insats", **body}


def text() -> str:
    """The schema as the file ``new`` and ``schema`` write: stable bytes for the same engine."""
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
