"""Wijkprofiel: one wijk in figures and words, next to the gemeente and Nederland — read before a wijkgesprek.

The gemeente itself is a choice too ('Heel Soest', ?wijk=GM0342 in a link): the same profile of the whole
gemeente, next to Nederland (a wijk is compared with its gemeente, the gemeente with the country).
"""

from __future__ import annotations

import dataclasses

import polars as pl
import streamlit as st

from app import chart_cache, comparison_table, data, deviation, export, kaart, layout, map_panel, selection, series
from app import format as fmt
from app.charts import wijk as charts
from app.plain_text import markdown_safe

NATIONAL = "NL00"
GGD_SOURCE, KIS_SOURCE = "rivm_gezondheid", "kis_wijkmonitor"

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
threshold = info.get("small_count_threshold", "5")
wijken = data.wijken()
if wijken.is_empty():
    st.title("Wijkprofiel")
    st.info(f"Er zijn nog geen wijken van {gemeente_name} geladen. Laad de CBS-cijfers per wijk en buurt.")
    st.stop()

title_slot = st.empty()
whole_gemeente = f"Heel {gemeente_name}"
# The gemeente last: the page is about wijken, but a link to the gemeente's own code (from a list of activities
# 'heel Soest', or typed) means the whole gemeente, not an unknown wijk.
wijk_names = dict(zip(wijken["region_code"].to_list(), wijken["name"].to_list())) | {gemeente_code: whole_gemeente}
wijk_code = selection.one("wijk", wijk_names, "Wijk", default=wijken["region_code"][0],
                          help=f"Kies '{whole_gemeente}' voor de hele gemeente naast Nederland.")
is_gemeente = wijk_code == gemeente_code
wijk_name = gemeente_name if is_gemeente else wijk_names[wijk_code]
wijk_markdown = markdown_safe(wijk_name)  # a CBS name, for Markdown text; file names and charts take wijk_name
# What the wijk is compared with: its gemeente; the gemeente is compared with Nederland.
reference_code, reference_name = (NATIONAL, "Nederland") if is_gemeente else (gemeente_code, gemeente_name)
if is_gemeente:
    title_slot.title(f"Profiel heel {wijk_markdown}")
    st.caption(f"Het algemene beeld van heel {wijk_markdown} naast Nederland: de kerncijfers, wat opvalt, en de "
               "activiteiten en verhalen van partners voor de hele gemeente. Kies hierboven een wijk voor een "
               f"wijkprofiel naast {gemeente_name}.")
else:
    title_slot.title(f"Wijkprofiel {wijk_markdown}")
    st.caption(f"Het algemene beeld van {wijk_markdown}: de situatieschets, de kerncijfers naast {gemeente_name} "
               "en Nederland, wat opvalt, en de activiteiten en verhalen van partners in de wijk.")

regions = (gemeente_code, NATIONAL) if is_gemeente else (wijk_code, gemeente_code, NATIONAL)
compared_text = f"{wijk_markdown} en Nederland" if is_gemeente else f"{wijk_markdown}, {gemeente_name} en Nederland"
figures = data.observations(None, regions, None)
catalog = data.indicator_catalog()
opgaven = data.opgaven()
opgave_titles = dict(zip(opgaven["opgave_code"].to_list(), opgaven["title"].to_list()))
stories = data.stories().filter(pl.col("region_code") == wijk_code)


def subject(part: str) -> str:
    return f"profiel heel {wijk_name} {part}" if is_gemeente else f"wijkprofiel {wijk_name} {part}"


def newest_year(rows: pl.DataFrame) -> int | None:
    years = rows.filter(pl.col("value").is_not_null())["year"]
    return years.max() if years.len() else None


def figure_downloads(rows: pl.DataFrame, part: str) -> None:
    layout.figure_downloads(rows, gemeente_name, subject(part), newest_year(rows),
                            key=f"wijkprofiel_{part}")


# --- Situatieschets -------------------------------------------------------------------------------------------

st.header("Situatieschets", anchor="situatieschets")
sketches = stories.filter(pl.col("kind") == "situatieschets").sort("year", descending=True)
if sketches.height:
    layout.story(sketches.row(0, named=True), gemeente_name)
elif is_gemeente:
    st.info(f"Voor heel {wijk_markdown} is geen situatieschets opgegeven; partners en wijkprofessionals schrijven die "
            "per wijk. De schetsen van alle wijken staan onderaan het Overzicht.", icon=":material/edit_note:")
