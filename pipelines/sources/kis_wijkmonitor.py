"""Reading a KIS-wijkmonitor export (.xlsx or .csv): find the table, map it, and refuse it whole if anything is off.

The KIS-wijkmonitor (Kennisplatform Inclusief Samenleven) has no API: an
analyst downloads a table from the site as Excel or CSV and drops it in the
monitor. No real export was available when this reader was written, so it is
built against an assumed layout and is deliberately *tolerant in shape* but
*strict in content*:

- tolerant in shape: a few title lines (title, theme, selection such as
  "Migratieachtergrond: Totale bevolking", "Periode: 2023", source, date),
  then one header row found by what it contains rather than where it is,
  then data rows, then possibly footnotes ("Bron: …", "* voorlopig"). Either
  orientation is accepted: one indicator per file with a column per period
  (orientation A), or one period per file with a column per indicator or per
  migratieachtergrond group (orientation B). Areas may be named, named with
  a code in them, or coded in a separate column; numbers may be Excel numbers,
  percent-formatted fractions or Dutch text ("12,5", "1.234", "12,5%").
- strict in content: every area must be Nederland, the configured gemeente or
  one of its wijken; every indicator label must be one the config knows; every
  group must be a known migratieachtergrond; every value must be a number or a
  recognised "missing" marker (stored as NULL with status 'ontbreekt', never as
  0), finite and within what the indicator's unit allows (a percentage 0 to
  100). Anything else is a problem with file, sheet, row and column.
- an export is made by a machine, not typed: control characters in its texts
  mean nothing and the analyst cannot correct the source, so they are removed
  with a notice saying where (a partner workbook refuses them instead). Hidden
  sheets are not read, with a notice.

All problems of a file are collected and the file is refused as a whole
(InputRefused), so the analyst can fix everything in one go and a half-read
export never reaches the warehouse. Unexpected parse failures are turned into
problems too: a strange file must never end in a traceback.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from monitor.config import KIS, MonitorConfig
from monitor.sources import FileSource
from pipelines.dutch_numbers import implausible, is_missing, parse_number, thousands
from pipelines.problems import CONTROL_CHARACTER, InputRefused, ProblemList, quoted
from pipelines.region_index import RegionIndex, UnknownRegion, normalise
from pipelines.spreadsheet import MAX_CELL_CHARS, Cell, Workbook, fits_file_limit, read_workbook
from monitor.tidy import OBSERVATION_SCHEMA, REGION_SCHEMA, SourceTable, empty

SOURCE_CODE = "kis_wijkmonitor"
MAX_LINES = 50_000  # an export of one gemeente's wijken is a few hundred rows; more is a wrong file
AREA_LEVELS = ("land", "gemeente", "wijk")  # KIS publishes Nederland, gemeente and wijk; buurten are never loaded
FIRST_YEAR, LAST_YEAR = 1990, 2100
TOTAL = "totaal"

PERIOD, INDICATOR, GROUP = "jaar", "indicator", "migratieachtergrond"

# Accepted spellings of a migratieachtergrond group → the breakdown name stored in the warehouse.
# CBS renamed the classification over the years ("allochtoon" → "migratieachtergrond" →
# "herkomst"); exports and analysts use all of them, so every spelling ends in one name.
_GROUP_SPELLINGS = {
    TOTAL: ("Totaal", "Totale bevolking", "Alle inwoners", "Alle herkomstgroepen", "Alle migratieachtergronden",
            "Bevolking totaal", "Totaal migratieachtergrond"),
    "Geen migratieachtergrond": ("Geen migratieachtergrond", "Nederlandse achtergrond", "Nederlandse herkomst",
                                 "Autochtoon", "Autochtonen", "Nederland", "Nederlands"),
    "Westerse migratieachtergrond": ("Westerse migratieachtergrond", "Westers", "Westerse", "Westerse herkomst",
                                     "Westerse allochtonen", "Totaal westers"),
    "Niet-westerse migratieachtergrond": ("Niet-westerse migratieachtergrond", "Niet-westers", "Niet-westerse",
                                          "Niet westers", "Niet westerse", "Niet-westerse herkomst",
                                          "Niet-westerse allochtonen", "Totaal niet-westers"),
    "Turkije": ("Turkije", "Turks", "Turkse"),
    "Marokko": ("Marokko", "Marokkaans", "Marokkaanse"),
    "Suriname": ("Suriname", "Surinaams", "Surinaamse"),
    "Nederlandse Cariben": ("Nederlandse Cariben", "Antillen", "Antillen en Aruba", "Nederlandse Antillen",
                            "Nederlandse Antillen en Aruba", "Voormalige Nederlandse Antillen en Aruba",
                            "(Voormalige) Nederlandse Antillen en Aruba", "Antilliaans", "Antilliaans/Arubaans"),
    "Polen": ("Polen", "Pools", "Poolse"),
    "Syrië": ("Syrië", "Syrie", "Syrisch", "Syrische"),
    "Eritrea": ("Eritrea", "Eritrees", "Eritrese"),
    "Overig westers": ("Overig westers", "Overige westers", "Overig westerse", "Overige westerse"),
    "Overig niet-westers": ("Overig niet-westers", "Overige niet-westers", "Overig niet-westerse",
                            "Overige niet-westerse"),
    "Europa (exclusief Nederland)": ("Europa (exclusief Nederland)", "Europa (excl. Nederland)",
                                     "Europa exclusief Nederland", "Europa excl. Nederland"),
    "Buiten Europa": ("Buiten Europa", "Buiten-Europa", "Herkomst buiten Europa"),
}

# Header words of the extra columns next to the area column.
_CODE_HEADERS = {"code", "gebiedscode", "regiocode", "wijkcode", "gemeentecode", "cbs-code", "cbs code", "cbscode"}
_GROUP_HEADERS = {"migratieachtergrond", "herkomst", "groep", "herkomstgroep", "migratiegroep"}
# First words of a title line that is split over two cells ("Periode:" | "2023"): never a header row.
_TITLE_WORDS = {"periode", "jaar", "peiljaar", "peildatum", "verslagjaar", "migratieachtergrond", "herkomst",
                "indicator", "onderwerp", "tabel", "thema", "selectie", "bron", "datum"}
# Lines after the data that are notes, not areas. '*' covers "* voorlopig".
# Whole words only, so an area such as "Bronckhorst" or "Nootdorp" never ends the table.
_FOOTNOTE = re.compile(r"^([*©]|\(c\)|(bron|bronnen|noot|noten|voetnoot|voetnoten|toelichting|opmerking|opmerkingen|"
                       r"bewerking|let op|legenda|verklaring)\b)", re.IGNORECASE)
_LEGEND = re.compile(r"^[-–—.x?]\s*[=:]", re.IGNORECASE)  # "x = geheim", ". : onbekend"

_PERIOD_HEADER = re.compile(r"^(\d{4})\s*(\*+|\(\s*voorlopig\s*\)|voorlopig|\(v\))?$", re.IGNORECASE)
_INDICATOR_LINE = re.compile(r"^(indicator|onderwerp|tabel)\s*:\s*(.+)$", re.IGNORECASE)
_GROUP_LINE = re.compile(r"^(migratieachtergrond|herkomst|herkomstgroep)\s*:\s*(.+)$", re.IGNORECASE)
_PERIOD_LINE = re.compile(r"^(periode|jaar|peiljaar|peildatum|verslagjaar)\b\s*:?\s*(.+)$", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}")
# Title lines whose year is a download or publication date, not the period of the figures.
_NOT_PERIOD_STARTS = ("bron", "datum", "gedownload", "geraadpleegd", "download", "geëxporteerd", "export",
                      "©", "(c)", "bewerking", "publicatie", "aangemaakt", "gemaakt")
_LABEL_BOUNDARY = " ,(:;-"
_UNCALCULATED = ("formule zonder berekende waarde: Excel heeft deze formule nooit uitgerekend. Open het bestand in "
                 "Excel, laat het herberekenen en sla het op, of vervang de formule door de waarde.")


def read_kis_export(path: Path, config: MonitorConfig, regions: RegionIndex) -> SourceTable:
    """Validate and tidy one KIS-wijkmonitor export (.xlsx or .csv).

    Returns a SourceTable with the observations (indicator, region, year,
    breakdown = migratieachtergrond, value, status). Raises InputRefused
    listing every problem found when anything in the file cannot be mapped;
    nothing else is ever raised for bad input.
    """
    path = Path(path)
    problems = ProblemList(path)
    try:
        table = _read(path, config, regions, problems)
    except InputRefused:
        raise
    except Exception as exc:  # a layout nobody foresaw must still end as a refusal, not a traceback
        problems.add(f"onverwachte fout bij het lezen ({type(exc).__name__}: {exc}). Controleer of dit een "
                     "ongewijzigde KIS-export is; meld het anders met het bestand bij de beheerder van de monitor.")
        table = None
    if table is None and not problems:
        problems.add("het bestand kon niet worden gelezen.")
    problems.refuse_if_any()
    return table


def _read(path: Path, config: MonitorConfig, regions: RegionIndex, problems: ProblemList) -> SourceTable | None:
    suffix = path.suffix.casefold()
    if suffix not in (".xlsx", ".csv"):
        problems.add(f"bestandstype '{path.suffix or '(geen)'}' wordt niet gelezen: alleen .xlsx of .csv. "
                     "Download de tabel uit de KIS-wijkmonitor opnieuw als Excel (.xlsx) of CSV.")
        return None
    if not fits_file_limit(path, problems):
        return None
    data = path.read_bytes()
    if suffix == ".xlsx":
        workbook = read_workbook(path, problems, max_rows=MAX_LINES)
        if workbook is None:
            return None
        grids, hidden = _xlsx_grids(workbook), workbook.hidden
    else:
        grids, hidden = _csv_grids(data, problems), ()
    if grids is None:
        return None
    vocabulary = _Vocabulary.from_config(config)
    notices: list[str] = []
    _remove_control_characters(grids, notices)
    chosen = _choose_grid(grids, vocabulary, problems, notices)
    if hidden:
        names = ", ".join(quoted(title) for title in hidden)
        not_read = (f"verborgen {'blad' if len(hidden) == 1 else 'bladen'} {names} niet gelezen: wat niet zichtbaar "
                    "is, wordt niet geladen. Staat de tabel daarop, maak het blad dan zichtbaar (rechtsklik op een "
                    "bladtab › Zichtbaar maken).")
        if chosen is None:
            problems.add(not_read)  # it may well be why no table was found
        else:
            notices.append(not_read)
    if chosen is None:
        return None
    reader = _ExportReader(*chosen, vocabulary, regions, problems, notices)
    observations = reader.read()
    if problems:
        return None
    return SourceTable(
        source=SOURCE_CODE,
        table_id=path.name,
        year=reader.single_year,
        directory=path,
        sha256=hashlib.sha256(data).hexdigest(),
        is_demo=reader.titles.is_demo,
        regions=empty(REGION_SCHEMA),
        observations=pl.DataFrame(observations, schema=OBSERVATION_SCHEMA, orient="row")
        if observations else empty(OBSERVATION_SCHEMA),
        notices=tuple(notices),
    )


# --- Cells and keys -------------------------------------------------------------------------------


def _text(cell: Cell | None) -> str:
    """A cell as the text a person sees: 2019.0 from Excel reads as '2019'."""
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key(text: str) -> str:
    """Labels and groups made comparable: case, spacing, quotes, dashes, accents and a trailing '%' or '(%)'."""
    key = normalise(text)
    key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    key = re.sub(r"\s*(\(%\)|%)$", "", key)
    return key.rstrip(":").strip()


def _cell(cells: list[Cell], index: int | None) -> Cell | None:
    return cells[index] if index is not None and index < len(cells) else None


def _is_empty_row(cells: list[Cell]) -> bool:
    return all(cell.is_empty for cell in cells)


def _is_footnote(cells: list[Cell]) -> bool:
    """One filled cell starting like a note ("Bron: …", "* voorlopig", "x = geheim")."""
    filled = [_text(cell) for cell in cells if not cell.is_empty]
    if len(filled) != 1:
        return False
    return bool(_FOOTNOTE.match(filled[0]) or _LEGEND.match(filled[0]))


def _is_percent_format(number_format: str) -> bool:
    """Excel shows such a cell ×100 with '%'; a quoted or escaped '%' is only decoration and does not scale."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format or "")


