"""The map (app.kaart, app.charts.kaart): boundaries per year, one class per region, geheim and ontbreekt patterned
and named, the map in words (summary, table, download), and a Vega-Lite spec that carries everything inline.

Small synthetic wijken (squares near Soest, as GeoJSON text like the warehouse holds them) and figure frames in
the columns of warehouse.queries.observations."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from app import kaart, visual
from app.charts import kaart as kaart_chart

GM = "GM0342"
NAMES = ["Soest-Noord", "Soest-Zuid", "Smitsveen", "Soestdijk", "Overhees", "Soesterberg", "Klaarwater", "Hees"]
SIZE = 0.02  # degrees of longitude per square; latitude scaled so the squares are square on the map

OBSERVATION_SCHEMA = {
    "indicator_code": pl.String, "title": pl.String, "unit": pl.String, "decimals": pl.Int32,
    "higher_is_better": pl.Boolean, "opgave_code": pl.String, "region_code": pl.String, "region_name": pl.String,
    "region_level": pl.String, "year": pl.Int32, "period": pl.String, "breakdown": pl.String, "value": pl.Float64,
    "ci_low": pl.Float64, "ci_high": pl.Float64, "status": pl.String, "rounded_to": pl.Int32,
    "source_title": pl.String, "sort_order": pl.Int32, "series_first_year": pl.Int32, "series_last_year": pl.Int32,
    "series_note": pl.String}
BOUNDARY_SCHEMA = {"region_code": pl.String, "year": pl.Int32, "level": pl.String, "name": pl.String,
                   "parent_code": pl.String, "water": pl.Boolean, "indelingswijziging": pl.Int32,
                   "geometry": pl.String, "is_demo": pl.Boolean}


def ring(col: int, row: int, counter_clockwise: bool = True) -> list:
    x0, y0 = 5.25 + col * SIZE, 52.15 + row * SIZE * 0.62
    points = [[x0, y0], [x0 + SIZE, y0], [x0 + SIZE, y0 + SIZE * 0.62], [x0, y0 + SIZE * 0.62], [x0, y0]]
    return points if counter_clockwise else points[::-1]


def wijk_code(index: int) -> str:
    return f"WK0342{index:02d}"


def boundaries(years=(2024,), *, count: int = 8, water: str | None = None, level: str = "wijk") -> pl.DataFrame:
    """count wijken as squares in rows of four; every other one wound clockwise (PDOK's and d3's orders mixed)."""
    rows = [{"region_code": wijk_code(i) if level == "wijk" else f"BU034200{i:02d}", "year": year, "level": level,
             "name": NAMES[i], "parent_code": GM, "water": wijk_code(i) == water, "indelingswijziging": None,
             "geometry": json.dumps({"type": "Polygon", "coordinates": [ring(i % 4, i // 4, i % 2 == 0)]}),
             "is_demo": True}
            for year in years for i in range(count)]
    return pl.DataFrame(rows, schema=BOUNDARY_SCHEMA)


def figures(values, *, gemeente: float | None = 20.0, unit: str = "%", higher_is_better: bool | None = False,
            year: int = 2024, statuses: dict | None = None, intervals: dict | None = None,
            gemeente_interval=(None, None), extra: dict | None = None) -> pl.DataFrame:
    """Observation rows: the gemeente and wijk i with values[i] ('skip': no row at all)."""
    base = {"indicator_code": "eenzaam", "title": "Eenzaamheid", "unit": unit, "decimals": 1,
            "higher_is_better": higher_is_better, "year": year, "period": "jaar", "breakdown": "totaal",
            "source_title": "Gezondheidsmonitor"}
    rows = [base | {"region_code": GM, "region_name": "Soest", "region_level": "gemeente", "value": gemeente,
                    "ci_low": gemeente_interval[0], "ci_high": gemeente_interval[1],
                    "status": "definitief" if gemeente is not None else "ontbreekt"}]
    for i, value in enumerate(values):
        if value == "skip":
            continue
        low, high = (intervals or {}).get(i, (None, None))
        status = (statuses or {}).get(i) or ("definitief" if value is not None else "ontbreekt")
        rows.append(base | {"region_code": wijk_code(i), "region_name": NAMES[i] if i < len(NAMES) else f"Nieuw {i}",
                            "region_level": "wijk", "value": value, "ci_low": low, "ci_high": high,
                            "status": status})
    for code, value in (extra or {}).items():
        rows.append(base | {"region_code": code, "region_name": f"Wijk {code[-2:]}", "region_level": "wijk",
                            "value": value, "status": "definitief"})
    return pl.DataFrame(rows, schema=OBSERVATION_SCHEMA)


def make_map(frame: pl.DataFrame, shapes: pl.DataFrame | None = None, **options) -> kaart.RegionMap:
    arguments = {"indicator_code": "eenzaam", "year": 2024, "level": "wijk", "gemeente_code": GM,
                 "gemeente_name": "Soest"} | options
    return kaart.region_map(frame, boundaries() if shapes is None else shapes, **arguments)


def classes(shown: kaart.RegionMap) -> dict[str, str]:
    return dict(zip(shown.regions["name"].to_list(), shown.regions["klasse"].to_list()))


# --- boundaries and levels -------------------------------------------------------------------------------------


def test_a_figure_is_drawn_on_the_boundaries_of_its_year_or_the_nearest_later_on_a_tie():
    assert kaart.boundary_year_for(2024, [2022, 2023, 2024]) == 2024
    assert kaart.boundary_year_for(2021, [2022, 2024]) == 2022
    assert kaart.boundary_year_for(2026, [2022, 2024]) == 2024
    assert kaart.boundary_year_for(2023, [2022, 2024]) == 2024, "a tie goes to the later edition"
    assert kaart.boundary_year_for(2023, []) is None


def test_the_map_says_when_it_uses_other_boundaries_than_the_figures_year():
    shown = make_map(figures([10.0] * 8, year=2021), boundaries((2022, 2024)), year=2021)
    assert shown.boundary_year == 2022 and shown.figure_year == 2021
    assert shown.boundary_note == "Getekend op de grenzen van 2022: grenzen van 2021 zijn niet geladen."
    assert "(grenzen 2022)" in shown.summary and shown.attribution.endswith(", 2022")
    same = make_map(figures([10.0] * 8), boundaries((2022, 2024)))
    assert same.boundary_year == 2024 and same.boundary_note is None
    assert same.attribution == "Kadaster / Centraal Bureau voor de Statistiek, 2024"


def test_levels_are_those_with_figures_in_that_year_and_shapes():
    frame = figures([10.0, None, 12.0])
    shapes = boundaries()
    assert kaart.map_levels(frame, shapes, "eenzaam", 2024) == ["wijk"]
    assert kaart.map_levels(frame, shapes, "eenzaam", 2023) == [], "no figures that year"
    assert kaart.map_levels(figures([None, None]), shapes, "eenzaam", 2024) == [], "only missing figures"
    assert kaart.map_levels(frame, shapes.clear(), "eenzaam", 2024) == [], "no shapes"
    buurt = pl.concat([frame, frame.filter(pl.col("region_level") == "wijk").with_columns(
        pl.col("region_code").str.replace("WK", "BU") + "01", pl.lit("buurt").alias("region_level"))])
    both = pl.concat([shapes, boundaries(level="buurt")])
    assert kaart.map_levels(buurt, both, "eenzaam", 2024) == ["wijk", "buurt"]
    assert kaart.map_levels(buurt, shapes, "eenzaam", 2024) == ["wijk"], "buurt figures without buurt shapes"


def test_no_map_without_shapes_of_that_level():
    assert make_map(figures([10.0]), boundaries().clear()) is None
    assert make_map(figures([10.0]), boundaries(), level="buurt") is None


# --- classes ---------------------------------------------------------------------------------------------------


def test_judged_classes_beter_slechter_gelijk_against_the_gemeente_of_the_same_year():
    # Lower is better (eenzaamheid); the gemeente has 20,0.
    shown = make_map(figures([10.0, 25.0, 20.04, 30.0, 15.0, 19.0, 21.0, 22.0]), highlight=wijk_code(1))
    assert shown.judged
    assert classes(shown) == {"Soest-Noord": "beter", "Soest-Zuid": "slechter", "Smitsveen": "gelijk",
                              "Soestdijk": "slechter", "Overhees": "beter", "Soesterberg": "beter",
                              "Klaarwater": "slechter", "Hees": "slechter"}
    assert [item.key for item in shown.legend] == ["beter", "gelijk", "slechter"], "fixed order, only drawn"
    assert {item.key: item.fill for item in shown.legend} == {
        "beter": visual.BETTER.fill, "gelijk": visual.SAME.fill, "slechter": visual.WORSE.fill}
    assert shown.legend[0].label == "✓ beter dan Soest" and shown.legend[2].label == "✗ slechter dan Soest"
    labels = dict(zip(shown.regions["name"].to_list(), shown.regions["label"].to_list()))
    assert labels["Soest-Noord"] == "10,0% ✓" and labels["Soest-Zuid"] == "25,0% ✗"
    assert labels["Smitsveen"] == "20,0% ≈"
    assert shown.regions.filter(pl.col("highlighted"))["region_code"].to_list() == [wijk_code(1)]


def test_estimates_whose_intervals_overlap_are_within_the_margin_not_worse():
    shown = make_map(figures([24.0, 24.0], intervals={0: (19.0, 29.0), 1: (22.5, 25.5)},
                             gemeente_interval=(18.5, 21.5), higher_is_better=False))
    assert classes(shown)["Soest-Noord"] == "gelijk", "24 against 20, but the intervals overlap"
    assert classes(shown)["Soest-Zuid"] == "slechter", "the intervals do not overlap"
    row = shown.regions.filter(pl.col("name") == "Soest-Noord").row(0, named=True)
    assert row["klasse_label"] == kaart.WITHIN_MARGIN_LABEL and "binnen de marge" in row["klasse_label"]
    assert row["figure"] == "24,0% (schatting 19,0–29,0)"


def test_without_a_direction_regions_get_four_value_classes_low_to_high():
    shown = make_map(figures([10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0], higher_is_better=None))
    assert not shown.judged
    assert classes(shown) == dict(zip(NAMES, ["klasse_1", "klasse_1", "klasse_2", "klasse_2", "klasse_3",
                                              "klasse_3", "klasse_4", "klasse_4"]))
    assert [(item.key, item.label, item.fill) for item in shown.legend] == [
        ("klasse_1", "10,0 – 11,0", visual.MAP_CLASSES[0]), ("klasse_2", "12,0 – 13,0", visual.MAP_CLASSES[1]),
        ("klasse_3", "14,0 – 15,0", visual.MAP_CLASSES[2]), ("klasse_4", "16,0 – 17,0", visual.MAP_CLASSES[3])]
    assert not {item.fill for item in shown.legend} & {visual.BETTER.fill, visual.WORSE.fill}, "a class is no verdict"


def test_a_count_gets_value_classes_even_with_a_direction():
    shown = make_map(figures([100.0, 200.0, 300.0], unit="aantal", higher_is_better=True, gemeente=2000.0))
    assert not shown.judged and set(classes(shown).values()) >= {"klasse_1", "klasse_3"}
    assert "Soest 2.000" not in shown.summary, "a wijk's count is not compared with the gemeente's"


def test_value_classes_fewer_when_fewer_distinct_values_and_ties_share_a_class():
    assert kaart.value_classes([5.0] * 6, 1) == [(5.0, 5.0)]
    assert kaart.value_classes([1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], 1) == [(1.0, 1.0), (2.0, 2.0)]
    assert kaart.value_classes([1.0] * 7 + [2.0], 1) == [(1.0, 1.0), (2.0, 2.0)]
    assert kaart.value_classes([3.04, 3.01, 9.0], 1) == [(3.0, 3.0), (9.0, 9.0)], "rounded as shown"
    assert kaart.value_classes([], 1) == []
    assert kaart.class_fills(2) == [visual.MAP_CLASSES[0], visual.MAP_CLASSES[-1]]
    assert kaart.range_text(12.0, 15.5, 1) == "12,0 – 15,5" and kaart.range_text(1234.0, 1234.0, 0) == "1.234"


def test_without_the_gemeentes_figure_the_map_shows_values_and_says_why():
    shown = make_map(figures([10.0, 30.0], gemeente=None))
    assert not shown.judged and set(classes(shown).values()) <= {"klasse_1", "klasse_2", "ontbreekt"}
    assert "geen cijfer van Soest om mee te vergelijken" in shown.summary


def test_geheim_and_ontbreekt_are_patterned_never_a_value_class():
    shown = make_map(figures([10.0, None, None, 30.0, None, "skip", 12.0, 14.0], higher_is_better=None,
                             statuses={1: "geheim", 2: "ontbreekt", 4: "reeksbreuk"}))
    got = classes(shown)
    assert got["Soest-Zuid"] == "geheim"
    assert got["Smitsveen"] == got["Overhees"] == got["Soesterberg"] == "ontbreekt", "missing, break, no row"
    legend = {item.key: item for item in shown.legend}
    assert [item.key for item in shown.legend][-2:] == ["geheim", "ontbreekt"]
    assert legend["geheim"].pattern == "geheim" and legend["ontbreekt"].pattern == "ontbreekt"
    assert legend["geheim"].fill == legend["ontbreekt"].fill == visual.BACKGROUND
    assert legend["geheim"].label == "geheim (te weinig inwoners of personen)"
    value_texts = dict(zip(shown.regions["name"].to_list(), shown.regions["value_text"].to_list()))
    assert value_texts["Soest-Zuid"] == "geheim" and value_texts["Overhees"] == "reeksbreuk"
    assert value_texts["Soesterberg"] == "geen cijfer"
    assert shown.regions.filter(pl.col("klasse").is_in(["geheim", "ontbreekt"]))["value"].null_count() == 4


def test_water_is_drawn_light_but_not_part_of_the_figures():
    shown = make_map(figures([10.0, 25.0, 15.0]), boundaries(water=wijk_code(7)))
    water = shown.regions.filter(pl.col("water"))
    assert water["klasse"].to_list() == ["water"] and water["value"].to_list() == [None]
    assert shown.legend[-1] == kaart.LegendItem("water", "water", visual.MAP_WATER, None)
    assert "Hees" not in kaart.map_table(shown)["Wijk"].to_list()
    assert "4 zonder cijfer" in shown.summary, "wijken 3–6 have no row; water is not counted"


def test_regions_with_a_figure_but_no_shape_are_named_and_stay_in_table_and_download():
    shown = make_map(figures([10.0, 25.0], extra={"WK034209": 18.0}))
    assert shown.not_on_map == ("Wijk 09",)
    table = kaart.map_table(shown)
    assert table.row(-1) == ("Wijk 09", "18,0%", "niet op de kaart (geen grens in 2024)", "2024")
    assert "1 niet op de kaart" in shown.summary
    download = kaart.map_download(shown)
    assert download.filter(pl.col("regio_code") == "WK034209")["kaartkleur"].to_list() == ["niet op de kaart"]


def test_figures_of_other_gemeenten_other_years_and_breakdowns_are_left_out():
    frame = figures([10.0, 25.0], extra={"WK999901": 50.0})
    other = frame.with_columns(pl.lit(2023).cast(pl.Int32).alias("year"), pl.lit(99.0).alias("value"))
    split = frame.with_columns(pl.lit("65+").alias("breakdown"), pl.lit(99.0).alias("value"))
    shown = make_map(pl.concat([frame, other, split]))
    assert shown.not_on_map == () and shown.regions["value"].drop_nulls().to_list() == [10.0, 25.0]


# --- the map in words ------------------------------------------------------------------------------------------


def test_summary_in_one_line_of_dutch():
    shown = make_map(figures([10.0, 15.0, 25.0, 20.0, 20.0, 20.0, 20.0, None], statuses={7: "geheim"}))
    assert shown.summary == (
        "Kaart van Eenzaamheid per wijk in 2024 (grenzen 2024), vergeleken met Soest (20,0%): 2 wijken beter dan "
        "Soest (Soest-Noord, Soest-Zuid), 1 slechter (Smitsveen), 4 zonder verschil van betekenis, 1 geheim.")
    assert "\n" not in shown.summary
    values = make_map(figures([10.0, 15.0, 25.5, None], higher_is_better=None))
    assert values.summary == (
        "Kaart van Eenzaamheid per wijk in 2024 (grenzen 2024): in 3 klassen naar waarde, van 10,0% in Soest-Noord "
        "tot 25,5% in Smitsveen (Soest 20,0%); 5 zonder cijfer.")


def test_table_beside_the_map_has_the_gemeente_first_and_says_how_each_region_is_drawn():
    shown = make_map(figures([10.0, None, 25.0], statuses={1: "geheim"}, intervals={0: (8.0, 12.0)}))
    table = kaart.map_table(shown)
    assert table.columns == ["Wijk", "Waarde", "Kleur op de kaart", "Jaar"]
    assert table.row(0) == ("Soest (gemeente)", "20,0%", "ter vergelijking", "2024")
    rows = {row[0]: row for row in table.iter_rows()}
    assert rows["Soest-Noord"][1:3] == ("10,0% (schatting 8,0–12,0)", "✓ beter dan Soest")
    assert rows["Soest-Zuid"][1:3] == ("geheim", "geheim (te weinig inwoners of personen) (schuin gearceerd)")
    assert rows["Smitsveen"][2] == "✗ slechter dan Soest"
    assert rows["Soestdijk"][1:3] == ("geen cijfer", "geen cijfer (gestippeld)")
    assert table.height == 1 + 8
    values = kaart.map_table(make_map(figures([10.0, 20.0, 30.0, 40.0], higher_is_better=None)))
    assert values.row(1)[2] == "klasse 1 van 4: 10,0"


def test_download_has_every_figure_on_the_map_with_its_class_and_boundary_year():
    shown = make_map(figures([10.0, None, 25.0, "skip"], statuses={1: "geheim"}))
    download = kaart.map_download(shown)
    for column in ("regio_code", "regio", "jaar", "waarde", "ondergrens_95", "bovengrens_95", "status", "bron",
                   "kaartkleur", "grenzen_jaar", "toelichting"):
        assert column in download.columns
    assert download.columns[-1] == "toelichting"
    assert download["regio_code"].to_list() == [GM] + [wijk_code(i) for i in range(8)]
    by_code = {row["regio_code"]: row for row in download.iter_rows(named=True)}
    assert by_code[wijk_code(1)]["waarde"] is None and by_code[wijk_code(1)]["status"] == "geheim"
    # A wijk drawn without any row: in the file as missing (NULL with a status), never 0.
    assert by_code[wijk_code(3)]["waarde"] is None and by_code[wijk_code(3)]["status"] == "ontbreekt"
    assert by_code[wijk_code(2)]["kaartkleur"] == "✗ slechter dan Soest"
    assert set(download["grenzen_jaar"].to_list()) == {2024}


def test_label_point_lies_inside_a_u_shaped_region_whose_centroid_does_not():
    u_shape = [[(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0),
                (0.0, 0.0)]]
    plane = kaart.Plane(0.0)
    assert not kaart.contains(u_shape, 1.5, 1.5), "the middle of the U is outside"
    lon, lat = plane.label_point([u_shape])
    assert kaart.contains(u_shape, lon, lat)
    with_hole = [[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)],
                 [(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)]]
    lon, lat = plane.label_point([with_hole])
    assert kaart.contains(with_hole, lon, lat) and not (1 < lon < 3 and 1 < lat < 3)


# --- the chart -------------------------------------------------------------------------------------------------


def walk(spec):
    """Every dict in the spec."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def layers_of(spec: dict) -> list[dict]:
    """The views with a mark (not the config, whose 'mark' holds the defaults)."""
    return [item for item in walk({key: value for key, value in spec.items() if key not in ("config", "datasets")})
            if "mark" in item]