else:
    st.info(f"Voor {wijk_markdown} is nog geen situatieschets opgegeven. Partners en wijkprofessionals leveren die aan "
            "in het blad Verhalen van hun werkmap (soort 'situatieschets').", icon=":material/edit_note:")

# --- Kerncijfers ------------------------------------------------------------------------------------------------

st.header("Kerncijfers", anchor="kerncijfers")
if is_gemeente:
    st.caption(f"Per indicator het nieuwste cijfer van heel {wijk_markdown}, met Nederland in hetzelfde jaar, en hoe "
               f"{wijk_markdown} zich verhoudt tot Nederland. Tussen haakjes: het 95%-interval van een schatting.")
    # The gemeente in the wijk's place and Nederland in the gemeente's; no third region.
    profile = comparison_table.profile(figures, gemeente_code, NATIONAL, opgave_titles, None)
else:
    st.caption(f"Per indicator het nieuwste cijfer van {wijk_markdown}, met {gemeente_name} en Nederland in hetzelfde "
               f"jaar, en hoe de wijk zich verhoudt tot {gemeente_name}. Tussen haakjes: het 95%-interval van een "
               "schatting.")
    profile = comparison_table.profile(figures, wijk_code, gemeente_code, opgave_titles, NATIONAL)
# A static table, not st.dataframe: its cells wrap, so no indicator name, interval or status is cut off at
# 1280 px (a grid cuts each cell at its column width). Without the opgave column, which made it wider than the
# page (the rows follow the opgaven in their order, 'In het kort' first).
profile = dataclasses.replace(profile, cells=profile.cells.drop(columns="Opgave"))
st.table(comparison_table.styled_profile(profile), hide_index=True, border="horizontal")
if is_gemeente:
    st.caption(f"**Kleuren:** blauw met ✓ = beter dan Nederland, oranje met ✗ = slechter dan Nederland, ≈ = geen "
               "verschil van betekenis, ↑/↓ = hoger of lager dan Nederland bij een indicator zonder goede of slechte "
               f"richting (geen kleur). Bij RIVM-schattingen telt een verschil alleen als de 95%-intervallen van "
               f"{wijk_markdown} en Nederland elkaar niet overlappen. Aantallen worden niet met Nederland vergeleken.")
else:
    st.caption(deviation.COLOUR_RULE)
if profile.series_notes:
    # A series break in words, under the table: the status column only names it.
    st.caption("**Reeksbreuken en nieuwe reeksen:**  \n" + "  \n".join(
        f"{markdown_safe(title)}: {markdown_safe(note)}" for title, note in profile.series_notes))
if profile.rough:
    st.caption(comparison_table.rough_note(profile.rough))
layout.status_legend()
if profile.without_wijk_figures:
    st.caption(f"Geen cijfers voor {wijk_markdown} (alleen voor de hele gemeente of nog niet geladen): "
               + ", ".join(markdown_safe(title) for title in profile.without_wijk_figures) + ".")
figure_downloads(profile.figures, "kerncijfers")

# --- Opvallend --------------------------------------------------------------------------------------------------

st.header("Opvallend", anchor="opvallend")
if is_gemeente:
    st.markdown(f"**Zo kiezen we wat opvalt:** zoals bij een wijk tegen de gemeente, maar nu heel {wijk_markdown} "
                "tegen Nederland: het nieuwste jaar waarin beide een cijfer hebben, minstens "
                f"{round(deviation.STRIKING_MIN_RELATIVE * 100)}% verschil, bij schattingen buiten de onzekerheid; "
                "aantallen tellen niet mee.")
else:
    st.markdown(deviation.OPVALLEND_RULE)
wijk_rows = figures.filter(pl.col("region_code") == wijk_code)
gemeente_rows = figures.filter(pl.col("region_code") == reference_code)
striking = deviation.striking(wijk_rows, gemeente_rows)
better, worse = (striking.filter(pl.col("verdict") == kind) for kind in ("beter", "slechter"))
different = striking.filter(pl.col("verdict") == "neutraal")
left, right = st.columns(2)
for column, heading, found, none_text in (
        (left, f"✓ Beter dan {reference_name}", better, f"Geen indicator waarop {wijk_markdown} duidelijk beter scoort."),
        (right, f"✗ Slechter dan {reference_name}", worse,
         f"Geen indicator waarop {wijk_markdown} duidelijk slechter scoort.")):
    with column:
        st.subheader(heading)
        if found.height:
            st.markdown("\n".join(f"- {comparison_table.describe_striking(row, reference_name)}"
                                  for row in found.iter_rows(named=True)))
        else:
            st.caption(none_text)
