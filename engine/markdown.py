"""The one Markdown dialect of sources and answers, read so that nothing an author wrote is lost.

CommonMark with pipe tables (and footnotes in answers), with three changes:

* markdown-it stops at its nesting limit and silently drops everything after it, later
  headings and answers included. Here the block rules that nest (lists, quotes, footnotes)
  stop one level short of the limit, and a list item deeper than that becomes a paragraph
  of its own inside the deepest item, so that a Markdown source's later headings are still
  found. Word has nine list levels, so a source nesting lists and quotes deeper than
  :data:`MAX_DEPTH` is refused (:func:`too_deep`) before anything renders it.
* HTML is recognised, so that comments (``<!-- … -->``) can be left out of the form
  (:func:`without_comments`) and pasted HTML prints as what it means (:class:`Tag`):
  ``<b>``, ``<u>``, ``<sup>``, ``<br>``, ``<a href>`` as Word's bold, underline, superscript,
  line break, link; paragraph tags as paragraphs. What it cannot show as written — a
  picture, a table or list in HTML, a ``<span style>``, a tag that is no HTML — is printed
  as its text (or as written) with a warning: :func:`html_notes`.
* Link reference definitions (``[1]: https://…`` on a line of its own) are not hidden: the
  line is printed as written, since a definition nothing refers to would vanish.

What the parser still reads without printing — table cells past the header's columns, a
footnote nothing refers to, HTML shown otherwise than written — :func:`unprinted` names,
for a warning.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from mdit_py_plugins.footnote import footnote_plugin

_NESTING = ("list", "blockquote", "footnote_def")  # the block rules that parse blocks inside blocks
MAX_DEPTH = 9  # lists and quotes inside each other: Word shows nine list levels
# The markers a line opens with (``- > 1. >``): each may open a list or a quote.
_OPENERS = re.compile(r"^[ \t]*(?:(?:>|[-+*]|\d{1,9}[.)])(?:[ \t]+|$)|>)+", re.MULTILINE)
_OPENER = re.compile(r">|[-+*]|\d{1,9}[.)]")
_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])(?=[ \t]|$)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# What each HTML tag becomes. Formatting Word has is kept; a paragraph tag is a paragraph; the
# tags of a structure (tables, lists, headings) leave their text as paragraphs, with a warning;
# those that only style text leave it as it is, with a warning; any other tag is printed as written.
FORMATS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
           "s": "strike", "strike": "strike", "del": "strike", "sup": "superscript", "sub": "subscript",
           "code": "code", "kbd": "code", "tt": "code", "samp": "code"}
_PARAGRAPH_TAGS = {"address", "article", "aside", "center", "details", "div", "figcaption", "figure", "footer",
                   "header", "hr", "main", "nav", "p", "section", "summary"}
_STRUCTURES = {"table": ("table", "its rows and columns", "a Markdown table (| Rubrik | Antal |)"),
               "list": ("list", "its list", "a Markdown list (- punkt, 1. punkt)"),
               "heading": ("heading", "its heading", "a Markdown heading (### Rubrik)"),
               "blockquote": ("quote", "its quote", "a Markdown quote (> citat)"),
               "pre": ("preformatted text", "its line breaks and spacing", "a code block between ``` lines")}
_STRUCTURE_TAGS = {**dict.fromkeys(("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"),
                                   "table"),
                   **dict.fromkeys(("ul", "ol", "li", "dl", "dt", "dd", "menu"), "list"),
                   **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
                   "blockquote": "blockquote", "pre": "pre"}
_STYLE_TAGS = {"abbr", "big", "cite", "dfn", "font", "mark", "o:p", "q", "small", "span", "time", "var", "wbr"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*(?::[A-Za-z0-9]+)?)((?:\s[^<>]*)?)/?>")
_HTML_START = re.compile(r"<[A-Za-z/!?]")  # where markdown-it may see HTML
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")


def parser(footnotes: bool = False, html_blocks: bool = True, inline: bool = True) -> MarkdownIt:
    """A markdown-it parser for the dialect (``html_blocks=False`` for the text of an HTML block,
    whose tags are read inline; ``inline=False`` for the blocks alone, with each block's text
    unread, several times faster)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("reference")
    if not html_blocks:
        md.block.ruler.disable("html_block")
    if footnotes:
        md.use(footnote_plugin)
    if not inline:
        md.core.ruler.disable("inline")
    limit = md.options["maxNesting"] - 2  # a list opens two levels (list, item) before its blocks
    ruler = md.block.ruler
    for rule in ruler.__rules__:  # markdown-it has no public way to wrap a rule and keep its chains
        if rule.name in _NESTING:
            rule.fn = _bounded(rule.fn, limit, rule.name != "footnote_def")
    ruler.before("code", "deep_item", _deep_item(limit), {"alt": ["paragraph", "blockquote"]})
    return md


