"""Every read the app and the status command make: the only SQL outside the migrations and loader.

Functions take an open (read-only) connection and return polars frames or
plain values; callers cache them.
"""

from __future__ import annotations

import duckdb
import polars as pl

# The loads whose rows are in the warehouse now: a reload of the same table replaced the earlier load's rows.
CURRENT_LOADS = """
    SELECT * FROM load_log WHERE status = 'geladen'
    QUALIFY load_id = max(load_id) OVER (PARTITION BY source, coalesce(table_id, location))
"""

PUBLIC_TABLES = ("region", "opgave", "goal", "indicator", "source", "observation", "activity", "story", "coverage",
                 "load_log")


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params).pl()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    # fetchall, not fetchone: DuckDB 2 keeps a partly fetched result open on the connection.
    return con.execute(sql, params or []).fetchall()[0][0]


def table_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: _scalar(con, f"SELECT count(*) FROM {table}") for table in PUBLIC_TABLES}


def load_log(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(
        con,
        "SELECT load_id, source, table_id, year, location, status, rows_loaded, rows_rejected,"
        " started_at, finished_at, is_demo, sha256, message FROM load_log ORDER BY load_id",
    )


def monitor_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Gemeente code and name, monitor title and vision, plus whether demo data is loaded."""
    info = dict(con.execute("SELECT key, value FROM monitor_info").fetchall())
    info["is_demo"] = bool(_scalar(con, "SELECT coalesce(bool_or(is_demo), false) FROM load_log"))
    return info


def real_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Sources loaded from real (non-demo) data, which a demo rebuild must not silently replace."""
    return [row[0] for row in con.execute(
        "SELECT DISTINCT source FROM load_log WHERE NOT is_demo ORDER BY source").fetchall()]


def held_inputs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(source, table id or file name) of every real input whose rows are in the warehouse now."""
    return [(row[0], row[1]) for row in con.execute(
        f"SELECT source, coalesce(table_id, location) FROM ({CURRENT_LOADS}) WHERE NOT is_demo ORDER BY 1, 2").fetchall()]


def regions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every region the warehouse knows: code, name and level (for matching what people type)."""
    return _frame(con, "SELECT region_code, name, level FROM region ORDER BY region_code")


def rows_by_file(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, pl.DataFrame]:
    """What each loaded file of a source (partner, KIS) holds, keyed by its file name (load_log.table_id).

    Readers use it to refuse a second file that would duplicate rows another file already loaded.
    """
    loads = "SELECT load_id, table_id AS file FROM load_log WHERE source = $source"
    return {
        "observation": _frame(con, f"SELECT l.file, o.indicator_code, o.region_code, o.year, o.breakdown, o.value"
                                   f" FROM observation o JOIN ({loads}) l USING (load_id)", {"source": source}),
        "activity": _frame(con, f"SELECT l.file, a.opgave_code, a.name, a.partner, a.region_code, a.year"
                                f" FROM activity a JOIN ({loads}) l USING (load_id)", {"source": source}),
        "story": _frame(con, f"SELECT l.file, s.opgave_code, s.region_code, s.year, s.title"
                             f" FROM story s JOIN ({loads}) l USING (load_id)", {"source": source}),
    }


def activities(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Partner activities with their reach, newest first; participants NULL where below the privacy threshold."""
    return _frame(
        con,
        """
        SELECT a.opgave_code, a.name, a.partner, a.region_code, r.name AS region_name, a.year,
               a.participants, a.participants_status, a.description, l.table_id AS file
        FROM activity a
        JOIN load_log l USING (load_id)
        LEFT JOIN region r USING (region_code)
        ORDER BY a.year DESC, a.opgave_code, a.name, r.name
        """,
    )


def stories(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Partner stories (evaluaties, inwonersstemmen, casussen, situatieschetsen), newest first."""
    return _frame(
        con,
        """
        SELECT s.opgave_code, s.region_code, r.name AS region_name, r.level AS region_level, s.year,
               s.title, s.body, s.kind, s.source, l.table_id AS file
        FROM story s
        JOIN load_log l USING (load_id)
        LEFT JOIN region r USING (region_code)
        ORDER BY s.year DESC, s.region_code, s.title
        """,
    )


def opgaven(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(con, "SELECT opgave_code, title, ambition, sort_order, kernindicatoren FROM opgave ORDER BY sort_order")


def goals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return _frame(
        con,
        "SELECT g.goal_code, g.opgave_code, g.text, g.sort_order, g.needs_source FROM goal g"
        " JOIN opgave o USING (opgave_code) ORDER BY o.sort_order, g.sort_order",
    )


def latest_by_indicator(con: duckdb.DuckDBPyConnection, region_code: str, compare_code: str = "NL00") -> pl.DataFrame:
    """Per indicator: the region's latest published figure, the measurement before it and the comparison region.

    A year in which the source published nothing for the region (value NULL) is
    skipped for 'latest', but reported as `newer_missing_year` so the screen can
    say the newest year is not (yet) available rather than hide it.
    """
    return _frame(
        con,
        """
        WITH own AS (
            SELECT indicator_code, year, value, status, ci_low, ci_high, rounded_to,
                   row_number() OVER (PARTITION BY indicator_code ORDER BY year DESC) AS recency
            FROM observation
            WHERE region_code = $region AND breakdown = 'totaal' AND period = 'jaar' AND value IS NOT NULL
        ),
        missing AS (
            SELECT indicator_code, max(year) AS newer_missing_year, arg_max(status, year) AS newer_missing_status
            FROM observation
            WHERE region_code = $region AND breakdown = 'totaal' AND period = 'jaar' AND value IS NULL
            GROUP BY indicator_code
        )
        SELECT i.indicator_code, i.title, i.unit, i.definition, i.opgave_code, i.goal_code,
               i.higher_is_better, i.decimals, i.sort_order,
               s.title AS source_title, s.publisher AS source_publisher,
               i.series_first_year, i.series_last_year, i.series_note,
               pred.title AS predecessor_title, succ.title AS successor_title,
               cur.year, cur.value, cur.status, cur.ci_low, cur.ci_high, cur.rounded_to,
               prev.year AS previous_year, prev.value AS previous_value,
               prev.ci_low AS previous_ci_low, prev.ci_high AS previous_ci_high,
               cmp.value AS compare_value, cmp.status AS compare_status,
               CASE WHEN m.newer_missing_year > coalesce(cur.year, 0) THEN m.newer_missing_year END
                   AS newer_missing_year,
               CASE WHEN m.newer_missing_year > coalesce(cur.year, 0) THEN m.newer_missing_status END
                   AS newer_missing_status,
               $region AS region_code, $compare AS compare_code,
               -- A distribution's total is 100% of everyone: a tile shows its groups instead.
               EXISTS (SELECT 1 FROM breakdown_group bg
                       WHERE bg.indicator_code = i.indicator_code AND bg.distribution) AS distribution
        FROM indicator i
        JOIN source s ON s.source_code = i.source
        LEFT JOIN own cur ON cur.indicator_code = i.indicator_code AND cur.recency = 1
        LEFT JOIN own prev ON prev.indicator_code = i.indicator_code AND prev.recency = 2
        LEFT JOIN observation cmp ON cmp.indicator_code = i.indicator_code AND cmp.region_code = $compare
             AND cmp.year = cur.year AND cmp.breakdown = 'totaal' AND cmp.period = 'jaar'
        LEFT JOIN missing m ON m.indicator_code = i.indicator_code
        LEFT JOIN indicator pred ON pred.indicator_code = i.predecessor_code
        LEFT JOIN indicator succ ON succ.indicator_code = i.successor_code
        ORDER BY i.sort_order
        """,
        {"region": region_code, "compare": compare_code},
    )


def observations(
    con: duckdb.DuckDBPyConnection,
    indicator_codes: tuple[str, ...] | None = None,
    region_codes: tuple[str, ...] | None = None,
    breakdown: str | None = "totaal",
    period: str | None = "jaar",
) -> pl.DataFrame:
    """Figures in long form with everything a chart, table or download needs beside the value.

    None for a filter means 'all'. breakdown=None returns every breakdown (age
    groups, migratieachtergrond); period=None also the half-years. Rows with
    value NULL are kept: the status says whether a figure is missing, suppressed
    or after a series break (series_note says why), so a screen can say so
    instead of drawing a zero.
    """
    return _frame(
        con,
        """
        SELECT o.indicator_code, i.title, i.unit, i.decimals, i.higher_is_better, i.opgave_code,
               o.region_code, r.name AS region_name, r.level AS region_level,
               o.year, o.period, o.breakdown, o.value, o.ci_low, o.ci_high, o.status, o.rounded_to,
               s.title AS source_title, i.sort_order, i.series_first_year, i.series_last_year, i.series_note
        FROM observation o
        JOIN indicator i USING (indicator_code)
        JOIN source s ON s.source_code = i.source
        LEFT JOIN region r USING (region_code)
        WHERE ($indicators IS NULL OR list_contains($indicators, o.indicator_code))
          AND ($regions IS NULL OR list_contains($regions, o.region_code))
          AND ($breakdown IS NULL OR o.breakdown = $breakdown)
          AND ($period IS NULL OR o.period = $period)
        ORDER BY i.sort_order, CASE r.level WHEN 'land' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 ELSE 3 END,
                 o.region_code, o.breakdown = 'totaal' DESC, o.breakdown, o.year,
                 CASE o.period WHEN '1e halfjaar' THEN 0 WHEN '2e halfjaar' THEN 1 ELSE 2 END
        """,
        {
            "indicators": list(indicator_codes) if indicator_codes is not None else None,
            "regions": list(region_codes) if region_codes is not None else None,
            "breakdown": breakdown,
            "period": period,
        },
    )


def wijken(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> pl.DataFrame:
    """The gemeente's wijken, in code order (the order CBS and the gemeente use)."""
    return _frame(
        con,
        "SELECT region_code, name FROM region WHERE level = 'wijk' AND gemeente_code = $gemeente ORDER BY region_code",
        {"gemeente": gemeente_code},
    )


def indicator_catalog(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> pl.DataFrame:
    """Every indicator with its definition, opgave, goal and source, and which years hold figures.

    first_year/last_year: years with a published gemeente figure (NULL when none);
    last_loaded_year: the newest year any row was loaded for, published or not.
    """
    return _frame(
        con,
        """
        WITH years AS (
            SELECT indicator_code,
                   min(year) FILTER (WHERE value IS NOT NULL AND region_code = $gemeente) AS first_year,
                   max(year) FILTER (WHERE value IS NOT NULL AND region_code = $gemeente) AS last_year,
                   max(year) FILTER (WHERE status <> 'reeksbreuk') AS last_loaded_year,
                   count(DISTINCT region_code) FILTER (WHERE value IS NOT NULL) AS regions_with_figures,
                   list(DISTINCT breakdown ORDER BY breakdown) FILTER (WHERE breakdown <> 'totaal') AS breakdowns
            FROM observation GROUP BY indicator_code
        )
        SELECT i.indicator_code, i.title, i.unit, i.definition, i.source AS source_code,
               s.title AS source_title, s.publisher AS source_publisher,
               i.opgave_code, o.title AS opgave_title, i.goal_code, g.text AS goal_text, g.sort_order AS goal_number,
               i.higher_is_better, i.decimals, i.sort_order, i.source_variable,
               i.series_first_year, i.series_last_year, i.series_note, i.predecessor_code, i.successor_code,
               y.first_year, y.last_year, y.last_loaded_year,
               coalesce(y.regions_with_figures, 0) AS regions_with_figures, y.breakdowns
        FROM indicator i
        JOIN source s ON s.source_code = i.source
        LEFT JOIN opgave o USING (opgave_code)
        LEFT JOIN goal g USING (goal_code)
        LEFT JOIN years y USING (indicator_code)
        ORDER BY i.sort_order
        """,
        {"gemeente": gemeente_code},
    )


def sources(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each source with its latest successful load, the tables/files it holds now (loads) and their rows."""
    return _frame(
        con,
        f"""
        WITH current AS ({CURRENT_LOADS}),
        latest AS (
            SELECT source, max(finished_at) AS last_loaded, count(*) AS loads,
                   sum(rows_loaded)::BIGINT AS rows_loaded, bool_or(is_demo) AS is_demo
            FROM current GROUP BY source
        )
        SELECT s.source_code, s.title, s.publisher, s.load_command, l.last_loaded, coalesce(l.loads, 0) AS loads,
               coalesce(l.rows_loaded, 0) AS rows_loaded, l.is_demo
        FROM source s LEFT JOIN latest l ON l.source = s.source_code
        ORDER BY s.source_code
        """,
    )


def coverage_report(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """What every current load covered per indicator × table year × period × region level (see monitor.coverage),
    plus the indicators no load covered at all and the goals without any indicator, in catalogue order."""
    return _frame(
        con,
        f"""
        WITH current_loads AS ({CURRENT_LOADS}),
        covered AS (
            SELECT c.*, l.table_id, l.source FROM coverage c JOIN current_loads l USING (load_id)
        ),
        loaded_sources AS (SELECT DISTINCT source FROM current_loads)
        SELECT i.indicator_code, i.title, s.title AS source_title, i.source AS source_code, c.table_id,
               c.year, c.period, c.region_level, c.state, c.regions_with_value, c.regions_without_value, c.detail,
               i.goal_code, g.text AS goal_text, i.sort_order, 0 AS part
        FROM indicator i
        JOIN source s ON s.source_code = i.source
        JOIN covered c USING (indicator_code)
        LEFT JOIN goal g USING (goal_code)
        UNION ALL
        SELECT i.indicator_code, i.title, s.title, i.source, NULL, NULL, NULL, NULL, 'niet_geladen', 0, 0,
               CASE WHEN i.source IN (SELECT source FROM loaded_sources)
                    THEN 'geen enkele geladen tabel of geen enkel geladen bestand van deze bron bevat deze indicator'
                    ELSE 'nog niets van deze bron geladen' END
               || coalesce(' (' || s.load_command || ')', ''),
               i.goal_code, g.text, i.sort_order, 0
        FROM indicator i
        JOIN source s ON s.source_code = i.source
        LEFT JOIN goal g USING (goal_code)
        WHERE NOT EXISTS (SELECT 1 FROM covered c WHERE c.indicator_code = i.indicator_code)
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'doel_zonder_indicator', 0, 0,
               'nog geen indicator — bron nodig: ' || coalesce(g.needs_source, 'niet opgegeven'),
               g.goal_code, g.text, o.sort_order * 1000 + g.sort_order, 1
        FROM goal g JOIN opgave o USING (opgave_code)
        WHERE NOT EXISTS (SELECT 1 FROM indicator i WHERE i.goal_code = g.goal_code)
        ORDER BY part, sort_order, year NULLS FIRST,
                 CASE period WHEN '1e halfjaar' THEN 0 WHEN '2e halfjaar' THEN 1 ELSE 2 END,
                 CASE region_level WHEN 'land' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 WHEN 'buurt' THEN 3 ELSE -1 END
        """,
    ).drop("sort_order", "part")


def breakdown_groups(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per indicator with a configured breakdown: each classification's groups and subgroups (parent = their
    group; NULL for a group), in config order, and whether the groups form a distribution (together 100%)."""
    return _frame(
        con,
        """
        SELECT indicator_code, classification, classification_order, breakdown, parent, sort_order, distribution
        FROM breakdown_group ORDER BY indicator_code, classification_order, sort_order
        """,
    )
