"""Helpers the pages share: offline map assets, the records store and the session's role.

State shared between pages (currency, rates, the log-in token) lives in :mod:`pages.state`.
Imported by pages; it draws no widgets.
"""

from __future__ import annotations

from textwrap import dedent

import folium
import streamlit as st
from streamlit_folium import generate_leaflet_string, get_full_id

from geo.paths import PROJECT_DIR
from geo.records.access import Session, session_from_token
from geo.records.store import RecordStore, database_location
from layers.assets import STATIC_URL, localise_assets, used_urls, write_static_assets
from layers.remote import PLACEHOLDER, PrerenderedGroup
from pages import state

STATIC_VENDOR_DIR = PROJECT_DIR / "static" / "vendor"


def offline_ready(m: folium.Map) -> folium.Map:
    """Serve the map's Leaflet/folium assets from this app rather than from public CDNs.

    The files come from a pinned package and are written once into Streamlit's static folder,
    so the map renders with no internet; only tile layers still need a network.
    """
    write_static_assets(STATIC_VENDOR_DIR, used_urls(m))
    return localise_assets(m, base_url=STATIC_URL)


def prerendered(group: folium.FeatureGroup) -> PrerenderedGroup:
    """``group`` with its script rendered once, as ``st_folium(feature_group_to_add=...)``
    would render it on every run (see ``layers.remote.PrerenderedGroup``)."""
    scratch = folium.Map(tiles=None)
    group._id = PLACEHOLDER
    group.add_to(scratch)
    group.render()
    js = generate_leaflet_string(group, base_id=PLACEHOLDER)
    return PrerenderedGroup(group, dedent(js.replace(get_full_id(scratch), "map_div")))


def records_url() -> str:
    """Where records live: ``DATABASE_URL`` when it names PostgreSQL, else the SQLite file."""
    return database_location().url


@st.cache_resource
def _store(url: str) -> RecordStore:
    return RecordStore(url)


def records_store() -> RecordStore:
    """The records store, one per database location, shared by all sessions."""
    return _store(records_url())


def current_session(store: RecordStore) -> Session:
    """This browser session's role (public unless logged in on the Data page)."""
    return session_from_token(store, state.auth_token())
