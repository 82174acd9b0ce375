"""Download files: CSV that opens correctly in Dutch Excel, and .xlsx, from any table on screen.

Figures are exported long and tidy with Dutch column names (FIGURE_COLUMNS),
so every row carries its year, status and source. Text cells that a
spreadsheet would run as a formula are neutralised (OWASP "CSV injection").
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from monitor.excel_csv import csv_bytes, neutralise  # noqa: F401 (csv_bytes: the CSV of every download)

# warehouse column → download column, in download order
FIGURE_COLUMNS = {
    "indicator_code": "indicator",
    "title": "titel",
    "unit": "eenheid",
    "region_code": "regio_code",
    "region_name": "regio",
    "year": "jaar",
    "breakdown": "uitsplitsing",
    "value": "waarde",
    "ci_low": "ondergrens_95",
    "ci_high": "bovengrens_95",
    "status": "status",
    "source_title": "bron",
}

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tidy_figures(observations: pl.DataFrame) -> pl.DataFrame:
    """Observations (warehouse.queries.observations) as the long download table."""
    return observations.select([pl.col(column).alias(name) for column, name in FIGURE_COLUMNS.items()])


def tidy_activities(activities: pl.DataFrame, opgave_titles: Mapping[str, str]) -> pl.DataFrame:
    """Activities with Dutch column names; deelnemers stays empty where the count is geheim (below the threshold)."""
    return activities.select(
        pl.col("year").alias("jaar"),
        pl.col("opgave_code").replace_strict(dict(opgave_titles), default=pl.col("opgave_code")).alias("opgave"),
        pl.col("name").alias("activiteit"),
        pl.col("partner"),
        pl.col("region_code").alias("regio_code"),
        pl.col("region_name").alias("regio"),
        # The warehouse already stores no count when it is geheim; the file must never carry one either.
        pl.when(pl.col("participants_status") == "geheim").then(None)
        .otherwise(pl.col("participants")).alias("deelnemers"),
        pl.col("participants_status").alias("status"),
        pl.col("description").alias("omschrijving"),
        pl.concat_str(pl.lit("partneropgave "), pl.col("file")).alias("bron"),
    )


def tidy_stories(stories: pl.DataFrame, opgave_titles: Mapping[str, str]) -> pl.DataFrame:
    """Stories with Dutch column names: jaar, opgave, soort, regio_code, regio, titel, tekst, bron."""
    return stories.select(
        pl.col("year").alias("jaar"),
        pl.col("opgave_code").replace_strict(dict(opgave_titles), default=pl.col("opgave_code")).alias("opgave"),
        pl.col("kind").alias("soort"),
        pl.col("region_code").alias("regio_code"),
        pl.col("region_name").alias("regio"),
        pl.col("title").alias("titel"),
        pl.col("body").alias("tekst"),
        pl.coalesce(pl.col("source"), pl.concat_str(pl.lit("partneropgave "), pl.col("file"))).alias("bron"),
    )


def xlsx_bytes(frame: pl.DataFrame, sheet_title: str) -> bytes:
    """One sheet with a bold header; numbers stay numbers, text is always text (never a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    sheet.append([neutralise(name) for name in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.iter_rows():
        sheet.append([_xlsx_value(value) for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(frame.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, len(name) + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Gegevens"


def file_name(gemeente_name: str, subject: str, year: int | str | None = None, extension: str = "csv") -> str:
    """('Soest', 'wijkvergelijking', 2023) → 'soest_wijkvergelijking_2023.csv'."""
    parts = [_slug(gemeente_name), _slug(subject)] + ([str(year)] if year is not None else [])
    return "_".join(part for part in parts if part) + f".{extension}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Underscores separate the parts of a name (volledige_dataset); anything else becomes a hyphen.
    return re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-_")
