"""Diversion: closing the barrier moves the blocked flow onto the border alternatives.

A hand-built network: Quetta → Taftan → Zahedan (weight 1), Turbat → Mand → Iranshahr
(weight 2), Gwadar → Muscat by sea (weight 1). The Iran border is a straight line from
(61.4° E, 29.8° N) to (61.8° E, 25.2° N) with five alternative crossings at sixths of it: the
first (29.03° N) lies north of Taftan and the fifth (25.97° N) south of Mand, outside the barrier.
"""

from __future__ import annotations

import pytest
from shapely.geometry import LineString

from geo.confidence import Confidence
from geo.planner.diversion import (
    Alternative,
    AlternativeCounts,
    BorderLines,
    alternative_edges,
    with_alternatives,
)
from geo.planner.kinds import Method, PlanStatus
from geo.planner.network import Flow, FlowNetwork, haversine_km
from geo.planner.objectives import PlanSpec, captured_flow
from geo.planner.plan import scored_plan
from geo.planner.ranges import Range
from geo.planner.whatif import Fate, barrier_closure, close, rescore

BORDER = LineString([(61.4, 29.8), (61.8, 25.2)])
COAST = LineString([(66.5, 25.0), (62.5, 25.1)])


def w(point: float) -> Range:
    return Range(point, point, point, confidence=Confidence.ASSUMPTION, source="test")


def base() -> FlowNetwork:
    places = {
        "quetta": (30.18, 67.0, True),
        "taftan": (28.95, 61.59, True),
        "zahedan": (29.5, 60.86, False),
        "turbat": (26.0, 63.05, True),
        "mand_balo": (26.09, 61.99, True),
        "iranshahr": (27.2, 60.69, False),
        "gwadar": (25.12, 62.33, True),
        "muscat": (23.58, 58.41, False),
    }
    nodes = [
        {"id": k, "name": k.title(), "lat": a, "lon": b, "in_pakistan": p, "candidate": p}
        for k, (a, b, p) in places.items()
    ]
    edges = [
        {"from": "quetta", "to": "taftan"},
        {"from": "taftan", "to": "zahedan"},
        {"from": "turbat", "to": "mand_balo"},
        {"from": "mand_balo", "to": "iranshahr"},
        {"from": "turbat", "to": "gwadar"},
        {"from": "gwadar", "to": "muscat", "mode": "sea"},
    ]
    flows = [
        Flow("q", "quetta", "zahedan", ("quetta", "taftan", "zahedan"), w(1.0), corridor_id="t"),
        Flow(
            "m",
            "turbat",
            "iranshahr",
            ("turbat", "mand_balo", "iranshahr"),
            w(2.0),
            corridor_id="m",
        ),
        Flow("s", "turbat", "muscat", ("turbat", "gwadar", "muscat"), w(1.0), corridor_id="s"),
    ]
    network = FlowNetwork.from_parts(nodes, edges, flows)
    for node in ("zahedan", "iranshahr"):
        network.graph.nodes[node]["country"] = "IRN"
    network.graph.nodes["gwadar"]["kind"] = "port"
    return network


def diverted() -> FlowNetwork:
    lines = BorderLines(iran=BORDER, coast=COAST)
    return with_alternatives(base(), lines=lines, counts=AlternativeCounts(iran=5, coast=2))


def test_alternatives_are_labelled_assumptions_with_their_source() -> None:
    network = diverted()
    kinds = {kind for _, _, kind in alternative_edges(network)}
    assert kinds == {a.value for a in Alternative} - {Alternative.AFGHAN_BORDER.value}
    # The port is joined both ways to the nearest place on a land leg in Pakistan: Mand
    # (about 113 km) rather than Turbat (about 122 km).
    assert haversine_km(25.12, 62.33, 26.09, 61.99) < haversine_km(25.12, 62.33, 26.0, 63.05)
    for u, v in (("gwadar", "mand_balo"), ("mand_balo", "gwadar")):
        assert network.graph.edges[u, v]["alternative"] == Alternative.MODE_SWITCH
    for u, v, _ in alternative_edges(network):
        edge = network.graph.edges[u, v]
        assert edge["assumption"] is True
        assert "Assumption made here" in edge["note"] and "UNODC 2011" in edge["note"]
    assert network.graph.nodes["alt_iran_1"]["lat"] == pytest.approx(29.8 - 4.6 / 6)
    assert network.flows == base().flows  # nominal routes unchanged


