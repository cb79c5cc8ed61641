"""Layouts: one förbund form each = a folder in ``templates/`` plus a mapping module here.

A layout folder holds ``layout.yaml`` (the förbund's data: names, edition, template file)
and the template ``.docx``; ``engine/layouts/<id>.py`` (dashes become underscores) turns an
:class:`~engine.model.Insats` into that template's context with ``context(insats, data)``.
Nothing else in the engine knows any form.
"""

from __future__ import annotations

import datetime
import importlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import yaml

#: Where layout folders live; ``SLUTRAPPORT_TEMPLATES`` points elsewhere (e.g. a förbund's own).
TEMPLATES = Path(os.environ.get("SLUTRAPPORT_TEMPLATES", Path(__file__).resolve().parents[2] / "templates"))


@dataclass(frozen=True)
class Layout:
    id: str
    folder: Path
    data: dict
    mapping: ModuleType

    @property
    def template(self) -> Path:
        return self.folder / self.data.get("mall", "form.docx")

    def properties(self, insats) -> dict:
        """Document properties (title, author …): what a PDF's metadata and an archive show."""
        properties = {
            "title": f"Slutrapport – {insats.name}",
            "author": insats.owner.organisation,
            "subject": ", ".join(filter(None, [self.data.get("blankett"), self.data.get("förbund")])),
            "language": "sv-SE",
        }
        # Dated by the report itself, never by the clock, so that rebuilds give equal bytes.
        signed = [p.signature.date for p in [insats.owner, *insats.partners] if p.signature.date]
        dated = insats.reporter.date or max(signed, default=None)
        if dated:
            moment = datetime.datetime.combine(dated, datetime.time(12, 0))
            properties.update(created=moment, modified=moment)
        return properties

    def context(self, insats) -> dict:
        from engine.layouts.common import figures

        return {"figures": figures(insats), **self.mapping.context(insats, self.data)}


@cache
def available() -> list[str]:
    """Ids of the layouts that have both a folder and a mapping."""
    return sorted(
        d.name for d in TEMPLATES.iterdir()
        if (d / "layout.yaml").is_file() and importlib.util.find_spec(f"{__name__}.{d.name.replace('-', '_')}")
    ) if TEMPLATES.is_dir() else []


@cache
def get(layout_id: str) -> Layout:
    """The layout ``layout_id``; raises KeyError for an unknown one."""
    if layout_id not in available():
        raise KeyError(layout_id)
    folder = TEMPLATES / layout_id
    data = yaml.safe_load((folder / "layout.yaml").read_text(encoding="utf-8")) or {}
    mapping = importlib.import_module(f"{__name__}.{layout_id.replace('-', '_')}")
    return Layout(layout_id, folder, data, mapping)


@cache
def question_headings() -> dict[str, tuple]:
    """Every layout's question wording that one source field answers alone → that field's path."""
    headings: dict[str, tuple] = {}
    for layout_id in available():
        for label, keys in get(layout_id).mapping.QUESTIONS:
            if len(keys) == 1:
                headings.setdefault(label, tuple(keys[0].split(".")))
    return headings
