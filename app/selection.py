"""Selections that follow the user from page to page and live in the URL, so a copied link reproduces the view.

What a user chose is remembered per parameter for the whole visit, whatever page or widget chose it: a wijk
chosen on Wijkprofiel is the wijk on Tellen en vertellen, a year chosen on Wijkvergelijking the year on Tellen
en vertellen, an opgave chosen on Opgaven the opgave of the presentation. Only choices are remembered (a
widget changed by the user, or a value in a link), never a page's own default, so opening a page does not
change what the next page shows. Each page still has its own options: a remembered value the page does not
offer ('heel Soest' on Wijkprofiel, 'alle jaren' on Wijkvergelijking) leaves that page at its default.

One wijk and a list of wijken follow each other, whichever was chosen last:
- a wijk chosen alone (Wijkprofiel, Tellen en vertellen) is on the lists of wijken (Opgaven, Wijkvergelijking):
  the list stays as it is when the wijk is already on it, otherwise the wijk comes first and the page's own
  default wijken make up its usual number (Wijkvergelijking shows two side by side);
- a list of wijken chosen (Opgaven, Wijkvergelijking) gives the wijk for a page that shows one: the wijk
  already shown when it is on the list, otherwise the first of the list.
So the wijk you look at is always among the wijken you compare, and nothing you chose earlier is lost by
opening another page.

Which wins: a link decides. When the URL holds a value this module did not put there (a shared link, a typed
address, Back or Forward in the browser), that value is shown and remembered. Otherwise the remembered choice
(a change of the widget is remembered before the page reruns), then what this page's widget showed on its
previous run (a default that depends on other choices does not jump), then the page's default. The choice shown is written back to the URL, also when the page
opened without it, so a copied link reproduces the view. A value in the URL that does not exist falls back to
the default with a notice, never an exception; `aliases` lets a page accept other spellings without a notice
(the gemeente's own code meaning 'heel <gemeente>').

Back and Forward: Streamlit adds a browser-history entry for every change of the URL, also for each of the
several parameters a page writes when it opens. A small script (HISTORY_SCRIPT, sent by
keep_one_history_entry_per_action) keeps one entry per user
action, so Back returns to the previous view and not to half of it.

Parameters: wijk (region code), opgave (code), indicator (code, or codes separated by commas), jaar, wijken
(codes separated by commas), presentatie, dia. url_value/set_url_value (Opgaven's focus on one chart, the
presentation's slide) are links only: they are not remembered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app.plain_text import markdown_safe, shortened

LIST_SEPARATOR = ","
# A link with thousands of unknown parts gets this many notices and one that counts the rest, not thousands.
NOTICES_SHOWN = 3
# One wijk ↔ a list of wijken (see the module docstring).
ONE_AND_MANY = {"wijk": "wijken"}
MEMORY = "keuze_onthouden"  # param → (order, value): what the user chose, with the order in which it was chosen
IN_URL = "keuze_in_url"  # param → the value this module last read from or wrote to the URL

# Streamlit pushes a history entry for every URL change; one user action (choosing a wijk, opening a page that
# then writes its three choices) should be one entry. A push is a push only after a click or key press; the
# pushes that follow it without a new action, and those a page makes on its own, replace the current entry.
HISTORY_SCRIPT = """<script id="monitor-history">
(() => {
  if (window.monitorHistory) return;
  window.monitorHistory = true;
  let acted = false;
  for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, () => { acted = true; }, true);
  window.addEventListener("popstate", () => { acted = false; });
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  history.pushState = (state, title, url) => {
    const wasAction = acted;
    acted = false;
    return wasAction ? push(state, title, url) : replace(state, title, url);
  };
})();
</script>"""


def one(param: str, options: Mapping[str, str], label: str, default: str | None = None,
        *, widget: str = "selectbox", help: str | None = None, aliases: Mapping[str, str] | None = None) -> str:
    """A single choice (selectbox or radio). options: value in the URL → text on screen.

    aliases: other values a link (or another page) may use for an option, e.g. {gemeente_code: first wijk} on a
    page without 'heel <gemeente>'; they are understood without a notice and written to the URL as the option.
    """
    if not options:
        raise ValueError(f"Geen keuzes voor {param}")
    values = list(options)
    fallback = default if default in options else values[0]
    known = {alias.casefold(): value for alias, value in (aliases or {}).items() if value in options}
    key = _widget_key(param, "one")
    asked = st.query_params.get(param)
    if _new_in_url(param, asked):
        chosen, understood = _from_url(param, options, fallback, known)
        if understood:
            # Through an alias the link asked for something else than the option shown ('heel Soest'): remember
            # what it asked, so the next page that offers it shows it.
            _remember(param, next((alias for alias in aliases or {} if alias.casefold() == asked.casefold()), chosen))
        st.session_state[key] = chosen
    else:
        remembered = _remembered_one(param, options)
        widget_value = st.session_state.get(key)  # this page's own widget: what it showed on the previous run
        st.session_state[key] = (remembered if remembered is not None
                                 else widget_value if isinstance(widget_value, str) and widget_value in options
                                 else fallback)
    if widget == "radio":
        # Radio options are Markdown (selectbox options are plain text).
        chosen = st.radio(label, values, format_func=lambda value: markdown_safe(options[value]), key=key,
                          help=help, horizontal=True, on_change=_remember_widget, args=(param, key))
    else:
        chosen = st.selectbox(label, values, format_func=options.__getitem__, key=key, help=help,
                              on_change=_remember_widget, args=(param, key))
    _to_url(param, chosen)
    return chosen


def many(param: str, options: Mapping[str, str], label: str, default: list[str],
         *, max_selections: int | None = None, help: str | None = None) -> list[str]:
    """Several choices, kept in the URL separated by commas (wijken=WK034201,WK034205)."""
    default = [value for value in default if value in options]
    key = _widget_key(param, "many")
    asked = st.query_params.get(param)
    if _new_in_url(param, asked):
        chosen, understood = _many_from_url(param, options, default, max_selections)
        if understood:
            _remember(param, chosen)
        st.session_state[key] = chosen
    else:
        remembered = _remembered_many(param, options, default, max_selections)
        widget_value = st.session_state.get(key)
        st.session_state[key] = (remembered if remembered is not None
                                 else widget_value if isinstance(widget_value, list) and set(widget_value) <= set(options)
                                 else default[:max_selections] if max_selections else default)
    chosen = st.multiselect(label, list(options), format_func=options.__getitem__, key=key,
                            max_selections=max_selections, help=help, placeholder="Kies een of meer",
                            accept_new_options=False, select_all=False,  # its "Select all" is English
                            on_change=_remember_widget, args=(param, key))
    _to_url(param, LIST_SEPARATOR.join(chosen))
    return chosen


def url_value(param: str) -> str | None:
    """The raw value of a query parameter, for choices made with buttons instead of widgets."""
    return st.query_params.get(param)


def set_url_value(param: str, value: str | None) -> None:
    _to_url(param, value)


def is_presentation() -> bool:
    return st.query_params.get("presentatie") in ("1", "ja", "true")


# --- what the user chose ----------------------------------------------------------------------------------------


def _remember(param: str, value: str | list[str]) -> None:
    memory = st.session_state.setdefault(MEMORY, {})
    order = max((seen for seen, _ in memory.values()), default=0) + 1
    earlier, listed = memory.get(param), memory.get(ONE_AND_MANY.get(param, ""))
    if (param in ONE_AND_MANY and earlier and isinstance(earlier[1], str) and earlier[1] != value
            and (not listed or earlier[0] > listed[0])):
        # The wijk chosen before is still the one the lists follow (see the module docstring), also when the
        # new choice is no wijk at all ('heel Soest').
        on_list = listed and isinstance(listed[1], list) and earlier[1] in listed[1]
        memory[ONE_AND_MANY[param]] = (earlier[0], listed[1] if on_list else [earlier[1]])
    memory[param] = (order, list(value) if isinstance(value, list) else value)


def _remember_widget(param: str, key: str) -> None:
    """on_change of every choice widget: runs before the rerun, so the page after it already knows."""
    _remember(param, st.session_state[key])


def _recalled(param: str) -> tuple[int, str | list[str]] | None:
    return st.session_state.get(MEMORY, {}).get(param)


def _remembered_one(param: str, options: Mapping[str, str]) -> str | None:
    # Aliases are for links: a remembered 'heel Soest' on a page without it gives the wijk from the list instead.
    single = _recalled(param)
    mine = single[1] if single and isinstance(single[1], str) and single[1] in options else None
    if single and isinstance(single[1], list):  # the same parameter kept as a list elsewhere: its first
        mine = next((value for value in single[1] if value in options), None)
    listed = _recalled(ONE_AND_MANY.get(param, ""))
    if listed:
        on_list = [value for value in listed[1] if value in options]
        if on_list and (mine is None or (listed[0] > single[0] and mine not in on_list)):
            return on_list[0]
    return mine


def _remembered_many(param: str, options: Mapping[str, str], default: list[str],
                     limit: int | None) -> list[str] | None:
    listed = _recalled(param)
    chosen = None
    if listed:
        values = listed[1] if isinstance(listed[1], list) else [listed[1]]
        chosen = [value for value in values if value in options]
    single_param = next((one for one, many in ONE_AND_MANY.items() if many == param), None)
    single = _recalled(single_param) if single_param else None
    if single and isinstance(single[1], str) and single[1] in options:
        if chosen is None or (single[0] > listed[0] and single[1] not in chosen):
            # The wijk first, then the page's own default wijken to make up its usual number.
            chosen = [single[1]] + [value for value in default if value != single[1]][:max(len(default) - 1, 0)]
    if chosen is None:
        return None
    return chosen[:limit] if limit else chosen


# --- the URL ----------------------------------------------------------------------------------------------------


def _new_in_url(param: str, asked: str | None) -> bool:
    """Whether the URL holds a value for param that this module did not put there: a link, Back or Forward."""
    return asked is not None and asked != st.session_state.get(IN_URL, {}).get(param)


def _from_url(param: str, options: Mapping[str, str], fallback: str,
              known: Mapping[str, str]) -> tuple[str, bool]:
    """The option the URL asks for and True, or the fallback and False (with a notice when it asked for something)."""
    asked = st.query_params.get(param)
    if asked is None or asked == "":
        return fallback, False
    if asked in options:
        return asked, True
    if asked.casefold() in known:
        return known[asked.casefold()], True
    # People type names and lower-case codes into links; accept them when unambiguous.
    for value, text in options.items():
        if asked.casefold() in (value.casefold(), text.casefold()):
            return value, True
    unknown(param, asked, options[fallback])
    return fallback, False


def _many_from_url(param: str, options: Mapping[str, str], default: list[str],
                   limit: int | None) -> tuple[list[str], bool]:
    asked = st.query_params.get(param)
    if asked is None:
        return (default[:limit] if limit else default), False
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
    if chosen or not rejected:
        return chosen, True
    return (default[:limit] if limit else default), False


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
    st.session_state.setdefault(IN_URL, {})[param] = None if value in (None, "") else value


def keep_one_history_entry_per_action() -> None:
    """Send HISTORY_SCRIPT, once per run from app/streamlit_app.py (pages and slides alike). Its element is taken
    out of the layout by app/chrome.py's CSS, like the chrome's own script. Our own constant, never outside text."""
    st.html(HISTORY_SCRIPT, unsafe_allow_javascript=True)


def _widget_key(param: str, kind: str) -> str:
    # Per page: a value another page left in its widget ('heel Soest', or a default nobody chose) is no choice.
    # What follows the user from page to page is the remembered choice, not the widget.
    ctx = get_script_run_ctx()
    return f"keuze_{kind}_{param}_{ctx.page_script_hash if ctx else ''}"
