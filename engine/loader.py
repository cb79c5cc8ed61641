"""Source file → validated :class:`Insats`, with every problem located in the file."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from engine.errors import Problem, SourceError, dotted
from engine.markdown import MAX_DEPTH, too_deep
from engine.model import Insats
from engine.sources import clean, read_source, unprinted
from engine.sources.yaml_source import COMMENT_AFTER_VALUE
from engine.sources.located import Located

_MESSAGES = {
    "missing": "missing; this key is required",
    "string_type": "expected text here",
    "list_type": "expected a list (lines starting with '- ')",
    "model_type": "expected a group of keys here",
    "model_attributes_type": "expected a group of keys here",
    "dict_type": "expected a group of keys here",
}


def load(file: Path, forbund: str | None = None) -> tuple[Insats, Located]:
    """Read and validate one source; raise :class:`SourceError` listing every problem.

    ``forbund``: the form the command line names (``--forbund``), which stands in for a
    ``förbund:`` the source leaves out. Warnings found while reading (characters removed, text
    no form would print) are kept on ``located.warnings``."""
    from engine.layouts import question_headings

    located = read_source(file, question_headings(), forbund)
    if forbund and located.data.get("förbund") is None:
        located.data["förbund"] = forbund
    located.warnings.extend(clean(located, located.removed))
    _limit(located)
    located.warnings.extend(unprinted(located))
    try:
        insats = Insats.model_validate(located.data)
    except ValidationError as exc:
        problems = [_problem(located, err) for err in exc.errors()]
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise SourceError(problems) from None
    located.warnings[:] = [w for w in located.warnings if w.message != COMMENT_AFTER_VALUE or _read_as_text(w.path)]
    _check_paths(insats, located)
    return insats, located


def _read_as_text(key: str) -> bool:
    """Whether the value at ``key`` (``mål[2].utfall``) is text, which a comment could be more of;
    a count, date, amount or target is not (``kvinnor: 12 # antal`` is the skeleton's guidance kept)."""
    import datetime as dt
    from decimal import Decimal

    from engine.layouts.declaration import _item, model_path
    from engine.model import Target

    key = re.sub(r"\[\d+\]", "", key)
    value = model_path(key)
    if value is None and "." in key:  # a category's count: deltagare.avslutade_till.arbete
        group = model_path(key.rpartition(".")[0])
        if typing.get_origin(group) is dict:
            value = _item(typing.get_args(group)[1])
    return value not in (int, Decimal, dt.date, Target)


MAX_BLOCKS = 25_000  # per source; the richest example (inputs/ung-intro.yaml) makes 259
# A table's delimiter row (``|---|:--:|``), possessive throughout: a line of spaces and dashes
# that is not one fails at once instead of trying every split of its runs.
_DELIMITER_ROW = re.compile(r"[ \t>]*+(?:\|[ \t]*+)?:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+")


def _blocks(text: str) -> int:
    """About as many as the paragraphs, table cells, links and formatted spans ``text`` becomes
    (each costs its share of parsing and rendering, which the limit keeps within seconds),
    counted without parsing it: a line is one, a line of a table as many as the table has
    columns — Markdown fills every row up to its header's width, so a few bytes of rows under
    a wide header make many cells — and so is every ``[`` or ``<`` (a link, an image, a
    footnote) and every pair of ``*``, ``_`` or backticks (emphasis, code)."""
    count = sum(text.count(c) for c in "[<") + sum(text.count(c) for c in "*_`") // 2
    columns = 0
    for line in text.split("\n"):
        if not line.strip():
            columns = 0  # a blank line ends a table
        elif "|" in line and "-" in line and _DELIMITER_ROW.fullmatch(line):
            columns = line.strip(" \t>|").count("|") + 1
            count += columns  # the header row above it: counted as one, it has this many cells
        else:
            count += max(columns, 1)
    return count


def _limit(located: Located) -> None:
    """Refuse sources that would make more than MAX_BLOCKS paragraphs, table cells, links and
    formatted spans (a table of 100 000 rows) before parsing and rendering crawl; at the answer
    that takes the count past the limit. Refuse, too, answers nesting lists and quotes deeper
    than a form shows (:data:`engine.markdown.MAX_DEPTH`), at the line that goes too deep."""
    total, deep = 0, []

    def walk(value, path):
        nonlocal total
        if isinstance(value, str):
            made = _blocks(value)
            total += made
            if total > MAX_BLOCKS:
                line = located.mark(path)[0]
                raise SourceError([Problem(located.file, line, None, dotted(path),
                                           f"brings the source to {total} paragraphs, table cells, links and formatted spans "
                                           f"({made} in this answer); a report source makes at most {MAX_BLOCKS}")])
            where = too_deep(value)
            if where is not None:
                deep.append(_too_deep(located, path, value, *where))
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            walk(item, path + (key,))

    walk(located.data, ())
    if deep:
        raise SourceError(deep)


def _too_deep(located: Located, path: tuple, text: str, line: int, column: int) -> Problem:
    """The error for an answer whose list or quote at ``line``, ``column`` of ``text`` is nested
    past MAX_DEPTH, placed in the source (a ``|`` block's lines are the source's, less their indent)."""
    start = located.text_starts.get(path)
    where, col = (start + line, None) if start is not None else (located.mark(path)[0], None)
    written = located.lines[where - 1] if start is not None and where <= len(located.lines) else ""
    answer_line = text.split("\n")[line]
    if answer_line and written.endswith(answer_line):
        col = len(written) - len(answer_line) + column + 1
    kind = "quote" if answer_line[column:column + 1] == ">" else "list"
    return Problem(located.file, where, col, dotted(path),
                   f"this {kind} is nested {MAX_DEPTH + 1} levels deep (lists and quotes inside each other count "
                   f"together); a form shows at most {MAX_DEPTH}: indent it less, or end the list or quote above it first")


def _check_paths(insats: Insats, located: Located) -> None:
    """Files a source names (attachments, and pictures in its answers: see :mod:`engine.images`)
    must lie in the source's own folder, and exist."""
    from engine import images

    home = located.file.resolve().parent
    problems = []
    for i, attachment in enumerate(insats.attachments):
        if not attachment.file:
            continue
        path = ("bilagor", i, "fil")
        why = images.beside(home, attachment.file, "attachments")[1]
        if why is None:
            continue
        line, col = located.mark(path)
        problems.append(Problem(located.file, line, col, dotted(path), why))
    found = images.find(located)
    located.images.update(found.images)
    located.image_files.update(found.files)
    located.warnings.extend(found.warnings)
    problems += found.errors
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise SourceError(problems)


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
    if loc == ("förbund",) and kind == "missing":
        from engine import layouts

        message += (f": name the form, as in 'förbund: uppsala' (one of {', '.join(layouts.available())}), "
                    "or give --forbund")
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
