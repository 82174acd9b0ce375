"""The presentation on a beamer: every slide fits 1280×720 and 1920×1080 without scrolling, in a real browser.

One browser context per screen size walks through the whole presentation with the Volgende button (every slide of
every opgave, then every wijk slide), and on each slide checks that nothing lies outside the screen, that the
demo mark is visible, and that the page shows no error. Screenshots land in artifacts/screenshots/dia-*.png for a
human look. The chart text must grow with the screen: a raadslid at the back reads it on the larger beamer too.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import PROJECT_ROOT
from test_browser import assert_no_errors, browser, server, server_log, visit  # noqa: F401

SIZES = [(1280, 720), (1920, 1080)]
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
OPGAVEN = ["leefstijl", "bestaanszekerheid", "weerbaarheid", "kansengelijkheid", "meedoen"]
SLIDES_PER_OPGAVE = 5
FIRST_WIJK = "WK034201"  # Boerenstreek, the first wijk of the demo gemeente
WIJKEN_IN_DEMO = 8
RUN_TIMEOUT_MS = 30_000

# Everything with a data-testid that is drawn (has a size) must lie inside the viewport; the main container must
# not scroll. Returns what sticks out, and the height of the first chart's axis labels (its text size on screen).
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const outside = [];
  for (const element of document.querySelectorAll('[data-testid]')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.top < -1 || box.left < -1 || box.bottom > innerHeight + 1 || box.right > innerWidth + 1) {
      outside.push(`${element.dataset.testid} ${Math.round(box.left)},${Math.round(box.top)}`
                   + `–${Math.round(box.right)},${Math.round(box.bottom)}`);
    }
  }
  const label = document.querySelector('[data-testid="stVegaLiteChart"] svg .role-axis-label text');
  return {scrolls: main.scrollHeight > main.clientHeight + 1, scrollHeight: main.scrollHeight,
          clientHeight: main.clientHeight, outside: outside.slice(0, 10),
          chartText: label ? label.getBoundingClientRect().height : null};
}"""


def _settled(page: Page) -> None:
    """The rerun has finished and the charts are drawn (Vega renders after the script is done)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=RUN_TIMEOUT_MS)
    # Streamlit shows a skeleton while it loads the chart library, then Vega draws the SVG.
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]')
                 && Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
                         .every(chart => chart.querySelector('svg.marks, canvas.marks'))""", timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(150)  # the scaled charts take their final height after layout


def _next(page: Page, expected_url_part: str) -> None:
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**{expected_url_part}*", timeout=RUN_TIMEOUT_MS)
    _settled(page)


def _check_slide(page: Page, name: str, width: int, height: int) -> float | None:
    assert_no_errors(page)
    measured = page.evaluate(MEASURE)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
    assert not measured["scrolls"], f"{name} at {width}×{height} scrolls: {measured}"
    assert not measured["outside"], f"{name} at {width}×{height}: outside the screen: {measured['outside']}"
    mark = page.get_by_text("Voorbeelddata", exact=False).first
    expect(mark).to_be_visible()
    box = mark.bounding_box()
    assert box and box["y"] + box["height"] <= height and box["x"] >= 0, f"{name}: demo mark off screen {box}"
    return measured["chartText"]


@pytest.fixture(scope="module")
def walked(server, browser):  # noqa: F811
    """Every slide at both sizes: {(name, width): height of its chart axis text or None}."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart_text: dict[tuple[str, int], float | None] = {}
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        page = context.new_page()
        try:
            visit(page, f"{server}/?presentatie=1&opgave={OPGAVEN[0]}&dia=1")
            _settled(page)
            for index, opgave in enumerate(OPGAVEN):
                for dia in range(1, SLIDES_PER_OPGAVE + 1):
                    if index or dia > 1:
                        _next(page, f"opgave={opgave}&dia={dia}")
                    name = f"dia-{opgave}-{dia}"
                    chart_text[(name, width)] = _check_slide(page, name, width, height)
            expect(page.get_by_role("button", name="Volgende")).to_be_disabled()  # the last slide of the last opgave
            visit(page, f"{server}/?presentatie=1&wijk={FIRST_WIJK}")  # a link with only a wijk opens its slide
            _settled(page)
            wijk = FIRST_WIJK
            while True:
                name = f"dia-wijk-{wijk}"
                chart_text[(name, width)] = _check_slide(page, name, width, height)
                if page.get_by_role("button", name="Volgende").is_disabled():
                    break
                page.get_by_role("button", name="Volgende").click()
                page.wait_for_function(f"() => !location.search.includes('wijk={wijk}')", timeout=RUN_TIMEOUT_MS)
                _settled(page)
                wijk = parse_qs(urlsplit(page.url).query)["wijk"][0]
        finally:
            context.close()
    return chart_text


def test_every_slide_fits_the_screen_at_both_sizes_with_the_demo_mark(walked):
    slides = {name for name, _ in walked}
    assert len(slides) == len(OPGAVEN) * SLIDES_PER_OPGAVE + WIJKEN_IN_DEMO
    for name in slides:
        for width, height in SIZES:
            assert (SCREENSHOTS / f"{name}-{width}x{height}.png").stat().st_size > 10_000


def test_chart_text_grows_with_the_screen(walked):
    """The axis labels of every chart slide are about 1,5 × as large at 1920×1080 as at 1280×720, like the body
    text: drawn at a fixed design size and scaled, not redrawn wider with the same small letters."""
    with_charts = [name for (name, width), size in walked.items() if width == 1280 and size]
    assert len(with_charts) >= 2 * len(OPGAVEN)  # the kernindicatoren and wijken vergeleken slides
    for name in with_charts:
        small, large = walked[(name, 1280)], walked[(name, 1920)]
        assert large >= 1.35 * small, f"{name}: chart text {small:.1f}px at 1280, {large:.1f}px at 1920"
        assert small >= 13, f"{name}: chart text {small:.1f}px at 1280×720 is too small for a raadzaal"


def test_the_focus_on_vorige_and_volgende_is_visible_on_a_beamer(server, browser):  # noqa: F811
    """← and → are tested in tests/test_browser.py (test_the_arrow_keys_turn_the_slides)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    page = context.new_page()
    try:
        visit(page, f"{server}/?presentatie=1&opgave=weerbaarheid&dia=1")
        _settled(page)
        # Tab reaches Vorige and Volgende first (they come before the slide), with a focus ring a beamer shows.
        focused = []
        for _ in range(4):
            page.keyboard.press("Tab")
            focused.append(page.evaluate("""() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {text: element.innerText || '', outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""))
        volgende = next(item for item in focused if "Volgende" in item["text"])
        assert volgende["outline"] != "none" and volgende["width"] >= 2, focused
    finally:
        context.close()
