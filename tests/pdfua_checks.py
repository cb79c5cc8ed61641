"""What the tests check a PDF with for PDF/UA-1, and what they know it does not check.

veraPDF, the reference validator, is a Java program from Maven Central, which this project's
machines and CI cannot reach. The checker that installs here is ``pdfua`` (PyPI, pinned in
pyproject.toml's test extra): 16 of the 106 machine-checkable PDF/UA-1 rules, by its own
count. ``our_findings`` is this project's own checker, with pikepdf: the machine-checkable
rules of veraPDF's PDF/UA-1 profile (ISO 14289-1, named by clause) that concern what this
tool makes (:data:`RULES`), and the PDF/A-2b identification. Each rule is proven in
tests/test_pdf.py by a broken copy that it alone must catch. A check made by this project,
not a claim of conformance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

_HEADING = re.compile(r"/H([1-6])$")


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



#: The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4).
STANDARD_TYPES = {"/" + t for t in (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody "
    "Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form").split()}
_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "INLINE IMAGE"}


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(node):
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


@dataclass
class Facts:
    """A PDF read once for every rule: the open document, its structure elements in order,
    and each element's standard type (through the role map)."""
    pdf: pikepdf.Pdf
    elements: list = field(default_factory=list)
    roles: dict = field(default_factory=dict)

    def role(self, element) -> str:
        s, seen = str(element.S), set()
        while s in self.roles and s not in seen and s not in STANDARD_TYPES:
            seen.add(s)
            s = str(self.roles[s])
        return s


def _content(facts: Facts) -> list[str]:
    """7.1-1, 7.1-2, 7.1-3: every painting operator on every page (and in the forms it draws)
    inside marked content that is tagged (an MCID) or an Artifact; never the one inside the other."""
    found = []

    def walk(stream_owner, where, stack, seen):
        for instruction in pikepdf.parse_content_stream(stream_owner):
            op = str(instruction.operator)
            if op in ("BDC", "BMC"):
                operands = instruction.operands
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                kind = ("artifact" if str(operands[0]) == "/Artifact"
                        else "tagged" if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else "other")
                if kind == "artifact" and "tagged" in stack:
                    found.append(f"7.1-1: an Artifact inside tagged content ({where})")
                if kind == "tagged" and "artifact" in stack:
                    found.append(f"7.1-2: tagged content inside an Artifact ({where})")
                stack.append(kind)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in _PAINTING:
                if op == "Do":
                    xobject = stream_owner.get("/Resources", {}).get("/XObject", {}).get(str(instruction.operands[0]))
                    if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                        walk(xobject, f"{where}, form {instruction.operands[0]}", list(stack), seen | {xobject.objgen})
                        continue
                if "tagged" not in stack and "artifact" not in stack:
                    found.append(f"7.1-3: content neither tagged nor an artifact: {op} ({where})")

    for number, page in enumerate(facts.pdf.pages, 1):
        walk(page, f"page {number}", [], frozenset())
    return found


def _suspects_and_marked(facts: Facts) -> list[str]:
    mark = facts.pdf.Root.get("/MarkInfo", {})
    found = [] if mark.get("/Marked", False) else ["6.2-1: MarkInfo /Marked is not true"]
    if mark.get("/Suspects", False):
        found.append("7.1-11: MarkInfo /Suspects is true")
    if "/StructTreeRoot" not in facts.pdf.Root:
        found.append("7.1-11: no structure tree")
    return found


def _role_map(facts: Facts) -> list[str]:
    """7.1-5..7: every non-standard type maps (without a cycle) to a standard one; no standard type is remapped."""
    found = [f"7.1-7: standard structure type {k} is remapped to {v}" for k, v in facts.roles.items() if k in STANDARD_TYPES]
    for element in facts.elements:
        if facts.role(element) not in STANDARD_TYPES:
            found.append(f"7.1-5: structure type {element.S} is not mapped to a standard type")
            break
    return found


