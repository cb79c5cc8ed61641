"""Problems found in a source, reported as one line each: ``FILE:LINE:COL: severity: key.path: what``
(the form compilers use, so that editors' problem matchers can read them), or as one JSON
object each (:meth:`Problem.as_json`).

Every reader and validator raises :class:`SourceError` with a list of :class:`Problem`
so the CLI can print them all at once, exit non-zero and never show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    column: int | None
    path: str
    message: str
    severity: str = "error"  # "warning" (a figure to look at) or "note" (coverage): fatal only with --strict

    def __str__(self) -> str:
        """``FILE:LINE:COL: severity: key: message``; what is not known (line, column, key) is left out."""
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.path}: {self.message}" if self.path else \
            f"{where}: {self.severity}: {self.message}"

    def as_json(self) -> dict:
        """The finding for machines: every field, ``null`` where it is not known."""
        return {"file": str(self.file), "line": self.line, "column": self.column if self.line is not None else None,
                "key": self.path or None, "severity": self.severity, "message": self.message}


class SourceError(Exception):
    """One or more problems in one source file; nothing may be written for it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def dotted(path: tuple) -> str:
    """``('mål', 0, 'uppnått')`` → ``mål[0].uppnått`` (list positions as the author counts them: from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out
