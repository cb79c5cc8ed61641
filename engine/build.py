"""Building a batch of sources: what to redo, in parallel, and what to tell the author.

``run`` takes the sources (files or folders), skips those whose outputs are up to date
(see :mod:`engine.manifest`), builds the rest — over all cores for larger batches — then
makes the PDFs in one converter batch, and ends with a summary. One failing source never
stops the others.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from engine.errors import Problem, SourceError
from engine.layouts.declaration import LayoutError
from engine.writers.files import OutputError

SOURCE_SUFFIXES = (".yaml", ".yml", ".md")
PARALLEL_FROM = 4  # sources; below this a process pool costs more than it saves
UNWRITTEN = 4      # exit status: an output could not be written (open in Word, no permission, disk full)


@dataclass(frozen=True)
class Options:
    command: str = "build"          # build | check | render (the documents in memory only: serve's preview)
    forbund: str | None = None      # a layout id, "all", or None for the source's own
    strict: bool = False
    output_dir: Path = Path("outputs")
    formats: frozenset = frozenset({"docx"})
    converter: str = "auto"
    soffice: str | None = None      # LibreOffice's soffice, where it is not found by itself
    servers: tuple[str, ...] | None = None  # converter servers (HOST:PORT); None: SLUTRAPPORT_CONVERTER_SERVERS's
    force: bool = False
    overwrite: bool = False         # replace outputs changed since they were built, and files not ours
    jobs: int = 0                   # worker processes; 0 = one per core
    findings: str = "text"          # text (one line each, on stderr) | json (one JSON object a line, on stdout)
    progress: bool = True           # a progress bar for batches on a terminal (serve builds behind its pages: none)

    def key(self) -> str:
        from engine.manifest import options_key

        return options_key(forbund=self.forbund, strict=self.strict, formats=self.formats, converter=self.converter)


@dataclass
class Outcome:
    source: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False
    layouts: dict[str, Path] = field(default_factory=dict)
    unwritten: list[str] = field(default_factory=list)  # outputs that could not be written, and why
    source_digest: str | None = None                    # of the source's bytes as they were read
    digests: dict[Path, str] = field(default_factory=dict)  # each output written, and its bytes' digest
    setup: bool = False                                  # failed for a broken layout, not for the source
    inputs: dict[str, str] = field(default_factory=dict)  # files beside the source it shows (pictures) → digest
    rendered: dict[str, bytes] = field(default_factory=dict)  # command render: layout id → the document, unwritten


@dataclass
class Summary:
    built: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)  # source → first error line
    pdf_status: int = 0
    unwritten: list[str] = field(default_factory=list)     # outputs that could not be written, and why
    setup: bool = False                                    # a layout could not be used

    @property
    def status(self) -> int:
        return max(1 if self.failed else 0, 2 if self.setup else 0, self.pdf_status,
                   UNWRITTEN if self.unwritten else 0)


#: A top-level key of a report's front matter: what tells a report in Markdown from notes or a README.
_REPORT_KEY = re.compile(r"(namn|förbund|insatsägare)[ \t]*:", re.MULTILINE)


def is_report(path: Path) -> bool:
    """Whether a Markdown file in a folder is a report source: it opens with front matter that
    holds one of the report's own keys. A file that cannot be read counts as one (and fails as such),
    and so do an empty one (most likely a report whose save failed) and a document of another kind
    (a Word file renamed .md): never skipped unseen."""
    if path.suffix.lower() != ".md":
        return True
    try:
        with path.open("rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return True
    from engine.sources import not_text

    if not head.strip() or not_text(head, path) is not None:
        return True  # empty, or a document of another kind: named as such when it is built
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8-sig", errors="replace")
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff").replace("\r\n", "\n"))
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return False
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), len(lines))
    return bool(_REPORT_KEY.search("\n".join(lines[1:end])))


def skipped_note(path: Path) -> Problem:
    from engine.sources import double_suffix

    named = double_suffix(path)
    if named:
        return Problem(path, None, None, "", f"skipped: {named}", "note")
    return Problem(path, None, None, "", "skipped: not a report source (no front matter with namn, förbund or "
                                         "insatsägare); name it on the command line to build it all the same", "note")


def expand(paths: list[Path], skipped: list[Path] | None = None) -> list[Path]:
    """Folders stand for the sources directly inside them — less Markdown files that are no report
    (notes, a README) and sources saved with a suffix added (``rapport.yaml.txt``), which go into
    ``skipped`` — and a source named twice is built once."""
    from engine.sources import double_suffix

    files: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if (p.suffix.lower() in SOURCE_SUFFIXES or double_suffix(p))
                           and p.is_file())
            for p in [p for p in found if double_suffix(p) or not is_report(p)]:
                found.remove(p)
                if skipped is not None and p not in skipped:
                    skipped.append(p)
        else:
            found = [path]
        for p in found:
            try:
                files.setdefault(p.resolve(), p)
            except (OSError, RuntimeError):  # a link that loops: reported as such when it is built
                files.setdefault(p.absolute(), p)
    return list(files.values())


def _layouts_for(source: Path, insats, located, wanted: str | None) -> list:
    from engine import layouts
    from engine.forbund import Unresolved, resolve

    if wanted == "all":
        return [layouts.get(layout_id) for layout_id in layouts.available()]
    try:
        return [layouts.get(wanted or resolve(insats.forbund))]
    except (KeyError, Unresolved) as exc:
        line, col = located.mark(("förbund",))
        why = str(exc) if isinstance(exc, Unresolved) else f"unknown förbund {wanted!r}"
        raise SourceError([Problem(source, line, col, "förbund", why)]) from None


class LayoutBroken(Exception):
    """A layout's template cannot be used: a set-up problem, not the source's."""


def process(source: Path, options: Options, protected: dict[str, str] | None = None) -> Outcome:
    """Validate one source and, for ``build``, write one .docx per layout (for ``render``, keep
    each in ``Outcome.rendered``). Never raises.

    ``protected``: outputs not to replace (edited since built, or not ours), and why."""
    outcome = Outcome(source)
    guarded(outcome, lambda: _process(source, options, outcome, protected or {}))
    return outcome


def guarded(outcome: Outcome, work) -> None:
    """Run ``work()`` for ``outcome.source``; what goes wrong (the source's problems, a broken
    layout, a bug) fails the outcome with one located line each, never a traceback."""
    source = outcome.source
    try:
        work()
    except SourceError as exc:
        outcome.failed, outcome.problems = True, outcome.problems + exc.problems
    except LayoutBroken as exc:
        outcome.failed, outcome.setup = True, True
        outcome.problems.append(Problem(Path(str(exc.args[0])), None, None, "", exc.args[1]))
    except LayoutError as exc:  # the layout's declaration: the förbund's to fix, named in its layout.yaml
        outcome.failed, outcome.setup = True, True
        outcome.problems += exc.problems
    except RecursionError:
        outcome.failed = True
        outcome.problems.append(Problem(source, None, None, "", "nested too deeply to be read (lists or groups "
                                                                "inside each other hundreds of levels down); flatten it"))
    except Exception as exc:  # a bug must not take the batch, or a traceback, to the author
        outcome.failed = True
        outcome.problems.append(Problem(source, None, None, "", f"internal error ({type(exc).__name__}: {exc}); "
                                                                "please report it with this source"))


def not_a_file(path: Path) -> str:
    """Why ``path``, which is no regular file, cannot be read as one: a pipe would block the build
    for ever and a device (``/dev/zero``) never end, so neither is opened."""
    try:
        path.stat()
    except OSError as exc:
        if path.is_symlink():
            return "a link that leads nowhere, or to itself"
        return "no such file" if isinstance(exc, FileNotFoundError) else f"cannot be read: {exc.strerror or exc}"
    return ("not a regular file (a pipe, a device or a folder); a source is a .yaml, .yml or .md file: "
            "name the file itself")


def _process(source: Path, options: Options, outcome: Outcome, protected: dict[str, str]) -> None:
    from engine import checks, compute, coverage
    from engine.loader import load
    from engine.manifest import source_fingerprint

    if not source.is_file():
        raise SourceError([Problem(source, None, None, "", not_a_file(source))])
    try:  # what the manifest records: a source saved again while it builds is built again next time
        outcome.source_digest = source_fingerprint(source.read_bytes())
    except OSError as exc:
        raise SourceError([Problem(source, None, None, "", f"cannot be read: {exc.strerror or exc}")]) from None
    insats, located = load(source, options.forbund)
    from engine.manifest import content_digest

    outcome.inputs = {str(located.image_files[src]): content_digest(data) for src, data in located.images.items()}
    chosen = _layouts_for(source, insats, located, options.forbund)
    figures = compute.figures(insats)  # once: the checks, the coverage and every layout read them
    problems = checks.check(insats, located, figures)
    data = insats.model_dump(by_alias=True)  # once for every layout's notes
    for layout in chosen:
        problems += coverage.report(insats, located, layout, figures, options.strict, data)
    if any(p.severity == "error" for p in problems) or (problems and options.strict):
        raise SourceError(problems)
    outcome.problems = problems
    jobs = [(layout, layout.context(insats, figures)) for layout in chosen]
    if options.command == "check":
        return

    from engine.manifest import content_digest
    from engine.writers.files import write_atomic

    for layout, context in jobs:
        if options.command == "render":
            outcome.rendered[layout.id] = _render(layout, context, insats, located.images)
            outcome.layouts[layout.id] = layout.folder
            continue
        target = options.output_dir / f"{source.stem}.{layout.id}.docx"
        if target.resolve() == source.resolve():
            raise SourceError([Problem(source, None, None, "", "refusing to overwrite the source with its output")])
        data = _render(layout, context, insats, located.images)
        if str(target) in protected and not _holds(target, data):
            outcome.unwritten.append(protected[str(target)])  # kept as it is: the user's, or not ours
            continue
        try:
            write_atomic(target, data)
        except OutputError as exc:  # this document stays as it was; the others are still written
            outcome.unwritten.append(str(exc))
            continue
        outcome.written.append(target)
        outcome.digests[target] = content_digest(data)
        outcome.layouts[layout.id] = layout.folder


def _render(layout, context: dict, insats, images: dict | None = None) -> bytes:
    """The filled-in form; a template that cannot be used is the layout's fault, named as such."""
    import zipfile

    import jinja2
    from lxml import etree

    from engine import layouts
    from engine.writers.docx import FormError, render

    try:
        return render(layout.template, context, layout.properties(insats), images)
    except (OSError, zipfile.BadZipFile, KeyError, jinja2.TemplateError, etree.XMLSyntaxError, ValueError) as exc:
        own = layouts.own()
        fix = (f"check it with: slutrapport template check {layout.folder}"
               if own is not None and layout.folder.resolve().is_relative_to(own.resolve())
               else "the layout folder is damaged: reinstall slutrapport or repair the layout")
        said = str(exc) if isinstance(exc, FormError) else f"{type(exc).__name__}: {exc}"
        raise LayoutBroken(layout.template, f"cannot be used as the {layout.id} form ({said}); {fix}") from None


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data`` (then leaving it is writing it)."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def forget_templates() -> None:
    """Drop what this process remembers of the layouts' folders, after one of them changed."""
    from engine import layouts, manifest
    from engine.writers import docx

    for cached in (layouts.folders, layouts.get, layouts.question_headings, manifest.layout_fingerprint,
                   docx._template_bytes):
        cached.cache_clear()


