"""Secondary suppression over the whole warehouse: no hidden count follows from a total minus what is shown.

Every test loads real partner workbooks through `python -m pipelines partner FILE` into a copy of the Soest
warehouse (real CBS wijken and buurten), then attacks the result the way anyone with the warehouse could:
subtract what is shown from the total. `derivable_groups` does that subtraction in SQL over the whole
warehouse, independently of warehouse.disclosure.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from partner_workbooks import ACTIVITEITEN_HEADER, CIJFERS_HEADER, write_workbook

from conftest import CONFIG_FILE
from pipelines.__main__ import main as pipelines_main
from warehouse.disclosure import protect_small_counts

THRESHOLD = 5  # config/soest.toml: [privacy] small_count_threshold
GEMEENTE = "GM0342"
WIJKEN = [f"WK03420{n}" for n in range(1, 9)]
LEERGELD = "aanvragen_leergeld"  # a partner count (unit 'aantal')


def load(warehouse: Path, path: Path) -> None:
    assert pipelines_main(["partner", str(path), "--warehouse", str(warehouse), "--config", str(CONFIG_FILE)]) == 0


def rows(warehouse: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def figures(cells: dict[str, int | None], year: int = 2024, indicator: str = LEERGELD) -> list[list]:
    """Cijfers rows for region code → count (a region code of the gemeente stands for the whole gemeente)."""
    return [[indicator, "Soest" if code == GEMEENTE else code, year, value] for code, value in cells.items()]


def cijfers_workbook(path: Path, *rows_: list) -> Path:
    return write_workbook(path, {"Cijfers": [CIJFERS_HEADER, *rows_]})


def leergeld(warehouse: Path, year: int = 2024) -> dict[str, float | None]:
    """Region code → the stored count (None: geheim) of the Leergeld indicator in one year."""
    return dict(rows(warehouse, "SELECT region_code, value FROM observation WHERE indicator_code = ? AND year = ?",
                     [LEERGELD, year]))


def hidden(cells: dict[str, float | None]) -> set[str]:
    return {code for code, value in cells.items() if value is None}


# Every group (a parent region and its child regions, per count) in which a hidden count can be computed:
# a published parent with one hidden child, or several whose residual (parent − children shown) is below the
# threshold; or a hidden parent with no hidden child, which is the sum of the children shown.
DERIVABLE_GROUPS = """
WITH cells AS (
    SELECT concat_ws(' | ', o.indicator_code, o.year, o.period, o.breakdown) AS series, o.region_code,
           o.value, o.status = 'geheim' AS hidden
    FROM observation o JOIN indicator i USING (indicator_code)
    WHERE i.unit = 'aantal'
    UNION ALL
    SELECT concat_ws(' | ', opgave_code, lower(name), lower(partner), year), region_code,
           participants, participants_status = 'geheim'
    FROM activity
),
children AS (
    SELECT c.series, r.parent_code,
           count(*) FILTER (WHERE c.hidden) AS hidden_children,
           count(c.value) AS shown_children,
           coalesce(sum(c.value), 0) AS shown_sum
    FROM cells c JOIN region r ON r.region_code = c.region_code AND r.level IN ('wijk', 'buurt')
    GROUP BY c.series, r.parent_code
)
SELECT ch.series, ch.parent_code, p.value AS parent_value, ch.hidden_children, ch.shown_sum
FROM children ch JOIN cells p ON p.series = ch.series AND p.region_code = ch.parent_code
WHERE (p.value IS NOT NULL AND ch.hidden_children > 0
       AND NOT (ch.hidden_children >= 2 AND p.value - ch.shown_sum >= ?))
   OR (p.hidden AND ch.hidden_children = 0 AND ch.shown_children > 0)
