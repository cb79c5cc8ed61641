"""Prose claim checker: precision and recall over the corpus, and the time to check 1 and 2 MB.

    .venv/bin/python bench/claims.py

A warning is a verdict with ok=False; a true positive is a corpus sentence expected to hold a
contradiction (an F) that gets a warning at an F position; the figures are given for the whole
corpus and for each of its files (published.tsv: sentences from published reports). The timing text is the corpus itself,
repeated as paragraphs until it is 1 MB and 2 MB long: linear checking takes about twice as long.
The checker's speed with its gate on and off, beside another revision's: bench/claims_speed.py.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_claims import CORPUS, OLD_CORPUS, PROSE, PUBLISHED, _got, precision_recall

from engine.claims import verdicts


def main() -> None:
    precision, recall, tp, fp, fn = precision_recall(CORPUS)
    print(f"corpus: {len(CORPUS)} sentences, {sum('F' in e for *_, e, _ in CORPUS)} with a contradiction")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    for name, part in (("corpus.tsv", OLD_CORPUS), ("prose.tsv", PROSE), ("published.tsv", PUBLISHED)):
        precision, recall, tp, fp, fn = precision_recall(part)
        print(f"  {name:14} {len(part):4} sentences: precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    per_class: dict[str, Counter] = {}
    for sentence, used, expected, cls in CORPUS:
        got = _got(sentence, used)
        c = per_class.setdefault(cls, Counter())
        c["sentences"] += 1
        c["exact"] += got == expected
        c["expected F"] += "F" in expected
        c["warned"] += "F" in got
        c["false alarms"] += "F" in got and "F" not in expected
    print(f"{'class':16} {'sentences':>9} {'exact':>6} {'expect F':>9} {'warned':>7} {'false alarms':>13}")
    for cls, c in sorted(per_class.items()):
        print(f"{cls:16} {c['sentences']:9} {c['exact']:6} {c['expected F']:9} {c['warned']:7} "
              f"{c['false alarms']:13}")

    paragraph = "\n\n".join(s for s, *_ in CORPUS) + "\n\n"
    used = Decimal("0.840")
    for megabytes in (1, 2):
        size = megabytes * 1_000_000
        text = (paragraph * (size // len(paragraph.encode()) + 1))[:size]
        began = time.perf_counter()
        found = verdicts(text, used)
        elapsed = time.perf_counter() - began
        print(f"{megabytes} MB: {elapsed:.2f} s, {len(found)} verdicts, "
              f"{sum(not v.ok for v in found)} warnings")


if __name__ == "__main__":
    main()
