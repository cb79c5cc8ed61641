"""Command line: ``slutrapport build|check SOURCE...``.

Exit status: 0 all good, 1 a source is invalid (each problem printed as one line
``FILE:LINE:COL: key.path: message``), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine import __version__
from engine.errors import Problem, SourceError

SOURCE_SUFFIXES = (".yaml", ".yml")


def _parser() -> argparse.ArgumentParser:
    from engine import layouts

    parser = argparse.ArgumentParser(
        prog="slutrapport",
        description="Fill in a samordningsförbund's final-report form from one source file per insats.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="render sources into the förbund's form (.docx)")
    build.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                       help="source files (.yaml/.yml) or folders holding them")
    build.add_argument("--forbund", choices=layouts.available(), metavar="LAYOUT",
                       help=f"form to fill in: {', '.join(layouts.available())} "
                            "(default: the source's own 'förbund:' key)")
    build.add_argument("-o", "--output-dir", type=Path, default=Path("outputs"), metavar="DIR",
                       help="where to write <source stem>.<layout>.docx (default: outputs/)")

    check = sub.add_parser("check", help="validate sources without writing anything")
    check.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    check.add_argument("--forbund", choices=layouts.available(), metavar="LAYOUT")
    return parser


def _expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the sources directly inside them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())
        else:
            files.append(path)
    return files


def _layout_for(source: Path, insats, located, wanted: str | None):
    from engine import layouts

    layout_id = wanted or insats.forbund.strip().lower()
    try:
        return layouts.get(layout_id)
    except KeyError:
        line, col = located.mark(("förbund",))
        raise SourceError([Problem(source, line, col, "förbund",
                                   f"unknown förbund {insats.forbund!r}; known: {', '.join(layouts.available())}")]) from None


def _process(source: Path, args) -> list[Path]:
    """Validate one source and, for ``build``, write its documents. Returns what was written."""
    from engine.loader import load

    if not source.is_file():
        raise SourceError([Problem(source, None, None, "", "no such file")])
    insats, located = load(source)
    layout = _layout_for(source, insats, located, args.forbund)
    context = layout.context(insats)
    if args.command == "check":
        return []

    from engine.writers.docx import render
    from engine.writers.files import write_atomic

    data = render(layout.template, context)
    target = args.output_dir / f"{source.stem}.{layout.id}.docx"
    if target.resolve() == source.resolve():
        raise SourceError([Problem(source, None, None, "", "refusing to overwrite the source with its output")])
    write_atomic(target, data)
    return [target]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sources = _expand(args.sources)
    if not sources:
        print("slutrapport: no sources found (expected .yaml or .yml files)", file=sys.stderr)
        return 1
    failed = 0
    for source in sources:
        try:
            written = _process(source, args)
        except SourceError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        for path in written:
            print(f"wrote {path}")
        if args.command == "check":
            print(f"{source}: ok")
    return 1 if failed else 0
