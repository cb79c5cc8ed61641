"""``slutrapport template check``: each class of problem a förbund's own layout can have,
found on a broken copy of a real layout, and a clean bill for every shipped one."""

from __future__ import annotations

import re
import shutil

import docx
import pytest

from conftest import ROOT, run_cli, text_lines
from engine import layouts

UPPSALA = ROOT / "templates" / "uppsala"


@pytest.mark.parametrize("layout_id", layouts.available())
def test_every_shipped_layout_passes_and_renders_every_example(tmp_path, layout_id):
    result = run_cli("template", "check", str(layouts.folders()[layout_id]), "-o", str(tmp_path))
    assert result.code == 0, result.err
    assert re.search(r": 0 errors, 0 warnings; (\d+) examples rendered", result.err)
    written = sorted(tmp_path.glob(f"*.{layout_id}.docx"))
    assert len(written) == len(list((ROOT / "inputs").glob("*"))) >= 6
    assert all(text_lines(path) for path in written)


def _copy(tmp_path):
    folder = tmp_path / "egen"
    shutil.copytree(UPPSALA, folder)
    return folder


def _edit(folder, change):
    form = docx.Document(str(folder / "form.docx"))
    change(form)
    form.save(str(folder / "form.docx"))


def _paragraph(form, text):
    """The paragraph reading ``text``, in the body or in a table's cell."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    return next(Paragraph(p, form) for p in form.element.body.iter(qn("w:p")) if Paragraph(p, form).text.strip() == text)


def _check(folder, tmp_path):
    result = run_cli("template", "check", str(folder), "-o", str(tmp_path / "out"))
    return result, result.err.splitlines()


def test_a_tag_the_layout_does_not_fill(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, lambda form: form.add_paragraph("{{ kommunens_logga }}"))
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert any(line.startswith(f"{folder / 'form.docx'}: error: paragraph ") and "“{{ kommunens_logga }}”: tag "
               "'kommunens_logga' is not filled by layout.yaml" in line for line in lines), lines
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True  # nothing rendered


def test_a_question_with_no_place_in_the_form(tmp_path):
    folder = _copy(tmp_path)

    def drop(form):
        p = _paragraph(form, "{{ equality }}")
        p._p.getparent().remove(p._p)

    _edit(folder, drop)
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert f"{folder / 'layout.yaml'}: error: “Beskriv hur ni i insatsen resonerat kring jämställdhet och jämlikhet”: " \
           "tag 'equality' has no place in form.docx; type {{ equality }} where its answer goes" in lines


def test_an_answer_tag_that_shares_its_paragraph(tmp_path):
    folder = _copy(tmp_path)

    def crowd(form):
        p = _paragraph(form, "{{ purpose }}")
        p.runs[0].text = "Syfte: {{ purpose }}"

    _edit(folder, crowd)
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert any("“Syfte: {{ purpose }}”: the answer tag {{ purpose }} must stand alone in its paragraph" in line
               for line in lines), lines


def test_a_table_that_cannot_grow_and_rows_outside_a_loop(tmp_path):
    folder = _copy(tmp_path)

    def table(form):
        grid = form.add_table(rows=3, cols=1)
        grid.cell(0, 0).text = "{% for g in goals %}"
        grid.cell(1, 0).text = "{{ g.achieved }}"
        grid.cell(2, 0).text = "{% endfor %}"
        form.add_paragraph("Omdöme: {{ goals.achieved }}")

    _edit(folder, table)
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert any(re.search(r"table \d+, row 2, cell 1 “\{\{ g.achieved \}\}”: this table cannot grow: the rows of "
                         r"'goals' are looped over with \{% for %\}", line) for line in lines), lines
    assert any("'goals.achieved' is a field of the rows 'goals', used outside a loop over them" in line
               for line in lines), lines


def test_a_declaration_naming_what_the_model_lacks(tmp_path):
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    text = text.replace("svar: [jämställdhet]", "svar: [jämlikhet]").replace("achieved: =bedömning",
                                                                           "achieved: =betyg")
    text = text.replace("tagg: need_change\n", "tagg: need_change\n    format: euro\n")
    yaml_file.write_text(text, encoding="utf-8")
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    numbered = {line.split(": ", 1)[0]: line for line in lines if line.startswith(str(yaml_file) + ":")}
    assert len(numbered) == 3, lines  # each with its line and column
    said = "\n".join(lines)
    assert "frågor[6].jämställdhet: unknown source key 'jämlikhet'" in said or "unknown source key 'jämlikhet'" in said
    assert "unknown piece '=betyg'" in said
    assert "unknown format 'euro'" in said
    # The same broken layout, used for a build: one line per problem, a set-up failure (exit 2).
    build = run_cli("build", str(ROOT / "inputs" / "ung-intro.yaml"), "--forbund", "egen", "-o", str(tmp_path / "b"),
                    env={"SLUTRAPPORT_TEMPLATES": str(tmp_path)})
    assert build.code == 2, build.err
    assert "unknown piece '=betyg'" in build.err and "Traceback" not in build.err


def test_wording_not_in_the_form_is_a_warning(tmp_path):
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("fråga: Diariernr", "fråga: Ärendenummer"),
                         encoding="utf-8")
    result, lines = _check(folder, tmp_path)
    assert result.code == 0, result.err
    assert any(re.fullmatch(rf"{re.escape(str(yaml_file))}:\d+: warning: “Ärendenummer”: this wording is not in "
                            r"form.docx; write the question as the form has it", line) for line in lines), lines


def test_not_a_layout_folder(tmp_path):
    result = run_cli("template", "check", str(tmp_path))
    assert result.code == 2
    assert result.err.strip() == f"slutrapport: {tmp_path}: no layout.yaml here; a layout folder holds layout.yaml " \
                                 "and its form (.docx)"


def test_a_users_file_in_the_way_is_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "ung-intro.uppsala.docx"
    mine.write_bytes(b"my own")
    result = run_cli("template", "check", str(UPPSALA), str(ROOT / "inputs" / "ung-intro.yaml"), "-o", str(out))
    assert mine.read_bytes() == b"my own"
    assert f"{mine}: warning: kept: not written by slutrapport, or changed since; choose another folder with -o" \
        in result.err


def test_a_tag_named_with_swedish_letters_works(tmp_path):
    """A tag is a name in any letters (Jinja's names are Python's): å, ä and ö are letters too."""
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("tagg: equality", "tagg: ökad_jämlikhet"),
                         encoding="utf-8")
    _edit(folder, lambda form: setattr(_paragraph(form, "{{ equality }}").runs[0], "text", "{{ ökad_jämlikhet }}"))
    result, lines = _check(folder, tmp_path)
    assert result.code == 0, result.err
    assert not [line for line in lines if "ökad_jämlikhet" in line], lines
    shown = text_lines(tmp_path / "out" / "framsteget-habo.egen.docx")
    assert "Arbetsgruppen har fördjupat sig kring hemmasittare och tagit del av filmer och forskning kring gruppen." \
        in shown
    assert not [line for line in shown if "{{" in line or "}}" in line]


def test_a_tags_map_accepts_swedish_letters_and_names_what_a_tag_is(tmp_path):
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "\n  åtgärd: namn\n  2fel: namn\n",
                         encoding="utf-8")
    _edit(folder, lambda form: form.add_paragraph("Åtgärd: {{ åtgärd }}"))
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    wrong = [line for line in lines if "taggar.2fel" in line]
    assert len(wrong) == 1 and "a tag is a name of letters (å, ä, ö too), digits and _, not starting with a digit" \
        in wrong[0], lines
    assert not [line for line in lines if "åtgärd" in line], lines


@pytest.mark.parametrize("typed, said", [
    ("Här: {{ }}", "Expected an expression"),
    ("{% if name %}Namn finns", "{% if %} is never closed"),
    ("{%p for x in goals %}", "{% for %} is never closed"),
    ("Slut {% endif %}", "{% endif %} closes nothing"),
    ("{{ name | inget_filter }}", "No filter named 'inget_filter'"),
])
def test_a_template_syntax_error_is_named_once_where_it_is(tmp_path, typed, said):
    """Jinja's own errors name a line of the joined XML; the officer needs the paragraph, once."""
    folder = _copy(tmp_path)
    _edit(folder, lambda form: form.add_paragraph(typed))
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1, lines
    assert errors[0].startswith(f"{folder / 'form.docx'}: error: paragraph ") and said in errors[0], errors
    assert "rendering" not in errors[0]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("typed", ["{{ name + 1 }}", "{{ 1 / 0 }}"])
