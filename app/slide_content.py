"""What each presentation slide shows: little text, large figures, laid out for one 16:9 screen.

Every slide fits 1280×720 and scales with a larger beamer (the CSS in
app/layout.py; tests/test_browser_presentation.py checks every slide at both
sizes). The slides reuse the charts, tables and domain rules of the other pages,
so the raad sees the same figures the analyst checked.
"""

from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from app import (chart_cache, comparison_table, data, deviation, doelenboom, kaart, layout, map_panel, series,
                 slides, tellen_vertellen, visual)
from app import format as fmt
from app import progress as prog
from app.charts import trend
from app.charts import wijk as wijk_charts
from app.plain_text import markdown_safe

STORY_PREFERENCE = ("inwonersstem", "casus", "evaluatie")  # a resident's voice speaks most directly to the raad
ACTIVITIES_ON_SLIDE = 5
# Charts are drawn at a fixed design size (px) per layout and scaled with the screen by the presentation's CSS,
# so axis and legend text grow with the beamer like the rest of the slide: by the number of kernindicatoren.
CHART_DESIGN = {1: (760, 300), 2: (560, 300), 3: (400, 300)}
CHART_FONT_SCALE = 1.5
RANKING_DESIGN, RANKING_FONT_SCALE = (720, 430), 1.2
MAP_DESIGN, MAP_FONT_SCALE = (500, 360), 1.2
NATIONAL = "NL00"


def _progresses(info: dict) -> dict[str, prog.Progress]:
    """The gemeente's progress per indicator towards its streefwaarde (the rule is app.progress's)."""
    gemeente_code = info["gemeente_code"]
    return prog.progress_by_indicator(data.targets(gemeente_code), data.latest_by_indicator(gemeente_code))


def ambitie_en_doelen(opgave: dict, info: dict) -> None:
    all_goals, indicator_goals = data.goals(), data.indicator_goals()
    goals = all_goals.filter(pl.col("opgave_code") == opgave["opgave_code"])
    measured = doelenboom.measured_goals(all_goals, data.indicator_catalog(), indicator_goals)
    progresses = _progresses(info)
    verdicts = prog.goal_verdicts(all_goals, indicator_goals, progresses)
    verdict = prog.opgave_verdicts(all_goals, indicator_goals, progresses).get(opgave["opgave_code"])
    above = doelenboom.ancestors(opgave, data.goal_nodes())
    st.title(f"{opgave['sort_order']}. {markdown_safe(opgave['title'])}")
    if above:
        st.caption(" → ".join(f"{doelenboom.level_title(node['level'])}: {markdown_safe(node['text'])}"
                              for node in above))
    st.markdown(f"### {markdown_safe(opgave['ambition'])}")
    if doelenboom.verdict_shown(verdict):
        st.markdown(f"**Oordeel:** {doelenboom.verdict_markdown(verdict)}")
    # A goal without an indicator says which source it needs: the raad sees what the monitor cannot show yet.
    st.markdown("**We willen dat:**"
                + doelenboom.goal_list_markdown(goals, measured, verdicts).removeprefix("We willen dat:"))
    if doelenboom.verdict_shown(verdict):
        st.caption("Oordeel per doel uit de voortgang van zijn indicatoren naar hun streefwaarde: op koers als er "
                   "geen achter is, achter als meer dan de helft achter is, anders gemengd.")


