"""Today's date, in one place, so rules that depend on it can be tested on any day.

Rules that use the date (a figure older than two years is a gap; a partner may
report up to next year) read it here. Tests freeze it (monkeypatch `today`, or
set MONITOR_TODAY=YYYY-MM-DD for a whole run, e.g. to try the suite as if it
were 2027); nothing else should call date.today().
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The date rules count from: $MONITOR_TODAY (YYYY-MM-DD) when set, else the system date."""
    fixed = os.environ.get("MONITOR_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def this_year() -> int:
    return today().year