st.subheader("Opvallend anders (geen goede of slechte richting)")
if different.height:
    st.markdown("\n".join(f"- {comparison_table.describe_striking(row, reference_name)}"
                          for row in different.iter_rows(named=True)))
else:
    st.caption(f"Geen indicator zonder richting waarop {wijk_markdown} duidelijk afwijkt.")
shown_striking = pl.concat([
    wijk_rows.join(striking.select("indicator_code", "year"), on=["indicator_code", "year"], how="semi"),
    gemeente_rows.join(striking.select("indicator_code", "year"), on=["indicator_code", "year"], how="semi"),
]).filter(pl.col("breakdown") == "totaal").sort("sort_order", "region_code")
figure_downloads(shown_striking, "opvallend")

# --- Op de kaart ------------------------------------------------------------------------------------------------

st.header("Op de kaart", anchor="kaart")
wijk_figures = data.observations(None, tuple(wijken["region_code"]), "totaal")
on_map = (wijk_figures.filter(pl.col("value").is_not_null()).group_by("indicator_code")
          .agg(pl.col("title").first(), pl.col("sort_order").first()).sort("sort_order"))
map_titles = dict(on_map.select("indicator_code", "title").iter_rows())
if not map_titles:
    st.info(f"Er zijn geen cijfers per wijk van {gemeente_name} om op de kaart te zetten.", icon=":material/map:")
else:
    # First the indicator on which the wijk stands out most (Opvallend), so the map opens on what matters here.
    first = next((code for code in striking["indicator_code"].to_list() if code in map_titles), next(iter(map_titles)))
    map_code = st.selectbox("Indicator op de kaart", list(map_titles), index=list(map_titles).index(first),
                            format_func=map_titles.__getitem__, key=f"wijkprofiel_kaart_{wijk_code}")
    map_year = kaart.default_year(wijk_figures, map_code, wijken["region_code"].to_list())
    st.caption((f"Heel {wijk_markdown}" if is_gemeente else f"{wijk_markdown}, dik omlijnd, tussen de andere wijken")
               + f" van {gemeente_name}: {markdown_safe(map_titles[map_code])} in {map_year}, per wijk. De tabel naast "
               "de kaart geeft dezelfde cijfers.")
    map_panel.show(map_code, map_year, key="wijkprofiel", subject=subject(map_code),
                   highlight=None if is_gemeente else wijk_code, level_choice=False)

# --- Charts -----------------------------------------------------------------------------------------------------

st.header("Leeftijdsopbouw", anchor="leeftijd")
age = charts.age_rows(figures, wijk_code, gemeente_code, NATIONAL)
if age.height:
    st.caption(f"Aandeel van de inwoners per leeftijdsgroep op 1 januari {newest_year(age)}. "
               f"Bron: {markdown_safe(age['source_title'][0])}.")
    chart_cache.show(charts.age_structure_chart, age, regions)
    figure_downloads(age, "leeftijdsopbouw")
else:
    st.info(f"Er zijn geen cijfers over de leeftijdsopbouw van {wijk_markdown}.")

money_opgave = next((code for code, title in opgave_titles.items()
                     if "bestaanszekerheid" in f"{code} {title}".casefold()), None)
