"""What the readers make of sources as people really write them: nothing the author wrote
vanishes, and every message names what it is about, visible or not.

Each case is built through the CLI and the document read back as a reader sees it.
"""

from __future__ import annotations

from conftest import text_lines

FRONT = """\
---
namn: Prov
förbund: uppsala
insatsägare:
  organisation: Tierps kommun
---
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def built(build, source):
    """Build ``source``; return the run and the lines of its Uppsala document."""
    result, out = build(source)
    assert "Traceback" not in result.err
    document = out / f"{source.stem}.uppsala.docx"
    return result, (text_lines(document) if document.exists() else [])


def messages(result, kind: str = "warning") -> list[str]:
    return [line for line in result.err.splitlines() if f": {kind}: " in line]


# --- front matter ------------------------------------------------------------------------

def test_an_indented_dash_line_in_a_block_scalar_does_not_end_the_front_matter(tmp_path, build):
    source = write(tmp_path, "fm.md", FRONT.replace("---\n", "---\nsyfte: |\n  Före strecket.\n  ---\n"
                                                  "  Efter strecket.\n", 1) + "\n## Metod\nSamtal.\n")
    result, lines = built(build, source)
    assert result.code == 0, result.err
    assert "Före strecket." in lines and "Efter strecket." in lines and "Samtal." in lines
