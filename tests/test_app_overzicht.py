"""The Overzicht page through Streamlit's AppTest, on the real demo warehouse."""

from __future__ import annotations

import os
import shutil

import pytest

from pipelines.__main__ import main as pipelines_main

from app import export
from app import progress as prog
from app import format as fmt
from app_pages import copy_warehouse, figure_rows, open_page, opgave_figures, parse_csv, query, shown
from conftest import CONFIG_FILE

OPGAVEN = ["Gezonde leefstijl", "Bestaanszekerheid", "Mentale weerbaarheid", "Kansengelijkheid", "Meedoen en inclusie"]


@pytest.fixture
def overzicht(demo_warehouse, monkeypatch):
    return open_page(demo_warehouse, monkeypatch)


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
    bijstand = metrics["Bijstandsuitkeringen"]
    assert bijstand.value != "–" and "sinds 2023" in bijstand.delta
    captions = " ".join(c.value for c in overzicht.caption)
    assert "Soest 2024" in captions and "Nederland" in captions and "CBS Kerncijfers wijken en buurten" in captions
    # The 2025 table publishes no uitkeringen yet: the tile says so
    assert "2025: nog niet beschikbaar" in captions


def tile_caption(app, text: str) -> str:
    [caption] = [shown(c.value) for c in app.caption if text in shown(c.value)]
    return caption


def test_a_series_break_shows_on_the_tile_as_a_break_with_its_note(overzicht, demo_warehouse):
    """Huishoudens met een laag inkomen stops after 2023: its tile keeps 2023 and gives the note, not 'niet beschikbaar'."""
    metrics = {m.label: m for m in overzicht.metric}
    low_income = metrics["Huishoudens met een laag inkomen"]
    assert low_income.value.endswith("%") and "sinds 2022" in low_income.delta
    [(note,)] = query(demo_warehouse, "SELECT series_note FROM indicator WHERE indicator_code = 'laag_inkomen'")
    caption = tile_caption(overzicht, note)
    assert caption.startswith("Soest 2023 · Nederland ")
    assert f"Reeks stopt na 2023: {note}" in caption
    assert "niet beschikbaar" not in caption and "geen cijfer" not in caption


def test_a_successor_tile_says_when_its_series_began_and_what_it_replaced(overzicht):
    metrics = {m.label: m for m in overzicht.metric}
    assert metrics["Personen in armoede"].value.endswith("%")
    assert metrics["Personen in armoede"].delta is None or metrics["Personen in armoede"].delta == "", \
        "no change against the old series"
    caption = tile_caption(overzicht, "(personen onder de armoedegrens); tot en met 2023")
    assert "Reeks begint in 2024: nieuwe maat van CBS vanaf 2024" in caption
    assert "Huishoudens met een laag inkomen, niet vergelijkbaar" in caption


def test_a_tile_whose_series_ended_before_the_loaded_years_says_reeksbreuk(warehouse, monkeypatch):
    """Only the 2024 table is loaded: laag_inkomen has nothing but its break year. A break, not '–'."""
    app = open_page(warehouse, monkeypatch)
    metrics = {m.label: m for m in app.metric}
    assert metrics["Huishoudens met een laag inkomen"].value == "reeksbreuk"
    assert metrics["Aanvragen Stichting Leergeld"].value == "–"
    assert any(c.value.startswith("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie Personen in armoede")
               for c in app.caption)


def test_goals_without_an_indicator_say_which_source_they_need(overzicht, demo_warehouse):
    markdown = " ".join(shown(m.value) for m in overzicht.markdown)
    goals = query(demo_warehouse, "SELECT text, needs_source FROM goal WHERE goal_code NOT IN "
                                  "(SELECT goal_code FROM indicator WHERE goal_code IS NOT NULL)")
    assert len(goals) == 5
    for text, needs in goals:
        assert f"{text} — *nog geen indicator — bron nodig: {needs}*" in markdown
    lines = [line for m in overzicht.markdown for line in m.value.split("\n")]
    # A measured goal has no 'nog geen indicator' note (a verdict, when its indicators have streefwaarden).
    [measured] = [line for line in lines if line.startswith("3. Volwassenen en ouderen vitaal zijn")]
    assert "nog geen indicator" not in measured


