"""Wijken next to the gemeente and Nederland, as text ready for a table: every figure with its status, every wijk figure with its verdict.

Built from the long observation frame (data.observations) with pure
functions, so the Wijkvergelijking, the Wijkprofiel and the Presentatie
slides show the same comparison. The verdicts come from app.deviation; the
colours are blue (beter) and orange (slechter), always with a symbol too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import polars as pl
from pandas.io.formats.style import Styler

from app import deviation, series, visual
from app import format as fmt
from app.plain_text import markdown_safe
from monitor import periods

# The cell fills of app.visual: light enough for black text, blue/orange as in every chart.
VERDICT_COLOURS = {verdict.key: verdict.fill for verdict in (visual.BETTER, visual.WORSE)}
REFERENCE_COLOUR = visual.REFERENCE_FILL
VERDICT_MARK = {verdict.key: verdict.symbol for verdict in (visual.BETTER, visual.WORSE, visual.SAME)}
VERDICT_WORD = {"beter": "beter", "slechter": "slechter", "gelijk": "gelijk"}
REGION_COLUMN = "Regio"


ROUGH_MARK = "(grof)"  # a rate built on a count the source rounded; the page's caption says what it means


def figure_text(row: Mapping | None, *, with_unit: bool = True, short: bool = False) -> str:
    """'46,4% (schatting 44,9–47,8)', '81,3% (voorlopig)', 'geheim', 'reeksbreuk', '–'. short: '46,4 (44,9–47,8)'.

    A rounded 0 is 'minder dan 3' (the count was rounded to 5), never '0'; a rate built on a rounded
    count carries '(grof)'.
    """
    if row is None or row.get("value") is None:
        if row is not None and row.get("status") in ("geheim", series.BREAK):
            return row["status"]
        return "–"
    decimals, unit, rounded_to = row["decimals"], row["unit"], row.get("rounded_to")
    if fmt.is_rounded_zero(row["value"], rounded_to):
        return fmt.rounded_zero_text(rounded_to, unit)
    shown = fmt.with_unit(row["value"], decimals, unit) if with_unit else fmt.number(row["value"], decimals)
    if rounded_to and unit != "aantal":
        shown = f"{shown} {ROUGH_MARK}"
    interval = deviation.interval_of(row)
    if interval is not None:
        bounds = f"{fmt.number(interval[0], decimals)}–{fmt.number(interval[1], decimals)}"
        return f"{shown} ({bounds})" if short else f"{shown} (schatting {bounds})"
    if row["status"] == "geschat":
        return f"{shown} (schatting)"
    if row["status"] == "voorlopig":
        return f"{shown} (voorlopig)"
    return shown


def judge_rows(row: Mapping | None, reference: Mapping | None) -> deviation.Deviation:
    """A wijk observation row against the gemeente's row of the same indicator and year."""
    if row is None or reference is None:
        return deviation.Deviation(None, None, "onbekend")
    return deviation.judge(row["value"], reference["value"], row["higher_is_better"], row["unit"],
                           decimals=row["decimals"], interval=deviation.interval_of(row),
                           reference_interval=deviation.interval_of(reference))


def verdict_mark(judged: deviation.Deviation, unit: str, *, words: bool = False) -> str:
    """'✓', '✗', '≈', or '↑'/'↓' (higher/lower, no judgement); with words: '✗ slechter', '↑ hoger'."""
    if judged.verdict in VERDICT_MARK:
        mark = VERDICT_MARK[judged.verdict]
        return f"{mark} {VERDICT_WORD[judged.verdict]}" if words else mark
    if judged.verdict == "neutraal" and unit not in deviation.NOT_COMPARABLE_UNITS and judged.difference:
        higher = judged.difference > 0
        mark = "↑" if higher else "↓"
        return f"{mark} {'hoger' if higher else 'lager'}" if words else mark
    if words and judged.verdict == "neutraal":
        return "niet vergeleken"
    return ""


def rough_note(titles: Sequence[str]) -> str:
    """The legend for ROUGH_MARK under a table (Markdown): which figures are rough, and why."""
    return (f"{ROUGH_MARK} = grof cijfer: berekend op een aantal dat de bron per wijk afrondt (een afgerond 0 is "
            f"'minder dan …', geen 0): {', '.join(markdown_safe(title) for title in titles)}.")


