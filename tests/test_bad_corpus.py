"""tests/bad/: every broken source gets exit 1, its exact one-line message, no traceback, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

BAD = Path(__file__).resolve().parent / "bad"


def cases() -> list[tuple[str, str]]:
    lines = (BAD / "expected.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("#")]


def test_the_corpus_is_complete():
    names = {name for name, _ in cases()}
    assert len(names) >= 30
    assert names == {p.name for p in BAD.iterdir() if p.name != "expected.tsv"}


@pytest.mark.parametrize("name,expected", cases(), ids=[name for name, _ in cases()])
def test_broken_source(tmp_path, name, expected):
    source = BAD / name
    out = tmp_path / "out"
    result = run_cli("build", source, "-o", out)
    assert result.code == 1
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert result.err.splitlines()[0] == expected.replace("{file}", str(source))
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".slutrapport")]
