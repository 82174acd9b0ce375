"""Dutch browser chrome: what Streamlit itself puts on the screen, in Dutch, and no toolbar that bypasses our downloads.

Streamlit serves its page as `<html lang="en">` and writes its own messages in English ("No results",
"Choose an option", "Running...", the connection dialog); only some of them can be configured per widget.
`dutch_chrome()` — called once at the top of app/streamlit_app.py, for the pages and the presentation alike —
sends one st.html element that

- sets `<html lang="nl">`, so a screen reader reads Dutch with a Dutch voice and the browser offers no
  "translate from English";
- translates Streamlit's fixed English texts (text, placeholder, aria-label, title) to Dutch as they appear: the
  words are in ENGLISH_TO_DUTCH below, a MutationObserver applies them. It changes only a text that is exactly one
  of these Streamlit texts (or matches ENGLISH_PATTERNS_TO_DUTCH), never Markdown (our texts and the partners'), and
  it contacts nothing;
- hides the element toolbars of st.dataframe and of charts (CSS below): "Download as CSV" wrote the table as Streamlit
  sees it — English headers, the full float, no year, status or source — past the Dutch CSV and Excel that each
  table and chart has under it (app/layout.download_buttons), and "Show data", "Download as PNG", "Copy Vega-Lite
  spec", search and fullscreen are English too. .streamlit/config.toml also sets client.disableDataExport, which
  drops the table CSV at the source.

What stays English, because it comes before this script or outside the page's text:
- the `<noscript>` line of Streamlit's index.html ("You need to enable JavaScript to run this app."): only a
  browser without JavaScript shows it, and there the dashboard does not work at all;
- the first fraction of a second of a fresh load (lang="en", "Please wait..."), before the app's script has run;
- numbers in a table's column statistics follow the browser's language (6.7% in an English browser).
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit 1.67's own texts (streamlit/static/static/js) as they appear in this dashboard → Dutch.
ENGLISH_TO_DUTCH = {
    # select boxes and multiselects
    "No results": "Geen resultaten",
    "Choose an option": "Kies een optie",
    "Choose options": "Kies een of meer opties",
    "No options to select": "Niets te kiezen",
    "Select all": "Alles kiezen",
    "Clear all": "Alles wissen",
    "Clear value": "Keuze wissen",
    "View less": "Minder tonen",
    "Selected values": "Gekozen",
    "Open": "Openen",
    "Close": "Sluiten",
    # the status in the top corner while a page is computed, and the connection
    "Running...": "Bezig…",
    "Stop": "Stoppen",
    "Rerun": "Opnieuw",
    "Connecting": "Verbinden",
    "Please wait...": "Een ogenblik…",
    "Connection error": "Geen verbinding met het dashboard",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
        "Draait het dashboard nog? Start het opnieuw (bijvoorbeeld met `make run`) op de computer waarop het draait:",
    # page frame
    "Skip to main content": "Naar de inhoud",
    "Sidebar": "Zijbalk",
    "App pages": "Pagina's",
    "Collapse sidebar": "Zijbalk inklappen",
    "Expand sidebar": "Zijbalk uitklappen",
    "Main menu": "Menu",
    "Link to heading": "Link naar dit kopje",
    "Copy to clipboard": "Kopiëren",
    # the (hidden) element toolbars, for a screen reader that would still find them
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Show/hide columns": "Kolommen tonen of verbergen",
    "Search": "Zoeken",
    "Show data": "Gegevens tonen",
    "Show chart": "Grafiek tonen",
    "Download as PNG": "Als PNG downloaden",
    "Download as CSV": "Als CSV downloaden",
    "Copy Vega-Lite spec": "Vega-Lite-specificatie kopiëren",
    # the column menu of a table (the ⋮ in a column header)
    "Sort ascending": "Oplopend sorteren",
    "Sort descending": "Aflopend sorteren",
    "Format": "Opmaak",
    "Automatic": "Automatisch",
    "Localized": "Volgens de taal van de browser",
    "Autosize": "Breedte aanpassen",
    "Pin column": "Kolom vastzetten",
    "Unpin column": "Kolom losmaken",
    "Hide column": "Kolom verbergen",
    "Copy": "Kopiëren",
    "Statistics": "Statistieken",
    "Average": "Gemiddelde",
    "Median": "Mediaan",
    "Distinct": "Verschillende waarden",
    "Empty": "Leeg",
    "Values": "Waarden",
    "25th percentile": "25e percentiel",
    "75th percentile": "75e percentiel",
    "Minimum length": "Kortste tekst",
    "Maximum length": "Langste tekst",
    "Average length": "Gemiddelde lengte",
    "Standard deviation": "Standaarddeviatie",
    "Sum": "Som",
    "Range": "Bereik",
    "Count": "Aantal",
    "Copy column name": "Kolomnaam kopiëren",
    "Dataframe column menu": "Kolommenu",
    "Plain": "Gewoon",
    "Percent": "Procent",
    "Scientific": "Wetenschappelijk",
    # what a screen reader says of a chart that has no description of its own
    "Vega visualization": "Grafiek",
    "visualization": "grafiek",
}
# Texts with a name of ours in them: (JavaScript regular expression, Dutch with $1 for that name).
ENGLISH_PATTERNS_TO_DUTCH = [
    (r"^Remove (.+)$", "$1 verwijderen"),  # the × on a chosen wijk in a multiselect
    (r"^You can only select up to (\d+) options?\. Remove an option first\.$",
     "U kunt er hoogstens $1 kiezen. Haal er eerst een weg."),  # a multiselect at its max_selections
    (r"^View (\d+) more$", "Nog $1 tonen"),  # the page list in the sidebar, once it is long
    (r"^Help for (.+)$", "Uitleg bij $1"),
    (r"^Fullscreen: (.+)$", "Volledig scherm: $1"),
    (r"^Download as PNG: (.+)$", "Als PNG downloaden: $1"),
    (r"^Copy Vega-Lite spec: (.+)$", "Vega-Lite-specificatie kopiëren: $1"),
    (r"^Show data: (.+)$", "Gegevens tonen: $1"),
    (r"^(\w+) mark container$", "grafiekdeel"),  # Vega's role description of a group of marks
]
# A material icon beside our text is announced by its English name ("science icon"): it is decoration, so a screen
# reader skips it instead.
ICON_LABEL = r"^[a-z0-9_]+ icon$"

TRANSLATED_ATTRIBUTES = ("aria-label", "title", "placeholder", "aria-roledescription")

# Why each rule: see the module's docstring. Our scripts' elements (this one, and app/selection.py's history
# script: ids 'monitor-…') have no height, but the column's gap (1rem) would still push the page down, also on a
# slide that must fit the beamer: they are taken out of the flow.
CSS = """
<style>
[data-testid="stElementToolbar"] { display: none !important; }
.vega-embed > details, .vega-embed .vega-actions { display: none !important; }
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script[id^="monitor-"]) {
  display: none !important;
}
/* A metric's change wraps instead of ending in '…': on a narrow tile (two per half page at 1280 px) the end of
   '-0,2 per 1.000 inwoners sinds 2023' is the part that says since when. */