def test_an_expression_of_the_form_that_fails_is_the_forms_fault(tmp_path, typed):
    """An expression typed into the form that fails on rendering is the layout's to fix: one line
    naming the form, once for all the examples; a build with it is a set-up error (exit 2)."""
    folder = _copy(tmp_path)
    _edit(folder, lambda form: form.add_paragraph(typed))
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert "Traceback" not in result.err
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{folder / 'form.docx'}: error: rendering "), lines
    assert not list((tmp_path / "out").glob("*.docx"))
    build = run_cli("build", ROOT / "inputs" / "ung-intro.yaml", "--forbund", "egen", "-o", tmp_path / "b",
                    env={"SLUTRAPPORT_TEMPLATES": str(tmp_path)})
    assert build.code == 2, build.err
    said = [line for line in build.err.splitlines() if ": error: " in line]
    assert len(said) == 1 and said[0].startswith(f"{folder / 'form.docx'}: error: "), build.err
    assert "internal error" not in said[0] and "reinstall" not in said[0]
    assert f"slutrapport template check {folder}" in said[0]
    assert not list((tmp_path / "b").glob("*.docx")) if (tmp_path / "b").exists() else True
    # A folder of sources, whose warnings come before the form's error: the summary names the error.
    batch = run_cli("build", ROOT / "inputs", "--forbund", "egen", "-o", tmp_path / "c",
                    env={"SLUTRAPPORT_TEMPLATES": str(tmp_path)})
    assert batch.code == 2, batch.err
    # … once, counted: the form failed every source alike.
    failed = [line for line in batch.out.splitlines() if line.startswith("  failed: ")]
    assert len(failed) == 1 and failed[0].startswith(f"  failed: {folder / 'form.docx'}: error: "), batch.out
    assert failed[0].endswith(f" ({len(list((ROOT / 'inputs').glob('*')))} sources)"), failed


