"""Images a source shows with Markdown's ``![alt](bild.png)``, found in its answers and checked.

An image is embedded from the source's own folder, as attachments are: it must lie there
and exist, and be a real PNG, JPEG or GIF picture of bounded size (a damaged or hostile
file is one line naming it, never a traceback; the pixel count is read from the header and
bounded before the picture is decoded, so a decompression bomb is refused unopened). Its
alternative text is the picture's description in the document; an image without one is a
warning naming the field. An address on the web is not fetched: the alternative text is
printed instead, with a warning.
"""

from __future__ import annotations

import io
import re
import urllib.parse
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import Problem, dotted

MAX_BYTES = 20 * 1024 * 1024  # per image file
MAX_PIXELS = 40_000_000       # width × height: a large phone photo is 12–48 million
MAX_SIDE = 20_000             # pixels, either way
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def beside(home: Path, name: str, what: str) -> tuple[Path | None, str | None]:
    """The file ``name`` names in the source's folder ``home``, or why it is none there: outside
    it, missing, or no name the file system takes (a NUL, past its length, a link to itself),
    which the file system reports in its own words. ``what``: "pictures" or "attachments"."""
    if not name or Path(name).is_absolute():
        return None, f"{name!r} is outside the source's folder; {what} must lie beside the source"
    if "\0" in name:
        return None, f"{name!r} is no file name (it holds a NUL character); name a file beside the source"
    try:
        target = (home / name).resolve()
        if not target.is_relative_to(home):
            return None, f"{name!r} is outside the source's folder; {what} must lie beside the source"
        if not target.is_file():
            return None, f"no file {name!r} beside the source"
    except RuntimeError:  # Python 3.11's resolve() on a link that loops
        return None, f"{name!r} cannot be opened: a link that leads nowhere, or to itself"
    except OSError as exc:
        return None, f"{name!r} cannot be opened: {exc.strerror or exc}"
    return target, None


@dataclass
class Found:
    """The images of one source: each address as written (as the Markdown parser gives it) →
    the file's checked bytes, and the problems met (errors stop the source)."""

    images: dict[str, bytes] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # address → the file it names


def _image_nodes(text: str):
    """(0-based line in ``text``, address, alt text) of every Markdown image in ``text``."""
    from engine.writers.richtext import parse

    def walk(node, line):
        for child in node.children:
            at = child.map[0] if child.map else line
            if child.type == "image":
                alt = "".join(c.content for c in child.walk() if c.type in ("text", "code_inline", "text_special"))
                yield at, str(child.attrs.get("src", "")), alt.strip()
            yield from walk(child, at)

    yield from walk(parse(text), 0)


def read(data: bytes, name: str) -> str | None:
    """Why ``data`` (the file ``name``) cannot be shown as a picture, or None when it can."""
    from PIL import Image

    from docx.image.image import Image as DocxImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: bounded below, before decoding
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in FORMATS:
                    return f"{name!r} is not a PNG, JPEG or GIF picture" + (f" (it is {kind})" if kind else "")
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    return (f"{name!r} is {width} × {height} pixels; a picture may have at most "
                            f"{MAX_PIXELS // 1_000_000} million: make it smaller")
                image.load()
        DocxImage.from_blob(data)
    except Image.DecompressionBombError:
        return f"{name!r} is too large a picture to open; make it smaller"
    except Exception:  # noqa: BLE001 - whatever a damaged or hostile file makes a reader raise
        return f"{name!r} cannot be read as a picture: it is damaged, or not the PNG, JPEG or GIF its name says"
    return None


def find(located) -> Found:
    """Every Markdown image in the source's answers, checked (see the module's doc)."""
    found = Found()
    home = located.file.resolve().parent
    checked: dict[str, str | None] = {}

    def problem(path, line, address, message, severity="error"):
        at = located.find(address, (line, 1)) if address else None
        line, col = at or (line, None)
        (found.errors if severity == "error" else found.warnings).append(
            Problem(located.file, line, col, dotted(path), message, severity))

    def walk(value, path):
        if isinstance(value, str):
            if "![" in value:
                start = located.text_starts.get(path, located.mark(path)[0])
                for offset, src, alt in _image_nodes(value):
                    one(path, start + offset, src, alt)
            return
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            walk(item, path + (key,))

    def one(path, line, src, alt):
        name = urllib.parse.unquote(src)
        if not alt:
            problem(path, line, name, f"the picture {name!r} has no alternative text: write what it shows between "
                                      f"the brackets, ![what it shows]({src}), for readers who cannot see it", "warning")
        if _REMOTE.match(src):
            problem(path, line, name, f"the picture {name!r} is on the web and is not fetched; its alternative text is "
                                      "printed instead: save it beside the source and name the file", "warning")
            return
        if src in checked:
            if checked[src]:
                problem(path, line, name, checked[src])
            return
        target, why = beside(home, name, "pictures")
        if why is None and target.stat().st_size > MAX_BYTES:
            why = f"{name!r} is {target.stat().st_size / 1024 / 1024:.0f} MB; a picture is at most " \
                  f"{MAX_BYTES // 1024 // 1024} MB"
        elif why is None:
            try:
                data = target.read_bytes()
            except OSError as exc:
                why = f"{name!r} cannot be read: {exc.strerror or exc}"
            else:
                why = read(data, name)
                if why is None:
                    found.images[src], found.files[src] = data, target
        checked[src] = why
        if why:
            problem(path, line, name, why)

    walk(located.data, ())
    return found
