"""docs/keys.md is generated from the model and the layouts, and says what the tool does.

That each cell agrees with the build (a "—" exactly where the build notes the form has no place
for the key) is proven field by field in test_nothing_dropped; here, that the file is what
`slutrapport keys` generates now, and how `keys` and `--strict` behave."""

from __future__ import annotations

import shutil

from conftest import INPUTS, ROOT, run_cli
from engine.layouts.declaration import key_paths

DOCS = ROOT / "docs" / "keys.md"
SHIPPED = {"SLUTRAPPORT_TEMPLATES": ""}  # the shipped layouts only, as docs/keys.md shows them


def test_docs_keys_is_up_to_date():
    result = run_cli("keys", env=SHIPPED)
    assert result.code == 0
    assert DOCS.read_text(encoding="utf-8") == result.out, "docs/keys.md is out of date: run `make docs`"


def test_every_key_and_every_layout_has_its_row_and_column():
    from engine import layouts

    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Keys", 1)[1].split("## Markdown headings", 1)[0]
    rows = {line.split(" | ")[0].strip("| `").replace("[]", "") for line in table.splitlines() if line.startswith("| `")}
    assert rows == set(key_paths())
    header = next(line for line in table.splitlines() if line.startswith("| key |"))
    assert [c.strip(" `") for c in header.strip("|").split("|")[3:]] == layouts.available()


def test_an_own_layout_gets_its_own_column(tmp_path):
    shutil.copytree(ROOT / "templates" / "uppsala", tmp_path / "norrbotten")
    result = run_cli("keys", env={"SLUTRAPPORT_TEMPLATES": str(tmp_path)})
    header = next(line for line in result.out.splitlines() if line.startswith("| key |"))
    assert result.code == 0 and "| `norrbotten` | Samordningsförbundet Uppsala län |" in result.out
    assert "| `norrbotten` |" in header


def test_keys_writes_only_its_own_file(tmp_path):
    own = tmp_path / "keys.md"
    assert run_cli("keys", "-o", own).code == 0
    assert run_cli("keys", "-o", own).code == 0  # its own file is replaced
    notes = tmp_path / "anteckningar.md"
    notes.write_text("Mina anteckningar\n", encoding="utf-8")
    result = run_cli("keys", "-o", notes)
    assert result.code == 4 and "kept: it is not a key reference slutrapport wrote" in result.err
    assert notes.read_text(encoding="utf-8") == "Mina anteckningar\n"


def test_a_draft_builds_and_strict_refuses_what_the_form_asks(tmp_path):
    draft = tmp_path / "utkast.yaml"
    draft.write_text("förbund: uppsala\nsyfte: Att pröva ett nytt arbetssätt.\n", encoding="utf-8")
    built = run_cli("build", draft, "-o", tmp_path / "out")
    assert built.code == 0 and (tmp_path / "out" / "utkast.uppsala.docx").exists()
    assert f"{draft}: note: namn: unanswered in the uppsala form: “Insatsens namn”" in built.err.splitlines()
    strict = run_cli("check", "--strict", draft)
    assert strict.code == 1
    assert (f"{draft}: error: namn: unanswered in the uppsala form: “Insatsens namn”; a report to submit answers "
            "every question its form asks") in strict.err.splitlines()
    assert "checked 1 source: 18 errors" in strict.out
    assert run_cli("check", "--strict", INPUTS / "langsiktig-samverkan-alvkarleby.yaml").code == 0
