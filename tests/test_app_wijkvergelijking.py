"""The Wijkvergelijking page through AppTest on the real demo warehouse, and the comparison table and ranking it reuses."""

from __future__ import annotations

import json
import time

import polars as pl
import pyarrow as pa
import pytest

from app import comparison_table, deviation, export, visual
from app import format as fmt
from app.charts import wijk as charts
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import dutch_number, is_map, open_page, parse_csv, query, shown

PAGE = "views/wijkvergelijking.py"
WIJKEN = ["WK0342%02d" % n for n in range(1, 9)]
SMITSVEEN, HART = "WK034205", "WK034206"  # Soestdijk 't Hart: Leergeld counts below the threshold ('geheim')


@pytest.fixture
def demo(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


@pytest.fixture
def figures(demo) -> pl.DataFrame:
    with connect_readonly(demo) as con:
        return queries.observations(con, None, tuple(WIJKEN) + ("GM0342", "NL00"), "totaal")


@pytest.fixture
def wijken(demo) -> pl.DataFrame:
    with connect_readonly(demo) as con:
        return queries.wijken(con, "GM0342")


def stored(path, indicator: str, year: int) -> dict[str, tuple]:
    rows = query(path, "SELECT region_code, value, ci_low, ci_high, status FROM observation WHERE indicator_code = ?"
                       " AND year = ? AND breakdown = 'totaal' AND period = 'jaar'", [indicator, year])
    return {region: rest for region, *rest in rows}


# --- defaults and the URL ------------------------------------------------------------------------------------


def test_defaults_key_indicators_newest_year_and_two_wijken(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE)
    assert app.title[0].value == "Wijkvergelijking"
    # Per opgave the first indicator with wijk figures that is current (not stopped at a series break) and can be
    # judged (a direction, not a count).
    expected = [code for (code,) in query(demo, """
        SELECT DISTINCT ON (i.opgave_code) i.indicator_code FROM indicator i
        WHERE i.opgave_code IS NOT NULL AND i.series_last_year IS NULL AND i.higher_is_better IS NOT NULL
          AND i.unit <> 'aantal' AND EXISTS (SELECT 1 FROM observation o WHERE o.indicator_code = i.indicator_code
                                            AND o.region_code LIKE 'WK%' AND o.value IS NOT NULL)
        ORDER BY i.opgave_code, i.sort_order""")]
    order = dict(query(demo, "SELECT indicator_code, sort_order FROM indicator"))
    assert app.query_params["indicator"] == ",".join(sorted(expected, key=order.get))
    assert app.query_params["indicator"] == ("ervaren_gezondheid,personen_in_armoede,regie_eigen_leven,"
                                             "startkwalificatie,vrijwilligerswerk")
    # The year in which most of them have wijk figures (GGD measures in 2020, 2022 and 2024; the new poverty
    # series starts in 2024; startkwalificatie stops at 2023): 2024, and the one left out is named.
    assert [h.value for h in app.header] == ["Alle wijken in 2024", "Op de kaart", "Rangschikking",
                                             "Wijken naast elkaar"]
    assert app.query_params["jaar"] == "2024"
    assert [i.value for i in app.info if "staat niet in de tabel" in i.value] == [
        "**Jongeren met een startkwalificatie** staat niet in de tabel: er zijn geen cijfers per wijk voor 2024. "
        "Het nieuwste jaar met wijkcijfers is 2023."]
    assert app.query_params["wijken"] == "WK034201,WK034202"
    assert [s.value for s in app.subheader] == ["Boerenstreek", "De Eng Soest-midden"]


def test_indicator_without_figures_in_the_year_is_named_with_its_newest_year(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="jeugdzorg,eenzaam", jaar="2025")
    notices = [i.value for i in app.info]
    assert ("**Jongeren met jeugdzorg in natura** staat niet in de tabel: er zijn geen cijfers per wijk voor 2025. "
            "Het nieuwste jaar met wijkcijfers is 2024.") in notices


def test_a_year_after_a_series_break_is_named_as_a_break_with_its_note(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="laag_inkomen,eenzaam", jaar="2024")
    [(note,)] = query(demo, "SELECT series_note FROM indicator WHERE indicator_code = 'laag_inkomen'")
    notices = [shown(i.value) for i in app.info]
    assert (f"**Huishoudens met een laag inkomen** staat niet in de tabel: 2024 valt na een reeksbreuk. "
            f"Reeks stopt na 2023: {note}") in notices
    assert not any("geen cijfers per wijk" in notice for notice in notices)
    table = app.table[0].value
    assert list(table.columns) == ["Regio", "Eenzaam (%)"]
    # The map, the ranking and the side-by-side view say the same
    assert f"Geen kaart voor 2024: dat jaar valt na een reeksbreuk. Reeks stopt na 2023: {note}" in notices
    assert any(i.startswith("Voor Huishoudens met een laag inkomen valt 2024 na een reeksbreuk: Reeks stopt na 2023")
               for i in notices)
    markdown = [shown(m.value) for m in app.markdown]
    assert any(m.startswith("**Huishoudens met een laag inkomen**  \nreeksbreuk") and f"Reeks stopt na 2023: {note}" in m
               for m in markdown)


def test_url_parameters_round_trip(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="bijstand_per_1000,laag_inkomen", jaar="2022",
                    wijken="WK034205,WK034207")
    assert app.multiselect[0].value == ["bijstand_per_1000", "laag_inkomen"]
    assert app.selectbox[0].value == "2022"
    assert app.multiselect[1].value == [SMITSVEEN, "WK034207"]
    assert app.header[0].value == "Alle wijken in 2022"
    app.selectbox[0].set_value("2021").run()
    assert app.query_params["jaar"] == "2021"
    app.multiselect[1].select("WK034201").run()
    assert app.query_params["wijken"] == "WK034205,WK034207,WK034201"
    app.multiselect[0].unselect("laag_inkomen").run()
    assert app.query_params["indicator"] == "bijstand_per_1000"
    assert not app.exception


def test_unknown_values_in_the_url_give_a_notice_and_a_fallback(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="eenzaam,bestaat_niet", jaar="1999",
                    wijken="WK034201,WK034202,WK034203,WK034204,WK034205")
    notices = " ".join(shown(i.value) for i in app.info)
    assert "indicator 'bestaat_niet'" in notices and "Deze keuze is overgeslagen" in notices
    assert "jaar '1999'" in notices
    assert "de eerste 4 worden getoond" in notices
    assert app.query_params["indicator"] == "eenzaam"
    assert app.query_params["jaar"] == "2024"  # the newest year with figures for eenzaam
    assert len(app.multiselect[1].value) == 4


def test_fewer_than_two_wijken_asks_for_more(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, wijken="WK034201")
    assert "Kies twee tot vier wijken om ze naast elkaar te zien." in [i.value for i in app.info]


# --- the table -----------------------------------------------------------------------------------------------


def test_table_shows_every_wijk_the_gemeente_and_nederland_with_verdicts(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="laag_inkomen,aanvragen_leergeld,eenzaam", jaar="2023")
    table = app.table[0].value.set_index("Regio")
    assert list(table.index) == ["Boerenstreek", "De Eng Soest-midden", "Klaarwater", "Overhees", "Smitsveen",
                                 "Soestdijk 't Hart", "Soesterberg", "Soest-Zuid", "Soest", "Nederland"]
    income = stored(demo, "laag_inkomen", 2023)
    assert table.loc["Smitsveen", "Huishoudens met een laag inkomen (%)"] == fmt.number(income[SMITSVEEN][0], 1) + " ✗"
    assert table.loc["Soestdijk 't Hart", "Huishoudens met een laag inkomen (%)"] == \
        fmt.number(income[HART][0], 1) + " ✓"
    assert table.loc["Soest", "Huishoudens met een laag inkomen (%)"] == fmt.number(income["GM0342"][0], 1)
    # Suppressed counts say 'geheim'; counts get no verdict; a missing national count is '–'.
    assert table.loc["Soestdijk 't Hart", "Aanvragen Stichting Leergeld"] == "geheim"
    assert table.loc["Smitsveen", "Aanvragen Stichting Leergeld"] == fmt.number(
        stored(demo, "aanvragen_leergeld", 2023)[SMITSVEEN][0], 0)
    assert table.loc["Nederland", "Aanvragen Stichting Leergeld"] == "–"
    # GGD has no 2023 measurement: the page says so.
    assert any("**Eenzaam** staat niet in de tabel" in i.value and "2024" in i.value for i in app.info)
    captions = [c.value for c in app.caption]
    assert any(deviation.COLOUR_RULE in c for c in captions)
    assert any(c.startswith("**Zo leest u de cijfers:**") for c in captions)


def test_estimates_in_the_table_carry_their_interval_and_follow_the_interval_rule(figures, wijken, demo):
    table = comparison_table.build(figures, wijken, ["eenzaam"], 2024, "GM0342")
    cells = table.cells.set_index("Regio")["Eenzaam (%)"]
    verdicts = table.verdicts.set_index("Regio")["Eenzaam (%)"]
    lonely = stored(demo, "eenzaam", 2024)
    value, low, high, _ = lonely[SMITSVEEN]
    assert cells["Smitsveen"] == f"{fmt.number(value, 1)} ({fmt.number(low, 1)}–{fmt.number(high, 1)}) ✗"
    gemeente_low, gemeente_high = lonely["GM0342"][1:3]
    for code, name in zip(wijken["region_code"], wijken["name"]):
        wijk_value, wijk_low, wijk_high, _ = lonely[code]
        apart = wijk_low > gemeente_high or wijk_high < gemeente_low
        expected = ("slechter" if wijk_value > lonely["GM0342"][0] else "beter") if apart else "gelijk"
        assert verdicts[name] == expected, name
        assert cells[name].endswith({"slechter": "✗", "beter": "✓", "gelijk": "≈"}[expected])


def test_table_colours_are_blue_and_orange_and_never_the_only_signal(figures, wijken):
    table = comparison_table.build(figures, wijken, ["laag_inkomen", "jeugdzorg"], 2023, "GM0342")
    html = comparison_table.styled(table).to_html()
    assert comparison_table.VERDICT_COLOURS["beter"] in html and comparison_table.VERDICT_COLOURS["slechter"] in html
    verdicts = table.verdicts.set_index("Regio")
    cells = table.cells.set_index("Regio")
    for region in verdicts.index:
        for column in verdicts.columns:
            mark = {"beter": "✓", "slechter": "✗"}.get(verdicts.loc[region, column])
            if mark:
                assert cells.loc[region, column].endswith(mark)
    # Jeugdzorg has no good or bad direction: higher/lower arrows, no colour.
    assert set(verdicts["Jongeren met jeugdzorg in natura (%)"][:8]) <= {"neutraal", "gelijk"}
    assert all(cells["Jongeren met jeugdzorg in natura (%)"][:8].str[-1].isin(["↑", "↓", "≈"]))


def test_table_download_gives_back_the_warehouse_figures(figures, wijken, demo):
    table = comparison_table.build(figures, wijken, ["laag_inkomen", "aanvragen_leergeld"], 2023, "GM0342")
    rows = parse_csv(export.csv_bytes(export.tidy_figures(table.figures)))
    assert len(rows) == 2 * 10 - 1  # Nederland has no Leergeld figure
    for indicator in ("laag_inkomen", "aanvragen_leergeld"):
        expected = stored(demo, indicator, 2023)
        for row in (r for r in rows if r["indicator"] == indicator):
            value, low, high, status = expected[row["regio_code"]]
            assert (dutch_number(row["waarde"]), row["status"]) == (value, status)
    secret = next(r for r in rows if r["indicator"] == "aanvragen_leergeld" and r["regio_code"] == HART)
    assert secret["waarde"] == "" and secret["status"] == "geheim"


def test_download_file_names_follow_subject_and_year(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="laag_inkomen", jaar="2023", wijken="WK034205,WK034206")
    helps = [b.help for b in app.download_button]
    assert helps[0].startswith("soest_wijkvergelijking_2023.csv")
    assert any(h.startswith("soest_wijkvergelijking-laag_inkomen_2023.csv") for h in helps)
    assert any(h.startswith("soest_wijkvergelijking-smitsveen-soestdijk-t-hart_2023.csv") for h in helps)
    map_files = [h for h in helps if "-kaart_" in h]
    assert [h.split(":")[0] for h in map_files] == ["soest_wijkvergelijking-laag_inkomen-kaart_2023.csv",
                                                     "soest_wijkvergelijking-laag_inkomen-kaart_2023.xlsx"]
    assert len(helps) == 6 + len(map_files)  # table, ranking, side by side and the map: CSV and Excel each


# --- the ranking ---------------------------------------------------------------------------------------------


def test_ranking_keeps_missing_wijken_out_of_the_bars(figures, wijken, demo):
    ranked = comparison_table.ranking(figures, wijken, "aanvragen_leergeld", 2023, "GM0342")
    hart = ranked.filter(pl.col("region_code") == HART).row(0, named=True)
    assert hart["value"] is None and hart["figure"] == "geheim" and hart["verdict"] == "onbekend"
    spec = charts.ranking_chart(figures, wijken, "aanvragen_leergeld", 2023, "GM0342").to_dict()
    bars = next(layer for layer in spec["layer"] if layer["mark"] == {"type": "bar"})
    drawn = spec["datasets"][bars["data"]["name"]]
    published = {code for code, (value, *_) in stored(demo, "aanvragen_leergeld", 2023).items()
                 if value is not None and code in WIJKEN}
    assert HART not in published
    assert sorted(row["region_code"] for row in drawn) == sorted(published)
    # Counts: no gemeente or Nederland line (a wijk count is not comparable with a gemeente count).
    assert not any(layer["mark"] == {"type": "rule", "color": "#000000", "strokeWidth": 2} for layer in spec["layer"])


def test_ranking_on_the_page_with_reference_lines_and_verdict_colours(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="laag_inkomen", jaar="2023")
    [chart] = [c for c in app.get("vega_lite_chart") if not is_map(c)]  # the ranking; the map has its own tests
    spec = json.loads(chart.proto.spec)
    income = stored(demo, "laag_inkomen", 2023)
    datasets = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.proto.datasets}
    lines = next(rows for rows in datasets.values() if rows and "soort" in rows[0])
    assert {row["soort"]: row["value"] for row in lines} == {"gemeente": income["GM0342"][0],
                                                             "Nederland": income["NL00"][0]}
    bars = next(rows for rows in datasets.values() if rows and "oordeel" in rows[0])
    by_name = {row["name"]: row for row in bars}
    assert by_name["Smitsveen"]["value"] == income[SMITSVEEN][0]
    assert by_name["Smitsveen"]["oordeel"] == "✗ slechter dan Soest"
    assert by_name["Smitsveen"]["label"] == fmt.with_unit(income[SMITSVEEN][0], 1, "%") + " ✗"
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert colour["scale"]["range"][:2] == [visual.BETTER.colour, visual.WORSE.colour]  # blue beter, orange slechter


