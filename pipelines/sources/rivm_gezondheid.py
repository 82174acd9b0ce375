"""GGD-monitor per wijk en buurt: RIVM table 50150NED in cbsodata's layout → tidy observations.

The table holds every measurement year (2012, 2016, 2020, 2022, 2024) at once,
with two extra dimensions besides region and period:
- Leeftijd: the age group. 18 jaar of ouder is the population the indicator
  definitions speak of and becomes breakdown 'totaal'; the other groups keep
  their title ('18 tot 65 jaar', '65 jaar of ouder').
- Marges: the estimate and the bounds of its 95% interval, which become value,
  ci_low and ci_high of one observation.
All figures are modelled small-area estimates: status 'geschat'. A cell the
RIVM does not publish (too few respondents, not asked that year) is NULL with
status 'ontbreekt'.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines import statline
from monitor.config import MonitorConfig
from monitor.errors import SourceError
from monitor.tidy import SourceTable

SOURCE_CODE = "rivm_gezondheid"
CATALOG = "dataderden.cbs.nl"
TABLE_ID = "50150NED"  # "Gezondheid per wijk en buurt; 2012/2016/2020/2022/2024 (indeling 2024)"
MEASUREMENT_YEARS = (2012, 2016, 2020, 2022, 2024)

ADULTS = "18 jaar of ouder"  # the age group the indicators are defined on
# Marges keys as RIVM publishes them; the titles are the fallback for a renamed key.
VALUE, LOWER, UPPER = "MW00000", "MOG0095", "MBG0095"
INDEX = ["region_code", "year", "breakdown"]


def read_rivm_table(directory: Path, config: MonitorConfig) -> SourceTable:
    """Parse one 50150NED snapshot directory for the configured gemeente."""
    snapshot = statline.open_snapshot(directory)
    for dimension in ("Perioden", "Marges"):
        if dimension not in snapshot.dimensions:
            raise SourceError(
                f"{directory / 'DataProperties.json'}: tabel {snapshot.table_id} heeft geen dimensie {dimension}; "
                "is dit wel de RIVM-tabel Gezondheid per wijk en buurt?"
            )
    indicators = config.statline_indicators(SOURCE_CODE)
    needed = statline.needed_stems(indicators)
    present = snapshot.present(needed)
    data, untyped = statline.read_rows(snapshot, present, config.gemeente_code)
    data = data.with_columns(
        pl.col("Perioden").str.slice(0, 4).cast(pl.Int32, strict=False).alias("year"),
        _breakdown(snapshot).alias("breakdown"),
        pl.col("Marges").str.strip_chars().alias("margin"),
    )
    if data["year"].is_null().any():
        raise SourceError(f"{directory}: onbekende perioden in tabel {snapshot.table_id} (verwacht bijv. 2022JJ00).")

    value_key, lower_key, upper_key = _margin_keys(snapshot)
    estimates, lower, upper = (data.filter(pl.col("margin") == key) for key in (value_key, lower_key, upper_key))
    frames = []
    for indicator in indicators:
        if not statline.has_inputs(indicator, present):
            continue
        value, secret = statline.indicator_value(indicator, untyped)
        frames.append(
            estimates.select(*INDEX, value.alias("value"), secret.alias("secret"))
            .join(lower.select(*INDEX, value.alias("ci_low")), on=INDEX, how="left")
            .join(upper.select(*INDEX, value.alias("ci_high")), on=INDEX, how="left")
            .with_columns(
                pl.lit(indicator.code).alias("indicator_code"),
                # An unpublished estimate has no interval either.
                *[pl.when(pl.col("value").is_null()).then(None).otherwise(pl.col(c)).alias(c) for c in ("ci_low", "ci_high")],
            )
            .pipe(statline.with_status, "geschat")
        )
    table = statline.source_table(
        snapshot, SOURCE_CODE, year=None,
        # KWB names the regions; RIVM names only what no KWB table has named (name_year NULL).
        name_year=None, data=data, indicator_frames=frames, missing_stems=needed - set(present),
    )
    if table.observations.select(["indicator_code", *INDEX]).is_duplicated().any():
        raise SourceError(f"{directory}: tabel {snapshot.table_id} bevat dubbele rijen per regio, periode, leeftijd en marge.")
    return table


def _breakdown(snapshot: statline.Snapshot) -> pl.Expr:
    """Leeftijd → breakdown: the adult population is 'totaal', other groups keep their title."""
    if "Leeftijd" not in snapshot.dimensions:
        return pl.lit("totaal")
    titles = {key: ("totaal" if title.lower() == ADULTS else title) for key, title in snapshot.code_list("Leeftijd").items()}
    key = pl.col("Leeftijd").str.strip_chars()
    return key.replace_strict(titles, default=None).fill_null(key)


def _margin_keys(snapshot: statline.Snapshot) -> tuple[str, str, str]:
    """The Marges keys of the estimate, the lower and the upper bound, by key or else by title."""
    margins = snapshot.code_list("Marges")
    if {VALUE, LOWER, UPPER} <= margins.keys():
        return VALUE, LOWER, UPPER
    by_title = {}
    for key, title in margins.items():
        lowered = title.lower()
        if "ondergrens" in lowered:
            by_title[LOWER] = key
        elif "bovengrens" in lowered:
            by_title[UPPER] = key
        elif lowered.startswith("waarde"):
            by_title[VALUE] = key
    if len(by_title) != 3:
        raise SourceError(
            f"{snapshot.directory / 'Marges.json'}: kan waarde, ondergrens en bovengrens niet vinden "
            f"(gevonden: {', '.join(f'{k} {t!r}' for k, t in margins.items())})."
        )
    return by_title[VALUE], by_title[LOWER], by_title[UPPER]
