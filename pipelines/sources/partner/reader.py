"""Reading a partner workbook (Activiteiten, Verhalen, Cijfers): validate everything, then load all or nothing.

Partners fill in the template by hand, so every cell can be wrong in its own
way. The whole workbook is checked before anything is loaded and every
problem is reported at once with sheet, Excel row and column, in words a
partner understands. Only a workbook without problems becomes a SourceTable.

What a partner types is matched the forgiving way (headers in any order and
case, opgave by title or code, wijk by name or CBS code, a goal by code,
text or the template's list entry) and checked the strict way (numbers are
finite and within what their unit allows, years are plausible, a goal belongs
to the row's opgave, texts fit their column's limit and hold no control
character, no duplicates, no forgotten example row). The doel column is
optional: workbooks from the template before goals load as they did. A control character is refused with
its place, not removed: a person typed it, and only the partner knows what
was meant. Hidden sheets are not read, with a notice (the template's own
hidden Keuzelijsten excepted). Counts about people below the privacy threshold are
stored as 'geheim' (NULL), so they can never be shown or downloaded. What
else must be hidden so that no such count can be computed from a total is
decided over the whole warehouse after the load (warehouse.disclosure), and
never named in this workbook's notices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl

from monitor.config import Goal, Indicator, MonitorConfig
from pipelines.dutch_numbers import implausible, parse_number, shown_number, thousands
from pipelines.sources.partner.contract import (
    ACTIVITEITEN, CIJFERS, EXAMPLE_MARK, FIRST_YEAR, MAX_NAME, MAX_ROWS, MAX_TEXT, SHEETS, STORY_KINDS,
    TEMPLATE_ONLY_SHEETS, VERHALEN, SheetContract, all_goals, goal_label, last_year, partner_indicators,
)
from pipelines.problems import ProblemList, control_character_problem, quoted
from pipelines.region_index import RegionIndex, UnknownRegion, normalise
from pipelines.spreadsheet import (
    Cell, Sheet, Workbook, header_columns, header_key, is_demo_workbook, read_workbook,
)
from monitor.tidy import ACTIVITY_SCHEMA, OBSERVATION_SCHEMA, REGION_SCHEMA, STORY_SCHEMA, SourceTable, empty

SOURCE_CODE = "partner"


def read_partner_workbook(path: Path, config: MonitorConfig, regions: RegionIndex) -> SourceTable:
    """Validate and tidy one partner workbook; raises InputRefused listing every problem."""
    path = Path(path)
    problems = ProblemList(path)
    workbook = read_workbook(path, problems, max_rows=MAX_ROWS)
    problems.refuse_if_any()
    reader = _WorkbookReader(path, config, regions, problems)
    rows = reader.read(workbook)
    problems.refuse_if_any()
    return SourceTable(
        source=SOURCE_CODE,
        table_id=path.name,
        year=None,
        directory=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        is_demo=is_demo_workbook(path),
        regions=empty(REGION_SCHEMA),
        observations=_frame(rows[CIJFERS.name], {**OBSERVATION_SCHEMA, "source_row": pl.Int32}),
        activities=_frame(rows[ACTIVITEITEN.name], ACTIVITY_SCHEMA),
        stories=_frame(rows[VERHALEN.name], STORY_SCHEMA),
        notices=tuple(reader.notices),
    )


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema) if rows else empty(schema)



class _Skip(Exception):
    """This cell has a problem (already recorded); skip the row's remaining checks."""


_FAILED = object()  # a cell whose problem is recorded, while the row's other cells are still checked


@dataclass
class _Row:
    """One data row of a sheet: its Excel number and the cells under each known header."""

    sheet: str
    number: int
    cells: dict[str, tuple[int, Cell]]  # column name → (column number, cell)


