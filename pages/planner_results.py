"""Result sections of the Checkpoint planner page: the plan and its bound, and the what-if.

Tables show place names, never ids; every number is a model output under stated assumptions.
"""

from __future__ import annotations

import logging

import streamlit as st

from charts.config import chart_config
from charts.planner import coverage_figure, exit_figure
from geo.briefing.plan import summary_from_result
from geo.errors import UserInputError
from geo.exports import escape_markdown
from geo.planner.plan import MODEL_NOTE, build_up, site_table, within_text
from geo.planner.run import PlanningResult
from geo.planner.whatif import BARRIER_LABEL, WhatIf, barrier_closure, close, rescore
from pages import state
from pages.planner_link import keep_valid

logger = logging.getLogger(__name__)
MARGINAL = "Lost if this site is removed (share, model output)"
THROUGH = "Flow through site (share, model output)"


def plan_section(result: PlanningResult) -> None:
    """The plan: capture, bound, sites (names), the ordered build-up, robustness, the curve."""
    plan, network = result.plan, result.network
    st.subheader("Plan")
    solver = f", {plan.solver.value.upper()}" if plan.solver is not None else ""
    st.caption(
        f"{MODEL_NOTE}. Capture rule: {plan.spec.objective.label}; detour tolerance "
        f"{plan.spec.tolerance:.0%}; method {plan.method.value}{solver} ({plan.status.value}); "
        f"{plan.seconds:.2f} s."
    )
    m1, m2, m3 = st.columns(3)
    m1.metric("Captured share of modelled flow (model output)", f"{plan.share:.1%}")
    m2.metric("New checkpoints", len(plan.sites))
    m3.metric("How close to the best possible (model output)", within_text(plan))
    if plan.bound is not None and plan.total > 0:
        st.caption(
            f"No plan for this question captures more than {plan.bound / plan.total:.1%} "
            "(bound proved by the solver, or by the linear relaxation for a greedy plan)."
        )
    if result.greedy is not None and result.gap is not None:
        g1, g2 = st.columns(2)
        g1.metric("Greedy plan: captured share (model output)", f"{result.greedy.share:.1%}")
        g2.metric("Greedy gap to the exact plan (model output)", f"{result.gap:.1%}")
        st.caption(f"Greedy plan: {within_text(result.greedy)}.")
    for note in plan.notes:
        st.caption(f"Note: {note}.")
    table = site_table(network, plan)
    state.set_checkpoint_plan(summary_from_result(result))
    shown = table[["name", "kind", "status", "cost", "marginal_gain_share", "flow_through_share"]]
    st.dataframe(
        shown.rename(
            columns={"marginal_gain_share": MARGINAL, "flow_through_share": THROUGH}
        ).sort_values(MARGINAL, ascending=False),
        hide_index=True,
        width="stretch",
        key="pl_site_table",
    )
    st.caption(
        "'Lost if removed' need not add up to the plan's capture under evasive capture: two "
        "sites that close each other's detours each lose the pair's capture when removed. The "
        "build-up below adds the sites one at a time and does add up."
    )
    steps = build_up(network, plan)
    st.markdown("**Build-up: sites added one at a time, most gain first** (model output)")
    st.dataframe(
        steps[["step", "name", "added_share", "captured_share", "note"]].rename(
            columns={
                "added_share": "Added (share)",
                "captured_share": "Captured so far (share)",
            }
        ),
        hide_index=True,
        width="stretch",
        key="pl_build_up",
    )
    if result.robust is not None:
        st.markdown("**Capture across sampled flow weights** (model output, share 0–1)")
        names = {n: network.name(n) for n in network.graph.nodes}
        st.dataframe(result.robust.summary(names), hide_index=True, width="stretch")
        st.caption(
            f"{result.robust.n_scenarios} draws within the assumption ranges (seed "
            f"{result.robust.seed}); P10/P50/P90 are percentiles over the draws."
        )
    if result.curve is not None and not result.curve.empty:
        st.plotly_chart(
            coverage_figure(result.curve),
            width="stretch",
            key="pl_curve",
            config=chart_config("coverage_curve"),
        )
        st.caption(f"{MODEL_NOTE}. Each point is its own plan.")


def whatif_section(result: PlanningResult, tolerance: float) -> WhatIf | None:
    """Close legs or places (or the barrier) and show where the flow goes; None if nothing."""
    plan, network = result.plan, result.network
    with st.expander("What if a leg or crossing closes?"):
        legs = {f"{network.name(u)} → {network.name(v)}": (u, v) for u, v in network.graph.edges}
        places = sorted(network.graph.nodes, key=network.name)
        keep_valid("pl_close_legs", list(legs))
        keep_valid("pl_close_nodes", places)
        preset = st.checkbox(BARRIER_LABEL, key="pl_barrier")
        picked = st.multiselect("Close legs", sorted(legs), key="pl_close_legs")
        nodes = st.multiselect(
            "Close places", places, format_func=network.name, key="pl_close_nodes"
        )
        edges = [legs[label] for label in picked]
        try:
            if preset:
                barrier_edges, barrier_nodes = barrier_closure(network)
                edges += barrier_edges
                nodes = [*nodes, *barrier_nodes]
            if not (edges or nodes):
                return None
            outcome = close(network, edges=edges, nodes=nodes, tolerance=tolerance)
        except UserInputError as err:
            st.error(escape_markdown(err))
            return None
        by_status = outcome.weight_by_status()
        total = sum(by_status.values()) or 1.0
        st.markdown(
            " · ".join(f"**{s}**: {v / total:.1%}" for s, v in by_status.items() if v > 0)
            + f" of modelled flow (model output; total conserved; detour tolerance "
            f"{tolerance:.0%})."
        )
        state.set_checkpoint_plan(summary_from_result(result, closure=outcome))
        rescored = rescore(plan, outcome)
        st.metric(
            "This plan's capture after the closure (model output)",
            f"{rescored.share:.1%}",
            delta=f"{(rescored.share - plan.share) * 100:+.1f} points",
        )
        by_exit = outcome.by_exit()
        st.plotly_chart(
            exit_figure(by_exit), width="stretch", key="pl_exits", config=chart_config("exits")
        )
        st.dataframe(by_exit, hide_index=True, width="stretch", key="pl_by_exit")
        st.dataframe(outcome.by_corridor(), hide_index=True, width="stretch", key="pl_by_corr")
        st.dataframe(outcome.leg_changes(), hide_index=True, width="stretch")
        st.caption(
            "Flow takes the shortest remaining route, over the atlas legs and the alternatives "
            "(assumptions made here, after §3.2 and §4.1), and is stopped only when no route "
            "within the detour tolerance remains."
        )
    return outcome
