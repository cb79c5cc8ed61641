"""The förbund's follow-up record: each report's figures as rows of declared tables.

Since SUS closed (2023) each förbund keeps its own record of its insatser, in the national
follow-up's categories where the model has them (Uppföljning Finsam: individ- or
strukturinriktad, gender, age band, income source before and after, how participants
ended). The tables here are that record — one row per insats, per goal, per cost item, per
outcome … — and the board summary (:mod:`engine.writers.board`) is drawn from the same
rows. The declarations are the one description of the columns: the record's files
(:mod:`engine.writers.record`) follow them, and ``docs/record.md`` is generated from them
(``slutrapport columns``), so neither can drift.

Aggregate only: counts, amounts, shares, dates and the insats's own names (its name, owner
and parties). Contact persons, signers and the reporter are people, never organisations:
no column holds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from engine import compute
from engine.errors import Problem
from engine.formatting import percent, round_half_up
from engine.model import Achieved, Insats

#: What a column holds: its cells' type in every file (see engine.writers.record).
KINDS = ("text", "count", "year", "amount", "share", "date")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str        # the sheet's and the JSON key's name
    file: str        # the CSV file's part of the name (ASCII: uppfoljning-<file>.csv)
    meaning: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _columns(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


#: The columns that say which insats a row of another table belongs to.
_OF_INSATS = (("diarienummer", "text", "the insats's diarienummer, as its report writes it"),
              ("insats", "text", "the insats's name"))

INSATSER = Table("insatser", "insatser", "One row per insats: its report's figures.", _columns(
    ("diarienummer", "text", "the förbund's case number, as the report writes it"),
    ("namn", "text", "the insats's name"),
    ("förbund", "text", "the förbund: the name its form gives, or `förbund:` as written where no form is known"),
    ("insatsägare", "text", "the organisation carrying the insats out"),
    ("samverkansparter", "text", "the partner organisations, separated by `; `"),
    ("insatstyp", "text", "`individinriktad`, `strukturinriktad` or `individ- och strukturinriktad`, as "
                          "Uppföljning Finsam registers insatser; empty where the report does not say"),
    ("start", "date", "the insats's first day"),
    ("slut", "date", "its last day"),
    ("rapportdatum", "date", "the report's date (`uppgiftslämnare.datum`)"),
    ("beviljat_kr", "amount", "the förbund's funds granted"),
    ("utnyttjat_kr", "amount", "the förbund's funds used: as stated, or else the outcome of the cost items it paid"),
    ("utnyttjad_andel", "share", "utnyttjat_kr / beviljat_kr"),
    ("återfört_kr", "amount", "funds returned to the förbund"),
    ("övrig_finansiering_kr", "amount", "the outcome of the cost items other financiers paid"),
    ("kostnad_per_deltagare_kr", "amount", "utnyttjat_kr / deltagare_totalt, in whole kronor"),
    ("deltagare_totalt", "count", "the participants: as stated, or else kvinnor + män + övriga, or else those inskrivna"),
    ("kvinnor", "count", "women taking part"),
    ("män", "count", "men taking part"),
    ("övriga", "count", "others, or gender not stated"),
    ("anvisade", "count", "referred to the insats"),
    ("avslutade", "count", "ended: as stated, or else the sum of table utfall"),
    ("pågående", "count", "still taking part at the report's date"),
    ("personal", "count", "staff a structural insats trained or reached"),
    ("aktiviteter", "count", "events a structural insats held"),
    ("organisationer", "count", "organisations a structural insats reached"),
    ("mål_totalt", "count", "the goals"),
    ("mål_uppnådda", "count", "goals met (`ja`), as the report says or else as computed"),
    ("mål_delvis", "count", "goals partly met (`delvis`)"),
    ("mål_ej_uppnådda", "count", "goals not met (`nej`)"),
    ("mål_ej_bedömda", "count", "goals with no verdict, written or computable"),
    ("implementering", "text", "the first sentences of the answer on implementation (`implementering`), "
                               "ending in … where more follows; empty where unanswered"),
    ("varningar", "count", "the report's warnings: figures that do not add up (table anmärkningar)"),
    ("obesvarade_frågor", "count", "questions of the report's own form left unanswered"),
    ("källa", "text", "the report's source file, as named on the command line or found in a named folder"),
))

MÅL = Table("mål", "mal", "One row per goal.", _columns(
    *_OF_INSATS,
    ("nummer", "count", "the goal's number in its report, from 1"),
    ("rubrik", "text", "the heading the goal stands under"),
    ("typ", "text", "the goal's kind (individmål, förnyelsemål …)"),
    ("mål", "text", "the goal, as plain text"),
    ("bedömning", "text", "`ja`, `delvis` or `nej`: the report's verdict, or else the one computed from the figures"),
    ("bedömning_i_rapporten", "text", "the verdict as the report writes it (`Ja (76 %)`); empty where computed"),
    ("utfall", "count", "the measured outcome"),
    ("av", "count", "what the outcome is counted of"),
    ("andel", "share", "utfall / av"),
    ("målvärde", "text", "the target (`80 %`, `högst 10`, `40–60 %`)"),
    ("uppnått_enligt_siffrorna", "text", "`ja` or `nej`: whether the figures meet the target; empty where "
                                         "the goal is not measurable"),
))

KOSTNADER = Table("kostnader", "kostnader", "One row per cost item.", _columns(
    *_OF_INSATS,
    ("post", "text", "the cost item"),
    ("år", "year", "the year it belongs to"),
    ("finansiär", "text", "who paid it, as written"),
    ("förbundets_medel", "text", "`ja` where the förbund's funds paid it (no financier, or the förbund), else `nej`"),
    ("budget_kr", "amount", "its budget"),
    ("utfall_kr", "amount", "its outcome"),
))

UTFALL = Table("utfall", "utfall", "One row per outcome: how many ended to it (avslutsanledning).", _columns(
    *_OF_INSATS,
    ("avslutade_till", "text", "the outcome, as the report names it (`arbete`, `studier` …)"),
    ("antal", "count", "how many ended to it"),
    ("andel", "share", "of those who ended"),
))

ÅLDERSGRUPPER = Table("åldersgrupper", "aldersgrupper", "One row per age band.", _columns(
    *_OF_INSATS,
    ("åldersgrupp", "text", "the age band, as the report names it"),
    ("antal", "count", "participants in it"),
    ("andel", "share", "of the participants counted by age band"),
))

FÖRSÖRJNING = Table("försörjning", "forsorjning", "One row per income source (försörjningskälla), before and after.",
                    _columns(*_OF_INSATS,
                             ("kategori", "text", "the income source, as the report names it"),
                             ("före", "count", "participants with it before the insats"),
                             ("efter", "count", "participants with it after")))

SYSSELSÄTTNING = Table("sysselsättning", "sysselsattning", "One row per occupation, before and after.",
                       _columns(*_OF_INSATS,
                                ("kategori", "text", "the occupation, as the report names it"),
                                ("före", "count", "participants in it before the insats"),
                                ("efter", "count", "participants in it after")))

PER_KOMMUN = Table("per_kommun", "per_kommun", "One row per kommun or sub-project the participants are counted by.",
                   _columns(*_OF_INSATS,
                            ("område", "text", "the kommun or sub-project"),
                            ("antal", "count", "participants in it")))

ANMÄRKNINGAR = Table("anmärkningar", "anmarkningar",
                     "One row per finding in a report: what the board signs off on unsettled.", _columns(
                         ("källa", "text", "the report's source file"),
                         ("rad", "count", "the line in it, where known"),
                         ("nyckel", "text", "the source key (`deltagare.totalt`)"),
                         ("slag", "text", "`fel` (the report is left out of the record), `varning` (figures "
                                          "that do not add up), `anmärkning`, or `obesvarad fråga`"),
                         ("meddelande", "text", "what is wrong, as `slutrapport check` says it (in English); for "
                                                "an unanswered question, the question as its form asks it"),
                     ))

TABLES = (INSATSER, MÅL, KOSTNADER, UTFALL, ÅLDERSGRUPPER, FÖRSÖRJNING, SYSSELSÄTTNING, PER_KOMMUN, ANMÄRKNINGAR)
BY_NAME = {t.name: t for t in TABLES}

_SEVERITY = {"error": "fel", "warning": "varning", "note": "anmärkning"}
UNANSWERED = "obesvarad fråga"


def kind_label(kinds: list[str]) -> str | None:
    """The insats's kind as one category: the national follow-up registers one with both parts as two."""
    if len(set(kinds)) > 1:
        return "individ- och strukturinriktad"
    return kinds[0] if kinds else None


