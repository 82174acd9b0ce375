"""The doelenboom of one opgave: the levels above it, its ambitie, its goals and subgoals, and the indicators that
measure each goal, with the progress of every indicator and the verdict of every goal.

Reports are read at the level of goals; when a goal moves, its indicators say
why. The tree has the depth the config gives it (e.g. resultaat → opgave → doel
→ subdoel): goals carry parent_code, level and depth, and codes that do not
depend on position; the number a reader sees ('2', '2.1') is worked out here
from the order among siblings. An indicator may serve several goals, also of
another opgave: it is shown under each goal it serves, with 'ook bij opgave …'.

Built from data.opgaven(), data.goals(), data.indicator_catalog(),
data.indicator_goals() and data.goal_nodes(); the progress and verdicts come
from app.progress (the rules live there). Output: DOT text for
st.graphviz_chart (rendered in the browser, no system Graphviz needed), nested
markdown (screen readers, tests, plain text) and plain dicts for the pages.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import polars as pl

from app import progress as prog
from app import visual
from app.plain_text import markdown_safe

NO_FIGURES = "nog geen cijfers"
NO_INDICATOR = "nog geen indicator"
KIND_TEXT = {"effect": "effect", "prestatie": "prestatie"}  # 'context' is not said: it measures no goal
DEFAULT_LEVELS = ("opgave", "doel")


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


def level_title(level: str) -> str:
    """'resultaat' → 'Resultaat': a level's name as a label."""
    return level[:1].upper() + level[1:]


# --- the shape of the tree ------------------------------------------------------------------------------------


def _goal_rows(goals: pl.DataFrame) -> list[dict]:
    """The goals as dicts with parent_code, level and depth (an older warehouse has none: every goal directly
    under its opgave, on the level 'doel')."""
    rows = []
    for row in goals.iter_rows(named=True):
        rows.append({**row, "parent_code": row.get("parent_code"), "level": row.get("level") or "doel",
                     "depth": row.get("depth") or 1})
    return rows


def goal_numbers(goals: pl.DataFrame) -> dict[str, str]:
    """Per goal code the number a reader sees: '2' for the second goal of its opgave, '2.1' for its first subgoal.

    From the order among siblings (sort_order), never from the goal's code: a code stays the same when a goal is
    added before it, the number follows the tree.
    """
    rows = {row["goal_code"]: row for row in _goal_rows(goals)}
    numbers: dict[str, str] = {}

    def number(code: str, seen: tuple[str, ...] = ()) -> str:
        if code in numbers:
            return numbers[code]
        row = rows[code]
        parent = row["parent_code"]
        own = str(row["sort_order"])
        if parent in rows and parent not in seen:
            own = f"{number(parent, seen + (code,))}.{own}"
        numbers[code] = own
        return own

    for code in rows:
        number(code)
    return numbers


def links(catalog: pl.DataFrame, indicator_goals: pl.DataFrame | None = None) -> dict[str, list[str]]:
    """Per indicator code the goals it serves, in the config's order: data.indicator_goals(), and the catalogue's
    goal_code (the first goal, and the only one in an older warehouse)."""
    served: dict[str, list[str]] = {}
    if indicator_goals is not None and not indicator_goals.is_empty():
        for code, goal in indicator_goals.select("indicator_code", "goal_code").iter_rows():
            served.setdefault(code, []).append(goal)
    if "goal_code" in catalog.columns:
        for code, goal in catalog.select("indicator_code", "goal_code").iter_rows():
            if goal is not None and goal not in served.get(code, []):
                served.setdefault(code, []).insert(0, goal)
    return served


def _progress_verdicts(goals: pl.DataFrame, served: dict[str, list[str]],
                       progresses: Mapping[str, prog.Progress] | None) -> dict[str, prog.Verdict]:
    if progresses is None:
        return {}
    pairs = pl.DataFrame([(code, goal) for code, goal_codes in served.items() for goal in goal_codes],
                         schema={"indicator_code": pl.String, "goal_code": pl.String}, orient="row")
    return prog.goal_verdicts(goals, pairs, progresses)


