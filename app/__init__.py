"""The Streamlit dashboard. Entry point: app/streamlit_app.py."""
