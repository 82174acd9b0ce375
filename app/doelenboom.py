"""The doelenboom of one opgave: ambitie → goals ('We willen dat …') → the indicators that measure each goal.

Reports are read at the level of goals; when a goal moves, its indicators say
why. Built from data.opgaven(), data.goals() and data.indicator_catalog(), as
DOT text for st.graphviz_chart (rendered in the browser, no system Graphviz
needed) or as nested markdown (screen readers, tests, plain text).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import polars as pl

from app import visual
from app.plain_text import markdown_safe

NO_FIGURES = "nog geen cijfers"
NO_INDICATOR = "nog geen indicator"


def needs_text(needs_source: str | None) -> str:
    """'nog geen indicator — bron nodig: Gezondheidsmonitor Jeugd …' for a goal no indicator measures yet."""
    return f"{NO_INDICATOR} — bron nodig: {needs_source}" if needs_source else NO_INDICATOR


def series_label(indicator: Mapping) -> str:
    """'reeks t/m 2023' for a series that stopped at a break, 'nieuwe reeks vanaf 2024' for its successor, else ''."""
    if indicator.get("series_last_year") is not None:
        return f"reeks t/m {indicator['series_last_year']}"
    if indicator.get("series_first_year") is not None:
        return f"nieuwe reeks vanaf {indicator['series_first_year']}"
    return ""


def goal_list_markdown(goals: pl.DataFrame, measured_goal_codes: set[str] | None = None) -> str:
    """'We willen dat:' and the numbered goals; a goal without an indicator says which source it needs.

    goals: data.goals() rows of one opgave. measured_goal_codes: the goals some indicator measures (None: every
    goal with needs_source counts as unmeasured). Used by the Overzicht and the ambitie slide.
    """
    lines = ["We willen dat:"]
    for goal in goals.sort("sort_order").iter_rows(named=True):
        unmeasured = (goal["goal_code"] not in measured_goal_codes if measured_goal_codes is not None
                      else bool(goal.get("needs_source")))
        note = f" — *{markdown_safe(needs_text(goal.get('needs_source')))}*" if unmeasured else ""
        lines.append(f"{goal['sort_order']}. {markdown_safe(goal['text'])}{note}")
    return "\n".join(lines)


def tree(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame) -> list[dict]:
    """The opgave's goals in order, each with number, text (verbatim) and its indicators.

    A goal: goal_code, number, text, needs_source (which source a goal without indicator needs), indicators.
    An indicator: code, title, unit, source_title, has_figures (any region loaded), series ('reeks t/m 2023',
    'nieuwe reeks vanaf 2024' or '').
    """
    code = opgave["opgave_code"]
    own_goals = goals.filter(pl.col("opgave_code") == code).sort("sort_order")
    indicators = catalog.filter(pl.col("opgave_code") == code).sort("sort_order")
    return [
        {
            "goal_code": goal["goal_code"],
            "number": goal["sort_order"],
            "text": goal["text"],
            "needs_source": goal.get("needs_source"),
            "indicators": [
                {"code": row["indicator_code"], "title": row["title"], "unit": row["unit"],
                 "source_title": row["source_title"], "has_figures": (row["regions_with_figures"] or 0) > 0,
                 "series": series_label(row)}
                for row in indicators.filter(pl.col("goal_code") == goal["goal_code"]).iter_rows(named=True)
            ],
        }
        for goal in own_goals.iter_rows(named=True)
    ]


def unattached_indicators(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame) -> list[str]:
    """Titles of the opgave's indicators that name no goal of it (shown under the ambitie itself)."""
    own = set(goals.filter(pl.col("opgave_code") == opgave["opgave_code"])["goal_code"])
    rows = catalog.filter((pl.col("opgave_code") == opgave["opgave_code"])
                          & (pl.col("goal_code").is_null() | ~pl.col("goal_code").is_in(list(own))))
    return rows["title"].to_list()


