"""KIS-wijkmonitor exports: both orientations, every area/number/encoding variant, and refusals that name row and column.

Every test writes a real file (openpyxl for .xlsx, plain bytes for .csv) in
tmp_path and reads it through the public read_kis_export, against the real
Soest config and a region index of Nederland, Soest, its 8 wijken and Baarn
(which must never match: it is another gemeente).
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from pipelines.sources import kis_wijkmonitor
from pipelines.sources.kis_wijkmonitor import SOURCE_CODE as KIS_SOURCE
from pipelines.sources.kis_wijkmonitor import read_kis_export
from pipelines.problems import InputRefused
from pipelines.region_index import RegionIndex
from monitor.tidy import OBSERVATION_SCHEMA, REGION_SCHEMA

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KIS_DEMO_DIR = PROJECT_ROOT / "data" / "raw" / "demo" / "kis"

WIJKEN = {
    "WK034201": "Boerenstreek", "WK034202": "De Eng Soest-midden", "WK034203": "Klaarwater",
    "WK034204": "Overhees", "WK034205": "Smitsveen", "WK034206": "Soestdijk 't Hart",
    "WK034207": "Soesterberg", "WK034208": "Soest-Zuid",
}


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    codes = ["NL00", "GM0342", "GM0308", *WIJKEN]
    names = ["Nederland", "Soest", "Baarn", *WIJKEN.values()]
    levels = ["land", "gemeente", "gemeente", *["wijk"] * len(WIJKEN)]
    return RegionIndex.from_regions(pl.DataFrame({"region_code": codes, "name": names, "level": levels}), "GM0342")


# --- Writing test files ----------------------------------------------------------------------------


def xlsx(path: Path, rows: list[list], sheet: str = "Tabel", formats: dict[str, str] | None = None,
         extra_sheets: dict[str, list[list]] | None = None) -> Path:
    """A workbook with `rows` from A1 on; `formats` maps a cell ('C8') to its number format."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    for title, extra in (extra_sheets or {}).items():
        other = workbook.create_sheet(title)
        for row in extra:
            other.append(row)
    workbook.save(path)
    return path


def csv_file(path: Path, lines: list[str], encoding: str = "cp1252") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def observations(table) -> dict[tuple, tuple]:
    """(indicator, region, year, breakdown) → (value, status)."""
    return {(r["indicator_code"], r["region_code"], r["year"], r["breakdown"]): (r["value"], r["status"])
            for r in table.observations.iter_rows(named=True)}


def refused(path: Path, config, regions) -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        read_kis_export(path, config, regions)
    return caught.value


# --- Orientation A: one indicator, a column per period ---------------------------------------------


def test_orientation_a_years_with_titles_footnotes_and_provisional_header(tmp_path, config, regions):
    path = xlsx(tmp_path / "startkwalificatie.xlsx", [
        ["Jongeren met een startkwalificatie"],
        ["Thema: Onderwijs"],
        ["Migratieachtergrond: Totale bevolking"],
        ["Bron: KIS-wijkmonitor, gedownload 03-02-2025"],
        [],
        ["Gebied", 2021, "2022", "2023*"],
        ["Boerenstreek (WK034201)", "80,5", 81, 82.25],
        ["Soest (GM0342)", "79,0", "-", "81,1*"],
        ["Nederland", 78.5, 79, 80],
        ["* voorlopig"],
        ["Bron: CBS"],
    ])
    table = read_kis_export(path, config, regions)
    got = observations(table)
    assert got[("startkwalificatie", "WK034201", 2021, "totaal")] == (80.5, "definitief")
    assert got[("startkwalificatie", "WK034201", 2022, "totaal")] == (81.0, "definitief")
    assert got[("startkwalificatie", "WK034201", 2023, "totaal")] == (82.25, "voorlopig")
    assert got[("startkwalificatie", "GM0342", 2022, "totaal")] == (None, "ontbreekt")
    assert got[("startkwalificatie", "GM0342", 2023, "totaal")] == (81.1, "voorlopig")
    assert got[("startkwalificatie", "NL00", 2021, "totaal")] == (78.5, "definitief")
    assert len(got) == 9
    assert table.year is None  # several periods
    assert table.is_demo is False
    assert table.notices == ()


