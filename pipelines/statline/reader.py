"""One StatLine snapshot of any table family → tidy observations, regions and coverage, by its StatLineSpec.

The spec says which dimension holds the regions, the periods, a breakdown,
the bounds of an interval, or a member to keep; this module does the rest the
same way for every family:

- each catalogue indicator finds its variable by stem (the current name, then
  older names), in the topic group it names when a stem occurs more than once;
  a variable that is not there, or not unambiguously there, is reported in the
  coverage with the table and the names looked for — never skipped quietly;
- a year after the end of a series (or before its start) is a recorded break:
  rows with status 'reeksbreuk' (resp. nothing), not a gap;
- status as the source means it: 'geheim' (x), 'ontbreekt' (null or '.'),
  'geschat' for modelled estimates, 'voorlopig' where the table, the topic's
  explanation or the period ("2024*", Status Voorlopig) says so;
- counts the source rounds carry `rounded_to` at the levels it rounds;
- only Nederland, the gemeente and its own wijken and buurten are kept,
  whatever the server's filter did — plus the gemeente-level rows of the
  provincie and gemeenten it compares itself with ([vergelijking]; never their
  wijken or buurten), and, when vergelijkbare gemeenten are computed, every
  gemeente's own row (pipelines.comparison keeps only the chosen ones);
- one row per region and period: a region twice with other figures is refused
  naming both rows (which one is right cannot be told), twice with the same
  figures it is loaded once, with a notice; a figure that is not finite
  (NaN, Infinity in the JSON) is refused;
- region names and breakdown labels are published text, not typed: control
  characters in them are removed with a notice (they would break every Excel
  download the name is in), and a name longer than MAX_LABEL_CHARS means a
  damaged snapshot and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from monitor import coverage
from monitor.config import CbsMapping, Indicator, MonitorConfig
from monitor.errors import SourceError
from monitor.periods import YEAR, from_cbs_code
from monitor.sources import StatLineSpec
from monitor.tidy import COVERAGE_SCHEMA, OBSERVATION_SCHEMA, SourceTable
from pipelines.problems import CONTROL_CHARACTER, quoted
from pipelines.regions import NATIONAL_CODE, hierarchy_columns, in_scope, level_of
from pipelines.snapshots import read_json_list
from pipelines.statline.snapshot import Snapshot, Topic, is_provisional, open_snapshot

_POLARS_TYPE = {"Long": pl.Int64, "Integer": pl.Int64, "Short": pl.Int64, "Double": pl.Float64, "Float": pl.Float64}
INDEX = ["region_code", "year", "period", "breakdown"]
ROW_NUMBER = "row_number"  # a data row's place in the data set file (1 = first), to name it in a refusal
# The longest Dutch region name is about 60 characters and CBS labels are shorter than a sentence: a longer name or
# label is a damaged snapshot, and would not fit a tile, a table column or a slide anyway.
MAX_LABEL_CHARS = 200


@dataclass(frozen=True)
class Resolved:
    """Where an indicator's inputs are in one table, or why they are not usable (state and detail)."""

    numerator: Topic | None = None
    denominator: Topic | None = None
    state: str | None = None  # None: usable; else coverage.NO_VARIABLE or coverage.UNUSABLE
    detail: str | None = None


def resolve(mapping: CbsMapping, snapshot: Snapshot) -> Resolved:
    """Find an indicator's numerator (and denominator) in a table by stem, older names and group."""
    numerator, problem = _find(mapping.stems, mapping.group, snapshot)
    if problem:
        return Resolved(state=problem[0], detail=problem[1])
    denominator = None
    if mapping.per:
        denominator, problem = _find(mapping.per, None, snapshot)
        if problem:
            return Resolved(state=problem[0], detail=f"noemer: {problem[1]}")
        if numerator.unit.casefold() not in ("aantal", ""):
            # A share computed again from a share would be silently wrong (e.g. % ÷ inwoners × 100).
            return Resolved(state=coverage.UNUSABLE,
                            detail=f"{numerator.key} is al in '{numerator.unit}', maar de indicator deelt door "
                                   f"{denominator.key}; pas de indicator aan (zonder per) of kies een andere variabele")
    return Resolved(numerator, denominator)


