"""Every page in a real browser: `streamlit run` on a demo warehouse, Debian's chromium driven by Playwright.

AppTest runs the scripts but not the frontend; this catches what only a
browser shows (a page that breaks while rendering, presentation mode still
showing the sidebar, a download button that does not deliver, a request to a
server outside this machine, a partner's Markdown rendered as a link, image or
heading). Screenshots of every page land in artifacts/screenshots/ for a human
look at 1280×720. Accessibility: axe-core (tools/axe_scan.py) on every page and
slide type, Tab through the controls with a visible focus, ← / → on the slides.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app_pages import FAKE_HEADING, HOSTILE_STORY_TITLE, hostile_warehouse
from conftest import PROJECT_ROOT
from tools import axe_scan
from tools.browser import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS, VIEWPORT, streamlit_server, visit

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
if not CHROMIUM.exists() and not IN_CI:
    pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed; `apt-get install chromium` to run the "
                "browser tests (in CI they fail instead of skipping)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "VIEWPORT", "assert_no_errors", "screenshot", "streamlit_server", "visit"]

SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
LONGEST_SCREENSHOT_PX = 15_000

# (screenshot name, url after the host, text the page must show; None = any page title)
PAGES = [
    ("overzicht", "/", None),
    ("wijkprofiel", "/wijkprofiel", None),
    ("opgaven", "/opgaven", None),
    ("wijkvergelijking", "/wijkvergelijking", None),
    ("tellen-en-vertellen", "/tellen-en-vertellen", None),
    ("financien", "/financien", "Financiën"),
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
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The pages that show the hostile partner texts (tests/app_pages.hostile_workbook), Smitsveen's among them.
HOSTILE_PAGES = ["/", "/tellen-en-vertellen?opgave=bestaanszekerheid&wijk=WK034205", "/wijkprofiel?wijk=WK034205",
                 "/?presentatie=1&opgave=bestaanszekerheid&dia=3"]


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser") / "streamlit.log"


@pytest.fixture(scope="module")
def server(demo_warehouse, server_log):
    """The dashboard on a private copy of the demo warehouse."""
    warehouse = server_log.parent / "monitor.duckdb"
    shutil.copy2(demo_warehouse, warehouse)
    with streamlit_server(warehouse, server_log) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_server(soest_warehouse, tmp_path_factory):
    """The dashboard on a warehouse with a partner's hostile texts, loaded by the real partner loader."""
    root = tmp_path_factory.mktemp("vijandig")
    with streamlit_server(hostile_warehouse(soest_warehouse, root), root / "streamlit.log") as url:
        yield url


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


@pytest.fixture
def outside_requests(page) -> list[str]:
    """Every request the page makes to a host other than this machine (data: and blob: URLs have no host)."""
    found: list[str] = []
    page.on("request", lambda request: found.append(request.url)
            if urlsplit(request.url).hostname not in LOCAL_HOSTS | {None} else None)
    return found


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
def test_page_renders_without_errors(server, page, outside_requests, name, path, title):
    """…and contacts nothing outside this machine: icons, fonts and the page icon come from the dashboard itself."""
    visit(page, server + path)
    assert_no_errors(page)
    expect(page.get_by_text("Voorbeelddata", exact=False).first).to_be_visible()
    if title:
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(title)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    if "?" in path:  # a deep link keeps its choice in the URL
        assert path.split("?", 1)[1] in page.url
    assert screenshot(page, name).stat().st_size > 10_000  # also waits for the page icon, set after the script
    assert outside_requests == []


@pytest.mark.parametrize(("name", "path"), PRESENTATION, ids=[name for name, _ in PRESENTATION])
def test_presentation_mode_hides_the_sidebar(server, page, outside_requests, name, path):
    visit(page, server + path)
    assert_no_errors(page)
    expect(page.get_by_text("Voorbeelddata", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.get_by_test_id("stSidebarCollapsedControl")).not_to_be_visible()
    assert screenshot(page, name).stat().st_size > 10_000
    assert outside_requests == []


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


# --- nothing outside this machine, no traceback, a partner's text as text ----------------------------------------


def test_the_dashboard_listens_on_this_computer_only(server, server_log):
    """.streamlit/config.toml sets the address: no 'Network URL' that others on the network could open."""
    text = server_log.read_text(errors="replace")
    assert f"URL: {server}" in text and "Network URL" not in text and "External URL" not in text, text


def test_a_malformed_link_value_gives_a_notice_not_a_traceback(server, page):
    visit(page, server + "/?presentatie=1&opgave=bestaanszekerheid&dia=²")
    text = page.get_by_test_id("stApp").inner_text()
    assert "Traceback" not in text and 'File "/' not in text and "ValueError" not in text, text[:2000]
    expect(page.get_by_text("De link vraagt om dia '²'", exact=False)).to_be_visible()
    assert_no_errors(page)


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_partner_markdown_is_shown_as_text(hostile_server, page, outside_requests, path):
    """No link to an outside host, no image from one, no fake heading: the partner's text, word for word."""
    visit(page, hostile_server + path)
    for expander in page.get_by_test_id("stExpander").locator("summary").all():
        expander.click()  # the Overzicht keeps stories in expanders
    page.wait_for_timeout(500)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(HOSTILE_STORY_TITLE).first).to_be_visible()
    links = main.evaluate("element => Array.from(element.querySelectorAll('a[href]'), a => a.href)")
    images = page.evaluate("() => Array.from(document.querySelectorAll('img[src]'), image => image.src)")
    headings = main.evaluate("element => Array.from(element.querySelectorAll('h1, h2, h3, h4, h5, h6'),"
                             " heading => heading.textContent)")
    assert [link for link in links if urlsplit(link).hostname not in LOCAL_HOSTS] == []
    assert [image for image in images if urlsplit(image).hostname not in LOCAL_HOSTS | {None}] == []
    assert not [heading for heading in headings if FAKE_HEADING in heading]
    assert outside_requests == []
    assert_no_errors(page)


