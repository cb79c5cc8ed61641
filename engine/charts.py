"""Charts of a report's figures: PNG bytes and the alternative text that states the numbers.

What a report shows as charts — participants by gender and age band, how they ended,
occupation and income before and after, budget against outcome per cost item — drawn with
matplotlib from :mod:`engine.compute`'s figures, as :class:`~engine.prose.Picture` values a
layout places among an answer's texts (the pieces ``=diagram.…``). Each function gives
``None`` where the source lacks the figures, so that nothing empty is drawn. The board
summary's charts of the whole portfolio (funds per insats, participants by outcome, goals
by verdict) are drawn the same way from the follow-up record's rows (:mod:`engine.record`).

Charts are drawn in the forms' font, Calibri, or its metric-compatible stand-in Carlito,
and in DejaVu Sans (which matplotlib carries) where neither is installed. The same figures
give the same bytes: a fixed size and resolution, no software or date in the PNG, no
randomness. matplotlib is imported only when a chart is drawn, and each chart is drawn once
per process however many forms show it.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal
from functools import cache, lru_cache

from engine import compute
from engine.formatting import kr, percent, tkr
from engine.model import Insats
from engine.prose import Picture

WIDTH_CM = 15.0
DPI = 200
FONTS = ("Calibri", "Carlito")  # the forms' font, then its metric-compatible stand-in
FALLBACK_FONT = "DejaVu Sans"   # shipped with matplotlib: always there
#: Two blues told apart in print and in grey; values are written on the bars, so colour is never the only cue.
COLOURS = ("#1F4E79", "#9DC3E6")
MAX_BARS = 15  # categories; a chart of more is unreadable, and the figures stand in the text
_GENDER = {"kvinnor": "Kvinnor", "män": "Män", "övriga": "Annat/ej angivet kön"}
_GENDER_ALT = {"övriga": "med annat eller ej angivet kön"}


@cache
def font_family() -> str:
    """The font the charts are drawn in: Calibri or Carlito where installed, else DejaVu Sans."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in FONTS if name in installed), FALLBACK_FONT)


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width, break_long_words=True)) or label


