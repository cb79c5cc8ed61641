"""Context → .docx through the layout's docxtpl template.

User text is data, never template: it is inserted with autoescape on and is not parsed
again, so ``{{ x }}``, ``{% if %}`` and ``& < >`` come out literally. Answers (``Prose``)
go in as marker paragraphs that :mod:`engine.writers.richtext` then replaces with real
Word formatting.

Markers are made of private-use characters U+E000–U+E003, which the writer reserves: in
user text they are escaped before rendering and restored only after the marker paragraphs
have been found, so no text, however spelt, can pass for a marker or change another field.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from engine.prose import Prose
from engine.writers.richtext import RichWriter
from engine.writers.tags import HandTypedTemplate

_MARK = "\ue000{}\ue001"
_HIDDEN_UNDERSCORE = "\ue002"
_ESCAPE = "\ue003"
# The reserved characters in user text → an escape and a digit, which hold none of them.
_ESCAPED = {0xE000 + i: f"{_ESCAPE}{i}" for i in range(4)}
_RESTORE = re.compile(f"{_HIDDEN_UNDERSCORE}|{_ESCAPE}([0-3])")


class FormError(ValueError):
    """The form is at fault, not the source: it is no .docx at all, or an expression typed into it
    failed while rendering ({{ name + 1 }}). The layout's to fix."""


def _from_template(exc: BaseException) -> bool:
    """Whether ``exc`` was raised by the template's own code (Jinja names its frames ``<template>``)."""
    import traceback

    return any(frame.filename == "<template>" for frame in traceback.extract_tb(exc.__traceback__))


def _finalize(value):
    # An unanswered question leaves an empty answer, never "None".
    return "" if value is None else value


class _Environment(jinja2.Environment):
    """Compiles each template part once per run: docxtpl hands the same XML for every document."""

    @cache  # noqa: B019 - one environment per process, kept for the whole run
    def from_string(self, source, globals=None, template_class=None):
        return super().from_string(source, globals, template_class)


@cache
def _environment() -> jinja2.Environment:
    return _Environment(autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined)


#: What a form may hold unpacked: a blank form with its logo is well under a megabyte, and a
#: file that unpacks to more is not one (a zip bomb would be read whole into memory).
MAX_FORM_BYTES = 64 * 1024 * 1024
MAX_FORM_PARTS = 2_000


def form_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be a form (.docx) at all, said for the förbund officer, or None."""
    save = "open it in Word and save it as a Word document (.docx)"
    if not data:
        return "is empty: save the form from Word into the folder again, as a Word document (.docx)"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # the compound file of Word 97-2003
        return f"is a Word 97-2003 document (.doc) named .docx: {save}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return f"is not a Word document (.docx): {save}"
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_FORM_PARTS or unpacked > MAX_FORM_BYTES:
        return (f"unpacks to {unpacked // (1024 * 1024)} MB in {len(parts)} "
                f"part{'s' if len(parts) != 1 else ''}, more than a "
                f"form holds (at most {MAX_FORM_BYTES // (1024 * 1024)} MB): {save} again, without large pictures")
    if "word/document.xml" not in {p.filename for p in parts}:
        return f"is a zip file but no Word document (it has no word/document.xml): {save}"
    return None


@cache
def _template_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    problem = form_problem(data)
    if problem:
        raise FormError(problem)
    return data


# docxtpl turns "{_{", "}_}", "{_%" and "%_}" in the rendered XML into tags' braces (its
# escape for template authors); in user text such an underscore is hidden until rendered.
_DOCXTPL_ESCAPES = re.compile(r"(?<=[{}%])_(?=[{}%])")


def _plain(text: str) -> str:
    """User text as it goes into the template: reserved characters escaped, docxtpl's brace escapes hidden."""
    return _DOCXTPL_ESCAPES.sub(_HIDDEN_UNDERSCORE, text.translate(_ESCAPED))


