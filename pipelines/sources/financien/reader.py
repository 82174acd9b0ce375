"""Reading a financiënwerkmap: validate every line, then load all of it or nothing.

A beleidsadviseur or controller fills the template in from the begroting or
the jaarrekening, usually by pasting from another spreadsheet, so every cell
can be wrong in its own way. Like a partner workbook (pipelines.sources.partner)
the whole file is checked before anything is loaded and every problem is
reported at once with file, sheet, Excel row and column. Matching is forgiving
(headers in any order and case, opgave by title or code, taakveld by code,
'code naam' or name, laag by code or name, amounts as Dutch text with or
without €); checking is strict (known codes only, plausible years, a
realisatie is never of a year still to come, amounts finite and not negative,
no line twice, no forgotten example row). The workbook opens through the
shared defensive reader (pipelines.spreadsheet); problems are collected in the
shared ProblemList (pipelines.problems).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl

from monitor import clock
from monitor.config import MonitorConfig
from monitor.tidy import FINANCIEN_SCHEMA, OBSERVATION_SCHEMA, REGION_SCHEMA, SourceTable, empty
from pipelines.dutch_numbers import implausible, parse_number, shown_number
from pipelines.problems import ProblemList, control_character_problem, quoted
from pipelines.sources.financien.contract import (
    BEDRAGEN, EXAMPLE_MARK, FIRST_YEAR, KINDS, LAYERS, MAX_AMOUNT, MAX_ROWS, MAX_TEXT, REALISATIE, SOURCE_CODE,
    TAAKVELDEN, TEMPLATE_ONLY_SHEETS, Taakveld, last_year,
)
from pipelines.spreadsheet import Cell, Sheet, header_columns, header_key, is_demo_workbook, read_workbook

_EURO = re.compile(r"^\s*(€|eur|euro)\s*|\s*(€|eur|euro)\s*$", re.IGNORECASE)


def read_financien_workbook(path: Path, config: MonitorConfig, regions=None) -> SourceTable:
    """Validate and tidy one financiënwerkmap; raises InputRefused listing every problem.

    regions: unused (amounts are for the whole gemeente); part of every file source's signature.
    """
    path = Path(path)
    problems = ProblemList(path)
    if SOURCE_CODE not in config.sources:
        problems.add(f"de configuratie {config.path.name} noemt geen financiënwerkmap. Voeg toe:\n"
                     f"[source.{SOURCE_CODE}]\ntitle = \"Financiënwerkmap\"\npublisher = \"Gemeente {config.gemeente_name}\"")
        problems.refuse_if_any()
    workbook = read_workbook(path, problems, max_rows=MAX_ROWS)
    problems.refuse_if_any()
    reader = _Reader(path, config, problems)
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
        observations=empty(OBSERVATION_SCHEMA),
        financien=pl.DataFrame(rows, schema=FINANCIEN_SCHEMA) if rows else empty(FINANCIEN_SCHEMA),
        notices=tuple(reader.notices),
    )



def _as_text(value: object) -> str:
    """A cell as a person sees it: 2026.0 from Excel reads '2026'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return shown_number(value)
    return str(value)


class _Bad(ValueError):
    """A cell's problem, in Dutch; the reader adds the place."""


