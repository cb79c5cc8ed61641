"""Readers: turn a source file into :class:`Located` data, whatever its spelling."""

from __future__ import annotations

from pathlib import Path

from engine.errors import Problem, SourceError
from engine.sources.located import Located
from engine.sources.markdown_source import read_markdown
from engine.sources.yaml_source import read_yaml

SUFFIXES = {".yaml": read_yaml, ".yml": read_yaml, ".md": read_markdown}
MAX_BYTES = 5 * 1024 * 1024


def decode(raw: bytes, file: Path) -> str:
    """Decode a source as UTF-8 (with or without BOM) or UTF-16 with BOM; normalise newlines."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise SourceError([Problem(file, line, None, "",
                                       "the file is not UTF-8 (perhaps Windows-1252 from an old editor); "
                                       "save it again as UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(file: Path, form_headings: dict[str, tuple] | None = None) -> Located:
    """Read one source file by its suffix; ``form_headings`` (a form's question → field) lets
    a Markdown source name a section by the form's own wording."""
    reader = SUFFIXES.get(file.suffix.lower())
    if reader is None:
        raise SourceError([Problem(file, None, None, "",
                                   f"unsupported source type {file.suffix!r}; use one of {', '.join(SUFFIXES)}")])
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([Problem(file, None, None, "",
                                       f"the source is {size // 1024 // 1024} MB; a report source is at most 5 MB")])
        raw = file.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(file, None, None, "", f"cannot read the file: {exc.strerror}")]) from None
    text = decode(raw, file)
    return read_markdown(text, file, form_headings) if reader is read_markdown else reader(text, file)
