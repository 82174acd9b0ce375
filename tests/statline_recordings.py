"""Recorded-style StatLine responses for tests: small tables in the exact shapes CBS serves.

Each ``*_files()`` function returns the ``files`` dict for
``StatLineServer.add_table`` (sub-table name -> the ``value`` rows of the OData
response), so after ``cbsodata.download_data`` the test directory looks like a
real snapshot. ALL FIGURES ARE FICTIONAL (plausible in size, not CBS or RIVM
statistics).

What the recordings imitate on purpose, so loaders are tested against it:

- Kerncijfers wijken en buurten 2022 (85318NED) and 2023 (85618NED), plus a
  provisional 2026 table (86400NED, fictional id, Status "Voorlopig"):
  codes right-padded to 10 characters, Gemeentenaam_1 to 40, SoortRegio_2 to 10;
  topic keys renumbered between years (2023 inserts GeborenInNederland_13, so
  every later key shifts, e.g. HuishoudensTotaal_13 -> HuishoudensTotaal_14);
  HuishoudensTot120VanSociaalMinimum absent from 2022 altogether; a second
  gemeente (Utrecht, GM0344) whose rows a Soest load must drop; suppressed and
  unpublished figures are null (typed) or "." (untyped), never 0; a code-list
  title with trailing spaces. Counts of buurten add up to their wijk and wijken
  to the gemeente.
- RIVM Gezondheid per wijk en buurt (50150NED, dataderden.cbs.nl): dimensions
  Marges, Leeftijd, WijkenEnBuurten (keys padded to 12, national code NL01) and
  Perioden; every figure has a value and a 95% interval; the 65+ group of buurt
  BU03420101 is suppressed, the stress question was not asked in 2012 and 2016.
  Its figures come from a small deterministic formula (315 rows are too many to
  write by hand); RIVM_EXPECTED pins a handful of them.

EXPECTED and RIVM_EXPECTED hold the exact values tests assert, keyed by stem
and unpadded region code; ``None`` is a null cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

KWB_TABLES = {2022: "85318NED", 2023: "85618NED", 2026: "86400NED"}
RIVM_TABLE = "50150NED"

SOEST_REGIONS = ("GM0342", "WK034201", "BU03420101", "BU03420102", "WK034202", "BU03420201", "BU03420202")
OTHER_GEMEENTE_REGIONS = ("GM0344", "WK034401", "BU03440101", "BU03440102")  # Utrecht: never in a Soest load

# (stem, unpadded region code, year) -> value; None = null in TypedDataSet.
EXPECTED = {
    ("AantalInwoners", "NL00", 2022): 17_590_655,
    ("AantalInwoners", "NL00", 2023): 17_811_291,
    ("AantalInwoners", "GM0342", 2022): 47_095,
    ("AantalInwoners", "GM0342", 2023): 47_345,
    ("AantalInwoners", "GM0342", 2026): 47_945,
    ("AantalInwoners", "WK034201", 2022): 21_625,
    ("AantalInwoners", "WK034201", 2023): 21_725,
    ("AantalInwoners", "WK034202", 2023): 25_620,
    ("AantalInwoners", "GM0344", 2023): 367_984,
    ("k_65JaarOfOuder", "GM0342", 2023): 13_515,
    ("HuishoudensTotaal", "WK034202", 2022): 13_045,
    ("HuishoudensTotaal", "WK034202", 2023): 13_120,
    ("HuishoudensMetEenLaagInkomen", "GM0342", 2022): 5.3,
    ("HuishoudensMetEenLaagInkomen", "NL00", 2022): 7.6,
    ("HuishOnderOfRondSociaalMinimum", "GM0342", 2022): 4.4,
    ("PersonenPerSoortUitkeringBijstand", "GM0342", 2022): 700,
    ("PercentageJongerenMetJeugdzorg", "GM0342", 2023): 10.6,
    ("WmoClientenRelatief", "WK034202", 2023): 78.5,
    ("ScholenBinnen3Km", "GM0342", 2026): 11.8,
    # Suppressed in the buurt, both years.
    ("HuishoudensMetEenLaagInkomen", "BU03420201", 2022): None,
    ("HuishoudensMetEenLaagInkomen", "BU03420201", 2023): None,
    # Income not yet published in the 2023 table: null for every region.
    ("HuishoudensMetEenLaagInkomen", "GM0342", 2023): None,
    ("HuishoudensMetEenLaagInkomen", "NL00", 2023): None,
    ("HuishOnderOfRondSociaalMinimum", "WK034201", 2023): None,
    ("HuishoudensTot120VanSociaalMinimum", "GM0342", 2023): None,
    # Provisional 2026 table: uitkeringen, jeugdzorg and Wmo still empty too.
    ("PersonenPerSoortUitkeringBijstand", "GM0342", 2026): None,
    ("WmoClientenRelatief", "GM0342", 2026): None,
}
# Stems a year's table does not have at all (no DataProperties entry, no column).
ABSENT_STEMS = {2022: frozenset({"HuishoudensTot120VanSociaalMinimum", "GeborenInNederland"})}

ADULTS, WORKING_AGE, ELDERLY = "18 jaar of ouder", "18 tot 65 jaar", "65 jaar of ouder"
# (stem, unpadded region code, year, Leeftijd title) -> (value, ci_low, ci_high); None = suppressed.
RIVM_EXPECTED = {
    ("Eenzaam", "NL01", 2022, ADULTS): (49.3, 49.1, 49.5),
    ("Eenzaam", "GM0342", 2022, ADULTS): (46.9, 45.8, 48.0),
    ("Eenzaam", "WK034201", 2022, ADULTS): (45.7, 43.4, 48.0),
    ("Eenzaam", "WK034201", 2022, ELDERLY): (48.7, 45.0, 52.4),
    ("Eenzaam", "GM0344", 2022, ADULTS): (50.9, 49.8, 52.0),
    ("MoeiteMetRondkomen", "GM0342", 2024, ADULTS): (16.2, 15.4, 17.0),
    ("ErvarenGezondheidGoedZeerGoed", "BU03420101", 2020, WORKING_AGE): (85.7, 82.9, 88.5),
    ("HeelVeelStressInAfgelopen4Weken", "GM0342", 2020, ADULTS): (13.2, 12.5, 13.9),
    ("HeelVeelStressInAfgelopen4Weken", "GM0342", 2016, ADULTS): (None, None, None),
    ("HeelVeelStressInAfgelopen4Weken", "NL01", 2012, ADULTS): (None, None, None),
    ("Eenzaam", "BU03420101", 2022, ELDERLY): (None, None, None),
    ("Mantelzorger", "BU03420101", 2024, ELDERLY): (None, None, None),
}


def topic_keys(files: dict) -> dict[str, str]:
    """Stem -> topic key (``HuishoudensTotaal`` -> ``HuishoudensTotaal_14``) of a files dict."""
    return {re.sub(r"_\d+$", "", p["Key"]): p["Key"] for p in files["DataProperties"] if p["Type"] == "Topic"}


# --------------------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    key: str
    title: str
    parent: str | None = None


@dataclass(frozen=True)
class _Topic:
    stem: str
    title: str
    datatype: str  # "String", "Long" or "Double"
    unit: str
    decimals: int
    parent: str
    description: str = ""
    since: int = 0  # first year whose table has this topic


def _strings(parent: str, *stems_titles: tuple[str, str]) -> list[_Topic]:
    return [_Topic(stem, title, "String", "", 0, parent) for stem, title in stems_titles]


def _data_properties(dimensions: list[dict], tree: list, year: int) -> tuple[list[dict], list[tuple[str, _Topic]]]:
    """DataProperties as CBS numbers them, and (key, topic) per topic in column order.

    ID runs over every entry; a topic's key suffix is its running topic number,
    which is why keys shift when a topic is added or dropped.
    """
    properties = list(dimensions)
    group_ids: dict[str, int] = {}
    columns: list[tuple[str, _Topic]] = []
    for entry in tree:
        entry_id = len(properties)
        if isinstance(entry, _Group):
            group_ids[entry.key] = entry_id
            properties.append({
                "odata.type": "Cbs.OData.TopicGroup", "ID": entry_id, "Position": None,
                "ParentID": group_ids.get(entry.parent), "Type": "TopicGroup", "Key": entry.key,
                "Title": entry.title, "Description": None,
            })
            continue
        if entry.since > year:
            continue
        key = f"{entry.stem}_{len(columns) + 1}"
        columns.append((key, entry))
        properties.append({
            "odata.type": "Cbs.OData.Topic", "ID": entry_id, "Position": len(columns),
            "ParentID": group_ids[entry.parent], "Type": "Topic", "Key": key, "Title": entry.title,
            "Description": entry.description or None, "Datatype": entry.datatype, "Unit": entry.unit,
            "Decimals": entry.decimals, "Default": "Impossible" if entry.datatype == "String" else "Missing",
            "PresentationType": "Absolute" if entry.datatype != "Double" else "Relative",
        })
    return properties, columns


_UNTYPED_WIDTH = 10


def _untyped(rows: list[dict], columns: list[tuple[str, _Topic]]) -> list[dict]:
    """UntypedDataSet: every figure as text right-aligned in a fixed width, "." for a missing one."""
    untyped = []
    for row in rows:
        copy = dict(row)
        for key, topic in columns:
            if topic.datatype != "String":
                copy[key] = _untyped_text(row[key], topic).rjust(_UNTYPED_WIDTH)
        untyped.append(copy)
    return untyped


def _untyped_text(value: float | int | None, topic: _Topic) -> str:
    if value is None:
        return "."
    return f"{value:.{topic.decimals}f}" if topic.datatype == "Double" else str(value)


def _table_infos(**fields) -> list[dict]:
    row = {
        "ID": 0, "Title": "", "ShortTitle": "", "Identifier": "", "Summary": "", "Modified": "",
        "ReasonDelivery": "Actualisering", "ExplanatoryText": "", "Language": "nl", "Catalog": "CBS",
        "Frequency": "Eenmalig", "Period": "", "ShortDescription": "", "Description": "",
        "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table,Bar,Map",
        "OutputStatus": "Regulier", "Status": "Regulier", "Source": "", "MetaDataModified": "",
        "SearchPriority": "2", "RecordCount": 0, "ColumnCount": 0,
    }
    row.update(fields)
    return [row]


# --------------------------------------------------------------------------------------
# Kerncijfers wijken en buurten
# --------------------------------------------------------------------------------------

_KWB_TREE = [
    _Group("Regioaanduiding", "Regioaanduiding"),
    *_strings("Regioaanduiding", ("Gemeentenaam", "Gemeentenaam"), ("SoortRegio", "Soort regio"),
              ("Codering", "Codering"), ("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten")),
    _Group("Bevolking", "Bevolking"),
    _Topic("AantalInwoners", "Aantal inwoners", "Long", "aantal", 0, "Bevolking",
           "Het aantal inwoners op 1 januari volgens de Basisregistratie Personen (BRP)."),
    _Topic("Mannen", "Mannen", "Long", "aantal", 0, "Bevolking"),
    _Topic("Vrouwen", "Vrouwen", "Long", "aantal", 0, "Bevolking"),
    _Group("Leeftijdsgroepen", "Leeftijdsgroepen", "Bevolking"),
    _Topic("k_0Tot15Jaar", "0 tot 15 jaar", "Long", "aantal", 0, "Leeftijdsgroepen"),
    _Topic("k_15Tot25Jaar", "15 tot 25 jaar", "Long", "aantal", 0, "Leeftijdsgroepen"),
    _Topic("k_25Tot45Jaar", "25 tot 45 jaar", "Long", "aantal", 0, "Leeftijdsgroepen"),
    _Topic("k_45Tot65Jaar", "45 tot 65 jaar", "Long", "aantal", 0, "Leeftijdsgroepen"),
    _Topic("k_65JaarOfOuder", "65 jaar of ouder", "Long", "aantal", 0, "Leeftijdsgroepen"),
    # New in 2023: shifts the suffix of every later topic by one.
    _Topic("GeborenInNederland", "Geboren in Nederland", "Long", "aantal", 0, "Bevolking", since=2023),
    _Group("Huishoudens", "Huishoudens"),
    _Topic("HuishoudensTotaal", "Huishoudens totaal", "Long", "aantal", 0, "Huishoudens",
           "Het aantal particuliere huishoudens op 1 januari."),
    _Topic("HuishoudensMetKinderen", "Huishoudens met kinderen", "Long", "aantal", 0, "Huishoudens"),
    _Group("Wonen", "Wonen"),
    _Topic("Woningvoorraad", "Woningvoorraad", "Long", "aantal", 0, "Wonen"),
    _Group("Inkomen", "Inkomen"),
    _Topic("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen", "Double", "%", 1, "Inkomen",
           "Particuliere huishoudens met een inkomen onder de lage-inkomensgrens, in procenten van de "
           "huishoudens met een bekend inkomen."),
    _Topic("HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum", "Double", "%", 1,
           "Inkomen"),
    _Topic("HuishoudensTot120VanSociaalMinimum", "Huishoudens tot 120% van sociaal minimum", "Double", "%", 1,
           "Inkomen", since=2023),
    _Group("SocialeZekerheid", "Sociale zekerheid"),
    _Topic("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand", "Long", "aantal", 0,
           "SocialeZekerheid"),
    _Group("Zorg", "Zorg"),
    _Topic("PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg", "Double", "%", 1, "Zorg"),
    _Topic("WmoClientenRelatief", "Wmo-cliënten relatief", "Double", "per 1 000 inwoners", 1, "Zorg"),
    _Group("NabijheidVoorzieningen", "Nabijheid voorzieningen"),
    _Topic("ScholenBinnen3Km", "Basisscholen binnen 3 km", "Double", "aantal", 1, "NabijheidVoorzieningen"),
]

# code, code-list title (CBS leaves trailing spaces in some), SoortRegio, Gemeentenaam, municipality
_KWB_REGIONS = [
    ("NL00", "Nederland", "Land", "Nederland", None),
    ("GM0342", "Soest", "Gemeente", "Soest", "GM0342"),
    ("WK034201", "Boerenstreek", "Wijk", "Soest", "GM0342"),
    ("BU03420101", "Boerenstreek-West", "Buurt", "Soest", "GM0342"),
    ("BU03420102", "Boerenstreek-Oost", "Buurt", "Soest", "GM0342"),
    ("WK034202", "De Eng Soest-midden", "Wijk", "Soest", "GM0342"),
    ("BU03420201", "De Eng", "Buurt", "Soest", "GM0342"),
    ("BU03420202", "Hart van Soest   ", "Buurt", "Soest", "GM0342"),
    ("GM0344", "Utrecht", "Gemeente", "Utrecht", "GM0344"),
    ("WK034401", "Binnenstad", "Wijk", "Utrecht", "GM0344"),
    ("BU03440101", "Domplein e.o.", "Buurt", "Utrecht", "GM0344"),
    ("BU03440102", "Lange Nieuwstraat e.o.", "Buurt", "Utrecht", "GM0344"),
]
_LEVEL_GROUP = {"Land": "1", "Gemeente": "2", "Wijk": "3", "Buurt": "4"}

_COUNT_STEMS = (
    "AantalInwoners", "Mannen", "Vrouwen", "k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar",
    "k_65JaarOfOuder", "GeborenInNederland", "HuishoudensTotaal", "HuishoudensMetKinderen", "Woningvoorraad",
    "PersonenPerSoortUitkeringBijstand",
)
_RATE_STEMS = (
    "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", "HuishoudensTot120VanSociaalMinimum",
    "PercentageJongerenMetJeugdzorg", "WmoClientenRelatief", "ScholenBinnen3Km",
)
# Counts in the order of _COUNT_STEMS. Wijken and buurten are rounded to 5 (bijstand
# to 10) as CBS does; Nederland and gemeenten are exact. A table without a stem
# (GeborenInNederland in 2022) simply has no column for it.
_KWB_COUNTS = {
    2022: {
        "NL00": (17_590_655, 8_724_965, 8_865_690, 2_744_142, 2_146_060, 4_397_664, 4_784_658, 3_518_131,
                 15_127_963, 8_258_523, 2_477_557, 8_506_279, 404_585),
        "GM0342": (47_095, 22_630, 24_465, 6_560, 4_705, 9_710, 12_680, 13_440, 41_135, 22_810, 5_940, 23_515, 700),
        "WK034201": (21_625, 10_490, 11_135, 3_365, 2_275, 4_335, 5_945, 5_705, 19_255, 9_765, 2_930, 10_010, 230),
        "BU03420101": (11_240, 5_485, 5_755, 1_910, 1_235, 2_360, 3_035, 2_700, 10_115, 4_865, 1_605, 5_010, 100),
        "BU03420102": (10_385, 5_005, 5_380, 1_455, 1_040, 1_975, 2_910, 3_005, 9_140, 4_900, 1_325, 5_000, 130),
        "WK034202": (25_470, 12_140, 13_330, 3_195, 2_430, 5_375, 6_735, 7_735, 21_880, 13_045, 3_010, 13_505, 470),
        "BU03420201": (13_950, 6_680, 7_270, 1_815, 1_395, 3_070, 3_625, 4_045, 11_860, 7_045, 1_690, 7_325, 290),
        "BU03420202": (11_520, 5_460, 6_060, 1_380, 1_035, 2_305, 3_110, 3_690, 10_020, 6_000, 1_320, 6_180, 180),
        "GM0344": (361_742, 177_615, 184_127, 61_858, 57_155, 108_523, 77_413, 56_793, 282_159, 183_625, 51_415,
                   187_298, 10_129),
        "WK034401": (18_440, 9_120, 9_320, 2_100, 3_455, 6_665, 3_660, 2_560, 13_350, 11_055, 1_795, 11_215, 540),
        "BU03440101": (9_870, 4_905, 4_965, 985, 2_170, 3_750, 1_775, 1_190, 7_010, 6_130, 860, 6_190, 310),
        "BU03440102": (8_570, 4_215, 4_355, 1_115, 1_285, 2_915, 1_885, 1_370, 6_340, 4_925, 935, 5_025, 230),
    },
    2023: {
        "NL00": (17_811_291, 8_834_400, 8_976_891, 2_778_561, 2_172_978, 4_452_823, 4_844_671, 3_562_258,
                 15_317_710, 8_362_108, 2_508_632, 8_612_971, 409_660),
        "GM0342": (47_345, 22_750, 24_595, 6_595, 4_730, 9_755, 12_750, 13_515, 41_355, 22_930, 5_970, 23_640, 710),
        "WK034201": (21_725, 10_535, 11_190, 3_380, 2_285, 4_355, 5_970, 5_735, 19_345, 9_810, 2_940, 10_055, 230),
        "BU03420101": (11_305, 5_515, 5_790, 1_920, 1_245, 2_375, 3_050, 2_715, 10_175, 4_895, 1_615, 5_040, 100),
        "BU03420102": (10_420, 5_020, 5_400, 1_460, 1_040, 1_980, 2_920, 3_020, 9_170, 4_915, 1_325, 5_015, 130),
        "WK034202": (25_620, 12_215, 13_405, 3_215, 2_445, 5_400, 6_780, 7_780, 22_010, 13_120, 3_030, 13_585, 480),
        "BU03420201": (14_010, 6_710, 7_300, 1_820, 1_400, 3_080, 3_645, 4_065, 11_910, 7_075, 1_700, 7_360, 290),
        "BU03420202": (11_610, 5_505, 6_105, 1_395, 1_045, 2_320, 3_135, 3_715, 10_100, 6_045, 1_330, 6_225, 190),
        "GM0344": (367_984, 180_680, 187_304, 62_925, 58_141, 110_395, 78_749, 57_774, 287_028, 186_794, 52_302,
                   190_530, 10_304),
        "WK034401": (18_655, 9_230, 9_425, 2_125, 3_500, 6_740, 3_705, 2_585, 13_505, 11_185, 1_815, 11_345, 540),
        "BU03440101": (9_990, 4_965, 5_025, 1_000, 2_200, 3_795, 1_800, 1_195, 7_095, 6_205, 870, 6_265, 310),
        "BU03440102": (8_665, 4_265, 4_400, 1_125, 1_300, 2_945, 1_905, 1_390, 6_410, 4_980, 945, 5_080, 230),
    },
    # Provisional: bijstand not yet published.
    2026: {
        "NL00": (18_102_430, 8_978_805, 9_123_625, 2_823_979, 2_208_496, 4_525_608, 4_923_861, 3_620_486,
                 15_568_090, 8_498_793, 2_549_638, 8_753_757, None),
        "GM0342": (47_945, 23_040, 24_905, 6_680, 4_790, 9_885, 12_910, 13_680, 41_880, 23_220, 6_045, 23_940, None),
        "WK034201": (21_975, 10_660, 11_315, 3_420, 2_310, 4_405, 6_040, 5_800, 19_570, 9_920, 2_975, 10_170, None),
        "BU03420101": (11_460, 5_590, 5_870, 1_950, 1_260, 2_405, 3_095, 2_750, 10_315, 4_960, 1_635, 5_110, None),
        "BU03420102": (10_515, 5_070, 5_445, 1_470, 1_050, 2_000, 2_945, 3_050, 9_255, 4_960, 1_340, 5_060, None),
        "WK034202": (25_970, 12_380, 13_590, 3_260, 2_480, 5_480, 6_870, 7_880, 22_310, 13_300, 3_070, 13_770, None),
        "BU03420201": (14_180, 6_790, 7_390, 1_845, 1_420, 3_120, 3_685, 4_110, 12_055, 7_160, 1_720, 7_445, None),
        "BU03420202": (11_790, 5_590, 6_200, 1_415, 1_060, 2_360, 3_185, 3_770, 10_255, 6_140, 1_350, 6_325, None),
        "GM0344": (378_210, 185_701, 192_509, 64_674, 59_757, 113_463, 80_937, 59_379, 295_004, 191_985, 53_756,
                   195_825, None),
        "WK034401": (19_120, 9_460, 9_660, 2_180, 3_585, 6_910, 3_800, 2_645, 13_840, 11_465, 1_860, 11_630, None),
        "BU03440101": (10_240, 5_090, 5_150, 1_025, 2_255, 3_890, 1_845, 1_225, 7_270, 6_360, 890, 6_425, None),
        "BU03440102": (8_880, 4_370, 4_510, 1_155, 1_330, 3_020, 1_955, 1_420, 6_570, 5_105, 970, 5_205, None),
    },
}
# Rates in the order of _RATE_STEMS; None is a suppressed or not yet published figure.
_KWB_RATES = {
    2022: {
        "NL00": (7.6, 6.1, None, 9.9, 74.2, 15.8),
        "GM0342": (5.3, 4.4, None, 10.4, 69.8, 11.6),
        "WK034201": (4.1, 3.5, None, 10.9, 61.3, 10.2),
        "BU03420101": (3.8, 3.2, None, 11.2, 58.7, 9.8),
        "BU03420102": (4.5, 3.9, None, 10.5, 64.1, 10.6),
        "WK034202": (6.2, 5.1, None, 10.0, 77.0, 12.8),
        "BU03420201": (None, 5.9, None, 9.6, 81.4, 13.1),
        "BU03420202": (5.6, 4.6, None, 10.4, 72.0, 12.5),
        "GM0344": (11.2, 8.9, None, 9.1, 68.5, 24.7),
        "WK034401": (13.8, 10.6, None, 8.4, 59.2, 31.5),
        "BU03440101": (15.1, 11.7, None, 7.9, 55.0, 33.0),
        "BU03440102": (12.3, 9.4, None, 8.9, 64.0, 29.8),
    },
    # Income not yet published when the 2023 table came out.
    2023: {
        "NL00": (None, None, None, 10.1, 75.6, 15.9),
        "GM0342": (None, None, None, 10.6, 71.2, 11.7),
        "WK034201": (None, None, None, 11.0, 62.4, 10.2),
        "BU03420101": (None, None, None, 11.4, 59.9, 9.8),
        "BU03420102": (None, None, None, 10.6, 65.0, 10.7),
        "WK034202": (None, None, None, 10.3, 78.5, 12.9),
        "BU03420201": (None, None, None, 9.9, 83.1, 13.2),
        "BU03420202": (None, None, None, 10.7, 73.2, 12.6),
        "GM0344": (None, None, None, 9.3, 69.7, 24.9),
        "WK034401": (None, None, None, 8.6, 60.1, 31.6),
        "BU03440101": (None, None, None, 8.1, 55.8, 33.1),
        "BU03440102": (None, None, None, 9.1, 65.2, 29.9),
    },
    # Provisional: income, jeugdzorg and Wmo not yet published.
    2026: {
        "NL00": (None, None, None, None, None, 16.0),
        "GM0342": (None, None, None, None, None, 11.8),
        "WK034201": (None, None, None, None, None, 10.3),
        "BU03420101": (None, None, None, None, None, 9.9),
        "BU03420102": (None, None, None, None, None, 10.8),
        "WK034202": (None, None, None, None, None, 13.0),
        "BU03420201": (None, None, None, None, None, 13.3),
        "BU03420202": (None, None, None, None, None, 12.7),
        "GM0344": (None, None, None, None, None, 25.1),
        "WK034401": (None, None, None, None, None, 31.8),
        "BU03440101": (None, None, None, None, None, 33.2),
        "BU03440102": (None, None, None, None, None, 30.1),
    },
}
_KWB_MODIFIED = {2022: "2023-06-29T02:00:00", 2023: "2024-07-31T02:00:00", 2026: "2026-11-27T02:00:00"}


def kwb_files(year: int) -> dict[str, list[dict]]:
    """Kerncijfers wijken en buurten ``year`` (2022 or 2023) as served by CBS."""
    if year not in (2022, 2023):
        raise ValueError(f"no KWB recording for {year}; use 2022, 2023 or kwb_2026_files()")
    return _kwb(year, status="Regulier")


def kwb_2026_files() -> dict[str, list[dict]]:
    """A fictional provisional table: the 2023 layout, year 2026, Status "Voorlopig"."""
    return _kwb(2026, status="Voorlopig")


def _kwb(year: int, status: str) -> dict[str, list[dict]]:
    table_id = KWB_TABLES[year]
    geo = {
        "odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
        "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten",
        "Description": f"Nederland, gemeenten, wijken en buurten volgens de indeling op 1 januari {year}.",
        "MapYear": str(year), "ReleasePolicy": True,
    }
    properties, columns = _data_properties([geo], _KWB_TREE, year)
    rows = []
    for row_id, (code, _title, level, gemeente, _municipality) in enumerate(_KWB_REGIONS):
        figures = dict(zip(_COUNT_STEMS, _KWB_COUNTS[year][code]))
        figures.update(zip(_RATE_STEMS, _KWB_RATES[year][code]))
        figures.update(
            Gemeentenaam=gemeente.ljust(40), SoortRegio=level.ljust(10), Codering=code.ljust(10),
            IndelingswijzigingWijkenEnBuurten="1",
        )
        row = {"ID": row_id, "WijkenEnBuurten": code.ljust(10)}
        row.update({key: figures[topic.stem] for key, topic in columns})
        rows.append(row)
    title = f"Kerncijfers wijken en buurten {year}"
    return {
        "TableInfos": _table_infos(
            Title=title, ShortTitle=title, Identifier=table_id, Period=str(year),
            Summary=f"Kerncijfers over bevolking, huishoudens, wonen, inkomen, sociale zekerheid, zorg en "
                    f"nabijheid van voorzieningen per wijk en buurt, {year}.",
            Modified=_KWB_MODIFIED[year], MetaDataModified=_KWB_MODIFIED[year], Status=status, OutputStatus=status,
            Source="CBS (fictieve testcijfers).", RecordCount=len(rows), ColumnCount=len(columns) + 2,
        ),
        "UntypedDataSet": _untyped(rows, columns),
        "TypedDataSet": rows,
        "DataProperties": properties,
        "CategoryGroups": [],
        "WijkenEnBuurten": [
            {
                "Key": code.ljust(10), "Title": region_title, "Description": None,
                "Municipality": municipality, "DimensionGroupId": _LEVEL_GROUP[level],
            }
            for code, region_title, level, _gemeente, municipality in _KWB_REGIONS
        ],
    }


# --------------------------------------------------------------------------------------
# RIVM Gezondheid per wijk en buurt (50150NED)
# --------------------------------------------------------------------------------------

RIVM_PERIODS = (2012, 2016, 2020, 2022, 2024)
_RIVM_MARGES = [
    {"Key": "MW00000", "Title": "Waarde", "Description": None},
    {"Key": "MOG0095", "Title": "Ondergrens 95%-betrouwbaarheidsinterval", "Description": None},
    {"Key": "MBG0095", "Title": "Bovengrens 95%-betrouwbaarheidsinterval", "Description": None},
]
_RIVM_LEEFTIJD = [
    {"Key": "20300", "Title": ADULTS, "Description": None, "CategoryGroupID": None},
    {"Key": "53115", "Title": WORKING_AGE, "Description": None, "CategoryGroupID": None},
    {"Key": "80200", "Title": ELDERLY, "Description": None, "CategoryGroupID": None},
]
# code, title, SoortRegio, Gemeentenaam, municipality, deprivation index (0 = national;
# the formula below makes higher = less healthy, lonelier, poorer)
_RIVM_REGIONS = [
    ("NL01", "Nederland", "Land", "Nederland", None, 0.0),
    ("GM0342", "Soest", "Gemeente", "Soest", "GM0342", -0.6),
    ("WK034201", "Boerenstreek", "Wijk", "Soest", "GM0342", -0.9),
    ("WK034202", "De Eng Soest-midden", "Wijk", "Soest", "GM0342", -0.3),
    ("BU03420101", "Boerenstreek-West", "Buurt", "Soest", "GM0342", -1.1),
    ("GM0344", "Utrecht", "Gemeente", "Utrecht", "GM0344", 0.4),
    ("WK034401", "Binnenstad", "Wijk", "Utrecht", "GM0344", 0.8),
]
# Half width of the 95% interval (percentage points at p = 50%) per level and age group.
_LEVEL_MARGIN = {"Land": 0.2, "Gemeente": 1.1, "Wijk": 2.3, "Buurt": 3.6}
_AGE_MARGIN = {"20300": 1.0, "53115": 1.1, "80200": 1.6}
# Share of 65+ among adults: the 18+ figure is the weighted mean of the two age groups.
_AGE_WEIGHT = {"20300": 0.0, "53115": -0.25, "80200": 0.75}


@dataclass(frozen=True)
class _Health:
    stem: str
    title: str
    group: str
    base: float  # % of adults, Nederland 2022
    elderly: float  # 65+ minus 18-64, percentage points
    deprivation: float  # points per unit of the region's deprivation index
    trend: float  # points per year


_RIVM_GROUPS = [
    _Group("Regioaanduiding", "Regioaanduiding"),
    _Group("Gezondheid", "Gezondheid"),
    _Group("Leefstijl", "Leefstijl"),
    _Group("BeperkingenEnAandoeningen", "Beperkingen en aandoeningen"),
    _Group("PsychischeGezondheid", "Psychische gezondheid"),
    _Group("Eenzaamheid", "Eenzaamheid"),
    _Group("Participatie", "Participatie"),
    _Group("FinancieleSituatie", "Financiële situatie"),
]
_RIVM_TOPICS = [
    _Health("ErvarenGezondheidGoedZeerGoed", "Ervaren gezondheid goed/zeer goed", "Gezondheid",
            77.2, -14.0, -4.0, -0.3),
    _Health("VoldoetAanBeweegrichtlijn", "Voldoet aan beweegrichtlijn", "Leefstijl", 47.9, -6.0, -3.0, 0.2),
    _Health("WekelijkseSporters", "Wekelijkse sporters", "Leefstijl", 50.8, -10.0, -5.0, 0.1),
    _Health("Ondergewicht", "Ondergewicht", "Leefstijl", 1.8, 0.4, 0.3, 0.0),
    _Health("NormaalGewicht", "Normaal gewicht", "Leefstijl", 47.0, -8.0, -3.0, -0.2),
    _Health("Overgewicht", "Overgewicht", "Leefstijl", 50.2, 9.0, 3.0, 0.2),
    _Health("ErnstigOvergewicht", "Ernstig overgewicht", "Leefstijl", 15.1, 3.0, 2.5, 0.2),
    _Health("Roker", "Roker", "Leefstijl", 17.9, -8.0, 3.5, -0.4),
    _Health("VoldoetAanAlcoholrichtlijn", "Voldoet aan alcoholrichtlijn", "Leefstijl", 43.4, -4.0, 2.0, 0.3),
    _Health("Drinker", "Drinker", "Leefstijl", 79.1, 1.0, -3.0, -0.2),
    _Health("ZwareDrinker", "Zware drinker", "Leefstijl", 8.3, -2.0, 0.5, -0.1),
    _Health("OvermatigeDrinker", "Overmatige drinker", "Leefstijl", 7.4, 1.5, 0.3, -0.1),
    _Health("EenOfMeerLangdurigeAandoeningen", "Een of meer langdurige aandoeningen", "BeperkingenEnAandoeningen",
            58.3, 22.0, 2.0, 0.3),
    _Health("BeperktVanwegeGezondheid", "Beperkt vanwege gezondheid", "BeperkingenEnAandoeningen",
            28.6, 14.0, 3.0, 0.2),
    _Health("ErnstigBeperktVanwegeGezondheid", "Ernstig beperkt vanwege gezondheid", "BeperkingenEnAandoeningen",
            6.2, 5.0, 1.5, 0.1),
    _Health("LangdurigeZiekteEnBeperkt", "Langdurige ziekte en beperkt", "BeperkingenEnAandoeningen",
            27.1, 14.0, 3.0, 0.2),
    _Health("BeperkingInHoren", "Beperking in horen", "BeperkingenEnAandoeningen", 3.9, 6.0, 0.5, 0.0),
    _Health("BeperkingInZien", "Beperking in zien", "BeperkingenEnAandoeningen", 3.1, 2.5, 0.5, 0.0),
    _Health("BeperkingInBewegen", "Beperking in bewegen", "BeperkingenEnAandoeningen", 9.3, 12.0, 1.5, 0.1),
    _Health("MinstensEenBeperking", "Minstens één beperking", "BeperkingenEnAandoeningen", 13.2, 15.0, 2.0, 0.1),
    _Health("MatigOfHoogRisicoOpAngstOfDepressie", "Matig of hoog risico op angst of depressie",
            "PsychischeGezondheid", 49.0, -8.0, 4.0, 0.4),
    _Health("HoogRisicoOpAngstOfDepressie", "Hoog risico op angst of depressie", "PsychischeGezondheid",
            8.2, -3.0, 2.5, 0.3),
    _Health("HeelVeelStressInAfgelopen4Weken", "Heel veel stress in afgelopen 4 weken", "PsychischeGezondheid",
            15.5, -8.0, 2.5, 0.4),
    _Health("Eenzaam", "Eenzaam", "Eenzaamheid", 49.3, 4.0, 4.0, 0.5),
    _Health("ErnstigZeerErnstigEenzaam", "(Zeer) ernstig eenzaam", "Eenzaamheid", 11.6, 0.5, 2.5, 0.2),
    _Health("EmotioneelEenzaam", "Emotioneel eenzaam", "Eenzaamheid", 36.2, 2.0, 3.0, 0.4),
    _Health("SociaalEenzaam", "Sociaal eenzaam", "Eenzaamheid", 38.1, 5.0, 3.0, 0.3),
    _Health("Mantelzorger", "Mantelzorger", "Participatie", 14.0, 3.0, -1.0, -0.1),
    _Health("Vrijwilligerswerk", "Vrijwilligerswerk", "Participatie", 29.3, 6.0, -5.0, -0.2),
    _Health("MoeiteMetRondkomen", "Moeite met rondkomen", "FinancieleSituatie", 18.6, -5.0, 6.0, 0.6),
]
_NOT_ASKED = {"HeelVeelStressInAfgelopen4Weken": (2012, 2016)}
_SUPPRESSED_AGE = {"BU03420101": "80200"}  # too few 65+ respondents: every topic, every margin


def _rivm_tree() -> list:
    """The topics in order, each group heading just before its first topic."""
    groups = {group.key: group for group in _RIVM_GROUPS}
    tree = [groups["Regioaanduiding"],
            *_strings("Regioaanduiding", ("Gemeentenaam", "Gemeentenaam"), ("SoortRegio", "Soort regio"),
                      ("Codering", "Codering"))]
    for health in _RIVM_TOPICS:
        if groups[health.group] not in tree:
            tree.append(groups[health.group])
        tree.append(_Topic(health.stem, health.title, "Double", "%", 1, health.group))
    return tree


def _estimate(health: _Health, deprivation: float, level: str, age: str, year: int) -> tuple[float, float, float]:
    """(value, lower, upper) in whole tenths, so they survive JSON exactly and lower <= value <= upper."""
    value = health.base + _AGE_WEIGHT[age] * health.elderly + deprivation * health.deprivation
    value += health.trend * (year - 2022)
    tenths = min(990, max(5, round(value * 10)))
    spread = math.sqrt(tenths / 10 * (100 - tenths / 10)) / 50
    half = max(1, round(_LEVEL_MARGIN[level] * _AGE_MARGIN[age] * spread * 10))
    return tenths / 10, max(0, tenths - half) / 10, min(1000, tenths + half) / 10


def rivm_files() -> dict[str, list[dict]]:
    """RIVM Gezondheid per wijk en buurt (50150NED) as served by dataderden.cbs.nl."""
    dimensions = [
        {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
         "Key": "Marges", "Title": "Marges", "Description": "Waarde en 95%-betrouwbaarheidsinterval."},
        {"odata.type": "Cbs.OData.Dimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "Dimension",
         "Key": "Leeftijd", "Title": "Leeftijd", "Description": None},
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 2, "Position": 2, "ParentID": None, "Type": "GeoDimension",
         "Key": "WijkenEnBuurten", "Title": "Wijken en buurten", "Description": "Indeling 2024.",
         "MapYear": "2024", "ReleasePolicy": True},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 3, "Position": 3, "ParentID": None, "Type": "TimeDimension",
         "Key": "Perioden", "Title": "Perioden", "Description": None},
    ]
    properties, columns = _data_properties(dimensions, _rivm_tree(), 2024)
    health = {topic.stem: topic for topic in _RIVM_TOPICS}
    rows = []
    for margin_index, margin in enumerate(_RIVM_MARGES):
        for age in _RIVM_LEEFTIJD:
            for code, _title, level, gemeente, _municipality, deprivation in _RIVM_REGIONS:
                for year in RIVM_PERIODS:
                    row = {
                        "ID": len(rows), "Marges": margin["Key"], "Leeftijd": age["Key"],
                        "WijkenEnBuurten": code.ljust(12), "Perioden": f"{year}JJ00",
                    }
                    for key, topic in columns:
                        if topic.datatype == "String":
                            row[key] = {"Gemeentenaam": gemeente.ljust(40), "SoortRegio": level.ljust(10),
                                        "Codering": code.ljust(12)}[topic.stem]
                        elif _SUPPRESSED_AGE.get(code) == age["Key"] or year in _NOT_ASKED.get(topic.stem, ()):
                            row[key] = None
                        else:
                            row[key] = _estimate(health[topic.stem], deprivation, level, age["Key"], year)[margin_index]
                    rows.append(row)
    title = "Gezondheid per wijk en buurt; 2012/2016/2020/2022/2024 (indeling 2024)"
    return {
        "TableInfos": _table_infos(
            Title=title, ShortTitle="Gezondheid per wijk en buurt", Identifier=RIVM_TABLE, Catalog="RIVM",
            Period="2012, 2016, 2020, 2022, 2024", Frequency="Per 2 jaar",
            Summary="Gezondheid, leefstijl en sociale omgeving van volwassenen per wijk en buurt: "
                    "modelmatige schattingen op basis van de Gezondheidsmonitor Volwassenen en Ouderen.",
            Modified="2025-03-20T02:00:00", MetaDataModified="2025-03-20T02:00:00",
            Source="RIVM, GGD'en en CBS (fictieve testcijfers).", RecordCount=len(rows), ColumnCount=len(columns) + 4,
        ),
        "UntypedDataSet": _untyped(rows, columns),
        "TypedDataSet": rows,
        "DataProperties": properties,
        "CategoryGroups": [],
        "Marges": [dict(row) for row in _RIVM_MARGES],
        "Leeftijd": [dict(row) for row in _RIVM_LEEFTIJD],
        "WijkenEnBuurten": [
            {"Key": code.ljust(12), "Title": region_title, "Description": None, "Municipality": municipality,
             "DimensionGroupId": _LEVEL_GROUP[level]}
            for code, region_title, level, _gemeente, municipality, _deprivation in _RIVM_REGIONS
        ],
        "Perioden": [
            {"Key": f"{year}JJ00", "Title": str(year), "Description": None, "Status": "Definitief"}
            for year in RIVM_PERIODS
        ],
    }


# --------------------------------------------------------------------------------------
# Catalog (ODataCatalog/Tables)
# --------------------------------------------------------------------------------------


def _catalog_row(row_id: int, identifier: str, title: str, period: str, modified: str, summary: str,
                 status: str = "Regulier", frequency: str = "Eenmalig") -> dict:
    return {
        "ID": row_id, "Title": title, "ShortTitle": title[:60], "Identifier": identifier, "Summary": summary,
        "Modified": modified, "MetaDataModified": modified, "ReasonDelivery": "Actualisering",
        "ExplanatoryText": "", "OutputStatus": status, "Language": "nl", "Catalog": "CBS",
        "Frequency": frequency, "Period": period,
        "SummaryAndLinks": f"{summary}<br /><a href=\"https://opendata.cbs.nl/ODataApi/OData/{identifier}\">"
                           f"https://opendata.cbs.nl/ODataApi/OData/{identifier}</a>",
        "ApiUrl": f"https://opendata.cbs.nl/ODataApi/OData/{identifier}",
        "FeedUrl": f"https://opendata.cbs.nl/ODataFeed/OData/{identifier}",
        "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table,Bar",
        "RecordCount": 0, "ColumnCount": 0, "SearchPriority": "2",
    }


# The three plain "Kerncijfers wijken en buurten YYYY" rows are the only KWB year
# tables; the others are realistic noise a title match must not pick.
CATALOG_TABLES = [
    _catalog_row(0, "37296ned", "Bevolking; kerncijfers", "1950 - 2023", "2024-06-28T02:00:00",
                 "Kerncijfers over de bevolking van Nederland.", frequency="Per jaar"),
    _catalog_row(1, "70904ned", "Kerncijfers wijken en buurten 2009-2012", "2009 - 2012", "2014-01-22T02:00:00",
                 "Kerncijfers per wijk en buurt, 2009-2012.", status="Gestopt"),
    _catalog_row(2, "85318NED", "Kerncijfers wijken en buurten 2022", "2022", _KWB_MODIFIED[2022],
                 "Kerncijfers per wijk en buurt, 2022."),
    _catalog_row(3, "85560NED", "Nabijheid voorzieningen; afstand locatie, wijk- en buurtcijfers 2022", "2022",
                 "2023-11-30T02:00:00", "Afstanden tot voorzieningen per wijk en buurt, 2022."),
    _catalog_row(4, "85618NED", "Kerncijfers wijken en buurten 2023", "2023", _KWB_MODIFIED[2023],
                 "Kerncijfers per wijk en buurt, 2023."),
    _catalog_row(5, "85999NED", "Kerncijfers wijken en buurten 2024 (gewijzigd)", "2024", "2025-02-14T02:00:00",
                 "Gecorrigeerde uitgave van de kerncijfers per wijk en buurt, 2024."),
    _catalog_row(6, "86012NED", "Jeugdzorg; jongeren met jeugdzorg, wijken en buurten 2024", "2024",
                 "2025-05-15T02:00:00", "Jongeren met jeugdzorg per wijk en buurt."),
    _catalog_row(7, "86400NED", "Kerncijfers wijken en buurten 2026", "2026", _KWB_MODIFIED[2026],
                 "Kerncijfers per wijk en buurt, 2026 (voorlopig).", status="Voorlopig"),
    _catalog_row(8, "03759ned", "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
                 "1988 - 2024", "2024-10-02T02:00:00", "Bevolking naar geslacht, leeftijd en regio.",
                 frequency="Per jaar"),
]


def serve_all(server) -> None:
    """Put every recording on a StatLineServer: KWB 2022, 2023 and 2026, RIVM 50150NED and the catalog."""
    server.add_table(KWB_TABLES[2022], kwb_files(2022))
    server.add_table(KWB_TABLES[2023], kwb_files(2023))
    server.add_table(KWB_TABLES[2026], kwb_2026_files())
    server.add_table(RIVM_TABLE, rivm_files())
    server.catalog_tables = [dict(row) for row in CATALOG_TABLES]
