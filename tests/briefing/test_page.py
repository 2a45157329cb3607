"""The Briefing page: reads the shared view, builds three files, never shows a traceback, and
drops a pack built while logged in once that session has ended."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from geo.briefing.model import VINTAGE
from geo.corridors import load_corridors
from geo.records.access import create_user, login, logout
from geo.records.importer import import_file
from geo.records.store import RecordStore
from layers.route_map import RouteMapOptions
from render.pack import DECK_NAME, HTML_NAME, PDF_NAME
from tests.briefing.conftest import plan_frame, target_districts
from tests.records.helpers import csv_bytes, row

PAGE = "../../pages/briefing.py"


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=240)
    at.session_state["currency"] = "USD"
    return at


def test_sections_offer_supplied_tables_only_when_present(page):
    page.run()
    assert not page.exception
    picker = page.multiselect(key="briefing_sections")
    assert "Target districts" not in picker.options  # options show the section titles
    assert "Route map" in picker.options
    assert any("Public pack" in box.value for box in page.info)

    page.session_state["target_districts"] = target_districts(21)
    page.run()
    assert "Target districts" in page.multiselect(key="briefing_sections").options


def test_public_pack_with_plan_and_21_column_targets_holds_both(page, tmp_path):
    page.session_state["target_districts"] = target_districts(21)
    page.session_state["checkpoint_plan"] = plan_frame(3)
    corridors = load_corridors()
    one = corridors[0]
    page.session_state["route_map_view"] = RouteMapOptions(
        corridor_ids=frozenset({one.corridor_id})
    )
    page.run()
    page.button(key="build_pack").click()
    page.run()
    assert not page.exception, page.exception
    assert not page.error, [e.value for e in page.error]
    stored = page.session_state["briefing_files"]
    files = stored["files"]
    assert set(files) == {DECK_NAME, PDF_NAME, HTML_NAME}
    assert files[PDF_NAME][:5] == b"%PDF-"
    html = files[HTML_NAME].decode("utf-8")
    assert VINTAGE in html and "as on screen" in html
    assert one.name in html  # the HTML map holds the corridor on screen and no other
    assert not [c.name for c in corridors[1:] if c.name in html]
    deck = Presentation(io.BytesIO(files[DECK_NAME]))
    text = "\n".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    )
    assert "Checkpoint plan" in text and "Target districts" in text and "Public pack" in text
    assert len([b for b in page.get("download_button")]) == 3
    assert not list(tmp_path.glob("briefing_*"))  # the work folder is cleaned up


def test_a_pack_built_while_logged_in_is_dropped_once_the_session_ends(page):
    page.session_state["briefing_files"] = {
        "files": {PDF_NAME: b"%PDF-1.4 analyst"},
        "withheld": (),
        "token": "token-of-a-session-that-ended",
    }
    page.run()
    assert not page.exception
    assert "briefing_files" not in page.session_state
    assert not page.get("download_button")
    assert any("session has ended" in c.value for c in page.caption)


def test_an_unreadable_plan_is_named_not_raised(page):
    page.session_state["checkpoint_plan"] = {"not": "a plan"}
    page.run()
    assert not page.exception
    assert any("Checkpoint planner" in c.value for c in page.caption)


def _texts(files) -> str:
    deck = Presentation(io.BytesIO(files[DECK_NAME]))
    return "\n".join(
        " | ".join(c.text for r in shape.table.rows for c in r.cells)
        if shape.has_table
        else shape.text_frame.text
        for s in deck.slides
        for shape in s.shapes
        if shape.has_table or shape.has_text_frame
    )


def test_records_go_in_exact_for_an_analyst_suppressed_for_the_public_and_leave_on_logout(
    page, tmp_path
):
    store = RecordStore(tmp_path / "records.sqlite")
    rows = [row(crime_type="TIP", count="2", note="a"), row(crime_type="SOM", count="40", note="b"),
            row(crime_type="SOM", count="9", place="Gwadar", note="c")]  # fmt: skip
    assert import_file(store, csv_bytes(rows), file_name="seed.csv", user="test").accepted == 3
    sections = ["title", "records"]

    page.run()
    page.multiselect(key="briefing_sections").set_value(sections)
    page.button(key="build_pack").click()
    page.run()
    assert not page.exception and not page.error
    public = _texts(page.session_state["briefing_files"]["files"])
    assert "Crime type | TIP | <5 | Agency record, imported on " in public
    assert "by an agency administrator" in public and "by test" not in public  # no account
    assert "| 2 |" not in public and "| 2\n" not in public

    create_user(store, "analyst1", "a long enough password", role="analyst")
    token = login(store, "analyst1", "a long enough password").token
    page.session_state["auth"] = token
    page.run()
    page.multiselect(key="briefing_sections").set_value([*sections, "record_rows"])
    page.button(key="build_pack").click()
    page.run()
    assert not page.exception and not page.error
    analyst = _texts(page.session_state["briefing_files"]["files"])
    assert "Crime type | TIP | 2 | Agency record, imported on " in analyst
    assert "Analyst pack" in analyst and " by test" in analyst
    assert "Interception records: latest rows" in analyst and "Gwadar" in analyst

    logout(store, token)  # the session ends (on another tab, or it expired)
    page.run()
    assert "briefing_files" not in page.session_state
    assert not page.get("download_button")
