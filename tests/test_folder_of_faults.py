"""A folder as people's folders are: good reports among files that are not what their names say,
names a case-insensitive disk cannot keep apart, and characters YAML trips on. The good ones are
built; each bad one gets its one line, naming it, where it stands; exit 1, no traceback."""

from __future__ import annotations

import shutil
import unicodedata

from conftest import INPUTS, run_cli, text_lines

GOTTSUNDA = (INPUTS / "samverkan-gottsunda.yaml").read_text(encoding="utf-8")
OLD_WORD = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900") + bytes(488)


def with_line(text: str, starts: str, change) -> tuple[str, int, str]:
    """``text`` with its first line that starts with ``starts`` changed; the 1-based line number
    and the changed line."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(starts))
    lines[i] = change(lines[i])
    return "\n".join(lines), i + 1, lines[i]


def test_a_folder_of_faults_builds_the_good_and_names_each_bad_one_once(tmp_path):
    folder, out = tmp_path / "rapporter", tmp_path / "ut"
    folder.mkdir()
    shutil.copy(INPUTS / "resan-soderhamn.yaml", folder / "resan.yaml")
    shutil.copy(INPUTS / "ung-intro-markdown.md", folder / "ung-intro.md")
    shutil.copy(INPUTS / "framsteget-habo.yaml", folder / "Rapport.yaml")
    shutil.copy(INPUTS / "ung-intro-markdown.md", folder / "rapport.md")  # a sync conflict's copy, in lower case
    (folder / "anteckningar.yaml").write_bytes(b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 namn: Prov\\par}\n")
    (folder / "gammal.md").write_bytes(OLD_WORD)
    (folder / "tom.md").write_bytes(b"")
    (folder / "utkast.yaml.txt").write_text(GOTTSUNDA, encoding="utf-8")
    curly, curly_line, _ = with_line(GOTTSUNDA, "syfte:", lambda s: s.replace("syfte", "“syfte”"))
    (folder / "citat.yaml").write_text(curly, encoding="utf-8")
    indented, indent_line, _ = with_line(GOTTSUNDA, "  slut:", lambda s: "\u00a0" + s[1:])
    (folder / "indrag.yaml").write_text(indented, encoding="utf-8")
    separated, sep_line, sep_text = with_line(GOTTSUNDA, "  Syftet är", lambda s: s.replace("av och", "av\u2028och"))
    (folder / "radbrytning.yaml").write_text(separated, encoding="utf-8")

    result = run_cli("build", folder, "-o", out)
    assert result.code == 1
    assert "Traceback" not in result.err + result.out

    expected = {
        "rapport.md": f"{folder / 'rapport.md'}: error: its outputs' names differ from those of {folder / 'Rapport.yaml'} "
                      "only in upper and lower case, which Windows, macOS and OneDrive cannot keep apart: one document "
                      "would replace the other; rename one of them",
        "anteckningar.yaml": f"{folder / 'anteckningar.yaml'}: error: this is an RTF document (rich text, as WordPad and "
                             "TextEdit save it), not YAML text; save it again as plain text (WordPad: Save as → Text "
                             "document; TextEdit: Format → Make Plain Text), named anteckningar.yaml",
        "gammal.md": f"{folder / 'gammal.md'}: error: this is an old Word document (.doc) or another Office file, not "
                     "Markdown text; open it in Word, copy its text into Notepad and save that as gammal.md (Save as "
                     "type: All files; Encoding: UTF-8)",
        "tom.md": f"{folder / 'tom.md'}: error: the file is empty (0 bytes), as a save that failed leaves it; save the "
                  "report again from your editor, or restore it from a backup",
        "utkast.yaml.txt": f"{folder / 'utkast.yaml.txt'}: note: skipped: '.txt' was added to this source's name "
                           "(Notepad does so when Save as type is Text documents); rename it utkast.yaml (in Explorer: "
                           "View → Show → File name extensions, then rename)",
        "citat.yaml": f"{folder / 'citat.yaml'}:{curly_line}:1: error: syfte: the key '“syfte”' is in curly quotes (as "
                      "Word types them), which YAML keeps as part of the key; write syfte: without them",
        "indrag.yaml": f"{folder / 'indrag.yaml'}:{indent_line}:1: error: YAML syntax error: U+00A0 (no-break space) in "
                       "the indentation, which YAML reads as text, not as a space; replace it with an ordinary space",
        "radbrytning.yaml": f"{folder / 'radbrytning.yaml'}:{sep_line}:{sep_text.index(chr(0x2028)) + 1}: warning: "
                            "syfte: U+2028 (line separator) read as a space: YAML would take it for a line break, which "
                            "breaks the text apart (often pasted from a web page or PDF); type a real line break if one "
                            "was meant",
    }
    lines = result.err.splitlines()
    for name, line in expected.items():
        own = [x for x in lines if x.startswith(f"{folder / name}:")
               and (": error: " in x or ": warning: " in x or ": skipped: " in x)]
        assert own == [line], name

    built = sorted(p.name for p in out.glob("*.docx"))
    assert built == ["Rapport.uppsala.docx", "radbrytning.uppsala.docx", "resan.gavleborg.docx",
                     "ung-intro.uppsala.docx"]
    assert "Insatsens namn: Framsteget i Håbo" in text_lines(out / "Rapport.uppsala.docx")
    assert any("Syftet är att undersöka" in paragraph for paragraph in text_lines(out / "radbrytning.uppsala.docx"))
    assert "4 built, 0 up to date, 6 failed" in result.out.splitlines()


def test_markdown_without_front_matter_named_on_the_command_line_says_how_to_start_it(tmp_path):
    """Without front matter and without --forbund it cannot be a report: an error saying how the
    front matter starts. With --forbund it is built from its headings, with a note saying the same."""
    source = tmp_path / "utan.md"
    source.write_text("# Ung Intro\n\n## Syfte\n\nAtt skapa en pilotverksamhet för unga.\n", encoding="utf-8")
    start = ("start the file with the lines '---', 'namn: …', 'förbund: …' and '---' (slutrapport new --forbund "
             "uppsala ny.md writes a report with every field)")
    refused = run_cli("build", source, "-o", tmp_path / "ut")
    assert refused.code == 1
    assert refused.err.splitlines() == [f"{source}:1: error: no front matter: {start}"]
    built = run_cli("build", source, "--forbund", "uppsala", "-o", tmp_path / "ut")
    assert built.code == 0, built.err
    assert built.err.splitlines()[0] == f"{source}:1: note: no front matter, so it is built from its headings alone; " \
                                        f"to give its fields, {start}"
    lines = text_lines(tmp_path / "ut" / "utan.uppsala.docx")
    assert "Insatsens namn: Ung Intro" in lines and "Att skapa en pilotverksamhet för unga." in lines


def test_names_a_case_insensitive_disk_cannot_keep_apart_are_refused_naming_both(tmp_path):
    """Composed and decomposed ö (macOS folds them) and a case difference across two folders built
    into one output folder: each later source is refused, naming the earlier; the first is built."""
    composed, decomposed = "Höör", unicodedata.normalize("NFD", "Höör")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    shutil.copy(INPUTS / "samverkan-gottsunda.yaml", first / f"{composed}.yaml")
    shutil.copy(INPUTS / "samverkan-gottsunda.yaml", first / f"{decomposed}.yaml")
    shutil.copy(INPUTS / "framsteget-habo.yaml", first / "Insats.yaml")
    shutil.copy(INPUTS / "ung-intro.yaml", second / "INSATS.yml")
    out = tmp_path / "ut"
    result = run_cli("build", first / f"{composed}.yaml", first / f"{decomposed}.yaml", first / "Insats.yaml",
                     second / "INSATS.yml", "-o", out)
    assert result.code == 1 and "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert errors == [
        f"{first / (decomposed + '.yaml')}: error: its outputs' names differ from those of {first / (composed + '.yaml')} "
        "only in how a letter is encoded (composed or decomposed, as macOS saves å, ä and ö), which macOS cannot keep "
        "apart: one document would replace the other; rename one of them",
        f"{second / 'INSATS.yml'}: error: its outputs' names differ from those of {first / 'Insats.yaml'} only in upper "
        "and lower case, which Windows, macOS and OneDrive cannot keep apart: one document would replace the other; "
        "rename one of them"]
    assert sorted(p.name for p in out.glob("*.docx")) == sorted([f"{composed}.uppsala.docx", "Insats.uppsala.docx"])


def test_a_folder_holding_only_a_source_notepad_added_txt_to_says_how_to_rename_it(tmp_path):
    (tmp_path / "rapport.yaml.txt").write_text(GOTTSUNDA, encoding="utf-8")
    result = run_cli("build", tmp_path, "-o", tmp_path / "ut")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{tmp_path / 'rapport.yaml.txt'}: note: skipped: '.txt' was added to this source's name (Notepad does so when "
        "Save as type is Text documents); rename it rapport.yaml (in Explorer: View → Show → File name extensions, then "
        "rename)",
        "slutrapport: no sources found (expected .yaml, .yml or .md files)"]
