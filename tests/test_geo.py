"""`python -m pipelines geo`: the CBS Wijk- en Buurtkaart from PDOK's OGC API into region_boundary.

Against tests/ogc_server.py, a real HTTP server on 127.0.0.1 speaking PDOK's format (GeoJSON pages, opaque cursor
next links, a gemeentecode filter), two gemeenten and two editions with a boundary change. Nothing here touches
the internet.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from conftest import CONFIG_FILE, DEMO_DIR, copy_as_real
from monitor.errors import ConfigError, SourceError
from pipelines import refresh
from pipelines.__main__ import main as pipelines_main
from pipelines.config import load_config
from pipelines.download import RetryPolicy
from pipelines.snapshots import write_manifest
from pipelines.sources import cbs_wijkbuurtkaart as geo
from ogc_server import BAARN, SOEST, Fault, editions, ogc_server, rectangle  # noqa: F401 (fixture)

BOUNDARY_COLUMNS = "region_code, year, level, name, parent_code, gemeente_code, water, indelingswijziging, geometry"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(refresh, "RETRY_POLICY",
                        RetryPolicy(attempts=3, first_pause=0.01, request_timeout=2.0, budget=20))


def run_geo(server, tmp_path, *extra, warehouse=None, capsys=None):
    warehouse = warehouse or tmp_path / "monitor.duckdb"
    args = ["geo", "--raw-dir", str(tmp_path / "raw" / "geo"), "--warehouse", str(warehouse),
            "--config", str(CONFIG_FILE)]
    if server is not None:
        args += ["--api-url", server.api_url]
    code = pipelines_main(args + list(extra))
    return (code, capsys.readouterr()) if capsys else code


def boundaries(warehouse: Path) -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(f"SELECT {BOUNDARY_COLUMNS} FROM region_boundary ORDER BY year, region_code").pl()


def codes(warehouse: Path, year: int) -> list[str]:
    return boundaries(warehouse).filter(pl.col("year") == year)["region_code"].to_list()


def expected_codes(year: int, gemeente: str = SOEST) -> list[str]:
    features = [f for collection in editions()[year].values() for f in collection]
    return sorted(f["properties"].get("buurtcode") or f["properties"]["wijkcode"] for f in features
                  if f["properties"]["gemeentecode"] == gemeente)


# --- download, paging, filter ------------------------------------------------------------------------------------


def test_geo_follows_every_next_link_and_loads_each_feature_once(ogc_server, tmp_path, capsys):
    code, out = run_geo(ogc_server, tmp_path, "--years", "2023,2024", capsys=capsys)
    assert code == 0, out.err
    for year in (2023, 2024):
        for collection in ("wijken", "buurten"):
            pages = [r for r in ogc_server.requests if f"-{year}/ogc/v1/collections/{collection}/items" in r]
            assert len(pages) >= 2  # two features a page: paging is exercised
            assert "cursor=" not in pages[0] and all("cursor=" in page for page in pages[1:])
        assert codes(tmp_path / "monitor.duckdb", year) == expected_codes(year)
    assert "Wijk- en Buurtkaart 2023: 3 wijken, 5 buurten geladen." in out.out
    assert "Wijk- en Buurtkaart 2024: 3 wijken, 6 buurten geladen." in out.out
    with duckdb.connect(str(tmp_path / "monitor.duckdb"), read_only=True) as con:
        log = con.execute("SELECT source, table_id, year, is_demo FROM load_log ORDER BY load_id").fetchall()
        hint = con.execute("SELECT load_command FROM source WHERE source_code = 'cbs_wijkbuurtkaart'").fetchall()[0]
    assert log == [("cbs_wijkbuurtkaart", "wijken-en-buurten-2023", 2023, False),
                   ("cbs_wijkbuurtkaart", "wijken-en-buurten-2024", 2024, False)]
    assert hint == ("python -m pipelines geo",)


def test_geo_asks_for_the_gemeente_and_keeps_only_its_features(ogc_server, tmp_path):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    assert all("gemeentecode=GM0342" in request and "limit=1000" in request and "f=json" in request
               for request in ogc_server.requests)
    loaded = boundaries(tmp_path / "monitor.duckdb")
    assert set(loaded["gemeente_code"]) == {SOEST}
    assert not any(code.startswith(("WK0308", "BU0308")) for code in loaded["region_code"])


def test_the_reader_keeps_its_own_scope_when_the_server_ignores_the_filter(ogc_server, tmp_path):
    ogc_server.ignore_filter = True
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    saved = json.loads((tmp_path / "raw" / "geo" / "wijken-en-buurten-2024" / "wijken-001.json").read_text())
    assert {f["properties"]["gemeentecode"] for f in saved["features"]} == {SOEST, BAARN}  # Baarn was served …
    loaded = boundaries(tmp_path / "monitor.duckdb")
    assert loaded["region_code"].to_list() == expected_codes(2024)  # … and never loaded
    assert set(loaded["gemeente_code"]) == {SOEST}


def test_another_gemeente_gets_its_own_raw_directory(ogc_server, tmp_path, monkeypatch):
    import pipelines.__main__ as cli

    monkeypatch.setattr(cli, "DEFAULT_RAW_DIR", tmp_path / "data_raw")
    args = ["geo", "--gemeente", BAARN, "--years", "2024", "--api-url", ogc_server.api_url,
            "--warehouse", str(tmp_path / "baarn.duckdb"), "--config", str(CONFIG_FILE)]
    assert pipelines_main(args) == 0
    assert (tmp_path / "data_raw" / BAARN / "geo" / "wijken-en-buurten-2024" / "manifest.json").exists()
    assert not (tmp_path / "data_raw" / "geo").exists()
    assert boundaries(tmp_path / "baarn.duckdb")["region_code"].to_list() == ["BU03080101", "WK030801"]


def test_two_editions_keep_their_own_shapes_and_codes(ogc_server, tmp_path):
    assert run_geo(ogc_server, tmp_path, "--years", "2023,2024") == 0
    loaded = boundaries(tmp_path / "monitor.duckdb")
    by_key = {(row["region_code"], row["year"]): row for row in loaded.iter_rows(named=True)}
    # the split: one buurt in 2023, two new codes in 2024
    assert ("BU03420201", 2023) in by_key and ("BU03420201", 2024) not in by_key
    assert {("BU03420203", 2024), ("BU03420204", 2024)} <= set(by_key)
    assert not {("BU03420203", 2023), ("BU03420204", 2023)} & set(by_key)
    assert by_key[("BU03420203", 2024)]["indelingswijziging"] == 2
    # the changed shape: same code, its own geometry per edition
    old, new = (json.loads(by_key[("BU03420102", year)]["geometry"]) for year in (2023, 2024))
    assert max(lat for _, lat in old["coordinates"][0][0]) == 52.185
    assert max(lat for _, lat in new["coordinates"][0][0]) == 52.19
    # unchanged regions are the same in both
    assert by_key[("WK034201", 2023)]["geometry"] == by_key[("WK034201", 2024)]["geometry"]
    assert by_key[("WK034203", 2024)]["water"] is True and by_key[("WK034201", 2024)]["water"] is False
    assert by_key[("BU03420101", 2024)]["parent_code"] == "WK034201"
    assert by_key[("WK034201", 2024)]["parent_code"] == SOEST


def test_a_reload_replaces_an_edition_instead_of_adding_to_it(ogc_server, tmp_path):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    assert codes(tmp_path / "monitor.duckdb", 2024) == expected_codes(2024)


def test_transient_faults_are_retried(ogc_server, tmp_path):
    ogc_server.faults.append(Fault("collections/buurten/items?cursor=", status=503, times=2))
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    assert codes(tmp_path / "monitor.duckdb", 2024) == expected_codes(2024)


# --- snapshot and offline ----------------------------------------------------------------------------------------


def test_the_snapshot_keeps_every_page_as_served_with_its_manifest(ogc_server, tmp_path):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    snapshot = tmp_path / "raw" / "geo" / "wijken-en-buurten-2024"
    pages = sorted(path.name for path in snapshot.glob("*.json") if path.name != "manifest.json")
    assert pages == ["buurten-001.json", "buurten-002.json", "buurten-003.json", "wijken-001.json", "wijken-002.json"]
    served = {hashlib.sha256(body).hexdigest() for body in ogc_server.served}
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    for name in pages:  # byte for byte what the server sent
        assert hashlib.sha256((snapshot / name).read_bytes()).hexdigest() in served
        assert manifest["files"][name] == hashlib.sha256((snapshot / name).read_bytes()).hexdigest()
    assert manifest["source"] == "cbs_wijkbuurtkaart"
    assert manifest["gemeente"] == SOEST
    assert manifest["table_id"] == "wijken-en-buurten-2024"
    assert manifest["year"] == 2024
    assert manifest["url"] == ogc_server.api_url.replace("{jaar}", "2024")
    assert manifest["demo"] is False
    assert manifest["client"].startswith("requests ")
    assert manifest["retrieved_at"].endswith("Z")
    assert manifest["attribution"] == "Kadaster / Centraal Bureau voor de Statistiek, 2024"
    assert len(manifest["requests"]) == 5 and all(url.startswith(ogc_server.base_url) for url in manifest["requests"])
    assert [url.split(ogc_server.base_url, 1)[1] for url in manifest["requests"]] == ogc_server.requests
    assert not [path for path in snapshot.parent.iterdir() if path.name.startswith(".")]  # no staging left behind


def test_offline_reloads_the_saved_editions_without_the_network(ogc_server, tmp_path):
    assert run_geo(ogc_server, tmp_path, "--years", "2023,2024") == 0
    ogc_server.stop()
    offline = tmp_path / "offline.duckdb"
    assert run_geo(None, tmp_path, "--offline", warehouse=offline) == 0
    assert boundaries(offline).equals(boundaries(tmp_path / "monitor.duckdb"))
    only_2024 = tmp_path / "only2024.duckdb"
    assert run_geo(None, tmp_path, "--offline", "--years", "2024", warehouse=only_2024) == 0
    assert set(boundaries(only_2024)["year"]) == {2024}


def test_offline_refuses_without_snapshots_or_for_a_year_not_saved(ogc_server, tmp_path, capsys):
    code, out = run_geo(None, tmp_path, "--offline", capsys=capsys)
    assert code == 1
    assert "geen opgeslagen snapshots van CBS Wijk- en Buurtkaart" in out.err and "python -m pipelines geo" in out.err
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    before = (tmp_path / "monitor.duckdb").read_bytes()
    code, out = run_geo(None, tmp_path, "--offline", "--years", "2023,2024", capsys=capsys)
    assert code == 1
    assert "geen snapshot van CBS Wijk- en Buurtkaart (PDOK) voor 2023; aanwezig: 2024" in out.err
    assert (tmp_path / "monitor.duckdb").read_bytes() == before


def test_a_tampered_snapshot_is_refused_and_nothing_changes(ogc_server, tmp_path, capsys):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    page = tmp_path / "raw" / "geo" / "wijken-en-buurten-2024" / "buurten-002.json"
    page.write_text(page.read_text(encoding="utf-8").replace("Soesterberg-Noord", "Soesterberg-N"), encoding="utf-8")
    before = (tmp_path / "monitor.duckdb").read_bytes()
    code, out = run_geo(None, tmp_path, "--offline", capsys=capsys)
    assert code == 1
    assert "buurten-002.json" in out.err and "sha256 klopt niet" in out.err
    assert (tmp_path / "monitor.duckdb").read_bytes() == before


# --- refusals ----------------------------------------------------------------------------------------------------


def test_a_year_pdok_does_not_publish_is_refused_in_words_and_nothing_changes(ogc_server, tmp_path, capsys):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    before = (tmp_path / "monitor.duckdb").read_bytes()
    code, out = run_geo(ogc_server, tmp_path, "--years", "2019", capsys=capsys)
    assert code == 1
    assert "PDOK publiceert geen Wijk- en Buurtkaart 2019 op" in out.err
    assert ogc_server.api_url.replace("{jaar}", "2019") in out.err
    assert "Traceback" not in out.err
    assert (tmp_path / "monitor.duckdb").read_bytes() == before
    assert sorted(path.name for path in (tmp_path / "raw" / "geo").iterdir()) == ["wijken-en-buurten-2024"]


def test_an_api_url_without_the_year_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:  # argparse's usage error
        pipelines_main(["geo", "--api-url", "https://example.org/ogc/v1", "--warehouse", str(tmp_path / "w.duckdb")])
    assert usage.value.code == 2
    assert "de URL moet {jaar} bevatten" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()


def test_a_broken_feature_is_refused_naming_file_and_feature_and_the_old_snapshot_stays(ogc_server, tmp_path, capsys):
    assert run_geo(ogc_server, tmp_path, "--years", "2024") == 0
    snapshot = tmp_path / "raw" / "geo" / "wijken-en-buurten-2024"
    kept = {path.name: path.read_bytes() for path in snapshot.iterdir()}
    before = (tmp_path / "monitor.duckdb").read_bytes()
    broken = editions()[2024]
    del broken["buurten"][4]["properties"]["buurtnaam"]  # BU03420204, on the third page
    ogc_server.add_edition(2024, broken)
    code, out = run_geo(ogc_server, tmp_path, "--years", "2024", capsys=capsys)
    assert code == 1
    assert "gedownload maar onbruikbaar (niet opgeslagen;" in out.err
    assert ": buurten-002.json: object 2 (id 33) (BU03420204): eigenschap 'buurtnaam' ontbreekt" in out.err
    assert ".download-" not in out.err  # the staging folder is gone: never named
    assert {path.name: path.read_bytes() for path in snapshot.iterdir()} == kept
    assert (tmp_path / "monitor.duckdb").read_bytes() == before


def write_snapshot(directory: Path, pages: dict[str, dict], year: int = 2024, demo: bool = False) -> Path:
    directory.mkdir(parents=True)
    for name, document in pages.items():
        (directory / name).write_text(json.dumps(document), encoding="utf-8")
    write_manifest(directory, {"source": "cbs_wijkbuurtkaart", "gemeente": SOEST, "year": year,
                               "table_id": f"wijken-en-buurten-{year}", "demo": demo})
    return directory


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "numberReturned": len(features), "links": [], "features": list(features)}


def soest(year: int = 2024) -> dict[str, list[dict]]:
    return {name: [f for f in features if f["properties"]["gemeentecode"] == SOEST]
            for name, features in editions()[year].items()}


@pytest.mark.parametrize("breaks, message", [
    (lambda e: e["wijken"][0].update(geometry={"type": "Point", "coordinates": [5.3, 52.1]}),
     "wijken-001.json: object 1 (id 1) (WK034201): geometrie is geen Polygon of MultiPolygon (wel: Point)"),
    (lambda e: e["wijken"][1]["properties"].update(wijkcode="BU03420201"),
     "wijken-001.json: object 2 (id 3) (BU03420201): wijkcode 'BU03420201' is geen wijkcode"),
    (lambda e: e["buurten"][0]["properties"].update(buurtcode="WK034201"),
     "buurten-001.json: object 1 (id 11) (WK034201): buurtcode 'WK034201' is geen buurtcode"),
    (lambda e: e["buurten"][1]["properties"].update(buurtcode="BU03420101"),
     "buurten-001.json: object 2 (id 12) (BU03420101) staat er twee keer in (ook buurten-001.json object 1)"),
    (lambda e: e["wijken"][0]["properties"].pop("gemeentecode"),
     "wijken-001.json: object 1 (id 1): eigenschap 'gemeentecode' ontbreekt"),
    (lambda e: e["wijken"][0]["properties"].update(wijkcode="WK030801"),
     "WK030801 hoort niet bij gemeente GM0342"),
    (lambda e: e["buurten"][0]["geometry"]["coordinates"][0][0].__setitem__(0, [155000.0, 463000.0]),
     "buurten-001.json: object 1 (id 11) (BU03420101): coördinaat [155000.0, 463000.0] is geen lengte/breedte"),
    (lambda e: e["wijken"].pop(0),
     "buurt(en) waarvan de wijk niet in de editie 2024 staat: BU03420101 (wijk WK034201)"),
])
def test_the_reader_refuses_a_broken_feature_naming_file_and_feature(tmp_path, breaks, message):
    edition = soest()
    breaks(edition)
    directory = write_snapshot(tmp_path / "wijken-en-buurten-2024", {
        "wijken-001.json": collection(*edition["wijken"]), "buurten-001.json": collection(*edition["buurten"])})
    with pytest.raises(SourceError) as refused:
        geo.read_edition(directory, SOEST)
    assert message in str(refused.value)


def test_an_edition_without_wijken_of_the_gemeente_is_refused(tmp_path):
    baarn = {name: [f for f in features if f["properties"]["gemeentecode"] == BAARN]
             for name, features in editions()[2024].items()}
    directory = write_snapshot(tmp_path / "wijken-en-buurten-2024", {
        "wijken-001.json": collection(*baarn["wijken"]), "buurten-001.json": collection(*baarn["buurten"])})
    with pytest.raises(SourceError, match="PDOK-editie 2024 kent geen wijken van GM0342"):
        geo.read_edition(directory, SOEST)


def test_an_unknown_file_in_a_snapshot_is_refused(tmp_path):
    edition = soest()
    directory = write_snapshot(tmp_path / "wijken-en-buurten-2024", {
        "wijken-001.json": collection(*edition["wijken"]), "gemeenten-001.json": collection()})
    with pytest.raises(SourceError, match="gemeenten-001.json: onbekend bestand"):
        geo.read_edition(directory, SOEST)


def test_an_indicator_cannot_take_its_figures_from_the_map_source(tmp_path):
    text = CONFIG_FILE.read_text(encoding="utf-8")
    start = text.index("[[indicator]]")
    end = text.index("\n[[indicator]]", start + 1)
    first = text[start:end]
    source_line = next(line for line in first.splitlines() if line.startswith("source ="))
    changed = text[:start] + first.replace(source_line, 'source = "cbs_wijkbuurtkaart"') + text[end:]
    path = tmp_path / "soest.toml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(ConfigError, match="levert kaarten, geen cijfers"):
        load_config(path)


# --- simplification ----------------------------------------------------------------------------------------------


def test_simplification_keeps_rings_closed_reduces_points_and_winds_for_d3():
    outer = rectangle(5.30, 52.15, 5.33, 52.19, steps=40)  # 161 points, counter-clockwise (RFC 7946)
    hole = list(reversed(rectangle(5.31, 52.16, 5.32, 52.17, steps=40)))
    speck = list(reversed(rectangle(5.311, 52.161, 5.31101, 52.16101, steps=3)))  # 1 m: collapses
    text = geo.screen_geometry({"type": "Polygon", "coordinates": [outer, hole, speck]}, "test")
    assert " " not in text  # compact
    shape = json.loads(text)
    rings = shape["coordinates"]
    assert len(rings) == 2  # the collapsed hole is dropped
    for ring in rings:
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert all(len(str(c).split(".")[-1]) <= 5 for point in ring for c in point)
    assert len(rings[0]) == 5 and len(rings[1]) == 5  # 161 points on straight sides → the 4 corners
    assert geo._signed_area(rings[0]) < 0 < geo._signed_area(rings[1])  # outer clockwise, hole counter-clockwise


def test_simplification_never_drops_a_polygons_outer_ring():
    tiny = rectangle(5.3, 52.1, 5.30001, 52.10001, steps=2)  # about 1 m: collapses under the tolerance
    shape = json.loads(geo.screen_geometry({"type": "MultiPolygon", "coordinates": [[tiny]]}, "test"))
    ring = shape["coordinates"][0][0]
    assert ring[0] == ring[-1] and len(ring) >= 4


def test_douglas_peucker_keeps_a_corner_beyond_the_tolerance():
    points = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.00004), (3.0, 0.0), (3.0, 1.0), (4.0, 1.0)]
    assert geo.douglas_peucker(points, 0.00005) == [(0.0, 0.0), (3.0, 0.0), (3.0, 1.0), (4.0, 1.0)]


# --- run and demo ------------------------------------------------------------------------------------------------


def test_run_offline_includes_the_boundaries(ogc_server, tmp_path):
    raw = tmp_path / "raw"
    for source, table in (("cbs", "85984NED"), ("ggd", "50150NED"), ("gmsd", "85994NED"), ("iv3", "45067NED")):
        copy_as_real(DEMO_DIR / source / table, raw / source / table)
    assert run_geo(ogc_server, tmp_path, "--years", "2023,2024") == 0
    ogc_server.stop()
    warehouse = tmp_path / "run.duckdb"
    code = pipelines_main(["run", "--offline", "--years", "2024", "--raw-dir", str(raw), "--warehouse", str(warehouse),
                           "--config", str(CONFIG_FILE)])
    assert code == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sources = [row[0] for row in con.execute("SELECT DISTINCT source FROM load_log ORDER BY source").fetchall()]
        years = [row[0] for row in con.execute("SELECT DISTINCT year FROM region_boundary").fetchall()]
    assert "cbs_wijkbuurtkaart" in sources and "cbs_kwb" in sources
    assert years == [2024]  # run --years 2024: the 2024 edition only


def test_run_refuses_offline_when_the_config_names_the_map_but_none_is_saved(tmp_path, capsys):
    raw = tmp_path / "raw"
    for source, table in (("cbs", "85984NED"), ("ggd", "50150NED"), ("gmsd", "85994NED"), ("iv3", "45067NED")):
        copy_as_real(DEMO_DIR / source / table, raw / source / table)
    code = pipelines_main(["run", "--offline", "--years", "2024", "--raw-dir", str(raw),
                           "--warehouse", str(tmp_path / "run.duckdb"), "--config", str(CONFIG_FILE)])
    assert code == 1
    assert "geen opgeslagen snapshots van CBS Wijk- en Buurtkaart" in capsys.readouterr().err
    assert not (tmp_path / "run.duckdb").exists()


def test_the_demo_builds_with_demo_shapes_from_the_demo_folder(tmp_path, capsys):
    """A copy of the demo folder with a small demo edition: its shapes are loaded, marked as demo."""
    demo = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, demo, ignore=shutil.ignore_patterns("geo"))
    edition = soest()
    write_snapshot(demo / "geo" / "wijken-en-buurten-2024", {
        "wijken-001.json": collection(*edition["wijken"]), "buurten-001.json": collection(*edition["buurten"])},
        demo=True)
    warehouse = tmp_path / "demo.duckdb"
    assert pipelines_main(["demo", "--raw-dir", str(demo), "--warehouse", str(warehouse),
                           "--config", str(CONFIG_FILE)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT count(*), bool_and(l.is_demo) FROM region_boundary JOIN load_log l USING (load_id)"
                           ).fetchall()[0]
    assert rows == (len(expected_codes(2024)), True)


def test_a_real_edition_in_the_demo_folder_is_refused(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, demo, ignore=shutil.ignore_patterns("geo"))
    edition = soest()
    write_snapshot(demo / "geo" / "wijken-en-buurten-2024", {"wijken-001.json": collection(*edition["wijken"])})
    code = pipelines_main(["demo", "--raw-dir", str(demo), "--warehouse", str(tmp_path / "demo.duckdb"),
                           "--config", str(CONFIG_FILE)])
    assert code == 1


def test_the_bundled_demo_has_shapes_for_every_wijk(demo_warehouse):
    """Helper B's generated demo editions (data/raw/demo/geo/) are loaded by `demo`: every demo wijk has a shape."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        wijken = {row[0] for row in con.execute(
            "SELECT region_code FROM region WHERE level = 'wijk' AND gemeente_code = 'GM0342'").fetchall()}
        shaped = con.execute("SELECT b.year, b.region_code, b.level FROM region_boundary b"
                             " JOIN load_log l USING (load_id) WHERE l.is_demo").fetchall()
    assert shaped, "data/raw/demo/geo/ holds no demo editions of the Wijk- en Buurtkaart"
    latest = max(year for year, _, _ in shaped)
    assert {code for year, code, level in shaped if year == latest and level == "wijk"} >= wijken
