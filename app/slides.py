"""The order of the slides for the raadsinformatiebijeenkomst: per opgave four slides, opgave after opgave.

Pure logic, so a prepared link (?presentatie=1&opgave=…&dia=…) and the
vorige/volgende buttons agree on where they lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLIDE_TITLES = (
    "Ambitie en doelen",
    "Kernindicatoren in de tijd",
    "Tellen en vertellen",
    "Wijken vergeleken",
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
