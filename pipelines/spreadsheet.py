"""Opening an .xlsx someone sent us, defensively: whatever is wrong becomes a Problem, never a traceback.

Partner workbooks and KIS exports come by e-mail. Before any cell is read
this module refuses what openpyxl cannot or should not open: another format
(.xls, .ods, a CSV renamed), a damaged file, a password-protected one, or one
so large that it cannot be a partner sheet. Every cell comes back with its
cached value and, when it has one, its formula, so a formula Excel never
calculated can be reported instead of read as empty.

Limits, all checked before openpyxl builds anything big:
- the file itself (MAX_FILE_BYTES) and unpacked (MAX_UNPACKED_BYTES, a zip
  bomb), and the workbook's texts together (MAX_SHARED_TEXT_BYTES: openpyxl
  keeps them all in memory); the raw XML is scanned in blocks, so checking
  takes one block of memory, whatever the file holds;
- one cell: MAX_CELL_CHARS, Excel's own limit. A longer text cannot have been
  typed in Excel; it is found in the raw XML and refused with its sheet and
  cell before openpyxl reads it;
- two sheets whose names differ only in case, spacing or invisible characters
  ('Activiteiten' and 'Activiteiten ') are refused: which one is meant cannot
  be told;
- hidden sheets are not read (their author does not see them); the caller
  gets their names, to say so.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import XMLParser

from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.xml.constants import SHARED_STRINGS

from pipelines.dutch_numbers import thousands
from pipelines.problems import ProblemList, quoted
from pipelines.region_index import normalise

MAX_FILE_BYTES = 20 * 1024 * 1024
# Unpacked, a partner workbook at its row limit is about 10 MB and a KIS export of 50.000 lines about 50 MB;
# far more from a 20 MB file is a zip bomb, or sheets full of formatted empty cells.
MAX_UNPACKED_BYTES = 200 * 1_000_000
# openpyxl holds every text of the workbook (its shared strings) in memory, and we read the workbook twice.
MAX_SHARED_TEXT_BYTES = 50 * 1_000_000
# To name the cell that makes a file too big, its parts are scanned (about 150 MB a second); beyond this a
# file is refused without looking (a zip bomb of many GB would otherwise keep the analyst waiting).
MAX_SCANNED_BYTES = 1_000 * 1_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit per cell: a longer text was not typed in Excel
_CHUNK_BYTES = 1 << 20
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


@dataclass(frozen=True)
class Workbook:
    sheets: dict[str, Sheet]  # the visible sheets, in the workbook's order
    hidden: tuple[str, ...]  # titles of the hidden and very hidden sheets: not read


def read_workbook(path: Path, problems: ProblemList, *, max_rows: int, max_columns: int = 200) -> Workbook | None:
    """The visible sheets of an .xlsx file, or None after adding the file-level problems to `problems`.

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
            if not _fits_in_memory(path, problems):
                return None
            formulas = load_workbook(path, read_only=True, data_only=False)
            values = load_workbook(path, read_only=True, data_only=True)
            try:
                pairs = list(zip(formulas.worksheets, values.worksheets))
                visible = [(ws, other) for ws, other in pairs if ws.sheet_state == "visible"]
                hidden = tuple(ws.title for ws, _ in pairs if ws.sheet_state != "visible")
                if not _distinct_titles([ws.title for ws, _ in visible], problems):
                    return None
                with zipfile.ZipFile(path) as archive:
                    sheets = [_sheet(ws, other, archive, problems, max_rows, max_columns) for ws, other in visible]
            finally:
                formulas.close()
                values.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.add(f"het bestand is beschadigd of geen geldig Excel-bestand ({type(exc).__name__}: {quoted(exc, 200)}). "
                     "Open het in Excel en sla het opnieuw op als .xlsx.")
        return None
    if any(sheet is None for sheet in sheets):
        return None
    return Workbook({sheet.title: sheet for sheet in sheets}, hidden)


