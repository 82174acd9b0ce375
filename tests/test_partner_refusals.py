"""Bad partner workbooks are refused whole: every problem named by sheet, row and column; the warehouse untouched.

Each case writes a real .xlsx with openpyxl (or a file that only pretends to
be one), runs `python -m pipelines partner FILE` and checks the message and
that the warehouse file is byte-for-byte what it was.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile
import pytest
from openpyxl import Workbook
from partner_workbooks import CIJFERS_HEADER, good_sheets, sha256, write_workbook

from conftest import CONFIG_FILE
from pipelines.__main__ import main as pipelines_main
from pipelines.sources.partner.contract import MAX_ROWS


def load(path: Path, warehouse: Path, capsys) -> tuple[int, str]:
    code = pipelines_main(["partner", str(path), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def changed(edit) -> dict:
    sheets = good_sheets()
    edit(sheets)
    return sheets


def set_cell(sheet: str, row: int, column: int, value):
    """Excel row `row` (header = 1), 1-based column."""
    def edit(sheets):
        sheets[sheet][row - 1][column - 1] = value
    return edit


# name, how the workbook is changed, the text the message must contain (location and cause)
CELL_CASES = [
    ("empty required cell", set_cell("Activiteiten", 3, 2, None),
     "blad Activiteiten, rij 3, kolom B (activiteit): verplicht veld is leeg"),
    ("unknown opgave", set_cell("Activiteiten", 2, 1, "Gezond leven"),
     "blad Activiteiten, rij 2, kolom A (opgave): onbekende opgave 'Gezond leven'"),
    ("unknown wijk", set_cell("Verhalen", 2, 5, "Baarn-Noord"),
     "blad Verhalen, rij 2, kolom E (wijk): 'Baarn-Noord' is geen wijk van Soest"),
    ("wijk code of another gemeente", set_cell("Cijfers", 3, 2, "WK030801"),
     "blad Cijfers, rij 3, kolom B (wijk): WK030801 hoort niet bij Soest (GM0342)"),
    ("unknown indicator", set_cell("Cijfers", 2, 1, "aanvragen_voedselbank"),
     "blad Cijfers, rij 2, kolom A (indicator): onbekende indicator 'aanvragen_voedselbank'"),
    ("an indicator CBS delivers", set_cell("Cijfers", 2, 1, "laag_inkomen"),
     "blad Cijfers, rij 2, kolom A (indicator): indicator 'Huishoudens met een laag inkomen' komt uit CBS"),
    ("text where a number belongs", set_cell("Activiteiten", 2, 5, "ongeveer 40"),
     "blad Activiteiten, rij 2, kolom E (deelnemers): 'ongeveer 40' is geen getal"),
    ("text as a figure", set_cell("Cijfers", 3, 4, "veel"),
     "blad Cijfers, rij 3, kolom D (waarde): 'veel' is geen getal"),
    ("negative count", set_cell("Activiteiten", 4, 5, -18),
     "blad Activiteiten, rij 4, kolom E (deelnemers): een aantal kan niet negatief zijn (-18)"),
    ("negative figure", set_cell("Cijfers", 2, 4, -2),
     "blad Cijfers, rij 2, kolom D (waarde): de waarde kan niet negatief zijn"),
    ("percentage above 100", set_cell("Cijfers", 4, 4, 187.5),
     "blad Cijfers, rij 4, kolom D (waarde): een percentage ligt tussen 0 en 100"),
    ("fractional count", set_cell("Activiteiten", 2, 5, 40.5),
     "blad Activiteiten, rij 2, kolom E (deelnemers): '40.5' is geen geheel getal"),
    ("year too early", set_cell("Verhalen", 3, 2, 1999),
     "blad Verhalen, rij 3, kolom B (jaar): jaar 1999 is niet aannemelijk"),
    ("year in the future", set_cell("Activiteiten", 2, 4, 2099),
     "blad Activiteiten, rij 2, kolom D (jaar): jaar 2099 is niet aannemelijk"),
    ("unknown soort", set_cell("Verhalen", 2, 6, "interview"),
     "blad Verhalen, rij 2, kolom F (soort): onbekende soort 'interview'"),
    ("story without opgave that is no situatieschets", set_cell("Verhalen", 3, 1, None),
     "blad Verhalen, rij 3, kolom A (opgave): verplicht veld is leeg"),
    ("formula without a saved result", set_cell("Cijfers", 2, 4, "=D3*5"),
     "blad Cijfers, rij 2, kolom D (waarde): formule =D3*5 zonder opgeslagen uitkomst"),
    ("the template's example row left in", set_cell("Activiteiten", 3, 2, "Voorbeeld: Beweegmaatjes"),
     "blad Activiteiten, rij 3: dit is de voorbeeldrij uit het sjabloon; verwijder deze rij"),
    ("title too long", set_cell("Verhalen", 2, 3, "Lang " * 40),
     "blad Verhalen, rij 2, kolom C (titel): te lang (199 tekens, hooguit 150)"),
]


@pytest.mark.parametrize("edit,expected", [case[1:] for case in CELL_CASES], ids=[case[0] for case in CELL_CASES])
def test_a_bad_cell_is_refused_with_sheet_row_and_column(edit, expected, warehouse, tmp_path, capsys):
    before = sha256(warehouse)
    path = write_workbook(tmp_path / "partner.xlsx", changed(edit))
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert f"partner.xlsx, {expected}" in output
    assert "er is niets uit geladen en het warehouse is ongewijzigd" in output
    assert "Traceback" not in output
    assert sha256(warehouse) == before


def test_a_date_instead_of_a_year(warehouse, tmp_path, capsys):
    from datetime import datetime

    path = write_workbook(tmp_path / "partner.xlsx", changed(set_cell("Activiteiten", 2, 4, datetime(2024, 1, 1))))
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert "blad Activiteiten, rij 2, kolom D (jaar): dit is een datum; vul alleen het jaartal in" in output


def test_duplicate_rows_name_both_rows(warehouse, tmp_path, capsys):
    def duplicate(sheets):
        sheets["Activiteiten"].append(["gezonde leefstijl", "beweegmaatjes ", "Eemkracht", 2024, 12, "smitsveen", None])
        sheets["Cijfers"].append(["aanvragen_leergeld", "WK034205", 2024, 41])
    before = sha256(warehouse)
    code, output = load(write_workbook(tmp_path / "partner.xlsx", changed(duplicate)), warehouse, capsys)
    assert code == 1
    assert "blad Activiteiten, rij 5: dubbele rij: dezelfde opgave, activiteit, partner, wijk, jaar als rij 2" in output
    assert "blad Cijfers, rij 5: dubbele rij: dezelfde indicator, wijk, jaar als rij 3" in output
    assert sha256(warehouse) == before


def test_missing_required_column(warehouse, tmp_path, capsys):
    def drop_deelnemers(sheets):
        sheets["Activiteiten"] = [row[:4] + row[5:] for row in sheets["Activiteiten"]]
    code, output = load(write_workbook(tmp_path / "partner.xlsx", changed(drop_deelnemers)), warehouse, capsys)
    assert code == 1
    assert "blad Activiteiten, rij 1, kolom deelnemers: verplichte kolom 'deelnemers' ontbreekt in de kopregel" in output


def test_merged_header_cells(warehouse, tmp_path, capsys):
    path = write_workbook(tmp_path / "partner.xlsx", good_sheets(), merge={"Cijfers": "B1:C1"})
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert "blad Cijfers, rij 1, kolom B: de kopregel heeft samengevoegde cellen (B1:C1)" in output


def test_merged_cells_in_the_data(warehouse, tmp_path, capsys):
    path = write_workbook(tmp_path / "partner.xlsx", good_sheets(), merge={"Activiteiten": "C2:C4"})
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert "blad Activiteiten, rij 2, kolom C: samengevoegde cellen C2:C4" in output


def test_no_known_sheet(warehouse, tmp_path, capsys):
    path = write_workbook(tmp_path / "partner.xlsx", {"Blad1": [["opgave", "activiteit"]], "Blad2": [["x"]]})
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert "partner.xlsx: geen van de bladen Activiteiten, Verhalen of Cijfers gevonden (wel: 'Blad1', 'Blad2')" in output


def test_every_problem_is_reported_at_once(warehouse, tmp_path, capsys):
    def many(sheets):
        sheets["Activiteiten"][1][0] = "Onbekend"
        sheets["Activiteiten"][2][4] = "veel"
        sheets["Verhalen"][1][1] = 1850
        sheets["Cijfers"][2][1] = "Baarn"
    code, output = load(write_workbook(tmp_path / "partner.xlsx", changed(many)), warehouse, capsys)
    assert code == 1
    assert "geweigerd (4 problemen)" in output
    for where in ("blad Activiteiten, rij 2, kolom A", "blad Activiteiten, rij 3, kolom E",
                  "blad Verhalen, rij 2, kolom B", "blad Cijfers, rij 3, kolom B"):
        assert where in output


def _csv_renamed(path: Path) -> None:
    path.write_text("opgave;activiteit\nGezonde leefstijl;Wandelen\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    write_workbook(path, good_sheets())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_a_workbook_inside(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "geen werkmap")


def _old_xls(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def _password_protected(path: Path) -> None:
    plain = write_workbook(path.with_name("plain.xlsx"), good_sheets())
    encrypted = io.BytesIO()
    with plain.open("rb") as source:
        OOXMLFile(source).encrypt("geheim", encrypted)
    path.write_bytes(encrypted.getvalue())


FILE_CASES = [
    ("csv renamed to xlsx", _csv_renamed, "dit is geen Excel-werkmap (.xlsx)"),
    ("truncated", _truncated, "dit is geen Excel-werkmap (.xlsx)"),
    ("zip without a workbook", _not_a_workbook_inside, "het bestand is beschadigd of geen geldig Excel-bestand"),
    ("old xls format", _old_xls, "dit is het oude Excel-formaat (.xls)"),
    ("password protected", _password_protected, "het bestand is beveiligd met een wachtwoord"),
]


@pytest.mark.parametrize("make,expected", [case[1:] for case in FILE_CASES], ids=[case[0] for case in FILE_CASES])
def test_a_file_that_cannot_be_read_is_refused_clearly(make, expected, warehouse, tmp_path, capsys):
    before = sha256(warehouse)
    path = tmp_path / "partner.xlsx"
    make(path)
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert f"partner.xlsx: {expected}" in output
    assert "Traceback" not in output
    assert sha256(warehouse) == before


def test_a_missing_file(warehouse, tmp_path, capsys):
    code, output = load(tmp_path / "bestaat-niet.xlsx", warehouse, capsys)
    assert code == 1
    assert "bestaat-niet.xlsx: bestand niet gevonden" in output


def test_an_absurdly_large_sheet_is_refused_before_it_is_read(warehouse, tmp_path, capsys):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cijfers")
    sheet.append(CIJFERS_HEADER)
    for number in range(MAX_ROWS + 5):
        sheet.append(["aanvragen_leergeld", "Soest", 2000 + number % 20, number])
    path = tmp_path / "partner.xlsx"
    workbook.save(path)
    before = sha256(warehouse)
    code, output = load(path, warehouse, capsys)
    assert code == 1
    assert "partner.xlsx, blad Cijfers: het blad heeft meer dan 10.000 rijen; dat is te groot om te laden" in output
    assert sha256(warehouse) == before


# --- the optional doel column on Activiteiten ----------------------------------------------------------------

def with_goals(goals: dict[int, object]):
    """Add the doel column (H, after the template's columns) to Activiteiten; goals: Excel row → what was typed."""
    def edit(sheets):
        activities = sheets["Activiteiten"]
        activities[0] = [*activities[0], "doel"]  # a new list: good_sheets() shares its header lists
        for number, row in enumerate(activities[1:], start=2):
            row.append(goals.get(number))
    return edit


def _opgave(config, code):
    return next(opgave for opgave in config.opgaven if opgave.code == code)


def test_an_unknown_goal_is_refused_with_sheet_row_and_column(warehouse, tmp_path, config, capsys):
    before = sha256(warehouse)
    path = write_workbook(tmp_path / "partner.xlsx", changed(with_goals({2: "gezond_eten"})))
    code, output = load(path, warehouse, capsys)
    assert code == 1
    leefstijl = _opgave(config, "leefstijl")
    assert ("partner.xlsx, blad Activiteiten, rij 2, kolom H (doel): onbekend doel 'gezond_eten'. "
            f"Kies een doel van de opgave Gezonde leefstijl: {leefstijl.goals[0].code} ({leefstijl.goals[0].text});") in output
    assert "er is niets uit geladen en het warehouse is ongewijzigd" in output
    assert sha256(warehouse) == before


def test_a_goal_of_another_opgave_is_refused_whole(warehouse, tmp_path, config, capsys):
    """Row 3 is Bestaanszekerheid; a goal of Gezonde leefstijl there is refused, and the good rows load neither."""
    goal = _opgave(config, "leefstijl").goals[0]
    before = sha256(warehouse)
    edit = with_goals({2: goal.code, 3: goal.code})  # right for row 2, wrong for row 3
    code, output = load(write_workbook(tmp_path / "partner.xlsx", changed(edit)), warehouse, capsys)
    assert code == 1
    assert "geweigerd (1 probleem)" in output
    assert (f"partner.xlsx, blad Activiteiten, rij 3, kolom H (doel): doel '{goal.code}' ({goal.text}) hoort bij de "
            "opgave Gezonde leefstijl, niet bij Bestaanszekerheid (kolom opgave). Kies een doel van de opgave "
            "Bestaanszekerheid: ") in output
    assert sha256(warehouse) == before


def test_goal_problems_are_reported_with_the_other_problems_of_the_row(warehouse, tmp_path, capsys):
    def edit(sheets):
        with_goals({2: "bestaat_niet", 4: "ook_niet"})(sheets)
        sheets["Activiteiten"][1][4] = "veel"  # row 2: deelnemers
        sheets["Activiteiten"][3][0] = "Onbekend"  # row 4: opgave
    code, output = load(write_workbook(tmp_path / "partner.xlsx", changed(edit)), warehouse, capsys)
    assert code == 1
    assert "geweigerd (4 problemen)" in output
    for where in ("blad Activiteiten, rij 2, kolom H (doel): onbekend doel 'bestaat_niet'",
                  "blad Activiteiten, rij 2, kolom E (deelnemers)", "blad Activiteiten, rij 4, kolom A (opgave)",
                  # the opgave is unknown, so the goal cannot be checked against it: only that it exists
                  "blad Activiteiten, rij 4, kolom H (doel): onbekend doel 'ook_niet'. Kies een doel uit de lijst"):
        assert where in output
