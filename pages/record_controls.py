"""Widgets the two record pages share: periods, comparisons, category filters, link values.

The Route map (through :mod:`pages.records_overlay`) and the Interceptions page choose periods
and comparisons with the same controls, so "this period against the one before" means the same
on both. Each control keeps its value in its own key and offers :class:`pages.state.LinkParam`
parsers, so the values go into the page's link and come back from it; a value from an old link
that the data no longer offer is replaced by the default, never an error.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from charts.records import CATEGORY_LABELS
from geo.records import service
from geo.records.access import Session
from geo.records.aggregate import RecordFilter
from geo.records.store import RecordStore
from geo.records.timeline import Period
from pages import state

PREVIOUS, CHOSEN = "with the period before", "two chosen periods"
MODES = (PREVIOUS, CHOSEN)


def parse_period(text: str) -> tuple[str, str]:
    period = Period.parse(text)
    return (period.start, period.end)


def dump_period(value: tuple[str, str]) -> str:
    return f"{value[0]}..{value[1]}"


def parse_flag(text: str) -> bool:
    return {"1": True, "0": False}[text]


def dump_flag(value: object) -> str:
    return "1" if value else "0"


def comparison_params(prefix: str, *, mode: str, first: str, second: str) -> list[state.LinkParam]:
    """Link parameters of a :func:`comparison_control` drawn with ``prefix``."""
    return [
        state.LinkParam(mode, f"{prefix}_cmp", state.choice(MODES)),
        state.LinkParam(first, f"{prefix}_a", parse_period, dump_period),
        state.LinkParam(second, f"{prefix}_b", parse_period, dump_period),
    ]


def keep_valid(key: str, allowed: list[str], default: object) -> None:
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
    keep_valid(f"{prefix}_cmp", list(MODES), PREVIOUS)
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


def choose(
    where: DeltaGenerator,
    label: str,
    labels: dict[str, str],
    *,
    key: str,
) -> tuple[str, ...]:
    """A multiselect of ``labels``' keys; values from a link or older data kept where valid."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in labels]
    return tuple(where.multiselect(label, list(labels), format_func=labels.__getitem__, key=key))


CODED = {
    "rec_event": ("Event type", "event_type"),
    "rec_crime": ("Crime type", "crime_type"),
    "rec_sex": ("Sex", "sex"),
    "rec_age": ("Age group", "age_group"),
}
FILTER_PARAMS: tuple[state.LinkParam, ...] = (
    state.LinkParam("period", "rec_period", parse_period, dump_period),
    *(state.LinkParam(k.removeprefix("rec_"), k, many=True) for k in (*CODED, "rec_agency")),
)
"""Link parameters of :func:`records_filters`."""


def records_filters(store: RecordStore, session: Session, months: list[str]) -> RecordFilter:
    """The Interceptions page's period and category filters, shared with the Route map."""
    with st.expander("Filters (shared with the Route map)", expanded=True):
        period = period_slider("Period", months, key="rec_period")
        cols = st.columns(3)
        chosen = {
            key: choose(cols[i % 3], label, CATEGORY_LABELS[dim], key=key)
            for i, (key, (label, dim)) in enumerate(CODED.items())
        }
        agencies = service.categories(store, session, "agency")
        agency = choose(cols[1], "Agency", {a: a for a in agencies}, key="rec_agency")
    filt = RecordFilter(
        start_month=period.start,
        end_month=period.end,
        event_types=chosen["rec_event"],
        crime_types=chosen["rec_crime"],
        agencies=agency,
        sexes=chosen["rec_sex"],
        age_groups=chosen["rec_age"],
    )
    state.set_records_filter(filt)
    return filt
