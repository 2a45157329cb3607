"""The planner page, driven with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import PROJECT_DIR
from geo.planner.kinds import Method
from geo.planner.question import PageObjective
from pages.planner_results import MARGINAL

PAGE = str(PROJECT_DIR / "pages" / "planner.py")


@pytest.fixture(autouse=True)
def _var_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))


def site_table(at: AppTest):
    column = MARGINAL
    return next(df.value for df in at.dataframe if column in df.value.columns)


def solved(**state) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    at.button(key="pl_solve").click().run()
    assert not at.exception, at.exception
    return at


def test_choose_k_solve_and_see_table_and_curve():
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    assert any("not a finding of UNODC 2011" in i.value for i in at.info)
    at.number_input(key="pl_k").set_value(2).run()
    at.button(key="pl_solve").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    sites = site_table(at)
    assert len(sites) == 2
    assert (sites["status"] == "new").all()
    assert sites[MARGINAL].between(0, 1).all()
    metric = next(m for m in at.metric if "Captured share" in m.label)
    assert metric.value.endswith("%") and float(metric.value[:-1]) > 0
    curve = at.get("plotly_chart")
    assert curve, "coverage curve missing"
    spec = curve[0].proto.spec
    assert "Static capture" in spec and "Evasive capture" in spec


def test_evasive_with_greedy_gap_and_what_if_barrier():
    at = solved(pl_objective=PageObjective.EVASIVE, pl_method=Method.BOTH)
    labels = [m.label for m in at.metric]
    assert any("Greedy gap" in label for label in labels)
    at.checkbox(key="pl_barrier").check().run()
    assert not at.exception, at.exception
    assert any("after the closure" in m.label for m in at.metric)
    assert any("diverted onto an alternative" in md.value for md in at.markdown)


def test_robust_objective_reports_percentiles():
    at = solved(pl_objective=PageObjective.ROBUST_STATIC, pl_curve_k=2)
    tables = [df.value for df in at.dataframe]
    summary = next(t for t in tables if "p10" in t.columns)
    assert list(summary["plan"]) == ["Plan for sampled weights (SAA)", "Plan for point estimates"]
    assert (summary["p10"] <= summary["p90"]).all()


def test_bad_assumptions_are_refused_with_a_message():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["pl_air_low"] = 40.0
    at.run()
    assert not at.exception, at.exception
    assert any("cannot be used" in e.value for e in at.error)


def test_save_and_compare_plans(tmp_path):
    at = solved(pl_k=1)
    at.text_input(key="pl_save_name").set_value("One site").run()
    at.button(key="pl_save").click().run()
    assert any("Saved" in s.value for s in at.success)
    assert (tmp_path / "plans" / "one-site.json").exists()
    at.button(key="pl_save").click().run()
    assert any("already exists" in e.value for e in at.error)
    at.multiselect(key="pl_cmp").select("One site").run()
    compared = at.dataframe[-1].value
    assert "One site" in compared.columns
    assert "model output" in " ".join(compared.index)
