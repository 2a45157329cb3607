"""Imported records reach the Route map as aggregated layers, suppressed for the public."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.records.importer import import_file
from geo.records.store import RecordStore
from layers.route_map import districts_url
from tests.records.helpers import csv_bytes, many_rows, row

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = RecordStore(tmp_path / "records.sqlite")
    rows = many_rows(300) + [row(place="Jiwani", count="2", note=HOSTILE)]
    import_file(store, csv_bytes(rows), file_name="seed.csv", user="test")
    return store


def _component(at: AppTest) -> dict:
    for node in at.get("component_instance"):
        args = json.loads(node.proto.json_args)
        if "script" in args:
            return args
    raise AssertionError("no map component")


def test_records_by_place_are_added_to_the_live_map(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    args = _component(at)
    layer = args["feature_group"]
    assert layer and "circleMarker" in layer
    assert "Interception records" in layer
    assert '"Jiwani","&lt;5"' in layer  # a public session sees 2 persons as <5


def test_records_by_district_form_a_choropleth(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.radio(key="route_records_by").set_value("by district").run()
    assert not at.exception
    layer = _component(at)["feature_group"]
    # Drawn on the districts file the live map fetched: colours and tooltips only, no shapes.
    assert "window.raRemote(" in layer and districts_url() in layer
    assert '"id":"records_districts"' in layer
    assert '"each":["district",{' in layer and "persons" in layer
    assert '"coordinates"' not in layer and '"type":"Polygon"' not in layer


def test_without_records_the_page_says_where_to_load_them(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    assert any("No interception records" in c.value for c in at.caption)
    drawn = _component(at)["feature_group"]  # the view's own overlays, and no records layer
    assert "Interception records" not in drawn and "persons in the records" not in drawn


def test_planner_can_weight_flows_by_stored_records(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = RecordStore(tmp_path / "records.sqlite")
    rows = [
        row(origin_district="Gujrat", corridor="land_mand_balo_europe", count="40"),
        row(origin_district="Quetta", corridor="air_dubai_christmas_island", count="12"),
    ]
    import_file(store, csv_bytes(rows), file_name="flows.csv", user="test")
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/planner.py").run()
    assert not at.exception
    at.checkbox(key="pl_use_store").check().run()
    assert not at.exception
    notes = " ".join(c.value for c in at.caption)
    assert "record" in notes.lower()


def test_awareness_counts_records_by_origin_district(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/awareness.py").run()
    assert not at.exception
    assert any("Interception records by origin district" in c.value for c in at.caption)
