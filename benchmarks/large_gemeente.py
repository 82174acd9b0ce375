"""A large gemeente for the speed benchmarks: ~100 wijken, ~500 buurten, 150 indicators, 10+ years.

How it is made (stated in every benchmark's output): the demo warehouse is built by the real pipeline
(`python -m pipelines demo`), then scaled up with SQL in the warehouse's own schema (warehouse/migrations), not
through the loaders — the loaders read CBS's snapshot format per table and year, and a StatLine snapshot of a
gemeente this size would take as long to generate as the benchmark itself. What the pages read is therefore
exactly what a real warehouse holds (the same tables, columns, statuses, intervals, breakdowns and half-years):

- wijken: the 8 demo wijken plus WK034209…WK034299 (99 in all), each a copy of a demo wijk's figures scaled by a
  per-wijk factor; every new wijk gets 5 buurten (489 buurten in all), copies of the demo buurten the same way;
- indicators: the 43 catalogue indicators plus 107 variants ("… (variant 2)"), each in the same opgave and goal with
  its own figures (the original's scaled), so 150 indicators;
- years: the demo's own (2012–2025 for most indicators);
- shapes (region_boundary, for the maps): every edition the demo loaded, redrawn for all wijken and buurten as a
  grid of wijken split into strips of buurten, every edge a wavy line of EDGE_POINTS points (the same points on
  both sides of a shared edge), so a map has about as many points as a simplified real Wijk- en Buurtkaart.

    .venv/bin/python -m benchmarks.large_gemeente [--warehouse PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import shutil
import time
from pathlib import Path

import duckdb

from pipelines.__main__ import main as pipelines_main

WIJKEN = 99
BUURTEN_PER_NEW_WIJK = 5
INDICATORS = 150
DESCRIPTION = (f"grote gemeente: demo-warehouse (echte pijplijn) opgeschaald met SQL in het echte schema tot "
               f"{WIJKEN} wijken, ~{34 + (WIJKEN - 8) * BUURTEN_PER_NEW_WIJK} buurten, {INDICATORS} indicatoren")

SCALE = """
-- wijken 09…99: a copy of demo wijk ((n - 1) % 8) + 1, its figures scaled by a factor between 0.90 and 1.10
CREATE TEMP TABLE new_wijk AS
SELECT n, printf('WK0342%02d', n) AS code, printf('WK0342%02d', ((n - 1) % 8) + 1) AS template,
       1 + ((n * 7) % 21 - 10) / 100.0 AS factor
FROM range(9, $wijken + 1) t(n);

CREATE TEMP TABLE demo_buurt AS
SELECT region_code, row_number() OVER (ORDER BY region_code) - 1 AS i, count(*) OVER () AS total
FROM region WHERE level = 'buurt';

CREATE TEMP TABLE new_buurt AS
SELECT printf('BU0342%02d%02d', w.n, b) AS code, w.code AS wijk, w.n, b,
       (SELECT region_code FROM demo_buurt d WHERE d.i = (w.n * 5 + b) % d.total) AS template,
       1 + ((w.n * 5 + b * 3) % 21 - 10) / 100.0 AS factor
FROM new_wijk w, range(1, $buurten + 1) t(b);

INSERT INTO region (region_code, name, level, parent_code, gemeente_code, name_year)
SELECT code, 'Wijk ' || n, 'wijk', 'GM0342', 'GM0342', 2025 FROM new_wijk;
INSERT INTO region (region_code, name, level, parent_code, gemeente_code, name_year)
SELECT code, 'Buurt ' || n || '-' || b, 'buurt', wijk, 'GM0342', 2025 FROM new_buurt;

INSERT INTO observation
SELECT o.indicator_code, r.code, o.year, o.period, o.breakdown, o.value * r.factor, o.status,
       o.ci_low * r.factor, o.ci_high * r.factor, o.rounded_to, o.load_id
FROM observation o JOIN (SELECT code, template, factor FROM new_wijk
                         UNION ALL SELECT code, template, factor FROM new_buurt) r ON o.region_code = r.template;

-- indicator variants up to $indicators in all, ordered by variant number, then the catalogue's order
CREATE TEMP TABLE variant AS
SELECT indicator_code AS original, indicator_code || '_v' || k AS code, k,
       row_number() OVER (ORDER BY k, sort_order) AS i
FROM indicator, range(2, 6) t(k)
QUALIFY i <= $indicators - (SELECT count(*) FROM indicator);

INSERT INTO indicator BY NAME
SELECT indicator.* REPLACE (v.code AS indicator_code, title || ' (variant ' || v.k || ')' AS title,
                  sort_order + 1000 * v.k AS sort_order)
FROM indicator JOIN variant v ON indicator_code = v.original;

INSERT INTO observation
SELECT v.code, o.region_code, o.year, o.period, o.breakdown, o.value * (1 + v.k / 50.0), o.status,
       o.ci_low * (1 + v.k / 50.0), o.ci_high * (1 + v.k / 50.0), o.rounded_to, o.load_id
