"""Read a YAML source into plain data plus the line/column of every key and value.

Every scalar is read as text (or null): the model decides what a value means. This
sidesteps YAML 1.1's traps for Swedish reports — ``2018:4`` as a base-60 integer,
``0701234567`` as octal, ``no`` as false — and keeps phone numbers and diarienummer
exactly as written. Tags other than the plain ones are refused, so nothing in a source
can construct Python objects.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from engine.errors import Problem, SourceError, dotted
from engine.sources import invisible
from engine.sources.located import Located

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
MAX_VALUES = 20_000  # the richest real report has a few hundred
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
#: After a plain value, a comment that reads like more of the text ("Mål #3", "text # mer"), which
#: YAML drops; one set off the usual way (two spaces or a tab, "# ", as in "uppsala  # standard") is meant.
_COMMENT = re.compile(r"(?!(?:[ \t]{2,}|\t)#(?:[ \t]|$))[ \t]+#")
COMMENT_AFTER_VALUE = ("the words after ' #' on this line are a YAML comment and are not printed; if they belong to "
                       "the text, put it in quotes or write it as a | block")

# Whole-file problems, which a reader of another kind of file (a layout.yaml) names its own way.
EMPTY = "the source is empty"
CURLY_VALUE = ("the text is in curly quotes (as Word types them), which YAML keeps, so the document prints them; "
               "if they were meant to quote the text, use straight quotes \"…\" or none")
NOT_A_MAPPING = "the source must be a mapping of keys (namn: …, syfte: …), not a list or a single value"


_HINTS = {
    "mapping values are not allowed": " (text containing ': ' must be quoted or written as a | block)",
    "could not find expected ':'": " (a key needs ': ' after it; text on several lines needs a | block)",
    "did not find expected ',' or ']'": " (a [ opens a list; quote text that starts with [ or write it as a | block)",
    "did not find expected ',' or '}'": " (a { opens a group; quote text that starts with { or write it as a | block)",
    "cannot start any token": " (text that starts with @, ` or % must be in quotes)",
    "did not find expected comment or line break": " (after | or > the text starts on the next line, indented under "
                                                   "its key)",
}
#: A key given as an empty list or group, ``kostnader: []`` (as the skeleton writes it), with a comment after it or not.
_EMPTY_FLOW = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#:][^#:]*?) *: *(?P<empty>\[ *\]|\{ *\}) *(?:#.*)?$")


def _under_empty(lines: list[str], mark, line_offset: int) -> str | None:
    """For a line indented under ``key: []`` or ``key: {}`` (the skeleton's empty list, filled in
    below it with the [] left in place): that the brackets must go."""
    if mark.line >= len(lines):
        return None
    indent = len(lines[mark.line]) - len(lines[mark.line].lstrip(" "))
    above = next((i for i in range(mark.line - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                 None)
    found = _EMPTY_FLOW.match(lines[above]) if above is not None else None
    if not found or indent <= len(found["indent"]):
        return None
    what = "list" if found["empty"].startswith("[") else "group"
    return (f"the {found['empty'].replace(' ', '')} after {found['key']!r} on line {above + 1 + line_offset} makes it an empty {what}, "
            f"so the lines under it cannot belong to it; delete the {found['empty'].replace(' ', '')}")


#: Quotation marks as Word's autocorrect and other editors type them: text to YAML, not quotes.
CURLY = "“”„‘’‚«»"
#: Where a character YAML does not take for what it looks like breaks the structure: a no-break
#: space or an invisible character in the indentation or after a key's colon, a full-width colon
#: after a key, a byte order mark where two files were pasted together.
_ODD_SPACE = r"(?:[^\S\n \t]|[\u200b-\u200f\u2060])"
_LOOKALIKE = re.compile(rf"^[ \t]*+(?:(?P<lead>{_ODD_SPACE})|(?:- +)?(?P<key>[^\s:#\uff1a\ufeff][^:#\uff1a]*?)"
                        rf"(?::(?P<after>{_ODD_SPACE})|[^\S\n]*(?P<colon>\uff1a)))")
_SEPARATORS = re.compile("[\u2028\u2029]")
PASTED = "in the middle of the file, as where another file was pasted in; delete it (and check that nothing is there twice)"


def _lookalike(lines: list[str], mark, spans: list[tuple]) -> tuple[int, int, str] | None:
    """The character nearest before ``mark`` (where the parser gave up) that looks like a space or
    a colon to the author but is none to YAML, as (0-based line, column, what it does and the fix);
    text in quotes or a | block (``spans``, as (start, end) marks) is the author's and never counted."""
    def inside(line: int, col: int) -> bool:
        return any((a.line, a.column) <= (line, col) < (b.line, b.column) for a, b in spans)

    for i in range(min(mark.line, len(lines) - 1), -1, -1):
        row = lines[i]
        found = []
        bom = len(row) - len(row.lstrip(" \t"))
        if row[bom:bom + 1] == "\ufeff":
            found.append((bom, PASTED))
        m = _LOOKALIKE.match(row)
        if m and m["lead"]:
            found.append((m.start("lead"), "in the indentation, which YAML reads as text, not as a space; "
                                           "replace it with an ordinary space"))
        elif m and m["after"]:
            found.append((m.start("after"), f"after '{m['key']}:', where YAML needs an ordinary space to read a key and "
                                            "its value; replace it with an ordinary space"))
        elif m and m["colon"]:
            found.append((m.start("colon"), f"after {m['key']!r} is no colon to YAML; type an ordinary ':' in its place"))
        for col, why in sorted(found):
            if (i, col) <= (mark.line, mark.column) and not inside(i, col):
                return i, col, f"{invisible.describe(row[col])} {why}"
    return None


