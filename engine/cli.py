"""Command line: ``slutrapport build|check SOURCE...``.

Exit status: 0 all good, 1 a source is invalid (each problem printed as one line
``FILE:LINE:COL: key.path: message``), 2 the command line itself is wrong, 3 a PDF could
not be made (the .docx files are written all the same).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from engine import __version__


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

    build = sub.add_parser("build", help="render sources into the förbund's form (.docx, PDF)")
    watch = sub.add_parser("watch", help="build, then rebuild each source the moment it is saved")
    for command in (build, watch):
        _add_common(command)
        command.add_argument("-o", "--output-dir", type=Path, default=Path("outputs"), metavar="DIR",
                             help="where to write <source stem>.<layout>.docx (default: outputs/)")
        command.add_argument("--format", default="docx", type=_formats, metavar="FORMATS",
                             help="comma-separated output formats: docx, pdf (default: docx; pdf implies docx)")
        command.add_argument("--pdf", action="store_true", help="also write PDF/A files (same as --format docx,pdf)")
        command.add_argument("--converter", choices=["auto", "libreoffice", "word"], default="auto",
                             help="PDF converter: Word via docx2pdf where installed, else LibreOffice (default: auto)")
        command.add_argument("--force", action="store_true",
                             help="rebuild everything, even documents that are up to date")
        command.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                             help="worker processes for large batches (default: one per core)")

    check = sub.add_parser("check", help="validate sources and report what each form would leave out; write nothing")
    _add_common(check)
    return parser


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line; Ctrl-C or SIGTERM stop it cleanly (exit 130), outputs intact."""
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("slutrapport: interrupted; documents written before are intact, none is half-written",
              file=sys.stderr)
        return 130


def _main(args) -> int:
    from engine.build import Options, expand, run

    if not expand(args.sources):
        print("slutrapport: no sources found (expected .yaml, .yml or .md files)", file=sys.stderr)
        return 1
    formats = getattr(args, "format", {"docx"}) | ({"pdf"} if getattr(args, "pdf", False) else set())
    options = Options(command="check" if args.command == "check" else "build", forbund=args.forbund,
                      strict=args.strict, output_dir=getattr(args, "output_dir", Path("outputs")),
                      formats=frozenset(formats), converter=getattr(args, "converter", "auto"),
                      force=getattr(args, "force", False), jobs=getattr(args, "jobs", 0))
    if args.command == "watch":
        from engine.watch import watch

        return watch(args.sources, options)
    return run(args.sources, options).status
