"""Refreshing the warehouse: download (or reuse) StatLine snapshots, validate delivered files, load all in one build.

The order is always: decide which tables → download each into its snapshot
directory (or, offline, take the saved snapshots, checked against their
manifest) → parse → validate the partner workbooks and KIS exports against
the regions known by then → (with --strict: refuse when an indicator found no
usable variable) → load everything in one atomic build. Any failure before the
swap leaves the warehouse exactly as it was. Which sources exist, and how each
finds its tables, comes from pipelines.registry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from monitor import coverage
from monitor.config import MonitorConfig
from monitor.errors import MonitorError, SourceError
from monitor.paths import shown
from monitor.sources import FileSource, GeoSpec, StatLineSpec
from monitor.tidy import REGION_SCHEMA, SourceTable, empty
from pipelines import comparison, delivered, registry
from pipelines.download import Endpoint, RetryPolicy, fetch_snapshot, list_catalog, recover_interrupted_swaps
from pipelines.progress import Progress
from pipelines.region_index import RegionIndex
from pipelines.statline.reader import comparison_codes, read_statline, region_filter
from warehouse import queries
from warehouse.access import exclusive_writer, open_for_reading
from warehouse.build import building
from warehouse.disclosure import protect_small_counts
from warehouse.load import load_catalog, load_source_table, name_gemeente_from_regions

RETRY_POLICY = RetryPolicy()  # tests shorten the pauses and timeouts


@dataclass(frozen=True)
class Request:
    """What the analyst asked for on the command line."""

    config: MonitorConfig
    snapshot_dir: Path  # the source's snapshot directory, e.g. data/raw/cbs
    years: tuple[int, ...] | None  # None: the source's default years (every year of a one-table source)
    catalog_url: str | None  # None: the source's own catalog
    https: bool = True
    offline: bool = False
    policy: RetryPolicy = field(default_factory=lambda: RETRY_POLICY)
    api_url: str | None = None  # a boundary source's API template with {jaar}; None: the source's own (PDOK)

    def endpoint(self, spec: StatLineSpec) -> Endpoint:
        return Endpoint(self.catalog_url or spec.catalog, self.https)


def collect(spec: StatLineSpec, request: Request, progress: Progress | None = None) -> list[SourceTable]:
    """The parsed tables of one source: downloaded now, or from saved snapshots when offline."""
    if request.offline:
        parsed = _saved_snapshots(spec, request)
    else:
        parsed = [_download(spec, request, table_id, progress) for table_id in tables_to_fetch(spec, request).values()]
    if spec.table and request.years:
        parsed = [_only_years(table, request.years) for table in parsed]
    return parsed


def collect_geo(spec: GeoSpec, request: Request, progress: Progress | None = None, *,
                only_available: bool = False) -> list[SourceTable]:
    """The editions of a boundary source (the Wijk- en Buurtkaart): downloaded now, or the saved ones offline.

    only_available (`run`): of the --years, only those the source publishes (online) or that are saved (offline):
    `run --years 2019-2024` loads figures from 2019 on and the maps that exist, instead of refusing everything.
    """
    gemeente = request.config.gemeente_code
    if not request.offline:
        api_url = request.api_url or spec.api_url
        tables = []
        for year in geo_years(spec, request.years, only_available):
            target = request.snapshot_dir / spec.table_id(year)
            tables.append(spec.fetch(year, target, gemeente_code=gemeente, api_url=api_url, policy=request.policy))
            if progress:
                progress.step(f"{spec.label} {year}: gedownload naar {shown(target)}")
        return tables
    directories = edition_dirs(request.snapshot_dir)
    if not directories:
        raise SourceError(f"{shown(request.snapshot_dir)}: geen opgeslagen snapshots van {spec.label} (verwacht "
                          f"{spec.table_id(2024)}/manifest.json …); draai eerst zonder --offline om ze te downloaden "
                          f"(`{spec.load_hint}`).")
    by_year = {table.year: table for table in (spec.read(directory, gemeente) for directory in directories)}
    if only_available and request.years:
        return [by_year[year] for year in sorted(request.years) if year in by_year]
    absent = [str(year) for year in request.years or () if year not in by_year]
    if absent:
        raise SourceError(f"{shown(request.snapshot_dir)}: geen snapshot van {spec.label} voor {', '.join(absent)}; "
                          f"aanwezig: {', '.join(str(y) for y in sorted(by_year))}. Draai zonder --offline om ze te "
                          "downloaden.")
    return [by_year[year] for year in sorted(request.years or by_year)]


def geo_years(spec: GeoSpec, years: Sequence[int] | None, only_available: bool = False) -> tuple[int, ...]:
    """The editions to download: the asked years (with only_available: those the source is known to publish)."""
    if not years:
        return spec.years
    return tuple(year for year in years if year in spec.years) if only_available else tuple(years)


def edition_dirs(directory: Path) -> list[Path]:
    """Every saved edition of a boundary source: <directory>/<table_id>/ (staging and set-aside copies start
    with a dot)."""
    if not Path(directory).is_dir():
        return []
    recover_interrupted_swaps(Path(directory))
    return sorted(path for path in Path(directory).glob("[!.]*") if path.is_dir())


def tables_to_fetch(spec: StatLineSpec, request: Request) -> dict[int | None, str]:
    """Year → table id: the one table of a one-table source, else the known tables, the catalogue for the rest."""
    if spec.table:
        return {None: spec.table}
    years = request.years or spec.default_years() or ()
    tables = {year: spec.tables[year] for year in years if year in spec.tables}
    unknown = [year for year in years if year not in tables]
    if unknown:
        found = {}
        if spec.catalog_title:
            for row in sorted(list_catalog(request.endpoint(spec), request.policy), key=lambda r: str(r.get("Modified") or "")):
                year = spec.year_of_title(str(row.get("Title") or row.get("ShortTitle") or ""))
                identifier = str(row.get("Identifier") or "").strip()
                if year is not None and identifier:
                    found[year] = identifier  # sorted by Modified: the newest edition wins
        tables |= {year: found[year] for year in unknown if year in found}
        absent = [str(year) for year in unknown if year not in found]
        if absent:
            raise SourceError(
                f"Geen tabel van {spec.label} voor {', '.join(absent)} in de catalogus van "
                f"{request.endpoint(spec).catalog_url}; bekend zijn {', '.join(str(y) for y in sorted(set(found) | set(spec.tables)))}."
            )
    return dict(sorted(tables.items()))


def _download(spec: StatLineSpec, request: Request, table_id: str, progress: Progress | None) -> SourceTable:
    target = request.snapshot_dir / table_id
    endpoint = request.endpoint(spec)
    table = fetch_snapshot(
        table_id,
        target,
        endpoint,
        row_filter=region_filter(request.config.gemeente_code, spec, comparison_codes(request.config),
                                 request.config.comparison.similar is not None),
        check=lambda directory: read_statline(directory, request.config, spec),
        provenance={"source": spec.code, "gemeente": request.config.gemeente_code},
        policy=request.policy,
    )
    if progress:
        progress.step(f"{spec.label} {table_id}: gedownload van {endpoint.table_url(table_id)} naar {shown(target)}")
    return dataclasses.replace(table, directory=target)


def _saved_snapshots(spec: StatLineSpec, request: Request) -> list[SourceTable]:
    directories = snapshot_dirs(request.snapshot_dir)
    if not directories:
        raise SourceError(
            f"{request.snapshot_dir}: geen opgeslagen snapshots van {spec.label} (verwacht <tabel>/TableInfos.json); "
            f"draai eerst zonder --offline om ze te downloaden (`{spec.load_hint}`)."
        )
    tables = [read_statline(directory, request.config, spec) for directory in directories]
    if not spec.table and request.years:
        by_year = {table.year: table for table in tables}
        absent = [str(year) for year in request.years if year not in by_year]
        if absent:
            raise SourceError(
                f"{request.snapshot_dir}: geen snapshot voor {', '.join(absent)}; aanwezig: "
                f"{', '.join(str(y) for y in sorted(y for y in by_year if y is not None))}. Draai zonder --offline om ze te downloaden."
            )
        tables = [by_year[year] for year in sorted(request.years)]
    return tables


def _only_years(table: SourceTable, years: Sequence[int]) -> SourceTable:
    keep = pl.col("year").is_in(list(years))
    covered = table.coverage.filter(keep) if table.coverage is not None else None
    return dataclasses.replace(table, observations=table.observations.filter(keep), coverage=covered)


def refuse_missing_variables(tables: list[SourceTable]) -> None:
    """--strict: an indicator whose variable a table lacks (or cannot be used) stops the load, warehouse unchanged."""
    problems = []
    for table in tables:
        if table.coverage is None:
            continue
        for row in coverage.failures(table.coverage).unique(["indicator_code", "detail"], maintain_order=True).iter_rows(named=True):
            years = coverage.years_text(table.coverage.filter(
                (pl.col("indicator_code") == row["indicator_code"]) & pl.col("state").is_in(coverage.FAILURES))["year"].to_list())
            problems.append(f"- {row['indicator_code']} ({table.table_id}, {years}): {row['detail']}")
    if problems:
        raise MonitorError(
            "--strict: niet elke indicator vond zijn variabele; er is niets geladen en het warehouse is ongewijzigd.\n"
            + "\n".join(problems)
            + "\nPas de variabelenamen in de configuratie aan (cbs = { stem = [\"nieuwe naam\", \"oude naam\"] }) of leg "
            "een reeksbreuk vast (series = { last_year = … }), of laad zonder --strict."
        )


def snapshot_dirs(directory: Path) -> list[Path]:
    """Every snapshot directory <directory>/<table_id>/ (staging and set-aside copies start with a dot)."""
    recover_interrupted_swaps(Path(directory))
    return sorted(path.parent for path in Path(directory).glob("[!.]*/TableInfos.json"))


def load_tables(
    target: Path,
    config: MonitorConfig,
    tables: list[SourceTable],
    progress: Progress | None = None,
    *,
    fresh: bool = False,
    rebuild: bool = False,
) -> int:
    """Load parsed tables into the warehouse in one atomic build; returns the observations written.

    fresh: start from an empty warehouse (the demo build, whose command has
    checked that the warehouse holds no real data). rebuild (`--opnieuw`):
    start from an empty warehouse too, but only when these tables hold every
    real input the warehouse holds now — else refused. Otherwise a warehouse
    holding only demo data is rebuilt from scratch: fictional and real figures
    never sit side by side. One holding real data of another gemeente is refused.
    """
    with exclusive_writer(target):
        state = WarehouseState() if fresh else warehouse_state(target)
        holds_real = bool(state.real_sources)
        _refuse_other_gemeente(target, state, config)
        demo_inputs = [str(shown(table.directory)) for table in tables if table.is_demo]
        if holds_real and demo_inputs:
            raise MonitorError(
                f"{', '.join(demo_inputs)} is voorbeelddata (fictief) en {target} bevat echte gegevens; "
                "fictieve en echte cijfers komen nooit in één warehouse. Laad het in een apart --warehouse."
            )
        if rebuild and holds_real:
            _refuse_incomplete_rebuild(target, state, tables)
        # A warehouse with only demo data is rebuilt from scratch at the first real load.
        from_scratch = fresh or rebuild or (not holds_real and len(demo_inputs) < len(tables))
        written = 0
        with building(target, from_scratch=from_scratch) as con:
            load_catalog(con, config, registry.load_hints(config))
            # Other gemeenten's rows: only those of the comparison regions (and the vergelijkbare gemeenten) stay.
            tables = comparison.narrow_to_comparison(con, config, tables)
            for table in tables:
                rows = load_source_table(con, table, location=str(shown(table.directory)))
                written += rows
                if progress:
                    progress.step(f"{table.table_id} geladen: {_contents(table)}" + (f" ({table.note})" if table.note else ""))
            protect_small_counts(con, config.small_count_threshold)
            if config.gemeente_name == config.gemeente_code:
                name_gemeente_from_regions(con, config.gemeente_code)
        return written


def _refuse_incomplete_rebuild(target: Path, state: WarehouseState, tables: list[SourceTable]) -> None:
    """--opnieuw throws the warehouse away; only when this load brings back every real input it holds."""
    loading = {(table.source, table.table_id) for table in tables}
    missing = [f"{source} {table_id}" for source, table_id in state.held if (source, table_id) not in loading]
    if missing:
        raise MonitorError(
            f"--opnieuw bouwt {target} helemaal opnieuw op, maar deze lading bevat niet alles wat het nu bevat: "
            f"{', '.join(missing[:10])}{f' en {len(missing) - 10} meer' if len(missing) > 10 else ''}. Er is niets "
            "gewijzigd. Laad alles tegelijk (`python -m pipelines run --opnieuw` met alle snapshots en bestanden in "
            "data/raw), of laad zonder --opnieuw: dan worden alleen deze tabellen en bestanden vervangen."
        )


@dataclass(frozen=True)
class WarehouseState:
    real_sources: tuple[str, ...] = ()  # sources loaded from real (non-demo) data
    gemeente_code: str | None = None
    regions: pl.DataFrame = field(default_factory=lambda: empty(REGION_SCHEMA))
    files: dict[str, dict[str, pl.DataFrame]] = field(default_factory=dict)  # source → what each delivered file loaded
    held: tuple[tuple[str, str], ...] = ()  # (source, table id or file name) of the real inputs in it now


def warehouse_state(target: Path) -> WarehouseState:
    """What an existing warehouse holds. Only an absent or zero-byte file holds nothing; a file that cannot be
    read (in use by another program, damaged) is refused, never taken for empty (warehouse.access)."""
    if not target.exists() or target.stat().st_size == 0:
        return WarehouseState()
    with open_for_reading(target) as con:
        return WarehouseState(
            real_sources=tuple(queries.real_sources(con)),
            gemeente_code=queries.monitor_info(con).get("gemeente_code"),
            regions=queries.regions(con),
            files={source.code: queries.rows_by_file(con, source.code) for source in registry.file_sources()},
            held=tuple(queries.held_inputs(con)),
        )


def wijk_names(target: Path, config: MonitorConfig) -> list[str]:
    """The gemeente's wijk names as the warehouse knows them, in code order (for the template's list)."""
    state = warehouse_state(target)
    return list(RegionIndex.from_regions(state.regions, config.gemeente_code).wijken().values())


def collect_delivered(
    target: Path, config: MonitorConfig, files: list[tuple[FileSource, Path]],
    statline_tables: list[SourceTable], progress: Progress | None = None,
) -> list[SourceTable]:
    """Partner workbooks and KIS exports (see delivered.files_for), validated for loading with `run`.

    Wijk names are checked against the regions of the warehouse (when it
    holds real data of this gemeente) and of the tables loaded in the same run.
    """
    if not files:
        return []
    state = warehouse_state(target)
    if not state.real_sources or state.gemeente_code != config.gemeente_code:
        state = WarehouseState()  # a demo warehouse is rebuilt from scratch; another gemeente's is refused on load
    tables = _read_delivered(config, files, state, [t.regions for t in statline_tables], progress)
    delivered.check_no_duplicates(tables, state.files)
    return tables


def load_delivered(target: Path, config: MonitorConfig, files: list[tuple[FileSource, Path]], progress: Progress | None = None) -> int:
    """`partner FILE` and `kis FILE`: validate the files against the warehouse's wijken and load them in one build.

    The writer lock spans the check and the load, so a second file loaded at the same time is checked against
    what the first one wrote (nothing counted twice, nothing lost)."""
    with exclusive_writer(target):
        state = warehouse_state(target)
        _refuse_other_gemeente(target, state, config)
        tables = _read_delivered(config, files, state, [], progress)
        if not state.real_sources and state.regions.height and any(not table.is_demo for table in tables):
            raise MonitorError(
                f"{target} bevat alleen voorbeelddata (fictieve wijken en cijfers); echte partner- of KIS-gegevens horen "
                "daar niet bij. Laad eerst echte CBS-cijfers (`python -m pipelines cbs`), of laad alles in één keer met "
                "`python -m pipelines run`."
            )
        delivered.check_no_duplicates(tables, state.files)
        return load_tables(target, config, tables, progress)


def _refuse_other_gemeente(target: Path, state: WarehouseState, config: MonitorConfig) -> None:
    if state.real_sources and state.gemeente_code and state.gemeente_code != config.gemeente_code:
        raise MonitorError(
            f"{target} bevat gegevens van {state.gemeente_code}, niet van {config.gemeente_code}; kies een ander --warehouse."
        )


def _read_delivered(config, files, state: WarehouseState, region_frames: list[pl.DataFrame], progress) -> list[SourceTable]:
    regions = delivered.region_index(config, state.regions, *region_frames)
    tables = delivered.read_files(files, config, regions)
    if progress:
        for table in tables:
            progress.step(f"{shown(table.directory)} gecontroleerd")
    return tables


def _contents(table: SourceTable) -> str:
    parts = [f"{table.regions.height} regio's"] if not table.regions.is_empty() else []
    if (table.financien is None and table.boundaries is None) or table.observations.height:  # amounts or shapes only
        parts.append(f"{table.observations.height} waarnemingen")
    if table.boundaries is not None:
        parts += [f"{(table.boundaries['level'] == level).sum()} {level}en" for level in ("wijk", "buurt")]
    for rows, what in ((table.activities, "activiteiten"), (table.stories, "verhalen"), (table.financien, "bedragen")):
        if rows is not None:
            parts.append(f"{rows.height} {what}")
    return ", ".join(parts)

