"""The map's rules: which boundaries a figure is drawn on, which class (colour or pattern) each region gets, and the
map in words (summary, table, download).

A wijkprofessional reads a map before a table, so the map must say the same as the table, honestly:

- a figure of year Y is drawn on the boundaries of year Y (boundary_year_for); when those are not loaded, on the
  nearest loaded ones, and the map says so (boundary_note); a region with a figure but without a shape in that
  edition is named under the map (not_on_map) and stays in the table;
- every region gets one class (CLASS_RULE, in words for the screen): judged against the gemeente in the same year
  (beter / gelijk / slechter, with app.deviation.judge: estimates whose 95%-intervals overlap are 'gelijk', within
  the margin), or, for a count or an indicator without a good direction, one of at most four value classes with
  about as many regions each. Geheim and ontbreekt are never a value colour (the most common complaint about
  choropleths: a missing figure that looks like the lowest class): they are patterned and named in the legend.
  Water is drawn light and is not part of the figures;
- the map has a one-line summary (its accessible name), a table (its text alternative) and a download.

Pure functions on polars frames (warehouse.queries.observations and region_boundaries): no streamlit, no
warehouse. The drawing is app.charts.kaart's; the geometry helpers here (polygons, contains, planar coordinates)
are shared with it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from app import comparison_table, deviation, export, series, visual
from app import format as fmt

ATTRIBUTION = "Kadaster / Centraal Bureau voor de Statistiek, {year}"
DEMO_SHAPES_NOTE = "kaart: vereenvoudigde voorbeeldvormen (fictief)"

LEVELS = ("wijk", "buurt")
LEVEL_PLURAL = {"wijk": "wijken", "buurt": "buurten"}
CODE_PREFIX = {"wijk": "WK", "buurt": "BU"}

# Value classes: at most this many, by quantiles of the regions drawn (fewer when there are fewer distinct values).
VALUE_CLASSES = len(visual.MAP_CLASSES)
# The judged regions of one kind are named in the summary when there are at most this many.
NAMED_IN_SUMMARY = 3

GEHEIM, ONTBREEKT, WATER = "geheim", "ontbreekt", "water"
PATTERNS = {GEHEIM: "geheim", ONTBREEKT: "ontbreekt"}
GEHEIM_LABEL = "geheim (te weinig inwoners of personen)"
ONTBREEKT_LABEL = "geen cijfer"
WATER_LABEL = "water"
WITHIN_MARGIN_LABEL = f"{visual.SAME.symbol} binnen de marge"  # CLASS_RULE says what the margin is
# How a pattern is named in the table beside the map (the table says what the map shows).
PATTERN_WORDS = {GEHEIM: "schuin gearceerd", ONTBREEKT: "gestippeld"}

CLASS_RULE = (
    "**Kleuren op de kaart:** bij een indicator met een goede en een slechte richting vergelijken we elke wijk of "
    "buurt met de gemeente in hetzelfde jaar: lichtblauw met ✓ = beter, lichtoranje met ✗ = slechter, lichtgrijs "
    "met ≈ = geen verschil van betekenis (bij RIVM-schattingen ook als de 95%-intervallen van gebied en gemeente "
    "elkaar overlappen: binnen de marge). Bij een aantal, een indicator zonder goede of slechte richting, of als de "
    f"gemeente zelf dat jaar geen cijfer heeft, kleuren we naar de waarde: hoogstens {VALUE_CLASSES} klassen met "
    "ongeveer even veel gebieden, van lichtpaars (laag) naar donkerpaars (hoog); zo'n kleur is geen oordeel. "
    "**Geheim** (te weinig inwoners of personen) is wit met schuine strepen, **geen cijfer** wit met stippen: nooit "
    "een kleur die op een waarde lijkt. Water is lichtgrijsblauw en telt niet mee. Een cijfer staat op de grenzen "
    "van zijn eigen jaar; zijn die niet geladen, dan op de dichtstbijzijnde geladen grenzen (dat staat onder de "
    "kaart)."
)


# --- which boundaries, which levels ----------------------------------------------------------------------------


def boundary_year_for(figure_year: int, loaded_years: Iterable[int]) -> int | None:
    """The edition to draw a figure of figure_year on: the same year, else the nearest loaded (a tie: the later)."""
    years = sorted(set(loaded_years))
    if not years:
        return None
    if figure_year in years:
        return figure_year
    return min(years, key=lambda year: (abs(year - figure_year), -year))


def map_levels(figures: pl.DataFrame, boundaries: pl.DataFrame, indicator_code: str, year: int) -> list[str]:
    """'wijk' and/or 'buurt': the levels with at least one figure (value not null) of the indicator in that year and
    shapes loaded (of any edition: a figure is drawn on the nearest one)."""
    rows = _year_figures(figures, indicator_code, year).filter(pl.col("value").is_not_null())
    loaded = set(boundaries["level"].unique().to_list()) if boundaries.height else set()
    return [level for level in LEVELS if level in loaded and _at_level(rows, level).height]


def default_year(figures: pl.DataFrame, indicator_code: str, region_codes: Sequence[str]) -> int | None:
    """The year a map opens on: the newest in which the indicator has a figure for at least one of these regions."""
    years = figures.filter((pl.col("indicator_code") == indicator_code) & pl.col("region_code").is_in(region_codes)
                           & pl.col("value").is_not_null())["year"]
    return years.max() if years.len() else None


# --- the map ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    key: str  # the class: 'beter', 'gelijk', 'slechter', 'klasse_1' …, 'geheim', 'ontbreekt', 'water'
    label: str  # as the legend and the table say it: '✓ beter dan Soest', '12,0 – 15,5', 'geheim (…)'
    fill: str  # the region's fill (app.visual)
    pattern: str | None  # 'geheim' | 'ontbreekt' | None: marks drawn over the fill


# eq=False: the frames inside are compared by identity (a frame has no single truth value to compare with).
@dataclass(frozen=True, eq=False)
class RegionMap:
    """One indicator in one year on the wijk or buurt map: everything the chart, the table and the notes need.

    regions: one row per shape drawn (water too), in CBS code order, with region_code, name, geometry (GeoJSON
    text, lon/lat), water, value, ci_low, ci_high, status, klasse, klasse_label, value_text ('12,3%', 'geheim',
    'geen cijfer'), figure (with interval: '12,3% (schatting 10,1–14,6)'), label (on the map: '12,3% ✗'),
    highlighted, label_lon, label_lat (a point well inside the region, for its label).
    figures: the observation rows on the map (the gemeente first, then the regions, also those not on the map;
    a region without a row gets one with value NULL and status 'ontbreekt'), in the columns of the input.
    """

    indicator_code: str
    title: str
    unit: str
    decimals: int
    level: str
    figure_year: int
    boundary_year: int
    regions: pl.DataFrame
    legend: tuple[LegendItem, ...]
    summary: str
    boundary_note: str | None
    not_on_map: tuple[str, ...]
    attribution: str
    demo_shapes: bool
    gemeente_name: str
    gemeente_value: float | None  # the gemeente's figure that year (the reference of the verdicts)
    gemeente_value_text: str | None  # as in every table: '46,4% (schatting 44,9–47,8)', 'geheim'; None: no row
    source_title: str | None
    judged: bool  # True: classes are verdicts against the gemeente; False: value classes
    figures: pl.DataFrame


REGION_SCHEMA = {
    "region_code": pl.String, "name": pl.String, "geometry": pl.String, "water": pl.Boolean, "value": pl.Float64,
    "ci_low": pl.Float64, "ci_high": pl.Float64, "status": pl.String, "klasse": pl.String, "klasse_label": pl.String,
    "value_text": pl.String, "figure": pl.String, "label": pl.String, "highlighted": pl.Boolean,
    "label_lon": pl.Float64, "label_lat": pl.Float64,
}


def region_map(figures: pl.DataFrame, boundaries: pl.DataFrame, *, indicator_code: str, year: int, level: str,
               gemeente_code: str, gemeente_name: str, highlight: str | None = None) -> RegionMap | None:
    """The map of one indicator in one year at one level, or None when no shapes of that level are loaded at all.

    figures: observation rows (warehouse.queries.observations; other indicators, years, breakdowns and half-years
    are ignored); boundaries: warehouse.queries.region_boundaries. highlight: a region outlined thick (the wijk of
    a wijkprofiel, the region pointed out on the wijkvergelijking).
    """
    if level not in LEVELS:
        raise ValueError(f"onbekend kaartniveau {level!r}: kies uit {', '.join(LEVELS)}")
    shapes_all = boundaries.filter(pl.col("level") == level) if boundaries.height else boundaries
    boundary_year = boundary_year_for(year, shapes_all["year"].to_list() if shapes_all.height else [])
    if boundary_year is None:
        return None
    shapes = shapes_all.filter(pl.col("year") == boundary_year).sort("region_code")

    rows = _year_figures(figures, indicator_code, year)
    meta = _meta(figures, indicator_code)
    gemeente_row = _first(rows.filter(pl.col("region_code") == gemeente_code))
    own = _at_level(rows, level).filter(pl.col("region_code").str.starts_with(
        CODE_PREFIX[level] + gemeente_code.removeprefix("GM")))
    by_code = {row["region_code"]: row for row in own.iter_rows(named=True)}
    gemeente_value = gemeente_row["value"] if gemeente_row else None
    judged = (meta["higher_is_better"] is not None and meta["unit"] not in deviation.NOT_COMPARABLE_UNITS
              and gemeente_value is not None)

    shape_rows = list(shapes.iter_rows(named=True))
    drawn_codes = {row["region_code"] for row in shape_rows}
    land = [row for row in shape_rows if not row["water"]]
    values = [by_code[row["region_code"]]["value"] for row in land
              if row["region_code"] in by_code and by_code[row["region_code"]]["value"] is not None]
    classes = value_classes(values, meta["decimals"]) if not judged else None

    plane = Plane.around([row["geometry"] for row in shape_rows])
    regions = []
    for shape in shape_rows:
        code = shape["region_code"]
        row = by_code.get(code)
        name = (row["region_name"] if row and row.get("region_name") else None) or shape["name"] or code
        klasse, label = _class_of(shape, row, gemeente_row, meta, judged, classes, gemeente_name)
        lon, lat = plane.label_point(polygons(shape["geometry"]))
        regions.append({
            "region_code": code, "name": name, "geometry": shape["geometry"], "water": bool(shape["water"]),
            "value": row["value"] if row else None, "ci_low": row["ci_low"] if row else None,
            "ci_high": row["ci_high"] if row else None,
            "status": (row["status"] if row else ONTBREEKT) if not shape["water"] else None,
            "klasse": klasse, "klasse_label": label,
            "value_text": _value_text(row, meta) if not shape["water"] else "",
            "figure": _figure(row, meta) if not shape["water"] else "",
            "label": _map_label(row, meta, klasse) if not shape["water"] else "",
            "highlighted": code == highlight, "label_lon": lon, "label_lat": lat,
        })
    frame = pl.DataFrame(regions, schema=REGION_SCHEMA)

    missing = [row for code, row in sorted(by_code.items())
               if code not in drawn_codes and (row["value"] is not None or row["status"] == GEHEIM)]
    not_on_map = tuple(row["region_name"] or row["region_code"] for row in missing)
    legend = _legend(frame, classes, meta["decimals"], gemeente_name)
    gemeente_value_text = comparison_table.figure_text(gemeente_row) if gemeente_row else None
    source_title = meta["source_title"]
    boundary_note = (None if boundary_year == year else
                     f"Getekend op de grenzen van {boundary_year}: grenzen van {year} zijn niet geladen.")
    shown = RegionMap(
        indicator_code=indicator_code, title=meta["title"], unit=meta["unit"], decimals=meta["decimals"],
        level=level, figure_year=year, boundary_year=boundary_year, regions=frame, legend=legend, summary="",
        boundary_note=boundary_note, not_on_map=not_on_map, attribution=ATTRIBUTION.format(year=boundary_year),
        demo_shapes=bool(shapes["is_demo"].any()) if "is_demo" in shapes.columns and shapes.height else False,
        gemeente_name=gemeente_name, gemeente_value=gemeente_value, gemeente_value_text=gemeente_value_text,
        source_title=source_title,
        judged=judged,
        figures=_figure_rows(figures, rows, gemeente_row, frame, missing, meta, indicator_code, year),
    )
    return replace(shown, summary=describe_map(shown))


def value_classes(values: Sequence[float], decimals: int) -> list[tuple[float, float]]:
    """At most VALUE_CLASSES ranges (lowest, highest value in the class) with about as many regions each.

    Values are rounded to the indicator's decimals first (two regions that show the same figure are in the same
    class). A value's class follows its middle rank among all values, so equal values share a class and a class is
    never empty; fewer classes when there are fewer distinct values.
    """
    shown = sorted(round(value, decimals) for value in values)
    if not shown:
        return []
    distinct = sorted(set(shown))
    count = min(VALUE_CLASSES, len(distinct))
    members: dict[int, list[float]] = {}
    for value in distinct:
        first = shown.index(value)
        ties = shown.count(value)
        index = min(count - 1, int(count * (first + ties / 2) / len(shown)))
        members.setdefault(index, []).append(value)
    return [(min(group), max(group)) for _, group in sorted(members.items())]


def class_of_value(value: float, decimals: int, classes: Sequence[tuple[float, float]]) -> int:
    """The index of the value class holding value (rounded as shown)."""
    shown = round(value, decimals)
    for index, (_, highest) in enumerate(classes):
        if shown <= highest:
            return index
    return len(classes) - 1


def class_fills(count: int) -> list[str]:
    """The purples for count value classes: spread over visual.MAP_CLASSES, light to dark."""
    palette = visual.MAP_CLASSES
    if count <= 1:
        return [palette[1]][:count]
    return [palette[round(index * (len(palette) - 1) / (count - 1))] for index in range(count)]


def range_text(lowest: float, highest: float, decimals: int) -> str:
    """'12,0 – 15,5', or '12,0' for a class of one value."""
    if round(lowest, decimals) == round(highest, decimals):
        return fmt.number(lowest, decimals)
    return f"{fmt.number(lowest, decimals)} – {fmt.number(highest, decimals)}"


def _class_of(shape: dict, row: dict | None, gemeente_row: dict | None, meta: dict, judged: bool,
              classes: list[tuple[float, float]] | None, gemeente_name: str) -> tuple[str, str]:
    """(klasse, klasse_label) of one region."""
    if shape["water"]:
        return WATER, WATER_LABEL
    if row is None or row["value"] is None:
        return (GEHEIM, GEHEIM_LABEL) if row is not None and row["status"] == GEHEIM else (ONTBREEKT, ONTBREEKT_LABEL)
    if judged:
        judgement = comparison_table.judge_rows(row, gemeente_row)
        verdict = visual.VERDICTS.get(judgement.verdict, visual.SAME)
        if verdict is visual.SAME and deviation.intervals_overlap(deviation.interval_of(row),
                                                                  deviation.interval_of(gemeente_row)):
            return visual.SAME.key, WITHIN_MARGIN_LABEL
        return verdict.key, visual.verdict_label(verdict, gemeente_name)
    index = class_of_value(row["value"], meta["decimals"], classes)
    return f"klasse_{index + 1}", range_text(*classes[index], meta["decimals"])


def _legend(frame: pl.DataFrame, classes: list[tuple[float, float]] | None, decimals: int,
            gemeente_name: str) -> tuple[LegendItem, ...]:
    """Only the classes drawn, in a fixed order: the verdicts or the value classes low → high, then the
    patterns and water."""
    drawn = set(frame["klasse"].to_list())
    items = []
    for verdict in (visual.BETTER, visual.SAME, visual.WORSE):
        if verdict.key in drawn:
            label = (visual.verdict_label(verdict, gemeente_name) if verdict is not visual.SAME
                     else f"{visual.SAME.symbol} geen verschil van betekenis (of binnen de marge)")
            items.append(LegendItem(verdict.key, label, verdict.fill, None))
    if classes:
        fills = class_fills(len(classes))
        for index, (lowest, highest) in enumerate(classes):
            key = f"klasse_{index + 1}"
            if key in drawn:
                items.append(LegendItem(key, range_text(lowest, highest, decimals), fills[index], None))
    for key, label, fill, pattern in ((GEHEIM, GEHEIM_LABEL, visual.BACKGROUND, GEHEIM),
                                      (ONTBREEKT, ONTBREEKT_LABEL, visual.BACKGROUND, ONTBREEKT),
                                      (WATER, WATER_LABEL, visual.MAP_WATER, None)):
        if key in drawn:
            items.append(LegendItem(key, label, fill, pattern))
    return tuple(items)


# --- the map in words ------------------------------------------------------------------------------------------


def describe_map(shown: RegionMap) -> str:
    """The map in one Dutch line, its text alternative (also the chart's description).

    'Kaart van Eenzaamheid per wijk in 2024 (grenzen 2024), vergeleken met Soest (46,4%): 2 wijken beter dan
    Soest, 1 slechter (Smitsveen), 4 zonder verschil van betekenis, 1 geheim.'
    """
    plural = LEVEL_PLURAL[shown.level]
    head = (f"Kaart van {shown.title} per {shown.level} in {shown.figure_year} (grenzen {shown.boundary_year})")
    land = shown.regions.filter(~pl.col("water"))
    counts = {key: land.filter(pl.col("klasse") == key) for key in
              (visual.BETTER.key, visual.WORSE.key, visual.SAME.key, GEHEIM, ONTBREEKT)}
    tail = []
    if counts[GEHEIM].height:
        tail.append(f"{counts[GEHEIM].height} geheim")
    if counts[ONTBREEKT].height:
        tail.append(f"{counts[ONTBREEKT].height} zonder cijfer")
    if shown.not_on_map:
        tail.append(f"{len(shown.not_on_map)} niet op de kaart")
    gemeente_figure = fmt.value_text(shown.gemeente_value, shown.decimals, shown.unit)
    if shown.judged:
        head += f", vergeleken met {shown.gemeente_name} ({gemeente_figure})"
        parts = []
        for key, words in ((visual.BETTER.key, "beter"), (visual.WORSE.key, "slechter"),
                           (visual.SAME.key, "zonder verschil van betekenis")):
            found = counts[key]
            if found.height:
                if key != visual.SAME.key and not parts:
                    words += f" dan {shown.gemeente_name}"  # once: '2 wijken beter dan Soest, 1 slechter'
                names = (f" ({', '.join(found['name'].to_list())})"
                         if key != visual.SAME.key and found.height <= NAMED_IN_SUMMARY else "")
                parts.append(f"{found.height} {words}{names}")
        parts += tail
        if not parts:
            return f"{head}: geen {plural}."
        first_count, first_rest = parts[0].split(" ", 1)
        noun = shown.level if first_count == "1" else plural
        return f"{head}: " + ", ".join([f"{first_count} {noun} {first_rest}", *parts[1:]]) + "."
    with_value = land.filter(pl.col("value").is_not_null()).sort("value", descending=True)
    classes = sum(1 for item in shown.legend if item.key.startswith("klasse_"))
    reference = ""
    if shown.unit not in deviation.NOT_COMPARABLE_UNITS and shown.gemeente_value is not None:
        reference = f" ({shown.gemeente_name} {gemeente_figure})"
    elif shown.unit not in deviation.NOT_COMPARABLE_UNITS:
        reference = f" (geen cijfer van {shown.gemeente_name} om mee te vergelijken)"
    if with_value.is_empty():
        body = f"geen {plural} met een cijfer"
    elif with_value.height == 1:
        top = with_value.row(0, named=True)
        body = f"{top['value_text']} in {top['name']}{reference}"
    else:
        top, bottom = with_value.row(0, named=True), with_value.row(-1, named=True)
        body = (f"in {classes} {'klasse' if classes == 1 else 'klassen'} naar waarde, van {bottom['value_text']} "
                f"in {bottom['name']} tot {top['value_text']} in {top['name']}{reference}")
    return f"{head}: {body}" + (f"; {', '.join(tail)}" if tail else "") + "."


def map_table(shown: RegionMap, *, compact: bool = False) -> pl.DataFrame:
    """The table beside the map, its text alternative: the gemeente first, then every region (CBS code order) with
    its figure, how it is coloured on the map and the year; regions not on the map last. Water is not in it.

    compact (a slide): the figure without its interval or status and no year column (the slide's heading says it),
    so every row fits on one line."""
    level = shown.level.capitalize()
    columns = [level, "Waarde", "Kleur op de kaart"] + ([] if compact else ["Jaar"])
    year = [] if compact else [str(shown.figure_year)]
    gemeente = (fmt.value_text(shown.gemeente_value, shown.decimals, shown.unit) if compact
                else shown.gemeente_value_text) if shown.gemeente_value is not None else shown.gemeente_value_text
    rows = [[f"{shown.gemeente_name} (gemeente)", gemeente or "–",
             "ter vergelijking" if shown.judged else "–", *year]]
    count = sum(1 for item in shown.legend if item.key.startswith("klasse_"))
    for row in shown.regions.filter(~pl.col("water")).iter_rows(named=True):
        rows.append([row["name"], row["value_text"] if compact else row["figure"],
                     _colour_words(row["klasse"], row["klasse_label"], count), *year])
    for row in _not_on_map_rows(shown):
        rows.append([row.get("region_name") or row["region_code"],
                     row["value_text"] if compact and "value_text" in row else comparison_table.figure_text(row),
                     f"niet op de kaart (geen grens in {shown.boundary_year})", *year])
    return pl.DataFrame(rows, schema={column: pl.String for column in columns}, orient="row")


def _colour_words(klasse: str, label: str, count: int) -> str:
    if klasse in PATTERN_WORDS:
        return f"{label} ({PATTERN_WORDS[klasse]})"
    if klasse.startswith("klasse_"):
        return f"klasse {klasse.removeprefix('klasse_')} van {count}: {label}"
    return label


def _not_on_map_rows(shown: RegionMap) -> list[dict]:
    """The figure rows of the regions with a figure but without a shape (region_map put them last)."""
    drawn = set(shown.regions["region_code"].to_list())
    return [row for row in shown.figures.iter_rows(named=True)
            if row["region_code"].startswith(CODE_PREFIX[shown.level]) and row["region_code"] not in drawn]


def map_download(shown: RegionMap) -> pl.DataFrame:
    """The figures on the map for CSV/xlsx: the long download table of every page (export.tidy_figures: indicator,
    regio, jaar, waarde, ondergrens_95, bovengrens_95, status, bron, toelichting …) with, before toelichting, how
    each region is drawn (kaartkleur) and on which boundaries (grenzen_jaar)."""
    table = export.tidy_figures(shown.figures)
    colours = dict(zip(shown.regions["region_code"].to_list(), shown.regions["klasse_label"].to_list()))
    count = sum(1 for item in shown.legend if item.key.startswith("klasse_"))
    klassen = dict(zip(shown.regions["region_code"].to_list(), shown.regions["klasse"].to_list()))
    words = []
    for code in table["regio_code"].to_list():
        if code in colours:
            words.append(_colour_words(klassen[code], colours[code], count))
        elif code.startswith(CODE_PREFIX[shown.level]):
            words.append("niet op de kaart")
        else:
            words.append("ter vergelijking" if shown.judged else None)
    return table.with_columns(
        pl.Series("kaartkleur", words, dtype=pl.String),
        pl.lit(shown.boundary_year, pl.Int32).alias("grenzen_jaar"),
    ).select(*[c for c in table.columns if c != export.NOTE_COLUMN], "kaartkleur", "grenzen_jaar",
             export.NOTE_COLUMN)


# --- figures ---------------------------------------------------------------------------------------------------


def _year_figures(figures: pl.DataFrame, indicator_code: str, year: int) -> pl.DataFrame:
    """The indicator's figures of one year for the whole population, year figures only."""
    condition = (pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
    if "breakdown" in figures.columns:
        condition &= pl.col("breakdown") == "totaal"
    if "period" in figures.columns:
        condition &= pl.col("period") == "jaar"
    return figures.filter(condition)


def _at_level(rows: pl.DataFrame, level: str) -> pl.DataFrame:
    if "region_level" in rows.columns:
        return rows.filter(pl.col("region_level") == level)
    return rows.filter(pl.col("region_code").str.starts_with(CODE_PREFIX[level]))


def _first(rows: pl.DataFrame) -> dict | None:
    return rows.row(0, named=True) if rows.height else None


def _meta(figures: pl.DataFrame, indicator_code: str) -> dict:
    """Title, unit, decimals, direction and source of the indicator (from any of its rows)."""
    rows = figures.filter(pl.col("indicator_code") == indicator_code)
    row = _first(rows) or {}
    return {"title": row.get("title") or indicator_code, "unit": row.get("unit") or "",
            "decimals": row.get("decimals") if row.get("decimals") is not None else 1,
            "higher_is_better": row.get("higher_is_better"), "source_title": row.get("source_title")}


def _value_text(row: dict | None, meta: dict) -> str:
    """'12,3%', 'minder dan 3', 'geheim', 'reeksbreuk', 'geen cijfer'."""
    if row is None or row["value"] is None:
        status = row["status"] if row is not None else ONTBREEKT
        return status if status in (GEHEIM, series.BREAK) else ONTBREEKT_LABEL
    return fmt.value_text(row["value"], meta["decimals"], meta["unit"], row.get("rounded_to"))


def _figure(row: dict | None, meta: dict) -> str:
    """The figure as in every table ('12,3% (schatting 10,1–14,6)'); 'geen cijfer' for a region without a row."""
    if row is None or row["value"] is None:
        return _value_text(row, meta)
    return comparison_table.figure_text({**row, "decimals": meta["decimals"], "unit": meta["unit"]})


def _map_label(row: dict | None, meta: dict, klasse: str) -> str:
    """The figure on the map: short ('12,3' for a rate, the unit is in the legend; '12,3%' for a percentage) with
    the verdict's symbol ('12,3% ✗'); the word for geheim and a missing figure."""
    if row is None or row["value"] is None:
        return _value_text(row, meta)
    text = fmt.value_text(row["value"], meta["decimals"], meta["unit"], row.get("rounded_to"),
                          unit_shown=meta["unit"] == "%")
    verdict = visual.VERDICTS.get(klasse)
    return f"{text} {verdict.symbol}".strip() if verdict else text


def _figure_rows(figures: pl.DataFrame, rows: pl.DataFrame, gemeente_row: dict | None, frame: pl.DataFrame,
                 missing: list[dict], meta: dict, indicator_code: str, year: int) -> pl.DataFrame:
    """The observation rows on the map, for the download: the gemeente, every land region drawn (a region without
    a row gets one: value NULL, status 'ontbreekt'), then the regions with a figure that are not on the map."""
    by_code = {row["region_code"]: row for row in rows.iter_rows(named=True)}
    template = {column: None for column in figures.columns}
    template.update({key: value for key, value in {
        "indicator_code": indicator_code, "title": meta["title"], "unit": meta["unit"], "decimals": meta["decimals"],
        "higher_is_better": meta["higher_is_better"], "source_title": meta["source_title"], "year": year,
        "period": "jaar", "breakdown": "totaal", "status": ONTBREEKT}.items() if key in template})
    out = [gemeente_row] if gemeente_row else []
    for region in frame.filter(~pl.col("water")).iter_rows(named=True):
        row = by_code.get(region["region_code"])
        if row is None:
            row = {**template, "region_code": region["region_code"]}
            if "region_name" in template:
                row["region_name"] = region["name"]
        out.append(row)
    out += missing
    return pl.DataFrame(out, schema=figures.schema, orient="row") if out else figures.clear()


# --- geometry: GeoJSON polygons in lon/lat, a local plane for distances ----------------------------------------


def polygons(geometry: str | dict | None) -> list[list[list[tuple[float, float]]]]:
    """A GeoJSON geometry (text or dict) as a list of polygons, each a list of rings of (lon, lat), the outer ring
    first. Points and lines have no area: they give no polygon."""
    if geometry is None:
        return []
    shape = json.loads(geometry) if isinstance(geometry, str) else geometry
    kind = shape.get("type")
    if kind == "Polygon":
        return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in shape["coordinates"]]]
    if kind == "MultiPolygon":
        return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in shape["coordinates"]]
    if kind == "GeometryCollection":
        return [polygon for part in shape.get("geometries", []) for polygon in polygons(part)]
    return []


