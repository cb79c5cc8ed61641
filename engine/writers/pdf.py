""".docx → archivable PDF (PDF/A, fonts embedded), by LibreOffice or by Microsoft Word.

LibreOffice is preferred wherever it is installed: it makes PDF/A-2b, and the same PDF on
every machine. A batch runs it headless, once per batch (up to one process per core for
large batches), each with a private profile. Where every second counts — ``watch``, each
save waiting for its PDF — LibreOffice is kept running instead (:func:`warm`): one unoserver
per core (:mod:`engine.writers.servers`), each with a private profile, converting document
after document. Pointed at unoserver instances elsewhere (``--converter-server``,
``SLUTRAPPORT_CONVERTER_SERVERS``), the conversions are spread over those. Either way a
LibreOffice that hangs is stopped with every process it started, and the documents it had
not finished get one more try. Where there is no LibreOffice, Microsoft Word is used: on
Windows a private Word instance of our own (the user's open documents are never touched)
asked for PDF/A-1b; on macOS Word through docx2pdf, which makes plain PDF. Each PDF is
written to a private temporary folder beside its target, finished by
:mod:`engine.writers.pdfua` and renamed into place, so a failed conversion never leaves a
half-written PDF.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from engine.processes import completed, end_tree, guard, release
from engine.writers import servers as uno
from engine.writers.files import DISK_FULL, OutputError, explain, private_folder, replace, tidy
from engine.writers.pdfua import finish

#: PDF/A-2b, the archival profile (LibreOffice embeds every font for it), tagged, and marked
#: PDF/UA-1 (LibreOffice 7.4 then also tags the title page and asks viewers to show the title).
#: :mod:`engine.writers.pdfua` finishes what LibreOffice leaves undone.
EXPORT = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "PDFUACompliance": True}
#: The same for ``soffice --convert-to`` …
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "boolean" if isinstance(value, bool) else "long", "value": str(value).lower()}
     for name, value in EXPORT.items()}, separators=(",", ":"))
#: … and for unoserver (``Name=value``).
UNO_EXPORT = [f"{name}={str(value).lower()}" for name, value in EXPORT.items()]
#: Names a LibreOffice install other than the ones looked for (``--soffice`` does too).
SOFFICE_ENV = "SLUTRAPPORT_SOFFICE"
INSTALL_HINT = ("install LibreOffice: on Debian/Ubuntu `sudo apt-get install libreoffice-writer-nogui`, "
                "on Windows `winget install TheDocumentFoundation.LibreOffice`, on macOS `brew install --cask "
                "libreoffice`, or from https://www.libreoffice.org/download/ (or set " + SOFFICE_ENV +
                " to its soffice program)")
DOCS_PER_PROCESS = 10
REMOTE_CHECK = 10.0    # seconds a converter server elsewhere has to answer before it is skipped
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"


class ConverterMissing(Exception):
    """No converter that was asked for (or, with auto, none at all) is installed."""


@dataclass
class Result:
    converted: dict[Path, Path] = field(default_factory=dict)  # .docx → .pdf
    failed: dict[Path, str] = field(default_factory=dict)      # .docx → why
    unwritten: dict[Path, str] = field(default_factory=dict)   # .docx → why its PDF could not be put in place
    converter: str = ""
    pdfa: str | None = None                                    # the PDF/A profile made, or None for plain PDF
    notes: list[str] = field(default_factory=list)             # "warning: …"/"note: …" lines to show once
    gone: str | None = None                                    # why no converter server was left, if none was


@dataclass(frozen=True)
class Found:
    path: str
    how: str  # where it was found: for `doctor` and for messages


def find_soffice(explicit: str | None = None) -> Found | None:
    """LibreOffice's ``soffice``: ``explicit`` (``--soffice``) or ``SLUTRAPPORT_SOFFICE`` if given
    (raising :class:`ConverterMissing` when that is no program), else the PATH, the Windows
    registry's App Paths, and the folders installers use."""
    for value, how in ((explicit, "--soffice"), (os.environ.get(SOFFICE_ENV, "").strip(), SOFFICE_ENV)):
        if value:
            found = _program(value)
            if found is None:
                raise ConverterMissing(f"{how} names {value!r}, which is not a LibreOffice program; "
                                       "give the path of soffice (soffice.exe on Windows)")
            return Found(found, how)
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return Found(found, "PATH")
    for candidate in _registered():
        if found := _program(candidate):
            return Found(found, "the Windows registry (App Paths)")
    for candidate in standard_locations():
        if found := _program(candidate):
            return Found(found, "the standard install folder")
    return None


