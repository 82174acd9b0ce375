"""CBS Kerncijfers wijken en buurten: one yearly table in cbsodata's layout → tidy regions and observations.

What CBS does that this module absorbs (with pipelines/statline.py):
- topic keys are renumbered every year: indicators match on the stem;
- a variable absent from a year's table yields no rows for that year at all;
- unpublished or suppressed figures become NULL with status 'ontbreekt' (or
  'geheim'), never 0;
- the national table also holds every other gemeente: only Nederland, the
  configured gemeente and its own wijken and buurten are kept, whatever the
  server's filter did.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines import statline
from monitor.config import MonitorConfig
from monitor.errors import SourceError
from monitor.tidy import SourceTable

SOURCE_CODE = "cbs_kwb"
CATALOG = "opendata.cbs.nl"

# Table id per year (shared/reference/cbs-odata.md); unknown years come from the catalog.
KWB_TABLES = {
    2013: "82339NED",
    2014: "82931NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}
YEAR_BY_TABLE = {table: year for year, table in KWB_TABLES.items()}
# How the catalog titles a yearly table; "Kerncijfers wijken en buurten 2024 (gewijzigd)" and the like are not one.
TITLE = re.compile(r"^\s*Kerncijfers wijken en buurten\s+(\d{4})\s*$", re.IGNORECASE)


def tables_in_catalog(catalog: list[dict]) -> dict[int, str]:
    """Year → table id for every yearly Kerncijfers table in an ODataCatalog/Tables listing (newest edition wins)."""
    found: dict[int, tuple[str, str]] = {}
    for row in catalog:
        match = TITLE.match(str(row.get("Title") or row.get("ShortTitle") or ""))
        identifier = str(row.get("Identifier") or "").strip()
        if match and identifier:
            year, modified = int(match.group(1)), str(row.get("Modified") or "")
            if year not in found or modified > found[year][1]:
                found[year] = (identifier, modified)
    return {year: identifier for year, (identifier, _) in found.items()}


def read_kwb_table(directory: Path, config: MonitorConfig) -> SourceTable:
    """Parse one snapshot directory for the configured gemeente."""
    snapshot = statline.open_snapshot(directory)
    year = _year(snapshot)
    indicators = config.statline_indicators(SOURCE_CODE)
    needed = statline.needed_stems(indicators)
    present = snapshot.present(needed)
    data, untyped = statline.read_rows(snapshot, present, config.gemeente_code)

    frames = []
    for indicator in indicators:
        if not statline.has_inputs(indicator, present):
            continue
        value, secret = statline.indicator_value(indicator, untyped)
        frames.append(
            data.select(
                pl.lit(indicator.code).alias("indicator_code"),
                pl.col("region_code"),
                pl.lit(year, pl.Int32).alias("year"),
                pl.lit("totaal").alias("breakdown"),
                value.alias("value"),
                secret.alias("secret"),
                pl.lit(None, pl.Float64).alias("ci_low"),
                pl.lit(None, pl.Float64).alias("ci_high"),
            ).pipe(statline.with_status, snapshot.status)
        )
    return statline.source_table(
        snapshot, SOURCE_CODE, year=year, name_year=year, data=data,
        indicator_frames=frames, missing_stems=needed - set(present),
    )


def _year(snapshot: statline.Snapshot) -> int:
    info = snapshot.info
    period = str(info.get("Period") or "").strip()
    if re.fullmatch(r"\d{4}", period):
        return int(period)
    if snapshot.table_id in YEAR_BY_TABLE:
        return YEAR_BY_TABLE[snapshot.table_id]
    match = TITLE.match(str(info.get("Title", "")))
    if match:
        return int(match.group(1))
    raise SourceError(
        f"{snapshot.directory / 'TableInfos.json'}: kan het jaar van tabel {snapshot.table_id} niet bepalen."
    )
