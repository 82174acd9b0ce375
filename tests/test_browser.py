"""Every page in a real browser: `streamlit run` on a demo warehouse, Debian's chromium driven by Playwright.

AppTest runs the scripts but not the frontend; this catches what only a
browser shows (a page that breaks while rendering, presentation mode still
showing the sidebar, a download button that does not deliver). Screenshots of
every page land in artifacts/screenshots/ for a human look at 1280×720.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
if not CHROMIUM.exists() and not IN_CI:
    pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed; `apt-get install chromium` to run the "
                "browser tests (in CI they fail instead of skipping)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 720}
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
START_TIMEOUT_S = 60
RUN_TIMEOUT_MS = 30_000
LONGEST_SCREENSHOT_PX = 15_000

# (screenshot name, url after the host, text the page must show; None = any page title)
PAGES = [
    ("overzicht", "/", None),
    ("wijkprofiel", "/wijkprofiel", None),
    ("opgaven", "/opgaven", None),
    ("wijkvergelijking", "/wijkvergelijking", None),
    ("tellen-en-vertellen", "/tellen-en-vertellen", None),
    ("bronnen", "/bronnen", "Bronnen en kwaliteit"),
    ("presentatie", "/presentatie", None),
    ("wijkprofiel-deeplink", "/wijkprofiel?wijk=WK034205", None),
    # series breaks (income from 2024), half-year charts (GMSD) and a rate on rounded counts (bijstand per wijk)
    ("opgaven-bestaanszekerheid", "/opgaven?opgave=bestaanszekerheid&wijken=WK034205", None),
]
PRESENTATION = [
    ("presentatie-modus", "/?presentatie=1"),
    ("presentatie-bestaanszekerheid-dia-2", "/?presentatie=1&opgave=bestaanszekerheid&dia=2"),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(demo_warehouse, tmp_path_factory):
    """`streamlit run` on a private copy of the demo warehouse; stopped at the end, also when a test fails."""
    root = tmp_path_factory.mktemp("browser")
    warehouse = root / "monitor.duckdb"
    shutil.copy2(demo_warehouse, warehouse)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "streamlit.log").open("w+b")
    command = [sys.executable, "-m", "streamlit", "run", "app/streamlit_app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "MONITOR_WAREHOUSE": str(warehouse)})
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"streamlit did not start on {url} (exit {process.poll()}):\n"
                            + log.read().decode(errors="replace")[-3000:])
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "chromium must be installed in CI (.ci/run installs it with apt-get)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def visit(page: Page, url: str) -> None:
    """Open a page and wait until the script has finished and the page is drawn."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=RUN_TIMEOUT_MS)


def assert_no_errors(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    text = page.get_by_test_id("stApp").inner_text()
    assert "Traceback" not in text and "Error" not in text, text[:2000]


def screenshot(page: Page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main container, so the viewport is stretched to fit it first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('[data-testid]'), element => element.scrollHeight))"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height, VIEWPORT["height"]),
                                                                       LONGEST_SCREENSHOT_PX)})
    page.wait_for_timeout(300)  # let charts and tables redraw at the new size
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


@pytest.mark.parametrize(("name", "path", "title"), PAGES, ids=[name for name, _, _ in PAGES])
def test_page_renders_without_errors(server, page, name, path, title):
    visit(page, server + path)
    assert_no_errors(page)
    expect(page.get_by_text("Voorbeelddata", exact=False).first).to_be_visible()
    if title:
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(title)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    if "?" in path:  # a deep link keeps its choice in the URL
        assert path.split("?", 1)[1] in page.url
    assert screenshot(page, name).stat().st_size > 10_000


@pytest.mark.parametrize(("name", "path"), PRESENTATION, ids=[name for name, _ in PRESENTATION])
def test_presentation_mode_hides_the_sidebar(server, page, name, path):
    visit(page, server + path)
    assert_no_errors(page)
    expect(page.get_by_text("Voorbeelddata", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.get_by_test_id("stSidebarCollapsedControl")).not_to_be_visible()
    assert screenshot(page, name).stat().st_size > 10_000


def test_bronnen_full_dataset_downloads_from_the_browser(server, page, demo_warehouse):
    """The deferred CSV is built when clicked and arrives whole: BOM, header, one line per observation."""
    import duckdb

    visit(page, server + "/bronnen")
    row = page.get_by_test_id("stHorizontalBlock").filter(has_text="Volledige dataset")
    with page.expect_download(timeout=RUN_TIMEOUT_MS) as download:
        row.get_by_role("button", name="CSV").click()
    assert download.value.suggested_filename == "soest_volledige_dataset.csv"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbfindicator;titel;eenheid;regio_code;regio;jaar;")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        observations = con.execute("SELECT count(*) FROM observation").fetchall()[0][0]
    assert content.count(b"\r\n") == observations + 1
    assert_no_errors(page)
