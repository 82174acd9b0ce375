"""The order of the slides for the raadsinformatiebijeenkomst, and what a slide says in figures.

Per opgave five slides, opgave after opgave; besides them one slide per wijk
(?presentatie=1&dia=wijk&wijk=…), wijk after wijk. Pure logic, so a prepared
link and the vorige/volgende buttons agree on where they lead, and the
headline figure of a kernindicator is worked out (and tested) without a screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from app import deviation, visual
from app import format as fmt

SLIDE_TITLES = (
    "Ambitie en doelen",
    "Kernindicatoren in de tijd",
    "Tellen en vertellen",
    "Wijken vergeleken",
    "Wijken op de kaart",
)
SLIDES_PER_OPGAVE = len(SLIDE_TITLES)
# ASCII digits only: str.isdigit() also accepts '²' and '٣', on which int() fails.
SLIDE_NUMBER = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True)
class Position:
    opgave: str
    dia: int  # 1-based, as in the URL

    @property
    def title(self) -> str:
        return SLIDE_TITLES[self.dia - 1]


@dataclass(frozen=True)
class Parsed:
    position: Position
    problems: tuple[tuple[str, str], ...]  # (param, value asked for) that did not exist


def parse(opgave: str | None, dia: str | None, opgave_codes: list[str]) -> Parsed:
    """What a link asks for, with a fallback to the first opgave / first slide for values that don't exist."""
    problems = []
    chosen = opgave_codes[0]
    if opgave:
        matches = [code for code in opgave_codes if code.casefold() == opgave.strip().casefold()]
        if matches:
            chosen = matches[0]
        else:
            problems.append(("opgave", opgave))
    number = 1
    if dia:
        asked = dia.strip()
        if SLIDE_NUMBER.fullmatch(asked) and 1 <= int(asked) <= SLIDES_PER_OPGAVE:
            number = int(asked)
        else:
            problems.append(("dia", dia))
    return Parsed(Position(chosen, number), tuple(problems))


def next_position(position: Position, opgave_codes: list[str]) -> Position | None:
    """The slide after this one; after the last slide of an opgave comes the next opgave. None at the very end."""
    if position.dia < SLIDES_PER_OPGAVE:
        return Position(position.opgave, position.dia + 1)
    index = opgave_codes.index(position.opgave)
    return Position(opgave_codes[index + 1], 1) if index + 1 < len(opgave_codes) else None


def previous_position(position: Position, opgave_codes: list[str]) -> Position | None:
    if position.dia > 1:
        return Position(position.opgave, position.dia - 1)
    index = opgave_codes.index(position.opgave)
    return Position(opgave_codes[index - 1], SLIDES_PER_OPGAVE) if index > 0 else None


def link(position: Position) -> str:
    """The query string that opens this slide full screen."""
    return f"?presentatie=1&opgave={position.opgave}&dia={position.dia}"


# --- the wijk slide -------------------------------------------------------------------------------------------

WIJK_SLIDE = "wijk"  # the value of dia that asks for a wijk slide
WIJK_SLIDE_TITLE = "De wijk in één dia"


def asks_for_wijk(opgave: str | None, dia: str | None, wijk: str | None) -> bool:
    """dia=wijk, or a link with only a wijk (?presentatie=1&wijk=WK034205): the wijk slide."""
    if dia is not None and dia.strip().casefold() == WIJK_SLIDE:
        return True
    return bool(wijk) and not dia and not opgave


