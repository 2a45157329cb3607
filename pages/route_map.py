"""Route map page: the layered atlas with role colouring, filters, figures and costs."""

from __future__ import annotations

import copy

import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import load_districts
from geo.catalog import load_definitions
from geo.corridors import all_destinations, load_corridors, select_corridors
from geo.figures import figures_by_measure, load_figures, load_measures
from geo.records import service
from geo.records.aggregate import RecordFilter
from geo.roles import load_district_roles, role_choices
from layers.basemap import BASEMAP_NAMES
from layers.districts import role_label
from layers.figures import measure_title, symbol_figures
from layers.records import district_totals, records_district_layer, records_place_layer
from layers.route_map import RouteMapOptions, build_route_map
from pages.common import current_rates, current_session, offline_ready, records_store


@st.cache_resource(show_spinner="Drawing the map…", max_entries=32)
def route_map(options: RouteMapOptions, pkr_per_usd: float, eur_per_usd: float):
    """One folium map per distinct set of options and rates, shared by all sessions.

    The cached map is never rendered itself: rendering mutates a folium map, so each run
    renders a copy.
    """
    return offline_ready(build_route_map(options, rates=current_rates()))


def records_overlay():
    """Imported interception records for the shared period and filters, or None.

    Drawn as a layer added to the live map, never one marker per record; a public session gets
    aggregates with small counts suppressed (the records service enforces it).
    """
    store = records_store()
    session = current_session(store)
    span = service.month_range(store, session)
    if span is None:
        st.caption(
            "No interception records are loaded. The report gives no series of its own (§2.4); "
            "agencies can import theirs on the **Data** page."
        )
        return None
    with st.expander("Interception records on the map", expanded=True):
        left, right = st.columns(2)
        shown = left.toggle("Show imported records", value=True, key="route_records_on")
        by = right.radio(
            "Aggregate", ["by place", "by district"], horizontal=True, key="route_records_by"
        )
        filt = RecordFilter.from_dict(st.session_state.get("records_filter"))
        period = f"{filt.start_month or span[0]} to {filt.end_month or span[1]}"
        st.caption(
            f"Period {period}; filters are set on the **Interceptions** page. Orange circles: "
            "persons in the records, circle area proportional to persons (grey: a count below "
            "the disclosure threshold). Records are the agencies' own, not figures of the report."
        )
    if not shown:
        return None
    if by == "by place":
        return records_place_layer(service.summary(store, session, "place", filt), period=period)
    totals = district_totals(service.summary(store, session, "district", filt))
    return records_district_layer(load_districts(), totals, period=period)


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

notes = load_definitions()
with st.expander("What the report does not say"):
    for line in notes["silences"]:
        st.markdown(f"- {line}")
    st.markdown(
        "Interception records that agencies hold can be loaded on the **Data** page; "
        "the report itself gives no series by year, district or sex."
    )
