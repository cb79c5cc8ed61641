"""Layouts as data: a förbund's folder works with no Python, hand-edited forms give the same
document, and a form that needs more than the declaration can say has its escape hatch."""

from __future__ import annotations

import copy
import shutil

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from conftest import ROOT, run_cli, text_lines
from engine import layouts
from engine.layouts.declaration import LayoutError

EXAMPLE = ROOT / "inputs" / "framsteget-habo.yaml"


def _own(tmp_path, layout_id: str):
    """A copy of a shipped layout as the förbund's own folder of layouts."""
    root = tmp_path / "egna"
    shutil.copytree(layouts.folders()[layout_id], root / layout_id)
    return root, root / layout_id


def _own_changed(tmp_path, layout_id: str, old: str, new: str):
    """A copy of a shipped layout as the förbund's own, its layout.yaml changed from ``old`` to ``new``."""
    root, folder = _own(tmp_path, layout_id)
    yaml_file = folder / "layout.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert old in text
    yaml_file.write_text(text.replace(old, new), encoding="utf-8")
    return root


def _build(tmp_path, root, layout_id: str, name: str):
    out = tmp_path / name
    result = run_cli("build", str(EXAMPLE), "--forbund", layout_id, "-o", str(out),
                     env={"SLUTRAPPORT_TEMPLATES": str(root)} if root else None)
    assert result.code == 0, result.err
    return out / f"{EXAMPLE.stem}.{layout_id}.docx"


@pytest.mark.parametrize("layout_id", layouts.available())
def test_a_tag_split_by_word_gives_the_same_document(tmp_path, layout_id):
    """Word splits a tag typed by hand over runs (a spell-check mark, a change of formatting
    in the middle) and AutoCorrect puts a no-break space in it: the document is byte for byte the same."""
    root, folder = _own(tmp_path, layout_id)
    form = docx.Document(str(folder / "form.docx"))
    split = 0
    for paragraph in form.paragraphs:
        for run in paragraph.runs:
            text = run.text
            if text.startswith("{{ ") and text.endswith(" }}") and len(text) > 8:
                run.text = text[:4]  # "{{ n" …
                rest = copy.deepcopy(run._r)
                run._r.addnext(rest)
                run._r.addnext(OxmlElement("w:proofErr"))  # … a spell-check mark …
                Run(rest, paragraph).text = text[4:].replace(" }}", "\u00a0}}")  # … "ame }}", a no-break space
                split += 1
    assert split >= 3
    form.save(str(folder / "form.docx"))
    assert run_cli("template", "check", str(folder), "-o", str(tmp_path / "check")).code == 0
    ours, theirs = _build(tmp_path, None, layout_id, "shipped"), _build(tmp_path, root, layout_id, "edited")
    assert theirs.read_bytes() == ours.read_bytes()


def test_a_layout_yaml_with_python_beside_it(tmp_path):
    """layout.py adjusts what the declaration gave: the escape hatch, for a form that needs it."""
    root, folder = _own(tmp_path, "uppsala")
    (folder / "layout.py").write_text(
        "def context(insats, data, context):\n"
        "    context['name'] = context['name'] + ' (' + data['förbund'] + ')'\n"
        "    return context\n", encoding="utf-8")
    lines = text_lines(_build(tmp_path, root, "uppsala", "out"))
    assert "Framsteget Habo (Samordningsförbundet Uppsala län)" in lines or \
        any("(Samordningsförbundet Uppsala län)" in line for line in lines)


def test_a_broken_escape_hatch_is_one_line(tmp_path):
    root, folder = _own(tmp_path, "uppsala")
    (folder / "layout.py").write_text("def context(:\n", encoding="utf-8")
    result = run_cli("build", str(EXAMPLE), "--forbund", "uppsala", "-o", str(tmp_path / "out"),
                     env={"SLUTRAPPORT_TEMPLATES": str(root)})
    assert result.code == 2
    assert f"{folder / 'layout.py'}: error: cannot be run (SyntaxError" in result.err
    assert "Traceback" not in result.err


