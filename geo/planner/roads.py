"""Road networks users bring: read a line file or an OSM extract, build the graph, snap places.

The atlas network is schematic (straight legs between the report's towns). A planner who holds
a road network can plan on it instead: GeoJSON, GeoPackage or Shapefile lines (optionally with a
road class and a speed column) or an OpenStreetMap XML extract. The graph is built by osmnx
(``graph_from_gdfs`` for line files, ``graph_from_xml`` for OSM), with junctions as nodes. The
atlas's flows are then carried over: each flow's origin and its exit from Pakistan (the last
place of its nominal route inside Pakistan) are snapped to the nearest road node within a
stated distance, and the flow runs on the shortest road route between them. Candidate sites
are the road junctions (three or more roads meet); users can add named points as on the atlas.

Every refusal says why: no line geometry, coordinates that are not longitude/latitude or a
file outside Pakistan's area (wrong CRS), places too far from any road, or places that fall on
separate pieces of the network (the pieces are named by their size and position).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
from shapely.geometry import LineString, Point

from geo.planner.errors import RoadNetworkError
from geo.planner.network import Flow, FlowNetwork, haversine_km

LINE_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
OSM_SUFFIXES = (".osm", ".xml")
MAX_SNAP_KM = 25.0
"""Default snap distance: a place farther than this from every road node is refused."""
PAKISTAN_AREA = (60.0, 23.0, 78.5, 37.5)
"""Longitude/latitude box around Pakistan; a road file wholly outside it is refused."""
ROAD_NOTE = "Road from the user's network"


@dataclass(frozen=True)
class RoadColumns:
    """Optional attribute columns of a line file."""

    road_class: str | None = None
    speed_kmh: str | None = None
    oneway: str | None = None


def read_lines(path: Path, *, columns: RoadColumns | None = None) -> gpd.GeoDataFrame:
    """Read road lines from a GeoJSON, GeoPackage or Shapefile, in longitude/latitude.

    Raises
    ------
    RoadNetworkError
        Unreadable file, no line geometry, missing named column, or coordinates that cannot
        be longitude/latitude around Pakistan.
    """
    columns = columns or RoadColumns()
    if path.suffix.lower() not in LINE_SUFFIXES:
        raise RoadNetworkError(
            f"{path.name}: use a GeoJSON, GeoPackage or Shapefile of lines, or an OSM XML file"
        )
    try:
        frame = gpd.read_file(path)
    except Exception as err:  # pyogrio raises several types for unreadable files
        raise RoadNetworkError(f"{path.name} could not be read as a vector file") from err
    frame = frame[frame.geometry.notna()]
    lines = frame[frame.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    if lines.empty:
        kinds = sorted(set(frame.geometry.geom_type)) or ["no geometry"]
        raise RoadNetworkError(f"{path.name} holds no lines (found: {', '.join(kinds)})")
    for name in (columns.road_class, columns.speed_kmh, columns.oneway):
        if name and name not in lines.columns:
            raise RoadNetworkError(f"{path.name} has no column {name!r}")
    if lines.crs is None:
        minx, miny, maxx, maxy = lines.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise RoadNetworkError(
                f"{path.name} has no coordinate reference system and its coordinates are not "
                "longitude/latitude; save it with its CRS (for example EPSG:4326)"
            )
        lines = lines.set_crs(4326)
    lines = lines.to_crs(4326)
    _check_area(lines.total_bounds, path.name)
    return lines.explode(index_parts=False).reset_index(drop=True)


def _check_area(bounds: object, name: str) -> None:
    minx, miny, maxx, maxy = (float(b) for b in bounds)  # type: ignore[attr-defined]
    west, south, east, north = PAKISTAN_AREA
    if maxx < west or minx > east or maxy < south or miny > north:
        raise RoadNetworkError(
            f"{name} lies outside Pakistan's area (its bounds are {minx:.2f}, {miny:.2f} to "
            f"{maxx:.2f}, {maxy:.2f} in longitude/latitude): is its CRS right?"
        )


def _line_km(line: LineString) -> float:
    coords = list(line.coords)
    return float(
        sum(haversine_km(a[1], a[0], b[1], b[0]) for a, b in zip(coords, coords[1:], strict=False))
    )


def graph_from_lines(
    lines: gpd.GeoDataFrame, *, columns: RoadColumns | None = None
) -> nx.MultiDiGraph:
    """An osmnx road graph from lines: line ends (to 1e-6°) become nodes; each line two ways.

    Lines must meet at their ends to be joined (a noded network, as road files usually are).
    A truthy ``oneway`` column keeps a line in its drawn direction only.
    """
    columns = columns or RoadColumns()
    ids: dict[tuple[float, float], int] = {}

    def node(xy: tuple[float, ...]) -> int:
        key = (round(float(xy[0]), 6), round(float(xy[1]), 6))
        return ids.setdefault(key, len(ids))

    rows = []
    for _, row in lines.iterrows():
        line = row.geometry
        if not isinstance(line, LineString) or len(line.coords) < 2:
            continue
        u, v = node(line.coords[0]), node(line.coords[-1])
        if u == v:
            continue
        attrs = {
            "length": _line_km(line) * 1000.0,
            "highway": str(row[columns.road_class]) if columns.road_class else "",
            "speed_kph": _number(row[columns.speed_kmh]) if columns.speed_kmh else None,
        }
        oneway = bool(row[columns.oneway]) if columns.oneway else False
        rows.append({"u": u, "v": v, **attrs, "geometry": line})
        if not oneway:
            rows.append({"u": v, "v": u, **attrs, "geometry": LineString(line.coords[::-1])})
    if not rows:
        raise RoadNetworkError("the file's lines have no two distinct ends to join")
    edges = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    edges["key"] = edges.groupby(["u", "v"]).cumcount()
    edges = edges.set_index(["u", "v", "key"])
    nodes = gpd.GeoDataFrame(
        {"osmid": list(ids.values()), "x": [k[0] for k in ids], "y": [k[1] for k in ids]},
        geometry=[Point(k) for k in ids],
        crs=4326,
    ).set_index("osmid")
    import osmnx  # imported here: it loads matplotlib, which only road imports need

    return osmnx.graph_from_gdfs(nodes, edges)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def graph_from_osm(path: Path) -> nx.MultiDiGraph:
    """An osmnx road graph from an OSM XML extract (``osmnx.graph_from_xml``)."""
    import osmnx

    try:
        graph = osmnx.graph_from_xml(path, simplify=True, retain_all=True)
    except Exception as err:  # osmnx raises several types for unusable extracts
        raise RoadNetworkError(f"{path.name} could not be read as an OSM XML extract") from err
    if graph.number_of_edges() == 0:
        raise RoadNetworkError(f"{path.name} holds no roads")
    xs = [d["x"] for _, d in graph.nodes(data=True)]
    ys = [d["y"] for _, d in graph.nodes(data=True)]
    _check_area((min(xs), min(ys), max(xs), max(ys)), path.name)
    return graph


def load_road_graph(path: Path, *, columns: RoadColumns | None = None) -> nx.MultiDiGraph:
    """Read any supported road file into an osmnx graph (see the module docstring)."""
    if path.suffix.lower() in OSM_SUFFIXES:
        return graph_from_osm(path)
    return graph_from_lines(read_lines(path, columns=columns), columns=columns)


@dataclass(frozen=True)
class Snap:
    """Where a place landed on the road network."""

    place: str
    node: str
    km: float


def _pieces(graph: nx.DiGraph) -> list[set[str]]:
    return sorted(nx.weakly_connected_components(graph), key=len, reverse=True)


def _describe(graph: nx.DiGraph, piece: set[str]) -> str:
    lat = sum(graph.nodes[n]["lat"] for n in piece) / len(piece)
    lon = sum(graph.nodes[n]["lon"] for n in piece) / len(piece)
    return f"{len(piece)} junctions around {lat:.2f}° N, {lon:.2f}° E"


def road_network(
    roads: nx.MultiDiGraph,
    atlas: FlowNetwork,
    *,
    max_snap_km: float = MAX_SNAP_KM,
    source: str = "user road network",
) -> FlowNetwork:
    """The atlas's flows carried over onto a road graph (see the module docstring).

    Raises
    ------
    RoadNetworkError
        When a flow's origin or exit lies farther than ``max_snap_km`` from every road node,
        or origin and exit fall on separate pieces of the network (pieces named).
    """
    if max_snap_km <= 0:
        raise RoadNetworkError(f"snap distance must be positive, got {max_snap_km!r}")
    graph = nx.DiGraph()
    for node, data in roads.nodes(data=True):
        graph.add_node(
            f"r{node}",
            name=f"Road junction {node}",
            lat=float(data["y"]),
            lon=float(data["x"]),
            kind="junction",
            in_pakistan=True,
            candidate=False,
        )
    for u, v, data in roads.edges(data=True):
        a, b = f"r{u}", f"r{v}"
        if a == b:
            continue
        km = float(data.get("length", 0.0)) / 1000.0
        if graph.has_edge(a, b) and graph.edges[a, b]["length_km"] <= km:
            continue
        road_class = data.get("highway", "")
        graph.add_edge(
            a,
            b,
            mode="land",
            length_km=km,
            cost=None,
            assumption=False,
            note=f"{ROAD_NOTE} ({source})"
            + (f", class {road_class}" if road_class and road_class != "nan" else ""),
            speed_kmh=data.get("speed_kph"),
        )
    if graph.number_of_edges() == 0:
        raise RoadNetworkError("the road network has no roads")
    undirected_degree = {
        n: len(set(graph.predecessors(n)) | set(graph.successors(n))) for n in graph
    }
    for node, degree in undirected_degree.items():
        graph.nodes[node]["candidate"] = degree >= 3
    snaps: dict[str, Snap] = {}
    far: list[str] = []

    def snap(place: str) -> Snap | None:
        if place in snaps:
            return snaps[place]
        data = atlas.graph.nodes[place]
        best, best_km = None, math.inf
        for node, d in graph.nodes(data=True):
            km = haversine_km(data["lat"], data["lon"], d["lat"], d["lon"])
            if km < best_km:
                best, best_km = node, km
        if best is None or best_km > max_snap_km:
            far.append(f"{atlas.name(place)} ({best_km:.0f} km)")
            return None
        snaps[place] = Snap(place, best, best_km)
        graph.nodes[best]["name"] = f"{atlas.name(place)} (road node)"
        return snaps[place]

    ends: dict[str, tuple[str, str]] = {}
    for flow in atlas.flows:
        exit_node = _exit(atlas, flow)
        start, end = snap(flow.origin), snap(exit_node)
        if start is not None and end is not None:
            ends[flow.flow_id] = (start.node, end.node)
    if far:
        raise RoadNetworkError(
            f"{len(far)} place(s) lie farther than {max_snap_km:g} km from every road: "
            + ", ".join(sorted(set(far)))
        )
    pieces = _pieces(graph)
    piece_of = {n: i for i, piece in enumerate(pieces) for n in piece}
    split = sorted(
        {
            (atlas.name(f.origin), atlas.name(_exit(atlas, f)))
            for f in atlas.flows
            if piece_of[ends[f.flow_id][0]] != piece_of[ends[f.flow_id][1]]
        }
    )
    if split:
        named = "; ".join(f"piece {i + 1}: {_describe(graph, p)}" for i, p in enumerate(pieces[:5]))
        pairs = ", ".join(f"{a} → {b}" for a, b in split[:5])
        raise RoadNetworkError(
            f"the roads form {len(pieces)} separate pieces ({named}) and no road joins {pairs}"
        )
    flows = []
    for flow in atlas.flows:
        a, b = ends[flow.flow_id]
        if a == b:
            path: tuple[str, ...] = (a,)
        else:
            try:
                path = tuple(nx.dijkstra_path(graph, a, b, weight="length_km"))
            except nx.NetworkXNoPath:
                raise RoadNetworkError(
                    f"no road runs from {atlas.name(flow.origin)} to "
                    f"{atlas.name(_exit(atlas, flow))} in the roads' direction"
                ) from None
        flows.append(
            Flow(
                flow_id=flow.flow_id,
                origin=a,
                destination=b,
                path=path,
                weight=flow.weight,
                group=flow.group,
                corridor_id=flow.corridor_id,
                label=flow.label,
            )
        )
    carrying = {piece_of[n] for f in flows for n in f.path}
    dropped = [piece for i, piece in enumerate(pieces) if i not in carrying]
    for piece in dropped:
        graph.remove_nodes_from(piece)
    notes = (
        f"Road network: {source} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
        f"directed roads); places snapped within {max_snap_km:g} km "
        f"(farthest {max(s.km for s in snaps.values()):.1f} km).",
        "Flows run from their origin to their exit from Pakistan on the shortest road route; "
        "the part abroad is left out.",
        *(f"Left out, carrying no flow: a piece of {_describe_size(p)}." for p in dropped),
    )
    return FlowNetwork(graph, tuple(flows), notes=notes)


def _describe_size(piece: set[str]) -> str:
    return f"{len(piece)} junction(s)"


def _exit(network: FlowNetwork, flow: Flow) -> str:
    """The last place of a flow's nominal route inside Pakistan (its origin if none)."""
    last = flow.origin
    for node in flow.path:
        if not network.graph.nodes[node]["in_pakistan"]:
            break
        last = node
    return last


def snapped(network: FlowNetwork) -> Mapping[str, str]:
    """Road node id → display name for the nodes atlas places were snapped to."""
    return {
        n: str(d["name"]) for n, d in network.graph.nodes(data=True) if "(road node)" in d["name"]
    }