def test_source_table_identity_and_schemas(tmp_path, config, regions):
    path = xlsx(tmp_path / "export.xlsx", [
        ["Indicator: Startkwalificatie"],
        ["Gebied", "2023"],
        ["Klaarwater", 84.0],
        ["Overhees", 85.0],
    ])
    table = read_kis_export(path, config, regions)
    assert table.source == KIS_SOURCE
    assert table.table_id == "export.xlsx"
    assert table.directory == path
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert table.year == 2023  # one period column: the table is about one year
    assert table.regions.schema == pl.Schema(REGION_SCHEMA) and table.regions.height == 0
    assert table.observations.schema == pl.Schema(OBSERVATION_SCHEMA)
    assert table.observations["ci_low"].null_count() == 2 and table.observations["ci_high"].null_count() == 2


def test_orientation_a_with_group_column_fills_down_the_area(tmp_path, config, regions):
    path = xlsx(tmp_path / "participatie.xlsx", [
        ["Tabel: Netto arbeidsparticipatie (%)"],
        ["Gebied", "Migratieachtergrond", "2022", "2023"],
        ["Smitsveen", "Totaal", 66.0, 66.5],
        [None, "Autochtoon", 68.0, 68.2],          # area only in the first row of its block
        [None, "Westers", 64.0, 64.1],
        [None, "Niet-westers", 58.0, 58.9],
        ["Soesterberg", "Alle inwoners", 67.0, 67.4],
        ["Soesterberg", "Niet-westerse migratieachtergrond", 59.0, "x"],
    ])
    got = observations(read_kis_export(path, config, regions))
    assert got[("netto_arbeidsparticipatie", "WK034205", 2022, "totaal")] == (66.0, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034205", 2023, "Geen migratieachtergrond")] == (68.2, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034205", 2022, "Westerse migratieachtergrond")] == (64.0, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034205", 2023, "Niet-westerse migratieachtergrond")] == (58.9, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034207", 2022, "totaal")] == (67.0, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034207", 2023, "Niet-westerse migratieachtergrond")] == (None, "ontbreekt")
    assert len(got) == 12


def test_orientation_a_group_from_selection_line(tmp_path, config, regions):
    path = xlsx(tmp_path / "nw.xlsx", [
        ["Netto arbeidsparticipatie naar migratieachtergrond, 2019-2020"],  # title starting with a label
        ["Herkomst: Niet-westers"],
        ["Gebied", 2019, 2020],
        ["Soest", 60.1, 61.2],
    ])
    got = observations(read_kis_export(path, config, regions))
    assert got == {
        ("netto_arbeidsparticipatie", "GM0342", 2019, "Niet-westerse migratieachtergrond"): (60.1, "definitief"),
        ("netto_arbeidsparticipatie", "GM0342", 2020, "Niet-westerse migratieachtergrond"): (61.2, "definitief"),
    }


# --- Orientation B: one period, a column per group or per indicator --------------------------------


def test_orientation_b_groups_with_percent_formatted_cells_and_odd_names(tmp_path, config, regions):
    path = xlsx(tmp_path / "groepen.xlsx", [
        [],
        ["Netto arbeidsparticipatie"],
        [],
        ["Periode: 2023"],
        ["Gebied", "Totaal", "Geen migratieachtergrond", "Westers (%)", "Niet-westers %"],
        ["SOESTDIJK ’T HART", 0.653, 0.66, 0.61, 0.55],
        ["soest-zuid", 69.5, 70.1, "67,0", "60,5%"],
        ["Bron: KIS-wijkmonitor"],
    ], formats={"B6": "0.0%", "C6": "0%", "D6": "0.00%", "E6": '0.0"%"'})
    table = read_kis_export(path, config, regions)
    got = observations(table)
    assert got[("netto_arbeidsparticipatie", "WK034206", 2023, "totaal")] == (65.3, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034206", 2023, "Geen migratieachtergrond")] == (66.0, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034206", 2023, "Westerse migratieachtergrond")] == (61.0, "definitief")
    # a quoted "%" in the format is decoration, not a percentage: the value stays as it is
    assert got[("netto_arbeidsparticipatie", "WK034206", 2023, "Niet-westerse migratieachtergrond")] == (0.55, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034208", 2023, "Westerse migratieachtergrond")] == (67.0, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034208", 2023, "Niet-westerse migratieachtergrond")] == (60.5, "definitief")
    assert table.year == 2023


