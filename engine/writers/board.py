"""The board summary as a Word document: the portfolio, each insats, and what is unsettled.

A förbund's board follows the portfolio up every tertial, and the annual report annexes goal
fulfilment, participants and funds per insats: this document holds them, drawn from the
follow-up record's rows (:mod:`engine.record`) of the reports that count
(:mod:`engine.portfolio`), in Swedish. It shows the reports' own words (names, the opening of
the answer on implementation), the tool's labels and computed figures; a figure a report does
not give is a dash, said once at the top.

Made for publishing (DOS-lagen): Swedish as the document's language, a title, every section a
Word heading (Heading 1–3), every table's header row marked as one (repeated on each page;
TH in the PDF), alternative text on every chart stating its numbers; the findings of the
checks, which are in English, are marked as English. No template file: the document is
python-docx's blank one, set up here (A4, Calibri, the styles below).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Emu, Pt, RGBColor

from engine import charts
from engine.formatting import date, kr, percent, sort_key
from engine.manifest import MARK
from engine.portfolio import Filters, Report, Selection, by_year, grouped, outcomes, total, used_share
from engine.prose import Picture
from engine.record import UNANSWERED, shorten
from engine.writers.docx import own_properties, save

TITLE = "Sammanställning av slutrapporter"
FONT = "Calibri"
NONE = "–"  # a figure the report does not give
TABLE_STYLE = "Tabelltext"
ENGLISH = "en-GB"
_VERDICTS = (("ja", "Uppnådda"), ("delvis", "Delvis uppnådda"), ("nej", "Ej uppnådda"), (None, "Ej bedömda"))


def _n(value) -> str:
    return NONE if value is None else str(value)


def _kr(value) -> str:
    return NONE if value is None else kr(value)


def _pct(value) -> str:
    return NONE if value is None else percent(value)


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return NONE
    return f"{date(start) or '…'}–{date(end) or '…'}"


class _Document:
    """python-docx's blank document made Swedish, A4 and accessible, with helpers that append to it."""

    def __init__(self, title: str, author: str, dated: dt.date | None):
        self.doc = Document()
        props = self.doc.core_properties
        props.title, props.subject, props.language = title, "Styrelsens uppföljning av insatserna", "sv-SE"
        props.author = author
        props.comments = props.keywords = props.category = ""
        props.last_modified_by = MARK  # how a later run tells the document from one saved in Word
        props.revision = 1
        if dated:
            props.created = props.modified = dt.datetime.combine(dated, dt.time(12, 0))
        own_properties(self.doc, dated=dated is not None)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
        self.width = section.page_width - section.left_margin - section.right_margin
        self._styles()
        self.body = self.doc.element.body
        self._end = self.body[-1]  # sectPr: every block goes before it
        self._pending: list[str] = []
        self._shape = 0

    def _styles(self) -> None:
        styles = self.doc.styles
        for lang in styles.element.find(qn("w:docDefaults")).iter(qn("w:lang")):
            lang.set(qn("w:val"), "sv-SE")
        theme = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), "sv-SE")
        for fonts in styles.element.iter(qn("w:rFonts")):  # the theme's Cambria headings: Calibri throughout
            for attribute in list(fonts.attrib):
                del fonts.attrib[attribute]
            for side in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{side}"), FONT)
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
            styles[name].font.size = Pt(size)
            styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79) if name != "Title" else RGBColor(0, 0, 0)
        cell = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(9)
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.space_before = Pt(0)
        self.heading_styles = {level: styles[f"Heading {level}"].style_id for level in (1, 2, 3)}
        self.title_style = styles["Title"].style_id
        self.cell_style = cell.style_id
        self.table_style = styles["Table Grid"].style_id

    # --- blocks --------------------------------------------------------------------------
    # Written as WordprocessingML text and parsed once per block: python-docx's element-by-element
    # calls cost about 0.5 ms a table cell, and a summary of 500 insatser has 40 000 of them.

    def _append(self, xml: str) -> None:
        self._pending.append(xml)

    def _flush(self) -> None:
        """Parse the blocks written since the last flush, in one piece, into the body."""
        if self._pending:
            for block in parse_xml(f"<w:body {_W}>{''.join(self._pending)}</w:body>"):
                self._end.addprevious(block)
            self._pending = []

    def _p(self, runs: list[tuple[str, str]], style: str | None = None, right: bool = False) -> str:
        """A paragraph of ``runs`` (text, its run properties' XML)."""
        props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ('<w:jc w:val="right"/>' if right else "")
        return ("<w:p>" + (f"<w:pPr>{props}</w:pPr>" if props else "")
                + "".join(f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{_text(t)}</w:t></w:r>'
                          for t, rpr in runs if t) + "</w:p>")

    def title(self, text: str) -> None:
        self._append(self._p([(text, "")], self.title_style))

    def heading(self, text: str, level: int) -> None:
        self._append(self._p([(text, "")], self.heading_styles[level]))

    def text(self, text: str, label: str | None = None, english: str | None = None) -> None:
        """A paragraph: ``label`` in bold, ``text``, then ``english``, marked as English."""
        self._append(self._p([(f"{label}: " if label else "", "<w:b/>"), (text, ""),
                              (english or "", f'<w:lang w:val="{ENGLISH}"/>')]))

    def table(self, header: list[str], rows: list[list[str]], numeric: int = 1, total: list[str] | None = None,
              weights: list[float] | None = None) -> None:
        """A data table: ``header`` marked as its header row, ``rows``, then ``total`` in bold; the
        columns from ``numeric`` on are figures, set right."""
        weights = weights or [1.0] * len(header)
        widths = [int(self.width * w / sum(weights) / 635) for w in weights]  # EMU → twips
        lines = []
        for i, values in enumerate([header, *rows] + ([total] if total else [])):
            bold = "<w:b/>" if i == 0 or (total is not None and i == len(rows) + 1) else ""
            cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                            + self._p([(value, bold)], self.cell_style, right=i > 0 and j >= numeric) + "</w:tc>"
                            for j, (value, width) in enumerate(zip(values, widths)))
            lines.append("<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if i == 0 else "") + cells + "</w:tr>")
        self._append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.table_style}"/><w:tblW w:type="auto" w:w="0"/>'
                     '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
                     'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
                     + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>" + "".join(lines) + "</w:tbl>")
        self._append(self._p([]))  # room after the table, and a table never directly follows another

    def picture(self, picture: Picture) -> None:
        rid, image = self.doc.part.get_or_add_image(io.BytesIO(picture.png))
        width = min(Cm(picture.width_cm), self.width)
        height = Emu(int(width * image.px_height / image.px_width))
        self._shape += 1
        inline = CT_Inline.new_pic_inline(self._shape, rid, image.filename, Emu(int(width)), height)
        inline.docPr.set("descr", picture.alt)
        inline.docPr.set("title", picture.title)
        r = OxmlElement("w:r")
        r.add_drawing(inline)
        self._append(self._p([]))
        self._flush()
        self._end.getprevious().append(r)

    def bytes(self) -> bytes:
        self._flush()
        return save(self.doc)


