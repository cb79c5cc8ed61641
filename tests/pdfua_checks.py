"""What the tests check a PDF with for PDF/UA-1, and what they know it does not check.

veraPDF, the reference validator, is a Java program from Maven Central, which this project's
machines and CI cannot reach. The checker that installs here is ``pdfua`` (PyPI, pinned in
pyproject.toml's test extra): 16 of the 106 machine-checkable PDF/UA-1 rules, by its own
count. ``our_findings`` adds checks of our own, on the structure tree with pikepdf, for what
the forms promise and pdfua does not look at: a partial check made by this project, not a
claim of conformance.
"""

from __future__ import annotations

import re
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


def _elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def structure(path: Path) -> dict:
    """The facts of a PDF that the checks below judge."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        meta = pdf.open_metadata()
        roles = root.StructTreeRoot.get("/RoleMap", {}) if "/StructTreeRoot" in root else {}
        elements = list(_elements(root.StructTreeRoot)) if "/StructTreeRoot" in root else []

        def role(e):
            s = str(e.S)
            return str(roles.get(s, s))

        tables = [e for e in elements if role(e) == "/Table"]
        return {
            "lang": str(root.get("/Lang", "")),
            "display_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "title": str(pdf.docinfo.get("/Title", "")),
            "xmp_title": meta.get("dc:title", ""),
            "author": str(pdf.docinfo.get("/Author", "")),
            "xmp_author": meta.get("dc:creator", []),
            "pdfa": (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")),
            "pdfua": meta.get("pdfuaid:part"),
            "pdfua_schema": b"http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in root.Metadata.read_bytes(),
            "headings": [int(m[1]) for e in elements if (m := _HEADING.match(role(e)))],
            "tables_without_header": sum(1 for t in tables if not any(role(c) == "/TH" for c in _elements(t))),
            "figures_without_alt": sum(1 for e in elements if role(e) == "/Figure" and not str(e.get("/Alt", "")).strip()),
        }


def our_findings(path: Path) -> list[str]:
    """Our own partial PDF/UA-1 and PDF/A-2 checks (see the module's docstring)."""
    s = structure(path)
    found = []
    if s["lang"] != "sv-SE":
        found.append(f"catalog /Lang is {s['lang']!r}, not sv-SE")
    if not (s["display_title"] and s["marked"] and s["title"]):
        found.append("no title shown, or not marked as tagged")
    if s["xmp_title"] != s["title"] or list(s["xmp_author"]) != [s["author"]]:
        found.append("XMP title/creator differ from the document information")
    if s["pdfa"] != ("2", "B"):
        found.append(f"XMP pdfaid is {s['pdfa']}, not PDF/A-2b")
    if s["pdfua"] != "1" or not s["pdfua_schema"]:
        found.append("no PDF/UA-1 identification with its PDF/A extension schema in the XMP")
    levels = s["headings"]
    if not levels:
        found.append("no headings")
    elif levels[0] != 1:
        found.append(f"the first heading is H{levels[0]}, not H1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(f"heading level skipped: H{before} then H{after}")
            break
    if s["tables_without_header"]:
        found.append(f"{s['tables_without_header']} table(s) without a header cell")
    if s["figures_without_alt"]:
        found.append(f"{s['figures_without_alt']} figure(s) without alternative text")
    return found
