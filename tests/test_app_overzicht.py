"""The Overzicht page through Streamlit's AppTest, on the real demo warehouse."""

from __future__ import annotations

import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.__main__ import main as pipelines_main

from conftest import CONFIG_FILE, PROJECT_ROOT

APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")
OPGAVEN = ["Gezonde leefstijl", "Bestaanszekerheid", "Mentale weerbaarheid", "Kansengelijkheid", "Meedoen en inclusie"]


@pytest.fixture
def overzicht(demo_warehouse, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    return app


def test_renders_all_five_opgaven_with_ambitie_and_goals(overzicht):
    assert not overzicht.exception
    headers = [h.value for h in overzicht.header]
    assert headers == [f"{n}. {title}" for n, title in enumerate(OPGAVEN, start=1)] + ["Situatieschetsen per wijk"]
    markdown = " ".join(m.value for m in overzicht.markdown)
    assert markdown.count("**Ambitie:**") == 5
    assert "Jongeren en 65 plussers zich niet eenzaam voelen" in markdown


def test_demo_banner_is_shown(overzicht):
    assert any("Voorbeelddata — fictieve cijfers" in w.value for w in overzicht.warning)


def test_indicator_tiles_show_latest_value_with_year_source_and_nederland(overzicht):
    metrics = {m.label: m for m in overzicht.metric}
    low_income = metrics["Huishoudens met een laag inkomen"]
    assert low_income.value.endswith("%") and low_income.value != "–"
    # The 2024 table publishes no income figures yet: the latest figure is 2023, compared with 2022.
    assert "sinds 2022" in low_income.delta
    captions = " ".join(c.value for c in overzicht.caption)
    assert "Soest 2023" in captions and "Nederland" in captions and "CBS Kerncijfers wijken en buurten" in captions
    assert "2024: nog niet beschikbaar" in captions


def test_indicators_without_data_say_so_instead_of_zero(warehouse, monkeypatch):
    """A warehouse with only CBS loaded: the partner and KIS indicators have no figures yet."""
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(warehouse))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    metrics = {m.label: m for m in app.metric}
    assert metrics["Aanvragen Stichting Leergeld"].value == "–"
    assert metrics["Netto arbeidsparticipatie"].value == "–"
    assert "Nog geen cijfers geladen" in " ".join(c.value for c in app.caption)


def test_partner_and_kis_figures_show_with_their_source(overzicht):
    metrics = {m.label: m for m in overzicht.metric}
    assert metrics["Aanvragen Stichting Leergeld"].value != "–"
    assert metrics["Netto arbeidsparticipatie"].value.endswith("%")
    captions = " ".join(c.value for c in overzicht.caption)
    assert "Bron: Partneropgave" in captions and "Bron: KIS-wijkmonitor" in captions


def test_ggd_figures_are_labelled_as_estimates_with_their_interval(overzicht):
    metrics = {m.label: m for m in overzicht.metric}
    assert metrics["Eenzaam"].value == "46,4%"  # demo 50150NED, Soest 18+, 2024
    captions = " ".join(c.value for c in overzicht.caption)
    assert "Soest 2024 (schatting, 95%-interval 44,9–47,8)" in captions


def test_missing_warehouse_gives_a_friendly_message(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(tmp_path / "bestaat-niet.duckdb"))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert any("Nog geen gegevens om te tonen" in i.value for i in app.info)
    assert "make run" in app.info[0].value


def test_unreadable_warehouse_gives_a_friendly_message(tmp_path, monkeypatch):
    broken = tmp_path / "kapot.duckdb"
    broken.write_bytes(b"dit is geen duckdb-bestand" * 100)
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(broken))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert any("kan niet worden gelezen" in i.value for i in app.info)


def test_a_rebuilt_warehouse_shows_up_without_restart(demo_warehouse, tmp_path, monkeypatch):
    live = tmp_path / "monitor.duckdb"
    shutil.copy2(demo_warehouse, live)
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(live))
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert app.warning and app.metric[0].value != "–"

    empty = tmp_path / "leeg.duckdb"
    assert pipelines_main(["status", "--warehouse", str(empty), "--config", str(CONFIG_FILE)]) == 0
    os.replace(empty, live)  # what an atomic rebuild does
    app.run()
    assert not app.exception
    assert not app.warning, "the demo banner must disappear once the warehouse holds no demo data"
    assert {m.value for m in app.metric} == {"–"}


def test_tellen_en_vertellen_per_opgave_and_situatieschetsen(overzicht):
    expanders = [e.label for e in overzicht.expander]
    assert sum(label.startswith("Tellen en vertellen:") for label in expanders) == 5
    assert [label for label in expanders if label.startswith("Soestdijk 't Hart")] == ["Soestdijk 't Hart (2025)"]
    assert any("Situatieschets · Soestdijk 't Hart · 2025" in c.value for c in overzicht.caption)
    tables = [t.value for t in overzicht.dataframe]
    participants = {value for table in tables for value in table["Deelnemers"]}
    assert "minder dan 5" in participants  # counts below the privacy threshold are never shown
    assert not any(value in {"1", "2", "3", "4"} for value in participants)
