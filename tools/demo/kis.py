"""Deterministic generator for FICTIONAL KIS-wijkmonitor exports in data/raw/demo/kis.

Run: ``python -m tools.demo.kis [--out DIR]`` (default DIR is
``data/raw/demo`` in the project root, as for tools.demo.kwb).

The KIS-wijkmonitor has no API and no real export is available offline, so
these files imitate what an analyst downloads from the site, in the layouts
pipelines.sources.kis_wijkmonitor reads, with the quirks it must cope with::

    DIR/kis/kis_netto_arbeidsparticipatie_2024.xlsx
        orientation B: one period (2024, in a title line), one column per
        migratieachtergrond (Totaal, geen, westers, niet-westers); areas by
        name; title lines above and a "Bron: …" footnote below the table.
    DIR/kis/kis_bevolking_migratieachtergrond_2024.csv
        orientation B: columns per group (Totaal = 100, geen, westers,
        niet-westers and five niet-westerse subgroups); ';'-separated,
        Windows-1252, Dutch decimal commas, some values with '%'; area codes
        in a separate "Gebiedscode" column; 'x' for a suppressed tiny group.
        Groups are consistent: geen + westers + niet-westers = 100 and the
        subgroups add up to niet-westers.
    DIR/kis/kis_startkwalificatie_2016-2023.xlsx
        orientation A: one indicator, periods 2016-2023 as columns (2023 as
        "2023*", provisional), selection line "Migratieachtergrond: Totale
        bevolking", areas as "Boerenstreek (WK034201)", one '-' for a missing
        year.

Every file's first title line reads "VOORBEELDDATA – fictieve cijfers", which
is how the reader marks a table as demo data.

ALL FIGURES ARE FICTIONAL. They are plausible in size (arbeidsparticipatie
60-75%, niet-westers 5-20% per wijk, Smitsveen and Soesterberg the most
diverse) but are not KIS or CBS statistics and must never be presented as
facts about Soest.

Determinism: every random draw comes from tools.demo.kwb.rng_for
(only ``Random.random()``); the workbooks get a fixed creation time and their
zip entries a fixed timestamp. Running the script twice yields byte-identical
files.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from tools.demo.kwb import DEFAULT_OUT, GEMEENTE_CODE, GEMEENTE_NAME, NATIONAL_CODE, generator_main, rng_for, uniform

DEMO_TITLE = "VOORBEELDDATA – fictieve cijfers, niet gebruiken als feit"
FIXED_TIME = datetime(2025, 1, 15)
ZIP_TIME = (2025, 1, 15, 0, 0, 0)

# The 8 wijken of Soest (2024 names) with a fictional profile: share (%) of inwoners with a
# niet-westerse and a westerse migratieachtergrond, and participation relative to Soest (pp).
WIJKEN = [
    ("WK034201", "Boerenstreek", 6.5, 8.0, 1.5),
    ("WK034202", "De Eng Soest-midden", 8.0, 9.0, 0.0),
    ("WK034203", "Klaarwater", 11.0, 9.5, -2.0),
    ("WK034204", "Overhees", 5.5, 7.5, 2.0),
    ("WK034205", "Smitsveen", 16.5, 10.5, -3.5),
    ("WK034206", "Soestdijk 't Hart", 4.5, 8.5, 1.0),
    ("WK034207", "Soesterberg", 15.0, 11.0, -1.5),
    ("WK034208", "Soest-Zuid", 7.0, 8.0, 0.5),
]
SMALL_WIJK = "WK034206"  # the smallest wijk: its tiniest subgroup is suppressed ('x')
NEDERLAND = (NATIONAL_CODE, "Nederland", 14.0, 10.5, -0.5)
SOEST = (GEMEENTE_CODE, GEMEENTE_NAME, 9.5, 9.0, 0.0)
AREAS = [NEDERLAND, SOEST, *WIJKEN]

# Niet-westerse subgroups as shares of the niet-westerse group; "Overig niet-westers" is the rest.
SUBGROUPS = {"Turkije": 0.17, "Marokko": 0.18, "Suriname": 0.16, "Nederlandse Cariben": 0.07}


def _percent(value: float) -> str:
    """12.34 → '12,3' (Dutch decimal comma)."""
    return f"{value:.1f}".replace(".", ",")


# --- a. Netto arbeidsparticipatie 2024 (xlsx, groups as columns) ---------------------------------


def participation_rows() -> list[list]:
    """Area, totaal, geen, westers, niet-westers: participation per group, lower for niet-westers."""
    rows = []
    for code, name, nw, w, offset in AREAS:
        rng = rng_for("kis", "arbeidsparticipatie", code)
        geen = 71.0 + offset + uniform(rng, -1.0, 1.0)
        westers = geen - 4.0 + uniform(rng, -1.5, 1.5)
        niet_westers = geen - 9.0 + uniform(rng, -2.0, 2.0)
        totaal = (geen * (100 - nw - w) + westers * w + niet_westers * nw) / 100
        if code == NATIONAL_CODE:
            geen, westers, niet_westers, totaal = 70.4, 66.1, 59.8, 68.6
        rows.append([name, *(round(v, 1) for v in (totaal, geen, westers, niet_westers))])
    return rows


def write_participation(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel"
    for line in (DEMO_TITLE, "Netto arbeidsparticipatie", "Thema: Arbeid & Inkomen",
                 "Gebieden: Nederland, Soest en wijken", "Periode: 2024"):
        sheet.append([line])
    sheet.append([])
    sheet.append(["Gebied", "Totaal", "Geen migratieachtergrond", "Westerse migratieachtergrond",
                  "Niet-westerse migratieachtergrond"])
    for row in participation_rows():
        sheet.append(row)
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = "0.0"
    sheet.append([])
    sheet.append(["Bron: KIS-wijkmonitor (fictief voorbeeld), bewerking van CBS-registers"])
    sheet.append(["Netto arbeidsparticipatie: werkzame personen als % van de bevolking van 15 tot 75 jaar"])
    _save_workbook(workbook, path)


# --- b. Bevolking naar migratieachtergrond 2024 (csv, cp1252) ------------------------------------


def population_shares(code: str, nw: float, w: float) -> dict[str, float | None]:
    """Shares (%) per group that add up: geen + westers + niet-westers = 100, subgroups = niet-westers."""
    rng = rng_for("kis", "migratieachtergrond", code)
    niet_westers = round(nw + uniform(rng, -0.4, 0.4), 1)
    westers = round(w + uniform(rng, -0.4, 0.4), 1)
    shares: dict[str, float | None] = {"Totaal": 100.0, "Geen migratieachtergrond": round(100 - niet_westers - westers, 1),
                                       "Westerse migratieachtergrond": westers,
                                       "Niet-westerse migratieachtergrond": niet_westers}
    rest = niet_westers
    for group, share in SUBGROUPS.items():
        value = round(niet_westers * share * uniform(rng, 0.8, 1.2), 1)
        shares[group] = value
        rest -= value
    shares["Overig niet-westers"] = round(rest, 1)
    if code == SMALL_WIJK:
        shares["Nederlandse Cariben"] = None  # too few people: suppressed, so the rest cannot be derived
        shares["Overig niet-westers"] = None
    return shares


def write_population(path: Path) -> None:
    groups = ["Totaal", "Geen migratieachtergrond", "Westerse migratieachtergrond",
              "Niet-westerse migratieachtergrond", *SUBGROUPS, "Overig niet-westers"]
    lines = [DEMO_TITLE, "Bevolking naar migratieachtergrond", "Thema: Demografie",
             "Peildatum: 1 januari 2024", "Eenheid: % van de bevolking", "",
             ";".join(["Gebiedscode", "Gebied", *groups])]
    for index, (code, name, nw, w, _) in enumerate(AREAS):
        shares = population_shares(code, nw, w)
        cells = []
        for position, group in enumerate(groups):
            value = shares[group]
            text = "x" if value is None else _percent(value)
            if value is not None and (index + position) % 3 == 0:
                text += "%"  # some exports repeat the unit in every cell
            cells.append(text)
        lines.append(";".join([code, name, *cells]))
    lines += ["", "Bron: KIS-wijkmonitor (fictief voorbeeld)", "x = geheim (te weinig personen)"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# --- c. Startkwalificatie 2016-2023 (xlsx, years as columns) --------------------------------------


START_YEARS = list(range(2016, 2024))
MISSING_YEAR = ("WK034206", 2018)  # one wijk without a figure for one year


def qualification_rows() -> list[list]:
    """Area "Name (code)", then the share of 18-22-year-olds with a startkwalificatie per year (rising slowly)."""
    rows = []
    for code, name, nw, _, offset in AREAS:
        rng = rng_for("kis", "startkwalificatie", code)
        level = 83.0 + offset * 1.2 - (nw - 9.0) * 0.3 + uniform(rng, -1.5, 1.5)
        values: list = []
        for year in START_YEARS:
            level += 0.35 + uniform(rng, -0.6, 0.6)
            values.append("-" if (code, year) == MISSING_YEAR else round(min(level, 95.0), 1))
        label = name if code == NATIONAL_CODE else f"{name} ({code})"
        rows.append([label, *values])
    return rows


def write_qualification(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Startkwalificatie"
    for line in (DEMO_TITLE, "Jongeren met een startkwalificatie", "Thema: Onderwijs",
                 "Migratieachtergrond: Totale bevolking", "Leeftijd: 18 tot en met 22 jaar", "Eenheid: %"):
        sheet.append([line])
    sheet.append([])
    sheet.append(["Gebied", *START_YEARS[:-1], f"{START_YEARS[-1]}*"])
    for row in qualification_rows():
        sheet.append(row)
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = "0.0"
    sheet.append(["* voorlopige cijfers"])
    sheet.append(["Bron: KIS-wijkmonitor (fictief voorbeeld)"])
    notes = workbook.create_sheet("Toelichting")
    notes.append(["Fictieve toelichting: deze werkmap is gegenereerd voor de demo van de monitor."])
    _save_workbook(workbook, path)


# --- Writing ---------------------------------------------------------------------------------------


def _save_workbook(workbook: Workbook, path: Path) -> None:
    """Save with a fixed creation time and fixed zip timestamps, so the bytes never depend on the clock."""
    workbook.properties.creator = "demo_generator_kis"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps 'modified' with the current time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-15T00:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write the three demo exports under out_dir/kis/; returns their paths."""
    directory = Path(out_dir) / "kis"
    directory.mkdir(parents=True, exist_ok=True)
    writers = {
        "kis_netto_arbeidsparticipatie_2024.xlsx": write_participation,
        "kis_bevolking_migratieachtergrond_2024.csv": write_population,
        "kis_startkwalificatie_2016-2023.xlsx": write_qualification,
    }
    paths = []
    for name, write in writers.items():
        write(directory / name)
        paths.append(directory / name)
    return paths


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