def test_ranking_for_a_year_without_wijk_figures_says_so(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="jeugdzorg", jaar="2025")
    assert any("Voor Jongeren met jeugdzorg in natura zijn er geen cijfers per wijk in 2025; het nieuwste jaar "
               "met wijkcijfers is 2024." in i.value for i in app.info)
    assert not app.get("vega_lite_chart")


def test_ranking_of_a_rate_on_rounded_counts_says_it_is_rough(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="bijstand_per_1000", jaar="2024")
    captions = [c.value for c in app.caption]
    assert "Grof cijfer: berekend op een aantal dat de bron op tientallen afrondt (afgerond 0 = minder dan 5)." in captions
    table = app.table[0].value.set_index("Regio")
    assert table.loc["Smitsveen", "Bijstandsuitkeringen (per 1.000 inwoners)"].split(" ✗")[0].endswith("(grof)")
    assert not table.loc["Soest", "Bijstandsuitkeringen (per 1.000 inwoners)"].endswith("(grof)")
    assert any(c.startswith("(grof) = grof cijfer") for c in captions)


def test_figure_text_never_shows_a_rounded_zero_or_a_break_as_a_number():
    rate = {"value": 0.0, "decimals": 1, "unit": "per 1.000 inwoners", "status": "definitief", "rounded_to": 10,
            "ci_low": None, "ci_high": None}
    count = {**rate, "unit": "aantal", "decimals": 0, "rounded_to": 5}
    assert comparison_table.figure_text(rate) == "afgerond 0 (minder dan 5 geteld)"
    assert comparison_table.figure_text(count) == "minder dan 3"
    assert comparison_table.figure_text({**count, "rounded_to": None}) == "0"  # a true 0 from an unrounded source
    assert comparison_table.figure_text({**rate, "value": 12.34}) == "12,3 per 1.000 inwoners (grof)"
    assert comparison_table.figure_text({**rate, "value": None, "status": "reeksbreuk"}) == "reeksbreuk"


