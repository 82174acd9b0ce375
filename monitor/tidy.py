"""The one tidy shape every source reader produces and the shared load step writes.

A reader (CBS, RIVM, KIS export, partner workbook) turns one raw input into a
SourceTable: observations in the long shape (indicator, region, year, period,
breakdown, value, status, interval, rounding), the regions it names, what it
covered per indicator (loaded, no value, no variable …), and for partner
workbooks their activities and stories. What the input loaded before is
identified by (source, table_id) and replaced as a whole on reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

OBSERVATION_SCHEMA = {
    "indicator_code": pl.String, "region_code": pl.String, "year": pl.Int32, "period": pl.String,
    "breakdown": pl.String, "value": pl.Float64, "status": pl.String, "ci_low": pl.Float64, "ci_high": pl.Float64,
    "rounded_to": pl.Int32,
}
# Per indicator, year (and period) and region level: what a table held. See monitor.coverage.
COVERAGE_SCHEMA = {
    "indicator_code": pl.String, "year": pl.Int32, "period": pl.String, "region_level": pl.String,
    "state": pl.String, "regions_with_value": pl.Int32, "regions_without_value": pl.Int32, "detail": pl.String,
}
REGION_SCHEMA = {
    "region_code": pl.String, "name": pl.String, "level": pl.String, "parent_code": pl.String,
    "gemeente_code": pl.String, "name_year": pl.Int32,
}
ACTIVITY_SCHEMA = {
    # goal_code: the goal the partner says the activity serves (optional), None: the opgave as a whole.
    "opgave_code": pl.String, "goal_code": pl.String, "name": pl.String, "partner": pl.String,
    "region_code": pl.String, "year": pl.Int32, "participants": pl.Int64, "participants_status": pl.String,
    "description": pl.String, "source_row": pl.Int32,
}
STORY_SCHEMA = {
    "opgave_code": pl.String, "region_code": pl.String, "year": pl.Int32, "title": pl.String,
    "body": pl.String, "kind": pl.String, "source": pl.String, "source_row": pl.Int32,
}
# Financiënwerkmappen: amounts per opgave, taakveld, year, begroting/realisatie and laag (migration 008).
FINANCIEN_SCHEMA = {
    "opgave_code": pl.String, "goal_code": pl.String, "taakveld_code": pl.String, "taakveld_name": pl.String,
    "year": pl.Int32, "kind": pl.String, "layer": pl.String, "amount_eur": pl.Float64, "source_row": pl.Int32,
}


# The shapes of wijken and buurten per edition of the Wijk- en Buurtkaart (migration 009): GeoJSON geometry text.
BOUNDARY_SCHEMA = {
    "region_code": pl.String, "year": pl.Int32, "level": pl.String, "name": pl.String, "parent_code": pl.String,
    "gemeente_code": pl.String, "water": pl.Boolean, "indelingswijziging": pl.Int32, "geometry": pl.String,
}


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


@dataclass(frozen=True)
class SourceTable:
    """One raw input, tidied for one gemeente: what the shared load step writes to the warehouse."""

    source: str  # source code in the config, e.g. 'cbs_kwb', 'partner'
    table_id: str  # identity of the input: a StatLine table id, or the file name of a workbook or export
    year: int | None  # the year of a yearly table; None when the input spans several years
    directory: Path  # where it was read from: a snapshot directory or a file
    sha256: str
    is_demo: bool
    regions: pl.DataFrame
    observations: pl.DataFrame
    activities: pl.DataFrame | None = None
    stories: pl.DataFrame | None = None
    financien: pl.DataFrame | None = None  # FINANCIEN_SCHEMA, from a financiënwerkmap
    boundaries: pl.DataFrame | None = None  # BOUNDARY_SCHEMA, from an edition of the Wijk- en Buurtkaart
    notices: tuple[str, ...] = ()  # for the analyst, kept in load_log.message
    coverage: pl.DataFrame | None = None  # COVERAGE_SCHEMA; None: derived from the observations when loaded

    @property
    def note(self) -> str | None:
        return "; ".join(self.notices) if self.notices else None
