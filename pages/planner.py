"""Checkpoint planner: where k checkpoints catch the most modelled flow, even if it reroutes."""

from __future__ import annotations

import json
import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from geo.confidence import Confidence
from geo.exports import escape_markdown, to_csv_text
from geo.gazetteer import UnknownPlaceError, load_gazetteer
from geo.planner.assumptions import WEIGHT_UNIT, FlowAssumptions
from geo.planner.atlas import assumption_sampler, default_network
from geo.planner.export import (
    compare_plans,
    list_plans,
    plan_csv,
    plan_geojson,
    plan_record,
    save_plan,
)
from geo.planner.network import NetworkError
from geo.planner.objectives import Objective, PlanSpec
from geo.planner.plan import MODEL_NOTE, site_table
from geo.planner.ranges import Range
from geo.planner.run import METHODS, run_planning
from geo.planner.sites import add_site_at, add_site_by_name
from geo.planner.whatif import close, rescore
from geo.planner.worker import CANCELLED, DONE, FAILED, SolveJob
from geo.records import service
from layers.planner import planner_map
from pages.common import current_session, offline_ready, records_store

WAIT_S = 3.0
BARRIER = "Iran's barrier from Taftan to Mand (§3.2): close the crossings into Iran"
OBJECTIVES = {
    "Static capture": "static",
    "Evasive capture (flows reroute)": "evasive",
    "Robust (static, sampled weights)": "robust-static",
    "Robust (evasive, sampled weights)": "robust-evasive",
}


@st.cache_resource(show_spinner="Building the corridor network…")
def base_network(assumptions: FlowAssumptions, records_csv: bytes | None):
    """The planner network for one set of assumptions (shared read-only)."""
    records = None
    if records_csv is not None:
        import io

        records = pd.read_csv(io.BytesIO(records_csv))
    return default_network(assumptions=assumptions, records=records)


def stored_record_flows() -> bytes | None:
    """Persons by origin district and corridor from the records store, as the upload's CSV.

    None when no record names both; a public session's small counts are left out, not guessed.
    """
    store = records_store()
    session = current_session(store)
    if service.month_range(store, session) is None:
        return None
    frame = service.cross_summary(store, session, ("origin_district", "corridor"))
    frame = frame[
        frame["persons"].notna() & (frame["origin_district"] != "") & (frame["corridor"] != "")
    ]
    if frame.empty:
        return None
    flows = frame.rename(columns={"corridor": "corridor_id"})
    return to_csv_text(flows[["origin_district", "corridor_id", "persons"]]).encode()


def with_user_sites(network, sites):
    """Apply the user's added sites in order; report those that cannot be placed."""
    for entry in sites:
        try:
            if entry["how"] == "name":
                network, _ = add_site_by_name(network, load_gazetteer(), entry["name"])
            else:
                network, _ = add_site_at(network, entry["lat"], entry["lon"], name=entry["name"])
        except (NetworkError, UnknownPlaceError) as err:
            st.warning(escape_markdown(f"Site {entry['name']!r} not added: {err}"))
    return network


st.title("Checkpoint planner")
st.info(
    f"**{MODEL_NOTE}.** The planner answers: given the atlas corridors and explicit flow "
    "assumptions, where would k checkpoints intercept the most flow, and how much of that holds "
    "if smugglers reroute (UNODC 2011, §6.2, §8.1, §8.4)? Flow weights are shares of modelled "
    f"flow ({WEIGHT_UNIT}), never numbers of persons. Corridors and the air/land split describe "
    "the situation the report gives (UNODC, December 2011).",
)

# -- assumptions -------------------------------------------------------------------------------
with st.expander("Flow assumptions (editable ranges)", expanded=False):
    c1, c2, c3 = st.columns(3)
    air_low = c1.number_input("Air share, low (%)", 0.0, 100.0, 10.0, key="pl_air_low")
    air_point = c2.number_input("Air share, point (%)", 0.0, 100.0, 20.0, key="pl_air_point")
    air_high = c3.number_input("Air share, high (%)", 0.0, 100.0, 30.0, key="pl_air_high")
    d1, d2 = st.columns(2)
    district_spread = d1.slider("District share may vary by ±", 0.0, 0.9, 0.5, 0.05, key="pl_ds")
    corridor_spread = d2.slider("Corridor share may vary by ±", 0.0, 0.9, 0.5, 0.05, key="pl_cs")
    upload = st.file_uploader(
        "Or weight flows by interception records (CSV: origin_district, corridor_id, persons)",
        type=["csv"],
        key="pl_records",
    )
    stored = stored_record_flows()
    use_stored = stored is not None and st.checkbox(
        "Weight flows by the imported interception records (origin district × corridor)",
        key="pl_use_store",
    )
