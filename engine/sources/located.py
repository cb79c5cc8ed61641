"""Plain source data together with where each key sits in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Located:
    """What a reader hands the model: ``data`` as nested dicts/lists/strings, and for each
    key path (``('mål', 0, 'uppnått')``) its 1-based ``(line, column)`` in ``file``."""

    file: Path
    data: dict
    marks: dict[tuple, tuple[int, int]]
    root: tuple[int, int] = (1, 1)
    #: For text values: the 1-based line where the text itself begins (after a ``|`` or ``>``).
    text_starts: dict[tuple, int] = field(default_factory=dict)
    #: Warnings met while reading (text that had to be cleaned), reported with the findings.
    warnings: list = field(default_factory=list)
    #: Characters removed from the raw text before parsing, per 1-based line.
    removed: dict = field(default_factory=dict)
    #: The source's lines as read, to say in which column of them something stands.
    lines: list = field(default_factory=list)
    #: The Markdown images its answers show: address as written → the checked file's bytes
    #: (:mod:`engine.images`), and → the file itself (for the build's record of its inputs).
    images: dict = field(default_factory=dict)
    image_files: dict = field(default_factory=dict)

    def mark(self, path: tuple) -> tuple[int, int]:
        """The position of ``path`` or, for a key that is missing, of its nearest parent."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.root

    def find(self, text: str, after: tuple[int, int]) -> tuple[int, int] | None:
        """The first (line, column) at or after ``after`` where ``text`` is written, if any."""
        line, column = after
        for number in range(line, len(self.lines) + 1):
            found = self.lines[number - 1].find(text, column - 1 if number == line else 0)
            if found >= 0:
                return number, found + 1
        return None

    def line_in_text(self, path: tuple, text: str, offset: int) -> int:
        """The line of character ``offset`` of the text at ``path`` (exact for ``|`` blocks)."""
        start = self.text_starts.get(tuple(path))
        if start is None:
            return self.mark(path)[0]
        return start + text.count("\n", 0, offset)