def kernindicatoren(opgave: dict, info: dict) -> None:
    """Per kernindicator a headline figure above its trend (gemeente and Nederland): the analyst's choice in the
    config, or the opgave's first indicators with a trend (figures in two or more years)."""
    gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
    st.title(f"{markdown_safe(opgave['title'])}: kernindicatoren in de tijd")
    catalog = data.indicator_catalog().filter(pl.col("opgave_code") == opgave["opgave_code"])
    figures = data.observations(tuple(catalog["indicator_code"]), (gemeente_code, NATIONAL), "totaal")
    counts = (figures.filter((pl.col("region_code") == gemeente_code) & pl.col("value").is_not_null())
              .group_by("indicator_code").len())
    with_trend = set(counts.filter(pl.col("len") >= 2)["indicator_code"])
    chosen = slides.kernindicatoren(opgave.get("kernindicatoren"), catalog["indicator_code"].to_list(), with_trend)
    if not chosen:
        st.markdown(f"Voor deze opgave zijn nog geen cijfers over meerdere jaren voor {gemeente_name} geladen.")
        return
    width, height = CHART_DESIGN[len(chosen)]
    columns = st.columns(len(chosen), gap="medium")
    targets = prog.targets_by_indicator(data.targets(gemeente_code))
    progresses = _progresses(info)
    titles = dict(data.indicator_catalog().select("indicator_code", "title").iter_rows())
    for index, code in enumerate(chosen):
        indicator = catalog.filter(pl.col("indicator_code") == code).row(0, named=True)
        rows, national_out = trend.comparable_regions(figures.filter(pl.col("indicator_code") == code))
        with columns[index], st.container(key=f"kernindicator_{index}"):
            st.markdown(f"**{markdown_safe(indicator['title'])}**")
            figure = slides.headline(rows, gemeente_code)
            if figure is None:
                st.markdown(f"Nog geen cijfer voor {markdown_safe(gemeente_name)}.")
                continue
            headline_figure(figure, gemeente_name, progresses.get(code), indicator["decimals"], indicator["unit"])
            if code in with_trend:
                spec = trend.trend_spec(rows, height=height, font_scale=CHART_FONT_SCALE, legend_columns=2,
                                        axis_titles=False, target=targets.get(code))
                # Its text alternative is the spec's description (trend_spec writes it).
                st.vega_lite_chart(spec=_on_beamer(spec, width), width="content")
            else:
                st.caption("Nog maar één meting: geen verloop te tekenen.")
            band = " · band: 95%-interval van de schatting" if trend.has_intervals(rows) else ""
            gaps = trend.gap_summary(rows)  # says a series break in words, with its note
            started = (series.note({**indicator, "predecessor_title": titles.get(indicator["predecessor_code"])})
                       if series.has_started(indicator) else "")
            st.caption(f"Bron: {markdown_safe(indicator['source_title'])}{band}"
                       + (f" · {markdown_safe(gaps)}" if gaps else "")
                       + (f" · {markdown_safe(started)}" if started else "")
                       + (f" · {markdown_safe(national_out)} niet getoond: dat aantal is vele malen groter."
                          if national_out else ""))
    rest = catalog.height - len(chosen)
    if rest > 0:
        st.caption(f"Nog {rest} {'indicator' if rest == 1 else 'indicatoren'} van deze opgave op de pagina Opgaven.")


def headline_figure(figure: slides.Headline, region_name: str, progress: prog.Progress | None = None,
                    decimals: int | None = None, indicator_unit: str = "") -> None:
    """The large figure, its year and status, the change in colour with ✓/✗ (never colour alone), and with a
    streefwaarde the progress towards it ('Streefwaarde 12% in 2028: ✓ op koers')."""
    verdict = figure.verdict
    mark = f"{verdict.symbol} {verdict.key}: " if verdict.symbol else ""
    change = ""
    if figure.change:
        style = f' style="color:{verdict.colour}"' if verdict.symbol else ""
        change = (f'<div class="dia-verandering"{style}>{escape(mark + figure.change)}'
                  + (f" ({escape(figure.qualifier)})" if figure.qualifier else "") + "</div>")
    details = [f"{region_name} {figure.year}"] + [part for part in (figure.status, figure.interval) if part]
    unit = f' <span class="dia-eenheid">{escape(figure.unit)}</span>' if figure.unit else ""
    on_path = ""
    if progress is not None and progress.target is not None:
        style = f' style="color:{progress.visual.colour}"' if progress.visual.symbol else ""
        # The unit only when it is short ('%'): a long one ('per 1.000 inwoners') stands right above, after the
        # figure, and would wrap the line on a third of the beamer.
        shown_unit = indicator_unit if indicator_unit == "%" else ""
        on_path = (f'<div class="dia-verandering"{style}>Streefwaarde '
                   f'{escape(prog.target_text(progress.target, decimals, shown_unit))}: '
                   f'{escape(progress.label_text)}</div>')
    st.markdown(f'<div class="dia-kerncijfer"><div class="dia-waarde">{escape(figure.value)}{unit}</div>{change}'
                f'{on_path}<div class="dia-toelichting">{escape(" · ".join(details))}</div></div>',
                unsafe_allow_html=True)


