"""What ``serve`` shows of a document: the filled form as HTML (at once) and its PDF's pages as PNG.

The HTML comes from the rendered .docx by mammoth, so it shows what Word would: the form's
wording, the answers, tables, lists, footnotes and charts (as inline images with their
alternative text). mammoth reads every part with a DOM parser, and the forms' styles part
(350 kB of Word's built-in styles) took three quarters of its time: it is handed a styles part
with what mammoth reads of one (each style's type, id and name, and a numbering style's list),
which gives the same HTML in a fifth of the time.
"""

from __future__ import annotations

import io
import threading
import zipfile
from functools import lru_cache
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = "word/styles.xml"
#: The form's paragraph styles as HTML, headings below the page's own two levels: the title,
#: then the sections (the forms use Heading 1 only for a subtitle, and some have no Heading 1).
STYLE_MAP = """
p[style-name='Title'] => h3:fresh
p[style-name='Heading 1'] => p.undertitel:fresh
p[style-name='Heading 2'] => h4:fresh
p[style-name='Fråga'] => p.fraga:fresh
p[style-name='Svar'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
"""
#: PDFium is not thread-safe, and the pages are asked for by several requests at once.
_PDFIUM = threading.Lock()
#: Pixels per PDF point of a page image: an A4 page 794 px wide, as a browser shows it at 100 %.
SCALE = 96 / 72


#: The links the preview keeps as links: to a web page, a mail address or a telephone (and a
#: place in the form). Any other (``javascript:``, ``data:``, ``file:``, a path) shows as its text.
SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def html(document: bytes, ids: str = "") -> str:
    """The .docx ``document`` as an HTML fragment; ``ids`` prefixes its footnotes' ids (two
    documents on one page)."""
    import mammoth

    result = mammoth.convert_to_html(io.BytesIO(_slim(document)), style_map=STYLE_MAP, id_prefix=ids,
                                     transform_document=_safe_links)
    return result.value


def _safe_links(document):
    """``document`` with every link outside :data:`SCHEMES` made plain text: an author may paste
    ``<a href="javascript:…">`` into an answer, and the page holds the server's key."""
    from urllib.parse import urlsplit

    from mammoth import documents, transforms

    def safe(link):
        try:
            kept = link.anchor is not None or urlsplit(link.href or "").scheme.lower() in SCHEMES
        except ValueError:  # no URL a browser would follow either
            kept = False
        return link if kept else documents.run(children=link.children)

    return transforms.element_of_type(documents.Hyperlink, safe)(document)


def _slim(document: bytes) -> bytes:
    """``document`` with its styles part cut down to what mammoth reads of it."""
    source = zipfile.ZipFile(io.BytesIO(document))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, _styles(data) if item.filename == STYLES else data)
    return out.getvalue()


@lru_cache(maxsize=16)  # one per form: the styles part is the template's, whatever the answers
def _styles(data: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    slim = etree.Element(f"{{{W}}}styles", nsmap={"w": W})
    for style in root.iterfind(f"{{{W}}}style"):
        kept = etree.SubElement(slim, style.tag, dict(style.attrib))
        for path in (f"{{{W}}}name", f"{{{W}}}pPr/{{{W}}}numPr"):
            found = style.find(path)
            if found is not None:
                parent = kept if path.endswith("name") else etree.SubElement(kept, f"{{{W}}}pPr")
                parent.append(found)
    return etree.tostring(slim, xml_declaration=True, encoding="UTF-8", standalone=True)


@lru_cache(maxsize=64)
def page_count(pdf: Path, stamp: tuple) -> int:
    """How many pages ``pdf`` has; ``stamp`` (its size and time) keys the cache."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return len(document)
        finally:
            document.close()


@lru_cache(maxsize=64)
def page(pdf: Path, stamp: tuple, number: int) -> bytes:
    """Page ``number`` (from 1) of ``pdf`` as PNG; ``stamp`` (its size and time) keys the cache."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            image = document[number - 1].render(scale=SCALE).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