def _with_markers(value, answers: dict):
    """The context with every Prose answer swapped for a unique marker string, and every
    plain text made safe (:func:`_plain`)."""
    if isinstance(value, Prose):
        marker = _MARK.format(len(answers))
        answers[marker] = value
        return _Marker(marker, bool(value))
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, dict):
        return {_plain(k) if isinstance(k, str) else k: _with_markers(v, answers) for k, v in value.items()}
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


def _placeholders(document, answers: dict) -> list:
    """The marker paragraphs and their answers, found while only markers hold marker characters."""
    found = []
    for t in document.element.body.xpath('.//w:t[starts-with(., "\ue000")]'):
        p = t.getparent().getparent()
        text = "".join(x.text or "" for x in p.iter(qn("w:t")))
        if p.tag == qn("w:p") and text in answers:
            found.append((p, answers[text]))
    return found


def _restore(document) -> None:
    """User text as written, in every part the template rendered: docxtpl's escapes and the
    reserved characters back."""
    parts = [document.element.body] + [rel.target_part.element for rel in document.part.rels.values()
                                       if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]
    for part in parts:
        for t in part.xpath(f'.//w:t[contains(., "{_HIDDEN_UNDERSCORE}") or contains(., "{_ESCAPE}")]'):
            t.text = _RESTORE.sub(lambda m: "_" if m[1] is None else chr(0xE000 + int(m[1])), t.text)


def render(template: Path, context: dict, properties: dict | None = None, images: dict | None = None) -> bytes:
    """Render ``template`` with ``context`` and return the .docx as bytes.

    ``properties`` (title, author, subject, language) become the document's core
    properties, which converters carry over into the PDF's metadata. ``images``: the
    Markdown images the answers may show, address as written → checked bytes."""
    answers: dict = {}
    doc = HandTypedTemplate(io.BytesIO(_template_bytes(template)))
    try:
        doc.render(_with_markers(context, answers), jinja_env=_environment(), autoescape=True)
    except (jinja2.TemplateError, RecursionError):
        raise
    except Exception as exc:
        if not _from_template(exc):
            raise
        raise FormError(f"{type(exc).__name__}: {exc}, in an expression typed into the form") from None
    placeholders = _placeholders(doc.docx, answers)
    _restore(doc.docx)
    if placeholders:
        writer = RichWriter(doc.docx, images)
        for placeholder, answer in placeholders:
            writer.replace(placeholder, answer)
    for name, value in (properties or {}).items():
        setattr(doc.docx.core_properties, name, _property(value))
    own_properties(doc.docx, dated=bool(properties and "modified" in properties))
    return save(doc.docx)


# The extended properties of a rendered document: the program that wrote it, and nothing of the
# blank form's (its editor, that editor's version, the page and word counts of the empty form).
_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Application>slutrapport</Application></Properties>")


def own_properties(document, dated: bool) -> None:
    """What the document says about itself is about this document, not the form it was made
    from: docProps/app.xml names slutrapport; the form's thumbnail (a picture of the blank
    form) is dropped; an undated report (no signature or reporter's date) gets no dates at
    all rather than the template's. The clock is never read, so rebuilds give equal bytes."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML
    if not any(rel.reltype == RT.EXTENDED_PROPERTIES for rel in package.rels.values()):
        part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
        package.relate_to(part, RT.EXTENDED_PROPERTIES)
    if not dated:
        core = document.core_properties._element
        for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for element in core.findall(qn(name)):
                core.remove(element)


def _property(value):
    """A document property as a .docx can hold it: text of at most 255 characters (a longer
    name is cut, with an ellipsis, in the metadata only; the document shows it whole)."""
    if isinstance(value, str) and len(value) > 255:
        return value[:254] + "\u2026"
    return value


class _StableZip:
    """python-docx's zip writer, but with every entry dated 1980-01-01: equal documents are equal bytes."""

    def __init__(self, file):
        self._zip = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def save(document) -> bytes:
    """``Document.save`` (python-docx's ``OpcPackage.save``) into bytes, through :class:`_StableZip`."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _StableZip(out)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()