_W = nsdecls("w")
#: What XML cannot hold (and so no Word text); the loader has removed it from sources already.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(text: str) -> str:
    return escape(_UNSHOWABLE.sub("", text))


def render(selection: Selection, filters: Filters, reports: int) -> bytes:
    """The board summary of ``selection`` (made with ``filters``, from ``reports`` sources) as .docx bytes."""
    counted = selection.counted
    dated = max((r.date for r in counted if r.date), default=None)
    title = TITLE + (f" – {filters.forbund}" if filters.forbund else "")
    forbund = sorted({r.insats["förbund"] for r in counted if r.insats["förbund"]}, key=sort_key)
    doc = _Document(title, filters.forbund or ", ".join(forbund), dated)
    doc.title(title)
    doc.text(_opening(selection, filters, reports, dated))
    doc.text(f"Belopp i kronor; {NONE} betyder att rapporten inte anger uppgiften. En insats som rapporterats mer "
             "än en gång räknas en gång, efter den senaste rapporten (se Datakvalitet).")
    rows = [r.insats for r in counted]
    _portfolio(doc, selection, rows)
    doc.heading("Insatserna", 1)
    if not counted:
        doc.text("Inga insatser i urvalet.")
    for report in counted:
        _insats(doc, report)
    _quality(doc, selection, filters)
    return doc.bytes()