def _bounded(rule, limit: int, counts: bool):
    """The rule, declining where the blocks it opens would reach the nesting limit. A list or
    quote (``counts``) opened inside :data:`MAX_DEPTH` others is noted in the parse's ``env``
    (``too_deep``: its offset in the text), for :func:`too_deep`."""

    def bounded(state, start, end, silent):
        if silent or not counts:
            return state.level < limit and rule(state, start, end, silent)
        depth = state.env.get("depth", 0)
        if depth >= MAX_DEPTH and "too_deep" not in state.env and rule(state, start, end, True):
            state.env["too_deep"] = state.bMarks[start] + state.tShift[start]
        state.env["depth"] = depth + 1
        try:
            return state.level < limit and rule(state, start, end, silent)
        finally:
            state.env["depth"] = depth
    return bounded


def _deep_item(limit: int):
    """A list item where no list may open any more: its first line as a paragraph of its own
    (however far it is indented: there it is the author's next level, not code)."""

    def deep_item(state, start, end, silent):
        if state.level < limit:
            return False
        line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
        marker = _MARKER.match(line)
        if not marker:
            return False
        if silent:
            return True
        state.env.setdefault("too_deep", state.bMarks[start] + state.tShift[start])
        state.push("paragraph_open", "p", 1).map = [start, start + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = line[marker.end():].strip(), [start, start + 1], []
        state.push("paragraph_close", "p", -1)
        state.line = start + 1
        return True

    return deep_item


_FIND = parser()
_BLOCKS = parser(inline=False)
_INLINE_HTML = parser(html_blocks=False)
_TABLE_RULE = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)  # the |---|---| under a header
_NOTE_DEF = re.compile(r"^[ \t>]*\[\^([^\]\s]+)\]:")


def too_deep(text: str) -> tuple[int, int] | None:
    """Where ``text`` first nests lists and quotes more than :data:`MAX_DEPTH` deep, as the
    0-based (line, column) of the marker that opens the deeper one; None if it never does.
    Counted as the parser reads them, so in linear time. Each list or quote inside another
    opens with a marker further right than the one around it, so text whose markers stand
    in no more than MAX_DEPTH columns (a flat list: one) is not parsed at all."""
    columns = set()
    for opening in _OPENERS.finditer(text):
        chain = opening[0].expandtabs(4)  # the columns markdown-it counts
        columns.update(marker.start() for marker in _OPENER.finditer(chain))
    if len(columns) <= MAX_DEPTH:
        return None
    env: dict = {}
    _BLOCKS.parse(text, env)
    if "too_deep" not in env:
        return None
    offset = env["too_deep"]
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset), offset - line_start


def without_comments(text: str) -> str:
    """The text less its HTML comments, block and inline (not those in code), line numbers kept."""
    if "<!--" not in text:
        return text
    comments = []
    for token in _FIND.parse(text):
        if token.type == "html_block":
            comments += _COMMENT.findall(token.content)
        elif token.type == "inline":
            comments += [c.content for c in token.children or () if c.type == "html_inline" and c.content.startswith("<!--")]
    out, pos = [], 0
    for comment in comments:
        found = text.find(comment, pos)
        if found < 0:  # an indented comment spanning lines: the writer leaves it out all the same
            continue
        out.append(text[pos:found] + "\n" * comment.count("\n"))
        pos = found + len(comment)
        if out[-1].endswith(" ") and text[pos:pos + 1] == " ":
            pos += 1  # "a <!-- x --> b" reads "a b"
    return "".join(out) + text[pos:]


