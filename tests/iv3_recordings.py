"""Recorded-style responses of the Iv3 tables "Gemeenten <jaar> onbewerkte Iv3-data" (dataderden.cbs.nl).

``iv3_files(year)`` returns the ``files`` dict for ``StatLineServer.add_table``, as
tests/statline_recordings.py does for the other families. ALL AMOUNTS ARE FICTIONAL;
the layout is the real one as far as public code that reads these tables shows it
(docs/iv3.md):

- table ids 45063NED (2023), 45067NED (2024), 45071NED (2025); titles
  "Gemeenten <jaar> onbewerkte Iv3-data" (2023's with a trailing space, as seen
  for 2020); catalogue "IV3";
- four dimensions in the order of a data row: TaakveldBalanspost (keys padded to
  6: "6.1   "), Categorie (padded to 8: "L1.1    "), Gemeenten (padded to 9:
  "GM0342   ") and Verslagsoort (<jaar>X000 begroting, <jaar>X005 jaarrekening);
  no Perioden;
- two measures k_1ePlaatsing_1 and k_2ePlaatsing_2 in 1 000 euro;
- the cube is served whole and sparse: every combination is a row, most cells null;
  rows are taakveld-major (TaakveldBalanspost varies slowest);
- TaakveldBalanspost holds balansposten too (P11, with a mutation on an
  L-categorie that must not count), Categorie holds baten (B4.3.1) and the
  balance's Primo/Ultimo.

Assumed where nothing public says it (marked so a real snapshot can correct it):
the dimensions' Type (Dimension; Gemeenten a GeoDimension), the topics' Unit
"1 000 euro" and Datatype Double, member titles without the code in front, the
Verslagsoort titles "Begroting 2024" / "Jaarrekening 2024".

What the figures test:
- Soest GM0342, referentiegemeenten Baarn GM0308 and De Bilt GM0310, and Utrecht
  GM0344 (not a referentiegemeente: never loaded);
- 2024: Baarn delivered no jaarrekening (every cell null) — status 'ontbreekt';
- 2025: only the begroting (2025X000) exists — a jaarrekening indicator has no figure;
  k_2ePlaatsing_2 is null throughout;
- taakveld 0.10 (mutaties reserves, booked on L7.1) is stored but not in 'totaal'.
EXPECTED pins exact sums in euro (k_1ePlaatsing_1 × 1000).
"""

from __future__ import annotations

IV3_TABLES = {2023: "45063NED", 2024: "45067NED", 2025: "45071NED"}
TITLES = {2023: "Gemeenten 2023 onbewerkte Iv3-data ", 2024: "Gemeenten 2024 onbewerkte Iv3-data",
          2025: "Gemeenten 2025 onbewerkte Iv3-data"}

GEMEENTEN = (("GM0342", "Soest"), ("GM0308", "Baarn"), ("GM0310", "De Bilt"), ("GM0344", "Utrecht (gemeente)"))
REFERENTIE = ("GM0308", "GM0310")
OTHER = "GM0344"

TAAKVELDEN = (
    ("0.1", "Bestuur"),
    ("0.10", "Mutaties reserves"),
    ("6.1", "Samenkracht en burgerparticipatie"),
    ("6.2", "Wijkteams"),
    ("6.3", "Inkomensregelingen"),
    ("6.71", "Maatwerkdienstverlening 18+"),
    ("6.72", "Maatwerkdienstverlening 18-"),
    ("7.1", "Volksgezondheid"),
    ("P11", "Eigen vermogen"),
)
CATEGORIEEN = (
    ("L1.1", "Salarissen en sociale lasten"),
    ("L3.5.1", "Ingeleend personeel"),
    ("L4.3.3", "Inkomensoverdrachten - gemeenschappelijke regelingen"),
    ("L7.1", "Mutaties reserves"),
    ("B4.3.1", "Inkomensoverdrachten - Rijk"),
    ("Primo", "Primo"),
    ("Ultimo", "Ultimo"),
)
# Lasten per inwoner (euro) per taakveld for Soest in 2023, and the other gemeenten's factor on it.
_PER_INWONER = {"0.1": 52.0, "6.1": 61.0, "6.2": 38.0, "6.3": 160.0, "6.71": 141.0, "6.72": 172.0, "7.1": 33.0}
_INWONERS = {"GM0342": 47_345, "GM0308": 25_110, "GM0310": 43_920, "GM0344": 367_984}
_LEVEL = {"GM0342": 1.0, "GM0308": 1.12, "GM0310": 0.93, "GM0344": 1.31}
_GROWTH = {2023: 1.0, 2024: 1.05, 2025: 1.09}
_SHARE = {"L1.1": 0.35, "L3.5.1": 0.05, "L4.3.3": 0.60}  # how a taakveld's lasten split over the L-categorieën
_BEGROTING = 0.97  # the begroting is a bit below the jaarrekening
# Soest, jaarrekening 2024, taakveld 6.1 by hand (1 000 euro): the sum the loader must make, and its parts.
SOEST_61_2024 = {"L1.1": 812.0, "L3.5.1": 95.5, "L4.3.3": 1450.0}
_RESERVES = {"GM0342": 1200.0, "GM0308": 300.0, "GM0310": 640.0, "GM0344": 9100.0}  # L7.1 on 0.10


