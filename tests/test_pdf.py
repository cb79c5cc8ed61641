"""PDF output with the real LibreOffice: archivable, complete, and clear when it cannot be made."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, INPUTS, run_cli
from engine import layouts
from engine.writers import pdf
import pikepdf

from pdfua_checks import _HEADING, OWN, RULES, SKIPPED, VERAPDF, facts_of, our_findings, pdfua_findings, structure, verapdf_rule_list
from engine.writers.files import TEMP

LAYOUT_LABELS = {
    "uppsala": ["Slutrapport samverkansinsatser inom", "Ange syftet med insatsen", "Har målen uppnåtts?",
                "Vilka lärdomar och erfarenheter har respektive samverkanspart erhållit"],
    "uppsala-2018": ["Beskriv målen med insatsen samt utfall/resultat", "Slutdatum för intag av deltagare",
                     "Redogör för utfall av budget/finansiering", "EKONOMI"],
    "gavleborg": ["Insats för samverkansmedel", "1. Allmänna uppgifter", "5.1 Måluppfyllelse",
                  "7. Ekonomiuppföljning utnyttjade medel", "8. Uppgiftslämnare"],
}


def tool(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    result = run_cli("build", INPUTS, "--forbund", "all", "--pdf", "-o", out)
    assert result.code == 0, result.err
    return out


@pytest.mark.parametrize("layout", sorted(LAYOUT_LABELS))
@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_converts_with_labels_and_values(pdfs, source, layout):
    path = pdfs / f"{source.stem}.{layout}.pdf"
    text = " ".join(tool("pdftotext", str(path), "-").split())
    for label in LAYOUT_LABELS[layout]:
        assert label in text, label
    from engine.loader import load

    insats, _ = load(source)
    assert insats.name in text and insats.owner.organisation in text


def test_swedish_characters_survive(pdfs):
    text = tool("pdftotext", str(pdfs / "langsiktig-samverkan-alvkarleby.uppsala-2018.pdf"), "-")
    assert "ÄLVKARLEBY KOMMUN" in text and "Långsiktig Samverkan" in text and "Försäkringskassan" in text
    assert "�" not in text


@pytest.mark.parametrize("name", ["resan-soderhamn.gavleborg.pdf", "ung-intro-markdown.uppsala.pdf"])
def test_archivable_metadata_and_fonts(pdfs, name):
    info = tool("pdfinfo", str(pdfs / name))
    title = "RESAN" if name.startswith("resan") else "Ung Intro"
    author = "Söderhamns kommun" if name.startswith("resan") else "Uppsala kommun"
    assert f"Slutrapport – {title}" in info and author in info
    meta = tool("pdfinfo", "-meta", str(pdfs / name))
    assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta
    fonts = tool("pdffonts", str(pdfs / name)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column


def test_two_builds_at_the_same_time(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-m", "engine", "build", str(INPUTS / name), "--pdf",
                               "-o", str(tmp_path / f"out{i}")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i, name in enumerate(["resan-soderhamn.yaml", "samverkan-gottsunda.yaml"])]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert (tmp_path / "out0" / "resan-soderhamn.gavleborg.pdf").stat().st_size > 10_000
    assert (tmp_path / "out1" / "samverkan-gottsunda.uppsala.pdf").stat().st_size > 10_000


def test_no_converter_keeps_the_docx_and_says_how_to_install(tmp_path):
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    proc = subprocess.run([sys.executable, "-m", "engine", "build", str(INPUTS / "resan-soderhamn.yaml"), "--pdf",
                           "-o", str(tmp_path)], capture_output=True, text=True, env=env)
    assert proc.returncode == 3
    assert (tmp_path / "resan-soderhamn.gavleborg.docx").is_file()
    assert not (tmp_path / "resan-soderhamn.gavleborg.pdf").exists()
    (message,) = [line for line in proc.stderr.splitlines() if "LibreOffice" in line]
    assert "sudo apt-get install libreoffice-writer-nogui" in message and "the .docx files are written" in message
    assert "Traceback" not in proc.stderr


def test_a_broken_document_is_named_and_the_others_convert(tmp_path):
    result = run_cli("build", INPUTS / "resan-soderhamn.yaml", "-o", tmp_path)
    assert result.code == 0
    good = tmp_path / "resan-soderhamn.gavleborg.docx"
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    outcome = pdf.convert([broken, good], "libreoffice")
    assert outcome.converted == {good: good.with_suffix(".pdf")} and good.with_suffix(".pdf").is_file()
    assert list(outcome.failed) == [broken] and not broken.with_suffix(".pdf").exists()
    assert not (tmp_path / TEMP).exists()  # no staging left behind


def test_a_hung_converter_is_stopped_and_retried_once(tmp_path):
    run_cli("build", INPUTS / "resan-soderhamn.yaml", "-o", tmp_path)
    document = tmp_path / "resan-soderhamn.gavleborg.docx"
    outcome = pdf.convert([document], "libreoffice", timeout=(0.3, 0))  # far too short for LibreOffice to start
    assert outcome.converted == {}
    assert "did not finish within 0 s and was stopped" in outcome.failed[document]
    assert not document.with_suffix(".pdf").exists()
    assert pdf.convert([document], "libreoffice").converted == {document: document.with_suffix(".pdf")}


def test_word_is_refused_clearly_where_there_is_none(tmp_path):
    if pdf.word_available():
        pytest.skip("Microsoft Word is installed here")
    with pytest.raises(pdf.ConverterMissing, match="Microsoft Word is not available"):
        pdf.convert([tmp_path / "x.docx"], "word")


SOURCES = sorted(p for p in INPUTS.iterdir() if p.suffix in (".yaml", ".md"))


@pytest.mark.parametrize("layout", layouts.available())
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_example_pdf_passes_the_pdfua_checks_and_stays_pdfa_2b(pdfs, source, layout):
    """pdfua's rules (all evaluated) and ours: see tests/pdfua_checks.py for what neither checks."""
    path = pdfs / f"{source.stem}.{layout}.pdf"
    assert pdfua_findings(path) == []
    assert our_findings(path) == []