records_csv = upload.getvalue() if upload is not None else None
if use_stored:
    records_csv = stored
try:
    assumptions = FlowAssumptions(
        air_share=Range(
            air_low / 100,
            air_point / 100,
            air_high / 100,
            confidence=Confidence.ESTIMATE,
            source="UNODC 2011, §4.1 note 13: one FIA official's estimate (20% by air)",
            width_note="Range around the official's 20%: the width is an assumption made here",
        ),
        district_spread=district_spread,
        corridor_spread=corridor_spread,
    )
    network = base_network(assumptions, records_csv)
except (ValueError, KeyError) as err:
    st.error(f"These assumptions cannot be used: {escape_markdown(err)}")
    st.stop()
st.dataframe(assumptions.table(), hide_index=True, width="stretch")
for line in network.notes:
    st.caption(line)

st.session_state.setdefault("pl_user_sites", [])
network = with_user_sites(network, st.session_state["pl_user_sites"])
names = {n: network.name(n) for n in network.graph.nodes}
pak_nodes = sorted(
    (n for n, d in network.graph.nodes(data=True) if d["in_pakistan"]), key=names.get
)

# -- the question ------------------------------------------------------------------------------
with st.container(border=True):
    left, middle, right = st.columns(3)
    objective_label = left.selectbox("Objective", list(OBJECTIVES), key="pl_objective")
    objective = OBJECTIVES[objective_label]
    limit = left.radio("Limit by", ["number of sites (k)", "budget"], key="pl_limit")
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
    method = middle.selectbox("Method", METHODS, key="pl_method")
    curve_k = middle.number_input("Coverage curve up to k =", 0, 20, 6, key="pl_curve_k")
    existing = right.multiselect(
        "Existing checkpoints (already in place)",
        pak_nodes,
        format_func=names.get,
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
        budget = st.number_input("Budget (same unit as cost)", 0.0, 1000.0, 3.0, key="pl_budget")

with st.expander("Add candidate sites by name or by clicking the map"):
    a1, a2 = st.columns([3, 1])
    typed = a1.text_input("Place name (gazetteer)", key="pl_add_name")
    if a2.button("Add place", key="pl_add_name_btn") and typed.strip():
        try:
            add_site_by_name(network, load_gazetteer(), typed)
            st.session_state["pl_user_sites"].append({"how": "name", "name": typed.strip()})
            st.rerun()
        except UnknownPlaceError as err:
            st.error(str(err))
        except NetworkError as err:
            st.error(str(err))
    clicked = st.session_state.get("pl_last_click")
    if clicked:
        label = st.text_input("Name for the clicked point", "Checkpoint site", key="pl_click_name")
        st.caption(f"Last click: {clicked['lat']:.3f}, {clicked['lng']:.3f}")
        if st.button("Add clicked point as a site", key="pl_add_click"):
            try:
                add_site_at(network, clicked["lat"], clicked["lng"], name=label)
                st.session_state["pl_user_sites"].append(
                    {"how": "click", "name": label, "lat": clicked["lat"], "lon": clicked["lng"]}
                )
                st.rerun()
            except NetworkError as err:
                st.error(str(err))
    if st.session_state["pl_user_sites"]:
        st.write("Added: " + ", ".join(s["name"] for s in st.session_state["pl_user_sites"]))
        if st.button("Remove added sites", key="pl_clear_sites"):
            st.session_state["pl_user_sites"] = []
            st.rerun()


def current_spec() -> PlanSpec:
    base = objective.removeprefix("robust-")
    detection = {}
    if base == "static":
        detection = {r.site: float(r.detection) for r in edited.itertuples() if r.detection < 1}
    return PlanSpec(
        objective=Objective(base),
        k=int(k) if limit.startswith("number") else None,
        budget=float(budget) if limit == "budget" else None,
        site_cost={r.site: float(r.cost) for r in edited.itertuples()},
        detection=detection,
        existing=frozenset(existing),
        tolerance=float(tolerance),
    )


# -- solving -----------------------------------------------------------------------------------
b1, b2 = st.columns([1, 4])
if b1.button("Solve", type="primary", key="pl_solve"):
    try:
        spec = current_spec()
    except ValueError as err:
        st.error(str(err))
        st.stop()
    robust = objective.startswith("robust")
    sampler = assumption_sampler(network, assumptions) if records_csv is None else None
    net = network
    st.session_state["pl_job"] = SolveJob(
        lambda control: run_planning(
            net,
            spec,
            method=method,
            robust=robust,
            sampler=sampler,
            curve_k=int(curve_k),
            time_limit=float(time_limit),
            control=control,
        ),
        deadline_s=float(time_limit) * (2 * int(curve_k) + 3),
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
    if job.state == DONE:
        st.session_state["pl_result"] = job.result
    elif job.state == CANCELLED:
        st.warning("The solve was stopped before it finished; no new plan.")
    elif job.state == FAILED:
        st.error(f"The solve failed: {job.error}")
    st.session_state["pl_job"] = None

result = st.session_state.get("pl_result")

# -- results -----------------------------------------------------------------------------------
closed_edges: list[tuple[str, str]] = []
closed_nodes: list[str] = []
if result is not None:
    plan, rnet = result.plan, result.network
    st.subheader("Plan")
    st.caption(
        f"{MODEL_NOTE}. Capture rule: {plan.spec.objective.label}; "
        f"detour tolerance {plan.spec.tolerance:.0%}; method {plan.method} ({plan.status}); "
        f"{plan.seconds:.2f} s."
    )
    m1, m2, m3 = st.columns(3)
    m1.metric("Captured share of modelled flow (model output)", f"{plan.share:.1%}")
    m2.metric("New checkpoints", len(plan.sites))
    if result.gap is not None:
        m3.metric("Greedy gap to the optimum (model output)", f"{result.gap:.1%}")
    for note in plan.notes:
        st.caption(f"Note: {note}.")
    table = site_table(rnet, plan)
    # Offered to the briefing pack, with the rule that makes its numbers model outputs.
    briefing_plan = table.assign(objective=plan.spec.objective.value, model_note=MODEL_NOTE)
    briefing_plan.attrs["source"] = "Checkpoint planner (model output under stated assumptions)"
    st.session_state["checkpoint_plan"] = briefing_plan
    st.dataframe(
        table[["name", "kind", "status", "cost", "marginal_gain_share", "flow_through_share"]]
        .rename(
            columns={
                "marginal_gain_share": "Marginal gain (share, model output)",
                "flow_through_share": "Flow through site (share, model output)",
            }
        )
        .sort_values("Marginal gain (share, model output)", ascending=False),
        hide_index=True,
        width="stretch",
        key="pl_site_table",
    )
    if result.robust is not None:
        st.markdown("**Capture across sampled flow weights** (model output, share 0–1)")
        st.dataframe(result.robust.summary(), hide_index=True, width="stretch")
        st.caption(
            f"{result.robust.n_scenarios} draws within the assumption ranges (seed "
            f"{result.robust.seed}); P10/P50/P90 are percentiles over the draws."
        )
    if result.curve is not None and not result.curve.empty:
        fig = go.Figure()
        for objective_name, dash in (("static", None), ("evasive", "dash")):
            part = result.curve[result.curve["objective"] == objective_name]
            fig.add_scatter(
                x=part["k"],
                y=part["share"] * 100,
                mode="lines+markers",
                name=f"{objective_name.capitalize()} capture",
                line={"dash": dash},
                customdata=part["sites"],
                hovertemplate="k=%{x}: %{y:.1f}%<br>%{customdata}<extra></extra>",
            )
        fig.update_layout(
            title="Coverage curve: share of modelled flow captured (model output)",
            xaxis_title="Number of new checkpoints k",
            yaxis_title="Captured share of modelled flow (%)",
            yaxis_range=[0, 100],
            height=380,
        )
        st.plotly_chart(fig, width="stretch", key="pl_curve")
        st.caption(f"{MODEL_NOTE}. Each point is its own optimal plan.")

    # -- what-if -------------------------------------------------------------------------------
    with st.expander("What if a leg or crossing closes?"):
        legs = {f"{names.get(u, u)} → {names.get(v, v)}": (u, v) for u, v in rnet.graph.edges}
        preset = st.checkbox(BARRIER, key="pl_barrier")
        chosen_legs = st.multiselect("Close legs", sorted(legs), key="pl_close_legs")
        chosen_nodes = st.multiselect(
            "Close places", sorted(rnet.graph.nodes, key=lambda n: names.get(n, n)),
            format_func=lambda n: names.get(n, n), key="pl_close_nodes",
        )  # fmt: skip
        closed_edges = [legs[label] for label in chosen_legs]
        if preset:
            closed_edges += [
                (u, v)
                for u, v in rnet.graph.edges
                if u in ("taftan", "mand_balo") and not rnet.graph.nodes[v]["in_pakistan"]
            ]
        closed_nodes = list(chosen_nodes)
        if closed_edges or closed_nodes:
            outcome = close(rnet, edges=closed_edges, nodes=closed_nodes)
            by_status = outcome.weight_by_status()
            total = sum(by_status.values()) or 1.0
            st.markdown(
                " · ".join(f"**{s}**: {v / total:.1%}" for s, v in by_status.items())
                + " of modelled flow (model output; total conserved)."
            )
            rescored = rescore(plan, outcome)
            st.metric(
                "This plan's capture after the closure (model output)",
                f"{rescored.share:.1%}",
                delta=f"{(rescored.share - plan.share) * 100:+.1f} points",
            )
            st.dataframe(outcome.table, hide_index=True, width="stretch")
            st.dataframe(outcome.leg_changes(), hide_index=True, width="stretch")
            st.caption(
                "Rerouted flow takes the shortest remaining route in the atlas network. "
                "'No remaining path' means the atlas holds no other route; the report says "
                "smugglers also use unconventional routes all across the Iran border (§3.2)."
            )

    # -- export, save, compare ---------------------------------------------------------------
    with st.expander("Export, save and compare plans"):
        e1, e2 = st.columns(2)
        e1.download_button(
            "Download CSV", plan_csv(rnet, plan), "checkpoint_plan.csv", "text/csv", key="pl_csv"
        )
        e2.download_button(
            "Download GeoJSON",
            json.dumps(plan_geojson(rnet, plan), default=str),
            "checkpoint_plan.geojson",
            "application/geo+json",
            key="pl_geojson",
        )
        name = st.text_input("Plan name", key="pl_save_name")
        if st.button("Save plan", key="pl_save") and name.strip():
            try:
                save_plan(
                    plan_record(
                        rnet,
                        plan,
                        name=name,
                        assumptions=assumptions.table(),
                        weight_unit=WEIGHT_UNIT,
                    )
                )
                st.success(f"Saved {name!r}.")
            except (FileExistsError, ValueError) as err:
                st.error(str(err))
        saved, problems = list_plans()
        for problem in problems:
            st.warning(problem)
        picked = st.multiselect("Compare saved plans", [r["name"] for r in saved], key="pl_cmp")
        if picked:
            st.dataframe(compare_plans([r for r in saved if r["name"] in picked]))

# -- map ---------------------------------------------------------------------------------------
st.subheader("Map")
shown_plan = result.plan if result is not None else None
shown_net = result.network if result is not None else network
if result is not None and (closed_edges or closed_nodes):
    after = close(shown_net, edges=closed_edges, nodes=closed_nodes)
    shown_plan = rescore(shown_plan, after)
    fmap = planner_map(
        after.network,
        shown_plan,
        closed_edges=closed_edges,
        closed_nodes=closed_nodes,
        base_network=shown_net,
    )
else:
    fmap = planner_map(shown_net, shown_plan)
st.caption("Click the map to pick a point for a new candidate site (see 'Add candidate sites').")
clicked = st_folium(
    offline_ready(fmap),
    returned_objects=["last_clicked"],
    height=560,
    width="stretch",
    key="pl_map",
)
if (
    clicked
    and clicked.get("last_clicked")
    and clicked["last_clicked"] != st.session_state.get("pl_last_click")
):
    st.session_state["pl_last_click"] = clicked["last_clicked"]
    st.rerun()
