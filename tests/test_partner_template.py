"""The partner template and the demo partner workbook.

The template is what partners fill in, so it must match the contract the
reader checks against (same sheets, same headers) and its drop-down lists
must offer exactly what the reader accepts. The demo workbook must exercise
every part of the reader: all opgaven, every soort, a situatieschets per
wijk, and counts below the privacy threshold.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from pipelines.sources.partner.contract import (
    ACTIVITEITEN, CIJFERS, EXAMPLE_MARK, FIRST_YEAR, SHEETS, STORY_KINDS, VERHALEN, all_goals, example_rows, goal_label,
    last_year, partner_indicators,
)
from tools.demo.partners import WIJKEN as SOEST_WIJKEN, activity_rows
from pipelines.sources.partner.template import write_template
from pipelines.region_index import normalise

from conftest import DEMO_DIR

DEMO_WORKBOOK = DEMO_DIR / "partners" / "demo-partners-soest.xlsx"
INPUT_SHEETS = [contract.name for contract in SHEETS]


@pytest.fixture
def template(tmp_path, config):
    path = write_template(tmp_path / "sub" / "sjabloon.xlsx", config, list(SOEST_WIJKEN.values()))
    return load_workbook(path)


def _validations(sheet) -> dict[str, object]:
    """Header name → the data validation on that column (rows 2..)."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    result = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            letter = re.match(r"[A-Z]+", cell_range.coord).group()
            assert cell_range.min_row == 2 and cell_range.max_row >= 1000, cell_range.coord
            result[headers[letter]] = validation
    return result


def _list_values(workbook, formula: str) -> list[str]:
    match = re.fullmatch(r"=(\w+)!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet, first_col, first_row, last_col, last_row = match.groups()
    assert first_col == last_col
    cells = workbook[sheet][f"{first_col}{first_row}:{last_col}{last_row}"]
    return [row[0].value for row in cells]


def _all_text(sheet) -> str:
    return "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


def _data_rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if any(value is not None for value in row)]


def test_template_has_the_sheets_in_order_with_hidden_lists(tmp_path, config):
    path = write_template(tmp_path / "a" / "b" / "sjabloon.xlsx", config, list(SOEST_WIJKEN.values()))
    assert path.exists()
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Toelichting", *INPUT_SHEETS, "Keuzelijsten"]
    assert workbook.active.title == "Toelichting"
    assert workbook["Keuzelijsten"].sheet_state == "hidden"
    assert all(workbook[name].sheet_state == "visible" for name in ["Toelichting", *INPUT_SHEETS])
    assert config.title in workbook.properties.title


def test_headers_are_the_contract_columns_with_help_in_comments(template):
    for contract in SHEETS:
        sheet = template[contract.name]
        assert [cell.value for cell in sheet[1]] == [column.name for column in contract.columns]
        assert sheet.freeze_panes == "A2"
        for cell, column in zip(sheet[1], contract.columns):
            assert cell.font.bold
            assert column.help in cell.comment.text
            assert ("(verplicht)" if column.required else "(optioneel)") in cell.comment.text
            assert sheet.column_dimensions[cell.column_letter].width == column.width


def test_instructions_explain_every_column_opgave_and_rule(template, config):
    text = _all_text(template["Toelichting"])
    for contract in SHEETS:
        assert contract.purpose in text
        for column in contract.columns:
            assert column.name in text
            assert column.help in text
    for opgave in config.opgaven:
        assert opgave.title in text and opgave.code in text
    for indicator in partner_indicators(config):
        assert indicator.code in text and indicator.title in text and indicator.definition in text
    for expected in (EXAMPLE_MARK, str(FIRST_YEAR), str(last_year()), *STORY_KINDS,
                     f"onder de {config.small_count_threshold}", "geheim", "python -m pipelines partner"):
        assert expected in text