def test_orientation_b_indicators_with_group_from_selection(tmp_path, config, regions):
    path = csv_file(tmp_path / "indicatoren.csv", [
        "Selectie",
        "Periode: 2022",
        "Migratieachtergrond: Niet-westers",
        "Gebied;Netto arbeidsparticipatie (%);Jongeren met een startkwalificatie",
        "Klaarwater;58,4;77,0",
        "Soest;60,2;79,9",
    ])
    table = read_kis_export(path, config, regions)
    got = observations(table)
    nw = "Niet-westerse migratieachtergrond"
    assert got == {
        ("netto_arbeidsparticipatie", "WK034203", 2022, nw): (58.4, "definitief"),
        ("startkwalificatie", "WK034203", 2022, nw): (77.0, "definitief"),
        ("netto_arbeidsparticipatie", "GM0342", 2022, nw): (60.2, "definitief"),
        ("startkwalificatie", "GM0342", 2022, nw): (79.9, "definitief"),
    }
    assert table.year == 2022


@pytest.mark.parametrize(("line", "year", "status"), [
    ("Jaar: 2021", 2021, "definitief"),
    ("Peiljaar 2021", 2021, "definitief"),
    ("Periode: 2021*", 2021, "voorlopig"),
    ("Periode: 2021 (voorlopig)", 2021, "voorlopig"),
    ("Netto arbeidsparticipatie Soest 2021", 2021, "definitief"),  # a line whose only year is the period
])
def test_period_title_lines(tmp_path, config, regions, line, year, status):
    path = xlsx(tmp_path / "periode.xlsx", [
        ["Netto arbeidsparticipatie"],
        [line],
        ["Gedownload op 03-02-2025"],  # a date is not the period
        ["Bron: KIS-wijkmonitor 2025"],
        ["Gebied", "Totaal", "Westers"],
        ["Overhees", 71.0, 68.0],
    ])
    got = observations(read_kis_export(path, config, regions))
    assert got[("netto_arbeidsparticipatie", "WK034204", year, "totaal")] == (71.0, status)


def test_title_split_over_two_cells_is_not_the_header(tmp_path, config, regions):
    path = xlsx(tmp_path / "gesplitst.xlsx", [
        ["Bevolking naar migratieachtergrond"],
        ["Periode:", 2024],
        ["Migratieachtergrond", "Totale bevolking"],
        ["Gebied", "Totaal", "Turkije", "Marokko", "Syrie", "Eritrea", "Polen", "Antillen", "Overige westerse"],
        ["Soest", 100, "1,8", "1,7", "0,5", "0,2", "0,9", "0,6", "4,0"],
    ])
    got = observations(read_kis_export(path, config, regions))
    breakdowns = {key[3] for key in got}
    assert breakdowns == {"totaal", "Turkije", "Marokko", "Syrië", "Eritrea", "Polen", "Nederlandse Cariben",
                          "Overig westers"}
    assert got[("migratieachtergrond", "GM0342", 2024, "Syrië")] == (0.5, "definitief")


