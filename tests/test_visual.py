"""The visual language (app.visual): WCAG AA contrast, a wijk palette apart from better/worse, one theme for widgets."""

from __future__ import annotations

import colorsys
import inspect
import re
import tomllib

import polars as pl
import pytest

from app import comparison_table, deviation, doelenboom, kaart, visual
from app.charts import kaart as kaart_chart
from app.charts import trend
from app.charts import wijk as wijk_charts
from conftest import PROJECT_ROOT

THEME = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
WHITE = "#FFFFFF"
# Streamlit draws captions and other secondary text in the theme's textColor at 60% opacity (measured in the
# browser: the caption's computed colour is textColor, an ancestor has opacity 0.6), on white and on its grey
# panels (the sidebar #F8F8F7, widgets #F0F2F6).
CAPTION_OPACITY = 0.6
STREAMLIT_PANELS = ("#FFFFFF", "#F8F8F7", "#F0F2F6")

TEXT_COLOURS = {
    "TEXT": visual.TEXT, "MUTED_TEXT": visual.MUTED_TEXT,
    # verdict colours are also text: the figures in the ranking's label column, metric deltas
    **{f"verdict {v.key}": v.colour for v in visual.VERDICTS.values()},
    # Nederland's reference label in the ranking is written in its line colour
    "NEDERLAND": visual.NEDERLAND.colour, "BREAK_RULE (the word 'reeksbreuk')": visual.BREAK_RULE,
}
GRAPHIC_COLOURS = {
    "GEMEENTE": visual.GEMEENTE.colour, "NEDERLAND": visual.NEDERLAND.colour, "LINE": visual.LINE,
    "BREAK_RULE": visual.BREAK_RULE, "PRIMARY": visual.PRIMARY, "TARGET": visual.TARGET.colour,
    "PROVINCIE": visual.PROVINCIE.colour, "REFERENCE": visual.REFERENCE.colour,
    **{f"WIJK_PALETTE[{i}]": colour for i, colour in enumerate(visual.WIJK_PALETTE)},
    **{f"bar {v.key}": v.colour for v in visual.VERDICTS.values()},
}


def blend(colour: str, background: str, opacity: float) -> str:
    """The colour seen when colour is drawn at this opacity over background."""
    def rgb(hex_colour: str) -> list[int]:
        return [int(hex_colour[index:index + 2], 16) for index in (1, 3, 5)]

    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * b):02X}" for c, b in zip(rgb(colour), rgb(background)))


