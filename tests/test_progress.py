"""The progress rule (app.progress): every label of an indicator, the expected value on its path, the goal verdict."""

from __future__ import annotations

import polars as pl
import pytest

from app import progress as pr
from app import visual
from app.progress import Target, expected_value, progress, verdict

# Less overweight is better: 14,5% in 2022, 12% by 2028 (the path drops 0,41⅔ per year).
OVERGEWICHT = Target("overgewicht", baseline_year=2022, baseline_value=14.5, target_value=12.0, target_year=2028,
                     source="Uitvoeringsplan 2026", baseline_source="Gezondheidsmonitor, 2022")


def figure(year, value, ci_low=None, ci_high=None, status="definitief"):
    return {"year": year, "value": value, "ci_low": ci_low, "ci_high": ci_high, "status": status}


# --- the expected value ---------------------------------------------------------------------------------------


def test_expected_value_lies_on_the_straight_path_and_is_the_target_after_the_target_year():
    assert expected_value(OVERGEWICHT, 2022) == pytest.approx(14.5)
    assert expected_value(OVERGEWICHT, 2025) == pytest.approx(13.25)
    assert expected_value(OVERGEWICHT, 2028) == pytest.approx(12.0)
    assert expected_value(OVERGEWICHT, 2031) == pytest.approx(12.0)
    assert expected_value(OVERGEWICHT, 2020) == pytest.approx(14.5)  # before the nulmeting: the nulmeting itself


def test_no_expected_value_without_a_nulmeting_value():
    assert expected_value(Target("x", 2022, None, 12.0, 2028, "plan"), 2025) is None


# --- the labels -----------------------------------------------------------------------------------------------


def test_below_the_path_on_an_indicator_where_lower_is_better_is_on_track():
    found = progress(OVERGEWICHT, False, 1, figure(2025, 13.1), unit="%")
    assert found.label == pr.ON_TRACK
    assert (found.year, found.value, found.interval) == (2025, 13.1, None)
    assert found.expected == pytest.approx(13.25)
    # the expected 13,25 as the screen shows it (format.number: 13,2)
    assert found.explanation == "2025: 13,1% — verwacht op het pad naar 12% in 2028: 13,2%."
    assert found.visual is visual.BETTER and found.label_text == "✓ op koers"


def test_above_the_path_on_an_indicator_where_lower_is_better_is_behind():
    found = progress(OVERGEWICHT, False, 1, figure(2025, 13.6), unit="%")
    assert found.label == pr.BEHIND
    assert found.visual is visual.WORSE and found.label_text == "✗ achter"


def test_higher_is_better_turns_the_sides_around():
    participation = Target("sport", 2022, 50.0, 60.0, 2027, "Sportakkoord")  # expected 2024: 54
    assert progress(participation, True, 0, figure(2024, 57.0), unit="%").label == pr.ON_TRACK
    assert progress(participation, True, 0, figure(2024, 52.0), unit="%").label == pr.BEHIND


def test_an_estimate_whose_interval_holds_the_expected_value_is_within_the_margin():
    # 13,6 is above the path (13,25), but its interval 12,9–14,3 holds the expected value: may be chance.
    found = progress(OVERGEWICHT, False, 1, figure(2025, 13.6, 12.9, 14.3, "geschat"), unit="%")
    assert found.label == pr.WITHIN_MARGIN
    assert found.interval == (12.9, 14.3)
    assert "95%-interval 12,9–14,3%" in found.explanation
    assert found.visual is visual.SAME and found.label_text == "≈ binnen de marge"
    # An interval that does not hold the expected value decides nothing: the side does.
    assert progress(OVERGEWICHT, False, 1, figure(2025, 14.0, 13.5, 14.5, "geschat")).label == pr.BEHIND
    assert progress(OVERGEWICHT, False, 1, figure(2025, 12.5, 12.0, 13.0, "geschat")).label == pr.ON_TRACK


def test_a_figure_without_interval_equal_after_rounding_is_within_the_margin():
    # expected 2025: 13,25 → shown 13,2 (round half to even on the binary value); 13,24 shows as 13,2 too.
    found = progress(OVERGEWICHT, False, 1, figure(2025, 13.24), unit="%")
    assert found.label == pr.WITHIN_MARGIN
    assert "afgerond gelijk" in found.explanation
    # At 0 decimals a count of 1.012 against an expected 1.011,6 is the same as shown.
    count = Target("meldingen", 2020, 1000.0, 1040.0, 2030, "plan")
    assert progress(count, True, 0, figure(2023, 1012.0), unit="aantal").label == pr.WITHIN_MARGIN
    assert progress(count, True, 0, figure(2023, 1013.0), unit="aantal").label == pr.ON_TRACK


