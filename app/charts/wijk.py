"""Charts about wijken: a wijk next to the gemeente and Nederland, and all wijken ranked on one indicator.

Each chart has a `*_rows` function that picks the observations it shows (the
page offers exactly those rows as download) and a chart function that draws
them. Values in tooltips and labels are pre-formatted the Dutch way; axes use
a Dutch number locale. Missing or suppressed figures are never drawn as 0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import altair as alt
import polars as pl

from app import comparison_table, deviation, distribution, series, visual
from app import format as fmt
from app.charts import trend
from monitor import periods

# Axis labels the Dutch way (2,5 and 17.000): Streamlit does not pass a formatLocale on to Vega, so the
# label swaps the separators itself.
DUTCH_LABEL = ("replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), "
               "regexp('\\\\.', 'g'), ','), regexp('_', 'g'), '.')")


def dutch_axis(**options) -> alt.Axis:
    return alt.Axis(labelExpr=DUTCH_LABEL, **options)


# Wijk, gemeente, Nederland: as in every chart (app.visual), so the gemeente is never a wijk colour.
REGION_COLOURS = [visual.wijk_style(0).colour, visual.GEMEENTE.colour, visual.NEDERLAND.colour]

BAR_STEP = 14  # pixels per bar

AGE_INDICATORS = ("aandeel_0_15", "aandeel_15_25", "aandeel_25_45", "aandeel_45_65", "aandeel_65plus")
AGE_LABELS = {
    "aandeel_0_15": "0 tot 15 jaar", "aandeel_15_25": "15 tot 25 jaar", "aandeel_25_45": "25 tot 45 jaar",
    "aandeel_45_65": "45 tot 65 jaar", "aandeel_65plus": "65 jaar of ouder",
}


CHART_COLUMNS = ["indicator_code", "title", "unit", "region_code", "region_name", "year", "breakdown", "value",
                 "ci_low", "ci_high", "source_title"]


def _with_text(rows: pl.DataFrame, *extra: str) -> pl.DataFrame:
    """Only the columns a chart uses (the spec carries its data), plus the Dutch figure text and status word."""
    return rows.select(*CHART_COLUMNS, *extra).with_columns(
        pl.Series("figuur", [comparison_table.figure_text(row) for row in rows.iter_rows(named=True)],
                  dtype=pl.String),
        pl.Series("status_tekst", [fmt.status_text(status) for status in rows["status"].to_list()], dtype=pl.String),
    )


def _newest_year_of(rows: pl.DataFrame, region_code: str) -> int | None:
    years = rows.filter((pl.col("region_code") == region_code) & pl.col("value").is_not_null())["year"]
    return years.max() if years.len() else None


def _regions(rows: pl.DataFrame, region_codes: Sequence[str]) -> list[str]:
    names = dict(rows.select("region_code", "region_name").unique().iter_rows())
    return [names[code] for code in region_codes if code in names]



# --- a wijk next to the gemeente and Nederland ----------------------------------------------------------


def age_rows(observations: pl.DataFrame, wijk_code: str, gemeente_code: str, compare_code: str = "NL00") -> pl.DataFrame:
    """The five age shares in the wijk's newest year, for wijk, gemeente and Nederland."""
    rows = _years_only(observations).filter(pl.col("indicator_code").is_in(AGE_INDICATORS) & (pl.col("breakdown") == "totaal")
                               & pl.col("region_code").is_in([wijk_code, gemeente_code, compare_code]))
    year = _newest_year_of(rows, wijk_code)
    return rows.filter(pl.col("year") == year) if year else rows.clear()


def latest_rows(observations: pl.DataFrame, indicator_codes: Sequence[str], wijk_code: str, gemeente_code: str,
                compare_code: str = "NL00", breakdown: str = "totaal") -> pl.DataFrame:
    """Per indicator the wijk's newest year with a figure, and the gemeente and Nederland in that same year."""
    rows = _years_only(observations).filter(pl.col("indicator_code").is_in(list(indicator_codes))
                               & (pl.col("breakdown") == breakdown)
                               & pl.col("region_code").is_in([wijk_code, gemeente_code, compare_code]))
    newest = (rows.filter((pl.col("region_code") == wijk_code) & pl.col("value").is_not_null())
              .group_by("indicator_code").agg(pl.col("year").max()))
    return rows.join(newest, on=["indicator_code", "year"], how="semi").sort("sort_order", "region_code")


