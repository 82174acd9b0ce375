"""A warehouse an older version of the monitor built: the dashboard and the reports say what to do instead of
failing on a table it does not have yet, and the next load brings it up to date with every figure kept."""

from __future__ import annotations

import duckdb

from app.layout import OUTDATED_SCHEMA
from pipelines.__main__ import main as pipelines_main

from app_pages import open_page, page_text
from conftest import CONFIG_FILE


def _as_before_migration_8(warehouse) -> int:
    """Undo the newest migration (financiën) as if the warehouse were older; returns the observation count."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP TABLE financien")
        con.execute("DELETE FROM schema_migration WHERE version = 8")
        return con.execute("SELECT count(*) FROM observation").fetchone()[0]


def test_an_outdated_warehouse_says_how_to_bring_it_up_to_date_and_a_load_does(warehouse, soest_warehouse, monkeypatch,
                                                                                capsys):
    observations = _as_before_migration_8(warehouse)
    for page in (None, "views/financien.py", "views/opgaven.py"):
        app = open_page(warehouse, monkeypatch, page)
        assert [w.value for w in app.warning] == [OUTDATED_SCHEMA]
        assert "Nog niet toegepast: 008_financien.sql." in page_text(app)
    args = ["--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]
    assert pipelines_main(["coverage", *args]) == 1
    assert "oudere versie van de monitor (nog niet toegepast: 008_financien.sql)" in capsys.readouterr().err

    raw = soest_warehouse.parent / "raw" / "cbs"
    assert pipelines_main(["cbs", "--offline", "--years", "2024", "--raw-dir", str(raw), *args]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == observations
        assert con.execute("SELECT count(*) FROM schema_migration WHERE version = 8").fetchone()[0] == 1
    app = open_page(warehouse, monkeypatch, "views/financien.py")
    assert OUTDATED_SCHEMA not in [w.value for w in app.warning]
    assert "Er is nog geen financiënwerkmap geladen" in page_text(app)
