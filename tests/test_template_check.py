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
    """Every question's wording in form.docx in the declared order, every tag filled; the
    examples written only into the folder given with -o."""
    examples = len(list((ROOT / "inputs").glob("*")))
    out = tmp_path / "out"
    result = run_cli("template", "check", str(layouts.folders()[layout_id]), "-o", str(out))
    assert result.code == 0, result.err
    assert result.err.endswith(f": 0 errors, 0 warnings; {examples} examples rendered\n"), result.err
    written = sorted(out.glob(f"*.{layout_id}.docx"))
    assert len(written) == examples >= 6
    assert all(text_lines(path) for path in written)
    # Without -o: rendered all the same, to prove the form works, and nothing written anywhere.
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("template", "check", str(layouts.folders()[layout_id]), cwd=work)
    assert result.code == 0 and result.out == "", result
    assert result.err.endswith(f": 0 errors, 0 warnings; {examples} examples rendered\n"), result.err
    assert not list(work.iterdir())


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


def _declared_line(yaml_file, wording):
    return next(n for n, line in enumerate(yaml_file.read_text(encoding="utf-8").splitlines(), start=1)
                if line.strip() == f"- fråga: {wording}")


def test_wording_not_in_the_form_is_named_with_where_the_form_would_have_it(tmp_path):
    """A question reworded in layout.yaml only: one line at its line in layout.yaml, exit 1."""
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("fråga: Diariernr", "fråga: Ärendenummer"),
                         encoding="utf-8")
    result, lines = _check(folder, tmp_path)
    assert result.code == 1, result.err
    assert lines[:-1] == [f"{yaml_file}:{_declared_line(yaml_file, 'Ärendenummer')}: error: “Ärendenummer”: this "
                          "wording is not in form.docx, where layout.yaml has it after “Insatsens namn” (line "
                          f"{_declared_line(yaml_file, 'Insatsens namn')}, table 1, row 1, cell 1); write the question "
                          "as the form has it"], lines


