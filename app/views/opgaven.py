"""Opgaven: one opgave's doelenboom, then each of its indicators over the years for chosen wijken, the gemeente and Nederland."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import data, doelenboom, layout, selection, series
from app import format as fmt
from app.charts import trend
from app.plain_text import markdown_safe

CHARTS_PER_ROW = 2  # two charts side by side stay readable at 1280 px

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
opgaven, goals, catalog, wijken = data.opgaven(), data.goals(), data.indicator_catalog(), data.wijken()
wijk_names = dict(wijken.select("region_code", "name").iter_rows())
region_codes = ("NL00", gemeente_code, *wijk_names)  # one cached fetch whatever wijken are chosen
indicator_opgave = dict(catalog.select("indicator_code", "opgave_code").iter_rows())

st.title("Opgaven")
st.caption("Per opgave de doelenboom — ambitie, doelen en de indicatoren die ze meten — en hoe die indicatoren "
           f"zich door de jaren ontwikkelen in {gemeente_name}, in Nederland en in de wijken die u kiest.")

# ?indicator=eenzaam (or codes separated by commas) shows only those charts, and opens their opgave.
# A link, not a widget: Wijkvergelijking keeps a list of indicators under the same parameter.
linked = [code.strip() for code in (selection.url_value("indicator") or "").split(",") if code.strip()]
opgave_code = selection.one(
    "opgave", {row["opgave_code"]: f"{row['sort_order']}. {row['title']}" for row in opgaven.iter_rows(named=True)},
    "Opgave", default=next((indicator_opgave[code] for code in linked if code in indicator_opgave), None))
opgave = opgaven.filter(pl.col("opgave_code") == opgave_code).row(0, named=True)
indicators = catalog.filter(pl.col("opgave_code") == opgave_code)
focus = [code for code in linked if indicator_opgave.get(code) == opgave_code]
selection.unknown_values("indicator", [code for code in linked if code not in indicator_opgave])
if focus != linked:
    # Unknown codes were reported; codes of another opgave (after choosing another opgave) simply stop applying.
    selection.set_url_value("indicator", ",".join(focus) or None)

st.header(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}", anchor=opgave_code)
st.markdown(f"**Ambitie:** {markdown_safe(opgave['ambition'])}")

st.subheader("Doelenboom")
st.graphviz_chart(doelenboom.doelenboom_dot(opgave, goals, catalog), width="stretch",
                  alt=f"Doelenboom van {opgave['title']}: ambitie, doelen en hun indicatoren")
st.caption("Van links naar rechts: de opgave, haar doelen ('We willen dat …') en de indicatoren die elk doel meten. "
           "Een gestippeld vak heeft nog geen cijfers, of nog geen indicator (met de bron die daarvoor nodig is). "
           "'Reeks t/m …' en 'nieuwe reeks vanaf …': de bron is het vanaf dat jaar anders gaan meten.")
with st.expander("Doelenboom als tekst"):
    st.markdown(doelenboom.doelenboom_markdown(opgave, goals, catalog))

st.subheader("Indicatoren door de jaren")
chosen_wijken = selection.many("wijken", wijk_names, "Wijken erbij (hoogstens 4)", default=[], max_selections=4,
                               help=f"{gemeente_name} en Nederland staan er altijd bij.")
if focus:
    titles = dict(indicators.select("indicator_code", "title").iter_rows())
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"Alleen getoond: **{', '.join(markdown_safe(titles[code]) for code in focus)}**")
        if st.button("Alle indicatoren van deze opgave tonen", icon=":material/select_all:", key="alle_indicatoren"):
            selection.set_url_value("indicator", None)
            st.rerun()
layout.status_legend()
st.caption("Een onderbroken lijn met een grijze stippellijn erbij: voor dat jaar is er geen cijfer (niet gepubliceerd "
           "of geheim). Een gekleurde band is het 95%-interval van een schatting. Een grijze band met 'reeksbreuk': "
           "de bron meet het vanaf dat jaar anders; de reeks stopt daar en een andere indicator neemt het over (die "
           "wordt nooit aan deze lijn vastgeknoopt). Cijfers per halfjaar staan in een eigen grafiek onder de jaarcijfers.")

shown_regions = ("NL00", gemeente_code, *chosen_wijken)
# period None: the half-years too, for their own chart (app.charts.trend.split_periods keeps them apart).
figures = data.observations(tuple(indicators["indicator_code"]), region_codes, "totaal", None)
figures = figures.filter(pl.col("region_code").is_in(shown_regions))
goal_numbers = dict(goals.select("goal_code", "sort_order").iter_rows())
all_titles = dict(catalog.select("indicator_code", "title").iter_rows())
if focus:
    indicators = indicators.filter(pl.col("indicator_code").is_in(focus))

if indicators.is_empty():
    st.info("Aan deze opgave zijn nog geen indicatoren gekoppeld.", icon=":material/info:")


def rounding_caption(rows: pl.DataFrame, unit: str) -> str:
    """What the source's rounding means for the figures drawn (only the regions it applies to are named)."""
    rounded = rows.filter(pl.col("rounded_to").is_not_null() & pl.col("value").is_not_null())
    if rounded.is_empty():
        return ""
    note = fmt.rounding_note(unit, rounded["rounded_to"].max())
    names = rounded["region_name"].unique(maintain_order=True).to_list()
    everywhere = set(names) == set(rows.filter(pl.col("value").is_not_null())["region_name"].to_list())
    return (f"  \n{note[:1].upper()}{note[1:]}." if everywhere
            else f"  \n{', '.join(markdown_safe(name) for name in names)}: {note}.")


