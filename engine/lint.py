"""``slutrapport template check FOLDER``: is a layout folder a working form?

A förbund officer makes a layout from the förbund's own blank form: tags typed into the
.docx in Word, and ``layout.yaml`` saying which question each tag answers. This finds what
would go wrong when reports are rendered into it, each as ``FILE: where: message``:

- the declaration itself (unknown keys, source keys the model does not have);
- tags in the form that layout.yaml does not fill, and tags layout.yaml fills that have no
  place in the form;
- an answer tag sharing its paragraph with other text (an answer is paragraphs of its own);
- rows (goals, parties) used outside a loop, or looped inside a table without ``{%tr``, so
  that the table cannot grow;
- a tag Jinja cannot read (``{{ }}``, an unknown filter, an ``{% if %}`` never closed);
- a question whose wording is not found in the form.

Then it renders every example into the form, so that the förbund sees the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from engine.errors import Problem
from engine.layouts.declaration import NAME, LayoutError, Spec
from engine.writers.tags import typed

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_EXPRESSION = re.compile(rf"{{{{\s*(?:[a-z]\s+)?({NAME}[\w.]*)\s*}}}}")
_FOR = re.compile(r"{%\s*(tr|tc|p|r)?\s*for\s+(\w+)\s+in\s+([\w.]+)\s*%}")
_ENDFOR = re.compile(r"{%\s*(?:tr|tc|p|r)?\s*endfor\s*%}")


@dataclass
class Report:
    problems: list[Problem]
    written: list[Path]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def check(folder: Path, sources: list[Path], output_dir: Path | None) -> Report:
    """Lint the layout in ``folder`` and render ``sources`` into it (into ``output_dir``)."""
    from engine import layouts

    report = Report([], [])
    try:
        layout = layouts.load(folder.name, folder)
    except LayoutError as exc:
        report.problems += exc.problems
        return report
    if not layout.template.is_file():
        report.problems.append(Problem(folder / "layout.yaml", None, None, "mall",
                                       f"no template {layout.template.name} in the folder"))
        return report
    from engine.writers.docx import form_problem

    unreadable = form_problem(layout.template.read_bytes())
    if unreadable:
        report.problems.append(Problem(layout.template, None, None, "", unreadable))
        return report
    try:
        paragraphs = list(_paragraphs(layout.template))
    except Exception as exc:  # not a Word document at all
        report.problems.append(Problem(layout.template, None, None, "",
                                       f"cannot be opened as a Word document ({type(exc).__name__}: {exc})"))
        return report
    report.problems += _syntax(layout.template, paragraphs)
    report.problems += _tags(layout, paragraphs)
    report.problems += _wording(layout, paragraphs)
    if not report.errors and output_dir is not None:
        _render_examples(layout, sources, output_dir, report)
    return report


# --- the form's paragraphs ----------------------------------------------------------------

@dataclass(frozen=True)
class _Paragraph:
    text: str    # as typed: tags repaired as the engine repairs them on loading
    where: str   # "paragraph 12", "table 2, row 3, cell 1", "header 1, paragraph 2"
    cell: tuple | None  # (part, table, row, cell) for a paragraph in a table


def _paragraphs(template: Path):
    """Every paragraph of the body, headers and footers, in order, with where it is."""
    import docx

    document = docx.Document(str(template))
    parts = [("", document.element.body)]
    for i, rel in enumerate(r for r in document.part.rels.values() if not r.is_external
                            and r.reltype.rsplit("/", 1)[-1] in ("header", "footer")):
        parts.append((f"{rel.reltype.rsplit('/', 1)[-1]} {i + 1}, ", rel.target_part.element))
    for label, root in parts:
        tables = {t: n for n, t in enumerate(root.iter(f"{_W}tbl"), start=1)}
        count = 0
        for p in root.iter(f"{_W}p"):
            text = typed("".join(t.text or "" for t in p.iter(f"{_W}t")))
            cell = _cell_of(p, tables)
            if cell:
                table, row, column = cell
                yield _Paragraph(text, f"{label}table {table}, row {row}, cell {column}", (label, *cell))
            else:
                count += 1
                yield _Paragraph(text, f"{label}paragraph {count}", None)


def _cell_of(p, tables: dict):
    tc = next((a for a in p.iterancestors(f"{_W}tc")), None)
    if tc is None:
        return None
    tr = tc.getparent()
    tbl = tr.getparent()
    rows = [r for r in tbl if r.tag == f"{_W}tr"]
    cells = [c for c in tr if c.tag == f"{_W}tc"]
    return tables.get(tbl, 0), rows.index(tr) + 1, cells.index(tc) + 1


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


# --- template syntax ----------------------------------------------------------------------

_BLOCK = re.compile(r"{%-?\s*(?:(?:tr|tc|p|r)\s+)?(end)?(\w+)(.*?)-?%}", re.S)
_OPENS = {"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_INSIDE = {"elif": "if", "else": "if"}  # else also closes a for's body: accepted in both


def _syntax(form: Path, paragraphs: list[_Paragraph]) -> list[Problem]:
    """Jinja's errors, each at its paragraph: Jinja itself names a line of the form's joined XML,
    and only when rendering, once per example."""
    from engine.writers.docx import _environment

    environment = _environment()
    problems: list[Problem] = []
    open_blocks: list[tuple[str, _Paragraph]] = []

    def fail(paragraph: _Paragraph, message: str) -> None:
        problems.append(Problem(form, None, None, f"{paragraph.where} {_short(paragraph.text)}", message))

    def compiles(paragraph: _Paragraph, source: str) -> None:
        try:
            environment.from_string(source)
        except jinja2.TemplateError as exc:
            fail(paragraph, f"{(exc.message or type(exc).__name__).rstrip('.')}: fix the tag in the form")

    for paragraph in paragraphs:
        for match in re.finditer(r"{%.*?%}|{{.*?}}", paragraph.text):
            tag = match.group(0)
            if tag.startswith("{{"):
                compiles(paragraph, re.sub(r"^{{-?\s*[a-z]\s+(?=\S)", "{{ ", tag))
                continue
            block = _BLOCK.fullmatch(tag)
            if block is None:
                compiles(paragraph, tag)
                continue
            end, keyword, rest = block.groups()
            if end:
                if open_blocks and open_blocks[-1][0] == keyword:
                    open_blocks.pop()
                elif any(k == keyword for k, _ in open_blocks):
                    opened, at = open_blocks.pop()
                    fail(at, f"{{% {opened} %}} is never closed: type {{% end{opened} %}} before the "
                             f"{{% end{keyword} %}} of {paragraph.where}")
                    while open_blocks and open_blocks[-1][0] != keyword:
                        opened, at = open_blocks.pop()
                        fail(at, f"{{% {opened} %}} is never closed: type {{% end{opened} %}} where it ends")
                    open_blocks.pop()
                else:
                    fail(paragraph, f"{{% end{keyword} %}} closes nothing: no {{% {keyword} %}} is open before "
                                    "it; delete it, or type the tag it closes")
            elif keyword in _OPENS or (keyword == "set" and "=" not in rest):  # {% set x %}…{% endset %}
                compiles(paragraph, f"{{% {keyword}{rest}%}}{{% end{keyword} %}}")
                open_blocks.append((keyword, paragraph))
            elif keyword in _INSIDE:
                if not open_blocks or (open_blocks[-1][0] != "if" and not (keyword == "else"
                                                                           and open_blocks[-1][0] == "for")):
                    fail(paragraph, f"{{% {keyword} %}} outside an {{% if %}}: delete it, or type the {{% if %}} "
                                    "it belongs to")
                else:
                    compiles(paragraph, f"{{% if true %}}{{% {keyword}{rest}%}}{{% endif %}}")
            else:
                compiles(paragraph, tag)
    for opened, at in open_blocks:
        fail(at, f"{{% {opened} %}} is never closed: type {{% end{opened} %}} where it ends")
    return problems


# --- tags ---------------------------------------------------------------------------------

def _declared(layout) -> dict[str, tuple[Spec, str]]:
    """Every tag path layout.yaml fills (rows' fields as ``goals.label``) → (spec, whose)."""
    owners = [(q.tags, f"“{q.label}”") for q in layout.questions] + [(layout.declaration.tags, "taggar")]
    out = {}
    for tags, whose in owners:
        for tag, spec in tags.items():
            out[tag] = (spec, whose)
            out.update({f"{tag}.{name}": (field, whose) for name, field in spec.fields.items()})
    return out


def _figures() -> set[str]:
    """The paths of the computed figures every template may use (``figures.economy.used_kr``)."""
    from engine.layouts.pieces import figures
    from engine.model import Insats

    found = set()

    def walk(value, path):
        found.add(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")

    walk(figures(Insats.model_validate({"namn": "x", "förbund": "x", "insatsägare": "x"})), "figures")
    return found


def _tags(layout, paragraphs: list[_Paragraph]) -> list[Problem]:
    declared = _declared(layout)
    rows = {tag for tag, (spec, _) in declared.items() if spec.kind in ("rader", "lista")}
    figures = _figures()
    problems: list[Problem] = []
    used: set[str] = set()
    loops: list[tuple[str, str, str, _Paragraph]] = []  # (variable, rows tag, kind, where)
    form = layout.template

    def fail(paragraph: _Paragraph, message: str, severity: str = "error") -> None:
        problems.append(Problem(form, None, None, f"{paragraph.where} {_short(paragraph.text)}", message, severity))

    for paragraph in paragraphs:
        for match in re.finditer(r"{%.*?%}|{{.*?}}", paragraph.text):
            tag = match.group(0)
            if (loop := _FOR.fullmatch(tag)):
                kind, variable, iterable = loop.groups()
                path = _resolve(iterable, loops)
                used.add(path)
                if path not in rows and not path.startswith("figures."):
                    fail(paragraph, f"loops over '{iterable}', which layout.yaml does not fill with rows "
                                    "(rader:) or a list (lista:)")
                loops.append((variable, path, kind or "", paragraph))
                continue
            if _ENDFOR.fullmatch(tag):
                if loops:
                    loops.pop()
                continue
            if tag.startswith("{%"):
                for name in re.findall(rf"\b{NAME}[\w.]*\b", tag[2:-2]):
                    if name.split(".")[0] in {v for v, *_ in loops} | {t.split(".")[0] for t in declared}:
                        used.add(_resolve(name, loops))
                continue
            expression = _EXPRESSION.fullmatch(tag)
            if expression is None:
                continue  # an expression of the template's own ({{ a + b }}): rendered as it is
            path = _resolve(expression.group(1), loops)
            used.add(path)
            if path.startswith("figures"):
                if path not in figures:
                    fail(paragraph, f"'{expression.group(1)}' is not a computed figure")
                continue
            spec = declared.get(path)
            if spec is None:
                if path in {v for v, *_ in loops}:
                    continue
                owner = next((r for r in rows if path.startswith(r + ".")), None)
                fail(paragraph, f"tag '{expression.group(1)}' is not filled by layout.yaml"
                     + (f"; '{owner}' holds rows: loop over them ({{% for x in {owner} %}})" if owner else
                        "; declare it under a question's 'tagg:' or under 'taggar:'"))
                continue
            field_of = next((r for r in rows if path.startswith(r + ".")), None)
            if field_of and not any(loop_path == field_of for _, loop_path, _, _ in loops):
                fail(paragraph, f"'{path}' is a field of the rows '{field_of}', used outside a loop over them")
            if spec[0].kind == "svar" and paragraph.text.replace(tag, "", 1).strip():
                fail(paragraph, f"the answer tag {tag} must stand alone in its paragraph: an answer is "
                                "paragraphs (lists, tables) of its own; move the other text to a paragraph before it")
            if field_of and paragraph.cell:
                loop = next(lp for lp in reversed(loops) if lp[1] == field_of)
                inside = loop[3].cell is not None and loop[3].cell[:2] == paragraph.cell[:2]  # in this table
                if inside and loop[2] not in ("tr", "tc") and loop[3].cell != paragraph.cell:
                    fail(paragraph, f"this table cannot grow: the rows of '{field_of}' are looped over with "
                                    f"{{% for %}} outside the table row; write {{%tr for {loop[0]} in {field_of} %}} "
                                    "in a row of its own above the row, and {%tr endfor %} below it")
    for path, (spec, whose) in declared.items():
        if path in used or any(u.startswith(path + ".") for u in used):
            continue
        parent = path.rsplit(".", 1)[0] if "." in path else None
        if parent in declared and parent not in used:
            continue  # the rows themselves are reported
        problems.append(Problem(layout.folder / "layout.yaml", None, None, whose,
                                f"tag '{path}' has no place in {form.name}; type {{{{ {path.rsplit('.', 1)[-1]} }}}} "
                                "where its answer goes" if parent in rows else
                                f"tag '{path}' has no place in {form.name}; type {{{{ {path} }}}} where its answer goes"))
    return problems


def _resolve(name: str, loops: list) -> str:
    """``goal.label`` inside ``{% for goal in goals %}`` → ``goals.label``."""
    head, _, rest = name.partition(".")
    for variable, path, *_ in reversed(loops):
        if head == variable:
            return f"{path}.{rest}" if rest else path
    return name


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _wording(layout, paragraphs: list[_Paragraph]) -> list[Problem]:
    """A question whose wording is not in the form: layout.yaml's copy is wrong, or the form changed."""
    text = _normal(" ".join(p.text for p in paragraphs))
    return [Problem(layout.folder / "layout.yaml", q.line, None, f"“{q.label}”",
                    f"this wording is not in {layout.template.name}; write the question as the form has it",
                    "warning")
            for q in layout.questions if _normal(q.label) not in text]


# --- rendering the examples ---------------------------------------------------------------

def _render_examples(layout, sources: list[Path], output_dir: Path, report: Report) -> None:
    from engine.errors import SourceError
    from engine.loader import load
    from engine.writers.docx import FormError, render
    from engine.manifest import made_here
    from engine.writers.files import OutputError, write_atomic

    failures: dict[str, list[str]] = {}  # a template's error is the same for every example: said once
    for source in sources:
        try:
            insats, _located = load(source)
        except SourceError as exc:
            report.problems += exc.problems
            continue
        try:
            data = render(layout.template, layout.context(insats), layout.properties(insats))
        except (jinja2.TemplateError, ValueError, KeyError) as exc:
            said = str(exc) if isinstance(exc, FormError) else f"{type(exc).__name__}: {exc}"
            failures.setdefault(said, []).append(source.name)
            continue
        target = output_dir / f"{source.stem}.{layout.id}.docx"
        if target.exists() and not made_here(target):  # the user's own file, or one edited in Word
            report.problems.append(Problem(target, None, None, "", "kept: not written by slutrapport, or changed "
                                                                   "since; choose another folder with -o", "warning"))
            continue
        try:
            write_atomic(target, data)
        except OutputError as exc:
            report.problems.append(Problem(target, None, None, "", str(exc)))
            continue
        report.written.append(target)
    for said, names in failures.items():
        which = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        report.problems.append(Problem(layout.template, None, None, "", f"rendering {which} fails ({said})"))


def examples() -> list[Path]:
    """The example sources shipped with the engine (in the package, else the checkout's inputs/)."""
    import importlib.resources

    packaged = importlib.resources.files("engine").joinpath("examples")
    folder = Path(str(packaged)) if packaged.is_dir() else Path(__file__).resolve().parents[1] / "inputs"
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml", ".md"))

