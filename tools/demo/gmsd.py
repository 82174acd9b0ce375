"""Deterministic generator for the FICTIONAL GMSD demo data in data/raw/demo/gmsd.

Run: ``python -m tools.demo.gmsd [--out DIR]`` (default DIR is
``data/raw/demo`` in the project root, as for tools.demo.kwb).
Standard library plus tools.demo.kwb, whose wijken, seeding and writing it reuses.

What it produces
----------------
For each year 2022-2024 one table of the CBS Gemeentelijke Monitor Sociaal
Domein (GMSD), "Gebruik voorzieningen sociaal domein; aantal voorzieningen,
wijken" (catalog opendata.cbs.nl; 2022 85375NED, 2023 85637NED, 2024
85994NED), for gemeente Soest (GM0342), laid out exactly as the client
``cbsodata`` 1.3.5 leaves it on disk after ``cbsodata.download_data(table_id,
dir=D)``: one JSON file per OData sub-table holding the list that was the
``value`` of the OData response, written with ``json.dump(obj, fp, indent=2)``::

    DIR/gmsd/<table_id>/TableInfos.json
    DIR/gmsd/<table_id>/DataProperties.json
    DIR/gmsd/<table_id>/TypedDataSet.json
    DIR/gmsd/<table_id>/AantalVoorzieningen.json
    DIR/gmsd/<table_id>/SoortVoorzieningSociaalDomein.json
    DIR/gmsd/<table_id>/Wijken.json
    DIR/gmsd/<table_id>/Perioden.json
    DIR/gmsd/<table_id>/CategoryGroups.json
    DIR/gmsd/<table_id>/manifest.json   (ours, not cbsodata's: provenance + sha256 per file)

Four dimensions, in this order: ``AantalVoorzieningen`` (Totaal, 1, 2 and 3
maatwerkvoorzieningen), ``SoortVoorzieningSociaalDomein`` (Totaal, Alleen
Jeugd, Alleen P-wet, Alleen Wmo, Jeugd en P-wet, Jeugd en Wmo, P-wet en Wmo,
Jeugd, P-wet en Wmo), ``Wijken`` (Nederland NL01, Soest GM0342 and its 8
wijken WK034201-WK034208 with the names of tools.demo.kwb; no buurten) and
``Perioden`` (the year and its two half-years). TypedDataSet has one row per
combination (4 x 8 x 10 x 3 = 960 per table), the last dimension varying
fastest, with the 4 string topics of the Regioaanduiding group and two counts:
ClientenMetVoorzieningen_5 and HuishoudensMetVoorzieningen_6.

What is real and what is reconstructed
--------------------------------------
Real (public CBS pages and public code that queries these tables): the table
ids and titles, the dimension keys, the members and their titles, the keys of
SoortVoorzieningSociaalDomein (T001287, A041708-A041714), the topic keys and
titles, the period codes (``2024JJ00``, ``2024HJ01``, ``2024HJ02``) and the
layout of the table. Reconstructed: the keys of AantalVoorzieningen (T001019,
A048760-A048762 are CBS-style codes; the real ones are not public), every
Description text, the value of IndelingswijzeWijken_4 ("1"), the Modified
dates and the extra fields of TableInfos and of the Wijken code list (copied
from the Kerncijfers layout of tools.demo.kwb).

The quirks of the real tables are imitated on purpose, so the loader can be
tested against them:

- the geographic dimension is ``Wijken``, not ``WijkenEnBuurten`` as in the
  Kerncijfers tables, Nederland is ``NL01`` (``NL00`` in the Kerncijfers),
  and region keys and Codering_3 are right-padded to 10 characters;
- the titles vary between years: 2023's reads "aantal voorzieningen wijken,
  2023" (no comma before "wijken"), like 2022's on cbs.nl; 2024's has the comma;
- every table holds the year *and* its two half-years; the newest table
  (2024) is provisional: its period titles end in "*" ("2024*", "1e halfjaar
  2024*", "2e halfjaar 2024*") and their Status is "Voorlopig" ("Nader
  voorlopig" for the first half-year); 2022 and 2023 are "Definitief";
- a half-year count is lower than the year's (people with a voorziening in
  that half), typically 80-90 % of it;
- ALL counts, also for the gemeente and Nederland, are rounded to a multiple
  of 5; a cell with fewer than 8 people or households before rounding is
  suppressed: null in TypedDataSet (CBS shows "."), never 0;
- but some combination cells (Jeugd en P-wet, Jeugd en Wmo, P-wet en Wmo,
  Jeugd, P-wet en Wmo) with 0-2 people are a *published* 0, as CBS does for
  small regions;
- structurally impossible cells are null as well: a combination of two laws
  with "1 maatwerkvoorziening", or all three laws with 1 or 2;
- the parts of SoortVoorzieningSociaalDomein add up to Totaal (before
  rounding) and 1, 2 and 3 maatwerkvoorzieningen do *not* add up to Totaal
  (people with 4 or more are in Totaal only);
- households are classified by the voorzieningen of all their members, so for
  the combinations with Jeugd (a child with jeugdhulp, a parent with bijstand
  or Wmo) there are more households than clients; otherwise there are fewer.

The fictional model: per wijk, yearly rates per inhabitant for every soort,
higher for Jeugd where fewer people are 65+, for P-wet where the low-income
share ("laag" in tools.demo.kwb) is high and for Wmo where more people are 65+;
a mild trend (Wmo up, P-wet slightly down); integer counts per wijk, soort
and number of voorzieningen (Poisson), half-years drawn binomially from the
year, the gemeente the sum of its wijken. Nederland is modelled on its own
(about 10.5 % of 17.9 million inhabitants). Soest has some 10-11 % of its
inhabitants as clients and about 8.5 % as households.

ALL FIGURES ARE FICTIONAL. They are plausible in size and trend but are not
CBS statistics and must never be presented as facts about Soest.

Determinism: every random draw comes from ``random.Random`` seeded through
tools.demo.kwb.rng_for with labels starting with "gmsd", and only
``Random.random()`` is used. No clock is read; the manifest carries the fixed
``retrieved_at`` of tools.demo.kwb. Running the script twice yields
byte-identical files.
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
    WIJKEN,
    generator_main,
    normal,
    pad,
    rng_for,
    uniform,
    write_snapshot,
)

SOURCE_CODE = "cbs_gmsd"
SUBDIR = "gmsd"
CATALOG = "opendata.cbs.nl"
NATIONAL_CODE = "NL01"
KEY_WIDTH = 10  # Wijken keys and Codering_3

TABLES = {2022: "85375NED", 2023: "85637NED", 2024: "85994NED"}
YEARS = tuple(sorted(TABLES))
TITLES = {  # as on cbs.nl; note the missing comma before "wijken" in 2022 and 2023
    2022: "Gebruik voorzieningen sociaal domein; aantal voorzieningen wijken, 2022",
    2023: "Gebruik voorzieningen sociaal domein; aantal voorzieningen wijken, 2023",
    2024: "Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken, 2024",
}
PROVISIONAL_YEAR = 2024
MODIFIED = {  # fictional release dates, before tools.demo.kwb's RETRIEVED_AT
    2022: "2023-11-02T02:00:00",
    2023: "2024-10-31T02:00:00",
    2024: "2025-01-09T02:00:00",
}

# --------------------------------------------------------------------------------------
# Code lists of the non-geographic dimensions
# --------------------------------------------------------------------------------------
# (key, title, number of maatwerkvoorzieningen or None for Totaal). Keys reconstructed.
AANTAL = [
    ("T001019", "Totaal", None,
     "Alle cliënten (huishoudens) met ten minste één maatwerkvoorziening, ongeacht het aantal, dus "
     "ook met vier of meer voorzieningen."),
    ("A048760", "1 maatwerkvoorziening", 1,
     "Cliënten (huishoudens) met precies één maatwerkvoorziening in de verslagperiode."),
    ("A048761", "2 maatwerkvoorzieningen", 2,
     "Cliënten (huishoudens) met precies twee verschillende maatwerkvoorzieningen in de verslagperiode."),
    ("A048762", "3 maatwerkvoorzieningen", 3,
     "Cliënten (huishoudens) met precies drie verschillende maatwerkvoorzieningen in de verslagperiode."),
]
BUCKETS = (1, 2, 3, 4)  # 4 = four or more: part of Totaal, not a member of the dimension

# (key, title, part code or None for Totaal, description). Keys real.
SOORTEN = [
    ("T001287", "Totaal", None,
     "Alle cliënten (huishoudens) met een voorziening op grond van de Jeugdwet, de Wmo 2015 of de "
     "Participatiewet."),
    ("A041708", "Alleen Jeugd", "J",
     "Uitsluitend jeugdhulp, jeugdbescherming of jeugdreclassering op grond van de Jeugdwet."),
    ("A041709", "Alleen P-wet", "P",
     "Uitsluitend een voorziening op grond van de Participatiewet (bijstand, re-integratievoorziening)."),
    ("A041710", "Alleen Wmo", "W",
     "Uitsluitend een maatwerkvoorziening op grond van de Wet maatschappelijke ondersteuning 2015."),
    ("A041711", "Jeugd en P-wet", "JP",
     "Voorzieningen op grond van zowel de Jeugdwet als de Participatiewet, niet de Wmo 2015."),
    ("A041712", "Jeugd en Wmo", "JW",
     "Voorzieningen op grond van zowel de Jeugdwet als de Wmo 2015, niet de Participatiewet."),
    ("A041713", "P-wet en Wmo", "PW",
     "Voorzieningen op grond van zowel de Participatiewet als de Wmo 2015, niet de Jeugdwet."),
    ("A041714", "Jeugd, P-wet en Wmo", "JPW",
     "Voorzieningen op grond van de Jeugdwet, de Participatiewet en de Wmo 2015."),
]
PARTS = tuple(s[2] for s in SOORTEN if s[2] is not None)
COMBINATIONS = frozenset({"JP", "JW", "PW", "JPW"})
MIN_BUCKET = {"J": 1, "P": 1, "W": 1, "JP": 2, "JW": 2, "PW": 2, "JPW": 3}  # fewer is impossible

HALVES = ("JJ00", "HJ01", "HJ02")

# --------------------------------------------------------------------------------------
# The fictional model
# --------------------------------------------------------------------------------------
# Yearly clients per inhabitant for a wijk with Soest's reference profile, and for Nederland.
RATE_SOEST = {"J": 0.0300, "P": 0.0185, "W": 0.0490, "JP": 0.00012, "JW": 0.0008, "PW": 0.0050,
              "JPW": 0.00006}
RATE_NL = {"J": 0.0295, "P": 0.0235, "W": 0.0450, "JP": 0.0002, "JW": 0.0007, "PW": 0.0060,
           "JPW": 0.0001}
REF_P65 = 0.24
REF_LAAG = 5.6
# Multiplier on the rate per year (2022 = 1): Wmo rising, P-wet slowly falling.
TREND = {
    "J": {2022: 1.0, 2023: 1.015, 2024: 1.03},
    "P": {2022: 1.0, 2023: 0.98, 2024: 0.965},
    "W": {2022: 1.0, 2023: 1.035, 2024: 1.07},
    "JP": {2022: 1.0, 2023: 1.0, 2024: 1.0},
    "JW": {2022: 1.0, 2023: 1.02, 2024: 1.04},
    "PW": {2022: 1.0, 2023: 1.01, 2024: 1.025},
    "JPW": {2022: 1.0, 2023: 1.0, 2024: 1.0},
}
SOEST_GROWTH = 0.004  # per year from kwb.WIJKEN's 2019 populations
NL_POP = {2022: 17_590_672, 2023: 17_811_291, 2024: 17_942_942}
# Share of the year's clients who had the voorziening in a given half-year.
HALF_SHARE = {"J": 0.80, "P": 0.89, "W": 0.86, "JP": 0.70, "JW": 0.72, "PW": 0.80, "JPW": 0.68}
# Shares of clients / households with exactly 1, 2, 3 maatwerkvoorzieningen (rest: 4 or more).
CLIENT_SHARES = {"J": (0.66, 0.20, 0.07), "P": (0.58, 0.25, 0.09), "W": (0.60, 0.24, 0.10),
                 "JP": (0.0, 0.40, 0.25), "JW": (0.0, 0.35, 0.25), "PW": (0.0, 0.32, 0.25),
                 "JPW": (0.0, 0.0, 0.35)}
HOUSEHOLD_SHARES = {"J": (0.60, 0.22, 0.09), "P": (0.46, 0.28, 0.12), "W": (0.55, 0.25, 0.11),
                    "JP": (0.0, 0.15, 0.30), "JW": (0.0, 0.28, 0.24), "PW": (0.0, 0.27, 0.25),
                    "JPW": (0.0, 0.0, 0.12)}
# Households per client for the parts a household shares with no other law.
HOUSEHOLD_RATIO = {"J": 0.70, "P": 0.66, "W": 0.84, "PW": 0.93}
# Households with a combination with Jeugd that no single member has (a child with jeugdhulp, a
# parent with bijstand or Wmo), per client with Alleen Jeugd; scaled by the low-income factor.
HOUSEHOLD_MIXED = {"JP": 0.030, "JW": 0.050, "JPW": 0.012}
HOUSEHOLD_MIXED_NL = {"JP": 0.050, "JW": 0.055, "JPW": 0.020}

MIN_PUBLISHED = 8  # fewer people or households before rounding: suppressed
ZERO_MAX = 2  # a combination cell with at most this many may be a published 0
ZERO_CHANCE = 0.05


# --------------------------------------------------------------------------------------
# Small maths
# --------------------------------------------------------------------------------------
def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def round5(n: int) -> int:
    return 5 * round_half_up(n / 5)


def poisson(rng, lam: float) -> int:
    """A Poisson draw: inversion for small means, a rounded normal for large ones."""
    if lam <= 0:
        return 0
    if lam >= 40:
        return max(0, round_half_up(normal(rng, lam, math.sqrt(lam))))
    u = rng.random()
    k, p = 0, math.exp(-lam)
    cumulative = p
    while u > cumulative and k < 200:
        k += 1
        p *= lam / k
        cumulative += p
    return k


def binomial(rng, n: int, p: float) -> int:
    if n <= 0:
        return 0
    if n <= 60:
        return sum(1 for _ in range(n) if rng.random() < p)
    return min(n, max(0, round_half_up(normal(rng, n * p, math.sqrt(n * p * (1 - p))))))


def lognormal(rng, sd: float) -> float:
    return math.exp(normal(rng, 0.0, sd))


# --------------------------------------------------------------------------------------
# Simulation: integer counts per region, period, part and number of voorzieningen
# --------------------------------------------------------------------------------------
def _wijk_factors(wijk: dict) -> dict[str, float]:
    """Multipliers on the Soest rates for one wijk (fixed over the years)."""
    rng = rng_for("gmsd", "wijk", wijk["code"])
    young = ((1 - wijk["p65"]) / (1 - REF_P65)) ** 1.5
    old = (wijk["p65"] / REF_P65) ** 1.1
    low = wijk["laag"] / REF_LAAG
    base = {
        "J": young * low ** 0.35,
        "P": low ** 1.1,
        "W": old * low ** 0.25,
        "JP": young * low ** 1.2,
        "JW": young * old ** 0.3,
        "PW": low ** 1.0 * old ** 0.6,
        "JPW": young * low ** 1.2,
    }
    factors = {part: base[part] * lognormal(rng, 0.07) for part in PARTS}
    factors["mixed"] = low ** 0.8
    return factors


def _draw_cells(label: tuple, lam_clients: dict, lam_households: dict, half_noise: float) -> dict:
    """{(measure, period suffix, part, bucket): count} for one region and year."""
    cells: dict[tuple, int] = {}
    for measure, lams, shares_by_part in (("clients", lam_clients, CLIENT_SHARES),
                                          ("households", lam_households, HOUSEHOLD_SHARES)):
        for part in PARTS:
            shares = shares_by_part[part]
            rest = 1.0 - sum(shares)
            for bucket, share in zip(BUCKETS, (*shares, rest)):
                rng = rng_for("gmsd", "count", *label, measure, part, bucket)
                year_n = poisson(rng, lams[part] * share) if bucket >= MIN_BUCKET[part] else 0
                cells[(measure, "JJ00", part, bucket)] = year_n
                for half in HALVES[1:]:
                    hrng = rng_for("gmsd", "half", *label, part, half)  # same share for both measures
                    p = HALF_SHARE[part] + uniform(hrng, -half_noise, half_noise)
                    if half == "HJ02" and part == "W":
                        p += 0.01  # Wmo grows during the year
                    brng = rng_for("gmsd", "binomial", *label, measure, part, bucket, half)
                    cells[(measure, half, part, bucket)] = binomial(brng, year_n, min(p, 0.95))
    _cap_single_law_households(cells)
    return cells


def _cap_single_law_households(cells: dict) -> None:
    """Every household with "Alleen X" has a member who is a client with "Alleen X": never more such
    households than clients (per part, over all numbers of voorzieningen). Only trims households, largest
    bucket first, and keeps every half-year at or below its year."""
    for part in ("J", "P", "W"):
        for suffix in HALVES:
            if suffix != "JJ00":
                for bucket in BUCKETS:
                    year_n = cells[("households", "JJ00", part, bucket)]
                    key = ("households", suffix, part, bucket)
                    cells[key] = min(cells[key], year_n)
            excess = (sum(cells[("households", suffix, part, b)] for b in BUCKETS)
                      - sum(cells[("clients", suffix, part, b)] for b in BUCKETS))
            while excess > 0:
                largest = max(BUCKETS, key=lambda b: (cells[("households", suffix, part, b)], -b))
                cells[("households", suffix, part, largest)] -= 1
                excess -= 1


def _households(lam: dict, mixed_factor: float, mixed: dict, rng) -> dict:
    """Expected households per part from expected clients."""
    out = {part: lam[part] * HOUSEHOLD_RATIO[part] * uniform(rng, 0.97, 1.03) for part in HOUSEHOLD_RATIO}
    for part, per_jeugd in mixed.items():
        out[part] = lam[part] + lam["J"] * per_jeugd * mixed_factor * uniform(rng, 0.85, 1.15)
    return out


def simulate() -> dict:
    """{year: {region code: {(measure, period suffix, part, bucket): count}}}, unrounded."""
    result: dict[int, dict[str, dict]] = {}
    factors = {w["code"]: _wijk_factors(w) for w in WIJKEN}
    for year in YEARS:
        result[year] = {}
        for wijk in WIJKEN:
            code = wijk["code"]
            pop = wijk["pop"] * (1 + SOEST_GROWTH) ** (year - 2019)
            rng = rng_for("gmsd", "year", code, year)
            lam = {part: pop * RATE_SOEST[part] * factors[code][part] * TREND[part][year] * lognormal(rng, 0.03)
                   for part in PARTS}
            hh = _households(lam, factors[code]["mixed"], HOUSEHOLD_MIXED, rng)
            result[year][code] = _draw_cells((code, year), lam, hh, half_noise=0.02)
        gemeente: dict[tuple, int] = {}
        for wijk in WIJKEN:
            for key, n in result[year][wijk["code"]].items():
                gemeente[key] = gemeente.get(key, 0) + n
        result[year][GEMEENTE_CODE] = gemeente
        # Referentiegemeenten (FICTIONAL): the cells of the Soest wijken they are made of, scaled to their size.
        for code, _, inhabitants, wijk_codes in REFERENTIEGEMEENTEN:
            factor = inhabitants / sum(wijk["pop"] for wijk in WIJKEN if wijk["code"] in wijk_codes)
            mix: dict[tuple, int] = {}
            for wijk_code in wijk_codes:
                for key, n in result[year][wijk_code].items():
                    mix[key] = mix.get(key, 0) + n
            result[year][code] = {key: round(n * factor) for key, n in mix.items()}

        rng = rng_for("gmsd", "year", NATIONAL_CODE, year)
        lam = {part: NL_POP[year] * RATE_NL[part] * TREND[part][year] * lognormal(rng, 0.005)
               for part in PARTS}
        hh = _households(lam, 1.0, HOUSEHOLD_MIXED_NL, rng)
        result[year][NATIONAL_CODE] = _draw_cells((NATIONAL_CODE, year), lam, hh, half_noise=0.003)
    return result


def cell_count(cells: dict, measure: str, suffix: str, part: str | None, bucket: int | None) -> int:
    """Unrounded count for one member of each dimension (None = Totaal)."""
    parts = PARTS if part is None else (part,)
    buckets = BUCKETS if bucket is None else (bucket,)
    return sum(cells[(measure, suffix, p, b)] for p in parts for b in buckets)


def published(n: int, part: str | None, bucket: int | None, label: tuple) -> int | None:
    """What CBS publishes for an unrounded count: a multiple of 5, a 0 or null."""
    if part is not None and bucket is not None and bucket < MIN_BUCKET[part]:
        return None  # impossible combination: "." in the real tables
    if n >= MIN_PUBLISHED:
        return round5(n)
    if part in COMBINATIONS and n <= ZERO_MAX and rng_for("gmsd", "zero", *label).random() < ZERO_CHANCE:
        return 0
    return None


# --------------------------------------------------------------------------------------
# Building one table
# --------------------------------------------------------------------------------------
def region_rows() -> list[dict]:
    rows = [
        {"code": NATIONAL_CODE, "title": "Nederland", "soort": "Land", "gemeentenaam": "Nederland",
         "municipality": None, "group": "1"},
        {"code": GEMEENTE_CODE, "title": GEMEENTE_NAME, "soort": "Gemeente", "gemeentenaam": GEMEENTE_NAME,
         "municipality": GEMEENTE_CODE, "group": "2"},
    ]
    for wijk in WIJKEN:
        rows.append({"code": wijk["code"], "title": wijk["name"], "soort": "Wijk", "gemeentenaam": GEMEENTE_NAME,
                     "municipality": GEMEENTE_CODE, "group": "3"})
    # The referentiegemeenten: gemeente rows only, as the real table has every gemeente (and no provincies).
    rows += [{"code": code, "title": name, "soort": "Gemeente", "gemeentenaam": name, "municipality": code, "group": "2"}
             for code, name, _, _ in REFERENTIEGEMEENTEN]
    return rows


def perioden(year: int) -> list[dict]:
    provisional = year == PROVISIONAL_YEAR
    mark = "*" if provisional else ""
    entries = [
        (f"{year}JJ00", f"{year}{mark}", f"Het jaar {year}: 1 januari tot en met 31 december.",
         "Voorlopig" if provisional else "Definitief"),
        (f"{year}HJ01", f"1e halfjaar {year}{mark}", f"Het eerste halfjaar van {year}: 1 januari tot en met 30 juni.",
         "Nader voorlopig" if provisional else "Definitief"),
        (f"{year}HJ02", f"2e halfjaar {year}{mark}",
         f"Het tweede halfjaar van {year}: 1 juli tot en met 31 december.",
         "Voorlopig" if provisional else "Definitief"),
    ]
    return [{"Key": key, "Title": title, "Description": description + (" Voorlopige cijfers." if provisional else ""),
             "Status": status} for key, title, description, status in entries]


CLIENT_DESCRIPTION = (
    "Aantal personen dat in de verslagperiode ten minste één maatwerkvoorziening had op grond van de "
    "Jeugdwet (jeugdhulp, jeugdbescherming of jeugdreclassering), de Wet maatschappelijke ondersteuning "
    "2015 (Wmo 2015) of een voorziening op grond van de Participatiewet (bijstand, "
    "re-integratievoorziening). Een cliënt is ingedeeld naar de soorten voorziening die hij of zij zelf "
    "had. De aantallen zijn afgerond op vijftallen; kleine aantallen worden niet gepubliceerd."
)
HOUSEHOLD_DESCRIPTION = (
    "Aantal particuliere huishoudens waarvan ten minste één lid in de verslagperiode een voorziening had "
    "op grond van de Jeugdwet, de Wmo 2015 of de Participatiewet. Een huishouden is ingedeeld naar de "
    "soorten voorziening van alle leden samen; bij combinaties (bijvoorbeeld Jeugd en P-wet) kunnen er "
    "daardoor meer huishoudens dan cliënten zijn. De aantallen zijn afgerond op vijftallen; kleine "
    "aantallen worden niet gepubliceerd."
)
REGIOAANDUIDING = [
    (1, "Gemeentenaam", "Gemeentenaam", "Naam van de gemeente waartoe de regio behoort."),
    (2, "SoortRegio", "Soort regio", "Aanduiding van het regioniveau: Land, Gemeente of Wijk."),
    (3, "Codering", "Codering", "Code van de regio volgens de CBS-indeling van wijken en buurten."),
    (4, "IndelingswijzeWijken", "Indelingswijze wijken",
     "Code voor de wijze waarop de wijkindeling is vastgesteld (1: volgens de gemeentelijke indeling "
     "in wijken en buurten van het verslagjaar)."),
]
COUNT_TOPICS = [
    (5, "ClientenMetVoorzieningen", "Cliënten met voorzieningen", CLIENT_DESCRIPTION, "clients"),
    (6, "HuishoudensMetVoorzieningen", "Huishoudens met voorzieningen", HOUSEHOLD_DESCRIPTION, "households"),
]


def data_properties(year: int) -> list[dict]:
    dims = [
        {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
         "Key": "AantalVoorzieningen", "Title": "Aantal voorzieningen",
         "Description": "Het aantal verschillende maatwerkvoorzieningen dat een cliënt (huishouden) in de "
                        "verslagperiode had."},
        {"odata.type": "Cbs.OData.Dimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "Dimension",
         "Key": "SoortVoorzieningSociaalDomein", "Title": "Soort voorziening sociaal domein",
         "Description": "De wetten (Jeugdwet, Participatiewet, Wmo 2015) waaronder de voorzieningen van een "
                        "cliënt (huishouden) vallen."},
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 2, "Position": 2, "ParentID": None,
         "Type": "GeoDimension", "Key": "Wijken", "Title": "Wijken",
         "Description": f"Nederland, gemeenten en wijken volgens de gemeentelijke indeling op 1 januari {year}.",
         "MapYear": str(year), "ReleasePolicy": True},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 3, "Position": 3, "ParentID": None,
         "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden",
         "Description": "Het jaar en de halfjaren waarin de voorzieningen werden gebruikt."},
    ]
    entries = list(dims)

    def group(key, title, description):
        entries.append({"odata.type": "Cbs.OData.TopicGroup", "ID": len(entries), "Position": None,
                        "ParentID": None, "Type": "TopicGroup", "Key": key, "Title": title,
                        "Description": description})
        return len(entries) - 1

    def topic(parent, n, stem, title, description, datatype, unit, default):
        entries.append({"odata.type": "Cbs.OData.Topic", "ID": len(entries), "Position": len(dims) + n - 1,
                        "ParentID": parent, "Type": "Topic", "Key": f"{stem}_{n}", "Title": title,
                        "Description": description, "Datatype": datatype, "Unit": unit, "Decimals": 0,
                        "Default": default, "PresentationType": "Absolute"})

    parent = group("Regioaanduiding", "Regioaanduiding", "Gegevens ter identificatie van de regio.")
    for n, stem, title, description in REGIOAANDUIDING:
        topic(parent, n, stem, title, description, "String", "", "Impossible")
    parent = group("SociaalDomeinClientenHuishoudens", "Sociaal domein cliënten/huishoudens",
                   "Cliënten en huishoudens met voorzieningen op grond van de Jeugdwet, de Wmo 2015 of de "
                   "Participatiewet.")
    for n, stem, title, description, _ in COUNT_TOPICS:
        topic(parent, n, stem, title, description, "Long", "aantal", "Missing")
    return entries


def build_table(year: int, simulation: dict) -> dict[str, list]:
    """Every cbsodata file of one table: name (without .json) -> the list it holds."""
    table_id = TABLES[year]
    regions = region_rows()
    periods = perioden(year)
    dataset = []
    for aantal_key, _, bucket, _ in AANTAL:
        for soort_key, _, part, _ in SOORTEN:
            for region in regions:
                cells = simulation[year][region["code"]]
                for period in periods:
                    suffix = period["Key"][4:]
                    row = {"ID": len(dataset), "AantalVoorzieningen": aantal_key,
                           "SoortVoorzieningSociaalDomein": soort_key, "Wijken": pad(region["code"], KEY_WIDTH),
                           "Perioden": period["Key"],
                           "Gemeentenaam_1": pad(region["gemeentenaam"], 40),
                           "SoortRegio_2": pad(region["soort"], 10),
                           "Codering_3": pad(region["code"], KEY_WIDTH),
                           "IndelingswijzeWijken_4": "1"}
                    for n, stem, _, _, measure in COUNT_TOPICS:
                        count = cell_count(cells, measure, suffix, part, bucket)
                        label = (table_id, measure, aantal_key, soort_key, region["code"], period["Key"])
                        row[f"{stem}_{n}"] = published(count, part, bucket, label)
                    dataset.append(row)

    title = TITLES[year]
    provisional = year == PROVISIONAL_YEAR
    table_info = {
        "ID": 0,
        "Title": title,
        "ShortTitle": f"Voorzieningen sociaal domein; wijken {year}",
        "Identifier": table_id,
        "Summary": f"Cliënten en huishoudens met voorzieningen op grond van de Jeugdwet, de Wmo 2015 en de "
                   f"Participatiewet, naar aantal en soort voorzieningen, per wijk, {year} en halfjaren.",
        "Modified": MODIFIED[year],
        "ReasonDelivery": "Actualisering",
        "ExplanatoryText": "",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Perhalfjaar",
        "Period": str(year),
        "ShortDescription": f"Demotabel in het formaat van CBS-tabel {table_id} (Gemeentelijke Monitor Sociaal "
                            "Domein) voor gemeente Soest. Dit zijn FICTIEVE voorbeeldcijfers, gegenereerd door "
                            "tools/demo/gmsd.py.",
        "Description": f"Deze tabel bevat per wijk het aantal cliënten en huishoudens met voorzieningen in het "
                       f"sociaal domein (Jeugdwet, Wmo 2015, Participatiewet) over {year} en de halfjaren van "
                       f"{year}, in het formaat van CBS-tabel {table_id}. Dit zijn FICTIEVE voorbeeldcijfers, "
                       "gegenereerd door tools/demo/gmsd.py voor de demo van de Monitor Sociaal Domein; het "
                       "zijn geen cijfers van het CBS. Alle aantallen zijn afgerond op vijftallen; kleine "
                       "aantallen zijn niet gepubliceerd (leeg)."
                       + (" De cijfers over " + str(year) + " zijn voorlopig." if provisional else ""),
        "DefaultPresentation": "",
        "DefaultSelection": "",
        "GraphTypes": "Table,Bar,Map",
        "OutputStatus": "Regulier",
        "Status": "Regulier",
        "Source": "Fictief (demodata), in het formaat van CBS Statline (Gemeentelijke Monitor Sociaal Domein).",
        "MetaDataModified": MODIFIED[year],
        "SearchPriority": "2",
        "RecordCount": len(dataset),
        "ColumnCount": 1 + 4 + len(REGIOAANDUIDING) + len(COUNT_TOPICS),
    }
    wijken = [
        {"Key": pad(r["code"], KEY_WIDTH), "Title": r["title"], "Description": None,
         "Municipality": r["municipality"], "DimensionGroupId": r["group"]}
        for r in regions
    ]
    return {
        "TableInfos": [table_info],
        "DataProperties": data_properties(year),
        "TypedDataSet": dataset,
        "AantalVoorzieningen": [{"Key": k, "Title": t, "Description": d, "CategoryGroupID": None}
                                for k, t, _, d in AANTAL],
        "SoortVoorzieningSociaalDomein": [{"Key": k, "Title": t, "Description": d, "CategoryGroupID": None}
                                          for k, t, _, d in SOORTEN],
        "Wijken": wijken,
        "Perioden": periods,
        "CategoryGroups": [],
    }


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every demo table under out_dir/gmsd/<table_id>/; returns the table directories."""
    simulation = simulate()
    return [
        write_snapshot(Path(out_dir) / SUBDIR / TABLES[year], build_table(year, simulation), {
            "source": SOURCE_CODE, "table_id": TABLES[year], "year": year, "catalog_url": CATALOG_URL,
            "retrieved_at": RETRIEVED_AT,
        })
        for year in YEARS
    ]


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
