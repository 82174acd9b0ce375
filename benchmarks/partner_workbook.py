"""How long does validating a partner workbook take? `python -m benchmarks.partner_workbook`

Writes workbooks with openpyxl at the size limit (MAX_ROWS rows in Activiteiten,
plus stories and figures) and smaller, validates each with the real reader
against Soest's regions, and prints the times. A partner sheet is normally a
few hundred rows; the limit case shows the worst an analyst can wait.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import polars as pl
from openpyxl import Workbook

from pipelines.config import load_config
from pipelines.sources.partner.reader import read_partner_workbook
from pipelines.sources.partner.contract import MAX_ROWS
from pipelines.region_index import RegionIndex

WIJKEN = ["Boerenstreek", "De Eng Soest-midden", "Klaarwater", "Overhees", "Smitsveen", "Soestdijk 't Hart", "Soesterberg", "Soest-Zuid"]
OPGAVEN = ["Gezonde leefstijl", "Bestaanszekerheid", "Mentale weerbaarheid", "Kansengelijkheid", "Meedoen en inclusie"]


def regions() -> RegionIndex:
    codes = ["NL00", "GM0342", *(f"WK0342{n:02d}" for n in range(1, 9))]
    frame = pl.DataFrame({"region_code": codes, "name": ["Nederland", "Soest", *WIJKEN], "level": ["land", "gemeente", *["wijk"] * 8]})
    return RegionIndex.from_regions(frame, "GM0342")


def write(path: Path, activity_rows: int) -> Path:
    workbook = Workbook(write_only=True)
    activities = workbook.create_sheet("Activiteiten")
    activities.append(["opgave", "activiteit", "partner", "jaar", "deelnemers", "wijk", "omschrijving"])
    for n in range(activity_rows):
        activities.append([OPGAVEN[n % 5], f"Activiteit {n}", f"Partner {n % 40}", 2020 + n % 6, 5 + n % 300, WIJKEN[n % 8], "Omschrijving " * 5])
    stories = workbook.create_sheet("Verhalen")
    stories.append(["opgave", "jaar", "titel", "verhaal", "wijk", "soort"])
    for n in range(activity_rows // 10):
        stories.append([OPGAVEN[n % 5], 2020 + n % 6, f"Verhaal {n}", "Wat er gebeurde. " * 20, WIJKEN[n % 8], "evaluatie"])
    workbook.save(path)
    return path


def main() -> None:
    config, index = load_config(), regions()
    with tempfile.TemporaryDirectory() as directory:
        for rows in (200, 2_000, MAX_ROWS - 1):
            path = write(Path(directory) / f"partner-{rows}.xlsx", rows)
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                table = read_partner_workbook(path, config, index)
                timings.append(time.perf_counter() - started)
            print(f"{rows:>6} activiteiten + {table.stories.height:>5} verhalen ({path.stat().st_size / 1e6:.1f} MB): "
                  f"valideren {min(timings):.2f} s (best of 3)")


if __name__ == "__main__":
    main()