def trend_rows(observations: pl.DataFrame, indicator_codes: Sequence[str], wijk_code: str, gemeente_code: str,
               compare_code: str = "NL00") -> pl.DataFrame:
    """All years of some indicators for wijk, gemeente and Nederland (breakdown 'totaal'), only where the wijk has
    figures; year figures only (half-years are not on the same line), with the years after a series break."""
    rows = _years_only(observations).filter(
        pl.col("indicator_code").is_in(list(indicator_codes)) & (pl.col("breakdown") == "totaal")
        & pl.col("region_code").is_in([wijk_code, gemeente_code, compare_code]))
    with_wijk = rows.filter((pl.col("region_code") == wijk_code) & pl.col("value").is_not_null())["indicator_code"]
    return rows.filter(pl.col("indicator_code").is_in(with_wijk.unique().to_list())).sort("sort_order", "year")


def without_dwarfing_national(rows: pl.DataFrame, compare_code: str = "NL00") -> tuple[pl.DataFrame, list[str]]:
    """Counts for which Nederland's figure would flatten the wijk and gemeente in a shared scale: Nederland out.

    Returns the rows to draw and the titles of the indicators Nederland was left out of (for the caption).
    """
    dropped = []
    for code in rows.filter(pl.col("unit") == "aantal")["indicator_code"].unique(maintain_order=True).to_list():
        own = rows.filter(pl.col("indicator_code") == code)
        national = own.filter(pl.col("region_code") == compare_code)["value"].max()
        others = own.filter(pl.col("region_code") != compare_code)["value"].max()
        if national is not None and others is not None and national > trend.NATIONAL_SCALE_LIMIT * max(others, 1):
            dropped.append(code)
    if not dropped:
        return rows, []
    titles = rows.filter(pl.col("indicator_code").is_in(dropped))["title"].unique(maintain_order=True).to_list()
    return rows.filter(~(pl.col("indicator_code").is_in(dropped) & (pl.col("region_code") == compare_code))), titles


def _years_only(rows: pl.DataFrame) -> pl.DataFrame:
    """Year figures: a half-year figure is never compared with, or drawn next to, a year figure."""
    return rows.filter(pl.col("period") == periods.YEAR) if "period" in rows.columns else rows


def breakdown_rows(observations: pl.DataFrame, indicator_code: str, wijk_code: str, gemeente_code: str,
                   compare_code: str = "NL00") -> pl.DataFrame:
    """One indicator split by group (age group, migratieachtergrond) in the wijk's newest year, without the total."""
    rows = _years_only(observations).filter((pl.col("indicator_code") == indicator_code) & (pl.col("breakdown") != "totaal")
                               & pl.col("region_code").is_in([wijk_code, gemeente_code, compare_code]))
    year = _newest_year_of(rows, wijk_code)
    return rows.filter(pl.col("year") == year) if year else rows.clear()


def breakdown_levels(observations: pl.DataFrame, indicator_code: str, wijk_code: str, gemeente_code: str,
                     breakdown_groups: pl.DataFrame, compare_code: str = "NL00") -> distribution.Levels:
    """breakdown_rows split by level of the configured classification: the groups together, each group's
    subgroups apart (never mixed: a distribution's mixed bars add up to more than all inwoners)."""
    rows = breakdown_rows(observations, indicator_code, wijk_code, gemeente_code, compare_code)
    return distribution.levels(rows, distribution.meta_of(breakdown_groups, indicator_code))


