"""The maps in a real browser: drawn from inline data only (no tiles, no request leaves this machine), a click on a
wijk points it out, and a screenshot of every map for a human look (artifacts/screenshots/kaart-*.png)."""

from __future__ import annotations

import pytest

from conftest import PROJECT_ROOT
from test_browser import assert_no_errors, browser, page, outside_requests, server, server_log, visit  # noqa: F401

from playwright.sync_api import expect  # noqa: E402  (after test_browser, which skips without chromium)

SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
# (screenshot name, url after the host): every page with a map, and the map slide at both beamer sizes
MAPS = [
    ("kaart-wijkprofiel", "/wijkprofiel?wijk=WK034205", (1280, 720)),
    ("kaart-wijkvergelijking", "/wijkvergelijking?indicator=eenzaam&jaar=2024", (1280, 720)),
    ("kaart-wijkvergelijking-geheim", "/wijkvergelijking?indicator=aanvragen_leergeld&jaar=2023", (1280, 720)),
    ("kaart-wijkvergelijking-ontbreekt", "/wijkvergelijking?indicator=startkwalificatie&jaar=2018", (1280, 720)),
    ("kaart-opgaven", "/opgaven?opgave=bestaanszekerheid", (1280, 720)),
    ("kaart-dia-1280x720", "/?presentatie=1&opgave=bestaanszekerheid&dia=5", (1280, 720)),
    ("kaart-dia-1920x1080", "/?presentatie=1&opgave=weerbaarheid&dia=5", (1920, 1080)),
]


def the_map(page):
    """The map's chart: the Vega-Lite chart that carries the attribution CBS requires."""
    return page.get_by_test_id("stVegaLiteChart").filter(has_text="Kadaster / Centraal Bureau voor de Statistiek")


@pytest.mark.parametrize(("name", "path", "size"), MAPS, ids=[name for name, _, _ in MAPS])
def test_every_map_is_drawn_from_inline_data(server, page, outside_requests, name, path, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    visit(page, server + path)
    assert_no_errors(page)
    chart = the_map(page).first
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".mark-shape path").first).to_be_visible()
    expect(chart).to_contain_text("kaart: vereenvoudigde voorbeeldvormen (fictief)")
    # the table beside the map: the gemeente first, then the regions
    expect(page.get_by_test_id("stTable").filter(has_text="Soest (gemeente)").first).to_be_visible()
    page.wait_for_timeout(300)  # let the labels settle
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if "dia" in name:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    else:
        chart.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
    assert outside_requests == []


def test_a_click_on_a_wijk_points_it_out(server, page):
    visit(page, server + "/wijkvergelijking?indicator=eenzaam&jaar=2024")
    chart = the_map(page).first
    chart.scroll_into_view_if_needed()
    label = chart.locator("text", has_text="Smitsveen").first
    box = label.bounding_box()
    # just below the name: inside the wijk's shape, on the shape itself (the label does not take the click)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 12)
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Smitsveen: 51,0%").first).to_be_visible()
    # the list beside it (the keyboard path to the same choice) follows the click
    expect(page.get_by_role("combobox", name="Aanwijzen op de kaart (of klik op een wijk)")).to_have_value("Smitsveen")
    assert_no_errors(page)
