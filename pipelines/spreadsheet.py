"""Opening an .xlsx someone sent us, defensively: whatever is wrong becomes a Problem, never a traceback.

Partner workbooks and KIS exports come by e-mail. Before any cell is read
this module refuses what openpyxl cannot or should not open: another format
(.xls, .ods, a CSV renamed), a damaged file, a password-protected one, or one
so large that it cannot be a partner sheet. Every cell comes back with its
cached value and, when it has one, its formula, so a formula Excel never
calculated can be reported instead of read as empty.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from pipelines.problems import ProblemList

MAX_FILE_BYTES = 20 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: old .xls, or an encrypted .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Cell:
    value: object  # the value Excel saved (None when empty)
    formula: str | None = None  # the formula, when the cell has one
    number_format: str = "General"

    @property
    def is_empty(self) -> bool:
        return self.formula is None and (self.value is None or (isinstance(self.value, str) and not self.value.strip()))

    @property
    def uncalculated(self) -> bool:
        """A formula without a saved result: Excel never calculated it (files written by scripts)."""
        return self.formula is not None and self.value is None


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: list[list[Cell]]  # rows[0] is Excel row 1
    merged: list[tuple[str, int, int, int, int]]  # (range, min_col, min_row, max_col, max_row)

    def merged_in_rows(self, first: int, last: int) -> list[tuple[str, int, int]]:
        """(range, first column, first row) of the merged ranges that touch rows first..last."""
        return [(name, column, low) for name, column, low, _, high in self.merged if low <= last and high >= first]


def read_workbook(path: Path, problems: ProblemList, *, max_rows: int, max_columns: int = 200) -> dict[str, Sheet] | None:
    """Every sheet of an .xlsx file, or None after adding the file-level problems to `problems`."""
    path = Path(path)
    if not _looks_like_xlsx(path, problems):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not read
            if not _within_limits(path, problems, max_rows, max_columns):
                return None
            formulas = load_workbook(path, data_only=False)
            values = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.add(f"het bestand is beschadigd of geen geldig Excel-bestand ({type(exc).__name__}: {exc}). "
                     "Open het in Excel en sla het opnieuw op als .xlsx.")
        return None
    return {ws.title: _sheet(ws, values[ws.title]) for ws in formulas.worksheets}


def _looks_like_xlsx(path: Path, problems: ProblemList) -> bool:
    if not path.is_file():
        problems.add("bestand niet gevonden.")
        return False
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(f"het bestand is {size / 1e6:.0f} MB; meer dan {MAX_FILE_BYTES // 1_000_000} MB kan geen "
                     "partneropgave of export zijn. Splits het of stuur alleen de bladen die nodig zijn.")
        return False
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        if _ENCRYPTED_STREAM in path.read_bytes():
            problems.add("het bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord "
                         "(Bestand › Info › Werkmap beveiligen) en laad het opnieuw.")
        else:
            problems.add("dit is het oude Excel-formaat (.xls). Sla het op als Excel-werkmap (.xlsx) en laad het opnieuw.")
        return False
    if not zipfile.is_zipfile(path):
        problems.add("dit is geen Excel-werkmap (.xlsx). Sla het bestand in Excel op als 'Excel-werkmap (.xlsx)'.")
        return False
    return True


def _within_limits(path: Path, problems: ProblemList, max_rows: int, max_columns: int) -> bool:
    """Count rows cheaply (streaming) before loading the whole file into memory."""
    streamed = load_workbook(path, read_only=True, data_only=True)
    try:
        fits = True
        for ws in streamed.worksheets:
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > max_rows:
                    problems.add(f"het blad heeft meer dan {max_rows:,} rijen; dat is te groot om te laden. "
                                 "Splits het bestand of verwijder lege opgemaakte rijen.".replace(",", "."), sheet=ws.title)
                    fits = False
                    break
                if len(row) > max_columns:
                    problems.add(f"het blad heeft meer dan {max_columns} kolommen; dat is te groot om te laden.", sheet=ws.title)
                    fits = False
                    break
        return fits
    finally:
        streamed.close()


def _sheet(with_formulas, with_values) -> Sheet:
    rows = []
    for formula_row, value_row in zip(with_formulas.iter_rows(), with_values.iter_rows()):
        cells = []
        for formula_cell, value_cell in zip(formula_row, value_row):
            formula = formula_cell.value if formula_cell.data_type == "f" else None
            cells.append(Cell(value_cell.value, str(formula) if formula is not None else None, formula_cell.number_format))
        rows.append(cells)
    merged = [
        (str(r), r.min_col, r.min_row, r.max_col, r.max_row) for r in with_formulas.merged_cells.ranges
    ]
    return Sheet(with_formulas.title, rows, merged)
