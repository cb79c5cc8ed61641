"""The pages of ``serve``: a Starlette app over a :class:`~engine.serve.folder.Folder`.

Every request needs the token: given in the URL once (``?token=…``, as ``serve`` prints it),
it is kept as a cookie for this port and the URL is stripped of it. A request for another
host name than this machine's loopback one (DNS rebinding) is refused. No request names a
path: a report is one of the folder's own file names, looked up, and a document is the .docx
or PDF the build wrote for it; everything else is a fixed set of files shipped with the
package. Pages are server-rendered (Jinja2, autoescaped) with one small script that keeps
them up to date through an event stream; the content security policy allows nothing but
this server (and ``data:`` images, the charts inside the preview).
"""

from __future__ import annotations

import asyncio
import html
import secrets
import time
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from engine.serve.folder import Folder, Report, Shown, Summary

HERE = Path(__file__).resolve().parent
STATIC = {"app.js": "text/javascript", "style.css": "text/css"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: The summary's files as served for download, by suffix.
KINDS = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".json": "application/json", ".csv": "text/csv; charset=utf-8"}
SEVERITY = {"error": "Fel", "warning": "Varning", "note": "Notering"}
HEARTBEAT = 15.0  # seconds between comments on an idle event stream, so a closed tab is noticed


def app(folder: Folder, token: str, port: int, stopping=lambda: False, arrived=lambda: None) -> Starlette:
    """The app, guarded by ``token``; ``stopping()`` tells the event streams to end (on Ctrl-C),
    and ``arrived()`` is called whenever the token comes in the URL."""
    import jinja2

    pages = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "pages"), autoescape=True,
                               undefined=jinja2.StrictUndefined)
    pages.filters["q"] = lambda name: quote(name, safe="")
    static = {name: (HERE / "static" / name).read_bytes() for name in STATIC}

    def page(template: str, **context) -> HTMLResponse:
        html = pages.get_template(template).render(folder=folder.root, version=folder.version, **context)
        return HTMLResponse(html)

    def found(request: Request) -> Report:
        report = folder.report(request.path_params["name"])
        if report is None:
            raise _NotFound
        return report

    def index(request: Request):
        return page("index.html", reports=[_summary(folder, r) for r in folder.listing()])

    def report(request: Request):
        r = found(request)
        from engine import layouts

        others = [layout for layout in layouts.available() if layout != r.layout]
        return page("report.html", r=_summary(folder, r), findings=_findings(r.shown), others=others,
                    pages=_pages(folder, r))

    def compare(request: Request):
        r = found(request)
        from engine import layouts

        known = [layout for layout in layouts.available() if layout != r.layout]
        wanted = request.query_params.get("blankett")
        if wanted not in known:
            if not known:
                raise _NotFound
            wanted = known[0]
        other = folder.other(r, wanted)
        return page("compare.html", r=_summary(folder, r), others=known, wanted=wanted,
                    own=_column(r.preview or r.shown), other=_column(other))

    def download(request: Request):
        r = found(request)
        path = folder.documents(r).get(request.path_params["kind"])
        if path is None:
            raise _NotFound
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")

    def pdf_page(request: Request):
        from engine.serve import preview

        r = found(request)
        path = folder.documents(r).get("pdf")
        number = request.path_params["number"]
        stamp = _stamp(path)
        if stamp is None or not 1 <= number <= preview.page_count(path, stamp):
            raise _NotFound
        return Response(preview.page(path, stamp, number), media_type="image/png")

    def summary_page(request: Request):
        return page("summary.html", s=_board(folder.summary()))

    def summary_file(request: Request):
        name = request.path_params["file"]
        data = folder.summary().files.get(name)
        if data is None:
            raise _NotFound
        return Response(data, media_type=KINDS[Path(name).suffix],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def events(request: Request):
        async def stream():
            seen, quiet = None, time.monotonic()
            yield "retry: 1000\n\n"
            while not stopping() and not await request.is_disconnected():
                if folder.version != seen:
                    seen, quiet = folder.version, time.monotonic()
                    yield f"data: {seen}\n\n"
                elif time.monotonic() - quiet > HEARTBEAT:
                    quiet = time.monotonic()
                    yield ": still here\n\n"
                await asyncio.sleep(0.1)

        return StreamingResponse(stream(), media_type="text/event-stream")

    def asset(request: Request):
        name = request.path_params["file"]
        if name not in static:
            raise _NotFound
        return Response(static[name], media_type=STATIC[name])

    routes = [
        Route("/", index),
        Route("/rapport/{name}", report),
        Route("/rapport/{name}/jamfor", compare),
        Route("/hamta/{name}/{kind}", download),
        Route("/sida/{name}/{number:int}", pdf_page),
        Route("/sammanstallning", summary_page),
        Route("/sammanstallning/{file}", summary_file),
        Route("/handelser", events),
        Route("/static/{file}", asset),
    ]
    not_found = {_NotFound: lambda request, exc: _refused(404, "Det finns inget här."),
                 404: lambda request, exc: _refused(404, "Det finns inget här.")}
    return _Guard(Starlette(routes=routes, exception_handlers=not_found), token, port, arrived)


class _NotFound(Exception):
    pass


def _refused(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status, headers=HEADERS)


class _Guard:
    """Pure ASGI (it must not buffer the event stream): the host and the token, then the headers."""

    def __init__(self, inner, token: str, port: int, arrived=lambda: None):
        self.inner, self.token, self.port, self.arrived = inner, token.encode(), port, arrived
        self.cookie = f"slutrapport-{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    def _is_token(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode("utf-8", "replace"), self.token)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.inner(scope, receive, send)
        request = Request(scope)
        if request.headers.get("host") not in self.hosts:
            return await _refused(403, "Fel värdnamn.")(scope, receive, send)
        if self._is_token(request.query_params.get("token")):
            self.arrived()
            rest = request.url.remove_query_params("token")
            target = html.escape("/" + rest.path.lstrip("/") + (f"?{rest.query}" if rest.query else ""))
            # A page that moves on by itself, not a redirect: a redirect would still be the
            # navigation that brought the token, and when that came from another site (the page
            # that opened the browser, a link in a mail) the browser keeps a SameSite=Strict
            # cookie from it; the page's own navigation is this site's.
            response = HTMLResponse(f'<!doctype html>\n<html lang="sv"><head><meta charset="utf-8">'
                                    f'<meta http-equiv="refresh" content="0;url={target}"><title>slutrapport</title>'
                                    f'</head><body><p><a href="{target}">Fortsätt</a></p></body></html>\n',
                                    headers=HEADERS)
            response.set_cookie(self.cookie, self.token.decode(), httponly=True, samesite="strict", path="/")
            return await response(scope, receive, send)
        if not self._is_token(request.cookies.get(self.cookie)):
            return await _refused(403, "Öppna adressen som slutrapport serve skrev ut: den har nyckeln."
                                  )(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(k.lower().encode(), v.encode()) for k, v in HEADERS.items()
                                        if k.lower().encode() not in names]]
            await send(message)

        await self.inner(scope, receive, send_with_headers)


