"""``slutrapport doctor``: what a user or an IT helpdesk runs when something does not work.

It looks at everything a build with ``--pdf`` depends on — the layouts and where they come
from, the PDF converter, the forms' fonts, the output folder — and prints one line per
finding; each problem says the one thing to do about it. Exit 0 only when ``build --pdf``
would work; a missing font is a warning (the PDF is made, with a substitute font).
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from engine import __version__

#: Fonts a form may name and the metric-compatible ones that stand in for them, so the
#: layout of the page is the same (LibreOffice and fontconfig substitute these by themselves).
STAND_INS = {
    "Calibri": ("Carlito",), "Cambria": ("Caladea",),
    "Arial": ("Liberation Sans", "Arimo"), "Helvetica": ("Liberation Sans", "Arimo"),
    "Times New Roman": ("Liberation Serif", "Tinos"), "Courier New": ("Liberation Mono", "Cousine"),
    "Courier": ("Courier New", "Liberation Mono", "Cousine", "Nimbus Mono PS"),
}
FONT_HINT = {"Carlito": "fonts-crosextra-carlito", "Caladea": "fonts-crosextra-caladea"}


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: int = 0

    def ok(self, text: str) -> None:
        self.lines.append(f"  ok       {text}")

    def warn(self, text: str) -> None:
        self.lines.append(f"  warning  {text}")

    def problem(self, text: str) -> None:
        self.problems += 1
        self.lines.append(f"  PROBLEM  {text}")

    def head(self, text: str) -> None:
        self.lines.append(text)


def diagnose(output_dir: Path, converter: str = "auto", soffice: str | None = None,
             servers: list[str] | None = None) -> Report:
    report = Report()
    report.head(f"slutrapport {__version__} (Python {platform.python_version()}, {platform.system()} "
                f"{platform.release()}, {sys.executable})")
    fonts = _layouts(report)
    _converter(report, converter, soffice, servers)
    _fonts(report, fonts)
    _output(report, output_dir)
    if report.problems:
        report.head(f"{report.problems} problem{'s' if report.problems > 1 else ''}: "
                    "`slutrapport build SOURCE --pdf` will not work until they are solved")
    else:
        report.head("all good: `slutrapport build SOURCE --pdf` will work")
    return report


def _layouts(report: Report) -> set[str]:
    from engine import layouts

    report.head("layouts")
    own = layouts.own()
    if own is not None:
        if own.is_dir():
            report.ok(f"{layouts.ENVIRONMENT} = {own}: the förbund's own layouts come first")
        else:
            report.problem(f"{layouts.ENVIRONMENT} = {own}, which is not a folder; point it at a folder of "
                           "layouts or unset it")
    bundled = layouts.bundled()
    if bundled.is_dir():
        report.ok(f"shipped layouts in {bundled}")
    else:
        report.problem(f"the shipped layouts are missing ({bundled}); reinstall slutrapport")
    fonts: set[str] = set()
    for layout_id in layouts.available():
        try:
            layout = layouts.get(layout_id)
            fonts |= template_fonts(layout.template)
        except Exception as exc:  # a damaged layout.yaml or template: say which, go on with the others
            report.problem(f"layout {layout_id} ({layouts.folders()[layout_id]}) cannot be loaded: "
                           f"{type(exc).__name__}: {exc}; repair or remove that folder")
            continue
        described = ", ".join(filter(None, [layout.data.get("förbund"), layout.data.get("blankett"),
                                            str(layout.data.get("utgåva") or "")]))
        report.ok(f"--forbund {layout_id}: {described} ({layout.folder})")
    if not layouts.available():
        report.problem("no layout can be loaded; reinstall slutrapport, or set "
                       f"{layouts.ENVIRONMENT} to a folder of layouts")
    return fonts


def template_fonts(template: Path) -> set[str]:
    """The fonts a template's text is set in: the document defaults, and the styles its
    paragraphs and runs use (with the styles they are based on), or fonts named directly."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(template) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        document = etree.fromstring(z.read("word/document.xml"))

    def named(element) -> set[str]:
        return {f.get(f"{w}ascii") for f in element.iter(f"{w}rFonts") if f.get(f"{w}ascii")}

    by_id = {s.get(f"{w}styleId"): s for s in styles.iter(f"{w}style")}
    fonts = set().union(*(named(d) for d in styles.iter(f"{w}docDefaults")), named(document))
    used = {e.get(f"{w}val") for tag in ("pStyle", "rStyle", "tblStyle") for e in document.iter(f"{w}{tag}")}
    used |= {s.get(f"{w}styleId") for s in by_id.values() if s.get(f"{w}default") == "1"}
    while used:
        style = by_id.get(used.pop())
        if style is not None:
            fonts |= named(style)
            based = style.find(f"{w}basedOn")
            if based is not None:
                used.add(based.get(f"{w}val"))
    return fonts


