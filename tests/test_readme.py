"""README stays true: its two commands come first and it documents every source key."""

from __future__ import annotations

import re

from pydantic import BaseModel

from conftest import ROOT
from engine.loader import _model_of
from engine.model import Insats

README = (ROOT / "README.md").read_text(encoding="utf-8")


def aliases(model: type[BaseModel]) -> set[str]:
    keys = set()
    for field in model.model_fields.values():
        keys.add(field.alias)
        sub = _model_of(field.annotation)
        if sub is not None:
            keys |= aliases(sub)
    return keys


def test_readme_opens_with_the_two_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make examples", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_source_key_is_in_the_key_reference():
    reference = README.split("### Key reference", 1)[1]
    documented = set(re.findall(r"`([\w\-åäöÅÄÖ]+)`", reference))
    documented |= {part for key in re.findall(r"`([\w\-.\[\]åäöÅÄÖ]+)`", reference)
                   for part in re.split(r"[.\[\]]+", key) if part}
    missing = aliases(Insats) - documented
    assert not missing, f"README's key reference lacks: {sorted(missing)}"
