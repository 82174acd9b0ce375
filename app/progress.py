"""Progress towards a streefwaarde: per indicator 'op koers', 'achter' or 'binnen de marge', and a verdict per goal.

The rule is stated on screen (RULE_TEXT, GOAL_RULE_TEXT) and lives only here, so a tile, the Opgaven page, a
slide and a download can never disagree:

- the **expected value** in a year lies on the straight path from the nulmeting (baseline_year, baseline_value)
  to the streefwaarde (target_year, target_value); after the target year it is the streefwaarde itself;
- the gemeente's **latest figure** after the nulmeting year is compared with the expected value of its own year:
  an estimate whose 95%-interval holds the expected value, or a figure equal to it as shown (rounded to the
  indicator's decimals), is *binnen de marge*; otherwise the better side (higher_is_better; without a direction
  the direction from nulmeting to streefwaarde) is *op koers*, the other *achter*;
- a **goal or opgave** is judged from the progress of its indicators (GOAL_RULE_TEXT).

Pure functions on plain values and polars frames (data.targets(), data.latest_by_indicator(),
data.indicator_catalog(), data.goals(), data.indicator_goals()): no streamlit, no warehouse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from app import format as fmt
from app import visual
from app.deviation import interval_of

# --- labels --------------------------------------------------------------------------------------------------

ON_TRACK = "op koers"
BEHIND = "achter"
WITHIN_MARGIN = "binnen de marge"
NO_TARGET = "geen streefwaarde"
NO_MEASUREMENT = "nog geen meting"
PROGRESS_LABELS = (ON_TRACK, WITHIN_MARGIN, BEHIND, NO_MEASUREMENT, NO_TARGET)

# The verdict over a goal or opgave.
MIXED = "gemengd"
NO_TARGETS = "geen streefwaarden"
VERDICT_LABELS = (ON_TRACK, MIXED, BEHIND, NO_MEASUREMENT, NO_TARGETS)

RULE_TEXT = (
    "Zo bepalen we de voortgang: de verwachte waarde ligt op een rechte lijn van de nulmeting naar de streefwaarde "
    "in het streefjaar (na het streefjaar is het de streefwaarde zelf), en het nieuwste cijfer van na de nulmeting "
    "vergelijken we met de verwachte waarde in zijn eigen jaar. Valt de verwachte waarde binnen het 95%-interval "
    "van een schatting, of is het cijfer afgerond gelijk aan de verwachte waarde, dan is het binnen de marge; "
    "anders is het op koers als het aan de goede kant van de lijn ligt (volgens de richting van de indicator, of "
    "bij een indicator zonder richting die van nulmeting naar streefwaarde) en anders achter."
)

GOAL_RULE_TEXT = (
    "Zo komt het oordeel over een doel (met zijn subdoelen) of een opgave tot stand: we tellen de voortgang van "
    "zijn indicatoren met een streefwaarde. Is geen enkele gemeten indicator achter, dan is het op koers (binnen de "
    "marge telt niet als achter); is meer dan de helft van de gemeten indicatoren achter, dan achter; anders "
    "gemengd, en zolang er nog geen enkele gemeten is: nog geen meting."
)

# Progress and verdict labels in the monitor's visual language (visual.py): blue ✓ op koers, orange ✗ achter,
# ≈ binnen de marge, no judgement (grey, no symbol) for everything that is not a judgement.
_VISUAL = {ON_TRACK: visual.BETTER, BEHIND: visual.WORSE, WITHIN_MARGIN: visual.SAME}


def visual_of(label: str) -> visual.Verdict:
    """The visual.Verdict (colour, symbol, fill, st.metric colour) of a progress or verdict label."""
    return _VISUAL.get(label, visual.NO_JUDGEMENT)


def label_text(label: str) -> str:
    """The label with its symbol, as a badge or table cell shows it: '✓ op koers', '✗ achter', 'gemengd'."""
    return f"{visual_of(label).symbol} {label}".strip()


# --- targets -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One indicator's nulmeting and streefwaarde, as the warehouse query targets() gives it for a gemeente.

    baseline_value None: the data has no figure for the gemeente in baseline_year (and the config gave none).
    baseline_from 'config' (an explicit baseline with its own source) or 'data'.
    """

    indicator_code: str
    baseline_year: int
    baseline_value: float | None
    target_value: float
    target_year: int
    source: str
    baseline_source: str | None = None
    baseline_from: str = "data"
    ambition: str | None = None
    baseline_interval: tuple[float, float] | None = None  # the 95%-interval of a nulmeting that is an estimate

    @classmethod
    def from_row(cls, row: Mapping) -> Target:
        return cls(indicator_code=row["indicator_code"], baseline_year=int(row["baseline_year"]),
                   baseline_value=_float(row.get("baseline_value")), target_value=float(row["target_value"]),
                   target_year=int(row["target_year"]), source=row["source"],
                   baseline_source=row.get("baseline_source"), baseline_from=row.get("baseline_from") or "data",
                   ambition=row.get("ambition"),
                   baseline_interval=interval_of({"ci_low": row.get("baseline_ci_low"),
                                                  "ci_high": row.get("baseline_ci_high")}))


