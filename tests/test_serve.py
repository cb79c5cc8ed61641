"""``slutrapport serve`` as its users meet it: a real server process on a copy of two examples,
a real headless browser (Debian's chromium, driven by Playwright through its executable path:
never a browser of Playwright's own), real documents built by LibreOffice.

One server for the module, started as a user starts it; the last test ends it with Ctrl-C
while LibreOffice is converting. Waits for the HTML preview are the two seconds the issue
promises a save to show in; waits for a PDF are LibreOffice's (generous: a loaded machine).
"""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import INPUTS, ROOT

CHROMIUM = Path(os.environ.get("SLUTRAPPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
MARKDOWN, YAML = "ung-intro-markdown.md", "resan-soderhamn.yaml"
#: ms a save may take to show in the preview and the findings. The promise (within two seconds)
#: is measured by bench/serve.py (median 0.77 s); a test only waits, with room for a loaded machine.
SAVED = 15_000
PDF = 90_000   # ms: LibreOffice's time, on a loaded 2-core machine
EDIT = ("Syftet är att skapa en pilotverksamhet",
        "Under våren deltog 20 personer; 12 män och 5 kvinnor. Syftet är att pröva Ljusglimt, en pilotverksamhet")


def _tools() -> None:
    """Fail (never skip) without the browser or axe-core: a check quietly not made proves nothing."""
    if not CHROMIUM.is_file():
        pytest.fail(f"no chromium at {CHROMIUM}: `apt-get install chromium` (as .ci/run and make do), or set "
                    "SLUTRAPPORT_CHROMIUM to a Chromium program", pytrace=False)
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE} is missing): run `npm ci --prefix tools`, or `make test`",
                    pytrace=False)


class Server:
    """``slutrapport serve FOLDER --port 0``, as a process of its own, opening a "browser" that
    writes down what it was handed (in ``opened``)."""

    def __init__(self, folder: Path, log: Path):
        self.folder, self.log = folder, log
        self.opened = log.with_name("opened.txt")
        browser = log.with_name("browser")
        browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "{self.opened}"\n', encoding="utf-8")
        browser.chmod(0o700)
        self.proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", str(folder), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=log.open("w"), text=True, cwd=folder,
                                     env={**os.environ, "PYTHONPATH": str(ROOT), "BROWSER": str(browser),
                                          "DISPLAY": os.environ.get("DISPLAY", ":0")},
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.url = self.proc.stdout.readline().strip()  # the first line: the address, token included
        parts = urlsplit(self.url)
        self.host, self.port, self.token = parts.hostname, parts.port, parts.query.removeprefix("token=")
        self.base = f"{parts.scheme}://{parts.netloc}"

    def said(self) -> str:
        """What the server printed on stderr."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str, cookie: bool = True, host: str | None = None) -> tuple[int, bytes]:
        """``path`` sent exactly as written (no client tidies ``..`` or ``%2f`` away)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        headers = {"Host": host or f"{self.host}:{self.port}"}
        if cookie:
            headers["Cookie"] = f"slutrapport-{self.port}={self.token}"
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _tools()
    root = tmp_path_factory.mktemp("serve")
    folder = root / "rapporter"
    folder.mkdir()
    for name in (MARKDOWN, YAML):
        shutil.copy(INPUTS / name, folder / name)
    elsewhere = root / "utanfor"
    elsewhere.mkdir()
    shutil.copy(INPUTS / "samverkan-gottsunda.yaml", elsewhere / "hemlig.yaml")
    (folder / "lank.yaml").symlink_to(elsewhere / "hemlig.yaml")  # a link out of the folder: never read
    served = Server(folder, root / "serve.log")
    assert served.url.startswith("http://127.0.0.1:") and len(served.token) >= 40, served.url
    yield served
    if served.proc.poll() is None:
        served.proc.kill()
        served.proc.wait()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()


def _enter(page, server, path: str = "/") -> None:
    """Open the address ``serve`` printed (token included) for ``path``: the page it lands on
    keeps the token as a cookie and moves on to ``path``, the token gone from the address."""
    from playwright.sync_api import expect

    page.goto(server.url.replace("/?", f"{path}?", 1))
    expect(page).to_have_url(server.base + path)


