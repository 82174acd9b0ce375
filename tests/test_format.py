"""Figures on screen in Dutch notation; a missing value is a dash, never 0."""

from app import format as fmt


def test_dutch_thousands_and_decimal_comma():
    assert fmt.number(46845, 0) == "46.845"
    assert fmt.number(12345.678, 1) == "12.345,7"
    assert fmt.with_unit(5.34, 1, "%") == "5,3%"
    assert fmt.with_unit(18.24, 1, "per 1.000 inwoners") == "18,2 per 1.000 inwoners"


def test_missing_is_a_dash_not_zero():
    assert fmt.number(None, 1) == "–"
    assert fmt.with_unit(None, 1, "%") == "–"
    assert fmt.number(float("nan"), 0) == "–"


def test_change_carries_sign_and_unit():
    assert fmt.change(5.8, 5.7, 1, "%") == "+0,1 %-punt"
    assert fmt.change(47012, 47178, 0, "aantal") == "-166"
    assert fmt.change(16.7, 16.7, 1, "per 1.000 inwoners") == "±0,0 per 1.000 inwoners"


def test_every_status_has_words_and_an_unknown_one_does_not_fail():
    assert fmt.STATUS_TEXT["reeksbreuk"] == "reeksbreuk"
    for status in ("definitief", "voorlopig", "geschat", "ontbreekt", "geheim", "reeksbreuk"):
        assert fmt.status_text(status)
    assert fmt.status_text("iets nieuws") == "iets nieuws"
    assert fmt.status_text(None) == "niet beschikbaar"


def test_a_rounded_zero_is_fewer_than_half_the_multiple_never_zero():
    assert fmt.rounded_zero_text(10, "aantal") == "minder dan 5"
    assert fmt.rounded_zero_text(5, "aantal") == "minder dan 3"
    assert fmt.value_text(0.0, 0, "aantal", 5) == "minder dan 3"
    assert fmt.value_text(0.0, 1, "per 1.000 inwoners", 10) == "afgerond 0 (minder dan 5 geteld)"
    assert fmt.value_text(0.0, 0, "aantal", None) == "0", "an unrounded 0 is a real 0"
    assert fmt.value_text(15.0, 0, "aantal", 5) == "15"
    assert fmt.value_text(None, 0, "aantal", 5) == "–"


def test_rounding_is_said_in_words():
    assert fmt.rounding_note("aantal", 5) == "afgerond op vijftallen: een 0 betekent minder dan 3"
    assert fmt.rounding_note("per 1.000 inwoners", 10).startswith("grof cijfer: berekend op een aantal dat de bron "
                                                                  "op tientallen afrondt")
    assert fmt.rounding_note("aantal", None) == ""


def test_a_series_break_in_words():
    from app import series

    note = "CBS meet dit vanaf 2024 anders: zie Personen in armoede."
    assert series.end_text(2023, note) == "Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie Personen in armoede."
    assert series.start_text(2024, "Nieuwe maat van CBS.", "Huishoudens met een laag inkomen") == (
        "Reeks begint in 2024 en vervangt Huishoudens met een laag inkomen: nieuwe maat van CBS.")
    assert series.start_text(2024, "Tot en met 2023: Huishoudens met een laag inkomen.", "Huishoudens met een laag inkomen") \
        == "Reeks begint in 2024: tot en met 2023: Huishoudens met een laag inkomen.", "the note names it already"
    assert series.note({"series_last_year": None, "series_first_year": None}) == ""
    assert series.break_text({"status": "reeksbreuk", "year": 2025, "series_last_year": 2023, "series_note": None}) == (
        "Reeks stopt na 2023: de bron meet dit daarna anders.")


def test_a_change_that_rounds_to_zero_is_level_and_has_no_direction():
    """An arrow on '±0,0' suggests a movement that is not there: 'gelijk sinds 2023', without direction."""
    assert fmt.change_since(16.74, 16.71, 1, "%", 2023) == ("gelijk sinds 2023", False)
    assert fmt.change_since(47230.4, 47230, 0, "aantal", 2024) == ("gelijk sinds 2024", False)
    assert fmt.change_since(5.0, 5.04, 1, "%", 2022) == ("gelijk sinds 2022", False)  # -0,04 → -0,0 is zero too
    assert fmt.change_since(16.76, 16.71, 1, "%", 2023) == ("+0,1 %-punt sinds 2023", True)
    assert fmt.change_since(12, 15, 0, "aantal", 2024) == ("-3 sinds 2024", True)
