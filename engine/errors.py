"""Problems found in a source, reported as one line each: ``FILE:LINE:COL: key.path: what``.

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
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        message = self.message if self.severity == "error" else f"{self.severity}: {self.message}"
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


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
