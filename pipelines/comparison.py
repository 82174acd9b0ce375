"""Comparison regions at load time: keep only their rows, and find the vergelijkbare gemeenten by a stated method.

The StatLine reader keeps, beside the gemeente's own regions, the gemeente-level
rows of the provincie and referentiegemeenten of [vergelijking] — and, when
`vergelijkbaar` is configured, every gemeente's own row. Before the load this
module:

1. finds the vergelijkbare gemeenten from those rows (METHOD_TEXT, shown on
   screen): per kenmerk (indicator codes of the config: size, urbanity,
   income, age) the z-score over all gemeenten with a figure for every
   kenmerk in the latest year in which the gemeente itself has them all;
   the Euclidean distance to the gemeente over those z-scores; the N nearest
   (ties: lowest CBS code). A load without those figures (e.g. only the RIVM
   table) keeps the vergelijkbare gemeenten found before;
2. drops every other gemeente's rows, so the warehouse holds Nederland, the
   gemeente with its wijken and buurten, and the comparison regions only;
3. has the 'vergelijkbaar' rows of comparison_region replaced, with the method text
   (load_catalog writes the 'provincie' and 'referentie' rows from the config).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import duckdb
import polars as pl

from monitor.config import MonitorConfig
from monitor.tidy import SourceTable
from pipelines.statline.reader import comparison_codes
from warehouse import queries
from warehouse.load import replace_similar_gemeenten


@dataclass(frozen=True)
class Similarity:
    """The vergelijkbare gemeenten (nearest first) with their distances, and how they were found, in Dutch."""

    codes: tuple[str, ...]
    distances: tuple[float, ...]
    year: int
    method: str


def method_text(kenmerken: list[str], year: int, count: int, gemeenten: int) -> str:
    """The stated method, as the screen and the README give it."""
    return (f"De {count} gemeenten die het meest op deze gemeente lijken op {', '.join(kenmerken)} in {year}: per "
            f"kenmerk de z-score (afwijking van het gemiddelde in standaarddeviaties) over alle {gemeenten} gemeenten "
            "met een cijfer voor elk kenmerk, dan de euclidische afstand tot deze gemeente over die z-scores; de "
            f"{count} met de kleinste afstand.")


def nearest(figures: pl.DataFrame, gemeente_code: str, kenmerken: list[str], count: int) -> pl.DataFrame:
    """The `count` gemeenten nearest to `gemeente_code`: region_code, distance, in order (pure; no I/O).

    figures: one row per gemeente, a column region_code and one numeric column per kenmerk. Gemeenten
    missing a kenmerk are left out; a kenmerk on which all gemeenten are equal weighs nothing.
    """
    complete = figures.select("region_code", *kenmerken).drop_nulls()
    if gemeente_code not in complete["region_code"].to_list():
        return pl.DataFrame(schema={"region_code": pl.String, "distance": pl.Float64})
    z_scores = []
    for kenmerk in kenmerken:
        column = pl.col(kenmerk).cast(pl.Float64)
        spread = complete[kenmerk].cast(pl.Float64).std(ddof=0)
        z_scores.append(((column - column.mean()) / spread).alias(kenmerk) if spread else pl.lit(0.0).alias(kenmerk))
    scored = complete.with_columns(z_scores)
    own = scored.filter(pl.col("region_code") == gemeente_code).row(0, named=True)
    distance = sum((pl.col(kenmerk) - own[kenmerk]) ** 2 for kenmerk in kenmerken).sqrt()
    return (scored.filter(pl.col("region_code") != gemeente_code)
            .select("region_code", distance.alias("distance"))
            .sort(["distance", "region_code"]).head(count))


def find_similar(config: MonitorConfig, tables: list[SourceTable]) -> Similarity | None:
    """The vergelijkbare gemeenten from the gemeente rows in these tables; None when they lack the kenmerken."""
    similar = config.comparison.similar
    if similar is None:
        return None
    kenmerken = list(similar.kenmerken)
    rows = pl.concat([table.observations.filter(
        pl.col("indicator_code").is_in(kenmerken) & (pl.col("region_code").str.slice(0, 2) == "GM")
        & (pl.col("breakdown") == "totaal") & (pl.col("period") == "jaar") & pl.col("value").is_not_null()
    ).select("indicator_code", "region_code", "year", "value") for table in tables if "period" in table.observations.columns and not table.observations.is_empty()]
        or [pl.DataFrame(schema={"indicator_code": pl.String, "region_code": pl.String, "year": pl.Int32,
                                 "value": pl.Float64})])
    own = rows.filter(pl.col("region_code") == config.gemeente_code)
    complete_years = own.group_by("year").agg(pl.col("indicator_code").n_unique().alias("n")) \
        .filter(pl.col("n") == len(set(kenmerken)))["year"].to_list()
    if not complete_years:
        return None
    year = max(complete_years)
    wide = rows.filter(pl.col("year") == year).unique(["indicator_code", "region_code"], keep="last") \
        .pivot(on="indicator_code", index="region_code", values="value")
    if wide.height < 2 or not set(kenmerken) <= set(wide.columns):
        return None
    found = nearest(wide, config.gemeente_code, kenmerken, similar.count)
    gemeenten = wide.select("region_code", *kenmerken).drop_nulls().height
    titles = {indicator.code: indicator.title.lower() for indicator in config.indicators}
    method = method_text([titles.get(k, k) for k in kenmerken], year, found.height, gemeenten)
    return Similarity(tuple(found["region_code"]), tuple(round(d, 3) for d in found["distance"]), year, method)


def narrow_to_comparison(con: duckdb.DuckDBPyConnection, config: MonitorConfig,
                         tables: list[SourceTable]) -> list[SourceTable]:
    """The tables with only the comparison gemeenten's rows beside the own ones; writes the vergelijkbaar rows."""
    keep = set(comparison_codes(config))
    if config.comparison.similar is None:
        replace_similar_gemeenten(con, [])
    else:
        similarity = find_similar(config, tables)
        if similarity is None:  # this load lacks the kenmerken: keep the gemeenten found by an earlier load
            keep |= set(queries.similar_gemeenten(con))
        else:
            keep |= set(similarity.codes)
            replace_similar_gemeenten(con, [(code, f"{similarity.method} Afstand: {_dutch(distance)}.")
                                            for code, distance in zip(similarity.codes, similarity.distances)])
    return [_only(table, config.gemeente_code, keep) for table in tables]


def _dutch(number: float) -> str:
    return f"{number:.2f}".replace(".", ",") if math.isfinite(number) else "onbekend"


def _only(table: SourceTable, gemeente_code: str, keep: set[str]) -> SourceTable:
    other = (pl.col("region_code").str.slice(0, 2) == "GM") & (pl.col("region_code") != gemeente_code) \
        & ~pl.col("region_code").is_in(sorted(keep))
    if table.observations.filter(other).is_empty() and table.regions.filter(other).is_empty():
        return table
    return dataclasses.replace(table, observations=table.observations.filter(~other), regions=table.regions.filter(~other))
