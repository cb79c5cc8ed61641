"""What the tests check a PDF with for PDF/UA-1, and what they know it does not check.

veraPDF, the reference validator, is a Java program from Maven Central, which this project's
machines and CI cannot reach. The checker that installs here is ``pdfua`` (PyPI, pinned in
pyproject.toml's test extra): 16 of the 106 machine-checkable PDF/UA-1 rules, by its own
count. ``our_findings`` is this project's own checker, with pikepdf: veraPDF's PDF/UA-1 rules
(its validation profile, PDF_UA/1 in github.com/veraPDF/veraPDF-validation-profiles, one rule a
file) that concern what this tool makes, each named as veraPDF names it, clause and test number
(:data:`VERAPDF`, its description quoted), with the condition of veraPDF's test as far as the
PDF's objects allow; the rules it leaves out, and why (:data:`SKIPPED`); and this project's own
requirements beside them (:data:`OWN`). Each rule is proven in tests/test_pdf.py by a broken
copy that it must catch. A check made by this project, not a claim of conformance.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

_HEADING = re.compile(r"/H([1-6])$")

#: veraPDF's PDF/UA-1 rules this checker applies, as veraPDF names them (clause-test number): its description.
VERAPDF = {
    "5-1": ("The PDF/UA version and conformance level of a file shall be specified using the PDF/UA "
               "Identification extension schema"),
    "5-2": ("The value of 'pdfuaid:part' shall be the part number of the International Standard to which the file "
               "conforms"),
    "5-3": "Property 'part' of the PDF/UA Identification Schema shall have namespace prefix 'pdfuaid'",
    "5-4": "Property 'amd' of the PDF/UA Identification Schema shall have namespace prefix 'pdfuaid'",
    "5-5": "Property 'corr' of the PDF/UA Identification Schema shall have namespace prefix 'pdfuaid'",
    "6.1-1": ("The file header shall consist of “%PDF-1.n” followed by a single EOL marker, where 'n' is a single "
               "digit number between 0 (30h) and 7 (37h)"),
    "6.2-1": ("The document catalog dictionary shall include a MarkInfo dictionary containing an entry, Marked, "
               "whose value shall be true"),
    "7.1-1": "Content marked as Artifact should not be present inside tagged content",
    "7.1-2": "Tagged content should not be present inside content marked as Artifact",
    "7.1-3": "Content shall be marked as Artifact or tagged as real content",
    "7.1-4": "Files shall have a Suspects value of false(ISO 32000-1:2008, Table 321)",
    "7.1-5": ("All non-standard structure types shall be mapped to the nearest functionally equivalent standard "
               "type, as defined in ISO 32000-1:2008, 14.8.4, in the role map dictionary of the structure tree root. "
               "This mapping may be indirect; within the role map a non-standard type can map directly to another "
               "non-standard type, but eventually the mapping shall terminate at a standard type"),
    "7.1-6": "A circular mapping shall not exist",
    "7.1-7": "Standard tags defined in ISO 32000-1:2008, 14.8.4, shall not be remapped",
    "7.1-8": ("The Catalog dictionary of a conforming file shall contain the Metadata key whose value is a metadata "
               "stream as defined in ISO 32000-1:2008, 14.3.2. The metadata stream dictionary shall contain entry "
               "Type with value /Metadata and entry Subtype with value /XML"),
    "7.1-9": ("The Metadata stream in the document's catalog dictionary shall contain a dc:title entry, where dc is "
               "the recommended prefix for the Dublin Core metadata schema as defined in the XMP specification, "
               "which clearly identifies the document"),
    "7.1-10": ("The document catalog dictionary shall include a ViewerPreferences dictionary containing a "
               "DisplayDocTitle key, whose value shall be true"),
    "7.1-11": ("The logical structure of the conforming file shall be described by a structure hierarchy rooted in "
               "the StructTreeRoot entry of the document catalog dictionary, as described in ISO 32000-1:2008, 14.7"),
    "7.1-12": ("A structure element dictionary shall contain the P (parent) entry according to ISO 32000-1:2008, "
               "14.7.2, Table 355"),
    "7.2-2": "Natural language in the Outline entries shall be determined",
    "7.2-3": "Table element may contain only TR, THead, TBody, TFoot and Caption elements",
    "7.2-4": "TR element should be contained in Table, THead, TBody or TFoot element",
    "7.2-5": "THead element should be contained in Table element",
    "7.2-6": "TBody element should be contained in Table element",
    "7.2-7": "TFoot element should be contained in Table element",
    "7.2-8": "TH element should be contained in TR element",
    "7.2-9": "TD element should be contained in TR element",
    "7.2-10": "TR element may contain only TH and TD elements",
    "7.2-11": "Table element should contain zero or one THead kid",
    "7.2-12": "Table element should contain zero or one TFoot kid",
    "7.2-13": "If Table element contains TFoot kid, Table element should contain one or more TBody kids",
    "7.2-14": "If Table element contains THead kid, Table element should contain one or more TBody kids",
    "7.2-15": "A table cell shall not have intersection with other cells",
    "7.2-16": "Table element may contain a Caption element as its first or last kid",
    "7.2-17": "LI element should be contained in L element",
    "7.2-18": "LBody element should be contained in LI element",
    "7.2-19": "L element may contain only L, LI and Caption elements",
    "7.2-20": "LI element may contain only Lbl and LBody elements",
    "7.2-21": "Natural language for text in ActualText attribute shall be determined",
    "7.2-22": "Natural language for text in Alt attribute shall be determined",
    "7.2-23": "Natural language for text in E attribute shall be determined",
    "7.2-24": "Natural language in the Contents entry for annotations shall be determined",
    "7.2-26": "TOCI element should be contained in TOC element",
    "7.2-27": "TOC element may contain only TOC, TOCI and Caption elements",
    "7.2-28": "TOC element may contain a Caption element only as its first kid",
    "7.2-29": ("If the Lang entry is present in the document's Catalog dictionary or in a structure element "
               "dictionary or property list, its value shall be a language identifier as described in ISO "
               "32000-1:2008, 14.9.2. A language identifier shall be a Language-Tag as defined in RFC 3066, Tags for "
               "the Identification of Languages"),
    "7.2-30": "Natural language for text in ActualText attribute shall be determined",
    "7.2-31": "Natural language for text in Alt attribute shall be determined",
    "7.2-32": "Natural language for text in E attribute shall be determined",
    "7.2-33": "Natural language for document metadata shall be determined",
    "7.2-34": "Natural language for text in page content shall be determined",
    "7.2-36": "THead element may contain only TR elements",
    "7.2-37": "TBody element may contain only TR elements",
    "7.2-38": "TFoot element may contain only TR elements",
    "7.2-39": "Table element may contain only one Caption element",
    "7.2-40": "L element may contain a Caption element only as its first kid",
    "7.2-41": "Table columns shall have the same number of rows (taking into account row spans)",
    "7.2-42": "Table rows shall have the same number of columns (taking into account column spans)",
    "7.2-43": "Table rows shall have the same number of columns (taking into account column spans)",
    "7.3-1": ("Figure tags shall include an alternative representation or replacement text that represents the "
               "contents marked with the Figure tag as noted in ISO 32000-1:2008, 14.7.2, Table 323"),
    "7.4.2-1": ("For documents that are not strongly structured, as described in ISO 32000-1:2008, 14.8.4.3.5, "
               "heading tags shall be used as follows: (*) If any heading tags are used, H1 shall be the first. (*) "
               "A document may use more than one instance of any specific tag level. For example, a tag level may be "
               "repeated if document content requires it. (*) If document semantics require a descending sequence of "
               "headers, such a sequence shall proceed in strict numerical order and shall not skip an intervening "
               "heading level. (*) A document may increment its heading sequence without restarting at H1 if "
               "document semantics require it"),
    "7.4.4-1": "Each node in the tag tree shall contain at most one child H tag",
    "7.4.4-2": "All documents shall be either strongly or weakly structured, but not both",
    "7.4.4-3": "All documents shall be either strongly or weakly structured, but not both",
    "7.5-1": ("If the table's structure is not determinable via Headers and IDs, then structure elements of type TH "
               "shall have a Scope attribute"),
    "7.5-2": ("If the table's structure is not determinable via Headers and IDs, then structure elements of type TH "
               "shall have a Scope attribute"),
    "7.7-1": ("All mathematical expressions shall be enclosed within a Formula tag as detailed in ISO 32000-1:2008, "
               "14.8.4.5 and shall have Alt or ActualText attributes"),
    "7.9-1": "Note tag shall have ID entry",
    "7.9-2": "Each Note tag shall have unique ID key",
    "7.18.1-1": ("An annotation, excluding annotations of subtype Widget, PrinterMark or Link, shall be nested within "
               "an Annot tag"),
    "7.18.1-2": ("An annotation (except Widget annotations or hidden annotations, or those having rectangle outside "
               "the crop-box) shall have either Contents key or an Alt entry in the enclosing structure element"),
    "7.18.2-1": "Annotations of subtype TrapNet shall not be permitted",
    "7.18.3-1": ("Every page on which there is an annotation shall contain in its page dictionary the key Tabs, and "
               "its value shall be S"),
    "7.18.5-1": "Links shall be tagged according to ISO 32000-1:2008, 14.8.4.4.2, Link Element",
    "7.18.5-2": ("Links shall contain an alternate description via their Contents key as described in ISO "
               "32000-1:2008, 14.9.3"),
    "7.18.8-1": ("PrinterMark annotations, if present, shall be considered Incidental Artifacts, as if they are hidden "
               "page elements as defined in ISO 32000-1:2008, 14.8.2.2.3"),
    "7.20-1": "A conforming file shall not contain any reference XObjects",
    "7.20-2": ("The content of Form XObjects shall be incorporated into structure elements according to ISO "
               "32000-1:2008, 14.7.2"),
    "7.21.4.1-1": ("The font programs for all fonts used for rendering within a conforming file shall be embedded within "
               "that file, as defined in ISO 32000-1:2008, 9.9"),
    "7.21.4.1-2": ("Embedded fonts shall define all glyphs referenced for rendering within the conforming file. A font "
               "referenced solely in text rendering mode 3 is not rendered and is thus exempt from the requirements "
               "that impact the visual representation of the glyphs of a font. In all cases for TrueType fonts that "
               "are to be rendered, character codes shall be able to be mapped to glyphs according to ISO "
               "32000-1:2008, 9.6.6.4 without the use of a non-standard mapping chosen by the conforming processor"),
    "7.21.5-1": ("For every font embedded in a conforming file and used for rendering, the glyph width information in "
               "the font dictionary and in the embedded font program shall be consistent"),
    "7.21.6-1": ("For all non-symbolic TrueType fonts used for rendering, the embedded TrueType font program shall "
               "contain one or several non-symbolic cmap entries such that all necessary glyph lookups can be "
               "carried out"),
    "7.21.6-2": ("All non-symbolic TrueType fonts shall have either MacRomanEncoding or WinAnsiEncoding as the value "
               "for the Encoding key in the Font dictionary or as the value for the BaseEncoding key in the "
               "dictionary which is the value of the Encoding key in the Font dictionary. In addition, no "
               "non-symbolic TrueType font shall define a Differences array unless all of the glyph names in the "
               "Differences array are listed in the Adobe Glyph List and the embedded font program contains at least "
               "the Microsoft Unicode (3,1 – Platform ID=3, Encoding ID=1) encoding in the 'cmap' table"),
    "7.21.6-3": "Symbolic TrueType fonts shall not contain an Encoding entry in the font dictionary",
    "7.21.6-4": ("The 'cmap' table in the embedded font program for a symbolic TrueType font shall contain either "
               "exactly one encoding or it shall contain, at least, the Microsoft Symbol (3,0 - Platform ID=3, "
               "Encoding ID=0) encoding"),
    "7.21.7-1": ("The Font dictionary of all fonts shall define the map of all used character codes to Unicode values, "
               "either via a ToUnicode entry, or other mechanisms as defined in ISO 14289-1, 7.21.7"),
    "7.21.7-2": ("The Unicode values specified in the ToUnicode CMap shall all be greater than zero (0), but not equal "
               "to either U+FEFF or U+FFFE"),
    "7.21.8-1": ("A PDF/UA compliant document shall not contain a reference to the .notdef glyph from any of the text "
               "showing operators, regardless of text rendering mode, in any content stream"),
}

#: veraPDF's rules left out, and why: the tool never makes what they are about (LibreOffice 7.4 exports the
#: .docx forms as static pages with simple TrueType fonts; the rule own-fonts fails if that ever changes).
SKIPPED = {
    "7.2-25": "form fields (TU): the PDFs have no form fields",
    "7.10-1": "optional content: none is made", "7.10-2": "optional content: none is made",
    "7.11-1": "embedded files: none are embedded",
    "7.15-1": "XFA forms: none are made",
    "7.16-1": "encryption: the PDFs are not encrypted (PDF/A forbids it)",
    "7.18.1-3": "form fields: none are made", "7.18.4-1": "Widget annotations: none are made",
    "7.18.4-2": "Form elements: none are made",
    "7.18.6.2-1": "media clips: none are made", "7.18.6.2-2": "media clips: none are made",
    "7.21.3.1-1": "composite (Type 0) fonts: none are made",
    "7.21.3.2-1": "CIDFonts: none are made",
    "7.21.3.3-1": "CMaps of composite fonts: none are made",
    "7.21.3.3-2": "CMaps of composite fonts: none are made",
    "7.21.3.3-3": "CMaps of composite fonts: none are made",
    "7.21.4.2-1": "Type 1 fonts' CharSet: no Type 1 fonts are made",
    "7.21.4.2-2": "CIDFonts' CIDSet: no CIDFonts are made",
}

#: This project's own requirements beside veraPDF's: what the reports promise, and PDF/A-2b's identification.
OWN = {
    "own-lang": "The catalog's language is the report's, sv-SE",
    "own-headings": "The document has headings (every question of the forms is one)",
    "own-table-header": "Every Table has a header cell (tables without one are the forms' layout grids, tagged Div)",
    "own-fonts": ("Every font is a simple TrueType font with an embedded program (the only kind LibreOffice makes "
                  "here, and the only kind whose program this checker reads)"),
    "PDF/A-2 6.6.2.3": "The XMP metadata has an extension schema for pdfuaid",
    "PDF/A-2 6.6.4": "The XMP metadata identifies PDF/A-2b (pdfaid 2/B)",
    "PDF/A-2 6.6.3": "The XMP title and creator equal the document information's",
}


def pdfua_findings(path: Path) -> list[str]:
    """pdfua's findings (of any severity) and the rules it could not evaluate, one line each."""
    import pdfua
    import pdfua.document
    import pdfua.rules.structure

    pdfua.document.as_integer = pdfua.rules.structure.as_integer = _as_integer
    report = pdfua.validate(str(path))
    lines = [f"{f.rule_id} {f.severity.name}: {f.message} ({f.location.describe()})" for f in report.findings]
    lines += [f"{o.rule_id} not evaluated: {o.skipped_reason}" for o in report.skipped]
    return lines


