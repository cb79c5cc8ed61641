"""Nothing silently lost: what a source says that a form has no place for, and what it leaves open.

Derived from the layout's declaration: the source keys each question shows, every key the
form places (in questions or beside them, as signature blocks), and the keys it shows only
added up. Keys are dotted source keys without list positions (``samverkansparter.underskrift``);
a key covers everything below it.
"""

from __future__ import annotations

from engine.errors import Problem
from engine.layouts.declaration import group_of
from engine.model import Insats
from engine.sources.located import Located

#: Keys that steer the engine rather than fill a form.
STEERING = {"förbund"}


def _key(path: tuple) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value is not None and str(value).strip() != ""


def _covered(key: str, placed: set[str]) -> bool:
    return any(key == p or key.startswith(p + ".") for p in placed)


def _leads_to(key: str, placed: set[str]) -> bool:
    return not key or any(p.startswith(key + ".") for p in placed)


def _unplaced(value, path: tuple, placed: set[str]):
    """Paths of filled values no placed key covers, as high up the tree as possible."""
    key = _key(path)
    if not _filled(value) or key in STEERING or _covered(key, placed):
        return
    if isinstance(value, dict) and _leads_to(key, placed):
        for k, v in value.items():
            yield from _unplaced(v, path + (k,), placed)
    elif isinstance(value, list) and _leads_to(key, placed):
        for i, v in enumerate(value):
            yield from _unplaced(v, path + (i,), placed)
    else:
        yield path


def _values(value, parts: list[str]):
    if isinstance(value, list):
        for item in value:
            yield from _values(item, parts)
    elif not parts:
        yield value
    elif isinstance(value, dict):
        yield from _values(value.get(parts[0]), parts[1:])


def report(insats: Insats, located: Located, layout, figures, strict: bool = False,
           data: dict | None = None) -> list[Problem]:
    """Notes for ``layout``: filled keys it has no place for, then its unanswered questions.

    ``strict`` (a report about to be submitted): an unanswered question is an error, since the
    form asks it; a draft may leave any question open. ``data``: the insats dumped by its
    aliases, where the caller notes on several layouts and has dumped it once."""
    data = insats.model_dump(by_alias=True) if data is None else data
    withheld = layout.withheld(insats, figures)
    placed = layout.placed - set(withheld)
    problems, seen = [], set()
    for path in _unplaced(data, (), placed):
        if _key(path) in seen:
            continue
        seen.add(_key(path))
        line, col = located.mark(path)
        when = next((c for k, c in withheld.items() if _covered(_key(path), {k})), None)
        problems.append(Problem(located.file, line, col, _key(path),
                                f"the {layout.id} form shows this only when {when}, which does not hold here; "
                                "it is left out" if when else f"the {layout.id} form has no place for this; "
                                "it is left out", "note"))
    for key, label in layout.shown_as_totals.items():
        if any(_filled(v) for v in _values(data, key.split("."))):
            line, col = located.mark(tuple(key.split(".")))
            problems.append(Problem(located.file, line, col, key,
                                    f"the {layout.id} form shows only what these add up to, under \u201c{label}\u201d; "
                                    "the items themselves are left out", "note"))
    for key, label in unanswered(insats, layout, data):
        said = f"unanswered in the {layout.id} form: \u201c{label}\u201d"
        if strict:
            said += "; a report to submit answers every question its form asks"
        problems.append(Problem(located.file, None, None, key, said, "error" if strict else "note"))
    return problems


def unanswered(insats: Insats, layout, data: dict | None = None) -> list[tuple[str, str]]:
    """The questions of ``layout`` that ``insats`` leaves unanswered: (the key to answer it with, the question)."""
    data = insats.model_dump(by_alias=True) if data is None else data
    out = []
    for question in layout.questions:
        keys = layout.answered_by(question)
        if keys and not any(_filled(v) for k in keys for v in _values(data, k.split("."))):
            out.append((_named(keys), question.label))
    return out


def _named(keys: list[str]) -> str:
    """The key a note on an unanswered question names: the group its keys share, else the
    answer its heading fills in a Markdown source (tidsplan, not insatstid.start), else the first."""
    from engine.sources.markdown_source import SECTIONS

    return group_of(keys) or next((k for k in keys if tuple(k.split(".")) in SECTIONS), keys[0])
