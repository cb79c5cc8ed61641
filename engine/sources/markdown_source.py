"""Read a Markdown source: YAML front matter for the structured fields, one heading per answer.

```
---
namn: Ung Intro
förbund: uppsala
---

## Syfte
Syftet är att …

## Mål
| Rubrik | Mål | Uppnått | Resultat |
|---|---|---|---|
| Övergripande mål | Skapa en gemensam plattform. | ja | Överenskommelse … |

## Lärdomar
### Försäkringskassan
Den viktigaste lärdomen är …
```

A heading (level 1 or 2) names its field by a short name (``## Syfte``, ``## Målgruppens
förändring``) or by a form's own question (``## Ange syftet med insatsen (såsom det
beskrevs i ansökan)``), compared without case, punctuation or numbering. The text under it
is kept exactly as written: it is Markdown, like every prose field. The result is the
same plain data a YAML source gives, so the model cannot tell the two apart.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from engine.errors import Problem, SourceError, dotted
from engine.markdown import parser, without_comments
from engine.sources import invisible
from engine.sources.located import Located
from engine.sources.yaml_source import read_yaml

#: Prose fields a heading can fill, with the short headings that name them.
SECTIONS: dict[tuple, tuple[str, ...]] = {
    ("syfte",): ("Syfte",),
    ("bakgrund",): ("Bakgrund",),
    ("förändrat_behov",): ("Förändrat behov", "Behovets förändring"),
    ("mål",): ("Mål", "Mål och resultat"),
    ("jämställdhet",): ("Jämställdhet", "Jämställdhet och jämlikhet"),
    ("insatstid", "kommentar"): ("Insatstid",),
    ("målgrupp", "beskrivning"): ("Målgrupp",),
    ("målgrupp", "förändring"): ("Målgruppens förändring", "Målgrupp förändring"),
    ("deltagare", "kommentar"): ("Deltagare",),
    ("metod", "beskrivning"): ("Metod", "Metoder"),
    ("metod", "förändring"): ("Metodens förändring", "Metod förändring"),
    ("metod", "som_planerat"): ("Som planerat", "Metod som planerat"),
    ("uppföljning",): ("Uppföljning", "Uppföljning och utvärdering"),
    ("implementering",): ("Implementering",),
    ("brukarmedverkan",): ("Brukarmedverkan",),
    ("framgångsfaktorer",): ("Framgångsfaktorer",),
    ("systemfel",): ("Systemfel",),
    ("avvikelser",): ("Avvikelser",),
    ("ekonomi", "kommentar"): ("Ekonomi",),
    ("ekonomi", "återförda_medel", "varför"): ("Återförda medel",),
    ("ekonomi", "återförda_medel", "konsekvenser"): ("Konsekvenser av återförda medel",),
    ("lärdomar",): ("Lärdomar", "Lärdomar och erfarenheter"),
}

#: Goals-table columns (normalised header → goal key).
GOAL_COLUMNS = {
    "rubrik": "rubrik", "mål": "mål", "ange uppsatta mål för insatsen": "mål",
    "uppnått": "uppnått", "har målen uppnåtts ja eller nej": "uppnått",
    "resultat": "resultat", "utfall resultat": "resultat", "ange utfall resultat för respektive mål": "resultat",
    "mål andel": "mål_andel", "mål antal": "mål_antal", "utfall": "utfall", "av": "av",
}
_GOAL_FIELD = re.compile(r"^(rubrik|uppnått|mål[ _]andel|mål[ _]antal|utfall|av)\s*:\s*(.*)$", re.IGNORECASE)
_RESULT = re.compile(r"^resultat\s*:\s*", re.IGNORECASE)
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:")
#: The line that closes the front matter: at column 0, as YAML's own document markers (an
#: indented ``---`` is text inside a ``|`` block, and YAML would end the document at either).
_FRONT_END = re.compile(r"(---|\.\.\.)[ \t]*")
_MD = parser()


def normalise(heading: str) -> str:
    """``4.1 Syfte och bakgrund till insatsen:`` → ``syfte och bakgrund till insatsen``."""
    text = re.sub(r"^\s*\d+(\.\d+)*\.?\s+", "", heading.lower())
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def vocabulary(form_headings: dict[str, tuple] | None = None) -> dict[str, tuple]:
    """Normalised heading → field path: the short names, then the forms' own questions."""
    words = {normalise(name): path for path, names in SECTIONS.items() for name in names}
    words.update({normalise(".".join(path)): path for path in SECTIONS})
    for label, path in (form_headings or {}).items():
        if tuple(path) in SECTIONS:
            words.setdefault(normalise(label), tuple(path))
    return words


