"""Opgaven: one opgave's doelenboom, then each of its indicators over the years for chosen wijken, the gemeente and Nederland."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import data, doelenboom, export, layout, selection
from app import format as fmt
from app.charts import trend

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
for code in linked:
    if code not in indicator_opgave:
        selection.unknown("indicator", code, None)
if focus != linked:
    # Unknown codes were reported; codes of another opgave (after choosing another opgave) simply stop applying.
    selection.set_url_value("indicator", ",".join(focus) or None)

st.header(f"{opgave['sort_order']}. {opgave['title']}", anchor=opgave_code)
st.markdown(f"**Ambitie:** {opgave['ambition']}")

st.subheader("Doelenboom")
st.graphviz_chart(doelenboom.doelenboom_dot(opgave, goals, catalog), width="stretch",
                  alt=f"Doelenboom van {opgave['title']}: ambitie, doelen en hun indicatoren")
st.caption("Van links naar rechts: de opgave, haar doelen ('We willen dat …') en de indicatoren die elk doel meten. "
           "Een gestippeld vak heeft nog geen cijfers of nog geen indicator.")
with st.expander("Doelenboom als tekst"):
    st.markdown(doelenboom.doelenboom_markdown(opgave, goals, catalog))

st.subheader("Indicatoren door de jaren")
chosen_wijken = selection.many("wijken", wijk_names, "Wijken erbij (hoogstens 4)", default=[], max_selections=4,
                               help=f"{gemeente_name} en Nederland staan er altijd bij.")
if focus:
    titles = dict(indicators.select("indicator_code", "title").iter_rows())
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"Alleen getoond: **{', '.join(titles[code] for code in focus)}**")
        if st.button("Alle indicatoren van deze opgave tonen", icon=":material/select_all:", key="alle_indicatoren"):
            selection.set_url_value("indicator", None)
            st.rerun()
layout.status_legend()
st.caption("Een onderbroken lijn met een grijze stippellijn erbij: voor dat jaar is er geen cijfer (niet gepubliceerd "
           "of geheim). Een gekleurde band is het 95%-interval van een schatting.")

shown_regions = ("NL00", gemeente_code, *chosen_wijken)
figures = data.observations(tuple(indicators["indicator_code"]), region_codes, "totaal")
figures = figures.filter(pl.col("region_code").is_in(shown_regions))
goal_numbers = dict(goals.select("goal_code", "sort_order").iter_rows())
if focus:
    indicators = indicators.filter(pl.col("indicator_code").is_in(focus))

if indicators.is_empty():
    st.info("Aan deze opgave zijn nog geen indicatoren gekoppeld.", icon=":material/info:")

for start in range(0, indicators.height, CHARTS_PER_ROW):
    columns = st.columns(CHARTS_PER_ROW, gap="large")
    for column, indicator in zip(columns, indicators.slice(start, CHARTS_PER_ROW).iter_rows(named=True)):
        with column:
            code = indicator["indicator_code"]
            goal = goal_numbers.get(indicator["goal_code"])
            st.markdown(f"#### {indicator['title']}")
            rows = figures.filter(pl.col("indicator_code") == code)
            drawn = trend.drawn_rows(rows)
            source = f"Bron: {indicator['source_title']} ({indicator['source_publisher']})"
            about = (f"{indicator['definition']}  \nEenheid: {indicator['unit']} · {source}"
                     + (f" · Doel {goal}" if goal else ""))
            if drawn.is_empty():
                if rows.is_empty():
                    st.info(f"**Nog geen cijfers geladen** voor {gemeente_name}, Nederland of de gekozen wijken.  \n"
                            f"{source}", icon=":material/hourglass_empty:")
                else:
                    # Rows are loaded, but the source published no figure in them (ontbreekt, geheim).
                    years = ", ".join(str(year) for year in sorted(set(rows["year"])))
                    st.info(f"**Geen cijfer gepubliceerd** voor {years}: de bron geeft dit cijfer (nog) niet "
                            f"({', '.join(sorted({fmt.STATUS_TEXT[s] for s in rows['status']}))}).  \n{source}",
                            icon=":material/hourglass_empty:")
                st.caption(about)
                continue
            years = trend.measurement_years(rows)
            st.vega_lite_chart(spec=trend.trend_spec(rows, height=330, legend_columns=3),
                               alt=f"{indicator['title']} per jaar, {years[0]} tot en met {years[-1]}")
            expected = {"NL00": "Nederland", gemeente_code: gemeente_name} | {w: wijk_names[w] for w in chosen_wijken}
            absent = [name for region, name in expected.items() if region not in set(drawn["region_code"])]
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            gaps = trend.gap_summary(rows)
            st.caption(about + f"  \nJaren: {span}" + (f"  \n{gaps}" if gaps else "")
                       + (f"  \nGeen cijfers voor: {', '.join(absent)}." if absent else ""))
            layout.download_buttons(export.tidy_figures(drawn), gemeente_name, f"opgave_{opgave_code}_{code}")
            if not focus and st.button("Alleen deze grafiek (om te delen)", key=f"focus_{code}", type="tertiary",
                                       icon=":material/filter_center_focus:"):
                selection.set_url_value("indicator", code)
                st.rerun()
