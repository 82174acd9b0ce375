"""The presentation for the raad through AppTest: slides from the URL, vorige/volgende, fallbacks."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")


@pytest.fixture
def open_slide(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))

    def open_(**params) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=30)
        for name, value in params.items():
            app.query_params[name] = value
        app.run()
        assert not app.exception
        return app

    return open_


def _text(app: AppTest) -> str:
    return " ".join(e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(app, kind))


def test_first_slide_shows_ambitie_and_goals_without_sidebar_navigation(open_slide):
    app = open_slide(presentatie="1", opgave="bestaanszekerheid", dia="1")
    assert app.title[0].value == "2. Bestaanszekerheid"
    text = _text(app)
    assert "We willen dat iedereen kan rekenen op bestaanszekerheid." in text
    assert "Huisuitzettingen worden voorkomen" in text
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
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        year, reached, count = con.execute(
            "SELECT year, sum(participants), count(*) FROM activity WHERE opgave_code = 'meedoen'"
            " GROUP BY year ORDER BY year DESC LIMIT 1").fetchall()[0]
    metric = app.metric[0]
    assert metric.label == f"Deelnemers in {year}" and metric.value == f"{reached:,}".replace(",", ".")
    text = _text(app)
    assert f"{count} activiteiten" in text
    assert "Inwonersstem" in text  # a resident's voice is preferred on the slide


def test_hidden_counts_are_not_added_up_and_are_said_to_be_hidden(open_slide, demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        opgave, year = con.execute(
            "SELECT opgave_code, year FROM activity a WHERE participants IS NULL AND year ="
            " (SELECT max(year) FROM activity b WHERE b.opgave_code = a.opgave_code) LIMIT 1").fetchall()[0]
    app = open_slide(presentatie="1", opgave=opgave, dia="3")
    assert "minder dan 5" in _text(app) and "tellen niet mee" in _text(app)


def test_unknown_link_values_fall_back_with_a_notice(open_slide):
    app = open_slide(presentatie="1", opgave="armoede", dia="12")
    notices = " ".join(i.value for i in app.info)
    assert "opgave 'armoede'" in notices and "dia '12'" in notices
    assert app.title[0].value == "1. Gezonde leefstijl"


def test_preparation_page_lists_links_to_every_slide(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["opgave"] = "kansengelijkheid"
    app.switch_page("views/presentatie.py")
    app.run()
    assert not app.exception
    links = " ".join(m.value for m in app.markdown)
    for dia in range(1, 5):
        assert f"?presentatie=1&opgave=kansengelijkheid&dia={dia}" in links
    app.selectbox[0].select("weerbaarheid").run()
    assert app.query_params["opgave"] == "weerbaarheid"
