"""Question sections of the Checkpoint planner page: what to plan, and sites the user adds.

The rules behind the inputs live in ``geo/planner`` (``question``, ``sites``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.errors import UserInputError
from geo.exports import escape_markdown
from geo.gazetteer import load_gazetteer
from geo.planner.kinds import Method
from geo.planner.network import FlowNetwork
from geo.planner.objectives import PlanSpec
from geo.planner.question import Limit, PageObjective, plan_spec
from geo.planner.sites import add_site_at, add_site_by_name
from pages.planner_link import USER_SITES, keep_valid


@dataclass(frozen=True)
class Question:
    """What the user asked: the plan and how to solve it."""

    objective: PageObjective
    method: Method
    curve_k: int
    time_limit: float
    spec: PlanSpec | None
    error: str


def question_section(network: FlowNetwork) -> Question:
    """Objective, limit, tolerance, method, existing checkpoints, site costs and detection."""
    names = {n: network.name(n) for n in network.graph.nodes}
    pak = sorted(
        (n for n, d in network.graph.nodes(data=True) if d["in_pakistan"]), key=network.name
    )
    keep_valid("pl_existing", pak)
    with st.container(border=True):
        left, middle, right = st.columns(3)
        objective = left.selectbox(
            "Objective", list(PageObjective), format_func=lambda o: o.label, key="pl_objective"
        )
        limit = left.radio("Limit by", list(Limit), key="pl_limit")
        k = left.number_input("k: new checkpoints", 1, 50, 3, key="pl_k")
        tolerance = middle.slider(
            "Detour tolerance (evasive): routes up to this much longer are acceptable",
            0.0,
            2.0,
            0.3,
            0.05,
            key="pl_tol",
            help="Assumption made here: the report gives no figure for how far smugglers detour.",
        )
        method = middle.selectbox("Method", list(Method), key="pl_method")
        curve_k = middle.number_input("Coverage curve up to k =", 0, 20, 6, key="pl_curve_k")
        existing = right.multiselect(
            "Existing checkpoints (already in place)",
            pak,
            format_func=network.name,
            key="pl_existing",
        )
        time_limit = right.number_input("Time limit (s)", 1, 600, 30, key="pl_time")
        sites = pd.DataFrame(
            {
                "site": list(network.candidates),
                "name": [names[n] for n in network.candidates],
                "cost": 1.0,
                "detection": 1.0,
            }
        )
        with st.expander("Candidate sites: cost and detection probability (static capture)"):
            st.caption(
                "Costs and detection probabilities are inputs made here (Assumption made here); "
                "the report gives neither. Evasive capture treats every checkpoint as certain."
            )
            edited = st.data_editor(
                sites,
                disabled=["site", "name"],
                hide_index=True,
                key="pl_sites_editor",
                column_config={
                    "cost": st.column_config.NumberColumn(min_value=0.01),
                    "detection": st.column_config.NumberColumn(min_value=0.01, max_value=1.0),
                },
            )
            budget = st.number_input(
                "Budget (same unit as cost)", 0.0, 1000.0, 3.0, key="pl_budget"
            )
    spec, error = None, ""
    try:
        spec = plan_spec(
            PageObjective(objective or PageObjective.STATIC),
            limit=Limit(limit or Limit.K),
            k=int(k),
            budget=float(budget),
            site_cost=dict(zip(edited["site"], edited["cost"], strict=True)),
            detection=dict(zip(edited["site"], edited["detection"], strict=True)),
            existing=existing,
            tolerance=float(tolerance),
        )
    except UserInputError as err:
        error = str(err)
    chosen = PageObjective(objective or PageObjective.STATIC)
    return Question(
        chosen, Method(method or Method.EXACT), int(curve_k), float(time_limit), spec, error
    )


def add_sites_section(network: FlowNetwork) -> None:
    """Add candidate sites by gazetteer name or by the last map click."""
    with st.expander("Add candidate sites by name or by clicking the map"):
        a1, a2 = st.columns([3, 1])
        typed = a1.text_input("Place name (gazetteer)", key="pl_add_name")
        if a2.button("Add place", key="pl_add_name_btn") and typed.strip():
            try:
                add_site_by_name(network, load_gazetteer(), typed)
                st.session_state[USER_SITES].append({"how": "name", "name": typed.strip()})
                st.rerun()
            except UserInputError as err:
                st.error(escape_markdown(err))
        clicked = st.session_state.get("pl_last_click")
        if clicked:
            label = st.text_input(
                "Name for the clicked point", "Checkpoint site", key="pl_click_name"
            )
            st.caption(f"Last click: {clicked['lat']:.3f}, {clicked['lng']:.3f}")
            if st.button("Add clicked point as a site", key="pl_add_click"):
                try:
                    add_site_at(network, clicked["lat"], clicked["lng"], name=label)
                    st.session_state[USER_SITES].append(
                        {
                            "how": "click",
                            "name": label,
                            "lat": clicked["lat"],
                            "lon": clicked["lng"],
                        }
                    )
                    st.rerun()
                except UserInputError as err:
                    st.error(escape_markdown(err))
        if st.session_state[USER_SITES]:
            st.write("Added: " + ", ".join(s["name"] for s in st.session_state[USER_SITES]))
            if st.button("Remove added sites", key="pl_clear_sites"):
                st.session_state[USER_SITES] = []
                st.rerun()
