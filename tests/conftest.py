"""Shared fixtures: the real config, and a demo warehouse built once per test session through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.__main__ import main as pipelines_main
from pipelines.config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = PROJECT_ROOT / "data" / "raw" / "demo"
CONFIG_FILE = PROJECT_ROOT / "config" / "soest.toml"


@pytest.fixture(scope="session")
def config():
    return load_config(CONFIG_FILE)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """A warehouse built from the bundled demo data by `python -m pipelines demo`. Treat as read-only."""
    path = tmp_path_factory.mktemp("demo") / "monitor.duckdb"
    assert pipelines_main(["demo", "--warehouse", str(path), "--config", str(CONFIG_FILE)]) == 0
    return path
