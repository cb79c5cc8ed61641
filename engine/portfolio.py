"""The förbund's portfolio: which reports count, and what they add up to.

An insats reported more than once (an interim report, then the final one) is counted once, by
its latest report; the filters keep the insatser whose period overlaps the one asked for, and
those of one förbund. The totals are sums of the counted insatser's own figures, each total
the sum of the rows shown above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from engine.errors import Problem
from engine.forbund import fold
from engine.formatting import sort_key


@dataclass
class Report:
    """One source as the summary knows it: its record rows (none for a source that could not be
    read), its findings and the questions of its own form it leaves unanswered."""

    source: Path
    name: str                                    # the source as named: the record's källa
    rows: dict[str, list[dict]] = field(default_factory=dict)
    findings: list[Problem] = field(default_factory=list)  # every finding; for a failed source, its errors
    unanswered: list[tuple[str, str]] = field(default_factory=list)  # (key, question)
    failed: bool = False

    @property
    def insats(self) -> dict:
        return self.rows["insatser"][0]

    @property
    def date(self) -> dt.date | None:
        """The report's date, or else its insats's last day: what tells an interim report from the final one."""
        return self.insats["rapportdatum"] or self.insats["slut"]

    @property
    def title(self) -> str:
        """``Ung Intro (2017:53)``; the source's name for a report without a name."""
        name, number = self.insats["namn"], self.insats["diarienummer"]
        return f"{name or self.name}" + (f" ({number})" if number else "")


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None    # insatser whose period overlaps [start, end]
    end: dt.date | None = None
    forbund: str | None = None      # a förbund's name (engine.forbund.name_of)
    period: str | None = None       # the period as asked for (``2023``), for the document

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> list[str]:
        """The selection in the document's words: ``förbundet Samordningsförbund Gävleborg``,
        ``insatstid som överlappar 2023``."""
        said = []
        if self.forbund:
            said.append(f"förbundet {self.forbund}")
        if self.dated:
            span = self.period or f"{self.start.isoformat() if self.start else '…'}–" \
                                  f"{self.end.isoformat() if self.end else '…'}"
            said.append(f"insatstid som överlappar {span}")
        return said


@dataclass
class Selection:
    counted: list[Report]                              # one per insats, in the order the document lists them
    superseded: list[tuple[Report, Report]]            # (a report left out, the later one counted instead)
    outside: list[Report]                              # outside the filters
    undated: list[Report]                              # no insatstid, where the filters ask for a period
    failed: list[Report]                               # could not be read: left out


def _insats_key(report: Report, by_name: dict) -> tuple:
    row = report.insats
    number = " ".join((row["diarienummer"] or "").split()).casefold()
    if number:
        return ("diarienummer", number)
    if not (row["namn"] or "").strip():
        return ("källa", report.name)  # nothing tells it is the same insats as another
    named = (fold(row["förbund"] or ""), fold(row["namn"]))
    return by_name.get(named, ("namn", *named))


def select(reports: list[Report], filters: Filters) -> Selection:
    """The reports that count, each insats once by its latest report (of the same date, the one
    named first); then those within ``filters``. Same insats: the same diarienummer, or else the
    same förbund and name (also as a report with a diarienummer names them)."""
    readable = [r for r in reports if not r.failed]
    by_name: dict = {}
    for r in readable:
        number = " ".join((r.insats["diarienummer"] or "").split()).casefold()
        if number and (r.insats["namn"] or "").strip():
            by_name.setdefault((fold(r.insats["förbund"] or ""), fold(r.insats["namn"])), ("diarienummer", number))
    groups: dict[tuple, list[Report]] = {}
    for r in readable:
        groups.setdefault(_insats_key(r, by_name), []).append(r)
    order = {id(r): i for i, r in enumerate(reports)}
    latest, superseded = [], []
    for group in groups.values():
        kept = max(group, key=lambda r: (r.date or dt.date.min, -order[id(r)]))
        latest.append(kept)
        superseded += [(r, kept) for r in group if r is not kept]
    counted, outside, undated = [], [], []
    wanted = fold(filters.forbund) if filters.forbund else None
    for r in latest:
        if wanted is not None and fold(r.insats["förbund"] or "") != wanted:
            outside.append(r)
        elif filters.dated:
            overlap = overlaps(r.insats["start"], r.insats["slut"], filters.start, filters.end)
            (counted if overlap else undated if overlap is None else outside).append(r)
        else:
            counted.append(r)
    key = lambda r: (sort_key(r.insats["förbund"]), sort_key(r.insats["namn"] or r.name),  # noqa: E731
                     r.insats["diarienummer"] or "", order[id(r)])
    counted.sort(key=key)
    superseded.sort(key=lambda pair: (key(pair[1]), order[id(pair[0])]))
    return Selection(counted, superseded, sorted(outside, key=key), sorted(undated, key=key),
                     [r for r in reports if r.failed])


def overlaps(start: dt.date | None, end: dt.date | None, low: dt.date | None, high: dt.date | None) -> bool | None:
    """Whether the period ``start``–``end`` (open where one is missing) overlaps ``low``–``high``;
    None where the period is not known at all."""
    if start is None and end is None:
        return None
    return (start is None or high is None or start <= high) and (end is None or low is None or end >= low)


# --- totals --------------------------------------------------------------------------------

def total(values) -> Decimal | int | None:
    """The sum of the figures given; None where none is."""
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def used_share(rows: list[dict]) -> Decimal | None:
    """Used / granted over the insatser that give both, so that an insats's missing figure
    does not pass for none used."""
    pairs = [(r["utnyttjat_kr"], r["beviljat_kr"]) for r in rows
             if r["utnyttjat_kr"] is not None and r["beviljat_kr"]]
    granted = sum((g for _, g in pairs), Decimal(0))
    return sum((u for u, _ in pairs), Decimal(0)) / granted if granted else None


#: The columns of table insatser that portfolio tables add up, in their order.
SUMMED = ("beviljat_kr", "utnyttjat_kr", "deltagare_totalt")


@dataclass(frozen=True)
class Group:
    label: str
    insatser: int
    sums: dict  # column of SUMMED → its total


def grouped(rows: list[dict], label, unstated: str) -> list[Group]:
    """The insatser by ``label(row)`` (None: ``unstated``), largest first by number of insatser,
    then in Swedish order; that label last."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(label(row) or unstated, []).append(row)
    order = sorted(groups, key=lambda name: (name == unstated, -len(groups[name]), sort_key(name)))
    return [Group(name, len(groups[name]), {c: total(r[c] for r in groups[name]) for c in SUMMED}) for name in order]


def by_year(costs: list[dict], unstated: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """The cost items' budget and outcome per year (items without a year as ``unstated``, last)."""
    years: dict = {}
    for cost in costs:
        years.setdefault(cost["år"], []).append(cost)
    keys = sorted((y for y in years if y is not None)) + ([None] if None in years else [])
    return [(str(y) if y is not None else unstated, total(c["budget_kr"] for c in years[y]),
             total(c["utfall_kr"] for c in years[y])) for y in keys]


def outcomes(rows: list[dict]) -> list[tuple[str, int]]:
    """How many ended to each outcome over the portfolio: the reports' categories, the same
    words in any case counted as one (as the first report writes it), largest first."""
    counts: dict[str, list] = {}
    for row in rows:
        entry = counts.setdefault(" ".join(row["avslutade_till"].split()).casefold(), [row["avslutade_till"], 0])
        entry[1] += row["antal"]
    return sorted(((label, n) for label, n in counts.values()), key=lambda item: (-item[1], sort_key(item[0])))