FROM observation o JOIN variant v ON o.indicator_code = v.original;
"""


def scale_up(warehouse: Path) -> dict[str, int]:
    """Scale a demo warehouse up in place; the row counts it ends with."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("SET enable_progress_bar = false")
        params = {"wijken": WIJKEN, "buurten": BUURTEN_PER_NEW_WIJK, "indicators": INDICATORS}
        for statement in (part.strip() for part in SCALE.split(";")):
            body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
            if body:
                used = {key: value for key, value in params.items() if f"${key}" in body}
                con.execute(body, used or None)
        counts = {
            "wijken": con.execute("SELECT count(*) FROM region WHERE level = 'wijk'").fetchall()[0][0],
            "buurten": con.execute("SELECT count(*) FROM region WHERE level = 'buurt'").fetchall()[0][0],
            "indicatoren": con.execute("SELECT count(*) FROM indicator").fetchall()[0][0],
            "jaren": con.execute("SELECT count(DISTINCT year) FROM observation").fetchall()[0][0],
            "waarnemingen": con.execute("SELECT count(*) FROM observation").fetchall()[0][0],
            "vormen": scale_boundaries(con),
        }
        con.execute("CHECKPOINT")
    return counts


EDGE_POINTS = 24  # points per wijk edge; a buurt strip shares them along the wijk's outline
GRID = 10  # wijken per row
CELL = 0.012  # degrees of a wijk's side (about 1 km in latitude)


def _wavy(start: tuple[float, float], end: tuple[float, float], points: int) -> list[list[float]]:
    """The edge from start to end as a wavy line: each point is moved by a function of its own place only, so the
    neighbour on the other side of the edge draws exactly the same points."""
    line = []
    for step in range(points):
        lon = start[0] + (end[0] - start[0]) * step / points
        lat = start[1] + (end[1] - start[1]) * step / points
        corner = step == 0
        wave = 0.0 if corner else CELL * 0.04 * math.sin(lon * 900) * math.cos(lat * 700)
        line.append([round(lon + wave, 6), round(lat - wave, 6)])
    return line


def _strip(left: float, bottom: float, width: float, height: float) -> dict:
    """One rectangle (a wijk or a buurt strip) with wavy edges, outer ring clockwise (as region_boundary keeps it)."""
    corners = [(left, bottom), (left, bottom + height), (left + width, bottom + height), (left + width, bottom)]
    ring = []
    for index, corner in enumerate(corners):
        following = corners[(index + 1) % 4]
        span = abs(following[0] - corner[0]) + abs(following[1] - corner[1])
        ring += _wavy(corner, following, max(2, round(EDGE_POINTS * span / CELL)))
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def scale_boundaries(con: duckdb.DuckDBPyConnection) -> int:
    """Shapes for every wijk and buurt of the large gemeente, in every edition the demo loaded; the rows written."""
    editions = con.execute("SELECT DISTINCT year, load_id FROM region_boundary ORDER BY year").fetchall()
    wijken = [code for (code,) in con.execute("SELECT region_code FROM region WHERE level = 'wijk' "
                                              "AND gemeente_code = 'GM0342' ORDER BY region_code").fetchall()]
    buurten = con.execute("SELECT region_code, name, parent_code FROM region WHERE level = 'buurt' "
                          "AND gemeente_code = 'GM0342' ORDER BY region_code").fetchall()
    names = dict(con.execute("SELECT region_code, name FROM region").fetchall())
    rows = []
    for year, load_id in editions:
        for index, wijk in enumerate(wijken):
            left, bottom = 5.20 + (index % GRID) * CELL, 52.10 + (index // GRID) * CELL
            rows.append([wijk, year, "wijk", names[wijk], "GM0342", "GM0342", False, 1,
                         json.dumps(_strip(left, bottom, CELL, CELL), separators=(",", ":")), load_id])
            own = [(code, name) for code, name, parent in buurten if parent == wijk]
            for number, (code, name) in enumerate(own):
                height = CELL / len(own)
                rows.append([code, year, "buurt", name, wijk, "GM0342", False, 1,
                             json.dumps(_strip(left, bottom + number * height, CELL, height), separators=(",", ":")),
                             load_id])
    con.execute("DELETE FROM region_boundary")
    con.executemany("INSERT INTO region_boundary VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def build_demo(path: Path) -> Path:
    progress = io.StringIO()
    with contextlib.redirect_stdout(progress), contextlib.redirect_stderr(progress):
        built = pipelines_main(["demo", "--warehouse", str(path)])
    if built != 0:
        raise SystemExit(f"demo warehouse could not be built:\n{progress.getvalue()}")
    return path


def build_large(path: Path, demo: Path | None = None) -> tuple[Path, dict[str, int]]:
    """A large gemeente at `path`: from this demo warehouse (copied) or a freshly built one."""
    if demo is not None:
        shutil.copy2(demo, path)
    else:
        build_demo(path)
    return path, scale_up(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--warehouse", type=Path, default=Path("data/processed/groot.duckdb"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    _, counts = build_large(args.warehouse)
    print(f"{args.warehouse}: {counts} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