def regions_chart(rows: pl.DataFrame, region_codes: Sequence[str], category: str, category_title: str,
                  value_title: str, category_order: Sequence[str] | None = None) -> alt.LayerChart:
    """Horizontal bars per category (indicator, age group, migratieachtergrond), one bar per region, with 95%-intervals.

    rows: observations of a single unit; region_codes: wijk, gemeente, Nederland (their colours, in this order).
    Missing figures get no bar; their tooltip-free absence is explained by the page.
    """
    shown = _with_text(rows.filter(pl.col("value").is_not_null()), *[c for c in [category] if c not in CHART_COLUMNS])
    names = _regions(rows, region_codes)
    order = list(category_order) if category_order else shown[category].unique(maintain_order=True).to_list()
    # Colours by level, not position: heel Soest next to Nederland keeps the gemeente's colour.
    colours = [style.colour for style in _region_styles(rows, region_codes)[1]]
    colour = alt.Color("region_name:N", title="Regio",
                       scale=alt.Scale(domain=names, range=colours),
                       sort=names, legend=alt.Legend(orient="top"))
    base = alt.Chart(shown).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=order, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("region_name:N", sort=names),
        tooltip=_tooltip(category, category_title),
    )
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=value_title, axis=dutch_axis()), color=colour)
    intervals = base.transform_filter("isValid(datum.ci_low)").mark_rule(color=visual.TEXT).encode(
        x=alt.X("ci_low:Q", title=value_title), x2="ci_high:Q")
    # A step per category, not a total height: Streamlit fits legend and axes inside a fixed height.
    return visual.configure(alt.layer(bars, intervals).properties(
        height=alt.Step(BAR_STEP, **{"for": "offset"}),
        description=describe_regions(shown, names, category, category_title, value_title, order)))


def describe_regions(shown: pl.DataFrame, names: Sequence[str], category: str, category_title: str,
                     value_title: str, order: Sequence[str]) -> str:
    """The bar chart in one Dutch line, its text alternative: per category each region's figure.

    'Staafdiagram: Aandeel van de inwoners (%) naar leeftijd in Smitsveen, Soest en Nederland. 0 tot 15 jaar:
    Smitsveen 18,2%, Soest 16,9%, Nederland 15,4%; …'
    """
    figures = {(row[category], row["region_name"]): row["figuur"] for row in shown.iter_rows(named=True)}
    parts = [f"{group}: " + ", ".join(f"{name} {figures[(group, name)]}" for name in names if (group, name) in figures)
             for group in order if any((group, name) in figures for name in names)]
    regions = ", ".join(names[:-1]) + f" en {names[-1]}" if len(names) > 1 else "".join(names)
    return (f"Staafdiagram: {value_title} naar {category_title.lower()} in {regions}. " + "; ".join(parts)
            + ("." if parts else "Geen cijfers."))


def age_structure_chart(rows: pl.DataFrame, region_codes: Sequence[str]) -> alt.LayerChart:
    """Leeftijdsopbouw: the share of each age group in wijk, gemeente and Nederland."""
    labelled = rows.with_columns(pl.col("indicator_code").replace_strict(AGE_LABELS, default=pl.col("title"))
                                 .alias("leeftijd"))
    order = [AGE_LABELS[code] for code in AGE_INDICATORS]
    return regions_chart(labelled, region_codes, "leeftijd", "Leeftijd", "Aandeel van de inwoners (%)", order)


