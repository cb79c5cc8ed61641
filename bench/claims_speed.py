"""The claim checker's speed, gate on and off, beside a git revision's checker (issue #25, item 2).

    .venv/bin/python bench/claims_speed.py [REV]     (default: main)

Prints, for the sentences of every corpus in tests/data/claims/*.tsv and for the prose of the
Ung Intro example (inputs/ung-intro-markdown.md): sentences per second and µs per sentence;
then the claims stage (engine.claims.check) of Ung Intro against its whole .docx build
(engine.build.process, uppsala), as the share of the build it takes. Each figure is the best
of several runs, and REV's checker and the work tree's are run in turn, three rounds, so that
both see the same load: compare the ratios, not the absolute times of a shared machine.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path

from timing import best

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3


def measure(root: Path) -> dict:
    """The figures of the checker importable from ``root``, with its gate on and off where it has one."""
    sys.path.insert(0, str(root))
    from engine import claims
    from engine.build import Options, process
    from engine.compute import figures
    from engine.loader import load

    claims_gate = None
    if (Path(claims.__file__).parent / "claims_gate.py").exists():  # not a revision before the gate (the
        from engine import claims_gate  # editable install would find the work tree's for it)
    rows = []
    for path in sorted((ROOT / "tests" / "data" / "claims").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows += [(r["sentence"], Decimal(r["used_share"]) if r["used_share"] else None)
                     for r in csv.DictReader(f, delimiter="\t")]
    source = ROOT / "inputs" / "ung-intro-markdown.md"
    insats, located = load(source)
    figs = figures(insats)
    prose = [text for _, text in claims.texts(located.data, ())]
    prose_sentences = sum(1 for text in prose for _ in claims.sentences(text))
    used = figs.economy.used_share

    def corpus():
        for sentence, share in rows:
            claims.verdicts(sentence, share)

    def ung():
        for text in prose:
            claims.verdicts(text, used)

    out = {"corpus sentences": len(rows), "prose sentences": prose_sentences}
    with tempfile.TemporaryDirectory() as tmp:
        options = Options(output_dir=Path(tmp), forbund="uppsala")
        process(source, options)  # warm: templates, imports
        # "on": the checker as it runs (a revision without a gate runs only so)
        modes = [("on", nullcontext), ("off", claims_gate.disabled)] if claims_gate else [("on", nullcontext)]
        for mode, context in modes:
            with context():
                out[mode] = {
                    "corpus": best(corpus, 3),
                    "prose": best(ung, 7),
                    "check": best(lambda: claims.check(insats, located, figs), 7),
                    "build": best(lambda: process(source, options), 7),
                }
    return out


def _child(root: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--measure", str(root)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main(rev: str = "main") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base_tree = Path(tmp) / "rev"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base_tree), rev], cwd=ROOT, check=True)
        try:
            runs = []
            for _ in range(ROUNDS):
                runs.append((_child(base_tree), _child(ROOT)))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=True)
    fastest = {}
    for base, work in runs:
        for mode, figs in (("base", base["on"]), ("on", work["on"]), ("off", work["off"])):
            for key, value in figs.items():
                fastest[mode, key] = min(fastest.get((mode, key), value), value)
    n_corpus, n_prose = runs[0][1]["corpus sentences"], runs[0][1]["prose sentences"]
    print(f"claim checker: {rev} (before) against the work tree, gate on and off; best of {ROUNDS} rounds")
    print(f"{'':34}{'before':>16}{'gate off':>16}{'gate on':>16}{'before/on':>11}")
    for key, n, label in (("corpus", n_corpus, f"corpora ({n_corpus} sentences)"),
                          ("prose", n_prose, f"Ung Intro prose ({n_prose} sentences)")):
        cells = "".join(f"{n / fastest[m, key]:9.0f} sent/s" for m in ("base", "off", "on"))
        print(f"{label:34}{cells}{fastest['base', key] / fastest['on', key]:10.2f}×")
        cells = "".join(f"{fastest[m, key] / n * 1e6:10.1f} µs/s " for m in ("base", "off", "on"))
        print(f"{'  per sentence':34}{cells}")
    for key, label in (("check", "claims.check, Ung Intro"), ("build", "whole .docx build, Ung Intro")):
        cells = "".join(f"{fastest[m, key] * 1000:13.1f} ms" for m in ("base", "off", "on"))
        print(f"{label:34}{cells}{fastest['base', key] / fastest['on', key]:10.2f}×")
    cells = "".join(f"{fastest[m, 'check'] / fastest[m, 'build'] * 100:14.1f} %" for m in ("base", "off", "on"))
    print(f"{'claims share of the build':34}{cells}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        main(*sys.argv[1:])