def _opening(selection: Selection, filters: Filters, reports: int, dated: dt.date | None) -> str:
    n = len(selection.counted)
    said = f"{n} {'insats' if n == 1 else 'insatser'} ur {reports} {'rapport' if reports == 1 else 'rapporter'}"
    if filters.describe():
        said += ": " + " och ".join(filters.describe())
    return said + (f". Senaste rapporten är daterad {date(dated)}." if dated else ".")


def _verdict_counts(rows: list[dict]) -> list[tuple[str, int]]:
    columns = {"ja": "mål_uppnådda", "delvis": "mål_delvis", "nej": "mål_ej_uppnådda", None: "mål_ej_bedömda"}
    return [(label, sum(r[columns[value]] for r in rows)) for value, label in _VERDICTS]


def _portfolio(doc: _Document, selection: Selection, rows: list[dict]) -> None:
    doc.heading("Portföljen", 1)
    doc.heading("Översikt", 2)
    if rows:
        doc.table(["Insats", "Insatstid", "Beviljat", "Utnyttjat", "Andel", "Deltagare", "Mål (ja/delvis/nej)"],
                  [[r["namn"] or r["källa"], _span(r["start"], r["slut"]), _kr(r["beviljat_kr"]), _kr(r["utnyttjat_kr"]),
                    _pct(r["utnyttjad_andel"]), _n(r["deltagare_totalt"]),
                    f"{r['mål_uppnådda']}/{r['mål_delvis']}/{r['mål_ej_uppnådda']}"] for r in rows],
                  numeric=2, weights=[3, 3.5, 2.3, 2.3, 1.4, 1.7, 1.7],
                  total=["Totalt", "", _kr(total(r["beviljat_kr"] for r in rows)),
                         _kr(total(r["utnyttjat_kr"] for r in rows)), _pct(used_share(rows)),
                         _n(total(r["deltagare_totalt"] for r in rows)),
                         "/".join(str(sum(r[c] for r in rows)) for c in ("mål_uppnådda", "mål_delvis", "mål_ej_uppnådda"))])
        doc.text("Andelen i raden Totalt är av de insatser som anger både beviljade och utnyttjade medel.")
        picture = charts.funds(rows)
        if picture is not None:
            doc.picture(picture)
    else:
        doc.text("Inga insatser i urvalet.")

    costs = [c for r in selection.counted for c in r.rows["kostnader"]]
    doc.heading("Per år", 2)
    if costs:
        years = by_year(costs, "År ej angivet")
        doc.text("Kostnadsposternas budget och utfall per år, vem som än betalade.")
        doc.table(["År", "Budget", "Utfall"], [[year, _kr(b), _kr(o)] for year, b, o in years],
                  total=["Totalt", _kr(total(b for _, b, _ in years)), _kr(total(o for _, _, o in years))])
    else:
        doc.text("Rapporterna anger inga kostnadsposter.")

    for heading, label, unstated, what in (("Per insatstyp", lambda r: r["insatstyp"], "Ej angiven", "Insatstyp"),
                                           ("Per insatsägare", lambda r: r["insatsägare"], "Ej angiven", "Insatsägare")):
        doc.heading(heading, 2)
        groups = grouped(rows, label, unstated)
        doc.table([what, "Insatser", "Beviljat", "Utnyttjat", "Deltagare"],
                  [[g.label, str(g.insatser), _kr(g.sums["beviljat_kr"]), _kr(g.sums["utnyttjat_kr"]),
                    _n(g.sums["deltagare_totalt"])] for g in groups], weights=[3, 1, 1.6, 1.6, 1.2],
                  total=["Totalt", str(sum(g.insatser for g in groups)), _kr(total(g.sums["beviljat_kr"] for g in groups)),
                         _kr(total(g.sums["utnyttjat_kr"] for g in groups)),
                         _n(total(g.sums["deltagare_totalt"] for g in groups))])

    doc.heading("Deltagare", 2)
    people = ("deltagare_totalt", "kvinnor", "män", "övriga", "avslutade", "pågående")
    doc.table(["Deltagare", "Kvinnor", "Män", "Övriga", "Avslutade", "Pågående"],
              [[_n(total(r[c] for r in rows)) for c in people]], numeric=0)
    ended = outcomes([row for r in selection.counted for row in r.rows["utfall"]])
    if ended:
        doc.text("Hur de avslutade deltagarna gick vidare, med rapporternas egna kategorier.")
        _counts(doc, ["Avslutade till", "Antal", "Andel"], ended, charts.outcomes(ended))

    doc.heading("Mål", 2)
    verdicts = _verdict_counts(rows)
    _counts(doc, ["Bedömning", "Mål", "Andel"], verdicts, charts.verdicts(verdicts))


