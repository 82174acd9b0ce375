"""The example configurations of other gemeenten (Voorschoten, Ermelo/Harderwijk/Zeewolde, Vijfheerenlanden) and
Soest's targets and comparison regions: each validates as the pipelines read it, and describes its own seed's
doelenboom word for word."""

from __future__ import annotations

import re

import pytest

from pipelines.config import load_config

from conftest import CONFIG_FILE, PROJECT_ROOT

CONFIG_DIR = PROJECT_ROOT / "config"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"

# file → (gemeente code, levels of the doelenboom, seed it is written from)
EXAMPLES = {
    "voorschoten.toml": ("GM0626", ("visie", "opgave", "maatschappelijk effect"), "003_adfd9980f69bde55.txt"),
    "ermelo_harderwijk_zeewolde.toml": ("GM0243", ("opgave", "strategisch doel", "resultaat"),
                                        "002_47e7ca2a5392b564.txt"),
    "vijfheerenlanden.toml": ("GM1961", ("resultaat", "opgave", "doel", "subdoel"), "004_70e29c5288ba4e2a.txt"),
}


def _flat(text: str) -> str:
    """Seed text as one line, lower case: words broken over a line end joined, footnote marks and bullets gone."""
    text = re.sub(r"(?<=[a-z])-\s*\n\s*(?=[a-z])", "-", text)  # re-\nintegratie → re-integratie
    text = re.sub(r"(?<=[a-z])\d{1,2}(?=[\s.,;:])", "", text)  # vitaliteit3 → vitaliteit (footnote marks)
    text = text.replace("•", " ")
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example(request):
    return request.param, load_config(CONFIG_DIR / request.param)


def test_every_example_validates_with_the_registrys_sources(example):
    name, config = example
    code, levels, _ = EXAMPLES[name]
    assert config.gemeente_code == code
    assert config.levels == levels
    assert config.opgaven and config.indicators
    # Sources are the same blocks as Soest's: no example invents a source of its own.
    soest = load_config(CONFIG_FILE)
    for source in config.sources.values():
        assert source.code in soest.sources
        assert source.kind == soest.sources[source.code].kind


def test_goal_texts_are_word_for_word_from_the_seed(example):
    name, config = example
    seed = _flat((SEEDS / EXAMPLES[name][2]).read_text(encoding="utf-8"))
    texts = [node.text for node in config.upper_nodes] + [o.ambition for o in config.opgaven]
    texts += [goal.text for opgave in config.opgaven for goal in opgave.goals]
    missing = [text for text in texts if _flat(text) not in seed]
    assert not missing


def test_goals_sit_on_the_levels_below_the_opgave(example):
    _, config = example
    goal_levels = config.levels[config.levels.index("opgave") + 1:]
    for opgave in config.opgaven:
        for goal in opgave.goals:
            assert goal.level == goal_levels[goal.depth - 1], goal.code
            if goal.parent_code:
                parent = config.goals_by_code[goal.parent_code]
                assert (parent.depth, parent.opgave_code) == (goal.depth - 1, goal.opgave_code)


def test_indicators_are_typed_and_copied_from_the_catalogue(example):
    """Every indicator serving a goal is an effect or prestatie; CBS/RIVM mappings are Soest's, never invented."""
    _, config = example
    catalogue = {i.code: i for i in load_config(CONFIG_FILE).indicators}
    for indicator in config.indicators:
        assert indicator.kind in (("effect", "prestatie") if indicator.goal_codes else ("context",)), indicator.code
        if indicator.cbs is not None:
            assert indicator.code in catalogue, indicator.code
            assert indicator.cbs == catalogue[indicator.code].cbs, indicator.code
            assert indicator.source == catalogue[indicator.code].source, indicator.code


