"""The Opgaven page through AppTest on the real demo warehouse, and its doelenboom builder."""

from __future__ import annotations

import json

import polars as pl
from streamlit.testing.v1 import AppTest

from app import doelenboom
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import dutch_number, open_page, page_text, parse_csv, query

PAGE = "views/opgaven.py"
NOTES = ("markdown", "caption", "info")  # the text this page's tests read


def charts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]


def chart_rows(spec: dict) -> list[dict]:
    """The figures a trend chart draws (its point layer)."""
    return next(layer["data"]["values"] for layer in spec["layer"] if layer["mark"]["type"] == "point")


def chart_regions(spec: dict) -> set[str]:
    return {row["regio"] for row in chart_rows(spec)}


def test_default_opgave_with_doelenboom_and_charts_for_gemeente_and_nederland(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    assert app.selectbox[0].value == "leefstijl"
    assert [h.value for h in app.header] == ["1. Gezonde leefstijl"]
    dot = app.get("graphviz_chart")[0].proto.spec
    assert "digraph doelenboom" in dot and "1. Kinderen gezond opgroeien" in dot
    assert "nog geen indicator" in dot  # goals 1 and 2 have no indicator yet
    assert "Ervaren gezondheid goed of" in dot
    specs = charts(app)
    assert len(specs) == 4  # the four GGD indicators of Gezonde leefstijl
    assert all(chart_regions(spec) == {"Soest", "Nederland"} for spec in specs)
    assert "Zo leest u de cijfers" in page_text(app, NOTES)


def test_goal_text_is_shown_verbatim_with_its_number(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid")
    goals = query(demo_warehouse, "SELECT sort_order, text FROM goal WHERE opgave_code = 'weerbaarheid' ORDER BY sort_order")
    text_version = next(m.value for m in app.markdown if "We willen dat:" in m.value)
    for number, text in goals:
        assert f"{number}. {text}" in text_version
    assert "Eenzaam (%)" in text_version and "Veel stress (%)" in text_version


def test_query_parameters_round_trip(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", wijken="WK034205")
    assert app.selectbox[0].value == "weerbaarheid"
    assert app.multiselect[0].value == ["WK034205"]
    specs = charts(app)
    assert len(specs) == 4
    assert all(chart_regions(spec) == {"Smitsveen", "Soest", "Nederland"} for spec in specs)

    app.multiselect[0].select("WK034206").run()
    assert app.query_params["wijken"] == "WK034205,WK034206"
    assert chart_regions(charts(app)[0]) == {"Smitsveen", "Soestdijk 't Hart", "Soest", "Nederland"}

    app.selectbox[0].set_value("kansengelijkheid").run()
    assert app.query_params["opgave"] == "kansengelijkheid"
    assert [h.value for h in app.header] == ["4. Kansengelijkheid"]


def test_unknown_values_in_the_link_fall_back_with_a_notice(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaat-niet", wijken="WK999999,WK034205")
    notices = " ".join(i.value for i in app.info)
    assert "opgave 'bestaat-niet'" in notices and "wijken 'WK999999'" in notices
    assert app.selectbox[0].value == "leefstijl"
    assert app.multiselect[0].value == ["WK034205"]


def test_an_indicator_link_opens_its_opgave_and_focuses_the_chart(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, indicator="eenzaam")
    assert app.selectbox[0].value == "weerbaarheid"
    assert len(charts(app)) == 1
    assert [m.value for m in app.markdown if m.value.startswith("####")] == ["#### Eenzaam"]
    assert any("Alleen getoond: **Eenzaam**" in m.value for m in app.markdown)

    app.button(key="alle_indicatoren").click().run()
    assert len(charts(app)) == 4
    assert "indicator" not in app.query_params

    app.button(key="focus_veel_stress").click().run()
    assert app.query_params["indicator"] == "veel_stress"
    assert [m.value for m in app.markdown if m.value.startswith("####")] == ["#### Veel stress"]


def test_several_indicators_and_unknown_ones_in_the_link(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, indicator="eenzaam,geluk,veel_stress")
    assert any("indicator 'geluk'" in i.value and "overgeslagen" in i.value for i in app.info)
    assert len(charts(app)) == 2
    assert app.query_params["indicator"] == "eenzaam,veel_stress"

    unknown = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", indicator="geluk")
    assert any("indicator 'geluk'" in i.value for i in unknown.info)
    assert len(charts(unknown)) == 4
    assert "indicator" not in unknown.query_params


def test_choosing_another_opgave_drops_the_focus_without_a_false_notice(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, indicator="eenzaam")
    app.selectbox[0].set_value("meedoen").run()
    assert not app.exception
    assert not any("bestaat niet" in i.value for i in app.info)
    assert "indicator" not in app.query_params
    assert len(charts(app)) == 5


def test_coming_from_wijkvergelijking_with_several_indicators_chosen(demo_warehouse, monkeypatch):
    """That page keeps a list of indicators under the same parameter; this page must not trip over it."""
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py")
    app.switch_page(PAGE).run()
    assert not app.exception
    assert [h.value for h in app.header]


def test_missing_and_suppressed_years_are_marked_not_drawn(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="kansengelijkheid", wijken="WK034206", indicator="aanvragen_leergeld")
    spec = charts(app)[0]
    hart = {row["jaar"] for row in chart_rows(spec) if row["region_code"] == "WK034206"}
    assert hart == {2024}, "2022, 2023 and 2025 are geheim for Soestdijk 't Hart"
    labels = [row["label"] for layer in spec["layer"] if layer["mark"]["type"] == "text" for row in layer["data"]["values"]]
    assert labels == ["geheim", "geheim"]
    captions = page_text(app, NOTES)
    assert "Geen cijfer: Soestdijk 't Hart 2022, 2023, 2025 (geheim)." in captions
    assert "Geen cijfers voor: Nederland." in captions  # partners report no national figure

    income = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", indicator="laag_inkomen")
    spec = charts(income)[0]
    assert max(row["jaar"] for row in chart_rows(spec)) == 2023
    assert 2024 in next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["encoding"]["x"]["axis"]["values"]
    assert "Geen cijfer: 2024 voor alle regio's (niet beschikbaar)." in page_text(income, NOTES)


def test_estimates_come_with_definition_source_and_years(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", indicator="eenzaam")
    about = page_text(app, NOTES)
    assert "modelschatting van het RIVM" in about
    assert "Bron: GGD-monitor" in about and "Jaren: 2012–2024" in about and "Eenheid: %" in about
    rows = chart_rows(charts(app)[0])
    soest = next(row for row in rows if row["region_code"] == "GM0342" and row["jaar"] == 2024)
    assert (soest["waarde_tekst"], soest["interval_tekst"], soest["status_tekst"]) == ("46,4%", "44,9–47,8", "schatting")


def test_download_holds_exactly_the_figures_drawn(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="kansengelijkheid", wijken="WK034206",
                    indicator="startkwalificatie")
    button = next(b for b in app.get("download_button") if b.proto.label == "CSV")
    file_name, make = downloads[button.proto.deferred_file_id]
    assert file_name == "soest_opgave_kansengelijkheid_startkwalificatie.csv"
    rows = parse_csv(make())
    assert list(rows[0]) == ["indicator", "titel", "eenheid", "regio_code", "regio", "jaar", "uitsplitsing", "waarde",
                             "ondergrens_95", "bovengrens_95", "status", "bron"]
    expected = query(
        demo_warehouse,
        "SELECT region_code, year, value, status FROM observation WHERE indicator_code = 'startkwalificatie'"
        " AND breakdown = 'totaal' AND region_code IN ('NL00', 'GM0342', 'WK034206') ORDER BY 1, 2")
    got = sorted((row["regio_code"], int(row["jaar"]), dutch_number(row["waarde"]), row["status"]) for row in rows)
    assert got == sorted(expected)
    assert ("WK034206", 2018, None, "ontbreekt") in got, "the gap is in the file, empty and with its status"
    drawn = {(row["region_code"], row["jaar"]) for row in chart_rows(charts(app)[0])}
    assert drawn == {(code, year) for code, year, value, _ in got if value is not None}


def test_download_of_estimates_keeps_the_interval(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", indicator="eenzaam")
    button = next(b for b in app.get("download_button") if b.proto.label == "CSV")
    rows = parse_csv(downloads[button.proto.deferred_file_id][1]())
    expected = query(
        demo_warehouse,
        "SELECT region_code, year, value, ci_low, ci_high FROM observation WHERE indicator_code = 'eenzaam'"
        " AND breakdown = 'totaal' AND region_code IN ('NL00', 'GM0342') ORDER BY 1, 2")
    got = sorted((row["regio_code"], int(row["jaar"]), dutch_number(row["waarde"]), dutch_number(row["ondergrens_95"]),
                  dutch_number(row["bovengrens_95"])) for row in rows)
    assert got == sorted(expected)
    assert {row["status"] for row in rows} == {"geschat"}


def test_indicators_without_figures_say_so(warehouse, monkeypatch):
    """A warehouse with only CBS loaded: the GGD, partner and KIS indicators have no figures yet."""
    app = open_page(warehouse, monkeypatch, PAGE, opgave="kansengelijkheid")
    notices = [i.value for i in app.info if "Nog geen cijfers geladen" in i.value]
    assert len(notices) == 3  # Leergeld, VVE (partner) and startkwalificatie (KIS)
    assert any("Partneropgave" in notice for notice in notices)
    # The 2024 KWB table has no jeugdzorg or income figures yet: loaded, but not published.
    unpublished = [i.value for i in app.info if "Geen cijfer gepubliceerd" in i.value]
    assert len(unpublished) == 2 and all("2024" in n and "niet beschikbaar" in n for n in unpublished)
    assert len(charts(app)) == 1  # basisscholen binnen 3 km has a 2024 figure


def test_doelenboom_builders_are_pure_and_complete(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        opgaven, goals = queries.opgaven(con), queries.goals(con)
        catalog = queries.indicator_catalog(con, "GM0342")
    weerbaarheid = opgaven.filter(pl.col("opgave_code") == "weerbaarheid").row(0, named=True)
    tree = doelenboom.tree(weerbaarheid, goals, catalog)
    assert [goal["number"] for goal in tree] == [1, 2, 3, 4]
    assert [i["code"] for i in tree[1]["indicators"]] == ["eenzaam", "ernstig_eenzaam"]
    assert tree[2]["indicators"] == []

    dot = doelenboom.doelenboom_dot(weerbaarheid, goals, catalog, font_size=24, wrap=20, show_ambition=True)
    assert dot.startswith("digraph doelenboom {") and dot.rstrip().endswith("}")
    assert "fontsize=24" in dot and "Ambitie: We willen" in dot
    assert dot.count(" -> ") == 4 + 4 + 1  # opgave → goals, goals → indicators, goal 3 → 'nog geen indicator'

    no_figures = catalog.with_columns(pl.lit(0).alias("regions_with_figures"))
    assert "nog geen cijfers" in doelenboom.doelenboom_dot(weerbaarheid, goals, no_figures)
    assert "(nog geen cijfers)" in doelenboom.doelenboom_markdown(weerbaarheid, goals, no_figures)


def test_doelenboom_escapes_quotes_in_labels():
    goals = pl.DataFrame({"goal_code": ["x.1"], "opgave_code": ["x"], "text": ['Een "goed" doel\\'], "sort_order": [1]})
    catalog = pl.DataFrame(schema={"indicator_code": pl.String, "title": pl.String, "unit": pl.String,
                                   "source_title": pl.String, "opgave_code": pl.String, "goal_code": pl.String,
                                   "regions_with_figures": pl.Int64, "sort_order": pl.Int32})
    dot = doelenboom.doelenboom_dot({"opgave_code": "x", "title": "X", "ambition": "A", "sort_order": 1}, goals, catalog)
    assert 'label="1. Een \\"goed\\" doel\\\\"' in dot
