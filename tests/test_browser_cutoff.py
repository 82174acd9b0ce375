"""Nothing cut off on the Overzicht, the Wijkprofiel and Tellen en vertellen at 1280×720 and 1920×1080, in a browser.

A tile's delta used to end in '(binnen d…' (on Tellen en vertellen, whose wijk tiles are narrowest: '… sin…') and
the Kerncijfers grid cut indicator names, intervals and statuses at its column width; both are only visible in a
browser (AppTest has no layout).
"""

from __future__ import annotations

import pytest

# Debian's chromium, the dashboard on a private copy of the demo warehouse, and the module-level skip (only without
# chromium outside CI; in CI the browser tests fail instead) all come from tests/test_browser.py.
from test_browser import browser, server, server_log, visit  # noqa: F401 (fixtures)

# Text the browser shortens with an ellipsis, and tables wider than their place (a horizontal scroll bar).
CUT_OFF = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const cut = [];
    for (const element of main.querySelectorAll('*')) {
        const style = getComputedStyle(element);
        if (style.textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth + 1
                && element.offsetParent !== null) {
            cut.push('ellipsis: ' + element.innerText.slice(0, 60));
        }
    }
    for (const table of main.querySelectorAll('[data-testid="stTable"]')) {
        for (const element of [table, ...table.querySelectorAll('div')]) {
            if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') {
                cut.push('table wider than its place: ' + table.innerText.slice(0, 40));
                break;
            }
        }
    }
    return cut;
}"""


@pytest.mark.parametrize("viewport", [(1280, 720), (1920, 1080)], ids=["1280", "1920"])
@pytest.mark.parametrize("path", ["/", "/wijkprofiel?wijk=WK034205", "/wijkprofiel?wijk=GM0342",
                                  # narrow tiles (two per half page): '-0,2 per 1.000 inwoners sinds 2023'
                                  "/tellen-en-vertellen?opgave=bestaanszekerheid&wijk=WK034205"],
                         ids=["overzicht", "wijkprofiel", "heel-soest", "tellen-en-vertellen"])
def test_nothing_is_cut_off(server, browser, path, viewport):
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
    try:
        visit(page, server + path)
        page.wait_for_timeout(500)
        assert page.evaluate(CUT_OFF) == []
        if path == "/":
            # The qualifier of a change between estimates is whole, on its own line.
            assert page.get_by_text("Verandering binnen de marge: mogelijk toeval").count() > 0
    finally:
        page.close()