def _amount(year: int, gemeente: str, taakveld: str, categorie: str, verslag: str) -> float | None:
    """k_1ePlaatsing_1 in 1 000 euro, or None for an empty cell of the sparse cube."""
    if verslag == "X005" and (year == 2025 or (year == 2024 and gemeente == "GM0308")):
        return None  # no jaarrekening yet
    factor = 1.0 if verslag == "X005" else _BEGROTING
    if taakveld == "0.10":
        return round(_RESERVES[gemeente] * _GROWTH[year] * factor, 1) if categorie == "L7.1" else None
    if taakveld == "P11":
        return 3.0 if categorie == "L7.1" else (52_000.0 if categorie in ("Primo", "Ultimo") else None)
    if categorie == "B4.3.1":
        return 40.0 if taakveld == "6.3" else None
    if categorie not in _SHARE:
        return None
    if taakveld == "0.1" and categorie == "L4.3.3":
        return None  # nothing booked there
    if (year, gemeente, taakveld, verslag) == (2024, "GM0342", "6.1", "X005"):
        return SOEST_61_2024[categorie]
    share = _SHARE[categorie] if taakveld != "0.1" else _SHARE[categorie] / 0.4
    total = _PER_INWONER[taakveld] * _INWONERS[gemeente] * _LEVEL[gemeente] * _GROWTH[year] * factor / 1000
    return round(total * share, 1)


def expected_lasten(year: int, gemeente: str, taakveld: str | None, verslag: str = "X005") -> float | None:
    """The lasten in euro the loader must store (None: no figure); taakveld None is 'totaal' (without 0.10)."""
    taakvelden = [code for code, _ in TAAKVELDEN if code[0].isdigit()]
    wanted = [taakveld] if taakveld else [code for code in taakvelden if code != "0.10"]
    cells = [_amount(year, gemeente, t, c, verslag) for t in wanted for c, _ in CATEGORIEEN if c.startswith("L")]
    cells = [cell for cell in cells if cell is not None]
    return round(sum(cells) * 1000, 6) if cells else None


EXPECTED = {
    # (year, gemeente, taakveld, verslag) → euro; by hand from SOEST_61_2024 and _RESERVES.
    (2024, "GM0342", "6.1", "X005"): 2_357_500.0,
    (2024, "GM0342", "0.10", "X005"): 1_260_000.0,
    (2023, "GM0342", "0.10", "X000"): 1_164_000.0,
}


def _dimension(position: int, key: str, title: str, kind: str = "Dimension") -> dict:
    return {"odata.type": f"Cbs.OData.{kind}", "ID": position, "Position": position, "ParentID": None, "Type": kind,
            "Key": key, "Title": title, "Description": None}


def _topic(ident: int, position: int, key: str, title: str) -> dict:
    return {"odata.type": "Cbs.OData.Topic", "ID": ident, "Position": position, "ParentID": None, "Type": "Topic",
            "Key": key, "Title": title, "Description": "Bedragen in 1 000 euro.", "Datatype": "Double",
            "Unit": "1 000 euro", "Decimals": 0, "Default": "Missing", "PresentationType": "Absolute"}


def _verslagen(year: int) -> list[tuple[str, str]]:
    members = [(f"{year}X000", f"Begroting {year}")]
    if year != 2025:
        members.append((f"{year}X005", f"Jaarrekening {year}"))
    return members


