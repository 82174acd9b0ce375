"""Trend chart builder (app.charts.trend): gaps break lines and are marked, intervals become bands, years stay years."""

from __future__ import annotations

import json

import altair as alt
import polars as pl
import pytest

from app import format as fmt
from app import progress, visual
from app.charts import trend
from warehouse import queries
from warehouse.build import connect_readonly


@pytest.fixture(scope="module")
def observations(demo_warehouse):
    """The demo figures for Nederland, Soest and two wijken (Smitsveen, Soestdijk 't Hart)."""
    with connect_readonly(demo_warehouse) as con:
        return queries.observations(con, None, ("NL00", "GM0342", "WK034205", "WK034206"), "totaal")


def one(observations: pl.DataFrame, indicator: str) -> pl.DataFrame:
    return observations.filter(pl.col("indicator_code") == indicator)


def synthetic(rows: list[tuple]) -> pl.DataFrame:
    """Observation rows (region_code, region_name, level, year, value, status, ci_low, ci_high) for one indicator."""
    return pl.DataFrame(
        [{"indicator_code": "test", "title": "Test", "unit": "%", "decimals": 1, "higher_is_better": None,
          "opgave_code": "x", "region_code": code, "region_name": name, "region_level": level, "year": year,
          "breakdown": "totaal", "value": value, "ci_low": low, "ci_high": high, "status": status,
          "source_title": "Testbron", "sort_order": 1}
         for code, name, level, year, value, status, low, high in rows],
        schema_overrides={"year": pl.Int32},
    )


