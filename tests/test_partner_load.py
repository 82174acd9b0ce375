"""Loading partner workbooks: the forgiving matching, the privacy threshold, reloads that replace, and `run`."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from openpyxl import load_workbook
from partner_workbooks import good_sheets, sha256, write_workbook

from app.tellen_vertellen import activities_by_goal
from conftest import CONFIG_FILE, DEMO_DIR
from pipelines.__main__ import main as pipelines_main
from pipelines.sources.partner.contract import goal_label
from warehouse import queries
from warehouse.build import connect_readonly


def cli(*args, warehouse: Path, capsys=None):
    code = pipelines_main([*map(str, args), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)])
    if capsys is None:
        return code
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def rows(warehouse: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def counts(warehouse: Path) -> tuple[int, int, int]:
    return rows(warehouse, "SELECT (SELECT count(*) FROM activity), (SELECT count(*) FROM story),"
                           " (SELECT count(*) FROM observation o JOIN load_log l USING (load_id) WHERE l.source = 'partner')")[0]


def test_a_valid_workbook_loads_activities_stories_and_figures(warehouse, tmp_path):
    path = write_workbook(tmp_path / "eemkracht_2024.xlsx", good_sheets())
    assert cli("partner", path, warehouse=warehouse) == 0
    assert counts(warehouse) == (3, 3, 3)
    assert rows(warehouse, "SELECT opgave_code, name, partner, region_code, year, participants, description, source_row"
                           " FROM activity ORDER BY source_row") == [
        ("leefstijl", "Beweegmaatjes", "Eemkracht", "WK034205", 2024, 40, "Wekelijks wandelen", 2),
        ("bestaanszekerheid", "Formulierenspreekuur", "SchuldHulpMaatje Soest", "GM0342", 2024, 120, None, 3),
        ("meedoen", "Taalcafé", "Taalhuis Soest", "WK034207", 2023, 18, "Elke dinsdag", 4),
    ]
    assert rows(warehouse, "SELECT opgave_code, region_code, year, kind, source FROM story ORDER BY source_row") == [
        ("leefstijl", "WK034205", 2024, "evaluatie", "Eemkracht"),
        ("weerbaarheid", "GM0342", 2024, "inwonersstem", None),
        (None, "WK034205", 2025, "situatieschets", "Wijkteam"),  # a situatieschets needs no opgave
    ]
    assert rows(warehouse, "SELECT indicator_code, region_code, year, value, status FROM observation"
                           " WHERE indicator_code IN ('aanvragen_leergeld', 'vve_deelname') ORDER BY 1, 2") == [
        ("aanvragen_leergeld", "GM0342", 2024, 212.0, "definitief"),
        ("aanvragen_leergeld", "WK034205", 2024, 41.0, "definitief"),
        ("vve_deelname", "GM0342", 2024, 87.5, "definitief"),
    ]
    log = rows(warehouse, "SELECT table_id, is_demo, sha256, rows_loaded FROM load_log WHERE source = 'partner'")
    assert log == [("eemkracht_2024.xlsx", False, sha256(path), 9)]


def test_an_unusual_but_valid_shape_is_understood(warehouse, tmp_path, capsys):
    """Shuffled columns, odd header case and spacing, extra columns, wijk by code or sloppy name, text numbers."""
    sheets = {
        "  activiteiten ": [
            ["Deelnemers", " JAAR", "Opmerking intern", "WIJK", "Partner", "Activiteit", "OPGAVE"],
            ["1.200", "2024", "niet publiceren", "soestdijk ’t  hart", "Eemkracht", "Ouderensoos", "MEEDOEN"],
            [35, 2024.0, None, "wk034201", "Eemkracht", "Moestuin", "leefstijl"],
        ],
        "CIJFERS": [["Waarde", "Jaar", "Wijk", "Indicator"], ["12,0", "2023", "gemeente Soest", "Aanvragen Stichting Leergeld"]],
        "Mijn aantekeningen": [["vrij blad"]],
    }
    path = write_workbook(tmp_path / "eemkracht.xlsx", sheets)
    code, output = cli("partner", path, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert rows(warehouse, "SELECT name, opgave_code, region_code, year, participants FROM activity ORDER BY name") == [
        ("Moestuin", "leefstijl", "WK034201", 2024, 35),
        ("Ouderensoos", "meedoen", "WK034206", 2024, 1200),
    ]
    assert rows(warehouse, "SELECT region_code, year, value FROM observation WHERE indicator_code = 'aanvragen_leergeld'") == [
        ("GM0342", 2023, 12.0)
    ]
    message = rows(warehouse, "SELECT message FROM load_log WHERE source = 'partner'")[0][0]
    assert "kolom 'Opmerking intern' genegeerd" in message
    assert "blad 'Mijn aantekeningen' genegeerd" in message
    assert "kolom 'Opmerking intern' genegeerd" in output  # the analyst sees the notices too


def test_small_counts_are_stored_as_geheim_never_as_a_number(warehouse, tmp_path):
    sheets = good_sheets()
    sheets["Activiteiten"][1][4] = 3  # below the threshold of 5
    sheets["Activiteiten"][2][4] = 0  # nobody came: 0 reveals nobody
    sheets["Cijfers"][2][3] = 4
    assert cli("partner", write_workbook(tmp_path / "p.xlsx", sheets), warehouse=warehouse) == 0
    assert rows(warehouse, "SELECT source_row, participants, participants_status FROM activity ORDER BY source_row")[:2] == [
        (2, None, "geheim"), (3, 0, "definitief"),
    ]
    assert rows(warehouse, "SELECT value, status FROM observation WHERE indicator_code = 'aanvragen_leergeld'"
                           " AND region_code = 'WK034205'") == [(None, "geheim")]
    message = rows(warehouse, "SELECT message FROM load_log WHERE source = 'partner'")[0][0]
    assert "2 aantallen onder de privacydrempel van 5 opgeslagen als 'geheim' (Activiteiten rij 2, Cijfers rij 3)" in message


def test_one_hidden_wijk_count_cannot_be_recomputed_from_the_total(warehouse, tmp_path):
    sheets = {"Cijfers": [
        ["indicator", "wijk", "jaar", "waarde"],
        ["aanvragen_leergeld", "Soest", 2024, 60],
        ["aanvragen_leergeld", "Smitsveen", 2024, 41],
        ["aanvragen_leergeld", "Overhees", 2024, 3],   # below the threshold
        ["aanvragen_leergeld", "Klaarwater", 2024, 16],  # would give Overhees away: 60 - 41 - 16
        ["aanvragen_leergeld", "Klaarwater", 2023, 12],  # another year with nothing hidden stays
    ]}
    assert cli("partner", write_workbook(tmp_path / "leergeld.xlsx", sheets), warehouse=warehouse) == 0
    assert rows(warehouse, "SELECT region_code, year, value, status FROM observation"
                           " WHERE indicator_code = 'aanvragen_leergeld' ORDER BY year, region_code") == [
        ("WK034203", 2023, 12.0, "definitief"),
        ("GM0342", 2024, 60.0, "definitief"),
        ("WK034203", 2024, None, "geheim"),
        ("WK034204", 2024, None, "geheim"),
        ("WK034205", 2024, 41.0, "definitief"),
    ]
    message = rows(warehouse, "SELECT message FROM load_log WHERE source = 'partner'")[0][0]
    # The log says which count was below the threshold, never which were hidden to protect it (tests/test_disclosure.py).
    assert "Cijfers rij 4" in message and "rij 5" not in message and "aanvullend" not in message


def test_reloading_the_same_workbook_changes_nothing(warehouse, tmp_path):
    path = write_workbook(tmp_path / "eemkracht.xlsx", good_sheets())
    assert cli("partner", path, warehouse=warehouse) == 0
    first = rows(warehouse, "SELECT * EXCLUDE (load_id) FROM activity ORDER BY source_row")
    assert cli("partner", path, warehouse=warehouse) == 0
    assert counts(warehouse) == (3, 3, 3)
    assert rows(warehouse, "SELECT * EXCLUDE (load_id) FROM activity ORDER BY source_row") == first


def test_a_corrected_version_under_the_same_name_replaces_the_earlier_one(warehouse, tmp_path):
    path = write_workbook(tmp_path / "eemkracht.xlsx", good_sheets())
    assert cli("partner", path, warehouse=warehouse) == 0
    corrected = good_sheets()
    del corrected["Activiteiten"][3]  # the Taalcafé was reported by mistake
    corrected["Activiteiten"][1][4] = 44  # and Beweegmaatjes had 44 deelnemers
    del corrected["Cijfers"]
    other_dir = tmp_path / "gecorrigeerd"
    assert cli("partner", write_workbook(other_dir / "eemkracht.xlsx", corrected), warehouse=warehouse) == 0
    assert rows(warehouse, "SELECT name, participants FROM activity ORDER BY name") == [
        ("Beweegmaatjes", 44), ("Formulierenspreekuur", 120),
    ]
    assert counts(warehouse) == (2, 3, 0)  # the figures the corrected version no longer has are gone too


def test_the_same_rows_in_a_renamed_copy_are_refused_not_doubled(warehouse, tmp_path, capsys):
    assert cli("partner", write_workbook(tmp_path / "eemkracht.xlsx", good_sheets()), warehouse=warehouse) == 0
    before = sha256(warehouse)
    copy = write_workbook(tmp_path / "eemkracht-v2.xlsx", good_sheets())
    code, output = cli("partner", copy, warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert ("eemkracht-v2.xlsx, blad Activiteiten, rij 2: deze activiteit (leefstijl, beweegmaatjes, eemkracht, WK034205, 2024)"
            " staat al in het warehouse uit 'eemkracht.xlsx'") in output
    assert "Geef het bestand dan dezelfde naam ('eemkracht.xlsx')" in output
    assert sha256(warehouse) == before


def test_the_same_figure_with_the_same_value_from_another_file_is_no_conflict(warehouse, tmp_path):
    first = {"Cijfers": good_sheets()["Cijfers"]}
    assert cli("partner", write_workbook(tmp_path / "leergeld.xlsx", first), warehouse=warehouse) == 0
    assert cli("partner", write_workbook(tmp_path / "gemeente.xlsx", first), warehouse=warehouse) == 0


def test_the_template_round_trip(warehouse, tmp_path, capsys):
    """`template` → a partner fills it in Excel (here: openpyxl) → `partner` loads it; the untouched template is refused."""
    template = tmp_path / "sjabloon.xlsx"
    code, output = cli("template", template, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    code, output = cli("partner", template, warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "sjabloon.xlsx, blad Activiteiten, rij 2: dit is de voorbeeldrij uit het sjabloon" in output
    filled = _fill_template(template, tmp_path / "ingevuld.xlsx", good_sheets())
    code, output = cli("partner", filled, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert counts(warehouse) == (3, 3, 3)


def _fill_template(template: Path, filled: Path, sheets: dict[str, list[list]]) -> Path:
    """What a partner does: delete the example rows and type rows under the template's headers, by name."""
    workbook = load_workbook(template)
    for title in ("Activiteiten", "Verhalen", "Cijfers"):
        workbook[title].delete_rows(2)
    for title, new_rows in sheets.items():
        sheet = workbook[title]
        header = [cell.value for cell in sheet[1]]
        for values in new_rows[1:]:
            by_name = dict(zip(new_rows[0], values))
            sheet.append([by_name.get(name) for name in header])
    workbook.save(filled)
    return filled