def test_a_rounded_count_says_so_and_a_rounded_zero_is_never_shown_as_zero(demo_warehouse, tmp_path, monkeypatch):
    """GMSD counts are rounded to 5: the tile says so; a rounded 0 reads 'minder dan 3', never '0'."""
    app = open_page(demo_warehouse, monkeypatch)
    metrics = {m.label: m for m in app.metric}
    assert metrics["Inwoners met een voorziening in het sociaal domein"].value == "5.150"
    assert any("Afgerond op vijftallen: een 0 betekent minder dan 3" in c.value for c in app.caption)

    zero = copy_warehouse(demo_warehouse, tmp_path / "monitor.duckdb", """
        UPDATE observation SET value = 0 WHERE indicator_code = 'huishoudens_sociaal_domein'
        AND region_code = 'GM0342' AND breakdown = 'totaal' AND period = 'jaar' AND year = 2024""")
    app = open_page(zero, monkeypatch)
    metrics = {m.label: m for m in app.metric}
    tile = metrics["Huishoudens met een voorziening in het sociaal domein"]
    assert tile.value == "minder dan 3"
    assert not tile.delta, "a rounded 0 has no size to compare"
    assert "0" not in tile.value


def test_indicators_without_data_say_so_instead_of_zero(warehouse, monkeypatch):
    """A warehouse with only CBS loaded: the partner and KIS indicators have no figures yet."""
    app = open_page(warehouse, monkeypatch)
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
    app = open_page(tmp_path / "bestaat-niet.duckdb", monkeypatch)
    assert not app.exception
    assert any("Nog geen gegevens om te tonen" in i.value for i in app.info)
    assert "make run" in app.info[0].value


def test_unreadable_warehouse_gives_a_friendly_message(tmp_path, monkeypatch):
    broken = tmp_path / "kapot.duckdb"
    broken.write_bytes(b"dit is geen duckdb-bestand" * 100)
    app = open_page(broken, monkeypatch)
    assert not app.exception
    [message] = [shown(i.value) for i in app.info if "kan niet worden gelezen" in i.value]
    # The file exists and may hold real data: close the program that holds it, never rebuild it.
    assert "DBeaver" in message and "vernieuw deze pagina" in message
    assert "pipelines demo" not in message and "make run" not in message


def test_a_rebuilt_warehouse_shows_up_without_restart(demo_warehouse, tmp_path, monkeypatch):
    live = tmp_path / "monitor.duckdb"
    shutil.copy2(demo_warehouse, live)
    app = open_page(live, monkeypatch)
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
    assert "geheim (privacy)" in participants  # hidden counts are never shown, nor said to be small
    assert not any(value in {"1", "2", "3", "4"} for value in participants)


def test_downloads_of_an_opgave_give_back_the_warehouse_and_keep_small_counts_secret(demo_warehouse, monkeypatch,
                                                                                     downloads):
    app = open_page(demo_warehouse, monkeypatch)
    rows = parse_csv(downloads.by_name("soest_overzicht_bestaanszekerheid.csv")())
    assert list(rows[0]) == export.DOWNLOAD_COLUMNS
    got = figure_rows(rows)
    assert sorted(got, key=str) == sorted(opgave_figures(demo_warehouse, "bestaanszekerheid"), key=str)
    assert {r["uitsplitsing"] for r in rows} == {"totaal"}
    # The file holds every year of the indicators behind the tiles: every indicator of the opgave.
    tiles = query(demo_warehouse, "SELECT indicator_code, title FROM indicator WHERE opgave_code = 'bestaanszekerheid'")
    assert {r["indicator"] for r in rows} == {code for code, _ in tiles}
    assert {title for _, title in tiles} <= {m.label for m in app.metric}
    # A missing or secret figure is an empty field with its status, never 0; a figure always has a value.
    assert all((r["waarde"] == "") == (r["status"] in {"ontbreekt", "geheim", "reeksbreuk"}) for r in rows)
    assert ("bijstand_per_1000", "GM0342", 2025, None, "ontbreekt") in got
    # The years after a series break are in the file as a break, with the note
    assert ("laag_inkomen", "GM0342", 2024, None, "reeksbreuk") in got
    broken = next(r for r in rows if r["indicator"] == "laag_inkomen" and r["jaar"] == "2024" and r["regio_code"] == "GM0342")
    assert broken["toelichting"].startswith("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders")
    assert {r["periode"] for r in rows} == {"jaar"}, "the tiles summarise years"

    secret = 0
    for (opgave,) in query(demo_warehouse, "SELECT DISTINCT opgave_code FROM activity"):
        activities = parse_csv(downloads.by_name(f"soest_activiteiten_{opgave}.csv")())
        stored = query(demo_warehouse, "SELECT year, name, region_code, participants, participants_status FROM activity"
                                       " WHERE opgave_code = ?", [opgave])
        listed = [(int(r["jaar"]), r["activiteit"], r["regio_code"], int(r["deelnemers"]) if r["deelnemers"] else None,
                r["status"]) for r in activities]
        assert sorted(listed, key=str) == sorted(stored, key=str)
        hidden = [r for r in activities if r["status"] == "geheim"]
        assert all(r["deelnemers"] == "" for r in hidden), f"a count below the threshold in {opgave}"
        secret += len(hidden)
    assert secret == query(demo_warehouse, "SELECT count(*) FROM activity WHERE participants_status = 'geheim'")[0][0] > 0