def layers_with(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def test_missing_year_for_one_wijk_breaks_its_line_and_is_named(observations):
    """KIS startkwalificatie: Soestdijk 't Hart has no figure for 2018 (ontbreekt); the others go on."""
    frame = one(observations, "startkwalificatie")
    gaps = trend.gap_rows(frame)
    assert gaps.select("region_code", "year", "status").rows() == [("WK034206", 2018, "ontbreekt")]

    points = trend.line_points(frame)
    hart = points.filter(pl.col("region_code") == "WK034206")
    assert 2018 not in hart["jaar"].to_list(), "a missing figure is never drawn (not as 0, not interpolated)"
    before = set(hart.filter(pl.col("jaar") < 2018)["segment"])
    after = set(hart.filter(pl.col("jaar") > 2018)["segment"])
    assert len(before) == len(after) == 1 and before != after, "the line must break at 2018"
    assert points.filter(pl.col("region_code") == "GM0342")["segment"].n_unique() == 1

    annotation = trend.gap_annotations(frame).row(0, named=True)
    assert annotation["year"] == 2018 and annotation["label"] == "geen cijfer"
    assert annotation["regions"] == "Soestdijk 't Hart"
    assert trend.gap_summary(frame) == "Geen cijfer: Soestdijk 't Hart 2018 (niet beschikbaar)."


def test_suppressed_partner_counts_are_marked_geheim(observations):
    frame = one(observations, "aanvragen_leergeld")
    gaps = trend.gap_rows(frame)
    assert gaps["year"].to_list() == [2022, 2023, 2025]
    assert set(gaps["status"]) == {"geheim"} and set(gaps["region_code"]) == {"WK034206"}
    labels = trend.prepare(frame).labels
    # 2022 and 2023 are neighbours and share one label; 2025 gets its own
    assert [(label["label"], label["from"], label["to"]) for label in labels] == [
        ("geheim", 2022, 2023), ("geheim", 2025, 2025)]
    assert "Soestdijk 't Hart 2022, 2023, 2025 (geheim)" in trend.gap_summary(frame)


def test_a_year_missing_everywhere_is_one_gap_for_all_regions(observations):
    """CBS publishes no uitkeringen for 2025 yet: the year stays on the axis with 'geen cijfer'."""
    frame = one(observations, "bijstand_per_1000")
    assert trend.measurement_years(frame) == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert trend.gap_rows(frame).height == 4
    assert trend.gap_annotations(frame).select("year", "label").rows() == [(2025, "geen cijfer")]
    assert trend.gap_summary(frame) == "Geen cijfer: 2025 voor alle regio's (niet beschikbaar)."
    assert trend.line_points(frame)["jaar"].max() == 2024


# --- series breaks ----------------------------------------------------------------------------------------------


def test_a_series_break_is_a_labelled_band_not_a_gap(observations):
    """laag_inkomen stops after 2023 (CBS measures it differently from 2024): 2024 and 2025 are a break."""
    frame = one(observations, "laag_inkomen")
    assert trend.measurement_years(frame) == [2019, 2020, 2021, 2022, 2023]
    assert trend.prepare(frame).years[-2:] == [2024, 2025], "the break years stay on the axis"
    assert trend.gap_rows(frame).is_empty() and trend.gap_annotations(frame).is_empty()
    [band] = trend.break_bands(frame)
    note = frame["series_note"][0]
    assert (band["from"], band["to"], band["start"], band["last_year"]) == ("2024", "2025", 2023.5, 2023)
    assert band["detail"] == f"Reeks stopt na 2023: {note}"
    assert trend.gap_summary(frame) == f"Reeks stopt na 2023 (grijze band ‘reeksbreuk’ vanaf 2024): {note}"
    assert trend.line_points(frame)["jaar"].max() == 2023

    spec = trend.trend_spec(frame)
    [rect] = layers_with(spec, "rect")
    assert rect["mark"]["clip"] and rect["encoding"]["x"]["field"] == "start" and rect["encoding"]["x2"]["field"] == "end"
    assert rect["encoding"]["tooltip"] == [{"field": "detail", "type": "nominal", "title": "Reeksbreuk"}]
    [rule] = layers_with(spec, "rule")
    assert "strokeDash" not in rule["mark"], "a solid rule: not the dashed mark of a gap"
    [text] = layers_with(spec, "text")
    assert [row["label"] for row in text["data"]["values"]] == ["reeksbreuk"]
    assert spec["layer"][0]["mark"]["type"] == "rect", "lines and points are drawn over the band"
    alt.LayerChart.from_dict(spec, validate=True)


def test_a_break_with_a_gap_before_it_keeps_both_marks_apart():
    frame = synthetic([
        ("GM1", "Gemeente", "gemeente", 2020, 10.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2021, None, "ontbreekt", None, None),
        ("GM1", "Gemeente", "gemeente", 2022, 12.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2023, None, "reeksbreuk", None, None),
        ("GM1", "Gemeente", "gemeente", 2024, None, "reeksbreuk", None, None),
    ]).with_columns(pl.lit(2022, pl.Int32).alias("series_last_year"), pl.lit("De bron telt anders.").alias("series_note"))
    assert trend.gap_rows(frame).rows() == [("GM1", "Gemeente", 2021, "ontbreekt")]
    assert trend.gap_summary(frame) == ("Geen cijfer: Gemeente 2021 (niet beschikbaar). "
                                        "Reeks stopt na 2022 (grijze band ‘reeksbreuk’ vanaf 2023): de bron telt anders.")
    spec = trend.trend_spec(frame)
    assert [row["label"] for layer in layers_with(spec, "text") for row in layer["data"]["values"]] == [
        "reeksbreuk", "geen cijfer"]
    alt.LayerChart.from_dict(spec, validate=True)


def test_a_successor_is_never_joined_to_the_series_it_replaced(observations):
    both = observations.filter(pl.col("indicator_code").is_in(["laag_inkomen", "personen_in_armoede"]))
    with pytest.raises(ValueError):
        trend.trend_spec(both)
    successor = one(observations, "personen_in_armoede")
    assert trend.measurement_years(successor) == [2024, 2025]
    assert not trend.break_bands(successor)


def test_sparkline_marks_a_break_with_its_band_and_word(observations):
    frame = one(observations, "laag_inkomen").filter(pl.col("region_code") == "GM0342")
    spec = trend.sparkline_spec(frame)
    assert layers_with(spec, "rect") and [row["label"] for row in layers_with(spec, "text")[0]["data"]["values"]] == [
        "reeksbreuk"]
    assert not layers_with(spec, "rule")[1:], "only the break's rule, no gap ticks"
    assert trend.gap_summary(frame, breaks=False) == ""
    alt.LayerChart.from_dict(spec, validate=True)


# --- half-years -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_half_years(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        return queries.observations(con, ("clienten_sociaal_domein",), ("NL00", "GM0342", "WK034205"), "totaal", None)


def test_year_and_half_year_figures_never_share_a_line(with_half_years):
    with pytest.raises(ValueError, match="halfjaar"):
        trend.prepare(with_half_years)
    years, halves = trend.split_periods(with_half_years)
    assert set(years["period"]) == {"jaar"} and set(halves["period"]) == {"1e halfjaar", "2e halfjaar"}
    assert years.height + halves.height == with_half_years.height


def test_half_years_are_labelled_on_an_ordinal_axis_in_time_order(with_half_years):
    _, halves = trend.split_periods(with_half_years)
    labels = ["1e halfjaar 2022", "2e halfjaar 2022", "1e halfjaar 2023", "2e halfjaar 2023", "1e halfjaar 2024",
              "2e halfjaar 2024"]
    assert trend.measurement_periods(halves) == labels
    spec = trend.trend_spec(halves)
    x = layers_with(spec, "point")[0]["encoding"]["x"]
    assert (x["field"], x["type"], x["sort"], x["title"]) == ("periode", "ordinal", labels, "Halfjaar")
    points = trend.line_points(halves)
    assert set(points["periode"]) == set(labels) and (points["jaar_tekst"] == points["periode"]).all()
    stored = {(row["region_code"], f"{row['period']} {row['year']}"): row["value"] for row in halves.iter_rows(named=True)}
    assert {(row["region_code"], row["periode"]): row["waarde"] for row in points.iter_rows(named=True)} == stored
    assert {"title": "Halfjaar", "field": "jaar_tekst", "type": "nominal"} in layers_with(spec, "point")[0]["encoding"]["tooltip"]
    alt.LayerChart.from_dict(spec, validate=True)


def test_a_missing_half_year_is_a_gap_at_its_label():
    frame = synthetic([
        ("GM1", "Gemeente", "gemeente", 2023, 100.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2023, None, "ontbreekt", None, None),
        ("GM1", "Gemeente", "gemeente", 2024, 120.0, "voorlopig", None, None),
    ]).with_columns(pl.Series("period", ["1e halfjaar", "2e halfjaar", "1e halfjaar"]))
    assert trend.gap_summary(frame) == "Geen cijfer: Gemeente 2e halfjaar 2023 (niet beschikbaar)."
    segments = trend.line_points(frame)["segment"].to_list()
    assert segments[0] != segments[1], "the line breaks at the missing half-year"
    spec = trend.trend_spec(frame)
    assert layers_with(spec, "rule")[0]["encoding"]["x"]["field"] == "periode"
    alt.LayerChart.from_dict(spec, validate=True)


# --- rounded counts and national counts ---------------------------------------------------------------------------


def test_a_rounded_zero_is_never_shown_as_zero():
    frame = synthetic([
        ("WK1", "Wijk een", "wijk", 2023, 0.0, "definitief", None, None),
        ("WK1", "Wijk een", "wijk", 2024, 15.0, "definitief", None, None),
    ]).with_columns(pl.lit(5, pl.Int32).alias("rounded_to"), pl.lit("aantal").alias("unit"),
                    pl.lit(0, pl.Int32).alias("decimals"))
    points = trend.line_points(frame)
    assert points["waarde_tekst"].to_list() == ["minder dan 3", "15"]
    assert all("afgerond op vijftallen" in status for status in points["status_tekst"])
    rate = frame.with_columns(pl.lit(10, pl.Int32).alias("rounded_to"), pl.lit("per 1.000 inwoners").alias("unit"))
    assert trend.line_points(rate)["waarde_tekst"][0] == "afgerond 0 (minder dan 5 geteld)"
    assert "grof cijfer" in trend.line_points(rate)["status_tekst"][1]


def test_a_national_count_that_dwarfs_the_gemeente_is_left_out(observations, with_half_years):
    years, _ = trend.split_periods(with_half_years)
    kept, left_out = trend.comparable_regions(years)
    assert left_out == "Nederland" and "NL00" not in set(kept["region_code"])
    schools = one(observations, "basisscholen_3km")  # a count of the same order everywhere: Nederland stays
    assert trend.comparable_regions(schools) == (schools, None)
    assert trend.comparable_regions(one(observations, "eenzaam"))[1] is None


def test_a_year_absent_from_the_source_counts_as_a_gap():
    frame = synthetic([
        ("GM1", "Gemeente", "gemeente", 2019, 10.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2020, 11.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2021, 12.0, "definitief", None, None),
        ("WK1", "Wijk een", "wijk", 2019, 8.0, "definitief", None, None),
        ("WK1", "Wijk een", "wijk", 2021, 9.0, "definitief", None, None),  # no row at all for 2020
    ])
    assert trend.gap_rows(frame).rows() == [("WK1", "Wijk een", 2020, "ontbreekt")]
    segments = trend.line_points(frame).filter(pl.col("region_code") == "WK1")["segment"].to_list()
    assert segments[0] != segments[1]


def test_regions_without_any_figure_are_left_out_and_named():
    frame = synthetic([
        ("GM1", "Gemeente", "gemeente", 2022, 10.0, "definitief", None, None),
        ("GM1", "Gemeente", "gemeente", 2023, 11.0, "definitief", None, None),
        ("WK1", "Wijk een", "wijk", 2022, None, "geheim", None, None),
        ("WK1", "Wijk een", "wijk", 2023, None, "geheim", None, None),
    ])
    assert trend.regions_without_figures(frame) == ["Wijk een"]
    assert set(trend.drawn_rows(frame)["region_code"]) == {"GM1"}
    assert trend.gap_rows(frame).is_empty()
    spec = trend.trend_spec(frame)
    assert {point["regio"] for layer in spec["layer"] for point in layer["data"]["values"]} == {"Gemeente"}


def test_no_value_is_ever_turned_into_zero(observations):
    for indicator in ("aanvragen_leergeld", "veel_stress", "bijstand_per_1000", "startkwalificatie"):
        frame = one(observations, indicator)
        points = trend.line_points(frame)
        assert points.height == frame["value"].is_not_null().sum()
        assert points["waarde"].null_count() == 0
        spec = trend.trend_spec(frame)
        drawn = [row for layer in spec["layer"] if layer["mark"]["type"] in ("line", "point")
                 for row in layer["data"]["values"]]
        nulls = {(row["region_code"], row["year"]) for row in frame.filter(pl.col("value").is_null()).iter_rows(named=True)}
        assert not {(row["region_code"], row["jaar"]) for row in drawn} & nulls


def test_estimates_get_a_band_and_their_interval_in_the_tooltip(observations):
    frame = one(observations, "eenzaam")
    spec = trend.trend_spec(frame)
    bands = layers_with(spec, "area")
    assert len(bands) == 1
    assert bands[0]["encoding"]["y"]["field"] == "ci_low" and bands[0]["encoding"]["y2"]["field"] == "ci_high"
    point_layer = layers_with(spec, "point")[0]
    assert {"title": "95%-interval", "field": "interval_tekst", "type": "nominal"} in point_layer["encoding"]["tooltip"]
    soest_2024 = next(row for row in point_layer["data"]["values"] if row["region_code"] == "GM0342" and row["jaar"] == 2024)
    assert soest_2024["waarde_tekst"] == "46,4%"
    assert soest_2024["interval_tekst"] == "44,9–47,8"
    assert soest_2024["status_tekst"] == "schatting"
    assert soest_2024["bron"].startswith("GGD-monitor")


def test_figures_without_interval_get_no_band(observations):
    spec = trend.trend_spec(one(observations, "bijstand_per_1000"))
    assert not layers_with(spec, "area")
    tooltip_titles = [item["title"] for item in layers_with(spec, "point")[0]["encoding"]["tooltip"]]
    assert tooltip_titles == ["Regio", "Jaar", "Waarde", "Status", "Bron"]


def test_years_are_whole_years_and_numbers_dutch(observations):
    frame = one(observations, "veel_stress")
    spec = trend.trend_spec(frame)
    x = layers_with(spec, "point")[0]["encoding"]["x"]
    assert x["axis"]["values"] == [2012, 2016, 2020, 2022, 2024]
    assert x["axis"]["format"] == "d" and x["title"] == "Jaar"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert layers_with(spec, "point")[0]["encoding"]["y"]["title"] == "Percentage (%)"
    assert trend.value_axis_title("per 1.000 inwoners") == "Per 1.000 inwoners"
    assert all(point["jaar_tekst"] == str(point["jaar"]) for point in trend.line_points(frame).iter_rows(named=True))


def test_gaps_get_a_rule_and_a_label_above_the_plot(observations):
    spec = trend.trend_spec(one(observations, "veel_stress"))
    rules = layers_with(spec, "rule")
    assert [row["year"] for row in rules[0]["data"]["values"]] == [2012, 2016]
    texts = layers_with(spec, "text")
    assert [row["label"] for row in texts[0]["data"]["values"]] == ["geen cijfer"]  # 2012 and 2016 share one
    assert texts[0]["encoding"]["y"] == {"value": 0} and texts[0]["mark"]["baseline"] == "bottom"


def test_gemeente_and_nederland_are_distinct_from_the_wijken(observations):
    spec = trend.trend_spec(one(observations, "eenzaam"))
    lines = {layer["data"]["values"][0]["regio"]: layer["mark"] for layer in layers_with(spec, "line")}
    assert lines["Nederland"]["strokeDash"] != [1, 0], "Nederland is dashed"
    assert lines["Soest"]["strokeWidth"] > lines["Smitsveen"]["strokeWidth"], "the gemeente is thicker"
    colour = layers_with(spec, "point")[0]["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Smitsveen", "Soestdijk 't Hart", "Soest", "Nederland"]
    assert len(set(colour["scale"]["range"])) == 4
    shapes = layers_with(spec, "point")[0]["encoding"]["shape"]["scale"]["range"]
    assert len(set(shapes)) == 4, "every region has its own point shape, not only its own colour"


def test_spec_is_valid_vega_lite_and_altair_chart_round_trips(observations):
    for indicator in ("eenzaam", "aanvragen_leergeld", "netto_arbeidsparticipatie"):
        frame = one(observations, indicator)
        alt.LayerChart.from_dict(trend.trend_spec(frame), validate=True)
        chart = trend.trend_chart(frame)
        assert isinstance(chart, alt.LayerChart)
        json.dumps(chart.to_dict())  # what st.altair_chart sends


def test_font_scale_and_height_for_the_beamer(observations):
    frame = one(observations, "eenzaam")
    normal, large = trend.trend_spec(frame), trend.trend_spec(frame, height=520, font_scale=1.8)
    assert large["height"] == 520
    assert large["config"]["axis"]["labelFontSize"] == pytest.approx(normal["config"]["axis"]["labelFontSize"] * 1.8)
    assert large["config"]["legend"]["labelFontSize"] > normal["config"]["legend"]["labelFontSize"]


def test_one_indicator_and_one_breakdown_at_a_time(observations):
    with pytest.raises(ValueError):
        trend.trend_spec(observations.filter(pl.col("indicator_code").is_in(["eenzaam", "rokers"])))


def test_sparkline_follows_one_region_and_marks_its_gaps(observations):
    frame = one(observations, "veel_stress").filter(pl.col("region_code") == "GM0342")
    spec = trend.sparkline_spec(frame)
    line = layers_with(spec, "line")[0]
    assert [row["jaar"] for row in line["data"]["values"]] == [2020, 2022, 2024]
    assert [row["year"] for row in layers_with(spec, "rule")[0]["data"]["values"]] == [2012, 2016]
    assert line["encoding"]["x"]["axis"]["values"] == [2012, 2024]
    alt.LayerChart.from_dict(spec, validate=True)
    assert isinstance(trend.sparkline(frame), alt.LayerChart)


# --- the visual language and the text alternative --------------------------------------------------------------


def test_regions_take_the_visual_language_and_wijken_never_better_worse_colours(observations):
    spec = trend.trend_spec(one(observations, "eenzaam"))
    colour = layers_with(spec, "point")[0]["encoding"]["color"]
    assert colour["scale"]["range"] == [visual.wijk_style(0).colour, visual.wijk_style(1).colour,
                                        visual.GEMEENTE.colour, visual.NEDERLAND.colour]
    assert not {visual.BETTER.colour, visual.WORSE.colour} & set(colour["scale"]["range"]), \
        "Smitsveen in orange would read as 'slechter'"
    lines = {layer["data"]["values"][0]["regio"]: layer["mark"] for layer in layers_with(spec, "line")}
    assert lines["Nederland"]["strokeDash"] == list(visual.NEDERLAND.dash)
    assert lines["Soest"]["strokeDash"] == [1, 0] and lines["Soest"]["strokeWidth"] == visual.GEMEENTE.width
    # legend labels are never cut off (0 = no limit in Vega), text in the AA text colour
    assert colour["legend"]["labelLimit"] == 0 and colour["legend"]["title"] is None
    assert spec["config"]["legend"]["labelColor"] == spec["config"]["axis"]["labelColor"] == visual.TEXT
    assert spec["config"]["aria"] is False, "no English per-mark labels; the description names the chart"


def test_description_is_a_dutch_one_line_summary(observations):
    frame = one(observations, "eenzaam")
    spec = trend.trend_spec(frame)
    text = trend.describe_trend(frame)
    assert spec["description"] == text
    soest = frame.filter((pl.col("region_code") == "GM0342") & pl.col("value").is_not_null()).sort("year")
    first, last = soest.row(0, named=True), soest.row(-1, named=True)
    national = frame.filter((pl.col("region_code") == "NL00") & pl.col("value").is_not_null()).sort("year")
    nl = national.row(-1, named=True)
    assert text.startswith(f"Lijngrafiek: Eenzaam (%), {first['year']} tot {last['year']}. Smitsveen van ")
    assert (f"Soest van {fmt.value_text(first['value'], 1, '%')} ({first['year']}) naar "
            f"{fmt.value_text(last['value'], 1, '%')} ({last['year']})") in text
    assert f"; Nederland {nl['year']}: {fmt.value_text(nl['value'], 1, '%')}." in text
    assert text.endswith("Schattingen met 95%-interval.")
    assert trend.describe_trend(one(observations, "startkwalificatie")).endswith("Niet elk jaar een cijfer.")


def test_description_names_a_series_break_and_a_sparkline_its_course(observations):
    frame = one(observations, "laag_inkomen")
    assert trend.describe_trend(frame).endswith("Reeksbreuk na 2023.")
    gemeente = frame.filter(pl.col("region_code") == "GM0342")
    spec = trend.sparkline_spec(gemeente)
    figures = gemeente.filter(pl.col("value").is_not_null()).sort("year")
    assert spec["description"] == (f"Verloop {figures['year'][0]}–{figures['year'][-1]}: van "
                                   f"{fmt.value_text(figures['value'][0], 1, '%')} naar "
                                   f"{fmt.value_text(figures['value'][-1], 1, '%')}.")
    assert trend.describe_trend(frame.clear()) == "Lijngrafiek zonder cijfers."


# --- the path to a streefwaarde (app.progress) -------------------------------------------------------------------

LESS_IS_BETTER = progress.Target("test", baseline_year=2020, baseline_value=12.0, target_value=9.0, target_year=2028,
                                 source="Uitvoeringsplan 2026", baseline_source="Testbron, 2020",
                                 ambition="Minder dan 9%")
TARGETED = [("GM0342", "Soest", "gemeente", 2020, 12.0, "definitief", None, None),
            ("GM0342", "Soest", "gemeente", 2022, 11.6, "definitief", None, None),
            ("GM0342", "Soest", "gemeente", 2024, 10.1, "definitief", None, None),
            ("NL00", "Nederland", "land", 2024, 11.0, "definitief", None, None)]


def target_layers(spec: dict) -> list[dict]:
    """The layers of the path and its marks: they carry the TARGET colour as a fixed mark colour."""
    return [layer for layer in spec["layer"] if layer["mark"].get("color") == visual.TARGET.colour]


def test_a_target_draws_the_dotted_path_and_labels_nulmeting_and_streefwaarde():
    frame = synthetic(TARGETED)
    spec = trend.trend_spec(frame, target=LESS_IS_BETTER)
    layers = target_layers(spec)
    path = [layer for layer in layers if layer["mark"]["type"] == "line"]
    assert len(path) == 1
    assert [(row["jaar"], row["waarde"]) for row in path[0]["data"]["values"]] == [(2020, 12.0), (2028, 9.0)]
    assert path[0]["mark"]["strokeDash"] == list(visual.TARGET.dash) and path[0]["mark"]["strokeCap"] == "round"
    others = [style.dash for style in (visual.NEDERLAND, getattr(visual, "PROVINCIE", None),
                                       getattr(visual, "REFERENCE", None)) if style is not None]
    assert visual.TARGET.dash not in others, "the path is dotted, never a reference region's dashes"
    labels = {layer["data"]["values"][0]["label"]: layer["data"]["values"][0] for layer in layers
              if layer["mark"]["type"] == "text"}
    assert set(labels) == {"nulmeting 2020", "streefwaarde 9% (2028)"}
    assert (labels["nulmeting 2020"]["jaar"], labels["nulmeting 2020"]["waarde"]) == (2020, 12.0)
    assert (labels["streefwaarde 9% (2028)"]["jaar"], labels["streefwaarde 9% (2028)"]["waarde"]) == (2028, 9.0)
    assert "Uitvoeringsplan 2026" in labels["streefwaarde 9% (2028)"]["detail"]
    assert "Minder dan 9%" in labels["streefwaarde 9% (2028)"]["detail"]
    assert labels["nulmeting 2020"]["detail"] == "Nulmeting 12,0% in 2020 (bron: Testbron, 2020)"
    markers = {layer["mark"]["shape"] for layer in layers if layer["mark"]["type"] == "point"}
    assert markers == {"circle", visual.TARGET.shape}
    # the year axis reaches the target year; the description (the chart's accessible name) names the target
    x = layers_with(spec, "point")[0]["encoding"]["x"]
    assert x["scale"]["domain"] == [2020, 2028] and x["axis"]["values"] == [2020, 2022, 2024, 2028]
    assert spec["description"].endswith(
        "Stippellijn: het pad van de nulmeting 12,0% (2020) naar de streefwaarde 9% in 2028.")
    alt.LayerChart.from_dict(spec, validate=True)
    assert isinstance(trend.trend_chart(frame, target=LESS_IS_BETTER), alt.LayerChart)


def test_without_a_target_the_chart_is_unchanged():
    frame = synthetic(TARGETED)
    spec = trend.trend_spec(frame)
    assert not target_layers(spec)
    assert trend.trend_spec(frame, target=None) == spec
    assert layers_with(spec, "point")[0]["encoding"]["x"]["scale"]["domain"] == [2020, 2024]
    assert "treefwaarde" not in spec["description"] and "nulmeting" not in spec["description"]


def test_after_the_target_year_the_path_holds_the_target_and_without_nulmeting_only_the_target_is_marked():
    early = progress.Target("test", 2020, 12.0, 9.0, 2022, "Plan")
    path = [layer for layer in target_layers(trend.trend_spec(synthetic(TARGETED), target=early))
            if layer["mark"]["type"] == "line"][0]
    assert [(row["jaar"], row["waarde"]) for row in path["data"]["values"]] == [(2020, 12.0), (2022, 9.0), (2024, 9.0)]
    unknown = progress.Target("test", 2018, None, 9.0, 2028, "Plan")
    spec = trend.trend_spec(synthetic(TARGETED), target=unknown)
    layers = target_layers(spec)
    assert [layer["mark"]["type"] for layer in layers] == ["point", "text"]
    assert layers[1]["data"]["values"][0]["label"] == "streefwaarde 9% (2028)"
    assert spec["description"].endswith("Streefwaarde 9% in 2028; geen cijfer voor de nulmeting in 2018.")
    assert layers_with(spec, "point")[0]["encoding"]["x"]["axis"]["values"] == [2020, 2022, 2024, 2028], \
        "no tick for a nulmeting year without a figure"


def test_a_target_is_not_drawn_on_a_breakdown_or_half_year_chart():
    group = synthetic(TARGETED).with_columns(pl.lit("65+").alias("breakdown"))
    assert not target_layers(trend.trend_spec(group, target=LESS_IS_BETTER))


def test_a_target_on_a_demo_chart_stays_valid_vega_lite(observations):
    frame = one(observations, "eenzaam").filter(pl.col("region_code").is_in(["GM0342", "NL00"]))
    target = progress.Target("eenzaam", 2020, 46.0, 42.0, 2030, "Plan")
    spec = trend.trend_spec(frame, target=target, font_scale=1.8)
    alt.LayerChart.from_dict(spec, validate=True)
    assert len(target_layers(spec)) == 5  # path, ring and label of the nulmeting, diamond and label of the target
