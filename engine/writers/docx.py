"""Context → .docx through the layout's docxtpl template.

User text is data, never template: it is inserted with autoescape on and is not parsed
again, so ``{{ x }}``, ``{% if %}`` and ``& < >`` come out literally.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate


def _finalize(value):
    # An unanswered question leaves an empty answer, never "None".
    return "" if value is None else value


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)


@cache
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def render(template: Path, context: dict) -> bytes:
    """Render ``template`` with ``context`` and return the .docx as bytes."""
    doc = DocxTemplate(io.BytesIO(_template_bytes(template)))
    doc.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