@lru_cache(maxsize=128)
def bars(title: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple], ...],
         value_labels: tuple[tuple[str, ...], ...], width_cm: float = WIDTH_CM) -> bytes:
    """A horizontal bar chart as PNG: one bar per label and series (``(name, values)``), each
    bar with its value written beside it; a legend when there are several series."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows, count = len(labels), len(series)
    lines = sum(max(1, len(_wrap(label).split("\n"))) for label in labels)
    height_cm = 1.5 + rows * 0.45 * count + max(0, lines - rows) * 0.3 + (0.7 if count > 1 else 0)
    style = {"font.family": font_family(), "font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold",
             "svg.hashsalt": "slutrapport", "path.simplify": False}
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        thickness = 0.8 / count
        values_all = [float(v or 0) for _, values in series for v in values]
        low, high = min(values_all + [0.0]), max(values_all + [0.0])
        for j, (name, values) in enumerate(series):
            positions = [y - 0.4 + thickness * (j + 0.5) for y in range(rows)]
            drawn = axes.barh(positions, [float(v or 0) for v in values], height=thickness * 0.9,
                              color=COLOURS[j % len(COLOURS)], label=name)
            axes.bar_label(drawn, labels=list(value_labels[j]), padding=3, fontsize=8)
        axes.set_yticks(range(rows), labels=[_wrap(label) for label in labels])
        axes.invert_yaxis()
        span = (high - low) or 1.0
        axes.set_xlim(low - (0.3 * span if low < 0 else 0), high + 0.3 * span)
        axes.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        axes.tick_params(axis="y", length=0)
        axes.set_title(title, loc="left")
        if count > 1:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncols=count, frameon=False)
        figure.tight_layout(pad=0.4)
        drawn = io.BytesIO()
        figure.savefig(drawn, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    # Opaque RGB: the alpha channel matplotlib writes would become a second image (a mask) in a PDF.
    from PIL import Image

    out = io.BytesIO()
    Image.open(drawn).convert("RGB").save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


def _picture(title: str, labels, series, value_labels, alt: str) -> Picture:
    png = bars(title, tuple(labels), tuple((name, tuple(values)) for name, values in series),
               tuple(tuple(v) for v in value_labels))
    return Picture(png, alt, WIDTH_CM, title)


def _count_share(count: int, share: Decimal | None) -> str:
    return f"{count} ({percent(share)})" if share is not None else str(count)


def gender(insats: Insats) -> Picture | None:
    """Participants by gender, where two or more gender counts are given."""
    people = compute.participants(insats)
    counts = people.by_gender
    if len(counts) < 2:
        return None
    alt = ", ".join(f"{c.count} {_GENDER_ALT.get(c.label, c.label)}"
                    + (f" ({percent(c.share)})" if c.share is not None else "") for c in counts)
    return _picture("Deltagare efter kön", [_GENDER.get(c.label, c.label) for c in counts],
                    [("Antal", [c.count for c in counts])], [[_count_share(c.count, c.share) for c in counts]],
                    f"Deltagare efter kön: {alt}.")


def _given(counts: dict) -> dict:
    return {k: n for k, n in counts.items() if n is not None}


def age_bands(insats: Insats) -> Picture | None:
    """Participants by age band (shares of those counted by age), where two or more bands are given."""
    given = _given(insats.participants.age_bands)
    if not 2 <= len(given) <= MAX_BARS:
        return None
    whole = sum(given.values())
    shown = [_count_share(n, compute.share(n, whole)) for n in given.values()]
    alt = ", ".join(f"{band}: {text}" for band, text in zip(given, shown))
    return _picture("Deltagare efter åldersgrupp", list(given), [("Antal", list(given.values()))], [shown],
                    f"Deltagare efter åldersgrupp: {alt}.")


def ended_to(insats: Insats) -> Picture | None:
    """How many ended to each outcome, with shares of those who ended."""
    people = compute.participants(insats)
    counts = people.ended_to
    if not 1 <= len(counts) <= MAX_BARS:
        return None
    shown = [_count_share(c.count, c.share) for c in counts]
    alt = ", ".join(f"{c.label} {text}" for c, text in zip(counts, shown))
    of = f"; av {people.ended} avslutade" if people.ended is not None else ""
    return _picture("Avslutade till", [c.label[:1].upper() + c.label[1:] for c in counts],
                    [("Antal", [c.count for c in counts])], [shown], f"Avslutade till: {alt}{of}.")


def before_after(insats: Insats) -> list[Picture]:
    """Occupation and income before and after the insats, one chart each where rows with numbers are given."""
    p = insats.participants
    out = []
    for name, rows in (("Sysselsättning", p.occupation), ("Försörjning", p.income)):
        rows = [r for r in rows if r.before is not None or r.after is not None]
        if not 1 <= len(rows) <= MAX_BARS:
            continue
        said = lambda n: "uppgift saknas" if n is None else str(n)  # noqa: E731
        alt = "; ".join(f"{r.category}: {said(r.before)} före, {said(r.after)} efter" for r in rows)
        title = f"{name} före och efter insatsen"
        out.append(_picture(title, [r.category for r in rows],
                            [("Före", [r.before for r in rows]), ("Efter", [r.after for r in rows])],
                            [["" if r.before is None else str(r.before) for r in rows],
                             ["" if r.after is None else str(r.after) for r in rows]],
                            f"{title} (antal): {alt}."))
    return out


def budget(insats: Insats) -> Picture | None:
    """Budget against outcome per cost item (items of the same name added up over years and
    financiers), where an item has either."""
    items: dict[str, list] = {}
    for cost in insats.economy.costs:
        if cost.budget is None and cost.outcome is None:
            continue
        pair = items.setdefault(cost.item.strip(), [None, None])
        for i, value in enumerate((cost.budget, cost.outcome)):
            if value is not None:
                pair[i] = (pair[i] or Decimal(0)) + value
    if not 1 <= len(items) <= MAX_BARS:
        return None
    largest = max(abs(v) for pair in items.values() for v in pair if v is not None)
    short = (lambda v: tkr(v, 0)) if largest >= 100_000 else kr
    said = lambda v: "uppgift saknas" if v is None else kr(v)  # noqa: E731
    alt = "; ".join(f"{name}: budget {said(b)}, utfall {said(o)}" for name, (b, o) in items.items())
    money = compute.economy(insats)
    total = (f"; totalt: budget {said(money.budget_total)}, utfall {said(money.outcome_total)}"
             if len(items) > 1 else "")
    return _picture("Budget och utfall per kostnadspost", list(items),
                    [("Budget", [b for b, _ in items.values()]), ("Utfall", [o for _, o in items.values()])],
                    [["" if b is None else short(b) for b, _ in items.values()],
                     ["" if o is None else short(o) for _, o in items.values()]],
                    f"Budget och utfall per kostnadspost: {alt}{total}.")


# --- the portfolio (the board summary) --------------------------------------------------------

def funds(rows: list[dict]) -> Picture | None:
    """The förbund's funds granted and used per insats (rows of record table insatser), in the
    order given; past MAX_BARS insatser, the largest grants and then the rest added up as one
    bar that says how many insatser it holds (every insats's figures stand in the table)."""
    given = [(r["namn"] or r["källa"], r["beviljat_kr"], r["utnyttjat_kr"]) for r in rows
             if r["beviljat_kr"] is not None or r["utnyttjat_kr"] is not None]
    if not given:
        return None
    title, lead = "Beviljade och utnyttjade medel per insats", ""
    if len(given) > MAX_BARS:
        given.sort(key=lambda bar: -(bar[1] or bar[2] or 0))
        rest = given[MAX_BARS - 1:]
        added = [sum(v for v in values if v is not None) if any(v is not None for v in values) else None
                 for values in ((b[1] for b in rest), (b[2] for b in rest))]
        given = given[:MAX_BARS - 1] + [(f"Övriga {len(rest)} insatser", *added)]
        lead = f" (de {MAX_BARS - 1} med störst beviljade medel, sedan övriga tillsammans)"
    largest = max(v for _, *values in given for v in values if v is not None)
    short = (lambda v: tkr(v, 0)) if largest >= 100_000 else kr
    said = lambda v: "uppgift saknas" if v is None else kr(v)  # noqa: E731
    alt = "; ".join(f"{name}: beviljat {said(granted)}, utnyttjat {said(used)}"
                    + (f" ({percent(used / granted)})" if used is not None and granted else "")
                    for name, granted, used in given)
    return _picture(title, [name for name, _, _ in given],
                    [("Beviljat", [g for _, g, _ in given]), ("Utnyttjat", [u for _, _, u in given])],
                    [["" if g is None else short(g) for _, g, _ in given], ["" if u is None else short(u) for _, _, u in given]],
                    f"{title}{lead}: {alt}.")


def outcomes(counts: list[tuple[str, int]]) -> Picture | None:
    """How many ended to each outcome over the portfolio (largest first); past MAX_BARS, the
    smallest added up as one bar that says how many outcomes it holds."""
    if not counts:
        return None
    if len(counts) > MAX_BARS:
        rest = counts[MAX_BARS - 1:]
        counts = counts[:MAX_BARS - 1] + [(f"övriga {len(rest)} utfall", sum(n for _, n in rest))]
    whole = sum(n for _, n in counts)
    shown = [_count_share(n, compute.share(n, whole)) for _, n in counts]
    alt = ", ".join(f"{label} {text}" for (label, _), text in zip(counts, shown))
    return _picture("Avslutade deltagare efter utfall", [label[:1].upper() + label[1:] for label, _ in counts],
                    [("Antal", [n for _, n in counts])], [shown],
                    f"Avslutade deltagare efter utfall: {alt}; av {whole} avslutade.")


def verdicts(counts: list[tuple[str, int]]) -> Picture | None:
    """The goals by verdict (uppnådda, delvis, ej uppnådda, ej bedömda), where there are goals."""
    whole = sum(n for _, n in counts)
    if not whole:
        return None
    shown = [_count_share(n, compute.share(n, whole)) for _, n in counts]
    alt = ", ".join(f"{label.lower()} {text}" for (label, _), text in zip(counts, shown))
    return _picture("Målen efter bedömning", [label for label, _ in counts], [("Antal", [n for _, n in counts])],
                    [shown], f"Målen efter bedömning: {alt}; av {whole} mål.")
