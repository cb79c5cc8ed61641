"""serve benchmark: the time from a save to the updated preview, as a user's browser shows it.

    .venv/bin/python bench/serve.py [ROUNDS]

Starts `slutrapport serve` on a copy of two examples (one Markdown, one YAML), opens a report
in Debian's chromium (Playwright, as tests/test_serve.py does), and ROUNDS times (default 5)
saves the source with a new word in it, then measures:

- save → the HTML preview in the page shows the word (watchfiles, check, render, mammoth, the
  event, the page's fetch and swap);
- save → the page shows the PDF's pages of that save (LibreOffice's conversion included);

and, in this process, the preview's parts for the same source: check and render in memory,
and the .docx → HTML conversion (with the slimmed styles part, and without, as mammoth alone);
and the summary page's document after a save of one of the two (that source read again, the
summary's files and its HTML made), against the first time it is asked for.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCES = ("ung-intro-markdown.md", "resan-soderhamn.yaml")
CHROMIUM = "/usr/bin/chromium"
ANCHOR = "Syftet är att skapa en pilotverksamhet"


def _summary(label: str, seconds: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(seconds):6.2f} s   min {min(seconds):6.2f}   max {max(seconds):6.2f}")


def browser_rounds(rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in SOURCES:
            shutil.copy(ROOT / "inputs" / name, folder / name)
        source = folder / SOURCES[0]
        original = source.read_text(encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", str(folder), "--no-browser"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        try:
            url = proc.stdout.readline().strip()
            html, pdf = [], []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                page = browser.new_page(bypass_csp=True)  # for the waits below, which evaluate strings
                page.goto(url.replace("/?", f"/rapport/{SOURCES[0]}?"))
                page.get_by_label("PDF-sidor, när LibreOffice har gjort dem").check()  # the text is updated all the same
                page.locator(".sidor img").first.wait_for(state="attached", timeout=120_000)  # the first build done
                page.wait_for_function("!document.querySelector('.sidor').textContent.includes('en nyare byggs')",
                                       timeout=120_000)
                for i in range(rounds):
                    word = f"Mätord{i}x"
                    stamp = page.locator(".sidor img").first.get_attribute("src")
                    saved = time.perf_counter()
                    source.write_text(original.replace(ANCHOR, f"{word} {ANCHOR}", 1), encoding="utf-8")
                    page.wait_for_function(f"document.querySelector('.dokument').textContent.includes('{word}')",
                                           timeout=30_000, polling=10)
                    html.append(time.perf_counter() - saved)
                    page.wait_for_function(
                        "([old]) => { const img = document.querySelector('.sidor img'); const text ="
                        " document.querySelector('.sidor').textContent; return img && img.getAttribute('src') !== old"
                        " && !text.includes('en nyare byggs') && img.complete; }", arg=[stamp], timeout=120_000,
                        polling=20)
                    pdf.append(time.perf_counter() - saved)
                    time.sleep(0.5)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(30)
    _summary("save → HTML preview in the browser", html)
    _summary("save → PDF pages in the browser", pdf)


def parts(rounds: int) -> None:
    import mammoth

    from engine.build import Options, process
    from engine.serve import preview

    source = ROOT / "inputs" / SOURCES[0]
    process(source, Options(command="render"))  # warm: layouts read, charts' fonts found
    checked, converted, plain = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        outcome = process(source, Options(command="render"))
        checked.append(time.perf_counter() - start)
        document = next(iter(outcome.rendered.values()))
        start = time.perf_counter()
        preview.html(document)
        converted.append(time.perf_counter() - start)
        start = time.perf_counter()
        mammoth.convert_to_html(io.BytesIO(document))
        plain.append(time.perf_counter() - start)
    _summary("check and render in memory", checked)
    _summary(".docx → HTML (styles part slimmed)", converted)
    _summary(".docx → HTML (mammoth alone)", plain)


def summary_rounds(rounds: int) -> None:
    from engine.serve.folder import Folder

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in SOURCES:
            shutil.copy(ROOT / "inputs" / name, folder / name)
        served = Folder(folder)
        served._rescan()
        start = time.perf_counter()
        served.summary()
        first = time.perf_counter() - start
        again = []
        for _ in range(rounds):
            served._rescan({folder / SOURCES[0]})  # as a save of it is seen
            start = time.perf_counter()
            served.summary()
            again.append(time.perf_counter() - start)
    _summary("summary page: first asked for", [first])
    _summary("summary page: after a save of one source", again)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"{SOURCES[0]}, {count} saves")
    parts(count)
    summary_rounds(count)
    browser_rounds(count)
