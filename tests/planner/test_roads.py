"""Road networks users bring: generated files build the expected graph, places snap, bad files
are refused with their reason."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from geo.confidence import Confidence
from geo.planner.errors import RoadNetworkError
from geo.planner.network import Flow, FlowNetwork, haversine_km
from geo.planner.objectives import PlanSpec, captured_flow
from geo.planner.ranges import Range
from geo.planner.roads import RoadColumns, load_road_graph, road_network

# Road junction J at (67.0, 30.0); three roads from it; a fourth road elsewhere, unconnected.
J, WEST, EAST, NORTH = (67.0, 30.0), (66.5, 30.0), (67.5, 30.0), (67.0, 30.5)
LONE = [(70.0, 33.0), (70.2, 33.0)]


def roads_frame() -> gpd.GeoDataFrame:
    lines = [LineString([WEST, J]), LineString([J, EAST]), LineString([J, NORTH]), LineString(LONE)]
    return gpd.GeoDataFrame(
        {"class": ["primary", "primary", "secondary", "track"], "speed": [80, 80, 50, 20]},
        geometry=lines,
        crs=4326,
    )


def atlas() -> FlowNetwork:
    """Origin district 3 km west of the west road end, exit crossing at the east end, abroad."""
    nodes = [
        {"id": "dist", "name": "District", "lat": 30.0, "lon": 66.469},
        {"id": "cross", "name": "Crossing", "lat": 30.0, "lon": 67.5},
        {"id": "abroad", "name": "Abroad", "lat": 30.0, "lon": 68.5, "in_pakistan": False},
    ]
    edges = [{"from": "dist", "to": "cross"}, {"from": "cross", "to": "abroad"}]
    weight = Range(0.5, 1.0, 1.5, confidence=Confidence.ASSUMPTION, source="test")
    flows = [
        Flow("f", "dist", "abroad", ("dist", "cross", "abroad"), weight, label="District → out")
    ]
    return FlowNetwork.from_parts(nodes, edges, flows)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_generated_road_file_builds_expected_graph(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"roads{suffix}"
    roads_frame().to_file(path)
    graph = load_road_graph(path, columns=RoadColumns(road_class="class", speed_kmh="speed"))
    coords = {(round(d["x"], 6), round(d["y"], 6)) for _, d in graph.nodes(data=True)}
    assert coords == {WEST, J, EAST, NORTH, *LONE}
    assert graph.number_of_edges() == 8  # four roads, both ways
    lengths = sorted(d["length"] / 1000 for _, _, d in graph.edges(data=True))
    west_km = haversine_km(30.0, 66.5, 30.0, 67.0)
    assert lengths[-1] == pytest.approx(haversine_km(30.0, 67.0, 30.5, 67.0), rel=1e-9)
    assert west_km in [pytest.approx(x, rel=1e-9) for x in lengths]
    classes = {d["highway"] for _, _, d in graph.edges(data=True)}
    assert classes == {"primary", "secondary", "track"}


def test_places_snap_within_the_stated_distance_and_flows_route_on_roads(tmp_path: Path) -> None:
    path = tmp_path / "roads.geojson"
    roads_frame().to_file(path)
    roads = load_road_graph(path)
    network = road_network(roads, atlas(), max_snap_km=5.0)
    flow = network.flows[0]
    assert [network.graph.nodes[n]["lon"] for n in flow.path] == pytest.approx([66.5, 67.0, 67.5])
    assert network.name(flow.path[0]) == "District (road node)"
    assert network.name(flow.path[-1]) == "Crossing (road node)"
    # The junction is the only candidate site (three roads meet there) and it captures the flow.
    assert [network.graph.nodes[n]["lon"] for n in network.candidates] == [67.0]
    assert captured_flow(network, network.candidates, PlanSpec(k=1)) == pytest.approx(1.0)
    assert any("unconnected" in n or "no flow" in n for n in network.notes)
    # The district lies 3.0 km from the nearest road node: a 2.5 km snap distance refuses it.
    gap = haversine_km(30.0, 66.469, 30.0, 66.5)
    assert 2.5 < gap < 5.0
    with pytest.raises(RoadNetworkError, match=r"farther than 2.5 km.*District \(3 km\)"):
        road_network(roads, atlas(), max_snap_km=2.5)


def test_places_on_separate_pieces_are_refused_with_the_pieces_named(tmp_path: Path) -> None:
    frame = roads_frame()
    frame = frame[frame["class"] != "primary"].copy()  # drop West–J and J–East
    frame = gpd.GeoDataFrame(
        {"class": ["a", "b", "c"]},
        geometry=[
            LineString([WEST, (66.6, 30.0)]),
            LineString([(67.4, 30.0), EAST]),
            *frame.geometry[:1],
        ],
        crs=4326,
    )
    path = tmp_path / "pieces.geojson"
    frame.to_file(path)
    with pytest.raises(RoadNetworkError, match=r"separate pieces \(piece 1: .*District → Crossing"):
        road_network(load_road_graph(path), atlas())


def test_broken_files_are_refused_with_their_reason(tmp_path: Path) -> None:
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[Point(67, 30)], crs=4326).to_file(points)
    with pytest.raises(RoadNetworkError, match=r"holds no lines \(found: Point\)"):
        load_road_graph(points)
    metres = tmp_path / "metres.gpkg"
    gpd.GeoDataFrame(geometry=[LineString([(7.4e6, 3.5e6), (7.5e6, 3.5e6)])], crs=4326).to_file(
        metres
    )
    with pytest.raises(RoadNetworkError, match="outside Pakistan's area.*CRS"):
        load_road_graph(metres)
    far = tmp_path / "europe.geojson"
    gpd.GeoDataFrame(geometry=[LineString([(2.0, 48.0), (2.5, 48.0)])], crs=4326).to_file(far)
    with pytest.raises(RoadNetworkError, match="outside Pakistan's area"):
        load_road_graph(far)
    text = tmp_path / "notes.txt"
    text.write_text("not a road file")
    with pytest.raises(RoadNetworkError, match="GeoJSON, GeoPackage or Shapefile"):
        load_road_graph(text)
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(RoadNetworkError, match="could not be read"):
        load_road_graph(broken)
    lines = tmp_path / "lines.geojson"
    gpd.GeoDataFrame(geometry=[LineString([WEST, J])], crs=4326).to_file(lines)
    with pytest.raises(RoadNetworkError, match="no column 'speed'"):
        load_road_graph(lines, columns=RoadColumns(speed_kmh="speed"))


def test_projected_file_is_reprojected(tmp_path: Path) -> None:
    path = tmp_path / "utm.gpkg"
    roads_frame().to_crs(32642).to_file(path)
    graph = load_road_graph(path)
    xs = sorted({round(d["x"], 4) for _, d in graph.nodes(data=True)})
    assert xs[:3] == pytest.approx([66.5, 67.0, 67.5], abs=1e-4)


OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
  <node id="1" lat="30.0" lon="66.5"/>
  <node id="2" lat="30.0" lon="67.0"/>
  <node id="3" lat="30.0" lon="67.5"/>
  <node id="4" lat="30.5" lon="67.0"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="secondary"/></way>
</osm>
"""


def test_osm_extract_builds_a_graph_through_osmnx(tmp_path: Path) -> None:
    path = tmp_path / "extract.osm"
    path.write_text(OSM)
    graph = load_road_graph(path)
    assert set(graph.nodes) == {1, 2, 3, 4}
    assert graph.number_of_edges() == 6  # three road pieces meeting at node 2, both ways
    network = road_network(graph, atlas())
    assert len(network.flows[0].path) == 3
    assert network.candidates == ("r2",)