# --- What the config and the layout know ----------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """The indicator labels of the config and the migratieachtergrond groups, by normalised key."""

    labels: dict[str, str]  # key → indicator code
    label_texts: tuple[str, ...]
    groups: dict[str, str]  # key → breakdown name
    units: dict[str, str]  # indicator code → unit, for the range its figures can have

    @classmethod
    def from_config(cls, config: MonitorConfig) -> _Vocabulary:
        labels: dict[str, str] = {}
        texts = []
        units = {}
        for indicator in config.indicators:
            if indicator.source != SOURCE_CODE:
                continue
            units[indicator.code] = indicator.unit
            for label in indicator.kis_labels:
                labels.setdefault(_key(label), indicator.code)
                texts.append(label)
        groups = {_key(spelling): name for name, spellings in _GROUP_SPELLINGS.items() for spelling in spellings}
        return cls(labels, tuple(texts), groups, units)

    def indicator(self, text: str, loose: bool = False) -> str | None:
        """The indicator a label names; `loose` also accepts a title that starts with a label."""
        key = _key(text)
        if key in self.labels:
            return self.labels[key]
        if not loose:
            return None
        matches = [label for label in self.labels
                   if key.startswith(label) and key[len(label):len(label) + 1] in tuple(_LABEL_BOUNDARY)]
        return self.labels[max(matches, key=len)] if matches else None

    def group(self, text: str) -> str | None:
        return self.groups.get(_key(text))

    def classify(self, text: str) -> tuple[str, object, bool] | None:
        """(kind, key, provisional) of a header cell: a period, an indicator label or a group; None if none."""
        period = _period(text)
        if period is not None:
            return PERIOD, period[0], period[1]
        code = self.indicator(text)
        if code is not None:
            return INDICATOR, code, False
        group = self.group(text)
        if group is not None:
            return GROUP, group, False
        return None

    def known_labels(self) -> str:
        return ", ".join(f"'{label}'" for label in self.label_texts) or "(geen: de config heeft geen KIS-indicatoren)"


