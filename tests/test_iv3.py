"""CBS Iv3 (lasten per taakveld): the source through the registry against the local StatLine server in the real
layout (paging, gemeente filter), loud coverage when a variable is missing, the demo snapshots, and the
lasten-per-inwoner comparison the Financiën page shows."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import CONFIG_FILE, DEMO_DIR
from iv3_recordings import EXPECTED, IV3_TABLES, OTHER, REFERENTIE, SOEST_61_2024, expected_lasten, serve_iv3
from statline_recordings import kwb_files
from statline_server import StatLineServer

from app import iv3 as page
from monitor import coverage
from monitor.tidy import OBSERVATION_SCHEMA, SourceTable
from pipelines import registry
from pipelines.__main__ import main as pipelines_main
from pipelines.config import load_config
from pipelines.refresh import load_tables
from pipelines.sources import cbs_iv3
from pipelines.statline.reader import read_statline
from tools.demo import iv3 as demo_iv3
from warehouse import queries

SOURCE_BLOCK = """[source.cbs_iv3]
title = "CBS Iv3: lasten per taakveld van gemeenten"
publisher = "CBS"

"""
JAARREKENING = """
[[indicator]]
code = "iv3_lasten"
title = "Lasten volgens de jaarrekening (Iv3)"
unit = "euro"
definition = "Lasten per taakveld volgens de jaarrekening (Iv3)."
source = "cbs_iv3"
higher_is_better = "none"
decimals = 0
cbs = { stem = "k_1ePlaatsing", group = "jaarrekening", factor = 1000 }
"""
BEGROTING = JAARREKENING.replace('"iv3_lasten"', '"iv3_lasten_begroting"').replace('"jaarrekening"', '"begroting"') \
    .replace("volgens de jaarrekening", "volgens de begroting")


def _without_iv3(text: str) -> str:
    """The config text without its own Iv3 source and indicators: each test writes the ones it is about."""
    if "[source.cbs_iv3]" in text:
        start = text.index("[source.cbs_iv3]")
        text = text[:start] + text[text.index("\n\n", start) + 2:]
    if "\ncode = \"iv3_lasten\"" in text:
        text = text[:text.rindex("[[indicator]]", 0, text.index("\ncode = \"iv3_lasten\""))]
    return text


def _config(tmp_path: Path, indicators: str = JAARREKENING + BEGROTING) -> Path:
    """The Soest config with the Iv3 source, its indicators and (when it has none) Baarn and De Bilt as
    referentiegemeenten."""
    text = _without_iv3(CONFIG_FILE.read_text(encoding="utf-8"))
    extra = SOURCE_BLOCK
    if "[vergelijking]" not in text:
        extra += '[vergelijking]\nreferentiegemeenten = ["GM0308", "GM0310"]\n\n'
    path = tmp_path / "soest.toml"
    path.write_text(text.replace("[privacy]\n", extra + "[privacy]\n", 1) + "\n" + indicators, encoding="utf-8")
    config = load_config(path)
    assert set(REFERENTIE) <= set(config.comparison.referentiegemeenten), "the test needs Baarn and De Bilt"
    return path


def _load(server: StatLineServer, tmp_path: Path, config: Path, *extra: str) -> int:
    return pipelines_main(["iv3", "--http", "--catalog-url", server.catalog_url, "--raw-dir", str(tmp_path / "raw"),
                           "--warehouse", str(tmp_path / "monitor.duckdb"), "--config", str(config), *extra])


def _observations(warehouse: Path, indicator: str = "iv3_lasten") -> pl.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql("SELECT region_code, year, breakdown, value, status FROM observation "
                       "WHERE indicator_code = $indicator ORDER BY ALL", params={"indicator": indicator}).pl()


def _value(frame: pl.DataFrame, region: str, year: int, breakdown: str):
    rows = frame.filter((pl.col("region_code") == region) & (pl.col("year") == year)
                        & (pl.col("breakdown").str.starts_with(breakdown + " ") | (pl.col("breakdown") == breakdown)))
    assert rows.height == 1, (region, year, breakdown, rows)
    return rows["value"][0], rows["status"][0]


def test_iv3_is_a_statline_source_of_the_registry_with_its_own_reader_and_command():
    assert registry.source_kinds()["cbs_iv3"] == "statline"
    spec = cbs_iv3.SOURCE
    assert spec in registry.statline_sources() and spec.load_hint == "python -m pipelines iv3"
    assert (spec.catalog, spec.region_dimensions, spec.read, spec.row_filter) == (
        "dataderden.cbs.nl", ("Gemeenten",), cbs_iv3.read_iv3, cbs_iv3.row_filter)
    assert spec.year_of_title("Gemeenten 2020 onbewerkte Iv3-data ") == 2020
    assert spec.year_of_title("Provincies 2026 onbewerkte Iv3-data") is None


def test_download_follows_the_pages_and_keeps_only_the_gemeente_and_its_referentiegemeenten(tmp_path):
    config = _config(tmp_path)
    with StatLineServer(page_size=50) as server:
        serve_iv3(server)
        assert _load(server, tmp_path, config, "--years", "2023-2025") == 0
        requests = list(server.requests)
    # Every page of every table was followed (the server hands out 50 rows per page, the tables hold hundreds).
    data = [r for r in requests if "/45067NED/TypedDataSet" in r]
    assert len(data) > 5 and any("$skiptoken=" in r for r in data)
    # The gemeente filter the monitor asks for (the test server ignores it on purpose, like CBS may).
    first = data[0]
    for wanted in ("startswith(Gemeenten,'GM0342')", "startswith(Gemeenten,'GM0308')",
                   "startswith(Gemeenten,'GM0310')", "startswith(Categorie,'L')"):
        assert wanted in first
    manifest = json.loads((tmp_path / "raw" / IV3_TABLES[2024] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == "cbs_iv3" and "startswith(Gemeenten,'GM0342')" in manifest["filter"]

    lasten = _observations(tmp_path / "monitor.duckdb")
    assert OTHER not in set(lasten["region_code"])  # Utrecht is in the table, not in [vergelijking]
    assert set(lasten["region_code"]) == {"GM0342", *REFERENTIE}
    # The lasten of a taakveld are the sum over its L-categorieën, in euro; baten and balansposten never count.
    assert _value(lasten, "GM0342", 2024, "6.1") == (EXPECTED[2024, "GM0342", "6.1", "X005"], "definitief")
    assert EXPECTED[2024, "GM0342", "6.1", "X005"] == sum(SOEST_61_2024.values()) * 1000
    assert _value(lasten, "GM0342", 2024, "0.10")[0] == EXPECTED[2024, "GM0342", "0.10", "X005"]
    for region in ("GM0342", *REFERENTIE):
        for year in (2023, 2024):
            for taakveld in ("0.1", "6.3", "6.72", "7.1"):
                if expected_lasten(year, region, taakveld) is not None:
                    assert _value(lasten, region, year, taakveld)[0] == pytest.approx(
                        expected_lasten(year, region, taakveld))
            # 'totaal' leaves out 0.10 (mutaties reserves): bookkeeping, not spending.
            total = expected_lasten(year, region, None)
            if total is not None:
                assert _value(lasten, region, year, "totaal")[0] == pytest.approx(total)
    assert not lasten["breakdown"].str.starts_with("P11").any()
    # Baarn delivered no jaarrekening 2024: no taakvelden, a 'totaal' without a figure.
    baarn = lasten.filter((pl.col("region_code") == "GM0308") & (pl.col("year") == 2024))
    assert baarn.rows() == [("GM0308", 2024, "totaal", None, "ontbreekt")]
    begroting = _observations(tmp_path / "monitor.duckdb", "iv3_lasten_begroting")
    assert _value(begroting, "GM0342", 2023, "0.10")[0] == EXPECTED[2023, "GM0342", "0.10", "X000"]
    assert _value(begroting, "GM0308", 2024, "totaal")[1] == "definitief"  # Baarn's begroting is there
    assert 2025 in set(begroting["year"]) and 2025 not in set(lasten["year"])

    with duckdb.connect(str(tmp_path / "monitor.duckdb"), read_only=True) as con:
        names = dict(con.execute("SELECT region_code, name FROM region").fetchall())
        report = queries.coverage_report(con)
    assert names["GM0310"] == "De Bilt" and names["GM0342"] == "Soest"
    # 2025 holds only the begroting: the jaarrekening indicator says so, it is not a failure.
    row = report.filter((pl.col("indicator_code") == "iv3_lasten") & (pl.col("year") == 2025))
    assert row["state"].to_list() == [coverage.NO_VALUE]
    assert "45071NED bevat (nog) geen jaarrekening 2025" in row["detail"][0]


def test_a_missing_variable_is_reported_loudly_and_refused_with_strict(tmp_path):
    broken = JAARREKENING.replace('stem = "k_1ePlaatsing"', 'stem = "k_3ePlaatsing"')
    config = _config(tmp_path, broken + BEGROTING)
    with StatLineServer() as server:
        serve_iv3(server)
        assert _load(server, tmp_path, config, "--years", "2024") == 0
        with duckdb.connect(str(tmp_path / "monitor.duckdb"), read_only=True) as con:
            report = queries.coverage_report(con)
        row = report.filter((pl.col("indicator_code") == "iv3_lasten") & (pl.col("year") == 2024))
        assert row["state"].to_list() == [coverage.NO_VARIABLE]
        assert "tabel 45067NED heeft geen variabele k_3ePlaatsing" in row["detail"][0]
        assert _observations(tmp_path / "monitor.duckdb").is_empty()
        assert not _observations(tmp_path / "monitor.duckdb", "iv3_lasten_begroting").is_empty()

        strict = tmp_path / "strict"
        strict.mkdir()
        assert _load(server, strict, config, "--years", "2024", "--strict") == 1
        assert not (strict / "monitor.duckdb").exists() or _observations(strict / "monitor.duckdb").is_empty()


def test_an_indicator_that_names_no_verslag_or_divides_by_inwoners_is_unusable(tmp_path):
    no_verslag = JAARREKENING.replace(', group = "jaarrekening"', "")
    per = BEGROTING.replace("factor = 1000", 'factor = 1000, per = "AantalInwoners"')
    config = load_config(_config(tmp_path, no_verslag + per))
    table = _read_recorded(tmp_path, config, 2024)
    by_code = {row["indicator_code"]: row for row in table.coverage.iter_rows(named=True)}
    assert by_code["iv3_lasten"]["state"] == coverage.UNUSABLE
    assert 'group = "jaarrekening"' in by_code["iv3_lasten"]["detail"]
    assert by_code["iv3_lasten_begroting"]["state"] == coverage.UNUSABLE
    assert "geen inwoners" in by_code["iv3_lasten_begroting"]["detail"]
    assert table.observations.is_empty()


def test_a_table_of_another_layout_is_refused_with_what_is_wrong(tmp_path, capsys):
    config = _config(tmp_path)
    with StatLineServer() as server:
        server.add_table(IV3_TABLES[2024], kwb_files(2024))  # a Kerncijfers table behind an Iv3 id
        assert _load(server, tmp_path, config, "--years", "2024") == 1
    message = capsys.readouterr().err
    assert "45067NED" in message and "TaakveldBalanspost, Categorie, Gemeenten, Verslagsoort" in message
    assert not (tmp_path / "raw" / IV3_TABLES[2024]).exists()  # never swapped into place


def _read_recorded(tmp_path: Path, config, year: int) -> SourceTable:
    with StatLineServer() as server:
        serve_iv3(server)
        args = ["iv3", "--http", "--catalog-url", server.catalog_url, "--raw-dir", str(tmp_path / "raw"),
                "--warehouse", str(tmp_path / "scratch.duckdb"), "--config", str(config.path), "--years", str(year)]
        pipelines_main(args)
    return read_statline(tmp_path / "raw" / IV3_TABLES[year], config, cbs_iv3.SOURCE)


def _inwoners(tmp_path: Path, figures: dict[tuple[str, int], float]) -> SourceTable:
    """Inwoners of the gemeenten as another source would load them (KWB: indicator 'inwoners')."""
    observations = pl.DataFrame(
        [{"indicator_code": "inwoners", "region_code": code, "year": year, "period": "jaar", "breakdown": "totaal",
          "value": value, "status": "definitief", "ci_low": None, "ci_high": None, "rounded_to": None}
         for (code, year), value in figures.items()], schema=OBSERVATION_SCHEMA)
    codes = sorted({code for code, _ in figures})
    names = {"GM0342": "Soest", "GM0308": "Baarn", "GM0310": "De Bilt"}
    regions = pl.DataFrame({"region_code": codes, "name": [names[code] for code in codes], "level": ["gemeente"] * len(codes),
                            "parent_code": ["NL00"] * len(codes), "gemeente_code": codes,
                            "name_year": [None] * len(codes)},
                           schema={"region_code": pl.String, "name": pl.String, "level": pl.String,
                                   "parent_code": pl.String, "gemeente_code": pl.String, "name_year": pl.Int32})
    return SourceTable(source="cbs_kwb", table_id="inwoners-test", year=None, directory=tmp_path, sha256="0" * 64,
                       is_demo=False, regions=regions, observations=observations)


def test_lasten_per_inwoner_of_the_gemeente_beside_its_referentiegemeenten(tmp_path):
    config_path = _config(tmp_path)
    with StatLineServer() as server:
        serve_iv3(server)
        assert _load(server, tmp_path, config_path, "--years", "2023-2024") == 0
    inwoners = {("GM0342", 2024): 47_550, ("GM0310", 2024): 44_000, ("GM0342", 2023): 47_345}  # no Baarn
    load_tables(tmp_path / "monitor.duckdb", load_config(config_path), [_inwoners(tmp_path, inwoners)])

    with duckdb.connect(str(tmp_path / "monitor.duckdb"), read_only=True) as con:
        latest = queries.iv3_lasten_per_inwoner(con, "iv3_lasten")
        earlier = queries.iv3_lasten_per_inwoner(con, "iv3_lasten", 2023)
        years = queries.iv3_years(con, "iv3_lasten")
    assert years == [2024, 2023]
    assert set(latest["year"]) == {2024} and set(earlier["year"]) == {2023}
    assert latest["region_code"].unique(maintain_order=True).to_list() == ["GM0342", *REFERENTIE]
    assert latest.filter(pl.col("region_code") == "GM0342")["role"].unique().to_list() == ["gemeente"]
    soest_61 = latest.filter((pl.col("region_code") == "GM0342") & pl.col("breakdown").str.starts_with("6.1 "))
    assert soest_61["per_inwoner"][0] == pytest.approx(EXPECTED[2024, "GM0342", "6.1", "X005"] / 47_550)
    # No inwoners loaded for Baarn (and no jaarrekening): no per-inwoner figure, never a guess.
    assert latest.filter(pl.col("region_code") == "GM0308")["per_inwoner"].is_null().all()

    table = page.comparison_table(latest)
    assert table.columns[:4] == ["Taakveld", "Soest", "Baarn", "De Bilt"]
    assert table["Taakveld"].to_list()[:2] == [page.TOTAL_LABEL, page.SUBTOTAL_LABEL]
    taakvelden = table["Taakveld"].to_list()[2:]
    assert [t.split(" ")[0] for t in taakvelden] == ["6.1", "6.2", "6.3", "6.71", "6.72", "7.1"]
    row = table.filter(pl.col("Taakveld").str.starts_with("6.1 ")).row(0, named=True)
    de_bilt = expected_lasten(2024, "GM0310", "6.1") / 44_000
    assert row["Soest"] == pytest.approx(EXPECTED[2024, "GM0342", "6.1", "X005"] / 47_550)
    assert row["De Bilt"] == pytest.approx(de_bilt) and row["Baarn"] is None
    assert row[page.MEDIAN] == pytest.approx(de_bilt)  # the median of the gemeenten with a figure
    assert row[page.DIFFERENCE] == pytest.approx(row["Soest"] - de_bilt)
    subtotal = table.filter(pl.col("Taakveld") == page.SUBTOTAL_LABEL).row(0, named=True)
    sociaal = sum(expected_lasten(2024, "GM0342", t) for t in ("6.1", "6.2", "6.3", "6.71", "6.72", "7.1"))
    assert subtotal["Soest"] == pytest.approx(sociaal / 47_550)
    assert any("Baarn" in note and "nog niet aangeleverd" in note for note in page.notes(latest))
    chart = page.chart_rows(latest)
    assert chart["rol"].unique(maintain_order=True).to_list() == ["deze gemeente", "vergelijkingsgemeente"]
    assert "Baarn" not in set(chart["gemeente"])


def test_taakveld_selection_and_order_are_by_code():
    assert page.in_taakvelden("6.71a Huishoudelijke hulp", ("6.",))
    assert page.in_taakvelden("7.1 Volksgezondheid", ("7.1",)) and not page.in_taakvelden("7.11 Iets", ("7.1",))
    assert not page.in_taakvelden("totaal", None) and page.in_taakvelden("0.1 Bestuur", None)
    codes = ["0.10", "0.2", "0.61", "0.11", "0.9", "0.1", "6.72", "6.711", "6.71a", "6.71", "6.2"]
    assert sorted(codes, key=page._sort_key) == ["0.1", "0.2", "0.61", "0.9", "0.10", "0.11",
                                                 "6.2", "6.71", "6.71a", "6.711", "6.72"]
    assert page.notes(pl.DataFrame(schema=queries.IV3_COLUMNS))[0].startswith("Er zijn nog geen Iv3-lasten")


def test_the_demo_snapshots_are_the_generator_output_and_load_as_demo(tmp_path):
    written = demo_iv3.generate(tmp_path)
    for directory in written:
        committed = DEMO_DIR / "iv3" / directory.name
        for file in directory.iterdir():
            assert file.read_bytes() == (committed / file.name).read_bytes(), file.name
    config = load_config(_config(tmp_path))
    table = read_statline(DEMO_DIR / "iv3" / demo_iv3.TABLES[2024], config, cbs_iv3.SOURCE)
    assert table.is_demo and table.year == 2024
    totals = table.observations.filter(pl.col("breakdown") == "totaal")
    assert set(totals["region_code"]) == {"GM0342", *config.comparison.referentiegemeenten} & \
        {code for code, *_ in demo_iv3.GEMEENTEN}
    assert totals.filter(pl.col("indicator_code") == "iv3_lasten")["value"].min() > 1_000_000
    later = read_statline(DEMO_DIR / "iv3" / demo_iv3.TABLES[2025], config, cbs_iv3.SOURCE)
    assert later.observations.filter(pl.col("indicator_code") == "iv3_lasten").is_empty()
    assert not later.observations.filter(pl.col("indicator_code") == "iv3_lasten_begroting").is_empty()


def test_the_demo_build_loads_the_iv3_lasten_beside_the_referentiegemeenten(tmp_path):
    config = _config(tmp_path)
    warehouse = tmp_path / "monitor.duckdb"
    assert pipelines_main(["demo", "--warehouse", str(warehouse), "--config", str(config)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = queries.iv3_lasten_per_inwoner(con, "iv3_lasten")
        demo = con.execute("SELECT bool_and(is_demo) FROM load_log WHERE source = 'cbs_iv3'").fetchall()[0][0]
    assert demo is True
    assert set(frame["year"]) == {2024}  # the jaarrekening 2025 is not in the demo table yet
    totals = frame.filter(pl.col("breakdown") == "totaal")
    assert totals["role"][0] == "gemeente" and totals.height > 1
    assert totals["per_inwoner"].is_not_null().all()  # the demo Kerncijfers hold the referentiegemeenten' inwoners
    table = page.comparison_table(frame)
    assert table[page.MEDIAN].is_not_null().all()
