"""The Bronnen en kwaliteit page through Streamlit's AppTest, on the real demo warehouse.

Every figure the page shows or offers for download is checked against the
warehouse file itself, read with duckdb, not through the app's own queries.
The downloads are built by the very callables the page hands to its download
buttons (captured when Streamlit registers them), so what is tested is what a
click delivers.
"""

from __future__ import annotations

import io
import math

import polars as pl
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app import export
from pipelines.__main__ import main as pipelines_main

from app_pages import copy_warehouse, dutch_number, open_page, page_text, parse_csv, query, shown
from conftest import CONFIG_FILE, TODAY

PAGE = "views/bronnen.py"
OBSERVATION_KEY = ("indicator", "regio_code", "jaar", "periode", "uitsplitsing")
INDICATORS = 45  # the catalogue of config/soest.toml
SOURCES = 8  # with the financiënwerkmap, Iv3 and the Wijk- en Buurtkaart


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
    assert headers == ["Bronnen", "Indicatoren en definities", "Hiaten: indicatoren zonder recent cijfer",
                       "Dekking: wat is geladen en wat ontbreekt", "Downloads"]
    assert "Zo leest u de cijfers" in page_text(bronnen)  # the status legend: the downloads carry statuses


def test_each_source_is_listed_with_its_rows_load_time_and_demo_flag(bronnen, demo_warehouse):
    rows = dict(query(demo_warehouse, """
        SELECT source, sum(rows_loaded) FROM load_log
        WHERE status = 'geladen' AND load_id IN (SELECT max(load_id) FROM load_log GROUP BY source, table_id)
        GROUP BY source"""))
    sources = query(demo_warehouse, "SELECT source_code, title, publisher FROM source")
    assert len(sources) == SOURCES
    markdown = [shown(m.value) for m in bronnen.markdown]
    for code, title, publisher in sources:
        [at] = [index for index, value in enumerate(markdown) if value.startswith(f"**{title}**")]
        card, status = markdown[at], markdown[at + 1]
        assert publisher in card
        assert "voorbeelddata" in card, "demo data must say so on the source itself"
        assert status.startswith("✓ geladen op ")
        thousands = f"{rows[code]:,}".replace(",", ".")
        assert f"**{thousands} rijen**" in status
    [(ggd_rows,)] = query(demo_warehouse, "SELECT rows_loaded FROM load_log WHERE table_id = '50150NED'")
    assert f"**{ggd_rows:,} rijen** uit 1 tabel of bestand".replace(",", ".") in page_text(bronnen)  # all years


def test_source_cards_take_their_load_command_from_the_warehouse(bronnen, demo_warehouse):
    """The command comes from the pipelines' source registry (source.load_command), not from a list in the app."""
    commands = query(demo_warehouse, "SELECT title, load_command FROM source")
    captions = [c.value for c in bronnen.caption]
    for title, command in commands:
        assert command and f"Laden of verversen: `{command}`" in captions, title
    assert "Laden of verversen: `python -m pipelines gmsd`" in captions  # the new half-year source


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


def test_load_log_shows_file_names_not_folders_and_not_which_cells_are_hidden(demo_warehouse, tmp_path, monkeypatch,
                                                                             downloads):
    """Shown or downloaded, the load log never tells the analyst's folders, nor which rows were kept secret."""
    copy = copy_warehouse(demo_warehouse, tmp_path / "monitor.duckdb", """
        UPDATE load_log SET table_id = NULL, location = '/home/analyst/Downloads/buurtkracht.xlsx',
               message = '3 aantallen onder de privacydrempel van 5 opgeslagen als ''geheim'' (Activiteiten rij 5, '
                         || 'Cijfers rij 7, Cijfers rij 9 (aanvullend, anders na te rekenen)); '
                         || 'blad ''Uitleg'' genegeerd'
        WHERE source = 'partner'""")
    notices = "3 aantallen onder de privacydrempel van 5 opgeslagen als 'geheim'; blad 'Uitleg' genegeerd"
    app = open_page(copy, monkeypatch, PAGE)
    on_screen = table(app, "sha256_kort").filter(pl.col("bron_code") == "partner").row(0, named=True)
    downloaded = [row for row in parse_csv(downloads.by_name("soest_laadlog.csv")()) if row["bron_code"] == "partner"]
    for row in (on_screen, *downloaded):
        assert row["tabel_of_bestand"] == "buurtkracht.xlsx" and row["locatie"] == "buurtkracht.xlsx"
        assert row["melding"] == notices
    assert "/home/analyst" not in downloads.by_name("soest_laadlog.csv")().decode("utf-8-sig")


