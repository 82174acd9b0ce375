"""Deterministic generator for the FICTIONAL Iv3 demo data in data/raw/demo/iv3.

Run: ``python -m tools.demo.iv3 [--out DIR]`` (default DIR is ``data/raw/demo``, as for tools.demo.kwb).
Standard library plus tools.demo.kwb (its writing, retrieval time and referentiegemeenten).

What it produces
----------------
For 2023 and 2024 one table "Gemeenten <jaar> onbewerkte Iv3-data" (dataderden.cbs.nl: 45063NED,
45067NED) with a begroting (<jaar>X000) and a jaarrekening (<jaar>X005), and for 2025 (45071NED)
the begroting only — the jaarrekening 2025 is not there yet, as in the real table until mid-2026. Laid out as
``cbsodata.download_data`` leaves such a table on disk after a download with the filter the monitor uses
(pipelines/sources/cbs_iv3.py row_filter: the gemeente and its referentiegemeenten, L-categorieën only)::

    DIR/iv3/<table_id>/TableInfos.json, DataProperties.json, TypedDataSet.json (cbsodata saves no UntypedDataSet),
    DIR/iv3/<table_id>/TaakveldBalanspost.json, Categorie.json, Gemeenten.json, Verslagsoort.json,
    DIR/iv3/<table_id>/CategoryGroups.json, manifest.json (ours: provenance + sha256 per file, "demo": true)

Real (public code that reads these tables; docs/iv3.md): the table ids and titles, the
four dimensions and their key formats (TaakveldBalanspost padded to 6, Categorie to 8, Gemeenten to 9 characters,
Verslagsoort <jaar>X000 / X005), the measures k_1ePlaatsing_1 and k_2ePlaatsing_2 in 1 000 euro, the sparse cube
(a null where nothing is booked). The taakvelden are the BBV taakvelden with their names (numbering before 2025).
Reconstructed: the Unit and Datatype of the measures, the category titles, TableInfos' extra fields.

Gemeenten: Soest (GM0342) and the referentiegemeenten of tools.demo.kwb, plus Utrechtse Heuvelrug (GM1581), so
either list in a config finds its gemeenten. ALL AMOUNTS ARE FICTIONAL: a national-looking profile of lasten per
inwoner per taakveld, a fixed level per gemeente, a small deterministic wobble per taakveld, growth per year; the
begroting a little below the jaarrekening. No clock, no randomness: the output is the same on every run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools.demo.kwb import DEFAULT_OUT, REFERENTIEGEMEENTEN, RETRIEVED_AT, generator_main, write_snapshot

SOURCE_CODE = "cbs_iv3"
SUBDIR = "iv3"
CATALOG_URL = "demo (fictief, gegenereerd door tools/demo/iv3.py)"
TABLES = {2023: "45063NED", 2024: "45067NED", 2025: "45071NED"}
YEARS = tuple(sorted(TABLES))
BEGROTING_ONLY = (2025,)

GEMEENTEN = (("GM0342", "Soest", 47_000),) + tuple(
    (code, name, inwoners) for code, name, inwoners, _wijken in REFERENTIEGEMEENTEN if code != "GM1581"
) + (("GM1581", "Utrechtse Heuvelrug", 49_700),)
GROWTH = {2023: 1.0, 2024: 1.05, 2025: 1.09}  # prijzen en taken: lasten per inwoner groeien
POPULATION_GROWTH = {2023: 1.0, 2024: 1.004, 2025: 1.008}
BEGROTING = 0.97

# BBV taakvelden (numbering 2017-2024) with a FICTIONAL profile of lasten per inwoner in euro.
TAAKVELDEN = (
    ("0.1", "Bestuur", 55), ("0.2", "Burgerzaken", 20), ("0.3", "Beheer overige gebouwen en gronden", 12),
    ("0.4", "Overhead", 290), ("0.5", "Treasury", 8), ("0.8", "Overige baten en lasten", 15),
    ("0.10", "Mutaties reserves", 110), ("0.11", "Resultaat van de rekening van baten en lasten", 30),
    ("1.1", "Crisisbeheersing en brandweer", 60), ("1.2", "Openbare orde en veiligheid", 25),
    ("2.1", "Verkeer en vervoer", 150), ("2.2", "Parkeren", 12), ("2.5", "Openbaar vervoer", 4),
    ("3.1", "Economische ontwikkeling", 10), ("3.4", "Economische promotie", 6),
    ("4.2", "Onderwijshuisvesting", 70), ("4.3", "Onderwijsbeleid en leerlingzaken", 45),
    ("5.1", "Sportbeleid en activering", 15), ("5.2", "Sportaccommodaties", 60),
    ("5.3", "Cultuurpresentatie, cultuurproductie en cultuurparticipatie", 30), ("5.4", "Musea", 8),
    ("5.5", "Cultureel erfgoed", 6), ("5.6", "Media", 25), ("5.7", "Openbaar groen en (openlucht) recreatie", 90),
    ("6.1", "Samenkracht en burgerparticipatie", 120), ("6.2", "Wijkteams", 90), ("6.3", "Inkomensregelingen", 330),
    ("6.4", "Begeleide participatie", 60), ("6.5", "Arbeidsparticipatie", 40),
    ("6.6", "Maatwerkvoorzieningen (WMO)", 50), ("6.71", "Maatwerkdienstverlening 18+", 200),
    ("6.72", "Maatwerkdienstverlening 18-", 280), ("6.81", "Geëscaleerde zorg 18+", 20),
    ("6.82", "Geëscaleerde zorg 18-", 35), ("7.1", "Volksgezondheid", 45), ("7.2", "Riolering", 100),
    ("7.3", "Afval", 120), ("7.4", "Milieubeheer", 40), ("7.5", "Begraafplaatsen en crematoria", 10),
    ("8.1", "Ruimtelijke ordening", 25), ("8.2", "Grondexploitatie (niet-bedrijventerreinen)", 80),
    ("8.3", "Wonen en bouwen", 40),
)
# How a taakveld's lasten split over the lasten-categorieën (0.10 is booked on L7.1 only).
CATEGORIEEN = (
    ("L1.1", "Salarissen en sociale lasten", 0.30),
    ("L3.8", "Overige goederen en diensten", 0.45),
    ("L4.3.3", "Inkomensoverdrachten - gemeenschappelijke regelingen", 0.25),
    ("L7.1", "Mutaties reserves", 0.0),
)


def _wobble(*parts) -> float:
    """A fixed factor between 0.8 and 1.2 per combination: gemeenten differ per taakveld, the same on every run."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).digest()
    return 0.8 + 0.4 * digest[0] / 255


