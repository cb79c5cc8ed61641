"""Small pieces every layout mapping needs: answers as paragraphs, dates, parties, signatures."""

from __future__ import annotations

import re

from engine.formatting import date, kr
from engine.model import Insats


def paragraphs(text: str | None) -> list[str]:
    """An answer as the list of its paragraphs (split at blank lines), never empty.

    An unanswered question still gets one empty paragraph: a Word table cell must hold
    one, and the author can write in it by hand.
    """
    if not text or not text.strip():
        return [""]
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]


def joined(*texts: str | None) -> str | None:
    """Several answers to one question, as one text with a blank line between them."""
    present = [t.strip() for t in texts if t and t.strip()]
    return "\n\n".join(present) or None


def text(value) -> str:
    return "" if value is None else str(value)


def participants_sentence(insats: Insats) -> str | None:
    """``307 personer, varav 125 kvinnor och 182 män`` from the counts, if any are given."""
    p = insats.participants
    if p.total is None:
        return None
    lead = f"{p.total} {'person' if p.total == 1 else 'personer'}"
    parts = [f"{n} {label}" for n, label in ((p.women, "kvinnor"), (p.men, "män"),
                                             (p.other, "med annat eller ej angivet kön")) if n is not None]
    if len(parts) < 2:
        return lead
    return f"{lead}, varav {', '.join(parts[:-1])} och {parts[-1]}"


def signatures(insats: Insats) -> list[dict]:
    """One signature block per party: the insatsägare first, then each samverkanspart."""
    blocks = []
    for role, party in [("Insatsägare", insats.owner)] + [("Samverkanspart", p) for p in insats.partners]:
        sig = party.signature
        organisation = sig.organisation or party.organisation
        place_date = " ".join(filter(None, [sig.place, date(sig.date)]))
        blocks.append({
            "role": role,
            "organisation": organisation,
            "place": text(sig.place),
            "date": date(sig.date),
            "organisation_and_date": " ".join(filter(None, [organisation, date(sig.date)])),
            "place_and_date": place_date,
            "name": text(sig.name),
            "email": text(sig.email),
        })
    return blocks


def lessons_text(insats: Insats) -> str | None:
    """Every party's lessons as one answer, each led by the party's name."""
    return joined(*(f"{lesson.party}:\n{lesson.text}" if lesson.party else lesson.text for lesson in insats.lessons))


def economy_text(insats: Insats) -> str | None:
    """The author's comment on the economy and on returned funds, as one answer."""
    returned = insats.economy.returned
    amount = f"Återförda medel: {kr(returned.amount)}." if returned.amount is not None else None
    return joined(insats.economy.comment, amount, returned.reason, returned.consequences)