def test_ranking_download_lists_every_wijk_with_its_status(figures, wijken, demo):
    rows = parse_csv(export.csv_bytes(export.tidy_figures(
        charts.ranking_figures(figures, wijken, "aanvragen_leergeld", 2023, "GM0342"))))
    assert [r["regio_code"] for r in rows] == WIJKEN + ["GM0342"]
    assert {r["regio_code"]: r["status"] for r in rows}[HART] == "geheim"


# --- side by side -------------------------------------------------------------------------------------------


def test_side_by_side_shows_each_wijk_against_the_gemeente(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE, indicator="laag_inkomen,aanvragen_leergeld", jaar="2023",
                    wijken="WK034205,WK034206")
    assert [s.value for s in app.subheader] == ["Smitsveen", "Soestdijk 't Hart"]
    markdown = [m.value for m in app.markdown]
    income = stored(demo, "laag_inkomen", 2023)
    assert (f"**Huishoudens met een laag inkomen**  \n{fmt.with_unit(income[SMITSVEEN][0], 1, '%')} · "
            f":orange-background[✗ slechter]  \n:gray[Soest: {fmt.with_unit(income['GM0342'][0], 1, '%')}]") in markdown
    assert any(m.startswith("**Aanvragen Stichting Leergeld**  \ngeheim  \n") for m in markdown)