@pytest.mark.parametrize("layout_id", layouts.available())
def test_questions_swapped_in_layout_yaml_are_out_of_the_forms_order(tmp_path, layout_id):
    """Two neighbouring questions swapped in layout.yaml (of every shipped layout): one of them
    is named, at its line, as standing elsewhere in the form than layout.yaml has it."""
    import yaml

    folder = tmp_path / "egen"
    shutil.copytree(layouts.folders()[layout_id], folder)
    yaml_file = folder / "layout.yaml"
    questions = [q for q in layouts.load("egen", folder).questions]
    first, second = questions[len(questions) // 2 - 1], questions[len(questions) // 2]
    lines = yaml_file.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b, c = first.line - 1, second.line - 1, questions[len(questions) // 2 + 1].line - 1
    swapped = lines[:a] + lines[b:c] + lines[a:b] + lines[c:]
    yaml_file.write_text("".join(swapped), encoding="utf-8")
    assert [q["fråga"] for q in yaml.safe_load(yaml_file.read_text(encoding="utf-8"))["frågor"]][len(questions) // 2 - 1:
                                                                                                 len(questions) // 2 + 1] \
        == [second.label, first.label]
    result, said = _check(folder, tmp_path)
    assert result.code == 1, result.err
    wrong = [line for line in said if ": error: " in line]
    assert len(wrong) == 1, said
    moved = first if f"“{first.label}”: this wording" in wrong[0] else second
    assert re.fullmatch(rf"{re.escape(str(yaml_file))}:{_declared_line(yaml_file, moved.label)}: error: "
                        rf"“{re.escape(moved.label)}”: this wording stands in form.docx at [^,]+(, [^,]+)*, out of the "
                        r"declared order: layout.yaml lists it (after “.+” \(line \d+, .+\)|first); put the questions "
                        r"in the form's order", wrong[0]), wrong


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


def _typed_over(paragraph, text):
    """``paragraph`` retyped as ``text``, in its first run."""
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def _text_box(text):
    """A run holding a text box reading ``text``, stored as Word stores one: twice, the second
    copy for older programs."""
    from docx.oxml import parse_xml

    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")


def test_tags_damaged_in_typing_are_each_named_at_their_paragraph_in_one_run(tmp_path):
    """What typing a tag by hand in Word does to it, all in one form: each broken tag named at its
    paragraph, with the text there and the fix (the nearest tag layout.yaml fills, where the name
    is not one), every one in the same run; a tag Word split or autocorrected is no problem; and
    nothing is written without -o."""
    folder = _copy(tmp_path)

    def damage(form):
        for typed, meant in [("{{ equality }", "{{ equality }}"), ("{ need_change }}", "{{ need_change }}"),
                             ("{{ target_group", "{{ target_group }}"), ("methods }}", "{{ methods }}"),
                             ("{follow_up}", "{{ follow_up }}"), ("{{{ implementation }}}", "{{ implementation }}"),
                             ("{{ returnd_reason }}", "{{ returned_reason }}"), ("{{ goal.txt }}", "{{ goal.text }}")]:
            _typed_over(_paragraph(form, meant), typed)
        next(r for r in _paragraph(form, "Diariernr: {{ case_number }}").runs if "case_number" in r.text).text = \
            " {{ Case_Number }}"
        # Split over runs by a change of formatting, with a no-break space and curly quotes: as meant.
        split = _paragraph(form, "{{ methods_change }}")
        _typed_over(split, "{{\u00a0methods_")
        split.add_run("change }}").bold = True
        form.add_paragraph("{%p if name == \u201dx\u201d %}{%p endif %}")
        form.add_paragraph("{%tr for party in parties %}")
        form.add_paragraph("Namn: {{ name }} och {{ name }}")
        form.add_paragraph("{{ methods_as_planned }}")
        form.add_paragraph("Dnr {{ case_\u00adnumber }}")
        form.sections[0].header.paragraphs[0].text = "Insats: {{ nam }"
        form.sections[0].footer.paragraphs[0].text = "{{ purpose }}"
        form.add_paragraph("Rutan:")._p.append(_text_box("Dnr: {{ case_numbr }}"))

    _edit(folder, damage)
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("template", "check", str(folder), cwd=work)
    assert result.code == 1
    form = f"{folder / 'form.docx'}: "
    assert result.err.splitlines() == [
        form + "error: table 1, row 1, cell 1 “Diariernr: {{ Case_Number }}”: tag 'Case_Number' is not filled by "
               "layout.yaml; did you mean '{{ case_number }}'?",
        form + "error: table 2, row 3, cell 1 “{{ goal.txt }}”: tag 'goal.txt' is not filled by layout.yaml; did you "
               "mean '{{ goal.text }}'?",
        form + "error: table 3, row 1, cell 1 “{{ equality }”: the tag {{ equality } closes with } instead of }}; type "
               "{{ equality }}",
        form + "error: table 3, row 2, cell 1 “{ need_change }}”: the tag { need_change }} opens with { instead of {{; "
               "type {{ need_change }}",
        form + "error: paragraph 12 “{{ target_group”: the tag {{ target_group is never closed: its }} is missing (a "
               "tag is typed within one paragraph); type {{ target_group }}",
        form + "error: paragraph 18 “methods }}”: the tag methods }} has no {{ before it; type {{ methods }}",
        form + "error: paragraph 24 “{follow_up}”: the tag {follow_up} opens with { instead of {{; type {{ follow_up }}",
        form + "error: paragraph 26 “{{{ implementation }}}”: the tag {{{ implementation }}} opens with {{{ instead of "
               "{{; type {{ implementation }}",
        form + "error: paragraph 28 “{{ returnd_reason }}”: tag 'returnd_reason' is not filled by layout.yaml; did you "
               "mean '{{ returned_reason }}'?",
        form + "error: paragraph 43 “{%tr for party in parties %}”: {%tr for party in parties %} stands outside a "
               "table: {%tr … %} repeats a table row, so it goes in a row of its own in the table; to repeat "
               "paragraphs type {%p for party in parties %}",
        form + "error: paragraph 43 “{%tr for party in parties %}”: {% for %} is never closed: type {%p endfor %} "
               "where it ends",
        form + "warning: paragraph 44 “Namn: {{ name }} och {{ name }}”: {{ name }} is typed 2 times in this "
               "paragraph; delete the one too many",
        form + "warning: paragraph 45 “{{ methods_as_planned }}”: the answer tag {{ methods_as_planned }} stands "
               "also at paragraph 22: the answer is shown twice; delete the one too many",
        form + "error: paragraph 46 “Dnr {{ case_\u00adnumber }}”: the tag {{ case_\u00adnumber }} holds a character "
               "one cannot see (a soft hyphen, U+00AD); delete the tag and type it again",
        form + "error: text box 1, paragraph 1 “Dnr: {{ case_numbr }}”: tag 'case_numbr' is not filled by layout.yaml; "
               "did you mean '{{ case_number }}'?",
        form + "error: header 1, paragraph 1 “Insats: {{ nam }”: the tag {{ nam } closes with } instead of }}; did you "
               "mean '{{ name }}'?",
        form + "error: footer 1, paragraph 1 “{{ purpose }}”: the answer tag {{ purpose }} stands in a footer, which "
               "can hold a line of text but not an answer's paragraphs, lists and tables; move it into the body of "
               "the form",
        f"{folder}: 15 errors, 2 warnings; 0 examples rendered",
    ]
    assert not list(work.iterdir())


def test_a_text_tag_in_a_header_and_a_text_box_renders(tmp_path):
    """Text tags work wherever Word keeps text; an answer in a text box renders, with a warning."""
    from docx.oxml.ns import qn

    folder = _copy(tmp_path)

    def place(form):
        form.sections[0].header.paragraphs[0].text = "Insats: {{ name }}"
        form.add_paragraph("Rutan:")._p.append(_text_box("Dnr: {{ case_number }}"))
        form.add_paragraph("Rutan:")._p.append(_text_box("{{ equality }}"))

    _edit(folder, place)
    result, lines = _check(folder, tmp_path)
    assert result.code == 0, result.err
    assert lines[0] == f"{folder / 'form.docx'}: warning: text box 2, paragraph 1 “{{{{ equality }}}}”: the answer tag " \
                       "{{ equality }} stands in a text box, whose size is fixed: a long answer is cut off where the " \
                       "box ends; move the tag into the body of the form", lines
    document = docx.Document(str(tmp_path / "out" / "framsteget-habo.egen.docx"))
    assert document.sections[0].header.paragraphs[0].text == "Insats: Framsteget i Håbo"
    boxes = ["".join(t.text or "" for t in box.iter(qn("w:t"))) for box in document.element.body.iter(qn("w:txbxContent"))]
    assert boxes[:2] == ["Dnr: 2017:38"] * 2, boxes  # and again for older programs
    assert "jämställdhet" in boxes[2] or len(boxes[2]) > 100, boxes


def test_a_broken_layout_yaml_hides_no_damaged_tag_in_the_form(tmp_path):
    """layout.yaml's problems and the form's typing, in one run: fixing one reveals no next."""
    folder = _copy(tmp_path)
    yaml_file = folder / "layout.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("tagg: equality", "tag: equality"),
                         encoding="utf-8")
    _edit(folder, lambda form: _typed_over(_paragraph(form, "{{ purpose }}"), "{{ purpose }"))
    result, lines = _check(folder, tmp_path)
    assert result.code == 1
    assert any(line.startswith(f"{yaml_file}:") and "unknown key" in line for line in lines), lines
    assert f"{folder / 'form.docx'}: error: table 1, row 3, cell 1 “{{{{ purpose }}”: the tag {{{{ purpose }} closes " \
           "with } instead of }}; type {{ purpose }}" in lines, lines