def test_no_target_is_no_judgement():
    found = progress(None, False, 1, figure(2025, 13.1), unit="%")
    assert found.label == pr.NO_TARGET
    assert found.target is None and found.expected is None
    assert found.visual is visual.NO_JUDGEMENT and found.label_text == "geen streefwaarde"


def test_no_figure_after_the_nulmeting_year_is_no_measurement_yet():
    assert progress(OVERGEWICHT, False, 1, figure(2022, 14.5), unit="%").label == pr.NO_MEASUREMENT
    assert progress(OVERGEWICHT, False, 1, figure(2021, 14.9), unit="%").label == pr.NO_MEASUREMENT
    assert progress(OVERGEWICHT, False, 1, None, unit="%").label == pr.NO_MEASUREMENT
    assert progress(OVERGEWICHT, False, 1, figure(2025, None, status="ontbreekt")).label == pr.NO_MEASUREMENT
    found = progress(OVERGEWICHT, False, 1, figure(2022, 14.5), unit="%")
    assert found.explanation == "Nog geen meting na de nulmeting (14,5% in 2022); streefwaarde 12% in 2028."
    assert found.visual is visual.NO_JUDGEMENT


def test_no_nulmeting_value_is_no_measurement_even_with_a_recent_figure():
    found = progress(Target("x", 2022, None, 12.0, 2028, "plan"), False, 1, figure(2025, 13.0), unit="%")
    assert found.label == pr.NO_MEASUREMENT
    assert "geen cijfer voor de nulmeting in 2022" in found.explanation


def test_without_a_direction_the_path_from_nulmeting_to_target_decides():
    rising = Target("x", 2020, 10.0, 20.0, 2030, "plan")   # expected 2025: 15
    falling = Target("y", 2020, 20.0, 10.0, 2030, "plan")  # expected 2025: 15
    assert progress(rising, None, 1, figure(2025, 16.0)).label == pr.ON_TRACK
    assert progress(rising, None, 1, figure(2025, 14.0)).label == pr.BEHIND
    assert progress(falling, None, 1, figure(2025, 14.0)).label == pr.ON_TRACK
    assert progress(falling, None, 1, figure(2025, 16.0)).label == pr.BEHIND
    # Keeping a level without a direction: only within the margin is on the path.
    keep = Target("z", 2020, 10.0, 10.0, 2030, "plan")
    assert progress(keep, None, 1, figure(2025, 10.02)).label == pr.WITHIN_MARGIN
    assert progress(keep, None, 1, figure(2025, 11.0)).label == pr.BEHIND


def test_after_the_target_year_the_target_itself_is_expected():
    found = progress(OVERGEWICHT, False, 1, figure(2030, 12.4), unit="%")
    assert found.label == pr.BEHIND
    assert found.expected == pytest.approx(12.0)
    assert found.explanation == "2030: 12,4% — streefwaarde 12% in 2028."
    assert progress(OVERGEWICHT, False, 1, figure(2028, 11.8), unit="%").label == pr.ON_TRACK


# --- from warehouse rows ------------------------------------------------------------------------------------------


TARGETS = pl.DataFrame({
    "indicator_code": ["overgewicht", "sport", "zonder_nulmeting"],
    "baseline_year": [2022, 2022, 2022], "baseline_value": [14.5, 50.0, None],
    "baseline_from": ["data", "config", "data"],
    "baseline_source": ["Gezondheidsmonitor, 2022", "Eigen meting 2022", None],
    "target_value": [12.0, 60.0, 5.0], "target_year": [2028, 2027, 2030],
    "source": ["Uitvoeringsplan 2026", "Sportakkoord", "Plan"], "ambition": ["Minder overgewicht", None, None],
})
LATEST = pl.DataFrame({
    "indicator_code": ["overgewicht", "sport", "zonder_nulmeting", "inwoners"],
    "title": ["Overgewicht", "Sportdeelname", "Iets", "Inwoners"], "unit": ["%", "%", "%", "aantal"],
    "decimals": [1, 0, 1, 0], "higher_is_better": [False, True, None, None],
    "year": [2025, 2024, 2025, 2025], "value": [13.6, 52.0, 6.0, 47012.0],
    "ci_low": [12.9, None, None, None], "ci_high": [14.3, None, None, None],
    "status": ["geschat", "definitief", "definitief", "definitief"],
})