def _wijk_indicator(opgave: dict, info: dict) -> tuple[pl.DataFrame, pl.DataFrame, str, int, str] | None:
    """(figures, wijken, indicator code, year, title) the wijk slides show: the opgave's first judged indicator with
    wijk figures, in its newest year; None when the opgave has no wijk figures. The ranking and the map slide show
    the same indicator and year, so the raad sees one comparison twice: as bars and on the map."""
    wijken = data.wijken()
    catalog = data.indicator_catalog().filter(pl.col("opgave_code") == opgave["opgave_code"])
    figures = data.observations(tuple(catalog["indicator_code"]),
                                tuple(wijken["region_code"]) + (info["gemeente_code"], NATIONAL), "totaal")
    chosen = comparison_table.key_indicators(figures, wijken["region_code"].to_list())
    if not chosen:
        st.markdown(f"Voor deze opgave zijn er nog geen cijfers per wijk van {info['gemeente_name']}.")
        return None
    code = chosen[0]
    year = figures.filter((pl.col("indicator_code") == code) & pl.col("region_code").is_in(wijken["region_code"].to_list())
                          & pl.col("value").is_not_null())["year"].max()
    return figures, wijken, code, year, catalog.filter(pl.col("indicator_code") == code)["title"][0]


def wijken_vergeleken(opgave: dict, info: dict) -> None:
    """The wijken ranked on the opgave's first judged indicator with wijk figures, in its newest year."""
    gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
    st.title(f"{markdown_safe(opgave['title'])}: wijken vergeleken")
    found = _wijk_indicator(opgave, info)
    if found is None:
        return
    figures, wijken, code, year, title = found
    chart_column, text_column = st.columns([3, 1], gap="medium")
    with chart_column:
        spec = _ranking_spec(figures, wijken, code, year, gemeente_code)
        st.vega_lite_chart(spec=spec, width="content")  # its description is the text alternative
    with text_column:
        st.markdown(f"**{markdown_safe(title)}** per wijk in {year}: blauw ✓ = beter dan {gemeente_name}, "
                    f"oranje ✗ = slechter, ≈ = geen verschil van betekenis. Doorgetrokken lijn: {gemeente_name}; "
                    "gestreept: Nederland.")
        ranked = comparison_table.ranking(figures, wijken, code, year, gemeente_code)
        rounded = ranked["rounded_to"].max()
        if rounded:
            note = fmt.rounding_note(figures.filter(pl.col("indicator_code") == code)["unit"][0], rounded)
            st.caption(f"{note[:1].upper()}{note[1:]}.")
        if without := comparison_table.without_figure_note(ranked):
            st.caption(without)
        st.caption(f"Bron: {markdown_safe(figures.filter(pl.col('indicator_code') == code)['source_title'][0])}. "
                   "Bij RIVM-schattingen telt een verschil alleen als de 95%-intervallen van wijk en gemeente elkaar "
                   "niet overlappen. Alle indicatoren en wijken: de pagina Wijkvergelijking.")


