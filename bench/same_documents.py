"""Does a change leave every document as it was? Renders a corpus at a git revision and in
the work tree, in every layout, and compares the .docx files byte for byte.

    .venv/bin/python bench/same_documents.py [REV]     (default: HEAD)

The corpus: the examples in inputs/, one source per field of the model (each filled on its
own, as tests/test_nothing_dropped.py fills them) and one with every field filled at once.
Used to prove a refactoring (layouts moved to layout.yaml: 330 documents, 0 differences).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def corpus(folder: Path) -> None:
    import test_nothing_dropped as fields

    folder.mkdir(parents=True)
    for example in (ROOT / "inputs").iterdir():
        shutil.copy(example, folder / example.name)
    (folder / fields.ATTACHMENT).write_bytes(b"%PDF-1.4\n")
    everything: dict = yaml.safe_load(yaml.safe_dump(fields.BASE, allow_unicode=True))
    for n, (leaf, annotation, needs) in enumerate(fields.LEAVES):
        value = fields.ATTACHMENT if leaf[-1] == "fil" else fields._sample(annotation, n)
        source = fields._source(leaf, needs, value)
        (folder / f"field{n:03d}.yaml").write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
        for group, is_list, model in needs:
            for alias, sample in fields._required(model, 1).items():
                fields._fill(everything, group + ((0,) if is_list else ()) + (alias,), sample)
        fields._fill(everything, leaf, value)
    # Counts that add up, so that the source with every field builds.
    everything["deltagare"].update({"totalt": 147, "inskrivna": 147, "anvisade": 160, "avslutade": 100,
                                    "pågående": 40})
    (folder / "every-field.yaml").write_text(yaml.safe_dump(everything, allow_unicode=True), encoding="utf-8")


def build(engine_root: Path, sources: Path, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "engine", "build", str(sources), "--forbund", "all", "-o",
                             str(out)], cwd=engine_root, capture_output=True, text=True)
    if result.returncode not in (0,):
        sys.exit(f"build in {engine_root} failed ({result.returncode}):\n{result.stderr[-2000:]}")


def _parts_differing(before: Path, after: Path) -> tuple[str, ...]:
    """The parts (zip entries) of two .docx files that differ, or are in one only."""
    import zipfile

    with zipfile.ZipFile(before) as a, zipfile.ZipFile(after) as b:
        names = sorted(set(a.namelist()) | set(b.namelist()))
        return tuple(n for n in names if n not in a.namelist() or n not in b.namelist() or a.read(n) != b.read(n))


def main(rev: str = "HEAD") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus(tmp / "sources")
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tmp / "rev"), rev], cwd=ROOT, check=True)
        try:
            build(tmp / "rev", tmp / "sources", tmp / "before")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tmp / "rev")], cwd=ROOT, check=True)
        build(ROOT, tmp / "sources", tmp / "after")
        before = sorted(p.name for p in (tmp / "before").glob("*.docx"))
        after = sorted(p.name for p in (tmp / "after").glob("*.docx"))
        differ = [n for n in before if n in after and (tmp / "before" / n).read_bytes() != (tmp / "after" / n).read_bytes()]
        print(f"{len(before)} documents at {rev}, {len(after)} in the work tree; {len(differ)} differ"
              + (f", {len(set(before) ^ set(after))} only on one side" if set(before) != set(after) else ""))
        parts: dict[tuple, int] = {}
        for name in differ:
            parts[_parts_differing(tmp / "before" / name, tmp / "after" / name)] = parts.get(
                _parts_differing(tmp / "before" / name, tmp / "after" / name), 0) + 1
        for names, count in sorted(parts.items()):
            print(f"  {count} differ in: {', '.join(names)}")
        for name in differ[:20]:
            print(f"  differs: {name}")
        return 1 if differ or set(before) != set(after) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