def test_targets_and_progress_from_warehouse_frames():
    targets = pr.targets_by_indicator(TARGETS)
    assert targets["sport"].baseline_from == "config" and targets["overgewicht"].ambition == "Minder overgewicht"
    assert targets["zonder_nulmeting"].baseline_value is None
    found = pr.progress_by_indicator(TARGETS, LATEST)
    assert {code: item.label for code, item in found.items()} == {
        "overgewicht": pr.WITHIN_MARGIN, "sport": pr.BEHIND, "zonder_nulmeting": pr.NO_MEASUREMENT,
        "inwoners": pr.NO_TARGET}


def test_progress_table_has_a_row_per_indicator_with_numbers_and_words():
    catalog = LATEST.select("indicator_code", "title", "unit", "decimals", "higher_is_better")
    table = pr.progress_table(catalog, TARGETS, LATEST)
    assert table.columns == list(pr.PROGRESS_TABLE_SCHEMA)
    assert table["indicator"].to_list() == ["overgewicht", "sport", "zonder_nulmeting", "inwoners"]
    sport = table.row(1, named=True)
    assert sport | {"verwacht": round(sport["verwacht"], 6)} == {
        "indicator": "sport", "titel": "Sportdeelname", "eenheid": "%", "nulmeting_jaar": 2022, "nulmeting": 50.0,
        "bron_nulmeting": "Eigen meting 2022", "streefwaarde": 60.0, "streefjaar": 2027,
        "bron_streefwaarde": "Sportakkoord", "ambitie": None, "laatste_jaar": 2024, "laatste_waarde": 52.0,
        "ondergrens_95": None, "bovengrens_95": None, "verwacht": 54.0, "voortgang": "achter",
        "toelichting": "2024: 52% — verwacht op het pad naar 60% in 2027: 54%."}
    inwoners = table.row(3, named=True)
    assert inwoners["voortgang"] == "geen streefwaarde" and inwoners["streefwaarde"] is None
    assert inwoners["laatste_waarde"] == 47012.0


# --- the goal verdict ---------------------------------------------------------------------------------------------


def labelled(*labels):
    return [pr.Progress(label, None, None, None, None, None, "") for label in labels]


@pytest.mark.parametrize(("labels", "expected", "summary"), [
    ((), pr.NO_TARGETS, "geen indicatoren"),
    ((pr.NO_TARGET, pr.NO_TARGET), pr.NO_TARGETS, "2 zonder streefwaarde"),
    ((pr.NO_MEASUREMENT, pr.NO_TARGET), pr.NO_MEASUREMENT, "1 zonder meting; 1 zonder streefwaarde"),
    ((pr.ON_TRACK, pr.WITHIN_MARGIN, pr.NO_MEASUREMENT), pr.ON_TRACK,
     "1 op koers, 1 binnen de marge, 1 zonder meting"),
    ((pr.ON_TRACK, pr.ON_TRACK, pr.BEHIND, pr.NO_MEASUREMENT), pr.MIXED, "2 op koers, 1 achter, 1 zonder meting"),
    ((pr.ON_TRACK, pr.BEHIND), pr.MIXED, "1 op koers, 1 achter"),             # half is not more than half
    ((pr.ON_TRACK, pr.BEHIND, pr.BEHIND, pr.NO_MEASUREMENT), pr.BEHIND, "1 op koers, 2 achter, 1 zonder meting"),
    ((pr.BEHIND,), pr.BEHIND, "1 achter"),
])
def test_goal_verdict(labels, expected, summary):
    found = verdict(labelled(*labels))
    assert found.label == expected
    assert found.summary == summary
    assert found.label in pr.VERDICT_LABELS


def test_verdict_visuals():
    assert verdict(labelled(pr.ON_TRACK)).visual is visual.BETTER
    assert verdict(labelled(pr.BEHIND)).visual is visual.WORSE
    assert verdict(labelled(pr.ON_TRACK, pr.BEHIND)).visual is visual.NO_JUDGEMENT
    assert verdict(labelled(pr.ON_TRACK, pr.BEHIND)).label_text == "gemengd"


