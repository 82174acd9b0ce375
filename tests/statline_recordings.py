"""Recorded-style StatLine responses for tests: small tables in the keys and layouts CBS and RIVM publish.

Each ``*_files()`` function returns the ``files`` dict for
``StatLineServer.add_table`` (sub-table name -> the ``value`` rows of the OData
response), so after ``cbsodata.download_data`` a test directory looks like a
real snapshot. ALL FIGURES ARE FICTIONAL (plausible in size, not CBS or RIVM
statistics); the variable keys, dimension names and layouts are the real ones
(shared/reference/statline-real-layouts.md), for a SUBSET of each table's topics.

What the recordings imitate on purpose, so loaders are tested against it:

- Kerncijfers wijken en buurten (KWB): 2022 (85318NED), 2023 (85618NED),
  2024 (85984NED) and a future first release 2026 (86400NED, fictional id, in the
  2024 layout). Regions: Nederland (NL00), Soest (GM0342) with two wijken and
  five buurten, and Utrecht (GM0344) with one wijk and two buurten, whose rows a
  Soest load must drop. Codes padded to 10 characters, Gemeentenaam_1 to 40,
  SoortRegio_2 to 10; the code-list title "Hart van Soest   " keeps trailing spaces.
  * Topic keys are CBS's ``<Stem>_<n>``, n counting topics only. Only a subset
    of topics is recorded, so every topic carries its real number per year and
    the numbers have gaps: Gemeentenaam_1, SoortRegio_2, Codering_3,
    IndelingswijzigingGemeenteWijkBuurt_4, AantalInwoners_5 ... k_65JaarOfOuder_12
    every year; HuishoudensTotaal_28 (2022) / _29 (2023 on), Woningvoorraad_34 /
    _35, PersonenPerSoortUitkeringBijstand_83 / _92 / _87, ... (see _KWB_TREE).
  * 2022 and 2023: WestersTotaal_17 and NietWestersTotaal_18, percentages of the
    inhabitants (Unit "%", Datatype Long); the household income stems
    HuishoudensMetEenLaagInkomen, HuishOnderOfRondSociaalMinimum and
    HuishoudensTot120VanSociaalMinimum (2022: _78, _79, _81; 2023: _87, _88, _90).
  * 2024 layout (2024, 2026): herkomst as COUNTS, the same stems repeated under
    three TopicGroups nested in "Herkomst": "Herkomstland" (Nederland_17,
    EuropaExclusiefNederland_18, BuitenEuropa_19), "Geboren in Nederland"
    (Nederland_20, EuropaExclusiefNederland_21, BuitenEuropa_22) and "Geboren
    buiten Nederland" (EuropaExclusiefNederland_23, BuitenEuropa_24). The old
    income stems are gone (ABSENT_STEMS); PersonenInArmoede_81 and
    PersonenTot25BovenArmoedegrens_82 (% of PERSONS, Double, 1 decimal) are new:
    a break in the series, not the same indicator.
  * Provisional figures are marked per topic, never in TableInfos (Status
    "Regulier" in every table): in the 2024 layout the TopicGroup "Inkomen" and
    its topics have Descriptions starting "Voorlopige cijfers." (KWB_PROVISIONAL).
    2024 has their values; in the 2026 first release every income, bijstand,
    jeugdzorg and Wmo cell is null (not yet published) and everything else has a value.
    Income of 2023 is null everywhere too (published later).
  * Counts of wijken and buurten are rounded to 5, bijstand to 10; Nederland and
    gemeenten are exact. Buurten add up to their wijk and the two Soest wijken to
    the gemeente. Buurt BU03420203 (a business park with ~90 inhabitants) has a
    published, rounded bijstand of 0 in 2022-2024 (not null) and suppressed income,
    jeugdzorg and Wmo rates.
  * PercentageJongerenMetJeugdzorg counts young people up to 23 (its Description says so).
  * Suppressed and unpublished figures are null (typed) or "." (untyped), never 0.
- RIVM Gezondheid per wijk en buurt (50150NED, dataderden.cbs.nl): dimensions
  Marges, Leeftijd, WijkenEnBuurten (keys padded to 12, national code NL01) and
  Perioden (2012 ... 2024); 15 of its real keys (GoedErvarenGezondheid_4 ...
  TevredenMetDeWoning_56), none of the old 50120NED names. Every figure has a value
  and a 95% interval; the 65+ group of buurt BU03420101 is suppressed, the stress
  question was not asked in 2012 and 2016, LageVeerkracht not before 2022.
  Its figures come from a small deterministic formula (315 rows are too many to
  write by hand); RIVM_EXPECTED pins a handful of them.
- CBS Gemeentelijke Monitor Sociaal Domein, "Gebruik voorzieningen sociaal domein;
  aantal voorzieningen, wijken": 2023 (85637NED, definitive), 2024 (85994NED,
  provisional) and 2025 (86402NED, fictional id, provisional), the last known only
  to the catalog, not to GMSD_TABLES. Dimensions AantalVoorzieningen (T001019
  Totaal, A048760 1 maatwerkvoorziening), SoortVoorzieningSociaalDomein (CBS keys
  T001287, A041708 ... A041714), Wijken (a GeoDimension named Wijken, codes padded
  to 8: NL01, GM0342, WK034201, WK034202, GM0344, WK034401; no buurten) and
  Perioden with the year and both half-years (2023JJ00, 2023HJ01, 2023HJ02);
  provisional periods have titles ending in "*" and Status "Voorlopig" ("Nader
  voorlopig" for the first half-year). Topics ClientenMetVoorzieningen_5 and
  HuishoudensMetVoorzieningen_6 (Long, aantal) under the TopicGroup "Sociaal domein
  cliënten/huishoudens"; IndelingswijzeWijken_4 is "1" for a wijk, null otherwise.
  Counts rounded to 5 at every level; in a wijk a count below 10 is suppressed
  (null) while a 0 is published (WK034201 has no "Jeugd en P-wet" cliënten, and
  "1 maatwerkvoorziening" is 0 for every combination of two or three kinds).
  "Totaal" is the sum of the seven combinations (suppressed ones included), the
  Soest wijken add up to the gemeente, a half-year counts fewer than its year,
  households no more than cliënten. Figures come from hand-written 2023 base
  figures (_GMSD_BASE) and fixed factors; GMSD_EXPECTED pins a handful.
- The catalog (ODataCatalog/Tables) lists the KWB and GMSD tables among realistic
  noise a title match must not pick.

EXPECTED, HERKOMST_EXPECTED, RIVM_EXPECTED and GMSD_EXPECTED hold the exact values
tests assert, keyed by stem and unpadded region code; ``None`` is a null cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

KWB_TABLES = {2022: "85318NED", 2023: "85618NED", 2024: "85984NED", 2026: "86400NED"}
RIVM_TABLE = "50150NED"
# The GMSD year tables a loader knows by default; 2025 is only in the catalog (and served).
GMSD_TABLES = {2023: "85637NED", 2024: "85994NED"}
GMSD_CATALOG_ONLY = {2025: "86402NED"}

SOEST_REGIONS = (
    "GM0342", "WK034201", "BU03420101", "BU03420102", "WK034202", "BU03420201", "BU03420202", "BU03420203",
)
OTHER_GEMEENTE_REGIONS = ("GM0344", "WK034401", "BU03440101", "BU03440102")  # Utrecht: never in a Soest load

# (stem, unpadded region code, year) -> value; None = null in TypedDataSet. Herkomst
# stems repeat from 2024 on and are in HERKOMST_EXPECTED instead.
EXPECTED = {
    ("AantalInwoners", "NL00", 2022): 17_590_655,
    ("AantalInwoners", "NL00", 2023): 17_811_291,
    ("AantalInwoners", "NL00", 2024): 17_908_337,
    ("AantalInwoners", "GM0342", 2022): 47_095,
    ("AantalInwoners", "GM0342", 2023): 47_345,
    ("AantalInwoners", "GM0342", 2024): 47_550,
    ("AantalInwoners", "GM0342", 2026): 47_945,
    ("AantalInwoners", "WK034201", 2022): 21_625,
    ("AantalInwoners", "WK034201", 2023): 21_725,
    ("AantalInwoners", "WK034202", 2023): 25_620,
    ("AantalInwoners", "BU03420203", 2024): 90,
    ("AantalInwoners", "GM0344", 2023): 367_984,
    ("k_65JaarOfOuder", "GM0342", 2023): 13_515,
    ("HuishoudensTotaal", "WK034202", 2022): 13_045,
    ("HuishoudensTotaal", "WK034202", 2023): 13_120,
    ("HuishoudensTotaal", "WK034202", 2024): 13_185,
    ("Woningvoorraad", "GM0342", 2024): 23_745,
    # Migratieachtergrond, 2022 and 2023 only: whole percentages of the inhabitants.
    ("WestersTotaal", "GM0342", 2022): 9,
    ("NietWestersTotaal", "GM0342", 2022): 6,
    ("NietWestersTotaal", "GM0342", 2023): 7,
    ("NietWestersTotaal", "GM0344", 2023): 22,
    # Household income, 2022 (published) ...
    ("HuishoudensMetEenLaagInkomen", "GM0342", 2022): 5.3,
    ("HuishoudensMetEenLaagInkomen", "NL00", 2022): 7.6,
    ("HuishOnderOfRondSociaalMinimum", "GM0342", 2022): 4.4,
    ("HuishoudensTot120VanSociaalMinimum", "GM0342", 2022): 6.9,
    # ... suppressed in a buurt ...
    ("HuishoudensMetEenLaagInkomen", "BU03420201", 2022): None,
    ("HuishoudensMetEenLaagInkomen", "BU03420201", 2023): None,
    # ... and not yet published in the 2023 table: null for every region.
    ("HuishoudensMetEenLaagInkomen", "GM0342", 2023): None,
    ("HuishoudensMetEenLaagInkomen", "NL00", 2023): None,
    ("HuishOnderOfRondSociaalMinimum", "WK034201", 2023): None,
    ("HuishoudensTot120VanSociaalMinimum", "GM0342", 2023): None,
    # Persons in poverty from 2024 on (provisional in 2024, not yet published in 2026).
    ("PersonenInArmoede", "GM0342", 2024): 3.2,
    ("PersonenInArmoede", "NL00", 2024): 5.1,
    ("PersonenInArmoede", "WK034202", 2024): 3.9,
    ("PersonenInArmoede", "BU03420201", 2024): None,
    ("PersonenTot25BovenArmoedegrens", "GM0342", 2024): 2.6,
    ("PersonenInArmoede", "GM0342", 2026): None,
    ("PersonenTot25BovenArmoedegrens", "GM0342", 2026): None,
    # Bijstand: counts, rounded to tens in wijken and buurten; a rounded 0 is published.
    ("PersonenPerSoortUitkeringBijstand", "GM0342", 2022): 700,
    ("PersonenPerSoortUitkeringBijstand", "GM0342", 2024): 720,
    ("PersonenPerSoortUitkeringBijstand", "WK034202", 2024): 490,
    ("PersonenPerSoortUitkeringBijstand", "BU03420203", 2024): 0,
    ("PersonenPerSoortUitkeringBijstand", "BU03420203", 2026): None,
    ("PersonenPerSoortUitkeringBijstand", "GM0342", 2026): None,
    ("PercentageJongerenMetJeugdzorg", "GM0342", 2023): 10.6,
    ("PercentageJongerenMetJeugdzorg", "GM0342", 2024): 10.7,
    ("PercentageJongerenMetJeugdzorg", "BU03420203", 2024): None,
    ("PercentageJongerenMetJeugdzorg", "GM0342", 2026): None,
    ("WmoClientenRelatief", "WK034202", 2023): 78.5,
    ("WmoClientenRelatief", "WK034202", 2024): 79.2,
    ("WmoClientenRelatief", "GM0342", 2026): None,
    ("ScholenBinnen3Km", "GM0342", 2024): 11.7,
    ("ScholenBinnen3Km", "GM0342", 2026): 11.8,
}
# (TopicGroup title, stem, unpadded region code, year) -> count; 2024 layout only.
HERKOMST_EXPECTED = {
    ("Herkomstland", "Nederland", "GM0342", 2024): 37_710,
    ("Herkomstland", "EuropaExclusiefNederland", "GM0342", 2024): 4_305,
    ("Herkomstland", "BuitenEuropa", "GM0342", 2024): 5_535,
    ("Geboren in Nederland", "Nederland", "GM0342", 2024): 37_710,
    ("Geboren in Nederland", "EuropaExclusiefNederland", "GM0342", 2024): 1_720,
    ("Geboren in Nederland", "BuitenEuropa", "GM0342", 2024): 2_490,
    ("Geboren buiten Nederland", "EuropaExclusiefNederland", "GM0342", 2024): 2_585,
    ("Geboren buiten Nederland", "BuitenEuropa", "GM0342", 2024): 3_045,
    ("Herkomstland", "BuitenEuropa", "NL00", 2024): 3_044_417,
    ("Herkomstland", "BuitenEuropa", "WK034201", 2026): 2_195,
    # A small buurt: a published (rounded) 0.
    ("Herkomstland", "BuitenEuropa", "BU03420203", 2024): 5,
    ("Geboren in Nederland", "BuitenEuropa", "BU03420203", 2024): 0,
    ("Geboren buiten Nederland", "BuitenEuropa", "BU03420203", 2024): 5,
}
_OLD_INCOME = frozenset({
    "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", "HuishoudensTot120VanSociaalMinimum",
})
# Stems a year's table does not have at all (no DataProperties entry, no column), among
# the stems the other recorded years have.
ABSENT_STEMS = {
    2022: frozenset({"Nederland", "EuropaExclusiefNederland", "BuitenEuropa", "PersonenInArmoede",
                     "PersonenTot25BovenArmoedegrens"}),
    2023: frozenset({"Nederland", "EuropaExclusiefNederland", "BuitenEuropa", "PersonenInArmoede",
                     "PersonenTot25BovenArmoedegrens"}),
    2024: frozenset({"WestersTotaal", "NietWestersTotaal", *_OLD_INCOME}),
    2026: frozenset({"WestersTotaal", "NietWestersTotaal", *_OLD_INCOME}),
}
# Stems whose DataProperties Description starts with "Voorlopige cijfers." (with their TopicGroup "Inkomen").
KWB_PROVISIONAL = {
    2022: frozenset(),
    2023: frozenset(),
    2024: frozenset({"PersonenInArmoede", "PersonenTot25BovenArmoedegrens"}),
    2026: frozenset({"PersonenInArmoede", "PersonenTot25BovenArmoedegrens"}),
}
PROVISIONAL_MARK = "Voorlopige cijfers."

ADULTS, WORKING_AGE, ELDERLY = "18 jaar of ouder", "18 tot 65 jaar", "65 jaar of ouder"
# (stem, unpadded region code, year, Leeftijd title) -> (value, ci_low, ci_high); None = suppressed or not asked.
RIVM_EXPECTED = {
    ("Eenzaam", "NL01", 2022, ADULTS): (49.3, 49.1, 49.5),
    ("Eenzaam", "GM0342", 2022, ADULTS): (46.9, 45.8, 48.0),
    ("Eenzaam", "WK034201", 2022, ADULTS): (45.7, 43.4, 48.0),
    ("Eenzaam", "WK034201", 2022, ELDERLY): (48.7, 45.0, 52.4),
    ("Eenzaam", "GM0344", 2022, ADULTS): (50.9, 49.8, 52.0),
    ("SterkEenzaam", "GM0342", 2024, ADULTS): (10.5, 9.8, 11.2),
    ("MoeiteMetRondkomen", "GM0342", 2024, ADULTS): (16.2, 15.4, 17.0),
    ("GoedErvarenGezondheid", "BU03420101", 2020, WORKING_AGE): (85.7, 82.9, 88.5),
    ("RooktTabak", "GM0342", 2022, ADULTS): (15.8, 15.0, 16.6),
    ("VoldoetAanDeBeweegrichtlijn", "WK034202", 2016, ADULTS): (47.6, 45.3, 49.9),
    ("HeelVeelStressAfg4Weken", "GM0342", 2020, ADULTS): (13.2, 12.5, 13.9),
    ("HeelVeelStressAfg4Weken", "GM0342", 2016, ADULTS): (None, None, None),
    ("HeelVeelStressAfg4Weken", "NL01", 2012, ADULTS): (None, None, None),
    ("LageVeerkracht", "GM0342", 2022, ADULTS): (14.0, 13.2, 14.8),
    ("LageVeerkracht", "GM0342", 2020, ADULTS): (None, None, None),
    ("Eenzaam", "BU03420101", 2022, ELDERLY): (None, None, None),
    ("Mantelzorger", "BU03420101", 2024, ELDERLY): (None, None, None),
}

GMSD_AANTAL = (("T001019", "Totaal"), ("A048760", "1 maatwerkvoorziening"))
GMSD_SOORTEN = (
    ("T001287", "Totaal"),
    ("A041708", "Alleen Jeugd"),
    ("A041709", "Alleen P-wet"),
    ("A041710", "Alleen Wmo"),
    ("A041711", "Jeugd en P-wet"),
    ("A041712", "Jeugd en Wmo"),
    ("A041713", "P-wet en Wmo"),
    ("A041714", "Jeugd, P-wet en Wmo"),
)
GMSD_REGIONS = ("NL01", "GM0342", "WK034201", "WK034202", "GM0344", "WK034401")
# year -> (Perioden key, Title, Status) for every period of that year's table.
GMSD_PERIODS = {
    2023: (("2023JJ00", "2023", "Definitief"), ("2023HJ01", "1e halfjaar 2023", "Definitief"),
           ("2023HJ02", "2e halfjaar 2023", "Definitief")),
    2024: (("2024JJ00", "2024*", "Voorlopig"), ("2024HJ01", "1e halfjaar 2024*", "Nader voorlopig"),
           ("2024HJ02", "2e halfjaar 2024*", "Voorlopig")),
    2025: (("2025JJ00", "2025*", "Voorlopig"), ("2025HJ01", "1e halfjaar 2025*", "Nader voorlopig"),
           ("2025HJ02", "2e halfjaar 2025*", "Voorlopig")),
}
# (stem, unpadded region code, period key, soort title) -> value for AantalVoorzieningen
# "Totaal"; GMSD_EXPECTED_ONE the same for "1 maatwerkvoorziening".
GMSD_EXPECTED = {
    ("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Totaal"): 5_735,
    ("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Alleen Wmo"): 3_405,
    ("ClientenMetVoorzieningen", "WK034201", "2023JJ00", "Alleen Wmo"): 1_480,
    ("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Jeugd, P-wet en Wmo"): 15,
    ("HuishoudensMetVoorzieningen", "GM0342", "2023JJ00", "Totaal"): 5_040,
    ("ClientenMetVoorzieningen", "GM0342", "2023HJ01", "Totaal"): 4_935,
    ("ClientenMetVoorzieningen", "GM0342", "2023HJ02", "Totaal"): 5_050,
    ("ClientenMetVoorzieningen", "GM0344", "2023JJ00", "Totaal"): 48_055,
    ("ClientenMetVoorzieningen", "NL01", "2023JJ00", "Totaal"): 1_725_235,
    # Provisional (2024) and nader voorlopig (1e halfjaar 2024) figures.
    ("ClientenMetVoorzieningen", "GM0342", "2024JJ00", "Totaal"): 5_965,
    ("ClientenMetVoorzieningen", "GM0342", "2024HJ01", "Totaal"): 5_130,
    ("ClientenMetVoorzieningen", "WK034202", "2024HJ02", "Alleen P-wet"): 355,
    ("ClientenMetVoorzieningen", "GM0342", "2025JJ00", "Totaal"): 6_135,
    # A published 0 for a combination in a wijk, and suppressed small counts.
    ("ClientenMetVoorzieningen", "WK034201", "2023JJ00", "Jeugd en P-wet"): 0,
    ("ClientenMetVoorzieningen", "WK034201", "2024HJ01", "Jeugd en P-wet"): 0,
    ("ClientenMetVoorzieningen", "WK034201", "2023JJ00", "Jeugd, P-wet en Wmo"): None,
    ("HuishoudensMetVoorzieningen", "WK034202", "2023HJ01", "Jeugd, P-wet en Wmo"): None,
    ("ClientenMetVoorzieningen", "WK034202", "2023HJ01", "Jeugd, P-wet en Wmo"): 10,
}
GMSD_EXPECTED_ONE = {
    ("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Totaal"): 3_675,
    ("ClientenMetVoorzieningen", "GM0342", "2023JJ00", "Alleen Jeugd"): 950,
    ("ClientenMetVoorzieningen", "WK034202", "2023JJ00", "Jeugd en Wmo"): 0,
}


def topic_keys(files: dict) -> dict[str, str]:
    """Stem -> topic key (``HuishoudensTotaal`` -> ``HuishoudensTotaal_29``) of a files dict.

    A stem that occurs more than once (the herkomst stems from 2024 on) maps to its
    FIRST key; use ``topic_keys_by_group`` to tell them apart.
    """
    keys: dict[str, str] = {}
    for prop in files["DataProperties"]:
        if prop["Type"] == "Topic":
            keys.setdefault(stem_of(prop["Key"]), prop["Key"])
    return keys


def topic_keys_by_group(files: dict) -> dict[tuple[str, str], str]:
    """(title of the topic's own TopicGroup, stem) -> topic key.

    E.g. ("Geboren in Nederland", "Nederland") -> "Nederland_20" in the 2024 layout.
    """
    titles = {prop["ID"]: prop["Title"] for prop in files["DataProperties"] if prop["Type"] == "TopicGroup"}
    return {
        (titles[prop["ParentID"]], stem_of(prop["Key"])): prop["Key"]
        for prop in files["DataProperties"] if prop["Type"] == "Topic"
    }


def stem_of(key: str) -> str:
    """``HuishoudensTotaal_29`` -> ``HuishoudensTotaal``."""
    return re.sub(r"_\d+$", "", key)


# --------------------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------------------


@dataclass
class _Group:
    key: str
    title: str
    parent: str | None = None


@dataclass
class _Topic:
    stem: str
    title: str
    datatype: str  # "String", "Long" or "Double"
    unit: str
    decimals: int
    parent: str  # key of its _Group
    numbers: dict[int, int]  # year -> n of the key "<stem>_<n>"; a year without one lacks the topic
    description: str = ""
    ident: str = ""  # unique within the recording; the stem unless the stem repeats

    def __post_init__(self) -> None:
        self.ident = self.ident or self.stem


@dataclass
class _Table:
    """What a builder hands to _data_properties: dimensions, the topic tree and provisional groups."""

    dimensions: list[dict]
    tree: list
    year: int
    provisional_groups: frozenset[str] = field(default_factory=frozenset)


def _numbers(years, n: int) -> dict[int, int]:
    return {year: n for year in years}


def _data_properties(table: _Table) -> tuple[list[dict], list[tuple[str, _Topic]]]:
    """DataProperties as CBS writes them, and (key, topic) per topic of ``table.year`` in column order.

    ID runs over every entry. A topic's key is its stem and its number in that
    year's table (n counts topics only, so the recorded subset has gaps). A
    TopicGroup is written only when a topic of that year sits under it.
    """
    groups = {entry.key: entry for entry in table.tree if isinstance(entry, _Group)}
    used: set[str] = set()
    for entry in table.tree:
        if isinstance(entry, _Topic) and table.year in entry.numbers:
            parent = entry.parent
            while parent is not None:
                used.add(parent)
                parent = groups[parent].parent
    properties = list(table.dimensions)
    group_ids: dict[str, int] = {}
    columns: list[tuple[str, _Topic]] = []
    for entry in table.tree:
        entry_id = len(properties)
        if isinstance(entry, _Group):
            if entry.key not in used:
                continue
            group_ids[entry.key] = entry_id
            properties.append({
                "odata.type": "Cbs.OData.TopicGroup", "ID": entry_id, "Position": None,
                "ParentID": group_ids.get(entry.parent), "Type": "TopicGroup", "Key": entry.key,
                "Title": entry.title,
                "Description": _provisional(table, entry.key, "") or None,
            })
            continue
        if table.year not in entry.numbers:
            continue
        number = entry.numbers[table.year]
        key = f"{entry.stem}_{number}"
        columns.append((key, entry))
        properties.append({
            "odata.type": "Cbs.OData.Topic", "ID": entry_id, "Position": number,
            "ParentID": group_ids[entry.parent], "Type": "Topic", "Key": key, "Title": entry.title,
            "Description": _provisional(table, entry.parent, entry.description) or None,
            "Datatype": entry.datatype, "Unit": entry.unit, "Decimals": entry.decimals,
            "Default": "Impossible" if entry.datatype == "String" else "Missing",
            "PresentationType": "Absolute" if entry.unit == "aantal" or entry.datatype == "String" else "Relative",
        })
    assert len({key for key, _topic in columns}) == len(columns), "duplicate topic key"
    return properties, columns


def _provisional(table: _Table, group_key: str, description: str) -> str:
    if group_key not in table.provisional_groups:
        return description
    return f"{PROVISIONAL_MARK} {description}".strip()


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


_LEVEL_GROUP = {"Land": "1", "Gemeente": "2", "Wijk": "3", "Buurt": "4"}


def _round5(value: float) -> int:
    return 5 * round(value / 5)


# --------------------------------------------------------------------------------------
# Kerncijfers wijken en buurten
# --------------------------------------------------------------------------------------

_KWB_YEARS = tuple(KWB_TABLES)
_OLD_LAYOUT = (2022, 2023)  # westers / niet-westers, household income
_NEW_LAYOUT = (2024, 2026)  # herkomst, persons in poverty


def _kwb_topic(stem, title, datatype, unit, decimals, parent, numbers, description="", ident="") -> _Topic:
    return _Topic(stem, title, datatype, unit, decimals, parent, numbers, description, ident)


def _every_year(n: int) -> dict[int, int]:
    return _numbers(_KWB_YEARS, n)


def _per_layout(old: tuple[int, int] | None, new: int | None) -> dict[int, int]:
    """Numbers for 2022 and 2023 (``old``) and for the 2024 layout (``new``)."""
    numbers = dict(zip(_OLD_LAYOUT, old)) if old else {}
    if new is not None:
        numbers.update(_numbers(_NEW_LAYOUT, new))
    return numbers


def _herkomst(group: str, stem: str, title: str, n: int) -> _Topic:
    return _kwb_topic(stem, title, "Long", "aantal", 0, group, _numbers(_NEW_LAYOUT, n),
                      "Aantal inwoners op 1 januari naar herkomstland en geboorteland.", ident=f"{group}.{stem}")


_KWB_TREE = [
    _Group("Regioaanduiding", "Regioaanduiding"),
    _kwb_topic("Gemeentenaam", "Gemeentenaam", "String", "", 0, "Regioaanduiding", _every_year(1)),
    _kwb_topic("SoortRegio", "Soort regio", "String", "", 0, "Regioaanduiding", _every_year(2)),
    _kwb_topic("Codering", "Codering", "String", "", 0, "Regioaanduiding", _every_year(3)),
    _kwb_topic("IndelingswijzigingGemeenteWijkBuurt", "Indelingswijziging gemeente/wijk/buurt", "String", "", 0,
               "Regioaanduiding", _every_year(4)),
    _Group("Bevolking", "Bevolking"),
    _kwb_topic("AantalInwoners", "Aantal inwoners", "Long", "aantal", 0, "Bevolking", _every_year(5),
               "Het aantal inwoners op 1 januari volgens de Basisregistratie Personen (BRP)."),
    _kwb_topic("Mannen", "Mannen", "Long", "aantal", 0, "Bevolking", _every_year(6)),
    _kwb_topic("Vrouwen", "Vrouwen", "Long", "aantal", 0, "Bevolking", _every_year(7)),
    _Group("Leeftijdsgroepen", "Leeftijdsgroepen", "Bevolking"),
    _kwb_topic("k_0Tot15Jaar", "0 tot 15 jaar", "Long", "aantal", 0, "Leeftijdsgroepen", _every_year(8)),
    _kwb_topic("k_15Tot25Jaar", "15 tot 25 jaar", "Long", "aantal", 0, "Leeftijdsgroepen", _every_year(9)),
    _kwb_topic("k_25Tot45Jaar", "25 tot 45 jaar", "Long", "aantal", 0, "Leeftijdsgroepen", _every_year(10)),
    _kwb_topic("k_45Tot65Jaar", "45 tot 65 jaar", "Long", "aantal", 0, "Leeftijdsgroepen", _every_year(11)),
    _kwb_topic("k_65JaarOfOuder", "65 jaar of ouder", "Long", "aantal", 0, "Leeftijdsgroepen", _every_year(12)),
    # 2022 and 2023: migratieachtergrond as whole percentages of the inhabitants.
    _Group("Migratieachtergrond", "Personen met een migratieachtergrond", "Bevolking"),
    _kwb_topic("WestersTotaal", "Westers totaal", "Long", "%", 0, "Migratieachtergrond", _per_layout((17, 17), None),
               "Personen met een westerse migratieachtergrond, in procenten van het aantal inwoners."),
    _kwb_topic("NietWestersTotaal", "Niet-westers totaal", "Long", "%", 0, "Migratieachtergrond",
               _per_layout((18, 18), None),
               "Personen met een niet-westerse migratieachtergrond, in procenten van het aantal inwoners."),
    # 2024 layout: herkomst as counts; the same stems under three groups.
    _Group("Herkomst", "Herkomst", "Bevolking"),
    _Group("Herkomstland", "Herkomstland", "Herkomst"),
    _herkomst("Herkomstland", "Nederland", "Nederland", 17),
    _herkomst("Herkomstland", "EuropaExclusiefNederland", "Europa (exclusief Nederland)", 18),
    _herkomst("Herkomstland", "BuitenEuropa", "Buiten Europa", 19),
    _Group("GeborenInNederland", "Geboren in Nederland", "Herkomst"),
    _herkomst("GeborenInNederland", "Nederland", "Met herkomstland Nederland", 20),
    _herkomst("GeborenInNederland", "EuropaExclusiefNederland", "Met herkomstland in Europa (exclusief Nederland)", 21),
    _herkomst("GeborenInNederland", "BuitenEuropa", "Met herkomstland buiten Europa", 22),
    _Group("GeborenBuitenNederland", "Geboren buiten Nederland", "Herkomst"),
    _herkomst("GeborenBuitenNederland", "EuropaExclusiefNederland", "Met herkomstland in Europa (exclusief Nederland)",
              23),
    _herkomst("GeborenBuitenNederland", "BuitenEuropa", "Met herkomstland buiten Europa", 24),
    _Group("Huishoudens", "Huishoudens"),
    _kwb_topic("HuishoudensTotaal", "Huishoudens totaal", "Long", "aantal", 0, "Huishoudens", _per_layout((28, 29), 29),
               "Het aantal particuliere huishoudens op 1 januari."),
    _kwb_topic("HuishoudensMetKinderen", "Huishoudens met kinderen", "Long", "aantal", 0, "Huishoudens",
               _per_layout((31, 32), 32)),
    _Group("Wonen", "Wonen"),
    _kwb_topic("Woningvoorraad", "Woningvoorraad", "Long", "aantal", 0, "Wonen", _per_layout((34, 35), 35)),
    _Group("Inkomen", "Inkomen"),
    _kwb_topic("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen", "Double", "%", 1, "Inkomen",
               _per_layout((78, 87), None),
               "Particuliere huishoudens met een inkomen onder de lage-inkomensgrens, in procenten van de "
               "huishoudens met een bekend inkomen."),
    _kwb_topic("HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum", "Double", "%", 1,
               "Inkomen", _per_layout((79, 88), None)),
    _kwb_topic("HuishoudensTot120VanSociaalMinimum", "Huishoudens tot 120% van sociaal minimum", "Double", "%", 1,
               "Inkomen", _per_layout((81, 90), None)),
    _kwb_topic("PersonenInArmoede", "Personen in armoede", "Double", "%", 1, "Inkomen", _per_layout(None, 81),
               "Personen in particuliere huishoudens met een inkomen onder de armoedegrens (CBS, SCP en Nibud), "
               "in procenten van de personen in huishoudens met een bekend inkomen."),
    _kwb_topic("PersonenTot25BovenArmoedegrens", "Personen tot 25% boven armoedegrens", "Double", "%", 1, "Inkomen",
               _per_layout(None, 82),
               "Personen met een inkomen tot 25% boven de armoedegrens, in procenten van de personen in "
               "huishoudens met een bekend inkomen."),
    _Group("SocialeZekerheid", "Sociale zekerheid"),
    _kwb_topic("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand", "Long", "aantal", 0,
               "SocialeZekerheid", _per_layout((83, 92), 87),
               "Personen met een algemene bijstandsuitkering. Voor wijken en buurten afgerond op tientallen."),
    _Group("Zorg", "Zorg"),
    _kwb_topic("PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg", "Double", "%", 1, "Zorg",
               _per_layout((88, 97), 92),
               "Jongeren tot 23 jaar met jeugdzorg in natura, in procenten van alle jongeren tot 23 jaar."),
    _kwb_topic("WmoClientenRelatief", "Wmo-cliënten relatief", "Double", "per 1 000 inwoners", 1, "Zorg",
               _per_layout((90, 99), 94)),
    _Group("NabijheidVoorzieningen", "Nabijheid voorzieningen"),
    _kwb_topic("ScholenBinnen3Km", "Basisscholen binnen 3 km", "Double", "aantal", 1, "NabijheidVoorzieningen",
               _per_layout((110, 119), 114)),
]
_KWB_PROVISIONAL_GROUPS = {2024: frozenset({"Inkomen"}), 2026: frozenset({"Inkomen"})}

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
    ("BU03420203", "Bedrijventerrein Noord", "Buurt", "Soest", "GM0342"),
    ("GM0344", "Utrecht", "Gemeente", "Utrecht", "GM0344"),
    ("WK034401", "Binnenstad", "Wijk", "Utrecht", "GM0344"),
    ("BU03440101", "Domplein e.o.", "Buurt", "Utrecht", "GM0344"),
    ("BU03440102", "Lange Nieuwstraat e.o.", "Buurt", "Utrecht", "GM0344"),
]

_COUNT_STEMS = (
    "AantalInwoners", "Mannen", "Vrouwen", "k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar",
    "k_65JaarOfOuder", "HuishoudensTotaal", "HuishoudensMetKinderen", "Woningvoorraad",
    "PersonenPerSoortUitkeringBijstand",
)
# Counts in the order of _COUNT_STEMS. Wijken and buurten are rounded to 5 (bijstand
# to 10) as CBS does; Nederland and gemeenten are exact.
_KWB_COUNTS = {
    2022: {
        "NL00": (17_590_655, 8_724_965, 8_865_690, 2_744_142, 2_146_060, 4_397_664, 4_784_658, 3_518_131,
                 8_258_523, 2_477_557, 8_506_279, 404_585),
        "GM0342": (47_095, 22_630, 24_465, 6_560, 4_705, 9_710, 12_680, 13_440, 22_810, 5_940, 23_515, 700),
        "WK034201": (21_625, 10_490, 11_135, 3_365, 2_275, 4_335, 5_945, 5_705, 9_765, 2_930, 10_010, 230),
        "BU03420101": (11_240, 5_485, 5_755, 1_910, 1_235, 2_360, 3_035, 2_700, 4_865, 1_605, 5_010, 100),
        "BU03420102": (10_385, 5_005, 5_380, 1_455, 1_040, 1_975, 2_910, 3_005, 4_900, 1_325, 5_000, 130),
        "WK034202": (25_470, 12_140, 13_330, 3_195, 2_430, 5_375, 6_735, 7_735, 13_045, 3_010, 13_505, 470),
        "BU03420201": (13_950, 6_680, 7_270, 1_815, 1_395, 3_070, 3_625, 4_045, 7_045, 1_690, 7_325, 290),
        "BU03420202": (11_435, 5_410, 6_025, 1_375, 1_025, 2_275, 3_080, 3_680, 5_955, 1_315, 6_130, 180),
        "BU03420203": (85, 50, 35, 5, 10, 30, 30, 10, 45, 5, 50, 0),
        "GM0344": (361_742, 177_615, 184_127, 61_858, 57_155, 108_523, 77_413, 56_793, 183_625, 51_415, 187_298,
                   10_129),
        "WK034401": (18_440, 9_120, 9_320, 2_100, 3_455, 6_665, 3_660, 2_560, 11_055, 1_795, 11_215, 540),
        "BU03440101": (9_870, 4_905, 4_965, 985, 2_170, 3_750, 1_775, 1_190, 6_130, 860, 6_190, 310),
        "BU03440102": (8_570, 4_215, 4_355, 1_115, 1_285, 2_915, 1_885, 1_370, 4_925, 935, 5_025, 230),
    },
    2023: {
        "NL00": (17_811_291, 8_834_400, 8_976_891, 2_778_561, 2_172_978, 4_452_823, 4_844_671, 3_562_258,
                 8_362_108, 2_508_632, 8_612_971, 409_660),
        "GM0342": (47_345, 22_750, 24_595, 6_595, 4_730, 9_755, 12_750, 13_515, 22_930, 5_970, 23_640, 710),
        "WK034201": (21_725, 10_535, 11_190, 3_380, 2_285, 4_355, 5_970, 5_735, 9_810, 2_940, 10_055, 230),
        "BU03420101": (11_305, 5_515, 5_790, 1_920, 1_245, 2_375, 3_050, 2_715, 4_895, 1_615, 5_040, 100),
        "BU03420102": (10_420, 5_020, 5_400, 1_460, 1_040, 1_980, 2_920, 3_020, 4_915, 1_325, 5_015, 130),
        "WK034202": (25_620, 12_215, 13_405, 3_215, 2_445, 5_400, 6_780, 7_780, 13_120, 3_030, 13_585, 480),
        "BU03420201": (14_010, 6_710, 7_300, 1_820, 1_400, 3_080, 3_645, 4_065, 7_075, 1_700, 7_360, 290),
        "BU03420202": (11_525, 5_455, 6_070, 1_390, 1_035, 2_290, 3_105, 3_705, 6_000, 1_325, 6_175, 190),
        "BU03420203": (85, 50, 35, 5, 10, 30, 30, 10, 45, 5, 50, 0),
        "GM0344": (367_984, 180_680, 187_304, 62_925, 58_141, 110_395, 78_749, 57_774, 186_794, 52_302, 190_530,
                   10_304),
        "WK034401": (18_655, 9_230, 9_425, 2_125, 3_500, 6_740, 3_705, 2_585, 11_185, 1_815, 11_345, 540),
        "BU03440101": (9_990, 4_965, 5_025, 1_000, 2_200, 3_795, 1_800, 1_195, 6_205, 870, 6_265, 310),
        "BU03440102": (8_665, 4_265, 4_400, 1_125, 1_300, 2_945, 1_905, 1_390, 4_980, 945, 5_080, 230),
    },
    2024: {
        "NL00": (17_908_337, 8_882_535, 9_025_802, 2_793_700, 2_184_817, 4_477_085, 4_871_068, 3_581_667,
                 8_407_670, 2_522_301, 8_659_900, 401_870),
        "GM0342": (47_550, 22_845, 24_705, 6_625, 4_750, 9_800, 12_805, 13_570, 23_030, 5_990, 23_745, 720),
        "WK034201": (21_810, 10_575, 11_235, 3_395, 2_295, 4_370, 5_995, 5_755, 9_845, 2_950, 10_095, 230),
        "BU03420101": (11_355, 5_540, 5_815, 1_930, 1_250, 2_385, 3_065, 2_725, 4_915, 1_620, 5_065, 100),
        "BU03420102": (10_455, 5_035, 5_420, 1_465, 1_045, 1_985, 2_930, 3_030, 4_930, 1_330, 5_030, 130),
        "WK034202": (25_740, 12_270, 13_470, 3_230, 2_455, 5_430, 6_810, 7_815, 13_185, 3_040, 13_650, 490),
        "BU03420201": (14_070, 6_735, 7_335, 1_830, 1_405, 3_095, 3_660, 4_080, 7_105, 1_705, 7_390, 300),
        "BU03420202": (11_580, 5_480, 6_100, 1_395, 1_040, 2_300, 3_120, 3_725, 6_030, 1_330, 6_205, 190),
        "BU03420203": (90, 55, 35, 5, 10, 35, 30, 10, 50, 5, 55, 0),
        "GM0344": (371_393, 182_354, 189_039, 63_508, 58_680, 111_418, 79_478, 58_309, 188_524, 52_787, 192_295,
                   10_410),
        "WK034401": (18_810, 9_305, 9_505, 2_145, 3_530, 6_795, 3_735, 2_605, 11_275, 1_830, 11_440, 550),
        "BU03440101": (10_075, 5_005, 5_070, 1_010, 2_220, 3_825, 1_815, 1_205, 6_255, 875, 6_320, 320),
        "BU03440102": (8_735, 4_300, 4_435, 1_135, 1_310, 2_970, 1_920, 1_400, 5_020, 955, 5_120, 230),
    },
    # First release: bijstand not yet published.
    2026: {
        "NL00": (18_102_430, 8_978_805, 9_123_625, 2_823_979, 2_208_496, 4_525_608, 4_923_861, 3_620_486,
                 8_498_793, 2_549_638, 8_753_757, None),
        "GM0342": (47_945, 23_040, 24_905, 6_680, 4_790, 9_885, 12_910, 13_680, 23_220, 6_045, 23_940, None),
        "WK034201": (21_975, 10_660, 11_315, 3_420, 2_310, 4_405, 6_040, 5_800, 9_920, 2_975, 10_170, None),
        "BU03420101": (11_460, 5_590, 5_870, 1_950, 1_260, 2_405, 3_095, 2_750, 4_960, 1_635, 5_110, None),
        "BU03420102": (10_515, 5_070, 5_445, 1_470, 1_050, 2_000, 2_945, 3_050, 4_960, 1_340, 5_060, None),
        "WK034202": (25_970, 12_380, 13_590, 3_260, 2_480, 5_480, 6_870, 7_880, 13_300, 3_070, 13_770, None),
        "BU03420201": (14_180, 6_790, 7_390, 1_845, 1_420, 3_120, 3_685, 4_110, 7_160, 1_720, 7_445, None),
        "BU03420202": (11_695, 5_535, 6_160, 1_410, 1_050, 2_325, 3_150, 3_760, 6_090, 1_345, 6_270, None),
        "BU03420203": (95, 55, 40, 5, 10, 35, 35, 10, 50, 5, 55, None),
        "GM0344": (378_210, 185_701, 192_509, 64_674, 59_757, 113_463, 80_937, 59_379, 191_985, 53_756, 195_825,
                   None),
        "WK034401": (19_120, 9_460, 9_660, 2_180, 3_585, 6_910, 3_800, 2_645, 11_465, 1_860, 11_630, None),
        "BU03440101": (10_240, 5_090, 5_150, 1_025, 2_255, 3_890, 1_845, 1_225, 6_360, 890, 6_425, None),
        "BU03440102": (8_880, 4_370, 4_510, 1_155, 1_330, 3_020, 1_955, 1_420, 5_105, 970, 5_205, None),
    },
}
_HERKOMST_IDENTS = (
    "Herkomstland.Nederland", "Herkomstland.EuropaExclusiefNederland", "Herkomstland.BuitenEuropa",
    "GeborenInNederland.Nederland", "GeborenInNederland.EuropaExclusiefNederland", "GeborenInNederland.BuitenEuropa",
    "GeborenBuitenNederland.EuropaExclusiefNederland", "GeborenBuitenNederland.BuitenEuropa",
)
# Herkomst counts (2024 layout) in the order of _HERKOMST_IDENTS. Herkomstland adds up
# to the inhabitants; geboren in + buiten Nederland add up to each herkomstland.
_KWB_HERKOMST = {
    2024: {
        "NL00": (13_073_086, 1_790_834, 3_044_417, 13_073_086, 716_334, 1_369_988, 1_074_500, 1_674_429),
        "GM0342": (37_710, 4_305, 5_535, 37_710, 1_720, 2_490, 2_585, 3_045),
        "WK034201": (17_790, 1_850, 2_170, 17_790, 740, 980, 1_110, 1_190),
        "BU03420101": (9_425, 910, 1_020, 9_425, 365, 460, 545, 560),
        "BU03420102": (8_365, 940, 1_150, 8_365, 375, 520, 565, 630),
        "WK034202": (19_920, 2_455, 3_365, 19_920, 980, 1_510, 1_475, 1_855),
        "BU03420201": (10_695, 1_405, 1_970, 10_695, 560, 885, 845, 1_085),
        "BU03420202": (9_150, 1_040, 1_390, 9_150, 415, 625, 625, 765),
        "BU03420203": (75, 10, 5, 75, 5, 0, 5, 5),
        "GM0344": (230_264, 44_567, 96_562, 230_264, 17_827, 43_453, 26_740, 53_109),
        "WK034401": (11_085, 2_645, 5_080, 11_085, 1_060, 2_285, 1_585, 2_795),
        "BU03440101": (5_845, 1_510, 2_720, 5_845, 605, 1_225, 905, 1_495),
        "BU03440102": (5_240, 1_135, 2_360, 5_240, 455, 1_060, 680, 1_300),
    },
    2026: {
        "NL00": (13_214_774, 1_810_243, 3_077_413, 13_214_774, 724_097, 1_384_836, 1_086_146, 1_692_577),
        "GM0342": (38_015, 4_345, 5_585, 38_015, 1_740, 2_510, 2_605, 3_075),
        "WK034201": (17_920, 1_860, 2_195, 17_920, 745, 985, 1_115, 1_210),
        "BU03420101": (9_510, 915, 1_035, 9_510, 365, 465, 550, 570),
        "BU03420102": (8_410, 945, 1_160, 8_410, 380, 520, 565, 640),
        "WK034202": (20_095, 2_485, 3_390, 20_095, 995, 1_525, 1_490, 1_865),
        "BU03420201": (10_775, 1_420, 1_985, 10_775, 570, 895, 850, 1_090),
        "BU03420202": (9_240, 1_055, 1_400, 9_240, 420, 630, 635, 770),
        "BU03420203": (80, 10, 5, 80, 5, 0, 5, 5),
        "GM0344": (234_490, 45_385, 98_335, 234_490, 18_154, 44_251, 27_231, 54_084),
        "WK034401": (11_270, 2_690, 5_160, 11_270, 1_075, 2_325, 1_615, 2_835),
        "BU03440101": (5_940, 1_535, 2_765, 5_940, 615, 1_245, 920, 1_520),
        "BU03440102": (5_330, 1_155, 2_395, 5_330, 460, 1_080, 695, 1_315),
    },
}
_OLD_RATE_STEMS = (
    "WestersTotaal", "NietWestersTotaal", "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum",
    "HuishoudensTot120VanSociaalMinimum", "PercentageJongerenMetJeugdzorg", "WmoClientenRelatief", "ScholenBinnen3Km",
)
_NEW_RATE_STEMS = (
    "PersonenInArmoede", "PersonenTot25BovenArmoedegrens", "PercentageJongerenMetJeugdzorg", "WmoClientenRelatief",
    "ScholenBinnen3Km",
)
# Rates in the order of _OLD_RATE_STEMS (2022, 2023) or _NEW_RATE_STEMS (2024, 2026);
# None is a suppressed or not yet published figure.
_KWB_RATES = {
    2022: {
        "NL00": (10, 14, 7.6, 6.1, 9.8, 9.9, 74.2, 15.8),
        "GM0342": (9, 6, 5.3, 4.4, 6.9, 10.4, 69.8, 11.6),
        "WK034201": (8, 5, 4.1, 3.5, 5.4, 10.9, 61.3, 10.2),
        "BU03420101": (8, 4, 3.8, 3.2, 5.0, 11.2, 58.7, 9.8),
        "BU03420102": (9, 6, 4.5, 3.9, 5.9, 10.5, 64.1, 10.6),
        "WK034202": (10, 7, 6.2, 5.1, 8.1, 10.0, 77.0, 12.8),
        "BU03420201": (10, 8, None, 5.9, 9.3, 9.6, 81.4, 13.1),
        "BU03420202": (9, 7, 5.6, 4.6, 7.2, 10.4, 72.0, 12.5),
        "BU03420203": (6, 6, None, None, None, None, None, 14.0),
        "GM0344": (11, 22, 11.2, 8.9, 13.6, 9.1, 68.5, 24.7),
        "WK034401": (14, 15, 13.8, 10.6, 16.0, 8.4, 59.2, 31.5),
        "BU03440101": (15, 14, 15.1, 11.7, 17.5, 7.9, 55.0, 33.0),
        "BU03440102": (13, 16, 12.3, 9.4, 14.4, 8.9, 64.0, 29.8),
    },
    # Income not yet published when the 2023 table came out.
    2023: {
        "NL00": (11, 14, None, None, None, 10.1, 75.6, 15.9),
        "GM0342": (9, 7, None, None, None, 10.6, 71.2, 11.7),
        "WK034201": (8, 5, None, None, None, 11.0, 62.4, 10.2),
        "BU03420101": (8, 5, None, None, None, 11.4, 59.9, 9.8),
        "BU03420102": (9, 6, None, None, None, 10.6, 65.0, 10.7),
        "WK034202": (10, 8, None, None, None, 10.3, 78.5, 12.9),
        "BU03420201": (10, 8, None, None, None, 9.9, 83.1, 13.2),
        "BU03420202": (10, 7, None, None, None, 10.7, 73.2, 12.6),
        "BU03420203": (6, 6, None, None, None, None, None, 14.1),
        "GM0344": (12, 22, None, None, None, 9.3, 69.7, 24.9),
        "WK034401": (14, 15, None, None, None, 8.6, 60.1, 31.6),
        "BU03440101": (15, 14, None, None, None, 8.1, 55.8, 33.1),
        "BU03440102": (13, 16, None, None, None, 9.1, 65.2, 29.9),
    },
    # Provisional income ("Voorlopige cijfers."): published, suppressed in two buurten.
    2024: {
        "NL00": (5.1, 3.9, 10.2, 76.1, 16.0),
        "GM0342": (3.2, 2.6, 10.7, 71.9, 11.7),
        "WK034201": (2.4, 2.1, 11.1, 62.9, 10.2),
        "BU03420101": (2.1, 1.9, 11.5, 60.3, 9.8),
        "BU03420102": (2.8, 2.4, 10.7, 65.6, 10.7),
        "WK034202": (3.9, 3.1, 10.4, 79.2, 12.9),
        "BU03420201": (None, 3.5, 10.0, 83.8, 13.2),
        "BU03420202": (3.6, 2.8, 10.8, 73.9, 12.6),
        "BU03420203": (None, None, None, None, 14.1),
        "GM0344": (8.4, 5.6, 9.4, 70.3, 25.0),
        "WK034401": (10.9, 6.8, 8.7, 60.6, 31.7),
        "BU03440101": (12.0, 7.4, 8.2, 56.3, 33.1),
        "BU03440102": (9.7, 6.1, 9.2, 65.8, 30.0),
    },
    # First release: income, jeugdzorg and Wmo not yet published.
    2026: {
        "NL00": (None, None, None, None, 16.0),
        "GM0342": (None, None, None, None, 11.8),
        "WK034201": (None, None, None, None, 10.3),
        "BU03420101": (None, None, None, None, 9.9),
        "BU03420102": (None, None, None, None, 10.8),
        "WK034202": (None, None, None, None, 13.0),
        "BU03420201": (None, None, None, None, 13.3),
        "BU03420202": (None, None, None, None, 12.7),
        "BU03420203": (None, None, None, None, 14.2),
        "GM0344": (None, None, None, None, 25.1),
        "WK034401": (None, None, None, None, 31.8),
        "BU03440101": (None, None, None, None, 33.2),
        "BU03440102": (None, None, None, None, 30.1),
    },
}
_KWB_MODIFIED = {
    2022: "2023-06-29T02:00:00", 2023: "2024-07-31T02:00:00", 2024: "2025-06-30T02:00:00",
    2026: "2026-08-28T02:00:00",
}


def kwb_files(year: int) -> dict[str, list[dict]]:
    """Kerncijfers wijken en buurten ``year`` (2022, 2023, 2024 or the first release 2026) as served by CBS."""
    if year not in KWB_TABLES:
        raise ValueError(f"no KWB recording for {year}; recorded: {sorted(KWB_TABLES)}")
    geo = {
        "odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
        "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten",
        "Description": f"Nederland, gemeenten, wijken en buurten volgens de indeling op 1 januari {year}.",
        "MapYear": str(year), "ReleasePolicy": True,
    }
    table = _Table([geo], _KWB_TREE, year, _KWB_PROVISIONAL_GROUPS.get(year, frozenset()))
    properties, columns = _data_properties(table)
    rate_stems = _OLD_RATE_STEMS if year in _OLD_LAYOUT else _NEW_RATE_STEMS
    rows = []
    for row_id, (code, _title, level, gemeente, _municipality) in enumerate(_KWB_REGIONS):
        figures = dict(zip(_COUNT_STEMS, _KWB_COUNTS[year][code], strict=True))
        figures.update(zip(rate_stems, _KWB_RATES[year][code], strict=True))
        if year in _KWB_HERKOMST:
            figures.update(zip(_HERKOMST_IDENTS, _KWB_HERKOMST[year][code], strict=True))
        figures.update(
            Gemeentenaam=gemeente.ljust(40), SoortRegio=level.ljust(10), Codering=code.ljust(10),
            IndelingswijzigingGemeenteWijkBuurt="1",
        )
        row = {"ID": row_id, "WijkenEnBuurten": code.ljust(10)}
        row.update({key: figures[topic.ident] for key, topic in columns})
        rows.append(row)
    title = f"Kerncijfers wijken en buurten {year}"
    return {
        "TableInfos": _table_infos(
            Title=title, ShortTitle=title, Identifier=KWB_TABLES[year], Period=str(year),
            Summary=f"Kerncijfers over bevolking, huishoudens, wonen, inkomen, sociale zekerheid, zorg en "
                    f"nabijheid van voorzieningen per wijk en buurt, {year}.",
            ShortDescription="De cijfers zijn definitief, tenzij in de toelichting bij het onderwerp staat dat "
                             "het om voorlopige cijfers gaat.",
            Modified=_KWB_MODIFIED[year], MetaDataModified=_KWB_MODIFIED[year],
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
_RIVM_EDITION = 2024  # "indeling 2024": one table holds every measurement year
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
    number: int  # the real key is f"{stem}_{number}"
    title: str
    group: str
    base: float  # % of adults, Nederland 2022
    elderly: float  # 65+ minus 18-64, percentage points
    deprivation: float  # points per unit of the region's deprivation index
    trend: float  # points per year


_RIVM_GROUPS = [
    _Group("Regioaanduiding", "Regioaanduiding"),
    _Group("GezondheidEnBeperkingen", "Gezondheid en beperkingen"),
    _Group("PsychischeGezondheid", "Psychische gezondheid"),
    _Group("Eenzaamheid", "Eenzaamheid"),
    _Group("MantelzorgEnVrijwilligerswerk", "Mantelzorg en vrijwilligerswerk"),
    _Group("FinancieleSituatie", "Financiële situatie"),
    _Group("Leefstijl", "Leefstijl"),
    _Group("Wonen", "Wonen en woonomgeving"),
]
# A subset of the 57 indicators, with their real keys and numbers.
_RIVM_TOPICS = [
    _Health("GoedErvarenGezondheid", 4, "Goed ervaren gezondheid", "GezondheidEnBeperkingen", 77.2, -14.0, -4.0, -0.3),
    _Health("EenOfMeerLangdurigeAandoeningen", 5, "Eén of meer langdurige aandoeningen", "GezondheidEnBeperkingen",
            58.3, 22.0, 2.0, 0.3),
    _Health("HoogRisicoAngststoornisOfDepressie", 14, "Hoog risico op angststoornis of depressie",
            "PsychischeGezondheid", 8.2, -3.0, 2.5, 0.3),
    _Health("HeelVeelStressAfg4Weken", 17, "Heel veel stress afgelopen 4 weken", "PsychischeGezondheid",
            15.5, -8.0, 2.5, 0.4),
    _Health("LageVeerkracht", 22, "Lage veerkracht", "PsychischeGezondheid", 15.8, -4.0, 3.0, 0.2),
    _Health("MatigVeelRegieOverHetEigenLeven", 24, "Matig veel regie over het eigen leven", "PsychischeGezondheid",
            86.0, -3.0, -3.0, -0.1),
    _Health("Eenzaam", 25, "Eenzaam", "Eenzaamheid", 49.3, 4.0, 4.0, 0.5),
    _Health("SterkEenzaam", 26, "Sterk eenzaam", "Eenzaamheid", 11.6, 0.5, 2.5, 0.2),
    _Health("Mantelzorger", 30, "Mantelzorger", "MantelzorgEnVrijwilligerswerk", 14.0, 3.0, -1.0, -0.1),
    _Health("Vrijwilligerswerk", 31, "Vrijwilligerswerk", "MantelzorgEnVrijwilligerswerk", 29.3, 6.0, -5.0, -0.2),
    _Health("MoeiteMetRondkomen", 32, "Moeite met rondkomen", "FinancieleSituatie", 18.6, -5.0, 6.0, 0.6),
    _Health("Overgewicht", 33, "Overgewicht", "Leefstijl", 50.2, 9.0, 3.0, 0.2),
    _Health("RooktTabak", 35, "Rookt tabak", "Leefstijl", 17.9, -8.0, 3.5, -0.4),
    _Health("VoldoetAanDeBeweegrichtlijn", 40, "Voldoet aan de beweegrichtlijn", "Leefstijl", 47.9, -6.0, -3.0, 0.2),
    _Health("TevredenMetDeWoning", 56, "Tevreden met de woning", "Wonen", 86.5, 3.0, -4.0, 0.0),
]
_NOT_ASKED = {"HeelVeelStressAfg4Weken": (2012, 2016), "LageVeerkracht": (2012, 2016, 2020)}
_SUPPRESSED_AGE = {"BU03420101": "80200"}  # too few 65+ respondents: every topic, every margin


def _rivm_tree() -> list:
    """The topics in order, each group heading just before its first topic."""
    groups = {group.key: group for group in _RIVM_GROUPS}
    tree: list = [groups["Regioaanduiding"]]
    for n, (stem, title) in enumerate((("Gemeentenaam", "Gemeentenaam"), ("SoortRegio", "Soort regio"),
                                       ("Codering", "Codering")), start=1):
        tree.append(_Topic(stem, title, "String", "", 0, "Regioaanduiding", {_RIVM_EDITION: n}))
    for health in _RIVM_TOPICS:
        if groups[health.group] not in tree:
            tree.append(groups[health.group])
        tree.append(_Topic(health.stem, health.title, "Double", "%", 1, health.group, {_RIVM_EDITION: health.number}))
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
    properties, columns = _data_properties(_Table(dimensions, _rivm_tree(), _RIVM_EDITION))
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
# GMSD: Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken
# --------------------------------------------------------------------------------------

_GMSD_YEARS = (2023, 2024, 2025)
_GMSD_IDS = {**GMSD_TABLES, **GMSD_CATALOG_ONLY}
_GMSD_TITLES = {
    2023: "Gebruik voorzieningen sociaal domein; aantal voorzieningen wijken, 2023",  # sic: CBS wrote no comma
    2024: "Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken, 2024",
    2025: "Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken, 2025",
}
_GMSD_MODIFIED = {2023: "2024-10-31T02:00:00", 2024: "2025-04-30T02:00:00", 2025: "2026-04-30T02:00:00"}
_GMSD_WIDTH = 8  # the longest code of the Wijken dimension
# code, code-list title, SoortRegio, Gemeentenaam, municipality
_GMSD_REGIONS = [
    ("NL01", "Nederland", "Land", "Nederland", None),
    ("GM0342", "Soest", "Gemeente", "Soest", "GM0342"),
    ("WK034201", "Boerenstreek", "Wijk", "Soest", "GM0342"),
    ("WK034202", "De Eng Soest-midden", "Wijk", "Soest", "GM0342"),
    ("GM0344", "Utrecht", "Gemeente", "Utrecht", "GM0344"),
    ("WK034401", "Binnenstad  ", "Wijk", "Utrecht", "GM0344"),
]
# Cliënten with any number of voorzieningen in the whole year 2023, per combination in the
# order of GMSD_SOORTEN[1:] (Alleen Jeugd ... Jeugd, P-wet en Wmo). GM0342 is the sum of
# its two wijken; the other years and periods follow from the factors below.
_GMSD_BASE = {
    "NL01": (345_210, 318_455, 911_880, 18_340, 52_615, 71_905, 6_830),
    "WK034201": (610, 215, 1_480, 0, 95, 60, 5),
    "WK034202": (705, 390, 1_925, 15, 120, 105, 10),
    "GM0344": (12_480, 9_215, 21_760, 610, 1_345, 2_460, 185),
    "WK034401": (420, 385, 910, 25, 45, 110, 10),
}
_GMSD_GROWTH = {2023: 1.0, 2024: 1.04, 2025: 1.07}
_GMSD_PERIOD_SHARE = {"JJ00": 1.0, "HJ01": 0.86, "HJ02": 0.88}  # a half-year counts fewer cliënten than the year
_GMSD_HOUSEHOLDS = (0.80, 0.95, 0.90, 0.85, 0.85, 0.85, 0.85)  # huishoudens per cliënt, per combination
_GMSD_ONE = (0.72, 0.80, 0.66, 0.0, 0.0, 0.0, 0.0)  # share with exactly 1 maatwerkvoorziening; a combination has 2+
_GMSD_SUPPRESS_BELOW = 10  # in a wijk a count 0 < n < 10 is not published; 0 is


def _gmsd_figures(year: int) -> dict[tuple[str, str, str, str], list[int]]:
    """(aantal key, region code, period suffix, stem) -> the seven combinations, rounded, before suppression."""
    figures = {}
    for aantal_index, (aantal, _title) in enumerate(GMSD_AANTAL):
        for suffix, share in _GMSD_PERIOD_SHARE.items():
            for stem, per_client in (("ClientenMetVoorzieningen", (1.0,) * 7),
                                     ("HuishoudensMetVoorzieningen", _GMSD_HOUSEHOLDS)):
                for code, base in _GMSD_BASE.items():
                    figures[aantal, code, suffix, stem] = [
                        _round5(value * _GMSD_GROWTH[year] * share * per_client[i]
                                * (_GMSD_ONE[i] if aantal_index else 1.0))
                        for i, value in enumerate(base)
                    ]
                figures[aantal, "GM0342", suffix, stem] = [
                    a + b for a, b in zip(figures[aantal, "WK034201", suffix, stem],
                                          figures[aantal, "WK034202", suffix, stem], strict=True)
                ]
    return figures


def gmsd_files(year: int) -> dict[str, list[dict]]:
    """"Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken" ``year`` (2023, 2024 or 2025)."""
    if year not in _GMSD_IDS:
        raise ValueError(f"no GMSD recording for {year}; recorded: {sorted(_GMSD_IDS)}")
    dimensions = [
        {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
         "Key": "AantalVoorzieningen", "Title": "Aantal voorzieningen",
         "Description": "Het aantal verschillende maatwerkvoorzieningen in het sociaal domein van een cliënt."},
        {"odata.type": "Cbs.OData.Dimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "Dimension",
         "Key": "SoortVoorzieningSociaalDomein", "Title": "Soort voorziening sociaal domein",
         "Description": "De combinatie van jeugdhulp (Jeugd), bijstand (P-wet) en Wmo-maatwerkvoorzieningen."},
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 2, "Position": 2, "ParentID": None, "Type": "GeoDimension",
         "Key": "Wijken", "Title": "Wijken", "Description": f"Nederland, gemeenten en wijken, indeling {year}.",
         "MapYear": str(year), "ReleasePolicy": True},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 3, "Position": 3, "ParentID": None, "Type": "TimeDimension",
         "Key": "Perioden", "Title": "Perioden", "Description": None},
    ]
    tree = [
        _Group("Regioaanduiding", "Regioaanduiding"),
        _Topic("Gemeentenaam", "Gemeentenaam", "String", "", 0, "Regioaanduiding", {year: 1}),
        _Topic("SoortRegio", "Soort regio", "String", "", 0, "Regioaanduiding", {year: 2}),
        _Topic("Codering", "Codering", "String", "", 0, "Regioaanduiding", {year: 3}),
        _Topic("IndelingswijzeWijken", "Indelingswijze wijken", "String", "", 0, "Regioaanduiding", {year: 4},
               "1 = wijkindeling van de Wijk- en Buurtkaart van CBS."),
        _Group("SociaalDomeinClientenHuishoudens", "Sociaal domein cliënten/huishoudens"),
        _Topic("ClientenMetVoorzieningen", "Cliënten met voorzieningen", "Long", "aantal", 0,
               "SociaalDomeinClientenHuishoudens", {year: 5},
               "Personen met minstens één maatwerkvoorziening in de periode. Afgerond op vijftallen."),
        _Topic("HuishoudensMetVoorzieningen", "Huishoudens met voorzieningen", "Long", "aantal", 0,
               "SociaalDomeinClientenHuishoudens", {year: 6},
               "Huishoudens met minstens één lid met een maatwerkvoorziening in de periode. Afgerond op vijftallen."),
    ]
    properties, columns = _data_properties(_Table(dimensions, tree, year))
    figures = _gmsd_figures(year)
    rows = []
    for aantal, _aantal_title in GMSD_AANTAL:
        for soort_index, (soort, _soort_title) in enumerate(GMSD_SOORTEN):
            for code, _title, level, gemeente, _municipality in _GMSD_REGIONS:
                for period, _period_title, _status in GMSD_PERIODS[year]:
                    row = {
                        "ID": len(rows), "AantalVoorzieningen": aantal, "SoortVoorzieningSociaalDomein": soort,
                        "Wijken": code.ljust(_GMSD_WIDTH), "Perioden": period,
                        "Gemeentenaam_1": gemeente.ljust(40), "SoortRegio_2": level.ljust(10),
                        "Codering_3": code.ljust(_GMSD_WIDTH),
                        "IndelingswijzeWijken_4": "1" if level == "Wijk" else None,
                    }
                    for key, topic in columns[4:]:
                        combinations = figures[aantal, code, period[4:], topic.stem]
                        value = sum(combinations) if soort_index == 0 else combinations[soort_index - 1]
                        if level == "Wijk" and 0 < value < _GMSD_SUPPRESS_BELOW:
                            value = None
                        row[key] = value
                    rows.append(row)
    return {
        "TableInfos": _table_infos(
            Title=_GMSD_TITLES[year], ShortTitle="Voorzieningen sociaal domein; wijken", Identifier=_GMSD_IDS[year],
            Period=str(year), Frequency="Per half jaar",
            Summary="Cliënten en huishoudens met een maatwerkvoorziening voor jeugd, participatiewet of Wmo, "
                    "naar aantal en combinatie van voorzieningen, per wijk.",
            ShortDescription="Aantallen zijn afgerond op vijftallen; in een wijk worden aantallen kleiner dan 10 "
                             "niet getoond. Cijfers met * zijn voorlopig.",
            Modified=_GMSD_MODIFIED[year], MetaDataModified=_GMSD_MODIFIED[year],
            Source="CBS, Gemeentelijke Monitor Sociaal Domein (fictieve testcijfers).",
            RecordCount=len(rows), ColumnCount=len(columns) + 4,
        ),
        "UntypedDataSet": _untyped(rows, columns),
        "TypedDataSet": rows,
        "DataProperties": properties,
        "CategoryGroups": [],
        "AantalVoorzieningen": [
            {"Key": key, "Title": title, "Description": None, "CategoryGroupID": None} for key, title in GMSD_AANTAL
        ],
        "SoortVoorzieningSociaalDomein": [
            {"Key": key, "Title": title, "Description": None, "CategoryGroupID": None} for key, title in GMSD_SOORTEN
        ],
        "Wijken": [
            {"Key": code.ljust(_GMSD_WIDTH), "Title": region_title, "Description": None,
             "Municipality": municipality, "DimensionGroupId": _LEVEL_GROUP[level]}
            for code, region_title, level, _gemeente, municipality in _GMSD_REGIONS
        ],
        "Perioden": [
            {"Key": key, "Title": title, "Description": None, "Status": status}
            for key, title, status in GMSD_PERIODS[year]
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


_GMSD_SUMMARY = "Cliënten en huishoudens met voorzieningen in het sociaal domein per wijk"
# KWB: the plain "Kerncijfers wijken en buurten YYYY" rows are the year tables (all
# served). GMSD: the "...; aantal voorzieningen[,] wijken, YYYY" rows are the year
# tables; 2021 is not served, 2025 is served but not in GMSD_TABLES. Everything else
# is realistic noise a title match must not pick.
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
    _catalog_row(5, "85984NED", "Kerncijfers wijken en buurten 2024", "2024", _KWB_MODIFIED[2024],
                 "Kerncijfers per wijk en buurt, 2024."),
    _catalog_row(6, "85999NED", "Kerncijfers wijken en buurten 2024 (gewijzigd)", "2024", "2025-02-14T02:00:00",
                 "Gecorrigeerde uitgave van de kerncijfers per wijk en buurt, 2024."),
    _catalog_row(7, "86012NED", "Jeugdzorg; jongeren met jeugdzorg, wijken en buurten 2024", "2024",
                 "2025-05-15T02:00:00", "Jongeren met jeugdzorg per wijk en buurt."),
    _catalog_row(8, "86400NED", "Kerncijfers wijken en buurten 2026", "2026", _KWB_MODIFIED[2026],
                 "Kerncijfers per wijk en buurt, 2026. Nog niet alle onderwerpen zijn gevuld."),
    _catalog_row(9, "03759ned", "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
                 "1988 - 2024", "2024-10-02T02:00:00", "Bevolking naar geslacht, leeftijd en regio.",
                 frequency="Per jaar"),
    _catalog_row(10, "86195NED", "Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken, 2021", "2021",
                 "2022-10-31T02:00:00", f"{_GMSD_SUMMARY}, 2021.", frequency="Per half jaar"),
    _catalog_row(11, "85637NED", _GMSD_TITLES[2023], "2023", _GMSD_MODIFIED[2023], f"{_GMSD_SUMMARY}, 2023.",
                 frequency="Per half jaar"),
    _catalog_row(12, "85994NED", _GMSD_TITLES[2024], "2024", _GMSD_MODIFIED[2024], f"{_GMSD_SUMMARY}, 2024.",
                 frequency="Per half jaar"),
    _catalog_row(13, "86402NED", _GMSD_TITLES[2025], "2025", _GMSD_MODIFIED[2025], f"{_GMSD_SUMMARY}, 2025.",
                 frequency="Per half jaar"),
    _catalog_row(14, "85098NED", "Gebruik voorzieningen sociaal domein; persoonskenmerken", "2015 - 2024",
                 "2025-04-30T02:00:00", "Cliënten met voorzieningen in het sociaal domein naar persoonskenmerken.",
                 frequency="Per half jaar"),
    _catalog_row(15, "85231NED", "Gebruik voorzieningen sociaal domein; aantal voorzieningen, regio", "2015 - 2024",
                 "2025-04-30T02:00:00", "Cliënten met voorzieningen in het sociaal domein per gemeente.",
                 frequency="Per half jaar"),
    _catalog_row(16, "86158NED", "Wmo-cliënten; type maatwerkvoorziening, wijken, 2025", "2025",
                 "2026-04-30T02:00:00", "Wmo-cliënten naar type maatwerkvoorziening per wijk.",
                 frequency="Per half jaar"),
    _catalog_row(17, "86204NED", "Jongeren met jeugdzorg; vorm, wijken, 2025", "2025", "2026-04-30T02:00:00",
                 "Jongeren met jeugdzorg naar vorm per wijk.", frequency="Per half jaar"),
]


def serve_all(server) -> None:
    """Put every recording on a StatLineServer: KWB 2022, 2023, 2024 and 2026, RIVM 50150NED,
    GMSD 2023, 2024 and the catalog-only 2025, and the catalog."""
    for year, table_id in KWB_TABLES.items():
        server.add_table(table_id, kwb_files(year))
    server.add_table(RIVM_TABLE, rivm_files())
    for year, table_id in _GMSD_IDS.items():
        server.add_table(table_id, gmsd_files(year))
    server.catalog_tables = [dict(row) for row in CATALOG_TABLES]