def _header(row: Mapping) -> str:
    return row["title"] if row["unit"] == "aantal" else f"{row['title']} ({row['unit']})"


# --- the wijkvergelijking table: wijken × indicators in one year -------------------------------------------


@dataclass(frozen=True)
class ComparisonTable:
    """cells: text per region × indicator; verdicts: same shape, a verdict per cell ('referentie' for the gemeente
    and Nederland rows), with the same Regio column."""

    cells: pd.DataFrame
    verdicts: pd.DataFrame
    figures: pl.DataFrame  # the observation rows shown, for the download
    # Indicators left out because no wijk has a figure that year: (title, newest year with wijk figures).
    missing: list[tuple[str, int | None]] = field(default_factory=list)
    # Indicators left out because the year is after their series ended: (title, 'Reeks stopt na 2023: …').
    breaks: list[tuple[str, str]] = field(default_factory=list)
    # Titles of the columns holding a rate built on a rounded count (their cells carry ROUGH_MARK).
    rough: list[str] = field(default_factory=list)


def build(observations: pl.DataFrame, wijken: pl.DataFrame, indicator_codes: Sequence[str], year: int,
          gemeente_code: str, compare_code: str = "NL00") -> ComparisonTable:
    """One row per wijk, then the gemeente and Nederland; one column per indicator with a figure for some region."""
    totals = observations.filter(pl.col("breakdown") == "totaal")
    chosen = totals.filter(pl.col("indicator_code").is_in(list(indicator_codes)) & (pl.col("year") == year))
    by_key = {(row["indicator_code"], row["region_code"]): row for row in chosen.iter_rows(named=True)}
    wijk_codes = wijken["region_code"].to_list()
    regions = [(code, name) for code, name in zip(wijk_codes, wijken["name"].to_list())]
    reference_rows = _reference_names(totals, gemeente_code, compare_code)

    cells = {REGION_COLUMN: [name for _, name in regions] + [name for _, name in reference_rows]}
    verdicts = {REGION_COLUMN: list(cells[REGION_COLUMN])}
    missing, missing_codes, breaks, rough = [], [], [], []
    for code in indicator_codes:
        meta = totals.filter(pl.col("indicator_code") == code).head(1).to_dicts()
        if not meta:
            continue
        header = _header(meta[0])
        reference = by_key.get((code, gemeente_code))
        column, judged = [], []
        for region_code, _ in regions:
            row = by_key.get((code, region_code))
            verdict = judge_rows(row, reference)
            judged.append(verdict.verdict)
            mark = verdict_mark(verdict, meta[0]["unit"])
            column.append(f"{figure_text(row, with_unit=False, short=True)} {mark}".strip())
        for region_code, _ in reference_rows:
            column.append(figure_text(by_key.get((code, region_code)), with_unit=False, short=True))
            judged.append("referentie")
        if not any(by_key.get((code, region_code), {}).get("value") is not None for region_code in wijk_codes):
            # A column of dashes says nothing; the page names the indicator and its newest year instead,
            # or, after a series break, why this year has no figure in this series.
            broken = next((row for (indicator, _), row in by_key.items()
                           if indicator == code and series.is_break(row)), None)
            if broken is not None:
                breaks.append((meta[0]["title"], series.break_text(broken)))
            else:
                missing.append((meta[0]["title"], _newest_wijk_year(totals, code, wijk_codes)))
            missing_codes.append(code)
            continue
        cells[header], verdicts[header] = column, judged
        if any(by_key.get((code, region_code), {}).get("rounded_to") for region_code in wijk_codes) \
                and meta[0]["unit"] != "aantal":
            rough.append(meta[0]["title"])
    region_codes = wijk_codes + [code for code, _ in reference_rows]
    figures = (chosen.filter(pl.col("region_code").is_in(region_codes) & ~pl.col("indicator_code").is_in(missing_codes))
               .with_columns(pl.col("region_code").replace_strict({c: i for i, c in enumerate(region_codes)},
                                                                  return_dtype=pl.Int32).alias("_order"),
                             pl.col("indicator_code").replace_strict({c: i for i, c in enumerate(indicator_codes)},
                                                                     return_dtype=pl.Int32).alias("_indicator"))
               .sort("_indicator", "_order").drop("_order", "_indicator"))
    return ComparisonTable(pd.DataFrame(cells), pd.DataFrame(verdicts), figures, missing, breaks, rough)