def _level(code: str) -> float:
    """How much a gemeente spends per inwoner compared with Soest: a fixed factor between 0.85 and 1.15."""
    return 1.0 if code == "GM0342" else 0.85 + 0.75 * (_wobble(code, "niveau") - 0.8)


def _amount(year: int, code: str, inwoners: int, taakveld: str, base: float, categorie: str,
            share: float, verslag: str) -> float | None:
    """k_1ePlaatsing_1 in 1 000 euro; None where nothing is booked (the cube is sparse)."""
    if taakveld == "0.10":
        share = 1.0 if categorie == "L7.1" else 0.0
    elif taakveld == "0.11" and verslag == "X000":
        return None  # a begroting has no resultaat yet
    if share == 0.0:
        return None
    population = inwoners * POPULATION_GROWTH[year]
    factor = BEGROTING if verslag == "X000" else 1.0
    total = base * _level(code) * _wobble(code, taakveld) * GROWTH[year] * factor * population / 1000
    return round(total * share, 1)


def _verslagen(year: int) -> list[tuple[str, str]]:
    members = [(f"{year}X000", f"Begroting {year}")]
    if year not in BEGROTING_ONLY:
        members.append((f"{year}X005", f"Jaarrekening {year}"))
    return members


def build_table(year: int) -> dict[str, list]:
    rows = []
    for taakveld, _title, base in TAAKVELDEN:
        for categorie, _ctitle, share in CATEGORIEEN:
            for code, _name, inwoners in GEMEENTEN:
                for verslag, _vtitle in _verslagen(year):
                    first = _amount(year, code, inwoners, taakveld, base, categorie, share, verslag[-4:])
                    rows.append({
                        "ID": len(rows), "TaakveldBalanspost": taakveld.ljust(6), "Categorie": categorie.ljust(8),
                        "Gemeenten": code.ljust(9), "Verslagsoort": verslag, "k_1ePlaatsing_1": first,
                        "k_2ePlaatsing_2": None if year in BEGROTING_ONLY else first,
                    })

    def dimension(position, key, title, kind="Dimension"):
        return {"odata.type": f"Cbs.OData.{kind}", "ID": position, "Position": position, "ParentID": None,
                "Type": kind, "Key": key, "Title": title, "Description": None}

    def topic(ident, position, key, title):
        return {"odata.type": "Cbs.OData.Topic", "ID": ident, "Position": position, "ParentID": None, "Type": "Topic",
                "Key": key, "Title": title, "Description": "Bedragen in 1 000 euro.", "Datatype": "Double",
                "Unit": "1 000 euro", "Decimals": 0, "Default": "Missing", "PresentationType": "Absolute"}

    modified = f"{year + 1}-07-01T02:00:00"
    return {
        "TableInfos": [{
            "ID": 0, "Title": f"Gemeenten {year} onbewerkte Iv3-data", "ShortTitle": f"Gemeenten {year} Iv3",
            "Identifier": TABLES[year], "Summary": "Onbewerkte Iv3-gegevens van gemeenten (FICTIEVE demodata).",
            "Modified": modified, "ReasonDelivery": "Actualisering", "ExplanatoryText": "", "Language": "nl",
            "Catalog": "IV3", "Frequency": "Per jaar", "Period": str(year), "ShortDescription": "", "Description": "",
            "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table", "OutputStatus": "Regulier",
            "Status": "Regulier", "Source": "Fictieve demodata in de indeling van CBS Iv3", "MetaDataModified": modified,
            "SearchPriority": "2", "RecordCount": len(rows), "ColumnCount": 7,
        }],
        "TypedDataSet": rows,  # cbsodata does not save UntypedDataSet
        "DataProperties": [
            dimension(0, "TaakveldBalanspost", "Taakveld/Balanspost"), dimension(1, "Categorie", "Categorie"),
            dimension(2, "Gemeenten", "Gemeenten", "GeoDimension"), dimension(3, "Verslagsoort", "Verslagsoort"),
            topic(4, 0, "k_1ePlaatsing_1", "1e plaatsing"), topic(5, 1, "k_2ePlaatsing_2", "2e plaatsing"),
        ],
        "CategoryGroups": [],
        "TaakveldBalanspost": [{"Key": code.ljust(6), "Title": title, "Description": None, "CategoryGroupID": None}
                               for code, title, _base in TAAKVELDEN],
        "Categorie": [{"Key": code.ljust(8), "Title": title, "Description": None, "CategoryGroupID": None}
                      for code, title, _share in CATEGORIEEN],
        "Gemeenten": [{"Key": code.ljust(9), "Title": name, "Description": None, "CategoryGroupID": None}
                      for code, name, _inwoners in GEMEENTEN],
        "Verslagsoort": [{"Key": key, "Title": title, "Description": None, "CategoryGroupID": None}
                         for key, title in _verslagen(year)],
    }


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every demo table under out_dir/iv3/<table_id>/; returns the table directories."""
    gemeenten = [code for code, *_ in GEMEENTEN]
    row_filter = f"({' or '.join(f'startswith(Gemeenten,{code!r})' for code in gemeenten)}) and startswith(Categorie,'L')"
    return [
        write_snapshot(Path(out_dir) / SUBDIR / TABLES[year], build_table(year), {
            "source": SOURCE_CODE, "table_id": TABLES[year], "year": year, "catalog_url": CATALOG_URL,
            "filter": row_filter, "retrieved_at": RETRIEVED_AT,
        })
        for year in YEARS
    ]


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
