"""Trend charts: one indicator over the years for wijken, the gemeente and Nederland.

Built from the long observation frame (data.observations). A year in which a
region has no figure (missing or suppressed) breaks that region's line and is
marked at its x position; it is never interpolated and never drawn as 0.
RIVM estimates get a band for their 95%-interval.

What a chart shows is worked out first (prepare; and as frames: drawn_rows,
gap_rows, gap_annotations, line_points, gap_summary), so tests can check it
without a browser. trend_spec and sparkline_spec give the Vega-Lite spec as a
dict (fast, for st.vega_lite_chart); trend_chart and sparkline give the same
chart as an Altair object.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import polars as pl

from app import format as fmt

# Okabe–Ito colours (safe for the common colour-vision deficiencies); each wijk
# also gets its own point shape, so the legend never depends on colour alone.
WIJK_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
WIJK_SHAPES = ("triangle-up", "diamond", "triangle-down", "cross", "triangle-left", "wedge")
GEMEENTE_STYLE = {"colour": "#1A1A1A", "shape": "circle", "dash": [1, 0], "width": 3.5}
NEDERLAND_STYLE = {"colour": "#8C8C8C", "shape": "square", "dash": [7, 4], "width": 2.5}
WIJK_WIDTH = 2.0
GAP_COLOUR = "#8C8C8C"

GAP_WORD = {"ontbreekt": "geen cijfer", "geheim": "geheim"}
DUTCH_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}

LEVEL_ORDER = {"wijk": 0, "buurt": 0, "gemeente": 1, "land": 2}
GAP_SCHEMA = {"region_code": pl.String, "region_name": pl.String, "year": pl.Int32, "status": pl.String}
ANNOTATION_SCHEMA = {"year": pl.Int32, "label": pl.String, "regions": pl.String, "detail": pl.String}
POINT_SCHEMA = {"regio": pl.String, "region_code": pl.String, "segment": pl.String, "jaar": pl.Int32,
                "waarde": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64, "waarde_tekst": pl.String,
                "interval_tekst": pl.String, "status_tekst": pl.String, "jaar_tekst": pl.String, "bron": pl.String}


@dataclass(frozen=True)
class Trend:
    """Everything a trend chart draws, worked out once from the observation rows.

    Plain Python over a few dozen rows: a page draws up to 25 of these, and
    polars' per-call overhead would cost more than the work itself.
    """

    regions: list[dict]        # every region in the frame, legend order, with its style
    drawn: list[dict]          # the regions with at least one figure (the others are left out)
    years: list[int]           # the years the chart spans
    gaps: list[dict]           # region_code, region_name, year, status per drawn region and year without a figure
    annotations: list[dict]    # year, label, regions, detail: one mark per gap year
    labels: list[dict]         # label, from, to, midden: the texts above the plot
    points: list[dict]         # rows with a figure, segment key and tooltip texts
    unit: str
    intervals: bool


def prepare(observations: pl.DataFrame) -> Trend:
    """Regions, years, gaps and points of one indicator's observation rows (see Trend)."""
    rows = observations.to_dicts()
    styled = _styled_regions(rows)
    with_figures = {row["region_code"] for row in rows if row["value"] is not None}
    drawn = [region for region in styled if region["code"] in with_figures]
    years = sorted({row["year"] for row in rows if row["region_code"] in with_figures})
    by_key = {(row["region_code"], row["year"]): row for row in rows}

    gaps, points = [], []
    for region in drawn:
        segment = 0
        for year in years:
            row = by_key.get((region["code"], year))
            if row is None or row["value"] is None:
                # 'ontbreekt' also when the source has no row at all for this region and year
                gaps.append({"region_code": region["code"], "region_name": region["name"], "year": year,
                             "status": row["status"] if row is not None and row["status"] else "ontbreekt"})
                segment += 1
                continue
            points.append(_point(row, region["name"], segment))
    gaps.sort(key=lambda gap: gap["year"])  # stable: regions stay in legend order within a year
    return Trend(regions=styled, drawn=drawn, years=years, gaps=gaps,
                 annotations=(annotations := _annotations(gaps)), labels=_gap_labels(annotations, years),
                 points=points,
                 unit=rows[0]["unit"] if rows else "",
                 intervals=any(point["ci_low"] is not None for point in points))


