"""Financiën: per opgave begroting against realisatie over the years, the piramide, lasten per inwoner and per deelnemer."""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import chart_cache, data, iv3, layout, selection
from app import financien as fin
from app.plain_text import markdown_safe
from pipelines.sources.financien.contract import BEGROTING, KINDS, REALISATIE

info = data.monitor_info()
gemeente_name = info["gemeente_name"]
amounts = data.financien()
opgaven = data.opgaven()
opgave_titles = dict(opgaven.select("opgave_code", "title").iter_rows())
goal_texts = dict(data.goals().select("goal_code", "text").iter_rows())


def with_source(table: pl.DataFrame, source: str) -> pl.DataFrame:
    """A table for download with its source on every row: a downloaded file travels without the page's caption."""
    return table.with_columns(pl.lit(source).alias("Bron")) if table.height else table


def lasten_beside_comparison_gemeenten() -> None:
    """Lasten per inwoner per taakveld (CBS Iv3) beside the comparison gemeenten: what the gemeente itself reports
    to CBS, so it can be compared where a financiënwerkmap cannot."""
    st.header("Lasten per inwoner per taakveld, naast vergelijkbare gemeenten")
    years = data.iv3_years("iv3_lasten")
    if not years:
        for note in iv3.notes(pl.DataFrame()):
            st.caption(note)
        return
    year = int(selection.one("iv3_jaar", {str(y): str(y) for y in reversed(years)}, "Jaar (jaarrekening)",
                             default=str(years[-1])))
    frame = data.iv3_lasten_per_inwoner("iv3_lasten", year)
    table = iv3.comparison_table(frame)
    st.dataframe(table, hide_index=True)
    st.caption(f"Euro per inwoner, jaarrekening {year}. Bron: CBS, Iv3-gegevens van gemeenten (dataderden.cbs.nl); "
               f"inwoners op 1 januari {year}: CBS Kerncijfers wijken en buurten. {iv3.EXPLANATION}")
    for note in iv3.notes(frame):
        st.caption(note)
    layout.download_buttons(with_source(table, f"CBS Iv3, jaarrekening {year}"), gemeente_name,
                            f"iv3_lasten_per_inwoner_{year}")


st.title("Financiën")
st.caption("Wat de gemeente per opgave begroot en uitgeeft, per jaar: begroting tegen realisatie, de piramide van "
           "sociale basis tot maatwerk, en de lasten per inwoner en per deelnemer. Elk bedrag komt uit een "
           "financiënwerkmap; bij elk cijfer staan het bestand, de soort en het jaar.")

if amounts.is_empty():
    st.info("Er is nog geen financiënwerkmap geladen. Schrijf het sjabloon met `python -m pipelines template "
            "--financien`, vul het in vanuit de begroting en de jaarrekening en laad het met `python -m pipelines "
            "financien BESTAND.xlsx` (of zet het in data/raw/financien/ voor `python -m pipelines run`).",
            icon=":material/info:")
    lasten_beside_comparison_gemeenten()
    st.stop()

if amounts["is_demo"].all():
    st.caption("**De bedragen op deze pagina zijn verzonnen (voorbeelddata)**: het is niet de begroting of "
               "jaarrekening van de gemeente.")

columns = st.columns(3)
with columns[0]:
    with_amounts = [code for code in opgave_titles if code in set(amounts["opgave_code"].to_list())]
    opgave = selection.one("opgave", {fin.ALL: "Alle opgaven"} | {code: opgave_titles[code] for code in with_amounts},
                           "Opgave", default=fin.ALL)
rows = fin.for_opgave(amounts, opgave)
subject = "alle opgaven" if opgave == fin.ALL else opgave_titles[opgave]
subject_markdown = markdown_safe(subject)
file_subject = "financien" if opgave == fin.ALL else f"financien_{opgave}"
kinds_present = [kind for kind in KINDS if kind in set(rows["kind"].to_list())]
with columns[1]:
    kind = selection.one("soort", {k: fin.KIND_WORDS[k].capitalize() for k in kinds_present}, "Soort",
                         default=REALISATIE if REALISATIE in kinds_present else kinds_present[0],
                         help="Voor de piramide en de tabellen per taakveld en per doel. De realisatie komt uit de "
                              "jaarrekening, de begroting uit de (meerjaren)begroting.")
with columns[2]:
    kind_years = fin.years(rows, kind)
    year = int(selection.one("jaar", {str(y): str(y) for y in reversed(kind_years)}, "Jaar (piramide)",
                             default=str(kind_years[-1])))

# --- begroting against realisatie ---------------------------------------------------------------------------------
st.header(f"Begroting en realisatie: {subject_markdown}")
comparison = fin.budget_against_realised(rows)
chart_cache.show(fin.budget_chart, comparison, subject)
st.dataframe(fin.comparison_table(comparison), hide_index=True)
st.caption(f"Bron: {markdown_safe(fin.source_text(rows))}. Verschil = realisatie min begroting; een jaar zonder "
           "realisatie (de meerjarenbegroting) heeft geen verschil.")
layout.download_buttons(with_source(fin.comparison_table(comparison), fin.source_text(rows)), gemeente_name,
                        f"{file_subject}_begroting_realisatie")

if opgave == fin.ALL:
    st.subheader("Per opgave")
    table = fin.per_opgave_table(amounts, opgave_titles)
    st.dataframe(table, hide_index=True)
    st.caption(f"Bron: {markdown_safe(fin.source_text(amounts))}.")
    layout.download_buttons(with_source(table, fin.source_text(amounts)), gemeente_name, "financien_per_opgave")

