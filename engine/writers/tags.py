"""Tags typed by hand in Word or LibreOffice, repaired when a template is loaded.

docxtpl already joins a tag that Word split over several runs — a spell-check or grammar
mark, a bookmark, a change of formatting inside it (its ``patch_xml``). What it leaves are
the characters AutoCorrect puts in as one types: curly quotes and apostrophes, no-break
spaces, en dashes, an ellipsis. Jinja cannot read those, so inside a tag (and only there:
the form's own text keeps its typography) they become what was typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docxtpl import DocxTemplate

_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_TYPED = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
})


def typed(xml: str) -> str:
    """``xml`` with AutoCorrect's characters inside each tag put back as typed."""
    return _TAG.sub(lambda m: m.group(0).translate(_TYPED), xml)


class HandTypedTemplate(DocxTemplate):
    """A docxtpl template whose tags may have been typed in a word processor."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


@lru_cache(maxsize=32)
def _patched(src_xml: str) -> str:
    """A part's XML made readable by Jinja, once per process for each part of each form: every
    document of a form hands the same XML (docxtpl's ``patch_xml`` is a pure function of it)."""
    return typed(DocxTemplate.patch_xml(None, src_xml))
