"""``slutrapport serve FOLDER``: the folder's reports in the browser, updated on every save.

A local web server (Starlette on uvicorn) on 127.0.0.1 only, behind a random token in the
URL it prints first (as Jupyter does). It shows every report in the folder with its layout,
findings and last build; a report's filled form as HTML within a second of a save, then its
PDF's pages once LibreOffice has made them; the same report in another layout beside it;
and the .docx and PDF to download. See docs/serve.md.

The web stack is imported only here, so that no other command pays for it.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
import threading
from pathlib import Path

#: Exit status: the folder, the port or the output folder cannot be used.
UNUSABLE = 2


def serve(root: Path, port: int = 0, browser: bool = True, converter: str = "auto", soffice: str | None = None) -> int:
    """Serve ``root`` on ``port`` (0: any free one) until Ctrl-C or SIGTERM; 0 then, 2 when it cannot start."""
    problem = _unusable(root)
    if problem:
        print(f"slutrapport: {problem}", file=sys.stderr)
        return UNUSABLE
    try:
        listening = _listen(port)
    except OSError as exc:
        print(f"slutrapport: --port {port}: cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); choose another "
              "port, or --port 0 for any free one", file=sys.stderr)
        return UNUSABLE
    import uvicorn

    from engine.serve.app import app
    from engine.serve.folder import Folder

    port = listening.getsockname()[1]
    token = secrets.token_urlsafe(32)
    url = f"http://127.0.0.1:{port}/?token={token}"
    folder = Folder(root, converter, soffice)
    opener: list[Path] = []  # the page that opens the browser, removed once the token reached the server

    def arrived() -> None:
        while opener:
            opener.pop().unlink(missing_ok=True)

    pages = app(folder, token, port, stopping=lambda: server.should_exit,  # the event streams end with the server
                arrived=arrived)
    server = uvicorn.Server(uvicorn.Config(pages, log_level="warning", access_log=False, lifespan="off", ws="none",
                                           http="h11", proxy_headers=False, timeout_graceful_shutdown=2))
    print(url, flush=True)
    print(f"serving {folder.root} on 127.0.0.1:{port}: open the address above (Ctrl-C to stop)", file=sys.stderr,
          flush=True)
    try:
        folder.start()
        if browser:
            opener.extend(_open(url, folder.outputs))
        server.run(sockets=[listening])
    except KeyboardInterrupt:
        pass
    finally:
        folder.stop()
        listening.close()
        arrived()
    return 0


def _unusable(root: Path) -> str | None:
    """Why ``root`` cannot be served, or None: it must be a folder, and its outputs/ one too (or not there yet)."""
    from engine.serve.folder import OUTPUTS

    if root.is_file():
        return (f"{root}: is a file; serve shows all the reports in a folder: slutrapport serve "
                f"{root.parent if root.parent.parts else '.'}")
    if not root.is_dir():
        return f"{root}: no such folder; serve a folder of report sources (.yaml, .yml, .md)"
    outputs = root / OUTPUTS
    if outputs.is_symlink():
        return f"{outputs}: is a link; serve writes the documents it builds there, inside the folder: move it away"
    if outputs.exists() and not outputs.is_dir():
        return f"{outputs}: is a file; serve writes the documents it builds into a folder of that name: move it away"
    return None


def _listen(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1 only: connections wait in its queue until the server runs."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows the option lets another program take a port in use
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", port))
        listening.listen(128)
    except OSError:
        listening.close()
        raise
    listening.set_inheritable(False)
    return listening


def _open(url: str, outputs: Path) -> list[Path]:
    """Open the browser on ``url``, in a thread (some browsers' launchers wait); not on a Linux
    machine without a display, where only a text browser would take over the terminal.

    On Linux and macOS every user of the machine can read a program's command line (``ps``),
    and a browser started on an address keeps it there for as long as it runs: it is handed
    a page instead, readable by this user alone, that sends it on to ``url`` (as Jupyter does).
    Returns that page, to be removed once the browser has used it."""
    import webbrowser

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("slutrapport: no display here to open a browser on; open the address above in one", file=sys.stderr)
        return []
    made = []
    if os.name != "nt":  # on Windows a program's command line is its user's own
        try:
            made.append(_opener(url, outputs))
        except OSError as exc:
            print(f"slutrapport: {outputs}: cannot write the page that opens the browser ({exc.strerror or exc}); "
                  "open the address above in one", file=sys.stderr)
            return []
    threading.Thread(target=webbrowser.open, args=(made[0].as_uri() if made else url,), daemon=True,
                     name="serve-browser").start()
    return made


def _opener(url: str, outputs: Path) -> Path:
    """A page in ``outputs`` that only this user can read, which sends the browser on to ``url``.
    In ``outputs`` (not the system's temporary folder, which a browser packaged as a snap or
    flatpak cannot see); a new name, never a file or link that is there already."""
    import html

    outputs.mkdir(exist_ok=True)
    path = outputs / f".slutrapport-serve-{secrets.token_hex(8)}.html"
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    address = html.escape(url)
    with os.fdopen(handle, "w", encoding="utf-8") as page:
        page.write(f'<!doctype html>\n<html lang="sv"><head><meta charset="utf-8">'
                   f'<meta http-equiv="refresh" content="0;url={address}"><title>slutrapport serve</title></head>'
                   f'<body><p><a href="{address}">Öppna slutrapport serve</a></p></body></html>\n')
    return path