def unclosed_comment(text: str) -> tuple[int, int | None] | None:
    """Where a comment opens a block and never closes, as (0-based line, 0-based line of the
    ``-->`` that would close it instead, or None): CommonMark would hide everything after it,
    later headings included, or — comments do not nest — everything up to the next comment's end."""
    if "<!--" not in text:
        return None
    for tok in _BLOCKS.parse(text):
        content = tok.content
        if tok.type != "html_block" or not content.lstrip().startswith("<!--"):
            continue
        end = content.find("-->")
        if end < 0:
            return tok.map[0], None
        if 0 <= content.find("<!--", content.find("<!--") + 4) < end:
            return tok.map[0], tok.map[0] + content.count("\n", 0, end)
    return None


def comment_message(closed_by: int | None, otherwise: str) -> str:
    """What an unclosed comment does (see :func:`unclosed_comment`): ``otherwise`` where nothing
    closes it; ``closed_by`` is the 1-based line of the ``-->`` that would."""
    if closed_by is None:
        return f"this comment is never closed with -->, {otherwise}"
    return (f"this comment is never closed with -->: the next comment's --> (line {closed_by}) would close it, "
            "hiding everything between; close it")


def stray_comment_end(text: str) -> int | None:
    """The 0-based line of a ``-->`` standing alone that closes no comment: its ``<!--`` was
    deleted, so the note above it (a skeleton's guidance) would be printed."""
    if "-->" not in text:
        return None
    bare = without_comments(text)
    code = {line for tok in _BLOCKS.parse(bare) if tok.type in ("fence", "code_block") and tok.map
            for line in range(*tok.map)}
    return next((i for i, line in enumerate(bare.split("\n")) if line.strip() == "-->" and i not in code), None)


class Tag:
    """An HTML tag as written: its lower-case ``name``, whether it ``closes``, its attributes,
    and what it becomes (``kind``): "format" (``FORMATS[name]``), "break", "link", "picture",
    "paragraph", "structure", "style" (left out, its text kept), or "literal" (printed as written)."""

    def __init__(self, match: re.Match | None, written: str = ""):
        """The tag ``match`` found, or (None) markup that is no tag, ``written``: printed as written."""
        if match is None:
            self.written, self.closes, self.name, self.attrs, self.kind = written, False, "", {}, "literal"
            return
        self.written, self.closes, self.name = match[0], bool(match[1]), match[2].lower()
        self.attrs = {k.lower(): html.unescape(v.strip("\"'")) for k, v in _ATTRIBUTE.findall(match[3])}
        name = self.name
        self.kind = ("format" if name in FORMATS else "break" if name == "br" else "link" if name == "a" else
                     "picture" if name == "img" else "paragraph" if name in _PARAGRAPH_TAGS else
                     "structure" if name in _STRUCTURE_TAGS else "style" if name in _STYLE_TAGS else "literal")


def html_tag(written: str) -> Tag | None:
    """The tag an inline HTML token is (None for a comment, or the rest markdown-it takes for
    HTML: ``<?…?>``, ``<!DOCTYPE …>``, ``<![CDATA[…]]>``)."""
    match = _TAG.fullmatch(written.strip())
    return Tag(match) if match else None


def html_text(block: str) -> str:
    """An HTML block as the Markdown of its text: comments gone, paragraph and structure tags
    as paragraph breaks, each line unindented (HTML's indentation is no code block); the
    other tags stay for the writer to read inline (see :class:`Tag`)."""
    block = _COMMENT.sub("", block)
    text = _TAG.sub(lambda m: "\n\n" if Tag(m).kind in ("paragraph", "structure") else m[0], block)
    return "\n".join(line.strip() for line in text.split("\n"))


