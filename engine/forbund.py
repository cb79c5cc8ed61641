"""Which form a förbund name means, written as people write it.

``uppsala``, ``Uppsala``, ``Samordningsförbundet Uppsala län``, ``gavleborg``, ``Gävleborg``,
``Samordningsförbund Gävleborg``: compared without case, diacritics or punctuation, against
each layout's id and the förbund's name in its ``layout.yaml`` (``förbund:``). A name
matches a layout when its words are a run of the words of that layout's id or förbund name
(so ``Gävleborg`` and ``Uppsala län`` are enough), a word of five letters or more also where
it begins the other (``Samordningsförbundet Gävleborg`` for ``Samordningsförbund Gävleborg``). Nothing here knows any förbund: all of it
comes from :mod:`engine.layouts`.

Where a name fits more than one layout it is decided by rule, and only then: the layout
whose id the name is wins (``uppsala`` over ``uppsala-2018``); of layouts sharing a förbund
name, the one whose ``layout.yaml`` marks it ``gällande: true`` (the edition in force), if
exactly one does. Otherwise the message names the layouts that match, to choose from.
"""

from __future__ import annotations

import re
import unicodedata

#: The layout data key that marks the edition in force among layouts of one förbund.
CURRENT = "gällande"


class Unresolved(ValueError):
    """The name matches no layout, or more than one without a rule to choose."""


def fold(text: str) -> str:
    """``Samordningsförbundet Uppsala län`` → ``samordningsforbundet uppsala lan``."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\W_]+", plain)).strip()


def _word_match(written: str, word: str) -> bool:
    """``samordningsförbundet`` for ``samordningsförbund`` and back: a word, or one of five letters
    or more that the other begins with."""
    short, long = sorted((written, word), key=len)
    return short == long or (len(short) >= 5 and long.startswith(short))


def _words_match(query: list[str], name: list[str]) -> bool:
    """Whether ``query`` is a run of words of ``name``."""
    return any(all(_word_match(q, n) for q, n in zip(query, name[i:i + len(query)]))
               for i in range(len(name) - len(query) + 1))


def _names(layout_id: str) -> list[str]:
    from engine import layouts

    names = [layout_id]
    try:
        full = layouts.get(layout_id).data.get("förbund")
    except (KeyError, OSError, ValueError):
        full = None
    if isinstance(full, str) and full.strip():
        names.append(full)
    return names


def _describe(layout_id: str) -> str:
    from engine import layouts

    try:
        data = layouts.get(layout_id).data
    except (KeyError, OSError, ValueError):
        return layout_id
    parts = [str(data[k]) for k in ("förbund", "utgåva") if data.get(k)]
    if data.get("utgåva"):
        parts[-1] += " edition"
    return f"{layout_id} ({', '.join(parts)})" if parts else layout_id


def resolve(name: str) -> str:
    """The layout id ``name`` means; :class:`Unresolved` with the reason if none or several."""
    from engine import layouts

    known = layouts.available()
    text = str(name).strip()
    if text in known:
        return text
    query = fold(text).split()
    if not query:
        raise Unresolved(f"no förbund given; known: {', '.join(known)}")
    exact = [i for i in known if fold(i).split() == query]
    if len(exact) == 1:
        return exact[0]
    matches = [i for i in known if any(_words_match(query, fold(n).split()) for n in _names(i))]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise Unresolved(f"unknown förbund {text!r}; known: {', '.join(known)}")
    current = []
    for i in matches:
        try:
            if str(layouts.get(i).data.get(CURRENT, "")).strip().lower() in ("true", "ja", "yes"):
                current.append(i)
        except (KeyError, OSError, ValueError, layouts.LayoutError):
            continue
    full = {fold(n) for i in matches for n in _names(i)[1:]}
    if len(current) == 1 and len(full) == 1:  # one förbund's editions, one of them marked in force
        return current[0]
    raise Unresolved(f"{text!r} fits more than one form: {'; '.join(_describe(i) for i in matches)}; "
                     f"write the one meant by its id ({', '.join(matches)})")


def name_of(written: str) -> str:
    """The förbund ``written`` means, by the name its layout gives (``uppsala`` and
    ``Uppsala län`` both mean Samordningsförbundet Uppsala län); as written where it fits no
    layout, or several."""
    from engine import layouts

    try:
        full = layouts.get(resolve(written)).data.get("förbund")
    except (Unresolved, KeyError, OSError, ValueError, layouts.LayoutError):
        full = None
    return full.strip() if isinstance(full, str) and full.strip() else " ".join(str(written).split())