def _counts(doc: _Document, header: list[str], counts: list[tuple[str, int]], picture) -> None:
    """Counts by category as a table with each one's share and their total, then their chart (if drawn)."""
    whole = sum(n for _, n in counts)
    doc.table(header, [[label, str(n), _pct(n / whole if whole else None)] for label, n in counts],
              total=["Totalt", str(whole), _pct(1 if whole else None)], weights=[3, 1, 1])
    if picture is not None:
        doc.picture(picture)


def _insats(doc: _Document, report: Report) -> None:
    row, rows = report.insats, report.rows
    doc.heading(report.title, 2)
    doc.text(row["förbund"] or NONE, "Förbund")
    doc.text(_span(row["start"], row["slut"]), "Insatstid")
    doc.text(row["insatsägare"] or NONE, "Insatsägare")
    doc.text(", ".join((row["samverkansparter"] or "").split("; ")) or NONE, "Samverkansparter")
    doc.text(row["insatstyp"] or "ej angiven", "Insatstyp")
    doc.text(row["implementering"] or "ej besvarad", "Implementering")
    doc.text(f"{report.name}, " + (f"daterad {date(row['rapportdatum'])}" if row["rapportdatum"] else "odaterad"),
             "Rapport")

    doc.heading("Ekonomi", 3)
    doc.table(["Beviljat", "Utnyttjat", "Andel", "Återfört", "Övrig finansiering", "Per deltagare"],
              [[_kr(row["beviljat_kr"]), _kr(row["utnyttjat_kr"]), _pct(row["utnyttjad_andel"]), _kr(row["återfört_kr"]),
                _kr(row["övrig_finansiering_kr"]), _kr(row["kostnad_per_deltagare_kr"])]], numeric=0)
    others: dict[str, list] = {}
    for cost in rows["kostnader"]:
        if cost["förbundets_medel"] == "nej" and cost["utfall_kr"] is not None:
            others.setdefault(cost["finansiär"], []).append(cost["utfall_kr"])
    if others:
        doc.table(["Övrig finansiär", "Utfall"], [[name, _kr(sum(v))] for name, v in sorted(others.items())],
                  weights=[3, 1.5])

    doc.heading("Deltagare", 3)
    people = ("deltagare_totalt", "kvinnor", "män", "övriga", "anvisade", "avslutade", "pågående")
    structural = ("personal", "aktiviteter", "organisationer")
    if any(row[c] is not None for c in people):
        doc.table(["Totalt", "Kvinnor", "Män", "Övriga", "Anvisade", "Avslutade", "Pågående"],
                  [[_n(row[c]) for c in people]], numeric=0)
    if any(row[c] is not None for c in structural):
        doc.table(["Personal", "Aktiviteter", "Organisationer"], [[_n(row[c]) for c in structural]], numeric=0)
    if not any(row[c] is not None for c in people + structural):
        doc.text("Rapporten anger inga deltagare.")
    for table, first, key in (("åldersgrupper", "Åldersgrupp", "åldersgrupp"), ("utfall", "Avslutade till", "avslutade_till")):
        if rows[table]:
            doc.table([first, "Antal", "Andel"], [[r[key], str(r["antal"]), _pct(r["andel"])] for r in rows[table]],
                      weights=[3, 1, 1])
    for table, first in (("försörjning", "Försörjning"), ("sysselsättning", "Sysselsättning")):
        if rows[table]:
            doc.table([first, "Före", "Efter"], [[r["kategori"], _n(r["före"]), _n(r["efter"])] for r in rows[table]],
                      weights=[3, 1, 1])
    if rows["per_kommun"]:
        doc.table(["Kommun eller delprojekt", "Antal"], [[r["område"], str(r["antal"])] for r in rows["per_kommun"]],
                  weights=[3, 1])

    doc.heading("Mål", 3)
    if rows["mål"]:
        doc.table(["Nr", "Mål", "Bedömning", "Resultat"], [_goal(g) for g in rows["mål"]], numeric=4,
                  weights=[0.5, 5, 1.5, 2.5])
    else:
        doc.text("Rapporten anger inga mål.")


