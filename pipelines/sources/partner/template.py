"""Writing the partner workbook template: the Excel file a partner fills in and sends back.

Partners (welzijn, jongerenwerk, Leergeld, SchuldHulpMaatje …) are not data
people, and every mistake they make costs a round of e-mail. So the template
does as much as Excel allows to prevent mistakes before the reader
(pipelines.sources.partner.reader) has to refuse them: an instruction sheet in plain Dutch,
a comment on every header, drop-down lists for opgave, doel, wijk, soort and
indicator, number checks on jaar, deelnemers and waarde, and one example row
that shows what a filled-in row looks like.

Everything a partner must get right comes from pipelines.sources.partner.contract,
the same module the reader validates against, so template and reader cannot
drift apart; the opgaven, wijken and indicators come from the gemeente's
configuration, so the template fits any gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from monitor.config import MonitorConfig
from pipelines.sources.partner.contract import (
    CIJFERS, EXAMPLE_MARK, FIRST_YEAR, SHEETS, STORY_KINDS, TEMPLATE_ONLY_SHEETS, VERHALEN,
    SheetContract, all_goals, example_rows, goal_label, last_year, partner_indicators,
)

INSTRUCTIONS_SHEET, LISTS_SHEET = TEMPLATE_ONLY_SHEETS
# Validations cover this many rows: far more than a partner fills in, few enough to keep the file small.
LAST_INPUT_ROW = 1000
PARTNER_COMMAND = "python -m pipelines partner"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")
TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=13)
LABEL_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Long free-text columns wrap, so a story stays readable in its cell.
WRAPPED_COLUMNS = {"omschrijving", "verhaal"}


def write_template(path: Path, config: MonitorConfig, wijk_names: list[str]) -> Path:
    """Write the partner template for this gemeente to `path` (parent folders are created); returns the path."""
    path = Path(path)
    workbook = build_template(config, wijk_names)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def build_template(config: MonitorConfig, wijk_names: list[str]) -> Workbook:
    """The template as an openpyxl Workbook, for callers that add to it before saving."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    write_instructions(instructions, _instruction_lines(config, wijk_names))
    examples = example_rows(config, wijk_names)
    for contract in SHEETS:
        _write_input_sheet(workbook.create_sheet(contract.name), contract, examples[contract.name])
    lists = _write_lists(workbook.create_sheet(LISTS_SHEET), config, wijk_names)
    for contract in SHEETS:
        _add_validations(workbook[contract.name], contract, lists)
    workbook.active = 0  # a partner opens the file on the instructions
    workbook.properties.title = f"Sjabloon partneropgave – {config.title}"
    workbook.properties.creator = config.title
    workbook.properties.subject = "Partneropgave: activiteiten, verhalen en cijfers per opgave"
    return workbook


# --- the instruction sheet -------------------------------------------------------------

def write_instructions(sheet: Worksheet, lines: list[tuple[str, str | None, str | None]], label_width: int = 30) -> None:
    """Two columns, label and text: short enough to read on one screen per section, and printable.

    lines: (kind, label, text) per row; kind is title, heading, line or blank (every template uses this sheet)."""
    sheet.column_dimensions["A"].width = label_width
    sheet.column_dimensions["B"].width = 100
    sheet.sheet_view.showGridLines = False
    for kind, label, text in lines:
        sheet.append([label, text])
        row = sheet.max_row
        if kind in ("title", "heading"):
            # No wrapping: a heading runs on over the empty column B instead of making its row tall.
            sheet.cell(row, 1).font = TITLE_FONT if kind == "title" else HEADING_FONT
            continue
        sheet.cell(row, 1).font = LABEL_FONT
        for column in (1, 2):
            sheet.cell(row, column).alignment = WRAP


