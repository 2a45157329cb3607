"""Export section of the Checkpoint planner page: download, save and compare plans.

Files are written by ``geo.planner.export``; this section only offers them.
"""

from __future__ import annotations

import json

import streamlit as st

from geo.errors import UserInputError
from geo.exports import escape_markdown
from geo.planner.assumptions import WEIGHT_UNIT, FlowAssumptions
from geo.planner.export import (
    compare_plans,
    list_plans,
    plan_csv,
    plan_geojson,
    plan_record,
    save_plan,
)
from geo.planner.network import FlowNetwork
from geo.planner.plan import Plan


def export_section(network: FlowNetwork, plan: Plan, assumptions: FlowAssumptions) -> None:
    """Download the plan; save it; compare saved plans."""
    with st.expander("Export, save and compare plans"):
        e1, e2 = st.columns(2)
        e1.download_button(
            "Download CSV", plan_csv(network, plan), "checkpoint_plan.csv", "text/csv", key="pl_csv"
        )
        e2.download_button(
            "Download GeoJSON",
            json.dumps(plan_geojson(network, plan), default=str),
            "checkpoint_plan.geojson",
            "application/geo+json",
            key="pl_geojson",
        )
        name = st.text_input("Plan name", key="pl_save_name")
        if st.button("Save plan", key="pl_save") and name.strip():
            try:
                record = plan_record(
                    network,
                    plan,
                    name=name,
                    assumptions=assumptions.table(),
                    weight_unit=WEIGHT_UNIT,
                )
                save_plan(record)
                st.success(f"Saved {name!r}.")
            except FileExistsError:
                st.error(
                    escape_markdown(f"A plan named {name!r} already exists; choose another name.")
                )
            except UserInputError as err:
                st.error(escape_markdown(err))
        saved, problems = list_plans()
        for problem in problems:
            st.warning(problem)
        picked = st.multiselect("Compare saved plans", [r["name"] for r in saved], key="pl_cmp")
        if picked:
            st.dataframe(compare_plans([r for r in saved if r["name"] in picked]))