def _layout_folder(layout_id: str) -> Path | None:
    from engine import layouts

    return layouts.folders().get(layout_id)


def _folded(name: str) -> str:
    """A file name as Windows, macOS and OneDrive compare names: without case, and composed
    (macOS folds a decomposed ö into the one letter)."""
    return unicodedata.normalize("NFC", name).casefold()


def _clashes(sources: list[Path]) -> dict[Path, str]:
    """Sources whose outputs would take the name of an earlier source's, and what to say: the same
    stem (``a.yaml`` and ``a.md``), or stems that differ only where a case-insensitive disk does
    not look (``Rapport.yaml`` and ``rapport.md``, a sync conflict's copy), where one document
    would silently replace the other."""
    seen: dict[str, Path] = {}
    clashes = {}
    for source in sources:
        earlier = seen.setdefault(_folded(source.stem), source)
        if earlier is source:
            continue
        if earlier.stem == source.stem:
            clashes[source] = f"its outputs would have the same names as those of {earlier}; rename one of them"
        else:
            how = ("in how a letter is encoded (composed or decomposed, as macOS saves å, ä and ö), which macOS cannot "
                   "keep apart" if unicodedata.normalize("NFC", earlier.stem) == unicodedata.normalize("NFC", source.stem)
                   else "in upper and lower case, which Windows, macOS and OneDrive cannot keep apart")
            clashes[source] = (f"its outputs' names differ from those of {earlier} only {how}: one document would "
                               "replace the other; rename one of them")
    return clashes


