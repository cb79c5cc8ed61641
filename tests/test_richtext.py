"""Answers are Markdown and become real Word formatting — read back from the .docx XML."""

from __future__ import annotations

import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from conftest import text_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SOURCE = """\
namn: Rik text
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
syfte: |
  Ett stycke med **fetstil**, *kursiv* och en [länk till SKR](https://skr.se/tjanstedesign).

  - punkt ett
  - punkt två
    - inskjuten punkt
  - punkt tre

  1. första
  2. andra

  Mellanstycke.

  1. ett igen
  2. två igen

  > Ett citat ur ansökan.

  | Avslutad till | Antal |
  |---|---|
  | Arbete | 12 |
  | Studier | 6 |

  Slutsats med fotnot.[^1]

  [^1]: Källa: SUS, uttag 2021-09-01.
mål:
  - mål: |
      Målet med en **viktig** del och en fotnot[^a]

      [^a]: Not i tabellcellen.
    uppnått: ja
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from conftest import run_cli

    folder = tmp_path_factory.mktemp("rich")
    source = folder / "rik.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", source, "-o", folder)
    assert result.code == 0, result.err
    return folder / "rik.uppsala.docx"


def answer_paragraphs(path):
    """The paragraphs of the purpose answer (the head table's third row), as python-docx objects."""
    cell = docx.Document(path).tables[0].rows[2].cells[0]
    return cell.paragraphs[1:], cell


def num(p):
    num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
    return None if num_pr is None else (num_pr.numId.val, num_pr.ilvl.val)


def test_bold_and_italic(rendered):
    first = answer_paragraphs(rendered)[0][0]
    assert [r.text for r in first.runs if r.bold] == ["fetstil"]
    assert [r.text for r in first.runs if r.italic] == ["kursiv"]


def test_paragraphs_keep_the_forms_answer_style(rendered):
    paragraphs, _ = answer_paragraphs(rendered)
    assert {p.style.name for p in paragraphs if p.text != "Ett citat ur ansökan."} == {"Svar"}


def test_hyperlink_is_a_real_link(rendered):
    first = answer_paragraphs(rendered)[0][0]
    links = first._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    rel = docx.Document(rendered).part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://skr.se/tjanstedesign"
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == "länk till SKR"


def test_lists_are_word_lists(rendered):
    paragraphs, _ = answer_paragraphs(rendered)
    by_text = {p.text: num(p) for p in paragraphs}
    bullets = [by_text[t] for t in ("punkt ett", "punkt två", "punkt tre")]
    assert all(b is not None for b in bullets) and {b for b in bullets} == {(bullets[0][0], 0)}
    assert by_text["inskjuten punkt"] == (bullets[0][0], 1)  # nested one level down
    first_list = {by_text["första"][0], by_text["andra"][0]}
    second_list = {by_text["ett igen"][0], by_text["två igen"][0]}
    assert len(first_list) == 1 and len(second_list) == 1 and first_list != second_list
    assert by_text["Mellanstycke."] is None
    # Each numbered list has its own w:num that restarts level 0 at 1, over a decimal format.
    numbering = docx.Document(rendered).part.numbering_part.element
    for num_id in (first_list | second_list):
        n = next(x for x in numbering.findall(qn("w:num")) if x.numId == num_id)
        assert n.find(f"{W}lvlOverride/{W}startOverride").get(qn("w:val")) == "1"
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == n.abstractNumId.val.__str__())
        assert abstract.find(f"{W}lvl/{W}numFmt").get(qn("w:val")) == "decimal"


def test_table_and_quote(rendered):
    paragraphs, cell = answer_paragraphs(rendered)
    (table,) = cell.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [["Avslutad till", "Antal"], ["Arbete", "12"],
                                                                    ["Studier", "6"]]
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    quote = next(p for p in paragraphs if p.text == "Ett citat ur ansökan.")
    assert quote.style.name == "Quote" or quote.paragraph_format.left_indent


def test_a_tables_header_row_repeats_on_each_page(rendered):
    """The header row is marked as one (``w:tblHeader``), the other rows are not."""
    (table,) = answer_paragraphs(rendered)[1].tables
    marked = [row._tr.find(f"{W}trPr/{W}tblHeader") is not None for row in table.rows]
    assert marked == [True, False, False]


def test_a_long_table_shows_its_header_on_the_next_page(tmp_path):
    """In the gavleborg form, where answers stand outside the form's tables (LibreOffice does
    not repeat the header of a table inside another table's cell, as answers are in uppsala's)."""
    rows = "".join(f"  | Rad {i} | {i} |\n" for i in range(1, 121))
    source = tmp_path / "lang.yaml"
    source.write_text(SOURCE.split("syfte: |")[0] + f"syfte: |\n  | Kolumnrubrik A | Kolumnrubrik B |\n  |---|---|\n{rows}",
                      encoding="utf-8")
    from conftest import run_cli

    result = run_cli("build", source, "--forbund", "gavleborg", "--pdf", "-o", tmp_path)
    assert result.code == 0, result.err
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "lang.gavleborg.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    from conftest import ooxml_errors

    assert ooxml_errors(tmp_path / "lang.gavleborg.docx") == []
    with_rows = [page for page in pages if "Rad " in page]
    assert len(with_rows) >= 2  # the table runs onto another page …
    assert all("Kolumnrubrik A" in page for page in with_rows)  # … and its header with it


