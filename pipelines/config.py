"""Loading the gemeente configuration for the pipelines: the file named on the command line or in the environment,
validated against the sources the registry knows."""

from __future__ import annotations

import os

from monitor.config import MonitorConfig, read_config
from monitor.paths import config_path
from pipelines import registry


def load_config(path: str | os.PathLike | None = None) -> MonitorConfig:
    """Read and validate a gemeente configuration (explicit path, else $MONITOR_CONFIG, else config/soest.toml)."""
    return read_config(config_path(path), registry.source_kinds())
