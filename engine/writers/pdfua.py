"""LibreOffice's tagged PDF/A-2b made into what a public body may publish: PDF/UA-1 as well.

LibreOffice 7.4 (exporting with ``UseTaggedPDF`` and ``PDFUACompliance``) tags the content,
marks PDF/UA in the XMP metadata and asks viewers to show the title. :func:`finish` does,
with pikepdf, what it leaves undone or does differently each time:

- the document language in the catalog (``/Lang``) is the report's own (``sv-SE``), not the
  language LibreOffice's default paragraph style happens to carry;
- tables without a single header cell are the forms' layout grids (a label and its value in
  one box), not data: their ``Table``/``TR``/``TD`` structure elements become ``Div``, so a
  screen reader does not announce a table of boxes (every data table in the forms and in
  Markdown answers has a header row, exported as ``TH``);
- the XMP metadata is written anew from the document information: PDF/A-2 identification,
  PDF/UA-1 identification *with* the extension schema PDF/A requires for it (LibreOffice 7.4
  omits it), title, author, subject, language, producer and dates, equal to the document
  information dictionary's;
- what LibreOffice 7.4 leaves outside PDF/UA-1 is mended: page content drawn outside any
  marked content (paragraph borders such as the Title style's rule) is marked as an artifact
  (ISO 14289-1 7.1); footnotes' back-links, Link annotations outside the structure tree, get a
  ``Link`` element in their footnote's ``Note`` (7.18.5), or are removed where no footnote is
  found (the link to the footnote stays); every page with annotations orders them by structure
  (``/Tabs /S``, 7.18.3); every ``Note`` gets an ``/ID`` (7.9); and a standard structure type
  that a Word style's name put into the role map (``/Quote`` → ``/P`` from the style "Quote")
  is no longer remapped: its elements get the type they were mapped to (7.1);
- the output intent's colour profile, which LibreOffice makes anew with the time in it,
  gets a fixed creation date;
- the dates are the report's own (the .docx's modified date, itself the report's date);
  a report without a date gets none, rather than the day it was converted; the file ID is a
  hash of the content (``deterministic_id``), so the same .docx gives the same PDF bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pikepdf

LANGUAGE = "sv-SE"  # the forms' language, where the .docx names none

_CORE = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
         "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
_W3CDTF = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?Z?$")
#: Structure types of a table and its parts; a layout table's become Div.
_TABLE_PARTS = {"/Table", "/TR", "/TD", "/THead", "/TBody", "/TFoot"}


def core_properties(docx_path: Path) -> dict[str, str]:
    """title, creator, subject, language and modified (as written) of a .docx; missing ones absent."""
    try:
        with zipfile.ZipFile(docx_path) as z:
            root = ElementTree.fromstring(z.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    found = {}
    for key, tag in (("title", "dc:title"), ("creator", "dc:creator"), ("subject", "dc:subject"),
                     ("language", "dc:language"), ("modified", "dcterms:modified")):
        element = root.find(tag, _CORE)
        if element is not None and (element.text or "").strip():
            found[key] = element.text.strip()
    return found


def finish(pdf_path: Path, docx_path: Path) -> None:
    """Rewrite LibreOffice's PDF at ``pdf_path`` (made from ``docx_path``) in place, as above."""
    props = core_properties(docx_path)
    # Read whole, written back in place: no second file, no rename (the caller renames it into place).
    with pikepdf.open(io.BytesIO(pdf_path.read_bytes())) as pdf:
        root = pdf.Root
        language = props.get("language", LANGUAGE)
        root.Lang = pikepdf.String(language)
        root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        root.MarkInfo = pikepdf.Dictionary(Marked=True)
        _artifact_untagged(pdf)
        if "/StructTreeRoot" in root:
            _untable_layout(root.StructTreeRoot)
            _unmap_standard_types(root.StructTreeRoot)
            _tag_back_links(pdf, _notes(root.StructTreeRoot))
        for page in pdf.pages:
            if page.obj.get("/Annots"):
                page.obj.Tabs = pikepdf.Name.S
        for intent in root.get("/OutputIntents", []):
            if "/DestOutputProfile" in intent:
                _fixed_profile_date(intent.DestOutputProfile)

        info = pdf.docinfo
        for key, name in (("/Title", "title"), ("/Author", "creator"), ("/Subject", "subject")):
            if name in props:
                info[key] = pikepdf.String(props[name])
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        when = _W3CDTF.match(props.get("modified", ""))
        if when:
            info.CreationDate = info.ModDate = pikepdf.String("D:{}{}{}{}{}{}+00'00'".format(*when.groups()))
        text = {k: str(info[k]) for k in ("/Title", "/Author", "/Subject", "/Creator", "/Producer") if k in info}
        date = "{}-{}-{}T{}:{}:{}Z".format(*when.groups()) if when else None
        root.Metadata = pdf.make_stream(_xmp(text, language, date).encode("utf-8"),
                                        Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        # LibreOffice's file ID and its (non-standard) checksum are new each time; without
        # them qpdf makes both halves of the ID from the content.
        for key in ("/ID", "/DocChecksum"):
            if key in pdf.trailer:
                del pdf.trailer[key]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve, compress_streams=True)
    pdf_path.write_bytes(out.getvalue())


