"""Interceptions: the report's load-per-officer comparison and charts of imported records.

The report's own figures come first, with their units; then, once agencies have imported
records, counts by month, place, event, crime type, agency, sex and age group for the chosen
period and filters (kept in ``st.session_state["records_filter"]`` for the Route map). Every
chart has plotly's PNG button and a CSV of its data. A public session sees aggregates only, with
small counts shown as "<5"; record-level rows need an analyst log-in on the Data page.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from geo.exports import escape_html, to_csv_bytes, to_xlsx_bytes
from geo.officer_load import UNIT, loads_table, trend_caveat, turkey_interceptions
from geo.records import service
from geo.records.access import Session
from geo.records.aggregate import RecordFilter
from geo.records.schema import AgeGroup, CrimeType, EventType, Sex
from geo.records.store import RecordStore
from pages.common import current_session, records_store

CHARTS = {
    "month": "Persons by month",
    "place": "Persons by place",
    "event_type": "Persons by event type",
    "crime_type": "Persons by crime type",
    "agency": "Persons by agency",
    "sex": "Persons by sex",
    "age_group": "Persons by age group",
}
LABELS = {
    "event_type": {m.value: m.label for m in EventType},
    "crime_type": {m.value: m.label for m in CrimeType},
    "sex": {m.value: m.label for m in Sex},
    "age_group": {m.value: m.label for m in AgeGroup},
}


def chart_config(filename: str) -> dict:
    """Plotly toolbar: a PNG download named after the chart."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename}}


def load_chart(table: pd.DataFrame) -> go.Figure:
    """Load per officer where the report allows one; a range is drawn as a range."""
    known = table[table["low"].notna()]
    upper = (known["high"] - known["low"]).fillna(0.0)
    fig = go.Figure(
        go.Bar(
            x=known["low"],
            y=known["place"],
            orientation="h",
            marker_color="#2166ac",
            error_x={"type": "data", "array": upper, "arrayminus": [0] * len(known)},
            text=known["load_per_officer"],
            textposition="outside",
            hovertext=known["note"],
        )
    )
    fig.update_layout(
        xaxis_title=UNIT + " (lower bounds)",
        height=260,
        margin={"l": 10, "r": 40, "t": 30, "b": 40},
    )
    return fig


def records_chart(frame: pd.DataFrame, by: str) -> go.Figure:
    """Bar chart of persons per group; suppressed groups show '<5' without a bar."""
    key = {"place": "place_name"}.get(by, by)
    labels = frame[key].map(lambda v: escape_html(LABELS.get(by, {}).get(v, v) or "(not recorded)"))
    values = pd.to_numeric(frame["persons"], errors="coerce")
    fig = go.Figure(go.Bar(x=labels, y=values, text=frame["persons_shown"], marker_color="#b2182b"))
    fig.update_layout(yaxis_title="persons", height=320, margin={"t": 30, "b": 40})
    if by == "month":
        fig.update_xaxes(type="category")
    return fig


def filters(store: RecordStore, session: Session) -> RecordFilter | None:
    """Period and category filters; None when there are no records yet."""
    span = service.month_range(store, session)
    if span is None:
        return None
    months = pd.period_range(span[0], span[1], freq="M").strftime("%Y-%m").tolist()
    with st.expander("Filters (shared with the Route map)", expanded=True):
        if len(months) > 1:
            start, end = st.select_slider(
                "Period", months, value=(months[0], months[-1]), key="rec_period"
            )
        else:
            start = end = months[0]
        cols = st.columns(3)
        events = cols[0].multiselect(
            "Event type",
            [m.value for m in EventType],
            format_func=lambda v: EventType(v).label,
            key="rec_event",
        )
        crimes = cols[1].multiselect(
            "Crime type",
            [m.value for m in CrimeType],
            format_func=lambda v: CrimeType(v).label,
            key="rec_crime",
        )
        agencies = cols[2].multiselect(
            "Agency", service.categories(store, session, "agency"), key="rec_agency"
        )
        sexes = cols[0].multiselect("Sex", [m.value for m in Sex], key="rec_sex")
        ages = cols[1].multiselect(
            "Age group",
            [m.value for m in AgeGroup],
            format_func=lambda v: AgeGroup(v).label,
            key="rec_age",
        )
    filt = RecordFilter(
        start_month=start,
        end_month=end,
        event_types=tuple(events),
        crime_types=tuple(crimes),
        agencies=tuple(agencies),
        sexes=tuple(sexes),
        age_groups=tuple(ages),
    )
    st.session_state["records_filter"] = filt.to_dict()
    return filt


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


def records_section(store: RecordStore, session: Session) -> None:
    """Charts of imported records for the chosen filters."""
    st.subheader("Imported interception records")
    st.caption(
        "The report notes that official data mix trafficking with smuggling and cannot be "
        "broken down by sex (§2.4, §8.3); these records keep TIP and SOM apart "
        "(recommendation 7). Source: records imported by the agencies; unit: persons."
    )
    filt = filters(store, session)
    if filt is None:
        st.info("No records have been imported yet. Administrators import them on the Data page.")
        return
    period = f"{filt.start_month} to {filt.end_month}"
    st.metric(f"Persons, {period}", service.period_total(store, session, filt))
    if session.is_public:
        st.caption("Public view: counts below the disclosure threshold are shown as '<5'.")
    for by, title in CHARTS.items():
        frame = service.summary(store, session, by, filt)
        if by == "place":
            frame = frame.head(25)
        st.markdown(f"**{title}** ({period})")
        if frame.empty:
            st.caption("No records match the filters.")
            continue
        st.plotly_chart(records_chart(frame, by), config=chart_config(f"records_by_{by}"))
        st.download_button(
            f"CSV: {title.lower()}",
            to_csv_bytes(frame),
            file_name=f"records_by_{by}.csv",
            mime="text/csv",
            key=f"dl_{by}",
        )
    if not session.is_public:
        st.subheader("Record-level data")
        rows = service.records(store, session, filt, limit=1000)
        st.dataframe(rows, hide_index=True)
        cols = st.columns(2)
        cols[0].download_button("CSV", to_csv_bytes(rows), "records.csv", "text/csv")
        cols[1].download_button("Excel", to_xlsx_bytes(rows, sheet="records"), "records.xlsx")


store = records_store()
session = current_session(store)
st.title("Interceptions")
who = f" ({session.username})" if session.username else ""
st.caption(f"Viewing as: {session.role.value}{who}")
report_section()
records_section(store, session)
