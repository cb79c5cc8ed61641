"""``slutrapport summary``: a förbund's board summary and follow-up record across its reports.

Every source (folders and files, found as ``build`` finds them) is read by
:func:`engine.loader.load`, its figures computed (:mod:`engine.compute`) and checked
(:mod:`engine.checks`), and turned into the follow-up record's rows (:mod:`engine.record`);
each insats counts once, by its latest report, and the filters keep what is asked for
(:mod:`engine.portfolio`). Into the output folder go:

- ``sammanstallning.docx`` and ``.pdf``: the board summary (:mod:`engine.writers.board`), the
  PDF made and finished as the reports' are (:mod:`engine.writers.pdf`);
- ``uppfoljning.xlsx``, ``uppfoljning-<table>.csv`` and ``uppfoljning.json``: the record
  (:mod:`engine.writers.record`).

Incremental: what each source gave is kept in the output folder (:data:`CACHE`) under the
fingerprint of its bytes, the pictures it shows, the engine and the layouts, so a run reads
again only the sources changed since, then writes the outputs anew; the PDF is made again
only when the document changed. A source that cannot be read, or whose figures have errors,
is left out, named in one line and in the document's data-quality section. Only files this
tool wrote are replaced (:mod:`engine.manifest`): one edited since, or not written by
slutrapport, is kept unless ``--overwrite``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import Problem, SourceError
from engine.portfolio import Filters, Report, Selection, select

CACHE = ".slutrapport-summary.json"
CACHE_FORMAT = 2  # 2: findings say whether they are of personal data
MAX_CACHE_BYTES = 256 * 1024 * 1024
DOCUMENT = "sammanstallning.docx"
WORKBOOK = "uppfoljning.xlsx"
RECORD_JSON = "uppfoljning.json"
#: Seconds LibreOffice may take for the document: a start, and a little per insats (500 make about 600 pages).
PDF_TIMEOUT = (60.0, 30.0)
PDF_SECONDS_PER_INSATS = 0.5


def csv_name(table) -> str:
    return f"uppfoljning-{table.file}.csv"


@dataclass(frozen=True)
class Options:
    output_dir: Path = Path("outputs")
    filters: Filters = Filters()
    converter: str = "auto"
    soffice: str | None = None
    overwrite: bool = False  # replace outputs changed since they were written, and files not ours
    jobs: int = 0            # worker processes for the sources to read; 0 = one per core
    allow_personal_data: bool = False  # take in a source that holds person-level data (engine.privacy)


@dataclass
class Result:
    reports: list[Report]
    selection: Selection
    read: int = 0                                          # sources read anew; the rest came from the cache
    written: list[Path] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)     # outputs kept or not written, and why
    pdf_status: int = 0
    setup: bool = False

    @property
    def status(self) -> int:
        from engine.build import UNWRITTEN

        return max(1 if self.selection.failed else 0, 2 if self.setup else 0, self.pdf_status,
                   UNWRITTEN if self.unwritten else 0)


# --- the period asked for ------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})(?:\s*[-: ]?\s*[Tt]([1-3]))?")


def period(text: str) -> tuple[dt.date, dt.date]:
    """``2023`` → the year; ``2023-T1`` (or ``2023T1``) → its first tertial, January–April."""
    match = _PERIOD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a period; give a year (2023) or a tertial (2023-T1, 2023-T2, 2023-T3)")
    year = int(match[1])
    if not match[2]:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = 4 * (int(match[2]) - 1) + 1
    last = dt.date(year + 1, 1, 1) if first == 9 else dt.date(year, first + 4, 1)
    return dt.date(year, first, 1), last - dt.timedelta(days=1)


# --- reading one source --------------------------------------------------------------------

@dataclass
class Read:
    """What reading one source gave: the report, and what the cache keeps it under."""

    report: Report
    digest: str | None = None                              # of the source's bytes; None where unreadable
    inputs: dict[str, str] = field(default_factory=dict)   # the pictures it shows → their digests
    setup: bool = False                                    # failed for a broken layout, not for the source


def read(source: Path, name: str | None = None) -> Read:
    """Load, compute and check one source into its record rows, named ``name`` in the record
    (the source as given, by default). Never raises: a source that cannot be read, or whose
    figures have errors, gives a failed report with its errors."""
    from engine.build import Outcome, guarded

    name = str(source) if name is None else name
    outcome = Outcome(source)
    report = Report(source, name)
    guarded(outcome, lambda: _read(source, outcome, report))
    if outcome.failed:
        errors = [p for p in outcome.problems if p.severity == "error"] or outcome.problems
        report = Report(source, name, findings=errors, failed=True)
    return Read(report, outcome.source_digest, outcome.inputs, outcome.setup)


def _read(source: Path, outcome, report: Report) -> None:
    from engine import checks, compute, coverage, layouts, record
    from engine.build import not_a_file
    from engine.forbund import Unresolved, name_of, resolve
    from engine.loader import load
    from engine.manifest import content_digest, source_fingerprint

    if not source.is_file():
        raise SourceError([Problem(source, None, None, "", not_a_file(source))])
    try:  # what the cache keeps the report under: a bad source stays left out until it changes
        outcome.source_digest = source_fingerprint(source.read_bytes())
    except OSError as exc:
        raise SourceError([Problem(source, None, None, "", f"cannot be read: {exc.strerror or exc}")]) from None
    insats, located = load(source)
    outcome.inputs = {str(located.image_files[src]): content_digest(data) for src, data in located.images.items()}
    figures = compute.figures(insats)  # once: the checks and the record's rows read them
    findings = checks.check(insats, located, figures)
    if any(p.severity == "error" for p in findings):  # figures that cannot be true: left out, as build refuses them
        raise SourceError(findings)
    try:  # the questions of the report's own form; a förbund without a layout has none to leave open
        layout = layouts.get(resolve(insats.forbund))
    except (Unresolved, KeyError):
        layout = None
    report.unanswered = coverage.unanswered(insats, layout) if layout is not None else []
    report.findings = findings
    report.rows = record.insats_rows(insats, figures, report.name, name_of(insats.forbund), findings, report.unanswered)


# --- the cache -----------------------------------------------------------------------------

def _stamp() -> str:
    """The engine's code and every layout: a change in either reads every source again."""
    from engine import layouts
    from engine.manifest import engine_fingerprint, layout_fingerprint

    parts = [engine_fingerprint()] + [f"{i}:{layout_fingerprint(f)}" for i, f in sorted(layouts.folders().items())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _problem(data: dict) -> Problem:
    from engine.privacy import PersonalData

    kind = PersonalData if data.get("personal") else Problem
    return kind(Path(data["file"]), data["line"], data["column"], data["key"] or "", data["message"], data["severity"])


def _problem_data(problem: Problem) -> dict:
    from engine.privacy import is_personal

    return {**problem.as_json(), "personal": is_personal(problem)}


def refused(report: Report) -> Report:
    """``report`` left out of the record for the person-level data it holds (each finding an
    error that says how to go on), or as it is where it holds none."""
    from engine.privacy import is_personal

    personal = [p for p in report.findings if is_personal(p)]
    if report.failed or not personal:
        return report
    fix = ("; the förbund may hold aggregate figures only: remove it from the source, or, where it is meant "
           "to be there, run summary with --allow-personal-data")
    errors = [Problem(p.file, p.line, p.column, p.path, p.message + fix, "error") for p in personal]
    return Report(report.source, report.name, findings=errors, failed=True)


class Cache:
    """What each source gave, under the fingerprint of its bytes, in the output folder. A cache
    that cannot be used (damaged, of another engine) is started anew: it only saves time."""

    def __init__(self, folder: Path):
        self.path = folder / CACHE
        self.stamp = _stamp()
        self.entries: dict[str, dict] = {}
        self.kept: dict[str, dict] = {}
        self.made: str | None = None      # what the outputs in the folder were made from (see _made)
        self.warning: str | None = None
        self.usable = not self.path.is_symlink() and (self.path.is_file() or not self.path.exists())
        if not self.usable:
            self.warning = (f"{self.path}: is not the cache this tool writes (a folder, a link or a pipe); every "
                            "source is read, and no cache is kept: move it away")
            return
        try:  # one far larger than any cache (1 000 reports take about 5 MB) is not read at all
            data = (json.loads(self.path.read_text(encoding="utf-8"))
                    if self.path.is_file() and self.path.stat().st_size <= MAX_CACHE_BYTES else None)
        except (OSError, ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and data.get("format") == CACHE_FORMAT and data.get("stamp") == self.stamp \
                and isinstance(data.get("sources"), dict):
            self.entries, self.made = data["sources"], data.get("made")

    @staticmethod
    def key(source: Path) -> str:
        from engine.manifest import Manifest

        return Manifest.key(source)

    def get(self, source: Path) -> Report | None:
        """The report ``source`` gave when its bytes (and pictures) were as they are now; None otherwise."""
        from engine import record
        from engine.manifest import file_digest, source_fingerprint

        entry = self.entries.get(self.key(source))
        try:
            if not entry or entry["name"] != str(source) or not source.is_file() \
                    or entry["digest"] != source_fingerprint(source.read_bytes()) \
                    or any(file_digest(Path(p)) != d for p, d in entry["inputs"].items()):
                return None
            report = Report(source, entry["name"], record.decode(entry["rows"]),
                            [_problem(p) for p in entry["findings"]], [tuple(q) for q in entry["unanswered"]],
                            entry["failed"])
        except (OSError, KeyError, TypeError, ValueError, AttributeError):
            return None
        self.kept[self.key(source)] = entry
        return report

    def put(self, source: Path, got: Read) -> None:
        from engine import record

        if got.digest is None or got.setup:  # unreadable, or a layout's fault: tried again next time
            return
        r = got.report
        self.kept[self.key(source)] = {"name": r.name, "digest": got.digest, "inputs": got.inputs,
                                       "rows": record.encode(r.rows), "findings": [_problem_data(p) for p in r.findings],
                                       "unanswered": [list(q) for q in r.unanswered], "failed": r.failed}

    def digest(self, source: Path) -> str | None:
        entry = self.kept.get(self.key(source))
        return entry["digest"] if entry else None

    def save(self) -> None:
        """Keep what this run's sources gave, and nothing else."""
        from engine.writers.files import write_atomic

        if self.usable:
            data = {"format": CACHE_FORMAT, "stamp": self.stamp, "sources": self.kept, "made": self.made}
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True,
                                               separators=(",", ":")).encode("utf-8"))


