"""Trend charts: one indicator over the years (or half-years) for wijken, the gemeente and Nederland.

Built from the long observation frame (data.observations). A year in which a
region has no figure (missing or suppressed) breaks that region's line and is
marked at its x position; it is never interpolated and never drawn as 0.
RIVM estimates get a band for their 95%-interval.

A series break is not a gap: the years after a series ended (status
'reeksbreuk', because the source now measures it differently) get one grey
band from the break on, with a solid rule and the word 'reeksbreuk' above
it, and the note in the tooltip and in gap_summary. The line stops there; it
is never continued with the successor series.

Year figures and half-year figures (the Gemeentelijke Monitor Sociaal
Domein) never share a line: prepare refuses a frame with both (split_periods
separates them), and a half-year frame gets its own chart with an ordinal
axis labelled '1e halfjaar 2023', '2e halfjaar 2023', ….

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
from app import progress, series, visual
from monitor import periods


def _style(style: visual.RegionStyle) -> dict:
    """A region's colour, point shape, dash and width as the chart uses them (Vega wants [1, 0] for solid)."""
    return {"colour": style.colour, "shape": style.shape, "dash": list(style.dash) or [1, 0], "width": style.width}


# The gemeente, Nederland and the wijken as everywhere (app.visual): never the better/worse blue and orange.
GEMEENTE_STYLE = _style(visual.GEMEENTE)
NEDERLAND_STYLE = _style(visual.NEDERLAND)
# Comparison regions (app.comparison): the provincie, and a group of gemeenten as its median over a band.
PROVINCIE_STYLE = _style(visual.PROVINCIE)
REFERENCE_STYLE = _style(visual.REFERENCE)
GAP_COLOUR = visual.LINE
# A break is marked differently from a gap (thin grey dashes): a shaded band and a solid dark rule.
BREAK_FILL, BREAK_RULE = visual.BREAK_FILL, visual.BREAK_RULE

# Text colours and the Dutch text alternative instead of Vega's English per-mark labels (app.visual).
SHARED_CONFIG = visual.chart_config()
GAP_WORD = {"ontbreekt": "geen cijfer", "geheim": "geheim"}
DUTCH_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
# A national count more than this many times the largest count of the other regions flattens their lines.
NATIONAL_SCALE_LIMIT = 20

LEVEL_ORDER = {"wijk": 0, "buurt": 0, "gemeente": 1, "provincie": 2, "vergelijking": 3, "land": 4}
GAP_SCHEMA = {"region_code": pl.String, "region_name": pl.String, "year": pl.Int32, "status": pl.String}
ANNOTATION_SCHEMA = {"year": pl.Int32, "label": pl.String, "regions": pl.String, "detail": pl.String}
POINT_SCHEMA = {"regio": pl.String, "region_code": pl.String, "segment": pl.String, "jaar": pl.Int32,
                "waarde": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64, "waarde_tekst": pl.String,
                "interval_tekst": pl.String, "status_tekst": pl.String, "jaar_tekst": pl.String, "bron": pl.String,
                "periode": pl.String, "band_low": pl.Float64, "band_high": pl.Float64}


@dataclass(frozen=True)
class Trend:
    """Everything a trend chart draws, worked out once from the observation rows.

    Plain Python over a few dozen rows: a page draws up to 25 of these, and
    polars' per-call overhead would cost more than the work itself.
    """

    regions: list[dict]        # every region in the frame, legend order, with its style
    drawn: list[dict]          # the regions with at least one figure (the others are left out)
    years: list[int]           # the years the axis spans (including years after a series break)
    slots: list[tuple[int, str]]  # (year, period) on the axis, in time order
    slot_labels: list[str]     # '2023' or '1e halfjaar 2023', one per slot
    half_years: bool           # the slots are half-years (ordinal axis), not whole years
    gaps: list[dict]           # region_code, region_name, year, period, label, status per drawn region and gap
    annotations: list[dict]    # year, periode, label, regions, detail: one mark per gap slot
    labels: list[dict]         # label, from, to, midden, periode: the gap texts above the plot
    breaks: list[dict]         # one per run of break slots: start, end, midden, from/to labels, detail, sentence
    points: list[dict]         # rows with a figure, segment key and tooltip texts
    unit: str
    intervals: bool
    rounded_to: int | None     # the multiple the source rounded the counts to (None: not rounded)

    @property
    def figure_slots(self) -> list[tuple[int, str]]:
        """The slots that belong to the series (not after its break)."""
        broken = {slot for run in self.breaks for slot in run["slots"]}
        return [slot for slot in self.slots if slot not in broken]


def _period(row: dict) -> str:
    return row.get("period") or periods.YEAR


def _slot(row: dict) -> tuple[int, str]:
    return row["year"], _period(row)


def _slot_label(slot: tuple[int, str]) -> str:
    return periods.label(*slot)


