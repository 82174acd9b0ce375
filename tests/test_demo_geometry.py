"""The demo shapes of Soest's wijken and buurten (tools/demo/geo.py, data/raw/demo/geo): PDOK's format, fitting.

The map draws whatever these files say, so they are checked the way a map can go wrong: a region missing or twice,
a ring that is open or crosses itself, buurten that overlap or leave a gap in their wijk, wijken that do not make up
the gemeente, a boundary change that leaks into regions that did not change, and a snapshot whose manifest does
not verify. The shapes themselves are fictional (the manifest and the module say so); the real ones come from
`python -m pipelines geo`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import DEMO_DIR

from pipelines.snapshots import read_manifest
from pipelines.sources import cbs_wijkbuurtkaart
from pipelines.sources.cbs_kwb import KWB_TABLES
from tools.demo import geo

GEO_DIR = DEMO_DIR / "geo"
GEMEENTE = "GM0342"
WIJK_KEYS = ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "indelingswijziging_wijken_en_buurten", "water",
             "aantal_inwoners", "jrstatcode", "jaar"]
BUURT_KEYS = ["buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "gemeentenaam",
              "indelingswijziging_wijken_en_buurten", "water", "meest_voorkomende_postcode", "dekkingspercentage",
              "aantal_inwoners", "jrstatcode", "jaar"]


def edition_dir(year: int) -> Path:
    return GEO_DIR / f"wijken-en-buurten-{year}"


def page(year: int, collection: str) -> dict:
    return json.loads((edition_dir(year) / f"{collection}-001.json").read_text(encoding="utf-8"))


def features(year: int, collection: str) -> dict[str, dict]:
    """code -> feature of one collection of one edition (codes are unique: checked in the region test)."""
    key = "wijkcode" if collection == "wijken" else "buurtcode"
    return {feature["properties"][key]: feature for feature in page(year, collection)["features"]}


def ring(feature: dict) -> list[tuple[float, float]]:
    """The only ring of the only polygon, open (the closing point dropped; that it closes is checked elsewhere)."""
    (polygon,) = feature["geometry"]["coordinates"]
    (outer,) = polygon
    return [tuple(point) for point in outer[:-1]]


def area(points: list) -> float:
    """Shoelace, in square degrees: > 0 counter-clockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1])) / 2


def edges(points: list) -> list[tuple]:
    return list(zip(points, points[1:] + points[:1]))


def kwb_regions(year: int) -> dict[str, tuple[str, int | None]]:
    """Soest's wijken and buurten in the committed demo Kerncijfers table of `year`: code -> (name, inhabitants)."""
    directory = DEMO_DIR / "cbs" / KWB_TABLES[year]
    dimension = json.loads((directory / "WijkenEnBuurten.json").read_text(encoding="utf-8"))
    names = {row["Key"].strip(): row["Title"].strip() for row in dimension
             if row["Municipality"] == GEMEENTE and row["Key"].startswith(("WK", "BU"))}
    rows = json.loads((directory / "TypedDataSet.json").read_text(encoding="utf-8"))
    key = next(key for key in rows[0] if key.startswith("AantalInwoners_"))
    return {row["WijkenEnBuurten"].strip(): (names[row["WijkenEnBuurten"].strip()], row[key])
            for row in rows if row["WijkenEnBuurten"].strip() in names}


def test_the_generator_is_deterministic_and_the_committed_files_are_its_output(tmp_path):
    first = geo.generate(tmp_path / "a")
    second = geo.generate(tmp_path / "b")
    assert [d.name for d in first] == [f"wijken-en-buurten-{year}" for year in (2022, 2023, 2024, 2025)]
    for one, other in zip(first, second):
        names = sorted(file.name for file in one.iterdir())
        assert names == ["buurten-001.json", "manifest.json", "wijken-001.json"]
        assert names == sorted(file.name for file in other.iterdir())
        assert sorted(file.name for file in (GEO_DIR / one.name).iterdir()) == names
        for name in names:
            assert (one / name).read_bytes() == (other / name).read_bytes(), f"{one.name}/{name} differs between runs"
            assert (one / name).read_bytes() == (GEO_DIR / one.name / name).read_bytes(), \
                f"{one.name}/{name}: draai `python -m tools.demo.geo` en commit data/raw/demo/geo"