def _as_integer(value):
    """pdfua 0.1.3's ``as_integer``, without its bug: for a pikepdf Array, ``getattr(value,
    "is_integer", False)`` raises ValueError instead of returning the default, so its rule
    UA-14-001 (no empty headings) is skipped for every document whose headings hold more than
    one content item (all of ours)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, pikepdf.Object) and not isinstance(value, (pikepdf.Array, pikepdf.Dictionary)):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return None


#: The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4).
STANDARD_TYPES = {"/" + t for t in (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody "
    "Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form").split()}
_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "INLINE IMAGE"}
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")


def _line(rule: str, where: str) -> str:
    """A finding: the rule, its description (veraPDF's own words for veraPDF's rules), and where."""
    return f"{rule}: {VERAPDF.get(rule) or OWN[rule]} ({where})"


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _child_elements(node) -> list:
    return [k for k in _kids(node) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _elements(node):
    for kid in _child_elements(node):
        yield kid
        yield from _elements(kid)


def _inherited_lang(element) -> bool:
    """Whether a structure element or one of its ancestors names a language."""
    seen = set()
    while isinstance(element, pikepdf.Dictionary) and "/S" in element and element.objgen not in seen:
        if "/Lang" in element:
            return True
        seen.add(element.objgen)
        element = element.get("/P")
    return False


@dataclass
class Facts:
    """A PDF read once for every rule: the open document, its file header, its structure elements in
    order, each element's standard type (through the role map), the parent tree, and what the page
    content shows (read once, by :func:`_read_content`)."""
    pdf: pikepdf.Pdf
    header: bytes = b""
    elements: list = field(default_factory=list)
    roles: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    content: dict | None = None

    def role(self, element) -> str:
        """The standard type an element's type maps to; its own type if the mapping ends elsewhere or circles."""
        s, seen = str(element.S), set()
        while s in self.roles and s not in seen and s not in STANDARD_TYPES:
            seen.add(s)
            s = str(self.roles[s])
        return s

    def circular(self, element) -> bool:
        s, seen = str(element.S), set()
        while s in self.roles and s not in STANDARD_TYPES:
            if s in seen:
                return True
            seen.add(s)
            s = str(self.roles[s])
        return False

    @property
    def catalog_lang(self) -> bool:
        return bool(str(self.pdf.Root.get("/Lang", "")))

    def read(self) -> dict:
        if self.content is None:
            self.content = _read_content(self)
        return self.content


