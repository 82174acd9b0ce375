"""Pieces every page shares: the demo banner, the missing-warehouse message, the indicator tile, downloads, the legend."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from app import deviation, export, series
from app import format as fmt
from app.plain_text import markdown_safe

DEMO_BANNER = "**Voorbeelddata — fictieve cijfers.** Dit dashboard toont gegenereerde demodata, geen echte cijfers over de gemeente."


def demo_banner(compact: bool = False) -> None:
    # On a beamer the short form: the raad must see it is fictional, without losing a third of the slide.
    st.warning(DEMO_BANNER.split(".**")[0] + ".**" if compact else DEMO_BANNER, icon=":material/science:")


def warehouse_unavailable(message: str) -> None:
    """message: Markdown from data.WarehouseUnavailable (its path is escaped there)."""
    st.title("Monitor Sociaal Domein")
    st.info(f"**Nog geen gegevens om te tonen.** {message}", icon=":material/database:")


PAGE_FAILED = ("**Er ging iets mis bij het tonen van deze pagina.** Vernieuw de pagina; blijft het misgaan, meld dan "
               "de pagina en het tijdstip aan de beheerder.")


def page_failed() -> None:
    """What a page shows instead of a traceback when it fails unexpectedly (app/streamlit_app.py logs the details)."""
    st.error(PAGE_FAILED, icon=":material/error:")


def indicator_tile(row: dict, region_name: str, goal_number: int | None = None) -> None:
    """One indicator: the region's latest value with year and source, change, and Nederland alongside.

    row: a row of data.latest_by_indicator. A series that stopped says so with its note (the tile keeps its
    last figure; the years after it are a break, not 'niet beschikbaar'); a new series says when it began
    and what it replaced; a rounded count says so, and a rounded 0 reads 'minder dan 3'.
    """
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
            st.caption(f"Nog geen cijfers geladen  \nBron: {source}"
                       + (f"  \n{series_line}" if series_line else ""))
            return
        rounded_to = row.get("rounded_to")
        delta, delta_color = None, "gray"
        # A rounded 0 has no size to subtract: no change for it.
        if row["previous_value"] is not None and not fmt.is_rounded_zero(row["value"], rounded_to):
            delta = f"{fmt.change(row['value'], row['previous_value'], decimals, unit)} sinds {row['previous_year']}"
            difference = round(row["value"] - row["previous_value"], decimals)
            # Two estimates whose 95%-intervals overlap: the change may be chance, so no good or bad colour.
            within_margin = deviation.intervals_overlap((row["ci_low"], row["ci_high"]),
                                                        (row["previous_ci_low"], row["previous_ci_high"]))
            if within_margin:
                delta += " (binnen de marge)"
            elif difference != 0 and row["higher_is_better"] is not None:
                # Blue/orange rather than green/red: readable with the commonest colour blindness.
                delta_color = "blue" if (difference > 0) == row["higher_is_better"] else "orange"
        shown = fmt.value_text(row["value"], decimals, unit, rounded_to, unit_shown=not unit_note)
        st.metric(title, shown, delta=delta, delta_color=delta_color, label_visibility="collapsed")
        lines = [f"{markdown_safe(region_name)} {row['year']}" + _status_note(row)]
        if row["compare_value"] is not None:
            lines.append(f"Nederland {markdown_safe(fmt.with_unit(row['compare_value'], decimals, unit))}")
        elif row["compare_status"]:
            lines.append(f"Nederland {markdown_safe(fmt.status_text(row['compare_status']))}")
        caption = " · ".join(lines) + f"  \nBron: {source}"
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
    """Tellen: the partners' activities with their reach; counts below the privacy threshold are not shown."""
    rows = [
        {
            "Jaar": str(row["year"]),
            "Activiteit": row["name"],
            "Partner": row["partner"],
            "Wijk": row["region_name"] if row["region_code"] != gemeente_code else f"heel {gemeente_name}",
            "Deelnemers": fmt.number(row["participants"], 0) if row["participants_status"] != "geheim" else HIDDEN_PARTICIPANTS,
        }
        for row in activities.iter_rows(named=True)
    ]
    st.dataframe(rows, hide_index=True)
    files = ", ".join(markdown_safe(name) for name in sorted(set(activities["file"])))
    st.caption(f"Bron: partneropgaven ({files}). "
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
                     *, key: str | None = None) -> None:
    """download_buttons for observation rows: the long download table (export.tidy_figures) is made on a click."""
    download_buttons(lambda: export.tidy_figures(observations), gemeente_name, subject, year, key=key)


def download_buttons(frame: pl.DataFrame | Callable[[], pl.DataFrame], gemeente_name: str, subject: str,
                     year: int | str | None = None, *, key: str | None = None) -> None:
    """CSV (for Dutch Excel) and .xlsx of a table or chart's data; the files are built only when clicked.

    frame may be a callable that makes the table (figure_downloads): then even the table is made only on a click.
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


# Readable from the back of a raadzaal at 1280×720 and 1920×1080: no chrome, large type.
PRESENTATION_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 1rem 2.5rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: clamp(20px, 1.55vw, 30px) !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.05em !important; line-height: 1.35 !important; }
[data-testid="stMetricValue"] { font-size: 2.4em !important; }
[data-testid="stCaptionContainer"] { font-size: 0.8em !important; }
h1 { font-size: 2.1em !important; padding-top: 0 !important; }
h2 { font-size: 1.6em !important; }
h3 { font-size: 1.3em !important; }
</style>
"""


def presentation_style() -> None:
    st.html(PRESENTATION_CSS)