def test_validations_offer_exactly_what_the_reader_accepts(template, config):
    expected_lists = {
        "opgave": [o.title for o in config.opgaven],
        "wijk": [config.gemeente_name, *SOEST_WIJKEN.values()],
        "soort": list(STORY_KINDS),
        "indicator": [i.code for i in partner_indicators(config)],
        "doel": [goal_label(goal) for goal in all_goals(config)],
    }
    for contract in SHEETS:
        validations = _validations(template[contract.name])
        for name, values in expected_lists.items():
            if name not in validations:
                continue
            validation = validations[name]
            assert validation.type == "list"
            assert _list_values(template, validation.formula1) == values
            assert validation.error and validation.prompt  # Dutch messages, not Excel's default
        assert validations["jaar"].type == "whole"
        assert (int(validations["jaar"].formula1), int(validations["jaar"].formula2)) == (FIRST_YEAR, last_year())
        assert validations["wijk"].errorStyle == "warning"  # a CBS code is fine too
    assert {"opgave", "doel", "wijk", "deelnemers"} <= set(_validations(template["Activiteiten"]))
    assert {"opgave", "wijk", "soort"} <= set(_validations(template[VERHALEN.name]))
    assert {"indicator", "wijk", "waarde"} <= set(_validations(template[CIJFERS.name]))
    assert _validations(template["Activiteiten"])["deelnemers"].type == "whole"
    assert _validations(template[CIJFERS.name])["indicator"].errorStyle == "warning"  # titles are accepted too
    assert _validations(template[CIJFERS.name])["waarde"].type == "decimal"


