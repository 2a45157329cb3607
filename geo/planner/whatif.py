"""What-if: close a leg or a place and see where its flow goes instead.

The source report mentions Iran's barrier "stretching from Taftan to Mand" (UNODC 2011, §3.2) and
says smugglers also use unconventional routes all across that border. Closing legs or places in the
planner's network reroutes every flow that used them onto its shortest remaining route (by
length). Flow is conserved: each flow keeps its weight and is either unchanged, rerouted, or, when
the network holds no remaining route to its destination, reported as having no remaining path.
The model knows only the legs of the atlas: a flow with no remaining path may in reality take a
route the report does not describe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import networkx as nx
import pandas as pd

from geo.planner.network import Flow, FlowNetwork, NetworkError
from geo.planner.objectives import capture_by_flow
from geo.planner.plan import Plan

UNCHANGED, REROUTED, NO_PATH = "unchanged", "rerouted", "no remaining path"


@dataclass(frozen=True)
class WhatIf:
    """Outcome of closing legs and places.

    Attributes
    ----------
    network
        The network after the closure, carrying the unchanged and rerouted flows.
    table
        One row per original flow: status, weight, old and new route and their lengths.
    stranded
        Flows with no remaining path (not in ``network``).
    """

    before: FlowNetwork
    network: FlowNetwork
    closed_edges: tuple[tuple[str, str], ...]
    closed_nodes: tuple[str, ...]
    table: pd.DataFrame
    stranded: tuple[Flow, ...]

    def weight_by_status(self) -> dict[str, float]:
        """Total point weight per status (sums to the total flow before the closure)."""
        sums = self.table.groupby("status")["weight"].sum()
        return {s: float(sums.get(s, 0.0)) for s in (UNCHANGED, REROUTED, NO_PATH)}

    def leg_changes(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Flow on each leg before and after the closure, largest changes first."""
        weights = weights or self.before.point_weights()
        before = _leg_loads(self.before.flows, weights)
        after = _leg_loads(self.network.flows, weights)
        rows = []
        for leg in sorted(set(before) | set(after)):
            b, a = before.get(leg, 0.0), after.get(leg, 0.0)
            if abs(a - b) > 1e-12:
                rows.append(
                    {
                        "from": leg[0],
                        "to": leg[1],
                        "from_name": self.before.name(leg[0]),
                        "to_name": self.before.name(leg[1]),
                        "before": b,
                        "after": a,
                        "change": a - b,
                    }
                )
        frame = pd.DataFrame(
            rows, columns=["from", "to", "from_name", "to_name", "before", "after", "change"]
        )
        return frame.sort_values("change", key=abs, ascending=False, ignore_index=True)


def _leg_loads(flows: Iterable[Flow], weights: Mapping[str, float]) -> dict[tuple[str, str], float]:
    loads: dict[tuple[str, str], float] = {}
    for flow in flows:
        for leg in zip(flow.path, flow.path[1:], strict=False):
            loads[leg] = loads.get(leg, 0.0) + weights[flow.flow_id]
    return loads


def close(
    network: FlowNetwork,
    *,
    edges: Iterable[tuple[str, str]] = (),
    nodes: Iterable[str] = (),
) -> WhatIf:
    """Close directed legs ``edges`` and places ``nodes``; reroute the flows that used them.

    Raises
    ------
    NetworkError
        When a leg or place to close is not in the network, or nothing is closed.
    """
    edges = tuple((str(u), str(v)) for u, v in edges)
    nodes = tuple(dict.fromkeys(str(n) for n in nodes))
    if not edges and not nodes:
        raise NetworkError("choose at least one leg or place to close")
    for u, v in edges:
        if not network.graph.has_edge(u, v):
            raise NetworkError(f"no leg {u!r}→{v!r} to close")
    for node in nodes:
        if node not in network.graph:
            raise NetworkError(f"no place {node!r} to close")
    graph = network.graph.copy()
    graph.remove_edges_from(edges)
    closed_nodes = set(nodes)
    closed_edges = set(edges)
    rows = []
    kept: list[Flow] = []
    stranded: list[Flow] = []
    for flow in network.flows:
        legs = set(zip(flow.path, flow.path[1:], strict=False))
        touched = bool(closed_nodes & set(flow.path)) or bool(closed_edges & legs)
        old_km = network.path_length(flow.path)
        new_path: tuple[str, ...] | None
        if not touched:
            kept.append(flow)
            status, new_path = UNCHANGED, flow.path
        else:
            new_path = _reroute(graph, flow, closed_nodes)
            if new_path is None:
                stranded.append(flow)
                status = NO_PATH
            else:
                kept.append(replace(flow, path=new_path))
                status = REROUTED
        new_km = None if new_path is None else network.path_length(new_path)
        rows.append(
            {
                "flow_id": flow.flow_id,
                "label": flow.label or flow.flow_id,
                "weight": flow.weight.point,
                "status": status,
                "old_route": " → ".join(network.name(n) for n in flow.path),
                "new_route": ""
                if new_path is None
                else " → ".join(network.name(n) for n in new_path),
                "old_km": old_km,
                "new_km": new_km,
            }
        )
    graph.remove_nodes_from(closed_nodes)
    after = FlowNetwork(graph, tuple(kept), notes=network.notes)
    return WhatIf(
        before=network,
        network=after,
        closed_edges=edges,
        closed_nodes=nodes,
        table=pd.DataFrame(rows),
        stranded=tuple(stranded),
    )


def _reroute(graph: nx.DiGraph, flow: Flow, closed: set[str]) -> tuple[str, ...] | None:
    if flow.origin in closed or flow.destination in closed:
        return None
    view = nx.restricted_view(graph, closed, [])
    try:
        return tuple(nx.dijkstra_path(view, flow.origin, flow.destination, weight="length_km"))
    except nx.NetworkXNoPath:
        return None


def rescore(plan: Plan, outcome: WhatIf) -> Plan:
    """The same plan scored on the network after a closure.

    Checkpoints at closed places are dropped. Flows with no remaining path are neither captured
    nor escaping; they stay in the total, so shares remain comparable with the plan before.
    """
    closed = set(outcome.closed_nodes)
    spec = replace(plan.spec, existing=frozenset(plan.spec.existing - closed), candidates=None)
    sites = tuple(s for s in plan.sites if s not in closed)
    capture = capture_by_flow(outcome.network, sites, spec)
    captured = sum(plan.weights[fid] * share for fid, share in capture.items())
    return replace(
        plan,
        spec=spec,
        sites=sites,
        capture=capture,
        captured=float(captured),
        gains_when_added=None,
        notes=(*plan.notes, "Scored after the what-if closure"),
    )
