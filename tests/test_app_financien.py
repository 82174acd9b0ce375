"""The Financiën page through AppTest on the demo warehouse, and the sums and ratios behind it (app.financien)."""

from __future__ import annotations

import polars as pl

from app import financien as fin
from conftest import CONFIG_FILE
from pipelines.__main__ import main as pipelines_main

from app_pages import copy_warehouse, dutch_number, open_page, page_text, parse_csv, query

PAGE = "views/financien.py"
OPGAVE, SOORT, JAAR = 0, 1, 2  # the three selectboxes, left to right


def download(app, downloads, file_start: str) -> tuple[str, list[dict]]:
    for button in app.get("download_button"):
        if button.proto.label == "CSV" and button.proto.HasField("deferred_file_id"):
            name, make = downloads[button.proto.deferred_file_id]
            if name.startswith(file_start):
                return name, parse_csv(make())
    raise AssertionError(f"geen download {file_start}…")


def test_the_page_shows_every_part_with_year_and_source(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    assert [box.value for box in app.selectbox] == ["alle", "realisatie", "2025", "2023"]  # last: Iv3 jaarrekening
    assert [h.value for h in app.header] == ["Begroting en realisatie: alle opgaven", "De piramide: realisatie 2025",
                                             "Lasten per inwoner", "Lasten per deelnemer aan activiteiten van partners",
                                             "Alle bedragen", "Lasten per inwoner per taakveld, naast vergelijkbare gemeenten"]
    text = page_text(app)
    assert "verzonnen (voorbeelddata)" in text
    assert "Bron: financiënwerkmap demo-financien-soest.xlsx, realisatie 2025." in text
    assert "inwoners op 1 januari: CBS Kerncijfers wijken en buurten" in text
    assert "Niet berekend voor 2026, 2027: het aantal inwoners van dat jaar is (nog) niet geladen" in text
    assert len(app.get("vega_lite_chart")) == 3  # begroting/realisatie, piramide, per inwoner

    comparison = app.dataframe[0].value
    total_2024 = query(demo_warehouse, "SELECT sum(amount_eur) FROM financien WHERE year = 2024 AND kind = 'begroting'")[0][0]
    assert comparison.loc[comparison["Jaar"] == "2024", "Begroting"].item() == fin.euro(total_2024)

    # Per inwoner: the amount divided by the inwoners of the same year, from the warehouse.
    name, per_inwoner = download(app, downloads, "soest_financien_per_inwoner")
    inwoners_2024 = query(demo_warehouse, "SELECT value FROM observation WHERE indicator_code = 'inwoners'"
                                          " AND region_code = 'GM0342' AND year = 2024 AND period = 'jaar' AND breakdown = 'totaal'")[0][0]
    row = next(r for r in per_inwoner if r["Jaar"] == "2024" and r["Soort"] == "begroting")
    assert row["Per inwoner"] == fin.euro_cents(total_2024 / inwoners_2024)
    assert "financiënwerkmap demo-financien-soest.xlsx" in row["Bron"]
    assert next(r for r in per_inwoner if r["Jaar"] == "2027")["Per inwoner"] == "–"

    _, everything = download(app, downloads, "soest_financien_alle_bedragen")
    assert len(everything) == query(demo_warehouse, "SELECT count(*) FROM financien")[0][0]
    assert {r["bestand"] for r in everything} == {"demo-financien-soest.xlsx"}
    assert sum(dutch_number(r["bedrag_euro"]) for r in everything if r["jaar"] == "2024" and r["soort"] == "begroting") == total_2024


def test_one_opgave_and_its_cost_per_deelnemer(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", soort="begroting", jaar="2027")
    assert [box.value for box in app.selectbox] == ["bestaanszekerheid", "begroting", "2027", "2023"]
    assert app.header[0].value == "Begroting en realisatie: Bestaanszekerheid"
    assert app.header[1].value == "De piramide: begroting 2027"
    per_deelnemer = app.dataframe[-2].value  # the last: Iv3 lasten beside the comparison gemeenten
    # The demo has a Bestaanszekerheid activity below the privacy threshold in 2025: no cost per deelnemer then.
    row = per_deelnemer[(per_deelnemer["Jaar"] == "2025") & (per_deelnemer["Soort"] == "realisatie")]
    assert row["Per deelnemer"].item() == "–" and "geheim" in row["Toelichting"].item()
    row = per_deelnemer[(per_deelnemer["Jaar"] == "2024") & (per_deelnemer["Soort"] == "realisatie")]
    assert row["Per deelnemer"].item().startswith("€ ") and row["Toelichting"].item() == ""
    assert "wie aan twee activiteiten meedoet, telt twee keer" in page_text(app)
    assert [s.value for s in app.subheader] == ["Per Iv3-taakveld (begroting)", "Per doel (begroting)"]
    by_goal = app.dataframe[2].value
    assert "Inwoners voldoende middelen hebben om rond te komen en mee te doen" in set(by_goal["Doel"])
    by_taakveld = app.dataframe[1].value
    assert "6.71 Maatwerkdienstverlening 18+" in set(by_taakveld["Taakveld"])
    total = query(demo_warehouse, "SELECT sum(amount_eur) FROM financien WHERE opgave_code = 'bestaanszekerheid'"
                                  " AND kind = 'begroting' AND year = 2027 AND taakveld_code = '6.3'")[0][0]
    assert by_taakveld.loc[by_taakveld["Taakveld"] == "6.3 Inkomensregelingen", "2027"].item() == fin.euro(total)


def test_without_a_workbook_the_page_says_how_to_load_one(demo_warehouse, monkeypatch, tmp_path):
    warehouse = copy_warehouse(demo_warehouse, tmp_path / "zonder.duckdb", "DELETE FROM financien")
    app = open_page(warehouse, monkeypatch, PAGE)
    assert "python -m pipelines template --financien" in page_text(app)
    # Only the lasten the gemeente reported to CBS (Iv3), beside its comparison gemeenten.
    assert [h.value for h in app.header] == ["Lasten per inwoner per taakveld, naast vergelijkbare gemeenten"]
    iv3_table = app.dataframe[0].value
    assert "Soest" in iv3_table.columns and "Mediaan vergelijkingsgemeenten" in iv3_table.columns
    assert "Sociaal domein (taakveld 6 en 7.1)" in set(iv3_table["Taakveld"])


def test_the_iv3_lasten_stand_beside_the_comparison_gemeenten_at_the_end(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    assert app.header[-1].value == "Lasten per inwoner per taakveld, naast vergelijkbare gemeenten"
    table = app.dataframe[-1].value
    assert list(table.columns[:2]) == ["Taakveld", "Soest"]
    assert "Euro per inwoner, jaarrekening 2023" in page_text(app)


def test_on_one_cbs_year_and_on_an_empty_warehouse_the_page_says_what_is_missing(warehouse, monkeypatch, tmp_path):
    app = open_page(warehouse, monkeypatch, PAGE)  # real CBS, no financiënwerkmap
    assert "Er is nog geen financiënwerkmap geladen" in page_text(app)
    empty = tmp_path / "leeg.duckdb"
    assert pipelines_main(["status", "--warehouse", str(empty), "--config", str(CONFIG_FILE)]) == 0
    assert "Er is nog geen financiënwerkmap geladen" in page_text(open_page(empty, monkeypatch, PAGE))


# --- the pure part ---------------------------------------------------------------------------------------------

def amounts(*lines) -> pl.DataFrame:
    return pl.DataFrame(
        [{"opgave_code": o, "goal_code": None, "taakveld_code": "6.1", "taakveld_name": "Samenkracht", "year": y,
          "kind": k, "layer": layer, "amount_eur": a, "file": "f.xlsx", "source_row": n, "is_demo": False}
         for n, (o, y, k, layer, a) in enumerate(lines, start=2)],
        schema={"opgave_code": pl.String, "goal_code": pl.String, "taakveld_code": pl.String,
                "taakveld_name": pl.String, "year": pl.Int32, "kind": pl.String, "layer": pl.String,
                "amount_eur": pl.Float64, "file": pl.String, "source_row": pl.Int32, "is_demo": pl.Boolean})


def test_budget_against_realised_leaves_a_missing_realisatie_empty():
    rows = amounts(("a", 2024, "begroting", "basis", 100.0), ("a", 2024, "realisatie", "basis", 110.0),
                   ("a", 2025, "begroting", "maatwerk", 200.0))
    frame = fin.budget_against_realised(rows)
    assert frame.select("year", "begroting", "realisatie", "verschil", "verschil_pct").rows() == [
        (2024, 100.0, 110.0, 10.0, 10.0), (2025, 200.0, None, None, None)]
    assert fin.comparison_table(frame)["Verschil (%)"].to_list() == ["+10,0%", "–"]


def test_pyramid_shares_bottom_to_top():
    rows = amounts(("a", 2024, "begroting", "basis", 25.0), ("b", 2024, "begroting", "maatwerk", 75.0))
    layers = fin.pyramid(rows, 2024, "begroting")
    assert layers.select("layer", "amount_eur", "share").rows() == [
        ("basis", 25.0, 25.0), ("preventie", 0.0, 0.0), ("toegang", 0.0, 0.0), ("maatwerk", 75.0, 75.0)]
    assert fin.pyramid(rows, 2024, "realisatie").is_empty()
    assert fin.pyramid_chart(layers, "test").to_dict()["description"].startswith("Piramide test: Sociale")


def test_per_inwoner_only_where_the_year_has_inwoners():
    rows = amounts(("a", 2024, "begroting", "basis", 1000.0), ("a", 2026, "begroting", "basis", 1000.0))
    inwoners = pl.DataFrame({"year": [2024], "inwoners": [50.0], "status": ["definitief"], "source_title": ["CBS"]})
    frame = fin.per_inwoner(rows, inwoners)
    assert frame.select("year", "per_inwoner").rows() == [(2024, 20.0), (2026, None)]
    assert "2026" in frame["toelichting"][1]


def test_per_deelnemer_not_computed_when_deelnemers_are_secret_or_absent():
    rows = amounts(("a", 2023, "realisatie", "basis", 1000.0), ("a", 2024, "realisatie", "preventie", 1000.0),
                   ("a", 2024, "realisatie", "maatwerk", 9000.0), ("a", 2025, "realisatie", "basis", 600.0))
    participants = pl.DataFrame({"opgave_code": ["a", "a"], "year": [2024, 2025], "participants": [40, 30],
                                 "activities": [2, 2], "secret_activities": [0, 1]})
    frame = fin.per_deelnemer(rows, participants, "a")
    assert frame.select("year", "amount_eur", "deelnemers", "per_deelnemer").rows() == [
        (2023, 1000.0, None, None), (2024, 1000.0, 40, 25.0), (2025, 600.0, None, None)]  # maatwerk not counted
    assert "geen activiteiten" in frame["toelichting"][0] and "geheim" in frame["toelichting"][2]


def test_charts_are_valid_vega_lite():
    rows = amounts(("a", 2024, "begroting", "basis", 1e6), ("a", 2024, "realisatie", "basis", 1.1e6))
    fin.budget_chart(fin.budget_against_realised(rows), "a").to_dict()  # validates against the schema
    inwoners = pl.DataFrame({"year": [2024], "inwoners": [50.0], "status": ["definitief"], "source_title": ["CBS"]})
    fin.per_inwoner_chart(fin.per_inwoner(rows, inwoners)).to_dict()


def test_source_text_names_file_kind_and_year():
    rows = amounts(("a", 2026, "begroting", "basis", 1.0), ("a", 2024, "realisatie", "basis", 1.0))
    assert fin.source_text(rows, "begroting", 2026) == "financiënwerkmap f.xlsx, begroting 2026"
    assert fin.source_text(rows) == "financiënwerkmap f.xlsx 2024–2026"
