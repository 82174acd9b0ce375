"""A map on a page: the choropleth with, around it, everything that makes it readable and accessible.

Every page with a map (Wijkprofiel, Wijkvergelijking, Opgaven) shows the same panel: a one-line summary, the map
beside the table of the same figures (the table is the map's text alternative and keyboard path), the rule for
its colours and patterns, the notes on boundaries, the attribution CBS requires and the downloads of the figures
on the map. The rules are app.kaart's, the drawing app.charts.kaart's; this module only lays them out.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app import chart_cache, data, kaart, layout, series
from app.charts.kaart import map_chart
from app.plain_text import markdown_safe

SELECTION = "kaart_regio"  # the map's point selection (app.charts.kaart), read back after a click
LEVEL_WORDS = {"wijk": "Wijken", "buurt": "Buurten"}


@st.cache_resource(show_spinner=False, max_entries=256)
def _map(version: tuple, indicator_code: str, year: int, level: str, gemeente_code: str, gemeente_name: str,
         highlight: str | None, selectable: bool, size: tuple[int, int], font_scale: float):
    """(RegionMap, Vega-Lite spec) for one choice, built once per warehouse version: a map is the same for every
    user until the warehouse changes (version is the warehouse's path and file identity: app.data)."""
    figures = data.observations((indicator_code,), None, "totaal")
    region_map = kaart.region_map(figures, data.region_boundaries(), indicator_code=indicator_code, year=year,
                                  level=level, gemeente_code=gemeente_code, gemeente_name=gemeente_name,
                                  highlight=highlight)
    if region_map is None:
        return None, None
    chart = map_chart(region_map, width=size[0], height=size[1], font_scale=font_scale, selectable=selectable)
    return region_map, chart_cache.to_spec(chart)


def levels(indicator_code: str, year: int) -> list[str]:
    """The levels ('wijk', 'buurt') the indicator has figures for in that year and shapes are loaded for."""
    return kaart.map_levels(data.observations((indicator_code,), None, "totaal"), data.region_boundaries(),
                            indicator_code, year)


def region_map(indicator_code: str, year: int, level: str, *, highlight: str | None = None,
               selectable: bool = False, size: tuple[int, int] = (520, 440), font_scale: float = 1.0):
    """(RegionMap, spec) for the monitor's gemeente, or (None, None) without shapes."""
    info = data.monitor_info()
    return _map(data.warehouse_version(), indicator_code, year, level, info["gemeente_code"], info["gemeente_name"],
                highlight, selectable, size, font_scale)


def no_shapes_note() -> None:
    st.info("Er zijn nog geen grenzen van wijken en buurten geladen, dus er is geen kaart. Laad ze met "
            "`python -m pipelines geo` (de CBS Wijk- en Buurtkaart via PDOK); de tabellen hieronder tonen dezelfde "
            "cijfers.", icon=":material/map:")


def show(indicator_code: str, year: int, *, key: str, subject: str, highlight: str | None = None,
         selectable: bool = False, level_choice: bool = True) -> None:
    """The map panel for one indicator and year.

    highlight: a region outlined thick (the wijk of a wijkprofiel). selectable: a wijk or buurt can be pointed out,
    by clicking it on the map or with the 'Aanwijzen' list beside it (the keyboard path to the same choice); it is
    outlined and its figure is written under the map. level_choice: a radio for wijken or buurten when both have
    figures; otherwise wijken when they have figures.
    """
    if data.region_boundaries().is_empty():
        no_shapes_note()
        return
    available = levels(indicator_code, year)
    if not available:
        # After a series break the year has no figure in this series: say that, as the table and ranking do, not
        # that figures are lacking.
        figures = data.observations((indicator_code,), None, "totaal")
        broken = figures.filter((pl.col("year") == year) & (pl.col("status") == series.BREAK))
        if broken.height:
            st.info(f"Geen kaart voor {year}: dat jaar valt na een reeksbreuk. "
                    f"{markdown_safe(series.break_text(broken.row(0, named=True)))}", icon=":material/timeline:")
        else:
            st.info(f"Voor {year} zijn er geen cijfers per wijk of buurt om op de kaart te zetten.",
                    icon=":material/map:")
        return
    level = available[0]
    if level_choice and len(available) > 1:
        level = st.radio("Kaart per", available, format_func=LEVEL_WORDS.__getitem__, horizontal=True,
                         key=f"{key}_niveau")
    plain, _ = region_map(indicator_code, year, level, selectable=selectable)
    if plain is None:
        no_shapes_note()
        return
    if selectable:
        highlight = _pointed_out(plain, key)
    shown, spec = region_map(indicator_code, year, level, highlight=highlight, selectable=selectable)
    gemeente_name = data.monitor_info()["gemeente_name"]
    st.markdown(markdown_safe(shown.summary))
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        if selectable:
            st.vega_lite_chart(spec=spec, on_select="rerun", selection_mode=SELECTION, key=f"{key}_kaart",
                               width="stretch")
        else:
            st.vega_lite_chart(spec=spec, width="stretch", key=f"{key}_kaart")
        if selectable and highlight:
            _pointed_out_figure(shown, highlight, gemeente_name)
    with table_column:
        st.table(kaart.map_table(shown), hide_index=True, border="horizontal")
    notes(shown)
    layout.download_buttons(lambda: kaart.map_download(shown), gemeente_name, f"{subject} kaart", year,
                            key=f"{key}_kaart_download")


def _pointed_out(shown: kaart.RegionMap, key: str) -> str | None:
    """The region pointed out: the last one clicked on the map, or chosen in the list (which follows a click)."""
    names = dict(shown.regions.filter(~pl.col("water")).select("region_code", "name").iter_rows())
    pointer, last_click = f"{key}_aanwijzen", f"{key}_laatste_klik"
    event = st.session_state.get(f"{key}_kaart") or {}
    chosen = (event.get("selection") or {}).get(SELECTION) or []
    clicked = chosen[0].get("region_code") if chosen else None
    if clicked != st.session_state.get(last_click):
        st.session_state[last_click] = clicked
        if clicked in names:  # a new click moves the list to the region clicked
            st.session_state[pointer] = clicked
    if st.session_state.get(pointer) not in (None, *names):
        st.session_state[pointer] = None  # another level or year: the region is not on this map
    return st.selectbox(f"Aanwijzen op de kaart (of klik op een {shown.level})", [None, *names], key=pointer,
                        format_func=lambda code: "geen" if code is None else names[code])


def _pointed_out_figure(shown: kaart.RegionMap, code: str, gemeente_name: str) -> None:
    row = shown.regions.filter(pl.col("region_code") == code).row(0, named=True)
    text = f"**{markdown_safe(row['name'])}**: {markdown_safe(row['value_text'])} — {row['klasse_label']}"
    if shown.gemeente_value_text:
        text += f" ({markdown_safe(gemeente_name)}: {markdown_safe(shown.gemeente_value_text)})"
    st.markdown(text)


def notes(shown: kaart.RegionMap) -> None:
    """What the map's colours and patterns mean, which boundaries it is drawn on, and whose map it is."""
    lines = [kaart.CLASS_RULE]
    if shown.boundary_note:
        lines.append(shown.boundary_note)
    if shown.not_on_map:
        lines.append("Niet op de kaart (geen grens geladen in dat jaar): "
                     + ", ".join(shown.not_on_map) + ".")
    source = f"Bron cijfers: {shown.source_title}. " if shown.source_title else ""
    demo = f" — {kaart.DEMO_SHAPES_NOTE}" if shown.demo_shapes else ""
    lines.append(f"{source}Kaart: {shown.attribution}{demo}.")
    st.caption("  \n".join(markdown_safe(line) if line is not kaart.CLASS_RULE else line for line in lines))
