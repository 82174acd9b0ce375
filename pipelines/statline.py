"""Reading one CBS StatLine snapshot (cbsodata's `dir` layout): what KWB and RIVM tables share.

A snapshot directory holds one JSON file per OData table (TableInfos,
DataProperties, TypedDataSet or UntypedDataSet, one code list per dimension)
plus our manifest.json. This module turns those files into polars frames and
knows CBS's conventions once:

- topic keys carry a position suffix that is renumbered between editions
  (HuishoudensTotaal_28 → _29): callers work with the stem;
- codes and names are padded with spaces;
- TypedDataSet marks a missing figure as null; UntypedDataSet as "." (and "x"
  for geheim, "-" for nihil): never 0 unless the source says nihil.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from monitor.config import Indicator
from monitor.errors import SourceError
from pipelines.regions import NATIONAL_CODE, hierarchy_columns, in_scope
from pipelines.snapshots import read_json_list, read_manifest, snapshot_sha256
from monitor.tidy import OBSERVATION_SCHEMA, SourceTable

_SUFFIX = re.compile(r"_\d+$")
_POLARS_TYPE = {"Long": pl.Int64, "Integer": pl.Int64, "Short": pl.Int64, "Double": pl.Float64, "Float": pl.Float64}


def stem_of(key: str) -> str:
    """'HuishoudensTotaal_28' → 'HuishoudensTotaal'."""
    return _SUFFIX.sub("", key)


@dataclass(frozen=True)
class Snapshot:
    """The parts of a snapshot directory every StatLine loader needs."""

    directory: Path
    info: dict  # the TableInfos row
    topics: dict[str, tuple[str, str]]  # stem → (key in this table, CBS datatype)
    dimensions: tuple[str, ...]  # dimension keys, e.g. ('WijkenEnBuurten',) or ('Marges', 'Leeftijd', …)
    manifest: dict

    @property
    def table_id(self) -> str:
        return str(self.info.get("Identifier") or self.directory.name).strip()

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo", False))

    @property
    def status(self) -> str:
        """'voorlopig' or 'definitief' for every published figure; CBS marks it in Status or OutputStatus."""
        marks = f"{self.info.get('Status', '')} {self.info.get('OutputStatus', '')}".lower()
        return "voorlopig" if "voorlopig" in marks else "definitief"

    def present(self, stems: set[str]) -> dict[str, str]:
        """stem → key for the wanted stems this table has."""
        return {stem: self.topics[stem][0] for stem in stems if stem in self.topics}

    def code_list(self, dimension: str) -> dict[str, str]:
        """A dimension's code list: trimmed key → trimmed title."""
        return {
            str(entry.get("Key", "")).strip(): str(entry.get("Title") or "").strip()
            for entry in read_json_list(self.directory / f"{dimension}.json")
        }

    def sha256(self) -> str:
        return snapshot_sha256(self.directory)


def region_filter(gemeente_code: str) -> str:
    """An OData $filter for Nederland, the gemeente and its wijken and buurten.

    Only an optimisation of the download: the loaders keep their own scope.
    """
    number = gemeente_code[2:]
    prefixes = ("NL", gemeente_code, f"WK{number}", f"BU{number}")
    return " or ".join(f"startswith(WijkenEnBuurten,'{prefix}')" for prefix in prefixes)


def open_snapshot(directory: Path) -> Snapshot:
    directory = Path(directory)
    infos = read_json_list(directory / "TableInfos.json")
    if not infos or not isinstance(infos[0], dict):
        raise SourceError(f"{directory / 'TableInfos.json'}: leeg; de snapshot is onvolledig.")
    topics: dict[str, tuple[str, str]] = {}
    dimensions = []
    for prop in read_json_list(directory / "DataProperties.json"):
        if not isinstance(prop, dict) or not prop.get("Key"):
            continue
        kind = str(prop.get("Type", ""))
        if kind == "Topic":
            topics.setdefault(stem_of(prop["Key"]), (prop["Key"], prop.get("Datatype", "Double")))
        elif kind.endswith("Dimension"):
            dimensions.append(prop["Key"])
    return Snapshot(directory, infos[0], topics, tuple(dimensions), read_manifest(directory))