def test_the_template_round_trip_with_goals(warehouse, tmp_path, config, capsys):
    """The doel column of the template: a goal chosen from the list, typed as code or as text, or left empty."""
    leefstijl = next(o for o in config.opgaven if o.code == "leefstijl")
    meedoen = next(o for o in config.opgaven if o.code == "meedoen")
    first, typed_code, typed_text = leefstijl.goals[0], meedoen.goals[-1], leefstijl.goals[-1]
    others = [goal for opgave in config.opgaven for goal in opgave.goals if goal not in (first, typed_code, typed_text)]
    deepest = max(others, key=lambda goal: goal.depth)  # a subgoal, when the doelenboom has one
    template = tmp_path / "sjabloon.xlsx"
    assert cli("template", template, warehouse=warehouse) == 0
    header = ["opgave", "doel", "activiteit", "partner", "jaar", "deelnemers", "wijk"]
    activities = [
        header,
        ["Gezonde leefstijl", goal_label(first), "Beweegmaatjes", "Eemkracht", 2024, 40, "Smitsveen"],
        ["Meedoen en inclusie", typed_code.code.upper(), "Taalcafé", "Taalhuis Soest", 2024, 18, None],
        ["leefstijl", f"  {typed_text.text.lower()} ", "Moestuin", "Eemkracht", 2024, 30, None],
        ["Gezonde leefstijl", None, "Sportinstuif", "Buurtsportcoaches Soest", 2024, 120, "Smitsveen"],
        [deepest.opgave_code, deepest.code, "Ouderensoos", "Eemkracht", 2025, 25, None],
    ]
    filled = _fill_template(template, tmp_path / "ingevuld.xlsx", {"Activiteiten": activities})
    code, output = cli("partner", filled, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert rows(warehouse, "SELECT name, opgave_code, goal_code FROM activity ORDER BY source_row") == [
        ("Beweegmaatjes", "leefstijl", first.code),
        ("Taalcafé", "meedoen", typed_code.code),
        ("Moestuin", "leefstijl", typed_text.code),
        ("Sportinstuif", "leefstijl", None),  # no goal: the activity serves the opgave as a whole
        ("Ouderensoos", deepest.opgave_code, deepest.code),
    ]
    with connect_readonly(warehouse) as con:
        loaded = queries.activities(con)
    assert loaded.filter(loaded["name"] == "Beweegmaatjes")["goal_text"].to_list() == [first.text]
    by_goal = {code: frame["name"].to_list() for code, frame in activities_by_goal(loaded).items()}
    # Newest first, as queries.activities orders them; an activity without a goal is under no goal.
    assert by_goal == {deepest.code: ["Ouderensoos"], first.code: ["Beweegmaatjes"], typed_text.code: ["Moestuin"],
                       typed_code.code: ["Taalcafé"]}
    assert list(by_goal)[0] == deepest.code


def test_a_workbook_without_the_doel_column_still_loads(warehouse, tmp_path, capsys):
    """Workbooks from the template before goals (no doel column) load as before: no activity names a goal."""
    path = write_workbook(tmp_path / "oud-sjabloon.xlsx", good_sheets())
    code, output = cli("partner", path, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert "doel" not in output
    assert rows(warehouse, "SELECT count(*), count(goal_code) FROM activity") == [(3, 0)]
    with connect_readonly(warehouse) as con:
        assert activities_by_goal(queries.activities(con)) == {}


def test_tellen_en_vertellen_shows_the_goal_beside_the_activity(demo_warehouse, monkeypatch, config):
    """The demo partners name a goal for most activities: the page shows its text; empty where none is named."""
    from app_pages import open_page
    from tools.demo.partners import ACTIVITY_GOALS

    walking = config.goals_by_code[ACTIVITY_GOALS["Beweegmaatjes"][0]]

    app = open_page(demo_warehouse, monkeypatch, "views/tellen_en_vertellen.py", opgave="leefstijl")
    table = app.dataframe[0].value
    assert list(table.columns) == ["Jaar", "Activiteit", "Doel", "Partner", "Wijk", "Deelnemers"]
    goals = {(row["Activiteit"], row["Doel"]) for _, row in table.iterrows()}
    assert ("Beweegmaatjes", walking.text) in goals
    assert ("Kookclub Jong en Gezond", "") in goals  # no goal named: the opgave as a whole
    assert any("leeg = de opgave als geheel" in caption.value for caption in app.caption)


def test_activities_by_goal_without_a_goal_column_is_empty():
    assert activities_by_goal(pl.DataFrame({"name": ["Taalcafé"], "opgave_code": ["meedoen"]})) == {}


def test_template_lists_the_wijken_of_the_warehouse_and_does_not_overwrite_a_workbook(warehouse, tmp_path, capsys):
    existing = write_workbook(tmp_path / "eemkracht.xlsx", good_sheets())
    before = sha256(existing)
    code, output = cli("template", existing, warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "bestaat al" in output
    assert sha256(existing) == before
    template = tmp_path / "sjabloon.xlsx"
    assert cli("template", template, warehouse=warehouse) == 0
    lists = load_workbook(template)["Keuzelijsten"]
    values = {cell.value for row in lists.iter_rows() for cell in row}
    assert {"Soest", "Boerenstreek", "Soestdijk 't Hart", "Soest-Zuid"} <= values


def test_real_partner_data_does_not_go_into_a_demo_warehouse(demo_warehouse, tmp_path, capsys):
    warehouse = tmp_path / "demo.duckdb"
    shutil.copy2(demo_warehouse, warehouse)
    before = sha256(warehouse)
    code, output = cli("partner", write_workbook(tmp_path / "p.xlsx", good_sheets()), warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "bevat alleen voorbeelddata" in output
    assert sha256(warehouse) == before


def test_demo_partner_data_does_not_go_into_a_real_warehouse(warehouse, tmp_path, capsys):
    before = sha256(warehouse)
    demo_workbook = next((DEMO_DIR / "partners").glob("*.xlsx"))
    code, output = cli("partner", demo_workbook, warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "is voorbeelddata (fictief)" in output
    assert sha256(warehouse) == before


def test_a_warehouse_without_wijken_says_to_load_cbs_first(tmp_path, capsys):
    code, output = cli("partner", write_workbook(tmp_path / "p.xlsx", good_sheets()), warehouse=tmp_path / "leeg.duckdb",
                       capsys=capsys)
    assert code == 1
    assert "kent nog geen wijken van Soest" in output
    assert "python -m pipelines cbs" in output


@pytest.fixture
def raw_dir(soest_warehouse, tmp_path) -> Path:
    """data/raw for `run --offline`: the Soest KWB snapshot, plus partners/ and kis/."""
    raw = tmp_path / "raw"
    shutil.copytree(soest_warehouse.parent / "raw", raw)
    return raw


def test_run_loads_every_partner_workbook_and_kis_export_with_cbs_in_one_build(raw_dir, tmp_path, capsys):
    write_workbook(raw_dir / "partners" / "eemkracht.xlsx", {"Activiteiten": good_sheets()["Activiteiten"]})
    write_workbook(raw_dir / "partners" / "leergeld.xlsx", {"Cijfers": good_sheets()["Cijfers"]})
    (raw_dir / "partners" / "~$eemkracht.xlsx").write_bytes(b"Excel lock file")  # present while Excel has it open
    shutil.copy2(raw_dir / "partners" / "eemkracht.xlsx", raw_dir / "partners" / "partner-template.xlsx")
    (raw_dir / "kis").mkdir()
    (raw_dir / "kis" / "arbeidsparticipatie.csv").write_text(
        "Netto arbeidsparticipatie\nPeriode: 2023\n\nGebied;Totaal;Niet-westerse migratieachtergrond\n"
        "Soest;69,5;58,1\nSmitsveen;64,2;x\n\nBron: CBS, bewerking ABF Research\n",
        encoding="utf-8-sig",
    )
    warehouse = tmp_path / "monitor.duckdb"
    code, output = cli("run", "--offline", "--years", "2024", "--raw-dir", raw_dir, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert counts(warehouse) == (3, 0, 3)
    assert rows(warehouse, "SELECT region_code, breakdown, value, status FROM observation"
                           " WHERE indicator_code = 'netto_arbeidsparticipatie' ORDER BY 1, 2") == [
        ("GM0342", "Niet-westerse migratieachtergrond", 58.1, "definitief"),
        ("GM0342", "totaal", 69.5, "definitief"),
        ("WK034205", "Niet-westerse migratieachtergrond", None, "ontbreekt"),
        ("WK034205", "totaal", 64.2, "definitief"),
    ]
    assert sorted(r[0] for r in rows(warehouse, "SELECT DISTINCT source FROM load_log")) == [
        "cbs_gmsd", "cbs_iv3", "cbs_kwb", "cbs_wijkbuurtkaart", "kis_wijkmonitor", "partner", "rivm_gezondheid"]


def test_run_with_one_bad_workbook_loads_nothing(raw_dir, tmp_path, capsys):
    warehouse = tmp_path / "monitor.duckdb"
    assert cli("run", "--offline", "--years", "2024", "--raw-dir", raw_dir, warehouse=warehouse) == 0
    before = sha256(warehouse)
    write_workbook(raw_dir / "partners" / "goed.xlsx", good_sheets())
    bad = good_sheets()
    bad["Cijfers"][1][3] = "veel"
    write_workbook(raw_dir / "partners" / "fout.xlsx", bad)
    code, output = cli("run", "--offline", "--years", "2024", "--raw-dir", raw_dir, warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "fout.xlsx, blad Cijfers, rij 2, kolom D (waarde): 'veel' is geen getal" in output
    assert sha256(warehouse) == before


# --- a deeper doelenboom: Vijfheerenlanden (resultaat → opgave → doel → subdoel) ------------------------------

@pytest.fixture(scope="module")
def vijfheerenlanden():
    from pipelines.config import load_config
    from pipelines.region_index import RegionIndex

    config = load_config(CONFIG_FILE.parent / "vijfheerenlanden.toml")
    frame = pl.DataFrame({"region_code": ["NL00", config.gemeente_code], "name": ["Nederland", config.gemeente_name],
                          "level": ["land", "gemeente"]})
    return config, RegionIndex.from_regions(frame, config.gemeente_code)


def test_a_subgoal_is_offered_in_the_template_and_accepted_by_the_reader(vijfheerenlanden, tmp_path):
    from pipelines.sources.partner.reader import read_partner_workbook
    from pipelines.sources.partner.template import choice_lists, write_template

    config, regions = vijfheerenlanden
    sub = next(goal for opgave in config.opgaven for goal in opgave.goals if goal.depth == 2)
    parent = config.goals_by_code[sub.parent_code]
    opgave = next(o for o in config.opgaven if o.code == sub.opgave_code)
    template = load_workbook(write_template(tmp_path / "sjabloon.xlsx", config, []))
    column = choice_lists(config, [])["doel"].column
    offered = [cell.value for (cell,) in template["Keuzelijsten"].iter_rows(min_row=2, min_col=column, max_col=column)]
    assert offered.index(goal_label(sub)) == offered.index(goal_label(parent)) + 1, "a subgoal right under its goal"
    instructions = {row[0]: row[1] for row in template["Toelichting"].iter_rows(values_only=True)}
    assert instructions[sub.code] == f"subdoel onder {parent.code}: {sub.text}"
    sheets = {"Activiteiten": [["opgave", "doel", "activiteit", "partner", "jaar", "deelnemers"],
                               [opgave.title, goal_label(sub), "Buurtmaaltijd", "Welzijn Lekstroom", 2024, 30],
                               [opgave.code, parent.code, "Buurtcoach", "Welzijn Lekstroom", 2024, 12]]}
    table = read_partner_workbook(write_workbook(tmp_path / "lekstroom.xlsx", sheets), config, regions)
    assert table.activities.select("name", "opgave_code", "goal_code").rows() == [
        ("Buurtmaaltijd", opgave.code, sub.code), ("Buurtcoach", opgave.code, parent.code)]


def test_a_subgoal_of_another_opgave_is_refused(vijfheerenlanden, tmp_path):
    from pipelines.problems import InputRefused
    from pipelines.sources.partner.reader import read_partner_workbook

    config, regions = vijfheerenlanden
    sub = next(goal for opgave in config.opgaven for goal in opgave.goals if goal.depth == 2)
    other = next(o for o in config.opgaven if o.code != sub.opgave_code)
    owner = next(o for o in config.opgaven if o.code == sub.opgave_code)
    sheets = {"Activiteiten": [["opgave", "activiteit", "partner", "jaar", "deelnemers", "doel"],
                               [other.title, "Buurtmaaltijd", "Welzijn Lekstroom", 2024, 30, sub.code]]}
    with pytest.raises(InputRefused) as refused:
        read_partner_workbook(write_workbook(tmp_path / "lekstroom.xlsx", sheets), config, regions)
    assert str(refused.value.problems[0]).startswith(
        f"lekstroom.xlsx, blad Activiteiten, rij 2, kolom F (doel): doel '{sub.code}' ({sub.text}) hoort bij de opgave "
        f"{owner.title}, niet bij {other.title} (kolom opgave). Kies een doel van de opgave {other.title}: ")
    assert len(refused.value.problems) == 1
