"""Pictures in the documents: the charts the engine draws from a report's figures, each with
alternative text that states its numbers — read back from the .docx and seen in the PDF."""

from __future__ import annotations

import io
import subprocess
import zipfile

import docx
import docx.shared
import pytest
from docx.oxml.ns import qn

from conftest import INPUTS, ooxml_errors, run_cli
from engine import charts, compute, layouts

NBSP = "\u00a0"
WP_DESCR = "descr"


def pictures(path) -> list[tuple[str, str]]:
    """(description, title) of every inline picture in the document's body, in order."""
    document = docx.Document(str(path))
    return [(s._inline.docPr.get(WP_DESCR), s._inline.docPr.get("title")) for s in document.inline_shapes]


GENDER_HABO = f"Deltagare efter kön: 125 kvinnor (40,7{NBSP}%), 182 män (59,3{NBSP}%)."
AGES_HABO = (f"Deltagare efter åldersgrupp: 16–19 år: 38 (12,4{NBSP}%), 20–24 år: 104 (33,9{NBSP}%), "
             f"25–29 år: 89 (29,0{NBSP}%), 30 år och äldre: 76 (24,8{NBSP}%).")


@pytest.mark.parametrize("layout", layouts.available())
def test_the_examples_carry_participant_charts_with_their_numbers(examples, layout):
    habo = pictures(examples / f"framsteget-habo.{layout}.docx")
    assert habo[:2] == [(GENDER_HABO, "Deltagare efter kön"), (AGES_HABO, "Deltagare efter åldersgrupp")]
    intro = [descr for descr, _ in pictures(examples / f"ung-intro.{layout}.docx")]
    assert intro[0] == f"Deltagare efter kön: 43 kvinnor (48,9{NBSP}%), 45 män (51,1{NBSP}%)."
    assert intro[1].startswith(f"Deltagare efter åldersgrupp: 19–21 år: 24 (27,3{NBSP}%)")
    assert intro[2].startswith(f"Avslutade till: anställning 7 (15,6{NBSP}%), studier 9 (20,0{NBSP}%)")
    assert intro[2].endswith("; av 45 avslutade.")


def test_a_chart_stands_in_its_own_paragraph_after_the_participant_figures(examples):
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(examples / "framsteget-habo.uppsala.docx"))
    paragraphs = [Paragraph(p, None) for p in document.element.body.iter(qn("w:p"))]
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Åldersgrupper: 16–19 år 38"))
    after = paragraphs[at + 1:at + 3]
    assert [p.text for p in after] == ["", ""]
    assert [len(p._p.xpath("./w:r/w:drawing/wp:inline")) for p in after] == [1, 1]
    assert paragraphs[at + 1]._p.pPr.xml == paragraphs[at]._p.pPr.xml  # in the answer's own style


@pytest.mark.parametrize("layout", layouts.available())
def test_charts_fit_the_page(examples, layout):
    """A chart is 15 cm wide, or the page's width between its margins where that is less, its
    height in proportion (the PNG is 1181 pixels wide)."""
    document = docx.Document(str(examples / f"framsteget-habo.{layout}.docx"))
    section = document.sections[0]
    page = section.page_width - section.left_margin - section.right_margin
    for shape in document.inline_shapes:
        assert shape.width == min(docx.shared.Cm(15), page)
        assert next(shape._inline.iterancestors(qn("w:tc")), None) is None  # (cells: see the Markdown images)


