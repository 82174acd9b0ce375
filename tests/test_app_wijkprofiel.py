"""The Wijkprofiel page through AppTest, on the real demo warehouse (and copies of it with parts removed)."""

from __future__ import annotations

import json
import shutil
import time

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from app import comparison_table, deviation, export
from app import format as fmt
from app.charts import wijk as charts
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import dutch_number, open_page, page_text, parse_csv, query

PAGE = "views/wijkprofiel.py"
SMITSVEEN = "WK034205"
SECTIONS = ["Situatieschets", "Kerncijfers", "Opvallend", "Leeftijdsopbouw", "Bestaanszekerheid", "Gezondheid",
            "Naar migratieachtergrond", "Activiteiten in de wijk", "Verhalen uit de wijk"]


@pytest.fixture
def demo(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


@pytest.fixture
def smitsveen(demo, monkeypatch) -> AppTest:
    return open_page(demo, monkeypatch, PAGE, wijk=SMITSVEEN)


def kerncijfers(app: AppTest):
    table = app.dataframe[0].value
    return table.set_index("Indicator")


# --- what is on the page ------------------------------------------------------------------------------------


def test_renders_every_section_for_the_chosen_wijk(smitsveen):
    assert smitsveen.title[0].value == "Wijkprofiel Smitsveen"
    assert [h.value for h in smitsveen.header] == SECTIONS
    assert len(smitsveen.get("vega_lite_chart")) == 6  # age, bestaanszekerheid, health, age groups, 2× KIS
    assert any("Voorbeelddata" in w.value for w in smitsveen.warning)


def test_situatieschets_is_the_newest_one_of_this_wijk(smitsveen, demo):
    [(title, body)] = query(
        demo, "SELECT title, body FROM story WHERE region_code = ? AND kind = 'situatieschets' "
              "ORDER BY year DESC LIMIT 1", [SMITSVEEN])
    markdown = [m.value for m in smitsveen.markdown]
    assert f"**{title}**" in markdown and body in markdown
    # It is not repeated under the wijk's other stories.
    assert markdown.count(body) == 1


def test_kerncijfers_show_wijk_gemeente_and_nederland_of_the_same_year(smitsveen, demo):
    table = kerncijfers(smitsveen)
    assert list(table.columns) == ["Smitsveen", "Soest", "Nederland", "Vergeleken met Soest", "Jaar", "Status",
                                   "Opgave", "Bron"]
    low_income = table.loc["Huishoudens met een laag inkomen"]
    rows = dict(query(
        demo, "SELECT region_code, value FROM observation WHERE indicator_code = 'laag_inkomen' AND year = 2023 "
              "AND breakdown = 'totaal' AND region_code IN (?, 'GM0342', 'NL00')", [SMITSVEEN]))
    assert low_income["Smitsveen"] == fmt.with_unit(rows[SMITSVEEN], 1, "%")
    assert low_income["Soest"] == fmt.with_unit(rows["GM0342"], 1, "%")
    assert low_income["Nederland"] == fmt.with_unit(rows["NL00"], 1, "%")
    # The 2024 income table is not published yet: the page says so instead of showing an empty or 0 figure.
    assert low_income["Jaar"] == "2023"
    assert low_income["Status"] == "definitief; 2024 niet beschikbaar"
    assert low_income["Vergeleken met Soest"] == "✗ slechter"
    assert low_income["Bron"] == "CBS Kerncijfers wijken en buurten"


def test_estimates_carry_their_interval_and_status(smitsveen, demo):
    lonely = kerncijfers(smitsveen).loc["Eenzaam"]
    [(value, low, high, status)] = query(
        demo, "SELECT value, ci_low, ci_high, status FROM observation WHERE indicator_code = 'eenzaam' "
              "AND region_code = ? AND year = 2024 AND breakdown = 'totaal'", [SMITSVEEN])
    assert status == "geschat"
    assert lonely["Smitsveen"] == f"{fmt.number(value, 1)}% ({fmt.number(low, 1)}–{fmt.number(high, 1)})"
    assert lonely["Status"] == "schatting"
    assert "Tussen haakjes: het 95%-interval van een schatting" in page_text(smitsveen)


def test_counts_and_long_units_are_shown_honestly(smitsveen):
    table = kerncijfers(smitsveen)
    assert table.loc["Aantal inwoners", "Vergeleken met Soest"] == "niet vergeleken"
    assert "Bijstandsuitkeringen (per 1.000 inwoners)" in table.index
    # Indicators the wijk has no figure for are listed, never shown as 0.
    assert "Inwoners begeleid door SchuldHulpMaatje" not in table.index
    assert "Geen cijfers voor Smitsveen" in page_text(smitsveen)
    assert "Inwoners begeleid door SchuldHulpMaatje" in page_text(smitsveen)
    # A split whose total is always 100% is shown by its groups only.
    assert "Bevolking naar migratieachtergrond" not in table.index


def test_opvallend_states_its_rule_and_lists_better_and_worse(smitsveen):
    markdown = [m.value for m in smitsveen.markdown]
    assert deviation.OPVALLEND_RULE in markdown
    subheaders = [s.value for s in smitsveen.subheader]
    assert subheaders[:3] == ["✓ Beter dan Soest", "✗ Slechter dan Soest",
                              "Opvallend anders (geen goede of slechte richting)"]
    worse = next(m for m in markdown if m.startswith("- **Bijstandsuitkeringen**"))
    assert "**Huishoudens met een laag inkomen**: 9,8% tegen 5,8% in Soest — 69% hoger (2023" in worse
    assert "Geen indicator waarop de wijk duidelijk beter scoort." in page_text(smitsveen)


def test_kis_charts_and_ggd_age_groups_show_only_published_figures(smitsveen):
    charts_on_page = smitsveen.get("vega_lite_chart")
    for chart in charts_on_page:
        spec = json.loads(chart.proto.spec)
        assert "datasets" not in spec or not spec["datasets"], "data travels as Arrow, not inline"
        for dataset in chart.proto.datasets:
            values = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
            # A bar is only drawn for a published figure: no NULL turned into 0.
            assert all(row["value"] is not None for row in values if "value" in row)
    subheaders = [s.value for s in smitsveen.subheader]
    assert "Netto arbeidsparticipatie" in subheaders and "Bevolking naar migratieachtergrond" in subheaders


def test_activities_and_stories_of_the_wijk_with_privacy(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijk="WK034207")  # Soesterberg: an activity with fewer than 5 participants
    activities = app.dataframe[1].value
    assert set(activities["Wijk"]) == {"Soesterberg"}
    assert "minder dan 5" in set(activities["Deelnemers"])
    captions = " ".join(c.value for c in app.caption)
    assert "Evaluatie · Soesterberg · 2025" in captions


def test_status_legend_and_colour_rule_are_shown(smitsveen):
    captions = [c.value for c in smitsveen.caption]
    assert any(c.startswith("**Zo leest u de cijfers:**") for c in captions)
    assert deviation.COLOUR_RULE in captions


# --- the wijk in the URL ----------------------------------------------------------------------------------


def test_default_is_the_first_wijk_and_goes_into_the_url(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE)
    assert app.title[0].value == "Wijkprofiel Boerenstreek"
    assert app.query_params["wijk"] == "WK034201"


def test_url_chooses_the_wijk_and_the_widget_writes_back(smitsveen):
    assert smitsveen.selectbox[0].value == SMITSVEEN
    smitsveen.selectbox[0].set_value("WK034206").run()
    assert not smitsveen.exception
    assert smitsveen.query_params["wijk"] == "WK034206"
    assert smitsveen.title[0].value == "Wijkprofiel Soestdijk 't Hart"


def test_unknown_wijk_in_the_url_falls_back_with_a_notice(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijk="WK999999")
    assert any("WK999999" in i.value and "bestaat niet" in i.value for i in app.info)
    assert app.title[0].value == "Wijkprofiel Boerenstreek"
    assert app.query_params["wijk"] == "WK034201"


def test_a_wijk_name_in_the_url_is_accepted(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijk="smitsveen")
    assert app.title[0].value == "Wijkprofiel Smitsveen"
    assert not app.info


# --- downloads ---------------------------------------------------------------------------------------------


def test_download_buttons_under_every_table_and_chart_with_wijk_file_names(smitsveen):
    helps = [b.help for b in smitsveen.download_button]
    assert len(helps) == 2 * 10  # kerncijfers, opvallend, 6 charts, activities, stories
    assert helps[0].startswith("soest_wijkprofiel-smitsveen-kerncijfers_2025.csv")
    assert any(h.startswith("soest_wijkprofiel-smitsveen-leeftijdsopbouw_2024.csv") for h in helps)


def test_kerncijfers_download_gives_back_the_warehouse_figures(demo):
    with connect_readonly(demo) as con:
        figures = queries.observations(con, None, (SMITSVEEN, "GM0342", "NL00"), None)
    table = comparison_table.profile(figures, SMITSVEEN, "GM0342", {}, "NL00")
    rows = parse_csv(export.csv_bytes(export.tidy_figures(table.figures)))
    assert rows, "the download has figures"
    stored = {(code, region, year): (value, low, high, status) for code, region, year, value, low, high, status in
              query(demo, "SELECT indicator_code, region_code, year, value, ci_low, ci_high, status "
                          "FROM observation WHERE breakdown = 'totaal'")}
    for row in rows:
        value, low, high, status = stored[(row["indicator"], row["regio_code"], int(row["jaar"]))]
        assert dutch_number(row["waarde"]) == value
        assert (dutch_number(row["ondergrens_95"]), dutch_number(row["bovengrens_95"])) == (low, high)
        assert row["status"] == status
    eenzaam = [r for r in rows if r["indicator"] == "eenzaam" and r["regio_code"] == SMITSVEEN]
    assert eenzaam[0]["status"] == "geschat" and eenzaam[0]["ondergrens_95"]
    # Every indicator on screen is in the download for the wijk, the gemeente and (where published) Nederland.
    assert {r["indicator"] for r in rows if r["regio_code"] == SMITSVEEN} == set(
        table.figures.filter(pl.col("region_code") == SMITSVEEN)["indicator_code"].to_list())


def test_missing_national_figure_is_empty_in_the_download_not_zero(demo):
    with connect_readonly(demo) as con:
        figures = queries.observations(con, None, (SMITSVEEN, "GM0342", "NL00"), None)
    table = comparison_table.profile(figures, SMITSVEEN, "GM0342", {}, "NL00")
    assert table.cells.set_index("Indicator").loc["Aanvragen Stichting Leergeld", "Nederland"] == "–"
    rows = parse_csv(export.csv_bytes(export.tidy_figures(table.figures)))
    assert not [r for r in rows if r["indicator"] == "aanvragen_leergeld" and r["regio_code"] == "NL00"]
    assert all(r["waarde"] != "0" for r in rows)


# --- wijken without parts of the profile ----------------------------------------------------------------------


@pytest.fixture
def trimmed_warehouse(demo_warehouse, tmp_path, monkeypatch):
    """A copy of the demo warehouse where Smitsveen has no situatieschets and no KIS figures."""
    copy = tmp_path / "monitor.duckdb"
    shutil.copy2(demo_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM story WHERE region_code = ? AND kind = 'situatieschets'", [SMITSVEEN])
        con.execute("DELETE FROM observation WHERE region_code = ? AND indicator_code IN "
                    "('netto_arbeidsparticipatie', 'migratieachtergrond')", [SMITSVEEN])
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(copy))
    return copy


def test_missing_situatieschets_and_kis_figures_are_said_not_hidden(trimmed_warehouse, monkeypatch):
    app = open_page(trimmed_warehouse, monkeypatch, PAGE, wijk=SMITSVEEN)
    notices = " ".join(i.value for i in app.info)
    assert "Voor Smitsveen is nog geen situatieschets opgegeven" in notices
    assert "Voor Smitsveen zijn er geen cijfers van de KIS-wijkmonitor naar migratieachtergrond" in notices
    assert "Netto arbeidsparticipatie" not in kerncijfers(app).index


# --- chart builders and speed --------------------------------------------------------------------------------


def test_chart_builders_give_valid_vega_lite(demo):
    with connect_readonly(demo) as con:
        figures = queries.observations(con, None, (SMITSVEEN, "GM0342", "NL00"), None)
    regions = (SMITSVEEN, "GM0342", "NL00")
    age = charts.age_rows(figures, *regions)
    assert sorted(age["indicator_code"].unique().to_list()) == sorted(charts.AGE_INDICATORS)
    assert age["year"].unique().to_list() == [2024]
    charts.age_structure_chart(age, regions).to_dict()  # validates against the Vega-Lite schema
    money = charts.trend_rows(figures, ["laag_inkomen", "moeite_rondkomen", "schuldhulp_trajecten"], *regions)
    assert set(money["indicator_code"].to_list()) == {"laag_inkomen", "moeite_rondkomen"}  # no wijk figures: left out
    charts.trend_chart(money, regions).to_dict()
    groups = charts.breakdown_rows(figures, "eenzaam", *regions)
    assert set(groups["breakdown"].to_list()) == {"18 tot 65 jaar", "65 jaar of ouder"}
    charts.regions_chart(groups, regions, "breakdown", "Leeftijdsgroep", "Eenzaam (%)").to_dict()


def test_a_rerun_stays_fast(smitsveen):
    smitsveen.run()
    started = time.perf_counter()
    smitsveen.run()
    assert time.perf_counter() - started < 1.0  # generous for a busy test machine; typically ~0.15 s


def test_a_newer_suppressed_figure_is_named_in_the_status(demo, monkeypatch):
    # Soestdijk 't Hart: Leergeld 2025 below the privacy threshold
    app = open_page(demo, monkeypatch, PAGE, wijk="WK034206")
    [(year,)] = query(demo, "SELECT max(year) FROM observation WHERE indicator_code = 'aanvragen_leergeld' "
                            "AND region_code = 'WK034206' AND value IS NOT NULL", [])
    row = kerncijfers(app).loc["Aanvragen Stichting Leergeld"]
    assert row["Jaar"] == str(year)
    assert row["Status"] == "definitief; 2025 geheim"
