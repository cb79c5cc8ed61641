"""The folder ``serve`` shows: its reports, each one's findings and preview, kept up to date.

Three threads of its own. One waits for changes in the folder (watchfiles, as ``watch``) and
marks the reports they touch. One makes each changed report's findings and HTML preview at
once: the source read, checked and rendered in memory, as ``check`` and ``build`` do. One then
builds the documents into the folder's ``outputs/`` exactly as ``slutrapport build FOLDER -o
FOLDER/outputs --pdf`` would, with its build record, so that only files this tool wrote are
ever replaced, and one LibreOffice batch makes the PDFs of everything saved meanwhile.
Nothing else is written, and nothing outside the folder is read: a source that is a link
to a file elsewhere is left out, and pictures must lie beside their source anyway.

Every change bumps :attr:`Folder.version`, which the pages' event stream passes on. The
förbund's summary of the reports (:meth:`Folder.summary`) is made in memory when asked for,
as ``slutrapport summary`` makes it, and never written.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from engine.build import Options, expand, process

OUTPUTS = "outputs"


@dataclass
class Shown:
    """One report rendered in one layout, in memory: its findings and its HTML preview."""

    layout: str | None
    problems: list
    failed: bool
    html: str = ""


@dataclass
class Report:
    source: Path
    version: int = 0              # bumped on every save seen
    shown: Shown | None = None    # the findings and preview of ``seen``
    seen: int = -1
    checked_at: float | None = None
    preview: Shown | None = None  # the last preview that could be made (an error keeps it on show)
    preview_version: int = -1
    built_version: int = -1       # the version its documents were last built from
    building: bool = False
    notes: list[str] = field(default_factory=list)  # what the last build said of its documents
    others: dict = field(default_factory=dict)      # (layout id, version) → Shown

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def layout(self) -> str | None:
        return (self.shown or self.preview or Shown(None, [], False)).layout


@dataclass
class Summary:
    """The förbund's summary of the folder's reports as they are now, made in memory."""

    selection: object                # engine.portfolio.Selection
    files: dict[str, bytes]          # each output's name and bytes, as ``slutrapport summary`` writes them (no PDF)
    html: str                        # the board summary's preview
    sources: int


class Folder:
    def __init__(self, root: Path, converter: str = "auto", soffice: str | None = None):
        self.root = root.resolve()
        self.outputs = self.root / OUTPUTS
        self.options = Options(command="build", output_dir=self.outputs, formats=frozenset({"docx", "pdf"}),
                               converter=converter, soffice=soffice, progress=False)
        self.reports: dict[str, Report] = {}
        self.version = 0
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._preview: list[str] = []   # names, oldest first
        self._previewing = False         # whether one is being made now
        self._build: set[str] = set()
        self._threads: list[threading.Thread] = []
        self._summary_lock = threading.Lock()
        self._reads: dict[str, tuple[int, object]] = {}   # name → (version, engine.summary.Read)
        self._summary: tuple[tuple, Summary] | None = None

    # --- what the pages read ------------------------------------------------------------

    def report(self, name: str) -> Report | None:
        """The report of that file name; None for any other name (no path reaches further)."""
        with self._lock:
            return self.reports.get(name)

    def listing(self) -> list[Report]:
        with self._lock:
            return [self.reports[name] for name in sorted(self.reports)]

    def documents(self, report: Report) -> dict[str, Path]:
        """The report's .docx and PDF in its own layout, where this tool wrote them (``docx``, ``pdf``)."""
        layout = report.layout
        if layout is None:
            return {}
        found = {}
        for suffix in ("docx", "pdf"):
            path = self.outputs / f"{report.source.stem}.{layout}.{suffix}"
            if inside(path, self.outputs) and path.is_file() and not path.is_symlink():
                found[suffix] = path
        return found

    def other(self, report: Report, layout: str) -> Shown:
        """The report in another layout, rendered now (and kept until its next save)."""
        key = (layout, report.version)
        found = report.others.get(key)
        if found is None:
            found = show(report.source, layout)
            report.others = {key: found}
        return found

    def summary(self) -> Summary:
        """The summary of every report as saved now: each source read once a save, as
        ``slutrapport summary`` reads it but named by its file name (a report holding personal
        data left out, as there), and the documents made again only when a report changed."""
        from engine import summary
        from engine.portfolio import Filters, select
        from engine.serve import preview

        with self._summary_lock:
            listed = self.listing()
            key = tuple((r.name, r.version) for r in listed)
            if self._summary is not None and self._summary[0] == key:
                return self._summary[1]
            reads = {}
            for r in listed:
                kept = self._reads.get(r.name)
                reads[r.name] = kept if kept is not None and kept[0] == r.version else (r.version, summary.read(r.source, r.name))
            self._reads = reads
            reports = [summary.refused(read.report) for _version, read in reads.values()]
            everything = Filters()
            selection = select(reports, everything)
            files = summary.outputs(selection, everything, len(reports))
            made = Summary(selection, files, preview.html(files[summary.DOCUMENT], ids="sammanstallning-"), len(reports))
            self._summary = (key, made)
            return made

    # --- keeping it up to date ----------------------------------------------------------

    def start(self) -> None:
        self._rescan()
        for target, name in ((self._watch, "serve-watch"), (self._previews, "serve-preview"),
                             (self._builds, "serve-build")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, wait: float = 10.0) -> None:
        """Stop watching and building, LibreOffice included; return once the threads are done."""
        from engine.writers import pdf

        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        deadline = time.monotonic() + wait
        for thread in self._threads:
            while thread.is_alive() and time.monotonic() < deadline:
                pdf.stop()  # again each time: a conversion that started meanwhile
                thread.join(0.2)

    def _bump(self) -> None:
        """Under the lock: something the pages show changed."""
        self.version += 1
        self._lock.notify_all()

    def _rescan(self, touched: set[Path] = frozenset()) -> None:
        """Take in the sources there are now, and mark those ``touched`` (and those showing a
        touched picture) to be checked again."""
        from engine.watch import showing

        listed = expand([self.root]) if self.root.is_dir() else []  # gone for now: no reports until it is back
        sources = {p.name: p for p in listed if inside(p, self.root)}
        pictures = {t for t in touched if t.name not in sources and inside(t, self.root)
                    and not inside(t, self.outputs)}
        again = {t.name for t in touched if t.name in sources}
        again |= {p.name for p in showing(pictures, [self.root], self.outputs)} if pictures else set()
        with self._lock:
            for name in list(self.reports):
                if name not in sources:
                    del self.reports[name]
                    self._build.discard(name)
            for name, path in sources.items():
                if name not in self.reports:
                    self.reports[name] = Report(path)
                elif name not in again:
                    continue
                else:
                    self.reports[name].version += 1
                if name in again:  # a save goes first, before the reports not checked yet (a folder of 50)
                    if name in self._preview:
                        self._preview.remove(name)
                    self._preview.insert(0, name)
                elif name not in self._preview:
                    self._preview.append(name)
            self._bump()

    def _watch(self) -> None:
        """Changes in the folder itself (sources lie directly in it), until stopped. Should
        watching fail (the folder gone or out of reach), it is tried again every second."""
        from watchfiles import DefaultFilter, watch

        told = False
        while not self._stop.is_set():
            try:
                for changes in watch(self.root, watch_filter=DefaultFilter(ignore_dirs=()), debounce=200, step=50,
                                     rust_timeout=200, recursive=False, stop_event=self._stop,
                                     ignore_permission_denied=True):
                    self._rescan({Path(path) for _kind, path in changes})
                    told = False
            except (OSError, RuntimeError) as exc:
                if not told:
                    print(f"slutrapport: {self.root}: cannot be watched ({exc}); trying again every second",
                          file=sys.stderr, flush=True)
                    told = True
                self._stop.wait(1.0)
                try:
                    self._rescan()
                except OSError:
                    pass

    def _previews(self) -> None:
        while True:
            with self._lock:
                while not self._preview and not self._stop.is_set():
                    self._lock.wait()
                if self._stop.is_set():
                    return
                report = self.reports.get(self._preview.pop(0))
                if report is None:
                    continue
                version, self._previewing = report.version, True
            shown = show(report.source, None)
            with self._lock:
                self._previewing = False
                report.shown, report.seen, report.checked_at = shown, version, time.time()
                if not shown.failed:
                    report.preview, report.preview_version = shown, version
                    self._build.add(report.name)
                self._bump()

    def _builds(self) -> None:
        from engine.build import run

        while True:
            with self._lock:  # after the previews, so that a batch saved at once is built in one go
                while (not self._build or self._preview or self._previewing) and not self._stop.is_set():
                    self._lock.wait()
                if self._stop.is_set():
                    return
                batch = {name: self.reports[name] for name in sorted(self._build) if name in self.reports}
                versions = {name: report.version for name, report in batch.items()}
                self._build.clear()
                for report in batch.values():
                    report.building = True
                self._bump()
            said: list[str] = []
            try:
                run([report.source for report in batch.values()], self.options, out=lambda line: None,
                    err=said.append)
            except Exception as exc:  # stopped (LibreOffice ended under it) or a fault: the next save tries again
                said.append(f"slutrapport: the build stopped: {exc or type(exc).__name__}")
            with self._lock:
                for name, report in batch.items():
                    report.building = False
                    report.built_version = versions[name]
                    prefix = str(self.outputs / f"{report.source.stem}.")
                    report.notes = [line for line in said if line.startswith((prefix, "slutrapport:"))]
                self._bump()


def show(source: Path, layout: str | None) -> Shown:
    """``source`` checked and rendered in ``layout`` (None: its own förbund's), in memory."""
    from engine.serve import preview

    outcome = process(source, Options(command="render", forbund=layout))
    shown = Shown(next(iter(outcome.layouts), layout), outcome.problems, outcome.failed)
    if outcome.rendered:
        try:
            shown.html = preview.html(next(iter(outcome.rendered.values())), ids=f"{shown.layout}-")
        except Exception as exc:  # a document mammoth cannot read: said, not shown as a traceback
            from engine.errors import Problem

            shown.problems = [*shown.problems, Problem(source, None, None, "", f"no preview: {type(exc).__name__}: {exc}",
                                                       "note")]
    return shown


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, lies in ``folder`` (itself resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link that loops
        return False
