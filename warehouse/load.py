"""Writing into the warehouse: the config catalog, regions, observations, activities, stories and coverage,
with their load_log row.

Every source module produces the same tidy shapes (monitor.tidy.SourceTable);
`load_source_table` is the one load step they all share.
"""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import polars as pl

from monitor import coverage
from monitor.config import CbsMapping, MonitorConfig
from monitor.periods import YEAR
from monitor.tidy import (
    ACTIVITY_SCHEMA, BOUNDARY_SCHEMA, COVERAGE_SCHEMA, FINANCIEN_SCHEMA, OBSERVATION_SCHEMA, STORY_SCHEMA,
)

REGION_COLUMNS = ["region_code", "name", "level", "parent_code", "gemeente_code", "name_year"]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_catalog(con: duckdb.DuckDBPyConnection, config: MonitorConfig, load_commands: dict[str, str] | None = None) -> None:
    """Replace opgaven, goals, indicators and sources with what the config says.

    load_commands: source code → the command that loads it (from the pipelines' source registry).
    """
    load_commands = load_commands or {}
    for table in ("indicator", "indicator_goal", "indicator_target", "goal", "goal_level", "goal_node", "opgave",
                  "source", "monitor_info"):
        con.execute(f"DELETE FROM {table}")
    con.executemany(
        "INSERT INTO monitor_info VALUES (?, ?)",
        [
            ["gemeente_code", config.gemeente_code],
            ["gemeente_name", config.gemeente_name],
            ["title", config.title],
            ["vision", config.vision],
            ["config_file", str(config.path)],
            ["small_count_threshold", str(config.small_count_threshold)],
        ],
    )
    con.executemany(
        "INSERT INTO source (source_code, title, publisher, load_command) VALUES (?, ?, ?, ?)",
        [[s.code, s.title, s.publisher, load_commands.get(s.code)] for s in config.sources.values()],
    )
    con.executemany("INSERT INTO goal_level VALUES (?, ?)", [[n, name] for n, name in enumerate(config.levels, start=1)])
    _insert_many(con, "INSERT INTO goal_node (node_code, level, text, parent_code, sort_order) VALUES (?, ?, ?, ?, ?)",
                 [[n.code, n.level, n.text, n.parent_code, n.sort_order] for n in config.upper_nodes])
    con.executemany(
        "INSERT INTO opgave (opgave_code, title, ambition, sort_order, kernindicatoren, parent_code)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [[o.code, o.title, o.ambition, o.sort_order, list(o.kernindicatoren) if o.kernindicatoren else None,
          o.parent_code] for o in config.opgaven],
    )
    _insert_many(
        con, "INSERT INTO goal (goal_code, opgave_code, text, sort_order, needs_source, parent_code, level, depth,"
             " tree_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[g.code, g.opgave_code, g.text, g.sort_order, g.needs_source, g.parent_code, g.level, g.depth, n]
         for o in config.opgaven for n, g in enumerate(o.goals, start=1)],
    )
    con.executemany(
        "INSERT INTO indicator (indicator_code, title, unit, definition, source, opgave_code, goal_code,"
        " higher_is_better, decimals, sort_order, source_variable, series_first_year, series_last_year, series_note,"
        " predecessor_code, successor_code, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                i.code, i.title, i.unit, i.definition, i.source, i.opgave_code, i.goal_code,
                i.higher_is_better, i.decimals, i.sort_order, describe_variable(i.cbs) if i.cbs else None,
                i.series.first_year, i.series.last_year, i.series.note, i.series.predecessor, i.series.successor,
                i.kind,
            ]
            for i in config.indicators
        ],
    )
    _insert_many(con, "INSERT INTO indicator_goal VALUES (?, ?, ?)",
                 [[i.code, goal, n] for i in config.indicators for n, goal in enumerate(i.goal_codes, start=1)])
    _insert_many(
        con, "INSERT INTO indicator_target (indicator_code, baseline_year, baseline_value, baseline_source,"
             " target_value, target_year, source, ambition) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [[i.code, t.baseline_year, t.baseline_value, t.baseline_source, t.target_value, t.target_year, t.source,
          t.ambition_for(config.gemeente_code)] for i in config.indicators if (t := i.target)],
    )
    # The computed 'vergelijkbaar' rows belong to the load that computed them, not to the catalogue.
    con.execute("DELETE FROM comparison_region WHERE role IN ('provincie', 'referentie')")
    comparison = config.comparison
    _insert_many(con, "INSERT INTO comparison_region (region_code, role, sort_order) VALUES (?, ?, ?)",
                 ([[comparison.provincie, "provincie", 1]] if comparison.provincie else [])
                 + [[code, "referentie", n] for n, code in enumerate(comparison.referentiegemeenten, start=1)])
    # Replaced with the catalogue: the groups of a breakdown are config, like the indicators they belong to.
    con.execute("DELETE FROM breakdown_group")
    groups = [
        [i.code, c.name, c_order, name, parent, order, i.breakdown.distribution]
        for i in config.indicators if i.breakdown
        for c_order, c in enumerate(i.breakdown.classifications, start=1)
        for order, (name, parent) in enumerate(c.parent_of().items(), start=1)
    ]
    _insert_many(con, "INSERT INTO breakdown_group (indicator_code, classification, classification_order, breakdown,"
                      " parent, sort_order, distribution) VALUES (?, ?, ?, ?, ?, ?, ?)", groups)


