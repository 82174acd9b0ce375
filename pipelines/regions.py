"""The CBS region hierarchy follows from the codes: BU03420103 → WK034201 → GM0342 → NL00; PV26 → NL00."""

from __future__ import annotations

import polars as pl

LEVEL_BY_PREFIX = {"NL": "land", "PV": "provincie", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
NATIONAL_CODE = "NL00"


def in_scope(codes: pl.Expr, gemeente_code: str, comparison: tuple[str, ...] = (), every_gemeente: bool = False) -> pl.Expr:
    """Nederland, the gemeente itself, and the wijken and buurten of that gemeente.

    comparison: the provincie and gemeenten it compares itself with (their own row only: never another
    gemeente's wijken or buurten). every_gemeente: every gemeente's own row, to find the gemeenten most like
    this one (pipelines.comparison narrows them down to those before the load).
    """
    number = gemeente_code[2:]
    scope = (
        (codes == NATIONAL_CODE)
        | (codes == gemeente_code)
        | (codes.str.slice(0, 2).is_in(["WK", "BU"]) & (codes.str.slice(2, 4) == number))
    )
    if comparison:
        scope = scope | codes.is_in(list(comparison))
    if every_gemeente:
        scope = scope | (codes.str.slice(0, 2) == "GM")
    return scope


def hierarchy_columns(codes: pl.Expr) -> list[pl.Expr]:
    """level, parent_code and gemeente_code as polars expressions over a column of codes."""
    prefix = codes.str.slice(0, 2)
    return [
        level_of(codes).alias("level"),
        pl.when(prefix == "BU").then(pl.lit("WK") + codes.str.slice(2, 6))
        .when(prefix == "WK").then(pl.lit("GM") + codes.str.slice(2, 4))
        .when(prefix.is_in(["GM", "PV"])).then(pl.lit(NATIONAL_CODE))
        .otherwise(None)
        .alias("parent_code"),
        pl.when(prefix.is_in(["NL", "PV"])).then(None).otherwise(pl.lit("GM") + codes.str.slice(2, 4)).alias("gemeente_code"),
    ]


def level_of(codes: pl.Expr) -> pl.Expr:
    """'land', 'provincie', 'gemeente', 'wijk' or 'buurt' from the code's prefix."""
    return codes.str.slice(0, 2).replace_strict(LEVEL_BY_PREFIX, default=None)
