"""Build benchmark: per-document cost, a 100-source batch, a no-op rebuild and CLI cold start.

    .venv/bin/python bench/build.py [N]

Generates N (default 100) realistic sources — the examples in inputs/ (sized like the
seeds) under new names — and measures in one run:

- the engine's time per .docx (read, validate, check, map, render with rich text, write)
  against bare docxtpl rendering the same template with the same context as plain text;
- N sources → .docx with the CLI (all cores);
- a no-op rebuild of the same N;
- `slutrapport --help` from a cold process.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from engine import layouts  # noqa: E402
from engine.build import Options, process  # noqa: E402
from engine.loader import load  # noqa: E402
from engine.prose import Prose  # noqa: E402

CLI = [sys.executable, "-m", "engine"]


def generate(count: int, folder: Path) -> list[Path]:
    examples = sorted((ROOT / "inputs").glob("*.yaml"))
    sources = []
    for i in range(count):
        example = examples[i % len(examples)]
        text = example.read_text(encoding="utf-8")
        text = text.replace("namn: ", f"namn: Insats {i:03d} – ", 1)
        path = folder / f"insats-{i:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        sources.append(path)
    return sources


def plain(value):
    """The context with answers as plain text: what bare docxtpl would be given."""
    if isinstance(value, Prose):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_document(source: Path, out: Path, repeat: int = 15) -> tuple[float, float]:
    options = Options(output_dir=out, forbund="uppsala")
    process(source, options)  # warm caches (templates, imports), as a batch run has them
    engine = timed(lambda: process(source, options), repeat)
    insats, _ = load(source)
    layout = layouts.get("uppsala")
    context = plain(layout.context(insats))

    def bare():
        doc = DocxTemplate(layout.template)
        doc.render(context, autoescape=True)
        doc.save(io.BytesIO())

    bare()
    return engine, timed(bare, repeat)


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp, "sources"), Path(tmp, "out")
        folder.mkdir()
        sources = generate(count, folder)
        engine, bare = per_document(ROOT / "inputs" / "framsteget-habo.yaml", Path(tmp, "single"))
        full = wall(CLI + ["build", str(folder), "-o", str(out)])
        noop = wall(CLI + ["build", str(folder), "-o", str(out)])
        assert len(list(out.glob("*.docx"))) == len(sources)
    cold = statistics.median(wall(CLI + ["--help"]) for _ in range(5))

    rows = [
        ("engine per .docx vs bare docxtpl", f"{engine * 1000:.0f} ms vs {bare * 1000:.0f} ms = {engine / bare:.2f}×",
         "≤ 1.3×", engine / bare <= 1.3),
        (f"{count} sources → .docx", f"{full:.2f} s", "< 5 s", full < 5),
        (f"no-op rebuild of {count}", f"{noop:.2f} s", "< 1 s", noop < 1),
        ("slutrapport --help, cold", f"{cold:.2f} s", "< 1 s", cold < 1),
    ]
    print(f"{'measure':38}{'figure':34}{'target':10}")
    for name, figure, target, ok in rows:
        print(f"{name:38}{figure:34}{target:10}{'ok' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
