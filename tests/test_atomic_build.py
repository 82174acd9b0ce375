"""A build that fails midway leaves the previous warehouse byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

import warehouse.load
from pipelines.__main__ import main as pipelines_main

from conftest import CONFIG_FILE, DEMO_DIR


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(tmp_path, demo_warehouse):
    target = tmp_path / "monitor.duckdb"
    shutil.copy2(demo_warehouse, target)
    return target


def _leftovers(target) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


def test_corrupt_snapshot_is_refused_and_warehouse_unchanged(built, tmp_path, capsys):
    before = _sha(built)
    raw = tmp_path / "demo-kapot"
    shutil.copytree(DEMO_DIR, raw)
    newest = sorted((raw / "cbs").iterdir())[-1] / "TypedDataSet.json"
    newest.write_bytes(newest.read_bytes()[: newest.stat().st_size // 2])  # a download cut off halfway

    code = pipelines_main(["demo", "--warehouse", str(built), "--config", str(CONFIG_FILE), "--raw-dir", str(raw)])

    err = capsys.readouterr().err
    assert code == 1
    assert "TypedDataSet.json" in err and "Traceback" not in err
    refusals = [line for line in err.splitlines() if line.startswith("Fout:")]
    assert len(refusals) == 1 and "TypedDataSet.json" in refusals[0]
    assert _sha(built) == before
    assert _leftovers(built) == ["demo-kapot"]


def test_crash_midway_leaves_previous_warehouse(built, monkeypatch, capsys):
    before = _sha(built)
    calls = {"n": 0}
    real = warehouse.load.load_observations
    with duckdb.connect(str(built), read_only=True) as con:
        loads_before = con.execute("SELECT count(*) FROM load_log").fetchall()[0][0]

    def fail_on_third_table(con, frame, load_id):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("schijf vol")
        return real(con, frame, load_id)

    monkeypatch.setattr(warehouse.load, "load_observations", fail_on_third_table)
    code = pipelines_main(["demo", "--warehouse", str(built), "--config", str(CONFIG_FILE)])

    err = capsys.readouterr().err
    assert code == 2 and "schijf vol" in err and "Traceback" not in err
    assert _sha(built) == before
    assert _leftovers(built) == []
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_log").fetchall()[0][0] == loads_before


def test_status_creates_schema_and_catalog_when_warehouse_is_absent(tmp_path, capsys):
    target = tmp_path / "nieuw" / "monitor.duckdb"
    assert pipelines_main(["status", "--warehouse", str(target), "--config", str(CONFIG_FILE)]) == 0
    assert "leeg aangemaakt" in capsys.readouterr().out
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM opgave").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 0


def test_warehouse_path_from_environment(tmp_path, monkeypatch, capsys):
    target = tmp_path / "uit-omgeving.duckdb"
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(target))
    assert pipelines_main(["status", "--config", str(CONFIG_FILE)]) == 0
    assert target.exists()


def test_broken_config_gives_one_clear_refusal(tmp_path, capsys):
    config = tmp_path / "kapot.toml"
    config.write_text(CONFIG_FILE.read_text(encoding="utf-8").replace('code = "GM0342"', 'code = "Soest"'), encoding="utf-8")
    target = tmp_path / "monitor.duckdb"
    assert pipelines_main(["demo", "--warehouse", str(target), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "gemeente.code" in err and str(config) in err and "Traceback" not in err
    assert not target.exists()


def _mark_as_real_data(path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE load_log SET is_demo = false WHERE load_id = 1")


def test_demo_never_replaces_real_data(built, capsys):
    _mark_as_real_data(built)
    before = _sha(built)
    assert pipelines_main(["demo", "--warehouse", str(built), "--config", str(CONFIG_FILE)]) == 1
    assert "echte gegevens (cbs_kwb)" in capsys.readouterr().err
    assert pipelines_main(["demo", "--keep-real", "--warehouse", str(built), "--config", str(CONFIG_FILE)]) == 0
    assert "niet opnieuw geladen" in capsys.readouterr().out
    assert _sha(built) == before
