"""Deterministic generator for the FICTIONAL GGD-monitor demo data in data/raw/demo/ggd.

Run: ``python -m tools.demo.ggd [--out DIR]`` (default DIR is
``data/raw/demo`` in the project root, as for tools.demo.kwb).
Standard library plus tools.demo.kwb, whose regions, seeding and
Kerncijfers simulation it reuses.

What it produces
----------------
One table in the format of RIVM table 50150NED "Gezondheid per wijk en buurt;
2012/2016/2020/2022/2024 (indeling 2024)" (catalog dataderden.cbs.nl) for
gemeente Soest (GM0342), laid out exactly as the client ``cbsodata`` 1.3.5
leaves it on disk after ``cbsodata.download_data("50150NED", dir=D,
catalog_url="dataderden.cbs.nl")``: one JSON file per OData sub-table holding
the list that was the ``value`` of the OData response, written with
``json.dump(obj, fp, indent=2)``::

    DIR/ggd/50150NED/TableInfos.json
    DIR/ggd/50150NED/DataProperties.json
    DIR/ggd/50150NED/TypedDataSet.json
    DIR/ggd/50150NED/Marges.json
    DIR/ggd/50150NED/Leeftijd.json
    DIR/ggd/50150NED/WijkenEnBuurten.json
    DIR/ggd/50150NED/Perioden.json
    DIR/ggd/50150NED/CategoryGroups.json
    DIR/ggd/50150NED/manifest.json    (ours, not cbsodata's: provenance + sha256 per file)

Unlike the Kerncijfers tables this one holds every measurement year at once
and has four dimensions, in this order: Marges (MW00000 value, MOG0095 and
MBG0095 the bounds of the 95% interval), Leeftijd (20300 18 jaar of ouder,
53115 18 tot 65 jaar, 80200 65 jaar of ouder), WijkenEnBuurten and Perioden
(2012JJ00 … 2024JJ00). TypedDataSet has one row per combination, in CBS
order (the last dimension varies fastest). Regions: Nederland, Soest, the 8
wijken and 34 buurten of tools.demo.kwb (same codes, 2024 names).
The topics are 22 of the 57 percentages of the real table, under their real
keys (shared/reference/statline-real-layouts.md), after the three
region strings Gemeentenaam_1, SoortRegio_2 and Codering_3:

    Gezondheid en beperkingen     GoedErvarenGezondheid_4,
                                  EenOfMeerLangdurigeAandoeningen_5,
                                  LangdurigBeperkt_6
    Psychische gezondheid         HoogRisicoAngststoornisOfDepressie_14,
                                  HeelVeelStressAfg4Weken_17, LageVeerkracht_22,
                                  MatigVeelRegieOverHetEigenLeven_24
    Eenzaamheid en sociale steun  Eenzaam_25, SterkEenzaam_26,
                                  EmotioneelEenzaam_27, SociaalEenzaam_28,
                                  KrijgtSteunVanAnderen_29
    Participatie                  Mantelzorger_30, Vrijwilligerswerk_31
    Financiën                     MoeiteMetRondkomen_32
    Leefstijl                     Overgewicht_33, ErnstigOvergewichtObesitas_34,
                                  RooktTabak_35, OvermatigDrinken_37,
                                  VoldoetAanDeBeweegrichtlijn_40
    Wonen                         TevredenMetDeWoning_56,
                                  TevredenMetDeWoonomgeving_57

The suffix is the topic's number in the full table, so the suffixes have gaps;
a topic's Position is 4 + n - 1 (after the four dimensions). The names of the
older table 50120NED (ErvarenGezondheidGoedZeerGoed, Roker,
HeelVeelStressInAfgelopen4Weken …) do not occur.

The quirks of the real table are imitated on purpose, so the loader can be
tested against them:

- Nederland is ``NL01`` here (``NL00`` in the Kerncijfers tables);
- region keys and Codering_3 are right-padded to 12 characters (10 in the
  Kerncijfers tables), Gemeentenaam_1 to 40 and SoortRegio_2 to 10;
- the bounds of the interval are rows of the Marges dimension, not columns;
  they are asymmetric near 0 (the interval is computed on the logit scale)
  and wider for smaller regions;
- questions that were not asked in a year are null in that year in every
  region, age group and margin (never 0), and their Description says "Pas
  gevraagd vanaf …": HeelVeelStressAfg4Weken from 2020 (null in 2012 and
  2016), MatigVeelRegieOverHetEigenLeven from 2020 (null in 2012 and 2016),
  LageVeerkracht from 2022 (null in 2012, 2016 and 2020), TevredenMetDeWoning
  and TevredenMetDeWoonomgeving from 2022 (null in 2012, 2016 and 2020); every
  other topic has all five years;
- unpublished estimates are null in all three margins, never 0: every cell
  of buurt "Vliegbasis" (< 200 inwoners, tools.demo.kwb's small-buurt
  rule) and the 65+ group of the 3-4 buurten with the fewest 65-plussers in
  2012 and 2016.

The figures are modelled (logistic) from national levels per year, an age
contrast, and the fictional Kerncijfers profile of each buurt in
tools.demo.kwb (low-income share, income per inhabitant, share
65+): a wijk with more low incomes has more smokers and more people who
struggle to make ends meet; an older wijk more lonely 65-plussers and more
mantelzorgers; a wijk with higher incomes is more content with its homes.
Wijk and gemeente values are the adult-weighted averages of their buurten,
and 18+ is the weighted mix of 18-64 and 65+, as in a small-area estimate.
Each topic is modelled on its own, so related topics are only roughly
consistent (ErnstigOvergewichtObesitas stays far below Overgewicht and
SterkEenzaam below Eenzaam because their levels differ so much).

ALL FIGURES ARE FICTIONAL. They are plausible in size and trend but are not
RIVM, GGD or CBS statistics and must never be presented as facts about Soest.

Determinism: every random draw comes from ``random.Random`` seeded through
tools.demo.kwb.rng_for, and only ``Random.random()`` is used. No
clock is read; the manifest carries the fixed ``retrieved_at`` of
tools.demo.kwb. Running the script twice yields byte-identical files.
"""