def plain(markdown: str | None) -> list[str]:
    """The paragraphs of a Markdown answer as a reader sees them, markup dropped."""
    from engine.writers.richtext import parse

    if not markdown:
        return []
    out: list[str] = []

    def inline(node) -> str:
        if node.type in ("text", "code_inline"):
            return node.content
        if node.type in ("softbreak", "hardbreak"):
            return " "
        if node.type in ("footnote_ref", "html_inline"):
            return ""
        return "".join(inline(c) for c in node.children)

    def walk(node) -> None:
        for child in node.children:
            if child.type in ("paragraph", "heading"):
                text = " ".join(inline(child.children[0]).split())
                if text:
                    out.append(text)
            elif child.type != "footnote_block":
                walk(child)

    walk(parse(markdown))
    return out


EXCERPT = 200  # characters: a line or two of a table cell


def excerpt(markdown: str | None) -> str | None:
    """The opening of an answer in its author's words (:func:`shorten` of its first paragraph)."""
    paragraphs = plain(markdown)
    return shorten(paragraphs[0], more=len(paragraphs) > 1) if paragraphs else None


def shorten(text: str, more: bool = False) -> str:
    """``text``'s whole sentences up to :data:`EXCERPT` characters (else its words up to there),
    with … where more follows (``more``: after the text, too)."""
    import re

    if len(text) <= EXCERPT:
        return text + (" …" if more else "")
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ0-9])", text[:EXCERPT + 1])]
    cut = ends[-1] if ends else text.rfind(" ", 0, EXCERPT)
    return text[:cut if cut > 0 else EXCERPT].rstrip() + " …"


