"""CBS Iv3: the lasten of gemeenten per taakveld, "Gemeenten <jaar> onbewerkte Iv3-data" on dataderden.cbs.nl.

Iv3 (Informatie voor derden) is what every gemeente reports to CBS from its
begroting and jaarrekening, per taakveld (BBV: 0.1 Bestuur … 6.1 Samenkracht en
burgerparticipatie … 8.3 Wonen en bouwen). Per gemeente CBS publishes it only on
the third-party catalogue dataderden.cbs.nl (catalog "IV3"), one table a year;
StatLine proper (84413NED and the like) has aggregates per provincie and
grootteklasse only. Where each fact below was found: docs/iv3.md; for users, the
README section "Lasten per taakveld (Iv3)".

Why this family has its own reader (the declarative StatLine reader cannot say it):
- four dimensions and no period: TaakveldBalanspost (exploitation taakvelden AND
  balansposten A…/P…), Categorie (economische categorie, "L…" lasten, "B…" baten,
  Primo/Ultimo on the balance), Gemeenten (GMnnnn padded to 9 characters) and
  Verslagsoort (<jaar>X000 = begroting, <jaar>X005 = jaarrekening); the year is the
  table's;
- a taakveld's lasten are the SUM over every L-categorie (salarissen, inhuur,
  inkomensoverdrachten, …): no member holds the total;
- one measure holds begroting and jaarrekening alike, so an indicator names the
  verslag it reads with `group = "jaarrekening"` or `group = "begroting"` (matched
  on the key's X005 / X000, never on the member title, which is not confirmed);
- amounts are in 1 000 euro (`factor = 1000` makes euro); two measures,
  k_1ePlaatsing_1 and k_2ePlaatsing_2 — which one an indicator reads is its stem
  (the difference between the two is not documented where we looked);
- the cube is sparse: a null cell is "nothing booked there". A taakveld without a
  single figure gets no row; a gemeente without a single figure for the verslag
  (not delivered yet) gets a 'totaal' row with status 'ontbreekt';
- no inwoners in the table: per inwoner is computed in the warehouse query
  (warehouse.queries.iv3_lasten_per_inwoner) from the KWB inwoners of the same year.

What is stored: per gemeente (the monitor's own and its referentiegemeenten from
[vergelijking]; never another gemeente), per taakveld with a figure, the lasten in
euro as breakdown "<code> <naam>" (e.g. "6.1 Samenkracht en burgerparticipatie"),
and breakdown 'totaal': every exploitation taakveld except 0.10 (mutaties reserves)
and 0.11 (resultaat van de rekening), which are bookkeeping, not spending.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import polars as pl

from monitor import coverage
from monitor.config import Indicator, MonitorConfig
from monitor.errors import SourceError
from monitor.periods import YEAR
from monitor.sources import StatLineSpec
from monitor.tidy import COVERAGE_SCHEMA, OBSERVATION_SCHEMA, SourceTable
from pipelines.problems import CONTROL_CHARACTER
from pipelines.regions import hierarchy_columns
from pipelines.snapshots import read_json_list
from pipelines.statline.reader import comparison_codes, resolve, table_year
from pipelines.statline.snapshot import Snapshot, open_snapshot

# Table id per verslagjaar (public code that queries these tables; docs/iv3.md). Earlier and later years
# are found through the catalogue title. Before 2017 gemeenten reported per functie, not per taakveld.
IV3_TABLES = {
    2019: "45046NED",
    2020: "45050NED",
    2021: "45054NED",
    2022: "45059NED",
    2023: "45063NED",
    2024: "45067NED",
    2025: "45071NED",
    2026: "45078NED",
}
DIMENSIONS = ("TaakveldBalanspost", "Categorie", "Gemeenten", "Verslagsoort")
VERSLAGEN = {"begroting": "X000", "jaarrekening": "X005"}  # group = … → the key's suffix
LASTEN_PREFIX = "L"
# Exploitation taakvelden are numbered ("0.1", "6.71a", "6.711"); balansposten start with A or P.
TAAKVELD = re.compile(r"^\d+\.\d+[a-z]?$")
NOT_IN_TOTAL = {
    "0.10": "mutaties reserves",
    "0.11": "resultaat van de rekening van baten en lasten",
}


def row_filter(gemeente_code: str, comparison: tuple[str, ...] = ()) -> str:
    """The download's $filter: the lasten of the gemeente and its referentiegemeenten.

    A whole table is ~10 000 rows per gemeente and verslag, so every gemeente (vergelijkbare gemeenten are
    found among all of them) is never downloaded; only the gemeenten [vergelijking] names. Like every
    $filter only an optimisation: the reader keeps its own scope. startswith, because the keys are padded.
    """
    gemeenten = [gemeente_code, *(code for code in comparison if code.startswith("GM") and code != gemeente_code)]
    who = " or ".join(f"startswith(Gemeenten,'{code}')" for code in gemeenten)
    return f"({who}) and startswith(Categorie,'{LASTEN_PREFIX}')"


def read_iv3(directory: Path, config: MonitorConfig, spec: StatLineSpec) -> SourceTable:
    """One Iv3 snapshot → the lasten per taakveld of the gemeente and its referentiegemeenten."""
    snapshot = open_snapshot(directory)
    _check_layout(snapshot, spec)
    year = table_year(snapshot, spec, period_first=False)
    keep = [config.gemeente_code, *(c for c in comparison_codes(config) if c.startswith("GM"))]
    names = _gemeente_names(snapshot, keep)
    if config.gemeente_code not in names:
        raise SourceError(f"{snapshot.directory / 'Gemeenten.json'}: tabel {snapshot.table_id} kent gemeente "
                          f"{config.gemeente_code} niet; controleer de gemeentecode (--gemeente of de configuratie).")
    verslagen = {member["Key"]: member["Title"] for member in snapshot.code_list("Verslagsoort")}
    taakvelden = {m["Key"]: m["Title"] for m in snapshot.code_list("TaakveldBalanspost") if TAAKVELD.match(m["Key"])}
    indicators = config.statline_indicators(spec.code)
    notices: list[str] = []
    frames, covered = [], []
    rows = None
    for indicator in indicators:
        found, verslag, problem = _resolve(indicator, snapshot, verslagen, year)
        if problem is not None:
            covered.append(coverage.table_rows(indicator.code, [{"year": year, **problem}]))
            continue
        if rows is None:
            rows = _lasten_rows(snapshot, keep)
        column = found.numerator.key
        observed = _observations(indicator, rows, column, verslag, year, taakvelden, names, snapshot)
        frames.append(observed)
        own = observed.filter(pl.col("region_code") == config.gemeente_code)
        covered.append(coverage.observed(own))
    observations = pl.concat([pl.DataFrame(schema=OBSERVATION_SCHEMA), *frames], how="diagonal_relaxed") \
        .select(OBSERVATION_SCHEMA.keys())
    loaded = sorted(set(observations["region_code"].to_list()) | {config.gemeente_code})
    regions = pl.DataFrame({"region_code": loaded}).with_columns(
        pl.col("region_code").replace_strict(names, default=None).fill_null(pl.col("region_code")).alias("name"),
        *hierarchy_columns(pl.col("region_code")),
        pl.lit(None, pl.Int32).alias("name_year"),  # the Kerncijfers name gemeenten; these titles only fill in
    )
    missing = [code for code in keep if code not in names]
    if missing:
        notices.append(f"tabel {snapshot.table_id} kent {', '.join(missing)} niet (opgeheven of heringedeeld?): "
                       "geen lasten voor die vergelijkingsgemeente(n)")
    return SourceTable(
        source=spec.code, table_id=snapshot.table_id, year=year, directory=snapshot.directory,
        sha256=snapshot.sha256(), is_demo=snapshot.is_demo, regions=regions, observations=observations,
        notices=tuple(notices),
        coverage=pl.concat([pl.DataFrame(schema=COVERAGE_SCHEMA), *covered], how="diagonal_relaxed")
        .select(COVERAGE_SCHEMA.keys()),
    )


def _check_layout(snapshot: Snapshot, spec: StatLineSpec) -> None:
    if set(snapshot.dimensions) != set(DIMENSIONS):
        raise SourceError(
            f"{snapshot.directory / 'DataProperties.json'}: tabel {snapshot.table_id} heeft de dimensies "
            f"{', '.join(snapshot.dimensions) or 'geen'}, maar {spec.label} heeft {', '.join(DIMENSIONS)}; is dit wel "
            "een tabel 'Gemeenten <jaar> onbewerkte Iv3-data' (vóór 2017 rapporteerden gemeenten per functie, niet "
            "per taakveld), of is de indeling veranderd?")


def _gemeente_names(snapshot: Snapshot, keep: list[str]) -> dict[str, str]:
    """Code → name of the gemeenten to keep that the table knows ('Utrecht (gemeente)' → 'Utrecht')."""
    names = {}
    for member in snapshot.code_list("Gemeenten"):
        if member["Key"] in keep:
            title = CONTROL_CHARACTER.sub("", member["Title"] or member["Key"])
            names[member["Key"]] = re.sub(r"\s*\(gemeente\)$", "", title)[:200]
    return names


def _resolve(indicator: Indicator, snapshot: Snapshot, verslagen: dict[str, str], year: int):
    """(the measure, the Verslagsoort key, None) or (None, None, a coverage row's state and detail)."""
    mapping = indicator.cbs
    wanted = (mapping.group or "").strip().casefold()
    if wanted not in VERSLAGEN:
        return None, None, {"state": coverage.UNUSABLE,
                            "detail": f"noem het verslag dat {indicator.code} leest: group = \"jaarrekening\" of "
                                      f"group = \"begroting\" (nu: {mapping.group!r})"}
    if mapping.per:
        return None, None, {"state": coverage.UNUSABLE,
                            "detail": "Iv3-tabellen bevatten geen inwoners; laat per weg (per inwoner rekent de "
                                      "monitor zelf uit met de inwoners uit de Kerncijfers)"}
    found = resolve(dataclasses.replace(mapping, group=None), snapshot)
    if found.state is not None:
        return None, None, {"state": found.state, "detail": CONTROL_CHARACTER.sub("", found.detail or "")}
    suffix = VERSLAGEN[wanted]
    key = next((k for k in verslagen if k.upper().endswith(suffix) and k[:4] == str(year)), None) \
        or next((k for k in verslagen if k.upper().endswith(suffix)), None)
    if key is None:
        return None, None, {"state": coverage.NO_VALUE,
                            "detail": f"tabel {snapshot.table_id} bevat (nog) geen {wanted} {year} "
                                      f"(verslagsoorten: {', '.join(verslagen) or 'geen'})"}
    return found, key, None


def _lasten_rows(snapshot: Snapshot, keep: list[str]) -> pl.DataFrame:
    """The L-categorie rows of the exploitation taakvelden of the gemeenten to keep, keys trimmed."""
    path = snapshot.directory / "TypedDataSet.json"
    if not path.exists():
        raise SourceError(f"{path}: ontbreekt; de snapshot is onvolledig. Download de tabel opnieuw.")
    topics = {topic.key: pl.Float64 for topic in snapshot.topics}
    schema = {"ID": pl.Int64} | {dimension: pl.String for dimension in DIMENSIONS} | topics
    try:
        data = pl.from_dicts(read_json_list(path), schema=schema, strict=False)
    except Exception as exc:  # polars raises several types for malformed rows
        raise SourceError(f"{path}: rijen onleesbaar ({exc}).") from None
    data = data.with_columns(*(pl.col(d).str.strip_chars() for d in DIMENSIONS))
    data = data.filter(pl.col("Gemeenten").is_in(keep) & pl.col("Categorie").str.starts_with(LASTEN_PREFIX)
                       & pl.col("TaakveldBalanspost").str.contains(TAAKVELD.pattern))
    numbers = [pl.col(key) for key in topics]
    if numbers:
        infinite = data.filter(pl.any_horizontal(c.is_infinite() | c.is_nan() for c in numbers))
        if not infinite.is_empty():
            row = infinite.row(0, named=True)
            raise SourceError(f"{path}: tabel {snapshot.table_id} bevat {infinite.height} bedrag(en) die geen eindig "
                              f"getal zijn (o.a. {row['Gemeenten']}, taakveld {row['TaakveldBalanspost']}, "
                              f"{row['Categorie']}); de snapshot is beschadigd. Download de tabel opnieuw.")
    key = list(DIMENSIONS)
    distinct = data.unique(subset=[*key, *topics], maintain_order=True)
    clash = distinct.filter(distinct.select(key).is_duplicated())
    if not clash.is_empty():
        row = clash.row(0, named=True)
        raise SourceError(f"{path}: tabel {snapshot.table_id} heeft voor {row['Gemeenten']}, taakveld "
                          f"{row['TaakveldBalanspost']}, {row['Categorie']}, {row['Verslagsoort']} twee rijen met "
                          "verschillende bedragen; welke klopt is niet te zeggen. Download de tabel opnieuw.")
    return distinct


def _observations(indicator: Indicator, rows: pl.DataFrame, column: str, verslag: str, year: int,
                  taakvelden: dict[str, str], names: dict[str, str], snapshot: Snapshot) -> pl.DataFrame:
    """Per gemeente: one row per taakveld with a figure, and 'totaal' (or 'ontbreekt' when nothing was reported)."""
    factor = indicator.cbs.factor
    status = "voorlopig" if snapshot.provisional or any(t.provisional for t in snapshot.topics if t.key == column) \
        else "definitief"
    per_taakveld = (rows.filter(pl.col("Verslagsoort") == verslag)
                    .group_by("Gemeenten", "TaakveldBalanspost", maintain_order=True)
                    .agg(pl.col(column).sum().alias("amount"), pl.col(column).is_not_null().any().alias("reported"))
                    .filter(pl.col("reported")))
    labels = {code: _label(code, title) for code, title in taakvelden.items()}
    unknown = sorted(set(per_taakveld["TaakveldBalanspost"].to_list()) - set(labels))
    if unknown:
        raise SourceError(f"{snapshot.directory}: taakvelden {', '.join(unknown)} in tabel {snapshot.table_id} staan niet "
                          "in TaakveldBalanspost.json; de snapshot is onvolledig.")
    records = []
    for gemeente in names:
        own = per_taakveld.filter(pl.col("Gemeenten") == gemeente)
        for row in own.iter_rows(named=True):
            records.append((gemeente, labels[row["TaakveldBalanspost"]], row["amount"] * factor, status))
        counted = own.filter(~pl.col("TaakveldBalanspost").is_in(list(NOT_IN_TOTAL)))
        if counted.is_empty():
            records.append((gemeente, "totaal", None, "ontbreekt"))  # not (yet) delivered to CBS
        else:
            records.append((gemeente, "totaal", float(counted["amount"].sum()) * factor, status))
    frame = pl.DataFrame(records, schema={"region_code": pl.String, "breakdown": pl.String, "value": pl.Float64,
                                          "status": pl.String}, orient="row")
    return frame.with_columns(
        pl.lit(indicator.code).alias("indicator_code"), pl.lit(year, pl.Int32).alias("year"),
        pl.lit(YEAR).alias("period"), pl.lit(None, pl.Float64).alias("ci_low"),
        pl.lit(None, pl.Float64).alias("ci_high"), pl.lit(None, pl.Int32).alias("rounded_to"),
    ).select(OBSERVATION_SCHEMA.keys())


def _label(code: str, title: str) -> str:
    """'6.1' and 'Samenkracht en burgerparticipatie' → '6.1 Samenkracht en burgerparticipatie' (once, not twice)."""
    title = CONTROL_CHARACTER.sub("", title or "").strip()[:200]
    if not title or title == code:
        return code
    return title if title.split(" ", 1)[0] == code else f"{code} {title}"


def taakveld_code(breakdown: str) -> str | None:
    """The taakveld code a stored breakdown starts with ('6.1 Samenkracht …' → '6.1'); None for 'totaal'."""
    head = breakdown.split(" ", 1)[0]
    return head if TAAKVELD.match(head) else None


SOURCE = StatLineSpec(
    code="cbs_iv3",
    label="CBS Iv3: lasten per taakveld (gemeenten)",
    cli="iv3",
    catalog="dataderden.cbs.nl",
    subdirectory="iv3",
    tables=IV3_TABLES,
    # "Gemeenten 2020 onbewerkte Iv3-data " (trailing space) is a year table; "Provincies 2026 …" is not.
    catalog_title=r"Gemeenten\s+(\d{4})\s+onbewerkte\s+Iv3-data",
    first_default_year=2022,
    region_dimensions=("Gemeenten",),
    read=read_iv3,
    row_filter=row_filter,
)