from __future__ import annotations

import math
from pathlib import Path

from tools.demo.kwb import (
    CATALOG_URL,
    DEFAULT_OUT,
    GEMEENTE_CODE,
    GEMEENTE_NAME,
    REFERENTIEGEMEENTEN,
    RETRIEVED_AT,
    SMALL_BUURT,
    WIJKEN,
    buurt_list,
    generator_main,
    normal,
    pad,
    rng_for,
    simulate,
    uniform,
    write_snapshot,
)
from tools.demo.kwb import NATIONAL_CODE as KWB_NATIONAL_CODE

SOURCE_CODE = "rivm_gezondheid"
TABLE_ID = "50150NED"
CATALOG = "dataderden.cbs.nl"
SUBDIR = "ggd"
NATIONAL_CODE = "NL01"  # RIVM's code for Nederland in its wijk-and-buurt tables
YEARS = (2012, 2016, 2020, 2022, 2024)
MODIFIED = "2025-01-10T02:00:00"
KEY_WIDTH = 12  # WijkenEnBuurten keys and Codering_3 in this table

# Code lists of the non-geographic dimensions, in table order.
MARGES = [
    {"Key": "MW00000", "Title": "Waarde",
     "Description": "De modelmatige schatting (puntschatting) van het percentage."},
    {"Key": "MOG0095", "Title": "Ondergrens 95%-betrouwbaarheidsinterval",
     "Description": "Ondergrens van het 95%-betrouwbaarheidsinterval rond de schatting."},
    {"Key": "MBG0095", "Title": "Bovengrens 95%-betrouwbaarheidsinterval",
     "Description": "Bovengrens van het 95%-betrouwbaarheidsinterval rond de schatting."},
]
VALUE, LOWER, UPPER = (m["Key"] for m in MARGES)
LEEFTIJD = [
    {"Key": "20300", "Title": "18 jaar of ouder", "Description": "Personen van 18 jaar of ouder.",
     "CategoryGroupID": None},
    {"Key": "53115", "Title": "18 tot 65 jaar", "Description": "Personen van 18 tot 65 jaar.",
     "CategoryGroupID": None},
    {"Key": "80200", "Title": "65 jaar of ouder", "Description": "Personen van 65 jaar of ouder.",
     "CategoryGroupID": None},
]
ADULTS, YOUNGER, OLDER = (a["Key"] for a in LEEFTIJD)

SUPPRESSED_65_YEARS = frozenset({2012, 2016})  # 65+ of the smallest buurten unpublished

ESTIMATE_NOTE = (
    " Modelmatige schatting (small area estimation) van het RIVM op basis van de Gezondheidsmonitor "
    "Volwassenen en Ouderen van de GGD'en, het CBS en het RIVM; de marges geven het "
    "95%-betrouwbaarheidsinterval."
)