def test_change_is_coloured_by_direction_in_colour_blind_safe_blue_and_orange(overzicht):
    """Blue = the good way, orange = the wrong way, grey = no direction; never the red/green pair."""
    from streamlit.proto.Metric_pb2 import Metric

    colour = {metric.label: Metric.MetricColor.Name(metric.proto.color) for metric in overzicht.metric}
    deltas = {metric.label: metric.delta for metric in overzicht.metric}
    assert deltas["Jongeren met een startkwalificatie"].startswith("+")
    assert colour["Jongeren met een startkwalificatie"] == "BLUE"  # higher is better, it went up
    assert deltas["Huishoudens met een laag inkomen"].startswith("+")
    assert colour["Huishoudens met een laag inkomen"] == "ORANGE"  # lower is better, it went up (2022 → 2023)
    assert colour["Aantal inwoners"] == "GRAY"  # context figure: no good or bad direction
    assert not {"RED", "GREEN"} & set(colour.values())


def test_a_change_between_estimates_within_their_intervals_is_not_called_better_or_worse(overzicht, demo_warehouse):
    """RIVM estimates: when the 95%-intervals of both years overlap, the change may be chance."""
    from streamlit.proto.Metric_pb2 import Metric

    [(low, high, previous_low, previous_high)] = query(demo_warehouse, """
        SELECT arg_max(ci_low, year), arg_max(ci_high, year), arg_min(ci_low, year), arg_min(ci_high, year)
        FROM observation WHERE indicator_code = 'eenzaam' AND region_code = 'GM0342' AND breakdown = 'totaal'
          AND year IN (2022, 2024)""")
    assert low <= previous_high and previous_low <= high, "the demo's 2022 and 2024 intervals overlap"
    [eenzaam] = [metric for metric in overzicht.metric if metric.label == "Eenzaam"]
    assert eenzaam.delta.endswith("sinds 2022")
    assert Metric.MetricColor.Name(eenzaam.proto.color) == "GRAY"
    # The qualifier on a caption line of its own: inside the delta it was cut off on a narrow tile.
    assert any(shown(c.value).startswith("Verandering binnen de marge: mogelijk toeval  \nSoest 2024")
               for c in overzicht.caption)


# --- honest composite figures ------------------------------------------------------------------------------------