def halfyear_chart(rows: pl.DataFrame, indicator: dict) -> pl.DataFrame:
    """The half-year figures in their own compact chart (ordinal axis '1e halfjaar 2023' …); returns what it drew."""
    drawn = trend.drawn_rows(rows)
    if drawn.is_empty():
        return drawn
    labels = trend.measurement_periods(rows)
    st.markdown(f"**{markdown_safe(indicator['title'])} per halfjaar**")
    st.vega_lite_chart(spec=trend.trend_spec(rows, height=280, legend_columns=3))
    gaps = trend.gap_summary(rows)
    st.caption("Per halfjaar: het cijfer over dat halfjaar. Een jaarcijfer gaat over het hele jaar (bij aantallen: "
               "iedereen die ergens in dat jaar meetelde), dus halfjaren tellen niet op tot het jaar en staan niet "
               "op de jaarlijn."
               + (f"  \nPeriodes: {labels[0]} – {labels[-1]}" if len(labels) > 1 else f"  \nPeriode: {labels[0]}")
               + (f"  \n{markdown_safe(gaps)}" if gaps else "") + rounding_caption(rows, indicator["unit"]))
    return drawn


for start in range(0, indicators.height, CHARTS_PER_ROW):
    columns = st.columns(CHARTS_PER_ROW, gap="large")
    for column, indicator in zip(columns, indicators.slice(start, CHARTS_PER_ROW).iter_rows(named=True)):
        with column:
            code = indicator["indicator_code"]
            goal = goal_numbers.get(indicator["goal_code"])
            st.markdown(f"#### {markdown_safe(indicator['title'])}")
            rows, half_years = trend.split_periods(figures.filter(pl.col("indicator_code") == code))
            rows, national_out = trend.comparable_regions(rows)
            half_years, _ = trend.comparable_regions(half_years)
            drawn = trend.drawn_rows(rows)
            source = (f"Bron: {markdown_safe(indicator['source_title'])} "
                      f"({markdown_safe(indicator['source_publisher'])})")
            series_line = markdown_safe(
                series.note({**indicator, "predecessor_title": all_titles.get(indicator["predecessor_code"])}))
            # A break drawn in the chart is said by gap_summary, with the same note: not twice.
            only_breaks = drawn.is_empty() and not rows.is_empty() and set(rows["status"]) == {series.BREAK}
            if series.has_ended(indicator) and (only_breaks or trend.break_bands(rows)):
                series_line = ""
            about = (f"{markdown_safe(indicator['definition'])}  \n"
                     f"Eenheid: {markdown_safe(indicator['unit'])} · {source}"
                     + (f" · Doel {goal}" if goal else "") + (f"  \n{series_line}" if series_line else ""))
            national_note = (f"  \n{markdown_safe(national_out)} staat er niet bij: een aantal voor heel Nederland "
                             f"is vele malen groter en zou de lijnen van {gemeente_name} en de wijken plat drukken."
                             if national_out else "")
            if drawn.is_empty():
                if rows.is_empty() and half_years.is_empty():
                    st.info(f"**Nog geen cijfers geladen** voor {gemeente_name}, Nederland of de gekozen wijken.  \n"
                            f"{source}", icon=":material/hourglass_empty:")
                elif only_breaks:
                    # Only years after the series ended are loaded: a break, not a missing figure.
                    years = ", ".join(str(year) for year in sorted(set(rows["year"])))
                    st.info(f"**Reeksbreuk** ({years}): {markdown_safe(series.break_text(rows.row(0, named=True)))}"
                            f"  \n{source}",
                            icon=":material/timeline:")
                elif not rows.is_empty():
                    # Rows are loaded, but the source published no figure in them (ontbreekt, geheim).
                    years = ", ".join(str(year) for year in sorted(set(rows["year"])))
                    st.info(f"**Geen cijfer gepubliceerd** voor {years}: de bron geeft dit cijfer (nog) niet "
                            f"({markdown_safe(', '.join(sorted({fmt.status_text(s) for s in rows['status']})))})."
                            f"  \n{source}",
                            icon=":material/hourglass_empty:")
                drawn_half = halfyear_chart(half_years, indicator) if not half_years.is_empty() else half_years
                st.caption(about + national_note)
                if drawn_half.height:
                    layout.figure_downloads(drawn_half, gemeente_name,
                                            f"opgave_{opgave_code}_{code}")
                continue
            years = trend.measurement_years(rows)
            st.vega_lite_chart(spec=trend.trend_spec(rows, height=330, legend_columns=3))
            expected = {gemeente_code: gemeente_name} | {w: wijk_names[w] for w in chosen_wijken}
            if not national_out:
                expected = {"NL00": "Nederland"} | expected
            absent = [name for region, name in expected.items() if region not in set(drawn["region_code"])]
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            gaps = trend.gap_summary(rows)
            st.caption(about + f"  \nJaren: {span}" + (f"  \n{markdown_safe(gaps)}" if gaps else "")
                       + (f"  \nGeen cijfers voor: {markdown_safe(', '.join(absent))}." if absent else "")
                       + rounding_caption(rows, indicator["unit"]) + national_note)
            drawn_half = halfyear_chart(half_years, indicator) if not half_years.is_empty() else half_years
            # One file: the year rows and the half-year rows, told apart by the column 'periode'.
            layout.figure_downloads(pl.concat([drawn, drawn_half]), gemeente_name,
                                    f"opgave_{opgave_code}_{code}")
            if not focus and st.button("Alleen deze grafiek (om te delen)", key=f"focus_{code}", type="tertiary",
                                       icon=":material/filter_center_focus:"):
                selection.set_url_value("indicator", code)
                st.rerun()
