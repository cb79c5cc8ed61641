"""A form as data: ``layout.yaml`` says what the form asks, in its order and wording, and
which source keys answer each question with which template tag.

Everything that needs to know a form is derived from this one declaration: the document's
content (:mod:`engine.layouts.fill`), the coverage notes (:mod:`engine.coverage`), the
Markdown headings a source may use, the lint of ``template check``. The vocabulary::

    frågor:                              # the form's questions, in order
      - fråga: Ange syftet med insatsen  # its wording, as the form has it
        hjälp: …                         # optional guidance, for skeletons and schemas
        tagg: purpose                    # the template's tag ({{p purpose }}) …
        svar: [syfte]                    # … and what fills it (a spec, below)
      - fråga: Insatstid
        taggar:                          # a question with several tags
          start: insatstid.start
          end: insatstid.slut
    taggar:                              # tags outside any question: signature blocks,
      signatures: …                      # the förbund's own details, repeated headers

A spec is one of:

- ``text: PART`` or ``text: [PART, …]`` — plain text, the parts' values joined by
  ``skiljetecken`` (one space; a key holding a list, its values by ``skiljetecken`` or commas), or ``första: [PART, …]`` — the first part that has a value;
  ``format`` (kr, tkr, procent, datum, versaler, ja/nej, kryss-ja, kryss-nej) and
  ``som: "Mål {}:"`` (the value's place in a phrase, dropped with the value) shape it.
  A bare string is a text spec of one part.
- ``svar: [PART, …]`` — an answer: Markdown texts rendered one after another. A part is a
  source key (its text as written), a text spec (escaped), a piece, or
  ``{för_varje: lärdomar, rubrik: part, svar: text}`` (each item, led by a bold heading).
  A bare list is an answer.
- ``rader: PART`` with ``fält: {tag: spec}`` — one row per item (a goal, a party), the
  fields' keys relative to the item; ``tom_rad: true`` (or a mapping of field → text)
  gives one row to fill in by hand when there is none; ``bara_med: key`` keeps the items
  that have it; ``när_ändrad: true`` on a field shows it only where it changes.
- ``lista: [PART, …]`` — a list of texts, each part giving one per value.

Any spec may carry ``när: "PART är [inte] ja|nej|tomt"``: otherwise it is left empty.

A PART is a source key (``insatsägare.organisation``; inside rows, relative to the item), a
piece the engine computes (``=deltagarsiffror``, see :mod:`engine.layouts.pieces`), or a
value of this file itself (``@skickas_till``).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel

from engine.errors import Problem
from engine.model import Insats

FORMATS = ("kr", "tkr", "procent", "datum", "versaler", "ja/nej", "kryss-ja", "kryss-nej")
_CONDITION = re.compile(r"\s*(?P<part>\S+)\s+är\s+(?P<negated>inte\s+)?(?P<value>ja|nej|tomt)\s*")
_TRUE = {"true", "ja", "yes", "1"}
# A tag is a Jinja name, which is a Python identifier: any letters (å, ä, ö too), digits, _.
NAME = r"[^\W\d]\w*"
_TAG_NAME = re.compile(rf"{NAME}(\.{NAME})*")
_TAG_RULE = "a tag is a name of letters (å, ä, ö too), digits and _, not starting with a digit (with dots for groups)"


class LayoutError(Exception):
    """A layout folder that cannot be used, with the problems found in it (``FILE:LINE: …``)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Condition:
    part: Part
    value: str  # ja, nej or tomt
    negated: bool


@dataclass(frozen=True)
class Part:
    """A value: ``ref`` (a key, ``=piece`` or ``@data``), or a nested spec."""

    ref: str | None = None
    spec: Spec | None = None
    origin: tuple = ()  # where it is written in layout.yaml


