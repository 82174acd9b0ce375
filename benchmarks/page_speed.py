"""Benchmark: one script run of each dashboard page, against the floor of that same page, on the demo and a large
gemeente.

Every click on a widget reruns the whole page, so a rerun is what a user waits for. This measures it with
Streamlit's AppTest, which runs the real page scripts in this process (no browser, no websocket).

What it does
------------
1. Builds a fresh demo warehouse (``python -m pipelines demo``) and from it a large gemeente
   (benchmarks/large_gemeente.py: ~100 wijken, ~500 buurten, 150 indicators; how it is made is printed).
   ``--warehouse PATH`` uses an existing warehouse instead of the demo; ``--no-large`` skips the large one.
2. Per page: runs the app's entry script on the default page, then switches to the page (``switch_page`` after
   the first run, as a user clicking in the navigation: switching before the first run silently measured the
   Overzicht for every page) with the query parameters a shared link would carry; checks the page's title, so a
   page can never be measured as another. Then: one run with cold caches, N timed reruns (warm caches).
3. The floor of the same page: the element tree the page just drew (every title, text, tile, table, chart,
   download button and selectbox, in the same columns, containers and expanders) is recorded with its
   precomputed values and emitted again by a script that does nothing else — no warehouse, no polars, no
   Altair. Page ÷ floor is what the page's own work costs on top of what Streamlit needs to draw it.
4. Prints per page: rerun median (ms), the floor's median, page ÷ floor, and at the large gemeente the same plus
   large ÷ demo. The aims: page ≤ 1.5× its floor, large ≤ 2× demo.

Run (from the project root)::

    .venv/bin/python -m benchmarks.page_speed [--runs 10] [--page bronnen] [--no-large] [--post-script-gc false]

AppTest's own overhead (a script thread, building the element tree) is in both the page and its floor.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.large_gemeente import DESCRIPTION as LARGE_DESCRIPTION
from benchmarks.large_gemeente import build_large
from benchmarks.machine import print_machine
from pipelines.__main__ import main as pipelines_main

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")
TIMEOUT_S = 300
FLOOR_AIM, LARGE_AIM = 1.5, 2.0

# (name, page script or None for presentation mode, query parameters, text the page's first title contains)
PAGES = [
    ("overzicht", "views/overzicht.py", {}, ""),
    ("wijkprofiel", "views/wijkprofiel.py", {"wijk": "WK034205"}, "Wijkprofiel"),
    ("opgaven", "views/opgaven.py", {"opgave": "bestaanszekerheid"}, "Opgaven"),
    ("wijkvergelijking", "views/wijkvergelijking.py", {"indicator": "laag_inkomen", "wijken": "WK034201,WK034205"},
     "Wijkvergelijking"),
    ("tellen-en-vertellen", "views/tellen_en_vertellen.py", {"opgave": "meedoen"}, "Tellen en vertellen"),
    ("financien", "views/financien.py", {}, "Financiën"),
    ("bronnen", "views/bronnen.py", {}, "Bronnen en kwaliteit"),
    ("presentatie (pagina)", "views/presentatie.py", {}, "Presentatie"),
    ("dia 1 (opgave)", None, {"presentatie": "1"}, ""),
    ("dia 2 bestaanszekerheid", None, {"presentatie": "1", "opgave": "bestaanszekerheid", "dia": "2"}, ""),
    ("dia 3 leefstijl", None, {"presentatie": "1", "opgave": "leefstijl", "dia": "3"}, ""),
    ("dia 4 weerbaarheid", None, {"presentatie": "1", "opgave": "weerbaarheid", "dia": "4"}, ""),
    ("dia 5 bestaanszekerheid (kaart)", None, {"presentatie": "1", "opgave": "bestaanszekerheid", "dia": "5"}, ""),
    ("wijkdia", None, {"presentatie": "1", "wijk": "WK034205"}, ""),
]

FLOOR_SCRIPT = """
import os
import pickle

import streamlit as st

from benchmarks.page_speed import replay


@st.cache_resource
def recipe(path):
    with open(path, "rb") as file:
        return pickle.load(file)


