"""CBS Wijk- en Buurtkaart via PDOK: the shapes of a gemeente's wijken and buurten, one edition a year, for the map.

What PDOK publishes (OGC API Features, Part 1; one API per edition):
- `https://api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/v1`, known for 2022 to 2025; an edition holds the indeling
  on 1 January of its year, the indeling the figures of that year are published for. A year PDOK does not publish
  answers HTTP 404: refused with that in words, never an empty map.
- collections `wijken` and `buurten`; `…/collections/<naam>/items?f=json&limit=1000&gemeentecode=GM0342` gives a
  GeoJSON FeatureCollection (`timeStamp`, `numberReturned`, `links`, `features`) in lon/lat (CRS84, the default).
  A property given as a query parameter filters on it; 1000 is PDOK's largest page.
- paging: the link with rel "next" (an opaque `cursor` parameter) is followed until there is none; it is never
  constructed. No total (`numberMatched`) is promised, so the last page is the one without a next link.
- properties as PDOK names them: wijken `wijkcode` (WK034201), `wijknaam`, `gemeentecode` (GM0342),
  `gemeentenaam`, `water` ("JA" water, "NEE" land, "B" Belgian territory), `indelingswijziging_wijken_en_buurten`
  (an integer code), `jrstatcode`, `jaar` and the Kerncijfers; buurten `buurtcode` (BU03420101), `buurtnaam`,
  `wijkcode`, `gemeentecode` and the same others. Only codes, names, water and indelingswijziging are kept: the
  figures come from StatLine (cbs), which states their status; the map's statistics are never read from here.

The raw snapshot keeps every page exactly as the API returned it (`wijken-001.json`, …, `buurten-001.json`, …)
with a manifest (pipelines.snapshots): the requests made, when, and the sha256 of every page. It is downloaded
into a staging directory, read by the same reader a later `--offline` uses, and only then swapped into place
(pipelines.download), so a failed or unusable download leaves the previous snapshot as it was.

The reader keeps its own scope: only features whose `gemeentecode` is the gemeente's, whatever the server did
with the filter. It refuses, naming the file and the feature, a feature without its codes or name, a code of the
wrong level or of another gemeente, a geometry that is not a (Multi)Polygon in lon/lat, a code twice, a buurt
whose wijk the edition lacks, and an edition without a single wijk of the gemeente.

Why simplified: the Kadaster's shapes have a point every few metres — megabytes for one gemeente, more than a
page should send to a browser for a map a few hundred pixels wide. Each ring is thinned with Douglas-Peucker
(TOLERANCE: about 5 m) and rounded to 5 decimals (about 1 m); a ring that collapses is dropped, a polygon's outer
ring never. Rings are wound the way d3-geo (Vega-Lite's geoshape) reads spherical polygons: outer rings clockwise,
holes counter-clockwise in lon/lat. RFC 7946 prefers the opposite, and d3 draws such a polygon as the whole globe
minus the wijk. The raw snapshot keeps the published shapes.

Attribution (CC BY 4.0), on every map: "Kadaster / Centraal Bureau voor de Statistiek, <jaar>" (ATTRIBUTION).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

import polars as pl
import requests

from monitor.errors import SourceError
from monitor.paths import shown
from monitor.sources import GeoSpec
from monitor.tidy import BOUNDARY_SCHEMA, COVERAGE_SCHEMA, OBSERVATION_SCHEMA, REGION_SCHEMA, SourceTable, empty
from pipelines.download import RetryPolicy, recover_interrupted_swaps, swap_into_place, with_retries
from pipelines.snapshots import data_files, fingerprint, read_manifest, write_manifest

SOURCE_CODE = "cbs_wijkbuurtkaart"
ATTRIBUTION = "Kadaster / Centraal Bureau voor de Statistiek, {year}"
LICENCE = "CC BY 4.0"
PAGE_LIMIT = 1000  # PDOK's largest page
MAX_PAGES = 500  # a next link that never ends (a server error) stops here: 500 000 features is no gemeente
TOLERANCE = 0.00005  # degrees: about 3.5 m east-west and 5.5 m north-south in the Netherlands
DECIMALS = 5  # about 1 m
LEVELS = {"wijken": "wijk", "buurten": "buurt"}
_PAGE_FILE = re.compile(r"^(?P<collection>[a-z]+)-(?P<page>\d{3,})\.json$")
_CODE = {"wijk": re.compile(r"^WK(\d{4})\d{2}$"), "buurt": re.compile(r"^BU(\d{4})\d{4}$")}
_GEMEENTE = re.compile(r"^GM(\d{4})$")


def attribution(year: int) -> str:
    return ATTRIBUTION.format(year=year)


# --- download -------------------------------------------------------------------------------------------------


def edition_url(api_url: str, year: int) -> str:
    """The landing page of one edition: the template's {year} (or {jaar}, as the command line spells it) filled in."""
    return api_url.replace("{jaar}", str(year)).replace("{year}", str(year)).rstrip("/")


