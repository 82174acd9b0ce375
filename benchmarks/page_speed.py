"""Benchmark: how long one script run of each dashboard page takes.

The rule for pages: after the first load, a script run (every click on a
widget reruns the whole page) stays well under 300 ms on the demo warehouse.
This script measures exactly that, with Streamlit's AppTest, which runs the
real page scripts in this process (no browser, no websocket).

What it does
------------
1. Builds a fresh demo warehouse in a temporary directory with
   ``python -m pipelines demo`` (the same build `make warehouse` does), so
   the figures do not depend on a stale data/processed/monitor.duckdb.
   ``--warehouse PATH`` uses an existing warehouse instead.
2. Warms up once (imports Streamlit, Altair, the app modules), untimed.
3. For each page, with the query parameters a shared link would carry:
   clears Streamlit's data cache, times the first run (cold cache: the
   warehouse queries run), then times N reruns (warm cache, default 10).
4. Prints one line per page: first run, median and max rerun, and the
   verdict against the 300 ms budget (judged on the max rerun).
5. Measures a floor the same way in the same run: a bare Streamlit page (a
   title, a line of text and a ten-row table, no warehouse) — what AppTest and
   Streamlit cost before the monitor does anything.

Run (from the project root)::

    .venv/bin/python -m benchmarks.page_speed [--runs 10] [--warehouse PATH] [--page bronnen]

The times include AppTest's own overhead (a script thread, building the
element tree), so a browser session is, if anything, a little faster.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.machine import print_machine
from pipelines.__main__ import main as pipelines_main

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")
BUDGET_MS = 300
TIMEOUT_S = 120

# (name, page script or None for presentation mode, query parameters)
PAGES = [
    ("overzicht", "views/overzicht.py", {}),
    ("wijkprofiel", "views/wijkprofiel.py", {"wijk": "WK034205"}),
    ("opgaven", "views/opgaven.py", {"opgave": "bestaanszekerheid"}),
    ("wijkvergelijking", "views/wijkvergelijking.py", {"indicator": "laag_inkomen", "wijken": "WK034201,WK034205"}),
    ("tellen-en-vertellen", "views/tellen_en_vertellen.py", {"opgave": "meedoen"}),
    ("bronnen", "views/bronnen.py", {}),
    ("presentatie (pagina)", "views/presentatie.py", {}),
    ("presentatie dia 1", None, {"presentatie": "1"}),
    ("presentatie bestaanszekerheid dia 2", None, {"presentatie": "1", "opgave": "bestaanszekerheid", "dia": "2"}),
    ("presentatie leefstijl dia 3", None, {"presentatie": "1", "opgave": "leefstijl", "dia": "3"}),
    ("presentatie weerbaarheid dia 4", None, {"presentatie": "1", "opgave": "weerbaarheid", "dia": "4"}),
]


def build_demo_warehouse(directory: Path) -> Path:
    path = directory / "monitor.duckdb"
    started = time.perf_counter()
    progress = io.StringIO()
    with contextlib.redirect_stdout(progress), contextlib.redirect_stderr(progress):
        built = pipelines_main(["demo", "--warehouse", str(path)])
    if built != 0:
        raise SystemExit(f"demo warehouse could not be built:\n{progress.getvalue()}")
    print(f"demo warehouse built in {time.perf_counter() - started:.1f} s: {path}")
    return path


BARE_PAGE = """
import streamlit as st
st.title("Kale pagina")
st.write("Alleen Streamlit zelf: geen warehouse, geen grafiek.")
st.dataframe({"a": list(range(10)), "b": [str(i) for i in range(10)]})
"""


def timed_run(app: AppTest) -> float:
    started = time.perf_counter()
    app.run(timeout=TIMEOUT_S)
    return (time.perf_counter() - started) * 1000


def measure(page: str | None, params: dict[str, str], runs: int) -> tuple[float, list[float], str | None]:
    """First run with a cold cache, then `runs` reruns; returns ms and the first exception, if any."""
    st.cache_data.clear()
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in params.items():
        app.query_params[key] = value
    if page:
        app.switch_page(page)
    first = timed_run(app)
    reruns = [timed_run(app) for _ in range(runs)]
    problem = app.exception[0].message if app.exception else None
    return first, reruns, problem


def verdict(reruns: list[float], problem: str | None) -> str:
    if problem:
        return f"FOUT: {problem[:60]}"
    if max(reruns) < BUDGET_MS:
        return "binnen budget"
    if statistics.median(reruns) < BUDGET_MS:
        return "mediaan binnen, max OVER"
    return "OVER budget"


def quiet_streamlit() -> None:
    """Clearing the cache outside a server logs 'No runtime found' every time; the table is what matters."""
    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        # a filter, not a level: Streamlit resets its loggers' levels whenever AppTest patches the config
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.ERROR)


def run(warehouse: Path, runs: int, only: str | None) -> int:
    os.environ["MONITOR_WAREHOUSE"] = str(warehouse)
    pages = [entry for entry in PAGES if not only or only in entry[0]]
    if not pages:
        raise SystemExit(f"no page matches {only!r}; pages: {', '.join(name for name, _, _ in PAGES)}")

    started = time.perf_counter()
    AppTest.from_file(APP, default_timeout=TIMEOUT_S).run(timeout=TIMEOUT_S)  # imports, untimed
    print(f"warm-up (imports): {time.perf_counter() - started:.1f} s")
    print(f"budget: a rerun under {BUDGET_MS} ms; {runs} reruns per page after one cold first run\n")

    header = f"{'page':<37} {'first ms':>9} {'median ms':>10} {'max ms':>8}  {'verdict':<26} query parameters"
    print(header)
    print("-" * len(header))
    bare = AppTest.from_string(BARE_PAGE, default_timeout=TIMEOUT_S)
    first, reruns = timed_run(bare), [timed_run(bare) for _ in range(runs)]
    print(f"{'floor: bare Streamlit page':<37} {first:>9.0f} {statistics.median(reruns):>10.0f} {max(reruns):>8.0f}  "
          f"{'(ondergrens)':<26} –")
    over = 0
    for name, page, params in pages:
        first, reruns, problem = measure(page, params, runs)
        outcome = verdict(reruns, problem)
        over += outcome != "binnen budget"
        query = "&".join(f"{key}={value}" for key, value in params.items()) or "–"
        print(f"{name:<37} {first:>9.0f} {statistics.median(reruns):>10.0f} {max(reruns):>8.0f}  {outcome:<26} {query}")
    print(f"\n{len(pages) - over} of {len(pages)} pages within the {BUDGET_MS} ms budget")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10, help="reruns per page after the first run (default 10)")
    parser.add_argument("--warehouse", type=Path, help="use this warehouse instead of building a fresh demo one")
    parser.add_argument("--page", help="only pages whose name contains this text")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    print_machine({"streamlit": st.__version__})
    quiet_streamlit()
    script_started = time.perf_counter()
    if args.warehouse:
        code = run(args.warehouse, args.runs, args.page)
    else:
        with tempfile.TemporaryDirectory(prefix="page_speed-") as tmp:
            code = run(build_demo_warehouse(Path(tmp)), args.runs, args.page)
    print(f"whole benchmark: {time.perf_counter() - script_started:.1f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
