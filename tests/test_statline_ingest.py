"""`python -m pipelines cbs|ggd|run` against a real HTTP server on 127.0.0.1 speaking CBS OData.

The real cbsodata client downloads from tests/statline_server.py, which serves
the recordings in tests/statline_recordings.py, ignores $filter (so a second
gemeente comes back), pages every few rows and fails on request. Nothing here
touches the internet.
"""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest
import requests

import statline_recordings as rec
from conftest import CONFIG_FILE, DEMO_DIR
from pipelines import download, refresh
from pipelines.__main__ import main as pipelines_main
from pipelines.download import RetryPolicy
from monitor.errors import SourceError
from pipelines.statline import open_snapshot
from statline_server import Fault, statline_server  # noqa: F401 (fixture)

KWB_2022, KWB_2023, KWB_2026 = rec.KWB_TABLES[2022], rec.KWB_TABLES[2023], rec.KWB_TABLES[2026]


@pytest.fixture
def server(statline_server):
    statline_server.page_size = 5  # every data set and code list spans several pages
    rec.serve_all(statline_server)
    return statline_server


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """The real policy pauses 2, 4, 8 s; the same logic with short pauses keeps the suite fast."""
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=4, first_pause=0.01, request_timeout=1.0, budget=20))


@pytest.fixture
def paths(tmp_path):
    return {"warehouse": tmp_path / "monitor.duckdb", "raw": tmp_path / "raw"}


def run(command, server, paths, *extra, capsys=None):
    raw_dir = {"run": paths["raw"], "cbs": paths["raw"] / "cbs", "ggd": paths["raw"] / "ggd"}[command]
    args = [command, "--warehouse", str(paths["warehouse"]), "--config", str(CONFIG_FILE), "--raw-dir", str(raw_dir)]
    if server is not None:
        args += ["--catalog-url", server.catalog_url, "--http"]
    code = pipelines_main(args + list(extra))
    return (code, capsys.readouterr()) if capsys else code


