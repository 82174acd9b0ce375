"""Monitor Sociaal Domein — the dashboard. Run with `make run` (or `streamlit run app/streamlit_app.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts app/ on the path, not the project root; the project is
# installed editable, but this keeps a plain checkout working too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from app import data, layout  # noqa: E402

st.set_page_config(page_title="Monitor Sociaal Domein", page_icon=":material/monitoring:", layout="wide")

pages = [
    st.Page("views/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
]
navigation = st.navigation(pages)

try:
    info = data.monitor_info()
except data.WarehouseUnavailable as problem:
    layout.warehouse_unavailable(str(problem))
    st.stop()

if info["is_demo"]:
    layout.demo_banner()
st.sidebar.caption(f"{info.get('title', 'Monitor Sociaal Domein')}  \nGemeente {info.get('gemeente_name')} ({info.get('gemeente_code')})")

navigation.run()
