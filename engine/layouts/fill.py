"""A declaration + an insats → the template's context: each tag filled as its spec says.

Plain texts come out as ``str``, answers as :class:`~engine.prose.Prose`, rows as lists of
dicts; a tag with dots (``owner.organisation``) becomes a group. Nothing here knows a form.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from engine.compute import Figures
from engine.formatting import date, kr, percent, tkr
from engine.layouts.declaration import Declaration, Part, Spec, aliases
from engine.layouts.pieces import PIECES
from engine.model import Insats, Verdict
from engine.prose import Picture, Prose, escape

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐


class _Scope:
    """Where parts are looked up: the insats (and its figures, for pieces), the layout's own
    data, and inside rows the item."""

    def __init__(self, insats: Insats, figures: Figures, data: dict, item=None, number: int | None = None):
        self.insats, self.figures, self.data, self.item, self.number = insats, figures, data, item, number

    def row(self, item, number: int) -> _Scope:
        return _Scope(self.insats, self.figures, self.data, item, number)

    def values(self, ref: str, fmt: str | None = None) -> list:
        """Every value ``ref`` names (a key through lists gives one per item)."""
        if ref.startswith("="):
            name = ref[1:]
            if name == "nummer":
                return [self.number]
            value = PIECES[name].compute(self.insats, self.figures, self.item, fmt)
            return value if isinstance(value, list) else [value]
        if ref.startswith("@"):
            return _walk(self.data, ref[1:].split("."))
        return _walk(self.insats if self.item is None else self.item, ref.split("."))


def _walk(node, keys: list[str]) -> list:
    if isinstance(node, list):
        return [v for item in node for v in _walk(item, keys)]
    if not keys:
        return [node]
    if isinstance(node, BaseModel):
        name = aliases(type(node)).get(keys[0])
        return _walk(getattr(node, name), keys[1:]) if name else []
    if isinstance(node, dict):
        return _walk(node.get(keys[0]), keys[1:]) if keys[0] in node else []
    return []


def text_of(value, fmt: str | None = None) -> str:
    """A value as a form shows it: Swedish amounts, åååå-mm-dd dates, verdicts as written."""
    if fmt in ("kryss-ja", "kryss-nej"):
        return CHECKED if value is (fmt == "kryss-ja") else UNCHECKED
    if value is None:
        return ""
    if fmt == "versaler":
        return text_of(value).upper()
    if fmt == "procent":
        return percent(value)
    if isinstance(value, bool) or fmt == "ja/nej":
        return {True: "Ja", False: "Nej"}.get(value, str(value))
    if isinstance(value, Decimal):
        return tkr(value) if fmt == "tkr" else kr(value)
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, Verdict):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ", ".join(text_of(v, fmt) for v in value)
    return str(value)


def _state(values: list) -> str:
    """A condition's view of a value: ja (true, or any other value), nej (false), tomt (none)."""
    value = next((v for v in values if v is not None and v != ""), None)
    if value is None or value == []:
        return "tomt"
    if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
        return value.strip().lower()
    return "nej" if value is False else "ja"


def _holds(spec: Spec, scope: _Scope) -> bool:
    if spec.when is None:
        return True
    met = _state(scope.values(spec.when.part.ref)) == spec.when.value
    return met != spec.when.negated


def holds(spec: Spec, insats: Insats, figures: Figures, data: dict) -> bool:
    """Whether a tag's ``när:`` holds for ``insats`` (a tag without one always shows)."""
    return _holds(spec, _Scope(insats, figures, data))


def empty(spec: Spec):
    return {"text": "", "svar": Prose(), "rader": [], "lista": []}[spec.kind]


def evaluate(spec: Spec, scope: _Scope):
    if not _holds(spec, scope):
        return empty(spec)
    return {"text": _text, "svar": _answer, "rader": _rows, "lista": _list}[spec.kind](spec, scope)


def _part_texts(part: Part, scope: _Scope, fmt: str | None) -> list[str]:
    if part.spec is not None:
        return [evaluate(part.spec, scope)]
    return [text_of(v, fmt) for v in scope.values(part.ref, fmt)]


def _text(spec: Spec, scope: _Scope) -> str:
    found = []
    for part in spec.parts:
        # A key holding a list (insatstyp, each contact's name) is one part: its values a list in the
        # line, by skiljetecken where given, else by commas (a space would run them together).
        texts = [t for t in _part_texts(part, scope, spec.format) if t]
        if texts and spec.first:
            found = [spec.values_separator.join(texts)]
            break
        found += [spec.values_separator.join(texts)] if texts else []
    joined = spec.separator.join(found)
    return spec.pattern.replace("{}", joined) if joined and spec.pattern else joined


def _answer(spec: Spec, scope: _Scope) -> Prose:
    if spec.each:
        items, heading, key = spec.each
        texts = []
        for item in scope.values(items):
            inner = scope.row(item, None)
            title = text_of(next(iter(inner.values(heading)), None)) if heading else ""
            body = text_of(next(iter(inner.values(key)), None))
            texts.append(f"**{escape(title)}**\n\n{body}" if title else body)
        return Prose(*texts)
    texts = []
    for part in spec.parts:
        if part.spec is not None:
            value = evaluate(part.spec, scope)
            texts += list(value) if isinstance(value, Prose) else [escape(value)]
        elif part.ref.startswith("="):  # pieces give Markdown, pictures, or a value to show as text
            values = scope.values(part.ref, spec.format)
            texts += [v if isinstance(v, (str, Picture)) else escape(text_of(v, spec.format)) for v in values]
        else:
            texts += [v if isinstance(v, str) else escape(text_of(v, spec.format)) for v in scope.values(part.ref)
                      if v is not None]
    return Prose(*texts)


def _list(spec: Spec, scope: _Scope) -> list[str]:
    out = [t for part in spec.parts for t in _part_texts(part, scope, spec.format) if t]
    if not out and spec.empty_row is not None:
        return [""]
    return out


def _rows(spec: Spec, scope: _Scope) -> list[dict]:
    items = scope.values(spec.parts[0].ref)
    if spec.only_with:
        items = [item for item in items if any(text_of(v) for v in scope.row(item, None).values(spec.only_with))]
    rows, previous = [], {}
    for number, item in enumerate(items, start=1):
        inner, row = scope.row(item, number), {}
        for name, field_spec in spec.fields.items():
            value = evaluate(field_spec, inner)
            if field_spec.when_changed:
                value, previous[name] = ("" if value == previous.get(name, "") else value), value
            _place(row, name, value)
        rows.append(row)
    if not rows and spec.empty_row is not None:
        row = {}
        for name, field_spec in spec.fields.items():
            _place(row, name, spec.empty_row.get(name, empty(field_spec)))
        rows.append(row)
    return rows


def _place(context: dict, tag: str, value) -> None:
    *groups, name = tag.split(".")
    for group in groups:
        context = context.setdefault(group, {})
    context[name] = value


def context(declaration: Declaration, insats: Insats, figures: Figures, data: dict) -> dict:
    """The context of every tag the declaration names, for ``insats`` with its ``figures``."""
    scope, out = _Scope(insats, figures, data), {}
    for tag, spec in declaration.all_tags.items():
        _place(out, tag, evaluate(spec, scope))
    return out
