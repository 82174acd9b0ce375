"""Dutch number formatting for figures on screen: 46.845 inwoners, 5,3%, 18,2 per 1.000 inwoners.

Also the two things a bare number cannot say by itself: a count the source
rounded (a rounded 0 is "minder dan 3", not 0) and the status of a figure in
words (STATUS_TEXT; use status_text, which never fails on a status it does not
know, so a new status in the warehouse cannot break a page).
"""

from __future__ import annotations

import math

STATUS_TEXT = {
    "definitief": "definitief",
    "voorlopig": "voorlopig cijfer",
    "geschat": "schatting",
    "ontbreekt": "niet beschikbaar",
    "geheim": "geheim",
    # A year after the series ended because the source measures it differently: not a missing figure.
    "reeksbreuk": "reeksbreuk",
}

# Multiples a source rounds counts to, in words ("afgerond op vijftallen").
ROUNDING_WORDS = {5: "vijftallen", 10: "tientallen", 100: "honderdtallen", 1000: "duizendtallen"}


def status_text(status: str | None) -> str:
    """'ontbreekt' → 'niet beschikbaar'; a status this module does not know is shown as it is."""
    if status is None:
        return "niet beschikbaar"
    return STATUS_TEXT.get(status, status)


def number(value: float | None, decimals: int) -> str:
    """12345.678, 1 → '12.345,7'; None → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def with_unit(value: float | None, decimals: int, unit: str) -> str:
    """The value as shown on a tile: '5,3%', '46.845', '18,2 per 1.000 inwoners'."""
    shown = number(value, decimals)
    if value is None or unit == "aantal":
        return shown
    if unit == "%":
        return f"{shown}%"
    return f"{shown} {unit}"


def change(current: float, previous: float, decimals: int, unit: str) -> str:
    """Signed difference for a delta: '+0,4 %-punt', '-312'. Uses ASCII '-' so st.metric can read the sign."""
    difference = round(current - previous, decimals)
    sign = "+" if difference > 0 else ("-" if difference < 0 else "±")
    magnitude = number(abs(difference), decimals)
    if unit == "%":
        return f"{sign}{magnitude} %-punt"
    if unit == "aantal":
        return f"{sign}{magnitude}"
    return f"{sign}{magnitude} {unit}"


# --- rounded counts ------------------------------------------------------------------------------------------


def is_rounded_zero(value: float | None, rounded_to: int | None) -> bool:
    """A 0 from a source that rounds its counts: fewer than half the multiple, not none."""
    return value is not None and rounded_to is not None and rounded_to > 1 and value == 0


def fewer_than(rounded_to: int) -> int:
    """Rounded to 10, a 0 means 0–4: 'minder dan 5'; rounded to 5, 0–2: 'minder dan 3'."""
    return math.ceil(rounded_to / 2)


def rounded_zero_text(rounded_to: int, unit: str) -> str:
    """What a rounded 0 means: 'minder dan 3' for a count; for a rate built on the count, the count behind it."""
    if unit == "aantal":
        return f"minder dan {fewer_than(rounded_to)}"
    return f"afgerond 0 (minder dan {fewer_than(rounded_to)} geteld)"


def rounding_words(rounded_to: int) -> str:
    return ROUNDING_WORDS.get(rounded_to, f"veelvouden van {rounded_to}")


def rounding_note(unit: str, rounded_to: int | None) -> str:
    """'' when the source did not round; else what that means for the figure shown (tile caption, legend)."""
    if not rounded_to:
        return ""
    if unit == "aantal":
        return (f"afgerond op {rounding_words(rounded_to)}: een 0 betekent minder dan {fewer_than(rounded_to)}")
    return (f"grof cijfer: berekend op een aantal dat de bron op {rounding_words(rounded_to)} afrondt "
            f"(afgerond 0 = minder dan {fewer_than(rounded_to)})")


def value_text(value: float | None, decimals: int, unit: str, rounded_to: int | None = None, *,
               unit_shown: bool = True) -> str:
    """A figure for the screen: '5,3%', '46.845', or 'minder dan 3' for a rounded 0; None → '–'."""
    if is_rounded_zero(value, rounded_to):
        return rounded_zero_text(rounded_to, unit)
    return with_unit(value, decimals, unit) if unit_shown else number(value, decimals)


# --- change since the previous measurement --------------------------------------------------------------------


def change_since(current: float, previous: float, decimals: int, unit: str, previous_year: int | str) -> tuple[str, bool]:
    """The delta text of a tile and whether it has a direction: ('+0,4 %-punt sinds 2023', True).

    A change that rounds to zero at the figure's decimals has no direction: 'gelijk sinds 2023', and the tile shows
    no arrow and no good/bad colour for it (an arrow on '±0,0' suggests a movement that is not there).
    """
    if round(current - previous, decimals) == 0:
        return f"gelijk sinds {previous_year}", False
    return f"{change(current, previous, decimals, unit)} sinds {previous_year}", True