if money_opgave:
    st.header(markdown_safe(opgave_titles[money_opgave]), anchor="bestaanszekerheid")
    money_codes = catalog.filter(pl.col("opgave_code") == money_opgave)["indicator_code"].to_list()
    money = charts.trend_rows(figures, money_codes, wijk_code, gemeente_code, NATIONAL)
    if money.height:
        drawn_money, national_out = charts.without_dwarfing_national(money, NATIONAL)
        breaks = money.filter(pl.col("status") == series.BREAK).unique("indicator_code", keep="first",
                                                                        maintain_order=True)
        st.caption(f"Het verloop in {compared_text}; elk paneel heeft een eigen schaal. "
                   "Een streepje rond een punt is het 95%-interval van een schatting. Een jaar zonder punt heeft "
                   "geen cijfer (bijvoorbeeld het nieuwste jaar: nog niet gepubliceerd). Een grijze band met "
                   "'reeksbreuk': de bron meet het vanaf dat jaar anders; de reeks stopt daar."
                   + (f" Nederland staat niet in {markdown_safe(', '.join(national_out))}: dat aantal is vele "
                      f"malen groter en zou {wijk_markdown} plat drukken." if national_out else ""))
        chart_cache.show(charts.trend_chart, drawn_money, regions)
        started = money.filter(pl.col("series_first_year").is_not_null()).unique("indicator_code", keep="first",
                                                                               maintain_order=True)
        if breaks.height or started.height:
            # In words what the bands and the short new lines mean: where a series stops, where its successor starts.
            st.caption("  \n".join(
                [f"**{markdown_safe(row['title'])}**: {markdown_safe(series.break_text(row))}"
                 for row in breaks.iter_rows(named=True)]
                + [f"**{markdown_safe(row['title'])}**: {markdown_safe(series.note(row))}"
                   for row in started.iter_rows(named=True)]))
        figure_downloads(money, "bestaanszekerheid")
        # Counts split into groups (the GMSD: which combination of Jeugdwet, Wmo and Participatiewet): a table,
        # since a bar of Soest's count would dwarf the wijk's.
        split = catalog.filter(pl.col("indicator_code").is_in(money_codes) & (pl.col("unit") == "aantal")
                               & (pl.col("breakdowns").list.len() > 0))
        for indicator in split.iter_rows(named=True):
            groups = comparison_table.breakdown_table(figures, indicator["indicator_code"], wijk_code, reference_code)
            if groups.year is None:
                continue
            st.subheader(f"{markdown_safe(indicator['title'])}, uitgesplitst ({groups.year})")
            st.dataframe(groups.cells, hide_index=True, height="content")
            rounded = groups.figures["rounded_to"].max()
            note = fmt.rounding_note(indicator["unit"], rounded) if rounded else ""
            st.caption(f"{markdown_safe(indicator['definition'])} Bron: {markdown_safe(indicator['source_title'])}."
                       + (f" {note[:1].upper()}{note[1:]}." if note else ""))
            figure_downloads(groups.figures, f"{indicator['indicator_code']} uitgesplitst")
    else:
        st.info(f"Er zijn geen cijfers over bestaanszekerheid voor {wijk_markdown}.")

st.header("Gezondheid", anchor="gezondheid")
ggd = catalog.filter(pl.col("source_code") == GGD_SOURCE).sort("sort_order")
health = charts.latest_rows(figures, ggd["indicator_code"].to_list(), wijk_code, gemeente_code, NATIONAL)
if health.height:
    st.caption(f"Schattingen van het RIVM op basis van de GGD-gezondheidsmonitor (volwassenen, {newest_year(health)}). "
               "De zwarte lijn op elke balk is het 95%-interval: de werkelijke waarde ligt met 95% zekerheid daarbinnen. "
               f"Overlappen de intervallen van {wijk_markdown} en {reference_name}, dan is het verschil niet "
               "duidelijk.")
    chart_cache.show(charts.regions_chart, health, regions, "title", "Indicator", "Percentage volwassenen (%)")
    figure_downloads(health, "gezondheid")
    with_groups = ggd.filter(pl.col("breakdowns").list.len() > 0)
    if with_groups.height:
        titles = dict(zip(with_groups["indicator_code"].to_list(), with_groups["title"].to_list()))
        chosen = st.selectbox("Naar leeftijdsgroep", list(titles), format_func=titles.__getitem__,
                              key="wijkprofiel_leeftijdsgroep")
        groups = charts.breakdown_rows(figures, chosen, wijk_code, gemeente_code, NATIONAL)
        if groups.height:
            chart_cache.show(charts.regions_chart, groups, regions, "breakdown", "Leeftijdsgroep",
                             f"{titles[chosen]} (%)")
            figure_downloads(groups, f"gezondheid {chosen} naar leeftijd")
        else:
            st.caption(f"Voor {markdown_safe(titles[chosen])} zijn er geen cijfers per leeftijdsgroep in "
                       f"{wijk_markdown}.")
else:
    st.info(f"Er zijn geen gezondheidscijfers (GGD-monitor) voor {wijk_markdown}.")