def test_catalog_lists_all_indicators_with_their_definitions(bronnen, demo_warehouse):
    expected = query(demo_warehouse, """
        SELECT i.indicator_code, i.title, i.definition, i.unit, s.title, i.higher_is_better
        FROM indicator i JOIN source s ON s.source_code = i.source ORDER BY i.sort_order""")
    catalog = table(bronnen, "definitie")
    assert len(expected) == INDICATORS
    assert catalog["indicator"].to_list() == [row[0] for row in expected]
    direction = {True: "hoger is beter", False: "lager is beter", None: "geen richting"}
    for row, (code, title, definition, unit, source, higher) in zip(catalog.iter_rows(named=True), expected):
        assert (row["titel"], row["definitie"], row["eenheid"], row["bron"]) == (title, definition, unit, source), code
        assert row["richting"] == direction[higher], code
    by_code = {row["indicator"]: row for row in catalog.iter_rows(named=True)}
    assert by_code["laag_inkomen"]["jaren"] == "2019–2023"  # the series stops at the 2024 break
    assert by_code["aandeel_65plus"]["afleiding"] == "k_65JaarOfOuder / AantalInwoners × 100"
    assert by_code["eenzaam"]["uitsplitsingen"] == "18 tot 65 jaar, 65 jaar of ouder"
    assert by_code["inwoners"]["uitsplitsingen"] == "alleen totaal"
    assert by_code["netto_arbeidsparticipatie"]["afleiding"] == "zoals geleverd in KIS-wijkmonitor"
    assert by_code["eenzaam"]["doel"].startswith("2. ")
    [element] = [element for element in bronnen.dataframe if "definitie" in element.value.columns]
    assert '"label": "Definitie"' in element.proto.columns  # Dutch headers on screen (column_config)
    # Where a series stops or starts, in the catalogue's own words
    assert by_code["laag_inkomen"]["reeks"].startswith("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders")
    assert by_code["personen_in_armoede"]["reeks"].startswith("Reeks begint in 2024")
    assert by_code["eenzaam"]["reeks"] is None


GAPS_SQL = """
    WITH per AS (
        SELECT i.indicator_code, i.source, i.series_last_year,
               max(o.year) FILTER (WHERE o.value IS NOT NULL AND o.region_code = 'GM0342') AS published,
               max(o.year) FILTER (WHERE o.status <> 'reeksbreuk') AS loaded
        FROM indicator i LEFT JOIN observation o USING (indicator_code) GROUP BY ALL),
    newest AS (SELECT source, max(loaded) AS newest FROM per GROUP BY source)
    SELECT indicator_code FROM per JOIN newest USING (source)
    WHERE NOT (series_last_year IS NOT NULL AND published IS NOT NULL)  -- a series that stopped is no gap
      AND (published IS NULL OR loaded > published OR loaded < newest OR ? - published > 2)"""


def test_gaps_are_exactly_the_indicators_without_a_recent_figure(bronnen, demo_warehouse):
    """On the fixed test day (conftest.TODAY): the gap rule reads monitor.clock, never the machine's date."""
    this_year = int(TODAY[:4])
    expected = {code for (code,) in query(demo_warehouse, GAPS_SQL, [this_year])}
    gaps = table(bronnen, "hiaat")
    assert set(gaps["indicator"]) == expected
    reasons = dict(zip(gaps["indicator"], gaps["hiaat"]))
    # CBS's 2025 table is loaded, but carries no poverty figures yet: a real gap in the demo data.
    assert reasons["personen_in_armoede"].startswith("2025 geladen, maar (nog) niet gepubliceerd")
    # KIS has 2024 (arbeidsparticipatie) but startkwalificatie stops at 2023.
    assert reasons["startkwalificatie"].startswith("bron heeft al 2024, zonder dit cijfer")
    assert "eenzaam" not in expected  # RIVM 2024 is recent
    # A series that stopped at a break is not a gap: it is named under the table, with its note.
    assert "laag_inkomen" not in expected and "niet_westers" not in expected
    assert ("Huishoudens met een laag inkomen: Reeks stopt na 2023: CBS meet dit vanaf 2024 anders"
            in page_text(bronnen))
    assert f"{len(expected)} van de {INDICATORS} indicatoren" in page_text(bronnen)
    assert "meer dan 2 jaar oud" in page_text(bronnen), "the page states its rule"
    assert f"(van vóór {this_year - 2})" in page_text(bronnen)


