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
    assert "opgave[2] (bestaanszekerheid).title" in message and "ontbreekt" in message


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
    assert by_code["regie_eigen_leven"].goal_code == "eigen_regie"
    assert by_code["lage_veerkracht"].cbs.stem == "LageVeerkracht"
    assert by_code["langdurige_aandoeningen"].goal_code == "volwassenen_vitaal"
    assert by_code["tevreden_woning"].goal_code == "zelfstandig_wonen"


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
    assert [g.code for g in without] == ["kinderen_gezond", "jongeren_bewegen", "huisuitzetting_voorkomen", "toekomstvertrouwen", "minderheden_veilig"]
    assert all(goal.needs_source for goal in without)


def test_a_goal_without_indicator_and_without_source_needed_is_refused(tmp_path):
    path = _broken(tmp_path, 'text = "Huisuitzettingen worden voorkomen", needs_source', 'text = "Huisuitzettingen '
                   'worden voorkomen", extra_note')
    message = _problem(path)
    assert "extra_note: onbekende sleutel; toegestaan: code, text, needs_source, goals" in message
    assert "doel huisuitzetting_voorkomen ('Huisuitzettingen worden voorkomen') heeft geen indicator" in message


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


# --- doelenboom, targets, comparison (issue 14) ------------------------------------------------------------------

THREE_LEVELS = """
[doelenboom]
niveaus = ["resultaat", "opgave", "doel", "subdoel"]

[[doelenboom.knopen]]
code = "zelfredzaam"
niveau = "resultaat"
text = "Inwoners zijn zelfredzaam"
"""


def _with_three_levels(tmp_path: Path, text: str | None = None) -> Path:
    """The Soest config with a resultaat above every opgave and a subgoal under volwassenen_vitaal."""
    text = text or CONFIG_FILE.read_text(encoding="utf-8")
    text = text.replace("[privacy]\n", THREE_LEVELS + "\n[privacy]\n", 1)
    text = text.replace('[[opgave]]\ncode = "', '[[opgave]]\nparent = "zelfredzaam"\ncode = "')
    text = text.replace('{ code = "volwassenen_vitaal", text = "Volwassenen en ouderen vitaal zijn" }',
                        '{ code = "volwassenen_vitaal", text = "Volwassenen en ouderen vitaal zijn", goals = ['
                        '{ code = "ouderen_bewegen", text = "Ouderen bewegen genoeg" }] }')
    path = tmp_path / "drie_niveaus.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_doelenboom_of_four_levels_with_codes_that_do_not_depend_on_position(tmp_path):
    path = _with_three_levels(tmp_path, CONFIG_FILE.read_text(encoding="utf-8").replace(
        'goal = "volwassenen_vitaal"\ntype = "effect"\nhigher_is_better = true\ndecimals = 1\ncbs = { stem = '
        '["VoldoetAanDeBeweegrichtlijn"',
        'goal = "ouderen_bewegen"\ntype = "effect"\nhigher_is_better = true\ndecimals = 1\ncbs = { stem = '
        '["VoldoetAanDeBeweegrichtlijn"'))
    config = load_config(path)
    assert config.levels == ("resultaat", "opgave", "doel", "subdoel")
    assert [node.code for node in config.upper_nodes] == ["zelfredzaam"]
    assert {opgave.parent_code for opgave in config.opgaven} == {"zelfredzaam"}
    leefstijl = config.opgaven[0]
    assert [(g.code, g.level, g.depth, g.parent_code) for g in leefstijl.goals][-2:] == [
        ("volwassenen_vitaal", "doel", 1, None), ("ouderen_bewegen", "subdoel", 2, "volwassenen_vitaal")]
    assert config.goals_by_code["ouderen_bewegen"].opgave_code == "leefstijl"
    beweeg = next(i for i in config.indicators if i.code == "beweegrichtlijn")
    assert beweeg.goal_codes == ("ouderen_bewegen",) and beweeg.opgave_code == "leefstijl"
    # A goal measured through its subgoal is measured.
    assert "volwassenen_vitaal" not in {g.code for g in config.goals_without_indicator()}
    # Swapping two goals changes their numbers, never their codes or what measures them.
    swapped = path.read_text(encoding="utf-8").replace(
        '{ code = "kinderen_gezond"', '{ code = "TMP"').replace('{ code = "jongeren_bewegen"', '{ code = "kinderen_gezond"')
    swapped = swapped.replace('{ code = "TMP"', '{ code = "jongeren_bewegen"')
    path.write_text(swapped, encoding="utf-8")
    again = load_config(path)
    assert again.goals_by_code["kinderen_gezond"].sort_order == 2
    assert next(i for i in again.indicators if i.code == "beweegrichtlijn").goal_codes == ("ouderen_bewegen",)


