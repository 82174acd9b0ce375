"""Deterministic generator for the FICTIONAL demo shapes of Soest's wijken and buurten in data/raw/demo/geo.

Run: ``python -m tools.demo.geo [--out DIR]`` (default DIR is ``data/raw/demo``, as for tools.demo.kwb).
Standard library plus tools.demo.kwb (its regions, names and inhabitants) and pipelines.snapshots (the manifest).

What it produces
----------------
For each year 2022-2025 one edition of the CBS Wijk- en Buurtkaart for gemeente Soest (GM0342), laid out exactly as
``python -m pipelines geo`` leaves a download from PDOK on disk (the OGC API Features of
``https://api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/v1``)::

    DIR/geo/wijken-en-buurten-<jaar>/wijken-001.json    one page of collections/wijken/items, as the API returns it
    DIR/geo/wijken-en-buurten-<jaar>/buurten-001.json   one page of collections/buurten/items
    DIR/geo/wijken-en-buurten-<jaar>/manifest.json      ours: provenance + sha256 per file, "demo": true

A page is a GeoJSON FeatureCollection as PDOK sends it: type, timeStamp, numberReturned, links (rel "self" and
"alternate"; no "next", the only page) and features with type, an integer id, properties with PDOK's snake_case
names (wijkcode, wijknaam, gemeentecode, gemeentenaam, indelingswijziging_wijken_en_buurten, water, aantal_inwoners,
jrstatcode, jaar; buurten also buurtcode, buurtnaam, meest_voorkomende_postcode, dekkingspercentage) and a
MultiPolygon geometry in longitude/latitude (CRS84, the API's default). Exterior rings are counter-clockwise, as
RFC 7946 prescribes for GeoJSON; d3 (and so Vega-Lite) wants the opposite, which the reader
(pipelines/sources/cbs_wijkbuurtkaart.py) sees to for these and the real shapes alike.

Regions: the 8 wijken and 34 buurten of tools.demo.kwb with their codes and names (one source of names), their
inhabitants from the demo Kerncijfers table of the same year (aantal_inwoners; -99997, PDOK's "geheim", where that
table has none).

THE SHAPES ARE FICTIONAL: "vereenvoudigde voorbeeldvormen, niet de echte grenzen". A gemeente outline around the
place where Soest lies (lon 5.24-5.36, lat 52.12-52.21), cut with straight lines into simple wijken roughly where
the real wijken are (Soesterberg in the south, Soest-Zuid south-west of the centre, Boerenstreek and Overhees in
the north, Klaarwater and Smitsveen in the west, De Eng Soest-midden in the centre, Soestdijk 't Hart in the east),
and each wijk cut with straight lines into its buurten. Adjacent regions share their edges vertex for vertex, so
the buurten of a wijk make up exactly the wijk, and the wijken exactly the gemeente. The real boundaries come from
``python -m pipelines geo``.

One boundary change, as real editions have them: from 2024 the line between Smitsveen-West and Smitsveen-Oost lies
further west (same codes, other shapes; the wijk outline stays). The 2024 edition marks those two buurten with
indelingswijziging 3 (the afbakening changed, the code did not); every other region, and every region in 2025, is
1 (unchanged since the previous year). 2022 and 2023 have the same shapes, 2025 those of 2024.

Determinism: no randomness and no clock; the timeStamp and retrieval time are fixed. Coordinates are rounded to 6
decimals first; only then does each region get, as corners of its own, its neighbours' corners on its edges, so
shared edges are equal to the last digit. Running the script twice yields byte-identical files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipelines.snapshots import write_manifest
from tools.demo.kwb import (
    DEFAULT_OUT,
    GEMEENTE_CODE,
    GEMEENTE_NAME,
    KWB_RETRIEVED_AT,
    WIJKEN,
    build_table,
    buurt_list,
    generator_main,
    simulate,
)

SOURCE_CODE = "cbs_wijkbuurtkaart"
SUBDIR = "geo"
YEARS = (2022, 2023, 2024, 2025)
API = "https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1"
PAGE_LIMIT = 1000  # PDOK's maximum page size
TIME_STAMP = "2025-10-15T00:00:00Z"  # the fixed moment these pages were "served" (= the demo KWB retrieval time)
CLIENT = "demo (fictief, gegenereerd door tools/demo/geo.py)"
LET_OP = ("vereenvoudigde voorbeeldvormen, niet de echte grenzen; de echte grenzen komen uit "
          "`python -m pipelines geo`")
JSON_INDENT = 1
POINT = re.compile(r"\[\s*(-?[0-9.]+),\s*(-?[0-9.]+)\s*\]")  # [lon, lat] as json.dumps spreads it over lines
DECIMALS = 6
SECRET = -99997  # PDOK/CBS sentinel: geheim (too few inhabitants or not published)

UNCHANGED = 1  # indelingswijziging: codering en afbakening ongewijzigd t.o.v. het vorige jaar
REDRAWN = 3  # indelingswijziging: afbakening gewijzigd, codering ongewijzigd
CHANGE_YEAR = 2024
CHANGED_BUURTEN = ("BU03420501", "BU03420502")  # Smitsveen-West and Smitsveen-Oost

# A "most common postcode" per wijk (Soest's own range, 3761-3769; FICTIONAL assignment) and the dekkingspercentage
# class codes (1-6, as in the Kerncijfers; reconstructed) the buurten of a wijk take in turn.
POSTCODES = {"WK034201": "3763", "WK034202": "3762", "WK034203": "3766", "WK034204": "3764",
             "WK034205": "3765", "WK034206": "3761", "WK034207": "3769", "WK034208": "3768"}
DEKKING = (5, 6, 4, 5, 3)

# --------------------------------------------------------------------------------------
# Shapes: nodes (lon, lat) shared by the wijken, the gemeente outline, the wijken as rings of nodes
# --------------------------------------------------------------------------------------
NODES = {
    # the gemeente outline, clockwise from the north-west
    "A": (5.2460, 52.1990), "B": (5.2680, 52.2110), "C": (5.3030, 52.2120), "D": (5.3370, 52.2060),
    "E": (5.3580, 52.1870), "F": (5.3550, 52.1630), "G": (5.3400, 52.1480), "H": (5.3340, 52.1280),
    "I": (5.3020, 52.1170), "J": (5.2640, 52.1220), "K": (5.2570, 52.1410), "L": (5.2400, 52.1590),
    "M": (5.2380, 52.1780),
    # inside: where three or more wijken meet
    "N1": (5.2800, 52.1880), "N2": (5.3180, 52.1890), "N3": (5.2590, 52.1790), "N4": (5.3240, 52.1580),
    "S1": (5.3000, 52.1470), "S2": (5.2960, 52.1620), "S3": (5.2630, 52.1630),
}
OUTLINE = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M")
WIJK_RINGS = {
    "WK034201": ("A", "B", "N1", "N3", "M"),  # Boerenstreek, north-west
    "WK034202": ("N1", "N2", "N4", "S1", "S2"),  # De Eng Soest-midden, the centre
    "WK034203": ("M", "N3", "S3", "L"),  # Klaarwater, west
    "WK034204": ("B", "C", "N2", "N1"),  # Overhees, north
    "WK034205": ("N3", "N1", "S2", "S3"),  # Smitsveen, west of the centre
    "WK034206": ("C", "D", "E", "F", "G", "S1", "N4", "N2"),  # Soestdijk 't Hart, east
    "WK034207": ("K", "S1", "G", "H", "I", "J"),  # Soesterberg, south
    "WK034208": ("L", "S3", "S2", "S1", "K"),  # Soest-Zuid, south-west of the centre
}

# The line between Smitsveen-West and Smitsveen-Oost turns about SMITSVEEN_NORTH (a point on the wijk's edge N3-N1,
# a third of the way) and ends on the line that cuts the wijk in a north and a south half: at SMITSVEEN_SOUTH before
# CHANGE_YEAR, at SMITSVEEN_SOUTH_NEW from then on. Both southern ends are corners of the buurten south of that
# line in every year, so only Smitsveen-West and -Oost change shape.


def along(p, q, t: float) -> tuple[float, float]:
    """The point a fraction t of the way from p to q."""
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


SMITSVEEN_HALVES = ((5.2500, 52.1715), (5.3000, 52.1725))  # west to east: north half left, south half right
SMITSVEEN_NORTH = along(NODES["N3"], NODES["N1"], 1 / 3)
SMITSVEEN_SOUTH = along(*SMITSVEEN_HALVES, 0.6)
SMITSVEEN_SOUTH_NEW = along(*SMITSVEEN_HALVES, 0.4)


def cut(p, q, left, right):
    """Split by the line through p and q: `left` gets what lies left of p→q, `right` the rest.

    With p west of q, left is the north side; with p north of q, left is the east side. A side is a buurt number
    (as in tools.demo.kwb: 1 = the wijk's first buurt) or another cut.
    """
    return (p, q, left, right)


def buurt_cuts(year: int) -> dict:
    """How each wijk is cut into its buurten in the edition of `year`."""
    west_oost_end = SMITSVEEN_SOUTH_NEW if year >= CHANGE_YEAR else SMITSVEEN_SOUTH
    return {
        # Boerenstreek: West, Oost | Kerkebuurt, Molenstraat e.o.
        "WK034201": cut((5.2300, 52.1920), (5.2900, 52.1930),
                        cut((5.2570, 52.2150), (5.2590, 52.1850), 2, 1),
                        cut((5.2610, 52.1950), (5.2630, 52.1750), 4, 3)),
        # De Eng Soest-midden: Hart van Soest, De Eng | Soest-Centrum, Steenhoffstraat e.o. | Oude Kerk e.o.
        "WK034202": cut((5.2800, 52.1740), (5.3300, 52.1760),
                        cut((5.2990, 52.1950), (5.3010, 52.1700), 2, 1),
                        cut((5.2900, 52.1570), (5.3300, 52.1600),
                            cut((5.3090, 52.1800), (5.3110, 52.1500), 5, 3), 4)),
        # Klaarwater: Noord, Verlengde Talingweg | Eikenhorst, Zuid
        "WK034203": cut((5.2300, 52.1700), (5.2700, 52.1710),
                        cut((5.2495, 52.1850), (5.2505, 52.1650), 3, 1),
                        cut((5.2505, 52.1750), (5.2515, 52.1550), 2, 4)),
        # Overhees: Noord, Pijnenburg | Zuid, Birkstraat-Oost
        "WK034204": cut((5.2600, 52.2000), (5.3300, 52.1995),
                        cut((5.2870, 52.2200), (5.2890, 52.1950), 3, 1),
                        cut((5.2980, 52.2050), (5.3000, 52.1800), 4, 2)),
        # Smitsveen: West, Oost | Vinkenbuurt, Zonnebloem, Beukenlaan e.o. (the south strips start at both ends
        # the West/Oost line ever had, so those corners are there in every edition)
        "WK034205": cut(*SMITSVEEN_HALVES,
                        cut(SMITSVEEN_NORTH, west_oost_end, 2, 1),
                        cut(SMITSVEEN_SOUTH, (5.2830, 52.1550), 5,
                            cut(SMITSVEEN_SOUTH_NEW, (5.2720, 52.1550), 4, 3))),
        # Soestdijk 't Hart: Soestdijk-Noord, 't Hart | Soestdijk-Zuid | Paleispark
        "WK034206": cut((5.3000, 52.1760), (5.3700, 52.1760),
                        cut((5.3370, 52.2150), (5.3390, 52.1700), 3, 1),
                        cut((5.3000, 52.1540), (5.3500, 52.1600), 2, 4)),
        # Soesterberg: Noord | Soesterberg-Centrum | Kampweg e.o., Soesterberg-Zuid | Vliegbasis (the east)
        "WK034207": cut((5.3120, 52.1550), (5.3160, 52.1100), 5,
                        cut((5.2400, 52.1340), (5.3200, 52.1345),
                            cut((5.2400, 52.1378), (5.3200, 52.1382), 1, 3),
                            cut((5.2850, 52.1400), (5.2870, 52.1150), 2, 4))),
        # Soest-Zuid: Soest-Zuid-Centrum, Dalweg e.o. | Ossendamweg e.o. (the west)
        "WK034208": cut((5.2680, 52.1700), (5.2690, 52.1350),
                        cut((5.2600, 52.1540), (5.3100, 52.1545), 1, 2), 3),
    }


# --------------------------------------------------------------------------------------
# Plane geometry on lon/lat (the shapes are small and straight: no projection needed to cut them)
# --------------------------------------------------------------------------------------
def side(p, q, r) -> float:
    """> 0 when r lies left of the directed line p→q, < 0 right of it."""
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def signed_area(ring) -> float:
    """Shoelace area of an open ring (no repeated first point); > 0 counter-clockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1])) / 2


