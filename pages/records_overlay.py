"""Imported records on the Route map: the whole period, month by month (with play), or two
periods compared.

Not a page of its own: the Route map calls :func:`records_overlay` and passes the layer it
returns to ``st_folium(feature_group_to_add=...)``. Month by month, the layer goes to the live
map from a fragment instead (:mod:`pages.records_playback`) and this returns ``None``, so a
new month is sent without the page or the map. The Route map lists
:data:`RECORDS_LINK_PARAMS` among its link parameters, so the records view is in its address.
"""

from __future__ import annotations

import folium
import streamlit as st

from geo.boundaries import load_districts
from geo.records import service, timeline
from geo.records.timeline import BY_DISTRICT, Period
from layers.records import (
    district_totals,
    records_change_layer,
    records_district_layer,
    records_place_layer,
)
from layers.records_change import district_changes, records_district_change_layer
from layers.route_map import districts_url
from pages import state
from pages.common import current_session, records_store
from pages.record_controls import (
    comparison_control,
    comparison_params,
    dump_flag,
    keep_valid,
    parse_flag,
)
from pages.records_playback import BY_PLACE_LABEL, MONTH_KEY, ON_KEY, month_view

BY_KEY = "route_records_by"
VIEW_KEY = "route_rec_view"

BYS = (BY_PLACE_LABEL, "by district")
WHOLE, MONTHLY, COMPARE = "Whole period", "Month by month", "Compare two periods"
VIEWS = (WHOLE, MONTHLY, COMPARE)


DRAWN = {
    (False, False): "Orange circles: persons in the records, area proportional to persons, one "
    "scale for every month (grey: a count below the disclosure threshold).",
    (False, True): "Districts shaded by persons in the records, one scale for every month "
    "(grey: a count below the disclosure threshold).",
    (True, False): "Circles sized by the change in persons: orange more, purple fewer "
    "(grey: hidden, a small count in either period).",
    (True, True): "Districts shaded by the change in persons: orange more, purple fewer, "
    "near-white no change (grey, dashed outline: hidden, a small count in either period).",
}
"""What the map shows, by (comparing two periods, by district)."""


def _month(text: str) -> str:
    if ".." in text:
        raise ValueError("one month expected")
    return Period.parse(text).start


RECORDS_LINK_PARAMS: tuple[state.LinkParam, ...] = (
    state.LinkParam("rec", ON_KEY, parse_flag, dump_flag),
    state.LinkParam("recby", BY_KEY, state.choice(BYS)),
    state.LinkParam("recview", VIEW_KEY, state.choice(VIEWS)),
    state.LinkParam("recmonth", MONTH_KEY, _month),
    *comparison_params("route_rec", mode="reccmp", first="reca", second="recb"),
)
"""The records view's parameters in the Route map's link (the Route map lists them too)."""


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
        st.session_state.setdefault(ON_KEY, True)
        shown = left.toggle("Show imported records", key=ON_KEY)
        by = middle.radio("Aggregate", BYS, key=BY_KEY)
        keep_valid(VIEW_KEY, list(VIEWS), WHOLE)
        view = right.radio("Show", VIEWS, horizontal=True, key=VIEW_KEY)
        if view == MONTHLY:
            month_view(period.months, filt, by, provenance)
        pair = (
            comparison_control(period.months, period, prefix="route_rec")
            if view == COMPARE
            else None
        )
        st.caption(
            f"Period {period.label}; filters are set on the **Interceptions** page. "
            f"{DRAWN[(view == COMPARE, by == BYS[1])]} {provenance.statement}: the agencies' own "
            f"records, not figures of the report. {service.disclosure_note(session)}"
        )
    if not shown or view == MONTHLY:
        return None  # month by month, the layer reaches the live map from the fragment
    if pair is not None:
        before, after = pair
        if by == BYS[0]:
            table = timeline.compare_periods(store, session, before, after, filt)
            return records_change_layer(
                table, before=before.label, after=after.label, provenance=provenance
            )
        table = timeline.compare_periods(store, session, before, after, filt, by=BY_DISTRICT)
        return records_district_change_layer(
            load_districts(),
            district_changes(table),
            before=before.label,
            after=after.label,
            provenance=provenance,
            remote_url=districts_url(),
        )
    if by == BYS[0]:
        frame = service.summary(store, session, "place", filt)
        return records_place_layer(frame, period=period.label, provenance=provenance)
    totals = district_totals(service.summary(store, session, "district", filt))
    return records_district_layer(
        load_districts(), totals, period=period.label, provenance=provenance,
        remote_url=districts_url(),
    )  # fmt: skip