def test_questions_are_headings_under_the_form_title(pdfs):
    uppsala = structure(pdfs / "ung-intro.uppsala.pdf")["headings"]
    assert uppsala[0] == 1 and uppsala.count(1) == 1 and set(uppsala) == {1, 2}  # title, then every question
    gavleborg = structure(pdfs / "resan-soderhamn.gavleborg.pdf")["headings"]
    assert gavleborg[:3] == [1, 2, 2] and 3 in gavleborg  # form name, sections, questions


def test_the_same_document_gives_the_same_pdf_bytes_and_its_own_dates(tmp_path):
    assert run_cli("build", INPUTS / "resan-soderhamn.yaml", "--forbund", "all", "-o", tmp_path / "a").code == 0
    documents = sorted((tmp_path / "a").glob("*.docx"))
    (tmp_path / "b").mkdir()
    copies = [tmp_path / "b" / d.name for d in documents]
    for d, c in zip(documents, copies):
        c.write_bytes(d.read_bytes())
    assert not pdf.convert(documents, "libreoffice").failed
    assert not pdf.convert(copies, "libreoffice").failed
    for d, c in zip(documents, copies):
        assert d.with_suffix(".pdf").read_bytes() == c.with_suffix(".pdf").read_bytes(), d.name
    info = tool("pdfinfo", str(documents[0].with_suffix(".pdf")))
    assert "CreationDate:    Mon Jan  8 12:00:00 2024 UTC" in info  # uppgiftslämnare.datum, not today


def test_an_undated_report_has_no_dates_in_its_pdf(tmp_path):
    source = tmp_path / "odaterad.md"
    source.write_text("---\nnamn: Prov\nförbund: uppsala\ninsatsägare:\n  organisation: Tierps kommun\n---\n",
                      encoding="utf-8")
    assert run_cli("build", source, "--pdf", "-o", tmp_path / "out").code == 0
    path = tmp_path / "out" / "odaterad.uppsala.pdf"
    info = tool("pdfinfo", str(path))
    assert "CreationDate" not in info and "ModDate" not in info
    meta = tool("pdfinfo", "-meta", str(path))
    assert "xmp:CreateDate" not in meta and "<pdfuaid:part>1</pdfuaid:part>" in meta
    assert our_findings(path) == [] and pdfua_findings(path) == []


# --- every rule of the PDF/UA-1 checker catches a copy broken for it -----------------------

def _all(pdf, role):
    facts = facts_of(pdf)
    return [e for e in facts.elements if facts.role(e) == role]