def test_indicator_columns_under_a_blank_area_header(tmp_path, config, regions):
    path = csv_file(tmp_path / "kaal.csv", [
        "Netto arbeidsparticipatie, startkwalificatie, 2021",  # a title, though it starts with a label
        "Peiljaar 2021",
        ";Netto arbeidsparticipatie;Startkwalificatie",
        "Soesterberg;66,0;81,5",
    ])
    got = observations(read_kis_export(path, config, regions))
    assert got == {("netto_arbeidsparticipatie", "WK034207", 2021, "totaal"): (66.0, "definitief"),
                   ("startkwalificatie", "WK034207", 2021, "totaal"): (81.5, "definitief")}


# --- Areas: code in the name, a separate code column, names only ----------------------------------


def test_separate_code_column_is_used_for_matching(tmp_path, config, regions):
    path = xlsx(tmp_path / "codes.xlsx", [
        ["Startkwalificatie"],
        ["Gebiedscode", "Gebied", 2020, 2021],
        ["WK034206", "Wijk 06 (oude naam)", 88.0, 88.5],   # the code decides, not the name
        ["NL00", "Nederland", 80.0, 80.5],
        ["GM0342", "Gemeente Soest", 84.0, 84.2],
        [None, "Soesterberg", 81.0, 81.4],                # no code: the name is matched
    ])
    got = observations(read_kis_export(path, config, regions))
    assert {key[1] for key in got} == {"WK034206", "NL00", "GM0342", "WK034207"}
    assert got[("startkwalificatie", "WK034206", 2021, "totaal")] == (88.5, "definitief")


def test_code_column_after_the_area_column(tmp_path, config, regions):
    path = csv_file(tmp_path / "codes.csv", [
        "Gebied;Wijkcode;2023",
        "Boerenstreek;WK034201;12,5",
        "Soest-midden?;WK034202;13",
    ], encoding="utf-8")
    exc = refused(path, config, regions)
    assert "welke indicator" in str(exc)  # orientation A needs the indicator in a title line
    csv_file(path, ["Indicator: Startkwalificatie", "Gebied;Wijkcode;2023",
                    "Boerenstreek;WK034201;12,5", "Soest-midden?;WK034202;13"], encoding="utf-8")
    got = observations(read_kis_export(path, config, regions))
    assert got == {("startkwalificatie", "WK034201", 2023, "totaal"): (12.5, "definitief"),
                   ("startkwalificatie", "WK034202", 2023, "totaal"): (13.0, "definitief")}


# --- Numbers, missing markers, CSV encodings and delimiters ---------------------------------------


