"""Pieces: what the engine computes for a form, named in ``layout.yaml`` as ``=name``.

A declaration places source keys; what no key holds (participant sentences, economy totals,
the parties as one list, a goal's verdict) is a piece here, generic to every form. Each
piece says which source keys it answers from, so that coverage and lint stay derived:
``answers`` (keys whose values it shows), ``sums`` (keys it shows only added up), and for
pieces that give rows, ``fields`` (a row field → the source keys it comes from).
"""

from __future__ import annotations

from engine import charts, compute
from dataclasses import dataclass, field
from typing import Any, Callable

from engine.formatting import kr, percent, tkr
from engine.model import Insats, Participants
from engine.prose import escape


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


def goal_figures(goal, figures: compute.GoalFigures) -> str | None:
    """``Utfall: 157 av 199 (78,9 %); mål: 80 %`` for a measurable goal (``Mål: 80 %`` before its outcome)."""
    target = (goal.target_share.describe(lambda b: percent(b, None)) if goal.target_share is not None
              else goal.target_count.describe(lambda b: str(int(b))) if goal.target_count is not None else None)
    if goal.outcome is None:
        return f"Mål: {target}." if target else None
    said = f"{goal.outcome} av {goal.base} ({percent(figures.share)})" if figures.share is not None else f"{goal.outcome}"
    return f"Utfall: {said}" + (f"; mål: {target}." if target else ".")


def participant_paragraphs(insats: Insats, figures: compute.ParticipantFigures) -> list[str]:
    """The participant counts as a reader wants them: total by gender, how they ended, before/after."""
    p = insats.participants
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


def template_figures(figures: compute.Figures) -> dict:
    """Computed figures for templates, raw (for arithmetic in a template) and formatted."""
    money, people = figures.economy, figures.participants
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


def _subtotals(money) -> list[dict]:
    """Below the total: per year when there are several, and the förbund's funds apart from others'."""
    rows = [(f"varav {year}", b, o) for year, (b, o) in money.by_year.items()] if len(money.by_year) > 1 else []
    if money.other_financing:
        rows.append(("varav förbundets medel", money.own_budget, money.own_outcome))
        rows += [(f"varav {name}", b, o) for name, (b, o) in money.by_financier.items()
                 if not compute.paid_by_forbund(name)]
    return [{"etikett": label, "budget": b, "utfall": o} for label, b, o in rows]


def _parties(insats: Insats) -> list[dict]:
    """The insatsägare, then each samverkanspart: role, organisation, (first) contact person and
    signature, whose organisation is the party's unless the signer's own is given."""
    rows = []
    for role, party, contact in [("Insatsägare", insats.owner, insats.owner.contacts[0] if insats.owner.contacts
                                  else None)] + [("Samverkanspart", p, p.contact) for p in insats.partners]:
        sig = party.signature
        rows.append({
            "roll": role,
            "organisation": party.organisation,
            "kontaktperson": contact,
            "underskrift": {"namn": sig.name, "organisation": sig.organisation or party.organisation,
                            "ort": sig.place, "datum": sig.date, "e-post": sig.email},
        })
    return rows


def _participant_table(insats: Insats, people: compute.ParticipantFigures) -> list[dict]:
    """The participant counts as table rows: grupp (kön, flöde, avslutade till, ålder, kommun,
    strukturinriktat), kategori, antal and andel (of the whole the group is counted from)."""
    p = insats.participants
    rows = [("Kön", c.label, c.count, c.share) for c in people.by_gender]
    if people.total is not None:
        rows.append(("Kön" if people.by_gender else "Deltagare", "totalt", people.total, None))
    rows += [("Flöde", label, n, compute.share(n, p.referred) if label == "inskrivna" else None)
             for label, n in (("anvisade", p.referred), ("inskrivna", p.enrolled), ("avslutade", people.ended),
                              ("pågående", p.ongoing)) if n is not None]
    rows += [("Avslutade till", c.label, c.count, c.share) for c in people.ended_to]
    for group, counts in (("Åldersgrupp", p.age_bands), ("Kommun", p.by_area)):
        given = {k: n for k, n in counts.items() if n is not None}
        rows += [(group, k, n, compute.share(n, sum(given.values()))) for k, n in given.items()]
    rows += [("Strukturinriktat", word, n, None) for n, word in ((p.structural.staff, "personal"),
             (p.structural.activities, "aktiviteter"), (p.structural.organisations, "organisationer"))
             if n is not None]
    return [{"grupp": g, "kategori": k, "antal": n, "andel": percent(share) if share is not None else ""}
            for g, k, n, share in rows]


def _grouped_rows(groups: dict, key: str) -> list[dict]:
    return [{key: name, "budget": b, "utfall": o} for name, (b, o) in groups.items()]