def _first(pdf, role):
    return _all(pdf, role)[0]


def _rename(role, to, count=1, of=None):
    """Elements of type ``role`` (the first ``count``, or those inside the first ``of``) get type ``to``."""
    def broken(pdf):
        elements = _all(pdf, role)
        if of is not None:
            elements = [e for e in _elements_under(_first(pdf, of)) if facts_of(pdf).role(e) == role]
        for e in elements[:count]:
            e.S = pikepdf.Name(to)
    return broken


def _elements_under(node):
    for kid in node.get("/K", []) if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements_under(kid)


def _steps(*breakers):
    def broken(pdf):
        for b in breakers:
            b(pdf)
    return broken


def _draw(content: bytes):
    return lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(content))


def _metadata_without(*names):
    def broken(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for name in names:
                del meta[name]
    return broken


def _xmp_replaced(old: bytes, new: bytes):
    def broken(pdf):
        pdf.Root.Metadata.write(pdf.Root.Metadata.read_bytes().replace(old, new))
    return broken


def _no_lang(pdf):
    del pdf.Root["/Lang"]


def _set(role, key, value):
    return lambda pdf: _first(pdf, role).__setitem__(key, value)


def _table_attribute(row, cell, **attributes):
    """Give the cell ``cell`` of row ``row`` (counted from 0) of the first table a Table attribute."""
    def broken(pdf):
        facts = facts_of(pdf)
        table = _first(pdf, "/Table")
        rows = [r for r in _elements_under(table) if facts.role(r) == "/TR"]
        target = [c for c in rows[row].K if isinstance(c, pikepdf.Dictionary) and "/S" in c][cell]
        old = target.get("/A")
        target.A = pikepdf.Array(([*old] if isinstance(old, pikepdf.Array) else [old] if old is not None else [])
                                 + [pikepdf.Dictionary(O=pikepdf.Name.Table, **attributes)])
    return broken


def _no_scopes(pdf):
    for th in _all(pdf, "/TH"):
        del th["/A"]


def _annotation(subtype, **entries):
    def broken(pdf):
        page = pdf.pages[0]
        annot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype),
                                                     Rect=[10, 10, 50, 50], **entries))
        page.obj.Annots = pikepdf.Array([*page.obj.get("/Annots", []), annot])
    return broken


def _link(pdf):
    return next(a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link")


def _form(content: bytes, drawn: bytes, **entries):
    def broken(pdf):
        page = pdf.pages[0]
        form = pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10],
                               **entries)
        if "/XObject" not in page.Resources:
            page.Resources.XObject = pikepdf.Dictionary()
        page.Resources.XObject.Fm9 = form
        page.contents_add(pdf.make_stream(drawn))
    return broken


def _font(pdf):
    return pdf.pages[0].Resources.Font[_font_name(pdf)]


def _font_name(pdf):
    return sorted(pdf.pages[0].Resources.Font.keys())[0]


def _used_code(pdf):
    facts = facts_of(pdf)
    return min(facts.read()["fonts"][_font(pdf).objgen]["visible"])


def _program_with(change):
    """The first font's program, with ``change(tables)`` applied to its table directory's data (a dict of bytes)."""
    def broken(pdf):
        stream = _font(pdf).FontDescriptor.FontFile2
        data = stream.read_bytes()
        count = int.from_bytes(data[4:6], "big")
        records = [data[12 + 16 * i:28 + 16 * i] for i in range(count)]
        tables = {r[:4]: data[int.from_bytes(r[8:12], "big"):][:int.from_bytes(r[12:16], "big")] for r in records}
        change(tables)
        head, body = data[:12], b""
        at = 12 + 16 * count
        directory = b""
        for r in records:
            table = tables[r[:4]]
            directory += r[:8] + (at + len(body)).to_bytes(4, "big") + len(table).to_bytes(4, "big")
            body += table + b"\0" * (-len(table) % 4)
        stream.write(head + directory + body)
    return broken


def _cmap_of(*encodings):
    """A cmap table whose subtables (platform, encoding) all share the program's first subtable."""
    def change(tables):
        cmap = tables[b"cmap"]
        subtable = cmap[int.from_bytes(cmap[8:12], "big"):]
        header = (0).to_bytes(2, "big") + len(encodings).to_bytes(2, "big")
        offset = 4 + 8 * len(encodings)
        tables[b"cmap"] = header + b"".join(p.to_bytes(2, "big") + e.to_bytes(2, "big") + offset.to_bytes(4, "big")
                                            for p, e in encodings) + subtable
    return change


