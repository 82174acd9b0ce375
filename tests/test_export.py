"""app/export.py: the CSV a Dutch Excel opens correctly, the .xlsx, and the file names."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from openpyxl import load_workbook

from app import export, progress


def lines(content: bytes) -> list[str]:
    return content.decode("utf-8-sig").split("\r\n")


def test_csv_starts_with_a_utf8_bom_and_keeps_accents():
    content = export.csv_bytes(pl.DataFrame({"regio": ["Soestdijk ’t Hart", "Wmo-cliënten"]}))
    assert content.startswith(b"\xef\xbb\xbf")
    assert lines(content)[1:3] == ["Soestdijk ’t Hart", "Wmo-cliënten"]


def test_csv_separates_fields_with_a_semicolon_and_ends_lines_with_crlf():
    content = export.csv_bytes(pl.DataFrame({"indicator": ["eenzaam"], "jaar": [2024], "waarde": [46.4]}))
    assert lines(content) == ["indicator;jaar;waarde", "eenzaam;2024;46,4", ""]


def test_csv_uses_a_decimal_comma_and_keeps_every_digit():
    content = export.csv_bytes(pl.DataFrame({"waarde": [12.326656394453005, 0.5, 1234.0, 3.0]}))
    assert lines(content)[1:5] == ["12,326656394453005", "0,5", "1234", "3"]


def test_csv_leaves_null_and_nan_empty_never_zero():
    frame = pl.DataFrame({"waarde": [None, float("nan"), 0.0], "status": ["ontbreekt", "geheim", "definitief"]})
    assert lines(export.csv_bytes(frame))[1:4] == [";ontbreekt", ";geheim", "0;definitief"]


def test_csv_negative_numbers_are_not_neutralised():
    frame = pl.DataFrame({"verandering": [-5.5, -3.0], "aantal": [-12, 4]})
    assert lines(export.csv_bytes(frame))[1:3] == ["-5,5;-12", "-3;4"]


def test_csv_neutralises_text_a_spreadsheet_would_run():
    frame = pl.DataFrame({"tekst": ["=1+1", "-5 tekst", "+31", "@A1", "\tx", "gewoon - niets"]})
    assert lines(export.csv_bytes(frame))[1:7] == ["'=1+1", "'-5 tekst", "'+31", "'@A1", "'\tx", "gewoon - niets"]
    assert lines(export.csv_bytes(pl.DataFrame({"=kop": [1]})))[0] == "'=kop"


def test_csv_quotes_separators_quotes_and_line_breaks_inside_text():
    frame = pl.DataFrame({"verhaal": ['Zij zei: "kom; nu"', "twee\nregels"], "n": [1, 2]})
    content = export.csv_bytes(frame).decode("utf-8-sig")
    assert content == 'verhaal;n\r\n"Zij zei: ""kom; nu""";1\r\n"twee\nregels";2\r\n'


def test_csv_writes_booleans_lists_and_dates_in_words_people_read():
    frame = pl.DataFrame({"demo": [True, False], "uitsplitsingen": [["totaal", "65 jaar of ouder"], []],
                          "geladen": [dt.datetime(2025, 3, 1, 9, 30), dt.datetime(2025, 3, 2)]})
    assert lines(export.csv_bytes(frame))[1:3] == ["ja;totaal, 65 jaar of ouder;2025-03-01 09:30:00",
                                                   "nee;;2025-03-02 00:00:00"]


def test_xlsx_keeps_numbers_as_numbers_and_text_as_text():
    frame = pl.DataFrame({"tekst": ["=HYPERLINK(\"x\")", "-5 tekst"], "waarde": [-5.5, None], "jaar": [2023, 2024]})
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(frame, "Wijkvergelijking"))).active
    assert sheet.title == "Wijkvergelijking"
    assert [cell.value for cell in sheet[1]] == ["tekst", "waarde", "jaar"]
    assert sheet["A1"].font.bold
    assert [sheet["A2"].value, sheet["A3"].value] == ["'=HYPERLINK(\"x\")", "'-5 tekst"]
    assert sheet["A2"].data_type == "s" and sheet["A3"].data_type == "s"
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5.5, "n")
    assert sheet["B3"].value is None, "a missing figure is an empty cell, never 0"
    assert sheet["C3"].value == 2024
    assert sheet.freeze_panes == "A2"


def test_xlsx_sheet_title_is_made_valid_for_excel():
    content = export.xlsx_bytes(pl.DataFrame({"a": [1]}), "opgaven: bestaanszekerheid/werk [2024] en nog veel meer")
    title = load_workbook(io.BytesIO(content)).active.title
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")


def test_tidy_figures_has_the_dutch_download_columns_in_order():
    observations = pl.DataFrame({column: [None] for column in [*export.FIGURE_COLUMNS, "sort_order", "decimals"]})
    assert export.tidy_figures(observations).columns == ["indicator", "titel", "eenheid", "regio_code", "regio", "jaar",
                                                          "periode", "uitsplitsing", "waarde", "ondergrens_95",
                                                          "bovengrens_95", "status", "afgerond_op", "bron",
                                                          "toelichting"]