def wijken_op_de_kaart(opgave: dict, info: dict) -> None:
    """The same indicator and year as the ranking slide, on the map of the wijken, with its table beside it."""
    st.title(f"{markdown_safe(opgave['title'])}: de wijken op de kaart")
    found = _wijk_indicator(opgave, info)
    if found is None:
        return
    _, _, code, year, title = found
    shown, spec = map_panel.region_map(code, year, "wijk", size=MAP_DESIGN, font_scale=MAP_FONT_SCALE)
    if shown is None:
        st.markdown("Er zijn nog geen grenzen van de wijken geladen, dus er is geen kaart. De dia *Wijken vergeleken* "
                    "toont dezelfde cijfers.")
        return
    chart_column, text_column = st.columns([4, 5], gap="medium")
    with chart_column:
        # Drawn at its design size and scaled by the CSS; its description (the summary) is the text alternative.
        st.vega_lite_chart(spec=spec | {"config": {**spec.get("config", {}), "aria": False}}, width="content")
    with text_column:
        st.markdown(f"**{markdown_safe(title)}** per wijk in {year}.")
        st.table(kaart.map_table(shown, compact=True), hide_index=True, border="horizontal")
        notes = [shown.boundary_note] if shown.boundary_note else []
        notes.append(f"Kaart: {shown.attribution}" + (f" — {kaart.DEMO_SHAPES_NOTE}" if shown.demo_shapes else "")
                     + ".")
        st.caption("  \n".join(markdown_safe(note) for note in notes))


@st.cache_data(show_spinner=False, max_entries=64)
def _ranking_spec(figures: pl.DataFrame, wijken: pl.DataFrame, code: str, year: int, gemeente_code: str) -> dict:
    """The ranking chart at its design size; the CSS scales it to the slide (chart_cache.show would stretch it)."""
    spec = chart_cache.to_spec(wijk_charts.ranking_chart(figures, wijken, code, year, gemeente_code, NATIONAL,
                                                         font_scale=RANKING_FONT_SCALE))
    return _on_beamer(spec, *RANKING_DESIGN)


def _on_beamer(spec: dict, width: int, height: int | None = None) -> dict:
    """A chart at its design size (the CSS scales it), read by a screen reader as one image with its description.

    Without aria on the marks (Vega's default gives every line and bar the role of an unlabelled image: axe's
    svg-img-alt); the chart's description (the spec's, written by the chart builder) is the text alternative.
    """
    sized = spec | {"width": width} | ({"height": height} if height else {})
    return sized | {"config": {**spec.get("config", {}), "aria": False}}


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


SLIDE_RENDERERS = (ambitie_en_doelen, kernindicatoren, tellen_en_vertellen, wijken_vergeleken, wijken_op_de_kaart)


# --- the wijk slide ------------------------------------------------------------------------------------------------

SKETCH_CHARACTERS = 280  # the situatieschets in short: about four lines beside the figures
STRIKING_PER_KIND = 2  # opvallend on a slide: the two largest deviations each way
KEY_FIGURE_COLUMNS = 3


def wijk(wijk_code: str, info: dict) -> None:
    """One wijk in one screen: its situatieschets in short, what stands out, and its key figures beside the gemeente."""
    gemeente_code, gemeente_name = info["gemeente_code"], info["gemeente_name"]
    wijken = data.wijken()
    name = wijken.filter(pl.col("region_code") == wijk_code)["name"][0]
    figures = data.observations(None, (wijk_code, gemeente_code), "totaal")
    wijk_rows = figures.filter(pl.col("region_code") == wijk_code)
    population = slides.headline(figures.filter(pl.col("indicator_code") == "inwoners"), wijk_code)
    st.title(f"Wijk {markdown_safe(name)}"
             + (f" · {population.value} inwoners ({population.year})" if population is not None else ""))
    words, numbers = st.columns([1, 1], gap="large")
    with words:
        st.subheader("Situatieschets")
        sketches = (data.stories().filter((pl.col("region_code") == wijk_code) & (pl.col("kind") == "situatieschets"))
                    .sort("year", descending=True))
        if sketches.height:
            sketch = sketches.row(0, named=True)
            st.markdown(markdown_safe(slides.in_short(sketch["body"], SKETCH_CHARACTERS)))
            st.caption(f"{markdown_safe(sketch['source'])}, {sketch['year']}. Het hele verhaal: de pagina Wijkprofiel.")
        else:
            st.markdown(f"Voor {markdown_safe(name)} is nog geen situatieschets opgegeven.")
        st.subheader("Opvallend")
        # The same rule as the Opvallend list of the Wijkprofiel (deviation.striking), fewer lines.
        striking = deviation.striking(wijk_rows, figures.filter(pl.col("region_code") == gemeente_code),
                                      limit=STRIKING_PER_KIND)
        lines = [f"- {visual.VERDICTS[verdict].symbol} {comparison_table.describe_striking(row, gemeente_name)}"
                 for verdict in ("beter", "slechter")
                 for row in striking.filter(pl.col("verdict") == verdict).iter_rows(named=True)]
        with st.container(key="dia_opvallend"):
            st.markdown("\n".join(lines) if lines else
                        f"Geen indicator waarop {markdown_safe(name)} duidelijk afwijkt van {gemeente_name}.")
    with numbers:
        st.subheader(f"Kerncijfers naast {markdown_safe(gemeente_name)}")
        _wijk_key_figures(figures, wijk_code, gemeente_code, gemeente_name, wijken)