# --- accessible: axe-core on every page and slide type, the keyboard ----------------------------------------------


@pytest.mark.parametrize(("name", "path"), axe_scan.VIEWS, ids=[path for _, path in axe_scan.VIEWS])
def test_axe_finds_no_serious_or_critical_violation(server, page, outside_requests, name, path):
    """WCAG 2.1 A/AA and axe's best practices: 0 serious or critical violations (`python -m tools.axe_scan` lists
    them all with their colours). Nothing on these pages and slides contacts a server outside this machine."""
    visit(page, server + path)
    page.wait_for_timeout(300)  # charts draw their svg after the script has finished
    found = axe_scan.violations(page)
    assert outside_requests == []
    assert found == [], axe_scan.report(name, found)


def test_axe_scan_reports_what_it_is_shown(page):
    """The scan itself can fail: grey on white and an image without a text alternative are both named, with colours."""
    page.set_content('<html lang="nl"><head><title>proef</title></head><body><main><h1>Proef</h1>'
                     '<p style="color:#b0b0b0;background:#ffffff">lichtgrijze tekst</p><img src="data:,"></main>'
                     '</body></html>')
    found = {violation.rule: violation for violation in axe_scan.violations(page)}
    assert set(found) == {"color-contrast", "image-alt"}, found
    assert "#b0b0b0 op #ffffff" in found["color-contrast"].detail


FOCUSED = """() => {
    const element = document.activeElement;
    const area = element.closest('[data-testid="stSidebar"]') ? 'sidebar'
               : element.closest('[data-testid="stMain"]') ? 'main' : 'other';
    // a select draws its focus on its frame; a table (a canvas) on the cell it draws, its hidden <td> has no box
    const drawn = element.closest('[data-baseweb="select"]') || element.closest('[data-testid="stDataFrame"]');
    const box = (drawn || element).getBoundingClientRect();
    return {tag: element.tagName, label: element.getAttribute('aria-label') || element.innerText.slice(0, 40), area,
            box: {x: box.x, y: box.y, width: box.width, height: box.height}};
}"""


def _focus_is_visible(page: Page, box: dict) -> bool:
    """The control looks different with keyboard focus than without: an outline, a ring or a changed border."""
    margin = 6  # outlines and focus rings are drawn just outside the element
    clip = {"x": max(box["x"] - margin, 0), "y": max(box["y"] - margin, 0),
            "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("() => document.activeElement.blur()")
    page.wait_for_timeout(100)
    unfocused = page.screenshot(clip=clip, animations="disabled")
    return focused != unfocused


@pytest.mark.parametrize("path", ["/wijkprofiel?wijk=WK034205", "/wijkvergelijking"])
def test_tab_reaches_the_controls_with_a_visible_focus(server, page, path):
    """Tab walks the navigation and the page's own choices, and every stop shows where the focus is."""
    visit(page, server + path)
    seen, invisible = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        page.wait_for_timeout(100)
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY" or focused in seen:
            break  # round the page once
        seen.append(focused)
        # the main area itself takes focus (to scroll it with the arrow keys); it is not a control
        if focused["tag"] != "MAIN" and not _focus_is_visible(page, focused["box"]):
            invisible.append(focused["label"])
        # blur() leaves the browser's starting point for the next Tab on this element
    main_controls = [focused for focused in seen if focused["area"] == "main"]
    assert any(focused["tag"] == "INPUT" for focused in main_controls), seen  # the page's own choices
    assert any(focused["area"] == "sidebar" for focused in seen), seen  # the navigation
    assert invisible == [], f"geen zichtbare focus op: {invisible}"


def test_the_arrow_keys_turn_the_slides(server, page):
    def press(key: str, dia: int) -> None:
        # the keys belong to the Vorige/Volgende buttons: wait until they are drawn and listening
        expect(page.get_by_role("button", name=re.compile("Volgende"))).to_be_visible(timeout=RUN_TIMEOUT_MS)
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"dia={dia}\b"), timeout=RUN_TIMEOUT_MS)
        visit_finished = '[data-testid="stApp"][data-test-script-state="notRunning"]'
        page.wait_for_selector(visit_finished, timeout=RUN_TIMEOUT_MS)

    visit(page, server + "/?presentatie=1&opgave=bestaanszekerheid&dia=2")
    press("ArrowRight", 3)
    press("ArrowLeft", 2)
    press("ArrowLeft", 1)
    assert_no_errors(page)
