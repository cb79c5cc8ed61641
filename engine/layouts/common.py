"""Small pieces every layout mapping needs: answers as Prose, computed lines, parties, signatures."""

from __future__ import annotations

from engine import compute
from engine.formatting import date, kr, percent, tkr
from engine.model import Insats, Participants
from engine.prose import Prose, escape


def participants_sentence(figures: compute.ParticipantFigures) -> str | None:
    """``307 personer, varav 125 kvinnor och 182 män`` from the counts, if any are given."""
    if figures.total is None:
        return None
    lead = f"{figures.total} {'person' if figures.total == 1 else 'personer'}"
    names = {"övriga": "med annat eller ej angivet kön"}
    parts = [f"{c.count} {names.get(c.label, c.label)}" for c in figures.by_gender]
    if not parts:
        return lead
    if len(parts) == 1:
        only = figures.by_gender[0]
        return f"{lead}, samtliga {names.get(only.label, only.label)}" if only.count == figures.total \
            else f"{lead}, varav {parts[0]}"
    return f"{lead}, varav {', '.join(parts[:-1])} och {parts[-1]}"


def funnel_sentence(p: Participants, figures: compute.ParticipantFigures) -> str | None:
    """``Anvisade: 150; inskrivna: 120 (80,0 % av de anvisade); avslutade: 100; pågående: 20``:
    the way through the insats, where the source follows it further than its total."""
    stages = [("anvisade", p.referred), ("inskrivna", p.enrolled), ("avslutade", p.ended), ("pågående", p.ongoing)]
    if all(n is None for label, n in stages if label != "inskrivna") and p.enrolled in (None, figures.total):
        return None  # the total says it all
    if p.enrolled is None and p.referred is not None and figures.total is not None:
        stages[1] = ("deltagare", figures.total)
    parts = []
    for label, n in stages:
        if n is None:
            continue
        of_referred = compute.share(n, p.referred) if label in ("inskrivna", "deltagare") else None
        parts.append(f"{label}: {n}" + (f" ({percent(of_referred)} av de anvisade)" if of_referred is not None else ""))
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:]


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
            "place": sig.place,
            "date": date(sig.date),
            "organisation_and_date": " ".join(filter(None, [organisation, date(sig.date)])),
            "place_and_date": place_date,
            "name": sig.name,
            "email": sig.email,
        })
    return blocks


def lessons_prose(insats: Insats) -> Prose:
    """Every party's lessons as one answer, each led by the party's name in bold."""
    return Prose(*(f"**{escape(lesson.party)}**\n\n{lesson.text}" if lesson.party else lesson.text
                   for lesson in insats.lessons))


def used_funds(money, amount=kr) -> str:
    """``800 000 kr (66,7 % av beviljade medel); övrig finansiering: Tierps kommun 150 000 kr``,
    each amount written by ``amount`` (kr, or tkr where a form keeps to tkr)."""
    used = amount(money.used)
    if used and money.used_share is not None:
        used += f" ({percent(money.used_share)} av beviljade medel)"
    if money.other_financing:
        others = ", ".join(f"{name} {amount(value)}" for name, value in money.other_financing.items())
        used += f"; övrig finansiering: {others}"
    return used


def economy_prose(insats: Insats) -> Prose:
    """The author's comment on the economy and on returned funds, as one answer."""
    returned = insats.economy.returned
    amount = f"Återförda medel: {kr(returned.amount)}." if returned.amount is not None else None
    return Prose(insats.economy.comment, amount and escape(amount), returned.reason, returned.consequences)


#: What a goals table shows of each goal (``typ``, the goal's kind, is for the förbund's register).
GOAL_KEYS = [f"mål.{key}" for key in ("rubrik", "mål", "uppnått", "resultat", "mål_andel", "mål_antal", "utfall",
                                       "av", "indikatorer")]


def result_prose(goal) -> Prose:
    """A goal's result followed by its computed figures and its indicators' results."""
    figures = goal_figures(goal)
    indicators = [f"**{escape(i.indicator)}**" + (f": {i.result}" if i.result else "") for i in goal.indicators]
    return Prose(goal.result, figures and escape(figures), *indicators)