def split(ring: list, p, q) -> tuple[list, list]:
    """The parts of a simple ring left and right of the line p→q, which must cross its boundary exactly twice."""
    sides = [side(p, q, point) for point in ring]
    if any(s == 0 for s in sides):
        raise ValueError(f"cut line {p}-{q} runs through a corner of {ring}")
    left: list = []
    right: list = []
    crossings = 0
    for index, point in enumerate(ring):
        (left if sides[index] > 0 else right).append(point)
        following = (index + 1) % len(ring)
        if (sides[index] > 0) != (sides[following] > 0):
            other = ring[following]
            t = sides[index] / (sides[index] - sides[following])
            crossing = (point[0] + t * (other[0] - point[0]), point[1] + t * (other[1] - point[1]))
            left.append(crossing)
            right.append(crossing)
            crossings += 1
    if crossings != 2:
        raise ValueError(f"cut line {p}-{q} crosses {ring} {crossings} times instead of twice")
    return left, right


def carve(ring: list, tree, into: dict) -> None:
    """Apply a cut tree to a ring: every leaf (a buurt number) gets its part."""
    if isinstance(tree, int):
        into[tree] = ring
        return
    p, q, left, right = tree
    left_ring, right_ring = split(ring, p, q)
    carve(left_ring, left, into)
    carve(right_ring, right, into)