def read_rows(snapshot: Snapshot, keys: dict[str, str], gemeente_code: str) -> tuple[pl.DataFrame, bool]:
    """The data rows in scope for the gemeente, with the wanted topics renamed to their stems.

    keys: stem → key in this table. Returns the frame and whether it came from
    UntypedDataSet (values are then text with CBS's markers).
    """
    directory = snapshot.directory
    typed_path, untyped_path = directory / "TypedDataSet.json", directory / "UntypedDataSet.json"
    untyped = not typed_path.exists() and untyped_path.exists()
    path = untyped_path if untyped else typed_path
    rows = read_json_list(path)
    # An explicit schema: inferring from the first rows breaks on columns that start with nulls.
    schema = {dimension: pl.String for dimension in snapshot.dimensions} | {
        key: pl.String if untyped else _POLARS_TYPE.get(snapshot.topics[stem][1], pl.Float64)
        for stem, key in keys.items()
    }
    if "WijkenEnBuurten" not in schema:
        raise SourceError(f"{directory / 'DataProperties.json'}: tabel {snapshot.table_id} heeft geen dimensie WijkenEnBuurten.")
    try:
        data = pl.from_dicts(rows, schema=schema, strict=False)
    except Exception as exc:  # polars raises several types for malformed rows
        raise SourceError(f"{path}: rijen onleesbaar ({exc}).") from None
    code = pl.col("WijkenEnBuurten").str.strip_chars()
    # RIVM tables call Nederland NL01, KWB NL00: one code in the warehouse.
    code = pl.when(code.str.starts_with("NL")).then(pl.lit(NATIONAL_CODE)).otherwise(code)
    data = (
        data.with_columns(code.alias("region_code"))
        .filter(in_scope(pl.col("region_code"), gemeente_code))
        .rename({key: stem for stem, key in keys.items()})
    )
    if data.filter(pl.col("region_code") == gemeente_code).is_empty():
        raise SourceError(
            f"{directory}: tabel {snapshot.table_id} bevat geen rij voor {gemeente_code}; "
            "controleer de gemeentecode (--gemeente of de configuratie)."
        )
    return data, untyped


def measure(stem: str, untyped: bool) -> tuple[pl.Expr, pl.Expr]:
    """(value as Float64, whether the source marks the cell geheim) for one topic column."""
    if not untyped:
        return pl.col(stem).cast(pl.Float64), pl.lit(False)
    text = pl.col(stem).str.strip_chars()
    # "-" is CBS's nihil: a real zero. "." (onbekend) and "x" (geheim) stay NULL.
    value = pl.when(text == "-").then(pl.lit(0.0)).otherwise(text.cast(pl.Float64, strict=False))
    return value, text.str.to_lowercase() == "x"


def indicator_value(indicator: Indicator, untyped: bool) -> tuple[pl.Expr, pl.Expr]:
    """An indicator's value from its stem (÷ its denominator × factor), and whether an input is geheim."""
    mapping = indicator.cbs
    value, secret = measure(mapping.stem, untyped)
    if mapping.per:
        denominator, denominator_secret = measure(mapping.per, untyped)
        value = pl.when(denominator > 0).then(value / denominator * mapping.factor).otherwise(None)
        secret = secret | denominator_secret
    elif mapping.factor != 1:
        value = value * mapping.factor
    return value, secret


def has_inputs(indicator: Indicator, present: dict[str, str]) -> bool:
    mapping = indicator.cbs
    return mapping.stem in present and (mapping.per is None or mapping.per in present)


def needed_stems(indicators: list[Indicator]) -> set[str]:
    return {i.cbs.stem for i in indicators} | {i.cbs.per for i in indicators if i.cbs.per}


def with_status(frame: pl.DataFrame, published_status: str) -> pl.DataFrame:
    """status from value and the geheim flag; the helper column `secret` is dropped."""
    return frame.with_columns(
        pl.when(pl.col("secret")).then(pl.lit("geheim"))
        .when(pl.col("value").is_null()).then(pl.lit("ontbreekt"))
        .otherwise(pl.lit(published_status))
        .alias("status")
    ).drop("secret")


def source_table(
    snapshot: Snapshot,
    source: str,
    *,
    year: int | None,
    name_year: int | None,
    data: pl.DataFrame,
    indicator_frames: list[pl.DataFrame],
    missing_stems: set[str],
) -> SourceTable:
    """Assemble what a reader produced: one observation frame in the shared column order, regions, provenance."""
    observations = pl.concat([pl.DataFrame(schema=OBSERVATION_SCHEMA), *indicator_frames], how="diagonal")
    return SourceTable(
        source=source,
        table_id=snapshot.table_id,
        year=year,
        directory=snapshot.directory,
        sha256=snapshot.sha256(),
        is_demo=snapshot.is_demo,
        regions=regions(snapshot, data, name_year),
        observations=observations.select(OBSERVATION_SCHEMA.keys()),
        notices=(f"niet in deze tabel: {', '.join(sorted(missing_stems))}",) if missing_stems else (),
    )


def regions(snapshot: Snapshot, data: pl.DataFrame, name_year: int | None) -> pl.DataFrame:
    """Regions in scope, named from the WijkenEnBuurten code list (trimmed)."""
    names = {(NATIONAL_CODE if code.startswith("NL") else code): title for code, title in snapshot.code_list("WijkenEnBuurten").items()}
    codes = data.select("region_code").unique(maintain_order=True)
    return codes.with_columns(
        pl.col("region_code").replace_strict(names, default=None).fill_null(pl.col("region_code")).alias("name"),
        *hierarchy_columns(pl.col("region_code")),
        pl.lit(name_year, pl.Int32).alias("name_year"),
    )