def _text_spans(text: str, mark) -> list[tuple]:
    """The quoted and block texts the parser read before ``mark``, as (start, end) marks."""
    spans = []
    try:
        for event in yaml.parse(text, Loader=_TextLoader):
            if (event.start_mark.line, event.start_mark.column) >= (mark.line, mark.column):
                break
            if isinstance(event, ScalarEvent) and event.style in ("|", ">", "'", '"'):
                spans.append((event.start_mark, event.end_mark))
    except yaml.YAMLError:
        pass
    return spans


def _curly(row: str, mark) -> str | None:
    """For a syntax error on a line with curly quotes before it: that they quote nothing to YAML."""
    before = row[:mark.column + 1]
    if not any(c in CURLY for c in before):
        return None
    return (" (curly quotes “ ” are text to YAML, not quotes: put text holding ': ', '#' or a leading [ { in straight "
            "quotes \"…\" instead)")


def _separators(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with each line or paragraph separator (U+2028, U+2029: pasted from web pages and
    PDFs; YAML takes them for line breaks, which break an indented text apart) read as a space,
    and where each was, as (0-based line, column, character)."""
    if "\u2028" not in text and "\u2029" not in text:  # str's own search: many times a regex's
        return text, []
    found = []
    for i, row in enumerate(text.split("\n")):
        found += [(i, m.start(), m[0]) for m in _SEPARATORS.finditer(row)]
    return _SEPARATORS.sub(" ", text), found


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it: several times faster


class _TextLoader(_Base):
    """SafeLoader whose only implicit type is null; everything else stays a string."""

    yaml_implicit_resolvers: dict = {}


_TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])


_MISPLACED = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>")


def _indentation(text: str, lines: list[str], mark, what: str, line_offset: int) -> str | None:
    """For a parser error that is a line out of line: the indentations it could have, in words.

    Parser jargon ("did not find expected '-' indicator") says nothing to an author; the
    groups open above the line say where it fits. A ``key: value`` that is indented too far
    reads to YAML as more text with a colon in it, so that case also says how to write text."""
    if mark.line >= len(lines):
        return None
    row = lines[mark.line]
    indent = len(row) - len(row.lstrip(" "))
    blocks, text_of, last_key_line = _open_blocks(text, lines, mark)
    if blocks is None:
        return None
    colon = "mapping values are not allowed" in what
    continued = colon and mark.line >= last_key_line  # the colon is on a later line than its key (1-based)
    misplaced = any(needle in what for needle in _MISPLACED) and mark.column == indent
    if not (continued or misplaced):
        return None
    dash = row.lstrip().startswith("-")
    places = []
    if text_of and not dash:
        column, owner, line = text_of
        places.append((column, f"to continue the text of {owner} (line {line + line_offset})"))
    for kind, column, name, line in reversed(blocks):
        if (kind == "seq") == dash:
            line += line_offset
            places.append((column, f"like the '- ' on line {line}" if dash else f"like {name!r} on line {line}"))
    fits: list[tuple[int, str]] = []
    for column, why in places:
        if column != indent and all(column != taken for taken, _ in fits):
            fits.append((column, why))
    fits = fits[:2]
    if not fits:
        if dash and blocks and blocks[-1][0] == "map":
            return (f"a list item ('- ') cannot stand among keys like {blocks[-1][2]!r} on line "
                    f"{blocks[-1][3] + line_offset}; "
                    "put the list under a key of its own")
        return None
    spaces = "space" if indent == 1 else "spaces"
    options = ", or ".join(f"{column}{' spaces' if i == 0 else ''}, {why}" for i, (column, why) in enumerate(fits))
    hint = f"this line is indented {indent} {spaces}; indent it {options}"
    return hint + ("; if it is text containing ': ', quote it or write it as a | block" if colon else "")


def _open_blocks(text: str, lines: list[str], mark):
    """The block groups open where the parser stopped at ``mark``, outermost first, as (kind, column,
    last key or None, 1-based line of that key or item); the ``|`` text just before the line,
    as (column, whose, line), if any; the 1-based line of the last key. None if a flow group is open."""
    blocks: list[list] = []  # [kind, column, key, line, expecting a key]
    text_of, last_key_line = None, 0
    try:
        for event in yaml.parse(text, Loader=_TextLoader):
            start = event.start_mark
            if (start.line, start.column) >= (mark.line, mark.column):
                break
            text_of = None
            if isinstance(event, CollectionEndEvent):
                blocks.pop()
                continue
            frame = blocks[-1] if blocks else None
            is_key = frame is not None and frame[0] == "map" and frame[4]
            if frame is not None and frame[0] == "map":
                frame[4] = not frame[4]
            if is_key:
                frame[2], frame[3] = getattr(event, "value", "?"), start.line + 1
                last_key_line = start.line + 1
            elif frame is not None and frame[0] == "seq":
                frame[3] = start.line + 1
            if isinstance(event, ScalarEvent) and event.style in ("|", ">") and frame is not None:
                first = lines[min(start.line + 1, len(lines) - 1)]
                owner = repr(frame[2]) if frame[0] == "map" else "the item"
                text_of = (len(first) - len(first.lstrip(" ")), owner, frame[3])
            if isinstance(event, CollectionStartEvent):
                if event.flow_style:
                    return None, None, 0
                blocks.append(["map" if isinstance(event, MappingStartEvent) else "seq", start.column, None,
                               start.line + 1, True])
    except yaml.YAMLError:
        pass
    return [tuple(b[:4]) for b in blocks], text_of, last_key_line


def read_yaml(text: str, file: Path, line_offset: int = 0) -> Located:
    """Parse ``text`` (the YAML of ``file``); ``line_offset`` shifts line numbers for front matter."""

    def problem(mark, path, message) -> Problem:
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        return Problem(file, line, col, path, message)

    text, separators = _separators(text)
    lines = text.split("\n")
    pasted = text.find("\n\ufeff")  # a byte order mark that begins a line: where another file was pasted in
    if pasted >= 0:
        line = text.count("\n", 0, pasted + 1) + 1 + line_offset
        raise SourceError([Problem(file, line, 1, "", f"YAML syntax error: {invisible.describe(chr(0xfeff))} {PASTED}")])
    try:
        root = yaml.compose(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        if mark is not None and (found := _lookalike(lines, mark, _text_spans(text, mark))):
            line, col, why = found
            raise SourceError([Problem(file, line + 1 + line_offset, col + 1, "", f"YAML syntax error: {why}")]) from None
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]:
            what += " (indent with spaces, not tabs)"
        elif mark is not None and (empty := _under_empty(lines, mark, line_offset)):
            what = empty
        elif mark is not None and (hint := _indentation(text, lines, mark, what, line_offset)):
            row = lines[mark.line]
            raise SourceError([Problem(file, mark.line + 1 + line_offset, len(row) - len(row.lstrip()) + 1, "",
                                       f"YAML indentation error: {hint}")]) from None
        elif mark is not None and mark.line < len(lines) and (curly := _curly(lines[mark.line], mark)):
            what += curly
        else:
            what += next((hint for needle, hint in _HINTS.items() if needle in what), "")
        raise SourceError([problem(mark, "", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:  # a reader error: its text spans lines, the first says what
        raise SourceError([problem(None, "", f"YAML syntax error: {str(exc).splitlines()[0]}")]) from None

    if root is None:
        raise SourceError([Problem(file, None, None, "", EMPTY)])
    if not isinstance(root, MappingNode):
        found = _lookalike(lines, root.end_mark, _text_spans(text, root.end_mark))
        if found:
            raise SourceError([Problem(file, found[0] + 1 + line_offset, found[1] + 1, "", f"YAML syntax error: {found[2]}")])
        raise SourceError([problem(root.start_mark, "", NOT_A_MAPPING)])

    warnings: list[Problem] = []
    marks: dict[tuple, tuple[int, int]] = {}
    text_starts: dict[tuple, int] = {}
    problems: list[Problem] = []
    budget = [MAX_VALUES]  # aliases can make a small file expand enormously: count what is built
    seen: set[int] = set()  # nodes built once: one built again is reached through an alias

    def at(node) -> tuple[int, int]:
        return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1

    def build(node, path: tuple):
        budget[0] -= 1
        aliased = id(node) in seen
        seen.add(id(node))
        if budget[0] < 0:
            why = ("its YAML aliases (*name) repeat what their anchors (&name) hold that many times" if aliased or
                   len(seen) < MAX_VALUES else "a report needs far fewer; put long lists in an attachment")
            raise SourceError([problem(node.start_mark, dotted(path), f"the source holds more than {MAX_VALUES} "
                                       f"values: {why}")])
        if node.tag not in _PLAIN_TAGS:
            problems.append(problem(node.start_mark, dotted(path), f"tag {node.tag!r} is not allowed in a source"))
            return None
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:null" and not node.style:  # plain (libyaml says "", PyYAML None)
                return None
            block = node.style in ("|", ">")
            text_starts[path] = node.start_mark.line + 1 + line_offset + (1 if block else 0)
            end = node.end_mark
            comment = not node.style and end.line < len(lines) and _COMMENT.match(lines[end.line], end.column)
            if comment:  # "Mål #3": plain YAML would drop everything from " #" without a word
                warnings.append(Problem(file, end.line + 1 + line_offset, comment.end(), dotted(path),
                                        COMMENT_AFTER_VALUE, "warning"))
            odd = not node.style and _LOOKALIKE.match(node.value)
            if odd and (odd["after"] or odd["colon"]) and not any(c.isspace() for c in odd["key"]):
                # "organisation:\u00a0Tierps kommun" under insatsägare: one text, where a key and its value were meant
                col = odd.start("after") if odd["after"] else odd.start("colon")
                why = (f"after '{odd['key']}:' is no space to YAML" if odd["after"] else
                       f"after {odd['key']!r} is no colon to YAML")
                fix = "an ordinary space" if odd["after"] else "an ordinary ':'"
                warnings.append(Problem(file, at(node)[0], at(node)[1] + col, dotted(path),
                                        f"{invisible.describe(node.value[col])} {why}, so the line is read as text; if "
                                        f"a key and its value were meant, type {fix} in its place", "warning"))
            if not node.style and len(node.value) > 1 and node.value[0] in CURLY and node.value[-1] in CURLY:
                warnings.append(Problem(file, *at(node), dotted(path), CURLY_VALUE, "warning"))
            return node.value
        if isinstance(node, SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                marks[path + (i,)] = at(child)
                items.append(build(child, path + (i,)))
            return items
        if isinstance(node, MappingNode):
            result: dict = {}
            first_line: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    problems.append(problem(key_node.start_mark, dotted(path), "a key must be a plain word"))
                    continue
                key = key_node.value
                if not key_node.style and key and (key[0] in CURLY or key[-1] in CURLY):
                    line, col = at(key_node)
                    bare = key.strip(CURLY)
                    problems.append(Problem(file, line, col + (0 if key[0] in CURLY else len(key) - 1),
                                            dotted(path + (bare,)),
                                            f"the key {key!r} is in curly quotes (as Word types them), which YAML keeps "
                                            f"as part of the key; write {bare}: without them"))
                    continue
                hidden = invisible.in_name(key, spaces=True)
                if hidden is not None:
                    line, col = at(key_node)
                    col = lines[line - 1 - line_offset].find(key[hidden], col - 1) + 1 or col
                    bare = invisible.visible(key).strip()
                    message = (f"{invisible.describe(key[hidden])} in the indentation of {bare!r}, which YAML reads as "
                               "part of the key; replace it with an ordinary space" if not key[:hidden].strip()
                               and unicodedata.category(key[hidden]) == "Zs" else invisible.key_message(key, hidden))
                    problems.append(Problem(file, line, col, dotted(path + (bare,)), message))
                    continue
                if key == "<<":
                    problems.append(problem(key_node.start_mark, dotted(path),
                                            "YAML merge keys (<<) are not supported; write the keys out"))
                    continue
                if key in first_line:
                    problems.append(problem(key_node.start_mark, dotted(path + (key,)),
                                            f"duplicate key (first given on line {first_line[key]}); one of them would be lost"))
                    continue
                first_line[key] = at(key_node)[0]
                marks[path + (key,)] = at(key_node)
                result[key] = build(value_node, path + (key,))
            return result
        return None  # pragma: no cover - yaml has no other node kinds

    data = build(root, ())
    if problems:
        raise SourceError(problems)
    for line, col, char in separators:
        where = max((mark for mark in marks.items() if mark[1] <= (line + 1 + line_offset, col + 1)),
                    key=lambda mark: mark[1], default=((), None))[0]
        warnings.append(Problem(file, line + 1 + line_offset, col + 1, dotted(where),
                                f"{invisible.describe(char)} read as a space: YAML would take it for a line break, "
                                "which breaks the text apart (often pasted from a web page or PDF); type a real line "
                                "break if one was meant", "warning"))
    return Located(file=file, data=data, marks=marks, root=at(root), text_starts=text_starts, warnings=warnings)