def replace_similar_gemeenten(con: duckdb.DuckDBPyConnection, found: list[tuple[str, str]]) -> None:
    """The 'vergelijkbaar' rows of comparison_region: (gemeente code, method and distance), nearest first."""
    con.execute("DELETE FROM comparison_region WHERE role = 'vergelijkbaar'")
    _insert_many(con, "INSERT INTO comparison_region (region_code, role, sort_order, method)"
                      " VALUES (?, 'vergelijkbaar', ?, ?)",
                 [[code, order, method] for order, (code, method) in enumerate(found, start=1)])


def _insert_many(con: duckdb.DuckDBPyConnection, sql: str, rows: list[list]) -> None:
    if rows:  # DuckDB refuses executemany without rows
        con.executemany(sql, rows)


def describe_variable(mapping: CbsMapping) -> str:
    """How a figure is derived, for analysts: 'BuitenEuropa [Herkomstland] / AantalInwoners × 100; …'."""
    def names(stems: tuple[str, ...]) -> str:
        return stems[0] + (f" (eerder: {', '.join(stems[1:])})" if len(stems) > 1 else "")

    text = names(mapping.stems) + (f" [{mapping.group}]" if mapping.group else "")
    if mapping.per:
        text += f" / {names(mapping.per)}"
    if mapping.factor != 1:
        text += f" × {mapping.factor:g}"
    if mapping.rounded_to:
        text += f"; telling door de bron afgerond op {mapping.rounded_to}-tallen"
    return text


def upsert_regions(con: duckdb.DuckDBPyConnection, regions: pl.DataFrame) -> None:
    """Add regions; an existing region takes the name from the most recent year that named it.

    A source without a naming year (name_year NULL, e.g. RIVM) only names regions nobody else named.
    """
    frame = regions.select(REGION_COLUMNS)  # noqa: F841 - read by DuckDB below
    con.execute(
        """
        INSERT INTO region BY NAME SELECT * FROM frame
        ON CONFLICT (region_code) DO UPDATE SET
            name = CASE WHEN region.name_year IS NULL OR excluded.name_year >= region.name_year
                        THEN excluded.name ELSE region.name END,
            name_year = greatest(excluded.name_year, region.name_year),
            level = excluded.level,
            parent_code = excluded.parent_code,
            gemeente_code = excluded.gemeente_code
        """
    )


