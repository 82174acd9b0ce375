"""The gemeente configuration: Soest's opgaven word for word, and clear refusals of broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.config import load_config
from monitor.errors import ConfigError

from conftest import CONFIG_FILE, PROJECT_ROOT

# The policy text itself; CI and every checkout have shared/ beside the repository.
SEED_001 = PROJECT_ROOT.parent / "shared" / "seeds" / "001_e650a2ef627dd80b.txt"


def test_soest_config_has_five_opgaven_and_nineteen_goals(config):
    assert config.gemeente_code == "GM0342"
    assert config.gemeente_name == "Soest"
    assert [o.title for o in config.opgaven] == [
        "Gezonde leefstijl", "Bestaanszekerheid", "Mentale weerbaarheid", "Kansengelijkheid", "Meedoen en inclusie",
    ]
    assert sum(len(o.goals) for o in config.opgaven) == 19
    assert all(o.ambition for o in config.opgaven)


def test_ambities_and_goals_are_word_for_word_from_the_policy(config):
    seed = re.sub(r"\s+", " ", SEED_001.read_text(encoding="utf-8"))
    for opgave in config.opgaven:
        assert opgave.ambition in seed, opgave.code
        for goal in opgave.goals:
            assert goal.text in seed, goal.code


def test_every_opgave_has_at_least_three_indicators_and_context_exists(config):
    for opgave in config.opgaven:
        assert len([i for i in config.indicators if i.opgave_code == opgave.code]) >= 3, opgave.code
    context_stems = {i.cbs.stem for i in config.indicators if i.opgave_code is None and i.cbs}
    assert {"AantalInwoners", "HuishoudensTotaal", "k_65JaarOfOuder"} <= context_stems
    share_65 = next(i for i in config.indicators if i.cbs and i.cbs.stem == "k_65JaarOfOuder")
    assert (share_65.cbs.per, share_65.cbs.factor, share_65.unit) == ("AantalInwoners", 100, "%")


def test_goal_of_each_indicator_belongs_to_its_opgave(config):
    for indicator in config.indicators:
        if indicator.goal_code:
            assert config.goals_by_code[indicator.goal_code].opgave_code == indicator.opgave_code


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = CONFIG_FILE.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in config"
    path = tmp_path / "kapot.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _problem(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_missing_opgave_title_is_named(tmp_path):
    path = _broken(tmp_path, 'title = "Bestaanszekerheid"\n', "")
    message = _problem(path)
    assert str(path) in message
    assert "opgave[2].title" in message and "ontbreekt" in message


def test_unknown_opgave_on_an_indicator_is_named(tmp_path):
    path = _broken(tmp_path, 'opgave = "meedoen"\n', 'opgave = "sport"\n')
    message = _problem(path)
    assert "indicator[" in message and ".opgave" in message and "'sport'" in message
    assert str(path) in message


def test_bad_higher_is_better_is_named(tmp_path):
    path = _broken(tmp_path, "higher_is_better = false", 'higher_is_better = "lager"')
    message = _problem(path)
    assert ".higher_is_better" in message and "'lager'" in message
    assert 'true, false of "none"' in message


def test_every_problem_is_reported_at_once(tmp_path):
    path = _broken(tmp_path, 'code = "GM0342"', 'code = "0342"')
    path.write_text(path.read_text(encoding="utf-8").replace("decimals = 1", "decimals = -1", 1), encoding="utf-8")
    message = _problem(path)
    assert "gemeente.code" in message and ".decimals" in message


def test_unreadable_toml_and_missing_file(tmp_path):
    broken = tmp_path / "niet-toml.toml"
    broken.write_text("[gemeente\ncode = ", encoding="utf-8")
    assert "geen geldige TOML" in _problem(broken)
    assert "niet gevonden" in _problem(tmp_path / "bestaat-niet.toml")


def test_cbs_indicator_without_variable_is_refused(tmp_path):
    path = _broken(tmp_path, 'cbs = { stem = "WmoClientenRelatief" }\n', "")
    assert "bronvariabele" in _problem(path)


def test_an_opgave_that_is_not_a_table_is_named(tmp_path):
    path = tmp_path / "lijst.toml"
    text = CONFIG_FILE.read_text(encoding="utf-8")
    path.write_text('opgave = ["Gezonde leefstijl"]\n' + text.replace("[[opgave]]", "[[oude_opgave]]"), encoding="utf-8")
    message = _problem(path)
    assert "opgave[1]: moet een tabel zijn" in message
