"""Summary benchmark: `slutrapport summary` of 100 and of 1 000 sources, cold and after one change.

    .venv/bin/python bench/summary.py [N ...]     (default: 100 1000)

Generates N sources from the examples in inputs/ and tests/data/summary/vagen-in.yaml (the one
with every figure the record holds), each under its own name and diarienummer with its
figures varied, and measures for each N:

- cold: the CLI from an empty output folder (every source read, the documents and the PDF made);
- one change: the CLI again after one source's figures changed (that source read again, the
  documents made anew);
- no change: the CLI once more (nothing to read or write);
- for the one-change run, in this process, where the time goes: checking the N sources against
  the cache and reading the changed one, the selection, the board document, the record's
  files (xlsx, CSV, JSON), and the PDF.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLI = [sys.executable, "-m", "engine", "summary"]
EXAMPLES = [*sorted((ROOT / "inputs").glob("*.yaml")), ROOT / "tests" / "data" / "summary" / "vagen-in.yaml"]


def generate(count: int, folder: Path) -> list[Path]:
    """``count`` sources: the examples in turn, each its own insats, with figures of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for i in range(count):
        text = EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8")
        text = re.sub(r"^namn: .*$", f"namn: Insats {i:04d}", text, count=1, flags=re.M)
        text = re.sub(r"^diarienummer: .*\n", "", text, flags=re.M)
        text = f"diarienummer: 'B {i:04d}'\n" + text
        text = re.sub(r"^(  beviljat:) .*$", lambda m: f"{m[1]} {1_000_000 + 997 * i} kr", text, flags=re.M)
        text = re.sub(r"^(  (?:kvinnor|män):) (\d+)", lambda m: f"{m[1]} {int(m[2]) + i % 7}", text, flags=re.M)
        path = folder / f"insats-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        sources.append(path)
    return sources


def cli(folder: Path, out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*CLI, str(folder), "-o", str(out)], capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"summary failed ({done.returncode}): {done.stderr[-2000:]}")
    return took, done.stdout.strip().splitlines()[-1]


def change(source: Path, step: int) -> None:
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"^(  beviljat:) .*$", f"\\1 {2_000_000 + step} kr", text, count=1, flags=re.M)
                      if "  beviljat:" in text else text + f"\nsammanfattning: ändrad {step}\n", encoding="utf-8")


def phases(folder: Path, out: Path) -> dict[str, float]:
    """The one-change run's stages, in this process (imports and LibreOffice's start counted in)."""
    from engine import summary
    from engine.build import expand
    from engine.portfolio import Filters, select
    from engine.writers import pdf

    times, start = {}, time.perf_counter()
    sources = expand([folder])
    cache = summary.Cache(out)
    reports, todo = {}, []
    for source in sources:
        got = cache.get(source)
        reports[source] = got
        if got is None:
            todo.append(source)
    for source in todo:
        reports[source] = summary.read(source).report
    times[f"cache check of {len(sources)} and reading {len(todo)}"] = time.perf_counter() - start
    start = time.perf_counter()
    selection = select([reports[s] for s in sources], Filters())
    times["selection"] = time.perf_counter() - start
    from engine.writers import board

    start = time.perf_counter()
    document = board.render(selection, Filters(), len(sources))
    times["board document (.docx, charts)"] = time.perf_counter() - start
    start = time.perf_counter()
    outputs = summary.outputs(selection, Filters(), len(sources))
    times["board document and record files (all outputs but the PDF)"] = time.perf_counter() - start
    target = out / "phase.docx"
    target.write_bytes(document)
    start = time.perf_counter()
    pdf.convert([target], timeout=(60.0, 30.0 + summary.PDF_SECONDS_PER_INSATS * len(selection.counted)))
    times["PDF (LibreOffice and finishing)"] = time.perf_counter() - start
    target.unlink()
    target.with_suffix(".pdf").unlink(missing_ok=True)
    times["(size of the .docx, MB)"] = len(outputs[summary.DOCUMENT]) / 1e6
    return times


def main(counts: list[int]) -> None:
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder, out = Path(tmp) / "rapporter", Path(tmp) / "ut"
            sources = generate(count, folder)
            took, said = cli(folder, out)
            print(f"{count} sources, cold:        {took:6.1f} s   ({said})")
            change(sources[count // 2], 1)
            took, said = cli(folder, out)
            print(f"{count} sources, one changed: {took:6.1f} s   ({said})")
            took, said = cli(folder, out)
            print(f"{count} sources, no change:   {took:6.2f} s   ({said})")
            change(sources[count // 3], 2)
            for what, seconds in phases(folder, out).items():
                print(f"    {what}: {seconds:.2f}" + ("" if what.startswith("(") else " s"))


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100, 1000])