def _read_content(facts: Facts) -> dict:
    """Every page's content (and the forms it draws), once: the findings of the rules on marked content
    (7.1-1/2/3, 7.2-29..32, 7.2-34, 7.20), and, per font, the codes shown (``codes``) and those shown
    visibly, not in text rendering mode 3 (``visible``)."""
    found, fonts, form_uses, tagged_forms = [], {}, {}, set()
    catalog_lang = facts.catalog_lang

    def walk(owner, resources, where, stack, seen, page_key, form):
        state = [(None, 0)]
        for instruction in pikepdf.parse_content_stream(owner):
            op, operands = str(instruction.operator), instruction.operands
            if op == "q":
                state.append(state[-1])
            elif op == "Q" and len(state) > 1:
                state.pop()
            elif op == "Tf":
                state[-1] = (resources.get("/Font", {}).get(str(operands[0])), state[-1][1])
            elif op == "Tr":
                state[-1] = (state[-1][0], int(operands[0]))
            elif op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                if isinstance(props, pikepdf.Name):
                    props = resources.get("/Properties", {}).get(str(props))
                props = props if isinstance(props, pikepdf.Dictionary) else pikepdf.Dictionary()
                tag = str(operands[0])
                kind = "artifact" if tag == "/Artifact" else "tagged" if "/MCID" in props else "other"
                if kind == "artifact" and any(k == "tagged" for k, _ in stack):
                    found.append(_line("7.1-1", where))
                if kind == "tagged" and any(k == "artifact" for k, _ in stack):
                    found.append(_line("7.1-2", where))
                if kind == "tagged" and form is not None:
                    tagged_forms.add(form)
                lang = "/Lang" in props or any(has for _, has in stack)
                if "/Lang" in props and not _LANGUAGE_TAG.fullmatch(str(props.Lang)):
                    found.append(_line("7.2-29", f"marked content Lang {str(props.Lang)!r}, {where}"))
                if kind == "tagged" and not lang and not catalog_lang:  # only then does it matter
                    lang = _inherited_lang(_mcid_element(facts, page_key, int(props.MCID)))
                if tag == "/Span" and not lang and not catalog_lang:
                    for key, rule in (("/ActualText", "7.2-30"), ("/Alt", "7.2-31"), ("/E", "7.2-32")):
                        if key in props:
                            found.append(_line(rule, where))
                stack.append((kind, lang))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in _PAINTING:
                if op == "Do":
                    xobject = resources.get("/XObject", {}).get(str(operands[0]))
                    if xobject is not None and xobject.get("/Subtype") == "/Form":
                        if "/Ref" in xobject:
                            found.append(_line("7.20-1", f"form {operands[0]}, {where}"))
                        form_uses[xobject.objgen] = form_uses.get(xobject.objgen, 0) + 1
                        if "/StructParents" in xobject:
                            tagged_forms.add(xobject.objgen)
                        if xobject.objgen not in seen:
                            walk(xobject, xobject.get("/Resources", resources), f"{where}, form {operands[0]}",
                                 list(stack), seen | {xobject.objgen}, xobject.get("/StructParents", page_key),
                                 xobject.objgen)
                            continue
                if not any(k in ("tagged", "artifact") for k, _ in stack):
                    found.append(_line("7.1-3", f"{op}, {where}"))
                if op in ("Tj", "TJ", "'", '"'):
                    font, mode = state[-1]
                    strings = operands[0] if op == "TJ" else operands[-1:]
                    codes = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
                    if font is not None:
                        used = fonts.setdefault(font.objgen, {"font": font, "codes": set(), "visible": set()})
                        used["codes"].update(codes)
                        if mode != 3:
                            used["visible"].update(codes)
                    if codes and not catalog_lang and not any(has for _, has in stack):
                        found.append(_line("7.2-34", where))

    for number, page in enumerate(facts.pdf.pages, 1):
        walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), f"page {number}", [], frozenset(),
             page.obj.get("/StructParents"), None)
    found += [_line("7.20-2", f"a tagged form drawn {form_uses[f]} times") for f in tagged_forms if form_uses.get(f, 0) > 1]
    return {"found": list(dict.fromkeys(found)), "fonts": fonts}


