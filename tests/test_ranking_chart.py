"""The ranking chart (app.charts.wijk.ranking_chart) on the demo figures, asserted on its Vega-Lite spec: figures in a
column of their own, reference lines labelled at their end, a legend of only what is drawn, whole-step axes."""

from __future__ import annotations

import json
import re

import altair as alt
import polars as pl
import pytest

from app import comparison_table, visual
from app.charts import wijk as charts
from warehouse import queries
from warehouse.build import connect_readonly

GEMEENTE = "GM0342"
HART = "WK034206"


@pytest.fixture(scope="module")
def wijken(demo_warehouse) -> pl.DataFrame:
    with connect_readonly(demo_warehouse) as con:
        return queries.wijken(con, GEMEENTE)


@pytest.fixture(scope="module")
def figures(demo_warehouse, wijken) -> pl.DataFrame:
    with connect_readonly(demo_warehouse) as con:
        return queries.observations(con, None, tuple(wijken["region_code"]) + (GEMEENTE, "NL00"), "totaal")


def spec_of(figures, wijken, indicator: str, year: int, **options) -> dict:
    spec = charts.ranking_chart(figures, wijken, indicator, year, GEMEENTE, **options).to_dict()
    alt.LayerChart.from_dict(spec, validate=True)  # a valid Vega-Lite spec, also with our conditions and labelExpr
    return spec


