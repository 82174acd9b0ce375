"""The Opgaven page through AppTest on the real demo warehouse, and its doelenboom builder."""

from __future__ import annotations

import json

import polars as pl
from streamlit.testing.v1 import AppTest

from app import doelenboom, export, progress
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import dutch_number, is_map, open_page, page_text, parse_csv, query, shown

PAGE = "views/opgaven.py"
MEDIAN = "Referentiegemeenten (mediaan)"  # app.comparison: the referentiegemeenten of config/soest.toml
NOTES = ("markdown", "caption", "info")  # the text this page's tests read


def charts(app: AppTest) -> list[dict]:
    """The trend charts, one per indicator (and one per half-year series); not the map of the wijken below them."""
    return [spec for spec in map(json.loads, (element.proto.spec for element in app.get("vega_lite_chart")))
            if not is_map(spec)]


def maps(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("vega_lite_chart") if is_map(element)]


def chart_rows(spec: dict) -> list[dict]:
    """The figures a trend chart draws (its point layer)."""
    return next(layer["data"]["values"] for layer in spec["layer"] if layer["mark"]["type"] == "point")


def chart_regions(spec: dict) -> set[str]:
    return {row["regio"] for row in chart_rows(spec)}


def layers(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def chart_csv(app: AppTest, downloads):
    """The first CSV button under a chart ('soest_opgave_…'; the progress table above the charts has its own)."""
    return next(b for b in app.get("download_button") if b.proto.label == "CSV"
                and downloads[b.proto.deferred_file_id][0].startswith("soest_opgave_")
                and "-kaart_" not in downloads[b.proto.deferred_file_id][0])  # the map's figures: not a chart's


def count(warehouse, opgave: str) -> int:
    return query(warehouse, "SELECT count(*) FROM indicator WHERE opgave_code = ?", [opgave])[0][0]


def test_default_opgave_with_doelenboom_and_charts_for_gemeente_and_nederland(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    assert app.selectbox[0].value == "leefstijl"
    assert [h.value for h in app.header] == ["1. Gezonde leefstijl"]
    dot = app.get("graphviz_chart")[0].proto.spec
    assert "digraph doelenboom" in dot and "1. Kinderen gezond opgroeien" in dot
    assert "nog geen indicator — bron nodig:" in dot  # goals 1 and 2 have no indicator yet
    assert "Ervaren gezondheid goed of" in dot
    specs = charts(app)
    assert len(specs) == count(demo_warehouse, "leefstijl") == 5  # the GGD indicators of Gezonde leefstijl
    # Beside Nederland the median of the referentiegemeenten of the config's [vergelijking] (app.comparison).
    assert all(chart_regions(spec) == {"Soest", "Nederland", MEDIAN} for spec in specs)
    assert len(maps(app)) == 1  # and below the charts the wijken on the map
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
    assert len(specs) == count(demo_warehouse, "weerbaarheid") == 6
    assert all(chart_regions(spec) - {MEDIAN} == {"Smitsveen", "Soest", "Nederland"} for spec in specs)

    app.multiselect[0].select("WK034206").run()
    assert app.query_params["wijken"] == "WK034205,WK034206"
    assert chart_regions(charts(app)[0]) - {MEDIAN} == {"Smitsveen", "Soestdijk 't Hart", "Soest", "Nederland"}

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
    assert len(charts(app)) == count(demo_warehouse, "weerbaarheid")
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
    assert len(charts(unknown)) == count(demo_warehouse, "weerbaarheid")
    assert "indicator" not in unknown.query_params


def test_choosing_another_opgave_drops_the_focus_without_a_false_notice(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, indicator="eenzaam")
    app.selectbox[0].set_value("meedoen").run()
    assert not app.exception
    assert not any("bestaat niet" in i.value for i in app.info)
    assert "indicator" not in app.query_params
    assert len(charts(app)) == count(demo_warehouse, "meedoen") == 7


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

    bijstand = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", indicator="bijstand_per_1000")
    spec = charts(bijstand)[0]
    assert max(row["jaar"] for row in chart_rows(spec)) == 2024
    assert 2025 in layers(spec, "point")[0]["encoding"]["x"]["axis"]["values"]
    assert "Geen cijfer: 2025 voor alle regio's (niet beschikbaar)." in page_text(bijstand, NOTES)


def test_a_series_break_is_a_labelled_band_not_a_gap(demo_warehouse, monkeypatch):
    """Huishoudens met een laag inkomen stops after 2023 (CBS measures poverty differently from 2024): the chart
    shows a grey band labelled 'reeksbreuk' from the break on, no gap marks, and the note in words."""
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", indicator="laag_inkomen")
    [spec] = charts(app)
    assert max(row["jaar"] for row in chart_rows(spec)) == 2023
    assert layers(spec, "point")[0]["encoding"]["x"]["axis"]["values"][-2:] == [2024, 2025]
    [band] = layers(spec, "rect")
    assert band["mark"]["clip"] and band["data"]["values"][0]["start"] == 2023.5
    [(note,)] = query(demo_warehouse, "SELECT series_note FROM indicator WHERE indicator_code = 'laag_inkomen'")
    assert band["data"]["values"][0]["detail"] == f"Reeks stopt na 2023: {note}"
    labels = [row["label"] for layer in layers(spec, "text") for row in layer["data"]["values"]]
    assert labels == ["reeksbreuk"], "the break is named, and no year gets a 'geen cijfer' label"
    assert not [layer for layer in layers(spec, "rule") if layer["mark"].get("strokeDash")], "no gap rule"
    text = page_text(app, NOTES)
    assert f"Reeks stopt na 2023 (grijze band ‘reeksbreuk’ vanaf 2024): {note}" in text
    [caption] = [c.value for c in app.caption if "Jaren:" in c.value]
    assert "Jaren: 2019–2023" in caption
    assert "Geen cijfer" not in caption and "niet beschikbaar" not in caption


def test_a_successor_series_says_when_it_starts_and_what_it_replaced(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", indicator="personen_in_armoede")
    [spec] = charts(app)
    assert {row["jaar"] for row in chart_rows(spec)} == {2024}, "never joined to the old series"
    text = page_text(app, NOTES)
    assert "Reeks begint in 2024: nieuwe maat van CBS vanaf 2024" in text
    assert "tot en met 2023: Huishoudens met een laag inkomen, niet vergelijkbaar" in text
    assert not layers(spec, "rect")


def test_the_download_of_a_broken_series_keeps_its_break_years_with_the_note(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", indicator="laag_inkomen")
    button = chart_csv(app, downloads)
    rows = parse_csv(downloads[button.proto.deferred_file_id][1]())
    breaks = [row for row in rows if row["status"] == "reeksbreuk"]
    assert {(row["regio_code"], row["jaar"]) for row in breaks} == {(region, year) for region in ("NL00", "GM0342")
                                                                    for year in ("2024", "2025")}
    assert all(row["waarde"] == "" and row["toelichting"].startswith("Reeks stopt na 2023: CBS meet dit") for row in breaks)


def test_half_years_get_their_own_chart_and_never_share_the_yearly_line(demo_warehouse, monkeypatch, downloads):
    """The GMSD counts come per year and per half-year: a yearly trend, and below it a chart per half-year
    with an ordinal axis '1e halfjaar 2022' … '2e halfjaar 2024'."""
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid",
                    indicator="clienten_sociaal_domein")
    yearly, halves = charts(app)
    stored = {(region, year, period): value for region, year, period, value in query(demo_warehouse, """
        SELECT region_code, year, period, value FROM observation WHERE indicator_code = 'clienten_sociaal_domein'
        AND breakdown = 'totaal' AND region_code = 'GM0342'""")}
    # the yearly line: only year figures, on a numeric year axis
    yearly_points = [row for row in chart_rows(yearly) if row["region_code"] == "GM0342"]
    assert {(row["jaar"], row["waarde"]) for row in yearly_points} == {
        (year, value) for (_, year, period), value in stored.items() if period == "jaar"}
    assert {row["periode"] for row in chart_rows(yearly)} == {"2022", "2023", "2024"}
    assert layers(yearly, "point")[0]["encoding"]["x"]["type"] == "quantitative"
    # the half-years: their own chart, labelled, in time order
    x = layers(halves, "point")[0]["encoding"]["x"]
    order = ["1e halfjaar 2022", "2e halfjaar 2022", "1e halfjaar 2023", "2e halfjaar 2023", "1e halfjaar 2024",
             "2e halfjaar 2024"]
    assert (x["type"], x["field"], x["sort"]) == ("ordinal", "periode", order)
    half_points = [row for row in chart_rows(halves) if row["region_code"] == "GM0342"]
    assert {(row["periode"], row["waarde"]) for row in half_points} == {
        (f"{period} {year}", value) for (_, year, period), value in stored.items() if period != "jaar"}
    text = page_text(app, NOTES)
    assert "Inwoners met een voorziening in het sociaal domein per halfjaar" in text
    assert "halfjaren tellen niet op tot het jaar en staan niet op de jaarlijn" in text
    # A national count would flatten Soest's line: left out, and said
    assert "Nederland" not in chart_regions(yearly) | chart_regions(halves)
    assert "Nederland staat er niet bij" in text
    assert "Afgerond op vijftallen: een 0 betekent minder dan 3." in text
    # One download with both, told apart by 'periode'
    button = chart_csv(app, downloads)
    rows = parse_csv(downloads[button.proto.deferred_file_id][1]())
    assert list(rows[0]) == export.DOWNLOAD_COLUMNS
    assert {row["periode"] for row in rows} == {"jaar", "1e halfjaar", "2e halfjaar"}
    assert {row["afgerond_op"] for row in rows} == {"5"}


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
    button = chart_csv(app, downloads)
    file_name, make = downloads[button.proto.deferred_file_id]
    assert file_name == "soest_opgave_kansengelijkheid_startkwalificatie.csv"
    rows = parse_csv(make())
    assert list(rows[0]) == ["indicator", "titel", "eenheid", "regio_code", "regio", "jaar", "periode", "uitsplitsing",
                             "waarde", "ondergrens_95", "bovengrens_95", "status", "afgerond_op", "bron",
                             "pad_streefwaarde", "toelichting"]  # startkwalificatie has a (fictional) target
    baseline_year, target_year = query(demo_warehouse, "SELECT baseline_year, target_year FROM indicator_target"
                                                       " WHERE indicator_code = 'startkwalificatie'")[0]
    on_path = {int(row["jaar"]) for row in rows if row["regio_code"] == "GM0342" and row["pad_streefwaarde"]}
    assert on_path and min(on_path) == baseline_year and max(on_path) <= target_year
    assert not any(row["pad_streefwaarde"] for row in rows if row["regio_code"] != "GM0342")
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
    button = chart_csv(app, downloads)
    rows = parse_csv(downloads[button.proto.deferred_file_id][1]())
    expected = query(
        demo_warehouse,
        "SELECT region_code, year, value, ci_low, ci_high FROM observation WHERE indicator_code = 'eenzaam'"
        " AND breakdown = 'totaal' AND region_code IN ('NL00', 'GM0342') ORDER BY 1, 2")
    got = sorted((row["regio_code"], int(row["jaar"]), dutch_number(row["waarde"]), dutch_number(row["ondergrens_95"]),
                  dutch_number(row["bovengrens_95"])) for row in rows if row["regio_code"] != "mediaan_referentie")
    assert got == sorted(expected)
    assert {row["status"] for row in rows} == {"geschat"}
    # The median of the referentiegemeenten drawn beside them is in the file too, without an interval of its own.
    medians = [row for row in rows if row["regio_code"] == "mediaan_referentie"]
    assert medians and all(row["ondergrens_95"] == "" for row in medians)


def test_indicators_without_figures_say_so(warehouse, monkeypatch):
    """A warehouse with only CBS loaded: the GGD, partner and KIS indicators have no figures yet."""
    app = open_page(warehouse, monkeypatch, PAGE, opgave="kansengelijkheid")
    notices = [i.value for i in app.info if "Nog geen cijfers geladen" in i.value]
    assert len(notices) == 3  # Leergeld, VVE (partner) and startkwalificatie (KIS)
    assert any("Partneropgave" in notice for notice in notices)
    # Only 2024 is loaded, the year after 'onder of rond het sociaal minimum' stopped: a break, not a missing figure.
    [broken] = [i.value for i in app.info if "Reeksbreuk" in i.value]
    assert broken.startswith("**Reeksbreuk** (2024): Reeks stopt na 2023: CBS meet dit vanaf 2024 anders")
    assert not [i.value for i in app.info if "Geen cijfer gepubliceerd" in i.value]
    assert len(charts(app)) == 2  # jeugdzorg and basisscholen binnen 3 km have a 2024 figure


def test_doelenboom_builders_are_pure_and_complete(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        opgaven, goals = queries.opgaven(con), queries.goals(con)
        catalog = queries.indicator_catalog(con, "GM0342")
    weerbaarheid = opgaven.filter(pl.col("opgave_code") == "weerbaarheid").row(0, named=True)
    tree = doelenboom.tree(weerbaarheid, goals, catalog)
    assert [goal["number"] for goal in tree] == ["1", "2", "3", "4"]  # the reader's numbers, from the order
    assert [i["code"] for i in tree[1]["indicators"]] == ["eenzaam", "ernstig_eenzaam"]
    assert tree[2]["indicators"] == []
    assert tree[2]["needs_source"].startswith("Gezondheidsmonitor Jeugd van GGD regio Utrecht")

    dot = doelenboom.doelenboom_dot(weerbaarheid, goals, catalog, font_size=24, wrap=20, show_ambition=True)
    assert dot.startswith("digraph doelenboom {") and dot.rstrip().endswith("}")
    assert "fontsize=24" in dot and "Ambitie: We willen" in dot
    measured = sum(len(goal["indicators"]) for goal in tree)
    assert dot.count(" -> ") == 4 + measured + 1  # opgave → goals, goals → indicators, goal 3 → 'nog geen indicator'

    no_figures = catalog.with_columns(pl.lit(0).alias("regions_with_figures"))
    assert "nog geen cijfers" in doelenboom.doelenboom_dot(weerbaarheid, goals, no_figures)
    assert "Veel stress (%) (effect · nog geen cijfers)" in doelenboom.doelenboom_markdown(weerbaarheid, goals, no_figures)


def test_goals_without_an_indicator_say_which_source_they_need(demo_warehouse):
    """Every goal of the catalogue without an indicator, in the tree (DOT and text) with 'bron nodig: …'."""
    with connect_readonly(demo_warehouse) as con:
        opgaven, goals = queries.opgaven(con), queries.goals(con)
        catalog = queries.indicator_catalog(con, "GM0342")
    expected = query(demo_warehouse, "SELECT opgave_code, text, needs_source FROM goal WHERE goal_code NOT IN "
                                     "(SELECT goal_code FROM indicator WHERE goal_code IS NOT NULL)")
    assert len(expected) == 5 and all(needs for _, _, needs in expected)
    for opgave_code, text, needs in expected:
        opgave = opgaven.filter(pl.col("opgave_code") == opgave_code).row(0, named=True)
        markdown = shown(doelenboom.doelenboom_markdown(opgave, goals, catalog))
        assert f"*nog geen indicator — bron nodig: {needs}*" in markdown
        dot = doelenboom.doelenboom_dot(opgave, goals, catalog)
        # wrapped over lines in the box: compare without the line breaks
        assert f"nog geen indicator — bron nodig: {needs}".replace(" ", "") in dot.replace("\\n", "").replace(" ", "")
        listed = doelenboom.goal_list_markdown(goals.filter(pl.col("opgave_code") == opgave_code),
                                               set(catalog["goal_code"].drop_nulls()))
        assert f"{text} — *nog geen indicator — bron nodig: {needs}*" in shown(listed)


def test_the_doelenboom_names_series_that_stop_and_start(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid")
    dot = app.get("graphviz_chart")[0].proto.spec
    assert "(reeks t/m 2023)" in dot and "(nieuwe reeks vanaf 2024)" in dot
    text_version = next(m.value for m in app.markdown if "We willen dat:" in m.value)
    lines = text_version.split("\n")
    # Between the brackets also the type and any progress ('effect · nog geen meting · nieuwe reeks vanaf 2024').
    [stopped] = [line for line in lines if "Huishoudens met een laag inkomen (%) (" in line]
    [started] = [line for line in lines if "Personen in armoede (%) (" in line]
    assert "effect" in stopped and stopped.endswith("reeks t/m 2023)")
    assert "effect" in started and started.endswith("nieuwe reeks vanaf 2024)")
    assert "Huisuitzettingen worden voorkomen\n    - *nog geen indicator — bron nodig: ontruimingen" in text_version


def test_doelenboom_escapes_quotes_in_labels():
    goals = pl.DataFrame({"goal_code": ["x.1"], "opgave_code": ["x"], "text": ['Een "goed" doel\\'], "sort_order": [1]})
    catalog = pl.DataFrame(schema={"indicator_code": pl.String, "title": pl.String, "unit": pl.String,
                                   "source_title": pl.String, "opgave_code": pl.String, "goal_code": pl.String,
                                   "regions_with_figures": pl.Int64, "sort_order": pl.Int32})
    dot = doelenboom.doelenboom_dot({"opgave_code": "x", "title": "X", "ambition": "A", "sort_order": 1}, goals, catalog)
    assert 'label="1. Een \\"goed\\" doel\\\\"' in dot


def test_wijken_chosen_on_wijkvergelijking_are_drawn_here(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py")
    [side_by_side] = [box for box in app.multiselect if box.label.startswith("Wijken")]
    side_by_side.set_value(["WK034207", "WK034205"]).run()
    for name in list(app.query_params):  # Streamlit empties the URL on a page switch
        del app.query_params[name]
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.multiselect[0].value == ["WK034207", "WK034205"]
    assert app.query_params["wijken"] == "WK034207,WK034205"


# --- doelenboom of any depth, verdicts and progress (conftest.DOELENBOOM_SQL) -----------------------------------


def test_the_page_starts_at_the_goal_with_its_verdict_and_opens_the_indicators_that_explain_it(doelenboom_warehouse,
                                                                                               monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch, PAGE, opgave="leefstijl")
    text = page_text(app)
    assert "Resultaat: Inwoners zijn zelfredzaam en doen mee" in text  # the level above the opgave
    [verdict] = [m.value for m in app.markdown if m.value.startswith("**Oordeel over de opgave:**")]
    assert verdict == ("**Oordeel over de opgave:** :gray[**gemengd**] (1 op koers, 1 binnen de marge, 2 achter, "
                       "1 zonder meting; 1 zonder streefwaarde)")
    assert progress.GOAL_RULE_TEXT in text and progress.RULE_TEXT in text  # the rules, stated on the screen
    labels = [expander.label for expander in app.expander]
    assert "3. Volwassenen en ouderen vitaal zijn — gemengd (1 op koers, 1 binnen de marge, 2 achter, 1 zonder " \
           "meting; 1 zonder streefwaarde)" in labels
    assert "3.1 Minder volwassenen roken — ✗ achter (1 achter)" in labels  # the subdoel, inside its goal
    [goal] = [e for e in app.expander if e.label.startswith("3. Volwassenen")]
    inside = "\n".join(shown(m.value) for m in goal.markdown)
    assert ("**Ervaren gezondheid goed of zeer goed** (%) · effect  \n"
            "Voortgang: :orange[**✗ achter**] — streefwaarde 82% in 2028  \n"
            ":gray[2024: 77,9% — verwacht op het pad naar 82% in 2028: 81,4%.]") in inside
    assert "**Eenzaam** (%) · effect · ook bij opgave Mentale weerbaarheid" in inside
    assert "**Eén of meer langdurige aandoeningen** (%) · effect  \nSoest 2024: 56,6% · geen streefwaarde" in inside
    dot = app.get("graphviz_chart")[0].proto.spec
    assert "doel_volwassenen_vitaal -> doel_ouderen_rookvrij;" in dot


def test_an_indicator_of_another_opgave_that_serves_a_goal_gets_its_chart_here(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch, PAGE, opgave="leefstijl")
    assert len(charts(app)) == count(doelenboom_warehouse, "leefstijl") + 1  # eenzaam, of Mentale weerbaarheid
    [about] = [c.value for c in app.caption if "dat (matig, ernstig of zeer ernstig) eenzaam is" in shown(c.value)]
    assert "· effect · Doel 3 · ook bij opgave Mentale weerbaarheid" in about
    assert "Voortgang: ✓ op koers — streefwaarde 49% in 2026" in about  # no colour in a faded caption
    # The chart draws the path to the streefwaarde (app.charts.trend) with both points named.
    spec = next(spec for spec in charts(app) if "Eenzaam" in spec.get("description", ""))
    labels = [row.get("label") for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])]
    assert "streefwaarde 49% (2026)" in labels and "nulmeting 2020" in labels
    # From Mentale weerbaarheid a link to eenzaam still opens its own opgave.
    linked = open_page(doelenboom_warehouse, monkeypatch, PAGE, indicator="eenzaam")
    assert linked.selectbox[0].value == "weerbaarheid"


def test_the_progress_table_and_its_download(doelenboom_warehouse, monkeypatch, downloads):
    app = open_page(doelenboom_warehouse, monkeypatch, PAGE, opgave="leefstijl")
    table = app.dataframe[0].value
    assert list(table["Indicator"]) == ["Ervaren gezondheid goed of zeer goed", "Voldoet aan de beweegrichtlijn",
                                        "Overgewicht", "Rokers", "Eenzaam"]
    assert list(table["Voortgang"]) == ["✗ achter", "≈ binnen de marge", "nog geen meting", "✗ achter", "✓ op koers"]
    assert list(table["Nulmeting"])[3:] == ["16,9% (2016)", "52,0% (2020)"]
    assert list(table["Streefwaarde"])[:2] == ["82% (2028)", "60% (2028)"]
    rows = parse_csv(downloads.by_name("soest_voortgang_leefstijl.csv")())
    assert [row["voortgang"] for row in rows] == list(table["Voortgang"].str.replace(r"^[✓✗≈] ", "", regex=True))
    eenzaam = rows[-1]
    assert (eenzaam["nulmeting"], eenzaam["bron_nulmeting"], eenzaam["streefwaarde"], eenzaam["streefjaar"]) == \
        ("52", "Eigen enquête 2020", "49", "2026")
    assert eenzaam["toelichting"].startswith("2024: 46,4% — verwacht op het pad naar 49% in 2026")


def test_an_opgave_without_streefwaarden_says_so_and_has_no_verdicts(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid")
    text = page_text(app)
    assert "Voor de indicatoren van deze opgave zijn nog geen streefwaarden vastgesteld" in text
    assert "Oordeel over de opgave" not in text and "Voortgang" not in text
    assert not app.dataframe
    assert [e.label for e in app.expander if e.label.startswith("1. ")] == [
        "1. Inwoners voldoende middelen hebben om rond te komen en mee te doen"]


def test_a_goal_lists_what_partners_do_for_it_beside_its_indicators(demo_warehouse, monkeypatch):
    """Tellen beside the figures: the activities whose partner named this goal (the optional 'doel' column)."""
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid")
    named = query(demo_warehouse, "SELECT a.name, a.year, a.participants_status FROM activity a"
                                  " WHERE a.goal_code = 'rondkomen_meedoen' ORDER BY a.year DESC")
    assert named, "the demo has activities naming this goal"
    [goal] = [e for e in app.expander if e.label.startswith("1. Inwoners voldoende middelen")]
    inside = "\n".join(shown(m.value) for m in goal.markdown)
    assert "**Wat we doen** (activiteiten van partners bij dit doel):" in inside
    for name, year, status in named[:5]:
        assert f"- {year}: {name} (" in inside
        if status == "geheim":
            assert "deelnemers geheim (privacy)" in inside
