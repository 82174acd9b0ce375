"""The choropleth: wijken or buurten on a map, drawn from inline GeoJSON with Vega-Lite's geoshape (no tiles, no
URLs, nothing from a CDN: the map works without internet).

It draws what app.kaart decided, in the colours of app.visual: a fill per class from a fixed scale (the legend's
classes, exactly the colours of the visual language), thin white borders, the highlighted region outlined thick
in the gemeente's colour, labels with name and figure where they fit, and under the map its own legend (every
class drawn, geheim and ontbreekt WITH their pattern), the attribution CBS requires and, for demo shapes, that
they are fictional. The chart's description is app.kaart's one-line summary: the map's accessible name.

Patterns: Vega-Lite has no pattern fill, so geheim and ontbreekt get real hatch lines, computed here: parallel
lines across the region clipped to its outline (even-odd, holes excluded), drawn as a MultiLineString geoshape —
diagonal solid lines for geheim, rows of dots (a dotted dash pattern) for ontbreekt. Being geometry, the pattern
stays inside its region and scales with the map; its spacing is set for the chart's design size.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np

from app import format as fmt
from app import kaart, visual

SELECTION = "kaart_regio"  # the point selection a page reads back after a click (on_select="rerun")

HATCH_SPACING = 6.0  # px between geheim's diagonal lines at the design size
DOT_SPACING = 5.0  # px between ontbreekt's rows of dots
DOT_DASH = [0.1, 4.5]  # a dash of almost nothing with round caps: a dot every 4,6 px
DOT_WIDTH, HATCH_WIDTH = 1.8, 1.0
# At buurt level there are many small regions: values only, and none at all above this many buurten.
MAX_BUURT_LABELS = 60
CHAR_WIDTH = 0.58  # a label character's width as a share of the font size (Streamlit's sans-serif; bold a bit more)


def map_chart(region_map: kaart.RegionMap, *, width: int = 560, height: int = 460, font_scale: float = 1.0,
              selectable: bool = False, labels: bool = True) -> alt.TopLevelMixin:
    """The map of region_map with its legend and attribution below it.

    width/height: the map's size in px (the legend adds its rows below); font_scale enlarges text for a beamer.
    selectable: a click on a region selects its region_code in the point selection SELECTION.
    labels: name and figure at each region's label point where they fit inside it (at buurt level the figure only,
    and no labels above MAX_BUURT_LABELS buurten); the table beside the map always has them all.
    """
    regions = region_map.regions
    legend_width = width
    plane = kaart.Plane.around(regions["geometry"].to_list())
    shapes = {row["region_code"]: kaart.polygons(row["geometry"]) for row in regions.iter_rows(named=True)}
    pixels, width, height = _fitted(plane, shapes.values(), width, height)
    year = region_map.figure_year

    features = [{"type": "Feature", "geometry": _d3_winding(shapes[row["region_code"]]),
                 "region_code": row["region_code"], "name": row["name"], "klasse": row["klasse"],
                 "klasse_label": row["klasse_label"], "figure": row["figure"] or "", "year": year}
                for row in regions.iter_rows(named=True)]
    legend = region_map.legend
    fill = alt.Color("klasse:N", legend=None,
                     scale=alt.Scale(domain=[item.key for item in legend], range=[item.fill for item in legend]))
    level_title = region_map.level.capitalize()
    tooltip = [alt.Tooltip("name:N", title=level_title), alt.Tooltip("figure:N", title="Waarde"),
               alt.Tooltip("klasse_label:N", title="Op de kaart"), alt.Tooltip("year:O", title="Jaar")]
    data = {}  # name → rows: the spec carries each dataset once, at its top (Altair copies inline data per layer)

    def named(name: str, rows: list) -> alt.NamedData:
        data[name] = rows
        return alt.NamedData(name=name)

    regions_data = named("kaart_gebieden", features)
    shapes_layer = alt.Chart(regions_data).mark_geoshape(
        stroke=visual.MAP_BORDER, strokeWidth=0.8 * font_scale, cursor="pointer" if selectable else "default",
    ).encode(color=fill, tooltip=tooltip)
    if selectable:
        shapes_layer = shapes_layer.add_params(alt.selection_point(name=SELECTION, fields=["region_code"]))
    layers = [shapes_layer]

    patterned = [row for row in regions.iter_rows(named=True) if row["klasse"] in kaart.PATTERNS]
    for klasse, spacing, normal, style in (
            (kaart.GEHEIM, HATCH_SPACING, (-math.sqrt(0.5), math.sqrt(0.5)), {"strokeWidth": HATCH_WIDTH}),
            (kaart.ONTBREEKT, DOT_SPACING, (0.0, 1.0),
             {"strokeWidth": DOT_WIDTH, "strokeDash": DOT_DASH, "strokeCap": "round"})):
        hatch = [{"type": "Feature", "region_code": row["region_code"],
                  "geometry": {"type": "MultiLineString",
                               "coordinates": hatch_lines(plane, shapes[row["region_code"]], normal,
                                                          spacing / pixels)}}
                 for row in patterned if row["klasse"] == klasse]
        hatch = [feature for feature in hatch if feature["geometry"]["coordinates"]]
        if hatch:
            layers.append(alt.Chart(named(f"kaart_{klasse}", hatch)).mark_geoshape(
                filled=False, stroke=visual.MAP_PATTERN, **style))
    if patterned:
        # White regions need an outline where they border the white page.
        layers.append(alt.Chart(regions_data).transform_filter(
            alt.FieldOneOfPredicate(field="klasse", oneOf=list(kaart.PATTERNS))).mark_geoshape(
            filled=False, stroke=visual.LINE, strokeWidth=0.8 * font_scale).encode(tooltip=tooltip))
    highlighted = regions.filter(regions["highlighted"])["region_code"].to_list()
    if highlighted:
        layers.append(alt.Chart(regions_data).transform_filter(
            alt.FieldOneOfPredicate(field="region_code", oneOf=highlighted)).mark_geoshape(
            filled=False, stroke=visual.GEMEENTE.colour, strokeWidth=visual.GEMEENTE.width * font_scale,
        ).encode(tooltip=tooltip))
    if labels:
        layers += _label_layers(region_map, plane, shapes, pixels, font_scale, tooltip, named)

    drawn = (alt.layer(*layers).project(type="mercator")
             .properties(width=width, height=height, view=alt.ViewBackground(stroke=None)))
    # visual.chart_config as the config itself: configure_* would copy the whole chart five times (half the time).
    chart = alt.VConcatChart(vconcat=[drawn, _legend_chart(region_map, legend_width, font_scale, named)],
                             spacing=round(8 * font_scale), description=region_map.summary,
                             config=visual.chart_config(font_scale))
    chart.datasets = data
    return chart


# --- geometry for the drawing ----------------------------------------------------------------------------------


def _d3_winding(shape: list) -> dict:
    """The polygons as a GeoJSON MultiPolygon in the winding Vega's d3-geo needs: outer rings clockwise, holes
    counter-clockwise (the opposite of RFC 7946, which PDOK follows). A ring the other way round would be read as
    the whole globe minus the region."""
    polygons = []
    for polygon in shape:
        rings = []
        for index, ring in enumerate(polygon):
            clockwise = kaart.ring_area(ring) < 0
            if clockwise != (index == 0):
                ring = ring[::-1]
            rings.append([[lon, lat] for lon, lat in ring])
        polygons.append(rings)
    return {"type": "MultiPolygon", "coordinates": polygons}


def _fitted(plane: kaart.Plane, shapes, width: int, height: int) -> tuple[float, int, int]:
    """How many px one unit of the plane gets when the map fits width × height (as Vega-Lite fits it), and the
    map's size shrunk to the regions' shape (a wide gemeente gets no empty band above and below it)."""
    points = [plane.to_xy(lon, lat) for shape in shapes for polygon in shape for lon, lat in polygon[0]]
    if not points:
        return 1.0, width, height
    xs, ys = [x for x, _ in points], [y for _, y in points]
    spans = [span for span in ((max(xs) - min(xs)) / width, (max(ys) - min(ys)) / height) if span > 0]
    if not spans:
        return 1.0, width, height
    pixels = 1 / max(spans)
    return (pixels, min(width, math.ceil((max(xs) - min(xs)) * pixels)),
            min(height, math.ceil((max(ys) - min(ys)) * pixels)))


def hatch_lines(plane: kaart.Plane, shape: list, normal: tuple[float, float], spacing: float) -> list:
    """Parallel lines across the region, clipped to it: [[[lon, lat], [lon, lat]], …].

    The lines are {p : p·normal = (k + ½)·spacing} in the plane (anchored on the same multiples everywhere, so
    the hatch runs on across neighbouring regions; the half step keeps them off edges on round coordinates); each
    line is cut where it crosses the region's edges and the pieces inside (even-odd: holes stay empty) are kept.
    """
    segments = []
    n = np.array(normal, dtype=float)
    along = np.array([-n[1], n[0]])
    for polygon in shape:
        rings = [ring for ring in plane.rings(polygon) if len(ring) >= 3]
        if not rings:
            continue
        edges = kaart._edges(rings)
        start, end = edges[:, :2], edges[:, 2:]
        f1, f2 = start @ n, end @ n
        lowest, highest = min(f1.min(), f2.min()), max(f1.max(), f2.max())
        for k in range(math.floor(lowest / spacing - 0.5), math.ceil(highest / spacing)):
            c = (k + 0.5) * spacing
            crossing = (f1 > c) != (f2 > c)
            if not crossing.any():
                continue
            share = (c - f1[crossing]) / (f2[crossing] - f1[crossing])
            points = start[crossing] + share[:, None] * (end[crossing] - start[crossing])
            positions = np.sort(points @ along)
            for g1, g2 in zip(positions[0::2], positions[1::2]):
                if g2 - g1 <= spacing * 0.05:
                    continue
                segments.append([[round(float(value), 6) for value in plane.to_lonlat(*(c * n + g * along))]
                                 for g in (g1, g2)])
    return segments


# --- labels ----------------------------------------------------------------------------------------------------


def _label_layers(region_map: kaart.RegionMap, plane: kaart.Plane, shapes: dict, pixels: float, font_scale: float,
                  tooltip: list, named) -> list:
    """Name and figure at the label point of each region where they fit inside it, dark on a white halo (Vega text
    has no halo: the same text is drawn first in white with a thick white stroke)."""
    size = 11 * font_scale
    land = region_map.regions.filter(~region_map.regions["water"])
    buurt = region_map.level == "buurt"
    if buurt and land.height > MAX_BUURT_LABELS:
        return []
    rows = []
    for row in land.iter_rows(named=True):
        if row["label_lon"] is None:
            continue
        lines = [row["label"]] if buurt else [row["name"], row["label"]]
        while lines and not _fits(plane, shapes[row["region_code"]], row, lines, size, pixels):
            lines = lines[1:]  # without the name, then nothing
        if lines:
            rows.append({"region_code": row["region_code"], "lon": row["label_lon"], "lat": row["label_lat"],
                         "name": row["name"], "figure": row["figure"], "klasse_label": row["klasse_label"],
                         "year": region_map.figure_year, "lines": len(lines),
                         "first": lines[0], "second": lines[1] if len(lines) > 1 else ""})
    if not rows:
        return []
    base = alt.Chart(named("kaart_namen", rows)).encode(longitude="lon:Q", latitude="lat:Q", tooltip=tooltip)
    layers = []
    placements = (("datum.lines == 2", "first:N", -0.6 * size, "normal"),
                  ("datum.lines == 2", "second:N", 0.65 * size, "bold"),
                  ("datum.lines == 1", "first:N", 0, "bold"))
    for halo in (True, False):
        for test, field, dy, weight in placements:
            colour = visual.BACKGROUND if halo else visual.TEXT
            extra = {"stroke": visual.BACKGROUND, "strokeWidth": 3 * font_scale, "strokeJoin": "round"} if halo else {}
            layers.append(base.transform_filter(test).mark_text(
                fontSize=size, fontWeight=weight, dy=dy, color=colour, **extra).encode(text=field))
    return layers


def _fits(plane: kaart.Plane, shape: list, row: dict, lines: list[str], size: float, pixels: float) -> bool:
    """Does a box around the label (its estimated width, its lines' height) lie inside the region?"""
    half_width = (max(len(line) for line in lines) * CHAR_WIDTH * size / 2 + 2) / pixels
    half_height = (len(lines) * 1.25 * size / 2 + 1) / pixels
    x, y = plane.to_xy(row["label_lon"], row["label_lat"])
    xs = np.array([x - half_width, x, x + half_width] * 3)
    ys = np.repeat([y - half_height, y, y + half_height], 3)
    for polygon in shape:
        rings = [ring for ring in plane.rings(polygon) if len(ring) >= 3]
        if rings and kaart.points_inside(kaart._edges(rings), np.array([x]), np.array([y]))[0]:
            return bool(kaart.points_inside(kaart._edges(rings), xs, ys).all())
    return False


# --- legend and attribution ------------------------------------------------------------------------------------


def _legend_chart(region_map: kaart.RegionMap, width: int, font_scale: float, named) -> alt.LayerChart:
    """The legend under the map, in pixel coordinates: a title line, every class drawn as a swatch with its label
    (geheim and ontbreekt with the same hatch as on the map), then the attribution (and the demo note)."""
    f = font_scale
    label_size, swatch_width, swatch_height, row = 11.5 * f, 22 * f, 14 * f, 22 * f
    unit = "" if region_map.unit in ("", "aantal") else f" ({region_map.unit})"
    title = f"{region_map.title}{unit} in {region_map.figure_year}"
    if region_map.judged:
        # the figure alone: its interval and status are in the table beside the map, and the title must fit
        gemeente = fmt.value_text(region_map.gemeente_value, region_map.decimals, region_map.unit)
        title += f", vergeleken met {region_map.gemeente_name}: {gemeente}"
    elif any(item.key.startswith("klasse_") for item in region_map.legend):
        title += ", naar waarde (geen oordeel)"
    texts = [{"x": 0, "y": row / 2, "text": title, "kind": "title"}]
    swatches, hatch, dots = [], [], []
    x, y = 0.0, row * 1.5
    for item in region_map.legend:
        entry = swatch_width + 6 * f + len(item.label) * CHAR_WIDTH * label_size + 16 * f
        if x > 0 and x + entry > width:
            x, y = 0.0, y + row
        left, top = x, y - swatch_height / 2
        swatches.append({"x": left, "x2": left + swatch_width, "y": top, "y2": top + swatch_height, "fill": item.fill})
        if item.pattern == kaart.GEHEIM:
            hatch += _square_hatch(left, top, swatch_width, swatch_height, HATCH_SPACING)
        elif item.pattern == kaart.ONTBREEKT:
            dots += [{"x": left + 1, "x2": left + swatch_width - 1, "y": row_y, "y2": row_y}
                     for row_y in np.arange(top + DOT_SPACING / 2, top + swatch_height, DOT_SPACING).tolist()]
        texts.append({"x": left + swatch_width + 6 * f, "y": y, "text": item.label, "kind": "label"})
        x += entry
    y += row
    texts.append({"x": 0, "y": y, "text": f"Grenzen: {region_map.attribution}", "kind": "credit"})
    if region_map.demo_shapes:  # a line of its own: beside the attribution it is cut off on a narrow map
        y += row * 0.8
        texts.append({"x": 0, "y": y, "text": kaart.DEMO_SHAPES_NOTE, "kind": "credit"})

    def pixel(field: str) -> dict:
        return {"scale": None, "axis": None, "title": None} | ({"field": field, "type": "quantitative"})

    layers = [alt.Chart(named("legenda_vlakken", swatches)).mark_rect(stroke=visual.LINE, strokeWidth=0.8).encode(
        x=alt.X(**pixel("x")), x2="x2:Q", y=alt.Y(**pixel("y")), y2="y2:Q", fill=alt.Fill("fill:N", scale=None))]
    if hatch:
        layers.append(alt.Chart(named("legenda_geheim", hatch)).mark_rule(
            stroke=visual.MAP_PATTERN, strokeWidth=HATCH_WIDTH).encode(
            x=alt.X(**pixel("x")), x2="x2:Q", y=alt.Y(**pixel("y")), y2="y2:Q"))
    if dots:
        layers.append(alt.Chart(named("legenda_ontbreekt", dots)).mark_rule(
            stroke=visual.MAP_PATTERN, strokeWidth=DOT_WIDTH, strokeDash=DOT_DASH, strokeCap="round").encode(
            x=alt.X(**pixel("x")), x2="x2:Q", y=alt.Y(**pixel("y")), y2="y2:Q"))
    for kind, colour, size, weight in (("title", visual.TEXT, label_size, "bold"),
                                       ("label", visual.TEXT, label_size, "normal"),
                                       ("credit", visual.MUTED_TEXT, 10.5 * f, "normal")):
        layers.append(alt.Chart(named(f"legenda_{kind}", [t for t in texts if t["kind"] == kind])).mark_text(
            align="left", baseline="middle", color=colour, fontSize=size, fontWeight=weight, limit=width).encode(
            x=alt.X(**pixel("x")), y=alt.Y(**pixel("y")), text="text:N"))
    return alt.layer(*layers).properties(width=width, height=round(y + row / 2),
                                         view=alt.ViewBackground(stroke=None))


def _square_hatch(left: float, top: float, width: float, height: float, spacing: float) -> list[dict]:
    """Diagonal lines ('/', as on the map) across a swatch, spacing px apart, clipped to it (screen y runs down)."""
    lines = []
    # The lines x + y = c, for c on multiples of spacing·√2 (so they lie spacing apart).
    step = spacing * math.sqrt(2)
    c = math.ceil((left + top) / step) * step
    while c < left + width + top + height:
        x1, x2 = max(left, c - top - height), min(left + width, c - top)
        if x2 > x1:
            lines.append({"x": x1, "y": c - x1, "x2": x2, "y2": c - x2})
        c += step
    return lines