#: The sRGB profile LibreOffice makes afresh for every PDF is the same profile every time;
#: its header's creation date (ICC.1 7.2.8) is set to this one, so the bytes are the same too.
_PROFILE_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01 00:00:00


def _fixed_profile_date(stream) -> None:
    data = bytearray(stream.read_bytes())
    if len(data) >= 128 and data[36:40] == b"acsp" and not any(data[84:100]):  # no profile ID to keep in step
        data[24:36] = _PROFILE_DATE
        stream.write(bytes(data))  # compressed again when saved


def _children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _untable_layout(tree_root) -> None:
    """Every Table with no TH of its own (nested tables aside) becomes a Div, rows and cells too."""
    for element in _all_elements(tree_root):
        if element.S == "/Table" and not _has_header(element):
            _to_div(element)


def _has_header(table) -> bool:
    stack = [k for k in _children(table) if _is_element(k)]
    while stack:
        element = stack.pop()
        if element.S == "/TH":
            return True
        if element.S in _TABLE_PARTS and element.S != "/Table":
            stack.extend(k for k in _children(element) if _is_element(k))
    return False


def _to_div(table) -> None:
    stack = [table]
    while stack:
        element = stack.pop()
        element.S = pikepdf.Name.Div
        if "/A" in element:  # table attributes (scope, spans) mean nothing on a Div
            attrs = element.A if isinstance(element.A, pikepdf.Array) else [element.A]
            kept = [a for a in attrs if not (isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table")]
            if kept:
                element.A = pikepdf.Array(kept)
            else:
                del element["/A"]
        stack.extend(k for k in _children(element) if _is_element(k) and k.S in _TABLE_PARTS - {"/Table"})


#: Operators that paint (PDF 32000-1 8.5.3, 8.7.4.2, 8.8, 9.4.3); what they draw must be tagged or an artifact.
_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "INLINE IMAGE"}
_PATH_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
#: Path construction, which begins what a path-painting operator paints.
_PATH = {"m", "l", "c", "v", "y", "h", "re"}


def _artifact_untagged(pdf) -> None:
    """Wrap every painted object outside any marked content in ``/Artifact BMC … EMC``: the
    paths LibreOffice draws for paragraph borders carry no tag, and are decoration."""
    for page in pdf.pages:
        out, depth, start, changed = [], 0, None, False
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            if depth == 0 and op in _PATH and start is None:
                start = len(out)
            out.append(instruction)
            if depth == 0 and op in _PAINTING:
                at = start if start is not None and op in _PATH_PAINTING else len(out) - 1
                out.insert(at, pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
                changed = True
            if op in _PAINTING or op == "n":
                start = None
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


#: What a paragraph style named after a standard structure type is, when not what the name says.
_STYLE_TYPES = {"/Quote": pikepdf.Name.BlockQuote}  # Word's "Quote" is a block quotation, not an inline Quote


def _unmap_standard_types(tree_root) -> None:
    """Drop role-map entries that remap a standard structure type; their elements get the type
    they were mapped to (or the block type the style's name means)."""
    roles = tree_root.get("/RoleMap")
    if roles is None:
        return
    remapped = {key: roles[key] for key in list(roles.keys()) if key in _STANDARD_TYPES}
    if not remapped:
        return
    for element in _all_elements(tree_root):
        if str(element.S) in remapped:
            element.S = _STYLE_TYPES.get(str(element.S), remapped[str(element.S)])
    for key in remapped:
        del roles[key]


#: The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4).
_STANDARD_TYPES = {"/" + t for t in (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody "
    "Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form").split()}


def _all_elements(tree_root):
    """Every structure element below ``tree_root``, in document order (a stack kept reversed, so
    that each step is constant time however large the tree)."""
    stack = [k for k in reversed(_children(tree_root)) if _is_element(k)]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(k for k in reversed(_children(element)) if _is_element(k))


def _notes(tree_root) -> list:
    """The Note elements in document order, each given an ``/ID`` (unique, and in the ID tree)."""
    notes = [e for e in _all_elements(tree_root) if e.S == "/Note"]
    names = []
    for number, note in enumerate(notes, 1):
        note.ID = pikepdf.String(f"note{number:04d}")
        names += [note.ID, note]
    if notes:
        tree_root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(names))
    return notes


def _tag_back_links(pdf, notes: list) -> None:
    """Link annotations outside the structure tree are the footnotes' back-links, one per
    footnote in order: each gets a Link element (its OBJR) first in its Note's content. One
    whose footnote is not found on its page is removed."""
    untagged = [(page, annot) for page in pdf.pages for annot in page.obj.get("/Annots", [])
                if annot.get("/Subtype") == "/Link" and "/StructParent" not in annot]
    if not untagged:
        return
    tree_root = pdf.Root.StructTreeRoot
    parents = pikepdf.NumberTree(tree_root.ParentTree)
    next_key = max([int(tree_root.get("/ParentTreeNextKey", 0))] + [int(k) + 1 for k, _ in parents.items()])
    paired = len(untagged) == len(notes)
    for index, (page, annot) in enumerate(untagged):
        note = notes[index] if paired else None
        body = _children(note)[0] if note is not None and _children(note) else None
        if body is None or not _is_element(body) or body.get("/Pg", note.get("/Pg")).objgen != page.obj.objgen:
            page.obj.Annots = pikepdf.Array([a for a in page.obj.Annots if a.objgen != annot.objgen])
            continue
        link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=body,
                                                    Pg=page.obj))
        link.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=page.obj)])
        body.K = pikepdf.Array([link] + _children(body))
        annot.StructParent = next_key
        parents[next_key] = link
        next_key += 1
    tree_root.ParentTreeNextKey = next_key


