"""The planner's network: places joined by directed legs, and origin–destination flows on it.

A checkpoint can only intercept what passes it, so the planner reasons on a directed graph whose
nodes are places (source districts, towns, crossings, ports, airports) and whose edges are legs of
the atlas's corridors. Each flow runs from an origin to a destination along a nominal route (the
route the corridor describes) and carries an uncertain weight. The class is built from plain
dictionaries so that it can be exercised on tiny hand-made graphs as well as on the atlas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import networkx as nx

from geo.confidence import Confidence
from geo.planner.errors import NetworkError
from geo.planner.ranges import Range

__all__ = ["Flow", "FlowNetwork", "NetworkError", "add_edge", "haversine_km", "sites_on_path"]

MODES = frozenset({"land", "sea", "air", "unspecified", "connector"})
"""Leg modes; ``connector`` marks a link the planner adds itself (an assumption made here)."""

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Flow:
    """One origin–destination flow following a nominal route.

    Parameters
    ----------
    flow_id
        Unique key.
    origin, destination
        Node ids; ``path`` starts at ``origin`` and ends at ``destination``.
    path
        The nominal route as a sequence of node ids joined by existing legs.
    weight
        The flow's size as a range (units are those of the assumption set that made it).
    group
        Free label used to group flows, for example ``"air"`` or ``"land_sea"``.
    corridor_id
        The corridor the nominal route follows, if any.
    """

    flow_id: str
    origin: str
    destination: str
    path: tuple[str, ...]
    weight: Range
    group: str = ""
    corridor_id: str = ""
    label: str = ""

    @property
    def confidence(self) -> Confidence:
        """Confidence class of the weight."""
        return self.weight.confidence

    @property
    def source(self) -> str:
        """Source text of the weight."""
        return self.weight.source


@dataclass
class FlowNetwork:
    """A directed place graph and the flows that run on it.

    Node attributes: ``name``, ``lat``, ``lon``, ``kind``, ``in_pakistan`` (bool),
    ``candidate`` (bool: may hold a new checkpoint). Edge attributes: ``mode``, ``length_km``,
    ``cost`` (optional, may be None), ``assumption`` (bool: link added by the planner, not a
    corridor leg) and ``note``.
    """

    graph: nx.DiGraph
    flows: tuple[Flow, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self.flows = tuple(self.flows)
        seen: set[str] = set()
        for flow in self.flows:
            if flow.flow_id in seen:
                raise NetworkError(f"duplicate flow id {flow.flow_id!r}")
            seen.add(flow.flow_id)
            self._check_path(flow)

    def _check_path(self, flow: Flow) -> None:
        path = flow.path
        if len(path) < 1:
            raise NetworkError(f"flow {flow.flow_id!r}: empty path")
        if path[0] != flow.origin or path[-1] != flow.destination:
            raise NetworkError(
                f"flow {flow.flow_id!r}: path runs {path[0]!r}→{path[-1]!r}, "
                f"not {flow.origin!r}→{flow.destination!r}"
            )
        for node in path:
            if node not in self.graph:
                raise NetworkError(f"flow {flow.flow_id!r}: unknown node {node!r}")
        if len(set(path)) != len(path):
            raise NetworkError(f"flow {flow.flow_id!r}: path visits a node twice")
        for u, v in zip(path, path[1:], strict=False):
            if not self.graph.has_edge(u, v):
                raise NetworkError(f"flow {flow.flow_id!r}: no leg {u!r}→{v!r}")

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_parts(
        cls,
        nodes: Iterable[Mapping[str, object]],
        edges: Iterable[Mapping[str, object]],
        flows: Iterable[Flow],
        *,
        notes: Sequence[str] = (),
    ) -> FlowNetwork:
        """Build a network from plain dictionaries.

        Parameters
        ----------
        nodes
            Each with ``id`` and optionally ``name``, ``lat``, ``lon``, ``kind``,
            ``in_pakistan`` (default True) and ``candidate`` (default False).
        edges
            Each with ``from``, ``to`` and optionally ``mode`` (default ``"land"``),
            ``length_km`` (default: great-circle distance), ``cost``, ``assumption``, ``note``.
        flows
            The flows; their paths must use the given edges.
        """
        graph = nx.DiGraph()
        for raw in nodes:
            node_id = str(raw.get("id", "")).strip()
            if not node_id:
                raise NetworkError(f"node without id: {dict(raw)!r}")
            if node_id in graph:
                raise NetworkError(f"duplicate node id {node_id!r}")
            lat, lon = float(raw.get("lat", 0.0)), float(raw.get("lon", 0.0))  # type: ignore[arg-type]
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise NetworkError(f"node {node_id!r}: coordinates {lat}, {lon} out of range")
            graph.add_node(
                node_id,
                name=str(raw.get("name", node_id)),
                lat=lat,
                lon=lon,
                kind=str(raw.get("kind", "")),
                in_pakistan=bool(raw.get("in_pakistan", True)),
                candidate=bool(raw.get("candidate", False)),
            )
        for raw in edges:
            add_edge(graph, raw)
        return cls(graph, tuple(flows), notes=tuple(notes))

    # -- queries --------------------------------------------------------------------------------

    @property
    def candidates(self) -> tuple[str, ...]:
        """Nodes that may hold a new checkpoint, in graph order."""
        return tuple(n for n, d in self.graph.nodes(data=True) if d.get("candidate"))

    def flow(self, flow_id: str) -> Flow:
        """The flow with this id; ``KeyError`` if there is none."""
        for flow in self.flows:
            if flow.flow_id == flow_id:
                return flow
        raise KeyError(f"unknown flow {flow_id!r}")

    def name(self, node: str) -> str:
        """Display name of a node."""
        return str(self.graph.nodes[node].get("name", node))

    def path_length(self, path: Sequence[str]) -> float:
        """Sum of ``length_km`` along a path."""
        return float(
            sum(self.graph.edges[u, v]["length_km"] for u, v in zip(path, path[1:], strict=False))
        )

    def point_weights(self) -> dict[str, float]:
        """Flow id → point weight."""
        return {f.flow_id: f.weight.point for f in self.flows}

    def total_weight(self, weights: Mapping[str, float] | None = None) -> float:
        """Total flow under ``weights`` (default: point weights)."""
        weights = weights or self.point_weights()
        return float(sum(weights[f.flow_id] for f in self.flows))

    # -- derived networks -----------------------------------------------------------------------

    def with_candidates(self, nodes: Iterable[str], *, value: bool = True) -> FlowNetwork:
        """A copy in which ``nodes`` are (or, with ``value=False``, are not) candidate sites."""
        graph = self.graph.copy()
        for node in nodes:
            if node not in graph:
                raise NetworkError(f"unknown node {node!r}")
            graph.nodes[node]["candidate"] = value
        return FlowNetwork(graph, self.flows, notes=self.notes)

    def with_flows(self, flows: Iterable[Flow]) -> FlowNetwork:
        """A copy carrying other flows on the same graph."""
        return FlowNetwork(self.graph.copy(), tuple(flows), notes=self.notes)

    def with_weights(self, weights: Mapping[str, Range]) -> FlowNetwork:
        """A copy in which the flows named in ``weights`` carry new weight ranges."""
        unknown = set(weights) - {f.flow_id for f in self.flows}
        if unknown:
            raise NetworkError(f"unknown flow id(s): {', '.join(sorted(unknown))}")
        flows = tuple(
            replace(f, weight=weights[f.flow_id]) if f.flow_id in weights else f for f in self.flows
        )
        return FlowNetwork(self.graph.copy(), flows, notes=self.notes)


def add_edge(graph: nx.DiGraph, raw: Mapping[str, object]) -> None:
    """Add one directed leg described by a plain mapping to ``graph`` (see ``from_parts``)."""
    u, v = str(raw.get("from", "")), str(raw.get("to", ""))
    for node in (u, v):
        if node not in graph:
            raise NetworkError(f"leg {u!r}→{v!r}: unknown node {node!r}")
    if u == v:
        raise NetworkError(f"leg {u!r}→{v!r} is a loop")
    mode = str(raw.get("mode", "land"))
    if mode not in MODES:
        raise NetworkError(f"leg {u!r}→{v!r}: unknown mode {mode!r}")
    length = raw.get("length_km")
    if length is None or (isinstance(length, float) and math.isnan(length)):
        a, b = graph.nodes[u], graph.nodes[v]
        length = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
    length = float(length)  # type: ignore[arg-type]
    if not math.isfinite(length) or length < 0:
        raise NetworkError(f"leg {u!r}→{v!r}: length {length!r} must be >= 0")
    cost = raw.get("cost")
    graph.add_edge(
        u,
        v,
        mode=mode,
        length_km=length,
        cost=None if cost is None else float(cost),  # type: ignore[arg-type]
        assumption=bool(raw.get("assumption", mode == "connector")),
        note=str(raw.get("note", "")),
    )


def sites_on_path(path: Sequence[str], sites: Iterable[str]) -> tuple[str, ...]:
    """The members of ``sites`` that lie on ``path``, in path order."""
    wanted = set(sites)
    return tuple(n for n in path if n in wanted)
