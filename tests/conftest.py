"""Shared fixtures: the real config, a demo warehouse built once per test session, no internet, a fixed today.

No test may touch the internet: every outgoing connection to anything but
this machine's loopback fails loudly, so a test that would reach
opendata.cbs.nl by mistake fails here instead of hanging or passing by luck.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
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


_connect = socket.socket.connect


def _loopback_only(sock: socket.socket, address) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise ConnectionRefusedError(f"test probeerde {host} te bereiken; tests gebruiken alleen 127.0.0.1")
    return _connect(sock, address)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


# Rules that count from today (a figure older than two years is a gap; a partner may report up to next year)
# read monitor.clock. Every test runs on this fixed day, so no test depends on the date it runs; a test about
# such a rule sets its own day. `MONITOR_TODAY=2027-03-01 make test` does NOT move it: the suite is the same
# whatever the machine's clock says, which is the point.
TODAY = "2026-06-15"


@pytest.fixture(scope="session", autouse=True)
def fixed_today():
    """Session-wide (session fixtures such as the demo warehouse read partner workbooks, whose year rule uses it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MONITOR_TODAY", TODAY)
        yield TODAY


@pytest.fixture(scope="session")
def soest_warehouse(tmp_path_factory) -> Path:
    """A warehouse with Soest's wijken loaded as real data (not demo) by `cbs --offline`. Copy it before changing it.

    The snapshot is the demo's 2024 KWB table with its demo mark removed: the
    real snapshot format through the real loader, with all 8 wijken.
    """
    root = tmp_path_factory.mktemp("soest")
    snapshot = copy_as_real(DEMO_DIR / "cbs" / "85984NED", root / "raw" / "cbs" / "85984NED")
    copy_as_real(DEMO_DIR / "ggd" / "50150NED", root / "raw" / "ggd" / "50150NED")  # for `run --offline`
    copy_as_real(DEMO_DIR / "gmsd" / "85994NED", root / "raw" / "gmsd" / "85994NED")
    copy_as_real(DEMO_DIR / "iv3" / "45067NED", root / "raw" / "iv3" / "45067NED")
    copy_demo_editions(root / "raw" / "geo")
    warehouse = root / "monitor.duckdb"
    args = ["cbs", "--offline", "--years", "2024", "--raw-dir", str(snapshot.parent), "--warehouse", str(warehouse),
            "--config", str(CONFIG_FILE)]
    assert pipelines_main(args) == 0
    return warehouse


def copy_as_real(snapshot: Path, target: Path) -> Path:
    """A copy of a demo snapshot without its demo mark in the manifest."""
    shutil.copytree(snapshot, target)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    (target / "manifest.json").write_text(json.dumps({**manifest, "demo": False}), encoding="utf-8")
    return target


def copy_demo_editions(target: Path) -> Path:
    """The demo's Wijk- en Buurtkaart editions (data/raw/demo/geo/) as real snapshots: `run --offline` loads the
    map too when the config names [source.cbs_wijkbuurtkaart]."""
    for edition in sorted(path for path in (DEMO_DIR / "geo").iterdir() if path.is_dir()):
        copy_as_real(edition, target / edition.name)
    return target


@pytest.fixture
def warehouse(soest_warehouse, tmp_path) -> Path:
    """A private copy of the Soest warehouse for one test."""
    copy = tmp_path / "monitor.duckdb"
    shutil.copy2(soest_warehouse, copy)
    return copy


@pytest.fixture
def downloads(monkeypatch):
    """The files behind the download buttons a page registers: an app_pages.DownloadRecorder.

    Look a file up by the button's deferred file id (`downloads[button.proto.deferred_file_id]` gives
    (file name, callable)) or by file name (`downloads.by_name("soest_laadlog.csv")` gives the callable).
    """
    from app_pages import DownloadRecorder  # imports streamlit: only for the tests that ask for downloads

    return DownloadRecorder().install(monkeypatch)


# --- doelenboom and progress (issue 14) ---------------------------------------------------------------------------

# The demo warehouse made into a deeper doelenboom with streefwaarden, whatever config/soest.toml sets: a resultaat
# above every opgave, a subdoel under 'volwassenen_vitaal', rokers moved to that subdoel, eenzaam (Mentale
# weerbaarheid) also under 'volwassenen_vitaal' (Gezonde leefstijl), and targets for one case of each progress label.
# With the demo's figures: ervaren_gezondheid achter (2024 77,9 [76,8–78,9], path to 82 in 2028), beweegrichtlijn
# binnen de marge (57,1 [55,8–58,3], expected 57,9), rokers achter (13,6 [12,7–14,6], expected 12,3), eenzaam op
# koers (46,4 [44,9–47,8] against 50,0 on the path from an explicit 52 in 2020 to 49 in 2026), overgewicht nog geen
# meting (nulmeting year 2025 has no figure). Bestaanszekerheid has no targets at all.
DOELENBOOM_SQL = (
    "DELETE FROM goal_level",
    "INSERT INTO goal_level VALUES (1, 'resultaat'), (2, 'opgave'), (3, 'doel'), (4, 'subdoel')",
    "DELETE FROM goal_node",
    "INSERT INTO goal_node VALUES ('zelfredzaam', 'resultaat', 'Inwoners zijn zelfredzaam en doen mee', NULL, 1)",
    "UPDATE opgave SET parent_code = 'zelfredzaam'",
    "INSERT INTO goal (goal_code, opgave_code, text, sort_order, needs_source, parent_code, level, depth, tree_order)"
    " VALUES ('ouderen_rookvrij', 'leefstijl', 'Minder volwassenen roken', 1, NULL, 'volwassenen_vitaal',"
    " 'subdoel', 2, 99)",
    "DELETE FROM indicator_goal WHERE indicator_code = 'rokers'",
    "INSERT INTO indicator_goal VALUES ('rokers', 'ouderen_rookvrij', 1)",
    "UPDATE indicator SET goal_code = 'ouderen_rookvrij' WHERE indicator_code = 'rokers'",
    "INSERT OR IGNORE INTO indicator_goal VALUES ('eenzaam', 'volwassenen_vitaal', 2)",
    "DELETE FROM indicator_target",
    "INSERT INTO indicator_target VALUES"
    " ('ervaren_gezondheid', 2016, NULL, NULL, 82, 2028, 'Uitvoeringsplan 2026', 'Meer inwoners voelen zich gezond'),"
    " ('beweegrichtlijn', 2016, NULL, NULL, 60, 2028, 'Uitvoeringsplan 2026', NULL),"
    " ('rokers', 2016, NULL, NULL, 10, 2028, 'Uitvoeringsplan 2026', NULL),"
    " ('eenzaam', 2020, 52, 'Eigen enquête 2020', 49, 2026, 'Uitvoeringsplan 2026', NULL),"
    " ('overgewicht', 2025, NULL, NULL, 40, 2030, 'Uitvoeringsplan 2026', NULL)",
)


@pytest.fixture(scope="session")
def doelenboom_warehouse(demo_warehouse, tmp_path_factory) -> Path:
    """A copy of the demo warehouse with DOELENBOOM_SQL applied: three levels of goals and streefwaarden. Read-only."""
    import duckdb

    path = tmp_path_factory.mktemp("doelenboom") / "monitor.duckdb"
    shutil.copy2(demo_warehouse, path)
    with duckdb.connect(str(path)) as con:
        for statement in DOELENBOOM_SQL:
            con.execute(statement)
    return path
