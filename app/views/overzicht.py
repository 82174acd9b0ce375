"""Overzicht: the five opgaven, each with its ambitie, goals and latest indicator figures."""

from __future__ import annotations

import streamlit as st

import polars as pl

from app import data, doelenboom, export, layout
from app.plain_text import markdown_safe

TILES_PER_ROW = 3  # wide enough for a delta like '+0,3 %-punt sinds 2023' at 1280 px

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
figures = data.latest_by_indicator(gemeente_code)
all_goals = data.goals()
activities, stories = data.activities(), data.stories()
threshold = info.get("small_count_threshold", "5")
goal_numbers = {row["goal_code"]: row["sort_order"] for row in all_goals.iter_rows(named=True)}
measured_goals = set(figures["goal_code"].drop_nulls().to_list())  # a goal no indicator measures says what it needs
opgave_titles = dict(data.opgaven().select("opgave_code", "title").iter_rows())
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

context = figures.filter(figures["opgave_code"].is_null())
if not context.is_empty():
    st.subheader(f"{gemeente_name} in het kort")
    columns = st.columns(TILES_PER_ROW)
    for index, row in enumerate(context.head(TILES_PER_ROW).iter_rows(named=True)):
        with columns[index % TILES_PER_ROW]:
            layout.indicator_tile(row, gemeente_name)
    figure_downloads(context.head(TILES_PER_ROW)["indicator_code"].to_list(), "overzicht_in_het_kort")

for opgave in data.opgaven().iter_rows(named=True):
    st.divider()
    st.header(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}", anchor=opgave["opgave_code"])
    st.markdown(f"**Ambitie:** {markdown_safe(opgave['ambition'])}")
    goals = all_goals.filter(all_goals["opgave_code"] == opgave["opgave_code"])
    st.markdown(doelenboom.goal_list_markdown(goals, measured_goals))
    indicators = figures.filter(figures["opgave_code"] == opgave["opgave_code"])
    columns = st.columns(TILES_PER_ROW)
    for index, row in enumerate(indicators.iter_rows(named=True)):
        with columns[index % TILES_PER_ROW]:
            layout.indicator_tile(row, gemeente_name, goal_numbers.get(row["goal_code"]))
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
