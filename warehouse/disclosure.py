"""Secondary suppression over the whole warehouse: a hidden count never follows from a total minus what is shown.

A count below the privacy threshold is stored as 'geheim' (value NULL) by
the reader that loads it (primary suppression). On its own that is not
enough: the gemeente's total minus the wijken that are shown gives the one
hidden wijk exactly, and so do two hidden wijken whose sum is tiny. The
figures of such a group can come from different files and loads, so the
check runs over the whole warehouse, after every load, inside the atomic
build.

The rule (the standard one of statistical disclosure control), for every
count (indicator unit 'aantal') per year, period and breakdown, and for
every partner activity per year (opgave, activity, partner: the row for the
whole gemeente is the total of its wijk rows), and for every parent region
with its child regions (gemeente → wijken, wijk → buurten):

- a published parent with hidden children is safe only when at least two
  children are hidden and the residual, parent − sum of the children shown,
  is at least the threshold: the residual is exactly what anyone can
  compute, so it must neither be one child's count nor a small sum;
- while that fails, the smallest child shown is hidden too (ties: region
  code); when no child is shown any more, the parent itself is hidden;
- a hidden parent whose children are all shown or absent would be their
  sum, so then the smallest child shown is hidden;
- a parent that is absent, or not published for another reason, gives
  nothing away: no sum to subtract from.

Hiding a cell can break the group it is the parent or child of, so the rule
runs until nothing changes. Child rows that are absent or 'ontbreekt' are
taken as 0, as someone subtracting would. A hidden cell is stored exactly
like a count below the threshold ('geheim', value and interval NULL):
which cells were hidden for which reason is nowhere recorded, because
that alone would tell which hidden counts are small. For the same reason
the coverage of what was hidden is counted again afterwards: a coverage row
that still counted the cell as having a value would say how many were
hidden to protect others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb


@dataclass(frozen=True)
class _CountTable:
    """A table holding counts: how to read its cells, and how to hide one."""

    cells: str  # every series (the cells that add up) with a hidden cell: series columns…, region_code, value, hidden
    hide: str  # parameters: the series columns and region_code, as `cells` gives them


_OBSERVATIONS = _CountTable(
    cells="""
    SELECT o.indicator_code, o.year, o.period, o.breakdown, o.region_code, o.value, o.status = 'geheim' AS hidden
    FROM observation o JOIN indicator i USING (indicator_code)
    WHERE i.unit = 'aantal'
    QUALIFY bool_or(o.status = 'geheim') OVER (PARTITION BY o.indicator_code, o.year, o.period, o.breakdown)
    """,
    hide="""
    UPDATE observation SET value = NULL, status = 'geheim', ci_low = NULL, ci_high = NULL
    WHERE indicator_code = ? AND year = ? AND period = ? AND breakdown = ? AND region_code = ?
    """,
)
# Activities by name and partner as people read them (the loader refuses a second row that differs only in case).
_ACTIVITIES = _CountTable(
    cells="""
    SELECT opgave_code, lower(name) AS name_key, lower(partner) AS partner_key, year, region_code,
           CASE WHEN bool_or(participants_status = 'geheim') THEN NULL ELSE sum(participants) END AS value,
           bool_or(participants_status = 'geheim') AS hidden
    FROM activity
    GROUP BY opgave_code, name_key, partner_key, year, region_code
    QUALIFY bool_or(bool_or(participants_status = 'geheim')) OVER (PARTITION BY opgave_code, name_key, partner_key, year)
    """,
    hide="""
    UPDATE activity SET participants = NULL, participants_status = 'geheim'
    WHERE opgave_code = ? AND lower(name) = ? AND lower(partner) = ? AND year = ? AND region_code = ?
    """,
)


def protect_small_counts(con: duckdb.DuckDBPyConnection, threshold: int) -> int:
    """Hide what would let anyone compute a hidden count (see the module docstring); returns the cells newly hidden."""
    children_of = _children_by_parent(con)
    newly_hidden = 0
    for table in (_OBSERVATIONS, _ACTIVITIES):
        to_hide = [
            (*series_key, region_code)
            for series_key, series in _by_series(con.execute(table.cells).fetchall()).items()
            for region_code in series.protect(children_of, threshold)
        ]
        if to_hide:
            con.executemany(table.hide, to_hide)
        newly_hidden += len(to_hide)
    if newly_hidden:
        con.execute(_RECOUNT_COVERAGE)
    return newly_hidden


# Coverage as monitor.coverage.observed counts it (whole population, break rows apart, level from the code
# prefix), recounted from the observations each load holds now.
_RECOUNT_COVERAGE = """
UPDATE coverage SET
    regions_with_value = now.with_value,
    regions_without_value = now.without_value,
    state = CASE WHEN now.with_value > 0 THEN 'geladen' ELSE 'geen_waarde' END,
    detail = CASE WHEN now.without_value > 0 THEN format('zonder cijfer: {} ({})', now.without_value, now.statuses) END
