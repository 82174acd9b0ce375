"""Deterministic generator for the FICTIONAL financiënwerkmap in data/raw/demo/financien.

Run: ``python -m tools.demo.financien [--out FILE]`` (default
``data/raw/demo/financien/demo-financien-soest.xlsx``); `python -m tools.demo`
runs it with the other generators.

Why it exists
-------------
The demo must show the Financiën page (begroting against realisatie per
opgave, the piramide, cost per inwoner and per deelnemer), and the financiën
reader must be exercised on a workbook like the ones a gemeente fills in. So
the workbook is the real template (pipelines.sources.financien.template) with
its example row removed and filled the way a controller would: taakvelden from
the list, sometimes as the bare code; the laag sometimes as its short name; a
few amounts typed as Dutch text ('1.250.000').

What it contains
----------------
For each of Soest's five opgaven a few lines per Iv3-taakveld and laag of the
piramide, some for one goal: begroting 2023–2027 (a meerjarenbegroting in
which the basis grows faster than maatwerk: the beweging of seed 002) and
realisatie 2023–2025 (maatwerk somewhat over its budget, the basis somewhat
under). The sizes are of the order of a gemeente of 47.000 inwoners (seed
002's Ermelo, 27.000 inwoners, puts € 20 miljoen in maatwerk).

ALL AMOUNTS ARE FICTIONAL: they are not Soest's begroting or jaarrekening.
The workbook says so on its first line and carries the keyword
'voorbeelddata', which the reader uses to mark the load as demo.

Determinism: integer arithmetic, no randomness and no clock in the content;
document properties and zip entries carry fixed dates (tools.demo.partners),
so running it twice gives the same bytes. (The template's year check ends at
financien_contract.last_year(), which moves with the calendar year.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from monitor.config import MonitorConfig
from monitor.paths import PROJECT_ROOT
from pipelines.config import load_config
from pipelines.sources.financien.contract import BEDRAGEN, BEGROTING, LAYER_NAMES, REALISATIE, TAAKVELD_BY_CODE
from pipelines.spreadsheet import DEMO_KEYWORD
from pipelines.sources.financien.template import INSTRUCTIONS_SHEET, build_template
from tools.demo.partners import FIXED_DATE, save_deterministic

DEFAULT_OUT = PROJECT_ROOT / "data" / "raw" / "demo" / "financien" / "demo-financien-soest.xlsx"
BANNER = "VOORBEELDDATA – fictieve financiën"
BUDGET_YEARS = range(2023, 2028)
REALISED_YEARS = range(2023, 2026)

# (opgave, doel or None, taakveld, laag, begroting 2023 in euro): fictional.
LINES: tuple[tuple[str, str | None, str, str, int], ...] = (
    ("leefstijl", None, "5.1", "basis", 1_150_000),
    ("leefstijl", "kinderen_gezond", "7.1", "preventie", 1_480_000),
    ("leefstijl", "volwassenen_vitaal", "6.1", "preventie", 320_000),
    ("bestaanszekerheid", "rondkomen_meedoen", "6.3", "maatwerk", 14_800_000),
    ("bestaanszekerheid", "rondkomen_meedoen", "6.1", "preventie", 610_000),
    ("bestaanszekerheid", "werken_loont", "6.5", "maatwerk", 2_100_000),
    ("bestaanszekerheid", "toegang_zorg", "6.2", "toegang", 2_350_000),
    ("bestaanszekerheid", "zelfstandig_wonen", "6.6", "maatwerk", 2_900_000),
    ("bestaanszekerheid", "zelfstandig_wonen", "6.71", "maatwerk", 9_400_000),
    ("weerbaarheid", "niet_eenzaam", "6.1", "basis", 1_350_000),
    ("weerbaarheid", "geen_stress", "6.1", "preventie", 420_000),
    ("weerbaarheid", None, "6.81", "maatwerk", 1_050_000),
    ("kansengelijkheid", "kansrijke_start", "4.3", "basis", 1_250_000),
    ("kansengelijkheid", "licht_en_nabij", "6.2", "toegang", 1_700_000),
    ("kansengelijkheid", "licht_en_nabij", "6.72", "maatwerk", 11_200_000),
    ("kansengelijkheid", None, "6.82", "maatwerk", 2_600_000),
    ("meedoen", "kwetsbaren_doen_mee", "6.1", "basis", 980_000),
    ("meedoen", "vrijwilligers_ondersteund", "6.1", "preventie", 540_000),
    ("meedoen", "kwetsbaren_doen_mee", "6.4", "maatwerk", 3_300_000),
    ("meedoen", "verbinding", "5.3", "basis", 450_000),
)
# Per mille a year the begroting grows, per laag: the basis grows fastest, maatwerk slowest (the beweging).
GROWTH = {"basis": 60, "preventie": 50, "toegang": 30, "maatwerk": 20}
# Realisatie as per mille of the begroting, per laag and year: maatwerk over budget, the basis under.
REALISED = {"basis": (962, 975, 981), "preventie": (948, 990, 1004), "toegang": (1010, 996, 1003),
            "maatwerk": (1046, 1071, 1038)}


def rows(config: MonitorConfig) -> list[dict[str, object]]:
    """Every line, in the forms a controller types them (by column name of the contract)."""
    titles = {opgave.code: opgave.title for opgave in config.opgaven}
    result = []
    for number, (opgave, goal, taakveld, layer, base) in enumerate(LINES):
        budget = {}
        amount = base
        for year in BUDGET_YEARS:
            budget[year] = amount
            amount = (amount * (1000 + GROWTH[layer]) // 1000) // 1000 * 1000
        for year in BUDGET_YEARS:
            result.append(_row(number, titles, opgave, goal, taakveld, layer, year, BEGROTING, budget[year]))
        for index, year in enumerate(REALISED_YEARS):
            realised = budget[year] * REALISED[layer][index] // 1000 // 100 * 100
            result.append(_row(number, titles, opgave, goal, taakveld, layer, year, REALISATIE, realised))
    return result


def _row(number: int, titles, opgave, goal, taakveld, layer, year, kind, amount) -> dict[str, object]:
    # Some variety in how a line is typed, as in a real workbook; the reader accepts all of these forms.
    return {
        "opgave": titles[opgave] if number % 4 else opgave,
        "doel": goal,
        "taakveld": TAAKVELD_BY_CODE[taakveld].label if number % 3 else taakveld,
        "jaar": year,
        "soort": kind,
        "laag": LAYER_NAMES[layer] if number % 5 else layer,
        "bedrag": f"{amount:,}".replace(",", ".") if number % 7 == 3 else amount,
    }


def build(config: MonitorConfig) -> Workbook:
    workbook = build_template(config)
    sheet = workbook[BEDRAGEN.name]
    sheet.delete_rows(2)  # the example row: the reader refuses a workbook that still has it
    for row in rows(config):
        sheet.append([row.get(column.name) for column in BEDRAGEN.columns])
        sheet.cell(sheet.max_row, len(BEDRAGEN.columns)).number_format = "#,##0"
    _mark_as_demo(workbook)
    return workbook


def _mark_as_demo(workbook: Workbook) -> None:
    sheet = workbook[INSTRUCTIONS_SHEET]
    sheet.insert_rows(1)
    sheet["A1"] = BANNER
    sheet["A1"].font = Font(bold=True, size=14, color="C00000")
    sheet["B1"] = ("Dit bestand hoort bij de demo van de monitor. Alle bedragen zijn verzonnen; het is niet de "
                   "begroting of jaarrekening van de gemeente Soest.")
    sheet["B1"].alignment = Alignment(wrap_text=True, vertical="top")
    properties = workbook.properties
    properties.keywords = DEMO_KEYWORD
    properties.title = f"{BANNER} – {properties.title}"
    properties.created = properties.modified = FIXED_DATE


def generate(out: Path = DEFAULT_OUT, config: MonitorConfig | None = None) -> Path:
    return save_deterministic(build(config or load_config()), Path(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"uitvoerbestand (standaard: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    print(generate(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