def _known_groups() -> str:
    return ", ".join(name for name in _GROUP_SPELLINGS)


def _period(text: str) -> tuple[int, bool] | None:
    """'2019' → (2019, False); '2019*' or '2023 (voorlopig)' → (…, True); anything else None."""
    match = _PERIOD_HEADER.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return year, bool(match.group(2))


# --- Opening the file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    """One table as rows of cells: a sheet of the workbook, or the CSV file."""

    sheet: str | None
    rows: list[tuple[int, list[Cell]]]  # (Excel row or CSV line number, 1-based; cells)

    def is_empty(self) -> bool:
        return all(_is_empty_row(cells) for _, cells in self.rows)


def _xlsx_grids(workbook: Workbook) -> list[_Grid]:
    return [_Grid(sheet.title, [(number, row) for number, row in enumerate(sheet.rows, start=1)])
            for sheet in workbook.sheets.values()]


def _csv_grids(data: bytes, problems: ProblemList) -> list[_Grid] | None:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add("dit is een Excel-bestand met de extensie .csv. Geef het de extensie .xlsx, "
                     "of download de tabel opnieuw als CSV.")
        return None
    text = _decode(data, problems)
    if text is None:
        return None
    if "\x00" in text:
        problems.add("dit is geen tekstbestand (CSV). Download de tabel opnieuw als CSV of als Excel (.xlsx).")
        return None
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        problems.add(f"het bestand heeft meer dan {MAX_LINES:_} regels; dat kan geen KIS-export van één gemeente "
                     "zijn. Download alleen de tabel voor de gemeente en haar wijken.".replace("_", "."))
        return None
    delimiter = _delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, previous, fits = [], 0, True
    try:
        for fields in reader:
            # line_num counts lines read so far; a quoted field can span lines, so a row starts after the previous
            rows.append((previous + 1, [Cell(value) for value in fields]))
            for index, value in enumerate(fields):
                if len(value) > MAX_CELL_CHARS:
                    problems.add(_too_long(len(value)), row=previous + 1, column=index + 1)
                    fits = False
            previous = reader.line_num
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # csv's own limit is above ours: the field is too long too
            problems.add(_too_long(None), row=previous + 1)
        else:
            problems.add(f"de CSV kan niet worden gelezen na regel {previous} ({exc}). Controleer de aanhalingstekens, "
                         "of download de tabel opnieuw.")
        return None
    return [_Grid(None, rows)] if fits else None


