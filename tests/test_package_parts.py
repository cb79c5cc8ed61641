"""What a rendered .docx says about itself, outside the text: the parts a file manager, Word's
File ▸ Info and an archive read. Nothing is left over from the blank form's own history."""

from __future__ import annotations

import zipfile

import pytest
from docx.oxml import parse_xml

from conftest import DATA, EXAMPLES, run_cli
from engine import layouts

EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
DCTERMS = "{http://purl.org/dc/terms/}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
LAYOUTS = layouts.available()


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_application_is_named_honestly(examples, layout):
    app = parse_xml(parts(examples / f"ung-intro.{layout}.docx")["docProps/app.xml"])
    assert app.tag == f"{EXTENDED}Properties"
    assert app.findtext(f"{EXTENDED}Application") == "slutrapport"
    # nothing the blank form's editor left: its version, template, or page and word counts of an empty form
    assert [child.tag.removeprefix(EXTENDED) for child in app] == ["Application"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_thumbnail_of_the_blank_form(examples, layout):
    found = parts(examples / f"ung-intro.{layout}.docx")
    assert not [name for name in found if "thumbnail" in name.lower() or name.endswith((".jpeg", ".jpg"))]
    rels = parse_xml(found["_rels/.rels"])
    assert not [r for r in rels.iter(f"{PACKAGE_RELS}Relationship") if r.get("Type").endswith("/thumbnail")]
    types = parse_xml(found["[Content_Types].xml"])
    assert not [t for t in types if t.get("ContentType") == "image/jpeg"]


def core(path):
    return parse_xml(parts(path)["docProps/core.xml"])


def test_a_dated_report_is_dated_by_itself(examples):
    """ung-intro's latest signature is 2021-09-16."""
    properties = core(examples / "ung-intro.uppsala.docx")
    assert properties.findtext(f"{DCTERMS}created") == "2021-09-16T12:00:00Z"
    assert properties.findtext(f"{DCTERMS}modified") == "2021-09-16T12:00:00Z"


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_no_date_of_the_blank_form(examples, source):
    """The template's 2013 dates (python-docx's blank document's) never reach a report: an
    undated report has no dates at all, rather than one that is not its own."""
    for layout in LAYOUTS:
        xml = parts(examples / f"{source.stem}.{layout}.docx")["docProps/core.xml"]
        assert b"2013-12-23" not in xml
        properties = parse_xml(xml)
        assert (properties.find(f"{DCTERMS}created") is None) == (properties.find(f"{DCTERMS}modified") is None)


def test_the_same_rich_source_gives_the_same_bytes_twice(tmp_path):
    """Links in several parts, footnotes, lists, tables: two builds, in every layout, byte for byte."""
    source = DATA / "richtext" / "torture.yaml"
    for folder in ("a", "b"):
        result = run_cli("build", source, "--forbund", "all", "-o", tmp_path / folder)
        assert result.code == 0, result.err
    names = sorted(p.name for p in (tmp_path / "a").glob("*.docx"))
    assert names == sorted(f"torture.{layout}.docx" for layout in LAYOUTS)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
