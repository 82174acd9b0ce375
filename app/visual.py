"""The visual language of the monitor: one set of colours, lines and symbols for pages, slides and downloads.

Every chart, table colour, metric delta and widget takes its colours from here, so a colour means one thing
everywhere:

- the gemeente: always GEMEENTE (near-black, solid, thick line, circle);
- Nederland (and any other reference outside the gemeente): always NEDERLAND (grey, dashed, square);
- wijken: WIJK_PALETTE, a categorical palette that never uses the blue and orange of better/worse;
- a judgement against the gemeente: BETTER blue ✓, WORSE orange ✗, SAME grey ≈, NO_JUDGEMENT grey — always
  with the symbol, never colour alone (colour-blind safe: blue/orange, not green/red);
- text and lines meet WCAG 2.1 AA on white: text 4.5:1, graphical objects 3:1 (tests/test_visual.py checks).
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

# Paul Tol's colours without his blue and orange (those mean better/worse), each ≥ 3:1 on white for lines; each
# wijk also gets its own point shape, so the legend never depends on colour alone.
WIJK_PALETTE = ("#117733", "#882255", "#AA4499", "#6B6B00", "#1F7A7A", "#CC6677", "#5E3C99")
WIJK_SHAPES = ("triangle-up", "diamond", "triangle-down", "cross", "triangle-right", "triangle-left", "wedge")

BETTER = Verdict("beter", "✓", "#2166AC", "#C6DBEF", "blue")
WORSE = Verdict("slechter", "✗", "#B35806", "#FDD0A2", "orange")
SAME = Verdict("gelijk", "≈", "#595959", "#F0F0F0", "gray")
NO_JUDGEMENT = Verdict("neutraal", "", "#595959", "#FFFFFF", "gray")
VERDICTS = {verdict.key: verdict for verdict in (BETTER, WORSE, SAME, NO_JUDGEMENT)}

TEXT = "#1A1A1A"
MUTED_TEXT = "#595959"  # captions, secondary labels: 7:1 on white
GRID = "#D9D9D9"
BREAK_FILL, BREAK_RULE = "#9E9E9E", "#4D4D4D"  # a series break: grey band and its rule
REFERENCE_FILL = "#F0F0F0"  # the gemeente's row in a table

# Widgets (buttons, chips, sliders) in the same palette: set as [theme] primaryColor in .streamlit/config.toml.
PRIMARY = "#1A1A1A"


def wijk_style(index: int) -> RegionStyle:
    """The style of the index-th wijk drawn in a chart (by its position in the user's choice)."""
    return RegionStyle(colour=WIJK_PALETTE[index % len(WIJK_PALETTE)], dash=(), width=2.5,
                       shape=WIJK_SHAPES[index % len(WIJK_SHAPES)])


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