def tree(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame, *,
         indicator_goals: pl.DataFrame | None = None, progresses: Mapping[str, prog.Progress] | None = None,
         opgave_titles: Mapping[str, str] | None = None) -> list[dict]:
    """The opgave's goals directly under it, in order, each with its subgoals (children) and its indicators.

    A goal: goal_code, number ('2', '2.1'), text (verbatim), level ('doel', 'subdoel', …), depth, needs_source
    (which source a goal without indicator needs), indicators, children, verdict (app.progress.Verdict over the
    goal and its subgoals; None without progresses).
    An indicator: code, title, unit, kind ('effect', 'prestatie' or 'context'), source_title, has_figures (any
    region loaded), series ('reeks t/m 2023', 'nieuwe reeks vanaf 2024' or ''), also (titles of the other opgaven
    whose goals it serves, or whose indicator it is), progress (app.progress.Progress or None).
    progresses: app.progress.progress_by_indicator for the gemeente; opgave_titles: opgave code → title (for
    'ook bij opgave …'; the code without it).
    """
    code = opgave["opgave_code"]
    rows = [row for row in _goal_rows(goals) if row["opgave_code"] == code]
    numbers = goal_numbers(goals)
    served = links(catalog, indicator_goals)
    goal_opgave = {row["goal_code"]: row["opgave_code"] for row in goals.iter_rows(named=True)}
    verdicts = _progress_verdicts(goals, served, progresses)
    titles = dict(opgave_titles or {})
    indicators = {row["indicator_code"]: row for row in catalog.sort("sort_order").iter_rows(named=True)}

    def indicator_leaf(row: Mapping) -> dict:
        others = {goal_opgave.get(goal) for goal in served.get(row["indicator_code"], [])}
        others.add(row.get("opgave_code"))
        others = [other for other in others if other is not None and other != code]
        return {"code": row["indicator_code"], "title": row["title"], "unit": row["unit"],
                "kind": row.get("kind") or "context", "source_title": row["source_title"],
                "has_figures": (row["regions_with_figures"] or 0) > 0, "series": series_label(row),
                "also": sorted(titles.get(other, other) for other in others),
                "progress": progresses.get(row["indicator_code"]) if progresses is not None else None}

    def branch(goal: dict) -> dict:
        own = [indicator_leaf(row) for indicator, row in indicators.items()
               if goal["goal_code"] in served.get(indicator, [])]
        children = sorted((row for row in rows if row["parent_code"] == goal["goal_code"]),
                          key=lambda row: row["sort_order"])
        return {"goal_code": goal["goal_code"], "number": numbers[goal["goal_code"]], "text": goal["text"],
                "level": goal["level"], "depth": goal["depth"], "needs_source": goal.get("needs_source"),
                "indicators": own, "children": [branch(child) for child in children],
                "verdict": verdicts.get(goal["goal_code"])}

    own_codes = {row["goal_code"] for row in rows}
    top = sorted((row for row in rows if row["parent_code"] not in own_codes), key=lambda row: row["sort_order"])
    return [branch(goal) for goal in top]


def walk(branches: list[dict]):
    """Every goal of a tree (from tree()), depth first: a goal, then its subgoals."""
    for branch in branches:
        yield branch
        yield from walk(branch["children"])


def indicator_codes(branches: list[dict]) -> list[str]:
    """The indicators a tree shows, each once, in tree order."""
    return list(dict.fromkeys(indicator["code"] for branch in walk(branches) for indicator in branch["indicators"]))


def opgave_verdict(branches: list[dict], progresses: Mapping[str, prog.Progress]) -> prog.Verdict:
    """The verdict over an opgave: over all its goals' indicators, an indicator under two of its goals once."""
    missing = prog.progress(None, None, None, None)
    return prog.verdict(progresses.get(code, missing) for code in indicator_codes(branches))


