"""The financiënwerkmap: template round trip, every refusal with sheet/row/column, all-or-nothing, idempotent reload, `run`.

Workbooks are real .xlsx files written with openpyxl (the template itself, filled in as a controller would), loaded
with `python -m pipelines financien FILE` into a copy of the Soest warehouse (real CBS wijken).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook
from partner_workbooks import sha256

from conftest import CONFIG_FILE, DEMO_DIR, PROJECT_ROOT, copy_as_real
from pipelines import registry
from pipelines.__main__ import main as pipelines_main
from pipelines.sources.financien.contract import BEDRAGEN, LAYERS, TAAKVELDEN

HEADER = [column.name for column in BEDRAGEN.columns]  # opgave, doel, taakveld, jaar, soort, laag, bedrag
LINES = [
    ["Gezonde leefstijl", None, "5.1 Sportbeleid en activering", 2025, "begroting", "Sociale (pedagogische) basis", 1150000],
    ["leefstijl", "kinderen_gezond", "7.1", 2025, "realisatie", "preventie", "1.480.000,50"],
    ["Bestaanszekerheid", "Werken loont en ook voor inwoners die aan de zijlijn van de arbeidsmarkt staan mee kunnen doen",
     "6.5 Arbeidsparticipatie", 2026, "Begroting", "Maatwerkvoorzieningen", "€ 2.100.000"],
    ["Kansengelijkheid", None, "6.72 Maatwerkdienstverlening 18-", 2024, "realisatie", "maatwerk", 11200000],
    ["Bestaanszekerheid", None, "6.71c Dagbesteding (WMO)", 2024, "realisatie", "maatwerk", 800000],
    ["Bestaanszekerheid", None, "6.71a", 2024, "realisatie", "maatwerk", 1200000],
]


def cli(*args, warehouse: Path, capsys=None):
    code = pipelines_main([*map(str, args), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)])
    if capsys is None:
        return code
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def write(path: Path, lines: list[list], header: list[str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = BEDRAGEN.name
    sheet.append(header or HEADER)
    for line in lines:
        sheet.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def test_template_round_trip(warehouse, tmp_path, capsys):
    """The template has instructions and drop-downs; filled in under its own headers it loads as typed."""
    template = tmp_path / "sjabloon.xlsx"
    code, output = cli("template", "--financien", template, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Toelichting", BEDRAGEN.name, "Keuzelijsten"]
    assert workbook["Keuzelijsten"].sheet_state == "hidden"
    instructions = "\n".join(str(c.value) for row in workbook["Toelichting"].iter_rows() for c in row if c.value)
    assert "6.71" in instructions and "Maatwerkdienstverlening 18+" in instructions
    assert all(layer.name in instructions for layer in LAYERS)
    sheet = workbook[BEDRAGEN.name]
    assert [c.value for c in sheet[1]] == HEADER
    validated = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert validated["A"].type == "list" and validated["C"].type == "list"  # opgave, taakveld
    assert validated["E"].type == "list" and validated["F"].type == "list"  # soort, laag
    assert validated["D"].type == "whole" and validated["G"].type == "decimal"  # jaar, bedrag
    lists = workbook["Keuzelijsten"]
    taakvelden = [lists.cell(row, 3).value for row in range(2, len(TAAKVELDEN) + 2)]
    assert "6.1 Samenkracht en burgerparticipatie" in taakvelden and "6.82 Geëscaleerde zorg 18-" in taakvelden

    # Loading the template untouched is refused: its example row is still there.
    code, output = cli("financien", template, warehouse=warehouse, capsys=capsys)
    assert code == 1 and "rij 2: dit is de voorbeeldrij uit het sjabloon" in output

    sheet.delete_rows(2)
    for line in LINES:
        sheet.append(line)
    filled = tmp_path / "begroting.xlsx"
    workbook.save(filled)
    code, output = cli("financien", filled, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert rows(warehouse, "SELECT opgave_code, goal_code, taakveld_code, taakveld_name, year, kind, layer, amount_eur,"
                           " source_row FROM financien ORDER BY source_row") == [
        ("leefstijl", None, "5.1", "Sportbeleid en activering", 2025, "begroting", "basis", 1150000.0, 2),
        ("leefstijl", "kinderen_gezond", "7.1", "Volksgezondheid", 2025, "realisatie", "preventie", 1480000.5, 3),
        ("bestaanszekerheid", "werken_loont", "6.5", "Arbeidsparticipatie", 2026, "begroting", "maatwerk", 2100000.0, 4),
        ("kansengelijkheid", None, "6.72", "Maatwerkdienstverlening 18-", 2024, "realisatie", "maatwerk", 11200000.0, 5),
        ("bestaanszekerheid", None, "6.71c", "Dagbesteding (WMO)", 2024, "realisatie", "maatwerk", 800000.0, 6),
        ("bestaanszekerheid", None, "6.71a", "Maatwerkdienstverlening 18+ (deel)", 2024, "realisatie", "maatwerk", 1200000.0, 7),
    ]
    assert rows(warehouse, "SELECT source, table_id, status, rows_loaded, is_demo FROM load_log WHERE source = 'financien'") == [
        ("financien", "begroting.xlsx", "geladen", 6, False)]


def test_reloading_the_same_workbook_replaces_its_rows(warehouse, tmp_path):
    path = write(tmp_path / "begroting.xlsx", LINES)
    assert cli("financien", path, warehouse=warehouse) == 0
    assert cli("financien", path, warehouse=warehouse) == 0
    assert rows(warehouse, "SELECT count(*) FROM financien") == [(6,)]
    write(path, LINES[:2])  # a corrected version under the same name: only its lines remain
    assert cli("financien", path, warehouse=warehouse) == 0
    assert rows(warehouse, "SELECT count(*) FROM financien") == [(2,)]
    assert rows(warehouse, "SELECT count(*) FROM load_log WHERE source = 'financien'") == [(3,)]


def test_a_line_another_workbook_already_loaded_is_refused(warehouse, tmp_path, capsys):
    assert cli("financien", write(tmp_path / "begroting.xlsx", LINES), warehouse=warehouse) == 0
    before = sha256(warehouse)
    code, output = cli("financien", write(tmp_path / "kopie.xlsx", LINES[1:2]), warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "kopie.xlsx, blad Bedragen, rij 2: deze regel" in output and "'begroting.xlsx'" in output
    assert sha256(warehouse) == before


def changed(row: int, column: str, value) -> list[list]:
    """LINES with Excel cell <column><row> (header = row 1) set to value."""
    lines = [list(line) for line in LINES]
    lines[row - 2][HEADER.index(column)] = value
    return lines


# name, lines, the text the message must contain (file, sheet, row, column and cause)
CASES = [
    ("unknown opgave", changed(2, "opgave", "Gezond leven"),
     "fout.xlsx, blad Bedragen, rij 2, kolom A (opgave): onbekende opgave 'Gezond leven'"),
    ("goal of another opgave", changed(3, "doel", "werken_loont"),
     "blad Bedragen, rij 3, kolom B (doel): doel werken_loont hoort bij opgave bestaanszekerheid, niet bij leefstijl"),
    ("unknown goal", changed(3, "doel", "alles_goed"), "blad Bedragen, rij 3, kolom B (doel): onbekend doel 'alles_goed'"),
    ("unknown taakveld", changed(4, "taakveld", "6.9 Zorg"),
     "blad Bedragen, rij 4, kolom C (taakveld): onbekend taakveld '6.9 Zorg'"),
    ("taakveld of another programma", changed(4, "taakveld", "7.2 Riolering"),
     "blad Bedragen, rij 4, kolom C (taakveld): onbekend taakveld '7.2 Riolering'"),
    ("year too early", changed(2, "jaar", 1999), "blad Bedragen, rij 2, kolom D (jaar): jaar 1999 is niet aannemelijk"),
    ("year too late", changed(2, "jaar", 2031), "blad Bedragen, rij 2, kolom D (jaar): jaar 2031 is niet aannemelijk"),
    ("year as text", changed(2, "jaar", "vorig jaar"), "blad Bedragen, rij 2, kolom D (jaar): 'vorig jaar' is geen jaartal"),
    ("year with decimals", changed(2, "jaar", 2025.5), "blad Bedragen, rij 2, kolom D (jaar): '2025.5' is geen jaartal"),
    ("realisatie of a year to come", changed(3, "jaar", 2027),
     "blad Bedragen, rij 3, kolom E (soort): een realisatie over 2027 kan er nog niet zijn"),
    ("bad soort", changed(2, "soort", "prognose"), "blad Bedragen, rij 2, kolom E (soort): onbekende soort 'prognose'"),
    ("bad laag", changed(2, "laag", "top"), "blad Bedragen, rij 2, kolom F (laag): onbekende laag 'top'"),
    ("empty laag", changed(2, "laag", None), "blad Bedragen, rij 2, kolom F (laag): verplicht veld is leeg"),
    ("negative amount", changed(5, "bedrag", -2500), "blad Bedragen, rij 5, kolom G (bedrag): een bedrag aan lasten kan niet negatief zijn"),
    ("negative amount as text", changed(5, "bedrag", "-1.000"), "rij 5, kolom G (bedrag): een bedrag aan lasten kan niet negatief zijn"),
    ("non-numeric amount", changed(2, "bedrag", "ongeveer een ton"),
     "blad Bedragen, rij 2, kolom G (bedrag): 'ongeveer een ton' is geen bedrag"),
    ("English number", changed(2, "bedrag", "1,150,000.00"), "rij 2, kolom G (bedrag): '1,150,000.00' is geen bedrag"),
    ("absurd amount", changed(2, "bedrag", 1e12), "rij 2, kolom G (bedrag): 1000000000000 euro is meer dan de hele begroting"),
    ("empty amount", changed(2, "bedrag", None), "blad Bedragen, rij 2, kolom G (bedrag): verplicht veld is leeg"),
    ("duplicate line", LINES + [["leefstijl", None, "5.1", 2025, "begroting", "basis", 5]],
     "blad Bedragen, rij 8: dubbele regel: dezelfde opgave, doel, taakveld, jaar, soort, laag als rij 2"),
]


@pytest.mark.parametrize("name, lines, message", CASES, ids=[case[0] for case in CASES])
def test_a_bad_cell_is_refused_with_its_place_and_nothing_changes(warehouse, tmp_path, capsys, name, lines, message):
    assert cli("financien", write(tmp_path / "goed.xlsx", LINES), warehouse=warehouse) == 0
    before = sha256(warehouse)
    code, output = cli("financien", write(tmp_path / "fout.xlsx", lines), warehouse=warehouse, capsys=capsys)
    assert code == 1, output
    assert message in output
    assert "er is niets uit geladen en het warehouse is ongewijzigd" in output
    assert sha256(warehouse) == before


def test_a_missing_column_is_refused(warehouse, tmp_path, capsys):
    header = [name for name in HEADER if name != "laag"]
    lines = [[value for name, value in zip(HEADER, line) if name != "laag"] for line in LINES]
    before = sha256(warehouse)
    code, output = cli("financien", write(tmp_path / "fout.xlsx", lines, header), warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "fout.xlsx, blad Bedragen, rij 1, kolom laag: verplichte kolom 'laag' ontbreekt" in output
    assert sha256(warehouse) == before


def test_every_problem_is_reported_at_once(warehouse, tmp_path, capsys):
    lines = changed(2, "opgave", "Gezond leven")
    lines[2][HEADER.index("bedrag")] = "veel"
    code, output = cli("financien", write(tmp_path / "fout.xlsx", lines), warehouse=warehouse, capsys=capsys)
    assert code == 1
    assert "2 problemen" in output and "rij 2, kolom A (opgave)" in output and "rij 4, kolom G (bedrag)" in output


def test_a_workbook_without_the_sheet_is_refused(warehouse, tmp_path, capsys):
    workbook = Workbook()
    workbook.active.title = "Blad1"
    workbook.save(tmp_path / "fout.xlsx")
    code, output = cli("financien", tmp_path / "fout.xlsx", warehouse=warehouse, capsys=capsys)
    assert code == 1 and "blad Bedragen niet gevonden (wel: 'Blad1')" in output


def test_a_config_without_the_source_refuses_with_what_to_add(warehouse, tmp_path, capsys):
    config = tmp_path / "zonder.toml"
    text = CONFIG_FILE.read_text(encoding="utf-8")
    start = text.index("[source.financien]")
    config.write_text(text[:start] + text[text.index("\n\n", start):], encoding="utf-8")
    code = pipelines_main(["financien", str(write(tmp_path / "b.xlsx", LINES)), "--warehouse", str(warehouse),
                           "--config", str(config)])
    output = capsys.readouterr().err
    assert code == 1 and "[source.financien]" in output


def test_run_loads_every_workbook_in_data_raw_financien(soest_warehouse, config, tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(soest_warehouse.parent / "raw", raw)
    # `run --offline` needs a snapshot of every StatLine source the config names: the demo's, marked real.
    for spec in registry.statline_sources(config):
        if not (raw / spec.subdirectory).exists():
            for snapshot in sorted((DEMO_DIR / spec.subdirectory).iterdir()):
                copy_as_real(snapshot, raw / spec.subdirectory / snapshot.name)
    write(raw / "financien" / "begroting-2026.xlsx", LINES[:2])
    write(raw / "financien" / "jaarrekening-2024.xlsx", LINES[3:])
    assert cli("template", "--financien", raw / "financien" / "financien-template.xlsx", warehouse=tmp_path / "x.duckdb") == 0
    warehouse = tmp_path / "monitor.duckdb"
    code, output = cli("run", "--offline", "--years", "2024", "--raw-dir", raw, warehouse=warehouse, capsys=capsys)
    assert code == 0, output
    assert rows(warehouse, "SELECT l.table_id, count(*) FROM financien JOIN load_log l USING (load_id)"
                           " GROUP BY 1 ORDER BY 1") == [("begroting-2026.xlsx", 2), ("jaarrekening-2024.xlsx", 3)]
    # A bad workbook stops the whole run: nothing of it, nor of the rest, is loaded.
    before = sha256(warehouse)
    write(raw / "financien" / "fout.xlsx", changed(2, "laag", "top"))
    code, output = cli("run", "--offline", "--years", "2024", "--raw-dir", raw, warehouse=warehouse, capsys=capsys)
    assert code == 1 and "fout.xlsx, blad Bedragen, rij 2, kolom F (laag)" in output
    assert sha256(warehouse) == before


def test_the_demo_workbook_is_the_committed_one_and_loads(demo_warehouse, tmp_path, config):
    from tools.demo import financien as demo

    committed = PROJECT_ROOT / "data" / "raw" / "demo" / "financien" / "demo-financien-soest.xlsx"
    regenerated = demo.generate(tmp_path / "demo.xlsx", config)
    # The lines, not the bytes: the template's year check moves with the calendar year the file was made in.
    def lines(path):
        return [[cell.value for cell in row] for row in load_workbook(path)[BEDRAGEN.name].iter_rows()]
    assert lines(regenerated) == lines(committed), "run `python -m tools.demo` and commit the demo workbook"
    assert sha256(demo.generate(tmp_path / "again.xlsx", config)) == sha256(regenerated)  # deterministic
    assert rows(demo_warehouse, "SELECT count(*) > 100, bool_and(l.is_demo) FROM financien JOIN load_log l USING (load_id)") == [
        (True, True)]
    assert rows(demo_warehouse, "SELECT DISTINCT layer FROM financien ORDER BY 1") == [
        ("basis",), ("maatwerk",), ("preventie",), ("toegang",)]
