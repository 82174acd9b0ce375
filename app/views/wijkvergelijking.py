"""Wijkvergelijking: all wijken next to each other and the gemeente, on the indicators and year you choose."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import chart_cache, comparison, comparison_table, data, deviation, layout, map_panel, selection, series
from app import format as fmt
from app.charts import wijk as charts
from app.plain_text import markdown_safe

NATIONAL = "NL00"
SUBJECT = "wijkvergelijking"
# Markdown colours for the side-by-side verdicts; the words ✓ beter / ✗ slechter carry the meaning too.
VERDICT_MARKUP = {"beter": "blue", "slechter": "orange"}

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
wijken = data.wijken()
st.title("Wijkvergelijking")
if wijken.is_empty():
    st.info(f"Er zijn nog geen wijken van {gemeente_name} geladen. Laad de CBS-cijfers per wijk en buurt.")
    st.stop()
st.caption(f"Welke wijken wijken af van {gemeente_name}, en waarop? Kies indicatoren en een jaar; de tabel zet alle "
           f"wijken naast {gemeente_name} en Nederland, de rangschikking toont één indicator, en onderaan staan "
           "twee tot vier wijken naast elkaar.")

wijk_codes = wijken["region_code"].to_list()
wijk_names = dict(zip(wijk_codes, wijken["name"].to_list()))
figures = data.observations(None, tuple(wijk_codes) + (gemeente_code, NATIONAL), "totaal")
with_wijk_figures = figures.filter(pl.col("region_code").is_in(wijk_codes) & pl.col("value").is_not_null())
indicators = with_wijk_figures.group_by("indicator_code").agg(pl.col("title").first(), pl.col("sort_order").first())
indicator_titles = dict(indicators.sort("sort_order").select("indicator_code", "title").iter_rows())
if not indicator_titles:
    st.info("Er zijn nog geen cijfers per wijk geladen.")
    st.stop()
years = sorted(with_wijk_figures["year"].unique().to_list(), reverse=True)

choose_indicators, choose_year = st.columns([4, 1])
with choose_indicators:
    chosen = selection.many("indicator", indicator_titles, "Indicatoren",
                            comparison_table.key_indicators(figures, wijk_codes))
if not chosen:
    st.info("Kies een of meer indicatoren om de wijken te vergelijken.")
    st.stop()
# Default: the newest year in which every chosen indicator has wijk figures (GGD measures every two years,
# CBS income lags a year), else the newest year in which most of them have.
default_year = comparison_table.default_year(with_wijk_figures, chosen, wijk_codes)
with choose_year:
    year = int(selection.one("jaar", {str(y): str(y) for y in years}, "Jaar", default=str(default_year)))

# --- the table -------------------------------------------------------------------------------------------------

st.header(f"Alle wijken in {year}", anchor="tabel")
# Besides Nederland: the provincie and the median of the referentiegemeenten / vergelijkbare gemeenten ([vergelijking]).
comparison_regions = data.comparison_regions()
compare_options = comparison.options(comparison_regions, NATIONAL)
compare_code = NATIONAL
if len(compare_options) > 1:
    compare_code = selection.one("vergelijk", compare_options, "Vergelijk met", default=NATIONAL, widget="radio")
table_figures = figures
if compare_code != NATIONAL:
    compare_figures = comparison.compare_rows(data.comparison_figures(tuple(chosen)), comparison_regions, compare_code)
    table_figures = pl.concat([figures, compare_figures], how="diagonal_relaxed")
table = comparison_table.build(table_figures, wijken, chosen, year, gemeente_code, compare_code)
for title, newest in table.missing:
    st.info(f"**{markdown_safe(title)}** staat niet in de tabel: er zijn geen cijfers per wijk voor {year}. "
            + (f"Het nieuwste jaar met wijkcijfers is {newest}." if newest else "Er zijn nog geen wijkcijfers."),
            icon=":material/event_busy:")
for title, note in table.breaks:
    # After a series break there is no figure in this series: say why, and where the figures went.
    st.info(f"**{markdown_safe(title)}** staat niet in de tabel: {year} valt na een reeksbreuk. {markdown_safe(note)}",
            icon=":material/timeline:")
if views := comparison_table.column_views(table):
    # A static table: its headers wrap, so every column fits at 1280 px; more indicators are paged through.
    view = 0
    if len(views) > 1:
        if st.session_state.get("wijkvergelijking_kolommen", 0) >= len(views):  # fewer indicators chosen since
            st.session_state["wijkvergelijking_kolommen"] = 0
        view = st.radio("Kolommen in de tabel", range(len(views)), horizontal=True, key="wijkvergelijking_kolommen",
                        format_func=lambda index: comparison_table.view_label(views, index))
    st.table(comparison_table.styled(table, views[view]), hide_index=True)
st.caption(deviation.COLOUR_RULE + " Tussen haakjes: het 95%-interval van een schatting. Een wijk wordt vergeleken "
           f"met {gemeente_name} in hetzelfde jaar.")
if table.rough:
    st.caption(comparison_table.rough_note(table.rough))
started = table.figures.filter(pl.col("series_first_year").is_not_null()).unique("indicator_code", keep="first",
                                                                                 maintain_order=True)
if started.height:
    # A new series is not comparable with the one it replaced: say so next to its column.
    st.caption("  \n".join(f"**{markdown_safe(row['title'])}**: {markdown_safe(series.note(row))}"
                           for row in started.iter_rows(named=True)))
if note := comparison.compare_note(comparison_regions, compare_code, gemeente_name):
    st.caption(markdown_safe(note))
if absent := comparison.provincie_absent_note(comparison_regions):
    st.caption(markdown_safe(absent))
layout.status_legend()
sources = sorted(set(table.figures["source_title"].to_list()))
if sources:
    st.caption("Bron: " + "; ".join(markdown_safe(source) for source in sources) + ".")
layout.figure_downloads(table.figures, gemeente_name, SUBJECT, year, key="wijkvergelijking_tabel")

# --- the map --------------------------------------------------------------------------------------------------

st.header("Op de kaart", anchor="kaart")
map_code = st.selectbox("Indicator op de kaart", chosen, format_func=indicator_titles.__getitem__,
                        key="wijkvergelijking_kaart_indicator")
st.caption(f"{markdown_safe(indicator_titles[map_code])} in {year} per wijk (of buurt). Klik op de kaart of kies in "
           "de lijst om een wijk aan te wijzen; de tabel naast de kaart geeft dezelfde cijfers.")
map_panel.show(map_code, year, key="wijkvergelijking", subject=f"{SUBJECT} {map_code}", selectable=True)

# --- ranking on one indicator ---------------------------------------------------------------------------------

st.header("Rangschikking", anchor="rangschikking")
# Not a URL parameter: the ranking follows the indicators already in the link.
ranked_code = st.selectbox("Indicator", chosen, format_func=indicator_titles.__getitem__,
                           key="wijkvergelijking_rangschikking")
ranked = comparison_table.ranking(figures, wijken, ranked_code, year, gemeente_code)
broken = figures.filter((pl.col("indicator_code") == ranked_code) & (pl.col("year") == year)
                        & (pl.col("status") == series.BREAK))
if ranked["value"].is_null().all() and broken.height:
    st.info(f"Voor {markdown_safe(indicator_titles[ranked_code])} valt {year} na een reeksbreuk: "
            f"{markdown_safe(series.break_text(broken.row(0, named=True)))}", icon=":material/timeline:")
elif ranked["value"].is_null().all():
    newest = with_wijk_figures.filter(pl.col("indicator_code") == ranked_code)["year"].max()
    st.info(f"Voor {markdown_safe(indicator_titles[ranked_code])} zijn er geen cijfers per wijk in {year}"
            + (f"; het nieuwste jaar met wijkcijfers is {newest}." if newest else "."), icon=":material/event_busy:")
else:
    is_count = figures.filter(pl.col("indicator_code") == ranked_code)["unit"][0] in deviation.NOT_COMPARABLE_UNITS
    st.caption(f"{markdown_safe(indicator_titles[ranked_code])} per wijk in {year}, van hoog naar laag. "
               + ("Een aantal in een wijk is niet te vergelijken met de gemeente: geen lijnen, geen oordeel."
                  if is_count else
                  f"De doorgetrokken lijn is {gemeente_name}, de gestreepte lijn Nederland. De kleur (met ✓ of ✗ in "
                  "het label) zegt of de wijk beter of slechter scoort dan de gemeente; een zwart streepje is het "
                  "95%-interval van een schatting."))
    chart_cache.show(charts.ranking_chart, figures, wijken, ranked_code, year, gemeente_code, NATIONAL)
    rounded = ranked.filter(pl.col("rounded_to").is_not_null())
    if rounded.height:
        unit = figures.filter(pl.col("indicator_code") == ranked_code)["unit"][0]
        note = fmt.rounding_note(unit, rounded["rounded_to"].max())
        st.caption(f"{note[:1].upper()}{note[1:]}.")
    if without := comparison_table.without_figure_note(ranked):
        st.caption(without)
    layout.figure_downloads(
        charts.ranking_figures(figures, wijken, ranked_code, year, gemeente_code, NATIONAL),
        gemeente_name, f"{SUBJECT} {ranked_code}", year, key="wijkvergelijking_rangschikking_download")

# --- two to four wijken side by side ---------------------------------------------------------------------------

st.header("Wijken naast elkaar", anchor="naast-elkaar")
side_by_side = selection.many("wijken", wijk_names, "Wijken (twee tot vier)", wijk_codes[:2], max_selections=4)
if len(side_by_side) < 2:
    st.info("Kies twee tot vier wijken om ze naast elkaar te zien.", icon=":material/compare:")
else:
    for column, wijk_code in zip(st.columns(len(side_by_side)), side_by_side):
        with column, st.container(border=True):
            st.subheader(markdown_safe(wijk_names[wijk_code]))
            for item in comparison_table.wijk_figures(figures, wijk_code, chosen, year, gemeente_code):
                mark = item["mark"]
                if item["verdict"] in VERDICT_MARKUP:
                    mark = f":{VERDICT_MARKUP[item['verdict']]}-background[{mark}]"
                st.markdown(f"**{markdown_safe(item['title'])}**  \n{item['figure']}" + (f" · {mark}" if mark else "")
                            + f"  \n:gray[{gemeente_name}: {item['reference']}]"
                            + (f"  \n:gray[{markdown_safe(item['note'])}]" if item["note"] else ""))
    shown = figures.filter(pl.col("indicator_code").is_in(chosen) & (pl.col("year") == year)
                           & pl.col("region_code").is_in(side_by_side + [gemeente_code]))
    st.caption(f"Cijfers van {year}, vergeleken met {gemeente_name} in hetzelfde jaar. " + deviation.COLOUR_RULE)
    layout.figure_downloads(shown.sort("sort_order", "region_code"), gemeente_name,
                            f"{SUBJECT} {' '.join(wijk_names[code] for code in side_by_side)}", year,
                            key="wijkvergelijking_naast_elkaar")
