"""A local fake of PDOK's OGC API Features for the CBS Wijk- en Buurtkaart, for tests that must not touch the internet.

It serves what `python -m pipelines geo` asks PDOK for, in PDOK's format (OGC API Features Part 1, GeoJSON):

- ``GET /cbs/wijken-en-buurten-{year}/ogc/v1/collections/{wijken|buurten}/items?f=json&limit=…&gemeentecode=…``:
  a FeatureCollection with ``type``, ``timeStamp``, ``links`` (self, and next while more features follow),
  ``numberReturned`` and ``features`` (``id``, ``properties`` with PDOK's snake_case names, ``geometry``);
- paging as PDOK does it: an opaque ``cursor`` parameter in the absolute next link, which also repeats ``f``,
  ``limit`` and the property filter; a page holds at most ``page_size`` features (the server's own cap, small, so
  every test pages), whatever ``limit`` asks;
- a property given as query parameter (``gemeentecode=GM0342``) filters on it, unless ``ignore_filter`` is set:
  then every gemeente comes back, which the reader must survive;
- HTTP 404 (application/problem+json) for a year or collection it does not have, 400 for a bad ``f``, ``limit``
  or ``cursor``.

``requests`` records every request (path and decoded query) in order; ``served`` the body of every 200 answer, so a
test can compare a saved page byte for byte. ``faults`` answers a status instead, for retry tests. The fixtures
(``editions()``) hold two gemeenten and two years with a boundary change. Only the standard library is used; the
server runs in a background thread on a free port of 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

import pytest

from local_server import LocalServer

GEO_JSON = "application/geo+json"
PROBLEM_JSON = "application/problem+json"
ITEMS = re.compile(r"^/cbs/wijken-en-buurten-(?P<year>\d{4})/ogc/v1/collections/(?P<collection>[^/]+)/items/?$")
TIME_STAMP = "2025-06-02T09:14:07Z"  # fixed: answers are byte-identical from one run to the next


@dataclass
class Fault:
    """Answer ``status`` to the next ``times`` requests whose decoded path+query contains ``path_contains``."""

    path_contains: str
    status: int = 503
    times: int = 1


class OgcServer(LocalServer):
    """Serves the added editions over HTTP on 127.0.0.1 until stopped."""

    THREAD_NAME = "ogc-server"

    def __init__(self, page_size: int = 2):
        super().__init__()
        self.page_size = page_size
        self.ignore_filter = False
        self.served: list[bytes] = []
        self._editions: dict[int, dict[str, list[dict]]] = {}

    def add_edition(self, year: int, collections: dict[str, list[dict]]) -> None:
        """Serve ``collections`` (name → features, in the order PDOK would page them) as edition ``year``."""
        self._editions[year] = {name: list(features) for name, features in collections.items()}

    @property
    def base_url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """The template `--api-url` takes: the landing page of an edition with {jaar} for the year."""
        return f"{self.base_url}/cbs/wijken-en-buurten-{{jaar}}/ogc/v1"

    def _answer(self, base_url: str, path: str, query: dict[str, list[str]]) -> tuple[int, str, dict]:
        match = ITEMS.match(path)
        if match is None:
            return _problem(404, f"Geen resource op {path}.")
        edition = self._editions.get(int(match["year"]))
        if edition is None:
            return _problem(404, f"Dataset wijken-en-buurten-{match['year']} bestaat niet.")
        collection = match["collection"]
        if collection not in edition:
            return _problem(404, f"Collection {collection} bestaat niet.")
        single = {key: values[-1] for key, values in query.items()}
        if single.get("f", "json") != "json":
            return _problem(400, f"Formaat {single['f']!r} wordt in deze test niet ondersteund.")
        try:
            limit = int(single.get("limit", "10"))
        except ValueError:
            return _problem(400, f"limit {single['limit']!r} is geen getal.")
        if not 1 <= limit <= 1000:
            return _problem(400, "limit moet tussen 1 en 1000 liggen.")
        offset = _offset(single.get("cursor"))
        if offset is None:
            return _problem(400, "Ongeldige cursor.")
        features = edition[collection]
        filters = {key: value for key, value in single.items() if key not in ("f", "limit", "cursor", "crs")}
        if not self.ignore_filter:
            features = [feature for feature in features
                        if all(str(feature["properties"].get(key)) == value for key, value in filters.items())]
        size = min(limit, self.page_size)
        page = features[offset:offset + size]
        items = f"{base_url}{path}"
        own = {"f": "json", "limit": str(limit), **filters}
        this = {**own, "cursor": single["cursor"]} if "cursor" in single else own
        links = [{"rel": "self", "type": GEO_JSON, "title": "This document as GeoJSON",
                  "href": f"{items}?{urlencode(this)}"}]
        if offset + size < len(features):
            links.append({"rel": "next", "type": GEO_JSON, "title": "Next page",
                          "href": f"{items}?{urlencode({'cursor': _cursor(offset + size), **own})}"})
        return 200, GEO_JSON, {"type": "FeatureCollection", "timeStamp": TIME_STAMP, "links": links,
                               "numberReturned": len(page), "features": page}


def _cursor(offset: int) -> str:
    """Opaque, like PDOK's: the client must follow the link, never build one."""
    return base64.urlsafe_b64encode(f"offset|{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int | None:
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition("|")
        return int(number) if kind == "offset" else None
    except (ValueError, UnicodeDecodeError):
        return None


def _problem(status: int, detail: str) -> tuple[int, str, dict]:
    titles = {400: "Bad Request", 404: "Not Found"}
    return status, PROBLEM_JSON, {"title": titles.get(status, "Error"), "status": status, "detail": detail}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # every response closes its connection: no handler thread outlives a test

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        ogc: OgcServer = self.server.service
        split = urlsplit(self.path)
        target = split.path + (f"?{unquote_plus(split.query)}" if split.query else "")
        fault = ogc._record(target)
        if fault is not None:
            self._send(fault.status, json.dumps({"title": "Service Unavailable", "status": fault.status}).encode(),
                       PROBLEM_JSON)
            return
        host, port = self.server.server_address[:2]
        status, content_type, document = ogc._answer(f"http://{host}:{port}", split.path, parse_qs(split.query))
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        if status == 200:
            with ogc._lock:
                ogc.served.append(body)
        self._send(status, body, content_type)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        """Silent: the request log is ``OgcServer.requests``."""


# --- the fixtures: two gemeenten, two editions, one boundary change ---------------------------------------------

SOEST, BAARN = "GM0342", "GM0308"
NAMES = {SOEST: "Soest", BAARN: "Baarn"}


def rectangle(west: float, south: float, east: float, north: float, steps: int = 6) -> list[list[float]]:
    """A closed ring counter-clockwise (RFC 7946), with `steps` points on every side: the points Kadaster data has
    along a straight street, which simplification removes."""
    ring = []
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    for (x1, y1), (x2, y2) in zip(corners, corners[1:]):
        for step in range(steps):
            t = step / steps
            # a wobble of a few centimetres, far below the tolerance: not a straight line to the float, like real data
            wobble = 2e-7 * ((step % 3) - 1)
            ring.append([round(x1 + (x2 - x1) * t + wobble, 7), round(y1 + (y2 - y1) * t - wobble, 7)])
    ring.append(list(ring[0]))
    return ring


def _wijk(fid: int, year: int, gemeente: str, number: int, name: str, rings: list, water: str = "NEE") -> dict:
    code = f"WK{gemeente[2:]}{number:02d}"
    return {"type": "Feature", "id": fid, "geometry": _multi(*rings),
            "properties": {"wijkcode": code, "wijknaam": name, "gemeentecode": gemeente,
                           "gemeentenaam": NAMES[gemeente], "indelingswijziging_wijken_en_buurten": 1,
                           "water": water, "aantal_inwoners": 4_215 if water == "NEE" else -99997,
                           "jrstatcode": f"{year}{code}", "jaar": year}}


def _buurt(fid: int, year: int, gemeente: str, wijk: int, number: int, name: str, geometry: dict,
           change: int = 1) -> dict:
    code = f"BU{gemeente[2:]}{wijk:02d}{number:02d}"
    return {"type": "Feature", "id": fid, "geometry": geometry,
            "properties": {"buurtcode": code, "buurtnaam": name, "wijkcode": f"WK{gemeente[2:]}{wijk:02d}",
                           "gemeentecode": gemeente, "gemeentenaam": NAMES[gemeente],
                           "indelingswijziging_wijken_en_buurten": change, "water": "NEE",
                           "meest_voorkomende_postcode": "3761", "dekkingspercentage": 1,
                           "aantal_inwoners": 1_105, "jrstatcode": f"{year}{code}", "jaar": year}}


def _multi(*rings: list) -> dict:
    return {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]}


