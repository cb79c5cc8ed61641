""".docx → archivable PDF (PDF/A-2b, fonts embedded), by LibreOffice or by Microsoft Word.

LibreOffice runs headless, one process per batch (up to one per core for large batches),
each with a private profile so that builds running at the same time never share one. A
process that hangs is killed and the documents it had not finished get one more try.
Word is used through docx2pdf where it is installed (Windows, macOS). Each PDF is written
to a temporary folder beside its target and renamed into place, so a failed conversion
never leaves a half-written PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

#: PDF/A-2b: the archival profile; LibreOffice embeds every font for it.
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
SOFFICE_CANDIDATES = [
    "soffice", "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
]
INSTALL_HINT = ("install LibreOffice: on Debian/Ubuntu `sudo apt-get install libreoffice-writer-nogui`, "
                "elsewhere from https://www.libreoffice.org/download/ (or use Microsoft Word with --converter word)")
DOCS_PER_PROCESS = 10


class ConverterMissing(Exception):
    """No converter that was asked for (or, with auto, none at all) is installed."""


@dataclass
class Result:
    converted: dict[Path, Path] = field(default_factory=dict)  # .docx → .pdf
    failed: dict[Path, str] = field(default_factory=dict)      # .docx → why
    converter: str = ""


def find_soffice() -> str | None:
    for candidate in SOFFICE_CANDIDATES:
        found = shutil.which(candidate) or (candidate if os.path.isabs(candidate) and os.access(candidate, os.X_OK)
                                            else None)
        if found:
            return found
    return None


def word_available() -> bool:
    """docx2pdf drives Word on Windows and macOS only; it must be importable there."""
    if sys.platform not in ("win32", "darwin"):
        return False
    try:
        import docx2pdf  # noqa: F401
    except ImportError:
        return False
    return True


def convert(documents: list[Path], converter: str = "auto", timeout: tuple[float, float] = (60.0, 30.0)) -> Result:
    """Convert ``documents`` to PDFs beside them, with ``converter`` auto|libreoffice|word.

    ``timeout`` is (seconds per LibreOffice process, plus seconds per document in it)."""
    if converter in ("auto", "word") and word_available():
        result = _with_word(documents)
        if converter == "word" or not result.failed:
            return result
        retry = convert(list(result.failed), "libreoffice", timeout)  # Word present but unusable
        retry.converted.update(result.converted)
        return retry
    if converter == "word":
        raise ConverterMissing("Microsoft Word is not available here (docx2pdf needs Word on Windows or macOS); "
                               "use --converter libreoffice")
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing("cannot make PDFs: LibreOffice is not installed; " + INSTALL_HINT)
    return _with_libreoffice(soffice, documents, timeout)


# --- LibreOffice -------------------------------------------------------------------------

_RUNNING: set[subprocess.Popen] = set()  # soffice processes of this run, to stop on Ctrl-C
_LOCK = threading.Lock()


def _with_libreoffice(soffice: str, documents: list[Path], timeout: tuple[float, float]) -> Result:
    result = Result(converter="LibreOffice")
    processes = max(1, min(os.cpu_count() or 1, -(-len(documents) // DOCS_PER_PROCESS)))
    chunks = [documents[i::processes] for i in range(processes)]
    pool = ThreadPoolExecutor(max_workers=processes)
    try:
        for converted, failed in pool.map(lambda chunk: _convert_chunk(soffice, chunk, timeout), chunks):
            result.converted.update(converted)
            result.failed.update(failed)
    except BaseException:  # interrupted: stop every LibreOffice of this run; the threads then clean up
        with _LOCK:
            running = list(_RUNNING)
        for proc in running:
            _kill(proc)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return result


def _convert_chunk(soffice: str, chunk: list[Path], timeout: tuple[float, float]) -> tuple[dict, dict]:
    converted: dict[Path, Path] = {}
    failed: dict[Path, str] = {}
    pending = list(chunk)
    for attempt in (1, 2):  # a hung or crashed LibreOffice gets one retry for what it left undone
        if not pending:
            break
        done, why = _run_soffice(soffice, pending, timeout)
        converted.update(done)
        pending = [d for d in pending if d not in done]
        for d in pending:
            failed[d] = why
    return converted, {d: failed[d] for d in pending}


def _run_soffice(soffice: str, documents: list[Path], timeout: tuple[float, float]) -> tuple[dict, str]:
    """One soffice process for ``documents``; returns the converted ones and, for the rest, why."""
    by_folder: dict[Path, list[Path]] = {}
    for d in documents:
        by_folder.setdefault(d.resolve().parent, []).append(d)
    done: dict[Path, Path] = {}
    why = "LibreOffice could not convert it"
    with tempfile.TemporaryDirectory(prefix="slutrapport-lo-") as profile:
        for folder, docs in by_folder.items():
            staging = Path(tempfile.mkdtemp(prefix=".pdf-", dir=folder))
            try:
                command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                           "--nologo", "--nodefault", "--nolockcheck", "--convert-to", PDF_FILTER,
                           "--outdir", str(staging), *map(str, docs)]
                limit = timeout[0] + timeout[1] * len(docs)
                proc = None
                try:
                    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
                    with _LOCK:
                        _RUNNING.add(proc)
                    output, _ = proc.communicate(timeout=limit)
                    if proc.returncode:
                        said = output.decode(errors="replace").strip()[-200:]
                        why = f"LibreOffice exited with status {proc.returncode}: {said}"
                except subprocess.TimeoutExpired:
                    _kill(proc)
                    proc.communicate()
                    why = f"LibreOffice did not finish within {limit:.0f} s and was stopped"
                except BaseException:  # Ctrl-C or SIGTERM: LibreOffice runs in its own session, stop it too
                    if proc is not None:
                        _kill(proc)
                    raise
                finally:
                    with _LOCK:
                        _RUNNING.discard(proc)
                for d in docs:
                    produced = staging / (d.stem + ".pdf")
                    if _complete(produced):
                        stabilise(produced, d)
                        target = d.with_suffix(".pdf")
                        os.replace(produced, target)
                        done[d] = target
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    return done, why


_CREATION = re.compile(rb"/CreationDate\(D:\d{14}")
_XMP_CREATION = re.compile(rb"<xmp:CreateDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_IDS = re.compile(rb"(/ID \[ <)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(> \])|(/DocChecksum /)[0-9A-F]{32}")
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)")


def stabilise(pdf_path: Path, docx_path: Path) -> None:
    """Make LibreOffice's PDF as repeatable as it allows: its creation date (in the document
    info and the XMP metadata alike) becomes the document's own date and its file ID a hash
    of the content, each rewritten in place at the same length, so the cross-reference
    offsets and PDF/A conformance stay valid. (The embedded font subsets still carry the
    time LibreOffice made them.)"""
    data = pdf_path.read_bytes()
    try:
        with zipfile.ZipFile(docx_path) as z:
            found = _MODIFIED.search(z.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile):
        found = None
    parts = found.groups() if found else (b"2000", b"01", b"01", b"00", b"00", b"00")
    data = _CREATION.sub(b"/CreationDate(D:" + b"".join(parts), data)
    iso = b"-".join(parts[:3]) + b"T" + b":".join(parts[3:])
    data = _XMP_CREATION.sub(b"<xmp:CreateDate>" + iso, data)
    zeroed = _IDS.sub(lambda m: _ids(m, b"0" * 32), data)
    data = _IDS.sub(lambda m: _ids(m, hashlib.md5(zeroed).hexdigest().upper().encode()), zeroed)
    pdf_path.write_bytes(data)


def _ids(match: re.Match, value: bytes) -> bytes:
    if match.group(4):
        return match.group(4) + value
    return match.group(1) + value + match.group(2) + value + match.group(3)


def _complete(pdf_path: Path) -> bool:
    """A PDF LibreOffice finished writing (one it was stopped in the middle of lacks its end)."""
    try:
        with open(pdf_path, "rb") as f:
            f.seek(max(0, os.path.getsize(pdf_path) - 64))
            return b"%%EOF" in f.read()
    except OSError:
        return False


def _kill(proc: subprocess.Popen) -> None:
    """Stop soffice and the helper processes it started."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


# --- Word --------------------------------------------------------------------------------

def _with_word(documents: list[Path]) -> Result:  # pragma: no cover - needs Microsoft Word
    from docx2pdf import convert as word_convert

    result = Result(converter="Microsoft Word")
    for d in documents:
        staging = Path(tempfile.mkdtemp(prefix=".pdf-", dir=d.resolve().parent))
        try:
            produced = staging / (d.stem + ".pdf")
            word_convert(str(d), str(produced))
            os.replace(produced, d.with_suffix(".pdf"))
            result.converted[d] = d.with_suffix(".pdf")
        except Exception as exc:  # docx2pdf raises whatever Word's automation raises
            result.failed[d] = f"Word could not convert it: {exc}"
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result
