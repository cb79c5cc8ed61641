"""Characters nobody can see, pasted in from web pages, chat programs and PDFs.

In a key (or a Markdown heading) they make the key unknown while it looks right, so they
are named with their position. In a value, bidi controls change the order the text is
read in — a right-to-left override shows 2024 as 4202 in an official document — and
zero-width characters break words and numbers apart unseen: both are removed, with a
warning. A zero-width joiner inside an emoji sequence (👩‍💻) is part of the emoji and stays.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_IN_VALUES = re.compile(f"[{ZERO_WIDTH}{BIDI}]")
_BIDI = re.compile(f"[{BIDI}]")
_ZWJ = "\u200d"
_NAMES = {"\ufeff": "byte order mark"}


def describe(char: str) -> str:
    """``U+200B (zero width space)``."""
    name = _NAMES.get(char) or unicodedata.name(char, "unnamed").lower()
    return f"U+{ord(char):04X} ({name})"


def _hidden(char: str, spaces: bool) -> bool:
    if char < "\x80":
        return False
    category = unicodedata.category(char)
    return category == "Cf" or (spaces and category == "Zs" and char != " ")


def in_name(name: str, spaces: bool = False) -> int | None:
    """Where the first invisible (format) character of a key or heading is, if any; with
    ``spaces``, a no-break or other unusual space counts too (a key has no spaces at all)."""
    return next((i for i, c in enumerate(name) if _hidden(c, spaces)), None)


def visible(name: str) -> str:
    """A key or heading as it looks: without its format characters and unusual spaces."""
    return "".join(c for c in name if not _hidden(c, True))


def key_message(name: str, index: int, what: str = "key") -> str:
    return f"invisible character {describe(name[index])} in {what} {visible(name)!r}; delete it"


def _pictographic(char: str) -> bool:
    """Cheaply: a character from the emoji blocks (pictographs, symbols, dingbats)."""
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2300 <= code <= 0x23FF


def _in_emoji(text: str, i: int) -> bool:
    """Whether the zero-width joiner at ``i`` joins two emoji (after variation selectors and skin tones)."""
    before = text[:i].rstrip("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
    return bool(before) and i + 1 < len(text) and _pictographic(before[-1]) and _pictographic(text[i + 1])


def strip_value(text: str) -> tuple[str, str]:
    """The text without its bidi controls and zero-width characters, and the characters removed."""
    if not _IN_VALUES.search(text):
        return text, ""
    kept, removed = [], []
    for i, char in enumerate(text):
        if _IN_VALUES.fullmatch(char) and not (char == _ZWJ and _in_emoji(text, i)):
            removed.append(char)
        else:
            kept.append(char)
    return "".join(kept), "".join(removed)


def value_message(removed: str) -> str:
    """What was removed from a value and, for bidi controls, why it mattered."""
    kinds = ", ".join(describe(c) for c in dict.fromkeys(removed))
    what = f"removed invisible character {kinds}" if len(removed) == 1 else \
        f"removed {len(removed)} invisible characters: {kinds}"
    if _BIDI.search(removed):
        what += "; bidi controls change the order text is read in (digits can come out reversed): check the text"
    return what
