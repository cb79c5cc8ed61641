"""Chart benchmark: what the charts of the examples cost, in a fresh process and warm.

    .venv/bin/python bench/charts.py [ROOT]

ROOT (default: this checkout) is the checkout whose engine is measured, so that two
versions can be run side by side with the same script. Prints, per example, the time to
draw all its charts the first time in a process (imports included) and again with the
per-process cache cleared (the cost a batch of different sources pays per document).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]

PROGRAM = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from engine.loader import load
insats, _ = load(Path({source!r}))
def draw():
    from engine import charts, compute
    if hasattr(compute, "figures"):  # the figures computed once and handed on; before, each chart computed its own
        figures = compute.figures(insats)
        return [charts.gender(figures), charts.age_bands(insats), charts.ended_to(figures),
                charts.budget(insats, figures), *charts.before_after(insats)]
    return [charts.gender(insats), charts.age_bands(insats), charts.ended_to(insats), charts.budget(insats),
                *charts.before_after(insats)]
start = time.perf_counter()
drawn = [p for p in draw() if p]
first = time.perf_counter() - start
from engine import charts
runs = 10
start = time.perf_counter()
for _ in range(runs):
    charts.bars.cache_clear()
    draw()
again = (time.perf_counter() - start) / runs
print(len(drawn), first, again)
"""


def main() -> None:
    print(f"charts of {ROOT}")
    print(f"{'example':40} {'charts':>6} {'first (ms)':>11} {'each time (ms)':>15}")
    for source in sorted((ROOT / "inputs").glob("*.yaml")):
        out = subprocess.run([sys.executable, "-c", PROGRAM.format(root=str(ROOT), source=str(source))],
                             capture_output=True, text=True, check=True).stdout.split()
        count, first, again = int(out[0]), float(out[1]), float(out[2])
        print(f"{source.name:40} {count:6} {first * 1000:11.1f} {again * 1000:15.1f}")


if __name__ == "__main__":
    main()
