"""Opgaven: one opgave's doelenboom with the verdict per goal, the progress of its indicators towards their
streefwaarden, then each indicator over the years for chosen wijken, the gemeente and Nederland."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import comparison, data, doelenboom, export, layout, map_panel, selection, series, tellen_vertellen
from app import format as fmt
from app import progress as prog
from app.charts import trend
from app.plain_text import markdown_safe

CHARTS_PER_ROW = 2  # two charts side by side stay readable at 1280 px

info = data.monitor_info()
gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
opgaven, goals, catalog, wijken = data.opgaven(), data.goals(), data.indicator_catalog(), data.wijken()
indicator_goals, nodes, levels = data.indicator_goals(), data.goal_nodes(), data.goal_levels()
latest = data.latest_by_indicator(gemeente_code)
targets = prog.targets_by_indicator(data.targets(gemeente_code))
progresses = prog.progress_by_indicator(targets, latest)
opgave_titles = dict(opgaven.select("opgave_code", "title").iter_rows())
wijk_names = dict(wijken.select("region_code", "name").iter_rows())
region_codes = ("NL00", gemeente_code, *wijk_names)  # one cached fetch whatever wijken are chosen
indicator_opgave = dict(catalog.select("indicator_code", "opgave_code").iter_rows())

st.title("Opgaven")
st.caption("Per opgave de doelenboom — ambitie, doelen en de indicatoren die ze meten — met het oordeel per doel, "
           "de voortgang naar de streefwaarden, en hoe de indicatoren zich door de jaren ontwikkelen in "
           f"{gemeente_name}, in Nederland en in de wijken die u kiest.")

# ?indicator=eenzaam (or codes separated by commas) shows only those charts, and opens their opgave.
# A link, not a widget: Wijkvergelijking keeps a list of indicators under the same parameter.
linked = [code.strip() for code in (selection.url_value("indicator") or "").split(",") if code.strip()]
opgave_code = selection.one(
    "opgave", {row["opgave_code"]: f"{row['sort_order']}. {row['title']}" for row in opgaven.iter_rows(named=True)},
    "Opgave", default=next((indicator_opgave[code] for code in linked if code in indicator_opgave), None))
opgave = opgaven.filter(pl.col("opgave_code") == opgave_code).row(0, named=True)
tree_inputs = {"indicator_goals": indicator_goals, "progresses": progresses, "opgave_titles": opgave_titles}
branches = doelenboom.tree(opgave, goals, catalog, **tree_inputs)
# The opgave's own indicators, and those of another opgave that serve one of its goals (an effect may serve both).
serving = doelenboom.indicator_codes(branches)
indicators = catalog.filter((pl.col("opgave_code") == opgave_code) | pl.col("indicator_code").is_in(serving))
page_codes = set(indicators["indicator_code"])
focus = [code for code in linked if code in page_codes]
selection.unknown_values("indicator", [code for code in linked if code not in indicator_opgave])
if focus != linked:
    # Unknown codes were reported; codes of another opgave (after choosing another opgave) simply stop applying.
    selection.set_url_value("indicator", ",".join(focus) or None)

st.header(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}", anchor=opgave_code)
for node in doelenboom.ancestors(opgave, nodes):
    st.caption(f"{doelenboom.level_title(node['level'])}: {markdown_safe(node['text'])}")
st.markdown(f"**Ambitie:** {markdown_safe(opgave['ambition'])}")
opgave_verdict = doelenboom.opgave_verdict(branches, progresses)
if doelenboom.verdict_shown(opgave_verdict):
    st.markdown(f"**Oordeel over de opgave:** {doelenboom.verdict_markdown(opgave_verdict)}")
else:
    st.caption("Voor de indicatoren van deze opgave zijn nog geen streefwaarden vastgesteld: er is nog geen oordeel "
               "over de voortgang. Een streefwaarde zet de analist in het configuratiebestand (target = { … } bij de "
               "indicator).")

st.subheader("Doelenboom")
st.graphviz_chart(doelenboom.doelenboom_dot(opgave, goals, catalog, **tree_inputs), width="stretch",
                  alt=f"Doelenboom van {opgave['title']}: ambitie, doelen en hun indicatoren")
drawn_levels = levels[levels.index("opgave"):] if "opgave" in levels else list(doelenboom.DEFAULT_LEVELS)
st.caption(f"Van links naar rechts: {' → '.join(drawn_levels)} → indicator (effect: een maatschappelijk effect; "
           "prestatie: wat gemeente en partners leveren). Een doel met een streefwaarde bij zijn indicatoren heeft "
           "een oordeel: blauw ✓ op koers, oranje ✗ achter, grijs gemengd of nog geen meting (de tellingen staan "
           "onder de boom, per doel); een indicator zijn voortgang (≈ binnen de marge). Een gestippeld vak heeft nog geen cijfers, of nog geen indicator (met de "
           "bron die daarvoor nodig is). 'Reeks t/m …' en 'nieuwe reeks vanaf …': de bron is het vanaf dat jaar "
           "anders gaan meten. 'Ook bij opgave …': de indicator meet ook een doel van die opgave.")
with st.expander("Doelenboom als tekst"):
    st.markdown(doelenboom.doelenboom_markdown(opgave, goals, catalog, nodes=nodes, **tree_inputs))

titles_by_code = dict(catalog.select("indicator_code", "title").iter_rows())
figures_by_code = {row["indicator_code"]: row for row in latest.iter_rows(named=True)}
activities_by_goal = tellen_vertellen.activities_by_goal(data.activities())
ACTIVITIES_SHOWN = 5  # per goal; the rest are on Tellen en vertellen


def goal_activities(goal_code: str) -> None:
    """'Wat we doen': the partner activities that name this goal (tellen beside the figures), newest first."""
    rows = activities_by_goal.get(goal_code)
    if rows is None or rows.is_empty():
        return
    lines = [f"- {row['year']}: {markdown_safe(row['name'])} ({markdown_safe(row['partner'])}, "
             f"{markdown_safe(row['region_name'] or row['region_code'])}) — "
             + (f"{fmt.number(row['participants'], 0)} deelnemers" if row["participants_status"] != "geheim"
                else f"deelnemers {layout.HIDDEN_PARTICIPANTS}")
             for row in rows.head(ACTIVITIES_SHOWN).iter_rows(named=True)]
    more = rows.height - ACTIVITIES_SHOWN
    st.markdown("**Wat we doen** (activiteiten van partners bij dit doel):  \n" + "\n".join(lines)
                + (f"\n\nen nog {more} — alle activiteiten staan op Tellen en vertellen." if more > 0 else ""))


def explain_goal(branch: dict) -> None:
    """Inside a goal's expander: its indicators with their latest figure and progress, then its subgoals."""
    for indicator in branch["indicators"]:
        row = figures_by_code.get(indicator["code"], {})
        note = doelenboom.indicator_note({**indicator, "progress": None})
        lines = [f"**{markdown_safe(indicator['title'])}** ({markdown_safe(indicator['unit'])})"
                 + (f" · {markdown_safe(note)}" if note else "")]
        found = indicator["progress"]
        if found is not None and found.label != prog.NO_TARGET:
            lines.append(doelenboom.progress_markdown(found, row.get("decimals"), row.get("unit") or "")
                         + f"  \n:gray[{markdown_safe(found.explanation)}]")
        elif row.get("value") is not None:
            lines.append(f"{gemeente_name} {row['year']}: "
                         f"{fmt.value_text(row['value'], row['decimals'], row['unit'], row.get('rounded_to'))} · "
                         "geen streefwaarde")
        st.markdown("  \n".join(lines))
    if not branch["indicators"] and not branch["children"]:
        st.markdown(f"*{markdown_safe(doelenboom.needs_text(branch['needs_source']))}*")
    goal_activities(branch["goal_code"])
    for child in branch["children"]:
        with st.expander(goal_label(child)):
            explain_goal(child)