def _row(page, name: str):
    return page.locator("table.rapporter tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))


def test_the_browser_is_opened_without_the_token_on_its_command_line(server, page):
    """Every user of the machine reads a program's command line (``ps``): the browser is handed
    a page only this user can read, which sends it on; the page is gone once it has. (First in
    the module: the token must not have reached the server before.)"""
    from playwright.sync_api import expect

    from urllib.request import url2pathname

    end = time.monotonic() + 30
    while (not server.opened.is_file() or server.opened.read_text(encoding="utf-8").count("\n") < 2) and \
            time.monotonic() < end:
        time.sleep(0.05)
    command = server.opened.read_text(encoding="utf-8").split("\n")
    assert server.token not in "".join(command)
    opener = Path(url2pathname(urlsplit(command[1]).path))
    assert command[1].startswith("file://") and opener.parent == server.folder / "outputs", command
    assert opener.stat().st_mode & 0o777 == 0o600
    page.goto(command[1])
    expect(page).to_have_url(server.base + "/")
    expect(page.locator("table.rapporter")).to_be_visible()
    assert not opener.exists()


def test_the_reports_listed_one_opened_and_a_save_seen_at_once(server, page):
    from playwright.sync_api import expect

    _enter(page, server)  # the token is kept as a cookie, and gone from the address
    rows = page.locator("table.rapporter tbody tr")
    expect(rows).to_have_count(2)
    expect(_row(page, MARKDOWN)).to_contain_text("1 varning", timeout=PDF)  # once checked
    expect(_row(page, MARKDOWN)).to_contain_text("uppsala")
    expect(_row(page, MARKDOWN)).to_contain_text("1 obesvarad fråga")
    expect(_row(page, YAML)).to_contain_text("1 varning", timeout=PDF)
    expect(_row(page, YAML)).to_contain_text("gavleborg")
    assert "lank.yaml" not in page.content()  # a link to a file outside the folder is no report of it

    page.get_by_role("link", name=MARKDOWN, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MARKDOWN)
    preview, findings = page.locator("#forhand .dokument"), page.locator("#fynd")
    expect(preview).to_contain_text(EDIT[0])
    expect(preview.get_by_role("heading", level=3)).to_have_text("Slutrapport samverkansinsatser inom samordningsförbundet")
    expect(findings).to_contain_text("footnote [^8] is never referred to")
    expect(findings.locator("li")).to_have_count(2)
    expect(findings.locator("p.text[lang=en]")).to_have_count(2)  # as check prints them: read in an English voice
    source = server.folder / MARKDOWN
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("[^8]:"))
    expect(findings.get_by_role("link", name=f"Öppna {MARKDOWN} på rad {line} i VS Code")).to_have_attribute(
        "href", f"vscode://file{source.resolve().as_posix()}:{line}:1")

    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(*EDIT, 1), encoding="utf-8")
    expect(preview).to_contain_text("Syftet är att pröva Ljusglimt", timeout=SAVED)
    expect(findings).to_contain_text("12 + 5 = 17, not 20", timeout=SAVED)
    expect(findings.locator("li")).to_have_count(3)
    expect(page.get_by_role("status")).to_contain_text("Uppdaterat")

    # Then the PDF LibreOffice made of the saved source: its pages shown, and the file to download.
    page.get_by_label("PDF-sidor, när LibreOffice har gjort dem").check()
    pages = page.locator("#forhand .sidor")
    expect(preview).to_be_hidden()
    expect(pages.locator("img").first).to_be_visible(timeout=PDF)
    expect(pages).not_to_contain_text("en nyare byggs", timeout=PDF)
    # Drawn (once shown, the image may still be on its way: waiting for it is no timed assert).
    page.wait_for_function("img => img.complete && img.naturalWidth > 500", arg=pages.locator("img").first.element_handle())
    with page.expect_download() as download:
        page.locator("#hamta").get_by_role("link", name=re.compile("^PDF")).click()
    pdf = Path(download.value.path())
    assert download.value.suggested_filename == "ung-intro-markdown.uppsala.pdf"
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Syftet är att pröva Ljusglimt" in re.sub(r"\s+", " ", shown)
    assert pages.locator("img").count() == int(subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.split("Pages:")[1].split()[0])


