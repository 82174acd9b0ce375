"""Text from partners, sources and links is shown as text, and nothing a link asks for breaks a page.

A partner's workbook can hold Markdown and HTML (by accident or on purpose): a
fake heading, a phishing link, an image on an outside server that every
visitor's browser would fetch. The pages get the hostile workbook through the
real partner loader, and every string they send to be rendered as Markdown is
checked: the reader sees the partner's text exactly as typed, and no link,
image, HTML or heading can come of it. Links with unknown or malformed values
give a short notice (or a few, not thousands), never an exception.
"""

from __future__ import annotations

import re
import time
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from app import data
from app.layout import PAGE_FAILED
from app.plain_text import SHORT_LIMIT, WORD_JOINER, markdown_safe
from app.selection import NOTICES_SHOWN

from app_pages import (APP, FAKE_HEADING, HOSTILE_ACTIVITY, HOSTILE_PARTNER, HOSTILE_STORY_BODY, HOSTILE_STORY_TITLE,
                       OUTSIDE_HOSTS, PHISHING_LINK, hostile_warehouse, markdown_sent, open_page, shown)
from conftest import PROJECT_ROOT

SMITSVEEN = "WK034205"  # the wijk of the hostile stories and activity

# Markdown that would turn text into something else on screen, if a partner's text carried it unescaped.
LIVE_MARKUP = {
    "a link or an image": re.compile(r"(?<!\\)\]\("),
    "HTML": re.compile(r"(?<!\\)<[A-Za-z/!]"),
    "a heading": re.compile(r"(?m)^ {0,3}#"),
    "a web or e-mail address that becomes a link": re.compile(r"https?://|www\.|\w@\w", re.IGNORECASE),
}

# (id, page, query parameters, partner texts the reader must see on it)
PAGES = [
    ("overzicht", None, {}, [HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY]),
    ("tellen-en-vertellen", "views/tellen_en_vertellen.py", {"opgave": "bestaanszekerheid", "wijk": SMITSVEEN},
     [HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY]),
    ("wijkprofiel", "views/wijkprofiel.py", {"wijk": SMITSVEEN}, [HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY]),
    ("dia-tellen-en-vertellen", None, {"presentatie": "1", "opgave": "bestaanszekerheid", "dia": "3"},
     [HOSTILE_STORY_TITLE, HOSTILE_STORY_BODY, HOSTILE_ACTIVITY, HOSTILE_PARTNER]),
]


@pytest.fixture(scope="module")
def hostile(soest_warehouse, tmp_path_factory):
    return hostile_warehouse(soest_warehouse, tmp_path_factory.mktemp("vijandig"))


def live_markup(text: str) -> list[str]:
    return [what for what, pattern in LIVE_MARKUP.items() if pattern.search(text)]


def carries_partner_text(text: str) -> bool:
    return FAKE_HEADING in text or any(host in shown(text) for host in OUTSIDE_HOSTS)


@pytest.mark.parametrize(("page", "params", "expected"), [page[1:] for page in PAGES], ids=[page[0] for page in PAGES])
def test_partner_texts_are_shown_as_plain_text(hostile, monkeypatch, page, params, expected):
    app = open_page(hostile, monkeypatch, page, **params)
    partner_markdown = [text for text in markdown_sent(app) if carries_partner_text(text)]
    assert partner_markdown, "the page shows the partner's texts"
    for text in partner_markdown:
        assert not live_markup(text), f"{live_markup(text)} in {text!r}"
    seen = "\n".join(shown(text).replace("  \n", "\n") for text in partner_markdown)
    for typed in expected:  # word for word, on the lines the partner typed
        for line in typed.split("\n"):
            assert line in seen, line


