"""The Briefing page: section picker, one-click build with progress, three downloads."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.briefing.content import VINTAGE
from geo.briefing.pack import DECK_NAME, HTML_NAME, PDF_NAME
from tests.briefing.conftest import target_districts

PAGE = "../../pages/briefing.py"


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["currency"] = "USD"
    return at


def test_sections_offer_supplied_tables_only_when_present(page):
    page.run()
    assert not page.exception
    picker = page.multiselect(key="briefing_sections")
    assert "Target districts" not in picker.options  # options show the section titles
    assert "Route map" in picker.options
    assert any("Public pack" in box.value for box in page.info)

    page.session_state["target_districts"] = target_districts()
    page.run()
    assert "Target districts" in page.multiselect(key="briefing_sections").options


def test_one_click_builds_three_files(page, tmp_path):
    page.session_state["target_districts"] = target_districts()
    page.run()
    page.multiselect(key="briefing_sections").set_value(
        ["title", "route_map", "officer_load", "target_districts", "sources"]
    )
    page.button(key="build_pack").click()
    page.run()
    assert not page.exception, page.exception
    assert not page.error
    files = page.session_state["briefing_files"]
    assert set(files) == {DECK_NAME, PDF_NAME, HTML_NAME}
    assert files[DECK_NAME][:2] == b"PK" and files[PDF_NAME][:5] == b"%PDF-"
    assert VINTAGE in files[HTML_NAME].decode("utf-8")
    labels = [b.proto.label for b in page.get("download_button")]
    assert len(labels) == 3
    assert not list(tmp_path.glob("briefing_*"))  # the work folder is cleaned up


def test_record_level_data_is_refused_in_public_mode(page):
    page.session_state["target_districts"] = pd.DataFrame(
        {"record_id": ["a1", "a2"], "district": ["Gujrat", "Jhelum"]}
    )
    page.run()
    page.multiselect(key="briefing_sections").set_value(["title", "target_districts"])
    page.button(key="build_pack").click()
    page.run()
    assert page.error and "record-level" in page.error[0].value
    assert "briefing_files" not in page.session_state
    assert not page.get("download_button")