def test_gaps_follow_the_clock_not_the_machine_date(demo_warehouse, monkeypatch, downloads):
    """In 2030 the 2024 GGD figures are old: the same warehouse has more gaps, and the rule names the new year."""
    monkeypatch.setenv("MONITOR_TODAY", "2030-03-01")
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    expected = {code for (code,) in query(demo_warehouse, GAPS_SQL, [2030])}
    gaps = table(app, "hiaat")
    assert set(gaps["indicator"]) == expected
    assert dict(zip(gaps["indicator"], gaps["hiaat"]))["eenzaam"] == "cijfer is 6 jaar oud"
    assert "(van vóór 2028)" in page_text(app)


def test_a_source_that_was_never_loaded_says_so(warehouse, monkeypatch, downloads):
    """Only CBS KWB loaded (as real data): RIVM, GMSD, KIS and partner have never been loaded."""
    app = open_page(warehouse, monkeypatch, PAGE)
    notices = [i.value for i in app.info]
    assert sum("Nog nooit geladen" in notice for notice in notices) == SOURCES - 1
    cards = "\n".join(m.value for m in app.markdown)
    assert "voorbeelddata" not in cards and "echte gegevens" in cards
    assert "python -m pipelines partner BESTAND" in page_text(app)
    gaps = table(app, "hiaat")
    reasons = dict(zip(gaps["indicator"], gaps["hiaat"]))
    assert reasons["eenzaam"] == reasons["aanvragen_leergeld"] == "nog geen cijfers geladen"
    assert not any(w.value.startswith("**Voorbeelddata") for w in app.warning)


def test_an_empty_warehouse_shows_every_source_as_never_loaded(tmp_path, monkeypatch, downloads):
    empty = tmp_path / "leeg.duckdb"
    assert pipelines_main(["status", "--warehouse", str(empty), "--config", str(CONFIG_FILE)]) == 0
    app = open_page(empty, monkeypatch, PAGE)
    assert sum("Nog nooit geladen" in i.value for i in app.info) == SOURCES
    assert any("Het laadlog is leeg" in i.value for i in app.info)
    gaps = table(app, "hiaat")
    assert gaps.height == INDICATORS and set(gaps["hiaat"]) == {"nog geen cijfers geladen"}
    assert parse_csv(downloads.by_name("soest_volledige_dataset.csv")()) == []  # a header, no rows
    # Coverage: nothing loaded yet, and every goal without an indicator still says which source it needs
    rows = parse_csv(downloads.by_name("soest_dekking.csv")())
    assert {row["toestand_code"] for row in rows} == {"niet_geladen", "doel_zonder_indicator"}
    assert sum(row["toestand_code"] == "niet_geladen" for row in rows) == INDICATORS


def test_every_table_has_download_buttons(bronnen):
    helps = [button.proto.help for button in bronnen.get("download_button")]
    for subject in ("bronnen", "laadlog", "indicatoren", "hiaten", "dekking", "volledige_dataset", "activiteiten",
                    "verhalen"):
        assert any(h.startswith(f"soest_{subject}.csv") for h in helps), subject
        assert f"soest_{subject}.xlsx" in helps, subject
    assert len(helps) >= 2 * len(bronnen.dataframe)


# --- the full data set -----------------------------------------------------------------------------------


