"""Cheap tests that rule a claim rule out of a sentence before engine.claims tries its patterns.

Most sentences of a report hold no claim, and most of the checker's rules cannot fire in a given
sentence: a rule whose patterns all need "varav" or "%" finds nothing where the sentence has
neither. Each rule says which words its patterns need (``@needs(("varav", "därav"), of=…)``),
and the gate looks them up in the sentence's lower-case text, a few substring searches where
the patterns may cost a backtracking scan each. The words are not trusted: ``implies`` reads
each pattern's syntax tree and proves that every match holds one of them (tests/test_claims_speed.py
runs it for every rule), and a rule without ``@needs`` runs in every sentence.

Every test here is a necessary condition only: where it says "may", the rule runs as before, so
the verdicts are the same with the gate on or off (``ENABLED``, which the tests and
bench/claims_speed.py switch to compare).
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager

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
#: "i", "ſ" is "s" …). A text holding one is not ruled on: its lower case may hide a match. Where
#: a Python lacks the table, no text beyond ASCII is ruled on (slower, never different).
try:
    from re import _casefix  # noqa: PLC2701 - read once, at import

    _TWINS = re.compile("[" + "".join(re.escape(chr(c)) for k, v in _casefix._EXTRA_CASES.items()
                                       for c in (k, *v) if c > 127) + "]")
except (ImportError, AttributeError):
    _TWINS = None


def plain(text: str, lower: str) -> bool:
    """Whether ``lower`` (``text.lower()``) matches a literal exactly where a case-insensitive
    pattern does: one character for one (not so for "İ") and no character with a case twin."""
    return lower.isascii() or (_TWINS is not None and len(lower) == len(text) and not _TWINS.search(lower))


# ---------------------------------------------------------------------------- proving a rule's words

#: Sets of strings grow by cross products; beyond these sizes a set is dropped (proves nothing).
MAX_STRINGS = 64
MAX_CLASS = 12

_EMPTY = frozenset({""})


def _covered(strings: frozenset | None, clause: tuple[str, ...]) -> bool:
    """Whether each of ``strings`` (what a part of a pattern matches) contains a word of ``clause``."""
    return bool(strings) and "" not in strings and all(any(w in s for w in clause) for s in strings)


def _product(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    if a is None or b is None or len(a) * len(b) > MAX_STRINGS:
        return None
    return frozenset(x + y for x in a for y in b)


def _class(items, C) -> frozenset | None:
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


def _node(op, av, clause, C) -> tuple[frozenset | None, bool]:
    """(the strings one node matches, if few; whether every match of it contains a word of ``clause``)."""
    if op in (C.LITERAL, C.IN):
        strings = frozenset({chr(av).lower()}) if op is C.LITERAL else _class(av, C)
        return strings, _covered(strings, clause)
    if op in (C.AT, C.ASSERT_NOT):
        return _EMPTY, False  # zero-width
    if op is C.ASSERT:
        direction, sub = av
        # a lookahead's text lies at or after the match, within the searched span; a lookbehind's may not
        return _EMPTY, direction == 1 and _seq(sub, clause, C)[1]
    if op is C.SUBPATTERN:
        return _seq(av[-1], clause, C)
    if op is C.ATOMIC_GROUP:
        return _seq(av, clause, C)
    if op is C.BRANCH:
        alternatives = [_seq(alt, clause, C) for alt in av[1]]
        strings = frozenset().union(*(e for e, _ in alternatives)) if all(e is not None for e, _ in alternatives) else None
        return (strings if strings is None or len(strings) <= MAX_STRINGS else None), all(ok for _, ok in alternatives)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = av
        strings, ok = _seq(sub, clause, C)
        if low == 0:
            return (_EMPTY | strings if high == 1 and strings is not None else None), False
        if low == high and strings is not None:
            power = _EMPTY
            for _ in range(low):
                power = _product(power, strings)
            return power, ok
        return None, ok
    return None, False  # any character, a back reference, a conditional group


def _seq(items, clause, C) -> tuple[frozenset | None, bool]:
    """A sequence: its strings, and whether a part of it, or adjacent parts joined, always holds a word of ``clause``."""
    exact, run, ok = _EMPTY, _EMPTY, False
    for op, av in items:
        strings, holds = _node(op, av, clause, C)
        ok = ok or holds
        exact = _product(exact, strings)
        joined = _product(run, strings)
        if joined is None:
            ok = ok or _covered(run, clause)
            run = strings if strings is not None else _EMPTY
        else:
            run = joined
    return exact, ok or _covered(run, clause)


def implies(pattern: re.Pattern, clause: tuple[str, ...]) -> bool:
    """Whether every match of ``pattern`` (in any span of a plain text) contains one of the lower-case
    words of ``clause``: read from the pattern's syntax tree as Python's re parser gives it.

    For the tests, which prove each rule's words from its patterns; never run by the checker."""
    from re import _constants as C, _parser  # noqa: PLC2701 - the tests' proof only

    return _seq(_parser.parse(pattern.pattern, pattern.flags), tuple(w.lower() for w in clause), C)[1]


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

    def has(self, clause: tuple[str, ...]) -> bool:
        """False only where none of the lower-case words of ``clause`` is in the sentence (ruled on plain text only)."""
        return not self.plain or any(w in self.lower for w in clause)


