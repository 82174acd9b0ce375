"""What the monitor holds and what it lacks, per indicator × year (× period) × region level — and how to say it.

Every reader reports, for every catalogue indicator and every year of its
table, one of these states (kept in the warehouse's `coverage` table):

- geladen: figures were loaded (regions_with_value of them; the rest empty);
- geen_waarde: the variable is in the table, but the source published no
  figure (not yet, or suppressed) — the status of the empty rows says which;
- geen_variabele: the table has no variable by any of the names the catalogue
  looks for (the detail names the table and the names);
- onbruikbaar: the variable is there but cannot be used as configured (it
  occurs several times, or is already a share where the indicator divides);
- reeksbreuk: a year after the series ended because the source measures it
  differently now (expected; the detail is the note shown with the figures);
- voor_reeks: a year before the series began (expected).

The report adds, from the catalogue: indicators of which no table was loaded
at all (niet_geladen) and goals without any indicator (doel_zonder_indicator,
with the source they need). The command line (`python -m pipelines coverage`,
and a short version after every load) and the Bronnen page show the same
report through these functions.
"""

from __future__ import annotations

import polars as pl

from monitor.periods import YEAR
from monitor.tidy import COVERAGE_SCHEMA

LOADED, NO_VALUE, NO_VARIABLE, UNUSABLE = "geladen", "geen_waarde", "geen_variabele", "onbruikbaar"
BREAK, BEFORE_SERIES = "reeksbreuk", "voor_reeks"
NOT_LOADED, GOAL_WITHOUT_INDICATOR = "niet_geladen", "doel_zonder_indicator"  # only in the report
FAILURES = (NO_VARIABLE, UNUSABLE)  # what `--strict` refuses
BREAK_STATUS = "reeksbreuk"  # the status of an observation row in a year after its series ended

