"""Presentatie: the slides for the raadsinformatiebijeenkomst, per opgave four slides.

Without ?presentatie=1 this page prepares the evening (choose an opgave, copy
the links); with it, the app shows one slide full screen in large type.
"""

from __future__ import annotations

import streamlit as st

from app import data, selection, slides
from app.slide_content import SLIDE_RENDERERS

info = data.monitor_info()
opgaven = data.opgaven()
opgave_codes = opgaven["opgave_code"].to_list()
opgave_titles = {row["opgave_code"]: f"{row['sort_order']}. {row['title']}" for row in opgaven.iter_rows(named=True)}


def go_to(position: slides.Position | None) -> None:
    if position is not None:
        st.query_params["opgave"] = position.opgave
        st.query_params["dia"] = str(position.dia)


if not selection.is_presentation():
    st.title("Presentatie voor de raad")
    st.markdown(
        "Voor de raadsinformatiebijeenkomst over de voortgang per opgave. Elke opgave heeft vier dia's: "
        + ", ".join(f"*{title.lower()}*" for title in slides.SLIDE_TITLES)
        + ". De presentatie toont geen menu en gebruikt grote letters, leesbaar achter in de zaal."
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
    st.caption("Bladeren: met de knoppen Vorige en Volgende onder de dia, of met de pijltjestoetsen ← en →. "
               "Na de laatste dia van een opgave volgt de volgende opgave. Verlaat de presentatie met de link "
               "Verlaten naast de knoppen.")
    st.stop()

parsed = slides.parse(selection.url_value("opgave"), selection.url_value("dia"), opgave_codes)
for param, asked in parsed.problems:
    shown = opgave_titles[parsed.position.opgave] if param == "opgave" else f"dia {parsed.position.dia}"
    selection.unknown(param, asked, shown)
position = parsed.position
opgave = opgaven.filter(opgaven["opgave_code"] == position.opgave).row(0, named=True)

previous = slides.previous_position(position, opgave_codes)
following = slides.next_position(position, opgave_codes)
# The buttons sit above the slide, so they stay on screen when a slide is taller than the beamer.
with st.container(horizontal=True, vertical_alignment="center"):
    st.caption(f"{info['title']} · Opgave {opgave['sort_order']} van {len(opgave_codes)} · "
               f"dia {position.dia} van {slides.SLIDES_PER_OPGAVE}: {position.title}")
    st.space("stretch")
    st.button("Vorige", icon=":material/arrow_back:", on_click=go_to, args=(previous,), disabled=previous is None,
              shortcut="Left", key="dia_vorige")
    st.button("Volgende", icon=":material/arrow_forward:", on_click=go_to, args=(following,),
              disabled=following is None, shortcut="Right", type="primary", key="dia_volgende")
    st.markdown(f"[Verlaten](./presentatie?opgave={position.opgave})")
SLIDE_RENDERERS[position.dia - 1](opgave, info)