def test_a_distribution_tile_shows_its_groups_not_the_total_of_100(overzicht, demo_warehouse):
    """Bevolking naar migratieachtergrond: the groups together are everyone; the tile shows the groups."""
    assert "Bevolking naar migratieachtergrond" not in [metric.label for metric in overzicht.metric]
    [shares] = [m.value for m in overzicht.markdown if "Niet-westerse migratieachtergrond" in m.value]
    assert "100,0%" not in shares and "totaal" not in shares
    rows = dict(((region, group), value) for region, group, value in query(demo_warehouse, """
        SELECT region_code, breakdown, value FROM observation WHERE indicator_code = 'migratieachtergrond'
          AND year = 2024 AND period = 'jaar' AND region_code IN ('GM0342', 'NL00')"""))
    groups = ("Geen migratieachtergrond", "Westerse migratieachtergrond", "Niet-westerse migratieachtergrond")
    assert shares.split("  \n") == [line for group in groups for line in (
        f"**{fmt.with_unit(rows[('GM0342', group)], 1, '%')}** {group}",
        f":gray[Nederland\u00a0{fmt.with_unit(rows[('NL00', group)], 1, '%')}]")]
    # Only the groups: a subgroup (Marokko, within niet-westers) would be counted twice.
    assert "Marokko" not in shares
    assert any(shown(c.value).startswith("Verdeling van de inwoners: de groepen samen zijn 100%.  \nSoest 2024 · "
                                         "Nederland in hetzelfde jaar  \nBron: KIS") for c in overzicht.caption)


def test_a_change_that_rounds_to_zero_has_no_arrow_and_no_colour(demo_warehouse, tmp_path, monkeypatch):
    """'Gelijk sinds 2024', not '↑ ±0': the 2025 count is set to 0,4 above 2024's, which rounds to no change."""
    from streamlit.proto.Metric_pb2 import Metric

    level = copy_warehouse(demo_warehouse, tmp_path / "gelijk.duckdb", """
        UPDATE observation SET value = (SELECT value + 0.4 FROM observation WHERE indicator_code = 'huishoudens'
                                        AND region_code = 'GM0342' AND year = 2024 AND breakdown = 'totaal'
                                        AND period = 'jaar')
        WHERE indicator_code = 'huishoudens' AND region_code = 'GM0342' AND year = 2025 AND breakdown = 'totaal'
          AND period = 'jaar'""")
    app = open_page(level, monkeypatch)
    [tile] = [metric for metric in app.metric if metric.label == "Huishoudens totaal"]
    assert tile.delta == "gelijk sinds 2024"
    assert Metric.MetricDirection.Name(tile.proto.direction) == "NONE"
    assert Metric.MetricColor.Name(tile.proto.color) == "GRAY"
    # A real change keeps its arrow.
    [people] = [metric for metric in app.metric if metric.label == "Aantal inwoners"]
    assert people.delta.startswith("+") and Metric.MetricDirection.Name(people.proto.direction) != "NONE"


def test_a_wijk_tile_compares_with_the_gemeente(demo_warehouse, monkeypatch):
    """layout.indicator_tile(..., compare_name=…) on a row of latest_by_indicator(wijk, compare_code=gemeente)."""
    from streamlit.testing.v1 import AppTest

    def wijk_tiles():
        from app import data, layout

        rows = data.latest_by_indicator("WK034205", compare_code="GM0342")
        for row in rows.filter(rows["indicator_code"].is_in(["aandeel_65plus", "migratieachtergrond"])) \
                .iter_rows(named=True):
            layout.indicator_tile(row, "Smitsveen", compare_name="Soest")

    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    app = AppTest.from_function(wijk_tiles, default_timeout=30).run()
    assert not app.exception, [e.message for e in app.exception]
    [(wijk, gemeente)] = query(demo_warehouse, """
        SELECT w.value, g.value FROM observation w JOIN observation g USING (indicator_code, year, breakdown, period)
        WHERE w.indicator_code = 'aandeel_65plus' AND w.region_code = 'WK034205' AND g.region_code = 'GM0342'
          AND w.breakdown = 'totaal' AND w.period = 'jaar' AND w.year = 2025""")
    assert app.metric[0].value == fmt.with_unit(wijk, 1, "%")
    assert app.caption[0].value.startswith(f"Smitsveen 2025 · Soest {fmt.with_unit(gemeente, 1, '%')} (2025)")
    assert "Nederland" not in app.caption[0].value
    # The distribution tile of the wijk: its groups beside the gemeente's.
    [shares] = [m.value for m in app.markdown if "Niet-westerse migratieachtergrond" in m.value]
    assert ":gray[Soest\u00a0" in shares and "Nederland" not in shares


