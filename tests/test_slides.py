"""The slide order of the presentation: links and vorige/volgende must agree, and bad links fall back."""

from __future__ import annotations

from app.slides import SLIDES_PER_OPGAVE, Position, link, next_position, parse, previous_position

OPGAVEN = ["leefstijl", "bestaanszekerheid", "weerbaarheid", "kansengelijkheid", "meedoen"]


def test_a_link_opens_on_the_slide_it_names():
    parsed = parse("weerbaarheid", "3", OPGAVEN)
    assert parsed.position == Position("weerbaarheid", 3) and not parsed.problems
    assert parsed.position.title == "Tellen en vertellen"


def test_codes_are_matched_regardless_of_case_and_spaces():
    assert parse(" Meedoen ", "1", OPGAVEN).position == Position("meedoen", 1)


def test_unknown_opgave_and_slide_fall_back_and_are_reported():
    parsed = parse("armoede", "7", OPGAVEN)
    assert parsed.position == Position("leefstijl", 1)
    assert parsed.problems == (("opgave", "armoede"), ("dia", "7"))
    assert parse("leefstijl", "twee", OPGAVEN).problems == (("dia", "twee"),)
    assert parse(None, None, OPGAVEN) == parse("", "", OPGAVEN)


def test_walking_forward_visits_every_slide_of_every_opgave_once_and_back_again():
    position, seen = Position("leefstijl", 1), []
    while position is not None:
        seen.append(position)
        position = next_position(position, OPGAVEN)
    assert len(seen) == len(OPGAVEN) * SLIDES_PER_OPGAVE
    assert seen[SLIDES_PER_OPGAVE] == Position("bestaanszekerheid", 1)
    backwards, position = [], seen[-1]
    while position is not None:
        backwards.append(position)
        position = previous_position(position, OPGAVEN)
    assert backwards == seen[::-1]


def test_link_round_trips_through_parse():
    for opgave in OPGAVEN:
        for dia in range(1, SLIDES_PER_OPGAVE + 1):
            query = dict(part.split("=") for part in link(Position(opgave, dia)).lstrip("?").split("&"))
            assert query["presentatie"] == "1"
            assert parse(query["opgave"], query["dia"], OPGAVEN).position == Position(opgave, dia)
