"""Map layers for a checkpoint plan: chosen sites, captured flow and the flow that escapes.

Flows are drawn per leg, as the sum of the flows on it, in two styles: captured flow as a solid
line and escaping flow as a dashed line of another colour (under evasive capture, along the route
by which it avoids the checkpoints). Lines are schematic (straight between places). Every popup
and the legend repeat that the numbers are model outputs under stated assumptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import folium

from geo.planner.network import FlowNetwork
from geo.planner.plan import MODEL_NOTE, Plan, flow_outcomes, site_table
from layers.basemap import OFFLINE_NAME, add_basemaps
from layers.legend import swatch
from layers.popups import escape_text
from layers.remote import RemoteRuntime
from layers.screen import MapLegend, add_screen_rules, folded_legend
from layers.tile_fallback import add_tile_fallback

CAPTURED_COLOUR = "#d7301f"
ESCAPING_COLOUR = "#2b8cbe"
ESCAPING_DASH = "8 6"
NEW_SITE_COLOUR = "#d7301f"
EXISTING_SITE_COLOUR = "#525252"
CANDIDATE_COLOUR = "#969696"
CLOSED_COLOUR = "#000000"


def _width(load: float, largest: float) -> float:
    return 2.0 + 8.0 * (load / largest) if largest > 0 else 2.0


def _leg_loads(network: FlowNetwork, plan: Plan) -> dict[tuple[str, str], list[float]]:
    """Leg → [captured flow, escaping flow], summed over flows drawn along it."""
    loads: dict[tuple[str, str], list[float]] = {}
    for row in flow_outcomes(network, plan).itertuples(index=False):
        captured = row.weight * row.captured_share
        for leg in zip(row.route, row.route[1:], strict=False):
            entry = loads.setdefault(leg, [0.0, 0.0])
            entry[0] += captured
            entry[1] += row.weight - captured
    return loads


def flow_layers(
    network: FlowNetwork,
    plan: Plan,
    *,
    unit: str = "share of modelled flow",
    title: str = "",
    show: bool = True,
) -> tuple[folium.FeatureGroup, folium.FeatureGroup]:
    """Two layers: captured flow (solid) and escaping flow (dashed), widths by load.

    ``title`` prefixes the layer names (for example "Before the closure: ").
    """
    loads = _leg_loads(network, plan)
    largest = max((max(v) for v in loads.values()), default=0.0)
    total = plan.total or 1.0
    captured = folium.FeatureGroup(name=f"{title}Captured flow (model output)", show=show)
    escaping = folium.FeatureGroup(name=f"{title}Escaping flow (model output)", show=show)
    for (u, v), (cap, esc) in sorted(loads.items()):
        a, b = network.graph.nodes[u], network.graph.nodes[v]
        coords = [(a["lat"], a["lon"]), (b["lat"], b["lon"])]
        leg = f"{escape_text(network.name(u))} → {escape_text(network.name(v))}"
        for load, group, colour, dash, label in (
            (cap, captured, CAPTURED_COLOUR, None, "captured"),
            (esc, escaping, ESCAPING_COLOUR, ESCAPING_DASH, "escaping"),
        ):
            if load <= 1e-12:
                continue
            folium.PolyLine(
                coords,
                color=colour,
                weight=_width(load, largest),
                opacity=0.75,
                dash_array=dash,
                tooltip=(
                    f"{leg}: {load / total:.1%} of modelled flow {label} ({escape_text(unit)}). "
                    f"{MODEL_NOTE}."
                ),
            ).add_to(group)
    return captured, escaping


def site_layer(network: FlowNetwork, plan: Plan) -> folium.FeatureGroup:
    """Chosen and existing checkpoints with popups (name, marginal gain, flow through)."""
    group = folium.FeatureGroup(name="Checkpoints (model output)")
    for row in site_table(network, plan).to_dict("records"):
        existing = row["status"] == "existing"
        popup = (
            f"<b>{escape_text(str(row['name']))}</b> ({escape_text(str(row['kind']))})<br>"
            f"{'Existing checkpoint' if existing else 'New checkpoint in this plan'}<br>"
            f"Marginal gain: {row['marginal_gain_share']:.1%} of modelled flow "
            "(lost if this site were dropped)<br>"
            f"Flow whose route passes here: {row['flow_through_share']:.1%}<br>"
            f"Captured by the whole plan: {plan.share:.1%}<br>"
            f"<i>{escape_text(MODEL_NOTE)}.</i>"
        )
        folium.CircleMarker(
            (row["lat"], row["lon"]),
            radius=9,
            color="#000000",
            weight=2,
            fill=True,
            fill_color=EXISTING_SITE_COLOUR if existing else NEW_SITE_COLOUR,
            fill_opacity=0.95,
            tooltip=escape_text(str(row["name"])),
            popup=folium.Popup(popup, max_width=320),
        ).add_to(group)
    return group


def candidate_layer(network: FlowNetwork, plan: Plan | None = None) -> folium.FeatureGroup:
    """Candidate sites not chosen, as small grey circles."""
    chosen = set(plan.placed) if plan is not None else set()
    group = folium.FeatureGroup(name="Candidate sites")
    for node in network.candidates:
        if node in chosen:
            continue
        data = network.graph.nodes[node]
        folium.CircleMarker(
            (data["lat"], data["lon"]),
            radius=5,
            color=CANDIDATE_COLOUR,
            fill=True,
            fill_opacity=0.6,
            tooltip=f"Candidate site: {escape_text(network.name(node))}",
        ).add_to(group)
    return group


def closed_layer(
    network: FlowNetwork, edges: Iterable[tuple[str, str]], nodes: Iterable[str]
) -> folium.FeatureGroup:
    """Legs and places closed in a what-if, drawn black with a cross."""
    group = folium.FeatureGroup(name="Closed in the what-if")
    for u, v in edges:
        a, b = network.graph.nodes[u], network.graph.nodes[v]
        folium.PolyLine(
            [(a["lat"], a["lon"]), (b["lat"], b["lon"])],
            color=CLOSED_COLOUR,
            weight=5,
            dash_array="2 8",
            tooltip=f"Closed: {escape_text(network.name(u))} → {escape_text(network.name(v))}",
        ).add_to(group)
    for node in nodes:
        data = network.graph.nodes[node]
        folium.Marker(
            (data["lat"], data["lon"]),
            icon=folium.DivIcon(html="<div style='font:bold 18px sans-serif'>✕</div>"),
            tooltip=f"Closed: {escape_text(network.name(node))}",
        ).add_to(group)
    return group


ALTERNATIVE_COLOUR = "#7a0177"


def alternatives_layer(network: FlowNetwork) -> folium.FeatureGroup | None:
    """The alternative edges (assumptions made here) as thin dashed lines, hidden at first."""
    drawn: set[frozenset[str]] = set()
    group = folium.FeatureGroup(name="Alternatives (assumptions made here)", show=False)
    for u, v, data in network.graph.edges(data=True):
        if not data.get("alternative") or frozenset((u, v)) in drawn:
            continue
        drawn.add(frozenset((u, v)))
        a, b = network.graph.nodes[u], network.graph.nodes[v]
        folium.PolyLine(
            [(a["lat"], a["lon"]), (b["lat"], b["lon"])],
            color=ALTERNATIVE_COLOUR,
            weight=1.5,
            opacity=0.6,
            dash_array="3 5",
            tooltip=f"{escape_text(network.name(u))} – {escape_text(network.name(v))}: "
            f"{escape_text(data['alternative'])}. {escape_text(data.get('note', ''))}",
        ).add_to(group)
    return group if drawn else None


def planner_legend(plan: Plan) -> str:
    """Legend markup for the planner map."""
    rows = [
        f"<b>Checkpoint plan</b>: {escape_text(plan.spec.objective.label)}",
        swatch(NEW_SITE_COLOUR, "New checkpoint", shape="circle"),
        swatch(EXISTING_SITE_COLOUR, "Existing checkpoint", shape="circle"),
        swatch(CANDIDATE_COLOUR, "Candidate site not chosen", shape="circle"),
        swatch(CAPTURED_COLOUR, "Captured flow (width by share)", shape="line"),
        swatch(ESCAPING_COLOUR, "Escaping flow (dashed)", shape="line", dash=ESCAPING_DASH),
        swatch(ALTERNATIVE_COLOUR, "Alternative route (assumption)", shape="line", dash="3 5"),
        "<div><i>Lines are schematic: straight between places.</i></div>",
        f"<div><i>{escape_text(MODEL_NOTE)}.</i></div>",
    ]
    return "".join(rows)


def planner_map(
    network: FlowNetwork,
    plan: Plan | None,
    *,
    basemap: str = OFFLINE_NAME,
    closed_edges: Sequence[tuple[str, str]] = (),
    closed_nodes: Sequence[str] = (),
    base_network: FlowNetwork | None = None,
    before: Plan | None = None,
    remote: bool = False,
) -> folium.Map:
    """A map of the network, the plan's sites and its captured and escaping flow.

    ``base_network`` (the network before a what-if closure) is used to draw closed legs and
    places, which no longer exist in ``network``; with ``before`` (the plan before the
    closure) its flow is drawn too, in layers hidden at first, so before and after compare.
    With ``remote`` the offline basemap's geometry is fetched from the app's static files
    instead of embedded (the page; a standalone file must embed it).
    """
    m = folium.Map(location=(29.5, 66.0), zoom_start=5, tiles=None, prefer_canvas=True)
    if remote:
        RemoteRuntime().add_to(m)  # first: the offline basemap uses it
    add_basemaps(m, default=basemap, remote=remote)
    add_tile_fallback(m)
    add_screen_rules(m)
    if before is not None and base_network is not None:
        for layer in flow_layers(base_network, before, title="Before the closure: ", show=False):
            layer.add_to(m)
    if plan is not None:
        title = "After the closure: " if before is not None else ""
        for layer in flow_layers(network, plan, title=title):
            layer.add_to(m)
    if closed_edges or closed_nodes:
        closed_layer(base_network or network, closed_edges, closed_nodes).add_to(m)
    alternatives = alternatives_layer(base_network or network)
    if alternatives is not None:
        alternatives.add_to(m)
    candidate_layer(network, plan).add_to(m)
    if plan is not None:
        site_layer(network, plan).add_to(m)
        MapLegend(folded_legend(planner_legend(plan))).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