def unattached_indicators(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame,
                          indicator_goals: pl.DataFrame | None = None) -> list[str]:
    """Titles of the opgave's indicators that serve no goal of it (shown under the ambitie itself)."""
    own = set(goals.filter(pl.col("opgave_code") == opgave["opgave_code"])["goal_code"])
    served = links(catalog, indicator_goals)
    rows = catalog.filter(pl.col("opgave_code") == opgave["opgave_code"]).sort("sort_order")
    return [row["title"] for row in rows.iter_rows(named=True)
            if not own & set(served.get(row["indicator_code"], []))]


def ancestors(opgave: Mapping, nodes: pl.DataFrame | None) -> list[dict]:
    """The nodes above the opgave (goal_node rows: level, text), top first; [] when the opgave is the top level."""
    if nodes is None or nodes.is_empty():
        return []
    by_code = {row["node_code"]: row for row in nodes.iter_rows(named=True)}
    chain, code = [], opgave.get("parent_code")
    while code in by_code and by_code[code] not in chain:
        chain.append(by_code[code])
        code = by_code[code]["parent_code"]
    return list(reversed(chain))


# --- text: verdicts and progress in words ----------------------------------------------------------------------


def verdict_shown(verdict: prog.Verdict | None) -> bool:
    """A verdict worth a line: not for a goal without indicators, nor while no indicator has a streefwaarde (a
    config without targets would otherwise say 'geen streefwaarden' under every goal)."""
    return verdict is not None and verdict.label != prog.NO_TARGETS


def verdict_text(verdict: prog.Verdict) -> str:
    """'✓ op koers (2 op koers, 1 achter; 1 zonder streefwaarde)'."""
    return f"{verdict.label_text} ({verdict.summary})"


def verdict_markdown(verdict: prog.Verdict) -> str:
    """verdict_text with its label in the verdict's colour (Streamlit's blue/orange/gray are app.visual's)."""
    return f":{verdict.visual.metric_colour}[**{verdict.label_text}**] ({verdict.summary})"


def indicator_note(indicator: Mapping) -> str:
    """What follows an indicator's title and unit in a list: type, progress, no figures, series, other opgaven."""
    parts = []
    if indicator.get("kind") in KIND_TEXT:
        parts.append(KIND_TEXT[indicator["kind"]])
    found = indicator.get("progress")
    if found is not None and found.label != prog.NO_TARGET:
        parts.append(found.label_text)
    if not indicator["has_figures"]:
        parts.append(NO_FIGURES)
    if indicator["series"]:
        parts.append(indicator["series"])
    if indicator.get("also"):
        parts.append("ook bij opgave " + " en ".join(indicator["also"]))
    return " · ".join(parts)


def goal_list_markdown(goals: pl.DataFrame, measured_goal_codes: set[str] | None = None,
                       verdicts: Mapping[str, prog.Verdict] | None = None) -> str:
    """'We willen dat:' and the numbered goals with their subgoals; a goal without an indicator says which source
    it needs, a goal with a verdict shows it.

    goals: data.goals() rows of one opgave (subgoals included). measured_goal_codes: the goals some indicator
    measures, directly or through a subgoal (None: every goal with needs_source counts as unmeasured). verdicts:
    goal code → app.progress.Verdict. Used by the Overzicht and the ambitie slide.
    """
    lines = ["We willen dat:"]
    numbers = goal_numbers(goals)
    rows = _goal_rows(goals)
    codes = {row["goal_code"] for row in rows}

    def add(row: dict, depth: int) -> None:
        unmeasured = (row["goal_code"] not in measured_goal_codes if measured_goal_codes is not None
                      else bool(row.get("needs_source")))
        note = f" — *{markdown_safe(needs_text(row.get('needs_source')))}*" if unmeasured else ""
        verdict = (verdicts or {}).get(row["goal_code"])
        if not unmeasured and verdict_shown(verdict):
            note = f" — {verdict_markdown(verdict)}"
        text = f"{markdown_safe(row['text'])}{note}"
        if depth == 1:
            lines.append(f"{row['sort_order']}. {text}")
        else:  # a subgoal: a bullet with its number ('2.1'), indented under its parent
            lines.append(f"{'    ' * (depth - 1)}- {numbers[row['goal_code']]} {text}")
        for child in sorted((r for r in rows if r["parent_code"] == row["goal_code"]), key=lambda r: r["sort_order"]):
            add(child, depth + 1)

    for row in sorted((r for r in rows if r["parent_code"] not in codes), key=lambda r: r["sort_order"]):
        add(row, 1)
    return "\n".join(lines)


