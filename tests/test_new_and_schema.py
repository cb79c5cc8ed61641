"""Starting a report: ``new`` writes a skeleton of every question of a form, and ``schema`` the
JSON Schema an editor completes and explains keys with; both derived from the declarations."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import INPUTS, run_cli, text_lines
from engine import layouts, schema
from engine.sources.markdown_source import normalise


class Yaml12(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (the 1.2 core schema): dates stay text, and only
    true/false are booleans (ja, nej, yes, no are text)."""


Yaml12.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _first in "tTfF":
    Yaml12.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def _data(path):
    """What an editor validates: a YAML source, or a Markdown source's front matter."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\n---", 1)[0].removeprefix("---\n")
    return yaml.load(text, Loader=Yaml12) or {}


@pytest.fixture(scope="module")
def validator():
    document = schema.schema()
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


@pytest.fixture(scope="module")
def skeletons(tmp_path_factory):
    """``new`` for every layout in both formats, in one folder."""
    folder = tmp_path_factory.mktemp("skeletons")
    for layout_id in layouts.available():
        for fmt in ("md", "yaml"):
            result = run_cli("new", folder / f"{fmt}-{layout_id}.{fmt}", "--forbund", layout_id)
            assert result.code == 0, result.err
            assert result.err == ""
    return folder


def test_a_skeleton_of_every_layout_builds_with_notes_only_and_shows_the_blank_form(skeletons, tmp_path):
    result = run_cli("build", skeletons, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    findings = [line for line in result.err.splitlines() if line.startswith(str(skeletons))]
    assert findings and all(re.search(r": note: \S+: unanswered in the ", line) for line in findings), findings
    for layout_id in layouts.available():
        empty = tmp_path / f"empty-{layout_id}.yaml"
        empty.write_text(f"förbund: {layout_id}\n", encoding="utf-8")
        assert run_cli("build", empty, "-o", tmp_path / "empty").code == 0
        blank = text_lines(tmp_path / "empty" / f"empty-{layout_id}.{layout_id}.docx")
        text = normalise(" ".join(blank))
        for question in layouts.get(layout_id).questions:
            assert normalise(question.label) in text, (layout_id, question.label)
        for fmt in ("md", "yaml"):
            # Nothing of the skeleton is printed: its document is the blank form itself.
            assert text_lines(tmp_path / "out" / f"{fmt}-{layout_id}.{layout_id}.docx") == blank, (layout_id, fmt)


def test_a_markdown_skeleton_has_a_heading_per_prose_question_in_the_forms_words(skeletons):
    text = (skeletons / "md-gavleborg.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[:3] == ["4.1 Syfte och bakgrund till insatsen", "Syfte", "4.2 Målgrupp för insatsen"]
    assert "5.1 Måluppfyllelse: Ange mål och resultat" in headings
    assert text.startswith("---\n# yaml-language-server: $schema=slutrapport.schema.json\n")
    assert (skeletons / schema.FILE_NAME).read_text(encoding="utf-8") == schema.text()


def test_new_never_overwrites(tmp_path):
    mine = tmp_path / "rapport.md"
    mine.write_text("mitt utkast\n", encoding="utf-8")
    result = run_cli("new", mine, "--forbund", "uppsala")
    assert result.code == 4
    assert result.err.strip() == f"slutrapport: {mine} exists; new never overwrites a file: choose another name"
    assert mine.read_text(encoding="utf-8") == "mitt utkast\n"
    (tmp_path / schema.FILE_NAME).write_text("{\"mitt\": 1}\n", encoding="utf-8")  # someone's own schema
    assert run_cli("new", tmp_path / "ny.yaml", "--forbund", "uppsala").code == 0
    assert (tmp_path / schema.FILE_NAME).read_text(encoding="utf-8") == "{\"mitt\": 1}\n"
    assert run_cli("new", tmp_path / "x.md", "--forbund", "malmö").code == 2


def test_the_schema_accepts_every_example_and_skeleton(validator, skeletons):
    files = sorted(INPUTS.iterdir()) + sorted(p for p in skeletons.iterdir() if p.suffix in (".md", ".yaml"))
    assert len(files) >= 6 + 2 * len(layouts.available())
    for path in files:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message[:120]}" for e in validator.iter_errors(_data(path))]
        assert not errors, (path.name, errors)


WRONG = [
    ("an unknown key", "syftet: Att hjälpa\n"),
    ("text where a group is expected", "insatstid: snart\n"),
    ("a list as text", "syfte:\n  - a\n  - b\n"),
    ("a date with the day first in figures", "insatstid:\n  start: 5/1 2024\n"),
    ("a named day the month lacks", "insatstid:\n  start: 31 april 2024\n"),
    ("a month that does not exist", "insatstid:\n  start: 2024-13-01\n"),
    ("a verdict that is none", "mål:\n  - mål: Fler i arbete\n    uppnått: kanske\n"),
    ("a negative count", "deltagare:\n  kvinnor: -3\n"),
    ("a count with a unit that is none", "deltagare:\n  kvinnor: 15 kr\n"),
    ("an amount that is not one", "ekonomi:\n  beviljat: mycket\n"),
    ("a goal without its text", "mål:\n  - uppnått: ja\n"),
    ("an unknown key in a goal", "mål:\n  - mål: Fler i arbete\n    betyg: 5\n"),
    ("no förbund", None),
    ("an amount the English way", "ekonomi:\n  beviljat: 12,500.00\n"),
    ("an amount with thousands commas", "ekonomi:\n  beviljat: 1,250,000 kr\n"),
    ("a day the month does not have", "insatstid:\n  start: 2024-02-30\n"),
    ("29 February in a common year", "insatstid:\n  slut: 2023-02-29\n"),
    ("a 31st in a month of 30 days", "insatstid:\n  slut: 2024-04-31\n"),
    ("a bare fraction as a share", "mål:\n  - mål: Fler i arbete\n    mål_andel: 0,8\n"),
    ("a bare fraction as a number", "mål:\n  - mål: Fler i arbete\n    mål_andel: 0.8\n"),
    ("a share over 100 %", "mål:\n  - mål: Fler i arbete\n    mål_andel: 120 %\n"),
    ("a share target that is words", "mål:\n  - mål: Fler i arbete\n    mål_andel: alla 3 grupper\n"),
    ("a verdict as a YAML boolean", "mål:\n  - mål: Fler i arbete\n    uppnått: true\n"),
    ("a verdict left as a choice", "mål:\n  - mål: Fler i arbete\n    uppnått: ja, nej eller delvis\n"),
    ("a kind of insats that is none", "insatstyp: individ och katt\n"),
]


@pytest.mark.parametrize("what,extra", WRONG, ids=[w for w, _ in WRONG])
def test_the_schema_refuses_what_the_reader_refuses(validator, tmp_path, what, extra):
    text = "namn: Prov\ninsatsägare: Tierps kommun\n" + ("förbund: uppsala\n" + extra if extra is not None else "")
    source = tmp_path / "fel.yaml"
    source.write_text(text, encoding="utf-8")
    assert run_cli("check", source).code == 1, what
    assert list(validator.iter_errors(_data(source))), what


RIGHT = [
    ("a count target of at least", "mål:\n  - mål: Fler i arbete\n    mål_antal: minst 50\n"),
    ("a count target of at most", "mål:\n  - mål: Färre avbrott\n    mål_antal: högst 10\n"),
    ("a count target range", "mål:\n  - mål: Fler i arbete\n    mål_antal: 10–20\n"),
    ("an exact count target", "mål:\n  - mål: Fler i arbete\n    mål_antal: exakt 12\n"),
    ("a share range", "mål:\n  - mål: Jämn fördelning\n    mål_andel: mellan 40 och 60 %\n"),
    ("a share in words", "mål:\n  - mål: Fler i arbete\n    mål_andel: minst 80 procent\n"),
    ("a bare share of a hundred", "mål:\n  - mål: Fler i arbete\n    mål_andel: 80\n"),
    ("29 February in a leap year", "insatstid:\n  slut: 2024-02-29\n"),
    ("29 February in 2000", "insatstid:\n  slut: 2000-02-29\n"),
    ("a count with its unit", "deltagare:\n  kvinnor: 15 st\n  män: 12 personer\n"),
    ("a date year first without zeros", "insatstid:\n  slut: 2024-1-5\n"),
    ("a date year first with slashes", "insatstid:\n  slut: 2024/01/05\n"),
    ("a date with the month named", "insatstid:\n  slut: 5 januari 2024\n"),
    ("a leap day with the month named", "insatstid:\n  slut: 29 Feb. 2024\n"),
    ("an amount with dots between thousands", "ekonomi:\n  beviljat: 1.250.000\n"),
    ("an amount in mkr with a decimal comma", "ekonomi:\n  beviljat: 1,2 mkr\n"),
    ("an amount with öre", "ekonomi:\n  beviljat: 12 500,50 kr\n"),
    ("a verdict with words after it", "mål:\n  - mål: Fler i arbete\n    uppnått: Ja (76 %)\n"),
    ("both kinds of insats in words", "insatstyp: Individ- och strukturinriktad\n"),
    ("both kinds of insats as a list", "insatstyp: [individinriktad, Strukturinriktad]\n"),
]


def test_the_schemas_patterns_are_ecmascript():
    """yaml-language-server runs the patterns as JavaScript regular expressions, which have no
    inline flags or Python's named groups: such a pattern fails there and checks nothing."""
    patterns = re.findall(r'"pattern": ("(?:[^"\\\\]|\\\\.)*")', schema.text())
    assert len(patterns) > 10
    for pattern in map(json.loads, patterns):
        assert not re.search(r"\(\?[aiLmsux]|\(\?P|\\[AZ]", pattern), pattern


