"""Writing partner workbooks for tests with openpyxl, the way a partner's Excel would save them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import Workbook

ACTIVITEITEN_HEADER = ["opgave", "activiteit", "partner", "jaar", "deelnemers", "wijk", "omschrijving"]
VERHALEN_HEADER = ["opgave", "jaar", "titel", "verhaal", "wijk", "soort", "bron"]
CIJFERS_HEADER = ["indicator", "wijk", "jaar", "waarde"]


def good_sheets() -> dict[str, list[list]]:
    """A small valid workbook: 3 activities, 3 stories, 3 figures."""
    return {
        "Activiteiten": [
            ACTIVITEITEN_HEADER,
            ["Gezonde leefstijl", "Beweegmaatjes", "Eemkracht", 2024, 40, "Smitsveen", "Wekelijks wandelen"],
            ["Bestaanszekerheid", "Formulierenspreekuur", "SchuldHulpMaatje Soest", 2024, 120, None, None],
            ["Meedoen en inclusie", "Taalcafé", "Taalhuis Soest", 2023, 18, "WK034207", "Elke dinsdag"],
        ],
        "Verhalen": [
            VERHALEN_HEADER,
            ["Gezonde leefstijl", 2024, "Samen op pad", "Deelnemers wandelen nu ook zonder maatje.", "Smitsveen", "evaluatie", "Eemkracht"],
            ["Mentale weerbaarheid", 2024, "Niet meer alleen", "'Ik kom weer buiten.'", None, "inwonersstem", None],
            [None, 2025, "Smitsveen in beeld", "Een jonge, diverse wijk met veel sociale huur.", "Smitsveen", "situatieschets", "Wijkteam"],
        ],
        "Cijfers": [
            CIJFERS_HEADER,
            ["aanvragen_leergeld", "Soest", 2024, 212],
            ["aanvragen_leergeld", "Smitsveen", 2024, 41],
            ["Deelname voor- en vroegschoolse educatie (VVE)", "Soest", 2024, "87,5"],
        ],
    }


def write_workbook(path: Path, sheets: dict[str, list[list]], *, keywords: str | None = None, merge: dict[str, str] | None = None) -> Path:
    """Write `sheets` (title → rows, header first) as an .xlsx; `merge` merges a range on a sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for title, cells in (merge or {}).items():
        workbook[title].merge_cells(cells)
    if keywords:
        workbook.properties.keywords = keywords
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