def test_a_source_that_cannot_be_read_is_listed_with_its_error(server, page):
    from playwright.sync_api import expect

    broken = server.folder / "trasig.yaml"
    broken.write_text("namn: [\n", encoding="utf-8")
    try:
        _enter(page, server)
        expect(_row(page, "trasig.yaml")).to_contain_text("Byggs inte: fel i källan", timeout=SAVED)
        page.get_by_role("link", name="trasig.yaml", exact=True).click()
        expect(page).to_have_title("trasig.yaml – slutrapport")
        expect(page.locator("#fynd")).to_contain_text("trasig.yaml, rad 2")
        page.get_by_role("button", name="Jämför").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^trasig.yaml i blanketterna – och "))
        assert "None" not in page.title() and "None" not in page.locator("body").inner_text()
    finally:
        broken.unlink()


def test_seven_tabs_open_and_each_hears_of_a_save(server, browser):
    """A förbund officer opens each owner's report in a tab of its own. A browser keeps six
    connections to one server, and each tab's event stream held one: a seventh tab never loaded."""
    from playwright.sync_api import expect

    context = browser.new_context(locale="sv-SE")
    broken = server.folder / "trasig.yaml"
    try:
        tabs = []
        for n in range(7):
            tab = context.new_page()
            if n:
                tab.goto(server.base + "/", timeout=10_000)
            else:
                _enter(tab, server)
            expect(tab.locator("table.rapporter")).to_be_visible()
            tabs.append(tab)
        broken.write_text("namn: [\n", encoding="utf-8")  # an error: listed, never built
        for tab in tabs:
            expect(_row(tab, "trasig.yaml")).to_contain_text("1 fel", timeout=SAVED)
        tabs[0].close()  # the tab that listened for all: another takes over
        broken.unlink()
        for tab in tabs[1:]:
            expect(_row(tab, "trasig.yaml")).to_have_count(0, timeout=SAVED)
    finally:
        broken.unlink(missing_ok=True)
        context.close()


def test_the_same_report_in_another_layout_beside_it(server, page):
    from playwright.sync_api import expect

    _enter(page, server, f"/rapport/{YAML}")
    page.get_by_label("Blankett att jämföra med").select_option("uppsala")
    page.get_by_role("button", name="Jämför").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{YAML} i blanketterna gavleborg och uppsala")
    own, other = page.locator("section.sida-vid-sida").nth(0), page.locator("section.sida-vid-sida").nth(1)
    expect(own.get_by_role("heading", level=2)).to_contain_text("gavleborg")
    expect(other.get_by_role("heading", level=2)).to_contain_text("uppsala")
    for side in (own, other):  # each the filled form of its own förbund
        expect(side.locator(".dokument")).to_contain_text("RESAN")
    expect(own.locator(".dokument")).to_contain_text("Samordningsförbund Gävleborg")
    expect(other.locator(".dokument")).not_to_contain_text("Samordningsförbund Gävleborg")
    expect(other.locator("[lang=en]", has_text="unanswered in the uppsala form").first).to_be_visible()


def test_a_report_given_for_the_folder_names_its_folder(tmp_path, capsys):
    from engine.serve import UNUSABLE, serve

    source = tmp_path / YAML
    shutil.copy(INPUTS / YAML, source)
    assert serve(source, browser=False) == UNUSABLE
    assert capsys.readouterr().err == (f"slutrapport: {source}: is a file; serve shows all the reports in a folder: "
                                       f"slutrapport serve {tmp_path}\n")
    assert serve(tmp_path / "borta", browser=False) == UNUSABLE
    assert capsys.readouterr().err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [YAML]


def test_a_save_is_shown_before_the_reports_not_checked_yet(tmp_path):
    """A folder of many reports takes a while to check at the start; the one its author saves
    meanwhile is checked next, not last. (The save as the watch hands it on.)"""
    from engine.serve.folder import Folder

    names = [f"rapport-{n}.yaml" for n in range(1, 5)]
    for name in names:
        shutil.copy(INPUTS / YAML, tmp_path / name)
    folder = Folder(tmp_path)
    folder.start()
    try:
        saved = tmp_path / names[-1]
        saved.write_text(saved.read_text(encoding="utf-8").replace("RESAN", "RESAN Ljusglimt", 1), encoding="utf-8")
        folder._rescan({saved})
        end = time.monotonic() + PDF / 1000
        while folder.report(saved.name).shown is None and time.monotonic() < end:
            time.sleep(0.02)
        assert "RESAN Ljusglimt" in folder.report(saved.name).shown.html
        assert [folder.report(name).shown is None for name in names[1:-1]] == [True, True]
    finally:
        folder.stop()


