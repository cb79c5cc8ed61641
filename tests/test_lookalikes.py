"""Characters YAML does not take for what they look like, inside otherwise good reports: each is
named where it stands (line, column, its Unicode name) with the fix, or, where its meaning is
plain, read as meant with a warning. Built through the CLI; documents are read back."""

from __future__ import annotations

import pytest

from conftest import INPUTS, run_cli, text_lines

GOTTSUNDA = INPUTS / "samverkan-gottsunda.yaml"
UNG_INTRO = INPUTS / "ung-intro.yaml"
UNG_INTRO_MD = INPUTS / "ung-intro-markdown.md"


def altered(tmp_path, source, starts: str, change, name: str | None = None):
    """``source`` with the first line that starts with ``starts`` changed by ``change``; the copy,
    the 1-based number of that line and the line as changed."""
    lines = source.read_text(encoding="utf-8").split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(starts))
    lines[i] = change(lines[i])
    copy = tmp_path / (name or source.name)
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy, i + 1, lines[i]


ERRORS = [
    ("no-break space after a top-level key's colon", GOTTSUNDA, "förbund: ", lambda s: s.replace(": ", ":\u00a0"),
     "\u00a0", "YAML syntax error: U+00A0 (no-break space) after 'förbund:', where YAML needs an ordinary space to read "
               "a key and its value; replace it with an ordinary space"),
    ("narrow no-break space after a nested key's colon", GOTTSUNDA, "  organisation: ",
     lambda s: s.replace(": ", ":\u202f"), "\u202f",
     "YAML syntax error: U+202F (narrow no-break space) after 'organisation:', where YAML needs an ordinary space to "
     "read a key and its value; replace it with an ordinary space"),
    ("no-break space after the colon of a key in a list", UNG_INTRO, "  uppnått: ", lambda s: s.replace(": ", ":\u00a0"),
     "\u00a0", "YAML syntax error: U+00A0 (no-break space) after 'uppnått:', where YAML needs an ordinary space to read "
               "a key and its value; replace it with an ordinary space"),
    ("no-break space opening the indentation", GOTTSUNDA, "  slut: ", lambda s: "\u00a0" + s[1:], "\u00a0",
     "YAML syntax error: U+00A0 (no-break space) in the indentation, which YAML reads as text, not as a space; replace "
     "it with an ordinary space"),
    ("no-break space inside the indentation", UNG_INTRO, "    e-post: mikael", lambda s: "  \u00a0" + s[3:], "\u00a0",
     "insatsägare.e-post: U+00A0 (no-break space) in the indentation of 'e-post', which YAML reads as part of the key; "
     "replace it with an ordinary space"),
    ("full-width colon after a key", GOTTSUNDA, "diarienummer:", lambda s: s.replace(":", "\uff1a", 1), "\uff1a",
     "YAML syntax error: U+FF1A (fullwidth colon) after 'diarienummer' is no colon to YAML; type an ordinary ':' in "
     "its place"),
    ("curly quotes around a key", UNG_INTRO, "syfte:", lambda s: s.replace("syfte", "“syfte”"), "“",
     "syfte: the key '“syfte”' is in curly quotes (as Word types them), which YAML keeps as part of the key; write "
     "syfte: without them"),
    ("Swedish curly quotes around a nested key", GOTTSUNDA, "  organisation: ",
     lambda s: s.replace("organisation", "”organisation”"), "”",
     "insatsägare.organisation: the key '”organisation”' is in curly quotes (as Word types them), which YAML keeps as "
     "part of the key; write organisation: without them"),
    ("a no-break space after a colon in Markdown front matter", UNG_INTRO_MD, "  slut: ",
     lambda s: s.replace(": ", ":\u00a0"), "\u00a0",
     "YAML syntax error: U+00A0 (no-break space) after 'slut:', where YAML needs an ordinary space to read a key and "
     "its value; replace it with an ordinary space"),
]


@pytest.mark.parametrize("why,source,starts,change,char,message", ERRORS, ids=[case[0] for case in ERRORS])
def test_a_lookalike_is_named_where_it_stands(tmp_path, why, source, starts, change, char, message):
    copy, line, text = altered(tmp_path, source, starts, change)
    out = tmp_path / "out"
    result = run_cli("build", copy, "-o", out)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines()[0] == f"{copy}:{line}:{text.index(char) + 1}: error: {message}"
    assert not out.exists() or not list(out.glob("*.docx"))


