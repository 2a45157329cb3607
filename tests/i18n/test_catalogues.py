"""The catalogues: complete for the Awareness page, the sheets and the navigation; drafts marked."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import PROJECT_DIR, format_date, format_number, read_catalogue
from scripts import catalogues

PAGE = str(PROJECT_DIR / "pages" / "awareness.py")


def test_extraction_finds_page_sheet_navigation_and_data_texts():
    app, sheets = catalogues.app_messages(), catalogues.sheet_messages()
    assert {"Awareness targeting", "Weights", "Top {n} districts"} <= app
    assert {"Route map", "Briefing pack"} <= catalogues.navigation_messages()
    assert {"Why this district", "Campaign languages"} <= sheets
    with (PROJECT_DIR / "data" / "message_themes.csv").open(encoding="utf-8") as handle:
        themes = {row["theme"] for row in csv.DictReader(handle)}
    assert themes <= sheets


@pytest.mark.parametrize("code", ["ur", "pa", "sd"])
def test_every_catalogue_is_complete_and_compiles(code):
    wanted = catalogues.sheet_messages() | catalogues.navigation_messages()
    if code == "ur":
        wanted |= catalogues.app_messages()
    assert catalogues.problems(code, wanted) == []


@pytest.mark.parametrize("code", ["ur", "pa", "sd"])
def test_written_translations_are_marked_as_drafts(code):
    entries = read_catalogue(code).entries
    assert entries and all(entry.draft for entry in entries.values())


def test_numbers_follow_the_language():
    assert format_number(1234.5, "en", digits=1) == "1,234.5"
    assert format_number(1234.5, "ur", digits=1) == "1,234.5"
    assert format_number(1234.5, "sd", digits=1) == "1٬234٫5"  # Sindhi separators (CLDR)
    assert "دسمبر" in format_date(dt.date(2011, 12, 1), "ur")
    assert "ڊسمبر" in format_date(dt.date(2011, 12, 1), "sd")
    assert format_date(dt.date(2011, 12, 1), "en") == "December 1, 2011"


def _texts(at: AppTest) -> list[str]:
    texts = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "warning")
             for e in getattr(at, kind)]  # fmt: skip
    for kind in ("slider", "radio", "selectbox", "number_input", "select_slider", "toggle"):
        texts += [e.label for e in getattr(at, kind)]
    texts += [e.label for e in at.expander]
    return [str(t) for t in texts]


def test_the_urdu_page_shows_no_english_ui_string():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["language"] = "ur"
    at.session_state["aw_draws"] = 100
    at.run()
    assert not at.exception, at.exception
    texts = _texts(at)
    assert at.title[0].value == read_catalogue("ur").entries["Awareness targeting"].text
    # The draft notice is shown in Urdu and, on purpose, in English too.
    english = {m for m in catalogues.app_messages() if len(m) > 5 and "{" not in m}
    english.discard("Draft translation: have a native speaker review it before printing.")
    urdu = {e.text for e in read_catalogue("ur").entries.values()}
    leaked = [m for m in english - urdu for t in texts if m in t]
    assert sorted(set(leaked)) == [], "; ".join(sorted(set(leaked)))
    assert any("Draft translation" in w.value for w in at.warning)  # drafts say so in English too
