"""Atomic builds: every change is made in a copy beside the warehouse and swapped in at the end.

A crash or a refused input midway leaves the previous warehouse exactly as it
was, and the dashboard (which only opens the real path read-only) never sees a
half-written file: os.replace is atomic on the same file system.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.schema import migrate


def _work_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.bouw-{os.getpid()}")


@contextlib.contextmanager
def building(target: Path, *, from_scratch: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a working copy of `target`; swap it in only if the block succeeds.

    from_scratch: start from an empty warehouse instead of a copy of the current one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = _work_path(target)
    _remove(work)
    if target.exists() and not from_scratch:
        shutil.copy2(target, work)
    con = duckdb.connect(str(work))
    try:
        migrate(con)
        yield con
        con.execute("CHECKPOINT")
        con.close()
        os.replace(work, target)
    except BaseException:
        con.close()
        _remove(work)
        raise


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for reading only, as the dashboard and `status` do."""
    return duckdb.connect(str(path), read_only=True)
