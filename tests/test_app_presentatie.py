"""The presentation for the raad through AppTest: slides from the URL, vorige/volgende, fallbacks."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app import format as fmt
from app import visual
from app_pages import open_page, page_text, query

SLIDE_TEXT = ("title", "header", "subheader", "markdown", "caption")  # what a slide shows as text


@pytest.fixture
def open_slide(demo_warehouse, monkeypatch):
    def open_(**params) -> AppTest:
        return open_page(demo_warehouse, monkeypatch, None, **params)  # the start page reads ?presentatie=1

    return open_


def test_first_slide_shows_ambitie_and_goals_without_sidebar_navigation(open_slide):
    app = open_slide(presentatie="1", opgave="bestaanszekerheid", dia="1")
    assert app.title[0].value == "2. Bestaanszekerheid"
    text = page_text(app, SLIDE_TEXT)
    assert "We willen dat iedereen kan rekenen op bestaanszekerheid." in text
    assert "Huisuitzettingen worden voorkomen — *nog geen indicator — bron nodig: ontruimingen" in text
    assert "dia 1 van 5: Ambitie en doelen" in text
    assert not app.sidebar.caption, "presentation mode has no sidebar"
    # the demo data is still announced on a beamer, as a mark in the corner instead of a banner
    assert any("Voorbeelddata — fictieve cijfers" in m.value for m in app.markdown) and not app.warning


def test_volgende_and_vorige_move_through_the_url(open_slide):
    app = open_slide(presentatie="1", opgave="leefstijl", dia="5")
    assert app.button(key="dia_vorige").disabled is False
    app.button(key="dia_volgende").click().run()
    assert (app.query_params["opgave"], app.query_params["dia"]) == ("bestaanszekerheid", "1")
    assert app.title[0].value == "2. Bestaanszekerheid"
    app.button(key="dia_vorige").click().run()
    assert (app.query_params["opgave"], app.query_params["dia"]) == ("leefstijl", "5")


def test_first_and_last_slide_cannot_go_further(open_slide):
    assert open_slide(presentatie="1", opgave="leefstijl", dia="1").button(key="dia_vorige").disabled
    assert open_slide(presentatie="1", opgave="meedoen", dia="5").button(key="dia_volgende").disabled


def test_tellen_en_vertellen_slide_counts_the_newest_year_and_tells_a_story(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="meedoen", dia="3")
    year, reached, count = query(
        demo_warehouse,
        "SELECT year, sum(participants), count(*) FROM activity WHERE opgave_code = 'meedoen'"
        " GROUP BY year ORDER BY year DESC LIMIT 1")[0]
    metric = app.metric[0]
    assert metric.label == f"Deelnemers in {year}" and metric.value == f"{reached:,}".replace(",", ".")
    text = page_text(app, SLIDE_TEXT)
    assert f"{count} activiteiten" in text
    assert "Inwonersstem" in text  # a resident's voice is preferred on the slide


def test_hidden_counts_are_not_added_up_and_are_said_to_be_hidden(open_slide, demo_warehouse):
    opgave, year = query(
        demo_warehouse,
        "SELECT opgave_code, year FROM activity a WHERE participants IS NULL AND year ="
        " (SELECT max(year) FROM activity b WHERE b.opgave_code = a.opgave_code) LIMIT 1")[0]
    app = open_slide(presentatie="1", opgave=opgave, dia="3")
    assert "geheim (privacy)" in page_text(app, SLIDE_TEXT) and "tellen niet mee" in page_text(app, SLIDE_TEXT)


def test_unknown_link_values_fall_back_with_a_notice(open_slide):
    app = open_slide(presentatie="1", opgave="armoede", dia="12")
    notices = " ".join(i.value for i in app.info)
    assert "opgave 'armoede'" in notices and "dia '12'" in notices
    assert app.title[0].value == "1. Gezonde leefstijl"


def test_preparation_page_lists_links_to_every_slide(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/presentatie.py", opgave="kansengelijkheid")
    links = " ".join(m.value for m in app.markdown)
    for dia in range(1, 6):
        assert f"?presentatie=1&opgave=kansengelijkheid&dia={dia}" in links
    app.selectbox[0].select("weerbaarheid").run()
    assert app.query_params["opgave"] == "weerbaarheid"


def _indicator_titles(app: AppTest) -> list[str]:
    """The bold titles above the kernindicatoren (not the demo mark, also bold)."""
    return [m.value.strip("*") for m in app.markdown if m.value.startswith("**") and "Voorbeelddata" not in m.value]


def _charts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]


def test_kernindicatoren_slide_draws_gemeente_and_nederland_over_time_with_intervals(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="weerbaarheid", dia="2")
    assert app.title[0].value == "Mentale weerbaarheid: kernindicatoren in de tijd"
    specs = _charts(app)
    assert len(specs) == 3  # three charts side by side fit a beamer
    # the analyst's choice in config/soest.toml, in that order
    assert _indicator_titles(app) == ["Regie over het eigen leven", "Eenzaam", "Veel stress"]
    drawn = json.dumps(specs[0])
    assert "Soest" in drawn and "Nederland" in drawn
    # RIVM estimates: the band is drawn and said to be the 95%-interval
    assert "band: 95%-interval van de schatting" in page_text(app, SLIDE_TEXT)


def test_kernindicatoren_slide_marks_the_unpublished_year_instead_of_drawing_zero(open_slide):
    app = open_slide(presentatie="1", opgave="bestaanszekerheid", dia="2")
    text = page_text(app, SLIDE_TEXT)
    assert "Bijstandsuitkeringen" in text
    assert "Geen cijfer: 2025 voor alle regio's (niet beschikbaar)." in text  # CBS has not published 2025 yet


def test_kernindicatoren_slide_shows_a_series_break_as_a_break(open_slide, demo_warehouse):
    """For the raad: the income series stops after 2023; the chart has the band, the caption the note."""
    app = open_slide(presentatie="1", opgave="bestaanszekerheid", dia="2")
    specs = _charts(app)
    income = specs[_indicator_titles(app).index("Huishoudens met een laag inkomen")]
    [band] = [layer for layer in income["layer"] if layer["mark"]["type"] == "rect"]
    assert band["data"]["values"][0]["from"] == "2024"
    texts = [row["label"] for layer in income["layer"] if layer["mark"]["type"] == "text"
             for row in layer["data"]["values"]]
    assert texts == ["reeksbreuk"]
    [(note,)] = query(demo_warehouse, "SELECT series_note FROM indicator WHERE indicator_code = 'laag_inkomen'")
    assert f"Reeks stopt na 2023 (grijze band ‘reeksbreuk’ vanaf 2024): {note}" in page_text(app, SLIDE_TEXT)


def test_wijken_vergeleken_slide_ranks_every_wijk_on_a_judged_indicator(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="weerbaarheid", dia="4")
    assert app.title[0].value == "Mentale weerbaarheid: wijken vergeleken"
    [spec] = _charts(app)
    wijken = [name for (name,) in query(demo_warehouse, "SELECT name FROM region WHERE level = 'wijk'")]
    drawn = json.dumps(spec, ensure_ascii=False)
    assert all(name in drawn for name in wijken)
    # The first current (unbroken) indicator of the opgave that can be judged: a direction, not a count.
    [(code, title)] = query(demo_warehouse, """
        SELECT indicator_code, title FROM indicator WHERE opgave_code = 'weerbaarheid' AND series_last_year IS NULL
          AND higher_is_better IS NOT NULL AND unit <> 'aantal'
        ORDER BY sort_order LIMIT 1""")
    [(year,)] = query(demo_warehouse, "SELECT max(year) FROM observation WHERE indicator_code = ?"
                                      " AND region_code LIKE 'WK%' AND value IS NOT NULL", [code])
    assert f"**{title}** per wijk in {year}" in page_text(app, SLIDE_TEXT)
    assert "blauw ✓ = beter dan Soest" in page_text(app, SLIDE_TEXT)


# --- headline figures on the kernindicatoren slide ----------------------------------------------------------------


def _headlines(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown if 'class="dia-kerncijfer"' in m.value]


def _gemeente_figures(warehouse, code: str) -> list[tuple]:
    return query(warehouse, "SELECT year, value, ci_low, ci_high FROM observation WHERE indicator_code = ? AND"
                            " region_code = 'GM0342' AND breakdown = 'totaal' AND period = 'jaar' AND value IS NOT NULL"
                            " ORDER BY year DESC LIMIT 2", [code])


def test_each_kernindicator_has_a_headline_with_value_year_change_and_interval(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="weerbaarheid", dia="2")
    headlines = _headlines(app)
    assert len(headlines) == 3
    (year, value, low, high), (previous_year, previous, previous_low, previous_high) = _gemeente_figures(
        demo_warehouse, "eenzaam")
    eenzaam = headlines[1]
    assert f'<div class="dia-waarde">{fmt.with_unit(value, 1, "%")}</div>' in eenzaam
    assert f"Soest {year} · schatting · 95%-interval {fmt.number(low, 1)}–{fmt.number(high, 1)}%" in eenzaam
    change = fmt.change(value, previous, 1, "%")
    assert f"{change} sinds {previous_year}" in eenzaam
    # an RIVM estimate whose interval overlaps the previous one: no verdict, no colour, said in words
    assert low <= previous_high and previous_low <= high, "demo data: the two intervals overlap"
    assert "binnen de marge: mogelijk toeval" in eenzaam and "color:" not in eenzaam


def test_a_change_gets_blue_or_orange_with_its_symbol_and_a_zero_change_neither(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="bestaanszekerheid", dia="2")
    income, bijstand, _ = _headlines(app)
    (year, value, *_), (previous_year, previous, *_) = _gemeente_figures(demo_warehouse, "laag_inkomen")
    assert round(value - previous, 1) > 0, "demo data: the share with a low income rose"
    # higher is worse for a low income: orange with ✗, and the word
    assert (f'style="color:{visual.WORSE.colour}">✗ slechter: {fmt.change(value, previous, 1, "%")} sinds '
            f"{previous_year}") in income
    (_, value, *_), (previous_year, previous, *_) = _gemeente_figures(demo_warehouse, "bijstand_per_1000")
    assert round(value - previous, 1) == 0, "demo data: bijstand per 1.000 inwoners stayed the same"
    assert f"gelijk sinds {previous_year}" in bijstand
    change = next(part for part in bijstand.split("<div") if "sinds" in part)  # not its progress line
    assert "color:" not in change and not any(arrow in change for arrow in "↑↓✓✗±")
    # the long unit after the figure, in smaller type
    assert f'{fmt.number(value, 1)} <span class="dia-eenheid">per 1.000 inwoners</span>' in bijstand


def test_kernindicatoren_come_from_the_config_through_the_warehouse(demo_warehouse, config):
    stored = dict(query(demo_warehouse, "SELECT opgave_code, kernindicatoren FROM opgave"))
    assert stored == {opgave.code: list(opgave.kernindicatoren) if opgave.kernindicatoren else None
                      for opgave in config.opgaven}


def test_a_different_choice_changes_the_slide_and_without_one_the_first_three_with_a_trend(
        demo_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "monitor.duckdb"
    shutil.copy2(demo_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE opgave SET kernindicatoren = ['veel_stress', 'lage_veerkracht']"
                    " WHERE opgave_code = 'weerbaarheid'")
    app = open_page(warehouse, monkeypatch, None, presentatie="1", opgave="weerbaarheid", dia="2")
    assert _indicator_titles(app) == ["Veel stress", "Lage veerkracht"] and len(_charts(app)) == 2
    # leefstijl has no choice in the config: its first three indicators with figures in two or more years
    app = open_page(warehouse, monkeypatch, None, presentatie="1", opgave="leefstijl", dia="2")
    expected = query(warehouse, """
        SELECT i.title FROM indicator i WHERE opgave_code = 'leefstijl' AND (
            SELECT count(*) FROM observation o WHERE o.indicator_code = i.indicator_code
            AND region_code = 'GM0342' AND breakdown = 'totaal' AND value IS NOT NULL) >= 2
        ORDER BY sort_order LIMIT 3""")
    assert _indicator_titles(app) == [title for (title,) in expected]


# --- the wijk slide ---------------------------------------------------------------------------------------------


def test_wijk_slide_by_url_shows_the_sketch_in_short_what_stands_out_and_key_figures(open_slide, demo_warehouse,
                                                                                     monkeypatch):
    app = open_slide(presentatie="1", wijk="WK034205")
    assert app.title[0].value.startswith("Wijk Smitsveen · ")
    [(body,)] = query(demo_warehouse, "SELECT body FROM story WHERE region_code = 'WK034205' AND kind = 'situatieschets'")
    [sketch] = [m.value for m in app.markdown if m.value.endswith(" …")]
    shortened = sketch.removesuffix(" …")
    assert body.startswith(shortened) and shortened.endswith(".") and len(sketch) < len(body)
    # Opvallend: the Wijkprofiel's rule, so every line on the slide is a line of the Wijkprofiel's Opvallend list
    opvallend = [line for m in app.markdown for line in m.value.splitlines() if line.startswith("- ✗") or
                 line.startswith("- ✓")]
    assert opvallend
    profile = open_page(demo_warehouse, monkeypatch, "views/wijkprofiel.py", wijk="WK034205")
    listed = {line for m in profile.markdown for line in m.value.splitlines()}
    assert all(f"- {line[4:]}" in listed for line in opvallend), opvallend
    # key figures: each with the gemeente's figure beside it
    tiles = [m.value for m in app.markdown if 'class="dia-tegel-titel"' in m.value]
    assert len(tiles) >= 3 and all("Soest: " in tile for tile in tiles)
    assert "dia 1 van 5" not in page_text(app, SLIDE_TEXT) and "wijk 5 van 8: Smitsveen" in page_text(app, SLIDE_TEXT)


def test_volgende_on_a_wijk_slide_goes_to_the_next_wijk(open_slide):
    app = open_slide(presentatie="1", dia="wijk", wijk="WK034205")
    app.button(key="dia_volgende").click().run()
    assert app.query_params["wijk"] == "WK034206" and app.query_params["dia"] == "wijk"
    assert "opgave" not in app.query_params
    app.button(key="dia_vorige").click().run()
    assert app.query_params["wijk"] == "WK034205"
    assert open_slide(presentatie="1", dia="wijk", wijk="WK034208").button(key="dia_volgende").disabled


def test_an_unknown_wijk_gives_a_notice_and_the_first_wijk(open_slide):
    app = open_slide(presentatie="1", dia="wijk", wijk="WK999999")
    notices = " ".join(i.value for i in app.info)
    assert "wijk 'WK999999'" in notices and "bestaat niet" in notices and "Boerenstreek" in notices
    assert app.title[0].value.startswith("Wijk Boerenstreek")


def test_the_gemeentes_own_code_is_heel_soest_not_an_unknown_wijk(open_slide):
    app = open_slide(presentatie="1", dia="wijk", wijk="GM0342")
    notices = " ".join(i.value for i in app.info)
    assert "GM0342 is heel Soest" in notices and "bestaat niet" not in notices
    assert app.title[0].value.startswith("Wijk Boerenstreek")


def test_preparation_page_lists_the_wijk_slides(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/presentatie.py")
    links = " ".join(m.value for m in app.markdown)
    for code in ("WK034201", "WK034205", "WK034208"):
        assert f"?presentatie=1&dia=wijk&wijk={code}" in links
    assert "kernindicatoren = […]" in page_text(app)


# --- verdicts and progress on the slides (conftest.DOELENBOOM_SQL) ------------------------------------------------


def test_the_ambitie_slide_shows_the_verdict_per_opgave_and_goal(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch, None, presentatie="1", opgave="leefstijl", dia="1")
    text = page_text(app, SLIDE_TEXT)
    assert "Resultaat: Inwoners zijn zelfredzaam en doen mee" in text
    assert ("**Oordeel:** :gray[**gemengd**] (1 op koers, 1 binnen de marge, 2 achter, 1 zonder meting; "
            "1 zonder streefwaarde)") in text
    assert "    - 3.1 Minder volwassenen roken — :orange[**✗ achter**] (1 achter)" in text
    assert "op koers als er geen achter is, achter als meer dan de helft achter is, anders gemengd" in text
    # An opgave without streefwaarden: its slide as before.
    plain = page_text(open_page(doelenboom_warehouse, monkeypatch, None, presentatie="1", opgave="bestaanszekerheid",
                                dia="1"), SLIDE_TEXT)
    assert "Oordeel" not in plain and "op koers" not in plain


def test_a_kernindicator_shows_its_progress_and_its_path_to_the_streefwaarde(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch, None, presentatie="1", opgave="leefstijl", dia="2")
    ervaren, beweging, overgewicht = _headlines(app)
    assert f'<div class="dia-verandering" style="color:{visual.WORSE.colour}">Streefwaarde 82% in 2028: ✗ achter' \
        in ervaren
    assert f'style="color:{visual.SAME.colour}">Streefwaarde 60% in 2028: ≈ binnen de marge' in beweging
    assert '<div class="dia-verandering">Streefwaarde 40% in 2030: nog geen meting</div>' in overgewicht
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    labels = [row.get("label") for layer in specs[0]["layer"] for row in layer.get("data", {}).get("values", [])]
    assert "streefwaarde 82% (2028)" in labels