def test_dutch_numbers_and_missing_markers_are_null_never_zero(tmp_path, config, regions):
    markers = ["", "-", ".", "x", "?", "n.b.", "–"]
    header = "Gebied;" + ";".join(str(year) for year in range(2015, 2015 + len(markers) + 3))
    path = csv_file(tmp_path / "nummers.csv", [
        "Netto arbeidsparticipatie",
        header,
        "Klaarwater;" + ";".join(markers + ["12,5", "0,75", "12,5%"]),
    ])
    got = observations(read_kis_export(path, config, regions))
    values = [got[("netto_arbeidsparticipatie", "WK034203", year, "totaal")] for year in range(2015, 2025)]
    assert values[:len(markers)] == [(None, "ontbreekt")] * len(markers)
    assert values[len(markers):] == [(12.5, "definitief"), (0.75, "definitief"), (12.5, "definitief")]
    # A dot groups thousands: '1.234' is 1234, which no percentage can be.
    thousands = csv_file(tmp_path / "duizendtallen.csv", ["Netto arbeidsparticipatie", "Gebied;2023", "Klaarwater;1.234"])
    assert "rij 3, kolom B (2023): een percentage ligt tussen 0 en 100, gevonden: 1234." in str(refused(thousands, config, regions))


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8-sig", ","), ("cp1252", ","), ("utf-8", "\t"),
])
def test_csv_encodings_and_delimiters(tmp_path, config, regions, encoding, delimiter):
    def row(*cells: str) -> str:
        return delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in cells)

    path = csv_file(tmp_path / "export.csv", [
        "Netto arbeidsparticipatie – VOORBEELDDATA",
        "Bron: KIS, bewerking ABF Research, 2025",  # commas in a title line must not fool the delimiter choice
        "Periode: 2024",
        row("Gebied", "Totaal", "Niet-westerse migratieachtergrond"),
        row("Soestdijk ’t Hart", "70,4", "63,2"),
        row("Soest-Zuid", "69,7", "60,0*"),
        row("Nederland", "68,6", "59,8"),
    ], encoding=encoding)
    table = read_kis_export(path, config, regions)
    got = observations(table)
    assert got[("netto_arbeidsparticipatie", "WK034206", 2024, "totaal")] == (70.4, "definitief")
    assert got[("netto_arbeidsparticipatie", "WK034208", 2024, "Niet-westerse migratieachtergrond")] == (60.0, "voorlopig")
    assert got[("netto_arbeidsparticipatie", "NL00", 2024, "totaal")] == (68.6, "definitief")
    assert len(got) == 6
    assert table.is_demo is True


def test_data_after_an_empty_row_refuses_the_file_instead_of_loading_half(tmp_path, config, regions):
    path = xlsx(tmp_path / "einde.xlsx", [
        ["Indicator: Netto arbeidsparticipatie", None, None],
        ["Periode: 2024"],
        ["Gebied", "Totaal", "Westers"],
        ["Soest", 69.0, 66.0],
        [],
        ["Klaarwater", 67.0, 64.0],  # after the empty row: would silently be left out
        ["Toelichting: cijfers zijn afgerond"],
    ])
    with pytest.raises(InputRefused) as refused:
        read_kis_export(path, config, regions)
    assert "rij 6: 1 rij(en) met gegevens onder de tabel (rij 6), na de lege rij of voetnoot op rij 5" in str(refused.value)


def test_footnotes_after_the_table_and_other_sheets_are_no_problem(tmp_path, config, regions):
    path = xlsx(tmp_path / "einde.xlsx", [
        ["Indicator: Netto arbeidsparticipatie", None, None],
        ["Periode: 2024"],
        ["Gebied", "Totaal", "Westers"],
        ["Soest", 69.0, 66.0],
        [],
        ["Toelichting: cijfers zijn afgerond"],
        ["Bron: CBS, bewerking ABF Research", "2025"],
    ], extra_sheets={"Leeg": [], "Uitleg": [["Over deze tabel"]]})
    table = read_kis_export(path, config, regions)
    assert {key[1] for key in observations(table)} == {"GM0342"}
    assert any("blad 'Uitleg' genegeerd" in notice for notice in table.notices)
    assert not any("Leeg" in notice for notice in table.notices)


def test_header_with_blank_area_cell_section_labels_and_notes(tmp_path, config, regions):
    path = xlsx(tmp_path / "leeg.xlsx", [
        ["Jongeren met een startkwalificatie"],
        [None, 2022, 2023],
        ["Soest", 88.0, 88.5],
        ["Wijken"],                      # a section label: no area, no figures → skipped with a notice
        ["Overhees", 90.0, 90.5],
        ["Klaarwater"],                  # a known area without figures → both years missing
        ["Cijfers zijn afgerond"],       # a note without a footnote word → skipped with a notice
    ])
    table = read_kis_export(path, config, regions)
    got = observations(table)
    assert got[("startkwalificatie", "WK034204", 2023, "totaal")] == (90.5, "definitief")
    assert got[("startkwalificatie", "WK034203", 2022, "totaal")] == (None, "ontbreekt")
    assert len(got) == 6
    assert [notice[:6] for notice in table.notices] == ["rij 4 ", "rij 7 "]


