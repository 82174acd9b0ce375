"""The URL-backed choices on their own, in a tiny app: what a shared link does to them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def choices_app():
    import streamlit as st

    from app import selection

    wijken = {"WK034205": "Smitsveen", "WK034207": "Soesterberg", "WK034208": "Soest-Zuid"}
    st.session_state["one"] = selection.one("wijk", wijken, "Wijk", default="WK034207")
    st.session_state["many"] = selection.many("wijken", wijken, "Wijken", ["WK034205"], max_selections=2)


def run(**params) -> AppTest:
    app = AppTest.from_function(choices_app, default_timeout=30)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    return app


def test_without_a_link_the_defaults_are_chosen_and_written_to_the_url():
    app = run()
    assert app.session_state["one"] == "WK034207" and app.session_state["many"] == ["WK034205"]
    assert app.query_params["wijk"] == "WK034207" and app.query_params["wijken"] == "WK034205"
    assert not app.info


def test_a_link_decides_and_names_and_lower_case_codes_are_understood():
    app = run(wijk="soest-zuid", wijken="wk034207,Smitsveen")
    assert app.session_state["one"] == "WK034208"
    assert app.session_state["many"] == ["WK034207", "WK034205"]
    assert app.query_params["wijken"] == "WK034207,WK034205"  # written back in canonical form


def test_unknown_values_fall_back_with_a_notice_per_value():
    app = run(wijk="WK999999", wijken="WK034207,Atlantis")
    notices = [info.value for info in app.info]
    assert any("wijk 'WK999999'" in notice and "In plaats daarvan wordt Soesterberg getoond" in notice for notice in notices)
    assert any("wijken 'Atlantis'" in notice and "overgeslagen" in notice for notice in notices)
    assert app.session_state["one"] == "WK034207" and app.session_state["many"] == ["WK034207"]


def test_more_choices_than_allowed_are_cut_with_a_notice():
    app = run(wijken="WK034205,WK034207,WK034208")
    assert app.session_state["many"] == ["WK034205", "WK034207"]
    assert any("de eerste 2 worden getoond" in info.value for info in app.info)


def test_changing_the_widget_changes_the_url_and_an_empty_list_clears_it():
    app = run()
    app.selectbox[0].select("WK034205").run()
    assert app.query_params["wijk"] == "WK034205"
    app.multiselect[0].set_value([]).run()
    assert "wijken" not in app.query_params


def test_the_multiselect_speaks_dutch():
    app = run()
    assert app.multiselect[0].proto.placeholder == "Kies een of meer"
