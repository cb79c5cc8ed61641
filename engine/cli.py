"""Command line: ``slutrapport build|check|watch|summary SOURCE...``, ``slutrapport serve [FOLDER]`` and ``slutrapport doctor``.

Exit status: 0 all good, 1 a source is invalid (each problem printed as one line
``FILE:LINE:COL: severity: key.path: message``, or with ``check --format json`` as one JSON
object a line), 2 the command line or the set-up is wrong (no
layouts), 3 a PDF could not be made (the .docx files are written all the same), 4 an output
could not be written (open in Word or Acrobat, no permission, disk full; the others are),
5 a folder or file ``watch`` watches stayed gone past its grace period, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from engine import __version__


def _add_common(parser: argparse.ArgumentParser) -> None:
    from engine import layouts

    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                        help="source files (.yaml, .yml or .md) or folders holding them")
    parser.add_argument("--forbund", metavar="LAYOUT",
                        help=f"form to fill in: {', '.join(layouts.available()) or '(none found)'} or all, or the "
                             "förbund's name (Gävleborg, \"Samordningsförbund Gävleborg\"); default: the source's own "
                             "'förbund:' key")
    parser.add_argument("--strict", action="store_true",
                        help="for a report to submit: a question of the form left unanswered is an error, and "
                             "warnings (figures that do not add up) and notes (source text the form has no place "
                             "for) fail the source as errors do; without it, a draft builds with notes")


def _formats(text: str) -> set[str]:
    formats = {f.strip().lower() for f in text.split(",") if f.strip()}
    unknown = formats - {"docx", "pdf"}
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(sorted(unknown)) or text!r}; use docx, pdf")
    return formats | {"docx"}


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes; give 1 or more")
    return jobs


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give 1 to 65535, or 0 for any free one")
    return port


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds; give 0 or more")
    return seconds


def _date(text: str):
    from engine.model import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _period(text: str) -> tuple:
    from engine.summary import period

    try:
        return (*period(text), text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
        _add_converter(command)
        command.add_argument("--force", action="store_true",
                             help="rebuild everything, even documents that are up to date")
        command.add_argument("--overwrite", action="store_true",
                             help="replace outputs changed since they were built (edited in Word, signed) and files "
                                  "of the same name that slutrapport did not write; without it they are kept")
        command.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                             help="worker processes for large batches (default: one per core)")

    watch.add_argument("--grace", type=_seconds, default=120, metavar="SECONDS",
                       help="how long a watched folder or file may be gone (a network drive dropping, a sync "
                            "replacing it) before watch stops with exit status 5 (default: 120)")

    check = sub.add_parser("check", help="validate sources and report what each form would leave out; write nothing")
    _add_common(check)
    check.add_argument("--format", dest="findings", choices=["text", "json"], default="text",
                       help="text: one line per finding, FILE:LINE:COL: severity: key: message (on stderr); "
                            "json: one JSON object per finding and line (JSON Lines, on stdout)")

    new = sub.add_parser("new", help="start a report: a skeleton with every question of a form, in its order and "
                                     "wording")
    new.add_argument("path", type=Path, metavar="PATH", help="the source to write (.md or .yaml); never overwritten")
    new.add_argument("--forbund", required=True, metavar="LAYOUT",
                     help=f"the form: {', '.join(layouts_available()) or '(none found)'}")
    new.add_argument("--format", choices=["md", "yaml"],
                     help="Markdown (one heading per question) or YAML (every key); default: by PATH's suffix, else md")

    schema = sub.add_parser("schema", help="print the JSON Schema of sources, for editors (yaml-language-server)")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE instead")

    keys = sub.add_parser("keys", help="print the key reference: every source key, what it takes and where each "
                                       "form shows it (Markdown, generated from the model and the layouts)")
    keys.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE instead")

    template = sub.add_parser("template", help="work on a layout: a förbund's own form")
    template_sub = template.add_subparsers(dest="template_command", required=True, metavar="COMMAND")
    lint = template_sub.add_parser("check", help="lint a layout folder (layout.yaml and its .docx) and render the "
                                                 "examples into it")
    lint.add_argument("folder", type=Path, metavar="FOLDER", help="the layout folder: layout.yaml and the form")
    lint.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                      help="sources to render into it (default: the examples shipped with slutrapport)")
    lint.add_argument("-o", "--output-dir", type=Path, metavar="DIR",
                      help="write <source stem>.<layout>.docx into DIR (default: render them only, write nothing)")

    serve = sub.add_parser("serve", help="show a folder's reports in the browser: each one's form and findings, "
                                         "updated on every save")
    serve.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                       help="the folder of sources (default: the current folder); documents are built into its outputs/")
    serve.add_argument("--port", type=_port, default=0, metavar="N",
                       help="the port on 127.0.0.1 to listen on (default: 0, any free port)")
    serve.add_argument("--no-browser", action="store_true",
                       help="do not open a browser; the address (with its token) is the first line printed")
    _add_converter(serve)

    summary = sub.add_parser("summary", help="the förbund's board summary and follow-up record across reports: "
                                             "sammanstallning.docx and .pdf, uppfoljning.xlsx, .csv and .json")
    summary.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                         help="report sources (.yaml, .yml or .md) or folders holding them, in any layout")
    summary.add_argument("-o", "--output-dir", type=Path, default=Path("outputs"), metavar="DIR",
                         help="where to write the summary and the record (default: outputs/)")
    summary.add_argument("--period", type=_period, metavar="PERIOD",
                         help="only insatser whose insatstid overlaps a year (2023) or a tertial (2023-T1, -T2, -T3)")
    summary.add_argument("--from", dest="start", type=_date, metavar="DATE",
                         help="only insatser whose insatstid reaches DATE (åååå-mm-dd) or later")
    summary.add_argument("--to", dest="end", type=_date, metavar="DATE",
                         help="only insatser whose insatstid begins by DATE (åååå-mm-dd)")
    summary.add_argument("--forbund", dest="forbund_filter", metavar="NAME",
                         help="only one förbund's insatser: its name as people write it (Gävleborg) or its layout")
    _add_converter(summary)
    summary.add_argument("--overwrite", action="store_true",
                         help="replace outputs changed since they were written (edited in Word or Excel) and files of "
                              "the same names that slutrapport did not write; without it they are kept")
    summary.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                         help="worker processes for reading many sources (default: one per core)")
    summary.add_argument("--allow-personal-data", action="store_true",
                         help="take in sources that check flags for personal data (an identity number, a participant "
                              "named with a diagnosis, benefit or case); without it they are left out until fixed")

    columns = sub.add_parser("columns", help="print the follow-up record's column reference (Markdown, generated "
                                             "from its declarations)")
    columns.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE instead")

    doctor = sub.add_parser("doctor", help="check the set-up: layouts, PDF converter, fonts, output folder")
    doctor.add_argument("-o", "--output-dir", type=Path, default=Path("outputs"), metavar="DIR",
                        help="the output folder to check (default: outputs/)")
    _add_converter(doctor)
    return parser


def layouts_available() -> list[str]:
    from engine import layouts

    return layouts.available()


def _add_converter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--converter", choices=["auto", "libreoffice", "word"], default="auto",
                        help="PDF converter: LibreOffice where installed, else Microsoft Word (default: auto)")
    parser.add_argument("--soffice", metavar="PATH",
                        help="LibreOffice's soffice program, where it is not found by itself "
                             "(or set SLUTRAPPORT_SOFFICE)")
    parser.add_argument("--converter-server", dest="converter_servers", action="append", type=_server,
                        metavar="HOST:PORT",
                        help="convert on the unoserver at HOST:PORT instead of a LibreOffice here; repeat it for "
                             "more: the PDFs are spread over them (or set SLUTRAPPORT_CONVERTER_SERVERS)")


def _server(text: str) -> str:
    from engine.writers.servers import parse

    try:
        parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _safe_console() -> None:
    """Never crash on a console or file that cannot encode a message (cp1252, cp850):
    what it cannot show is replaced, and the build goes on."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line; Ctrl-C or SIGTERM stop it cleanly (exit 130), outputs intact —
    also while it is still starting (loading the layouts, reading the command line)."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        _safe_console()
        parser = _parser()
        args = parser.parse_args(argv)
        _resolve_forbund(parser, args)
        _check_period(parser, args)
        return _main(args)
    except KeyboardInterrupt:
        print("slutrapport: interrupted; documents written before are intact, none is half-written",
              file=sys.stderr)
        return 130


