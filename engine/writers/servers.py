"""LibreOffice kept warm: unoserver instances, and a batch of conversions spread over them.

LibreOffice takes seconds to start and a fraction of one to convert a form, so the PDFs are
made on running LibreOffices that unoserver (PyPI) lets convert over XML-RPC. Either this
process starts them and keeps them while ``watch`` runs (:func:`keep`; :class:`Local`: one per
core, each with a profile and ports of its own, tied to this process's life by
:func:`engine.processes.guard`, restarted when one hangs or dies, ended by its own process
id), or they run elsewhere (:class:`Remote`,
``--converter-server HOST:PORT``). The server side of unoserver needs a Python that can import
LibreOffice's ``uno`` (:func:`uno_python`), which is rarely the engine's own; the client side,
here, speaks unoserver's XML-RPC API with the standard library only: unoserver's own client
waits ten seconds between five retries and has no time limit, where a batch must move a
document off a server that does not answer at once.

:func:`spread` hands each document to whichever server is free: one server per thread, one
conversion at a time on each. The document's bytes go over the wire and the PDF's come back,
so remote servers need no shared folder and the engine alone writes into the output folder.
A server that times out or fails is restarted (ours) or skipped with a warning (a remote
one), and the document it had goes to the others; a document gets two tries.
"""

from __future__ import annotations

import http.client
import importlib.util
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections import deque
from pathlib import Path

from engine.processes import end_tree, guard, release

#: The script a uno-capable Python runs to serve (it imports nothing of the engine).
SCRIPT = Path(__file__).with_name("unoserve.py")
#: unoserver's XML-RPC API version that this client speaks (unoserver 2 and 3).
API = "3"
#: Converter servers elsewhere, as ``--converter-server`` gives them: ``HOST:PORT``, comma- or space-separated.
SERVERS_ENV = "SLUTRAPPORT_CONVERTER_SERVERS"
#: Taken to start a server, and to stop a batch: no server starts once the batch is stopped.
STARTING = threading.Lock()
TRIES = 2  # a document whose server hangs or dies is tried once more, on another server or a restarted one


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a time limit on each call (the standard transport waits for ever)."""

    def __init__(self, limit: float):
        super().__init__()
        self.limit = limit

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.limit
        return connection


def _call(host: str, port: int, limit: float, method: str, *args):
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    proxy = xmlrpc.client.ServerProxy(url, transport=_Transport(max(limit, 0.01)), allow_none=True)
    return getattr(proxy, method)(*args)


#: What a server that is gone or hung raises (a refused or reset connection, a time-out, a bad answer).
GONE = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError)


def _conversion(data: bytes, export: list[str]) -> tuple:
    """The arguments of unoserver's ``convert``: the .docx's bytes in, the PDF's back, with
    LibreOffice's PDF export filter and its options (``Name=value``); indexes as they are (as
    ``soffice --convert-to`` leaves them)."""
    return None, xmlrpc.client.Binary(data), None, "pdf", "writer_pdf_Export", export, False


def parse(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:2003`` for an IPv6 address) → (host, port); ValueError says what is wrong."""
    host, colon, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{text!r} is not HOST:PORT (a converter server, such as localhost:2003)")
    return host, int(port)


def from_environment() -> list[str]:
    """The converter servers ``SLUTRAPPORT_CONVERTER_SERVERS`` names (ValueError for one that is not HOST:PORT)."""
    named = os.environ.get(SERVERS_ENV, "").replace(",", " ").split()
    for text in named:
        parse(text)
    return named


class Remote:
    """A unoserver elsewhere: used as it is, skipped when it fails."""

    local = False

    def __init__(self, text: str):
        self.host, self.port = parse(text)
        self.name = text.strip()
        self.lock = threading.Lock()

    def check(self, limit: float) -> str | None:
        """Why this server cannot be used, or None."""
        try:
            info = _call(self.host, self.port, limit, "info")
        except GONE + (xmlrpc.client.Fault,) as exc:
            return _why(exc, limit)
        if str(info.get("api")) != API:
            return (f"it speaks unoserver's API {info.get('api')}, not {API} (unoserver {info.get('unoserver')}); "
                    "run unoserver 2 or 3 there")
        return None

    def convert(self, data: bytes, limit: float, export: list[str]) -> bytes:
        return _call(self.host, self.port, limit, "convert", *_conversion(data, export)).data

    def healthy(self, limit: float) -> bool:
        return self.check(limit) is None


