"""Refusing bad input: every problem found, each naming file, sheet, row and column.

Readers collect Problems while they validate a whole file and raise
InputRefused once at the end, so the analyst (or the partner) can fix every
mistake in one go. Nothing of a refused file is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from monitor.errors import MonitorError


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
            f"{self.path.name} geweigerd ({count} {'probleem' if count == 1 else 'problemen'}); "
            f"er is niets uit geladen en het warehouse is ongewijzigd.\n{lines}"
        )


class ProblemList:
    """Collects the problems of one file; `refuse_if_any` raises them all at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.items: list[Problem] = []

    def add(self, message: str, **where) -> None:
        self.items.append(Problem(self.path.name, message, **where))

    def __bool__(self) -> bool:
        return bool(self.items)

    def refuse_if_any(self) -> None:
        if self.items:
            raise InputRefused(self.path, self.items)
