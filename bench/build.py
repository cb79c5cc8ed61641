"""Build benchmark: per-document cost by layout and stage, batches, a no-op rebuild and CLI cold start.

    .venv/bin/python bench/build.py [N …]

Generates N (default 100 and 1 000) realistic sources — the examples in inputs/ (sized like
the seeds) under new names — and measures in one run:

- the engine's time per .docx (read, validate, figures, checks, fill, render with rich text,
  write) for a YAML example and for the Markdown-rich Ung Intro in every layout, as ratios
  against bare docxtpl rendering the same template with the same context as plain text, and
  against the floor: the form opened and saved again with nothing rendered, which every
  .docx made from it pays;
- the stages of one document: read and validate, figures, checks (the claim checker
  among them), coverage notes, fill, render, write;
- N sources → .docx with the CLI (all cores), and a no-op rebuild of the same N;
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

from engine import checks, compute, coverage, layouts  # noqa: E402
from engine.build import Options, _render, process  # noqa: E402
from engine.loader import load  # noqa: E402
from engine.prose import Prose  # noqa: E402
from engine.writers.docx import save  # noqa: E402
from engine.writers.files import write_atomic  # noqa: E402

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


def per_document(source: Path, layout_id: str, out: Path, repeat: int = 15) -> tuple[float, float, float]:
    """The engine's time for one .docx of ``source`` in ``layout_id``, bare docxtpl's, and the floor's."""
    options = Options(output_dir=out, forbund=layout_id)
    process(source, options)  # warm caches (templates, imports), as a batch run has them
    engine = timed(lambda: process(source, options), repeat)
    insats, _ = load(source)
    layout = layouts.get(layout_id)
    context = plain(layout.context(insats))

    def bare():
        doc = DocxTemplate(layout.template)
        doc.render(context, autoescape=True)
        doc.save(io.BytesIO())

    def floor():
        import docx

        save(docx.Document(io.BytesIO(layout.template.read_bytes())))

    bare(), floor()
    return engine, timed(bare, repeat), timed(floor, repeat)


def stages(source: Path, layout_id: str, out: Path, repeat: int = 15) -> list[tuple[str, float]]:
    """The time of each stage of one document, as engine.build runs them."""
    layout = layouts.get(layout_id)
    insats, located = load(source)
    figures = compute.figures(insats)
    context = layout.context(insats, figures)
    data = _render(layout, context, insats, located.images)
    target = out / "stage.docx"
    return [
        ("read and validate", timed(lambda: load(source), repeat)),
        ("figures", timed(lambda: compute.figures(insats), repeat)),
        ("checks and claims", timed(lambda: checks.check(insats, located, figures), repeat)),
        ("coverage notes", timed(lambda: coverage.report(insats, located, layout, figures), repeat)),
        ("fill (the context)", timed(lambda: layout.context(insats, figures), repeat)),
        ("render (.docx bytes)", timed(lambda: _render(layout, context, insats, located.images), repeat)),
        ("write", timed(lambda: write_atomic(target, data), repeat)),
    ]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    counts = [int(n) for n in sys.argv[1:]] or [100, 1000]
    yaml_example, rich = ROOT / "inputs" / "framsteget-habo.yaml", ROOT / "inputs" / "ung-intro-markdown.md"
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'per .docx (median of 15)':44}{'engine':>9}{'bare':>9}{'floor':>9}{'×bare':>8}{'×floor':>8}")
        for source in (yaml_example, rich):
            for layout_id in layouts.available():
                engine, bare, floor = per_document(source, layout_id, Path(tmp, "single"))
                print(f"{source.name + ' · ' + layout_id:44}{engine * 1000:7.1f}ms{bare * 1000:7.1f}ms"
                      f"{floor * 1000:7.1f}ms{engine / bare:7.2f}×{engine / floor:7.2f}×")
        for source in (yaml_example, rich):
            print(f"\nstages of {source.name} · uppsala (ms)")
            for name, seconds in stages(source, "uppsala", Path(tmp)):
                print(f"  {name:24}{seconds * 1000:8.1f}")
        print()
        for count in counts:
            folder, out = Path(tmp, f"sources-{count}"), Path(tmp, f"out-{count}")
            folder.mkdir()
            sources = generate(count, folder)
            full = wall(CLI + ["build", str(folder), "-o", str(out)])
            noop = wall(CLI + ["build", str(folder), "-o", str(out)])
            assert len(list(out.glob("*.docx"))) == len(sources)
            print(f"{count} different sources → .docx: {full:.2f} s ({full / count * 1000:.1f} ms each); "
                  f"no-op rebuild {noop:.2f} s")
    cold = statistics.median(wall(CLI + ["--help"]) for _ in range(5))
    print(f"slutrapport --help, cold: {cold:.2f} s")


if __name__ == "__main__":
    main()
