"""Numbered SQL migrations in warehouse/migrations, applied in order and recorded."""

from __future__ import annotations

from importlib import resources

import duckdb


def _migrations() -> list[tuple[int, str, str]]:
    files = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in files.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this warehouse has not had yet; returns their file names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    done = []
    for version, name, sql in _migrations():
        if version in applied:
            continue
        con.execute(sql)
        con.execute(
            "INSERT INTO schema_migration VALUES (?, ?, current_timestamp::TIMESTAMP)", [version, name]
        )
        done.append(name)
    return done


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The migrations a warehouse has not had yet (read-only): a warehouse built by an older version of the monitor
    lacks tables the pages and reports read. Every load applies them first (warehouse.build.building)."""
    has_log = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migration'").fetchone()[0]
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()} if has_log else set()
    return [name for version, name, _ in _migrations() if version not in applied]
