"""`slutrapport summary`: the board summary and the follow-up record, read back as a reader
and a spreadsheet see them, every per-insats figure against that insats's own figures
(engine.compute on the same source) and every total against the sum of its rows.

One summary of inputs/ and tests/data/summary/ (an interim report of an example, an insats
reported twice without a diarienummer, a broken report) is made once for the module, and a
second one, from scratch, to compare bytes with.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.text.paragraph import Paragraph

from conftest import DATA, INPUTS, ROOT, blocks, cells, ooxml_errors, run_cli
from engine import compute
from engine.formatting import kr, percent
from engine.loader import load
from engine.model import Achieved, parse_amount
from engine.record import TABLES
from test_accessible import accessibility_findings

SUMMARY = DATA / "summary"
NONE = "–"
OUTPUTS = ["sammanstallning.docx", "sammanstallning.pdf", "uppfoljning.xlsx", "uppfoljning.json",
           *(f"uppfoljning-{t.file}.csv" for t in TABLES)]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("summary")
    result = run_cli("summary", INPUTS, SUMMARY, "-o", out)
    return result, out


@pytest.fixture(scope="module")
def record(made):
    return json.loads((made[1] / "uppfoljning.json").read_text(encoding="utf-8"))["tabeller"]


@cache
def _own(source: Path) -> dict:
    """What the insats's own report says, computed by the engine from the source alone."""
    insats, _ = load(source)
    money, people = compute.economy(insats), compute.participants(insats)
    genders = {c.label: c.count for c in people.by_gender}
    verdicts = [compute.goal(g).verdict(g) for g in insats.goals]
    others = list(money.other_financing.values())
    return {
        "insats": insats, "diarienummer": insats.case_number, "namn": insats.name, "start": insats.period.start,
        "slut": insats.period.end, "beviljat_kr": money.granted, "utnyttjat_kr": money.used,
        "utnyttjad_andel": money.used_share, "återfört_kr": insats.economy.returned.amount,
        "övrig_finansiering_kr": sum(others) if others else None,
        "kostnad_per_deltagare_kr": money.used / people.total if money.used is not None and people.total else None,
        "deltagare_totalt": people.total, "kvinnor": genders.get("kvinnor"), "män": genders.get("män"),
        "övriga": genders.get("övriga"), "anvisade": people.referred, "avslutade": people.ended,
        "pågående": people.ongoing, "mål_totalt": len(insats.goals),
        "mål_uppnådda": sum(v is not None and v.value is Achieved.YES for v in verdicts),
        "mål_delvis": sum(v is not None and v.value is Achieved.PARTLY for v in verdicts),
        "mål_ej_uppnådda": sum(v is not None and v.value is Achieved.NO for v in verdicts),
        "personal": insats.participants.structural.staff,
    }


#: The record's columns of table insatser checked against the engine's own figures.
FIGURES = [
    "diarienummer", "namn", "start", "slut", "beviljat_kr", "utnyttjat_kr", "utnyttjad_andel", "återfört_kr",
    "övrig_finansiering_kr", "kostnad_per_deltagare_kr", "deltagare_totalt", "kvinnor", "män", "övriga", "anvisade",
    "avslutade", "pågående", "mål_totalt", "mål_uppnådda", "mål_delvis", "mål_ej_uppnådda", "personal"]


def _same(column: str, got, want) -> bool:
    """A cell as a file holds it against the engine's figure: shares to four places, amounts to the öre
    (cost per participant in whole kronor), dates as dates."""
    if want is None or got is None:
        return got is None and want is None
    if column.endswith("andel"):
        return abs(Decimal(str(got)) - want) <= Decimal("0.00005")
    if column == "kostnad_per_deltagare_kr":
        return abs(Decimal(str(got)) - want) <= Decimal("0.5")
    if isinstance(want, Decimal):
        return Decimal(str(got)) == want
    if isinstance(want, dt.date):
        return (got.date() if isinstance(got, dt.datetime) else got) == want
    return got == want