# --- the run -------------------------------------------------------------------------------

def run(paths: list[Path], options: Options, out=print, err=None) -> Result:
    """Summarise ``paths`` into ``options.output_dir``; print what happened. Interrupted, nothing
    this run was writing stays behind."""
    try:
        return _run(paths, options, out, err or (lambda line: print(line, file=sys.stderr)))
    except BaseException:
        from engine.writers.files import sweep

        sweep(options.output_dir, own=True)
        raise


def _run(paths: list[Path], options: Options, out, err) -> Result:
    from engine.build import each, expand, skipped_note
    from engine.manifest import Manifest
    from engine.writers.files import OutputError, sweep

    skipped: list[Path] = []
    sources = expand(paths, skipped)
    for path in skipped:
        err(str(skipped_note(path)))
    folder = options.output_dir
    sweep(folder)
    manifest = Manifest(folder)
    cache = Cache(folder)
    for warning in (manifest.warning, cache.warning):
        if warning:
            err(f"slutrapport: warning: {warning}")
    known = {source: cache.get(source) for source in sources}
    todo = [source for source, report in known.items() if report is None]
    setup = False
    for source, got in zip(todo, each(read, todo, options.jobs, "reading")):
        known[source] = got.report
        cache.put(source, got)
        setup |= got.setup
    reports = [known[source] for source in sources]
    if not options.allow_personal_data:  # no record of the förbund takes in data on a person
        reports = [refused(r) for r in reports]
    for report in reports:
        if report.failed:
            err(_failed_line(report))
    selection = select(reports, options.filters)
    result = Result(reports, selection, read=len(todo), setup=setup)
    made = _made(cache, sources, options.filters, options.allow_personal_data)
    if cache.made != made or not _all_there(folder, manifest):
        _write_all(selection, options, len(sources), manifest, result, out, err)
        cache.made = made if not (result.unwritten or result.pdf_status) else None
    for save, what in ((cache.save, "the cache"), (manifest.save, "the build record")):
        try:
            save()
        except OutputError as exc:
            result.unwritten.append(f"{exc}; the next summary reads every source again" if what == "the cache"
                                    else str(exc))
            err(result.unwritten[-1])
    out(_closing(result, len(sources)))
    return result