def _mcid_element(facts: Facts, page_key, mcid: int):
    if page_key is None:
        return None
    entry = facts.parents.get(int(page_key))
    return entry[mcid] if isinstance(entry, pikepdf.Array) and mcid < len(entry) else None


def _content(facts: Facts) -> list[str]:
    """7.1-1/2/3: every painting operator on every page (and in the forms it draws) inside marked content
    that is tagged (an MCID) or an Artifact, never the one inside the other; 7.20: no reference XObjects,
    no tagged form drawn twice; 7.2-29..34: the language of marked content and of text (see _read_content)."""
    return facts.read()["found"]


def _document(facts: Facts) -> list[str]:
    """6.1-1 the file header; 6.2-1, 7.1-4 MarkInfo Marked, not Suspects; 7.1-10 DisplayDocTitle; 7.1-11 a structure tree."""
    root, found = facts.pdf.Root, []
    if not re.fullmatch(rb"%PDF-1\.[0-7]", facts.header.rstrip(b"\r\n")):
        found.append(_line("6.1-1", repr(facts.header[:12])))
    mark = root.get("/MarkInfo", {})
    if mark.get("/Marked", False) is not True:
        found.append(_line("6.2-1", "MarkInfo /Marked is not true"))
    if mark.get("/Suspects", False) is True:
        found.append(_line("7.1-4", "MarkInfo /Suspects is true"))
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False) is not True:
        found.append(_line("7.1-10", "ViewerPreferences /DisplayDocTitle is not true"))
    if "/StructTreeRoot" not in root:
        found.append(_line("7.1-11", "no StructTreeRoot"))
    return found


def _role_map(facts: Facts) -> list[str]:
    """7.1-5/6/7: every element's non-standard type maps, without a cycle, to a standard one; no element of a
    standard type remapped; 7.1-12: every element names its parent (one line per rule and type)."""
    found = []
    for e in facts.elements:
        s = str(e.S)
        if facts.circular(e):
            found.append(_line("7.1-6", s))
        elif facts.role(e) not in STANDARD_TYPES:
            found.append(_line("7.1-5", s))
        if s in STANDARD_TYPES and s in facts.roles:
            found.append(_line("7.1-7", f"{s} is remapped to {facts.roles[s]}"))
        if "/P" not in e:
            found.append(_line("7.1-12", s))
    return list(dict.fromkeys(found))


_PUAID = "http://www.aiim.org/pdfua/ns/id/"