def _sheet(path: Path, name: str) -> list[dict]:
    sheet = openpyxl.load_workbook(path)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def _csv(path: Path, kinds: dict) -> list[dict]:
    def value(kind, text):
        if text == "":
            return None
        if kind in ("amount", "share"):
            return Decimal(text.replace(",", "."))
        if kind in ("count", "year"):
            return int(text)
        return dt.date.fromisoformat(text) if kind == "date" else text

    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [{k: value(kinds[k], v) for k, v in row.items()} for row in rows]


def _kinds(table: str) -> dict:
    return {c.name: c.kind for c in next(t for t in TABLES if t.name == table).columns}


# --- what was written ------------------------------------------------------------------------

def test_summary_writes_every_output_and_names_the_bad_source_once(made):
    result, out = made
    assert result.code == 1, result.err  # a source left out for errors
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    bad = [line for line in result.err.splitlines() if "trasig.yaml" in line]
    assert len(bad) == 1 and ":6:3: error: insatstid.start:" in bad[0] and "left out" in bad[0]
    assert "summary of 7 insatser from 11 reports (11 read, 0 unchanged)" in result.out


def test_the_documents_are_valid_and_accessible(made):
    """The workbook is valid Open XML; the document passes Word's accessibility checks (that it is
    valid Word and its PDF passes the PDF/UA-1 checker, the session's end proves for every document
    and PDF the tests had the tool write: see conftest)."""
    out = made[1]
    assert ooxml_errors(out / "uppfoljning.xlsx") == []
    assert accessibility_findings(out / "sammanstallning.docx") == []
    document = docx.Document(out / "sammanstallning.docx")
    pictures = list(document.element.body.iter("{*}docPr"))
    assert len(pictures) == 3 and all(p.get("descr", "").count(":") >= 1 for p in pictures)
    funds = next(p.get("descr") for p in pictures if p.get("descr").startswith("Beviljade"))
    assert f"RESAN: beviljat {kr(Decimal(2458000))}" in funds  # the alternative text states the numbers


# --- per insats: every figure against the insats's own ----------------------------------------

def test_each_insats_is_in_the_record_once_with_its_own_figures(made, record):
    out = made[1]
    rows = {r["källa"]: r for r in record["insatser"]}
    sheet = {r["källa"]: r for r in _sheet(out / "uppfoljning.xlsx", "insatser")}
    table = {r["källa"]: r for r in _csv(out / "uppfoljning-insatser.csv", _kinds("insatser"))}
    assert rows.keys() == sheet.keys() == table.keys() and len(rows) == 7
    for source, row in rows.items():
        own = _own(Path(source))
        for column in FIGURES:
            for name, got in (("json", row), ("xlsx", sheet[source]), ("csv", table[source])):
                value = got[column]
                if name == "json" and isinstance(own[column], dt.date) and value is not None:
                    value = dt.date.fromisoformat(value)
                assert _same(column, value, own[column]), (name, source, column, value, own[column])


def test_goals_costs_and_outcomes_are_one_row_each(record):
    by_source = {r["källa"]: r for r in record["insatser"]}
    for source, row in by_source.items():
        insats = _own(Path(source))["insats"]
        key = (row["diarienummer"], row["namn"])
        of = lambda table: [r for r in record[table] if (r["diarienummer"], r["insats"]) == key]  # noqa: E731
        goals = of("mål")
        assert len(goals) == len(insats.goals)
        for goal, got in zip(insats.goals, goals):
            verdict, figures = compute.goal(goal).verdict(goal), compute.goal(goal)
            assert got["bedömning"] == (verdict.value.value if verdict else None)
            assert (got["utfall"], got["av"]) == (goal.outcome, goal.base)
            assert _same("andel", got["andel"], figures.share)
        costs = of("kostnader")
        assert [(c["post"], c["år"]) for c in costs] == [(c.item, c.year) for c in insats.economy.costs]
        assert all(_same("utfall_kr", c["utfall_kr"], i.outcome) for c, i in zip(costs, insats.economy.costs))
        ended = compute.participants(insats).ended_to
        assert [(r["avslutade_till"], r["antal"]) for r in of("utfall")] == [(c.label, c.count) for c in ended]
        ages = {k: n for k, n in insats.participants.age_bands.items() if n is not None}
        assert [(r["åldersgrupp"], r["antal"]) for r in of("åldersgrupper")] == list(ages.items())
        assert [(r["kategori"], r["före"], r["efter"]) for r in of("försörjning")] == \
            [(r.category, r.before, r.after) for r in insats.participants.income]