def figures(**columns) -> pl.DataFrame:
    base = {"indicator_code": "x", "title": "X", "unit": "aantal", "region_code": "GM1", "region_name": "Gemeente",
            "year": 2024, "period": "jaar", "breakdown": "totaal", "value": 10.0, "ci_low": None, "ci_high": None,
            "status": "definitief", "rounded_to": None, "source_title": "Bron", "series_last_year": None,
            "series_note": None}
    rows = [dict(base, **{key: values[index] for key, values in columns.items()})
            for index in range(len(next(iter(columns.values()))))]
    return pl.DataFrame(rows, schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64, "rounded_to": pl.Int32,
                                                "series_last_year": pl.Int32, "series_note": pl.String})


def test_a_break_year_and_a_rounded_zero_say_what_they_are_in_the_file():
    frame = figures(year=[2023, 2024, 2024, 2024], value=[12.0, None, 0.0, 0.0],
                    status=["definitief", "reeksbreuk", "definitief", "definitief"],
                    rounded_to=[None, None, 5, 10], series_last_year=[2023, 2023, None, None],
                    series_note=["CBS meet dit anders.", "CBS meet dit anders.", None, None])
    rows = export.tidy_figures(frame).to_dicts()
    assert [row["toelichting"] for row in rows] == [None, "Reeks stopt na 2023: CBS meet dit anders.",
                                                    "afgerond 0: minder dan 3", "afgerond 0: minder dan 5"]
    assert [row["afgerond_op"] for row in rows] == [None, None, 5, 10]
    assert lines(export.csv_bytes(export.tidy_figures(frame)))[3].split(";")[-7:] == [
        "0", "", "", "definitief", "5", "Bron", "afgerond 0: minder dan 3"], "the file keeps 0 with its meaning"


def test_half_year_rows_are_labelled_by_their_period():
    frame = figures(period=["jaar", "1e halfjaar", "2e halfjaar"], value=[5150.0, 4350.0, 4330.0])
    assert export.tidy_figures(frame)["periode"].to_list() == ["jaar", "1e halfjaar", "2e halfjaar"]
    older = frame.drop("period", "rounded_to", "series_last_year", "series_note")  # a frame from before periods
    assert export.tidy_figures(older)["periode"].to_list() == ["jaar"] * 3


@pytest.mark.parametrize(("args", "expected"), [
    (("Soest", "wijkvergelijking", 2023, "csv"), "soest_wijkvergelijking_2023.csv"),
    (("Soest", "wijkvergelijking", "2023", "xlsx"), "soest_wijkvergelijking_2023.xlsx"),
    (("Soest", "Soestdijk 't Hart"), "soest_soestdijk-t-hart.csv"),
    (("Soest", "Soestdijk ’t Hart", None, "xlsx"), "soest_soestdijk-t-hart.xlsx"),
    (("Súdwest-Fryslân", "volledige_dataset"), "sudwest-fryslan_volledige_dataset.csv"),
    (("Soest", "Wmo-cliënten per 1.000 inwoners", 2024), "soest_wmo-clienten-per-1-000-inwoners_2024.csv"),
])
def test_file_name_is_a_plain_ascii_slug(args, expected):
    assert export.file_name(*args) == expected


# --- downloads as the screen: the indicator's decimals plus one, never float noise -------------------------------

def test_figures_are_rounded_to_one_decimal_more_than_the_screen_intervals_too():
    frame = figures(value=[19.100000381903026, 12.326656394453005, 1234.0, -0.04449], decimals=[1, 2, 0, 1],
                    ci_low=[18.04999, None, None, -1.26666], ci_high=[20.15001, None, None, 1.0333333])
    tidy = export.tidy_figures(frame)
    assert tidy["waarde"].to_list() == [19.1, 12.327, 1234.0, -0.04]
    assert tidy["ondergrens_95"].to_list() == [18.05, None, None, -1.27]
    assert tidy["bovengrens_95"].to_list() == [20.15, None, None, 1.03]
    assert [line.split(";")[8:11] for line in lines(export.csv_bytes(tidy))[1:5]] == [
        ["19,1", "18,05", "20,15"], ["12,327", "", ""], ["1234", "", ""], ["-0,04", "-1,27", "1,03"]], \
        "a count stays a whole number, a missing bound stays empty"


def test_figures_without_known_decimals_lose_only_the_float_noise():
    tidy = export.tidy_figures(figures(value=[19.100000381903026, 0.12345, None]))
    assert tidy["waarde"].to_list() == [19.1, 0.1235, None]


def test_the_rounding_rule_is_documented_with_the_precision_note():
    assert "decimals plus one" in export.__doc__ and "full precision stays in the warehouse" in export.__doc__
    assert "één decimaal meer dan op het scherm" in export.PRECISION_NOTE and "warehouse" in export.PRECISION_NOTE


