"""Command line: `python -m pipelines <command>`.

Exit codes: 0 success, 1 a problem with the input or configuration (one clear
line on stderr), 2 an unexpected error (details with --debug).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from monitor import coverage
from monitor.config import GEMEENTE_CODE
from monitor.errors import MonitorError
from monitor.excel_csv import csv_bytes
from monitor.paths import DEFAULT_RAW_DIR, shown
from monitor.sources import GeoSpec
from pipelines import delivered, refresh, registry
from pipelines.config import load_config
from pipelines.demo import DEFAULT_DEMO_DIR, build_demo
from pipelines.progress import Progress
from pipelines.snapshots import mark_hand_made
from pipelines.sources.financien.template import write_template as write_financien_template
from pipelines.sources.partner.template import write_template
from warehouse import queries
from warehouse.access import (
    WarehouseBusy,
    WarehouseUnreadable,
    check_not_held_elsewhere,
    exclusive_writer,
    open_for_reading,
)
from warehouse.build import building
from warehouse.load import load_catalog
from warehouse.location import warehouse_path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = _parser(_declared_sources(argv)).parse_args(argv)
        return args.command(args)
    except MonitorError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        if debug:
            raise
        return 1
    except KeyboardInterrupt:
        print("Afgebroken; het warehouse is ongewijzigd.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: the reader stopped, nothing is wrong
        sys.stderr.close()
        return 0
    except Exception as exc:  # the last line of defence: never a traceback for users
        if debug:
            raise
        print(
            f"Onverwachte fout ({type(exc).__name__}): {exc}. Het warehouse is ongewijzigd; "
            "draai opnieuw met --debug voor details.",
            file=sys.stderr,
        )
        return 2


DEFAULT_TEMPLATE = DEFAULT_RAW_DIR / "partners" / delivered.TEMPLATE_NAME
DEFAULT_FINANCIEN_TEMPLATE = DEFAULT_RAW_DIR / "financien" / delivered.FINANCIEN_TEMPLATE_NAME


def _declared_sources(argv: list[str]) -> list:
    """StatLine sources the config itself declares, so they get a command too (quietly none if it cannot be read:
    the command then reports the config's problem itself)."""
    path = None
    for index, arg in enumerate(argv):
        if arg == "--config" and index + 1 < len(argv):
            path = argv[index + 1]
        elif arg.startswith("--config="):
            path = arg.split("=", 1)[1]
    try:
        config = load_config(path)
    except MonitorError:
        return []
    return [spec for spec in registry.statline_sources(config) if spec.code not in registry.source_kinds()]


def _parser(declared: list) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--warehouse", metavar="PAD", help="DuckDB-bestand (standaard $MONITOR_WAREHOUSE of data/processed/monitor.duckdb)")
    common.add_argument("--config", metavar="PAD", help="gemeenteconfiguratie (standaard $MONITOR_CONFIG of config/soest.toml)")
    common.add_argument("--debug", action="store_true", help="toon bij een fout de volledige traceback")
    strict = argparse.ArgumentParser(add_help=False)
    strict.add_argument("--strict", action="store_true",
                        help="weiger de lading als een indicator zijn variabele niet (eenduidig) in een tabel vindt")

    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Monitor Sociaal Domein: bronnen laden in het warehouse.")
    commands = parser.add_subparsers(title="opdrachten", required=True, metavar="OPDRACHT")

    demo = commands.add_parser("demo", parents=[common, strict], help="bouw het warehouse opnieuw uit de meegeleverde (fictieve) demodata")
    demo.add_argument("--raw-dir", metavar="MAP", type=Path, default=DEFAULT_DEMO_DIR, help="map met de demodata (standaard data/raw/demo)")
    demo.add_argument(
        "--keep-real", action="store_true",
        help="laat een warehouse met echte (niet-demo) gegevens ongemoeid in plaats van te weigeren (gebruikt door make run)",
    )
    demo.set_defaults(command=_demo)

    fetching = argparse.ArgumentParser(add_help=False)
    fetching.add_argument("--gemeente", metavar="GMxxxx", type=_gemeente_code, help="CBS-gemeentecode (standaard die uit de configuratie)")
    fetching.add_argument("--years", metavar="JAREN", type=_years, help="bijv. 2019-2024 of 2022,2024 (standaard de jaren van de bron; bij één tabel met alle jaren: alle jaren)")
    fetching.add_argument("--catalog-url", metavar="HOST[:POORT]", help="OData-catalogus, bijv. een mirror of proxy (standaard die van de bron: opendata.cbs.nl of dataderden.cbs.nl)")
    fetching.add_argument("--http", action="store_true", help="gebruik http in plaats van https (voor een lokale mirror of testserver)")
    fetching.add_argument("--offline", action="store_true", help="niets downloaden: laad de opgeslagen snapshots")
    fetching.add_argument(
        "--opnieuw", action="store_true",
        help="bouw het warehouse helemaal opnieuw op uit deze lading; geweigerd als het warehouse echte gegevens "
        "bevat die deze lading niet opnieuw laadt (gebruik dan `run --opnieuw`)",
    )

    for spec in [*registry.statline_sources(), *declared]:
        command = commands.add_parser(spec.cli, parents=[common, fetching, strict], help=f"download en laad {spec.label}")
        command.add_argument(
            "--raw-dir", metavar="MAP", type=Path,
            help=f"map voor de snapshots, één submap per tabel (standaard data/raw/{spec.subdirectory}; "
            f"voor een andere gemeente dan in de configuratie data/raw/<GMxxxx>/{spec.subdirectory})",
        )
        command.set_defaults(command=_fetch_and_load, sources=(spec.code,))

    api_url = argparse.ArgumentParser(add_help=False)
    api_url.add_argument("--api-url", metavar="URL-met-{jaar}", type=_api_url,
                         help="OGC API van de Wijk- en Buurtkaart, met {jaar} voor het jaar, bijv. een mirror of "
                         "testserver (standaard https://api.pdok.nl/cbs/wijken-en-buurten-{jaar}/ogc/v1)")
    for spec in registry.geo_sources():
        command = commands.add_parser(spec.cli, parents=[common, api_url],
                                      help=f"download en laad {spec.label}: de grenzen van wijken en buurten per jaar")
        command.add_argument("--gemeente", metavar="GMxxxx", type=_gemeente_code,
                             help="CBS-gemeentecode (standaard die uit de configuratie)")
        command.add_argument("--years", metavar="JAREN", type=_years,
                             help=f"bijv. 2023,2024 (standaard {', '.join(str(year) for year in spec.years)})")
        command.add_argument("--offline", action="store_true", help="niets downloaden: laad de opgeslagen snapshots")
        command.add_argument(
            "--raw-dir", metavar="MAP", type=Path,
            help=f"map voor de snapshots, één submap per jaar (standaard data/raw/{spec.subdirectory}; "
            f"voor een andere gemeente dan in de configuratie data/raw/<GMxxxx>/{spec.subdirectory})",
        )
        command.set_defaults(command=_fetch_and_load, sources=(spec.code,), catalog_url=None, http=False,
                             strict=False, opnieuw=False)

    run = commands.add_parser("run", parents=[common, fetching, strict, api_url],
                              help="alle bronnen uit de configuratie, op volgorde")
    run.add_argument("--raw-dir", metavar="MAP", type=Path,
                     help="map met per bron een submap (cbs/, ggd/, gmsd/, geo/, partners/, kis/, financien/ …; "
                     "standaard data/raw, of data/raw/<GMxxxx> voor een andere gemeente dan in de configuratie)")
    run.set_defaults(command=_fetch_and_load, sources=None)

    template = commands.add_parser("template", parents=[common], help="schrijf het invulsjabloon voor partners (Excel)"
                                   " of met --financien dat voor de financiën per opgave")
    template.add_argument("--financien", action="store_true",
                          help="het sjabloon voor de financiënwerkmap (begroting en realisatie per opgave, taakveld "
                          f"en laag; standaard data/raw/financien/{delivered.FINANCIEN_TEMPLATE_NAME})")
    template.add_argument("path", nargs="?", metavar="PAD", type=Path, default=None,
                          help=f"waar het sjabloon komt (standaard data/raw/partners/{delivered.TEMPLATE_NAME})")
    template.add_argument("--overschrijven", action="store_true", help="vervang een bestaand bestand op PAD")
    template.set_defaults(command=_template)

    for source in registry.file_sources():
        command = commands.add_parser(source.cli, parents=[common], help=f"controleer en laad één {source.label} "
                                      f"({', '.join(source.suffixes)})")
        command.add_argument("file", metavar="BESTAND", type=Path)
        command.set_defaults(command=_load_delivered_file, source=source)

    report = commands.add_parser("coverage", parents=[common],
                                 help="per indicator, jaar en regioniveau: geladen, geen cijfer in de bron, of geen variabele in de tabel")
    report.add_argument("--format", choices=("tekst", "text", "csv"), default="tekst",
                        help="tekst (standaard) of csv (puntkomma's, UTF-8 met BOM, opent in Excel)")
    report.set_defaults(command=_coverage)

    manifest = commands.add_parser("manifest", parents=[common],
                                   help="markeer een zelfgemaakte of bewust aangepaste snapshotmap als handgemaakt")
    manifest.add_argument("directory", metavar="MAP", type=Path, help="de snapshotmap, bijv. data/raw/cbs/85984NED")
    manifest.set_defaults(command=_manifest)

    status = commands.add_parser("status", parents=[common], help="laadlog en aantallen rijen per tabel")
    status.set_defaults(command=_status)
    return parser


def _gemeente_code(text: str) -> str:
    code = text.strip().upper()
    if not GEMEENTE_CODE.match(code):
        raise argparse.ArgumentTypeError(f"verwacht een CBS-gemeentecode als GM0342, niet {text!r}")
    return code


def _api_url(text: str) -> str:
    if "{jaar}" not in text and "{year}" not in text:
        raise argparse.ArgumentTypeError(f"de URL moet {{jaar}} bevatten op de plaats van het jaar, bijv. "
                                         f"https://api.pdok.nl/cbs/wijken-en-buurten-{{jaar}}/ogc/v1; niet {text!r}")
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"verwacht een URL die met http:// of https:// begint, niet {text!r}")
    return text


