"""Comparing the gemeente with its provincie, its referentiegemeenten and the vergelijkbare gemeenten (pure, no Streamlit).

The regions come from data.comparison_regions() (warehouse table comparison_region: role 'provincie',
'referentie' or 'vergelijkbaar', with the stated method of the vergelijkbare gemeenten), their figures
from data.comparison_figures() (the same observation rows as every other region). A group of gemeenten is
shown as its median with its spread (the lowest and the highest figure) per indicator and year: one
line or one figure that stands for the group, never a sum or an average of rates over unequal
populations. The provincie is one region and is shown as it is.

A group's figure is a comparison row like Nederland's: median_rows gives it in the observation shape, with
region_code 'mediaan_<role>' (never a CBS code), region_level 'vergelijking' and range_low/range_high/
range_count beside the value, so trend charts, the wijkvergelijking table and downloads take it as they take
any other region.
"""

from __future__ import annotations

import polars as pl

from app import format as fmt
from app.deviation import NOT_COMPARABLE_UNITS

PROVINCIE, REFERENTIE, VERGELIJKBAAR = "provincie", "referentie", "vergelijkbaar"
GROUPS = (REFERENTIE, VERGELIJKBAAR)
GROUP_LEVEL = "vergelijking"  # region_level of a group's median row
GROUP_WORDS = {REFERENTIE: "referentiegemeenten", VERGELIJKBAAR: "vergelijkbare gemeenten"}
RANGE_COLUMNS = {"range_low": pl.Float64, "range_high": pl.Float64, "range_count": pl.Int32}
MEDIAN_NOTE = ("De mediaan is het middelste cijfer van de gemeenten in de groep (bij een even aantal het gemiddelde "
               "van de middelste twee); de spreiding loopt van het laagste tot het hoogste cijfer. Zo telt elke "
               "gemeente even zwaar, groot of klein.")
PROVINCIE_ABSENT = ("De provincie {name} staat niet in de geladen tabellen: CBS en RIVM publiceren Kerncijfers wijken "
                    "en buurten, de Gezondheidsmonitor per wijk en het gebruik van voorzieningen per wijk alleen voor "
                    "Nederland, gemeenten, wijken en buurten. Bronnen → Dekking noemt per tabel dat het "
                    "provinciecijfer er niet in staat.")


# CBS's provincie codes: the name when no loaded table named the provincie (none of the wijk tables holds one).
PROVINCIE_NAMES = {"PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel",
                   "PV24": "Flevoland", "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland",
                   "PV28": "Zuid-Holland", "PV29": "Zeeland", "PV30": "Noord-Brabant", "PV31": "Limburg"}


def group_code(role: str) -> str:
    """The region code of a group's median row: 'mediaan_referentie', 'mediaan_vergelijkbaar'."""
    return f"mediaan_{role}"


def members(regions: pl.DataFrame, role: str) -> pl.DataFrame:
    """The comparison regions of one role, in their order (nearest first for the vergelijkbare gemeenten)."""
    return regions.filter(pl.col("role") == role).sort("sort_order")


def provincie_name(regions: pl.DataFrame) -> str | None:
    """'Utrecht' for PV26 (the name CBS gave it, else its code); None without a provincie."""
    rows = members(regions, PROVINCIE)
    if rows.is_empty():
        return None
    code = rows["region_code"][0]
    return rows["name"][0] or PROVINCIE_NAMES.get(code, code)


def provincie_has_figures(regions: pl.DataFrame) -> bool:
    rows = members(regions, PROVINCIE)
    return bool(rows.height and rows["has_figures"][0])


def group_label(role: str, count: int | None = None) -> str:
    """'referentiegemeenten (mediaan)' or with the number of gemeenten: 'referentiegemeenten (mediaan van 5)'."""
    return f"{GROUP_WORDS[role]} (mediaan{f' van {count}' if count else ''})"


def title(gemeente_name: str, role: str, regions: pl.DataFrame) -> str:
    """The heading of a comparison: 'Soest tegen referentiegemeenten (mediaan en spreiding)'."""
    if role == PROVINCIE:
        return f"{gemeente_name} tegen de provincie {provincie_name(regions)}"
    return f"{gemeente_name} tegen {GROUP_WORDS[role]} (mediaan en spreiding)"


