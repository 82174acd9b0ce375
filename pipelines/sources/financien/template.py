"""Writing the financiënwerkmap template: the Excel file the gemeente's financial people fill in.

Built like the partner template (pipelines.sources.partner.template), whose
sheet writer, drop-down lists and number checks it reuses: an instruction sheet
in plain Dutch, a comment on every header, drop-down lists for opgave, doel,
taakveld, soort and laag (from pipelines.sources.financien.contract, the module
the reader validates against), number checks on jaar and bedrag, and one
example row that the reader refuses when it is left in.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from monitor.config import MonitorConfig
from pipelines.sources.financien.contract import (
    BEDRAGEN, EXAMPLE_MARK, FIRST_YEAR, KIND_HELP, KINDS, LAYERS, TAAKVELDEN, TEMPLATE_ONLY_SHEETS, example_row,
    goal_choices, last_year,
)
from pipelines.sources.partner.template import (
    HEADER_FONT, LAST_INPUT_ROW, ChoiceList, _list_validation, _number_validation, _write_input_sheet,
    write_instructions,
)

INSTRUCTIONS_SHEET, LISTS_SHEET = TEMPLATE_ONLY_SHEETS
FINANCIEN_COMMAND = "python -m pipelines financien"


def write_template(path: Path, config: MonitorConfig) -> Path:
    """Write the financiën template for this gemeente to `path` (parent folders are created); returns the path."""
    path = Path(path)
    workbook = build_template(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def build_template(config: MonitorConfig) -> Workbook:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    write_instructions(instructions, _instruction_lines(config), label_width=34)
    _write_input_sheet(workbook.create_sheet(BEDRAGEN.name), BEDRAGEN, example_row(config))
    lists = _write_lists(workbook.create_sheet(LISTS_SHEET), config)
    _add_validations(workbook[BEDRAGEN.name], lists)
    workbook.active = 0
    workbook.properties.title = f"Sjabloon financiën per opgave – {config.title}"
    workbook.properties.creator = config.title
    workbook.properties.subject = "Financiën: begroting en realisatie per opgave, taakveld en laag van de piramide"
    return workbook


def choice_lists(config: MonitorConfig) -> dict[str, ChoiceList]:
    values = {
        "opgave": tuple(o.title for o in config.opgaven),
        "doel": tuple(code for _, code, _ in goal_choices(config)),
        "taakveld": tuple(t.label for t in TAAKVELDEN),
        "soort": KINDS,
        "laag": tuple(layer.name for layer in LAYERS),
    }
    return {name: ChoiceList(name, items, number) for number, (name, items) in enumerate(values.items(), start=1)}


def _write_lists(sheet: Worksheet, config: MonitorConfig) -> dict[str, ChoiceList]:
    """On a hidden sheet: a list typed into the validation itself may hold at most 255 characters."""
    lists = choice_lists(config)
    for choice in lists.values():
        sheet.cell(1, choice.column, choice.name).font = HEADER_FONT
        sheet.column_dimensions[get_column_letter(choice.column)].width = 50
        for row, value in enumerate(choice.values, start=2):
            sheet.cell(row, choice.column, value)
    sheet.sheet_state = "hidden"
    return lists


def _add_validations(sheet: Worksheet, lists: dict[str, ChoiceList]) -> None:
    validations = {
        # Warnings, not stops, where the reader also accepts a code that is not in the list.
        "opgave": _list_validation(lists["opgave"], "Opgave", "Kies de opgave uit de lijst.",
                                   "Deze opgave staat niet in de lijst; de code van de opgave mag ook (zie Toelichting).",
                                   warning=True),
        "doel": _list_validation(lists["doel"], "Doel", "Optioneel: een doel van de opgave van deze rij. Leeg = de "
                                 "hele opgave.", "Dit doel staat niet in de lijst; de tekst van het doel mag ook.",
                                 warning=True),
        "taakveld": _list_validation(lists["taakveld"], "Taakveld", "Kies het Iv3-taakveld uit de lijst.",
                                     "Dit taakveld staat niet in de lijst; alleen de code (bijv. 6.71) mag ook.",
                                     warning=True),
        "soort": _list_validation(lists["soort"], "Soort", "begroting of realisatie (jaarrekening).",
                                  "Kies begroting of realisatie.", warning=False),
        "laag": _list_validation(lists["laag"], "Laag van de piramide", "Kies de laag uit de lijst.",
                                 "Deze laag staat niet in de lijst; de korte naam (basis, preventie, toegang, "
                                 "maatwerk) mag ook.", warning=True),
        "jaar": _number_validation("whole", "between", FIRST_YEAR, last_year(), "Jaar",
                                   f"Alleen het jaartal, {FIRST_YEAR} tot en met {last_year()}.",
                                   f"Vul een jaartal in van {FIRST_YEAR} tot en met {last_year()}."),
        "bedrag": _number_validation("decimal", "greaterThanOrEqual", 0, None, "Bedrag",
                                     "Het bedrag in euro's, 0 of meer.", "Vul een bedrag in euro's in (0 of meer)."),
    }
    for number, column in enumerate(BEDRAGEN.columns, start=1):
        validation = validations.get(column.name)
        if validation is None:
            continue
        letter = get_column_letter(number)
        validation.add(f"{letter}2:{letter}{LAST_INPUT_ROW}")
        sheet.add_data_validation(validation)


def _heading(text: str) -> list[tuple]:
    return [("blank", None, None), ("heading", text, None)]


def _instruction_lines(config: MonitorConfig) -> list[tuple[str, str | None, str | None]]:
    lines = [
        ("title", f"Sjabloon financiën per opgave – {config.title}", None),
        *_heading("Waar is dit voor?"),
        ("line", "Sturen op effecten en financiën", (
            f"De {config.title} zet naast de cijfers per opgave ook het geld: wat de gemeente {config.gemeente_name} "
            "begroot en uitgeeft per opgave, per Iv3-taakveld en per laag van de piramide (sociale basis, preventie, "
            "toegang, maatwerk). Zo ziet de raad de kosten per inwoner en per deelnemer, begroting tegen realisatie, "
            "en of het geld verschuift van maatwerk naar de basis.")),
        ("line", "Wat u invult", f"Eén blad: {BEDRAGEN.name}. Eén regel per opgave (en eventueel doel), taakveld, "
                                 "jaar, soort en laag. Begroting en realisatie van hetzelfde jaar zijn twee regels."),
        *_heading("Spelregels"),
        ("line", "Kopregel", "Laat rij 1 ongewijzigd: de monitor herkent de kolommen aan deze namen."),
        ("line", "Voorbeeldrij", f"Rij 2 is een voorbeeld (grijs, het taakveld begint met '{EXAMPLE_MARK}'). "
                                 "Verwijder die rij; anders wordt het bestand geweigerd."),
        ("line", "Bedragen", "In hele euro's of met centen, zonder formule: 1250000, 1.250.000 of 1.250.000,50. "
                             "Een €-teken mag. Lasten zijn 0 of meer; een correctie verwerkt u in het bedrag zelf."),
        ("line", "Jaren", f"Een jaartal van {FIRST_YEAR} tot en met {last_year()}. Een realisatie gaat over een "
                          "jaar dat voorbij is of loopt; een begroting mag tot vier jaar vooruit (meerjarenbegroting)."),
        ("line", "Soort", "; ".join(KIND_HELP[k] for k in KINDS) + "."),
        ("line", "Dubbel", "Dezelfde opgave, doel, taakveld, jaar, soort en laag mag maar één keer voorkomen: tel "
                           "zulke bedragen samen."),
        ("line", "Accommodaties", "Laat lasten van accommodaties en uitvoeringslasten weg als u de piramide zo wilt "
                                  "vergelijken als in de nota's van Ermelo, Harderwijk en Zeewolde; zet in elk geval "
                                  "bij de publicatie wat u meetelde."),
        *_heading(f"Blad {BEDRAGEN.name}"),
        ("line", "Doel", BEDRAGEN.purpose),
        *[("line", c.name, f"{'verplicht' if c.required else 'optioneel'} – {c.help}") for c in BEDRAGEN.columns],
        *_heading("Lagen van de piramide"),
        *[("line", layer.name, f"korte naam: {layer.code}") for layer in LAYERS],
        *_heading("Iv3-taakvelden (programma 4 tot en met 7.1)"),
        *[("line", t.code, t.name + (f" (vroeger: {', '.join(t.old_names)})" if t.old_names else ""))
          for t in TAAKVELDEN],
        *_heading("Opgaven en doelen"),
        ("line", "Titel of code", "Doelen (code: tekst)"),
    ]
    for opgave in config.opgaven:
        goals = "; ".join(f"{goal.code}: {goal.text}" for goal in opgave.goals) or "(geen doelen)"
        lines.append(("line", f"{opgave.title} ({opgave.code})", goals))
    lines += [
        *_heading("Laden"),
        ("line", "In de monitor", f"Zet het bestand in data/raw/financien/ (dan laadt `python -m pipelines run` het "
                                  f"mee) of laad het los met `{FINANCIEN_COMMAND} BESTAND.xlsx`. Klopt er iets niet, "
                                  "dan krijgt u een lijst met blad, rij en kolom; er wordt dan niets geladen. Een "
                                  "verbeterde versie onder dezelfde bestandsnaam vervangt de vorige."),
    ]
    return lines