def mark_type(layer: dict) -> str:
    return layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]


@pytest.fixture(scope="module")
def patterned_map():
    return make_map(figures([10.0, None, 25.0, None, 30.0, 15.0, 19.0, 20.0], statuses={1: "geheim"}),
                    highlight=wijk_code(2))


def test_chart_is_a_geoshape_map_of_the_regions_with_the_classes_colours(patterned_map):
    spec = kaart_chart.map_chart(patterned_map).to_dict()
    geoshapes = [layer for layer in layers_of(spec) if mark_type(layer) == "geoshape"]
    assert geoshapes
    features = spec["datasets"]["kaart_gebieden"]
    assert [feature["region_code"] for feature in features] == [wijk_code(i) for i in range(8)]
    assert all(feature["type"] == "Feature" and feature["geometry"]["type"] == "MultiPolygon" for feature in features)
    fill = next(layer["encoding"]["color"] for layer in geoshapes if "color" in layer.get("encoding", {}))
    assert fill["field"] == "klasse"
    assert fill["scale"]["domain"] == [item.key for item in patterned_map.legend] == [
        "beter", "gelijk", "slechter", "geheim", "ontbreekt"]
    assert fill["scale"]["range"] == [visual.BETTER.fill, visual.SAME.fill, visual.WORSE.fill, visual.BACKGROUND,
                                      visual.BACKGROUND]
    assert spec["vconcat"][0]["projection"]["type"] == "mercator"
    assert spec["description"] == patterned_map.summary


