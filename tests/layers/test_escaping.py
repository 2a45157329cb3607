"""The one escaper: hostile text through the layer builders reaches the page only as data."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import folium
import pandas as pd
import pytest

from geo.confidence import Confidence
from geo.planner.exact import solve_exact
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import PlanSpec
from layers.planner import planner_map
from layers.popups import block, escape_text, wrap
from layers.records import records_place_layer
from tests.planner.conftest import w

HOSTILE = ["<img src=x onerror=alert(1)>", "`", "${alert(1)}", "</script><b>x", "a\\`b", "'\""]
LAYERS = Path(__file__).resolve().parents[2] / "layers"


def _unsafe(page: str) -> list[str]:
    """Raw hostile fragments that the browser would run or that would end a template literal."""
    found = []
    for raw in ("<img src=x", "${alert", "</script><b>", "a\\`b"):
        if raw in page:
            found.append(raw)
    return found


def _page(*layers: object) -> str:
    fmap = folium.Map(location=(30, 66), zoom_start=5, tiles=None)
    for layer in layers:
        layer.add_to(fmap)  # type: ignore[attr-defined]
    return fmap.get_root().render()


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_text_has_no_character_that_breaks_html_or_a_template_literal(text):
    out = escape_text(text)
    assert not set(out) & set("<>`$\\\"'")
    unescaped = (
        out.replace("&#96;", "`").replace("&#36;", "$").replace("&#92;", "\\")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#x27;", "'")
        .replace("&amp;", "&")
    )  # fmt: skip
    assert unescaped == text


def test_block_escapes_title_labels_values_quote_and_section():
    text = HOSTILE[0] + HOSTILE[2]
    html = wrap(
        block(text, [(text, text)], quote=text, section=text, confidence=Confidence.REPORTED)
    )
    assert _unsafe(html) == []
    assert html.count("&lt;img src=x onerror=alert(1)&gt;&#36;{alert(1)}") == 5


def _hostile_network(name: str) -> FlowNetwork:
    nodes = [
        {"id": "A", "lat": 30, "lon": 66, "name": name},
        {"id": "B", "lat": 31, "lon": 67, "candidate": True, "name": name + " site"},
        {"id": "D", "lat": 30, "lon": 68, "name": name + " end"},
    ]
    edges = [{"from": "A", "to": "B", "length_km": 100}, {"from": "B", "to": "D", "length_km": 90}]
    flows = [Flow("ad", "A", "D", ("A", "B", "D"), w(3.0))]
    return FlowNetwork.from_parts(nodes, edges, flows)


@pytest.mark.parametrize("text", HOSTILE)
def test_planner_layers_show_typed_site_names_as_text(text):
    network = _hostile_network(text)
    assert network.name("A") == text
    plan = solve_exact(network, PlanSpec(objective="static", k=1))
    page = planner_map(network, plan).get_root().render()
    assert _unsafe(page) == []
    assert escape_text(text + " site") in page


@pytest.mark.parametrize("text", HOSTILE)
def test_records_layer_shows_imported_text_as_text(text):
    frame = pd.DataFrame(
        {
            "place_key": ["k1", "k2"],
            "place_name": [text, text + "2"],
            "lat": [25.0, 26.0],
            "lon": [62.0, 63.0],
            "persons": pd.array([40, None], "Int64"),
            "persons_shown": ["40", "<5"],
            "suppressed": [False, True],
        }
    )
    page = _page(records_place_layer(frame, period=text))
    assert _unsafe(page) == []
    assert page.count(escape_text(text)) >= 3


def test_no_layer_escapes_on_its_own():
    """Every layer module uses the one escaper; none calls ``html.escape`` itself."""
    offenders = []
    for path in sorted(LAYERS.glob("*.py")):
        if path.name == "popups.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "html":
                offenders.append(f"{path.name}: from html import")
            if isinstance(node, ast.Attribute) and node.attr == "escape":
                if isinstance(node.value, ast.Name) and node.value.id == "html":
                    offenders.append(f"{path.name}: html.escape")
    assert offenders == []


@pytest.mark.parametrize("text", HOSTILE)
def test_district_layer_shows_boundary_names_as_text(text):
    import geopandas as gpd
    from shapely.geometry import box

    from layers.districts import district_roles_layer

    districts = gpd.GeoDataFrame(
        {"district": [text], "province": [text + "p"]},
        geometry=[box(66.0, 30.0, 67.0, 31.0)],
        crs="EPSG:4326",
    )
    roles = pd.DataFrame(columns=["boundary_name", "role", "detail"])
    page = _page(district_roles_layer(districts, roles, role="migrant_source"))
    assert _unsafe(page) == []
    as_json = json.dumps(f"<b>District</b> {escape_text(text)}", ensure_ascii=False)
    as_json = as_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert as_json[1:-1] in page  # the tooltip the browser shows: the name only as text
    assert 'let fields = ["tooltip"];' in page  # never the raw boundary fields
