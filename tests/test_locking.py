"""One writer at a time, a warehouse that cannot be read is never "empty", and crashes leave nothing to clean.

Every case runs the real command line in real processes: a second process
holding the warehouse open read-write (as the duckdb CLI or DBeaver would),
two loads started at the same moment, builds and downloads killed with
SIGKILL at points spread over their run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

import statline_recordings as rec
from conftest import CONFIG_FILE, DEMO_DIR, PROJECT_ROOT, copy_as_real, copy_demo_editions
from partner_workbooks import good_sheets, sha256, write_workbook
from pipelines.__main__ import main as pipelines_main
from statline_server import statline_server  # noqa: F401 (fixture)

SOEST = "GM0342"


def command(*args: str, lock_wait_s: float = 0.5, **popen) -> subprocess.Popen:
    """`python -m pipelines …` in its own process, as an analyst starts it."""
    env = {**os.environ, "MONITOR_LOCK_WAIT_S": str(lock_wait_s), "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines", *args, "--config", str(CONFIG_FILE)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )


def finished(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def run(*args: str, lock_wait_s: float = 0.5) -> tuple[int, str, str]:
    return finished(command(*args, lock_wait_s=lock_wait_s))


HOLD_OPEN = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])          # read-write, as the duckdb CLI or DBeaver opens it
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def held_open(path: Path, seconds: float = 600) -> subprocess.Popen:
    """Another program with the warehouse open read-write, until killed or `seconds` have passed."""
    process = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(path), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    return process


def partner_rows(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute(
            "SELECT l.table_id, count(*) FROM observation o JOIN load_log l USING (load_id)"
            " WHERE l.source = 'partner' GROUP BY 1").fetchall())


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if re.search(r"\.(bouw|download|vorige)-\d+|\.lock$", p.name))


@pytest.fixture
def real(warehouse, tmp_path) -> Path:
    """The Soest warehouse (real CBS data) with a partner workbook loaded: what an analyst must never lose."""
    workbook = write_workbook(tmp_path / "leergeld.xlsx", good_sheets())
    assert pipelines_main(["partner", str(workbook), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]) == 0
    return warehouse


# --- a warehouse held open by another program -----------------------------------------


@pytest.mark.parametrize("args", [
    ["demo"],
    ["cbs", "--offline", "--years", "2024"],
    ["run", "--offline"],
    ["status"],
    ["coverage"],
    ["template"],
], ids=lambda args: " ".join(args))
def test_a_warehouse_open_in_another_program_is_refused_not_taken_for_empty(real, tmp_path, args):
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / "85984NED", raw / "cbs" / "85984NED")
    before = sha256(real)
    extra = {"cbs": ["--raw-dir", str(raw / "cbs")], "run": ["--raw-dir", str(raw)],
             "template": [str(tmp_path / "sjabloon.xlsx")]}.get(args[0], [])
    holder = held_open(real)
    try:
        code, _, err = run(*args, *extra, "--warehouse", str(real))
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert f"in gebruik door {sys.executable}" in err or "in gebruik door /" in err
    assert f"(PID {holder.pid})" in err and "probeer het straks opnieuw" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert sha256(real) == before
    assert partner_rows(real) == {"leergeld.xlsx": 3}


def test_make_run_starts_the_dashboard_without_touching_a_warehouse_it_cannot_read(real):
    """`make run` runs `demo --keep-real`: it leaves the file alone and says why, so the dashboard can still start."""
    before = sha256(real)
    holder = held_open(real)
    try:
        code, out, err = run("demo", "--keep-real", "--warehouse", str(real))
    finally:
        holder.kill()
        holder.wait()
    assert code == 0
    assert "in gebruik door" in err and "De demodata is niet geladen" in err
    assert sha256(real) == before


def test_a_damaged_warehouse_is_refused_never_rebuilt(tmp_path):
    damaged = tmp_path / "monitor.duckdb"
    damaged.write_bytes(b"dit was ooit een warehouse" * 1000)
    before = sha256(damaged)
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / "85984NED", raw / "85984NED")
    for args in (["cbs", "--offline", "--raw-dir", str(raw)], ["demo"], ["status"]):
        code, _, err = run(*args, "--warehouse", str(damaged))
        assert code == 1, args
        assert "kan niet worden gelezen" in err and "niet als leeg behandeld" in err and "Traceback" not in err
    code, _, err = run("demo", "--keep-real", "--warehouse", str(damaged))
    assert code == 0 and "kan niet worden gelezen" in err
    assert sha256(damaged) == before


def test_a_load_waits_for_the_other_program_within_the_bound(real, tmp_path):
    holder = held_open(real, seconds=1.5)
    workbook = write_workbook(tmp_path / "taalcafe.xlsx", _other_workbook())
    code, _, err = run("partner", str(workbook), "--warehouse", str(real), lock_wait_s=30)
    holder.wait()
    assert code == 0, err
    assert partner_rows(real) == {"leergeld.xlsx": 3, "taalcafe.xlsx": 1}


def test_a_write_ahead_log_left_by_a_crashed_writer_is_kept(real, tmp_path):
    """A program killed while it had written to the warehouse leaves a .wal: its changes survive the next build."""
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import os, sys, duckdb
        con = duckdb.connect(sys.argv[1])
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        con.execute("CREATE TABLE notitie_analist AS SELECT 'niet kwijtraken' AS tekst")
        os._exit(9)
    """), str(real)])
    assert crashed.returncode == 9 and real.with_name(real.name + ".wal").exists()
    workbook = write_workbook(tmp_path / "taalcafe.xlsx", _other_workbook())
    code, _, err = run("partner", str(workbook), "--warehouse", str(real))
    assert code == 0, err
    with duckdb.connect(str(real), read_only=True) as con:
        assert con.execute("SELECT tekst FROM notitie_analist").fetchall() == [("niet kwijtraken",)]
    assert not real.with_name(real.name + ".wal").exists()