def figure(warehouse, indicator, region, year, breakdown="totaal"):
    """(value, status, ci_low, ci_high) of one observation, or None when there is no row."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT value, status, ci_low, ci_high FROM observation"
            " WHERE indicator_code = ? AND region_code = ? AND year = ? AND breakdown = ?",
            [indicator, region, year, breakdown],
        ).fetchall()
    return rows[0] if rows else None


def observations(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT indicator_code, region_code, year, breakdown, value, status, ci_low, ci_high FROM observation ORDER BY ALL"
        ).fetchall()


def scalar(warehouse, sql, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()[0][0]


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- CBS Kerncijfers -------------------------------------------------------------------


def test_cbs_downloads_each_year_and_loads_soest_only(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2023") == 0
    warehouse = paths["warehouse"]
    expected = rec.EXPECTED

    for year in (2022, 2023):
        for region in ("GM0342", "WK034201", "NL00"):
            assert figure(warehouse, "inwoners", region, year)[:2] == (expected[("AantalInwoners", region, year)], "definitief")
        # HuishoudensTotaal is _13 in 2022 and _14 in 2023: one indicator all the same.
        assert figure(warehouse, "huishoudens", "WK034202", year)[0] == expected[("HuishoudensTotaal", "WK034202", year)]
    assert figure(warehouse, "laag_inkomen", "GM0342", 2022)[0] == expected[("HuishoudensMetEenLaagInkomen", "GM0342", 2022)]
    assert figure(warehouse, "bijstand_per_1000", "GM0342", 2022)[0] == pytest.approx(700 / 47_095 * 1000)
    assert figure(warehouse, "wmo_per_1000", "WK034202", 2023)[0] == 78.5

    # The server ignored $filter and sent Utrecht too: none of it is loaded.
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE region_code LIKE '%0344%'") == 0
    assert scalar(warehouse, "SELECT count(*) FROM region WHERE region_code LIKE '%0344%'") == 0


def test_nulls_stay_null_and_an_absent_variable_is_absent(server, paths):
    assert run("cbs", server, paths, "--years", "2022,2023") == 0
    warehouse = paths["warehouse"]
    assert figure(warehouse, "laag_inkomen", "BU03420201", 2022) == (None, "ontbreekt", None, None)
    assert figure(warehouse, "laag_inkomen", "GM0342", 2023) == (None, "ontbreekt", None, None)
    # HuishoudensTot120VanSociaalMinimum is not in the 2022 table at all: no rows, not zeros.
    assert figure(warehouse, "tot_120_sociaal_minimum", "GM0342", 2022) is None
    assert figure(warehouse, "tot_120_sociaal_minimum", "GM0342", 2023) == (None, "ontbreekt", None, None)
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE value = 0") == 0
    note = scalar(warehouse, "SELECT message FROM load_log WHERE table_id = ?", [KWB_2022])
    assert "HuishoudensTot120VanSociaalMinimum" in note


def test_regions_are_named_from_the_code_list_trimmed_with_hierarchy_from_the_code(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2023") == 0
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        regions = {row[0]: row[1:] for row in con.execute(
            "SELECT region_code, name, level, parent_code, gemeente_code FROM region").fetchall()}
    assert set(regions) == {"NL00", *rec.SOEST_REGIONS}
    assert regions["BU03420202"] == ("Hart van Soest", "buurt", "WK034202", "GM0342")
    assert regions["WK034201"][:3] == ("Boerenstreek", "wijk", "GM0342")
    assert regions["NL00"] == ("Nederland", "land", None, None)


def test_snapshot_is_saved_in_cbsodata_layout_with_a_manifest(server, paths):
    assert run("cbs", server, paths, "--years", "2023") == 0
    directory = paths["raw"] / "cbs" / KWB_2023
    names = {path.name for path in directory.iterdir()}
    assert {"TableInfos.json", "DataProperties.json", "TypedDataSet.json", "WijkenEnBuurten.json", "manifest.json"} <= names
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["table_id"] == KWB_2023 and manifest["catalog_url"] == server.catalog_url
    assert manifest["source"] == "cbs_kwb" and manifest["demo"] is False
    assert "startswith(WijkenEnBuurten,'WK0342')" in manifest["filter"]
    assert manifest["retrieved_at"].endswith("Z")
    for name, digest in manifest["files"].items():
        assert sha(directory / name) == digest
    # All rows of every page, as the server sent them (Utrecht included: the filter is ours to apply).
    rows = json.loads((directory / "TypedDataSet.json").read_text(encoding="utf-8"))
    assert len(rows) == len(rec.kwb_files(2023)["TypedDataSet"])
    assert any("$skiptoken" in request for request in server.requests)
    assert not [p for p in (paths["raw"] / "cbs").iterdir() if p.name.startswith(".")]  # no staging left behind


def test_an_unknown_year_is_found_in_the_catalog(server, paths, capsys):
    code, out = run("cbs", server, paths, "--years", "2026", capsys=capsys)
    assert code == 0, out.err
    assert any("ODataCatalog/Tables" in request for request in server.requests)
    assert figure(paths["warehouse"], "inwoners", "GM0342", 2026) == (47_945, "voorlopig", None, None)
    assert scalar(paths["warehouse"], "SELECT table_id FROM load_log") == KWB_2026


def test_a_year_the_catalog_does_not_know_is_a_clear_refusal(server, paths, capsys):
    code, out = run("cbs", server, paths, "--years", "2030", capsys=capsys)
    assert code == 1
    assert "Fout: Geen tabel 'Kerncijfers wijken en buurten' voor 2030" in out.err
    assert "Traceback" not in out.err
    assert not paths["warehouse"].exists()


# --- Faults ----------------------------------------------------------------------------


def test_a_server_that_fails_twice_then_answers_is_retried(server, paths, capsys):
    server.faults = [Fault(f"{KWB_2023}/TypedDataSet", "status", times=2, status=500)]
    code, out = run("cbs", server, paths, "--years", "2023", capsys=capsys)
    assert code == 0, out.err
    assert out.err.count("poging") == 2 and "HTTP 500" in out.err
    assert figure(paths["warehouse"], "inwoners", "GM0342", 2023)[0] == rec.EXPECTED[("AantalInwoners", "GM0342", 2023)]


@pytest.mark.parametrize("kind", ["truncate", "not_json"])
def test_truncated_or_non_json_answers_are_retried(server, paths, capsys, kind):
    server.faults = [Fault(f"{KWB_2023}/WijkenEnBuurten", kind, times=1)]
    code, out = run("cbs", server, paths, "--years", "2023", capsys=capsys)
    assert code == 0, out.err
    assert "poging 1 mislukt" in out.err


def test_a_server_that_always_fails_leaves_warehouse_and_snapshots_unchanged(server, paths, capsys):
    assert run("cbs", server, paths, "--years", "2022-2023") == 0
    warehouse_before = sha(paths["warehouse"])
    snapshot = paths["raw"] / "cbs" / KWB_2023 / "TypedDataSet.json"
    snapshot_before = sha(snapshot)

    server.faults = [Fault(f"{KWB_2023}/TypedDataSet", "status", times=None, status=503)]
    code, out = run("cbs", server, paths, "--years", "2022-2023", capsys=capsys)

    assert code == 1
    error_lines = [line for line in out.err.splitlines() if line.startswith("Fout:")]
    assert len(error_lines) == 1
    assert KWB_2023 in error_lines[0] and f"http://{server.catalog_url}/ODataFeed/odata/{KWB_2023}/TypedDataSet" in error_lines[0]
    assert "na 4 pogingen" in error_lines[0] and "HTTP 503" in error_lines[0]
    assert "Traceback" not in out.err
    assert sha(paths["warehouse"]) == warehouse_before
    assert sha(snapshot) == snapshot_before
    assert sorted(p.name for p in paths["raw"].joinpath("cbs").iterdir()) == sorted([KWB_2022, KWB_2023])
    assert sorted(p.name for p in paths["warehouse"].parent.iterdir() if p.suffix != "") == ["monitor.duckdb"]


def test_a_hanging_server_times_out_and_is_refused(server, paths, capsys, monkeypatch):
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=2, first_pause=0.01, request_timeout=0.5, budget=5))
    server.faults = [Fault("ODataFeed", "hang", times=None, seconds=1.0)]
    code, out = run("cbs", server, paths, "--years", "2023", capsys=capsys)
    assert code == 1
    assert "geen antwoord binnen de wachttijd" in out.err and "Traceback" not in out.err
    assert not paths["warehouse"].exists()


def test_a_missing_table_is_not_retried(server, paths, capsys):
    code, out = run("cbs", server, paths, "--years", "2021", capsys=capsys)  # registry id 85039NED, not served
    assert code == 1
    assert "HTTP 404" in out.err and "na 1 poging" in out.err


# --- Offline, idempotence, other gemeenten ---------------------------------------------


def test_offline_loads_the_saved_snapshots_without_network(server, paths, tmp_path):
    assert run("cbs", server, paths, "--years", "2022-2023") == 0
    online = observations(paths["warehouse"])
    server.stop()

    offline_paths = {"warehouse": tmp_path / "offline.duckdb", "raw": paths["raw"]}
    assert run("cbs", None, offline_paths, "--offline") == 0
    assert observations(offline_paths["warehouse"]) == online


def test_offline_without_a_snapshot_for_a_year_says_so(paths, capsys):
    code, out = run("cbs", None, paths, "--offline", "--years", "2023", capsys=capsys)
    assert code == 1 and "geen opgeslagen snapshots" in out.err


def test_loading_the_same_snapshot_twice_changes_nothing(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2023") == 0
    first = observations(paths["warehouse"])
    assert run("cbs", None, paths, "--offline") == 0
    assert run("cbs", None, paths, "--offline") == 0
    assert observations(paths["warehouse"]) == first
    duplicates = scalar(paths["warehouse"], "SELECT count(*) - count(DISTINCT (indicator_code, region_code, year, breakdown)) FROM observation")
    assert duplicates == 0


def test_untyped_snapshots_load_the_same_figures(server, paths, tmp_path):
    assert run("cbs", server, paths, "--years", "2022") == 0
    typed = observations(paths["warehouse"])
    # The same table as cbsodata saves it with typed=True: UntypedDataSet with "." for missing figures.
    directory = paths["raw"] / "cbs" / KWB_2022
    (directory / "TypedDataSet.json").unlink()
    (directory / "UntypedDataSet.json").write_text(json.dumps(rec.kwb_files(2022)["UntypedDataSet"]), encoding="utf-8")
    untyped_paths = {"warehouse": tmp_path / "untyped.duckdb", "raw": paths["raw"]}
    assert run("cbs", None, untyped_paths, "--offline") == 0
    untyped = observations(untyped_paths["warehouse"])
    assert len(untyped) == len(typed)
    for got, want in zip(untyped, typed):
        assert got[:4] == want[:4] and got[5] == want[5]  # same key and status ('.' → ontbreekt)
        assert got[4] == pytest.approx(want[4])


def test_another_gemeente_by_option(server, paths):
    assert run("cbs", server, paths, "--years", "2023", "--gemeente", "GM0344") == 0
    warehouse = paths["warehouse"]
    assert figure(warehouse, "inwoners", "GM0344", 2023)[0] == rec.EXPECTED[("AantalInwoners", "GM0344", 2023)]
    assert scalar(warehouse, "SELECT count(*) FROM region WHERE region_code LIKE '%0342%'") == 0
    assert scalar(warehouse, "SELECT value FROM monitor_info WHERE key = 'gemeente_name'") == "Utrecht"
    assert scalar(warehouse, "SELECT value FROM monitor_info WHERE key = 'gemeente_code'") == "GM0344"


def test_real_data_of_another_gemeente_is_not_mixed_in(server, paths, capsys):
    assert run("cbs", server, paths, "--years", "2023") == 0
    before = sha(paths["warehouse"])
    code, out = run("cbs", server, paths, "--years", "2023", "--gemeente", "GM0344", capsys=capsys)
    assert code == 1 and "bevat gegevens van GM0342" in out.err
    assert sha(paths["warehouse"]) == before


def test_a_real_load_replaces_the_demo_data_instead_of_mixing(server, paths):
    assert pipelines_main(["demo", "--warehouse", str(paths["warehouse"]), "--config", str(CONFIG_FILE), "--raw-dir", str(DEMO_DIR)]) == 0
    assert run("cbs", server, paths, "--years", "2023") == 0
    assert scalar(paths["warehouse"], "SELECT count(*) FROM load_log WHERE is_demo") == 0
    assert scalar(paths["warehouse"], "SELECT min(year) FROM observation") == 2023


# --- GGD-monitor (RIVM) ----------------------------------------------------------------


def test_ggd_estimates_with_interval_per_age_group(server, paths):
    assert run("ggd", server, paths) == 0
    warehouse = paths["warehouse"]
    expected = rec.RIVM_EXPECTED
    assert figure(warehouse, "eenzaam", "GM0342", 2022) == (*expected[("Eenzaam", "GM0342", 2022, rec.ADULTS)][:1], "geschat",
                                                            *expected[("Eenzaam", "GM0342", 2022, rec.ADULTS)][1:])
    # RIVM calls Nederland NL01; the warehouse has one code for it.
    value, status, low, high = figure(warehouse, "eenzaam", "NL00", 2022)
    assert (value, low, high) == expected[("Eenzaam", "NL01", 2022, rec.ADULTS)] and status == "geschat"
    value, status, low, high = figure(warehouse, "eenzaam", "WK034201", 2022, breakdown="65 jaar of ouder")
    assert (value, low, high) == expected[("Eenzaam", "WK034201", 2022, rec.ELDERLY)]
    assert figure(warehouse, "ervaren_gezondheid", "BU03420101", 2020, breakdown="18 tot 65 jaar")[0] == \
        expected[("ErvarenGezondheidGoedZeerGoed", "BU03420101", 2020, rec.WORKING_AGE)][0]
    # Suppressed or not asked: NULL without an interval.
    assert figure(warehouse, "veel_stress", "GM0342", 2016) == (None, "ontbreekt", None, None)
    assert figure(warehouse, "eenzaam", "BU03420101", 2022, breakdown="65 jaar of ouder") == (None, "ontbreekt", None, None)
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE region_code LIKE '%0344%'") == 0
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE value < ci_low OR value > ci_high") == 0
    assert scalar(warehouse, "SELECT count(DISTINCT year) FROM observation") == len(rec.RIVM_PERIODS)


def test_ggd_years_option_keeps_those_measurement_years(server, paths):
    assert run("ggd", server, paths, "--years", "2020-2024") == 0
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        years = [row[0] for row in con.execute("SELECT DISTINCT year FROM observation ORDER BY 1").fetchall()]
    assert years == [2020, 2022, 2024]


def test_run_loads_every_source_in_one_build_and_works_offline_afterwards(server, paths, tmp_path):
    assert run("run", server, paths, "--years", "2022-2023") == 0
    sources = scalar(paths["warehouse"], "SELECT string_agg(DISTINCT source, ',' ORDER BY source) FROM load_log")
    assert sources == "cbs_kwb,rivm_gezondheid"
    assert open_snapshot(paths["raw"] / "ggd" / rec.RIVM_TABLE).table_id == rec.RIVM_TABLE
    server.stop()
    offline = {"warehouse": tmp_path / "offline.duckdb", "raw": paths["raw"]}
    assert run("run", None, offline, "--offline", "--years", "2022-2023") == 0
    assert observations(offline["warehouse"]) == observations(paths["warehouse"])


def test_retries_of_the_real_policy_give_up_within_two_minutes(monkeypatch):
    """Every attempt times out: pauses plus timeouts of the default policy stay under 120 s (simulated clock)."""
    clock = {"now": 0.0}
    monkeypatch.setattr(download.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(download.time, "sleep", lambda seconds: clock.__setitem__("now", clock["now"] + seconds))
    policy = RetryPolicy()

    def times_out():
        clock["now"] += policy.request_timeout
        raise requests.Timeout("read timed out")

    with pytest.raises(SourceError, match="geen antwoord binnen de wachttijd"):
        download.with_retries(times_out, "Tabel X", "http://127.0.0.1:9/ODataFeed/odata/X/", policy, log=lambda _: None)
    assert 60 < clock["now"] < 120


def test_untyped_markers_geheim_and_nihil(server, paths, tmp_path):
    """UntypedDataSet: 'x' is geheim (NULL, status geheim), '-' is nihil (a real 0), '.' is ontbreekt."""
    assert run("cbs", server, paths, "--years", "2022") == 0
    directory = paths["raw"] / "cbs" / KWB_2022
    keys = rec.topic_keys(rec.kwb_files(2022))
    rows = rec.kwb_files(2022)["UntypedDataSet"]
    for row in rows:
        if row["WijkenEnBuurten"].strip() == "WK034201":
            row[keys["HuishoudensMetEenLaagInkomen"]] = "         x"
            row[keys["PersonenPerSoortUitkeringBijstand"]] = "         -"
    (directory / "TypedDataSet.json").unlink()
    (directory / "UntypedDataSet.json").write_text(json.dumps(rows), encoding="utf-8")

    assert run("cbs", None, paths, "--offline") == 0
    assert figure(paths["warehouse"], "laag_inkomen", "WK034201", 2022) == (None, "geheim", None, None)
    assert figure(paths["warehouse"], "bijstand_per_1000", "WK034201", 2022) == (0.0, "definitief", None, None)
    assert figure(paths["warehouse"], "laag_inkomen", "BU03420201", 2022) == (None, "ontbreekt", None, None)


def test_the_default_catalog_is_unreachable_from_tests(paths, capsys, monkeypatch):
    """The guard in conftest: without --catalog-url the real CBS would be asked, and that is refused at once."""
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=1, first_pause=0.01, request_timeout=1.0, budget=5))
    code, out = run("cbs", None, paths, "--years", "2023", capsys=capsys)
    assert code == 1 and f"https://{refresh.KWB.catalog}/ODataFeed/odata/{KWB_2023}/" in out.err
