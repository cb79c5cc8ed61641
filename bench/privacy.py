"""Privacy scan benchmark: what engine.privacy adds to every check and build, and that it is linear.

    .venv/bin/python bench/privacy.py

CPU time (not wall time: the scan is single-threaded and the machine may be shared) of
``privacy.check`` on each example, and of ``privacy.findings`` on 0.5 and 5 MB of text: the
examples' prose repeated, and the worst shapes (a name and a diagnosis in every sentence, a
name in every sentence, an identity number every 12 characters).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best  # noqa: E402

from engine import privacy  # noqa: E402
from engine.loader import load  # noqa: E402

LINEAR = 2.0  # time per MB at 5 MB over that at 0.5 MB below this counts as linear


def cpu(fn, repeat: int = 5) -> float:
    return best(fn, repeat, time.process_time)


def main() -> None:
    for source in sorted((ROOT / "inputs").iterdir()):
        _, located = load(source)
        print(f"{source.name:38}{cpu(lambda: privacy.check(located)) * 1000:8.2f} ms")
    prose = (ROOT / "inputs" / "ung-intro-markdown.md").read_text(encoding="utf-8")
    shapes = {"the examples' prose": prose, "name and diagnosis": "Anna har ADHD. ",
              "a name in each sentence": "Anna var där. ", "identity numbers": "121212-1212 "}
    for name, unit in shapes.items():
        times = []
        for size in (500_000, 5_000_000):
            text = (unit * (size // len(unit) + 1))[:size]
            times.append(cpu(lambda: privacy.findings(text), repeat=1) / size * 1e6)
        ratio = times[1] / times[0]
        print(f"{name:38}{times[0]:8.2f} {times[1]:8.2f} s/MB  ratio {ratio:4.2f} "
              f"{'linear' if ratio < LINEAR else 'NOT LINEAR'}")


if __name__ == "__main__":
    main()