@dataclass
class _WorkbookReader:
    path: Path
    config: MonitorConfig
    regions: RegionIndex
    problems: ProblemList
    notices: list[str] = field(default_factory=list)
    private_rows: list[str] = field(default_factory=list)

    def read(self, workbook: Workbook) -> dict[str, list[dict]]:
        sheets = workbook.sheets
        by_name = {header_key(title): sheet for title, sheet in sheets.items()}
        template_only = {header_key(t) for t in TEMPLATE_ONLY_SHEETS}
        known = {header_key(c.name) for c in SHEETS} | template_only
        for title in sheets:
            if header_key(title) not in known:
                self.notices.append(f"blad {quoted(title)} genegeerd: alleen Activiteiten, Verhalen en Cijfers worden gelezen")
        # The template hides its Keuzelijsten sheet itself; any other hidden sheet its author may not know about.
        hidden = [title for title in workbook.hidden if header_key(title) not in template_only]
        for title in hidden:
            self.notices.append(f"blad {quoted(title)} is verborgen en daarom niet gelezen; maak het zichtbaar "
                                "(rechtsklik op een bladtab › Zichtbaar maken) als het geladen moet worden")
        present = [contract for contract in SHEETS if header_key(contract.name) in by_name]
        if not present:
            found = ", ".join(quoted(t) for t in sheets) or "geen"
            also_hidden = f"; verborgen en niet gelezen: {', '.join(quoted(t) for t in hidden)}" if hidden else ""
            self.problems.add(f"geen van de bladen Activiteiten, Verhalen of Cijfers gevonden (wel: {found}{also_hidden}). "
                              "Gebruik het sjabloon: `python -m pipelines template`.")
        result = {contract.name: [] for contract in SHEETS}
        for contract in present:
            sheet = by_name[header_key(contract.name)]
            result[contract.name] = self.read_sheet(contract, sheet)
        if self.private_rows:
            count = len(self.private_rows)
            self.notices.append(
                f"{count} {'aantal' if count == 1 else 'aantallen'} onder de privacydrempel van {self.config.small_count_threshold} "
                f"opgeslagen als 'geheim' ({', '.join(self.private_rows[:5])}{' …' if len(self.private_rows) > 5 else ''})"
            )
        return result

    # --- one sheet -----------------------------------------------------------------

    def read_sheet(self, contract: SheetContract, sheet: Sheet) -> list[dict]:
        columns = self.header(contract, sheet)
        if columns is None:
            return []
        for name, column, row in sheet.merged_in_rows(2, len(sheet.rows)):
            self.problems.add(f"samengevoegde cellen {name}: geef elke rij een eigen waarde en maak de samenvoeging "
                              "ongedaan (Start › Samenvoegen en centreren).", sheet=sheet.title, row=row, column=column)
        read_row = {ACTIVITEITEN.name: self.activity, VERHALEN.name: self.story, CIJFERS.name: self.figure}[contract.name]
        rows, first_row_by_key = [], {}
        for number, cells in enumerate(sheet.rows[1:], start=2):
            row = _Row(sheet.title, number, {name: (col, cells[col - 1]) for name, col in columns.items() if col <= len(cells)})
            if all(cell.is_empty for _, cell in row.cells.values()):
                continue
            parsed = self.parse_row(row, read_row)
            if parsed is None:
                continue
            key, record = parsed
            if key in first_row_by_key:
                self.problems.add(f"dubbele rij: dezelfde {', '.join(contract.key)} als rij {first_row_by_key[key]}. "
                                  "Verwijder een van beide of tel ze samen.", sheet=sheet.title, row=number)
                continue
            first_row_by_key[key] = number
            rows.append(record)
        if not rows and not any(p.sheet == sheet.title for p in self.problems.items):
            self.notices.append(f"blad {sheet.title} heeft geen ingevulde rijen")
        return rows

    def header(self, contract: SheetContract, sheet: Sheet) -> dict[str, int] | None:
        """Column name → column number from row 1; None when the sheet cannot be read at all."""
        return header_columns(sheet, [c.name for c in contract.columns], contract.required, self.problems, self.notices)

    def parse_row(self, row: _Row, read_row: Callable[[_Row], tuple]) -> tuple | None:
        for name, (column, cell) in row.cells.items():
            if cell.uncalculated:
                self.problem(row, name, f"formule {cell.formula} zonder opgeslagen uitkomst. Open het bestand in Excel "
                                        "en sla het op (dan wordt de uitkomst bewaard), of typ de waarde in.")
                return None
            if isinstance(cell.value, str) and cell.value.strip().startswith(EXAMPLE_MARK):
                self.problems.add("dit is de voorbeeldrij uit het sjabloon; verwijder deze rij.", sheet=row.sheet, row=row.number)
                return None
        try:
            return read_row(row)
        except _Skip:
            return None

    # --- the three sheets --------------------------------------------------------------

    def activity(self, row: _Row) -> tuple:
        # The goal is checked against the row's opgave, so the opgave is read first; both problems are still
        # reported with the rest of the row's.
        opgave = self.attempt(row, "opgave", self.opgave)
        known = opgave if opgave is not _FAILED else None
        goal = self.attempt(row, "doel", lambda cell, name: self.optional_goal(cell, name, known))
        values = self.gather(row, {
            "activiteit": self.text, "partner": self.text, "jaar": self.year,
            "deelnemers": self.count, "wijk": self.region, "omschrijving": self.optional_text,
        })
        if opgave is _FAILED or goal is _FAILED:
            raise _Skip
        values["opgave"] = opgave
        participants = values["deelnemers"]
        status = "definitief"
        if participants is not None and 0 < participants < self.config.small_count_threshold:
            participants, status = None, "geheim"
            self.private_rows.append(f"{row.sheet} rij {row.number}")
        key = (values["opgave"], normalise(values["activiteit"]), normalise(values["partner"]), values["wijk"], values["jaar"])
        return key, {
            "opgave_code": values["opgave"], "goal_code": goal.code if goal else None, "name": values["activiteit"],
            "partner": values["partner"], "region_code": values["wijk"], "year": values["jaar"],
            "participants": participants, "participants_status": status, "description": values["omschrijving"],
            "source_row": row.number,
        }

    def story(self, row: _Row) -> tuple:
        kind = self.attempt(row, "soort", self.kind)
        # A situatieschets describes a whole wijk, so it alone may leave the opgave empty.
        values = self.gather(row, {
            "opgave": self.optional_opgave if kind == "situatieschets" else self.opgave,
            "jaar": self.year, "titel": self.text, "verhaal": self.body, "wijk": self.region, "bron": self.optional_text,
        })
        if kind is _FAILED:
            raise _Skip
        values["soort"] = kind
        key = (values["opgave"], values["wijk"], values["jaar"], normalise(values["titel"]))
        return key, {
            "opgave_code": values["opgave"], "region_code": values["wijk"], "year": values["jaar"],
            "title": values["titel"], "body": values["verhaal"], "kind": values["soort"],
            "source": values["bron"], "source_row": row.number,
        }

    def figure(self, row: _Row) -> tuple:
        indicator = self.attempt(row, "indicator", self.indicator)
        known = indicator if indicator is not _FAILED else None
        values = self.gather(row, {
            "wijk": self.required_region, "jaar": self.year,
            "waarde": lambda cell, name: self.figure_value(cell, name, known),
        })
        if known is None:
            raise _Skip
        indicator, value = known, values["waarde"]
        status = "definitief"
        if indicator.unit == "aantal" and 0 < value < self.config.small_count_threshold:
            value, status = None, "geheim"
            self.private_rows.append(f"{row.sheet} rij {row.number}")
        key = (indicator.code, values["wijk"], values["jaar"])
        return key, {
            "indicator_code": indicator.code, "region_code": values["wijk"], "year": values["jaar"], "period": "jaar",
            "breakdown": "totaal", "value": value, "status": status, "ci_low": None, "ci_high": None,
            "rounded_to": None, "source_row": row.number,
        }

    # --- cells ------------------------------------------------------------------------------

    def gather(self, row: _Row, readers: dict[str, Callable]) -> dict:
        """Read every listed column, recording all problems of the row before skipping it."""
        values, failed = {}, False
        for name, read in readers.items():
            try:
                values[name] = self.field(row, name, read)
            except _Skip:
                failed = True
        if failed:
            raise _Skip
        return values

    def attempt(self, row: _Row, name: str, read: Callable):
        """Like field, but returns _FAILED instead of skipping, so the rest of the row is still checked."""
        try:
            return self.field(row, name, read)
        except _Skip:
            return _FAILED

    def field(self, row: _Row, name: str, read: Callable):
        column, cell = row.cells.get(name, (None, Cell(None)))
        try:
            _check_text(cell, name)
            return read(cell, name)
        except ValueError as exc:
            self.problems.add(str(exc), sheet=row.sheet, row=row.number, column=column, header=name)
            raise _Skip from None

    def problem(self, row: _Row, name: str, message: str) -> None:
        column = row.cells.get(name, (None, None))[0]
        self.problems.add(message, sheet=row.sheet, row=row.number, column=column, header=name)

    def text(self, cell: Cell, name: str) -> str:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg.")
        return " ".join(_as_text(cell.value).split())

    def optional_text(self, cell: Cell, name: str) -> str | None:
        return None if cell.is_empty else _as_text(cell.value).strip()

    def body(self, cell: Cell, name: str) -> str:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg.")
        return _as_text(cell.value).strip()  # keeps the partner's line breaks

    def opgave(self, cell: Cell, name: str) -> str:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg; kies een opgave uit de lijst.")
        return self.optional_opgave(cell, name)

    def optional_opgave(self, cell: Cell, name: str) -> str | None:
        if cell.is_empty:
            return None
        typed = normalise(_as_text(cell.value))
        for opgave in self.config.opgaven:
            if typed in (normalise(opgave.code), normalise(opgave.title)):
                return opgave.code
        choices = "; ".join(f"{o.title} ({o.code})" for o in self.config.opgaven)
        raise ValueError(f"onbekende opgave '{_as_text(cell.value).strip()}'. Kies een van: {choices}.")

    def optional_goal(self, cell: Cell, name: str, opgave_code: str | None) -> Goal | None:
        """The goal an activity serves (any level), by code, text or list entry; None when the cell is empty.

        opgave_code: the row's opgave, when it could be read. The goal must belong to it: an activity is
        shown under its opgave, and a goal of another opgave there would put it in two places of the doelenboom.
        """
        if cell.is_empty:
            return None
        typed = normalise(_as_text(cell.value))
        matches = [goal for goal in all_goals(self.config)
                   if typed in (normalise(goal.code), normalise(goal.text), normalise(goal_label(goal)))]
        # Two opgaven may word a goal alike: the text then means the goal of this row's opgave.
        own = [goal for goal in matches if goal.opgave_code == opgave_code]
        if own:
            return own[0]
        shown = _as_text(cell.value).strip()
        opgave = next((o for o in self.config.opgaven if o.code == opgave_code), None)
        choices = (f"Kies een doel van de opgave {opgave.title}: {_goal_choices(opgave.goals)}, of laat de cel leeg."
                   if opgave and opgave.goals else
                   f"De opgave {opgave.title} heeft geen doelen; laat de cel leeg." if opgave else
                   "Kies een doel uit de lijst (zie het blad Toelichting) of laat de cel leeg.")
        if not matches:
            raise ValueError(f"onbekend doel '{shown}'. {choices}")
        if opgave is None:
            return matches[0]  # the opgave has its own problem; the goal itself is known
        other = matches[0]
        other_opgave = next(o.title for o in self.config.opgaven if o.code == other.opgave_code)
        raise ValueError(f"doel '{other.code}' ({other.text}) hoort bij de opgave {other_opgave}, niet bij "
                         f"{opgave.title} (kolom opgave). {choices}")

    def region(self, cell: Cell, name: str) -> str:
        if cell.is_empty:
            return self.regions.gemeente_code
        return self.required_region(cell, name)

    def required_region(self, cell: Cell, name: str) -> str:
        if cell.is_empty:
            raise ValueError(f"verplicht veld is leeg; vul een wijk in, of '{self.regions.gemeente_name}' voor de hele gemeente.")
        try:
            return self.regions.match(_as_text(cell.value))
        except UnknownRegion as exc:
            raise ValueError(str(exc)) from None

    def year(self, cell: Cell, name: str) -> int:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg; vul een jaartal in, bijv. 2025.")
        if isinstance(cell.value, (datetime, date, time)):
            raise ValueError("dit is een datum; vul alleen het jaartal in, bijv. 2025.")
        year = _whole_number(cell.value, "jaartal")
        if not FIRST_YEAR <= year <= last_year():
            raise ValueError(f"jaar {year} is niet aannemelijk; verwacht {FIRST_YEAR} tot en met {last_year()}.")
        return year

    def count(self, cell: Cell, name: str) -> int:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg; vul het aantal deelnemers in (0 als er niemand was).")
        number = _whole_number(cell.value, "aantal")
        if number < 0:
            raise ValueError(f"een aantal kan niet negatief zijn ({number}).")
        too_many = implausible(number, "aantal")
        if too_many:
            raise ValueError(f"{too_many} Zoveel unieke deelnemers kan één activiteit in één gemeente niet hebben.")
        return number

    def kind(self, cell: Cell, name: str) -> str | None:
        if cell.is_empty:
            return None
        typed = _as_text(cell.value).strip().casefold()
        if typed not in STORY_KINDS:
            raise ValueError(f"onbekende soort '{_as_text(cell.value).strip()}'; kies {', '.join(STORY_KINDS)} of laat leeg.")
        return typed

    def indicator(self, cell: Cell, name: str) -> Indicator:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg; kies een indicator uit de lijst.")
        typed = normalise(_as_text(cell.value))
        for indicator in self.config.indicators:
            if typed in (normalise(indicator.code), normalise(indicator.title)):
                if indicator.source != SOURCE_CODE:
                    raise ValueError(f"indicator '{indicator.title}' komt uit {self.config.sources[indicator.source].title}, "
                                     "niet van partners; partners leveren alleen de indicatoren uit de lijst.")
                return indicator
        choices = "; ".join(f"{i.code} ({i.title})" for i in partner_indicators(self.config))
        raise ValueError(f"onbekende indicator '{_as_text(cell.value).strip()}'. Partners leveren: {choices}.")

    def figure_value(self, cell: Cell, name: str, indicator: Indicator | None) -> float:
        if cell.is_empty:
            raise ValueError("verplicht veld is leeg; laat de hele rij weg als er geen cijfer is.")
        value = _number(cell.value)
        if indicator is None:
            return value
        if value < 0:
            raise ValueError(f"de waarde kan niet negatief zijn ({_as_text(cell.value)}).")
        out_of_range = implausible(value, indicator.unit)
        if out_of_range:
            raise ValueError(out_of_range)
        if indicator.unit == "aantal" and value != int(value):
            raise ValueError(f"een aantal is een geheel getal, gevonden: {_as_text(cell.value)}.")
        return value