def rounded(ring: list) -> list:
    """Coordinates rounded to DECIMALS; points that became equal to their predecessor are dropped."""
    result: list = []
    for x, y in ring:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not result or point != result[-1]:
            result.append(point)
    if len(result) > 1 and result[0] == result[-1]:
        result.pop()
    return result


def conform(rings: dict, tolerance: float = 2e-6) -> dict:
    """Every ring gets, as a corner of its own, each corner of another ring that lies on one of its edges.

    Neighbours then share their boundary point for point (no corner of one lies halfway an edge of the other),
    so a wijk's edges are exactly the outer edges of its buurten, and regions fit without slivers when simplified.
    """
    corners = sorted({point for ring in rings.values() for point in ring})
    result = {}
    for key, ring in rings.items():
        out: list = []
        for a, b in zip(ring, ring[1:] + ring[:1]):
            out.append(a)
            dx, dy = b[0] - a[0], b[1] - a[1]
            length2 = dx * dx + dy * dy
            between = []
            for point in corners:
                if point in (a, b):
                    continue
                t = ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length2
                if not 0 < t < 1:
                    continue
                distance2 = abs(side(a, b, point)) ** 2 / length2
                if distance2 < tolerance ** 2:
                    between.append((t, point))
            out.extend(point for _, point in sorted(between))
        result[key] = out
    return result


