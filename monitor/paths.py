"""Where the project's files live, and how a command-line value, an environment variable and a default combine."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "soest.toml"
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"


def path_setting(explicit: str | os.PathLike | None, environment_variable: str, default: Path) -> Path:
    """A file location: the command-line value, else the environment variable, else the default."""
    if explicit:
        return Path(explicit)
    if os.environ.get(environment_variable):
        return Path(os.environ[environment_variable])
    return default


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    """The config file to use: explicit argument, else $MONITOR_CONFIG, else config/soest.toml."""
    return path_setting(explicit, "MONITOR_CONFIG", DEFAULT_CONFIG)


def shown(path: Path) -> Path:
    """A path relative to the project when it lies inside it: shorter in messages and the load_log."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return Path(path)
