"""The doelenboom of any depth (app/doelenboom.py): numbers from the tree, an indicator under several goals, the levels
above the opgave, the type of each indicator, and the verdict per goal and opgave beside the indicators that explain
it. On hand-made frames and on the demo warehouse made deeper (conftest.DOELENBOOM_SQL)."""

from __future__ import annotations

import polars as pl
import pytest

from app import doelenboom
from app import progress as prog
from warehouse import queries
from warehouse.build import connect_readonly

from app_pages import shown

GOAL_SCHEMA = {"goal_code": pl.String, "opgave_code": pl.String, "text": pl.String, "sort_order": pl.Int32,
               "needs_source": pl.String, "parent_code": pl.String, "level": pl.String, "depth": pl.Int32}
CATALOG_SCHEMA = {"indicator_code": pl.String, "title": pl.String, "unit": pl.String, "source_title": pl.String,
                  "opgave_code": pl.String, "goal_code": pl.String, "regions_with_figures": pl.Int64,
                  "sort_order": pl.Int32, "kind": pl.String}
OPGAVE = {"opgave_code": "x", "title": "Opgave X", "ambition": "Een ambitie.", "sort_order": 1, "parent_code": None}


def hand_made_tree() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Goals whose codes say nothing about their place: 'later' comes second, 'eerst' first with two subgoals,
    the second of which has a subsubgoal; one indicator serves 'later' and 'eerst_b' (and goal 'y1' of opgave y)."""
    goals = pl.DataFrame([
        ("later", "x", "Later doel", 2, None, None, "doel", 1),
        ("eerst", "x", "Eerste doel", 1, None, None, "doel", 1),
        ("eerst_b", "x", "Tweede subdoel", 2, None, "eerst", "subdoel", 2),
        ("eerst_a", "x", "Eerste subdoel", 1, "een wijkpeiling", "eerst", "subdoel", 2),
        ("eerst_b_i", "x", "Een subsubdoel", 1, None, "eerst_b", "deeldoel", 3),
        ("y1", "y", "Doel van opgave Y", 1, None, None, "doel", 1),
    ], schema=GOAL_SCHEMA, orient="row")
    catalog = pl.DataFrame([
        ("gedeeld", "Gedeeld effect", "%", "Bron", "x", "later", 3, 1, "effect"),
        ("prestatie", "Bereikte deelnemers", "aantal", "Bron", "x", "eerst_b_i", 0, 2, "prestatie"),
        ("context", "Inwoners", "aantal", "Bron", None, None, 3, 3, "context"),
    ], schema=CATALOG_SCHEMA, orient="row")
    links = pl.DataFrame([("gedeeld", "later", 1), ("gedeeld", "eerst_b", 2), ("gedeeld", "y1", 3),
                          ("prestatie", "eerst_b_i", 1)],
                         schema={"indicator_code": pl.String, "goal_code": pl.String, "sort_order": pl.Int32},
                         orient="row")
    return goals, catalog, links


def test_numbers_follow_the_tree_not_the_codes():
    goals, catalog, links = hand_made_tree()
    assert doelenboom.goal_numbers(goals) == {"later": "2", "eerst": "1", "eerst_b": "1.2", "eerst_a": "1.1",
                                              "eerst_b_i": "1.2.1", "y1": "1"}
    tree = doelenboom.tree(OPGAVE, goals, catalog, indicator_goals=links, opgave_titles={"y": "Opgave Y"})
    assert [branch["goal_code"] for branch in tree] == ["eerst", "later"]
    assert [child["number"] for child in tree[0]["children"]] == ["1.1", "1.2"]
    assert tree[0]["children"][1]["children"][0]["level"] == "deeldoel"
    assert [branch["number"] for branch in doelenboom.walk(tree)] == ["1", "1.1", "1.2", "1.2.1", "2"]


def test_an_indicator_under_two_goals_is_shown_under_each_and_names_the_other_opgave():
    goals, catalog, links = hand_made_tree()
    tree = doelenboom.tree(OPGAVE, goals, catalog, indicator_goals=links, opgave_titles={"y": "Opgave Y"})
    by_goal = {branch["goal_code"]: branch for branch in doelenboom.walk(tree)}
    assert [i["code"] for i in by_goal["later"]["indicators"]] == ["gedeeld"]
    assert [i["code"] for i in by_goal["eerst_b"]["indicators"]] == ["gedeeld"]
    assert by_goal["later"]["indicators"][0]["also"] == ["Opgave Y"]
    markdown = doelenboom.doelenboom_markdown(OPGAVE, goals, catalog, indicator_goals=links,
                                              opgave_titles={"y": "Opgave Y"})
    assert markdown.count("Gedeeld effect (%) (effect · ook bij opgave Opgave Y)") == 2
    dot = doelenboom.doelenboom_dot(OPGAVE, goals, catalog, indicator_goals=links, opgave_titles={"y": "Opgave Y"})
    # One box for the indicator, an arrow from each goal it serves.
    assert dot.count("  ind_gedeeld [label=") == 1
    assert "doel_later -> ind_gedeeld;" in dot and "doel_eerst_b -> ind_gedeeld;" in dot
    # In opgave Y's own tree the indicator names opgave X, whose indicator it is.
    other = doelenboom.tree({**OPGAVE, "opgave_code": "y"}, goals, catalog, indicator_goals=links,
                            opgave_titles={"x": "Opgave X"})
    assert other[0]["indicators"][0]["also"] == ["Opgave X"]


def test_the_tree_as_text_nests_subgoals_and_says_what_an_empty_goal_needs():
    goals, catalog, links = hand_made_tree()
    markdown = doelenboom.doelenboom_markdown(OPGAVE, goals, catalog, indicator_goals=links)
    lines = markdown.split("\n")
    assert "1. Eerste doel" in lines and "2. Later doel" in lines
    assert "    - 1.1 Eerste subdoel" in lines
    assert "        - *nog geen indicator — bron nodig: een wijkpeiling*" in lines
    assert "        - 1.2.1 Een subsubdoel" in lines
    assert "            - Bereikte deelnemers (aantal) (prestatie · nog geen cijfers)" in lines
    assert "Inwoners" not in markdown  # a context figure serves no goal and belongs to no opgave
    dot = doelenboom.doelenboom_dot(OPGAVE, goals, catalog, indicator_goals=links)
    assert 'label="1.2 Tweede subdoel"' in dot and 'label="1. Eerste doel"' in dot
    assert "doel_eerst -> doel_eerst_b;" in dot and "doel_eerst_b -> doel_eerst_b_i;" in dot
    assert "prestatie" in dot and "effect" in dot


def test_the_goal_list_marks_a_goal_measured_through_a_subgoal_as_measured():
    goals, catalog, links = hand_made_tree()
    measured = doelenboom.measured_goals(goals, catalog, links)
    assert measured == {"later", "eerst", "eerst_b", "eerst_b_i", "y1"}
    listed = shown(doelenboom.goal_list_markdown(goals.filter(pl.col("opgave_code") == "x"), measured))
    assert listed.split("\n") == [
        "We willen dat:",
        "1. Eerste doel",
        "    - 1.1 Eerste subdoel — *nog geen indicator — bron nodig: een wijkpeiling*",
        "    - 1.2 Tweede subdoel",
        "        - 1.2.1 Een subsubdoel",
        "2. Later doel",
    ]


def test_an_older_warehouse_without_levels_is_a_tree_of_one_level():
    goals, catalog, _ = hand_made_tree()
    flat = goals.filter(pl.col("parent_code").is_null()).drop("parent_code", "level", "depth")
    tree = doelenboom.tree(OPGAVE, flat, catalog.drop("kind"))
    assert [(branch["number"], branch["level"], branch["children"]) for branch in tree] == [("1", "doel", []),
                                                                                          ("2", "doel", [])]
    assert [i["kind"] for i in tree[1]["indicators"]] == ["context"]  # no type known: not said


@pytest.fixture(scope="module")
def deep(doelenboom_warehouse):
    with connect_readonly(doelenboom_warehouse) as con:
        frames = {"opgaven": queries.opgaven(con), "goals": queries.goals(con),
                  "catalog": queries.indicator_catalog(con, "GM0342"), "links": queries.indicator_goals(con),
                  "nodes": queries.goal_nodes(con), "levels": queries.goal_levels(con),
                  "latest": queries.latest_by_indicator(con, "GM0342"), "targets": queries.targets(con, "GM0342")}
    frames["progresses"] = prog.progress_by_indicator(frames["targets"], frames["latest"])
    frames["titles"] = dict(frames["opgaven"].select("opgave_code", "title").iter_rows())
    return frames


def opgave_row(deep, code: str) -> dict:
    return deep["opgaven"].filter(pl.col("opgave_code") == code).row(0, named=True)


def deep_tree(deep, code: str) -> list[dict]:
    return doelenboom.tree(opgave_row(deep, code), deep["goals"], deep["catalog"], indicator_goals=deep["links"],
                           progresses=deep["progresses"], opgave_titles=deep["titles"])


def test_a_three_level_doelenboom_from_the_warehouse(deep):
    assert deep["levels"] == ["resultaat", "opgave", "doel", "subdoel"]
    leefstijl = opgave_row(deep, "leefstijl")
    assert [(node["level"], node["text"]) for node in doelenboom.ancestors(leefstijl, deep["nodes"])] == \
        [("resultaat", "Inwoners zijn zelfredzaam en doen mee")]
    [vitaal] = [branch for branch in deep_tree(deep, "leefstijl") if branch["goal_code"] == "volwassenen_vitaal"]
    assert [(child["number"], child["level"], child["depth"]) for child in vitaal["children"]] == \
        [("3.1", "subdoel", 2)]
    assert [i["code"] for i in vitaal["children"][0]["indicators"]] == ["rokers"]
    dot = doelenboom.doelenboom_dot(leefstijl, deep["goals"], deep["catalog"], indicator_goals=deep["links"],
                                    progresses=deep["progresses"], opgave_titles=deep["titles"])
    # The resultaat is said in words above the tree (one rank less keeps the tree readable at 1280 px).
    assert "Resultaat" not in dot
    assert "doel_volwassenen_vitaal -> doel_ouderen_rookvrij;" in dot
    markdown = doelenboom.doelenboom_markdown(leefstijl, deep["goals"], deep["catalog"], nodes=deep["nodes"],
                                              indicator_goals=deep["links"], progresses=deep["progresses"],
                                              opgave_titles=deep["titles"])
    assert markdown.startswith("**Resultaat:** Inwoners zijn zelfredzaam en doen mee")


def test_eenzaam_serves_a_goal_of_each_opgave_and_is_shown_under_both(deep):
    [vitaal] = [b for b in deep_tree(deep, "leefstijl") if b["goal_code"] == "volwassenen_vitaal"]
    [there] = [i for i in vitaal["indicators"] if i["code"] == "eenzaam"]
    assert there["also"] == ["Mentale weerbaarheid"] and there["kind"] == "effect"
    [niet_eenzaam] = [b for b in deep_tree(deep, "weerbaarheid") if b["goal_code"] == "niet_eenzaam"]
    [home] = [i for i in niet_eenzaam["indicators"] if i["code"] == "eenzaam"]
    assert home["also"] == ["Gezonde leefstijl"]
    assert home["progress"].label == prog.ON_TRACK


def test_a_goal_is_judged_over_its_own_and_its_subgoals_indicators(deep):
    tree = {branch["goal_code"]: branch for branch in doelenboom.walk(deep_tree(deep, "leefstijl"))}
    rookvrij, vitaal = tree["ouderen_rookvrij"]["verdict"], tree["volwassenen_vitaal"]["verdict"]
    assert (rookvrij.label, rookvrij.summary) == (prog.BEHIND, "1 achter")
    # ervaren_gezondheid achter, beweegrichtlijn binnen de marge, overgewicht no measurement, eenzaam op koers,
    # and rokers achter through the subdoel: 2 of 4 measured behind is not more than half.
    assert vitaal.label == prog.MIXED
    assert vitaal.summary == "1 op koers, 1 binnen de marge, 2 achter, 1 zonder meting; 1 zonder streefwaarde"
    assert doelenboom.verdict_text(vitaal) == f"gemengd ({vitaal.summary})"
    assert doelenboom.verdict_markdown(rookvrij) == ":orange[**✗ achter**] (1 achter)"
    # The opgave over all its goals, each indicator once: the same as app.progress computes it.
    verdict = doelenboom.opgave_verdict(deep_tree(deep, "leefstijl"), deep["progresses"])
    assert verdict == prog.opgave_verdicts(deep["goals"], deep["links"], deep["progresses"])["leefstijl"]
    # Goals without indicators have no verdict line; an opgave without any streefwaarde neither.
    assert not doelenboom.verdict_shown(tree["kinderen_gezond"]["verdict"])
    assert not doelenboom.verdict_shown(doelenboom.opgave_verdict(deep_tree(deep, "bestaanszekerheid"),
                                                                  deep["progresses"]))


def test_the_chart_and_the_text_carry_verdicts_and_progress_in_words_and_colour(deep):
    leefstijl = opgave_row(deep, "leefstijl")
    dot = doelenboom.doelenboom_dot(leefstijl, deep["goals"], deep["catalog"], indicator_goals=deep["links"],
                                    progresses=deep["progresses"], opgave_titles=deep["titles"])
    # In the box the verdict's label; its counts are in the lists beside the tree.
    assert 'doel_ouderen_rookvrij [label="3.1 Minder volwassenen roken\\n✗ achter", fillcolor="#F7F7F7", ' \
           'color="#A85206", penwidth=2];' in dot
    assert 'doel_volwassenen_vitaal [label="3. Volwassenen en ouderen\\nvitaal zijn\\ngemengd"' in dot
    rokers = next(line for line in dot.split("\n") if line.startswith("  ind_rokers ["))
    assert "effect · ✗ achter" in rokers and 'color="#A85206"' in rokers  # visual.WORSE, with its symbol
    eenzaam = next(line for line in dot.split("\n") if line.startswith("  ind_eenzaam ["))
    assert "✓ op koers" in eenzaam and "(ook bij opgave Mentale\\nweerbaarheid)" in eenzaam
    markdown = doelenboom.doelenboom_markdown(leefstijl, deep["goals"], deep["catalog"],
                                              indicator_goals=deep["links"], progresses=deep["progresses"],
                                              opgave_titles=deep["titles"])
    assert "    - Overgewicht (%) (effect · nog geen meting)" in markdown.split("\n")
    assert "    - Eén of meer langdurige aandoeningen (%) (effect)" in markdown.split("\n")  # no target: not said
    assert "    - 3.1 Minder volwassenen roken — ✗ achter (1 achter)" in markdown.split("\n")


def test_progress_line_for_tiles(deep):
    progresses = deep["progresses"]
    assert doelenboom.progress_markdown(progresses["eenzaam"], 1, "%") == \
        "Voortgang: :blue[**✓ op koers**] — streefwaarde 49% in 2026"
    assert doelenboom.progress_markdown(progresses["rokers"], 1, "%") == \
        "Voortgang: :orange[**✗ achter**] — streefwaarde 10% in 2028"
    assert doelenboom.progress_markdown(progresses["overgewicht"], 1, "%") == \
        "Voortgang: nog geen meting — streefwaarde 40% in 2030"
    assert doelenboom.progress_markdown(progresses["langdurige_aandoeningen"], 1, "%") == ""
    assert doelenboom.progress_markdown(None, 1, "%") == ""


def test_without_streefwaarden_the_tree_says_nothing_about_verdicts(deep):
    """A config without targets: no 'geen streefwaarden' under every goal, only the goals and indicators."""
    progresses = prog.progress_by_indicator(None, deep["latest"])
    opgave = opgave_row(deep, "leefstijl")
    markdown = doelenboom.doelenboom_markdown(opgave, deep["goals"], deep["catalog"], indicator_goals=deep["links"],
                                              progresses=progresses, opgave_titles=deep["titles"])
    assert "streefwaarde" not in markdown and "op koers" not in markdown
    verdicts = prog.goal_verdicts(deep["goals"], deep["links"], progresses)
    listed = doelenboom.goal_list_markdown(deep["goals"].filter(pl.col("opgave_code") == "leefstijl"),
                                           doelenboom.measured_goals(deep["goals"], deep["catalog"], deep["links"]),
                                           verdicts)
    assert "3. Volwassenen en ouderen vitaal zijn\n    - 3.1 Minder volwassenen roken" in listed