# --- two loads at once -----------------------------------------------------------


def _other_workbook() -> dict[str, list[list]]:
    return {"Cijfers": [["indicator", "wijk", "jaar", "waarde"], ["aanvragen_leergeld", "Soest", 2023, 198]]}


def test_two_loads_started_together_both_land(warehouse, tmp_path):
    """Without one writer at a time, half of such trials lost one workbook's rows."""
    first = write_workbook(tmp_path / "leergeld.xlsx", good_sheets())
    second = write_workbook(tmp_path / "taalcafe.xlsx", _other_workbook())
    for trial in range(4):
        processes = [command("partner", str(path), "--warehouse", str(warehouse), lock_wait_s=60)
                     for path in ((first, second) if trial % 2 == 0 else (second, first))]
        results = [finished(process) for process in processes]
        assert [code for code, _, _ in results] == [0, 0], results
        assert partner_rows(warehouse) == {"leergeld.xlsx": 3, "taalcafe.xlsx": 1}, trial
    assert leftovers(warehouse.parent) == []


def test_a_second_writer_gives_up_after_the_bound_and_names_the_first(warehouse, tmp_path):
    from warehouse.access import exclusive_writer

    workbook = write_workbook(tmp_path / "taalcafe.xlsx", _other_workbook())
    before = sha256(warehouse)
    with exclusive_writer(warehouse, "python -m pipelines run"):
        started = time.monotonic()
        code, _, err = run("partner", str(workbook), "--warehouse", str(warehouse), lock_wait_s=1)
        waited = time.monotonic() - started
    assert code == 1 and waited >= 1
    assert re.search(rf"in gebruik door python -m pipelines run \(PID {os.getpid()}, sinds \d\d:\d\d:\d\d\); "
                     "sluit dat programma of probeer het straks opnieuw", err), err
    assert sha256(warehouse) == before


# --- rebuilding from scratch only when asked, and only complete --------------------


def test_a_load_keeps_what_other_sources_loaded(real, tmp_path):
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / "85984NED", raw / "85984NED")
    code, _, err = run("cbs", "--offline", "--raw-dir", str(raw), "--warehouse", str(real))
    assert code == 0, err
    assert partner_rows(real) == {"leergeld.xlsx": 3}


def test_opnieuw_refuses_a_rebuild_that_would_drop_sources(real, tmp_path):
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / "85984NED", raw / "85984NED")
    before = sha256(real)
    code, _, err = run("cbs", "--offline", "--opnieuw", "--raw-dir", str(raw), "--warehouse", str(real))
    assert code == 1
    assert "partner leergeld.xlsx" in err and "Er is niets gewijzigd" in err and "run --opnieuw" in err
    assert sha256(real) == before