def participants_prose(insats: Insats, *before: str | None) -> Prose:
    """``before`` answers, then the computed participant lines, then the author's comment."""
    return Prose(*before, *map(escape, participant_paragraphs(insats)), insats.participants.structural.comment,
                 insats.participants.comment)


def goal_figures(goal) -> str | None:
    """``Utfall: 157 av 199 (78,9 %); mål: 80 %`` for a measurable goal (``Mål: 80 %`` before its outcome)."""
    figures = compute.goal(goal)
    target = (goal.target_share.describe(lambda b: percent(b, None)) if goal.target_share is not None
              else goal.target_count.describe(lambda b: str(int(b))) if goal.target_count is not None else None)
    if goal.outcome is None:
        return f"Mål: {target}." if target else None
    said = f"{goal.outcome} av {goal.base} ({percent(figures.share)})" if figures.share is not None else f"{goal.outcome}"
    return f"Utfall: {said}" + (f"; mål: {target}." if target else ".")


def participant_paragraphs(insats: Insats) -> list[str]:
    """The participant counts as a reader wants them: total by gender, how they ended, before/after."""
    p, figures = insats.participants, compute.participants(insats)
    out = []
    sentence = participants_sentence(figures)
    funnel = funnel_sentence(p, figures)
    out += [line + "." for line in (sentence, funnel) if line]
    if figures.ended_to:
        parts = ", ".join(f"{c.label} {c.count} ({percent(c.share)})" for c in figures.ended_to)
        out.append(f"Avslutade till: {parts}; av {figures.ended} avslutade.")
    for label, counts in (("Åldersgrupper", p.age_bands), ("Per kommun", p.by_area)):
        given = {k: n for k, n in counts.items() if n is not None}
        if given:
            whole = sum(given.values())
            out.append(f"{label}: " + ", ".join(f"{k} {n} ({percent(compute.share(n, whole))})"
                                                for k, n in given.items()) + ".")
    structural = [(n, word) for n, word in ((p.structural.staff, "personal"), (p.structural.activities, "aktiviteter"),
                                            (p.structural.organisations, "organisationer")) if n is not None]
    if structural:
        out.append("Strukturinriktade delar: " + ", ".join(f"{n} {word}" for n, word in structural) + ".")
    for label, rows in (("Sysselsättning", p.occupation), ("Försörjning", p.income)):
        if rows:
            cells = "; ".join(f"{r.category} {'' if r.before is None else r.before} → "
                              f"{'' if r.after is None else r.after}" for r in rows)
            out.append(f"{label} före → efter insats (antal): {cells}.")
    return out


def figures(insats: Insats) -> dict:
    """Computed figures for templates, raw (for arithmetic in a template) and formatted."""
    money, people = compute.economy(insats), compute.participants(insats)
    return {
        "economy": {
            "granted": money.granted, "used": money.used, "remainder": money.remainder,
            "used_share": money.used_share, "budget_total": money.budget_total,
            "outcome_total": money.outcome_total, "fully_used": money.fully_used,
            "own_outcome": money.own_outcome, "other_financing": money.other_financing,
            "granted_kr": kr(money.granted), "used_kr": kr(money.used), "remainder_kr": kr(money.remainder),
            "used_share_pct": percent(money.used_share), "budget_total_tkr": tkr(money.budget_total),
            "outcome_total_tkr": tkr(money.outcome_total),
            "by_year": [{"year": y, "budget": b, "outcome": o, "budget_kr": kr(b), "outcome_kr": kr(o)}
                        for y, (b, o) in money.by_year.items()],
            "by_financier": [{"financier": f, "budget": b, "outcome": o, "budget_kr": kr(b), "outcome_kr": kr(o)}
                             for f, (b, o) in money.by_financier.items()],
        },
        "participants": {
            "total": people.total, "ended": people.ended, "referred": people.referred,
            "ongoing": people.ongoing,
            "by_gender": [{"label": c.label, "count": c.count, "share": c.share, "share_pct": percent(c.share)}
                          for c in people.by_gender],
            "ended_to": [{"label": c.label, "count": c.count, "share": c.share, "share_pct": percent(c.share)}
                         for c in people.ended_to],
        },
    }