@dataclass
class _Reader:
    path: Path
    config: MonitorConfig
    problems: ProblemList
    notices: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.opgaven = {}
        for opgave in self.config.opgaven:
            self.opgaven[header_key(opgave.code)] = opgave.code
            self.opgaven[header_key(opgave.title)] = opgave.code
        self.goals: dict[str, tuple[str, str]] = {}  # typed → (opgave code, goal code)
        for opgave in self.config.opgaven:
            for goal in opgave.goals:
                self.goals.setdefault(header_key(goal.code), (opgave.code, goal.code))
                self.goals.setdefault(header_key(goal.text), (opgave.code, goal.code))
        self.taakvelden = {}
        for taakveld in TAAKVELDEN:
            for name in (taakveld.code, taakveld.label, taakveld.name, *taakveld.old_names,
                         *(f"{taakveld.code} {old}" for old in taakveld.old_names)):
                self.taakvelden[header_key(name)] = taakveld
        self.layers = {}
        for layer in LAYERS:
            self.layers[header_key(layer.code)] = layer.code
            self.layers[header_key(layer.name)] = layer.code

    def read(self, workbook) -> list[dict]:
        sheets = workbook.sheets
        wanted = header_key(BEDRAGEN.name)
        template_only = {header_key(t) for t in TEMPLATE_ONLY_SHEETS}
        for title in sheets:
            if header_key(title) not in {wanted, *template_only}:
                self.notices.append(f"blad {quoted(title)} genegeerd: alleen blad {BEDRAGEN.name} wordt gelezen")
        hidden = [title for title in workbook.hidden if header_key(title) not in template_only]
        for title in hidden:
            self.notices.append(f"blad {quoted(title)} is verborgen en daarom niet gelezen")
        sheet = next((s for title, s in sheets.items() if header_key(title) == wanted), None)
        if sheet is None:
            found = ", ".join(quoted(t) for t in sheets) or "geen"
            self.problems.add(f"blad {BEDRAGEN.name} niet gevonden (wel: {found}). Gebruik het sjabloon: "
                              "`python -m pipelines template --financien`.")
            return []
        return self.read_sheet(sheet)

    def read_sheet(self, sheet: Sheet) -> list[dict]:
        columns = self.header(sheet)
        if columns is None:
            return []
        for name, column, row in sheet.merged_in_rows(2, len(sheet.rows)):
            self.problems.add(f"samengevoegde cellen {name}: geef elke rij een eigen waarde en maak de samenvoeging "
                              "ongedaan.", sheet=sheet.title, row=row, column=column)
        rows, first_row_by_key = [], {}
        for number, cells in enumerate(sheet.rows[1:], start=2):
            row = {name: (column, cells[column - 1] if column <= len(cells) else Cell(None))
                   for name, column in columns.items()}
            if all(cell.is_empty for _, cell in row.values()):
                continue
            record = self.line(sheet.title, number, row)
            if record is None:
                continue
            key = tuple(record[k] for k in ("opgave_code", "goal_code", "taakveld_code", "year", "kind", "layer"))
            if key in first_row_by_key:
                self.problems.add(f"dubbele regel: dezelfde {', '.join(BEDRAGEN.key)} als rij {first_row_by_key[key]}. "
                                  "Tel de bedragen samen in één regel of verwijder er een.", sheet=sheet.title, row=number)
                continue
            first_row_by_key[key] = number
            rows.append(record)
        if not rows and not self.problems:
            self.notices.append(f"blad {sheet.title} heeft geen ingevulde regels")
        return rows

    def header(self, sheet: Sheet) -> dict[str, int] | None:
        return header_columns(sheet, [c.name for c in BEDRAGEN.columns], BEDRAGEN.required, self.problems,
                              self.notices)

    # --- one line -------------------------------------------------------------------------------

    def line(self, sheet: str, number: int, row: dict[str, tuple[int, Cell]]) -> dict | None:
        for name, (column, cell) in row.items():
            if isinstance(cell.value, str) and cell.value.strip().startswith(EXAMPLE_MARK):
                self.problems.add("dit is de voorbeeldrij uit het sjabloon; verwijder deze rij.", sheet=sheet, row=number)
                return None
        values, failed = {}, False
        readers = {"opgave": self.opgave, "taakveld": self.taakveld, "jaar": self.year, "soort": self.kind,
                   "laag": self.layer, "bedrag": self.amount}
        for name, read in readers.items():
            try:
                values[name] = read(self.cell(row, name))
            except _Bad as problem:
                self.problems.add(str(problem), sheet=sheet, row=number, column=row[name][0], header=name)
                failed = True
        goal = None
        if "doel" in row:
            try:
                goal = self.goal(self.cell(row, "doel"), values.get("opgave"))
            except _Bad as problem:
                self.problems.add(str(problem), sheet=sheet, row=number, column=row["doel"][0], header="doel")
                failed = True
        if not failed and values["soort"] == REALISATIE and values["jaar"] > clock.this_year():
            self.problems.add(f"een realisatie over {values['jaar']} kan er nog niet zijn (dit is {clock.this_year()}); "
                              "kies soort 'begroting' of het juiste jaar.", sheet=sheet, row=number,
                              column=row["soort"][0], header="soort")
            failed = True
        if failed:
            return None
        taakveld = values["taakveld"]
        return {"opgave_code": values["opgave"], "goal_code": goal, "taakveld_code": taakveld.code,
                "taakveld_name": taakveld.name, "year": values["jaar"], "kind": values["soort"],
                "layer": values["laag"], "amount_eur": values["bedrag"], "source_row": number}

    @staticmethod
    def cell(row: dict[str, tuple[int, Cell]], name: str) -> Cell:
        cell = row[name][1]
        if cell.uncalculated:
            raise _Bad(f"formule {cell.formula} zonder opgeslagen uitkomst. Open het bestand in Excel en sla het op, "
                       "of typ de waarde in.")
        if isinstance(cell.value, str):
            control = control_character_problem(cell.value)
            if control:
                raise _Bad(control)
            if len(cell.value) > MAX_TEXT:
                raise _Bad(f"te lang ({len(cell.value)} tekens); hier hoort een code, naam, jaar of bedrag.")
        return cell

    def opgave(self, cell: Cell) -> str:
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; kies een opgave uit de lijst.")
        found = self.opgaven.get(header_key(_as_text(cell.value)))
        if found is None:
            choices = "; ".join(f"{o.title} ({o.code})" for o in self.config.opgaven)
            raise _Bad(f"onbekende opgave {quoted(_as_text(cell.value).strip())}. Kies een van: {choices}.")
        return found

    def goal(self, cell: Cell, opgave_code: str | None) -> str | None:
        if cell.is_empty:
            return None
        found = self.goals.get(header_key(_as_text(cell.value)))
        if found is None:
            choices = "; ".join(g.code for o in self.config.opgaven if o.code == opgave_code for g in o.goals)
            raise _Bad(f"onbekend doel {quoted(_as_text(cell.value).strip())}"
                       + (f"; doelen van deze opgave: {choices}." if choices else "; laat leeg voor de hele opgave."))
        if opgave_code is not None and found[0] != opgave_code:
            raise _Bad(f"doel {found[1]} hoort bij opgave {found[0]}, niet bij {opgave_code}; kies een doel van deze "
                       "opgave of laat het leeg.")
        return found[1]

    def taakveld(self, cell: Cell):
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; kies een Iv3-taakveld uit de lijst, bijv. '6.1 Samenkracht en "
                       "burgerparticipatie'.")
        typed = _as_text(cell.value).strip()
        found = self.taakvelden.get(header_key(typed))
        if found is None:
            # '6.71 Maatwerk 18+' or '6.71 - Maatwerkdienstverlening': the code in front decides.
            code = re.match(r"^\s*(\d\.\d{1,2})(?:\s|-|$)", typed)
            found = self.taakvelden.get(code.group(1)) if code else None
        if found is None:
            # A subtaakveld (since the Iv3 of 2023, e.g. '6.71c Dagbesteding (WMO)'): kept as typed, under a known
            # taakveld, so two subtaakvelden of one taakveld are two lines, not a duplicate.
            sub = re.match(r"^\s*(\d\.\d{1,2})([a-z])(?:\s*-?\s*(.*))?$", typed)
            main = self.taakvelden.get(sub.group(1)) if sub else None
            if main is not None:
                found = Taakveld(f"{main.code}{sub.group(2)}", (sub.group(3) or "").strip() or f"{main.name} (deel)")
        if found is None:
            raise _Bad(f"onbekend taakveld {quoted(typed)}. Kies een Iv3-taakveld van programma 4 tot en met 7.1 "
                       f"uit de lijst (zie het blad Toelichting), bijv. {TAAKVELDEN[10].label}.")
        return found

    def year(self, cell: Cell) -> int:
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; vul een jaartal in, bijv. 2026.")
        if isinstance(cell.value, (datetime, date, time)):
            raise _Bad("dit is een datum; vul alleen het jaartal in, bijv. 2026.")
        number = self.number(cell.value, "jaartal")
        if number != int(number):
            raise _Bad(f"{quoted(_as_text(cell.value))} is geen jaartal; een jaartal heeft geen decimalen.")
        year = int(number)
        if not FIRST_YEAR <= year <= last_year():
            raise _Bad(f"jaar {year} is niet aannemelijk; verwacht {FIRST_YEAR} tot en met {last_year()} "
                       "(een meerjarenbegroting loopt vier jaar vooruit).")
        return year

    def kind(self, cell: Cell) -> str:
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; kies begroting of realisatie.")
        typed = header_key(_as_text(cell.value))
        aliases = {"jaarrekening": REALISATIE, "rekening": REALISATIE, "begroot": KINDS[0], "werkelijk": REALISATIE}
        kind = typed if typed in KINDS else aliases.get(typed)
        if kind is None:
            raise _Bad(f"onbekende soort {quoted(_as_text(cell.value).strip())}; kies begroting of realisatie.")
        return kind

    def layer(self, cell: Cell) -> str:
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; kies de laag van de piramide uit de lijst.")
        found = self.layers.get(header_key(_as_text(cell.value)))
        if found is None:
            choices = ", ".join(layer.name for layer in LAYERS)
            raise _Bad(f"onbekende laag {quoted(_as_text(cell.value).strip())}; kies een van: {choices}.")
        return found

    def amount(self, cell: Cell) -> float:
        if cell.is_empty:
            raise _Bad("verplicht veld is leeg; vul het bedrag in euro's in (0 als er niets begroot of uitgegeven is).")
        value = self.number(cell.value, "bedrag")
        if value < 0:
            raise _Bad(f"een bedrag aan lasten kan niet negatief zijn ({_as_text(cell.value)}). Boek een correctie "
                       "in het bedrag zelf.")
        if value > MAX_AMOUNT:
            raise _Bad(f"{_as_text(cell.value)} euro is meer dan de hele begroting van welke gemeente ook; staat er een "
                       "cijfer te veel, of is het in centen?")
        return value

    @staticmethod
    def number(value: object, what: str) -> float:
        if isinstance(value, bool):
            raise _Bad(f"{quoted(value)} is geen getal.")
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            text = _EURO.sub("", str(value).strip())
            try:
                number = parse_number(text)
            except ValueError:
                example = "bijv. 1250000 of 1.250.000,50" if what == "bedrag" else "bijv. 2026"
                raise _Bad(f"{quoted(str(value).strip())} is geen {what}; vul alleen een getal in ({example}).") from None
            if text.strip().endswith("%"):
                raise _Bad(f"{quoted(str(value).strip())} is een percentage, geen {what}.")
        unusable = implausible(number, None)
        if unusable:
            raise _Bad(unusable)
        return number