def test_opnieuw_rebuilds_from_every_source_it_held(real, tmp_path):
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / "85984NED", raw / "cbs" / "85984NED")
    copy_as_real(DEMO_DIR / "ggd" / "50150NED", raw / "ggd" / "50150NED")
    copy_as_real(DEMO_DIR / "gmsd" / "85994NED", raw / "gmsd" / "85994NED")
    copy_as_real(DEMO_DIR / "iv3" / "45067NED", raw / "iv3" / "45067NED")
    copy_demo_editions(raw / "geo")
    write_workbook(raw / "partners" / "leergeld.xlsx", good_sheets())
    with duckdb.connect(str(real)) as con:  # a stale table the rebuild must drop
        con.execute("CREATE TABLE oud AS SELECT 1 AS weg")
    code, out, err = run("run", "--offline", "--opnieuw", "--raw-dir", str(raw), "--warehouse", str(real))
    assert code == 0, err
    assert "opnieuw opgebouwd" in out
    assert partner_rows(real) == {"leergeld.xlsx": 3}
    with duckdb.connect(str(real), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'oud'").fetchall() == [(0,)]


# --- crashes ---------------------------------------------------------------------


def test_builds_killed_at_any_point_leave_the_old_or_the_new_warehouse_and_nothing_else(real, tmp_path):
    workbook = write_workbook(tmp_path / "taalcafe.xlsx", _other_workbook())
    old = partner_rows(real)
    new = {**old, "taalcafe.xlsx": 1}
    trial = tmp_path / "proef" / "monitor.duckdb"
    trial.parent.mkdir()
    outcomes = []
    # Spread over start-up, reading, the build and the swap (a load takes about 2–4 s here).
    for delay in (0.3, 0.8, 1.2, 1.6, 1.9, 2.2, 2.5, 2.8, 3.2, 3.8):
        shutil.copy2(real, trial)
        process = command("partner", str(workbook), "--warehouse", str(trial))
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        rows = partner_rows(trial)  # it opens: the file is always a whole warehouse
        assert rows in (old, new), delay
        outcomes.append("nieuw" if rows == new else "oud")
    assert "oud" in outcomes, outcomes
    # The next command removes what the killed builds left behind (their working copies hold MBs each).
    shutil.copy2(real, trial)
    code, _, err = run("partner", str(workbook), "--warehouse", str(trial))
    assert code == 0, err
    assert partner_rows(trial) == new
    assert leftovers(trial.parent) == []


KILLED_BETWEEN_THE_RENAMES = textwrap.dedent("""
    import os, sys
    from pipelines import download
    from pipelines.__main__ import main

    real_replace = os.replace
    def replace_then_die(source, target):
        real_replace(source, target)
        if ".vorige-" in str(target):   # the old snapshot is set aside, the new one not yet in place
            os._exit(9)
    download.os.replace = replace_then_die
    sys.exit(main(sys.argv[1:]))
""")


def test_a_download_killed_between_the_renames_leaves_the_old_snapshot_in_place(statline_server, tmp_path):
    rec.serve_all(statline_server)
    table = rec.KWB_TABLES[2024]
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / table, raw / table)
    old_manifest = (raw / table / "manifest.json").read_bytes()
    target = tmp_path / "monitor.duckdb"
    args = ["cbs", "--years", "2024", "--raw-dir", str(raw), "--warehouse", str(target), "--config", str(CONFIG_FILE),
            "--catalog-url", statline_server.catalog_url, "--http"]
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_THE_RENAMES, *args], cwd=PROJECT_ROOT,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert not (raw / table).exists()  # the old snapshot set aside, the new one still in its staging folder
    assert sorted(p.name.split("-")[0] for p in raw.iterdir()) == [f".{table}.download", f".{table}.vorige"]
    # The next command puts the old snapshot back before it reads anything.
    code, _, err = run("cbs", "--offline", "--raw-dir", str(raw), "--warehouse", str(target))
    assert code == 0, err
    assert (raw / table / "manifest.json").read_bytes() == old_manifest
    assert leftovers(raw) == []


def test_downloads_killed_at_any_point_leave_an_old_or_new_snapshot(statline_server, tmp_path):
    rec.serve_all(statline_server)
    statline_server.page_size = 3  # many small requests: a download that takes a while
    table = rec.KWB_TABLES[2024]
    raw = tmp_path / "raw"
    copy_as_real(DEMO_DIR / "cbs" / table, raw / table)
    target = tmp_path / "monitor.duckdb"
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.5):
        process = command("cbs", "--years", "2024", "--raw-dir", str(raw), "--warehouse", str(target),
                          "--catalog-url", statline_server.catalog_url, "--http")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert (raw / table / "manifest.json").exists() or any(p.name.startswith(f".{table}.vorige-") for p in raw.iterdir())
    code, _, err = run("cbs", "--offline", "--raw-dir", str(raw), "--warehouse", str(target))
    assert code == 0, err
    assert sorted(p.name for p in raw.iterdir()) == [table]
    assert leftovers(tmp_path) == []
