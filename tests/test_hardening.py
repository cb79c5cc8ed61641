"""What editors and copy-paste do to sources: encodings, line ends, control characters, sizes, braces."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import run_cli, text_lines
from engine import layouts

SOURCE = """\
namn: Förstudie Älvkarleby
förbund: uppsala
insatsägare:
  organisation: Älvkarleby kommun
syfte: |
  Att öka samverkan för målgruppen.

  Andra stycket.
"""


@pytest.mark.parametrize("encoding,newline", [
    ("utf-8", "\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\r\n"),
    ("utf-16", "\r\n"),      # Word's and Notepad's "Unicode": UTF-16 LE with BOM
    ("utf-16-le", "\n"),     # UTF-16 that lost its BOM
    ("utf-16-be", "\r\n"),   # with an explicit BOM below
    ("utf-16-be", "\n"),     # big-endian UTF-16 that lost its BOM
])
def test_encodings_and_line_ends_read_alike(tmp_path, build, encoding, newline):
    data = SOURCE.replace("\n", newline).encode(encoding)
    if encoding == "utf-16-be" and newline == "\r\n":
        data = b"\xfe\xff" + data
    source = tmp_path / "insats.yaml"
    source.write_bytes(data)
    result, out = build(source)
    assert result.code == 0, result.err
    lines = text_lines(out / "insats.uppsala.docx")
    assert "Insatsens namn: Förstudie Älvkarleby" in lines
    assert lines[lines.index("Att öka samverkan för målgruppen.") + 1] == "Andra stycket."


def test_control_characters_are_removed_with_a_warning(tmp_path, build):
    source = tmp_path / "insats.yaml"
    source.write_text(SOURCE.replace("Att öka", "Att\x0c öka\x00\x07 sam\x1bverkan, \u0001steg") +
                      'jämställdhet: "Lika \\x08villkor \\uFFFE för alla"\n', encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "character(s) Word cannot hold" in line]
    assert [w.split(": ")[2] for w in warnings] == ["syfte", "jämställdhet"]
    assert warnings[0].startswith(f"{source}:5: warning: syfte: removed 5 character(s) Word cannot hold "
                                  "(U+0000, U+0001, U+0007, U+000C, U+001B")
    path = out / "insats.uppsala.docx"
    with zipfile.ZipFile(path) as z:
        etree.fromstring(z.read("word/document.xml"))  # well-formed XML
    text = " ".join(" ".join(text_lines(path)).split())
    assert "Att öka samverkan, steg samverkan för målgruppen." in text
    assert "Lika villkor för alla" in text


def test_a_huge_source_fails_fast(tmp_path):
    source = tmp_path / "insats.yaml"
    with open(source, "w", encoding="utf-8") as f:
        f.write(SOURCE + "bakgrund: |\n")
        line = "  " + "Mycket lång bakgrund. " * 20 + "\n"
        f.write(line * (50 * 1024 * 1024 // len(line)))
    result = run_cli("check", source)
    assert result.code == 1
    assert result.err.strip() == f"{source}: error: the source is {source.stat().st_size / 2**20:.0f} MB; " \
                                 "a report source is at most 5 MB"


def test_a_hundred_thousand_row_table_fails_fast(tmp_path):
    source = tmp_path / "insats.md"
    rows = "".join(f"| Rad {i} | {i} |\n" for i in range(100_000))
    source.write_text("---\n" + SOURCE.split("syfte")[0] + "---\n\n## Deltagare\n| Kategori | Antal |\n|---|---|\n"
                      + rows, encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"{source}:8: error: deltagare.kommentar: brings the source to 200006 paragraphs, "
                                          "table cells, links and formatted spans (200003 in this answer); a report "
                                          "source makes at most 25000")


def test_many_answers_under_the_limit_each_fail_together(tmp_path):
    """The limit is the source's: 15 goals of 2 000 lines each are 30 000 paragraphs, refused at
    the goal that takes the count past 25 000 (the 13th)."""
    result_lines = "".join(f"      Stycke {i}.\n" for i in range(1999))
    goals = "".join(f"  - mål: Mål {g}\n    resultat: |\n{result_lines}" for g in range(15))
    source = tmp_path / "insats.yaml"
    source.write_text(SOURCE + "mål:\n" + goals, encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    message = result.err.splitlines()[0]
    line = int(message.split(":")[1])
    assert source.read_text(encoding="utf-8").splitlines()[line - 1] == "    resultat: |"
    assert message.endswith("mål[13].resultat: brings the source to 26005 paragraphs, table cells, links and "
                            "formatted spans (1999 in this answer); a report source makes at most 25000"), message


@pytest.mark.parametrize("span", ["_a_ ", "*a* ", "`a` ", "[a](b) ", "<https://a.se> "])
def test_formatting_counts_too(tmp_path, span):
    """One paragraph of 26 000 italic words (or links, code spans) is 26 000 runs to parse and
    write: 100 kB that took 3 s and 200 MB, 5 MB that took minutes and 4 GB."""
    source = tmp_path / "insats.yaml"
    source.write_text(SOURCE + "bakgrund: |\n  " + span * 26_000 + "\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    assert result.err.splitlines()[0].endswith("bakgrund: brings the source to 26006 paragraphs, table cells, links "
                                               "and formatted spans (26001 in this answer); a report source makes at "
                                               "most 25000"), result.err


BRACES = ["{{ namn }}", "{% if x %}ja{% endif %}", "{# kommentar #}", "{{r rik }}", "{%tr for r in x %}",
          "{%p if y %}", "{_{ escaped }_}", "{_% escaped %_}", "{{ 7*7 }}", "&amp; <w:p> \"'"]


@pytest.mark.parametrize("layout", ["uppsala", "uppsala-2018", "gavleborg"])
def test_source_text_is_never_a_template(tmp_path, build, layout):
    text = " ".join(BRACES)
    source = tmp_path / "insats.yaml"
    source.write_text(f"""\