def measured_goals(goals: pl.DataFrame, catalog: pl.DataFrame, indicator_goals: pl.DataFrame | None = None) -> set[str]:
    """The goals an indicator measures, directly or through one of its subgoals."""
    direct = {goal for served in links(catalog, indicator_goals).values() for goal in served}
    parents = {row["goal_code"]: row["parent_code"] for row in _goal_rows(goals)}
    measured = set()
    for goal in direct:
        while goal is not None and goal not in measured:
            measured.add(goal)
            goal = parents.get(goal)
    return measured


def doelenboom_markdown(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame, *,
                        indicator_goals: pl.DataFrame | None = None,
                        progresses: Mapping[str, prog.Progress] | None = None,
                        opgave_titles: Mapping[str, str] | None = None, nodes: pl.DataFrame | None = None) -> str:
    """Nested list: the levels above the opgave, the ambitie, then per goal its number, text and verdict, its
    indicators (type, progress) and its subgoals."""
    lines = [f"**{level_title(node['level'])}:** {markdown_safe(node['text'])}" + "  " for node in ancestors(opgave, nodes)]
    lines += [f"**Ambitie:** {markdown_safe(opgave['ambition'])}", "", "We willen dat:"]
    branches = tree(opgave, goals, catalog, indicator_goals=indicator_goals, progresses=progresses,
                    opgave_titles=opgave_titles)

    def add(branch: dict, depth: int) -> None:
        indent = "    " * (depth - 1)
        verdict = f" — {verdict_text(branch['verdict'])}" if verdict_shown(branch["verdict"]) else ""
        text = f"{markdown_safe(branch['text'])}{verdict}"
        lines.append(f"{branch['number']}. {text}" if depth == 1 else f"{indent}- {branch['number']} {text}")
        for indicator in branch["indicators"]:
            note = indicator_note(indicator)
            lines.append(f"{indent}    - {markdown_safe(indicator['title'])} ({markdown_safe(indicator['unit'])})"
                         + (f" ({markdown_safe(note)})" if note else ""))
        for child in branch["children"]:
            add(child, depth + 1)
        if not branch["indicators"] and not branch["children"]:
            lines.append(f"{indent}    - *{markdown_safe(needs_text(branch['needs_source']))}*")

    for branch in branches:
        add(branch, 1)
    loose = unattached_indicators(opgave, goals, catalog, indicator_goals)
    if loose:
        lines += ["", "Indicatoren bij de opgave als geheel: " + ", ".join(markdown_safe(title) for title in loose)]
    return "\n".join(lines)


# --- the chart ------------------------------------------------------------------------------------------------