def counter_clockwise(ring: list) -> list:
    """RFC 7946: an exterior ring runs counter-clockwise. Starts at its south-western-most corner, for stability."""
    if signed_area(ring) < 0:
        ring = ring[::-1]
    start = ring.index(min(ring, key=lambda point: (point[1], point[0])))
    return ring[start:] + ring[:start]


def shapes(year: int) -> dict[str, list]:
    """{"GM0342": outline, wijkcode: ring, buurtcode: ring} of the edition of `year`: open rings (first point not
    repeated), counter-clockwise, rounded to DECIMALS, neighbours sharing their corners."""
    cuts = buurt_cuts(year)
    rings = {GEMEENTE_CODE: [NODES[name] for name in OUTLINE]}
    for wijk in WIJKEN:
        code = wijk["code"]
        ring = [NODES[name] for name in WIJK_RINGS[code]]
        rings[code] = ring
        parts: dict[int, list] = {}
        carve(ring, cuts[code], parts)
        expected = list(range(1, len(wijk["buurten"]) + 1))
        if sorted(parts) != expected:
            raise ValueError(f"{code}: the cuts give buurten {sorted(parts)}, expected {expected}")
        for number, part in parts.items():
            rings[f"BU{code[2:]}{number:02d}"] = part
    rings = {key: rounded(ring) for key, ring in rings.items()}
    return {key: counter_clockwise(ring) for key, ring in conform(rings).items()}


# --------------------------------------------------------------------------------------
# The pages PDOK would serve
# --------------------------------------------------------------------------------------
def items_url(year: int, collection: str) -> str:
    query = f"f=json&limit={PAGE_LIMIT}&gemeentecode={GEMEENTE_CODE}"  # the request pipelines geo makes
    return f"{API.format(year=year)}/collections/{collection}/items?{query}"


def multipolygon(ring: list) -> dict:
    closed = [[x, y] for x, y in ring + ring[:1]]
    return {"type": "MultiPolygon", "coordinates": [[closed]]}


