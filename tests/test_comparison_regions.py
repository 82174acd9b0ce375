"""Comparison regions: the provincie, referentiegemeenten and vergelijkbare gemeenten beside Nederland.

Loaded through the real loaders from the real snapshot layouts (tests/statline_server.py serving
tests/statline_recordings.py: Soest and Utrecht GM0344 with its wijk and buurten), summarised by
app.comparison, and shown by the pages on the demo warehouse.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

import statline_recordings as rec
from conftest import CONFIG_FILE
from pipelines import comparison as similar_method
from pipelines import refresh
from pipelines.__main__ import main as pipelines_main
from pipelines.download import RetryPolicy
from pipelines.region_index import RegionIndex, UnknownRegion
from statline_server import statline_server  # noqa: F401 (fixture)
from warehouse import queries


@pytest.fixture
def server(statline_server):
    statline_server.page_size = 50
    rec.serve_all(statline_server)
    return statline_server


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=2, first_pause=0.01, request_timeout=1.0, budget=10))


def config_with_comparison(tmp_path: Path, block: str) -> Path:
    """The real config with its [vergelijking] (if any) replaced by `block`."""
    text = CONFIG_FILE.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[vergelijking\]\n.*?(?=^\[)", "", text)
    path = tmp_path / "vergelijking.toml"
    path.write_text(text.replace("[privacy]\n", block + "\n[privacy]\n", 1), encoding="utf-8")
    return path


def load(command: str, server, tmp_path: Path, config: Path, *extra: str) -> Path:
    warehouse = tmp_path / "monitor.duckdb"
    args = [command, "--warehouse", str(warehouse), "--config", str(config), "--raw-dir", str(tmp_path / "raw" / command),
            "--catalog-url", server.catalog_url, "--http", *extra]
    assert pipelines_main(args) == 0
    return warehouse


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


REFERENCE = '[vergelijking]\nprovincie = "PV26"\nreferentiegemeenten = ["GM0344"]\n'


def test_a_referentiegemeente_is_loaded_from_the_same_tables_but_never_its_wijken(server, tmp_path):
    warehouse = load("cbs", server, tmp_path, config_with_comparison(tmp_path, REFERENCE), "--years", "2022-2024")
    assert rows(warehouse, "SELECT value FROM observation WHERE indicator_code = 'inwoners' AND region_code = 'GM0344'"
                           " AND year = 2023") == [(rec.EXPECTED[("AantalInwoners", "GM0344", 2023)],)]
    assert rows(warehouse, "SELECT DISTINCT year FROM observation WHERE region_code = 'GM0344' AND value IS NOT NULL"
                           " ORDER BY year") == [(2022,), (2023,), (2024,)]
    assert rows(warehouse, "SELECT name, level, parent_code, gemeente_code FROM region WHERE region_code = 'GM0344'") == \
        [("Utrecht", "gemeente", "NL00", "GM0344")]
    # Utrecht's wijk and buurten were in the table (the server ignores $filter): still never loaded.
    assert rows(warehouse, "SELECT count(*) FROM observation WHERE region_code SIMILAR TO '(WK|BU)0344.*'") == [(0,)]
    assert rows(warehouse, "SELECT count(*) FROM region WHERE region_code SIMILAR TO '(WK|BU)0344.*'") == [(0,)]
    # The coverage still counts the monitor's own gemeente only, and says the provincie is not in this table.
    assert rows(warehouse, "SELECT DISTINCT regions_with_value FROM coverage WHERE region_level = 'gemeente'"
                           " AND indicator_code = 'inwoners'") == [(1,)]
    detail = rows(warehouse, "SELECT DISTINCT state, detail FROM coverage WHERE region_level = 'provincie'"
                             " AND year = 2023")
    assert detail == [("geen_waarde", "tabel 85618NED publiceert geen cijfers voor provincies (PV26); vergelijk hier "
                                      "met Nederland of met referentiegemeenten")]


def test_a_partner_or_kis_file_still_cannot_name_the_referentiegemeente_or_its_wijken(server, tmp_path):
    warehouse = load("cbs", server, tmp_path, config_with_comparison(tmp_path, REFERENCE), "--years", "2023")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        index = RegionIndex.from_regions(queries.regions(con), "GM0342")
    assert index.match("Boerenstreek") == "WK034201"
    for text in ("GM0344", "Utrecht", "WK034401"):
        with pytest.raises(UnknownRegion):
            index.match(text)


def test_the_ggd_and_gmsd_tables_keep_the_referentiegemeente_too(server, tmp_path):
    config = config_with_comparison(tmp_path, REFERENCE)
    warehouse = load("gmsd", server, tmp_path, config, "--years", "2023")
    assert rows(warehouse, "SELECT count(*) FROM observation WHERE region_code = 'GM0344' AND value IS NOT NULL")[0][0] > 0
    assert rows(warehouse, "SELECT count(*) FROM observation WHERE region_code = 'WK034401'") == [(0,)]


SIMILAR = ('[vergelijking]\nvergelijkbaar = { aantal = 3, kenmerken = ["inwoners", "aandeel_65plus"] }\n')


def test_vergelijkbare_gemeenten_are_computed_at_load_time_and_only_they_are_kept(server, tmp_path):
    warehouse = load("cbs", server, tmp_path, config_with_comparison(tmp_path, SIMILAR), "--years", "2022-2024")
    # The recordings hold two gemeenten: the only other one is the nearest, found in the latest year.
    found = rows(warehouse, "SELECT region_code, role, sort_order, method FROM comparison_region WHERE role = 'vergelijkbaar'")
    assert [row[:3] for row in found] == [("GM0344", "vergelijkbaar", 1)]
    assert "z-score" in found[0][3] and "euclidische afstand" in found[0][3] and "2024" in found[0][3]
    assert rows(warehouse, "SELECT count(*) FROM observation WHERE region_code = 'GM0344'")[0][0] > 0


def test_the_nearest_gemeenten_by_z_scores_and_euclidean_distance():
    # inwoners: mean 30 000, sd 14 142; share 65+: mean 20, sd 7.07 (population sd over the four complete ones)
    figures = pl.DataFrame({
        "region_code": ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"],
        "inwoners": [10_000.0, 30_000.0, 50_000.0, 30_000.0, None],
        "ouderen": [20.0, 10.0, 20.0, 30.0, 20.0],
    })
    nearest = similar_method.nearest(figures, "GM0002", ["inwoners", "ouderen"], 2)
    # z(GM0002) = (0, -1.41); GM0001 (-1.41, 0) and GM0003 (1.41, 0) are 2.0 away, GM0004 (0, 1.41) 2.83;
    # GM0005 lacks a figure and takes no part; ties go to the lowest code.
    assert nearest["region_code"].to_list() == ["GM0001", "GM0003"]
    assert nearest["distance"].to_list() == pytest.approx([2.0, 2.0])
    assert similar_method.nearest(figures, "GM0005", ["inwoners", "ouderen"], 2).is_empty()
    # A kenmerk on which every gemeente is equal weighs nothing (no division by zero).
    flat = figures.with_columns(pl.lit(5.0).alias("ouderen"))
    assert similar_method.nearest(flat, "GM0002", ["inwoners", "ouderen"], 1)["region_code"].to_list() == ["GM0004"]


# --- median and spread (app.comparison) --------------------------------------------------------------------


def _figures(rows: list[tuple]) -> pl.DataFrame:
    """Observation rows (the data.observations shape, trimmed) from (indicator, region, year, value, status)."""
    return pl.DataFrame(
        [{"indicator_code": i, "title": "Laag inkomen", "unit": "%", "decimals": 1, "higher_is_better": False,
          "opgave_code": "bestaanszekerheid", "region_code": r, "region_name": r, "region_level": "gemeente",
          "year": y, "period": "jaar", "breakdown": "totaal", "value": v, "ci_low": None, "ci_high": None,
          "status": s, "rounded_to": None, "source_title": "CBS", "sort_order": 1, "series_first_year": None,
          "series_last_year": None, "series_note": None} for i, r, y, v, s in rows],
        schema_overrides={"value": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64, "rounded_to": pl.Int32,
                          "series_first_year": pl.Int32, "series_last_year": pl.Int32, "year": pl.Int32})


REGIONS = pl.DataFrame({
    "region_code": ["PV26", "GM0308", "GM0310", "GM0313", "GM0327", "GM0355"],
    "role": ["provincie", "referentie", "referentie", "referentie", "referentie", "vergelijkbaar"],
    "sort_order": [1, 1, 2, 3, 4, 1], "method": [None, None, None, None, None, "De 1 gemeenten … Afstand: 0,5."],
    "name": [None, "Baarn", "De Bilt", "Bunschoten", "Leusden", "Zeist"],
    "level": [None, "gemeente", "gemeente", "gemeente", "gemeente", "gemeente"],
    "has_figures": [False, True, True, True, True, True],
})


def test_median_and_spread_of_the_referentiegemeenten_per_indicator_and_year():
    from app import comparison

    figures = _figures([
        ("laag_inkomen", "GM0308", 2023, 4.2, "definitief"), ("laag_inkomen", "GM0310", 2023, 5.0, "definitief"),
        ("laag_inkomen", "GM0313", 2023, 6.3, "voorlopig"), ("laag_inkomen", "GM0327", 2023, 5.2, "definitief"),
        ("laag_inkomen", "GM0308", 2024, 4.0, "definitief"), ("laag_inkomen", "GM0310", 2024, None, "geheim"),
        ("laag_inkomen", "GM0313", 2024, 6.0, "definitief"), ("laag_inkomen", "GM0355", 2024, 9.9, "definitief"),
    ])
    summary = comparison.summary(figures, REGIONS, "referentie")
    # 2023: four gemeenten, the median is between the middle two; 2024: the secret figure is left out, not a 0,
    # and Zeist (vergelijkbaar, not referentie) takes no part.
    assert summary.select("year", "median", "low", "high", "count").rows() == [
        (2023, pytest.approx(5.1), 4.2, 6.3, 4), (2024, pytest.approx(5.0), 4.0, 6.0, 2)]
    rows = comparison.median_rows(figures, REGIONS, "referentie")
    assert rows["region_code"].unique().to_list() == ["mediaan_referentie"]
    assert rows["region_name"][0] == "Referentiegemeenten (mediaan)"
    assert rows.filter(pl.col("year") == 2023)["status"][0] == "voorlopig"  # the weakest status behind it
    tile = comparison.tile_lines({"indicator_code": "laag_inkomen", "value": 4.8, "year": 2023, "decimals": 1,
                                  "unit": "%"}, comparison.tile_index(figures, REGIONS), REGIONS)
    assert tile == ["Referentiegemeenten (4) 2023: mediaan 5,1% (4,2–6,3%)"]
    assert comparison.title("Soest", "referentie", REGIONS) == "Soest tegen referentiegemeenten (mediaan en spreiding)"
    # The provincie has no figures (the loaded tables do not publish provincies): not offered, but explained.
    assert comparison.options(REGIONS) == {"NL00": "Nederland", "mediaan_referentie": "referentiegemeenten (mediaan)",
                                           "mediaan_vergelijkbaar": "vergelijkbare gemeenten (mediaan)"}
    assert "De provincie Utrecht staat niet in de geladen tabellen" in comparison.provincie_absent_note(REGIONS)
    counts = figures.with_columns(pl.lit("aantal").alias("unit"))
    assert comparison.tile_lines({"indicator_code": "laag_inkomen", "value": 4.8, "year": 2023, "decimals": 0,
                                  "unit": "aantal"}, comparison.tile_index(counts, REGIONS), REGIONS) == []
    # (another gemeente's count says nothing about this one)


# --- the pages on a demo warehouse with [vergelijking] ------------------------------------------------------

DEMO_COMPARISON = ('[vergelijking]\nprovincie = "PV26"\n'
                   'referentiegemeenten = ["GM0308", "GM0310", "GM0313", "GM0327", "GM0355"]\n')


@pytest.fixture(scope="module")
def comparison_demo(tmp_path_factory) -> Path:
    """The bundled demo data loaded with a [vergelijking] of the provincie Utrecht and five referentiegemeenten."""
    directory = tmp_path_factory.mktemp("vergelijking")
    config = config_with_comparison(directory, DEMO_COMPARISON)
    warehouse = directory / "monitor.duckdb"
    assert pipelines_main(["demo", "--warehouse", str(warehouse), "--config", str(config)]) == 0
    return warehouse


def test_the_demo_holds_the_referentiegemeenten_from_every_table_and_no_invented_provincie(comparison_demo):
    by_source = dict(rows(comparison_demo, """
        SELECT l.source, count(DISTINCT o.region_code) FROM observation o JOIN load_log l USING (load_id)
        WHERE o.region_code IN ('GM0308', 'GM0310', 'GM0313', 'GM0327', 'GM0355') AND o.value IS NOT NULL
        GROUP BY l.source"""))
    assert {source: by_source.get(source) for source in ("cbs_kwb", "rivm_gezondheid", "cbs_gmsd")} == \
        {"cbs_kwb": 5, "rivm_gezondheid": 5, "cbs_gmsd": 5}
    assert rows(comparison_demo, "SELECT count(*) FROM observation WHERE region_code LIKE 'PV%'") == [(0,)]
    sources = {row[0] for row in rows(comparison_demo, """
        SELECT DISTINCT l.source FROM coverage c JOIN load_log l USING (load_id) WHERE c.region_level = 'provincie'""")}
    assert {"cbs_kwb", "rivm_gezondheid", "cbs_gmsd"} <= sources  # each says the provincie is not in its table
    assert rows(comparison_demo, "SELECT bool_and(is_demo) FROM load_log") == [(True,)]


def test_a_tile_shows_the_median_and_spread_of_the_referentiegemeenten(comparison_demo, monkeypatch):
    from app_pages import open_page, shown

    app = open_page(comparison_demo, monkeypatch)  # Overzicht: a tile per indicator
    captions = [shown(caption.value) for caption in app.caption]
    assert any(re.search(r"Referentiegemeenten \(5\) \d{4}: mediaan [\d,]+% \([\d,]+–[\d,]+%\)", caption)
               for caption in captions), captions


def test_a_trend_chart_draws_the_median_line_over_the_spread_of_the_referentiegemeenten(comparison_demo, monkeypatch):
    import json

    from app import visual
    from app_pages import open_page

    app = open_page(comparison_demo, monkeypatch, "views/opgaven.py", opgave="leefstijl")
    specs = [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]
    specs = [spec for spec in specs if "layer" in spec]  # the trend charts (the map under them is a vconcat)
    assert specs
    for spec in specs:
        points = next(layer["data"]["values"] for layer in spec["layer"] if layer["mark"]["type"] == "point")
        assert {"Soest", "Nederland", "Referentiegemeenten (mediaan)"} <= {point["regio"] for point in points}
        bands = [layer for layer in spec["layer"] if layer["mark"].get("color") == visual.REFERENCE_BAND]
        assert len(bands) == 1 and "band_low" in json.dumps(bands[0]["encoding"])
        median = next(point for point in points if point["regio"] == "Referentiegemeenten (mediaan)")
        assert "mediaan van 5 gemeenten, spreiding" in median["status_tekst"]


def test_the_wijkvergelijking_compares_with_the_median_of_the_referentiegemeenten(comparison_demo, monkeypatch):
    from app_pages import open_page, page_text, shown

    app = open_page(comparison_demo, monkeypatch, "views/wijkvergelijking.py")
    choice = next(radio for radio in app.radio if radio.label == "Vergelijk met")
    # No provincie figures in the loaded tables: the provincie is not offered (the page says why).
    assert [shown(option) for option in choice.options] == ["Nederland", "referentiegemeenten (mediaan)"]
    assert "De provincie Utrecht staat niet in de geladen tabellen" in page_text(app)
    assert "Nederland" in app.table[0].value["Regio"].to_list()

    app = open_page(comparison_demo, monkeypatch, "views/wijkvergelijking.py", vergelijk="mediaan_referentie")
    table = app.table[0].value.set_index("Regio")
    assert "Referentiegemeenten (mediaan)" in table.index and "Nederland" not in table.index
    text = page_text(app)
    assert "Soest tegen referentiegemeenten (mediaan en spreiding): Baarn, De Bilt, Bunschoten, Leusden en Zeist" in text


def test_the_download_filter_asks_for_the_comparison_regions_too():
    from pipelines.sources import cbs_kwb
    from pipelines.statline.reader import region_filter

    own = region_filter("GM0342", cbs_kwb.SOURCE)
    assert "GM0308" not in own and "startswith(WijkenEnBuurten,'WK0342')" in own
    compared = region_filter("GM0342", cbs_kwb.SOURCE, ("PV26", "GM0308"))
    assert "startswith(WijkenEnBuurten,'PV26')" in compared and "startswith(WijkenEnBuurten,'GM0308')" in compared
    # Vergelijkbare gemeenten are found among all gemeenten: every gemeente's row (never their wijken or buurten).
    every = region_filter("GM0342", cbs_kwb.SOURCE, ("PV26", "GM0308"), every_gemeente=True)
    assert "startswith(WijkenEnBuurten,'GM')" in every and "'GM0308'" not in every and "'WK0342'" in every


def test_the_trend_chart_draws_the_provincie_and_the_group_in_their_own_grey_styles():
    from app import comparison, visual
    from app.charts import trend

    own = _figures([("laag_inkomen", code, year, value, "definitief")
                    for code, values in (("GM0342", (5.0, 5.2)), ("NL00", (7.0, 7.1)), ("PV26", (6.0, 6.1)))
                    for year, value in zip((2022, 2023), values)])
    own = own.with_columns(
        pl.col("region_code").replace_strict({"GM0342": "Soest", "NL00": "Nederland", "PV26": "Utrecht"}).alias("region_name"),
        pl.col("region_code").replace_strict({"GM0342": "gemeente", "NL00": "land", "PV26": "provincie"}).alias("region_level"))
    group = _figures([("laag_inkomen", code, year, value, "definitief")
                      for code, value in (("GM0308", 4.0), ("GM0310", 5.0), ("GM0313", 6.5)) for year in (2022, 2023)])
    rows = comparison.with_comparison(own.filter(pl.col("region_code") != "PV26"), pl.concat([own, group]), REGIONS)
    assert set(rows["region_code"]) == {"GM0342", "NL00", "PV26", "mediaan_referentie"}
    spec = trend.trend_spec(rows)
    styles = {region["name"]: (region["colour"], region["dash"]) for region in trend.prepare(rows).drawn}
    assert styles["Utrecht"] == (visual.PROVINCIE.colour, list(visual.PROVINCIE.dash))
    assert styles["Referentiegemeenten (mediaan)"] == (visual.REFERENCE.colour, list(visual.REFERENCE.dash))
    [band] = [layer for layer in spec["layer"] if layer["mark"].get("color") == visual.REFERENCE_BAND]
    assert {(row["jaar"], row["band_low"], row["band_high"]) for row in band["data"]["values"] if row["band_low"]} == \
        {(2022, 4.0, 6.5), (2023, 4.0, 6.5)}
