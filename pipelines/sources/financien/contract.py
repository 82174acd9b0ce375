"""The financiën workbook contract: its one sheet, its columns and the lists they choose from.

Shared by the template (`python -m pipelines template --financien`) and the
reader (`pipelines.sources.financien.reader`), so the two never disagree about
a column, a taakveld or a laag of the piramide.

The lists here are the only place they are written down:
- TAAKVELDEN: the Iv3 taakvelden (Besluit begroting en verantwoording, the
  CBS Iv3-informatievoorschrift) of the programma's seed 002 counts as sociaal
  domein: 4 Onderwijs, 5 Sport, cultuur en recreatie, 6 Sociaal domein and of 7
  only 7.1 Volksgezondheid (7.2–7.5 are riolering, afval, milieu and
  begraafplaatsen: no sociaal domein). Names as the Iv3 of 2023 on writes them
  (6.2 was 'Wijkteams' before, 6.4 'Begeleide participatie'); the old names
  are still accepted, because older begrotingen use them. A subtaakveld (the
  Iv3 of 2023 splits some, e.g. 6.71c Dagbesteding (WMO), 6.81a Beschermd
  wonen) is accepted under its taakveld with the name the workbook gives it;
  they are not listed here, so a new split needs no change.
- LAYERS: the piramide of seed 002 (Ermelo, Harderwijk, Zeewolde): sociale
  (pedagogische) basis, preventie en lichte ondersteuning, toegang,
  maatwerkvoorzieningen, bottom to top.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor import clock
from monitor.config import MonitorConfig
from pipelines.sources.partner.contract import Column, SheetContract

SOURCE_CODE = "financien"
SHEET_NAME = "Bedragen"
TEMPLATE_ONLY_SHEETS = ("Toelichting", "Keuzelijsten")  # the template's own sheets: skipped without notice
EXAMPLE_MARK = "Voorbeeld:"  # the example row's taakveld starts with this
FIRST_YEAR = 2015  # the Iv3 taakvelden exist since the begroting 2017; a nulmeting may reach back a little
MAX_ROWS = 20_000  # a gemeente's begroting per taakveld, laag and opgave over some years: hundreds of lines
MAX_AMOUNT = 5e10  # € 50 miljard: more than the whole begroting of the largest gemeente (Amsterdam, some € 8 mld)
MAX_TEXT = 200  # every cell holds a code, name, year or amount; a longer cell is never one

BEGROTING, REALISATIE = "begroting", "realisatie"
KINDS = (BEGROTING, REALISATIE)
KIND_HELP = {BEGROTING: "begroting (de vastgestelde of meerjarenbegroting)",
             REALISATIE: "realisatie (de jaarrekening)"}


@dataclass(frozen=True)
class Taakveld:
    code: str  # '6.71'
    name: str  # 'Maatwerkdienstverlening 18+'
    old_names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the template's list and the page show it: '6.71 Maatwerkdienstverlening 18+'."""
        return f"{self.code} {self.name}"


TAAKVELDEN = (
    Taakveld("4.1", "Openbaar basisonderwijs"),
    Taakveld("4.2", "Onderwijshuisvesting"),
    Taakveld("4.3", "Onderwijsbeleid en leerlingzaken"),
    Taakveld("5.1", "Sportbeleid en activering"),
    Taakveld("5.2", "Sportaccommodaties"),
    Taakveld("5.3", "Cultuurpresentatie, cultuurproductie en cultuurparticipatie"),
    Taakveld("5.4", "Musea"),
    Taakveld("5.5", "Cultureel erfgoed"),
    Taakveld("5.6", "Media"),
    Taakveld("5.7", "Openbaar groen en (openlucht) recreatie"),
    Taakveld("6.1", "Samenkracht en burgerparticipatie"),
    Taakveld("6.2", "Toegang en eerstelijnsvoorzieningen", ("Wijkteams",)),
    Taakveld("6.3", "Inkomensregelingen"),
    Taakveld("6.4", "WSW en beschut werk", ("Begeleide participatie",)),
    Taakveld("6.5", "Arbeidsparticipatie"),
    Taakveld("6.6", "Maatwerkvoorzieningen (WMO)"),
    Taakveld("6.71", "Maatwerkdienstverlening 18+"),
    Taakveld("6.72", "Maatwerkdienstverlening 18-"),
    Taakveld("6.81", "Geëscaleerde zorg 18+"),
    Taakveld("6.82", "Geëscaleerde zorg 18-"),
    Taakveld("7.1", "Volksgezondheid"),
)
TAAKVELD_BY_CODE = {t.code: t for t in TAAKVELDEN}


@dataclass(frozen=True)
class Layer:
    code: str  # as the warehouse keeps it: basis, preventie, toegang, maatwerk
    name: str  # as seed 002 names it


# Bottom to top: the movement the gemeenten want is from maatwerk down to the basis.
LAYERS = (
    Layer("basis", "Sociale (pedagogische) basis"),
    Layer("preventie", "Preventie en lichte ondersteuning"),
    Layer("toegang", "Toegang"),
    Layer("maatwerk", "Maatwerkvoorzieningen"),
)
LAYER_NAMES = {layer.code: layer.name for layer in LAYERS}

BEDRAGEN = SheetContract(
    SHEET_NAME,
    "Per opgave (en eventueel doel), taakveld, jaar, soort en laag van de piramide: het bedrag in euro.",
    (
        Column("opgave", True, "De opgave waar het geld aan bijdraagt: kies uit de lijst (titel of code).", 28),
        Column("doel", False, "Optioneel: het doel binnen de opgave (code of tekst uit de lijst). Leeg = de hele opgave.", 24),
        Column("taakveld", True, "Het Iv3-taakveld, bijv. '6.71 Maatwerkdienstverlening 18+' (of alleen de code 6.71). "
               "Een subtaakveld mag ook, met code en naam: '6.71c Dagbesteding (WMO)'.", 44),
        Column("jaar", True, "Het begrotings- of rekeningjaar, bijv. 2026.", 8),
        Column("soort", True, "begroting of realisatie (jaarrekening).", 12),
        Column("laag", True, "De laag van de piramide: Sociale (pedagogische) basis, Preventie en lichte "
               "ondersteuning, Toegang of Maatwerkvoorzieningen.", 34),
        Column("bedrag", True, "Het bedrag in euro's, bijv. 1250000 of 1.250.000 of 1.250.000,50 (zonder €-teken mag, "
               "met ook). Lasten: 0 of meer.", 16),
    ),
    key=("opgave", "doel", "taakveld", "jaar", "soort", "laag"),
)
SHEETS = (BEDRAGEN,)


def last_year() -> int:
    """A meerjarenbegroting runs four years past the begrotingsjaar; next year's begroting is made this year."""
    return clock.this_year() + 4


def goal_choices(config: MonitorConfig) -> list[tuple[str, str, str]]:
    """(opgave code, goal code, goal text) of every goal, in config order."""
    return [(opgave.code, goal.code, goal.text) for opgave in config.opgaven for goal in opgave.goals]


def example_row(config: MonitorConfig) -> dict[str, object]:
    """The template's one example row; the reader refuses a workbook that still has it."""
    opgave = config.opgaven[0].title if config.opgaven else ""
    return {"opgave": opgave, "doel": None, "taakveld": f"{EXAMPLE_MARK} {TAAKVELD_BY_CODE['6.1'].label}",
            "jaar": clock.this_year(), "soort": BEGROTING, "laag": LAYERS[0].name, "bedrag": 250000}
