"""Selections that live in the URL, so a copied link reproduces the view.

Each choice reads its query parameter once per page visit (a shared link
decides), then follows the widget and writes the choice back to the URL. A
value in the URL that does not exist falls back to the default with a notice,
never an exception.

Parameters: wijk (region code), opgave (code), indicator (code, or codes
separated by commas), jaar, wijken (codes separated by commas), presentatie, dia.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from app.plain_text import markdown_safe, shortened

LIST_SEPARATOR = ","
# A link with thousands of unknown parts gets this many notices and one that counts the rest, not thousands.
NOTICES_SHOWN = 3


def one(param: str, options: Mapping[str, str], label: str, default: str | None = None,
        *, widget: str = "selectbox", help: str | None = None) -> str:
    """A single choice (selectbox or radio). options: value in the URL → text on screen."""
    if not options:
        raise ValueError(f"Geen keuzes voor {param}")
    values = list(options)
    fallback = default if default in options else values[0]
    key = _widget_key(param, "one")
    if not isinstance(st.session_state.get(key), str) or st.session_state[key] not in options:
        st.session_state[key] = _from_url(param, options, fallback)
    if widget == "radio":
        # Radio options are Markdown (selectbox options are plain text).
        chosen = st.radio(label, values, format_func=lambda value: markdown_safe(options[value]), key=key,
                          help=help, horizontal=True)
    else:
        chosen = st.selectbox(label, values, format_func=options.__getitem__, key=key, help=help)
    _to_url(param, chosen)
    return chosen


def many(param: str, options: Mapping[str, str], label: str, default: list[str],
         *, max_selections: int | None = None, help: str | None = None) -> list[str]:
    """Several choices, kept in the URL separated by commas (wijken=WK034201,WK034205)."""
    key = _widget_key(param, "many")
    if not isinstance(st.session_state.get(key), list) or not set(st.session_state[key]) <= set(options):
        st.session_state[key] = _many_from_url(param, options, [value for value in default if value in options],
                                               max_selections)
    chosen = st.multiselect(label, list(options), format_func=options.__getitem__, key=key,
                            max_selections=max_selections, help=help, placeholder="Kies een of meer",
                            accept_new_options=False, select_all=False)  # its "Select all" is English
    _to_url(param, LIST_SEPARATOR.join(chosen))
    return chosen


def url_value(param: str) -> str | None:
    """The raw value of a query parameter, for choices made with buttons instead of widgets."""
    return st.query_params.get(param)


def set_url_value(param: str, value: str | None) -> None:
    _to_url(param, value)


def is_presentation() -> bool:
    return st.query_params.get("presentatie") in ("1", "ja", "true")


def _from_url(param: str, options: Mapping[str, str], fallback: str) -> str:
    asked = st.query_params.get(param)
    if asked is None or asked == "":
        return fallback
    if asked in options:
        return asked
    # People type names and lower-case codes into links; accept them when unambiguous.
    for value, text in options.items():
        if asked.casefold() in (value.casefold(), text.casefold()):
            return value
    unknown(param, asked, options[fallback])
    return fallback


def _many_from_url(param: str, options: Mapping[str, str], default: list[str], limit: int | None) -> list[str]:
    asked = st.query_params.get(param)
    if asked is None:
        return default[:limit] if limit else default
    chosen, rejected = [], []
    lookup = {key.casefold(): key for key in options} | {text.casefold(): key for key, text in options.items()}
    for part in (piece.strip() for piece in asked.split(LIST_SEPARATOR)):
        if not part:
            continue
        if part.casefold() in lookup:
            if lookup[part.casefold()] not in chosen:
                chosen.append(lookup[part.casefold()])
        else:
            rejected.append(part)
    unknown_values(param, rejected)
    if limit and len(chosen) > limit:
        st.info(f"In de link staan {len(chosen)} keuzes voor '{param}'; de eerste {limit} worden getoond.",
                icon=":material/link:")
        chosen = chosen[:limit]
    return chosen if chosen or not rejected else (default[:limit] if limit else default)


def unknown(param: str, asked: str, shown_instead: str | None) -> None:
    """The notice for a link that asks for something this monitor does not have.

    asked comes from the link and shown_instead is an option's text: both are shown as plain text, and what
    the link asked for is shortened (a link can carry a page of text).
    """
    instead = (f" In plaats daarvan wordt {markdown_safe(shown_instead)} getoond." if shown_instead
               else " Deze keuze is overgeslagen.")
    st.info(f"De link vraagt om {param} '{markdown_safe(shortened(asked))}', maar die bestaat niet in deze "
            f"monitor.{instead}", icon=":material/link_off:")


def unknown_values(param: str, asked: Sequence[str]) -> None:
    """The notices for values in a list parameter that do not exist: NOTICES_SHOWN of them, then how many more."""
    for value in asked[:NOTICES_SHOWN]:
        unknown(param, value, None)
    if len(asked) > NOTICES_SHOWN:
        st.info(f"En {len(asked) - NOTICES_SHOWN} meer onbekende keuzes voor {param} in de link; die zijn ook "
                "overgeslagen.", icon=":material/link_off:")


def _to_url(param: str, value: str | None) -> None:
    if value in (None, ""):
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


def _widget_key(param: str, kind: str) -> str:
    # Shared by pages, per kind (one page picks one indicator, another several): the page on
    # screen owns it. When another page offers other options (Tellen en vertellen adds
    # 'heel Soest'), a value it lacks is re-read from the URL.
    return f"keuze_{kind}_{param}"
