"""Opening an .xlsx someone sent us, defensively: whatever is wrong becomes a Problem, never a traceback.

Partner workbooks and KIS exports come by e-mail. Before any cell is read
this module refuses what openpyxl cannot or should not open: another format
(.xls, .ods, a CSV renamed), a damaged file, a password-protected one, or one
so large that it cannot be a partner sheet. Every cell comes back with its
cached value and, when it has one, its formula, so a formula Excel never
calculated can be reported instead of read as empty.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

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
    """Every sheet of an .xlsx file, or None after adding the file-level problems to `problems`.

    Read twice in openpyxl's streaming mode (formulas, then the values Excel
    saved): much faster than its normal mode and it stops at the row limit
    before an absurd sheet fills the memory.
    """
    path = Path(path)
    if not _looks_like_xlsx(path, problems):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not read
            formulas = load_workbook(path, read_only=True, data_only=False)
            values = load_workbook(path, read_only=True, data_only=True)
            try:
                with zipfile.ZipFile(path) as archive:
                    sheets = {ws.title: _sheet(ws, values[ws.title], archive, problems, max_rows, max_columns)
                              for ws in formulas.worksheets}
            finally:
                formulas.close()
                values.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.add(f"het bestand is beschadigd of geen geldig Excel-bestand ({type(exc).__name__}: {exc}). "
                     "Open het in Excel en sla het opnieuw op als .xlsx.")
        return None
    return None if any(sheet is None for sheet in sheets.values()) else sheets


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


def _sheet(with_formulas, with_values, archive: zipfile.ZipFile, problems: ProblemList, max_rows: int, max_columns: int) -> Sheet | None:
    rows = []
    for number, (formula_row, value_row) in enumerate(zip(with_formulas.iter_rows(), with_values.iter_rows()), start=1):
        if number > max_rows:
            problems.add(f"het blad heeft meer dan {max_rows:,} rijen; dat is te groot om te laden. ".replace(",", ".")
                         + "Splits het bestand of verwijder lege opgemaakte rijen.", sheet=with_formulas.title)
            return None
        if len(formula_row) > max_columns:
            problems.add(f"het blad heeft meer dan {max_columns} kolommen; dat is te groot om te laden.", sheet=with_formulas.title)
            return None
        rows.append([
            Cell(value_cell.value, str(formula_cell.value) if formula_cell.data_type == "f" else None,
                 getattr(formula_cell, "number_format", "General"))
            for formula_cell, value_cell in zip(formula_row, value_row)
        ])
    return Sheet(with_formulas.title, rows, _merged_ranges(archive, with_formulas._worksheet_path))


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_ranges(archive: zipfile.ZipFile, worksheet_path: str) -> list[tuple[str, int, int, int, int]]:
    """Merged ranges straight from the sheet's XML: openpyxl's streaming mode does not report them."""
    result = []
    for reference in _MERGE.findall(archive.read(worksheet_path)):
        name = reference.decode()
        min_col, min_row, max_col, max_row = range_boundaries(name)
        result.append((name, min_col, min_row, max_col, max_row))
    return result
