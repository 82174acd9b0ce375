"""Dutch everywhere the user reads, in a real browser: lang="nl", Streamlit's own texts in Dutch, and no English
table or chart toolbar past our downloads (app/chrome.py). Pages and slides alike."""

from __future__ import annotations

import pytest

from test_browser import assert_no_errors, browser, page, server, server_log, visit  # noqa: F401 (fixtures)
from tools.browser import RUN_TIMEOUT_MS

from playwright.sync_api import Page, expect  # noqa: E402  (after test_browser: it skips without chromium)

# What Streamlit 1.67 would show or announce in English on these pages without app/chrome.py.
ENGLISH = ["Download as CSV", "Show data", "Download as PNG", "Copy Vega-Lite spec", "Open in Vega Editor",
           "Save as SVG", "Save as PNG", "View Source", "Fullscreen", "Search", "Show/hide columns", "No results",
           "Choose an option", "Choose options", "Link to heading", "Help for", "Remove ", "App pages",
           "Vega visualization", "mark container", " icon"]
# Every text node and every attribute a screen reader or a tooltip reads, of the page as it is now.
READABLE = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: node =>
      node.parentElement && node.parentElement.closest('noscript, script, style') ? NodeFilter.FILTER_REJECT
                                                                                   : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) found.push(walker.currentNode.nodeValue);
  for (const element of document.querySelectorAll('[aria-label], [title], [placeholder], [aria-roledescription]'))
    for (const name of ['aria-label', 'title', 'placeholder', 'aria-roledescription'])
      if (element.getAttribute(name)) found.push(element.getAttribute(name));
  return found;
}"""


def english_on(page: Page) -> list[str]:
    return sorted({text.strip() for text in page.evaluate(READABLE) for phrase in ENGLISH if phrase in text})


def toolbar_buttons_shown(page: Page) -> int:
    return page.locator('[data-testid="stElementToolbar"] button:visible, .vega-embed details:visible').count()


@pytest.mark.parametrize("path", ["/", "/bronnen", "/?presentatie=1", "/?presentatie=1&opgave=bestaanszekerheid&dia=2"])
def test_pages_and_slides_are_dutch_to_the_browser(server, page, path):
    visit(page, server + path)
    expect(page.locator("html")).to_have_attribute("lang", "nl")  # Streamlit serves lang="en"; the script sets nl
    # the script's element is out of the flow: it adds no gap above the page or the slide
    expect(page.locator("script#monitor-dutch-chrome")).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.querySelector('script#monitor-dutch-chrome')"
                         ".closest('[data-testid=stElementContainer]')).display") == "none"
    assert english_on(page) == []
    assert_no_errors(page)


def hover_shows_no_toolbar(page, element) -> None:
    """Hover an element as a user reaching for its toolbar would; Streamlit shows none of its buttons."""
    element.scroll_into_view_if_needed(timeout=RUN_TIMEOUT_MS)
    expect(element).to_be_visible()
    element.hover()
    page.wait_for_timeout(400)
    assert toolbar_buttons_shown(page) == 0


def test_a_table_shows_no_english_toolbar_when_hovered(server, page):
    visit(page, server + "/bronnen")
    hover_shows_no_toolbar(page, page.get_by_test_id("stDataFrame").first)
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    # our own download under the table is still there
    expect(page.get_by_role("button", name="CSV").first).to_be_visible()
    assert english_on(page) == []


def test_a_chart_shows_no_english_toolbar_when_hovered(server, page):
    visit(page, server + "/opgaven")
    chart = page.locator('[data-testid="stVegaLiteChart"]:has(svg, canvas)').first  # a drawn chart
    hover_shows_no_toolbar(page, chart)
    for name in ("Show data", "Download as PNG", "Fullscreen"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    assert english_on(page) == []
    assert_no_errors(page)


def test_a_selectbox_without_a_match_says_so_in_dutch(server, page):
    visit(page, server + "/wijkprofiel")
    choice = page.get_by_test_id("stSelectbox").first
    choice.click()
    page.keyboard.type("qqqxyz")
    expect(page.get_by_text("Geen resultaten")).to_be_visible()
    expect(page.get_by_text("No results")).to_have_count(0)
    page.keyboard.press("Escape")


def test_the_translator_changes_only_streamlits_own_texts_also_those_that_come_later(browser):
    """app/chrome.py's script on a bare page (no server): Streamlit's English becomes Dutch, our text stays."""
    from app import chrome

    page = browser.new_page()
    try:
        page.set_content('<html lang="en"><body><div id="empty">No results</div>'
                         '<input id="choice" placeholder="Choose an option">'
                         '<button id="chip" aria-label="Remove Smitsveen">×</button>'
                         '<span id="icon" aria-label="science icon"></span>'
                         '<p id="ours">Geen resultaten voor Search in Soest</p>'
                         '<div data-testid="stMarkdownContainer"><p id="markdown">Search</p></div>'
                         f"{chrome.chrome_html()}</body></html>")
        assert page.evaluate("document.documentElement.lang") == "nl"
        assert page.inner_text("#empty") == "Geen resultaten"
        assert page.get_attribute("#choice", "placeholder") == "Kies een optie"
        assert page.get_attribute("#chip", "aria-label") == "Smitsveen verwijderen"
        assert page.get_attribute("#icon", "aria-label") is None
        assert page.get_attribute("#icon", "aria-hidden") == "true"
        assert page.inner_text("#ours") == "Geen resultaten voor Search in Soest"
        assert page.inner_text("#markdown") == "Search", "Markdown is ours or a partner's: never translated"
        page.evaluate("""() => {
            const later = document.createElement('div'); later.id = 'later';
            later.textContent = 'You can only select up to 4 options. Remove an option first.';
            document.body.append(later);
            document.getElementById('empty').firstChild.nodeValue = 'Running...';
            document.documentElement.lang = 'en';
        }""")
        expect(page.locator("#later")).to_have_text("U kunt er hoogstens 4 kiezen. Haal er eerst een weg.")
        expect(page.locator("#empty")).to_have_text("Bezig…")
        page.wait_for_function("document.documentElement.lang === 'nl'")
    finally:
        page.close()
