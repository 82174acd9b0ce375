"""The partner workbook contract: which sheets and columns a partner fills in, shared by template and reader.

The template (`python -m pipelines template`) is written from this module
and the reader (`pipelines.sources.partner.reader`) validates against it, so the two can
never disagree about a column name.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor import clock
from monitor.config import Goal, MonitorConfig

STORY_KINDS = ("evaluatie", "inwonersstem", "casus", "situatieschets")
FIRST_YEAR = 2000
MAX_ROWS = 10_000  # per sheet; a partner sheet has tens to hundreds of rows
# The most characters a partner may type per column (runs of spaces and line breaks count once). A name or
# title longer than 150 does not fit a tile or a slide; a story of 10.000 (some four pages) is read by nobody.
# A doel is chosen from a list that shows code and text of the goal: as long as the config's goal texts allow.
MAX_TEXT = {"activiteit": 150, "partner": 150, "titel": 150, "bron": 200, "omschrijving": 1_000, "verhaal": 10_000,
            "doel": 500}
MAX_NAME = 200  # every other column holds a name, code, year or number: a longer cell is never one
EXAMPLE_MARK = "Voorbeeld:"  # an example row's activiteit or titel starts with this
TEMPLATE_ONLY_SHEETS = ("Toelichting", "Keuzelijsten")  # the template's own sheets: skipped without notice


def last_year() -> int:
    """Partners report on the past and at most plan for next year."""
    return clock.this_year() + 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # Dutch, for the instruction sheet and the header comment
    width: int = 18


@dataclass(frozen=True)
class SheetContract:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # two rows with the same key are duplicates

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


ACTIVITEITEN = SheetContract(
    "Activiteiten",
    "Tellen: wat de partner deed en hoeveel inwoners meededen, per opgave, wijk en jaar.",
    (
        Column("opgave", True, "De opgave waar de activiteit aan bijdraagt: kies uit de lijst (titel of code).", 24),
        Column("doel", False, "Het doel van die opgave waar de activiteit aan bijdraagt: kies uit de lijst (of vul "
               "de code of de tekst van het doel in). Het doel moet bij de opgave van dezelfde rij horen. "
               "Leeg = de activiteit draagt bij aan de opgave als geheel.", 40),
        Column("activiteit", True, "Naam van de activiteit, bijv. 'Taalcafé' of 'Beweegmaatjes'.", 30),
        Column("partner", True, "De organisatie die de activiteit uitvoert.", 24),
        Column("jaar", True, "Het jaar waarover u rapporteert, bijv. 2025.", 8),
        Column("deelnemers", True, "Aantal unieke deelnemers (geheel getal, 0 of meer).", 12),
        Column("wijk", False, "De wijk (naam of CBS-code). Leeg = de hele gemeente.", 22),
        Column("omschrijving", False, "Korte toelichting: doel, doelgroep, bijzonderheden.", 50),
    ),
    key=("opgave", "activiteit", "partner", "wijk", "jaar"),
)

VERHALEN = SheetContract(
    "Verhalen",
    "Vertellen: evaluaties, stemmen van inwoners, casussen en situatieschetsen van wijken.",
    (
        Column("opgave", True, "De opgave waar het verhaal over gaat (titel of code). "
               "Alleen bij een situatieschets mag dit leeg blijven: die gaat over de hele wijk.", 24),
        Column("jaar", True, "Het jaar waar het verhaal over gaat.", 8),
        Column("titel", True, "Korte titel (hooguit 150 tekens).", 30),
        Column("verhaal", True, "De tekst zelf. Noem geen namen of details waaraan iemand te herkennen is.", 60),
        Column("wijk", False, "De wijk (naam of CBS-code). Leeg = de hele gemeente.", 22),
        Column("soort", False, "evaluatie, inwonersstem, casus of situatieschets.", 16),
        Column("bron", False, "Wie het vertelde of schreef, bijv. 'Eemkracht, wijkteam Smitsveen'.", 28),
    ),
    key=("opgave", "wijk", "jaar", "titel"),
)

CIJFERS = SheetContract(
    "Cijfers",
    "Tellen: cijfers die de partner levert voor indicatoren uit de monitor.",
    (
        Column("indicator", True, "De indicator (code of titel), kies uit de lijst.", 30),
        Column("wijk", True, "De wijk (naam of CBS-code), of de gemeente zelf voor het totaal.", 22),
        Column("jaar", True, "Het jaar waar het cijfer over gaat.", 8),
        Column("waarde", True, "Het cijfer, als getal (bijv. 37 of 12,5).", 12),
    ),
    key=("indicator", "wijk", "jaar"),
)

SHEETS = (ACTIVITEITEN, VERHALEN, CIJFERS)


def partner_indicators(config: MonitorConfig):
    """The catalog indicators partners deliver figures for (source 'partner')."""
    return [i for i in config.indicators if i.source == "partner"]


def all_goals(config: MonitorConfig) -> list[Goal]:
    """Every goal of every opgave at every level, in the order of the doelenboom (opgave, then depth first)."""
    return [goal for opgave in config.opgaven for goal in opgave.goals]


def goal_label(goal: Goal) -> str:
    """How the template's list shows a goal: code and text, so a partner sees what it means and the reader which it is.

    The code comes first: a long goal text is cut off in Excel's narrow drop-down list, the code stays readable.
    """
    return f"{goal.code} – {goal.text}"


def example_rows(config: MonitorConfig, wijk_names: list[str]) -> dict[str, dict[str, object]]:
    """The one example row per sheet in the template; the reader refuses a workbook that still has it."""
    opgave = config.opgaven[0].title if config.opgaven else ""
    goal = goal_label(config.opgaven[0].goals[0]) if config.opgaven and config.opgaven[0].goals else None
    wijk = wijk_names[0] if wijk_names else config.gemeente_name
    indicators = partner_indicators(config)
    year = clock.this_year() - 1
    return {
        ACTIVITEITEN.name: {
            "opgave": opgave, "doel": goal, "activiteit": f"{EXAMPLE_MARK} Beweegmaatjes",
            "partner": "Naam van uw organisatie", "jaar": year, "deelnemers": 25, "wijk": wijk,
            "omschrijving": "Wekelijks samen wandelen met een vrijwilliger. Vervang deze rij door uw eigen activiteiten.",
        },
        VERHALEN.name: {
            "opgave": opgave, "jaar": year, "titel": f"{EXAMPLE_MARK} Samen sterker in de wijk",
            "verhaal": "Wat er gebeurde, wat het opleverde en wat inwoners erover zeiden. Vervang deze rij door uw eigen verhalen.",
            "wijk": wijk, "soort": "evaluatie", "bron": "Naam van uw organisatie",
        },
        CIJFERS.name: {
            "indicator": indicators[0].code if indicators else "", "wijk": f"{EXAMPLE_MARK} {wijk}",
            "jaar": year, "waarde": 0,
        },
    }