def doelenboom_dot(opgave: Mapping, goals: pl.DataFrame, catalog: pl.DataFrame, *,
                   font_size: int = 15, wrap: int = 28, show_ambition: bool = False,
                   indicator_goals: pl.DataFrame | None = None,
                   progresses: Mapping[str, prog.Progress] | None = None,
                   opgave_titles: Mapping[str, str] | None = None) -> str:
    """DOT text, left to right: the opgave (with its ambitie if show_ambition), its numbered goals and subgoals,
    and the indicators. The levels above the opgave are not drawn: every rank more makes the tree smaller at
    1280 px, and pages say them in words above the tree (ancestors).

    The root is the opgave's number and title by default: the ambitie is a
    paragraph, and as the root box it would make the tree too wide to read at
    1280 px; pages show it as text above the tree.

    A goal with a verdict has its label in its box ('✗ achter', 'gemengd'; the counts are in the lists beside
    the tree), with the border in the verdict's colour and its symbol (never colour alone); an indicator says its
    type and progress. An indicator serving two goals of the opgave is one
    box with two arrows. Goals without an indicator get a dashed 'nog geen indicator — bron nodig: …' box,
    indicators without figures a dashed border and 'nog geen cijfers': an empty branch stays visible instead of
    silently missing. font_size and wrap (characters a line) scale the tree for the beamer.
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
    branches = tree(opgave, goals, catalog, indicator_goals=indicator_goals, progresses=progresses,
                    opgave_titles=opgave_titles)
    drawn: set[str] = set()

    def add(branch: dict, parent: str) -> None:
        goal_node = _node_id("doel", branch["goal_code"])
        # '2. …' for a goal, '2.1 …' for a subgoal, as in the lists
        label = _label(f"{branch['number']}{'.' if branch['depth'] == 1 else ''} {branch['text']}", wrap)
        style = ""
        if verdict_shown(branch["verdict"]):
            verdict = branch["verdict"]
            label += "\\n" + _label(verdict.label_text, wrap)
            style = f', color="{verdict.visual.colour}", penwidth=2'
        lines.append(f'  {goal_node} [label="{label}", fillcolor="{visual.PANEL_FILL}"{style}];')
        lines.append(f"  {parent} -> {goal_node};")
        for indicator in branch["indicators"]:
            node = _node_id("ind", indicator["code"])
            if node not in drawn:
                drawn.add(node)
                lines.append(_indicator_node(node, indicator, wrap))
            lines.append(f"  {goal_node} -> {node};")
        for child in branch["children"]:
            add(child, goal_node)
        if not branch["indicators"] and not branch["children"]:
            node = _node_id("leeg", branch["goal_code"])
            # The source it needs, wider than the other boxes: it is the one box with a sentence in it.
            lines.append(f'  {node} [label="{_label(needs_text(branch["needs_source"]), wrap + 14)}", '
                         f'style="rounded,dashed", fontcolor="{visual.MUTED_TEXT}", color="{visual.LINE}"];')
            lines.append(f'  {goal_node} -> {node} [style=dashed];')

    for branch in branches:
        add(branch, "opgave")
    for index, title in enumerate(unattached_indicators(opgave, goals, catalog, indicator_goals)):
        lines.append(f'  los{index} [label="{_label(title, wrap)}"];')
        lines.append(f"  opgave -> los{index};")
    lines.append("}")
    return "\n".join(lines)


def _indicator_node(node: str, indicator: Mapping, wrap: int) -> str:
    text = _label(f"{indicator['title']} ({indicator['unit']})", wrap)
    details = [KIND_TEXT[indicator["kind"]]] if indicator.get("kind") in KIND_TEXT else []
    found = indicator.get("progress")
    style = ""
    if found is not None and found.label != prog.NO_TARGET:
        details.append(found.label_text)
        if found.visual.symbol:
            style = f', color="{found.visual.colour}", penwidth=1.6'
    if details:
        text += "\\n" + _label(" · ".join(details), wrap)
    if indicator["series"]:
        text += f"\\n({indicator['series']})"
    if indicator.get("also"):
        text += "\\n" + _label("(ook bij opgave " + " en ".join(indicator["also"]) + ")", wrap)
    if indicator["has_figures"]:
        return f'  {node} [label="{text}"{style}];'
    return (f'  {node} [label="{text}\\n({NO_FIGURES})", style="rounded,dashed", '
            f'fontcolor="{visual.MUTED_TEXT}"];')


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


def progress_markdown(found: prog.Progress | None, decimals: int | None, unit: str, *, colour: bool = True) -> str:
    """'Voortgang: ✓ op koers — streefwaarde 12% in 2028', the label in its colour; '' without a streefwaarde
    (a config without targets would otherwise say 'geen streefwaarde' on every tile).

    colour=False for a caption: Streamlit fades captions to 60%, where blue and orange fall below WCAG AA (the
    symbol still carries the verdict)."""
    if found is None or found.target is None or found.label == prog.NO_TARGET:
        return ""
    label = (f":{found.visual.metric_colour}[**{found.label_text}**]" if colour and found.visual.symbol
             else found.label_text)
    return f"Voortgang: {label} — streefwaarde {prog.target_text(found.target, decimals, unit)}"
