"""`pipelines demo`: build the warehouse from the bundled, fictional demo data in data/raw/demo.

The demo files are in the real source formats (per StatLine source
data/raw/demo/<subdirectory>/<table>/ as cbsodata saves them — cbs/, ggd/,
gmsd/ — a partner workbook in data/raw/demo/partners/, KIS exports in
data/raw/demo/kis/ and fictional wijk and buurt shapes in the format of the
Wijk- en Buurtkaart in data/raw/demo/geo/<edition>/) and go through the same
readers, manifest checks and load step as real data; only their own marks
(manifest, workbook keywords, export title line) say they are demo, which the
load_log keeps and the dashboard shows as a banner.
"""

from __future__ import annotations

from pathlib import Path

from monitor.config import MonitorConfig
from monitor.errors import SourceError
from monitor.paths import DEFAULT_RAW_DIR
from pipelines import delivered, registry
from pipelines.progress import Progress
from pipelines.refresh import edition_dirs, load_tables, refuse_missing_variables, snapshot_dirs
from pipelines.statline.reader import read_statline

DEFAULT_DEMO_DIR = DEFAULT_RAW_DIR / "demo"


def build_demo(warehouse: Path, config: MonitorConfig, raw_dir: Path = DEFAULT_DEMO_DIR, *, strict: bool = False) -> dict:
    """Build a fresh warehouse from the demo data and swap it in; returns a summary."""
    raw_dir = Path(raw_dir)
    directories = [(spec, d) for spec in registry.statline_sources(config) for d in snapshot_dirs(raw_dir / spec.subdirectory)]
    if not directories:
        raise SourceError(f"{raw_dir}: geen demodata gevonden (verwacht cbs/<tabel>/ en ggd/<tabel>/ met TableInfos.json).")
    files = delivered.files_for(config, raw_dir)
    # Shapes are optional in the demo: a config naming the Wijk- en Buurtkaart still builds without them.
    editions = [(spec, d) for spec in registry.geo_sources(config) for d in edition_dirs(raw_dir / spec.subdirectory)]
    progress = Progress(len(directories) + len(files) + len(editions) + 2)
    tables = [read_statline(directory, config, spec) for spec, directory in directories]
    tables += [spec.read(directory, config.gemeente_code) for spec, directory in editions]
    regions = delivered.region_index(config, *(table.regions for table in tables))
    tables += delivered.read_files(files, config, regions)
    delivered.check_no_duplicates(tables, {})
    not_demo = [str(table.directory) for table in tables if not table.is_demo]
    if not_demo:
        raise SourceError(f"{', '.join(not_demo)} in de demomap is niet als voorbeelddata gemarkeerd; haal het daar weg.")
    progress.step(f"{len(tables)} demobestanden gelezen met configuratie {config.path.name}")
    if strict:
        refuse_missing_variables(tables)
    rows = load_tables(warehouse, config, tables, progress, fresh=True)
    return {"tables": len(tables), "observations": rows, "seconds": progress.elapsed()}
