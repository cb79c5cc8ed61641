"""``slutrapport new``: a report skeleton for one form, derived from its declaration.

Every question of the form, in its order and wording, with the keys that answer it left
empty: in YAML every key, in Markdown the structured parts as front matter and one heading
per question answered in prose. Guidance (the declaration's ``hjälp``, each key's kind of
value) goes into comments, never into values, so nothing of a fresh skeleton is printed into
a form as if the author had written it. The skeleton is in Swedish, as its author writes.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from engine.layouts.declaration import bare, field_at, model_path

#: What kind of value a key takes, said in the comment beside it.
_HINTS = {
    "date": "åååå-mm-dd",
    "Decimal": "belopp: 250 000 kr, 250 tkr eller 250000",
    "int": "antal",
    "Verdict": "ja, nej eller delvis",
    "Target": "t.ex. 80 %, minst 80 % eller 40–60 %",
}
_LIST_ITEMS = {  # how one item of a list is shown in the comment above it
    "mål": "ett mål",
    "samverkansparter": "en samverkanspart",
    "kontaktpersoner": "en kontaktperson",
    "kostnader": "en kostnadspost",
    "lärdomar": "en parts lärdomar",
    "bilagor": "en bilaga",
    "indikatorer": "en indikator",
    "sysselsättning": "en kategori, antal före och efter",
    "försörjning": "en kategori, antal före och efter",
}


class _Tree(dict):
    """Source keys in the order the form asks them, with the questions each answers (and the
    form's guidance under each question, after a dash)."""

    def __init__(self):
        super().__init__()
        self.questions: list[str] = []

    def add(self, path: list[str], question: str | None) -> None:
        node = self
        for part in path:
            node = node.setdefault(part, _Tree())
            if question and question not in node.questions:
                node.questions.append(question)


def _tree(layout) -> _Tree:
    from engine.layouts.declaration import keys

    tree = _Tree()
    for question in layout.questions:
        said = f"{question.label} – {question.help}" if question.help else question.label
        for key in layout.answered_by(question):
            tree.add(key.split("."), said)
    for spec in layout.declaration.tags.values():  # signature blocks and the like
        for key in keys(spec):
            tree.add(key.split("."), None)
    return tree


def _hint(path: str) -> str:
    kind = model_path(path)
    name = getattr(kind, "__name__", str(kind))
    if path.endswith("insatstyp"):
        return "individinriktad, strukturinriktad eller båda"
    if path.endswith("mål_antal"):
        return "t.ex. 50, minst 50 eller högst 10"
    return next((hint for key, hint in _HINTS.items() if key in name), "")


def _is_list(path: str) -> bool:
    return typing.get_origin(bare(field_at(path).annotation)) is list


def _is_group(path: str) -> bool:
    kind = model_path(path)
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _required(path: str) -> list[str]:
    kind = model_path(path)
    return [f.alias for f in kind.model_fields.values() if f.is_required()] if _is_group(path) else []


def _is_mapping(path: str) -> bool:
    return typing.get_origin(model_path(path)) is dict


def _yaml_lines(tree: _Tree, prefix: str, indent: int, blocks: set[str], skip: set[str]) -> list[str]:
    """``blocks``: the keys whose answers are prose, written as ``key: |`` blocks."""
    lines: list[str] = []
    pad = "  " * indent
    for key, node in tree.items():
        path = f"{prefix}{key}"
        if path in skip:
            continue
        if indent == 0:
            lines.append("")
            lines += [f"# {q}" for q in node.questions]
        if _is_list(path):
            fields = list(dict.fromkeys(_required(path) + list(node)))
            if fields and _is_group(path):
                lines.append(f"{pad}# {key}: {_LIST_ITEMS.get(key, 'en post')} per rad:")
                for i, field in enumerate(fields):
                    hint = _hint(f"{path}.{field}")
                    lines.append(f"{pad}#   {'- ' if i == 0 else '  '}{field}: …" + (f"  ({hint})" if hint else ""))
            lines.append(f"{pad}{key}: []")
        elif _is_mapping(path):
            lines.append(f"{pad}{key}: {{}}  # kategori: antal, en per rad")
        elif _is_group(path):
            inner = _yaml_lines(node, f"{path}.", indent + 1, blocks, skip)
            if not inner:  # all of it is written under headings instead
                if indent == 0:
                    del lines[-1 - len(node.questions):]
                continue
            lines.append(f"{pad}{key}:")
            lines += inner
        else:
            hint = _hint(path)
            if path in blocks:
                lines.append(f"{pad}{key}: |")
            else:
                lines.append(f"{pad}{key}:" + (f"  # {hint}" if hint else ""))
    return lines


def _header(layout, schema: str | None) -> list[str]:
    data = layout.data
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += [f"# Slutrapport: {data.get('förbund', layout.id)}, {data.get('blankett', '')}"
              + (f" ({data['utgåva']})" if data.get("utgåva") else ""),
              "# Fyll i svaren; det som lämnas tomt blir tomt i blanketten.",
              "# Kontrollera med: slutrapport check <fil>   Bygg med: slutrapport build <fil>",
              f"förbund: {layout.id}"]
    return lines


def yaml_skeleton(layout, schema: str | None = None) -> str:
    """Every key the form asks, in its order, empty, with the questions as comments."""
    from engine.sources.markdown_source import SECTIONS

    blocks = {".".join(p) for p in SECTIONS}
    return "\n".join(_header(layout, schema) + _yaml_lines(_tree(layout), "", 0, blocks, set())) + "\n"


def markdown_skeleton(layout, schema: str | None = None) -> str:
    """Front matter for the structured parts; a heading per question answered in prose, in the
    form's wording (and for each further prose key of the question its short heading)."""
    from engine.layouts import question_headings
    from engine.sources.markdown_source import SECTIONS, normalise, vocabulary

    words = vocabulary(question_headings())
    in_text: list[tuple[str, tuple, str | None]] = []  # (heading, the section it fills, help)
    taken: set[tuple] = set()
    for question in layout.questions:
        own = words.get(normalise(question.label))
        keys = layout.answered_by(question)  # the key the question's own wording stands for comes first
        for key in sorted(keys, key=lambda k: tuple(k.split(".")) != own):
            parts = tuple(key.split("."))
            path = next((parts[:n] for n in range(len(parts), 0, -1) if parts[:n] in SECTIONS), None)
            if path is None or path in taken:
                continue
            heading = question.label if path == own else SECTIONS[path][0]
            taken.add(path)
            in_text.append((heading, path, question.help if heading == question.label else None))
    body = _yaml_lines(_tree(layout), "", 0, set(), {".".join(p) for p in taken})
    lines = ["---", *_header(layout, schema), *body, "---"]
    for heading, section, help_text in in_text:
        lines += ["", f"## {heading}", ""]
        if help_text:
            lines += [f"<!-- {help_text} -->", ""]
        if section == ("mål",):
            lines += ["<!-- Ett mål per punkt:", "- Målet, som i ansökan.", "  Uppnått: ja, nej eller delvis",
                      "  Resultat: vad som blev resultatet", "-->", ""]
        elif section == ("lärdomar",):
            lines += ["<!-- En rubrik per part: ### Partens namn, och dess lärdomar under den. -->", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