def trend_chart(rows: pl.DataFrame, region_codes: Sequence[str], columns: int = 2) -> alt.FacetChart:
    """Small multiples over time, one per indicator with its own scale, wijk vs gemeente vs Nederland.

    A year after a series break (status 'reeksbreuk') gets a grey band with the word 'reeksbreuk' in
    its panel, and its note in the tooltip: the line stops there, it is not a missing figure.
    """
    panel = (pl.col("title") + pl.when(pl.col("unit") == "%").then(pl.lit(" (%)"))
             .otherwise(pl.lit(" (") + pl.col("unit") + pl.lit(")"))).alias("paneel")
    figures = _with_text(rows.filter(pl.col("value").is_not_null())).with_columns(panel)
    breaks = _break_rows(rows).with_columns(panel)
    shown = pl.concat([figures, breaks], how="diagonal_relaxed")
    names, styles = _region_styles(rows, region_codes)
    colour = alt.Color("region_name:N", title="Regio", scale=alt.Scale(domain=names, range=[s.colour for s in styles]),
                       sort=names, legend=alt.Legend(orient="top", labelLimit=0))
    # The gemeente solid, Nederland grey dashed, as in every chart (app.visual).
    dash = alt.StrokeDash("region_name:N", title="Regio", sort=names, legend=None,
                          scale=alt.Scale(domain=names, range=[list(s.dash) or [1, 0] for s in styles]))
    shape = alt.Shape("region_name:N", title="Regio", sort=names, legend=alt.Legend(orient="top", labelLimit=0),
                      scale=alt.Scale(domain=names, range=[s.shape for s in styles]))
    base = alt.Chart().encode(x=alt.X("year:O", title="Jaar"))
    values = base.transform_filter("isValid(datum.value)").encode(color=colour, tooltip=_tooltip())
    y = alt.Y("value:Q", title="Waarde", scale=alt.Scale(zero=False), axis=dutch_axis())
    lines = alt.layer(values.mark_line(strokeWidth=2.5).encode(y=y, strokeDash=dash),
                      values.mark_point(filled=True, opacity=1, size=45).encode(y=y, shape=shape))
    intervals = values.transform_filter("isValid(datum.ci_low)").mark_rule(opacity=0.6).encode(
        y=alt.Y("ci_low:Q", title="Waarde"), y2="ci_high:Q")
    layers = [lines, intervals]
    if breaks.height:
        marked = base.transform_filter("isValid(datum.reeksbreuk)")
        layers = [marked.mark_rect(color=BREAK_FILL, opacity=0.3).encode(
                      tooltip=[alt.Tooltip("title:N", title="Indicator"), alt.Tooltip("reeksbreuk:N", title="Reeksbreuk")]),
                  *layers,
                  marked.transform_filter("datum.reeksbreuk_label != ''").mark_text(
                      baseline="top", dy=3, align="left", dx=-12, color=BREAK_RULE, fontWeight="bold", fontSize=11)
                  .encode(y=alt.value(0), text="reeksbreuk_label:N")]
    panels = shown["paneel"].unique(maintain_order=True).to_list()
    # Each panel its own years and scale: GGD measures every few years, CBS yearly, KIS once.
    return visual.configure(
        alt.layer(*layers, data=shown).properties(width=300, height=160)
        .facet(facet=alt.Facet("paneel:N", title=None, sort=panels,
                               header=alt.Header(labelLimit=330, labelFontSize=12)),
               columns=columns)
        .resolve_scale(x="independent", y="independent")
        .properties(description=describe_small_multiples(rows, names)))


def _region_styles(rows: pl.DataFrame, region_codes: Sequence[str]) -> tuple[list[str], list[visual.RegionStyle]]:
    """The names of the regions present, in the given order, and their style by level (wijk, gemeente, land)."""
    levels = dict(rows.select("region_code", "region_level").unique().iter_rows()) if "region_level" in rows.columns \
        else {}
    names = dict(rows.select("region_code", "region_name").unique().iter_rows())
    present = [code for code in region_codes if code in names]
    styles, wijk_index = [], 0
    for position, code in enumerate(present):
        level = levels.get(code) or ("wijk" if position == 0 else "gemeente" if position == 1 else "land")
        if level == "gemeente":
            styles.append(visual.GEMEENTE)
        elif level == "land":
            styles.append(visual.NEDERLAND)
        else:
            styles.append(visual.wijk_style(wijk_index))
            wijk_index += 1
    return [names[code] for code in present], styles


def describe_small_multiples(rows: pl.DataFrame, names: Sequence[str]) -> str:
    """'Lijngrafieken, één per indicator (A, B): Smitsveen, Soest en Nederland, 2019 tot 2024.'"""
    shown = rows.filter(pl.col("value").is_not_null())
    if shown.is_empty():
        return "Lijngrafieken zonder cijfers."
    titles = shown["title"].unique(maintain_order=True).to_list()
    regions = ", ".join(names[:-1]) + f" en {names[-1]}" if len(names) > 1 else "".join(names)
    return (f"Lijngrafieken, één per indicator ({'; '.join(titles)}): {regions}, "
            f"{shown['year'].min()} tot {shown['year'].max()}.")