def prepare(observations: pl.DataFrame) -> Trend:
    """Regions, slots, gaps, breaks and points of one indicator's observation rows (see Trend)."""
    rows = observations.to_dicts()
    kinds = {_period(row) for row in rows}
    half_years = bool(kinds - {periods.YEAR})
    if half_years and periods.YEAR in kinds:
        raise ValueError("jaarcijfers en halfjaarcijfers horen niet op één lijn: teken ze apart (split_periods)")
    styled = _styled_regions(rows)
    with_figures = {row["region_code"] for row in rows if row["value"] is not None}
    drawn = [region for region in styled if region["code"] in with_figures]
    slots = sorted({_slot(row) for row in rows if row["region_code"] in with_figures},
                   key=lambda slot: periods.sort_key(*slot))
    labels = [_slot_label(slot) for slot in slots]
    break_rows = {}
    for row in rows:
        if row["status"] == series.BREAK and row["region_code"] in with_figures:
            break_rows.setdefault(_slot(row), row)
    by_key = {(row["region_code"], _slot(row)): row for row in rows}

    gaps, points = [], []
    for region in drawn:
        segment = 0
        for slot, label in zip(slots, labels):
            if slot in break_rows:
                segment += 1  # after a break the series does not continue, whatever the rows say
                continue
            row = by_key.get((region["code"], slot))
            if row is None or row["value"] is None:
                # 'ontbreekt' also when the source has no row at all for this region and year
                gaps.append({"region_code": region["code"], "region_name": region["name"], "year": slot[0],
                             "period": slot[1], "label": label,
                             "status": row["status"] if row is not None and row["status"] else "ontbreekt"})
                segment += 1
                continue
            points.append(_point(row, region["name"], segment, label))
    order = {slot: index for index, slot in enumerate(slots)}
    gaps.sort(key=lambda gap: order[(gap["year"], gap["period"])])  # stable: legend order within a slot
    annotations = _annotations(gaps)
    rounded = {row.get("rounded_to") for row in rows if row["value"] is not None} - {None}
    return Trend(regions=styled, drawn=drawn, years=sorted({slot[0] for slot in slots}), slots=slots,
                 slot_labels=labels, half_years=half_years, gaps=gaps, annotations=annotations,
                 labels=_gap_labels(annotations, slots, half_years), breaks=_breaks(slots, labels, break_rows),
                 points=points, unit=rows[0]["unit"] if rows else "",
                 intervals=any(point["ci_low"] is not None for point in points),
                 rounded_to=max(rounded) if rounded else None)


