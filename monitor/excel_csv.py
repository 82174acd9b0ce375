"""CSV that opens correctly in Dutch Excel: UTF-8 with BOM, ';' between fields, a decimal comma — and no formulas.

Every download of the dashboard and the CSV of `python -m pipelines coverage`
are written here, so they look the same. Text cells a spreadsheet would run as
a formula are neutralised (OWASP "CSV injection").
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"


def neutralise(text: str) -> str:
    """'=HYPERLINK(…)' → "'=HYPERLINK(…)": Excel shows the text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM, ';' between fields and a decimal comma: what Excel in a Dutch locale expects.

    Empty fields are missing values (their status column says why), never 0.
    """
    lines = [CSV_SEPARATOR.join(_csv_field(neutralise(name)) for name in frame.columns)]
    for row in frame.iter_rows():
        lines.append(CSV_SEPARATOR.join(_csv_field(_csv_text(value)) for value in row))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        # repr keeps every digit the warehouse has; only the decimal mark changes
        return repr(value).replace(".", ",") if value != int(value) else str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list):
        return neutralise(", ".join(str(item) for item in value))
    return neutralise(str(value))


def _csv_field(text: str) -> str:
    if any(char in text for char in (CSV_SEPARATOR, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text