def test_a_rerun_stays_fast(demo, monkeypatch):
    app = open_page(demo, monkeypatch, PAGE)
    app.run()
    started = time.perf_counter()
    app.run()
    assert time.perf_counter() - started < 1.0  # generous for a busy test machine; typically ~0.1–0.2 s


def test_many_indicators_are_paged_through_never_cut_off(demo, monkeypatch):
    codes = ["ervaren_gezondheid", "eenzaam", "bijstand_per_1000", "laag_inkomen", "vrijwilligerswerk",
             "regie_eigen_leven", "rokers"]
    app = open_page(demo, monkeypatch, PAGE, indicator=",".join(codes), jaar="2022")
    assert len(app.table[0].value.columns) == 1 + comparison_table.COLUMNS_PER_VIEW
    [pages] = [radio for radio in app.radio if radio.label == "Kolommen in de tabel"]
    assert pages.options == ["Indicatoren 1–5 van 7", "Indicatoren 6–7 van 7"]
    pages.set_value(1).run()
    assert list(app.table[0].value.columns) == ["Regio", "Regie over het eigen leven (%)", "Rokers (%)"]
    app.multiselect[0].set_value(codes[:2]).run()  # fewer indicators: one view, no paging
    assert not [radio for radio in app.radio if radio.label == "Kolommen in de tabel"]
    assert list(app.table[0].value.columns) == ["Regio", "Ervaren gezondheid goed of zeer goed (%)", "Eenzaam (%)"]
