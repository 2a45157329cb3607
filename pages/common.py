"""Helpers every page that shows a map shares (imported by pages; no widgets of its own)."""

from __future__ import annotations

import folium

from geo.paths import PROJECT_DIR
from layers.assets import STATIC_URL, localise_assets, used_urls, write_static_assets

STATIC_VENDOR_DIR = PROJECT_DIR / "static" / "vendor"


def offline_ready(m: folium.Map) -> folium.Map:
    """Serve the map's Leaflet/folium assets from this app rather than from public CDNs.

    The files come from a pinned package and are written once into Streamlit's static folder,
    so the map renders with no internet; only tile layers still need a network.
    """
    write_static_assets(STATIC_VENDOR_DIR, used_urls(m))
    return localise_assets(m, base_url=STATIC_URL)
