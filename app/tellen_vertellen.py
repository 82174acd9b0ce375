"""Tellen en vertellen: which partner activities, stories and figures a choice of opgave, wijk and year shows.

Pure polars on data.activities(), data.stories() and data.observations(), so the
page stays a description of the screen and tests can check the filters and the
download tables directly.

Region rule: the gemeente code means the whole gemeente (activities and stories
for the gemeente as a whole and for each of its wijken); a wijk code means
that wijk only. What is left out for the gemeente as a whole is counted, so
the page can say so.
"""

from __future__ import annotations


import polars as pl

ALL = "alle"
SKETCH = "situatieschets"



def people_reached(activities: pl.DataFrame, gemeente_code: str) -> int | None:
    """Participants added up without counting anyone twice; None when no count is shown.

    Where an activity (opgave, name, partner, year) is reported for the whole
    gemeente and per wijk, the gemeente-wide figure is the total and the wijk
    rows are parts of it: only the total counts. Hidden counts (geheim) are
    never added.
    """
    same_activity = ["opgave_code", "_name", "_partner", "year"]
    is_total = pl.col("region_code") == gemeente_code
    counted = (
        activities.with_columns(_name=pl.col("name").str.to_lowercase(), _partner=pl.col("partner").str.to_lowercase())
        .filter(is_total | ~(is_total & pl.col("participants").is_not_null()).any().over(same_activity))
    )
    known = counted["participants"].drop_nulls()
    return int(known.sum()) if known.len() else None


def activities_by_goal(activities: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The activities that name a goal, per goal code (for the doelenboom), each in the order given (newest first).

    An activity names at most one goal (the partner's optional doel column); one without a goal serves its opgave
    as a whole and is in no list here. A frame without a goal_code column (a warehouse from before partners could
    name a goal) has none.
    """
    if "goal_code" not in activities.columns:
        return {}
    named = activities.filter(pl.col("goal_code").is_not_null())
    return {code: named.filter(pl.col("goal_code") == code) for code in dict.fromkeys(named["goal_code"].to_list())}


def year_options(activities: pl.DataFrame, stories: pl.DataFrame) -> dict[str, str]:
    """'alle' first, then every year with an activity or story, newest first; string keys for the URL."""
    years = sorted(set(activities["year"].to_list()) | set(stories["year"].to_list()), reverse=True)
    return {ALL: "Alle jaren"} | {str(year): str(year) for year in years}


def _filter(frame: pl.DataFrame, opgave_code: str, region_code: str, gemeente_code: str, year: str) -> pl.DataFrame:
    if opgave_code != ALL:
        frame = frame.filter(pl.col("opgave_code") == opgave_code)
    if region_code != gemeente_code:
        frame = frame.filter(pl.col("region_code") == region_code)
    if year != ALL:
        frame = frame.filter(pl.col("year") == int(year))
    return frame


def activities_shown(activities: pl.DataFrame, opgave_code: str, region_code: str, gemeente_code: str,
                     year: str) -> pl.DataFrame:
    """The activities for an opgave (or ALL), region and year (or ALL), newest first."""
    return _filter(activities, opgave_code, region_code, gemeente_code, year)


def stories_shown(stories: pl.DataFrame, opgave_code: str, region_code: str, gemeente_code: str,
                  year: str) -> pl.DataFrame:
    """Evaluaties, inwonersstemmen and casussen (no situatieschetsen) for the choice."""
    return _filter(stories.filter(pl.col("kind") != SKETCH), opgave_code, region_code, gemeente_code, year)


def sketches_shown(stories: pl.DataFrame, region_code: str, year: str) -> pl.DataFrame:
    """The situatieschetsen of one wijk (they belong to no opgave), newest first."""
    sketches = stories.filter((pl.col("kind") == SKETCH) & (pl.col("region_code") == region_code))
    return sketches if year == ALL else sketches.filter(pl.col("year") == int(year))


def gemeente_wide_left_out(frame: pl.DataFrame, opgave_code: str, gemeente_code: str, year: str) -> int:
    """How many rows for the gemeente as a whole a wijk choice leaves out (for 'kies heel …' hints)."""
    rows = _filter(frame, opgave_code, gemeente_code, gemeente_code, year)
    if "kind" in rows.columns:
        rows = rows.filter(pl.col("kind") != SKETCH)
    return rows.filter(pl.col("region_code") == gemeente_code).height


def count_text(count: int, one: str, many: str) -> str:
    """(1, 'verhaal', 'verhalen') → '1 verhaal'; (3, …) → '3 verhalen'."""
    return f"{count} {one if count == 1 else many}"


def region_series(observations: pl.DataFrame, indicator_code: str, region_code: str) -> pl.DataFrame:
    """One indicator's rows for one region over the years (for a tile's sparkline)."""
    return observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("region_code") == region_code))


def tile_figures(observations: pl.DataFrame, indicator_codes: list[str], region_code: str,
                 compare_code: str = "NL00") -> pl.DataFrame:
    """The figures behind an opgave's tiles: the region's series (the sparklines) and the comparison region's."""
    return observations.filter(pl.col("indicator_code").is_in(indicator_codes)
                               & pl.col("region_code").is_in([region_code, compare_code]))