def _wijk_key_figures(figures: pl.DataFrame, wijk_code: str, gemeente_code: str, gemeente_name: str,
                      wijken: pl.DataFrame) -> None:
    """Per opgave the first indicator that can be judged per wijk (as the Wijkvergelijking chooses), in the newest
    year the wijk has a figure, against the gemeente in that year."""
    codes = comparison_table.key_indicators(figures, wijken["region_code"].to_list())
    tiles = []
    for code in codes:
        rows = figures.filter((pl.col("indicator_code") == code) & pl.col("value").is_not_null())
        own = rows.filter(pl.col("region_code") == wijk_code).sort("year")
        if own.is_empty():
            continue
        row = own.row(-1, named=True)
        reference = rows.filter((pl.col("region_code") == gemeente_code) & (pl.col("year") == row["year"]))
        tiles.append((row, reference.row(0, named=True) if reference.height else None))
    if not tiles:
        st.markdown("Nog geen cijfers per wijk geladen.")
        return
    for start in range(0, len(tiles), KEY_FIGURE_COLUMNS):
        for column, (row, reference) in zip(st.columns(KEY_FIGURE_COLUMNS, gap="small"),
                                            tiles[start:start + KEY_FIGURE_COLUMNS]):
            with column, st.container(border=True, key=f"wijkcijfer_{row['indicator_code']}"):
                _key_figure(row, reference, gemeente_name)
    st.caption("✓ beter, ✗ slechter, ≈ geen verschil van betekenis met de gemeente (bij schattingen: de "
               "95%-intervallen overlappen). Tussen haakjes het 95%-interval van een schatting.")


def _key_figure(row: dict, reference: dict | None, gemeente_name: str) -> None:
    judged = comparison_table.judge_rows(row, reference)
    verdict = visual.VERDICTS.get(judged.verdict, visual.NO_JUDGEMENT)
    mark = comparison_table.verdict_mark(judged, row["unit"], words=True)
    style = f' style="color:{verdict.colour}"' if verdict.symbol else ""
    interval = deviation.interval_of(row)
    value = fmt.value_text(row["value"], row["decimals"], row["unit"], row.get("rounded_to"))
    details = ([f"({fmt.number(interval[0], row['decimals'])}–{fmt.number(interval[1], row['decimals'])})"]
               if interval else []) + [str(row["year"])]
    compared = (f"{gemeente_name}: {comparison_table.figure_text(reference, short=True)}" if reference is not None
                else f"{gemeente_name}: geen cijfer in {row['year']}")
    st.markdown(f'<div class="dia-tegel-titel">{escape(row["title"])}</div>'
                f'<div class="dia-tegel-waarde">{escape(value)}</div>'
                f'<div class="dia-toelichting">{escape(" ".join(details))}</div>'
                f'<div class="dia-tegel-oordeel"{style}>{escape(mark)}</div>'
                f'<div class="dia-toelichting">{escape(compared)}</div>', unsafe_allow_html=True)
