"""Helpers for the scripts that build each layout's ``form.docx`` with python-docx.

The forms are rebuilt from the förbund's wording (recorded in the seeds) as ordinary Word
documents carrying docxtpl tags, so a maintainer can open and adjust them in Word. Each
tag sits in a run of its own, written in one piece, so Word never splits it.

Conventions the layouts' mappings rely on:
- every prose answer is one paragraph holding ``{{ answer }}`` alone: the engine replaces
  it with the answer's Word paragraphs, lists and tables, in that paragraph's style;
- style "Fråga" is a question label, "Svar" an answer paragraph.
"""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Calibri"


def new_document(title: str, subject: str):
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.subject = subject
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    doc.core_properties.language = "sv-SE"
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(4)
    _set_language(normal, "sv-SE")
    for name in ("Title", "Heading 1", "Heading 2"):
        style = styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Title"].font.size = Pt(20)
    styles["Heading 1"].font.size = Pt(14)
    styles["Heading 2"].font.size = Pt(12)

    question = styles.add_style("Fråga", WD_STYLE_TYPE.PARAGRAPH)
    question.base_style = normal
    question.font.bold = True
    question.paragraph_format.space_before = Pt(10)
    question.paragraph_format.space_after = Pt(2)
    question.paragraph_format.keep_with_next = True

    answer = styles.add_style("Svar", WD_STYLE_TYPE.PARAGRAPH)
    answer.base_style = normal
    answer.paragraph_format.space_after = Pt(6)

    # Styles the answers' rich text looks for by Word's built-in names.
    note = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.paragraph_format.space_after = Pt(0)
    styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER).font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    return doc


def _set_language(style, lang: str) -> None:
    rpr = style.element.get_or_add_rPr()
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), lang)
    rpr.append(el)


def para(container, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False):
    """Add a paragraph; ``text`` is one run (tags stay whole)."""
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
    return p


def labelled(container, label: str, value: str, style: str = "Svar"):
    """``Label: {{ value }}`` on one line, the label in bold."""
    p = container.add_paragraph(style=style)
    p.add_run(label).bold = True
    p.add_run(" " + value)
    return p


def prose(container, var: str, style: str = "Svar") -> None:
    """The paragraph an answer replaces: ``{{ var }}`` alone, in the answer style."""
    para(container, f"{{{{ {var} }}}}", style=style)


def optional_prose(container, var: str) -> None:
    """An answer that takes no room at all when it is empty."""
    para(container, f"{{%p if {var} %}}")
    prose(container, var)
    para(container, "{%p endif %}")


def signature_blocks(doc, rows: list[tuple[str, str]], signed_rows: tuple[int, ...]):
    """One small table per party inside ``{%p for sig in signatures %}`` (the caller closes the
    loop), kept on one page, with room to sign by hand in ``signed_rows``."""
    from docx.shared import Cm

    para(doc, "{%p for sig in signatures %}")
    para(doc).paragraph_format.keep_with_next = True
    t = table(doc, rows=len(rows), widths_cm=[6.0, 10.6])
    for row, (label, value) in zip(t.rows, rows):
        para(row.cells[0], label)
        para(row.cells[1], value)
    for i in signed_rows:
        t.rows[i].height = Cm(1.2)
    keep_together(t)
    return t


def question(container, label: str, var: str) -> None:
    para(container, label, style="Fråga")
    prose(container, var)


def table(doc, rows: int, widths_cm: list[float]):
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for row in t.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    return t


def merged_row(t, index: int):
    row = t.rows[index]
    return row.cells[0].merge(row.cells[-1])


def tidy_cells(doc) -> None:
    """Drop the empty paragraph every new cell starts with, where real ones follow it, and let
    question labels inside cells float: keep-with-next there would drag whole rows to the next page."""
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                first = cell.paragraphs[0]
                if len(cell.paragraphs) > 1 and not first.runs:
                    first._element.getparent().remove(first._element)
                for p in cell.paragraphs:
                    if p.style.name == "Fråga":
                        p.paragraph_format.keep_with_next = False


def save(doc, path) -> None:
    tidy_cells(doc)
    doc.save(path)


def keep_together(t) -> None:
    """Keep a small table (a signature block) on one page: rows don't split, each keeps with the next."""
    for row in t.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.append(cant_split)
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