def test_chart_rings_are_wound_as_vegas_d3_needs_them(patterned_map):
    """d3-geo reads a counter-clockwise outer ring (RFC 7946, as PDOK publishes) as the globe minus the region."""
    spec = kaart_chart.map_chart(patterned_map).to_dict()
    for feature in spec["datasets"]["kaart_gebieden"]:
        for polygon in feature["geometry"]["coordinates"]:
            assert kaart.ring_area([tuple(point) for point in polygon[0]]) < 0, feature["region_code"]


def test_geheim_and_ontbreekt_are_hatched_inside_their_regions_only(patterned_map):
    spec = kaart_chart.map_chart(patterned_map).to_dict()
    shapes = {row["region_code"]: kaart.polygons(row["geometry"])
              for row in patterned_map.regions.iter_rows(named=True)}
    expected = {"geheim": {wijk_code(1)}, "ontbreekt": {wijk_code(3)}}
    for klasse, codes in expected.items():
        hatch = spec["datasets"][f"kaart_{klasse}"]
        assert {feature["region_code"] for feature in hatch} == codes
        lines = [line for feature in hatch for line in feature["geometry"]["coordinates"]]
        assert len(lines) >= 5
        for (lon1, lat1), (lon2, lat2) in lines:
            polygon = shapes[next(iter(codes))][0]
            assert kaart.contains(polygon, (lon1 + lon2) / 2, (lat1 + lat2) / 2)
            for lon, lat in ((lon1, lat1), (lon2, lat2)):
                xs = [x for x, _ in polygon[0]]
                ys = [y for _, y in polygon[0]]
                assert min(xs) - 1e-6 <= lon <= max(xs) + 1e-6 and min(ys) - 1e-6 <= lat <= max(ys) + 1e-6
    geheim, ontbreekt = ({"data": {"name": f"kaart_{klasse}"}} for klasse in ("geheim", "ontbreekt"))
    layers = {layer["data"]["name"]: layer for layer in layers_of(spec) if "name" in layer.get("data", {})}
    assert layers[geheim["data"]["name"]]["mark"]["stroke"] == visual.MAP_PATTERN
    dotted = layers[ontbreekt["data"]["name"]]["mark"]
    assert dotted["stroke"] == visual.MAP_PATTERN and dotted["strokeDash"] == kaart_chart.DOT_DASH, \
        "ontbreekt has its own pattern (dots), not geheim's lines"