def read_markdown(text: str, file: Path, form_headings: dict[str, tuple] | None = None) -> Located:
    lines = text.split("\n")
    problems: list[Problem] = []
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if _FRONT_END.fullmatch(lines[i])), None)
        if end is None:
            raise SourceError([Problem(file, 1, None, "", "the front matter opened by '---' is never closed")])
        front = "\n".join(lines[1:end])
        located = (read_yaml(front, file, line_offset=1) if front.strip()
                   else Located(file, {}, {}, (1, 1)))
        body_start = end + 1
    else:
        located = Located(file, {}, {}, (1, 1))
        body_start = 0
    data, marks, starts = located.data, dict(located.marks), dict(located.text_starts)
    lines = lines[:body_start] + without_comments("\n".join(lines[body_start:])).split("\n")

    words = vocabulary(form_headings)
    sections = _sections(lines, body_start)
    if sections and sections[0][0] is None:
        _, line, _ = sections[0]
        hidden = invisible.in_name(lines[line - 1])
        if hidden is not None and not invisible.visible(lines[line - 1]).strip():
            problems.append(Problem(file, line, hidden + 1, "", f"invisible character "
                                    f"{invisible.describe(lines[line - 1][hidden])} before the first heading; delete it"))
        else:
            problems.append(Problem(file, line, None, "", "text before the first heading belongs to no question; "
                                                          "start it with a heading such as '## Syfte'"))
        sections = sections[1:]
    seen: dict[tuple, int] = {}
    for heading, line, body in sections:
        hidden = invisible.in_name(heading)
        if hidden is not None:
            col = lines[line - 1].find(heading[hidden]) + 1 or None
            problems.append(Problem(file, line, col, "", invisible.key_message(heading, hidden, "heading")))
            continue
        path = words.get(normalise(heading))
        if path is None:
            valid = ", ".join(names[0] for names in SECTIONS.values())
            problems.append(Problem(file, line, None, "", f"unknown heading {heading!r}; use one of: {valid} "
                                                          "(or the form's own question)"))
            continue
        if path in seen:
            problems.append(Problem(file, line, None, dotted(path),
                                    f"given twice: as a heading on line {seen[path]} and again here"))
            continue
        seen[path] = line
        if _get(data, path) is not None:
            problems.append(Problem(file, line, None, dotted(path), "given both in the front matter (line "
                                    f"{located.mark(path)[0]}) and as a heading; keep one"))
            continue
        first, text_lines = _trim(body, line + 1)
        if path == ("mål",):
            value = _goals(text_lines, first, file, problems, marks, starts)
        elif path == ("lärdomar",):
            value = _lessons(text_lines, first, marks, starts)
        else:
            value = "\n".join(text_lines)
            starts[path] = first
        if not _set(data, path, value):
            problems.append(Problem(file, line, None, dotted(path[:-1]),
                                    "is given in the front matter as text; write its parts as keys to add this heading"))
            continue
        marks[path] = (line, 1)
    if problems:
        raise SourceError(problems)
    return Located(file=file, data=data, marks=marks, root=located.root, text_starts=starts)


def _sections(lines: list[str], body_start: int) -> list[tuple[str | None, int, list[str]]]:
    """(heading text, 1-based line, body lines) for each level-1/2 heading; None for a preamble."""
    tokens = _MD.parse("\n".join(lines[body_start:]))
    heads = [(tok.map[0], tok.map[1], inline.content)
             for tok, inline in zip(tokens, tokens[1:])
             if tok.type == "heading_open" and tok.level == 0 and tok.tag in ("h1", "h2")]
    out: list = []
    preamble_end = heads[0][0] if heads else len(lines) - body_start
    if any(line.strip() for line in lines[body_start:body_start + preamble_end]):
        first = next(i for i in range(preamble_end) if lines[body_start + i].strip())
        out.append((None, body_start + first + 1, []))
    for i, (start, end, heading) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(lines) - body_start
        out.append((heading, body_start + start + 1, lines[body_start + end:body_start + stop]))
    return out


def _trim(body: list[str], first_line: int) -> tuple[int, list[str]]:
    """Drop blank lines around a section; return its first line number and its lines."""
    start = next((i for i, line in enumerate(body) if line.strip()), len(body))
    end = len(body) - next((i for i, line in enumerate(reversed(body)) if line.strip()), len(body))
    return first_line + start, body[start:end]


def _get(data: dict, path: tuple):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _set(data: dict, path: tuple, value) -> bool:
    for key in path[:-1]:
        data = data.setdefault(key, {})
        if data is None:
            return False
        if not isinstance(data, dict):
            return False
    data[path[-1]] = value
    return True