def editions() -> dict[int, dict[str, list[dict]]]:
    """Soest (3 wijken, the third water) and Baarn (1 wijk), interleaved as a national service pages them.

    2023 → 2024: buurt BU03420102 grows north (another shape, same code) and BU03420201 is split into BU03420203 and
    BU03420204 (new codes; the old one is gone). BU03420202 is a Polygon with a hole (a park that is another buurt
    in reality; here it only tests holes).
    """
    result = {}
    for year in (2023, 2024):
        north = 52.190 if year == 2024 else 52.185  # BU03420102's northern edge moves
        wijken = [
            _wijk(1, year, SOEST, 1, "Soest-Zuid", [rectangle(5.28, 52.15, 5.30, 52.19)]),
            _wijk(2, year, BAARN, 1, "Baarn-Centrum", [rectangle(5.26, 52.20, 5.29, 52.22)]),
            # two parts: a wijk with an enclave
            _wijk(3, year, SOEST, 2, "Soest-Noord", [rectangle(5.30, 52.15, 5.33, 52.19),
                                                      rectangle(5.335, 52.16, 5.34, 52.165)]),
            _wijk(4, year, SOEST, 3, "Eemmeer", [rectangle(5.33, 52.19, 5.36, 52.21)], water="JA"),
        ]
        buurten = [
            _buurt(11, year, SOEST, 1, 1, "Overhees", _multi(rectangle(5.28, 52.15, 5.30, 52.17))),
            _buurt(12, year, SOEST, 1, 2, "Hees", _multi(rectangle(5.28, 52.17, 5.30, north)),
                   change=1),
            _buurt(21, year, BAARN, 1, 1, "Baarn-Oost", _multi(rectangle(5.26, 52.20, 5.29, 52.22))),
            _buurt(31, year, SOEST, 2, 2, "Smitsveen", {"type": "Polygon", "coordinates": [
                rectangle(5.315, 52.15, 5.33, 52.19), list(reversed(rectangle(5.32, 52.16, 5.325, 52.17)))]}),
            _buurt(41, year, SOEST, 3, 1, "Eemmeer-water", _multi(rectangle(5.33, 52.19, 5.36, 52.21))),
        ]
        if year == 2023:
            buurten.insert(3, _buurt(30, year, SOEST, 2, 1, "Soesterberg",
                                     _multi(rectangle(5.30, 52.15, 5.315, 52.19))))
        else:
            buurten[3:3] = [
                _buurt(32, year, SOEST, 2, 3, "Soesterberg-Noord", _multi(rectangle(5.30, 52.17, 5.315, 52.19)), 2),
                _buurt(33, year, SOEST, 2, 4, "Soesterberg-Zuid", _multi(rectangle(5.30, 52.15, 5.315, 52.17)), 2),
            ]
        result[year] = {"wijken": wijken, "buurten": buurten}
    return result


@pytest.fixture
def ogc_server():
    """A started OgcServer serving editions() 2023 and 2024, two features a page; stopped after the test."""
    with OgcServer(page_size=2) as server:
        for year, collections in editions().items():
            server.add_edition(year, collections)
        yield server


OgcServer.HANDLER = _Handler  # defined after the server whose answers it sends