def iv3_files(year: int) -> dict[str, list[dict]]:
    """One table "Gemeenten <year> onbewerkte Iv3-data" (2023, 2024 or 2025)."""
    if year not in IV3_TABLES:
        raise ValueError(f"no Iv3 recording for {year}; recorded: {sorted(IV3_TABLES)}")
    rows = []
    for taakveld, _ in TAAKVELDEN:
        for categorie, _ in CATEGORIEEN:
            for gemeente, _ in GEMEENTEN:
                for verslag, _ in _verslagen(year):
                    first = _amount(year, gemeente, taakveld, categorie, verslag[-4:])
                    rows.append({
                        "ID": len(rows), "TaakveldBalanspost": taakveld.ljust(6), "Categorie": categorie.ljust(8),
                        "Gemeenten": gemeente.ljust(9), "Verslagsoort": verslag,
                        "k_1ePlaatsing_1": first,
                        "k_2ePlaatsing_2": None if year == 2025 or first is None else first,
                    })
    untyped = [{**row, **{key: (" " * 9 + ".") if row[key] is None else f"{row[key]:.0f}".rjust(10)
                          for key in ("k_1ePlaatsing_1", "k_2ePlaatsing_2")}} for row in rows]
    return {
        "TableInfos": [{
            "ID": 0, "Title": TITLES[year], "ShortTitle": f"Gemeenten {year} Iv3", "Identifier": IV3_TABLES[year],
            "Summary": "Onbewerkte Iv3-gegevens van gemeenten (fictieve testcijfers).", "Modified": f"{year + 1}-06-30T02:00:00",
            "ReasonDelivery": "Actualisering", "ExplanatoryText": "", "Language": "nl", "Catalog": "IV3",
            "Frequency": "Per jaar", "Period": str(year), "ShortDescription": "", "Description": "",
            "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table", "OutputStatus": "Regulier",
            "Status": "Regulier", "Source": "Gemeenten, Iv3 (fictieve testcijfers)",
            "MetaDataModified": f"{year + 1}-06-30T02:00:00", "SearchPriority": "2", "RecordCount": len(rows),
            "ColumnCount": 7,
        }],
        "UntypedDataSet": untyped,
        "TypedDataSet": rows,
        "DataProperties": [
            _dimension(0, "TaakveldBalanspost", "Taakveld/Balanspost"),
            _dimension(1, "Categorie", "Categorie"),
            _dimension(2, "Gemeenten", "Gemeenten", "GeoDimension"),
            _dimension(3, "Verslagsoort", "Verslagsoort"),
            _topic(4, 0, "k_1ePlaatsing_1", "1e plaatsing"),
            _topic(5, 1, "k_2ePlaatsing_2", "2e plaatsing"),
        ],
        "CategoryGroups": [],
        "TaakveldBalanspost": [{"Key": code.ljust(6), "Title": title, "Description": None, "CategoryGroupID": None}
                               for code, title in TAAKVELDEN],
        "Categorie": [{"Key": code.ljust(8), "Title": title, "Description": None, "CategoryGroupID": None}
                      for code, title in CATEGORIEEN],
        "Gemeenten": [{"Key": code.ljust(9), "Title": title, "Description": None, "CategoryGroupID": None}
                      for code, title in GEMEENTEN],
        "Verslagsoort": [{"Key": key, "Title": title, "Description": None, "CategoryGroupID": None}
                         for key, title in _verslagen(year)],
    }


def catalog_rows() -> list[dict]:
    """ODataCatalog/Tables of dataderden.cbs.nl, catalog IV3: the gemeente tables among provincie and GR noise."""
    rows = [(IV3_TABLES[year], TITLES[year], str(year)) for year in IV3_TABLES]
    rows += [("45072NED", "Provincies 2025 onbewerkte Iv3-data", "2025"),
             ("45073NED", "Gemeenschappelijke regelingen 2025 onbewerkte Iv3-data", "2025")]
    return [{"ID": n, "Title": title, "ShortTitle": title[:60], "Identifier": ident, "Summary": "", "Modified":
             f"{period}-12-01T02:00:00", "MetaDataModified": f"{period}-12-01T02:00:00", "ReasonDelivery": "Actualisering",
             "ExplanatoryText": "", "OutputStatus": "Regulier", "Language": "nl", "Catalog": "IV3", "Frequency": "Per jaar",
             "Period": period, "SummaryAndLinks": "", "ApiUrl": f"https://dataderden.cbs.nl/ODataApi/OData/{ident}",
             "FeedUrl": f"https://dataderden.cbs.nl/ODataFeed/OData/{ident}", "DefaultPresentation": "",
             "DefaultSelection": "", "GraphTypes": "Table", "RecordCount": 0, "ColumnCount": 0, "SearchPriority": "2"}
            for n, (ident, title, period) in enumerate(rows)]


def serve_iv3(server) -> None:
    """Put the three Iv3 tables and their catalogue on a StatLineServer."""
    for year, table_id in IV3_TABLES.items():
        server.add_table(table_id, iv3_files(year))
    server.catalog_tables = [*server.catalog_tables, *catalog_rows()]  # beside any tables already served