# --------------------------------------------------------------------------------------
# Topics (DataProperties) with the parameters of their fictional model
# --------------------------------------------------------------------------------------
# n: the number in the real key (<stem>_<n>) of table 50150NED; nl: national level for
# 18 jaar of ouder per year in YEARS (%), None where the question was not asked that
# year (the topic is then null in every region, age group and margin); age: logit
# contrast of 65+ against 18-64; laag: logit per percentage point of low-income
# households above the national share; inc: logit per log of income per inhabitant
# relative to the national one; p65: logit per 0.10 share of 65-plussers in the buurt,
# for (18-64, 65+); soest: extra logit for every Soest region.
def _dutch_list(items) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _topic(n, stem, title, definition, nl, age, laag=0.0, inc=0.0, p65=(0.0, 0.0), soest=0.0):
    """One topic; its Description is the definition for adults, when it was asked, and the estimate note."""
    levels = dict(zip(YEARS, nl, strict=True))
    missing = [year for year in YEARS if levels[year] is None]
    asked = [year for year in YEARS if levels[year] is not None]
    note = ""
    if missing:
        note = (f" Pas gevraagd vanaf {asked[0]}; voor {_dutch_list(missing)} is er geen cijfer.")
    return {"n": n, "stem": stem, "title": title,
            "definition": f"Percentage personen van 18 jaar of ouder {definition}{note}{ESTIMATE_NOTE}",
            "nl": levels, "asked": frozenset(asked), "age": age, "laag": laag, "inc": inc,
            "p65": p65, "soest": soest}