def _one_glyph(tables):
    tables[b"maxp"] = tables[b"maxp"][:4] + (1).to_bytes(2, "big") + tables[b"maxp"][6:]


def _flags(value):
    return lambda pdf: _font(pdf).FontDescriptor.__setitem__("/Flags", value)


def _wider(pdf):
    font = _font(pdf)
    code = _used_code(pdf)
    font.Widths[code - int(font.FirstChar)] = float(font.Widths[code - int(font.FirstChar)]) + 50


def _unicode_feff(pdf):
    font = _font(pdf)
    codes = sorted(facts_of(pdf).read()["fonts"][font.objgen]["codes"])
    font.ToUnicode = pdf.make_stream(b"beginbfchar\n" + b"".join(b"<%02X> <FEFF>\n" % c for c in codes) + b"endbfchar\n")


def _unmapped_code(pdf):
    from pdfua_checks import _program
    mapped = _program(_font(pdf).FontDescriptor.FontFile2)["cmaps"][(1, 0)]
    code = next(c for c in range(256) if c not in mapped)
    _draw(b"/P <</MCID 0>> BDC BT %s 10 Tf <%02X> Tj ET EMC" % (str(_font_name(pdf)).encode(), code))(pdf)


def _sibling_headings(pdf):
    facts = facts_of(pdf)
    for node in [pdf.Root.StructTreeRoot, *facts.elements]:
        headings = [k for k in _elements_under(node) if k.get("/P") is not None and k.P.objgen == node.objgen
                    and _HEADING.match(facts.role(k))]
        if len(headings) > 1:
            for h in headings[:2]:
                h.S = pikepdf.Name.H
            return


def _ids_alike(pdf):
    for note in _all(pdf, "/Note")[:2]:
        note.ID = pikepdf.String("samma")


