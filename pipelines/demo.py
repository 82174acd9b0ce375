"""`pipelines demo`: build the warehouse from the bundled, fictional demo data in data/raw/demo.

The demo files are in the real source formats and go through the same loaders
as real snapshots; only the load_log marks them as demo, which makes the
dashboard show its "Voorbeelddata" banner.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.cbs_kwb import SOURCE_CODE, read_kwb_table
from pipelines.config import PROJECT_ROOT, MonitorConfig
from pipelines.errors import SourceError
from pipelines.progress import Progress
from warehouse.build import building
from warehouse.load import finish_load, load_catalog, load_observations, start_load, upsert_regions

DEFAULT_DEMO_DIR = PROJECT_ROOT / "data" / "raw" / "demo"


def kwb_snapshot_dirs(raw_dir: Path) -> list[Path]:
    """Every Kerncijfers snapshot directory under raw_dir/cbs/<table_id>/."""
    return sorted(path.parent for path in (raw_dir / "cbs").glob("*/TableInfos.json"))


def build_demo(warehouse: Path, config: MonitorConfig, raw_dir: Path = DEFAULT_DEMO_DIR) -> dict:
    """Build a fresh warehouse from the demo data and swap it in; returns a summary."""
    directories = kwb_snapshot_dirs(raw_dir)
    if not directories:
        raise SourceError(f"{raw_dir}: geen demodata gevonden (verwacht cbs/<tabel>/TableInfos.json).")
    progress = Progress(len(directories) + 1)
    summary = {"tables": 0, "observations": 0}
    with building(warehouse, from_scratch=True) as con:
        load_catalog(con, config)
        progress.step(f"configuratie {config.path.name}: {len(config.opgaven)} opgaven, {len(config.indicators)} indicatoren")
        for directory in directories:
            table = read_kwb_table(directory, config)
            load_id = start_load(
                con,
                source=SOURCE_CODE,
                location=str(_relative(directory)),
                sha256=table.sha256,
                is_demo=True,
                table_id=table.table_id,
                year=table.year,
            )
            upsert_regions(con, table.regions)
            rows = load_observations(con, table.observations, load_id)
            note = f"niet in deze tabel: {', '.join(table.missing_stems)}" if table.missing_stems else None
            finish_load(con, load_id, rows_loaded=rows, message=note)
            summary["tables"] += 1
            summary["observations"] += rows
            progress.step(f"CBS {table.table_id} ({table.year}): {table.regions.height} regio's, {rows} waarnemingen")
    summary["seconds"] = progress.elapsed()
    return summary


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return path
