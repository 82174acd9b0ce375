"""Absurd input is refused, or cleaned with a notice, naming file, sheet, row and column; never a traceback.

Each case was found in a real trial (issue 12): an infinite or 309-digit count, a 300 MB cell, two sheets
called 'Activiteiten' and 'Activiteiten ', hidden sheets, KIS percentages of 250 and -5, a control character
in a CBS region name that later broke the Excel downloads, a StatLine snapshot with one region twice, and a
renamed copy of a workbook with an invisible soft hyphen in its name. Every test builds a real file (an .xlsx
with openpyxl, CSV bytes, a StatLine snapshot directory) and runs the real loader, mostly `python -m pipelines`
itself: exit code 1, the message, no traceback, and the warehouse byte for byte what it was.
"""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
import statline_recordings as rec
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from partner_workbooks import good_sheets, sha256, with_shared_strings, write_workbook

from conftest import CONFIG_FILE, DEMO_DIR
from pipelines import delivered
from pipelines.__main__ import main as pipelines_main
from pipelines.dutch_numbers import MAX_PEOPLE
from pipelines.problems import CONTROL_CHARACTER, InputRefused
from pipelines.region_index import RegionIndex
from pipelines.snapshots import mark_hand_made
from pipelines.sources.partner import SOURCE as PARTNER_SOURCE
from pipelines.sources.partner.reader import read_partner_workbook
from pipelines.spreadsheet import MAX_CELL_CHARS