HOSTILE = ("<script>alert('skript')</script> <a href=\"javascript:alert(1)\">klicka här</a> "
           "<a href=\"JaVaScRiPt&#58;alert(2)\">eller här</a> <a href=\"data:text/html,<script>alert(3)</script>\">data</a> "
           "<img src=x onerror=alert(4)> <b onclick=\"alert(5)\">fet</b> <a href=\"https://example.org/\">webben</a>")


def test_the_preview_runs_nothing_an_author_pasted(tmp_path):
    """HTML pasted into an answer: shown as the form shows it, with no script and no link
    but to the web (the page holds the server's key; its policy is the second line)."""
    from lxml import html

    from engine.serve.folder import show

    source = tmp_path / YAML
    text = (INPUTS / YAML).read_text(encoding="utf-8")
    source.write_text(text.replace("syfte: |\n", f"syfte: |\n  {HOSTILE}\n\n", 1), encoding="utf-8")
    shown = show(source, None)
    assert not shown.failed and shown.html
    page = html.fragment_fromstring(shown.html, create_parent="div")
    answer = next(p for p in page.iter("p") if "klicka här" in p.text_content())
    assert "<script>alert('skript')</script>" in answer.text_content()  # the author's words, as text
    assert [a.get("href") for a in answer.iter("a")] == ["https://example.org/"]
    assert "klicka här" in answer.text_content() and "eller här" in answer.text_content()
    assert not page.xpath("//script | //*[@onclick or @onerror or @onload] | //img[not(starts-with(@src, 'data:image/'))]")


@pytest.mark.parametrize("path", [
    "/rapport/..%2f..%2f..%2fetc%2fpasswd",
    "/rapport/%2fetc%2fpasswd",
    "/rapport/..%2futanfor%2fhemlig.yaml",
    "/rapport/lank.yaml",
    "/hamta/..%2f" + MARKDOWN + "/docx",
    "/hamta/" + MARKDOWN + "/..%2f..%2f" + MARKDOWN,
    "/sida/lank.yaml/1",
    "/static/..%2f__init__.py",
    "/static/%2fetc%2fpasswd",
    "/rapport/" + MARKDOWN + "/../../etc/passwd",
    "/sammanstallning/..%2f" + MARKDOWN,
    "/sammanstallning/%2fetc%2fpasswd",
])
def test_no_path_outside_the_folder(server, path):
    status, body = server.get(path)
    assert status in (403, 404), (status, body[:200])
    assert b"root:" not in body and b"namn:" not in body and b"import" not in body


def test_the_token_is_required(server):
    assert server.get("/", cookie=False)[0] == 403
    assert server.get(f"/rapport/{MARKDOWN}", cookie=False)[0] == 403
    assert server.get(f"/hamta/{MARKDOWN}/docx", cookie=False)[0] == 403
    assert server.get("/sammanstallning/uppfoljning.xlsx", cookie=False)[0] == 403
    assert server.get("/?token=" + "x" * len(server.token), cookie=False)[0] == 403
    assert server.get("/", host=f"elsewhere.example:{server.port}")[0] == 403  # DNS rebinding
    status, body = server.get("/")
    assert status == 200 and MARKDOWN.encode() in body
    status, body = server.get(f"/hamta/{MARKDOWN}/docx")
    assert status == 200 and body.startswith(b"PK")


@pytest.mark.parametrize("where", ["/", f"/rapport/{MARKDOWN}", f"/rapport/{MARKDOWN}/jamfor?blankett=gavleborg",
                                   "/sammanstallning"])
def test_no_serious_accessibility_violation(server, page, where):
    """axe-core (pinned in tools/package-lock.json), run in the page as it is served."""
    _enter(page, server)
    page.goto(server.base + where)
    page.wait_for_selector("#forhand .dokument h3, table.rapporter, .jamforelse, #sammanstallning .dokument h3")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script>: the page's policy allows none but its own
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1, landmark


