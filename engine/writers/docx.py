"""Context → .docx through the layout's docxtpl template.

User text is data, never template: it is inserted with autoescape on and is not parsed
again, so ``{{ x }}``, ``{% if %}`` and ``& < >`` come out literally. Answers (``Prose``)
go in as marker paragraphs that :mod:`engine.writers.richtext` then replaces with real
Word formatting.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from engine.prose import Prose
from engine.writers.richtext import RichWriter

_MARK = "\ue000{}\ue001"


def _finalize(value):
    # An unanswered question leaves an empty answer, never "None".
    return "" if value is None else value


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)


@cache
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _with_markers(value, answers: dict):
    """The context with every Prose answer swapped for a unique marker string."""
    if isinstance(value, Prose):
        marker = _MARK.format(len(answers))
        answers[marker] = value
        return _Marker(marker, bool(value))
    if isinstance(value, dict):
        return {k: _with_markers(v, answers) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_markers(v, answers) for v in value]
    return value


class _Marker(str):
    """A marker that keeps its answer's truth, so ``{%p if answer %}`` still works."""

    def __new__(cls, text: str, truth: bool):
        obj = super().__new__(cls, text)
        obj._truth = truth
        return obj

    def __bool__(self) -> bool:
        return self._truth


def _expand(document, answers: dict) -> None:
    if not answers:
        return
    writer = RichWriter(document)
    for p in list(document.element.body.iter(qn("w:p"))):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text in answers:
            writer.replace(p, answers[text])


def render(template: Path, context: dict, properties: dict | None = None) -> bytes:
    """Render ``template`` with ``context`` and return the .docx as bytes.

    ``properties`` (title, author, subject, language) become the document's core
    properties, which converters carry over into the PDF's metadata."""
    answers: dict = {}
    doc = DocxTemplate(io.BytesIO(_template_bytes(template)))
    doc.render(_with_markers(context, answers), jinja_env=_environment(), autoescape=True)
    _expand(doc.docx, answers)
    for name, value in (properties or {}).items():
        setattr(doc.docx.core_properties, name, value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
