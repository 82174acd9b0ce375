"""The visual language of the monitor: one set of colours, lines and symbols for pages, slides and downloads.

This module is the written-down rule; every chart, table colour, metric delta and widget takes its colours from
here (no hex colour anywhere else), so a colour means one thing everywhere:

- **the gemeente**: always GEMEENTE — near-black, solid, the thickest line, a circle. In a ranking it is the solid
  reference rule, labelled at its end ('Soest 12,3%').
- **Nederland** (and any other reference outside the gemeente): always NEDERLAND — grey, dashed, a square. In a
  ranking the dashed reference rule, labelled at its end.
- **the path to a streefwaarde** (app.progress): TARGET — the gemeente's colour, thin and dotted, from a ring
  around the nulmeting to a hollow diamond at the streefwaarde, both named in words on the chart. Progress on
  that path uses the judgement colours below: op koers BETTER ✓, achter WORSE ✗, binnen de marge SAME ≈.
- **comparison regions** (app.comparison): grey like Nederland — PROVINCIE dash-dotted with a triangle; a group of
  gemeenten (referentiegemeenten, vergelijkbare gemeenten) as REFERENCE, its median in short dashes with a cross,
  over a light REFERENCE_BAND from its lowest to its highest figure.
- **wijken**: wijk_style(i) by their position in the user's choice — WIJK_PALETTE, a categorical palette that
  never uses the blue and orange of better/worse (hues at least 30° away from both; Smitsveen is never
  orange), each colour with its own point shape, so a legend never depends on colour alone.
- **a judgement against the gemeente**: BETTER blue ✓, WORSE orange ✗, SAME grey ≈, NO_JUDGEMENT the same grey
  (a count, or an indicator without a good direction). Always with the symbol (in labels and legend entries,
  e.g. '✓ beter dan Soest'), never colour alone: blue/orange, not green/red, for colour-blind readers. A legend
  lists only the verdicts that are drawn.
- **the map** (app.kaart, app.charts.kaart): a region judged against the gemeente gets the light fill of its
  verdict (BETTER.fill, WORSE.fill, SAME.fill) with the symbol in its label; an indicator without a direction or a
  count gets MAP_CLASSES, sequential light-to-dark purples (never blue or orange: a class is no judgement). Geheim
  and ontbreekt are never a fill: white with MAP_PATTERN marks (diagonal lines, rows of dots) and a LINE outline;
  water is MAP_WATER; borders between regions MAP_BORDER; the highlighted wijk the gemeente's colour, thick.
- **everything else is neutral**: TEXT, MUTED_TEXT, GRID, LINE (neutral lines such as tree edges and gap marks),
  the series-break band (BREAK_FILL/BREAK_RULE), REFERENCE_FILL behind the gemeente's table row.
- **widgets** (buttons, selected chips, sliders, focus): PRIMARY, set as [theme] primaryColor in
  .streamlit/config.toml; the theme's blue/orange (st.metric deltas, badges) are BETTER/WORSE, its grey MUTED_TEXT.
- **contrast** (WCAG 2.1 AA on white): text 4.5:1, lines and other graphical objects 3:1; tests/test_visual.py
  checks every colour here and the theme.
- **a chart has a text alternative**: its Vega-Lite spec carries a one-line Dutch summary as "description"
  (describe_trend, describe_ranking), which Vega puts on the chart as its accessible name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionStyle:
    colour: str
    dash: tuple[int, ...]  # Vega strokeDash; () = solid
    width: float  # line width in px at font scale 1
    shape: str  # Vega point shape


@dataclass(frozen=True)
class Verdict:
    key: str  # as deviation.py names it
    symbol: str
    colour: str  # lines, symbols and text on white (≥ 4.5:1)
    fill: str  # cell background under black text (≥ 4.5:1 with #000000)
    metric_colour: str  # the name st.metric's delta_color takes


GEMEENTE = RegionStyle(colour="#1A1A1A", dash=(), width=3.5, shape="circle")
NEDERLAND = RegionStyle(colour="#6E6E6E", dash=(7, 4), width=2.5, shape="square")
# The gemeente's own path from nulmeting to streefwaarde (app.progress): the gemeente's colour, because it is the
# gemeente's line as planned, but thin and dotted — round dots (drawn with round caps), never the dashes of
# Nederland, the provincie or a group of gemeenten; the streefwaarde a hollow diamond, the nulmeting a ring around
# the gemeente's point; both labelled in words on the chart.
TARGET = RegionStyle(colour=GEMEENTE.colour, dash=(1, 4), width=2.5, shape="diamond")
# Comparison regions outside the gemeente are grey like Nederland (never a verdict colour), told apart by their
# dash and shape: the provincie dash-dotted with a triangle; a group of gemeenten (referentiegemeenten, vergelijkbare
# gemeenten) as its median, short dashes with a cross, over a light band from its lowest to its highest figure.
PROVINCIE = RegionStyle(colour="#4D4D4D", dash=(9, 3, 2, 3), width=2.5, shape="triangle-up")
REFERENCE = RegionStyle(colour="#5C5C5C", dash=(3, 2), width=2.5, shape="cross")
REFERENCE_BAND = "#BDBDBD"  # the spread of the group behind its median line (drawn at REFERENCE_BAND_OPACITY)
REFERENCE_BAND_OPACITY = 0.35

# Paul Tol's colours without his blue and orange (those mean better/worse), each ≥ 3:1 on white for lines; the
# first two (the usual pair of wijken) are the most different from each other and from blue and orange. Each
# wijk also gets its own point shape, so the legend never depends on colour alone.
WIJK_PALETTE = ("#117733", "#882255", "#AA4499", "#6B6B00", "#1F7A7A", "#CC6677", "#5E3C99")
WIJK_SHAPES = ("triangle-up", "diamond", "triangle-down", "cross", "triangle-right", "triangle-left", "wedge")

BETTER = Verdict("beter", "✓", "#2166AC", "#C6DBEF", "blue")
WORSE = Verdict("slechter", "✗", "#A85206", "#FDD0A2", "orange")
# SAME and NO_JUDGEMENT share one grey: they never meet in one chart (an indicator either has a direction or not).
# The lightest grey that is still AA text, so a black interval whisker stays visible on its bar.
SAME = Verdict("gelijk", "≈", "#767676", "#F0F0F0", "gray")
NO_JUDGEMENT = Verdict("neutraal", "", "#767676", "#FFFFFF", "gray")
VERDICTS = {verdict.key: verdict for verdict in (BETTER, WORSE, SAME, NO_JUDGEMENT)}

TEXT = "#111111"  # with Streamlit's captions (this colour at 60% opacity) still 4.7:1 on its grey panels
MUTED_TEXT = "#595959"  # captions, secondary labels: 7:1 on white
GRID = "#D9D9D9"  # background grid only: it carries no information, so no 3:1 needed
LINE = "#8C8C8C"  # neutral lines that carry information (tree edges, the dashed mark of a missing year): 3.4:1
BREAK_FILL, BREAK_RULE = "#9E9E9E", "#4D4D4D"  # a series break: grey band and its rule
REFERENCE_FILL = "#F0F0F0"  # the gemeente's row in a table; the root of the doelenboom
PANEL_FILL = "#F7F7F7"  # a box that groups others (the goals in the doelenboom)
BACKGROUND = "#FFFFFF"

# The map (app.charts.kaart). Value classes low → high: after ColorBrewer's Purples, the lightest dark enough to
# tell from white (ontbreekt) and to show the white borders, the darkest still ≥ 4.5:1 under a black label.
# Purple, not blue or orange: a value class says how high a figure is, not whether that is good.
MAP_CLASSES = ("#E4E1F0", "#C1BEDC", "#9E9AC8", "#807DBA")
MAP_WATER = "#E3ECEF"  # water: light, a faint blue-grey, never a figure's colour (named 'water' in the legend)
MAP_PATTERN = MUTED_TEXT  # the hatch of geheim and ontbreekt on white: ≥ 3:1 as graphics (7:1)
MAP_BORDER = BACKGROUND  # thin lines between regions

# Widgets (buttons, chips, sliders) in the same palette: set as [theme] primaryColor in .streamlit/config.toml.
# Dark slate, not the gemeente's black and not blue or orange: a selected wijk chip says nothing about a verdict.
PRIMARY = "#34495E"


def verdict_label(verdict: Verdict, reference: str) -> str:
    """The legend entry of a verdict: '✓ beter dan Soest', '✗ slechter dan Soest', '≈ geen verschil …'."""
    words = {BETTER.key: f"beter dan {reference}", WORSE.key: f"slechter dan {reference}",
             SAME.key: "geen verschil van betekenis", NO_JUDGEMENT.key: "geen oordeel (aantal of geen richting)"}
    return f"{verdict.symbol} {words[verdict.key]}".strip()


def wijk_style(index: int) -> RegionStyle:
    """The style of the index-th wijk drawn in a chart (by its position in the user's choice)."""
    return RegionStyle(colour=WIJK_PALETTE[index % len(WIJK_PALETTE)], dash=(), width=2.5,
                       shape=WIJK_SHAPES[index % len(WIJK_SHAPES)])


def chart_config(font_scale: float = 1.0) -> dict:
    """Vega-Lite config every chart shares: text in TEXT (Streamlit's theme would make axis labels a light grey),
    and no per-mark ARIA labels (Vega writes them in English: 'X-axis titled …'): axes, legends and marks are
    hidden from screen readers (aria-hidden; without it every mark group is an unnamed graphics-symbol, which
    axe reports as svg-img-alt), and the chart's accessible name is its Dutch one-line description instead."""
    return {"aria": False, "mark": {"aria": False},
            "axis": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": round(11 * font_scale, 1),
                     "titleFontSize": round(11.5 * font_scale, 1)},
            "legend": {"labelColor": TEXT, "titleColor": TEXT},
            "header": {"labelColor": TEXT, "titleColor": TEXT}}


def configure(chart, font_scale: float = 1.0):
    """An Altair chart with chart_config applied (the spec dict of a chart takes chart_config() directly)."""
    config = chart_config(font_scale)
    return (chart.configure(aria=config["aria"]).configure_mark(**config["mark"]).configure_axis(**config["axis"])
            .configure_legend(**config["legend"]).configure_header(**config["header"]))


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