ORDER BY ALL
"""


def derivable_groups(warehouse: Path) -> list[tuple]:
    return rows(warehouse, DERIVABLE_GROUPS, [THRESHOLD])


def test_one_hidden_wijk_cannot_be_computed_from_the_gemeente_total(warehouse, tmp_path):
    # 60 − 41 − 16 would give Overhees (3) away.
    load(warehouse, cijfers_workbook(tmp_path / "leergeld.xlsx",
                                     *figures({GEMEENTE: 60, "WK034205": 41, "WK034204": 3, "WK034203": 16})))
    assert leergeld(warehouse) == {GEMEENTE: 60, "WK034205": 41, "WK034204": None, "WK034203": None}
    assert derivable_groups(warehouse) == []
    # The notice names the count below the threshold only: which other cells were hidden is nowhere said.
    message = rows(warehouse, "SELECT message FROM load_log WHERE source = 'partner'")[0][0]
    assert "1 aantal onder de privacydrempel van 5 opgeslagen als 'geheim' (Cijfers rij 4)" in message
    assert "aanvullend" not in message and "rij 5" not in message
    # Nor does the coverage: it counts the cells shown, as if both were below the threshold.
    assert rows(warehouse, "SELECT region_level, state, regions_with_value, regions_without_value, detail FROM coverage"
                           " WHERE indicator_code = ? AND year = 2024 ORDER BY region_level", [LEERGELD]) == [
        ("gemeente", "geladen", 1, 0, None), ("wijk", "geladen", 1, 2, "zonder cijfer: 2 (geheim)")]


def test_two_hidden_wijken_with_a_small_residual_hide_more_until_it_is_large_enough(warehouse, tmp_path):
    # Two hidden wijken of 1 and 1: 62 − 20 − 40 = 2 says both are tiny.
    load(warehouse, cijfers_workbook(tmp_path / "leergeld.xlsx", *figures(
        {GEMEENTE: 62, "WK034201": 1, "WK034202": 1, "WK034203": 20, "WK034204": 40})))
    assert leergeld(warehouse) == {GEMEENTE: 62, "WK034201": None, "WK034202": None, "WK034203": None, "WK034204": 40}
    assert derivable_groups(warehouse) == []


def test_a_total_with_one_hidden_wijk_and_nothing_else_to_hide_is_hidden_itself(warehouse, tmp_path):
    load(warehouse, cijfers_workbook(tmp_path / "leergeld.xlsx", *figures({GEMEENTE: 8, "WK034206": 3})))
    assert leergeld(warehouse) == {GEMEENTE: None, "WK034206": None}
    assert derivable_groups(warehouse) == []


def test_a_wijk_hidden_for_its_gemeente_is_not_left_as_the_sum_of_its_buurten(warehouse, tmp_path):
    # De Eng (WK034202) is hidden to protect Boerenstreek (3); its two buurten would add up to it again.
    load(warehouse, cijfers_workbook(tmp_path / "leergeld.xlsx", *figures(
        {GEMEENTE: 100, "WK034201": 3, "WK034202": 10, "WK034203": 87, "BU03420201": 5, "BU03420202": 5})))
    assert leergeld(warehouse) == {GEMEENTE: 100, "WK034201": None, "WK034202": None, "WK034203": 87,
                                   "BU03420201": None, "BU03420202": 5}
    assert derivable_groups(warehouse) == []


@pytest.mark.parametrize("total_first", [True, False], ids=["totaal-eerst", "wijken-eerst"])
def test_a_total_and_wijken_from_different_workbooks_are_protected_together(warehouse, tmp_path, total_first):
    total = cijfers_workbook(tmp_path / "gemeente.xlsx", *figures({GEMEENTE: 60}))
    wijken = cijfers_workbook(tmp_path / "wijken.xlsx", *figures({"WK034205": 41, "WK034204": 3, "WK034203": 16}))
    first, second = (total, wijken) if total_first else (wijken, total)
    load(warehouse, first)
    assert derivable_groups(warehouse) == []  # alone, neither workbook gives anything away
    load(warehouse, second)
    assert hidden(leergeld(warehouse)) >= {"WK034204"} and len(hidden(leergeld(warehouse))) >= 2
    assert derivable_groups(warehouse) == []


def test_activity_reach_is_protected_against_the_gemeente_wide_total(warehouse, tmp_path):
    """The same activity for the whole gemeente (the total) and per wijk, delivered in two workbooks."""
    activity = ["Gezonde leefstijl", "Beweegmaatjes", "Eemkracht", 2024]
    write_workbook(tmp_path / "heel-soest.xlsx", {"Activiteiten": [ACTIVITEITEN_HEADER, [*activity, 60, None, None]]})
    write_workbook(tmp_path / "per-wijk.xlsx", {"Activiteiten": [
        ACTIVITEITEN_HEADER,
        ["Gezonde leefstijl", "beweegmaatjes", "EEMKRACHT", 2024, 41, "WK034205", None],  # typed differently: the same activity
        [*activity, 3, "WK034204", None],
        [*activity, 16, "WK034203", None],
        [*activity[:3], 2023, 16, "WK034203", None],  # another year with nothing hidden stays
    ]})
    load(warehouse, tmp_path / "heel-soest.xlsx")
    load(warehouse, tmp_path / "per-wijk.xlsx")
    assert rows(warehouse, "SELECT region_code, year, participants, participants_status FROM activity ORDER BY year, region_code") == [
        ("WK034203", 2023, 16, "definitief"),
        ("GM0342", 2024, 60, "definitief"),
        ("WK034203", 2024, None, "geheim"),
        ("WK034204", 2024, None, "geheim"),
        ("WK034205", 2024, 41, "definitief"),
    ]
    assert derivable_groups(warehouse) == []


def test_nothing_is_hidden_that_gives_nothing_away(warehouse, tmp_path):
    before = rows(warehouse, "SELECT * FROM observation ORDER BY ALL")
    load(warehouse, cijfers_workbook(
        tmp_path / "leergeld.xlsx",
        *figures({GEMEENTE: 100, "WK034201": 2, "WK034202": 3, "WK034203": 40, "WK034204": 55}),  # residual 5: enough
        *figures({"WK034201": 2, "WK034203": 40}, year=2023),  # no total to subtract from
    ))
    assert leergeld(warehouse) == {GEMEENTE: 100, "WK034201": None, "WK034202": None, "WK034203": 40, "WK034204": 55}
    assert leergeld(warehouse, 2023) == {"WK034201": None, "WK034203": 40}
    assert rows(warehouse, "SELECT * FROM observation WHERE indicator_code <> ? ORDER BY ALL", [LEERGELD]) == before
    assert derivable_groups(warehouse) == []


# --- generated cases ---------------------------------------------------------------------------------------------------

def generated_case(rng: random.Random) -> dict[str, int]:
    """Region code → count for one year: some wijken (some with buurten), often a gemeente total."""
    def count() -> int:
        return rng.choice([rng.randint(1, THRESHOLD - 1), 0, rng.randint(THRESHOLD, 60), rng.randint(THRESHOLD, 15)])

    cells = {code: count() for code in sorted(rng.sample(WIJKEN, rng.randint(1, len(WIJKEN))))}
    if rng.random() < 0.3:
        wijk = rng.choice(["WK034201", "WK034202"])  # the buurten of these two: BU0342010x, BU0342020x
        buurten = {f"BU0342{wijk[-2:]}0{n}": count() for n in range(1, rng.randint(2, 4) + 1)}
        cells |= buurten | {wijk: sum(buurten.values())}
    kind = rng.random()
    if kind < 0.7:
        cells[GEMEENTE] = sum(value for code, value in cells.items() if code.startswith("WK"))
    elif kind < 0.85:
        cells[GEMEENTE] = sum(value for code, value in cells.items() if code.startswith("WK")) + rng.randint(0, 3)
    return cells


def assert_hidden_or_as_delivered(stored: dict[str, float | None], delivered: dict[str, int]) -> None:
    """Every delivered count is stored, hidden or unchanged; one below the threshold is always hidden."""
    assert stored.keys() == delivered.keys()
    for code, value in delivered.items():
        assert stored[code] in (None, value), code
        assert stored[code] is None or not 0 < value < THRESHOLD, code


@pytest.mark.parametrize("seed", range(6))
def test_generated_cases_leave_no_hidden_count_derivable(warehouse, tmp_path, seed):
    rng = random.Random(seed)  # fixed seeds: the same cases on every run
    cases = {year: generated_case(rng) for year in range(2015, 2025)}
    activity = ["Meedoen en inclusie", "Taalcafé", "Taalhuis Soest"]
    load(warehouse, write_workbook(tmp_path / f"gegenereerd-{seed}.xlsx", {
        "Cijfers": [CIJFERS_HEADER, *(row for year, cells in cases.items() for row in figures(cells, year))],
        "Activiteiten": [ACTIVITEITEN_HEADER, *(
            [*activity, year, value, None if code == GEMEENTE else code, None]
            for year, cells in cases.items() for code, value in cells.items() if not code.startswith("BU"))],
    }))

    assert derivable_groups(warehouse) == []
    reach = rows(warehouse, "SELECT year, region_code, participants FROM activity")
    for year, cells in cases.items():
        assert_hidden_or_as_delivered(leergeld(warehouse, year), cells)
        assert_hidden_or_as_delivered({code: participants for y, code, participants in reach if y == year},
                                      {code: value for code, value in cells.items() if not code.startswith("BU")})
    with duckdb.connect(str(warehouse)) as con:
        assert protect_small_counts(con, THRESHOLD) == 0  # the load left a fixed point: running again hides nothing