def test_goal_verdicts_count_subgoals_and_an_indicator_under_two_goals_once_per_opgave():
    goals = pl.DataFrame({"goal_code": ["vitaal", "vitaal_ouderen", "regie", "werk"],
                          "opgave_code": ["leefstijl", "leefstijl", "leefstijl", "bestaanszekerheid"],
                          "parent_code": [None, "vitaal", None, None]})
    indicator_goals = pl.DataFrame({"indicator_code": ["a", "b", "b", "c", "d"],
                                    "goal_code": ["vitaal", "vitaal_ouderen", "regie", "regie", "werk"]})
    found = {"a": labelled(pr.ON_TRACK)[0], "b": labelled(pr.BEHIND)[0], "c": labelled(pr.BEHIND)[0],
             "d": labelled(pr.NO_MEASUREMENT)[0]}
    assert pr.goal_indicators(goals, indicator_goals) == {
        "vitaal": ["a", "b"], "vitaal_ouderen": ["b"], "regie": ["b", "c"], "werk": ["d"]}
    by_goal = pr.goal_verdicts(goals, indicator_goals, found)
    assert {code: item.label for code, item in by_goal.items()} == {
        "vitaal": pr.MIXED, "vitaal_ouderen": pr.BEHIND, "regie": pr.BEHIND, "werk": pr.NO_MEASUREMENT}
    by_opgave = pr.opgave_verdicts(goals, indicator_goals, found)
    assert by_opgave["leefstijl"].label == pr.BEHIND  # a, b, c: two of three behind
    assert by_opgave["leefstijl"].summary == "1 op koers, 2 achter"
    assert by_opgave["bestaanszekerheid"].label == pr.NO_MEASUREMENT


def test_goal_verdicts_work_on_an_older_goals_frame_without_parents():
    goals = pl.DataFrame({"goal_code": ["g1"], "opgave_code": ["o"]})
    catalog = pl.DataFrame({"indicator_code": ["a", "b"], "goal_code": ["g1", None]})
    assert pr.goal_verdicts(goals, catalog, {"a": labelled(pr.ON_TRACK)[0]})["g1"].label == pr.ON_TRACK


def test_rule_texts_are_dutch_sentences_without_markdown():
    for text in (pr.RULE_TEXT, pr.GOAL_RULE_TEXT):
        assert text.endswith(".") and "*" not in text and "_" not in text
    assert "95%-interval" in pr.RULE_TEXT and "streefwaarde" in pr.RULE_TEXT
    assert "meer dan de helft" in pr.GOAL_RULE_TEXT


# --- on a real warehouse ------------------------------------------------------------------------------------------


def test_progress_and_verdicts_from_the_warehouse_queries(doelenboom_warehouse):
    from warehouse import queries
    from warehouse.build import connect_readonly

    with connect_readonly(doelenboom_warehouse) as con:
        targets, latest = queries.targets(con, "GM0342"), queries.latest_by_indicator(con, "GM0342")
        goals, indicator_goals = queries.goals(con), queries.indicator_goals(con)
        catalog = queries.indicator_catalog(con, "GM0342")
        nodes, opgaven = queries.goal_nodes(con), queries.opgaven(con)
    found = pr.progress_by_indicator(targets, latest)
    labels = {code: item.label for code, item in found.items() if item.label != pr.NO_TARGET}
    assert labels == {"ervaren_gezondheid": pr.BEHIND, "beweegrichtlijn": pr.WITHIN_MARGIN, "rokers": pr.BEHIND,
                      "eenzaam": pr.ON_TRACK, "overgewicht": pr.NO_MEASUREMENT}
    assert found["eenzaam"].target.baseline_from == "config" and found["eenzaam"].expected == pytest.approx(50.0)
    assert found["rokers"].target.baseline_from == "data" and found["rokers"].target.baseline_interval is not None
    by_goal = pr.goal_verdicts(goals, indicator_goals, found)
    # rokers sits in the subdoel ouderen_rookvrij: its verdict counts for volwassenen_vitaal above it too
    assert by_goal["ouderen_rookvrij"].label == pr.BEHIND
    assert "rokers" in pr.goal_indicators(goals, indicator_goals)["volwassenen_vitaal"]
    by_opgave = pr.opgave_verdicts(goals, indicator_goals, found)
    assert by_opgave["bestaanszekerheid"].label == pr.NO_TARGETS
    by_node = pr.node_verdicts(nodes, opgaven, goals, indicator_goals, found)
    # the resultaat above every opgave: all five targets once (eenzaam serves two goals), two of four measured behind
    assert by_node["zelfredzaam"].label == pr.MIXED
    assert by_node["zelfredzaam"].summary.startswith("1 op koers, 1 binnen de marge, 2 achter, 1 zonder meting;")
    table = pr.progress_table(catalog, targets, latest)
    assert table.height == catalog.height
    assert dict(table.select("indicator", "voortgang").iter_rows())["eenzaam"] == pr.ON_TRACK