class Local:
    """A unoserver this process runs: LibreOffice with a profile of its own, on free loopback
    ports, started on first use and again after it hung or died."""

    local = True
    name = "LibreOffice"

    def __init__(self, python: str, soffice: str):
        self.python, self.soffice = python, soffice
        self.lock = threading.Lock()  # one conversion at a time (unoserver serves one at a time anyway)
        self.proc: subprocess.Popen | None = None
        self.profile: str | None = None
        self.port = 0
        self.fresh = False  # started, and not yet through a conversion (the first one loads the filters)

    def start(self, stop: threading.Event) -> bool:
        """Start the server, unless the batch was stopped (False then)."""
        with STARTING:
            if stop.is_set():
                return False
            self._start()
        return True

    def _start(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="slutrapport-lo-")
        self.port, uno_port = _free_ports(2)
        self.proc = subprocess.Popen([self.python, str(SCRIPT), _unoserver_folder(), self.soffice,
                                      Path(self.profile).as_uri(), str(self.port), str(uno_port)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        guard(self.proc)
        self.fresh = True

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def convert(self, data: bytes, limit: float, export: list[str]) -> bytes:
        """Convert, waiting (within ``limit``) for a server that is still starting."""
        deadline = time.monotonic() + limit
        while True:
            try:
                pdf = _call("127.0.0.1", self.port, deadline - time.monotonic(), "convert", *_conversion(data, export))
                self.fresh = False
                return pdf.data
            except ConnectionRefusedError:  # not listening yet
                if not self.alive():
                    raise ConnectionError("LibreOffice ended") from None
                if time.monotonic() >= deadline:
                    raise TimeoutError from None
                time.sleep(0.02)

    def healthy(self, limit: float) -> bool:
        try:
            return self.alive() and bool(_call("127.0.0.1", self.port, limit, "info"))
        except GONE + (xmlrpc.client.Fault,):
            return False

    def end(self) -> None:
        """End the server's whole process tree (the Python, ``soffice``, ``oosplash``, ``soffice.bin``)."""
        proc, self.proc = self.proc, None
        if proc is not None:
            end_tree(proc.pid, wait=5)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            release(proc)
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _unoserver_folder() -> str:
    """The folder the unoserver package is in (the engine's site-packages)."""
    return str(Path(importlib.util.find_spec("unoserver").origin).parents[1])


_PYTHONS: dict[str, str | None] = {}
_PYTHONS_LOCK = threading.Lock()


def unoserver_missing() -> str | None:
    """Why unoserver cannot be used at all here, or None."""
    if importlib.util.find_spec("unoserver") is None:
        return "unoserver is not installed (pip install unoserver, in slutrapport's environment)"
    return None


def uno_python(soffice: str) -> str | None:
    """A Python that can run unoserver's server for ``soffice``: the engine's own if it can import
    ``uno``, LibreOffice's own Python (Windows and macOS installs have one), or the system's
    python3 (Debian's python3-uno is for it). Looked for once per process."""
    with _PYTHONS_LOCK:
        if soffice not in _PYTHONS:
            _PYTHONS[soffice] = _find_python(soffice)
        return _PYTHONS[soffice]


def _find_python(soffice: str) -> str | None:
    if unoserver_missing():
        return None
    program = Path(soffice).resolve().parent
    candidates = [sys.executable, program / "python.exe", program / "python",
                  program.parent / "Resources" / "python", "/usr/bin/python3", shutil.which("python3")]
    seen = set()
    check = f"import sys; sys.path.append({_unoserver_folder()!r}); import uno, unoserver.server"
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        key = os.path.realpath(candidate)
        if key in seen:
            continue
        seen.add(key)
        try:
            if subprocess.run([str(candidate), "-c", check], capture_output=True, timeout=30,
                              stdin=subprocess.DEVNULL).returncode == 0:
                return str(candidate)
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def no_uno_hint() -> str:
    if sys.platform.startswith("linux"):
        return "no Python here can import LibreOffice's uno (on Debian/Ubuntu: sudo apt-get install python3-uno)"
    return "no Python here can import LibreOffice's uno (LibreOffice's own Python is missing: reinstall LibreOffice)"


def _why(exc: BaseException, limit: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"did not answer within {limit:.0f} s"
    if isinstance(exc, xmlrpc.client.Fault):
        return f"failed: {_last_line(exc.faultString)}"
    if isinstance(exc, ConnectionRefusedError):
        return "refused the connection (no converter server listens there)"
    return f"could not be reached: {exc.strerror or exc}" if isinstance(exc, OSError) else f"failed: {exc}"


def _last_line(text: str) -> str:
    """The last line of what unoserver reports (``<class 'RuntimeError'>:Could not load …``), as said to a user."""
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    line = re.sub(r"^<class '[\w.]+'>:\s*", "", lines[-1] if lines else "unknown error")
    if line.startswith("Could not load document"):
        return "it cannot be opened (it is no Word document LibreOffice can read)"
    return line[-200:]


# --- the batch ---------------------------------------------------------------------------

class _Work:
    """The documents still to convert, each with the tries it has had; a document taken and
    given back (its server went) can be taken again as long as any server is at work."""

    def __init__(self, documents: list[Path], stop: threading.Event):
        self.todo = deque((d, 0) for d in documents)
        self.busy = 0
        self.stop = stop
        self.cond = threading.Condition()

    def take(self) -> tuple[Path, int] | None:
        with self.cond:
            while not self.todo and self.busy and not self.stop.is_set():
                self.cond.wait(0.1)
            if not self.todo or self.stop.is_set():
                return None
            self.busy += 1
            return self.todo.popleft()

    def done(self, again: tuple[Path, int] | None = None) -> None:
        with self.cond:
            self.busy -= 1
            if again is not None:
                self.todo.appendleft(again)
            self.cond.notify_all()


def spread(servers: list, documents: list[Path], timeout: tuple[float, float], export: list[str],
           place, result, stop: threading.Event) -> None:
    """Convert ``documents`` on ``servers``, calling ``place(document, pdf_bytes)`` for each PDF;
    fill ``result``'s failed and notes (and ``gone`` once no server is left for some)."""
    work = _Work(documents, stop)
    lost: dict[str, str] = {}  # remote server → why it was left
    threads = [threading.Thread(target=_serve, args=(s, work, timeout, export, place, result, lost),
                                name=f"convert-{i}", daemon=True) for i, s in enumerate(servers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # short steps: Ctrl-C and SIGTERM are not held up
            thread.join(0.1)
    left = [d for d, _ in work.todo]
    if left and not stop.is_set():  # one line for all: no server was left for these
        result.gone = "every converter server is gone: " + "; ".join(f"{name} {why}" for name, why in lost.items())
        for document in left:
            result.failed[document] = result.gone
    else:
        result.notes += [f"warning: converter server {name} {why}; skipped: its documents went to the others"
                         for name, why in lost.items()]


def _serve(server, work: _Work, timeout: tuple[float, float], export: list[str], place, result,
           lost: dict[str, str]) -> None:
    start, per_document = timeout
    if not server.local:
        why = server.check(start)
        if why:
            lost[server.name] = why
            return
    while (item := work.take()) is not None:
        document, tries = item
        try:
            data = document.read_bytes()
        except OSError as exc:
            result.failed[document] = f"cannot be read: {exc.strerror or exc}"
            work.done()
            continue
        with server.lock:
            if server.local and not server.alive():
                server.end()  # died while idle (or never started): a new one, the document not charged
                if not server.start(work.stop):
                    work.done()
                    return
            limit = per_document + (start if server.local and server.fresh else 0)
            try:
                pdf = server.convert(data, limit, export)
            except xmlrpc.client.Fault as fault:
                if server.healthy(start):  # the document's fault: LibreOffice could not open or convert it
                    result.failed[document] = f"LibreOffice could not convert it: {_last_line(fault.faultString)}"
                    work.done()
                    continue
                why = "stopped answering" if server.local else _why(fault, limit)
            except GONE as exc:
                why = _why(exc, limit)
                if server.local:
                    why = (f"did not finish within {limit:.0f} s and was stopped" if isinstance(exc, TimeoutError)
                           else "ended before it finished")
            else:
                work.done()
                place(document, pdf)
                continue
            if server.local:
                server.end()  # started again for the next document
        again = (document, tries + 1) if tries + 1 < TRIES and not work.stop.is_set() else None
        if again is None:
            result.failed[document] = f"LibreOffice {why}" if server.local else f"converter server {server.name} {why}"
        work.done(again)
        if not server.local:
            lost[server.name] = why
            return


# --- kept warm ---------------------------------------------------------------------------

_KEPT: dict[str, list[Local]] = {}  # soffice → the servers kept warm for it
_KEPT_LOCK = threading.Lock()
_NEVER = threading.Event()  # kept servers are started whatever a batch does


def kept(soffice: str) -> list[Local] | None:
    """The servers kept warm for ``soffice``, if any are."""
    with _KEPT_LOCK:
        return _KEPT.get(soffice)


def keep(python: str, soffice: str, count: int) -> list[Local]:
    """Start ``count`` servers for ``soffice`` now, each given a first small conversion in the
    background (which loads the Word import and the PDF export), and keep them until :func:`drop`."""
    servers = [Local(python, soffice) for _ in range(count)]
    with _KEPT_LOCK:
        _KEPT[soffice] = servers
    for server in servers:
        threading.Thread(target=_prime, args=(server,), daemon=True, name="prime").start()
    return servers


def drop(soffice: str) -> None:
    with _KEPT_LOCK:
        servers = _KEPT.pop(soffice, [])
    for server in servers:
        server.end()


def _prime(server: Local, limit: float = 90) -> None:
    with server.lock:
        if server.proc is not None or not server.start(_NEVER):
            return
        try:
            server.convert(_blank_docx(), limit, [])
        except GONE + (xmlrpc.client.Fault,):
            server.end()  # started again when a document comes


def _blank_docx() -> bytes:
    import docx

    document, data = docx.Document(), io.BytesIO()
    document.add_paragraph("Slutrapport")
    document.save(data)
    return data.getvalue()

