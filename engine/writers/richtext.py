"""Markdown → real Word content, placed where a rendered template left a placeholder paragraph.

docxtpl fills a template with plain text only; the answers are Markdown. So the docx
writer puts a marker paragraph where each answer goes, and this module replaces every
marker with Word paragraphs that take the placeholder's own paragraph style (the form's
answer style, in a table cell or not): runs with bold/italic, real numbered and bulleted
lists (numbering parts, a fresh ``w:num`` per ordered list so each restarts at its start),
``w:hyperlink`` elements with external relationships (on the part the link is in: the
document's, or the footnotes part's for a link in a footnote), footnotes in the footnotes part,
Word tables and indented block quotes, and pictures: a chart the engine drew
(:class:`~engine.prose.Picture`, in a paragraph of its own) or a Markdown image
``![alt](bild.png)`` beside the source (inline, where it is written), each an inline picture
scaled to the width of the page or table cell it stands in, its alternative text the
picture's description (``wp:docPr/@descr``). An image the build was not given (a remote
address, one in a footnote) prints as its alternative text. Inline HTML prints as what it
means (:class:`engine.markdown.Tag`): ``<u>``, ``<sup>``, ``<s>`` … as that formatting,
``<br>`` as a break, ``<a href>`` as a link, ``<img>`` as its alternative text, a tag that is
no HTML as written; the loader warns of what is not shown as written.

Styles are looked up in the document by name; where a template lacks one (a förbund's own
template need not have "Hyperlink" or "footnote text"), direct formatting stands in.

Every step is linear in the size of the answer: the writer works on ``w:tr``/``w:tc``
elements directly and keeps its own record of the numbering and relationship ids it hands
out, where python-docx's ``Table.cell``, ``add_num`` and ``relate_to`` look through every
cell, list or link already there on each call.
"""

from __future__ import annotations

import copy
import io
from functools import lru_cache

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.numbering import CT_Num
from docx.oxml.table import CT_Tbl
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Emu, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.tree import SyntaxTreeNode

from engine.markdown import FORMATS, html_tag, html_text, parser
from engine.prose import Picture

_MD = {True: parser(footnotes=True), False: parser(footnotes=True, html_blocks=False)}

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
_BULLETS = ["\u2022", "\u25e6", "\u25aa"]
_INDENT = 360  # twips per list level
_CELL_MARGINS = 2 * 108  # twips: a table cell's default left and right margins


@lru_cache(maxsize=512)
def parse(markdown: str, html: bool = True) -> SyntaxTreeNode:
    """The Markdown syntax tree (read-only; cached, as one answer often goes into several forms);
    ``html=False`` for the text of an HTML block, which is Markdown again, its tags read inline."""
    tokens = _MD[html].parse(markdown)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _without_repeated_emphasis(token.children)
    return SyntaxTreeNode(tokens)


def _without_repeated_emphasis(tokens: list) -> list:
    """The inline tokens less bold inside bold and italics inside italics, which change nothing
    in Word: nested thousands deep (``**a **a **a …``) they would take the syntax tree, built
    recursively, past Python's recursion limit."""
    depth = {"strong": 0, "em": 0}
    kept, opened = [], []  # opened: for each open strong/em, whether it was kept
    for token in tokens:
        kind, _, edge = token.type.rpartition("_")
        if kind in depth and edge == "open":
            opened.append(depth[kind] == 0)
            depth[kind] += 1
            if not opened[-1]:
                continue
        elif kind in depth and edge == "close":
            depth[kind] -= 1
            if not opened.pop():
                continue
        kept.append(token)
    return kept