THEMES = [
    ("GezondheidEnBeperkingen", "Gezondheid en beperkingen",
     "Ervaren gezondheid, langdurige ziekten en aandoeningen en beperkingen door gezondheidsproblemen.", [
         _topic(4, "GoedErvarenGezondheid", "Goed ervaren gezondheid",
                "dat de eigen gezondheid als goed of zeer goed ervaart.",
                (76.0, 76.6, 78.7, 76.1, 75.4), age=-0.95, laag=-0.06, inc=0.6, soest=0.05),
         _topic(5, "EenOfMeerLangdurigeAandoeningen", "Eén of meer langdurige aandoeningen",
                "met één of meer langdurige (naar verwachting minstens zes maanden durende) ziekten of "
                "aandoeningen.",
                (49.6, 50.9, 53.1, 54.5, 55.8), age=1.20, laag=0.03, inc=-0.3),
         _topic(6, "LangdurigBeperkt", "Langdurig beperkt",
                "dat al minstens zes maanden door gezondheidsproblemen beperkt is (enigszins of ernstig) bij "
                "activiteiten die mensen gewoonlijk doen.",
                (33.4, 34.5, 35.3, 36.8, 37.6), age=0.85, laag=0.05, inc=-0.5),
     ]),
    ("PsychischeGezondheid", "Psychische gezondheid",
     "Risico op angst en depressie, stress, veerkracht en regie over het eigen leven.", [
         _topic(14, "HoogRisicoAngststoornisOfDepressie", "Hoog risico op angststoornis of depressie",
                "met een hoog risico op een angststoornis of depressie: een score van 30 tot en met 50 op de "
                "Kessler Psychological Distress Scale (K10).",
                (6.2, 6.6, 7.5, 9.6, 9.1), age=-0.45, laag=0.08, inc=-0.5),
         _topic(17, "HeelVeelStressAfg4Weken", "(Heel) veel stress in de afgelopen 4 weken",
                "dat in de afgelopen vier weken veel of heel veel stress heeft ervaren.",
                (None, None, 15.4, 19.8, 20.6), age=-1.20, laag=0.04, inc=-0.2),
         _topic(22, "LageVeerkracht", "Lage veerkracht",
                "met een lage veerkracht: een gemiddelde score lager dan 3 op de Brief Resilience Scale (zes "
                "uitspraken over het herstellen na tegenslag of stress).",
                (None, None, None, 22.6, 23.4), age=-0.20, laag=0.05, inc=-0.4),
         _topic(24, "MatigVeelRegieOverHetEigenLeven", "Matig of veel regie over het eigen leven",
                "dat matig of veel regie over het eigen leven ervaart: een score van 20 of hoger op de "
                "Pearlin Mastery Scale (zeven uitspraken, score 7 tot en met 35).",
                (None, None, 89.6, 88.1, 88.7), age=-0.35, laag=-0.06, inc=0.5, soest=0.04),
     ]),
    ("EenzaamheidEnSocialeSteun", "Eenzaamheid en sociale steun",
     "Eenzaamheid volgens de eenzaamheidsschaal van De Jong-Gierveld en steun van anderen.", [
         _topic(25, "Eenzaam", "Eenzaam",
                "dat eenzaam is: een score van 3 of hoger op de elf uitspraken van de eenzaamheidsschaal van "
                "De Jong-Gierveld (matig, ernstig of zeer ernstig eenzaam).",
                (43.2, 43.9, 47.4, 49.1, 46.5), age=0.20, laag=0.035, inc=-0.2, p65=(0.05, 0.30), soest=-0.05),
         _topic(26, "SterkEenzaam", "Sterk eenzaam",
                "dat ernstig of zeer ernstig eenzaam is: een score van 9 of hoger op de eenzaamheidsschaal van "
                "De Jong-Gierveld.",
                (10.1, 10.5, 11.4, 12.7, 12.1), age=0.15, laag=0.05, inc=-0.3, p65=(0.0, 0.25)),
         _topic(27, "EmotioneelEenzaam", "Emotioneel eenzaam",
                "dat emotioneel eenzaam is (het missen van een hechte, intieme band): een ongunstige score op "
                "minstens twee van de zes uitspraken over emotionele eenzaamheid van de eenzaamheidsschaal van "
                "De Jong-Gierveld.",
                (30.6, 31.3, 33.9, 34.8, 33.2), age=0.25, laag=0.03, inc=-0.2, p65=(0.05, 0.30), soest=-0.04),
         _topic(28, "SociaalEenzaam", "Sociaal eenzaam",
                "dat sociaal eenzaam is (het missen van een bredere kring van contacten): een ongunstige score "
                "op minstens twee van de vijf uitspraken over sociale eenzaamheid van de eenzaamheidsschaal van "
                "De Jong-Gierveld.",
                (35.7, 36.4, 38.9, 39.6, 37.9), age=0.10, laag=0.03, inc=-0.2, p65=(0.0, 0.15), soest=-0.04),
         _topic(29, "KrijgtSteunVanAnderen", "Krijgt steun van anderen",
                "dat aangeeft steun te krijgen van anderen (familie, vrienden, buren of bekenden) wanneer dat "
                "nodig is.",
                (89.1, 88.7, 87.3, 86.2, 86.9), age=-0.15, laag=-0.04, inc=0.3, soest=0.04),
     ]),
    ("Participatie", "Participatie", "Mantelzorg en vrijwilligerswerk.", [
         _topic(30, "Mantelzorger", "Mantelzorger",
                "dat mantelzorg geeft: in de afgelopen twaalf maanden langer dan drie maanden en/of meer dan "
                "acht uur per week zorg voor een naaste met gezondheidsproblemen.",
                (14.3, 14.0, 14.6, 13.9, 14.4), age=-0.05, laag=-0.01, inc=0.1, p65=(0.15, 0.15)),
         _topic(31, "Vrijwilligerswerk", "Vrijwilligerswerk",
                "dat vrijwilligerswerk doet.",
                (28.7, 29.0, 26.1, 26.8, 27.9), age=0.25, laag=-0.04, inc=0.5, soest=0.08),
     ]),
    ("Financien", "Financiën", "Rondkomen van het huishoudinkomen.", [
         _topic(32, "MoeiteMetRondkomen", "Moeite met rondkomen",
                "dat in de afgelopen twaalf maanden enige of grote moeite heeft gehad met rondkomen van het "
                "inkomen van het huishouden.",
                (17.6, 16.8, 15.3, 19.7, 17.9), age=-0.45, laag=0.10, inc=-0.6),
     ]),
    ("Leefstijl", "Leefstijl", "Gewicht, roken, alcoholgebruik en bewegen.", [
         _topic(33, "Overgewicht", "Overgewicht",
                "met overgewicht: een Body Mass Index (BMI) van 25 kg/m² of hoger (matig en ernstig "
                "overgewicht samen).",
                (48.1, 49.2, 50.1, 50.7, 51.4), age=0.45, laag=0.04, inc=-0.7, soest=-0.03),
         _topic(34, "ErnstigOvergewichtObesitas", "Ernstig overgewicht (obesitas)",
                "met ernstig overgewicht (obesitas): een BMI van 30 kg/m² of hoger.",
                (14.1, 14.7, 15.3, 15.9, 16.5), age=0.10, laag=0.05, inc=-0.8, soest=-0.03),
         _topic(35, "RooktTabak", "Rookt tabak",
                "dat tabak rookt (sigaretten, shag, sigaren of pijp), ook als dat af en toe is.",
                (22.0, 20.3, 18.1, 16.7, 15.1), age=-0.75, laag=0.07, inc=-0.4),
         _topic(37, "OvermatigDrinken", "Overmatig drinken",
                "dat overmatig alcohol drinkt: voor mannen meer dan 21 en voor vrouwen meer dan 14 glazen per "
                "week.",
                (9.0, 8.7, 8.3, 7.8, 7.4), age=0.15, laag=-0.02, inc=0.4),
         _topic(40, "VoldoetAanDeBeweegrichtlijn", "Voldoet aan de beweegrichtlijn",
                "dat voldoet aan de beweegrichtlijnen 2017 van de Gezondheidsraad: minstens 150 minuten per "
                "week matig intensief bewegen, verspreid over diverse dagen, en minstens twee keer per week "
                "spier- en botversterkende activiteiten.",
                (46.3, 48.9, 51.4, 52.3, 53.1), age=-0.35, laag=-0.03, inc=0.5, soest=0.05),
     ]),
    ("Wonen", "Wonen", "Tevredenheid met de eigen woning en met de woonomgeving.", [
         _topic(56, "TevredenMetDeWoning", "Tevreden met de woning",
                "dat tevreden of zeer tevreden is met de eigen woning.",
                (None, None, None, 88.4, 87.6), age=0.45, laag=-0.05, inc=0.5, soest=0.05),
         _topic(57, "TevredenMetDeWoonomgeving", "Tevreden met de woonomgeving",
                "dat tevreden of zeer tevreden is met de eigen woonomgeving (de buurt).",
                (None, None, None, 84.6, 83.7), age=0.35, laag=-0.06, inc=0.6, soest=0.08),
     ]),
]
TOPICS = [topic for _, _, _, topics in THEMES for topic in topics]
TOPIC_STEMS = tuple(t["stem"] for t in TOPICS)
# Years in which a topic was not asked: null everywhere (derived from the None levels above).
NOT_ASKED = {t["stem"]: frozenset(YEARS) - t["asked"] for t in TOPICS if t["asked"] != frozenset(YEARS)}
REGIOAANDUIDING = [
    (1, "Gemeentenaam", "Gemeentenaam", "Naam van de gemeente waartoe de regio behoort."),
    (2, "SoortRegio", "Soort regio", "Aanduiding van het regioniveau: Land, Gemeente, Wijk of Buurt."),
    (3, "Codering", "Codering", "Code van de regio volgens de CBS-indeling van wijken en buurten 2024."),
]