def test_legend_names_geheim_and_ontbreekt_with_the_same_pattern_as_the_map(patterned_map):
    spec = kaart_chart.map_chart(patterned_map).to_dict()
    labels = [row["text"] for row in spec["datasets"]["legenda_label"]]
    assert labels == [item.label for item in patterned_map.legend]
    assert "geheim (te weinig inwoners of personen)" in labels and "geen cijfer" in labels
    swatches = spec["datasets"]["legenda_vlakken"]
    assert [row["fill"] for row in swatches] == [item.fill for item in patterned_map.legend]
    geheim = swatches[3]
    hatch = spec["datasets"]["legenda_geheim"]
    assert hatch and all(geheim["x"] - 1e-9 <= line[end] <= geheim["x2"] + 1e-9
                         for line in hatch for end in ("x", "x2"))
    dots = spec["datasets"]["legenda_ontbreekt"]
    ontbreekt = swatches[4]
    assert dots and all(ontbreekt["y"] <= line["y"] <= ontbreekt["y2"] for line in dots)
    legend_marks = {layer["data"]["name"]: layer["mark"] for layer in layers_of(spec)
                    if "name" in layer.get("data", {})}
    assert legend_marks["legenda_ontbreekt"]["strokeDash"] == kaart_chart.DOT_DASH
    assert legend_marks["legenda_geheim"]["stroke"] == visual.MAP_PATTERN


