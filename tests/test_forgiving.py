"""Forgiving where nothing is ambiguous: förbund names as people write them, headings close to
the known ones, a Markdown title, notes beside the reports, dates with what exactly is wrong."""

from __future__ import annotations

import shutil

import pytest

from conftest import FRONT, ROOT, listing, run_cli, text_lines
from engine import layouts

YAML = """\
namn: Prov
förbund: {forbund}
insatsägare:
  organisation: Tierps kommun
"""


def _source(tmp_path, forbund: str):
    source = tmp_path / "prov.yaml"
    source.write_text(YAML.format(forbund=forbund), encoding="utf-8")
    return source


@pytest.mark.parametrize("written,layout", [
    ("gavleborg", "gavleborg"), ("Gävleborg", "gavleborg"), ("GAVLEBORG", "gavleborg"),
    ("Samordningsförbund Gävleborg", "gavleborg"), ("samordningsforbund gavleborg", "gavleborg"),
    ("Samordningsförbundet Gävleborg", "gavleborg"),
    ("Uppsala", "uppsala"), ("uppsala", "uppsala"), ("Uppsala 2018", "uppsala-2018"),
])
def test_a_forbund_named_as_people_write_it(tmp_path, written, layout):
    source = _source(tmp_path, f'"{written}"')
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert listing(tmp_path / "out") == [f"prov.{layout}.docx"]
    (tmp_path / "other").mkdir()
    flag = run_cli("build", _source(tmp_path / "other", "gavleborg"), "--forbund", written, "-o", tmp_path / "flag")
    assert flag.code == 0, flag.err
    assert listing(tmp_path / "flag") == [f"prov.{layout}.docx"]


def test_a_name_two_editions_share_means_the_one_in_force(tmp_path):
    source = _source(tmp_path, "Samordningsförbundet Uppsala län")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert listing(tmp_path / "out") == ["prov.uppsala.docx"]  # uppsala/layout.yaml says gällande: true


def test_a_name_two_editions_share_asks_which_when_neither_is_in_force(tmp_path):
    own = tmp_path / "mallar"
    shutil.copytree(ROOT / "templates", own)
    data = own / "uppsala" / "layout.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("gällande: true", ""), encoding="utf-8")
    env = {"SLUTRAPPORT_TEMPLATES": str(own)}
    source = _source(tmp_path, "Samordningsförbundet Uppsala län")
    result = run_cli("check", source, env=env)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{source}:2:1: error: förbund: 'Samordningsförbundet Uppsala län' fits more than one form: "
        "uppsala (Samordningsförbundet Uppsala län, 2021 edition); "
        "uppsala-2018 (Samordningsförbundet Uppsala län, 2018 edition); write the one meant by its id "
        "(uppsala, uppsala-2018)")
    flag = run_cli("check", _source(tmp_path, "uppsala"), "--forbund", "uppsala län", env=env)
    assert flag.code == 2
    assert flag.err.splitlines()[-1] == (
        "slutrapport: error: --forbund: 'uppsala län' fits more than one form: "
        "uppsala (Samordningsförbundet Uppsala län, 2021 edition); "
        "uppsala-2018 (Samordningsförbundet Uppsala län, 2018 edition); write the one meant by its id "
        "(uppsala, uppsala-2018)")


def test_an_unknown_forbund_on_the_command_line(tmp_path):
    result = run_cli("check", _source(tmp_path, "uppsala"), "--forbund", "Malmö")
    assert result.code == 2
    assert result.err.splitlines()[-1] == ("slutrapport: error: --forbund: unknown förbund 'Malmö'; "
                                           f"known: {', '.join(layouts.available())}, all")


