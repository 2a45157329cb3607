"""Checkpoint planner: where k checkpoints catch the most modelled flow, even if it reroutes."""

from __future__ import annotations

import logging
import time

import streamlit as st
from streamlit_folium import st_folium

from geo.planner.assumptions import WEIGHT_UNIT
from geo.planner.atlas import assumption_sampler
from geo.planner.kinds import JobState
from geo.planner.plan import MODEL_NOTE
from geo.planner.question import solve_deadline
from geo.planner.run import PlanningResult, run_planning
from geo.planner.whatif import rescore
from geo.planner.worker import SolveJob
from layers.planner import planner_map
from pages import planner_results as results
from pages import state
from pages.common import offline_ready
from pages.planner_export import export_section
from pages.planner_link import LINK_PARAMS
from pages.planner_network import assumptions_section, network_section
from pages.planner_question import add_sites_section, question_section

logger = logging.getLogger(__name__)
WAIT_S = 3.0

for notice in state.restore_view("planner", LINK_PARAMS):
    st.caption(notice)
st.title("Checkpoint planner")
st.info(
    f"**{MODEL_NOTE}.** The planner answers: given the atlas corridors and explicit flow "
    "assumptions, where would k checkpoints intercept the most flow, and how much of that holds "
    "if smugglers reroute (UNODC 2011, §6.2, §8.1, §8.4)? Flow weights are shares of modelled "
    f"flow ({WEIGHT_UNIT}), never numbers of persons. Corridors and the air/land split describe "
    "the situation the report gives (UNODC, December 2011).",
)

assumptions, records_csv = assumptions_section()
network = network_section(assumptions, records_csv)
question = question_section(network)
add_sites_section(network)

# -- solving -----------------------------------------------------------------------------------
b1, b2 = st.columns([1, 4])
if b1.button("Solve", type="primary", key="pl_solve"):
    if question.spec is None:
        st.error(question.error)
        st.stop()
    spec, objective = question.spec, question.objective
    sampler = assumption_sampler(network, assumptions) if records_csv is None else None
    net = network
    st.session_state["pl_job"] = SolveJob(
        lambda control: run_planning(
            net,
            spec,
            method=question.method,
            robust=objective.robust,
            sampler=sampler,
            curve_k=question.curve_k,
            time_limit=question.time_limit,
            control=control,
        ),
        deadline_s=solve_deadline(question.time_limit, question.curve_k),
        label="plan",
    )

job: SolveJob | None = st.session_state.get("pl_job")
if job is not None and not job.finished:
    job.wait(WAIT_S)
if job is not None and not job.finished:
    fraction, message = job.progress
    st.progress(fraction, text=f"Solving… {message} ({job.elapsed:.0f} s)")
    if b2.button("Stop", key="pl_stop"):
        job.cancel()
        job.wait(5)
    else:
        time.sleep(0.5)
        st.rerun()
if job is not None and job.finished:
    if job.state is JobState.DONE:
        st.session_state["pl_result"] = job.result
    elif job.state is JobState.CANCELLED:
        st.warning("The solve was stopped before it finished; no new plan.")
    elif job.state is JobState.FAILED:
        logger.error("planner solve failed: %r", job.error)
        st.error("The solve failed; nothing was changed. Try a smaller question or a longer limit.")
    st.session_state["pl_job"] = None

# -- results -----------------------------------------------------------------------------------
result: PlanningResult | None = st.session_state.get("pl_result")
outcome = None
if result is not None:
    results.plan_section(result)
    outcome = results.whatif_section(result, float(st.session_state.get("pl_tol", 0.3)))
    export_section(result.network, result.plan, assumptions)

# -- map ---------------------------------------------------------------------------------------
with st.container():  # heading, caption and map together: the print view puts them first
    st.subheader("Map")
    if result is not None and outcome is not None:
        fmap = planner_map(
            outcome.network,
            rescore(result.plan, outcome),
            closed_edges=outcome.closed_edges,
            closed_nodes=outcome.closed_nodes,
            base_network=result.network,
            before=result.plan,
            remote=True,
        )
    elif result is not None:
        fmap = planner_map(result.network, result.plan, remote=True)
    else:
        fmap = planner_map(network, None, remote=True)
    st.caption(
        "Click the map to pick a point for a new candidate site (see 'Add candidate sites')."
    )
    clicked = st_folium(
        offline_ready(fmap),
        returned_objects=["last_clicked"],
        height=560,
        width="stretch",
        key="pl_map",
    )
state.write_view(LINK_PARAMS)
if (
    clicked
    and clicked.get("last_clicked")
    and clicked["last_clicked"] != st.session_state.get("pl_last_click")
):
    st.session_state["pl_last_click"] = clicked["last_clicked"]
    st.rerun()