def test_escaping_keeps_the_words_and_breaks_every_construct():
    hostile = "# Kop\n- lijst\n1. een\n> citaat\n***\n[a](b) ![c](d) <i>e</i> `f` $g$ ~~h~~ | i | &amp; :red[j]"
    escaped = markdown_safe(hostile)
    assert shown(escaped).replace("  \n", "\n") == hostile
    assert not live_markup(escaped)
    for line in escaped.split("  \n"):
        assert re.match(r"[0-9]*\\", line), f"the line cannot start a heading, list or quote: {line!r}"
    assert markdown_safe("Soest 5,3% (2024) e.d.") == "Soest 5,3% \\(2024\\) e.d."
    assert markdown_safe(None) == ""
    assert markdown_safe("zie https://x.nl") == f"zie https:{WORD_JOINER}//x.nl"


# --- values in the link ------------------------------------------------------------------------------------------


def link_notices(app: AppTest) -> list[str]:
    return [notice.value for notice in app.info if "De link vraagt om" in notice.value or "in de link" in notice.value]


def test_a_link_value_is_shown_shortened_and_as_text(hostile, monkeypatch):
    asked = PHISHING_LINK + " " + "lange tekst " * 50
    app = open_page(hostile, monkeypatch, "views/wijkprofiel.py", wijk=asked)
    [notice] = link_notices(app)
    assert not live_markup(notice), notice
    assert f"wijk '{asked[:SHORT_LIMIT].rstrip()}…'" in shown(notice)
    assert "lange tekst lange tekst lange tekst lange tekst" not in shown(notice)
    assert app.selectbox[0].value != asked  # the default wijk instead


def test_thousands_of_unknown_values_give_a_few_notices_quickly(demo_warehouse, monkeypatch):
    unknown = ",".join(f"[wijk {number}](https://phish.example/{number})" for number in range(8000))
    started = time.perf_counter()
    app = open_page(demo_warehouse, monkeypatch, "views/wijkvergelijking.py", wijken=unknown)
    seconds = time.perf_counter() - started
    notices = link_notices(app)
    assert len(notices) == NOTICES_SHOWN + 1
    assert f"En {8000 - NOTICES_SHOWN} meer onbekende keuzes voor wijken" in notices[-1]
    assert all(not live_markup(notice) for notice in notices)
    assert seconds < 15, f"{seconds:.1f} s: a long link must not make the page slow"  # 8000 notices took 21 s


@pytest.mark.parametrize("asked", ["²", "٣", "1e3", "-1", "99999999999999999999", " 3 "])
def test_a_slide_number_that_is_no_plain_number_gives_a_notice(demo_warehouse, monkeypatch, asked):
    app = open_page(demo_warehouse, monkeypatch, None, presentatie="1", opgave="bestaanszekerheid", dia=asked)
    if asked.strip() == "3":
        assert "tellen en vertellen" in app.title[0].value and not link_notices(app)
        return
    assert any(f"dia '{asked}'" in shown(notice) for notice in link_notices(app))
    assert app.title[0].value == "2. Bestaanszekerheid", "the first slide of the opgave"


@pytest.mark.parametrize(("page", "params"), [
    ("views/wijkvergelijking.py", {"jaar": "٣"}),
    ("views/tellen_en_vertellen.py", {"jaar": "²"}),
])
def test_a_year_that_is_no_plain_number_gives_a_notice(demo_warehouse, monkeypatch, page, params):
    app = open_page(demo_warehouse, monkeypatch, page, **params)
    assert any(f"jaar '{params['jaar']}'" in shown(notice) for notice in link_notices(app))


# --- an unexpected error ------------------------------------------------------------------------------------------


def test_an_unexpected_error_shows_what_to_do_not_a_traceback(demo_warehouse, monkeypatch):
    def broken():
        raise RuntimeError("kapot in /home/analyst/monitor/app/data.py")

    monkeypatch.setenv("MONITOR_WAREHOUSE", str(demo_warehouse))
    monkeypatch.setattr(data, "stories", broken)
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    [error] = [element.value for element in app.error]
    assert error == PAGE_FAILED and "Vernieuw de pagina" in error
    assert "/home/analyst" not in "\n".join(markdown_sent(app))


def test_streamlit_shows_no_error_details_either():
    """Streamlit's own error display, for what a page cannot catch (a callback): no type, message or traceback."""
    settings = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"