def goal_label(branch: dict) -> str:
    number = f"{branch['number']}." if branch["depth"] == 1 else branch["number"]
    verdict = branch["verdict"]
    return (f"{number} {markdown_safe(branch['text'])}"
            + (f" — {doelenboom.verdict_text(verdict)}" if doelenboom.verdict_shown(verdict) else ""))


if branches:
    st.subheader("Per doel: oordeel en de indicatoren die het verklaren")
    st.caption(prog.GOAL_RULE_TEXT)
    for branch in branches:
        with st.expander(goal_label(branch)):
            explain_goal(branch)

page_targets = [code for code in indicators["indicator_code"] if code in targets]
if page_targets:
    st.subheader("Voortgang naar de streefwaarden")
    st.caption(prog.RULE_TEXT)
    with_target = indicators.filter(pl.col("indicator_code").is_in(page_targets))
    table = prog.progress_table(with_target, targets, latest)
    decimals = dict(indicators.select("indicator_code", "decimals").iter_rows())

    def shown_figure(code: str, value: float | None, unit: str | None, trim: bool = False) -> str:
        return "–" if value is None else prog.figure_text(value, decimals.get(code), unit or "", trim=trim)

    st.dataframe([
        {"Indicator": row["titel"],
         "Nulmeting": (f"{shown_figure(row['indicator'], row['nulmeting'], row['eenheid'])} "
                       f"({row['nulmeting_jaar']})" if row["nulmeting"] is not None
                       else f"geen cijfer ({row['nulmeting_jaar']})"),
         "Streefwaarde": f"{shown_figure(row['indicator'], row['streefwaarde'], row['eenheid'], True)} "
                         f"({row['streefjaar']})",
         "Laatste cijfer": (f"{shown_figure(row['indicator'], row['laatste_waarde'], row['eenheid'])} "
                            f"({row['laatste_jaar']})" if row["laatste_waarde"] is not None else "–"),
         "Verwacht": shown_figure(row["indicator"], row["verwacht"], row["eenheid"]),
         "Voortgang": prog.label_text(row["voortgang"]),
         "Bron streefwaarde": row["bron_streefwaarde"]}
        for row in table.iter_rows(named=True)], hide_index=True)
    st.caption("Verwacht: de waarde op het pad van de nulmeting naar de streefwaarde in het jaar van het laatste "
               "cijfer. De download heeft ook de bron van de nulmeting, het ambitieniveau, het 95%-interval en de "
               "toelichting per indicator.")
    # The file rounds its figures as every download does (app/export.py); made only when clicked.
    layout.download_buttons(lambda: export.tidy_progress(with_target, targets, latest), gemeente_name,
                            f"voortgang_{opgave_code}")

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
# Beside Nederland: the provincie and the median (with its spread) of the comparison gemeenten (app.comparison).
figures = comparison.with_comparison(figures, data.comparison_figures(tuple(indicators["indicator_code"])),
                                     data.comparison_regions())