def _resolve_forbund(parser: argparse.ArgumentParser, args) -> None:
    """``--forbund`` as people write it (``Gävleborg``) → the layout id; a usage error if it fits none or several."""
    forbund = getattr(args, "forbund", None)
    if forbund is not None and forbund.strip().lower() == "all":
        args.forbund = "all"
    elif forbund is not None:
        from engine import layouts
        from engine.forbund import Unresolved, resolve

        if layouts.available():
            try:
                args.forbund = resolve(forbund)
            except Unresolved as exc:
                parser.error(f"--forbund: {exc}" + (", all" if str(exc).startswith("unknown") else ""))


def _check_period(parser: argparse.ArgumentParser, args) -> None:
    """``summary``: one period, given once (a year or tertial, or --from and --to), in order."""
    if getattr(args, "period", None) and (args.start or args.end):
        parser.error("--period: give either --period or --from/--to, not both")
    if getattr(args, "start", None) and getattr(args, "end", None) and args.start > args.end:
        parser.error(f"--from {args.start.isoformat()} is after --to {args.end.isoformat()}")


def _setup_problem() -> str | None:
    """Why no build can start (no layouts to be found), or None."""
    from engine import layouts

    own = layouts.own()
    if own is not None and not own.is_dir():
        return f"{layouts.ENVIRONMENT} names {own}, which is not a folder; point it at a folder of layouts or unset it"
    known = layouts.available()
    if not known:
        return (f"no layouts found (looked in {', '.join(map(str, layouts.roots()))}); reinstall slutrapport, or set "
                f"{layouts.ENVIRONMENT} to a folder of layouts")
    if os.environ.get("SLUTRAPPORT_CONVERTER_SERVERS", "").strip():
        from engine.writers.servers import SERVERS_ENV, from_environment

        try:
            from_environment()
        except ValueError as exc:
            return f"{SERVERS_ENV}: {exc}; give HOST:PORT, several separated by commas, or unset it"
    return None