def _metadata(facts: Facts) -> list[str]:
    """5-1..5 PDF/UA identification, its prefix; 7.1-8/9 a metadata stream with dc:title; PDF/A-2b's
    identification, the extension schema PDF/A asks for pdfuaid, the document information equal to the XMP."""
    root, found = facts.pdf.Root, []
    stream = root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream) or stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return [_line("7.1-8", "no /Metadata stream of Type /Metadata, Subtype /XML in the catalog")]
    raw = stream.read_bytes().decode("utf-8", "replace")
    meta = facts.pdf.open_metadata()
    part = meta.get("pdfuaid:part")
    if part is None:
        found.append(_line("5-1", "no pdfuaid:part in the XMP"))
    elif part != "1":
        found.append(_line("5-2", f"pdfuaid:part is {part!r}"))
    for prefix in re.findall(r'xmlns:([\w.-]+)\s*=\s*["\']' + re.escape(_PUAID), raw):
        for name, rule in (("part", "5-3"), ("amd", "5-4"), ("corr", "5-5")):
            if prefix != "pdfuaid" and re.search(rf"<{re.escape(prefix)}:{name}\b|\b{re.escape(prefix)}:{name}\s*=", raw):
                found.append(_line(rule, f"prefix {prefix}"))
    if f"{_PUAID}</pdfaSchema:namespaceURI>" not in raw:
        found.append(_line("PDF/A-2 6.6.2.3", "no pdfaSchema for the pdfuaid namespace"))
    if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("2", "B"):
        found.append(_line("PDF/A-2 6.6.4", f"pdfaid is {meta.get('pdfaid:part')}/{meta.get('pdfaid:conformance')}"))
    title = meta.get("dc:title")
    if title is None:
        found.append(_line("7.1-9", "no dc:title in the XMP"))
    info = facts.pdf.docinfo
    authors = [str(info["/Author"])] if "/Author" in info else []  # none in either is equal too
    if (title or "") != str(info.get("/Title", "")) or list(meta.get("dc:creator", [])) != authors:
        found.append(_line("PDF/A-2 6.6.3", "title or creator differ"))
    return found


def _language(facts: Facts) -> list[str]:
    """7.2-29 every Lang a language tag; with no catalog Lang, 7.2-2/21/22/23/33 the outline, the structure
    elements' ActualText, Alt and E and the metadata have a language (7.2-24, 7.2-30..34: _annotations, _content);
    and the catalog's language is the report's (own-lang)."""
    root, found = facts.pdf.Root, []
    lang = str(root.get("/Lang", ""))
    if "/Lang" in root and not _LANGUAGE_TAG.fullmatch(lang):
        found.append(_line("7.2-29", f"catalog Lang {lang!r}"))
    found += [_line("7.2-29", f"{e.S} Lang {str(e.Lang)!r}") for e in facts.elements
              if "/Lang" in e and not _LANGUAGE_TAG.fullmatch(str(e.Lang))][:1]
    if lang != "sv-SE":
        found.append(_line("own-lang", f"catalog Lang {lang!r}"))
    if facts.catalog_lang:
        return found
    if "/First" in root.get("/Outlines", {}):
        found.append(_line("7.2-2", "the outline, with no catalog Lang"))
    for key, rule in (("/ActualText", "7.2-21"), ("/Alt", "7.2-22"), ("/E", "7.2-23")):
        found += [_line(rule, f"{e.S}") for e in facts.elements if key in e and not _inherited_lang(e)][:1]
    if "/Metadata" in root and re.search(rb"xml:lang\s*=\s*[\"']x-default", root.Metadata.read_bytes()):
        found.append(_line("7.2-33", "x-default entries, with no catalog Lang"))
    return found


_PARENT = {"/TR": ({"/Table", "/THead", "/TBody", "/TFoot"}, "7.2-4"), "/THead": ({"/Table"}, "7.2-5"),
           "/TBody": ({"/Table"}, "7.2-6"), "/TFoot": ({"/Table"}, "7.2-7"), "/TH": ({"/TR"}, "7.2-8"),
           "/TD": ({"/TR"}, "7.2-9"), "/LI": ({"/L"}, "7.2-17"), "/LBody": ({"/LI"}, "7.2-18"),
           "/TOCI": ({"/TOC"}, "7.2-26")}
_KIDS = {"/Table": ({"/TR", "/THead", "/TBody", "/TFoot", "/Caption"}, "7.2-3"), "/TR": ({"/TH", "/TD"}, "7.2-10"),
         "/L": ({"/L", "/LI", "/Caption"}, "7.2-19"), "/LI": ({"/Lbl", "/LBody"}, "7.2-20"),
         "/TOC": ({"/TOC", "/TOCI", "/Caption"}, "7.2-27"), "/THead": ({"/TR"}, "7.2-36"),
         "/TBody": ({"/TR"}, "7.2-37"), "/TFoot": ({"/TR"}, "7.2-38")}


def _groupings(facts: Facts) -> list[str]:
    """7.2-3..20, 26..28, 36..40: tables, lists and tables of contents hold what they may, where they may,
    Captions only first (or last, in a table); 7.4.4-1 no node with two H children."""
    found = []
    for node in [facts.pdf.Root.get("/StructTreeRoot", pikepdf.Dictionary()), *facts.elements]:
        role = facts.role(node) if "/S" in node else ""
        parent = node.get("/P")
        parent_role = facts.role(parent) if isinstance(parent, pikepdf.Dictionary) and "/S" in parent else ""
        kids = [facts.role(k) for k in _child_elements(node)]
        if role in _PARENT and parent_role not in _PARENT[role][0]:
            found.append(_line(_PARENT[role][1], f"{role[1:]} in {parent_role[1:] or 'the root'}"))
        if role in _KIDS and set(kids) - _KIDS[role][0]:
            found.append(_line(_KIDS[role][1], f"{role[1:]} holds {sorted(set(kids) - _KIDS[role][0])}"))
        if role == "/Table":
            for kind, most, rule in (("/THead", 1, "7.2-11"), ("/TFoot", 1, "7.2-12"), ("/Caption", 1, "7.2-39")):
                if kids.count(kind) > most:
                    found.append(_line(rule, f"{kids.count(kind)} {kind[1:]}"))
            for kind, rule in (("/TFoot", "7.2-13"), ("/THead", "7.2-14")):
                if kind in kids and "/TBody" not in kids:
                    found.append(_line(rule, f"{kind[1:]} without TBody"))
            if "/Caption" in kids[1:-1]:
                found.append(_line("7.2-16", "a Caption between the rows"))
        if role in ("/L", "/TOC") and "/Caption" in kids[1:]:
            found.append(_line("7.2-40" if role == "/L" else "7.2-28", f"a Caption after the first kid of {role[1:]}"))
        if kids.count("/H") > 1:
            found.append(_line("7.4.4-1", f"{role[1:] or 'the root'} has {kids.count('/H')} H children"))
    return list(dict.fromkeys(found))