def _styled_regions(rows: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for row in rows:
        seen.setdefault(row["region_code"], row)
    ordered = sorted(seen.values(), key=lambda row: LEVEL_ORDER.get(row["region_level"], 0))
    styled, wijk_index = [], 0
    for row in ordered:
        if row["region_level"] == "gemeente":
            style = GEMEENTE_STYLE
        elif row["region_level"] == "land":
            style = NEDERLAND_STYLE
        else:
            style = {"colour": WIJK_COLOURS[wijk_index % len(WIJK_COLOURS)],
                     "shape": WIJK_SHAPES[wijk_index % len(WIJK_SHAPES)], "dash": [1, 0], "width": WIJK_WIDTH}
            wijk_index += 1
        styled.append({"code": row["region_code"], "name": row["region_name"] or row["region_code"],
                       "level": row["region_level"], **style})
    return styled


def _point(row: dict, region_name: str, segment: int) -> dict:
    decimals, unit = row["decimals"], row["unit"]
    interval = "–"
    if row["ci_low"] is not None and row["ci_high"] is not None:
        interval = f"{fmt.number(row['ci_low'], decimals)}–{fmt.number(row['ci_high'], decimals)}"
    return {
        "regio": region_name, "region_code": row["region_code"], "segment": f"{row['region_code']}-{segment}",
        "jaar": row["year"], "waarde": row["value"], "ci_low": row["ci_low"], "ci_high": row["ci_high"],
        "waarde_tekst": fmt.with_unit(row["value"], decimals, unit), "interval_tekst": interval,
        "status_tekst": fmt.STATUS_TEXT.get(row["status"], row["status"]), "jaar_tekst": str(row["year"]),
        "bron": row["source_title"],
    }


def _annotations(gaps: list[dict]) -> list[dict]:
    """One mark per gap year: year, label (why: 'geen cijfer', 'geheim'), regions (who) and detail (tooltip)."""
    by_year: dict[int, list[dict]] = {}
    for gap in gaps:
        by_year.setdefault(gap["year"], []).append(gap)
    marks = []
    for year, missing in by_year.items():
        detail = "; ".join(f"{gap['region_name']}: {fmt.STATUS_TEXT.get(gap['status'], gap['status'])}"
                           for gap in missing)
        marks.append({"year": year,
                      "label": " / ".join(sorted({GAP_WORD.get(gap["status"], "geen cijfer") for gap in missing})),
                      "regions": ", ".join(gap["region_name"] for gap in missing),
                      "detail": f"{year} — {detail}"})
    return marks


def _gap_labels(annotations: list[dict], years: list[int]) -> list[dict]:
    """Labels above the plot: neighbouring gap years with the same label share one, centred over them,
    so labels of adjacent years do not overlap."""
    position = {year: index for index, year in enumerate(years)}
    labels: list[dict] = []
    for mark in sorted(annotations, key=lambda mark: mark["year"]):
        previous = labels[-1] if labels else None
        if previous and previous["label"] == mark["label"] and position[mark["year"]] == position[previous["to"]] + 1:
            previous["to"] = mark["year"]
        else:
            labels.append({"label": mark["label"], "from": mark["year"], "to": mark["year"]})
    for label in labels:
        label["midden"] = (label["from"] + label["to"]) / 2
    return labels


def gap_summary(observations: pl.DataFrame) -> str:
    """The gaps in words, for under the chart; empty when there are none.

    'Geen cijfer: 2024 voor alle regio's (niet beschikbaar); Soestdijk 't Hart 2022, 2023 (geheim).'
    """
    prepared = prepare(observations)
    if not prepared.gaps:
        return ""
    region_count = len(prepared.drawn)
    everywhere: dict[str, list[int]] = {}
    per_region: dict[tuple[str, str], list[int]] = {}
    for mark in prepared.annotations:
        missing = [gap for gap in prepared.gaps if gap["year"] == mark["year"]]
        statuses = {gap["status"] for gap in missing}
        if region_count > 1 and len(missing) == region_count and len(statuses) == 1:
            everywhere.setdefault(statuses.pop(), []).append(mark["year"])
            continue
        for gap in missing:
            per_region.setdefault((gap["region_name"], gap["status"]), []).append(gap["year"])
    parts = [f"{_years_text(years)} voor alle regio's ({fmt.STATUS_TEXT.get(status, status)})"
             for status, years in everywhere.items()]
    parts += [f"{name} {_years_text(years)} ({fmt.STATUS_TEXT.get(status, status)})"
              for (name, status), years in per_region.items()]
    return "Geen cijfer: " + "; ".join(parts) + "."


def _years_text(years: list[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def regions(observations: pl.DataFrame) -> list[dict]:
    """The regions in the frame in legend order (wijken, the gemeente, Nederland), each with its style."""
    return _styled_regions(observations.to_dicts())


def drawn_rows(observations: pl.DataFrame) -> pl.DataFrame:
    """The observation rows the chart shows: every row of each region that has at least one figure.

    A region without a single figure is left out (and named by regions_without_figures)
    instead of filling the chart with gap marks. This is also what the download holds.
    """
    with_figures = observations.filter(pl.col("value").is_not_null())["region_code"].unique()
    return observations.filter(pl.col("region_code").is_in(with_figures.implode()))


def regions_without_figures(observations: pl.DataFrame) -> list[str]:
    """Names of the regions in the frame with no figure in any year (left out of the chart)."""
    prepared = prepare(observations)
    drawn = {region["code"] for region in prepared.drawn}
    return [region["name"] for region in prepared.regions if region["code"] not in drawn]


def measurement_years(observations: pl.DataFrame) -> list[int]:
    """The years the chart spans: every year in which the source has a row for a drawn region."""
    return prepare(observations).years


def gap_rows(observations: pl.DataFrame) -> pl.DataFrame:
    """Per drawn region, each measurement year without a figure: region_code, region_name, year, status.

    status is the observation's own status (ontbreekt, geheim), or 'ontbreekt' when
    the source has no row at all for that region and year.
    """
    return pl.DataFrame(prepare(observations).gaps, schema=GAP_SCHEMA)


def gap_annotations(observations: pl.DataFrame) -> pl.DataFrame:
    """One mark per year with a gap: year, label (why, above the plot), regions (who) and detail (tooltip)."""
    return pl.DataFrame(prepare(observations).annotations, schema=ANNOTATION_SCHEMA)


def line_points(observations: pl.DataFrame) -> pl.DataFrame:
    """The rows with a figure, with a segment key that changes after every gap, and tooltip texts.

    Lines are drawn per segment, so a gap year breaks the line instead of
    connecting its neighbours (which would suggest a figure that does not exist).
    """
    return pl.DataFrame(prepare(observations).points, schema=POINT_SCHEMA)


def has_intervals(observations: pl.DataFrame) -> bool:
    return prepare(observations).intervals


def value_axis_title(unit: str) -> str:
    """'%' → 'Percentage (%)', 'aantal' → 'Aantal', 'per 1.000 inwoners' → 'Per 1.000 inwoners'."""
    if unit == "%":
        return "Percentage (%)"
    return unit[:1].upper() + unit[1:]


def trend_spec(observations: pl.DataFrame, *, height: int = 280, font_scale: float = 1.0,
               legend_columns: int = 3) -> dict:
    """The Vega-Lite spec of trend_chart as a plain dict, for st.vega_lite_chart(spec=...).

    Faster than Altair on a busy page: no Altair object building and schema
    validation (about 150 ms a chart), and the few rows sit inline in the spec,
    so Streamlit does not convert them to Arrow through pandas.
    """
    if observations["indicator_code"].n_unique() > 1 or observations["breakdown"].n_unique() > 1:
        raise ValueError("trend_chart tekent één indicator en één uitsplitsing tegelijk")
    prepared = prepare(observations)
    years, styled, unit, intervals = prepared.years, prepared.drawn, prepared.unit, prepared.intervals

    def size(base: float) -> float:
        return round(base * font_scale, 1)

    domain = [region["name"] for region in styled]

    def by_region(channel_range: list, **extra) -> dict:
        return {"field": "regio", "type": "nominal", "sort": domain,
                "scale": {"domain": domain, "range": channel_range}, **extra}

    legend = {"title": None, "orient": "bottom", "columns": legend_columns, "symbolOpacity": 1,
              "symbolSize": size(120), "labelLimit": 0}
    colour = by_region([region["colour"] for region in styled], legend=legend)
    x_scale = {"domain": [years[0], years[-1]] if years else [0, 1], "nice": False, "padding": size(18)}
    x = {"field": "jaar", "type": "quantitative", "title": "Jaar", "scale": x_scale,
         "axis": {"values": years, "format": "d", "labelAngle": 0, "grid": False}}
    y = {"field": "waarde", "type": "quantitative", "title": value_axis_title(unit),
         "scale": {"zero": False, "nice": True},
         "axis": {"format": ",~r" if unit == "aantal" else ",~f", "tickCount": 5}}
    tooltip = [{"field": "regio", "type": "nominal", "title": "Regio"},
               {"field": "jaar_tekst", "type": "nominal", "title": "Jaar"},
               {"field": "waarde_tekst", "type": "nominal", "title": "Waarde"},
               {"field": "status_tekst", "type": "nominal", "title": "Status"},
               {"field": "bron", "type": "nominal", "title": "Bron"}]
    if intervals:
        tooltip.insert(3, {"field": "interval_tekst", "type": "nominal", "title": "95%-interval"})

    layers = []
    if intervals:
        layers.append({
            "data": {"values": prepared.points},
            "transform": [{"filter": "isValid(datum.ci_low) && isValid(datum.ci_high)"}],
            "mark": {"type": "area", "opacity": 0.14},
            "encoding": {"x": x, "y": {"field": "ci_low", "type": "quantitative"}, "y2": {"field": "ci_high"},
                         "detail": {"field": "segment", "type": "nominal"},
                         "color": colour},
        })
    for region in styled:
        # One line layer per region: its width and dash are fixed mark properties, so the
        # legend shows one merged entry per region (colour + point shape) without conflicts.
        layers.append({
            "data": {"values": [point for point in prepared.points if point["region_code"] == region["code"]]},
            "mark": {"type": "line", "strokeWidth": size(region["width"]) if font_scale > 1 else region["width"],
                     "strokeDash": region["dash"]},
            "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "segment", "type": "nominal"}},
        })
    layers.append({
        "data": {"values": prepared.points},
        "mark": {"type": "point", "filled": True, "opacity": 1, "size": size(70)},
        "encoding": {"x": x, "y": y, "color": colour,
                     "shape": by_region([region["shape"] for region in styled], legend=legend),
                     "tooltip": tooltip},
    })
    if prepared.annotations:
        gap_x = {"field": "year", "type": "quantitative", "scale": x_scale}
        gap_tooltip = [{"field": "detail", "type": "nominal", "title": "Geen cijfer"}]
        layers.append({
            "data": {"values": prepared.annotations},
            "mark": {"type": "rule", "color": GAP_COLOUR, "strokeDash": [3, 3], "strokeWidth": 1.5},
            "encoding": {"x": gap_x, "tooltip": gap_tooltip},
        })
        # Above the plot, where it covers no line; the tooltip and gap_summary name the regions.
        layers.append({
            "data": {"values": prepared.labels},
            "mark": {"type": "text", "align": "center", "baseline": "bottom", "dy": -4, "color": "#595959",
                     "fontSize": size(11), "fontStyle": "italic"},
            "encoding": {"x": {"field": "midden", "type": "quantitative", "scale": x_scale},
                         "y": {"value": 0}, "text": {"field": "label", "type": "nominal"}},
        })
    return {
        "height": height,
        "layer": layers,
        "config": {"locale": {"number": DUTCH_NUMBERS},
                   "axis": {"labelFontSize": size(12), "titleFontSize": size(12.5)},
                   "legend": {"labelFontSize": size(12), "titleFontSize": size(12.5)}},
    }


def trend_chart(observations: pl.DataFrame, *, height: int = 280, font_scale: float = 1.0,
                legend_columns: int = 3) -> alt.LayerChart:
    """Lines per region over the years, with 95%-interval bands and marked gaps, as an Altair chart.

    observations: data.observations rows of ONE indicator and ONE breakdown, for the
    regions to show (wijken, the gemeente, Nederland). height in pixels; font_scale
    enlarges all text (1.6 or so for the beamer). Width follows the container.
    On busy pages prefer st.vega_lite_chart(trend_spec(...)): the same chart, faster.
    """
    return alt.LayerChart.from_dict(trend_spec(observations, height=height, font_scale=font_scale,
                                               legend_columns=legend_columns), validate=False)


def sparkline_spec(observations: pl.DataFrame, *, height: int = 72, font_scale: float = 1.0) -> dict:
    """A small line of one region's figures for an indicator tile; gaps break it and get a grey dashed tick."""
    prepared = prepare(observations)
    years = prepared.years
    x_scale = {"domain": [years[0], years[-1]] if years else [0, 1], "nice": False, "padding": 8}
    x = {"field": "jaar", "type": "quantitative", "title": None, "scale": x_scale,
         "axis": {"values": [years[0], years[-1]] if years else [], "format": "d", "grid": False, "ticks": False,
                  "domain": False, "labelFontSize": round(10 * font_scale, 1), "labelFlush": True}}
    y = {"field": "waarde", "type": "quantitative", "title": None, "axis": None, "scale": {"zero": False}}
    tooltip = [{"field": "jaar_tekst", "type": "nominal", "title": "Jaar"},
               {"field": "waarde_tekst", "type": "nominal", "title": "Waarde"},
               {"field": "status_tekst", "type": "nominal", "title": "Status"}]
    colour = GEMEENTE_STYLE["colour"]
    layers = [
        {"data": {"values": prepared.points}, "mark": {"type": "line", "color": colour, "strokeWidth": 1.8},
         "encoding": {"x": x, "y": y, "detail": {"field": "segment", "type": "nominal"}}},
        {"data": {"values": prepared.points},
         "mark": {"type": "point", "filled": True, "size": 22, "color": colour, "opacity": 1},
         "encoding": {"x": x, "y": y, "tooltip": tooltip}},
    ]
    if prepared.annotations:
        layers.append({"data": {"values": prepared.annotations},
                       "mark": {"type": "rule", "color": GAP_COLOUR, "strokeDash": [2, 2]},
                       "encoding": {"x": {"field": "year", "type": "quantitative", "scale": x_scale},
                                    "tooltip": [{"field": "detail", "type": "nominal", "title": "Geen cijfer"}]}})
    return {"height": height, "layer": layers,
            "config": {"locale": {"number": DUTCH_NUMBERS}, "view": {"stroke": None}}}


def sparkline(observations: pl.DataFrame, *, height: int = 72, font_scale: float = 1.0) -> alt.LayerChart:
    return alt.LayerChart.from_dict(sparkline_spec(observations, height=height, font_scale=font_scale),
                                    validate=False)
