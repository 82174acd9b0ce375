"""Download files: CSV that opens correctly in Dutch Excel, and .xlsx, from any table on screen.

Figures are exported long and tidy with Dutch column names (FIGURE_COLUMNS),
so every row carries its year, period, status, rounding and source. Text cells that a
spreadsheet would run as a formula are neutralised (OWASP "CSV injection").

Downloads as the screen: a figure's value and its 95%-interval are rounded to the indicator's decimals plus one
(EXTRA_DECIMALS): where the screen shows 19,1 the file has 19,1 or 19,13 — never the float noise
19,100000381903026 of a float32 source — and one digit more than the screen, so someone who recomputes a
difference or a sum lands on the screen's figure.
A count (0 decimals) keeps its whole number. The full precision stays in the warehouse (the table observation);
the full-dataset download on Bronnen says so beside its buttons. Columns other than a figure's value and
interval (years, counts of rows, participants) are integers or text and leave as they are.

The .xlsx has a bold, frozen header row, an autofilter over the table and columns as wide as their
content (capped), so it reads like the table on screen when it opens.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app import progress, series
from monitor import periods
from monitor.config import ALLOWED_DECIMALS
from monitor.excel_csv import csv_bytes, neutralise  # noqa: F401 (csv_bytes: the CSV of every download)

# warehouse column → download column, in download order (toelichting, last, is worked out: see tidy_figures)
FIGURE_COLUMNS = {
    "indicator_code": "indicator",
    "title": "titel",
    "unit": "eenheid",
    "region_code": "regio_code",
    "region_name": "regio",
    "year": "jaar",
    "period": "periode",
    "breakdown": "uitsplitsing",
    "value": "waarde",
    "ci_low": "ondergrens_95",
    "ci_high": "bovengrens_95",
    "status": "status",
    "rounded_to": "afgerond_op",
    "source_title": "bron",
}
NOTE_COLUMN = "toelichting"
DOWNLOAD_COLUMNS = [*FIGURE_COLUMNS.values(), NOTE_COLUMN]

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# One decimal more than the screen shows: see the module's docstring.
EXTRA_DECIMALS = 1
# An indicator's decimals unknown (a hand-made frame): the most any indicator may show, plus one.
UNKNOWN_DECIMALS = max(ALLOWED_DECIMALS)
ROUNDED_COLUMNS = ("value", "ci_low", "ci_high")
PRECISION_NOTE = ("Waarden en intervallen afgerond op één decimaal meer dan op het scherm; de volle precisie staat "
                  "in het warehouse.")

# Columns older frames (or a hand-made one) may lack: a figure without a period is a year figure.
_DEFAULTS = {"period": pl.lit(periods.YEAR), "rounded_to": pl.lit(None, pl.Int32),
             "series_last_year": pl.lit(None, pl.Int32), "series_note": pl.lit(None, pl.String),
             "decimals": pl.lit(None, pl.Int32)}


def tidy_figures(observations: pl.DataFrame, targets: Mapping[str, progress.Target] | None = None,
                 gemeente_code: str | None = None) -> pl.DataFrame:
    """Observations (warehouse.queries.observations) as the long download table.

    `periode` says whether a row is a year or a half-year figure (never to be summed or joined);
    `afgerond_op` the multiple the source rounded the count to; `toelichting` says in words what a
    number alone cannot: a series break (the year has no figure in this series, and why) or a rounded 0.
    One select of expressions: pages build this for every download button on every rerun.

    targets (progress.targets_by_indicator(data.targets())) with gemeente_code: one more column before
    toelichting, `pad_streefwaarde` (PATH_COLUMN): on the gemeente's year rows for the whole population from the
    nulmeting year on, the expected value on the path to the streefwaarde that the trend chart draws and the
    progress rule compares with (empty elsewhere). Without targets the table is as before.
    """
    missing = [expression.alias(column) for column, expression in _DEFAULTS.items()
               if column not in observations.columns]
    frame = observations.with_columns(missing) if missing else observations
    path = targets is not None and gemeente_code is not None
    if path:
        frame = _with_path(frame, targets, gemeente_code)
    return frame.select(
        *[(_as_shown(column) if column in ROUNDED_COLUMNS else pl.col(column)).alias(name)
          for column, name in FIGURE_COLUMNS.items()],
        *([_as_shown(PATH_COLUMN).alias(PATH_COLUMN)] if path else []),
        _NOTE.alias(NOTE_COLUMN),
    )


def _as_shown(column: str) -> pl.Expr:
    """The column rounded to each row's indicator decimals + EXTRA_DECIMALS (polars rounds to a fixed number of
    decimals, so one branch per allowed number). A half rounds away from zero, as people round (0,12345 → 0,1235)."""
    figure, decimals = pl.col(column).cast(pl.Float64), pl.col("decimals")

    def rounded(places: int) -> pl.Expr:
        return figure.round(places, mode="half_away_from_zero")

    shown = pl.when(decimals.is_null()).then(rounded(UNKNOWN_DECIMALS + EXTRA_DECIMALS))
    for allowed in ALLOWED_DECIMALS:
        shown = shown.when(decimals == allowed).then(rounded(allowed + EXTRA_DECIMALS))
    return shown.otherwise(rounded(UNKNOWN_DECIMALS + EXTRA_DECIMALS))


def _reason() -> pl.Expr:
    """series.reason as an expression: the note after 'Reeks stopt na 2023: ', its first letter lowered unless
    the first word is an abbreviation ('Nieuwe maat' → 'nieuwe maat', 'CBS meet' stays)."""
    note = pl.col("series_note")
    first, second = note.str.slice(0, 1), note.str.slice(1, 1)
    lower_first = (first.str.to_uppercase() == first) & (second.str.to_lowercase() == second) \
        & (second.str.to_uppercase() != second)
    return (pl.when(note.is_null()).then(pl.lit(series.reason(None)))
            .when(lower_first).then(pl.concat_str(first.str.to_lowercase(), note.str.slice(1)))
            .otherwise(note))


_LAST_YEAR = pl.coalesce(pl.col("series_last_year"), pl.col("year") - 1).cast(pl.String)
_FEWER = (pl.col("rounded_to") / 2).ceil().cast(pl.Int64).cast(pl.String)
_NOTE = (
    pl.when(pl.col("status") == series.BREAK)
    .then(pl.concat_str(pl.lit("Reeks stopt na "), _LAST_YEAR, pl.lit(": "), _reason()))
    .when((pl.col("value") == 0) & pl.col("rounded_to").is_not_null())
    .then(pl.concat_str(pl.lit("afgerond 0: minder dan "), _FEWER))
    .otherwise(pl.lit(None, pl.String))
)


def tidy_activities(activities: pl.DataFrame, opgave_titles: Mapping[str, str]) -> pl.DataFrame:
    """Activities with Dutch column names and the goal they name; deelnemers stays empty where the count is geheim
    (below the threshold)."""
    return activities.select(
        pl.col("year").alias("jaar"),
        pl.col("opgave_code").replace_strict(dict(opgave_titles), default=pl.col("opgave_code")).alias("opgave"),
        # The goal the partner named (empty: the opgave as a whole); an older warehouse has no such column.
        (pl.col("goal_text") if "goal_text" in activities.columns else pl.lit(None, pl.String)).alias("doel"),
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


# Column widths in characters: the header or the longest cell, plus room for the autofilter's arrow, capped so a
# column of long texts (definitie, verhaal) does not push the rest off the screen.
NARROWEST, WIDEST, FILTER_ARROW = 8, 60, 3


def xlsx_bytes(frame: pl.DataFrame, sheet_title: str) -> bytes:
    """One sheet with a bold, frozen header and an autofilter; numbers stay numbers (negative ones too), text is
    always text (never a formula); columns as wide as their content, capped at WIDEST."""
    # Write-only: the workbook streams rows to the file instead of holding a cell object per value (the full
    # dataset has a quarter of a million). Widths, frozen header and filter must go in before the rows.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    for index, (name, longest) in enumerate(zip(frame.columns, _longest_texts(frame)), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = \
            min(WIDEST, max(NARROWEST, len(name) + FILTER_ARROW, longest + 2))
    sheet.freeze_panes = "A2"
    if frame.width:
        sheet.auto_filter.ref = f"A1:{get_column_letter(frame.width)}{frame.height + 1}"
    header = [WriteOnlyCell(sheet, neutralise(name)) for name in frame.columns]
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    # openpyxl stores a text starting with '=' as a formula; neutralise has put a ' before every such text.
    for row in frame.iter_rows():
        sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _longest_texts(frame: pl.DataFrame) -> list[int]:
    """Per column the length of its longest cell as text (one line of a multi-line text); 0 when empty."""
    if frame.is_empty():
        return [0] * frame.width

    def as_text(name: str, dtype: pl.DataType) -> pl.Expr:
        column = pl.col(name)
        text = column.list.eval(pl.element().cast(pl.String)).list.join(", ") if isinstance(dtype, pl.List) \
            else column.cast(pl.String)
        return text.str.split("\n").list.eval(pl.element().str.len_chars()).list.max().max().fill_null(0)

    return [int(length) for length in frame.select(as_text(name, dtype) for name, dtype in frame.schema.items()).row(0)]


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


# --- nulmeting, streefwaarde and progress (app.progress) ----------------------------------------------------------

PATH_COLUMN = "pad_streefwaarde"
# The figures of the progress table rounded as the screen plus one decimal; the streefwaarde is the author's own
# number from the config and leaves as it is.
PROGRESS_ROUNDED = ("nulmeting", "laatste_waarde", "ondergrens_95", "bovengrens_95", "verwacht")


def tidy_progress(catalog: pl.DataFrame, targets: pl.DataFrame | Mapping[str, progress.Target] | None,
                  latest: pl.DataFrame) -> pl.DataFrame:
    """The progress table (progress.progress_table: one row per indicator, with or without a streefwaarde) as a
    download: nulmeting, latest figure, interval and expected value rounded to the indicator's decimals plus one.

    catalog: data.indicator_catalog(); targets: data.targets(); latest: data.latest_by_indicator(gemeente).
    """
    table = progress.progress_table(catalog, targets, latest)
    if "decimals" in catalog.columns:
        decimals = catalog.select(pl.col("indicator_code").alias("indicator"), pl.col("decimals").cast(pl.Int32))
        table = table.join(decimals, on="indicator", how="left", maintain_order="left")
    else:
        table = table.with_columns(pl.lit(None, pl.Int32).alias("decimals"))
    return table.with_columns(_as_shown(column).alias(column) for column in PROGRESS_ROUNDED).drop("decimals")


def _with_path(frame: pl.DataFrame, targets: Mapping[str, progress.Target], gemeente_code: str) -> pl.DataFrame:
    """frame with PATH_COLUMN: progress.expected_value on the gemeente's year rows (breakdown totaal) from the
    nulmeting year on, for the indicators with a nulmeting value; NULL on every other row."""
    own = ((pl.col("region_code") == gemeente_code) & (pl.col("breakdown") == "totaal")
           & (pl.col("period") == periods.YEAR))
    pairs = frame.filter(own & pl.col("indicator_code").is_in(list(targets))).select("indicator_code", "year").unique()
    rows = []
    for code, year in pairs.iter_rows():
        target = targets[code]
        if year is not None and target.baseline_value is not None and year >= target.baseline_year:
            rows.append({"indicator_code": code, "year": year, "_path": progress.expected_value(target, year)})
    path = pl.DataFrame(rows, schema={"indicator_code": pl.String, "year": frame.schema["year"], "_path": pl.Float64})
    return (frame.join(path, on=["indicator_code", "year"], how="left", maintain_order="left")
            .with_columns(pl.when(own).then(pl.col("_path")).otherwise(None).alias(PATH_COLUMN)).drop("_path"))