def _attribute(cell, key: str, default=None):
    owners = cell.get("/A")
    for a in owners if isinstance(owners, pikepdf.Array) else [owners]:
        if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table" and key in a:
            return a[key]
    return default


def _tables(facts: Facts) -> list[str]:
    """7.2-15/41/42/43: every table a regular grid of cells (row and column spans counted), and then, as veraPDF
    does, 7.5-1/2: if some TH has no Scope, every TD finds a header: by Headers naming TH IDs, or a TH with the
    right Scope above it or before it; own-table-header: every table has a header cell."""
    found = []
    for table in (e for e in facts.elements if facts.role(e) == "/Table"):
        rows = []
        for kid in _child_elements(table):
            if facts.role(kid) == "/TR":
                rows.append(kid)
            elif facts.role(kid) in ("/THead", "/TBody", "/TFoot"):
                rows += [k for k in _child_elements(kid) if facts.role(k) == "/TR"]
        cells = [[c for c in _child_elements(r) if facts.role(c) in ("/TH", "/TD")] for r in rows]
        if not any(facts.role(c) == "/TH" for row in cells for c in row):
            found.append(_line("own-table-header", f"a table of {len(rows)} rows"))
        span = lambda c, key: max(1, int(_attribute(c, key, 1)))  # noqa: E731
        n_rows = sum(span(row[0], "/RowSpan") for row in cells if row)  # as veraPDF counts them: by each first cell
        if not n_rows:
            continue
        n_cols = sum(span(c, "/ColSpan") for c in cells[0])
        grid = [[None] * n_cols for _ in range(n_rows)]
        problem = None
        for r, row in enumerate(cells[:n_rows]):
            col = 0
            for cell in row:
                while col < n_cols and grid[r][col] is not None:
                    col += 1
                rs, cs = span(cell, "/RowSpan"), span(cell, "/ColSpan")
                if col + cs > n_cols:
                    problem = _line("7.2-42", f"row {r + 1} is wider than the first")
                elif r + rs > n_rows:
                    problem = _line("7.2-41", f"column {col + 1} is longer than the table")
                elif any(grid[r + i][col + j] is not None for i in range(rs) for j in range(cs)):
                    problem = _line("7.2-15", f"row {r + 1}, column {col + 1}")
                if problem:
                    break
                for i in range(rs):
                    for j in range(cs):
                        grid[r + i][col + j] = (cell, r, col)
                col += cs
            if problem:
                break
        if problem is None:
            short = next((r for r, row in enumerate(grid) if None in row), None)
            if short is not None:
                problem = _line("7.2-43", f"row {short + 1} has {n_cols - grid[short].count(None)} of {n_cols} columns")
        if problem:
            found.append(problem)
            continue
        headers = [g[0] for row in grid for g in row if facts.role(g[0]) == "/TH"]
        if all(_attribute(h, "/Scope") is not None for h in headers):
            continue
        ids = {bytes(h.ID) for h in headers if "/ID" in h}
        lacking = _unheaded_cell(facts, grid, ids)
        if lacking is not None:
            cell, r, c, unknown = lacking
            found.append(_line("7.5-2" if unknown else "7.5-1", f"TD at row {r + 1}, column {c + 1}"
                               + (f" names unknown headers {unknown}" if unknown else "")))
    return found


def _unheaded_cell(facts, grid, ids):
    """The first TD with no header it can be connected to (and the Headers it names that no TH has), or None."""
    def is_header(g, scope):
        return facts.role(g[0]) == "/TH" and str(_attribute(g[0], "/Scope", "")) in ("/Both", scope)

    def search(line, scope):  # back from the cell: stop at the first non-header after a header
        seen_header = False
        for g in line:
            if is_header(g, scope):
                return True
            if facts.role(g[0]) == "/TH":
                seen_header = True
            elif seen_header:
                return False
        return False

    for r, row in enumerate(grid):
        for c, (cell, r0, c0) in enumerate(row):
            if facts.role(cell) != "/TD" or (r, c) != (r0, c0):
                continue
            named = [bytes(h) for h in _attribute(cell, "/Headers", [])]
            if named and all(h in ids for h in named):
                continue
            rs, cs = max(1, int(_attribute(cell, "/RowSpan", 1))), max(1, int(_attribute(cell, "/ColSpan", 1)))
            if any(search([grid[i][col] for i in range(r - 1, -1, -1)], "/Column") for col in range(c, c + cs)) or \
                    any(search([grid[row_][j] for j in range(c - 1, -1, -1)], "/Row") for row_ in range(r, r + rs)):
                continue
            return cell, r, c, [h.decode("latin-1") for h in named if h not in ids]
    return None


def _headings(facts: Facts) -> list[str]:
    """7.4.2-1: numbered headings start at H1 and never go down more than one level at a time; 7.4.4-2/3: not
    H and Hn both (7.4.4-1: _groupings); own-headings: there are headings at all."""
    levels = [int(m[1]) for e in facts.elements if (m := _HEADING.match(facts.role(e)))]
    plain = sum(1 for e in facts.elements if facts.role(e) == "/H")
    found = [] if levels or plain else [_line("own-headings", "no H or Hn element")]
    if levels and plain:
        found += [_line("7.4.4-2", f"{plain} H among Hn"), _line("7.4.4-3", f"{len(levels)} Hn among H")]
    if levels and levels[0] != 1:
        found.append(_line("7.4.2-1", f"the first heading is H{levels[0]}"))
    found += [_line("7.4.2-1", f"H{a} then H{b}") for a, b in zip(levels, levels[1:]) if b > a + 1][:1]
    return found


def _alternatives(facts: Facts) -> list[str]:
    """7.3-1 Figure and 7.7-1 Formula: a non-empty Alt, or an ActualText."""
    rules = {"/Figure": "7.3-1", "/Formula": "7.7-1"}
    return [_line(rules[facts.role(e)], f"{e.S} without Alt or ActualText") for e in facts.elements
            if facts.role(e) in rules and not str(e.get("/Alt", "")) and "/ActualText" not in e]