def test_a_goal_deeper_than_the_levels_or_an_opgave_without_its_resultaat_is_refused(tmp_path):
    text = CONFIG_FILE.read_text(encoding="utf-8").replace(
        '{ code = "volwassenen_vitaal", text = "Volwassenen en ouderen vitaal zijn" }',
        '{ code = "volwassenen_vitaal", text = "Volwassenen en ouderen vitaal zijn", goals = ['
        '{ code = "ouderen_bewegen", text = "Ouderen bewegen genoeg" }] }')
    path = tmp_path / "te_diep.toml"
    path.write_text(text, encoding="utf-8")
    assert "(ouderen_bewegen): ligt dieper dan de doelniveaus onder de opgave (doel)" in _problem(path)
    path = _with_three_levels(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('parent = "zelfredzaam"\ncode = "meedoen"', 'code = "meedoen"'),
                    encoding="utf-8")
    assert "opgave[5] (meedoen).parent: ontbreekt" in _problem(path)


def test_a_goal_as_plain_text_or_a_duplicate_goal_code_is_refused(tmp_path):
    path = _broken(tmp_path, '{ code = "volwassenen_vitaal", text = "Volwassenen en ouderen vitaal zijn" }',
                   '"Volwassenen en ouderen vitaal zijn"')
    assert "een doel is een tabel met een eigen code" in _problem(path)
    path = _broken(tmp_path, '{ code = "jongeren_bewegen"', '{ code = "kinderen_gezond"')
    assert "doelcode 'kinderen_gezond' is al een ander doel" in _problem(path)


def test_an_indicator_may_serve_two_goals_of_different_opgaven(tmp_path):
    path = _broken(tmp_path, 'goal = "niet_eenzaam"', 'goals = ["niet_eenzaam", "kwetsbaren_doen_mee"]')
    config = load_config(path)
    eenzaam = next(i for i in config.indicators if i.code == "eenzaam")
    assert eenzaam.goal_codes == ("niet_eenzaam", "kwetsbaren_doen_mee")
    assert eenzaam.opgave_code == "weerbaarheid" and eenzaam.goal_code == "niet_eenzaam"
    path = _broken(tmp_path, 'goal = "niet_eenzaam"', 'goals = ["niet_eenzaam", "bestaat_niet"]')
    assert "onbekend doel 'bestaat_niet'" in _problem(path)
    path = _broken(tmp_path, 'goal = "niet_eenzaam"', 'goal = "niet_eenzaam"\ngoals = ["niet_eenzaam"]')
    assert "niet allebei" in _problem(path)


def test_an_indicator_serving_a_goal_says_whether_it_is_an_effect_or_a_prestatie(config, tmp_path):
    assert {i.kind for i in config.indicators if i.goal_codes} <= {"effect", "prestatie"}
    assert {i.kind for i in config.indicators if not i.goal_codes} == {"context"}
    path = _broken(tmp_path, 'goal = "niet_eenzaam"\ntype = "effect"\n', 'goal = "niet_eenzaam"\n')
    assert "(eenzaam).type: ontbreekt" in _problem(path)
    path = _broken(tmp_path, 'goal = "niet_eenzaam"\ntype = "effect"', 'goal = "niet_eenzaam"\ntype = "resultaat"')
    assert 'moet "effect", "prestatie" of "context" zijn' in _problem(path)


def test_a_target_with_a_baseline_from_the_data_or_given_explicitly(tmp_path):
    path = _broken(tmp_path, 'goal = "niet_eenzaam"\n', 'goal = "niet_eenzaam"\ntarget = { baseline_year = 2020, '
                   'value = 40.0, year = 2028, source = "Raadsbesluit 12 maart 2026", ambition = { GM0342 = "Onder het '
                   'Utrechtse gemiddelde", GM0308 = "Gelijk blijven" } }\n')
    target = next(i for i in load_config(path).indicators if i.code == "eenzaam").target
    assert (target.baseline_year, target.baseline_value, target.target_value, target.target_year) == (2020, None, 40.0, 2028)
    assert target.ambition_for("GM0342") == "Onder het Utrechtse gemiddelde" and target.ambition_for("GM0355") is None
    path = _broken(tmp_path, 'goal = "niet_eenzaam"\n', 'goal = "niet_eenzaam"\ntarget = { baseline_year = 2016, '
                   'baseline_value = 44.5, baseline_source = "Eigen meting 2016", value = 40, year = 2028, '
                   'source = "Uitvoeringsplan 2026", ambition = "Minder eenzaamheid" }\n')
    target = next(i for i in load_config(path).indicators if i.code == "eenzaam").target
    assert (target.baseline_value, target.baseline_source, target.ambition_for("GM0342")) == (
        44.5, "Eigen meting 2016", "Minder eenzaamheid")


