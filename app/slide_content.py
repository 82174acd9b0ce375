"""What each presentation slide shows, sized for a beamer at 1280×720: little text, large figures.

The slides reuse the charts and tables of the other pages, so the raad sees
the same figures the analyst checked.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import chart_cache, comparison_table, data, deviation, doelenboom, layout, series, tellen_vertellen
from app import format as fmt
from app.charts import trend
from app.charts import wijk as wijk_charts
from app.plain_text import markdown_safe

STORY_PREFERENCE = ("inwonersstem", "casus", "evaluatie")  # a resident's voice speaks most directly to the raad
ACTIVITIES_ON_SLIDE = 5
INDICATORS_ON_SLIDE = 3  # side by side, tall enough to read from the back of the room at 1280×720
NATIONAL = "NL00"


def ambitie_en_doelen(opgave: dict, info: dict) -> None:
    goals = data.goals().filter(pl.col("opgave_code") == opgave["opgave_code"])
    measured = set(data.indicator_catalog()["goal_code"].drop_nulls().to_list())
    st.title(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}")
    st.markdown(f"### {markdown_safe(opgave['ambition'])}")
    # A goal without an indicator says which source it needs: the raad sees what the monitor cannot show yet.
    st.markdown("**We willen dat:**" + doelenboom.goal_list_markdown(goals, measured).removeprefix("We willen dat:"))


def kernindicatoren(opgave: dict, info: dict) -> None:
    """The opgave's first indicators with a trend (figures in two or more years): gemeente and Nederland."""
    gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
    st.title(f"{markdown_safe(opgave['title'])}: kernindicatoren in de tijd")
    catalog = data.indicator_catalog().filter(pl.col("opgave_code") == opgave["opgave_code"])
    figures = data.observations(tuple(catalog["indicator_code"]), (gemeente_code, NATIONAL), "totaal")
    with_trend = [code for code in catalog["indicator_code"]
                  if figures.filter((pl.col("indicator_code") == code) & (pl.col("region_code") == gemeente_code)
                                    & pl.col("value").is_not_null()).height >= 2][:INDICATORS_ON_SLIDE]
    if not with_trend:
        st.markdown(f"Voor deze opgave zijn nog geen cijfers over meerdere jaren voor {gemeente_name} geladen.")
        return
    columns = st.columns(INDICATORS_ON_SLIDE, gap="large")
    titles = dict(data.indicator_catalog().select("indicator_code", "title").iter_rows())
    for index, code in enumerate(with_trend):
        indicator = catalog.filter(pl.col("indicator_code") == code).row(0, named=True)
        rows, national_out = trend.comparable_regions(figures.filter(pl.col("indicator_code") == code))
        with columns[index]:
            st.markdown(f"**{markdown_safe(indicator['title'])}**")
            st.vega_lite_chart(spec=trend.trend_spec(rows, height=320, font_scale=1.6, legend_columns=2))
            band = " · band: 95%-interval van de schatting" if trend.has_intervals(rows) else ""
            gaps = trend.gap_summary(rows)  # says a series break in words, with its note
            started = (series.note({**indicator, "predecessor_title": titles.get(indicator["predecessor_code"])})
                       if series.has_started(indicator) else "")
            st.caption(f"Bron: {markdown_safe(indicator['source_title'])}{band}"
                       + (f" · {markdown_safe(gaps)}" if gaps else "")
                       + (f" · {markdown_safe(started)}" if started else "")
                       + (f" · {markdown_safe(national_out)} niet getoond: dat aantal is vele malen groter."
                          if national_out else ""))
    rest = catalog.height - len(with_trend)
    if rest > 0:
        st.caption(f"Nog {rest} {'indicator' if rest == 1 else 'indicatoren'} van deze opgave op de pagina Opgaven.")


