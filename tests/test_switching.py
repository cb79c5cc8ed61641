"""One source, any förbund's form: the same answers everywhere, and nothing silently lost."""

from __future__ import annotations

import re

import pytest

from conftest import INPUTS, listing, md_paragraphs, run_cli, text_lines
from engine import layouts
from engine.loader import load

RESAN = INPUTS / "resan-soderhamn.yaml"
GOTTSUNDA = INPUTS / "samverkan-gottsunda.yaml"


def answers(source):
    """Every paragraph of the prose both the Uppsala 2021 and the Gävleborg forms ask for."""
    insats, _ = load(source)
    texts = [insats.purpose, insats.target_group.description, insats.methods.description,
             insats.follow_up, insats.implementation]
    texts += [g.text for g in insats.goals] + [g.result for g in insats.goals]
    return [p for t in texts for p in md_paragraphs(t)]


@pytest.mark.parametrize("source", [RESAN, GOTTSUNDA], ids=lambda p: p.stem)
def test_same_answers_in_both_forms(examples, source):
    uppsala = "\n".join(text_lines(examples / f"{source.stem}.uppsala.docx"))
    gavleborg = "\n".join(text_lines(examples / f"{source.stem}.gavleborg.docx"))
    expected = answers(source)
    assert len(expected) > 8
    for paragraph in expected:
        assert paragraph in uppsala and paragraph in gavleborg, paragraph[:60]


def test_default_layout_is_the_sources_own(tmp_path):
    result = run_cli("build", RESAN, GOTTSUNDA, "-o", tmp_path)
    assert result.code == 0, result.err
    assert listing(tmp_path) == ["resan-soderhamn.gavleborg.docx",
                                                          "samverkan-gottsunda.uppsala.docx"]


def test_all_layouts(tmp_path):
    result = run_cli("build", RESAN, "--forbund", "all", "-o", tmp_path)
    assert result.code == 0, result.err
    assert listing(tmp_path) == sorted(f"resan-soderhamn.{layout}.docx" for layout in layouts.available())
    assert {"gavleborg", "uppsala", "uppsala-2018", "allman", "struktur"} <= set(layouts.available())


def warnings(stderr: str, layout: str) -> dict[str, str]:
    """key → 'left out' / 'unanswered' for one layout's warnings."""
    found = {}
    for line in stderr.splitlines():
        m = re.match(r"^.*?(?::\d+:\d+)?: note: (\S+): (the (\S+) form has no place|unanswered in the (\S+) form)", line)
        if m and layout in (m.group(3), m.group(4)):
            found[m.group(1)] = "left out" if m.group(3) else "unanswered"
    return found


def test_coverage_of_a_gavleborg_source_in_the_uppsala_form(tmp_path):
    result = run_cli("build", RESAN, "--forbund", "uppsala", "-o", tmp_path)
    assert result.code == 0
    left_out = {k for k, v in warnings(result.err, "uppsala").items() if v == "left out"}
    assert left_out == {"bakgrund", "insatsägare.arbetsställe", "insatsägare.kontaktpersoner",
                        "insatsägare.postnummer", "insatsägare.postadress", "ekonomi.beviljat",
                        "ekonomi.utnyttjat", "ekonomi.kommentar", "uppgiftslämnare",
                        "brukarmedverkan", "framgångsfaktorer", "systemfel"}
    unanswered = {k for k, v in warnings(result.err, "uppsala").items() if v == "unanswered"}
    assert {"jämställdhet", "förändrat_behov", "ekonomi.återförda_medel.varför"} <= unanswered
    # Each left-out key is located at its line in the source.
    source_lines = RESAN.read_text(encoding="utf-8").splitlines()
    for line in result.err.splitlines():
        m = re.match(rf"^{re.escape(str(RESAN))}:(\d+):\d+: note: (\S+): the uppsala form has no place", line)
        if m:
            assert source_lines[int(m.group(1)) - 1].strip().startswith(m.group(2).split(".")[-1] + ":")


def test_coverage_of_an_uppsala_source_in_the_gavleborg_form(tmp_path):
    result = run_cli("check", GOTTSUNDA, "--forbund", "gavleborg")
    assert result.code == 0
    found = warnings(result.err, "gavleborg")
    assert {k for k, v in found.items() if v == "left out"} == {
        "jämställdhet", "förändrat_behov", "insatsägare.underskrift", "samverkansparter.underskrift"}
    assert {"ekonomi.beviljat", "uppgiftslämnare", "brukarmedverkan"} <= {k for k, v in found.items() if v == "unanswered"}


def test_strict_fails_and_writes_nothing(tmp_path):
    result = run_cli("build", RESAN, "--forbund", "uppsala", "--strict", "-o", tmp_path)
    assert result.code == 1
    assert "note: bakgrund: the uppsala form has no place for this" in result.err
    assert list(tmp_path.iterdir()) == []
    assert run_cli("check", RESAN, "--forbund", "uppsala", "--strict").code == 1


def test_a_complete_source_passes_strict(tmp_path):
    result = run_cli("check", INPUTS / "langsiktig-samverkan-alvkarleby.yaml", "--strict")
    assert result.code == 0, result.err


def test_an_unanswered_question_of_several_keys_names_the_answer_its_heading_fills(tmp_path):
    """A question answered by keys of no one group (dates, a plan, deviations) is named by the
    key its heading stands for in a Markdown source, not by the first of them (a date)."""
    source = tmp_path / "prov.yaml"
    source.write_text("namn: Prov\nförbund: struktur\ninsatsägare: Tierps kommun\n", encoding="utf-8")
    result = run_cli("check", source)
    notes = [line for line in result.err.splitlines() if "“6. Har projektets tids- och aktivitetsplan" in line]
    assert [line.split(": ")[2] for line in notes] == ["tidsplan"], result.err