def _outline(path: Path) -> tuple[dict, dict]:
    """The document's tables and paragraphs under each (Heading 1, Heading 2, Heading 3)."""
    tables, paragraphs, where = {}, {}, [None, None, None]
    for block in blocks(docx.Document(path)):
        if isinstance(block, Paragraph):
            style = block.style.name
            if style.startswith("Heading "):
                level = int(style.split()[1])
                where[level - 1:] = [block.text] + [None] * (3 - level)
            elif block.text:
                paragraphs.setdefault(tuple(where), []).append(block.text)
        else:
            tables.setdefault(tuple(where), []).append([[c.text for c in row] for _, row in cells(block)])
    return tables, paragraphs


def _kr(value) -> str:
    return NONE if value is None else kr(value)


def _pct(value) -> str:
    return NONE if value is None else percent(value)


def test_the_board_document_shows_each_insats_with_its_own_figures(made, record):
    tables, paragraphs = _outline(made[1] / "sammanstallning.docx")
    for row in record["insatser"]:
        own = _own(Path(row["källa"]))
        title = f"{own['namn']} ({own['diarienummer']})" if own["diarienummer"] else own["namn"]
        economy = tables[("Insatserna", title, "Ekonomi")][0]
        assert economy[1] == [_kr(own["beviljat_kr"]), _kr(own["utnyttjat_kr"]), _pct(own["utnyttjad_andel"]),
                              _kr(own["återfört_kr"]), _kr(own["övrig_finansiering_kr"]),
                              _kr(own["kostnad_per_deltagare_kr"])]
        people = [own[c] for c in ("deltagare_totalt", "kvinnor", "män", "övriga", "anvisade", "avslutade", "pågående")]
        shown = tables.get(("Insatserna", title, "Deltagare"), [])
        if any(n is not None for n in people):
            assert shown[0][1] == [NONE if n is None else str(n) for n in people]
        goals = tables.get(("Insatserna", title, "Mål"), [[[]]])[0][1:]
        insats = own["insats"]
        assert len(goals) == len(insats.goals)
        for goal, line in zip(insats.goals, goals):
            verdict = compute.goal(goal).verdict(goal)
            assert line[2] == (goal.achieved.label if goal.achieved else f"{verdict.value.label} (beräknad)" if verdict
                               else NONE)
            if goal.outcome is not None and goal.base:
                assert line[3].startswith(f"{goal.outcome} av {goal.base} ({percent(compute.goal(goal).share)})")
        facts = paragraphs[("Insatserna", title, None)]
        assert f"Insatsägare: {insats.owner.organisation}" in facts
        assert (f"Implementering: ej besvarad" in facts) == (not insats.implementation)


def _number(text: str):
    text = text.replace("\u00a0", " ").strip()
    if text in (NONE, ""):
        return None
    return parse_amount(text) if text.endswith("kr") else int(text)


