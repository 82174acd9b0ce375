"""Every page, and every slide, on a warehouse that holds little: no traceback, a plain message instead.

An analyst's first real load is one CBS year (no GGD, partners or KIS yet); a
fresh warehouse holds only the schema and the configuration. Both must give
pages that say what is missing, never an exception.
"""

from __future__ import annotations

import pytest

from pipelines.__main__ import main as pipelines_main

from app_pages import open_page
from conftest import CONFIG_FILE

PAGES = ["views/overzicht.py", "views/wijkprofiel.py", "views/opgaven.py", "views/wijkvergelijking.py",
         "views/tellen_en_vertellen.py", "views/financien.py", "views/bronnen.py", "views/presentatie.py"]
SLIDES = [{"presentatie": "1", "opgave": "bestaanszekerheid", "dia": str(dia)} for dia in range(1, 6)]


@pytest.fixture(scope="module")
def schema_only(tmp_path_factory):
    """A warehouse as `python -m pipelines status` creates it: schema and configuration, not one figure."""
    warehouse = tmp_path_factory.mktemp("leeg") / "monitor.duckdb"
    assert pipelines_main(["status", "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]) == 0
    return warehouse


@pytest.mark.parametrize("page", PAGES)
def test_page_on_one_cbs_year_only(warehouse, monkeypatch, page):
    app = open_page(warehouse, monkeypatch, page)
    assert app.title, "the page still has its title"


@pytest.mark.parametrize("page", PAGES)
def test_page_on_a_warehouse_without_figures(schema_only, monkeypatch, page):
    app = open_page(schema_only, monkeypatch, page)
    assert app.title


@pytest.mark.parametrize("slide", SLIDES, ids=lambda slide: f"dia{slide['dia']}")
def test_slides_on_a_warehouse_without_figures(schema_only, monkeypatch, slide):
    app = open_page(schema_only, monkeypatch, None, **slide)
    assert app.title