# --- The demo exports -----------------------------------------------------------------------------


def test_demo_exports_parse_as_demo(config, regions):
    files = {path.name: path for path in KIS_DEMO_DIR.iterdir()}
    assert set(files) == {"kis_netto_arbeidsparticipatie_2024.xlsx", "kis_bevolking_migratieachtergrond_2024.csv",
                          "kis_startkwalificatie_2016-2023.xlsx"}
    tables = {name: read_kis_export(path, config, regions) for name, path in files.items()}
    assert all(table.is_demo for table in tables.values())
    areas = {"NL00", "GM0342", *WIJKEN}

    participation = tables["kis_netto_arbeidsparticipatie_2024.xlsx"]
    assert participation.year == 2024
    assert set(participation.observations["indicator_code"]) == {"netto_arbeidsparticipatie"}
    assert set(participation.observations["region_code"]) == areas
    assert set(participation.observations["breakdown"]) == {
        "totaal", "Geen migratieachtergrond", "Westerse migratieachtergrond", "Niet-westerse migratieachtergrond"}
    assert participation.observations["value"].is_between(50, 80).all()

    population = tables["kis_bevolking_migratieachtergrond_2024.csv"]
    assert population.year == 2024
    assert set(population.observations["indicator_code"]) == {"migratieachtergrond"}
    assert set(population.observations["region_code"]) == areas
    wide = population.observations.pivot(on="breakdown", index="region_code", values="value")
    assert (wide["totaal"] == 100).all()
    parts = wide["Geen migratieachtergrond"] + wide["Westerse migratieachtergrond"] + wide["Niet-westerse migratieachtergrond"]
    assert ((parts - 100).abs() < 0.05).all()
    secret = population.observations.filter(pl.col("value").is_null())
    assert secret.height >= 1 and set(secret["status"]) == {"ontbreekt"}
    complete = wide.filter(pl.col("Overig niet-westers").is_not_null())
    subgroups = sum(complete[g] for g in ("Turkije", "Marokko", "Suriname", "Nederlandse Cariben", "Overig niet-westers"))
    assert ((subgroups - complete["Niet-westerse migratieachtergrond"]).abs() < 0.05).all()

    qualification = tables["kis_startkwalificatie_2016-2023.xlsx"]
    assert qualification.year is None
    assert set(qualification.observations["year"]) == set(range(2016, 2024))
    assert set(qualification.observations["breakdown"]) == {"totaal"}
    statuses = qualification.observations.group_by("year").agg(pl.col("status").unique())
    assert set(statuses.filter(pl.col("year") == 2023)["status"][0]) == {"voorlopig"}
    assert qualification.observations.filter(pl.col("value").is_null()).height == 1
    assert any("Toelichting" in notice for notice in qualification.notices)


# --- Refusals -------------------------------------------------------------------------------------


def test_unknown_areas_are_all_reported_with_row_and_column(tmp_path, config, regions):
    path = xlsx(tmp_path / "gebieden.xlsx", [
        ["Netto arbeidsparticipatie"],
        ["Periode: 2023"],
        [],
        ["Thema: Arbeid"],
        [],
        ["Gebied", "Totaal", "Westers"],
        ["Baarn", 70.0, 66.0],
        ["GM0308", 70.0, 66.0],
        ["Amersfoort-Noord", 70.0, 66.0],
        ["Soest", 70.0, "veel"],
    ])
    exc = refused(path, config, regions)
    messages = [str(problem) for problem in exc.problems]
    assert len(messages) == 4
    assert "gebieden.xlsx, blad Tabel, rij 7, kolom A (Gebied): 'Baarn' is geen wijk van Soest" in messages[0]
    assert "rij 8, kolom A (Gebied): GM0308 hoort niet bij Soest (GM0342)" in messages[1]
    assert "rij 9, kolom A" in messages[2] and "Amersfoort-Noord" in messages[2]
    assert "rij 10, kolom C (Westers): 'veel' is geen getal" in messages[3]
    assert "4 problemen" in str(exc)


