"""Helpers for the AppTest tests of the pages: open a page, read its text, parse its downloads, ask the warehouse.

The `downloads` fixture (tests/conftest.py) hands out a DownloadRecorder: the
files behind the download buttons, built by the very callables the page
registered (Streamlit defers building a file until it is clicked).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable

import duckdb
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from app.layout import PAGE_FAILED
from app.plain_text import WORD_JOINER
from conftest import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info")


def open_page(warehouse, monkeypatch, page: str | None = None, **params) -> AppTest:
    """The app on this warehouse, on page (e.g. "views/opgaven.py"; None: the start page) with these query parameters.

    Asserts the page ran without an exception, also one the app caught to show its 'er ging iets mis' message.
    """
    monkeypatch.setenv("MONITOR_WAREHOUSE", str(warehouse))
    app = AppTest.from_file(APP, default_timeout=30)
    if page is not None:
        app.run()  # AppTest finds a page by its registered url_path only after a first run
    for name, value in params.items():
        app.query_params[name] = value
    if page is not None:
        app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert not [e for e in app.error if e.value == PAGE_FAILED], "the page failed; the traceback is in the log"
    return app


def page_text(app: AppTest, kinds: Iterable[str] = TEXT_KINDS) -> str:
    """The values of the page's elements of these kinds, one a line, as the reader sees them (see shown)."""
    return "\n".join(shown(element.value) for kind in kinds for element in getattr(app, kind))


def shown(markdown: str) -> str:
    """Markdown source with text from outside (app.plain_text.markdown_safe) as the reader sees that text: without
    the backslashes before escaped characters and the invisible word joiners. Markup of our own (**, *) stays."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def markdown_sent(app: AppTest) -> list[str]:
    """Every string the page sends to the browser to be rendered as Markdown: bodies of text elements and notices,
    labels (expanders, metrics, widgets) and help tooltips."""
    def nodes(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from nodes(child)

    texts = []
    for node in nodes(app._tree):
        proto = getattr(node, "proto", None)
        fields = proto.DESCRIPTOR.fields_by_name if proto is not None else {}
        texts += [getattr(proto, name) for name in ("body", "label", "help") if name in fields and getattr(proto, name)]
    return texts


MAP_SHAPES = "kaart_gebieden"  # app.charts.kaart: the dataset a map's shapes travel in (inline GeoJSON)


def is_map(chart) -> bool:
    """A vega_lite_chart element (or its spec as a dict) that is a map (app.map_panel) rather than a chart."""
    spec = chart if isinstance(chart, dict) else json.loads(chart.proto.spec)
    return MAP_SHAPES in (spec.get("datasets") or {})


def parse_csv(content: bytes) -> list[dict]:
    """A CSV download as rows: UTF-8 with a BOM, ';' between fields (numbers keep their decimal comma)."""
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so Excel reads the accents right"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def dutch_number(text: str) -> float | None:
    """A CSV field with a decimal comma as a number; an empty field is a missing figure (None), never 0."""
    return None if text == "" else float(text.replace(",", "."))


def query(warehouse, sql: str, params=None) -> list[tuple]:
    """Rows straight from the warehouse file, read-only, not through the app's own queries."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def opgave_figures(warehouse, opgave: str) -> list[tuple]:
    """(indicator, region, year, value, status) of every indicator of an opgave for Soest and Nederland (totaal),
    year figures only (the half-years are another period: a tile summarises years). The value as a download has it:
    rounded to the indicator's decimals plus one (app/export.py)."""
    return query(warehouse, "SELECT o.indicator_code, o.region_code, o.year, round(o.value, i.decimals + 1), o.status"
                            " FROM observation o"
                            " JOIN indicator i USING (indicator_code) WHERE i.opgave_code = ?"
                            " AND o.breakdown = 'totaal' AND o.period = 'jaar'"
                            " AND o.region_code IN ('GM0342', 'NL00')", [opgave])


def figure_rows(rows: list[dict]) -> list[tuple]:
    """Downloaded figures (parse_csv) as (indicator, region, year, value, status), comparable with opgave_figures."""
    return [(r["indicator"], r["regio_code"], int(r["jaar"]), dutch_number(r["waarde"]), r["status"]) for r in rows]


