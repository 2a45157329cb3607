"""Interceptions: the report's load-per-officer comparison, then the agencies' own records.

The report's figures come first, with their units; then, once agencies have imported records,
the trend by month, a comparison of two periods by place or by district, and counts by place,
event, crime type, agency, sex and age group for the chosen period and filters (shared with the
Route map through ``pages.state``; the whole view is in the page's link). Every chart has
plotly's PNG button and a CSV of its data, each row classed "Agency record". A public session
sees aggregates only, small counts labelled "<5"; record-level rows need an analyst log-in.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.config import chart_config
from charts.records import breakdown_chart, change_chart, load_chart, trend_chart
from geo.exports import to_csv_bytes, to_xlsx_bytes
from geo.officer_load import UNIT, loads_table, trend_caveat, turkey_interceptions
from geo.provenance import Provenance, with_provenance
from geo.records import service, timeline
from geo.records.access import Session
from geo.records.aggregate import RecordFilter
from geo.records.store import RecordStore
from pages import state
from pages.common import current_session, records_store
from pages.record_controls import (
    FILTER_PARAMS,
    comparison_control,
    comparison_params,
    dump_flag,
    parse_flag,
    records_filters,
)

CHARTS = {
    "place": "Persons by place",
    "event_type": "Persons by event type",
    "crime_type": "Persons by crime type",
    "agency": "Persons by agency",
    "sex": "Persons by sex",
    "age_group": "Persons by age group",
}
COMPARE_BY = (timeline.BY_PLACE, timeline.BY_DISTRICT)
LINK = (
    *FILTER_PARAMS,
    state.LinkParam("cmpon", "rec_cmp_on", parse_flag, dump_flag),
    state.LinkParam("cmpby", "rec_cmp_by", state.choice(COMPARE_BY)),
    *comparison_params("rec", mode="cmp", first="ca", second="cb"),
)


def report_section() -> None:
    """The report's figures: load per officer, and Turkey's count in its own unit."""
    st.subheader("What the report says: load per officer (UNODC 2011, §8.1)")
    table = loads_table()
    st.plotly_chart(load_chart(table), config=chart_config("load_per_officer"))
    st.caption(
        f"Unit: {UNIT}. Period: at any one time, c. 2011. Confidence: Interviewee estimate "
        "(FIA officials). Both values are lower bounds: the report says 'more than 500' persons "
        "for 40 officers at Karachi port and 500–600 persons for 'less than 10' officials in "
        "Quetta. The line on the Quetta bar spans the stated range."
    )
    st.caption(trend_caveat())
    for row in table[table["low"].isna()].itertuples():
        st.info(f"{row.place}: {row.note} (UNODC 2011, §8.1; {row.confidence}).", icon="ℹ️")
    st.download_button(
        "CSV of this chart",
        to_csv_bytes(table),
        file_name="load_per_officer.csv",
        mime="text/csv",
        key="dl_load",
    )
    turkey = turkey_interceptions()
    st.metric(f"{turkey.label} ({turkey.period})", turkey.display())
    st.caption(
        f"Unit: {turkey.unit}, a cumulative count over sixteen years, not comparable with the "
        f"loads above. UNODC 2011, {turkey.section}. Confidence: {turkey.confidence.label}."
    )


def _csv(label: str, frame: pd.DataFrame, name: str, provenance: Provenance) -> None:
    st.download_button(
        label,
        to_csv_bytes(with_provenance(frame, provenance)),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl_{name}",
    )


def trend_section(
    store: RecordStore,
    session: Session,
    filt: RecordFilter,
    months: list[str],
    provenance: Provenance,
) -> None:
    """Persons by month over the period, and optionally two periods compared by place or
    district."""
    period = timeline.Period(filt.start_month or months[0], filt.end_month or months[-1])
    st.markdown(f"**Persons by month** ({period.label})")
    pair = None
    if st.toggle("Compare two periods", key="rec_cmp_on"):
        pair = comparison_control(months, period, prefix="rec")
    series = timeline.month_series(store, session, filt)
    marks = (str(pair[0]), str(pair[1])) if pair else None
    st.plotly_chart(trend_chart(series, compare=marks), config=chart_config("records_by_month"))
    _csv("CSV: persons by month", series, "records_by_month", provenance)
    if pair is None:
        return
    before, after = pair
    by = st.radio("Change per", COMPARE_BY, horizontal=True, key="rec_cmp_by")
    table = timeline.compare_periods(store, session, before, after, filt, by=by)
    st.markdown(f"**Change per {by}**, {before.label} to {after.label}")
    if table.empty:
        st.caption("No records in either period for these filters.")
        return
    st.plotly_chart(
        change_chart(table, before=before.label, after=after.label, by=by),
        config=chart_config(f"records_change_by_{by}"),
    )
    name = "place_name" if by == timeline.BY_PLACE else "district"
    shown = table[[name, "shown_before", "shown_after", "change_shown"]]
    st.dataframe(with_provenance(shown, provenance), hide_index=True)
    _csv(
        f"CSV: change per {by}",
        table.drop(columns=["persons_before", "persons_after"]),
        f"records_change_by_{by}",
        provenance,
    )


def breakdown_section(
    store: RecordStore, session: Session, filt: RecordFilter, provenance: Provenance
) -> None:
    """One chart (and CSV) per grouping for the chosen period and filters."""
    label = timeline.Period(str(filt.start_month), str(filt.end_month)).label
    for by, title in CHARTS.items():
        frame = service.summary(store, session, by, filt)
        frame = frame.head(25) if by == "place" else frame
        st.markdown(f"**{title}** ({label})")
        if frame.empty:
            st.caption("No records match the filters.")
            continue
        st.plotly_chart(breakdown_chart(frame, by), config=chart_config(f"records_by_{by}"))
        _csv(f"CSV: {title.lower()}", frame, f"records_by_{by}", provenance)


def rows_section(
    store: RecordStore, session: Session, filt: RecordFilter, provenance: Provenance
) -> None:
    """Record-level rows for analysts and admins, classed as agency records."""
    st.subheader("Record-level data")
    rows = with_provenance(service.records(store, session, filt, limit=1000), provenance)
    st.dataframe(rows, hide_index=True)
    cols = st.columns(2)
    cols[0].download_button("CSV", to_csv_bytes(rows), "records.csv", "text/csv")
    cols[1].download_button("Excel", to_xlsx_bytes(rows, sheet="records"), "records.xlsx")


def records_section(store: RecordStore, session: Session) -> None:
    """The agencies' records: filters, trend and comparison, breakdowns, rows."""
    st.subheader("Imported interception records")
    st.caption(
        "The report notes that official data mix trafficking with smuggling and cannot be "
        "broken down by sex (§2.4, §8.3); these records keep TIP and SOM apart "
        "(recommendation 7). Unit: persons."
    )
    months = timeline.store_months(store, session)
    if not months:
        st.info("No records have been imported yet. Administrators import them on the Data page.")
        return
    provenance = timeline.records_provenance(store, session)
    st.caption(f"Class: {provenance.statement}. Not figures of the report.")
    filt = records_filters(store, session, months)
    st.metric(
        f"Persons, {timeline.Period(str(filt.start_month), str(filt.end_month)).label}",
        service.period_total(store, session, filt),
    )
    st.caption(service.disclosure_note(session))  # the method and its parameters, or "exact"
    trend_section(store, session, filt, months, provenance)
    breakdown_section(store, session, filt, provenance)
    if not session.is_public:
        rows_section(store, session, filt, provenance)


for notice in state.restore_view("interceptions", LINK):
    st.info(notice)
records = records_store()
viewer = current_session(records)
st.title("Interceptions")
who = f" ({viewer.username})" if viewer.username else ""
st.caption(f"Viewing as: {viewer.role.value}{who}")
report_section()
records_section(records, viewer)
state.write_view(LINK)
