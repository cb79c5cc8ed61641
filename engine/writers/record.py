"""The follow-up record's files: one workbook (.xlsx), one CSV file per table, one JSON file.

Each follows the tables' declarations in :mod:`engine.record`: the same columns in the same
order, every cell typed by its column's kind. The workbook has one sheet per table, numbers
as numbers and dates as dates with Swedish-looking number formats, the header row frozen and
filtered, the columns as wide as what they hold. The CSV files are what Swedish Excel opens
by a double click: UTF-8 with a byte order mark, ``;`` between cells, a decimal comma. Equal
rows give equal bytes: the workbook's dates are the record's own (none where no report is
dated) and its zip entries carry a fixed time, as the documents' do.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

from engine.formatting import round_half_up
from engine.manifest import MARK
from engine.record import TABLES, Table

SHARE_DECIMALS = 4
#: Excel's format codes, stored in its own (en-US) notation and shown in the reader's locale:
#: `# ##0`, `0,0 %` and `åååå-mm-dd` in Swedish Excel and LibreOffice.
NUMBER_FORMATS = {"count": "#,##0", "amount": "#,##0", "share": "0.0 %", "date": "yyyy-mm-dd", "year": "0"}
MAX_WIDTH = 60  # characters: wider text wraps within the cell when opened
#: What XML 1.0 cannot hold, and so no .xlsx cell either.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _number(kind: str, value):
    """A cell's value as a number a spreadsheet or JSON reader takes: whole kronor as integers,
    öre kept to two places, shares to four."""
    if kind == "share":
        return float(round_half_up(value, SHARE_DECIMALS))
    if kind == "amount":
        return int(value) if value == value.to_integral_value() else float(round_half_up(value, 2))
    return value


# --- xlsx -----------------------------------------------------------------------------------

def workbook(tables: dict[str, list[dict]], title: str, dated: dt.date | None) -> bytes:
    """The record as an .xlsx workbook, one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for table in TABLES:
        sheet = book.create_sheet(table.name)
        sheet.append(table.names)
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(name) for name in table.names]
        rows = tables.get(table.name, [])
        for number, row in enumerate(rows, 2):
            sheet.append([_xlsx_value(c.kind, row.get(c.name)) for c in table.columns])
            for i, column in enumerate(table.columns):
                cell = sheet.cell(number, i + 1)
                if cell.value is None:
                    continue
                if column.kind == "text":
                    cell.data_type = "s"  # never a formula, whatever the text begins with
                    if len(cell.value) > MAX_WIDTH:
                        cell.alignment = wrap
                else:
                    cell.number_format = NUMBER_FORMATS[column.kind]
                widths[i] = max(widths[i], _shown_width(column.kind, cell.value))
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width, MAX_WIDTH) + 2
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return _repacked(out.getvalue(), title, dated)


def _xlsx_value(kind: str, value):
    if value is None:
        return None
    if kind == "text":
        return _UNSHOWABLE.sub("", value)
    return _number(kind, value)


def _shown_width(kind: str, value) -> int:
    if kind == "date":
        return 10
    if kind == "share":
        return 7
    if kind in ("count", "amount"):
        return len(f"{value:,.0f}") + (3 if isinstance(value, float) else 0)
    return len(str(value))


_CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         '<dc:title>{title}</dc:title><dc:language>sv-SE</dc:language><cp:lastModifiedBy>{mark}</cp:lastModifiedBy>'
         '{dates}</cp:coreProperties>')
_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>slutrapport</Application></Properties>')


def _repacked(data: bytes, title: str, dated: dt.date | None) -> bytes:
    """openpyxl's workbook with the record's own properties (its title, its date or none, the
    tool as its application: never the clock's time or openpyxl's name) and every zip entry
    dated 1980-01-01, so that equal records are equal bytes."""
    from xml.sax.saxutils import escape

    moment = f"{dated.isoformat()}T12:00:00Z" if dated else None
    dates = "".join(f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{moment}</dcterms:{name}>'
                    for name in ("created", "modified")) if moment else ""
    replaced = {"docProps/core.xml": _CORE.format(title=escape(title), mark=MARK, dates=dates).encode(),
                "docProps/app.xml": _APP.encode()}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        replaced["xl/styles.xml"] = _fonts_in_order(source.read("xl/styles.xml"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, replaced.get(item.filename) or source.read(item.filename))
    return out.getvalue()


#: The order the schema gives a font's properties (CT_Font); openpyxl writes its default font's
#: name first, which Excel accepts and the Open XML SDK's validator does not.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme")


def _fonts_in_order(styles: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(styles)
    for font in root.iter("{*}font"):
        font[:] = sorted(font, key=lambda e: _FONT_ORDER.index(etree.QName(e).localname))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- CSV ------------------------------------------------------------------------------------

def _csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "date":
        return value.isoformat()
    if kind == "share":
        return f"{round_half_up(value, SHARE_DECIMALS):f}".replace(".", ",")
    if kind == "amount":
        return str(int(value)) if value == value.to_integral_value() else f"{round_half_up(value, 2):f}".replace(".", ",")
    return str(value)


def csv_file(table: Table, rows: list[dict]) -> bytes:
    """One table as CSV for Swedish Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.names)
    for row in rows:
        writer.writerow([_csv_value(c.kind, row.get(c.name)) for c in table.columns])
    return out.getvalue().encode("utf-8-sig")


# --- JSON -----------------------------------------------------------------------------------

def json_file(tables: dict[str, list[dict]], selection: dict) -> bytes:
    """Every table, each row an object in column order; ``selection`` says what the record holds."""
    def cell(kind: str, value):
        if value is None:
            return None
        return value.isoformat() if kind == "date" else _number(kind, value)

    data = {"format": 1, "urval": selection,
            "tabeller": {t.name: [{c.name: cell(c.kind, row.get(c.name)) for c in t.columns}
                                  for row in tables.get(t.name, [])] for t in TABLES}}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
