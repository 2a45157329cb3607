"""The planner page, driven with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.briefing.plan import plan_summary, status_sentence
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
    after = next(m.value for m in at.metric if "after the closure" in m.label)
    offered = plan_summary(at.session_state["checkpoint_plan"])
    said = next(a for a in offered.assumptions if a.startswith("What-if on screen"))
    assert "Taftan" in said and f"captures {after} of modelled flow" in said
    assert any("diverted onto an alternative" in md.value for md in at.markdown)


def test_robust_objective_reports_percentiles():
    at = solved(pl_objective=PageObjective.ROBUST_STATIC, pl_curve_k=2)
    tables = [df.value for df in at.dataframe]
    summary = next(t for t in tables if "p10" in t.columns)
    assert list(summary["plan"]) == ["Plan for sampled weights (SAA)", "Plan for point estimates"]
    assert (summary["p10"] <= summary["p90"]).all()
    offered = plan_summary(at.session_state["checkpoint_plan"])
    saa = summary.iloc[0]
    assert offered.captured_share is not None and offered.robust is not None
    assert offered.robust.seed == 0 and offered.robust.draws == 200
    for p in (10, 50, 90):
        assert getattr(offered.robust, f"p{p}") == pytest.approx(saa[f"p{p}"])
    assert "robust over sampled flow weights" in offered.objective


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


def test_page_figures_match_the_domain_computation():
    """Captured share, greedy gap, bound, marginal and build-up figures as the page shows them."""
    from geo.planner.atlas import default_network
    from geo.planner.exact import solve_exact
    from geo.planner.greedy import solve_greedy
    from geo.planner.objectives import PlanSpec
    from geo.planner.plan import build_up, greedy_gap, within_text
    from geo.planner.plan import site_table as domain_sites

    at = solved(pl_objective=PageObjective.EVASIVE, pl_method=Method.BOTH, pl_k=2, pl_curve_k=0)
    network = default_network()
    spec = PlanSpec(objective="evasive", k=2, tolerance=0.3)
    exact = solve_exact(network, spec, time_limit=30)
    greedy = solve_greedy(network, spec)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Captured share of modelled flow (model output)"] == f"{exact.share:.1%}"
    assert metrics["Greedy plan: captured share (model output)"] == f"{greedy.share:.1%}"
    gap = greedy_gap(exact, greedy)
    assert metrics["Greedy gap to the exact plan (model output)"] == f"{gap:.1%}"
    assert metrics["How close to the best possible (model output)"] == within_text(exact)
    shown = site_table(at).set_index("name")
    expected = domain_sites(network, exact).set_index("name")
    assert set(shown.index) == {network.name(s) for s in exact.sites}
    for name in shown.index:
        assert shown.loc[name, MARGINAL] == pytest.approx(expected.loc[name, "marginal_gain_share"])
    steps = next(df.value for df in at.dataframe if "Added (share)" in df.value.columns)
    assert steps["Added (share)"].sum() == pytest.approx(exact.share)
    assert list(steps["name"][1:]) == list(build_up(network, exact)["name"][1:])
    offered = plan_summary(at.session_state["checkpoint_plan"])  # what the pack reads
    assert [site.name for site in offered.sites] == list(expected.index)
    assert offered.within == within_text(exact)
    assert offered.captured_share == pytest.approx(exact.captured / exact.total)
    assert offered.status == "optimal" and offered.method.startswith("exact")
    assert offered.greedy_share == pytest.approx(greedy.share)
    assert f"{exact.share:.1%} (optimal)" in status_sentence(offered)


def test_view_lives_in_the_link_and_is_restored():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["objective"] = "evasive"
    at.query_params["k"] = "4"
    at.query_params["tol"] = "0.5"
    at.query_params["existing"] = ["quetta", "no-such-place"]
    at.query_params["site"] = ["Road post`${1}|27.5|66.0"]
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pl_objective").value == PageObjective.EVASIVE
    assert at.number_input(key="pl_k").value == 4
    assert at.slider(key="pl_tol").value == pytest.approx(0.5)
    assert at.multiselect(key="pl_existing").value == ["quetta"]
    assert at.session_state["pl_user_sites"][0]["name"] == "Road post`${1}"
    at.number_input(key="pl_k").set_value(5).run()
    assert at.query_params["k"] == ["5"] or at.query_params["k"] == "5"