def targets_by_indicator(targets: pl.DataFrame | Iterable[Mapping] | None) -> dict[str, Target]:
    """data.targets() (or its rows) as a dict indicator_code → Target."""
    if targets is None:
        return {}
    rows = targets.iter_rows(named=True) if isinstance(targets, pl.DataFrame) else targets
    return {row["indicator_code"]: Target.from_row(row) for row in rows}


def expected_value(target: Target, year: int) -> float | None:
    """The value on the straight path from nulmeting to streefwaarde in `year`; the streefwaarde from the target
    year on; the nulmeting itself up to the nulmeting year. None without a nulmeting value."""
    if target.baseline_value is None:
        return None
    if year >= target.target_year:
        return target.target_value
    if year <= target.baseline_year:
        return target.baseline_value
    share = (year - target.baseline_year) / (target.target_year - target.baseline_year)
    return target.baseline_value + share * (target.target_value - target.baseline_value)


def path_direction(target: Target, higher_is_better: bool | None) -> bool | None:
    """True when higher is better on this path: the indicator's direction, else nulmeting → streefwaarde
    (None when neither says: a target that keeps the nulmeting's level on an indicator without a direction)."""
    if higher_is_better is not None:
        return bool(higher_is_better)
    if target.baseline_value is None or target.target_value == target.baseline_value:
        return None
    return target.target_value > target.baseline_value


# --- progress per indicator ----------------------------------------------------------------------------------


class _Labelled:
    """A progress or verdict label with its look in the visual language (both are shown the same way)."""

    label: str

    @property
    def visual(self) -> visual.Verdict:
        return visual_of(self.label)

    @property
    def label_text(self) -> str:
        return label_text(self.label)


@dataclass(frozen=True)
class Progress(_Labelled):
    """One indicator's progress: its label, the figure it rests on and one Dutch sentence that explains it."""

    label: str
    year: int | None  # the year of the figure compared (None: no figure after the nulmeting)
    value: float | None
    expected: float | None  # the expected value in `year`
    interval: tuple[float, float] | None  # the figure's 95%-interval (estimates only)
    target: Target | None
    explanation: str

    @property
    def measured(self) -> bool:
        return self.label in (ON_TRACK, BEHIND, WITHIN_MARGIN)


def target_text(target: Target, decimals: int | None, unit: str = "") -> str:
    """'12% in 2028': the streefwaarde as people write it (no ',0' on a whole number)."""
    return f"{figure_text(target.target_value, decimals, unit, trim=True)} in {target.target_year}"


def baseline_text(target: Target, decimals: int | None, unit: str = "") -> str:
    """'14,5% in 2022', or 'geen cijfer in 2022' when there is no nulmeting value."""
    if target.baseline_value is None:
        return f"geen cijfer in {target.baseline_year}"
    return f"{figure_text(target.baseline_value, decimals, unit)} in {target.baseline_year}"