def contains(polygon: Sequence[Sequence[tuple[float, float]]], lon: float, lat: float) -> bool:
    """Is the point inside the polygon (its holes excluded)? Even-odd rule over all its rings."""
    inside = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def ring_area(ring: Sequence[tuple[float, float]]) -> float:
    """Signed area (shoelace, x = lon, y = lat): positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


@dataclass(frozen=True)
class Plane:
    """A local flat plane around the gemeente: x = lon · cos(lat0), y = lat (degrees of latitude). Over the few
    kilometres of a gemeente it is as true to shape as the map's Mercator projection, so distances, label room
    and hatch spacing can be computed in it."""

    lat0: float

    @classmethod
    def around(cls, geometries: Iterable[str | None]) -> Plane:
        lats = [lat for geometry in geometries for polygon in polygons(geometry) for ring in polygon[:1]
                for _, lat in ring]
        return cls(sum(lats) / len(lats) if lats else 52.0)

    @property
    def factor(self) -> float:
        return math.cos(math.radians(self.lat0))

    def to_xy(self, lon: float, lat: float) -> tuple[float, float]:
        return lon * self.factor, lat

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        return x / self.factor, y

    def rings(self, polygon) -> list[np.ndarray]:
        return [np.array([self.to_xy(lon, lat) for lon, lat in ring], dtype=float) for ring in polygon]

    def label_point(self, shape: list) -> tuple[float | None, float | None]:
        """A point well inside the region (its largest part), for the label: of a grid of candidates inside it, the
        one farthest from its edges, refined once around the best (a small version of Mapbox's polylabel). The
        centroid of a U-shaped wijk lies outside it; this point never does."""
        if not shape:
            return None, None
        largest = max(shape, key=lambda polygon: abs(ring_area(polygon[0])))
        rings = [ring for ring in self.rings(largest) if len(ring) >= 3]
        if not rings:
            return None, None
        edges = _edges(rings)
        xs, ys = rings[0][:, 0], rings[0][:, 1]
        best, cell = None, max(xs.max() - xs.min(), ys.max() - ys.min()) / 12
        for step, around in ((cell, None), (cell / 4, 1)):
            if around is None:
                gx = np.arange(xs.min() + step / 2, xs.max(), step)
                gy = np.arange(ys.min() + step / 2, ys.max(), step)
            else:
                gx = best[0] + np.arange(-4, 5) * step
                gy = best[1] + np.arange(-4, 5) * step
            px, py = (array.ravel() for array in np.meshgrid(gx, gy))
            centroid = rings[0].mean(axis=0)
            px, py = np.append(px, centroid[0]), np.append(py, centroid[1])
            inside = points_inside(edges, px, py)
            if not inside.any():
                continue
            distance = edge_distance(edges, px[inside], py[inside])
            pick = int(np.argmax(distance))
            if best is None or distance[pick] >= best[2]:
                best = (float(px[inside][pick]), float(py[inside][pick]), float(distance[pick]))
        if best is None:
            x, y = rings[0][0]
            return self.to_lonlat(float(x), float(y))
        return tuple(round(value, 6) for value in self.to_lonlat(best[0], best[1]))


def _edges(rings: list[np.ndarray]) -> np.ndarray:
    """All edges of the rings as one array of rows (x1, y1, x2, y2)."""
    return np.concatenate([np.hstack([ring, np.roll(ring, -1, axis=0)]) for ring in rings])


def points_inside(edges: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon for many points against one polygon's edges (numpy: a wijk has hundreds)."""
    x1, y1, x2, y2 = (edges[:, index][None, :] for index in range(4))
    x, y = px[:, None], py[:, None]
    straddles = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = np.where(straddles, (x2 - x1) * (y - y1) / (y2 - y1) + x1, -np.inf)
    return (np.count_nonzero(straddles & (x < crossing), axis=1) % 2) == 1


def edge_distance(edges: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """The distance of each point to the nearest edge."""
    x1, y1, x2, y2 = (edges[:, index][None, :] for index in range(4))
    x, y = px[:, None], py[:, None]
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.clip(np.where(length > 0, ((x - x1) * dx + (y - y1) * dy) / length, 0.0), 0.0, 1.0)
    return np.sqrt((x1 + t * dx - x) ** 2 + (y1 + t * dy - y) ** 2).min(axis=1)