def _too_long(length: int | None) -> str:
    size = thousands(length) if length is not None else f"meer dan {thousands(csv.field_size_limit())}"
    return (f"dit veld heeft {size} tekens; hooguit {thousands(MAX_CELL_CHARS)} (zoveel past in een Excel-cel) kan in "
            "een KIS-export staan. Download de tabel opnieuw.")


def _remove_control_characters(grids: list[_Grid], notices: list[str]) -> None:
    """Remove control characters from every text of the grids, with one notice naming where they were."""
    places = []
    for grid in grids:
        for position, (number, cells) in enumerate(grid.rows):
            if not any(isinstance(cell.value, str) and CONTROL_CHARACTER.search(cell.value) for cell in cells):
                continue
            cleaned = []
            for index, cell in enumerate(cells):
                if isinstance(cell.value, str) and CONTROL_CHARACTER.search(cell.value):
                    sheet = f"blad {grid.sheet} " if grid.sheet else ""
                    places.append(f"{sheet}rij {number} kolom {get_column_letter(index + 1)}")
                    cell = dataclasses.replace(cell, value=CONTROL_CHARACTER.sub("", cell.value))
                cleaned.append(cell)
            grid.rows[position] = (number, cleaned)
    if places:
        notices.append(f"onzichtbare stuurtekens verwijderd uit {len(places)} {'cel' if len(places) == 1 else 'cellen'} "
                       f"({', '.join(places[:5])}{' …' if len(places) > 5 else ''})")


def _decode(data: bytes, problems: ProblemList) -> str | None:
    """UTF-8 or UTF-16 with a BOM, else UTF-8, else Windows-1252.

    Dutch Excel saves 'CSV (gescheiden door lijstscheidingsteken)' in
    Windows-1252 and 'CSV UTF-8' with a BOM; a plain UTF-8 file fails on the
    first byte Windows-1252 would have written differently (é, ë, ’).
    """
    if data.startswith(codecs.BOM_UTF8):
        attempts = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ("utf-16",)
    else:
        attempts = ("utf-8", "cp1252")
    for encoding in attempts:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    problems.add("de tekencodering van de CSV is niet te herkennen (geen UTF-8 en geen Windows-1252). "
                 "Sla het bestand op als 'CSV UTF-8' of download het opnieuw.")
    return None