def test_unknown_area_in_code_column_names_the_code_column(tmp_path, config, regions):
    path = csv_file(tmp_path / "code.csv", [
        "Startkwalificatie",
        "Code;Gebied;2023",
        "GM0308;Baarn;80",
        "WK034299;Nergens;81",
    ])
    exc = refused(path, config, regions)
    assert [(p.row, p.column, p.header) for p in exc.problems] == [(3, 1, "Code"), (4, 1, "Code")]
    assert "code.csv, rij 3, kolom A (Code): GM0308 hoort niet bij Soest" in str(exc)
    assert "WK034299 is geen bekende" in str(exc.problems[1])


def test_unknown_indicator_label_in_header(tmp_path, config, regions):
    path = xlsx(tmp_path / "indicator.xlsx", [
        ["Jaar: 2023"],
        ["Gebied", "Netto arbeidsparticipatie", "Werkloosheid (%)"],
        ["Soest", 70.0, 3.1],
    ])
    exc = refused(path, config, regions)
    assert len(exc.problems) == 1
    text = str(exc.problems[0])
    assert "rij 2, kolom C (Werkloosheid (%)): onbekende indicator 'Werkloosheid (%)'" in text
    assert "'Jongeren met een startkwalificatie'" in text and "kis.labels" in text


def test_unknown_indicator_in_title(tmp_path, config, regions):
    path = xlsx(tmp_path / "titel.xlsx", [
        ["Indicator: Werkloosheid"],
        ["Gebied", 2022, 2023],
        ["Soest", 3.0, 3.1],
    ])
    exc = refused(path, config, regions)
    assert "rij 1: onbekende indicator 'Werkloosheid'" in str(exc)
    assert "Netto arbeidsparticipatie" in str(exc)


def test_unknown_groups_in_header_column_and_selection(tmp_path, config, regions):
    header = xlsx(tmp_path / "kop.xlsx", [
        ["Netto arbeidsparticipatie"], ["Periode: 2023"],
        ["Gebied", "Totaal", "Westers", "Aziatisch"],
        ["Soest", 70.0, 66.0, 60.0],
    ])
    exc = refused(header, config, regions)
    assert "rij 3, kolom D (Aziatisch): onbekende migratieachtergrond 'Aziatisch'" in str(exc)

    column = xlsx(tmp_path / "kolom.xlsx", [
        ["Netto arbeidsparticipatie"],
        ["Gebied", "Herkomst", 2023],
        ["Soest", "Totaal", 70.0],
        ["Soest", "Aziatisch", 60.0],
        ["Klaarwater", None, 61.0],
    ])
    exc = refused(column, config, regions)
    assert [(p.row, p.column) for p in exc.problems] == [(4, 2), (5, 2)]
    assert "onbekende migratieachtergrond 'Aziatisch'" in str(exc) and "geen migratieachtergrond ingevuld" in str(exc)

    selection = xlsx(tmp_path / "selectie.xlsx", [
        ["Netto arbeidsparticipatie"], ["Migratieachtergrond: Aziatisch"],
        ["Gebied", 2023], ["Soest", 70.0],
    ])
    exc = refused(selection, config, regions)
    assert "rij 2: onbekende migratieachtergrond 'Aziatisch' in de selectie" in str(exc)


def test_duplicate_area_names_both_rows(tmp_path, config, regions):
    path = xlsx(tmp_path / "dubbel.xlsx", [
        ["Netto arbeidsparticipatie"], ["Periode: 2023"],
        ["Gebied", "Totaal", "Westers"],
        ["Klaarwater", 67.0, 64.0],
        ["Soest", 69.0, 66.0],
        ["klaarwater (WK034203)", 67.0, 64.0],
        ["Foo", 1.0, 1.0],
    ])
    exc = refused(path, config, regions)
    assert len(exc.problems) == 2  # one per repeated row, not one per value
    duplicate = str(exc.problems[0])
    assert "rij 6, kolom A (Gebied)" in duplicate and "rij 4 en in rij 6" in duplicate
    assert "rij 7, kolom A" in str(exc.problems[1])