def _verdict(goal, figures: compute.Figures) -> str:
    """The author's verdict, or for a measurable goal without one, the computed verdict."""
    verdict = figures.goal(goal).verdict(goal)
    return verdict.label if verdict else ""


def _indicators(goal) -> list[str]:
    return [f"**{escape(i.indicator)}**" + (f": {i.result}" if i.result else "") for i in goal.indicators]


def _charts(*pictures) -> list:
    """The charts that could be drawn (a chart without its figures is left out)."""
    return [p for p in pictures if p is not None]


def _amount(fmt: str | None):
    return tkr if fmt == "tkr" else kr


@dataclass(frozen=True)
class Piece:
    """``compute(insats, figures, item, format)`` → a value, a list of Markdown texts, or rows."""

    compute: Callable[[Insats, compute.Figures, Any, str | None], Any]
    answers: tuple[str, ...] = ()
    sums: tuple[str, ...] = ()
    row: str | None = None  # the rows it belongs in (``mål``); None: anywhere
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    help: str = ""
    chart: bool = False  # gives pictures (charts): what it answers names no Markdown heading


_TARGETS = ("mål_andel", "mål_antal", "utfall", "av")
_COUNTS = ("kvinnor", "män", "övriga", "totalt", "anvisade", "inskrivna", "pågående", "avslutade", "avslutade_till",
           "åldersgrupper", "per_kommun", "strukturinriktat.personal", "strukturinriktat.aktiviteter",
           "strukturinriktat.organisationer", "sysselsättning", "försörjning")
_PARTIES = ("insatsägare", "samverkansparter")

