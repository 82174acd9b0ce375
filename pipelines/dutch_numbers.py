"""Numbers as Dutch spreadsheets and exports write them ('12,5', '1.234', '1.234,5', '12,5%'), and what they can be.

Used by the partner and KIS readers, which get text cells as often as real
numbers, and refuse a figure no unit allows (`implausible`): infinity, a
percentage of 250, a count larger than any gemeente has inhabitants.
"""

from __future__ import annotations

import math
import re

# How exports mark a missing or suppressed figure. The loaders store these as NULL, never 0.
MISSING_MARKERS = frozenset({"", "-", "–", "—", ".", "x", "X", "?", "n.b.", "nb", "n.v.t."})

_DUTCH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # '1.234' or '12.345.678': dots group thousands
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def is_missing(text: str) -> bool:
    return text.strip() in MISSING_MARKERS


def parse_number(text: str) -> float:
    """'12,5' → 12.5, '1.234' → 1234, '1.234,5' → 1234.5, '12,5 %' → 12.5; ValueError if it is no number.

    A lone dot is a decimal point unless it groups digits in threes ('1.234'),
    which is how Dutch exports write thousands.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(".") > cleaned.rfind(","):
            raise ValueError(text)  # '1,234.5' is English notation; refuse rather than guess
        cleaned = cleaned.replace(".", "")
    elif _DUTCH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    return float(cleaned.replace(",", "."))


# The most people a count about one gemeente can hold: about twice the inhabitants of the largest gemeente
# (Amsterdam, 0,93 million in 2024). The readers do not know the gemeente's own population (it is not in the
# regions they are given), so this is the stated absolute limit; it also keeps every count well inside the
# warehouse's INTEGER columns (2^31 - 1).
MAX_PEOPLE = 2_000_000
# No figure about a gemeente comes near this; beyond it a float no longer holds whole numbers exactly and a
# few such values summed overflow to infinity. The limit for a unit PLAUSIBLE_RANGE does not list.
MAX_MAGNITUDE = 1e15
# What a figure in each catalogue unit can be.
PLAUSIBLE_RANGE = {"%": (0, 100), "per 1.000 inwoners": (0, 1_000), "aantal": (0, MAX_PEOPLE)}
_RANGE_WORDS = {"%": "een percentage", "per 1.000 inwoners": "een cijfer per 1.000 inwoners", "aantal": "een aantal"}


def thousands(number: int) -> str:
    """32767 → '32.767': a whole number as the Dutch write it in a message."""
    return f"{number:_}".replace("_", ".")


def shown_number(value: float) -> str:
    """A number for a message as people write it (40, 12.5), and 1e+308 rather than its 309 digits."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if abs(value) >= MAX_MAGNITUDE:
        return f"{float(value):.3g}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def implausible(value: float, unit: str | None) -> str | None:
    """Why `value` cannot be a figure in `unit` (Dutch, for a refusal), or None when it can be."""
    if not math.isfinite(value):
        return f"{shown_number(value)} is geen eindig getal; vul een gewoon getal in."
    if unit not in PLAUSIBLE_RANGE:
        if abs(value) < MAX_MAGNITUDE:
            return None
        return f"{shown_number(value)} is geen eindig getal van redelijke grootte (hooguit 10^15)."
    low, high = PLAUSIBLE_RANGE[unit]
    if low <= value <= high:
        return None
    return f"{_RANGE_WORDS[unit]} ligt tussen {low} en {thousands(high)}, gevonden: {shown_number(value)}."