def insats_rows(insats: Insats, figures: compute.Figures, source: str, forbund: str, findings: list[Problem],
                unanswered: list[tuple[str, str]]) -> dict[str, list[dict]]:
    """The record's rows for one report (with its ``figures``): every table but anmärkningar's, keyed by table name."""
    money, people, p = figures.economy, figures.participants, insats.participants
    genders = {c.label: c.count for c in people.by_gender}
    verdicts = [figures.goal(g).verdict(g) for g in insats.goals]
    per_person = (round_half_up(money.used / people.total) if money.used is not None and people.total else None)
    others = list(money.other_financing.values())
    who = {"diarienummer": insats.case_number, "insats": insats.name}
    row = {
        "diarienummer": insats.case_number,
        "namn": insats.name,
        "förbund": forbund,
        "insatsägare": insats.owner.organisation,
        "samverkansparter": "; ".join(p.organisation for p in insats.partners) or None,
        "insatstyp": kind_label(insats.kind),
        "start": insats.period.start,
        "slut": insats.period.end,
        "rapportdatum": insats.reporter.date,
        "beviljat_kr": money.granted,
        "utnyttjat_kr": money.used,
        "utnyttjad_andel": money.used_share,
        "återfört_kr": insats.economy.returned.amount,
        "övrig_finansiering_kr": sum(others, Decimal(0)) if others else None,
        "kostnad_per_deltagare_kr": per_person,
        "deltagare_totalt": people.total,
        "kvinnor": genders.get("kvinnor"),
        "män": genders.get("män"),
        "övriga": genders.get("övriga"),
        "anvisade": people.referred,
        "avslutade": people.ended,
        "pågående": people.ongoing,
        "personal": p.structural.staff,
        "aktiviteter": p.structural.activities,
        "organisationer": p.structural.organisations,
        "mål_totalt": len(insats.goals),
        "mål_uppnådda": sum(v is not None and v.value is Achieved.YES for v in verdicts),
        "mål_delvis": sum(v is not None and v.value is Achieved.PARTLY for v in verdicts),
        "mål_ej_uppnådda": sum(v is not None and v.value is Achieved.NO for v in verdicts),
        "mål_ej_bedömda": sum(v is None for v in verdicts),
        "implementering": excerpt(insats.implementation),
        "varningar": sum(f.severity == "warning" for f in findings),
        "obesvarade_frågor": len(unanswered),
        "källa": source,
    }
    goals = []
    for i, (goal, verdict) in enumerate(zip(insats.goals, verdicts)):
        goal_figures = figures.goal(goal)
        target = (goal.target_share.describe(lambda b: percent(b, None)) if goal.target_share is not None
                  else goal.target_count.describe(lambda b: str(int(b))) if goal.target_count is not None else None)
        goals.append({**who, "nummer": i + 1, "rubrik": goal.heading, "typ": goal.kind,
                      "mål": " ".join(plain(goal.text)) or None,
                      "bedömning": verdict.value.value if verdict is not None else None,
                      "bedömning_i_rapporten": (goal.achieved.text or None) if goal.achieved is not None else None,
                      "utfall": goal.outcome, "av": goal.base, "andel": goal_figures.share, "målvärde": target,
                      "uppnått_enligt_siffrorna": None if goal_figures.met is None else ("ja" if goal_figures.met else "nej")})
    costs = [{**who, "post": c.item, "år": c.year, "finansiär": c.financier,
              "förbundets_medel": "ja" if compute.paid_by_forbund(c.financier) else "nej",
              "budget_kr": c.budget, "utfall_kr": c.outcome} for c in insats.economy.costs]
    ages = {k: n for k, n in p.age_bands.items() if n is not None}
    counted = sum(ages.values())
    return {
        "insatser": [row],
        "mål": goals,
        "kostnader": costs,
        "utfall": [{**who, "avslutade_till": c.label, "antal": c.count, "andel": c.share} for c in people.ended_to],
        "åldersgrupper": [{**who, "åldersgrupp": k, "antal": n, "andel": compute.share(n, counted)}
                          for k, n in ages.items()],
        "försörjning": [{**who, "kategori": r.category, "före": r.before, "efter": r.after} for r in p.income],
        "sysselsättning": [{**who, "kategori": r.category, "före": r.before, "efter": r.after} for r in p.occupation],
        "per_kommun": [{**who, "område": k, "antal": n} for k, n in p.by_area.items() if n is not None],
    }


