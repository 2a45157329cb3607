"""Route map page: the layered atlas with role colouring, filters, figures and costs."""

from __future__ import annotations

import copy

import streamlit as st
from streamlit_folium import st_folium

from geo.catalog import load_definitions
from geo.corridors import all_destinations, load_corridors, select_corridors
from geo.figures import figures_by_measure, load_figures, load_measures
from geo.roles import load_district_roles, role_choices
from layers.basemap import BASEMAP_NAMES
from layers.districts import role_label
from layers.figures import measure_title, symbol_figures
from layers.route_map import RouteMapOptions, build_route_map
from pages import state
from pages.common import current_rates, offline_ready
from pages.records_overlay import RECORDS_LINK_PARAMS, records_overlay


@st.cache_resource(show_spinner="Drawing the map…", max_entries=32)
def route_map(options: RouteMapOptions, pkr_per_usd: float, eur_per_usd: float):
    """One folium map per distinct set of options and rates, shared by all sessions.

    The cached map is never rendered itself: rendering mutates a folium map, so each run
    renders a copy.
    """
    return offline_ready(build_route_map(options, rates=current_rates()))


for notice in state.restore_view("route_map", RECORDS_LINK_PARAMS):
    st.info(notice)
st.title("Route map")
st.caption(
    "Corridors, source districts, crossings, ports, figures and costs from UNODC (2011). "
    "Click any line, area or symbol for its figure, unit, period, section, quote and confidence."
)

corridors = load_corridors()
choices = role_choices(load_district_roles())
groups = figures_by_measure(symbol_figures(load_figures()))
measure_names = {measure_title(measure): measure for measure in sorted(groups)}
defaults = load_measures()

with st.container(border=True):
    left, middle, right = st.columns(3)
    role, detail = left.selectbox(
        "Colour districts by",
        choices,
        format_func=lambda choice: role_label(*choice),
        key="route_role",
    )
    directions = middle.multiselect(
        "Direction", ["outbound", "inbound", "internal"], key="route_directions"
    )
    modes = middle.multiselect("Mode", ["land", "sea", "air", "unspecified"], key="route_modes")
    destinations = right.multiselect(
        "Destination", all_destinations(corridors), key="route_destinations"
    )
    names = {c.name: c.corridor_id for c in corridors}
    named = right.multiselect("Corridor", list(names), key="route_corridors")
    picked = select_corridors(
        corridors,
        ids={names[n] for n in named} or None,
        modes=set(modes) or None,
        destinations=set(destinations) or None,
        directions=set(directions) or None,
    )
    left.multiselect(
        "Figure layers (each with its own scale)",
        list(measure_names),
        default=[t for t, m in measure_names.items() if defaults[m].drawn_by_default],
        key="route_measures",
    )
    basemap = right.selectbox("Basemap", BASEMAP_NAMES, key="route_basemap")

options = RouteMapOptions(
    role=role,
    detail=detail,
    corridor_ids=frozenset(c.corridor_id for c in picked),
    measures=frozenset(measure_names[t] for t in st.session_state["route_measures"]),
    currency=st.session_state.get("currency", "PKR"),
    basemap=basemap,
)
rates = current_rates()
if role == "migrant_source":
    st.info(
        "The FIA identified 23 main source districts (§4.1, §9.1) but the report does not list "
        "them. The map colours only the districts the report itself names as sources; whether "
        "they are among the 23 is not stated."
    )
if not picked:
    st.warning("No corridor matches these filters; the map shows places and figures only.")
st.caption(f"{len(picked)} of {len(corridors)} corridors shown.")

records_group = records_overlay()

st_folium(
    copy.deepcopy(route_map(options, rates.rate("PKR").per_usd, rates.rate("EUR").per_usd)),
    feature_group_to_add=records_group,
    returned_objects=[],
    height=640,
    use_container_width=True,
    key="route_map",
)
state.write_view(RECORDS_LINK_PARAMS)

notes = load_definitions()
with st.expander("What the report does not say"):
    for line in notes["silences"]:
        st.markdown(f"- {line}")
    st.markdown(
        "Interception records that agencies hold can be loaded on the **Data** page; "
        "the report itself gives no series by year, district or sex."
    )
