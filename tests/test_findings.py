"""Findings as editors and tools read them: one line each, ``FILE:LINE:COL: severity: key: message``,
or JSON Lines with ``check --format json``; ``check`` closes with a count, never "ok" over a warning."""

from __future__ import annotations

import json
import re

from conftest import run_cli

SOURCE = """\
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
deltagare:
  kvinnor: 76
  män: 143
  totalt: 199
"""
#: What VS Code's problem matcher in docs/using.md reads.
MATCHER = re.compile(r"^(.+?):(?:(\d+):(?:(\d+):)?)? (error|warning|note): (.*)$")


def test_errors_warnings_and_notes_carry_their_severity(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE + "syftet: Att pröva\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    lines = result.err.splitlines()
    assert f"{source}:9:1: error: syftet: unknown key 'syftet' (did you mean 'syfte'?)" in lines
    assert all(MATCHER.match(line) for line in lines), lines
    assert result.out == "checked 1 source: 1 error, 0 warnings, 0 notes; 1 failed\n"


def test_check_counts_warnings_and_notes_instead_of_saying_ok(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 0
    lines = result.err.splitlines()
    assert f"{source}:8: warning: deltagare.totalt: says 199, but 76 kvinnor + 143 män = 219" in lines
    notes = [line for line in lines if line.startswith(f"{source}: note: ")]  # no line: none is printed
    assert notes and all(MATCHER.match(line).group(4) == "note" for line in notes)
    assert result.out == f"checked 1 source: 0 errors, 1 warning, {len(notes)} notes\n"
    assert "ok" not in result.out


def test_check_format_json_gives_one_object_per_finding(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    text = run_cli("check", source)
    result = run_cli("check", source, "--format", "json")
    assert result.code == text.code == 0
    findings = [json.loads(line) for line in result.out.splitlines()]
    assert len(findings) == len(text.err.splitlines())
    assert findings[0] == {"file": str(source), "line": 8, "column": None, "key": "deltagare.totalt",
                           "severity": "warning", "message": "says 199, but 76 kvinnor + 143 män = 219"}
    assert {f["severity"] for f in findings[1:]} == {"note"} and all(f["line"] is None for f in findings[1:])
    assert result.err.splitlines() == [text.out.strip()]  # the count, apart from the findings


def test_check_format_json_on_an_error_exits_1(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text("namn: [\n", encoding="utf-8")
    result = run_cli("check", source, "--format", "json")
    assert result.code == 1
    (finding,) = [json.loads(line) for line in result.out.splitlines()]
    assert finding["severity"] == "error" and finding["key"] is None and finding["line"] == 2
    assert finding["message"].startswith("YAML syntax error")


def test_build_prints_the_same_lines(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0
    assert f"{source}:8: warning: deltagare.totalt: says 199, but 76 kvinnor + 143 män = 219" in result.err.splitlines()
