"""Imported records on the Route map, through time; the period controls both record pages use.

Not a page of its own: the Route map calls :func:`records_overlay` and passes the layer it
returns to ``st_folium(feature_group_to_add=...)``, so a new month replaces only the records
layer on the live map and the map itself is never rebuilt. The Route map lists
:data:`RECORDS_LINK_PARAMS` among its link parameters so the records view (month, comparison)
is part of the address. The Interceptions page reuses :func:`period_slider` and
:func:`comparison_control`, so the two pages compare periods the same way.
"""

from __future__ import annotations

import json

import folium
import pandas as pd
import streamlit as st

from geo.boundaries import load_districts
from geo.provenance import Provenance
from geo.records import service, timeline
from geo.records.access import PUBLIC, Role, Session, suppression_threshold
from geo.records.aggregate import RecordFilter
from geo.records.store import RecordStore
from geo.records.timeline import Period
from layers.records import (
    district_totals,
    records_change_layer,
    records_district_layer,
    records_place_layer,
)
from pages import state
from pages.common import current_session, records_store, records_url

ON_KEY = "route_records_on"
BY_KEY = "route_records_by"
VIEW_KEY = "route_rec_view"
MONTH_KEY = "route_rec_month"
PLAY_KEY = "route_rec_playing"
_PENDING = "_route_rec_next_month"
_FULL_RUN = "_route_rec_full_run"
PLAY_SECONDS = 1.5
"""Time between two months while playing: longer than a frame takes to draw."""

BYS = ("by place", "by district")
WHOLE, MONTHLY, COMPARE = "Whole period", "Month by month", "Compare two periods"
VIEWS = (WHOLE, MONTHLY, COMPARE)
PREVIOUS, CHOSEN = "with the period before", "two chosen periods"
MODES = (PREVIOUS, CHOSEN)


def _month(text: str) -> str:
    if ".." in text:
        raise ValueError("one month expected")
    return Period.parse(text).start


def _period_value(text: str) -> tuple[str, str]:
    period = Period.parse(text)
    return (period.start, period.end)


def _dump_period(value: tuple[str, str]) -> str:
    return f"{value[0]}..{value[1]}"


def _flag(text: str) -> bool:
    return {"1": True, "0": False}[text]


def comparison_params(prefix: str, *, mode: str, first: str, second: str) -> list[state.LinkParam]:
    """Link parameters of a :func:`comparison_control` drawn with ``prefix``."""
    return [
        state.LinkParam(mode, f"{prefix}_cmp", state.choice(MODES)),
        state.LinkParam(first, f"{prefix}_a", _period_value, _dump_period),
        state.LinkParam(second, f"{prefix}_b", _period_value, _dump_period),
    ]


RECORDS_LINK_PARAMS: tuple[state.LinkParam, ...] = (
    state.LinkParam("rec", ON_KEY, _flag, lambda v: "1" if v else "0"),
    state.LinkParam("recby", BY_KEY, state.choice(BYS)),
    state.LinkParam("recview", VIEW_KEY, state.choice(VIEWS)),
    state.LinkParam("recmonth", MONTH_KEY, _month),
    *comparison_params("route_rec", mode="reccmp", first="reca", second="recb"),
)
"""The records view's parameters in the Route map's link (the Route map lists them too)."""


def _keep_valid(key: str, allowed: list[str], default: object) -> None:
    """Reset a widget's value (from an old link, or older data) that is not among its options."""
    value = st.session_state.get(key, default)
    values = value if isinstance(value, tuple | list) else (value,)
    if not all(v in allowed for v in values):
        st.session_state[key] = default
    elif key not in st.session_state:
        st.session_state[key] = default


def period_slider(
    label: str, months: list[str], *, key: str, default: Period | None = None
) -> Period:
    """A range of months (both ends inclusive) chosen on a slider; one month needs no slider."""
    if len(months) == 1:
        st.caption(f"{label}: {months[0]} (the only month with records)")
        return Period(months[0], months[0])
    chosen = default or Period(months[0], months[-1])
    value = st.session_state.pop(key, (chosen.start, chosen.end))  # from the last run or a link
    if not (isinstance(value, tuple | list) and len(value) == 2 and set(value) <= set(months)):
        value = (chosen.start, chosen.end)
    start, end = st.select_slider(label, months, value=tuple(value), key=key)
    return Period(start, end)