def test_the_keyboard_alone_reaches_a_report_and_its_comparison(server, page):
    from playwright.sync_api import expect

    _enter(page, server)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):  # past the skip link, into the table: the first report's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == YAML:
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(YAML)
    page.get_by_label("Blankett att jämföra med").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Jämför")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("i blanketterna gavleborg och")


def test_the_summary_of_the_reports_is_shown_and_follows_a_save(server, page):
    """The förbund's summary of the folder, as ``slutrapport summary`` makes it, made in memory:
    the page shows the board document and offers the record's files; a save shows in it."""
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    _enter(page, server)
    page.get_by_role("link", name="Sammanställning för förbundet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanställning för förbundet")
    document = page.locator("#sammanstallning .dokument")
    expect(page.locator("#omfang")).to_contain_text("2 insatser från 2 rapporter", timeout=PDF)
    expect(document.get_by_role("heading", level=3).first).to_have_text("Sammanställning av slutrapporter")
    expect(document.get_by_role("heading", name=f"RESAN (SFG 23–12.5): {YAML}")).to_be_visible()  # named as in the folder
    expect(document).to_contain_text("RESAN")
    expect(document).to_contain_text("Ung Intro")

    with page.expect_download() as download:
        page.locator("#filer").get_by_role("link", name="uppfoljning.xlsx").click()
    assert download.value.suggested_filename == "uppfoljning.xlsx"
    header, *rows = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["insatser"].iter_rows(values_only=True)
    assert sorted(row[header.index("namn")] for row in rows) == ["RESAN", "Ung Intro"]

    source = server.folder / YAML
    source.write_text(source.read_text(encoding="utf-8").replace("namn: RESAN", "namn: RESAN Söderhamn", 1),
                      encoding="utf-8")
    expect(document).to_contain_text("RESAN Söderhamn", timeout=SAVED)
    expect(page.get_by_role("status")).to_contain_text("Uppdaterat")
    assert not [p.name for p in (server.folder / "outputs").iterdir()
                if p.name.startswith(("sammanstallning", "uppfoljning"))]  # shown and offered, never written


def test_ctrl_c_ends_it_with_libreoffice(server, page):
    """The module's server, stopped as a user stops it, while LibreOffice converts a save; the
    page open on it says so."""
    import psutil
    from playwright.sync_api import expect

    _enter(page, server)

    source = server.folder / YAML
    source.write_text(source.read_text(encoding="utf-8").replace("RESAN", "RESAN Ljusglimt", 1), encoding="utf-8")
    me = psutil.Process(server.proc.pid)

    def converting() -> bool:
        for child in me.children(recursive=True):
            try:
                if "soffice" in child.name():
                    return True
            except psutil.Error:
                continue
        return False

    end = time.monotonic() + PDF / 1000
    while not (seen := converting()) and time.monotonic() < end:
        time.sleep(0.05)
    started = me.children(recursive=True)
    # Seen once is enough: asked again, LibreOffice may be between its two processes (it restarts
    # itself on a new profile), or done.
    assert seen, f"no LibreOffice started after a save: {server.said()}"
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=30) == 0
    expect(page.get_by_role("status")).to_have_text("Förbindelsen med slutrapport serve bröts: är den avslutad?",
                                                    timeout=SAVED * 2)
    _gone, alive = psutil.wait_procs(started, timeout=10)
    assert alive == []
    assert "Traceback" not in server.said()
    temp = server.folder / "outputs" / ".slutrapport-tmp"
    assert not temp.exists() or not any(temp.iterdir())
    # It wrote nothing but the documents of the folder's own reports, into its outputs/.
    assert sorted(p.name for p in server.folder.iterdir()) == sorted([MARKDOWN, YAML, "lank.yaml", "outputs"])
    written = {p.name for p in (server.folder / "outputs").iterdir()} - {".slutrapport-tmp"}
    assert written <= {".slutrapport-manifest.json", *(f"{Path(name).stem}.{layout}.{kind}" for name, layout in
                                                       ((MARKDOWN, "uppsala"), (YAML, "gavleborg"))
                                                       for kind in ("docx", "pdf"))}, written
    assert sorted(p.name for p in (server.folder.parent / "utanfor").iterdir()) == ["hemlig.yaml"]
