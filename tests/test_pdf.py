"""PDF output with the real LibreOffice: archivable, complete, and clear when it cannot be made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, INPUTS, run_cli
from engine import layouts
from engine.writers import pdf
import pikepdf

from pdfua_checks import RULES, facts_of, our_findings, pdfua_findings, structure
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

def _first(pdf, role):
    facts = facts_of(pdf)
    return next(e for e in facts.elements if facts.role(e) == role)


def _untagged_line(pdf):
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"0 0 m 100 0 l S"))


def _artifact_in_tagged(pdf):
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"/P <</MCID 999>> BDC /Artifact BMC 0 0 m 100 0 l S EMC EMC"))


def _metadata_without(*names):
    def broken(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for name in names:
                del meta[name]
    return broken


def _no_scope(pdf):
    th = _first(pdf, "/TH")
    del th["/A"]


def _font(pdf):
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _link_annotation(pdf):
    return next(a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link")


def _skip_heading(pdf):
    _first(pdf, "/H2").S = pikepdf.Name.H4


#: (the rule, what breaks it, the clause it must name), on a PDF with footnotes, links, lists, tables and charts.
BROKEN = {
    "untagged path": ("7.1 content tagged or artifact", _untagged_line, "7.1-3"),
    "artifact in tagged content": ("7.1 content tagged or artifact", _artifact_in_tagged, "7.1-1"),
    "not marked": ("6.2/7.1-11 marked, not suspect, structure tree",
                   lambda pdf: setattr(pdf.Root, "MarkInfo", pikepdf.Dictionary(Marked=False)), "6.2-1"),
    "suspects": ("6.2/7.1-11 marked, not suspect, structure tree",
                 lambda pdf: setattr(pdf.Root, "MarkInfo", pikepdf.Dictionary(Marked=True, Suspects=True)), "7.1-11"),
    "standard type remapped": ("7.1 role map",
                               lambda pdf: pdf.Root.StructTreeRoot.RoleMap.__setitem__("/Quote", pikepdf.Name.P), "7.1-7"),
    "type not mapped": ("7.1 role map", lambda pdf: setattr(_first(pdf, "/P"), "S", pikepdf.Name("/Egen")), "7.1-5"),
    "no pdfuaid": ("5/7.1 metadata, title, identification", _metadata_without("pdfuaid:part"), "5-1"),
    "no dc:title": ("5/7.1 metadata, title, identification", _metadata_without("dc:title"), "7.1-9"),
    "title not shown": ("5/7.1 metadata, title, identification",
                        lambda pdf: setattr(pdf.Root, "ViewerPreferences", pikepdf.Dictionary()), "7.1-10"),
    "no metadata": ("5/7.1 metadata, title, identification", lambda pdf: pdf.Root.__delitem__("/Metadata"), "7.1-8"),
    "English": ("7.2 language", lambda pdf: setattr(pdf.Root, "Lang", pikepdf.String("en-US")), "7.2-34"),
    "heading level skipped": ("7.4 headings", _skip_heading, "7.4.2-1"),
    "TH without scope": ("7.5 tables", _no_scope, "7.5-1"),
    "cell outside a row": ("7.5 tables", lambda pdf: setattr(_first(pdf, "/TR"), "S", pikepdf.Name.Div), "7.5"),
    "figure without alt": ("7.3 figures", lambda pdf: _first(pdf, "/Figure").__delitem__("/Alt"), "7.3-1"),
    "list item outside a list": ("7.6 lists", lambda pdf: setattr(_first(pdf, "/LI"), "S", pikepdf.Name.P), "7.6-1"),
    "note without ID": ("7.9 notes", lambda pdf: _first(pdf, "/Note").__delitem__("/ID"), "7.9-2"),
    "link outside the tree": ("7.18 annotations and links",
                              lambda pdf: _link_annotation(pdf).__delitem__("/StructParent"), "7.18.5-1"),
    "link without description": ("7.18 annotations and links",
                                 lambda pdf: _link_annotation(pdf).__delitem__("/Contents"), "7.18.1-2"),
    "tabs not by structure": ("7.18 annotations and links",
                              lambda pdf: [p.obj.__setitem__("/Tabs", pikepdf.String("S")) for p in pdf.pages], "7.18.3-1"),
    "font without ToUnicode": ("7.21 fonts", lambda pdf: _font(pdf).__delitem__("/ToUnicode"), "7.21.7-1"),
    "font not embedded": ("7.21 fonts", lambda pdf: _font(pdf).FontDescriptor.__delitem__("/FontFile2"), "7.21.4.1-1"),
}


def test_every_rule_is_proven_by_a_broken_copy():
    assert set(RULES) == {rule for rule, _, _ in BROKEN.values()}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_rule_catches_the_copy_broken_for_it(pdfs, tmp_path, name):
    rule, breaks, clause = BROKEN[name]
    good = pdfs / "ung-intro.uppsala.pdf"
    assert our_findings(good, {rule: RULES[rule]}) == []
    with pikepdf.open(good) as pdf:
        breaks(pdf)
        pdf.save(tmp_path / "broken.pdf")
    found = our_findings(tmp_path / "broken.pdf", {rule: RULES[rule]})
    assert any(line.startswith(f"{clause}: ") for line in found), found
