"""CBS Kerncijfers wijken en buurten: one yearly table in cbsodata's layout → tidy regions and observations.

What CBS does that this module absorbs:
- topic keys carry a position suffix that is renumbered every year
  (HuishoudensTotaal_28 → HuishoudensTotaal_29): indicators match on the stem;
- codes and names are padded with spaces;
- unpublished or suppressed figures are null: they become NULL with status
  'ontbreekt', never 0; a variable absent from a year's table yields no rows
  for that year at all;
- the national table also holds every other gemeente: only Nederland, the
  configured gemeente and its own wijken and buurten are kept, whatever the
  server's filter did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.config import Indicator, MonitorConfig
from pipelines.errors import SourceError
from pipelines.regions import hierarchy_columns, in_scope
from pipelines.snapshots import read_json_list, read_manifest, snapshot_sha256

SOURCE_CODE = "cbs_kwb"

# Table id per year (shared/reference/cbs-odata.md); unknown years come from the catalog.
KWB_TABLES = {
    2013: "82339NED",
    2014: "82931NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}
YEAR_BY_TABLE = {table: year for year, table in KWB_TABLES.items()}

_SUFFIX = re.compile(r"_\d+$")
_POLARS_TYPE = {"Long": pl.Int64, "Integer": pl.Int64, "Short": pl.Int64, "Double": pl.Float64, "Float": pl.Float64}


def stem_of(key: str) -> str:
    """'HuishoudensTotaal_28' → 'HuishoudensTotaal'."""
    return _SUFFIX.sub("", key)


@dataclass(frozen=True)
class KwbTable:
    """One year of Kerncijfers wijken en buurten, tidied for one gemeente."""

    table_id: str
    year: int
    status: str  # 'definitief' or 'voorlopig', for every published figure in the table
    directory: Path
    sha256: str
    is_demo: bool
    regions: pl.DataFrame
    observations: pl.DataFrame
    missing_stems: tuple[str, ...]  # config stems this year's table does not have


def read_kwb_table(directory: Path, config: MonitorConfig) -> KwbTable:
    """Parse one snapshot directory for the configured gemeente."""
    directory = Path(directory)
    table_id, year, status = _table_info(directory)
    topics = _topics(directory)
    rows = read_json_list(directory / "TypedDataSet.json")

    needed = {i.cbs.stem for i in config.cbs_indicators()} | {
        i.cbs.per for i in config.cbs_indicators() if i.cbs.per
    }
    present = {stem: key for stem, (key, _) in topics.items() if stem in needed}
    # An explicit schema: inferring from the first rows breaks on columns that start with nulls.
    schema = {"WijkenEnBuurten": pl.String} | {
        topics[stem][0]: _POLARS_TYPE.get(topics[stem][1], pl.Float64) for stem in present
    }
    try:
        data = pl.from_dicts(rows, schema=schema, strict=False)
    except Exception as exc:  # polars raises several types for malformed rows
        raise SourceError(f"{directory / 'TypedDataSet.json'}: rijen onleesbaar ({exc}).") from None

    data = (
        data.with_columns(pl.col("WijkenEnBuurten").str.strip_chars().alias("region_code"))
        .filter(in_scope(pl.col("region_code"), config.gemeente_code))
        .rename({key: stem for stem, key in present.items()})
    )
    if data.filter(pl.col("region_code") == config.gemeente_code).is_empty():
        raise SourceError(
            f"{directory}: tabel {table_id} bevat geen rij voor {config.gemeente_code}; "
            "controleer de gemeentecode in de configuratie."
        )

    observations = pl.concat(
        [_empty_observations()]
        + [_indicator_rows(data, i, year, status) for i in config.cbs_indicators() if _has_inputs(i, present)],
        how="vertical",
    )

    manifest = read_manifest(directory)
    return KwbTable(
        table_id=table_id,
        year=year,
        status=status,
        directory=directory,
        sha256=snapshot_sha256(directory),
        is_demo=bool(manifest.get("demo", False)),
        regions=_regions(directory, data, year),
        observations=observations,
        missing_stems=tuple(sorted(needed - set(present))),
    )


def _table_info(directory: Path) -> tuple[str, int, str]:
    infos = read_json_list(directory / "TableInfos.json")
    if not infos or not isinstance(infos[0], dict):
        raise SourceError(f"{directory / 'TableInfos.json'}: leeg; de snapshot is onvolledig.")
    info = infos[0]
    table_id = str(info.get("Identifier") or directory.name).strip()
    year = YEAR_BY_TABLE.get(table_id)
    period = str(info.get("Period") or "").strip()
    if re.fullmatch(r"\d{4}", period):
        year = int(period)
    if year is None:
        match = re.search(r"(20\d\d)", str(info.get("Title", "")))
        year = int(match.group(1)) if match else None
    if year is None:
        raise SourceError(f"{directory / 'TableInfos.json'}: kan het jaar van tabel {table_id} niet bepalen.")
    # CBS marks provisional tables in Status or OutputStatus ("Voorlopig" vs "Regulier"/"Definitief").
    marks = f"{info.get('Status', '')} {info.get('OutputStatus', '')}".lower()
    status = "voorlopig" if "voorlopig" in marks else "definitief"
    return table_id, year, status


def _topics(directory: Path) -> dict[str, tuple[str, str]]:
    """stem → (key in this year's table, CBS datatype), for the data-carrying topics."""
    topics: dict[str, tuple[str, str]] = {}
    for prop in read_json_list(directory / "DataProperties.json"):
        if prop.get("Type") != "Topic" or not prop.get("Key"):
            continue
        stem = stem_of(prop["Key"])
        topics.setdefault(stem, (prop["Key"], prop.get("Datatype", "Double")))
    return topics


def _has_inputs(indicator: Indicator, present: dict[str, str]) -> bool:
    mapping = indicator.cbs
    return mapping.stem in present and (mapping.per is None or mapping.per in present)


def _indicator_rows(data: pl.DataFrame, indicator: Indicator, year: int, status: str) -> pl.DataFrame:
    mapping = indicator.cbs
    value = pl.col(mapping.stem).cast(pl.Float64)
    if mapping.per:
        denominator = pl.col(mapping.per).cast(pl.Float64)
        value = pl.when(denominator > 0).then(value / denominator * mapping.factor).otherwise(None)
    elif mapping.factor != 1:
        value = value * mapping.factor
    return data.select(
        pl.lit(indicator.code).alias("indicator_code"),
        pl.col("region_code"),
        pl.lit(year, pl.Int32).alias("year"),
        pl.lit("totaal").alias("breakdown"),
        value.alias("value"),
    ).with_columns(
        pl.when(pl.col("value").is_null()).then(pl.lit("ontbreekt")).otherwise(pl.lit(status)).alias("status"),
        pl.lit(None, pl.Float64).alias("ci_low"),
        pl.lit(None, pl.Float64).alias("ci_high"),
    )


def _empty_observations() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "indicator_code": pl.String, "region_code": pl.String, "year": pl.Int32, "breakdown": pl.String,
            "value": pl.Float64, "status": pl.String, "ci_low": pl.Float64, "ci_high": pl.Float64,
        }
    )


def _regions(directory: Path, data: pl.DataFrame, year: int) -> pl.DataFrame:
    """Regions in scope, named from the WijkenEnBuurten code list (trimmed)."""
    names = {
        str(entry.get("Key", "")).strip(): str(entry.get("Title") or "").strip()
        for entry in read_json_list(directory / "WijkenEnBuurten.json")
    }
    codes = data.select("region_code").unique(maintain_order=True)
    return codes.with_columns(
        pl.col("region_code").replace_strict(names, default=None).fill_null(pl.col("region_code")).alias("name"),
        *hierarchy_columns(pl.col("region_code")),
        pl.lit(year, pl.Int32).alias("name_year"),
    )
