"""Command line: ``slutrapport build|check SOURCE...``.

Exit status: 0 all good, 1 a source is invalid (each problem printed as one line
``FILE:LINE:COL: key.path: message``), 2 the command line itself is wrong, 3 a PDF could
not be made (the .docx files are written all the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine import __version__
from engine.errors import Problem, SourceError

SOURCE_SUFFIXES = (".yaml", ".yml", ".md")


def _add_common(parser: argparse.ArgumentParser) -> None:
    from engine import layouts

    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                        help="source files (.yaml, .yml or .md) or folders holding them")
    parser.add_argument("--forbund", choices=layouts.available() + ["all"], metavar="LAYOUT",
                        help=f"form to fill in: {', '.join(layouts.available())} or all "
                             "(default: the source's own 'förbund:' key)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings (figures that do not add up) and notes (source text the form has no "
                             "place for, unanswered questions) as on errors")


def _formats(text: str) -> set[str]:
    formats = {f.strip().lower() for f in text.split(",") if f.strip()}
    unknown = formats - {"docx", "pdf"}
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(sorted(unknown)) or text!r}; use docx, pdf")
    return formats | {"docx"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slutrapport",
        description="Fill in a samordningsförbund's final-report form from one source file per insats.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="render sources into the förbund's form (.docx)")
    _add_common(build)
    build.add_argument("-o", "--output-dir", type=Path, default=Path("outputs"), metavar="DIR",
                       help="where to write <source stem>.<layout>.docx (default: outputs/)")
    build.add_argument("--format", default="docx", type=_formats, metavar="FORMATS",
                       help="comma-separated output formats: docx, pdf (default: docx; pdf implies docx)")
    build.add_argument("--pdf", action="store_true", help="also write PDF/A files (same as --format docx,pdf)")
    build.add_argument("--converter", choices=["auto", "libreoffice", "word"], default="auto",
                       help="PDF converter: Word via docx2pdf where installed, else LibreOffice (default: auto)")

    check = sub.add_parser("check", help="validate sources and report what each form would leave out; write nothing")
    _add_common(check)
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


def _layouts_for(source: Path, insats, located, wanted: str | None) -> list:
    from engine import layouts

    if wanted == "all":
        return [layouts.get(layout_id) for layout_id in layouts.available()]
    layout_id = wanted or insats.forbund.strip().lower()
    try:
        return [layouts.get(layout_id)]
    except KeyError:
        line, col = located.mark(("förbund",))
        known = ", ".join(layouts.available())
        raise SourceError([Problem(source, line, col, "förbund",
                                   f"unknown förbund {insats.forbund!r}; known: {known}")]) from None


def _process(source: Path, args, report) -> list[Path]:
    """Validate one source and, for ``build``, write one document per layout.

    Warnings (figures) and notes (coverage) go to ``report`` as they are found; with
    ``--strict`` they stop the source like errors do, before anything is written for it.
    """
    from engine import checks, coverage
    from engine.loader import load

    if not source.is_file():
        raise SourceError([Problem(source, None, None, "", "no such file")])
    insats, located = load(source)
    chosen = _layouts_for(source, insats, located, args.forbund)
    problems = checks.check(insats, located)
    for layout in chosen:
        problems += coverage.report(insats, located, layout)
    if any(p.severity == "error" for p in problems) or (problems and args.strict):
        raise SourceError(problems)
    for problem in problems:
        report(problem)
    jobs = [(layout, layout.context(insats)) for layout in chosen]
    if args.command == "check":
        return []

    from engine.writers.docx import render
    from engine.writers.files import write_atomic

    written = []
    for layout, context in jobs:
        target = args.output_dir / f"{source.stem}.{layout.id}.docx"
        if target.resolve() == source.resolve():
            raise SourceError([Problem(source, None, None, "", "refusing to overwrite the source with its output")])
        write_atomic(target, render(layout.template, context, layout.properties(insats)))
        written.append(target)
    return written


def _make_pdfs(documents: list[Path], converter: str) -> int:
    """Convert the documents just written; returns the exit status (3 if any PDF is missing)."""
    from engine.writers import pdf

    if not documents:
        return 0
    try:
        result = pdf.convert(documents, converter)
    except pdf.ConverterMissing as exc:
        print(f"slutrapport: {exc}; the .docx files are written", file=sys.stderr)
        return 3
    for document in documents:
        if document in result.converted:
            print(f"wrote {result.converted[document]}")
        else:
            print(f"{document}: could not make a PDF: {result.failed.get(document, 'unknown error')}", file=sys.stderr)
    return 3 if result.failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sources = _expand(args.sources)
    if not sources:
        print("slutrapport: no sources found (expected .yaml, .yml or .md files)", file=sys.stderr)
        return 1
    failed = 0
    documents: list[Path] = []

    def report(problem: Problem) -> None:
        print(problem, file=sys.stderr)

    for source in sources:
        try:
            written = _process(source, args, report)
        except SourceError as exc:
            failed += 1
            for problem in exc.problems:
                report(problem)
            continue
        for path in written:
            print(f"wrote {path}")
        documents += written
        if args.command == "check":
            print(f"{source}: ok")
    status = 1 if failed else 0
    if args.command == "build" and (args.pdf or "pdf" in args.format):
        status = max(status, _make_pdfs(documents, args.converter))
    return status