def start_load(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    location: str,
    sha256: str | None,
    is_demo: bool,
    table_id: str | None = None,
    year: int | None = None,
) -> int:
    """Open a load_log row and return its load_id."""
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_log").fetchall()[0][0]
    con.execute(
        "INSERT INTO load_log (load_id, source, location, sha256, started_at, status, is_demo, table_id, year)"
        " VALUES (?, ?, ?, ?, ?, 'geladen', ?, ?, ?)",
        [load_id, source, location, sha256, _now(), is_demo, table_id, year],
    )
    return load_id


def finish_load(
    con: duckdb.DuckDBPyConnection, load_id: int, *, rows_loaded: int, rows_rejected: int = 0, message: str | None = None
) -> None:
    con.execute(
        "UPDATE load_log SET finished_at = ?, rows_loaded = ?, rows_rejected = ?, message = ? WHERE load_id = ?",
        [_now(), rows_loaded, rows_rejected, message, load_id],
    )


def load_observations(con: duckdb.DuckDBPyConnection, observations: pl.DataFrame, load_id: int) -> int:
    """Insert or replace observations (same key = same figure, so reloading never duplicates)."""
    defaults = {"period": pl.lit(YEAR), "rounded_to": pl.lit(None, pl.Int32)}
    missing = [expr.alias(column) for column, expr in defaults.items() if column not in observations.columns]
    frame = observations.with_columns(missing).select(OBSERVATION_SCHEMA.keys()).with_columns(  # noqa: F841
        load_id=pl.lit(load_id, pl.Int32))
    con.execute("INSERT OR REPLACE INTO observation BY NAME SELECT * FROM frame")
    return observations.height


def load_source_table(con: duckdb.DuckDBPyConnection, table, location: str) -> int:
    """Load one parsed input (a pipelines.tidy.SourceTable); returns the rows written.

    What earlier loads of the same input (source and table_id: a StatLine
    table, or a workbook's file name) wrote is replaced, not added to:
    reloading it, or a corrected or newer version, never leaves duplicates or
    rows the input no longer has.
    """
    for target in ("observation", "activity", "story", "financien", "region_boundary", "coverage"):
        con.execute(
            f"DELETE FROM {target} WHERE load_id IN (SELECT load_id FROM load_log WHERE source = ? AND table_id = ?)",
            [table.source, table.table_id],
        )
    load_id = start_load(
        con, source=table.source, location=location, sha256=table.sha256,
        is_demo=table.is_demo, table_id=table.table_id, year=table.year,
    )
    upsert_regions(con, table.regions)
    rows = load_observations(con, table.observations, load_id)
    rows += _insert_rows(con, "activity", table.activities, ACTIVITY_SCHEMA, load_id)
    rows += _insert_rows(con, "story", table.stories, STORY_SCHEMA, load_id)
    rows += _insert_rows(con, "financien", table.financien, FINANCIEN_SCHEMA, load_id)
    rows += _insert_rows(con, "region_boundary", table.boundaries, BOUNDARY_SCHEMA, load_id)
    covered = table.coverage if table.coverage is not None else coverage.observed(table.observations)
    _insert_rows(con, "coverage", covered, COVERAGE_SCHEMA, load_id)
    finish_load(con, load_id, rows_loaded=rows, message=table.note)
    return rows


def _insert_rows(con: duckdb.DuckDBPyConnection, target: str, rows: pl.DataFrame | None, schema: dict, load_id: int) -> int:
    if rows is None or rows.is_empty():
        return 0
    frame = rows.select(schema.keys()).with_columns(load_id=pl.lit(load_id, pl.Int32))  # noqa: F841
    con.execute(f"INSERT INTO {target} BY NAME SELECT * FROM frame")
    return rows.height


def name_gemeente_from_regions(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> None:
    """A gemeente chosen with --gemeente takes its name (and the monitor title) from the loaded code list."""
    con.execute(
        """
        UPDATE monitor_info SET value = CASE key WHEN 'gemeente_name' THEN r.name ELSE 'Monitor Sociaal Domein ' || r.name END
        FROM (SELECT name FROM region WHERE region_code = ?) AS r
        WHERE key IN ('gemeente_name', 'title')
        """,
        [gemeente_code],
    )
