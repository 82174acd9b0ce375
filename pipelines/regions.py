"""The CBS region hierarchy follows from the codes: BU03420103 → WK034201 → GM0342 → NL00."""

from __future__ import annotations

import polars as pl

LEVEL_BY_PREFIX = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
NATIONAL_CODE = "NL00"


def in_scope(codes: pl.Expr, gemeente_code: str) -> pl.Expr:
    """Nederland, the gemeente itself, and the wijken and buurten of that gemeente."""
    number = gemeente_code[2:]
    return (
        (codes == NATIONAL_CODE)
        | (codes == gemeente_code)
        | (codes.str.slice(0, 2).is_in(["WK", "BU"]) & (codes.str.slice(2, 4) == number))
    )


def hierarchy_columns(codes: pl.Expr) -> list[pl.Expr]:
    """level, parent_code and gemeente_code as polars expressions over a column of codes."""
    prefix = codes.str.slice(0, 2)
    return [
        level_of(codes).alias("level"),
        pl.when(prefix == "BU").then(pl.lit("WK") + codes.str.slice(2, 6))
        .when(prefix == "WK").then(pl.lit("GM") + codes.str.slice(2, 4))
        .when(prefix == "GM").then(pl.lit(NATIONAL_CODE))
        .otherwise(None)
        .alias("parent_code"),
        pl.when(prefix == "NL").then(None).otherwise(pl.lit("GM") + codes.str.slice(2, 4)).alias("gemeente_code"),
    ]


def level_of(codes: pl.Expr) -> pl.Expr:
    """'land', 'gemeente', 'wijk' or 'buurt' from the code's prefix."""
    return codes.str.slice(0, 2).replace_strict(LEVEL_BY_PREFIX, default=None)
