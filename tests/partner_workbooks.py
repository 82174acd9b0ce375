"""Writing partner workbooks for tests with openpyxl, the way a partner's Excel would save them."""

from __future__ import annotations

import hashlib
import re
import zipfile
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


_INLINE_TEXT = re.compile(rb'<c ([^>]*?)\s*t="inlineStr"([^>]*)><is><t([^>]*)>(.*?)</t></is></c>', re.DOTALL)
_SHARED_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_STRINGS_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(path: Path) -> Path:
    """Rewrite an openpyxl workbook the way Excel saves one: every text in xl/sharedStrings.xml, cells by index.

    openpyxl writes each text inline in its cell; Excel (and so every partner) puts them in one shared list.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    texts: list[bytes] = []

    def to_index(match: re.Match) -> bytes:
        texts.append(match.group(4))
        return b'<c %s t="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), len(texts) - 1)

    for name in [name for name in parts if name.startswith("xl/worksheets/") and name.endswith(".xml")]:
        parts[name] = _INLINE_TEXT.sub(to_index, parts[name])
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(texts), len(texts))
        + b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in texts) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s" /></Types>' % _SHARED_STRINGS_TYPE)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rIdStrings" /></Relationships>' % _SHARED_STRINGS_REL)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
