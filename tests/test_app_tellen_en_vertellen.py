"""The Tellen en vertellen page through AppTest on the real demo warehouse, and its filters (app.tellen_vertellen)."""

from __future__ import annotations

import json

import polars as pl
from streamlit.testing.v1 import AppTest

from app import export
from app import tellen_vertellen as tv
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import DownloadRecorder, figure_rows, open_page, opgave_figures, page_text, parse_csv, query, shown

PAGE = "views/tellen_en_vertellen.py"
OPGAVE, WIJK, JAAR = 0, 1, 2  # the three selectboxes, left to right
NOTES = ("markdown", "caption", "info")  # the text this page's tests read


def download(app: AppTest, downloads: DownloadRecorder, file_start: str) -> tuple[str, list[dict]]:
    """The CSV behind the button whose file name starts with file_start, parsed (';', decimal comma)."""
    for button in app.get("download_button"):
        if button.proto.label == "CSV" and button.proto.HasField("deferred_file_id"):
            name, make = downloads[button.proto.deferred_file_id]
            if name.startswith(file_start):
                return name, parse_csv(make())
    raise AssertionError(f"geen download {file_start}…")


def test_default_shows_the_first_opgave_for_the_whole_gemeente(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE)
    assert [box.value for box in app.selectbox] == ["leefstijl", "GM0342", "alle"]
    assert app.selectbox[WIJK].format_func("GM0342") == "heel Soest"
    assert [h.value for h in app.header] == ["1. Gezonde leefstijl"]
    assert [s.value for s in app.subheader] == ["Tellen", "Vertellen"]
    assert {m.label for m in app.metric} == {"Ervaren gezondheid goed of zeer goed", "Voldoet aan de beweegrichtlijn",
                                             "Overgewicht", "Rokers", "Eén of meer langdurige aandoeningen"}
    assert "Soest 2024 (schatting, 95%-interval" in page_text(app, NOTES)
    activities = app.dataframe[0].value
    assert len(activities) == query(demo_warehouse, "SELECT count(*) FROM activity WHERE opgave_code = 'leefstijl'")[0][0]
    assert "geheim (privacy)" in set(activities["Deelnemers"])
    assert len(app.get("vega_lite_chart")) == 5  # a sparkline under every tile
    assert "Zo leest u de cijfers" in page_text(app, NOTES)
    assert not any("Situatieschets" in s.value for s in app.subheader), "situatieschetsen only when a wijk is chosen"


def test_query_parameters_round_trip(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="leefstijl", wijk="WK034206")
    assert app.selectbox[WIJK].value == "WK034206"
    assert [s.value for s in app.subheader][0] == "Situatieschets Soestdijk 't Hart"

    app.selectbox[JAAR].set_value("2025").run()
    assert app.query_params["jaar"] == "2025"
    table = app.dataframe[0].value
    assert list(table["Jaar"]) == ["2025"] and list(table["Deelnemers"]) == ["geheim (privacy)"]

    app.selectbox[OPGAVE].set_value("alle").run()
    assert app.query_params["opgave"] == "alle"
    assert len(app.header) == 5

    app.selectbox[WIJK].set_value("GM0342").run()
    assert app.query_params["wijk"] == "GM0342"


def test_unknown_values_in_the_link_fall_back_with_a_notice(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, wijk="WK999999", jaar="1999", opgave="geluk")
    notices = " ".join(i.value for i in app.info)
    assert "wijk 'WK999999'" in notices and "heel Soest" in notices
    assert "jaar '1999'" in notices and "opgave 'geluk'" in notices
    assert [box.value for box in app.selectbox] == ["leefstijl", "GM0342", "alle"]


def test_wijk_names_in_the_link_are_accepted(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, wijk="smitsveen")
    assert app.selectbox[WIJK].value == "WK034205"