def _made(cache: Cache, sources: list[Path], filters: Filters, allow_personal_data: bool) -> str:
    """What the outputs follow from: the engine, the layouts, the filters and every source's
    bytes, in order. Equal, and the outputs still as written, there is nothing to write."""
    said = [cache.stamp, repr(filters), f"personal data allowed: {allow_personal_data}", *(f"{source}\n{cache.digest(source)}" for source in sources)]
    return hashlib.sha256("\n".join(said).encode()).hexdigest()


def _names() -> list[str]:
    from engine.record import TABLES

    return [DOCUMENT, str(Path(DOCUMENT).with_suffix(".pdf")), WORKBOOK, RECORD_JSON, *map(csv_name, TABLES)]


def _all_there(folder: Path, manifest) -> bool:
    """Every output is in the folder exactly as this tool wrote it."""
    return all(manifest.built_from(folder / name) is not None and manifest.state(folder / name).kind == "ours"
               for name in _names())


def _failed_line(report: Report) -> str:
    """One line for a source left out: its first error, and how many more ``check`` shows."""
    first, more = report.findings[0], len(report.findings) - 1
    return f"{first}" + (f" (and {more} more: slutrapport check {report.name})" if more else "") + \
        "; left out of the summary"


def _closing(result: Result, sources: int) -> str:
    s = result.selection
    n = len(s.counted)
    parts = [f"summary of {n} insats{'' if n == 1 else 'er'} from {sources} report{'' if sources == 1 else 's'} "
             f"({result.read} read, {sources - result.read} unchanged)"]
    if s.superseded:
        parts.append(f"{len(s.superseded)} earlier report{'' if len(s.superseded) == 1 else 's'} of the same insats "
                     "left out")
    if s.failed:
        parts.append(f"{len(s.failed)} left out for errors")
    if s.outside or s.undated:
        parts.append(f"{len(s.outside) + len(s.undated)} outside the selection")
    if result.unwritten:
        parts.append(f"{len(result.unwritten)} not written")
    return "; ".join(parts)


