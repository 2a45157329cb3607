"""A trivial page of the app's stack: one st_folium map with one marker, assets served locally.

The baseline the browser benchmarks compare a page's first paint with. The benchmark runs a
copy of this file placed in the project root, so it gets the app's configuration and static
folder, as the app's pages do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run from a copy in the project root

from pages.common import offline_ready  # noqa: E402

st.title("Trivial map")
m = folium.Map(location=[30.0, 69.5], zoom_start=5, tiles=None)
folium.Marker([30.0, 69.5], tooltip="one marker").add_to(m)
st_folium(offline_ready(m), returned_objects=[], height=560, use_container_width=True, key="m")
