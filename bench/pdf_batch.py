"""PDF benchmark: LibreOffice started for a batch against LibreOffice kept warm (unoserver).

    .venv/bin/python bench/pdf_batch.py [SIZES ...]     (default: 1 20 100)

Renders max(SIZES) documents from the examples in inputs/ (every layout, round robin), then
converts the first N of them, for each N, with:

- cold soffice: what `build --pdf` does — one `soffice --convert-to` process per batch (up
  to one per core, one per ten documents), private profiles;
- cold unoserver: unoserver servers started for the batch (as many as soffice processes
  above), ended after it — what `build --pdf` would do if it used unoserver;
- warm unoserver: the servers kept running (`pdf.warm`, as in watch), started and primed
  before the clock starts;
- one soffice per document, as a shell loop would (N = 1 and 20 only: it is slow).

Each is seconds per document amortised over the batch, PDF/UA finishing included. For the
warm servers it also prints the CPU seconds per document (LibreOffice's, and this process's
finishing): on a machine shared with other work these tell more than the wall clock. Last,
the first PDF after a save in a real `slutrapport watch --pdf`: from the save to the new PDF
in place, over a few saves. Targets: ≤ 0.1 s per document over 100 on warm servers; the
first PDF in watch ≤ 1 s after the save.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine import layouts  # noqa: E402
from engine.loader import load  # noqa: E402
from engine.writers import pdf  # noqa: E402
from engine.writers import servers as uno  # noqa: E402
from engine.writers.docx import render  # noqa: E402

WARM_TARGET = 0.1   # s per document over 100, warm servers
WATCH_TARGET = 1.0  # s from a save to its PDF in watch
SAVES = 5


def rendered(count: int, folder: Path) -> list[Path]:
    sources = sorted((ROOT / "inputs").glob("*.yaml"))
    jobs = [(s, layout_id) for s in sources for layout_id in layouts.available()]
    documents = []
    for i in range(count):
        source, layout_id = jobs[i % len(jobs)]
        insats, _ = load(source)
        layout = layouts.get(layout_id)
        path = folder / f"{i:03d}-{source.stem}.{layout_id}.docx"
        path.write_bytes(render(layout.template, layout.context(insats), layout.properties(insats)))
        documents.append(path)
    return documents


def batch(documents: list[Path], folder: Path) -> list[Path]:
    """Copies of ``documents`` in a fresh ``folder`` (so that no PDF is there before)."""
    folder.mkdir()
    copies = []
    for d in documents:
        shutil.copy(d, folder / d.name)
        copies.append(folder / d.name)
    return copies


def timed(convert, documents: list[Path]) -> float:
    start = time.perf_counter()
    result = convert(documents)
    elapsed = time.perf_counter() - start
    assert not result.failed and not result.unwritten, (result.failed, result.unwritten)
    return elapsed


def naive(soffice: str, documents: list[Path], profile: Path) -> float:
    """One `soffice --convert-to` per document, with a profile that is already initialised."""
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--terminate_after_init"],
                   capture_output=True, check=False)
    start = time.perf_counter()
    for document in documents:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        pdf.PDF_FILTER, "--outdir", str(document.parent), str(document)], capture_output=True,
                       check=True)
    return time.perf_counter() - start


def cold_servers(python: str, soffice: str, documents: list[Path]) -> pdf.Result:
    """unoserver servers started for this batch alone (as many as build's soffice processes), then ended."""
    count = max(1, min(os.cpu_count() or 1, -(-len(documents) // pdf.DOCS_PER_PROCESS)))
    started = [uno.Local(python, soffice) for _ in range(count)]
    try:
        return pdf._on_servers(started, documents, (60.0, 30.0))
    finally:
        for server in started:
            server.end()


def tree_cpu(servers: list[uno.Local]) -> float:
    """CPU seconds the servers' processes (Python, soffice, oosplash, soffice.bin) have used."""
    total = 0.0
    for server in servers:
        try:
            root = psutil.Process(server.proc.pid)
            for process in (root, *root.children(recursive=True)):
                times = process.cpu_times()
                total += times.user + times.system
        except (psutil.Error, AttributeError):
            continue
    return total


def primed(servers: list[uno.Local]) -> None:
    """Wait until every kept server has started and converted its first (small) document."""
    end = time.monotonic() + 180
    while time.monotonic() < end:
        if all(s.alive() and not s.fresh for s in servers):
            return
        time.sleep(0.1)
    sys.exit("the kept servers did not start within 180 s")


def watch_saves(tmp: Path) -> list[float]:
    """Seconds from each save to its new PDF in place, in a real `slutrapport watch --pdf`."""
    src, out = tmp / "watched", tmp / "watched-out"
    src.mkdir()
    source = src / "resan-soderhamn.yaml"
    text = (ROOT / "inputs" / "resan-soderhamn.yaml").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    target = out / "resan-soderhamn.gavleborg.pdf"
    proc = subprocess.Popen([sys.executable, "-m", "engine", "watch", str(source), "--pdf", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        def replaced(before) -> tuple | None:
            try:
                now = target.stat()
            except OSError:
                return None
            state = (now.st_ino, now.st_mtime_ns)
            return state if state != before else None

        end = time.monotonic() + 180
        while (state := replaced(None)) is None:
            if time.monotonic() > end or proc.poll() is not None:
                sys.exit("watch made no first PDF within 180 s")
            time.sleep(0.01)
        time.sleep(8)  # the second server primed too, as it would be long before an author's next save
        seconds = []
        for i in range(SAVES):
            start = time.perf_counter()
            source.write_text(text.replace("namn: RESAN", f"namn: RESAN {i}", 1), encoding="utf-8")
            while (new := replaced(state)) is None:
                if time.perf_counter() - start > 60:
                    sys.exit("watch made no PDF within 60 s of a save")
                time.sleep(0.005)
            seconds.append(time.perf_counter() - start)
            state = new
            time.sleep(1)
        return seconds
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1, 20, 100]
    found = pdf.find_soffice()
    if found is None:
        sys.exit("LibreOffice is not installed: " + pdf.INSTALL_HINT)
    soffice = found.path
    python = uno.uno_python(soffice)
    if python is None:
        sys.exit(f"unoserver cannot run here: {uno.unoserver_missing() or uno.no_uno_hint()}")
    rows: dict[str, dict[int, float]] = {"cold soffice (build --pdf)": {}, "cold unoserver (per batch)": {},
                                         "warm unoserver (kept, as watch)": {}, "one soffice per document": {}}
    cpu: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "src").mkdir()
        documents = rendered(max(sizes), tmp / "src")
        for n in sizes:
            rows["cold soffice (build --pdf)"][n] = timed(
                lambda docs: pdf.convert(docs, "libreoffice"), batch(documents[:n], tmp / f"s{n}")) / n
            rows["cold unoserver (per batch)"][n] = timed(
                lambda docs: cold_servers(python, soffice, docs), batch(documents[:n], tmp / f"u{n}")) / n
            if n <= 20:
                rows["one soffice per document"][n] = naive(soffice, batch(documents[:n], tmp / f"n{n}"),
                                                            tmp / "profile") / n
        with pdf.warm("libreoffice"):
            kept = uno.kept(soffice)
            primed(kept)
            for n in sizes:
                docs = batch(documents[:n], tmp / f"w{n}")
                lo, own = tree_cpu(kept), time.process_time()
                rows["warm unoserver (kept, as watch)"][n] = timed(lambda d: pdf.convert(d, "libreoffice"), docs) / n
                cpu[n] = ((tree_cpu(kept) - lo) / n, (time.process_time() - own) / n)
        saves = watch_saves(tmp)

    print(f"PDF conversion, seconds per document amortised over the batch ({os.cpu_count()} cores, "
          f"LibreOffice {soffice}, unoserver under {python})")
    print(f"{'':34}" + "".join(f"{f'{n} docs':>10}" for n in sizes))
    for label, values in rows.items():
        print(f"{label:34}" + "".join(f"{values[n]:10.3f}" if n in values else f"{'':>10}" for n in sizes))
    print(f"{'  CPU, LibreOffice (warm)':34}" + "".join(f"{cpu[n][0]:10.3f}" for n in sizes))
    print(f"{'  CPU, finishing here (warm)':34}" + "".join(f"{cpu[n][1]:10.3f}" for n in sizes))
    if 100 in sizes:
        warm = rows["warm unoserver (kept, as watch)"][100]
        print(f"warm, over 100: {warm:.3f} s per document, target ≤ {WARM_TARGET}: "
              f"{'ok' if warm <= WARM_TARGET else 'MISSED'}")
    first = statistics.median(saves)
    print(f"watch, save → PDF in place: median {first:.2f} s, best {min(saves):.2f} s, worst {max(saves):.2f} s "
          f"({SAVES} saves); target ≤ {WATCH_TARGET}: {'ok' if first <= WATCH_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