def outputs(selection: Selection, filters: Filters, sources: int) -> dict[str, bytes]:
    """Every output's name and bytes but the PDF's (``serve`` shows them without writing them)."""
    from engine import record
    from engine.writers import board
    from engine.writers.record import csv_file, json_file, workbook

    tables = {t.name: [row for r in selection.counted for row in r.rows.get(t.name, [])] for t in record.TABLES}
    tables[record.ANMÄRKNINGAR.name] = [row for r in selection.counted + selection.failed
                                        for row in record.finding_rows(r.name, r.findings, r.unanswered)]
    dated = max((r.date for r in selection.counted if r.date), default=None)
    title = "Uppföljning av insatserna" + (f" – {filters.forbund}" if filters.forbund else "")
    chosen = {"förbund": filters.forbund, "från": filters.start.isoformat() if filters.start else None,
              "till": filters.end.isoformat() if filters.end else None, "rapporter": sources,
              "insatser": len(selection.counted)}
    made = {DOCUMENT: board.render(selection, filters, sources), WORKBOOK: workbook(tables, title, dated)}
    made.update({csv_name(t): csv_file(t, tables[t.name]) for t in record.TABLES})
    made[RECORD_JSON] = json_file(tables, chosen)
    return made


def _kept(path: Path, manifest, overwrite: bool) -> str | None:
    """Why ``path`` is not to be replaced (a folder, changed since written, not ours), or None."""
    if path.is_dir():
        return (f"{path}: is a folder, where the summary would write a file; kept as it is. Move or rename the "
                "folder, or write the summary into another folder with -o")
    if overwrite:
        return None
    state = manifest.state(path)
    if state.kind == "edited":
        return (f"{path}: changed since it was written (edited in Word or Excel?); kept as it is. To replace it, "
                "move it away or run summary with --overwrite")
    if state.kind == "foreign":
        return (f"{path}: exists and was not written by slutrapport; kept as it is. Move it away, or run summary "
                "with --overwrite to replace it")
    return None


