"""Shared fixtures: small networks on which every plan can be enumerated."""

from __future__ import annotations

import itertools

import pytest

from geo.confidence import Confidence
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import PlanSpec, captured_flow
from geo.planner.ranges import Range
from geo.planner.synthetic import random_network


def brute_force(network: FlowNetwork, spec: PlanSpec, weights=None) -> float:
    """Best captured flow over every feasible subset of candidate sites."""
    pool = spec.candidate_sites(network)
    best = 0.0
    limit = len(pool) if spec.k is None else min(spec.k, len(pool))
    for r in range(limit + 1):
        for sites in itertools.combinations(pool, r):
            if spec.feasible(sites):
                best = max(best, captured_flow(network, sites, spec, weights=weights))
    return best


def w(point: float) -> Range:
    return Range(point / 2, point, point * 2, confidence=Confidence.ASSUMPTION, source="test")


@pytest.fixture
def diamond() -> FlowNetwork:
    """Two routes from A to D: via B (100 km + 100 km) and via C (100 km + 120 km).

    Flow 'ad' follows A→B→D; flow 'ed' runs E→B→D and has no other route.
    """
    nodes = [
        {"id": "A", "lat": 30, "lon": 66},
        {"id": "B", "lat": 31, "lon": 67, "candidate": True},
        {"id": "C", "lat": 29, "lon": 67, "candidate": True},
        {"id": "D", "lat": 30, "lon": 68},
        {"id": "E", "lat": 32, "lon": 66},
    ]
    edges = [
        {"from": "A", "to": "B", "length_km": 100},
        {"from": "B", "to": "D", "length_km": 100},
        {"from": "A", "to": "C", "length_km": 100},
        {"from": "C", "to": "D", "length_km": 120},
        {"from": "E", "to": "B", "length_km": 50},
    ]
    flows = [
        Flow("ad", "A", "D", ("A", "B", "D"), w(3.0)),
        Flow("ed", "E", "D", ("E", "B", "D"), w(1.0)),
    ]
    return FlowNetwork.from_parts(nodes, edges, flows)


@pytest.fixture(params=[3, 11, 29])
def small_network(request) -> FlowNetwork:
    """Random 20-place networks with 12 flows and 8 candidate sites."""
    return random_network(20, 12, n_candidates=8, neighbours=2, seed=request.param)