def parse_wijk(wijk: str | None, wijk_codes: list[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The wijk a link asks for (code, any case), else the first wijk and the problem to report."""
    if wijk:
        matches = [code for code in wijk_codes if code.casefold() == wijk.strip().casefold()]
        if matches:
            return matches[0], ()
        return wijk_codes[0], (("wijk", wijk),)
    return wijk_codes[0], ()


def next_wijk(code: str, wijk_codes: list[str]) -> str | None:
    index = wijk_codes.index(code)
    return wijk_codes[index + 1] if index + 1 < len(wijk_codes) else None


def previous_wijk(code: str, wijk_codes: list[str]) -> str | None:
    index = wijk_codes.index(code)
    return wijk_codes[index - 1] if index > 0 else None


def wijk_link(code: str) -> str:
    return f"?presentatie=1&dia={WIJK_SLIDE}&wijk={code}"


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def in_short(text: str, limit: int) -> str:
    """A text cut to at most `limit` characters at the end of a sentence, with ' …' where it was cut.

    A first sentence longer than the limit is cut at a word instead: never in the middle of a word.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit - 2:
            break
        kept = candidate
    if not kept:
        kept = text[:limit - 2].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{kept} …"


# --- kernindicatoren --------------------------------------------------------------------------------------------

DEFAULT_KERNINDICATOREN = 3  # without a choice in the config: the opgave's first indicators with a trend


def kernindicatoren(configured: list[str] | None, opgave_codes: list[str], with_trend: set[str]) -> list[str]:
    """The analyst's choice (monitor/config.py checked it belongs to the opgave), else the first three with a trend.

    opgave_codes: the opgave's indicators in catalog order; with_trend: those with figures in two or more years.
    """
    if configured:
        return [code for code in configured if code in opgave_codes]
    return [code for code in opgave_codes if code in with_trend][:DEFAULT_KERNINDICATOREN]


@dataclass(frozen=True)
class Headline:
    """A kernindicator's large figure on a slide: the gemeente's newest value and how it moved since the last one."""

    value: str  # '23,4%', '16,7', or 'minder dan 3' for a rounded 0
    unit: str  # what follows the value in smaller type: 'per 1.000 inwoners'; '' for % and counts
    year: int
    status: str | None  # 'schatting', 'voorlopig cijfer'; None for a final figure
    interval: str | None  # '95%-interval 21,0–25,8%' for an estimate
    change: str | None  # 'gelijk sinds 2022', '-1,2 %-punt sinds 2022'; None without an earlier figure
    verdict: visual.Verdict  # BETTER, WORSE, or NO_JUDGEMENT (no direction, no change, or within the margin)
    qualifier: str | None  # why a change gets no verdict, when that is not obvious


def headline(rows: pl.DataFrame, region_code: str) -> Headline | None:
    """The headline of one indicator for one region from its observation rows (year figures, breakdown totaal).

    The change is against the previous year with a figure; the same rule as the tiles: no direction when it
    rounds to zero, no verdict when two estimates' 95%-intervals overlap or the indicator has no good direction.
    """
    figures = (rows.filter((pl.col("region_code") == region_code) & (pl.col("breakdown") == "totaal")
                           & pl.col("value").is_not_null()
                           & (pl.col("period") == "jaar" if "period" in rows.columns else pl.lit(True)))
               .sort("year"))
    if figures.is_empty():
        return None
    latest = figures.row(-1, named=True)
    previous = figures.row(-2, named=True) if figures.height > 1 else None
    unit, decimals, rounded_to = latest["unit"], latest["decimals"], latest.get("rounded_to")
    interval = None
    if latest["ci_low"] is not None and latest["ci_high"] is not None:
        interval = (f"95%-interval {fmt.number(latest['ci_low'], decimals)}–"
                    f"{fmt.with_unit(latest['ci_high'], decimals, unit)}")
    status = fmt.status_text(latest["status"]) if latest["status"] in ("voorlopig", "geschat") else None
    change, verdict, qualifier = None, visual.NO_JUDGEMENT, None
    # A rounded 0 has no size to subtract from: no change for it.
    if previous is not None and not fmt.is_rounded_zero(latest["value"], rounded_to) \
            and not fmt.is_rounded_zero(previous["value"], previous.get("rounded_to")):
        change, moved = fmt.change_since(latest["value"], previous["value"], decimals, unit, previous["year"])
        verdict, within_margin = deviation.change_judgement(
            latest["value"], previous["value"], latest["higher_is_better"], deviation.interval_of(latest),
            deviation.interval_of(previous), moved)
        qualifier = deviation.WITHIN_MARGIN if within_margin else None
    # A long unit ('per 1.000 inwoners') in smaller type after the figure: as part of it, it would wrap.
    apart = unit not in ("%", "aantal") and not fmt.is_rounded_zero(latest["value"], rounded_to)
    return Headline(fmt.value_text(latest["value"], decimals, unit, rounded_to, unit_shown=not apart),
                    unit if apart else "", latest["year"], status, interval, change, verdict, qualifier)