@pytest.mark.parametrize("what,extra", RIGHT, ids=[w for w, _ in RIGHT])
def test_the_schema_accepts_what_the_reader_accepts(validator, tmp_path, what, extra):
    source = tmp_path / "rätt.yaml"
    source.write_text("namn: Prov\ninsatsägare: Tierps kommun\nförbund: uppsala\n" + extra, encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 0, (what, result.err)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message[:120]}" for e in validator.iter_errors(_data(source))]
    assert not errors, (what, errors)


def test_descriptions_are_the_forms_questions():
    properties = schema.schema()["properties"]
    assert "uppsala: Ange syftet med insatsen (såsom det beskrevs i ansökan)" in properties["syfte"]["description"]
    assert "gavleborg: 4.1 Syfte och bakgrund till insatsen" in properties["syfte"]["description"]
    assert json.loads(run_cli("schema").out)["$id"] == schema.SCHEMA_ID


def test_schema_o_keeps_a_file_it_did_not_write(tmp_path):
    theirs = tmp_path / "s.json"
    theirs.write_text("{}", encoding="utf-8")
    result = run_cli("schema", "-o", theirs)
    assert result.code == 4 and theirs.read_text(encoding="utf-8") == "{}"
    ours = tmp_path / "ours.json"
    assert run_cli("schema", "-o", ours).code == 0 and run_cli("schema", "-o", ours).code == 0