def member_names(regions: pl.DataFrame, role: str) -> str:
    """'Baarn, De Bilt, Leusden en Zeist' (code where the warehouse has no name: nothing of it was loaded)."""
    names = [row["name"] or row["region_code"] for row in members(regions, role).iter_rows(named=True)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" en {names[-1]}" if names else ""


def method_text(regions: pl.DataFrame) -> str | None:
    """How the vergelijkbare gemeenten were found (written at load time by pipelines.comparison), without the
    distance of one of them; None when there are none."""
    rows = members(regions, VERGELIJKBAAR)
    if rows.is_empty() or rows["method"][0] is None:
        return None
    return rows["method"][0].split(" Afstand:")[0]


def summary(figures: pl.DataFrame, regions: pl.DataFrame, role: str) -> pl.DataFrame:
    """Per indicator and year: the median, lowest and highest figure of the role's gemeenten and how many had one.

    figures: observation rows (data.observations shape; the whole population, year figures). Gemeenten without
    a figure that year (not published, secret) are left out of the count, never counted as 0.
    """
    codes = members(regions, role)["region_code"].to_list()
    rows = figures.filter(pl.col("region_code").is_in(codes) & pl.col("value").is_not_null()
                          & (pl.col("breakdown") == "totaal") & (pl.col("period") == "jaar"))
    return rows.group_by("indicator_code", "year").agg(
        pl.col("value").median().alias("median"), pl.col("value").min().alias("low"),
        pl.col("value").max().alias("high"), pl.len().cast(pl.Int32).alias("count"),
        pl.col("status").unique().alias("statuses"),
    ).sort("indicator_code", "year")


def median_rows(figures: pl.DataFrame, regions: pl.DataFrame, role: str) -> pl.DataFrame:
    """The group's median per indicator and year as observation rows (see the module docstring)."""
    found = summary(figures, regions, role)
    if found.is_empty():
        return figures.head(0).with_columns(*(pl.lit(None, dtype).alias(c) for c, dtype in RANGE_COLUMNS.items()))
    meta = figures.filter(pl.col("breakdown") == "totaal").unique("indicator_code", keep="first") \
        .drop("region_code", "region_name", "region_level", "year", "period", "value", "ci_low", "ci_high", "status",
              "rounded_to", strict=False)
    # The weakest status of the figures behind it: an estimate stays an estimate, a provisional figure provisional.
    status = (pl.when(pl.col("statuses").list.contains("geschat")).then(pl.lit("geschat"))
              .when(pl.col("statuses").list.contains("voorlopig")).then(pl.lit("voorlopig"))
              .otherwise(pl.lit("definitief")))
    rows = found.join(meta, on="indicator_code", how="inner").with_columns(
        pl.lit(group_code(role)).alias("region_code"), pl.lit(_capital(group_label(role))).alias("region_name"),
        pl.lit(GROUP_LEVEL).alias("region_level"), pl.lit("jaar").alias("period"), pl.col("median").alias("value"),
        pl.lit(None, pl.Float64).alias("ci_low"), pl.lit(None, pl.Float64).alias("ci_high"), status.alias("status"),
        pl.lit(None, pl.Int32).alias("rounded_to"), pl.lit("totaal").alias("breakdown"),
        pl.col("low").alias("range_low"), pl.col("high").alias("range_high"), pl.col("count").alias("range_count"),
    )
    return rows.select(*figures.columns, *RANGE_COLUMNS)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_comparison(rows: pl.DataFrame, figures: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """rows (observations of the gemeente, Nederland, wijken) plus the provincie's rows and each group's median
    rows for the same indicators (year figures, whole population): what a trend chart draws beside them."""
    if regions.is_empty() or rows.is_empty():
        return rows
    # A count (inwoners, cliënten) of another gemeente says nothing about this one: rates and shares only.
    codes = rows.filter(~pl.col("unit").is_in(list(NOT_COMPARABLE_UNITS)))["indicator_code"].unique().to_list()
    figures = figures.filter(pl.col("indicator_code").is_in(codes))
    extra = [figures.filter(pl.col("region_code").is_in(members(regions, PROVINCIE)["region_code"].to_list())
                            & (pl.col("breakdown") == "totaal") & (pl.col("period") == "jaar"))]
    extra += [median_rows(figures, regions, role) for role in GROUPS if members(regions, role).height]
    extra = [frame for frame in extra if frame.height]
    return pl.concat([rows, *extra], how="diagonal_relaxed") if extra else rows


def range_text(low: float | None, high: float | None, decimals: int, unit: str) -> str:
    """'4,2–6,3%' (the unit once, after the range)."""
    text = f"{fmt.number(low, decimals)}–{fmt.number(high, decimals)}"
    return f"{text}%" if unit == "%" else text


def tile_index(figures: pl.DataFrame, regions: pl.DataFrame) -> dict[tuple[str, str, int], dict]:
    """(role, indicator, year) → the provincie's {'value'} or a group's {'median', 'low', 'high', 'count'}: worked
    out once for every tile of a page (data.comparison_index caches it per warehouse)."""
    index: dict[tuple[str, str, int], dict] = {}
    provincie = members(regions, PROVINCIE)["region_code"].to_list()
    rows = figures.filter(pl.col("region_code").is_in(provincie) & pl.col("value").is_not_null()
                          & (pl.col("breakdown") == "totaal") & (pl.col("period") == "jaar"))
    for row in rows.select("indicator_code", "year", "value").iter_rows(named=True):
        index[(PROVINCIE, row["indicator_code"], row["year"])] = {"value": row["value"]}
    for role in GROUPS:
        if members(regions, role).height:
            for row in summary(figures, regions, role).drop("statuses").iter_rows(named=True):
                index[(role, row["indicator_code"], row["year"])] = row
    return index


def tile_lines(row: dict, index: dict[tuple[str, str, int], dict], regions: pl.DataFrame) -> list[str]:
    """Lines under a gemeente's tile: 'Referentiegemeenten (5) 2024: mediaan 5,1% (4,2–6,3%)', 'Provincie Utrecht
    4,8% (2024)'. index: tile_index. Only for the year of the tile's figure, only what has a figure that year, and
    never for a count (plain text: the caller makes it Markdown-safe)."""
    if not index or row.get("value") is None or row.get("year") is None or row["unit"] in NOT_COMPARABLE_UNITS:
        return []
    decimals, unit, year, code = row["decimals"], row["unit"], row["year"], row["indicator_code"]
    lines = []
    if found := index.get((PROVINCIE, code, year)):
        lines.append(f"Provincie {provincie_name(regions)} {fmt.with_unit(found['value'], decimals, unit)} ({year})")
    for role in GROUPS:
        if group := index.get((role, code, year)):
            lines.append(f"{_capital(GROUP_WORDS[role])} ({group['count']}) {year}: mediaan "
                         f"{fmt.with_unit(group['median'], decimals, unit)} "
                         f"({range_text(group['low'], group['high'], decimals, unit)})")
    return lines


def options(regions: pl.DataFrame, national_code: str = "NL00") -> dict[str, str]:
    """What the gemeente can be compared with, code → label: Nederland, the provincie (when it has figures) and
    each group of gemeenten ('referentiegemeenten (mediaan)')."""
    choices = {national_code: "Nederland"}
    provincie = members(regions, PROVINCIE)
    if provincie.height and provincie_has_figures(regions):
        choices[provincie["region_code"][0]] = f"provincie {provincie_name(regions)}"
    for role in GROUPS:
        if members(regions, role).height:
            choices[group_code(role)] = group_label(role)
    return choices


def role_of(code: str) -> str | None:
    """The group a median row's code stands for ('mediaan_referentie' → 'referentie'); None for a real region."""
    return next((role for role in GROUPS if code == group_code(role)), None)


def compare_rows(figures: pl.DataFrame, regions: pl.DataFrame, code: str) -> pl.DataFrame:
    """The rows of the region chosen under 'vergelijk met': the provincie's own rows, or a group's median rows."""
    role = role_of(code)
    if role is not None:
        return median_rows(figures, regions, role)
    return figures.filter(pl.col("region_code") == code)


def compare_note(regions: pl.DataFrame, code: str, gemeente_name: str) -> str:
    """What the chosen comparison is, in a sentence or two (plain text: the caller makes it Markdown-safe)."""
    role = role_of(code)
    if role is None:
        return ""
    note = (f"{title(gemeente_name, role, regions)}: {member_names(regions, role)}. {MEDIAN_NOTE}")
    if role == VERGELIJKBAAR and (method := method_text(regions)):
        note += f" Gekozen op deze manier: {method}"
    return note


def provincie_absent_note(regions: pl.DataFrame) -> str | None:
    """Why the provincie is not offered: configured, but none of the loaded tables publishes it."""
    name = provincie_name(regions)
    if name is None or provincie_has_figures(regions):
        return None
    return PROVINCIE_ABSENT.format(name=name)


def chart_note(regions: pl.DataFrame, gemeente_name: str) -> str:
    """How the comparison regions are drawn in a trend chart, and who they are (plain text: the caller makes it
    Markdown-safe); '' without comparison regions."""
    parts = []
    if provincie_has_figures(regions):
        parts.append(f"De grijze streep-stippellijn met driehoekjes is de provincie {provincie_name(regions)}.")
    for role in GROUPS:
        if members(regions, role).height:
            parts.append(f"De grijze korte streepjes met kruisjes zijn de mediaan van de {GROUP_WORDS[role]} "
                         f"({member_names(regions, role)}), de lichtgrijze band hun spreiding van laagste tot "
                         "hoogste cijfer (alleen bij percentages en andere verhoudingen, niet bij aantallen).")
    if not parts and provincie_name(regions) is None:
        return ""
    if method := method_text(regions):
        parts.append(f"Vergelijkbare gemeenten: {method}")
    if absent := provincie_absent_note(regions):
        parts.append(absent)
    return f"{gemeente_name} vergeleken: " + " ".join(parts)
