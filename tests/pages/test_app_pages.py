"""Every page of the app runs without exception under AppTest and shows its key elements."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.corridors import load_corridors

ALL_SHOWN = f"{len(load_corridors())} of {len(load_corridors())}"
"""The caption when no filter hides a corridor, counted from the data."""

TIMEOUT = 180
APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _map_args(at: AppTest) -> dict:
    """The arguments st_folium sent to the browser (AppTest sees a custom component)."""
    for node in at.get("component_instance"):
        args = getattr(node.proto, "json_args", "")
        if "leaflet" in args.lower() or "L.map" in args:
            return json.loads(args)
    raise AssertionError("no map component on the page")


def _map_script(at: AppTest) -> str:
    """Everything the map draws: its frame, the overlays of the view and the layer control."""
    args = _map_args(at)
    return "\n".join(args.get(part) or "" for part in ("script", "feature_group", "layer_control"))


def _remote_spec(at: AppTest, layer_id: str) -> dict:
    """What the view tells one fetched layer to draw (``layers.remote.RemoteGeoJson``)."""
    for text in re.findall(r"window\.raRemote\([^,]+, (\{.*?\})\);\n", _map_script(at)):
        spec = json.loads(text)
        if spec["id"] == layer_id:
            return spec
    raise AssertionError(f"no fetched layer {layer_id!r} in the view")


def test_route_map_page_shows_map_with_layers(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Route map"
    script = _map_script(at)
    for layer in ("Source districts", "Transit corridors", "Border crossings"):
        assert layer in script


def test_role_choice_changes_the_legend(app):
    at = app.run()
    box = at.selectbox(key="route_role")
    spain = next(o for o in box.options if "Spain" in o)
    box.select(spain).run()
    assert not at.exception
    assert "Destination affinity: Spain" in _map_script(at)


def test_filters_narrow_the_corridors(app):
    at = app.run()
    at.multiselect(key="route_modes").select("sea").run()
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "corridors shown" in caption and ALL_SHOWN not in caption
    drawn = set(_remote_spec(at, "corridors")["only"][1])
    assert "land_mand_balo_europe" in drawn  # it has a sea leg
    assert "inbound_chaman" not in drawn


def test_currency_choice_reaches_the_cost_layer(app):
    at = app.run()
    at.sidebar.selectbox(key="currency").select("USD").run()
    assert not at.exception
    assert "Cost estimates (USD)" in _map_script(at)


def test_sources_page_lists_every_figure_with_provenance(app):
    at = app.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert {"Value", "Unit", "Period", "Section", "Quote", "Confidence"} <= set(table.columns)
    assert len(table) >= 30
    text = " ".join(m.value for m in at.markdown)
    assert "PACHTO" in " ".join(e.label for e in at.expander)
    assert "§2.4" in text


PAGES = [
    "pages/planner.py",
    "pages/awareness.py",
    "pages/costs.py",
    "pages/briefing.py",
    "pages/interceptions.py",
    "pages/data.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_from_the_app(app, page):
    at = app.run()
    at.switch_page(page).run()
    assert not at.exception, page
    assert at.title, page


def test_a_user_exchange_rate_reaches_the_map_and_is_labelled(app):
    at = app.run()
    at.sidebar.selectbox(key="currency").select("USD")
    at.number_input(key="rate_PKR").set_value(100.0).run()
    assert not at.exception
    script = _map_script(at)
    assert "approximately 300 USD" in script  # 30,000 PKR at 100 PKR per USD
    assert "entered by the user" in script