@dataclass(frozen=True)
class Spec:
    kind: str                                 # text, svar, rader, lista
    parts: tuple[Part, ...] = ()
    first: bool = False                       # text: the first part with a value
    separator: str = " "
    values_separator: str = ", "              # text: the values of one key holding a list
    pattern: str | None = None                # som: "… {} …"
    format: str | None = None
    fields: dict[str, Spec] = field(default_factory=dict)  # rader
    empty_row: dict[str, str] | None = None   # rader / lista: one blank row (with these texts) when none
    only_with: str | None = None              # rader: items that have this key
    when_changed: bool = False                # a row field shown only where it changes
    when: Condition | None = None
    each: tuple[str, str, str] | None = None  # för_varje: (list, heading key, text key)
    origin: tuple = ()  # where it is written in layout.yaml


@dataclass(frozen=True)
class Question:
    label: str
    tags: dict[str, Spec]
    help: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Declaration:
    questions: tuple[Question, ...]
    tags: dict[str, Spec]  # outside any question

    @property
    def all_tags(self) -> dict[str, Spec]:
        out = {tag: spec for q in self.questions for tag, spec in q.tags.items()}
        out.update(self.tags)
        return out


# --- reading ------------------------------------------------------------------------------

class _Reader:
    """Turns the YAML of ``frågor`` and ``taggar`` into specs, collecting every problem."""

    def __init__(self, located):
        self.located, self.problems = located, []

    def fail(self, path: tuple, message: str) -> None:
        line, col = self.located.mark(path)
        self.problems.append(Problem(self.located.file, line, col, _where(path), message))

    def declaration(self) -> Declaration:
        data = self.located.data
        questions = []
        raw = data.get("frågor")
        if raw is None:
            self.fail(("frågor",), "missing: a layout lists the form's questions under 'frågor:' (see the README)")
        elif not isinstance(raw, list):
            self.fail(("frågor",), "expected a list of questions ('- fråga: …')")
        else:
            for i, item in enumerate(raw):
                question = self.question(item, ("frågor", i))
                if question is not None:
                    questions.append(question)
        tags = self.tag_map(data.get("taggar") or {}, ("taggar",))
        declaration = Declaration(tuple(questions), tags)
        seen: dict[str, str] = {}
        for q in questions:
            for tag in q.tags:
                if tag in seen:
                    self.fail(("frågor",), f"tag '{tag}' is filled by both “{seen[tag]}” and “{q.label}”")
                seen[tag] = q.label
        for tag in tags:
            if tag in seen:
                self.fail(("taggar", tag), f"tag '{tag}' is also filled by the question “{seen[tag]}”")
        return declaration

    def question(self, item, path: tuple) -> Question | None:
        if not isinstance(item, dict):
            self.fail(path, "expected a question: 'fråga:' with its wording and 'tagg:'/'taggar:'")
            return None
        label = item.get("fråga")
        if not isinstance(label, str) or not label.strip():
            self.fail(path + ("fråga",), "missing: each question needs its wording as the form has it")
            return None
        known = {"fråga", "hjälp", "tagg", "taggar"} | _SPEC_KEYS
        for key in item:
            if key not in known:
                self.fail(path + (key,), f"unknown key; a question has {', '.join(sorted(known))}")
        tags = {}
        if "taggar" in item:
            tags = self.tag_map(item["taggar"], path + ("taggar",))
        if "tagg" in item and not _TAG_NAME.fullmatch(str(item["tagg"])):
            self.fail(path + ("tagg",), _TAG_RULE)
        elif "tagg" in item:
            rest = {k: v for k, v in item.items() if k in _SPEC_KEYS}
            spec = self.spec(rest, path)
            if spec is not None:
                tags[str(item["tagg"])] = spec
        elif not tags:
            self.fail(path, "names no tag: give 'tagg:' with 'svar:'/'text:'/'rader:'/'lista:', or 'taggar:'")
        line, _ = self.located.mark(path)
        return Question(label.strip(), tags, item.get("hjälp"), line)

    def tag_map(self, raw, path: tuple) -> dict[str, Spec]:
        if not isinstance(raw, dict):
            self.fail(path, "expected tags and what fills them ('name: namn')")
            return {}
        out = {}
        for tag, value in raw.items():
            if not _TAG_NAME.fullmatch(str(tag)):
                self.fail(path + (tag,), _TAG_RULE)
                continue
            spec = self.spec(value, path + (tag,))
            if spec is not None:
                out[tag] = spec
        return out

    def spec(self, raw, path: tuple) -> Spec | None:
        written = raw
        if isinstance(raw, str):
            raw = {"text": raw}
        elif isinstance(raw, list):
            raw = {"svar": raw}
        if not isinstance(raw, dict):
            self.fail(path, "expected a key, a list of keys or a spec (text:, svar:, rader:, lista:)")
            return None
        kinds = ["för_varje"] if "för_varje" in raw else [k for k in ("text", "första", "svar", "rader", "lista")
                                                          if k in raw]
        if len(kinds) != 1:
            self.fail(path, "give exactly one of text:, första:, svar:, rader:, lista:" if kinds
                      else "says nothing to fill the tag with: give text:, svar:, rader: or lista:")
            return None
        for key in raw:
            if key not in _SPEC_KEYS:
                self.fail(path + (key,), f"unknown key; a spec has {', '.join(sorted(_SPEC_KEYS))}")
        kind = {"första": "text"}.get(kinds[0], kinds[0])
        options = dict(
            separator=str(raw.get("skiljetecken", " ")),
            values_separator=str(raw.get("skiljetecken", ", ")),
            pattern=raw.get("som"),
            format=raw.get("format"),
            when_changed=str(raw.get("när_ändrad", "")).lower() in _TRUE,
            when=self.condition(raw["när"], path + ("när",)) if "när" in raw else None,
            origin=path,
        )
        if options["format"] is not None and options["format"] not in FORMATS:
            self.fail(path + ("format",), f"unknown format {options['format']!r}; use one of {', '.join(FORMATS)}")
        if options["pattern"] is not None and "{}" not in str(options["pattern"]):
            self.fail(path + ("som",), "a phrase needs {} where the value goes, like \"Mål {}:\"")
        if kinds[0] == "för_varje":
            each = (raw["för_varje"], raw.get("rubrik"), raw.get("svar") or raw.get("text"))
            if not all(isinstance(x, str) for x in (each[0], each[2])):
                self.fail(path, "för_varje: needs the list and 'svar:', the key of each item's text")
                return None
            return Spec("svar", each=each, **options)
        if kind == "rader":
            fields = {}
            raw_fields = raw.get("fält")
            if not isinstance(raw_fields, dict) or not raw_fields:
                self.fail(path + ("fält",), "rows need 'fält:', each row's tags and what fills them")
            else:
                fields = {name: s for name, value in raw_fields.items()
                          if (s := self.spec(value, path + ("fält", name))) is not None}
            rows = self.part(raw["rader"], path + ("rader",))
            if rows is None or rows.ref is None:
                self.fail(path + ("rader",), "rows come from a list: a source key (mål), =parter or an @list")
                return None
            return Spec("rader", parts=(rows,), fields=fields,
                        empty_row=self.empty_row(raw.get("tom_rad"), path + ("tom_rad",)),
                        only_with=raw.get("bara_med"), **options)
        values = raw[kinds[0]]
        if written is not raw:  # a bare key or list: its parts stand where the spec does
            origins = [path + (i,) for i in range(len(values))] if isinstance(written, list) else [path]
        else:
            origins = ([path + (kinds[0], i) for i in range(len(values))] if isinstance(values, list)
                       else [path + (kinds[0],)])
        values = values if isinstance(values, list) else [values]
        parts = tuple(p for v, at in zip(values, origins) if (p := self.part(v, at)) is not None)
        return Spec(kind, parts=parts, first=kinds[0] == "första",
                    empty_row=self.empty_row(raw.get("tom_rad"), path + ("tom_rad",)), **options)

    def empty_row(self, raw, path: tuple) -> dict[str, str] | None:
        if raw is None or (isinstance(raw, str) and raw.lower() not in _TRUE):
            return None
        if isinstance(raw, dict):
            return {str(k): str(v) for k, v in raw.items()}
        if isinstance(raw, str):
            return {}
        self.fail(path, "expected true, or the blank row's texts ('label: Mål 1')")
        return None

    def part(self, raw, path: tuple) -> Part | None:
        if isinstance(raw, str):
            if not raw.strip():
                self.fail(path, "empty; name a source key, a =piece or an @value of this file")
                return None
            return Part(ref=raw.strip(), origin=path)
        spec = self.spec(raw, path)
        return Part(spec=spec, origin=path) if spec is not None else None

    def condition(self, raw, path: tuple) -> Condition | None:
        match = _CONDITION.fullmatch(str(raw))
        if not match:
            self.fail(path, "write a condition as 'KEY är ja', 'KEY är inte nej' or 'KEY är tomt'")
            return None
        return Condition(Part(ref=match["part"], origin=path), match["value"], bool(match["negated"]))


