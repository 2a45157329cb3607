"""Generated networks for testing the solvers and measuring their speed.

Nothing here describes real routes. The generator scatters places at random, joins each to its
nearest neighbours in both directions (with slightly perturbed lengths, so shortest routes are
unique), and sends flows between random origins and destinations along their shortest routes.
The same seed always gives the same network.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from geo.confidence import Confidence
from geo.planner.network import Flow, FlowNetwork, haversine_km
from geo.planner.ranges import Range

SYNTHETIC_SOURCE = "generated test network (not real routes)"


def random_network(
    n_nodes: int,
    n_flows: int,
    *,
    n_candidates: int | None = None,
    n_origins: int | None = None,
    n_destinations: int | None = None,
    neighbours: int = 3,
    seed: int = 0,
) -> FlowNetwork:
    """A random connected network with ``n_flows`` shortest-route flows.

    Parameters
    ----------
    n_nodes
        Number of places (>= 4).
    n_flows
        Number of origin–destination flows (pairs may repeat with different weights).
    n_candidates
        Number of candidate sites (default: every node that is neither origin nor destination).
    n_origins, n_destinations
        How many distinct origins and destinations (defaults scale with ``n_nodes``).
    neighbours
        Each place is joined to this many nearest places, in both directions.
    """
    if n_nodes < 4:
        raise ValueError("a generated network needs at least 4 nodes")
    if n_flows < 1:
        raise ValueError("a generated network needs at least one flow")
    rng = np.random.default_rng(seed)
    n_origins = n_origins or max(2, n_nodes // 10)
    n_destinations = n_destinations or max(2, n_nodes // 10)
    if n_origins + n_destinations > n_nodes:
        raise ValueError("more origins and destinations than nodes")
    lat = rng.uniform(24.0, 36.0, n_nodes)
    lon = rng.uniform(61.0, 75.0, n_nodes)
    ids = [f"n{i}" for i in range(n_nodes)]
    perm = rng.permutation(n_nodes)
    origins = [ids[i] for i in perm[:n_origins]]
    destinations = [ids[i] for i in perm[n_origins : n_origins + n_destinations]]
    ends = set(origins) | set(destinations)
    inner = [ids[i] for i in perm[n_origins + n_destinations :]]
    if n_candidates is None:
        candidates = set(inner)
    else:
        if n_candidates > len(inner):
            raise ValueError(f"only {len(inner)} nodes can be candidates")
        candidates = set(rng.choice(inner, size=n_candidates, replace=False).tolist())
    nodes = [
        {
            "id": ids[i],
            "name": f"Place {i}",
            "lat": float(lat[i]),
            "lon": float(lon[i]),
            "kind": "district" if ids[i] in ends else "town",
            "candidate": ids[i] in candidates,
        }
        for i in range(n_nodes)
    ]
    xy = np.column_stack([lat, lon * np.cos(np.radians(30.0))])
    edges: dict[tuple[str, str], float] = {}
    order = np.argsort(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1), axis=1)
    for i in range(n_nodes):
        for j in order[i, 1 : neighbours + 1]:
            base = haversine_km(lat[i], lon[i], lat[j], lon[j])
            for u, v in ((i, int(j)), (int(j), i)):
                if (ids[u], ids[v]) not in edges:
                    edges[(ids[u], ids[v])] = base * float(rng.uniform(1.0, 1.3))
    # Chain the places along a random order too, so the network is connected.
    for a, b in zip(perm, perm[1:], strict=False):
        base = haversine_km(lat[a], lon[a], lat[b], lon[b])
        for u, v in ((int(a), int(b)), (int(b), int(a))):
            edges.setdefault((ids[u], ids[v]), base * float(rng.uniform(1.0, 1.3)))
    edge_rows = [
        {"from": u, "to": v, "mode": "land", "length_km": d} for (u, v), d in edges.items()
    ]
    skeleton = FlowNetwork.from_parts(nodes, edge_rows, ())
    paths: dict[str, dict[str, list[str]]] = {}
    flows: list[Flow] = []
    for q in range(n_flows):
        origin = origins[int(rng.integers(len(origins)))]
        destination = destinations[int(rng.integers(len(destinations)))]
        if origin not in paths:
            paths[origin] = nx.single_source_dijkstra_path(
                skeleton.graph, origin, weight="length_km"
            )
        point = float(rng.uniform(1.0, 10.0))
        weight = Range(
            point * 0.5,
            point,
            point * 1.5,
            confidence=Confidence.ASSUMPTION,
            source=SYNTHETIC_SOURCE,
            width_note="±50%, generated",
        )
        flows.append(
            Flow(
                flow_id=f"f{q}",
                origin=origin,
                destination=destination,
                path=tuple(paths[origin][destination]),
                weight=weight,
                group="synthetic",
            )
        )
    return skeleton.with_flows(flows)