def _delimiter(lines: list[str]) -> str:
    """';', tab or ',': the one that splits most lines into the same number of fields.

    csv.Sniffer alone is fooled by Dutch decimal commas in a ';' file and by
    commas in title lines, so it only breaks a tie; ';' is KIS's default.
    """
    sample = [line for line in lines if line.strip()][:40]
    scores = {}
    for delimiter in (";", "\t", ","):
        try:
            counts = [len(fields) for fields in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:  # a field beyond csv's limit: reading the file says so, with its line
            counts = []
        multi = [count for count in counts if count >= 2]
        scores[delimiter] = Counter(multi).most_common(1)[0][1] if multi else 0
    best = max(scores.values())
    if best == 0:
        return ";"
    tied = [delimiter for delimiter, score in scores.items() if score == best]
    if len(tied) == 1:
        return tied[0]
    try:
        sniffed = csv.Sniffer().sniff("\n".join(sample), delimiters=";,\t").delimiter
    except csv.Error:
        sniffed = None
    return sniffed if sniffed in tied else tied[0]


# --- Finding the table ----------------------------------------------------------------------------


def _starts_like_title(texts: list[str], vocabulary: _Vocabulary) -> bool:
    """A title line split over cells ("Periode:" | "2023", or "Bron: KIS, 2025" cut at its commas in a CSV).

    The area column's header is never a title word nor an indicator label, so
    such a row is a title line even when a later cell looks like a year. (A
    label further right, after a blank area header, is a real header.)
    """
    first = texts[0]
    if not first:
        return False
    word = re.match(r"^([^:]*):", first)
    return (first.endswith(":") or _key(first) in _TITLE_WORDS or bool(word and _key(word.group(1)) in _TITLE_WORDS)
            or vocabulary.indicator(first, loose=True) is not None)


def _is_header(cells: list[Cell], vocabulary: _Vocabulary) -> bool:
    """At least two filled cells, and a cell after the first is a period, a known label or a known group."""
    texts = [_text(cell) for cell in cells]
    filled = [text for text in texts if text]
    if len(filled) < 2 or _starts_like_title(texts, vocabulary):
        return False
    return any(vocabulary.classify(text) for text in filled[1:])


def _find_header(grid: _Grid, vocabulary: _Vocabulary) -> int | None:
    return next((index for index, (_, cells) in enumerate(grid.rows) if _is_header(cells, vocabulary)), None)


def _choose_grid(grids: list[_Grid], vocabulary: _Vocabulary, problems: ProblemList,
                 notices: list[str]) -> tuple[_Grid, int] | None:
    """The first sheet with a header row; other sheets with content are mentioned, not read."""
    filled = [grid for grid in grids if not grid.is_empty()]
    if not filled:
        problems.add("het bestand bevat geen gegevens. Download de tabel opnieuw uit de KIS-wijkmonitor.")
        return None
    for grid in filled:
        header = _find_header(grid, vocabulary)
        if header is not None:
            for other in filled:
                if other is not grid:
                    notices.append(f"blad '{other.sheet}' genegeerd: alleen blad '{grid.sheet}' met de tabel is gelezen")
            return grid, header
    _no_header(filled[0], vocabulary, problems)
    return None


def _no_header(grid: _Grid, vocabulary: _Vocabulary, problems: ProblemList) -> None:
    lines = [" | ".join(_text(cell) for cell in cells if not cell.is_empty)
             for _, cells in grid.rows if not _is_empty_row(cells)][:6]
    quoted = "; ".join(f"'{line[:80]}'" for line in lines)
    problems.add(
        "geen kopregel gevonden. Verwacht na de titelregels één rij met in de eerste kolom het gebied en daarnaast "
        "jaren (2019, 2020 …), indicatoren (bekend: " + vocabulary.known_labels() + ") of migratieachtergronden "
        f"(bekend: {_known_groups()}). De eerste regels zijn: {quoted}. Download de tabel opnieuw uit de "
        "KIS-wijkmonitor, of voeg het label van de indicator toe aan kis.labels in de config.",
        sheet=grid.sheet,
    )


# --- The header row ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based
    header: str
    kind: str  # PERIOD, INDICATOR or GROUP
    key: object  # the year, indicator code or breakdown name
    provisional: bool = False


@dataclass
class _Layout:
    """What the header row says: where area, code and group are, and what each value column holds."""

    row: int
    headers: list[str]
    area: int
    code: int | None = None
    group: int | None = None
    kind: str | None = None
    columns: list[_Column] = field(default_factory=list)

    def header(self, index: int | None) -> str | None:
        return self.headers[index] or None if index is not None and index < len(self.headers) else None

    def used(self) -> set[int]:
        return {self.area, self.code, self.group, *(column.index for column in self.columns)} - {None}


class _LayoutReader:
    """Turns the header row into a _Layout; headers that map to nothing are problems."""

    def __init__(self, reader: _ExportReader, number: int, cells: list[Cell]):
        self.reader = reader
        self.number = number
        self.cells = cells
        self.texts = [_text(cell) for cell in cells]

    def read(self) -> _Layout | None:
        layout = self._area_and_code()
        if layout is None:
            return None
        classified = self._classify(layout)
        layout.kind = self._orientation(classified)
        if layout.kind is None:
            self.reader.problem("de kopregel heeft naast het gebied geen kolom met een jaar, indicator of "
                                "migratieachtergrond.", self.number)
            return None
        for index, found in classified:
            self._place(layout, index, found)
        if layout.kind == GROUP and layout.group is not None:
            self.reader.problem("de kolommen zijn al migratieachtergronden; een aparte kolom met de "
                                "migratieachtergrond per rij past daar niet bij. Download de tabel opnieuw.",
                                self.number, layout.group, layout.header(layout.group))
        return layout if layout.columns else None

    def _area_and_code(self) -> _Layout | None:
        """The area column is the first filled header, or the blank one just before the first period/label/group."""
        first = next(index for index, text in enumerate(self.texts) if text)
        for index, cell in enumerate(self.cells):
            if cell.uncalculated:
                self.reader.problem(_UNCALCULATED, self.number, index)
        vocabulary = self.reader.vocabulary
        if vocabulary.classify(self.texts[first]) is not None:
            if first == 0:
                self.reader.problem("de eerste kolom van de kopregel is al een jaar, indicator of migratieachtergrond; "
                                    "de eerste kolom hoort het gebied te zijn.", self.number, 0, self.texts[0])
                return None
            return _Layout(self.number, self.texts, area=first - 1)
        if _key(self.texts[first]) in _CODE_HEADERS and first + 1 < len(self.texts):
            return _Layout(self.number, self.texts, area=first + 1, code=first)  # "Gebiedscode | Gebied | …"
        return _Layout(self.number, self.texts, area=first)

    def _classify(self, layout: _Layout) -> list[tuple[int, tuple | None]]:
        """Each header right of the area column: code/group column, or (kind, key, provisional), or None."""
        classified = []
        for index in range(layout.area + 1, len(self.texts)):
            text = self.texts[index]
            if not text or index == layout.code:
                continue
            key = _key(text)
            if key in _CODE_HEADERS and layout.code is None and index == layout.area + 1:
                layout.code = index
            elif key in _GROUP_HEADERS and layout.group is None:
                layout.group = index
            else:
                classified.append((index, self.reader.vocabulary.classify(text)))
        return classified

    @staticmethod
    def _orientation(classified: list[tuple[int, tuple | None]]) -> str | None:
        """The kind most value columns have; periods win a tie (orientation A is the most common download)."""
        kinds = Counter(found[0] for _, found in classified if found is not None)
        if not kinds:
            return None
        order = (PERIOD, INDICATOR, GROUP)
        return max(order, key=lambda kind: (kinds.get(kind, 0), -order.index(kind)))

    def _place(self, layout: _Layout, index: int, found: tuple | None) -> None:
        text = self.texts[index]
        if found is None or found[0] != layout.kind:
            self.reader.problem(self._unmapped(text, layout.kind), self.number, index, text)
            return
        kind, key, provisional = found
        twin = next((column for column in layout.columns if column.key == key), None)
        if twin is not None:
            self.reader.problem(f"kolom '{text}' betekent hetzelfde als kolom '{twin.header}' ({key}); zo staat "
                                "elk cijfer twee keer in de tabel. Verwijder een van beide kolommen.",
                                self.number, index, text)
            return
        layout.columns.append(_Column(index, text, kind, key, provisional))

    def _unmapped(self, text: str, kind: str | None) -> str:
        vocabulary = self.reader.vocabulary
        if kind == PERIOD:
            return (f"kolomkop '{text}' is geen jaar. In deze tabel zijn de kolommen jaren (zoals 2019 of 2023*); "
                    "verwijder de kolom of geef hem een jaartal als kop.")
        if kind == INDICATOR:
            return (f"onbekende indicator '{text}'. Bekende KIS-labels: {vocabulary.known_labels()}. Is het een "
                    "indicator die de monitor moet laden, voeg het label dan toe aan kis.labels in de config; "
                    "verwijder anders de kolom.")
        return (f"onbekende migratieachtergrond '{text}'. Bekend zijn: {_known_groups()}. Verwijder de kolom of "
                "gebruik een van deze namen.")


# --- Reading one table ---------------------------------------------------------------------------


@dataclass
class _Titles:
    """The lines above the header: title, selection, period, source."""

    lines: list[tuple[int, str]]  # (row number, text)

    @property
    def is_demo(self) -> bool:
        return any("voorbeelddata" in text.casefold() or "fictie" in text.casefold() for _, text in self.lines)


def _title_text(cells: list[Cell]) -> str:
    """A title line; one split over cells ("Periode" | "2023") is read as "Periode: 2023"."""
    filled = [_text(cell) for cell in cells if not cell.is_empty]
    if len(filled) < 2:
        return filled[0] if filled else ""
    joiner = " " if filled[0].endswith(":") else ": "
    return filled[0] + joiner + " ".join(filled[1:])


def _may_name_period(text: str) -> bool:
    """A title line whose only four-digit number may be the period: no date, no source or download line."""
    if text.casefold().startswith(_NOT_PERIOD_STARTS) or _DATE.search(text):
        return False
    return len(_FOUR_DIGITS.findall(text)) == 1


class _ExportReader:
    """Reads the header, the title lines and the data rows of one table; records every problem."""

    def __init__(self, grid: _Grid, header_index: int, vocabulary: _Vocabulary, regions: RegionIndex,
                 problems: ProblemList, notices: list[str]):
        self.grid = grid
        self.header_index = header_index
        self.vocabulary = vocabulary
        self.regions = regions
        self.problems = problems
        self.notices = notices
        self.titles = _Titles([(number, _title_text(cells)) for number, cells in grid.rows[:header_index]
                               if not _is_empty_row(cells)])
        self.single_year: int | None = None
        self._seen: dict[tuple, int] = {}  # observation key → first row that had it
        self._reported: set[tuple[int, int]] = set()  # (first row, repeating row) already reported
        self._previous_area = ""  # for rows that leave the area blank under a group column

    def problem(self, message: str, row: int | None = None, index: int | None = None, header: str | None = None) -> None:
        self.problems.add(message, sheet=self.grid.sheet, row=row,
                          column=index + 1 if index is not None else None, header=header or None)

    def read(self) -> list[tuple]:
        number, cells = self.grid.rows[self.header_index]
        layout = _LayoutReader(self, number, cells).read()
        if layout is None:
            return []
        context = self._context(layout)
        rows = self._data_rows(layout)
        observations = []
        for number, cells in rows:
            observations.extend(self._row(layout, context, number, cells))
        self._stray_values(layout, rows)
        return observations

    # The fixed parts of every observation that the title lines give (indicator, period, group).

    def _context(self, layout: _Layout) -> dict:
        context: dict = {"indicator": None, "year": None, "provisional": False, "group": None}
        if layout.kind in (PERIOD, GROUP):
            context["indicator"] = self._title_indicator()
        if layout.kind in (INDICATOR, GROUP):
            period = self._title_period()
            if period is not None:
                context["year"], context["provisional"] = period
                self.single_year = period[0]
        if layout.kind == PERIOD:
            years = {column.key for column in layout.columns}
            self.single_year = years.pop() if len(years) == 1 else None
        if layout.kind != GROUP and layout.group is None:
            context["group"] = self._title_group()
        return context

    def _title_indicator(self) -> str | None:
        """The one indicator the title lines name; a problem when they name none, an unknown one or several."""
        found, unknown = self._title_indicators()
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            rows = ", ".join(f"{code} (rij {number})" for code, number in found.items())
            self.problem(f"de titelregels noemen meer dan één indicator: {rows}. Een export met jaren of "
                         "migratieachtergronden als kolommen hoort over één indicator te gaan; download per indicator.")
        elif unknown:
            number, label = unknown[0]
            self.problem(f"onbekende indicator '{label}'. Bekende KIS-labels: {self.vocabulary.known_labels()}. "
                         "Is het dezelfde indicator, voeg het label dan toe aan kis.labels in de config.", row=number)
        else:
            example = self.vocabulary.label_texts[0] if self.vocabulary.label_texts else "…"
            self.problem("in de titelregels boven de tabel staat niet om welke indicator het gaat. Verwacht een regel "
                         f"met een van de labels {self.vocabulary.known_labels()} (bijv. 'Indicator: {example}'). "
                         "Download de tabel opnieuw mét titel, of zet die regel erboven.")
        return None

    def _title_indicators(self) -> tuple[dict[str, int], list[tuple[int, str]]]:
        """Indicator code → row from 'Indicator:/Onderwerp:/Tabel: …' or a line equal to a label, else a line
        starting with one; plus the labels of 'Indicator: …' lines the config does not know."""
        found: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for number, text in self.titles.lines:
            explicit = _INDICATOR_LINE.match(text)
            if explicit:
                code = self.vocabulary.indicator(explicit.group(2), loose=True)
                if code is None:
                    unknown.append((number, explicit.group(2).strip()))
            else:
                code = self.vocabulary.indicator(text)
            if code is not None:
                found.setdefault(code, number)
        if not found:  # titles like "Netto arbeidsparticipatie naar migratieachtergrond, 2024"
            for number, text in self.titles.lines:
                code = self.vocabulary.indicator(text, loose=True)
                if code is not None:
                    found.setdefault(code, number)
        return found, unknown

    def _title_period(self) -> tuple[int, bool] | None:
        """The year of a one-period export: 'Periode: 2023', 'Peiljaar 2023', else a line whose only year it is."""
        keyed = [(number, text) for number, text in self.titles.lines if _PERIOD_LINE.match(text)]
        candidates = keyed or [(number, text) for number, text in self.titles.lines if _may_name_period(text)]
        years: dict[int, tuple[int, bool]] = {}
        for number, text in candidates:
            found = {int(y) for y in _FOUR_DIGITS.findall(text) if FIRST_YEAR <= int(y) <= LAST_YEAR}
            if len(found) > 1 and keyed:
                self.problem(f"'{text}' noemt meer dan één jaar; deze tabel heeft geen kolom per jaar, "
                             "dus er hoort één periode bij. Download de tabel per jaar.", row=number)
                return None
            if len(found) == 1:
                years.setdefault(found.pop(), (number, "*" in text or "voorlopig" in text.casefold()))
        if len(years) == 1:
            year, (_, provisional) = next(iter(years.items()))
            return year, provisional
        if years:
            listed = ", ".join(f"{year} (rij {number})" for year, (number, _) in years.items())
            self.problem(f"de titelregels noemen verschillende jaren ({listed}); onduidelijk over welke periode de "
                         "tabel gaat. Zet boven de tabel één regel 'Periode: <jaar>'.")
        else:
            self.problem("de tabel heeft geen kolom per jaar en in de titelregels staat geen periode. Verwacht "
                         "bijvoorbeeld 'Periode: 2023' boven de tabel; download de tabel opnieuw mét titel.")
        return None

    def _title_group(self) -> str:
        """The selected migratieachtergrond ('Migratieachtergrond: Totale bevolking'); totaal when none is named."""
        for number, text in self.titles.lines:
            match = _GROUP_LINE.match(text)
            if match:
                group = self.vocabulary.group(match.group(2))
                if group is None:
                    self.problem(f"onbekende migratieachtergrond '{match.group(2).strip()}' in de selectie. "
                                 f"Bekend zijn: {_known_groups()}.", row=number)
                return group or TOTAL
        return TOTAL

    # Data rows.

    def _data_rows(self, layout: _Layout) -> list[tuple[int, list[Cell]]]:
        """The rows under the header up to the first empty row or footnote; later rows are not read."""
        rows, rest = [], []
        for position, (number, cells) in enumerate(self.grid.rows[self.header_index + 1:]):
            if _is_empty_row(cells) or _is_footnote(cells):
                rest = self.grid.rows[self.header_index + 1 + position:]
                break
            rows.append((number, cells))
        skipped = [number for number, cells in rest
                   if sum(not cell.is_empty for cell in cells) >= 2 and not _FOOTNOTE.match(_text(cells[0]))]
        if skipped:
            # Loading only the rows above a stray blank row would publish a partial table: refuse instead.
            self.problem(
                f"{len(skipped)} rij(en) met gegevens onder de tabel (rij {skipped[0]}"
                f"{f' t/m {skipped[-1]}' if len(skipped) > 1 else ''}), na de lege rij of voetnoot op rij {rest[0][0]}. "
                "Horen die rijen bij de tabel, haal dan de lege rij weg; zo niet, verwijder ze. Laad daarna opnieuw.",
                row=skipped[0])
        if not rows:
            self.problem("onder de kopregel staan geen gegevens.", row=layout.row)
        return rows

    def _row(self, layout: _Layout, context: dict, number: int, cells: list[Cell]) -> list[tuple]:
        if self._is_label_row(layout, number, cells):
            return []
        region = self._region(layout, number, cells)
        group = self._row_group(layout, context, number, cells)
        observations = []
        for column in layout.columns:
            parsed = self._value(_cell(cells, column.index), number, column, context["provisional"])
            if parsed is None or region is None or group is None:
                continue
            indicator = column.key if column.kind == INDICATOR else context["indicator"]
            year = column.key if column.kind == PERIOD else context["year"]
            breakdown = column.key if column.kind == GROUP else group
            # Duplicates are checked even when the title lacks the indicator or period, so both show at once.
            if self._is_duplicate((indicator, region, year, breakdown), number, layout):
                continue
            if indicator is None or year is None:
                continue
            out_of_range = implausible(parsed[0], self.vocabulary.units[indicator]) if parsed[0] is not None else None
            if out_of_range:
                self.problem(out_of_range, number, column.index, column.header)
                continue
            observations.append((indicator, region, year, "jaar", breakdown, *parsed, None, None, None))
        return observations

    def _is_label_row(self, layout: _Layout, number: int, cells: list[Cell]) -> bool:
        """A row with only a text that names no area ("Wijken", a note without a footnote word): skip it.

        It carries no figure, so skipping loses nothing, while refusing the
        file for a section label or an unforeseen note would help nobody.
        """
        filled = [index for index, cell in enumerate(cells) if not cell.is_empty]
        if filled != [layout.area]:
            return False
        text = _text(cells[layout.area])
        try:
            self.regions.match(text, levels=AREA_LEVELS)
        except UnknownRegion:
            self.notices.append(f"rij {number} ('{text[:60]}') overgeslagen: geen bekend gebied en geen cijfers")
            return True
        return False

    def _region(self, layout: _Layout, number: int, cells: list[Cell]) -> str | None:
        """By the code column when filled, else by the area text (a name, possibly with a code in it)."""
        index = layout.code if layout.code is not None and _text(_cell(cells, layout.code)) else layout.area
        cell = _cell(cells, index)
        if cell is not None and cell.uncalculated:
            self.problem(_UNCALCULATED, number, index, layout.header(index))
            return None
        text = _text(cell)
        if not text and layout.group is not None:
            # Per-group rows often name the area only in the first row of its block (or a merged cell).
            text, index = self._previous_area, layout.area
        if not text:
            self.problem("geen gebied in deze rij. Vul de naam of CBS-code van het gebied in, of verwijder de rij.",
                         number, layout.area, layout.header(layout.area))
            return None
        self._previous_area = text
        try:
            return self.regions.match(text, levels=AREA_LEVELS)
        except UnknownRegion as exc:
            self.problem(str(exc), number, index, layout.header(index))
            return None

    def _row_group(self, layout: _Layout, context: dict, number: int, cells: list[Cell]) -> str | None:
        if layout.group is None:
            return context["group"] if layout.kind != GROUP else TOTAL
        text = _text(_cell(cells, layout.group))
        group = self.vocabulary.group(text) if text else None
        if group is None:
            what = f"onbekende migratieachtergrond '{text}'" if text else "geen migratieachtergrond ingevuld"
            self.problem(f"{what}. Bekend zijn: {_known_groups()}.", number, layout.group, layout.header(layout.group))
        return group

    def _value(self, cell: Cell | None, number: int, column: _Column, provisional: bool) -> tuple[float | None, str] | None:
        """(value, status), or None after recording a problem."""
        provisional = provisional or column.provisional
        if cell is None or cell.is_empty:
            return None, "ontbreekt"
        if cell.uncalculated:
            self.problem(_UNCALCULATED, number, column.index, column.header)
            return None
        value = cell.value
        if isinstance(value, bool) or isinstance(value, (datetime, date, time)):
            self.problem(f"'{value}' is geen getal (Excel heeft het cijfer waarschijnlijk als datum of waar/onwaar "
                         "opgeslagen). Zet de cel op 'Standaard' of 'Getal' en typ het cijfer opnieuw.",
                         number, column.index, column.header)
            return None
        if isinstance(value, (int, float)):
            unusable = implausible(value, None)  # infinity, NaN, or beyond any figure (1e308)
            if unusable:
                self.problem(unusable, number, column.index, column.header)
                return None
            figure = round(value * 100, 10) if _is_percent_format(cell.number_format) else float(value)
            return figure, "voorlopig" if provisional else "definitief"
        return self._text_value(str(value).strip(), number, column, provisional)

    def _text_value(self, text: str, number: int, column: _Column, provisional: bool) -> tuple[float | None, str] | None:
        if text.endswith("*"):  # "12,5*": a provisional figure
            text, provisional = text.rstrip("*").strip(), True
        if is_missing(text):
            return None, "ontbreekt"
        try:
            figure = parse_number(text)
        except ValueError:
            self.problem(f"'{text}' is geen getal. Verwacht een getal in Nederlandse notatie (12,5 of 1.234, "
                         "eventueel met %), of '-', 'x', '.' of '?' als het cijfer ontbreekt.",
                         number, column.index, column.header)
            return None
        return figure, "voorlopig" if provisional else "definitief"

    def _is_duplicate(self, key: tuple, number: int, layout: _Layout) -> bool:
        first = self._seen.setdefault(key, number)
        if first == number:
            return False
        if (first, number) not in self._reported:
            self._reported.add((first, number))
            indicator, region, year, breakdown = key
            what = ", ".join(str(part) for part in (indicator, year, breakdown) if part is not None)
            self.problem(f"dit gebied ({region}) staat twee keer in de tabel: in rij {first} en in rij {number} "
                         f"({what}). Verwijder een van beide rijen.",
                         number, layout.area, layout.header(layout.area))
        return True

    def _stray_values(self, layout: _Layout, rows: list[tuple[int, list[Cell]]]) -> None:
        """Values in a column without a (usable) header would be silently lost: report the column once."""
        used = layout.used()
        reported: set[int] = set()
        for number, cells in rows:
            for index, cell in enumerate(cells):
                if index in used or index in reported or cell.is_empty:
                    continue
                if index < len(layout.headers) and layout.headers[index]:
                    continue  # a header that maps to nothing is already reported at the header row
                reported.add(index)
                self.problem("deze kolom heeft geen kop maar wel waarden (eerste op deze rij). Geef de kolom de "
                             "juiste kop (jaar, indicator of migratieachtergrond) of verwijder de waarden.",
                             number, index)


SOURCE = FileSource(SOURCE_CODE, "KIS-export", "kis", "kis", (".xlsx", ".csv"), read_kis_export, kind=KIS)