def test_no_header_row_quotes_the_first_lines(tmp_path, config, regions):
    path = csv_file(tmp_path / "geen_kop.csv", [
        "Werkloosheid per wijk",
        "Gebied;Werkloosheid",
        "Soest;3,1",
    ])
    exc = refused(path, config, regions)
    assert len(exc.problems) == 1
    text = str(exc.problems[0])
    assert "geen kopregel gevonden" in text and "'Werkloosheid per wijk'" in text and "'Gebied | Werkloosheid'" in text
    assert "Netto arbeidsparticipatie" in text


def test_missing_period_for_one_period_table(tmp_path, config, regions):
    path = xlsx(tmp_path / "zonder_jaar.xlsx", [
        ["Netto arbeidsparticipatie"],
        ["Gebied", "Totaal"],
        ["Soest", 70.0],
        ["Baarn", 70.0],
    ])
    exc = refused(path, config, regions)
    assert len(exc.problems) == 2
    assert "geen periode" in str(exc) and "rij 4, kolom A" in str(exc)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("tekst.xlsx", b"Gebied;2023\r\nSoest;1\r\n", "geen Excel-werkmap"),
    ("kapot.xlsx", b"PK\x03\x04 dit is geen complete zip", "geen Excel-werkmap"),
    ("oud.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oude Excel-formaat"),
    ("tabel.ods", b"whatever", "alleen .xlsx of .csv"),
    ("tabel.txt", b"Gebied;2023", "alleen .xlsx of .csv"),
    ("excel.csv", b"PK\x03\x04" + b"\x00" * 100, "Excel-bestand met de extensie .csv"),
    ("leeg.csv", b"", "geen gegevens"),
])
def test_unreadable_files_are_refused(tmp_path, config, regions, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    exc = refused(path, config, regions)
    assert expected in str(exc)
    assert "er is niets uit geladen" in str(exc)


def test_uncalculated_formula_and_date_cells(tmp_path, config, regions):
    path = xlsx(tmp_path / "formule.xlsx", [
        ["Jongeren met een startkwalificatie"],
        ["Gebied", 2022, 2023],
        ["Soest", 80.0, "=B3+1"],             # written by a script: no cached value
        ["Overhees", 81.0, 82.0],
    ])
    workbook = load_workbook(path)
    workbook.active["B4"] = datetime.datetime(2024, 1, 12)  # "12-1" typed and read by Excel as a date
    workbook.save(path)
    exc = refused(path, config, regions)
    assert [(p.row, p.column) for p in exc.problems] == [(3, 3), (4, 2)]
    assert "rij 3, kolom C (2023): formule zonder berekende waarde" in str(exc)
    assert "rij 4, kolom B (2022)" in str(exc) and "datum" in str(exc)


def test_unexpected_failure_is_a_refusal_not_a_traceback(tmp_path, config, regions, monkeypatch):
    def broken(lines):
        raise RuntimeError("kapot")

    monkeypatch.setattr(kis_wijkmonitor, "_delimiter", broken)
    path = csv_file(tmp_path / "x.csv", ["Gebied;2023", "Soest;1"])
    exc = refused(path, config, regions)
    assert "onverwachte fout" in str(exc) and "RuntimeError" in str(exc)


def test_binary_garbage_in_csv_is_refused(tmp_path, config, regions):
    path = tmp_path / "ruis.csv"
    path.write_bytes(bytes(range(256)) * 4)
    exc = refused(path, config, regions)
    assert len(exc.problems) == 1
