"""Where the warehouse file lives: --warehouse, else $MONITOR_WAREHOUSE, else data/processed/."""

from __future__ import annotations

import os
from pathlib import Path

from monitor.paths import PROJECT_ROOT, path_setting

DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "processed" / "monitor.duckdb"


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """The warehouse file to use; an explicit path wins over the environment and the default."""
    return path_setting(explicit, "MONITOR_WAREHOUSE", DEFAULT_WAREHOUSE)
