"""The app's only door to the warehouse: cached calls to warehouse.queries.

The cache key includes the warehouse file's identity (inode, size, mtime), so
a rebuilt warehouse (swapped in atomically by the pipelines) shows up on the
next rerun without restarting the dashboard.

The cache is st.cache_resource, not st.cache_data: cache_data pickles a result
and unpickles a fresh copy on every rerun, which for the whole observation
frame of a large gemeente cost 80% of a Bronnen rerun. cache_resource hands out
the same object, which is safe because polars frames are not changed in place
(every polars operation returns a new frame); the few dicts and lists are
copied on the way out.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from app.plain_text import markdown_safe
from warehouse import queries
from warehouse.build import connect_readonly
from warehouse.location import warehouse_path


class WarehouseUnavailable(Exception):
    """The warehouse file is missing or cannot be read; the message is Markdown for people."""


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        # Only for a file that does not exist: building the demo warehouse would replace one that does.
        raise WarehouseUnavailable(
            f"Er is nog geen warehouse op {markdown_safe(path)}. Bouw het met `make run` of "
            "`python -m pipelines demo` (voorbeelddata) en vernieuw deze pagina."
        ) from None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=512)
def _cached(query_name: str, path: str, identity: tuple, *args):
    query = getattr(queries, query_name)
    try:
        with connect_readonly(Path(path)) as con:
            return query(con, *args)
    except duckdb.Error as exc:
        # The file exists and may hold real data: never advise a command that rebuilds it. Usually another
        # program has it open (DuckDB lets one program write at a time).
        raise WarehouseUnavailable(
            f"Het warehouse {markdown_safe(path)} kan niet worden gelezen ({type(exc).__name__}). Misschien heeft "
            "een ander programma het open, zoals DBeaver of de duckdb-opdrachtregel: sluit dat programma en "
            "vernieuw deze pagina. Lukt het daarna nog niet, vraag dan de beheerder van de monitor om hulp."
        ) from None


def warehouse_version() -> tuple[str, tuple[int, int, int]]:
    """The warehouse's path and file identity: a cache key for what a page derives from its tables (it changes
    when the pipelines swap in a rebuilt warehouse)."""
    path = warehouse_path()
    return str(path), _identity(path)


def _read(query, *args):
    path = warehouse_path()
    result = _cached(query.__name__, str(path), _identity(path), *args)
    return result.copy() if isinstance(result, dict | list) else result


def monitor_info() -> dict[str, str]:
    return _read(queries.monitor_info)


def opgaven() -> pl.DataFrame:
    return _read(queries.opgaven)


def goals() -> pl.DataFrame:
    return _read(queries.goals)


def pending_migrations() -> list[str]:
    """Migrations the warehouse has not had yet: an older version of the monitor built it (see streamlit_app)."""
    return _read(queries.pending_migrations)


def goal_levels() -> list[str]:
    return _read(queries.goal_levels)


def goal_nodes() -> pl.DataFrame:
    return _read(queries.goal_nodes)


def indicator_goals() -> pl.DataFrame:
    return _read(queries.indicator_goals)


def targets(gemeente_code: str) -> pl.DataFrame:
    return _read(queries.targets, gemeente_code)


def latest_by_indicator(region_code: str, compare_code: str = "NL00") -> pl.DataFrame:
    return _read(queries.latest_by_indicator, region_code, compare_code)


def activities() -> pl.DataFrame:
    return _read(queries.activities)


def stories() -> pl.DataFrame:
    return _read(queries.stories)


def observations(
    indicator_codes: tuple[str, ...] | None = None,
    region_codes: tuple[str, ...] | None = None,
    breakdown: str | None = "totaal",
    period: str | None = "jaar",
) -> pl.DataFrame:
    """Figures in long form (see warehouse.queries.observations); pass tuples, they are part of the cache key.

    period 'jaar' (the default) gives year figures only; None also the half-years (which never share a line
    with year figures: see app.charts.trend.split_periods).
    """
    return _read(queries.observations, indicator_codes, region_codes, breakdown, period)


def observation_count() -> int:
    """How many figures the warehouse holds (the rows of the full-dataset download), counted without fetching them."""
    return _read(queries.table_row_counts)["observation"]


def wijken() -> pl.DataFrame:
    return _read(queries.wijken, monitor_info()["gemeente_code"])


def region_boundaries() -> pl.DataFrame:
    """The gemeente's wijk and buurt shapes per edition of the Wijk- en Buurtkaart (see warehouse.queries)."""
    return _read(queries.region_boundaries, monitor_info()["gemeente_code"])


def indicator_catalog() -> pl.DataFrame:
    return _read(queries.indicator_catalog, monitor_info()["gemeente_code"])


def sources() -> pl.DataFrame:
    return _read(queries.sources)


def load_log() -> pl.DataFrame:
    return _read(queries.load_log)


def coverage_report() -> pl.DataFrame:
    """What every current load covered, per indicator × year × period × level (see monitor.coverage)."""
    return _read(queries.coverage_report)


def breakdown_groups() -> pl.DataFrame:
    """The configured groups and subgroups of breakdowns (see warehouse.queries.breakdown_groups)."""
    return _read(queries.breakdown_groups)


# --- vergelijkingsregio's ------------------------------------------------------------------------------------


def comparison_regions() -> pl.DataFrame:
    """Provincie, referentiegemeenten and vergelijkbare gemeenten (see warehouse.queries.comparison_regions)."""
    return _read(queries.comparison_regions)


def comparison_figures(indicator_codes: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The year figures (whole population) of every comparison region, in the shape of observations()."""
    codes = tuple(comparison_regions()["region_code"].unique(maintain_order=True).to_list())
    return observations(indicator_codes, codes, "totaal", "jaar")


# --- financiën -----------------------------------------------------------------------------------------------------


def financien() -> pl.DataFrame:
    """Every amount of the loaded financiënwerkmappen (see warehouse.queries.financien)."""
    return _read(queries.financien)


def gemeente_inwoners() -> pl.DataFrame:
    """The gemeente's inwoners per year, for the lasten per inwoner."""
    return _read(queries.gemeente_inwoners, monitor_info()["gemeente_code"])


def participants_by_opgave() -> pl.DataFrame:
    """Per opgave and year the partners' deelnemers, for the lasten per deelnemer."""
    return _read(queries.participants_by_opgave)


# --- iv3: lasten per taakveld (CBS Iv3, bron cbs_iv3) ----------------------------------------------------------


def iv3_lasten_per_inwoner(indicator_code: str = "iv3_lasten", year: int | None = None) -> pl.DataFrame:
    """Lasten and lasten per inwoner per taakveld of the gemeente and its comparison gemeenten in one year (None:
    the latest); shape it for the page with app.iv3 (see warehouse.queries.iv3_lasten_per_inwoner)."""
    return _read(queries.iv3_lasten_per_inwoner, indicator_code, year)


def iv3_years(indicator_code: str = "iv3_lasten") -> list[int]:
    """The years with an Iv3 lasten total for the gemeente, newest first."""
    return list(_read(queries.iv3_years, indicator_code))


@st.cache_resource(show_spinner=False, max_entries=8)
def _comparison_index(path: str, identity: tuple) -> dict:
    from app import comparison  # a pure module; imported here so the data layer stays a door, not a page helper

    return comparison.tile_index(comparison_figures(), comparison_regions())


def comparison_index() -> dict:
    """Per (role, indicator, year) the provincie's figure or a group's median and spread, for the tiles (worked out
    once per warehouse: a page has dozens of tiles)."""
    return _comparison_index(*warehouse_version())