BREAK_FILL, BREAK_RULE = trend.BREAK_FILL, trend.BREAK_RULE  # as in the trend charts: a band, not a gap


def _break_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per indicator and break year (not per region: one band), with the note and, on the first year,
    the word 'reeksbreuk' for the band."""
    broken = rows.filter(pl.col("status") == series.BREAK).sort("sort_order", "year").unique(
        ["indicator_code", "year"], keep="first", maintain_order=True)
    if broken.is_empty():
        return pl.DataFrame(schema={"indicator_code": pl.String, "title": pl.String, "unit": pl.String,
                                    "year": pl.Int32, "reeksbreuk": pl.String, "reeksbreuk_label": pl.String})
    first = broken.group_by("indicator_code").agg(pl.col("year").min().alias("_first"))
    return broken.join(first, on="indicator_code").select(
        "indicator_code", "title", "unit", "year",
        pl.Series("reeksbreuk", [series.break_text(row) for row in broken.iter_rows(named=True)], dtype=pl.String),
        pl.when(pl.col("year") == pl.col("_first")).then(pl.lit(series.BREAK_LABEL)).otherwise(pl.lit(""))
        .alias("reeksbreuk_label"),
    )


def _tooltip(category: str | None = None, category_title: str | None = None) -> list[alt.Tooltip]:
    fields = [alt.Tooltip("region_name:N", title="Regio"), alt.Tooltip("title:N", title="Indicator")]
    if category and category not in ("title",):
        fields.append(alt.Tooltip(f"{category}:N", title=category_title))
    return fields + [alt.Tooltip("figuur:N", title="Waarde"), alt.Tooltip("year:O", title="Jaar"),
                     alt.Tooltip("status_tekst:N", title="Status"), alt.Tooltip("source_title:N", title="Bron")]


# --- all wijken on one indicator ----------------------------------------------------------------------------


def ranking_chart(observations: pl.DataFrame, wijken: pl.DataFrame, indicator_code: str, year: int,
                  gemeente_code: str, compare_code: str = "NL00", font_scale: float = 1.0) -> alt.LayerChart:
    """All wijken ranked on one indicator in one year, coloured by verdict against the gemeente (✓/✗ in the label).

    Drawn so that nothing crosses a figure: the figures ('12,3% ✗', 'geheim') stand in their own column right of
    the plot (an axis of their own), never on a whisker or a reference line. The gemeente is a solid rule and
    Nederland a dashed grey one (app.visual), each labelled at its top end ('Soest 12,3%'); the legend lists only
    the verdicts drawn, without a title ('✓ beter dan Soest'). A wijk without a figure gets no bar, only its word.
    font_scale enlarges the text for a beamer. The spec's description is describe_ranking (its text alternative).
    """
    ranked = comparison_table.ranking(observations, wijken, indicator_code, year, gemeente_code)
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal"))
    meta = rows.row(0, named=True) if rows.height else {"title": indicator_code, "unit": "", "decimals": 1}
    unit = meta["unit"]
    value_title = meta["title"] + ("" if unit == "aantal" else f" ({unit})")
    gemeente_name = _name_of(rows, gemeente_code) or "de gemeente"
    order = ranked.sort("value", descending=True, nulls_last=True)["name"].to_list()
    labelled = _ranking_labels(ranked, meta, gemeente_name)
    with_value = labelled.filter(pl.col("value").is_not_null())
    # A wijk's count is not comparable with the gemeente's or the country's: no reference lines for counts.
    references = _reference_lines(rows if unit not in deviation.NOT_COMPARABLE_UNITS else rows.clear(),
                                  gemeente_code, compare_code)
    highest = max([v for v in with_value["value"].to_list() + with_value["ci_high"].to_list()
                   + references["value"].to_list() if v is not None], default=1.0)

    def size(base: float) -> float:
        return round(base * font_scale, 1)

    drawn = [verdict for verdict in visual.VERDICTS.values() if verdict.key in set(with_value["colour_key"])]
    judged = any(verdict is not visual.NO_JUDGEMENT for verdict in drawn)
    colour = alt.Color("oordeel:N", sort=[visual.verdict_label(v, gemeente_name) for v in drawn],
                       scale=alt.Scale(domain=[visual.verdict_label(v, gemeente_name) for v in drawn],
                                       range=[v.colour for v in drawn]),
                       # Only what is drawn, self-explaining entries, no title to cut off; none for counts.
                       legend=alt.Legend(title=None, orient="top", direction="horizontal", labelLimit=0,
                                         symbolType="square", labelFontSize=size(11.5),
                                         symbolSize=size(110), offset=size(34 if len(references) else 8))
                       if judged else None)
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=220, labelFontSize=size(11.5),
                                                            ticks=False, domain=False))
    no_axis = alt.Y("name:N", sort=order, axis=None)
    tooltip = [alt.Tooltip("name:N", title="Wijk"), alt.Tooltip("figure:N", title="Waarde"),
               alt.Tooltip("oordeel:N", title=f"Vergeleken met {gemeente_name}"), alt.Tooltip("year:O", title="Jaar"),
               alt.Tooltip("status_text:N", title="Status"), alt.Tooltip("source_title:N", title="Bron")]
    x_scale = alt.Scale(domain=[0, _nice_top(highest)], nice=False, zero=True)
    # Whole steps once the axis spans a few units: no '0,5' ticks on a percentage axis.
    x_axis = dutch_axis(tickMinStep=1 if highest >= 3 else alt.Undefined, tickCount=6, labelFontSize=size(11),
                        titleFontSize=size(11.5), grid=True, gridColor=visual.GRID)
    layers = [
        alt.Chart(with_value).mark_bar().encode(x=alt.X("value:Q", title=value_title, axis=x_axis, scale=x_scale),
                                                y=y, color=colour, tooltip=tooltip),
        # The interval: a black whisker on a white halo, visible on a dark bar as well as beside it.
        alt.Chart(with_value).transform_filter("isValid(datum.ci_low)").mark_rule(
            color=visual.BACKGROUND, strokeWidth=size(4)).encode(x="ci_low:Q", x2="ci_high:Q", y=no_axis),
        alt.Chart(with_value).transform_filter("isValid(datum.ci_low)").mark_rule(
            color=visual.TEXT, strokeWidth=size(1.5)).encode(x="ci_low:Q", x2="ci_high:Q", y=no_axis,
                                                             tooltip=tooltip),
        # The figures as a second y axis on the right: a column of their own, outside the plot.
        alt.Chart(labelled).mark_point(opacity=0, size=0).encode(
            x=alt.datum(0), y=alt.Y("name:N", sort=order, axis=_figure_column(labelled, size))),
    ]
    if references.height:
        layers += _reference_layers(references, highest, size)
    chart = (alt.layer(*layers).resolve_axis(y="independent")
             .properties(height=alt.Step(size(2 * BAR_STEP)),
                         description=describe_ranking(observations, wijken, indicator_code, year, gemeente_code,
                                                      compare_code)))
    return visual.configure(chart, font_scale)


def _nice_top(highest: float) -> float:
    """The axis end: the first round step (1, 2 or 5 times a power of ten, at most six steps) at or above highest.
    Computed here rather than by Vega, so the reference labels know where their rule stands."""
    if highest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(highest / 6))
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if highest / (factor * magnitude) <= 6)
    return round(math.ceil(highest / step - 1e-9) * step, 10)


def _name_of(rows: pl.DataFrame, region_code: str) -> str | None:
    names = rows.filter(pl.col("region_code") == region_code)["region_name"]
    return names[0] if names.len() else None


def _ranking_labels(ranked: pl.DataFrame, meta: dict, gemeente_name: str) -> pl.DataFrame:
    """The ranking with its legend entry (oordeel), colour key, and the figure for the label column ('12,3% ✗')."""
    # A figure without a verdict (the gemeente has none that year) is drawn as 'geen oordeel'.
    keys = [verdict if verdict in visual.VERDICTS else visual.NO_JUDGEMENT.key for verdict in ranked["verdict"]]
    # '9,8%', but '28,1' rather than '28,1 per 1.000 inwoners': the axis title gives the unit, the column stays narrow.
    short = [fmt.value_text(value, meta["decimals"], meta["unit"], rounded_to, unit_shown=meta["unit"] == "%")
             if value is not None else figure
             for value, rounded_to, figure in zip(ranked["value"].to_list(), ranked["rounded_to"].to_list(),
                                                  ranked["figure"].to_list())]
    return ranked.with_columns(
        pl.Series("colour_key", keys, dtype=pl.String),
        pl.Series("oordeel", [visual.verdict_label(visual.VERDICTS[key], gemeente_name) if value is not None
                              else None for key, value in zip(keys, ranked["value"].to_list())], dtype=pl.String),
        # The label only the figure and the symbol: the interval is drawn, and listed in the tooltip.
        pl.Series("label", [f"{text} {visual.VERDICTS[key].symbol}".strip() if value is not None else text
                            for text, key, value in zip(short, keys, ranked["value"].to_list())], dtype=pl.String),
    )


def _figure_column(labelled: pl.DataFrame, size) -> alt.Axis:
    """The right-hand axis whose labels are the figures: coloured by verdict, a missing figure in grey italics."""
    def one_of(condition) -> str:
        """A Vega test: is this label's wijk one of those where condition holds."""
        return f"indexof({json.dumps(labelled.filter(condition)['name'].to_list())}, datum.value) >= 0"

    texts = dict(zip(labelled["name"].to_list(), labelled["label"].to_list()))
    missing = one_of(pl.col("value").is_null())
    conditions = [{"test": one_of(pl.col("value").is_not_null() & (pl.col("colour_key") == verdict.key)),
                   "value": verdict.colour} for verdict in (visual.BETTER, visual.WORSE)]
    conditions.append({"test": missing, "value": visual.MUTED_TEXT})
    return alt.Axis(orient="right", title=None, ticks=False, domain=False, labelPadding=size(6), labelLimit=0,
                    labelFontSize=size(11.5), labelFontWeight="bold",
                    labelExpr=f"{json.dumps(texts, ensure_ascii=False)}[datum.value]",
                    labelColor={"condition": conditions, "value": visual.TEXT},
                    labelFontStyle={"condition": {"test": missing, "value": "italic"}, "value": "normal"})