st.set_page_config(page_title="Vloer", layout="wide")
elements = recipe(os.environ["PAGE_SPEED_FLOOR"])
counter = [0]
replay(elements["main"], counter)
with st.sidebar:
    replay(elements["sidebar"], counter)
"""


# ------------------------------------------------------------------------------------ the floor: record, replay


def _arrow_rows(arrow_bytes: bytes) -> list[dict]:
    import pyarrow as pa

    if not arrow_bytes:
        return []
    return pa.ipc.open_stream(arrow_bytes).read_all().to_pylist()


def _chart_spec(proto) -> dict:
    """The chart's Vega-Lite spec with its data inline again (Streamlit moved it into Arrow datasets)."""
    import json

    spec = json.loads(proto.spec)
    datasets = {dataset.name: _arrow_rows(dataset.data.data) for dataset in proto.datasets if dataset.has_name}
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    if proto.HasField("data") and proto.data.data:
        spec["data"] = {"values": _arrow_rows(proto.data.data)}
    return spec


def record(node, skipped: dict[str, int]) -> list:
    """The element tree under a block as a recipe for `replay`: precomputed values only."""
    from streamlit.testing.v1.element_tree import Block

    recipe: list = []
    for child in node.children.values():
        if isinstance(child, Block):
            kind = child.type
            if kind == "event":
                continue
            children = list(child.children.values())
            if kind == "flex_container" and children and all(
                    isinstance(c, Block) and c.type == "column" for c in children):
                recipe.append(("columns", [record(column, skipped) for column in children]))
            elif kind == "expandable":
                recipe.append(("expander", child.proto.expandable.label, record(child, skipped)))
            elif kind == "tab_container":
                recipe.append(("tabs", [tab.proto.tab.label for tab in children],
                               [record(tab, skipped) for tab in children]))
            else:
                border = kind == "flex_container" and child.proto.flex_container.border
                recipe.append(("container", bool(border), record(child, skipped)))
            continue
        proto_name = type(child.proto).__name__
        proto = child.proto
        if proto_name == "Markdown":
            recipe.append(("markdown", proto.element_type, proto.body, proto.allow_html))
        elif proto_name == "Heading":
            recipe.append(("heading", proto.tag, proto.body, proto.anchor or None))
        elif proto_name == "Html":
            recipe.append(("html", proto.body))
        elif proto_name in ("Arrow", "Dataframe") or child.type in ("arrow_data_frame", "dataframe", "table"):
            recipe.append(("dataframe", child.value))
        elif proto_name in ("VegaLiteChart", "ArrowVegaLiteChart"):
            recipe.append(("chart", _chart_spec(proto)))
        elif proto_name == "DownloadButton":
            recipe.append(("download", proto.label))
        elif proto_name == "Button":
            recipe.append(("button", proto.label))
        elif proto_name == "Selectbox":
            recipe.append(("selectbox", proto.label, list(proto.options), proto.default if proto.HasField("default")
                           else 0))
        elif proto_name == "MultiSelect":
            recipe.append(("multiselect", proto.label, list(proto.options), list(proto.default)))
        elif proto_name == "Alert":
            recipe.append(("alert", proto.format, proto.body))
        elif proto_name == "Metric":
            recipe.append(("metric", proto.label, proto.body, proto.delta or None))
        else:
            skipped[proto_name] = skipped.get(proto_name, 0) + 1
            recipe.append(("markdown", 1, f"({proto_name})", False))  # an element of about the same weight
    return recipe


_ALERTS = {1: st.error, 2: st.warning, 3: st.info, 4: st.success}