def _output_problem(folder: Path | None) -> str | None:
    """Why ``-o`` cannot be the output folder, or None."""
    if folder is None:
        return None
    for existing in (folder, *folder.parents):
        try:
            if existing.exists() or existing.is_symlink():
                break
        except OSError as exc:
            return f"-o {folder}: cannot be used as the output folder: {exc.strerror or exc}"
    else:
        return None
    if existing.is_symlink() and not existing.exists():
        return f"-o {folder}: {existing} is a link that leads nowhere (or to itself); choose another output folder"
    if not existing.is_dir():
        what = "is a file" if existing == folder else f"cannot be made: {existing} is a file"
        return f"-o {folder}: {what}, not a folder; choose an output folder with -o"
    return None


def _generated_file(path: Path, text: str, mark: str, what: str) -> str | None:
    """Write ``text`` to ``path`` unless a file there is not one this tool wrote (its first 500
    characters hold ``mark``); why not, or None."""
    from engine.writers.files import OutputError, write_atomic

    if path.is_dir():
        return f"{path}: is a folder; name a file to write the {what} to"
    if path.exists():
        try:
            ours = mark in path.read_text(encoding="utf-8", errors="replace")[:500]
        except OSError:
            ours = False
        if not ours:
            return f"{path}: kept: it is not a {what} slutrapport wrote; choose another name"
    try:
        write_atomic(path, text.encode("utf-8"))
    except OutputError as exc:
        return str(exc)
    return None


def _schema_file(path: Path) -> str | None:
    from engine import schema

    return _generated_file(path, schema.text(), schema.SCHEMA_ID, "schema")


def _print_or_write(args, text: str, mark: str, what: str) -> int:
    """``schema`` and ``keys``: print, or write to ``-o FILE`` (exit 4 where it cannot be, or is kept)."""
    if args.output is None:
        sys.stdout.write(text)
        return 0
    problem = _generated_file(args.output, text, mark, what)
    if problem:
        print(f"slutrapport: {problem}", file=sys.stderr)
        return 4
    print(f"wrote {args.output}")
    return 0


def _new(args) -> int:
    """Exit 0: written; 2: unknown form; 4: PATH exists (new never overwrites) or cannot be written."""
    from engine import layouts, schema, skeleton
    from engine.layouts.declaration import LayoutError
    from engine.writers.files import OutputError, write_atomic

    try:
        layout = layouts.get(args.forbund)
    except KeyError:
        print(f"slutrapport: --forbund: unknown layout {args.forbund!r}; known: {', '.join(layouts.available())}",
              file=sys.stderr)
        return 2
    except LayoutError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    path: Path = args.path
    fmt = args.format or ("yaml" if path.suffix.lower() in (".yaml", ".yml") else "md")
    if not path.suffix:
        path = path.with_suffix(".md" if fmt == "md" else ".yaml")
    if path.exists() or path.is_symlink():
        print(f"slutrapport: {path} exists; new never overwrites a file: choose another name", file=sys.stderr)
        return 4
    text = (skeleton.markdown_skeleton if fmt == "md" else skeleton.yaml_skeleton)(layout, schema.FILE_NAME)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except (OutputError, OSError) as exc:
        print(f"slutrapport: {exc}", file=sys.stderr)
        return 4
    print(f"wrote {path}: every question of the {layout.id} form; fill it in, then: slutrapport check {path}")
    problem = _schema_file(path.parent / schema.FILE_NAME)
    if problem:  # the skeleton is written all the same; only the editor's help is missing
        print(f"slutrapport: note: {problem}", file=sys.stderr)
    else:
        print(f"wrote {path.parent / schema.FILE_NAME}: lets an editor (VS Code with the YAML extension) complete and "
              "explain the keys")
    return 0


