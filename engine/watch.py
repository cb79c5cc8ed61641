"""``slutrapport watch``: rebuild a source the moment it is saved, and keep going through errors."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from engine.build import SOURCE_SUFFIXES, Options, expand, forget_templates, is_report, run


def watch(paths: list[Path], options: Options) -> int:
    """Build everything once (incrementally), then rebuild what changes until Ctrl-C."""
    from watchfiles import watch as changes

    from engine import layouts

    options = replace(options, force=False)
    folders = sorted({p.resolve() if p.is_dir() else p.resolve().parent for p in paths})
    dirs = {p.resolve() for p in paths if p.is_dir()}      # any source saved in these counts
    files = {p.resolve() for p in paths if not p.is_dir()}  # and these, named one by one
    templates = [root.resolve() for root in layouts.roots() if root.is_dir()]
    watched = [*folders, *templates]
    # Start watching before the first build, so a save made while it runs is not missed:
    # with yield_on_timeout the watcher hands back control once it is in place.
    batches = changes(*watched, debounce=200, step=50, rust_timeout=100, yield_on_timeout=True,
                      raise_interrupt=False)
    try:
        pending = next(batches)
        run(paths, options)
        print(f"watching {', '.join(map(str, folders))} (Ctrl-C to stop)", flush=True)
        for batch in _chain(pending, batches):
            if not batch:
                continue
            touched = {Path(path) for _kind, path in batch}
            if any(root in t.parents for t in touched for root in templates):
                forget_templates()  # read the changed form afresh
                todo = paths  # a form changed: every source may be affected (the manifest decides)
            else:
                todo = [t for t in sorted(touched) if t.suffix.lower() in SOURCE_SUFFIXES
                        and t.is_file() and (t.resolve() in files or (t.resolve().parent in dirs and is_report(t)))]
                todo += [s for s in _showing(touched - set(todo), paths, options.output_dir) if s not in todo]
            if todo:
                print(f"[{time.strftime('%H:%M:%S')}] {', '.join(p.name for p in todo if p.is_file()) or 'templates'}",
                      flush=True)
                run(todo, options)
                sys.stdout.flush()
                sys.stderr.flush()
    except KeyboardInterrupt:
        pass
    return 0


def _showing(touched: set[Path], paths: list[Path], output_dir: Path) -> list[Path]:
    """The watched sources that name one of the ``touched`` files that are no source (a picture
    saved anew, or put where a source wanted it): the build's record then decides what is stale."""
    output = output_dir.resolve()
    names = {variant.encode() for t in touched if t.suffix.lower() not in SOURCE_SUFFIXES
             and output not in t.resolve().parents for variant in (t.name, quote(t.name))}
    if not names:
        return []
    found = []
    for source in expand(paths):
        try:
            data = source.read_bytes()
        except OSError:
            continue
        if any(name in data for name in names):
            found.append(source)
    return found


def _chain(first, rest):
    yield first
    yield from rest
