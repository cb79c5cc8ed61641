"""Nothing the author wrote is dropped without a note: every field of the model, in every layout.

The fields are walked from the model itself, so a field added later is covered without
anyone remembering to list it here. Each field is filled on its own (with the required keys
of the group it belongs to) and the document is compared with the same source without it:
the field must change what a reader sees, or the build must carry a note naming it.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from conftest import ROOT, text_lines
from engine import layouts
from engine.build import Options, process
from engine.loader import _model_of
from engine.model import Insats

BASE = {"namn": "Provinsatsen", "förbund": "uppsala", "insatsägare": {"organisation": "Tierps kommun"}}
STEERING = {"förbund"}  # picks the layout; prints nothing by itself
ATTACHMENT = "Svarbilaga.pdf"


def _sample(annotation, n: int):
    """A value of the field's type that a reader would recognise, distinct per field."""
    name = str(annotation)
    if name == "list[str]":  # insatstyp
        return "strukturinriktad"
    if "Verdict" in name:
        return f"Delvis (omdöme {n})"
    if "datetime.date" in name:
        return f"2023-04-{n % 28 + 1:02d}"
    if "Decimal" in name:
        return f"{100_000 + n * 1_111} kr"
    if "Target" in name:
        return "högst 9"
    if "int" in name:
        return 3 + n
    return f"Svar{n:03d}x"


def _required(model: type[BaseModel], n: int) -> dict:
    """The required keys of a group, filled, so that the group is valid with one more field."""
    return {f.alias: _sample(f.annotation, n) for f in model.model_fields.values() if f.is_required()}


def _leaves(model: type[BaseModel], path: tuple = ()):
    """(path of source keys, field annotation, the enclosing groups' required keys) per leaf."""
    for field in model.model_fields.values():
        key = path + (field.alias,)
        sub = _model_of(field.annotation)
        origin = typing.get_origin(field.annotation)
        if sub is not None:
            for leaf, annotation, needs in _leaves(sub, key + ((0,) if origin is list else ())):
                yield leaf, annotation, ([(key, origin is list, sub)] + needs)
        elif origin is dict:
            yield key + ("kategori",), typing.get_args(field.annotation)[1], []
        elif key[0] not in STEERING:
            yield key, field.annotation, []


def _fill(source: dict, path: tuple, value) -> None:
    node = source
    for part, nxt in zip(path, path[1:]):
        if isinstance(part, int):
            node = node[part]
            continue
        node = node.setdefault(part, [{}] if isinstance(nxt, int) else {})
    node[path[-1]] = value


def _source(leaf: tuple, needs: list, value=None) -> dict:
    source = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    for group, is_list, model in needs:
        for alias, sample in _required(model, 1).items():
            _fill(source, group + ((0,) if is_list else ()) + (alias,), sample)
    if value is not None:
        _fill(source, leaf, value)
    return source


def _build(folder: Path, source: dict) -> tuple[dict, list]:
    folder.mkdir(parents=True)
    (folder / ATTACHMENT).write_bytes(b"%PDF-1.4\n")  # a file a source names must be there
    path = folder / "insats.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    outcome = process(path, Options(forbund="all", output_dir=folder))
    assert not outcome.failed, [p.message for p in outcome.problems]
    return {layout: text_lines(folder / f"insats.{layout}.docx") for layout in outcome.layouts}, outcome.problems


LEAVES = list(_leaves(Insats))


def _reference() -> dict[str, dict[str, str]]:
    """docs/keys.md's key table: key (without []) → layout → its cell."""
    lines = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8").split("## Keys", 1)[1].splitlines()
    rows = [[c.strip() for c in line.strip().strip("|").split(" | ")] for line in lines if line.startswith("| ")]
    header, *body = rows
    ids = [c.strip("`") for c in header[3:]]
    return {row[0].strip("`").replace("[]", ""): dict(zip(ids, row[3:])) for row in body}


REFERENCE = _reference()


def _key(path: tuple) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int))


@pytest.mark.parametrize("leaf,annotation,needs", LEAVES, ids=[_key(leaf) for leaf, *_ in LEAVES])
def test_every_field_is_shown_or_noted_in_every_layout(tmp_path, leaf, annotation, needs):
    n = LEAVES.index((leaf, annotation, needs))
    value = ATTACHMENT if leaf[-1] == "fil" else _sample(annotation, n)
    without, _ = _build(tmp_path / "without", _source(leaf, needs))
    shown, problems = _build(tmp_path / "with", _source(leaf, needs, value))
    assert set(shown) == set(layouts.available())
    key = _key(leaf)
    said = [p for p in problems if "left out" in p.message and (key + ".").startswith(re.sub(r"\[\d+\]", "", p.path) + ".")]
    noted = {layout for layout in shown if any(f"the {layout} form " in p.message or p.severity != "note" for p in said)}
    dropped = [layout for layout in shown if shown[layout] == without[layout] and layout not in noted]
    assert not dropped, f"{key} = {value!r} is neither shown nor noted in: {dropped}"
    # The key reference (generated) says "—" exactly where the build notes the form has no place for it.
    row = REFERENCE[max((k for k in REFERENCE if (key + ".").startswith(k + ".")), key=len)]
    no_place = {layout for layout in shown if any(f"the {layout} form has no place" in p.message for p in said)}
    assert {layout for layout in shown if row[layout] == "—"} == no_place, f"docs/keys.md disagrees on {key}"
    if isinstance(value, str) and value.startswith("Svar"):
        for layout in set(shown) - noted:
            assert any(value in line for line in shown[layout]), f"{key}: {value!r} not as written in {layout}"