def _program(value: str) -> str | None:
    """``value`` as a runnable program: a path to one, a folder holding soffice, or a name on the PATH."""
    path = Path(value).expanduser()
    if path.is_dir():
        for name in ("soffice.exe", "soffice", "program/soffice.exe", "program/soffice", "Contents/MacOS/soffice"):
            if (path / name).is_file():
                return _program(str(path / name))
        return None
    if path.is_file() and (os.access(path, os.X_OK) or path.suffix.lower() == ".exe"):
        return str(path.resolve())  # absolute: the converter runs it from another folder
    return shutil.which(value) if not path.is_absolute() else None


def standard_locations(platform: str | None = None, environ=None) -> list[str]:
    """Where LibreOffice's installers put ``soffice`` on this kind of system."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        roots = [environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        local = environ.get("LOCALAPPDATA")
        folders = [f"{root}\\LibreOffice\\program" for root in dict.fromkeys(r for r in roots if r)]
        if local:
            folders.append(f"{local}\\Programs\\LibreOffice\\program")
        return [f"{folder}\\soffice.exe" for folder in folders]
    if platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                os.path.expanduser("~/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    # Distributions put soffice on the PATH; LibreOffice's own packages install into /opt.
    return sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)


def _registered() -> list[str]:
    """soffice.exe as the Windows registry's App Paths name it (the per-user entry first)."""
    try:
        import winreg
    except ImportError:
        return []
    found = []
    for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        try:
            with winreg.OpenKey(hive, _APP_PATHS) as key:
                value, _kind = winreg.QueryValueEx(key, "")
        except OSError:
            continue
        if value:
            found.append(os.path.expandvars(str(value).strip('"')))
    return found


def word_available() -> bool:
    """Microsoft Word can be driven here: on Windows through COM (pywin32), on macOS through docx2pdf."""
    if sys.platform == "win32":
        try:
            import winreg

            import win32com.client  # noqa: F401
            winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Word.Application"))
        except (ImportError, OSError):
            return False
        return True
    if sys.platform == "darwin":
        try:
            import docx2pdf  # noqa: F401
        except ImportError:
            return False
        return Path("/Applications/Microsoft Word.app").is_dir()
    return False


class Choice(NamedTuple):
    name: str                  # "LibreOffice" or "Microsoft Word"
    where: str                 # where it was found, for messages and `doctor`
    soffice: str | None = None  # the LibreOffice program to run
    servers: tuple[str, ...] = ()  # or the converter servers (HOST:PORT) to convert on


def converter_servers(servers: list[str] | tuple[str, ...] | None = None) -> tuple[str, ...]:
    """``servers`` if given, else those ``SLUTRAPPORT_CONVERTER_SERVERS`` names; ConverterMissing
    for one that is not HOST:PORT."""
    try:
        if servers is None:
            return tuple(uno.from_environment())
        for text in servers:
            uno.parse(text)
    except ValueError as exc:
        raise ConverterMissing(f"{'--converter-server' if servers is not None else uno.SERVERS_ENV}: {exc}") from None
    return tuple(servers)


def chosen(converter: str = "auto", soffice: str | None = None, servers: list[str] | None = None) -> Choice:
    """The converter that ``convert`` would use, and where it was found; ConverterMissing if none.
    Converter servers (``servers``, else the environment's) come first, except for ``word``."""
    if converter != "word" and (named := converter_servers(servers)):
        return Choice("LibreOffice", f"converter server{'s' if len(named) > 1 else ''} {', '.join(named)}",
                      servers=named)
    if converter == "word":
        if word_available():
            return Choice("Microsoft Word", "installed")
        raise ConverterMissing("Microsoft Word is not available here (it is driven on Windows and macOS only); "
                               "use --converter libreoffice")
    found = find_soffice(soffice)
    if found is not None:
        return Choice("LibreOffice", f"{found.path} (found by {found.how})", found.path)
    if converter == "auto" and word_available():
        return Choice("Microsoft Word", "installed (LibreOffice is not, so the PDFs are not PDF/A-2b)")
    raise ConverterMissing("cannot make PDFs: LibreOffice is not installed; " + INSTALL_HINT)