def each(work, todo: list[Path], jobs: int = 0, what: str = "building", progress: bool = True) -> list:
    """``work(source)`` for every source, in order; over ``jobs`` worker processes (0: one per
    core) for larger batches, with a progress bar on a terminal (unless not ``progress``).
    ``work`` must never raise."""
    jobs = jobs or os.cpu_count() or 1
    shown = len(todo) if progress else 0
    if len(todo) < PARALLEL_FROM or jobs == 1:
        with _progress(shown, what) as advance:
            outcomes = []
            for source in todo:
                outcomes.append(work(source))
                advance()
            return outcomes
    from engine.processes import completed, leave_with_parent, task

    results: dict[Path, object] = {}
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=leave_with_parent,
                               initargs=(os.getpid(),))
    try:
        with _progress(shown, what) as advance:
            pending = {pool.submit(task, work, source): source for source in todo}
            for future in completed(pending):
                results[pending[future]] = future.result()
                advance()
    except BaseException:
        # Interrupted: drop what has not started and stop the workers; each removes its temporary file.
        workers = list((pool._processes or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:  # gone, so that what each left is known to be no one's (see run)
            worker.join(5)
        raise
    pool.shutdown()
    return [results[source] for source in todo]


class _progress:
    """A progress bar on a terminal for batches; nothing otherwise (the plain lines follow)."""

    def __init__(self, total: int, what: str = "building"):
        self.total, self.what, self.bar = total, what, None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=self.total)
        return self.advance

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _protected(source: Path, options: Options, manifest) -> dict[str, str]:
    """The outputs ``source`` may make that are not to be replaced, each with the line that says
    why and what to do: changed since built, not written by this tool, or another source's."""
    from engine import layouts

    protected = {}
    for layout_id in layouts.available():
        for suffix in ("docx", "pdf"):
            path = options.output_dir / f"{source.stem}.{layout_id}.{suffix}"
            if path.is_dir():  # never replaced, --overwrite or not: the tool removes no folder
                protected[str(path)] = (f"{path}: is a folder, where this document would be written; kept as it is. "
                                        "Move or rename the folder, or build into another folder with -o")
                continue
            if options.overwrite:
                continue
            state = manifest.state(path)
            if state.kind == "edited":
                protected[str(path)] = (f"{path}: changed since it was built (edited in Word, signed?); kept as it is. "
                                        "To replace it, move it away or build with --overwrite")
            elif state.kind == "foreign":
                protected[str(path)] = (f"{path}: exists and was not written by slutrapport; kept as it is. "
                                        "Move it away, or build with --overwrite to replace it")
            elif state.source not in (None, manifest.key(source)) and Path(state.source).exists():
                protected[str(path)] = (f"{path}: was built from {state.source}; {source} would replace it. Build "
                                        "them into different folders (-o), or rename one of them")
    return protected


def _counted(problems: list[Problem]) -> str:
    """``1 error, 2 warnings, 0 notes``: the closing line of ``check``."""
    counts = []
    for severity in ("error", "warning", "note"):
        n = sum(p.severity == severity for p in problems)
        counts.append(f"{n} {severity}{'' if n == 1 else 's'}")
    return ", ".join(counts)


def run(paths: list[Path], options: Options, out=print, err=None) -> Summary:
    """Build or check ``paths``; print what happened; return the summary. Interrupted, nothing
    this build (or a worker it stopped) was writing stays behind in the output folder: a signal
    can land between a temporary file's making and the ``try`` that would remove it."""
    try:
        return _run(paths, options, out, err)
    except BaseException:
        if options.command == "build":
            from engine.writers.files import sweep

            sweep(options.output_dir, own=True)
        raise


def _run(paths: list[Path], options: Options, out=print, err=None) -> Summary:
    err = err or (lambda line: print(line, file=sys.stderr))
    if options.findings == "json":
        import json

        def report(problem: Problem) -> None:
            out(json.dumps(problem.as_json(), ensure_ascii=False))
    else:
        def report(problem: Problem) -> None:
            err(str(problem))
    skipped: list[Path] = []
    sources = expand(paths, skipped)
    summary = Summary()
    reported: list[Problem] = []
    for path in skipped:
        reported.append(skipped_note(path))
        report(reported[-1])
    manifest = None
    if options.command == "build":
        from engine.manifest import Manifest
        from engine.writers.files import sweep

        sweep(options.output_dir)
        manifest = Manifest(options.output_dir)
        if manifest.warning:
            err(f"slutrapport: warning: {manifest.warning}")
    clashes = _clashes(sources)
    todo, protected = [], {}
    for source in sources:
        if source in clashes:
            clash = Problem(source, None, None, "", clashes[source])
            summary.failed[source] = str(clash)
            reported.append(clash)
            report(clash)
        elif (manifest is not None and not options.force
              and manifest.up_to_date(source, options.key(), _layout_folder)):
            summary.up_to_date.append(source)
            for line in manifest.findings(source):  # unfixed findings do not vanish on a rebuild
                err(line)
            for path in manifest.edited(source):
                err(f"{path}: note: changed since it was built; kept as it is (build with --overwrite to replace it)")
        else:
            todo.append(source)
            if manifest is not None:
                protected.update(_protected(source, options, manifest))

    outcomes = each(partial(process, options=options, protected=protected), todo, options.jobs,
                    progress=options.progress)
    documents = []
    for outcome in outcomes:
        for problem in outcome.problems:
            report(problem)
        reported += outcome.problems
        if outcome.failed:
            errors = [p for p in outcome.problems if p.severity == "error"] or outcome.problems
            summary.failed[outcome.source] = str(errors[0]) if errors else "failed"
            summary.setup |= outcome.setup
            if manifest is not None:
                manifest.forget(outcome.source)
                stale = [p for p in manifest.outputs_of(outcome.source) if p.exists()]
                if stale:
                    err(f"{outcome.source}: note: not built, so its documents from the last good build are out of "
                        f"date: {', '.join(p.name for p in stale)}")
            continue
        for path in outcome.written:
            out(f"wrote {path}")
        for line in outcome.unwritten:
            err(line)
        summary.unwritten += outcome.unwritten
        documents += outcome.written

    pdfs: dict[Path, Path] = {}
    if options.command == "build" and "pdf" in options.formats and documents:
        wanted = [d for d in documents if str(d.with_suffix(".pdf")) not in protected]
        for d in documents:
            if d not in wanted:
                summary.unwritten.append(protected[str(d.with_suffix(".pdf"))])
                err(summary.unwritten[-1])
        pdfs = _make_pdfs(wanted, options, summary, out, err) if wanted else {}

    if manifest is not None:
        _record(outcomes, pdfs, options, manifest, summary, out, err)
        try:
            manifest.save()
        except OutputError as exc:
            summary.unwritten.append(f"{exc}; the next build rebuilds everything")
            err(summary.unwritten[-1])
    if options.command == "build" and (len(sources) > 1 or summary.up_to_date):
        _print_summary(summary, out)
    if options.command == "check":
        closing = (f"checked {len(sources)} source{'' if len(sources) == 1 else 's'}: {_counted(reported)}"
                   + (f"; {len(summary.failed)} failed" if summary.failed else ""))
        (err if options.findings == "json" else out)(closing)
    return summary


def _record(outcomes: list[Outcome], pdfs: dict[Path, Path], options: Options, manifest, summary: Summary,
            out, err) -> None:
    """Put what was built on record; remove this tool's PDFs that a new .docx has made stale."""
    from engine.manifest import content_digest

    for outcome in outcomes:
        if outcome.failed:
            continue
        digests = dict(outcome.digests)
        for document in outcome.written:
            if document in pdfs:
                digests[pdfs[document]] = content_digest(pdfs[document].read_bytes())
            elif "pdf" not in options.formats:
                _stale_pdf(document.with_suffix(".pdf"), outcome.source, manifest, out, err)
        complete = not outcome.unwritten and ("pdf" not in options.formats
                                              or all(d in pdfs for d in outcome.written))
        if not complete:  # something is missing: try again next time
            manifest.forget(outcome.source)
            manifest.record_files(outcome.source, outcome.source_digest, digests)
            continue
        summary.built.append(outcome.source)
        findings = [str(p) for p in outcome.problems]
        manifest.record(outcome.source, outcome.source_digest, options.key(), outcome.layouts, digests, findings,
                        outcome.inputs)


def _stale_pdf(path: Path, source: Path, manifest, out, err) -> None:
    """A PDF of an earlier build beside a new .docx that this build made no PDF of."""
    state = manifest.state(path)
    if state.kind == "ours" and state.source in (None, manifest.key(source)):
        try:
            path.unlink()
        except OSError:
            pass
        else:
            manifest.drop(path)
            out(f"removed {path}: older than its new .docx (build with --pdf to make it again)")
            return
    if state.kind == "edited":
        err(f"{path}: note: older than its new .docx; kept, as it was changed after it was built")


def _make_pdfs(documents: list[Path], options: Options, summary: Summary, out, err) -> dict[Path, Path]:
    """Convert the documents just written in one batch; .docx → .pdf."""
    from engine.writers import pdf

    try:
        result = pdf.convert(documents, options.converter, soffice=options.soffice, servers=options.servers)
    except pdf.ConverterMissing as exc:
        err(f"slutrapport: {exc}; the .docx files are written")
        summary.pdf_status = 3
        return {}
    for note in result.notes:
        err(f"slutrapport: {note}")
    left = [d for d in documents if result.gone and result.failed.get(d) == result.gone]
    if left:  # one line for all of them
        err(f"slutrapport: {result.gone}; {len(left)} PDF{'' if len(left) == 1 else 's'} not made, "
            "the .docx files are written")
    for document in documents:
        if document in left:
            continue
        if document in result.converted:
            out(f"wrote {result.converted[document]}")
        elif document in result.unwritten:
            summary.unwritten.append(result.unwritten[document])
            err(result.unwritten[document])
        else:
            err(f"{document}: could not make a PDF: {result.failed.get(document, 'unknown error')}")
    if result.converted and result.pdfa is None:
        err(f"slutrapport: note: {result.converter} made plain PDFs, not PDF/A; install LibreOffice for "
            "archivable PDF/A-2b")
    summary.pdf_status = 3 if result.failed else 0
    return result.converted


def _print_summary(summary: Summary, out) -> None:
    parts = [f"{len(summary.built)} built", f"{len(summary.up_to_date)} up to date", f"{len(summary.failed)} failed"]
    if summary.unwritten:
        parts.append(f"{len(summary.unwritten)} not written")
    out(", ".join(parts))
    # One broken form fails every source built into it with the same line: say it once, counted.
    for line, count in Counter(summary.failed.values()).items():
        out(f"  failed: {line}" + (f" ({count} sources)" if count > 1 else ""))
    for line in summary.unwritten:
        out(f"  not written: {line}")
