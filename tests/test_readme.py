"""README stays true: its two commands come first, and it links the generated key reference."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make examples", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_key_reference_is_linked_not_copied():
    """The reference is generated (docs/keys.md, see test_reference): README points at it and
    keeps no hand-written copy that could drift."""
    assert "(docs/keys.md)" in README
    assert "| key | what it is |" not in README