def _find(stems: tuple[str, ...], group: str | None, snapshot: Snapshot) -> tuple[Topic | None, tuple[str, str] | None]:
    table = snapshot.table_id
    for stem in stems:
        found = snapshot.occurrences(stem)
        if not found:
            continue
        if group:
            in_group = [topic for topic in found if topic.in_group(group)]
            if not in_group:
                return None, (coverage.UNUSABLE, f"tabel {table} heeft {stem}, maar niet onder '{group}' (wel onder: "
                                                 f"{'; '.join(topic.where() for topic in found)})")
            found = in_group
        if len(found) > 1:
            return None, (coverage.UNUSABLE, f"{stem} staat {len(found)}× in tabel {table} ("
                                             f"{'; '.join(f'{t.key} onder {t.where()}' for t in found)}); "
                                             "kies de juiste met group = \"…\" in de configuratie")
        return found[0], None
    names = " of ".join(stems)
    return None, (coverage.NO_VARIABLE, f"tabel {table} heeft geen variabele {names}")


def read_statline(directory: Path, config: MonitorConfig, spec: StatLineSpec) -> SourceTable:
    """Parse one snapshot directory of this table family for the configured gemeente."""
    if spec.read is not None:  # a family with its own reader (pipelines/sources/cbs_iv3.py)
        return spec.read(directory, config, spec)
    snapshot = open_snapshot(directory)
    region_dimension = _layout(snapshot, spec)
    indicators = config.statline_indicators(spec.code)
    resolved = {indicator.code: resolve(indicator.cbs, snapshot) for indicator in indicators}
    topics = {topic.key: topic for r in resolved.values() if r.state is None for topic in (r.numerator, r.denominator) if topic}
    data, untyped = _rows(snapshot, topics, region_dimension, config.gemeente_code, comparison_codes(config),
                          config.comparison.similar is not None)
    data, duplicates = _one_row_per_region(data, snapshot, region_dimension, list(topics), untyped)
    data, notices = _periods(data, snapshot, spec)
    notices = duplicates + notices
    data = _keep_fixed(data, snapshot, spec)
    data = _breakdown(data, snapshot, spec, notices)
    table_years = sorted(set(data["year"].unique().to_list()))

    frames, covered = [], []
    for indicator in indicators:
        observed, rows = _indicator(indicator, resolved[indicator.code], data, snapshot, spec, untyped, table_years,
                                    config.gemeente_code)
        frames.append(observed)
        covered.append(rows)
    covered.append(_provincie_absent(config.comparison.provincie, data, resolved, snapshot, table_years))
    observations = pl.concat([pl.DataFrame(schema=OBSERVATION_SCHEMA), *frames], how="diagonal_relaxed")
    observations = observations.select(OBSERVATION_SCHEMA.keys())
    _refuse_infinite(observations, snapshot)
    if observations.select(["indicator_code", *INDEX]).is_duplicated().any():
        raise SourceError(f"{directory}: tabel {snapshot.table_id} bevat dubbele rijen per regio, periode en uitsplitsing "
                          f"({', '.join(d for d in snapshot.dimensions)}).")
    single_year = table_years[0] if len(table_years) == 1 else None
    regions = _regions(snapshot, data, region_dimension, single_year if spec.names_regions else None, notices)
    return SourceTable(
        source=spec.code,
        table_id=snapshot.table_id,
        year=single_year,
        directory=snapshot.directory,
        sha256=snapshot.sha256(),
        is_demo=snapshot.is_demo,
        regions=regions,
        observations=observations,
        notices=tuple(notices) + _hand_made(snapshot),
        coverage=pl.concat([pl.DataFrame(schema=COVERAGE_SCHEMA), *covered], how="diagonal_relaxed")
        .select(COVERAGE_SCHEMA.keys()),
    )


def _hand_made(snapshot: Snapshot) -> tuple[str, ...]:
    return ("handgemaakte snapshot (manifest gemarkeerd met `python -m pipelines manifest`)",) \
        if snapshot.manifest.get("handgemaakt") else ()


# --- the table's layout --------------------------------------------------------------------------------------


