"""Charts of a report's figures: PNG bytes and the alternative text that states the numbers.

What a report shows as charts — participants by gender and age band, how they ended,
occupation and income before and after, budget against outcome per cost item — drawn from
:mod:`engine.compute`'s figures, as :class:`~engine.prose.Picture` values a layout places
among an answer's texts (the pieces ``=diagram.…``). Each function gives ``None`` where the
source lacks the figures, so that nothing empty is drawn. The board summary's charts of the
whole portfolio (funds per insats, participants by outcome, goals by verdict) are drawn the
same way from the follow-up record's rows (:mod:`engine.record`).

The charts are horizontal bars with their values written beside them, which Pillow draws
directly in a few milliseconds (matplotlib took tens of milliseconds a chart and most of a
second to import, for the same picture). They are drawn in the forms' font, Calibri, or its
metric-compatible stand-in Carlito, else DejaVu Sans, else the font Pillow carries. The same
figures in the same font give the same bytes: a fixed size and resolution, Pillow's basic
text layout (not the system's shaping library), no software or date in the PNG.
"""

from __future__ import annotations

import io
import os
import sys
import textwrap
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from engine import compute
from engine.formatting import kr, percent, tkr
from engine.model import Insats
from engine.prose import Picture

WIDTH_CM = 15.0
DPI = 200
#: The fonts looked for, in order, with the file names their regular and bold faces have on
#: Windows, macOS (Office's own copy) and Linux: the forms' font, its stand-in, then DejaVu Sans.
FONTS = (
    ("Calibri", ("calibri.ttf", "Calibri.ttf"), ("calibrib.ttf", "Calibri Bold.ttf")),
    ("Carlito", ("Carlito-Regular.ttf",), ("Carlito-Bold.ttf",)),
    ("DejaVu Sans", ("DejaVuSans.ttf",), ("DejaVuSans-Bold.ttf",)),
)
BUILT_IN = "Pillow's own font"  # Pillow carries one: there is always a font to draw in
#: Two blues told apart in print and in grey; values are written on the bars, so colour is never the only cue.
COLOURS = ("#1F4E79", "#9DC3E6")
INK, AXIS = "#000000", "#000000"
MAX_BARS = 15  # categories; a chart of more is unreadable, and the figures stand in the text
_GENDER = {"kvinnor": "Kvinnor", "män": "Män", "övriga": "Annat/ej angivet kön"}
_GENDER_ALT = {"övriga": "med annat eller ej angivet kön"}


def _font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/Applications/Microsoft Word.app/Contents/Resources/DFonts")]
    data = os.environ.get("XDG_DATA_HOME", str(home / ".local" / "share"))
    return [Path(data) / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


@cache
def _installed() -> tuple[tuple[str, str, str], ...]:
    """The fonts of :data:`FONTS` installed here, in order, as (name, regular face, bold face)."""
    found: dict[str, str] = {}
    for folder in _font_folders():
        for root, _dirs, files in os.walk(folder):
            for name in files:
                found.setdefault(name, os.path.join(root, name))
    out = []
    for family, regular, bold in FONTS:
        face = next((found[n] for n in regular if n in found), None)
        if face:
            out.append((family, face, next((found[n] for n in bold if n in found), face)))
    return tuple(out)


def font_files() -> tuple[str, str | None, str | None]:
    """The font the charts are drawn in, as (name, regular face's file, bold face's file); the
    files are None for the font Pillow carries. Looked up once per process."""
    return next(iter(_installed()), (BUILT_IN, None, None))


def font_family() -> str:
    """The name of the font the charts are drawn in."""
    return font_files()[0]


@lru_cache(maxsize=32)
def _font(bold: bool, points: float, fallback: bool = False):
    """The chart font at ``points``; with ``fallback``, the next installed font of :data:`FONTS`
    (for a character the first lacks), or None."""
    from PIL import ImageFont

    fonts = list(_installed())
    size = round(points * DPI / 72)
    if fallback:
        fonts = fonts[1:]
        if not fonts:
            return None
    elif not fonts:
        return ImageFont.load_default(size)
    _family, regular, heavy = fonts[0]
    return ImageFont.truetype(heavy if bold else regular, size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1024)
def _lacks(font, character: str) -> bool:
    """Whether ``font`` has no glyph for ``character``: it would draw its "missing" box, as for
    U+FFFF, which no font has (Carlito lacks even the no-break space the figures are written with)."""
    from PIL import Image

    def drawn(c):
        return Image.Image()._new(font.getmask(c)).tobytes(), font.getbbox(c)

    return drawn(character) == drawn("\uffff")


def _fitted(text: str, font, bold: bool, points: float) -> tuple[str, object]:
    """``text`` and the font to draw it in: a space the font lacks becomes a plain space, and
    text with other characters it lacks is drawn in the next font that has them all."""
    text = "".join(" " if c.isspace() and _lacks(font, c) else c for c in text)
    if any(_lacks(font, c) for c in set(text)):
        other = _font(bold, points, fallback=True)
        if other is not None and not any(_lacks(other, c) for c in set(text)):
            return text, other
    return text, font


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width, break_long_words=True)) or label


