"""Every page, and every slide, on a warehouse that holds little: no traceback, a plain message instead.

An analyst's first real load is one CBS year (no GGD, partners or KIS yet); a
fresh warehouse holds only the schema and the configuration. Both must give
pages that say what is missing, never an exception. The maps too: the shapes of
the Wijk- en Buurtkaart may be loaded beside one CBS year of another edition, or
with no figure at all.
"""

from __future__ import annotations

import shutil

import pytest

from pipelines.__main__ import main as pipelines_main

from app_pages import is_map, open_page, page_text
from conftest import CONFIG_FILE, copy_demo_editions

PAGES = ["views/overzicht.py", "views/wijkprofiel.py", "views/opgaven.py", "views/wijkvergelijking.py",
         "views/tellen_en_vertellen.py", "views/financien.py", "views/bronnen.py", "views/presentatie.py"]
SLIDES = [{"presentatie": "1", "opgave": "bestaanszekerheid", "dia": str(dia)} for dia in range(1, 6)]


@pytest.fixture(scope="module")
def schema_only(tmp_path_factory):
    """A warehouse as `python -m pipelines status` creates it: schema and configuration, not one figure."""
    warehouse = tmp_path_factory.mktemp("leeg") / "monitor.duckdb"
    assert pipelines_main(["status", "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]) == 0
    return warehouse


def with_shapes(warehouse, directory, year: int):
    """The warehouse with the shapes of one edition of the Wijk- en Buurtkaart loaded (the demo's, as real)."""
    raw = copy_demo_editions(directory / "raw" / "geo")
    assert pipelines_main(["geo", "--offline", "--years", str(year), "--raw-dir", str(raw), "--warehouse",
                           str(warehouse), "--config", str(CONFIG_FILE)]) == 0
    return warehouse


@pytest.fixture(scope="module")
def one_year_and_shapes(soest_warehouse, tmp_path_factory):
    """One CBS year (2024) and the shapes of another edition (2022): maps drawn on the nearest boundaries."""
    directory = tmp_path_factory.mktemp("een_jaar_kaart")
    return with_shapes(shutil.copy2(soest_warehouse, directory / "monitor.duckdb"), directory, 2022)


@pytest.fixture(scope="module")
def shapes_only(schema_only, tmp_path_factory):
    """Shapes loaded, not one figure: nothing to put on a map."""
    directory = tmp_path_factory.mktemp("alleen_kaart")
    return with_shapes(shutil.copy2(schema_only, directory / "monitor.duckdb"), directory, 2024)


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


MAP_PAGES = ["views/wijkprofiel.py", "views/wijkvergelijking.py", "views/opgaven.py"]


@pytest.mark.parametrize("page", MAP_PAGES)
def test_map_on_one_cbs_year_drawn_on_other_boundaries(one_year_and_shapes, monkeypatch, page):
    app = open_page(one_year_and_shapes, monkeypatch, page, **({"opgave": "bestaanszekerheid"}
                                                                 if page == "views/opgaven.py" else {}))
    assert [c for c in app.get("vega_lite_chart") if is_map(c)], "the 2024 figures on the 2022 boundaries"
    assert "Getekend op de grenzen van 2022: grenzen van 2024 zijn niet geladen." in page_text(app)


@pytest.mark.parametrize("page", MAP_PAGES)
def test_map_page_with_shapes_but_no_figures(shapes_only, monkeypatch, page):
    app = open_page(shapes_only, monkeypatch, page)
    assert app.title and not [c for c in app.get("vega_lite_chart") if is_map(c)]


@pytest.mark.parametrize("slide", SLIDES, ids=lambda slide: f"dia{slide['dia']}")
@pytest.mark.parametrize("sparse", ["one_year_and_shapes", "shapes_only"])
def test_slides_on_a_sparse_warehouse_with_shapes(request, monkeypatch, sparse, slide):
    app = open_page(request.getfixturevalue(sparse), monkeypatch, None, **slide)
    assert app.title
    on_map = [c for c in app.get("vega_lite_chart") if is_map(c)]
    # The fifth slide is the map: drawn when there are wijk figures (CBS 2024: Personen in armoede), else not.
    assert bool(on_map) == (sparse == "one_year_and_shapes" and slide["dia"] == "5")
