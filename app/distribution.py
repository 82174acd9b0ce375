"""Breakdowns with a hierarchy: which groups belong together, so no screen adds up what does not add up.

An indicator split by group (config `breakdown`, warehouse table breakdown_group) has one or more
classifications (CBS: migratieachtergrond westers/niet-westers, later herkomst). Each has groups and subgroups
within a group (Marokko within niet-westers). A chart draws one level at a time: the groups together, then
each group's subgroups apart, never mixed (mixed bars of a distribution add up to more than all inwoners). For
a distribution (the groups together are all inwoners) the total is 100% and says nothing: show the groups.

Pure functions on polars frames; the pages and the slides both call them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

TOTAL = "totaal"


@dataclass(frozen=True)
class Levels:
    """The rows of one indicator's breakdown, split by level of one classification."""

    classification: str | None  # None: no classification configured, every group on one level
    distribution: bool
    groups: pl.DataFrame  # the rows of the groups, in config order
    subgroups: list[tuple[str, pl.DataFrame]] = field(default_factory=list)  # (group, rows of its subgroups)
    unplaced: list[str] = field(default_factory=list)  # breakdowns the classification does not name


def meta_of(breakdown_groups: pl.DataFrame, indicator_code: str) -> pl.DataFrame:
    return breakdown_groups.filter(pl.col("indicator_code") == indicator_code)


def is_distribution(breakdown_groups: pl.DataFrame, indicator_code: str) -> bool:
    return bool(meta_of(breakdown_groups, indicator_code)["distribution"].any())


def classification_of(meta: pl.DataFrame, breakdowns: list[str]) -> str | None:
    """The classification that names most of these breakdowns (the first configured one on a tie)."""
    present = set(breakdowns)
    best, best_count = None, 0
    for name in meta.sort("classification_order")["classification"].unique(maintain_order=True).to_list():
        count = len(present & set(meta.filter(pl.col("classification") == name)["breakdown"].to_list()))
        if count > best_count:
            best, best_count = name, count
    return best


def levels(rows: pl.DataFrame, meta: pl.DataFrame) -> Levels:
    """rows: observations of one indicator (any regions and years) without 'totaal'; meta: its breakdown_group rows.

    Without meta every breakdown is a group (the old behaviour, for an indicator the config does not describe).
    """
    rows = rows.filter(pl.col("breakdown") != TOTAL)
    if meta.is_empty():
        return Levels(None, False, rows)
    found = rows.filter(pl.col("value").is_not_null())["breakdown"].unique().to_list() or \
        rows["breakdown"].unique().to_list()
    name = classification_of(meta, found)
    if name is None:
        return Levels(None, bool(meta["distribution"].any()), rows.clear(),
                      unplaced=sorted(rows["breakdown"].unique().to_list()))
    own = meta.filter(pl.col("classification") == name).select(
        "breakdown", pl.col("parent").alias("_parent"), pl.col("sort_order").alias("_group_order"))
    placed = rows.join(own, on="breakdown", how="inner").sort("_group_order", maintain_order=True)
    groups = placed.filter(pl.col("_parent").is_null()).drop("_parent", "_group_order")
    subgroups = []
    for parent in own.filter(pl.col("_parent").is_null())["breakdown"].to_list():
        within = placed.filter(pl.col("_parent") == parent).drop("_parent", "_group_order")
        if within.height:
            subgroups.append((parent, within))
    unplaced = sorted(set(rows["breakdown"].to_list()) - set(own["breakdown"].to_list()))
    return Levels(name, bool(meta["distribution"].any()), groups, subgroups, unplaced)


def group_shares(rows: pl.DataFrame, meta: pl.DataFrame, region_code: str, compare_code: str | None,
                 year: int) -> list[dict]:
    """A distribution's groups in one year, for a tile: [{group, value, status, compare_value, compare_status}]."""
    found = levels(rows.filter(pl.col("year") == year), meta).groups
    own = found.filter(pl.col("region_code") == region_code)
    other = found.filter(pl.col("region_code") == compare_code) if compare_code else found.clear()
    compare = {row["breakdown"]: row for row in other.iter_rows(named=True)}
    return [{"group": row["breakdown"], "value": row["value"], "status": row["status"],
             "compare_value": compare.get(row["breakdown"], {}).get("value"),
             "compare_status": compare.get(row["breakdown"], {}).get("status")}
            for row in own.iter_rows(named=True)]