@pytest.mark.parametrize("year", geo.YEARS)
def test_each_page_is_one_whole_ogc_api_features_page_as_pdok_sends_it(year):
    for collection in ("wijken", "buurten"):
        content = page(year, collection)
        assert content["type"] == "FeatureCollection"
        assert content["timeStamp"] == geo.TIME_STAMP  # fixed: no clock in the generator
        assert content["numberReturned"] == len(content["features"])
        rels = [link["rel"] for link in content["links"]]
        assert "next" not in rels and rels.count("self") == 1  # one page: nothing to follow
        self_link = next(link for link in content["links"] if link["rel"] == "self")
        assert self_link["href"] == (f"https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1/collections/"
                                     f"{collection}/items?f=json&limit=1000&gemeentecode={GEMEENTE}")
        ids = [feature["id"] for feature in content["features"]]
        assert all(type(i) is int for i in ids) and len(set(ids)) == len(ids)
        for feature in content["features"]:
            assert feature["type"] == "Feature" and feature["geometry"]["type"] == "MultiPolygon"
            assert list(feature["properties"]) == (WIJK_KEYS if collection == "wijken" else BUURT_KEYS)


@pytest.mark.parametrize("year", geo.YEARS)
def test_every_demo_wijk_and_buurt_has_exactly_one_feature_with_its_kerncijfers_name_and_inhabitants(year):
    regions = kwb_regions(year)
    wijken, buurten = page(year, "wijken")["features"], page(year, "buurten")["features"]
    codes = Counter([f["properties"]["wijkcode"] for f in wijken] + [f["properties"]["buurtcode"] for f in buurten])
    assert max(codes.values()) == 1
    assert set(codes) == set(regions)
    assert len([c for c in codes if c.startswith("WK")]) == 8 and len([c for c in codes if c.startswith("BU")]) == 34
    for feature in wijken + buurten:
        p = feature["properties"]
        code = p.get("buurtcode", p["wijkcode"])
        name = p.get("buurtnaam", p.get("wijknaam"))
        assert name == regions[code][0]
        inhabitants = regions[code][1]
        assert p["aantal_inwoners"] == (-99997 if inhabitants is None else inhabitants)
        assert (p["gemeentecode"], p["gemeentenaam"], p["water"], p["jaar"]) == (GEMEENTE, "Soest", "NEE", year)
        assert p["jrstatcode"] == f"{year}{code}"
        if code.startswith("BU"):
            assert p["wijkcode"] == "WK" + code[2:8]
            assert len(p["meest_voorkomende_postcode"]) == 4 and p["meest_voorkomende_postcode"].startswith("376")


def _segments_cross(a, b, c, d) -> bool:
    """Whether segments a-b and c-d share a point (touching counts)."""
    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (value > 0) - (value < 0)

    def on(p, q, r):  # r on segment p-q, given collinear
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return any(o == 0 and on(p, q, r) for o, p, q, r in ((o1, a, b, c), (o2, a, b, d), (o3, c, d, a), (o4, c, d, b)))


def test_segments_cross_sees_crossing_touching_and_apart():
    assert _segments_cross((0, 0), (2, 2), (0, 2), (2, 0))
    assert _segments_cross((0, 0), (2, 0), (1, 0), (1, 5))  # a T
    assert not _segments_cross((0, 0), (1, 0), (0, 1), (1, 1))
    assert not _segments_cross((0, 0), (1, 0), (2, 0), (3, 0))  # collinear, apart


def _simple(points: list) -> bool:
    """No two non-neighbouring edges of the ring meet; neighbouring edges meet only in their shared corner."""
    sides = edges(points)
    n = len(sides)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue
            if _segments_cross(*sides[i], *sides[j]):
                return False
    return True