def test_activities_have_an_optional_doel_column_with_every_goal_of_the_config(template, config):
    """The doel column: optional, right after opgave, a drop-down of every goal (all levels, every opgave)."""
    sheet = template["Activiteiten"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["opgave", "doel"]
    assert not ACTIVITEITEN.columns[1].required and "doel" not in ACTIVITEITEN.required
    assert "(optioneel)" in sheet["B1"].comment.text
    validation = _validations(sheet)["doel"]
    assert (validation.type, validation.errorStyle, validation.allow_blank) == ("list", "warning", True)
    offered = _list_values(template, validation.formula1)
    goals = all_goals(config)
    assert offered == [f"{goal.code} – {goal.text}" for goal in goals]
    assert {goal.opgave_code for goal in goals} == {opgave.code for opgave in config.opgaven}
    assert len(set(offered)) == len(offered), "every goal has its own code, so every entry is distinct"
    assert "Optioneel" in validation.prompt and "opgave" in validation.prompt
    assert len(validation.prompt) <= 255 and len(validation.error) <= 225  # Excel's limits for these texts


def test_instructions_list_the_goals_per_opgave_and_say_the_column_is_optional(template, config):
    rows = [row for row in template["Toelichting"].iter_rows(values_only=True)]
    labels = [row[0] for row in rows]
    start = labels.index("Doelen (blad Activiteiten, kolom doel)")
    section = rows[start + 1:]
    assert section[0][0] == "Optioneel"
    assert "Een werkmap zonder kolom doel" in section[0][1] and "opgave van dezelfde rij" in section[0][1]
    texts = {row[0]: row[1] for row in section}
    for goal in all_goals(config):
        assert goal.text in texts[goal.code]
        if goal.parent_code:  # a subgoal says what it is under
            assert texts[goal.code].startswith(f"{goal.level} onder {goal.parent_code}: ")


def test_example_row_is_the_contract_example(template, config):
    expected = example_rows(config, list(SOEST_WIJKEN.values()))
    for contract in SHEETS:
        sheet = template[contract.name]
        assert _data_rows(sheet) == [{c.name: expected[contract.name][c.name] for c in contract.columns}]
        assert sheet.cell(2, 1).font.italic


def test_template_without_wijken_offers_only_the_gemeente(tmp_path, config):
    workbook = load_workbook(write_template(tmp_path / "sjabloon.xlsx", config, []))
    wijk = _validations(workbook["Activiteiten"])["wijk"]
    assert _list_values(workbook, wijk.formula1) == [config.gemeente_name]
    assert _data_rows(workbook["Activiteiten"])[0]["wijk"] == config.gemeente_name


# --- the demo workbook ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    assert DEMO_WORKBOOK.exists(), "draai `python -m tools.demo.partners`"
    return load_workbook(DEMO_WORKBOOK)


def _opgave_code(config, typed) -> str | None:
    for opgave in config.opgaven:
        if typed is not None and normalise(typed) in (normalise(opgave.code), normalise(opgave.title)):
            return opgave.code
    return None


def _wijk_code(typed) -> str | None:
    if typed in SOEST_WIJKEN:
        return typed
    return next((code for code, name in SOEST_WIJKEN.items() if name == typed), None)


def test_demo_workbook_is_marked_and_has_no_example_rows(demo):
    assert "voorbeelddata" in demo.properties.keywords
    assert demo["Toelichting"]["A1"].value.startswith("VOORBEELDDATA")
    for name in INPUT_SHEETS:
        for row in demo[name].iter_rows(min_row=2, values_only=True):
            assert not any(isinstance(v, str) and v.strip().startswith(EXAMPLE_MARK) for v in row)


def test_demo_activities_cover_every_opgave_and_test_privacy(demo, config):
    rows = _data_rows(demo["Activiteiten"])
    assert 30 <= len(rows) <= 45
    assert {_opgave_code(config, row["opgave"]) for row in rows} == {o.code for o in config.opgaven}
    assert any(0 < row["deelnemers"] < config.small_count_threshold for row in rows)


def test_demo_activities_name_goals_of_their_own_opgave_in_every_way_a_partner_may(demo, config):
    rows = _data_rows(demo["Activiteiten"])
    named = [row for row in rows if row["doel"] is not None]
    assert 5 <= len(named) < len(rows), "some activities name a goal, not all"
    ways = set()
    for row in named:
        [goal] = [g for g in all_goals(config) if normalise(row["doel"]) in
                  (normalise(g.code), normalise(g.text), normalise(goal_label(g)))]
        assert goal.opgave_code == _opgave_code(config, row["opgave"]), row
        ways.add("lijst" if row["doel"] == goal_label(goal) else "code" if row["doel"] == goal.code else "tekst")
    assert ways == {"lijst", "code", "tekst"}


def test_demo_workbook_is_up_to_date_with_the_config(demo, config):
    """The committed workbook holds what the generator makes of today's config (goal codes and texts included)."""
    expected = [{column.name: row.get(column.name) for column in ACTIVITEITEN.columns} for row in activity_rows(config)]
    assert _data_rows(demo["Activiteiten"]) == expected, "draai `python -m tools.demo.partners`"


def test_demo_stories_cover_every_soort_and_a_situatieschets_per_wijk(demo, config):
    rows = _data_rows(demo[VERHALEN.name])
    assert {row["soort"] for row in rows} == set(STORY_KINDS)
    sketches = [row for row in rows if row["soort"] == "situatieschets"]
    assert {_wijk_code(row["wijk"]) for row in sketches} == set(SOEST_WIJKEN)
    assert all(row["opgave"] is None for row in sketches)
    others = [row for row in rows if row["soort"] != "situatieschets"]
    assert {_opgave_code(config, row["opgave"]) for row in others} == {o.code for o in config.opgaven}


def test_demo_leergeld_total_is_at_least_the_sum_of_the_wijken(demo, config):
    titles = {i.title: i.code for i in config.indicators}
    totals, sums = {}, {}
    for row in _data_rows(demo[CIJFERS.name]):
        if titles.get(row["indicator"], row["indicator"]) != "aanvragen_leergeld":
            continue
        if row["wijk"] == config.gemeente_name:
            totals[row["jaar"]] = row["waarde"]
        else:
            assert _wijk_code(row["wijk"]), row["wijk"]
            sums[row["jaar"]] = sums.get(row["jaar"], 0) + row["waarde"]
    assert set(totals) == set(sums) == {2022, 2023, 2024, 2025}
    assert all(totals[year] >= sums[year] for year in totals)