# --------------------------------------------------------------------------------------
# Small maths
# --------------------------------------------------------------------------------------
def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _solve_base(target: float, share_65: float, contrast: float) -> float:
    """x with (1 - s)·σ(x) + s·σ(x + d) = target (bisection): the 18-64 logit behind an 18+ level."""
    low, high = -12.0, 12.0
    for _ in range(80):
        mid = (low + high) / 2
        mixed = (1 - share_65) * _sigmoid(mid) + share_65 * _sigmoid(mid + contrast)
        if mixed < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _r1(x: float) -> float:
    """One decimal, within 0..100, never -0.0."""
    return min(100.0, max(0.0, round(x, 1))) + 0.0


# --------------------------------------------------------------------------------------
# Population and covariates from the Kerncijfers demo simulation
# --------------------------------------------------------------------------------------
def _kwb_year(year: int, kwb_years: list[int]) -> int:
    return year if year in kwb_years else min(kwb_years)


def covariates(simulation: dict) -> dict:
    """{year: {code: {a1864, a65, laag, inc, p65}}} for every buurt and KWB's Nederland.

    Years before the first Kerncijfers year are extrapolated back from it: the
    population slightly smaller and younger, low income and income unchanged.
    """
    kwb_years = sorted(simulation)
    result: dict[int, dict[str, dict]] = {}
    codes = [b["code"] for b in buurt_list()] + [KWB_NATIONAL_CODE]
    for year in YEARS:
        source = _kwb_year(year, kwb_years)
        back = source - year  # years extrapolated back
        result[year] = {}
        for code in codes:
            raw = simulation[source][code]
            ages = raw["ages"]
            a1864 = (0.7 * ages[1] + ages[2] + ages[3]) * (1 - 0.002 * back)
            a65 = ages[4] * (1 - 0.016 * back)
            pop = raw["pop"] * (1 - 0.004 * back)
            result[year][code] = {
                "a1864": a1864,
                "a65": a65,
                "pop": pop,
                "p65": a65 / pop,
                "laag": 100 * raw["laag_n"] / raw["hh"],
                "inc": raw["inc_sum"] / raw["pop"],
            }
    return result


# --------------------------------------------------------------------------------------
# The model: per buurt and age group a probability per topic; aggregates and intervals
# --------------------------------------------------------------------------------------
def _probabilities(topic: dict, code: str, wijk_code: str, year: int, cov: dict, nat: dict,
                   base: float) -> tuple[float, float]:
    """(18-64, 65+) probability for one modelled topic in one buurt."""
    effect = (
        topic["soest"]
        + topic["laag"] * (cov["laag"] - nat["laag"])
        + topic["inc"] * math.log(cov["inc"] / nat["inc"])
        + normal(rng_for("ggd", "wijk", wijk_code, topic["stem"]), 0, 0.04)
        + normal(rng_for("ggd", "buurt", code, topic["stem"]), 0, 0.07)
    )
    z65 = (cov["p65"] - nat["p65"]) / 0.10
    out = []
    for index, age_key in enumerate((YOUNGER, OLDER)):
        noise = normal(rng_for("ggd", "year", code, topic["stem"], age_key, year), 0, 0.05)
        contrast = topic["age"] if age_key == OLDER else 0.0
        out.append(_sigmoid(base + contrast + effect + topic["p65"][index] * z65 + noise))
    return out[0], out[1]


