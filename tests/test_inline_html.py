"""HTML in an answer prints as what it means, or as its text with a warning: it never vanishes.

Built through the CLI from a YAML source and from a Markdown source with the same answer;
the documents are read back as a reader sees them, and both sources give the same answer.
"""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import FRONT, run_cli

HEAD = "namn: Prov\nförbund: uppsala\ninsatsägare:\n  organisation: Tierps kommun\n"

ANSWER = """\
Rad ett<br>rad två<br/>rad tre<br />slut.
Ord <u>understruket</u>, <ins>infogat</ins>, <sup>upp</sup>, <sub>ned</sub>, <b>fet</b>, <strong>stark</strong>,
<i>kursiv</i>, <em>betonad</em>, <s>struket</s>, <del>borttaget</del> och <code>kod</code>.
Se <img src="logga.png" alt="Förbundets logga"> här och <img src="karta.png"> där.
Läs <a href="https://www.finsam.se">Finsam</a> och <span style="color:red">röd</span> text om <nej> &nbsp;&amp; mer.

<div>
<p>Stycke i <b>div</b>.</p>
</div>

<table>
  <tr><td>Ett</td><td>Två</td></tr>
</table>

<ul><li>Punkt</li></ul>

Efter <!-- en anteckning --> texten.
"""


def sources(tmp_path):
    yaml_source = tmp_path / "html.yaml"
    yaml_source.write_text(HEAD + "syfte: |\n" + "".join(f"  {line}\n" if line else "\n"
                                                          for line in ANSWER.splitlines()), encoding="utf-8")
    md_source = tmp_path / "md" / "html.md"
    md_source.parent.mkdir()
    md_source.write_text(FRONT + "\n## Syfte\n" + ANSWER, encoding="utf-8")
    return {"yaml": yaml_source, "md": md_source}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each source built once: its run and the purpose answer's cell in the Uppsala form."""
    tmp_path = tmp_path_factory.mktemp("html")
    out = {}
    for kind, source in sources(tmp_path).items():
        result = run_cli("build", source, "-o", source.parent / "out")
        assert result.code == 0, result.err
        document = docx.Document(source.parent / "out" / "html.uppsala.docx")
        out[kind] = (source, result, document, document.tables[0].rows[2].cells[0])
    return out


KINDS = ["yaml", "md"]


def paragraphs(cell) -> list[str]:
    return [p.text for p in cell.paragraphs[1:]]


@pytest.mark.parametrize("kind", KINDS)
def test_the_text_a_reader_sees_holds_every_word_written(built, kind):
    texts = paragraphs(built[kind][3])
    assert texts[0] == ("Rad ett\nrad två\nrad tre\nslut. Ord understruket, infogat, upp, ned, fet, stark, kursiv, "
                        "betonad, struket, borttaget och kod. Se Förbundets logga här och <img src=\"karta.png\"> där. "
                        "Läs Finsam och röd text om <nej> \u00a0& mer.")
    assert texts[1:] == ["Stycke i div.", "Ett", "Två", "Punkt", "Efter texten."]


@pytest.mark.parametrize("kind", KINDS)
def test_formatting_tags_are_words_formatting(built, kind):
    cell = built[kind][3]
    runs = {r.text: r for p in cell.paragraphs for r in p.runs}
    assert runs["understruket"].font.underline and runs["infogat"].font.underline
    assert runs["upp"].font.superscript and runs["ned"].font.subscript
    assert runs["fet"].bold and runs["stark"].bold and runs["div"].bold
    assert runs["kursiv"].italic and runs["betonad"].italic
    assert runs["struket"].font.strike and runs["borttaget"].font.strike
    assert runs["kod"].font.name == "Consolas"
    plain = [runs[word] for word in ("röd", " text om ")]
    assert not any(r.bold or r.italic or r.font.underline for r in plain)


@pytest.mark.parametrize("kind", KINDS)
def test_a_link_tag_is_a_real_link(built, kind):
    _, _, document, cell = built[kind]
    (link,) = cell._tc.iter(qn("w:hyperlink"))
    assert "".join(t.text for t in link.iter(qn("w:t"))) == "Finsam"
    assert document.part.rels[link.get(qn("r:id"))].target_ref == "https://www.finsam.se"


@pytest.mark.parametrize("kind", KINDS)
def test_what_is_not_shown_as_written_is_named_where_it_is(built, kind):
    source, result, _, _ = built[kind]
    lines = source.read_text(encoding="utf-8").split("\n")

    def at(text: str, after: int = 0) -> str:
        number = next(i for i in range(after, len(lines)) if text in lines[i])
        return f"{source}:{number + 1}:{lines[number].index(text) + 1}: warning: syfte: "

    picture = '<img src="logga.png" alt="Förbundets logga">'
    expected = [
        at(picture) + f"the HTML picture {picture} is not shown; its alternative text is printed in its place: to "
        "show a picture, write ![Förbundets logga](logga.png) with the picture file beside the source",
        at('<img src="karta.png">') + 'the HTML picture <img src="karta.png"> is not shown: to show a picture, write '
        "![beskrivning](karta.png) with the picture file beside the source",
        at("<span") + "the HTML tag <span> is left out and the text in it printed plainly: a form takes no formatting "
        "from it; use Markdown's **fet** or *kursiv*",
        at("<nej>") + "<nej> is no HTML a form shows, so it is printed as written; if it is meant as text, write "
        "\\<nej> to say so",
        at("<table>") + "this HTML table (<table>) is printed as plain paragraphs of its text, without its rows and "
        "columns; write it as a Markdown table (| Rubrik | Antal |)",
        at("<ul>") + "this HTML list (<ul>) is printed as plain paragraphs of its text, without its list; write it as "
        "a Markdown list (- punkt, 1. punkt)",
    ]
    assert [line for line in result.err.splitlines() if ": warning: " in line] == expected


def test_the_yaml_and_the_markdown_source_give_the_same_answer(built):
    xml = {kind: etree.tostring(built[kind][3]._tc) for kind in KINDS}
    assert xml["yaml"] == xml["md"]


def test_text_that_only_looks_like_html_stays_without_a_warning(tmp_path):
    source = tmp_path / "text.yaml"
    source.write_text(HEAD + "syfte: |\n  Svaret \\<nej> och 3 < 5 > 2, a<b.\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert ": warning: " not in result.err
    cell = docx.Document(tmp_path / "out" / "text.uppsala.docx").tables[0].rows[2].cells[0]
    assert paragraphs(cell) == ["Svaret <nej> och 3 < 5 > 2, a<b."]


def test_markup_that_is_no_tag_is_printed_as_written_with_a_warning(tmp_path):
    source = tmp_path / "pi.yaml"
    source.write_text(HEAD + "syfte: |\n  A <?php echo 1; ?> b <!DOCTYPE html> c.\n\n  <?xml version=\"1.0\"?>\n",
                      encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    cell = docx.Document(tmp_path / "out" / "pi.uppsala.docx").tables[0].rows[2].cells[0]
    assert paragraphs(cell) == ["A <?php echo 1; ?> b <!DOCTYPE html> c.", '<?xml version="1.0"?>']
    warned = [line.split(": warning: syfte: ")[1].split(" is no HTML")[0] for line in result.err.splitlines()
              if ": warning: " in line]
    assert warned == ["<?php echo 1; ?>", "<!DOCTYPE html>", '<?xml version="1.0"?>']