def fetch_edition(year: int, target: Path, *, gemeente_code: str, api_url: str, policy: RetryPolicy,
                  session: requests.Session | None = None) -> SourceTable:
    """Download one edition's wijken and buurten of the gemeente into `target` (pages + manifest); returns it read.

    Staging → every page → manifest → read (the check) → swap: the previous snapshot stays when anything fails.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swaps(target.parent)
    staging = target.with_name(f".{target.name}.download-{os.getpid()}")
    base = edition_url(api_url, year)
    session = session or requests.Session()
    fetched: list[str] = []
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for collection in SOURCE.collections:
            _fetch_collection(session, base, collection, year, gemeente_code, staging, policy, fetched)
        write_manifest(staging, {
            "source": SOURCE_CODE,
            "gemeente": gemeente_code,
            "table_id": SOURCE.table_id(year),
            "year": year,
            "url": base,
            "requests": fetched,
            "retrieved_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "client": f"requests {version('requests')}",
            "attribution": attribution(year),
            "licence": LICENCE,
            "demo": False,
        })
        try:
            read_edition(staging, gemeente_code)
        except SourceError as exc:
            # The staging folder is gone after this: name the page by its file name alone.
            reason = str(exc).replace(f"{shown(staging)}/", "").replace(f"{shown(staging)}", "de download")
            raise SourceError(f"De Wijk- en Buurtkaart {year} van {base} is gedownload maar onbruikbaar (niet "
                              f"opgeslagen; {shown(target)} blijft zoals het was): {reason}") from None
        swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_edition(target, gemeente_code)


def _fetch_collection(session, base: str, collection: str, year: int, gemeente_code: str, staging: Path,
                      policy: RetryPolicy, fetched: list[str]) -> None:
    """Every page of one collection, following rel="next" until there is none; each page saved as returned."""
    url: str | None = f"{base}/collections/{collection}/items"
    params: dict | None = {"f": "json", "limit": PAGE_LIMIT, "gemeentecode": gemeente_code}
    seen: set[str] = set()
    page = 0
    while url:
        page += 1
        if page > MAX_PAGES or url in seen:
            raise SourceError(f"{base}: de collectie {collection} blijft naar een volgende pagina verwijzen "
                              f"(pagina {page}, {url}); de download is afgebroken, er is niets gewijzigd.")
        seen.add(url)
        what = f"Wijk- en Buurtkaart {year} ({collection}, pagina {page})"
        response = with_retries(lambda u=url, p=params: _get(session, u, p, policy, year, base, page), what, url,
                                policy)
        fetched.append(response.url)
        document = response.json()
        if not isinstance(document, dict) or not isinstance(document.get("features"), list):
            raise SourceError(f"{response.url}: het antwoord is geen GeoJSON FeatureCollection (geen lijst "
                              "'features'); is dit wel een OGC API Features-dienst?")
        (staging / f"{collection}-{page:03d}.json").write_bytes(response.content)
        url, params = _next_link(document, response.url), None  # the next link carries every parameter itself


def _get(session, url: str, params: dict | None, policy: RetryPolicy, year: int, base: str, page: int):
    response = session.get(url, params=params, timeout=policy.request_timeout,
                           headers={"Accept": "application/geo+json, application/json"})
    if response.status_code == 404 and page == 1:
        raise SourceError(f"PDOK publiceert geen Wijk- en Buurtkaart {year} op {base} (HTTP 404 voor "
                          f"{response.url.split('?', 1)[0]}). Bekende jaren: "
                          f"{', '.join(str(y) for y in SOURCE.years)}; kies andere --years of een andere --api-url. "
                          "Er is niets gewijzigd.")
    response.raise_for_status()
    response.json()  # a truncated or non-JSON body raises ValueError here: retried like other transient faults
    return response


def _next_link(document: dict, current: str) -> str | None:
    for link in document.get("links") or ():
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return urljoin(current, str(link["href"]))
    return None


# --- reading a snapshot ---------------------------------------------------------------------------------------


def read_edition(directory: Path, gemeente_code: str) -> SourceTable:
    """One saved edition, checked against its manifest, as the gemeente's wijk and buurt boundaries."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    year = _year(directory, manifest)
    pages = _pages(directory)
    rows: list[dict] = []
    where: dict[str, str] = {}  # code → file and feature, for the message about a duplicate
    for path, collection in pages:
        level = LEVELS[collection]
        for index, feature in enumerate(_features(path), start=1):
            label = f"{shown(path)}: object {index}"
            if isinstance(feature, dict) and feature.get("id") is not None:
                label = f"{label} (id {feature['id']})"
            row = _row(feature, level, year, gemeente_code, label)
            if row is None:
                continue
            code = row["region_code"]
            if code in where:
                raise SourceError(f"{label} ({code}) staat er twee keer in (ook {where[code]}).")
            where[code] = f"{path.name} object {index}"
            rows.append(row)
    wijken = {row["region_code"] for row in rows if row["level"] == "wijk"}
    if not wijken:
        downloaded_for = manifest.get("gemeente")
        other = "" if downloaded_for in (None, gemeente_code) else \
            f" (deze snapshot is gedownload voor {downloaded_for})"
        raise SourceError(f"{shown(directory)}: PDOK-editie {year} kent geen wijken van {gemeente_code}{other}. "
                          "Kies een ander jaar (--years) of controleer de gemeentecode.")
    orphans = sorted(f"{row['region_code']} (wijk {row['parent_code']})" for row in rows
                     if row["level"] == "buurt" and row["parent_code"] not in wijken)
    if orphans:
        raise SourceError(f"{shown(directory)}: buurt(en) waarvan de wijk niet in de editie {year} staat: "
                          f"{', '.join(orphans[:5])}{' …' if len(orphans) > 5 else ''}; de snapshot is onvolledig.")
    boundaries = pl.DataFrame(rows, schema=BOUNDARY_SCHEMA, orient="row") if rows else empty(BOUNDARY_SCHEMA)
    hand_made = ("handgemaakte snapshot (manifest gemarkeerd met `python -m pipelines manifest`)",) \
        if manifest.get("handgemaakt") else ()
    return SourceTable(
        source=SOURCE_CODE,
        table_id=SOURCE.table_id(year),
        year=year,
        directory=directory,
        sha256=fingerprint(manifest["files"]),
        is_demo=bool(manifest.get("demo", False)),
        regions=empty(REGION_SCHEMA),
        observations=empty(OBSERVATION_SCHEMA),
        boundaries=boundaries.sort(["level", "region_code"], descending=[True, False]),
        notices=hand_made,
        coverage=empty(COVERAGE_SCHEMA),
    )


