"""Prose: the answers authors write, as Markdown, handed from layouts to writers.

Every prose field of a source is Markdown (CommonMark with tables and footnotes). A
layout passes an answer to its template as :class:`Prose` — one or more Markdown texts
that a writer renders one after another (each with its own footnote labels) — and never
turns it into Word itself. A :class:`Picture` (a chart the engine drew) may stand among
the texts: the writer places it as an inline picture in a paragraph of its own, with its
alternative text as the picture's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s)", re.MULTILINE)


@dataclass(frozen=True)
class Picture:
    """A picture in an answer: PNG bytes, the alternative text that says what it shows (its
    numbers, for a chart), its width on the page at most, in cm (less where the page or
    table cell is narrower; the height keeps the aspect ratio), and a short title."""

    png: bytes
    alt: str
    width_cm: float = 15.0
    title: str = ""

    def __str__(self) -> str:
        return self.alt


class Prose(tuple):
    """An answer made of Markdown texts (and :class:`Picture` values), rendered in order;
    empty texts are dropped."""

    def __new__(cls, *texts: str | Picture | None):
        return super().__new__(cls, tuple(t for t in texts if isinstance(t, Picture) or (t and t.strip())))

    def __str__(self) -> str:  # a template that prints it without a writer still shows the text
        return "\n\n".join(map(str, self))


def escape(text: str) -> str:
    """Plain text (a name, a computed sentence) made safe to place inside Markdown."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}{m[3]}" if m[2][-1] in ".)" else
                           f"{m[1]}\\{m[2]}{m[3]}", text)
