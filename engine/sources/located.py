"""Plain source data together with where each key sits in the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Located:
    """What a reader hands the model: ``data`` as nested dicts/lists/strings, and for each
    key path (``('mål', 0, 'uppnått')``) its 1-based ``(line, column)`` in ``file``."""

    file: Path
    data: dict
    marks: dict[tuple, tuple[int, int]]
    root: tuple[int, int] = (1, 1)

    def mark(self, path: tuple) -> tuple[int, int]:
        """The position of ``path`` or, for a key that is missing, of its nearest parent."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.root