_SPEC_KEYS = {"text", "första", "svar", "rader", "lista", "för_varje", "rubrik", "fält", "tom_rad", "bara_med",
              "skiljetecken", "som", "format", "när", "när_ändrad"}


def _where(path: tuple) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def read(located) -> Declaration:
    """The declaration in ``located`` (a read ``layout.yaml``); raises :class:`LayoutError`."""
    reader = _Reader(located)
    declaration = reader.declaration()
    from engine.layouts import pieces

    for path, ref, row in references(declaration):
        problem = pieces.unknown(ref, row, located.data)
        if problem:
            reader.fail(path, problem)
    reader.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if reader.problems:
        raise LayoutError(reader.problems)
    return declaration


# --- what a declaration refers to --------------------------------------------------------

def references(declaration: Declaration):
    """(where in layout.yaml, ref, rows' ref or None) for every part, to check each against the model."""
    for spec in declaration.all_tags.values():
        yield from _refs(spec, None)


def _refs(spec: Spec, row: str | None):
    if spec.when:
        yield spec.when.part.origin, spec.when.part.ref, row
    if spec.each:
        yield spec.origin, spec.each[0], row
        for key in spec.each[1:]:
            if key:
                yield spec.origin, f"{spec.each[0]}.{key}", row
    for part in spec.parts:
        if part.ref:
            yield part.origin, part.ref, row
        elif part.spec:
            yield from _refs(part.spec, row)
    if spec.kind == "rader" and spec.parts:
        inner = spec.parts[0].ref
        for field_spec in spec.fields.values():
            yield from _refs(field_spec, inner if row is None else f"{row}.{inner}")


