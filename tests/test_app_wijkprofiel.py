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

from app_pages import copy_warehouse, dutch_number, is_map, open_page, page_text, parse_csv, query, shown

PAGE = "views/wijkprofiel.py"
SMITSVEEN = "WK034205"
SECTIONS = ["Situatieschets", "Kerncijfers", "Opvallend", "Op de kaart", "Leeftijdsopbouw", "Bestaanszekerheid",
            "Gezondheid", "Naar migratieachtergrond", "Activiteiten in de wijk", "Verhalen uit de wijk"]


@pytest.fixture
def demo(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


@pytest.fixture
def smitsveen(demo, monkeypatch) -> AppTest:
    return open_page(demo, monkeypatch, PAGE, wijk=SMITSVEEN)


def kerncijfers(app: AppTest):
    table = app.table[0].value  # st.table: its cells wrap, nothing is cut off
    return table.set_index("Indicator")


# --- what is on the page ------------------------------------------------------------------------------------


def test_renders_every_section_for_the_chosen_wijk(smitsveen):
    assert smitsveen.title[0].value == "Wijkprofiel Smitsveen"
    assert [h.value for h in smitsveen.header] == SECTIONS
    # age, bestaanszekerheid, health, age groups, 2× KIS groups, the niet-westerse subgroups of the distribution
    assert len([c for c in smitsveen.get("vega_lite_chart") if not is_map(c)]) == 7
    assert len([c for c in smitsveen.get("vega_lite_chart") if is_map(c)]) == 1  # Op de kaart
    assert not [i.value for i in smitsveen.info if "Er zijn geen cijfers" in i.value]
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
    # No opgave column: with it the table was wider than the page at 1280 px (tests/test_browser.py checks).
    assert list(table.columns) == ["Smitsveen", "Soest", "Nederland", "Vergeleken met Soest", "Jaar", "Status",
                                   "Bron"]
    low_income = table.loc["Huishoudens met een laag inkomen"]
    rows = dict(query(
        demo, "SELECT region_code, value FROM observation WHERE indicator_code = 'laag_inkomen' AND year = 2023 "
              "AND breakdown = 'totaal' AND region_code IN (?, 'GM0342', 'NL00')", [SMITSVEEN]))
    assert low_income["Smitsveen"] == fmt.with_unit(rows[SMITSVEEN], 1, "%")
    assert low_income["Soest"] == fmt.with_unit(rows["GM0342"], 1, "%")
    assert low_income["Nederland"] == fmt.with_unit(rows["NL00"], 1, "%")
    # The series stops after 2023 (CBS measures poverty differently from 2024): a break, not 'niet beschikbaar'.
    assert low_income["Jaar"] == "2023"
    assert low_income["Status"] == "definitief; reeks stopt na 2023"
    assert low_income["Vergeleken met Soest"] == "✗ slechter"
    assert low_income["Bron"] == "CBS Kerncijfers wijken en buurten"
    # The 2025 table has no uitkeringen yet: that is 'niet beschikbaar'.
    assert table.loc["Bijstandsuitkeringen (per 1.000 inwoners)", "Status"] == "definitief; 2025 niet beschikbaar"


def test_kerncijfers_name_series_breaks_and_new_series_with_their_notes(smitsveen, demo):
    notes = next(shown(c.value) for c in smitsveen.caption if c.value.startswith("**Reeksbreuken en nieuwe reeksen:**"))
    [(note,)] = query(demo, "SELECT series_note FROM indicator WHERE indicator_code = 'laag_inkomen'")
    assert f"Huishoudens met een laag inkomen: Reeks stopt na 2023: {note}" in notes
    assert "Personen in armoede: Reeks begint in 2024: nieuwe maat van CBS" in notes
    table = kerncijfers(smitsveen)
    assert table.loc["Personen in armoede", "Status"].endswith("nieuwe reeks vanaf 2024")
    # never 'niet beschikbaar' for a year after a break
    for title in ("Huishoudens met een laag inkomen", "Huishoudens tot 120% van het sociaal minimum",
                  "Inwoners met een niet-westerse migratieachtergrond"):
        assert "niet beschikbaar" not in table.loc[title, "Status"], title


def test_a_rate_on_a_rounded_count_is_marked_rough(smitsveen):
    """Bijstand per wijk: CBS rounds the count to tens, so the rate is rough; the cell and a note say so."""
    table = kerncijfers(smitsveen)
    assert table.loc["Bijstandsuitkeringen (per 1.000 inwoners)", "Smitsveen"].endswith("(grof)")
    assert not table.loc["Bijstandsuitkeringen (per 1.000 inwoners)", "Soest"].endswith("(grof)")
    assert any(c.value.startswith("(grof) = grof cijfer") and "Bijstandsuitkeringen" in c.value
               for c in smitsveen.caption)


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
    worse = next(m for m in markdown if "- **Bijstandsuitkeringen**" in m)
    assert ("**Huishoudens met een laag inkomen**: 9,8% tegen 5,8% in Soest — 69% hoger (2023, "
            "CBS Kerncijfers wijken en buurten; reeks stopt na 2023)") in worse
    assert "**Bijstandsuitkeringen**: 28,1 per 1.000 inwoners (grof) tegen 16,7 per 1.000 inwoners in Soest" in worse
    assert "Geen indicator waarop Smitsveen duidelijk beter scoort." in page_text(smitsveen)


def test_kis_charts_and_ggd_age_groups_show_only_published_figures(smitsveen):
    # Not the map: its shapes are GeoJSON, inline by design (app.charts.kaart), and a region without a figure is
    # drawn hatched, not as 0 (tests/test_app_kaart.py).
    charts_on_page = [c for c in smitsveen.get("vega_lite_chart") if not is_map(c)]
    for chart in charts_on_page:
        spec = json.loads(chart.proto.spec)
        assert "datasets" not in spec or not spec["datasets"], "data travels as Arrow, not inline"
        for dataset in chart.proto.datasets:
            values = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
            # A bar or point is only drawn for a published figure: no NULL turned into 0 (a break row only
            # carries the band of a series break, and is no figure).
            assert all(row["value"] is not None for row in values if "value" in row and not row.get("reeksbreuk"))
    subheaders = [s.value for s in smitsveen.subheader]
    assert "Netto arbeidsparticipatie" in subheaders and "Bevolking naar migratieachtergrond" in subheaders


def test_activities_and_stories_of_the_wijk_with_privacy(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijk="WK034207")  # Soesterberg: an activity with fewer than 5 participants
    [activities] = [frame.value for frame in app.dataframe if "Deelnemers" in frame.value.columns]
    assert set(activities["Wijk"]) == {"Soesterberg"}
    assert "geheim (privacy)" in set(activities["Deelnemers"])
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
    # The map opens on the indicator on which Smitsveen stands out most, in its newest year with wijk figures.
    map_files = [h.split(":")[0] for h in helps if "-kaart_" in h]
    assert map_files == ["soest_wijkprofiel-smitsveen-onder_rond_sociaal_minimum-kaart_2023.csv",
                         "soest_wijkprofiel-smitsveen-onder_rond_sociaal_minimum-kaart_2023.xlsx"]
    # kerncijfers, opvallend, the map, 6 charts, 2 tables per voorziening, activities, stories
    assert len(helps) == 2 * 13
    assert helps[0].startswith("soest_wijkprofiel-smitsveen-kerncijfers_2025.csv")
    assert any(h.startswith("soest_wijkprofiel-smitsveen-leeftijdsopbouw_2025.csv") for h in helps)


def test_kerncijfers_download_gives_back_the_warehouse_figures(demo):
    with connect_readonly(demo) as con:
        figures = queries.observations(con, None, (SMITSVEEN, "GM0342", "NL00"), None)
    table = comparison_table.profile(figures, SMITSVEEN, "GM0342", {}, "NL00")
    rows = parse_csv(export.csv_bytes(export.tidy_figures(table.figures)))
    assert rows, "the download has figures"
    stored = {(code, region, year): (value, low, high, status) for code, region, year, value, low, high, status in
              query(demo, "SELECT indicator_code, region_code, year, round(value, decimals + 1), "
                          "round(ci_low, decimals + 1), round(ci_high, decimals + 1), status FROM observation "
                          "JOIN indicator USING (indicator_code) WHERE breakdown = 'totaal' AND period = 'jaar'")}
    for row in rows:
        value, low, high, status = stored[(row["indicator"], row["regio_code"], int(row["jaar"]))]
        assert dutch_number(row["waarde"]) == value
        assert (dutch_number(row["ondergrens_95"]), dutch_number(row["bovengrens_95"])) == (low, high)
        assert row["status"] == status
    eenzaam = [r for r in rows if r["indicator"] == "eenzaam" and r["regio_code"] == SMITSVEEN]
    assert eenzaam[0]["status"] == "geschat" and eenzaam[0]["ondergrens_95"]
    # The year after a break is in the file too, as a break with its note
    broken = [r for r in rows if r["indicator"] == "laag_inkomen" and r["regio_code"] == SMITSVEEN]
    assert [(r["jaar"], r["status"]) for r in broken] == [("2023", "definitief"), ("2024", "reeksbreuk")]
    assert broken[1]["toelichting"].startswith("Reeks stopt na 2023")
    assert {r["periode"] for r in rows} == {"jaar"}
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
    assert age["year"].unique().to_list() == [2025]
    charts.age_structure_chart(age, regions).to_dict()  # validates against the Vega-Lite schema
    money = charts.trend_rows(figures, ["laag_inkomen", "moeite_rondkomen", "schuldhulp_trajecten"], *regions)
    assert set(money["indicator_code"].to_list()) == {"laag_inkomen", "moeite_rondkomen"}  # no wijk figures: left out
    charts.trend_chart(money, regions).to_dict()
    # A series break: one grey band per break year in its panel, with the note, and the word once
    spec = charts.trend_chart(money, regions).to_dict()
    rows = next(iter(spec["datasets"].values()))
    marks = [row for row in rows if row.get("reeksbreuk")]
    assert {(row["indicator_code"], row["year"]) for row in marks} == {("laag_inkomen", 2024), ("laag_inkomen", 2025)}
    assert [row["reeksbreuk_label"] for row in marks] == ["reeksbreuk", ""]
    assert marks[0]["reeksbreuk"].startswith("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders")
    assert not [row for row in rows if row["indicator_code"] == "laag_inkomen" and row.get("value") is not None
                and row["year"] > 2023], "the line stops at the break"
    groups = charts.breakdown_rows(figures, "eenzaam", *regions)
    assert set(groups["breakdown"].to_list()) == {"18 tot 65 jaar", "65 jaar of ouder"}
    charts.regions_chart(groups, regions, "breakdown", "Leeftijdsgroep", "Eenzaam (%)").to_dict()


def test_the_bestaanszekerheid_chart_marks_breaks_and_leaves_out_a_dwarfing_national_count(smitsveen):
    captions = " ".join(c.value for c in smitsveen.caption)
    assert "Een grijze band met 'reeksbreuk'" in captions
    assert "**Huishoudens met een laag inkomen**: Reeks stopt na 2023: CBS meet dit vanaf 2024 anders" in captions
    assert "Nederland staat niet in Inwoners met een voorziening in het sociaal domein" in captions
    breaks = []
    for chart in smitsveen.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            breaks += [row for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
                       if row.get("reeksbreuk")]
    assert {row["indicator_code"] for row in breaks} == {"laag_inkomen", "tot_120_sociaal_minimum"}


def test_counts_split_into_groups_are_a_table_and_a_rounded_zero_is_no_zero(demo, tmp_path, monkeypatch, downloads):
    """Inwoners met een voorziening per combinatie van wetten: wijk and gemeente side by side; GMSD rounds to 5, so a
    0 reads 'minder dan 3'."""
    copy = copy_warehouse(demo, tmp_path / "monitor.duckdb", f"""
        UPDATE observation SET value = 0, status = 'definitief' WHERE indicator_code = 'clienten_sociaal_domein'
        AND region_code = '{SMITSVEEN}' AND breakdown = 'Jeugd en Wmo' AND period = 'jaar' AND year = 2024""")
    app = open_page(copy, monkeypatch, PAGE, wijk=SMITSVEEN)
    assert "Inwoners met een voorziening in het sociaal domein, uitgesplitst (2024)" in [s.value for s in app.subheader]
    # the first of the two split tables: inwoners (then huishoudens)
    table = next(frame.value for frame in app.dataframe if "Uitsplitsing" in frame.value.columns).set_index("Uitsplitsing")
    assert table.loc["Alleen Wmo", "Smitsveen"] == "385 (voorlopig)"
    assert list(table.columns) == ["Smitsveen", "Soest"]
    assert table.loc["Jeugd en Wmo", "Smitsveen"] == "minder dan 3"
    assert table.loc["Jeugd en P-wet", "Smitsveen"] == "–"  # not published: a dash, not 0
    assert "0" not in set(table["Smitsveen"])
    assert any("Afgerond op vijftallen: een 0 betekent minder dan 3." in c.value for c in app.caption)
    rows = parse_csv(downloads.by_name("soest_wijkprofiel-smitsveen-clienten_sociaal_domein-uitgesplitst_2024.csv")())
    zero = next(r for r in rows if r["regio_code"] == SMITSVEEN and r["uitsplitsing"] == "Jeugd en Wmo")
    assert (zero["waarde"], zero["afgerond_op"], zero["toelichting"]) == ("0", "5", "afgerond 0: minder dan 3")


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


# --- a distribution keeps its hierarchy; the gemeente's own code is heel Soest ------------------------------------


def chart_rows(chart) -> list[dict]:
    return [row for dataset in chart.proto.datasets
            for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()]


def test_migratie_chart_draws_one_level_at_a_time_and_each_level_sums_to_at_most_100(smitsveen, demo):
    """The groups in one chart (≈100% per region), the niet-westerse subgroups apart (≤ their group), never mixed."""
    distribution_charts = [rows for rows in map(chart_rows, smitsveen.get("vega_lite_chart"))
                           if rows and rows[0].get("indicator_code") == "migratieachtergrond"]
    assert len(distribution_charts) == 2
    groups, subgroups = distribution_charts
    assert {row["breakdown"] for row in groups} == {"Geen migratieachtergrond", "Westerse migratieachtergrond",
                                                    "Niet-westerse migratieachtergrond"}
    assert {row["breakdown"] for row in subgroups} == {"Turkije", "Marokko", "Suriname", "Nederlandse Cariben",
                                                       "Overig niet-westers"}
    for region in (SMITSVEEN, "GM0342", "NL00"):
        total = sum(row["value"] for row in groups if row["region_code"] == region)
        assert 99.5 <= total <= 100.5, (region, total)  # rounding of the source
        within = sum(row["value"] for row in subgroups if row["region_code"] == region)
        [parent] = [row["value"] for row in groups
                    if row["region_code"] == region and row["breakdown"] == "Niet-westerse migratieachtergrond"]
        assert within <= parent + 0.5, (region, within, parent)
    markdown = [m.value for m in smitsveen.markdown]
    assert any(m.startswith("**Binnen Niet-westerse migratieachtergrond** (samen ") for m in markdown)
    # The distribution's total (100% of everyone) is no bar anywhere.
    for rows in map(chart_rows, smitsveen.get("vega_lite_chart")):
        assert not [row for row in rows if row.get("indicator_code") == "migratieachtergrond"
                    and row.get("breakdown") == "totaal"]


def test_the_gemeentes_own_code_is_heel_soest_next_to_nederland(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijk="GM0342")
    assert app.title[0].value == "Profiel heel Soest"
    assert not any("bestaat niet" in i.value for i in app.info)
    assert app.selectbox[0].value == "GM0342" and app.query_params["wijk"] == "GM0342"
    table = kerncijfers(app)
    assert list(table.columns[:4]) == ["Soest", "Nederland", "Vergeleken met Nederland", "Jaar"]  # as a wijk's
    assert table.columns.is_unique
    [(value, national)] = query(demo, """
        SELECT s.value, n.value FROM observation s JOIN observation n USING (indicator_code, year, breakdown, period)
        WHERE s.indicator_code = 'moeite_rondkomen' AND s.region_code = 'GM0342' AND n.region_code = 'NL00'
          AND s.breakdown = 'totaal' AND s.period = 'jaar' ORDER BY year DESC LIMIT 1""")
    assert table.loc["Moeite met rondkomen", "Soest"].startswith(fmt.number(value, 1))
    assert table.loc["Moeite met rondkomen", "Nederland"].startswith(fmt.number(national, 1))
    subheaders = [s.value for s in app.subheader]
    assert subheaders[:2] == ["✓ Beter dan Nederland", "✗ Slechter dan Nederland"]
    assert "Activiteiten voor heel Soest" in [h.value for h in app.header]
    # Heel Soest next to Nederland in every chart: the gemeente's colour (app.visual), no wijk. (The map shows the
    # wijken of heel Soest, none outlined: tests/test_app_kaart.py.)
    from app import visual
    charts_on_page = [c for c in app.get("vega_lite_chart") if not is_map(c)]
    assert charts_on_page
    for chart in charts_on_page:
        regions = {row["region_code"] for row in chart_rows(chart) if row.get("region_code")}
        assert regions <= {"GM0342", "NL00"}
    spec = json.loads(charts_on_page[0].proto.spec)
    assert visual.GEMEENTE.colour in json.dumps(spec) and visual.wijk_style(0).colour not in json.dumps(spec)
    # The selectbox offers it by name, for going back and forth.
    assert app.selectbox[0].options[-1] == "Heel Soest"


def test_the_age_chart_is_one_level_that_sums_to_everyone(smitsveen):
    """Five non-overlapping age groups, per region together ≈100% (the source rounds), nothing else mixed in."""
    [age] = [rows for rows in map(chart_rows, smitsveen.get("vega_lite_chart"))
             if rows and rows[0].get("indicator_code") in charts.AGE_INDICATORS]
    assert {row["indicator_code"] for row in age} == set(charts.AGE_INDICATORS)
    for region in (SMITSVEEN, "GM0342", "NL00"):
        total = sum(row["value"] for row in age if row["region_code"] == region)
        assert 99.5 <= total <= 100.5, (region, total)


def test_groups_the_configuration_does_not_place_are_named_not_dropped(demo, tmp_path, monkeypatch):
    """A new classification in the source, not (yet) in the config: no chart that could mix levels, but a notice."""
    renamed = copy_warehouse(demo, tmp_path / "nieuwe_indeling.duckdb",
                             "UPDATE breakdown_group SET breakdown = breakdown || ' (oud)' "
                             "WHERE indicator_code = 'migratieachtergrond'")
    app = open_page(renamed, monkeypatch, PAGE, wijk=SMITSVEEN)
    assert "Bevolking naar migratieachtergrond" in [s.value for s in app.subheader]
    [notice] = [shown(c.value) for c in app.caption if "niet in de indeling van de configuratie" in c.value]
    assert "Geen migratieachtergrond" in notice and "Marokko" in notice
    assert not [rows for rows in map(chart_rows, app.get("vega_lite_chart"))
                if rows and rows[0].get("indicator_code") == "migratieachtergrond"]