def copy_warehouse(warehouse, target, *statements: str):
    """A copy of a warehouse with these SQL statements applied (to make a case the demo data does not have)."""
    import shutil

    shutil.copy2(warehouse, target)
    with duckdb.connect(str(target)) as con:
        for statement in statements:
            con.execute(statement)
    return target


# --- a warehouse with hostile partner texts -----------------------------------------------------------------------

FAKE_HEADING = "GEMEENTE SOEST STOPT"
PHISHING_LINK = "[Klik hier](https://phish.example/x)"
TRACKING_IMAGE = "![x](https://tracker.example/p.png)"
TRACKING_HTML = "<img src=https://tracker.example/a.png>"
OUTSIDE_HOSTS = ("phish.example", "tracker.example")
HOSTILE_STORY_TITLE = f"# {FAKE_HEADING}"
HOSTILE_STORY_BODY = (f"# {FAKE_HEADING} MET DE VOEDSELBANK\nLees verder: {PHISHING_LINK}\n{TRACKING_IMAGE}\n"
                      f"{TRACKING_HTML}\nOf kijk op https://phish.example/kaal en www.phish.example of mail "
                      "hulp@phish.example")
HOSTILE_ACTIVITY = "**Gratis** [energiecheck](https://phish.example/energie)"
HOSTILE_PARTNER = "<b>Partner</b> ![logo](https://tracker.example/logo.png)"
HOSTILE_WIJK = "Smitsveen"


def hostile_workbook(path):
    """A partner workbook whose texts are Markdown and HTML a partner could type: a fake heading, a phishing
    link, tracking images, bare web addresses. Written with openpyxl, the way Excel saves it."""
    from partner_workbooks import ACTIVITEITEN_HEADER, VERHALEN_HEADER, write_workbook

    return write_workbook(path, {
        "Activiteiten": [
            ACTIVITEITEN_HEADER,
            ["Bestaanszekerheid", HOSTILE_ACTIVITY, HOSTILE_PARTNER, 2024, 40, HOSTILE_WIJK, PHISHING_LINK],
        ],
        "Verhalen": [
            VERHALEN_HEADER,
            ["Bestaanszekerheid", 2024, HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY, HOSTILE_WIJK, "inwonersstem",
             PHISHING_LINK],
            [None, 2024, HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY, HOSTILE_WIJK, "situatieschets", TRACKING_IMAGE],
        ],
    })


def hostile_warehouse(soest_warehouse, directory):
    """A copy of the Soest warehouse with the hostile workbook loaded by the real partner loader."""
    import shutil

    from conftest import CONFIG_FILE
    from pipelines.__main__ import main as pipelines_main

    directory.mkdir(parents=True, exist_ok=True)
    warehouse = directory / "monitor.duckdb"
    shutil.copy2(soest_warehouse, warehouse)
    workbook = hostile_workbook(directory / "partner" / "buurtkracht.xlsx")
    assert pipelines_main(["partner", str(workbook), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]) == 0
    return warehouse


class DownloadRecorder:
    """The files behind download buttons: deferred file id → (file name, callable making the bytes).

    `recorder[button.proto.deferred_file_id]` gives (file name, callable);
    `recorder.by_name("soest_laadlog.csv")` gives the callable last registered under that file name.
    """

    def __init__(self) -> None:
        self.files: dict[str, tuple[str | None, Callable[[], bytes]]] = {}

    def install(self, monkeypatch) -> DownloadRecorder:
        """Record every deferred download Streamlit registers from now on (until monkeypatch undoes it)."""
        original = MediaFileManager.add_deferred
        files = self.files

        def add_deferred(manager, data_callable, mimetype, coordinates, file_name=None, **kwargs):
            file_id = original(manager, data_callable, mimetype, coordinates, file_name, **kwargs)
            files[file_id] = (file_name, data_callable)
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
        return self

    def __getitem__(self, file_id: str) -> tuple[str | None, Callable[[], bytes]]:
        return self.files[file_id]

    def names(self) -> list[str | None]:
        return [name for name, _ in self.files.values()]

    def by_name(self, file_name: str) -> Callable[[], bytes]:
        """The callable registered last under this file name (a rerun registers the buttons again)."""
        for name, make in reversed(list(self.files.values())):
            if name == file_name:
                return make
        raise KeyError(f"geen download {file_name!r}; wel: {sorted(set(filter(None, self.names())))}")