def test_a_byte_order_mark_where_two_files_were_pasted_together(tmp_path):
    first, second = GOTTSUNDA.read_text(encoding="utf-8"), UNG_INTRO.read_text(encoding="utf-8")
    source = tmp_path / "ihopklistrad.yaml"
    source.write_text(first + "\ufeff" + second, encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines()[0] == (f"{source}:{first.count(chr(10)) + 1}:1: error: YAML syntax error: U+FEFF "
                                          "(byte order mark) in the middle of the file, as where another file was pasted "
                                          "in; delete it (and check that nothing is there twice)")


def test_curly_quotes_around_text_with_a_colon_say_they_quote_nothing(tmp_path):
    copy, line, text = altered(tmp_path, GOTTSUNDA, "namn:", lambda s: "namn: “Samverkan: Gottsunda”")
    result = run_cli("build", copy, "-o", tmp_path / "out")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{copy}:{line}:{text.index(': G') + 1}: error: YAML syntax error: mapping values are not allowed in this "
        "context (curly quotes “ ” are text to YAML, not quotes: put text holding ': ', '#' or a leading [ { in straight "
        "quotes \"…\" instead)")


def built(tmp_path, copy):
    out = tmp_path / "out"
    result = run_cli("build", copy, "-o", out)
    assert result.code == 0 and "Traceback" not in result.err, result.err
    return result, text_lines(out / f"{copy.stem}.uppsala.docx")


@pytest.mark.parametrize("char,name", [("\u2028", "line separator"), ("\u2029", "paragraph separator")])
def test_a_line_separator_in_a_text_block_is_read_as_a_space(tmp_path, char, name):
    """YAML takes U+2028/U+2029 for line breaks, which cut an indented | text apart (a syntax error
    at the wrong line, before): read as a space, with a warning where it stands."""
    words = "Syftet är att undersöka behovet av"
    copy, line, text = altered(tmp_path, GOTTSUNDA, f"  {words}", lambda s: s.replace("undersöka ", f"undersöka{char}"))
    result, lines = built(tmp_path, copy)
    warnings = [w for w in result.err.splitlines() if ": warning: " in w]
    assert warnings == [f"{copy}:{line}:{text.index(char) + 1}: warning: syfte: U+{ord(char):04X} ({name}) read as a "
                        "space: YAML would take it for a line break, which breaks the text apart (often pasted from a "
                        "web page or PDF); type a real line break if one was meant"]
    assert any(words in paragraph for paragraph in lines)


def test_curly_quotes_around_a_whole_value_are_kept_with_a_warning(tmp_path):
    copy, line, _ = altered(tmp_path, GOTTSUNDA, "namn:", lambda s: "namn: “Samverkan Gottsunda”")
    result, lines = built(tmp_path, copy)
    assert f"{copy}:{line}:7: warning: namn: the text is in curly quotes (as Word types them), which YAML keeps, so the " \
           "document prints them; if they were meant to quote the text, use straight quotes \"…\" or none" \
           in result.err.splitlines()
    assert any("“Samverkan Gottsunda”" in paragraph for paragraph in lines)


def test_a_tab_after_a_colon_and_before_a_comment_is_read_as_meant(tmp_path):
    """``namn:\\tText`` is a key and its value; ``uppsala\\t# …`` a comment set off, as with two spaces."""
    lines = GOTTSUNDA.read_text(encoding="utf-8").split("\n")
    lines[0] = "namn:\tSamverkan Tabb"
    lines[2] = "förbund: uppsala\t# formuläret från 2021"
    copy = tmp_path / "tabb.yaml"
    copy.write_text("\n".join(lines), encoding="utf-8")
    result, text = built(tmp_path, copy)
    assert not [w for w in result.err.splitlines() if ": warning: " in w]
    assert any("Samverkan Tabb" == paragraph.strip() or paragraph.endswith("Samverkan Tabb") for paragraph in text)


@pytest.mark.parametrize("char,words", [
    ("\u00a0", "U+00A0 (no-break space) after 'organisation:' is no space to YAML, so the line is read as text; if a "
               "key and its value were meant, type an ordinary space in its place"),
    ("\uff1a", "U+FF1A (fullwidth colon) after 'organisation' is no colon to YAML, so the line is read as text; if a "
               "key and its value were meant, type an ordinary ':' in its place")])
def test_a_lookalike_that_leaves_valid_yaml_is_named_with_a_warning(tmp_path, char, words):
    """Under ``insatsägare:``, ``organisation:\\u00a0Håbo kommun`` is one text, which the form
    prints as the organisation's name, colon and all: a warning says where and why."""
    change = (lambda s: s.replace(": ", ":" + char)) if char == "\u00a0" else (lambda s: s.replace(": ", char))
    copy, line, text = altered(tmp_path, INPUTS / "framsteget-habo.yaml", "  organisation: Håbo kommun", change)
    result, lines = built(tmp_path, copy)
    warnings = [w for w in result.err.splitlines() if ": warning: insatsägare" in w]  # the example has one of its own
    assert warnings == [f"{copy}:{line}:{text.index(char) + 1}: warning: insatsägare: {words}"]
    assert any(text.strip() in paragraph for paragraph in lines)  # printed as written, and so said