# --- what the templates show ------------------------------------------------------------


def _stamp(path: Path | None) -> tuple | None:
    try:
        info = path.stat()
    except (AttributeError, OSError):
        return None
    return info.st_size, info.st_mtime_ns


def _when(seconds: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds)) if seconds else ""


def _counts(problems: list) -> dict:
    unanswered = sum(p.severity != "error" and p.message.startswith("unanswered in the") for p in problems)
    return {"fel": sum(p.severity == "error" for p in problems), "varningar": sum(p.severity == "warning" for p in problems),
            "obesvarade": unanswered, "noteringar": sum(p.severity == "note" for p in problems) - unanswered}


def _summary(folder: Folder, r: Report) -> dict:
    """What the list and a report's page say of ``r``."""
    from engine import layouts
    from engine.layouts.declaration import LayoutError

    documents = folder.documents(r)
    docx = documents.get("docx")
    layout = r.layout
    try:
        described = layouts.get(layout).data.get("förbund", "") if layout else ""
    except (KeyError, LayoutError):  # a layout gone or broken meanwhile: its id says enough
        described = ""
    built = _stamp(docx)
    return {
        "name": r.name, "layout": layout, "forbund": described, "checked": r.shown is not None,
        "failed": bool(r.shown and r.shown.failed), "counts": _counts(r.shown.problems if r.shown else []),
        "checked_at": _when(r.checked_at), "built_at": _when(built[1] / 1e9) if built else "",
        "building": r.building, "current": r.built_version == r.version and not r.building,
        "stale": r.shown is not None and r.shown.failed and r.preview is not None,
        "html": (r.preview or Shown(None, [], False)).html, "documents": sorted(documents), "notes": r.notes,
    }


def _board(made: Summary) -> dict:
    """What the summary page says: what counts, what is left out and why, and the files."""
    s = made.selection
    left_out = [{"name": r.name, "why": r.findings[0].message if r.findings else "cannot be read"} for r in s.failed]
    later = [{"name": old.name, "instead": new.name} for old, new in s.superseded]
    return {"insatser": len(s.counted), "sources": made.sources, "left_out": left_out, "superseded": later,
            "files": sorted(made.files, key=lambda f: (Path(f).suffix != ".docx", Path(f).suffix != ".xlsx", f)),
            "html": made.html}


def _findings(shown: Shown | None) -> list[dict]:
    if shown is None:
        return []
    found = []
    for p in shown.problems:
        place = Path(p.file).resolve()
        posix = place.as_posix()
        link = "vscode://file" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:")  # C:/… on Windows
        if p.line is not None:
            link += f":{p.line}" + (f":{p.column}" if p.column is not None else "")
        found.append({"severity": p.severity, "label": SEVERITY.get(p.severity, p.severity), "message": p.message,
                      "file": place.name, "line": p.line, "column": p.column, "key": p.path, "link": link})
    return found


def _column(shown: Shown | None) -> dict:
    """One side of the comparison: the layout, its notes (what it leaves out or unanswered) and its preview."""
    found = _findings(shown)
    notes = [f for f in found if f["severity"] == "note"]
    unanswered = [f for f in notes if f["message"].startswith("unanswered in the")]
    return {"layout": shown.layout if shown else None, "html": shown.html if shown else "",
            "unanswered": unanswered, "left_out": [f for f in notes if f not in unanswered],
            "serious": len(found) - len(notes)}


def _pages(folder: Folder, r: Report) -> dict:
    """How many pages the report's PDF has, and what tells this PDF from the next (for the images' URLs)."""
    from engine.serve import preview

    path = folder.documents(r).get("pdf")
    stamp = _stamp(path)
    try:
        count = preview.page_count(path, stamp) if stamp else 0
    except Exception:  # replaced while being read, or not a PDF one can read: shown once it is
        count = 0
    return {"count": count, "stamp": f"{stamp[0]}-{stamp[1]}" if stamp else ""}