#: What breaks each rule of the checker (veraPDF's and the project's own), on a PDF with footnotes, links,
#: lists, tables and charts; a breaker may return the file header to check instead of the real one.
BROKEN = {
    "5-1": _metadata_without("pdfuaid:part"),
    "5-2": _xmp_replaced(b"<pdfuaid:part>1<", b"<pdfuaid:part>2<"),
    "5-3": _xmp_replaced(b"pdfuaid:part>", b"ua:part xmlns:ua='http://www.aiim.org/pdfua/ns/id/'>"),
    "5-4": _xmp_replaced(b"<pdfuaid:part>1</pdfuaid:part>",
                         b"<pdfuaid:part>1</pdfuaid:part><ua:amd xmlns:ua='http://www.aiim.org/pdfua/ns/id/'>1</ua:amd>"),
    "5-5": _xmp_replaced(b"<pdfuaid:part>1</pdfuaid:part>",
                         b"<pdfuaid:part>1</pdfuaid:part><ua:corr xmlns:ua='http://www.aiim.org/pdfua/ns/id/'>1</ua:corr>"),
    "6.1-1": lambda pdf: b"%PDF-2.0\n",
    "6.2-1": lambda pdf: setattr(pdf.Root, "MarkInfo", pikepdf.Dictionary(Marked=False)),
    "7.1-1": _draw(b"/P <</MCID 999>> BDC /Artifact BMC 0 0 m 100 0 l S EMC EMC"),
    "7.1-2": _draw(b"/Artifact BMC /P <</MCID 999>> BDC 0 0 m 100 0 l S EMC EMC"),
    "7.1-3": _draw(b"0 0 m 100 0 l S"),
    "7.1-4": lambda pdf: setattr(pdf.Root, "MarkInfo", pikepdf.Dictionary(Marked=True, Suspects=True)),
    "7.1-5": _rename("/P", "/Egen"),
    "7.1-6": _steps(lambda pdf: pdf.Root.StructTreeRoot.RoleMap.__setitem__("/Egen", pikepdf.Name("/Annan")),
                    lambda pdf: pdf.Root.StructTreeRoot.RoleMap.__setitem__("/Annan", pikepdf.Name("/Egen")),
                    _rename("/P", "/Egen")),
    "7.1-7": _steps(lambda pdf: pdf.Root.StructTreeRoot.RoleMap.__setitem__("/Quote", pikepdf.Name.P),
                    _rename("/P", "/Quote")),
    "7.1-8": lambda pdf: pdf.Root.__delitem__("/Metadata"),
    "7.1-9": _metadata_without("dc:title"),
    "7.1-10": lambda pdf: setattr(pdf.Root, "ViewerPreferences", pikepdf.Dictionary()),
    "7.1-11": lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"),
    "7.1-12": lambda pdf: _first(pdf, "/P").__delitem__("/P"),
    "7.2-2": _no_lang,
    "7.2-3": _rename("/TR", "/P"),
    "7.2-4": _rename("/Table", "/Div"),
    "7.2-5": _steps(_rename("/TR", "/THead", of="/Table"), _rename("/Table", "/Div")),
    "7.2-6": _steps(_rename("/TR", "/TBody", of="/Table"), _rename("/Table", "/Div")),
    "7.2-7": _steps(_rename("/TR", "/TFoot", of="/Table"), _rename("/Table", "/Div")),
    "7.2-8": _rename("/TR", "/Div"),
    "7.2-9": _rename("/TR", "/Div", count=99),
    "7.2-10": _rename("/TH", "/P"),
    "7.2-11": _rename("/TR", "/THead", count=2),
    "7.2-12": _rename("/TR", "/TFoot", count=2),
    "7.2-13": _rename("/TR", "/TFoot"),
    "7.2-14": _rename("/TR", "/THead"),
    "7.2-15": _steps(_table_attribute(1, 1, RowSpan=2), _table_attribute(2, 0, ColSpan=2)),
    "7.2-16": _rename("/TR", "/Caption", count=2, of="/Table"),  # the second of them stays between rows
    "7.2-17": _rename("/L", "/Div"),
    "7.2-18": _rename("/LI", "/Div"),
    "7.2-19": _rename("/LI", "/P"),
    "7.2-20": _rename("/LBody", "/P"),
    "7.2-21": _steps(_no_lang, _set("/P", "/ActualText", pikepdf.String("x"))),
    "7.2-22": _no_lang,
    "7.2-23": _steps(_no_lang, _set("/P", "/E", pikepdf.String("x"))),
    "7.2-24": _no_lang,
    "7.2-26": _rename("/LI", "/TOCI"),
    "7.2-27": _rename("/L", "/TOC"),
    "7.2-28": _steps(_rename("/LI", "/Caption", count=2, of="/L"), _rename("/L", "/TOC")),
    "7.2-29": lambda pdf: setattr(pdf.Root, "Lang", pikepdf.String("sv_SE")),
    "7.2-30": _steps(_no_lang, _draw(b"/Span <</ActualText (x)>> BDC 0 0 m 1 0 l S EMC")),
    "7.2-31": _steps(_no_lang, _draw(b"/Span <</Alt (x)>> BDC 0 0 m 1 0 l S EMC")),
    "7.2-32": _steps(_no_lang, _draw(b"/Span <</E (x)>> BDC 0 0 m 1 0 l S EMC")),
    "7.2-33": _no_lang,
    "7.2-34": _no_lang,
    "7.2-36": _rename("/TR", "/THead", of="/Table"),
    "7.2-37": _rename("/TR", "/TBody", of="/Table"),
    "7.2-38": _rename("/TR", "/TFoot", of="/Table"),
    "7.2-39": _rename("/TR", "/Caption", count=2, of="/Table"),
    "7.2-40": _rename("/LI", "/Caption", count=2, of="/L"),
    "7.2-41": _table_attribute(-1, 1, RowSpan=3),
    "7.2-42": _table_attribute(1, 1, ColSpan=5),
    "7.2-43": _table_attribute(0, 0, ColSpan=2),
    "7.3-1": lambda pdf: _first(pdf, "/Figure").__delitem__("/Alt"),
    "7.4.2-1": _rename("/H2", "/H4"),
    "7.4.4-1": _sibling_headings,
    "7.4.4-2": _rename("/H2", "/H"),
    "7.4.4-3": _rename("/H2", "/H"),
    "7.5-1": _no_scopes,
    "7.5-2": _steps(_no_scopes, _table_attribute(1, 0, Headers=pikepdf.Array([pikepdf.String("okänd")]))),
    "7.7-1": _steps(lambda pdf: _first(pdf, "/Figure").__delitem__("/Alt"), _rename("/Figure", "/Formula")),
    "7.9-1": lambda pdf: _first(pdf, "/Note").__delitem__("/ID"),
    "7.9-2": _ids_alike,
    "7.18.1-1": _annotation("/Text", Contents=pikepdf.String("En kommentar")),
    "7.18.1-2": lambda pdf: _link(pdf).__delitem__("/Contents"),
    "7.18.2-1": _annotation("/TrapNet"),
    "7.18.3-1": lambda pdf: [p.obj.__setitem__("/Tabs", pikepdf.String("S")) for p in pdf.pages],
    "7.18.5-1": lambda pdf: _link(pdf).__delitem__("/StructParent"),
    "7.18.5-2": lambda pdf: _link(pdf).__delitem__("/Contents"),
    "7.18.8-1": lambda pdf: _annotation("/PrinterMark", StructParent=_link(pdf).StructParent)(pdf),
    "7.20-1": _form(b"", b"/Artifact BMC /Fm9 Do EMC", Ref=pikepdf.Dictionary(F=pikepdf.String("annan.pdf"))),
    "7.20-2": _form(b"/P <</MCID 0>> BDC 0 0 m 1 0 l S EMC", b"/Fm9 Do /Fm9 Do"),
    "7.21.4.1-1": lambda pdf: _font(pdf).FontDescriptor.__delitem__("/FontFile2"),
    "7.21.4.1-2": _program_with(_one_glyph),
    "7.21.5-1": _wider,
    "7.21.6-1": _steps(_flags(32), lambda pdf: setattr(_font(pdf), "Encoding", pikepdf.Name.WinAnsiEncoding),
                       _program_with(_cmap_of((3, 0)))),
    "7.21.6-2": _flags(32),
    "7.21.6-3": lambda pdf: setattr(_font(pdf), "Encoding", pikepdf.Name.WinAnsiEncoding),
    "7.21.6-4": _program_with(_cmap_of((1, 0), (0, 3))),
    "7.21.7-1": lambda pdf: _font(pdf).__delitem__("/ToUnicode"),
    "7.21.7-2": _unicode_feff,
    "7.21.8-1": _unmapped_code,
    "own-lang": lambda pdf: setattr(pdf.Root, "Lang", pikepdf.String("en-US")),
    "own-headings": _steps(_rename("/H1", "/P", count=99), _rename("/H2", "/P", count=99)),
    "own-table-header": _rename("/TH", "/TD", count=99),
    "own-fonts": lambda pdf: setattr(_font(pdf), "Subtype", pikepdf.Name.Type1),
    "PDF/A-2 6.6.2.3": _xmp_replaced(b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/", b"<pdfaSchema:namespaceURI>x"),
    "PDF/A-2 6.6.4": _metadata_without("pdfaid:part"),
    "PDF/A-2 6.6.3": lambda pdf: setattr(pdf.docinfo, "Title", pikepdf.String("Annan titel")),
}


def test_every_rule_is_proven_by_a_broken_copy_and_every_verapdf_rule_is_applied_or_skipped_with_a_reason():
    assert set(BROKEN) == set(VERAPDF) | set(OWN)
    assert not set(VERAPDF) & set(SKIPPED) and len(VERAPDF) + len(SKIPPED) == 106  # PDF_UA/1's rules, all told


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_rule_catches_the_copy_broken_for_it(pdfs, rule):
    with pikepdf.open(pdfs / "ung-intro.uppsala.pdf") as pdf:
        header = BROKEN[rule](pdf)
        facts = facts_of(pdf, header if isinstance(header, bytes) else b"%PDF-1.6\n")
        found = []
        for check in sorted(RULES.values(), key=lambda c: c in (RULES["content"], RULES["fonts"])):  # page content last
            found += check(facts)
            if any(line.startswith(f"{rule}: ") for line in found):
                return
    pytest.fail(f"{rule} not found in {found}")


def test_the_docs_list_exactly_the_rules_the_checker_applies():
    text = (Path(__file__).parents[1] / "docs" / "pdf.md").read_text(encoding="utf-8")
    listed = re.search(r"<!-- veraPDF rules -->(.*?)<!-- end -->", text, re.S)[1]
    assert listed.split() == verapdf_rule_list().split()
