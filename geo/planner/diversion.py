"""Where flow goes when a route closes: the alternatives the report describes, as edges.

The atlas corridors name a few crossings and launch points, but the report says more: "many
suggest that smugglers use unconventional routes all across the Iranian-Pakistani border"
(UNODC 2011, §3.2), and "Small boats are found in the fishing villages in Karachi and across the
entire southern border of Pakistan" (§4.1). Without those alternatives a closure in the planner
would make flow vanish. This module adds them to a planner network, every edge labelled as an
assumption made here with the passage it rests on:

* **border crossings** placed at equal steps along the Iran–Pakistan border (and the
  Afghanistan–Pakistan border, for inbound flows), joined to the places on either side of each
  corridor crossing;
* **coast launches** placed at equal steps along Pakistan's coast, joined to the places that
  feed each sea leg and to the sea leg's landing;
* **mode switches at the ports**: each port joined by land to the nearest place on a land leg in
  the same country, so flow can switch between boat and road there.

Positions come from the boundary data (equal steps along the shared line; no place is named by
the report); lengths are great-circle distances. A flow takes an alternative only when it stays
within the detour tolerance, so the tolerance, an assumption too, decides how much flow diverts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import networkx as nx
from shapely.geometry import LineString, MultiLineString

from geo.planner.network import FlowNetwork, add_edge, haversine_km


class Alternative(StrEnum):
    """Kinds of alternative edge; the value is stored on each edge as ``alternative``."""

    IRAN_BORDER = "iran border crossing"
    AFGHAN_BORDER = "afghan border crossing"
    COAST_LAUNCH = "coast launch"
    MODE_SWITCH = "mode switch at a port"

    @property
    def source(self) -> str:
        """The passage the alternative rests on, and that its placement is an assumption."""
        return _SOURCES[self]


_SOURCES = {
    Alternative.IRAN_BORDER: (
        "Assumption made here, after UNODC 2011 §3.2: smugglers 'use unconventional routes all "
        "across the Iranian-Pakistani border'; crossing placed at equal steps along the border"
    ),
    Alternative.AFGHAN_BORDER: (
        "Assumption made here, after UNODC 2011 §3.2 and §5.3 (Afghans cross 'most likely' via "
        "Torkham or Chaman): other crossings placed at equal steps along the border"
    ),
    Alternative.COAST_LAUNCH: (
        "Assumption made here, after UNODC 2011 §4.1: small boats 'in the fishing villages in "
        "Karachi and across the entire southern border'; launch placed at equal steps on the coast"
    ),
    Alternative.MODE_SWITCH: (
        "Assumption made here: a port joined by road to the nearest place on a land route, so "
        "flow can switch between boat and road (UNODC 2011 §4.1 names the ports)"
    ),
}

MODE_SWITCH_KM = 400.0
"""Ports farther than this from any land route get no mode switch."""


@dataclass(frozen=True)
class BorderLines:
    """The lines alternatives are placed on (longitude/latitude, WGS 84)."""

    iran: LineString | None = None
    afghanistan: LineString | None = None
    coast: LineString | None = None


@dataclass(frozen=True)
class AlternativeCounts:
    """How many alternatives of each kind to place (0 switches a kind off)."""

    iran: int = 8
    afghanistan: int = 6
    coast: int = 6
    mode_switches: bool = True


def _longest(geometry: LineString | MultiLineString) -> LineString:
    if isinstance(geometry, LineString):
        return geometry
    return max(geometry.geoms, key=lambda g: g.length)


@lru_cache(maxsize=1)
def atlas_border_lines() -> BorderLines:
    """The Iran and Afghanistan borders and the coast of Pakistan from the vendored boundaries."""
    from shapely.ops import linemerge, unary_union

    from geo.borders import shared_border
    from geo.boundaries import load_countries

    countries = load_countries()
    pakistan = countries.loc[countries["name"] == "Pakistan"].geometry.iloc[0]
    neighbours = unary_union(
        [
            geometry.boundary
            for name, geometry in zip(countries["name"], countries.geometry, strict=True)
            if name != "Pakistan" and geometry.distance(pakistan) < 0.01
        ]
    )
    coast = pakistan.boundary.difference(neighbours.buffer(0.02))
    if isinstance(coast, MultiLineString):
        coast = linemerge(coast)
    return BorderLines(
        iran=_longest(shared_border(countries, "Iran", "Pakistan")),
        afghanistan=_longest(shared_border(countries, "Afghanistan", "Pakistan")),
        coast=_longest(coast),
    )


def points_along(line: LineString, count: int) -> list[tuple[float, float]]:
    """``count`` points (lat, lon) at equal steps along ``line``, ends excluded."""
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count!r}")
    out = []
    for i in range(1, count + 1):
        point = line.interpolate(i / (count + 1), normalized=True)
        out.append((float(point.y), float(point.x)))
    return out


def _country(graph: nx.DiGraph, node: str) -> str:
    data = graph.nodes[node]
    return str(data.get("country") or ("PAK" if data.get("in_pakistan") else ""))


def _add_alternative(
    graph: nx.DiGraph, u: str, v: str, *, mode: str, kind: Alternative, km: float | None = None
) -> None:
    if u == v or graph.has_edge(u, v):
        return
    add_edge(
        graph,
        {
            "from": u,
            "to": v,
            "mode": mode,
            "length_km": km,
            "assumption": True,
            "note": kind.source,
        },
    )
    graph.edges[u, v]["alternative"] = kind.value


def _place(
    graph: nx.DiGraph, node: str, lat: float, lon: float, *, name: str, kind: Alternative
) -> None:
    graph.add_node(
        node,
        name=name,
        lat=lat,
        lon=lon,
        kind="crossing" if kind is not Alternative.COAST_LAUNCH else "port",
        in_pakistan=True,
        country="PAK",
        candidate=True,
        alternative=kind.value,
        note=kind.source,
    )


def _corridor_legs(graph: nx.DiGraph) -> list[tuple[str, str, str]]:
    return [
        (u, v, str(d.get("mode", "")))
        for u, v, d in graph.edges(data=True)
        if not d.get("alternative")
    ]


def with_alternatives(
    network: FlowNetwork,
    *,
    lines: BorderLines | None = None,
    counts: AlternativeCounts | None = None,
) -> FlowNetwork:
    """A copy of ``network`` with the alternative crossings, launches and mode switches added.

    Parameters
    ----------
    lines
        Border and coast lines to place alternatives on (default: ``atlas_border_lines()``).
    counts
        How many of each kind (default ``AlternativeCounts()``).

    Nominal routes and flows are unchanged; only the routes a flow could take grow.
    """
    lines = lines if lines is not None else atlas_border_lines()
    counts = counts or AlternativeCounts()
    graph = network.graph.copy()
    legs = _corridor_legs(graph)
    in_pak = {n for n in graph if graph.nodes[n].get("in_pakistan")}

    def place_all(line: LineString | None, count: int, kind: Alternative, tag: str) -> list[str]:
        if line is None or count <= 0:
            return []
        made = []
        for i, (lat, lon) in enumerate(points_along(line, count), 1):
            node = f"alt_{tag}_{i}"
            if kind is Alternative.COAST_LAUNCH:
                name = f"Coast launch at {lon:.1f}° E (placed here)"
            else:
                border = "Iran" if kind is Alternative.IRAN_BORDER else "Afghan"
                name = f"{border} border crossing at {lat:.1f}° N (placed here)"
            _place(graph, node, lat, lon, name=name, kind=kind)
            made.append(node)
        return made

    iran = place_all(lines.iran, counts.iran, Alternative.IRAN_BORDER, "iran")
    afghan = place_all(lines.afghanistan, counts.afghanistan, Alternative.AFGHAN_BORDER, "afg")
    coast = place_all(lines.coast, counts.coast, Alternative.COAST_LAUNCH, "coast")
    for u, v, mode in legs:
        if mode == "land" and u in in_pak and v not in in_pak and _country(graph, v) == "IRN":
            for p in (p for p in graph.predecessors(u) if p in in_pak and p not in iran):
                for x in iran:
                    _add_alternative(graph, p, x, mode="land", kind=Alternative.IRAN_BORDER)
            for x in iran:
                _add_alternative(graph, x, v, mode="land", kind=Alternative.IRAN_BORDER)
        if mode == "land" and u not in in_pak and v in in_pak and _country(graph, u) == "AFG":
            for x in afghan:
                _add_alternative(graph, u, x, mode="land", kind=Alternative.AFGHAN_BORDER)
                for s in (s for s in graph.successors(v) if s in in_pak and s not in afghan):
                    _add_alternative(graph, x, s, mode="land", kind=Alternative.AFGHAN_BORDER)
        if mode == "sea" and u in in_pak and v not in in_pak:
            feeders = [p for p in graph.predecessors(u) if p in in_pak and p not in coast]
            for x in coast:
                for p in feeders:
                    _add_alternative(graph, p, x, mode="land", kind=Alternative.COAST_LAUNCH)
                _add_alternative(graph, x, v, mode="sea", kind=Alternative.COAST_LAUNCH)
    if counts.mode_switches:
        _mode_switches(graph, legs)
    notes = (*network.notes, _note(counts))
    return FlowNetwork(graph, network.flows, notes=notes)


def _mode_switches(graph: nx.DiGraph, legs: Iterable[tuple[str, str, str]]) -> None:
    on_land = {n for u, v, mode in legs if mode == "land" for n in (u, v)}
    for port in [n for n, d in graph.nodes(data=True) if d.get("kind") == "port"]:
        if graph.nodes[port].get("alternative"):
            continue
        country = _country(graph, port)
        a = graph.nodes[port]
        best, best_km = None, math.inf
        for node in on_land:
            if node == port or _country(graph, node) != country or not country:
                continue
            b = graph.nodes[node]
            km = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
            if km < best_km:
                best, best_km = node, km
        if best is not None and best_km <= MODE_SWITCH_KM and best_km > 0:
            _add_alternative(graph, port, best, mode="land", kind=Alternative.MODE_SWITCH)
            _add_alternative(graph, best, port, mode="land", kind=Alternative.MODE_SWITCH)


def _note(counts: AlternativeCounts) -> str:
    return (
        f"Alternatives added (assumptions made here): {counts.iran} crossings along the Iran "
        f"border, {counts.afghanistan} along the Afghan border, {counts.coast} coast launches"
        + (", mode switches at the ports" if counts.mode_switches else "")
        + " (UNODC 2011 §3.2, §4.1)."
    )


def alternative_edges(network: FlowNetwork) -> list[tuple[str, str, str]]:
    """Every alternative edge as (from, to, kind)."""
    return [
        (u, v, str(d["alternative"]))
        for u, v, d in network.graph.edges(data=True)
        if d.get("alternative")
    ]


def uses_alternative(network: FlowNetwork, route: Iterable[str]) -> bool:
    """True when a route runs over at least one alternative edge."""
    nodes = list(route)
    return any(
        network.graph.edges[u, v].get("alternative")
        for u, v in zip(nodes, nodes[1:], strict=False)
        if network.graph.has_edge(u, v)
    )