PIECES: dict[str, Piece] = {
    "deltagarsiffror": Piece(
        lambda insats, figures, item, fmt: [escape(p) for p in participant_paragraphs(insats, figures.participants)],
        answers=tuple(f"deltagare.{k}" for k in _COUNTS),
        help="the participants counted: by gender, the way through the insats, age bands, areas, before/after"),
    "diagram.kön_och_ålder": Piece(
        lambda insats, figures, item, fmt: _charts(charts.gender(figures), charts.age_bands(insats)),
        answers=tuple(f"deltagare.{k}" for k in ("kvinnor", "män", "övriga", "totalt", "åldersgrupper")), chart=True,
        help="charts: the participants by gender and by age band, where two or more of either are given"),
    "diagram.avslutade_till": Piece(
        lambda insats, figures, item, fmt: _charts(charts.ended_to(figures)),
        answers=("deltagare.avslutade_till", "deltagare.avslutade"), chart=True,
        help="a chart: how many ended to each outcome, with their shares"),
    "diagram.före_efter": Piece(
        lambda insats, figures, item, fmt: charts.before_after(insats),
        answers=("deltagare.sysselsättning", "deltagare.försörjning"), chart=True,
        help="charts: occupation and income before and after the insats"),
    "diagram.budget": Piece(
        lambda insats, figures, item, fmt: _charts(charts.budget(insats, figures)), answers=("ekonomi.kostnader",), chart=True,
        help="a chart: budget against outcome per cost item"),
    "ekonomi.beviljat": Piece(lambda insats, figures, item, fmt: figures.economy.granted,
                              answers=("ekonomi.beviljat",), help="the förbund's granted funds"),
    "ekonomi.utnyttjat": Piece(lambda insats, figures, item, fmt: figures.economy.used,
                               answers=("ekonomi.utnyttjat",), sums=("ekonomi.kostnader",),
                               help="the granted funds used: as stated, or the förbund's cost items' outcome"),
    "ekonomi.utnyttjat_med_andel": Piece(
        lambda insats, figures, item, fmt: used_funds(figures.economy, _amount(fmt)),
        answers=("ekonomi.utnyttjat",), sums=("ekonomi.kostnader",),
        help="used funds with their share of the granted ones and any other financing (format: kr or tkr)"),
    "ekonomi.budget_totalt": Piece(lambda insats, figures, item, fmt: figures.economy.budget_total,
                                   sums=("ekonomi.kostnader",), help="every cost item's budget, added up"),
    "ekonomi.utfall_totalt": Piece(lambda insats, figures, item, fmt: figures.economy.outcome_total,
                                   sums=("ekonomi.kostnader",), help="every cost item's outcome, added up"),
    "ekonomi.delsummor": Piece(lambda insats, figures, item, fmt: _subtotals(figures.economy),
                               sums=("ekonomi.kostnader",), fields={"etikett": (), "budget": (), "utfall": ()},
                               help="rows under the total: per year, and the förbund's funds apart from others'"),
    "ekonomi.återstår": Piece(lambda insats, figures, item, fmt: figures.economy.remainder,
                              answers=("ekonomi.beviljat", "ekonomi.utnyttjat"), sums=("ekonomi.kostnader",),
                              help="granted minus used: what is left (below 0 when more was used)"),
    "ekonomi.andel_utnyttjat": Piece(lambda insats, figures, item, fmt: percent(figures.economy.used_share),
                                     answers=("ekonomi.beviljat", "ekonomi.utnyttjat"), sums=("ekonomi.kostnader",),
                                     help="the used share of the granted funds, 84,0 %"),
    "ekonomi.per_år": Piece(lambda insats, figures, item, fmt: _grouped_rows(figures.economy.by_year, "år"),
                            sums=("ekonomi.kostnader",), fields={"år": (), "budget": (), "utfall": ()},
                            help="rows: each year's budget and outcome, from the cost items"),
    "ekonomi.per_finansiär": Piece(
        lambda insats, figures, item, fmt: _grouped_rows(figures.economy.by_financier, "finansiär"),
        sums=("ekonomi.kostnader",), fields={"finansiär": (), "budget": (), "utfall": ()},
        help="rows: each financier's budget and outcome, from the cost items"),
    "deltagare.tabell": Piece(
        lambda insats, figures, item, fmt: _participant_table(insats, figures.participants), answers=tuple(f"deltagare.{k}" for k in _COUNTS
                                                                            if k not in ("sysselsättning", "försörjning")),
        fields={"grupp": (), "kategori": (), "antal": (), "andel": ()},
        help="rows: the participant counts (grupp, kategori, antal, andel): by gender, the way through, "
             "how they ended, age bands, areas, structural reach"),
    "ekonomi.fullt_utnyttjat": Piece(lambda insats, figures, item, fmt: figures.economy.fully_used,
                                     help="ja when the granted funds were used in full, nej when not, else tomt"),
    "parter": Piece(
        lambda insats, figures, item, fmt: _parties(insats),
        fields={"roll": (), "organisation": tuple(f"{p}.organisation" for p in _PARTIES),
                "kontaktperson": ("insatsägare.kontaktpersoner", "samverkansparter.kontaktperson"),
                "underskrift": tuple(f"{p}.underskrift" for p in _PARTIES)},
        help="rows: the insatsägare, then each samverkanspart (roll, organisation, kontaktperson, underskrift)"),
    "nummer": Piece(lambda insats, figures, item, fmt: None, row="*", help="the row's number, from 1"),
    "bedömning": Piece(lambda insats, figures, item, fmt: _verdict(item, figures), row="mål",
                       answers=("mål.uppnått",) + tuple(f"mål.{k}" for k in _TARGETS),
                       help="whether the goal was met: the author's ja/nej/delvis, or else computed"),
    "målsiffror": Piece(lambda insats, figures, item, fmt: [escape(f)] if (f := goal_figures(item, figures.goal(item))) else [], row="mål",
                        answers=tuple(f"mål.{k}" for k in _TARGETS),
                        help="a measurable goal's outcome and target: Utfall: 157 av 199 (78,9 %); mål: 80 %"),
    "indikatorer": Piece(lambda insats, figures, item, fmt: _indicators(item), row="mål", answers=("mål.indikatorer",),
                         help="the goal's indicators, each in bold with its result"),
}


def unknown(ref: str, row: str | None, data: dict) -> str | None:
    """Why ``ref`` (a part of a declaration, inside rows of ``row``) names nothing, or None."""
    import difflib

    from engine.layouts.declaration import key_paths, model_path

    if ref.startswith("@"):
        return None if ref[1:] in data else f"'{ref}': this layout.yaml has no key '{ref[1:]}'"
    if ref.startswith("="):
        piece = PIECES.get(ref[1:])
        if piece is None:
            return f"unknown piece '{ref}'; the engine computes {', '.join('=' + p for p in PIECES)}"
        if piece.row not in (None, "*") and piece.row != row:
            return f"'{ref}' belongs in rows of '{piece.row}'"
        if piece.row == "*" and row is None:
            return f"'{ref}' belongs in rows"
        return None
    if row is not None and row.startswith("="):
        fields = PIECES.get(row[1:].split(".")[0] if row[1:] not in PIECES else row[1:])
        roots = fields.fields if fields else {}
        if ref.split(".")[0] in roots:
            return None
        return f"unknown field '{ref}' of {row}'s rows; they have {', '.join(roots)}"
    if row is not None and row.startswith("@"):
        return None
    full = f"{row}.{ref}" if row else ref
    if model_path(full) is None:
        known = [k[len(row) + 1:] for k in key_paths() if k.startswith(f"{row}.")] if row else key_paths()
        close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
        return (f"unknown source key '{full}'" + (f"; did you mean '{close[0]}'?" if close else "")
                + (" (inside rows, keys are relative to the row)" if row else ""))
    return None