def html_notes(text: str) -> list[tuple[int, str, str]]:
    """What of the HTML in ``text`` a form shows otherwise than written, as (0-based line, the
    tag as written, what happens to it and what to write instead): pictures, the tags of a
    structure, tags that only style text (each name once) and tags no form knows."""
    if "<" not in text or not _HTML_START.search(text):
        return []
    out, seen = [], set()

    def note(line: int, tag: Tag) -> None:
        written = tag.written.split("\n")[0]
        if tag.kind == "picture":
            alt, src = tag.attrs.get("alt", ""), tag.attrs.get("src", "")
            instead = "; its alternative text is printed in its place" if alt.strip() else ""
            out.append((line, written, f"the HTML picture {written} is not shown{instead}: to show a picture, write "
                        f"![{alt.strip() or 'beskrivning'}]({src if src and '/' not in src else 'bild.png'}) with the "
                        "picture file beside the source"))
        elif tag.kind == "structure" and _STRUCTURE_TAGS[tag.name] not in seen:
            what, lost, markdown = _STRUCTURES[_STRUCTURE_TAGS[tag.name]]
            seen.add(_STRUCTURE_TAGS[tag.name])
            out.append((line, written, f"this HTML {what} ({written}) is printed as plain paragraphs of its text, "
                        f"without {lost}; write it as {markdown}"))
        elif tag.kind == "style" and tag.name not in seen and not tag.closes:
            seen.add(tag.name)
            out.append((line, written, f"the HTML tag <{tag.name}> is left out and the text in it printed plainly: a "
                        "form takes no formatting from it; use Markdown's **fet** or *kursiv*"))
        elif tag.kind == "literal" and tag.written not in seen:
            seen.add(tag.written)
            out.append((line, written, f"{written} is no HTML a form shows, so it is printed as written; if it is "
                        f"meant as text, write \\{written} to say so"))

    def inline(tokens, line: int) -> None:  # the line the block starts on: the caller finds the tag from there
        for token in tokens:
            if token.type != "html_inline" or token.content.startswith("<!--"):
                continue
            note(line, html_tag(token.content) or Tag(None, token.content))  # <?…?>, <!DOCTYPE …>: as written

    for token in _FIND.parse(text):
        line = token.map[0] if token.map else 0
        if token.type == "inline":
            inline(token.children or (), line)
        elif token.type == "html_block":
            for match in _TAG.finditer(_COMMENT.sub("", token.content)):
                if Tag(match).kind == "structure":
                    note(line, Tag(match))
            for inner in _INLINE_HTML.parse(html_text(token.content)):
                if inner.type == "inline":
                    inline(inner.children or (), line)
    return sorted(out, key=lambda found: found[0])  # by line; on one line, in the order written


def row_cells(line: str) -> list[str]:
    """The cells of a table row as written, split on its pipes (``\\|`` is a pipe in a cell)."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in escapedSplit(row)]


def unprinted(text: str) -> list[tuple[int, str, str]]:
    """What of ``text`` the parser reads but no form prints, as (0-based line, the words there, why)."""
    lines = text.split("\n")
    out = []
    if "|" in text and _TABLE_RULE.search(text):
        columns, body = 0, False
        for tok in _BLOCKS.parse(text):
            if tok.type in ("thead_open", "tbody_open"):
                columns, body = (0, False) if tok.type == "thead_open" else (columns, True)
            elif tok.type == "th_open":
                columns += 1
            elif tok.type == "tr_open" and body and not lines[tok.map[0]].lstrip().startswith(">"):
                extra = [cell for cell in row_cells(lines[tok.map[0]])[columns:] if cell]
                if extra:
                    out.append((tok.map[0], extra[0], f"this table row has more cells than its header has columns "
                                f"({columns}); {extra[0]!r} and what follows it would not be printed: give them a "
                                "column heading"))
    opened = unclosed_comment(text)
    if opened is not None and opened[1] is None:  # one closed by the next comment's end: see sources.clean
        out.append((opened[0], "<!--", comment_message(None, "so the text after it is printed as it stands: close it")))
    stray = stray_comment_end(text)
    if stray is not None:
        out.append((stray, "-->", "'-->' ends a comment that was never opened, so the lines above it are printed as "
                    "they stand; put <!-- where the note starts, or delete this line"))
    out += html_notes(text)
    for number, line in enumerate(lines if "[^" in text else ()):
        label = _NOTE_DEF.match(line)
        if label and not re.search(rf"\[\^{re.escape(label[1])}\](?!:)", text):
            out.append((number, f"[^{label[1]}]:", f"footnote [^{label[1]}] is never referred to, so it would not be "
                        f"printed; refer to it with [^{label[1]}] where it belongs, or delete it"))
    return sorted(out, key=lambda found: found[0])  # by line; on one line, in the order written
