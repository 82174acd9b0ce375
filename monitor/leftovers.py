"""What a crashed process left behind: files and folders whose name carries the pid of a process that no longer runs.

Builds and downloads write beside their target under a name with their pid
(`.monitor.duckdb.bouw-1234`, `.85984NED.download-1234`). A process killed
midway cannot remove them; the next command can, once it knows the pid is
gone. A pid that still runs is left alone: that process may be working.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path


def is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OSError:
        return False
    return True


def stale(directory: Path, pattern: re.Pattern) -> list[Path]:
    """Entries in directory whose name matches pattern (with a named group `pid`) of a process that no longer runs."""
    if not Path(directory).is_dir():
        return []
    found = []
    for entry in sorted(Path(directory).iterdir()):
        match = pattern.match(entry.name)
        if match and not is_running(int(match["pid"])):
            found.append(entry)
    return found


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_stale(directory: Path, pattern: re.Pattern) -> list[Path]:
    """Remove what stale() finds; returns what was removed."""
    removed = stale(directory, pattern)
    for path in removed:
        remove(path)
    return removed
