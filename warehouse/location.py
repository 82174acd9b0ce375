"""Where the warehouse file lives: --warehouse, else $MONITOR_WAREHOUSE, else data/processed/."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "processed" / "monitor.duckdb"


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """The warehouse file to use; an explicit path wins over the environment and the default."""
    if explicit:
        return Path(explicit)
    if os.environ.get("MONITOR_WAREHOUSE"):
        return Path(os.environ["MONITOR_WAREHOUSE"])
    return DEFAULT_WAREHOUSE