if comparison_note := comparison.chart_note(data.comparison_regions(), gemeente_name):
    st.caption(markdown_safe(comparison_note))
goal_numbers = doelenboom.goal_numbers(goals)
goal_opgave = dict(goals.select("goal_code", "opgave_code").iter_rows())
served_goals = doelenboom.links(catalog, indicator_goals)


def goal_reference(code: str) -> str:
    """' · Doel 3 en 3.1' for the goals of this opgave an indicator serves, ' · ook bij opgave …' for others."""
    served = served_goals.get(code, [])
    own = [goal_numbers[goal] for goal in served if goal_opgave.get(goal) == opgave_code]
    others = sorted({opgave_titles[goal_opgave[goal]] for goal in served
                     if goal_opgave.get(goal) not in (None, opgave_code)})
    return ((f" · Doel {' en '.join(own)}" if own else "")
            + (f" · ook bij opgave {markdown_safe(' en '.join(others))}" if others else ""))


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
            kind = doelenboom.KIND_TEXT.get(indicator.get("kind"))
            found = progresses.get(code)
            progress_line = doelenboom.progress_markdown(found, indicator["decimals"], indicator["unit"],
                                                         colour=False)  # in a caption
            if progress_line:
                progress_line = f"  \n{progress_line}  \n{markdown_safe(found.explanation)}"
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
                     + (f" · {kind}" if kind else "") + goal_reference(code)
                     + (f"  \n{series_line}" if series_line else "") + progress_line)
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
            st.vega_lite_chart(spec=trend.trend_spec(rows, height=330, legend_columns=3, target=targets.get(code)))
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
                                    f"opgave_{opgave_code}_{code}", targets=targets if code in targets else None,
                                    gemeente_code=gemeente_code)
            if not focus and st.button("Alleen deze grafiek (om te delen)", key=f"focus_{code}", type="tertiary",
                                       icon=":material/filter_center_focus:"):
                selection.set_url_value("indicator", code)
                st.rerun()

st.subheader("De wijken op de kaart")
wijk_figures = data.observations(tuple(indicators["indicator_code"]), tuple(wijk_names), "totaal")
with_wijk_values = wijk_figures.filter(pl.col("value").is_not_null())
map_titles = {code: title for code, title in indicators.select("indicator_code", "title").iter_rows()
              if code in set(with_wijk_values["indicator_code"])}
if not map_titles:
    st.info(f"De indicatoren van deze opgave hebben geen cijfers per wijk van {gemeente_name}: er is niets op de "
            "kaart te zetten.", icon=":material/map:")
else:
    choose_indicator, choose_year = st.columns([4, 1])
    with choose_indicator:
        map_code = st.selectbox("Indicator op de kaart", list(map_titles), format_func=map_titles.__getitem__,
                                key=f"opgaven_kaart_{opgave_code}")
    map_years = sorted(set(with_wijk_values.filter(pl.col("indicator_code") == map_code)["year"]), reverse=True)
    with choose_year:
        map_year = st.selectbox("Jaar", map_years, key=f"opgaven_kaart_jaar_{opgave_code}_{map_code}")
    st.caption(f"{markdown_safe(map_titles[map_code])} in {map_year} per wijk (of buurt). De tabel naast de kaart "
               "geeft dezelfde cijfers.")
    map_panel.show(map_code, map_year, key=f"opgaven_{opgave_code}", subject=f"opgave_{opgave_code}_{map_code}")
