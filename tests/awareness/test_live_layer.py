"""The live awareness map: geometry in a fetched file, styles and tooltips in the view."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from layers import remote
from layers.awareness import COLOURS, NO_SCORE, TOP_OUTLINE, district_features
from layers.awareness_live import LAYER_ID, awareness_frame, districts_url, live_score_layer
from layers.basemap import OSM_NAME

HOSTILE = "<img src=x onerror=alert(1)>`${x}`"


@pytest.fixture()
def features() -> list[dict]:
    """Four unit squares in EPSG:4326, one with a hostile name."""
    frame = gpd.GeoDataFrame(
        {"district": ["Alpha", "Beta", HOSTILE, "Delta"], "province": ["P", "P", "Q", "Q"]},
        geometry=[box(60 + i, 30, 61 + i, 31) for i in range(4)],
        crs="EPSG:4326",
    )
    return district_features(frame, simplify=0)


@pytest.fixture()
def ranked() -> pd.DataFrame:
    return pd.DataFrame(
        {"district": ["Alpha", HOSTILE, "Beta"], "rank": [1, 2, 3], "score": [3.0, 2.0, 1.0]}
    )


def _call(html: str) -> str:
    found = re.search(r"window\.raRemote\([^,]+, (\{.*?\})\);\n", html)
    assert found, "the layer calls the remote runtime"
    return found.group(1)


def _spec(group: folium.FeatureGroup) -> dict:
    m = folium.Map(tiles=None)
    group.add_to(m)
    return dict(json.loads(_call(m.get_root().render())))


def test_the_geometry_file_holds_shapes_and_names_only(features):
    url = districts_url(features)
    written = json.loads((remote.DATA_DIR / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert [f["properties"] for f in written["features"]] == [
        {"district": name} for name in ("Alpha", "Beta", HOSTILE, "Delta")
    ]
    assert written["features"][0]["geometry"]["type"] == "Polygon"


def test_the_view_carries_styles_not_geometry(features, ranked):
    url = districts_url(features)
    layer, cmap = live_score_layer(url, features, ranked, top_n=2)
    m = folium.Map(tiles=None)
    layer.add_to(m)
    html = m.get_root().render()
    assert url in html
    assert "61.0, 30.0" not in html and "[61.0,30.0]" not in html  # no coordinates embedded
    spec = _spec(layer)
    assert spec["id"] == LAYER_ID and spec["each"][0] == "district"
    each = spec["each"][1]
    assert each["Alpha"][0]["fillColor"].lower() == cmap(3.0).lower()
    assert each["Alpha"][0]["fillColor"].lower()[:3] == COLOURS[-1][:3]  # highest: dark end
    assert each["Delta"][0]["fillColor"] == NO_SCORE  # not ranked


def test_rank_equal_to_top_n_is_outlined_and_the_next_is_not(features, ranked):
    layer, _ = live_score_layer(districts_url(features), features, ranked, top_n=2)
    each = _spec(layer)["each"][1]
    at_cut, below = each[HOSTILE], each["Beta"]  # ranks 2 and 3
    assert at_cut[2] is True and at_cut[0]["color"] == TOP_OUTLINE
    assert below[2] is False and below[0]["color"] != TOP_OUTLINE


def test_hostile_names_reach_the_browser_escaped(features, ranked):
    layer, _ = live_score_layer(districts_url(features), features, ranked, top_n=1)
    m = folium.Map(tiles=None)
    layer.add_to(m)
    html = m.get_root().render()
    assert "<img" not in html  # the name is a JSON key (matched to the file), never markup
    assert "`" not in _call(html)  # and cannot close a template literal
    tooltip = _spec(layer)["each"][1][HOSTILE][1]
    assert "&lt;img" in tooltip and "<img" not in tooltip


def test_a_district_without_a_name_is_refused(ranked):
    with pytest.raises(ValueError, match="district"):
        districts_url([{"type": "Feature", "geometry": None, "properties": {"name": "x"}}])


def test_the_frame_embeds_no_basemap_geometry_and_has_the_screen_rules() -> None:
    html = awareness_frame(basemap=OSM_NAME).get_root().render()
    assert "window.raFetch" in html  # the offline basemap is fetched
    assert "data-basemap-countries" in html
    assert '"type":"FeatureCollection"' not in html and "MultiPolygon" not in html
    assert "@media (max-width:" in html and "autoPanPaddingTopLeft" in html
    assert len(html.encode("utf-8")) < 60_000
