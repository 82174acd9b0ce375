"""Refusing bad input: every problem found, each naming file, sheet, row and column.

Readers collect Problems while they validate a whole file and raise
InputRefused once at the end, so the analyst (or the partner) can fix every
mistake in one go. Nothing of a refused file is loaded.

Text from outside is quoted in messages with `quoted`: cut short, and with
every control or invisible character shown as [U+00AD], so a message never
carries a character that breaks a terminal, a log or an .xlsx download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from monitor.errors import MonitorError

# Characters no .xlsx can hold and nobody means to type: the C0 controls but tab, line feed and carriage
# return (exactly what openpyxl refuses to write, openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, so a text with one
# would later break every Excel download it is in), DEL and the C1 controls (left behind by copies from old
# systems), and U+FFFE/U+FFFF, which XML cannot hold either.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Characters that show nothing but make two texts differ: soft hyphen, zero-width space and joiners, direction
# marks and isolates, word joiner and invisible operators, byte order mark (Unicode's format characters, Cf).
INVISIBLE_CHARACTER = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_SHOWN_AS_CODE = re.compile(f"{CONTROL_CHARACTER.pattern}|{INVISIBLE_CHARACTER.pattern}|[\u00a0\u2007\u202f]")
QUOTE_LIMIT = 80  # characters of a quoted text; the rest is '…' (a 30.000-character cell must not fill the screen)


def visible(text: str) -> str:
    """`text` with every control or invisible character and non-breaking space written as [U+00AD]."""
    return _SHOWN_AS_CODE.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def quoted(text: object, limit: int = QUOTE_LIMIT) -> str:
    """'text' for a message: `visible`, and at most `limit` characters."""
    text = str(text)
    return f"'{visible(text[:limit])}{'…' if len(text) > limit else ''}'"


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot be taken as it is (Dutch, for a refusal), or None when it has no control character."""
    match = CONTROL_CHARACTER.search(text)
    if match is None:
        return None
    return (f"de tekst bevat een onzichtbaar stuurteken (U+{ord(match.group()):04X}, teken {match.start() + 1} van "
            f"{quoted(text)}). Zo'n teken komt meestal mee bij kopiëren uit een ander programma en breekt Excel-"
            "downloads; typ de tekst opnieuw of verwijder het teken.")


@dataclass(frozen=True)
class Problem:
    file: str  # the file's name as the user knows it
    message: str
    sheet: str | None = None
    row: int | None = None  # the spreadsheet row as Excel numbers it (header = 1)
    column: int | None = None  # 1-based column number
    header: str | None = None  # the column's header, when known

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"blad {self.sheet}")
        if self.row:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {get_column_letter(self.column)}" + (f" ({self.header})" if self.header else ""))
        elif self.header:
            where.append(f"kolom {self.header}")
        return f"{', '.join(where)}: {self.message}"


class InputRefused(MonitorError):
    """A file was refused as a whole; `problems` lists every reason."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = Path(path)
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(
            f"{visible(self.path.name)} geweigerd ({count} {'probleem' if count == 1 else 'problemen'}); "
            f"er is niets uit geladen en het warehouse is ongewijzigd.\n{lines}"
        )


class ProblemList:
    """Collects the problems of one file; `refuse_if_any` raises them all at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.items: list[Problem] = []

    def add(self, message: str, **where) -> None:
        self.items.append(Problem(visible(self.path.name), message, **where))

    def __bool__(self) -> bool:
        return bool(self.items)

    def refuse_if_any(self) -> None:
        if self.items:
            raise InputRefused(self.path, self.items)