def test_a_filter_that_leaves_nothing_says_so(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", wijk="WK034205", jaar="2023")
    notices = " ".join(i.value for i in app.info)
    assert "Geen activiteiten van partners bij Mentale weerbaarheid in Smitsveen in 2023." in notices
    assert "Geen verhalen bij Mentale weerbaarheid over Smitsveen in 2023." in notices
    assert "Er is geen situatieschets van Smitsveen in 2023." in notices
    assert not app.dataframe
    assert "Daarnaast" not in page_text(app, NOTES), "no activity or story for heel Soest in 2023 either"

    app.selectbox[JAAR].set_value("2025").run()
    gemeente_wide = query(demo_warehouse, "SELECT count(*) FROM activity WHERE opgave_code = 'weerbaarheid'"
                                          " AND region_code = 'GM0342' AND year = 2025")[0][0]
    assert gemeente_wide == 1
    assert "Daarnaast 1 activiteit voor heel Soest: kies 'heel Soest' om ze te zien." in page_text(app, NOTES)


def test_wijk_shows_its_own_figures_and_what_is_not_kept_per_wijk(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="meedoen", wijk="WK034205")
    captions = page_text(app, NOTES)
    assert "Smitsveen 2024" in captions
    assert "Niet per wijk beschikbaar: Mantelzorgers in beeld bij het Steunpunt Mantelzorg." in captions
    assert "Mantelzorgers in beeld bij het Steunpunt Mantelzorg" not in {m.label for m in app.metric}
    gemeente_wide = query(demo_warehouse, "SELECT count(*) FROM activity WHERE opgave_code = 'meedoen'"
                                          " AND region_code = 'GM0342'")[0][0]
    assert f"Daarnaast {gemeente_wide} activiteiten voor heel Soest" in captions


def test_sparkline_marks_years_without_a_figure(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid")
    specs = [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]
    stress = next(spec for spec in specs if any(layer["mark"]["type"] == "rule" for layer in spec["layer"]))
    rule = next(layer for layer in stress["layer"] if layer["mark"]["type"] == "rule")
    assert [row["year"] for row in rule["data"]["values"]] == [2012, 2016]
    assert "Geen cijfer: Soest 2012, 2016 (niet beschikbaar)." in page_text(app, NOTES)


def test_activity_download_hides_small_counts_and_matches_the_warehouse(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="leefstijl", wijk="WK034206")
    name, rows = download(app, downloads, "soest_activiteiten")
    assert name == "soest_activiteiten_leefstijl_soestdijk-t-hart.csv"
    assert list(rows[0]) == ["jaar", "opgave", "doel", "activiteit", "partner", "regio_code", "regio", "deelnemers",
                             "status", "omschrijving", "bron"]
    goals = dict(query(demo_warehouse, "SELECT a.name, g.text FROM activity a LEFT JOIN goal g USING (goal_code)"
                                       " WHERE a.opgave_code = 'leefstijl' AND a.region_code = 'WK034206'"))
    assert {row["activiteit"]: row["doel"] or None for row in rows} == goals
    expected = query(demo_warehouse, "SELECT year, name, partner, region_code, participants, participants_status"
                                     " FROM activity WHERE opgave_code = 'leefstijl' AND region_code = 'WK034206'")
    got = [(int(r["jaar"]), r["activiteit"], r["partner"], r["regio_code"], int(r["deelnemers"]) if r["deelnemers"] else None,
            r["status"]) for r in rows]
    assert sorted(got) == sorted(expected)
    geheim = [r for r in rows if r["status"] == "geheim"]
    assert geheim and all(r["deelnemers"] == "" for r in geheim), "a count below the threshold is never in the file"
    assert {r["opgave"] for r in rows} == {"Gezonde leefstijl"}


def test_story_download_has_dutch_columns_and_the_stories_shown(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="weerbaarheid", wijk="WK034203")
    name, rows = download(app, downloads, "soest_verhalen")
    assert list(rows[0]) == ["jaar", "opgave", "soort", "regio_code", "regio", "titel", "tekst", "bron"]
    shown = [m.value for m in app.markdown if m.value.startswith("**‘") or m.value.startswith("**Praatgroep")]
    assert {f"**{r['titel']}**" for r in rows} == set(shown)
    assert {r["soort"] for r in rows} == {"inwonersstem", "evaluatie"}
    _, sketch = download(app, downloads, "soest_situatieschets")
    assert [(r["soort"], r["regio"], r["jaar"]) for r in sketch] == [("situatieschets", "Klaarwater", "2025")]


def test_tile_figures_download_matches_the_warehouse(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid")
    _, rows = download(app, downloads, "soest_cijfers_bestaanszekerheid")
    expected = sorted(opgave_figures(demo_warehouse, "bestaanszekerheid"), key=lambda row: str(row[:3]))
    got = figure_rows(rows)
    assert len(got) == len(expected)
    for (*key, value, status), (*wanted_key, wanted, wanted_status) in zip(sorted(got, key=lambda row: str(row[:3])),
                                                                          expected):
        assert (key, status) == (wanted_key, wanted_status)
        # Downloads round to the indicator's decimals plus one (app.export): at most 0,05 from the warehouse.
        assert (value is None) == (wanted is None) and (value is None or abs(value - wanted) <= 0.05), key
    assert ("bijstand_per_1000", "GM0342", 2025, None, "ontbreekt") in got, "a missing figure is empty, never 0"
    assert ("laag_inkomen", "GM0342", 2024, None, "reeksbreuk") in got, "a break year is in the file, as a break"
    assert {r["periode"] for r in rows} == {"jaar"}


def test_a_series_break_on_a_tile_and_its_sparkline(demo_warehouse, monkeypatch):
    """In a wijk: the income tile keeps 2023 and gives the note; its sparkline has the band, not gap ticks."""
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", wijk="WK034205")
    metrics = [m.label for m in app.metric]
    specs = [json.loads(element.proto.spec) for element in app.get("vega_lite_chart")]
    assert len(specs) == len([label for label in metrics if label not in ("Personen in armoede",
                                                                          "Personen tot 25% boven de armoedegrens",
                                                                          "Netto arbeidsparticipatie")])
    income = specs[0]  # the first tile: Huishoudens met een laag inkomen
    assert metrics[0] == "Huishoudens met een laag inkomen"
    [band] = [layer for layer in income["layer"] if layer["mark"]["type"] == "rect"]
    assert band["data"]["values"][0]["detail"].startswith("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders")
    assert [row["label"] for layer in income["layer"] if layer["mark"]["type"] == "text"
            for row in layer["data"]["values"]] == ["reeksbreuk"]
    assert not [layer for layer in income["layer"] if layer["mark"]["type"] == "rule"
                and layer["mark"].get("strokeDash")], "no gap tick for the years after the break"
    [caption] = [shown(c.value) for c in app.caption if "Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie "
                 "Personen in armoede (personen" in shown(c.value)]
    assert caption.startswith("Smitsveen 2023 · ") and "niet beschikbaar" not in caption
    # A rate built on a count CBS rounds per wijk says so on its tile
    assert any("grof cijfer: berekend op een aantal dat de bron op tientallen afrondt" in c.value.lower()
               for c in app.caption)


def test_filters_are_pure_functions(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        activities, stories = queries.activities(con), queries.stories(con)
    options = tv.year_options(activities, stories)
    assert list(options)[:3] == ["alle", "2025", "2024"]
    whole = tv.activities_shown(activities, "leefstijl", "GM0342", "GM0342", tv.ALL)
    assert set(whole["region_code"]) == {"WK034204", "WK034205", "WK034206", "WK034207"}, "heel Soest includes the wijken"
    smitsveen = tv.activities_shown(activities, "leefstijl", "WK034205", "GM0342", "2023")
    assert set(smitsveen["region_code"]) == {"WK034205"} and set(smitsveen["year"]) == {2023}
    assert "situatieschets" not in set(tv.stories_shown(stories, tv.ALL, "GM0342", "GM0342", tv.ALL)["kind"])
    assert tv.sketches_shown(stories, "WK034205", tv.ALL).height == 1
    assert tv.sketches_shown(stories, "WK034205", "2023").is_empty()
    assert tv.gemeente_wide_left_out(activities, "meedoen", "GM0342", tv.ALL) == 8
    assert tv.count_text(1, "verhaal", "verhalen") == "1 verhaal" and tv.count_text(2, "verhaal", "verhalen") == "2 verhalen"
    frame = export.tidy_activities(activities.filter(pl.col("participants_status") == "geheim"), {"leefstijl": "Gezonde leefstijl"})
    assert frame["deelnemers"].null_count() == frame.height


def test_people_reached_counts_a_gemeente_wide_total_once_and_never_a_hidden_count():
    activities = pl.DataFrame({
        "opgave_code": ["meedoen"] * 5,
        "name": ["Taalcafé", "taalcafé", "Taalcafé", "Buurtsoep", "Buurtsoep"],
        "partner": ["Taalhuis"] * 3 + ["Eemkracht"] * 2,
        "year": [2025] * 5,
        "region_code": ["GM0342", "WK034201", "WK034202", "WK034201", "WK034202"],
        "participants": [60, 35, 25, 12, None],  # Buurtsoep in WK034202 is geheim
    })
    # Taalcafé: the gemeente-wide 60 is the total of its wijken; Buurtsoep: only the count shown.
    assert tv.people_reached(activities, "GM0342") == 72
    # Without its shown total, an activity's wijken are added up.
    no_total = activities.with_columns(participants=pl.when(pl.col("region_code") == "GM0342").then(None)
                                       .otherwise(pl.col("participants")))
    assert tv.people_reached(no_total, "GM0342") == 35 + 25 + 12
    assert tv.people_reached(activities.filter(pl.col("participants").is_null()), "GM0342") is None


def test_wijk_tiles_compare_with_the_gemeente_and_the_gemeente_with_nederland(demo_warehouse, monkeypatch, downloads):
    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid", wijk="WK034205")
    captions = [shown(c.value) for c in app.caption]
    [(soest_2023,)] = query(demo_warehouse, "SELECT value FROM observation WHERE indicator_code = 'laag_inkomen'"
                                            " AND region_code = 'GM0342' AND year = 2023 AND breakdown = 'totaal'")
    assert any(c.startswith("Smitsveen 2023 · Soest ") and f"{soest_2023:.1f}".replace(".", ",") in c
               for c in captions), captions
    assert not any("Nederland" in c for c in captions if c.startswith("Smitsveen 20"))
    _, rows = download(app, downloads, "soest_cijfers_bestaanszekerheid")
    assert {r["regio_code"] for r in rows} == {"WK034205", "GM0342"}, "the wijk and what its tiles compare with"

    app = open_page(demo_warehouse, monkeypatch, PAGE, opgave="bestaanszekerheid")
    assert any(shown(c.value).startswith("Soest 2023 · Nederland ") for c in app.caption)


def test_the_gemeente_code_in_a_link_is_heel_soest(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, PAGE, wijk="gm0342")
    assert app.selectbox[WIJK].value == "GM0342" and not app.info
    assert app.query_params["wijk"] == "GM0342"


def test_the_wijk_chosen_on_wijkprofiel_is_the_wijk_here(demo_warehouse, monkeypatch):
    app = open_page(demo_warehouse, monkeypatch, "views/wijkprofiel.py")
    app.selectbox[0].set_value("WK034205").run()
    for name in list(app.query_params):  # Streamlit empties the URL on a page switch
        del app.query_params[name]
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.selectbox[WIJK].value == "WK034205"
    assert app.query_params["wijk"] == "WK034205", "in the URL, so a copied link shows the same"
    assert [s.value for s in app.subheader][0] == "Situatieschets Smitsveen"
