"""How a wijk's figure relates to the gemeente's: better, worse or the same, taking each indicator's direction into account.

Two rules live here, both stated in words for the screen:

- `judge` gives one verdict for one figure against its reference (used to
  colour the wijkvergelijking and the ranking chart);
- `striking` picks the indicators on which a wijk deviates most from the
  gemeente (the **Opvallend** list of the wijkprofiel).

Pure functions on plain values and polars frames: no streamlit, no warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from app import visual

# A count about a wijk (inwoners, aanvragen) is smaller than the gemeente's because the wijk is
# smaller, not because it does better or worse: counts are never judged against the gemeente.
NOT_COMPARABLE_UNITS = frozenset({"aantal"})

# Opvallend: at least this far from the gemeente, relative to the gemeente's value.
STRIKING_MIN_RELATIVE = 0.15
# Opvallend: at most this many indicators per kind (beter, slechter, anders).
STRIKING_LIMIT = 5

VERDICTS = ("beter", "slechter", "gelijk", "neutraal", "onbekend")

OPVALLEND_RULE = (
    "**Zo kiezen we wat opvalt:** we vergelijken het nieuwste jaar waarin zowel de wijk als de gemeente een cijfer "
    f"heeft, voor de hele bevolking (geen uitsplitsing). Een cijfer valt op als het minstens "
    f"{round(STRIKING_MIN_RELATIVE * 100)}% afwijkt van het gemeentecijfer (bijvoorbeeld 23% tegen 20% in de "
    "gemeente). Bij schattingen van het RIVM moet het verschil bovendien buiten de onzekerheid vallen: de "
    "95%-intervallen van wijk en gemeente overlappen elkaar niet. Aantallen (zoals het aantal inwoners) tellen niet "
    "mee, want een wijk is nu eenmaal kleiner dan de gemeente. Per soort tonen we de "
    f"{STRIKING_LIMIT} grootste afwijkingen. *Beter* en *slechter* volgen de richting van de indicator (minder "
    "eenzaamheid is beter); bij een indicator zonder goede of slechte richting (zoals het aandeel 65-plussers) "
    "staat het verschil bij *opvallend anders*."
)

COLOUR_RULE = (
    "**Kleuren:** blauw met ✓ = beter dan de gemeente, oranje met ✗ = slechter dan de gemeente, "
    "≈ = geen verschil van betekenis, ↑/↓ = hoger of lager dan de gemeente bij een indicator zonder goede of slechte "
    "richting (geen kleur). Bij RIVM-schattingen telt een verschil alleen als de 95%-intervallen van wijk en "
    "gemeente elkaar niet overlappen. Aantallen worden niet met de gemeente vergeleken."
)


@dataclass(frozen=True)
class Deviation:
    """difference = value − reference; relative = difference / |reference| (None when it cannot be computed)."""

    difference: float | None
    relative: float | None
    verdict: str


def judge(value: float | None, reference: float | None, higher_is_better: bool | None, unit: str, *,
          decimals: int | None = None, interval: tuple[float | None, float | None] | None = None,
          reference_interval: tuple[float | None, float | None] | None = None) -> Deviation:
    """One figure against its reference (the gemeente).

    verdict: 'onbekend' when either value is missing; 'neutraal' for counts and for
    indicators without a direction; 'gelijk' when the difference vanishes at the
    shown precision or both 95%-intervals overlap; otherwise 'beter' or 'slechter'
    following higher_is_better.
    """
    if value is None or reference is None:
        return Deviation(None, None, "onbekend")
    difference = value - reference
    relative = difference / abs(reference) if reference != 0 else None
    if unit in NOT_COMPARABLE_UNITS:
        return Deviation(difference, None, "neutraal")
    if decimals is not None and round(difference, decimals) == 0:
        return Deviation(difference, relative, "gelijk")
    if intervals_overlap(interval, reference_interval):
        return Deviation(difference, relative, "gelijk")
    if higher_is_better is None:
        return Deviation(difference, relative, "neutraal")
    better = difference > 0 if higher_is_better else difference < 0
    return Deviation(difference, relative, "beter" if better else "slechter")


def intervals_overlap(first: tuple[float | None, float | None] | None,
                      second: tuple[float | None, float | None] | None) -> bool:
    """True only when both 95%-intervals are known and share at least one point."""
    if first is None or second is None or None in first or None in second:
        return False
    return first[0] <= second[1] and second[0] <= first[1]


# What a tile and a slide add to a change whose estimates' intervals overlap.
WITHIN_MARGIN = "binnen de marge: mogelijk toeval"


def change_judgement(value: float, previous_value: float, higher_is_better: bool | None,
                     interval: tuple[float | None, float | None] | None,
                     previous_interval: tuple[float | None, float | None] | None,
                     moved: bool) -> tuple[visual.Verdict, bool]:
    """A change over time judged the same way on tiles and slides: (verdict, within the margin).

    No verdict for a change that rounds to zero (moved False: format.change_since), for two estimates whose
    95%-intervals overlap (the change may be chance: within the margin) or for an indicator without a good
    direction; otherwise blue BETTER or orange WORSE.
    """
    if not moved:
        return visual.NO_JUDGEMENT, False
    if intervals_overlap(interval, previous_interval):
        return visual.NO_JUDGEMENT, True
    if higher_is_better is None:
        return visual.NO_JUDGEMENT, False
    return (visual.BETTER if (value > previous_value) == higher_is_better else visual.WORSE), False


def interval_of(row: dict) -> tuple[float, float] | None:
    """The 95%-interval of an observation row, or None for a figure that is not an estimate."""
    if row.get("ci_low") is None or row.get("ci_high") is None:
        return None
    return (row["ci_low"], row["ci_high"])


STRIKING_SCHEMA = {
    "indicator_code": pl.String, "title": pl.String, "unit": pl.String, "decimals": pl.Int32,
    "higher_is_better": pl.Boolean, "opgave_code": pl.String, "year": pl.Int32,
    "value": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64, "status": pl.String,
    "reference_value": pl.Float64, "reference_ci_low": pl.Float64, "reference_ci_high": pl.Float64,
    "reference_status": pl.String, "source_title": pl.String,
    # carried along for the description: a rate on a rounded count is rough; a series may have stopped
    "rounded_to": pl.Int32, "series_last_year": pl.Int32, "series_note": pl.String,
    "difference": pl.Float64, "relative": pl.Float64, "verdict": pl.String,
}


def striking(wijk_rows: pl.DataFrame, gemeente_rows: pl.DataFrame, limit: int = STRIKING_LIMIT,
             min_relative: float = STRIKING_MIN_RELATIVE) -> pl.DataFrame:
    """The Opvallend rule (OPVALLEND_RULE): where the wijk deviates most from the gemeente.

    Both inputs are observation frames (data.observations) for one region each.
    Returns one row per striking indicator (columns STRIKING_SCHEMA), verdict
    'beter', 'slechter' or 'neutraal' (different, without a direction), at most
    `limit` per verdict, largest relative difference first.
    """
    keys = ["indicator_code", "year"]
    wijk = _usable(wijk_rows)
    gemeente = _usable(gemeente_rows).select(
        *keys, pl.col("value").alias("reference_value"), pl.col("ci_low").alias("reference_ci_low"),
        pl.col("ci_high").alias("reference_ci_high"), pl.col("status").alias("reference_status"))
    # Per indicator the newest year both have: an older wijk figure against a newer gemeente one would mislead.
    paired = (wijk.join(gemeente, on=keys, how="inner")
              .sort("year", descending=True).unique("indicator_code", keep="first"))
    rows = []
    for row in paired.iter_rows(named=True):
        deviation = judge(row["value"], row["reference_value"], row["higher_is_better"], row["unit"],
                          decimals=row["decimals"], interval=interval_of(row),
                          reference_interval=_reference_interval(row))
        if deviation.verdict not in ("beter", "slechter", "neutraal") or deviation.relative is None:
            continue
        if abs(deviation.relative) < min_relative:
            continue
        rows.append({column: row.get(column) for column in STRIKING_SCHEMA}
                    | {"difference": deviation.difference, "relative": deviation.relative,
                       "verdict": deviation.verdict})
    found = pl.DataFrame(rows, schema=STRIKING_SCHEMA)
    return (found.with_columns(pl.col("relative").abs().alias("_size"))
            .sort(["_size", "indicator_code"], descending=[True, False])
            .group_by("verdict", maintain_order=True).head(limit)
            .sort(["_size", "indicator_code"], descending=[True, False])
            .select(list(STRIKING_SCHEMA)))


def _usable(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter((pl.col("breakdown") == "totaal") & pl.col("value").is_not_null()
                       & ~pl.col("unit").is_in(list(NOT_COMPARABLE_UNITS)))


def _reference_interval(row: dict) -> tuple[float, float] | None:
    if row["reference_ci_low"] is None or row["reference_ci_high"] is None:
        return None
    return (row["reference_ci_low"], row["reference_ci_high"])
