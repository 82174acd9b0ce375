"""Periods of a figure: a whole year, or one of its half-years (the Gemeentelijke Monitor Sociaal Domein).

CBS codes them as 2023JJ00, 2023HJ01 and 2023HJ02 in its Perioden dimension.
The warehouse keeps the year and the period ('jaar', '1e halfjaar', '2e
halfjaar') apart, so year figures and half-year figures are never put on one
line, and every screen and download can label them.
"""

from __future__ import annotations

import re

YEAR, FIRST_HALF, SECOND_HALF = "jaar", "1e halfjaar", "2e halfjaar"
PERIODS = (YEAR, FIRST_HALF, SECOND_HALF)
_CBS_CODE = re.compile(r"^(\d{4})(JJ00|HJ01|HJ02)$")
_BY_CODE = {"JJ00": YEAR, "HJ01": FIRST_HALF, "HJ02": SECOND_HALF}


def from_cbs_code(code: str) -> tuple[int, str] | None:
    """'2023HJ01' → (2023, '1e halfjaar'); None for a period the warehouse has no place for (quarters, months)."""
    match = _CBS_CODE.match(code.strip())
    return (int(match.group(1)), _BY_CODE[match.group(2)]) if match else None


def label(year: int, period: str = YEAR) -> str:
    """(2023, 'jaar') → '2023'; (2023, '1e halfjaar') → '1e halfjaar 2023'."""
    return str(year) if period in (None, YEAR) else f"{period} {year}"


def sort_key(year: int, period: str = YEAR) -> tuple[int, int]:
    """Order within a year: the half-years, then the whole year (which covers both)."""
    return year, {FIRST_HALF: 0, SECOND_HALF: 1, YEAR: 2}.get(period, 3)