def test_an_indicator_serves_two_goals_where_the_seed_links_them(example):
    name, config = example
    served = {i.code: i.goal_codes for i in config.indicators}
    expected = {
        "voorschoten.toml": {"eenzaam": ("zelfstandig_meedoen", "cohesie_wijk"),
                             "huishoudens_sociaal_domein": ("een_huishouden_een_plan", "kwetsbare_huishoudens_in_beeld")},
        "ermelo_harderwijk_zeewolde.toml": {"eenzaam": ("sr_minder_eenzaam", "zt_minder_eenzaam"),
                                            "regie_eigen_leven": ("sr_zelfregie", "zt_regie_ouderen")},
        "vijfheerenlanden.toml": {"lage_veerkracht": ("weerbaar_bij_life_events", "ontwikkelen_maakt_veerkrachtig")},
    }[name]
    for code, goals in expected.items():
        assert served[code] == goals
        opgaven = {config.goals_by_code[goal].opgave_code for goal in goals}
        # Each of these links two branches of the tree (an effect that serves several goals).
        assert len(opgaven) == 2
    # The indicator's opgave is that of its first goal: where it stands when one place is needed.
    for indicator in config.indicators:
        if indicator.goal_codes:
            assert indicator.opgave_code == config.goals_by_code[indicator.goal_codes[0]].opgave_code


def test_every_example_catalogue_loads_into_a_warehouse(example):
    """The doelenboom, the goals of every indicator, the targets and the comparison regions fit the warehouse."""
    duckdb = pytest.importorskip("duckdb")
    from warehouse import queries
    from warehouse.load import load_catalog
    from warehouse.schema import migrate

    _, config = example
    with duckdb.connect(":memory:") as con:
        migrate(con)
        load_catalog(con, config)
        assert tuple(queries.goal_levels(con)) == config.levels
        assert queries.goal_nodes(con).height == len(config.upper_nodes)
        assert queries.indicator_goals(con).height == sum(len(i.goal_codes) for i in config.indicators)
        assert set(queries.targets(con, config.gemeente_code)["indicator_code"]) == {
            i.code for i in config.indicators if i.target}
        regions = con.execute("SELECT region_code FROM comparison_region WHERE role = 'referentie' "
                              "ORDER BY sort_order").fetchall()
        assert tuple(code for (code,) in regions) == config.comparison.referentiegemeenten

def test_vijfheerenlanden_resultaat_opgave_doel_subdoel():
    config = load_config(CONFIG_DIR / "vijfheerenlanden.toml")
    assert [node.text for node in config.upper_nodes] == [
        "Inwoners doen mee", "Inwoners zijn gezond en vitaal", "Inwoners kunnen voor zichzelf zorgen",
        "Inwoners ontwikkelen zich evenwichtig van- 0 tot +100 jaar",
    ]
    assert all(node.level == "resultaat" and node.parent_code is None for node in config.upper_nodes)
    # One opgave per maatschappelijk resultaat, in the agenda's order (A meedoen … D leven lang ontwikkelen).
    assert [(o.title, o.parent_code) for o in config.opgaven] == [
        ("Meedoen", "inwoners_doen_mee"), ("Vitaliteit", "gezond_en_vitaal"),
        ("Voor jezelf zorgen", "voor_zichzelf_zorgen"), ("Leven lang ontwikkelen", "evenwichtig_ontwikkelen"),
    ]
    assert [len([g for g in o.goals if g.depth == 1]) for o in config.opgaven] == [2, 3, 3, 3]
    assert any(g.depth == 2 for o in config.opgaven for g in o.goals)
    # Nulmeting and normstelling are still to come: no streefwaarde is invented.
    assert not [i for i in config.indicators if i.target]


def test_voorschoten_five_hoofddoelen_under_one_visie_without_invented_targets():
    config = load_config(CONFIG_DIR / "voorschoten.toml")
    assert [node.level for node in config.upper_nodes] == ["visie"]
    assert len(config.opgaven) == 5 and {o.parent_code for o in config.opgaven} == {"visie"}
    assert config.opgaven[2].ambition == "Voorschoten is veilig en er is sociale cohesie"
    assert not [i for i in config.indicators if i.target]  # the seed sets a nulmeting year (2015), no numbers
    assert (config.comparison.provincie, config.comparison.referentiegemeenten) == ("PV28", ("GM0629",))