def _write_all(selection: Selection, options: Options, sources: int, manifest, result: Result, out, err) -> None:
    from engine.build import _holds
    from engine.manifest import content_digest
    from engine.writers.files import OutputError, write_atomic

    folder = options.output_dir
    owner = folder / CACHE  # what the build record names as these files' source: the summary of this folder
    made = outputs(selection, options.filters, sources)
    made_from = content_digest(made[RECORD_JSON])
    placed: set[str] = set()  # outputs that hold what this run made
    for name, data in made.items():
        path = folder / name
        why = _kept(path, manifest, options.overwrite)
        if why is None and not _holds(path, data):
            try:
                write_atomic(path, data)
            except OutputError as exc:
                why = str(exc)
            else:
                result.written.append(path)
                out(f"wrote {path}")
        if why is not None:
            result.unwritten.append(why)
            err(why)
            continue
        placed.add(name)
        manifest.record_files(owner, made_from, {path: content_digest(data)})
    if DOCUMENT in placed:
        _pdf(folder / DOCUMENT, content_digest(made[DOCUMENT]), len(selection.counted), options, manifest, owner,
             result, out, err)


def _pdf(document: Path, digest: str, insatser: int, options: Options, manifest, owner: Path, result: Result,
         out, err) -> None:
    """The document's PDF, made again only when the document changed since it was last made."""
    from engine.manifest import content_digest
    from engine.writers import pdf

    target = document.with_suffix(".pdf")
    why = _kept(target, manifest, options.overwrite)
    if why is not None:
        result.unwritten.append(why)
        err(why)
        return
    if target.is_file() and manifest.state(target).kind == "ours" and manifest.built_from(target) == digest:
        return
    timeout = (PDF_TIMEOUT[0], PDF_TIMEOUT[1] + PDF_SECONDS_PER_INSATS * insatser)
    try:
        converted = pdf.convert([document], options.converter, timeout, soffice=options.soffice)
    except pdf.ConverterMissing as exc:
        err(f"slutrapport: {exc}; the .docx and the record are written")
        result.pdf_status = 3
        return
    if document in converted.converted:
        manifest.record_files(owner, digest, {target: content_digest(target.read_bytes())})
        result.written.append(target)
        out(f"wrote {target}")
        if converted.pdfa is None:
            err(f"slutrapport: note: {converted.converter} made a plain PDF, not PDF/A; install LibreOffice for "
                "archivable PDF/A-2b")
        return
    if document in converted.unwritten:
        result.unwritten.append(converted.unwritten[document])
        err(converted.unwritten[document])
        return
    result.pdf_status = 3
    err(f"{document}: could not make a PDF: {converted.failed.get(document, 'unknown error')}")
    if target.is_file() and manifest.state(target).kind == "ours":  # of an earlier summary: it would mislead
        target.unlink(missing_ok=True)
        manifest.drop(target)
        err(f"removed {target}: it was made from an earlier summary")
