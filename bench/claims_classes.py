"""Prose claim checker: true and false warnings and misses per class, for each corpus file.

    .venv/bin/python bench/claims_classes.py [FILE.tsv …] [-v]

Scored as ``precision_recall`` in tests/test_claims.py does: a true positive warns at a position
where an F is expected, a false positive warns elsewhere, a miss is a sentence with an F that gets
no warning. With -v, every false warning and miss is printed with what the checker says.
"""

from __future__ import annotations

import signal
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_claims import _corpus, _got  # noqa: E402

DATA = ROOT / "tests" / "data" / "claims"


def score(path: Path, verbose: bool) -> None:
    rows = _corpus(path)
    per_class: dict[str, Counter] = {}
    wrong = []
    for sentence, used, expected, cls in rows:
        got = _got(sentence, used)
        c = per_class.setdefault(cls, Counter())
        expected_f, warned = "F" in expected, "F" in got
        if warned and expected_f and any(g == e == "F" for g, e in zip(got, expected)):
            c["tp"] += 1
        elif warned:
            c["fp"] += 1
            wrong.append(("FP", cls, expected, got, sentence))
        elif expected_f:
            c["fn"] += 1
            wrong.append(("FN", cls, expected, got, sentence))
    total = sum(per_class.values(), Counter())
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    print(f"{path.name}: {len(rows)} sentences, precision {tp / ((tp + fp) or 1):.3f}, recall {tp / ((tp + fn) or 1):.3f}"
          f" (tp {tp}, fp {fp}, fn {fn})")
    for cls, c in sorted(per_class.items()):
        if c["tp"] + c["fp"] + c["fn"]:
            print(f"  {cls:16} tp {c['tp']:3}  fp {c['fp']:3}  fn {c['fn']:3}")
    if verbose:
        for kind, cls, expected, got, sentence in sorted(wrong, key=lambda w: (w[0], w[1])):
            print(f"  {kind} {cls:14} expected {expected or '-':4} got {got or '-':4} {sentence}")


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piped into head: stop quietly
    verbose = "-v" in sys.argv
    names = [a for a in sys.argv[1:] if a != "-v"] or ["heldout2.tsv", "published.tsv", "prose.tsv", "corpus.tsv"]
    for name in names:
        score(DATA / name, verbose)


if __name__ == "__main__":
    main()