def test_closing_the_barrier_moves_the_flow_onto_the_open_crossings() -> None:
    network = diverted()
    edges, nodes = barrier_closure(network)
    assert sorted(edges) == [("mand_balo", "iranshahr"), ("taftan", "zahedan")]
    assert sorted(nodes) == ["alt_iran_2", "alt_iran_3", "alt_iran_4"]
    outcome = close(network, edges=edges, nodes=nodes)
    fates = dict(zip(outcome.table["flow_id"], outcome.table["status"], strict=True))
    assert fates == {"q": Fate.DIVERTED, "m": Fate.DIVERTED, "s": Fate.UNCHANGED}
    after = {f.flow_id: f.path for f in outcome.network.flows}
    assert after["q"] == ("quetta", "alt_iran_1", "zahedan")
    assert after["m"] == ("turbat", "alt_iran_5", "iranshahr")
    exits = outcome.by_exit().set_index("exit")
    north = network.name("alt_iran_1")
    south = network.name("alt_iran_5")
    assert exits.loc[north, "after"] == pytest.approx(1 / 4)
    assert exits.loc[south, "after"] == pytest.approx(2 / 4)
    assert exits.loc["Taftan", "before"] == pytest.approx(1 / 4)
    assert exits.loc["Taftan", "after"] == 0
    assert exits["after"].sum() == pytest.approx(1.0)
    # A checkpoint at the northern crossing captured nothing before and a quarter after.
    spec = PlanSpec(k=1)
    weights = network.point_weights()
    plan = scored_plan(
        network, spec, ("alt_iran_1",), weights, method=Method.EXACT,
        status=PlanStatus.OPTIMAL, seconds=0.0,
    )  # fmt: skip
    assert plan.captured == 0
    assert rescore(plan, outcome).share == pytest.approx(1 / 4)
    assert captured_flow(outcome.network, ["alt_iran_1"], spec) == pytest.approx(1.0)


def test_the_tolerance_decides_what_the_barrier_truly_stops() -> None:
    network = diverted()
    edges, nodes = barrier_closure(network)
    # Mand's flow diverts south of the barrier: 303.6 km instead of 285.0 km, 6.5% longer.
    km = network.path_length(("turbat", "alt_iran_5", "iranshahr"))
    nominal = network.path_length(("turbat", "mand_balo", "iranshahr"))
    needed = km / nominal - 1
    assert needed == pytest.approx(0.065, abs=0.001)
    outcome = close(network, edges=edges, nodes=nodes, tolerance=needed * 0.99)
    assert outcome.table.set_index("flow_id").loc["m", "status"] == Fate.TOO_LONG
    assert outcome.weight_by_status()[Fate.TOO_LONG.value] == pytest.approx(2.0)
    assert outcome.by_exit().set_index("exit").loc["stopped", "after"] == pytest.approx(2 / 4)
    outcome = close(network, edges=edges, nodes=nodes, tolerance=needed * 1.01)
    assert outcome.table.set_index("flow_id").loc["m", "status"] == Fate.DIVERTED
    # Without alternatives the barrier deletes both land flows: the problem the issue reports.
    bare = close(base(), edges=edges)
    assert bare.weight_by_status()[Fate.NO_PATH.value] == pytest.approx(3.0)


def test_evasive_capture_sees_the_alternatives() -> None:
    spec = PlanSpec(objective="evasive", k=1, tolerance=0.5)
    assert captured_flow(base(), ["taftan"], spec) == pytest.approx(1.0)
    network = diverted()
    detour = network.path_length(("quetta", "alt_iran_1", "zahedan"))
    assert detour <= 1.5 * network.path_length(("quetta", "taftan", "zahedan"))
    assert captured_flow(network, ["taftan"], spec) == 0.0
    assert haversine_km(29.8, 61.4, 25.2, 61.8) > 400
