"""Nesting a form cannot show is refused at the line that goes too deep; what it can show renders.

Word shows nine list levels; lists and quotes inside each other count together. Deeper
nesting gets one located error from ``check`` and ``build`` alike, and nothing is written
(``bench/nesting.py`` measures that refusing it takes no longer than reading it). Every
case is built through the CLI, in a YAML source and in a Markdown source.
"""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from conftest import FRONT, run_cli

HEAD = "namn: Djup\nförbund: uppsala\ninsatsägare: Tierps kommun\n"


def bullets(n: int) -> list[str]:
    return ["  " * i + f"- nivå {i + 1}" for i in range(n)]


def ordered(n: int) -> list[str]:
    return ["   " * i + f"1. nivå {i + 1}" for i in range(n)]


def mixed(n: int) -> list[str]:
    lines, indent = [], 0
    for i in range(n):
        marker = "-" if i % 2 == 0 else "1."
        lines.append(" " * indent + f"{marker} nivå {i + 1}")
        indent += len(marker) + 1
    return lines


def tables(n: int) -> list[str]:
    out = []
    for i in range(n):
        pad = "  " * i
        out += [f"{pad}- nivå {i + 1}", "", f"{pad}  | a | b |", f"{pad}  |---|---|", f"{pad}  | {i} | x |", ""]
    return out


def quotes(n: int) -> list[str]:
    return ["> " * n + "citat"]


def quoted_lists(n: int) -> list[str]:
    return ["- > " * (n // 2) + "- " * (n % 2) + "innerst"]


STRUCTURES = {"bullets": bullets, "ordered": ordered, "mixed": mixed, "tables": tables, "quotes": quotes,
              "quoted-lists": quoted_lists}


def source(tmp_path, kind: str, lines: list[str]):
    """A source whose purpose answer is ``lines``; returns it and the line number of the answer's first line."""
    if kind == "yaml":
        path = tmp_path / "djup.yaml"
        text = HEAD + "syfte: |\n" + "".join(f"  {line}\n" if line else "\n" for line in lines) + "\n  Efter listan.\n"
        first, indent = 5, 2
    else:
        path = tmp_path / "djup.md"
        text = FRONT + "\n## Syfte\n" + "".join(f"{line}\n" for line in lines) + "\nEfter listan.\n\n## Metod\nSamtal.\n"
        first, indent = FRONT.count("\n") + 3, 0
    path.write_text(text, encoding="utf-8")
    return path, first, indent


def tenth_marker(lines: list[str]) -> tuple[int, int]:
    """The 0-based line and column of the marker that opens the tenth level."""
    if len(lines) == 1:  # on one line: the tenth '>' or list marker
        markers = [i for i, c in enumerate(lines[0]) if c in "->" and lines[0][i + 1:i + 2] == " "]
        return 0, markers[9]
    levels = [i for i, line in enumerate(lines) if "nivå" in line]
    line = lines[levels[9]]
    return levels[9], len(line) - len(line.lstrip())


@pytest.mark.parametrize("kind", ["yaml", "md"])
@pytest.mark.parametrize("name", STRUCTURES)
@pytest.mark.parametrize("levels", [10, 300])
def test_nesting_past_nine_levels_is_refused_where_it_goes_too_deep(tmp_path, kind, name, levels):
    lines = STRUCTURES[name](levels)
    path, first, indent = source(tmp_path, kind, lines)
    line, column = tenth_marker(lines)
    what = "quote" if lines[line][column] == ">" else "list"
    expected = (f"{path}:{first + line}:{indent + column + 1}: error: syfte: this {what} is nested 10 levels deep "
                "(lists and quotes inside each other count together); a form shows at most 9: indent it less, "
                "or end the list or quote above it first")
    out = tmp_path / "out"
    for command in (["check", path], ["build", path, "-o", out]):
        result = run_cli(*command)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        assert [e for e in result.err.splitlines() if ": error: " in e] == [expected]
    assert not out.exists() or not list(out.glob("*.docx"))


def answer(path):
    """The paragraphs of the purpose answer in the Uppsala form (the head table's third row)."""
    return docx.Document(path).tables[0].rows[2].cells[0].paragraphs[1:]


def level(p):
    num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
    return None if num_pr is None else num_pr.ilvl.val


@pytest.mark.parametrize("kind", ["yaml", "md"])
@pytest.mark.parametrize("name", ["bullets", "ordered", "mixed"])
def test_nine_levels_render_as_nine_list_levels(tmp_path, kind, name):
    path, _, _ = source(tmp_path, kind, STRUCTURES[name](9))
    result = run_cli("build", path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    paragraphs = answer(tmp_path / "out" / "djup.uppsala.docx")
    items = [p for p in paragraphs if p.text.startswith("nivå")]
    assert [(p.text, level(p)) for p in items] == [(f"nivå {i + 1}", i) for i in range(9)]
    assert paragraphs[-1].text == "Efter listan." and level(paragraphs[-1]) is None


@pytest.mark.parametrize("kind", ["yaml", "md"])
def test_tables_in_a_list_eight_deep_are_word_tables_at_their_level(tmp_path, kind):
    path, _, _ = source(tmp_path, kind, tables(8))
    result = run_cli("build", path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    cell = docx.Document(tmp_path / "out" / "djup.uppsala.docx").tables[0].rows[2].cells[0]
    items = [p for p in cell.paragraphs if p.text.startswith("nivå")]
    assert [level(p) for p in items] == list(range(8))
    inner = cell._tc.findall(qn("w:tbl"))
    assert [[t.text for t in table.iter(qn("w:t"))] for table in inner] == [["a", "b", str(i), "x"] for i in range(8)]


def test_quotes_and_lists_nine_deep_keep_every_word(tmp_path):
    path, _, _ = source(tmp_path, "yaml", quoted_lists(9))
    result = run_cli("build", path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    texts = [p.text for p in answer(tmp_path / "out" / "djup.uppsala.docx")]
    assert texts == ["innerst", "Efter listan."]