def rows_of(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def marks(spec: dict, kind: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == kind]


def figure_axis(spec: dict) -> dict:
    [axis] = [layer["encoding"]["y"]["axis"] for layer in spec["layer"]
              if (layer.get("encoding", {}).get("y") or {}).get("axis") and
              layer["encoding"]["y"]["axis"].get("orient") == "right"]
    return axis


def test_legend_lists_only_the_verdicts_drawn_without_a_title(figures, wijken):
    ranked = comparison_table.ranking(figures, wijken, "laag_inkomen", 2023, GEMEENTE)
    drawn = set(ranked.filter(pl.col("value").is_not_null())["verdict"])
    assert drawn == {"beter", "slechter"}, "the demo's income figures have wijken on both sides of Soest"
    spec = spec_of(figures, wijken, "laag_inkomen", 2023)
    [bars] = marks(spec, "bar")
    colour = bars["encoding"]["color"]
    assert colour["scale"]["domain"] == ["✓ beter dan Soest", "✗ slechter dan Soest"]
    assert colour["scale"]["range"] == [visual.BETTER.colour, visual.WORSE.colour]
    assert colour["legend"]["title"] is None and colour["legend"]["labelLimit"] == 0
    assert not any("geen oordeel" in label or "verschil" in label for label in colour["scale"]["domain"])
    by_name = {row["name"]: row for row in rows_of(spec, bars)}
    assert {row["oordeel"] for row in by_name.values()} == set(colour["scale"]["domain"])


def test_figures_stand_in_their_own_column_right_of_the_plot(figures, wijken):
    """Not as text marks inside the plot, where a whisker or a reference line could cross them."""
    spec = spec_of(figures, wijken, "laag_inkomen", 2023)
    assert spec["resolve"]["axis"]["y"] == "independent"
    axis = figure_axis(spec)
    texts = json.loads(axis["labelExpr"].removesuffix("[datum.value]"))
    ranked = comparison_table.ranking(figures, wijken, "laag_inkomen", 2023, GEMEENTE)
    assert set(texts) == set(ranked["name"])
    smitsveen = ranked.filter(pl.col("name") == "Smitsveen").row(0, named=True)
    assert smitsveen["verdict"] == "slechter" and texts["Smitsveen"].endswith(" ✗")
    assert texts["Smitsveen"].startswith(f"{smitsveen['value']:.1f}".replace(".", ","))
    # the verdict colours the figure too (AA text colours), the rest is plain text
    colours = {condition["value"] for condition in axis["labelColor"]["condition"]}
    assert {visual.BETTER.colour, visual.WORSE.colour} <= colours and axis["labelColor"]["value"] == visual.TEXT
    # inside the plot only the reference labels are text, and they stand above it (y 0, upwards)
    for text in marks(spec, "text"):
        assert text["encoding"]["y"] == {"value": 0} and text["mark"]["baseline"] == "bottom"
        assert text["mark"]["dy"] < 0


def test_interval_whiskers_have_a_white_halo_so_they_show_on_a_dark_bar(figures, wijken):
    spec = spec_of(figures, wijken, "eenzaam", 2024)
    whiskers = [rule for rule in marks(spec, "rule") if rule["encoding"].get("x2") == {"field": "ci_high"}]
    halo, whisker = whiskers
    assert halo["mark"]["color"] == visual.BACKGROUND and whisker["mark"]["color"] == visual.TEXT
    assert halo["mark"]["strokeWidth"] > whisker["mark"]["strokeWidth"]
    assert spec["layer"].index(halo) < spec["layer"].index(whisker), "the halo under the whisker"
    assert all(row["ci_low"] is not None for row in rows_of(spec, whisker)), "RIVM estimates carry intervals"


def test_a_wijk_without_figure_has_no_bar_and_its_word_in_the_column(figures, wijken):
    spec = spec_of(figures, wijken, "aanvragen_leergeld", 2023)
    [bars] = marks(spec, "bar")
    assert HART not in {row["region_code"] for row in rows_of(spec, bars)}
    hart = wijken.filter(pl.col("region_code") == HART)["name"][0]
    axis = figure_axis(spec)
    assert json.loads(axis["labelExpr"].removesuffix("[datum.value]"))[hart] == "geheim"
    assert hart in axis["labelFontStyle"]["condition"]["test"]


def test_counts_have_no_reference_lines_no_verdict_and_no_legend(figures, wijken):
    spec = spec_of(figures, wijken, "aanvragen_leergeld", 2023)
    assert not marks(spec, "rule") or all("soort" not in rows_of(spec, rule)[0] for rule in marks(spec, "rule"))
    [bars] = marks(spec, "bar")
    colour = bars["encoding"]["color"]
    assert colour["legend"] is None and colour["scale"]["range"] == [visual.NO_JUDGEMENT.colour]


def test_reference_lines_are_labelled_at_their_top_end_in_the_visual_language(figures, wijken):
    spec = spec_of(figures, wijken, "laag_inkomen", 2023)

    def reference_of(layer: dict) -> dict | None:
        """The reference row a layer draws: both lines share one dataset, each layer filters its own row."""
        rows = rows_of(spec, layer)
        if not rows or "soort" not in rows[0]:
            return None
        [row] = [row for row in rows if f"'{row['soort']}'" in layer["transform"][0]["filter"]]
        return row

    rows = figures.filter((pl.col("indicator_code") == "laag_inkomen") & (pl.col("year") == 2023))
    expected = {code: f"{name} {comparison_table.figure_text(row, short=True)}"
                for code, name, row in ((r["region_code"], r["region_name"], r) for r in rows.iter_rows(named=True))
                if code in (GEMEENTE, "NL00")}
    rules = {reference_of(rule)["soort"]: rule for rule in marks(spec, "rule") if reference_of(rule)}
    assert rules["gemeente"]["mark"]["color"] == visual.GEMEENTE.colour
    assert rules["gemeente"]["mark"]["strokeDash"] == [1, 0]
    assert rules["Nederland"]["mark"]["color"] == visual.NEDERLAND.colour
    assert rules["Nederland"]["mark"]["strokeDash"] == list(visual.NEDERLAND.dash)
    labels = {reference_of(text)["label"]: text for text in marks(spec, "text")}
    assert set(labels) == set(expected.values())
    assert expected[GEMEENTE].startswith("Soest ")
    # Soest 5,8% and Nederland 6,6% stand close together: two rows, so their labels do not overlap
    offsets = sorted(text["mark"]["dy"] for text in labels.values())
    assert offsets[0] < offsets[1] < 0
    # no legend for the lines: their labels say what they are
    assert all("strokeDash" not in layer.get("encoding", {}) for layer in spec["layer"])


def test_axis_in_whole_steps_ending_on_a_round_number(figures, wijken):
    spec = spec_of(figures, wijken, "laag_inkomen", 2023)
    [bars] = marks(spec, "bar")
    x = bars["encoding"]["x"]
    highest = max(v for v in figures.filter((pl.col("indicator_code") == "laag_inkomen") & (pl.col("year") == 2023))
                  ["value"].to_list() if v is not None)
    assert x["axis"]["tickMinStep"] == 1, "no 0,5 steps on a percentage axis"
    assert x["scale"]["domain"] == [0, charts._nice_top(highest)] and x["scale"]["domain"][1] >= highest
    assert "replace" in x["axis"]["labelExpr"], "Dutch decimal comma on the axis"


@pytest.mark.parametrize(("highest", "top"), [(2.7, 3), (8.1, 10), (12.3, 15), (46.4, 50), (99, 100),
                                              (1234, 1500), (0.3, 0.3), (0, 1)])
def test_nice_axis_end(highest, top):
    assert charts._nice_top(highest) == pytest.approx(top)


def test_description_is_the_text_alternative(figures, wijken):
    spec = spec_of(figures, wijken, "laag_inkomen", 2023)
    text = charts.describe_ranking(figures, wijken, "laag_inkomen", 2023, GEMEENTE)
    assert spec["description"] == text
    ranked = comparison_table.ranking(figures, wijken, "laag_inkomen", 2023, GEMEENTE).sort("value", descending=True)
    top, bottom = ranked["name"][0], ranked["name"][-1]
    assert text.startswith("Staafdiagram: Huishoudens met een laag inkomen (%) per wijk in 2023, van ")
    assert f" in {top} tot " in text and f" in {bottom};" in text
    better = ranked.filter(pl.col("verdict") == "beter").height
    worse = ranked.filter(pl.col("verdict") == "slechter").height
    assert better > 1 and worse > 1
    assert text.endswith(f"{better} wijken beter dan Soest, {worse} wijken slechter dan Soest.")
    counts = charts.describe_ranking(figures, wijken, "aanvragen_leergeld", 2023, GEMEENTE)
    assert counts.endswith("2 wijken zonder cijfer.") and "Soest" not in counts


def test_beamer_size_scales_the_text(figures, wijken):
    normal = spec_of(figures, wijken, "laag_inkomen", 2023)
    large = spec_of(figures, wijken, "laag_inkomen", 2023, font_scale=1.6)
    assert large["config"]["axis"]["labelFontSize"] == pytest.approx(1.6 * normal["config"]["axis"]["labelFontSize"])
    assert figure_axis(large)["labelFontSize"] > figure_axis(normal)["labelFontSize"]
    assert large["height"]["step"] > normal["height"]["step"]
    assert normal["config"]["aria"] is False, "no English per-mark labels; the description names the chart"


def test_small_multiples_draw_nederland_grey_dashed_and_the_gemeente_solid(figures):
    codes = ["WK034205", GEMEENTE, "NL00"]
    rows = charts.trend_rows(figures, ["laag_inkomen"], codes[0], GEMEENTE)
    spec = charts.trend_chart(rows, codes).to_dict()
    alt.FacetChart.from_dict(spec, validate=True)
    encodings = [layer["encoding"] for group in spec["spec"]["layer"] for layer in group.get("layer", [group])]
    dash = next(e["strokeDash"] for e in encodings if "strokeDash" in e)
    colour = next(e["color"] for e in encodings if "color" in e)
    assert dash["scale"]["domain"] == ["Smitsveen", "Soest", "Nederland"]
    assert dash["scale"]["range"] == [[1, 0], [1, 0], list(visual.NEDERLAND.dash)]
    assert colour["scale"]["range"] == [visual.wijk_style(0).colour, visual.GEMEENTE.colour, visual.NEDERLAND.colour]
    assert spec["description"].startswith("Lijngrafieken, één per indicator (Huishoudens met een laag inkomen)")


def test_a_rate_per_1000_keeps_its_unit_in_the_axis_title_and_the_column_narrow(figures, wijken):
    spec = spec_of(figures, wijken, "bijstand_per_1000", 2024)
    [bars] = marks(spec, "bar")
    assert bars["encoding"]["x"]["title"] == "Bijstandsuitkeringen (per 1.000 inwoners)"
    texts = json.loads(figure_axis(spec)["labelExpr"].removesuffix("[datum.value]"))
    assert not any("inwoners" in text for text in texts.values())
    assert all(re.fullmatch(r"\d+,\d [✓✗≈]", text) for text in texts.values()), texts