def test_simple_refuses_a_bow_tie():
    assert _simple([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert not _simple([(0, 0), (1, 1), (1, 0), (0, 1)])


@pytest.mark.parametrize("year", geo.YEARS)
def test_rings_are_closed_simple_counter_clockwise_and_in_soest(year):
    for collection in ("wijken", "buurten"):
        for code, feature in features(year, collection).items():
            (polygon,) = feature["geometry"]["coordinates"]
            (outer,) = polygon  # one polygon without holes
            assert outer[0] == outer[-1], f"{code}: ring not closed"
            assert len(outer) >= 4, code
            points = ring(feature)
            assert len(set(points)) == len(points), f"{code}: a corner twice"
            assert _simple(points), f"{code} {year}: the ring crosses itself"
            assert area(points) > 0, f"{code}: not counter-clockwise (RFC 7946)"
            assert all(5.23 < x < 5.37 and 52.11 < y < 52.22 for x, y in points), code
            assert all(round(c, 6) == c for point in points for c in point), code


def _boundary(rings: list[list]) -> Counter:
    """The directed edges of a set of rings that no other ring of the set has reversed: their joint outline.

    Rings that are simple, run the same way and cancel each other's shared edges exactly form a tiling of what that
    outline encloses: every point inside is enclosed by exactly one of them (the winding numbers add up to the
    outline's), so no overlap and no gap.
    """
    directed = Counter(edge for points in rings for edge in edges(points))
    assert max(directed.values()) == 1, "two regions run along the same edge in the same direction: they overlap"
    return Counter(edge for edge in directed if (edge[1], edge[0]) not in directed)


def _outline(boundary: Counter) -> list:
    """The single closed ring the boundary edges make, from its lowest corner."""
    following = {a: b for a, b in boundary}
    assert len(following) == len(boundary), "the outline passes a corner twice"
    start = min(following, key=lambda p: (p[1], p[0]))
    points = [start]
    while following[points[-1]] != start:
        points.append(following[points[-1]])
        assert len(points) <= len(following)
    assert len(points) == len(following), "the regions make more than one outline (a hole or an island)"
    return points


def _corners(points: list) -> list:
    """The ring without the points that lie on the straight line between their neighbours (within rounding)."""
    def straight(a, b, c):
        cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return abs(cross) / ((c[0] - a[0]) ** 2 + (c[1] - a[1]) ** 2) ** 0.5 < 2e-6  # degrees: 0.2 m

    return [b for a, b, c in zip(points[-1:] + points[:-1], points, points[1:] + points[:1]) if not straight(a, b, c)]


@pytest.mark.parametrize("year", geo.YEARS)
def test_buurten_tile_their_wijk_and_the_wijken_tile_the_gemeente(year):
    wijken = {code: ring(f) for code, f in features(year, "wijken").items()}
    buurten = {code: ring(f) for code, f in features(year, "buurten").items()}
    for wijk, outline in wijken.items():
        own = [points for code, points in buurten.items() if code[2:8] == wijk[2:]]
        # Same edges: the buurten's joint outline is the wijk's ring, corner for corner.
        assert set(_boundary(own)) == set(edges(outline)), f"{wijk} {year}: buurten do not make up the wijk"
        assert sum(area(points) for points in own) == pytest.approx(area(outline), rel=1e-9, abs=0)
    gemeente = _outline(_boundary(list(wijken.values())))
    assert set(_boundary(list(buurten.values()))) == set(edges(gemeente))
    assert sum(area(points) for points in wijken.values()) == pytest.approx(area(gemeente), rel=1e-9, abs=0)
    # the outline is the one the module draws (its corners), and it lies where Soest lies
    designed = [(round(x, 6), round(y, 6)) for x, y in (geo.NODES[name] for name in geo.OUTLINE)]
    corners = _corners(gemeente)
    assert set(corners) == set(designed) and len(corners) == len(designed)
    xs, ys = [x for x, _ in gemeente], [y for _, y in gemeente]
    assert 5.23 < min(xs) < 5.25 and 5.35 < max(xs) < 5.37 and 52.11 < min(ys) < 52.125 and 52.205 < max(ys) < 52.22


def test_the_checks_of_the_tiling_catch_an_overlap_and_a_gap():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    left, right = [(0, 0), (1, 0), (1, 2), (0, 2)], [(1, 0), (2, 0), (2, 2), (1, 2)]
    assert set(_boundary([left, right])) == set(edges([(0, 0), (1, 0), (2, 0), (2, 2), (1, 2), (0, 2)]))
    assert _corners(_outline(_boundary([left, right]))) == square
    with pytest.raises(AssertionError):
        _boundary([left, left])  # the same buurt twice: overlap
    too_narrow = [(1.5, 0), (2, 0), (2, 2), (1.5, 2)]
    assert set(_boundary([left, too_narrow])) != set(edges([(0, 0), (1, 0), (2, 0), (2, 2), (1, 2), (0, 2)]))


def test_the_boundary_change_of_2024_is_there_and_only_there():
    geometry = {year: {code: f["geometry"] for collection in ("wijken", "buurten")
                       for code, f in features(year, collection).items()} for year in geo.YEARS}
    change = {year: {code: f["properties"]["indelingswijziging_wijken_en_buurten"]
                     for collection in ("wijken", "buurten") for code, f in features(year, collection).items()}
              for year in geo.YEARS}
    assert geometry[2022] == geometry[2023]
    assert geometry[2024] == geometry[2025]
    moved = sorted(code for code in geometry[2023] if geometry[2023][code] != geometry[2024][code])
    assert moved == ["BU03420501", "BU03420502"]  # Smitsveen-West and Smitsveen-Oost; the wijk stays
    for year in geo.YEARS:
        flagged = sorted(code for code, value in change[year].items() if value != 1)
        assert flagged == (moved if year == 2024 else []), year
    assert {change[2024][code] for code in moved} == {3}
    old = {code: ring({"geometry": geometry[2023][code]}) for code in moved}
    new = {code: ring({"geometry": geometry[2024][code]}) for code in moved}
    assert sum(map(area, old.values())) == pytest.approx(sum(map(area, new.values())), rel=1e-9, abs=0)
    assert area(new["BU03420501"]) < area(old["BU03420501"])  # the line moved west: West lost to Oost


@pytest.mark.parametrize("year", geo.YEARS)
def test_the_manifest_verifies_and_says_demo_and_fictional(year):
    manifest = read_manifest(edition_dir(year))
    assert manifest["demo"] is True
    assert (manifest["source"], manifest["gemeente"], manifest["table_id"], manifest["year"]) == \
        ("cbs_wijkbuurtkaart", GEMEENTE, f"wijken-en-buurten-{year}", year)
    assert manifest["url"] == f"https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1"
    assert "vereenvoudigde voorbeeldvormen, niet de echte grenzen" in manifest["let_op"]
    assert "python -m pipelines geo" in manifest["let_op"]
    assert manifest["requests"] == [next(link["href"] for link in page(year, c)["links"] if link["rel"] == "self")
                                    for c in ("wijken", "buurten")]
    assert sorted(manifest["files"]) == ["buurten-001.json", "wijken-001.json"]


def test_a_changed_demo_page_no_longer_verifies(tmp_path):
    (directory,) = [d for d in geo.generate(tmp_path) if d.name.endswith("2024")]
    path = directory / "wijken-001.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Smitsveen", "Smitsveen-Noord"), encoding="utf-8")
    with pytest.raises(Exception, match="sha256"):
        read_manifest(directory)


@pytest.mark.parametrize("year", geo.YEARS)
def test_the_reader_loads_every_demo_edition_as_demo(year):
    table = cbs_wijkbuurtkaart.read_edition(edition_dir(year), GEMEENTE)
    assert table.is_demo and table.year == year and table.table_id == f"wijken-en-buurten-{year}"
    rows = table.boundaries
    assert set(rows["region_code"]) == set(kwb_regions(year))
    assert rows.filter(rows["level"] == "wijk").height == 8 and rows.filter(rows["level"] == "buurt").height == 34
    assert not rows["water"].any()
