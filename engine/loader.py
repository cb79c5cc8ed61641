"""Source file → validated :class:`Insats`, with every problem located in the file."""

from __future__ import annotations

import difflib
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, SourceError, dotted
from engine.model import Insats
from engine.sources import read_source
from engine.sources.located import Located

_MESSAGES = {
    "missing": "missing; this key is required",
    "string_type": "expected text here",
    "list_type": "expected a list (lines starting with '- ')",
    "model_type": "expected a group of keys here",
    "model_attributes_type": "expected a group of keys here",
    "dict_type": "expected a group of keys here",
}


def load(file: Path) -> tuple[Insats, Located]:
    """Read and validate one source; raise :class:`SourceError` listing every problem."""
    from engine.layouts import question_headings

    located = read_source(file, question_headings())
    try:
        return Insats.model_validate(located.data), located
    except ValidationError as exc:
        problems = [_problem(located, err) for err in exc.errors()]
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise SourceError(problems) from None


def _problem(located: Located, err: dict) -> Problem:
    loc = tuple(err["loc"])
    line, col = located.mark(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}" + _suggest(loc)
    elif kind == "enum":
        message = f"{err['input']!r} is not one of: ja, nej, delvis"
    elif kind == "value_error":
        message = str(err["ctx"]["error"])
    else:
        message = _MESSAGES.get(kind, err["msg"])
    return Problem(located.file, line, col, dotted(loc), message)


def _suggest(loc: tuple) -> str:
    """`` (did you mean 'syfte'?)`` — from the keys valid where the unknown one stands."""
    valid = _keys_at(Insats, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f"; valid keys here: {', '.join(sorted(valid))}" if valid else ""


def _keys_at(model: type[BaseModel], path: tuple) -> list[str]:
    for part in path:
        if isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        model = _model_of(field.annotation)
        if model is None:
            return []
    return [f.alias for f in model.model_fields.values()]


def _model_of(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