def page(year: int, collection: str, features: list[dict]) -> dict:
    url = items_url(year, collection)
    return {
        "type": "FeatureCollection",
        "timeStamp": TIME_STAMP,
        "links": [
            {"rel": "self", "type": "application/geo+json", "title": "This document as GeoJSON", "href": url},
            {"rel": "alternate", "type": "text/html", "title": "This document as HTML",
             "href": url.replace("f=json", "f=html")},
        ],
        "numberReturned": len(features),
        "features": features,
    }


def kwb_regions(year: int, simulation: dict) -> dict[str, tuple[str, int | None]]:
    """code -> (name, inhabitants) as the demo Kerncijfers table of `year` has them (names without CBS's padding)."""
    table = build_table(year, simulation)
    names = {row["Key"].strip(): row["Title"].strip() for row in table["WijkenEnBuurten"]}
    key = next(key for key in table["TypedDataSet"][0] if key.startswith("AantalInwoners_"))
    return {row["WijkenEnBuurten"].strip(): (names[row["WijkenEnBuurten"].strip()], row[key])
            for row in table["TypedDataSet"]}


def indeling(code: str, year: int) -> int:
    return REDRAWN if year == CHANGE_YEAR and code in CHANGED_BUURTEN else UNCHANGED


def edition(year: int, simulation: dict) -> dict[str, dict]:
    """{"wijken": page, "buurten": page} of the edition of `year`."""
    rings = shapes(year)
    regions = kwb_regions(year, simulation)

    def inwoners(code: str) -> int:
        count = regions[code][1]
        return SECRET if count is None else count

    wijken = []
    for wijk in WIJKEN:
        code = wijk["code"]
        wijken.append({"type": "Feature", "id": int(code[2:]), "properties": {
            "wijkcode": code, "wijknaam": regions[code][0], "gemeentecode": GEMEENTE_CODE,
            "gemeentenaam": GEMEENTE_NAME, "indelingswijziging_wijken_en_buurten": indeling(code, year),
            "water": "NEE", "aantal_inwoners": inwoners(code), "jrstatcode": f"{year}{code}", "jaar": year,
        }, "geometry": multipolygon(rings[code])})
    buurten = []
    for buurt in buurt_list():
        code, wijk_code = buurt["code"], buurt["wijk"]["code"]
        number = int(code[-2:])
        buurten.append({"type": "Feature", "id": int(code[2:]), "properties": {
            "buurtcode": code, "buurtnaam": regions[code][0], "wijkcode": wijk_code, "gemeentecode": GEMEENTE_CODE,
            "gemeentenaam": GEMEENTE_NAME, "indelingswijziging_wijken_en_buurten": indeling(code, year),
            "water": "NEE", "meest_voorkomende_postcode": POSTCODES[wijk_code],
            "dekkingspercentage": DEKKING[(number - 1) % len(DEKKING)], "aantal_inwoners": inwoners(code),
            "jrstatcode": f"{year}{code}", "jaar": year,
        }, "geometry": multipolygon(rings[code])})
    return {"wijken": page(year, "wijken", wijken), "buurten": page(year, "buurten", buurten)}


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------
def dumps(content: dict) -> str:
    """Pretty-printed JSON (PDOK sends it on one line; this reads and diffs better), one point per line."""
    text = json.dumps(content, indent=JSON_INDENT, ensure_ascii=False)
    return POINT.sub(lambda match: f"[{match[1]}, {match[2]}]", text) + "\n"


def write_edition(directory: Path, year: int, pages: dict[str, dict]) -> Path:
    """One edition as `python -m pipelines geo` saves it: a file per page, then the manifest over those files."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.json"):  # a page or manifest of an earlier run (this directory is ours)
        stale.unlink()
    for collection, content in pages.items():
        (directory / f"{collection}-001.json").write_text(dumps(content), encoding="utf-8")
    write_manifest(directory, {
        "source": SOURCE_CODE, "gemeente": GEMEENTE_CODE, "table_id": f"wijken-en-buurten-{year}", "year": year,
        "url": API.format(year=year), "requests": [items_url(year, collection) for collection in pages],
        "retrieved_at": KWB_RETRIEVED_AT, "client": CLIENT, "demo": True, "let_op": LET_OP,
    })
    return directory


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every edition under out_dir/geo/wijken-en-buurten-<jaar>/; returns the edition directories."""
    simulation = simulate()
    return [write_edition(Path(out_dir) / SUBDIR / f"wijken-en-buurten-{year}", year, edition(year, simulation))
            for year in YEARS]


def main(argv: list[str] | None = None) -> int:
    return generator_main(argv, __doc__, generate)


if __name__ == "__main__":
    raise SystemExit(main())
