"""Bronnen en kwaliteit: where each figure comes from, what each indicator means, which figures are missing, all downloads.

The page is for the beleidsadviseur / data-analist who refreshes the data and
answers "where does this number come from?". app/quality.py turns the
warehouse's sources, load log and catalog into the Dutch tables shown (and
downloaded); this page only arranges them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import data, export, layout, quality
from app import format as fmt
from app.plain_text import markdown_safe
from monitor import clock

Text, Number, Time = st.column_config.TextColumn, st.column_config.NumberColumn, st.column_config.DatetimeColumn
TIME_FORMAT = "DD-MM-YYYY HH:mm"
ROW, WRAPPING_ROW = 35, 66  # Streamlit wraps long text in a cell only when rows are taller than 4rem (64 px)


def source_card(source: dict) -> None:
    """One source: who publishes it, when it was loaded, what it holds, and how to (re)load it."""
    badge = {"voorbeelddata": " :orange-badge[:material/science: voorbeelddata]",
             "echte gegevens": " :blue-badge[:material/verified: echte gegevens]"}.get(source["soort_gegevens"], "")
    st.markdown(f"**{markdown_safe(source['bron'])}**{badge}  \n{markdown_safe(source['uitgever'])}")
    command = source["laadopdracht"]  # from the pipelines' source registry, via the warehouse
    if source["status"] == "nog nooit geladen":
        st.info("**Nog nooit geladen:** er staan geen cijfers uit deze bron in de monitor.", icon=":material/cloud_off:")
    else:
        loaded = f"{source['laatst_geladen']:%d-%m-%Y %H:%M}"
        status = f"✓ geladen op {loaded}" if source["status"] == "geladen" else \
            f"✗ laatste lading {markdown_safe(source['status'])}; laatst gelukt op {loaded}"
        files = source["tabellen_of_bestanden"]
        st.markdown(f"{status}  \n**{fmt.number(source['rijen'], 0)} rijen** uit {files} "
                    f"{'tabel of bestand' if files == 1 else 'tabellen of bestanden'}")
    st.caption(f"Laden of verversen: `{command}`")


def table_height(rows: int, row_height: int, most: int | None = None) -> int:
    """Pixels for a table showing all rows (or at most `most`) without an inner scrollbar."""
    return 38 + row_height * min(rows, most or rows)


# ---------------------------------------------------------------- the screen

@st.cache_resource(show_spinner=False, max_entries=8)
def _tables(warehouse_version: tuple, gemeente_name: str, this_year: int) -> dict:
    """Every table of this page, made once per warehouse (and year of the clock) instead of on every click: at a
    large gemeente the quality tables took most of a rerun. Frames are shared, never changed in place."""
    loads = quality.load_table(data.load_log(), data.sources())
    catalog = data.indicator_catalog()
    coverage_report = data.coverage_report()
    opgave_titles = dict(data.opgaven().select("opgave_code", "title").iter_rows())
    return {
        "loads": loads, "sources": quality.source_table(data.sources(), loads), "catalog": catalog,
        "indicators": quality.catalog_table(catalog), "gaps": quality.gap_table(catalog, gemeente_name, this_year),
        "coverage_report": coverage_report, "coverage_rows": quality.coverage_table(coverage_report),
        "coverage_failures": quality.coverage_failures(coverage_report),
        "coverage_summary": quality.coverage_summary_markdown(coverage_report) if coverage_report.height else "",
        "ended": quality.ended_series(catalog), "loads_shown": quality.short_sha(loads),
        "activities": export.tidy_activities(data.activities(), opgave_titles),
        "stories": export.tidy_stories(data.stories(), opgave_titles),
    }


info = data.monitor_info()
gemeente_name = info["gemeente_name"]
this_year = clock.this_year()  # one clock for every rule that counts from today (tests fix it)
tables = _tables(data.warehouse_version(), gemeente_name, this_year)
loads, sources, catalog, indicators, gaps = (tables[name] for name in ("loads", "sources", "catalog", "indicators",
                                                                       "gaps"))
coverage_report, coverage_rows, coverage_failures = (tables[name] for name in ("coverage_report", "coverage_rows",
                                                                               "coverage_failures"))
activities, stories = tables["activities"], tables["stories"]
# Counted, not fetched: the whole observation frame is read only when its download is clicked.
figure_count = data.observation_count()

st.title("Bronnen en kwaliteit")
st.markdown(
    "Waar elk cijfer vandaan komt, wat elke indicator meet, welke cijfers ontbreken of verouderd zijn — "
    "en de volledige dataset om zelf na te rekenen.  \n"
    "[Bronnen](#bronnen) · [Indicatoren](#indicatoren) · [Hiaten](#hiaten) · [Dekking](#dekking) · "
    "[Downloads](#downloads)"
)

st.header("Bronnen", anchor="bronnen")
st.caption("Per bron de laatste lading (Nederlandse tijd), de rijen die nu in het warehouse staan en of het om "
           "voorbeelddata gaat.")
for pair in range(0, sources.height, 2):
    for column, source in zip(st.columns(2), sources.slice(pair, 2).iter_rows(named=True)):
        with column.container(border=True):
            source_card(source)
layout.download_buttons(sources, gemeente_name, "bronnen", key="bronnen")

st.subheader("Geladen tabellen en bestanden", anchor="laadlog")
st.caption(f"Het laadlog: elke lading met tabel of bestand, jaar, rijen en de vingerafdruk (sha256, hier de eerste "
           f"{quality.SHA_SHOWN} tekens; de download heeft hem volledig). Dezelfde vingerafdruk = precies hetzelfde bestand.")
if loads.is_empty():
    st.info("Het laadlog is leeg: er is nog niets geladen. Begin met `python -m pipelines run` "
            "(of `make run` voor de voorbeelddata).", icon=":material/database:")
else:
    st.dataframe(
        tables["loads_shown"], hide_index=True, placeholder="–", height=table_height(loads.height, ROW, 15),
        column_order=["tabel_of_bestand", "jaar", "rijen_geladen", "klaar", "sha256_kort", "status", "in_gebruik",
                      "bron", "soort_gegevens", "melding"],
        column_config={
            "tabel_of_bestand": Text("Tabel of bestand", width=230), "jaar": Number("Jaar", format="%d", width=55),
            "rijen_geladen": Number("Rijen", format="%d", width=60),
            "klaar": Time("Geladen op", format=TIME_FORMAT, width=125),
            "sha256_kort": Text("sha256 (begin)", width=120), "status": Text("Status", width=70),
            "in_gebruik": Text("In gebruik", width=80, help="nee = vervangen door een latere lading van dezelfde tabel"),
            "bron": Text("Bron", width=230), "soort_gegevens": Text("Soort gegevens", width=110),
            "melding": Text("Melding", width="large"),
        },
    )
    layout.download_buttons(loads, gemeente_name, "laadlog", key="laadlog")

st.header("Indicatoren en definities", anchor="indicatoren")
st.caption(f"Alle {indicators.height} indicatoren van de monitor: wat ze meten, hoe ze uit de bron worden afgeleid, "
           f"welke kant 'beter' is en voor welke jaren er een gepubliceerd cijfer voor {gemeente_name} is.")
st.dataframe(
    indicators, hide_index=True, placeholder="–", row_height=WRAPPING_ROW, height=table_height(8, WRAPPING_ROW),
    column_order=["titel", "definitie", "eenheid", "richting", "jaren", "reeks", "bron", "afleiding", "opgave", "doel",
                  "uitsplitsingen", "indicator"],
    column_config={
        "titel": Text("Indicator", width=230), "definitie": Text("Definitie", width="large"),
        "eenheid": Text("Eenheid", width=80), "richting": Text("Richting", width=110),
        "jaren": Text(f"Jaren ({gemeente_name})", width=100,
                      help=f"Eerste en laatste jaar met een gepubliceerd cijfer voor {gemeente_name}"),
        "bron": Text("Bron", width=230), "afleiding": Text("Afleiding (bronvariabele)", width=260),
        "opgave": Text("Opgave", width=150), "doel": Text("Doel", width=300),
        "uitsplitsingen": Text("Uitsplitsingen", width=260), "indicator": Text("Code", width=180),
        "reeks": Text("Reeks", width=300, help="Waar een reeks stopt of begint omdat de bron het anders is gaan meten"),
    },
)
layout.download_buttons(indicators, gemeente_name, "indicatoren", key="indicatoren")

st.header("Hiaten: indicatoren zonder recent cijfer", anchor="hiaten")
st.caption(quality.gap_rule(gemeente_name, this_year))
if gaps.is_empty():
    st.success(f"Geen hiaten: elke indicator heeft een recent cijfer voor {gemeente_name}.", icon=":material/check:")
else:
    no_figures = gaps.filter(pl.col("nieuwste_cijfer").is_null()).height
    st.markdown(f"**{gaps.height} van de {indicators.height} indicatoren** hebben geen recent cijfer"
                + (f", waarvan {no_figures} nog helemaal geen." if no_figures else "."))
    st.dataframe(
        gaps, hide_index=True, placeholder="–", row_height=WRAPPING_ROW,
        height=table_height(gaps.height, WRAPPING_ROW, 8),
        column_order=["titel", "hiaat", "nieuwste_cijfer", "nieuwste_geladen_jaar", "nieuwste_jaar_bron", "bron"],
        column_config={
            "titel": Text("Indicator", width=230), "hiaat": Text("Wat ontbreekt", width=330),
            "nieuwste_cijfer": Number("Cijfer t/m", format="%d", width=80,
                                      help=f"Nieuwste jaar met een gepubliceerd cijfer voor {gemeente_name}"),
            "nieuwste_geladen_jaar": Number("Geladen t/m", format="%d", width=90,
                                            help="Nieuwste jaar waarvoor deze indicator is geladen, met of zonder cijfer"),
            "nieuwste_jaar_bron": Number("Bron t/m", format="%d", width=80,
                                         help="Nieuwste jaar dat voor deze bron is geladen (alle indicatoren)"),
            "bron": Text("Bron", width=230),
        },
    )
    layout.download_buttons(gaps, gemeente_name, "hiaten", key="hiaten")
if ended := tables["ended"]:
    st.caption("**Geen hiaat, maar een reeksbreuk** (de bron meet het anders; de opvolger staat in de catalogus):  \n"
               + "  \n".join(f"{markdown_safe(title)}: {markdown_safe(note)}" for title, note in ended))

st.header("Dekking: wat is geladen en wat ontbreekt", anchor="dekking")
st.caption("Per indicator, per jaar (en halfjaar) van elke geladen tabel en per niveau: wat de bron bevatte. Dezelfde "
           "dekking toont `python -m pipelines coverage`, en kort na elke lading.")
if coverage_failures.height:
    # What needs work first: a variable the catalogue looks for is not (usably) in a loaded table.
    st.error(f"**{coverage_failures['indicator'].n_unique()} indicatoren vonden hun variabele niet (bruikbaar) in "
             "een geladen tabel:**  \n" + "  \n".join(
                 markdown_safe(f"{row['titel']} ({row['indicator']}), {row['tabel'] or 'tabel onbekend'} "
                               f"{row['jaar'] or ''}: {row['toestand']} — {row['toelichting'] or ''}")
                 for row in coverage_failures.iter_rows(named=True)),
             icon=":material/error:")
elif coverage_report.height:
    st.success("Elke indicator vond zijn variabele in elke geladen tabel: niets ontbreekt of is onbruikbaar.",
               icon=":material/check:")
if coverage_report.height:
    st.markdown(tables["coverage_summary"])
else:
    st.info("Er is nog niets geladen, dus nog geen dekking. Begin met `python -m pipelines run`.",
            icon=":material/database:")
st.markdown(quality.COVERAGE_RULE)
if coverage_rows.height:
    st.dataframe(
        coverage_rows, hide_index=True, placeholder="–", height=table_height(coverage_rows.height, ROW, 15),
        column_order=["toestand", "titel", "jaar", "periode", "niveau", "regios_met_cijfer", "regios_zonder_cijfer",
                      "toelichting", "tabel", "bron", "doeltekst", "indicator"],
        column_config={
            "toestand": Text("Toestand", width=170), "titel": Text("Indicator", width=230),
            "jaar": Number("Jaar", format="%d", width=55), "periode": Text("Periode", width=95),
            "niveau": Text("Niveau", width=90), "regios_met_cijfer": Number("Met cijfer", format="%d", width=80),
            "regios_zonder_cijfer": Number("Zonder cijfer", format="%d", width=90),
            "toelichting": Text("Toelichting", width="large"), "tabel": Text("Tabel of bestand", width=150),
            "bron": Text("Bron", width=200), "doeltekst": Text("Doel", width=230), "indicator": Text("Code", width=160),
        },
    )
    layout.download_buttons(coverage_rows, gemeente_name, "dekking", key="dekking")

st.header("Downloads", anchor="downloads")
st.caption("CSV opent direct in Excel (puntkomma's, decimale komma); Excel is een .xlsx-werkmap. "
           "Een leeg veld is een ontbrekend cijfer (de kolom status zegt waarom), nooit 0.  \n"
           + export.PRECISION_NOTE)
DOWNLOADS = [
    ("Volledige dataset", f"{fmt.number(figure_count, 0)} rijen: alle indicatoren, jaren en halfjaren (kolom "
     "periode), regio's (Nederland, gemeente, wijken, buurten) en uitsplitsingen, met status, 95%-interval, afronding "
     "en bron — ook de ontbrekende en geheime cijfers en de jaren na een reeksbreuk, met hun status en toelichting",
     lambda: export.tidy_figures(data.observations(None, None, None, None)), "volledige_dataset"),  # half-years too
    ("Indicatoren", f"de catalogus met definities ({indicators.height} indicatoren)", indicators, "indicatoren"),
    ("Dekking", f"{coverage_rows.height} regels: per indicator, jaar, periode en niveau wat geladen is en wat "
     "ontbreekt", coverage_rows, "dekking"),
    ("Laadlog", f"alle {loads.height} ladingen met volledige sha256", loads, "laadlog"),
    ("Activiteiten", f"{activities.height} activiteiten van partners; aantallen onder de privacydrempel "
     f"({info.get('small_count_threshold', '5')}), en wat ze zou verraden, zijn leeg met status geheim", activities,
     "activiteiten"),
    ("Verhalen", f"{stories.height} verhalen: evaluaties, inwonersstemmen, casussen en situatieschetsen", stories,
     "verhalen"),
]
for title, description, frame, subject in DOWNLOADS:
    text, buttons = st.columns([3, 1], vertical_alignment="center")
    text.markdown(f"**{title}** — {description}")
    with buttons:
        layout.download_buttons(frame, gemeente_name, subject, key=f"alles_{subject}")
layout.status_legend()
