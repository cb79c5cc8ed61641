"""What the last build made from what: the state behind incremental rebuilds.

One small JSON file in the output folder records, per source, the fingerprint of
everything that determined its outputs — the source's bytes, the engine's code, the
options, each layout's template folder — and the size and time of each output. A source
is up to date when all of that is unchanged and every output is still there as written.
Checking needs no parsing and no rendering, so a no-op rebuild of many sources is quick.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from engine import __version__
from engine.writers.files import write_atomic

NAME = ".slutrapport-manifest.json"
ENGINE = Path(__file__).resolve().parent


def _digest(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "little"))
        h.update(chunk)
    return h.hexdigest()


@cache
def engine_fingerprint() -> str:
    """The engine's version and code: a new engine rebuilds everything."""
    files = sorted(ENGINE.rglob("*.py"))
    return _digest(__version__.encode(), *(str(f.relative_to(ENGINE)).encode() + f.read_bytes() for f in files))


@cache
def layout_fingerprint(folder: Path) -> str:
    """A layout's template folder: its data file, template and build script."""
    return _digest(*(f.name.encode() + f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()))


def source_fingerprint(source: Path) -> str:
    return _digest(source.read_bytes())


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    def __init__(self, folder: Path):
        self.path = folder / NAME
        try:
            self.entries: dict = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    @staticmethod
    def key(source: Path) -> str:
        return str(source.resolve())

    def up_to_date(self, source: Path, options: str, layout_folders) -> bool:
        """Whether ``source`` built with ``options`` would make exactly what is already there."""
        entry = self.entries.get(self.key(source))
        if not entry or entry["options"] != options or entry["engine"] != engine_fingerprint():
            return False
        try:
            if entry["source"] != source_fingerprint(source):
                return False
        except OSError:
            return False
        for layout_id, fingerprint in entry["layouts"].items():
            folder = layout_folders(layout_id)
            if folder is None or layout_fingerprint(folder) != fingerprint:
                return False
        return all(_stat(Path(path)) == recorded for path, recorded in entry["outputs"].items())

    def record(self, source: Path, options: str, layouts: dict[str, Path], outputs: list[Path]) -> None:
        self.entries[self.key(source)] = {
            "source": source_fingerprint(source),
            "options": options,
            "engine": engine_fingerprint(),
            "layouts": {layout_id: layout_fingerprint(folder) for layout_id, folder in layouts.items()},
            "outputs": {str(p.resolve()): _stat(p) for p in outputs},
        }

    def forget(self, source: Path) -> None:
        self.entries.pop(self.key(source), None)

    def save(self) -> None:
        if self.entries or self.path.exists():
            data = json.dumps(self.entries, indent=1, sort_keys=True, ensure_ascii=False)
            write_atomic(self.path, data.encode("utf-8"))


def options_key(**options) -> str:
    """The options that shape a source's outputs, as one comparable string."""
    return json.dumps({k: sorted(v) if isinstance(v, (set, frozenset, list, tuple)) else v for k, v in options.items()},
                      sort_keys=True)