def _notes(facts: Facts) -> list[str]:
    """7.9-1: every Note has an ID; 7.9-2: no two the same."""
    notes = [e for e in facts.elements if facts.role(e) == "/Note"]
    ids = [bytes(e.ID) for e in notes if bytes(e.get("/ID", b""))]
    found = [_line("7.9-1", f"{len(notes) - len(ids)} Note(s) without ID")] if len(ids) < len(notes) else []
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        found.append(_line("7.9-2", f"IDs {[i.decode('latin-1') for i in duplicated]} used more than once"))
    return found


def _outside(annot, page) -> bool:
    """veraPDF's isOutsideCropBox: the annotation's rectangle wholly outside the page's crop box."""
    box = [float(v) for v in page.obj.get("/CropBox", page.obj.get("/MediaBox", [0, 0, 0, 0]))]
    rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
    return rect[2] < box[0] or rect[0] > box[2] or rect[3] < box[1] or rect[1] > box[3]


def _annotations(facts: Facts) -> list[str]:
    """7.18.1-1 an annotation (but Widget, PrinterMark, Link) in an Annot element; 7.18.5-1 a link in a Link
    element; 7.18.1-2 a Contents or its element's Alt, 7.18.5-2 a link's Contents; 7.18.2-1 no TrapNet;
    7.18.8-1 a PrinterMark outside the structure; 7.18.3-1 /Tabs /S on a page with annotations; 7.2-24 the
    language of Contents. Hidden annotations and those outside the crop box are exempt, as in veraPDF."""
    found = []
    for number, page in enumerate(facts.pdf.pages, 1):
        annots = list(page.obj.get("/Annots", []))
        if annots and page.obj.get("/Tabs") != "/S":
            found.append(_line("7.18.3-1", f"page {number}"))
        for annot in annots:
            kind, where = str(annot.get("/Subtype")), f"{annot.get('/Subtype')} on page {number}"
            parent = facts.parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
            parent = parent if isinstance(parent, pikepdf.Dictionary) and "/S" in parent else None
            contents = str(annot.get("/Contents", ""))
            if contents and not facts.catalog_lang and not _inherited_lang(parent):
                found.append(_line("7.2-24", where))
            if int(annot.get("/F", 0)) & 2 or _outside(annot, page):
                continue
            role = facts.role(parent) if parent is not None else None
            if kind not in ("/Widget", "/PrinterMark", "/Link") and role != "/Annot":
                found.append(_line("7.18.1-1", f"{where} in {role or 'no element'}"))
            if kind == "/Link" and role != "/Link":
                found.append(_line("7.18.5-1", f"{where} in {role or 'no element'}"))
            if kind != "/Widget" and not contents and not str(parent.get("/Alt", "") if parent is not None else ""):
                found.append(_line("7.18.1-2", where))
            if kind == "/Link" and not contents:
                found.append(_line("7.18.5-2", where))
            if kind == "/TrapNet":
                found.append(_line("7.18.2-1", where))
            if kind == "/PrinterMark" and parent is not None:
                found.append(_line("7.18.8-1", f"{where} in {parent.S}"))
    return found


def _sfnt(data: bytes) -> dict:
    """A TrueType program's tables, by tag."""
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = data[offset:offset + length]
    return tables


def _cmap_subtable(t: bytes) -> dict:
    """Character code → glyph of a 'cmap' subtable of format 0, 4 or 6 (the formats simple fonts use)."""
    form = struct.unpack(">H", t[:2])[0]
    if form == 0:
        return {c: g for c, g in enumerate(t[6:262]) if g}
    if form == 6:
        first, count = struct.unpack(">HH", t[6:10])
        return {first + i: g for i, g in enumerate(struct.unpack(f">{count}H", t[10:10 + 2 * count])) if g}
    if form != 4:
        return {}
    n2 = struct.unpack(">H", t[6:8])[0]
    n, mapping = n2 // 2, {}
    ends, starts = struct.unpack(f">{n}H", t[14:14 + n2]), struct.unpack(f">{n}H", t[16 + n2:16 + 2 * n2])
    deltas = struct.unpack(f">{n}h", t[16 + 2 * n2:16 + 3 * n2])
    at = 16 + 3 * n2
    offsets = struct.unpack(f">{n}H", t[at:at + n2])
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets)):
        for c in range(start, min(end, 0xFFFE) + 1):
            if offset == 0:
                glyph = (c + delta) & 0xFFFF
            else:
                p = at + 2 * i + offset + 2 * (c - start)
                glyph = struct.unpack(">H", t[p:p + 2])[0] if p + 2 <= len(t) else 0
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                mapping[c] = glyph
    return mapping


def _program(font_file) -> dict:
    """What the rules need of an embedded TrueType program: its cmap subtables, glyph count and widths (per 1000 em)."""
    tables = _sfnt(font_file.read_bytes())
    cmap = tables["cmap"]
    subtables = {}
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        subtables[(platform, encoding)] = _cmap_subtable(cmap[offset:])
    units = struct.unpack(">H", tables["head"][18:20])[0]
    metrics = struct.unpack(">H", tables["hhea"][34:36])[0]
    advances = struct.unpack(f">{metrics}H", b"".join(tables["hmtx"][4 * i:4 * i + 2] for i in range(metrics)))
    return {"cmaps": subtables, "glyphs": struct.unpack(">H", tables["maxp"][4:6])[0],
            "width": lambda g: advances[min(g, metrics - 1)] * 1000 / units}


