"""Who may read and write the warehouse: one writer at a time, and a warehouse that cannot be read is never "empty".

Writing: every command that changes the warehouse holds an exclusive lock
on a small file beside it (`.<name>.lock`, an OS lock that the kernel
releases when the process dies, so a crash never leaves a lock behind). The
lock spans the whole read–change–swap, so two loads started together run one
after the other and the second sees what the first wrote. A program outside
the monitor that holds DuckDB's own write lock on the file (the duckdb CLI,
DBeaver, a notebook) is waited for in the same way. Both waits are bounded
(MONITOR_LOCK_WAIT_S, default 30 s); then the command refuses in one line
that names the holder.

Reading: a file that exists but cannot be opened (held by another program,
damaged, not a DuckDB file) is refused with what to do — never treated as
an empty warehouse that may be rebuilt.

When the lock is taken, what crashed builds left behind is removed
(`.<name>.bouw-<pid>` and its `.wal`, of processes that no longer run), and
a write-ahead log left by a program that crashed while writing the file is
folded into it first, so a copy of the file holds everything.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb

from monitor.errors import MonitorError
from monitor.leftovers import remove_stale

DEFAULT_LOCK_WAIT_S = 30.0
POLL_S = 0.2
_HELD_BY_DUCKDB = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class WarehouseBusy(MonitorError):
    """Another process writes the warehouse (or holds DuckDB's write lock) and did not finish in time."""


class WarehouseUnreadable(MonitorError):
    """The warehouse file exists but cannot be read; it must not be treated as empty."""


def lock_wait_seconds() -> float:
    """How long a writer waits for another writer: MONITOR_LOCK_WAIT_S, else the default."""
    try:
        return max(0.0, float(os.environ.get("MONITOR_LOCK_WAIT_S", DEFAULT_LOCK_WAIT_S)))
    except ValueError:
        return DEFAULT_LOCK_WAIT_S


def lock_path(target: Path) -> Path:
    return Path(target).with_name(f".{Path(target).name}.lock")


def build_path(target: Path) -> Path:
    """The working copy this process's build writes before it is swapped in."""
    return Path(target).with_name(f".{Path(target).name}.bouw-{os.getpid()}")


# Locks held per (warehouse, thread), so nested writers (a command, then the build inside it) do not wait for themselves.
_held: dict[tuple[Path, int], int] = {}
_held_guard = threading.Lock()


@contextlib.contextmanager
def exclusive_writer(target: Path, command: str | None = None) -> Iterator[None]:
    """Hold the warehouse for writing: our lock file, and no other program holding DuckDB's lock on the file."""
    target = Path(target).absolute()
    key = (target, threading.get_ident())
    with _held_guard:
        if key in _held:
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return

    target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_wait_seconds()
    handle = _take_lock_file(target, deadline)
    try:
        _describe_holder(handle, command)
        _wait_for_duckdb_lock(target, deadline)
        remove_stale(target.parent, re.compile(rf"^\.{re.escape(target.name)}\.bouw-(?P<pid>\d+)(\.wal)?$"))
        _fold_in_write_ahead_log(target)
        with _held_guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_guard:
                del _held[key]
    finally:
        # Removed while still locked: a waiter that opened the old file notices it is gone and opens a new one.
        with contextlib.suppress(OSError):
            lock_path(target).unlink()
        _unlock(handle)
        handle.close()


def open_for_reading(target: Path) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse for reading; a file that cannot be opened is refused with what to do."""
    try:
        return duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise unreadable(target, exc) from None


def unreadable(target: Path, exc: duckdb.Error) -> MonitorError:
    """The one-line refusal for a warehouse DuckDB would not open."""
    holder = _HELD_BY_DUCKDB.search(str(exc))
    if holder:
        return WarehouseBusy(
            f"het warehouse {target} is in gebruik door {holder['program']} (PID {holder['pid']}); "
            "sluit dat programma of probeer het straks opnieuw."
        )
    reason = str(exc).split("\n", 1)[0].removeprefix("IO Error: ")
    return WarehouseUnreadable(
        f"het warehouse {target} kan niet worden gelezen ({reason}). Het wordt niet als leeg behandeld en niet "
        "overschreven: zet het bestand bewust apart (of herstel het uit een back-up) en laad daarna opnieuw, "
        "of kies een ander --warehouse."
    )


def check_not_held_elsewhere(target: Path) -> None:
    """Refuse when another program opened the file for writing since we looked (checked again just before a swap)."""
    if Path(target).exists() and Path(target).stat().st_size:
        open_for_reading(target).close()


# --- the lock file -----------------------------------------------------------------


def _take_lock_file(target: Path, deadline: float):
    """The open, locked lock file. Each holder removes the file when done, so a lock taken on a file that is
    no longer the one at the path (removed by the holder we waited for) does not count: open the new one."""
    path = lock_path(target)
    while True:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — closed by the caller, after the unlock
        if _try_lock(handle):
            if _same_file(handle, path):
                return handle
            _unlock(handle)
            handle.close()
            continue
        if time.monotonic() >= deadline:
            holder = ""
            with contextlib.suppress(OSError):  # Windows refuses to read a locked region
                handle.seek(0)
                holder = handle.read().strip()
            handle.close()
            raise WarehouseBusy(
                f"het warehouse {target} is in gebruik door {_holder_text(holder)}; "
                "sluit dat programma of probeer het straks opnieuw."
            )
        handle.close()
        time.sleep(POLL_S)


def _same_file(handle, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _describe_holder(handle, command: str | None) -> None:
    """Who holds the lock, for the message another writer gets."""
    handle.seek(0)
    handle.truncate(0)
    handle.write(json.dumps({
        "pid": os.getpid(),
        "command": command or " ".join(["python", *sys.argv]),
        "since": datetime.now().strftime("%H:%M:%S"),
    }, ensure_ascii=False))
    handle.flush()


def _holder_text(recorded: str) -> str:
    try:
        holder = json.loads(recorded)
        return f"{holder['command']} (PID {holder['pid']}, sinds {holder['since']})"
    except (ValueError, KeyError, TypeError):
        return "een andere lading"


def _wait_for_duckdb_lock(target: Path, deadline: float) -> None:
    while True:
        try:
            check_not_held_elsewhere(target)
            return
        except WarehouseBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(POLL_S)


def _fold_in_write_ahead_log(target: Path) -> None:
    """A .wal beside the file holds changes not yet in it (a writer crashed); checkpoint them before anyone copies the file."""
    if not target.with_name(target.name + ".wal").exists():
        return
    try:
        with duckdb.connect(str(target)) as con:
            con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise unreadable(target, exc) from None


if os.name == "nt":  # pragma: no cover — analysts on Windows laptops
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