def _reference_names(totals: pl.DataFrame, gemeente_code: str, compare_code: str) -> list[tuple[str, str]]:
    names = dict(totals.filter(pl.col("region_code").is_in([gemeente_code, compare_code]))
                 .select("region_code", "region_name").unique().iter_rows())
    return [(code, names[code]) for code in (gemeente_code, compare_code) if code in names]


def _newest_wijk_year(totals: pl.DataFrame, indicator_code: str, wijk_codes: list[str]) -> int | None:
    years = totals.filter((pl.col("indicator_code") == indicator_code) & pl.col("region_code").is_in(wijk_codes)
                          & pl.col("value").is_not_null())["year"]
    return years.max() if years.len() else None


# Indicator columns shown at once beside the wijk names: at 1280 px (820 px of page) five columns with wrapped
# headers stay readable; more are paged through (column_views), never cut off at the right edge.
COLUMNS_PER_VIEW = 5


def column_views(table: ComparisonTable) -> list[list[str]]:
    """The indicator columns in groups of COLUMNS_PER_VIEW, in the order chosen."""
    indicators = [column for column in table.cells.columns if column != REGION_COLUMN]
    return [indicators[start:start + COLUMNS_PER_VIEW] for start in range(0, len(indicators), COLUMNS_PER_VIEW)]


def view_label(views: list[list[str]], index: int) -> str:
    """'Indicatoren 1–5 van 8' for the view at index."""
    start = sum(len(view) for view in views[:index]) + 1
    end, total = start + len(views[index]) - 1, sum(len(view) for view in views)
    return f"Indicator {start} van {total}" if start == end else f"Indicatoren {start}–{end} van {total}"


def styled(table: ComparisonTable, columns: list[str] | None = None) -> Styler:
    """The table (or its region column and these indicator columns) with blue/orange cells for beter/slechter and
    grey reference rows; for st.table."""
    shown = list(table.cells.columns) if columns is None else [REGION_COLUMN, *columns]
    verdicts = table.verdicts[shown]

    def colours(frame: pd.DataFrame) -> pd.DataFrame:
        styles = verdicts.map(_cell_style)
        reference_rows = (verdicts.drop(columns=REGION_COLUMN) == "referentie").any(axis=1)
        styles.loc[reference_rows, REGION_COLUMN] = _cell_style("referentie")
        return styles

    return table.cells[shown].style.apply(colours, axis=None)


def _cell_style(verdict: str) -> str:
    if verdict in VERDICT_COLOURS:
        return f"background-color: {VERDICT_COLOURS[verdict]}; color: #000000"
    if verdict == "referentie":
        return f"background-color: {REFERENCE_COLOUR}; font-weight: bold"
    return ""


# --- one wijk against the gemeente and Nederland, each indicator in its own newest year ---------------------


# The figures and the verdict first (readable at 1280 px without scrolling); year, status and source after.
PROFILE_COLUMNS = ["Indicator", "Wijk", "Gemeente", "Nederland", "Vergeleken met gemeente", "Jaar", "Status", "Opgave",
                   "Bron"]


@dataclass(frozen=True)
class ProfileTable:
    """cells: one row per indicator (PROFILE_COLUMNS, wijk and gemeente columns renamed to their names)."""

    cells: pd.DataFrame
    verdicts: list[str]
    figures: pl.DataFrame
    without_wijk_figures: list[str]  # titles of indicators the wijk has no figure for
    # Per indicator whose series stopped or (re)started: (title, 'Reeks stopt na 2023: …' / 'Reeks begint in 2024: …').
    series_notes: list[tuple[str, str]] = field(default_factory=list)
    rough: list[str] = field(default_factory=list)  # titles of rates built on a rounded count (cells with ROUGH_MARK)
    verdict_column: str = "Vergeleken met gemeente"  # its name on screen ('Vergeleken met Soest'): the one coloured