namn: '{text.replace("'", "''")}'
förbund: {layout}
insatsägare:
  organisation: '{text.replace("'", "''")}'
samverkansparter:
  - '{text.replace("'", "''")}'
syfte: |
  {text}
mål:
  - mål: '{text.replace("'", "''")}'
    resultat: |
      {text}
""", encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    body = "\n".join(text_lines(out / f"insats.{layout}.docx"))
    assert body.count(text) >= 3 and "49" not in body.replace(text, "")



@pytest.mark.parametrize("layout", ["uppsala", "uppsala-2018", "gavleborg"])
def test_text_like_the_writers_markers_changes_nothing(tmp_path, build, layout):
    """The writer marks where each answer goes with private-use characters; a source that holds
    the same characters (a name that is exactly the first answer's marker) shows them as
    written, and every answer stays where it belongs."""
    first, second, hidden = "\ue0000\ue001", "\ue0001\ue001", "\ue002_\ue003{_{ x }_}\ue0030"
    in_prose = f"{first} och \ue002\ue003\ue0030"  # an answer is Markdown, where _{ x }_ is italics
    source = tmp_path / "insats.yaml"
    source.write_text(f"""\
namn: '{first}'
förbund: {layout}
insatsägare:
  organisation: '{second}'
samverkansparter:
  - '{hidden}'
syfte: |
  Syftet är att pröva markörerna.

  {in_prose}
mål:
  - mål: '{second}'
    resultat: Resultatet står här.
""", encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    lines = text_lines(out / f"insats.{layout}.docx")
    body = "\n".join(lines)
    assert body.count("Syftet är att pröva markörerna.") == 1 and body.count("Resultatet står här.") == 1
    assert in_prose in lines
    assert first in body.replace(in_prose, "")  # the name, as written
    assert body.count(second) >= 2 and hidden in body  # the owner and the goal; the partner


def test_a_name_longer_than_a_document_property_is_shown_whole(tmp_path, build):
    """A .docx property (title, author) holds 255 characters: the metadata gets the name cut
    short with an ellipsis, the form the name in full (it used to stop the build)."""
    import docx

    name = "Samverkan kring unga vuxna " * 40
    source = tmp_path / "insats.yaml"
    source.write_text(f"namn: {name.strip()}\nförbund: uppsala\ninsatsägare: {name.strip()}\n", encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    document = out / "insats.uppsala.docx"
    properties = docx.Document(document).core_properties
    assert len(properties.title) == 255 and properties.title.endswith("\u2026")
    assert properties.title.startswith("Slutrapport – Samverkan kring unga vuxna")
    assert len(properties.author) == 255
    assert any(name.strip() in line for line in text_lines(document))


def test_two_builds_writing_the_same_outputs_at_once(tmp_path):
    import subprocess
    import sys

    import docx

    from conftest import INPUTS, ROOT

    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "engine", "build", str(INPUTS), "--forbund", "all", "--force",
                               "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
             for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == len(layouts.available()) * len(list(INPUTS.iterdir()))
    for path in documents:
        docx.Document(path)  # whole, readable
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_numbers_thousands_of_digits_long_are_no_figures(tmp_path, build):
    """A digit run pasted by mistake (an id, a key held down) is no count: in prose it is no claim
    to check and printed as written; as a count it is refused, saying so, not in Python's words."""
    digits = "1" * 5000
    source = tmp_path / "insats.yaml"
    source.write_text(SOURCE + f"metod:\n  beskrivning: {digits} personer, varav {digits} kvinnor och 3 män.\n",
                      encoding="utf-8")
    result, out = build(source)
    assert result.code == 0, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert f"{digits} personer, varav {digits} kvinnor och 3 män." in text_lines(out / "insats.uppsala.docx")
    source.write_text(SOURCE + f"mål:\n  - mål: Fler i arbete\n    utfall: 3\n    av: {digits}\n", encoding="utf-8")
    result, out = build(source)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"{source}:12:5: error: mål[1].av: a count of 5000 digits is far beyond "
                                          "any insats; check the number")