def replay(recipe: list, counter: list[int] | None = None) -> None:
    """Emit the recorded elements again with Streamlit's public API: the floor of the recorded page."""
    counter = counter if counter is not None else [0]
    for step in recipe:
        kind = step[0]
        counter[0] += 1
        key = f"vloer_{counter[0]}"
        if kind == "markdown":
            _, element_type, body, allow_html = step
            if element_type == 2:
                st.caption(body, unsafe_allow_html=allow_html)
            elif element_type == 5:
                st.divider()
            elif element_type == 3:
                st.code(body)
            else:
                st.markdown(body, unsafe_allow_html=allow_html)
        elif kind == "heading":
            _, tag, body, anchor = step
            {"h1": st.title, "h2": st.header}.get(tag, st.subheader)(body, anchor=anchor)
        elif kind == "html":
            st.html(step[1])
        elif kind == "dataframe":
            st.dataframe(step[1], hide_index=True)
        elif kind == "chart":
            st.vega_lite_chart(spec=step[1])
        elif kind == "download":
            st.download_button(step[1], data=b"", key=key)
        elif kind == "button":
            st.button(step[1], key=key)
        elif kind == "selectbox":
            st.selectbox(step[1], step[2], index=min(step[3], max(len(step[2]) - 1, 0)), key=key)
        elif kind == "multiselect":
            options = step[2]
            st.multiselect(step[1], options, default=[options[i] for i in step[3] if i < len(options)], key=key)
        elif kind == "alert":
            _ALERTS.get(step[1], st.info)(step[2])
        elif kind == "metric":
            st.metric(step[1], step[2], step[3])
        elif kind == "columns":
            for column, inner in zip(st.columns(len(step[1])), step[1]):
                with column:
                    replay(inner, counter)
        elif kind == "expander":
            with st.expander(step[1]):
                replay(step[2], counter)
        elif kind == "tabs":
            for tab, inner in zip(st.tabs(step[1]), step[2]):
                with tab:
                    replay(inner, counter)
        elif kind == "container":
            with st.container(border=step[1]):
                replay(step[2], counter)


def page_recipe(app: AppTest, skipped: dict[str, int]) -> dict[str, list]:
    return {"main": record(app.main, skipped), "sidebar": record(app.sidebar, skipped)}


# ------------------------------------------------------------------------------------------------ measuring


def timed_run(app: AppTest) -> float:
    started = time.perf_counter()
    app.run(timeout=TIMEOUT_S)
    return (time.perf_counter() - started) * 1000


class WrongPage(RuntimeError):
    pass