_PDFUA_SCHEMA = """\
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
"""


def _xmp(info: dict[str, str], language: str, date: str | None) -> str:
    """The XMP packet: what the document information says, in XMP's terms, plus the
    PDF/A-2b and PDF/UA-1 identification."""
    lines = ["   <pdfaid:part>2</pdfaid:part>", "   <pdfaid:conformance>B</pdfaid:conformance>",
             "   <pdfuaid:part>1</pdfuaid:part>", "   <dc:format>application/pdf</dc:format>"]
    if "/Title" in info:
        lines.append(f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["/Title"])}</rdf:li>'
                     "</rdf:Alt></dc:title>")
    if "/Author" in info:
        lines.append(f"   <dc:creator><rdf:Seq><rdf:li>{escape(info['/Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if "/Subject" in info:
        lines.append(f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["/Subject"])}'
                     "</rdf:li></rdf:Alt></dc:description>")
    lines.append(f"   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>")
    if "/Producer" in info:
        lines.append(f"   <pdf:Producer>{escape(info['/Producer'])}</pdf:Producer>")
    if "/Creator" in info:
        lines.append(f"   <xmp:CreatorTool>{escape(info['/Creator'])}</xmp:CreatorTool>")
    if date:
        lines += [f"   <xmp:CreateDate>{date}</xmp:CreateDate>", f"   <xmp:ModifyDate>{date}</xmp:ModifyDate>",
                  f"   <xmp:MetadataDate>{date}</xmp:MetadataDate>"]
    body = "\n".join(lines)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"\n'
        '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"\n'
        '    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"\n'
        '    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
        f"{body}\n{_PDFUA_SCHEMA}"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        + (" " * 99 + "\n") * 20
        + '<?xpacket end="w"?>'
    )
