"""The plan as the pack states it: names not ids, status and gap, draws, seed, percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from geo.briefing.plan import PlanFormatError, plan_summary, robust_sentence, status_sentence
from geo.gazetteer import load_gazetteer
from tests.briefing.conftest import plan_frame


def test_a_planning_result_is_read_with_names_share_status_and_spread(planning_result):
    summary = plan_summary(planning_result)
    graph = planning_result.network.graph
    assert [s.name for s in summary.sites] == [graph.nodes[s]["name"] for s in
                                               planning_result.plan.placed]  # fmt: skip
    assert summary.captured_share == pytest.approx(planning_result.plan.share)
    assert summary.status == planning_result.plan.status
    text = status_sentence(summary)
    assert f"{planning_result.plan.share:.1%}" in text
    robust = planning_result.robust
    shares = np.asarray(robust.saa_shares)
    spread = summary.robust
    assert (spread.draws, spread.seed) == (30, 7)
    # oracle: the nearest-rank percentile of the sorted shares brackets numpy's interpolation
    ordered = np.sort(shares)
    for p, value in ((10, spread.p10), (50, spread.p50), (90, spread.p90)):
        rank = p / 100 * (len(ordered) - 1)
        assert ordered[int(np.floor(rank))] - 1e-12 <= value <= ordered[int(np.ceil(rank))] + 1e-12
    sentence = robust_sentence(spread)
    assert "30 sampled" in sentence and "seed 7" in sentence
    assert "P10" in sentence and "P50" in sentence and "P90" in sentence


def test_ids_become_names():
    frame = plan_frame(4)
    summary = plan_summary(frame)
    gazetteer = {p.place_id: p.name for p in load_gazetteer()}
    airport = summary.sites[3]
    assert airport.name == gazetteer.get("islamabad_airport", "Islamabad airport")
    assert all("_" not in s.name for s in summary.sites)


def test_the_site_table_of_today_states_what_it_lacks():
    summary = plan_summary(plan_frame(3))
    assert summary.captured_share is None
    assert "not handed over" in status_sentence(summary)
    assert summary.objective.startswith("Evasive capture")


@pytest.mark.parametrize("value", [{"plan": 1}, 42, "plan", [1, 2]])
def test_an_unreadable_plan_is_refused_in_a_sentence(value):
    with pytest.raises(PlanFormatError, match="Checkpoint planner"):
        plan_summary(value)


def test_no_plan_and_an_empty_table_are_no_plan():
    assert plan_summary(None) is None
    assert plan_summary(plan_frame(3).iloc[0:0]) is None
