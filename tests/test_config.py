"""The gemeente configuration: Soest's opgaven word for word, and clear refusals of broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from pipelines.config import load_config

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
    assert (share_65.cbs.per, share_65.cbs.factor, share_65.unit) == (("AantalInwoners",), 100, "%")


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


# Real variable names of RIVM table 50150NED (shared/reference/statline-real-layouts.md): the catalogue must use
# these, with the names of the older table 50120NED only as later aliases.
RIVM_50150NED = {
    "GoedErvarenGezondheid", "EenOfMeerLangdurigeAandoeningen", "LangdurigBeperkt", "HoogRisicoAngststoornisOfDepressie",
    "HeelVeelStressAfg4Weken", "LageVeerkracht", "MatigVeelRegieOverHetEigenLeven", "Eenzaam", "SterkEenzaam",
    "EmotioneelEenzaam", "SociaalEenzaam", "KrijgtSteunVanAnderen", "Mantelzorger", "Vrijwilligerswerk",
    "MoeiteMetRondkomen", "Overgewicht", "ErnstigOvergewichtObesitas", "RooktTabak", "OvermatigDrinken",
    "VoldoetAanDeBeweegrichtlijn", "TevredenMetDeWoning", "TevredenMetDeWoonomgeving",
}
RIVM_50120NED = {"ErvarenGezondheidGoedZeerGoed", "HoogRisicoOpAngstOfDepressie", "ErnstigZeerErnstigEenzaam", "Roker",
                 "VoldoetAanBeweegrichtlijn", "HeelVeelStressInAfgelopen4Weken"}


def test_ggd_indicators_name_the_real_50150ned_variable_first_and_old_names_only_as_aliases(config):
    ggd = [i for i in config.indicators if i.source == "rivm_gezondheid"]
    assert len(ggd) >= 15
    for indicator in ggd:
        assert indicator.cbs.stem in RIVM_50150NED, indicator.code
        assert set(indicator.cbs.stems[1:]) <= RIVM_50120NED, indicator.code
    renamed = {i.code for i in ggd if len(i.cbs.stems) > 1}
    assert renamed == {"ervaren_gezondheid", "beweegrichtlijn", "rokers", "ernstig_eenzaam", "angst_depressie", "veel_stress"}


def test_new_goal_measures_from_50150ned(config):
    by_code = {i.code: i for i in config.indicators}
    assert by_code["regie_eigen_leven"].goal_code == "weerbaarheid.1"
    assert by_code["lage_veerkracht"].cbs.stem == "LageVeerkracht"
    assert by_code["langdurige_aandoeningen"].goal_code == "leefstijl.3"
    assert by_code["tevreden_woning"].goal_code == "bestaanszekerheid.5"


def test_income_series_break_in_2024_is_recorded_both_ways(config):
    by_code = {i.code: i for i in config.indicators}
    old, new = by_code["laag_inkomen"], by_code["personen_in_armoede"]
    assert (old.series.last_year, old.series.successor) == (2023, "personen_in_armoede")
    assert "Personen in armoede" in old.series.note
    assert (new.series.first_year, new.series.predecessor) == (2024, "laag_inkomen")
    assert new.cbs.stem == "PersonenInArmoede" and not set(new.cbs.stems) & set(old.cbs.stems)  # never one line
    assert by_code["niet_westers"].series.successor == "herkomst_buiten_europa"
    assert by_code["herkomst_buiten_europa"].cbs.group == "Herkomstland"


def test_jeugdzorg_counts_young_people_up_to_23(config):
    jeugdzorg = next(i for i in config.indicators if i.code == "jeugdzorg")
    assert "tot 23 jaar" in jeugdzorg.definition and "18" not in jeugdzorg.definition


def test_every_goal_has_an_indicator_or_says_which_source_it_needs(config):
    without = config.goals_without_indicator()
    assert [g.code for g in without] == ["leefstijl.1", "leefstijl.2", "bestaanszekerheid.4", "weerbaarheid.3", "meedoen.1"]
    assert all(goal.needs_source for goal in without)


def test_a_goal_without_indicator_and_without_source_needed_is_refused(tmp_path):
    path = _broken(tmp_path, '{ text = "Huisuitzettingen worden voorkomen", needs_source', '{ text = "Huisuitzettingen '
                   'worden voorkomen", extra_note')
    message = _problem(path)
    assert "extra_note: onbekende sleutel; toegestaan: text, needs_source" in message
    assert "bestaanszekerheid.4 ('Huisuitzettingen worden voorkomen') heeft geen indicator" in message


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("factor = 1000, rounded_to = 10", "factor = 1000, rounded = 10", "cbs.rounded: onbekende sleutel; toegestaan: stem, per, factor, group, rounded_to"),
    ('higher_is_better = "none"\ndecimals = 0\ncbs = { stem = "AantalInwoners" }',
     'higher_is_better = "none"\ndecimals = 0\nnulmeting = 2020\ncbs = { stem = "AantalInwoners" }',
     "indicator[1] (inwoners).nulmeting: onbekende sleutel"),
    ("[privacy]\n", "[financien]\nbudget = 1\n[privacy]\n", "financien: onbekende sleutel; toegestaan: gemeente"),
    ("series = { last_year = 2023, successor", "series = { last_year = 2023, opvolger = \"x\", successor",
     "series.opvolger: onbekende sleutel"),
])
def test_an_unknown_key_anywhere_is_refused_with_the_allowed_keys(tmp_path, old, new, expected):
    assert expected in _problem(_broken(tmp_path, old, new))


def test_a_variable_with_its_position_suffix_is_refused(tmp_path):
    path = _broken(tmp_path, 'stem = ["RooktTabak", "Roker"]', 'stem = ["RooktTabak_35", "Roker"]')
    assert "zonder volgnummer" in _problem(path) and "RooktTabak_35" in _problem(path)


def test_a_series_break_naming_an_unknown_successor_or_without_note_is_refused(tmp_path):
    path = _broken(tmp_path, 'successor = "personen_in_armoede", note = "CBS meet dit vanaf 2024 anders: zie Personen in '
                   'armoede (personen', 'successor = "armoede", note = "CBS meet dit vanaf 2024 anders: zie Personen in '
                   'armoede (personen')
    assert "(laag_inkomen).series.successor: onbekende indicator 'armoede'" in _problem(path)
    path = _broken(tmp_path, 'series = { first_year = 2024, predecessor = "laag_inkomen", note = "Nieuwe maat van CBS vanaf '
                   '2024 (personen onder de armoedegrens); tot en met 2023: Huishoudens met een laag inkomen, niet vergelijkbaar." }',
                   'series = { first_year = 2024, predecessor = "laag_inkomen" }')
    assert "series.note: ontbreekt" in _problem(path)


def test_an_unknown_source_is_refused_and_a_statline_source_needs_a_mapping(tmp_path):
    path = _broken(tmp_path, "[source.cbs_gmsd]", "[source.cbs_jeugd]")
    message = _problem(path)
    assert "source.cbs_jeugd: onbekende bron" in message and "[source.<code>.statline]" in message
    path = _broken(tmp_path, 'cbs = { stem = "ClientenMetVoorzieningen", rounded_to = 5 }\n', "")
    assert "(clienten_sociaal_domein).cbs: een indicator uit een StatLine-tabel heeft een bronvariabele nodig" in _problem(path)


def test_a_statline_table_family_can_be_declared_in_the_config(tmp_path):
    declaration = (
        '[source.cbs_jeugdzorg]\ntitle = "CBS Jeugdzorg per wijk"\npublisher = "CBS"\n'
        '[source.cbs_jeugdzorg.statline]\ncatalog = "opendata.cbs.nl"\ntables = { 2024 = "86204NED" }\n'
        'region_dimension = "Wijken"\nperiod_dimension = "Perioden"\nbreakdown_dimension = "Vormen"\n'
        'breakdown_total = "Totaal"\ncli = "jeugdzorg"\n\n[privacy]\n'
    )
    config = load_config(_broken(tmp_path, "[privacy]\n", declaration))
    spec = config.sources["cbs_jeugdzorg"].statline
    assert (spec.cli, spec.region_dimensions, spec.period_dimension, spec.breakdown.dimension) == (
        "jeugdzorg", ("Wijken",), "Perioden", "Vormen")
    assert spec.tables == {2024: "86204NED"} and spec.load_hint == "python -m pipelines jeugdzorg"
    broken = _broken(tmp_path, "[privacy]\n", declaration.replace('"86204NED"', '"jeugd"').replace("cli =", "kli ="))
    message = _problem(broken)
    assert "2024 = 'jeugd'" in message and "statline.kli: onbekende sleutel" in message


# --- kernindicatoren per opgave (the presentation's kernindicatoren slide) ------------------------------------------


def test_soest_chooses_kernindicatoren_where_the_first_three_are_not_the_most_telling(config):
    chosen = {opgave.code: opgave.kernindicatoren for opgave in config.opgaven}
    assert chosen["leefstijl"] is None  # the default (the first three with a trend) is chosen in the app
    assert chosen["bestaanszekerheid"] == ("laag_inkomen", "bijstand_per_1000", "moeite_rondkomen")
    assert chosen["kansengelijkheid"] == ("onder_rond_sociaal_minimum", "jeugdzorg", "startkwalificatie")
    opgave_of = {indicator.code: indicator.opgave_code for indicator in config.indicators}
    for code, kernindicatoren in chosen.items():
        assert all(opgave_of[indicator] == code for indicator in kernindicatoren or ()), code


KERN_BESTAANSZEKERHEID = 'kernindicatoren = ["laag_inkomen", "bijstand_per_1000", "moeite_rondkomen"]\n'


@pytest.mark.parametrize(("new", "expected"), [
    ('kernindicatoren = ["laag_inkomen", "armoede_totaal"]\n',
     "opgave (bestaanszekerheid).kernindicatoren: onbekende indicator 'armoede_totaal'; kies uit de indicatoren "
     "van deze opgave: laag_inkomen, tot_120_sociaal_minimum"),
    ('kernindicatoren = ["laag_inkomen", "eenzaam"]\n',
     "opgave (bestaanszekerheid).kernindicatoren: indicator 'eenzaam' hoort bij opgave 'weerbaarheid', "
     "niet bij 'bestaanszekerheid'"),
    ('kernindicatoren = ["inwoners"]\n', "indicator 'inwoners' hoort bij geen opgave (een contextcijfer)"),
    ('kernindicatoren = ["laag_inkomen", "bijstand_per_1000", "moeite_rondkomen", "personen_in_armoede"]\n',
     "opgave (bestaanszekerheid).kernindicatoren: een lijst van 1 tot en met 3 indicatorcodes"),
    ('kernindicatoren = []\n', "een lijst van 1 tot en met 3 indicatorcodes"),
    ('kernindicatoren = "laag_inkomen"\n', "een lijst van 1 tot en met 3 indicatorcodes"),
    ('kernindicatoren = ["laag_inkomen", "laag_inkomen"]\n', "een indicator staat er meer dan eens in"),
], ids=["onbekend", "andere-opgave", "contextcijfer", "te-veel", "leeg", "geen-lijst", "dubbel"])
def test_a_wrong_kernindicator_is_refused_with_file_and_key(tmp_path, new, expected):
    path = _broken(tmp_path, KERN_BESTAANSZEKERHEID, new)
    message = _problem(path)
    assert str(path) in message and expected in message, message


def test_without_kernindicatoren_the_opgave_has_none_chosen(tmp_path):
    config = load_config(_broken(tmp_path, KERN_BESTAANSZEKERHEID, ""))
    assert next(o for o in config.opgaven if o.code == "bestaanszekerheid").kernindicatoren is None


# --- breakdowns: groups, subgroups, distributions ----------------------------------------------------------------


def test_migratieachtergrond_is_a_distribution_with_groups_and_subgroups_per_classification(config):
    indicators = {indicator.code: indicator for indicator in config.indicators}
    breakdown = indicators["migratieachtergrond"].breakdown
    assert breakdown.distribution
    old, new = breakdown.classifications
    assert old.groups == ("Geen migratieachtergrond", "Westerse migratieachtergrond",
                          "Niet-westerse migratieachtergrond")
    assert old.parent_of()["Marokko"] == "Niet-westerse migratieachtergrond"
    # CBS's herkomst since 2022: the same country sits under another group.
    assert new.groups == ("Geen migratieachtergrond", "Europa (exclusief Nederland)", "Buiten Europa")
    assert new.parent_of()["Marokko"] == "Buiten Europa"
    # A rate per group is no distribution.
    assert not indicators["netto_arbeidsparticipatie"].breakdown.distribution


@pytest.mark.parametrize(("old", "new", "expected"), [
    # a subgroup under a group the classification does not have
    ('"Westerse migratieachtergrond" = ["Polen", "Overig westers"]',
     '"Westers" = ["Polen", "Overig westers"]', "subgroups.Westers: onbekende groep"),
    # a subgroup also named as a group: it would be counted twice
    ('"Westerse migratieachtergrond" = ["Polen", "Overig westers"]',
     '"Westerse migratieachtergrond" = ["Polen", "Geen migratieachtergrond"]', "staat al elders in deze indeling"),
    # a group twice
    ('groups = ["Geen migratieachtergrond", "Europa (exclusief Nederland)", "Buiten Europa"]',
     'groups = ["Geen migratieachtergrond", "Buiten Europa", "Buiten Europa"]', "meer dan eens"),
    # the total as a group
    ('groups = ["Geen migratieachtergrond", "Europa (exclusief Nederland)", "Buiten Europa"]',
     'groups = ["totaal", "Europa (exclusief Nederland)", "Buiten Europa"]', "is het totaal van alle inwoners"),
    # a distribution of one group, or not as a list
    ('groups = ["Geen migratieachtergrond", "Europa (exclusief Nederland)", "Buiten Europa"]',
     'groups = ["Buiten Europa"]', "minstens twee groepen"),
    ('groups = ["Geen migratieachtergrond", "Europa (exclusief Nederland)", "Buiten Europa"]',
     'groups = "Buiten Europa"', "een lijst groepen"),
    # distribution must be a boolean; unknown keys are refused
    ("distribution = true", 'distribution = "ja"', "moet true of false zijn"),
    ("distribution = true", "distribution = true\nverdeling = true", "onbekende sleutel; toegestaan: distribution"),
])
def test_a_malformed_breakdown_is_refused(tmp_path, old, new, expected):
    text = CONFIG_FILE.read_text(encoding="utf-8")
    # Edit the distribution (migratieachtergrond), the last indicator with a breakdown.
    at = text.index("code = \"migratieachtergrond\"")
    assert old in text[at:], f"test setup: {old!r}"
    path = tmp_path / "kapot.toml"
    path.write_text(text[:at] + text[at:].replace(old, new, 1), encoding="utf-8")
    assert expected in _problem(path)


def test_a_distribution_must_be_in_percent(tmp_path):
    text = CONFIG_FILE.read_text(encoding="utf-8")
    at = text.index("code = \"migratieachtergrond\"")
    path = tmp_path / "kapot.toml"
    path.write_text(text[:at] + text[at:].replace('unit = "%"', 'unit = "aantal"', 1), encoding="utf-8")
    assert "migratieachtergrond).breakdown.distribution: een verdeling is in procenten" in _problem(path)