def _goal(goal: dict) -> list[str]:
    written = goal["bedömning_i_rapporten"]
    verdict = (written[:1].upper() + written[1:] if written
               else f"{goal['bedömning'].capitalize()} (beräknad)" if goal["bedömning"] else NONE)
    result = []
    if goal["utfall"] is not None:
        result.append(f"{goal['utfall']} av {goal['av']} ({percent(goal['andel'])})" if goal["andel"] is not None
                      else str(goal["utfall"]))
    if goal["målvärde"]:
        result.append(f"mål: {goal['målvärde']}")
    return [str(goal["nummer"]), shorten(goal["mål"] or goal["rubrik"] or NONE), verdict, "; ".join(result) or NONE]


def _quality(doc: _Document, selection: Selection, filters: Filters) -> None:
    doc.heading("Datakvalitet", 1)
    doc.text("Vad rapporterna lämnar öppet och var siffrorna inte går ihop, så att styrelsen ser vad den godkänner. "
             "Kontrollernas meddelanden står som slutrapport skriver dem, på engelska.")
    if selection.failed:
        doc.heading("Rapporter som inte kom med", 2)
        doc.text("Rapporterna nedan kunde inte läsas eller har fel i siffrorna; de är inte med i sammanställningen "
                 "förrän felen är rättade.")
        for report in selection.failed:
            for problem in report.findings:
                doc.text(_where(problem.line, problem.path), report.name, english=problem.message)
    if selection.superseded:
        doc.heading("Insatser med flera rapporter", 2)
        kept: dict[int, list[Report]] = {}
        for left, counted in selection.superseded:
            kept.setdefault(id(counted), [counted]).append(left)
        for counted, *left in kept.values():
            earlier = ", ".join(f"{r.name} ({date(r.date) if r.date else 'odaterad'})" for r in left)
            doc.text(f"räknas efter {counted.name} ({date(counted.date) if counted.date else 'odaterad'}); "
                     f"utelämnade: {earlier}.", counted.title)
    if selection.outside or selection.undated:
        doc.heading("Utanför urvalet", 2)
        if selection.outside:
            doc.text(", ".join(r.title for r in selection.outside) + ".",
                     f"Utanför urvalet ({' och '.join(filters.describe())})")
        if selection.undated:
            doc.text(", ".join(r.title for r in selection.undated) + ".", "Utan insatstid, så utanför urvalet")
    doc.heading("Varningar och obesvarade frågor", 2)
    if not selection.counted:
        doc.text("Inga insatser i urvalet.")
        return
    doc.table(["Rapport", "Varningar och anmärkningar", "Obesvarade frågor"],
              [[r.name, str(len(r.findings)), str(len(r.unanswered))] for r in selection.counted],
              total=["Totalt", str(sum(len(r.findings) for r in selection.counted)),
                     str(sum(len(r.unanswered) for r in selection.counted))], weights=[3, 1.3, 1.3])
    for report in selection.counted:
        if not (report.findings or report.unanswered):
            continue
        doc.heading(f"{report.title}: {report.name}", 3)
        for problem in report.findings:
            doc.text(_where(problem.line, problem.path),
                     {"warning": "Varning", "note": "Anmärkning"}.get(problem.severity, problem.severity),
                     english=problem.message)
        for key, question in report.unanswered:
            doc.text(f"”{question}” ({key})", UNANSWERED.capitalize())


def _where(line: int | None, key: str) -> str:
    """``rad 49, mål[4].resultat: ``, what a finding's message follows."""
    place = ", ".join(filter(None, [f"rad {line}" if line else "", key]))
    return f"{place}: " if place else ""