def test_every_total_is_the_sum_of_its_rows_and_the_overview_the_insatsers_own(made, record):
    tables, _ = _outline(made[1] / "sammanstallning.docx")
    overview = tables[("Portföljen", "Översikt", None)][0]
    names = {r["namn"]: _own(Path(r["källa"])) for r in record["insatser"]}
    for line in overview[1:-1]:
        own = names[line[0]]
        assert line[2:6] == [_kr(own["beviljat_kr"]), _kr(own["utnyttjat_kr"]), _pct(own["utnyttjad_andel"]),
                             NONE if own["deltagare_totalt"] is None else str(own["deltagare_totalt"])]
        assert line[6] == f"{own['mål_uppnådda']}/{own['mål_delvis']}/{own['mål_ej_uppnådda']}"
    summed = 0
    for where, found in tables.items():
        if where[0] != "Portföljen":
            continue
        for table in found:
            if table[-1][0] != "Totalt":
                continue
            for column in range(1, len(table[0])):
                if table[0][column] in ("Andel", "Insatstid"):
                    continue
                values = [line[column] for line in table[1:-1]]
                if "/" in table[-1][column]:  # the goals: ja/delvis/nej
                    parts = [list(map(int, v.split("/"))) for v in values]
                    assert [sum(p) for p in zip(*parts)] == list(map(int, table[-1][column].split("/")))
                else:
                    given = [n for n in map(_number, values) if n is not None]
                    assert _number(table[-1][column]) == (sum(given) if given else None), (where, table[0][column])
                summed += 1
    assert summed >= 15
    granted = [own["beviljat_kr"] for own in names.values() if own["beviljat_kr"] is not None]
    assert _number(overview[-1][2]) == sum(granted)