def wijken_vergeleken(opgave: dict, info: dict) -> None:
    """The wijken ranked on the opgave's first judged indicator with wijk figures, in its newest year."""
    gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
    wijken = data.wijken()
    st.title(f"{markdown_safe(opgave['title'])}: wijken vergeleken")
    catalog = data.indicator_catalog().filter(pl.col("opgave_code") == opgave["opgave_code"])
    figures = data.observations(tuple(catalog["indicator_code"]),
                                tuple(wijken["region_code"]) + (gemeente_code, NATIONAL), "totaal")
    chosen = comparison_table.key_indicators(figures, wijken["region_code"].to_list())
    if not chosen:
        st.markdown(f"Voor deze opgave zijn er nog geen cijfers per wijk van {gemeente_name}.")
        return
    code = chosen[0]
    year = figures.filter((pl.col("indicator_code") == code) & pl.col("region_code").is_in(wijken["region_code"].to_list())
                          & pl.col("value").is_not_null())["year"].max()
    title = catalog.filter(pl.col("indicator_code") == code)["title"][0]
    st.markdown(f"**{markdown_safe(title)}** per wijk in {year}: blauw ✓ = beter dan {gemeente_name}, "
                f"oranje ✗ = slechter, ≈ = geen verschil van betekenis. Doorgetrokken lijn: {gemeente_name}; "
                "gestreept: Nederland.")
    chart_cache.show(wijk_charts.ranking_chart, figures, wijken, code, year, gemeente_code, NATIONAL,
                     font_scale=1.4)
    ranked = comparison_table.ranking(figures, wijken, code, year, gemeente_code)
    rounded = ranked["rounded_to"].max()
    if rounded:
        note = fmt.rounding_note(figures.filter(pl.col("indicator_code") == code)["unit"][0], rounded)
        st.caption(f"{note[:1].upper()}{note[1:]}.")
    if without := comparison_table.without_figure_note(ranked):
        st.caption(without)
    st.caption(f"Bron: {markdown_safe(figures.filter(pl.col('indicator_code') == code)['source_title'][0])}. "
               + deviation.COLOUR_RULE + " Alle indicatoren en wijken naast elkaar: de pagina Wijkvergelijking.")


def tellen_en_vertellen(opgave: dict, info: dict) -> None:
    st.title(f"{markdown_safe(opgave['title'])}: tellen en vertellen")
    activities = data.activities().filter(pl.col("opgave_code") == opgave["opgave_code"])
    stories = data.stories().filter((pl.col("opgave_code") == opgave["opgave_code"]) & (pl.col("kind") != "situatieschets"))
    tellen, vertellen = st.columns([1, 1], gap="large")
    with tellen:
        st.subheader("Tellen")
        if activities.is_empty():
            st.markdown("Partners hebben voor deze opgave nog geen activiteiten opgegeven.")
        else:
            _reach(activities.filter(pl.col("year") == activities["year"].max()), info)
    with vertellen:
        st.subheader("Vertellen")
        chosen = _story_for_slide(stories)
        if chosen is None:
            st.markdown("Partners hebben voor deze opgave nog geen verhalen opgegeven.")
        else:
            layout.story(chosen, info["gemeente_name"])


def _reach(activities: pl.DataFrame, info: dict) -> None:
    """The newest year's activities: how many, by how many partners, and how many people they reached."""
    year = activities["year"].max()
    hidden = activities.filter(pl.col("participants").is_null()).height
    reached = tellen_vertellen.people_reached(activities, info["gemeente_code"])
    st.metric(f"Deelnemers in {year}", fmt.number(reached, 0) if reached is not None else "–",
              label_visibility="visible", border=True)
    hidden_note = (f" Bij {hidden} activiteit{'en' if hidden > 1 else ''} is het aantal geheim (privacy); "
                   "die aantallen tellen niet mee." if hidden else "")
    st.markdown(f"{activities.height} activiteiten van {activities['partner'].n_unique()} partners.{hidden_note}")
    lines = []
    for row in activities.sort("participants", descending=True, nulls_last=True).head(ACTIVITIES_ON_SLIDE).iter_rows(named=True):
        count = fmt.number(row["participants"], 0) if row["participants"] is not None else layout.HIDDEN_PARTICIPANTS
        lines.append(f"- {markdown_safe(row['name'])} ({markdown_safe(row['partner'])}): {count}")
    st.markdown("\n".join(lines))
    st.caption(f"Bron: partneropgaven {year}.")


def _story_for_slide(stories: pl.DataFrame) -> dict | None:
    for kind in STORY_PREFERENCE:
        of_kind = stories.filter(pl.col("kind") == kind)
        if of_kind.height:
            return of_kind.sort("year", descending=True).row(0, named=True)
    return None


SLIDE_RENDERERS = (ambitie_en_doelen, kernindicatoren, tellen_en_vertellen, wijken_vergeleken)
