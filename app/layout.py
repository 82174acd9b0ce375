"""Pieces every page shares: the demo banner, the missing-warehouse message, the indicator tile, downloads, the legend."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl
import streamlit as st

from app import comparison, data, deviation, distribution, doelenboom, export, series, visual
from app import format as fmt
from app.plain_text import markdown_safe

DEMO_BANNER = "**Voorbeelddata — fictieve cijfers.** Dit dashboard toont gegenereerde demodata, geen echte cijfers over de gemeente."


def demo_banner(compact: bool = False) -> None:
    if compact:
        # On a beamer a mark in the corner (PRESENTATION_CSS pins it there): the raad must see it is fictional,
        # without losing a quarter of the slide to a banner.
        with st.container(key="demo_mark"):
            st.markdown(DEMO_BANNER.split(".**")[0] + ".**")
        return
    st.warning(DEMO_BANNER, icon=":material/science:")


def warehouse_unavailable(message: str) -> None:
    """message: Markdown from data.WarehouseUnavailable (its path is escaped there)."""
    st.title("Monitor Sociaal Domein")
    st.info(f"**Nog geen gegevens om te tonen.** {message}", icon=":material/database:")


OUTDATED_SCHEMA = (
    "**Het warehouse heeft nog de indeling van een oudere versie van de monitor.** Er gaat niets verloren: laad "
    "één bron opnieuw, bijvoorbeeld `python -m pipelines cbs --offline` (uit de bewaarde snapshots, zonder "
    "internet). Elke lading brengt het warehouse eerst bij en neemt de configuratie opnieuw over. Vernieuw daarna "
    "deze pagina.")


def warehouse_outdated(pending: list[str]) -> None:
    """Instead of pages that would fail on a table the warehouse does not have yet."""
    st.title("Monitor Sociaal Domein")
    st.warning(OUTDATED_SCHEMA, icon=":material/update:")
    st.caption(f"Nog niet toegepast: {markdown_safe(', '.join(pending))}.")


PAGE_FAILED = ("**Er ging iets mis bij het tonen van deze pagina.** Vernieuw de pagina; blijft het misgaan, meld dan "
               "de pagina en het tijdstip aan de beheerder.")


def page_failed() -> None:
    """What a page shows instead of a traceback when it fails unexpectedly (app/streamlit_app.py logs the details)."""
    st.error(PAGE_FAILED, icon=":material/error:")


def indicator_tile(row: dict, region_name: str, goal_number: int | str | None = None, *,
                   compare_name: str = "Nederland", progress=None) -> None:
    """One indicator: the region's latest value with year and source, change, and the comparison region alongside.

    row: a row of data.latest_by_indicator (compare_name names its compare_code: Nederland, or the gemeente on a
    wijk's tile). A series that stopped says so with its note (the tile keeps its
    last figure; the years after it are a break, not 'niet beschikbaar'); a new series says when it began
    and what it replaced; a rounded count says so, and a rounded 0 reads 'minder dan 3'.
    progress (app.progress.Progress of the gemeente's indicator, from progress.progress_by_indicator): a line
    'Voortgang: ✓ op koers — streefwaarde 12% in 2028' when the indicator has a streefwaarde.
    """
    # Its own line under the figure, not in the caption: Streamlit fades captions to 60%, and the blue and orange
    # of a verdict would fall below WCAG AA contrast there.
    progress_line = doelenboom.progress_markdown(progress, row.get("decimals"), row.get("unit") or "")
    if row.get("distribution"):
        _distribution_tile(row, region_name, goal_number, compare_name)
        return
    unit, decimals = row["unit"], row["decimals"]
    title, source = markdown_safe(row["title"]), markdown_safe(row["source_title"])
    series_line = markdown_safe(series.note(row))
    with st.container(border=True):
        # The title as text, not as the metric label: labels are cut off on one line.
        unit_note = "" if unit in ("%", "aantal") else f" · {markdown_safe(unit)}"
        st.markdown(f"**{title}**{unit_note}", help=markdown_safe(row["definition"]))
        if row["value"] is None:
            if row.get("newer_missing_status") == series.BREAK:  # only years after the series ended are loaded
                st.metric(title, series.BREAK_LABEL, label_visibility="collapsed")
                st.caption(f"{series_line}  \nBron: {source}")
                return
            st.metric(title, "–", label_visibility="collapsed")
            if progress_line:
                st.markdown(progress_line)
            st.caption(f"Nog geen cijfers geladen  \nBron: {source}"
                       + (f"  \n{series_line}" if series_line else ""))
            return
        rounded_to = row.get("rounded_to")
        delta, delta_color, delta_arrow, qualifier = None, visual.NO_JUDGEMENT.metric_colour, "off", None
        # A rounded 0 has no size to subtract: no change for it.
        if row["previous_value"] is not None and not fmt.is_rounded_zero(row["value"], rounded_to):
            delta, moved = fmt.change_since(row["value"], row["previous_value"], decimals, unit, row["previous_year"])
            # Two estimates whose 95%-intervals overlap: the change may be chance, so no good or bad colour.
            verdict, within_margin = deviation.change_judgement(
                row["value"], row["previous_value"], row["higher_is_better"], (row["ci_low"], row["ci_high"]),
                (row["previous_ci_low"], row["previous_ci_high"]), moved)
            delta_arrow = "auto" if moved else "off"
            delta_color = verdict.metric_colour
            qualifier = deviation.WITHIN_MARGIN if within_margin else None
        shown = fmt.value_text(row["value"], decimals, unit, rounded_to, unit_shown=not unit_note)
        st.metric(title, shown, delta=delta, delta_color=delta_color, delta_arrow=delta_arrow,
                  label_visibility="collapsed")
        if progress_line:
            st.markdown(progress_line)
        lines = [f"{markdown_safe(region_name)} {row['year']}" + _status_note(row)]
        if row["compare_value"] is not None:
            lines.append(f"{markdown_safe(compare_name)} "
                         f"{markdown_safe(fmt.with_unit(row['compare_value'], decimals, unit))} ({row['year']})")
        elif row["compare_status"]:
            lines.append(f"{markdown_safe(compare_name)} {markdown_safe(fmt.status_text(row['compare_status']))}")
        # The gemeente's tile: its provincie and its groups of comparison gemeenten, each on its own line.
        own_gemeente = str(row.get("region_code") or "").startswith("GM")
        compared = "".join(f"  \n{markdown_safe(line)}" for line in comparison.tile_lines(
            row, data.comparison_index(), data.comparison_regions())) if own_gemeente else ""
        # The qualifier on its own line: as part of the delta it was cut off ('(binnen d…') on narrow tiles.
        caption = ((f"Verandering {qualifier}  \n" if qualifier else "") + " · ".join(lines) + compared
                   + f"  \nBron: {source}")
        if rounded_to:
            note = fmt.rounding_note(unit, rounded_to)
            caption += f"  \n{note[:1].upper()}{note[1:]}"
        if row["newer_missing_year"] and row.get("newer_missing_status") != series.BREAK:
            missing = "geheim" if row["newer_missing_status"] == "geheim" else "nog niet beschikbaar"
            caption += f"  \n{row['newer_missing_year']}: {missing}"
        if series_line:
            caption += f"  \n{series_line}"
        if goal_number:
            caption += f"  \nDoel {goal_number}"
        st.caption(caption)


def _distribution_tile(row: dict, region_name: str, goal_number: int | None, compare_name: str) -> None:
    """A distribution (the groups together are all inwoners): its groups with their shares, never the total's
    100% as if it were a rate. The groups of the newest year the region has them; subgroups are on the
    Wijkprofiel, within their group."""
    title, source = markdown_safe(row["title"]), markdown_safe(row["source_title"])
    codes = (row["region_code"], row["compare_code"])
    rows = data.observations((row["indicator_code"],), codes, None)
    rows = rows.filter(pl.col("breakdown") != distribution.TOTAL)
    meta = distribution.meta_of(data.breakdown_groups(), row["indicator_code"])
    with_value = rows.filter((pl.col("region_code") == row["region_code"]) & pl.col("value").is_not_null())
    year = with_value["year"].max() if with_value.height else None
    with st.container(border=True):
        st.markdown(f"**{title}**", help=markdown_safe(row["definition"]))
        shares = distribution.group_shares(rows, meta, row["region_code"], row["compare_code"], year) if year else []
        if not shares:
            st.markdown("–")
            st.caption(f"Nog geen cijfers per groep geladen  \nBron: {source}")
            return

        def share_text(value, status) -> str:
            return fmt.with_unit(value, row["decimals"], "%") if value is not None else fmt.status_text(status)

        # Per group its share, with the comparison region's under it (a table did not fit a tile at 1280 px);
        # a no-break space keeps a region's name with its figure.
        st.markdown("  \n".join(
            f"**{share_text(share['value'], share['status'])}** {markdown_safe(share['group'])}  \n"
            f":gray[{markdown_safe(compare_name)}\u00a0{share_text(share['compare_value'], share['compare_status'])}]"
            for share in shares))
        caption = (f"Verdeling van de inwoners: de groepen samen zijn 100%.  \n{markdown_safe(region_name)} {year} · "
                   f"{markdown_safe(compare_name)} in hetzelfde jaar  \nBron: {source}")
        if goal_number:
            caption += f"  \nDoel {goal_number}"
        st.caption(caption)


def _status_note(row: dict) -> str:
    if row["status"] == "geschat" and row["ci_low"] is not None:
        low = fmt.number(row["ci_low"], row["decimals"])
        high = fmt.number(row["ci_high"], row["decimals"])
        return f" (schatting, 95%-interval {low}–{high})"
    if row["status"] in ("voorlopig", "geschat"):
        return f" ({fmt.status_text(row['status'])})"
    return ""


# Not 'minder dan 5': a count may also be hidden because it would give a small one away (warehouse/disclosure.py).
HIDDEN_PARTICIPANTS = "geheim (privacy)"

STORY_KIND_TEXT = {"evaluatie": "Evaluatie", "inwonersstem": "Inwonersstem", "casus": "Casus", "situatieschets": "Situatieschets"}


def activity_table(activities, gemeente_code: str, gemeente_name: str, threshold: str) -> None:
    """Tellen: the partners' activities with their reach; counts below the privacy threshold are not shown.

    The goal a partner named beside an activity is shown next to it; the column is left out when no activity
    shown names one (an empty column would only raise the question what belongs there).
    """
    named_goal = "goal_text" in activities.columns and activities["goal_text"].drop_nulls().len() > 0
    rows = [
        {
            "Jaar": str(row["year"]),
            "Activiteit": row["name"],
            **({"Doel": row["goal_text"] or ""} if named_goal else {}),
            "Partner": row["partner"],
            "Wijk": row["region_name"] if row["region_code"] != gemeente_code else f"heel {gemeente_name}",
            "Deelnemers": fmt.number(row["participants"], 0) if row["participants_status"] != "geheim" else HIDDEN_PARTICIPANTS,
        }
        for row in activities.iter_rows(named=True)
    ]
    st.dataframe(rows, hide_index=True)
    files = ", ".join(markdown_safe(name) for name in sorted(set(activities["file"])))
    goal_note = ("Doel: het doel waar de partner de activiteit aan bijdraagt; leeg = de opgave als geheel. "
                 if named_goal else "")
    st.caption(f"Bron: partneropgaven ({files}). {goal_note}"
               f"Aantallen onder de {threshold} zijn om privacyredenen geheim, en soms ook een ander aantal: "
               "anders zou het kleine aantal terug te rekenen zijn.")


def stories(rows: pl.DataFrame, gemeente_name: str, opgave_titles: dict[str, str], subject: str,
            year: int | str | None = None) -> None:
    """Vertellen: each story, then one download of the stories shown."""
    for row in rows.iter_rows(named=True):
        story(row, gemeente_name)
    if rows.height:
        download_buttons(export.tidy_stories(rows, opgave_titles), gemeente_name, subject, year)


def story(row: dict, gemeente_name: str) -> None:
    """Vertellen: one story with its kind, wijk, year and source."""
    where = markdown_safe(row["region_name"]) if row["region_level"] != "gemeente" else gemeente_name
    kind = STORY_KIND_TEXT.get(row["kind"], "Verhaal")
    with st.container(border=True):
        st.markdown(f"**{markdown_safe(row['title'])}**")
        source = f" · {markdown_safe(row['source'])}" if row["source"] else ""
        st.caption(f"{kind} · {where} · {row['year']}{source}")
        st.markdown(markdown_safe(row["body"]))


STATUS_LEGEND = (
    "**Zo leest u de cijfers:** – = niet beschikbaar (de bron publiceert dit cijfer niet) · "
    "geheim = niet getoond om herleidbaarheid naar personen te voorkomen · "
    "schatting = modelschatting van het RIVM, met 95%-interval (de werkelijke waarde ligt met 95% zekerheid "
    "in dat interval) · voorlopig = kan nog wijzigen · reeksbreuk = de bron meet dit sinds dat jaar anders: de "
    "reeks stopt en een nieuwe indicator neemt het over (grijze band in een grafiek) · afgerond = de bron rondt "
    "aantallen af (een afgerond 0 is 'minder dan 3' of 'minder dan 5'; een cijfer dat erop berekend is, is grof). "
    "Een ontbrekend cijfer is nooit 0."
)


def status_legend() -> None:
    st.caption(STATUS_LEGEND)


def figure_downloads(observations: pl.DataFrame, gemeente_name: str, subject: str, year: int | str | None = None,
                     *, key: str | None = None, targets: Mapping | None = None, gemeente_code: str | None = None) -> None:
    """download_buttons for observation rows: the long download table (export.tidy_figures) is made on a click.

    targets with gemeente_code: the file also has the path to the streefwaarde the chart draws (pad_streefwaarde)."""
    download_buttons(lambda: export.tidy_figures(observations, targets, gemeente_code), gemeente_name, subject, year,
                     key=key)


def download_buttons(frame: pl.DataFrame | Callable[[], pl.DataFrame], gemeente_name: str, subject: str,
                     year: int | str | None = None, *, key: str | None = None) -> None:
    """CSV (for Dutch Excel) and .xlsx of a table or chart's data; the files are built only when clicked.

    frame may be a callable that makes the table (figure_downloads): then even the table is made only on a click.
    Two buttons, not one st.popover "Download" holding both: a popover sends as many elements (a container and two
    buttons), measured no faster (AppTest reruns of Overzicht, Wijkprofiel and Bronnen, page load and wijk change in
    the browser: within the noise) and costs the user a click more. The values in the files are rounded as on the
    screen plus one decimal (app/export.py).
    """
    key = key or f"download_{subject}_{year}"
    csv_name = export.file_name(gemeente_name, subject, year, "csv")
    xlsx_name = export.file_name(gemeente_name, subject, year, "xlsx")

    def table() -> pl.DataFrame:
        return frame() if callable(frame) else frame

    row = st.container(horizontal=True)
    row.download_button("CSV", lambda: export.csv_bytes(table()), file_name=csv_name, mime=export.CSV_MIME,
                         key=f"{key}_csv", icon=":material/download:", on_click="ignore",
                         help=f"{csv_name}: puntkomma-gescheiden, decimale komma, opent in Excel")
    row.download_button("Excel", lambda: export.xlsx_bytes(table(), subject), file_name=xlsx_name,
                          mime=export.XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
                          help=xlsx_name)


# A slide is laid out once for a 16:9 screen and scales with it: every size is in rem, and the root font size
# follows the viewport (1/64.5 of its width, or 1/36.4 of its height on a relatively low screen), so a slide
# that fits 1280×720 fits 1920×1080 with everything 1,5 × larger. Charts are drawn at a fixed design size and
# scaled the same way (their SVG takes the column's width), so axis and legend text grow with the screen too.
PRESENTATION_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"], [data-testid="stElementToolbar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
html { font-size: min(1.55vw, 2.75vh) !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { font-size: 1rem !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.5rem 1.6rem 1.6rem 1.6rem !important; max-width: 100% !important; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: 1rem !important; line-height: 1.3 !important; margin-bottom: 0.2rem !important; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol { margin-bottom: 0 !important; }
/* Streamlit pulls each text up by the 1rem margin of its last paragraph; these paragraphs have almost none */
[data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stMarkdownContainer"] > :last-child, [data-testid="stMarkdownContainer"] p:last-child {
  margin-bottom: 0 !important; }
/* Streamlit fades captions to 60%, which leaves grey text below WCAG AA contrast: full opacity, muted colour */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 0.72rem !important; line-height: 1.3 !important; color: MUTED !important; opacity: 1 !important; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 2.3rem !important; font-weight: 700 !important; line-height: 1.1 !important; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 0.85rem !important; }
h1 { font-size: 1.75rem !important; line-height: 1.15 !important; padding: 0 0 0.2rem 0 !important; }
h2 { font-size: 1.4rem !important; padding: 0.2rem 0 !important; }
h3 { font-size: 1.15rem !important; padding: 0.1rem 0 !important; }
[data-testid="stHeadingWithActionElements"] a[href^="#"] { display: none !important; }
/* Charts: the SVG at its design size, scaled to the column (text included) */
.stPrintGraphic, .stPrintGraphic [data-testid="stFullScreenFrame"], .stPrintGraphic [data-testid="stFullScreenFrame"] > div,
[data-testid="stVegaLiteChart"] { width: 100% !important; }
[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas.marks {
  width: 100% !important; height: auto !important; }
/* The navigation row: small, above the slide */
.st-key-dia_navigatie { gap: 0.5rem !important; min-height: 0 !important; }
.st-key-dia_navigatie [data-testid="stCaptionContainer"], .st-key-dia_navigatie p { font-size: 0.62rem !important; }
.st-key-dia_navigatie button { min-height: 0 !important; padding: 0.1rem 0.6rem !important; }
.st-key-dia_navigatie button p, .st-key-dia_navigatie button span { font-size: 0.62rem !important;
  line-height: 1.2 !important; }
/* The demo mark: a badge in the bottom left corner, on every slide */
.st-key-demo_mark { position: fixed !important; left: 0.5rem; bottom: 0.35rem; z-index: 1000; width: auto !important; }
.st-key-demo_mark p { font-size: 0.62rem !important; line-height: 1.4 !important; margin: 0 !important; color: TEXT !important;
  background: FILL; border: 1px solid WORSE; border-radius: 0.3rem; padding: 0 0.45rem; }
/* Headline figures */
.dia-kerncijfer { margin: 0.1rem 0 0.2rem 0; }
.dia-waarde { font-size: 2.3rem; font-weight: 700; line-height: 1.05; color: TEXT; }
.dia-eenheid { font-size: 0.9rem; font-weight: 600; }
.st-key-dia_opvallend li, .st-key-dia_opvallend p { font-size: 0.85rem !important; }
.dia-verandering { font-size: 0.85rem; font-weight: 600; line-height: 1.25; }
.dia-toelichting { font-size: 0.72rem; line-height: 1.3; color: MUTED; }
.dia-tegel-titel { font-size: 0.78rem; font-weight: 600; line-height: 1.2; }
.dia-tegel-waarde { font-size: 1.4rem; font-weight: 700; line-height: 1.15; }
.dia-tegel-oordeel { font-size: 0.78rem; font-weight: 600; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlockBorderWrapper"] { padding: 0.35rem 0.55rem !important; }
/* Keyboard: a focus ring that a beamer shows */
a:focus-visible, button:focus-visible, [tabindex]:focus-visible {
  outline: 0.18rem solid TEXT !important; outline-offset: 0.12rem !important; }
</style>
""".replace("MUTED", visual.MUTED_TEXT).replace("TEXT", visual.TEXT).replace("FILL", visual.WORSE.fill).replace(
    "WORSE", visual.WORSE.colour)


def presentation_style() -> None:
    st.html(PRESENTATION_CSS)
