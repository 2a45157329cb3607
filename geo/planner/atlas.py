"""The planner network built from the atlas: corridors, source districts and the gazetteer.

Nodes are the places on the atlas's corridors plus each source district. Edges are corridor legs
(mode, length) and, where a district must reach a corridor, *connectors* that are assumptions
made here, labelled so on every edge:

* land and sea corridors are reached through Karachi, which the report calls the city where
  agents "accumulate and recruit irregular migrants while securing illicit routes by land or sea
  for travel to Iran and Oman" (UNODC 2011, §4.1): district → Karachi → corridor start;
* air corridors are reached directly: district → the corridor's departure place.

Only outbound corridors that start inside Pakistan carry flows. Corridors that start abroad (the
North Africa routes: the report does not say how migrants reach North Africa) are left out and
listed in the network's notes. Legs of inbound and internal corridors stay in the graph as roads
a rerouting flow may use. Candidate checkpoint sites are places inside Pakistan on the corridors,
of the kinds town, crossing, port and airport; users can add others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from geo.gazetteer import Gazetteer
from geo.planner.assumptions import AIR, LAND_SEA, FlowAssumptions, record_weights
from geo.planner.network import Flow, FlowNetwork, NetworkError, add_edge

STAGING_PLACE = "karachi"
CANDIDATE_KINDS = ("town", "crossing", "port", "airport")
CONNECTOR_NOTE = {
    LAND_SEA: "Connector, assumption made here: to Karachi as staging city (§4.1)",
    AIR: "Connector, assumption made here: from the district to the departure place",
}


def corridor_group(corridor: Any) -> str:
    """``"air"`` when any leg flies (§4.1 note 13: 'routed through airports'), else land/sea."""
    return AIR if any(leg.mode == "air" for leg in corridor.legs) else LAND_SEA


def _corridor_nodes(corridor: Any) -> list[str]:
    legs = sorted(corridor.legs, key=lambda leg: leg.seq)
    return [legs[0].from_id, *(leg.to_id for leg in legs)]


def _add_place(graph: nx.DiGraph, gazetteer: Gazetteer, place_id: str) -> None:
    if place_id in graph:
        return
    place = gazetteer.get(place_id)
    graph.add_node(
        place_id,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        kind=place.kind,
        in_pakistan=place.country == "PAK",
        country=place.country,
        candidate=False,
    )


def _connector(graph: nx.DiGraph, u: str, v: str, group: str) -> None:
    if not graph.has_edge(u, v):
        add_edge(graph, {"from": u, "to": v, "mode": "connector", "note": CONNECTOR_NOTE[group]})


def from_corridors(
    corridors: Sequence[Any],
    gazetteer: Gazetteer,
    districts: Sequence[str],
    *,
    assumptions: FlowAssumptions | None = None,
    records: pd.DataFrame | None = None,
    leg_lengths: Mapping[tuple[str, str], float] | None = None,
    candidate_kinds: Sequence[str] = CANDIDATE_KINDS,
) -> FlowNetwork:
    """Build the planner network and its flows from atlas corridors.

    Parameters
    ----------
    corridors
        Objects with ``corridor_id``, ``name``, ``direction`` and ``legs`` (each with
        ``from_id``, ``to_id``, ``mode``, ``seq``), as ``geo.corridors.load_corridors`` gives.
    gazetteer
        Resolves place ids and district spellings.
    districts
        Source districts (any spelling the gazetteer knows).
    assumptions
        Flow assumptions (default ``FlowAssumptions()``); ignored when ``records`` is given.
    records
        Optional interception records (``origin_district``, ``corridor_id``, ``persons``):
        flows are then weighted by them instead (see ``assumptions.record_weights``).
    leg_lengths
        ``(from_id, to_id)`` → km, for example along sea lanes; default great-circle distance.
    """

    graph = nx.DiGraph()
    lengths = dict(leg_lengths or {})
    notes: list[str] = []
    for corridor in corridors:
        for leg in corridor.legs:
            for place_id in (leg.from_id, leg.to_id):
                _add_place(graph, gazetteer, place_id)
            if not graph.has_edge(leg.from_id, leg.to_id):
                add_edge(
                    graph,
                    {
                        "from": leg.from_id,
                        "to": leg.to_id,
                        "mode": leg.mode,
                        "length_km": lengths.get((leg.from_id, leg.to_id)),
                        "assumption": str(getattr(leg, "confidence", "")) == "assumption",
                        "note": f"{corridor.name}: {getattr(leg, 'note', '')}".rstrip(": "),
                    },
                )
    eligible: dict[str, Any] = {}
    for corridor in corridors:
        if corridor.direction != "outbound" or not corridor.legs:
            continue
        start = _corridor_nodes(corridor)[0]
        if not graph.nodes[start]["in_pakistan"]:
            notes.append(
                f"{corridor.name}: starts outside Pakistan and the report does not say how "
                "migrants reach its start; it carries no flow here."
            )
            continue
        eligible[corridor.corridor_id] = corridor
    if not eligible:
        raise NetworkError("no outbound corridor starts inside Pakistan")
    groups = {cid: corridor_group(c) for cid, c in eligible.items()}
    if records is not None:
        weights = record_weights(_resolve_records(records, gazetteer))
        unknown = sorted({cid for _, cid in weights} - set(eligible))
        if unknown:
            raise NetworkError(
                f"records name corridor(s) {', '.join(map(repr, unknown))} that carry no flow "
                f"here; known: {', '.join(sorted(eligible))}"
            )
        origins = sorted({d for d, _ in weights})
        notes.append("Flow weights: interception records (assumption made here).")
    else:
        origins = list(dict.fromkeys(gazetteer.resolve(d).place_id for d in districts))
        weights = (assumptions or FlowAssumptions()).weights(origins, groups)
    if STAGING_PLACE not in graph and any(g == LAND_SEA for g in groups.values()):
        _add_place(graph, gazetteer, STAGING_PLACE)
    flows = []
    for (origin, cid), weight in weights.items():
        _add_place(graph, gazetteer, origin)
        corridor = eligible[cid]
        path = _route(graph, origin, _corridor_nodes(corridor), groups[cid])
        flows.append(
            Flow(
                flow_id=f"{origin}__{cid}",
                origin=origin,
                destination=path[-1],
                path=path,
                weight=weight,
                group=groups[cid],
                corridor_id=cid,
                label=f"{graph.nodes[origin]['name']} → {corridor.name}",
            )
        )
    on_routes = {n for f in flows for n in f.path}
    for node in on_routes:
        data = graph.nodes[node]
        data["candidate"] = data["in_pakistan"] and data["kind"] in candidate_kinds
    return FlowNetwork(graph, tuple(flows), notes=tuple(notes))


def _resolve_records(records: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Records with district spellings replaced by place ids; all unknown names in one error."""
    if "origin_district" not in records:
        raise NetworkError("records lack column(s): origin_district")
    resolved, problems = [], []
    for name in records["origin_district"].astype(str):
        place = gazetteer.find(name)
        if place is None:
            hint = ", ".join(gazetteer.suggest(name)) or "no close match"
            problems.append(f"{name!r} (did you mean: {hint}?)")
            resolved.append("")
        else:
            resolved.append(place.place_id)
    if problems:
        raise NetworkError(f"records name unknown district(s): {'; '.join(problems)}")
    return records.assign(origin_district=resolved)