def _year(directory: Path, manifest: dict) -> int:
    match = re.fullmatch(r"wijken-en-buurten-(\d{4})", directory.name.lstrip(".").split(".download-")[0])
    year = manifest.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        if match is None:
            raise SourceError(f"{shown(directory)}: de manifest noemt geen jaar (year) en de mapnaam is niet "
                              "wijken-en-buurten-<jaar>.")
        year = int(match.group(1))
    source = manifest.get("source")
    if source not in (None, SOURCE_CODE):
        raise SourceError(f"{shown(directory)}: de manifest zegt dat dit bron {source!r} is, niet {SOURCE_CODE}.")
    return year


def _pages(directory: Path) -> list[tuple[Path, str]]:
    """The page files in collection and page order; any other file is refused (it does not belong here)."""
    pages = []
    for path in data_files(directory):
        match = _PAGE_FILE.match(path.name)
        if match is None or match["collection"] not in LEVELS:
            raise SourceError(f"{shown(path)}: onbekend bestand in een snapshot van de Wijk- en Buurtkaart "
                              "(verwacht wijken-001.json, buurten-001.json …).")
        pages.append((path, match["collection"], int(match["page"])))
    order = list(LEVELS)
    return [(path, collection) for path, collection, _ in sorted(pages, key=lambda p: (order.index(p[1]), p[2]))]


def _features(path: Path) -> list:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{shown(path)}: geen geldige JSON ({exc}); de snapshot is beschadigd of "
                          "onvolledig.") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise SourceError(f"{shown(path)}: geen GeoJSON FeatureCollection (geen lijst 'features').")
    return features


def _row(feature, level: str, year: int, gemeente_code: str, where: str) -> dict | None:
    """One feature as a BOUNDARY_SCHEMA row; None for another gemeente's feature; refused when it is unusable."""
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        raise SourceError(f"{where}: geen GeoJSON Feature met properties.")
    properties = feature["properties"]
    gemeente = _text(properties, "gemeentecode", where)
    if not _GEMEENTE.match(gemeente):
        raise SourceError(f"{where}: gemeentecode {gemeente!r} is geen CBS-gemeentecode (GMnnnn).")
    if gemeente != gemeente_code:
        return None  # the server ignored the filter, or another gemeente's snapshot: not ours
    code_key, name_key = ("wijkcode", "wijknaam") if level == "wijk" else ("buurtcode", "buurtnaam")
    code = _text(properties, code_key, where)
    where = f"{where} ({code})"
    match = _CODE[level].match(code)
    if match is None:
        raise SourceError(f"{where}: {code_key} {code!r} is geen {level}code "
                          f"({'WKnnnnnn' if level == 'wijk' else 'BUnnnnnnnn'}).")
    if match.group(1) != gemeente[2:]:
        raise SourceError(f"{where}: {code} hoort niet bij gemeente {gemeente}.")
    parent = gemeente
    if level == "buurt":
        parent = _text(properties, "wijkcode", where)
        if not _CODE["wijk"].match(parent) or not code[2:8] == parent[2:]:
            raise SourceError(f"{where}: wijkcode {parent!r} past niet bij buurtcode {code}.")
    return {
        "region_code": code,
        "year": year,
        "level": level,
        "name": _text(properties, name_key, where),
        "parent_code": parent,
        "gemeente_code": gemeente,
        "water": str(properties.get("water") or "").strip().upper() == "JA",
        "indelingswijziging": _integer(properties.get("indelingswijziging_wijken_en_buurten")),
        "geometry": screen_geometry(feature.get("geometry"), where),
    }


