"""Which flows can slip past a set of checkpoints by taking another acceptable route.

Evasive flow capture (Marković, Ryzhov and Miller-Hooks, *Networks* 2015) assumes smugglers who
know where checkpoints stand and reroute when a detour is acceptable. The source report gives the
reason to plan for it: networks "become more organized in response" as interdiction improves
(UNODC 2011, §6.2) and transporters choose routes where officials can be bribed (§8.4).

Here a route is *acceptable* for a flow when it runs from the flow's origin to its destination and
is no longer than ``(1 + tolerance)`` times the flow's nominal route. Measuring the detour against
the nominal route (rather than the network's shortest path, as in the paper) keeps the nominal
route always acceptable, so evasive capture can never exceed static capture; the two definitions
agree whenever flows follow shortest routes. A flow evades a plan when some acceptable route
avoids every checkpoint; this module answers that question exactly with one Dijkstra search per
origin on the graph with the checkpoint nodes removed.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from geo.planner.network import Flow, FlowNetwork

_REL_EPS = 1e-9


def detour_bound(network: FlowNetwork, flow: Flow, tolerance: float) -> float:
    """Longest acceptable route length (km) for ``flow`` under a detour ``tolerance``."""
    if tolerance < 0:
        raise ValueError(f"detour tolerance must be >= 0, got {tolerance!r}")
    cache = network.__dict__.setdefault("_nominal_km", {})
    nominal = cache.get(flow.path)
    if nominal is None:
        nominal = cache[flow.path] = network.path_length(flow.path)
    return nominal * (1.0 + tolerance) * (1.0 + _REL_EPS) + _REL_EPS


def _adjacency(network: FlowNetwork) -> dict[str, list[tuple[str, float]]]:
    """Plain adjacency lists (node → [(next node, km)]), cached on the network object."""
    cached = getattr(network, "_adjacency_cache", None)
    if cached is not None and cached[0] == network.graph.number_of_edges():
        return cached[1]
    adjacency: dict[str, list[tuple[str, float]]] = {n: [] for n in network.graph.nodes}
    for u, v, length in network.graph.edges(data="length_km"):
        adjacency[u].append((v, float(length)))
    network._adjacency_cache = (network.graph.number_of_edges(), adjacency)  # type: ignore[attr-defined]
    return adjacency


def _dijkstra(
    adjacency: dict[str, list[tuple[str, float]]],
    source: str,
    blocked: set[str] | frozenset[str],
    cutoff: float,
    target: str | None = None,
) -> tuple[dict[str, float], dict[str, str]]:
    """Shortest distances from ``source`` avoiding ``blocked`` nodes, up to ``cutoff`` km."""
    dist: dict[str, float] = {source: 0.0}
    parent: dict[str, str] = {}
    done: set[str] = set()
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        if u == target:
            break
        for v, length in adjacency[u]:
            if v in blocked or v in done:
                continue
            nd = d + length
            if nd <= cutoff and nd < dist.get(v, math.inf):
                dist[v] = nd
                parent[v] = u
                heapq.heappush(heap, (nd, v))
    return dist, parent


def _path(parent: dict[str, str], source: str, target: str) -> tuple[str, ...]:
    path = [target]
    while path[-1] != source:
        path.append(parent[path[-1]])
    return tuple(reversed(path))


def evasion_routes(
    network: FlowNetwork,
    checkpoints: Iterable[str],
    tolerance: float,
    *,
    flows: Sequence[Flow] | None = None,
) -> dict[str, tuple[str, ...] | None]:
    """For each flow, a shortest acceptable route that avoids all ``checkpoints``, or None.

    None means the flow cannot avoid the checkpoints within its detour tolerance: it is captured
    under evasive capture. A checkpoint at a flow's origin or destination cannot be avoided.
    """
    blocked = set(checkpoints)
    flows = network.flows if flows is None else flows
    by_origin: dict[str, list[Flow]] = defaultdict(list)
    for flow in flows:
        by_origin[flow.origin].append(flow)
    adjacency = _adjacency(network)
    result: dict[str, tuple[str, ...] | None] = {}
    for origin, group in by_origin.items():
        if origin in blocked:
            for flow in group:
                result[flow.flow_id] = None
            continue
        bounds = {f.flow_id: detour_bound(network, f, tolerance) for f in group}
        dist, parent = _dijkstra(adjacency, origin, blocked, max(bounds.values()))
        for flow in group:
            target = flow.destination
            if target in blocked or target not in dist or dist[target] > bounds[flow.flow_id]:
                result[flow.flow_id] = None
            else:
                result[flow.flow_id] = _path(parent, origin, target)
    return result


def disjoint_detours(
    network: FlowNetwork,
    flow: Flow,
    blocked: Iterable[str],
    tolerance: float,
    *,
    avoid: Iterable[str] = (),
    candidates: set[str] | frozenset[str],
    limit: int = 3,
) -> list[tuple[str, ...]]:
    """Up to ``limit`` acceptable routes avoiding ``blocked``, each also avoiding the candidate
    sites of the routes before it (and of ``avoid``).

    Handing the solver routes with disjoint candidate sites at once saves it from discovering
    them one round at a time.
    """
    adjacency = _adjacency(network)
    bound = detour_bound(network, flow, tolerance)
    shut = set(blocked) | (set(avoid) & candidates)
    routes: list[tuple[str, ...]] = []
    while len(routes) < limit:
        if flow.origin in shut or flow.destination in shut:
            break
        dist, parent = _dijkstra(adjacency, flow.origin, shut, bound, flow.destination)
        if flow.destination not in dist:
            break
        route = _path(parent, flow.origin, flow.destination)
        routes.append(route)
        new = {n for n in route if n in candidates} - shut
        if not new:
            break
        shut |= new
    return routes


def acceptable_routes(
    network: FlowNetwork, flow: Flow, tolerance: float, *, max_routes: int = 50
) -> tuple[list[tuple[str, ...]], bool]:
    """List acceptable routes of ``flow`` in order of length, up to ``max_routes``.

    Returns the routes and whether the list is complete (False when ``max_routes`` cut it short).
    Used to show the alternatives a flow has; the solvers do not depend on it being complete.
    """
    if max_routes < 1:
        raise ValueError("max_routes must be >= 1")
    bound = detour_bound(network, flow, tolerance)
    routes: list[tuple[str, ...]] = []
    if flow.origin == flow.destination:
        return [flow.path], True
    generator = nx.shortest_simple_paths(
        network.graph, flow.origin, flow.destination, weight="length_km"
    )
    for path in generator:
        if network.path_length(path) > bound:
            return routes, True
        if len(routes) == max_routes:
            return routes, False
        routes.append(tuple(path))
    return routes, True
