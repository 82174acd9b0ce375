"""Helpers for the AppTest tests of the pages: open a page, read its text, parse its downloads, ask the warehouse.

The `downloads` fixture (tests/conftest.py) hands out a DownloadRecorder: the
files behind the download buttons, built by the very callables the page
registered (Streamlit defers building a file until it is clicked).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

import duckdb
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from conftest import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app" / "streamlit_app.py")
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info")


def open_page(warehouse, monkeypatch, page: str | None = None, **params) -> AppTest:
    """The app on this warehouse, on page (e.g. "views/opgaven.py"; None: the start page) with these query parameters.

    Asserts the page ran without an exception.
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
    return app


def page_text(app: AppTest, kinds: Iterable[str] = TEXT_KINDS) -> str:
    """The values of the page's elements of these kinds, one a line."""
    return "\n".join(element.value for kind in kinds for element in getattr(app, kind))


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
    year figures only (the half-years are another period: a tile summarises years)."""
    return query(warehouse, "SELECT o.indicator_code, o.region_code, o.year, o.value, o.status FROM observation o"
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
