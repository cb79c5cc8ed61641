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
- a tag Jinja cannot read (``{{ }}``, an unknown filter, an ``{% if %}`` never closed), and
  the damage typing does to a tag (a brace missing or one too many, ``{%tr`` outside a
  table, a name mistyped: with the nearest tag layout.yaml fills);
- a question whose wording is not found in the form, or not in the declared order.

Every paragraph is checked on its own, so that one broken tag hides nothing else. Then it
renders every example into the form, to prove that it renders, and writes the documents
only into the folder given with ``-o``, so that the förbund sees the result.
"""

from __future__ import annotations

import dataclasses
import difflib
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
    rendered: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def check(folder: Path, sources: list[Path], output_dir: Path | None) -> Report:
    """Lint the layout in ``folder`` and render ``sources`` into it (written into ``output_dir``
    when it is given). A broken layout.yaml still has its form's tags checked."""
    from engine import layouts

    report = Report([], [])
    try:
        layout = layouts.load(folder.name, folder)
    except LayoutError as exc:
        report.problems += exc.problems
        form = folder / "form.docx"
        if form.is_file() and not _unreadable(form, report):
            typing, paragraphs = _typing(form, list(_paragraphs(form)), {})
            report.problems += typing + _syntax(form, paragraphs)
        return report
    if not layout.template.is_file():
        report.problems.append(Problem(folder / "layout.yaml", None, None, "mall",
                                       f"no template {layout.template.name} in the folder"))
        return report
    if _unreadable(layout.template, report):
        return report
    typing, paragraphs = _typing(layout.template, list(_paragraphs(layout.template)), _declared(layout))
    report.problems += typing
    report.problems += _syntax(layout.template, paragraphs)
    report.problems += _tags(layout, paragraphs)
    order = {p.where: i for i, p in enumerate(paragraphs)}
    report.problems.sort(key=lambda p: (p.file != layout.template, order.get(p.path.split(" “")[0], len(order))))
    report.problems += _wording(layout, paragraphs)
    if not report.errors:
        _render_examples(layout, sources, output_dir, report)
    return report


def _unreadable(form: Path, report: Report) -> bool:
    """Is ``form`` no Word document python-docx can open? Said in ``report``."""
    import docx

    from engine.writers.docx import form_problem

    said = form_problem(form.read_bytes())
    if not said:
        try:
            docx.Document(str(form))
        except Exception as exc:  # not a Word document at all
            said = f"cannot be opened as a Word document ({type(exc).__name__}: {exc})"
    if said:
        report.problems.append(Problem(form, None, None, "", said))
    return bool(said)


# --- the form's paragraphs ----------------------------------------------------------------

@dataclass(frozen=True)
class _Paragraph:
    text: str    # as typed: tags repaired as the engine repairs them on loading
    where: str   # "paragraph 12", "table 2, row 3, cell 1", "header 1, paragraph 2", "text box 1, paragraph 1"
    cell: tuple | None  # (part, table, row, cell) for a paragraph in a table
    part: str = ""      # "header", "footer", "text box"; "" for the body
    as_typed: str | None = None  # the text before a damaged tag was taken as meant

    @property
    def quoted(self) -> str:
        """The paragraph's text as its author sees it, shortened, in quotes."""
        text = " ".join((self.text if self.as_typed is None else self.as_typed).split())
        return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _paragraphs(template: Path):
    """Every paragraph of the body, headers and footers (and the text boxes in them), in order,
    with where it is. A text box's paragraphs are its own, not its anchor's, and are read once:
    Word stores each text box twice, the second time for older programs (``mc:Fallback``)."""
    import docx

    document = docx.Document(str(template))
    parts = [("", "", document.element.body)]
    counts: dict[str, int] = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if not rel.is_external and kind in ("header", "footer"):
            counts[kind] = counts.get(kind, 0) + 1
            parts.append((kind, f"{kind} {counts[kind]}, ", rel.target_part.element))
    for kind, label, root in parts:
        tables = {t: n for n, t in enumerate(root.iter(f"{_W}tbl"), start=1)}
        boxes: dict = {}
        count = 0
        for p in root.iter(f"{_W}p"):
            if any(a.tag == f"{_MC}Fallback" for a in p.iterancestors()):
                continue
            own = [t for t in p.iter(f"{_W}t") if next(t.iterancestors(f"{_W}p")) is p]
            text = typed("".join(t.text or "" for t in own))
            box = next(p.iterancestors(f"{_W}txbxContent"), None)
            cell = _cell_of(p, tables)
            if box is not None:
                number, seen = boxes.setdefault(box, [len(boxes) + 1, 0])
                boxes[box][1] = seen + 1
                yield _Paragraph(text, f"{label}text box {number}, paragraph {seen + 1}", None, "text box")
            elif cell:
                table, row, column = cell
                yield _Paragraph(text, f"{label}table {table}, row {row}, cell {column}", (label, *cell), kind)
            else:
                count += 1
                yield _Paragraph(text, f"{label}paragraph {count}", None, kind)


def _cell_of(p, tables: dict):
    tc = next((a for a in p.iterancestors(f"{_W}tc")), None)
    if tc is None:
        return None
    tr = tc.getparent()
    tbl = tr.getparent()
    rows = [r for r in tbl if r.tag == f"{_W}tr"]
    cells = [c for c in tr if c.tag == f"{_W}tc"]
    return tables.get(tbl, 0), rows.index(tr) + 1, cells.index(tc) + 1


# --- what typing does to a tag ------------------------------------------------------------

_BRACES = re.compile(r"\{+[%#]?|[%#]?\}+")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_NAMED = re.compile(rf"{NAME}(?:\.{NAME})*")
_ROW_BLOCK = re.compile(r"{%-?(tr|tc)\s+(.*?)-?%}", re.S)
# What Word may put into a word unseen, which the engine's repair (writers/tags.py) leaves.
_HIDDEN_NAMES = {"\u00ad": "a soft hyphen", "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner",
                 "\u200d": "a zero-width joiner", "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space"}
_HIDDEN = re.compile(f"[{''.join(_HIDDEN_NAMES)}]")


def _tags_in(text: str) -> list[str]:
    """The tags of a paragraph, as Jinja reads them."""
    return [m.group(0) for m in re.finditer(r"{%.*?%}|{{.*?}}|{#.*?#}", text, re.S)]


def _spans(text: str):
    """The braces of a paragraph paired as typed: (start, end, opener, closer), the opener or
    the closer '' where it is missing; a closer without an opener starts at the name before it."""
    opened = None
    for m in _BRACES.finditer(text):
        if m.group()[0] == "{":
            if opened is not None:
                yield opened.start(), m.start(), opened.group(), ""
            opened = m
        elif opened is not None:
            yield opened.start(), m.end(), opened.group(), m.group()
            opened = None
        else:
            before = re.search(rf"({NAME}(?:\.{NAME})*)\s*$", text[:m.start()]) if "}" in m.group() and \
                "%" not in m.group() else re.search(r"[^{}]*$", text[:m.start()])
            yield (before.start() if before else m.start()), m.end(), "", m.group()
    if opened is not None:
        yield opened.start(), len(text), opened.group(), ""


def _nearest(name: str, candidates) -> str | None:
    """The candidate ``name`` was meant to be: the same but for case, or the closest (difflib)."""
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _suggestions(declared: dict) -> list[str]:
    """The tags one may type: layout.yaml's, a row's fields as ``goal.text`` (any loop variable)."""
    rows = {tag for tag, (spec, _) in declared.items() if spec.kind in ("rader", "lista")}
    return [tag for tag in declared if not any(tag.startswith(r + ".") for r in rows)]


def _typing(form: Path, paragraphs: list[_Paragraph], declared: dict) -> tuple[list[Problem], list[_Paragraph]]:
    """Tags damaged in typing, each named at its paragraph with its fix, and the paragraphs as if
    fixed, so that the other checks see what was meant: a brace missing or one too many (``{{ x }``,
    ``{ x }}``, ``{{ x``, ``x }}``, ``{x}``, ``{{{ x }}}``), a character one cannot see inside a tag,
    ``{%tr`` outside a table, a tag typed twice in one paragraph."""
    problems: list[Problem] = []
    fixed: list[_Paragraph] = []
    candidates = _suggestions(declared)
    fields = {tag.split(".", 1)[1] for tag in declared if "." in tag and tag not in candidates}

    def meant(name: str) -> tuple[str, str]:
        """``name`` as layout.yaml fills it, and the note saying so ('' where it is declared)."""
        head, _, field = name.partition(".")
        if name in candidates or (field and field in fields):
            return name, ""
        known = candidates + [f"{head}.{f}" for f in fields] if field else candidates
        nearest = _nearest(name, known)
        return (nearest, f"did you mean '{{{{ {nearest} }}}}'?") if nearest else (name, "")

    for paragraph in paragraphs:
        text, said = paragraph.text, []
        for start, end, opener, closer in reversed(list(_spans(paragraph.text))):
            if _PAIRS.get(opener) == closer:
                continue
            inner = paragraph.text[start + len(opener):end - len(closer)].strip()
            if opener in ("{", "") and closer in ("}", "") and not (opener and closer and _NAMED.fullmatch(inner)):
                continue  # a brace of the form's own text
            kind = "{%" if "%" in opener + closer else "{#" if "#" in opener + closer else "{{"
            if not closer and kind == "{{":
                inner = (_NAMED.match(inner) or re.match(r"\S*", inner)).group()
                end = start + len(opener) + paragraph.text[start + len(opener):].index(inner) + len(inner)
            note, prefix = "", re.match(r"(tr|tc|p|r)\s+(?=\S)", inner)  # docxtpl's {%tr …, {{p …
            own, inner = (prefix[1], inner[prefix.end():]) if prefix else ("", inner)
            if kind == "{{" and _NAMED.fullmatch(inner):
                inner, note = meant(inner)
            fix = f"{kind}{own} {inner} {_PAIRS[kind]}"
            typed_here = paragraph.text[start:end].strip()
            what = (f"has no {kind} before it" if not opener else
                    f"is never closed: its {_PAIRS[kind]} is missing (a tag is typed within one paragraph)"
                    if not closer else f"opens with {opener} instead of {kind}" if opener != kind else
                    f"closes with {closer} instead of {_PAIRS[kind]}")
            if not inner:
                said.insert(0, f"the tag {typed_here} {what}; delete it, or type a tag's name in it: {kind} name "
                               f"{_PAIRS[kind]}")
                continue
            said.insert(0, f"the tag {typed_here} {what}; " + (note or f"type {fix}"))
            text = text[:start] + fix + text[end:]
        for tag in _tags_in(text):
            hidden = _HIDDEN.search(tag)
            if hidden:
                said.append(f"the tag {tag} holds a character one cannot see ({_HIDDEN_NAMES[hidden[0]]}, "
                            f"U+{ord(hidden[0]):04X}); delete the tag and type it again")
                text = text.replace(tag, _HIDDEN.sub("", tag), 1)
                tag = _HIDDEN.sub("", tag)
            row = _ROW_BLOCK.fullmatch(tag)
            if row and paragraph.cell is None:
                what = "a table row" if row[1] == "tr" else "a table cell"
                said.append(f"{tag} stands outside a table: {{%{row[1]} … %}} repeats {what}, so it goes in a row of "
                            f"its own in the table; to repeat paragraphs type {{%p {row[2].strip()} %}}")
                text = text.replace(tag, f"{{%p {row[2].strip()} %}}", 1)
        problems += [Problem(form, None, None, f"{paragraph.where} {paragraph.quoted}", m) for m in said]
        expressions = [t for t in _tags_in(text) if t.startswith("{{")]
        for tag in dict.fromkeys(t for t in expressions if expressions.count(t) > 1):
            problems.append(Problem(form, None, None, f"{paragraph.where} {paragraph.quoted}",
                                    f"{tag} is typed {expressions.count(tag)} times in this paragraph; delete the "
                                    "one too many", "warning"))
        fixed.append(dataclasses.replace(paragraph, text=text, as_typed=paragraph.text))
    return problems, fixed


# --- template syntax ----------------------------------------------------------------------

_BLOCK = re.compile(r"{%-?\s*(?:(tr|tc|p|r)\s+)?(end)?(\w+)(.*?)-?%}", re.S)
_OPENS = {"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_INSIDE = {"elif": "if", "else": "if"}  # else also closes a for's body: accepted in both


def _syntax(form: Path, paragraphs: list[_Paragraph]) -> list[Problem]:
    """Jinja's errors, each at its paragraph: Jinja itself names a line of the form's joined XML,
    and only when rendering, once per example."""
    from engine.writers.docx import _environment

    environment = _environment()
    problems: list[Problem] = []
    open_blocks: list[tuple[str, _Paragraph, str]] = []  # (keyword, where, its tr/tc/p/r or '')

    def fail(paragraph: _Paragraph, message: str) -> None:
        problems.append(Problem(form, None, None, f"{paragraph.where} {paragraph.quoted}", message))

    def compiles(paragraph: _Paragraph, source: str) -> None:
        try:
            environment.from_string(source)
        except jinja2.TemplateError as exc:
            fail(paragraph, f"{(exc.message or type(exc).__name__).rstrip('.')}: fix the tag in the form")

    for paragraph in paragraphs:
        for tag in _tags_in(paragraph.text):
            if tag.startswith("{{"):
                compiles(paragraph, re.sub(r"^{{-?\s*[a-z]\s+(?=\S)", "{{ ", tag))
                continue
            block = _BLOCK.fullmatch(tag)
            if block is None:
                compiles(paragraph, tag)
                continue
            prefix, end, keyword, rest = block.groups()
            if end:
                if open_blocks and open_blocks[-1][0] == keyword:
                    open_blocks.pop()
                elif any(k == keyword for k, *_ in open_blocks):
                    opened, at, own = open_blocks.pop()
                    fail(at, f"{{% {opened} %}} is never closed: type {{%{own} end{opened} %}} before the "
                             f"{{% end{keyword} %}} of {paragraph.where}")
                    while open_blocks and open_blocks[-1][0] != keyword:
                        opened, at, own = open_blocks.pop()
                        fail(at, f"{{% {opened} %}} is never closed: type {{%{own} end{opened} %}} where it ends")
                    open_blocks.pop()
                else:
                    fail(paragraph, f"{{% end{keyword} %}} closes nothing: no {{% {keyword} %}} is open before "
                                    "it; delete it, or type the tag it closes")
            elif keyword in _OPENS or (keyword == "set" and "=" not in rest):  # {% set x %}…{% endset %}
                compiles(paragraph, f"{{% {keyword}{rest}%}}{{% end{keyword} %}}")
                open_blocks.append((keyword, paragraph, prefix or ""))
            elif keyword in _INSIDE:
                if not open_blocks or (open_blocks[-1][0] != "if" and not (keyword == "else"
                                                                           and open_blocks[-1][0] == "for")):
                    fail(paragraph, f"{{% {keyword} %}} outside an {{% if %}}: delete it, or type the {{% if %}} "
                                    "it belongs to")
                else:
                    compiles(paragraph, f"{{% if true %}}{{% {keyword}{rest}%}}{{% endif %}}")
            else:
                compiles(paragraph, tag)
    for opened, at, own in open_blocks:
        fail(at, f"{{% {opened} %}} is never closed: type {{%{own} end{opened} %}} where it ends")
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
    from engine import compute
    from engine.layouts.pieces import template_figures
    from engine.model import Insats

    found = set()

    def walk(value, path):
        found.add(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")

    blank = Insats.model_validate({"namn": "x", "förbund": "x", "insatsägare": "x"})
    walk(template_figures(compute.figures(blank)), "figures")
    return found


def _tags(layout, paragraphs: list[_Paragraph]) -> list[Problem]:
    declared = _declared(layout)
    rows = {tag for tag, (spec, _) in declared.items() if spec.kind in ("rader", "lista")}
    figures = _figures()
    problems: list[Problem] = []
    used: set[str] = set()
    answers: dict[str, _Paragraph] = {}  # an answer tag → where it stands first
    loops: list[tuple[str, str, str, _Paragraph]] = []  # (variable, rows tag, kind, where)
    form = layout.template

    def fail(paragraph: _Paragraph, message: str, severity: str = "error") -> None:
        problems.append(Problem(form, None, None, f"{paragraph.where} {paragraph.quoted}", message, severity))

    for paragraph in paragraphs:
        for tag in _tags_in(paragraph.text):
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
                if any(loop_path == owner for _, loop_path, *_ in loops):
                    owner = None  # a field the rows do not have
                typed_name = expression.group(1)
                nearest = _nearest(typed_name, _suggestions(declared) + [f"{v}.{f.split('.', 1)[1]}" for v, row, *_ in
                                                                         loops for f in declared if f.startswith(row + ".")])
                if nearest:
                    used.add(_resolve(nearest, loops))  # said here, not again as a tag with no place
                fail(paragraph, f"tag '{typed_name}' is not filled by layout.yaml"
                     + (f"; did you mean '{{{{ {nearest} }}}}'?" if nearest else
                        f"; '{owner}' holds rows: loop over them ({{% for x in {owner} %}})" if owner else
                        "; declare it under a question's 'tagg:' or under 'taggar:'"))
                continue
            field_of = next((r for r in rows if path.startswith(r + ".")), None)
            if field_of and not any(loop_path == field_of for _, loop_path, _, _ in loops):
                fail(paragraph, f"'{path}' is a field of the rows '{field_of}', used outside a loop over them")
            if spec[0].kind == "svar" and paragraph.part == "text box":
                fail(paragraph, f"the answer tag {tag} stands in a text box, whose size is fixed: a long answer is cut "
                                "off where the box ends; move the tag into the body of the form", "warning")
            elif spec[0].kind == "svar" and paragraph.part:
                fail(paragraph, f"the answer tag {tag} stands in a {paragraph.part}, which can hold a line of text "
                                "but not an answer's paragraphs, lists and tables; move it into the body of the form")
            elif spec[0].kind == "svar" and path in answers:
                fail(paragraph, f"the answer tag {tag} stands also at {answers[path].where}: the answer is shown twice; "
                                "delete the one too many", "warning")
            answers.setdefault(path, paragraph)
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
    """Each question's wording in the form, in the declared order: the longest run of questions
    found one after another in the form stands, and each other question is named, as missing or
    as out of order, with where the form would have it. (The form's text without its tags.)"""
    form = layout.template.name
    text, starts = " ", []
    for p in paragraphs:
        starts.append(len(text))
        text += _normal(re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", p.text)) + " "

    def where(offset: int) -> str:  # the offset of the space before a wording
        return paragraphs[max(i for i, start in enumerate(starts) if start <= offset + 1)].where

    questions = layout.questions
    found = [[m.start() for m in re.finditer(re.escape(f" {_normal(q.label)} "), text)] for q in questions]
    # best[i][k]: the longest run in order ending with question i at its k-th place, and the step before it
    best: list[list[tuple[int, tuple | None]]] = []
    for i, places in enumerate(found):
        best.append([max([(1, None)] + [(best[j][m][0] + 1, (j, m)) for j in range(i) for m, at in enumerate(found[j])
                                          if at < place], key=lambda b: b[0]) for place in places])
    end = max(((b[0], (i, k)) for i, row in enumerate(best) for k, b in enumerate(row)), default=(0, None))[1]
    placed: dict[int, int] = {}
    while end is not None:
        placed[end[0]] = found[end[0]][end[1]]
        end = best[end[0]][end[1]][1]
    problems = []
    for i, q in enumerate(questions):
        if i in placed:
            continue
        before = max((j for j in placed if j < i), default=None)
        after = (f"after “{questions[before].label}” (line {questions[before].line}, {where(placed[before])})"
                 if before is not None else "first")
        said = (f"this wording stands in {form} at {where(found[i][0])}, out of the declared order: layout.yaml "
                f"lists it {after}; put the questions in the form's order" if found[i] else
                f"this wording is not in {form}, where layout.yaml has it {after}; write the question as the form "
                "has it")
        problems.append(Problem(layout.folder / "layout.yaml", q.line, None, f"“{q.label}”", said))
    return problems


# --- rendering the examples ---------------------------------------------------------------

def _render_examples(layout, sources: list[Path], output_dir: Path | None, report: Report) -> None:
    """Render every source into the form, proving it renders; write the documents only into ``output_dir``."""
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
        report.rendered += 1
        if output_dir is None:
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