def _metadata(facts: Facts) -> list[str]:
    """5-1 PDF/UA identification; 7.1-8/9 metadata with dc:title; 7.1-10 DisplayDocTitle; the
    document information equal to it (PDF/A-2 6.6.3); PDF/A-2b identification with the
    extension schema PDF/A asks for pdfuaid."""
    root, found = facts.pdf.Root, []
    if "/Metadata" not in root:
        return ["7.1-8: the catalog has no metadata stream"]
    meta = facts.pdf.open_metadata()
    if meta.get("pdfuaid:part") != "1":
        found.append(f"5-1: XMP pdfuaid:part is {meta.get('pdfuaid:part')!r}, not 1")
    if b"http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" not in root.Metadata.read_bytes():
        found.append("PDF/A-2 6.6.2.3: no extension schema for pdfuaid in the XMP")
    if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("2", "B"):
        found.append(f"PDF/A-2 6.6.4: XMP pdfaid is {meta.get('pdfaid:part')}/{meta.get('pdfaid:conformance')}, not 2/B")
    title = meta.get("dc:title", "")
    if not title.strip():
        found.append("7.1-9: the metadata has no dc:title")
    info = facts.pdf.docinfo
    if title != str(info.get("/Title", "")) or list(meta.get("dc:creator", [])) != [str(info.get("/Author", ""))]:
        found.append("PDF/A-2 6.6.3: XMP title/creator differ from the document information")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        found.append("7.1-10: ViewerPreferences /DisplayDocTitle is not true")
    return found


def _language(facts: Facts) -> list[str]:
    lang = str(facts.pdf.Root.get("/Lang", ""))
    return [] if lang == "sv-SE" else [f"7.2-34: catalog /Lang is {lang!r}, not the report's sv-SE"]


def _headings(facts: Facts) -> list[str]:
    """7.4.2-1: numbered headings start at H1 and never skip a level; 7.4.4-1/2: not H mixed with Hn;
    and there are headings at all (the forms promise every question is one)."""
    levels = [int(m[1]) for e in facts.elements if (m := _HEADING.match(facts.role(e)))]
    plain = sum(1 for e in facts.elements if facts.role(e) == "/H")
    found = [] if levels or plain else ["7.4: no headings"]
    if levels and plain:
        found.append("7.4.4-3: H and numbered headings Hn mixed")
    if levels and levels[0] != 1:
        found.append(f"7.4.2-1: the first heading is H{levels[0]}, not H1")
    found += [f"7.4.2-1: heading level skipped: H{a} then H{b}" for a, b in zip(levels, levels[1:]) if b > a + 1][:1]
    return found


def _tables(facts: Facts) -> list[str]:
    """7.5: TR only in Table/THead/TBody/TFoot, TH/TD only in TR; every table has a header cell
    and every TH says its scope (7.5-1/2: each cell's header can be found)."""
    found = []
    for e in facts.elements:
        role, parent = facts.role(e), facts.role(e.P) if "/S" in e.get("/P", {}) else ""
        if role == "/TR" and parent not in ("/Table", "/THead", "/TBody", "/TFoot"):
            found.append(f"7.5: TR inside {parent or 'the root'}")
        if role in ("/TH", "/TD") and parent != "/TR":
            found.append(f"7.5: {role[1:]} inside {parent or 'the root'}")
        if role == "/TH" and not any(isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table" and "/Scope" in a
                                     for a in (e.A if isinstance(e.get("/A"), pikepdf.Array) else [e.get("/A")])):
            found.append("7.5-1: a TH without /Scope")
        if role == "/Table" and not any(facts.role(c) == "/TH" for c in _elements(e)):
            found.append("7.5: a table without a header cell")
    return found


def _figures(facts: Facts) -> list[str]:
    return ["7.3-1: a Figure without alternative text (/Alt)" for e in facts.elements
            if facts.role(e) == "/Figure" and not str(e.get("/Alt", e.get("/ActualText", ""))).strip()]