def profile(observations: pl.DataFrame, wijk_code: str, gemeente_code: str, opgave_titles: Mapping[str, str],
            compare_code: str | None = "NL00") -> ProfileTable:
    """Kerncijfers of one wijk: per indicator its newest figure, with the gemeente and Nederland of that same year.

    compare_code None: no third region (the whole gemeente in the wijk's place, next to Nederland in the
    gemeente's: its Nederland column is left out).

    Indicators without a wijk figure are listed, not shown as 0; a split whose
    total is always 100% is left to its own chart. A newer year without a figure
    is named in the status: 'niet beschikbaar', 'geheim', or, after a series
    break, 'reeks stopt na 2023' (the note is in series_notes). An indicator whose
    series ended before any year the wijk has a figure for is a 'reeksbreuk' row.
    Year figures only: half-years have their own chart.
    """
    totals = observations.filter(pl.col("breakdown") == "totaal")
    if "period" in totals.columns:
        totals = totals.filter(pl.col("period") == periods.YEAR)
    totals = totals.filter(~pl.col("indicator_code").is_in(composition_codes(totals)))
    wijk_name, gemeente_name = _name(totals, wijk_code), _name(totals, gemeente_code)
    own = totals.filter(pl.col("region_code") == wijk_code)
    newest = own.filter(pl.col("value").is_not_null()).group_by("indicator_code").agg(pl.col("year").max())
    newer = (own.join(newest, on="indicator_code", suffix="_shown")
             .filter(pl.col("value").is_null() & (pl.col("year") > pl.col("year_shown"))))
    newer_missing = (newer.filter(pl.col("status") != series.BREAK).sort("year").group_by("indicator_code")
                     .agg(pl.col("year").last().alias("newer_missing"), pl.col("status").last().alias("why")))
    newer_break = {row["indicator_code"]: row for row in
                   newer.filter(pl.col("status") == series.BREAK).sort("year").unique("indicator_code", keep="first")
                   .iter_rows(named=True)}
    only_breaks = {row["indicator_code"]: row for row in
                   own.filter(pl.col("status") == series.BREAK).sort("year")
                   .unique("indicator_code", keep="first").iter_rows(named=True)
                   if row["indicator_code"] not in set(newest["indicator_code"].to_list())}
    region_codes = [code for code in (wijk_code, gemeente_code, compare_code) if code]
    shown = totals.join(newest, on=["indicator_code", "year"], how="semi").filter(
        pl.col("region_code").is_in(region_codes))
    by_key = {(row["indicator_code"], row["region_code"]): row for row in shown.iter_rows(named=True)}
    # 'ontbreekt' → '2024 niet beschikbaar', 'geheim' → '2025 geheim': a newer year the wijk has no figure for.
    missing_years = {code: f"{year} {fmt.status_text(why)}" for code, year, why in newer_missing.iter_rows()}
    indicators = totals.group_by("indicator_code").agg(pl.all().first()).sort("sort_order")
    rows, verdicts, without, notes, rough = [], [], [], [], []
    for meta in indicators.iter_rows(named=True):
        code = meta["indicator_code"]
        wijk_row = by_key.get((code, wijk_code))
        unit_in_cells = meta["unit"] in ("%", "aantal")
        opgave = opgave_titles.get(meta["opgave_code"], "In het kort") if meta["opgave_code"] else "In het kort"
        if wijk_row is None:
            if code in only_breaks:
                # The series stopped before the years loaded: a break, not a missing figure.
                broken = only_breaks[code]
                rows.append({"Indicator": meta["title"] if unit_in_cells else _header(meta),
                             "Wijk": series.BREAK, "Gemeente": series.BREAK, "Nederland": series.BREAK,
                             "Vergeleken met gemeente": "–", "Jaar": f"vanaf {broken['year']}",
                             "Status": f"reeksbreuk: reeks stopt na {_last_year(broken)}", "Opgave": opgave,
                             "Bron": meta["source_title"]})
                verdicts.append("onbekend")
                notes.append((meta["title"], series.break_text(broken)))
            else:
                without.append(meta["title"])
            continue
        gemeente_row = by_key.get((code, gemeente_code))
        judged = judge_rows(wijk_row, gemeente_row)
        status = fmt.status_text(wijk_row["status"])
        if code in missing_years:
            status += f"; {missing_years[code]}"
        if code in newer_break:
            status += f"; reeks stopt na {_last_year(newer_break[code])}"
            notes.append((meta["title"], series.break_text(newer_break[code])))
        elif series.has_started(meta):
            status += f"; nieuwe reeks vanaf {meta['series_first_year']}"
            notes.append((meta["title"], series.note(meta)))
        if wijk_row.get("rounded_to") and meta["unit"] != "aantal":
            rough.append(meta["title"])
        # A long unit ('per 1.000 inwoners') goes with the title, so the figures fit their columns.
        rows.append({
            "Indicator": meta["title"] if unit_in_cells else _header(meta),
            "Wijk": figure_text(wijk_row, with_unit=unit_in_cells, short=True),
            "Gemeente": figure_text(gemeente_row, with_unit=unit_in_cells, short=True),
            "Nederland": figure_text(by_key.get((code, compare_code)), with_unit=unit_in_cells, short=True),
            "Vergeleken met gemeente": verdict_mark(judged, meta["unit"], words=True) or "–",
            "Jaar": str(wijk_row["year"]),
            "Status": status,
            "Opgave": opgave,
            "Bron": meta["source_title"],
        })
        verdicts.append(judged.verdict)
    renames = {"Wijk": wijk_name or "Wijk", "Gemeente": gemeente_name or "Gemeente",
               "Vergeleken met gemeente": f"Vergeleken met {gemeente_name}" if gemeente_name else "Vergeleken"}
    cells = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    if not compare_code:  # before the renaming: with Nederland in the gemeente's place, two columns had its name
        cells = cells.drop(columns="Nederland")
    cells = cells.rename(columns=renames)
    # The download holds what the table shows: the figures, and the break year of a series that stopped.
    breaks = [row for row in newer_break.values()] + list(only_breaks.values())
    break_rows = (totals.join(pl.DataFrame({"indicator_code": [row["indicator_code"] for row in breaks],
                                            "year": [row["year"] for row in breaks]},
                                           schema={"indicator_code": pl.String, "year": totals.schema["year"]}),
                              on=["indicator_code", "year"], how="semi")
                  .filter(pl.col("region_code").is_in(region_codes)))
    order = {code: index for index, code in enumerate(region_codes)}
    figures = (pl.concat([shown, break_rows])
               .with_columns(pl.col("region_code").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
               .sort("sort_order", "year", "_o").drop("_o"))
    return ProfileTable(cells, verdicts, figures, without, notes, rough, renames["Vergeleken met gemeente"])


def _last_year(break_row: Mapping) -> int:
    return break_row.get("series_last_year") or break_row["year"] - 1


@dataclass(frozen=True)
class BreakdownTable:
    """One indicator split into groups for a wijk and the gemeente in the wijk's newest year with group figures."""

    cells: pd.DataFrame  # Uitsplitsing, <wijk>, <gemeente>
    figures: pl.DataFrame  # the observation rows shown, for the download
    year: int | None


def breakdown_table(observations: pl.DataFrame, indicator_code: str, wijk_code: str,
                    gemeente_code: str) -> BreakdownTable:
    """E.g. inwoners met een voorziening per combinatie van wetten ('Alleen Wmo', …): counts side by side.

    Year figures only. A rounded 0 reads 'minder dan 3', a missing group '–' and a secret one 'geheim'.
    """
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("breakdown") != "totaal")
                               & pl.col("region_code").is_in([wijk_code, gemeente_code]))
    if "period" in rows.columns:
        rows = rows.filter(pl.col("period") == periods.YEAR)
    years = rows.filter((pl.col("region_code") == wijk_code) & pl.col("value").is_not_null())["year"]
    if not years.len():
        return BreakdownTable(pd.DataFrame(), rows.clear(), None)
    year = years.max()
    rows = rows.filter(pl.col("year") == year).sort("breakdown", "region_code")
    by_key = {(row["breakdown"], row["region_code"]): row for row in rows.iter_rows(named=True)}
    names = [_name(rows, code) or code for code in (wijk_code, gemeente_code)]
    cells = pd.DataFrame([
        {"Uitsplitsing": group,
         **{name: figure_text(by_key.get((group, code)), short=True) for name, code in zip(names, (wijk_code, gemeente_code))}}
        for group in rows["breakdown"].unique(maintain_order=True).to_list()
    ])
    return BreakdownTable(cells, rows, year)


