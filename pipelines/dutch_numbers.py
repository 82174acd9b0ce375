"""Numbers as Dutch spreadsheets and exports write them: '12,5', '1.234', '1.234,5', '12,5%'.

Used by the partner and KIS readers, which get text cells as often as real numbers.
"""

from __future__ import annotations

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
