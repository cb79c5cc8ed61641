"""`slutrapport check` finds the real inconsistencies of the seeds, and the structured ones."""

from __future__ import annotations

import re

import pytest

from conftest import INPUTS, run_cli

BASE = """\
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
"""


def findings(stderr: str) -> list[str]:
    """Warnings and errors only (coverage notes aside)."""
    return [line for line in stderr.splitlines() if ": note: " not in line]


def test_seed_001_participant_arithmetic():
    result = run_cli("check", INPUTS / "framsteget-habo.yaml")
    assert result.code == 0
    (finding,) = findings(result.err)
    line = int(re.match(r".*?framsteget-habo\.yaml:(\d+): ", finding).group(1))
    assert "199 har skrivits ut; 143 män och 76 kvinnor" in (INPUTS / "framsteget-habo.yaml").read_text().splitlines()[line - 1]
    assert finding.endswith("warning: mål[4].resultat: “199 har skrivits ut; 143 män och 76 kvinnor”: 143 + 76 = 219, not 199")


def test_seed_004_used_share():
    result = run_cli("check", INPUTS / "resan-soderhamn.yaml")
    (finding,) = findings(result.err)
    line = int(re.match(r".*?resan-soderhamn\.yaml:(\d+): warning: ekonomi\.kommentar: ", finding).group(1))
    assert "blev 97% utnyttjade" in (INPUTS / "resan-soderhamn.yaml").read_text().splitlines()[line - 1]
    assert "84,0 % of the granted funds were used, not 97 %" in finding


@pytest.mark.parametrize("name", ["samverkan-gottsunda.yaml", "langsiktig-samverkan-alvkarleby.yaml"])
def test_nothing_on_consistent_reports(name):
    result = run_cli("check", INPUTS / name)
    assert result.code == 0 and findings(result.err) == []


def test_build_prints_findings_and_strict_fails(tmp_path):
    source = INPUTS / "resan-soderhamn.yaml"
    result = run_cli("build", source, "-o", tmp_path)
    assert result.code == 0 and "not 97 %" in result.err
    strict = run_cli("build", source, "--strict", "-o", tmp_path / "strict")
    assert strict.code == 1 and "not 97 %" in strict.err and not (tmp_path / "strict").exists()


@pytest.mark.parametrize("extra,severity,key,words", [
    ("deltagare:\n  kvinnor: 76\n  män: 143\n  totalt: 199\n", "warning", "deltagare.totalt",
     "says 199, but 76 kvinnor + 143 män = 219"),
    ("mål:\n  - mål: 80 % handlingsplan\n    mål_andel: 80 %\n    utfall: 157\n    av: 199\n    uppnått: ja\n",
     "warning", "mål[1].uppnått", "says 'ja', but 157 av 199 = 78,9\u00a0%, target 80,0\u00a0%: the goal is not met"),
    ("mål:\n  - mål: Minst 50 deltagare\n    mål_antal: 50\n    utfall: 51\n    uppnått: nej\n",
     "warning", "mål[1].uppnått", "says 'nej', but utfall 51, target 50: the goal is met"),
    ("mål:\n  - mål: Ett mål\n    utfall: 210\n    av: 199\n", "error", "mål[1].utfall", "utfall 210 is more than av 199"),
    ("ekonomi:\n  beviljat: 100 000\n  utnyttjat: 90 000\n  kostnader:\n    - post: Lön\n      utfall: 80 000\n",
     "warning", "ekonomi.utnyttjat", "says 90\u00a0000\u00a0kr, but the cost items' utfall add up to 80\u00a0000\u00a0kr"),
    ("ekonomi:\n  beviljat: 100 000\n  utnyttjat: 120 000\n", "warning", "ekonomi.utnyttjat",
     "120\u00a0000\u00a0kr used is more than the 100\u00a0000\u00a0kr granted (120,0\u00a0%)"),
    ("deltagare:\n  kvinnor: 5\n  män: 5\n  avslutade: 12\n", "error", "deltagare.avslutade",
     "12 ended, more than the 10 participants"),
    ("ekonomi:\n  beviljat: 1 250 000 kr\n  utnyttjat: 975,6 tkr\n  återförda_medel:\n    belopp: 1,2 mkr\n",
     "warning", "ekonomi.återförda_medel.belopp",
     "says 1\u00a0200\u00a0000\u00a0kr returned, but only 274\u00a0400\u00a0kr of the 1\u00a0250\u00a0000\u00a0kr "
     "granted were left unused (975\u00a0600\u00a0kr used)"),
])
def test_structured_findings(tmp_path, extra, severity, key, words):
    source = tmp_path / "prov.yaml"
    source.write_text(BASE + extra, encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    (finding,) = findings(result.err)
    assert re.match(rf"^{re.escape(str(source))}:\d+: {severity}: {re.escape(key)}: ", finding), finding
    assert finding.endswith(words), finding
    if severity == "error":
        assert result.code == 1 and not (tmp_path / "out").exists()
        assert finding.split(f"{key}: ", 1)[1] == words
    else:
        assert result.code == 0 and ": warning: " in finding


def test_consistent_figures_raise_nothing(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(BASE + "deltagare:\n  kvinnor: 76\n  män: 143\n  totalt: 219\n"
                      "mål:\n  - mål: 75 %\n    mål_andel: 75 %\n    utfall: 6\n    av: 8\n    uppnått: ja\n"
                      "ekonomi:\n  beviljat: 2 458 000 kr\n  utnyttjat: 2 064 312 kr\n"
                      "syfte: Av de beviljade medlen blev 84 % utnyttjade.\n", encoding="utf-8")
    result = run_cli("check", source)
    assert result.code == 0 and findings(result.err) == []
