"""Every read the app and the status command make: the only SQL outside the migrations and loader.

Functions take an open (read-only) connection and return polars frames or
plain values; callers cache them.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import schema

# The loads whose rows are in the warehouse now: a reload of the same table replaced the earlier load's rows.
CURRENT_LOADS = """
    SELECT * FROM load_log WHERE status = 'geladen'
    QUALIFY load_id = max(load_id) OVER (PARTITION BY source, coalesce(table_id, location))
"""

PUBLIC_TABLES = ("region", "opgave", "goal", "indicator", "source", "observation", "activity", "story", "coverage",
                 "region_boundary", "load_log")


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


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The schema migrations this warehouse has not had yet (an older version of the monitor built it)."""
    return schema.pending(con)


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
        **_financien_by_file(con, loads, source),
    }


def activities(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Partner activities with their reach, newest first; participants NULL where below the privacy threshold."""
    return _frame(
        con,
        """
        SELECT a.opgave_code, a.name, a.partner, a.region_code, r.name AS region_name, a.year,
               a.participants, a.participants_status, a.description, l.table_id AS file,
               a.goal_code, g.text AS goal_text
        FROM activity a
        JOIN load_log l USING (load_id)
        LEFT JOIN region r USING (region_code)
        LEFT JOIN goal g USING (goal_code)
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
    return _frame(con, "SELECT opgave_code, title, ambition, sort_order, kernindicatoren, parent_code FROM opgave"
                       " ORDER BY sort_order")


def goals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every goal at every depth, per opgave in tree order (a goal, then its subgoals). sort_order: the position
    among its siblings (the number a reader sees); parent_code NULL: directly under the opgave."""
    return _frame(
        con,
        "SELECT g.goal_code, g.opgave_code, g.text, g.sort_order, g.needs_source, g.parent_code, g.level, g.depth"
        " FROM goal g JOIN opgave o USING (opgave_code) ORDER BY o.sort_order, g.tree_order",
    )


def goal_levels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The doelenboom's levels, top first (e.g. ['resultaat', 'opgave', 'doel', 'subdoel'])."""
    return [row[0] for row in con.execute("SELECT name FROM goal_level ORDER BY level_order").fetchall()]


def goal_nodes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The doelenboom's nodes above the opgaven (empty when the opgave is the top level)."""
    return _frame(con, "SELECT n.node_code, n.level, n.text, n.parent_code, n.sort_order FROM goal_node n"
                       " JOIN goal_level l ON l.name = n.level ORDER BY l.level_order, n.sort_order")


def indicator_goals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every (indicator, goal) it serves, with the goal's opgave: an effect may serve several goals."""
    return _frame(con, "SELECT ig.indicator_code, ig.goal_code, g.opgave_code, ig.sort_order FROM indicator_goal ig"
                       " JOIN goal g USING (goal_code) JOIN indicator i USING (indicator_code)"
                       " ORDER BY i.sort_order, ig.sort_order")


def targets(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> pl.DataFrame:
    """Per indicator with a target: nulmeting and streefwaarde. The nulmeting is the config's value when it gives
    one, else the gemeente's own figure (year, totaal) in the baseline year — NULL when that year has none."""
    return _frame(
        con,
        """
        SELECT t.indicator_code, t.baseline_year,
               coalesce(t.baseline_value, o.value) AS baseline_value,
               CASE WHEN t.baseline_value IS NOT NULL THEN 'config' WHEN o.value IS NOT NULL THEN 'data' END
                   AS baseline_from,
               coalesce(t.baseline_source, CASE WHEN o.value IS NOT NULL THEN s.title || ', ' || t.baseline_year END)
                   AS baseline_source,
               o.ci_low AS baseline_ci_low, o.ci_high AS baseline_ci_high,
               t.target_value, t.target_year, t.source, t.ambition
        FROM indicator_target t
        JOIN indicator i USING (indicator_code)
        JOIN source s ON s.source_code = i.source
        LEFT JOIN observation o ON o.indicator_code = t.indicator_code AND o.region_code = $gemeente
             AND o.year = t.baseline_year AND o.period = 'jaar' AND o.breakdown = 'totaal'
        ORDER BY i.sort_order
        """,
        {"gemeente": gemeente_code},
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


def region_boundaries(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> pl.DataFrame:
    """The gemeente's wijk and buurt shapes, every loaded edition of the Wijk- en Buurtkaart (migration 009).

    One row per region and year: region_code, year, level, name, parent_code, water, indelingswijziging, geometry (GeoJSON
    text, lon/lat) and the load's is_demo (demo shapes are fictional: the map says so). Ordered by year, level and
    code, so a map draws wijken in the order CBS numbers them.
    """
    return _frame(
        con,
        """
        SELECT b.region_code, b.year, b.level, b.name, b.parent_code, b.water, b.indelingswijziging, b.geometry, l.is_demo
        FROM region_boundary b JOIN load_log l USING (load_id)
        WHERE b.gemeente_code = $gemeente
        ORDER BY b.year, b.level DESC, b.region_code
        """,
        {"gemeente": gemeente_code},
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
               i.higher_is_better, i.decimals, i.sort_order, i.source_variable, i.kind,
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
        WITH RECURSIVE current_loads AS ({CURRENT_LOADS}),
        measured AS (  -- goals an indicator measures, directly or through a subgoal
            SELECT goal_code FROM indicator_goal
            UNION
            SELECT g.parent_code FROM goal g JOIN measured m USING (goal_code) WHERE g.parent_code IS NOT NULL
        ),
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
               g.goal_code, g.text, o.sort_order * 1000 + g.tree_order, 1
        FROM goal g JOIN opgave o USING (opgave_code)
        WHERE g.goal_code NOT IN (SELECT goal_code FROM measured)
        ORDER BY part, sort_order, year NULLS FIRST,
                 CASE period WHEN '1e halfjaar' THEN 0 WHEN '2e halfjaar' THEN 1 ELSE 2 END,
                 CASE region_level WHEN 'land' THEN 0 WHEN 'provincie' THEN 1 WHEN 'gemeente' THEN 2 WHEN 'wijk' THEN 3
                                   WHEN 'buurt' THEN 4 ELSE -1 END
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


# --- financiën (financiënwerkmappen, migration 008) ------------------------------------------------------------------


def _financien_by_file(con: duckdb.DuckDBPyConnection, loads: str, source: str) -> dict[str, pl.DataFrame]:
    """rows_by_file's part for financiënwerkmappen: the key of every line, so a second file cannot repeat one."""
    # A load reads this from the warehouse as it is, before its build applies the migrations: an older warehouse
    # has no financien table yet (and then no lines either).
    if not _scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'financien'"):
        return {}
    return {"financien": _frame(
        con, f"SELECT l.file, f.opgave_code, f.goal_code, f.taakveld_code, f.year, f.kind, f.layer, f.source_row"
             f" FROM financien f JOIN ({loads}) l USING (load_id)", {"source": source})}


FINANCIEN_COLUMNS = {
    "opgave_code": pl.String, "goal_code": pl.String, "taakveld_code": pl.String, "taakveld_name": pl.String,
    "year": pl.Int32, "kind": pl.String, "layer": pl.String, "amount_eur": pl.Float64, "file": pl.String,
    "source_row": pl.Int32, "is_demo": pl.Boolean,
}


def financien(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every amount of the loaded financiënwerkmappen with the file it came from, in opgave and year order."""
    return _frame(
        con,
        f"""
        SELECT f.opgave_code, f.goal_code, f.taakveld_code, f.taakveld_name, f.year, f.kind, f.layer, f.amount_eur,
               l.table_id AS file, f.source_row, l.is_demo
        FROM financien f JOIN ({CURRENT_LOADS}) l USING (load_id)
        LEFT JOIN opgave o USING (opgave_code)
        ORDER BY o.sort_order NULLS LAST, f.opgave_code, f.year, f.kind, f.taakveld_code, f.layer, f.goal_code NULLS FIRST
        """,
    ).cast(FINANCIEN_COLUMNS)


def gemeente_inwoners(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> pl.DataFrame:
    """The gemeente's inwoners per year (indicator 'inwoners', year figure, all inwoners), with their source."""
    return _frame(
        con,
        """
        SELECT o.year, o.value AS inwoners, o.status, s.title AS source_title
        FROM observation o JOIN indicator i USING (indicator_code) LEFT JOIN source s ON s.source_code = i.source
        WHERE o.indicator_code = 'inwoners' AND o.region_code = ? AND o.period = 'jaar' AND o.breakdown = 'totaal'
        ORDER BY o.year
        """,
        [gemeente_code],
    )


def participants_by_opgave(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per opgave and year the partners' reach: deelnemers summed where known, and how many activities are 'geheim'.

    A sum over activities counts a person in two activities twice: the page says so beside every figure.
    """
    return _frame(
        con,
        """
        SELECT opgave_code, year,
               sum(participants) FILTER (WHERE participants_status = 'definitief')::BIGINT AS participants,
               count(*) AS activities,
               count(*) FILTER (WHERE participants_status = 'geheim') AS secret_activities
        FROM activity
        GROUP BY opgave_code, year
        ORDER BY opgave_code, year
        """,
    )



# --- vergelijkingsregio's (provincie, referentiegemeenten, vergelijkbare gemeenten) --------------------------


def similar_gemeenten(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The vergelijkbare gemeenten an earlier load found, nearest first."""
    return [row[0] for row in con.execute(
        "SELECT region_code FROM comparison_region WHERE role = 'vergelijkbaar' ORDER BY sort_order").fetchall()]


def comparison_regions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The regions the gemeente compares itself with besides Nederland: role ('provincie', 'referentie',
    'vergelijkbaar'), order, the stated method (vergelijkbare gemeenten), name and level as loaded (NULL when no
    table held the region), and whether any figure of it is loaded."""
    return _frame(
        con,
        """
        SELECT c.region_code, c.role, c.sort_order, c.method, r.name, r.level,
               EXISTS (SELECT 1 FROM observation o WHERE o.region_code = c.region_code AND o.value IS NOT NULL)
                   AS has_figures
        FROM comparison_region c
        LEFT JOIN region r USING (region_code)
        ORDER BY CASE c.role WHEN 'provincie' THEN 0 WHEN 'referentie' THEN 1 ELSE 2 END, c.sort_order
        """,
    )


# --- iv3 (lasten per taakveld van gemeenten, bron cbs_iv3: pipelines/sources/cbs_iv3.py) -----------------------------

IV3_COLUMNS = {
    "region_code": pl.String, "name": pl.String, "role": pl.String, "sort_order": pl.Int32, "year": pl.Int32,
    "breakdown": pl.String, "lasten": pl.Float64, "status": pl.String, "inwoners": pl.Float64,
    "per_inwoner": pl.Float64,
}


def iv3_lasten_per_inwoner(con: duckdb.DuckDBPyConnection, indicator_code: str, year: int | None = None) -> pl.DataFrame:
    """Lasten (euro) and lasten per inwoner per taakveld ('totaal' included) of the gemeente and its comparison
    gemeenten (referentie, then vergelijkbaar; a gemeente in both roles once) in one year.

    year None: the latest year in which the gemeente itself has a lasten total. Per inwoner divides by the
    inwoners (indicator 'inwoners', 1 januari) of the same gemeente and year; NULL when those are not loaded, so a
    comparison gemeente without inwoners shows its lasten but no per-inwoner figure, never a guessed one.
    role: 'gemeente' for the monitor's own, else the comparison_region role; sort_order 0 for the gemeente.
    """
    return _frame(
        con,
        """
        WITH own AS (SELECT value AS region_code FROM monitor_info WHERE key = 'gemeente_code'),
        gemeenten AS (
            SELECT region_code, 'gemeente' AS role, 0 AS sort_order FROM own
            UNION ALL
            SELECT region_code, role, sort_order FROM comparison_region
            WHERE role IN ('referentie', 'vergelijkbaar') AND region_code NOT IN (SELECT region_code FROM own)
            QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY role = 'vergelijkbaar', sort_order) = 1
        ),
        lasten AS (
            SELECT region_code, year, breakdown, value AS lasten, status FROM observation
            WHERE indicator_code = $indicator AND period = 'jaar'
        ),
        chosen AS (
            SELECT coalesce($year::INTEGER, (SELECT max(year) FROM lasten
                    WHERE region_code = (SELECT region_code FROM own) AND breakdown = 'totaal' AND lasten IS NOT NULL))
                AS year
        ),
        inwoners AS (
            SELECT region_code, year, value AS inwoners FROM observation
            WHERE indicator_code = 'inwoners' AND period = 'jaar' AND breakdown = 'totaal' AND value IS NOT NULL
        )
        SELECT g.region_code, coalesce(r.name, g.region_code) AS name, g.role, g.sort_order, l.year, l.breakdown,
               l.lasten, l.status, i.inwoners,
               CASE WHEN i.inwoners > 0 AND l.lasten IS NOT NULL THEN l.lasten / i.inwoners END AS per_inwoner
        FROM gemeenten g
        JOIN lasten l USING (region_code)
        LEFT JOIN inwoners i USING (region_code, year)
        LEFT JOIN region r USING (region_code)
        WHERE l.year = (SELECT year FROM chosen)
        ORDER BY CASE g.role WHEN 'gemeente' THEN 0 WHEN 'referentie' THEN 1 ELSE 2 END, g.sort_order, g.region_code,
                 l.breakdown = 'totaal' DESC, l.breakdown
        """,
        {"indicator": indicator_code, "year": year},
    ).cast(IV3_COLUMNS)


def iv3_years(con: duckdb.DuckDBPyConnection, indicator_code: str) -> list[int]:
    """The years in which the gemeente itself has an Iv3 lasten total, newest first (for a year choice)."""
    rows = con.execute(
        """
        SELECT DISTINCT year FROM observation
        WHERE indicator_code = ? AND period = 'jaar' AND breakdown = 'totaal' AND value IS NOT NULL
          AND region_code = (SELECT value FROM monitor_info WHERE key = 'gemeente_code')
        ORDER BY year DESC
        """,
        [indicator_code],
    ).fetchall()
    return [row[0] for row in rows]