def test_the_engine_knows_no_form_by_name():
    """No module per förbund: the forms are folders."""
    modules = {p.stem for p in (ROOT / "engine" / "layouts").glob("*.py")}
    assert modules == {"__init__", "declaration", "fill", "pieces"}
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "engine" / "layouts").glob("*.py"))
    for name in ("Gävleborg", "gavleborg", "Uppsala län", "uppsala-2018"):
        assert name not in text, name


@pytest.mark.parametrize("broken,message", [
    ("förbund: X\n", "missing: a layout lists the form's questions under 'frågor:'"),
    ("frågor:\n  - fråga: Syfte\n", "names no tag"),
    ("frågor:\n  - fråga: Syfte\n    tagg: purpose\n    svar: [syfte]\n    när: syfte finns\n",
     "write a condition as 'KEY är ja'"),
    ("frågor:\n  - fråga: Mål\n    tagg: goals\n    rader: mål\n", "rows need 'fält:'"),
    ("frågor:\n  - fråga: Mål\n    tagg: goals\n    rader: mål\n    fält:\n      nr: =målsiffror\n      x: =bedömning\n"
     "  - fråga: Namn\n    tagg: name\n    text: =bedömning\n", "'=bedömning' belongs in rows of 'mål'"),
    ("frågor:\n  - fråga: Namn\n    tagg: name\n    text: namn\n    som: Namn\n", "a phrase needs {}"),
    ("frågor:\n  - fråga: A\n    tagg: name\n    text: namn\n  - fråga: B\n    tagg: name\n    text: syfte\n",
     "tag 'name' is filled by both “A” and “B”"),
])
def test_a_broken_declaration_names_its_line(tmp_path, broken, message):
    folder = tmp_path / "egen"
    folder.mkdir()
    (folder / "layout.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        layouts.load("egen", folder)
    said = [str(p) for p in caught.value.problems]
    assert any(message in line and line.startswith(str(folder / "layout.yaml") + ":") for line in said), said


STRUCTURE_START = ("1. Kort sammanfattning av projektets verksamhet",
                   "2. I vilken utsträckning har projektets syfte uppnåtts/utmaningar bemötts?",
                   "3. I vilken utsträckning har projektets mål uppnåtts?",
                   "4. I vilken utsträckning har projektets målgrupp engagerats i projektet",
                   "5. Resultat för indikatorer/delmål",
                   "6. Har projektets tids- och aktivitetsplan följts?",
                   "7. Har projektets budget följts?",
                   "8. Beskrivning av hur utmaningar kopplade till jämställdhet, mångfald, tillgänglighet, miljö",
                   "9. Beskrivning av hur uppföljning/utvärdering skett och resultatet av denna.",
                   "10. Allmän beskrivning av de erfarenheter som gjorts i projektet",
                   "11. Vilka insatser har gjorts för att sprida projektets verksamhet och erfarenheter?",
                   "12. Vad händer med projektets verksamhet efter periodens slut?",
                   "13. Övriga synpunkter/upplysningar")


def test_the_thirteen_question_form_asks_in_its_own_words_and_order(tmp_path):
    lines = text_lines(_build(tmp_path, None, "struktur", "out"))
    at = [next(i for i, line in enumerate(lines) if line.startswith(start)) for start in STRUCTURE_START]
    assert at == sorted(at)
    assert lines[0] == "Struktur för slutrapport"
    assert "Projekt: Framsteget Habo" in lines or any(line.startswith("Projekt: ") for line in lines)
    assert not any("{{" in line or "{%" in line for line in lines)


def test_the_general_form_grows_its_tables_with_the_source(tmp_path):
    source = tmp_path / "prov.yaml"
    source.write_text(
        "namn: Provinsatsen\nförbund: allman\ninsatsägare: Tierps kommun\ninsatstyp: strukturinriktad\n"
        "mål:\n" + "".join(f"  - mål: Mål nummer {n}\n    utfall: {n}\n    av: 10\n    mål_andel: 20 %\n"
                           for n in range(1, 5)) +
        "deltagare:\n  kvinnor: 6\n  män: 4\n  anvisade: 12\n"
        "ekonomi:\n  beviljat: 100 tkr\n  kostnader:\n"
        "    - {post: Lön, år: 2023, budget: 40 tkr, utfall: 30 tkr}\n"
        "    - {post: Lön, år: 2024, budget: 40 tkr, utfall: 50 tkr, finansiär: Tierps kommun}\n",
        encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    document = docx.Document(str(tmp_path / "out" / "prov.allman.docx"))
    text = "\n".join(text_lines(tmp_path / "out" / "prov.allman.docx"))
    assert "Insatstyp (individinriktad eller strukturinriktad): strukturinriktad" in text
    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "Mål")
    assert [r.cells[1].text for r in goals.rows[1:]] == ["Nej", "Ja", "Ja", "Ja"]  # 20 % of 10 is 2
    people = next(t for t in document.tables if t.rows[0].cells[0].text == "Grupp")
    assert [[c.text for c in r.cells] for r in people.rows[1:4]] == [
        ["Kön", "kvinnor", "6", "60,0\u00a0%"], ["Kön", "män", "4", "40,0\u00a0%"], ["Kön", "totalt", "10", ""]]
    years = next(t for t in document.tables if t.rows[0].cells[0].text == "År")
    assert [[c.text for c in r.cells] for r in years.rows[1:]] == [
        ["2023", "40\u00a0000\u00a0kr", "30\u00a0000\u00a0kr"], ["2024", "40\u00a0000\u00a0kr", "50\u00a0000\u00a0kr"]]
    assert "Återstår: 70\u00a0000\u00a0kr" in text  # the förbund's own funds: 100 tkr − 30 tkr
    assert "inte ett samordningsförbunds egen" in layouts.get("allman").data["förbund"]  # says what it is


def test_a_key_with_several_values_reads_as_a_list_in_a_line(tmp_path):
    """A key that holds a list (insatstyp, every contact's name) is one part of a ``text:``: its
    values are joined with commas, the parts with ``skiljetecken`` (a space), so that two kinds
    do not run together as one phrase."""
    source = tmp_path / "prov.yaml"
    source.write_text("namn: Provinsatsen\nförbund: allman\ninsatsägare: Tierps kommun\n"
                      "insatstyp: [individinriktad, strukturinriktad]\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    text = text_lines(tmp_path / "out" / "prov.allman.docx")
    assert "Insatstyp (individinriktad eller strukturinriktad): individinriktad, strukturinriktad" in text


def test_an_answer_the_forms_condition_leaves_out_is_noted(tmp_path):
    """A tag with när: shows nothing when its condition does not hold; what only it would have
    shown is then left out of the document, and the build says so, as for a key with no place."""
    root = _own_changed(tmp_path, "gavleborg", "när: =ekonomi.fullt_utnyttjat är inte nej",
                        "när: =ekonomi.fullt_utnyttjat är tomt")
    source = tmp_path / "prov.yaml"
    source.write_text("namn: Provinsatsen\nförbund: gavleborg\ninsatsägare: Tierps kommun\n"
                      "ekonomi:\n  beviljat: 100 tkr\n  utnyttjat: 100 tkr\n  kommentar: Budgeten var väl avvägd.\n",
                      encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out", env={"SLUTRAPPORT_TEMPLATES": str(root)})
    assert result.code == 0, result.err
    assert "Budgeten var väl avvägd." not in "\n".join(text_lines(tmp_path / "out" / "prov.gavleborg.docx"))
    assert f"{source}:7:3: note: ekonomi.kommentar: the gavleborg form shows this only when " \
           "=ekonomi.fullt_utnyttjat är tomt, which does not hold here; it is left out" in result.err.splitlines(), \
        result.err
    # The shipped form, whose two branches cover each other, shows it and says nothing.
    shipped = run_cli("build", source, "-o", tmp_path / "shipped")
    assert "Budgeten var väl avvägd." in "\n".join(text_lines(tmp_path / "shipped" / "prov.gavleborg.docx"))
    assert "ekonomi.kommentar" not in shipped.err


def test_a_text_tag_over_several_lines_keeps_its_lines_as_word_line_breaks(tmp_path):
    """A ``text:`` tag given an answer of several lines shows them as lines (``w:br``), in Word
    as in LibreOffice (docxtpl makes them so), and nothing of them is lost: a newline inside ``w:t``
    would be a space to Word."""
    root = _own_changed(tmp_path, "allman", "tagg: purpose\n    svar: [syfte]", "tagg: purpose\n    text: syfte")
    source = tmp_path / "prov.yaml"
    source.write_text("namn: Provinsatsen\nförbund: allman\ninsatsägare: Tierps kommun\n"
                      "syfte: |\n  Första raden.\n  Andra raden.\n\n  Ett nytt stycke.\n", encoding="utf-8")
    result = run_cli("build", source, "-o", tmp_path / "out", env={"SLUTRAPPORT_TEMPLATES": str(root)})
    assert result.code == 0, result.err
    document = docx.Document(tmp_path / "out" / "prov.allman.docx")
    shown = [p for p in document.paragraphs if "Första raden." in p.text]
    assert [p.text for p in shown] == ["Första raden.\nAndra raden.\n\nEtt nytt stycke."]
    assert not [t for t in shown[0]._p.iter(qn("w:t")) if "\n" in (t.text or "")]
    assert len(shown[0]._p.findall(".//" + qn("w:br"))) == 3


def _builder_copy(tmp_path, layout_id: str):
    """The shipped layouts' folder with its form builders, copied: a builder writes beside itself."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "templates" / layout_id


def _run_builder(folder):
    import subprocess
    import sys

    return subprocess.run([sys.executable, str(folder / "build_form.py")], capture_output=True, text=True)


@pytest.mark.parametrize("layout_id", [folder.name for folder in sorted((ROOT / "templates").glob("*"))
                                       if (folder / "build_form.py").is_file()])
def test_a_builder_takes_each_questions_wording_and_order_from_layout_yaml(tmp_path, layout_id):
    """One source of truth: a question reworded in layout.yaml is reworded in the built form, two
    questions of a run of prose answers swapped are swapped in it (and template check passes
    both); two the form's tables place swapped stop the build at their line, writing nothing."""
    folder = _builder_copy(tmp_path, layout_id)
    yaml_file = folder / "layout.yaml"
    original = yaml_file.read_text(encoding="utf-8")
    questions = layouts.load(layout_id, folder).questions
    lines = original.splitlines(keepends=True)

    def swapped(first: int) -> str:
        a, b, c = (q.line - 1 for q in questions[first:first + 3])
        return "".join(lines[:a] + lines[b:c] + lines[a:b] + lines[c:])

    # The last two questions of a run of prose answers (the last such run: before the run's end).
    prose = [i for i, q in enumerate(questions[:-2]) if all(len(x.tags) == 1 and next(iter(x.tags.values())).kind ==
                                                           "svar" for x in questions[i:i + 2])][-1]
    first, second = questions[prose], questions[prose + 1]
    yaml_file.write_text(swapped(prose).replace(f"- fråga: {first.label}\n", f"- fråga: {first.label} (ny)\n"),
                         encoding="utf-8")
    built = _run_builder(folder)
    assert built.returncode == 0, built.stderr
    shown = "\n".join(text_lines(folder / "form.docx"))
    assert shown.index(second.label) < shown.index(f"{first.label} (ny)")
    checked = run_cli("template", "check", str(folder))
    assert checked.code == 0, checked.err

    yaml_file.write_text(swapped(0), encoding="utf-8")
    before = (folder / "form.docx").read_bytes()
    built = _run_builder(folder)
    assert built.returncode == 1
    assert built.stderr.startswith(f"{yaml_file}:{questions[0].line}: the next question is “{questions[1].label}”, but "
                                   "the form puts the one filling "), built.stderr
    assert built.stderr.rstrip().endswith(" here: declare the questions in the form's order"), built.stderr
    assert (folder / "form.docx").read_bytes() == before  # nothing written
