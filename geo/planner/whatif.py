"""What-if: close a leg or a place and see where its flow goes instead, and what is stopped.

The source report mentions Iran's barrier "stretching from Taftan to Mand" (UNODC 2011, §3.2) and
says smugglers also use unconventional routes all across that border. Closing legs or places in
the planner's network reroutes every flow that used them onto its shortest remaining route (by
length). With the alternatives of ``geo.planner.diversion`` in the network, flow diverts onto
other crossings, coast launches and mode switches; with a detour ``tolerance``, a flow whose
shortest remaining route is longer than its tolerance allows is *stopped* (the closure truly
stops it, under that assumption). Flow is conserved: each flow keeps its weight and is
unchanged, rerouted (over corridor legs), diverted (over an alternative), or stopped (no route,
or none within the tolerance).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

import networkx as nx
import pandas as pd

from geo.planner.diversion import Alternative, uses_alternative
from geo.planner.errors import NetworkError
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import capture_by_flow
from geo.planner.plan import Plan


class Fate(StrEnum):
    """What a closure does to one flow."""

    UNCHANGED = "unchanged"
    REROUTED = "rerouted"
    DIVERTED = "diverted onto an alternative"
    TOO_LONG = "stopped: no route within the detour tolerance"
    NO_PATH = "no remaining path"

    @property
    def stopped(self) -> bool:
        """True when the closure stops the flow."""
        return self in (Fate.TOO_LONG, Fate.NO_PATH)


UNCHANGED, REROUTED, DIVERTED, NO_PATH = Fate.UNCHANGED, Fate.REROUTED, Fate.DIVERTED, Fate.NO_PATH

BARRIER_LABEL = (
    "Iran's barrier from Taftan to Mand (§3.2): close the crossings at Taftan and Mand and the "
    "border between them"
)
BARRIER_ENDS = ("taftan", "mand_balo")


def barrier_closure(network: FlowNetwork) -> tuple[list[tuple[str, str]], list[str]]:
    """The legs and places Iran's barrier from Taftan to Mand would close (§3.2).

    Legs from Taftan or Mand into Iran, and the alternative crossings placed on the stretch of
    border between their latitudes (the barrier's extent as the report gives it). Crossings
    north of Taftan and south of Mand stay open.
    """
    graph = network.graph
    ends = [n for n in BARRIER_ENDS if n in graph]
    if not ends:
        raise NetworkError("this network has neither Taftan nor Mand; the barrier cannot apply")
    edges = [(u, v) for u in ends for v in graph.successors(u) if not graph.nodes[v]["in_pakistan"]]
    lats = [graph.nodes[n]["lat"] for n in ends]
    south, north = min(lats), max(lats)
    nodes = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("alternative") == Alternative.IRAN_BORDER.value and south <= d["lat"] <= north
    ]
    return edges, nodes


@dataclass(frozen=True)
class WhatIf:
    """Outcome of closing legs and places.

    Attributes
    ----------
    network
        The network after the closure, carrying the unchanged, rerouted and diverted flows.
    table
        One row per original flow: fate, weight, old and new route, lengths, exit before/after.
    stranded
        Flows the closure stops (not in ``network``).
    """

    before: FlowNetwork
    network: FlowNetwork
    closed_edges: tuple[tuple[str, str], ...]
    closed_nodes: tuple[str, ...]
    table: pd.DataFrame
    stranded: tuple[Flow, ...]
    tolerance: float | None = None

    def weight_by_status(self) -> dict[str, float]:
        """Total point weight per fate (sums to the total flow before the closure)."""
        sums = self.table.groupby("status")["weight"].sum()
        return {s.value: float(sums.get(s.value, 0.0)) for s in Fate}

    def by_exit(self) -> pd.DataFrame:
        """Flow leaving Pakistan at each place, before and after the closure (shares 0–1).

        A route's exit is its last place in Pakistan before it first leaves the country;
        stopped flows are counted on a row of their own, so both columns add up to 1.
        """
        total = float(self.table["weight"].sum()) or 1.0
        before = self.table.groupby("exit_before")["weight"].sum() / total
        after = self.table.groupby("exit_after")["weight"].sum() / total
        places = sorted(set(before.index) | set(after.index))
        rows = [
            {
                "exit": place,
                "before": float(before.get(place, 0.0)),
                "after": float(after.get(place, 0.0)),
            }
            for place in places
        ]
        frame = pd.DataFrame(rows, columns=["exit", "before", "after"])
        frame["change"] = frame["after"] - frame["before"]
        return frame.sort_values("change", key=abs, ascending=False, ignore_index=True)

    def by_corridor(self) -> pd.DataFrame:
        """Share of all flow (0–1) per corridor and fate."""
        total = float(self.table["weight"].sum()) or 1.0
        frame = self.table.pivot_table(
            index="corridor", columns="status", values="weight", aggfunc="sum", fill_value=0.0
        )
        frame = frame.reindex(columns=[f.value for f in Fate], fill_value=0.0) / total
        return frame.reset_index().rename_axis(columns=None)

    def leg_changes(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Flow on each leg before and after the closure, largest changes first (names)."""
        weights = weights or self.before.point_weights()
        before = _leg_loads(self.before.flows, weights)
        after = _leg_loads(self.network.flows, weights)
        rows = []
        for leg in sorted(set(before) | set(after)):
            b, a = before.get(leg, 0.0), after.get(leg, 0.0)
            if abs(a - b) > 1e-12:
                rows.append(
                    {
                        "from": self.before.name(leg[0]),
                        "to": self.before.name(leg[1]),
                        "alternative": bool(self.before.graph.edges[leg].get("alternative")),
                        "before": b,
                        "after": a,
                        "change": a - b,
                    }
                )
        frame = pd.DataFrame(
            rows, columns=["from", "to", "alternative", "before", "after", "change"]
        )
        return frame.sort_values("change", key=abs, ascending=False, ignore_index=True)


def _leg_loads(flows: Iterable[Flow], weights: Mapping[str, float]) -> dict[tuple[str, str], float]:
    loads: dict[tuple[str, str], float] = {}
    for flow in flows:
        for leg in zip(flow.path, flow.path[1:], strict=False):
            loads[leg] = loads.get(leg, 0.0) + weights[flow.flow_id]
    return loads


def exit_place(network: FlowNetwork, route: Iterable[str] | None) -> str:
    """Name of the last place in Pakistan before ``route`` leaves it ("stopped" for None)."""
    if route is None:
        return "stopped"
    nodes = list(route)
    for a, b in zip(nodes, nodes[1:], strict=False):
        if network.graph.nodes[a]["in_pakistan"] and not network.graph.nodes[b]["in_pakistan"]:
            return network.name(a)
    return "does not leave Pakistan"


def close(
    network: FlowNetwork,
    *,
    edges: Iterable[tuple[str, str]] = (),
    nodes: Iterable[str] = (),
    tolerance: float | None = None,
) -> WhatIf:
    """Close directed legs ``edges`` and places ``nodes``; reroute the flows that used them.

    Parameters
    ----------
    tolerance
        Detour tolerance: a flow whose shortest remaining route is longer than
        ``(1 + tolerance)`` times its nominal route is stopped. None: any remaining route.

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
    if tolerance is not None and tolerance < 0:
        raise NetworkError(f"detour tolerance must be >= 0, got {tolerance!r}")
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
            fate, new_path = Fate.UNCHANGED, flow.path
        else:
            new_path = _reroute(graph, flow, closed_nodes)
            if new_path is None:
                fate = Fate.NO_PATH
            elif tolerance is not None and network.path_length(new_path) > old_km * (
                1 + tolerance
            ) * (1 + 1e-9):
                fate, new_path = Fate.TOO_LONG, None
            elif uses_alternative(network, new_path):
                fate = Fate.DIVERTED
            else:
                fate = Fate.REROUTED
            if new_path is None:
                stranded.append(flow)
            else:
                kept.append(replace(flow, path=new_path))
        rows.append(
            {
                "flow_id": flow.flow_id,
                "label": flow.label or flow.flow_id,
                "corridor": flow.corridor_id or flow.group or "",
                "weight": flow.weight.point,
                "status": fate.value,
                "old_route": " → ".join(network.name(n) for n in flow.path),
                "new_route": ""
                if new_path is None
                else " → ".join(network.name(n) for n in new_path),
                "old_km": old_km,
                "new_km": None if new_path is None else network.path_length(new_path),
                "exit_before": exit_place(network, flow.path),
                "exit_after": exit_place(network, new_path),
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
        tolerance=tolerance,
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

    Checkpoints at closed places are dropped. Stopped flows are neither captured nor escaping;
    they stay in the total, so shares remain comparable with the plan before.
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
        bound=None,
        notes=(*plan.notes, "Scored after the what-if closure"),
    )