HALF_WIDTH_RANGE = {"Land": (0.15, 0.25), "Buurt": (4.0, 8.0), "Wijk": (2.0, 4.0), "Gemeente": (1.0, 2.0)}


def _half_width(level: str, adults: float, jitter: float) -> float:
    """Half-width (percentage points) of the 95% interval at p = 50%: narrower for more adults,
    kept within the range of its regional level."""
    low, high = HALF_WIDTH_RANGE[level]
    raw = 0.2 if level == "Land" else 96.0 * adults ** -0.4
    return min(high, max(low, raw * jitter))


def _interval(p: float, half_width: float) -> tuple[float, float, float]:
    """(low, value, high) in %: symmetric on the logit scale, so asymmetric near 0 and 100."""
    p = min(max(p, 1e-4), 1 - 1e-4)
    se = half_width / 49.0 * 0.5 / math.sqrt(p * (1 - p))
    centre = _logit(p)
    return (_r1(100 * _sigmoid(centre - 1.96 * se)), _r1(100 * p), _r1(100 * _sigmoid(centre + 1.96 * se)))


def region_rows() -> list[dict]:
    """Regions in table order: Nederland, the gemeente, then each wijk followed by its buurten."""
    rows = [
        {"code": NATIONAL_CODE, "title": "Nederland", "soort": "Land", "gemeentenaam": "Nederland",
         "municipality": None, "group": "1", "wijk": None, "buurten": None},
        {"code": GEMEENTE_CODE, "title": GEMEENTE_NAME, "soort": "Gemeente", "gemeentenaam": GEMEENTE_NAME,
         "municipality": GEMEENTE_CODE, "group": "2", "wijk": None,
         "buurten": [b["code"] for b in buurt_list()]},
    ]
    buurten = buurt_list()
    for wijk in WIJKEN:
        members = [b for b in buurten if b["wijk"] is wijk]
        rows.append({"code": wijk["code"], "title": wijk["name"], "soort": "Wijk", "gemeentenaam": GEMEENTE_NAME,
                     "municipality": GEMEENTE_CODE, "group": "3", "wijk": wijk["code"],
                     "buurten": [b["code"] for b in members]})
        for buurt in members:
            rows.append({"code": buurt["code"], "title": buurt["name"], "soort": "Buurt",
                         "gemeentenaam": GEMEENTE_NAME, "municipality": GEMEENTE_CODE, "group": "4",
                         "wijk": wijk["code"], "buurten": [buurt["code"]]})
    # The referentiegemeenten (gemeente rows only; FICTIONAL): estimated over the buurten of the Soest wijken they
    # are made of in tools.demo.kwb. Like the real table: no provincie rows.
    for code, name, _, wijk_codes in REFERENTIEGEMEENTEN:
        rows.append({"code": code, "title": name, "soort": "Gemeente", "gemeentenaam": name, "municipality": code,
                     "group": "2", "wijk": None,
                     "buurten": [b["code"] for b in buurten if b["wijk"]["code"] in wijk_codes]})
    return rows


def suppressed_cells(simulation: dict, cov: dict) -> tuple[frozenset, frozenset]:
    """(buurten with every cell unpublished, buurten whose 65+ group is unpublished in 2012/2016)."""
    codes = [b["code"] for b in buurt_list()]
    tiny = frozenset(c for c in codes if any(simulation[y][c]["pop"] < SMALL_BUURT for y in simulation))
    rng = rng_for("ggd", "suppress", TABLE_ID)
    how_many = 3 + int(rng.random() * 2)  # 3..4
    first = min(SUPPRESSED_65_YEARS)
    by_size = sorted((c for c in codes if c not in tiny), key=lambda c: (cov[first][c]["a65"], c))
    return tiny, frozenset(by_size[:how_many])


