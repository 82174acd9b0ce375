"""The maps on the pages (AppTest on the demo warehouse): a geoshape of the right regions in the right classes,
geheim and ontbreekt patterned and named in the legend, the table, summary, attribution and downloads beside it."""

from __future__ import annotations

import json

import polars as pl
import pyarrow as pa
import pytest

from app import kaart, visual
from app_pages import open_page, page_text, query

WIJKEN = 8
BUURTEN = 34
ATTRIBUTION = "Kadaster / Centraal Bureau voor de Statistiek"


def maps(app) -> list[dict]:
    """The Vega-Lite specs of the maps on the page (a map has the dataset of its regions), with every dataset in
    "datasets": Streamlit sends the flat ones (labels, legend) beside the spec as Arrow tables."""
    found = []
    for element in app.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        datasets = spec.setdefault("datasets", {})
        for named in element.proto.datasets:
            datasets[named.name] = pa.ipc.open_stream(named.data.data).read_all().to_pylist()
        if "kaart_gebieden" in datasets:
            found.append(spec)
    return found


def regions_of(spec: dict) -> dict[str, str]:
    """region code → class on the map."""
    return {feature["region_code"]: feature["klasse"] for feature in spec["datasets"]["kaart_gebieden"]}


def marks(spec: dict) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            if mark is not None and "encoding" in node or isinstance(mark, dict) and "type" in mark:
                found.append(mark if isinstance(mark, str) else mark["type"])
            for key, value in node.items():
                if key not in ("datasets", "config"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def legend(spec: dict) -> dict[str, str]:
    """label → swatch fill of the legend under the map (swatches and labels are drawn in the same order)."""
    return {label["text"]: swatch["fill"] for label, swatch in
            zip(spec["datasets"]["legenda_label"], spec["datasets"]["legenda_vlakken"], strict=True)}


def table_rows(app) -> list[list[str]]:
    """The rows of the table beside the map (the one whose first column is Wijk or Buurt)."""
    for table in app.table:
        frame = table.value
        if list(frame.columns)[:2] in (["Wijk", "Waarde"], ["Buurt", "Waarde"]):
            return frame.astype(str).values.tolist()
    raise AssertionError("no map table on the page")


def test_wijkvergelijking_draws_every_wijk_as_a_geoshape_beside_its_table(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py", indicator="eenzaam", jaar="2024")
    [spec] = maps(app)
    assert "geoshape" in marks(spec)
    wijken = {code for (code,) in query(demo_warehouse, "SELECT region_code FROM region WHERE level = 'wijk'")}
    classes = regions_of(spec)
    assert set(classes) == wijken and len(classes) == WIJKEN
    # eenzaam has a direction: verdicts, in the colours of the tables, and the legend only names what is drawn
    assert set(classes.values()) <= {visual.BETTER.key, visual.WORSE.key, visual.SAME.key}
    assert classes["WK034205"] == visual.WORSE.key  # Smitsveen: more lonely than Soest, outside the margin
    verdict_fills = {visual.BETTER.key: visual.BETTER.fill, visual.WORSE.key: visual.WORSE.fill,
                     visual.SAME.key: visual.SAME.fill}
    assert set(legend(spec).values()) == {verdict_fills[klasse] for klasse in set(classes.values())}
    rows = table_rows(app)
    assert rows[0][0] == "Soest (gemeente)" and len(rows) == WIJKEN + 1
    assert any(row[0] == "Smitsveen" and row[2].startswith(visual.WORSE.symbol) for row in rows)
    text = page_text(app)
    assert "Kaart van Eenzaam per wijk in 2024 (grenzen 2024)" in text
    assert f"Kaart: {ATTRIBUTION}, 2024 — {kaart.DEMO_SHAPES_NOTE}." in text
    assert "url" not in json.dumps(spec)  # no tiles, nothing from outside: every shape is inline


def map_with(warehouse, monkeypatch, indicator: str, year: int, status: str):
    """(the Wijkvergelijking on this indicator and year, its map, the wijken whose figure has this status)."""
    app = open_page(warehouse, monkeypatch, "views/wijkvergelijking.py", indicator=indicator, jaar=str(year))
    [spec] = maps(app)
    wijken = {code for (code,) in query(
        warehouse, "SELECT region_code FROM observation WHERE indicator_code = ? AND year = ? AND status = ?"
                   " AND region_code LIKE 'WK%'", [indicator, year, status])}
    return app, spec, wijken


def test_geheim_is_hatched_and_named_in_the_legend_never_a_value_colour(demo_warehouse, monkeypatch):
    app, spec, secret = map_with(demo_warehouse, monkeypatch, "aanvragen_leergeld", 2023, kaart.GEHEIM)
    assert secret and {code for code, klasse in regions_of(spec).items() if klasse == kaart.GEHEIM} == secret
    assert {feature["region_code"] for feature in spec["datasets"][f"kaart_{kaart.GEHEIM}"]} == secret
    assert spec["datasets"]["legenda_geheim"], "the legend's geheim swatch carries the same hatch"
    entries = legend(spec)
    [secret_label] = [label for label in entries if label.startswith("geheim")]
    # a count has no verdict: value classes in purple, never blue or orange; geheim is not one of them
    value_fills = {fill for label, fill in entries.items() if label != secret_label}
    assert value_fills <= set(visual.MAP_CLASSES) and entries[secret_label] not in visual.MAP_CLASSES


def test_a_figure_before_the_first_loaded_boundaries_is_drawn_on_the_nearest_and_says_so(demo_warehouse, monkeypatch):
    """KIS startkwalificatie 2018: boundaries are loaded from 2022; one wijk has no figure (ontbreekt, dotted)."""
    app, spec, missing = map_with(demo_warehouse, monkeypatch, "startkwalificatie", 2018, kaart.ONTBREEKT)
    assert missing and {c for c, k in regions_of(spec).items() if k == kaart.ONTBREEKT} == missing
    assert {feature["region_code"] for feature in spec["datasets"][f"kaart_{kaart.ONTBREEKT}"]} == missing
    assert spec["datasets"]["legenda_ontbreekt"]
    text = page_text(app)
    assert "Getekend op de grenzen van 2022" in text
    assert f"{ATTRIBUTION}, 2022" in text


def test_buurten_where_the_figures_exist(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py", indicator="eenzaam", jaar="2024")
    app.radio(key="wijkvergelijking_niveau").set_value("buurt").run()
    [spec] = maps(app)
    assert len(regions_of(spec)) == BUURTEN and all(code.startswith("BU") for code in regions_of(spec))
    assert table_rows(app)[0][0] == "Soest (gemeente)" and len(table_rows(app)) == BUURTEN + 1


def test_pointing_out_a_wijk_outlines_it_and_writes_its_figure(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py", indicator="eenzaam", jaar="2024")
    app.selectbox(key="wijkvergelijking_aanwijzen").select("WK034205").run()
    [spec] = maps(app)
    outlined = json.dumps(spec)
    assert '"oneOf": ["WK034205"]' in outlined
    assert any(m.value.startswith("**Smitsveen**: ") and visual.WORSE.symbol in m.value for m in app.markdown)


def test_wijkprofiel_outlines_its_wijk_among_the_others(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkprofiel.py", wijk="WK034205")
    [spec] = maps(app)
    assert len(regions_of(spec)) == WIJKEN
    assert '"oneOf": ["WK034205"]' in json.dumps(spec)
    assert "Smitsveen, dik omlijnd, tussen de andere wijken van Soest" in page_text(app)


def test_opgaven_has_a_map_of_its_indicators(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/opgaven.py", opgave="weerbaarheid")
    [spec] = maps(app)
    assert len(regions_of(spec)) == WIJKEN
    assert "De wijken op de kaart" in page_text(app)


def test_map_slide_fits_the_ranking_slides_indicator(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, None, presentatie="1", opgave="bestaanszekerheid", dia="5")
    assert app.title[0].value == "Bestaanszekerheid: de wijken op de kaart"
    [spec] = maps(app)
    assert len(regions_of(spec)) == WIJKEN
    rows = table_rows(app)
    assert len(rows) == WIJKEN + 1 and len(rows[0]) == 3  # compact: no year column, the heading says it


def test_map_download_has_the_colour_and_the_boundary_year(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py", indicator="startkwalificatie",
                    jaar="2018")
    assert maps(app)
    frame = pl.read_csv(downloads.by_name("soest_wijkvergelijking-startkwalificatie-kaart_2018.csv")(),
                        separator=";", infer_schema=False)
    assert {"kaartkleur", "grenzen_jaar"} <= set(frame.columns)
    assert set(frame["grenzen_jaar"].drop_nulls()) == {"2022"}


@pytest.mark.parametrize("page, params", [("views/wijkvergelijking.py", {}), ("views/wijkprofiel.py", {}),
                                          ("views/opgaven.py", {"opgave": "bestaanszekerheid"})])
def test_without_boundaries_the_page_says_how_to_load_them(warehouse, monkeypatch, page, params):
    """The Soest warehouse of the tests has real KWB figures but no shapes loaded: no map, the reason and the command."""
    app = open_page(warehouse, monkeypatch, page, **params)
    assert not maps(app)
    assert "python -m pipelines geo" in page_text(app)
