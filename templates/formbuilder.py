"""Helpers for the scripts that build each layout's ``form.docx`` with python-docx.

The forms are rebuilt from the förbund's wording (recorded in the seeds) as ordinary Word
documents carrying docxtpl tags, so a maintainer can open and adjust them in Word. Each
tag sits in a run of its own, written in one piece, so Word never splits it.

A question's wording and its place among the questions come from the layout's ``layout.yaml``
alone (:class:`Questions`): the builder lays out the form around them (tables, headings, the
form's own punctuation and instructions), and ``slutrapport template check`` proves that the
built form holds each declared wording in the declared order.

Conventions the layouts' declarations (layout.yaml) rely on:
- every prose answer is one paragraph holding ``{{ answer }}`` alone: the engine replaces
  it with the answer's Word paragraphs, lists and tables, in that paragraph's style;
- style "Fråga" is a question label, "Svar" an answer paragraph.

What a tagged PDF (PDF/UA) and a screen reader need, the forms carry: Swedish as the
document language (the default run properties and the theme's), every question a heading
(style "Fråga" has an outline level under the form's title or section headings, so Word's
navigation pane lists it and LibreOffice exports it as an H tag), and the header row of
every data table marked as one (``w:tblHeader``: repeated on each page, exported as TH).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Calibri"


class Questions:
    """The questions of the ``layout.yaml`` in ``folder``, handed out in its order: ``ask(tag)`` is
    the next question, which must be the one filling ``tag``, so that a builder can neither
    reword a question nor move it without layout.yaml saying so."""

    def __init__(self, folder: Path):
        from engine import layouts

        self.file = folder / "layout.yaml"
        self.questions = list(layouts.load(folder.name, folder).questions)
        self.taken = 0

    def __call__(self, tag: str):
        if self.taken == len(self.questions):
            sys.exit(f"{self.file}: the form asks for the question filling '{tag}' after the last one declared")
        question = self.questions[self.taken]
        if tag not in question.tags:
            sys.exit(f"{self.file}:{question.line}: the next question is “{question.label}”, but the form puts the "
                     f"one filling '{tag}' here: declare the questions in the form's order")
        self.taken += 1
        return question

    def until(self, tag: str):
        """(question, its tag) for each question before the one filling ``tag``: questions of one tag each."""
        while self.taken < len(self.questions) and tag not in self.questions[self.taken].tags:
            own = next(iter(self.questions[self.taken].tags))
            yield self(own), own

    def done(self) -> None:
        if self.taken < len(self.questions):
            question = self.questions[self.taken]
            sys.exit(f"{self.file}:{question.line}: “{question.label}” has no place in the form the builder makes")


def new_document(title: str, subject: str, title_level: int | None = 1, question_level: int = 2):
    """A blank form. ``title_level``: the heading level of the Title paragraph (None: not a
    heading, where the form has Heading 1 of its own); ``question_level``: that of a question."""
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
    swedish(doc)
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
    outline_level(question, question_level)
    if title_level is not None:
        outline_level(styles["Title"], title_level)

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


def swedish(doc) -> None:
    """Swedish wherever Word and LibreOffice look for the document's language: the default run
    properties (LibreOffice takes the PDF's language from them) and the theme font language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "sv-SE")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), "sv-SE")


def outline_level(style, level: int) -> None:
    """Make a paragraph style a heading of ``level`` (1 = top), as Word's Heading styles are."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level - 1))
    ppr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def header_rows(t, count: int = 1) -> None:
    """Mark a data table's first ``count`` rows as its header: repeated on every page, TH in a PDF."""
    for row in t.rows[:count]:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:tblHeader")) is None:
            tr_pr.append(OxmlElement("w:tblHeader"))


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


def spacer(doc):
    """A small empty paragraph between two tables, which would otherwise run together as one."""
    p = para(doc)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(4)
    return p


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
