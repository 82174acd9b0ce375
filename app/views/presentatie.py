"""Presentatie: the slides for the raadsinformatiebijeenkomst, per opgave five slides, and one slide per wijk.

Without ?presentatie=1 this page prepares the evening (choose an opgave, copy
the links); with it, the app shows one slide full screen, scaled to the beamer.
"""

from __future__ import annotations

import streamlit as st

from app import data, selection, slides
from app.plain_text import markdown_safe
from app.slide_content import SLIDE_RENDERERS
from app.slide_content import wijk as wijk_slide

info = data.monitor_info()
opgaven = data.opgaven()
opgave_codes = opgaven["opgave_code"].to_list()
opgave_titles = {row["opgave_code"]: f"{row['sort_order']}. {row['title']}" for row in opgaven.iter_rows(named=True)}
wijken = data.wijken()
wijk_codes = wijken["region_code"].to_list()
wijk_names = dict(zip(wijk_codes, wijken["name"].to_list()))


def go_to(position: slides.Position | None) -> None:
    if position is not None:
        st.query_params.pop("wijk", None)
        st.query_params["opgave"] = position.opgave
        st.query_params["dia"] = str(position.dia)


def go_to_wijk(code: str | None) -> None:
    if code is not None:
        st.query_params.pop("opgave", None)
        st.query_params["dia"] = slides.WIJK_SLIDE
        st.query_params["wijk"] = code


def navigation(where: str, previous, following, on_click, leave: str) -> None:
    """One compact row at the top: where we are, Vorige/Volgende (also ← and →), and the way out."""
    with st.container(horizontal=True, vertical_alignment="center", key="dia_navigatie"):
        st.caption(where)
        st.space("stretch")
        st.button("Vorige", icon=":material/arrow_back:", on_click=on_click, args=(previous,),
                  disabled=previous is None, shortcut="Left", key="dia_vorige")
        st.button("Volgende", icon=":material/arrow_forward:", on_click=on_click, args=(following,),
                  disabled=following is None, shortcut="Right", type="primary", key="dia_volgende")
        st.markdown(f"[Verlaten](./presentatie?{leave})")


if not selection.is_presentation():
    st.title("Presentatie voor de raad")
    st.markdown(
        "Voor de raadsinformatiebijeenkomst over de voortgang per opgave. Elke opgave heeft vijf dia's: "
        + ", ".join(f"*{title.lower()}*" for title in slides.SLIDE_TITLES)
        + ". De dia's passen op een beamer (1280×720 of groter) en schalen mee met het scherm: letters en "
          "grafieken zijn achter in de zaal te lezen."
    )
    chosen = selection.one("opgave", opgave_titles, "Opgave")
    start = slides.Position(chosen, 1)
    st.link_button("Start de presentatie van deze opgave", f"./{slides.link(start)}", type="primary",
                   icon=":material/slideshow:")
    st.markdown("**Links naar de dia's** — kopieer een link in de uitnodiging of de agenda; hij opent op die dia.")
    st.markdown("\n".join(
        f"{number}. [{title}](./{slides.link(slides.Position(chosen, number))})"
        for number, title in enumerate(slides.SLIDE_TITLES, start=1)
    ))
    st.caption("De kernindicatoren per opgave kiest de analist in het configuratiebestand (kernindicatoren = […] "
               "bij de opgave); zonder keuze de eerste drie met cijfers over meerdere jaren. Heeft een indicator een "
               "streefwaarde (target = { … } bij de indicator), dan toont de dia Ambitie en doelen het oordeel per "
               "doel en de opgave, en de dia Kernindicatoren de voortgang en het pad naar de streefwaarde.")
    if wijk_codes:
        st.markdown("**Een wijk in één dia** — de situatieschets in het kort, wat opvalt en de kerncijfers naast "
                    f"{markdown_safe(info['gemeente_name'])}. Vorige en Volgende gaan van wijk naar wijk.")
        st.markdown("\n".join(f"- [{markdown_safe(wijk_names[code])}](./{slides.wijk_link(code)})"
                              for code in wijk_codes))
    st.caption("Bladeren: met de knoppen Vorige en Volgende boven de dia, of met de pijltjestoetsen ← en →. "
               "Na de laatste dia van een opgave volgt de volgende opgave. Verlaat de presentatie met de link "
               "Verlaten naast de knoppen.")
    st.stop()

asked_opgave, asked_dia, asked_wijk = (selection.url_value(param) for param in ("opgave", "dia", "wijk"))
if wijk_codes and slides.asks_for_wijk(asked_opgave, asked_dia, asked_wijk):
    wijk_code, problems = slides.parse_wijk(asked_wijk, wijk_codes)
    for param, asked in problems:
        if asked.strip().casefold() == info["gemeente_code"].casefold():
            # The gemeente's own code exists: it is heel Soest, which has no wijk slide of its own.
            st.info(f"{markdown_safe(asked.strip())} is heel {markdown_safe(info['gemeente_name'])}; een wijkdia gaat "
                    f"over één wijk. Hier is de eerste: {markdown_safe(wijk_names[wijk_code])}. Heel "
                    f"{markdown_safe(info['gemeente_name'])} staat in de dia's per opgave.", icon=":material/link:")
        else:
            selection.unknown(param, asked, wijk_names[wijk_code])
    index = wijk_codes.index(wijk_code)
    navigation(f"{info['title']} · wijk {index + 1} van {len(wijk_codes)}: {wijk_names[wijk_code]}",
               slides.previous_wijk(wijk_code, wijk_codes), slides.next_wijk(wijk_code, wijk_codes), go_to_wijk,
               f"opgave={opgave_codes[0]}")
    wijk_slide(wijk_code, info)
    st.stop()

parsed = slides.parse(asked_opgave, asked_dia, opgave_codes)
for param, asked in parsed.problems:
    shown = opgave_titles[parsed.position.opgave] if param == "opgave" else f"dia {parsed.position.dia}"
    selection.unknown(param, asked, shown)
position = parsed.position
opgave = opgaven.filter(opgaven["opgave_code"] == position.opgave).row(0, named=True)
navigation(f"{info['title']} · Opgave {opgave['sort_order']} van {len(opgave_codes)} · "
           f"dia {position.dia} van {slides.SLIDES_PER_OPGAVE}: {position.title}",
           slides.previous_position(position, opgave_codes), slides.next_position(position, opgave_codes), go_to,
           f"opgave={position.opgave}")
SLIDE_RENDERERS[position.dia - 1](opgave, info)
