"""Input sections of the Checkpoint planner page: assumptions, network, question, added sites.

Each function draws one section and returns what the page needs from it; the rules behind the
inputs live in ``geo/planner`` (``question``, ``assumptions``, ``roads``, ``diversion``, ``sites``).
"""

from __future__ import annotations

import io
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.confidence import Confidence
from geo.errors import UserInputError
from geo.exports import escape_markdown, to_csv_text
from geo.gazetteer import load_gazetteer
from geo.planner.assumptions import AIR_SHARE_SOURCE, AIR_SHARE_WIDTH, FlowAssumptions
from geo.planner.atlas import default_network
from geo.planner.kinds import Method
from geo.planner.network import FlowNetwork
from geo.planner.objectives import PlanSpec
from geo.planner.question import Limit, PageObjective, plan_spec
from geo.planner.ranges import Range
from geo.planner.roads import MAX_SNAP_KM, load_road_graph, road_network
from geo.planner.sites import add_site_at, add_site_by_name
from geo.records import service
from pages import state
from pages.common import current_session, records_store

logger = logging.getLogger(__name__)
USER_SITES = "pl_user_sites"


def _flag(text: str) -> bool:
    return {"1": True, "0": False}[text]


def _flag_text(value: Any) -> str:
    return "1" if value else "0"


def _bounded(low: float, high: float, kind: type = float) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if not low <= value <= high:
            raise ValueError("out of range")
        return value

    return parse


def _site(text: str) -> dict[str, Any]:
    parts = text.split("|")
    if len(parts) == 1 and parts[0].strip():
        return {"how": "name", "name": parts[0].strip()}
    if len(parts) == 3:
        return {"how": "click", "name": parts[0], "lat": float(parts[1]), "lon": float(parts[2])}
    raise ValueError("not a site")


def _site_text(site: dict[str, Any]) -> str:
    if site["how"] == "name":
        return str(site["name"])
    return f"{site['name']}|{site['lat']:.5f}|{site['lon']:.5f}"


LINK_PARAMS: tuple[state.LinkParam, ...] = (
    state.LinkParam("objective", "pl_objective", state.choice(list(PageObjective))),
    state.LinkParam("limit", "pl_limit", state.choice(list(Limit))),
    state.LinkParam("k", "pl_k", _bounded(1, 50, int)),
    state.LinkParam("budget", "pl_budget", _bounded(0.0, 1000.0)),
    state.LinkParam("tol", "pl_tol", _bounded(0.0, 2.0)),
    state.LinkParam("method", "pl_method", state.choice(list(Method))),
    state.LinkParam("alt", "pl_alternatives", _flag, _flag_text),
    state.LinkParam("existing", "pl_existing", many=True),
    state.LinkParam("site", USER_SITES, _site, _site_text, many=True),
    state.LinkParam("barrier", "pl_barrier", _flag, _flag_text),
    state.LinkParam("close", "pl_close_nodes", many=True),
    state.LinkParam("leg", "pl_close_legs", many=True),
)
"""The planner's view in its link: objective, k or budget, tolerance, sites and closures."""


def keep_valid(key: str, options: list[str]) -> None:
    """Drop values a link put in a multiselect that this network does not offer."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list):
        st.session_state[key] = [c for c in chosen if c in options]


@st.cache_resource(show_spinner="Building the corridor network…")
def base_network(
    assumptions: FlowAssumptions, records_csv: bytes | None, alternatives: bool
) -> FlowNetwork:
    """The planner network for one set of assumptions (shared read-only)."""
    records = None if records_csv is None else pd.read_csv(io.BytesIO(records_csv))
    return default_network(assumptions=assumptions, records=records, alternatives=alternatives)


@st.cache_resource(show_spinner="Building the road network…")
def roads_network(atlas: FlowNetwork, data: bytes, name: str, snap_km: float) -> FlowNetwork:
    """The atlas's flows on the user's road file (shared read-only)."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="planner-roads-") as tmp:
        path = Path(tmp, f"roads{suffix}")
        path.write_bytes(data)
        roads = load_road_graph(path)
    return road_network(roads, atlas, max_snap_km=snap_km, source=Path(name).name)


