"""`pipelines demo` end to end: the demo files in CBS's own format through the real loader into DuckDB."""

from __future__ import annotations

import json

import duckdb
import pytest

from pipelines.__main__ import main as pipelines_main
from pipelines.statline.snapshot import stem_of

from conftest import CONFIG_FILE, DEMO_DIR

YEARS = list(range(2019, 2026))


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


def _demo_table(year: int) -> dict[str, object]:
    for directory in sorted((DEMO_DIR / "cbs").iterdir()):
        info = json.loads((directory / "TableInfos.json").read_text(encoding="utf-8"))[0]
        if info["Period"].strip() == str(year):
            return {
                "properties": json.loads((directory / "DataProperties.json").read_text(encoding="utf-8")),
                "rows": json.loads((directory / "TypedDataSet.json").read_text(encoding="utf-8")),
            }
    raise AssertionError(f"no demo table for {year}")


def _key(table, stem: str) -> str | None:
    return next((p["Key"] for p in table["properties"] if p.get("Type") == "Topic" and stem_of(p["Key"]) == stem), None)


def _raw_value(table, code: str, stem: str):
    key = _key(table, stem)
    row = next(r for r in table["rows"] if r["WijkenEnBuurten"].strip() == code)
    return row[key]


def test_regions_and_counts(con):
    levels = dict(con.execute("SELECT level, count(*) FROM region GROUP BY level").fetchall())
    # Soest and the gemeenten it compares itself with ([vergelijking]: their gemeente rows, never their wijken).
    compared = con.execute("SELECT count(DISTINCT region_code) FROM comparison_region WHERE role <> 'provincie'").fetchall()[0][0]
    assert levels["land"] == 1 and levels["gemeente"] == 1 + compared and levels["wijk"] == 8
    assert levels["buurt"] >= 8 * 3
    wijken = {name for (name,) in con.execute("SELECT name FROM region WHERE level = 'wijk'").fetchall()}
    assert wijken == {
        "Boerenstreek", "De Eng Soest-midden", "Klaarwater", "Overhees",
        "Smitsveen", "Soestdijk 't Hart", "Soesterberg", "Soest-Zuid",
    }
    counts = dict(con.execute("SELECT 'opgave', count(*) FROM opgave UNION ALL SELECT 'goal', count(*) FROM goal").fetchall())
    assert counts == {"opgave": 5, "goal": 19}
    loads = dict(con.execute("SELECT source, count(*) FROM load_log WHERE is_demo AND status = 'geladen' GROUP BY source").fetchall())
    assert loads == {"cbs_kwb": 7, "rivm_gezondheid": 1, "cbs_gmsd": 3, "partner": 1, "kis_wijkmonitor": 3,
                     "financien": 1, "cbs_iv3": 3, "cbs_wijkbuurtkaart": 4}


def test_hierarchy_follows_the_codes(con):
    rows = con.execute("SELECT region_code, level, parent_code, gemeente_code FROM region").fetchall()
    by_code = {code: (level, parent) for code, level, parent, _ in rows}
    for code, level, parent, gemeente in rows:
        assert code == code.strip()
        if level == "buurt":
            assert by_code[parent][0] == "wijk" and code.startswith("BU0342") and parent == "WK" + code[2:8]
        elif level == "wijk":
            assert parent == "GM0342"
        elif level == "gemeente":
            assert parent == "NL00"
        else:
            assert code == "NL00" and parent is None and gemeente is None
        if level in ("wijk", "buurt"):
            assert gemeente == "GM0342"
        elif level == "gemeente":
            assert gemeente == code  # Soest, or a gemeente it compares itself with