def progress(target: Target | None, higher_is_better: bool | None, decimals: int | None,
             latest: Mapping | None, unit: str = "") -> Progress:
    """The progress of one indicator (RULE_TEXT).

    latest: the gemeente's latest figure as a mapping with year, value, ci_low, ci_high (a row of
    data.latest_by_indicator), or None. unit and decimals only shape the explanation and the rounding test.
    """
    if target is None:
        return Progress(NO_TARGET, None, None, None, None, None, "Geen streefwaarde vastgesteld.")
    goal = target_text(target, decimals, unit)
    if target.baseline_value is None:
        return Progress(NO_MEASUREMENT, None, None, None, None, target,
                        f"Nog geen meting: er is geen cijfer voor de nulmeting in {target.baseline_year} "
                        f"(streefwaarde {goal}).")
    year = latest.get("year") if latest is not None else None
    value = _float(latest.get("value")) if latest is not None else None
    if year is None or value is None or int(year) <= target.baseline_year:
        return Progress(NO_MEASUREMENT, None, None, None, None, target,
                        f"Nog geen meting na de nulmeting ({baseline_text(target, decimals, unit)}); "
                        f"streefwaarde {goal}.")
    year = int(year)
    interval = interval_of(latest)
    expected = expected_value(target, year)
    if year >= target.target_year:
        compared = f"{year}: {figure_text(value, decimals, unit)} — streefwaarde {goal}"
    else:
        compared = (f"{year}: {figure_text(value, decimals, unit)} — verwacht op het pad naar {goal}: "
                    f"{figure_text(expected, decimals, unit)}")
    if interval is not None and interval[0] <= expected <= interval[1]:
        return Progress(WITHIN_MARGIN, year, value, expected, interval, target,
                        f"{compared}; het 95%-interval {figure_text(interval[0], decimals, '')}–"
                        f"{figure_text(interval[1], decimals, unit)} omvat de verwachte waarde.")
    if _equal_as_shown(value, expected, decimals):
        return Progress(WITHIN_MARGIN, year, value, expected, interval, target,
                        f"{compared} (afgerond gelijk).")
    higher = path_direction(target, higher_is_better)
    if higher is None:
        # Keeping a level without a better side: any deviation beyond the margin is off the path.
        return Progress(BEHIND, year, value, expected, interval, target,
                        f"{compared} (de streefwaarde is het niveau van de nulmeting vasthouden).")
    better = value > expected if higher else value < expected
    return Progress(ON_TRACK if better else BEHIND, year, value, expected, interval, target, f"{compared}.")


def progress_by_indicator(targets: pl.DataFrame | Mapping[str, Target] | None,
                          latest: pl.DataFrame) -> dict[str, Progress]:
    """Per indicator of `latest` (data.latest_by_indicator for the gemeente: one row per indicator with its unit,
    decimals and higher_is_better) its Progress; an indicator without a target gets NO_TARGET."""
    by_code = targets if isinstance(targets, Mapping) else targets_by_indicator(targets)
    result = {}
    for row in latest.iter_rows(named=True):
        code = row["indicator_code"]
        result[code] = progress(by_code.get(code), row.get("higher_is_better"), row.get("decimals"), row,
                                unit=row.get("unit") or "")
    return result


# --- verdict per goal and opgave -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict(_Labelled):
    """The verdict over a goal or an opgave, with the counts it rests on (GOAL_RULE_TEXT)."""

    label: str
    on_track: int
    within_margin: int
    behind: int
    not_measured: int  # a target, but no figure after the nulmeting (or no nulmeting value)
    without_target: int

    @property
    def measured(self) -> int:
        return self.on_track + self.within_margin + self.behind

    @property
    def summary(self) -> str:
        """'2 op koers, 1 achter, 1 zonder meting' (zero counts left out); the indicators without a streefwaarde
        after a semicolon; 'geen indicatoren' when there are none at all."""
        parts = [f"{count} {words}" for count, words in (
            (self.on_track, ON_TRACK), (self.within_margin, WITHIN_MARGIN), (self.behind, BEHIND),
            (self.not_measured, "zonder meting")) if count]
        text = ", ".join(parts)
        if self.without_target:
            rest = f"{self.without_target} zonder streefwaarde"
            text = f"{text}; {rest}" if text else rest
        return text or "geen indicatoren"