def _route(graph: nx.DiGraph, origin: str, corridor: list[str], group: str) -> tuple[str, ...]:
    """Origin → (connectors, assumption) → corridor nodes to its end."""
    if origin in corridor:
        return tuple(corridor[corridor.index(origin) :])
    if group == AIR:
        _connector(graph, origin, corridor[0], group)
        return (origin, *corridor)
    if STAGING_PLACE in corridor:
        head = corridor[corridor.index(STAGING_PLACE) :]
        _connector(graph, origin, STAGING_PLACE, group)
        return (origin, *head)
    _connector(graph, origin, STAGING_PLACE, group)
    _connector(graph, STAGING_PLACE, corridor[0], group)
    return (origin, STAGING_PLACE, *corridor)


def assumption_sampler(
    network: FlowNetwork, assumptions: FlowAssumptions
) -> Callable[[int, int], np.ndarray]:
    """A scenario sampler ``(n, seed) → (n, flows)`` drawing weights jointly from assumptions."""
    keys = [(f.origin, f.corridor_id) for f in network.flows]
    groups = {f.corridor_id: f.group for f in network.flows}

    def draw(n: int, seed: int) -> np.ndarray:
        return assumptions.sample(keys, groups, n=n, seed=seed)

    return draw


def default_network(
    *,
    assumptions: FlowAssumptions | None = None,
    records: pd.DataFrame | None = None,
    roles: Sequence[str] = ("migrant_source",),
    alternatives: bool = True,
) -> FlowNetwork:
    """The planner network from the project's corridors, gazetteer and district roles.

    With ``alternatives`` (the default) the crossings, coast launches and mode switches the
    report describes are added (``geo.planner.diversion``), so a closure diverts flow rather
    than deleting it.
    """
    from geo.corridors import load_corridors, load_legs
    from geo.gazetteer import load_gazetteer
    from geo.roles import load_district_roles

    frame = load_district_roles()
    districts = frame.loc[frame["role"].isin(roles), "district"].drop_duplicates().tolist()
    legs = load_legs()
    lengths = {
        (row.from_id, row.to_id): float(row.length_km)
        for row in legs[["from_id", "to_id", "length_km"]].itertuples(index=False)
    }
    network = from_corridors(
        load_corridors(),
        load_gazetteer(),
        districts,
        assumptions=assumptions,
        records=records,
        leg_lengths=lengths,
    )
    if alternatives:
        from geo.planner.diversion import with_alternatives

        network = with_alternatives(network)
    return network