@pytest.mark.parametrize(("target", "expected"), [
    ('{ baseline_year = 2020, value = 40, year = 2018, source = "x" }', "het streefjaar 2018 moet na de nulmeting (2020)"),
    ('{ baseline_year = 2020, year = 2028, source = "x" }', "target.value: ontbreekt"),
    ('{ baseline_year = 2020, value = "40%", year = 2028, source = "x" }', "target.value: moet een getal zijn"),
    ('{ baseline_year = 2020, value = 40, year = 2028 }', "target.source: ontbreekt"),
    ('{ baseline_year = 2020, value = 40, year = 2028, source = "x", baseline_value = 44 }',
     "target.baseline_source: ontbreekt"),
    ('{ nulmeting = 2020, value = 40, year = 2028, source = "x" }',
     "target.nulmeting: onbekende sleutel; toegestaan: baseline_year, baseline_value"),
    ('{ baseline_year = 2020, value = 40, year = 2028, source = "x", ambition = { Soest = "y" } }',
     "verwacht een gemeentecode"),
])
def test_a_broken_target_is_refused_naming_the_key(tmp_path, target, expected):
    path = _broken(tmp_path, 'goal = "niet_eenzaam"\n', f'goal = "niet_eenzaam"\ntarget = {target}\n')
    message = _problem(path)
    assert expected in message and "indicator[" in message and "(eenzaam).target" in message


def _with_comparison(tmp_path: Path, block: str) -> Path:
    """The Soest config with its [vergelijking] replaced by `block`."""
    text = CONFIG_FILE.read_text(encoding="utf-8")
    start = text.index("[vergelijking]")
    path = tmp_path / "vergelijking.toml"
    path.write_text(text[:start] + block + text[text.index("\n\n", start):], encoding="utf-8")
    return path


def test_comparison_regions_are_read_and_checked(tmp_path):
    block = ('[vergelijking]\nprovincie = "PV26"\nreferentiegemeenten = ["GM0308", "GM0310"]\n'
             'vergelijkbaar = { aantal = 5, kenmerken = ["inwoners", "aandeel_65plus"] }')
    config = load_config(_with_comparison(tmp_path, block))
    assert (config.comparison.provincie, config.comparison.referentiegemeenten) == ("PV26", ("GM0308", "GM0310"))
    assert config.comparison.similar.count == 5 and config.comparison.similar.kenmerken == ("inwoners", "aandeel_65plus")
    broken = block.replace('"PV26"', '"Utrecht"').replace('"GM0310"', '"GM0342"').replace('"aandeel_65plus"', '"leeftijd"')
    message = _problem(_with_comparison(tmp_path, broken))
    assert "vergelijking.provincie: moet de vorm PV## hebben" in message
    assert "GM0342 is de gemeente zelf" in message
    assert "vergelijking.vergelijkbaar.kenmerken: onbekende indicator 'leeftijd'" in message
    assert "vergelijking.referentie: onbekende sleutel" in _problem(
        _with_comparison(tmp_path, '[vergelijking]\nreferentie = ["GM0308"]'))


def test_gemeenten_sharing_a_config_each_compare_with_the_others_and_their_own_provincie(tmp_path):
    block = ('[vergelijking]\nprovincie = { GM0342 = "PV26", GM0050 = "PV24" }\n'
             'referentiegemeenten = ["GM0050", "GM0308"]')
    config = load_config(_with_comparison(tmp_path, block))
    assert config.comparison.provincie == "PV26"
    zeewolde = config.for_gemeente("GM0050").comparison
    assert (zeewolde.provincie, zeewolde.referentiegemeenten) == ("PV24", ("GM0308", "GM0342"))
    assert "noem ook de provincie van de gemeente zelf (GM0342)" in _problem(
        _with_comparison(tmp_path, '[vergelijking]\nprovincie = { GM0050 = "PV24" }'))


def test_a_goal_whose_subgoals_all_say_what_measures_them_needs_no_source_itself(tmp_path):
    path = _broken(tmp_path, '{ code = "jongeren_bewegen", text = "Jongeren meer bewegen", needs_source = '
                             '"Gezondheidsmonitor Jeugd van GGD regio Utrecht (bewegen en sporten van jongeren in klas 2 '
                             'en 4 van het voortgezet onderwijs)" }',
                   '{ code = "jongeren_bewegen", text = "Jongeren meer bewegen", goals = [{ code = "sporten", text = '
                   '"Jongeren sporten", needs_source = "Gezondheidsmonitor Jeugd" }] }')
    path.write_text(path.read_text(encoding="utf-8").replace('niveaus', 'niveaus'), encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace("[privacy]\n", '[doelenboom]\nniveaus = ["opgave", "doel", '
                                                                   '"subdoel"]\n\n[privacy]\n', 1)
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert "jongeren_bewegen" in {g.code for g in config.goals_without_indicator()}
    assert config.goals_by_code["sporten"].parent_code == "jongeren_bewegen"


def test_a_context_figure_has_no_target(tmp_path):
    path = _broken(tmp_path, 'cbs = { stem = "AantalInwoners" }', 'cbs = { stem = "AantalInwoners" }\ntarget = { '
                   'baseline_year = 2020, value = 50000, year = 2028, source = "x" }')
    assert "(inwoners).target: een contextcijfer" in _problem(path)
