"""The presentation for the raad through AppTest: slides from the URL, vorige/volgende, fallbacks."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

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
    assert "dia 1 van 4: Ambitie en doelen" in text
    assert not app.sidebar.caption, "presentation mode has no sidebar"
    # the demo data is still announced on a beamer
    assert any("Voorbeelddata — fictieve cijfers" in w.value for w in app.warning)


def test_volgende_and_vorige_move_through_the_url(open_slide):
    app = open_slide(presentatie="1", opgave="leefstijl", dia="4")
    assert app.button(key="dia_vorige").disabled is False
    app.button(key="dia_volgende").click().run()
    assert (app.query_params["opgave"], app.query_params["dia"]) == ("bestaanszekerheid", "1")
    assert app.title[0].value == "2. Bestaanszekerheid"
    app.button(key="dia_vorige").click().run()
    assert (app.query_params["opgave"], app.query_params["dia"]) == ("leefstijl", "4")


def test_first_and_last_slide_cannot_go_further(open_slide):
    assert open_slide(presentatie="1", opgave="leefstijl", dia="1").button(key="dia_vorige").disabled
    assert open_slide(presentatie="1", opgave="meedoen", dia="4").button(key="dia_volgende").disabled


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
    for dia in range(1, 5):
        assert f"?presentatie=1&opgave=kansengelijkheid&dia={dia}" in links
    app.selectbox[0].select("weerbaarheid").run()
    assert app.query_params["opgave"] == "weerbaarheid"


def _charts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]


def test_kernindicatoren_slide_draws_gemeente_and_nederland_over_time_with_intervals(open_slide, demo_warehouse):
    app = open_slide(presentatie="1", opgave="weerbaarheid", dia="2")
    assert app.title[0].value == "Mentale weerbaarheid: kernindicatoren in de tijd"
    specs = _charts(app)
    assert len(specs) == 3  # three charts side by side fit a beamer
    titles = [m.value.strip("*") for m in app.markdown if m.value.startswith("**")][:3]
    expected = query(demo_warehouse, """
        SELECT i.title FROM indicator i WHERE opgave_code = 'weerbaarheid' AND (
            SELECT count(*) FROM observation o WHERE o.indicator_code = i.indicator_code
            AND region_code = 'GM0342' AND breakdown = 'totaal' AND value IS NOT NULL) >= 2
        ORDER BY sort_order LIMIT 3""")
    assert titles == [title for (title,) in expected]
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
    titles = [m.value.strip("*") for m in app.markdown if m.value.startswith("**")]
    specs = _charts(app)
    income = specs[titles.index("Huishoudens met een laag inkomen")]
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
