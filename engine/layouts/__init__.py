"""Layouts: one förbund form each = a folder of layouts plus a mapping module here.

A layout folder holds ``layout.yaml`` (the förbund's data: names, edition, template file)
and the template ``.docx``; ``engine/layouts/<id>.py`` (dashes become underscores) turns an
:class:`~engine.model.Insats` into that template's context with ``context(insats, data)``.
Nothing else in the engine knows any form.

Layout folders are looked up in ``SLUTRAPPORT_TEMPLATES`` (a förbund's own folder of
layouts) first, then in the ones shipped with the engine: ``engine/templates/`` inside an
installed package (the wheel carries the checkout's ``templates/`` there), or the
checkout's ``templates/`` itself when running from a clone.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.resources
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import yaml

from engine.manifest import MARK

ENVIRONMENT = "SLUTRAPPORT_TEMPLATES"


def bundled() -> Path:
    """The layouts shipped with the engine: in the installed package, else in the checkout."""
    packaged = importlib.resources.files("engine").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def own() -> Path | None:
    """The folder ``SLUTRAPPORT_TEMPLATES`` names, if it is set."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    return Path(value).expanduser() if value else None


def roots() -> list[Path]:
    """Folders of layouts, first the user's own: a layout there replaces a shipped one of the same id."""
    return [folder for folder in (own(), bundled()) if folder is not None]


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
            "last_modified_by": MARK,  # how a later build tells this document from one saved by Word
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
def folders() -> dict[str, Path]:
    """Each layout id → its folder, for the layouts that have both a folder and a mapping."""
    found: dict[str, Path] = {}
    for root in reversed(roots()):  # the user's own folder last, so that it wins
        if not root.is_dir():
            continue
        for d in root.iterdir():
            if (_module(d.name).isidentifier() and (d / "layout.yaml").is_file()
                    and importlib.util.find_spec(f"{__name__}.{_module(d.name)}")):
                found[d.name] = d
    return dict(sorted(found.items()))


def _module(layout_id: str) -> str:
    return layout_id.replace("-", "_")


def available() -> list[str]:
    """Ids of the layouts that can be used."""
    return list(folders())


@cache
def get(layout_id: str) -> Layout:
    """The layout ``layout_id``; raises KeyError for an unknown one."""
    folder = folders().get(layout_id)
    if folder is None:
        raise KeyError(layout_id)
    data = yaml.safe_load((folder / "layout.yaml").read_text(encoding="utf-8")) or {}
    mapping = importlib.import_module(f"{__name__}.{_module(layout_id)}")
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
