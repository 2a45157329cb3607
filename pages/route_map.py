"""Route map page: the layered atlas with role colouring, filters, figures and costs.

The map's frame is built once and stays in the browser; a change of filter, layers, currency or
basemap sends only the overlays of the new view (see ``layers.route_map.live_overlays``). The
view lives in the address, so a link or a reload reproduces it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.catalog import load_definitions
from geo.corridors import all_destinations, load_corridors, select_corridors
from geo.figures import figures_by_measure, load_figures, load_measures
from geo.roles import load_district_roles, role_choices
from layers.basemap import BASEMAP_NAMES
from layers.districts import role_label
from layers.figures import measure_title, symbol_figures
from layers.route_map import RouteMapOptions, live_base_map, live_overlays
from layers.screen import KeptLayerControl
from pages import state
from pages.common import offline_ready, prerendered
from pages.records_overlay import RECORDS_LINK_PARAMS, records_overlay

logger = logging.getLogger(__name__)
PAGE = "route_map"
MAP_HEIGHT = 640


@st.cache_resource(show_spinner=False)
def base_map() -> folium.Map:
    """The map's frame, the same for every view and session (each run renders a copy)."""
    return offline_ready(live_base_map())


@st.cache_resource(show_spinner="Drawing the map…", max_entries=64)
def overlays(
    options: RouteMapOptions, pkr_per_usd: float, eur_per_usd: float
) -> list[folium.FeatureGroup]:
    """The overlays of one view at one pair of rates, shared by all sessions (copied per run).

    Each group's script is rendered here once (a rerun only renames it); the groups link no
    browser assets of their own (the map's frame links Leaflet and its plugins).
    """
    return [prerendered(group) for group in live_overlays(options, rates=state.rates())]


corridors = load_corridors()
choices = role_choices(load_district_roles())
groups = figures_by_measure(symbol_figures(load_figures()))
measure_names = {measure_title(measure): measure for measure in sorted(groups)}
measures = load_measures()
corridor_names = {c.name: c.corridor_id for c in corridors}


DIRECTIONS = ["outbound", "inbound", "internal"]
MODES = ["land", "sea", "air", "unspecified"]
DESTINATIONS = all_destinations(corridors)


def _role_text(option: tuple[str, str | None]) -> str:
    return option[0] if not option[1] else f"{option[0]}:{option[1]}"


def _many(
    name: str, key: str, options: list[str], dump: Callable[[str], str] = str
) -> state.LinkParam:
    return state.LinkParam(name, key, state.choice(options, dump=dump), dump, many=True, default=[])


PARAMS = (
    state.LinkParam(
        "role", "route_role", state.choice(choices, dump=_role_text), _role_text, default=choices[0]
    ),
    _many("dir", "route_directions", DIRECTIONS),
    _many("mode", "route_modes", MODES),
    _many("dest", "route_destinations", DESTINATIONS),
    _many("corridor", "route_corridors", list(corridor_names), corridor_names.__getitem__),
    state.LinkParam(
        "layers",
        "route_measures",
        state.choice(list(measure_names), dump=measure_names.__getitem__),
        measure_names.__getitem__,
        many=True,
        default=[t for t, m in measure_names.items() if measures[m].drawn_by_default],
    ),
    state.LinkParam(
        "basemap", "route_basemap", state.choice(BASEMAP_NAMES), default=BASEMAP_NAMES[0]
    ),
    *RECORDS_LINK_PARAMS,
)


@st.fragment
def view() -> None:
    """Filters and the map: a change here reruns this part of the page only."""
    with st.container(border=True):
        left, middle, right = st.columns(3)
        role, detail = left.selectbox(
            "Colour districts by", choices, format_func=lambda c: role_label(*c), key="route_role"
        )
        directions = middle.multiselect("Direction", DIRECTIONS, key="route_directions")
        modes = middle.multiselect("Mode", MODES, key="route_modes")
        destinations = right.multiselect("Destination", DESTINATIONS, key="route_destinations")
        named = right.multiselect("Corridor", list(corridor_names), key="route_corridors")
        chosen = left.multiselect(
            "Figure layers (each with its own scale)", list(measure_names), key="route_measures"
        )
        basemap = right.selectbox("Basemap", BASEMAP_NAMES, key="route_basemap")
    picked = select_corridors(
        corridors,
        ids={corridor_names[n] for n in named} or None,
        modes=set(modes) or None,
        destinations=set(destinations) or None,
        directions=set(directions) or None,
    )
    options = RouteMapOptions(
        role=role,
        detail=detail,
        corridor_ids=frozenset(c.corridor_id for c in picked),
        measures=frozenset(measure_names[t] for t in chosen),
        currency=state.currency(),
        basemap=basemap,
    )
    state.write_view(PARAMS)
    state.set_route_map_view(options)
    rates = state.rates()
    with st.container():  # one block, so the map below keeps its place whatever shows here
        if role == "migrant_source":
            st.info(
                "The FIA identified 23 main source districts (§4.1, §9.1) but the report does not "
                "list them. The map colours only the districts the report itself names as "
                "sources; whether they are among the 23 is not stated."
            )
        if not picked:
            st.warning("No corridor matches these filters; the map shows places and figures only.")
        st.caption(f"{len(picked)} of {len(corridors)} corridors shown.")
    with st.container():
        records_group = records_overlay()
    drawn = copy.deepcopy(overlays(options, rates.rate("PKR").per_usd, rates.rate("EUR").per_usd))
    if records_group is not None:
        drawn.insert(len(drawn) - 1, records_group)  # the last group stamps the view as drawn
    st_folium(
        copy.deepcopy(base_map()),
        feature_group_to_add=drawn,
        layer_control=KeptLayerControl(collapsed=True, position="topright"),
        returned_objects=[],
        height=MAP_HEIGHT,
        use_container_width=True,
        key="route_map",
    )
    state.link_control()


st.title("Route map")
st.caption(
    "Corridors, source districts, crossings, ports, figures and costs from UNODC (2011). "
    "Click any line, area or symbol for its figure, unit, period, section, quote and confidence."
)
state.show_notices(state.restore_view(PAGE, PARAMS))
view()

with st.expander("What the report does not say"):
    for line in load_definitions()["silences"]:
        st.markdown(f"- {line}")
    st.markdown(
        "Interception records that agencies hold can be loaded on the **Data** page; "
        "the report itself gives no series by year, district or sex."
    )
