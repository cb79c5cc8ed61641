"""What the readers make of sources as people really write them: nothing the author wrote
vanishes, and every message names what it is about, visible or not.

Each case is built through the CLI and the document read back as a reader sees it.
"""

from __future__ import annotations

from conftest import text_lines

FRONT = """\
---
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
---
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def built(build, source):
    """Build ``source``; return the run and the lines of its Uppsala document."""
    result, out = build(source)
    assert "Traceback" not in result.err
    document = out / f"{source.stem}.uppsala.docx"
    return result, (text_lines(document) if document.exists() else [])


def messages(result, kind: str = "warning") -> list[str]:
    return [line for line in result.err.splitlines() if f": {kind}: " in line]


# --- front matter ------------------------------------------------------------------------

def test_an_indented_dash_line_in_a_block_scalar_does_not_end_the_front_matter(tmp_path, build):
    source = write(tmp_path, "fm.md", FRONT.replace("---\n", "---\nsyfte: |\n  Före strecket.\n  ---\n"
                                                  "  Efter strecket.\n", 1) + "\n## Metod\nSamtal.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "Före strecket." in lines and "Efter strecket." in lines and "Samtal." in lines


# --- invisible characters and decomposed letters -------------------------------------------

YAML = """\
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
"""


def test_decomposed_keys_and_values_are_read_composed(tmp_path, build):
    source = write(tmp_path, "nfd.yaml", "\ufeff" + (YAML + "syfte: Att pröva i Gävle.\n").replace("ö", "o\u0308")
                   .replace("ä", "a\u0308"))
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "unknown key" not in result.err
    assert "Att pröva i Gävle." in lines


def test_bidi_controls_in_a_value_are_removed_with_a_located_warning(tmp_path, build):
    source = write(tmp_path, "bidi.yaml", YAML + "syfte: Beviljat 2021, \u202e2458\u202c kronor.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    (warning,) = messages(result)
    assert warning.startswith(f"{source}:5:23: syfte: warning: removed 2 invisible characters: U+202E "
                              "(right-to-left override), U+202C (pop directional formatting); bidi controls")
    assert "Beviljat 2021, 2458 kronor." in lines


def test_zero_width_characters_in_a_value_are_removed_but_an_emoji_keeps_its_joiner(tmp_path, build):
    source = write(tmp_path, "zw.yaml", YAML + "metod:\n  beskrivning: |\n    Samtal\u200b med alla \U0001f469\u200d"
                   "\U0001f4bb.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    (warning,) = messages(result)
    assert warning == f"{source}:7:11: metod.beskrivning: warning: removed invisible character U+200B (zero width space)"
    assert "Samtal med alla \U0001f469\u200d\U0001f4bb." in lines


def test_an_invisible_character_in_a_heading_is_named_with_its_column(tmp_path, build):
    source = write(tmp_path, "rubrik.md", FRONT + "\n## Sy\u2060fte\nAtt pröva.\n")
    result, _ = built(build, source)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"{source}:8:6: invisible character U+2060 (word joiner) in heading "
                                          "'Syfte'; delete it")