def test_budget_against_outcome_where_the_form_shows_the_cost_items(tmp_path):
    source = tmp_path / "ekonomi.yaml"
    source.write_text(
        "namn: Provinsatsen\nförbund: allman\ninsatsägare: Tierps kommun\n"
        "ekonomi:\n  beviljat: 900 000\n  kommentar: Som planerat.\n  kostnader:\n"
        "    - {post: Personal, år: 2023, budget: 400 000, utfall: 380 000}\n"
        "    - {post: Personal, år: 2024, budget: 400 000, utfall: 410 000}\n"
        "    - {post: Lokaler, budget: 60 000}\n", encoding="utf-8")
    result = run_cli("build", source, "--forbund", "all", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    alt = (f"Budget och utfall per kostnadspost: Personal: budget 800{NBSP}000{NBSP}kr, utfall 790{NBSP}000{NBSP}kr; "
           f"Lokaler: budget 60{NBSP}000{NBSP}kr, utfall uppgift saknas; totalt: budget 860{NBSP}000{NBSP}kr, "
           f"utfall 790{NBSP}000{NBSP}kr.")
    for layout in ("allman", "uppsala-2018"):
        assert pictures(tmp_path / "out" / f"ekonomi.{layout}.docx") == [(alt, "Budget och utfall per kostnadspost")]
    # Gävleborg's and the structure form's economy answers take only the sums: no chart of the items.
    for layout in ("gavleborg", "struktur", "uppsala"):
        assert pictures(tmp_path / "out" / f"ekonomi.{layout}.docx") == []
    assert ooxml_errors(tmp_path / "out" / "ekonomi.allman.docx") == []


def test_before_and_after_and_no_empty_charts(tmp_path):
    source = tmp_path / "fore.yaml"
    source.write_text(
        "namn: Provinsatsen\nförbund: uppsala\ninsatsägare: Tierps kommun\n"
        "deltagare:\n  kvinnor: 6\n"  # one gender count: nothing to compare, no chart
        "  försörjning:\n    - {kategori: Försörjningsstöd, före: 20, efter: 12}\n"
        "    - {kategori: Lön, efter: 5}\n    - {kategori: Okänt}\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert pictures(tmp_path / "out" / "fore.uppsala.docx") == [
        ("Försörjning före och efter insatsen (antal): Försörjningsstöd: 20 före, 12 efter; "
         "Lön: uppgift saknas före, 5 efter.", "Försörjning före och efter insatsen")]


def test_a_source_without_the_figures_has_no_pictures(tmp_path):
    source = tmp_path / "inga.yaml"
    source.write_text("namn: Provinsatsen\nförbund: uppsala\ninsatsägare: Tierps kommun\n"
                      "deltagare:\n  totalt: 40\n  åldersgrupper: {16–19: 40}\n", encoding="utf-8")
    result = run_cli("build", source, "--forbund", "all", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    for document in (tmp_path / "out").glob("*.docx"):
        assert pictures(document) == [], document.name


def test_the_same_figures_give_the_same_bytes_in_either_font(monkeypatch):
    from engine.loader import load

    insats, _ = load(INPUTS / "framsteget-habo.yaml")
    figures = compute.figures(insats)
    first = charts.gender(figures).png
    charts.bars.cache_clear()
    assert charts.gender(figures).png == first
    fallback = tuple(f for f in charts._installed() if f[0] == "DejaVu Sans")
    assert fallback, "DejaVu Sans is installed with the tests' fonts"
    monkeypatch.setattr(charts, "_installed", lambda: fallback)
    charts.bars.cache_clear(), charts._font.cache_clear()
    drawn = charts.gender(figures).png
    charts.bars.cache_clear()
    assert charts.gender(figures).png == drawn != first
    charts.bars.cache_clear(), charts._font.cache_clear()
    from PIL import Image

    image = Image.open(io.BytesIO(drawn))
    assert image.format == "PNG" and image.mode == "RGB" and "Software" not in image.info
    assert round(image.info["dpi"][0]) == charts.DPI


def test_the_font_is_the_forms_where_installed():
    """fontconfig, which LibreOffice uses too, says what is installed."""
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    installed = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    expected = next((family for family, *_ in charts.FONTS if family in installed), charts.BUILT_IN)
    assert charts.font_family() == expected


def test_a_character_the_font_lacks_is_never_drawn_as_a_box():
    """Carlito has no glyph for the no-break space every figure is written with ("48,9 %"):
    it is drawn as a plain space, and text in letters it lacks in the next font that has them."""
    face = charts._font(False, 9)
    for text in ("43 (48,9\u00a0%)", "2\u00a0458\u00a0000 kr", "Deltagare 16\u201319 år", "Åsa, Žaneta, Øystein"):
        fitted, used = charts._fitted(text, face, False, 9)
        assert fitted.replace(" ", "") == text.replace("\u00a0", "").replace(" ", "")
        assert not any(charts._lacks(used, c) for c in fitted), text


def test_charts_are_seen_in_the_pdf(tmp_path):
    out = tmp_path / "pdf"
    result = run_cli("build", INPUTS / "framsteget-habo.yaml", INPUTS / "ung-intro.yaml", "--pdf", "-o", out)
    assert result.code == 0, result.err
    for name, count in (("framsteget-habo.uppsala", 2), ("ung-intro.uppsala", 3)):
        listing = subprocess.run(["pdfimages", "-list", str(out / f"{name}.pdf")], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert len(listing) == count, listing  # opaque pictures: no soft masks beside them
        assert all(line.split()[3] == "1181" for line in listing)  # 15 cm at 200 dpi


def test_documents_with_charts_are_the_same_bytes_twice(tmp_path):
    for run in ("a", "b"):
        result = run_cli("build", INPUTS / "ung-intro.yaml", "--forbund", "all", "-o", tmp_path / run)
        assert result.code == 0, result.err
    for document in sorted((tmp_path / "a").glob("*.docx")):
        assert document.read_bytes() == (tmp_path / "b" / document.name).read_bytes(), document.name
        with zipfile.ZipFile(document) as z:
            assert [n for n in z.namelist() if n.startswith("word/media/")]


# --- images in answers: ![alt](bild.png) beside the source -----------------------------------

HEAD = "namn: Bildprov\nförbund: uppsala\ninsatsägare: Tierps kommun\n"


def _png(path, size=(400, 200), colour=(200, 30, 30)):
    from PIL import Image

    Image.new("RGB", size, colour).save(path)


def _bomb(path, width=50_000, height=50_000):
    """A small PNG file whose header claims ``width`` × ``height`` pixels."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
                     + chunk(b"IEND", b""))


def test_a_picture_beside_the_source_is_embedded_with_its_alt_text(tmp_path):
    _png(tmp_path / "bild.png")
    _png(tmp_path / "bred bild.png", (3000, 1000), (30, 30, 200))
    (tmp_path / "insats.yaml").write_text(
        HEAD + "syfte: |\n  Före bilden ![Röd ruta, 400 × 200](bild.png \"Rutan\") och efter.\n\n"
               "  ![Blå bred bild](<bred bild.png>)\n"
               "mål:\n  - mål: Ett mål\n    resultat: |\n      | Bild | Text |\n      |---|---|\n"
               "      | ![Bred i tabellen](<bred bild.png>) | x |\n", encoding="utf-8")
    result = run_cli("build", tmp_path / "insats.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    path = tmp_path / "out" / "insats.uppsala.docx"
    assert pictures(path) == [("Röd ruta, 400 × 200", "Rutan"), ("Blå bred bild", None), ("Bred i tabellen", None)]
    document = docx.Document(str(path))
    small, wide, in_table = document.inline_shapes
    assert (small.width, small.height) == (docx.shared.Inches(400 / 72), docx.shared.Inches(200 / 72))  # its own size
    assert wide.width * 1000 // wide.height in (2999, 3000)  # scaled down, the aspect ratio kept
    cell = next(wide._inline.iterancestors(qn("w:tc")))
    assert wide.width == docx.shared.Twips(cell.tcPr.tcW.w - 216)  # the form's cell, less its margins
    assert in_table.width < wide.width / 2  # one of the two columns of the Markdown table in a cell
    paragraph = next(small._inline.iterancestors(qn("w:p")))
    assert "".join(t.text for t in paragraph.iter(qn("w:t"))) == "Före bilden  och efter."
    with zipfile.ZipFile(path) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        assert len(media) == 2 and z.read(media[0]) == (tmp_path / "bild.png").read_bytes()
    assert ooxml_errors(path) == []


def test_a_picture_in_a_markdown_source(tmp_path):
    _png(tmp_path / "bild.png")
    from conftest import FRONT

    (tmp_path / "insats.md").write_text(FRONT + "\n## Syfte\n\n![Deltagare per månad](bild.png)\n", encoding="utf-8")
    result = run_cli("build", tmp_path / "insats.md", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert pictures(tmp_path / "out" / "insats.uppsala.docx") == [("Deltagare per månad", None)]


@pytest.mark.parametrize("address,make,message", [
    ("saknas.png", None, "no file 'saknas.png' beside the source"),
    ("../utanför.png", "../utanför.png", "'../utanför.png' is outside the source's folder; pictures must lie beside the source"),
    ("/etc/hostname", None, "'/etc/hostname' is outside the source's folder; pictures must lie beside the source"),
    ("text.png", "text", "'text.png' cannot be read as a picture: it is damaged, or not the PNG, JPEG or GIF its name says"),
    ("trasig.png", "broken", "'trasig.png' cannot be read as a picture: it is damaged, or not the PNG, JPEG or GIF its name says"),
    ("bild.bmp", "bmp", "'bild.bmp' is not a PNG, JPEG or GIF picture (it is BMP)"),
    ("stor.png", "large", "'stor.png' is 8000 × 6000 pixels; a picture may have at most 40 million: make it smaller"),
    ("bomb.png", "bomb", "'bomb.png' is too large a picture to open; make it smaller"),
])
def test_a_picture_that_cannot_be_shown_is_one_line(tmp_path, address, make, message):
    from PIL import Image

    folder = tmp_path / "källa"
    folder.mkdir()
    if make == "text":
        (folder / address).write_text("inte en bild", encoding="utf-8")
    elif make == "broken":
        _png(folder / address)
        data = (folder / address).read_bytes()
        (folder / address).write_bytes(data[:40])  # cut off mid-way
    elif make == "bmp":
        Image.new("RGB", (10, 10)).save(folder / address)
    elif make == "bomb":
        _bomb(folder / address)
    elif make == "large":
        _bomb(folder / address, 8000, 6000)
    elif make:
        _png(folder / make)
    (folder / "insats.yaml").write_text(HEAD + f"syfte: |\n  Text.\n\n  Se ![Bild]({address}).\n", encoding="utf-8")
    result = run_cli("build", folder / "insats.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    column = len("  Se ![Bild](") + 1
    assert result.err.strip().splitlines()[0] == f"{folder / 'insats.yaml'}:7:{column}: error: syfte: {message}"
    assert "Traceback" not in result.err and not (tmp_path / "out" / "insats.uppsala.docx").exists()


def test_a_picture_without_alt_text_or_on_the_web_is_a_warning(tmp_path):
    _png(tmp_path / "bild.png")
    (tmp_path / "insats.yaml").write_text(
        HEAD + "syfte: |\n  ![](bild.png)\n\n  ![Karta över kommunen](https://example.org/karta.png)\n", encoding="utf-8")
    result = run_cli("build", tmp_path / "insats.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    source = tmp_path / "insats.yaml"
    assert f"{source}:5:7: warning: syfte: the picture 'bild.png' has no alternative text" in result.err
    assert (f"{source}:7:26: warning: syfte: the picture 'https://example.org/karta.png' is on the web and is not "
            "fetched; its alternative text is printed instead") in result.err
    path = tmp_path / "out" / "insats.uppsala.docx"
    assert pictures(path) == [("", None)]
    from conftest import text_lines

    assert "Karta över kommunen" in text_lines(path)


def test_a_changed_picture_rebuilds_the_document(tmp_path):
    _png(tmp_path / "bild.png")
    (tmp_path / "insats.yaml").write_text(HEAD + "syfte: |\n  ![Bild](bild.png)\n", encoding="utf-8")
    first = run_cli("build", tmp_path / "insats.yaml", "-o", tmp_path / "out")
    again = run_cli("build", tmp_path / "insats.yaml", "-o", tmp_path / "out")
    assert "wrote" in first.out and "wrote" not in again.out
    _png(tmp_path / "bild.png", colour=(0, 120, 0))
    changed = run_cli("build", tmp_path / "insats.yaml", "-o", tmp_path / "out")
    assert "wrote" in changed.out, changed
    with zipfile.ZipFile(tmp_path / "out" / "insats.uppsala.docx") as z:
        assert z.read("word/media/image1.png") == (tmp_path / "bild.png").read_bytes()
