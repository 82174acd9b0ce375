"""Charts about wijken: a wijk next to the gemeente and Nederland, and all wijken ranked on one indicator.

Each chart has a `*_rows` function that picks the observations it shows (the
page offers exactly those rows as download) and a chart function that draws
them. Values in tooltips and labels are pre-formatted the Dutch way; axes use
a Dutch number locale. Missing or suppressed figures are never drawn as 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from app import comparison_table, deviation, series
from app import format as fmt
from app.charts import trend
from monitor import periods

# Axis labels the Dutch way (2,5 and 17.000): Streamlit does not pass a formatLocale on to Vega, so the
# label swaps the separators itself.
DUTCH_LABEL = ("replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), "
               "regexp('\\\\.', 'g'), ','), regexp('_', 'g'), '.')")


def dutch_axis(**options) -> alt.Axis:
    return alt.Axis(labelExpr=DUTCH_LABEL, **options)


# Paul Tol's 'bright'/'muted' colours stay apart for the common colour-vision deficiencies.
REGION_COLOURS = ["#332288", "#44AA99", "#BBBBBB"]  # wijk, gemeente, Nederland
VERDICT_LEGEND = {
    "beter": ("✓ beter dan de gemeente", "#2166AC"),
    "slechter": ("✗ slechter dan de gemeente", "#E08214"),
    "gelijk": ("≈ geen verschil van betekenis", "#9E9E9E"),
    "neutraal": ("geen oordeel: geen richting of een aantal", "#9E9E9E"),
}

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


def regions_chart(rows: pl.DataFrame, region_codes: Sequence[str], category: str, category_title: str,
                  value_title: str, category_order: Sequence[str] | None = None) -> alt.LayerChart:
    """Horizontal bars per category (indicator, age group, migratieachtergrond), one bar per region, with 95%-intervals.

    rows: observations of a single unit; region_codes: wijk, gemeente, Nederland (their colours, in this order).
    Missing figures get no bar; their tooltip-free absence is explained by the page.
    """
    shown = _with_text(rows.filter(pl.col("value").is_not_null()), *[c for c in [category] if c not in CHART_COLUMNS])
    names = _regions(rows, region_codes)
    order = list(category_order) if category_order else shown[category].unique(maintain_order=True).to_list()
    colour = alt.Color("region_name:N", title="Regio",
                       scale=alt.Scale(domain=names, range=REGION_COLOURS[:len(names)]),
                       sort=names, legend=alt.Legend(orient="top"))
    base = alt.Chart(shown).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=order, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("region_name:N", sort=names),
        tooltip=_tooltip(category, category_title),
    )
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=value_title, axis=dutch_axis()), color=colour)
    intervals = base.transform_filter("isValid(datum.ci_low)").mark_rule(color="#000000").encode(
        x=alt.X("ci_low:Q", title=value_title), x2="ci_high:Q")
    # A step per category, not a total height: Streamlit fits legend and axes inside a fixed height.
    return alt.layer(bars, intervals).properties(height=alt.Step(BAR_STEP, **{"for": "offset"}))


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
    names = _regions(rows, region_codes)
    colour = alt.Color("region_name:N", title="Regio", scale=alt.Scale(domain=names, range=REGION_COLOURS[:len(names)]),
                       sort=names, legend=alt.Legend(orient="top"))
    base = alt.Chart().encode(x=alt.X("year:O", title="Jaar"))
    values = base.transform_filter("isValid(datum.value)").encode(color=colour, tooltip=_tooltip())
    lines = values.mark_line(point=True).encode(y=alt.Y("value:Q", title="Waarde", scale=alt.Scale(zero=False),
                                                        axis=dutch_axis()))
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
    return (alt.layer(*layers, data=shown).properties(width=300, height=160)
            .facet(facet=alt.Facet("paneel:N", title=None, sort=panels,
                                   header=alt.Header(labelLimit=330, labelFontSize=12)),
                   columns=columns)
            .resolve_scale(x="independent", y="independent"))


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
    """All wijken ranked on one indicator in one year, coloured by verdict against the gemeente (with ✓/✗ in the label).

    The gemeente is a solid line, Nederland a dashed one. A wijk without a figure
    gets no bar but the words 'geen cijfer' (or 'geheim') at the axis. font_scale
    enlarges the text for a beamer.
    """
    ranked = comparison_table.ranking(observations, wijken, indicator_code, year, gemeente_code)
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal"))
    meta = rows.row(0, named=True) if rows.height else {"title": indicator_code, "unit": "", "decimals": 1}
    unit = meta["unit"]
    value_title = meta["title"] + ("" if unit == "aantal" else f" ({unit})")
    order = ranked.sort("value", descending=True, nulls_last=True)["name"].to_list()
    verdict_keys = list(VERDICT_LEGEND)
    labelled = ranked.with_columns(
        pl.col("verdict").replace_strict({k: v[0] for k, v in VERDICT_LEGEND.items()}, default=None).alias("oordeel"),
        pl.col("verdict").replace_strict({k: comparison_table.VERDICT_MARK.get(k, "") for k in VERDICT_LEGEND},
                                         default="").alias("teken"),
        # The label only the figure and the symbol: the interval is drawn, and listed in the tooltip.
        pl.Series("kort", [fmt.value_text(value, meta["decimals"], unit, rounded_to)
                           for value, rounded_to in zip(ranked["value"].to_list(), ranked["rounded_to"].to_list())],
                  dtype=pl.String),
    ).with_columns((pl.col("kort") + pl.lit(" ") + pl.col("teken")).str.strip_chars().alias("label"))
    colour = alt.Color("oordeel:N", title="Vergeleken met de gemeente",
                       scale=alt.Scale(domain=[VERDICT_LEGEND[k][0] for k in verdict_keys],
                                       range=[VERDICT_LEGEND[k][1] for k in verdict_keys]),
                       legend=alt.Legend(orient="top", columns=2, labelLimit=300))
    y = alt.Y("name:N", title="Wijk", sort=order, axis=alt.Axis(labelLimit=200))
    tooltip = [alt.Tooltip("name:N", title="Wijk"), alt.Tooltip("figure:N", title="Waarde"),
               alt.Tooltip("oordeel:N", title="Vergeleken met de gemeente"), alt.Tooltip("year:O", title="Jaar"),
               alt.Tooltip("status_text:N", title="Status"), alt.Tooltip("source_title:N", title="Bron")]
    with_value = labelled.filter(pl.col("value").is_not_null())
    # A wijk's count is not comparable with the gemeente's or the country's: no reference lines for counts.
    references = (_reference_lines(rows, gemeente_code, compare_code) if unit not in deviation.NOT_COMPARABLE_UNITS
                  else _reference_lines(rows.clear(), gemeente_code, compare_code))
    # Room right of the longest bar for its label.
    highest = max([v for v in with_value["value"].to_list() + with_value["ci_high"].to_list()
                   + references["value"].to_list() if v is not None], default=1.0)
    x_scale = alt.Scale(domain=[0, highest * 1.15], nice=False)
    without_value = labelled.filter(pl.col("value").is_null())
    layers = [
        alt.Chart(with_value).mark_bar().encode(x=alt.X("value:Q", title=value_title, axis=dutch_axis(),
                                                      scale=x_scale), y=y,
                                                color=colour,
                                                tooltip=tooltip),
        alt.Chart(with_value).transform_filter("isValid(datum.ci_low)").mark_rule(color="#000000").encode(
            x=alt.X("ci_low:Q", title=value_title), x2="ci_high:Q", y=y, tooltip=tooltip),
        alt.Chart(with_value).mark_text(align="left", dx=4, color="#000000").encode(
            x=alt.X("label_x:Q", title=value_title), y=y, text="label:N", tooltip=tooltip).transform_calculate(
            label_x="isValid(datum.ci_high) ? max(datum.ci_high, datum.value) : datum.value"),
    ]
    if without_value.height:
        layers.append(alt.Chart(without_value).mark_text(align="left", dx=4, color="#444444", fontStyle="italic")
                      .encode(x=alt.datum(0), y=y, text="figure:N", tooltip=tooltip))
    if references.height:
        # The legend names the lines with their figures: 'Soest 46,4% (44,9–47,8)', dashed for Nederland.
        labels = references["label"].to_list()
        dash = alt.StrokeDash("label:N", title="Ter vergelijking",
                              scale=alt.Scale(domain=labels, range=[[1, 0], [6, 4]][:len(labels)]),
                              legend=alt.Legend(orient="bottom", labelLimit=300))
        layers.append(alt.Chart(references).mark_rule(color="#000000", strokeWidth=2).encode(
            x=alt.X("value:Q", title=value_title), strokeDash=dash,
            tooltip=[alt.Tooltip("label:N", title="Ter vergelijking"), alt.Tooltip("source_title:N", title="Bron")]))
    chart = alt.layer(*layers).properties(height=alt.Step(2 * BAR_STEP))
    if font_scale == 1.0:
        return chart
    return (chart.configure_axis(labelFontSize=11 * font_scale, titleFontSize=11 * font_scale)
            .configure_legend(labelFontSize=11 * font_scale, titleFontSize=11 * font_scale)
            .configure_text(fontSize=11 * font_scale))


def _reference_lines(rows: pl.DataFrame, gemeente_code: str, compare_code: str) -> pl.DataFrame:
    lines = []
    for code, kind in ((gemeente_code, "gemeente"), (compare_code, "Nederland")):
        found = rows.filter((pl.col("region_code") == code) & pl.col("value").is_not_null())
        if found.height:
            row = found.row(0, named=True)
            lines.append({"value": row["value"], "soort": kind, "source_title": row["source_title"],
                          "label": f"{row['region_name']} {comparison_table.figure_text(row, short=True)}"})
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