def test_renumbered_variables_land_on_one_indicator_in_every_year(con):
    keys = {_key(_demo_table(year), "HuishoudensTotaal") for year in YEARS}
    assert len(keys) > 1, "the demo must renumber suffixes between years, as CBS does"
    years = con.execute(
        "SELECT list(year ORDER BY year) FROM observation WHERE indicator_code = 'huishoudens' AND region_code = 'GM0342'"
    ).fetchone()[0]
    assert years == YEARS
    for year in YEARS:
        expected = _raw_value(_demo_table(year), "GM0342", "HuishoudensTotaal")
        loaded = con.execute(
            "SELECT value FROM observation WHERE indicator_code = 'huishoudens' AND region_code = 'GM0342' AND year = ?",
            [year],
        ).fetchone()[0]
        assert loaded == expected


def test_derived_share_is_computed_from_the_raw_counts(con):
    table = _demo_table(2023)
    expected = _raw_value(table, "WK034206", "k_65JaarOfOuder") / _raw_value(table, "WK034206", "AantalInwoners") * 100
    loaded = con.execute(
        "SELECT value FROM observation WHERE indicator_code = 'aandeel_65plus' AND region_code = 'WK034206' AND year = 2023"
    ).fetchone()[0]
    assert loaded == pytest.approx(expected)


def test_nulls_stay_null_with_a_status_never_zero(con):
    missing = dict(con.execute("SELECT status, count(*) FROM observation WHERE value IS NULL GROUP BY status").fetchall())
    assert set(missing) == {"ontbreekt", "geheim", "reeksbreuk"} and missing["ontbreekt"] > 0
    # 'geheim' here only for partner counts below the privacy threshold (demo 50150NED's 'x' has no separate status).
    secret_sources = con.execute(
        "SELECT DISTINCT l.source, i.unit FROM observation o JOIN load_log l USING (load_id)"
        " JOIN indicator i USING (indicator_code) WHERE o.status = 'geheim'"
    ).fetchall()
    assert secret_sources == [("partner", "aantal")]
    # The 2025 table has no income figures yet: every row is a NULL, none a 0.
    statuses = con.execute(
        "SELECT DISTINCT status FROM observation WHERE indicator_code = 'personen_in_armoede' AND year = 2025"
    ).fetchall()
    assert statuses == [("ontbreekt",)]
    # From 2024 the old household measure is a recorded break, not a missing year.
    statuses = con.execute(
        "SELECT DISTINCT status FROM observation WHERE indicator_code = 'laag_inkomen' AND year >= 2024"
    ).fetchall()
    assert statuses == [("reeksbreuk",)]
    # Each null in the raw file is a NULL in the warehouse.
    table = _demo_table(2023)
    key = _key(table, "HuishoudensMetEenLaagInkomen")
    null_codes = {r["WijkenEnBuurten"].strip() for r in table["rows"] if r[key] is None}
    assert null_codes, "the demo must suppress some values"
    loaded = con.execute(
        "SELECT region_code, value, status FROM observation WHERE indicator_code = 'laag_inkomen' AND year = 2023"
        f" AND region_code IN ({', '.join('?' * len(null_codes))})",
        sorted(null_codes),
    ).fetchall()
    assert {(code, value, status) for code, value, status in loaded} == {(c, None, "ontbreekt") for c in null_codes}