FROM (
    SELECT load_id, indicator_code, year, period,
           CASE left(region_code, 2) WHEN 'NL' THEN 'land' WHEN 'GM' THEN 'gemeente' WHEN 'WK' THEN 'wijk'
                                     WHEN 'BU' THEN 'buurt' END AS region_level,
           count(value)::INTEGER AS with_value, (count(*) - count(value))::INTEGER AS without_value,
           string_agg(DISTINCT status, ', ' ORDER BY status) FILTER (WHERE value IS NULL) AS statuses
    FROM observation
    WHERE breakdown = 'totaal' AND status <> 'reeksbreuk'
    GROUP BY ALL
) now
WHERE coverage.load_id = now.load_id AND coverage.indicator_code = now.indicator_code
  AND coverage.year = now.year AND coverage.period = now.period AND coverage.region_level = now.region_level
  AND coverage.state IN ('geladen', 'geen_waarde')
  AND (coverage.regions_with_value, coverage.regions_without_value) <> (now.with_value, now.without_value)
"""


def _children_by_parent(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Gemeente → its wijken, wijk → its buurten, in code order (the land is no sum of the one gemeente loaded)."""
    children: dict[str, list[str]] = {}
    for parent_code, region_code in con.execute(
        "SELECT parent_code, region_code FROM region WHERE level IN ('wijk', 'buurt') AND parent_code IS NOT NULL"
        " ORDER BY parent_code, region_code"
    ).fetchall():
        children.setdefault(parent_code, []).append(region_code)
    return children


def _by_series(rows: list[tuple]) -> dict[tuple, _Series]:
    """Rows (series columns…, region_code, value, hidden) grouped per series."""
    by_key: dict[tuple, _Series] = {}
    for *series_key, region_code, value, hidden in rows:
        series = by_key.setdefault(tuple(series_key), _Series())
        if hidden:
            series.hidden.add(region_code)
        elif value is not None:
            series.published[region_code] = value
    return by_key


@dataclass
class _Series:
    """The cells of one series by region: the published values and the hidden regions (absent: neither)."""

    published: dict[str, float] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)

    def protect(self, children_of: dict[str, list[str]], threshold: int) -> list[str]:
        """Hide cells until no group gives a hidden cell away; returns the regions hidden, in order."""
        newly_hidden = []
        while (region_code := self.next_to_hide(children_of, threshold)) is not None:
            del self.published[region_code]
            self.hidden.add(region_code)
            newly_hidden.append(region_code)
        return newly_hidden

    def next_to_hide(self, children_of: dict[str, list[str]], threshold: int) -> str | None:
        """The first cell to hide, over the groups in code order; None when no group gives anything away."""
        for parent, children in sorted(children_of.items()):
            region_code = self.next_in_group(parent, children, threshold)
            if region_code is not None:
                return region_code
        return None

    def next_in_group(self, parent: str, children: list[str], threshold: int) -> str | None:
        """The cell to hide in one parent's group (the rule in the module docstring), or None when it is safe."""
        shown = sorted((code for code in children if code in self.published), key=lambda code: (self.published[code], code))
        hidden_children = [code for code in children if code in self.hidden]
        if parent in self.published:
            if not hidden_children:
                return None
            residual = self.published[parent] - sum(self.published[code] for code in shown)
            if len(hidden_children) >= 2 and residual >= threshold:
                return None
            return shown[0] if shown else parent
        if parent in self.hidden and shown and not hidden_children:
            return shown[0]  # the hidden parent would be the sum of its children
        return None
