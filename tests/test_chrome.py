"""app/chrome.py: Dutch browser chrome on every page and slide, and Streamlit's own data export switched off.

The script itself is run in a real browser in tests/test_browser_dutch.py."""

from __future__ import annotations

import tomllib

import pytest

from app import chrome
from app_pages import markdown_sent, open_page
from conftest import PROJECT_ROOT


def test_the_chrome_sets_dutch_and_hides_the_element_toolbars():
    html = chrome.chrome_html()
    assert 'root.lang = "nl"' in html
    assert '[data-testid="stElementToolbar"] { display: none !important; }' in html
    assert "vega-actions" in html
    assert html.count("<script") == 1 and html.count("</script>") == 1, "no word can end the script early"


def test_every_word_is_translated_to_dutch_text_that_differs():
    assert all(dutch and dutch != english for english, dutch in chrome.ENGLISH_TO_DUTCH.items())
    assert {"No results", "Choose an option", "Running...", "Show data", "Download as CSV"} <= set(
        chrome.ENGLISH_TO_DUTCH)


def test_streamlit_itself_exports_no_table_and_links_to_no_search_engine():
    client = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["disableDataExport"] is True
    assert client["showErrorLinks"] is False


@pytest.mark.parametrize("params", [{}, {"presentatie": "1"}, {"presentatie": "1", "opgave": "bestaanszekerheid",
                                                                 "dia": "2"}])
def test_pages_and_slides_send_the_dutch_chrome_once(demo_warehouse, monkeypatch, params):
    app = open_page(demo_warehouse, monkeypatch, **params)
    assert sum("monitor-dutch-chrome" in text for text in markdown_sent(app)) == 1