def convert(documents: list[Path], converter: str = "auto", timeout: tuple[float, float] = (60.0, 30.0),
            soffice: str | None = None, servers: list[str] | None = None) -> Result:
    """Convert ``documents`` to PDFs beside them, with ``converter`` auto|libreoffice|word.

    ``auto`` takes LibreOffice wherever it is found and Word only where it is not; converter
    ``servers`` (HOST:PORT; None: those ``SLUTRAPPORT_CONVERTER_SERVERS`` names) take the place
    of a LibreOffice here. ``timeout`` is (seconds for LibreOffice to start, plus seconds per
    document)."""
    choice = chosen(converter, soffice, servers)
    if choice.servers:
        return _on_servers([uno.Remote(name) for name in choice.servers], documents, (REMOTE_CHECK, timeout[1]))
    if choice.soffice is None:
        return _with_word(documents)
    return _with_libreoffice(choice.soffice, documents, timeout)


@contextmanager
def warm(converter: str = "auto", soffice: str | None = None, servers: list[str] | None = None):
    """Keep LibreOffice running while the block runs (``watch``): one unoserver per core, started
    at once in the background, so that the PDF of a save waits for no LibreOffice to start.
    Nothing is kept for converter servers elsewhere (they are running), for Word, or where
    unoserver cannot run (each batch then starts LibreOffice, as without ``warm``)."""
    try:
        choice = chosen(converter, soffice, servers)
    except ConverterMissing:  # the build says so, with what to do
        choice = None
    if choice is None or choice.soffice is None or uno.kept(choice.soffice) is not None:
        yield
        return
    python = uno.uno_python(choice.soffice)
    if python is None:  # said once, with the first PDFs
        _UNKEPT[:] = [uno.unoserver_missing() or uno.no_uno_hint()]
        yield
        return
    uno.keep(python, choice.soffice, os.cpu_count() or 1)
    try:
        yield
    finally:
        uno.drop(choice.soffice)


# --- LibreOffice -------------------------------------------------------------------------

_UNKEPT: list[str] = []  # why :func:`warm` could not keep LibreOffice running, until the build is told


def _with_libreoffice(soffice: str, documents: list[Path], timeout: tuple[float, float]) -> Result:
    """On the servers kept warm (:func:`warm`), else with one soffice process per batch: for a
    batch that starts its LibreOffice anyway, unoserver adds start-up time and saves nothing
    (``bench/pdf_batch.py``: 1, 20 and 100 documents, each time slower than soffice)."""
    kept = uno.kept(soffice)
    if kept is not None:
        return _on_servers(kept, documents, timeout)
    result = _with_soffice(soffice, documents, timeout)
    if _UNKEPT:
        result.notes.append(f"note: LibreOffice is started anew for each save's PDF, seconds each time: "
                            f"{_UNKEPT.pop()}")
    return result


def _on_servers(servers: list, documents: list[Path], timeout: tuple[float, float]) -> Result:
    result = Result(converter="LibreOffice", pdfa="PDF/A-2b")
    stop = threading.Event()
    try:
        uno.spread(servers, documents, timeout, UNO_EXPORT, lambda d, data: _place(d, data, result), result, stop)
    except BaseException:  # interrupted: no server starts any more, and each of ours ends
        with uno.STARTING:
            stop.set()
        for server in servers:
            if server.local:
                server.end()
        raise
    return result


def _place(document: Path, data: bytes, result: Result) -> None:
    """Put the PDF LibreOffice made of ``document`` beside it, finished (see :mod:`engine.writers.pdfua`)."""
    folder, target = document.resolve().parent, document.with_suffix(".pdf")
    try:
        staging = private_folder(folder)
    except OSError as exc:
        result.unwritten[document] = str(explain(target, exc))
        return
    produced = staging / (document.stem + ".pdf")
    try:
        produced.write_bytes(data)
        if not _complete(produced):
            result.failed[document] = "LibreOffice made an incomplete PDF"
            return
        finish(produced, document)
        replace(produced, target)
        result.converted[document] = target
    except OutputError as exc:  # its target is open in Acrobat, say
        result.unwritten[document] = str(exc)
    except OSError as exc:  # no room for it
        result.unwritten[document] = str(explain(target, exc))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        tidy(folder)


# --- LibreOffice for a batch: one soffice process per batch -------------------------------

_RUNNING: set[subprocess.Popen] = set()  # soffice processes of this run, to stop on Ctrl-C
_LOCK = threading.Lock()
_STOP = threading.Event()  # set when the build is interrupted: no thread starts another soffice


