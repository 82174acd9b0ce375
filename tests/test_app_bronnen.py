"""The Bronnen en kwaliteit page through Streamlit's AppTest, on the real demo warehouse.

Every figure the page shows or offers for download is checked against the
warehouse file itself, read with duckdb, not through the app's own queries.
The downloads are built by the very callables the page hands to its download
buttons (captured when Streamlit registers them), so what is tested is what a
click delivers.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import polars as pl
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app import export
from pipelines.__main__ import main as pipelines_main

from app_pages import dutch_number, open_page, page_text, parse_csv, query
from conftest import CONFIG_FILE

PAGE = "views/bronnen.py"
OBSERVATION_KEY = ("indicator", "regio_code", "jaar", "uitsplitsing")


@pytest.fixture
def bronnen(demo_warehouse, monkeypatch, downloads) -> AppTest:
    return open_page(demo_warehouse, monkeypatch, PAGE)


def table(app: AppTest, column: str) -> pl.DataFrame:
    """The dataframe on screen that has this column."""
    frames = [pl.from_pandas(element.value) for element in app.dataframe if column in element.value.columns]
    assert len(frames) == 1, f"expected one table with column {column}"
    return frames[0]


def shown_columns(app: AppTest, column: str) -> list[str]:
    [element] = [element for element in app.dataframe if column in element.value.columns]
    return list(element.proto.column_order)


# --- the page ---------------------------------------------------------------------------------------------


def test_renders_with_title_banner_and_sections(bronnen):
    assert [t.value for t in bronnen.title] == ["Bronnen en kwaliteit"]
    assert any("Voorbeelddata — fictieve cijfers" in w.value for w in bronnen.warning)
    headers = [h.value for h in bronnen.header]
    assert headers == ["Bronnen", "Indicatoren en definities", "Hiaten: indicatoren zonder recent cijfer", "Downloads"]
    assert "Zo leest u de cijfers" in page_text(bronnen)  # the status legend: the downloads carry statuses


def test_each_source_is_listed_with_its_rows_load_time_and_demo_flag(bronnen, demo_warehouse):
    rows = dict(query(demo_warehouse, """
        SELECT source, sum(rows_loaded) FROM load_log
        WHERE status = 'geladen' AND load_id IN (SELECT max(load_id) FROM load_log GROUP BY source, table_id)
        GROUP BY source"""))
    sources = query(demo_warehouse, "SELECT source_code, title, publisher FROM source")
    assert len(sources) == 4
    markdown = [m.value for m in bronnen.markdown]
    for code, title, publisher in sources:
        [at] = [index for index, value in enumerate(markdown) if value.startswith(f"**{title}**")]
        card, status = markdown[at], markdown[at + 1]
        assert publisher in card
        assert "voorbeelddata" in card, "demo data must say so on the source itself"
        assert status.startswith("✓ geladen op ")
        thousands = f"{rows[code]:,}".replace(",", ".")
        assert f"**{thousands} rijen**" in status
    assert "**7.260 rijen** uit 1 tabel of bestand" in page_text(bronnen)  # RIVM 50150NED, all measurement years


def test_load_log_shows_every_table_with_a_shortened_sha256(bronnen, demo_warehouse):
    log = query(demo_warehouse, "SELECT coalesce(table_id, location), rows_loaded, sha256, year FROM load_log")
    shown = table(bronnen, "sha256_kort")
    assert shown.height == len(log)
    on_screen = {(row["tabel_of_bestand"], row["rijen_geladen"], row["sha256_kort"]) for row in shown.iter_rows(named=True)}
    assert on_screen == {(name, rows, sha[:12] + "…") for name, rows, sha, _ in log}
    columns = shown_columns(bronnen, "sha256_kort")
    assert "sha256_kort" in columns and "sha256" not in columns, "the full hash is for the download, not the screen"
    assert set(shown["soort_gegevens"]) == {"voorbeelddata"}
    assert {"85984NED", "50150NED", "demo-partners-soest.xlsx"} <= set(shown["tabel_of_bestand"])


def test_load_log_download_has_the_full_sha256(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_laadlog.csv")())
    assert {row["sha256"] for row in rows} == {sha for (sha,) in query(demo_warehouse, "SELECT sha256 FROM load_log")}
    assert all(len(row["sha256"]) == 64 for row in rows)
    assert {row["soort_gegevens"] for row in rows} == {"voorbeelddata"}


def test_catalog_lists_all_33_indicators_with_their_definitions(bronnen, demo_warehouse):
    expected = query(demo_warehouse, """
        SELECT i.indicator_code, i.title, i.definition, i.unit, s.title, i.higher_is_better
        FROM indicator i JOIN source s ON s.source_code = i.source ORDER BY i.sort_order""")
    catalog = table(bronnen, "definitie")
    assert len(expected) == 33
    assert catalog["indicator"].to_list() == [row[0] for row in expected]
    direction = {True: "hoger is beter", False: "lager is beter", None: "geen richting"}
    for row, (code, title, definition, unit, source, higher) in zip(catalog.iter_rows(named=True), expected):
        assert (row["titel"], row["definitie"], row["eenheid"], row["bron"]) == (title, definition, unit, source), code
        assert row["richting"] == direction[higher], code
    by_code = {row["indicator"]: row for row in catalog.iter_rows(named=True)}
    assert by_code["laag_inkomen"]["jaren"] == "2019–2023"  # the 2024 table has no income figures yet
    assert by_code["aandeel_65plus"]["afleiding"] == "k_65JaarOfOuder / AantalInwoners × 100"
    assert by_code["eenzaam"]["uitsplitsingen"] == "18 tot 65 jaar, 65 jaar of ouder"
    assert by_code["inwoners"]["uitsplitsingen"] == "alleen totaal"
    assert by_code["netto_arbeidsparticipatie"]["afleiding"] == "zoals geleverd in KIS-wijkmonitor"
    assert by_code["eenzaam"]["doel"].startswith("2. ")
    [element] = [element for element in bronnen.dataframe if "definitie" in element.value.columns]
    assert '"label": "Definitie"' in element.proto.columns  # Dutch headers on screen (column_config)


def test_gaps_are_exactly_the_indicators_without_a_recent_figure(bronnen, demo_warehouse):
    this_year = dt.date.today().year
    expected = {code for (code,) in query(demo_warehouse, """
        WITH per AS (
            SELECT i.indicator_code, i.source,
                   max(o.year) FILTER (WHERE o.value IS NOT NULL AND o.region_code = 'GM0342') AS published,
                   max(o.year) AS loaded
            FROM indicator i LEFT JOIN observation o USING (indicator_code) GROUP BY ALL),
        newest AS (SELECT source, max(loaded) AS newest FROM per GROUP BY source)
        SELECT indicator_code FROM per JOIN newest USING (source)
        WHERE published IS NULL OR loaded > published OR loaded < newest OR ? - published > 2""", [this_year])}
    gaps = table(bronnen, "hiaat")
    assert set(gaps["indicator"]) == expected
    reasons = dict(zip(gaps["indicator"], gaps["hiaat"]))
    # CBS's 2024 table is loaded, but carries no income figures yet: a real gap in the demo data.
    assert "laag_inkomen" in expected
    assert reasons["laag_inkomen"].startswith("2024 geladen, maar (nog) niet gepubliceerd")
    # KIS has 2024 (arbeidsparticipatie) but startkwalificatie stops at 2023.
    assert reasons["startkwalificatie"].startswith("bron heeft al 2024, zonder dit cijfer")
    assert "eenzaam" not in expected  # RIVM 2024 is recent
    assert f"{len(expected)} van de 33 indicatoren" in page_text(bronnen)
    assert "meer dan 2 jaar oud" in page_text(bronnen), "the page states its rule"


def test_a_source_that_was_never_loaded_says_so(warehouse, monkeypatch, downloads):
    """Only CBS loaded (as real data): RIVM, KIS and partner have never been loaded."""
    app = open_page(warehouse, monkeypatch, PAGE)
    notices = [i.value for i in app.info]
    assert sum("Nog nooit geladen" in notice for notice in notices) == 3
    cards = "\n".join(m.value for m in app.markdown)
    assert "voorbeelddata" not in cards and "echte gegevens" in cards
    assert "python -m pipelines partner BESTAND.xlsx" in page_text(app)
    gaps = table(app, "hiaat")
    reasons = dict(zip(gaps["indicator"], gaps["hiaat"]))
    assert reasons["eenzaam"] == reasons["aanvragen_leergeld"] == "nog geen cijfers geladen"
    assert not any(w.value.startswith("**Voorbeelddata") for w in app.warning)


def test_an_empty_warehouse_shows_every_source_as_never_loaded(tmp_path, monkeypatch, downloads):
    empty = tmp_path / "leeg.duckdb"
    assert pipelines_main(["status", "--warehouse", str(empty), "--config", str(CONFIG_FILE)]) == 0
    app = open_page(empty, monkeypatch, PAGE)
    assert sum("Nog nooit geladen" in i.value for i in app.info) == 4
    assert any("Het laadlog is leeg" in i.value for i in app.info)
    gaps = table(app, "hiaat")
    assert gaps.height == 33 and set(gaps["hiaat"]) == {"nog geen cijfers geladen"}
    assert parse_csv(downloads.by_name("soest_volledige_dataset.csv")()) == []  # a header, no rows


def test_every_table_has_download_buttons(bronnen):
    helps = [button.proto.help for button in bronnen.get("download_button")]
    for subject in ("bronnen", "laadlog", "indicatoren", "hiaten", "volledige_dataset", "activiteiten", "verhalen"):
        assert any(h.startswith(f"soest_{subject}.csv") for h in helps), subject
        assert f"soest_{subject}.xlsx" in helps, subject
    assert len(helps) >= 2 * len(bronnen.dataframe)


# --- the full data set -----------------------------------------------------------------------------------


def test_full_dataset_csv_is_exactly_the_warehouse(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_volledige_dataset.csv")())
    assert list(rows[0]) == list(export.FIGURE_COLUMNS.values())
    warehouse = query(demo_warehouse, """
        SELECT o.indicator_code, o.region_code, o.year, o.breakdown, o.value, o.ci_low, o.ci_high, o.status, s.title
        FROM observation o JOIN indicator i USING (indicator_code) JOIN source s ON s.source_code = i.source""")
    assert len(rows) == len(warehouse) > 11_000
    downloaded = {
        (row["indicator"], row["regio_code"], int(row["jaar"]), row["uitsplitsing"]):
            (dutch_number(row["waarde"]), dutch_number(row["ondergrens_95"]), dutch_number(row["bovengrens_95"]),
             row["status"], row["bron"])
        for row in rows
    }
    assert downloaded == {row[:4]: row[4:] for row in warehouse}
    # all breakdowns and all region levels, including the ones no page shows by default
    assert {key[3] for key in downloaded} >= {"totaal", "65 jaar of ouder", "Niet-westerse migratieachtergrond"}
    assert {"NL00", "GM0342", "WK034205"} <= {key[1] for key in downloaded}
    assert any(key[1].startswith("BU") for key in downloaded)


def test_full_dataset_csv_leaves_missing_and_secret_figures_empty(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_volledige_dataset.csv")())
    empty = [row for row in rows if row["waarde"] == ""]
    statuses = {row["status"] for row in empty}
    assert statuses <= {"ontbreekt", "geheim"} and "ontbreekt" in statuses
    [(missing,)] = query(demo_warehouse, "SELECT count(*) FROM observation WHERE value IS NULL")
    assert len(empty) == missing > 0
    estimates = [row for row in rows if row["status"] == "geschat" and row["waarde"]]
    assert estimates and all(row["ondergrens_95"] and row["bovengrens_95"] for row in estimates)
    assert any("," in row["waarde"] for row in estimates)
    assert all("." not in row["waarde"] for row in rows), "decimal comma, never a point"


def test_full_dataset_xlsx_has_the_same_numbers(bronnen, downloads, demo_warehouse):
    workbook = load_workbook(io.BytesIO(downloads.by_name("soest_volledige_dataset.xlsx")()), read_only=True)
    sheet = workbook.active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == list(export.FIGURE_COLUMNS.values())
    column = {name: index for index, name in enumerate(header)}
    downloaded = {(row[column["indicator"]], row[column["regio_code"]], row[column["jaar"]], row[column["uitsplitsing"]]):
                  (row[column["waarde"]], row[column["status"]]) for row in rows}
    warehouse = {row[:4]: row[4:] for row in query(
        demo_warehouse, "SELECT indicator_code, region_code, year, breakdown, value, status FROM observation")}
    assert downloaded.keys() == warehouse.keys()
    for key, (value, status) in warehouse.items():
        # Excel keeps 15 significant digits; openpyxl writes numbers accordingly
        assert downloaded[key][1] == status and (
            value is None and downloaded[key][0] is None or math.isclose(downloaded[key][0], value, rel_tol=1e-13)), key
    assert all(isinstance(value, (int, float)) for value, _ in downloaded.values() if value is not None)


def test_activity_download_keeps_small_counts_secret(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_activiteiten.csv")())
    [(total, secret)] = query(demo_warehouse,
                              "SELECT count(*), count(*) FILTER (WHERE participants_status = 'geheim') FROM activity")
    assert len(rows) == total
    hidden = [row for row in rows if row["status"] == "geheim"]
    assert len(hidden) == secret > 0 and all(row["deelnemers"] == "" for row in hidden)
    assert set(rows[0]) >= {"opgave", "activiteit", "partner", "regio", "jaar", "deelnemers"}
    stories = parse_csv(downloads.by_name("soest_verhalen.csv")())
    assert len(stories) == query(demo_warehouse, "SELECT count(*) FROM story")[0][0]
    assert {row["soort"] for row in stories} == {"evaluatie", "inwonersstem", "casus", "situatieschets"}


def test_formula_looking_text_is_neutralised_in_csv_and_xlsx():
    frame = pl.DataFrame({"tekst": ["=1+1", "-5 tekst", "+31 6", "@SUM(A1)", "gewoon"], "getal": [-5.0, -0.5, 1.0, None, 2.5]})
    rows = parse_csv(export.csv_bytes(frame))
    assert [row["tekst"] for row in rows] == ["'=1+1", "'-5 tekst", "'+31 6", "'@SUM(A1)", "gewoon"]
    assert [row["getal"] for row in rows] == ["-5", "-0,5", "1", "", "2,5"], "negative numbers stay numbers"
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(frame, "test"))).active
    texts = [sheet.cell(row=row, column=1) for row in range(2, 7)]
    assert [cell.value for cell in texts] == ["'=1+1", "'-5 tekst", "'+31 6", "'@SUM(A1)", "gewoon"]
    assert {cell.data_type for cell in texts} == {"s"}, "never a formula"
    numbers = [sheet.cell(row=row, column=2) for row in range(2, 7)]
    assert [cell.value for cell in numbers] == [-5, -0.5, 1, None, 2.5]
    assert numbers[0].data_type == "n"