def doelenboom_markdown(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame) -> str:
    """Nested list: the ambitie, then per goal its number and text, then its indicators."""
    lines = [f"**Ambitie:** {markdown_safe(opgave['ambition'])}", "", "We willen dat:"]
    for goal in tree(opgave, goals, catalog):
        lines.append(f"{goal['number']}. {markdown_safe(goal['text'])}")
        for indicator in goal["indicators"]:
            note = "" if indicator["has_figures"] else f" ({NO_FIGURES})"
            if indicator["series"]:
                note += f" ({indicator['series']})"
            lines.append(f"    - {markdown_safe(indicator['title'])} ({markdown_safe(indicator['unit'])}){note}")
        if not goal["indicators"]:
            lines.append(f"    - *{markdown_safe(needs_text(goal['needs_source']))}*")
    loose = unattached_indicators(opgave, goals, catalog)
    if loose:
        lines += ["", "Indicatoren bij de opgave als geheel: " + ", ".join(markdown_safe(title) for title in loose)]
    return "\n".join(lines)


def doelenboom_dot(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame, *,
                   font_size: int = 15, wrap: int = 28, show_ambition: bool = False) -> str:
    """DOT text, left to right: the opgave (with its ambitie if show_ambition) → numbered goals → indicators.

    The root is the opgave's number and title by default: the ambitie is a
    paragraph, and as the root box it would make the tree too wide to read at
    1280 px; pages show it as text above the tree.

    Goals without an indicator get a dashed 'nog geen indicator — bron nodig: …' box, indicators
    without figures a dashed border and 'nog geen cijfers': an empty branch stays
    visible instead of silently missing. font_size and wrap (characters a line)
    scale the tree for the beamer.
    """
    lines = [
        "digraph doelenboom {",
        f'  graph [rankdir=LR, nodesep=0.18, ranksep=0.45, bgcolor="transparent", fontname="Helvetica", '
        f'fontsize={font_size}];',
        f'  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize={font_size}, '
        f'margin="0.14,0.07", color="{visual.MUTED_TEXT}", fillcolor="{visual.BACKGROUND}", '
        f'fontcolor="{visual.TEXT}"];',
        f'  edge [color="{visual.LINE}", arrowsize=0.6];',
        # The root in the gemeente's colour (app.visual), not blue: blue means 'beter' everywhere else.
        f'  opgave [label="{_root_label(opgave, wrap, show_ambition)}", fillcolor="{visual.REFERENCE_FILL}", '
        f'color="{visual.GEMEENTE.colour}", penwidth=1.6];',
    ]
    for goal in tree(opgave, goals, catalog):
        goal_node = _node_id("doel", goal["goal_code"])
        lines.append(f'  {goal_node} [label="{_label(str(goal["number"]) + ". " + goal["text"], wrap)}", '
                     f'fillcolor="{visual.PANEL_FILL}"];')
        lines.append(f"  opgave -> {goal_node};")
        for indicator in goal["indicators"]:
            node = _node_id("ind", indicator["code"])
            text = _label(f"{indicator['title']} ({indicator['unit']})", wrap)
            if indicator["series"]:
                text += f"\\n({indicator['series']})"
            if indicator["has_figures"]:
                lines.append(f'  {node} [label="{text}"];')
            else:
                lines.append(f'  {node} [label="{text}\\n({NO_FIGURES})", '
                             f'style="rounded,dashed", fontcolor="{visual.MUTED_TEXT}"];')
            lines.append(f"  {goal_node} -> {node};")
        if not goal["indicators"]:
            node = _node_id("leeg", goal["goal_code"])
            # The source it needs, wider than the other boxes: it is the one box with a sentence in it.
            lines.append(f'  {node} [label="{_label(needs_text(goal["needs_source"]), wrap + 14)}", '
                         f'style="rounded,dashed", fontcolor="{visual.MUTED_TEXT}", color="{visual.LINE}"];')
            lines.append(f'  {goal_node} -> {node} [style=dashed];')
    for index, title in enumerate(unattached_indicators(opgave, goals, catalog)):
        lines.append(f'  los{index} [label="{_label(title, wrap)}"];')
        lines.append(f"  opgave -> los{index};")
    lines.append("}")
    return "\n".join(lines)


def _root_label(opgave: Mapping, wrap: int, show_ambition: bool) -> str:
    title = _label(f"{opgave['sort_order']}. {opgave['title']}", max(wrap // 2, 16))
    return title + ("\\n\\n" + _label("Ambitie: " + opgave["ambition"], wrap) if show_ambition else "")


def _label(text: str, wrap: int) -> str:
    """Wrapped and escaped for a double-quoted DOT label (\\n between lines)."""
    lines = textwrap.wrap(text, wrap, break_long_words=False)
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return "\\n".join(escaped)


def _node_id(prefix: str, code: str) -> str:
    return prefix + "_" + "".join(char if char.isalnum() else "_" for char in code)