def test_xlsx_has_a_frozen_header_an_autofilter_and_columns_as_wide_as_their_content():
    frame = pl.DataFrame({"titel": ["Inwoners die zich eenzaam voelen (ernstig of zeer ernstig)", "Kort"],
                          "jaar": [2023, 2024], "waarde": [-5.25, 46.4],
                          "verhaal": ["x" * 500, "eerste regel\ntweede"]})
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(frame, "Figuren"))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] >= len("Inwoners die zich eenzaam voelen (ernstig of zeer ernstig)")
    assert export.NARROWEST <= widths["B"] < 13, "a year column stays narrow"
    assert widths["D"] == export.WIDEST, "a long text is capped"
    assert (sheet["C2"].value, sheet["C2"].data_type) == (-5.25, "n"), "a negative number stays a number"


def test_xlsx_of_the_download_table_holds_the_rounded_figures():
    frame = figures(value=[19.100000381903026, 1234.0], decimals=[1, 0], ci_low=[18.04999, None],
                    ci_high=[20.15001, None])
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(export.tidy_figures(frame), "Figuren"))).active
    header = [cell.value for cell in sheet[1]]
    values = {name: (sheet.cell(2, header.index(name) + 1).value, sheet.cell(3, header.index(name) + 1).value)
              for name in ("waarde", "ondergrens_95", "bovengrens_95")}
    assert values == {"waarde": (19.1, 1234), "ondergrens_95": (18.05, None), "bovengrens_95": (20.15, None)}
    assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + len(header) - 1)}3"


def test_xlsx_of_an_empty_table_still_has_its_header():
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(pl.DataFrame({"jaar": []}, schema={"jaar": pl.Int32}),
                                                       "Leeg"))).active
    assert [cell.value for cell in sheet[1]] == ["jaar"] and sheet.max_row == 1


# --- nulmeting, streefwaarde and progress -----------------------------------------------------------------------

TARGET = progress.Target("x", baseline_year=2022, baseline_value=14.5, target_value=12.0, target_year=2025,
                         source="Uitvoeringsplan 2026", baseline_source="Bron, 2022", ambition="Minder")


def test_the_progress_download_has_one_row_per_indicator_rounded_as_the_screen_plus_one():
    catalog = pl.DataFrame({"indicator_code": ["x", "y"], "title": ["X", "Y"], "unit": ["%", "aantal"],
                            "decimals": [1, 0], "higher_is_better": [False, None]})
    latest = pl.DataFrame({"indicator_code": ["x", "y"], "year": [2024, 2024], "value": [13.100000381903026, 812.0],
                           "ci_low": [12.04999, None], "ci_high": [14.15001, None],
                           "status": ["geschat", "definitief"]})
    tidy = export.tidy_progress(catalog, {"x": TARGET}, latest)
    assert tidy.columns == list(progress.PROGRESS_TABLE_SCHEMA)
    x, y = tidy.to_dicts()
    assert (x["nulmeting_jaar"], x["nulmeting"], x["streefwaarde"], x["streefjaar"]) == (2022, 14.5, 12.0, 2025)
    assert (x["laatste_waarde"], x["ondergrens_95"], x["bovengrens_95"]) == (13.1, 12.05, 14.15)
    assert x["verwacht"] == 12.83  # 14,5 − 2/3 × 2,5 = 12,8333…
    assert (x["voortgang"], x["bron_streefwaarde"], x["ambitie"]) == ("binnen de marge", "Uitvoeringsplan 2026",
                                                                      "Minder")
    assert (y["voortgang"], y["streefwaarde"], y["laatste_waarde"]) == ("geen streefwaarde", None, 812.0)
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(tidy, "Voortgang"))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("verwacht") + 1).value == 12.83
    assert sheet.cell(3, header.index("streefwaarde") + 1).value is None, "no target is an empty cell, never 0"
    assert lines(export.csv_bytes(tidy))[0].startswith("indicator;titel;eenheid;nulmeting_jaar;nulmeting;")


def test_the_figure_download_carries_the_path_to_the_streefwaarde_on_the_gemeente_rows_only():
    frame = figures(region_code=["GM1", "GM1", "GM1", "GM1", "NL00", "GM1"], year=[2021, 2022, 2024, 2026, 2024, 2024],
                    breakdown=["totaal"] * 5 + ["65+"], value=[15.0, 14.5, 13.1, 11.9, 13.0, 20.0],
                    decimals=[1] * 6)
    tidy = export.tidy_figures(frame, {"x": TARGET}, "GM1")
    assert tidy.columns == [*export.DOWNLOAD_COLUMNS[:-1], export.PATH_COLUMN, export.NOTE_COLUMN]
    assert tidy[export.PATH_COLUMN].to_list() == [None, 14.5, 12.83, 12.0, None, None]
    assert export.tidy_figures(frame).columns == export.DOWNLOAD_COLUMNS, "without targets the file is as before"
    assert export.tidy_figures(frame, {}, "GM1")[export.PATH_COLUMN].to_list() == [None] * 6