def _utf16(hex_digits: str) -> str:
    return bytes.fromhex(hex_digits[:len(hex_digits) // 2 * 2]).decode("utf-16-be", "replace")


def _to_unicode(stream) -> dict:
    """Code → text of a ToUnicode CMap (bfchar and bfrange)."""
    text, mapping = stream.read_bytes().decode("latin-1"), {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(source, 16)] = _utf16(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith("["):
                mapping.update({low + i: _utf16(t) for i, t in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target))})
            else:
                first = bytes.fromhex(target[1:-1][:len(target[1:-1]) // 2 * 2])
                for i in range(high - low + 1):
                    last = first[:-1] + bytes([(first[-1] + i) & 0xFF]) if first else b""
                    mapping[low + i] = last.decode("utf-16-be", "replace")
    return mapping


_STANDARD = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}


def _glyph(program: dict, code: int, symbolic: bool, codec: str | None) -> int:
    """The glyph a simple TrueType font shows for a code (ISO 32000-1 9.6.6.4); 0 is .notdef."""
    cmaps = program["cmaps"]
    if symbolic and (3, 0) in cmaps:
        return next((cmaps[(3, 0)][c] for c in (code, 0xF000 + code, 0xF100 + code, 0xF200 + code)
                     if c in cmaps[(3, 0)]), 0)
    if not symbolic and codec and (3, 1) in cmaps:
        return cmaps[(3, 1)].get(ord(bytes([code]).decode(codec, "replace")), 0)
    return cmaps.get((1, 0), {}).get(code, 0)


def _fonts(facts: Facts) -> list[str]:
    """For every font that shows text: own-fonts a simple TrueType font; 7.21.4.1-1 its program embedded;
    7.21.6-1..4 its encoding and cmap subtables as its symbolic flag asks; for every code shown, 7.21.8-1 not
    .notdef, 7.21.4.1-2 a glyph in the program, 7.21.5-1 the dictionary's width that of the program (±1),
    7.21.7-1 a Unicode value (ToUnicode, or a standard encoding for a non-symbolic font), 7.21.7-2 none
    U+0000, U+FEFF or U+FFFE."""
    found = []
    for used in facts.read()["fonts"].values():
        font, codes, visible = used["font"], sorted(used["codes"]), used["visible"]
        name, kind = str(font.get("/BaseFont", "?")), str(font.get("/Subtype"))
        descriptor = font.get("/FontDescriptor", pikepdf.Dictionary())
        if kind not in ("/Type3", "/Type0") and visible and not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            found.append(_line("7.21.4.1-1", name))
        if kind != "/TrueType" or "/FontFile2" not in descriptor:
            found.append(_line("own-fonts", f"{name} is {kind[1:]}"))
            continue
        program = _program(descriptor.FontFile2)
        cmaps = program["cmaps"]
        symbolic = bool(int(descriptor.get("/Flags", 0)) & 4)
        encoding = font.get("/Encoding")
        base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
        codec = _STANDARD.get(str(base)) if base is not None else None
        if symbolic and encoding is not None:
            found.append(_line("7.21.6-3", name))
        if symbolic and len(cmaps) != 1 and (3, 0) not in cmaps:
            found.append(_line("7.21.6-4", f"{name}: cmap subtables {sorted(cmaps)}"))
        if not symbolic and not (len(cmaps) > 1 if (3, 0) in cmaps else cmaps):
            found.append(_line("7.21.6-1", f"{name}: cmap subtables {sorted(cmaps)}"))
        differences = isinstance(encoding, pikepdf.Dictionary) and "/Differences" in encoding
        if not symbolic and (codec is None or differences and (3, 1) not in cmaps):  # the Glyph List itself is not read
            found.append(_line("7.21.6-2", f"{name}: Encoding {encoding}"))
        unicode = _to_unicode(font.ToUnicode) if "/ToUnicode" in font else {}
        widths, first = font.get("/Widths", []), int(font.get("/FirstChar", 0))
        for code in codes:
            glyph = _glyph(program, code, symbolic, codec)
            if glyph == 0:
                found.append(_line("7.21.8-1", f"{name} code {code}"))
            elif glyph >= program["glyphs"] and code in visible:
                found.append(_line("7.21.4.1-2", f"{name} code {code}, glyph {glyph} of {program['glyphs']}"))
            elif code in visible and 0 <= code - first < len(widths) and \
                    abs(program["width"](glyph) - float(widths[code - first])) > 1:
                found.append(_line("7.21.5-1", f"{name} code {code}: {float(widths[code - first])} against "
                                               f"{program['width'](glyph):.1f}"))
            if code not in unicode and (symbolic or codec is None):
                found.append(_line("7.21.7-1", f"{name} code {code}"))
            elif any(ch in unicode.get(code, "") for ch in "\u0000\ufeff\ufffe"):
                found.append(_line("7.21.7-2", f"{name} code {code} → {unicode[code]!r}"))
    return found


#: The rules, by what they read: each finds one line per problem, its rule first (``7.1-3: …``).
RULES = {
    "content": _content,
    "document": _document,
    "role map": _role_map,
    "metadata": _metadata,
    "language": _language,
    "groupings": _groupings,
    "tables": _tables,
    "headings": _headings,
    "alternatives": _alternatives,
    "notes": _notes,
    "annotations": _annotations,
    "fonts": _fonts,
}


def facts_of(pdf: pikepdf.Pdf, header: bytes = b"%PDF-1.7") -> Facts:
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return Facts(pdf, header)
    roles = {str(k): v for k, v in tree.get("/RoleMap", {}).items()}
    parents = {int(k): v for k, v in pikepdf.NumberTree(tree.ParentTree).items()} if "/ParentTree" in tree else {}
    return Facts(pdf, header, list(_elements(tree)), roles, parents)


def findings_of(pdf: pikepdf.Pdf, header: bytes = b"%PDF-1.7", rules=RULES) -> list[str]:
    """What the checker finds wrong in an open PDF whose file begins with ``header``."""
    facts = facts_of(pdf, header)
    return [line for check in rules.values() for line in check(facts)]


def our_findings(path: Path, rules=RULES) -> list[str]:
    """What this project's PDF/UA-1 checker finds wrong in the PDF at ``path`` (see the module's docstring)."""
    with open(path, "rb") as f:
        header = f.readline()
    with pikepdf.open(path) as pdf:
        return findings_of(pdf, header, rules)


def structure(path: Path) -> dict:
    """Facts a test looks at directly: the heading levels in order."""
    with pikepdf.open(path) as pdf:
        facts = facts_of(pdf)
        return {"headings": [int(m[1]) for e in facts.elements if (m := _HEADING.match(facts.role(e)))]}


def verapdf_rule_list() -> str:
    """veraPDF's rules the checker applies, a line per clause with its test numbers, as docs/pdf.md lists them."""
    tests: dict[str, list[str]] = {}
    for rule in VERAPDF:
        clause, number = rule.rsplit("-", 1)
        tests.setdefault(clause, []).append(number)
    return "\n".join(f"- {clause}: {', '.join(numbers)}" for clause, numbers in tests.items())
