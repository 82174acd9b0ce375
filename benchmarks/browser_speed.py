"""Benchmark: how long a user waits after choosing another wijk on Wijkprofiel, in a real browser.

Measured from pressing Enter in the wijk selectbox until the page is drawn again: the script has run, no element
is stale any more, the title names the new wijk, and the browser has painted two frames (charts draw after the
script). The same is measured on a bare page with one selectbox and a title (what Streamlit, the websocket and
the browser cost for any widget change), on the demo warehouse and on the large gemeente
(benchmarks/large_gemeente.py). Aim: the wijk change ≤ 2× the bare page.

    .venv/bin/python -m benchmarks.browser_speed [--changes 8] [--no-large]

Uses the app as `make run` serves it (tools/browser.py: streamlit run, Debian's chromium via Playwright).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.large_gemeente import DESCRIPTION as LARGE_DESCRIPTION
from benchmarks.large_gemeente import build_large
from benchmarks.machine import print_machine
from pipelines.__main__ import main as pipelines_main
from tools.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, cpu_seconds, streamlit_server, visit

WIJKEN = ["Smitsveen", "Soest-Zuid", "Soesterberg", "De Eng Soest-midden"]
AIM = 2.0

BARE_PAGE = '''
import streamlit as st

choice = st.selectbox("Wijk", ["Smitsveen", "Soest-Zuid", "Soesterberg", "De Eng Soest-midden"])
st.title(f"Kale pagina {choice}")
'''

DRAWN = """name => {
    const app = document.querySelector('[data-testid="stApp"]');
    const title = document.querySelector('[data-testid="stMain"] h1');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-stale="true"]')
        && title && title.textContent.includes(name);
}"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def change_times(page, url: str, changes: int, cpu=lambda: 0.0) -> tuple[list[float], float]:
    """ms from Enter in the first selectbox to the page drawn, for `changes` changes of wijk.

    One untimed round through every wijk first: each wijk's first view fills the server's caches (a cold view is
    the page's first-run time, measured by benchmarks.page_speed); what is timed is a change between wijken the
    server has seen, as when a user goes back and forth. Also: the server's CPU ms per timed change (`cpu` reads
    the server's CPU seconds)."""
    visit(page, url, timeout_ms=180_000)  # the first, cold run of a large gemeente may take a while
    times = []
    warm_up = len(WIJKEN)
    for i in range(changes + warm_up):
        if i == warm_up:
            cpu_before = cpu()
        name = WIJKEN[(i + 1) % len(WIJKEN)]
        page.get_by_test_id("stSelectbox").first.locator("input").click()
        page.keyboard.type(name)
        page.get_by_role("option", name=name, exact=True).wait_for()
        started = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(DRAWN, arg=name, timeout=60_000, polling="raf")
        page.evaluate(TWO_FRAMES)
        if i >= warm_up:
            times.append((time.perf_counter() - started) * 1000)
    return times, (cpu() - cpu_before) * 1000 / changes


def measure(warehouse: Path, directory: Path, changes: int, bare_script: Path,
            server_args: tuple[str, ...] = ()) -> tuple[float, float, float]:
    """Median ms of a wijk change, of a change on the bare page, and the server's CPU ms per wijk change."""
    from playwright.sync_api import sync_playwright

    with streamlit_server(warehouse, directory / "app.log", extra_args=server_args) as app_url, \
            streamlit_server(warehouse, directory / "bare.log", script=str(bare_script),
                             extra_args=server_args) as bare_url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
        wijk, cpu = change_times(page, app_url + "/wijkprofiel?wijk=WK034205", changes, lambda: cpu_seconds(app_url))
        bare, _ = change_times(page, bare_url, changes)
        browser.close()
    return statistics.median(wijk), statistics.median(bare), cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--changes", type=int, default=8, help="timed wijk changes per page (median)")
    parser.add_argument("--warehouse", type=Path, help="use this warehouse instead of building a fresh demo one")
    parser.add_argument("--large", type=Path, help="use this large-gemeente warehouse instead of building one")
    parser.add_argument("--no-large", action="store_true")
    parser.add_argument("--compare-gc", action="store_true",
                        help="also measure with [runner] postScriptGC = true (the setting before this benchmark)")
    args = parser.parse_args(argv)
    print_machine({})
    rows = []
    with tempfile.TemporaryDirectory(prefix="browser_speed-") as tmp:
        directory = Path(tmp)
        bare_script = directory / "kale_pagina.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        demo = args.warehouse
        if demo is None:
            demo = directory / "monitor.duckdb"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert pipelines_main(["demo", "--warehouse", str(demo)]) == 0
        warehouses = [("demo", demo)]
        if not args.no_large:
            print(LARGE_DESCRIPTION)
            warehouses.append(("grote gemeente", args.large or build_large(directory / "groot.duckdb", demo)[0]))
        for name, warehouse in warehouses:
            rows.append((name, *measure(warehouse, directory, args.changes, bare_script)))
            if args.compare_gc:
                rows.append((f"{name}, postScriptGC = true", *measure(
                    warehouse, directory, args.changes, bare_script, ("--runner.postScriptGC", "true"))))
    print(f"\nwijk kiezen op Wijkprofiel tot de pagina getekend is (mediaan van {args.changes}):\n")
    print("| warehouse | Wijkprofiel ms | kale pagina ms | × kaal | server-CPU ms per wijkkeuze |")
    print("|---|---:|---:|---:|---:|")
    for name, wijk, bare, cpu in rows:
        print(f"| {name} | {wijk:.0f} | {bare:.0f} | {wijk / bare:.1f} | {cpu:.0f} |")
    over = [name for name, wijk, bare, _ in rows if wijk > AIM * bare]
    print(f"\ndoel: ≤ {AIM}× de kale pagina; erboven: {', '.join(over) or 'geen'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
