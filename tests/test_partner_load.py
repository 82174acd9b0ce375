"""Loading partner workbooks: the forgiving matching, the privacy threshold, reloads that replace, and `run`."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from partner_workbooks import good_sheets, sha256, write_workbook

from conftest import CONFIG_FILE, DEMO_DIR
from pipelines.__main__ import main as pipelines_main


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
    workbook = load_workbook(template)
    for title, new_rows in good_sheets().items():
        sheet = workbook[title]
        sheet.delete_rows(2)
        header = [cell.value for cell in sheet[1]]
        for values in new_rows[1:]:
            by_name = dict(zip(new_rows[0], values))
            sheet.append([by_name.get(name) for name in header])
    filled = tmp_path / "ingevuld.xlsx"
    workbook.save(filled)
    code, output = cli("partner", filled, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert counts(warehouse) == (3, 3, 3)


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
        "cbs_gmsd", "cbs_kwb", "kis_wijkmonitor", "partner", "rivm_gezondheid"]


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
