"""The slide order of the presentation: links and vorige/volgende must agree, and bad links fall back."""

from __future__ import annotations

import polars as pl

from app import visual
from app.slides import (SLIDES_PER_OPGAVE, Position, asks_for_wijk, headline, in_short, kernindicatoren, link,
                        next_position, next_wijk, parse, parse_wijk, previous_position, previous_wijk, wijk_link)

OPGAVEN = ["leefstijl", "bestaanszekerheid", "weerbaarheid", "kansengelijkheid", "meedoen"]


def test_a_link_opens_on_the_slide_it_names():
    parsed = parse("weerbaarheid", "3", OPGAVEN)
    assert parsed.position == Position("weerbaarheid", 3) and not parsed.problems
    assert parsed.position.title == "Tellen en vertellen"


def test_codes_are_matched_regardless_of_case_and_spaces():
    assert parse(" Meedoen ", "1", OPGAVEN).position == Position("meedoen", 1)


def test_unknown_opgave_and_slide_fall_back_and_are_reported():
    parsed = parse("armoede", "7", OPGAVEN)
    assert parsed.position == Position("leefstijl", 1)
    assert parsed.problems == (("opgave", "armoede"), ("dia", "7"))
    assert parse("leefstijl", "twee", OPGAVEN).problems == (("dia", "twee"),)
    assert parse(None, None, OPGAVEN) == parse("", "", OPGAVEN)


def test_walking_forward_visits_every_slide_of_every_opgave_once_and_back_again():
    position, seen = Position("leefstijl", 1), []
    while position is not None:
        seen.append(position)
        position = next_position(position, OPGAVEN)
    assert len(seen) == len(OPGAVEN) * SLIDES_PER_OPGAVE
    assert seen[SLIDES_PER_OPGAVE] == Position("bestaanszekerheid", 1)
    backwards, position = [], seen[-1]
    while position is not None:
        backwards.append(position)
        position = previous_position(position, OPGAVEN)
    assert backwards == seen[::-1]


def test_link_round_trips_through_parse():
    for opgave in OPGAVEN:
        for dia in range(1, SLIDES_PER_OPGAVE + 1):
            query = dict(part.split("=") for part in link(Position(opgave, dia)).lstrip("?").split("&"))
            assert query["presentatie"] == "1"
            assert parse(query["opgave"], query["dia"], OPGAVEN).position == Position(opgave, dia)


# --- the wijk slide ------------------------------------------------------------------------------------------------

WIJKEN = ["WK034201", "WK034203", "WK034205"]


def test_a_wijk_slide_is_asked_for_by_dia_wijk_or_by_a_link_with_only_a_wijk():
    assert asks_for_wijk(None, "wijk", "WK034205") and asks_for_wijk(None, " Wijk ", None)
    assert asks_for_wijk(None, None, "WK034205")
    # A slide of an opgave stays one, also when the URL still carries a wijk from another page.
    assert not asks_for_wijk("leefstijl", "2", "WK034205") and not asks_for_wijk(None, "2", "WK034205")
    assert not asks_for_wijk(None, None, None)


def test_wijk_links_parse_and_walk_from_wijk_to_wijk():
    assert parse_wijk("wk034205", WIJKEN) == ("WK034205", ())
    assert parse_wijk("WK999999", WIJKEN) == ("WK034201", (("wijk", "WK999999"),))
    assert parse_wijk(None, WIJKEN) == ("WK034201", ())
    assert next_wijk("WK034203", WIJKEN) == "WK034205" and next_wijk("WK034205", WIJKEN) is None
    assert previous_wijk("WK034203", WIJKEN) == "WK034201" and previous_wijk("WK034201", WIJKEN) is None
    assert wijk_link("WK034205") == "?presentatie=1&dia=wijk&wijk=WK034205"


def test_in_short_cuts_at_the_end_of_a_sentence_with_an_ellipsis():
    text = "Smitsveen is divers. Er wonen veel kinderen. Het buurthuis wordt druk bezocht."
    assert in_short(text, 200) == text
    assert in_short(text, 50) == "Smitsveen is divers. Er wonen veel kinderen. …"
    assert in_short(text, 30) == "Smitsveen is divers. …"
    # A first sentence longer than the limit: cut at a word, never inside one.
    assert in_short("Een zeer lange eerste zin zonder punt die maar doorgaat", 20) == "Een zeer lange …"
    assert all(len(in_short(text, limit)) <= limit for limit in (20, 30, 50))