# --- per taakveld and per doel -----------------------------------------------------------------------------------
kind_word = fin.KIND_WORDS[kind]
st.subheader(f"Per Iv3-taakveld ({kind_word})")
labels = {code: f"{code} {name}" for code, name in rows.select("taakveld_code", "taakveld_name").unique().iter_rows()}
by_taakveld = fin.breakdown_table(rows, kind, "taakveld_code", labels, "Taakveld")
st.dataframe(by_taakveld, hide_index=True)
st.caption(f"Bron: {markdown_safe(fin.source_text(rows, kind))}.")
layout.download_buttons(with_source(by_taakveld, fin.source_text(rows, kind)), gemeente_name,
                        f"{file_subject}_per_taakveld_{kind}")
if opgave != fin.ALL and rows["goal_code"].drop_nulls().len():
    st.subheader(f"Per doel ({kind_word})")
    by_goal = fin.breakdown_table(rows, kind, "goal_code", {None: "de opgave als geheel (geen doel genoemd)"}
                                  | goal_texts, "Doel")
    st.dataframe(by_goal, hide_index=True)
    st.caption(f"Bron: {markdown_safe(fin.source_text(rows, kind))}.")
    layout.download_buttons(with_source(by_goal, fin.source_text(rows, kind)), gemeente_name,
                            f"{file_subject}_per_doel_{kind}")

# --- the piramide -----------------------------------------------------------------------------------------------
st.header(f"De piramide: {kind_word} {year}")
st.caption("Van sociale (pedagogische) basis onderaan via preventie en lichte ondersteuning en toegang naar "
           "maatwerkvoorzieningen bovenaan. De beweging die de gemeente wil, is van maatwerk naar de basis.")
layers = fin.pyramid(rows, year, kind)
chart_cache.show(fin.pyramid_chart, layers, f"{subject}, {kind_word} {year}")
st.caption(f"Bron: {markdown_safe(fin.source_text(rows, kind, year))}.")
st.markdown(f"**Aandeel per laag over de jaren ({kind_word})**")
shares = fin.pyramid_over_years(rows, kind)
st.dataframe(shares, hide_index=True)
layout.download_buttons(with_source(shares, fin.source_text(rows, kind)), gemeente_name, f"{file_subject}_piramide_{kind}")

# --- per inwoner ----------------------------------------------------------------------------------------------
st.header("Lasten per inwoner")
inwoners = data.gemeente_inwoners()
per_inwoner = fin.per_inwoner(rows, inwoners)
inwoner_source = inwoners["source_title"].drop_nulls()
inwoner_source = inwoner_source[0] if inwoner_source.len() else "CBS"
source = f"{fin.source_text(rows)}; inwoners op 1 januari: {inwoner_source}"
if per_inwoner["per_inwoner"].drop_nulls().len():
    chart_cache.show(fin.per_inwoner_chart, per_inwoner)
table = fin.ratio_table(per_inwoner, "inwoners", "Inwoners", "per_inwoner", "Per inwoner", source)
st.dataframe(table.drop("Bron", "Toelichting"), hide_index=True)  # the caption says why a year has none
missing = per_inwoner.filter(pl.col("per_inwoner").is_null())["year"].unique().sort().to_list()
st.caption(f"Bron: {markdown_safe(source)}."
           + (f" Niet berekend voor {', '.join(str(y) for y in missing)}: het aantal inwoners van dat jaar is (nog) "
              "niet geladen (CBS publiceert het inwonertal op 1 januari in de loop van het jaar)." if missing else ""))
layout.download_buttons(table, gemeente_name, f"{file_subject}_per_inwoner")

# --- per deelnemer ----------------------------------------------------------------------------------------------
st.header("Lasten per deelnemer aan activiteiten van partners")
st.caption(f"{fin.REACH_NOTE} Niet berekend in een jaar zonder activiteiten met bereik, of als de deelnemers van "
           "een activiteit geheim zijn (onder de privacydrempel): het totaal zou dan te laag zijn en de lasten per "
           "deelnemer te hoog.")
participants = data.participants_by_opgave()
chosen = [opgave] if opgave != fin.ALL else with_amounts
for code in chosen:
    frame = fin.per_deelnemer(amounts, participants, code)
    if opgave == fin.ALL:
        st.subheader(markdown_safe(opgave_titles[code]))
    if frame.is_empty():
        st.info("Geen lasten in de sociale basis of preventie bij deze opgave: niets om te delen door deelnemers.",
                icon=":material/info:")
        continue
    source = f"{fin.source_text(fin.for_opgave(amounts, code))}; deelnemers: partnerwerkmappen (Tellen en vertellen)"
    table = fin.ratio_table(frame, "deelnemers", "Deelnemers", "per_deelnemer", "Per deelnemer", source,
                            "Lasten basis en preventie")
    st.dataframe(table.drop("Bron"), hide_index=True)
    st.caption(f"Bron: {markdown_safe(source)}.")
    layout.download_buttons(table, gemeente_name, f"financien_{code}_per_deelnemer", key=f"deelnemer_{code}")

# --- everything -----------------------------------------------------------------------------------------------
st.header("Alle bedragen")
st.caption(f"Elke regel van de financiënwerkmap(pen) met het bestand en de rij waar hij vandaan komt "
           f"({fin.KIND_WORDS[BEGROTING]} en {fin.KIND_WORDS[REALISATIE]}, {subject_markdown}).")
layout.download_buttons(lambda: fin.download_rows(rows, opgave_titles, goal_texts), gemeente_name,
                        f"{file_subject}_alle_bedragen")

lasten_beside_comparison_gemeenten()
