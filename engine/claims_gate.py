"""Cheap tests that rule patterns out of a sentence before engine.claims tries them.

Most sentences of a report hold no claim, and most of the checker's patterns cannot match a
given sentence: a pattern that needs "hälften", "tredjedel" or "varav" cannot match where the
sentence has none of them. ``requirement`` reads those literals out of a compiled pattern's own
syntax tree (a set of strings, one of which every match contains), so that a new pattern is
covered the day it is written; ``Gate.may`` then looks them up in the sentence's lower-case
text, which costs a few substring searches where the pattern may cost a backtracking scan.

Every test here is a necessary condition only: when it says "may", the pattern is tried as
before, so the checker's verdicts are the same with the gate on or off (``ENABLED``, which
tests/test_claims_speed.py and bench/claims.py switch to compare).
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from re import _casefix, _constants as C, _parser  # noqa: PLC2701 (read-only; see requirement())

#: Off: every pattern is tried, as without the gate. For comparing verdicts and timing both ways.
ENABLED = True


@contextmanager
def disabled():
    """The checker without its gate, for the comparison of verdicts and the benchmark."""
    global ENABLED
    was, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = was


# ---------------------------------------------------------------------------- case folding

#: Characters a case-insensitive pattern matches beyond ``str.lower`` (re's own table: "ı" is
#: "i", "ſ" is "s" …). A text holding one is not ruled on: its lower case may hide a match.
_TWINS = re.compile("[" + "".join(re.escape(chr(c)) for k, v in _casefix._EXTRA_CASES.items()
                                   for c in (k, *v) if c > 127) + "]")


def plain(text: str, lower: str) -> bool:
    """Whether ``lower`` (``text.lower()``) matches a literal exactly where a case-insensitive
    pattern does: one character for one (not so for "İ") and no character with a case twin."""
    return lower.isascii() or (len(lower) == len(text) and not _TWINS.search(lower))


# ---------------------------------------------------------------------------- requirements

#: Sets of strings grow by cross products; beyond these sizes a set is dropped (no requirement).
MAX_STRINGS = 64
MAX_CLASS = 12

_EMPTY = frozenset({""})


def _best(candidates: list[frozenset]) -> frozenset | None:
    """The most selective of several requirements: the longest shortest string, then the fewest."""
    usable = [c for c in candidates if c and "" not in c]
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _product(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    if a is None or b is None or len(a) * len(b) > MAX_STRINGS:
        return None
    return frozenset(x + y for x in a for y in b)


def _class(items) -> frozenset | None:
    """The characters of a character class ``[…]``, if it is a short list of literals."""
    chars = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None  # a category (\s, \d), a negation, a wide range
    return frozenset(c.lower() for c in chars) if len(chars) <= MAX_CLASS else None


def _node(op, av) -> tuple[frozenset | None, frozenset | None]:
    """(exact, required) of one node: the strings it matches, if few; the strings one of which
    every match of it contains, or None."""
    if op is C.LITERAL:
        s = frozenset({chr(av).lower()})
        return s, s
    if op is C.IN:
        s = _class(av)
        return s, s
    if op in (C.AT, C.ASSERT_NOT):
        return _EMPTY, None  # zero-width
    if op is C.ASSERT:
        direction, sub = av
        # a lookahead's text lies at or after the match, within the searched span; a lookbehind's may not
        return _EMPTY, _seq(sub)[1] if direction == 1 else None
    if op is C.SUBPATTERN:
        return _seq(av[-1])
    if op is C.ATOMIC_GROUP:
        return _seq(av)
    if op is C.BRANCH:
        exacts, reqs = zip(*(_seq(alt) for alt in av[1]))
        exact = None if any(e is None for e in exacts) else frozenset().union(*exacts)
        req = None if any(r is None for r in reqs) else frozenset().union(*reqs)
        return (exact if exact is None or len(exact) <= MAX_STRINGS else None,
                req if req is None or len(req) <= MAX_STRINGS else None)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = av
        exact, req = _seq(sub)
        if low == 0:
            return (_EMPTY | exact if high == 1 and exact is not None else None), None
        if low == high and exact is not None:
            power = _EMPTY
            for _ in range(low):
                power = _product(power, exact)
            return power, req
        return None, req
    return None, None  # any character, a back reference, a conditional group


def _seq(items) -> tuple[frozenset | None, frozenset | None]:
    """(exact, required) of a sequence: adjacent exact parts joined, the best requirement of any part."""
    exact, run, candidates = _EMPTY, _EMPTY, []
    for op, av in items:
        e, r = _node(op, av)
        candidates.append(r)
        exact = _product(exact, e)
        joined = _product(run, e)
        if joined is None:
            candidates.append(run)
            run = e if e is not None else _EMPTY
        else:
            run = joined
    candidates.append(run)
    return exact, _best([c for c in candidates if c is not None])


_REQUIREMENTS: dict[re.Pattern, tuple[str, ...] | None] = {}


def requirement(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None if none can be told.

    Read from the pattern's syntax tree as Python's own re parser gives it; if that parser
    changes shape, a pattern simply gets no requirement and is always tried."""
    if pattern not in _REQUIREMENTS:
        try:
            req = _seq(_parser.parse(pattern.pattern, pattern.flags))[1]
        except Exception:  # noqa: BLE001 - a parser of another shape: no gate, same verdicts
            req = None
        _REQUIREMENTS[pattern] = tuple(sorted(req, key=len, reverse=True)) if req else None
    return _REQUIREMENTS[pattern]


