"""Series breaks in words: where a series stops because the source measures it differently, and where its successor starts.

A year after a series ended is recorded in the warehouse with status
'reeksbreuk' (value NULL). That is not a missing figure: the figure no longer
exists in this form. Every screen, slide and download says so with the note
from the catalogue ("Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie
Personen in armoede …"), and never joins the old series to its successor.

Pure functions on rows (dicts) carrying the catalogue columns series_first_year,
series_last_year, series_note (warehouse.queries.observations,
latest_by_indicator and indicator_catalog all return them).
"""

from __future__ import annotations

from collections.abc import Mapping

BREAK = "reeksbreuk"
BREAK_LABEL = "reeksbreuk"  # the word on a chart's break mark


def _after_colon(note: str) -> str:
    """'Nieuwe maat …' → 'nieuwe maat …' after a colon; 'CBS meet …' stays."""
    if len(note) > 1 and note[0].isupper() and note[1].islower():
        return note[0].lower() + note[1:]
    return note


def reason(note: str | None) -> str:
    """Why a series stopped, to follow 'Reeks stopt na 2023: '."""
    return _after_colon(note) if note else "de bron meet dit daarna anders."


def end_text(last_year: int, note: str | None) -> str:
    """'Reeks stopt na 2023: CBS meet dit vanaf 2024 anders: zie Personen in armoede (…).'"""
    return f"Reeks stopt na {last_year}: {reason(note)}"


def start_text(first_year: int, note: str | None, predecessor_title: str | None = None) -> str:
    """'Reeks begint in 2024: nieuwe maat van CBS …; tot en met 2023: Huishoudens met een laag inkomen, …'."""
    replaces = (f" en vervangt {predecessor_title}" if predecessor_title and predecessor_title not in (note or "")
                else "")
    reason = f": {_after_colon(note)}" if note else "."
    return f"Reeks begint in {first_year}{replaces}{reason}"


def has_ended(row: Mapping) -> bool:
    return row.get("series_last_year") is not None


def has_started(row: Mapping) -> bool:
    return row.get("series_first_year") is not None


def note(row: Mapping) -> str:
    """The series note of an indicator row in words: where it stops, or where it starts; '' for an unbroken series."""
    if has_ended(row):
        return end_text(row["series_last_year"], row.get("series_note"))
    if has_started(row):
        return start_text(row["series_first_year"], row.get("series_note"), row.get("predecessor_title"))
    return ""


def break_text(row: Mapping) -> str:
    """For an observation row with status 'reeksbreuk': why this year has no figure in this series."""
    last = row.get("series_last_year")
    if last is None and row.get("year") is not None:
        last = row["year"] - 1
    return end_text(last, row.get("series_note"))


def is_break(row: Mapping | None) -> bool:
    return row is not None and row.get("status") == BREAK