def measure_page(page: str | None, params: dict[str, str], title: str, runs: int) -> tuple[float, list[float], AppTest]:
    """First run with cold caches on the page itself, then `runs` reruns; ms and the app (for its element tree)."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in params.items():
        app.query_params[key] = value
    app.run(timeout=TIMEOUT_S)  # the entry script on its default page, as a browser opening the link
    if page:
        app.switch_page(page)
    st.cache_data.clear()  # the timed first run starts cold, whichever page the entry script showed
    st.cache_resource.clear()
    first = timed_run(app)
    if app.exception:
        raise WrongPage(f"{page}: {app.exception[0].message[:200]}")
    titles = [element.value for element in app.title]
    if title and not (titles and title in titles[0]):
        raise WrongPage(f"{page} with {params}: expected a title with {title!r}, got {titles[:1]}")
    reruns = [timed_run(app) for _ in range(runs)]
    return first, reruns, app


def measure_floor(recipe: dict, directory: Path, runs: int) -> list[float]:
    path = directory / "vloer.pickle"
    with path.open("wb") as file:
        pickle.dump(recipe, file)
    os.environ["PAGE_SPEED_FLOOR"] = str(path)
    floor = AppTest.from_string(FLOOR_SCRIPT, default_timeout=TIMEOUT_S)
    st.cache_resource.clear()
    floor.run(timeout=TIMEOUT_S)  # loads the pickle once (cache_resource); not timed
    if floor.exception:
        raise RuntimeError(floor.exception[0].message)
    return [timed_run(floor) for _ in range(runs)]


def quiet_streamlit() -> None:
    """Clearing the cache outside a server logs 'No runtime found' every time; the table is what matters."""
    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        # a filter, not a level: Streamlit resets its loggers' levels whenever AppTest patches the config
        logging.getLogger(name).addFilter(lambda record: record.levelno >= logging.ERROR)


def measure_all(warehouse: Path, pages: list, runs: int, directory: Path) -> dict[str, tuple[float, float, float]]:
    """Per page: (first run, rerun median, floor median) in ms."""
    os.environ["MONITOR_WAREHOUSE"] = str(warehouse)
    results = {}
    skipped: dict[str, int] = {}
    for name, page, params, title in pages:
        try:
            first, reruns, app = measure_page(page, params, title, runs)
        except WrongPage as problem:
            print(f"  {name}: NIET GEMETEN — {problem}")
            continue
        recipe = page_recipe(app, skipped)
        floor = measure_floor(recipe, directory, runs)
        results[name] = (first, statistics.median(reruns), statistics.median(floor))
        print(f"  {name:<26} eerste {first:7.0f} ms · herhaling {statistics.median(reruns):6.0f} ms · "
              f"vloer {statistics.median(floor):6.0f} ms", flush=True)
    if skipped:
        print(f"  (in de vloer als tekst nagebootst: {skipped})")
    return results


def table(demo: dict, large: dict | None) -> str:
    header = "| pagina | demo ms | vloer ms | × vloer |"
    rule = "|---|---:|---:|---:|"
    if large is not None:
        header += " groot ms | vloer ms | × vloer | groot ÷ demo |"
        rule += "---:|---:|---:|---:|"
    lines = [header, rule]
    for name, (_, rerun, floor) in demo.items():
        line = f"| {name} | {rerun:.0f} | {floor:.0f} | {rerun / floor:.1f} |"
        if large is not None:
            if name in large:
                _, big, big_floor = large[name]
                line += f" {big:.0f} | {big_floor:.0f} | {big / big_floor:.1f} | {big / rerun:.1f} |"
            else:
                line += " – | – | – | – |"
        lines.append(line)
    return "\n".join(lines)


def run(demo: Path, large: Path | None, runs: int, only: str | None, directory: Path) -> int:
    pages = [entry for entry in PAGES if not only or only in entry[0]]
    if not pages:
        raise SystemExit(f"no page matches {only!r}; pages: {', '.join(entry[0] for entry in PAGES)}")
    started = time.perf_counter()
    AppTest.from_file(APP, default_timeout=TIMEOUT_S).run(timeout=TIMEOUT_S)  # imports, untimed
    print(f"warm-up (imports): {time.perf_counter() - started:.1f} s; {runs} herhalingen per pagina (mediaan)\n")
    print(f"demo: {demo}")
    demo_results = measure_all(demo, pages, runs, directory)
    large_results = None
    if large is not None:
        print(f"\n{LARGE_DESCRIPTION}: {large}")
        large_results = measure_all(large, pages, runs, directory)
    print()
    print(table(demo_results, large_results))
    over_floor = [name for name, (_, rerun, floor) in (large_results or demo_results).items()
                  if rerun > FLOOR_AIM * floor]
    print(f"\ndoel: ≤ {FLOOR_AIM}× de vloer; erboven: {', '.join(over_floor) or 'geen'}")
    if large_results:
        over_large = [name for name, (_, big, _) in large_results.items()
                      if name in demo_results and big > LARGE_AIM * demo_results[name][1]]
        print(f"doel: groot ≤ {LARGE_AIM}× demo; erboven: {', '.join(over_large) or 'geen'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10, help="reruns per page after the first run (default 10)")
    parser.add_argument("--warehouse", type=Path, help="use this warehouse instead of building a fresh demo one")
    parser.add_argument("--large", type=Path, help="use this large-gemeente warehouse instead of building one")
    parser.add_argument("--no-large", action="store_true", help="only the demo")
    parser.add_argument("--page", help="only pages whose name contains this text")
    parser.add_argument("--post-script-gc", choices=["true", "false"],
                        help="override [runner] postScriptGC (a full garbage collection after every run)")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after the warm-up, as the app does")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    print_machine({"streamlit": st.__version__})
    quiet_streamlit()
    if args.post_script_gc:
        from streamlit import config

        config.set_option("runner.postScriptGC", args.post_script_gc == "true")
    if args.gc_freeze:
        gc.freeze()
    script_started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="page_speed-") as tmp:
        directory = Path(tmp)
        demo = args.warehouse
        if demo is None:
            demo = directory / "monitor.duckdb"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert pipelines_main(["demo", "--warehouse", str(demo)]) == 0
        large = args.large
        if large is None and not args.no_large:
            started = time.perf_counter()
            large, counts = build_large(directory / "groot.duckdb", demo)
            print(f"grote gemeente gebouwd in {time.perf_counter() - started:.0f} s: {counts}")
        code = run(demo, large, args.runs, args.page, directory)
    print(f"whole benchmark: {time.perf_counter() - script_started:.1f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
