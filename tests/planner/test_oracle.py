"""Evasive capture against an independent oracle, and a hand-worked tolerance example.

The oracle shares no code with the planner: it lists every simple route with networkx, applies
the detour tolerance by hand (route length at most (1 + tolerance) times the nominal route's),
and tries every k-subset of candidate sites; a flow counts as captured when every acceptable
route passes a chosen site.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from geo.confidence import Confidence
from geo.planner.exact import solve_exact
from geo.planner.greedy import solve_greedy
from geo.planner.kinds import PlanStatus, Solver
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import PlanSpec
from geo.planner.ranges import Range
from geo.planner.synthetic import random_network


def route_km(graph: nx.DiGraph, route: list[str]) -> float:
    return sum(graph.edges[u, v]["length_km"] for u, v in zip(route, route[1:], strict=False))


def oracle(network: FlowNetwork, k: int, tolerance: float) -> tuple[float, set[tuple[str, ...]]]:
    """Best evasive capture over all k-subsets, and every subset reaching it."""
    graph = network.graph
    acceptable: dict[str, list[set[str]]] = {}
    for flow in network.flows:
        limit = route_km(graph, list(flow.path)) * (1 + tolerance) + 1e-9
        routes = nx.all_simple_paths(graph, flow.origin, flow.destination)
        acceptable[flow.flow_id] = [set(r) for r in routes if route_km(graph, r) <= limit]
    candidates = [n for n, d in graph.nodes(data=True) if d["candidate"]]
    best, winners = -1.0, set()
    for sites in itertools.combinations(candidates, min(k, len(candidates))):
        chosen = set(sites)
        value = sum(
            f.weight.point
            for f in network.flows
            if all(route & chosen for route in acceptable[f.flow_id])
        )
        if value > best + 1e-9:
            best, winners = value, {tuple(sorted(sites))}
        elif abs(value - best) <= 1e-9:
            winners.add(tuple(sorted(sites)))
    return best, winners


@pytest.mark.parametrize("seed", [3, 8, 9, 11])
@pytest.mark.parametrize("tolerance", [0.1, 0.4])
def test_exact_evasive_plan_matches_the_oracle(seed: int, tolerance: float) -> None:
    network = random_network(
        10, 8, n_candidates=6, n_origins=2, n_destinations=2, neighbours=2, seed=seed
    )
    for k in (1, 2, 3):
        best, _ = oracle(network, k, tolerance)
        assert best > 0, "the test network must let a plan capture something"
        spec = PlanSpec(objective="evasive", k=k, tolerance=tolerance)
        for solver in Solver:
            plan = solve_exact(network, spec, solver=solver, time_limit=30)
            assert plan.status is PlanStatus.OPTIMAL
            assert plan.captured == pytest.approx(best, abs=1e-6), (seed, tolerance, k, solver)
            assert plan.bound == pytest.approx(best, abs=1e-6)
        greedy = solve_greedy(network, spec)
        assert greedy.captured <= best + 1e-6
        assert greedy.bound is not None and greedy.bound >= best - 1e-6


def w(point: float) -> Range:
    return Range(point, point, point, confidence=Confidence.ASSUMPTION, source="hand-worked")


@pytest.fixture
def hand_worked() -> FlowNetwork:
    """Flow f1 (weight 3) runs O→A→D, 100 km; O→B→D is 115 km (15% longer), O→C2→D 125 km.

    Flow f2 (weight 2) runs G→C→H and has no other route. Candidates: A, B, C.
    """
    nodes = [{"id": n, "lat": 30.0, "lon": 66.0 + i * 0.1} for i, n in enumerate("OADBGCHX")]
    for node in nodes:
        node["candidate"] = node["id"] in ("A", "B", "C")
    edges = [
        {"from": "O", "to": "A", "length_km": 50},
        {"from": "A", "to": "D", "length_km": 50},
        {"from": "O", "to": "B", "length_km": 55},
        {"from": "B", "to": "D", "length_km": 60},
        {"from": "O", "to": "X", "length_km": 60},
        {"from": "X", "to": "D", "length_km": 65},
        {"from": "G", "to": "C", "length_km": 40},
        {"from": "C", "to": "H", "length_km": 40},
    ]
    flows = [
        Flow("f1", "O", "D", ("O", "A", "D"), w(3.0)),
        Flow("f2", "G", "H", ("G", "C", "H"), w(2.0)),
    ]
    return FlowNetwork.from_parts(nodes, edges, flows)


def test_doubling_the_tolerance_changes_the_sites_and_the_share(hand_worked) -> None:
    # 10%: O→B→D (115 km) is too long, so f1 has one route and A alone captures it: 3 of 5.
    narrow = solve_exact(hand_worked, PlanSpec(objective="evasive", k=1, tolerance=0.1))
    assert narrow.sites == ("A",)
    assert narrow.share == pytest.approx(3 / 5)
    # 20%: f1 may take O→B→D (115 ≤ 120 km) around A, so one site cannot stop f1; C takes f2.
    wide = solve_exact(hand_worked, PlanSpec(objective="evasive", k=1, tolerance=0.2))
    assert wide.sites == ("C",)
    assert wide.share == pytest.approx(2 / 5)
    # With two sites at 20%, A and B together close f1 (O→X→D, 125 km, is still too long).
    pair = solve_exact(hand_worked, PlanSpec(objective="evasive", k=2, tolerance=0.2))
    assert set(pair.sites) == {"A", "B"}
    assert pair.share == pytest.approx(3 / 5)
    assert oracle(hand_worked, 2, 0.2) == (3.0, {("A", "B")})