def hue(colour: str) -> float:
    r, g, b = (int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def hue_distance(a: str, b: str) -> float:
    difference = abs(hue(a) - hue(b)) % 360
    return min(difference, 360 - difference)


def test_contrast_ratio_matches_wcag_reference_values():
    assert visual.contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert visual.contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # #767676 is the well-known lightest grey that passes 4.5:1 on white; #777777 fails it
    assert visual.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert visual.contrast_ratio("#777777") < 4.5
    assert visual.contrast_ratio("#2166AC", "#C6DBEF") == visual.contrast_ratio("#C6DBEF", "#2166AC")


@pytest.mark.parametrize("name", TEXT_COLOURS)
def test_every_text_colour_reaches_aa_on_white(name):
    assert visual.contrast_ratio(TEXT_COLOURS[name]) >= 4.5, f"{name} {TEXT_COLOURS[name]}"


@pytest.mark.parametrize("name", GRAPHIC_COLOURS)
def test_every_line_and_mark_colour_reaches_3_to_1_on_white(name):
    assert visual.contrast_ratio(GRAPHIC_COLOURS[name]) >= 3.0, f"{name} {GRAPHIC_COLOURS[name]}"


def test_black_text_on_the_table_fills_and_white_text_on_widgets_reach_aa():
    for fill in [v.fill for v in visual.VERDICTS.values()] + [visual.REFERENCE_FILL, visual.PANEL_FILL]:
        assert visual.contrast_ratio("#000000", fill) >= 4.5, fill
    assert visual.contrast_ratio(WHITE, visual.PRIMARY) >= 4.5, "white button text and chip text on PRIMARY"


def test_map_fills_carry_black_labels_and_the_patterns_show_on_white():
    """The map (app.charts.kaart): labels in TEXT on every fill; geheim/ontbreekt's hatch ≥ 3:1 on their white."""
    fills = [*visual.MAP_CLASSES, visual.MAP_WATER, visual.BETTER.fill, visual.WORSE.fill, visual.SAME.fill,
             visual.BACKGROUND]
    for fill in fills:
        assert visual.contrast_ratio(visual.TEXT, fill) >= 4.5, fill
    assert visual.contrast_ratio(visual.MAP_PATTERN) >= 3.0 and visual.contrast_ratio(visual.LINE) >= 3.0
    assert visual.contrast_ratio(visual.GEMEENTE.colour, visual.MAP_CLASSES[-1]) >= 3.0, "the highlight outline"
    # Value classes run light → dark, are purple (no verdict's blue or orange) and never a verdict's fill.
    luminances = [visual.contrast_ratio(fill) for fill in visual.MAP_CLASSES]
    assert luminances == sorted(luminances)
    for fill in visual.MAP_CLASSES:
        assert fill not in (visual.BETTER.fill, visual.WORSE.fill, visual.SAME.fill, visual.MAP_WATER)
        for verdict in (visual.BETTER, visual.WORSE):
            assert hue_distance(fill, verdict.colour) >= 30, f"{fill} looks like {verdict.key}"
    # The lightest class must not look like white, the fill of geheim and ontbreekt.
    assert visual.contrast_ratio(visual.MAP_CLASSES[0]) >= 1.2


def test_wijk_palette_never_uses_or_resembles_the_better_worse_colours():
    judged = {visual.BETTER.colour.upper(), visual.WORSE.colour.upper()}
    assert not judged & {colour.upper() for colour in visual.WIJK_PALETTE}
    assert len(set(visual.WIJK_PALETTE)) == len(visual.WIJK_PALETTE) == len(visual.WIJK_SHAPES)
    for colour in visual.WIJK_PALETTE:
        for verdict in (visual.BETTER, visual.WORSE):
            assert hue_distance(colour, verdict.colour) >= 30, f"{colour} looks like {verdict.key} {verdict.colour}"
    # the gemeente and Nederland are not wijk colours either
    assert visual.GEMEENTE.colour not in visual.WIJK_PALETTE and visual.NEDERLAND.colour not in visual.WIJK_PALETTE


def test_better_is_blue_and_worse_orange_with_their_symbols():
    assert 190 <= hue(visual.BETTER.colour) <= 230 and visual.BETTER.symbol == "✓"
    assert 15 <= hue(visual.WORSE.colour) <= 40 and visual.WORSE.symbol == "✗"
    assert visual.SAME.symbol == "≈"
    assert visual.verdict_label(visual.BETTER, "Soest") == "✓ beter dan Soest"
    assert visual.verdict_label(visual.WORSE, "Soest") == "✗ slechter dan Soest"
    assert visual.verdict_label(visual.SAME, "Soest") == "≈ geen verschil van betekenis"
    assert {v.metric_colour for v in (visual.BETTER, visual.WORSE)} == {"blue", "orange"}


def test_wijk_styles_cycle_through_palette_and_shapes_and_differ_from_the_references():
    first = [visual.wijk_style(index) for index in range(len(visual.WIJK_PALETTE))]
    assert [style.colour for style in first] == list(visual.WIJK_PALETTE)
    assert len({style.shape for style in first}) == len(first)
    assert visual.wijk_style(len(visual.WIJK_PALETTE)) == first[0]
    assert {style.shape for style in first}.isdisjoint({visual.GEMEENTE.shape, visual.NEDERLAND.shape})
    assert visual.GEMEENTE.dash == () and visual.NEDERLAND.dash, "the gemeente solid, Nederland dashed"
    assert visual.GEMEENTE.width > max(style.width for style in first)


def test_streamlit_theme_is_the_visual_language():
    assert THEME["base"] == "light"
    assert THEME["primaryColor"] == visual.PRIMARY
    assert THEME["textColor"] == visual.TEXT
    assert THEME["blueColor"] == THEME["blueTextColor"] == visual.BETTER.colour
    assert THEME["orangeColor"] == THEME["orangeTextColor"] == visual.WORSE.colour
    assert THEME["grayTextColor"] == visual.MUTED_TEXT
    assert THEME["chartCategoricalColors"] == list(visual.WIJK_PALETTE)
    assert THEME["codeTextColor"] == visual.TEXT, "code in a caption: Streamlit's green at 60% fails AA"


def test_chart_config_hides_vegas_english_mark_labels_behind_the_dutch_description():
    config = visual.chart_config(1.5)
    assert config["aria"] is False and config["mark"] == {"aria": False}
    assert config["axis"]["labelColor"] == config["legend"]["labelColor"] == visual.TEXT
    assert config["axis"]["labelFontSize"] == pytest.approx(16.5)


def test_streamlit_theme_text_reaches_aa_on_its_backgrounds():
    """st.metric deltas and badges: the blue/orange/grey text on its own tint; captions: faded text on the panels."""
    for colour in ("blue", "orange", "gray"):
        ratio = visual.contrast_ratio(THEME[f"{colour}TextColor"], THEME[f"{colour}BackgroundColor"])
        assert ratio >= 4.5, f"{colour}: {ratio:.2f}"
    for panel in STREAMLIT_PANELS:
        caption = blend(THEME["textColor"], panel, CAPTION_OPACITY)
        assert visual.contrast_ratio(caption, panel) >= 4.5, f"caption {caption} on {panel}"


def test_charts_tables_and_tree_take_their_colours_from_visual():
    """No hex colour of their own in the chart modules' styling: a colour means one thing everywhere."""
    hex_colour = re.compile(r"#[0-9A-Fa-f]{6}\b")
    for source in (inspect.getsource(trend), inspect.getsource(doelenboom), inspect.getsource(deviation),
                   inspect.getsource(kaart), inspect.getsource(kaart_chart),
                   inspect.getsource(wijk_charts.ranking_chart), inspect.getsource(wijk_charts._reference_layers),
                   inspect.getsource(wijk_charts._figure_column), inspect.getsource(wijk_charts.trend_chart)):
        assert not hex_colour.findall(source)
    assert trend.GEMEENTE_STYLE["colour"] == visual.GEMEENTE.colour
    assert trend.NEDERLAND_STYLE["dash"] == list(visual.NEDERLAND.dash)
    assert wijk_charts.REGION_COLOURS == [visual.wijk_style(0).colour, visual.GEMEENTE.colour,
                                          visual.NEDERLAND.colour]
    assert comparison_table.VERDICT_COLOURS == {"beter": visual.BETTER.fill, "slechter": visual.WORSE.fill}
    assert comparison_table.REFERENCE_COLOUR == visual.REFERENCE_FILL


def test_doelenboom_root_is_not_the_better_blue():
    opgave = {"opgave_code": "x", "title": "Test", "sort_order": 1, "ambition": "Iets"}
    goals = pl.DataFrame(schema={"opgave_code": pl.String, "goal_code": pl.String, "sort_order": pl.Int32,
                                 "text": pl.String, "needs_source": pl.String})
    catalog = pl.DataFrame(schema={"indicator_code": pl.String, "title": pl.String, "unit": pl.String,
                                   "source_title": pl.String, "regions_with_figures": pl.Int64,
                                   "opgave_code": pl.String, "goal_code": pl.String, "sort_order": pl.Int32})
    dot = doelenboom.doelenboom_dot(opgave, goals, catalog)
    root = next(line for line in dot.splitlines() if line.strip().startswith("opgave ["))
    assert f'color="{visual.GEMEENTE.colour}"' in root and visual.BETTER.colour not in dot
    assert f'edge [color="{visual.LINE}"' in dot
