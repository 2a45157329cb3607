"""Network building, assumptions, the atlas network, what-if closures, export and the worker."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from geo.confidence import Confidence
from geo.gazetteer import load_gazetteer
from geo.planner.assumptions import AIR, LAND_SEA, FlowAssumptions, record_flows, record_weights
from geo.planner.atlas import assumption_sampler, from_corridors
from geo.planner.control import SolveControl
from geo.planner.exact import solve_exact
from geo.planner.export import (
    PlanFileError,
    compare_plans,
    list_plans,
    plan_csv,
    plan_geojson,
    plan_record,
    save_plan,
)
from geo.planner.kinds import JobState, Method, Solver
from geo.planner.network import Flow, FlowNetwork, NetworkError
from geo.planner.objectives import PlanSpec
from geo.planner.plan import MODEL_NOTE, flow_outcomes, site_table
from geo.planner.ranges import Range
from geo.planner.robust import solve_robust
from geo.planner.whatif import NO_PATH, REROUTED, UNCHANGED, close
from geo.planner.worker import SolveJob
from tests.planner.conftest import w


def leg(a, b, mode="land", seq=1):
    return SimpleNamespace(from_id=a, to_id=b, mode=mode, seq=seq, confidence="assumption")


def corridor(cid, places, mode="land", direction="outbound"):
    legs = [leg(a, b, mode, i) for i, (a, b) in enumerate(zip(places, places[1:], strict=False), 1)]
    return SimpleNamespace(corridor_id=cid, name=cid, direction=direction, legs=legs)


@pytest.fixture
def toy_atlas():
    corridors = [
        corridor("mand", ["karachi", "hub", "turbat", "mand_balo", "iranshahr"]),
        corridor("taftan", ["quetta", "taftan", "zahedan"]),
        corridor("oman", ["gwadar", "muscat"], mode="sea"),
        corridor("fly", ["islamabad_airport", "dubai"], mode="air"),
        corridor("africa", ["tripoli", "lampedusa"], mode="sea"),
        corridor("afghans", ["kandahar", "chaman", "quetta"], direction="inbound"),
    ]
    return from_corridors(corridors, load_gazetteer(), ["Gujrat", "Jhellum"])


# -- ranges and network ------------------------------------------------------------------------


def test_range_rejects_bad_values():
    with pytest.raises(ValueError, match="low <= point <= high"):
        Range(2, 1, 3)
    with pytest.raises(ValueError, match="negative"):
        Range(-1, 0, 1)
    with pytest.raises(ValueError, match="finite"):
        Range(0, float("nan"), 1)
    assert Range(0.1, 0.2, 0.3).as_text(percent=True, digits=2) == "20% (10–30%)"


def test_network_rejects_inconsistent_flows():
    nodes = [{"id": "A"}, {"id": "B"}, {"id": "C"}]
    edges = [{"from": "A", "to": "B", "length_km": 5}]
    with pytest.raises(NetworkError, match="no leg 'B'→'C'"):
        FlowNetwork.from_parts(nodes, edges, [Flow("f", "A", "C", ("A", "B", "C"), w(1))])
    with pytest.raises(NetworkError, match="unknown node"):
        FlowNetwork.from_parts(nodes, [{"from": "A", "to": "Z"}], [])
    with pytest.raises(NetworkError, match="unknown mode"):
        FlowNetwork.from_parts(nodes, [{"from": "A", "to": "B", "mode": "rail"}], [])
    with pytest.raises(NetworkError, match="duplicate flow"):
        flow = Flow("f", "A", "B", ("A", "B"), w(1))
        FlowNetwork.from_parts(nodes, edges, [flow, flow])


# -- assumptions -------------------------------------------------------------------------------


def test_air_share_follows_the_fia_estimate_and_is_labelled():
    a = FlowAssumptions()
    assert a.air_share.point == pytest.approx(0.20)
    assert a.air_share.confidence is Confidence.ESTIMATE
    assert "§4.1 note 13" in a.air_share.source
    land = a.group_share(LAND_SEA)
    assert (land.low, land.point, land.high) == pytest.approx((0.7, 0.8, 0.9))
    table = a.table()
    width = table.loc[table["assumption"] == "Width of those ranges"].iloc[0]
    assert width["confidence"] == "Assumption made here"
    split = table.loc[table["assumption"].str.startswith("Split across named")].iloc[0]
    assert split["confidence"] == "Assumption made here"


def test_assumption_weights_and_samples_keep_the_split():
    a = FlowAssumptions(air_share=Range(0.1, 0.25, 0.4, confidence=Confidence.ESTIMATE))
    groups = {"c1": AIR, "c2": LAND_SEA, "c3": LAND_SEA}
    weights = a.weights(["d1", "d2"], groups)
    assert sum(r.point for r in weights.values()) == pytest.approx(1.0)
    air = sum(r.point for (d, c), r in weights.items() if groups[c] == AIR)
    assert air == pytest.approx(0.25)
    keys = list(weights)
    draws = a.sample(keys, groups, n=500, seed=1)
    assert draws.shape == (500, len(keys))
    assert np.allclose(draws.sum(axis=1), 1.0)
    air_draws = draws[:, [i for i, (_, c) in enumerate(keys) if groups[c] == AIR]].sum(axis=1)
    assert air_draws.min() >= 0.1 - 1e-12 and air_draws.max() <= 0.4 + 1e-12
    assert not np.allclose(air_draws, air_draws[0])


def test_bad_assumptions_and_records_fail_clearly():
    with pytest.raises(ValueError, match="district_spread"):
        FlowAssumptions(district_spread=1.5)
    with pytest.raises(ValueError, match="at most 1"):
        FlowAssumptions(air_share=Range(0.5, 0.9, 1.2))
    with pytest.raises(ValueError, match="persons"):
        record_weights(pd.DataFrame({"origin_district": ["Gujrat"], "corridor_id": ["x"]}))
    bad = pd.DataFrame({"origin_district": ["Gujrat"], "corridor_id": ["x"], "persons": [-3]})
    with pytest.raises(ValueError, match="non-negative"):
        record_weights(bad)


# -- atlas network -----------------------------------------------------------------------------


def test_atlas_network_routes_districts_through_labelled_connectors(toy_atlas):
    net = toy_atlas
    assert {f.corridor_id for f in net.flows} == {"mand", "taftan", "oman", "fly"}
    assert any("starts outside Pakistan" in n for n in net.notes)
    land = net.flow("gujrat__taftan")
    assert land.path[:3] == ("gujrat", "karachi", "quetta")
    for u, v in zip(land.path, land.path[1:], strict=False):
        edge = net.graph.edges[u, v]
        if (u, v) in {("gujrat", "karachi"), ("karachi", "quetta")}:
            assert edge["mode"] == "connector" and edge["assumption"]
            assert "assumption made here" in edge["note"]
    air = net.flow("jhelum__fly")
    assert air.path == ("jhelum", "islamabad_airport", "dubai") and air.group == AIR
    assert sum(f.weight.point for f in net.flows) == pytest.approx(1.0)
    assert sum(f.weight.point for f in net.flows if f.group == AIR) == pytest.approx(0.2)
    assert set(net.candidates) == {
        "hub",
        "turbat",
        "mand_balo",
        "taftan",
        "gwadar",
        "islamabad_airport",
    }


def test_atlas_network_from_records_and_unknown_names(toy_atlas):
    gaz = load_gazetteer()
    corridors = [corridor("mand", ["karachi", "hub", "mand_balo", "iranshahr"])]
    records = pd.DataFrame(
        {
            "origin_district": ["Gujarat", "Gujrat", "Jhellum"],
            "corridor_id": ["mand"] * 3,
            "persons": [10, 5, 5],
        }  # fmt: skip
    )
    net = from_corridors(corridors, gaz, [], records=records)
    assert net.flow("gujrat__mand").weight.point == 15
    assert net.flow("jhelum__mand").weight.point == 5
    bad = records.assign(corridor_id="nowhere")
    with pytest.raises(NetworkError, match="nowhere"):
        from_corridors(corridors, gaz, [], records=bad)
    with pytest.raises(KeyError, match="Did you mean"):
        from_corridors(corridors, gaz, ["Gujratt"])


def test_atlas_sampler_and_robust_plan(toy_atlas):
    sampler = assumption_sampler(toy_atlas, FlowAssumptions())
    result = solve_robust(toy_atlas, PlanSpec(k=1), sampler=sampler, n=50, seed=3)
    summary = result.summary()
    assert summary["p10"].between(0, 1).all() and summary["p90"].between(0, 1).all()
    assert result.saa_plan.sites and result.seed == 3


def test_default_network_builds_from_project_data():
    from geo.planner.atlas import default_network

    net = default_network()
    assert net.flows and net.candidates
    assert "mand_balo" in net.candidates and "taftan" in net.candidates
    assert sum(f.weight.point for f in net.flows) == pytest.approx(1.0)
    plan = solve_exact(net, PlanSpec(k=2))
    assert 0 < plan.share <= 1


# -- what-if -----------------------------------------------------------------------------------


def test_closing_a_leg_moves_its_flow_and_conserves_the_total(diamond):
    result = close(diamond, edges=[("B", "D")])
    by_status = result.weight_by_status()
    assert sum(by_status.values()) == pytest.approx(diamond.total_weight())
    assert by_status[REROUTED] == pytest.approx(3.0)  # A→B→D now A→C→D
    assert by_status[NO_PATH] == pytest.approx(1.0)  # E has no other way to D
    assert result.network.flow("ad").path == ("A", "C", "D")
    assert [f.flow_id for f in result.stranded] == ["ed"]
    changes = result.leg_changes().set_index(["from", "to"])
    assert changes.loc[("C", "D"), "change"] == pytest.approx(3.0)
    assert changes.loc[("B", "D"), "change"] == pytest.approx(-4.0)
    kept = close(diamond, nodes=["C"])
    assert kept.weight_by_status()[UNCHANGED] == pytest.approx(diamond.total_weight())
    with pytest.raises(NetworkError, match="no leg"):
        close(diamond, edges=[("D", "A")])
    with pytest.raises(NetworkError, match="at least one"):
        close(diamond)


def test_barrier_between_taftan_and_mand_on_atlas(toy_atlas):
    result = close(toy_atlas, nodes=["taftan", "mand_balo"])
    statuses = result.table.set_index("flow_id")["status"]
    assert statuses["gujrat__mand"] == NO_PATH and statuses["gujrat__fly"] == UNCHANGED
    assert sum(result.weight_by_status().values()) == pytest.approx(1.0)


# -- plans, export and saving ------------------------------------------------------------------


def test_site_table_and_outcomes(diamond):
    spec = PlanSpec(objective="evasive", k=2, tolerance=0.2)
    plan = solve_exact(diamond, spec)
    table = site_table(diamond, plan).set_index("site")
    # Without C the A–D flow detours via... nothing (B blocks); without B everything escapes but E.
    assert table.loc["B", "marginal_gain"] == pytest.approx(4.0)
    assert table.loc["C", "marginal_gain"] == pytest.approx(3.0)
    one = solve_exact(diamond, PlanSpec(objective="evasive", k=1, tolerance=0.2))
    outcomes = flow_outcomes(diamond, one).set_index("flow_id")
    assert outcomes.loc["ad", "status"] == "escapes" and outcomes.loc["ad", "rerouted"]
    assert outcomes.loc["ad", "route"] == ("A", "C", "D")
    assert outcomes.loc["ed", "status"] == "captured"


def test_exports_carry_the_model_note(diamond, tmp_path):
    plan = solve_exact(diamond, PlanSpec(k=1))
    csv = plan_csv(diamond, plan)
    assert MODEL_NOTE in csv and "marginal_gain" in csv
    geo = plan_geojson(diamond, plan)
    kinds = [f["properties"]["feature"] for f in geo["features"]]
    assert kinds.count("checkpoint") == 1 and kinds.count("flow") == 2
    assert geo["features"][0]["geometry"]["coordinates"] == [67, 31]
    json.dumps(geo)
    record = plan_record(diamond, plan, name="Plan A")
    path = save_plan(record, directory=tmp_path)
    with pytest.raises(FileExistsError):
        save_plan(record, directory=tmp_path)
    (tmp_path / "broken.json").write_text("{not json")
    records, problems = list_plans(directory=tmp_path)
    assert [r["name"] for r in records] == ["Plan A"] and "broken.json" in problems[0]
    other = plan_record(diamond, solve_exact(diamond, PlanSpec(k=2)), name="Plan B")
    save_plan(other, directory=tmp_path)
    table = compare_plans(list_plans(directory=tmp_path)[0])
    assert list(table.columns) == ["Plan A", "Plan B"]
    assert table.loc["Captured share (model output)", "Plan B"] == "100.0%"
    assert path.exists()
    with pytest.raises(PlanFileError):
        save_plan({"name": "x"}, directory=tmp_path)


# -- worker ------------------------------------------------------------------------------------


def test_worker_runs_reports_and_stops():
    def slow(control: SolveControl):
        for i in range(200):
            control.report(i / 200, f"step {i}")
            time.sleep(0.01)
        return "finished"

    job = SolveJob(slow, label="slow")
    time.sleep(0.1)
    assert not job.finished and job.progress[0] > 0
    job.cancel()
    assert job.wait(5) and job.state is JobState.CANCELLED

    quick = SolveJob(lambda control: 42)
    assert quick.wait(5) and quick.state is JobState.DONE and quick.result == 42

    def broken(control):
        raise ValueError("bad input")

    failed = SolveJob(broken)
    assert failed.wait(5) and failed.state is JobState.FAILED and "bad input" in str(failed.error)


@pytest.mark.parametrize("solver", list(Solver))
def test_worker_stops_a_running_mip_solver(solver):
    """Cancelling stops the solver mid-search: the job ends within seconds, as CANCELLED.

    Left alone, this solve runs for far longer than the test waits (it is still running when
    cancelled, which the test checks), so a cancel that did nothing would fail the test.
    """
    from geo.planner.synthetic import random_network

    big = random_network(400, 3000, n_candidates=150, neighbours=3, seed=2)
    spec = PlanSpec(objective="evasive", k=25, tolerance=0.5)
    job = SolveJob(
        lambda control: solve_exact(
            big, spec, control=control, time_limit=300, solver=solver, root_cuts=False
        )
    )
    assert not job.wait(4.0), "the solve ended before it could be cancelled"
    cancelled_at = time.monotonic()
    job.cancel()
    assert job.wait(5.0), "cancelling did not stop the solver"
    assert job.state is JobState.CANCELLED
    assert time.monotonic() - cancelled_at < 5.0


# -- user-added sites --------------------------------------------------------------------------


def test_clicked_site_splits_the_nearest_leg_and_captures_its_flow(toy_atlas):
    from geo.planner.objectives import captured_flow
    from geo.planner.sites import add_site_at, add_site_by_name

    hub, turbat = (toy_atlas.graph.nodes[n] for n in ("hub", "turbat"))
    lat, lon = (hub["lat"] + turbat["lat"]) / 2 + 0.05, (hub["lon"] + turbat["lon"]) / 2
    net, site = add_site_at(toy_atlas, lat, lon, name="Road post")
    assert net.graph.nodes[site]["candidate"]
    total = net.path_length(net.flow("gujrat__mand").path)
    assert total == pytest.approx(toy_atlas.path_length(toy_atlas.flow("gujrat__mand").path))
    spec = PlanSpec(k=1)
    on_road = sum(f.weight.point for f in net.flows if f.corridor_id == "mand")
    assert captured_flow(net, [site], spec) == pytest.approx(on_road)
    with pytest.raises(NetworkError, match="within"):
        add_site_at(toy_atlas, 10.0, 10.0, name="Far away")
    named, node = add_site_by_name(toy_atlas, load_gazetteer(), "Karachi")
    assert node == "karachi" and "karachi" in named.candidates
    with pytest.raises(NetworkError, match="outside Pakistan"):
        add_site_by_name(toy_atlas, load_gazetteer(), "Zahedan")


def test_a_time_limited_exact_plan_gives_way_to_a_better_greedy_plan(diamond):
    from dataclasses import replace

    from geo.planner.greedy import solve_greedy
    from geo.planner.kinds import PlanStatus
    from geo.planner.run import better_of_time_limited

    network, spec = diamond, PlanSpec(objective="static", k=1)
    exact = solve_exact(network, spec)
    greedy = solve_greedy(network, spec)
    weak = replace(exact, status=PlanStatus.TIME_LIMIT, captured=0.0, sites=())
    chosen = better_of_time_limited(weak, greedy)
    assert chosen.method is Method.GREEDY and "time limit" in chosen.notes[-1]
    assert better_of_time_limited(exact, replace(greedy, captured=0.0)) is exact


def test_record_flows_keep_only_known_counts_with_both_names():
    summary = pd.DataFrame(
        {
            "origin_district": ["Quetta", "Quetta", "", "Gwadar"],
            "corridor": ["C1", "", "C1", "C2"],
            "persons": [5.0, 3.0, 2.0, np.nan],
            "records": [1, 1, 1, 1],
        }
    )
    flows = record_flows(summary)
    assert list(flows.columns) == ["origin_district", "corridor_id", "persons"]
    assert flows.to_dict("records") == [
        {"origin_district": "Quetta", "corridor_id": "C1", "persons": 5.0}
    ]
    assert record_flows(summary.iloc[1:]).empty
