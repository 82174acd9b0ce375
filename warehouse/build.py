"""Atomic builds: every change is made in a copy beside the warehouse and swapped in at the end.

A crash or a refused input midway leaves the previous warehouse exactly as it
was, and the dashboard (which only opens the real path read-only) never sees a
half-written file: os.replace is atomic on the same file system. A build
always runs under the warehouse's writer lock (warehouse.access): the command
around it usually holds it already, so that what it read and what it writes
belong to one turn.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from monitor.leftovers import remove
from warehouse.access import build_path, check_not_held_elsewhere, exclusive_writer
from warehouse.schema import migrate


@contextlib.contextmanager
def building(target: Path, *, from_scratch: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a working copy of `target`; swap it in only if the block succeeds.

    from_scratch: start from an empty warehouse instead of a copy of the current one.
    """
    target = Path(target)
    with exclusive_writer(target):
        work = build_path(target)
        _remove_build(work)
        if target.exists() and not from_scratch:
            shutil.copy2(target, work)
        con = duckdb.connect(str(work))
        try:
            migrate(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            # A program that opened the warehouse for writing during the build would lose its changes to the swap.
            check_not_held_elsewhere(target)
            os.replace(work, target)
        except BaseException:
            con.close()
            _remove_build(work)
            raise


def _remove_build(work: Path) -> None:
    for leftover in (work, work.with_name(work.name + ".wal")):
        remove(leftover)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for reading only, as the dashboard does (commands use warehouse.access.open_for_reading)."""
    return duckdb.connect(str(path), read_only=True)