@pytest.mark.parametrize("content, said", [
    (b"", "is empty: save the form from Word into the folder again, as a Word document (.docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "is a Word 97-2003 document (.doc) named .docx: open it in "
                                                      "Word and save it as a Word document (.docx)"),
    (b"hello, not a form", "is not a Word document (.docx): open it in Word and save it as a Word document (.docx)"),
])
def test_a_form_that_is_not_a_docx_says_what_to_do(tmp_path, content, said):
    folder = _copy(tmp_path)
    (folder / "form.docx").write_bytes(content)
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert f"{folder / 'form.docx'}: error: {said}" in lines, lines


def _zip(parts: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content, said", [
    (lambda: _zip({"hello.txt": b"not a form"}),
     "is a zip file but no Word document (it has no word/document.xml): open it in Word and save it as a Word "
     "document (.docx)"),
    # a zip bomb: a small file that unpacks to 80 MB would be read whole into memory
    (lambda: _zip({"word/document.xml": b"<w:document/>" + b" " * (80 * 1024 * 1024)}),
     "unpacks to 80 MB in 1 part, more than a form holds (at most 64 MB): open it in Word and save it as a Word "
     "document (.docx) again, without large pictures"),
])
def test_a_zip_that_is_no_form_is_refused_unpacked_by_check_and_build(tmp_path, content, said):
    folder = _copy(tmp_path)
    (folder / "form.docx").write_bytes(content())
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert f"{folder / 'form.docx'}: error: {said}" in lines, lines
    built = run_cli("build", ROOT / "inputs" / "samverkan-gottsunda.yaml", "--forbund", "egen", "-o", tmp_path / "built",
                    env={"SLUTRAPPORT_TEMPLATES": str(tmp_path)})
    assert built.code == 2 and "Traceback" not in built.err
    assert f"{folder / 'form.docx'}: error: cannot be used as the egen form ({said}); check it with: slutrapport " \
           f"template check {folder}" in built.err.splitlines(), built.err
    assert not list((tmp_path / "built").glob("*.docx"))


@pytest.mark.parametrize("text, said", [
    ("", "empty: a layout gives the förbund's details (förbund:, blankett:, mall:) and the form's questions under "
         "'frågor:' (see the README)"),
    ("- fråga: Namn\n  tagg: name\n", "expected the förbund's details and 'frågor:' (förbund: …, frågor: …), not a "
                                     "list or a single value"),
])
def test_a_layout_yaml_that_is_not_a_layout_says_so(tmp_path, text, said):
    """Read like a source, but named as what it is: no talk of 'the source' or of namn and syfte."""
    folder = _copy(tmp_path)
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{folder / 'layout.yaml'}:") and \
        errors[0].endswith(f"error: {said}"), lines