def _goal_choices(goals) -> str:
    return "; ".join(f"{goal.code} ({goal.text})" for goal in goals)


def _as_text(value: object) -> str:
    """A cell as the text a person sees: 2019.0 from Excel reads as '2019' (and 1e308 as 1e+308, not 309 digits)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return shown_number(value)
    return str(value)


def _check_text(cell: Cell, name: str) -> None:
    """Refuse a text with a control character, or longer than its column allows, before any reader uses it.

    Partners type these texts, so a control character is refused with its
    place rather than removed: only the partner knows what was meant.
    """
    if not isinstance(cell.value, str):
        return
    control = control_character_problem(cell.value)
    if control:
        raise ValueError(control)
    length = len(" ".join(cell.value.split()))
    limit = MAX_TEXT.get(name, MAX_NAME)
    if length > limit:
        raise ValueError(f"te lang ({thousands(length)} tekens, hooguit {thousands(limit)}); kort de tekst in.")


def _number(value: object) -> float:
    """A finite number of reasonable size from a number or Dutch text; ValueError (Dutch) otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is geen getal.")
    if isinstance(value, (int, float)):
        number = value
    else:
        try:
            number = parse_number(str(value))
        except ValueError:
            raise ValueError(f"{quoted(str(value).strip())} is geen getal; vul alleen een getal in "
                             "(bijv. 37 of 12,5).") from None
    unusable = implausible(number, None)  # infinity, NaN, or beyond any figure (1e308)
    if unusable:
        raise ValueError(unusable)
    return float(number)


def _whole_number(value: object, what: str) -> int:
    number = _number(value)
    if number != int(number):
        raise ValueError(f"'{_as_text(value)}' is geen geheel getal; een {what} heeft geen decimalen.")
    return int(number)
