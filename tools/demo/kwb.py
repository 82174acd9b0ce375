"""Deterministic generator for the FICTIONAL Kerncijfers wijken en buurten demo tables in data/raw/demo/cbs.

Run: ``python -m tools.demo.kwb [--out DIR]`` (default DIR is
``data/raw/demo`` in the project root). Standard library plus the table
registry of pipelines.sources.cbs_kwb and the project paths of monitor.paths.

What it produces
----------------
For each year 2019-2025 one CBS table "Kerncijfers wijken en buurten <year>"
(2019 84583NED, 2020 84799NED, 2021 85039NED, 2022 85318NED, 2023 85618NED,
2024 85984NED, 2025 86165NED; the ids come from KWB_TABLES) for gemeente
Soest (GM0342), laid out exactly as the client ``cbsodata`` 1.3.5 leaves it
on disk after ``cbsodata.download_data(table_id, dir=D)``: one JSON file per
OData sub-table holding the list that was the ``value`` of the OData
response, written with ``json.dump(obj, fp, indent=2)`` (what cbsodata
1.3.5's ``_save_data`` does)::

    DIR/cbs/<table_id>/TableInfos.json
    DIR/cbs/<table_id>/DataProperties.json
    DIR/cbs/<table_id>/TypedDataSet.json
    DIR/cbs/<table_id>/WijkenEnBuurten.json
    DIR/cbs/<table_id>/CategoryGroups.json
    DIR/cbs/<table_id>/manifest.json      (ours, not cbsodata's: provenance + sha256 per file)

Rows: Nederland (NL00), Soest (GM0342), its 8 wijken (WK034201..WK034208, real
wijk names) and 34 invented buurten (BU034201yy), and five referentiegemeenten
near Soest (REFERENTIEGEMEENTEN: real codes and names, gemeente rows only, as the
national table holds every gemeente; their FICTIONAL figures are a mix of Soest's
wijken scaled to a plausible size). No provincie rows: the real table publishes
Nederland, gemeenten, wijken and buurten only. Codes are right-padded to 10
characters, Gemeentenaam_1 to 40, SoortRegio_2 to 10, as CBS does.

ALL FIGURES ARE FICTIONAL. They are plausible in size and trend but are not
CBS statistics and must never be presented as facts about Soest. Only the
table LAYOUTS imitate the real tables.

Topic keys: which are real, which reconstructed
-----------------------------------------------
A topic key is ``<Stem>_<n>``, n = the topic's column position (topics only,
not groups or the dimension). The generator writes a selection of the real
topics; left-out topics leave gaps in n, so every key it does write has the
number it has (or is believed to have) in the real table. Each table starts
with the dimension WijkenEnBuurten (GeoDimension, ID 0), then TopicGroups and
Topics in table order.

Real, from /work/shared/reference/statline-real-layouts.md (public CBS
material) and the project's brief:

- every year: Gemeentenaam_1, SoortRegio_2, Codering_3, AantalInwoners_5,
  Mannen_6, Vrouwen_7, k_0Tot15Jaar_8 .. k_65JaarOfOuder_12, Ongehuwd_13 ..
  Verweduwd_16; key 4 is IndelingswijzigingWijkenEnBuurten_4 up to 2021 and
  IndelingswijzigingGemeenteWijkBuurt_4 from 2022;
- 2019 (84583NED): the whole layout of 2018/2019 as in the reference:
  WestersTotaal_17 .. OverigNietWesters_23, GeboorteTotaal_24 ..
  SterfteRelatief_27, HuishoudensTotaal_28 .. GemiddeldeHuishoudensgrootte_32,
  Bevolkingsdichtheid_33, Woningvoorraad_34, GemiddeldeWoningwaarde_35,
  Koopwoningen_40 .. InBezitWoningcorporatie_42, electricity
  GemiddeldElektriciteitsverbruikTotaal_47 + Appartement_48 .. EigenWoning_54,
  gas GemiddeldAardgasverbruikTotaal_55 + Appartement_56 .. EigenWoning_62,
  Nettoarbeidsparticipatie_64 .. PercentageZelfstandigen_66, income 67-79,
  uitkeringen 80-83, jeugdzorg/Wmo 84-87, BedrijfsvestigingenTotaal_91,
  afstanden 105-109, OppervlakteTotaal_110 .. Omgevingsadressendichtheid_116;
- 2022/2023: GemiddeldeWOZWaardeVanWoningen_35; 2023 (85618NED):
  HuishoudensMetEenLaagInkomen_87, HuishOnderOfRondSociaalMinimum_88,
  HuishoudensTot110VanSociaalMinimum_89, HuishoudensTot120VanSociaalMinimum_90,
  MediaanVermogenVanParticuliereHuish_91, PersonenPerSoortUitkeringBijstand_92;
- 2024 (85984NED) and 2025 (86165NED), one layout: herkomst Nederland_17,
  EuropaExclusiefNederland_18, BuitenEuropa_19, Nederland_20,
  EuropaExclusiefNederland_21, BuitenEuropa_22, EuropaExclusiefNederland_23,
  BuitenEuropa_24, GeboorteTotaal_25 .. SterfteRelatief_28,
  HuishoudensTotaal_29 .. GemiddeldeHuishoudensgrootte_33,
  Bevolkingsdichtheid_34, Woningvoorraad_35, NieuwbouwWoningen_36,
  GemiddeldeWOZWaardeVanWoningen_39, Koopwoningen_47, HuurwoningenTotaal_48,
  InBezitWoningcorporatie_49, Nettoarbeidsparticipatie_71, income 76-86
  (with PersonenInArmoede_81, PersonenTot25BovenArmoedegrens_82 and the
  renamed GemGestandaardiseerdInkomen_83), uitkeringen 87-90,
  jeugdzorg/Wmo 91-94, BedrijfsvestigingenTotaal_95, afstanden 110-114,
  OppervlakteTotaal_115 .. Omgevingsadressendichtheid_121.

Reconstructed (plausible, consistent with the anchors above; partly after
keys that public scripts querying these tables use, not checked against
cbs.nl itself):

- 2020 and 2021 (84799NED, 85039NED) share one layout: 2019 plus
  Opleidingsniveau (64-66, not generated), without the three crime topics,
  so arbeid 67-69, income 70-82, uitkeringen 83-86, zorg 87-90,
  Bedrijfsvestigingen 91, personenauto's 99/102, afstanden 105-109,
  oppervlakte 110-112, stedelijkheid 115-116; the WOZ stem is
  GemiddeldeWOZWaardeVanWoningen_35 from 2020;
- 2022 (85318NED): as 2020/2021 plus one more business sector, so
  everything from the personenauto's on is one further (100/103, 106-110,
  111-113, 116-117);
- 2023 (85618NED): 17-35 as 2022 (the brief keeps the migration percentages
  and WOZ _35 for 2023), a gap at 36, woning topics 37-44, electricity
  GemiddeldeElektriciteitsleveringTotaal_48 + 49-55, gas 56 + 57-63,
  stadsverwarming 64, arbeid 74/75/78, income 79-91, uitkeringen 92-95,
  zorg 96-99, Bedrijfsvestigingen 100, personenauto's 109/112, afstanden
  115-119, oppervlakte 120-122, stedelijkheid 125-126. (Public scripts
  suggest the real 85618NED already has herkomst 17-24 and
  GemiddeldeWOZWaardeVanWoningen_36; this demo follows the project's
  reference instead.)
- the TopicGroups, their keys and titles, and the positions of the topics
  between the anchors (woning percentages, energy totals and stadsverwarming,
  PercentageWerknemers/-Zelfstandigen, PersonenautoS*, AfstandTot* other
  than the anchors, OppervlakteLand/-Water, MateVanStedelijkheid). The
  herkomst group titles "Herkomstland", "Geboren in Nederland" and "Geboren
  buiten Nederland" (nested in a group "Herkomst") are our reconstruction too.

Quirks of the real tables imitated on purpose
---------------------------------------------
- keys shift between years on the same stem (HuishoudensTotaal_28 in
  2019-2023, _29 in 2024-2025; GemiddeldInkomenPerInwoner_69, _72, _72, _72,
  _81, _78, _78);
- the SAME stem appears more than once in one table: Appartement ..
  EigenWoning under "Gemiddeld elektriciteitsverbruik" (kWh) and again under
  "Gemiddeld aardgasverbruik" (m³) in 2019-2023; Nederland,
  EuropaExclusiefNederland and BuitenEuropa under three herkomst groups in
  2024-2025. Only the key (with its number) and the group tell them apart;
- stems are renamed: GemiddeldeWoningwaarde (2019) ->
  GemiddeldeWOZWaardeVanWoningen; GemGestandaardiseerdInkomenVanHuish ->
  GemGestandaardiseerdInkomen (2024); IndelingswijzigingWijkenEnBuurten ->
  IndelingswijzigingGemeenteWijkBuurt (2022);
- concepts change: migration background (2019-2023) is a PERCENTAGE of the
  inhabitants (Unit "%", Long, 0 decimals); herkomst (2024-2025) is a COUNT.
  The household low-income indicators (HuishoudensMetEenLaagInkomen,
  HuishOnderOfRondSociaalMinimum, HuishoudensTot110/Tot120VanSociaalMinimum)
  end with 2023; PersonenInArmoede and PersonenTot25BovenArmoedegrens
  (persons, poverty line of CBS/SCP/Nibud) start in 2024: a break in the
  series, not a missing year;
- jeugdzorg figures count young people up to 23 years;
- provisional figures are marked per topic, as CBS does in the topic
  explanation, never in TableInfos (Status is "Regulier" in every table): in
  85984NED (2024) the Inkomen group and every income topic say "Voorlopige
  cijfers."; in 86165NED (2025) every topic of Inkomen, Sociale zekerheid and
  Zorg is empty in every row and says "Deze cijfers worden later in het jaar
  toegevoegd.";
- wijk WK034206 is titled "Soestdijk-'t Hart" in 2019-2021 and
  "Soestdijk 't Hart" from 2022 (latest name wins); two buurt titles carry
  trailing spaces;
- counts for wijken and buurten are rounded to multiples of 5, uitkeringen
  (PersonenPerSoortUitkering*) to multiples of 10; gemeente and Nederland are
  exact. A count that rounds to 0 is written as 0 (as CBS does), so a 0 there
  is "fewer than 5" (or 10), not a true zero. Percentages and averages are
  computed from the unrounded counts;
- secret figures are null, never 0: buurt "Vliegbasis" (< 200 inwoners:
  the relative figures, energy, arbeid, income, uitkeringen and zorg; its
  counts, density, distances, area and urbanity stay) and 3-5 random buurt
  cells per table. Nothing else is null, except the not-yet-published block
  of the 2025 table.

Determinism: every random draw comes from ``random.Random`` seeded through
sha256 of a fixed label (rng_for), and only ``Random.random()`` is used (its
sequence is stable across Python versions). No clock is read; the manifest
carries a fixed ``retrieved_at``. Running the script twice yields
byte-identical files. The random streams behind the quantities that other
generators use (pop, ages, hh, laag_n, inc_sum) are the same as before the
2025 table was added; the newer quantities draw from streams of their own.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
from pathlib import Path

from monitor.paths import DEFAULT_RAW_DIR
from pipelines.sources.cbs_kwb import KWB_TABLES

DEFAULT_OUT = DEFAULT_RAW_DIR / "demo"  # the same directory as pipelines.demo.DEFAULT_DEMO_DIR

SEED = "monitor-sociaal-domein-demo-v1"
RETRIEVED_AT = "2025-01-15T00:00:00Z"  # the fixed retrieval time other demo generators use
# This generator's own tables are "retrieved" after the 2025 table's first release.
KWB_RETRIEVED_AT = "2025-10-15T00:00:00Z"
CATALOG_URL = "demo (fictief, gegenereerd door tools/demo/kwb.py)"
CBSODATA_JSON_INDENT = 2  # cbsodata 1.3.5, cbsodata3._save_data: json.dump(data, f, indent=2)

DEMO_YEARS = range(2019, 2026)
TABLES = {year: KWB_TABLES[year] for year in DEMO_YEARS}  # the real table ids, one registry
YEARS = tuple(sorted(TABLES))
PROVISIONAL_YEAR = 2024  # income figures provisional ("Voorlopige cijfers." per topic)
LATER_YEAR = 2025  # income, sociale zekerheid and zorg not yet published: empty columns
MODIFIED = {
    2019: "2020-07-29T02:00:00",
    2020: "2021-06-30T02:00:00",
    2021: "2022-07-28T02:00:00",
    2022: "2023-06-29T02:00:00",
    2023: "2024-07-31T02:00:00",
    2024: "2024-11-29T02:00:00",
    2025: "2025-09-30T02:00:00",
}
PROVISIONAL_NOTE = "Voorlopige cijfers."
LATER_NOTE = "Deze cijfers worden later in het jaar toegevoegd."

GEMEENTE_CODE = "GM0342"
GEMEENTE_NAME = "Soest"
NATIONAL_CODE = "NL00"

# --------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------
# Wijk profile (2019 starting point; every value drifts per year):
#   pop: inhabitants, p65: share 65+, hhs: household size, laag: % households with a
#   low income, laag_drift: pp per year (+ = worsening), inc: income per inhabitant
#   (x 1 000 euro), woz (x 1 000 euro), jz: % youth with jeugdzorg, wmo: Wmo clients
#   per 1 000, nw: share non-western migration background, scholen/afstand: proximity,
#   area: hectares, growth: extra yearly population growth.
WIJKEN = [
    {
        "code": "WK034201", "name": "Boerenstreek", "pop": 5150, "p65": 0.26, "hhs": 2.25,
        "laag": 4.6, "laag_drift": 0.00, "inc": 36.0, "woz": 365, "jz": 10.0, "wmo": 62.0,
        "wmo_drift": 0.8, "nw": 0.060, "scholen": 9.6, "afstand": 0.6, "area": 520, "growth": 0.000,
        "buurten": [("Boerenstreek-West", 1.1), ("Boerenstreek-Oost", 1.0),
                    ("Kerkebuurt", 0.7), ("Molenstraat e.o.", 0.6)],
    },
    {
        "code": "WK034202", "name": "De Eng Soest-midden", "pop": 7300, "p65": 0.28, "hhs": 2.05,
        "laag": 5.4, "laag_drift": 0.10, "inc": 34.5, "woz": 340, "jz": 9.8, "wmo": 72.0,
        "wmo_drift": 1.2, "nw": 0.075, "scholen": 11.2, "afstand": 0.5, "area": 480, "growth": 0.003,
        "buurten": [("Hart van Soest", 1.0), ("De Eng", 1.2), ("Soest-Centrum", 0.8),
                    ("Oude Kerk e.o.", 0.5), ("Steenhoffstraat e.o.", 0.7)],
    },
    {
        "code": "WK034203", "name": "Klaarwater", "pop": 6150, "p65": 0.21, "hhs": 2.30,
        "laag": 8.0, "laag_drift": -0.20, "inc": 30.5, "woz": 290, "jz": 11.6, "wmo": 58.0,
        "wmo_drift": 0.4, "nw": 0.120, "scholen": 8.8, "afstand": 0.6, "area": 380, "growth": 0.001,
        "buurten": [("Klaarwater-Noord", 1.1), ("Klaarwater-Zuid", 1.0),
                    ("Verlengde Talingweg", 0.8), ("Eikenhorst", 0.6)],
    },
    {
        "code": "WK034204", "name": "Overhees", "pop": 5550, "p65": 0.27, "hhs": 2.20,
        "laag": 4.4, "laag_drift": 0.05, "inc": 37.0, "woz": 375, "jz": 9.5, "wmo": 65.0,
        "wmo_drift": 1.0, "nw": 0.055, "scholen": 10.1, "afstand": 0.6, "area": 450, "growth": -0.001,
        "buurten": [("Overhees-Noord", 1.0), ("Overhees-Zuid", 1.1),
                    ("Pijnenburg", 0.6), ("Birkstraat-Oost", 0.7)],
    },
    {
        "code": "WK034205", "name": "Smitsveen", "pop": 6750, "p65": 0.22, "hhs": 2.25,
        "laag": 8.8, "laag_drift": 0.25, "inc": 29.0, "woz": 275, "jz": 12.0, "wmo": 66.0,
        "wmo_drift": 1.6, "nw": 0.130, "scholen": 9.0, "afstand": 0.5, "area": 400, "growth": 0.000,
        "buurten": [("Smitsveen-West", 1.0), ("Smitsveen-Oost", 1.1), ("Vinkenbuurt", 0.7),
                    ("Zonnebloem", 0.6), ("Beukenlaan e.o.", 0.5)],
    },
    {
        "code": "WK034206", "name": "Soestdijk 't Hart", "pop": 4050, "p65": 0.28, "hhs": 2.05,
        "laag": 3.9, "laag_drift": -0.05, "inc": 45.0, "woz": 520, "jz": 9.0, "wmo": 78.0,
        "wmo_drift": 0.6, "nw": 0.045, "scholen": 7.5, "afstand": 0.8, "area": 620, "growth": -0.002,
        # CBS renamed this wijk in the 2022 table (the loader must let the latest name win).
        "old_name": "Soestdijk-'t Hart", "renamed_in": 2022,
        "buurten": [("Soestdijk-Noord", 1.0), ("Soestdijk-Zuid", 1.0),
                    ("'t Hart", 0.8), ("Paleispark", 0.4)],
    },
    {
        "code": "WK034207", "name": "Soesterberg", "pop": 6250, "p65": 0.18, "hhs": 2.40,
        "laag": 5.0, "laag_drift": -0.10, "inc": 32.0, "woz": 320, "jz": 10.8, "wmo": 52.0,
        "wmo_drift": 0.5, "nw": 0.070, "scholen": 4.5, "afstand": 0.6, "area": 1250, "growth": 0.008,
        "buurten": [("Soesterberg-Noord", 1.1), ("Soesterberg-Zuid", 1.0),
                    ("Soesterberg-Centrum", 0.8), ("Kampweg e.o.", 0.6),
                    ("Vliegbasis", None)],  # None: tiny fixed population, values suppressed
    },
    {
        "code": "WK034208", "name": "Soest-Zuid", "pop": 4850, "p65": 0.24, "hhs": 2.20,
        "laag": 4.8, "laag_drift": 0.08, "inc": 35.5, "woz": 350, "jz": 10.2, "wmo": 60.0,
        "wmo_drift": 0.9, "nw": 0.065, "scholen": 8.0, "afstand": 0.7, "area": 535, "growth": 0.000,
        "buurten": [("Soest-Zuid-Centrum", 1.0), ("Dalweg e.o.", 0.8), ("Ossendamweg e.o.", 0.7)],
    },
]
VLIEGBASIS = {"pop": 64, "area": 430, "afstand": 1.9, "scholen": 2.1}
# Referentiegemeenten of the demo's [vergelijking] (real CBS codes and names, FICTIONAL figures): code, name,
# inhabitants in 2019, and the Soest wijken whose mix they are made of (scaled to that size), so every figure is as
# consistent as Soest's own (shares of one total, households of those inhabitants, …) and each has its own profile.
REFERENTIEGEMEENTEN = [
    ("GM0308", "Baarn", 24_700, ("WK034202", "WK034204", "WK034206")),
    ("GM0310", "De Bilt", 43_100, ("WK034201", "WK034202", "WK034204", "WK034206", "WK034208")),
    ("GM0313", "Bunschoten", 21_600, ("WK034203", "WK034205", "WK034207")),
    ("GM0327", "Leusden", 30_000, ("WK034201", "WK034204", "WK034207", "WK034208")),
    ("GM0355", "Zeist", 65_200, ("WK034202", "WK034203", "WK034205", "WK034206", "WK034208")),
]
# CBS titles of wijken and buurten sometimes carry trailing spaces; imitate it for two buurten.
PADDED_TITLES = {"Kerkebuurt": "Kerkebuurt          ", "Vinkenbuurt": "Vinkenbuurt    "}

# Nederland (NL00), generated top-down; same parameter names as a buurt state.
NEDERLAND = {
    "pop": 17_281_874, "p65": 0.191, "hhs": 2.14, "laag": 7.8, "laag_drift": -0.10, "inc": 29.2,
    "woz": 252, "jz": 10.4, "wmo": 64.0, "wmo_drift": 1.0, "nw": 0.139, "scholen": 7.9,
    "afstand": 0.7, "area_ha": 4_154_300, "land_km2": 33_670.0,
}
NL_GROWTH = {2020: 0.0072, 2021: 0.0040, 2022: 0.0066, 2023: 0.0125, 2024: 0.0075, 2025: 0.0060}
WOZ_GROWTH = {2020: 0.069, 2021: 0.078, 2022: 0.128, 2023: 0.151, 2024: 0.021, 2025: 0.062}

SMALL_BUURT = 200  # fewer inhabitants: arbeid, income, uitkering, zorg and relative figures are secret

# Yearly indices of the fictional newer quantities (2019 = 1 or the base level).
ELEC_INDEX = {2019: 1.0, 2020: 0.985, 2021: 0.97, 2022: 0.93, 2023: 0.90, 2024: 0.88, 2025: 0.865}
GAS_INDEX = {2019: 1.0, 2020: 0.95, 2021: 0.97, 2022: 0.84, 2023: 0.79, 2024: 0.77, 2025: 0.75}
ARBEID_TREND = {2019: 0.0, 2020: -0.004, 2021: 0.003, 2022: 0.012, 2023: 0.016, 2024: 0.018, 2025: 0.019}
WW_RATE = {2019: 0.016, 2020: 0.023, 2021: 0.017, 2022: 0.012, 2023: 0.013, 2024: 0.015, 2025: 0.016}
# Per dwelling type (appartement, tussenwoning, hoekwoning, 2-onder-1-kap, vrijstaand), then
# huurwoning and eigen woning: 2019 averages in kWh and m³.
ELEC_BASE = (2050, 2950, 3150, 3500, 4250)
ELEC_TENURE = (2300, 3350)
GAS_BASE = (780, 1180, 1320, 1520, 1980)
GAS_TENURE = (900, 1400)
NL_INCOME_REFERENCE_2019 = 29.2  # x 1 000 euro per inhabitant; national level the shares refer to

# --------------------------------------------------------------------------------------
# Topics (DataProperties), in table order
# --------------------------------------------------------------------------------------
# Layouts: 2019 | 2020 and 2021 | 2022 | 2023 | 2024 and 2025.


def at(y2019, y2020_2021, y2022, y2023, y2024_2025) -> dict[int, int]:
    """year -> key number (None: the topic is not in that year's table)."""
    spec = {2019: y2019, 2020: y2020_2021, 2021: y2020_2021, 2022: y2022, 2023: y2023,
            2024: y2024_2025, 2025: y2024_2025}
    return {year: n for year, n in spec.items() if n is not None}


def T(tid, title, unit, datatype, decimals, description, positions, presentation=None, stem=None,
      renamed=None, round_to=5):
    """A topic. tid: our id (unique; the stem may repeat); renamed: {first year: (stem, title)}."""
    if presentation is None:
        presentation = "Relative" if unit in {"%", "per 1 000 inwoners"} else "Absolute"
    return {"kind": "topic", "id": tid, "stem": stem or tid, "title": title, "unit": unit,
            "datatype": datatype, "decimals": decimals, "description": description,
            "positions": positions, "presentation": presentation, "renamed": renamed or {},
            "round_to": round_to}


def G(key, title, description, children):
    return {"kind": "group", "key": key, "title": title, "description": description, "children": children}


def stem_and_title(topic: dict, year: int) -> tuple[str, str]:
    stem, title = topic["stem"], topic["title"]
    for first in sorted(topic["renamed"]):
        if year >= first:
            stem, title = topic["renamed"][first]
    return stem, title


def count_topic(tid, title, description, positions, **kw):
    return T(tid, title, "aantal", "Long", 0, description, positions, **kw)


def pct_topic(tid, title, description, positions, datatype="Double", **kw):
    return T(tid, title, "%", datatype, 1 if datatype == "Double" else 0, description, positions, **kw)


def migration(tid, title, what, n):
    return pct_topic(tid, title, f"Inwoners met {what} migratieachtergrond, in procenten van het aantal inwoners "
                                 "op 1 januari. Iemand heeft een migratieachtergrond als ten minste één ouder in "
                                 "het buitenland is geboren.", at(n, n, n, n, None), datatype="Long")


HERKOMST_EXPLAINED = (" Het herkomstland is bij in het buitenland geboren personen het eigen geboorteland; bij in "
                      "Nederland geboren personen het geboorteland van de moeder, of dat van de vader als de "
                      "moeder in Nederland is geboren.")


def herkomst(tid, stem, title, who, n):
    return count_topic(tid, title, f"{who} met herkomstland {title}, op 1 januari." + HERKOMST_EXPLAINED,
                       at(None, None, None, None, n), stem=stem)


def energy(prefix, stem, title, unit, what, positions):
    return T(f"{prefix}.{stem}", title, unit, "Long", 0,
             f"Gemiddeld {what} van {title.lower()}en in de regio over het voorgaande kalenderjaar." if stem not in
             {"Huurwoning", "EigenWoning"} else
             f"Gemiddeld {what} van {'huurwoningen' if stem == 'Huurwoning' else 'eigen woningen'} in de regio "
             "over het voorgaande kalenderjaar.",
             positions, presentation="Relative", stem=stem)


DWELLING_TYPES = [("Appartement", "Appartement"), ("Tussenwoning", "Tussenwoning"), ("Hoekwoning", "Hoekwoning"),
                  ("TweeOnderEenKapWoning", "Twee-onder-een-kapwoning"), ("VrijstaandeWoning", "Vrijstaande woning"),
                  ("Huurwoning", "Huurwoning"), ("EigenWoning", "Eigen woning")]


def energy_group(prefix, key, title, unit, what, total_positions, first_positions):
    total_stem, total_renamed = {
        "elec": ("GemiddeldElektriciteitsverbruikTotaal",
                 {2023: ("GemiddeldeElektriciteitsleveringTotaal", "Gemiddelde elektriciteitslevering totaal")}),
        "gas": ("GemiddeldAardgasverbruikTotaal", {}),
    }[prefix]
    children = [T(f"{prefix}.Totaal", f"{title} totaal", unit, "Long", 0,
                  f"Gemiddeld {what} van alle woningen in de regio over het voorgaande kalenderjaar.",
                  total_positions, presentation="Relative", stem=total_stem, renamed=total_renamed)]
    for offset, (stem, type_title) in enumerate(DWELLING_TYPES):
        positions = {year: n + offset for year, n in first_positions.items()}
        children.append(energy(prefix, stem, type_title, unit, what, positions))
    return G(key, title, f"{title} van woningen (kalenderjaar voorafgaand aan het tabeljaar).", children)


TOPIC_TREE = [
    G("Regioaanduiding", "Regioaanduiding", "Gegevens ter identificatie van de regio.", [
        T("Gemeentenaam", "Gemeentenaam", "", "String", 0, "Naam van de gemeente waartoe de regio behoort.",
          at(1, 1, 1, 1, 1)),
        T("SoortRegio", "Soort regio", "", "String", 0,
          "Aanduiding van het regioniveau: Land, Gemeente, Wijk of Buurt.", at(2, 2, 2, 2, 2)),
        T("Codering", "Codering", "", "String", 0,
          "Code van de regio volgens de CBS-indeling van wijken en buurten.", at(3, 3, 3, 3, 3)),
        T("Indelingswijziging", "Indelingswijziging wijken en buurten", "", "String", 0,
          "Code 1: de regio is ongewijzigd ten opzichte van de vorige indeling.", at(4, 4, 4, 4, 4),
          stem="IndelingswijzigingWijkenEnBuurten",
          renamed={2022: ("IndelingswijzigingGemeenteWijkBuurt", "Indelingswijziging gemeente, wijk, buurt")}),
    ]),
    G("Bevolking", "Bevolking", "Bevolking op 1 januari.", [
        count_topic("AantalInwoners", "Aantal inwoners",
                    "Het aantal inwoners op 1 januari volgens de Basisregistratie Personen (BRP).", at(5, 5, 5, 5, 5)),
        count_topic("Mannen", "Mannen", "Het aantal mannelijke inwoners op 1 januari.", at(6, 6, 6, 6, 6)),
        count_topic("Vrouwen", "Vrouwen", "Het aantal vrouwelijke inwoners op 1 januari.", at(7, 7, 7, 7, 7)),
        G("Leeftijdsgroepen", "Leeftijdsgroepen", "Inwoners naar leeftijd op 1 januari.", [
            count_topic("k_0Tot15Jaar", "0 tot 15 jaar", "Inwoners van 0 tot 15 jaar.", at(8, 8, 8, 8, 8)),
            count_topic("k_15Tot25Jaar", "15 tot 25 jaar", "Inwoners van 15 tot 25 jaar.", at(9, 9, 9, 9, 9)),
            count_topic("k_25Tot45Jaar", "25 tot 45 jaar", "Inwoners van 25 tot 45 jaar.", at(10, 10, 10, 10, 10)),
            count_topic("k_45Tot65Jaar", "45 tot 65 jaar", "Inwoners van 45 tot 65 jaar.", at(11, 11, 11, 11, 11)),
            count_topic("k_65JaarOfOuder", "65 jaar of ouder", "Inwoners van 65 jaar of ouder.",
                        at(12, 12, 12, 12, 12)),
        ]),
        G("BurgerlijkeStaat", "Burgerlijke staat", "Inwoners naar burgerlijke staat op 1 januari.", [
            count_topic("Ongehuwd", "Ongehuwd", "Inwoners die nooit gehuwd zijn geweest.", at(13, 13, 13, 13, 13)),
            count_topic("Gehuwd", "Gehuwd", "Inwoners die gehuwd zijn of een geregistreerd partnerschap hebben.",
                        at(14, 14, 14, 14, 14)),
            count_topic("Gescheiden", "Gescheiden", "Inwoners van wie het huwelijk is ontbonden.",
                        at(15, 15, 15, 15, 15)),
            count_topic("Verweduwd", "Verweduwd", "Inwoners van wie de partner is overleden.",
                        at(16, 16, 16, 16, 16)),
        ]),
        G("Migratieachtergrond", "Migratieachtergrond",
          "Inwoners naar migratieachtergrond, in procenten van het aantal inwoners op 1 januari.", [
              migration("WestersTotaal", "Westers totaal", "een westerse", 17),
              migration("NietWestersTotaal", "Niet-westers totaal", "een niet-westerse", 18),
              migration("Marokko", "Marokko", "een Marokkaanse", 19),
              migration("NederlandseAntillenEnAruba", "Nederlandse Antillen en Aruba",
                        "een Antilliaanse of Arubaanse", 20),
              migration("Suriname", "Suriname", "een Surinaamse", 21),
              migration("Turkije", "Turkije", "een Turkse", 22),
              migration("OverigNietWesters", "Overig niet-westers", "een overige niet-westerse", 23),
          ]),
        G("Herkomst", "Herkomst", "Inwoners op 1 januari naar herkomstland en geboorteland." + HERKOMST_EXPLAINED, [
            G("Herkomstland", "Herkomstland", "Alle inwoners naar herkomstland.", [
                herkomst("hk.Nederland", "Nederland", "Nederland", "Inwoners", 17),
                herkomst("hk.Europa", "EuropaExclusiefNederland", "Europa (exclusief Nederland)", "Inwoners", 18),
                herkomst("hk.Buiten", "BuitenEuropa", "Buiten Europa", "Inwoners", 19),
            ]),
            G("GeborenInNederland", "Geboren in Nederland", "In Nederland geboren inwoners naar herkomstland.", [
                herkomst("hk_in.Nederland", "Nederland", "Nederland", "In Nederland geboren inwoners", 20),
                herkomst("hk_in.Europa", "EuropaExclusiefNederland", "Europa (exclusief Nederland)",
                         "In Nederland geboren inwoners", 21),
                herkomst("hk_in.Buiten", "BuitenEuropa", "Buiten Europa", "In Nederland geboren inwoners", 22),
            ]),
            G("GeborenBuitenNederland", "Geboren buiten Nederland",
              "Buiten Nederland geboren inwoners naar herkomstland (hun geboorteland).", [
                  herkomst("hk_out.Europa", "EuropaExclusiefNederland", "Europa (exclusief Nederland)",
                           "Buiten Nederland geboren inwoners", 23),
                  herkomst("hk_out.Buiten", "BuitenEuropa", "Buiten Europa", "Buiten Nederland geboren inwoners", 24),
              ]),
        ]),
        G("GeboorteEnSterfte", "Geboorte en sterfte", "Levendgeborenen en overledenen in het voorgaande jaar.", [
            count_topic("GeboorteTotaal", "Geboorte totaal", "Aantal levendgeborenen in het voorgaande kalenderjaar.",
                        at(24, 24, 24, 24, 25)),
            T("GeboorteRelatief", "Geboorte relatief", "per 1 000 inwoners", "Double", 1,
              "Levendgeborenen per 1 000 inwoners.", at(25, 25, 25, 25, 26)),
            count_topic("SterfteTotaal", "Sterfte totaal", "Aantal overledenen in het voorgaande kalenderjaar.",
                        at(26, 26, 26, 26, 27)),
            T("SterfteRelatief", "Sterfte relatief", "per 1 000 inwoners", "Double", 1,
              "Overledenen per 1 000 inwoners.", at(27, 27, 27, 27, 28)),
        ]),
        G("Huishoudens", "Huishoudens", "Particuliere huishoudens op 1 januari.", [
            count_topic("HuishoudensTotaal", "Huishoudens totaal", "Het aantal particuliere huishoudens op 1 januari.",
                        at(28, 28, 28, 28, 29)),
            count_topic("Eenpersoonshuishoudens", "Eenpersoonshuishoudens", "Huishoudens bestaande uit één persoon.",
                        at(29, 29, 29, 29, 30)),
            count_topic("HuishoudensZonderKinderen", "Huishoudens zonder kinderen",
                        "Meerpersoonshuishoudens zonder thuiswonende kinderen.", at(30, 30, 30, 30, 31)),
            count_topic("HuishoudensMetKinderen", "Huishoudens met kinderen",
                        "Meerpersoonshuishoudens met één of meer thuiswonende kinderen.", at(31, 31, 31, 31, 32)),
            T("GemiddeldeHuishoudensgrootte", "Gemiddelde huishoudensgrootte", "aantal", "Double", 1,
              "Aantal personen in particuliere huishoudens gedeeld door het aantal huishoudens.",
              at(32, 32, 32, 32, 33), presentation="Relative"),
        ]),
        T("Bevolkingsdichtheid", "Bevolkingsdichtheid", "aantal inwoners per km²", "Long", 0,
          "Aantal inwoners per km² land.", at(33, 33, 33, 33, 34), presentation="Relative"),
    ]),
    G("Wonen", "Wonen", "Woningen op 1 januari.", [
        count_topic("Woningvoorraad", "Woningvoorraad", "Het aantal woningen op 1 januari.", at(34, 34, 34, 34, 35)),
        count_topic("NieuwbouwWoningen", "Nieuwbouwwoningen",
                    "Het aantal woningen dat in het voorgaande kalenderjaar is toegevoegd door nieuwbouw.",
                    at(None, None, None, None, 36)),
        T("woz", "Gemiddelde woningwaarde", "x 1 000 euro", "Long", 0,
          "Gemiddelde waarde van woningen volgens de Wet waardering onroerende zaken (WOZ).",
          at(35, 35, 35, 35, 39), presentation="Relative", stem="GemiddeldeWoningwaarde",
          renamed={2020: ("GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen")}),
        pct_topic("PercentageEengezinswoning", "Percentage eengezinswoning",
                  "Eengezinswoningen in procenten van de woningvoorraad.", at(36, 36, 36, 37, 40), datatype="Long"),
        pct_topic("PercentageMeergezinswoning", "Percentage meergezinswoning",
                  "Meergezinswoningen in procenten van de woningvoorraad.", at(37, 37, 37, 38, 45), datatype="Long"),
        pct_topic("Koopwoningen", "Koopwoningen", "Koopwoningen in procenten van de woningvoorraad.",
                  at(40, 40, 40, 41, 47), datatype="Long"),
        pct_topic("HuurwoningenTotaal", "Huurwoningen totaal", "Huurwoningen in procenten van de woningvoorraad.",
                  at(41, 41, 41, 42, 48), datatype="Long"),
        pct_topic("InBezitWoningcorporatie", "In bezit woningcorporatie",
                  "Huurwoningen in bezit van woningcorporaties, in procenten van de woningvoorraad.",
                  at(42, 42, 42, 43, 49), datatype="Long"),
        pct_topic("InBezitOverigeVerhuurders", "In bezit overige verhuurders",
                  "Huurwoningen in bezit van overige verhuurders, in procenten van de woningvoorraad.",
                  at(43, 43, 43, 44, 50), datatype="Long"),
    ]),
    G("Energie", "Energie", "Energieverbruik van particuliere woningen.", [
        energy_group("elec", "GemiddeldElektriciteitsverbruik", "Gemiddeld elektriciteitsverbruik", "kWh",
                     "elektriciteitsverbruik", at(47, 47, 47, 48, None), at(48, 48, 48, 49, None)),
        energy_group("gas", "GemiddeldAardgasverbruik", "Gemiddeld aardgasverbruik", "m³",
                     "aardgasverbruik", at(55, 55, 55, 56, None), at(56, 56, 56, 57, None)),
        T("elec.2024", "Gemiddelde elektriciteitslevering", "kWh", "Long", 0,
          "Gemiddelde levering van elektriciteit via het net aan woningen over het voorgaande kalenderjaar.",
          at(None, None, None, None, 53), presentation="Relative", stem="GemiddeldeElektriciteitslevering"),
        T("gas.2024", "Gemiddeld aardgasverbruik", "m³", "Long", 0,
          "Gemiddeld aardgasverbruik van woningen over het voorgaande kalenderjaar.",
          at(None, None, None, None, 55), presentation="Relative", stem="GemiddeldAardgasverbruik"),
        pct_topic("PercentageWoningenMetStadsverwarming", "Percentage woningen met stadsverwarming",
                  "Woningen met stadsverwarming in procenten van de woningvoorraad.", at(63, 63, 63, 64, 56),
                  datatype="Long"),
    ]),
    G("Arbeid", "Arbeid", "Arbeidsdeelname van inwoners van 15 tot 75 jaar.", [
        pct_topic("Nettoarbeidsparticipatie", "Nettoarbeidsparticipatie",
                  "De werkzame beroepsbevolking in procenten van de bevolking van 15 tot 75 jaar.",
                  at(64, 67, 67, 74, 71)),
        pct_topic("PercentageWerknemers", "Percentage werknemers",
                  "Werknemers in procenten van de werkzame beroepsbevolking.", at(65, 68, 68, 75, 72)),
        pct_topic("PercentageZelfstandigen", "Percentage zelfstandigen",
                  "Zelfstandigen in procenten van de werkzame beroepsbevolking.", at(66, 69, 69, 78, 75)),
    ]),
    G("Inkomen", "Inkomen", "Inkomen en vermogen van personen en particuliere huishoudens.", [
        G("InkomenVanPersonen", "Inkomen van personen", "Persoonlijk inkomen van inwoners.", [
            count_topic("AantalInkomensontvangers", "Aantal inkomensontvangers",
                        "Personen in particuliere huishoudens met een persoonlijk inkomen.", at(67, 70, 70, 79, 76)),
            T("GemiddeldInkomenPerInkomensontvanger", "Gemiddeld inkomen per inkomensontvanger", "x 1 000 euro",
              "Double", 1, "Het rekenkundig gemiddeld persoonlijk inkomen per inkomensontvanger.",
              at(68, 71, 71, 80, 77), presentation="Relative"),
            T("GemiddeldInkomenPerInwoner", "Gemiddeld inkomen per inwoner", "x 1 000 euro", "Double", 1,
              "Het rekenkundig gemiddeld persoonlijk inkomen per inwoner.", at(69, 72, 72, 81, 78),
              presentation="Relative"),
            pct_topic("k_40PersonenMetLaagsteInkomen", "40% personen met laagste inkomen",
                      "Personen in particuliere huishoudens die tot de landelijk 40% personen met de laagste "
                      "persoonlijke inkomens behoren, in procenten.", at(70, 73, 73, 82, 79), datatype="Long"),
            pct_topic("k_20PersonenMetHoogsteInkomen", "20% personen met hoogste inkomen",
                      "Personen in particuliere huishoudens die tot de landelijk 20% personen met de hoogste "
                      "persoonlijke inkomens behoren, in procenten.", at(71, 74, 74, 83, 80), datatype="Long"),
            pct_topic("PersonenInArmoede", "Personen in armoede",
                      "Personen in particuliere huishoudens met een inkomen onder de armoedegrens van CBS, SCP en "
                      "Nibud, in procenten van alle personen in particuliere huishoudens met een bekend inkomen.",
                      at(None, None, None, None, 81)),
            pct_topic("PersonenTot25BovenArmoedegrens", "Personen tot 25% boven armoedegrens",
                      "Personen in particuliere huishoudens met een inkomen tot 25% boven de armoedegrens van CBS, "
                      "SCP en Nibud, in procenten van alle personen in particuliere huishoudens met een bekend "
                      "inkomen.", at(None, None, None, None, 82)),
        ]),
        G("InkomenVanHuishoudens", "Inkomen van huishoudens", "Inkomen en vermogen van particuliere huishoudens.", [
            T("gestandaardiseerd", "Gemiddeld gestandaardiseerd inkomen van huishoudens", "x 1 000 euro", "Double", 1,
              "Gemiddeld besteedbaar inkomen van particuliere huishoudens, gecorrigeerd voor verschillen in "
              "grootte en samenstelling.", at(72, 75, 75, 84, 83), presentation="Relative",
              stem="GemGestandaardiseerdInkomenVanHuish",
              renamed={2024: ("GemGestandaardiseerdInkomen", "Gemiddeld gestandaardiseerd inkomen")}),
            pct_topic("k_40HuishoudensMetLaagsteInkomen", "40% huishoudens met laagste inkomen",
                      "Particuliere huishoudens die tot de landelijk 40% huishoudens met de laagste "
                      "gestandaardiseerde inkomens behoren, in procenten.", at(73, 76, 76, 85, 84), datatype="Long"),
            pct_topic("k_20HuishoudensMetHoogsteInkomen", "20% huishoudens met hoogste inkomen",
                      "Particuliere huishoudens die tot de landelijk 20% huishoudens met de hoogste "
                      "gestandaardiseerde inkomens behoren, in procenten.", at(74, 77, 77, 86, 85), datatype="Long"),
            pct_topic("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen",
                      "Particuliere huishoudens met een inkomen onder de lage-inkomensgrens, in procenten van de "
                      "huishoudens met een bekend inkomen.", at(75, 78, 78, 87, None)),
            pct_topic("HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum",
                      "Particuliere huishoudens met een inkomen tot 101% van het sociaal minimum, in procenten van "
                      "de huishoudens met een bekend inkomen.", at(76, 79, 79, 88, None)),
            pct_topic("HuishoudensTot110VanSociaalMinimum", "Huishoudens tot 110% van sociaal minimum",
                      "Particuliere huishoudens met een inkomen tot 110% van het sociaal minimum, in procenten van "
                      "de huishoudens met een bekend inkomen.", at(77, 80, 80, 89, None)),
            pct_topic("HuishoudensTot120VanSociaalMinimum", "Huishoudens tot 120% van sociaal minimum",
                      "Particuliere huishoudens met een inkomen tot 120% van het sociaal minimum, in procenten van "
                      "de huishoudens met een bekend inkomen.", at(78, 81, 81, 90, None)),
            T("MediaanVermogenVanParticuliereHuish", "Mediaan vermogen van particuliere huishoudens", "x 1 000 euro",
              "Long", 0, "Het middelste vermogen van particuliere huishoudens op 1 januari.", at(79, 82, 82, 91, 86),
              presentation="Relative"),
        ]),
    ]),
    G("SocialeZekerheid", "Sociale zekerheid", "Personen met een uitkering; aantallen voor wijken en buurten zijn "
      "afgerond op tientallen.", [
        T("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand", "aantal", "Long", 0,
          "Personen met een algemene bijstandsuitkering (Participatiewet).", at(80, 83, 83, 92, 87), round_to=10),
        T("PersonenPerSoortUitkeringAO", "Personen per soort uitkering; AO", "aantal", "Long", 0,
          "Personen met een arbeidsongeschiktheidsuitkering (WAO, WIA, Wajong, WAZ).", at(81, 84, 84, 93, 88),
          round_to=10),
        T("PersonenPerSoortUitkeringWW", "Personen per soort uitkering; WW", "aantal", "Long", 0,
          "Personen met een werkloosheidsuitkering (WW).", at(82, 85, 85, 94, 89), round_to=10),
        T("PersonenPerSoortUitkeringAOW", "Personen per soort uitkering; AOW", "aantal", "Long", 0,
          "Personen met een uitkering volgens de Algemene Ouderdomswet (AOW).", at(83, 86, 86, 95, 90), round_to=10),
    ]),
    G("Zorg", "Zorg", "Jeugdzorg (jongeren tot 23 jaar) en Wmo-ondersteuning.", [
        count_topic("JongerenMetJeugdzorgInNatura", "Jongeren met jeugdzorg in natura",
                    "Jongeren tot 23 jaar die in het voorgaande jaar jeugdzorg in natura ontvingen (jeugdhulp, "
                    "jeugdbescherming of jeugdreclassering).", at(84, 87, 87, 96, 91)),
        pct_topic("PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg",
                  "Jongeren tot 23 jaar met jeugdzorg in natura, in procenten van alle jongeren tot 23 jaar.",
                  at(85, 88, 88, 97, 92)),
        count_topic("WmoClienten", "Wmo-cliënten",
                    "Personen die een maatwerkvoorziening ontvangen op grond van de Wmo 2015.", at(86, 89, 89, 98, 93)),
        T("WmoClientenRelatief", "Wmo-cliënten relatief", "per 1 000 inwoners", "Double", 1,
          "Wmo-cliënten per 1 000 inwoners.", at(87, 90, 90, 99, 94)),
    ]),
    G("Bedrijfsvestigingen", "Bedrijfsvestigingen", "Vestigingen van bedrijven op 1 januari.", [
        count_topic("BedrijfsvestigingenTotaal", "Bedrijfsvestigingen totaal",
                    "Het aantal vestigingen van bedrijven in de regio.", at(91, 91, 91, 100, 95)),
    ]),
    G("Motorvoertuigen", "Motorvoertuigen", "Motorvoertuigen op 1 januari.", [
        count_topic("PersonenautoSTotaal", "Personenauto's totaal",
                    "Personenauto's waarvan de kentekenhouder in de regio woont.", at(99, 99, 100, 109, 104)),
        T("PersonenautoSPerHuishouden", "Personenauto's per huishouden", "per huishouden", "Double", 1,
          "Personenauto's gedeeld door het aantal particuliere huishoudens.", at(102, 102, 103, 112, 107),
          presentation="Relative"),
    ]),
    G("NabijheidVoorzieningen", "Nabijheid voorzieningen", "Afstanden over de weg vanaf woonadressen.", [
        T("AfstandTotHuisartsenpraktijk", "Afstand tot huisartsenpraktijk", "km", "Double", 1,
          "Gemiddelde afstand van alle inwoners tot de dichtstbijzijnde huisartsenpraktijk, over de weg.",
          at(105, 105, 106, 115, 110), presentation="Relative"),
        T("AfstandTotGroteSupermarkt", "Afstand tot grote supermarkt", "km", "Double", 1,
          "Gemiddelde afstand van alle inwoners tot de dichtstbijzijnde grote supermarkt, over de weg.",
          at(106, 106, 107, 116, 111), presentation="Relative"),
        T("AfstandTotKinderdagverblijf", "Afstand tot kinderdagverblijf", "km", "Double", 1,
          "Gemiddelde afstand van alle inwoners tot het dichtstbijzijnde kinderdagverblijf, over de weg.",
          at(107, 107, 108, 117, 112), presentation="Relative"),
        T("AfstandTotSchool", "Afstand tot basisschool", "km", "Double", 1,
          "Gemiddelde afstand van alle inwoners tot de dichtstbijzijnde basisschool, over de weg.",
          at(108, 108, 109, 118, 113), presentation="Relative"),
        T("ScholenBinnen3Km", "Basisscholen binnen 3 km", "aantal", "Double", 1,
          "Gemiddeld aantal basisscholen binnen 3 km over de weg.", at(109, 109, 110, 119, 114),
          presentation="Relative"),
    ]),
    G("Oppervlakte", "Oppervlakte", "Oppervlakte op 1 januari.", [
        T("OppervlakteTotaal", "Oppervlakte totaal", "ha", "Long", 0, "Totale oppervlakte (land en water).",
          at(110, 110, 111, 120, 115)),
        T("OppervlakteLand", "Oppervlakte land", "ha", "Long", 0, "Oppervlakte land.", at(111, 111, 112, 121, 116)),
        T("OppervlakteWater", "Oppervlakte water", "ha", "Long", 0, "Oppervlakte water.",
          at(112, 112, 113, 122, 117)),
    ]),
    G("Stedelijkheid", "Stedelijkheid", "Stedelijkheid van de regio.", [
        T("MateVanStedelijkheid", "Mate van stedelijkheid", "code", "Long", 0,
          "1 = zeer sterk stedelijk (omgevingsadressendichtheid 2 500 of meer), 2 = sterk stedelijk (1 500 tot "
          "2 500), 3 = matig stedelijk (1 000 tot 1 500), 4 = weinig stedelijk (500 tot 1 000), 5 = niet "
          "stedelijk (minder dan 500).", at(115, 115, 116, 125, 120)),
        T("Omgevingsadressendichtheid", "Omgevingsadressendichtheid", "per km²", "Long", 0,
          "Gemiddeld aantal adressen per km² binnen een cirkel met een straal van 1 km rond elk adres.",
          at(116, 116, 117, 126, 121), presentation="Relative"),
    ]),
]

STRING_TOPICS = frozenset({"Gemeentenaam", "SoortRegio", "Codering", "Indelingswijziging"})


def _topics_under(nodes, groups: frozenset[str] | None = None, inside: bool = False) -> set[str]:
    """Ids of the topics under the named groups (every topic when groups is None)."""
    found = set()
    for node in nodes:
        if node["kind"] == "group":
            found |= _topics_under(node["children"], groups, inside or groups is None or node["key"] in groups)
        elif inside or groups is None:
            found.add(node["id"])
    return found


def _topics_where(predicate) -> set[str]:
    return {tid for tid in _topics_under(TOPIC_TREE) if predicate(TOPIC_BY_ID[tid])}


def _index(nodes, into: dict) -> dict:
    for node in nodes:
        if node["kind"] == "group":
            _index(node["children"], into)
        else:
            into[node["id"]] = node
    return into


TOPIC_BY_ID = _index(TOPIC_TREE, {})
# Marked provisional in PROVISIONAL_YEAR: the whole group (its subgroups and topics).
PROVISIONAL_GROUPS = frozenset({"Inkomen"})
# Not yet published in LATER_YEAR: every topic of these groups is null in every row.
LATER_GROUPS = frozenset({"Inkomen", "SocialeZekerheid", "Zorg"})
LATER_TOPICS = frozenset(_topics_under(TOPIC_TREE, LATER_GROUPS))
# Secret in buurten with fewer than SMALL_BUURT inhabitants: arbeid, income, uitkering, zorg and every
# relative figure except density, proximity and urbanity (those describe the place, not the few people).
SMALL_SUPPRESSED = frozenset(
    _topics_under(TOPIC_TREE, frozenset({"Arbeid", "Inkomen", "SocialeZekerheid", "Zorg", "Energie"}))
    | _topics_where(lambda t: t["presentation"] == "Relative")
) - _topics_under(TOPIC_TREE, frozenset({"NabijheidVoorzieningen", "Stedelijkheid"})) - {"Bevolkingsdichtheid"}
# Candidates for the handful of random secret buurt cells per table.
RANDOM_SUPPRESSION = frozenset(_topics_under(TOPIC_TREE, LATER_GROUPS) | {
    "Eenpersoonshuishoudens", "HuishoudensMetKinderen", "woz", "GeboorteTotaal", "SterfteTotaal",
})


# --------------------------------------------------------------------------------------
# Deterministic randomness (only Random.random() is used: stable across Python versions)
# --------------------------------------------------------------------------------------
def rng_for(*labels: object) -> random.Random:
    text = "|".join([SEED, *map(str, labels)])
    return random.Random(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def normal(rng: random.Random, mu: float = 0.0, sd: float = 1.0) -> float:
    u1 = 1.0 - rng.random()  # (0, 1]
    u2 = rng.random()
    return mu + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def uniform(rng: random.Random, low: float, high: float) -> float:
    return low + (high - low) * rng.random()


def split_int(total: int, shares: list[float]) -> list[int]:
    """Split an integer total by shares (largest remainder; ties by position)."""
    weight = sum(shares)
    exact = [total * s / weight for s in shares]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


# --------------------------------------------------------------------------------------
# Simulation: a latent state per buurt (and for Nederland) that random-walks over the years
# --------------------------------------------------------------------------------------
def buurt_list() -> list[dict]:
    """Static buurt definitions: code, name, wijk, weight/area."""
    buurten = []
    for wijk in WIJKEN:
        wijk_number = wijk["code"][2:]
        weights = [w for _, w in wijk["buurten"] if w is not None]
        area_left = wijk["area"] - (VLIEGBASIS["area"] if any(w is None for _, w in wijk["buurten"]) else 0)
        rng = rng_for("area", wijk["code"])
        area_weights = [w * uniform(rng, 0.8, 1.25) for w in weights]
        areas = split_int(area_left, area_weights)
        k = 0
        for index, (name, weight) in enumerate(wijk["buurten"], start=1):
            code = f"BU{wijk_number}{index:02d}"
            if weight is None:
                area = VLIEGBASIS["area"]
            else:
                area = areas[k]
                k += 1
            buurten.append({"code": code, "name": name, "wijk": wijk, "weight": weight, "area": area})
    return buurten


def initial_state(buurt: dict, wijk_weight_total: float) -> dict:
    wijk = buurt["wijk"]
    rng = rng_for("init", buurt["code"])
    tiny = buurt["weight"] is None
    p65 = min(0.45, max(0.10, wijk["p65"] + normal(rng, 0, 0.025)))
    base_pop = VLIEGBASIS["pop"] if tiny else (
        (wijk["pop"] - (VLIEGBASIS["pop"] if any(w is None for _, w in wijk["buurten"]) else 0))
        * buurt["weight"] / wijk_weight_total * uniform(rng, 0.95, 1.05)
    )
    young = [0.165, 0.115, 0.235, 0.295]
    if wijk["p65"] < 0.2:  # younger wijk: more children and young adults
        young = [0.19, 0.12, 0.27, 0.26]
    young = [w * uniform(rng, 0.9, 1.1) for w in young]
    laag = max(1.5, wijk["laag"] * math.exp(normal(rng, 0, 0.15)))
    return {
        "pop": float(base_pop),
        "p65": p65,
        "young": young,
        "men": 0.50 - 0.06 * p65 + normal(rng, 0, 0.004),
        "hhs": wijk["hhs"] + normal(rng, 0, 0.06),
        "laag": laag,
        "smin_ratio": uniform(rng, 0.86, 0.96),
        "s120_ratio": uniform(rng, 1.24, 1.36),
        "bijstand_ratio": uniform(rng, 2.6, 3.2),
        "inc": wijk["inc"] * math.exp(normal(rng, 0, 0.06)),
        "woz": wijk["woz"] * math.exp(normal(rng, 0, 0.07)),
        "dwell_ratio": uniform(rng, 1.01, 1.05),
        "jz": wijk["jz"] + normal(rng, 0, 0.6),
        "wmo": wijk["wmo"] + 40 * (p65 - wijk["p65"]) + normal(rng, 0, 3.0),
        "nw": max(0.01, wijk["nw"] * math.exp(normal(rng, 0, 0.2))),
        "westers": uniform(rng, 0.085, 0.11),
        "birth": (11.0 if wijk["p65"] < 0.2 else 8.3) + normal(rng, 0, 0.8),
        "death_factor": uniform(rng, 0.9, 1.1),
        "cars": uniform(rng, 0.48, 0.56),
        "afstand": VLIEGBASIS["afstand"] if tiny else max(0.3, wijk["afstand"] + normal(rng, 0, 0.12)),
        "scholen": VLIEGBASIS["scholen"] if tiny else max(1.0, wijk["scholen"] + normal(rng, 0, 0.8)),
        "area_ha": buurt["area"],
        "land_km2": buurt["area"] * uniform(rng, 0.975, 0.995) / 100.0,
    }


def step_state(state: dict, wijk: dict, year: int, rng: random.Random, tiny: bool) -> dict:
    """One year of drift; the state of `year` from the state of `year - 1`."""
    new = dict(state)
    if tiny:
        new["pop"] = max(40.0, min(90.0, state["pop"] + normal(rng, 0, 4)))
    else:
        new["pop"] = state["pop"] * (1 + 0.0035 + wijk["growth"] + normal(rng, 0, 0.006))
    new["p65"] = min(0.5, state["p65"] + 0.003 + normal(rng, 0, 0.002))
    new["hhs"] = max(1.6, state["hhs"] - 0.004 + normal(rng, 0, 0.01))
    new["laag"] = max(1.0, state["laag"] + wijk["laag_drift"] + normal(rng, 0, 0.2))
    new["inc"] = state["inc"] * (1 + 0.03 + normal(rng, 0, 0.01))
    new["woz"] = state["woz"] * (1 + WOZ_GROWTH[year] + normal(rng, 0, 0.01))
    new["jz"] = max(4.0, state["jz"] + 0.10 + normal(rng, 0, 0.25))
    new["wmo"] = max(25.0, state["wmo"] + wijk["wmo_drift"] + normal(rng, 0, 1.5))
    new["nw"] = state["nw"] * (1 + 0.02 + normal(rng, 0, 0.01))
    new["cars"] = state["cars"] * (1 + 0.004 + normal(rng, 0, 0.004))
    new["afstand"] = max(0.2, state["afstand"] + normal(rng, 0, 0.02))
    new["scholen"] = max(0.5, state["scholen"] + normal(rng, 0, 0.1))
    return new


def raw_quantities(state: dict, key: str, year: int) -> dict:
    """Exact counts and sums for one buurt (or Nederland) in one year; additive over regions."""
    rng = rng_for("raw", key, year)
    pop = round_half_up(state["pop"])
    p65 = state["p65"]
    shares = [w / sum(state["young"]) * (1 - p65) for w in state["young"]] + [p65]
    ages = split_int(pop, shares)
    men = round_half_up(pop * state["men"])
    married = split_int(pop, [0.44 - 0.2 * (p65 - 0.24), 0.415, 0.07, max(0.01, 0.25 * p65)])
    nw = state["nw"]
    nw_parts = split_int(round_half_up(pop * nw), [0.14, 0.09, 0.12, 0.17, 0.48])
    hh = round_half_up(pop / state["hhs"])
    hhs = pop / hh if hh else 2.2
    one = 0.34 + 0.4 * (p65 - 0.24) + (2.2 - hhs) * 0.30
    kids = 0.31 - 0.5 * (p65 - 0.24) - (2.2 - hhs) * 0.20
    hh_types = split_int(hh, [one, 1 - one - kids, kids])
    dwellings = round_half_up(hh * state["dwell_ratio"])
    born_abroad = round_half_up(pop * min(0.4, 0.5 * state["westers"] + 0.7 * nw + 0.01))
    births = round_half_up(pop * max(3.0, state["birth"] + normal(rng, 0, 0.5)) / 1000)
    deaths = round_half_up(pop * max(3.0, 9.0 * (p65 / 0.2) * state["death_factor"]) / 1000)
    youth = ages[0] + 0.8 * ages[1]
    return {
        "pop": pop,
        "men": men,
        "ages": ages,
        "married": married,
        "westers": round_half_up(pop * state["westers"]),
        "nw_parts": nw_parts,  # Marokko, Antillen/Aruba, Suriname, Turkije, overig
        "born_nl": pop - born_abroad,
        "born_abroad": born_abroad,
        "births": births,
        "deaths": deaths,
        "land_km2": state["land_km2"],
        "area_ha": state["area_ha"],
        "hh": hh,
        "hh_types": hh_types,  # eenpersoons, zonder kinderen, met kinderen
        "dwellings": dwellings,
        "woz_sum": state["woz"] * dwellings,
        "inc_sum": state["inc"] * pop,
        "laag_n": hh * state["laag"] / 100,
        "smin_n": hh * state["laag"] * state["smin_ratio"] / 100,
        "s120_n": hh * state["laag"] * state["s120_ratio"] / 100,
        "bijstand": round_half_up(pop * state["laag"] * state["bijstand_ratio"] / 1000),
        "aow": round_half_up(ages[4] * 0.94),
        "youth": youth,
        "jz_n": round_half_up(youth * state["jz"] / 100),
        "wmo_n": round_half_up(pop * state["wmo"] / 1000),
        "cars": round_half_up(pop * state["cars"]),
        "afstand_sum": state["afstand"] * pop,
        "scholen_sum": state["scholen"] * pop,
    }


# The quantities behind the topics added with the real layouts (herkomst, woningen, energie, arbeid,
# the finer income, uitkering and proximity figures, stedelijkheid). They draw from random streams of
# their own ("profile"), so the quantities above keep the values they had before.
NL_PROFILE = {
    "eengezins": 0.64, "eg_types": [0.42, 0.17, 0.15, 0.14], "koop": 0.57, "onbekend": 0.010, "corp": 0.70,
    "stadsverwarming": 0.060, "nieuwbouw": 0.0095, "elec_f": 1.013, "gas_f": 0.987, "part": 0.676, "werknemers": 0.84,
    "ontvangers": 0.80, "arm_a": 0.0, "arm_b": 0.88, "tot25": 1.33, "ao_f": 1.0, "ww_f": 1.0, "bedrijven": 0.105,
    "huisarts": 1.45, "supermarkt": 1.25, "kdv": 0.85, "oad_f": 7.5, "eu_out": 0.55, "be_out": 0.46,
}


def region_profile(buurt: dict) -> dict:
    """Fixed characteristics of one buurt for the newer quantities (one random stream per buurt)."""
    wijk = buurt["wijk"]
    rng = rng_for("profile", buurt["code"])
    villa = wijk["woz"] / 350  # dearer wijken: more detached houses, more owner-occupiers
    koop = min(0.90, max(0.30, 0.90 - 0.03 * wijk["laag"] + uniform(rng, -0.06, 0.06)))
    poverty = uniform(rng, 0.93, 1.07)
    return {
        "eengezins": uniform(rng, 0.50, 0.85),
        "eg_types": [uniform(rng, 0.35, 0.50), uniform(rng, 0.15, 0.22), uniform(rng, 0.12, 0.25) * villa,
                     uniform(rng, 0.05, 0.18) * villa * villa],
        "koop": koop,
        "onbekend": uniform(rng, 0.003, 0.012),
        "corp": uniform(rng, 0.60, 0.80),
        "stadsverwarming": uniform(rng, 0.0, 0.015),
        "nieuwbouw": uniform(rng, 0.0, 0.008) + 1.5 * max(0.0, wijk["growth"]),
        "elec_f": uniform(rng, 0.93, 1.07),
        "gas_f": uniform(rng, 0.93, 1.07),
        "part": uniform(rng, 0.675, 0.735),
        "werknemers": uniform(rng, 0.80, 0.87),
        "ontvangers": uniform(rng, 0.79, 0.83),
        # PersonenInArmoede (%) = arm_a + arm_b * (% households with a low income)
        "arm_a": 1.8 * poverty,
        "arm_b": 0.40 * poverty,
        "tot25": uniform(rng, 1.50, 1.65),
        "ao_f": uniform(rng, 0.85, 1.15),
        "ww_f": uniform(rng, 0.80, 1.20),
        "bedrijven": uniform(rng, 0.07, 0.14),
        "huisarts": uniform(rng, 1.0, 1.6),
        "supermarkt": uniform(rng, 0.9, 1.5),
        "kdv": uniform(rng, 0.55, 0.95),
        "oad_f": uniform(rng, 1.5, 2.3),
        "eu_out": uniform(rng, 0.45, 0.60),
        "be_out": uniform(rng, 0.40, 0.55),
    }


def extra_quantities(state: dict, profile: dict, raw: dict, year: int) -> dict:
    """The newer exact counts and sums of one buurt (or Nederland) in one year; additive over regions."""
    pop, hh, dwellings, ages = raw["pop"], raw["hh"], raw["dwellings"], raw["ages"]
    laag, p65 = state["laag"], state["p65"]
    # Herkomst: Nederland, Europa (excl. NL) and buiten Europa; the latter two born in or outside NL.
    europa = round_half_up(pop * min(0.30, 0.8 * state["westers"] + 0.004))
    buiten = round_half_up(pop * min(0.40, state["nw"] + 0.2 * state["westers"]))
    eu_out = round_half_up(europa * profile["eu_out"])
    be_out = round_half_up(buiten * profile["be_out"])
    # Woningen
    eengezins = round_half_up(dwellings * profile["eengezins"])
    dw_types = [dwellings - eengezins, *split_int(eengezins, profile["eg_types"])]
    koop = round_half_up(dwellings * profile["koop"])
    huur = dwellings - koop - round_half_up(dwellings * profile["onbekend"])
    corp = round_half_up(huur * profile["corp"])
    elec = ELEC_INDEX[year] * profile["elec_f"]
    gas = GAS_INDEX[year] * profile["gas_f"]
    # Arbeid: the population of 15 to 75, of which werkzaam, of which werknemers
    arb_pop = ages[1] + ages[2] + ages[3] + 0.45 * ages[4]
    werkzaam = arb_pop * (profile["part"] + ARBEID_TREND[year])
    # Income: shares relative to a national reference level that grows 3% a year
    relative = state["inc"] / (NL_INCOME_REFERENCE_2019 * 1.03 ** (year - 2019))
    hhs = pop / hh if hh else 2.2
    armoede_pct = profile["arm_a"] + profile["arm_b"] * laag
    age_15_65 = 0.9 * ages[1] + ages[2] + ages[3]
    bedrijven = round_half_up(pop * profile["bedrijven"] * (1 + 0.025 * (year - 2019)))
    land_km2 = state["land_km2"]
    oad = (dwellings + 0.5 * bedrijven) / land_km2 * profile["oad_f"] if land_km2 else 0.0
    return {
        "herkomst": [pop - europa - buiten, europa - eu_out, buiten - be_out, eu_out, be_out],
        "nieuwbouw": round_half_up(dwellings * profile["nieuwbouw"]),
        "dw_types": dw_types,  # appartement (meergezins), tussen, hoek, 2-onder-1-kap, vrijstaand
        "koop": koop,
        "corp": corp,
        "overig": huur - corp,
        "stadsverwarming": round_half_up(dwellings * profile["stadsverwarming"]),
        "elec_types": [n * base * elec for n, base in zip(dw_types, ELEC_BASE)],
        "elec_tenure": [huur * ELEC_TENURE[0] * elec, koop * ELEC_TENURE[1] * elec],
        "gas_types": [n * base * gas for n, base in zip(dw_types, GAS_BASE)],
        "gas_tenure": [huur * GAS_TENURE[0] * gas, koop * GAS_TENURE[1] * gas],
        "arb_pop": arb_pop,
        "werkzaam": werkzaam,
        "werknemers": werkzaam * profile["werknemers"],
        "ontvangers": round_half_up(pop * profile["ontvangers"]),
        "p40_n": pop * min(0.75, max(0.12, 0.40 * relative ** -1.1)),
        "p20_n": pop * min(0.60, max(0.04, 0.20 * relative ** 1.6)),
        "gest_sum": hh * 0.85 * state["inc"] * math.sqrt(hhs),
        "h40_n": hh * min(0.80, max(0.10, 0.40 * relative ** -1.0 * (2.14 / hhs) ** 0.3)),
        "h20_n": hh * min(0.60, max(0.04, 0.20 * relative ** 1.5 * (hhs / 2.14) ** 0.3)),
        "s110_n": hh * laag * (state["smin_ratio"] + state["s120_ratio"]) / 2 / 100,
        "verm_sum": hh * 42 * relative ** 2.2 * (1 + 2.5 * (p65 - 0.19)) * 1.05 ** (year - 2019),
        "armoede_n": pop * armoede_pct / 100,
        "armoede25_n": pop * armoede_pct * profile["tot25"] / 100,
        "ao": round_half_up(age_15_65 * (0.035 + 0.35 * laag / 100) * profile["ao_f"]),
        "ww": round_half_up(age_15_65 * WW_RATE[year] * profile["ww_f"] * (0.7 + 0.06 * laag)),
        "bedrijven": bedrijven,
        "huisarts_sum": state["afstand"] * profile["huisarts"] * pop,
        "supermarkt_sum": state["afstand"] * profile["supermarkt"] * pop,
        "kdv_sum": state["afstand"] * profile["kdv"] * pop,
        "oad_sum": oad * pop,
    }


def scale_raw(raw: dict, factor: float) -> dict:
    """Every additive quantity times factor (a referentiegemeente made of Soest's wijken)."""
    return {key: [x * factor for x in value] if isinstance(value, list) else value * factor for key, value in raw.items()}


def add_raw(a: dict, b: dict) -> dict:
    out = {}
    for key, value in a.items():
        if isinstance(value, list):
            out[key] = [x + y for x, y in zip(value, b[key])]
        else:
            out[key] = value + b[key]
    return out


def simulate() -> dict:
    """{year: {code: raw quantities}} for every buurt, wijk, the gemeente and Nederland."""
    buurten = buurt_list()
    result: dict[int, dict[str, dict]] = {year: {} for year in YEARS}
    for buurt in buurten:
        wijk = buurt["wijk"]
        total_weight = sum(w for _, w in wijk["buurten"] if w is not None)
        tiny = buurt["weight"] is None
        rng = rng_for("walk", buurt["code"])
        state = initial_state(buurt, total_weight)
        profile = region_profile(buurt)
        for year in YEARS:
            if year != YEARS[0]:
                state = step_state(state, wijk, year, rng, tiny)
            raw = raw_quantities(state, buurt["code"], year)
            raw.update(extra_quantities(state, profile, raw, year))
            result[year][buurt["code"]] = raw

    for year in YEARS:
        gemeente = None
        for wijk in WIJKEN:
            total = None
            for buurt in buurten:
                if buurt["wijk"] is wijk:
                    raw = result[year][buurt["code"]]
                    total = raw if total is None else add_raw(total, raw)
            result[year][wijk["code"]] = total
            gemeente = total if gemeente is None else add_raw(gemeente, total)
        result[year][GEMEENTE_CODE] = gemeente

    # Referentiegemeenten: a mix of Soest's wijken, scaled once (2019) to their size, then following those wijken.
    for code, _, inhabitants, wijk_codes in REFERENTIEGEMEENTEN:
        factor = inhabitants / sum(result[YEARS[0]][wijk]["pop"] for wijk in wijk_codes)
        for year in YEARS:
            mix = None
            for wijk in wijk_codes:
                mix = result[year][wijk] if mix is None else add_raw(mix, result[year][wijk])
            result[year][code] = scale_raw(mix, factor)

    # Nederland: one national state, same formulas.
    rng = rng_for("walk", NATIONAL_CODE)
    nl = NEDERLAND
    state = {
        "pop": float(nl["pop"]), "p65": nl["p65"], "young": [0.158, 0.123, 0.248, 0.279],
        "men": 0.497, "hhs": nl["hhs"], "laag": nl["laag"], "smin_ratio": 0.92, "s120_ratio": 1.30,
        "bijstand_ratio": 3.1, "inc": nl["inc"], "woz": nl["woz"], "dwell_ratio": 1.03, "jz": nl["jz"],
        "wmo": nl["wmo"], "nw": nl["nw"], "westers": 0.105, "birth": 9.8, "death_factor": 1.0,
        "cars": 0.50, "afstand": nl["afstand"], "scholen": nl["scholen"], "area_ha": nl["area_ha"],
        "land_km2": nl["land_km2"],
    }
    national = {"code": NATIONAL_CODE, "growth": 0.0, "laag_drift": nl["laag_drift"], "wmo_drift": nl["wmo_drift"]}
    for year in YEARS:
        if year != YEARS[0]:
            grown = state["pop"] * (1 + NL_GROWTH[year] + normal(rng, 0, 0.0005))
            previous_p65 = state["p65"]
            state = step_state(state, national, year, rng, tiny=False)
            state["pop"] = grown
            state["p65"] = previous_p65 + 0.0018  # national ageing: slower and steadier than in Soest
        raw = raw_quantities(state, NATIONAL_CODE, year)
        raw.update(extra_quantities(state, NL_PROFILE, raw, year))
        result[year][NATIONAL_CODE] = raw
    return result


# --------------------------------------------------------------------------------------
# Rendering one row
# --------------------------------------------------------------------------------------
def stedelijkheid(oad: float | None) -> int | None:
    """CBS's mate van stedelijkheid (1-5) from the omgevingsadressendichtheid."""
    if oad is None:
        return None
    for code, lower in ((1, 2500), (2, 1500), (3, 1000), (4, 500)):
        if oad >= lower:
            return code
    return 5


def topic_values(raw: dict, rounded: bool) -> dict:
    """topic id -> value for every numeric topic (before the presence and suppression rules).

    rounded: wijk or buurt, whose counts CBS rounds (to 5, uitkeringen to 10). A count that rounds to 0
    is 0, as CBS writes it; percentages and averages come from the unrounded counts.
    """

    def count(tid: str, x: float) -> int:
        if not rounded:
            return round_half_up(x)
        step = TOPIC_BY_ID[tid]["round_to"]
        return step * round_half_up(x / step)

    def ratio(num, den, factor=1.0):
        return num / den * factor if den else None

    def dbl(x, decimals=1):
        return None if x is None else round(x, decimals)

    def whole(x):
        return None if x is None else round_half_up(x)

    pop, hh, dwellings = raw["pop"], raw["hh"], raw["dwellings"]
    ages, married, nw = raw["ages"], raw["married"], raw["nw_parts"]
    nl, eu_in, be_in, eu_out, be_out = raw["herkomst"]
    huur = raw["corp"] + raw["overig"]
    land_ha = round_half_up(raw["land_km2"] * 100)
    oad = ratio(raw["oad_sum"], pop)
    exact = {
        "AantalInwoners": pop, "Mannen": raw["men"], "Vrouwen": pop - raw["men"],
        "k_0Tot15Jaar": ages[0], "k_15Tot25Jaar": ages[1], "k_25Tot45Jaar": ages[2], "k_45Tot65Jaar": ages[3],
        "k_65JaarOfOuder": ages[4],
        "Ongehuwd": married[0], "Gehuwd": married[1], "Gescheiden": married[2], "Verweduwd": married[3],
        "hk.Nederland": nl, "hk.Europa": eu_in + eu_out, "hk.Buiten": be_in + be_out,
        "hk_in.Nederland": nl, "hk_in.Europa": eu_in, "hk_in.Buiten": be_in,
        "hk_out.Europa": eu_out, "hk_out.Buiten": be_out,
        "GeboorteTotaal": raw["births"], "SterfteTotaal": raw["deaths"],
        "HuishoudensTotaal": hh, "Eenpersoonshuishoudens": raw["hh_types"][0],
        "HuishoudensZonderKinderen": raw["hh_types"][1], "HuishoudensMetKinderen": raw["hh_types"][2],
        "Woningvoorraad": dwellings, "NieuwbouwWoningen": raw["nieuwbouw"],
        "AantalInkomensontvangers": raw["ontvangers"],
        "PersonenPerSoortUitkeringBijstand": raw["bijstand"], "PersonenPerSoortUitkeringAO": raw["ao"],
        "PersonenPerSoortUitkeringWW": raw["ww"], "PersonenPerSoortUitkeringAOW": raw["aow"],
        "JongerenMetJeugdzorgInNatura": raw["jz_n"], "WmoClienten": raw["wmo_n"],
        "BedrijfsvestigingenTotaal": raw["bedrijven"], "PersonenautoSTotaal": raw["cars"],
    }
    values = {tid: count(tid, x) for tid, x in exact.items()}
    values.update({
        "WestersTotaal": whole(ratio(raw["westers"], pop, 100)),
        "NietWestersTotaal": whole(ratio(sum(nw), pop, 100)),
        "Marokko": whole(ratio(nw[0], pop, 100)),
        "NederlandseAntillenEnAruba": whole(ratio(nw[1], pop, 100)),
        "Suriname": whole(ratio(nw[2], pop, 100)),
        "Turkije": whole(ratio(nw[3], pop, 100)),
        "OverigNietWesters": whole(ratio(nw[4], pop, 100)),
        "GeboorteRelatief": dbl(ratio(raw["births"], pop, 1000)),
        "SterfteRelatief": dbl(ratio(raw["deaths"], pop, 1000)),
        "GemiddeldeHuishoudensgrootte": dbl(ratio(pop, hh)),
        "Bevolkingsdichtheid": whole(ratio(pop, raw["land_km2"])),
        "woz": whole(ratio(raw["woz_sum"], dwellings)),
        "PercentageEengezinswoning": whole(ratio(dwellings - raw["dw_types"][0], dwellings, 100)),
        "PercentageMeergezinswoning": whole(ratio(raw["dw_types"][0], dwellings, 100)),
        "Koopwoningen": whole(ratio(raw["koop"], dwellings, 100)),
        "HuurwoningenTotaal": whole(ratio(huur, dwellings, 100)),
        "InBezitWoningcorporatie": whole(ratio(raw["corp"], dwellings, 100)),
        "InBezitOverigeVerhuurders": whole(ratio(raw["overig"], dwellings, 100)),
        "PercentageWoningenMetStadsverwarming": whole(ratio(raw["stadsverwarming"], dwellings, 100)),
        "Nettoarbeidsparticipatie": dbl(ratio(raw["werkzaam"], raw["arb_pop"], 100)),
        "PercentageWerknemers": dbl(ratio(raw["werknemers"], raw["werkzaam"], 100)),
        "PercentageZelfstandigen": dbl(ratio(raw["werkzaam"] - raw["werknemers"], raw["werkzaam"], 100)),
        "GemiddeldInkomenPerInkomensontvanger": dbl(ratio(raw["inc_sum"], raw["ontvangers"])),
        "GemiddeldInkomenPerInwoner": dbl(ratio(raw["inc_sum"], pop)),
        "k_40PersonenMetLaagsteInkomen": whole(ratio(raw["p40_n"], pop, 100)),
        "k_20PersonenMetHoogsteInkomen": whole(ratio(raw["p20_n"], pop, 100)),
        "PersonenInArmoede": dbl(ratio(raw["armoede_n"], pop, 100)),
        "PersonenTot25BovenArmoedegrens": dbl(ratio(raw["armoede25_n"], pop, 100)),
        "gestandaardiseerd": dbl(ratio(raw["gest_sum"], hh)),
        "k_40HuishoudensMetLaagsteInkomen": whole(ratio(raw["h40_n"], hh, 100)),
        "k_20HuishoudensMetHoogsteInkomen": whole(ratio(raw["h20_n"], hh, 100)),
        "HuishoudensMetEenLaagInkomen": dbl(ratio(raw["laag_n"], hh, 100)),
        "HuishOnderOfRondSociaalMinimum": dbl(ratio(raw["smin_n"], hh, 100)),
        "HuishoudensTot110VanSociaalMinimum": dbl(ratio(raw["s110_n"], hh, 100)),
        "HuishoudensTot120VanSociaalMinimum": dbl(ratio(raw["s120_n"], hh, 100)),
        "MediaanVermogenVanParticuliereHuish": whole(ratio(raw["verm_sum"], hh)),
        "PercentageJongerenMetJeugdzorg": dbl(ratio(raw["jz_n"], raw["youth"], 100)),
        "WmoClientenRelatief": dbl(ratio(raw["wmo_n"], pop, 1000)),
        "PersonenautoSPerHuishouden": dbl(ratio(raw["cars"], hh)),
        "AfstandTotHuisartsenpraktijk": dbl(ratio(raw["huisarts_sum"], pop)),
        "AfstandTotGroteSupermarkt": dbl(ratio(raw["supermarkt_sum"], pop)),
        "AfstandTotKinderdagverblijf": dbl(ratio(raw["kdv_sum"], pop)),
        "AfstandTotSchool": dbl(ratio(raw["afstand_sum"], pop)),
        "ScholenBinnen3Km": dbl(ratio(raw["scholen_sum"], pop)),
        "OppervlakteTotaal": int(raw["area_ha"]),
        "OppervlakteLand": land_ha,
        "OppervlakteWater": int(raw["area_ha"]) - land_ha,
        "MateVanStedelijkheid": stedelijkheid(oad),
        "Omgevingsadressendichtheid": whole(oad),
    })
    for prefix, key in (("elec", "elec_types"), ("gas", "gas_types")):
        sums, tenure = raw[key], raw[key.replace("types", "tenure")]
        values[f"{prefix}.Totaal"] = values[f"{prefix}.2024"] = whole(ratio(sum(sums), dwellings))
        for (stem, _), total, n in zip(DWELLING_TYPES, sums, raw["dw_types"]):
            values[f"{prefix}.{stem}"] = whole(ratio(total, n))
        values[f"{prefix}.Huurwoning"] = whole(ratio(tenure[0], huur))
        values[f"{prefix}.EigenWoning"] = whole(ratio(tenure[1], raw["koop"]))
    return values


# --------------------------------------------------------------------------------------
# Building one table
# --------------------------------------------------------------------------------------
def pad(text: str, width: int) -> str:
    return text.ljust(width)


def topics_for(year: int) -> tuple[list[dict], list[tuple[str, str]]]:
    """DataProperties entries after the GeoDimension, and (Key, topic id) per topic in table order.

    A topic's Position is the number in its Key: the positions of left-out topics stay empty.
    """
    entries: list[dict] = []
    keys: list[tuple[str, str]] = []
    counters = {"id": 1}

    def present(node) -> bool:
        if node["kind"] == "topic":
            return year in node["positions"]
        return any(present(child) for child in node["children"])

    def note(description: str, groups: tuple[str, ...]) -> str:
        if year == PROVISIONAL_YEAR and PROVISIONAL_GROUPS.intersection(groups):
            return f"{description} {PROVISIONAL_NOTE}"
        if year == LATER_YEAR and LATER_GROUPS.intersection(groups):
            return f"{description} {LATER_NOTE}"
        return description

    def walk(nodes, parent_id, groups):
        for node in nodes:
            if not present(node):
                continue
            node_id = counters["id"]
            counters["id"] += 1
            if node["kind"] == "group":
                inside = (*groups, node["key"])
                entries.append({
                    "odata.type": "Cbs.OData.TopicGroup", "ID": node_id, "Position": None,
                    "ParentID": parent_id, "Type": "TopicGroup", "Key": node["key"],
                    "Title": node["title"], "Description": note(node["description"], inside),
                })
                walk(node["children"], node_id, inside)
            else:
                position = node["positions"][year]
                stem, title = stem_and_title(node, year)
                key = f"{stem}_{position}"
                entries.append({
                    "odata.type": "Cbs.OData.Topic", "ID": node_id, "Position": position,
                    "ParentID": parent_id, "Type": "Topic", "Key": key,
                    "Title": title, "Description": note(node["description"], groups),
                    "Datatype": node["datatype"], "Unit": node["unit"], "Decimals": node["decimals"],
                    "Default": "Impossible" if node["datatype"] == "String" else "Missing",
                    "PresentationType": node["presentation"],
                })
                keys.append((key, node["id"]))

    walk(TOPIC_TREE, None, ())
    positions = [int(key.rsplit("_", 1)[1]) for key, _ in keys]
    if positions != sorted(set(positions)):
        raise AssertionError(f"{year}: topic positions do not increase in table order: {positions}")
    return entries, keys


def region_rows(year: int) -> list[dict]:
    """Regions in CBS order: NL00, gemeente, then each wijk followed by its buurten."""
    rows = [
        {"code": NATIONAL_CODE, "title": "Nederland", "soort": "Land", "gemeentenaam": "Nederland",
         "municipality": None, "group": "1", "description": None},
        {"code": GEMEENTE_CODE, "title": GEMEENTE_NAME, "soort": "Gemeente", "gemeentenaam": GEMEENTE_NAME,
         "municipality": GEMEENTE_CODE, "group": "2", "description": "Gemeente Soest (provincie Utrecht)."},
    ]
    buurten = buurt_list()
    for wijk in WIJKEN:
        title = wijk["name"]
        if "renamed_in" in wijk and year < wijk["renamed_in"]:
            title = wijk["old_name"]
        rows.append({"code": wijk["code"], "title": title, "soort": "Wijk", "gemeentenaam": GEMEENTE_NAME,
                     "municipality": GEMEENTE_CODE, "group": "3", "description": None})
        for buurt in buurten:
            if buurt["wijk"] is wijk:
                rows.append({"code": buurt["code"], "title": PADDED_TITLES.get(buurt["name"], buurt["name"]),
                             "soort": "Buurt", "gemeentenaam": GEMEENTE_NAME,
                             "municipality": GEMEENTE_CODE, "group": "4", "description": None})
    for code, name, _, _ in REFERENTIEGEMEENTEN:
        rows.append({"code": code, "title": name, "soort": "Gemeente", "gemeentenaam": name, "municipality": code,
                     "group": "2", "description": f"Gemeente {name} (provincie Utrecht); fictieve demo-cijfers."})
    return rows


def build_table(year: int, simulation: dict) -> dict[str, list]:
    table_id = TABLES[year]
    properties, topic_keys = topics_for(year)
    regions = region_rows(year)

    dataset = []
    for index, region in enumerate(regions):
        code = region["code"]
        raw = simulation[year][code]
        values = topic_values(raw, rounded=region["soort"] in {"Wijk", "Buurt"})
        strings = {
            "Gemeentenaam": pad(region["gemeentenaam"], 40),
            "SoortRegio": pad(region["soort"], 10),
            "Codering": pad(code, 10),
            "Indelingswijziging": "1",
        }
        tiny = region["soort"] == "Buurt" and raw["pop"] < SMALL_BUURT
        row = {"ID": index, "WijkenEnBuurten": pad(code, 10)}
        for key, tid in topic_keys:
            if tid in STRING_TOPICS:
                row[key] = strings[tid]
                continue
            value = values[tid]
            if year == LATER_YEAR and tid in LATER_TOPICS:
                value = None  # not yet published
            if tiny and tid in SMALL_SUPPRESSED:
                value = None  # secret
            row[key] = value
        dataset.append(row)

    # A handful of extra secret buurt cells (deterministic per table).
    rng = rng_for("suppress", table_id)
    candidates = sorted(
        (row["ID"], key)
        for row, region in zip(dataset, regions)
        if region["soort"] == "Buurt"
        for key, tid in topic_keys
        if tid in RANDOM_SUPPRESSION and row[key] is not None
    )
    how_many = 3 + int(rng.random() * 3)  # 3..5
    chosen = sorted(candidates, key=lambda _: rng.random())[:how_many]
    for row_id, key in chosen:
        dataset[row_id][key] = None

    geo = {
        "odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
        "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten",
        "Description": "Nederland, gemeenten, wijken en buurten volgens de gemeentelijke indeling "
                       f"op 1 januari {year}.",
        "MapYear": str(year), "ReleasePolicy": True,
    }
    title = f"Kerncijfers wijken en buurten {year}"
    status_note = {
        PROVISIONAL_YEAR: " De inkomenscijfers zijn voorlopig (zie de toelichting bij die onderwerpen).",
        LATER_YEAR: " Cijfers over inkomen, sociale zekerheid en zorg worden later in het jaar toegevoegd.",
    }.get(year, "")
    table_info = {
        "ID": 0,
        "Title": title,
        "ShortTitle": title,
        "Identifier": table_id,
        "Summary": f"Kerncijfers over bevolking, huishoudens, wonen, energie, arbeid, inkomen, sociale zekerheid, "
                   f"zorg en nabijheid van voorzieningen per wijk en buurt, {year}.",
        "Modified": MODIFIED[year],
        "ReasonDelivery": "Actualisering",
        "ExplanatoryText": "",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Eenmalig",
        "Period": str(year),
        "ShortDescription": f"Demotabel in het formaat van CBS-tabel {table_id} voor gemeente Soest. "
                            "Dit zijn FICTIEVE voorbeeldcijfers.",
        "Description": f"Deze tabel bevat kerncijfers per wijk en buurt voor {year} in het formaat van "
                       f"CBS-tabel {table_id}. Dit zijn FICTIEVE voorbeeldcijfers, gegenereerd door "
                       "tools/demo/kwb.py voor de demo van de Monitor Sociaal Domein; "
                       "het zijn geen cijfers van het CBS. Aantallen voor wijken en buurten zijn "
                       "afgerond op vijftallen (uitkeringen op tientallen); geheime of nog niet gepubliceerde "
                       "cijfers zijn leeg." + status_note,
        "DefaultPresentation": "",
        "DefaultSelection": "",
        "GraphTypes": "Table,Bar,Map",
        "OutputStatus": "Regulier",
        "Status": "Regulier",
        "Source": "Fictief (demodata), in het formaat van CBS Statline.",
        "MetaDataModified": MODIFIED[year],
        "SearchPriority": "2",
        "RecordCount": len(dataset),
        "ColumnCount": 2 + len(topic_keys),
    }
    wijken_en_buurten = [
        {"Key": pad(r["code"], 10), "Title": r["title"], "Description": r["description"],
         "Municipality": r["municipality"], "DimensionGroupId": r["group"]}
        for r in regions
    ]
    return {
        "TableInfos": [table_info],
        "DataProperties": [geo, *properties],
        "TypedDataSet": dataset,
        "WijkenEnBuurten": wijken_en_buurten,
        "CategoryGroups": [],
    }


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
def _write_json(path: Path, obj, indent: int) -> str:
    text = json.dumps(obj, indent=indent)  # same bytes as json.dump(obj, fp, indent=...)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def write_snapshot(directory: Path, tables: dict[str, list], manifest: dict) -> Path:
    """One table as cbsodata saves it (a JSON file per OData sub-table) plus our manifest with every file's sha256.

    manifest: the provenance fields, in the order they are written; "demo": true and "files" are added.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files = {f"{name}.json": _write_json(directory / f"{name}.json", obj, CBSODATA_JSON_INDENT)
             for name, obj in tables.items()}
    _write_json(directory / "manifest.json", {**manifest, "demo": True, "files": dict(sorted(files.items()))}, 2)
    return directory


def generator_main(argv: list[str] | None, doc: str, generate) -> int:
    """The command line every demo generator shares: --out DIR, then the directories written."""
    parser = argparse.ArgumentParser(description=doc.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    written = generate(args.out)
    for directory in written if isinstance(written, list) else [written]:
        print(directory)
    return 0


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every demo table under out_dir/cbs/<table_id>/; returns the table directories."""
    simulation = simulate()
    return [
        write_snapshot(Path(out_dir) / "cbs" / TABLES[year], build_table(year, simulation), {
            "source": "cbs_kwb", "table_id": TABLES[year], "year": year, "catalog_url": CATALOG_URL,
            "retrieved_at": KWB_RETRIEVED_AT,
        })
        for year in YEARS
    ]


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