def _layout(snapshot: Snapshot, spec: StatLineSpec) -> str:
    """The region dimension, after checking the table has the dimensions the spec expects and no others."""
    where = snapshot.directory / "DataProperties.json"
    region = next((d for d in spec.region_dimensions if d in snapshot.dimensions), None)
    if region is None:
        raise SourceError(f"{where}: tabel {snapshot.table_id} heeft geen regiodimensie "
                          f"{' of '.join(spec.region_dimensions)} (wel: {', '.join(snapshot.dimensions) or 'geen'}); "
                          f"is dit wel een tabel van {spec.label}?")
    expected = {region, spec.period_dimension, *spec.fixed,
                spec.breakdown.dimension if spec.breakdown else None, spec.margins.dimension if spec.margins else None}
    expected.discard(None)
    missing = sorted(expected - set(snapshot.dimensions))
    unknown = sorted(set(snapshot.dimensions) - expected)
    if missing or unknown:
        parts = ([f"mist dimensie {', '.join(missing)}"] if missing else []) + \
                ([f"heeft dimensie {', '.join(unknown)} die {spec.label} niet kent"] if unknown else [])
        raise SourceError(f"{where}: tabel {snapshot.table_id} {' en '.join(parts)}; is dit wel een tabel van "
                          f"{spec.label}, of is de indeling van de tabel veranderd?")
    return region


def comparison_codes(config: MonitorConfig) -> tuple[str, ...]:
    """The provincie and referentiegemeenten of [vergelijking]: their own rows are kept beside the gemeente's."""
    comparison = config.comparison
    return ((comparison.provincie,) if comparison.provincie else ()) + tuple(comparison.referentiegemeenten)


def _rows(snapshot: Snapshot, topics: dict[str, Topic], region_dimension: str, gemeente_code: str,
          comparison: tuple[str, ...] = (), every_gemeente: bool = False) -> tuple[pl.DataFrame, bool]:
    """The data rows in scope for the gemeente (and its comparison regions), with a region_code column; and whether
    they came untyped."""
    directory = snapshot.directory
    typed_path, untyped_path = directory / "TypedDataSet.json", directory / "UntypedDataSet.json"
    untyped = not typed_path.exists() and untyped_path.exists()
    path = untyped_path if untyped else typed_path
    rows = read_json_list(path)
    # An explicit schema: inferring from the first rows breaks on columns that start with nulls.
    schema = {"ID": pl.Int64} | {dimension: pl.String for dimension in snapshot.dimensions} | {
        key: pl.String if untyped else _POLARS_TYPE.get(topic.datatype, pl.Float64) for key, topic in topics.items()
    }
    try:
        data = pl.from_dicts(rows, schema=schema, strict=False).with_row_index(ROW_NUMBER, offset=1)
    except Exception as exc:  # polars raises several types for malformed rows
        raise SourceError(f"{path}: rijen onleesbaar ({exc}).") from None
    code = pl.col(region_dimension).str.strip_chars()
    # RIVM and GMSD call Nederland NL01, KWB NL00: one code in the warehouse.
    code = pl.when(code.str.starts_with("NL")).then(pl.lit(NATIONAL_CODE)).otherwise(code)
    data = data.with_columns(code.alias("region_code")).filter(
        in_scope(pl.col("region_code"), gemeente_code, comparison, every_gemeente))
    if data.filter(pl.col("region_code") == gemeente_code).is_empty():
        raise SourceError(
            f"{directory}: tabel {snapshot.table_id} bevat geen rij voor {gemeente_code}; "
            "controleer de gemeentecode (--gemeente of de configuratie)."
        )
    return data, untyped


