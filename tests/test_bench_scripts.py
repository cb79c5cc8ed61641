"""The scripts in bench/ name only what the engine has: a rename in engine/ that leaves a
benchmark broken is caught here, not the next time someone measures (the benchmarks
themselves are run by hand, not by the tests: speed is never a timed assert)."""

from __future__ import annotations

import ast
import importlib

import pytest

from conftest import ROOT

SCRIPTS = sorted((ROOT / "bench").glob("*.py"))


def _engine_names(script):
    """(module, name) for every ``from engine… import name`` and ``engine.mod.name`` the script uses."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "engine":
            for alias in node.names:
                yield node.module, alias.name
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "engine":
                    aliases[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            yield aliases[node.value.id], node.attr


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_a_benchmark_names_only_what_the_engine_has(script):
    missing = []
    for module, name in _engine_names(script):
        try:
            found = importlib.import_module(module)
        except ModuleNotFoundError:
            missing.append(module)
            continue
        if not hasattr(found, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ModuleNotFoundError:
                missing.append(f"{module}.{name}")
    assert missing == [], f"{script.name} uses what engine/ no longer has: {missing}"