def _reference_layers(references: pl.DataFrame, highest: float, size) -> list[alt.Chart]:
    """The gemeente (solid) and Nederland (grey dashed) rules, each labelled at its top end above the plot.

    Two labels that would overlap are put in two rows (the gemeente nearest the plot); a label near an edge is
    aligned to stay inside the chart.
    """
    domain_top = _nice_top(highest)
    rows = references.to_dicts()
    # Roughly 7 px a character against a plot of at least 420 px: generous, so a close call gets two rows.
    width = [len(row["label"]) * 7 * size(1) / 420 for row in rows]
    at = [row["value"] / domain_top if domain_top else 0 for row in rows]
    stacked = len(rows) == 2 and abs(at[0] - at[1]) < (width[0] + width[1]) / 2 + 0.02
    layers = []
    tooltip = [alt.Tooltip("label:N", title="Ter vergelijking"), alt.Tooltip("source_title:N", title="Bron")]
    for index, (row, position) in enumerate(zip(rows, at)):
        style = visual.GEMEENTE if row["soort"] == "gemeente" else visual.NEDERLAND
        # One dataset for both lines (the spec carries it once), each layer its own row.
        line = alt.Chart(references).transform_filter(alt.datum.soort == row["soort"])
        layers.append(line.mark_rule(color=style.colour, strokeWidth=size(2.5 if index == 0 else 2),
                                                strokeDash=list(style.dash) or [1, 0]).encode(
            x="value:Q", tooltip=tooltip))
        align = "right" if position > 0.85 else "left" if position < 0.15 else "center"
        row_offset = size(15) if stacked and index == 1 else 0
        layers.append(line.mark_text(
            align=align, baseline="bottom", dy=-size(4) - row_offset, fontSize=size(11.5), fontWeight="bold",
            color=style.colour if style is visual.NEDERLAND else visual.TEXT).encode(
            x="value:Q", y=alt.value(0), text="label:N", tooltip=tooltip))
    return layers


