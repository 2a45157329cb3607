"""Sources page: every figure in one table, the report's definitions and its limitations."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.catalog import (
    facts_frame,
    figures_frame,
    load_bibliography,
    load_definitions,
    load_report_facts,
    milestones,
    statements_frame,
)
from geo.currency import load_rates
from geo.disclosure import statement as disclosure_statement
from geo.exports import to_csv_text
from geo.figures import load_figures
from geo.gazetteer import load_gazetteer
from geo.roles import load_district_roles, load_region_statements


@st.cache_data
def figure_table() -> pd.DataFrame:
    """All figures as one table (cached per process)."""
    return figures_frame(load_figures(), load_gazetteer())


@st.cache_data
def statement_table() -> pd.DataFrame:
    """District roles and region statements, each at its own level."""
    return statements_frame(load_district_roles(), load_region_statements())


st.title("Sources")
st.markdown(
    "Every number the atlas shows, with its unit, period, place, report section, a quote and its "
    "confidence class. Source: UNODC (2011), *Assessment of human trafficking and migrant "
    "smuggling into and out of Pakistan* (internal report, December 2011)."
)

figures = figure_table()
confidence = st.multiselect("Confidence", sorted(figures["Confidence"].unique()), key="src_conf")
shown = figures[figures["Confidence"].isin(confidence)] if confidence else figures
st.dataframe(shown.drop(columns=["figure_id"]), hide_index=True, width="stretch")
st.download_button(
    "Download figures (CSV)",
    to_csv_text(shown).encode("utf-8"),
    file_name="route_atlas_figures.csv",
    mime="text/csv",
)

st.subheader("Confidence classes")
st.markdown(
    "- **Reported figure**: stated by the report from an official or documented source.\n"
    "- **Interviewee estimate**: one official's or interviewees' estimate.\n"
    "- **Unconfirmed**: a story or claim the report itself calls unconfirmed.\n"
    "- **Assumption made here**: not in the report; a choice made to draw the map "
    "(a waypoint, a representative point, a weight)."
)

st.subheader("What the report says of districts and regions")
st.dataframe(statement_table(), hide_index=True, width="stretch")

st.subheader("Further facts from the report")
st.caption(
    "Statements a briefing needs that are not one number on the map: the FIA's list of major "
    "destination countries, who travels, legal ages, and what the FIA says of the trend."
)
facts = load_report_facts()
st.dataframe(
    facts_frame(tuple(f for f in facts if not f.is_dated)), hide_index=True, width="stretch"
)
st.subheader("Milestones the report dates")
for fact in milestones():
    st.markdown(f"- **{fact.date}**: {fact.label}: {fact.detail} ({fact.citation()})")

notes = load_definitions()
st.subheader("Definitions (§2.5, §7.1, §8.1)")
for item in notes["definitions"]:
    with st.expander(f"{item['term']} ({item['section']})"):
        st.markdown(f"> {item['quote']}")
        if item.get("note"):
            st.caption(item["note"])

st.subheader("Limitations the report states (§2.4)")
for item in notes["limitations"]:
    st.markdown(f"> {item['quote']} ({item['section']})")

st.subheader("Where the report is silent")
for line in notes["silences"]:
    st.markdown(f"- {line}")

st.subheader("Exchange rates used for costs")
rates = load_rates()
st.dataframe(
    [
        {
            "Currency": r.currency,
            "Per US dollar": r.per_usd,
            "Year": r.year,
            "Basis": r.basis,
            "Source": r.source,
            "Note": r.note,
        }
        for r in rates.rates.values()
    ],
    hide_index=True,
    width="stretch",
)

st.subheader("Public counts of interception records")
st.markdown(disclosure_statement())

st.subheader("Bibliography")
st.dataframe(load_bibliography(), hide_index=True, width="stretch")