def split_periods(observations: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(year figures, half-year figures): two charts, never one line."""
    kinds = set(observations["period"].to_list()) if "period" in observations.columns else {periods.YEAR}
    if kinds <= {periods.YEAR}:  # most indicators: no filtering, which costs more than the check
        return observations, observations.head(0)
    year = pl.col("period") == periods.YEAR
    return observations.filter(year), observations.filter(~year)


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
        elif row["region_level"] == "provincie":
            style = PROVINCIE_STYLE
        elif row["region_level"] == "vergelijking":  # a group of gemeenten: its median (app.comparison)
            style = REFERENCE_STYLE
        else:
            style = _style(visual.wijk_style(wijk_index))
            wijk_index += 1
        styled.append({"code": row["region_code"], "name": row["region_name"] or row["region_code"],
                       "level": row["region_level"], **style})
    return styled


def _point(row: dict, region_name: str, segment: int, label: str) -> dict:
    decimals, unit = row["decimals"], row["unit"]
    interval = "–"
    if row["ci_low"] is not None and row["ci_high"] is not None:
        interval = f"{fmt.number(row['ci_low'], decimals)}–{fmt.number(row['ci_high'], decimals)}"
    status = fmt.status_text(row["status"])
    rounded_to = row.get("rounded_to")
    if rounded_to:
        status += f"; {fmt.rounding_note(unit, rounded_to)}"
    if row.get("range_count"):  # a group's median: how many gemeenten, and their spread
        status += (f"; mediaan van {row['range_count']} gemeenten, spreiding "
                   f"{fmt.number(row['range_low'], decimals)}–{fmt.number(row['range_high'], decimals)}")
    return {
        "regio": region_name, "region_code": row["region_code"], "segment": f"{row['region_code']}-{segment}",
        "jaar": row["year"], "waarde": row["value"], "ci_low": row["ci_low"], "ci_high": row["ci_high"],
        "waarde_tekst": fmt.value_text(row["value"], decimals, unit, rounded_to), "interval_tekst": interval,
        "status_tekst": status, "jaar_tekst": label, "bron": row["source_title"], "periode": label,
        "band_low": row.get("range_low"), "band_high": row.get("range_high"),
    }


def _annotations(gaps: list[dict]) -> list[dict]:
    """One mark per gap slot: year, periode, label (why: 'geen cijfer', 'geheim'), regions (who), detail (tooltip)."""
    by_slot: dict[tuple[int, str], list[dict]] = {}
    for gap in gaps:
        by_slot.setdefault((gap["year"], gap["period"]), []).append(gap)
    marks = []
    for (year, _), missing in by_slot.items():
        label = missing[0]["label"]
        detail = "; ".join(f"{gap['region_name']}: {fmt.status_text(gap['status'])}" for gap in missing)
        marks.append({"year": year, "periode": label,
                      "label": " / ".join(sorted({GAP_WORD.get(gap["status"], "geen cijfer") for gap in missing})),
                      "regions": ", ".join(gap["region_name"] for gap in missing),
                      "detail": f"{label} — {detail}"})
    return marks


def _gap_labels(annotations: list[dict], slots: list[tuple[int, str]], half_years: bool) -> list[dict]:
    """Labels above the plot: neighbouring gap years with the same label share one, centred over them,
    so labels of adjacent years do not overlap. Half-years keep one label each (an ordinal axis has no
    position between two periods)."""
    position = {_slot_label(slot): index for index, slot in enumerate(slots)}
    labels: list[dict] = []
    for mark in sorted(annotations, key=lambda mark: position[mark["periode"]]):
        previous = labels[-1] if labels else None
        if (not half_years and previous and previous["label"] == mark["label"]
                and position[mark["periode"]] == position[str(previous["to"])] + 1):
            previous["to"] = mark["year"]
        else:
            labels.append({"label": mark["label"], "from": mark["year"], "to": mark["year"], "periode": mark["periode"]})
    for label in labels:
        label["midden"] = (label["from"] + label["to"]) / 2
    return labels


def _breaks(slots: list[tuple[int, str]], labels: list[str], break_rows: dict) -> list[dict]:
    """Runs of consecutive break slots, each one band: from halfway after the last figure to past the axis end."""
    runs: list[list[int]] = []
    for index, slot in enumerate(slots):
        if slot not in break_rows:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    bands = []
    for run in runs:
        first, last = run[0], run[-1]
        first_year, last_year = slots[first][0], slots[last][0]
        start = (slots[first - 1][0] + first_year) / 2 if first > 0 else first_year - 0.5
        end = last_year + 0.5 if last + 1 == len(slots) else (last_year + slots[last + 1][0]) / 2
        visible_end = min(end, slots[-1][0])
        row = break_rows[slots[first]]
        series_last = row.get("series_last_year")
        if series_last is None:
            series_last = slots[first - 1][0] if first > 0 else first_year - 1
        detail = series.end_text(series_last, row.get("series_note"))
        sentence = (f"Reeks stopt na {series_last} (grijze band ‘{series.BREAK_LABEL}’ vanaf {labels[first]}): "
                    f"{series.reason(row.get('series_note'))}")
        bands.append({"start": start, "end": end, "midden": (start + visible_end) / 2 if visible_end > start else start,
                      "from": labels[first], "to": labels[last], "label": series.BREAK_LABEL, "detail": detail,
                      "sentence": sentence if sentence.endswith(".") else sentence + ".",
                      "last_year": series_last, "slots": [slots[index] for index in run]})
    return bands


def gap_summary(observations: pl.DataFrame, *, breaks: bool = True) -> str:
    """The gaps and breaks in words, for under the chart; empty when there are none.

    breaks=False leaves the break sentence out, for a sparkline whose tile already gives the note.

    'Geen cijfer: 2024 voor alle regio's (niet beschikbaar); Soestdijk 't Hart 2022, 2023 (geheim).'
    'Reeks stopt na 2023 (grijze band ‘reeksbreuk’ vanaf 2024): CBS meet dit vanaf 2024 anders: …'
    """
    prepared = prepare(observations)
    sentences = []
    if prepared.gaps:
        region_count = len(prepared.drawn)
        everywhere: dict[str, list[str]] = {}
        per_region: dict[tuple[str, str], list[str]] = {}
        for mark in prepared.annotations:
            missing = [gap for gap in prepared.gaps if gap["label"] == mark["periode"]]
            statuses = {gap["status"] for gap in missing}
            if region_count > 1 and len(missing) == region_count and len(statuses) == 1:
                everywhere.setdefault(statuses.pop(), []).append(mark["periode"])
                continue
            for gap in missing:
                per_region.setdefault((gap["region_name"], gap["status"]), []).append(gap["label"])
        parts = [f"{', '.join(labels)} voor alle regio's ({fmt.status_text(status)})"
                 for status, labels in everywhere.items()]
        parts += [f"{name} {', '.join(labels)} ({fmt.status_text(status)})"
                  for (name, status), labels in per_region.items()]
        sentences.append("Geen cijfer: " + "; ".join(parts) + ".")
    if breaks:
        sentences += [band["sentence"] for band in prepared.breaks]
    return " ".join(sentences)


def describe_trend(observations: pl.DataFrame, target: progress.Target | None = None) -> str:
    """The chart in one Dutch line, its text alternative (WCAG 1.1.1): what is drawn, from when to when, and each
    region's first and last figure; Nederland only its newest; the streefwaarde when the chart draws one.

    'Lijngrafiek: Laag inkomen (%), 2019 tot 2024. Soest van 8,1% (2019) naar 7,2% (2024); Nederland 2024: 8,0%.'
    """
    prepared = prepare(observations)
    if not prepared.points:
        return "Lijngrafiek zonder cijfers."
    title = observations["title"][0] if "title" in observations.columns else observations["indicator_code"][0]
    unit = "" if prepared.unit in ("", "aantal") else f" ({prepared.unit})"
    slots = prepared.figure_slots or prepared.slots
    head = f"Lijngrafiek: {title}{unit}, {_slot_label(slots[0])} tot {_slot_label(slots[-1])}."
    parts = []
    for region in prepared.drawn:
        own = [point for point in prepared.points if point["region_code"] == region["code"]]
        first, last = own[0], own[-1]
        if region["level"] == "land" or first is last:
            parts.append(f"{region['name']} {last['jaar_tekst']}: {last['waarde_tekst']}")
        else:
            parts.append(f"{region['name']} van {first['waarde_tekst']} ({first['jaar_tekst']}) naar "
                         f"{last['waarde_tekst']} ({last['jaar_tekst']})")
    notes = []
    if prepared.intervals:
        notes.append("schattingen met 95%-interval")
    if prepared.gaps:
        notes.append("niet elk jaar een cijfer")
    if prepared.breaks:
        notes.append(f"reeksbreuk na {prepared.breaks[0]['last_year']}")
    drawn_target = _target_sentence(observations, target) if _draws_target(prepared, observations, target) else ""
    return " ".join(part for part in [head, "; ".join(parts) + ".",
                                      (", ".join(notes).capitalize() + ".") if notes else "", drawn_target] if part)


def describe_sparkline(observations: pl.DataFrame) -> str:
    """One line for a tile's small line: 'Verloop 2019–2024: van 8,1% naar 7,2%.'"""
    prepared = prepare(observations)
    if not prepared.points:
        return "Verloop: geen cijfers."
    first, last = prepared.points[0], prepared.points[-1]
    if first is last:
        return f"Verloop: alleen {last['jaar_tekst']}: {last['waarde_tekst']}."
    return (f"Verloop {first['jaar_tekst']}–{last['jaar_tekst']}: van {first['waarde_tekst']} naar "
            f"{last['waarde_tekst']}" + (", niet elk jaar een cijfer." if prepared.gaps else "."))


def regions(observations: pl.DataFrame) -> list[dict]:
    """The regions in the frame in legend order (wijken, the gemeente, Nederland), each with its style."""
    return _styled_regions(observations.to_dicts())


def drawn_rows(observations: pl.DataFrame) -> pl.DataFrame:
    """The observation rows the chart shows: every row of each region that has at least one figure.

    A region without a single figure is left out (and named by regions_without_figures)
    instead of filling the chart with gap marks. This is also what the download holds
    (with the break years, so the file says why they have no figure).
    """
    codes, values = observations["region_code"].to_list(), observations["value"].to_list()
    with_figures = {code for code, value in zip(codes, values) if value is not None}
    if len(with_figures) == len(set(codes)):
        return observations  # every region has a figure: nothing to leave out
    return observations.filter(pl.col("region_code").is_in(sorted(with_figures)))


def regions_without_figures(observations: pl.DataFrame) -> list[str]:
    """Names of the regions in the frame with no figure in any year (left out of the chart)."""
    prepared = prepare(observations)
    drawn = {region["code"] for region in prepared.drawn}
    return [region["name"] for region in prepared.regions if region["code"] not in drawn]


def comparable_regions(observations: pl.DataFrame) -> tuple[pl.DataFrame, str | None]:
    """Counts: Nederland's count is thousands of times the gemeente's, and would flatten every other line.

    Returns the rows to draw and, when Nederland was left out, its name (for the caption);
    for percentages and rates, or a count of the same order (schools within 3 km), nothing is left out.
    """
    if observations.is_empty() or observations["unit"][0] != "aantal":
        return observations, None
    national = pl.col("region_level") == "land"
    national_top = observations.filter(national)["value"].max()
    others_top = observations.filter(~national)["value"].max()
    if national_top is None or others_top is None or national_top <= NATIONAL_SCALE_LIMIT * max(others_top, 1):
        return observations, None
    return observations.filter(~national), observations.filter(national)["region_name"][0]


def measurement_years(observations: pl.DataFrame) -> list[int]:
    """The years of the series: every year in which the source has a row for a drawn region, up to a break."""
    return sorted({slot[0] for slot in prepare(observations).figure_slots})


def measurement_periods(observations: pl.DataFrame) -> list[str]:
    """Like measurement_years, as labels: ['2019', …] or ['1e halfjaar 2022', '2e halfjaar 2022', …]."""
    prepared = prepare(observations)
    return [_slot_label(slot) for slot in prepared.figure_slots]


def gap_rows(observations: pl.DataFrame) -> pl.DataFrame:
    """Per drawn region, each measurement year without a figure: region_code, region_name, year, status.

    status is the observation's own status (ontbreekt, geheim), or 'ontbreekt' when
    the source has no row at all for that region and year. Years after a series break are not gaps.
    """
    return pl.DataFrame([{column: gap[column] for column in GAP_SCHEMA} for gap in prepare(observations).gaps],
                        schema=GAP_SCHEMA)


def gap_annotations(observations: pl.DataFrame) -> pl.DataFrame:
    """One mark per year with a gap: year, label (why, above the plot), regions (who) and detail (tooltip)."""
    return pl.DataFrame([{column: mark[column] for column in ANNOTATION_SCHEMA}
                         for mark in prepare(observations).annotations], schema=ANNOTATION_SCHEMA)


def break_bands(observations: pl.DataFrame) -> list[dict]:
    """The series breaks on the chart: from, to (labels), start/end on the year axis, detail and the sentence."""
    return prepare(observations).breaks


def line_points(observations: pl.DataFrame) -> pl.DataFrame:
    """The rows with a figure, with a segment key that changes after every gap or break, and tooltip texts.

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


# Two lines under each half-year tick ('1e halfjaar' over '2023'): the full label without slanting it.
_TWO_LINE_LABEL = "[slice(datum.label, 0, -5), slice(datum.label, -4)]"


def _x(prepared: Trend, size, target_years: tuple[int, ...] = ()) -> tuple[dict, dict]:
    """The x encoding and scale: whole years on a numeric axis, half-years on an ordinal one.

    target_years: the nulmeting and streefwaarde years of a drawn target, which the year axis reaches too."""
    if prepared.half_years:
        scale = {"domain": prepared.slot_labels, "padding": 0.4}
        return ({"field": "periode", "type": "ordinal", "title": "Halfjaar", "sort": prepared.slot_labels,
                 # Every label shown: Vega would drop every other one, judging the two lines as one wide label.
                 "scale": scale, "axis": {"labelAngle": 0, "labelExpr": _TWO_LINE_LABEL, "grid": False,
                                          "labelOverlap": False, "labelFontSize": size(11)}}, scale)
    years = sorted({*prepared.years, *target_years})
    scale = {"domain": [years[0], years[-1]] if years else [0, 1], "nice": False, "padding": size(18)}
    return ({"field": "jaar", "type": "quantitative", "title": "Jaar", "scale": scale,
             "axis": {"values": years, "format": "d", "labelAngle": 0, "grid": False}}, scale)


def _break_layers(prepared: Trend, x_scale: dict, size, *, label_size: float, inside: bool = False) -> list[dict]:
    """The break: a shaded band from halfway after the last figure, a solid rule at its start, 'reeksbreuk' above."""
    if not prepared.breaks:
        return []
    tooltip = [{"field": "detail", "type": "nominal", "title": "Reeksbreuk"}]
    values = [{key: value for key, value in band.items() if key != "slots"} for band in prepared.breaks]
    if prepared.half_years:
        x = {"field": "from", "type": "ordinal", "scale": x_scale}
        return [
            {"data": {"values": values}, "mark": {"type": "rule", "color": BREAK_RULE, "strokeWidth": 2},
             "encoding": {"x": x, "tooltip": tooltip}},
            {"data": {"values": values},
             "mark": {"type": "text", "align": "left", "baseline": "bottom", "dy": -4, "dx": 3, "color": BREAK_RULE,
                      "fontSize": label_size, "fontWeight": "bold"},
             "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "label", "type": "nominal"}}},
        ]
    start = {"field": "start", "type": "quantitative", "scale": x_scale}
    text_mark = ({"type": "text", "align": "center", "baseline": "top", "dy": 2} if inside else
                 {"type": "text", "align": "center", "baseline": "bottom", "dy": -4})
    return [
        {"data": {"values": values},
         "mark": {"type": "rect", "color": BREAK_FILL, "opacity": 0.22, "clip": True},
         "encoding": {"x": start, "x2": {"field": "end"}, "tooltip": tooltip}},
        {"data": {"values": values},
         "mark": {"type": "rule", "color": BREAK_RULE, "strokeWidth": size(2)},
         "encoding": {"x": start, "tooltip": tooltip}},
        {"data": {"values": values},
         "mark": {**text_mark, "color": BREAK_RULE, "fontSize": label_size, "fontWeight": "bold"},
         "encoding": {"x": {"field": "midden", "type": "quantitative", "scale": x_scale}, "y": {"value": 0},
                      "text": {"field": "label", "type": "nominal"}}},
    ]


# --- the path to a streefwaarde (app.progress) --------------------------------------------------------------------


def _draws_target(prepared: Trend, observations: pl.DataFrame, target: progress.Target | None) -> bool:
    """A target belongs to the gemeente's year figures for everyone (breakdown 'totaal'): a half-year chart or a
    chart of one age group gets none, and neither does a chart without a figure."""
    if target is None or prepared.half_years or not prepared.points:
        return False
    return "breakdown" not in observations.columns or set(observations["breakdown"].to_list()) <= {"totaal"}


def _target_years(target: progress.Target | None) -> tuple[int, ...]:
    """The years a drawn target adds to the axis: the target year, and the nulmeting year when it has a value (a
    nulmeting year without a figure has no mark, and a bare tick there would suggest one)."""
    if target is None:
        return ()
    return (target.target_year,) if target.baseline_value is None else (target.baseline_year, target.target_year)


def _decimals_and_unit(observations: pl.DataFrame) -> tuple[int | None, str]:
    decimals = observations["decimals"][0] if "decimals" in observations.columns else None
    return decimals, observations["unit"][0] if "unit" in observations.columns else ""


def _target_sentence(observations: pl.DataFrame, target: progress.Target) -> str:
    """'Stippellijn: het pad van de nulmeting 14,5% (2022) naar de streefwaarde 12% in 2028.'"""
    decimals, unit = _decimals_and_unit(observations)
    goal = progress.target_text(target, decimals, unit)
    if target.baseline_value is None:
        return f"Streefwaarde {goal}; geen cijfer voor de nulmeting in {target.baseline_year}."
    baseline = progress.figure_text(target.baseline_value, decimals, unit)
    return (f"Stippellijn: het pad van de nulmeting {baseline} ({target.baseline_year}) naar de streefwaarde "
            f"{goal}.")


def _target_path(target: progress.Target, last_year: int, decimals: int | None, unit: str) -> list[dict]:
    """The points of the drawn path: nulmeting, streefwaarde and, when the figures go past the target year, the
    streefwaarde held to the last year (after the target year the target itself is expected). Empty without a
    nulmeting value (then only the streefwaarde is marked)."""
    if target.baseline_value is None:
        return []
    detail = (f"Pad van de nulmeting naar de streefwaarde {progress.target_text(target, decimals, unit)} "
              f"(bron: {target.source})")
    points = [{"jaar": target.baseline_year, "waarde": target.baseline_value, "detail": detail},
              {"jaar": target.target_year, "waarde": target.target_value, "detail": detail}]
    if last_year > target.target_year:
        points.append({"jaar": last_year, "waarde": target.target_value, "detail": detail})
    return points


def _target_layers(observations: pl.DataFrame, prepared: Trend, target: progress.Target, x: dict, y: dict, size,
                   label_size: float, font_scale: float) -> tuple[list[dict], list[dict]]:
    """(under the lines, over the points): the dotted path from nulmeting to streefwaarde; a ring around the
    nulmeting labelled 'nulmeting 2022' and a hollow diamond at the streefwaarde labelled
    'streefwaarde 12% (2028)', each with its source in the tooltip."""
    decimals, unit = _decimals_and_unit(observations)
    style = visual.TARGET
    width = size(style.width) if font_scale > 1 else style.width
    tooltip = [{"field": "detail", "type": "nominal", "title": "Streefwaarde"}]
    under, over = [], []
    path = _target_path(target, prepared.years[-1], decimals, unit)
    if path:
        under.append({"data": {"values": path},
                      "mark": {"type": "line", "color": style.colour, "strokeDash": list(style.dash),
                               "strokeCap": "round", "strokeWidth": width},
                      "encoding": {"x": x, "y": y, "tooltip": tooltip}})
    # A long unit ('per 1.000 inwoners') is in the heading and the axis; on the chart it would cover the lines.
    goal_text = progress.figure_text(target.target_value, decimals, unit if len(unit) <= 2 else "", trim=True)
    marks = [{"soort": "streefwaarde", "jaar": target.target_year, "waarde": target.target_value,
              "label": f"streefwaarde {goal_text} ({target.target_year})",
              "detail": f"Streefwaarde {progress.target_text(target, decimals, unit)} (bron: {target.source})"
                        + (f"; ambitie: {target.ambition}" if target.ambition else "")}]
    if target.baseline_value is not None:
        extra = []
        if target.baseline_interval is not None:
            low, high = target.baseline_interval
            extra.append(f"95%-interval {progress.figure_text(low, decimals, '')}–"
                         f"{progress.figure_text(high, decimals, unit)}")
        if target.baseline_source:
            extra.append(f"bron: {target.baseline_source}")
        source = f" ({'; '.join(extra)})" if extra else ""
        marks.insert(0, {"soort": "nulmeting", "jaar": target.baseline_year, "waarde": target.baseline_value,
                         "label": f"nulmeting {target.baseline_year}",
                         "detail": f"Nulmeting {progress.baseline_text(target, decimals, unit)}{source}"})
    tooltip = [{"field": "detail", "type": "nominal", "title": "Nulmeting en streefwaarde"}]
    going_down = target.baseline_value is not None and target.target_value < target.baseline_value
    for mark in marks:
        shape = "circle" if mark["soort"] == "nulmeting" else style.shape
        over.append({"data": {"values": [mark]},
                     "mark": {"type": "point", "shape": shape, "filled": False, "opacity": 1,
                              "color": style.colour, "strokeWidth": size(2),
                              "size": size(260 if mark["soort"] == "nulmeting" else 150)},
                     "encoding": {"x": x, "y": y, "tooltip": tooltip}})
        # The nulmeting sits at the left of the axis, the streefwaarde mostly at the right: labels run inwards.
        align = "left" if mark["soort"] == "nulmeting" else "right"
        # Labels go on the side the path leaves free: above the nulmeting and below the streefwaarde when the path
        # goes down, the other way round when it goes up — so neither sits on the line of figures. The value axis
        # has room for them beyond the outermost point (scale padding in trend_spec).
        above = (mark["soort"] == "nulmeting") == going_down
        text = {"type": "text", "align": align, "baseline": "bottom" if above else "top",
                "dy": -size(10) if above else size(10),
                "dx": size(-6) if align == "left" else size(6), "fontSize": label_size, "fontWeight": "bold"}
        encoding = {"x": x, "y": y, "text": {"field": "label", "type": "nominal"}}
        # A white halo under the words first: the dotted path often runs through a label.
        over.append({"data": {"values": [mark]},
                     "mark": {**text, "color": visual.BACKGROUND, "stroke": visual.BACKGROUND,
                              "strokeWidth": size(4), "strokeJoin": "round"}, "encoding": encoding})
        over.append({"data": {"values": [mark]}, "mark": {**text, "color": style.colour}, "encoding": encoding})
    return under, over


def trend_spec(observations: pl.DataFrame, *, height: int = 280, font_scale: float = 1.0,
               legend_columns: int = 3, axis_titles: bool = True, target: progress.Target | None = None) -> dict:
    """The Vega-Lite spec of trend_chart as a plain dict, for st.vega_lite_chart(spec=...).

    target (app.progress.Target, from progress.targets_by_indicator(data.targets())): draws the dotted path from
    the nulmeting to the streefwaarde with both points labelled, and the year axis reaches the target year; only on
    a year chart of the whole population (breakdown 'totaal'), otherwise it is left out.

    axis_titles=False leaves out 'Jaar' and the unit beside the axis, for a slide whose headline figure already
    names the unit: on a third of a beamer, Vega cut 'Per 1.000 inwoners' to the chart's height.

    Faster than Altair on a busy page: no Altair object building and schema
    validation (about 150 ms a chart), and the few rows sit inline in the spec,
    so Streamlit does not convert them to Arrow through pandas.
    """
    if observations["indicator_code"].n_unique() > 1 or observations["breakdown"].n_unique() > 1:
        raise ValueError("trend_chart tekent één indicator en één uitsplitsing tegelijk")
    prepared = prepare(observations)
    styled, unit, intervals = prepared.drawn, prepared.unit, prepared.intervals
    drawn_target = target if _draws_target(prepared, observations, target) else None

    def size(base: float) -> float:
        return round(base * font_scale, 1)

    domain = [region["name"] for region in styled]

    def by_region(channel_range: list, **extra) -> dict:
        return {"field": "regio", "type": "nominal", "sort": domain,
                "scale": {"domain": domain, "range": channel_range}, **extra}

    legend = {"title": None, "orient": "bottom", "columns": legend_columns, "symbolOpacity": 1,
              "symbolSize": size(120), "labelLimit": 0}
    colour = by_region([region["colour"] for region in styled], legend=legend)
    x, x_scale = _x(prepared, size, _target_years(drawn_target))
    if not axis_titles:
        x = {**x, "title": None}
    y = {"field": "waarde", "type": "quantitative", "title": value_axis_title(unit) if axis_titles else None,
         "scale": {"zero": False, "nice": True, **({"padding": size(26)} if drawn_target else {})},
         "axis": {"format": ",~r" if unit == "aantal" else ",~f", "tickCount": 5}}
    tooltip = [{"field": "regio", "type": "nominal", "title": "Regio"},
               {"field": "jaar_tekst", "type": "nominal", "title": "Halfjaar" if prepared.half_years else "Jaar"},
               {"field": "waarde_tekst", "type": "nominal", "title": "Waarde"},
               {"field": "status_tekst", "type": "nominal", "title": "Status"},
               {"field": "bron", "type": "nominal", "title": "Bron"}]
    if intervals:
        tooltip.insert(3, {"field": "interval_tekst", "type": "nominal", "title": "95%-interval"})

    # The break band first, so lines and points are drawn over it.
    layers = _break_layers(prepared, x_scale, size, label_size=size(11))
    target_under, target_over = (_target_layers(observations, prepared, drawn_target, x, y, size, size(11), font_scale)
                                 if drawn_target else ([], []))
    layers += target_under
    if intervals:
        layers.append({
            "data": {"values": prepared.points},
            "transform": [{"filter": "isValid(datum.ci_low) && isValid(datum.ci_high)"}],
            "mark": {"type": "area", "opacity": 0.14},
            "encoding": {"x": x, "y": {"field": "ci_low", "type": "quantitative"}, "y2": {"field": "ci_high"},
                         "detail": {"field": "segment", "type": "nominal"},
                         "color": colour},
        })
    if any(point["band_low"] is not None for point in prepared.points):
        # The spread of a group of gemeenten (lowest to highest) behind its median line.
        layers.append({
            "data": {"values": prepared.points},
            "transform": [{"filter": "isValid(datum.band_low) && isValid(datum.band_high)"}],
            "mark": {"type": "area", "color": visual.REFERENCE_BAND, "opacity": visual.REFERENCE_BAND_OPACITY},
            "encoding": {"x": x, "y": {"field": "band_low", "type": "quantitative"}, "y2": {"field": "band_high"},
                         "detail": {"field": "segment", "type": "nominal"}},
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
    layers += target_over
    if prepared.annotations:
        gap_x = ({"field": "periode", "type": "ordinal", "scale": x_scale} if prepared.half_years
                 else {"field": "year", "type": "quantitative", "scale": x_scale})
        gap_tooltip = [{"field": "detail", "type": "nominal", "title": "Geen cijfer"}]
        layers.append({
            "data": {"values": prepared.annotations},
            "mark": {"type": "rule", "color": GAP_COLOUR, "strokeDash": [3, 3], "strokeWidth": 1.5},
            "encoding": {"x": gap_x, "tooltip": gap_tooltip},
        })
        # Above the plot, where it covers no line; the tooltip and gap_summary name the regions.
        label_x = ({"field": "periode", "type": "ordinal", "scale": x_scale} if prepared.half_years
                   else {"field": "midden", "type": "quantitative", "scale": x_scale})
        layers.append({
            "data": {"values": prepared.labels},
            "mark": {"type": "text", "align": "center", "baseline": "bottom", "dy": -4, "color": visual.MUTED_TEXT,
                     "fontSize": size(11), "fontStyle": "italic"},
            "encoding": {"x": label_x, "y": {"value": 0}, "text": {"field": "label", "type": "nominal"}},
        })
    return {
        "description": describe_trend(observations, drawn_target),
        "height": height,
        "layer": layers,
        "config": {**SHARED_CONFIG, "locale": {"number": DUTCH_NUMBERS},
                   "axis": {**SHARED_CONFIG["axis"], "labelFontSize": size(12), "titleFontSize": size(12.5)},
                   "legend": {**SHARED_CONFIG["legend"], "labelFontSize": size(12), "titleFontSize": size(12.5)}},
    }


def trend_chart(observations: pl.DataFrame, *, height: int = 280, font_scale: float = 1.0,
                legend_columns: int = 3, target: progress.Target | None = None) -> alt.LayerChart:
    """Lines per region over the years, with 95%-interval bands, marked gaps and breaks, as an Altair chart.

    observations: data.observations rows of ONE indicator, ONE breakdown and one kind of period (years, or
    half-years), for the regions to show (wijken, the gemeente, Nederland). height in pixels; font_scale
    enlarges all text (1.6 or so for the beamer). Width follows the container.
    On busy pages prefer st.vega_lite_chart(trend_spec(...)): the same chart, faster.
    """
    return alt.LayerChart.from_dict(trend_spec(observations, height=height, font_scale=font_scale,
                                               legend_columns=legend_columns, target=target), validate=False)


def sparkline_spec(observations: pl.DataFrame, *, height: int = 72, font_scale: float = 1.0) -> dict:
    """A small line of one region's figures for an indicator tile; gaps break it and get a grey dashed tick,
    a series break gets its shaded band with 'reeksbreuk' in it."""
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
    layers = _break_layers(prepared, x_scale, lambda base: base, label_size=round(9 * font_scale, 1), inside=True)
    layers += [
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
    return {"description": describe_sparkline(observations), "height": height, "layer": layers,
            "config": {**SHARED_CONFIG, "locale": {"number": DUTCH_NUMBERS}, "view": {"stroke": None}}}


def sparkline(observations: pl.DataFrame, *, height: int = 72, font_scale: float = 1.0) -> alt.LayerChart:
    return alt.LayerChart.from_dict(sparkline_spec(observations, height=height, font_scale=font_scale),
                                    validate=False)
