"""What the readers make of sources as people really write them: nothing the author wrote
vanishes, and every message names what it is about, visible or not.

Each case is built through the CLI and the document read back as a reader sees it.
"""

from __future__ import annotations

from conftest import FRONT, text_lines


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
    assert warning.startswith(f"{source}:5:23: warning: syfte: removed 2 invisible characters: U+202E "
                              "(right-to-left override), U+202C (pop directional formatting); bidi controls")
    assert "Beviljat 2021, 2458 kronor." in lines


def test_zero_width_characters_in_a_value_are_removed_but_an_emoji_keeps_its_joiner(tmp_path, build):
    source = write(tmp_path, "zw.yaml", YAML + "metod:\n  beskrivning: |\n    Samtal\u200b med alla \U0001f469\u200d"
                   "\U0001f4bb.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    (warning,) = messages(result)
    assert warning == f"{source}:7:11: warning: metod.beskrivning: removed invisible character U+200B (zero width space)"
    assert "Samtal med alla \U0001f469\u200d\U0001f4bb." in lines


def test_an_invisible_character_in_a_heading_is_named_with_its_column(tmp_path, build):
    source = write(tmp_path, "rubrik.md", FRONT + "\n## Sy\u2060fte\nAtt pröva.\n")
    result, _ = built(build, source)
    assert result.code == 1
    assert result.err.splitlines()[0] == (f"{source}:8:6: error: invisible character U+2060 (word joiner) in heading "
                                          "'Syfte'; delete it")


# --- HTML in answers -----------------------------------------------------------------------

def test_html_comments_are_never_printed(tmp_path, build):
    source = write(tmp_path, "kommentar.md", FRONT + "<!-- Mall: fyll i varje rubrik. -->\n\n## Syfte\n"
                   "Att pröva <!-- kolla med Anna --> nya vägar.\n\n<!--\n## Metod\nGammal metodtext.\n-->\n\n"
                   "## Uppföljning\n<!-- fyll i -->\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "Att pröva nya vägar." in lines
    assert not [line for line in lines if "Anna" in line or "Mall" in line or "Gammal" in line or "<!--" in line]
    assert "note: uppföljning: unanswered" in result.err  # a comment alone answers nothing


def test_html_comments_in_yaml_answers_are_never_printed(tmp_path, build):
    source = write(tmp_path, "kommentar.yaml", YAML + "syfte: |\n  Att pröva <!-- intern --> nya vägar.\n\n"
                   "  <!--\n  Gammal text.\n  -->\n  Sista stycket.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "Att pröva nya vägar." in lines and "Sista stycket." in lines
    assert not [line for line in lines if "intern" in line or "Gammal" in line]


def test_pasted_html_prints_its_text_and_words_in_brackets_stay(tmp_path, build):
    source = write(tmp_path, "html.yaml", YAML + "syfte: |\n  Nya <b>vägar</b> för <nej>.\n\n"
                   "  <div>\n  **Fet** i en div.\n  </div>\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "Nya vägar för <nej>." in lines and "Fet i en div." in lines


# --- what the Markdown parser would drop -------------------------------------------------------

def test_a_link_definition_line_and_an_empty_link_stay_readable(tmp_path, build):
    source = write(tmp_path, "lank.yaml", YAML + "syfte: |\n  Källor:\n\n  [1]: https://scb.se\n\n"
                   "  Se [](https://www.finsam.se).\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "[1]: https://scb.se" in lines and "Se https://www.finsam.se." in lines


# --- goals written any way but the table or list ------------------------------------------------

def goal_rows(lines: list[str]) -> list[str]:
    """The goals table of the Uppsala form: the lines after its three column headings."""
    start = lines.index("Ange utfall/resultat för respektive mål:") + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("Beskriv hur ni i insatsen"))
    return lines[start:end]


def test_goals_as_plain_paragraphs_are_one_goal_each(tmp_path, build):
    source = write(tmp_path, "stycken.md", FRONT + "\n## Mål\nMinst 20 individer per år ska få stöd.\n\n"
                   "Handlingsplan för alla deltagare.\nUppnått: delvis\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert goal_rows(lines) == ["Minst 20 individer per år ska få stöd.", "Handlingsplan för alla deltagare.", "Delvis"]
    assert not messages(result) and "note: mål: unanswered" not in result.err


def test_goals_with_pasted_bullets_are_a_list(tmp_path, build):
    source = write(tmp_path, "punkter.md", FRONT + "\n## Mål\n• Minst 20 individer per år\n  Uppnått: ja\n"
                   "•\tHandlingsplan för alla\n– Ett tredje mål\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert goal_rows(lines) == ["Minst 20 individer per år", "Ja", "Handlingsplan för alla", "Ett tredje mål"]


def test_goals_pasted_from_excel_fill_the_columns_their_first_row_names(tmp_path, build):
    source = write(tmp_path, "excel.md", FRONT + "\n## Mål\nMål\tUppnått\tResultat\n"
                   "Minst 20 individer\tja\t81 individer\nHandlingsplan\tdelvis\tHälften har en\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert goal_rows(lines) == ["Minst 20 individer", "Ja", "81 individer", "Handlingsplan", "Delvis", "Hälften har en"]
    assert not messages(result)


def test_rows_without_a_header_are_kept_as_written_with_a_warning(tmp_path, build):
    source = write(tmp_path, "rader.md", FRONT + "\n## Mål\nMinst 20 individer\tja\nHandlingsplan\tdelvis\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert goal_rows(lines) == ["Minst 20 individer\tja", "Handlingsplan\tdelvis"]
    assert messages(result) == [f"{source}:9:1: warning: mål[1]: rows without a first row of column names are kept as "
                                "goals written out; to fill the columns, start them with a row such as Mål, Uppnått, "
                                "Resultat"]


def test_a_result_after_a_blank_line_stays_with_its_goal_and_loose_text_is_kept(tmp_path, build):
    source = write(tmp_path, "lost.md", FRONT + "\n## Mål\nVåra mål var:\n\n- Minst 20 individer\n  Uppnått: ja\n\n"
                   "Resultat: 81 individer fick stöd.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert goal_rows(lines) == ["Våra mål var:", "Minst 20 individer", "Ja", "81 individer fick stöd."]
    assert messages(result) == [f"{source}:9:1: warning: mål[1]: text beside the goals table or list is kept as a goal of "
                                "its own; make it an item or a row, or move it to the answer it belongs to"]


def test_a_table_row_longer_than_its_header_is_named(tmp_path, build):
    source = write(tmp_path, "cell.md", FRONT + "\n## Mål\n| Mål | Uppnått |\n|---|---|\n"
                   "| Minst 20 individer | ja | 81 individer |\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:11:29: warning: mål[1]: this row has 3 cells but the header names 2 columns; "
                                "'81 individer' and what follows it are left out: give them a column heading"]


def test_an_answer_table_row_longer_than_its_header_is_named(tmp_path, build):
    source = write(tmp_path, "tabell.yaml", YAML + "syfte: |\n  | År | Antal |\n  |---|---|\n  | 2021 | 12 | 14 |\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:8:17: warning: syfte: this table row has more cells than its header has "
                                "columns (2); '14' and what follows it would not be printed: give them a column heading"]


def test_a_footnote_nothing_refers_to_is_named(tmp_path, build):
    source = write(tmp_path, "fotnot.yaml", YAML + "syfte: |\n  En mening.[^1]\n\n  [^1]: Används.\n"
                   "  [^2]: Källa: SCB.\n")
    result, _ = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:9:3: warning: syfte: footnote [^2] is never referred to, so it would not be "
                                "printed; refer to it with [^2] where it belongs, or delete it"]


def test_a_footnote_no_goal_refers_to_is_named(tmp_path, build):
    source = write(tmp_path, "malnot.md", FRONT + "\n## Mål\n- Minst 20 individer[^a]\n\n[^a]: Enligt ansökan.\n"
                   "[^b]: Glömd.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:12:1: warning: mål: footnote [^b] is never referred to, so it would not be "
                                "printed; refer to it with [^b] in the goal it belongs to, or delete it"]


def test_text_that_yaml_would_read_as_a_comment_is_named(tmp_path, build):
    source = write(tmp_path, "hash.yaml", YAML.replace("uppsala", "uppsala  # standard") +
                   "syfte: Vi nådde mål #3 och #4.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:5:21: warning: syfte: the words after ' #' on this line are a YAML comment "
                                "and are not printed; if they belong to the text, put it in quotes or write it as a | "
                                "block"]


GUIDED = FRONT + """
## Mål

<!-- Ett mål per punkt:
- Målet, som i ansökan.
  Uppnått: ja
-->

- Fler i arbete
  Uppnått: ja

## Metod

<!-- Beskriv metoderna. -->

Samtal.
"""


def test_a_comment_whose_opening_was_deleted_is_named_where_it_ends(tmp_path, build):
    source = write(tmp_path, "utanstart.md", GUIDED.replace("<!-- Ett mål per punkt:\n", ""))
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == [f"{source}:12:1: warning: mål[1].mål: '-->' ends a comment that was never opened, so the "
                                "lines above it are printed as they stand; put <!-- where the note starts, or delete "
                                "this line"]


def test_a_comment_whose_end_was_deleted_is_an_error_where_it_opens(tmp_path, build):
    """Comments do not nest: the next comment's --> would close it, hiding the headings between."""
    source = write(tmp_path, "utanslut.md", GUIDED.replace("  Uppnått: ja\n-->\n", "  Uppnått: ja\n", 1))
    result, lines = built(build, source)
    assert result.code == 1 and lines == []
    assert result.err.splitlines()[0] == (f"{source}:10:1: error: this comment is never closed with -->: the next "
                                          "comment's --> (line 19) would close it, hiding everything between; close it")
    answer = write(tmp_path, "svar.yaml", YAML + "syfte: |\n  Att pröva.\n  <!-- TODO\n  Mer text.\n"
                   "  <!-- en till -->\n  Sist.\n")
    result, lines = built(build, answer)
    assert result.code == 0, result.err
    assert messages(result) == [f"{answer}:7:3: warning: syfte: this comment is never closed with -->: the next "
                                "comment's --> (line 9) would close it, hiding everything between; close it"]


def test_a_comment_after_a_number_date_or_amount_is_a_comment(tmp_path, build):
    """Filling in the skeleton's ``kvinnor:  # antal`` by typing after the colon leaves one space
    before its comment; such a value is never text the comment could be more of."""
    source = write(tmp_path, "ifylld.yaml", YAML + "insatstid:\n  start: 2023-01-09 # åååå-mm-dd\n"
                   "deltagare:\n  kvinnor: 12 # antal\n  män: 15 # antal\n"
                   "ekonomi:\n  återförda_medel:\n    belopp: 1 250 kr # belopp: 250 000 kr, 250 tkr eller 250000\n"
                   "mål:\n  - mål: Fler i arbete\n    mål_andel: 80 % #mål\n    utfall: 20 # antal\n    av: 27 # antal\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert messages(result) == []
    assert "Startdatum: 2023-01-09" in lines and "27 personer, varav 12 kvinnor och 15 män." in lines


def test_a_comment_never_closed_keeps_the_text_after_it_and_says_so(tmp_path, build):
    source = write(tmp_path, "oavslutad.yaml", YAML + "syfte: |\n  Att pröva.\n\n  <!-- TODO\n  Mer text.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert any("Mer text." in line for line in lines)
    assert messages(result) == [f"{source}:8:3: warning: syfte: this comment is never closed with -->, so the text "
                                "after it is printed as it stands: close it"]