def comparison_control(months: list[str], current: Period, *, prefix: str) -> tuple[Period, Period]:
    """The two periods to compare: ``current`` against the one before it, or two chosen ones."""
    _keep_valid(f"{prefix}_cmp", list(MODES), PREVIOUS)
    mode = st.radio("Compare", MODES, horizontal=True, key=f"{prefix}_cmp")
    if mode == PREVIOUS:
        before = current.previous()
        st.caption(
            f"{current.label} against the {len(current.months)} month(s) before it, {before.label}."
        )
        return before, current
    half = max(len(months) // 2, 1)
    left, right = st.columns(2)
    with left:
        before = period_slider(
            "First period", months, key=f"{prefix}_a", default=Period(months[0], months[half - 1])
        )
    with right:
        after = period_slider(
            "Second period",
            months,
            key=f"{prefix}_b",
            default=Period(months[min(half, len(months) - 1)], months[-1]),
        )
    return before, after


def step_month(months: list[str]) -> bool:
    """Move the month on by one; False (and playback stopped) when it was the last month."""
    current = st.session_state.get(MONTH_KEY, months[0])
    index = months.index(current) if current in months else -1
    if index + 1 >= len(months):
        st.session_state[PLAY_KEY] = False
        return False
    st.session_state[_PENDING] = months[index + 1]
    return True


def _toggle_play(months: list[str]) -> None:
    playing = not st.session_state.get(PLAY_KEY, False)
    if playing and st.session_state.get(MONTH_KEY) == months[-1]:
        st.session_state[MONTH_KEY] = months[0]  # play again from the start
    st.session_state[PLAY_KEY] = playing


def _step(months: list[str]) -> None:
    step_month(months)
    st.session_state[PLAY_KEY] = False


@st.fragment(run_every=PLAY_SECONDS)
def _playback(months: list[str]) -> None:
    """While playing: on each tick move one month on and redraw the page (the map stays)."""
    if st.session_state.pop(_FULL_RUN, False):
        st.caption(f"Playing: one month every {PLAY_SECONDS:g} s.")
        return
    if st.session_state.get(PLAY_KEY):
        step_month(months)
        st.rerun(scope="app")


def month_control(months: list[str]) -> str:
    """A month slider with Play/Pause and a one-month step; returns the month to draw."""
    if _PENDING in st.session_state:
        st.session_state[MONTH_KEY] = st.session_state.pop(_PENDING)
    if len(months) == 1:
        st.caption(f"Month: {months[0]} (the only month in the period)")
        return months[0]
    _keep_valid(MONTH_KEY, months, months[0])
    slider, play, step = st.columns([6, 1, 1], vertical_alignment="bottom")
    month = slider.select_slider("Month", months, key=MONTH_KEY)
    playing = bool(st.session_state.get(PLAY_KEY))
    play.button(
        "Pause" if playing else "Play",
        key="route_rec_play",
        on_click=_toggle_play,
        args=(months,),
        use_container_width=True,
    )
    step.button(
        "Next month",
        key="route_rec_step",
        on_click=_step,
        args=(months,),
        disabled=month == months[-1],
        use_container_width=True,
    )
    if playing:
        st.session_state[_FULL_RUN] = True
        _playback(months)
    return month


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
    key = timeline.BY_PLACE if by == BYS[0] else timeline.BY_DISTRICT
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
        load_districts(), totals, period=month, provenance=provenance, largest=scale
    )


def records_overlay() -> folium.FeatureGroup | None:
    """Imported interception records for the shared filters, as a layer for the live map.

    ``None`` when there are no records or the user switched them off. A public session gets
    aggregates with small counts suppressed, month by month and in comparisons alike.
    """
    store = records_store()
    session = current_session(store)
    months = timeline.store_months(store, session)
    if not months:
        st.caption(
            "No interception records are loaded. The report gives no series of its own (§2.4); "
            "agencies can import theirs on the **Data** page."
        )
        return None
    filt = state.records_filter()
    period = Period(filt.start_month or months[0], filt.end_month or months[-1])
    provenance = timeline.records_provenance(store, session)
    with st.expander("Interception records on the map", expanded=True):
        left, middle, right = st.columns([1, 1, 2])
        shown = left.toggle("Show imported records", value=True, key=ON_KEY)
        by = middle.radio("Aggregate", BYS, key=BY_KEY)
        _keep_valid(VIEW_KEY, list(VIEWS), WHOLE)
        view = right.radio("Show", VIEWS, horizontal=True, key=VIEW_KEY)
        month = month_control(period.months) if view == MONTHLY else None
        pair = (
            comparison_control(period.months, period, prefix="route_rec")
            if view == COMPARE
            else None
        )
        st.caption(
            f"Period {period.label}; filters are set on the **Interceptions** page. Orange "
            "circles: persons in the records, area proportional to persons, one scale for every "
            f"month (grey: a count below the disclosure threshold). {provenance.statement}: the "
            "agencies' own records, not figures of the report."
        )
    if not shown:
        return None
    if month is not None:
        return _month_layer(store, session, filt, by, month, provenance)
    if pair is not None:
        before, after = pair
        if by == BYS[1]:
            st.caption("Comparisons are drawn by place.")
        table = timeline.compare_periods(store, session, before, after, filt)
        return records_change_layer(
            table, before=before.label, after=after.label, provenance=provenance
        )
    if by == BYS[0]:
        frame = service.summary(store, session, "place", filt)
        return records_place_layer(frame, period=period.label, provenance=provenance)
    totals = district_totals(service.summary(store, session, "district", filt))
    return records_district_layer(
        load_districts(), totals, period=period.label, provenance=provenance
    )