def load(command: str, path: Path, warehouse: Path, capsys) -> tuple[int, str]:
    code = pipelines_main([command, str(path), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def assert_refused(command: str, path: Path, warehouse: Path, capsys, *expected: str) -> str:
    before = sha256(warehouse)
    code, output = load(command, path, warehouse, capsys)
    assert code == 1, output
    for text in expected:
        assert text in output
    assert "Traceback" not in output and "Onverwachte fout" not in output
    assert sha256(warehouse) == before
    return output


def partner_workbook(path: Path, *edits) -> Path:
    """The small valid workbook with each (sheet, Excel row, column, value) set."""
    sheets = good_sheets()
    for sheet, row, column, value in edits:
        sheets[sheet][row - 1][column - 1] = value
    return write_workbook(path, sheets)


def patched(path: Path, old: bytes, new: bytes) -> Path:
    """Replace bytes in the workbook's XML: what openpyxl will not write (1e999, a text over Excel's limit)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert any(old in data for data in parts.values()), f"test setup: {old!r} not in {path.name}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.replace(old, new))
    return path


def query(warehouse: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    wijken = {"WK034201": "Boerenstreek", "WK034202": "De Eng Soest-midden", "WK034203": "Klaarwater",
              "WK034204": "Overhees", "WK034205": "Smitsveen", "WK034206": "Soestdijk 't Hart",
              "WK034207": "Soesterberg", "WK034208": "Soest-Zuid"}
    frame = pl.DataFrame({"region_code": ["NL00", "GM0342", *wijken], "name": ["Nederland", "Soest", *wijken.values()],
                          "level": ["land", "gemeente", *["wijk"] * len(wijken)]})
    return RegionIndex.from_regions(frame, "GM0342")


# --- Partner workbooks: numbers ----------------------------------------------------------------------------


NUMBER_CASES = [
    ("a count beyond any gemeente", [("Activiteiten", 2, 5, 5_000_000)],
     "blad Activiteiten, rij 2, kolom E (deelnemers): een aantal ligt tussen 0 en 2.000.000, gevonden: 5000000."),
    ("a 309-digit count", [("Activiteiten", 3, 5, 1e308)],
     "blad Activiteiten, rij 3, kolom E (deelnemers): 1e+308 is geen eindig getal van redelijke grootte"),
    ("a year of 309 digits", [("Verhalen", 2, 2, 1e308)],
     "blad Verhalen, rij 2, kolom B (jaar): 1e+308 is geen eindig getal van redelijke grootte"),
    ("a percentage of 250", [("Cijfers", 4, 4, 250)],
     "blad Cijfers, rij 4, kolom D (waarde): een percentage ligt tussen 0 en 100, gevonden: 250."),
    ("a negative percentage", [("Cijfers", 4, 4, "-5")],
     "blad Cijfers, rij 4, kolom D (waarde): de waarde kan niet negatief zijn (-5)."),
    ("a figure count beyond any gemeente", [("Cijfers", 2, 4, 3_000_000)],
     "blad Cijfers, rij 2, kolom D (waarde): een aantal ligt tussen 0 en 2.000.000, gevonden: 3000000."),
]


@pytest.mark.parametrize("edits,expected", [case[1:] for case in NUMBER_CASES], ids=[case[0] for case in NUMBER_CASES])
def test_a_number_out_of_range_is_refused_with_its_cell(edits, expected, warehouse, tmp_path, capsys):
    output = assert_refused("partner", partner_workbook(tmp_path / "partner.xlsx", *edits), warehouse, capsys,
                            f"partner.xlsx, {expected}")
    assert "0" * 20 not in output  # never the 309 digits of 1e308


def test_an_infinite_count_is_no_unexpected_error(warehouse, tmp_path, capsys):
    """openpyxl writes no infinity, but reads one: a value '1e999' in the sheet's XML (the trial's 'inf')."""
    path = patched(partner_workbook(tmp_path / "partner.xlsx", ("Activiteiten", 2, 5, 123456)), b"<v>123456</v>", b"<v>1e999</v>")
    assert_refused("partner", path, warehouse, capsys,
                   "partner.xlsx, blad Activiteiten, rij 2, kolom E (deelnemers): inf is geen eindig getal")


def test_the_count_limit_fits_the_warehouse_column():
    assert MAX_PEOPLE < 2**31 - 1  # activity.participants is an INTEGER


# --- Partner workbooks: texts ----------------------------------------------------------------------------


TEXT_CASES = [
    ("a story over 10.000 characters", ("Verhalen", 2, 4, "woord " * 1_667),
     "blad Verhalen, rij 2, kolom D (verhaal): te lang (10.001 tekens, hooguit 10.000)"),
    ("a wijk name over 200 characters", ("Verhalen", 3, 5, "Smitsveen" * 23),
     "blad Verhalen, rij 3, kolom E (wijk): te lang (207 tekens, hooguit 200)"),
    ("a description over 1.000 characters", ("Activiteiten", 2, 7, "x" * 1_001),
     "blad Activiteiten, rij 2, kolom G (omschrijving): te lang (1.001 tekens, hooguit 1.000)"),
    ("a C1 control character", ("Activiteiten", 3, 2, "Formulieren\x85spreekuur"),
     "blad Activiteiten, rij 3, kolom B (activiteit): de tekst bevat een onzichtbaar stuurteken (U+0085, teken 12 "
     "van 'Formulieren[U+0085]spreekuur')"),
    ("DEL in a source", ("Verhalen", 2, 7, "Eem\x7fkracht"),
     "blad Verhalen, rij 2, kolom G (bron): de tekst bevat een onzichtbaar stuurteken (U+007F"),
]


@pytest.mark.parametrize("edit,expected", [case[1:] for case in TEXT_CASES], ids=[case[0] for case in TEXT_CASES])
def test_a_text_too_long_or_with_a_control_character_is_refused_with_its_cell(edit, expected, warehouse, tmp_path, capsys):
    assert_refused("partner", partner_workbook(tmp_path / "partner.xlsx", edit), warehouse, capsys, f"partner.xlsx, {expected}")


@pytest.mark.parametrize("saved_by", ["openpyxl", "Excel"])
def test_a_cell_beyond_excels_own_limit_is_refused_before_openpyxl_reads_it(saved_by, warehouse, tmp_path, capsys):
    """openpyxl cuts a longer text itself, so it is put in the XML by hand; Excel keeps texts in sharedStrings.xml."""
    path = partner_workbook(tmp_path / "partner.xlsx", ("Verhalen", 3, 4, "PLAATSHOUDER"))
    if saved_by == "Excel":
        with_shared_strings(path)
    patched(path, b"PLAATSHOUDER", b"a" * (MAX_CELL_CHARS + 1))
    assert_refused("partner", path, warehouse, capsys,
                   "partner.xlsx, blad Verhalen, rij 3, kolom D: de cel bevat 32.768 tekens; Excel zelf staat hooguit "
                   "32.767 tekens per cel toe")


def test_a_cell_of_megabytes_is_refused_in_little_memory(tmp_path, config, regions):
    """The trial's 300 MB cell took 2.6 GB; the raw XML is scanned in blocks instead (8 MB here, to stay quick)."""
    size = 8_000_000
    path = with_shared_strings(partner_workbook(tmp_path / "groot.xlsx", ("Verhalen", 2, 4, "PLAATSHOUDER")))
    patched(path, b"PLAATSHOUDER", b"lang " * (size // 5))
    tracemalloc.start()
    try:
        with pytest.raises(InputRefused) as caught:
            read_partner_workbook(path, config, regions)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "blad Verhalen, rij 2, kolom D: de cel bevat 8.000.000 tekens" in str(caught.value)
    assert peak < size  # less than the one text itself: it was never held whole


def test_messages_quote_a_long_text_short(warehouse, tmp_path, capsys):
    output = assert_refused("partner", partner_workbook(tmp_path / "partner.xlsx", ("Cijfers", 3, 4, "veel" * 50)),
                            warehouse, capsys, "blad Cijfers, rij 3, kolom D (waarde): 'veelveel")
    assert "veel" * 25 not in output


# --- Partner workbooks: sheets -----------------------------------------------------------------------------


def test_two_sheets_with_nearly_the_same_name_are_refused_naming_both(warehouse, tmp_path, capsys):
    sheets = good_sheets()
    sheets["Activiteiten "] = [row[:] for row in sheets["Activiteiten"]]
    assert_refused("partner", write_workbook(tmp_path / "partner.xlsx", sheets), warehouse, capsys,
                   "partner.xlsx, blad 'Activiteiten ': dit blad heet (bijna) hetzelfde als blad 'Activiteiten'")


def test_a_hidden_sheet_is_not_read_and_the_notice_names_it(warehouse, tmp_path, capsys):
    sheets = good_sheets()
    sheets["Oud"] = [["opgave", "activiteit"], ["Gezonde leefstijl", "Vorig jaar"]]
    sheets["Cijfers"][2][3] = "veel"  # a mistake nobody sees: the sheet is hidden
    path = write_workbook(tmp_path / "partner.xlsx", sheets)
    _hide(path, {"Oud": "hidden", "Cijfers": "veryHidden"})
    code, output = load("partner", path, warehouse, capsys)
    assert code == 0, output
    assert "blad 'Oud' is verborgen en daarom niet gelezen" in output
    assert "blad 'Cijfers' is verborgen en daarom niet gelezen" in output
    [(message,)] = query(warehouse, "SELECT message FROM load_log WHERE table_id = 'partner.xlsx'")
    assert "blad 'Oud' is verborgen" in message
    assert query(warehouse, "SELECT count(*) FROM observation o JOIN load_log l USING (load_id)"
                            " WHERE l.table_id = 'partner.xlsx'") == [(0,)]


def test_a_workbook_whose_only_sheet_is_hidden_says_so(warehouse, tmp_path, capsys):
    path = write_workbook(tmp_path / "partner.xlsx", {"Activiteiten": good_sheets()["Activiteiten"], "Notities": [["x"]]})
    _hide(path, {"Activiteiten": "hidden"})
    assert_refused("partner", path, warehouse, capsys,
                   "geen van de bladen Activiteiten, Verhalen of Cijfers gevonden (wel: 'Notities'; verborgen en niet "
                   "gelezen: 'Activiteiten')")


def test_the_templates_own_hidden_sheet_gives_no_notice(config, regions):
    table = read_partner_workbook(DEMO_DIR / "partners" / "demo-partners-soest.xlsx", config, regions)
    assert not any("verborgen" in notice for notice in table.notices)  # Keuzelijsten is hidden by the template


def _hide(path: Path, states: dict[str, str]) -> None:
    workbook = load_workbook(path)
    for title, state in states.items():
        workbook[title].sheet_state = state
    workbook.save(path)


# --- Delivered file names ----------------------------------------------------------------------------------


def test_a_redelivered_file_whose_name_differs_only_in_invisible_characters_replaces_it(warehouse, tmp_path, capsys):
    first = partner_workbook(tmp_path / "eerste" / "Eemkracht 2024.xlsx")
    assert load("partner", first, warehouse, capsys)[0] == 0
    again = partner_workbook(tmp_path / "tweede" / "Eemkracht\u00ad\u00a02024\u200b.xlsx", ("Activiteiten", 2, 5, 44))
    code, output = load("partner", again, warehouse, capsys)
    assert code == 0, output
    assert query(warehouse, "SELECT DISTINCT table_id FROM load_log WHERE source = 'partner'") == [("Eemkracht 2024.xlsx",)]
    assert query(warehouse, "SELECT participants FROM activity WHERE name = 'Beweegmaatjes'") == [(44,)]


def test_a_copy_under_another_name_is_still_refused(warehouse, tmp_path, capsys):
    assert load("partner", partner_workbook(tmp_path / "Eemkracht 2024.xlsx"), warehouse, capsys)[0] == 0
    assert_refused("partner", partner_workbook(tmp_path / "Eemkracht 2024 (2).xlsx"), warehouse, capsys,
                   "staat al in het warehouse uit 'Eemkracht 2024.xlsx'")


def test_two_files_whose_names_differ_only_in_invisible_characters_are_refused_together(tmp_path, config, regions):
    plain = partner_workbook(tmp_path / "Eemkracht 2024.xlsx")
    hyphenated = partner_workbook(tmp_path / "Eem\u00adkracht 2024.xlsx")
    with pytest.raises(InputRefused) as caught:
        delivered.read_files([(PARTNER_SOURCE, plain), (PARTNER_SOURCE, hyphenated)], config, regions)
    message = str(caught.value)
    assert message.startswith("Eem[U+00AD]kracht 2024.xlsx geweigerd")
    assert "de naam is (bijna) gelijk aan die van 'Eemkracht 2024.xlsx'" in message


def test_a_file_name_with_a_control_character_is_refused(warehouse, tmp_path, capsys):
    assert_refused("partner", partner_workbook(tmp_path / "partner\x07.xlsx"), warehouse, capsys,
                   "partner[U+0007].xlsx: de bestandsnaam bevat een onzichtbaar stuurteken")


# --- KIS-wijkmonitor exports -------------------------------------------------------------------------------


def kis_xlsx(path: Path, rows: list[list], hidden: bool = False) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel"
    for row in rows:
        sheet.append(row)
    if hidden:
        workbook.create_sheet("Lees mij").append(["De tabel staat op het verborgen blad."])
        sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


KIS_TABLE = [["Netto arbeidsparticipatie"], ["Periode: 2023"], ["Gebied", "Totaal", "Westers"]]


def test_kis_percentages_outside_0_to_100_are_refused(warehouse, tmp_path, capsys):
    path = kis_xlsx(tmp_path / "kis.xlsx", [*KIS_TABLE, ["Klaarwater", 250, 64.0], ["Overhees", 66.0, -5]])
    assert_refused("kis", path, warehouse, capsys,
                   "kis.xlsx, blad Tabel, rij 4, kolom B (Totaal): een percentage ligt tussen 0 en 100, gevonden: 250.",
                   "kis.xlsx, blad Tabel, rij 5, kolom C (Westers): een percentage ligt tussen 0 en 100, gevonden: -5.")


def test_kis_infinity_is_refused_not_loaded_as_missing(warehouse, tmp_path, capsys):
    path = patched(kis_xlsx(tmp_path / "kis.xlsx", [*KIS_TABLE, ["Klaarwater", 123456, 64.0]]), b"<v>123456</v>", b"<v>1e999</v>")
    assert_refused("kis", path, warehouse, capsys, "kis.xlsx, blad Tabel, rij 4, kolom B (Totaal): inf is geen eindig getal")


def test_kis_control_characters_are_removed_with_a_notice(warehouse, tmp_path, capsys):
    path = tmp_path / "kis.csv"
    path.write_bytes("Netto arbeidsparticipatie\r\nPeriode: 2023\r\nGebied;Totaal\r\nKlaar\x07water;67,5\r\n".encode("cp1252"))
    code, output = load("kis", path, warehouse, capsys)
    assert code == 0, output
    assert "onzichtbare stuurtekens verwijderd uit 1 cel (rij 4 kolom A)" in output
    assert query(warehouse, "SELECT value FROM observation WHERE indicator_code = 'netto_arbeidsparticipatie'"
                            " AND region_code = 'WK034203' AND year = 2023") == [(67.5,)]


def test_kis_table_on_a_hidden_sheet_is_not_read(warehouse, tmp_path, capsys):
    path = kis_xlsx(tmp_path / "kis.xlsx", [*KIS_TABLE, ["Klaarwater", 67.0, 64.0]], hidden=True)
    assert_refused("kis", path, warehouse, capsys, "kis.xlsx: verborgen blad 'Tabel' niet gelezen")


@pytest.mark.parametrize("length,expected", [
    (MAX_CELL_CHARS + 1, "kis.csv, rij 3, kolom B: dit veld heeft 32.768 tekens; hooguit 32.767"),
    (200_000, "kis.csv, rij 3: dit veld heeft meer dan 131.072 tekens; hooguit 32.767"),  # beyond csv's own limit
])
def test_kis_csv_field_beyond_excels_limit_is_refused(length, expected, warehouse, tmp_path, capsys):
    path = tmp_path / "kis.csv"
    path.write_bytes(f"Netto arbeidsparticipatie\r\nGebied;2023\r\nKlaarwater;{'1' * length}\r\n".encode())
    assert_refused("kis", path, warehouse, capsys, expected)


def test_kis_sheets_with_nearly_the_same_name_are_refused(warehouse, tmp_path, capsys):
    workbook = Workbook()
    workbook.active.title = "Tabel"
    workbook.create_sheet("tabel\u200b")
    workbook.save(tmp_path / "kis.xlsx")
    assert_refused("kis", tmp_path / "kis.xlsx", warehouse, capsys,
                   "blad 'tabel[U+200B]': dit blad heet (bijna) hetzelfde als blad 'Tabel'")


# --- StatLine snapshots ------------------------------------------------------------------------------------


KWB_2024 = rec.KWB_TABLES[2024]


def snapshot(root: Path, edit) -> Path:
    """The recorded KWB 2024 table as a snapshot directory, changed by `edit(files)` and vouched for by hand."""
    directory = root / "cbs" / KWB_2024
    directory.mkdir(parents=True)
    files = rec.kwb_files(2024)
    edit(files)
    for name, rows in files.items():
        (directory / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    mark_hand_made(directory)
    return directory.parent


def load_snapshot(raw: Path, warehouse: Path, capsys) -> tuple[int, str]:
    code = pipelines_main(["cbs", "--offline", "--years", "2024", "--raw-dir", str(raw), "--warehouse", str(warehouse),
                           "--config", str(CONFIG_FILE)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def repeat_region(files: dict, code: str, change: int) -> None:
    """Append a copy of `code`'s data row with AantalInwoners changed by `change` (0: an identical repeat)."""
    rows = files["TypedDataSet"]
    copy = dict(next(row for row in rows if row["WijkenEnBuurten"].strip() == code), ID=len(rows))
    copy[rec.topic_keys(files)["AantalInwoners"]] += change
    rows.append(copy)


def test_a_region_twice_with_other_figures_is_refused_naming_both_rows(warehouse, tmp_path, capsys):
    raw = snapshot(tmp_path / "raw", lambda files: repeat_region(files, "WK034201", 5))
    before = sha256(warehouse)
    code, output = load_snapshot(raw, warehouse, capsys)
    assert code == 1 and "Traceback" not in output and sha256(warehouse) == before
    assert "TypedDataSet.json: tabel 85984NED heeft voor dezelfde regio en periode twee rijen met verschillende cijfers" in output
    rows = rec.kwb_files(2024)["TypedDataSet"]
    first = next(index for index, row in enumerate(rows) if row["WijkenEnBuurten"].strip() == "WK034201")
    assert f"WK034201: rij {first + 1} (ID {rows[first]['ID']}) en rij {len(rows) + 1} (ID {len(rows)})" in output
    assert "AantalInwoners_5:" in output


def test_a_region_twice_with_the_same_figures_is_loaded_once_with_a_notice(tmp_path, capsys):
    raw = snapshot(tmp_path / "raw", lambda files: repeat_region(files, "WK034201", 0))
    warehouse = tmp_path / "monitor.duckdb"
    code, output = load_snapshot(raw, warehouse, capsys)
    assert code == 0, output
    assert query(warehouse, "SELECT count(*) FROM observation WHERE region_code = 'WK034201' AND indicator_code = 'inwoners'") == [(1,)]
    [(message,)] = query(warehouse, "SELECT message FROM load_log WHERE table_id = ?", [KWB_2024])
    assert "WK034201 staat 2 keer met dezelfde cijfers in TypedDataSet.json" in message


def _rename(code: str, title: str):
    def edit(files):
        member = next(m for m in files["WijkenEnBuurten"] if m["Key"].strip() == code)
        member["Title"] = title
    return edit


def test_control_characters_in_a_region_name_are_removed_so_every_download_can_hold_it(tmp_path, capsys):
    raw = snapshot(tmp_path / "raw", _rename("WK034201", "Hart\x07 van\x9b Soest"))
    warehouse = tmp_path / "monitor.duckdb"
    code, output = load_snapshot(raw, warehouse, capsys)
    assert code == 0, output
    assert query(warehouse, "SELECT name FROM region WHERE region_code = 'WK034201'") == [("Hart van Soest",)]
    [(message,)] = query(warehouse, "SELECT message FROM load_log WHERE table_id = ?", [KWB_2024])
    assert "onzichtbare stuurtekens verwijderd uit de naam van WK034201 ('Hart[U+0007] van[U+009B] Soest')" in message
    names = [name for (name,) in query(warehouse, "SELECT name FROM region")]
    assert not any(CONTROL_CHARACTER.search(name) or ILLEGAL_CHARACTERS_RE.search(name) for name in names)
    Workbook().active.append(names)  # openpyxl raised IllegalCharacterError here: three downloads broke


def test_an_absurdly_long_region_name_is_refused(warehouse, tmp_path, capsys):
    raw = snapshot(tmp_path / "raw", _rename("WK034202", "Soest" * 48))
    before = sha256(warehouse)
    code, output = load_snapshot(raw, warehouse, capsys)
    assert code == 1 and "Traceback" not in output and sha256(warehouse) == before
    assert "de naam van WK034202 is 240 tekens lang" in output and "hooguit 200" in output


def test_infinity_in_a_snapshot_is_refused(warehouse, tmp_path, capsys):
    def infinite(files):  # Python's json writes and reads Infinity; a Double topic takes it
        key = rec.topic_keys(files)["PersonenInArmoede"]
        next(row for row in files["TypedDataSet"] if row["WijkenEnBuurten"].strip() == "GM0342")[key] = float("inf")
    raw = snapshot(tmp_path / "raw", infinite)
    before = sha256(warehouse)
    code, output = load_snapshot(raw, warehouse, capsys)
    assert code == 1 and "Traceback" not in output and sha256(warehouse) == before
    assert "bevat 1 waarde(n) die geen eindig getal zijn (personen_in_armoede, GM0342, 2024: inf)" in output


def test_a_long_text_split_to_dodge_the_xml_scan_is_still_refused_with_its_cell(warehouse, tmp_path, capsys):
    """A '<' inside CDATA hides a long text from the byte scan; the cells openpyxl reads are checked too."""
    half = b"a" * 20_000
    path = partner_workbook(tmp_path / "partner.xlsx", ("Verhalen", 2, 4, "PLAATSHOUDER"))
    patched(path, b">PLAATSHOUDER<", b"><![CDATA[" + half + b"<" + half + b"]]><")
    assert_refused("partner", path, warehouse, capsys,
                   "partner.xlsx, blad Verhalen, rij 2, kolom D: de cel bevat 40.001 tekens")
