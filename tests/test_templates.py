"""The committed form templates are what their build scripts produce, and every layout is complete."""

from __future__ import annotations

import runpy

import pytest

from conftest import ROOT, text_lines
from engine import layouts

SCRIPTS = sorted((ROOT / "templates").glob("*/build_form.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.parent.name)
def test_committed_form_matches_its_build_script(tmp_path, script):
    built = tmp_path / "form.docx"
    runpy.run_path(str(script), run_name="build_form")["build"](built)
    assert text_lines(built) == text_lines(script.parent / "form.docx")


def test_each_layout_folder_has_a_mapping_and_a_template():
    assert "uppsala" in layouts.available()
    for layout_id in layouts.available():
        layout = layouts.get(layout_id)
        assert layout.template.is_file()
        assert callable(layout.mapping.context)