def verdict(progresses: Iterable[Progress]) -> Verdict:
    """The goal rule (GOAL_RULE_TEXT) over the progress of a goal's (or opgave's) indicators, each counted once."""
    counts = {label: 0 for label in PROGRESS_LABELS}
    for item in progresses:
        counts[item.label] += 1
    on_track, within, behind = counts[ON_TRACK], counts[WITHIN_MARGIN], counts[BEHIND]
    measured = on_track + within + behind
    if measured + counts[NO_MEASUREMENT] == 0:
        label = NO_TARGETS
    elif measured == 0:
        label = NO_MEASUREMENT
    elif behind == 0:
        label = ON_TRACK
    elif behind * 2 > measured:
        label = BEHIND
    else:
        label = MIXED
    return Verdict(label, on_track, within, behind, counts[NO_MEASUREMENT], counts[NO_TARGET])


def goal_indicators(goals: pl.DataFrame, indicator_goals: pl.DataFrame) -> dict[str, list[str]]:
    """Per goal code: the indicators of the goal and all its subgoals (each once, in indicator_goals' order).

    goals: data.goals() (goal_code, parent_code; parent_code NULL directly under the opgave or absent in an older
    warehouse); indicator_goals: data.indicator_goals() (indicator_code, goal_code), or any frame with those two
    columns such as data.indicator_catalog() in an older warehouse.
    """
    children: dict[str, list[str]] = {}
    codes = goals["goal_code"].to_list()
    parents = goals["parent_code"].to_list() if "parent_code" in goals.columns else [None] * len(codes)
    for code, parent in zip(codes, parents, strict=True):
        if parent is not None:
            children.setdefault(parent, []).append(code)
    own: dict[str, list[str]] = {}
    for indicator, goal in indicator_goals.select("indicator_code", "goal_code").iter_rows():
        if goal is not None:
            own.setdefault(goal, []).append(indicator)

    def collect(code: str, seen: set[str]) -> list[str]:
        if code in seen:  # a cycle cannot pass the config, but never loop forever on a hand-made frame
            return []
        seen.add(code)
        found = list(own.get(code, []))
        for child in children.get(code, []):
            found.extend(collect(child, seen))
        return found

    return {code: list(dict.fromkeys(collect(code, set()))) for code in codes}


def goal_verdicts(goals: pl.DataFrame, indicator_goals: pl.DataFrame,
                  progresses: Mapping[str, Progress]) -> dict[str, Verdict]:
    """Per goal code its Verdict over the indicators of the goal and its subgoals."""
    return {code: _verdict_of(indicators, progresses)
            for code, indicators in goal_indicators(goals, indicator_goals).items()}


def opgave_verdicts(goals: pl.DataFrame, indicator_goals: pl.DataFrame,
                    progresses: Mapping[str, Progress]) -> dict[str, Verdict]:
    """Per opgave code (of the goals frame: its opgave_code column) its Verdict over all its goals' indicators,
    an indicator under two goals of the opgave counted once. An opgave without goals is not in the result."""
    per_goal = goal_indicators(goals, indicator_goals)
    per_opgave: dict[str, list[str]] = {}
    for code, opgave in goals.select("goal_code", "opgave_code").iter_rows():
        per_opgave.setdefault(opgave, []).extend(per_goal.get(code, []))
    return {opgave: _verdict_of(list(dict.fromkeys(indicators)), progresses)
            for opgave, indicators in per_opgave.items()}


def node_verdicts(nodes: pl.DataFrame, opgaven: pl.DataFrame, goals: pl.DataFrame, indicator_goals: pl.DataFrame,
                  progresses: Mapping[str, Progress]) -> dict[str, Verdict]:
    """Per node above the opgaven (data.goal_nodes(): node_code, parent_code; e.g. a resultaat) its Verdict over
    the indicators of every opgave below it (data.opgaven(): opgave_code, parent_code), each counted once."""
    per_goal = goal_indicators(goals, indicator_goals)
    per_opgave: dict[str, list[str]] = {}
    for code, opgave in goals.select("goal_code", "opgave_code").iter_rows():
        per_opgave.setdefault(opgave, []).extend(per_goal.get(code, []))
    below: dict[str, list[tuple[str, str]]] = {}  # parent → [(kind, code)]
    for code, parent in nodes.select("node_code", "parent_code").iter_rows():
        if parent is not None:
            below.setdefault(parent, []).append(("node", code))
    if "parent_code" in opgaven.columns:
        for code, parent in opgaven.select("opgave_code", "parent_code").iter_rows():
            if parent is not None:
                below.setdefault(parent, []).append(("opgave", code))

    def collect(code: str, seen: set[str]) -> list[str]:
        if code in seen:
            return []
        seen.add(code)
        found: list[str] = []
        for kind, child in below.get(code, []):
            found.extend(per_opgave.get(child, []) if kind == "opgave" else collect(child, seen))
        return found

    return {code: _verdict_of(list(dict.fromkeys(collect(code, set()))), progresses)
            for code in nodes["node_code"].to_list()}