def estimates(simulation: dict) -> dict:
    """{(region, age key, year): {stem: (low, value, high) or None}} for every cell of the table."""
    cov = covariates(simulation)
    tiny, small_65 = suppressed_cells(simulation, cov)
    buurt_wijk = {b["code"]: b["wijk"]["code"] for b in buurt_list()}
    regions = region_rows()
    result: dict[tuple, dict] = {}
    for year in YEARS:
        nat = cov[year][KWB_NATIONAL_CODE]
        share_65 = nat["a65"] / (nat["a65"] + nat["a1864"])
        # Probabilities (18-64, 65+) per buurt and topic, and Nederland's.
        probs: dict[str, dict[str, tuple[float, float]]] = {NATIONAL_CODE: {}}
        for topic in TOPICS:
            level = topic["nl"][year]
            if level is None:  # not asked this year: no probabilities, null below
                continue
            base = _solve_base(level / 100, share_65, topic["age"])
            probs[NATIONAL_CODE][topic["stem"]] = (_sigmoid(base), _sigmoid(base + topic["age"]))
            for code, wijk_code in buurt_wijk.items():
                probs.setdefault(code, {})[topic["stem"]] = _probabilities(
                    topic, code, wijk_code, year, cov[year][code], nat, base)

        for region in regions:
            code = region["code"]
            if code == NATIONAL_CODE:
                weights = {NATIONAL_CODE: (nat["a1864"], nat["a65"])}
            else:
                weights = {b: (cov[year][b]["a1864"], cov[year][b]["a65"]) for b in region["buurten"]}
            w_young = sum(w[0] for w in weights.values())
            w_old = sum(w[1] for w in weights.values())
            sizes = {ADULTS: w_young + w_old, YOUNGER: w_young, OLDER: w_old}
            for age in (ADULTS, YOUNGER, OLDER):
                cell = {}
                jitter = uniform(rng_for("ggd", "width", code, age, year), 0.92, 1.08)
                hidden = (code in tiny) or (age == OLDER and year in SUPPRESSED_65_YEARS and code in small_65)
                for topic in TOPICS:
                    stem = topic["stem"]
                    if hidden or year in NOT_ASKED.get(stem, ()):
                        cell[stem] = None
                        continue
                    young = sum(weights[b][0] * probs[b][stem][0] for b in weights) / w_young
                    old = sum(weights[b][1] * probs[b][stem][1] for b in weights) / w_old
                    p = {YOUNGER: young, OLDER: old, ADULTS: (w_young * young + w_old * old) / (w_young + w_old)}[age]
                    factor = uniform(rng_for("ggd", "width", code, stem), 0.9, 1.1)
                    cell[stem] = _interval(p, _half_width(region["soort"], sizes[age], jitter * factor))
                result[(code, age, year)] = cell
    return result


# --------------------------------------------------------------------------------------
# Building the table
# --------------------------------------------------------------------------------------
def data_properties() -> list[dict]:
    """Dimensions, then topic groups and topics (Key <stem>_<n>, Position after the 4 dimensions)."""
    dims = [
        {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
         "Key": "Marges", "Title": "Marges",
         "Description": "De schatting en de onder- en bovengrens van het 95%-betrouwbaarheidsinterval."},
        {"odata.type": "Cbs.OData.Dimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "Dimension",
         "Key": "Leeftijd", "Title": "Leeftijd", "Description": "Leeftijd op het moment van het onderzoek."},
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 2, "Position": 2, "ParentID": None,
         "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten",
         "Description": "Nederland, gemeenten, wijken en buurten volgens de gemeentelijke indeling op "
                        "1 januari 2024. Alle jaren zijn geschat op deze indeling.",
         "MapYear": "2024", "ReleasePolicy": True},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 3, "Position": 3, "ParentID": None,
         "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden",
         "Description": "Het jaar van de Gezondheidsmonitor Volwassenen en Ouderen (veldwerk in het najaar)."},
    ]
    entries = list(dims)
    next_id = len(dims)

    def group(key, title, description):
        nonlocal next_id
        entries.append({"odata.type": "Cbs.OData.TopicGroup", "ID": next_id, "Position": None,
                        "ParentID": None, "Type": "TopicGroup", "Key": key, "Title": title,
                        "Description": description})
        next_id += 1
        return next_id - 1

    def topic(parent, n, key_stem, title, description, datatype, unit, decimals, default, presentation):
        nonlocal next_id
        entries.append({"odata.type": "Cbs.OData.Topic", "ID": next_id, "Position": len(dims) + n - 1,
                        "ParentID": parent, "Type": "Topic", "Key": f"{key_stem}_{n}", "Title": title,
                        "Description": description, "Datatype": datatype, "Unit": unit, "Decimals": decimals,
                        "Default": default, "PresentationType": presentation})
        next_id += 1

    parent = group("Regioaanduiding", "Regioaanduiding", "Gegevens ter identificatie van de regio.")
    for n, stem, title, description in REGIOAANDUIDING:
        topic(parent, n, stem, title, description, "String", "", 0, "Impossible", "Absolute")
    for key, title, description, topics in THEMES:
        parent = group(key, title, description)
        for t in topics:
            topic(parent, t["n"], t["stem"], t["title"], t["definition"], "Double", "%", 1, "Missing", "Relative")
    return entries


def topic_keys() -> list[tuple[str, str]]:
    """(key, stem) of every topic, in table order."""
    return [(p["Key"], p["Key"].rsplit("_", 1)[0]) for p in data_properties() if p["Type"] == "Topic"]


