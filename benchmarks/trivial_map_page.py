"""The browser benchmark's reference: one ``st_folium`` map with one marker, nothing else.

Served by the app itself (``app.py`` adds it when ``ROUTE_ATLAS_BENCH_PAGE=1``), so it runs in
the same stack as the Route map: same server, sidebar, Leaflet assets served the same way.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from pages.common import offline_ready


@st.cache_resource
def trivial_map() -> folium.Map:
    """A map with no tiles and one marker (the benchmark runs without internet)."""
    m = folium.Map(location=(28.5, 63.0), zoom_start=5, tiles=None)
    folium.CircleMarker((24.86, 67.0), radius=8, tooltip="Karachi").add_to(m)
    return offline_ready(m)


st.title("Trivial map")
st_folium(trivial_map(), returned_objects=[], height=640, use_container_width=True, key="trivial")