def stored_record_flows() -> bytes | None:
    """Persons by origin district and corridor from the records store, as the upload's CSV.

    None when no record names both; a public session's small counts are left out, not guessed.
    """
    store = records_store()
    session = current_session(store)
    if service.month_range(store, session) is None:
        return None
    frame = service.cross_summary(store, session, ("origin_district", "corridor"))
    frame = frame[
        frame["persons"].notna() & (frame["origin_district"] != "") & (frame["corridor"] != "")
    ]
    if frame.empty:
        return None
    flows = frame.rename(columns={"corridor": "corridor_id"})
    return to_csv_text(flows[["origin_district", "corridor_id", "persons"]]).encode()


def assumptions_section() -> tuple[FlowAssumptions, bytes | None]:
    """Editable flow assumptions, or interception records as weights. Stops on bad values."""
    with st.expander("Flow assumptions (editable ranges)", expanded=False):
        c1, c2, c3 = st.columns(3)
        low = c1.number_input("Air share, low (%)", 0.0, 100.0, 10.0, key="pl_air_low")
        point = c2.number_input("Air share, point (%)", 0.0, 100.0, 20.0, key="pl_air_point")
        high = c3.number_input("Air share, high (%)", 0.0, 100.0, 30.0, key="pl_air_high")
        d1, d2 = st.columns(2)
        ds = d1.slider("District share may vary by ±", 0.0, 0.9, 0.5, 0.05, key="pl_ds")
        cs = d2.slider("Corridor share may vary by ±", 0.0, 0.9, 0.5, 0.05, key="pl_cs")
        upload = st.file_uploader(
            "Or weight flows by interception records (CSV: origin_district, corridor_id, persons)",
            type=["csv"],
            key="pl_records",
        )
        stored = stored_record_flows()
        use_stored = stored is not None and st.checkbox(
            "Weight flows by the imported interception records (origin district × corridor)",
            key="pl_use_store",
        )
    records_csv = stored if use_stored else upload.getvalue() if upload is not None else None
    try:
        air = Range(
            low / 100,
            point / 100,
            high / 100,
            confidence=Confidence.ESTIMATE,
            source=AIR_SHARE_SOURCE,
            width_note=AIR_SHARE_WIDTH,
        )
        assumptions = FlowAssumptions(air_share=air, district_spread=ds, corridor_spread=cs)
    except UserInputError as err:
        st.error(f"These assumptions cannot be used: {escape_markdown(err)}")
        st.stop()
    return assumptions, records_csv


def network_section(assumptions: FlowAssumptions, records_csv: bytes | None) -> FlowNetwork:
    """The atlas network (with or without the alternatives) or the user's roads. Stops on error."""
    with st.expander("Network: alternatives the report describes, or your own roads"):
        alternatives = st.checkbox(
            "Add the alternatives the report describes (crossings all along the Iran border, "
            "coast launches, mode switches at ports; assumptions made here, §3.2, §4.1)",
            value=True,
            key="pl_alternatives",
        )
        roads = st.file_uploader(
            "Or plan on your own road network (GeoJSON, GeoPackage, zipped Shapefile, OSM XML)",
            type=["geojson", "json", "gpkg", "zip", "osm", "xml"],
            key="pl_roads",
        )
        snap = st.number_input(
            "Snap atlas places to the nearest road node within (km)",
            1.0,
            200.0,
            MAX_SNAP_KM,
            key="pl_snap",
        )
    try:
        network = base_network(assumptions, records_csv, alternatives)
        if roads is not None:
            network = roads_network(network, roads.getvalue(), roads.name, float(snap))
    except UserInputError as err:
        logger.info("planner network refused: %s", err)
        st.error(f"This network cannot be used: {escape_markdown(err)}")
        st.stop()
    st.dataframe(assumptions.table(), hide_index=True, width="stretch")
    for line in network.notes:
        st.caption(line)
    return with_user_sites(network, st.session_state.setdefault(USER_SITES, []))


def with_user_sites(network: FlowNetwork, sites: list[dict[str, Any]]) -> FlowNetwork:
    """Apply the user's added sites in order; report those that cannot be placed."""
    for entry in sites:
        try:
            if entry["how"] == "name":
                network, _ = add_site_by_name(network, load_gazetteer(), entry["name"])
            else:
                network, _ = add_site_at(network, entry["lat"], entry["lon"], name=entry["name"])
        except UserInputError as err:
            st.warning(escape_markdown(f"Site {entry['name']!r} not added: {err}"))
    return network


@dataclass(frozen=True)
class Question:
    """What the user asked: the plan and how to solve it."""

    objective: PageObjective
    method: Method
    curve_k: int
    time_limit: float
    spec: PlanSpec | None
    error: str