def build_table(simulation: dict | None = None) -> dict[str, list]:
    """Every cbsodata file of the table: name (without .json) -> the list it holds."""
    if simulation is None:
        simulation = simulate()
    cells = estimates(simulation)
    regions = region_rows()
    properties = data_properties()
    keys = topic_keys()
    margin_index = {VALUE: 1, LOWER: 0, UPPER: 2}

    dataset = []
    for margin in MARGES:
        for age in LEEFTIJD:
            for region in regions:
                strings = {
                    "Gemeentenaam": pad(region["gemeentenaam"], 40),
                    "SoortRegio": pad(region["soort"], 10),
                    "Codering": pad(region["code"], KEY_WIDTH),
                }
                for year in YEARS:
                    cell = cells[(region["code"], age["Key"], year)]
                    row = {"ID": len(dataset), "Marges": margin["Key"], "Leeftijd": age["Key"],
                           "WijkenEnBuurten": pad(region["code"], KEY_WIDTH), "Perioden": f"{year}JJ00"}
                    for key, stem in keys:
                        if stem in strings:
                            row[key] = strings[stem]
                        else:
                            triple = cell[stem]
                            row[key] = None if triple is None else triple[margin_index[margin["Key"]]]
                    dataset.append(row)

    title = "Gezondheid per wijk en buurt; 2012/2016/2020/2022/2024 (indeling 2024)"
    table_info = {
        "ID": 0,
        "Title": title,
        "ShortTitle": "Gezondheid per wijk en buurt",
        "Identifier": TABLE_ID,
        "Summary": "Gezondheid, leefstijl, psychische gezondheid, eenzaamheid, participatie, financiën en "
                   "wonen van volwassenen en ouderen per wijk en buurt; modelmatige schattingen met "
                   "95%-betrouwbaarheidsinterval.",
        "Modified": MODIFIED,
        "ReasonDelivery": "Nieuwe tabel",
        "ExplanatoryText": "",
        "Language": "nl",
        "Catalog": "RIVM",
        "Frequency": "Onregelmatig",
        "Period": ", ".join(str(y) for y in YEARS),
        "ShortDescription": f"Demotabel in het formaat van RIVM-tabel {TABLE_ID} voor gemeente Soest. "
                            "Dit zijn FICTIEVE voorbeeldcijfers, gegenereerd door "
                            "tools/demo/ggd.py.",
        "Description": f"Deze tabel bevat per wijk en buurt percentages over gezondheid, leefstijl, psychische "
                       f"gezondheid, eenzaamheid, participatie, financiën en wonen in het formaat van RIVM-tabel "
                       f"{TABLE_ID} (Gezondheidsmonitor Volwassenen en Ouderen). Dit zijn FICTIEVE "
                       "voorbeeldcijfers, gegenereerd door tools/demo/ggd.py voor de demo van "
                       "de Monitor Sociaal Domein; het zijn geen cijfers van het RIVM, de GGD of het CBS. "
                       "Niet gepubliceerde cijfers (te weinig inwoners, vraag niet gesteld) zijn leeg.",
        "DefaultPresentation": "",
        "DefaultSelection": "",
        "GraphTypes": "Table,Bar,Map",
        "OutputStatus": "Regulier",
        "Status": "Regulier",
        "Source": "Fictief (demodata), in het formaat van de RIVM-tabel op dataderden.cbs.nl "
                  "(Gezondheidsmonitor Volwassenen en Ouderen, GGD'en, CBS en RIVM).",
        "MetaDataModified": MODIFIED,
        "SearchPriority": "2",
        "RecordCount": len(dataset),
        "ColumnCount": 1 + 4 + len(keys),
    }
    wijken_en_buurten = [
        {"Key": pad(r["code"], KEY_WIDTH), "Title": r["title"], "Description": None,
         "Municipality": r["municipality"], "DimensionGroupId": r["group"]}
        for r in regions
    ]
    perioden = [
        {"Key": f"{year}JJ00", "Title": str(year),
         "Description": f"Gezondheidsmonitor Volwassenen en Ouderen {year}, veldwerk september tot en met "
                        "december.",
         "Status": "Definitief"}
        for year in YEARS
    ]
    return {
        "TableInfos": [table_info],
        "DataProperties": properties,
        "TypedDataSet": dataset,
        "Marges": [dict(m) for m in MARGES],
        "Leeftijd": [dict(a) for a in LEEFTIJD],
        "WijkenEnBuurten": wijken_en_buurten,
        "Perioden": perioden,
        "CategoryGroups": [],
    }


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
def generate(out_dir: Path = DEFAULT_OUT) -> Path:
    """Write the demo table to out_dir/ggd/50150NED/; returns that directory."""
    return write_snapshot(Path(out_dir) / SUBDIR / TABLE_ID, build_table(), {
        "source": SOURCE_CODE, "table_id": TABLE_ID, "catalog_url": CATALOG_URL, "retrieved_at": RETRIEVED_AT,
    })


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
