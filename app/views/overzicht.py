"""Overzicht: the opgaven, each with its ambitie, the verdict over it and its goals, and its latest indicator figures
with their progress towards a streefwaarde."""

from __future__ import annotations

import streamlit as st

import polars as pl

from app import data, doelenboom, export, layout
from app import progress as prog
from app.plain_text import markdown_safe

TILES_PER_ROW = 3  # wide enough for a delta like '+0,3 %-punt sinds 2023' at 1280 px

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
figures = data.latest_by_indicator(gemeente_code)
all_goals = data.goals()
activities, stories = data.activities(), data.stories()
threshold = info.get("small_count_threshold", "5")
catalog, indicator_goals, nodes = data.indicator_catalog(), data.indicator_goals(), data.goal_nodes()
goal_numbers = doelenboom.goal_numbers(all_goals)
goal_opgave = dict(all_goals.select("goal_code", "opgave_code").iter_rows())
served_goals = doelenboom.links(catalog, indicator_goals)
# A goal no indicator measures (not even through a subgoal) says what it needs.
measured_goals = doelenboom.measured_goals(all_goals, catalog, indicator_goals)
opgave_titles = dict(data.opgaven().select("opgave_code", "title").iter_rows())
# Progress towards the streefwaarden and the verdicts over goals and opgaven: the rules are app.progress's.
progresses = prog.progress_by_indicator(data.targets(gemeente_code), figures)
goal_verdicts = prog.goal_verdicts(all_goals, indicator_goals, progresses)
opgave_verdicts = prog.opgave_verdicts(all_goals, indicator_goals, progresses)
# Every year of the tiles' indicators for the gemeente and Nederland: what the tiles summarise, for download.
# A distribution's tile shows its groups, not its total: its download holds the groups.
distributions = tuple(figures.filter(pl.col("distribution"))["indicator_code"])
tile_figures = pl.concat([
    data.observations(tuple(figures.filter(~pl.col("distribution"))["indicator_code"]), (gemeente_code, "NL00"),
                      "totaal"),
    data.observations(distributions, (gemeente_code, "NL00"), None).filter(pl.col("breakdown") != "totaal"),
])


def figure_downloads(indicator_codes: list[str], subject: str) -> None:
    rows = tile_figures.filter(pl.col("indicator_code").is_in(indicator_codes))
    if rows.height:
        st.caption(f"Download de cijfers achter deze tegels: alle jaren, {gemeente_name} en Nederland.")
        layout.figure_downloads(rows, gemeente_name, subject)


st.title(info.get("title", "Monitor Sociaal Domein"))
if info.get("vision"):
    st.markdown(f"*{info['vision']}*")
st.caption(
    f"Per opgave het laatst gepubliceerde cijfer voor {gemeente_name}, de verandering sinds de vorige meting "
    "(blauw = de goede kant op, oranje = de verkeerde kant op, grijs = geen richting of bij schattingen binnen de "
    "marge: de 95%-intervallen van beide jaren overlappen; 'gelijk' zonder pijl = afgerond geen verandering) en "
    "Nederland ter vergelijking. Een verdeling (zoals naar migratieachtergrond) toont haar groepen."
)
layout.status_legend()
if any(doelenboom.verdict_shown(verdict) for verdict in opgave_verdicts.values()):
    st.caption(f"Oordeel per opgave en per doel. {prog.GOAL_RULE_TEXT} Per indicator de voortgang naar zijn "
               "streefwaarde; hoe die wordt bepaald en de indicatoren per doel staan op de pagina Opgaven.")

context = figures.filter(figures["opgave_code"].is_null())
if not context.is_empty():
    st.subheader(f"{gemeente_name} in het kort")
    columns = st.columns(TILES_PER_ROW)
    for index, row in enumerate(context.head(TILES_PER_ROW).iter_rows(named=True)):
        with columns[index % TILES_PER_ROW]:
            layout.indicator_tile(row, gemeente_name, progress=progresses.get(row["indicator_code"]))
    figure_downloads(context.head(TILES_PER_ROW)["indicator_code"].to_list(), "overzicht_in_het_kort")

for opgave in data.opgaven().iter_rows(named=True):
    st.divider()
    st.header(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}", anchor=opgave["opgave_code"])
    for node in doelenboom.ancestors(opgave, nodes):
        st.caption(f"{doelenboom.level_title(node['level'])}: {markdown_safe(node['text'])}")
    st.markdown(f"**Ambitie:** {markdown_safe(opgave['ambition'])}")
    verdict = opgave_verdicts.get(opgave["opgave_code"])
    if doelenboom.verdict_shown(verdict):
        st.markdown(f"**Oordeel over de opgave:** {doelenboom.verdict_markdown(verdict)}")
    goals = all_goals.filter(all_goals["opgave_code"] == opgave["opgave_code"])
    st.markdown(doelenboom.goal_list_markdown(goals, measured_goals, goal_verdicts))
    indicators = figures.filter(figures["opgave_code"] == opgave["opgave_code"])
    columns = st.columns(TILES_PER_ROW)
    for index, row in enumerate(indicators.iter_rows(named=True)):
        with columns[index % TILES_PER_ROW]:
            own = [goal_numbers[goal] for goal in served_goals.get(row["indicator_code"], [])
                   if goal_opgave.get(goal) == opgave["opgave_code"]]
            layout.indicator_tile(row, gemeente_name, " en ".join(own) or None,
                                  progress=progresses.get(row["indicator_code"]))
    figure_downloads(indicators["indicator_code"].to_list(), f"overzicht_{opgave['opgave_code']}")
    tellen = activities.filter(activities["opgave_code"] == opgave["opgave_code"])
    vertellen = stories.filter(stories["opgave_code"] == opgave["opgave_code"])
    if tellen.height or vertellen.height:
        with st.expander(f"Tellen en vertellen: {tellen.height} activiteiten en {vertellen.height} verhalen van partners"):
            # The table full width: beside the stories its Deelnemers column was cut off at 1280 px.
            st.markdown("**Tellen** — activiteiten en hun bereik")
            if tellen.height:
                layout.activity_table(tellen, gemeente_code, gemeente_name, threshold)
                layout.download_buttons(export.tidy_activities(tellen, opgave_titles), gemeente_name,
                                        f"activiteiten_{opgave['opgave_code']}")
            else:
                st.caption("Geen activiteiten opgegeven.")
            st.markdown("**Vertellen** — evaluaties, inwonersstemmen en casussen")
            if vertellen.height:
                layout.stories(vertellen, gemeente_name, opgave_titles, f"verhalen_{opgave['opgave_code']}")
            else:
                st.caption("Geen verhalen opgegeven.")

sketches = stories.filter(stories["kind"] == "situatieschets")
if sketches.height:
    st.divider()
    st.header("Situatieschetsen per wijk", anchor="situatieschetsen")
    st.caption("Het algemene beeld en wat opvalt, zoals partners en wijkprofessionals het beschrijven.")
    for sketch in sketches.sort("region_code").iter_rows(named=True):
        with st.expander(f"{markdown_safe(sketch['region_name'])} ({sketch['year']})"):
            layout.story(sketch, gemeente_name)
    layout.download_buttons(export.tidy_stories(sketches, opgave_titles), gemeente_name, "situatieschetsen")
