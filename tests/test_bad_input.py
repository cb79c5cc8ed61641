"""Bad sources: one clear line per problem naming file, line and key; exit 1; nothing written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import listing, run_cli

GOOD = """\
namn: Liten insats
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
"""

# (name, source text or bytes, expected line number, expected key path, expected words)
CASES = [
    ("syntax", GOOD + "syfte: [oavslutad\nmål: x\n", None, "", "YAML syntax error"),
    ("wrong_type", GOOD + "deltagare:\n  kvinnor: många\n", 6, "deltagare.kvinnor", "not a count"),
    ("unknown_key", GOOD + "syftet: Att hjälpa\n", 5, "syftet", "unknown key 'syftet' (did you mean 'syfte'?)"),
    ("nested_unknown_key", GOOD + "insatstid:\n  startdatum: 2020-01-01\n", 6, "insatstid.startdatum",
     "did you mean 'start'?"),
    ("missing_required", GOOD.replace("förbund: uppsala\n", ""), 1, "förbund", "required"),
    ("bad_date", GOOD + "insatstid:\n  slut: 31/12 2021\n", 6, "insatstid.slut", "åååå-mm-dd"),
    ("bad_verdict", GOOD + "mål:\n  - mål: Ett mål\n    uppnått: kanske\n", 7, "mål[1].uppnått", "ja, nej, delvis"),
    ("bad_amount", GOOD + "ekonomi:\n  beviljat: mycket pengar\n", 6, "ekonomi.beviljat", "not an amount"),
    ("negative_amount", GOOD + "ekonomi:\n  utnyttjat: -100 kr\n", 6, "ekonomi.utnyttjat", "negative"),
    ("list_for_text", GOOD + "syfte:\n  - a\n  - b\n", 5, "syfte", "expected text"),
    ("duplicate_key", GOOD + "syfte: Ett\nsyfte: Två\n", 6, "syfte", "duplicate key (first given on line 5)"),
    ("python_tag", GOOD + "syfte: !!python/object/apply:os.system ['echo pwned']\n", 5, "syfte", "not allowed"),
    ("unknown_forbund", GOOD.replace("uppsala", "malmö"), 2, "förbund", "unknown förbund 'malmö'"),
    ("empty_partner", GOOD + "samverkansparter:\n  - organisation: ''\n", 6, "samverkansparter[1].organisation",
     "must not be empty"),
    ("list_root", "- namn: a\n- namn: b\n", 1, "", "must be a mapping"),
    ("empty", "", None, "", "the file is empty (0 bytes)"),
    ("latin1", (GOOD + "syfte: Förbättra\n").encode("cp1252"), 2, "", "not UTF-8"),
]


@pytest.mark.parametrize("name,text,line,key,words", CASES, ids=[c[0] for c in CASES])
def test_bad_source(tmp_path, name, text, line, key, words):
    source = tmp_path / f"{name}.yaml"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp_path / "out"
    result = run_cli("build", source, "-o", out)
    assert result.code == 1
    assert "Traceback" not in result.err and result.out == ""
    first = result.err.splitlines()[0]
    where = re.escape(str(source)) + (rf":{line}(:\d+)?" if line else r"(:\d+)*")
    assert re.match(rf"^{where}: error: " + (re.escape(key) + ": " if key else ""), first), first
    assert words in first
    assert not out.exists() or not any(out.iterdir())


def test_every_problem_is_reported(tmp_path):
    source = tmp_path / "many.yaml"
    source.write_text(GOOD + "syftet: x\ndeltagare:\n  män: tio\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 2
    assert ":5:1: error: syftet: unknown key" in lines[0] and ":7:" in lines[1] and "deltagare.män" in lines[1]


def test_one_bad_source_does_not_stop_the_others(tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD + "syftet: x\n", encoding="utf-8")
    result = run_cli("build", bad, good, "-o", tmp_path / "out")
    assert result.code == 1
    assert (tmp_path / "out" / "good.uppsala.docx").is_file()
    assert not (tmp_path / "out" / "bad.uppsala.docx").exists()


def test_failed_build_keeps_the_previous_output(tmp_path):
    source = tmp_path / "insats.yaml"
    source.write_text(GOOD, encoding="utf-8")
    assert run_cli("build", source, "-o", tmp_path).code == 0
    before = (tmp_path / "insats.uppsala.docx").read_bytes()
    source.write_text(GOOD + "syfte: [\n", encoding="utf-8")
    assert run_cli("build", source, "-o", tmp_path).code == 1
    assert (tmp_path / "insats.uppsala.docx").read_bytes() == before
    assert listing(tmp_path) == ["insats.uppsala.docx", "insats.yaml"]


def test_missing_file(tmp_path):
    result = run_cli("check", tmp_path / "finns-inte.yaml")
    assert result.code == 1 and "no such file" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("args", [[], ["build"], ["build", "x.yaml", "--forbund", "malmö"], ["frobnicate"]])
def test_usage_errors_exit_2(args):
    result = run_cli(*args)
    assert result.code == 2 and "usage:" in result.err


def test_check_writes_nothing(tmp_path):
    source = tmp_path / "insats.yaml"
    source.write_text(GOOD, encoding="utf-8")
    result = run_cli("check", source, cwd=tmp_path)
    notes = result.err.count(": note: ")
    assert result.code == 0 and notes and result.out == f"checked 1 source: 0 errors, 0 warnings, {notes} notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["insats.yaml"]


NOT_A_FILE = ("not a regular file (a pipe, a device or a folder); a source is a .yaml, .yml or .md file: "
              "name the file itself")


@pytest.mark.parametrize("kind", ["pipe", "device", "link to a device"])
def test_a_source_that_is_no_regular_file_is_named_as_such(tmp_path, kind):
    """A pipe named x.yaml, /dev/zero or a link to it: said for what it is, never read (a pipe
    would block the build for ever, a device never ends)."""
    if kind == "pipe":
        source = tmp_path / "x.yaml"
        os.mkfifo(source)
    elif kind == "device":
        source = Path("/dev/zero")
    else:
        source = tmp_path / "noll.yaml"
        source.symlink_to("/dev/zero")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines()[0] == f"{source}: error: {NOT_A_FILE}"
    assert not (tmp_path / "out").exists() or not listing(tmp_path / "out")


def test_a_picture_or_attachment_that_is_a_link_to_itself_is_named(tmp_path):
    source = tmp_path / "insats.yaml"
    source.write_text(GOOD + "syfte: |\n  Se ![diagram](slinga.png).\nbilagor:\n  - titel: Bilaga\n    fil: slinga.png\n",
                      encoding="utf-8")
    (tmp_path / "slinga.png").symlink_to("slinga.png")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err
    assert result.err.splitlines() == [
        f"{source}:6:17: error: syfte: 'slinga.png' cannot be opened: a link that leads nowhere, or to itself",
        f"{source}:9:5: error: bilagor[1].fil: 'slinga.png' cannot be opened: a link that leads nowhere, or to itself",
    ]