def test_the_demo_tables_carry_the_real_keys_and_the_real_series_changes():
    """Anchors from shared/reference/statline-real-layouts.md: what the loader meets in real tables, it meets here."""
    def keys(year: int) -> set[str]:
        return {p["Key"] for p in _demo_table(year)["properties"] if p.get("Type") == "Topic"}

    assert {"HuishoudensMetEenLaagInkomen_75", "HuishOnderOfRondSociaalMinimum_76", "HuishoudensTot120VanSociaalMinimum_78",
            "PersonenPerSoortUitkeringBijstand_80", "PercentageJongerenMetJeugdzorg_85", "WmoClientenRelatief_87",
            "WestersTotaal_17", "NietWestersTotaal_18"} <= keys(2019)
    assert {"HuishoudensMetEenLaagInkomen_87", "HuishOnderOfRondSociaalMinimum_88", "PersonenPerSoortUitkeringBijstand_92"} <= keys(2023)
    for year in (2024, 2025):
        assert {"PersonenInArmoede_81", "PersonenTot25BovenArmoedegrens_82", "PersonenPerSoortUitkeringBijstand_87",
                "PercentageJongerenMetJeugdzorg_92", "WmoClientenRelatief_94", "IndelingswijzigingGemeenteWijkBuurt_4",
                "Nederland_17", "BuitenEuropa_19", "Nederland_20", "BuitenEuropa_22", "BuitenEuropa_24"} <= keys(year)
        assert not {stem_of(key) for key in keys(year)} & {
            "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", "HuishoudensTot120VanSociaalMinimum",
            "WestersTotaal", "NietWestersTotaal"}
    ggd = json.loads((DEMO_DIR / "ggd" / "50150NED" / "DataProperties.json").read_text(encoding="utf-8"))
    assert {"GoedErvarenGezondheid_4", "HoogRisicoAngststoornisOfDepressie_14", "HeelVeelStressAfg4Weken_17",
            "SterkEenzaam_26", "RooktTabak_35", "VoldoetAanDeBeweegrichtlijn_40"} <= {p["Key"] for p in ggd}


def test_every_catalogue_indicator_finds_its_variable_in_the_demo(tmp_path, capsys):
    """--strict: the demo is complete; on real tables the same command names what is missing (test_statline_ingest)."""
    assert pipelines_main(["demo", "--strict", "--warehouse", str(tmp_path / "streng.duckdb"), "--config", str(CONFIG_FILE)]) == 0
    out = capsys.readouterr().out
    assert "Variabele niet" not in out and "45 van de 45 indicatoren" in out


def test_provisional_topics_half_years_and_rounding_reach_the_warehouse(con):
    assert con.execute("SELECT DISTINCT status FROM observation WHERE indicator_code = 'personen_in_armoede'"
                       " AND year = 2024 AND value IS NOT NULL").fetchall() == [("voorlopig",)]
    assert con.execute("SELECT DISTINCT status FROM observation WHERE indicator_code = 'inwoners' AND year = 2024").fetchall() \
        == [("definitief",)]
    periods = con.execute("SELECT DISTINCT period FROM observation WHERE indicator_code = 'clienten_sociaal_domein'"
                          " ORDER BY 1").fetchall()
    assert periods == [("1e halfjaar",), ("2e halfjaar",), ("jaar",)]
    rounded = dict(con.execute("SELECT r.level, max(o.rounded_to) FROM observation o JOIN region r USING (region_code)"
                               " WHERE o.indicator_code = 'bijstand_per_1000' GROUP BY 1").fetchall())
    assert rounded == {"land": None, "gemeente": None, "wijk": 10, "buurt": 10}


def test_the_latest_years_name_wins(con):
    assert con.execute("SELECT name FROM region WHERE region_code = 'WK034206'").fetchone()[0] == "Soestdijk 't Hart"


def test_status_reports_load_log_and_counts(demo_warehouse, capsys):
    assert pipelines_main(["status", "--warehouse", str(demo_warehouse), "--config", str(CONFIG_FILE)]) == 0
    out = capsys.readouterr().out
    assert "VOORBEELDDATA" in out and "observation" in out and "85984NED" in out


def test_rebuilding_the_demo_gives_the_same_figures(demo_warehouse, tmp_path, con):
    again = tmp_path / "opnieuw.duckdb"
    assert pipelines_main(["demo", "--warehouse", str(again), "--config", str(CONFIG_FILE)]) == 0
    query = "SELECT indicator_code, region_code, year, period, breakdown, value, status FROM observation ORDER BY ALL"
    with duckdb.connect(str(again), read_only=True) as other:
        assert other.execute(query).fetchall() == con.execute(query).fetchall()