def finding_rows(source: str, findings: list[Problem], unanswered: list[tuple[str, str]]) -> list[dict]:
    """Table anmärkningar's rows for one report: its findings, then its unanswered questions."""
    rows = [{"källa": source, "rad": f.line, "nyckel": f.path or None, "slag": _SEVERITY.get(f.severity, f.severity),
             "meddelande": f.message} for f in findings]
    rows += [{"källa": source, "rad": None, "nyckel": key, "slag": UNANSWERED, "meddelande": question}
             for key, question in unanswered]
    return rows


# --- cells as JSON, for the summary's cache and the record's .json ---------------------------

def to_json(kind: str, value):
    """A cell as JSON holds it exactly: amounts and shares as text (``"975600.0"``), dates as
    åååå-mm-dd; the cache reads them back with :func:`from_json`."""
    if value is None:
        return None
    if kind in ("amount", "share"):
        return str(value)
    if kind == "date":
        return value.isoformat()
    return value


def from_json(kind: str, value):
    if value is None:
        return None
    if kind in ("amount", "share"):
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def encode(rows: dict[str, list[dict]]) -> dict[str, list[list]]:
    """Rows as JSON lists in the tables' column order."""
    return {name: [[to_json(c.kind, row.get(c.name)) for c in BY_NAME[name].columns] for row in table]
            for name, table in rows.items()}


def decode(data: dict[str, list[list]]) -> dict[str, list[dict]]:
    return {name: [{c.name: from_json(c.kind, v) for c, v in zip(BY_NAME[name].columns, values)} for values in table]
            for name, table in data.items()}


# --- docs/record.md ------------------------------------------------------------------------

HEADER = ("<!-- Generated by `slutrapport columns` from engine/record.py: do not edit it; "
          "`make docs` writes it anew. -->")
_KIND_DOC = {"text": "text", "count": "whole number", "year": "year (åååå)", "amount": "kronor",
             "share": "share (0–1)", "date": "date"}


def reference() -> str:
    """docs/record.md: every table of the record and its columns, as declared above."""
    lines = [HEADER, "", "# The follow-up record's columns", "",
             "`slutrapport summary` writes the record as `uppfoljning.xlsx` (one sheet per table), as "
             "`uppfoljning-<table>.csv` (one file per table) and as `uppfoljning.json` (every table), with the "
             "columns below, in this order; see [the summary](summary.md) for how to use them. Every table but "
             "`insatser` and `anmärkningar` begins with `diarienummer` and `insats`, the insats the row belongs to. "
             "An empty cell (`null` in JSON) is a figure the report does not give. Column names stay as they are: "
             "a new column is added at the end of its table.", "",
             "| table | file | one row per |", "|---|---|---|"]
    lines += [f"| `{t.name}` | `uppfoljning-{t.file}.csv` | {t.meaning} |" for t in TABLES]
    for table in TABLES:
        lines += ["", f"## {table.name}", "", table.meaning, "", "| column | holds | what |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {_KIND_DOC[c.kind]} | {c.meaning} |" for c in table.columns]
    lines += ["", "## Cells", "",
              "- **xlsx**: numbers are numbers and dates are dates; amounts and counts show as `# ##0`, shares as "
              "`0,0 %`, dates as `åååå-mm-dd` (stored as Excel's format codes `#,##0`, `0.0 %` and `yyyy-mm-dd`, "
              "which Excel and LibreOffice show in the reader's own locale); the header row is frozen and filtered.",
              "- **CSV**: UTF-8 with a byte order mark, `;` between cells and a decimal comma, as Swedish Excel "
              "opens it: amounts with their öre where they have any (`975600` or `12500,50`), shares as a "
              "fraction to four places (`0,8412`), dates as `åååå-mm-dd`.",
              "- **JSON**: `{\"format\": 1, \"urval\": …, \"tabeller\": {table: [row, …]}}`, each row an object "
              "in column order; amounts and shares as numbers (shares to four places), dates as `\"åååå-mm-dd\"`.",
              ""]
    return "\n".join(lines)