def composition_codes(totals: pl.DataFrame) -> list[str]:
    """Indicators that are a percentage split whose 'totaal' is always 100% (bevolking naar migratieachtergrond)."""
    return (totals.filter((pl.col("breakdown") == "totaal") & pl.col("value").is_not_null() & (pl.col("unit") == "%"))
            .group_by("indicator_code").agg(((pl.col("value") - 100).abs() < 1e-6).all().alias("always_100"))
            .filter(pl.col("always_100"))["indicator_code"].to_list())


def styled_profile(table: ProfileTable) -> Styler:
    """Only the verdict column is coloured: the figures themselves stay plain."""
    def colours(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        styles[table.verdict_column] = [_cell_style(verdict) for verdict in table.verdicts]
        return styles

    return table.cells.style.apply(colours, axis=None)


def _name(totals: pl.DataFrame, region_code: str) -> str | None:
    names = totals.filter(pl.col("region_code") == region_code)["region_name"]
    return names[0] if names.len() else None


# --- the ranking of all wijken for one indicator -------------------------------------------------------------


RANKING_SCHEMA = {
    "region_code": pl.String, "name": pl.String, "year": pl.Int32, "value": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "status": pl.String, "verdict": pl.String, "figure": pl.String,
    "status_text": pl.String, "source_title": pl.String, "rounded_to": pl.Int32,
}


def without_figure_note(ranked: pl.DataFrame) -> str:
    """Under a ranking (Markdown): the wijken without a figure and why ('geheim', '–'); '' when every wijk has one."""
    without = ranked.filter(pl.col("value").is_null())
    if without.is_empty():
        return ""
    return ("Zonder cijfer (geen balk, dus niet 0): "
            + ", ".join(f"{markdown_safe(row['name'])} ({row['figure']})" for row in without.iter_rows(named=True))
            + ".")


def ranking(observations: pl.DataFrame, wijken: pl.DataFrame, indicator_code: str, year: int,
            gemeente_code: str) -> pl.DataFrame:
    """Every wijk's figure for one indicator and year, with its verdict; wijken without a figure keep value None."""
    rows = observations.filter((pl.col("indicator_code") == indicator_code) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal"))
    by_region = {row["region_code"]: row for row in rows.iter_rows(named=True)}
    reference = by_region.get(gemeente_code)
    source = rows["source_title"][0] if rows.height else None
    out = []
    for code, name in zip(wijken["region_code"].to_list(), wijken["name"].to_list()):
        row = by_region.get(code)
        judged = judge_rows(row, reference)
        status = row["status"] if row is not None else "ontbreekt"
        out.append({
            "region_code": code, "name": name, "year": year,
            "value": row["value"] if row else None,
            "ci_low": row["ci_low"] if row else None, "ci_high": row["ci_high"] if row else None,
            "status": status, "verdict": judged.verdict if row and row["value"] is not None else "onbekend",
            "figure": figure_text(row) if row is not None and row["value"] is not None else (
                status if status in ("geheim", series.BREAK) else "geen cijfer"),
            "status_text": fmt.status_text(status),
            "source_title": row["source_title"] if row else source,
            "rounded_to": row.get("rounded_to") if row else None,
        })
    return pl.DataFrame(out, schema=RANKING_SCHEMA)


# --- the Opvallend list in words -----------------------------------------------------------------------------


def describe_striking(row: Mapping, gemeente_name: str) -> str:
    """'**Moeite met rondkomen**: 12,3% (schatting 10,4–14,6) tegen 15,6% (…) in Soest — 21% lager (2024, bron)'."""
    wijk_figure = figure_text(row)
    reference = {"value": row["reference_value"], "ci_low": row["reference_ci_low"],
                 "ci_high": row["reference_ci_high"], "status": row["reference_status"],
                 "decimals": row["decimals"], "unit": row["unit"]}
    direction = "hoger" if row["difference"] > 0 else "lager"
    size = fmt.number(abs(row["relative"]) * 100, 0)
    # The newest figure of a series that stopped is its last one: say so, or it reads as current.
    ended = (f"; reeks stopt na {row['series_last_year']}" if row.get("series_last_year") is not None else "")
    return (f"**{markdown_safe(row['title'])}**: {wijk_figure} tegen {figure_text(reference)} in {gemeente_name} — "
            f"{size}% {direction} ({row['year']}, {markdown_safe(row['source_title'])}{ended})")


# --- choices and the side-by-side view of the wijkvergelijking ---------------------------------------------------


def key_indicators(observations: pl.DataFrame, wijk_codes: Sequence[str]) -> list[str]:
    """Per opgave its first indicator with wijk figures, preferring a current series (not one that stopped at a
    series break) and one that can be judged (a direction, and not a count, which is never judged)."""
    ended = (pl.col("series_last_year").is_not_null() if "series_last_year" in observations.columns
             else pl.lit(False))
    with_wijk = (observations.filter(pl.col("region_code").is_in(list(wijk_codes)) & pl.col("value").is_not_null()
                                     & pl.col("opgave_code").is_not_null() & (pl.col("breakdown") == "totaal"))
                 .with_columns(ended.alias("_ended"))
                 .group_by("indicator_code").agg(pl.all().first())
                 .sort("_ended", pl.col("higher_is_better").is_null() | pl.col("unit").is_in(
                     list(deviation.NOT_COMPARABLE_UNITS)), "sort_order"))
    return with_wijk.unique("opgave_code", keep="first").sort("sort_order")["indicator_code"].to_list()


def default_year(observations: pl.DataFrame, indicator_codes: Sequence[str], wijk_codes: Sequence[str]) -> int | None:
    """The year in which most of the chosen indicators have wijk figures, the newest of those.

    GGD measures every two years, CBS income lags a year and a series may stop at a break: when no year has
    them all, the table shows most of them and names the rest with their newest year.
    """
    with_wijk = observations.filter(pl.col("indicator_code").is_in(list(indicator_codes))
                                    & pl.col("region_code").is_in(list(wijk_codes)) & pl.col("value").is_not_null()
                                    & (pl.col("breakdown") == "totaal"))
    counts = with_wijk.group_by("year").agg(pl.col("indicator_code").n_unique().alias("n"))
    if counts.is_empty():
        return None
    return counts.sort(["n", "year"], descending=True)["year"][0]


def wijk_figures(observations: pl.DataFrame, wijk_code: str, indicator_codes: Sequence[str], year: int,
                 gemeente_code: str) -> list[dict]:
    """One wijk's figures in one year for the chosen indicators: title, figure, verdict, mark and the gemeente's figure."""
    rows = observations.filter(pl.col("indicator_code").is_in(list(indicator_codes)) & (pl.col("year") == year)
                               & (pl.col("breakdown") == "totaal")
                               & pl.col("region_code").is_in([wijk_code, gemeente_code]))
    by_key = {(row["indicator_code"], row["region_code"]): row for row in rows.iter_rows(named=True)}
    titles = dict(observations.filter(pl.col("indicator_code").is_in(list(indicator_codes)))
                  .select("indicator_code", "title").unique().iter_rows())
    units = dict(observations.filter(pl.col("indicator_code").is_in(list(indicator_codes)))
                 .select("indicator_code", "unit").unique().iter_rows())
    out = []
    for code in indicator_codes:
        if code not in titles:
            continue
        own, reference = by_key.get((code, wijk_code)), by_key.get((code, gemeente_code))
        judged = judge_rows(own, reference) if own is not None and own["value"] is not None else \
            deviation.Deviation(None, None, "onbekend")
        out.append({"indicator_code": code, "title": titles[code], "figure": figure_text(own),
                    "reference": figure_text(reference), "verdict": judged.verdict,
                    "mark": verdict_mark(judged, units[code], words=True),
                    "note": series.break_text(own) if series.is_break(own) else ""})
    return out