def test_ermelo_harderwijk_zeewolde_targets_only_where_the_nota_names_a_number():
    config = load_config(CONFIG_DIR / "ermelo_harderwijk_zeewolde.toml")
    targets = {i.code: i.target for i in config.indicators if i.target}
    assert {code: (t.baseline_year, t.target_value, t.target_year) for code, t in targets.items()} == {
        "uitstroom_werk": (2023, 50.0, 2028), "uitstroom_structureel": (2023, 80.0, 2028),
    }
    assert all("50% uit naar werk, waarvan 80% structureel" in t.source for t in targets.values())
    assert all(t.baseline_value is None for t in targets.values())  # the nulmeting comes from the partner's figures
    # The ambitieniveau differs per gemeente: each of the three reads its own text.
    uitstroom = targets["uitstroom_werk"]
    for code, name in (("GM0233", "Ermelo"), ("GM0243", "Harderwijk"), ("GM0050", "Zeewolde")):
        assert uitstroom.ambition_for(code).startswith(name)
    assert uitstroom.ambition_for("GM0342") is None
    # The other two gemeenten of the nota are the referentiegemeenten; Harderwijk lies in Gelderland.
    assert (config.comparison.provincie, config.comparison.referentiegemeenten) == ("PV25", ("GM0233", "GM0050"))


# --- Soest: comparison regions and the (fictional) example targets ------------------------------------------

FICTIONAL = "Voorbeeldstreefwaarde (fictief): Soest heeft nog geen streefwaarden vastgesteld"
# The example targets and what each shows on the bundled demo data: every label of the progress rule.
SOEST_EXAMPLES = {
    "vve_deelname": "op koers", "mantelzorgers_steunpunt": "op koers",
    "veel_stress": "achter", "bijstand_per_1000": "achter", "jeugdzorg": "achter",
    "rokers": "binnen de marge", "startkwalificatie": "binnen de marge",
    "personen_in_armoede": "nog geen meting",
}


def test_soest_comparison_regions_kinds_and_example_targets_are_read(config):
    assert config.comparison.provincie == "PV26"
    assert config.comparison.referentiegemeenten == ("GM0308", "GM0310", "GM0313", "GM0327", "GM0355")
    kinds = {i.code: i.kind for i in config.indicators}
    assert {code for code, kind in kinds.items() if kind == "prestatie"} >= {
        "vve_deelname", "mantelzorgers_steunpunt", "schuldhulp_trajecten", "aanvragen_leergeld", "wmo_per_1000"}
    assert kinds["eenzaam"] == "effect" and kinds["inwoners"] == "context"
    targets = {i.code: i.target for i in config.indicators if i.target}
    assert set(targets) == set(SOEST_EXAMPLES)
    # Soest set no streefwaarden: every example says so where the screen shows its source.
    assert all(target.source == FICTIONAL for target in targets.values())
    explicit = targets["mantelzorgers_steunpunt"]
    assert (explicit.baseline_year, explicit.baseline_value, explicit.target_value) == (2021, 580.0, 900.0)
    assert "fictief" in explicit.baseline_source
    assert targets["rokers"].ambition_for("GM0342").startswith("Een gezonde leefstijl")
    assert all(t.baseline_value is None for code, t in targets.items() if code != "mantelzorgers_steunpunt")


def test_soest_example_targets_show_every_progress_label_on_the_demo(demo_warehouse):
    duckdb = pytest.importorskip("duckdb")
    from app.progress import progress_by_indicator
    from warehouse import queries

    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        targets = queries.targets(con, "GM0342")
        latest = queries.latest_by_indicator(con, "GM0342")
    progresses = progress_by_indicator(targets, latest)
    assert {code: progresses[code].label for code in SOEST_EXAMPLES} == SOEST_EXAMPLES
    # The RIVM estimate within the margin is decided by its 95%-interval, not by rounding.
    assert progresses["rokers"].interval is not None
    assert progresses["startkwalificatie"].interval is None
