"""Sites the user adds: a place by name, or a point clicked on the map.

A checkpoint only captures what passes it, so a new site must lie on the network. A site named
after a place already on the network simply becomes a candidate. Otherwise (a clicked point, or a
gazetteer place off the corridors) it is put on the nearest leg inside Pakistan: the leg is split
in two at the point closest to the site, and every flow using that leg now passes the site. The
snap distance is limited so that a click far from any route is refused rather than moved.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from geo.gazetteer import Gazetteer
from geo.planner.network import FlowNetwork, NetworkError, haversine_km

MAX_SNAP_KM = 100.0


def _project(lat: float, lon: float, a: dict, b: dict) -> tuple[float, float, float]:
    """Closest point to (lat, lon) on segment a–b (local flat projection): t, lat, lon."""
    k = math.cos(math.radians((a["lat"] + b["lat"]) / 2))
    ax, ay, bx, by = a["lon"] * k, a["lat"], b["lon"] * k, b["lat"]
    px, py = lon * k, lat
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    return t, a["lat"] + t * (b["lat"] - a["lat"]), a["lon"] + t * (b["lon"] - a["lon"])


def nearest_leg(
    network: FlowNetwork, lat: float, lon: float
) -> tuple[tuple[str, str], float, float, float, float]:
    """The leg inside Pakistan nearest to a point: (leg, t, lat, lon, distance km)."""
    best = None
    for u, v in network.graph.edges:
        a, b = network.graph.nodes[u], network.graph.nodes[v]
        if not (a.get("in_pakistan") and b.get("in_pakistan")):
            continue
        t, plat, plon = _project(lat, lon, a, b)
        dist = haversine_km(lat, lon, plat, plon)
        if best is None or dist < best[4]:
            best = ((u, v), t, plat, plon, dist)
    if best is None:
        raise NetworkError("the network has no leg inside Pakistan to place a site on")
    return best


def _new_id(network: FlowNetwork, name: str) -> str:
    base = "site_" + (re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "user")
    node_id, n = base, 1
    while node_id in network.graph:
        n += 1
        node_id = f"{base}_{n}"
    return node_id


def add_site_at(
    network: FlowNetwork,
    lat: float,
    lon: float,
    *,
    name: str,
    kind: str = "user site",
    max_km: float = MAX_SNAP_KM,
) -> tuple[FlowNetwork, str]:
    """Put a candidate site on the nearest leg inside Pakistan; return the network and its id.

    Raises
    ------
    NetworkError
        When no leg inside Pakistan lies within ``max_km`` of the point.
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise NetworkError(f"coordinates {lat}, {lon} out of range")
    (u, v), t, plat, plon, dist = nearest_leg(network, lat, lon)
    if dist > max_km:
        raise NetworkError(
            f"no route inside Pakistan within {max_km:g} km of ({lat:.3f}, {lon:.3f}); "
            f"the nearest is {network.name(u)}–{network.name(v)}, {dist:.0f} km away"
        )
    node_id = _new_id(network, name)
    graph = network.graph.copy()
    graph.add_node(
        node_id,
        name=name.strip() or node_id,
        lat=plat,
        lon=plon,
        kind=kind,
        in_pakistan=True,
        candidate=True,
        note=f"Added by the user, placed on the {network.name(u)}–{network.name(v)} leg",
    )
    split = {(u, v): t}
    if graph.has_edge(v, u):
        split[(v, u)] = 1 - t
    for (a, b), frac in split.items():
        data = dict(graph.edges[a, b])
        graph.remove_edge(a, b)
        graph.add_edge(a, node_id, **{**data, "length_km": data["length_km"] * frac})
        graph.add_edge(node_id, b, **{**data, "length_km": data["length_km"] * (1 - frac)})
    flows = []
    for flow in network.flows:
        path = list(flow.path)
        for a, b in split:
            for i in range(len(path) - 1):
                if path[i] == a and path[i + 1] == b:
                    path.insert(i + 1, node_id)
                    break
        flows.append(replace(flow, path=tuple(path)))
    return FlowNetwork(graph, tuple(flows), notes=network.notes), node_id


def add_site_by_name(
    network: FlowNetwork, gazetteer: Gazetteer, name: str, *, max_km: float = MAX_SNAP_KM
) -> tuple[FlowNetwork, str]:
    """Make a named place a candidate site (placing it on the nearest leg if it is off-network).

    Raises ``geo.gazetteer.UnknownPlaceError`` (with suggestions) for an unknown name.
    """
    place = gazetteer.resolve(name)
    if place.country != "PAK":
        raise NetworkError(f"{place.name} is outside Pakistan; checkpoints are planned inside it")
    if place.place_id in network.graph:
        return network.with_candidates([place.place_id]), place.place_id
    return add_site_at(
        network, place.lat, place.lon, name=place.name, kind=place.kind, max_km=max_km
    )
