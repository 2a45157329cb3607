"""What the live Route map sends: a small fixed frame, overlays per view, geometry fetched once."""

from __future__ import annotations

import dataclasses
import json
import re

import folium
import pytest

from geo.corridors import load_corridors, load_legs
from geo.currency import load_rates
from geo.roles import load_district_roles
from layers.basemap import OFFLINE_NAME
from layers.corridors import corridor_features
from layers.districts import role_highlight
from layers.remote import DATA_DIR, write_data_file
from layers.route_map import RouteMapOptions, live_base_map, live_overlays

SPEC = re.compile(r"window\.raRemote\([^,]+, (\{.*?\})\);")


def _render(groups) -> str:
    """The page the overlays make on an empty map (what the browser runs for them)."""
    m = folium.Map(tiles=None)
    for group in groups:
        group.add_to(m)
    return m.get_root().render()


def _specs(text: str) -> dict[str, dict]:
    return {spec["id"]: spec for spec in map(json.loads, SPEC.findall(text))}


@pytest.fixture(scope="module")
def frame_html() -> str:
    return live_base_map().get_root().render()


def test_the_frame_embeds_no_heavy_geometry_and_shows_no_base_layer(frame_html):
    assert len(frame_html.encode()) < 40_000  # the standalone map is about 1,000 KB
    specs = _specs(frame_html)
    assert {"basemap_countries", "basemap_provinces"} <= set(specs)
    assert "L.tileLayer" in frame_html
    assert not re.search(r"tile_layer_[0-9a-f]+\s*\.addTo\(", frame_html)  # none shown yet
    assert "window.raChooseBase" in frame_html


def test_the_frame_is_the_same_for_every_build():
    first = live_base_map().get_root().render()
    again = live_base_map().get_root().render()
    strip = re.compile(r"_[0-9a-f]{32}")  # folium's random element ids
    assert strip.sub("", first) == strip.sub("", again)


def test_fetched_files_hold_every_district_with_its_popup():
    text = _render(live_overlays(RouteMapOptions(), rates=load_rates()))
    url = _specs(text)["districts"]["url"]
    data = json.loads((DATA_DIR / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert len(data["features"]) == 126
    assert all(f["properties"]["popup"] and f["properties"]["tooltip"] for f in data["features"])


def test_a_view_sends_the_chosen_districts_and_corridors_only():
    roles = load_district_roles()
    options = RouteMapOptions(
        role="destination_affinity", detail="Spain", corridor_ids=frozenset({"air_dubai"})
    )
    specs = _specs(_render(live_overlays(options, rates=load_rates())))
    expected, colour = role_highlight(roles, role="destination_affinity", detail="Spain")
    assert set(specs["districts"]["match"][1]) == expected and expected
    assert specs["districts"]["match"][2]["fillColor"] == colour
    assert specs["corridors"]["only"] == ["corridor_id", ["air_dubai"]]
    assert specs["corridor_arrows"]["only"] == ["corridor_id", ["air_dubai"]]


def test_the_view_names_its_basemap_and_stamps_itself_drawn():
    options = RouteMapOptions(basemap=OFFLINE_NAME)
    text = _render(live_overlays(options, rates=load_rates()))
    assert f"window.raChooseBase({json.dumps(OFFLINE_NAME)})" in text
    other = _render(live_overlays(RouteMapOptions(), rates=load_rates()))
    token = re.compile(r'window\.raDrawn = "([0-9a-f]{12})"')
    assert token.search(text) and token.search(other)
    assert token.search(text).group(1) != token.search(other).group(1)


def test_hostile_text_in_fetched_tooltips_is_escaped():
    corridor = load_corridors()[0]
    hostile = dataclasses.replace(corridor, name="<img src=x onerror=alert(1)>`${x}`")
    legs, _arrows = corridor_features([hostile], load_legs())
    tooltip = legs["features"][0]["properties"]["tooltip"]
    assert "<img" not in tooltip and "&lt;img" in tooltip
    url = write_data_file("test-hostile", legs)
    written = (DATA_DIR / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert "<img" not in written.split('"popup"')[0]


def test_a_data_file_is_named_by_its_content(tmp_path):
    one = write_data_file("x", {"a": 1}, directory=tmp_path)
    same = write_data_file("x", {"a": 1}, directory=tmp_path)
    other = write_data_file("x", {"a": 2}, directory=tmp_path)
    assert one == same != other
    assert len(list(tmp_path.glob("data-x-*.json"))) == 2
