"""Layouts: one förbund form each, as a folder: ``layout.yaml`` and the template ``.docx``.

``layout.yaml`` holds the förbund's details (name, edition, template file) and the
declaration of the form (:mod:`engine.layouts.declaration`): its questions in order and
wording and what fills each tag. Nothing in the engine knows a form by name. A form that
needs more than the declaration can say may carry ``layout.py`` beside it, with
``context(insats, data, context) -> dict`` adjusting the context the declaration gave; the
shipped layouts need none.

Layout folders are looked up in ``SLUTRAPPORT_TEMPLATES`` (a förbund's own folder of
layouts) first, then in the ones shipped with the engine: ``engine/templates/`` inside an
installed package (the wheel carries the checkout's ``templates/`` there), or the
checkout's ``templates/`` itself when running from a clone.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.resources
import importlib.util
import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType

from engine.errors import Problem
from engine.layouts.declaration import Declaration, LayoutError, Question, group_of, keys, read, sums
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
    declaration: Declaration
    hook: ModuleType | None = None  # layout.py, where the declaration cannot say it all

    @property
    def template(self) -> Path:
        return self.folder / self.data.get("mall", "form.docx")

    def properties(self, insats) -> dict:
        """Document properties (title, author …): what a PDF's metadata and an archive show."""
        properties = {
            "title": f"Slutrapport – {insats.name}" if insats.name else "Slutrapport",
            "author": insats.owner.organisation or "",
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

    def context(self, insats, figures=None) -> dict:
        """The template's context for ``insats`` (``figures``: its computed figures, where the
        caller has them already, as a build does)."""
        from engine import compute
        from engine.layouts import fill
        from engine.layouts.pieces import template_figures

        figures = figures or compute.figures(insats)
        context = {"figures": template_figures(figures), **fill.context(self.declaration, insats, figures, self.data)}
        return self.hook.context(insats, self.data, context) if self.hook else context

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.declaration.questions

    def answered_by(self, question: Question, charts: bool = True) -> list[str]:
        """The source keys whose values the form shows for ``question``, itself or added up
        (``charts``: also in charts, which a Markdown heading naming the question does not fill)."""
        return list(dict.fromkeys(k for spec in question.tags.values() for k in keys(spec, charts=charts) + sums(spec)))

    @cached_property
    def shown(self) -> set[str]:
        """Every source key whose values the form shows somewhere, in a question or beside them."""
        return {k for spec in self.declaration.all_tags.values() for k in keys(spec)}

    @cached_property
    def placed(self) -> set[str]:
        """Every source key the form has a place for: shown, or shown added up."""
        return self.shown | {k for spec in self.declaration.all_tags.values() for k in sums(spec)}

    def withheld(self, insats, figures) -> dict[str, str]:
        """Keys only tags whose ``när:`` does not hold for ``insats`` would place → that condition:
        left out of this document as surely as keys the form has no place for."""
        from engine.layouts import fill

        tags = self.declaration.all_tags.values()
        failing = [spec for spec in tags if spec.when is not None and not fill.holds(spec, insats, figures, self.data)]
        if not failing:
            return {}
        held = [spec for spec in tags if spec not in failing]
        placed = {k for spec in held for k in keys(spec) + sums(spec)}
        out: dict[str, str] = {}
        for spec in failing:
            when = spec.when
            said = f"{when.part.ref} är {'inte ' if when.negated else ''}{when.value}"
            for key in keys(spec) + sums(spec):
                if key not in placed:
                    out.setdefault(key, said)
        return out

    @cached_property
    def shown_as_totals(self) -> dict[str, str]:
        """Keys the form shows only added up → the question where the sum stands."""
        out: dict[str, str] = {}
        for question in self.questions:
            for spec in question.tags.values():
                for key in sums(spec):
                    if not any(p == key or p.startswith(key + ".") for p in self.shown):
                        out.setdefault(key, question.label)
        return out


@cache
def folders() -> dict[str, Path]:
    """Each layout id → its folder: the folders with a ``layout.yaml``."""
    found: dict[str, Path] = {}
    for root in reversed(roots()):  # the user's own folder last, so that it wins
        if not root.is_dir():
            continue
        for d in root.iterdir():
            if not d.name.startswith(".") and (d / "layout.yaml").is_file():
                found[d.name] = d
    return dict(sorted(found.items()))


def available() -> list[str]:
    """Ids of the layouts that can be used."""
    return list(folders())


@cache
def get(layout_id: str) -> Layout:
    """The layout ``layout_id``; raises KeyError for an unknown one, LayoutError for a broken one."""
    folder = folders().get(layout_id)
    if folder is None:
        raise KeyError(layout_id)
    return load(layout_id, folder)


def load(layout_id: str, folder: Path) -> Layout:
    """The layout in ``folder``, its declaration read and checked; raises LayoutError."""
    from engine.sources import read_source
    from engine.errors import SourceError

    from engine.sources import EMPTY_FILE
    from engine.sources.yaml_source import EMPTY, NOT_A_MAPPING

    file = folder / "layout.yaml"
    empty = ("empty: a layout gives the förbund's details (förbund:, blankett:, mall:) and the form's questions under "
             "'frågor:' (see the README)")
    said = {EMPTY: empty, EMPTY_FILE: empty,
            NOT_A_MAPPING: "expected the förbund's details and 'frågor:' (förbund: …, frågor: …), not a list or a "
                           "single value"}
    try:
        located = read_source(file)
    except SourceError as exc:  # read as a source is, but named as what it is
        raise LayoutError([dataclasses.replace(p, message=said.get(p.message, p.message)) for p in exc.problems]) \
            from None
    if not isinstance(located.data, dict):
        raise LayoutError([Problem(file, 1, None, "", said[NOT_A_MAPPING])])
    declaration = read(located)
    return Layout(layout_id, folder, located.data, declaration, _hook(folder))


def _hook(folder: Path) -> ModuleType | None:
    """``layout.py`` of a layout folder, run as the förbund's own code: the escape hatch."""
    path = folder / "layout.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"slutrapport_layout_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise LayoutError([Problem(path, None, None, "", f"cannot be run ({type(exc).__name__}: {exc})")]) from None
    if not callable(getattr(module, "context", None)):
        raise LayoutError([Problem(path, None, None, "", "has no function context(insats, data, context)")])
    return module


@cache
def question_headings() -> dict[str, tuple[tuple, ...]]:
    """Every layout's question wording → the source fields it may stand for as a heading, best
    first: the group all its keys lie in, then each key it shows (a reader takes the first it
    can read prose into)."""
    headings: dict[str, tuple[tuple, ...]] = {}
    for layout_id in available():
        try:
            layout = get(layout_id)
        except LayoutError:  # reported when it is used; its headings are not known meanwhile
            continue
        for question in layout.questions:
            answered = layout.answered_by(question, charts=False)
            group = group_of(answered)
            keys = [tuple(k.split(".")) for k in answered]
            if group:  # a question about one group (deltagare) is answered by its own keys before its parts'
                keys.sort(key=len)
            candidates = ([tuple(group.split("."))] if group else []) + keys
            if candidates:
                headings.setdefault(question.label, tuple(dict.fromkeys(candidates)))
    return headings