def test_a_source_without_forbund_is_built_for_the_forbund_the_command_line_names(tmp_path):
    source = tmp_path / "utan.md"
    source.write_text("---\nnamn: Prov\ninsatsägare:\n  organisation: Tierps kommun\n---\n\n## Syfte\nAtt pröva.\n",
                      encoding="utf-8")
    result = run_cli("build", source, "--forbund", "Gävleborg", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "Att pröva." in text_lines(tmp_path / "out" / "utan.gavleborg.docx")
    alone = run_cli("check", source)  # without it, the source must say which form it fills
    assert alone.code == 1
    assert alone.err.splitlines()[0] == (f"{source}:2:1: error: förbund: missing; this key is required: name the form, "
                                         f"as in 'förbund: uppsala' (one of {', '.join(layouts.available())}), or "
                                         "give --forbund")


@pytest.mark.parametrize("heading,suggestion", [("Syftet", "Syfte"), ("Malgrupp", "Målgrupp"),
                                                ("jamstalldhet", "Jämställdhet"), ("Lardomar", "Lärdomar")])
def test_a_heading_close_to_a_known_one_is_suggested(tmp_path, heading, suggestion):
    source = tmp_path / "prov.md"
    source.write_text(FRONT + f"\n## {heading}\nText.\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    assert result.err.splitlines() == [f"{source}:8: error: unknown heading {heading!r} (did you mean {suggestion!r}?)"]


def test_a_title_heading_is_the_name(tmp_path):
    source = tmp_path / "prov.md"
    source.write_text("---\nförbund: uppsala\ninsatsägare:\n  organisation: Tierps kommun\n---\n\n"
                      "# Ung Intro\n\n## Syfte\nAtt pröva.\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "error" not in result.err and "warning" not in result.err


def test_a_title_heading_beside_namn(tmp_path):
    source = tmp_path / "prov.md"
    source.write_text(FRONT + "\n# Prov\n\n## Syfte\nAtt pröva.\n", encoding="utf-8")
    same = run_cli("check", source)
    assert same.code == 0 and ": warning: " not in same.err and ": error: " not in same.err
    source.write_text(FRONT + "\n# Ett annat namn\n\n## Syfte\nAtt pröva.\n", encoding="utf-8")
    other = run_cli("check", source)
    assert other.code == 0
    assert [line for line in other.err.splitlines() if ": warning: " in line] == [
        f"{source}:8:1: warning: namn: the title heading 'Ett annat namn' is not the front matter's namn 'Prov' "
        "(line 2); the form prints namn"]


def test_notes_in_a_folder_are_skipped_but_not_when_named(tmp_path):
    (tmp_path / "prov.md").write_text(FRONT + "\n## Syfte\nAtt pröva.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Att göra: ringa Tierp.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("---\ntitle: Rapporter\n---\n# Rapporter\n", encoding="utf-8")
    result = run_cli("build", tmp_path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    skipped = [line for line in result.err.splitlines() if "skipped" in line]
    assert skipped == [f"{tmp_path / name}: note: skipped: not a report source (no front matter with namn, förbund "
                       "or insatsägare); name it on the command line to build it all the same"
                       for name in ("README.md", "notes.md")]
    assert listing(tmp_path / "out") == ["prov.uppsala.docx"]
    named = run_cli("build", tmp_path / "notes.md", "-o", tmp_path / "out2")
    assert named.code == 1
    assert named.err.splitlines()[:2] == [
        f"{tmp_path / 'notes.md'}:1: error: no front matter: start the file with the lines '---', 'namn: …', 'förbund: …' "
        "and '---' (slutrapport new --forbund uppsala ny.md writes a report with every field)",
        f"{tmp_path / 'notes.md'}:1: error: text before the first heading belongs to no question; start it with a "
        "heading such as '## Syfte'"]


@pytest.mark.parametrize("written,message", [
    ("2024-13-01", "'2024-13-01' is not a date: month 13 does not exist"),
    ("2023-02-29", "'2023-02-29' is not a date: 2023 has no 29 February (February 2023 has 28 days: "
                   "it is not a leap year)"),
    ("2024-04-31", "'2024-04-31' is not a date: April 2024 has 30 days"),
    ("5/1 2024", "'5/1 2024': write dates as åååå-mm-dd: for 5 January 2024, 2024-01-05"),
    ("5.1.2024", "'5.1.2024': write dates as åååå-mm-dd: for 5 January 2024, 2024-01-05"),
    ("31 april 2024", "'31 april 2024' is not a date: April 2024 has 30 days"),
    ("snart", "'snart' is not a date; write it as åååå-mm-dd, e.g. 2021-12-31"),
])
def test_a_date_says_exactly_what_is_wrong(tmp_path, written, message):
    source = tmp_path / "prov.yaml"
    source.write_text(YAML.format(forbund="uppsala") + f"insatstid:\n  start: {written}\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    assert result.err.splitlines() == [f"{source}:6:3: error: insatstid.start: {message}"]


@pytest.mark.parametrize("written", ["2024-1-5", "2024/01/05", "2024.1.5", "2024 1 5", "5 januari 2024",
                                     "5 jan. 2024", "05 Januari 2024"])
def test_a_date_that_can_mean_one_day_only_is_read(tmp_path, written):
    """Year first, or the month named: nothing is ambiguous, so the date is read (and shown as
    the form writes dates); a day first in figures is not, as above."""
    source = tmp_path / "prov.yaml"
    source.write_text(YAML.format(forbund="uppsala") + f"insatstid:\n  start: {written}\n  slut: 2024-12-31\n",
                      encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert any("2024-01-05" in line for line in text_lines(tmp_path / "out" / "prov.uppsala.docx"))


def test_a_leap_day_is_a_date(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(YAML.format(forbund="uppsala") + "insatstid:\n  start: 2024-02-29\n", encoding="utf-8")
    assert run_cli("check", source).code == 0


def test_a_count_with_its_unit_is_read(tmp_path):
    """``15 st`` and ``12 personer`` are counts as surely as ``15``; ``15 kr`` is no count."""
    source = tmp_path / "prov.yaml"
    source.write_text(YAML.format(forbund="uppsala") + "deltagare:\n  kvinnor: 15 st\n  män: 12 personer\n",
                      encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert "27 personer, varav 15 kvinnor och 12 män." in text_lines(tmp_path / "out" / "prov.uppsala.docx")
    source.write_text(YAML.format(forbund="uppsala") + "deltagare:\n  kvinnor: 15 kr\n", encoding="utf-8")
    refused = run_cli("check", source)
    assert refused.code == 1
    assert refused.err.splitlines() == [
        f"{source}:6:3: error: deltagare.kvinnor: '15 kr' is not a count; write a whole number such as 125"]