def numberish(gate: Gate, number_words, fraction_words: tuple[str, ...], digit: re.Pattern,
              word_pattern: re.Pattern, fraction: re.Pattern) -> bool:
    """Whether a digit, a number word or a fraction word is in the sentence: what
    ``(digit|word_pattern|fraction).search(text)`` says, from the sentence's words.

    ``word_pattern`` is ``\\b(?:one|of|number_words)\\b``: it matches exactly a word (a maximal
    run of word characters) that is one of ``number_words``, so on plain text a look-up of the
    lower-case words gives its answer; ``fraction`` is tried only where one of ``fraction_words``
    (which each of its matches holds) is in the sentence."""
    if digit.search(gate.text):
        return True
    if not gate.plain:
        return bool(word_pattern.search(gate.text) or fraction.search(gate.text))
    return not number_words.keys().isdisjoint(gate.words()) or (gate.has(fraction_words) and bool(fraction.search(gate.text)))


def numberish_in(gate: Gate, start: int, end: int, number_words, fraction_words: tuple[str, ...], digit: re.Pattern,
                 numberish_pattern: re.Pattern) -> bool:
    """``numberish_pattern.search(text, start, end)`` (a digit, a number word or a fraction word in a
    span), with a digit looked for first and the words of the span after that.

    As re searches a span: a word begun before ``start`` is no word there (no boundary before it),
    and a word ``end`` cuts is one (the span ends at ``end``), so "enligt" cut after "en" is "en"."""
    text = gate.text
    if digit.search(text, start, end):
        return True
    if not gate.plain or gate.has(fraction_words):
        return bool(numberish_pattern.search(text, start, end))
    for word in _WORD_RUN.finditer(text, start, end):
        if word.start() == start and start and _WORD_RUN.match(text, start - 1):
            continue
        if word[0].lower() in number_words:
            return True
    return False


def _flat(patterns):
    for p in patterns:
        if isinstance(p, re.Pattern):
            yield p
        else:
            yield from _flat(p)


def needs(*clauses: tuple[str, ...], of=()):
    """A rule that judges only what one of the patterns ``of`` matches, each of whose matches holds
    a word of every clause: skipped in a sentence that lacks one clause's words, where the rule
    finds nothing anyway. tests/test_claims_speed.py proves the clauses from the patterns
    (``implies``); a rule without this decorator runs in every sentence."""
    clauses = tuple(tuple(w.lower() for w in clause) for clause in clauses)

    def wrap(rule):
        @functools.wraps(rule)
        def gated(s, *args):
            if s.gate.plain and not all(any(w in s.gate.lower for w in clause) for clause in clauses):
                return None
            return rule(s, *args)

        gated.clauses, gated.patterns = clauses, tuple(_flat([of]))
        return gated

    return wrap