def _one_row_per_region(data: pl.DataFrame, snapshot: Snapshot, region_dimension: str, topics: list[str],
                        untyped: bool) -> tuple[pl.DataFrame, list[str]]:
    """At most one row per region and member of the other dimensions; notices for the identical repeats dropped.

    Two rows with other figures for the same region and period are refused,
    naming both: keeping either would publish a figure nobody can vouch for.
    Only the figures the monitor reads (`topics`) are compared.
    """
    others = [dimension for dimension in snapshot.dimensions if dimension != region_dimension]
    key = [pl.col("region_code"), *(pl.col(dimension).str.strip_chars() for dimension in others)]
    repeated = (data.group_by(key, maintain_order=True)
                .agg(pl.col(ROW_NUMBER), pl.col("ID"), *(pl.col(topic).n_unique() for topic in topics))
                .filter(pl.col(ROW_NUMBER).list.len() > 1))
    if repeated.is_empty():
        return data, []
    file = "UntypedDataSet.json" if untyped else "TypedDataSet.json"
    conflicts, dropped, notices = [], [], []
    for group in repeated.iter_rows(named=True):
        rows = [f"rij {number}" + (f" (ID {ident})" if ident is not None else "")
                for number, ident in zip(group[ROW_NUMBER], group["ID"])]
        where = ", ".join([group["region_code"], *(str(group[dimension]) for dimension in others)])
        differing = [topic for topic in topics if group[topic] > 1]
        if differing:
            first, second = group[ROW_NUMBER][:2]
            values = data.filter(pl.col(ROW_NUMBER).is_in([first, second]))[differing[0]].to_list()
            conflicts.append(f"{where}: {rows[0]} en {rows[1]} ({differing[0]}: {values[0]} en {values[1]})")
        else:
            dropped += group[ROW_NUMBER][1:]
            notices.append(f"{where} staat {len(rows)} keer met dezelfde cijfers in {file} ({', '.join(rows)}); "
                           "één keer geladen")
    if conflicts:
        raise SourceError(
            f"{snapshot.directory / file}: tabel {snapshot.table_id} heeft voor dezelfde regio en periode twee rijen met "
            f"verschillende cijfers, en welke klopt is niet te zeggen: {'; '.join(conflicts[:5])}"
            f"{f' (en nog {len(conflicts) - 5})' if len(conflicts) > 5 else ''}. Download de tabel opnieuw; is de "
            "snapshot met de hand gemaakt of aangepast, verwijder dan de verkeerde rij."
        )
    return data.filter(~pl.col(ROW_NUMBER).is_in(dropped)), notices


def _refuse_infinite(observations: pl.DataFrame, snapshot: Snapshot) -> None:
    """NaN or Infinity in the JSON (Python's json reads both) is no figure: refuse it rather than load it."""
    infinite = observations.filter(pl.any_horizontal(
        pl.col(column).is_infinite() | pl.col(column).is_nan() for column in ("value", "ci_low", "ci_high")))
    if infinite.is_empty():
        return
    found = "; ".join(f"{row['indicator_code']}, {row['region_code']}, {row['year']}: {row['value']}"
                      for row in infinite.head(5).iter_rows(named=True))
    raise SourceError(f"{snapshot.directory}: tabel {snapshot.table_id} bevat {infinite.height} waarde(n) die geen eindig "
                      f"getal zijn ({found}); de snapshot is beschadigd. Download de tabel opnieuw.")


def _label(text: str, what: str, snapshot: Snapshot, notices: list[str]) -> str:
    """A region name or label without control characters (with a notice); refused when it is absurdly long."""
    if len(text) > MAX_LABEL_CHARS:
        raise SourceError(f"{snapshot.directory}: tabel {snapshot.table_id}: {what} is {len(text)} tekens lang "
                          f"({quoted(text)}); hooguit {MAX_LABEL_CHARS} past bij een echte naam, dus de snapshot is "
                          "beschadigd. Download de tabel opnieuw.")
    if CONTROL_CHARACTER.search(text):
        notices.append(f"onzichtbare stuurtekens verwijderd uit {what} ({quoted(text)})")
        return CONTROL_CHARACTER.sub("", text)
    return text


def _periods(data: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec) -> tuple[pl.DataFrame, list[str]]:
    """year, period and period_provisional columns: from the Perioden dimension, or the table's own year."""
    if not spec.period_dimension:
        year = table_year(snapshot, spec)
        return data.with_columns(pl.lit(year, pl.Int32).alias("year"), pl.lit(YEAR).alias("period"),
                                 pl.lit(False).alias("period_provisional")), []
    members = snapshot.code_list(spec.period_dimension)
    placed, skipped = {}, []
    for member in members:
        parsed = from_cbs_code(member["Key"])
        if parsed is None:
            skipped.append(member["Title"] or member["Key"])
            continue
        provisional = is_provisional(str(member.get("Status") or "")) or member["Title"].endswith("*")
        placed[member["Key"]] = (*parsed, provisional)
    key = pl.col(spec.period_dimension).str.strip_chars()
    unlisted = sorted(set(data.select(key)[spec.period_dimension].unique().to_list()) - {m["Key"] for m in members})
    if unlisted:
        raise SourceError(f"{snapshot.directory}: perioden {', '.join(unlisted)} in tabel {snapshot.table_id} staan niet "
                          f"in {spec.period_dimension}.json; de snapshot is onvolledig.")
    data = data.filter(key.is_in(list(placed))).with_columns(
        key.replace_strict({k: v[0] for k, v in placed.items()}, return_dtype=pl.Int32).alias("year"),
        key.replace_strict({k: v[1] for k, v in placed.items()}, return_dtype=pl.String).alias("period"),
        key.replace_strict({k: v[2] for k, v in placed.items()}, return_dtype=pl.Boolean).alias("period_provisional"),
    )
    notices = [f"perioden zonder plaats in het warehouse overgeslagen: {', '.join(skipped)}"] if skipped else []
    return data, notices