# ---------------------------------------------------------------------------- a sentence's gate

_WORD_RUN = re.compile(r"\w+")


class Gate:
    """A sentence's lower-case text and words, found once and shared by every rule's test."""

    __slots__ = ("text", "lower", "plain", "_words")

    def __init__(self, text: str, lower: str | None = None):
        self.text = text
        self.lower = text.lower() if lower is None else lower
        self.plain = ENABLED and plain(text, self.lower)
        self._words: frozenset[str] | None = None

    def words(self) -> frozenset[str]:
        """The sentence's words (runs of word characters), lower case."""
        if self._words is None:
            self._words = frozenset(_WORD_RUN.findall(self.lower))
        return self._words

    def may(self, pattern: re.Pattern) -> bool:
        """False only where ``pattern`` cannot match anywhere in the sentence."""
        if not self.plain:
            return True
        req = requirement(pattern)
        return req is None or any(s in self.lower for s in req)

    def search(self, pattern: re.Pattern) -> re.Match | None:
        """``pattern.search(text)``, not tried where the gate rules it out."""
        return pattern.search(self.text) if self.may(pattern) else None


def numberish(gate: Gate, number_words, digit: re.Pattern, word_pattern: re.Pattern,
              fraction: re.Pattern) -> bool:
    """Whether a digit, a number word or a fraction word is in the sentence: as
    ``(digit|word_pattern|fraction).search(text)`` says, from the sentence's words.

    ``word_pattern`` is ``\\b(?:one|of|number_words)\\b``: it matches exactly a word (a maximal
    run of word characters) that is one of ``number_words``, so on plain text a look-up of the
    lower-case words gives its answer."""
    if digit.search(gate.text):
        return True
    if not gate.plain:
        return bool(word_pattern.search(gate.text) or fraction.search(gate.text))
    return not number_words.keys().isdisjoint(gate.words()) or gate.search(fraction) is not None


def _flat(patterns):
    for p in patterns:
        if isinstance(p, re.Pattern):
            yield p
        else:
            yield from _flat(p)


def needs(*patterns):
    """A rule that judges only what one of ``patterns`` matches (lists of patterns are read
    through): skipped in a sentence where none of them can match, which the rule's verdicts
    there would not be anyway. A rule without this decorator runs in every sentence."""
    flat = tuple(_flat(patterns))

    def wrap(rule):
        literals = None  # found on the first sentence, not at import: the CLI starts as fast as before

        @functools.wraps(rule)
        def gated(s, *args):
            nonlocal literals
            if s.gate.plain:
                if literals is None:
                    reqs = [requirement(p) for p in flat]
                    literals = () if any(r is None for r in reqs) else tuple(dict.fromkeys(x for r in reqs for x in r))
                if literals and not any(x in s.gate.lower for x in literals):
                    return None
            return rule(s, *args)

        gated.patterns = flat
        return gated

    return wrap