def _px(cm: float) -> int:
    return round(cm / 2.54 * DPI)


@lru_cache(maxsize=128)
def bars(title: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple], ...],
         value_labels: tuple[tuple[str, ...], ...], width_cm: float = WIDTH_CM) -> bytes:
    """A horizontal bar chart as PNG: one bar per label and series (``(name, values)``), each
    bar with its value written beside it, the categories on the left, a legend below when there
    are several series. Bars start at zero: a negative value goes left of it."""
    from PIL import Image, ImageDraw

    def font(points: float, bold: bool = False):
        return _font(bold, points)

    def write(xy, said: str, points: float, bold: bool = False, **how) -> None:
        said, face = _fitted(said, font(points, bold), bold, points)
        (draw.multiline_text if "\n" in said else draw.text)(xy, said, font=face, fill=INK, **how)

    def length(said: str, points: float) -> float:
        said, face = _fitted(said, font(points), False, points)
        return face.getlength(said)

    rows, count = len(labels), len(series)
    wrapped = [_wrap(label) for label in labels]
    lines = sum(max(1, len(w.split("\n"))) for w in wrapped)
    height_cm = 1.5 + rows * 0.45 * count + max(0, lines - rows) * 0.3 + (0.7 if count > 1 else 0)
    width, height = int(width_cm / 2.54 * DPI), int(height_cm / 2.54 * DPI)  # the sizes charts always had
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    pad, gap = _px(0.15), _px(0.1)
    line_height = font(9).getbbox("Åg")[3] + gap

    top = pad + font(10, True).getbbox("Åg")[3] + _px(0.25)
    legend_height = line_height + pad if count > 1 else 0
    bottom = height - pad - legend_height
    left = pad + max(max(length(line, 9) for line in w.split("\n")) for w in wrapped) + _px(0.2)
    right = width - pad
    write((left, pad), title, 10, bold=True)

    values_all = [float(v or 0) for _, values in series for v in values]
    low, high = min(values_all + [0.0]), max(values_all + [0.0])
    span = (high - low) or 1.0
    x_min, x_max = low - (0.3 * span if low < 0 else 0), high + 0.3 * span
    scale = (right - left) / (x_max - x_min)
    zero = left + (0 - x_min) * scale
    slot = (bottom - top) / rows
    thickness = 0.8 * slot / count
    for i, label in enumerate(wrapped):
        middle = top + slot * (i + 0.5)
        write((left - _px(0.2), middle), label, 9, anchor="rm", **({"align": "right", "spacing": gap}
                                                                      if "\n" in label else {}))
        for j, (_name, values) in enumerate(series):
            value = float(values[i] or 0)
            y0 = middle - 0.4 * slot + thickness * j + 0.05 * thickness
            y1 = y0 + 0.9 * thickness
            end = zero + value * scale
            if value:
                draw.rectangle((round(min(zero, end)), round(y0), round(max(zero, end)) - 1, round(y1) - 1),
                               fill=COLOURS[j % len(COLOURS)])
            if value_labels[j][i]:
                offset = _px(0.1)
                anchor, x = ("rm", end - offset) if value < 0 else ("lm", end + offset)
                write((x, (y0 + y1) / 2), value_labels[j][i], 8, anchor=anchor)
    draw.line((round(left), top, round(left), round(bottom)), fill=AXIS, width=2)
    if count > 1:
        box = round(font(9).getbbox("Åg")[3] * 0.7)
        entries = [(COLOURS[j % len(COLOURS)], name) for j, (name, _values) in enumerate(series)]
        widths = [box + gap + length(name, 9) for _colour, name in entries]
        x = (width - sum(widths) - _px(0.5) * (count - 1)) / 2
        y = height - pad - line_height / 2
        for (colour, name), w in zip(entries, widths):
            draw.rectangle((round(x), round(y - box / 2), round(x) + box, round(y + box / 2)), fill=colour)
            write((x + box + gap, y), name, 9, anchor="lm")
            x += w + _px(0.5)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _picture(title: str, labels, series, value_labels, alt: str) -> Picture:
    png = bars(title, tuple(labels), tuple((name, tuple(values)) for name, values in series),
               tuple(tuple(v) for v in value_labels))
    return Picture(png, alt, WIDTH_CM, title)


def _count_share(count: int, share: Decimal | None) -> str:
    return f"{count} ({percent(share)})" if share is not None else str(count)


def gender(figures: compute.Figures) -> Picture | None:
    """Participants by gender, where two or more gender counts are given."""
    people = figures.participants
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


def ended_to(figures: compute.Figures) -> Picture | None:
    """How many ended to each outcome, with shares of those who ended."""
    people = figures.participants
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


def budget(insats: Insats, figures: compute.Figures) -> Picture | None:
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
    money = figures.economy
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