def table_year(snapshot: Snapshot, spec: StatLineSpec, *, period_first: bool = True) -> int:
    """The year a table holds: its Period, else the config's table list, else its title (period_first False:
    the table list and title first, for a source whose Period is not the year its figures are about)."""
    period = str(snapshot.info.get("Period") or "").strip()
    if period_first and re.fullmatch(r"\d{4}", period):
        return int(period)
    by_table = {table: year for year, table in spec.tables.items()}
    if snapshot.table_id in by_table:
        return by_table[snapshot.table_id]
    year = spec.year_of_title(str(snapshot.info.get("Title", "")))
    if year is not None:
        return year
    if re.fullmatch(r"\d{4}", period):
        return int(period)
    raise SourceError(f"{snapshot.directory / 'TableInfos.json'}: kan het jaar van tabel {snapshot.table_id} niet bepalen.")


def _member(snapshot: Snapshot, dimension: str, wanted: str) -> str:
    """The key of a dimension member named by key or title."""
    members = snapshot.code_list(dimension)
    for member in members:
        if wanted.casefold() in (member["Key"].casefold(), member["Title"].casefold()):
            return member["Key"]
    raise SourceError(f"{snapshot.directory / (dimension + '.json')}: geen lid '{wanted}' in {dimension} "
                      f"(wel: {', '.join(m['Title'] or m['Key'] for m in members)}).")


def _keep_fixed(data: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec) -> pl.DataFrame:
    for dimension, wanted in spec.fixed.items():
        data = data.filter(pl.col(dimension).str.strip_chars() == _member(snapshot, dimension, wanted))
    return data


def _breakdown(data: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec, notices: list[str]) -> pl.DataFrame:
    """breakdown: 'totaal' for the whole population, else the member's title; margin: the interval member."""
    if spec.breakdown is None:
        data = data.with_columns(pl.lit("totaal").alias("breakdown"))
    else:
        dimension = spec.breakdown.dimension
        total = _member(snapshot, dimension, spec.breakdown.total)
        titles = {m["Key"]: ("totaal" if m["Key"] == total else _label(m["Title"] or m["Key"], f"{dimension} {m['Key']}",
                                                                      snapshot, notices))
                  for m in snapshot.code_list(dimension)}
        key = pl.col(dimension).str.strip_chars()
        data = data.with_columns(key.replace_strict(titles, default=None).fill_null(key).alias("breakdown"))
    if spec.margins is not None:
        data = data.with_columns(pl.col(spec.margins.dimension).str.strip_chars().alias("margin"))
    return data


# --- one indicator -----------------------------------------------------------------------------------------