# --- kernindicatoren and their headline figure ----------------------------------------------------------------------


def test_kernindicatoren_are_the_analysts_choice_or_the_first_three_with_a_trend():
    catalog = ["a", "b", "c", "d", "e"]
    assert kernindicatoren(None, catalog, {"b", "c", "d", "e"}) == ["b", "c", "d"]
    assert kernindicatoren(["e", "a"], catalog, {"b"}) == ["e", "a"]  # chosen: shown even without a trend
    assert kernindicatoren(None, catalog, set()) == []


def _rows(values, *, unit="%", decimals=1, higher_is_better=False, intervals=None, rounded_to=None, region="GM0342"):
    """Observation rows of one indicator for one region: {year: value}."""
    intervals = intervals or {}
    return pl.DataFrame([
        {"indicator_code": "x", "region_code": region, "breakdown": "totaal", "period": "jaar", "year": year,
         "value": value, "status": "geschat" if year in intervals else ("definitief" if value is not None else "ontbreekt"),
         "ci_low": intervals.get(year, (None, None))[0], "ci_high": intervals.get(year, (None, None))[1],
         "unit": unit, "decimals": decimals, "higher_is_better": higher_is_better, "rounded_to": rounded_to}
        for year, value in values.items()])


def test_headline_is_the_newest_figure_with_its_change_in_blue_or_orange():
    worse = headline(_rows({2021: 5.2, 2022: 5.7, 2023: 5.8, 2024: None}), "GM0342")
    assert (worse.value, worse.unit, worse.year, worse.change) == ("5,8%", "", 2023, "+0,1 %-punt sinds 2022")
    assert worse.verdict == visual.WORSE and worse.interval is None and worse.status is None
    better = headline(_rows({2022: 12.0, 2024: 10.5}, higher_is_better=False), "GM0342")
    assert better.verdict == visual.BETTER and better.change == "-1,5 %-punt sinds 2022"


def test_headline_has_no_direction_for_a_zero_change_nor_a_verdict_without_direction():
    same = headline(_rows({2023: 16.71, 2024: 16.74}, unit="per 1.000 inwoners"), "GM0342")
    assert (same.value, same.unit, same.change) == ("16,7", "per 1.000 inwoners", "gelijk sinds 2023")
    assert same.verdict == visual.NO_JUDGEMENT and not same.verdict.symbol
    neutral = headline(_rows({2023: 20.0, 2024: 22.0}, higher_is_better=None), "GM0342")
    assert neutral.change == "+2,0 %-punt sinds 2023" and neutral.verdict == visual.NO_JUDGEMENT


def test_headline_of_an_estimate_gives_its_interval_and_no_verdict_within_the_margin():
    figure = headline(_rows({2022: 47.8, 2024: 46.4}, intervals={2022: (46.3, 49.2), 2024: (44.9, 47.8)}), "GM0342")
    assert figure.interval == "95%-interval 44,9–47,8%" and figure.status == "schatting"
    assert figure.change == "-1,4 %-punt sinds 2022" and figure.verdict == visual.NO_JUDGEMENT
    assert figure.qualifier == "binnen de marge: mogelijk toeval"
    apart = headline(_rows({2022: 52.0, 2024: 46.4}, intervals={2022: (50.5, 53.5), 2024: (44.9, 47.8)}), "GM0342")
    assert apart.verdict == visual.BETTER and apart.qualifier is None


def test_headline_of_a_rounded_zero_has_no_change_and_none_without_figures():
    rounded = headline(_rows({2023: 10.0, 2024: 0.0}, unit="aantal", decimals=0, rounded_to=5), "GM0342")
    assert rounded.value == "minder dan 3" and rounded.change is None
    assert headline(_rows({2024: None}), "GM0342") is None
    assert headline(_rows({2024: 5.0}, region="WK034205"), "GM0342") is None
