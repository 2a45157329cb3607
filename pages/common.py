"""Helpers the pages share: offline map assets, exchange rates, the records store and session.

Imported by pages; it draws no widgets of its own.
"""

from __future__ import annotations

import folium
import streamlit as st

from geo.currency import RateTable, load_rates
from geo.paths import PROJECT_DIR
from geo.records.access import Session, session_from_token
from geo.records.store import RecordStore, database_location
from layers.assets import STATIC_URL, localise_assets, used_urls, write_static_assets

STATIC_VENDOR_DIR = PROJECT_DIR / "static" / "vendor"


def offline_ready(m: folium.Map) -> folium.Map:
    """Serve the map's Leaflet/folium assets from this app rather than from public CDNs.

    The files come from a pinned package and are written once into Streamlit's static folder,
    so the map renders with no internet; only tile layers still need a network.
    """
    write_static_assets(STATIC_VENDOR_DIR, used_urls(m))
    return localise_assets(m, base_url=STATIC_URL)


def current_rates() -> RateTable:
    """The exchange rates in force for this session: the 2011 defaults or the user's own.

    The sidebar (``app.py``) keeps the user's rates in ``st.session_state`` under
    ``rate_PKR`` and ``rate_EUR`` (units per US dollar); a changed rate is labelled as entered
    by the user wherever it is stated.
    """
    rates = load_rates()
    for code in ("PKR", "EUR"):
        chosen = st.session_state.get(f"rate_{code}")
        if chosen and abs(chosen - rates.rate(code).per_usd) > 1e-9:
            rates = rates.with_override(code, chosen, note="entered in the sidebar")
    return rates


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
    return session_from_token(store, st.session_state.get("auth"))