def _converter(report: Report, converter: str, soffice: str | None, servers: list[str] | None = None) -> None:
    from engine.writers import pdf

    report.head("PDF converter")
    try:
        choice = pdf.chosen(converter, soffice, servers)
    except pdf.ConverterMissing as exc:
        report.problem(str(exc))
        return
    if choice.servers:
        _servers(report, choice.servers)
        return
    if choice.soffice is None:
        report.ok(f"{choice.name}: {choice.where}")
        return
    version = _soffice_version(choice.soffice)
    if version is None:
        report.problem(f"LibreOffice at {choice.where} does not start; reinstall it, or "
                       f"point --soffice or {pdf.SOFFICE_ENV} at a working soffice")
    else:
        report.ok(f"{version}: {choice.where}; PDFs are PDF/A-2b")
        _warm(report, choice.soffice)


def _warm(report: Report, soffice: str) -> None:
    """Whether LibreOffice can be kept warm (unoserver): without it each batch starts LibreOffice."""
    from engine.writers import servers

    python = servers.uno_python(soffice)
    if python is None:
        report.warn(f"LibreOffice cannot be kept warm, so watch waits seconds for each PDF: "
                    f"{servers.unoserver_missing() or servers.no_uno_hint()}")
    else:
        report.ok(f"LibreOffice kept warm between PDFs (watch): unoserver, run by {python}")


def _servers(report: Report, named: tuple[str, ...]) -> None:
    """Each converter server answers, or says why not; a problem only when none does."""
    from engine.writers import pdf, servers

    silent = {}
    for name in named:
        why = servers.Remote(name).check(pdf.REMOTE_CHECK)
        if why is None:
            report.ok(f"converter server {name} answers (unoserver); PDFs are PDF/A-2b")
        else:
            silent[name] = why
    for name, why in silent.items():
        if len(silent) < len(named):
            report.warn(f"converter server {name} {why}: the others take its documents")
        else:
            report.problem(f"converter server {name} {why}: start unoserver there (unoserver --interface 0.0.0.0 "
                           f"--port PORT), or name another with --converter-server or {servers.SERVERS_ENV}")


def _soffice_version(soffice: str) -> str | None:
    with tempfile.TemporaryDirectory(prefix="slutrapport-lo-") as profile:
        try:
            proc = subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                                   "--version"], capture_output=True, text=True, timeout=60,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            return None
    said = proc.stdout.strip().splitlines()
    return " ".join(said[0].split()[:2]) if proc.returncode == 0 and said else None


def _fonts(report: Report, fonts: set[str]) -> None:
    report.head("fonts the forms use")
    if not fonts:
        return
    installed = _installed_fonts()
    for font in sorted(fonts):
        if installed is None:
            report.warn(f"{font}: cannot tell which fonts are installed here (no fc-list)")
            continue
        if font.casefold() in installed:
            report.ok(font)
            continue
        stand_in = next((s for s in STAND_INS.get(font, ()) if s.casefold() in installed), None)
        if stand_in:
            report.ok(f"{font}: shown as {stand_in}, which has the same metrics")
            continue
        wanted = STAND_INS.get(font, ())
        package = next((FONT_HINT[s] for s in wanted if s in FONT_HINT), None)
        how = f"install {font}" + (f" or {wanted[0]} ({package})" if package else
                                   f" or {wanted[0]}" if wanted else "")
        report.warn(f"{font} is not installed: PDFs use another font and their lines may break differently; {how}")


def _installed_fonts() -> set[str] | None:
    """Family names of the installed fonts, case-folded; None where this cannot be told."""
    if sys.platform == "win32":
        return _windows_fonts()
    if not shutil.which("fc-list"):
        return None
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {name.strip().casefold() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def _windows_fonts() -> set[str]:
    """Font names from the registry (per machine and per user): "Calibri (TrueType)" → calibri."""
    import winreg

    names: set[str] = set()
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key_path) as key:
                for i in range(winreg.QueryInfoKey(key)[1]):
                    name = winreg.EnumValue(key, i)[0]
                    for part in re.sub(r"\s*\(.*\)$", "", name).split("&"):
                        names.add(re.sub(r"\s+(Bold|Italic|Bold Italic|Light|Regular)$", "", part.strip()).casefold())
        except OSError:
            continue
    return names


def _output(report: Report, output_dir: Path) -> None:
    report.head("output folder")
    existing = output_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        report.problem(f"{output_dir}: {existing} is a file, not a folder; choose another folder with -o")
        return
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".slutrapport-doctor-"):
            pass
    except OSError as exc:
        report.problem(f"{output_dir}: cannot write in {existing} ({exc.strerror or exc}); "
                       "choose another folder with -o")
        return
    if existing == output_dir:
        report.ok(f"{output_dir} is writable")
    else:
        report.ok(f"{output_dir} will be created (in {existing}, which is writable)")


def run(output_dir: Path, converter: str, soffice: str | None, servers: list[str] | None = None,
        out=print) -> int:
    report = diagnose(output_dir, converter, soffice, servers)
    for line in report.lines:
        out(line)
    return 1 if report.problems else 0

