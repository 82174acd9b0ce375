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
