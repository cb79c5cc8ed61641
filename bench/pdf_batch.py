"""PDF benchmark: a batch of 20 rendered forms converted by the engine vs one cold soffice each.

    .venv/bin/python bench/pdf_batch.py [N]

Renders N (default 20) documents from the examples in inputs/ (every layout, round robin),
then converts them (1) with the engine — batched LibreOffice processes, private profiles —
and (2) one `soffice --convert-to pdf` process per document, as a shell loop would, with
a profile that is already initialised. Prints seconds per document for both; the target
is ≤ 0.25 s per document for the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine import layouts  # noqa: E402
from engine.loader import load  # noqa: E402
from engine.writers import pdf  # noqa: E402
from engine.writers.docx import render  # noqa: E402

TARGET = 0.25


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


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    found = pdf.find_soffice()
    soffice = found.path if found else None
    if soffice is None:
        sys.exit("LibreOffice is not installed: " + pdf.INSTALL_HINT)
    with tempfile.TemporaryDirectory() as tmp:
        engine_dir, naive_dir, profile = Path(tmp, "engine"), Path(tmp, "naive"), Path(tmp, "profile")
        engine_dir.mkdir()
        documents = rendered(count, engine_dir)
        shutil.copytree(engine_dir, naive_dir)

        start = time.perf_counter()
        result = pdf.convert(documents, "libreoffice")
        engine_time = time.perf_counter() - start
        assert not result.failed, result.failed

        # Initialise the profile once, as an everyday user's would be, then one process per document.
        warm = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--terminate_after_init"]
        subprocess.run(warm, capture_output=True, check=False)
        start = time.perf_counter()
        for document in sorted(naive_dir.glob("*.docx")):
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(naive_dir), str(document)], capture_output=True, check=True)
        naive_time = time.perf_counter() - start

    engine_per_doc, naive_per_doc = engine_time / count, naive_time / count
    print(f"PDF conversion of {count} rendered forms on {os.cpu_count()} cores")
    print(f"{'':34}{'s total':>9}{'s / doc':>9}{'target':>9}")
    print(f"{'engine (batched LibreOffice, PDF/A)':34}{engine_time:9.2f}{engine_per_doc:9.3f}{'≤ ' + str(TARGET):>9}"
          f"  {'ok' if engine_per_doc <= TARGET else 'MISSED'}")
    print(f"{'one cold soffice per document':34}{naive_time:9.2f}{naive_per_doc:9.3f}")
    print(f"speed-up: {naive_time / engine_time:.1f}×")


if __name__ == "__main__":
    main()