@cache
def aliases(model: type[BaseModel]) -> dict[str, str]:
    """A model's source keys → its attribute names (``namn`` → ``name``), looked up once per model."""
    return {f.alias: name for name, f in model.model_fields.items()}


def field_at(key: str, model: type[BaseModel] = Insats):
    """The model's field at ``key`` (Swedish aliases, lists looked through), or None."""
    found = None
    for part in key.split("."):
        node = _item(found.annotation) if found is not None else model
        if not (isinstance(node, type) and issubclass(node, BaseModel)) or part not in aliases(node):
            return None
        found = node.model_fields[aliases(node)[part]]
    return found


def model_path(key: str, model: type[BaseModel] = Insats) -> type | None:
    """The model class or field type at ``key`` (Swedish aliases, lists looked through), or None."""
    found = field_at(key, model)
    return None if found is None else _item(found.annotation)


def key_paths(model: type[BaseModel] = Insats, prefix: str = "") -> list[str]:
    """Every source key of the model, dotted (``insatsägare.kontaktpersoner.namn``)."""
    out = []
    for f in model.model_fields.values():
        key = f"{prefix}{f.alias}"
        out.append(key)
        inner = _item(f.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out += key_paths(inner, key + ".")
    return out


def bare(annotation):
    """Through ``Annotated`` and ``X | None``: the type itself (a list stays a list)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _item(annotation):
    """Through ``list[X]`` too: the type of one value."""
    annotation = bare(annotation)
    while typing.get_origin(annotation) is list:
        annotation = bare(typing.get_args(annotation)[0])
    return annotation


def group_of(keys: list[str]) -> str:
    """The group all ``keys`` lie in (``insatsägare.kontaktpersoner``), or "" where they share none."""
    common = []
    for parts in zip(*(k.split(".") for k in keys)):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return ".".join(common)


# --- what a declaration places ----------------------------------------------------------

def keys(spec: Spec, row: tuple[str, ...] = ("",), charts: bool = True) -> list[str]:
    """The source keys whose values ``spec`` shows, in the order it shows them (no list positions).

    ``row``: the source keys the enclosing rows' items come from ("" at the top); ``charts``:
    also those it shows only in charts (``=diagram.…``)."""
    return resolve_piece_fields(_keys(spec, row, summed=False, charts=charts))


def sums(spec: Spec, row: tuple[str, ...] = ("",)) -> list[str]:
    """The source keys ``spec`` shows only added up (through pieces such as =ekonomi.utnyttjat)."""
    return resolve_piece_fields(_keys(spec, row, summed=True))


def _keys(spec: Spec, row: tuple[str, ...], summed: bool, charts: bool = True) -> list[str]:
    from engine.layouts.pieces import PIECES

    out: list[str] = []

    def add(found):
        out.extend(k for k in found if k not in out)

    def under(ref: str) -> list[str]:
        return [f"{r}.{ref}" if r else ref for r in row]

    if spec.each:
        items, heading, text = spec.each
        if not summed:
            add(k for key in (heading, text) if key for k in under(f"{items}.{key}"))
    for i, part in enumerate(spec.parts):
        if part.spec is not None:
            add(_keys(part.spec, row, summed, charts))
        elif spec.kind == "rader" and i == 0:
            inner = _row_sources(part.ref, row)
            for field_spec in spec.fields.values():
                add(_keys(field_spec, inner, summed, charts))
            if part.ref.startswith("=") and part.ref[1:] in PIECES:
                piece = PIECES[part.ref[1:]]
                add(piece.sums if summed else piece.answers)
        elif part.ref.startswith("="):
            piece = PIECES.get(part.ref[1:])
            if piece is not None and (charts or not piece.chart):
                add(piece.sums if summed else piece.answers)
        elif not part.ref.startswith("@") and not summed:
            add(under(part.ref))
    return out


def _row_sources(ref: str, row: tuple[str, ...]) -> tuple[str, ...]:
    """What a row item's relative keys stand for: ``mål`` → ``mål.…``; ``=parter`` → both parties' keys."""
    if ref.startswith("@"):
        return ()
    if ref.startswith("="):
        return ("=" + ref[1:],)
    return tuple(f"{r}.{ref}" if r else ref for r in row)


def resolve_piece_fields(found: list[str]) -> list[str]:
    """``=parter.underskrift.namn`` → ``insatsägare.underskrift.namn``, ``samverkansparter.underskrift.namn``."""
    from engine.layouts.pieces import PIECES

    out: list[str] = []
    for key in found:
        if not key.startswith("="):
            out.append(key)
            continue
        for name, piece in PIECES.items():
            if key[1:].startswith(name + "."):
                root, _, rest = key[len(name) + 2:].partition(".")
                out += [f"{source}.{rest}" if rest else source for source in piece.fields.get(root, ())]
                break
    return list(dict.fromkeys(out))
