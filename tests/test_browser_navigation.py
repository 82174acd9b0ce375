"""Back and Forward in a real browser, and choices that follow the user from page to page (app.selection).

Streamlit adds a history entry for every change of the URL; app.selection keeps one per user action and lets
a URL it did not write (Back, Forward, a link) decide. Only a browser shows both: AppTest has no history.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from test_browser import assert_no_errors, browser, page, server, server_log, visit  # noqa: F401 (fixtures)
from tools.browser import RUN_TIMEOUT_MS, wait_until_drawn


def title(page: Page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()


def choose(page: Page, box: str, option: str) -> None:
    """Pick an option in the selectbox with this label (then wait with shows: the page runs again)."""
    page.get_by_test_id("stSelectbox").filter(has_text=box).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def shows(page: Page, path: str, heading: str) -> None:
    """The browser is at this page with these choices in its URL, and the page on screen says so."""
    expect(page).to_have_url(re.compile(re.escape(path) + "$"), timeout=RUN_TIMEOUT_MS)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(heading, timeout=RUN_TIMEOUT_MS)
    wait_until_drawn(page)


def test_back_and_forward_return_to_the_previous_wijk_and_page(server, page):
    visit(page, server + "/wijkprofiel?wijk=WK034201")
    entries = page.evaluate("history.length")
    choose(page, "Wijk", "Smitsveen")
    shows(page, "/wijkprofiel?wijk=WK034205", "Wijkprofiel Smitsveen")
    choose(page, "Wijk", "Soesterberg")
    shows(page, "/wijkprofiel?wijk=WK034207", "Wijkprofiel Soesterberg")
    assert page.evaluate("history.length") == entries + 2, "one history entry per choice"

    page.go_back()
    shows(page, "/wijkprofiel?wijk=WK034205", "Wijkprofiel Smitsveen")
    page.go_back()
    shows(page, "/wijkprofiel?wijk=WK034201", "Wijkprofiel Boerenstreek")
    page.go_forward()
    shows(page, "/wijkprofiel?wijk=WK034205", "Wijkprofiel Smitsveen")

    # Another page, which writes its three choices into the URL when it opens: one entry, and Back leaves it.
    page.get_by_test_id("stSidebarNav").get_by_text("Tellen en vertellen").click()
    shows(page, "/tellen-en-vertellen?opgave=leefstijl&wijk=WK034205&jaar=alle", "Tellen en vertellen")
    page.go_back()
    shows(page, "/wijkprofiel?wijk=WK034205", "Wijkprofiel Smitsveen")
    page.go_forward()
    shows(page, "/tellen-en-vertellen?opgave=leefstijl&wijk=WK034205&jaar=alle", "Tellen en vertellen")
    assert_no_errors(page)


def test_wijken_chosen_on_wijkvergelijking_follow_to_opgaven_and_wijkprofiel(server, page):
    visit(page, server + "/wijkvergelijking?wijken=WK034207,WK034203")
    page.get_by_test_id("stSidebarNav").get_by_text("Opgaven").click()
    expect(page).to_have_url(re.compile(r"/opgaven\?.*wijken=WK034207%2CWK034203"), timeout=RUN_TIMEOUT_MS)
    wait_until_drawn(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Wijkprofiel").click()
    shows(page, "/wijkprofiel?wijk=WK034207", "Wijkprofiel Soesterberg")
    assert_no_errors(page)
