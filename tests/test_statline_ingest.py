"""`python -m pipelines cbs|ggd|gmsd|run|coverage|manifest` against a real HTTP server on 127.0.0.1 speaking CBS OData.

The real cbsodata client downloads from tests/statline_server.py, which serves
the recordings in tests/statline_recordings.py (real variable keys and
layouts, fictional figures), ignores $filter (so a second gemeente comes
back), pages every few rows and fails on request. Nothing here touches the
internet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest
import requests

import statline_recordings as rec
from conftest import CONFIG_FILE, DEMO_DIR
from monitor.errors import SourceError
from pipelines import download, refresh
from pipelines.__main__ import main as pipelines_main
from pipelines.download import RetryPolicy
from pipelines.sources import cbs_kwb
from pipelines.statline.snapshot import open_snapshot
from iv3_recordings import serve_iv3
from ogc_server import ogc_server  # noqa: F401 (fixture)
from statline_server import Fault, statline_server  # noqa: F401 (fixture)

KWB_2022, KWB_2023, KWB_2024, KWB_2026 = (rec.KWB_TABLES[year] for year in (2022, 2023, 2024, 2026))
GMSD_2023, GMSD_2024 = rec.GMSD_TABLES[2023], rec.GMSD_TABLES[2024]
SUBDIRECTORY = {"cbs": "cbs", "ggd": "ggd", "gmsd": "gmsd"}


@pytest.fixture
def server(statline_server):
    statline_server.page_size = 5  # every data set and code list spans several pages
    rec.serve_all(statline_server)
    serve_iv3(statline_server)  # `run` downloads every registered source
    return statline_server


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """The real policy pauses 2, 4, 8 s; the same logic with short pauses keeps the suite fast."""
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=4, first_pause=0.01, request_timeout=1.0, budget=20))


@pytest.fixture
def paths(tmp_path):
    return {"warehouse": tmp_path / "monitor.duckdb", "raw": tmp_path / "raw"}


def run(command, server, paths, *extra, capsys=None, config=CONFIG_FILE, raw_dir=None):
    if raw_dir is None:
        raw_dir = paths["raw"] / SUBDIRECTORY[command] if command in SUBDIRECTORY else paths["raw"]
    args = [command, "--warehouse", str(paths["warehouse"]), "--config", str(config), "--raw-dir", str(raw_dir)]
    if server is not None:
        args += ["--catalog-url", server.catalog_url, "--http"]
    code = pipelines_main(args + list(extra))
    return (code, capsys.readouterr()) if capsys else code


def figure(warehouse, indicator, region, year, breakdown="totaal", period="jaar"):
    """(value, status, ci_low, ci_high) of one observation, or None when there is no row."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT value, status, ci_low, ci_high FROM observation"
            " WHERE indicator_code = ? AND region_code = ? AND year = ? AND breakdown = ? AND period = ?",
            [indicator, region, year, breakdown, period],
        ).fetchall()
    return rows[0] if rows else None


def observations(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT indicator_code, region_code, year, period, breakdown, value, status, ci_low, ci_high, rounded_to"
            " FROM observation ORDER BY ALL"
        ).fetchall()