[data-testid="stMetricDelta"] div, [data-testid="stMetricDelta"] p { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
</style>
"""

SCRIPT = """
<script id="monitor-dutch-chrome">
(() => {
  const root = document.documentElement;
  root.lang = "nl";
  if (window.__monitorDutchChrome) return;  // st.html runs this again on every rerun: one observer is enough
  window.__monitorDutchChrome = true;
  const words = %(words)s;
  const attributes = %(attributes)s;
  const patterns = %(patterns)s.map(([source, dutch]) => [new RegExp(source), dutch]);
  const iconLabel = new RegExp(%(icon_label)s);
  const dutch = (text) => {
    if (!text) return null;
    const trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(words, trimmed)) return text.replace(trimmed, words[trimmed]);
    for (const [pattern, replacement] of patterns) {
      if (pattern.test(trimmed)) return trimmed.replace(pattern, replacement);
    }
    return null;
  };
  const translateText = (node) => {
    // Markdown is ours (and partners'): never touched, even where it happens to read "Open" or "Search".
    if (node.parentElement && node.parentElement.closest('[data-testid="stMarkdownContainer"]')) return;
    const text = dutch(node.nodeValue);
    if (text !== null && text !== node.nodeValue) node.nodeValue = text;
  };
  const translateElement = (element) => {
    if (iconLabel.test(element.getAttribute("aria-label") || "")) {
      element.removeAttribute("aria-label");
      element.setAttribute("aria-hidden", "true");
    }
    for (const name of attributes) {
      const text = dutch(element.getAttribute(name));
      if (text !== null && text !== element.getAttribute(name)) element.setAttribute(name, text);
    }
  };
  const translate = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { translateText(node); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    translateElement(node);
    node.querySelectorAll("[" + attributes.join("],[") + "]").forEach(translateElement);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) translateText(walker.currentNode);
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "childList") mutation.addedNodes.forEach(translate);
      else if (mutation.type === "characterData") translateText(mutation.target);
      else if (mutation.attributeName === "lang") { if (root.lang !== "nl") root.lang = "nl"; }
      else translateElement(mutation.target);
    }
  }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true,
                    attributeFilter: [...attributes, "lang"]});
  translate(document.body);
})();
</script>
"""


def chrome_html() -> str:
    """The one st.html body: the CSS and the script with the words filled in (as JSON: no text can break out)."""
    script = SCRIPT % {
        "words": _json(ENGLISH_TO_DUTCH), "attributes": _json(list(TRANSLATED_ATTRIBUTES)),
        "patterns": _json(ENGLISH_PATTERNS_TO_DUTCH), "icon_label": _json(ICON_LABEL),
    }
    return CSS + script


def _json(value) -> str:
    # "</" inside a script would end it early; none of our words has it, but the escape costs nothing.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def dutch_chrome() -> None:
    """Dutch language and Dutch Streamlit texts in the browser, and no toolbar past our downloads (see above)."""
    st.html(chrome_html(), unsafe_allow_javascript=True)
