"""`pipelines demo`: build the warehouse from the bundled, fictional demo data in data/raw/demo.

The demo files are in the real source formats (data/raw/demo/cbs/<table>/ and
data/raw/demo/ggd/<table>/, as cbsodata saves them) and go through the same
readers and load step as real snapshots; only their manifest marks them as
demo, which the load_log keeps and the dashboard shows as a banner.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.config import MonitorConfig
from pipelines.errors import SourceError
from pipelines.progress import Progress
from pipelines.refresh import DEFAULT_RAW_DIR, SOURCES, load_tables, snapshot_dirs

DEFAULT_DEMO_DIR = DEFAULT_RAW_DIR / "demo"


def build_demo(warehouse: Path, config: MonitorConfig, raw_dir: Path = DEFAULT_DEMO_DIR) -> dict:
    """Build a fresh warehouse from the demo data and swap it in; returns a summary."""
    directories = [(source, d) for source in SOURCES for d in snapshot_dirs(Path(raw_dir) / source.subdirectory)]
    if not directories:
        raise SourceError(f"{raw_dir}: geen demodata gevonden (verwacht cbs/<tabel>/ en ggd/<tabel>/ met TableInfos.json).")
    progress = Progress(len(directories) + 1)
    tables = [source.read(directory, config) for source, directory in directories]
    progress.step(f"{len(tables)} demotabellen gelezen met configuratie {config.path.name}")
    observations = load_tables(warehouse, config, tables, progress, fresh=True)
    return {"tables": len(tables), "observations": observations, "seconds": progress.elapsed()}