st.header("Naar migratieachtergrond", anchor="migratieachtergrond")
kis = catalog.filter((pl.col("source_code") == KIS_SOURCE) & (pl.col("breakdowns").list.len() > 0)).sort("sort_order")
breakdown_groups = data.breakdown_groups()
kis_shown = 0
for indicator in kis.iter_rows(named=True):
    code = indicator["indicator_code"]
    found = charts.breakdown_levels(figures, code, wijk_code, gemeente_code, breakdown_groups, NATIONAL)
    wijk_groups = found.groups.filter(pl.col("region_code") == wijk_code)
    if not wijk_groups.filter(pl.col("value").is_not_null()).height:
        if found.unplaced:
            # Groups the configuration does not place (a new CBS classification): said, not silently dropped.
            st.subheader(markdown_safe(indicator["title"]))
            st.caption("Deze groepen staan niet in de indeling van de configuratie (config, breakdown), daarom is er "
                       f"geen grafiek: {markdown_safe(', '.join(found.unplaced))}.")
            kis_shown += 1
        continue
    kis_shown += 1
    st.subheader(markdown_safe(indicator["title"]))
    missing = wijk_groups.filter(pl.col("value").is_null())["breakdown"].to_list()
    year = newest_year(found.groups)
    st.caption(f"{markdown_safe(indicator['definition'])} Bron: {markdown_safe(indicator['source_title'])}, {year}."
               + (f" Indeling: {markdown_safe(found.classification)}." if found.classification else "")
               + (" De groepen samen zijn alle inwoners (100%)." if found.distribution else "")
               + (f" Niet beschikbaar voor {wijk_markdown}: {markdown_safe(', '.join(missing))}." if missing else ""))
    group_order = found.groups["breakdown"].unique(maintain_order=True).to_list()
    value_title = "Aandeel van alle inwoners (%)" if found.distribution else f"{indicator['title']} (%)"
    chart_cache.show(charts.regions_chart, found.groups, regions, "breakdown", "Migratieachtergrond", value_title,
                     group_order)
    # Each group's subgroups apart, under their group: beside the groups they would be counted twice.
    for parent, within in found.subgroups:
        if not within.filter((pl.col("region_code") == wijk_code) & pl.col("value").is_not_null()).height:
            continue
        parent_share = wijk_groups.filter(pl.col("breakdown") == parent)["value"]
        share_text = (f" (samen {fmt.with_unit(parent_share[0], indicator['decimals'], '%')} van de inwoners van "
                      f"{wijk_markdown})" if found.distribution and parent_share.len() and parent_share[0] is not None
                      else "")
        st.markdown(f"**Binnen {markdown_safe(parent)}**{share_text}")
        st.caption("Elke balk als aandeel van alle inwoners; de subgroepen samen zijn hoogstens hun groep."
                   if found.distribution else f"Per subgroep van {markdown_safe(parent)} een eigen percentage.")
        chart_cache.show(charts.regions_chart, within, regions, "breakdown", "Subgroep", value_title,
                         within["breakdown"].unique(maintain_order=True).to_list())
    if found.unplaced:
        st.caption("Niet in de indeling van de configuratie, daarom niet getoond: "
                   f"{markdown_safe(', '.join(found.unplaced))}.")
    figure_downloads(charts.breakdown_rows(figures, code, wijk_code, gemeente_code, NATIONAL), code)
if not kis_shown:
    st.info(f"Voor {wijk_markdown} zijn er geen cijfers van de KIS-wijkmonitor naar migratieachtergrond.")

# --- Tellen en vertellen in de wijk ---------------------------------------------------------------------------

st.header(f"Activiteiten voor heel {wijk_markdown}" if is_gemeente else "Activiteiten in de wijk",
          anchor="activiteiten")
activities = data.activities().filter(pl.col("region_code") == wijk_code).sort("year", "name", descending=[True, False])
if activities.height:
    layout.activity_table(activities, gemeente_code, gemeente_name, threshold)
    layout.download_buttons(export.tidy_activities(activities, opgave_titles), gemeente_name, subject("activiteiten"),
                            activities["year"].max(), key="wijkprofiel_activiteiten")
else:
    st.caption(f"Partners hebben geen activiteiten speciaal voor {wijk_markdown} opgegeven.")

st.header(f"Verhalen over heel {wijk_markdown}" if is_gemeente else "Verhalen uit de wijk", anchor="verhalen")
other_stories = stories.filter(pl.col("kind") != "situatieschets").sort("year", descending=True)
if other_stories.height:
    layout.stories(other_stories, gemeente_name, opgave_titles, subject("verhalen"), other_stories["year"].max())
else:
    st.caption(f"Er zijn nog geen evaluaties, inwonersstemmen of casussen uit {wijk_markdown} opgegeven.")