def _distinct_titles(titles: list[str], problems: ProblemList) -> bool:
    """Refuse sheets whose names differ only in case, spacing or invisible characters: a reader would take one."""
    first_by_key: dict[str, str] = {}
    distinct = True
    for title in titles:
        key = normalise(title)
        if key in first_by_key:
            problems.add(f"dit blad heet (bijna) hetzelfde als blad {quoted(first_by_key[key])}: de namen verschillen "
                         "alleen in hoofdletters, spaties of onzichtbare tekens, dus welk blad bedoeld is, is niet te "
                         "zeggen. Geef de bladen duidelijk verschillende namen of verwijder er een.", sheet=quoted(title))
            distinct = False
        first_by_key.setdefault(key, title)
    return distinct


def fits_file_limit(path: Path, problems: ProblemList) -> bool:
    """Whether the file is there and no larger than MAX_FILE_BYTES (checked before anything reads it)."""
    if not path.is_file():
        problems.add("bestand niet gevonden.")
        return False
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(f"het bestand is {size / 1e6:.0f} MB; meer dan {MAX_FILE_BYTES // 1_000_000} MB kan geen "
                     "partneropgave of export zijn. Splits het of stuur alleen de bladen die nodig zijn.")
        return False
    return True


def _looks_like_xlsx(path: Path, problems: ProblemList) -> bool:
    if not fits_file_limit(path, problems):
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
    rows, fits = [], True
    title = with_formulas.title
    for number, (formula_row, value_row) in enumerate(zip(with_formulas.iter_rows(), with_values.iter_rows()), start=1):
        if number > max_rows:
            problems.add(f"het blad heeft meer dan {max_rows:,} rijen; dat is te groot om te laden. ".replace(",", ".")
                         + "Splits het bestand of verwijder lege opgemaakte rijen.", sheet=title)
            return None
        if len(formula_row) > max_columns:
            problems.add(f"het blad heeft meer dan {max_columns} kolommen; dat is te groot om te laden.", sheet=title)
            return None
        cells = [
            Cell(value_cell.value, str(formula_cell.value) if formula_cell.data_type == "f" else None,
                 getattr(formula_cell, "number_format", "General"))
            for formula_cell, value_cell in zip(formula_row, value_row)
        ]
        # The raw XML was checked already (_fits_in_memory); this catches what a writer hid from that check.
        for column, cell in enumerate(cells, start=1):
            for text in (cell.value, cell.formula):
                if isinstance(text, str) and len(text) > MAX_CELL_CHARS:
                    problems.add(_too_long(len(text)), sheet=title, row=number, column=column)
                    fits = False
        rows.append(cells)
    return Sheet(title, rows, _merged_ranges(archive, with_formulas._worksheet_path)) if fits else None


def _too_long(length: int) -> str:
    return (f"de cel bevat {thousands(length)} tekens; Excel zelf staat hooguit {thousands(MAX_CELL_CHARS)} tekens per "
            "cel toe, dus dit bestand is niet in Excel gemaakt of beschadigd. Kort de tekst in en sla het bestand in "
            "Excel opnieuw op.")


# --- What openpyxl would have to hold: checked in the raw XML first ----------------------------------------


def _fits_in_memory(path: Path, problems: ProblemList) -> bool:
    """Refuse a workbook that would fill the memory before openpyxl reads it: too long a text, or too big unpacked.

    Only the workbook's own index (the sheet names and parts) is parsed; the
    sheets and texts are scanned as bytes, and only when a run of text is
    longer than a cell can hold is that part parsed to find the cell. A too
    long text is looked for first: it is the likely reason a file is too big,
    and its sheet and cell say what to fix.
    """
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > MAX_SCANNED_BYTES:
            problems.add(_too_big("uitgepakt is het bestand", unpacked, MAX_UNPACKED_BYTES))
            return False
        worksheets, shared_texts = _parts(path)
        long_shared = {}
        if shared_texts is not None and _has_long_run(archive, shared_texts):
            long_shared = _long_shared_texts(archive, shared_texts)
        fits = True
        for title, part in worksheets:
            # A too long shared text is found in the sheets that use it, so then every sheet is parsed.
            if long_shared or _has_long_run(archive, part):
                for row, column, length in _long_cells(archive, part, long_shared):
                    problems.add(_too_long(length), sheet=title, row=row, column=column)
                    fits = False
        if not fits:
            return False
        if unpacked > MAX_UNPACKED_BYTES:
            problems.add(_too_big("uitgepakt is het bestand", unpacked, MAX_UNPACKED_BYTES))
            return False
        texts = archive.getinfo(shared_texts).file_size if shared_texts is not None else 0
        if texts > MAX_SHARED_TEXT_BYTES:
            problems.add(_too_big("de teksten in dit bestand zijn samen", texts, MAX_SHARED_TEXT_BYTES))
            return False
    return True


