"""Deterministic generator for the FICTIONAL demo data in data/raw/demo.

Run: ``python -m tools.demo.kwb [--out DIR]`` (default DIR is
``data/raw/demo`` in the project root). Standard library plus the table
registry of pipelines.sources.cbs_kwb.

What it produces
----------------
For each year 2019-2024 one CBS table "Kerncijfers wijken en buurten <year>"
(2019 84583NED, 2020 84799NED, 2021 85039NED, 2022 85318NED, 2023 85618NED,
2024 85984NED) for gemeente Soest (GM0342), laid out exactly as the client
``cbsodata`` 1.3.5 leaves it on disk after ``cbsodata.download_data(table_id,
dir=D)``: one JSON file per OData sub-table holding the list that was the
``value`` of the OData response, written with ``json.dump(obj, fp, indent=2)``
(that is what cbsodata 1.3.5's ``_save_data`` does)::

    DIR/cbs/<table_id>/TableInfos.json
    DIR/cbs/<table_id>/DataProperties.json
    DIR/cbs/<table_id>/TypedDataSet.json
    DIR/cbs/<table_id>/WijkenEnBuurten.json
    DIR/cbs/<table_id>/CategoryGroups.json
    DIR/cbs/<table_id>/manifest.json      (ours, not cbsodata's: provenance + sha256 per file)

Rows: Nederland (NL00), Soest (GM0342), its 8 wijken (WK034201..WK034208, real
wijk names) and 34 invented buurten (BU034201yy). Codes are right-padded to 10
characters, Gemeentenaam_1 to 40, SoortRegio_2 to 10, as CBS does.

The quirks of the real tables are imitated on purpose, so the loader can be
tested against them:

- topic keys carry a position suffix that shifts between years because
  variables come and go (HuishoudensTotaal_28 in 2019, then _29, _29, _30, _23, _24);
- HuishoudensTot120VanSociaalMinimum does not exist in the 2019 table;
- wijk WK034206 is titled "Soestdijk-'t Hart" in 2019-2021 and
  "Soestdijk 't Hart" from 2022 (latest name wins);
- two buurt titles carry trailing spaces;
- counts for wijken and buurten are rounded to multiples of 5 (uitkeringen to
  10); gemeente and Nederland are exact;
- suppressed or unpublished figures are null, never 0: buurt "Vliegbasis"
  (< 200 inwoners), 3-5 random buurt cells per table, and in the 2024 table
  every income, uitkering, jeugdzorg and Wmo figure (published later by CBS).

ALL FIGURES ARE FICTIONAL. They are plausible in size and trend but are not
CBS statistics and must never be presented as facts about Soest.

Determinism: every random draw comes from ``random.Random`` seeded through
sha256 of a fixed label, and only ``Random.random()`` is used (its sequence is
stable across Python versions). No clock is read; the manifest carries a fixed
``retrieved_at``. Running the script twice yields byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
from pathlib import Path

from pipelines.sources.cbs_kwb import KWB_TABLES
from pipelines.demo import DEFAULT_DEMO_DIR

DEFAULT_OUT = DEFAULT_DEMO_DIR

SEED = "monitor-sociaal-domein-demo-v1"
RETRIEVED_AT = "2025-01-15T00:00:00Z"
CATALOG_URL = "demo (fictief, gegenereerd door tools/demo/kwb.py)"
CBSODATA_JSON_INDENT = 2  # cbsodata 1.3.5, cbsodata3._save_data: json.dump(data, f, indent=2)

DEMO_YEARS = range(2019, 2025)
TABLES = {year: KWB_TABLES[year] for year in DEMO_YEARS}  # the real table ids, one registry
YEARS = tuple(sorted(TABLES))
PROVISIONAL_YEAR = 2024  # income, uitkering, jeugdzorg and Wmo not yet published
MODIFIED = {
    2019: "2020-07-29T02:00:00",
    2020: "2021-06-30T02:00:00",
    2021: "2022-07-28T02:00:00",
    2022: "2023-06-29T02:00:00",
    2023: "2024-07-31T02:00:00",
    2024: "2024-11-29T02:00:00",
}

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
# CBS titles of wijken and buurten sometimes carry trailing spaces; imitate it for two buurten.
PADDED_TITLES = {"Kerkebuurt": "Kerkebuurt          ", "Vinkenbuurt": "Vinkenbuurt    "}

# Nederland (NL00), generated top-down; same parameter names as a buurt state.
NEDERLAND = {
    "pop": 17_281_874, "p65": 0.191, "hhs": 2.14, "laag": 7.8, "laag_drift": -0.10, "inc": 29.2,
    "woz": 252, "jz": 10.4, "wmo": 64.0, "wmo_drift": 1.0, "nw": 0.139, "scholen": 7.9,
    "afstand": 0.7, "area_ha": 4_154_300, "land_km2": 33_670.0,
}
NL_GROWTH = {2020: 0.0072, 2021: 0.0040, 2022: 0.0066, 2023: 0.0125, 2024: 0.0075}
WOZ_GROWTH = {2020: 0.069, 2021: 0.078, 2022: 0.128, 2023: 0.151, 2024: 0.021}

SMALL_BUURT = 200  # fewer inhabitants: income, uitkering, zorg and relative figures are secret

# --------------------------------------------------------------------------------------
# Topics (DataProperties), in table order. years=None: present in every table.
# --------------------------------------------------------------------------------------
ALL = None


def T(stem, title, unit, datatype, decimals, description, years=ALL, presentation=None):
    if presentation is None:
        presentation = "Relative" if unit in {"%", "per 1 000 inwoners"} else "Absolute"
    return {"kind": "topic", "stem": stem, "title": title, "unit": unit, "datatype": datatype,
            "decimals": decimals, "description": description, "years": years,
            "presentation": presentation}


def G(key, title, description, children):
    return {"kind": "group", "key": key, "title": title, "description": description, "children": children}


Y = lambda first, last: tuple(range(first, last + 1))  # noqa: E731

TOPIC_TREE = [
    G("Regioaanduiding", "Regioaanduiding", "Gegevens ter identificatie van de regio.", [
        T("Gemeentenaam", "Gemeentenaam", "", "String", 0,
          "Naam van de gemeente waartoe de regio behoort."),
        T("SoortRegio", "Soort regio", "", "String", 0,
          "Aanduiding van het regioniveau: Land, Gemeente, Wijk of Buurt."),
        T("Codering", "Codering", "", "String", 0,
          "Code van de regio volgens de CBS-indeling van wijken en buurten."),
        T("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten", "", "String", 0,
          "Code 1: de regio is ongewijzigd ten opzichte van de vorige indeling."),
    ]),
    G("Bevolking", "Bevolking", "Bevolking op 1 januari.", [
        T("AantalInwoners", "Aantal inwoners", "aantal", "Long", 0,
          "Het aantal inwoners op 1 januari volgens de Basisregistratie Personen (BRP)."),
        T("Mannen", "Mannen", "aantal", "Long", 0, "Het aantal mannelijke inwoners op 1 januari."),
        T("Vrouwen", "Vrouwen", "aantal", "Long", 0, "Het aantal vrouwelijke inwoners op 1 januari."),
        G("Leeftijdsgroepen", "Leeftijdsgroepen", "Inwoners naar leeftijd op 1 januari.", [
            T("k_0Tot15Jaar", "0 tot 15 jaar", "aantal", "Long", 0, "Inwoners van 0 tot 15 jaar."),
            T("k_15Tot25Jaar", "15 tot 25 jaar", "aantal", "Long", 0, "Inwoners van 15 tot 25 jaar."),
            T("k_25Tot45Jaar", "25 tot 45 jaar", "aantal", "Long", 0, "Inwoners van 25 tot 45 jaar."),
            T("k_45Tot65Jaar", "45 tot 65 jaar", "aantal", "Long", 0, "Inwoners van 45 tot 65 jaar."),
            T("k_65JaarOfOuder", "65 jaar of ouder", "aantal", "Long", 0, "Inwoners van 65 jaar of ouder."),
        ]),
        G("BurgerlijkeStaat", "Burgerlijke staat", "Inwoners naar burgerlijke staat op 1 januari.", [
            T("Ongehuwd", "Ongehuwd", "aantal", "Long", 0, "Inwoners die nooit gehuwd zijn geweest."),
            T("Gehuwd", "Gehuwd", "aantal", "Long", 0,
              "Inwoners die gehuwd zijn of een geregistreerd partnerschap hebben."),
            T("Gescheiden", "Gescheiden", "aantal", "Long", 0, "Inwoners van wie het huwelijk is ontbonden."),
            T("Verweduwd", "Verweduwd", "aantal", "Long", 0, "Inwoners van wie de partner is overleden."),
        ]),
        G("Migratieachtergrond", "Migratieachtergrond", "Inwoners naar migratieachtergrond.", [
            T("WestersTotaal", "Westers totaal", "aantal", "Long", 0,
              "Inwoners met een westerse migratieachtergrond.", Y(2019, 2022)),
            T("NietWestersTotaal", "Niet-westers totaal", "aantal", "Long", 0,
              "Inwoners met een niet-westerse migratieachtergrond.", Y(2019, 2022)),
            T("Marokko", "Marokko", "aantal", "Long", 0,
              "Inwoners met een Marokkaanse migratieachtergrond.", Y(2019, 2022)),
            T("NederlandseAntillenEnAruba", "Nederlandse Antillen en Aruba", "aantal", "Long", 0,
              "Inwoners met een Antilliaanse of Arubaanse migratieachtergrond.", Y(2019, 2022)),
            T("Suriname", "Suriname", "aantal", "Long", 0,
              "Inwoners met een Surinaamse migratieachtergrond.", Y(2019, 2022)),
            T("Turkije", "Turkije", "aantal", "Long", 0,
              "Inwoners met een Turkse migratieachtergrond.", Y(2019, 2022)),
            T("OverigNietWesters", "Overig niet-westers", "aantal", "Long", 0,
              "Inwoners met een overige niet-westerse migratieachtergrond.", Y(2019, 2022)),
        ]),
        G("Herkomst", "Herkomst", "Inwoners naar geboorteland.", [
            T("GeborenInNederland", "Geboren in Nederland", "aantal", "Long", 0,
              "Inwoners die in Nederland zijn geboren.", Y(2020, 2024)),
            T("GeborenBuitenNederland", "Geboren buiten Nederland", "aantal", "Long", 0,
              "Inwoners die buiten Nederland zijn geboren.", Y(2024, 2024)),
        ]),
        G("GeboorteEnSterfte", "Geboorte en sterfte", "Levendgeborenen en overledenen in het voorgaande jaar.", [
            T("GeboorteTotaal", "Geboorte totaal", "aantal", "Long", 0,
              "Aantal levendgeborenen in het voorgaande kalenderjaar."),
            T("GeboorteRelatief", "Geboorte relatief", "per 1 000 inwoners", "Double", 1,
              "Levendgeborenen per 1 000 inwoners."),
            T("SterfteTotaal", "Sterfte totaal", "aantal", "Long", 0,
              "Aantal overledenen in het voorgaande kalenderjaar."),
            T("SterfteRelatief", "Sterfte relatief", "per 1 000 inwoners", "Double", 1,
              "Overledenen per 1 000 inwoners."),
        ]),
        T("Bevolkingsdichtheid", "Bevolkingsdichtheid", "aantal inwoners per km²", "Long", 0,
          "Aantal inwoners per km² land.", Y(2022, 2024), "Relative"),
    ]),
    G("Huishoudens", "Huishoudens", "Particuliere huishoudens op 1 januari.", [
        T("HuishoudensTotaal", "Huishoudens totaal", "aantal", "Long", 0,
          "Het aantal particuliere huishoudens op 1 januari."),
        T("Eenpersoonshuishoudens", "Eenpersoonshuishoudens", "aantal", "Long", 0,
          "Huishoudens bestaande uit één persoon."),
        T("HuishoudensZonderKinderen", "Huishoudens zonder kinderen", "aantal", "Long", 0,
          "Meerpersoonshuishoudens zonder thuiswonende kinderen."),
        T("HuishoudensMetKinderen", "Huishoudens met kinderen", "aantal", "Long", 0,
          "Meerpersoonshuishoudens met één of meer thuiswonende kinderen."),
        T("GemiddeldeHuishoudensgrootte", "Gemiddelde huishoudensgrootte", "aantal", "Double", 1,
          "Aantal personen in particuliere huishoudens gedeeld door het aantal huishoudens.",
          presentation="Relative"),
    ]),
    G("Wonen", "Wonen", "Woningen op 1 januari.", [
        T("Woningvoorraad", "Woningvoorraad", "aantal", "Long", 0, "Het aantal woningen op 1 januari."),
        T("GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen", "x 1 000 euro", "Long", 0,
          "Gemiddelde waarde van woningen volgens de Wet waardering onroerende zaken.",
          presentation="Relative"),
    ]),
    G("Inkomen", "Inkomen", "Inkomen van personen en huishoudens.", [
        T("GemiddeldInkomenPerInwoner", "Gemiddeld inkomen per inwoner", "x 1 000 euro", "Double", 1,
          "Het rekenkundig gemiddeld persoonlijk inkomen per inwoner.", presentation="Relative"),
        T("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen", "%", "Double", 1,
          "Particuliere huishoudens met een inkomen onder de lage-inkomensgrens, in procenten van "
          "de huishoudens met een bekend inkomen."),
        T("HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum", "%", "Double", 1,
          "Particuliere huishoudens met een inkomen tot 101% van het sociaal minimum, in procenten "
          "van de huishoudens met een bekend inkomen."),
        T("HuishoudensTot120VanSociaalMinimum", "Huishoudens tot 120% van sociaal minimum", "%", "Double", 1,
          "Particuliere huishoudens met een inkomen tot 120% van het sociaal minimum, in procenten "
          "van de huishoudens met een bekend inkomen.", Y(2020, 2024)),
    ]),
    G("SocialeZekerheid", "Sociale zekerheid", "Personen met een uitkering.", [
        T("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand", "aantal", "Long", 0,
          "Personen met een algemene bijstandsuitkering (Participatiewet)."),
        T("PersonenPerSoortUitkeringAOW", "Personen per soort uitkering; AOW", "aantal", "Long", 0,
          "Personen met een uitkering volgens de Algemene Ouderdomswet (AOW)."),
    ]),
    G("Zorg", "Zorg", "Jeugdzorg en Wmo-ondersteuning.", [
        T("JongerenMetJeugdzorgInNatura", "Jongeren met jeugdzorg in natura", "aantal", "Long", 0,
          "Jongeren tot 23 jaar die jeugdzorg in natura ontvangen."),
        T("PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg", "%", "Double", 1,
          "Jongeren met jeugdzorg in natura in procenten van alle jongeren tot 23 jaar."),
        T("WmoClienten", "Wmo-cliënten", "aantal", "Long", 0,
          "Personen die een maatwerkvoorziening ontvangen op grond van de Wmo 2015."),
        T("WmoClientenRelatief", "Wmo-cliënten relatief", "per 1 000 inwoners", "Double", 1,
          "Wmo-cliënten per 1 000 inwoners."),
    ]),
    G("Motorvoertuigen", "Motorvoertuigen", "Motorvoertuigen op 1 januari.", [
        T("PersonenautoSTotaal", "Personenauto's totaal", "aantal", "Long", 0,
          "Personenauto's waarvan de kentekenhouder in de regio woont.", Y(2019, 2021)),
    ]),
    G("NabijheidVoorzieningen", "Nabijheid voorzieningen", "Afstanden over de weg vanaf woonadressen.", [
        T("AfstandTotSchool", "Afstand tot basisschool", "km", "Double", 1,
          "Gemiddelde afstand van alle inwoners tot de dichtstbijzijnde basisschool, over de weg.",
          presentation="Relative"),
        T("ScholenBinnen3Km", "Basisscholen binnen 3 km", "aantal", "Double", 1,
          "Gemiddeld aantal basisscholen binnen 3 km over de weg.", presentation="Relative"),
    ]),
    G("Oppervlakte", "Oppervlakte", "Oppervlakte op 1 januari.", [
        T("OppervlakteTotaal", "Oppervlakte totaal", "ha", "Long", 0,
          "Totale oppervlakte (land en water) in hectare.", Y(2021, 2024)),
    ]),
]

STRING_STEMS = ("Gemeentenaam", "SoortRegio", "Codering", "IndelingswijzigingWijkenEnBuurten")
# Not yet published in the PROVISIONAL_YEAR table: null in every row.
PROVISIONAL_STEMS = frozenset({
    "GemiddeldInkomenPerInwoner", "HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum",
    "HuishoudensTot120VanSociaalMinimum", "PersonenPerSoortUitkeringBijstand",
    "PersonenPerSoortUitkeringAOW", "JongerenMetJeugdzorgInNatura", "PercentageJongerenMetJeugdzorg",
    "WmoClienten", "WmoClientenRelatief",
})
# Secret in buurten with fewer than SMALL_BUURT inhabitants.
SMALL_SUPPRESSED_STEMS = PROVISIONAL_STEMS | {
    "GeboorteRelatief", "SterfteRelatief", "GemiddeldeWOZWaardeVanWoningen", "GemiddeldeHuishoudensgrootte",
}
# Candidates for the handful of random secret buurt cells per table.
RANDOM_SUPPRESSION_STEMS = PROVISIONAL_STEMS | {
    "Eenpersoonshuishoudens", "HuishoudensMetKinderen", "GemiddeldeWOZWaardeVanWoningen",
    "GeboorteTotaal", "SterfteTotaal",
}
ROUND_TO_10 = frozenset({"PersonenPerSoortUitkeringBijstand", "PersonenPerSoortUitkeringAOW"})


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
        for year in YEARS:
            if year != YEARS[0]:
                state = step_state(state, wijk, year, rng, tiny)
            result[year][buurt["code"]] = raw_quantities(state, buurt["code"], year)

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
        result[year][NATIONAL_CODE] = raw_quantities(state, NATIONAL_CODE, year)
    return result


# --------------------------------------------------------------------------------------
# Rendering one row
# --------------------------------------------------------------------------------------
def topic_values(raw: dict, rounded: bool) -> dict:
    """stem -> value for every numeric topic (before presence/suppression rules)."""

    def count(x: int, step: int = 5):
        if not rounded:
            return int(x)
        value = step * round_half_up(x / step)
        return value if value > 0 else None  # CBS: too small to publish; never write 0

    def dbl(x: float | None, decimals: int = 1):
        return None if x is None else round(x, decimals)

    def ratio(num, den, factor):
        return num / den * factor if den else None

    pop, hh = raw["pop"], raw["hh"]
    ages = raw["ages"]
    nw = raw["nw_parts"]
    return {
        "AantalInwoners": count(pop),
        "Mannen": count(raw["men"]),
        "Vrouwen": count(pop - raw["men"]),
        "k_0Tot15Jaar": count(ages[0]),
        "k_15Tot25Jaar": count(ages[1]),
        "k_25Tot45Jaar": count(ages[2]),
        "k_45Tot65Jaar": count(ages[3]),
        "k_65JaarOfOuder": count(ages[4]),
        "Ongehuwd": count(raw["married"][0]),
        "Gehuwd": count(raw["married"][1]),
        "Gescheiden": count(raw["married"][2]),
        "Verweduwd": count(raw["married"][3]),
        "WestersTotaal": count(raw["westers"]),
        "NietWestersTotaal": count(sum(nw)),
        "Marokko": count(nw[0]),
        "NederlandseAntillenEnAruba": count(nw[1]),
        "Suriname": count(nw[2]),
        "Turkije": count(nw[3]),
        "OverigNietWesters": count(nw[4]),
        "GeborenInNederland": count(raw["born_nl"]),
        "GeborenBuitenNederland": count(raw["born_abroad"]),
        "GeboorteTotaal": count(raw["births"]),
        "GeboorteRelatief": dbl(ratio(raw["births"], pop, 1000)),
        "SterfteTotaal": count(raw["deaths"]),
        "SterfteRelatief": dbl(ratio(raw["deaths"], pop, 1000)),
        "Bevolkingsdichtheid": round_half_up(pop / raw["land_km2"]),
        "HuishoudensTotaal": count(hh),
        "Eenpersoonshuishoudens": count(raw["hh_types"][0]),
        "HuishoudensZonderKinderen": count(raw["hh_types"][1]),
        "HuishoudensMetKinderen": count(raw["hh_types"][2]),
        "GemiddeldeHuishoudensgrootte": dbl(ratio(pop, hh, 1)),
        "Woningvoorraad": count(raw["dwellings"]),
        "GemiddeldeWOZWaardeVanWoningen": round_half_up(raw["woz_sum"] / raw["dwellings"]),
        "GemiddeldInkomenPerInwoner": dbl(ratio(raw["inc_sum"], pop, 1)),
        "HuishoudensMetEenLaagInkomen": dbl(ratio(raw["laag_n"], hh, 100)),
        "HuishOnderOfRondSociaalMinimum": dbl(ratio(raw["smin_n"], hh, 100)),
        "HuishoudensTot120VanSociaalMinimum": dbl(ratio(raw["s120_n"], hh, 100)),
        "PersonenPerSoortUitkeringBijstand": count(raw["bijstand"], 10),
        "PersonenPerSoortUitkeringAOW": count(raw["aow"], 10),
        "JongerenMetJeugdzorgInNatura": count(raw["jz_n"]),
        "PercentageJongerenMetJeugdzorg": dbl(ratio(raw["jz_n"], raw["youth"], 100)),
        "WmoClienten": count(raw["wmo_n"]),
        "WmoClientenRelatief": dbl(ratio(raw["wmo_n"], pop, 1000)),
        "PersonenautoSTotaal": count(raw["cars"]),
        "AfstandTotSchool": dbl(ratio(raw["afstand_sum"], pop, 1)),
        "ScholenBinnen3Km": dbl(ratio(raw["scholen_sum"], pop, 1)),
        "OppervlakteTotaal": int(raw["area_ha"]),
    }


# --------------------------------------------------------------------------------------
# Building one table
# --------------------------------------------------------------------------------------
def pad(text: str, width: int) -> str:
    return text.ljust(width)


def topics_for(year: int) -> list[dict]:
    """DataProperties entries after the GeoDimension; also assigns Keys (<stem>_<position>)."""
    entries: list[dict] = []
    counters = {"id": 1, "position": 1}

    def present(node) -> bool:
        if node["kind"] == "topic":
            return node["years"] is None or year in node["years"]
        return any(present(child) for child in node["children"])

    def walk(nodes, parent_id):
        for node in nodes:
            if not present(node):
                continue
            node_id = counters["id"]
            counters["id"] += 1
            if node["kind"] == "group":
                entries.append({
                    "odata.type": "Cbs.OData.TopicGroup", "ID": node_id, "Position": None,
                    "ParentID": parent_id, "Type": "TopicGroup", "Key": node["key"],
                    "Title": node["title"], "Description": node["description"],
                })
                walk(node["children"], node_id)
            else:
                position = counters["position"]
                counters["position"] += 1
                entries.append({
                    "odata.type": "Cbs.OData.Topic", "ID": node_id, "Position": position,
                    "ParentID": parent_id, "Type": "Topic", "Key": f"{node['stem']}_{position}",
                    "Title": node["title"], "Description": node["description"],
                    "Datatype": node["datatype"], "Unit": node["unit"], "Decimals": node["decimals"],
                    "Default": "Impossible" if node["datatype"] == "String" else "Missing",
                    "PresentationType": node["presentation"],
                })

    walk(TOPIC_TREE, None)
    return entries


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
    return rows


def build_table(year: int, simulation: dict) -> dict[str, list]:
    table_id = TABLES[year]
    properties = topics_for(year)
    topic_keys = [(p["Key"], p["Key"].rsplit("_", 1)[0]) for p in properties if p["Type"] == "Topic"]
    regions = region_rows(year)

    dataset = []
    for index, region in enumerate(regions):
        code = region["code"]
        raw = simulation[year][code]
        lowest = region["soort"] in {"Wijk", "Buurt"}
        values = topic_values(raw, rounded=lowest)
        strings = {
            "Gemeentenaam": pad(region["gemeentenaam"], 40),
            "SoortRegio": pad(region["soort"], 10),
            "Codering": pad(code, 10),
            "IndelingswijzigingWijkenEnBuurten": "1",
        }
        row = {"ID": index, "WijkenEnBuurten": pad(code, 10)}
        for key, stem in topic_keys:
            if stem in strings:
                row[key] = strings[stem]
                continue
            value = values[stem]
            if year == PROVISIONAL_YEAR and stem in PROVISIONAL_STEMS:
                value = None
            if region["soort"] == "Buurt" and raw["pop"] < SMALL_BUURT and stem in SMALL_SUPPRESSED_STEMS:
                value = None
            row[key] = value
        dataset.append(row)

    # A handful of extra secret buurt cells (deterministic per table).
    rng = rng_for("suppress", table_id)
    candidates = sorted(
        (row["ID"], key)
        for row, region in zip(dataset, regions)
        if region["soort"] == "Buurt"
        for key, stem in topic_keys
        if stem in RANDOM_SUPPRESSION_STEMS and row[key] is not None
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
    table_info = {
        "ID": 0,
        "Title": title,
        "ShortTitle": title,
        "Identifier": table_id,
        "Summary": f"Kerncijfers over bevolking, huishoudens, wonen, inkomen, sociale zekerheid, zorg en "
                   f"nabijheid van voorzieningen per wijk en buurt, {year}.",
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
                       "afgerond op vijftallen; geheime of nog niet gepubliceerde cijfers zijn leeg.",
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


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every demo table under out_dir/cbs/<table_id>/; returns the table directories."""
    simulation = simulate()
    directories = []
    for year in YEARS:
        table_id = TABLES[year]
        directory = Path(out_dir) / "cbs" / table_id
        directory.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, obj in build_table(year, simulation).items():
            files[f"{name}.json"] = _write_json(directory / f"{name}.json", obj, CBSODATA_JSON_INDENT)
        manifest = {
            "source": "cbs_kwb",
            "table_id": table_id,
            "year": year,
            "catalog_url": CATALOG_URL,
            "retrieved_at": RETRIEVED_AT,
            "demo": True,
            "files": dict(sorted(files.items())),
        }
        _write_json(directory / "manifest.json", manifest, 2)
        directories.append(directory)
    return directories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output directory (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    for directory in generate(args.out):
        print(directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