def test_full_dataset_csv_is_exactly_the_warehouse(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_volledige_dataset.csv")())
    assert list(rows[0]) == export.DOWNLOAD_COLUMNS
    assert list(rows[0])[5:8] == ["jaar", "periode", "uitsplitsing"]
    warehouse = query(demo_warehouse, """
        SELECT o.indicator_code, o.region_code, o.year, o.period, o.breakdown, round(o.value, i.decimals + 1),
               round(o.ci_low, i.decimals + 1), round(o.ci_high, i.decimals + 1), o.status, o.rounded_to, s.title
        FROM observation o JOIN indicator i USING (indicator_code) JOIN source s ON s.source_code = i.source""")
    assert len(rows) == len(warehouse) > 11_000
    downloaded = {
        (row["indicator"], row["regio_code"], int(row["jaar"]), row["periode"], row["uitsplitsing"]):
            (dutch_number(row["waarde"]), dutch_number(row["ondergrens_95"]), dutch_number(row["bovengrens_95"]),
             row["status"], int(row["afgerond_op"]) if row["afgerond_op"] else None, row["bron"])
        for row in rows
    }
    assert downloaded == {row[:5]: row[5:] for row in warehouse}
    # all breakdowns, periods and region levels, including the ones no page shows by default
    assert {key[4] for key in downloaded} >= {"totaal", "65 jaar of ouder", "Niet-westerse migratieachtergrond",
                                              "Alleen Wmo"}
    assert {key[3] for key in downloaded} == {"jaar", "1e halfjaar", "2e halfjaar"}
    assert {"NL00", "GM0342", "WK034205"} <= {key[1] for key in downloaded}
    assert any(key[1].startswith("BU") for key in downloaded)


def test_full_dataset_csv_leaves_missing_and_secret_figures_empty(bronnen, downloads, demo_warehouse):
    rows = parse_csv(downloads.by_name("soest_volledige_dataset.csv")())
    empty = [row for row in rows if row["waarde"] == ""]
    statuses = {row["status"] for row in empty}
    assert statuses <= {"ontbreekt", "geheim", "reeksbreuk"} and "ontbreekt" in statuses
    [(missing,)] = query(demo_warehouse, "SELECT count(*) FROM observation WHERE value IS NULL")
    assert len(empty) == missing > 0
    estimates = [row for row in rows if row["status"] == "geschat" and row["waarde"]]
    assert estimates and all(row["ondergrens_95"] and row["bovengrens_95"] for row in estimates)
    assert any("," in row["waarde"] for row in estimates)
    assert all("." not in row["waarde"] for row in rows), "decimal comma, never a point"


def test_full_dataset_says_why_a_break_year_and_a_rounded_zero_are_what_they_are(bronnen, downloads, demo_warehouse):
    """A year after a series break carries its note; a rounded 0 says 'minder dan 3'; other rows say nothing."""
    rows = parse_csv(downloads.by_name("soest_volledige_dataset.csv")())
    breaks = [row for row in rows if row["status"] == "reeksbreuk"]
    assert len(breaks) == query(demo_warehouse, "SELECT count(*) FROM observation WHERE status = 'reeksbreuk'")[0][0]
    income = {row["toelichting"] for row in breaks if row["indicator"] == "laag_inkomen"}
    assert income == {"Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie Personen in armoede (personen onder "
                      "de armoedegrens in plaats van huishoudens met een laag inkomen)."}
    assert all(row["waarde"] == "" for row in breaks)
    zeros = [row for row in rows if row["waarde"] == "0" and row["afgerond_op"] == "5"]
    assert zeros and {row["toelichting"] for row in zeros} == {"afgerond 0: minder dan 3"}
    assert all(row["toelichting"] == "" for row in rows if row["status"] != "reeksbreuk" and row not in zeros)


def test_full_dataset_xlsx_has_the_same_numbers(bronnen, downloads, demo_warehouse):
    workbook = load_workbook(io.BytesIO(downloads.by_name("soest_volledige_dataset.xlsx")()), read_only=True)
    sheet = workbook.active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == export.DOWNLOAD_COLUMNS
    column = {name: index for index, name in enumerate(header)}
    downloaded = {tuple(row[column[name]] for name in OBSERVATION_KEY): (row[column["waarde"]], row[column["status"]])
                  for row in rows}
    warehouse = {row[:5]: row[5:] for row in query(
        demo_warehouse, "SELECT indicator_code, region_code, year, period, breakdown, round(value, decimals + 1), status"
                        " FROM observation JOIN indicator USING (indicator_code)")}
    assert downloaded.keys() == warehouse.keys()
    for key, (value, status) in warehouse.items():
        # Excel keeps 15 significant digits; openpyxl writes numbers accordingly
        assert downloaded[key][1] == status and (
            value is None and downloaded[key][0] is None or math.isclose(downloaded[key][0], value, rel_tol=1e-13)), key
    assert all(isinstance(value, (int, float)) for value, _ in downloaded.values() if value is not None)


# --- coverage: what is loaded and what is missing ---------------------------------------------------------------

COVERAGE_SQL = """
    SELECT c.indicator_code, c.year, c.period, coalesce(c.region_level, 'alle niveaus'), c.state,
           c.regions_with_value, c.regions_without_value, c.detail
    FROM coverage c JOIN load_log l USING (load_id)
    WHERE l.status = 'geladen'
      AND l.load_id = (SELECT max(load_id) FROM load_log m WHERE m.source = l.source
                       AND coalesce(m.table_id, m.location) = coalesce(l.table_id, l.location))"""


def coverage_key(row: dict) -> tuple:
    return (row["indicator"], int(row["jaar"]) if row["jaar"] not in ("", None) else None, row["periode"] or None,
            row["niveau"], row["toestand_code"], int(row["regios_met_cijfer"]), int(row["regios_zonder_cijfer"]),
            row["toelichting"] or None)


def test_coverage_section_shows_every_coverage_row_of_the_warehouse(bronnen, downloads, demo_warehouse):
    """The table on screen and its download hold exactly what `SELECT … FROM coverage` holds, plus the goals
    without an indicator (with the source they need)."""
    assert any(h.value == "Dekking: wat is geladen en wat ontbreekt" and h.proto.anchor == "dekking"
               for h in bronnen.header)
    stored = sorted(query(demo_warehouse, COVERAGE_SQL), key=str)
    shown = table(bronnen, "toestand_code")
    on_screen = [coverage_key({**row, "jaar": row["jaar"], "periode": row["periode"]}) for row in shown.to_dicts()
                 if row["toestand_code"] != "doel_zonder_indicator"]
    assert sorted(on_screen, key=str) == stored
    goals = query(demo_warehouse, "SELECT goal_code, needs_source FROM goal WHERE goal_code NOT IN"
                                  " (SELECT goal_code FROM indicator WHERE goal_code IS NOT NULL)")
    assert len(goals) == 5
    without = {row["doel"]: row["toelichting"] for row in shown.to_dicts() if row["toestand_code"] == "doel_zonder_indicator"}
    assert without == {code: f"nog geen indicator — bron nodig: {needs}" for code, needs in goals}
    # Dutch states on screen, and the download is the same table
    assert set(shown["toestand"]) >= {"geladen", "reeksbreuk (verwacht)", "vóór het begin van de reeks",
                                      "doel zonder indicator"}
    rows = parse_csv(downloads.by_name("soest_dekking.csv")())
    assert len(rows) == shown.height
    downloaded = [coverage_key(row) for row in rows if row["toestand_code"] != "doel_zonder_indicator"]
    assert sorted(downloaded, key=str) == stored
    sheet = load_workbook(io.BytesIO(downloads.by_name("soest_dekking.xlsx")()), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == shown.height + 1


def test_coverage_states_its_rule_and_summary(bronnen):
    text = page_text(bronnen, ("markdown", "caption", "success", "error"))
    assert "Zo lezen we de dekking" in text and "Variabele niet in de tabel" in text
    assert "Dekking: 45 van de 45 indicatoren hebben cijfers in het warehouse" in text
    assert "Reeksbreuk, zoals vastgelegd (4)" in text
    assert "Elke indicator vond zijn variabele in elke geladen tabel" in text  # the demo data has no failure


def test_a_variable_missing_from_a_table_is_at_the_top_of_the_coverage(demo_warehouse, tmp_path, monkeypatch, downloads):
    copy = copy_warehouse(demo_warehouse, tmp_path / "monitor.duckdb", """
        INSERT INTO coverage (indicator_code, year, period, region_level, state, detail, load_id)
        SELECT 'jeugdzorg', 2025, NULL, NULL, 'geen_variabele',
               'tabel 86165NED heeft geen variabele PercentageJongerenMetJeugdzorg', load_id
        FROM load_log WHERE table_id = '86165NED'""")
    app = open_page(copy, monkeypatch, PAGE)
    [error] = [shown(e.value) for e in app.error]
    assert "Jongeren met jeugdzorg in natura (jeugdzorg)" in error and "variabele niet in de tabel" in error
    assert "PercentageJongerenMetJeugdzorg" in error
    coverage_rows = table(app, "toestand_code")
    assert coverage_rows.row(0, named=True)["toestand_code"] == "geen_variabele", "failures first"
    assert coverage_rows.row(0, named=True)["toestand"] == "variabele niet in de tabel"
    assert not app.success


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