def _text(properties: dict, key: str, where: str) -> str:
    value = properties.get(key)
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text:
        raise SourceError(f"{where}: eigenschap {key!r} ontbreekt of is leeg.")
    return text.upper() if key.endswith("code") else text


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


# --- geometry for the screen ----------------------------------------------------------------------------------


def screen_geometry(geometry, where: str) -> str:
    """A (Multi)Polygon in lon/lat, simplified, rounded and wound for d3, as compact GeoJSON text."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise SourceError(f"{where}: geometrie is geen Polygon of MultiPolygon (wel: {kind}).")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise SourceError(f"{where}: {geometry['type']} zonder coördinaten.")
    simplified = [simplify_polygon(_polygon(polygon, where), TOLERANCE) for polygon in polygons]
    shape = {"type": "Polygon", "coordinates": simplified[0]} if geometry["type"] == "Polygon" \
        else {"type": "MultiPolygon", "coordinates": simplified}
    return json.dumps(shape, separators=(",", ":"))


def _polygon(polygon, where: str) -> list[list[tuple[float, float]]]:
    """A polygon's rings as (lon, lat) tuples, after checking they are rings of numbers in lon/lat."""
    if not isinstance(polygon, list) or not polygon:
        raise SourceError(f"{where}: een polygoon zonder ringen.")
    rings = []
    for ring in polygon:
        if not isinstance(ring, list) or len(ring) < 4:
            raise SourceError(f"{where}: een ring met minder dan 4 punten.")
        points = []
        for point in ring:
            if (not isinstance(point, list) or len(point) < 2
                    or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in point[:2])):
                raise SourceError(f"{where}: een punt {point!r} is geen [lengte, breedte].")
            lon, lat = float(point[0]), float(point[1])
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise SourceError(f"{where}: coördinaat [{point[0]}, {point[1]}] is geen lengte/breedte in graden "
                                  "(RD-coördinaten? vraag de items op zonder crs-parameter: standaard CRS84).")
            points.append((lon, lat))
        if points[0] != points[-1]:
            raise SourceError(f"{where}: een ring is niet gesloten (eerste en laatste punt verschillen).")
        rings.append(points)
    return rings


def simplify_polygon(rings: list[list[tuple[float, float]]], tolerance: float) -> list[list[list[float]]]:
    """Douglas-Peucker per ring, rounded; holes that collapse are dropped, the outer ring never (then unsimplified)."""
    result = []
    for position, ring in enumerate(rings):
        thinned = _closed(_rounded(douglas_peucker(ring, tolerance)))
        if len(thinned) < 4 and position == 0:
            thinned = _closed(_rounded(ring))
            if len(thinned) < 4:
                thinned = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring]  # tiny: keep it as it is
        if len(thinned) < 4:
            continue
        outer = position == 0
        if (_signed_area(thinned) > 0) == outer:  # d3-geo: outer rings clockwise, holes counter-clockwise
            thinned.reverse()
        result.append(thinned)
    return result


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points that stay within `tolerance` of the line; first and last always kept (iterative, no recursion)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = 0, -1.0
        for index in range(first + 1, last):
            d = _distance(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep) if kept]


def _distance(point, start, end) -> float:
    """Distance from point to the segment start–end (to start itself when the segment is a point: a closed ring)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    if length == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def _rounded(points) -> list[list[float]]:
    """Rounded to DECIMALS, without the repeated points rounding makes."""
    result: list[list[float]] = []
    for x, y in points:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not result or result[-1] != point:
            result.append(point)
    return result


def _closed(points: list[list[float]]) -> list[list[float]]:
    if points and points[0] != points[-1]:
        points.append(list(points[0]))
    return points


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace: positive when the ring runs counter-clockwise with latitude pointing up."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


SOURCE = GeoSpec(
    code=SOURCE_CODE,
    label="CBS Wijk- en Buurtkaart (PDOK)",
    cli="geo",
    subdirectory="geo",
    api_url="https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1",
    collections=tuple(LEVELS),
    years=(2022, 2023, 2024, 2025),
    fetch=fetch_edition,
    read=read_edition,
)