STATE_TEXT = {
    LOADED: "geladen",
    NO_VALUE: "geen cijfer gepubliceerd",
    NO_VARIABLE: "variabele niet in de tabel",
    UNUSABLE: "variabele niet bruikbaar",
    BREAK: "reeksbreuk (verwacht)",
    BEFORE_SERIES: "vóór het begin van de reeks",
    NOT_LOADED: "nog niet geladen",
    GOAL_WITHOUT_INDICATOR: "doel zonder indicator",
}
LEVEL_ORDER = {"land": 0, "provincie": 1, "gemeente": 2, "wijk": 3, "buurt": 4}
_LEVEL_BY_PREFIX = {"NL": "land", "PV": "provincie", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def table_rows(indicator_code: str, rows: list[dict]) -> pl.DataFrame:
    """Coverage rows that hold for a whole table year (every level): no variable, a break, before the series."""
    return pl.DataFrame(
        [{"indicator_code": indicator_code, "period": None, "region_level": None, "regions_with_value": 0,
          "regions_without_value": 0, **row} for row in rows],
        schema=COVERAGE_SCHEMA,
    ) if rows else pl.DataFrame(schema=COVERAGE_SCHEMA)


def observed(observations: pl.DataFrame) -> pl.DataFrame:
    """Coverage rows from loaded observations: per indicator, year, period and level, how many regions have a figure.

    Only the whole population counts (breakdown 'totaal'); break rows are reported by the reader itself.
    """
    rows = observations.filter((pl.col("breakdown") == "totaal") & (pl.col("status") != BREAK_STATUS))
    if rows.is_empty():
        return pl.DataFrame(schema=COVERAGE_SCHEMA)
    level = pl.col("region_code").str.slice(0, 2).replace_strict(_LEVEL_BY_PREFIX, default=None)
    period = pl.col("period") if "period" in rows.columns else pl.lit(YEAR)
    grouped = rows.with_columns(level.alias("region_level"), period.alias("period")).group_by(
        "indicator_code", "year", "period", "region_level", maintain_order=True
    ).agg(
        pl.col("value").is_not_null().sum().cast(pl.Int32).alias("regions_with_value"),
        pl.col("value").is_null().sum().cast(pl.Int32).alias("regions_without_value"),
        pl.col("status").filter(pl.col("value").is_null()).unique().sort().str.join(", ").alias("empty_statuses"),
    )
    return grouped.with_columns(
        pl.when(pl.col("regions_with_value") > 0).then(pl.lit(LOADED)).otherwise(pl.lit(NO_VALUE)).alias("state"),
        pl.when(pl.col("regions_without_value") > 0)
        .then(pl.format("zonder cijfer: {} ({})", pl.col("regions_without_value"), pl.col("empty_statuses")))
        .otherwise(None).alias("detail"),
    ).select(COVERAGE_SCHEMA.keys())


# --- the report ------------------------------------------------------------------------------------------------

REPORT_COLUMNS = {
    "state_text": "toestand",
    "indicator_code": "indicator",
    "title": "titel",
    "source_title": "bron",
    "table_id": "tabel",
    "year": "jaar",
    "period": "periode",
    "region_level": "niveau",
    "regions_with_value": "regios_met_cijfer",
    "regions_without_value": "regios_zonder_cijfer",
    "detail": "toelichting",
    "goal_code": "doel",
    "goal_text": "doeltekst",
    "state": "toestand_code",
}


def report_table(report: pl.DataFrame) -> pl.DataFrame:
    """The report (warehouse.queries.coverage_report) with Dutch column names, for the screen and downloads."""
    return report.with_columns(
        pl.col("state").replace_strict(STATE_TEXT, default=pl.col("state"), return_dtype=pl.String).alias("state_text"),
        pl.col("region_level").fill_null("alle niveaus"),
    ).select([pl.col(column).alias(name) for column, name in REPORT_COLUMNS.items()])


def years_text(years: list[int]) -> str:
    """[2019, 2020, 2021, 2023] → '2019–2021, 2023'."""
    years = sorted(set(y for y in years if y is not None))
    parts, start = [], None
    for index, year in enumerate(years):
        if start is None:
            start = year
        if index + 1 == len(years) or years[index + 1] != year + 1:
            parts.append(str(start) if start == year else f"{start}–{year}")
            start = None
    return ", ".join(parts)


def failures(report: pl.DataFrame) -> pl.DataFrame:
    """Rows whose indicator found no usable variable in a table: what `--strict` refuses."""
    return report.filter(pl.col("state").is_in(FAILURES))


def summary_lines(report: pl.DataFrame, *, limit: int = 8) -> list[str]:
    """A short version of the report for the end of every load: what is missing and why, per indicator."""
    indicators = report.filter(pl.col("indicator_code").is_not_null())
    total = indicators["indicator_code"].n_unique()
    with_figures = indicators.filter(pl.col("state") == LOADED)["indicator_code"].n_unique()
    lines = [f"Dekking: {with_figures} van de {total} indicatoren hebben cijfers in het warehouse "
             "(alles per jaar en niveau: python -m pipelines coverage)."]
    sections = [
        ("✗ Variabele niet (bruikbaar) in de tabel", indicators.filter(pl.col("state").is_in(FAILURES)), True),
        ("! Geen cijfer voor de gemeente in het nieuwste jaar", _newest_without_value(indicators), False),
        ("· Nog niet geladen", indicators.filter(pl.col("state") == NOT_LOADED), True),
        ("· Reeksbreuk, zoals vastgelegd", indicators.filter(pl.col("state") == BREAK), False),
    ]
    for heading, rows, with_detail in sections:
        grouped = _per_indicator(rows)
        if not grouped:
            continue
        lines.append(f"  {heading} ({len(grouped)}):")
        for code, years, details in grouped[:limit]:
            when = f" {years}" if years else ""
            lines.append(f"      {code}{when}" + (f": {details}" if with_detail and details else ""))
        if len(grouped) > limit:
            lines.append(f"      … en nog {len(grouped) - limit}")
    goals = report.filter(pl.col("state") == GOAL_WITHOUT_INDICATOR)
    if goals.height:
        lines.append(f"  · Doelen zonder indicator ({goals.height}):")
        for row in goals.head(limit).iter_rows(named=True):
            lines.append(f"      {row['goal_code']} {row['goal_text']} — {row['detail']}")
        if goals.height > limit:
            lines.append(f"      … en nog {goals.height - limit}")
    return lines


def _newest_without_value(indicators: pl.DataFrame) -> pl.DataFrame:
    """Per indicator its newest loaded year, when the source published no figure for the gemeente in it.

    Older years without a figure (a question not asked yet) are in the full report, not in the summary.
    """
    measured = indicators.filter(pl.col("state").is_in((LOADED, NO_VALUE)))
    newest = measured.group_by("indicator_code").agg(pl.col("year").max().alias("newest"))
    return measured.join(newest, on="indicator_code").filter(
        (pl.col("year") == pl.col("newest")) & (pl.col("region_level") == "gemeente") & (pl.col("state") == NO_VALUE)
        & ((pl.col("period") == YEAR) | pl.col("period").is_null())
    ).drop("newest")


def _per_indicator(rows: pl.DataFrame) -> list[tuple[str, str, str]]:
    """(indicator, years, the distinct details) per indicator, in report order."""
    result = []
    for code in rows["indicator_code"].unique(maintain_order=True).to_list():
        own = rows.filter(pl.col("indicator_code") == code)
        details = [d for d in own["detail"].unique(maintain_order=True).to_list() if d]
        result.append((code, years_text(own["year"].to_list()), "; ".join(details)))
    return result


def full_lines(report: pl.DataFrame) -> list[str]:
    """The whole report as text: per indicator each table year and level with its state."""
    lines = []
    for code in report.filter(pl.col("indicator_code").is_not_null())["indicator_code"].unique(maintain_order=True).to_list():
        own = report.filter(pl.col("indicator_code") == code)
        first = own.row(0, named=True)
        lines.append(f"{code} — {first['title']} ({first['source_title']})")
        for row in own.iter_rows(named=True):
            when = " ".join(str(part) for part in (row["year"], row["period"] if row["period"] not in (None, YEAR) else None)
                            if part is not None) or "–"
            level = row["region_level"] or "alle niveaus"
            counts = (f" {row['regions_with_value']} met, {row['regions_without_value']} zonder cijfer"
                      if row["state"] in (LOADED, NO_VALUE) else "")
            table = f" [{row['table_id']}]" if row["table_id"] else ""
            detail = f" — {row['detail']}" if row["detail"] and row["state"] not in (LOADED,) else ""
            lines.append(f"    {when:<18} {level:<13} {STATE_TEXT.get(row['state'], row['state'])}{counts}{table}{detail}")
    goals = report.filter(pl.col("state") == GOAL_WITHOUT_INDICATOR)
    if goals.height:
        lines.append("Doelen zonder indicator:")
        lines += [f"    {row['goal_code']} {row['goal_text']} — {row['detail']}" for row in goals.iter_rows(named=True)]
    return lines