class RichWriter:
    """Writes Markdown into one python-docx ``Document``; one instance per document."""

    def __init__(self, document, images: dict | None = None):
        """``images``: each Markdown image address the source's answers use → its checked
        bytes (see :func:`engine.images.check`); an address not given prints as its alt text."""
        self.document = document
        self.images = images or {}
        self._next_shape = None
        self.part = document.part
        self._styles = {s.name.lower(): s for s in document.styles}
        self._footnotes = None
        self._next_footnote = None
        self._abstract: dict[str, int] = {}
        self._bullet_num: int | None = None
        self._width = None
        self._numbering_element = None
        self._num_ids: set[int] = set()  # numIds in use, the lowest one that may be free, where new ones go
        self._next_num_id = 1
        self._num_successor = None
        self._links: dict = {}  # for each part that holds links: external hyperlink target → its rId
        self._next_rid: dict = {}  # for each such part: the lowest rId that may be free

    # --- placing -----------------------------------------------------------------------

    def replace(self, placeholder, texts: tuple[str, ...]) -> None:
        """Replace the placeholder ``w:p`` by the blocks of ``texts``; an empty answer keeps
        one empty paragraph (a table cell must end with one)."""
        base_ppr = placeholder.pPr
        width = self._available_width(placeholder)
        blocks = []
        for text in texts:
            if isinstance(text, Picture):
                p = self._paragraph(base_ppr)
                r = OxmlElement("w:r")
                r.add_drawing(self._picture(text.png, text.alt, text.title, min(Cm(text.width_cm), width)))
                p.append(r)
                blocks.append(p)
                continue
            blocks += self._blocks(parse(text), base_ppr, _Context(part=self.part, width=width))
        parent = placeholder.getparent()
        if not blocks:
            for r in list(placeholder.iterchildren(qn("w:r"))):
                placeholder.remove(r)
            return
        for block in blocks:
            placeholder.addprevious(block)
        if parent.tag == qn("w:tc") and blocks[-1].tag == qn("w:tbl"):
            placeholder.addprevious(self._paragraph(base_ppr))
        parent.remove(placeholder)

    # --- blocks --------------------------------------------------------------------------

    def _paragraph(self, base_ppr):
        p = OxmlElement("w:p")
        if base_ppr is not None:
            p.append(copy.deepcopy(base_ppr))
        return p

    def _blocks(self, node: SyntaxTreeNode, base_ppr, context: "_Context") -> list:
        out = []
        for child in node.children:
            kind = child.type
            if kind == "paragraph":
                p = self._paragraph(base_ppr)
                self._list_props(p, context)
                self._inline(p, child.children[0], context)
                out.append(p)
                context.first_in_item = False
            elif kind == "heading":
                p = self._paragraph(base_ppr)
                p.get_or_add_pPr().keepNext_val = True
                self._inline(p, child.children[0], context, bold=True)
                out.append(p)
            elif kind in ("bullet_list", "ordered_list"):
                num = self._num(int(child.attrs.get("start", 1) or 1)) if kind == "ordered_list" else self._bullets()
                for item in child.children:
                    item_context = _Context(num=num, level=context.level + 1 if context.num else 0,
                                            quote=context.quote, first_in_item=True, footnotes=context.footnotes,
                                            part=context.part, width=context.width)
                    out += self._blocks(item, base_ppr, item_context)
            elif kind == "blockquote":
                quote_context = _Context(num=context.num, level=context.level, quote=context.quote + 1,
                                         footnotes=context.footnotes, part=context.part, width=context.width)
                out += self._blocks(child, base_ppr, quote_context)
            elif kind == "table":
                out.append(self._table(child, base_ppr, context))
            elif kind in ("code_block", "fence"):
                for line in child.content.rstrip("\n").split("\n"):
                    p = self._paragraph(base_ppr)
                    Paragraph(p, None).add_run(line).font.name = "Consolas"
                    out.append(p)
            elif kind == "hr":
                out.append(self._paragraph(base_ppr))
            elif kind == "footnote_block":
                self._footnote_bodies(child, context)
            elif kind == "html_block":  # pasted HTML or a comment: its text, its tags as what they mean
                out += self._blocks(parse(html_text(child.content), html=False), base_ppr, context)
        return out

    def _list_props(self, p, context: "_Context") -> None:
        ppr = p.get_or_add_pPr()
        if context.quote:
            quote = self._style("Quote", WD_STYLE_TYPE.PARAGRAPH)
            if quote is not None and not context.num:
                ppr.style = quote.style_id
            else:
                ppr.get_or_add_ind().left = Twips(_INDENT * 2 * context.quote)
        if context.num is None:
            return
        if context.first_in_item:
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = min(context.level, 8)
            num_pr.get_or_add_numId().val = context.num
        else:  # a further paragraph of the same item: indented, no number
            ppr.get_or_add_ind().left = Twips(_INDENT * (context.level + 1) + _INDENT * 2 * context.quote)

    def _table(self, node: SyntaxTreeNode, base_ppr, context: "_Context"):
        """A Word table; the Markdown table's header row is marked as one (``w:tblHeader``),
        so Word and LibreOffice repeat it at the top of each page the table runs onto."""
        rows = [tr for section in node.children for tr in section.children]
        header = {id(tr) for section in node.children if section.type == "thead" for tr in section.children}
        columns = max(len(tr.children) for tr in rows)
        tbl = CT_Tbl.new_tbl(len(rows), columns, self._text_width())
        if self._style("Table Grid", WD_STYLE_TYPE.TABLE) is not None:
            tbl.tblPr.style = self._style("Table Grid", WD_STYLE_TYPE.TABLE).style_id
        cell_context = _Context(footnotes=context.footnotes, part=context.part,
                                width=max(int((context.width or self._text_width()) / columns) - Twips(_CELL_MARGINS), Cm(1)))
        for tr, row_node in zip(tbl.tr_lst, rows):
            if id(row_node) in header:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for tc, cell_node in zip(tr.tc_lst, row_node.children):
                tc.remove(tc.p_lst[0])
                p = self._paragraph(base_ppr)
                tc.append(p)
                if cell_node.children:
                    self._inline(p, cell_node.children[0], cell_context, bold=cell_node.type == "th")
        return tbl

    def _available_width(self, placeholder) -> int:
        """The width (EMU) a picture may take where ``placeholder`` stands: its table cell's,
        less the cell's margins, or the page's between the margins."""
        cell = next(placeholder.iterancestors(qn("w:tc")), None)
        if cell is not None:
            tcw = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if tcw is not None and tcw.get(qn("w:type")) == "dxa" and (tcw.get(qn("w:w")) or "").isdigit():
                return max(Twips(int(tcw.get(qn("w:w"))) - _CELL_MARGINS), Cm(1))
        return self._text_width()

    def _picture(self, blob: bytes, alt: str, title: str, width: int, natural: bool = False):
        """A ``wp:inline`` of the picture ``blob``, ``width`` wide (``natural``: its own width
        where that is less), its height in proportion; ``alt`` as its description."""
        rid, image = self.part.get_or_add_image(io.BytesIO(blob))
        if natural:
            width = min(width, image.width)
        height = Emu(int(width * image.px_height / image.px_width)) if image.px_width else image.height
        inline = CT_Inline.new_pic_inline(self._shape_id(), rid, image.filename, Emu(int(width)), height)
        inline.docPr.set("descr", alt)
        if title:
            inline.docPr.set("title", title)
        return inline

    def _shape_id(self) -> int:
        """A drawing id no other drawing of the document has (python-docx's ``next_id`` looks
        through the whole body on every call)."""
        if self._next_shape is None:
            ids = [int(v) for v in self.part.element.xpath("//@id") if str(v).isdigit()]
            self._next_shape = max(ids, default=0) + 1
        self._next_shape += 1
        return self._next_shape - 1

    def _text_width(self):
        """The width between the first section's margins (looked up once: it is a search of the body)."""
        if self._width is None:
            section = self.document.sections[0]
            self._width = section.page_width - section.left_margin - section.right_margin
        return self._width

    # --- inline --------------------------------------------------------------------------

    def _inline(self, p, inline: SyntaxTreeNode, context: "_Context", bold=False):
        para = Paragraph(p, None)

        def run(text: str, container, **fmt):
            r = Run(OxmlElement("w:r"), para)
            container.append(r._r)
            if container.tag == qn("w:hyperlink"):
                self._link_style(r)
            if "\t" in text or "\n" in text:
                r.text = text  # python-docx turns these into w:tab / w:br
            elif text:
                t = OxmlElement("w:t")
                t.text = text
                if text != text.strip():
                    t.set(qn("xml:space"), "preserve")
                r._r.append(t)
            r.bold = fmt.get("bold") or None
            r.italic = fmt.get("italic") or None
            for name in ("underline", "strike", "superscript", "subscript"):
                if fmt.get(name):
                    setattr(r.font, name, True)
            if fmt.get("code"):
                r.font.name = "Consolas"
            return r

        def walk(node, fmt, container):
            outer, opened = container, {}  # opened: per format, what it was before each HTML tag still open here
            for child in node.children:
                kind = child.type
                if kind == "text":
                    run(child.content, container, **fmt)
                elif kind == "softbreak":
                    run(" ", container, **fmt)
                elif kind == "hardbreak":
                    run("", container).add_break()
                elif kind == "strong":
                    walk(child, {**fmt, "bold": True}, container)
                elif kind == "em":
                    walk(child, {**fmt, "italic": True}, container)
                elif kind == "code_inline":
                    run(child.content, container, **fmt, code=True)
                elif kind == "link":
                    link = self._hyperlink(p, child.attrs.get("href", ""), context.part)
                    walk(child, fmt, link)
                    if not child.children:  # [](https://…): the address is all there is to read
                        run(str(child.attrs.get("href", "")), link, **fmt)
                elif kind == "image":
                    src = str(child.attrs.get("src", ""))
                    alt = "".join(c.content for c in child.children if c.type in ("text", "code_inline", "text_special")) \
                        if child.children else child.content
                    if src in self.images and context.part is self.part:
                        r = run("", container, **fmt)
                        r._r.add_drawing(self._picture(self.images[src], alt or "", str(child.attrs.get("title") or ""),
                                                       context.width or self._text_width(), natural=True))
                    else:  # not embedded: a remote address, or a footnote's picture
                        run(alt or child.content or "", container, **fmt)
                elif kind == "footnote_ref":
                    self._footnote_reference(container, context.footnote_id(child.meta["label"], self))
                elif kind == "html_inline":
                    container, fmt = html(child.content, container, outer, fmt, opened)
                elif kind == "text_special":
                    run(child.content, container, **fmt)

        def html(written: str, container, outer, fmt: dict, opened: dict):
            """An inline HTML tag as what it means (see engine.markdown.Tag); the container and
            formatting of the nodes after it."""
            tag = html_tag(written)
            if tag is None:  # a comment (the loader took them out), or <?…?>, <!DOCTYPE …>: printed as written
                if not written.startswith("<!--"):
                    run(written, container, **fmt)
                return container, fmt
            if tag.kind == "format":
                what = FORMATS[tag.name]
                if not tag.closes:
                    opened.setdefault(what, []).append(fmt.get(what, False))
                    return container, {**fmt, what: True}
                if opened.get(what):  # a closing tag with none open here changes nothing
                    return container, {**fmt, what: opened[what].pop()}
            elif tag.kind == "break" or (tag.kind in ("paragraph", "structure") and not tag.closes
                                         and p.find(qn("w:r")) is not None):
                run("", container).add_break()  # a paragraph tag within a line: where a new line begins
            elif tag.kind == "link":
                if tag.closes:
                    return outer, fmt
                if tag.attrs.get("href") and container.tag != qn("w:hyperlink"):
                    return self._hyperlink(p, tag.attrs["href"], context.part), fmt
            elif tag.kind == "picture":
                run(tag.attrs.get("alt", "").strip() or tag.written, container, **fmt)
            elif tag.kind == "literal":  # <nej>, <Anna Berg>: words
                run(written, container, **fmt)
            return container, fmt  # a style tag (<span>): left out, its text is in the nodes around it

        walk(inline, {"bold": bold}, p)

    def _hyperlink(self, p, url: str, part):
        """A ``w:hyperlink`` to ``url`` (external) or ``#anchor``, appended to ``p``, which is
        in ``part``; runs go inside it."""
        link = OxmlElement("w:hyperlink")
        if url.startswith("#"):
            link.set(qn("w:anchor"), url[1:])
        elif url:
            link.set(qn("r:id"), self._link_rid(part, url))
        p.append(link)
        return link

    def _link_rid(self, part, url: str) -> str:
        """The rId of ``part``'s external relationship to ``url``, added if new: the one
        python-docx's ``relate_to`` would give (the first match, else the lowest free rId).
        An rId means something only in the part whose relationships hold it, so a link in a
        footnote is related from the footnotes part, not the document's."""
        rels = part.rels
        links = self._links.get(part)
        if links is None:
            links = self._links[part] = {}
            self._next_rid[part] = 1
            for rid, rel in rels.items():
                if rel.reltype == RT.HYPERLINK and rel.is_external:
                    links.setdefault(rel.target_ref, rid)
        if url not in links:
            while f"rId{self._next_rid[part]}" in rels:
                self._next_rid[part] += 1
            links[url] = rels.add_relationship(RT.HYPERLINK, url, f"rId{self._next_rid[part]}", is_external=True).rId
        return links[url]

    def _link_style(self, run: Run) -> None:
        style = self._style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        if style is not None:
            run._r.get_or_add_rPr().style = style.style_id
        else:
            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            run.font.underline = True

    # --- lists ---------------------------------------------------------------------------

    def _numbering(self):
        """The numbering part's ``w:numbering``, found once (python-docx looks through every relationship)."""
        if self._numbering_element is None:
            self._numbering_element = self.part.numbering_part.element
            self._num_ids = {int(n) for n in self._numbering_element.xpath("./w:num/@w:numId")}
            self._num_successor = self._numbering_element.find(qn("w:numIdMacAtCleanup"))
        return self._numbering_element

    def _abstract_num(self, kind: str) -> int:
        if kind in self._abstract:
            return self._abstract[kind]
        numbering = self._numbering()
        ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        new_id = max(ids, default=-1) + 1
        levels = "".join(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/>'
            + (f'<w:numFmt w:val="bullet"/><w:lvlText w:val="{_BULLETS[lvl % 3]}"/>' if kind == "bullet" else
               f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%{lvl + 1}."/>')
            + f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{_INDENT * (lvl + 1)}" w:hanging="{_INDENT}"/></w:pPr>'
            + "</w:lvl>"
            for lvl in range(9)
        )
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
                             f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        self._abstract[kind] = new_id
        return new_id

    def _add_num(self, abstract_id: int):
        """A new ``w:num`` with the lowest free numId, as python-docx's ``add_num`` gives it."""
        numbering = self._numbering()
        while self._next_num_id in self._num_ids:
            self._next_num_id += 1
        self._num_ids.add(self._next_num_id)
        num = CT_Num.new(self._next_num_id, abstract_id)
        if self._num_successor is not None:
            self._num_successor.addprevious(num)
        else:
            numbering.append(num)
        return num

    def _bullets(self) -> int:
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._abstract_num("bullet")).numId
        return self._bullet_num

    def _num(self, start: int) -> int:
        """A new ``w:num`` for each ordered list, restarting at ``start``."""
        num = self._add_num(self._abstract_num("decimal"))
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(start)
        return num.numId

    # --- footnotes -----------------------------------------------------------------------

    def _footnotes_part(self):
        if self._footnotes is None:
            for rel in self.part.rels.values():
                if rel.reltype == RT.FOOTNOTES:
                    self._footnotes = rel.target_part
                    break
            else:
                self._footnotes = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                                          parse_xml(_FOOTNOTES_XML), self.part.package)
                self.part.relate_to(self._footnotes, RT.FOOTNOTES)
            ids = [int(f.get(qn("w:id"))) for f in self._footnotes.element.findall(qn("w:footnote"))]
            self._next_footnote = max(ids + [0]) + 1
        return self._footnotes

    def new_footnote_id(self) -> int:
        self._footnotes_part()
        fid = self._next_footnote
        self._next_footnote += 1
        return fid

    def _footnote_reference(self, container, fid: int) -> None:
        r = OxmlElement("w:r")
        self._reference_style(r)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        r.append(ref)
        container.append(r)

    def _reference_style(self, r) -> None:
        rpr = r.get_or_add_rPr()
        style = self._style("footnote reference", WD_STYLE_TYPE.CHARACTER)
        if style is not None:
            rpr.style = style.style_id
        else:
            Run(r, None).font.superscript = True

    def _footnote_bodies(self, block: SyntaxTreeNode, context: "_Context") -> None:
        part = self._footnotes_part()
        text_style = self._style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
        for note in block.children:
            fid = context.footnote_id(note.meta["label"], self)
            footnote = OxmlElement("w:footnote")
            footnote.set(qn("w:id"), str(fid))
            note_ppr = OxmlElement("w:pPr")
            if text_style is not None:
                note_ppr.get_or_add_pStyle().val = text_style.style_id
            paragraphs = self._blocks(note, note_ppr, context.within(part))
            if not paragraphs or paragraphs[0].tag != qn("w:p"):
                paragraphs.insert(0, self._paragraph(note_ppr))
            first = paragraphs[0]
            marker = OxmlElement("w:r")
            self._reference_style(marker)
            marker.append(OxmlElement("w:footnoteRef"))
            space = OxmlElement("w:r")
            Run(space, None).text = " "
            ppr = first.find(qn("w:pPr"))
            first.insert(0 if ppr is None else 1, marker)
            marker.addnext(space)
            if text_style is None:
                for r in first.iter(qn("w:r")):
                    Run(r, None).font.size = Pt(9)
            for p in paragraphs:
                footnote.append(p)
            part.element.append(footnote)

    # --- styles --------------------------------------------------------------------------

    def _style(self, name: str, kind):
        style = self._styles.get(name.lower())
        return style if style is not None and style.type == kind else None


class _Context:
    """Where in the Markdown tree a block sits: list numbering, quote depth, footnote ids, and
    the package part its elements go into (the document's, or the footnotes part)."""

    def __init__(self, num=None, level=0, quote=0, first_in_item=False, footnotes=None, part=None, width=None):
        self.num, self.level, self.quote, self.first_in_item = num, level, quote, first_in_item
        self.footnotes = footnotes if footnotes is not None else {}
        self.part = part
        self.width = width  # EMU a picture may take: the page's or the table cell's

    def within(self, part) -> "_Context":
        """A fresh context for blocks that go into ``part`` (a footnote's body), with the same footnote ids."""
        return _Context(footnotes=self.footnotes, part=part)

    def footnote_id(self, label: str, writer: RichWriter) -> int:
        if label not in self.footnotes:
            self.footnotes[label] = writer.new_footnote_id()
        return self.footnotes[label]
