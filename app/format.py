"""Dutch number formatting for figures on screen: 46.845 inwoners, 5,3%, 18,2 per 1.000 inwoners."""

from __future__ import annotations

import math

STATUS_TEXT = {
    "definitief": "definitief",
    "voorlopig": "voorlopig cijfer",
    "geschat": "schatting",
    "ontbreekt": "niet beschikbaar",
    "geheim": "geheim",
}


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
