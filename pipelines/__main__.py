"""Command line: `python -m pipelines <command>`.

Exit codes: 0 success, 1 a problem with the input or configuration (one clear
line on stderr), 2 an unexpected error (details with --debug).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines import delivered, refresh
from monitor.config import GEMEENTE_CODE
from pipelines.config import load_config
from pipelines.demo import DEFAULT_DEMO_DIR, build_demo
from monitor.errors import MonitorError
from pipelines.sources.partner.template import write_template
from pipelines.progress import Progress
from warehouse import queries
from warehouse.build import building, connect_readonly
from warehouse.load import load_catalog
from warehouse.location import warehouse_path


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except MonitorError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        if args.debug:
            raise
        return 1
    except KeyboardInterrupt:
        print("Afgebroken; het warehouse is ongewijzigd.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a traceback for users
        if args.debug:
            raise
        print(
            f"Onverwachte fout ({type(exc).__name__}): {exc}. Het warehouse is ongewijzigd; "
            "draai opnieuw met --debug voor details.",
            file=sys.stderr,
        )
        return 2


DEFAULT_TEMPLATE = refresh.DEFAULT_RAW_DIR / delivered.PARTNER.subdirectory / delivered.TEMPLATE_NAME


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--warehouse", metavar="PAD", help="DuckDB-bestand (standaard $MONITOR_WAREHOUSE of data/processed/monitor.duckdb)")
    common.add_argument("--config", metavar="PAD", help="gemeenteconfiguratie (standaard $MONITOR_CONFIG of config/soest.toml)")
    common.add_argument("--debug", action="store_true", help="toon bij een fout de volledige traceback")

    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Monitor Sociaal Domein: bronnen laden in het warehouse.")
    commands = parser.add_subparsers(title="opdrachten", required=True, metavar="OPDRACHT")

    demo = commands.add_parser("demo", parents=[common], help="bouw het warehouse opnieuw uit de meegeleverde (fictieve) demodata")
    demo.add_argument("--raw-dir", metavar="MAP", type=Path, default=DEFAULT_DEMO_DIR, help="map met de demodata (standaard data/raw/demo)")
    demo.add_argument(
        "--keep-real", action="store_true",
        help="laat een warehouse met echte (niet-demo) gegevens ongemoeid in plaats van te weigeren (gebruikt door make run)",
    )
    demo.set_defaults(command=_demo)

    fetching = argparse.ArgumentParser(add_help=False)
    fetching.add_argument("--gemeente", metavar="GMxxxx", type=_gemeente_code, help="CBS-gemeentecode (standaard die uit de configuratie)")
    fetching.add_argument("--years", metavar="JAREN", type=_years, help="bijv. 2019-2024 of 2022,2024 (CBS standaard 2019 t/m de nieuwste bekende jaargang; GGD alle meetjaren)")
    fetching.add_argument("--catalog-url", metavar="HOST[:POORT]", help="OData-catalogus, bijv. een mirror of proxy (standaard opendata.cbs.nl voor CBS, dataderden.cbs.nl voor de GGD-monitor)")
    fetching.add_argument("--http", action="store_true", help="gebruik http in plaats van https (voor een lokale mirror of testserver)")
    fetching.add_argument("--offline", action="store_true", help="niets downloaden: laad de opgeslagen snapshots")

    for source, name, what in (
        (refresh.KWB, "cbs", "download en laad CBS Kerncijfers wijken en buurten"),
        (refresh.GGD, "ggd", "download en laad de GGD-monitor per wijk en buurt (RIVM-tabel 50150NED)"),
    ):
        command = commands.add_parser(name, parents=[common, fetching], help=what)
        command.add_argument(
            "--raw-dir", metavar="MAP", type=Path,
            help=f"map voor de snapshots, één submap per tabel (standaard data/raw/{source.subdirectory}; "
            f"voor een andere gemeente dan in de configuratie data/raw/<GMxxxx>/{source.subdirectory})",
        )
        command.set_defaults(command=_fetch_and_load, sources=(source,))

    run = commands.add_parser("run", parents=[common, fetching], help="alle bronnen uit de configuratie, op volgorde")
    run.add_argument("--raw-dir", metavar="MAP", type=Path,
                     help="map met per bron een submap cbs/, ggd/, partners/ en kis/ (standaard data/raw, of "
                     "data/raw/<GMxxxx> voor een andere gemeente dan in de configuratie)")
    run.set_defaults(command=_fetch_and_load, sources=None)

    template = commands.add_parser("template", parents=[common], help="schrijf het invulsjabloon voor partners (Excel)")
    template.add_argument("path", nargs="?", metavar="PAD", type=Path, default=DEFAULT_TEMPLATE,
                          help=f"waar het sjabloon komt (standaard data/raw/partners/{delivered.TEMPLATE_NAME})")
    template.add_argument("--overschrijven", action="store_true", help="vervang een bestaand bestand op PAD")
    template.set_defaults(command=_template)

    for source, name, what in (
        (delivered.PARTNER, "partner", "controleer en laad één ingevulde partnerwerkmap (.xlsx)"),
        (delivered.KIS, "kis", "controleer en laad één export van de KIS-wijkmonitor (.xlsx of .csv)"),
    ):
        command = commands.add_parser(name, parents=[common], help=what)
        command.add_argument("file", metavar="BESTAND", type=Path)
        command.set_defaults(command=_load_delivered_file, source=source)

    status = commands.add_parser("status", parents=[common], help="laadlog en aantallen rijen per tabel")
    status.set_defaults(command=_status)
    return parser


def _gemeente_code(text: str) -> str:
    code = text.strip().upper()
    if not GEMEENTE_CODE.match(code):
        raise argparse.ArgumentTypeError(f"verwacht een CBS-gemeentecode als GM0342, niet {text!r}")
    return code


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
    """`cbs`, `ggd` and `run`: collect every table first, then load them all in one atomic build."""
    configured = load_config(args.config)
    config = configured.for_gemeente(args.gemeente or configured.gemeente_code)
    sources = args.sources or tuple(s for s in refresh.SOURCES if s.code in config.sources)
    target = warehouse_path(args.warehouse)
    # Snapshots are filtered to one gemeente; another gemeente's must not overwrite the configured one's.
    raw_root = refresh.DEFAULT_RAW_DIR if config is configured else refresh.DEFAULT_RAW_DIR / config.gemeente_code
    # `run` also loads the partner workbooks and KIS exports; `cbs` and `ggd` only their own source.
    delivered_files = delivered.files_for(config, args.raw_dir or raw_root) if args.sources is None else []
    progress = Progress(_expected_steps(sources, args, len(delivered_files)))
    tables = []
    for source in sources:
        if args.raw_dir is None:
            snapshot_dir = raw_root / source.subdirectory
        else:
            snapshot_dir = args.raw_dir / source.subdirectory if args.sources is None else args.raw_dir
        request = refresh.Request(
            config=config, snapshot_dir=snapshot_dir, years=args.years,
            catalog_url=args.catalog_url, https=not args.http, offline=args.offline,
        )
        tables += refresh.collect(source, request, progress)
    tables += refresh.collect_delivered(target, config, delivered_files, tables, progress)
    rows = refresh.load_tables(target, config, tables, progress)
    print(
        f"Warehouse {target} bijgewerkt voor {config.gemeente_code}: {len(tables)} tabel(len) en bestand(en), "
        f"{rows} rijen in {progress.elapsed():.1f} s."
    )
    return 0


def _expected_steps(sources, args, delivered_files: int = 0) -> int | None:
    """Downloads plus loads, for the [i/n] progress lines; None when offline without --years (unknown)."""
    if args.offline and not args.years and refresh.KWB in sources:
        return None
    per_source = {refresh.KWB: len(args.years or refresh.DEFAULT_KWB_YEARS), refresh.GGD: 1}
    tables = sum(per_source[source] for source in sources)
    return (tables if args.offline else 2 * tables) + 2 * delivered_files


def _load_delivered_file(args) -> int:
    """`partner FILE` and `kis FILE`: validate the whole file, then load it in one atomic build."""
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    progress = Progress(2)
    rows = refresh.load_delivered(target, config, [(args.source, args.file)], progress)
    print(f"{args.file.name} geladen in {target}: {rows} rijen in {progress.elapsed():.1f} s.")
    return 0


def _template(args) -> int:
    config = load_config(args.config)
    path = Path(args.path)
    if path.exists() and not args.overschrijven and path.name != delivered.TEMPLATE_NAME:
        raise MonitorError(f"{path} bestaat al; kies een andere naam of gebruik --overschrijven.")
    wijken = refresh.wijk_names(warehouse_path(args.warehouse), config)
    write_template(path, config, wijken)
    print(f"Sjabloon geschreven: {path}")
    if not wijken:
        print(f"Let op: het warehouse kent nog geen wijken van {config.gemeente_name}; de wijkkeuzelijst bevat alleen "
              "de gemeente. Laad eerst CBS en schrijf het sjabloon opnieuw.")
    return 0


def _demo(args) -> int:
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    real_sources = ", ".join(refresh.warehouse_state(target).real_sources)
    if real_sources and args.keep_real:
        print(f"Warehouse {target} bevat echte gegevens ({real_sources}); demodata niet opnieuw geladen.")
        return 0
    if real_sources:
        raise MonitorError(
            f"{target} bevat echte gegevens ({real_sources}); `demo` zou die vervangen door fictieve cijfers. "
            "Kies een ander --warehouse of verwijder het bestand eerst bewust."
        )
    summary = build_demo(target, config, args.raw_dir)
    print(
        f"Warehouse {target} gebouwd uit demodata: {summary['tables']} tabellen en bestanden, "
        f"{summary['observations']} rijen in {summary['seconds']:.1f} s."
    )
    return 0


def ensure_warehouse(target: Path, config) -> bool:
    """Create the schema and load the config when the warehouse does not exist yet."""
    if target.exists():
        return False
    with building(target, from_scratch=True) as con:
        load_catalog(con, config)
    return True


def _status(args) -> int:
    config = load_config(args.config)
    target = warehouse_path(args.warehouse)
    if ensure_warehouse(target, config):
        print(f"Warehouse {target} bestond niet; leeg aangemaakt met schema en configuratie.")
    try:
        con = connect_readonly(target)
    except duckdb.Error as exc:
        raise MonitorError(f"{target}: kan het warehouse niet openen ({exc}).") from None
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