def scalar(warehouse, sql, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()[0][0]


def covered(warehouse, indicator, year, level=None):
    """{state: detail} of the coverage rows of one indicator and year (at one level, or for the whole table)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT state, detail FROM coverage WHERE indicator_code = ? AND year = ? AND region_level IS NOT DISTINCT FROM ?",
            [indicator, year, level]).fetchall()
    return dict(rows)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def config_with(tmp_path, old: str, new: str) -> Path:
    """The real config with one text replaced, as a file for --config."""
    text = CONFIG_FILE.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in the config"
    path = tmp_path / "aangepast.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- CBS Kerncijfers -------------------------------------------------------------------


def test_cbs_downloads_each_year_and_loads_soest_only(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2024") == 0
    warehouse = paths["warehouse"]
    expected = rec.EXPECTED

    for year in (2022, 2023):
        for region in ("GM0342", "WK034201", "NL00"):
            assert figure(warehouse, "inwoners", region, year)[:2] == (expected[("AantalInwoners", region, year)], "definitief")
    # HuishoudensTotaal is _28 in 2022 and _29 from 2023: one indicator all the same.
    for year in (2022, 2023, 2024):
        assert figure(warehouse, "huishoudens", "WK034202", year)[0] == expected[("HuishoudensTotaal", "WK034202", year)]
    assert figure(warehouse, "laag_inkomen", "GM0342", 2022)[0] == expected[("HuishoudensMetEenLaagInkomen", "GM0342", 2022)]
    assert figure(warehouse, "bijstand_per_1000", "GM0342", 2022)[0] == pytest.approx(700 / 47_095 * 1000)
    assert figure(warehouse, "wmo_per_1000", "WK034202", 2023)[0] == 78.5
    assert figure(warehouse, "niet_westers", "GM0342", 2023)[0] == expected[("NietWestersTotaal", "GM0342", 2023)]

    # The server ignored $filter and sent Utrecht too: none of it is loaded.
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE region_code LIKE '%0344%'") == 0
    assert scalar(warehouse, "SELECT count(*) FROM region WHERE region_code LIKE '%0344%'") == 0


def test_the_income_series_break_of_2024_is_recorded_never_a_gap_or_one_line(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2024") == 0
    warehouse = paths["warehouse"]
    # The old household measures end in 2023: in 2024 a recorded break (NULL, status reeksbreuk), not "ontbreekt".
    for code in ("laag_inkomen", "tot_120_sociaal_minimum", "onder_rond_sociaal_minimum"):
        assert figure(warehouse, code, "GM0342", 2024) == (None, "reeksbreuk", None, None), code
        assert figure(warehouse, code, "BU03420201", 2024) == (None, "reeksbreuk", None, None), code
    break_note = covered(warehouse, "laag_inkomen", 2024)
    assert list(break_note) == ["reeksbreuk"] and "zie Personen in armoede" in break_note["reeksbreuk"]
    # The new measure of persons starts in 2024: provisional (CBS says so in the topic), nothing before.
    assert figure(warehouse, "personen_in_armoede", "GM0342", 2024) == (3.2, "voorlopig", None, None)
    assert figure(warehouse, "personen_in_armoede", "GM0342", 2023) is None
    assert list(covered(warehouse, "personen_in_armoede", 2022)) == ["voor_reeks"]
    # Two indicators, never one line: no year holds a figure of both.
    both = scalar(warehouse, """SELECT count(*) FROM observation a JOIN observation b USING (region_code, year, breakdown)
                                WHERE a.indicator_code = 'laag_inkomen' AND b.indicator_code = 'personen_in_armoede'
                                  AND a.value IS NOT NULL AND b.value IS NOT NULL""")
    assert both == 0
    # Herkomst replaced westers/niet-westers the same way.
    assert figure(warehouse, "niet_westers", "GM0342", 2024)[1] == "reeksbreuk"
    assert figure(warehouse, "herkomst_buiten_europa", "GM0342", 2023) is None


def test_nulls_stay_null_with_a_status_and_a_rounded_zero_says_it_is_rounded(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2024") == 0
    warehouse = paths["warehouse"]
    assert figure(warehouse, "laag_inkomen", "BU03420201", 2022) == (None, "ontbreekt", None, None)
    assert figure(warehouse, "laag_inkomen", "GM0342", 2023) == (None, "ontbreekt", None, None)
    assert list(covered(warehouse, "laag_inkomen", 2023, "gemeente")) == ["geen_waarde"]
    # CBS publishes a bijstand count of a small buurt rounded to tens: 0 means fewer than 5, and the row says so.
    assert figure(warehouse, "bijstand_per_1000", "BU03420203", 2024)[0] == 0
    assert scalar(warehouse, "SELECT rounded_to FROM observation WHERE indicator_code = 'bijstand_per_1000'"
                             " AND region_code = 'BU03420203' AND year = 2024") == 10
    assert scalar(warehouse, "SELECT rounded_to FROM observation WHERE indicator_code = 'bijstand_per_1000'"
                             " AND region_code = 'GM0342' AND year = 2024") is None  # the gemeente is exact
    # No other zero anywhere: a missing figure is never 0.
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE value = 0 AND rounded_to IS NULL") == 0


def test_provisional_status_comes_from_the_topic_not_the_table(server, paths):
    assert run("cbs", server, paths, "--years", "2024") == 0
    warehouse = paths["warehouse"]
    assert figure(warehouse, "personen_in_armoede", "WK034202", 2024)[:2] == (3.9, "voorlopig")
    assert figure(warehouse, "tot_25_boven_armoedegrens", "GM0342", 2024)[:2] == (2.6, "voorlopig")
    assert figure(warehouse, "inwoners", "GM0342", 2024)[:2] == (47_550, "definitief")
    assert figure(warehouse, "jeugdzorg", "GM0342", 2024)[:2] == (10.7, "definitief")


def test_a_repeated_stem_is_taken_from_the_group_the_catalogue_names(server, paths):
    assert run("cbs", server, paths, "--years", "2024") == 0
    value = figure(paths["warehouse"], "herkomst_buiten_europa", "GM0342", 2024)[0]
    # BuitenEuropa is in the table three times; the catalogue names 'Herkomstland'.
    assert value == pytest.approx(rec.HERKOMST_EXPECTED[("Herkomstland", "BuitenEuropa", "GM0342", 2024)] / 47_550 * 100)


def test_an_ambiguous_stem_is_reported_and_strict_refuses_it(server, paths, tmp_path, capsys):
    config = config_with(tmp_path, 'stem = "BuitenEuropa", group = "Herkomstland", per', 'stem = "BuitenEuropa", per')
    code, out = run("cbs", server, paths, "--years", "2024", config=config, capsys=capsys)
    assert code == 0, out.err
    [(state, detail)] = covered(paths["warehouse"], "herkomst_buiten_europa", 2024).items()
    assert state == "onbruikbaar"
    assert "BuitenEuropa staat 3× in tabel 85984NED" in detail and "Herkomst › Geboren in Nederland" in detail
    assert "herkomst_buiten_europa 2024: BuitenEuropa staat 3×" in out.out  # the short report after the load
    before = sha(paths["warehouse"])
    code, out = run("cbs", server, paths, "--years", "2024", "--strict", config=config, capsys=capsys)
    assert code == 1 and "--strict" in out.err and "herkomst_buiten_europa (85984NED, 2024)" in out.err
    assert "Traceback" not in out.err and sha(paths["warehouse"]) == before


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
    assert set(manifest["files"]) == names - {"manifest.json"}
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
    assert figure(paths["warehouse"], "inwoners", "GM0342", 2026) == (47_945, "definitief", None, None)
    # A first release: income not yet published.
    assert figure(paths["warehouse"], "personen_in_armoede", "GM0342", 2026) == (None, "ontbreekt", None, None)
    assert scalar(paths["warehouse"], "SELECT table_id FROM load_log") == KWB_2026
    assert "personen_in_armoede 2026" in out.out  # named in the short report: no figure for the gemeente


def test_a_year_the_catalog_does_not_know_is_a_clear_refusal(server, paths, capsys):
    code, out = run("cbs", server, paths, "--years", "2030", capsys=capsys)
    assert code == 1
    assert "Fout: Geen tabel van CBS Kerncijfers wijken en buurten voor 2030" in out.err
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


# --- Offline, manifests, idempotence, other gemeenten -----------------------------------------


def test_offline_loads_the_saved_snapshots_without_network(server, paths, tmp_path):
    assert run("cbs", server, paths, "--years", "2022-2024") == 0
    online = observations(paths["warehouse"])
    server.stop()

    offline_paths = {"warehouse": tmp_path / "offline.duckdb", "raw": paths["raw"]}
    assert run("cbs", None, offline_paths, "--offline") == 0
    assert observations(offline_paths["warehouse"]) == online


def test_offline_without_a_snapshot_for_a_year_says_so(paths, capsys):
    code, out = run("cbs", None, paths, "--offline", "--years", "2023", capsys=capsys)
    assert code == 1 and "geen opgeslagen snapshots" in out.err


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda d: (d / "TypedDataSet.json").write_text("[]", encoding="utf-8"),
     "TypedDataSet.json: de sha256 klopt niet met manifest.json"),
    (lambda d: (d / "manifest.json").unlink(), "geen manifest.json"),
    (lambda d: (d / "Extra.json").write_text("[]", encoding="utf-8"), "Extra.json staat niet in manifest.json"),
    (lambda d: (d / "WijkenEnBuurten.json").unlink(), "WijkenEnBuurten.json ontbreekt, maar staat in manifest.json"),
])
def test_a_snapshot_that_does_not_match_its_manifest_is_refused_and_nothing_changes(server, paths, capsys, damage, expected):
    assert run("cbs", server, paths, "--years", "2023-2024") == 0
    before = sha(paths["warehouse"])
    damage(paths["raw"] / "cbs" / KWB_2024)
    code, out = run("cbs", None, paths, "--offline", capsys=capsys)
    assert code == 1
    [line] = [line for line in out.err.splitlines() if line.startswith("Fout:")]
    assert expected in line and KWB_2024 in line
    assert "Download de tabel opnieuw" in line and f"python -m pipelines manifest" in line  # what to do
    assert "Traceback" not in out.err and sha(paths["warehouse"]) == before


def test_a_hand_made_snapshot_loads_once_marked_and_the_load_log_says_so(server, paths, capsys):
    assert run("cbs", server, paths, "--years", "2024") == 0
    directory = paths["raw"] / "cbs" / KWB_2024
    rows = json.loads((directory / "TypedDataSet.json").read_text(encoding="utf-8"))
    key = rec.topic_keys(rec.kwb_files(2024))["AantalInwoners"]
    for row in rows:
        if row["WijkenEnBuurten"].strip() == "GM0342":
            row[key] = 47_551  # an analyst's correction
    (directory / "TypedDataSet.json").write_text(json.dumps(rows), encoding="utf-8")
    assert run("cbs", None, paths, "--offline") == 1  # refused until someone vouches for it
    assert pipelines_main(["manifest", str(directory)]) == 0
    assert "gemarkeerd als handgemaakt" in capsys.readouterr().out
    assert json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["handgemaakt"] is True
    assert run("cbs", None, paths, "--offline") == 0
    assert figure(paths["warehouse"], "inwoners", "GM0342", 2024)[0] == 47_551
    assert "handgemaakte snapshot" in scalar(paths["warehouse"], "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")


def test_loading_the_same_snapshot_twice_changes_nothing(server, paths):
    assert run("cbs", server, paths, "--years", "2022-2024") == 0
    first = observations(paths["warehouse"])
    assert run("cbs", None, paths, "--offline") == 0
    assert run("cbs", None, paths, "--offline") == 0
    assert observations(paths["warehouse"]) == first
    duplicates = scalar(paths["warehouse"], "SELECT count(*) - count(DISTINCT (indicator_code, region_code, year, period,"
                                            " breakdown)) FROM observation")
    assert duplicates == 0
    coverage_per_load = scalar(paths["warehouse"], "SELECT count(DISTINCT load_id) FROM coverage")
    assert coverage_per_load == 3  # the coverage of earlier loads of the same tables was replaced, not kept


def _untyped_snapshot(directory: Path, year: int, rows: list[dict] | None = None) -> None:
    """The table as cbsodata saves it with typed=True (UntypedDataSet, '.' for missing), vouched for by hand."""
    (directory / "TypedDataSet.json").unlink()
    (directory / "UntypedDataSet.json").write_text(json.dumps(rows or rec.kwb_files(year)["UntypedDataSet"]), encoding="utf-8")
    assert pipelines_main(["manifest", str(directory)]) == 0


def test_untyped_snapshots_load_the_same_figures(server, paths, tmp_path):
    assert run("cbs", server, paths, "--years", "2024") == 0
    typed = observations(paths["warehouse"])
    _untyped_snapshot(paths["raw"] / "cbs" / KWB_2024, 2024)
    untyped_paths = {"warehouse": tmp_path / "untyped.duckdb", "raw": paths["raw"]}
    assert run("cbs", None, untyped_paths, "--offline") == 0
    untyped = observations(untyped_paths["warehouse"])
    assert len(untyped) == len(typed)
    for got, want in zip(untyped, typed):
        assert got[:5] == want[:5] and got[6:] == want[6:]  # same key, status ('.' → ontbreekt) and rounding
        assert got[5] == pytest.approx(want[5])


def test_untyped_markers_geheim_and_nihil(server, paths):
    """UntypedDataSet: 'x' is geheim (NULL, status geheim), '-' is nihil (a real 0), '.' is ontbreekt."""
    assert run("cbs", server, paths, "--years", "2022") == 0
    keys = rec.topic_keys(rec.kwb_files(2022))
    rows = rec.kwb_files(2022)["UntypedDataSet"]
    for row in rows:
        if row["WijkenEnBuurten"].strip() == "WK034201":
            row[keys["HuishoudensMetEenLaagInkomen"]] = "         x"
            row[keys["PersonenPerSoortUitkeringBijstand"]] = "         -"
    _untyped_snapshot(paths["raw"] / "cbs" / KWB_2022, 2022, rows)

    assert run("cbs", None, paths, "--offline") == 0
    assert figure(paths["warehouse"], "laag_inkomen", "WK034201", 2022) == (None, "geheim", None, None)
    assert figure(paths["warehouse"], "bijstand_per_1000", "WK034201", 2022) == (0.0, "definitief", None, None)
    assert figure(paths["warehouse"], "laag_inkomen", "BU03420201", 2022) == (None, "ontbreekt", None, None)


def test_another_gemeente_by_option(server, paths):
    assert run("cbs", server, paths, "--years", "2023", "--gemeente", "GM0344") == 0
    warehouse = paths["warehouse"]
    assert figure(warehouse, "inwoners", "GM0344", 2023)[0] == rec.EXPECTED[("AantalInwoners", "GM0344", 2023)]
    # Soest, the config's own gemeente, becomes a referentiegemeente of Utrecht: its gemeente row only.
    assert scalar(warehouse, "SELECT string_agg(region_code) FROM region WHERE region_code LIKE '%0342%'") == "GM0342"
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
        expected[("GoedErvarenGezondheid", "BU03420101", 2020, rec.WORKING_AGE)][0]
    # Suppressed or not asked: NULL without an interval.
    assert figure(warehouse, "veel_stress", "GM0342", 2016) == (None, "ontbreekt", None, None)
    assert figure(warehouse, "lage_veerkracht", "GM0342", 2020) == (None, "ontbreekt", None, None)
    assert figure(warehouse, "eenzaam", "BU03420101", 2022, breakdown="65 jaar of ouder") == (None, "ontbreekt", None, None)
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE region_code LIKE '%0344%'") == 0
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE value < ci_low OR value > ci_high") == 0
    assert scalar(warehouse, "SELECT count(DISTINCT year) FROM observation") == len(rec.RIVM_PERIODS)


def test_every_ggd_indicator_finds_its_real_50150ned_variable(server, paths, capsys):
    """The six indicators that named the old 50120NED variables found nothing in the real table; now all load."""
    code, out = run("ggd", server, paths, capsys=capsys)
    assert code == 0, out.err
    recorded = {rec.stem_of(key) for key in rec.topic_keys(rec.rivm_files()).values()}
    for code_, stem in (("ervaren_gezondheid", "GoedErvarenGezondheid"), ("beweegrichtlijn", "VoldoetAanDeBeweegrichtlijn"),
                        ("rokers", "RooktTabak"), ("ernstig_eenzaam", "SterkEenzaam"),
                        ("angst_depressie", "HoogRisicoAngststoornisOfDepressie"), ("veel_stress", "HeelVeelStressAfg4Weken")):
        assert stem in recorded
        assert "geladen" in covered(paths["warehouse"], code_, 2022, "gemeente"), code_
    assert figure(paths["warehouse"], "rokers", "GM0342", 2022)[:2] == (15.8, "geschat")
    assert "Variabele niet" not in out.out


def test_an_older_name_of_a_question_is_found_as_an_alias(server, paths):
    """A table that still uses the 50120NED name (ErvarenGezondheidGoedZeerGoed) feeds the same indicator."""
    assert run("ggd", server, paths) == 0
    directory = paths["raw"] / "ggd" / rec.RIVM_TABLE
    for name in ("DataProperties.json", "TypedDataSet.json"):
        path = directory / name
        path.write_text(path.read_text(encoding="utf-8").replace("GoedErvarenGezondheid_4", "ErvarenGezondheidGoedZeerGoed_4"),
                        encoding="utf-8")
    assert pipelines_main(["manifest", str(directory)]) == 0
    assert run("ggd", None, paths, "--offline") == 0
    assert figure(paths["warehouse"], "ervaren_gezondheid", "BU03420101", 2020, breakdown="18 tot 65 jaar")[0] == \
        rec.RIVM_EXPECTED[("GoedErvarenGezondheid", "BU03420101", 2020, rec.WORKING_AGE)][0]


def test_a_variable_the_table_lacks_is_named_by_coverage_and_refused_by_strict(server, paths, tmp_path, capsys):
    config = config_with(tmp_path, 'stem = ["RooktTabak", "Roker"]', 'stem = ["RookGedrag", "Roker"]')
    code, out = run("ggd", server, paths, config=config, capsys=capsys)
    assert code == 0, out.err
    # Loud at the end of the load ...
    assert "✗ Variabele niet (bruikbaar) in de tabel (1):" in out.out
    assert "rokers 2012, 2016, 2020, 2022, 2024: tabel 50150NED heeft geen variabele RookGedrag of Roker" in out.out
    # ... and in the full report, per year, in text and as CSV.
    assert pipelines_main(["coverage", "--warehouse", str(paths["warehouse"]), "--config", str(config)]) == 0
    text = capsys.readouterr().out
    assert "rokers — Rokers (GGD-monitor" in text
    assert "2024               alle niveaus  variabele niet in de tabel [50150NED] — tabel 50150NED heeft geen variabele " \
           "RookGedrag of Roker" in text
    assert pipelines_main(["coverage", "--format", "csv", "--warehouse", str(paths["warehouse"]), "--config", str(config)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")), delimiter=";"))
    missing = [row for row in rows if row["indicator"] == "rokers"]
    assert {row["jaar"] for row in missing} == {str(year) for year in rec.RIVM_PERIODS}
    assert {row["toestand_code"] for row in missing} == {"geen_variabele"} and missing[0]["tabel"] == rec.RIVM_TABLE
    goals = [row for row in rows if row["toestand_code"] == "doel_zonder_indicator"]
    assert [row["doel"] for row in goals] == ["kinderen_gezond", "jongeren_bewegen", "huisuitzetting_voorkomen", "toekomstvertrouwen", "minderheden_veilig"]
    assert all("bron nodig:" in row["toelichting"] for row in goals)

    before = sha(paths["warehouse"])
    code, out = run("ggd", None, paths, "--offline", "--strict", config=config, capsys=capsys)
    assert code == 1 and "rokers (50150NED" in out.err and "RookGedrag of Roker" in out.err
    assert sha(paths["warehouse"]) == before


def test_ggd_years_option_keeps_those_measurement_years(server, paths):
    assert run("ggd", server, paths, "--years", "2020-2024") == 0
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        years = [row[0] for row in con.execute("SELECT DISTINCT year FROM observation ORDER BY 1").fetchall()]
        coverage_years = [row[0] for row in con.execute("SELECT DISTINCT year FROM coverage ORDER BY 1").fetchall()]
    assert years == coverage_years == [2020, 2022, 2024]


# --- CBS Gemeentelijke Monitor Sociaal Domein (GMSD) ----------------------------------------


def test_gmsd_loads_years_and_half_years_with_their_status_and_rounding(server, paths):
    assert run("gmsd", server, paths, "--years", "2023-2024") == 0
    warehouse = paths["warehouse"]
    expected = rec.GMSD_EXPECTED
    clients = "clienten_sociaal_domein"
    assert figure(warehouse, clients, "GM0342", 2023) == (expected[("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Totaal")],
                                                          "definitief", None, None)
    for period, key in (("1e halfjaar", "2023HJ01"), ("2e halfjaar", "2023HJ02")):
        assert figure(warehouse, clients, "GM0342", 2023, period=period)[0] == expected[("ClientenMetVoorzieningen", "GM0342", key, "Totaal")]
    # "2024*" and "1e halfjaar 2024*" (nader voorlopig) are provisional.
    assert figure(warehouse, clients, "GM0342", 2024)[:2] == (5_965, "voorlopig")
    assert figure(warehouse, clients, "GM0342", 2024, period="1e halfjaar")[:2] == (5_130, "voorlopig")
    # The kind of voorziening is the breakdown; only AantalVoorzieningen 'Totaal' is loaded.
    assert figure(warehouse, clients, "GM0342", 2023, breakdown="Alleen Wmo")[0] == 3_405
    assert figure(warehouse, "huishoudens_sociaal_domein", "GM0342", 2023)[0] == 5_040
    # A published 0 of a combination stays 0, marked as rounded; a suppressed count is NULL.
    assert figure(warehouse, clients, "WK034201", 2023, breakdown="Jeugd en P-wet")[:2] == (0.0, "definitief")
    assert figure(warehouse, clients, "WK034201", 2023, breakdown="Jeugd, P-wet en Wmo") == (None, "ontbreekt", None, None)
    assert scalar(warehouse, f"SELECT DISTINCT rounded_to FROM observation WHERE indicator_code = '{clients}'") == 5
    # Wijken, not WijkenEnBuurten; NL01 is Nederland; Utrecht is dropped.
    assert figure(warehouse, clients, "NL00", 2023)[0] == 1_725_235
    assert scalar(warehouse, "SELECT count(*) FROM observation WHERE region_code LIKE '%0344%'") == 0
    assert scalar(warehouse, "SELECT string_agg(DISTINCT table_id, ',' ORDER BY table_id) FROM load_log") == f"{GMSD_2023},{GMSD_2024}"
    periods = [row[0] for row in duckdb.connect(str(warehouse), read_only=True).execute(
        "SELECT DISTINCT period FROM coverage WHERE indicator_code = ? ORDER BY 1", [clients]).fetchall()]
    assert periods == ["1e halfjaar", "2e halfjaar", "jaar"]


def test_a_gmsd_year_only_the_catalog_knows_is_found_despite_its_title_variant(server, paths):
    assert run("gmsd", server, paths, "--years", "2025") == 0
    assert scalar(paths["warehouse"], "SELECT table_id FROM load_log") == rec.GMSD_CATALOG_ONLY[2025]
    assert figure(paths["warehouse"], "clienten_sociaal_domein", "GM0342", 2025)[:2] == (6_135, "voorlopig")


def test_a_statline_table_family_declared_in_the_config_is_loaded_by_its_own_command(server, paths, tmp_path, capsys):
    """A third StatLine table is config: the GMSD layout under another code and command, with its own indicator."""
    declaration = (
        '[source.voorzieningen_eigen]\ntitle = "Eigen kopie voorzieningen"\npublisher = "CBS"\n'
        '[source.voorzieningen_eigen.statline]\ncatalog = "opendata.cbs.nl"\n'
        f'tables = {{ 2023 = "{GMSD_2023}" }}\nregion_dimension = "Wijken"\nperiod_dimension = "Perioden"\n'
        'breakdown_dimension = "SoortVoorzieningSociaalDomein"\nbreakdown_total = "Totaal"\n'
        'fixed = { AantalVoorzieningen = "Totaal" }\nrounded_levels = ["land", "gemeente", "wijk"]\ncli = "eigen"\n\n[privacy]\n'
    )
    indicator = ('\n[[indicator]]\ncode = "eigen_huishoudens"\ntitle = "Huishoudens met een voorziening (eigen)"\n'
                 'unit = "aantal"\ndefinition = "Test."\nsource = "voorzieningen_eigen"\nopgave = "meedoen"\n'
                 'goal = "kwetsbaren_doen_mee"\ntype = "prestatie"\nhigher_is_better = "none"\ndecimals = 0\n'
                 'cbs = { stem = "HuishoudensMetVoorzieningen", rounded_to = 5 }\n')
    config = config_with(tmp_path, "[privacy]\n", declaration)
    config.write_text(config.read_text(encoding="utf-8") + indicator, encoding="utf-8")
    code, out = run("eigen", server, paths, "--years", "2023", config=config, capsys=capsys,
                    raw_dir=paths["raw"] / "voorzieningen_eigen")
    assert code == 0, out.err
    assert figure(paths["warehouse"], "eigen_huishoudens", "GM0342", 2023)[0] == 5_040
    assert scalar(paths["warehouse"], "SELECT load_command FROM source WHERE source_code = 'voorzieningen_eigen'") == \
        "python -m pipelines eigen"


def test_run_loads_every_source_in_one_build_and_works_offline_afterwards(server, ogc_server, paths, tmp_path, capsys):
    code, out = run("run", server, paths, "--years", "2023-2024", "--api-url", ogc_server.api_url, capsys=capsys)
    assert code == 0, out.err
    sources = scalar(paths["warehouse"], "SELECT string_agg(DISTINCT source, ',' ORDER BY source) FROM load_log")
    assert sources == "cbs_gmsd,cbs_iv3,cbs_kwb,cbs_wijkbuurtkaart,rivm_gezondheid"
    assert scalar(paths["warehouse"], "SELECT count(DISTINCT year) FROM region_boundary") == 2  # the map too
    assert open_snapshot(paths["raw"] / "ggd" / rec.RIVM_TABLE).table_id == rec.RIVM_TABLE
    assert "Dekking:" in out.out  # every load ends with the short coverage report
    server.stop()
    ogc_server.stop()
    offline = {"warehouse": tmp_path / "offline.duckdb", "raw": paths["raw"]}
    assert run("run", None, offline, "--offline", "--years", "2023-2024") == 0
    assert observations(offline["warehouse"]) == observations(paths["warehouse"])


# --- Retry budget and the internet guard -----------------------------------------------------


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


def test_the_default_catalog_is_unreachable_from_tests(paths, capsys, monkeypatch):
    """The guard in conftest: without --catalog-url the real CBS would be asked, and that is refused at once."""
    monkeypatch.setattr(refresh, "RETRY_POLICY", RetryPolicy(attempts=1, first_pause=0.01, request_timeout=1.0, budget=5))
    code, out = run("cbs", None, paths, "--years", "2023", capsys=capsys)
    assert code == 1 and f"https://{cbs_kwb.SOURCE.catalog}/ODataFeed/odata/{KWB_2023}/" in out.err
