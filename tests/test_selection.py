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


# --- choices follow the user from page to page ------------------------------------------------------------------

def two_pages_app():
    """Two 'pages' in one script, as the dashboard has them: which one runs is a session value, and the URL is
    emptied when the page changes (Streamlit does that on a page switch)."""
    import streamlit as st

    from app import selection

    wijken = {"WK034205": "Smitsveen", "WK034207": "Soesterberg", "WK034208": "Soest-Zuid"}
    if st.session_state.get("page") != st.session_state.get("page_shown"):
        # Each page has its own widgets (app.selection keys them per page); these 'pages' share one script, so the
        # widgets of the page left are forgotten here, as Streamlit forgets them on a real page switch.
        for key in [key for key in st.session_state if key.startswith(("keuze_one_", "keuze_many_"))]:
            del st.session_state[key]
        st.session_state["page_shown"] = st.session_state.get("page")
    if st.session_state.get("page") == "tellen":
        st.session_state["wijk"] = selection.one("wijk", {"GM0342": "heel Soest"} | wijken, "Wijk", default="GM0342")
        st.session_state["jaar"] = selection.one("jaar", {"alle": "Alle jaren", "2024": "2024"}, "Jaar", default="alle")
    elif st.session_state.get("page") == "opgaven":
        st.session_state["wijken"] = selection.many("wijken", wijken, "Wijken", [], max_selections=4)
    elif st.session_state.get("page") == "vergelijking":
        st.session_state["wijken"] = selection.many("wijken", wijken, "Wijken", ["WK034205", "WK034207"],
                                                    max_selections=4)
        st.session_state["jaar"] = selection.one("jaar", {"2024": "2024", "2022": "2022"}, "Jaar")
    else:
        st.session_state["wijk"] = selection.one("wijk", wijken, "Wijk", default="WK034205",
                                                 aliases={"GM0342": "WK034205"})


def go(app: AppTest, page: str) -> AppTest:
    app.session_state["page"] = page
    for name in list(app.query_params):
        del app.query_params[name]
    app.run()
    assert not app.exception
    return app


def test_a_wijk_chosen_on_one_page_is_the_wijk_on_the_next_and_in_its_url():
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    go(app, "wijkprofiel")
    assert app.session_state["wijk"] == "WK034205", "the page's default"
    app.selectbox[0].select("WK034208").run()
    go(app, "tellen")
    assert app.session_state["wijk"] == "WK034208", "not 'heel Soest': the wijk the user chose"
    assert app.query_params["wijk"] == "WK034208", "written to the URL, so a copied link shows the same"
    assert app.session_state["jaar"] == "alle"


def test_a_default_is_not_a_choice_and_heel_soest_does_not_empty_the_list_of_wijken():
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    go(app, "wijkprofiel")  # shows Smitsveen by default: nothing chosen
    go(app, "tellen")
    assert app.session_state["wijk"] == "GM0342"
    app.selectbox[0].select("WK034207").run()
    go(app, "opgaven")
    assert app.session_state["wijken"] == ["WK034207"]
    go(app, "tellen")
    app.selectbox[0].select("GM0342").run()  # heel Soest: no wijk, the list stays
    go(app, "opgaven")
    assert app.session_state["wijken"] == ["WK034207"]
    go(app, "wijkprofiel")
    assert app.session_state["wijk"] == "WK034207", "heel Soest is no wijk: the wijk from the list"


def test_one_wijk_and_a_list_of_wijken_follow_each_other():
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    go(app, "wijkprofiel")
    app.selectbox[0].select("WK034208").run()
    go(app, "vergelijking")
    # The chosen wijk first, then the page's own default to make up its two wijken side by side.
    assert app.session_state["wijken"] == ["WK034208", "WK034205"]
    app.multiselect[0].set_value(["WK034207", "WK034205"]).run()
    go(app, "wijkprofiel")
    assert app.session_state["wijk"] == "WK034207", "the wijk shown was not on the list: the first of the list"
    app.selectbox[0].select("WK034205").run()
    go(app, "opgaven")
    assert app.session_state["wijken"] == ["WK034207", "WK034205"], "the wijk is on the list: the list stays"


def test_a_year_follows_only_where_the_page_offers_it():
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    go(app, "vergelijking")
    app.selectbox[0].select("2022").run()
    go(app, "tellen")
    assert app.session_state["jaar"] == "alle", "2022 is not an option here: the page's default, no notice"
    assert not app.info
    app.selectbox[1].select("2024").run()
    go(app, "vergelijking")
    assert app.session_state["jaar"] == "2024"


def test_a_link_decides_over_the_remembered_choice_and_back_restores_the_earlier_url():
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    go(app, "wijkprofiel")
    app.selectbox[0].select("WK034208").run()
    app.query_params["wijk"] = "WK034207"  # Back in the browser, or a link pasted into the address bar
    app.run()
    assert app.session_state["wijk"] == "WK034207" and app.selectbox[0].value == "WK034207"
    go(app, "tellen")
    assert app.session_state["wijk"] == "WK034207", "what the link showed is remembered"


def test_the_gemeente_code_is_an_alias_not_an_unknown_wijk():
    app = run_two_pages("wijkprofiel", wijk="gm0342")
    assert app.session_state["wijk"] == "WK034205" and not app.info
    app = run_two_pages("tellen", wijk="GM0342")
    assert app.session_state["wijk"] == "GM0342" and not app.info


def run_two_pages(page: str, **params) -> AppTest:
    app = AppTest.from_function(two_pages_app, default_timeout=30)
    app.session_state["page"] = page
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    return app
