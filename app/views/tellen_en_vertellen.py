"""Tellen en vertellen: per opgave the figures and the partners' activities (tellen) beside their stories (vertellen)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import data, export, layout, selection
from app import tellen_vertellen as tv
from app.charts import trend
from app.plain_text import markdown_safe

TILES_PER_ROW = 2  # the Tellen half of the page holds two tiles side by side at 1280 px

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
threshold = info.get("small_count_threshold", "5")
opgaven, goals, wijken = data.opgaven(), data.goals(), data.wijken()
activities, stories = data.activities(), data.stories()
opgave_titles = dict(opgaven.select("opgave_code", "title").iter_rows())
goal_numbers = dict(goals.select("goal_code", "sort_order").iter_rows())

st.title("Tellen en vertellen")
st.caption("**Tellen:** de cijfers en het bereik van de activiteiten van partners. **Vertellen:** evaluaties, "
           "inwonersstemmen en casussen. Samen laten ze per opgave zien wat er gebeurt en wat het betekent.")

columns = st.columns(3)
with columns[0]:
    opgave_choice = selection.one(
        "opgave", {tv.ALL: "Alle opgaven"} | {row["opgave_code"]: f"{row['sort_order']}. {row['title']}"
                                              for row in opgaven.iter_rows(named=True)},
        "Opgave", default=opgaven["opgave_code"][0])
with columns[1]:
    region_code = selection.one("wijk", {gemeente_code: f"heel {gemeente_name}"}
                                | dict(wijken.select("region_code", "name").iter_rows()), "Wijk",
                                default=gemeente_code)
with columns[2]:
    year = selection.one("jaar", tv.year_options(activities, stories), "Jaar", default=tv.ALL,
                         help="Geldt voor activiteiten en verhalen. De cijfers tonen steeds het laatst "
                              "gepubliceerde jaar en het verloop.")

is_wijk = region_code != gemeente_code
region_name = dict(wijken.select("region_code", "name").iter_rows()).get(region_code, gemeente_name)
region_markdown = markdown_safe(region_name)  # a CBS name, for Markdown text; file names take region_name
where = region_markdown if is_wijk else f"heel {gemeente_name}"
when = "" if year == tv.ALL else f" in {year}"
# A wijk's tiles compare with the gemeente (the question in a wijkgesprek is how the wijk differs from the rest of
# the gemeente); the gemeente's own tiles compare with Nederland.
compare_code, compare_name = (gemeente_code, gemeente_name) if is_wijk else ("NL00", "Nederland")
latest = data.latest_by_indicator(region_code, compare_code=compare_code)
series = data.observations(None, (region_code, compare_code), "totaal")
layout.status_legend()

if is_wijk:
    st.subheader(f"Situatieschets {region_markdown}")
    sketches = tv.sketches_shown(stories, region_code, year)
    if sketches.is_empty():
        st.info(f"Er is geen situatieschets van {region_markdown}{when}.", icon=":material/info:")
    layout.stories(sketches, gemeente_name, opgave_titles, f"situatieschets_{region_name}",
                   None if year == tv.ALL else year)

chosen = opgaven if opgave_choice == tv.ALL else opgaven.filter(pl.col("opgave_code") == opgave_choice)
file_year = None if year == tv.ALL else year
for opgave in chosen.iter_rows(named=True):
    code = opgave["opgave_code"]
    file_subject = f"{code}_{region_name}"
    st.divider()
    st.header(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}", anchor=code)
    tellen, vertellen = st.columns([3, 2], gap="medium")

    with tellen:
        st.subheader("Tellen")
        st.markdown(f"**Cijfers voor {where}** — het laatst gepubliceerde jaar en het verloop")
        tiles = latest.filter(pl.col("opgave_code") == code)
        if is_wijk:
            # A figure kept only for the gemeente (partner totals) is not missing for the wijk: it has none.
            not_per_wijk = tiles.filter(pl.col("value").is_null() & pl.col("newer_missing_year").is_null())
            tiles = tiles.filter(pl.col("value").is_not_null() | pl.col("newer_missing_year").is_not_null())
        for start in range(0, tiles.height, TILES_PER_ROW):
            for column, tile in zip(st.columns(TILES_PER_ROW), tiles.slice(start, TILES_PER_ROW).iter_rows(named=True)):
                with column:
                    layout.indicator_tile(tile, region_name, goal_numbers.get(tile["goal_code"]),
                                          compare_name=compare_name)
                    line = tv.region_series(series, tile["indicator_code"], region_code)
                    if len(trend.prepare(line).points) > 1:
                        st.vega_lite_chart(spec=trend.sparkline_spec(line))
                        # The tile above already gives a break's note; the sparkline marks it with its band.
                        if gaps := trend.gap_summary(line, breaks=False):
                            st.caption(markdown_safe(gaps))
        if is_wijk and not_per_wijk.height:
            st.caption("Niet per wijk beschikbaar: "
                       + ", ".join(markdown_safe(title) for title in not_per_wijk["title"]) + ".")
        if tiles.is_empty():
            st.info(f"Voor {where} zijn er bij deze opgave geen cijfers.", icon=":material/info:")
        else:
            layout.figure_downloads(
                tv.tile_figures(series, tiles["indicator_code"].to_list(), region_code, compare_code),
                gemeente_name, f"cijfers_{file_subject}")

    with vertellen:
        st.subheader("Vertellen")
        told = tv.stories_shown(stories, code, region_code, gemeente_code, year)
        if told.is_empty():
            st.info(f"Geen verhalen bij {markdown_safe(opgave['title'])} over {where}{when}.", icon=":material/info:")
        layout.stories(told, gemeente_name, opgave_titles, f"verhalen_{file_subject}", file_year)
        if is_wijk and (left_out := tv.gemeente_wide_left_out(stories, code, gemeente_code, year)):
            st.caption(f"Daarnaast {tv.count_text(left_out, 'verhaal', 'verhalen')} over heel {gemeente_name}: "
                       f"kies 'heel {gemeente_name}' om ze te zien.")

    # Full width, so the reach (Deelnemers) is visible without scrolling the table sideways.
    st.markdown(f"**Tellen: activiteiten van partners in {where}{when} en hun bereik**")
    shown = tv.activities_shown(activities, code, region_code, gemeente_code, year)
    if shown.is_empty():
        st.info(f"Geen activiteiten van partners bij {markdown_safe(opgave['title'])} in {where}{when}.",
                icon=":material/info:")
    else:
        layout.activity_table(shown, gemeente_code, gemeente_name, threshold)
        layout.download_buttons(export.tidy_activities(shown, opgave_titles), gemeente_name,
                                f"activiteiten_{file_subject}", file_year)
    if is_wijk and (left_out := tv.gemeente_wide_left_out(activities, code, gemeente_code, year)):
        st.caption(f"Daarnaast {tv.count_text(left_out, 'activiteit', 'activiteiten')} voor heel {gemeente_name}: "
                   f"kies 'heel {gemeente_name}' om ze te zien.")