def test_the_download_of_a_distribution_tile_holds_its_groups_not_its_total(demo_warehouse, monkeypatch, downloads):
    open_page(demo_warehouse, monkeypatch)
    rows = [row for row in parse_csv(downloads.by_name("soest_overzicht_meedoen.csv")())
            if row["indicator"] == "migratieachtergrond"]
    assert rows and "totaal" not in {row["uitsplitsing"] for row in rows}
    assert {row["uitsplitsing"] for row in rows} >= {"Geen migratieachtergrond", "Niet-westerse migratieachtergrond"}
    # The other tiles of the opgave keep their totals.
    others = [row for row in parse_csv(downloads.by_name("soest_overzicht_meedoen.csv")())
              if row["indicator"] != "migratieachtergrond"]
    assert others and {row["uitsplitsing"] for row in others} == {"totaal"}


# --- verdicts per opgave and goal, progress on the tiles (conftest.DOELENBOOM_SQL) -----------------------------


def test_each_opgave_and_goal_shows_its_verdict_with_counts_and_the_rule(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch)
    markdown = [m.value for m in app.markdown]
    verdicts = [text for text in markdown if text.startswith("**Oordeel over de opgave:**")]
    # Gezonde leefstijl and Mentale weerbaarheid have streefwaarden; the other three none, and say nothing.
    assert verdicts == [
        "**Oordeel over de opgave:** :gray[**gemengd**] (1 op koers, 1 binnen de marge, 2 achter, 1 zonder meting; "
        "1 zonder streefwaarde)",
        "**Oordeel over de opgave:** :blue[**✓ op koers**] (1 op koers; 5 zonder streefwaarde)",
    ]
    goals = "\n".join(text for text in markdown if text.startswith("We willen dat:"))
    assert "3. Volwassenen en ouderen vitaal zijn — :gray[**gemengd**] (1 op koers" in goals
    assert "\n    - 3.1 Minder volwassenen roken — :orange[**✗ achter**] (1 achter)\n" in goals
    assert "2. Jongeren en 65 plussers zich niet eenzaam voelen — :blue[**✓ op koers**] (1 op koers; 1 zonder " \
           "streefwaarde)" in goals
    captions = [c.value for c in app.caption]
    assert any(prog.GOAL_RULE_TEXT in caption for caption in captions)
    assert captions.count("Resultaat: Inwoners zijn zelfredzaam en doen mee") == 5


def test_a_tile_shows_its_progress_towards_the_streefwaarde(doelenboom_warehouse, monkeypatch):
    app = open_page(doelenboom_warehouse, monkeypatch)
    markdown = [m.value for m in app.markdown]

    def under(title: str) -> str:
        """The text right under a tile's title and figure (the metric is no markdown)."""
        return markdown[markdown.index(f"**{title}**") + 1]

    # In full colour under the figure, not in the faded caption (blue and orange keep their AA contrast there).
    assert under("Rokers") == "Voortgang: :orange[**✗ achter**] — streefwaarde 10% in 2028"
    assert under("Voldoet aan de beweegrichtlijn") == \
        "Voortgang: :gray[**≈ binnen de marge**] — streefwaarde 60% in 2028"
    assert under("Eenzaam") == "Voortgang: :blue[**✓ op koers**] — streefwaarde 49% in 2026"
    assert under("Overgewicht") == "Voortgang: nog geen meting — streefwaarde 40% in 2030"
    # One line per tile with a streefwaarde (eenzaam's tile is under its own opgave only), none on the others.
    assert sum(text.startswith("Voortgang:") for text in markdown) == 5
    [rokers] = [c.value for c in app.caption if "Soest 2024 (schatting, 95%-interval 12,7–14,6)" in c.value]
    assert rokers.endswith("Doel 3.1")  # the subdoel's number


def test_without_streefwaarden_the_overzicht_has_no_verdicts(demo_warehouse, tmp_path, monkeypatch):
    warehouse = copy_warehouse(demo_warehouse, tmp_path / "zonder.duckdb", "DELETE FROM indicator_target")
    app = open_page(warehouse, monkeypatch)
    text = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert "Oordeel" not in text and "Voortgang" not in text and "streefwaarde" not in text