def _footnotes(text_lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Split footnote definitions (with their indented continuation lines) from the rest."""
    rest, notes, current = [], {}, None
    for line in text_lines:
        match = _FOOTNOTE_DEF.match(line)
        if match:
            current = match[1]
            notes[current] = line
        elif current and (line.startswith(("    ", "\t")) or not line.strip()):
            notes[current] += "\n" + line
        else:
            current = None
            rest.append(line)
    return rest, {k: v.rstrip() for k, v in notes.items()}


def _with_notes(text: str, notes: dict[str, str]) -> str:
    """A cell's text with the definitions of the footnotes it refers to appended."""
    used = [label for label in notes if f"[^{label}]" in text]
    return "\n\n".join([text] + [notes[label] for label in used])


def _goals(text_lines, first, file, problems, marks, starts) -> list[dict]:
    """Goals from a Markdown table (one row per goal) or a list (one item per goal)."""
    body, notes = _footnotes(text_lines)
    tokens = _MD.parse("\n".join(body))
    goals: list[dict] = []
    if any(t.type == "table_open" for t in tokens):
        rows, row, header, cell_line = [], None, None, {}
        for tok, nxt in zip(tokens, tokens[1:] + [None]):
            if tok.type == "tr_open":
                row = []
                cell_line = first + tok.map[0]
            elif tok.type in ("th_open", "td_open") and nxt is not None:
                row.append(nxt.content if nxt.type == "inline" else "")
            elif tok.type == "tr_close":
                if header is None:
                    header = row
                else:
                    rows.append((cell_line, row))
        columns = []
        for name in header or []:
            key = GOAL_COLUMNS.get(normalise(name))
            if key is None:
                problems.append(Problem(file, first, None, "mål", f"unknown goals-table column {name!r}; use "
                                        "Rubrik, Mål, Uppnått, Resultat, Mål andel, Mål antal, Utfall, Av"))
            columns.append(key)
        for line, cells in rows:
            goal = {key: _with_notes(cell.strip(), notes) for key, cell in zip(columns, cells)
                    if key and cell.strip()}
            marks[("mål", len(goals))] = (line, 1)
            for key in goal:
                marks[("mål", len(goals), key)] = (line, 1)
                starts[("mål", len(goals), key)] = line
            goals.append(goal)
        return goals

    rubrik = None
    for tok, nxt in zip(tokens, tokens[1:] + [None]):
        if tok.type == "heading_open" and tok.level == 0:
            rubrik = nxt.content  # a ### group heading: the rubrik of the goals below it
        elif tok.type == "list_item_open" and tok.level == 1:
            start, end = tok.map
            goal, offsets = _goal_item(textwrap.dedent("\n".join(_strip_marker(body[start:end]))))
            if rubrik and "rubrik" not in goal:
                goal["rubrik"] = rubrik
            line = first + start
            marks[("mål", len(goals))] = (line, 1)
            for key in goal:
                marks[("mål", len(goals), key)] = (line + offsets.get(key, 0), 1)
                starts[("mål", len(goals), key)] = line + offsets.get(key, 0)
            goals.append({k: _with_notes(v, notes) for k, v in goal.items()})
    return goals


def _strip_marker(item_lines: list[str]) -> list[str]:
    """The item's lines with its list marker (``- `` / ``1. ``) replaced by indentation."""
    first = re.sub(r"^(\s*)([-*+]|\d+[.)])\s", lambda m: " " * len(m[0]), item_lines[0])
    return [first] + item_lines[1:]


def _goal_item(item: str) -> tuple[dict, dict]:
    """The goal's text, then ``Uppnått: ja`` / ``Rubrik: …`` lines, then ``Resultat: …`` to the end.

    Returns the goal and, per key, the line offset within the item where it is written."""
    goal: dict = {}
    offsets: dict = {}
    text: list[str] = []
    result: list[str] | None = None
    for offset, line in enumerate(item.split("\n")):
        stripped = line.strip()
        if result is not None:
            result.append(line)
        elif any(t.strip() for t in text) and (field := _GOAL_FIELD.match(stripped)):
            key = field[1].lower().replace(" ", "_")
            goal[key], offsets[key] = field[2].strip(), offset
        elif any(t.strip() for t in text) and _RESULT.match(stripped):
            result, offsets["resultat"] = [_RESULT.sub("", stripped, count=1)], offset
        else:
            text.append(line)
    goal["mål"] = "\n".join(text).strip()
    if result is not None:
        goal["resultat"] = textwrap.dedent("\n".join(result)).strip()
    return goal, offsets


def _lessons(text_lines, first, marks, starts) -> list[dict]:
    """Lessons: each ``### Party`` subheading starts one party's lessons."""
    lessons: list[dict] = []
    current: dict | None = None
    for offset, line in enumerate(text_lines):
        match = re.match(r"^###\s+(.*?)\s*#*\s*$", line)
        if match:
            current = {"part": match[1], "text": [], "line": first + offset}
            lessons.append(current)
        else:
            if current is None:
                current = {"part": None, "text": [], "line": first + offset}
                lessons.append(current)
            current["text"].append(line)
    out = []
    for i, lesson in enumerate(lessons):
        body_first, body = _trim(lesson["text"], lesson["line"] + (1 if lesson["part"] else 0))
        marks[("lärdomar", i)] = (lesson["line"], 1)
        starts[("lärdomar", i, "text")] = body_first
        out.append({"part": lesson["part"], "text": "\n".join(body)} if lesson["part"] else {"text": "\n".join(body)})
    return out