def _template_check(args) -> int:
    """Exit 0: the layout works (warnings aside); 1: problems found; 2: no such folder."""
    from engine import lint
    from engine.build import expand

    folder = args.folder
    if not (folder / "layout.yaml").is_file():
        print(f"slutrapport: {folder}: no layout.yaml here; a layout folder holds layout.yaml and its form (.docx)",
              file=sys.stderr)
        return 2
    problem = _output_problem(args.output_dir)
    if problem:
        print(f"slutrapport: {problem}", file=sys.stderr)
        return 2
    sources = expand(args.sources) if args.sources else lint.examples()
    report = lint.check(folder, sources, args.output_dir)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for path in report.written:
        print(f"wrote {path}")
    errors, others = len(report.errors), len(report.problems) - len(report.errors)
    print(f"{folder}: {errors} {'error' if errors == 1 else 'errors'}, {others} "
          f"{'warning' if others == 1 else 'warnings'}; {report.rendered} examples rendered", file=sys.stderr)
    return 1 if errors else 0


def _main(args) -> int:
    if args.command == "doctor":
        from engine import doctor

        return doctor.run(args.output_dir, args.converter, args.soffice, args.converter_servers)
    if args.command == "template":
        return _template_check(args)
    if args.command == "new":
        return _new(args)
    if args.command == "schema":
        from engine import schema

        return _print_or_write(args, schema.text(), schema.SCHEMA_ID, "schema")
    if args.command == "keys":
        from engine import reference

        return _print_or_write(args, reference.text(), reference.HEADER, "key reference")

    if args.command == "serve":
        problem = _setup_problem()
        if problem:
            print(f"slutrapport: {problem}", file=sys.stderr)
            return 2
        from engine.serve import serve

        return serve(args.folder, args.port, not args.no_browser, args.converter, args.soffice)

    if args.command == "columns":
        from engine import record

        return _print_or_write(args, record.reference(), record.HEADER, "column reference")

    from engine.build import Options, expand, run

    problem = _setup_problem() or _output_problem(getattr(args, "output_dir", None))
    if problem:
        print(f"slutrapport: {problem}", file=sys.stderr)
        return 2
    skipped: list[Path] = []
    if not expand(args.sources, skipped):
        from engine.build import skipped_note

        for path in skipped:
            print(skipped_note(path), file=sys.stderr)
        print("slutrapport: no sources found (expected .yaml, .yml or .md files)", file=sys.stderr)
        return 1
    if args.command == "summary":
        return _summary(args)
    formats = getattr(args, "format", {"docx"}) | ({"pdf"} if getattr(args, "pdf", False) else set())
    options = Options(command="check" if args.command == "check" else "build", forbund=args.forbund,
                      strict=args.strict, output_dir=getattr(args, "output_dir", Path("outputs")),
                      formats=frozenset(formats), converter=getattr(args, "converter", "auto"),
                      soffice=getattr(args, "soffice", None),
                      servers=tuple(args.converter_servers) if getattr(args, "converter_servers", None) else None,
                      force=getattr(args, "force", False), overwrite=getattr(args, "overwrite", False),
                      jobs=getattr(args, "jobs", 0), findings=getattr(args, "findings", "text"))
    if args.command == "watch":
        from engine.watch import watch

        return watch(args.sources, options, args.grace)
    return run(args.sources, options).status


def _summary(args) -> int:
    from engine import summary
    from engine.forbund import name_of
    from engine.portfolio import Filters

    start, end, said = args.period if args.period else (args.start, args.end, None)
    filters = Filters(start, end, name_of(args.forbund_filter) if args.forbund_filter else None, said)
    options = summary.Options(output_dir=args.output_dir, filters=filters, converter=args.converter,
                              soffice=args.soffice, overwrite=args.overwrite, jobs=args.jobs,
                              allow_personal_data=args.allow_personal_data)
    return summary.run(args.sources, options).status
