"""The deviation rules: one verdict per figure (judge) and the Opvallend list (striking), on made-up and demo figures."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from app import deviation
from app.deviation import judge, striking
from warehouse import queries
from warehouse.build import connect_readonly


# --- judge ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "reference", "higher_is_better", "verdict"), [
    (60.0, 50.0, True, "beter"),
    (40.0, 50.0, True, "slechter"),
    (40.0, 50.0, False, "beter"),       # less loneliness is better
    (60.0, 50.0, False, "slechter"),
    (60.0, 50.0, None, "neutraal"),     # an age share has no good or bad direction
])
def test_verdict_follows_the_direction_of_the_indicator(value, reference, higher_is_better, verdict):
    judged = judge(value, reference, higher_is_better, "%")
    assert judged.verdict == verdict
    assert judged.difference == pytest.approx(value - reference)
    assert judged.relative == pytest.approx((value - reference) / reference)


@pytest.mark.parametrize(("value", "reference"), [(None, 50.0), (50.0, None), (None, None)])
def test_a_missing_figure_is_unknown_never_zero(value, reference):
    judged = judge(value, reference, True, "%")
    assert judged == deviation.Deviation(None, None, "onbekend")


def test_counts_are_not_judged_against_the_gemeente():
    judged = judge(6770.0, 47012.0, True, "aantal")
    assert judged.verdict == "neutraal"
    assert judged.relative is None


def test_a_difference_that_vanishes_at_the_shown_precision_is_equal():
    assert judge(5.83, 5.79, False, "%", decimals=1).verdict == "gelijk"
    assert judge(5.86, 5.79, False, "%", decimals=1).verdict == "slechter"
    assert judge(5.86, 5.79, False, "%").verdict == "slechter"  # without decimals every difference counts


def test_estimates_only_differ_when_their_intervals_do_not_overlap():
    # Smitsveen eenzaam 2024 against Soest: 51,0 (48,3–53,6) vs 46,4 (44,9–47,8): apart, so worse.
    assert judge(51.0, 46.4, False, "%", decimals=1, interval=(48.3, 53.6),
                 reference_interval=(44.9, 47.8)).verdict == "slechter"
    # Boerenstreek 46,3 (43,2–49,5) overlaps Soest: no difference of meaning.
    assert judge(46.3, 46.4, False, "%", decimals=1, interval=(43.2, 49.5),
                 reference_interval=(44.9, 47.8)).verdict == "gelijk"
    # Touching bounds count as overlap; a missing bound means no interval test.
    assert judge(50.0, 40.0, False, "%", interval=(45.0, 55.0), reference_interval=(35.0, 45.0)).verdict == "gelijk"
    assert judge(50.0, 40.0, False, "%", interval=(None, 55.0), reference_interval=(35.0, 45.0)).verdict == "slechter"


def test_reference_zero_gives_no_relative_difference():
    judged = judge(3.0, 0.0, False, "%")
    assert judged.verdict == "slechter" and judged.relative is None


# --- striking ----------------------------------------------------------------------------------------------


def _rows(region: str, figures: list[tuple]) -> pl.DataFrame:
    """figures: (indicator, year, value, higher_is_better, unit[, ci_low, ci_high[, breakdown]])."""
    rows = []
    for figure in figures:
        code, year, value, direction, unit = figure[:5]
        ci_low, ci_high = figure[5:7] if len(figure) >= 7 else (None, None)
        breakdown = figure[7] if len(figure) == 8 else "totaal"
        status = "geschat" if ci_low is not None else ("definitief" if value is not None else "ontbreekt")
        rows.append({"indicator_code": code, "title": code.replace("_", " ").capitalize(), "unit": unit,
                     "decimals": 1, "higher_is_better": direction, "opgave_code": "x", "region_code": region,
                     "region_name": region, "region_level": "wijk", "year": year, "breakdown": breakdown,
                     "value": value, "ci_low": ci_low, "ci_high": ci_high, "status": status,
                     "source_title": "Bron", "sort_order": 1})
    return pl.DataFrame(rows, schema={"indicator_code": pl.String, "title": pl.String, "unit": pl.String,
                                      "decimals": pl.Int32, "higher_is_better": pl.Boolean, "opgave_code": pl.String,
                                      "region_code": pl.String, "region_name": pl.String, "region_level": pl.String,
                                      "year": pl.Int32, "breakdown": pl.String, "value": pl.Float64,
                                      "ci_low": pl.Float64, "ci_high": pl.Float64, "status": pl.String,
                                      "source_title": pl.String, "sort_order": pl.Int32})


def test_striking_applies_threshold_direction_intervals_and_units():
    wijk = _rows("WK", [
        ("laag_inkomen", 2023, 9.8, False, "%"),                   # +69%: worse
        ("vrijwilligerswerk", 2024, 39.9, True, "%", 36.2, 43.8),  # +24%, intervals apart: better
        ("eenzaam", 2024, 52.0, False, "%", 44.0, 60.0),           # +12%: below the threshold anyway
        ("rokers", 2024, 20.0, False, "%", 14.0, 26.0),            # +54% but intervals overlap: not striking
        ("aandeel_65plus", 2024, 31.8, None, "%"),                 # +24%, no direction: 'anders'
        ("inwoners", 2024, 6770.0, None, "aantal"),                # a count: never striking
        ("jeugdzorg", 2023, 10.5, None, "%"),                      # +5%: not striking
    ])
    gemeente = _rows("GM", [
        ("laag_inkomen", 2023, 5.8, False, "%"),
        ("vrijwilligerswerk", 2024, 32.3, True, "%", 31.2, 33.5),
        ("eenzaam", 2024, 46.4, False, "%", 44.9, 47.8),
        ("rokers", 2024, 13.0, False, "%", 12.0, 14.5),
        ("aandeel_65plus", 2024, 25.6, None, "%"),
        ("inwoners", 2024, 47012.0, None, "aantal"),
        ("jeugdzorg", 2023, 10.0, None, "%"),
    ])
    found = striking(wijk, gemeente)
    assert found.select("indicator_code", "verdict").rows() == [
        ("laag_inkomen", "slechter"), ("aandeel_65plus", "neutraal"), ("vrijwilligerswerk", "beter")]
    row = found.row(0, named=True)
    assert row["relative"] == pytest.approx(4.0 / 5.8)
    assert row["reference_value"] == 5.8 and row["year"] == 2023


def test_striking_compares_the_newest_year_both_have():
    # The wijk's 2024 figure is missing (ontbreekt); the gemeente has one: 2023 is compared, not 2024 with 2023.
    wijk = _rows("WK", [("laag_inkomen", 2023, 9.8, False, "%"), ("laag_inkomen", 2024, None, False, "%")])
    gemeente = _rows("GM", [("laag_inkomen", 2023, 5.8, False, "%"), ("laag_inkomen", 2024, 9.0, False, "%")])
    found = striking(wijk, gemeente)
    assert found["year"].to_list() == [2023]
    assert found["reference_value"].to_list() == [5.8]


def test_striking_ignores_breakdowns_and_keeps_the_largest_per_kind():
    wijk = _rows("WK", [(f"i{n}", 2024, 10.0 + n, False, "%") for n in range(1, 9)]
                 + [("eenzaam", 2024, 90.0, False, "%", None, None, "65 jaar of ouder")])
    gemeente = _rows("GM", [(f"i{n}", 2024, 5.0, False, "%") for n in range(1, 9)]
                     + [("eenzaam", 2024, 40.0, False, "%", None, None, "65 jaar of ouder")])
    found = striking(wijk, gemeente, limit=3)
    assert found["indicator_code"].to_list() == ["i8", "i7", "i6"]
    assert "eenzaam" not in found["indicator_code"].to_list()


def test_striking_with_nothing_to_compare_is_an_empty_frame():
    found = striking(_rows("WK", [("a", 2024, None, True, "%")]), _rows("GM", [("a", 2024, 5.0, True, "%")]))
    assert found.is_empty()
    assert list(found.columns) == list(deviation.STRIKING_SCHEMA)


def test_the_rule_on_screen_states_the_thresholds():
    assert f"{round(deviation.STRIKING_MIN_RELATIVE * 100)}%" in deviation.OPVALLEND_RULE
    assert "95%-intervallen" in deviation.OPVALLEND_RULE
    assert f"{deviation.STRIKING_LIMIT} grootste" in deviation.OPVALLEND_RULE


def test_striking_on_the_demo_warehouse_matches_the_figures_in_the_warehouse(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        figures = queries.observations(con, None, ("WK034205", "GM0342"), None)
    found = striking(figures.filter(pl.col("region_code") == "WK034205"),
                     figures.filter(pl.col("region_code") == "GM0342"))
    worse = found.filter(pl.col("verdict") == "slechter")
    assert "laag_inkomen" in worse["indicator_code"].to_list()
    assert found.filter(pl.col("verdict") == "beter").is_empty()
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        wijk, gemeente = con.execute(
            "SELECT max(value) FILTER (WHERE region_code = 'WK034205'), max(value) FILTER (WHERE region_code = 'GM0342')"
            " FROM observation WHERE indicator_code = 'laag_inkomen' AND year = 2023 AND breakdown = 'totaal'"
        ).fetchone()
    row = worse.filter(pl.col("indicator_code") == "laag_inkomen").row(0, named=True)
    assert (row["value"], row["reference_value"], row["year"]) == (wijk, gemeente, 2023)
    # Every estimate on the list really lies outside the gemeente's interval.
    for estimate in found.filter(pl.col("ci_low").is_not_null()).iter_rows(named=True):
        assert estimate["ci_low"] > estimate["reference_ci_high"] or estimate["ci_high"] < estimate["reference_ci_low"]


@pytest.mark.parametrize(("value", "previous", "higher_is_better", "interval", "previous_interval", "moved",
                          "expected"), [
    (7.2, 8.1, False, None, None, True, ("beter", False)),       # less low income: better
    (8.1, 7.2, False, None, None, True, ("slechter", False)),
    (8.1, 7.2, None, None, None, True, ("neutraal", False)),     # a count has no good direction
    (8.1, 8.1, False, None, None, False, ("neutraal", False)),   # 'gelijk sinds …': no verdict
    (15.6, 15.9, False, (14.8, 16.6), (15.0, 16.8), True, ("neutraal", True)),  # estimates within the margin
    (13.0, 15.9, False, (12.2, 13.8), (15.0, 16.8), True, ("beter", False)),     # intervals apart: a real change
])
def test_a_change_over_time_is_judged_the_same_on_tiles_and_slides(value, previous, higher_is_better, interval,
                                                                   previous_interval, moved, expected):
    verdict, within_margin = deviation.change_judgement(value, previous, higher_is_better, interval,
                                                        previous_interval, moved)
    assert (verdict.key, within_margin) == expected
