"""Input sections of the Checkpoint planner page: flow assumptions and the network.

Each function draws one section and returns what the page needs from it; the rules behind the
inputs live in ``geo/planner`` (``assumptions``, ``roads``, ``sites``).
"""

from __future__ import annotations

import io
import logging
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.confidence import Confidence
from geo.errors import UserInputError
from geo.exports import escape_markdown, to_csv_text
from geo.gazetteer import load_gazetteer
from geo.planner.assumptions import (
    AIR_SHARE_SOURCE,
    AIR_SHARE_WIDTH,
    FlowAssumptions,
    record_flows,
)
from geo.planner.atlas import default_network
from geo.planner.network import FlowNetwork
from geo.planner.ranges import Range
from geo.planner.roads import MAX_SNAP_KM, load_road_graph, road_network
from geo.planner.sites import add_site_at, add_site_by_name
from geo.records import service
from pages.common import current_session, records_store
from pages.planner_link import USER_SITES

logger = logging.getLogger(__name__)


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
    flows = record_flows(service.cross_summary(store, session, ("origin_district", "corridor")))
    if flows.empty:
        return None
    return to_csv_text(flows).encode()


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