def question_section(network: FlowNetwork) -> Question:
    """Objective, limit, tolerance, method, existing checkpoints, site costs and detection."""
    names = {n: network.name(n) for n in network.graph.nodes}
    pak = sorted(
        (n for n, d in network.graph.nodes(data=True) if d["in_pakistan"]), key=network.name
    )
    keep_valid("pl_existing", pak)
    with st.container(border=True):
        left, middle, right = st.columns(3)
        objective = left.selectbox(
            "Objective", list(PageObjective), format_func=lambda o: o.label, key="pl_objective"
        )
        limit = left.radio("Limit by", list(Limit), key="pl_limit")
        k = left.number_input("k: new checkpoints", 1, 50, 3, key="pl_k")
        tolerance = middle.slider(
            "Detour tolerance (evasive): routes up to this much longer are acceptable",
            0.0,
            2.0,
            0.3,
            0.05,
            key="pl_tol",
            help="Assumption made here: the report gives no figure for how far smugglers detour.",
        )
        method = middle.selectbox("Method", list(Method), key="pl_method")
        curve_k = middle.number_input("Coverage curve up to k =", 0, 20, 6, key="pl_curve_k")
        existing = right.multiselect(
            "Existing checkpoints (already in place)",
            pak,
            format_func=network.name,
            key="pl_existing",
        )
        time_limit = right.number_input("Time limit (s)", 1, 600, 30, key="pl_time")
        sites = pd.DataFrame(
            {
                "site": list(network.candidates),
                "name": [names[n] for n in network.candidates],
                "cost": 1.0,
                "detection": 1.0,
            }
        )
        with st.expander("Candidate sites: cost and detection probability (static capture)"):
            st.caption(
                "Costs and detection probabilities are inputs made here (Assumption made here); "
                "the report gives neither. Evasive capture treats every checkpoint as certain."
            )
            edited = st.data_editor(
                sites,
                disabled=["site", "name"],
                hide_index=True,
                key="pl_sites_editor",
                column_config={
                    "cost": st.column_config.NumberColumn(min_value=0.01),
                    "detection": st.column_config.NumberColumn(min_value=0.01, max_value=1.0),
                },
            )
            budget = st.number_input(
                "Budget (same unit as cost)", 0.0, 1000.0, 3.0, key="pl_budget"
            )
    spec, error = None, ""
    try:
        spec = plan_spec(
            PageObjective(objective or PageObjective.STATIC),
            limit=Limit(limit or Limit.K),
            k=int(k),
            budget=float(budget),
            site_cost=dict(zip(edited["site"], edited["cost"], strict=True)),
            detection=dict(zip(edited["site"], edited["detection"], strict=True)),
            existing=existing,
            tolerance=float(tolerance),
        )
    except UserInputError as err:
        error = str(err)
    chosen = PageObjective(objective or PageObjective.STATIC)
    return Question(
        chosen, Method(method or Method.EXACT), int(curve_k), float(time_limit), spec, error
    )


def add_sites_section(network: FlowNetwork) -> None:
    """Add candidate sites by gazetteer name or by the last map click."""
    with st.expander("Add candidate sites by name or by clicking the map"):
        a1, a2 = st.columns([3, 1])
        typed = a1.text_input("Place name (gazetteer)", key="pl_add_name")
        if a2.button("Add place", key="pl_add_name_btn") and typed.strip():
            try:
                add_site_by_name(network, load_gazetteer(), typed)
                st.session_state[USER_SITES].append({"how": "name", "name": typed.strip()})
                st.rerun()
            except UserInputError as err:
                st.error(escape_markdown(err))
        clicked = st.session_state.get("pl_last_click")
        if clicked:
            label = st.text_input(
                "Name for the clicked point", "Checkpoint site", key="pl_click_name"
            )
            st.caption(f"Last click: {clicked['lat']:.3f}, {clicked['lng']:.3f}")
            if st.button("Add clicked point as a site", key="pl_add_click"):
                try:
                    add_site_at(network, clicked["lat"], clicked["lng"], name=label)
                    st.session_state[USER_SITES].append(
                        {
                            "how": "click",
                            "name": label,
                            "lat": clicked["lat"],
                            "lon": clicked["lng"],
                        }
                    )
                    st.rerun()
                except UserInputError as err:
                    st.error(escape_markdown(err))
        if st.session_state[USER_SITES]:
            st.write("Added: " + ", ".join(s["name"] for s in st.session_state[USER_SITES]))
            if st.button("Remove added sites", key="pl_clear_sites"):
                st.session_state[USER_SITES] = []
                st.rerun()
