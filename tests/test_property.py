"""Any text, any number: the build succeeds with a document that holds the input, or says why in one line."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import md_paragraphs
from engine.cli import main
from engine.loader import load
from engine.writers import pdf

SAMPLES = Path(tempfile.mkdtemp(prefix="slutrapport-property-"))

text = st.text(max_size=300)
line = st.text(min_size=1, max_size=60)  # names: one line, never empty
count = st.one_of(st.integers(min_value=-5, max_value=10**15), st.sampled_from(["0", "1 000", "12,5", ""]))
amount = st.one_of(st.integers(min_value=-10, max_value=10**15),
                   st.decimals(min_value=-1, max_value=10**12, places=2, allow_nan=False),
                   st.sampled_from(["2 458 000 kr", "975,6 tkr", "0", "1.194 tkr", "1e9"]))

source = st.fixed_dictionaries({
    "namn": line,
    "diarienummer": line,
    "förbund": st.sampled_from(["uppsala", "uppsala-2018", "gavleborg"]),
    "insatsägare": st.fixed_dictionaries({"organisation": line, "underskrift": st.fixed_dictionaries({"namn": line})}),
    "samverkansparter": st.lists(st.fixed_dictionaries({"organisation": line}), max_size=3),
    "syfte": text, "bakgrund": text, "jämställdhet": text, "uppföljning": text, "systemfel": text,
    "målgrupp": st.fixed_dictionaries({"beskrivning": text}),
    "mål": st.lists(st.fixed_dictionaries({"mål": line, "resultat": text, "utfall": count, "av": count}), max_size=3),
    "deltagare": st.fixed_dictionaries({"kvinnor": count, "män": count, "kommentar": text}),
    "ekonomi": st.fixed_dictionaries({"beviljat": amount, "utnyttjat": amount, "kommentar": text}),
    "lärdomar": st.lists(st.fixed_dictionaries({"part": line, "text": text}), max_size=2),
})


def as_text(value):
    """Every number written as the text an author would type (the reader reads text anyway)."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return value if isinstance(value, str) else str(value)


def squeeze(s: str) -> str:
    return "".join(s.split())


def build(data: dict) -> tuple[int, str, Path]:
    folder = Path(tempfile.mkdtemp(prefix="prop-", dir=SAMPLES))
    path = folder / "insats.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_style='"'), encoding="utf-8")
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["build", str(path), "-o", str(folder / "out")])
    return code, err.getvalue(), path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source)
def test_any_input_builds_or_fails_in_one_line(data):
    code, err, path = build(as_text(data))
    assert "Traceback" not in err
    assert code in (0, 1), err
    lines = [line for line in err.splitlines() if line]
    assert all(line.startswith(str(path)) for line in lines), lines
    if code == 1:
        return
    (document,) = (path.parent / "out").glob("*.docx")
    doc = docx.Document(document)
    body = squeeze("\n".join(t.text or "" for t in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
    insats, _ = load(path)
    for plain in [insats.name, insats.owner.organisation]:
        assert squeeze(plain) in body
    for prose in [insats.purpose, insats.follow_up]:  # answers every layout prints
        for paragraph in md_paragraphs(prose):
            assert squeeze(paragraph) in body, paragraph
    if len(list(SAMPLES.glob("*/out/*.docx"))) <= 8:
        shutil.copy(document, SAMPLES / f"{path.parent.name}.docx")


def test_a_sample_converts_with_libreoffice():
    samples = sorted(SAMPLES.glob("*.docx"))[:8]
    assert samples, "the property test ran first and kept samples"
    result = pdf.convert(samples, "libreoffice")
    assert not result.failed, result.failed
    shutil.rmtree(SAMPLES, ignore_errors=True)