def _too_big(what: str, size: int, limit: int) -> str:
    return (f"{what} {size / 1e6:.0f} MB; meer dan {limit // 1_000_000} MB kan geen partneropgave of export zijn "
            "(vaak: lange geplakte teksten, of duizenden opgemaakte lege rijen of kolommen). Verwijder die, of stuur "
            "alleen de bladen die nodig zijn.")


def _parts(path: Path) -> tuple[list[tuple[str, str]], str | None]:
    """(sheet title, worksheet part) of every worksheet, and the shared-strings part, without reading any text."""
    reader = ExcelReader(path, read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()  # the workbook's index only; openpyxl reads the texts in read_strings
        worksheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                      if "worksheet" in rel.Type and rel.target in reader.valid_files]
        strings = reader.package.find(SHARED_STRINGS)
        return worksheets, strings.PartName[1:] if strings is not None else None
    finally:
        reader.archive.close()


def _has_long_run(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether `part` has more than MAX_CELL_CHARS bytes without a '<': the only way a text that long can be in it.

    A text of n characters takes at least n bytes and cannot hold a '<' (it
    is written &lt;), so a part without such a run has no cell too long.
    Bytes only, in blocks: fast, and the memory stays one block.
    """
    run = 0  # bytes since the last '<'
    with archive.open(part) as stream:
        for block in iter(lambda: stream.read(_CHUNK_BYTES), b""):
            pieces = block.split(b"<")
            if run + len(pieces[0]) > MAX_CELL_CHARS or any(len(piece) > MAX_CELL_CHARS for piece in pieces[1:]):
                return True
            run = run + len(block) if len(pieces) == 1 else len(pieces[-1])
    return False


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _SharedTextLengths:
    """ElementTree parser target over sharedStrings.xml: index → length of each text longer than MAX_CELL_CHARS.

    It counts characters as expat hands them over and keeps none of them.
    """

    def __init__(self):
        self.index, self.length, self.in_text, self.too_long = -1, 0, False, {}

    def start(self, tag, attributes):
        name = _local(tag)
        if name == "si":
            self.index, self.length = self.index + 1, 0
        self.in_text = name == "t"

    def data(self, text):
        if self.in_text:
            self.length += len(text)

    def end(self, tag):
        self.in_text = False
        if _local(tag) == "si" and self.length > MAX_CELL_CHARS:
            self.too_long[self.index] = self.length

    def close(self):
        return self.too_long


class _CellTextLengths:
    """ElementTree parser target over a worksheet: (row, column, length) of each cell whose text is too long.

    A cell's text is inline (the <t> runs in <is>, together), its formula
    (<f>) or its value (<v>); for a shared string (t="s") the value is the
    index into `shared`, which holds the lengths of the too long ones.
    """

    def __init__(self, shared: dict[int, int]):
        self.shared, self.found = shared, []
        self.reference, self.kind, self.element, self.length, self.inline, self.longest, self.value = (
            None, None, None, 0, 0, 0, "")

    def start(self, tag, attributes):
        name = _local(tag)
        if name == "c":
            self.reference, self.kind = attributes.get("r"), attributes.get("t")
            self.inline, self.longest, self.value = 0, 0, ""
        elif name in ("t", "f", "v"):
            self.element, self.length = name, 0

    def data(self, text):
        if self.element:
            self.length += len(text)
            if self.element == "v" and len(self.value) < 12:  # a shared-string index has a few digits
                self.value += text

    def end(self, tag):
        name = _local(tag)
        if name == "t":
            self.inline += self.length
        elif name in ("f", "v"):
            self.longest = max(self.longest, self.length)
        elif name == "c":
            length = max(self.inline, self.longest)
            if self.kind == "s" and self.value.strip().isdigit():
                length = self.shared.get(int(self.value), 0)
            if length > MAX_CELL_CHARS:
                self.found.append((*_row_and_column(self.reference), length))
        if name in ("t", "f", "v"):
            self.element = None

    def close(self):
        return self.found


def _row_and_column(reference: str | None) -> tuple[int | None, int | None]:
    try:
        letters, row = coordinate_from_string(reference or "")
        return row, column_index_from_string(letters)
    except (CellCoordinatesException, ValueError):
        return None, None  # a cell without its optional reference: the sheet is still named


def _parse(archive: zipfile.ZipFile, part: str, target):
    parser = XMLParser(target=target)
    with archive.open(part) as stream:
        for block in iter(lambda: stream.read(_CHUNK_BYTES), b""):
            parser.feed(block)
    return parser.close()


def _long_shared_texts(archive: zipfile.ZipFile, part: str) -> dict[int, int]:
    """Index → length of every shared string longer than MAX_CELL_CHARS."""
    return _parse(archive, part, _SharedTextLengths())


def _long_cells(archive: zipfile.ZipFile, part: str, long_shared: dict[int, int]) -> list[tuple]:
    """(row, column, length) of every cell in the worksheet `part` whose text is longer than MAX_CELL_CHARS."""
    return _parse(archive, part, _CellTextLengths(long_shared))


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_ranges(archive: zipfile.ZipFile, worksheet_path: str) -> list[tuple[str, int, int, int, int]]:
    """Merged ranges straight from the sheet's XML: openpyxl's streaming mode does not report them."""
    result = []
    for reference in _MERGE.findall(archive.read(worksheet_path)):
        name = reference.decode()
        min_col, min_row, max_col, max_row = range_boundaries(name)
        result.append((name, min_col, min_row, max_col, max_row))
    return result


def header_key(text: object) -> str:
    """A header cell as compared with the template's column names: case, accents and spacing do not matter."""
    return normalise(str(text)) if text is not None else ""


def header_columns(sheet: Sheet, names: list[str] | tuple[str, ...], required: list[str] | tuple[str, ...],
                   problems: ProblemList, notices: list[str]) -> dict[str, int] | None:
    """Column name → column number from row 1 of a template sheet; None when the sheet cannot be read at all.

    Every template reader (partner, financiën) reads its header the same way: merged header cells, a column named
    twice and a missing required column are problems naming sheet, row and column; an unknown column is a notice.
    """
    merged = sheet.merged_in_rows(1, 1)
    for name, column, _ in merged:
        problems.add(f"de kopregel heeft samengevoegde cellen ({name}); maak de samenvoeging ongedaan zodat elke "
                     "kolom een eigen kop heeft.", sheet=sheet.title, row=1, column=column)
    if merged:
        return None
    wanted = {header_key(name): name for name in names}
    columns: dict[str, int] = {}
    for number, cell in enumerate(sheet.rows[0] if sheet.rows else [], start=1):
        key = header_key(cell.value)
        if not key:
            continue
        if key not in wanted:
            notices.append(f"blad {sheet.title}: kolom {quoted(cell.value)} genegeerd (geen kolom van het sjabloon)")
        elif wanted[key] in columns:
            problems.add(f"kolom '{wanted[key]}' staat twee keer in de kopregel (ook in kolom "
                         f"{get_column_letter(columns[wanted[key]])}).", sheet=sheet.title, row=1, column=number)
        else:
            columns[wanted[key]] = number
    missing = [name for name in required if name not in columns]
    for name in missing:
        problems.add(f"verplichte kolom '{name}' ontbreekt in de kopregel (rij 1). Verplicht zijn: "
                     f"{', '.join(required)}.", sheet=sheet.title, row=1, header=name)
    return None if missing else columns


# In a workbook's keywords property: fictional demo data (partner and financiën demo workbooks), so a load says so.
DEMO_KEYWORD = "voorbeelddata"


def is_demo_workbook(path: Path) -> bool:
    workbook = load_workbook(path, read_only=True)
    try:
        return DEMO_KEYWORD in (workbook.properties.keywords or "").casefold()
    finally:
        workbook.close()