def _instruction_lines(config: MonitorConfig, wijk_names: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(kind, label, text) per row of the instruction sheet; kind is title, heading, line or blank."""
    return [
        ("title", f"Sjabloon partneropgave – {config.title}", None),
        *_purpose_lines(config),
        *_rule_lines(config),
        *[line for contract in SHEETS for line in _sheet_lines(contract)],
        *_opgave_lines(config),
        *_goal_lines(config),
        *_indicator_lines(config),
        *_wijk_lines(config, wijk_names),
        *_return_lines(config),
    ]


def _blank_and_heading(text: str) -> list[tuple[str, str | None, str | None]]:
    return [("blank", None, None), ("heading", text, None)]


def _purpose_lines(config: MonitorConfig) -> list:
    vision = f" ({config.vision})" if config.vision else ""
    return [
        *_blank_and_heading("Waar is dit voor?"),
        ("line", "Tellen en vertellen", (
            f"Met de {config.title} volgt de gemeente {config.gemeente_name} hoe het gaat met de opgaven uit de "
            f"visie op het sociaal domein{vision}. Per opgave zetten we cijfers (tellen) en verhalen (vertellen) "
            "naast elkaar. Uw organisatie levert allebei: wat u deed en hoeveel inwoners meededen, wat dat "
            "opleverde en wat inwoners erover vertelden. Zo ziet de gemeenteraad niet alleen cijfers van CBS "
            "en GGD, maar ook wat er in de wijken gebeurt.")),
        ("line", "Wat u invult", (
            "Drie bladen: Activiteiten, Verhalen en Cijfers. Vul in wat voor uw organisatie van toepassing is; "
            "een blad dat niet over u gaat, laat u leeg.")),
    ]


def _rule_lines(config: MonitorConfig) -> list:
    threshold = config.small_count_threshold
    return [
        *_blank_and_heading("Spelregels"),
        ("line", "Kopregel", "Laat rij 1 van elk blad (de kolomnamen) ongewijzigd: de monitor herkent de kolommen "
                             "aan deze namen. Beweeg de muis over een kolomnaam voor uitleg."),
        ("line", "Eén rij per …", "Eén rij per activiteit, per verhaal of per cijfer. Doet u dezelfde activiteit in "
                                  "meer wijken of jaren, gebruik dan een rij per wijk en jaar."),
        ("line", "Voorbeeldrij", f"Rij 2 van elk blad is een voorbeeld (grijs, begint met '{EXAMPLE_MARK}'). "
                                 "Verwijder die rij voordat u het bestand terugstuurt; anders wordt het geweigerd."),
        ("line", "Wijk", f"Laat de wijk leeg voor de hele gemeente {config.gemeente_name}. Noem een wijk bij "
                         "naam (kies uit de lijst) of met de CBS-code, bijv. WK" + config.gemeente_code[2:] + "01. "
                         "Op het blad Cijfers is de wijk verplicht: vul daar "
                         f"'{config.gemeente_name}' in voor het totaal van de gemeente."),
        ("line", "Getallen", "Vul getallen in als getal (bijv. 37 of 12,5), zonder eenheid, punt voor duizendtallen "
                             "of %-teken. Een percentage vult u in als getal tussen 0 en 100 (87, niet 0,87). "
                             "Formules zijn niet nodig."),
        ("line", "Jaren", f"Een jaartal van {FIRST_YEAR} tot en met {last_year()}, alleen het jaar (bijv. 2025), "
                          "geen datum."),
        ("line", "Soort verhaal", "Kies een van: " + ", ".join(STORY_KINDS) + ". Een situatieschets beschrijft "
                                  "een hele wijk (algemeen beeld en opvallende zaken); daarbij mag de opgave leeg "
                                  "blijven."),
        ("line", "Privacy", "Noem geen namen van inwoners en geen details waaraan iemand te herkennen is "
                            "(adres, straat, precieze leeftijd, bijzondere gezinssituatie). Schrijf een casus "
                            "zo dat de betrokkene er zichzelf niet in zou herkennen. "
                            f"Aantallen onder de {threshold} (deelnemers of cijfers in aantallen) worden als "
                            "'geheim' opgeslagen en nooit getoond of gedownload; vul ze wel gewoon in."),
    ]


def _sheet_lines(contract: SheetContract) -> list:
    lines = [*_blank_and_heading(f"Blad {contract.name}"), ("line", "Doel", contract.purpose)]
    for column in contract.columns:
        lines.append(("line", column.name, f"{_required_word(column.required)} – {column.help}"))
    return lines


def _opgave_lines(config: MonitorConfig) -> list:
    lines = [*_blank_and_heading("Opgaven"),
             ("line", "Titel", "Code (in de kolom opgave mag u de titel of de code invullen)")]
    lines += [("line", opgave.title, opgave.code) for opgave in config.opgaven]
    return lines


def _goal_lines(config: MonitorConfig) -> list:
    """The goals per opgave, as the doelenboom orders them, so a partner can find the one an activity serves."""
    lines = [*_blank_and_heading("Doelen (blad Activiteiten, kolom doel)")]
    if not all_goals(config):
        return lines + [("line", None, "Deze monitor heeft (nog) geen doelen bij de opgaven; laat de kolom doel leeg.")]
    lines.append(("line", "Optioneel", (
        "Weet u aan welk doel een activiteit bijdraagt, kies dan in de kolom doel het doel uit de lijst, of vul de "
        "code of de tekst van het doel in. Het doel moet horen bij de opgave van dezelfde rij. Laat de cel leeg als "
        "de activiteit bijdraagt aan de opgave als geheel. Een werkmap zonder kolom doel (een ouder sjabloon) "
        "wordt ook gewoon geladen.")))
    for opgave in config.opgaven:
        if not opgave.goals:
            continue
        lines.append(("line", opgave.title, f"Doelen van de opgave {opgave.title} (code {opgave.code}):"))
        for goal in opgave.goals:
            under = f"{goal.level} onder {goal.parent_code}: " if goal.parent_code else ""
            lines.append(("line", goal.code, f"{under}{goal.text}"))
    return lines


def _indicator_lines(config: MonitorConfig) -> list:
    indicators = partner_indicators(config)
    if not indicators:
        return [*_blank_and_heading("Indicatoren voor partners"),
                ("line", None, "Deze monitor vraagt partners (nog) geen cijfers; het blad Cijfers kunt u leeg laten.")]
    lines = [*_blank_and_heading("Indicatoren voor partners (blad Cijfers)"),
             ("line", "Code", "Titel (eenheid): wat er geteld wordt. In de kolom indicator mag u de code of de titel invullen.")]
    lines += [("line", i.code, f"{i.title} ({i.unit}): {i.definition}") for i in indicators]
    return lines


def _wijk_lines(config: MonitorConfig, wijk_names: list[str]) -> list:
    names = ", ".join(wijk_names) if wijk_names else "(geen wijken bekend; vul de CBS-code in)"
    return [*_blank_and_heading("Wijken"),
            ("line", config.gemeente_name, f"De hele gemeente. Wijken: {names}.")]


def _return_lines(config: MonitorConfig) -> list:
    return [
        *_blank_and_heading("Terugsturen"),
        ("line", "Insturen", f"Sla het bestand op als Excel-werkmap (.xlsx) en stuur het terug naar de gemeente "
                             f"{config.gemeente_name}. De beleidsadviseur laadt het in de monitor met "
                             f"`{PARTNER_COMMAND}`; klopt er iets niet, dan krijgt u een lijst met blad, rij en "
                             "kolom van wat aangepast moet worden."),
    ]


def _required_word(required: bool) -> str:
    return "verplicht" if required else "optioneel"


# --- the three input sheets ----------------------------------------------------------------

def _write_input_sheet(sheet: Worksheet, contract: SheetContract, example: dict[str, object]) -> None:
    sheet.append([column.name for column in contract.columns])
    for number, column in enumerate(contract.columns, start=1):
        cell = sheet.cell(1, number)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        cell.comment = _header_comment(column.help, column.required)
        dimension = sheet.column_dimensions[get_column_letter(number)]
        dimension.width = column.width
        if column.name in WRAPPED_COLUMNS:
            dimension.alignment = WRAP
    sheet.append([example.get(column.name) for column in contract.columns])
    for number, column in enumerate(contract.columns, start=1):
        cell = sheet.cell(2, number)
        cell.font = EXAMPLE_FONT
        if column.name in WRAPPED_COLUMNS:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"  # the header stays in view while scrolling through hundreds of rows


def _header_comment(help_text: str, required: bool) -> Comment:
    comment = Comment(f"{help_text} ({_required_word(required)})", "Monitor Sociaal Domein")
    comment.width, comment.height = 280, 110  # the default box cuts the help text off
    return comment


# --- lists and validations -------------------------------------------------------------------------

@dataclass(frozen=True)
class ChoiceList:
    """One list on the Keuzelijsten sheet and the range a validation refers to."""

    name: str
    values: tuple[str, ...]
    column: int

    @property
    def formula(self) -> str | None:
        """The absolute range, e.g. '=Keuzelijsten!$A$2:$A$6'; None for an empty list (Excel refuses it)."""
        if not self.values:
            return None
        letter = get_column_letter(self.column)
        return f"={LISTS_SHEET}!${letter}$2:${letter}${len(self.values) + 1}"


def choice_lists(config: MonitorConfig, wijk_names: list[str]) -> dict[str, ChoiceList]:
    """The drop-down lists by column name: opgave titles, gemeente + wijken, soorten, partner indicator codes, goals.

    New lists go at the end, so the columns of the existing lists on the Keuzelijsten sheet stay where they were.
    """
    values = {
        "opgave": tuple(o.title for o in config.opgaven),
        "wijk": (config.gemeente_name, *wijk_names),
        "soort": STORY_KINDS,
        "indicator": tuple(i.code for i in partner_indicators(config)),
        "doel": tuple(goal_label(goal) for goal in all_goals(config)),
    }
    return {name: ChoiceList(name, items, number) for number, (name, items) in enumerate(values.items(), start=1)}


def _write_lists(sheet: Worksheet, config: MonitorConfig, wijk_names: list[str]) -> dict[str, ChoiceList]:
    """Lists live on a hidden sheet: validation lists typed into the formula are limited to 255 characters."""
    lists = choice_lists(config, wijk_names)
    for choice in lists.values():
        sheet.cell(1, choice.column, choice.name).font = HEADER_FONT
        sheet.column_dimensions[get_column_letter(choice.column)].width = 40
        for row, value in enumerate(choice.values, start=2):
            sheet.cell(row, choice.column, value)
    sheet.sheet_state = "hidden"
    return lists


def _add_validations(sheet: Worksheet, contract: SheetContract, lists: dict[str, ChoiceList]) -> None:
    for number, column in enumerate(contract.columns, start=1):
        validation = _validation_for(contract, column.name, lists)
        if validation is None:
            continue
        letter = get_column_letter(number)
        validation.add(f"{letter}2:{letter}{LAST_INPUT_ROW}")
        sheet.add_data_validation(validation)


def _validation_for(contract: SheetContract, name: str, lists: dict[str, ChoiceList]) -> DataValidation | None:
    if name == "opgave":
        # Warning, not stop: the reader also accepts the opgave's code, which is not in the list.
        return _list_validation(lists["opgave"], "Opgave", "Kies de opgave uit de lijst.",
                                "Deze opgave staat niet in de lijst. Gebruik de titel uit de lijst of de code "
                                "van de opgave (zie het blad Toelichting).", warning=True)
    if name == "doel":
        # Warning, not stop: the reader also accepts the goal's code or text alone, which are not in the list.
        return _list_validation(lists["doel"], "Doel",
                                "Optioneel: kies het doel uit de lijst. Het moet bij de opgave van deze rij horen. "
                                "Leeg = de opgave als geheel.",
                                "Dit doel staat niet in de lijst. De code of de tekst van het doel mag ook (zie het "
                                "blad Toelichting); laat de cel anders leeg.", warning=True)
    if name == "wijk":
        # Warning, not stop: a CBS code (WK…) is just as good as the name in the list.
        prompt = ("Kies de wijk uit de lijst of typ de CBS-code. Leeg = de hele gemeente."
                  if contract is not CIJFERS else "Kies de wijk, of de gemeente voor het totaal.")
        return _list_validation(lists["wijk"], "Wijk", prompt,
                                "Deze wijk staat niet in de lijst. Een CBS-code (bijv. WK…) mag ook; controleer "
                                "anders de spelling.", warning=True)
    if name == "soort" and contract is VERHALEN:
        return _list_validation(lists["soort"], "Soort verhaal", "Kies: " + ", ".join(STORY_KINDS) + ".",
                                "Kies een soort uit de lijst: " + ", ".join(STORY_KINDS) + ".", warning=False)
    if name == "indicator":
        # Warning, not stop: the reader also accepts the indicator's title.
        return _list_validation(lists["indicator"], "Indicator", "Kies de indicator (code) uit de lijst.",
                                "Deze indicator staat niet in de lijst. De titel mag ook (zie het blad "
                                "Toelichting); partners leveren alleen deze indicatoren.", warning=True)
    if name == "jaar":
        return _number_validation("whole", "between", FIRST_YEAR, last_year(), "Jaar",
                                  f"Alleen het jaartal, {FIRST_YEAR} tot en met {last_year()}.",
                                  f"Vul een jaartal in van {FIRST_YEAR} tot en met {last_year()}, bijv. 2025.")
    if name == "deelnemers":
        return _number_validation("whole", "greaterThanOrEqual", 0, None, "Deelnemers",
                                  "Aantal unieke deelnemers: een geheel getal, 0 of meer.",
                                  "Vul een geheel getal in (0 of meer), zonder tekst erbij.")
    if name == "waarde" and contract is CIJFERS:
        return _number_validation("decimal", "greaterThanOrEqual", 0, None, "Waarde",
                                  "Het cijfer als getal, bijv. 37 of 12,5; een percentage als 0 tot 100.",
                                  "Vul een getal in (0 of meer), zonder eenheid of tekst erbij.")
    return None


def _list_validation(choice: ChoiceList, title: str, prompt: str, error: str, warning: bool) -> DataValidation | None:
    if choice.formula is None:
        return None
    return DataValidation(
        type="list", formula1=choice.formula, allow_blank=True,
        errorStyle="warning" if warning else "stop", showErrorMessage=True, showInputMessage=True,
        errorTitle=f"{title} onbekend", error=error, promptTitle=title, prompt=prompt,
    )


def _number_validation(kind: str, operator: str, low: int, high: int | None, title: str, prompt: str,
                       error: str) -> DataValidation:
    return DataValidation(
        type=kind, operator=operator, formula1=str(low), formula2=None if high is None else str(high),
        allow_blank=True, errorStyle="stop", showErrorMessage=True, showInputMessage=True,
        errorTitle=f"{title}: ongeldige waarde", error=error, promptTitle=title, prompt=prompt,
    )
