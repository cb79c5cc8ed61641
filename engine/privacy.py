"""Person-level data in a source: what a report to a samordningsförbund must not hold.

A förbund has no legal ground to keep personal data about the participants (GDPR; the law on
finansiell samordning gives it none), so the reports it receives, and the record it adds up
from them, must be aggregate only. Two things are looked for, in every text the author wrote:

- Swedish personal identity numbers (personnummer) and coordination numbers
  (samordningsnummer, the day + 60): ten or twelve digits, ``YYMMDD-NNNC``, ``YYYYMMDDNNNC``,
  ``-``, ``+`` (over 100 years old) or no separator, with a real date and a valid Luhn check
  digit. Organisationsnummer (month 20 or more), diarienummer, phone numbers, amounts and dates
  never have both, and digits inside a longer number or code are never read as one;
- a participant named in a sentence that tells of a diagnosis, a benefit or a case
  ("Deltagaren Anna (34) har diagnosen ADHD"): a common given name (``data/given_names.txt``)
  in the same sentence as such a word, outside the contact and signature fields, and not a
  member of staff ("projektledaren Anna", "Anna Berg, projektledare", "Anna på Arbetsförmedlingen").

Precision comes first, as in :mod:`engine.claims`: a general sentence about participants and
försörjningsstöd, without a name, is never flagged. It runs on every check and build, so it is
cheap and linear: a text is searched once for digits and once for capitalised words (each
pattern begins with what it looks for, which the regular-expression engine skips to at C
speed); only the text near a given name is searched for the words, and only around them is
it cut into sentences.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from engine.claims import sentences, texts
from engine.errors import Problem, dotted
from engine.sources.located import Located


@dataclass(frozen=True)
class PersonalData(Problem):
    """A warning that the source holds person-level data (see :func:`is_personal`)."""


def is_personal(problem: Problem) -> bool:
    """Whether ``problem`` says its source holds person-level data, which no record of the
    förbund may take in until it is removed."""
    return isinstance(problem, PersonalData)


#: Ten or twelve digits as an identity number is written (the date with or without its century,
#: a separator or none, four digits), never begun or ended inside a longer number or code
#: (``2023-000123``, ``KS-2014/742.912``, ``1234,50``) nor after a ``+`` (``+4670…``). It begins
#: with the digit, so that the search skips everything else at C speed.
_IDENTITY = re.compile(r"\d(?<![^\W_]\d|\+\d)(?<!\d[-/.,:–]\d)(?:\d{7}|\d{5})(?P<sep>[-+–\u2011]?)\d{4}"
                       r"(?![^\W_])(?![-/.,:–+]\d)")
_DIAGNOSIS = (r"diagnos\w*|autism\w*|asperger\w*|depression\w*|deprimerad\w*|ångest\w*|bipolär\w*|schizofren\w*|"
              r"psykos\w*|utmattningssyndrom\w*|utbränd\w*|missbruk\w*|alkoholism\w*|alkoholberoende\w*|"
              r"drogberoende\w*|spelberoende\w*|epilepsi\w*|diabetes|cancer\w*|dyslexi\w*|tourette\w*|anorexi\w*|"
              r"bulimi\w*|ätstörning\w*|personlighetssyndrom\w*|utvecklingsstörning\w*|sjukskriv\w*|fibromyalgi\w*|"
              r"psykisk\w*\s+ohälsa|(?-i:ADHD|ADD|NPF|OCD|PTSD|[A-TV-Z]\d\d\.\d{1,2}|F\d\d)")
_BENEFIT = (r"sjukpenning\w*|sjukersättning\w*|aktivitetsersättning\w*|försörjningsstöd\w*|ekonomiskt\s+bistånd|"
            r"a-kassa\w*|arbetslöshetsersättning\w*|aktivitetsstöd\w*|etableringsersättning\w*|bostadsbidrag\w*|"
            r"bostadstillägg\w*|rehabiliteringspenning\w*|rehabiliteringsersättning\w*|assistansersättning\w*|"
            r"merkostnadsersättning\w*|handikappersättning\w*|utvecklingsersättning\w*|lönebidrag\w*|(?-i:LSS)")
#: A case word counts with its number after it ("ärende 2021-1234") or a name's genitive before ("Kalles ärende").
_CASE = r"ärende\w*|akt(?:en|nummer|nr)?|journal\w*"
_CASE_NUMBER = r"[ \t]*(?::[ \t]*)?(?:nr\.?[ \t]*|nummer[ \t]*)?(?-i:[A-ZÅÄÖ]{1,5}[ \t-]?)?\d"
_TERMS = re.compile(rf"(?<!\w)(?:(?P<diagnosis>{_DIAGNOSIS})|(?P<benefit>{_BENEFIT})|(?P<case>{_CASE}))(?!\w)"
                    rf"(?P<casenumber>(?={_CASE_NUMBER}))?", re.IGNORECASE)

_KINDS = {"diagnosis": "a diagnosis", "benefit": "a benefit", "case": "a case"}
#: Fields that name people as they should be named: who to contact, who signs, who reported.
_CONTACT_KEYS = frozenset({"kontaktpersoner", "kontaktperson", "underskrift", "uppgiftslämnare"})
#: Given names that are Swedish words too ("Per deltagare …", "Klara mål"): not a name at a sentence's start.
_WORDS_TOO = frozenset({"Per", "Bo", "Max", "Dan", "Klara", "Saga", "Axel", "Björn", "Hans", "Karl", "Sten",
                        "Stig", "Lina", "Liv", "Love", "Mia", "Vera", "Ola", "Ove", "Signe", "Gun", "Kent"})
_ROLE = (r"(?i:[\w-]*(?:ledare|samordnare|handläggare|coach|terapeut|konsulent|kurator|psykolog|sjuksköterska|läkare|"
         r"chef|ordförande|ledamot|utvärderare|forskare|kontaktperson|sekreterare|koordinator|lärare|medarbetare|"
         r"kollega|förmedlare|utredare|vägledare|specialist|rådgivare|strateg|assistent|representant|tjänsteperson|"
         r"tjänsteman)(?:n|en|na|er|erna)?)")
_WORD = r"[A-ZÅÄÖÉ][a-zåäöéèü]+(?:-[A-ZÅÄÖ][a-zåäöéèü]+)?"
#: A name that belongs to staff: its role before it ("projektledaren Anna") or after it, or its
#: organisation, also after the names it is listed with ("Anna Berg, projektledare", "Anna
#: (samordnare)", "Anna som är kurator", "Sofia och Peter på Försäkringskassan").
_STAFF_BEFORE = re.compile(rf"(?<!\w){_ROLE}[ \t]+$")
_LISTED = rf"(?:[ \t]+{_WORD}){{0,2}}(?:(?:[ \t]*,[ \t]*|[ \t]+(?:och|&)[ \t]+){_WORD}(?:[ \t]+{_WORD})?){{0,3}}"
_AS = r"(?:[ \t]*[,(–—:][ \t]*|[ \t]+(?:som[ \t]+)?(?:är|var|arbetar[ \t]+som|jobbar[ \t]+som)[ \t]+)"
_STAFF_AFTER = re.compile(rf"{_LISTED}(?:{_AS}(?:(?:vår|projektets|insatsens)[ \t]+)?{_ROLE}(?!\w)"
                          r"|[ \t]+(?:på|från|vid|hos|inom)[ \t]+[A-ZÅÄÖ])")
#: A given name with a surname after it is staff or someone else named in full ("Maria Ekström",
#: and "Maria Ungdom", a clinic), unless the sentence marks them a participant: a word for one
#: before it ("deltagaren Anna Svensson") or the age after it ("Anna Svensson (34)", ", 34 år").
_SURNAME = re.compile(rf"[ \t]+{_WORD}")
_PARTICIPANT_BEFORE = re.compile(r"(?<!\w)(?i:deltagar\w*|klient\w*|individ\w*|ungdom\w*|brukar\w*|kvinnan|mannen|"
                                 r"personen|killen|tjejen|flickan|pojken)[ \t]+$")
_AGE_AFTER = re.compile(rf"(?:[ \t]+{_WORD}){{1,2}}[ \t]*(?:\(\d{{1,2}}(?:[ \t]*år)?\)|,[ \t]*\d{{1,2}}[ \t]*år)")
#: A capitalised word, begun with its capital (for a fast search), not inside a word or a
#: hyphenated one (Markdown's ``_…_`` around it is no part of it).
_NAME = re.compile(r"[A-ZÅÄÖÉ](?<![^\W_][A-ZÅÄÖÉ]|-[A-ZÅÄÖÉ])[a-zåäöéèü]+(?:-[A-ZÅÄÖ][a-zåäöéèü]+)?"
                   r"(?![^\W_]|-)")
_GENITIVE = re.compile(r"(?<!\w)([A-ZÅÄÖÉ][a-zåäöéèü]+)s[ \t]+$")
_SENTENCE_START = re.compile(r"[\s*_>#|•\-\"“'(]*")
_CURRENCY = re.compile(r"[ \t\u00a0]*(?:kr|kronor|sek|tkr|mkr|:-)(?!\w)", re.IGNORECASE)
_PHONE_CUE = re.compile(r"(?<!\w)(?:tel|telefon\w*|tfn|mobil\w*|mob|ring\w*|sms|fax|växel)[.:]?[ \t]*$", re.IGNORECASE)
_PHONE_KEYS = frozenset({"telefon"})

#: How far from a word its sentence is looked for: a sentence is rarely a tenth of this.
REACH = 1000
WHY = ("a report to the förbund must be aggregate only, since the förbund has no legal ground to hold personal "
       "data about participants (GDPR)")


@cache
def given_names() -> frozenset[str]:
    """The shipped list of common Swedish given names."""
    text = resources.files("engine").joinpath("data", "given_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _identity_number(match: re.Match, text: str, path: tuple = ()) -> str | None:
    """``"personnummer"`` or ``"samordningsnummer"`` if the digits ``match`` found are one:
    a real date (its day + 60 for a samordningsnummer) in the century given (18, 19 or 20), a
    birth number other than 000 and a valid check digit, and not a phone number or an amount as
    written; else None."""
    sep = match["sep"]
    head, serial = match[0][:match.start("sep") - match.start()], match[0][-4:]
    century, date = (head[:2], head[2:]) if len(head) == 8 else (None, head)
    month, day = int(date[2:4]), int(date[4:])
    kind = "samordningsnummer" if day > 60 else "personnummer"
    day -= 60 if day > 60 else 0
    if century not in (None, "18", "19", "20") or not 1 <= month <= 12 or not 1 <= day <= _DAYS[month - 1]:
        return None
    if month == 2 and day == 29 and not any(calendar.isleap(y) for y in _years(int(date[:2]), century, sep)):
        return None
    if serial[:3] == "000" or not _luhn(date + serial) or _CURRENCY.match(text, match.end()):
        return None  # no birth number, a wrong check digit, or an amount: "1012124564 kr"
    if not century and not sep and date[0] == "0" and (
            path[-1:] and path[-1] in _PHONE_KEYS or _PHONE_CUE.search(text, max(0, match.start() - 20), match.start())):
        return None  # a phone number written without spaces: "tel. 0701234569"
    return kind


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _years(year: int, century: str | None, sep: str) -> list[int]:
    """The years a two-digit ``year`` can stand for: in the century written, else 19xx or 20xx
    (``-`` or no separator) or 18xx or 19xx (``+``: over a hundred years old)."""
    if century:
        return [int(century) * 100 + year]
    return [1800 + year, 1900 + year] if sep == "+" else [1900 + year, 2000 + year]


#: Each digit's part of the Luhn sum where it is doubled.
_DOUBLED = tuple(n * 2 - 9 if n > 4 else n * 2 for n in range(10))


def _luhn(digits: str) -> bool:
    """The check digit of a Swedish identity number: the Luhn sum of all ten digits ends in 0."""
    return (sum(_DOUBLED[int(c)] for c in digits[0::2]) + sum(map(int, digits[1::2]))) % 10 == 0


def _masked(match: re.Match) -> str:
    """The number as written with its last four digits hidden: ``19850312-••••``."""
    return match[0][:-4] + "••••"


@dataclass(frozen=True)
class Finding:
    """One piece of person-level data in a text: where it starts and what to say about it."""

    start: int
    message: str


def findings(text: str, path: tuple = ()) -> list[Finding]:
    """Every identity number and every named participant with a diagnosis, benefit or case in
    ``text`` (the value at ``path``, whose keys say whether it is a contact field), in text order."""
    found = []
    for m in _IDENTITY.finditer(text):
        kind = _identity_number(m, text, path)
        if kind is not None:
            what = "a personal identity number" if kind == "personnummer" else "a coordination number"
            found.append(Finding(m.start(), f"{what} ({kind}) {_masked(m)}: {WHY}; remove it"))
    if not _CONTACT_KEYS.intersection(p for p in path if isinstance(p, str)):
        found += _named(text)
    found.sort(key=lambda f: f.start)
    return found


def _given(word: str) -> str | None:
    """The given name ``word`` is, or is the genitive of ("Kalles" → "Kalle"), if any."""
    names = given_names()
    return word if word in names else word[:-1] if word.endswith("s") and word[:-1] in names else None


def _named(text: str) -> list[Finding]:
    """One finding for each sentence that names a participant and tells of a diagnosis, benefit
    or case. The words are only looked for within ``REACH`` of a given name, and only around
    them is the text cut into sentences."""
    names = [m.start() for m in _NAME.finditer(text) if _given(m[0])]
    found, done, scanned = [], 0, 0
    for at in names:
        low, high = max(at - REACH, scanned), min(len(text), at + REACH)
        scanned = max(scanned, high)
        for term in _TERMS.finditer(text, low, high):
            pos = term.start()
            if pos < done or (term["case"] is not None and term["casenumber"] is None
                              and not _genitive_name(text, pos)):
                continue
            start, end = _sentence(text, pos, done)
            done = end
            i = bisect.bisect_left(names, start)
            named = _participant(text, start, end) if i < len(names) and names[i] < end else None
            if named is not None:
                kind, (at_name, name) = next(k for k in _KINDS if term[k] is not None), named
                found.append(Finding(at_name, f"names “{name}” in a sentence about {_KINDS[kind]} (“{term[kind]}”): "
                                            f"{WHY}; write it without the name, as figures for the participants as "
                                            "a group (“3 av 12 deltagare …”)"))
    return found


def _sentence(text: str, pos: int, floor: int) -> tuple[int, int]:
    """The sentence (:func:`engine.claims.sentences`, a table row on its own) around ``pos``, at
    most ``REACH`` characters either side of it and not before ``floor``, where the last one ended:
    each character is looked at about once however many words a text holds."""
    for start, end in sentences(text, max(floor, pos - REACH), min(len(text), pos + REACH)):
        if end >= pos:
            break
    line_start, line_end = text.rfind("\n", start, pos) + 1 or start, text.find("\n", pos, end)
    if "|" in text[line_start:pos] or "|" in text[pos:end if line_end < 0 else line_end]:
        return line_start, end if line_end < 0 else line_end  # a table row
    return start, end


def _genitive_name(text: str, pos: int) -> bool:
    before = _GENITIVE.search(text, max(0, pos - 30), pos)
    return before is not None and before[1] in given_names()


def _participant(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Where the first given name between ``start`` and ``end`` that is a participant's is, and
    the name, if there is one."""
    opening = _SENTENCE_START.match(text, start).end()
    for m in _NAME.finditer(text, start, end):
        word, name = m[0], _given(m[0])
        if name is None or (m.start() == opening and word in _WORDS_TOO):
            continue
        before = text[max(start, m.start() - 40):m.start()]
        if _SURNAME.match(text, m.end(), end):
            if _PARTICIPANT_BEFORE.search(before) or _AGE_AFTER.match(text, m.end(), end):
                return m.start(), name
        elif not _STAFF_BEFORE.search(before) and not _STAFF_AFTER.match(text, m.end(), end):
            return m.start(), name
    return None


def check(located: Located) -> list[PersonalData]:
    """A warning for each piece of person-level data in the source, at its line and key."""
    problems = []
    for path, text in texts(located.data, ()):
        exact = path in located.text_starts  # else every offset is on the key's own line
        line, counted = located.line_in_text(path, text, 0), 0
        for f in findings(text, path):
            if exact:
                line, counted = line + text.count("\n", counted, f.start), f.start
            problems.append(PersonalData(located.file, line, None, dotted(path), f.message, "warning"))
    return problems