def describe_ranking(observations: pl.DataFrame, wijken: pl.DataFrame, indicator_code: str, year: int,
                     gemeente_code: str, compare_code: str = "NL00") -> str:
    """The ranking chart in one Dutch line, its text alternative: highest and lowest wijk, the references and
    how many wijken are better or worse than the gemeente.

    'Staafdiagram: Laag inkomen (%) per wijk in 2023, van 14,2% in Smitsveen tot 3,1% in Soesterberg; Soest 8,0%,
    Nederland 8,5%. 2 wijken beter dan Soest, 3 slechter, 1 zonder cijfer.'
    """
    ranked = comparison_table.ranking(observations, wijken, indicator_code, year, gemeente_code)
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal"))
    title = rows["title"][0] if rows.height else indicator_code
    unit = rows["unit"][0] if rows.height else ""
    gemeente_name = _name_of(rows, gemeente_code) or "de gemeente"
    shown = ranked.filter(pl.col("value").is_not_null()).sort("value", descending=True)
    head = f"Staafdiagram: {title}{'' if unit in ('', 'aantal') else f' ({unit})'} per wijk in {year}"
    if shown.is_empty():
        return f"{head}: geen wijkcijfers."
    decimals = rows["decimals"][0]
    top, bottom = shown.row(0, named=True), shown.row(-1, named=True)

    def figure(row: dict) -> str:
        return fmt.value_text(row["value"], decimals, unit, row["rounded_to"], unit_shown=unit == "%")

    text = head + (f", van {figure(top)} in {top['name']} tot {figure(bottom)} in {bottom['name']}"
                   if shown.height > 1 else f": {figure(top)} in {top['name']}")
    references = _reference_lines(rows if unit not in deviation.NOT_COMPARABLE_UNITS else rows.clear(),
                                  gemeente_code, compare_code)
    text += ("; " + ", ".join(references["label"].to_list()) if references.height else "") + "."
    counts = shown["verdict"].value_counts()
    count = dict(zip(counts["verdict"].to_list(), counts["count"].to_list()))
    missing = ranked.height - shown.height
    parts = [f"{number} {_wijken(number)} {words}" for number, words in (
        (count.get(visual.BETTER.key, 0), f"beter dan {gemeente_name}"),
        (count.get(visual.WORSE.key, 0), f"slechter dan {gemeente_name}"),
        (count.get(visual.SAME.key, 0), "zonder verschil van betekenis"), (missing, "zonder cijfer")) if number]
    return text + (" " + ", ".join(parts) + "." if parts else "")


