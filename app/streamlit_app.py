"""Monitor Sociaal Domein — the dashboard. Run with `make run` (or `streamlit run app/streamlit_app.py`).

With ?presentatie=1 in the URL the app becomes a slide show for the gemeenteraad:
no sidebar or toolbar, large type, one slide per URL (opgave, dia).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# `streamlit run` puts app/ on the path, not the project root; the project is
# installed editable, but this keeps a plain checkout working too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from app import chrome, data, layout, selection  # noqa: E402

# An emoji, not a ':material/…:' icon: Streamlit fetches a material page icon from a Google server in every
# visitor's browser, and the dashboard contacts nothing outside this machine. Page icons (st.Page) are drawn
# with the font Streamlit serves itself.
st.set_page_config(page_title="Monitor Sociaal Domein", page_icon="📊", layout="wide")
chrome.dutch_chrome()  # lang="nl", Streamlit's own texts in Dutch, no toolbar past our downloads: pages and slides
selection.keep_one_history_entry_per_action()  # Back and Forward: one step per choice

PAGES = [
    st.Page("views/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("views/wijkprofiel.py", title="Wijkprofiel", icon=":material/location_city:", url_path="wijkprofiel"),
    st.Page("views/opgaven.py", title="Opgaven", icon=":material/account_tree:", url_path="opgaven"),
    st.Page("views/wijkvergelijking.py", title="Wijkvergelijking", icon=":material/compare:",
            url_path="wijkvergelijking"),
    st.Page("views/tellen_en_vertellen.py", title="Tellen en vertellen", icon=":material/forum:",
            url_path="tellen-en-vertellen"),
    st.Page("views/financien.py", title="Financiën", icon=":material/euro:", url_path="financien"),
    st.Page("views/bronnen.py", title="Bronnen en kwaliteit", icon=":material/fact_check:", url_path="bronnen"),
    st.Page("views/presentatie.py", title="Presentatie", icon=":material/slideshow:", url_path="presentatie"),
]

if selection.is_presentation():
    # Whatever page the link names, a presentation link shows the slides, full screen.
    navigation = st.navigation([st.Page("views/presentatie.py", title="Presentatie", default=True)],
                               position="hidden")
    layout.presentation_style()
else:
    navigation = st.navigation(PAGES)

try:
    info = data.monitor_info()
except data.WarehouseUnavailable as problem:
    layout.warehouse_unavailable(str(problem))
    st.stop()

if pending := data.pending_migrations():
    layout.warehouse_outdated(pending)
    st.stop()

if info["is_demo"]:
    layout.demo_banner(compact=selection.is_presentation())
if not selection.is_presentation():
    st.sidebar.caption(f"{info.get('title', 'Monitor Sociaal Domein')}  \n"
                       f"Gemeente {info.get('gemeente_name')} ({info.get('gemeente_code')})")

try:
    navigation.run()
except data.WarehouseUnavailable as problem:  # the warehouse went away or got locked while the page was read
    layout.warehouse_unavailable(str(problem))
except Exception:
    # Never a traceback on screen (it shows server paths and helps nobody in the raadzaal): a message that says
    # what to do, and the traceback in the server's log for the beheerder. st.stop() and st.rerun() raise
    # BaseExceptions, not Exceptions, so they pass through as Streamlit needs them to.
    logging.getLogger("monitor.app").exception("pagina %s faalde", navigation.title)
    layout.page_failed()
