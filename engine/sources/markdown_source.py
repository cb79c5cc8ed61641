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

import difflib
import re
import textwrap
import unicodedata
from pathlib import Path

from engine.errors import Problem, SourceError, dotted
from engine.markdown import comment_message, parser, row_cells, unclosed_comment, without_comments
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
    ("sammanfattning",): ("Sammanfattning",),
    ("tidsplan",): ("Tidsplan", "Tids- och aktivitetsplan"),
    ("samverkan",): ("Samverkan", "Samverkan mellan parterna"),
    ("styrning",): ("Styrning", "Organisation och styrning"),
    ("horisontella_kriterier",): ("Horisontella kriterier",),
    ("oväntade_effekter",): ("Oväntade effekter",),
    ("samhällsekonomiska_effekter",): ("Samhällsekonomiska effekter",),
    ("spridning",): ("Spridning", "Spridning av resultat"),
    ("efter_insatsen",): ("Efter insatsen", "Vad händer efter insatsen"),
    ("övrigt",): ("Övrigt", "Övriga synpunkter"),
    ("deltagare", "strukturinriktat", "kommentar"): ("Strukturinriktade delar",),
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
#: Bullets that word processors and web pages paste as characters, not as list markers.
_PASTED_BULLET = re.compile(r"^(\s*)[•◦▪▫‣⁃●○■□–—·∙][ \t]+")
_SEPARATOR = re.compile(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*")
#: The line that closes the front matter: at column 0, as YAML's own document markers (an
#: indented ``---`` is text inside a ``|`` block, and YAML would end the document at either).
_FRONT_END = re.compile(r"(---|\.\.\.)[ \t]*")
_MD = parser(inline=False)  # headings, lists and tables are blocks; their text is kept as written


def normalise(heading: str) -> str:
    """``4.1 Syfte och bakgrund till insatsen:`` → ``syfte och bakgrund till insatsen``."""
    text = re.sub(r"^\s*\d+(\.\d+)*\.?\s+", "", heading.lower())
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def vocabulary(form_headings: dict[str, tuple[tuple, ...]] | None = None) -> dict[str, tuple]:
    """Normalised heading → field path: the short names, then the forms' own questions."""
    words = {normalise(name): path for path, names in SECTIONS.items() for name in names}
    words.update({normalise(".".join(path)): path for path in SECTIONS})
    for label, paths in (form_headings or {}).items():
        path = next((tuple(p) for p in paths if tuple(p) in SECTIONS), None)
        if path is not None:
            words.setdefault(normalise(label), path)
    return words


def read_markdown(text: str, file: Path, form_headings: dict[str, tuple[tuple, ...]] | None = None) -> Located:
    lines = text.split("\n")
    problems: list[Problem] = []
    warnings: list[Problem] = []
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
    warnings += located.warnings
    body = "\n".join(lines[body_start:])
    opened = unclosed_comment(body)
    if opened is not None:
        line, closed_by = opened
        raise SourceError([Problem(file, body_start + line + 1, lines[body_start + line].find("<!--") + 1, "",
                                   comment_message(None if closed_by is None else body_start + closed_by + 1,
                                                   "so everything after it would be hidden; close it"))])
    lines = lines[:body_start] + without_comments(body).split("\n")

    words = vocabulary(form_headings)
    sections = _sections(lines, body_start)
    if sections and sections[0][0] is None:
        _, line, _, _ = sections[0]
        hidden = invisible.in_name(lines[line - 1])
        if hidden is not None and not invisible.visible(lines[line - 1]).strip():
            problems.append(Problem(file, line, hidden + 1, "", f"invisible character "
                                    f"{invisible.describe(lines[line - 1][hidden])} before the first heading; delete it"))
        else:
            problems.append(Problem(file, line, None, "", "text before the first heading belongs to no question; "
                                                          "start it with a heading such as '## Syfte'"))
        sections = sections[1:]
    if sections and sections[0][3] == "h1" and normalise(sections[0][0]) not in words:
        _title(sections.pop(0), lines, file, data, marks, located, problems, warnings)
    seen: dict[tuple, int] = {}
    for heading, line, body, _level in sections:
        hidden = invisible.in_name(heading)
        if hidden is not None:
            col = lines[line - 1].find(heading[hidden]) + 1 or None
            problems.append(Problem(file, line, col, "", invisible.key_message(heading, hidden, "heading")))
            continue
        path = words.get(normalise(heading))
        if path is None:
            problems.append(Problem(file, line, None, "", f"unknown heading {heading!r}" +
                                    _suggest(heading, form_headings)))
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
            value = _goals(text_lines, first, file, problems, warnings, marks, starts)
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
    return Located(file=file, data=data, marks=marks, root=located.root, text_starts=starts, warnings=warnings)


def _fold(text: str) -> str:
    """A heading as compared for suggestions: normalised, without diacritics (``Målgrupp`` → ``malgrupp``)."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _suggest(heading: str, form_headings: dict[str, tuple[tuple, ...]] | None) -> str:
    """`` (did you mean 'Syfte'?)`` for a heading close to a known one, compared without case and
    diacritics; else the short headings there are."""
    names = [name for names in SECTIONS.values() for name in names]
    names += [label for label, paths in (form_headings or {}).items() if any(tuple(p) in SECTIONS for p in paths)]
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_fold(name), name)
    close = difflib.get_close_matches(_fold(heading), list(folded), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {folded[close[0]]!r}?)"
    valid = ", ".join(names[0] for names in SECTIONS.values())
    return f"; use one of: {valid} (or the form's own question)"


def _title(section, lines, file, data, marks, located, problems, warnings) -> None:
    """A level-1 heading before any question is the report's title: its ``namn`` where the front
    matter gives none; where it gives one, a different title is named in a warning (the form
    prints ``namn``). Text under the title belongs to no question."""
    heading, line, body, _level = section
    title = heading.strip()
    given = data.get("namn")
    if given is None:
        data["namn"] = title
        marks[("namn",)] = (line, 1)
    elif isinstance(given, str) and " ".join(given.split()) != " ".join(title.split()):
        warnings.append(Problem(file, line, 1, "namn", f"the title heading {title!r} is not the front matter's namn "
                                f"{given!r} (line {located.mark(('namn',))[0]}); the form prints namn", "warning"))
    first = next((i for i, text in enumerate(body) if text.strip()), None)
    if first is not None:
        problems.append(Problem(file, line + 1 + first, None, "", "text under the title belongs to no question; "
                                                                  "start it with a heading such as '## Syfte'"))


def _sections(lines: list[str], body_start: int) -> list[tuple[str | None, int, list[str], str | None]]:
    """(heading text, 1-based line, body lines, h1/h2) for each level-1/2 heading; None for a preamble."""
    tokens = _MD.parse("\n".join(lines[body_start:]))
    heads = [(tok.map[0], tok.map[1], inline.content, tok.tag)
             for tok, inline in zip(tokens, tokens[1:])
             if tok.type == "heading_open" and tok.level == 0 and tok.tag in ("h1", "h2")]
    out: list = []
    preamble_end = heads[0][0] if heads else len(lines) - body_start
    if any(line.strip() for line in lines[body_start:body_start + preamble_end]):
        first = next(i for i in range(preamble_end) if lines[body_start + i].strip())
        out.append((None, body_start + first + 1, [], None))
    for i, (start, end, heading, tag) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(lines) - body_start
        out.append((heading, body_start + start + 1, lines[body_start + end:body_start + stop], tag))
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
    """Take footnote definitions (with their indented continuation lines) out of the lines,
    leaving blank lines in their place so that every other line keeps its number."""
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
            continue
        rest.append("")
    return rest, {k: v.rstrip() for k, v in notes.items()}


def _with_notes(text: str, notes: dict[str, str]) -> str:
    """A cell's text with the definitions of the footnotes it refers to appended."""
    used = [label for label in notes if f"[^{label}]" in text]
    return "\n\n".join([text] + [notes[label] for label in used])


def _goals(text_lines, first, file, problems, warnings, marks, starts) -> list[dict]:
    """Goals as people write them: a table, a list (one item per goal, ``•`` and ``–`` bullets
    too), rows pasted from Excel, or plain paragraphs (one per goal); ``### Rubrik`` headings
    group the goals below them. Nothing is dropped: text that fits none of these is a goal of
    its own, with a warning where it stands beside goals that do."""
    reader = _GoalReader(first, file, problems, warnings, marks, starts)
    reader.read(text_lines)
    return reader.goals


class _GoalReader:
    """The goals of one section, in the order written, with the line of every key."""

    def __init__(self, first, file, problems, warnings, marks, starts):
        self.first, self.file, self.problems, self.warnings = first, file, problems, warnings
        self.marks, self.starts = marks, starts
        self.goals: list[dict] = []
        self.notes: dict[str, str] = {}
        self.rubrik: str | None = None
        self.last: tuple | None = None  # (index, lines, line numbers) of the last goal read from text

    def read(self, text_lines: list[str]) -> None:
        body, self.notes = _footnotes(text_lines)
        body = [_PASTED_BULLET.sub(r"\1- ", line, count=1) for line in body]
        pasted = {i for i, line in enumerate(body) if "\t" in line.lstrip("\t") and not line.startswith(" ")}
        tokens = _MD.parse("\n".join("" if i in pasted else line for i, line in enumerate(body)))
        blocks = [(start, "rows", end) for start, end in _runs(sorted(pasted))]
        blocks += [(tok.map[0], tok.type, i) for i, tok in enumerate(tokens) if tok.level == 0 and tok.nesting >= 0]
        structured = any(kind in ("rows", "table_open", "bullet_list_open", "ordered_list_open") for _, kind, _ in blocks)
        for start, kind, where in sorted(blocks):
            end = where if kind == "rows" else tokens[where].map[1]
            lines = body[start:end]
            if kind == "heading_open":
                self.rubrik, self.last = tokens[where + 1].content, None  # the rubrik of the goals below it
            elif kind == "table_open":
                self.table(tokens, where, body)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                for tok in _items(tokens, where):
                    item = _strip_marker(body[tok.map[0]:tok.map[1]])
                    self.item(textwrap.dedent("\n".join(item)).split("\n"), list(range(*tok.map)))
            elif kind == "rows" or all(line.lstrip().startswith("|") for line in lines):
                self.rows(lines, start, "\t" if kind == "rows" else "|")
            elif kind == "hr":
                self.last = None
            elif self.last and (_GOAL_FIELD.match(lines[0].strip()) or _RESULT.match(lines[0].strip())):
                index, before, numbers = self.last  # "Resultat: …" after a blank line: still that goal's
                self.item(before + [""] + lines, numbers + [numbers[-1]] + list(range(start, end)), index)
            else:
                self.item(lines, list(range(start, end)))
                if structured:
                    self.warn(start, _column(lines[0], lines[0].strip()), f"mål[{len(self.goals)}]",
                              "text beside the goals table or list is kept as a goal of its own; make it an item "
                              "or a row, or move it to the answer it belongs to")
        for label in self.notes:
            if not any(f"[^{label}]" in value for goal in self.goals for value in goal.values()):
                line = next(i for i, text in enumerate(text_lines) if text.startswith(f"[^{label}]:"))
                self.warn(line, 1, "mål", f"footnote [^{label}] is never referred to, so it would not be printed; "
                          f"refer to it with [^{label}] in the goal it belongs to, or delete it")

    def put(self, goal: dict, keys: dict[str, int], index: int | None = None) -> int:
        """Store a goal (``keys``: the body line of each key) as a new goal or in place of ``index``."""
        if self.rubrik and "rubrik" not in goal:
            goal["rubrik"] = self.rubrik
        index = len(self.goals) if index is None else index
        top = min(keys.values(), default=0)
        self.marks[("mål", index)] = (self.first + top, 1)
        for key in goal:
            key_line = self.first + keys.get(key, top)
            self.marks[("mål", index, key)] = (key_line, 1)
            self.starts[("mål", index, key)] = key_line
        goal = {k: _with_notes(v, self.notes) for k, v in goal.items()}
        if index == len(self.goals):
            self.goals.append(goal)
        else:
            self.goals[index] = goal
        return index

    def item(self, lines: list[str], numbers: list[int], index: int | None = None) -> None:
        """A goal written as text: a list item, a paragraph, anything else as written."""
        goal, offsets = _goal_item("\n".join(lines))
        index = self.put(goal, {key: numbers[offsets.get(key, 0)] for key in goal}, index)
        self.last = (index, lines, numbers)

    def table(self, tokens, start: int, body: list[str]) -> None:
        """A Markdown table: a header of goal columns, then one row per goal."""
        rows, row = [], []
        for tok, nxt in zip(tokens[start:], tokens[start + 1:]):
            if tok.type == "tr_open":
                row = [tok.map[0]]
            elif tok.type in ("th_open", "td_open"):
                row.append(nxt.content if nxt.type == "inline" else "")
            elif tok.type == "tr_close":
                rows.append(row)
            elif tok.type == "table_close":
                break
        columns = self.header(rows[0][1:], rows[0][0], body[rows[0][0]])
        for line, *cells in rows[1:]:
            self.row(columns, cells + _cells(body[line], "|")[len(cells):], line, body[line])
        self.last = None

    def rows(self, lines: list[str], start: int, sep: str) -> None:
        """Rows pasted as text (Excel's tab-separated cells, or a table without its |---| line):
        a goal per row, its columns named by the first row; without such a row, each row as written."""
        cells = [(start + i, _cells(line, sep)) for i, line in enumerate(lines) if not _SEPARATOR.fullmatch(line)]
        if len(cells) > 1 and any(GOAL_COLUMNS.get(normalise(name)) for name in cells[0][1]):
            columns = self.header(cells[0][1], cells[0][0], lines[cells[0][0] - start])
            for line, row in cells[1:]:
                self.row(columns, row, line, lines[line - start])
        else:
            path = f"mål[{len(self.goals) + 1}]"
            for line, row in cells:
                self.put({"mål": lines[line - start].strip()}, {"mål": line})
            self.warn(start, 1, path, "rows without a first row of column names are kept as "
                      "goals written out; to fill the columns, start them with a row such as Mål, Uppnått, Resultat")
        self.last = None

    def header(self, names: list[str], line: int, raw: str) -> list[str | None]:
        columns: list[str | None] = []
        at = 0  # where in the raw line the name stands
        for name in names:
            at = max(raw.find(name, at), at)
            key = GOAL_COLUMNS.get(normalise(name))
            hidden = invisible.in_name(name)
            if key is None and hidden is not None:
                self.error(line, at + hidden + 1, invisible.key_message(name, hidden, "goals-table column"))
            elif key is None:
                self.error(line, None, f"unknown goals-table column {name!r}; use Rubrik, Mål, Uppnått, Resultat, "
                                       "Mål andel, Mål antal, Utfall, Av")
            elif key in columns:
                self.error(line, at + 1, f"goals-table column {name!r} is given twice; one of them would be lost")
            columns.append(key)
            at += len(name)
        return columns

    def row(self, columns: list[str | None], cells: list[str], line: int, raw: str) -> None:
        extra = [cell for cell in cells[len(columns):] if cell.strip()]
        if extra:
            width = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
            self.warn(line, _column(raw, extra[0]), f"mål[{len(self.goals) + 1}]",
                      f"this row has {width} cells but the header names {len(columns)} columns; {extra[0]!r} and what "
                      "follows it are left out: give them a column heading")
        goal = {key: cell.strip() for key, cell in zip(columns, cells) if key and cell.strip()}
        self.put(goal, {key: line for key in goal} or {"mål": line})

    def error(self, line: int, column: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.first + line, column, "mål", message))

    def warn(self, line: int, column: int | None, path: str, message: str) -> None:
        self.warnings.append(Problem(self.file, self.first + line, column, path, message, "warning"))


def _column(raw: str, text: str) -> int | None:
    """The 1-based column where ``text`` is written in the line ``raw``."""
    found = raw.find(text)
    return found + 1 if found >= 0 else None


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive line numbers as (start, end) ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n:
            runs[-1][1] = n + 1
        else:
            runs.append([n, n + 1])
    return [tuple(r) for r in runs]


def _items(tokens, start: int):
    """The items of the top-level list opening at ``tokens[start]``."""
    for tok in tokens[start + 1:]:
        if tok.level == 0:
            return
        if tok.type == "list_item_open" and tok.level == 1:
            yield tok


def _cells(line: str, sep: str) -> list[str]:
    """A row's cells as written: split on tabs, or on the pipes of a table row."""
    return [cell.strip() for cell in line.split("\t")] if sep == "\t" else row_cells(line)


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
        field = _GOAL_FIELD.match(stripped)
        key = field and field[1].lower().replace(" ", "_")
        if result is not None:
            result.append(line)
        elif any(t.strip() for t in text) and field and key not in goal:  # said twice: kept as text
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