def _years(text: str) -> tuple[int, ...]:
    """'2019-2024', '2022,2024' or '2023' → the years, sorted."""
    years: set[int] = set()
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            years.update(range(int(first), int(last or first) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"verwacht jaren als 2019-2024 of 2022,2024, niet {text!r}") from None
    if not years or min(years) < 1990 or max(years) > 2100:
        raise argparse.ArgumentTypeError(f"jaren buiten bereik: {text!r}")
    return tuple(sorted(years))


def _fetch_and_load(args) -> int:
    """`cbs`, `ggd`, `gmsd` … and `run`: collect every table first, then load them all in one atomic build.

    The whole command holds the warehouse's writer lock: two loads started together run one after the other.
    """
    configured = load_config(args.config)
    config = configured.for_gemeente(args.gemeente or configured.gemeente_code)
    specs = [spec for spec in registry.statline_sources(config) if args.sources is None or spec.code in args.sources]
    maps = [spec for spec in registry.geo_sources(config) if args.sources is None or spec.code in args.sources]
    if args.sources and not specs and not maps:
        raise MonitorError(f"de configuratie {configured.path} noemt bron {args.sources[0]} niet ([source.{args.sources[0]}]).")
    target = warehouse_path(args.warehouse)
    # Snapshots are filtered to one gemeente; another gemeente's must not overwrite the configured one's.
    raw_root = DEFAULT_RAW_DIR if config is configured else DEFAULT_RAW_DIR / config.gemeente_code
    # `run` also loads the partner workbooks and KIS exports; a single source's command only that source.
    delivered_files = delivered.files_for(config, args.raw_dir or raw_root) if args.sources is None else []
    progress = Progress(_expected_steps([*specs, *maps], args, len(delivered_files)))
    with exclusive_writer(target):
        check_not_held_elsewhere(target)  # refuse a warehouse that cannot be read before downloading anything
        tables = []
        for spec in specs:
            if args.raw_dir is None:
                snapshot_dir = raw_root / spec.subdirectory
            else:
                snapshot_dir = args.raw_dir / spec.subdirectory if args.sources is None else args.raw_dir
            request = refresh.Request(
                config=config, snapshot_dir=snapshot_dir, years=args.years,
                catalog_url=args.catalog_url, https=not args.http, offline=args.offline,
            )
            tables += refresh.collect(spec, request, progress)
        for spec in maps:  # the boundaries, after the figures and before the delivered files
            if args.raw_dir is None:
                snapshot_dir = raw_root / spec.subdirectory
            else:
                snapshot_dir = args.raw_dir / spec.subdirectory if args.sources is None else args.raw_dir
            request = refresh.Request(config=config, snapshot_dir=snapshot_dir, years=args.years, catalog_url=None,
                                      offline=args.offline, api_url=args.api_url)
            tables += refresh.collect_geo(spec, request, progress, only_available=args.sources is None)
        if args.strict:
            refresh.refuse_missing_variables(tables)
        tables += refresh.collect_delivered(target, config, delivered_files, tables, progress)
        rows = refresh.load_tables(target, config, tables, progress, rebuild=args.opnieuw)
    for table in tables:
        if table.boundaries is not None:
            levels = table.boundaries["level"]
            print(f"Wijk- en Buurtkaart {table.year}: {(levels == 'wijk').sum()} wijken, {(levels == 'buurt').sum()} "
                  "buurten geladen" + (" (voorbeeldvormen, fictief)" if table.is_demo else "") + ".")
    print(
        f"Warehouse {target} {'opnieuw opgebouwd' if args.opnieuw else 'bijgewerkt'} voor {config.gemeente_code}: "
        f"{len(tables)} tabel(len) en bestand(en), {rows} rijen in {progress.elapsed():.1f} s."
    )
    _print_coverage_summary(target)
    return 0


def _expected_steps(specs, args, delivered_files: int = 0) -> int | None:
    """Downloads plus loads, for the [i/n] progress lines; None when offline without --years (unknown)."""
    if args.offline and not args.years and any(not getattr(spec, "table", None) for spec in specs):
        return None
    tables = sum(1 if getattr(spec, "table", None) else len(_years_of(spec, args)) for spec in specs)
    return (tables if args.offline else 2 * tables) + 2 * delivered_files


def _years_of(spec, args) -> tuple[int, ...]:
    if isinstance(spec, GeoSpec):
        return refresh.geo_years(spec, args.years, only_available=args.sources is None)
    return args.years or spec.default_years() or ()


def _print_coverage_summary(target: Path) -> None:
    """The short coverage report every load ends with: what is missing, and why."""
    with open_for_reading(target) as con:
        report = queries.coverage_report(con)
    print()
    print("\n".join(coverage.summary_lines(report)))


def _load_delivered_file(args) -> int:
    """`partner FILE` and `kis FILE`: validate the whole file, then load it in one atomic build."""
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    progress = Progress(2)
    rows = refresh.load_delivered(target, config, [(args.source, args.file)], progress)
    print(f"{args.file.name} geladen in {target}: {rows} rijen in {progress.elapsed():.1f} s.")
    _print_coverage_summary(target)
    return 0


def _template(args) -> int:
    config = load_config(args.config)
    default = DEFAULT_FINANCIEN_TEMPLATE if args.financien else DEFAULT_TEMPLATE
    path = Path(args.path) if args.path is not None else default
    # The standard name is the empty template itself (`run` skips it): writing it again replaces nothing of value.
    if path.exists() and not args.overschrijven and path.name != default.name:
        raise MonitorError(f"{path} bestaat al; kies een andere naam of gebruik --overschrijven.")
    if args.financien:
        write_financien_template(path, config)
        print(f"Sjabloon voor de financiën geschreven: {path}")
        if "financien" not in config.sources:
            print(f"Let op: de configuratie {config.path.name} noemt nog geen [source.financien]; voeg die toe "
                  "voordat u de ingevulde werkmap laadt.")
        return 0
    wijken = refresh.wijk_names(warehouse_path(args.warehouse), config)
    write_template(path, config, wijken)
    print(f"Sjabloon geschreven: {path}")
    if not wijken:
        print(f"Let op: het warehouse kent nog geen wijken van {config.gemeente_name}; de wijkkeuzelijst bevat alleen "
              "de gemeente. Laad eerst CBS en schrijf het sjabloon opnieuw.")
    return 0


def _demo(args) -> int:
    """`demo`: a fresh warehouse from the demo data — never over real data, never over a file it cannot read."""
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    try:
        with exclusive_writer(target):
            real_sources = ", ".join(refresh.warehouse_state(target).real_sources)
            if real_sources and args.keep_real:
                print(f"Warehouse {target} bevat echte gegevens ({real_sources}); demodata niet opnieuw geladen.")
                return 0
            if real_sources:
                raise MonitorError(
                    f"{target} bevat echte gegevens ({real_sources}); `demo` zou die vervangen door fictieve cijfers. "
                    "Kies een ander --warehouse of verwijder het bestand eerst bewust."
                )
            summary = build_demo(target, config, args.raw_dir, strict=args.strict)
    except (WarehouseBusy, WarehouseUnreadable) as exc:
        if not args.keep_real:
            raise
        # make run: leave the file alone and start the dashboard, which says why it cannot show it.
        print(f"Let op: {exc} De demodata is niet geladen.", file=sys.stderr)
        return 0
    print(
        f"Warehouse {target} gebouwd uit demodata: {summary['tables']} tabellen en bestanden, "
        f"{summary['observations']} rijen in {summary['seconds']:.1f} s."
    )
    _print_coverage_summary(target)
    return 0


def ensure_warehouse(target: Path, config) -> bool:
    """Create the schema and load the config when the warehouse does not exist yet."""
    if target.exists():  # the usual case: no need to wait for a load that may be running
        return False
    with exclusive_writer(target):
        if target.exists():
            return False
        with building(target, from_scratch=True) as con:
            load_catalog(con, config, registry.load_hints(config))
        return True


def _open_for_reading(args, *, notes=None) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """The warehouse to report on, opened read-only; created with schema and catalogue when it does not exist yet."""
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    if ensure_warehouse(target, config):
        print(f"Warehouse {target} bestond niet; leeg aangemaakt met schema en configuratie.", file=notes or sys.stdout)
    return target, open_for_reading(target)


def _coverage(args) -> int:
    """`coverage`: the whole report, as text or as CSV for Excel."""
    target, con = _open_for_reading(args, notes=sys.stderr)  # stdout holds the report (a CSV for Excel)
    with con:
        if pending := queries.pending_migrations(con):
            raise MonitorError(f"het warehouse {target} heeft nog de indeling van een oudere versie van de monitor "
                               f"(nog niet toegepast: {', '.join(pending)}). Laad eerst één bron opnieuw, bijvoorbeeld "
                               "`python -m pipelines cbs --offline`: elke lading brengt het warehouse bij, zonder "
                               "gegevens te verliezen.")
        report = queries.coverage_report(con)
    if args.format == "csv":
        sys.stdout.buffer.write(csv_bytes(coverage.report_table(report)))
        return 0
    print("\n".join(coverage.full_lines(report)))
    print()
    print("\n".join(coverage.summary_lines(report, limit=1000)))
    return 0


def _manifest(args) -> int:
    """`manifest MAP`: vouch for a snapshot a person made or edited, so it can be loaded."""
    manifest = mark_hand_made(args.directory)
    print(f"Manifest geschreven: {shown(args.directory) / 'manifest.json'} ({len(manifest['files'])} bestanden, "
          "gemarkeerd als handgemaakt). De volgende lading vermeldt dat in het laadlog.")
    return 0


def _status(args) -> int:
    target, con = _open_for_reading(args)
    with con:
        info = queries.monitor_info(con)
        counts = queries.table_row_counts(con)
        log = queries.load_log(con)
    print(f"Warehouse: {target}")
    print(f"Gemeente:  {info.get('gemeente_name')} ({info.get('gemeente_code')})" + ("  — VOORBEELDDATA (fictief)" if info["is_demo"] else ""))
    print("\nRijen per tabel:")
    for table, count in counts.items():
        print(f"  {table:<12} {count:>9,}".replace(",", "."))
    print("\nLaadlog:")
    if log.is_empty():
        print("  (nog niets geladen)")
    for row in log.iter_rows(named=True):
        finished = row["finished_at"].strftime("%Y-%m-%d %H:%M") if row["finished_at"] else "-"
        demo = " demo" if row["is_demo"] else ""
        print(
            f"  #{row['load_id']:<3} {finished}  {row['source']:<8} {row['table_id'] or '':<9} {row['year'] or '':<5}"
            f" {row['status']:<8} {row['rows_loaded']:>7} rijen{demo}  {row['location']}  sha256 {str(row['sha256'])[:12]}…"
        )
        if row["message"]:
            print(f"       {row['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