def _indicator(indicator: Indicator, found: Resolved, data: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec,
               untyped: bool, table_years: list[int], gemeente_code: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The indicator's observations and coverage rows in this table."""
    series = indicator.series
    after = [year for year in table_years if series.last_year is not None and year > series.last_year]
    before = [year for year in table_years if series.first_year is not None and year < series.first_year]
    measured = [year for year in table_years if year not in after and year not in before]
    covered = [
        *({"year": year, "state": coverage.BREAK, "detail": series.note} for year in after),
        *({"year": year, "state": coverage.BEFORE_SERIES, "detail": f"deze reeks begint in {series.first_year}"}
          for year in before),
    ]
    frames = [_break_rows(indicator, data, after)] if after else []
    if found.state is not None:
        # The detail quotes CBS's topic group titles; it ends up in the coverage download like a region name.
        detail = CONTROL_CHARACTER.sub("", found.detail or "")
        covered += [{"year": year, "state": found.state, "detail": detail} for year in measured]
    elif measured:
        observed = _observed(indicator, found, data.filter(pl.col("year").is_in(measured)), snapshot, spec, untyped)
        frames.append(observed)
        # The coverage speaks of the monitor's own regions (and the provincie): other gemeenten are comparison rows.
        own = observed.filter((pl.col("region_code").str.slice(0, 2) != "GM") | (pl.col("region_code") == gemeente_code))
        return (pl.concat(frames, how="diagonal_relaxed"),
                pl.concat([coverage.table_rows(indicator.code, covered), coverage.observed(own)], how="diagonal_relaxed"))
    empty = pl.DataFrame(schema=OBSERVATION_SCHEMA)
    return (pl.concat([empty, *frames], how="diagonal_relaxed"), coverage.table_rows(indicator.code, covered))


def _provincie_absent(provincie: str | None, data: pl.DataFrame, resolved: dict[str, Resolved], snapshot: Snapshot,
                      table_years: list[int]) -> pl.DataFrame:
    """Coverage rows saying the table publishes no figure for the configured provincie (KWB, the RIVM wijk table and
    GMSD's wijk tables hold Nederland, gemeenten, wijken and buurten only): the screen says so instead of leaving
    the provincie out without a word."""
    if not provincie or not data.filter(pl.col("region_code") == provincie).is_empty():
        return pl.DataFrame(schema=COVERAGE_SCHEMA)
    detail = (f"tabel {snapshot.table_id} publiceert geen cijfers voor provincies ({provincie}); "
              "vergelijk hier met Nederland of met referentiegemeenten")
    rows = [{"indicator_code": code, "year": year, "period": YEAR, "region_level": "provincie",
             "state": coverage.NO_VALUE, "regions_with_value": 0, "regions_without_value": 1, "detail": detail}
            for code, found in resolved.items() if found.state is None for year in table_years]
    return pl.DataFrame(rows, schema=COVERAGE_SCHEMA)


def _break_rows(indicator: Indicator, data: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """One 'reeksbreuk' row per region and year after the series ended: a recorded break, never a figure."""
    regions = data.select("region_code").unique(maintain_order=True)
    return regions.join(pl.DataFrame({"year": years}, schema={"year": pl.Int32}), how="cross").with_columns(
        pl.lit(indicator.code).alias("indicator_code"), pl.lit(YEAR).alias("period"), pl.lit("totaal").alias("breakdown"),
        pl.lit(None, pl.Float64).alias("value"), pl.lit(coverage.BREAK_STATUS).alias("status"),
        pl.lit(None, pl.Float64).alias("ci_low"), pl.lit(None, pl.Float64).alias("ci_high"),
        pl.lit(None, pl.Int32).alias("rounded_to"),
    )


def _measure(topic: Topic, untyped: bool) -> tuple[pl.Expr, pl.Expr]:
    """(value as Float64, whether the source marks the cell geheim) for one topic column."""
    if not untyped:
        return pl.col(topic.key).cast(pl.Float64), pl.lit(False)
    text = pl.col(topic.key).str.strip_chars()
    # "-" is CBS's nihil: a real zero. "." (onbekend) and "x" (geheim) stay NULL.
    value = pl.when(text == "-").then(pl.lit(0.0)).otherwise(text.cast(pl.Float64, strict=False))
    return value, text.str.to_lowercase() == "x"


def _observed(indicator: Indicator, found: Resolved, data: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec,
              untyped: bool) -> pl.DataFrame:
    mapping = indicator.cbs
    value, secret = _measure(found.numerator, untyped)
    provisional = snapshot.provisional or found.numerator.provisional
    if found.denominator is not None:
        denominator, denominator_secret = _measure(found.denominator, untyped)
        value = pl.when(denominator > 0).then(value / denominator * mapping.factor).otherwise(None)
        secret = secret | denominator_secret
        provisional = provisional or found.denominator.provisional
    elif mapping.factor != 1:
        value = value * mapping.factor
    frame = data.select(*INDEX, *(["margin"] if spec.margins else []), "period_provisional",
                        value.alias("value"), secret.alias("secret"))
    if spec.margins is not None:
        frame = _with_interval(frame, snapshot, spec)
    else:
        frame = frame.with_columns(pl.lit(None, pl.Float64).alias("ci_low"), pl.lit(None, pl.Float64).alias("ci_high"))
    status = (
        pl.when(pl.col("secret")).then(pl.lit("geheim"))
        .when(pl.col("value").is_null()).then(pl.lit("ontbreekt"))
        .when(pl.lit(spec.estimated)).then(pl.lit("geschat"))
        .when(pl.lit(provisional) | pl.col("period_provisional")).then(pl.lit("voorlopig"))
        .otherwise(pl.lit("definitief"))
    )
    rounded = pl.lit(None, pl.Int32)
    if mapping.rounded_to:
        rounded = pl.when(level_of(pl.col("region_code")).is_in(list(spec.rounded_levels))) \
            .then(pl.lit(mapping.rounded_to, pl.Int32)).otherwise(pl.lit(None, pl.Int32))
    return frame.with_columns(
        pl.lit(indicator.code).alias("indicator_code"), status.alias("status"), rounded.alias("rounded_to"),
        # An unpublished figure has no interval either.
        *[pl.when(pl.col("value").is_null()).then(None).otherwise(pl.col(c)).alias(c) for c in ("ci_low", "ci_high")],
    ).select(OBSERVATION_SCHEMA.keys())


def _with_interval(frame: pl.DataFrame, snapshot: Snapshot, spec: StatLineSpec) -> pl.DataFrame:
    """The estimate's rows with the bounds of its interval beside them (they are rows of the Marges dimension)."""
    value_key, lower_key, upper_key = _margin_keys(snapshot, spec)
    estimate = frame.filter(pl.col("margin") == value_key).drop("margin")
    bound = {key: frame.filter(pl.col("margin") == key).select(*INDEX, pl.col("value").alias(name))
             for key, name in ((lower_key, "ci_low"), (upper_key, "ci_high"))}
    return estimate.join(bound[lower_key], on=INDEX, how="left").join(bound[upper_key], on=INDEX, how="left")


def _margin_keys(snapshot: Snapshot, spec: StatLineSpec) -> tuple[str, str, str]:
    """The margin members of the estimate, the lower and the upper bound, by key or else by title."""
    margins = {m["Key"]: m["Title"] for m in snapshot.code_list(spec.margins.dimension)}
    declared = (spec.margins.value, spec.margins.lower, spec.margins.upper)
    if set(declared) <= margins.keys():
        return declared
    by_title = {}
    for key, title in margins.items():
        lowered = title.lower()
        if "ondergrens" in lowered:
            by_title["lower"] = key
        elif "bovengrens" in lowered:
            by_title["upper"] = key
        elif lowered.startswith("waarde"):
            by_title["value"] = key
    if len(by_title) != 3:
        raise SourceError(
            f"{snapshot.directory / (spec.margins.dimension + '.json')}: kan waarde, ondergrens en bovengrens niet "
            f"vinden (gevonden: {', '.join(f'{k} {t!r}' for k, t in margins.items())})."
        )
    return by_title["value"], by_title["lower"], by_title["upper"]


def _regions(snapshot: Snapshot, data: pl.DataFrame, dimension: str, name_year: int | None,
             notices: list[str]) -> pl.DataFrame:
    """Regions in scope, named from the region dimension's code list (trimmed)."""
    codes = data.select("region_code").unique(maintain_order=True)
    loaded = set(codes["region_code"])
    names = {}
    for member in snapshot.code_list(dimension):
        code = NATIONAL_CODE if member["Key"].startswith("NL") else member["Key"]
        if code in loaded:  # only names that are stored are checked: other gemeenten's do not matter
            names[code] = _label(member["Title"], f"de naam van {code}", snapshot, notices)
    return codes.with_columns(
        pl.col("region_code").replace_strict(names, default=None).fill_null(pl.col("region_code")).alias("name"),
        *hierarchy_columns(pl.col("region_code")),
        pl.lit(name_year, pl.Int32).alias("name_year"),
    )


def region_filter(gemeente_code: str, spec: StatLineSpec, comparison: tuple[str, ...] = (),
                  every_gemeente: bool = False) -> str:
    """An OData $filter for Nederland, the gemeente and its wijken and buurten (and the comparison regions: every
    gemeente when vergelijkbare gemeenten are computed).

    Only an optimisation of the download: the reader keeps its own scope.
    """
    if spec.row_filter is not None:  # a family with its own reader knows its own filter
        return spec.row_filter(gemeente_code, comparison)
    number = gemeente_code[2:]
    dimension = spec.region_dimensions[0]
    own = ("GM",) if every_gemeente else (gemeente_code,)  # "GM": every gemeente's own row
    others = tuple(code for code in comparison if not (every_gemeente and code.startswith("GM")))
    prefixes = ("NL", *own, f"WK{number}", f"BU{number}", *others)
    return " or ".join(f"startswith({dimension},'{prefix}')" for prefix in prefixes)