def test_highlight_labels_attribution_and_no_url(patterned_map):
    spec = kaart_chart.map_chart(patterned_map).to_dict()
    outlined = [layer for layer in layers_of(spec) if mark_type(layer) == "geoshape"
                and layer["mark"].get("stroke") == visual.GEMEENTE.colour]
    assert len(outlined) == 1 and outlined[0]["mark"]["filled"] is False
    assert outlined[0]["transform"] == [{"filter": {"field": "region_code", "oneOf": [wijk_code(2)]}}]
    names = spec["datasets"]["kaart_namen"]
    assert {row["first"] for row in names} >= {"Soest-Noord", "Smitsveen"}
    assert {row["second"] for row in names} >= {"10,0% ✓", "25,0% ✗"}
    credit, demo = (row["text"] for row in spec["datasets"]["legenda_credit"])
    assert credit == "Grenzen: Kadaster / Centraal Bureau voor de Statistiek, 2024" and demo == kaart.DEMO_SHAPES_NOTE
    assert not [item for item in walk(spec) if "url" in item], "everything inline: no tiles, no files, no CDN"
    texts = json.dumps({key: value for key, value in spec.items() if key != "$schema"})
    assert "http" not in texts


def test_buurt_labels_carry_only_the_figure_and_vanish_when_there_are_too_many():
    frame = figures([10.0, 25.0]).with_columns(pl.col("region_code").str.replace("WK0342", "BU034200"),
                                               pl.col("region_level").replace("wijk", "buurt"))
    shown = make_map(frame, boundaries(level="buurt"), level="buurt")
    names = kaart_chart.map_chart(shown).to_dict()["datasets"]["kaart_namen"]
    assert [row["first"] for row in names][:3] == ["10,0% ✓", "25,0% ✗", "geen cijfer"], "no names"
    assert {row["lines"] for row in names} == {1}
    many = kaart.RegionMap(**{**shown.__dict__, "regions": pl.concat([shown.regions] * 8)})
    assert "kaart_namen" not in kaart_chart.map_chart(many).to_dict()["datasets"]
    assert "kaart_namen" not in kaart_chart.map_chart(shown, labels=False).to_dict()["datasets"]


def test_selectable_map_names_its_point_selection_on_region_code(patterned_map):
    spec = kaart_chart.map_chart(patterned_map, selectable=True).to_dict()
    params = [param for item in walk(spec) for param in item.get("params", []) if isinstance(param, dict)]
    selection = [param for param in params if param.get("name") == kaart_chart.SELECTION]
    assert selection and selection[0]["select"]["type"] == "point"
    assert selection[0]["select"]["fields"] == ["region_code"]
    assert "params" not in json.dumps(kaart_chart.map_chart(patterned_map).to_dict())


def test_hatch_spacing_follows_the_design_size():
    plane = kaart.Plane(0.0)
    square = [[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]]]
    lines = kaart_chart.hatch_lines(plane, square, (0.0, 1.0), 0.1)
    assert len(lines) == 10 and all(math.isclose(line[1][1], line[0][1]) for line in lines), "horizontal rows"
    assert [round(line[0][1], 6) for line in lines] == [round(0.05 + 0.1 * k, 6) for k in range(10)]
    assert all(math.isclose(abs(line[1][0] - line[0][0]), 1.0) for line in lines), "clipped to the square's edges"