def test_the_pdf_says_what_the_document_says(made, record):
    text = subprocess.run(["pdftotext", "-layout", str(made[1] / "sammanstallning.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\u00a0", " ")
    assert "Sammanställning av slutrapporter" in text and "Datakvalitet" in text
    for row in record["insatser"]:
        own = _own(Path(row["källa"]))
        assert own["namn"] in text
        if own["beviljat_kr"] is not None:
            assert kr(own["beviljat_kr"]).replace("\u00a0", " ") in text


# --- which reports count --------------------------------------------------------------------

def test_an_insats_reported_twice_counts_once_by_its_latest_report(made, record):
    kept = {r["namn"]: Path(r["källa"]).name for r in record["insatser"]}
    assert kept["Ung Intro"] == "ung-intro-markdown.md"   # the final report (the YAML one, as old, is named second)
    assert kept["Nätverket"] == "natverket.yaml"          # dated after its interim report, which has no diarienummer
    _, paragraphs = _outline(made[1] / "sammanstallning.docx")
    notes = " ".join(paragraphs[("Datakvalitet", "Insatser med flera rapporter", None)])
    for left in ("ung-intro.yaml", "ung-intro-delrapport.yaml (2019-12-31)", "natverket-delrapport.yaml (2023-09-01)"):
        assert left in notes


def test_the_bad_source_is_left_out_and_named_in_the_data_quality_section(made, record):
    assert all("trasig" not in r["källa"] for r in record["insatser"])
    errors = [r for r in record["anmärkningar"] if r["slag"] == "fel"]
    assert len(errors) == 1 and errors[0]["källa"].endswith("trasig.yaml") and errors[0]["rad"] == 6
    _, paragraphs = _outline(made[1] / "sammanstallning.docx")
    assert any("trasig.yaml" in p for p in paragraphs[("Datakvalitet", "Rapporter som inte kom med", None)])
    warnings = [r for r in record["anmärkningar"] if r["källa"].endswith("vagen-in.yaml") and r["slag"] == "varning"]
    assert any(r["nyckel"] == "deltagare.totalt" for r in warnings)


def test_filters_keep_the_insatser_asked_for():
    from engine import summary
    from engine.forbund import name_of
    from engine.portfolio import Filters, select

    reports = [summary.read(p).report for p in sorted(INPUTS.iterdir()) + sorted(SUMMARY.iterdir())
               if p.suffix in (".yaml", ".md")]

    def names(filters):
        return sorted(r.insats["namn"] for r in select(reports, filters).counted)

    assert names(Filters(*summary.period("2023"))) == ["Nätverket", "RESAN", "Vägen in"]
    assert names(Filters(*summary.period("2021-T3"))) == ["Framsteget i Håbo"]
    assert names(Filters(dt.date(2020, 12, 31), dt.date(2021, 1, 31))) == \
        ["Framsteget i Håbo", "Samverkan Gottsunda", "Ung Intro"]
    assert names(Filters(forbund=name_of("Gävleborg"))) == ["Nätverket", "RESAN", "Vägen in"]
    assert names(Filters(forbund=name_of("uppsala"))) == ["Framsteget i Håbo", "Långsiktig Samverkan",
                                                          "Samverkan Gottsunda", "Ung Intro"]


def test_a_wrong_period_is_a_usage_error(tmp_path, capsys):
    from engine.cli import main

    for args in (["--period", "2023-T4"], ["--period", "2023", "--from", "2023-01-01"],
                 ["--from", "2023-05-01", "--to", "2023-01-01"]):
        with pytest.raises(SystemExit) as stopped:
            main(["summary", str(INPUTS), "-o", str(tmp_path), *args])
        assert stopped.value.code == 2
        assert re.match(r"slutrapport( summary)?: error: ", capsys.readouterr().err.splitlines()[-1])
    assert not any(tmp_path.iterdir())


# --- bytes, reruns and the user's files -------------------------------------------------------

def _summary(*sources, out: Path, **options):
    """The summary made in this process (the LibreOffice it needs started once); what it
    printed, on stdout and stderr."""
    from engine import summary

    printed, said = [], []
    result = summary.run(list(sources), summary.Options(output_dir=out, jobs=1, **options), out=printed.append,
                         err=said.append)
    return result, "\n".join(printed), "\n".join(said)


def test_equal_inputs_give_equal_bytes(made, tmp_path):
    result, _, _ = _summary(INPUTS, SUMMARY, out=tmp_path)
    assert result.status == 1
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (made[1] / name).read_bytes(), name


def test_a_rerun_reads_only_the_changed_source_and_keeps_the_users_files(tmp_path):
    sources = tmp_path / "rapporter"
    shutil.copytree(SUMMARY, sources)
    out = tmp_path / "out"
    out.mkdir()
    (out / "sammanstallning.pdf").write_bytes(b"the signed PDF")  # not ours: kept, and no PDF is made
    first, printed, said = _summary(sources, out=out)
    assert first.status == 4 and "sammanstallning.pdf: exists and was not written by slutrapport" in said
    assert "(5 read, 0 unchanged)" in printed
    source = sources / "vagen-in.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("beviljat: 1 200 000 kr", "beviljat: 1 300 000 kr"),
                      encoding="utf-8")
    (out / "uppfoljning.json").write_text("{}", encoding="utf-8")  # edited since written: kept
    second, printed, said = _summary(sources, out=out)
    assert "(1 read, 4 unchanged)" in printed and second.status == 4
    assert "uppfoljning.json: changed since it was written" in said
    assert (out / "sammanstallning.pdf").read_bytes() == b"the signed PDF"
    assert (out / "uppfoljning.json").read_text(encoding="utf-8") == "{}"
    rows = _sheet(out / "uppfoljning.xlsx", "insatser")
    assert next(r["beviljat_kr"] for r in rows if r["namn"] == "Vägen in") == 1_300_000
    third, printed, _ = _summary(sources, out=out)
    assert "(0 read, 5 unchanged)" in printed and not third.written


def test_a_source_with_personal_data_stays_out_of_the_record_until_allowed(tmp_path):
    """An identity number in an answer: check warns, and summary leaves the report out of the
    record (one line naming it and the way on, exit 1) unless --allow-personal-data is given."""
    sources = tmp_path / "rapporter"
    shutil.copytree(SUMMARY, sources)
    source = sources / "vagen-in.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "övrigt: Deltagare 19121212-1212 avslutade i mars.\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sammanstallning.pdf").write_bytes(b"the signed PDF")  # not ours: no PDF is made, which saves time
    refused, _, said = _summary(sources, out=out)
    lines = [line for line in said.splitlines() if "vagen-in.yaml" in line]
    assert refused.status == 4 and len(lines) == 1, said
    assert "error: övrigt:" in lines[0] and "19121212-••••" in lines[0] and "--allow-personal-data" in lines[0]
    assert "1212-1212" not in said
    record = json.loads((out / "uppfoljning.json").read_text(encoding="utf-8"))["tabeller"]
    assert "Vägen in" not in {r["namn"] for r in record["insatser"]}
    allowed, _, said = _summary(sources, out=out, allow_personal_data=True)
    record = json.loads((out / "uppfoljning.json").read_text(encoding="utf-8"))["tabeller"]
    assert "Vägen in" in {r["namn"] for r in record["insatser"]}
    assert not any("error" in line for line in said.splitlines() if "vagen-in.yaml" in line)


def test_the_workbook_opens_in_libreoffice_with_its_types(made, tmp_path):
    """LibreOffice reads the workbook and saves it again: every sheet and cell comes back, numbers
    as numbers and dates as dates."""
    from engine.writers.pdf import find_soffice

    original = made[1] / "uppfoljning.xlsx"
    done = subprocess.run([find_soffice().path, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(original)],
                          capture_output=True, text=True, timeout=120)
    if not (tmp_path / "lo" / "uppfoljning.xlsx").is_file():
        pytest.fail(f"LibreOffice could not open the workbook ({done.stdout.strip()} {done.stderr.strip()}); is "
                    "LibreOffice Calc installed? (Debian: apt-get install libreoffice-calc-nogui)", pytrace=False)
    again = openpyxl.load_workbook(tmp_path / "lo" / "uppfoljning.xlsx")
    mine = openpyxl.load_workbook(original)
    assert again.sheetnames == mine.sheetnames == [t.name for t in TABLES]
    typed = 0
    for table in TABLES:
        theirs, ours = list(again[table.name].iter_rows(values_only=True)), list(mine[table.name].iter_rows(values_only=True))
        assert theirs[0] == tuple(table.names) and len(theirs) == len(ours)
        for a, b in zip(theirs[1:], ours[1:]):
            for column, x, y in zip(table.columns, a, b):
                assert x == y or (isinstance(x, float) and abs(x - y) < 1e-9), (table.name, column.name, x, y)
                if x is None:
                    continue
                want = {"date": dt.datetime, "text": str}.get(column.kind, (int, float))
                assert isinstance(x, want), (table.name, column.name, x)
                typed += column.kind != "text"
    assert typed > 100
    sheet = mine["insatser"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["J2"].number_format == "#,##0" and sheet["L2"].number_format == "0.0 %"


def test_the_record_names_no_person(made):
    """Aggregate only: no contact person, signer or reporter of any source appears in any output."""
    import yaml

    people = set()
    for source in [*INPUTS.glob("*.yaml"), *SUMMARY.glob("*.yaml")]:
        def walk(value, key=""):
            if isinstance(value, dict):
                for k, v in value.items():
                    if k == "namn" and key in ("kontaktpersoner", "kontaktperson", "underskrift", "uppgiftslämnare"):
                        people.add(str(v))
                    walk(v, k if k != "namn" else key)
            elif isinstance(value, list):
                for item in value:
                    walk(item, key)
        walk(yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    assert people, "the examples name contact persons and signers"
    out = made[1]
    texts = [(out / name).read_text(encoding="utf-8-sig") for name in OUTPUTS if name.endswith((".csv", ".json"))]
    texts.append("\n".join(p.text for p in docx.Document(out / "sammanstallning.docx").paragraphs))
    for name in sorted(people):
        assert not any(name in text for text in texts), name


def test_docs_record_is_up_to_date():
    result = run_cli("columns")
    assert result.code == 0
    assert (ROOT / "docs" / "record.md").read_text(encoding="utf-8") == result.out, \
        "docs/record.md is out of date: run `make docs`"
