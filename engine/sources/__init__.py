"""Readers: turn a source file into :class:`Located` data, whatever its spelling.

Whatever the author's editor did to the file is undone here, before any reader sees it:
UTF-8 with or without BOM, UTF-16 (Word's and Notepad's "Unicode"), CRLF line ends. What
cannot be read gets one clear line; what Word cannot hold (control characters pasted from
PDFs) is removed with a warning naming the field. Text is read in its composed form (NFC),
so a key typed as o + combining diaeresis is the key with ö; invisible characters are
named or removed as :mod:`engine.sources.invisible` says.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from engine.errors import Problem, SourceError, dotted
from engine.markdown import unprinted as _unprinted
from engine.markdown import comment_message, unclosed_comment, without_comments
from engine.sources import invisible
from engine.sources.located import Located
from engine.sources.markdown_source import read_markdown
from engine.sources.yaml_source import EMPTY, read_yaml

SUFFIXES = {".yaml": read_yaml, ".yml": read_yaml, ".md": read_markdown}
MAX_BYTES = 5 * 1024 * 1024  # the longest real report is 55 kB
SAVE_AS_UTF8 = "save it again as UTF-8 (in Notepad: Save as → Encoding: UTF-8)"
# What XML 1.0, and so Word, cannot hold: C0 controls but tab and newline, U+FFFE/U+FFFF,
# lone surrogates. Form and line feeds from PDFs become line breaks; the rest goes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_NEWLINE = {"\x0b": "\n", "\x0c": "\n"}
EMPTY_FILE = ("the file is empty (0 bytes), as a save that failed leaves it; save the report again from your editor, "
              "or restore it from a backup")
NO_FRONT_MATTER = ("start the file with the lines '---', 'namn: …', 'förbund: …' and '---' (slutrapport new "
                   "--forbund uppsala ny.md writes a report with every field)")
#: Files that are no text, by their first bytes: what they are, and how their text becomes a source.
_COPY = "copy its text into Notepad and save that as {name} (Save as type: All files; Encoding: UTF-8)"
_PICTURE = "to show a picture, put it beside the source and name it in an answer: ![what it shows](bild.png)"
_KINDS = (
    (b"{\\rtf", "an RTF document (rich text, as WordPad and TextEdit save it)",
     "save it again as plain text (WordPad: Save as → Text document; TextEdit: Format → Make Plain Text), named {name}"),
    (b"%PDF", "a PDF document", _COPY),
    (b"\xd0\xcf\x11\xe0", "an old Word document (.doc) or another Office file", "open it in Word, " + _COPY),
    (b"\x89PNG", "a PNG picture", _PICTURE),
    (b"\xff\xd8\xff", "a JPEG picture", _PICTURE),
)
#: Zip packages, by a part only they hold.
_PACKAGES = (("word/document.xml", "a Word document (.docx)", "open it in Word, " + _COPY),
             ("xl/workbook.xml", "an Excel workbook", "copy its text into Notepad and save that as {name}"),
             ("content.xml", "an OpenDocument file (.odt, as LibreOffice saves it)", "open it in LibreOffice, " + _COPY))
_WEB_PAGE = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)


def not_text(raw: bytes, file: Path) -> str | None:
    """What ``raw`` is if it is a document of another kind (a Word file renamed .md, an RTF saved
    as .yaml, a web page), said with what to do instead; None for text."""
    for magic, what, fix in _KINDS:
        if raw.startswith(magic):
            break
    else:
        if raw.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(io.BytesIO(raw)) as package:
                    names = set(package.namelist())
            except (zipfile.BadZipFile, ValueError, OSError):
                names = set()
            what, fix = next(((what, fix) for part, what, fix in _PACKAGES if part in names),
                             ("a zip package (a Word, Excel or LibreOffice file, or an archive)",
                              "open it in the program that made it, " + _COPY))
        elif _WEB_PAGE.match(raw[:512].decode("utf-8", errors="replace").lstrip("\ufeff")):
            what, fix = "a web page (HTML)", "copy the text from the page in your browser into Notepad and save that as {name}"
        else:
            return None
    kind = "YAML" if file.suffix.lower() in (".yaml", ".yml") else "Markdown"
    return f"this is {what}, not {kind} text; {fix.format(name=file.name)}"


def decode(raw: bytes, file: Path) -> str:
    """The text of a source, from UTF-8 (with or without BOM) or UTF-16, composed (NFC), with
    ``\\n`` line ends; a document of another kind is named as what it is."""
    if not raw:
        raise SourceError([Problem(file, None, None, "", EMPTY_FILE)])
    kind = not_text(raw, file)
    if kind is not None:
        raise SourceError([Problem(file, None, None, "", kind)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _utf16(raw, file, "utf-16")
    elif len(raw) >= 4 and raw[1::2].count(0) > len(raw) // 4 and raw[0::2].count(0) == 0:
        text = _utf16(raw, file, "utf-16-le")  # UTF-16 without its BOM
    elif len(raw) >= 4 and raw[0::2].count(0) > len(raw) // 4 and raw[1::2].count(0) == 0:
        text = _utf16(raw, file, "utf-16-be")  # the same, big-endian (as some Mac and Java tools write it)
    else:
        try:
            text = raw.decode("utf-8-sig")
            if raw.count(b"\x00") > max(8, len(raw) // 100):
                raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "binary")
        except UnicodeDecodeError as exc:
            if b"\x00" in raw:  # NUL bytes and no UTF-16 pattern: not text at all
                line = raw[: raw.index(b"\x00")].count(b"\n") + 1
                raise SourceError([Problem(file, line, None, "", "this is not a text file (it holds binary data); "
                                                                 "a source is YAML or Markdown text")]) from None
            line = raw[: exc.start].count(b"\n") + 1
            bad = raw[exc.start:exc.start + 1].hex().upper()
            guess = " — it looks like Windows-1252 (ANSI)" if raw[exc.start] in b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9" else ""
            raise SourceError([Problem(file, line, None, "", f"the file is not UTF-8: byte 0x{bad} on this line "
                                                             f"cannot be read{guess}; {SAVE_AS_UTF8}")]) from None
    text = text.lstrip("\ufeff")  # the byte order mark(s) an editor put first
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16(raw: bytes, file: Path, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise SourceError([Problem(file, line, None, "", f"the file is broken UTF-16; {SAVE_AS_UTF8}")]) from None


def strip_controls(text: str) -> tuple[str, dict[int, list[str]]]:
    """Remove, before parsing, the characters Word cannot hold (YAML refuses them too), keeping
    line numbers: returns the text and, per 1-based line, what was taken out."""
    removed: dict[int, list[str]] = {}
    if not _NOT_XML.search(text):
        return text, removed
    lines = text.split("\n")
    for i, line in enumerate(lines):
        bad = _NOT_XML.findall(line)
        if bad:
            removed[i + 1] = bad
            lines[i] = _NOT_XML.sub(lambda m: " " if m[0] in _AS_NEWLINE else "", line)
    return "\n".join(lines), removed


def _fields_at(located: Located, lines: list[int]) -> dict[int, tuple]:
    """Per line, the key whose value holds it: the last key that starts on or before it (one
    sort of the keys and a binary search per line, so that many lines cost no more than linear)."""
    starts = sorted(((key_line, n, path) for n, (path, (key_line, _col)) in enumerate(located.marks.items())))
    firsts = [key_line for key_line, _n, _path in starts]
    found = {}
    for line in lines:
        i = bisect.bisect_right(firsts, line) - 1
        found[line] = starts[i][2] if i >= 0 else ()
    return found


def clean(located: Located, removed: dict[int, list[str]] | None = None) -> list[Problem]:
    """Remove, in place, from every text: HTML comments (notes to the authors, never printed),
    and the characters Word cannot hold or nobody can see, with a warning per field.

    ``removed`` reports what :func:`strip_controls` already took out of the raw text."""
    warnings: list[Problem] = []
    by_field: dict[tuple, list[str]] = {}
    fields = _fields_at(located, sorted(removed or {}))
    for line, chars in sorted((removed or {}).items()):
        by_field.setdefault(fields[line], []).extend(chars)
    for path, bad in by_field.items():
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        warnings.append(Problem(located.file, located.mark(path)[0], None, dotted(path),
                                f"removed {len(bad)} character(s) Word cannot hold ({shown}; often pasted from a PDF)",
                                "warning"))

    def walk(value, path):
        if isinstance(value, str):
            opened = unclosed_comment(value)
            if opened is not None and opened[1] is not None:  # removing it would take the text up to the next one
                start = located.text_starts.get(path, located.mark(path)[0])
                line, col = located.find("<!--", (start + opened[0], 1)) or (start + opened[0], None)
                warnings.append(Problem(located.file, line, col, dotted(path),
                                        comment_message(start + opened[1], ""), "warning"))
            value = without_comments(value)
            bad = _NOT_XML.findall(value)
            if bad:
                shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
                line = located.mark(path)[0]
                warnings.append(Problem(located.file, line, None, dotted(path),
                                        f"removed {len(bad)} character(s) Word cannot hold ({shown}; "
                                        "often pasted from a PDF)", "warning"))
                value = _NOT_XML.sub(lambda m: _AS_NEWLINE.get(m[0], ""), value)
            value, gone = invisible.strip_value(value)
            if gone:
                line, col = located.find(gone[0], located.mark(path)) or (located.mark(path)[0], None)
                warnings.append(Problem(located.file, line, col, dotted(path), invisible.value_message(gone),
                                        "warning"))
            return value
        if isinstance(value, dict):
            for key in list(value):
                value[key] = walk(value[key], path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                value[i] = walk(item, path + (i,))
        return value

    walk(located.data, ())
    return warnings


def unprinted(located: Located) -> list[Problem]:
    """A warning for each piece of an answer that Markdown reads but no form would print
    (table cells past the header, footnotes nothing refers to), where it is written."""
    warnings = []

    def walk(value, path):
        if isinstance(value, str):
            start = located.text_starts.get(path, located.mark(path)[0])
            for offset, words, why in _unprinted(value):
                line, col = located.find(words, (start + offset, 1)) or (start + offset, None)
                warnings.append(Problem(located.file, line, col, dotted(path), why, "warning"))
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            walk(item, path + (key,))

    walk(located.data, ())
    return warnings


#: What a source saved from a word processor or Notepad's "Text documents" is named with.
_SAVED_AS = {".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".htm", ".html"}


def double_suffix(file: Path) -> str | None:
    """For ``rapport.yaml.txt`` (Notepad's "Text documents" adds .txt, and Windows hides it) or
    ``rapport.md.docx``: that it is no source, and how to make it one; None for other names."""
    inner, outer = Path(file.stem).suffix, file.suffix
    if inner.lower() not in SUFFIXES or outer.lower() not in _SAVED_AS:
        return None  # a backup (rapport.yaml.bak) is no source the author meant to build
    if outer.lower() == ".txt":
        return (f"'{outer}' was added to this source's name (Notepad does so when Save as type is Text documents); "
                f"rename it {file.stem} (in Explorer: View → Show → File name extensions, then rename)")
    return f"a {outer} file, not a source (a source is plain text named .yaml, .yml or .md); save its text as {file.stem}"


def read_source(file: Path, form_headings: dict[str, tuple[tuple, ...]] | None = None,
                forbund: str | None = None) -> Located:
    """Read one source file by its suffix; ``form_headings`` (a form's question → fields) lets
    a Markdown source name a section by the form's own wording. A Markdown file without front
    matter is an error where it cannot be a report (unreadable, or no förbund and none given as
    ``forbund``), else a note: either way it says how the front matter starts."""
    reader = SUFFIXES.get(file.suffix.lower())
    if reader is None:
        raise SourceError([Problem(file, None, None, "", double_suffix(file) or
                                   f"unsupported source type {file.suffix!r}; use one of {', '.join(SUFFIXES)}")])
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([Problem(file, None, None, "", f"the source is {size / 1024 / 1024:.0f} MB; "
                                                             "a report source is at most 5 MB")])
        raw = file.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(file, None, None, "", f"cannot read the file: {exc.strerror}")]) from None
    text, removed = strip_controls(decode(raw, file))
    if not text.strip():
        raise SourceError([Problem(file, None, None, "", EMPTY)])
    if reader is not read_markdown:
        located = reader(text, file)
    elif text.split("\n", 1)[0].strip() == "---":
        located = read_markdown(text, file, form_headings)
    else:
        missing = Problem(file, 1, None, "", f"no front matter: {NO_FRONT_MATTER}")
        try:
            located = read_markdown(text, file, form_headings)
        except SourceError as exc:
            raise SourceError([missing] + exc.problems) from None
        if located.data.get("förbund") is None and not forbund:
            raise SourceError([missing])
        located.warnings.insert(0, Problem(file, 1, None, "", "no front matter, so it is built from its headings alone; "
                                                              f"to give its fields, {NO_FRONT_MATTER}", "note"))
    located.removed.update(removed)
    located.lines.extend(text.split("\n"))
    return located
