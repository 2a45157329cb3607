"""The awareness map layer, rendered to HTML."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from layers.awareness import COLOURS, NO_SCORE, awareness_layer, awareness_map


@pytest.fixture()
def polygons() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "district": ["Alpha", "Beta", "<script>alert(1)</script>", "Delta"],
            "province": ["P", "P", "Q & R", "Q"],
        },
        geometry=[box(i, 0, i + 1, 1) for i in range(4)],
        crs="EPSG:4326",
    )


@pytest.fixture()
def ranked() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "district": ["Alpha", "<script>alert(1)</script>", "Beta"],
            "rank": [1, 2, 3],
            "score": [3.0, 2.0, 1.0],
        }
    )


def features(layer) -> list[dict]:
    geojson = next(iter(layer._children.values()))
    return geojson.data["features"]


def test_style_is_data_and_top_n_outlined(polygons, ranked):
    layer, cmap = awareness_layer(polygons, ranked, top_n=2, simplify=0)
    styles = {
        f["properties"]["tooltip"].split("</b>")[0]: f["properties"]["style"]
        for f in features(layer)
    }
    alpha, beta = styles["<b>Alpha"], styles["<b>Beta"]
    delta = styles["<b>Delta"]
    assert alpha["weight"] > beta["weight"]  # Alpha in top 2, Beta not
    assert alpha["fillColor"].lower().startswith(COLOURS[-1][:3])  # highest score, dark end
    assert alpha["fillColor"] != beta["fillColor"]
    assert delta["fillColor"] == NO_SCORE
    assert (cmap.vmin, cmap.vmax) == (1.0, 3.0)


def test_tooltips_are_escaped(polygons, ranked):
    layer, _ = awareness_layer(polygons, ranked, top_n=1)
    tips = [f["properties"]["tooltip"] for f in features(layer)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in t for t in tips)
    assert any("Q &amp; R" in t for t in tips)
    assert not any("<script>" in t for t in tips)
    # raw names are not carried in the feature properties at all
    assert all(set(f["properties"]) == {"tooltip", "style"} for f in features(layer))


def test_rendered_html_has_no_raw_script_and_has_legend(polygons, ranked):
    html = awareness_map(polygons, ranked, top_n=1, method="minmax").get_root().render()
    assert "<script>alert(1)" not in html
    assert "alert(1)" in html  # the name is there, as escaped text
    assert "Awareness score" in html and "Top 1 districts" in html
    assert "No unit" in html


def test_missing_columns_are_refused(polygons):
    with pytest.raises(ValueError, match="score"):
        awareness_layer(polygons, pd.DataFrame({"district": ["Alpha"], "rank": [1]}), top_n=1)


def test_layer_serialises(polygons, ranked):
    layer, _ = awareness_layer(polygons, ranked, top_n=2)
    json.dumps(features(layer))  # geometry and properties are plain JSON