def _verdict_of(indicators: list[str], progresses: Mapping[str, Progress]) -> Verdict:
    missing = Progress(NO_TARGET, None, None, None, None, None, "")
    return verdict(progresses.get(code, missing) for code in indicators)


# --- the progress table (pages and downloads) ----------------------------------------------------------------

PROGRESS_TABLE_SCHEMA = {
    "indicator": pl.String, "titel": pl.String, "eenheid": pl.String,
    "nulmeting_jaar": pl.Int32, "nulmeting": pl.Float64, "bron_nulmeting": pl.String,
    "streefwaarde": pl.Float64, "streefjaar": pl.Int32, "bron_streefwaarde": pl.String, "ambitie": pl.String,
    "laatste_jaar": pl.Int32, "laatste_waarde": pl.Float64, "ondergrens_95": pl.Float64, "bovengrens_95": pl.Float64,
    "verwacht": pl.Float64, "voortgang": pl.String, "toelichting": pl.String,
}


def progress_table(catalog: pl.DataFrame, targets: pl.DataFrame | Mapping[str, Target] | None,
                   latest: pl.DataFrame) -> pl.DataFrame:
    """One row per indicator of the catalogue (with a streefwaarde or not), in catalogue order, with Dutch column
    names (PROGRESS_TABLE_SCHEMA): the nulmeting and its source, the streefwaarde and its source, the ambitie, the
    latest figure and its interval, the expected value in its year, the progress label and its explanation.

    catalog: data.indicator_catalog() (or any frame with indicator_code, title, unit, decimals,
    higher_is_better); latest: data.latest_by_indicator(gemeente) (year, value, ci_low, ci_high per indicator).
    Numbers stay numbers (a download keeps them computable); a page formats them with app.format.
    """
    by_code = targets if isinstance(targets, Mapping) else targets_by_indicator(targets)
    figures = {row["indicator_code"]: row for row in latest.iter_rows(named=True)}
    rows = []
    for row in catalog.iter_rows(named=True):
        code = row["indicator_code"]
        target, figure = by_code.get(code), figures.get(code)
        decimals = row.get("decimals")
        unit = row.get("unit") or ""
        found = progress(target, row.get("higher_is_better"), decimals, figure, unit=unit)
        rows.append({
            "indicator": code, "titel": row.get("title"), "eenheid": unit or None,
            "nulmeting_jaar": target.baseline_year if target else None,
            "nulmeting": target.baseline_value if target else None,
            "bron_nulmeting": target.baseline_source if target else None,
            "streefwaarde": target.target_value if target else None,
            "streefjaar": target.target_year if target else None,
            "bron_streefwaarde": target.source if target else None,
            "ambitie": target.ambition if target else None,
            "laatste_jaar": figure.get("year") if figure else None,
            "laatste_waarde": _float(figure.get("value")) if figure else None,
            "ondergrens_95": _float(figure.get("ci_low")) if figure else None,
            "bovengrens_95": _float(figure.get("ci_high")) if figure else None,
            "verwacht": found.expected, "voortgang": found.label, "toelichting": found.explanation,
        })
    return pl.DataFrame(rows, schema=PROGRESS_TABLE_SCHEMA)


# --- helpers -------------------------------------------------------------------------------------------------


def _float(value) -> float | None:
    return None if value is None else float(value)


def _equal_as_shown(value: float, expected: float, decimals: int | None) -> bool:
    if decimals is None:
        return value == expected
    return round(value, decimals) == round(expected, decimals)


def figure_text(value: float, decimals: int | None, unit: str, *, trim: bool = False) -> str:
    """A value as the screen shows it; trim: a whole number without decimals ('12%', not '12,0%')."""
    places = 1 if decimals is None else decimals
    if trim and float(value).is_integer():
        places = 0
    return fmt.with_unit(value, places, unit) if unit else fmt.number(value, places)