def _lists(facts: Facts) -> list[str]:
    """7.6-1/2: L holds only LI (or Caption, or a nested L); LI holds only Lbl and LBody."""
    found = []
    for e in facts.elements:
        kids = [facts.role(k) for k in _kids(e) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if facts.role(e) == "/L" and set(kids) - {"/LI", "/Caption", "/L"}:
            found.append(f"7.6-1: L holds {sorted(set(kids) - {'/LI', '/Caption', '/L'})}")
        if facts.role(e) == "/LI" and set(kids) - {"/Lbl", "/LBody"}:
            found.append(f"7.6-2: LI holds {sorted(set(kids) - {'/Lbl', '/LBody'})}")
    return found


def _notes(facts: Facts) -> list[str]:
    notes = [e for e in facts.elements if facts.role(e) == "/Note"]
    ids = [bytes(e.ID) for e in notes if "/ID" in e]
    found = [f"7.9-2: {len(notes) - len(ids)} Note(s) without /ID"] if len(ids) < len(notes) else []
    if len(set(ids)) != len(ids):
        found.append("7.9-1: Note IDs are not unique")
    return found


def _annotations(facts: Facts) -> list[str]:
    """7.18.1-1: every annotation (but pop-ups) in the structure tree, inside an Annot element
    or, for links, 7.18.5-1 a Link element; 7.18.1-2/7.18.5-2 a Contents description;
    7.18.3-1: a page with annotations has /Tabs /S."""
    found = []
    parents = {}
    tree = facts.pdf.Root.get("/StructTreeRoot")
    if tree is not None and "/ParentTree" in tree:
        parents = {int(k): v for k, v in pikepdf.NumberTree(tree.ParentTree).items()}
    for number, page in enumerate(facts.pdf.pages, 1):
        annots = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") != "/Popup"]
        if annots and page.obj.get("/Tabs") != "/S":
            found.append(f"7.18.3-1: page {number} has annotations but not /Tabs /S")
        for annot in annots:
            kind = str(annot.get("/Subtype"))
            parent = parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
            wanted = "/Link" if kind == "/Link" else "/Annot"
            clause = "7.18.5-1" if kind == "/Link" else "7.18.1-1"
            if parent is None or not isinstance(parent, pikepdf.Dictionary):
                found.append(f"{clause}: a {kind[1:]} annotation on page {number} is outside the structure tree")
            elif facts.role(parent) != wanted:
                found.append(f"{clause}: a {kind[1:]} annotation on page {number} is in a {parent.S} element")
            if kind != "/Widget" and not str(annot.get("/Contents", "")).strip():
                found.append(f"7.18.1-2: a {kind[1:]} annotation on page {number} has no /Contents")
    return found


def _fonts(facts: Facts) -> list[str]:
    """7.21.4.1-1: every font program embedded; 7.21.7-1: every font maps its codes to Unicode
    (a ToUnicode CMap; a simple non-symbolic font with a standard encoding needs none)."""
    found, seen = [], set()

    def fonts_of(resources):
        for font in resources.get("/Font", {}).values():
            yield font
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from fonts_of(xobject.Resources)

    for page in facts.pdf.pages:
        for font in fonts_of(page.obj.get("/Resources", {})):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))
            program = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = program.get("/FontDescriptor", {})
            if font.get("/Subtype") != "/Type3" and not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"7.21.4.1-1: font {name} is not embedded")
            standard = str(font.get("/Encoding", "")) in ("/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding")
            symbolic = int(descriptor.get("/Flags", 0)) & 4
            if "/ToUnicode" not in font and not (font.get("/Subtype") != "/Type0" and standard and not symbolic):
                found.append(f"7.21.7-1: font {name} has no ToUnicode map")
    return found


#: The rules, each named by its clause: what it finds is one line per problem, the clause first.
RULES = {
    "7.1 content tagged or artifact": _content,
    "6.2/7.1-11 marked, not suspect, structure tree": _suspects_and_marked,
    "7.1 role map": _role_map,
    "5/7.1 metadata, title, identification": _metadata,
    "7.2 language": _language,
    "7.4 headings": _headings,
    "7.5 tables": _tables,
    "7.3 figures": _figures,
    "7.6 lists": _lists,
    "7.9 notes": _notes,
    "7.18 annotations and links": _annotations,
    "7.21 fonts": _fonts,
}


def facts_of(pdf: pikepdf.Pdf) -> Facts:
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    roles = {str(k): v for k, v in tree.get("/RoleMap", {}).items()} if tree is not None else {}
    return Facts(pdf, list(_elements(tree)) if tree is not None else [], roles)


def our_findings(path: Path, rules=RULES) -> list[str]:
    """What this project's PDF/UA-1 checker finds wrong in the PDF at ``path`` (see the module's docstring)."""
    with pikepdf.open(path) as pdf:
        facts = facts_of(pdf)
        return [line for check in rules.values() for line in check(facts)]


def structure(path: Path) -> dict:
    """Facts a test looks at directly: the heading levels in order."""
    with pikepdf.open(path) as pdf:
        facts = facts_of(pdf)
        return {"headings": [int(m[1]) for e in facts.elements if (m := _HEADING.match(facts.role(e)))]}