def _wijken(count: int) -> str:
    return "wijk" if count == 1 else "wijken"


def _reference_lines(rows: pl.DataFrame, gemeente_code: str, compare_code: str) -> pl.DataFrame:
    lines = []
    for code, kind in ((gemeente_code, "gemeente"), (compare_code, "Nederland")):
        found = rows.filter((pl.col("region_code") == code) & pl.col("value").is_not_null())
        if found.height:
            row = found.row(0, named=True)
            lines.append({"value": row["value"], "soort": kind, "source_title": row["source_title"],
                          "label": f"{row['region_name']} "
                                   f"{comparison_table.figure_text(row, short=True, with_unit=row['unit'] == '%')}"})
    return pl.DataFrame(lines, schema={"value": pl.Float64, "soort": pl.String, "source_title": pl.String,
                                       "label": pl.String})


def ranking_figures(observations: pl.DataFrame, wijken: pl.DataFrame, indicator_code: str, year: int,
                    gemeente_code: str, compare_code: str = "NL00") -> pl.DataFrame:
    """The observation rows the ranking chart shows (all wijken, gemeente, Nederland), for the download."""
    codes = wijken["region_code"].to_list() + [gemeente_code, compare_code]
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal") & pl.col("region_code").is_in(codes))
    order = {code: index for index, code in enumerate(codes)}
    return rows.with_columns(pl.col("region_code").replace_strict(order, return_dtype=pl.Int32).alias("_o")) \
        .sort("_o").drop("_o")
