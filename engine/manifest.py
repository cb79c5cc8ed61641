"""What the last builds made from what: the state behind incremental rebuilds, and the record
of which files in the output folder this tool wrote.

One small JSON file in the output folder records, per source, the fingerprint of
everything that determined its outputs — the source's bytes as they were read, the
engine's code, the options, each layout's template folder — and the findings printed for
it; and per output file, the source it was built from and the digest, size and time of the
bytes written. From that follows:

- a source is up to date when all of its inputs are unchanged and every output is still
  there (as written, or changed by the user, who keeps it); checking needs no parsing and
  no rendering, so a no-op rebuild of many sources is quick;
- an output is *ours* when it is exactly as written; *edited* when someone changed it
  after (opened and saved in Word, signed); *foreign* when this tool has no record of
  writing it; or another source's. Only ours are ever replaced without ``--overwrite``.

A damaged record is set aside (renamed) with a warning, and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine import __version__
from engine.writers.files import OutputError, replace, write_atomic

NAME = ".slutrapport-manifest.json"
DAMAGED = ".slutrapport-manifest.damaged.json"
FORMAT = 2
MAX_BYTES = 64 * 1024 * 1024  # 1 000 sources, each in every layout with its findings, take about 11 MB
ENGINE = Path(__file__).resolve().parent


def _digest(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "little"))
        h.update(chunk)
    return h.hexdigest()


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
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


def source_fingerprint(data: bytes) -> str:
    return _digest(data)


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass(frozen=True)
class State:
    """What an output's name stands for now: missing, ours, edited, foreign or another source's."""

    kind: str
    source: str | None = None  # for "other": the source that wrote it


def _version_1(data) -> bool:
    return isinstance(data, dict) and all(
        isinstance(e, dict) and isinstance(e.get("outputs"), dict)
        and all(k in e for k in ("source", "options", "engine", "layouts")) for e in data.values())


#: The documents' core property ``lastModifiedBy``: Word and LibreOffice put the user's name
#: there on every save, so a document that still carries it is as this tool wrote it.
MARK = "slutrapport"


def made_here(path: Path) -> bool:
    """Whether a file without a record is one of ours, unchanged: a .docx still marked as
    written by this tool, or a PDF beside one that was never amended (signed, annotated)."""
    import re
    import zipfile

    if path.suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as z:
                core = z.read("docProps/core.xml")
        except (OSError, KeyError, zipfile.BadZipFile):
            return False
        return re.search(rb"<cp:lastModifiedBy>" + MARK.encode() + rb"</cp:lastModifiedBy>", core) is not None
    if path.suffix == ".pdf" and made_here(path.with_suffix(".docx")):
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return data.count(b"%%EOF") == 1 and b"/ByteRange" not in data
    return False


def _valid(data) -> bool:
    return (isinstance(data, dict) and data.get("format") == FORMAT
            and isinstance(data.get("sources"), dict) and isinstance(data.get("files"), dict)
            and all(isinstance(v, dict) for v in data["sources"].values())
            and all(isinstance(v, dict) and isinstance(v.get("source"), str) for v in data["files"].values()))


class Manifest:
    def __init__(self, folder: Path):
        self.path = folder / NAME
        self.sources: dict[str, dict] = {}
        self.files: dict[str, dict] = {}
        self.warning: str | None = None  # set when the record could not be used
        self.usable = True
        self._load()

    def _load(self) -> None:
        if not self.path.exists() and not self.path.is_symlink():
            return
        if self.path.is_symlink() or not self.path.is_file():  # a pipe would block the build for ever
            self.usable = False
            self.warning = (f"{self.path}: is not the build record this tool writes (a folder, a link or a pipe); "
                            "building without one: move it away")
            return
        try:  # too large or nested too deep for Python's reader, it is damaged like any other
            data = (json.loads(self.path.read_text(encoding="utf-8"))
                    if self.path.stat().st_size <= MAX_BYTES else None)
        except (OSError, ValueError, RecursionError):
            data = None
        if _valid(data):
            self.sources, self.files = data["sources"], data["files"]
            return
        if _version_1(data):
            self._migrate(data)
            return
        try:
            replace(self.path, self.path.with_name(DAMAGED))
        except OutputError as exc:
            self.usable = False
            self.warning = f"{self.path}: damaged, and could not be set aside ({exc}); building without it"
            return
        self.warning = (f"{self.path}: damaged or of an older format; set aside as {DAMAGED}, and every "
                        "document is rebuilt (files already there that it cannot vouch for are kept)")

    def _migrate(self, entries: dict) -> None:
        """The first format knew each output's size and time only: the files stay ours while those hold."""
        for key, entry in entries.items():
            self.sources[key] = {**{k: entry[k] for k in ("source", "options", "engine", "layouts")},
                                 "outputs": sorted(entry["outputs"]), "findings": []}
            for path, stat in entry["outputs"].items():
                self.files[path] = {"source": key, "sha256": None, "stat": stat}

    @staticmethod
    def key(path: Path) -> str:
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):  # a link that loops: the build reports it
            return str(path.absolute())

    # --- outputs --------------------------------------------------------------------------

    def state(self, path: Path) -> State:
        """Whether ``path`` may be replaced: only when missing or exactly as this tool wrote it."""
        if not path.exists() and not path.is_symlink():
            return State("missing")
        record = self.files.get(self.key(path))
        if path.is_symlink() or not path.is_file():
            return State("foreign")
        if record is None:
            return State("ours") if made_here(path) else State("foreign")
        if record.get("stat") != _stat(path) and record.get("sha256") != file_digest(path):
            return State("edited")
        return State("ours", record["source"])

    def owner(self, path: Path) -> str | None:
        """The source that last wrote ``path``, per the record."""
        record = self.files.get(self.key(path))
        return record["source"] if record else None

    def built_from(self, path: Path) -> str | None:
        """The digest of what ``path`` was made from, per the record (a PDF: its .docx's bytes)."""
        record = self.files.get(self.key(path))
        return record.get("built_from") if record else None

    def outputs_of(self, source: Path) -> list[Path]:
        key = self.key(source)
        return sorted(Path(p) for p, record in self.files.items() if record["source"] == key)

    # --- sources --------------------------------------------------------------------------

    def up_to_date(self, source: Path, options: str, layout_folders) -> bool:
        """Whether ``source`` built with ``options`` would make what is already there (an
        output the user changed since counts as there: it is theirs, and kept)."""
        entry = self.sources.get(self.key(source))
        if not entry or entry.get("options") != options or entry.get("engine") != engine_fingerprint():
            return False
        try:
            if entry.get("source") != source_fingerprint(source.read_bytes()):
                return False
        except OSError:
            return False
        for path, digest in entry.get("inputs", {}).items():  # the pictures it shows, beside it
            if file_digest(Path(path)) != digest:
                return False
        for layout_id, fingerprint in entry.get("layouts", {}).items():
            folder = layout_folders(layout_id)
            if folder is None or layout_fingerprint(folder) != fingerprint:
                return False
        return all(self.state(Path(p)).kind in ("ours", "edited") for p in entry.get("outputs", []))

    def findings(self, source: Path) -> list[str]:
        return list(self.sources.get(self.key(source), {}).get("findings", []))

    def edited(self, source: Path) -> list[Path]:
        """Outputs of ``source`` that someone changed after they were written."""
        entry = self.sources.get(self.key(source), {})
        return [Path(p) for p in entry.get("outputs", []) if self.state(Path(p)).kind == "edited"]

    def record(self, source: Path, digest: str, options: str, layouts: dict[str, Path],
               outputs: dict[Path, str], findings: list[str], inputs: dict[str, str] | None = None) -> None:
        """``outputs``: each file written for ``source``, with the digest of the bytes written;
        ``inputs``: the files beside it that its outputs show (pictures), with their digests."""
        key = self.key(source)
        kept = [p for p in self.sources.get(key, {}).get("outputs", []) if Path(p) not in outputs]
        self.sources[key] = {
            "source": digest,
            "options": options,
            "engine": engine_fingerprint(),
            "layouts": {layout_id: layout_fingerprint(folder) for layout_id, folder in layouts.items()},
            "outputs": sorted({self.key(p) for p in outputs} | {p for p in kept if self.state(Path(p)).kind == "edited"}),
            "findings": findings,
            **({"inputs": dict(sorted(inputs.items()))} if inputs else {}),
        }
        self.record_files(source, digest, outputs)

    def record_files(self, source: Path, digest: str, outputs: dict[Path, str]) -> None:
        """Files written for ``source`` (from its bytes ``digest``), whatever became of the rest of its build."""
        for path, sha in outputs.items():
            self.files[self.key(path)] = {"source": self.key(source), "sha256": sha, "stat": _stat(path),
                                          "built_from": digest}

    def forget(self, source: Path) -> None:
        """``source`` must be built again next time (its files stay on record as its own)."""
        self.sources.pop(self.key(source), None)

    def drop(self, path: Path) -> None:
        """``path`` was removed by this tool."""
        self.files.pop(self.key(path), None)

    def save(self) -> None:
        if not self.usable:
            return
        self.files = {p: r for p, r in self.files.items() if Path(p).exists()}
        if self.sources or self.files or self.path.exists():
            data = json.dumps({"format": FORMAT, "sources": self.sources, "files": self.files},
                              indent=1, sort_keys=True, ensure_ascii=False)
            write_atomic(self.path, data.encode("utf-8"))


def options_key(**options) -> str:
    """The options that shape a source's outputs, as one comparable string."""
    return json.dumps({k: sorted(v) if isinstance(v, (set, frozenset, list, tuple)) else v for k, v in options.items()},
                      sort_keys=True)
