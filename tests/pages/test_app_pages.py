"""Every page of the app runs without exception under AppTest and shows its key elements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 180
APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _map_script(at: AppTest) -> str:
    """The folium script st_folium received (AppTest sees it as a custom component)."""
    for node in at.get("component_instance"):
        args = getattr(node.proto, "json_args", "")
        if "leaflet" in args.lower() or "L.map" in args:
            return json.loads(args).get("script", args)
    raise AssertionError("no map component on the page")


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
    assert "corridors shown" in caption and "17 of 17" not in caption
    assert "Land and sea to Europe via Mand Balo" in _map_script(at)  # it has a sea leg
    assert "Afghanistan via Chaman" not in _map_script(at)


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
