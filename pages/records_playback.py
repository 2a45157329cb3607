"""Records month by month on the Route map: a month slider, Play/Pause and a one-month step.

A Streamlit fragment draws the controls and the month's layer, so moving the slider, stepping
or a tick of Play reruns only the fragment; the layer reaches the live map through a small
injector (:func:`layers.records_live.layer_injector_html`), so neither the page nor the map is
sent again. The scale is the largest count of any month of the period, so frames compare.
"""

from __future__ import annotations

import hashlib
import json

import folium
import pandas as pd
import streamlit as st

from geo.boundaries import load_districts
from geo.provenance import Provenance
from geo.records import timeline
from geo.records.access import PUBLIC, Role, Session, suppression_threshold
from geo.records.aggregate import RecordFilter
from geo.records.store import RecordStore
from layers.records import district_totals, records_district_layer, records_place_layer
from layers.records_live import layer_injector_html, live_layer_script
from layers.route_map import districts_url
from pages.common import current_session, records_store, records_url
from pages.record_controls import keep_valid

ON_KEY = "route_records_on"
MONTH_KEY = "route_rec_month"
PLAY_KEY = "route_rec_playing"
_PENDING = "_route_rec_next_month"
_FULL_RUN = "_route_rec_full_run"
_GENERATION = "_route_rec_injector_generation"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
BY_PLACE_LABEL = "by place"
INJECTOR_HEIGHT = 1
"""Height in pixels of the injector's frame: the least ``st.iframe`` accepts (it refuses 0)."""
PLAY_SECONDS = 1.5
"""Time between two months while playing: longer than a frame takes to draw."""


def step_month(months: list[str]) -> bool:
    """Move the month on by one; False (and playback stopped) when it was the last month."""
    current = st.session_state.get(MONTH_KEY, months[0])
    index = months.index(current) if current in months else -1
    if index + 1 >= len(months):
        st.session_state[PLAY_KEY] = False
        return False
    st.session_state[_PENDING] = months[index + 1]
    return True


def _step(months: list[str]) -> None:
    step_month(months)
    st.session_state[PLAY_KEY] = False


def _month_frame(months: list[str], filt: RecordFilter, by: str, provenance: Provenance) -> None:
    """One frame: the month slider, Play/Pause, a one-month step, and the month's layer.

    A fragment: moving the slider, stepping or a tick of Play reruns only this, and the layer
    goes to the live map through a small injector, so neither the page nor the map is sent
    again. Play and Pause rerun the page once, to start or stop the ticks.
    """
    if st.session_state.get(PLAY_KEY) and not st.session_state.pop(_FULL_RUN, False):
        step_month(months)
    if _PENDING in st.session_state:
        st.session_state[MONTH_KEY] = st.session_state.pop(_PENDING)
    keep_valid(MONTH_KEY, months, months[0])
    if len(months) == 1:
        _inject(months[0], filt, by, provenance)
        return
    slider, play, step = st.columns([6, 1, 1], vertical_alignment="bottom")
    month = str(slider.select_slider("Month", months, key=MONTH_KEY))
    playing = bool(st.session_state.get(PLAY_KEY))
    if play.button("Pause" if playing else "Play", key="route_rec_play", width="stretch"):
        if not playing and month == months[-1]:
            st.session_state[_PENDING] = months[0]  # play again from the start
        st.session_state[PLAY_KEY] = not playing
        st.rerun(scope="app")
    step.button("Next month", key="route_rec_step", on_click=_step, args=(months,),
                disabled=month == months[-1], width="stretch")  # fmt: skip
    if playing:
        st.caption(f"Playing: one month every {PLAY_SECONDS:g} s.")
    _inject(month, filt, by, provenance)
    if st.query_params.get("recmonth") != month:  # this rerun skips the page's write_view
        st.query_params["recmonth"] = month
    if playing and month == months[-1]:
        st.session_state[PLAY_KEY] = False
        st.rerun(scope="app")  # the last month: stop the ticks


def _inject(month: str, filt: RecordFilter, by: str, provenance: Provenance) -> None:
    """Send the month's layer to the live map (or, records switched off, take it away)."""
    store = records_store()
    layer = _month_layer(store, current_session(store), filt, by, month, provenance)
    script = live_layer_script(layer) if st.session_state.get(ON_KEY, True) else None
    key = hashlib.sha256((script or "").encode()).hexdigest()[:16]
    # A same-origin frame (the markup is the app's own, never a user's) so the script can reach
    # the map's frame in the parent page. st.iframe takes no height of 0: 1 px, transparent and
    # borderless, out of the tab order ("content" would measure an empty page as 150 px).
    st.iframe(
        layer_injector_html(script, key=key, map_frame=MAP_FRAME, generation=_generation()),
        height=INJECTOR_HEIGHT,
        tab_index=-1,
    )


def _generation() -> int:
    """The next number of this session's injectors: a newer one always wins in the browser."""
    number = int(st.session_state.get(_GENERATION, 0)) + 1
    st.session_state[_GENERATION] = number
    return number


def month_view(months: list[str], filt: RecordFilter, by: str, provenance: Provenance) -> None:
    """Month by month: a fragment that ticks while playing."""
    if len(months) == 1:
        st.caption(f"Month: {months[0]} (the only month in the period)")
    playing = bool(st.session_state.get(PLAY_KEY))
    st.session_state[_FULL_RUN] = True
    st.fragment(_month_frame, run_every=PLAY_SECONDS if playing else None)(
        months, filt, by, provenance
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _monthly(url: str, version: str, public: bool, filt: str, by: str, limit: int) -> pd.DataFrame:
    """Every month of the period per place or district, once per filter and data version."""
    session = PUBLIC if public else Session(Role.ANALYST)
    frame = RecordFilter.from_dict(json.loads(filt))
    return timeline.monthly(records_store(), session, frame, by=by, threshold=limit)


def _month_layer(
    store: RecordStore,
    session: Session,
    filt: RecordFilter,
    by: str,
    month: str,
    provenance: Provenance,
) -> folium.FeatureGroup:
    key = timeline.BY_PLACE if by == BY_PLACE_LABEL else timeline.BY_DISTRICT
    frames = _monthly(
        records_url(),
        timeline.data_version(store),
        session.is_public,
        json.dumps(filt.to_dict(), sort_keys=True),
        key,
        suppression_threshold(),
    )
    scale = timeline.fixed_scale(frames)
    frame = timeline.month_frame(frames, month)
    if frame.empty:
        st.info(f"No records in {month} for these filters.")
    if key == timeline.BY_PLACE:
        return records_place_layer(frame, period=month, provenance=provenance, largest=scale)
    totals = district_totals(frame)
    return records_district_layer(
        load_districts(), totals, period=month, provenance=provenance, largest=scale,
        remote_url=districts_url(),
    )  # fmt: skip