def footnotes(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/footnotes.xml")
    from lxml import etree

    root = etree.fromstring(xml)
    return {f.get(qn("w:id")): "".join(t.text for t in f.iter(qn("w:t"))).strip()
            for f in root.findall(qn("w:footnote")) if int(f.get(qn("w:id"))) > 0}


def test_footnotes_are_real_footnotes(rendered):
    notes = footnotes(rendered)
    document = docx.Document(rendered)
    refs = [r.get(qn("w:id")) for r in document.element.body.iter(qn("w:footnoteReference"))]
    assert sorted(refs) == sorted(notes) and len(refs) == 2
    assert set(notes.values()) == {"Källa: SUS, uttag 2021-09-01.", "Not i tabellcellen."}
    # The reference in the goals table cell points at the cell's own note.
    goal_cell = document.tables[1].rows[1].cells[0]
    (ref,) = list(goal_cell._tc.iter(qn("w:footnoteReference")))
    assert notes[ref.get(qn("w:id"))] == "Not i tabellcellen."
    assert "[^" not in "\n".join(text_lines(rendered))


def test_the_document_is_valid_word(rendered):
    from conftest import ooxml_errors

    assert ooxml_errors(rendered) == []


def test_libreoffice_opens_it(rendered, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(rendered)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "rik.uppsala.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Ett stycke med fetstil, kursiv och en länk till SKR." in text
    assert "Källa: SUS, uttag 2021-09-01." in text  # the footnote, at the foot of the page
    items = ("första", "andra", "ett igen", "två igen")
    numbered = [line.strip()[:2] for line in text.splitlines() if line.strip().endswith(items)]
    assert numbered == ["1.", "2.", "1.", "2."]


def test_large_answers_keep_every_row_list_and_link(tmp_path):
    """A 3 000-row table, 400 numbered lists and 400 links (written linearly) all come out whole."""
    from conftest import run_cli

    rows = 3000
    table = ["| Rad | Antal |", "|---|---|"] + [f"| rad {i} | {i} |" for i in range(rows)]
    # A paragraph between two numbered items ends a list: 400 lists of one item each.
    lists = "\n\n".join(f"{i + 1}. [punkt {i}](https://exempel.se/{i % 200})\n\nMellan {i}." for i in range(400))
    body = "\n".join(table) + "\n\n" + lists
    source = tmp_path / "stor.yaml"
    source.write_text("namn: Stor\nförbund: uppsala\ninsatsägare: Tierps kommun\nsyfte: |\n"
                      + "".join(f"  {line}\n" if line else "\n" for line in body.split("\n")), encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path)
    assert result.code == 0, result.err
    document = docx.Document(tmp_path / "stor.uppsala.docx")
    paragraphs, cell = answer_paragraphs(tmp_path / "stor.uppsala.docx")
    (rendered_table,) = cell.tables
    got = [[c.text for c in row.cells] for row in rendered_table.rows]
    assert got == [["Rad", "Antal"]] + [[f"rad {i}", str(i)] for i in range(rows)]
    items = [p for p in paragraphs if p.text.startswith("punkt ")]
    assert [p.text for p in items] == [f"punkt {i}" for i in range(400)]
    assert len({num(p)[0] for p in items}) == 400  # each list its own w:num
    rels = document.part.rels
    targets = [rels[p._p.find(qn("w:hyperlink")).get(qn("r:id"))].target_ref for p in items]
    assert targets == [f"https://exempel.se/{i % 200}" for i in range(400)]
    assert len({rel.target_ref for rel in rels.values() if rel.is_external}) == 200  # one relationship per address


def test_bold_nested_thousands_deep_is_just_bold(tmp_path):
    from conftest import run_cli

    source = tmp_path / "djup.yaml"
    source.write_text("namn: Djup\nförbund: uppsala\ninsatsägare: Tierps kommun\nsyfte: |\n  "
                      + "**a " * 2000 + "*mitt*" + " a**" * 2000 + "\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path)
    assert result.code == 0, result.err
    (paragraph,) = answer_paragraphs(tmp_path / "djup.uppsala.docx")[0]
    middle = next(r for r in paragraph.runs if r.text == "mitt")
    assert middle.bold and middle.italic
    assert all(r.bold for r in paragraph.runs if r.text.strip() == "a")