class _Stopped(Exception):
    """The build was interrupted while a thread was about to start LibreOffice."""


def _with_soffice(soffice: str, documents: list[Path], timeout: tuple[float, float]) -> Result:
    result = Result(converter="LibreOffice", pdfa="PDF/A-2b")
    processes = max(1, min(os.cpu_count() or 1, -(-len(documents) // DOCS_PER_PROCESS)))
    chunks = [documents[i::processes] for i in range(processes)]
    pool = ThreadPoolExecutor(max_workers=processes)
    _STOP.clear()
    try:
        futures = [pool.submit(_convert_chunk, soffice, chunk, timeout) for chunk in chunks]
        for _ in completed(futures):
            pass
        for future in futures:
            converted, failed, unwritten = future.result()
            result.converted.update(converted)
            result.failed.update(failed)
            result.unwritten.update(unwritten)
    except BaseException:  # interrupted: stop every LibreOffice of this run; the threads then clean up
        stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return result


def stop() -> None:
    """End every LibreOffice this process runs and start no other in this conversion: the
    conversion then ends with :class:`_Stopped`, its staging folders removed. Also for a
    caller converting in a thread of its own (``serve``) that is itself ending."""
    _STOP.set()
    with _LOCK:
        running = list(_RUNNING)
    for proc in running:
        end_tree(proc.pid, wait=5)


def _convert_chunk(soffice: str, chunk: list[Path], timeout: tuple[float, float]) -> tuple[dict, dict, dict]:
    converted: dict[Path, Path] = {}
    failed: dict[Path, str] = {}
    unwritten: dict[Path, str] = {}
    pending = list(chunk)
    for attempt in (1, 2):  # a hung or crashed LibreOffice gets one retry for what it left undone
        if not pending:
            break
        done, why = _run_soffice(soffice, pending, timeout, unwritten)
        converted.update(done)
        pending = [d for d in pending if d not in done and d not in unwritten]
        for d in pending:
            failed[d] = why
    return converted, {d: failed[d] for d in pending}, unwritten


def _run_soffice(soffice: str, documents: list[Path], timeout: tuple[float, float],
                 unwritten: dict[Path, str]) -> tuple[dict, str]:
    """One soffice process for ``documents``; returns the converted ones and, for the rest, why.
    A PDF made but not put in place (its target open in Acrobat) goes into ``unwritten``."""
    by_folder: dict[Path, list[Path]] = {}
    for d in documents:
        by_folder.setdefault(d.resolve().parent, []).append(d)
    done: dict[Path, Path] = {}
    why = "LibreOffice could not convert it"
    with tempfile.TemporaryDirectory(prefix="slutrapport-lo-") as profile:
        for folder, docs in by_folder.items():
            try:
                staging = private_folder(folder)
            except OSError as exc:  # no room (or no permission) for even LibreOffice's folder
                unwritten.update({d: str(explain(d.with_suffix(".pdf"), exc)) for d in docs})
                continue
            try:
                command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                           "--nologo", "--nodefault", "--nolockcheck", "--convert-to", PDF_FILTER,
                           "--outdir", str(staging), *map(str, docs)]
                limit = timeout[0] + timeout[1] * len(docs)
                proc = None
                try:
                    with _LOCK:
                        if _STOP.is_set():
                            raise _Stopped
                        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, start_new_session=True)
                        _RUNNING.add(proc)
                    guard(proc)
                    output, _ = proc.communicate(timeout=limit)
                    if proc.returncode:
                        said = output.decode(errors="replace").strip()[-200:]
                        why = f"LibreOffice exited with status {proc.returncode}: {said}"
                except subprocess.TimeoutExpired:
                    end_tree(proc.pid, wait=5)
                    _reap(proc)
                    why = f"LibreOffice did not finish within {limit:.0f} s and was stopped"
                except OSError as exc:  # soffice vanished or cannot be run
                    return done, f"LibreOffice could not be started ({soffice}): {exc.strerror or exc}"
                except BaseException:  # Ctrl-C or SIGTERM: LibreOffice runs in its own session, stop it too
                    if proc is not None:
                        end_tree(proc.pid, wait=5)
                    raise
                finally:
                    with _LOCK:
                        _RUNNING.discard(proc)
                    if proc is not None:
                        release(proc)
                for d in docs:
                    produced, target = staging / (d.stem + ".pdf"), d.with_suffix(".pdf")
                    if _complete(produced):
                        try:
                            finish(produced, d)
                            replace(produced, target)
                        except OutputError as exc:  # its target is open in Acrobat, say
                            unwritten[d] = str(exc)
                            continue
                        except OSError as exc:  # no room to finish it
                            unwritten[d] = str(explain(target, exc))
                            continue
                        done[d] = target
                    elif _no_room(folder, d):
                        unwritten[d] = str(OutputError(target, DISK_FULL))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
                tidy(folder)
    return done, why


def _no_room(folder: Path, document: Path) -> bool:
    """Whether a PDF LibreOffice did not write was for want of room: it says nothing of why, and a
    form's PDF takes about three times its .docx (130 kB for 44 kB)."""
    try:
        return shutil.disk_usage(folder).free < 3 * document.stat().st_size + 1024 * 1024
    except OSError:
        return False


def _complete(pdf_path: Path) -> bool:
    """A PDF LibreOffice finished writing (one it was stopped in the middle of lacks its end)."""
    try:
        with open(pdf_path, "rb") as f:
            f.seek(max(0, os.path.getsize(pdf_path) - 64))
            return b"%%EOF" in f.read()
    except OSError:
        return False


def _reap(proc: subprocess.Popen) -> None:
    """Collect a stopped process without waiting on pipes another process may still hold."""
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


# --- Word --------------------------------------------------------------------------------

#: Word's constants (WdExportFormat, WdSaveOptions, WdExportCreateBookmarks, WdAlertLevel).
_WD_EXPORT_PDF, _WD_DO_NOT_SAVE, _WD_HEADING_BOOKMARKS, _WD_ALERTS_NONE = 17, 0, 1, 0


def _with_word(documents: list[Path]) -> Result:
    if sys.platform == "win32":
        return _with_word_windows(documents)
    return _with_word_macos(documents)


def _stage(result: Result, documents: list[Path], make) -> None:
    """Run ``make(docx, pdf)`` for each document into a staging folder, then move each PDF into place."""
    for d in documents:
        staging = private_folder(d.resolve().parent)
        try:
            produced = staging / (d.stem + ".pdf")
            make(d.resolve(), produced)
            if not _complete(produced):
                raise RuntimeError("no PDF came out")
            replace(produced, d.with_suffix(".pdf"))
            result.converted[d] = d.with_suffix(".pdf")
        except OutputError as exc:
            result.unwritten[d] = str(exc)
        except (Exception, SystemExit) as exc:  # whatever COM raises; docx2pdf on macOS exits on failure
            result.failed[d] = f"Word could not convert it: {exc}"
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            tidy(d.resolve().parent)


def _with_word_windows(documents: list[Path]) -> Result:
    """A private Word instance (``DispatchEx``), never the user's: docx2pdf's shared instance
    and its ``Quit()`` close the documents the user has open (docx2pdf #36, #60, #84)."""
    import pythoncom
    import win32com.client

    result = Result(converter="Microsoft Word", pdfa="PDF/A-1b")
    pythoncom.CoInitialize()
    word = win32com.client.DispatchEx("Word.Application")
    try:
        word.Visible = False
        word.DisplayAlerts = _WD_ALERTS_NONE

        def make(docx_path: Path, pdf_path: Path) -> None:
            doc = word.Documents.Open(str(docx_path), ConfirmConversions=False, ReadOnly=True,
                                      AddToRecentFiles=False, Visible=False)
            try:
                doc.ExportAsFixedFormat(OutputFileName=str(pdf_path), ExportFormat=_WD_EXPORT_PDF,
                                        OpenAfterExport=False, IncludeDocProps=True,
                                        CreateBookmarks=_WD_HEADING_BOOKMARKS, DocStructureTags=True,
                                        BitmapMissingFonts=True, UseISO19005_1=True)
            finally:
                doc.Close(SaveChanges=_WD_DO_NOT_SAVE)

        _stage(result, documents, make)
    finally:
        word.Quit(SaveChanges=_WD_DO_NOT_SAVE)  # our own instance only
        pythoncom.CoUninitialize()
    return result


def _with_word_macos(documents: list[Path]) -> Result:
    """Word on macOS is one shared application: docx2pdf with ``keep_active`` leaves it (and the
    user's documents) open. Word for Mac cannot make PDF/A."""
    from docx2pdf import convert as word_convert

    result = Result(converter="Microsoft Word")
    _stage(result, documents, lambda docx_path, pdf_path: word_convert(str(docx_path), str(pdf_path),
                                                                        keep_active=True))
    return result
